/*-------------------------------------------------------------------------
 *
 * audit_params.c
 *	  The parameters of an audit rule (medins.audit_rule.params): checked
 *	  against its kind and completed with the kind's defaults.
 *
 * The defaults of a kind's parameters are written once, in
 * medins.audit_rule_kind.parameters ("default" of each parameter).  A
 * BEFORE INSERT OR UPDATE row trigger on medins.audit_rule refuses a
 * parameter the kind does not take or of another JSON type (SQLSTATE
 * 22023) and merges the kind's defaults under the parameters given, so
 * that the rule kinds' queries (audit_kinds.c) read every parameter from
 * the rule row and hold no default of their own.  A rule keeps the
 * defaults it was written with: after a kind's defaults change, rewrite
 * its rules (UPDATE medins.audit_rule SET params = params) to take them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_audit_rule_params);

/*
 * For a rule kind ($1) and the parameters given ($2, an object): the first
 * parameter the kind does not take, the first of another JSON type with
 * the type wanted and the type given, the kind's parameter names, and the
 * parameters merged over the kind's defaults.  No row: an unknown kind
 * (its foreign key refuses it) or parameters that are no object (the
 * table's check constraint refuses them).
 */
static const char *const audit_params_query =
"SELECT (SELECT p.key FROM jsonb_each($2) AS p WHERE NOT k.parameters ? p.key"
"         ORDER BY 1 LIMIT 1),"
"       t.key, t.wanted, t.given,"
"       (SELECT string_agg(n, ', ' ORDER BY n) FROM jsonb_object_keys(k.parameters) AS n),"
"       coalesce((SELECT jsonb_object_agg(d.key, d.value->'default') FROM jsonb_each(k.parameters) AS d"
"                  WHERE d.value ? 'default'), '{}') || $2"
"  FROM medins.audit_rule_kind AS k"
"  LEFT JOIN LATERAL (SELECT p.key, k.parameters->p.key->>'type' AS wanted,"
"                            jsonb_typeof(p.value) AS given"
"                       FROM jsonb_each($2) AS p"
"                      WHERE k.parameters ? p.key"
"                        AND jsonb_typeof(p.value) <> k.parameters->p.key->>'type'"
"                      ORDER BY 1 LIMIT 1) AS t ON true"
" WHERE k.rule_kind = $1 AND jsonb_typeof($2) = 'object'";

/* Column number of a column of medins.audit_rule. */
static int
audit_rule_column(TupleDesc desc, const char *name)
{
	int			attno = SPI_fnumber(desc, name);

	if (attno <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of medins.audit_rule not found", name)));
	return attno;
}

/*
 * BEFORE INSERT OR UPDATE row trigger on medins.audit_rule: refuses a
 * parameter the rule's kind does not take or of another JSON type, and
 * completes the parameters with the kind's defaults.
 */
Datum
medins_audit_rule_params(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	row;
	int			kind_col;
	int			params_col;
	Datum		args[2];
	bool		isnull[2];
	Datum		merged;
	bool		merged_null;
	HeapTuple	result;
	char	   *bad;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"audit_rule_params\" was not called by trigger manager")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		TRIGGER_FIRED_BY_DELETE(trigdata->tg_event) || TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"audit_rule_params\" must be fired BEFORE INSERT OR UPDATE ... FOR EACH ROW")));

	desc = RelationGetDescr(trigdata->tg_relation);
	row = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ? trigdata->tg_newtuple : trigdata->tg_trigtuple;
	kind_col = audit_rule_column(desc, "rule_kind");
	params_col = audit_rule_column(desc, "params");
	args[0] = heap_getattr(row, kind_col, desc, &isnull[0]);
	args[1] = heap_getattr(row, params_col, desc, &isnull[1]);
	if (isnull[0] || isnull[1])
		return PointerGetDatum(row);	/* the NOT NULL constraints refuse it */

	SPI_connect();
	if (plan == NULL)
	{
		Oid			argtypes[2] = {TEXTOID, JSONBOID};

		plan = SPI_prepare(audit_params_query, 2, argtypes);
		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "could not prepare the check of audit rule parameters");
	}
	if (SPI_execute_plan(plan, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not check the parameters of an audit rule");
	if (SPI_processed == 0)
	{
		SPI_finish();
		return PointerGetDatum(row);
	}

	bad = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (bad != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid parameter \"%s\" in audit rule \"%s\"", bad,
						SPI_getvalue(row, desc, audit_rule_column(desc, "rule_code"))),
				 errdetail("Rule kind \"%s\" takes the parameters %s.", TextDatumGetCString(args[0]),
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 5)
						   ? SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 5)
						   : "(none)")));
	bad = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	if (bad != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid parameter \"%s\" in audit rule \"%s\"", bad,
						SPI_getvalue(row, desc, audit_rule_column(desc, "rule_code"))),
				 errdetail("Rule kind \"%s\" takes a JSON %s there; the rule gives a JSON %s.",
						   TextDatumGetCString(args[0]),
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3),
						   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4))));

	merged = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 6, &merged_null);
	merged = SPI_datumTransfer(merged, false, -1);
	SPI_finish();
	result = heap_modify_tuple_by_cols(row, desc, 1, &params_col, &merged, &merged_null);
	return PointerGetDatum(result);
}
