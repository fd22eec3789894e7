/*-------------------------------------------------------------------------
 *
 * audit_trigger.c
 *	  Statement triggers that run the audit rules (智能审核) over the new
 *	  rows of medins.claim and medins.claim_item, the batch re-audit, and
 *	  the trigger that checks and publishes changes of medins.audit_rule.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "catalog/pg_type_d.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_audit_rows_trigger);
PG_FUNCTION_INFO_V1(medins_audit_claims);
PG_FUNCTION_INFO_V1(medins_audit_rule_changed);
PG_FUNCTION_INFO_V1(medins_audit_rule_kind_is_implemented);
PG_FUNCTION_INFO_V1(medins_forbid_change);

/* Statements with at least this many new rows are planned with their real size. */
#define AUDIT_BULK_ROWS 1000

/*
 * Errors out unless called as an AFTER ... FOR EACH STATEMENT trigger (with
 * a NEW TABLE transition table when needs_new_table).
 */
void
medins_check_statement_trigger(FunctionCallInfo fcinfo, const char *funcname,
							   bool needs_new_table)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", funcname)));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired AFTER ... FOR EACH STATEMENT", funcname)));
	if (needs_new_table &&
		(trigdata->tg_newtable == NULL || trigdata->tg_trigger->tgnewtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a trigger with REFERENCING NEW TABLE", funcname)));
}

/* The quoted name of the trigger's NEW TABLE transition table. */
const char *
medins_new_table_name(TriggerData *trigdata)
{
	return quote_identifier(trigdata->tg_trigger->tgnewtable);
}

/*
 * Whether the statement brought no rows: statement triggers fire for empty
 * statements too, and the ones that insert into their own table would
 * otherwise recurse without end.
 */
bool
medins_new_table_is_empty(TriggerData *trigdata)
{
	return tuplestore_tuple_count(trigdata->tg_newtable) == 0;
}

/*
 * Runs an audit query over many rows.  Transition tables and CTEs carry no
 * statistics, so the planner guesses a handful of rows and would pick nested
 * loops over them; for a bulk statement those cost rows times rows, so
 * nested loops are turned off for this query only (its own GUC nest level,
 * as a function's SET clause does).
 */
static int
audit_execute_bulk(const char *query, int nargs, Oid *argtypes, Datum *values)
{
	int			nestlevel = NewGUCNestLevel();
	int			rc;

	(void) set_config_option("enable_nestloop", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	/* the penalty on nested loops inflates costs past jit_above_cost: JIT would only add seconds */
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (nargs > 0)
		rc = SPI_execute_with_args(query, nargs, argtypes, values, NULL, false, 0);
	else
		rc = SPI_execute(query, false, 0);
	AtEOXact_GUC(true, nestlevel);
	return rc;
}

/*
 * Runs the kinds of mask over a bulk statement's rows: item rows are first
 * counted by the C pass (audit_item_pass), claim rows go straight to SQL.
 */
static int
audit_run_bulk(TriggerData *trigdata, AuditTarget target, uint64 mask, const char *source)
{
	AuditPass	pass;
	char	   *query;

	if (target == AUDIT_TARGET_CLAIM)
	{
		query = audit_build_query(target, mask, source, AUDIT_QUERY_BULK);
		return query ? audit_execute_bulk(query, 0, NULL, NULL) : SPI_OK_INSERT;
	}
	query = audit_build_query(target, mask, source, AUDIT_QUERY_COUNTED);
	if (query == NULL)
		return SPI_OK_INSERT;
	audit_item_pass(trigdata, &pass);
	return audit_execute_bulk(query, AUDIT_PASS_NARGS, pass.argtypes, pass.values);
}

/*
 * Whether rows are being restored from a dump: pg_dump's output (plain or
 * archive) turns check_function_bodies off before it loads data.  The
 * triggers that derive rows (violations from findings, points and sanctions
 * from violations, terminations from agreement events) then leave the
 * restored rows as they are, since the derived rows are restored too.
 */
bool
medins_restoring(void)
{
	return !check_function_bodies;
}

/*
 * The common start of a statement trigger that derives rows from its NEW
 * TABLE: checks how it is fired, then returns false when there is nothing
 * to do (an empty statement, or pg_restore loading rows that are restored
 * with their derived rows); otherwise connects SPI and registers the
 * transition table, so the caller's queries can read it by
 * medins_new_table_name().
 */
bool
medins_statement_trigger_begin(FunctionCallInfo fcinfo, const char *funcname)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	medins_check_statement_trigger(fcinfo, funcname, true);
	if (medins_new_table_is_empty(trigdata) || medins_restoring())
		return false;
	SPI_connect();
	if (SPI_register_trigger_data(trigdata) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
	return true;
}

/* Which rule kinds a table's rows feed: claim or claim_item. */
static AuditTarget
audit_target_of(Relation rel)
{
	const char *name = RelationGetRelationName(rel);

	if (strcmp(name, "claim") == 0)
		return AUDIT_TARGET_CLAIM;
	if (strcmp(name, "claim_item") == 0)
		return AUDIT_TARGET_ITEM;
	ereport(ERROR,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("medins audit trigger fired for table \"%s\"", name),
			 errhint("Attach medins.audit_rows_trigger() to medins.claim or medins.claim_item only.")));
	return AUDIT_TARGET_CLAIM;	/* keep compiler quiet */
}

/* Runs the enabled rule kinds over the statement's new rows (claim or claim_item). */
Datum
medins_audit_rows_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	AuditTarget target;
	const char *source;
	uint64		mask;
	int64		rows;
	int			rc;

	medins_check_statement_trigger(fcinfo, "audit_rows_trigger", true);
	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"audit_rows_trigger\" must be fired for INSERT or UPDATE")));
	target = audit_target_of(trigdata->tg_relation);
	rows = tuplestore_tuple_count(trigdata->tg_newtable);
	if (rows == 0)
		return PointerGetDatum(NULL);

	SPI_connect();
	if (SPI_register_trigger_data(trigdata) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
	mask = audit_enabled_kinds();
	source = medins_new_table_name(trigdata);
	if (rows < AUDIT_BULK_ROWS)
	{
		SPIPlanPtr	plan = audit_cached_plan(target, mask, source);

		rc = plan ? SPI_execute_plan(plan, NULL, NULL, false, 0) : SPI_OK_INSERT;
	}
	else
	{
		rc = audit_run_bulk(trigdata, target, mask, source);
	}
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "audit rules failed: %s", SPI_result_code_string(rc));
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* Runs the enabled rules over the claims and items of a date range; returns new findings. */
Datum
medins_audit_claims(PG_FUNCTION_ARGS)
{
	static const char *const sources[] = {
		"(SELECT * FROM medins.claim WHERE claim_date BETWEEN $1 AND $2)",
		"(SELECT * FROM medins.claim_item WHERE claim_date BETWEEN $1 AND $2)"
	};
	Oid			argtypes[2] = {DATEOID, DATEOID};
	Datum		values[2] = {PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)};
	int64		found = 0;
	uint64		mask;
	int			target;

	if (PG_GETARG_DATEADT(1) < PG_GETARG_DATEADT(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("to_date is before from_date")));
	SPI_connect();
	mask = audit_enabled_kinds();
	for (target = AUDIT_TARGET_CLAIM; target <= AUDIT_TARGET_ITEM; target++)
	{
		char	   *query = audit_build_query((AuditTarget) target, mask, sources[target],
											  AUDIT_QUERY_BULK);
		int			rc;

		if (query == NULL)
			continue;
		rc = audit_execute_bulk(query, 2, argtypes, values);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "audit rules failed: %s", SPI_result_code_string(rc));
		found += SPI_processed;
	}
	SPI_finish();
	PG_RETURN_INT64(found);
}

/*
 * Errors out on the first rule whose code-set parameters do not parse or
 * whose points its violation does not allow (inside SPI); the parameters'
 * names and types are checked row by row (audit_params.c).
 */
static void
audit_check_rules(void)
{
	/* code-set parameters must parse (errors carry the code set's own SQLSTATE) */
	if (SPI_execute("SELECT (r.params->>p.key)::medins.icd10_set"
					"  FROM medins.audit_rule AS r"
					"  JOIN medins.audit_rule_kind AS k USING (rule_kind)"
					"  CROSS JOIN LATERAL jsonb_object_keys(r.params) AS p (key)"
					" WHERE k.parameters->p.key->>'format' = 'icd10_set'", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not check medins.audit_rule");

	if (SPI_execute("SELECT r.rule_code, r.points, r.violation_code, v.points::text"
					"  FROM medins.audit_rule AS r"
					"  JOIN medins.physician_violation_kind AS v USING (violation_code)"
					" WHERE r.points IS NOT NULL AND NOT r.points = ANY (v.points)"
					" ORDER BY 1 LIMIT 1", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not check medins.audit_rule");
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("audit rule \"%s\" gives %s points for violation \"%s\"",
						SPI_getvalue(t, d, 1), SPI_getvalue(t, d, 2), SPI_getvalue(t, d, 3)),
				 errdetail("The violation catalogue allows %s.", SPI_getvalue(t, d, 4))));
	}
}

/* Checks the rules after a change and tells every backend to reload the enabled kinds. */
Datum
medins_audit_rule_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	medins_check_statement_trigger(fcinfo, "audit_rule_changed", false);
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		SPI_connect();
		audit_check_rules();
		SPI_finish();
	}
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* Whether the library implements a rule kind. */
Datum
medins_audit_rule_kind_is_implemented(PG_FUNCTION_ARGS)
{
	char	   *kind = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(audit_rule_kind_index(kind) >= 0);
}

/* BEFORE UPDATE OR DELETE row trigger that keeps a table append-only. */
Datum
medins_forbid_change(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"forbid_change\" was not called by trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"forbid_change\" must be fired BEFORE UPDATE OR DELETE ... FOR EACH ROW")));
	ereport(ERROR,
			(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
			 errmsg("%s is append-only", RelationGetRelationName(trigdata->tg_relation)),
			 errhint("Record a correction as a new row.")));
	return PointerGetDatum(NULL);	/* keep compiler quiet */
}
