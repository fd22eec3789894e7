/*-------------------------------------------------------------------------
 *
 * audit_reference.c
 *	  The reference of findings to their rules (audit_finding.rule_code to
 *	  audit_rule), checked once per statement instead of by a foreign key's
 *	  per-row triggers.
 *
 * A bulk load finds tens of thousands of findings in one statement; a
 * foreign key would run one look-up query per finding.  These statement
 * triggers give the same guarantees set-wise:
 *
 * - after findings are inserted or updated, the rules they name are locked
 *   FOR KEY SHARE (as a foreign key's check locks them), so that a
 *   concurrent transaction can neither delete them nor change their codes
 *   until this one ends; a code that names no rule is refused (SQLSTATE
 *   23503, with a foreign key's message and constraint name);
 * - after rules are deleted or updated, a code that went away but is still
 *   named by a finding is refused (23503).  Under REPEATABLE READ or
 *   SERIALIZABLE the findings are looked for in the latest snapshot, as a
 *   foreign key does, so that findings committed meanwhile are seen;
 * - a TRUNCATE of the rules is refused while findings exist (0A000), where
 *   a foreign key would refuse it too.
 *
 * Like the triggers that derive rows from findings, they leave rows being
 * restored from a dump alone (pg_dump's output loads the findings before
 * the rules).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_audit_finding_rules);
PG_FUNCTION_INFO_V1(medins_audit_rule_referenced);

/* The name errors give the reference: the foreign key it stands for. */
#define AUDIT_RULE_REFERENCE "audit_finding_rule_fk"

/* The first column of SPI's result as text values (inside SPI). */
static char **
audit_result_codes(uint64 *n)
{
	char	  **codes = palloc(Max(SPI_processed, 1) * sizeof(char *));
	uint64		r;

	for (r = 0; r < SPI_processed; r++)
		codes[r] = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
	*n = SPI_processed;
	return codes;
}

/*
 * After INSERT or UPDATE on audit_finding (NEW TABLE): locks the rules the
 * statement's findings name and refuses a code that names none.
 */
Datum
medins_audit_finding_rules(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	StringInfoData q;
	Oid			argtype = TEXTARRAYOID;
	Datum		arg;
	Datum	   *elems;
	char	  **named;
	char	  **locked;
	uint64		nnamed;
	uint64		nlocked;
	uint64		i;
	uint64		j;

	if (!medins_statement_trigger_begin(fcinfo, "audit_finding_rules"))
		return PointerGetDatum(NULL);

	/* the rule codes the findings name (rule_code is NOT NULL) */
	initStringInfo(&q);
	appendStringInfo(&q, "SELECT DISTINCT f.rule_code FROM %s AS f",
					 medins_new_table_name(trigdata));
	if (SPI_execute(q.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the rules of new findings");
	named = audit_result_codes(&nnamed);

	/* their rules, locked as a foreign key's check locks them */
	elems = palloc(Max(nnamed, 1) * sizeof(Datum));
	for (i = 0; i < nnamed; i++)
		elems[i] = CStringGetTextDatum(named[i]);
	arg = PointerGetDatum(construct_array(elems, (int) nnamed, TEXTOID, -1, false, TYPALIGN_INT));
	if (SPI_execute_with_args("SELECT r.rule_code FROM medins.audit_rule AS r"
							  " WHERE r.rule_code = ANY ($1) FOR KEY SHARE OF r",
							  1, &argtype, &arg, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the rules of new findings");
	locked = audit_result_codes(&nlocked);

	/* a code no rule has (a handful of codes each) */
	for (i = 0; nlocked < nnamed && i < nnamed; i++)
	{
		for (j = 0; j < nlocked && strcmp(named[i], locked[j]) != 0; j++)
			;
		if (j == nlocked)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("insert or update on table \"%s\" violates foreign key constraint \"%s\"",
							RelationGetRelationName(trigdata->tg_relation), AUDIT_RULE_REFERENCE),
					 errdetail("Key (rule_code)=(%s) is not present in table \"audit_rule\".", named[i]),
					 errtableconstraint(trigdata->tg_relation, AUDIT_RULE_REFERENCE)));
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* Refuses a TRUNCATE of the rules while findings name them (inside SPI). */
static void
audit_rule_truncated(Relation rel)
{
	if (SPI_execute("SELECT FROM medins.audit_finding LIMIT 1", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not look for findings");
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot truncate a table referenced in a foreign key constraint"),
				 errdetail("Table \"audit_finding\" references \"%s\".", RelationGetRelationName(rel)),
				 errhint("Truncate table \"audit_finding\" at the same time.")));
}

/*
 * After DELETE or UPDATE on audit_rule (OLD TABLE), or TRUNCATE: refuses
 * to let a code go that findings still name.
 */
Datum
medins_audit_rule_referenced(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	StringInfoData q;
	SPIPlanPtr	plan;
	Snapshot	snapshot = InvalidSnapshot;

	medins_check_statement_trigger(fcinfo, "audit_rule_referenced", false);
	if (medins_restoring())
		return PointerGetDatum(NULL);
	SPI_connect();
	if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		audit_rule_truncated(trigdata->tg_relation);
		SPI_finish();
		return PointerGetDatum(NULL);
	}
	if (trigdata->tg_oldtable == NULL || trigdata->tg_trigger->tgoldtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"audit_rule_referenced\" needs a trigger with REFERENCING OLD TABLE")));
	if (SPI_register_trigger_data(trigdata) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT o.rule_code FROM %s AS o"
					 " WHERE NOT EXISTS (SELECT FROM medins.audit_rule AS t WHERE t.rule_code = o.rule_code)"
					 "   AND EXISTS (SELECT FROM medins.audit_finding AS f WHERE f.rule_code = o.rule_code)"
					 " LIMIT 1",
					 quote_identifier(trigdata->tg_trigger->tgoldtable));
	plan = SPI_prepare(q.data, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "could not prepare the check of removed rules: %s",
			 SPI_result_code_string(SPI_result));

	/*
	 * As a foreign key: with a transaction snapshot, look for the findings
	 * in the latest one, so that those committed since it count.
	 */
	if (IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		snapshot = GetLatestSnapshot();
	}
	if (SPI_execute_snapshot(plan, NULL, NULL, snapshot, InvalidSnapshot, false, false, 1)
		!= SPI_OK_SELECT)
		elog(ERROR, "could not check removed rules");
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"audit_finding\"",
						RelationGetRelationName(trigdata->tg_relation), AUDIT_RULE_REFERENCE),
				 errdetail("Key (rule_code)=(%s) is still referenced from table \"audit_finding\".",
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)),
				 errtableconstraint(trigdata->tg_relation, AUDIT_RULE_REFERENCE)));
	SPI_finish();
	return PointerGetDatum(NULL);
}
