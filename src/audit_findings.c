/*-------------------------------------------------------------------------
 *
 * audit_findings.c
 *	  What happens to findings after a rule records them: confirmation
 *	  (automatic, or by an auditor's decision) makes a physician violation;
 *	  a dismissal on appeal (申诉成功) reverses it and frees the money.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_audit_finding_inserted);
PG_FUNCTION_INFO_V1(medins_audit_decision_inserted);

/* Runs one statement over a registered transition table, or errors out. */
static void
audit_execute(const char *query, int expected)
{
	int			rc = SPI_execute(query, false, 0);

	if (rc != expected)
		elog(ERROR, "medins audit statement failed: %s", SPI_result_code_string(rc));
}

/* Findings confirmed on arrival (auto_confirm rules) become physician violations. */
Datum
medins_audit_finding_inserted(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	StringInfoData q;

	if (!medins_statement_trigger_begin(fcinfo, "audit_finding_inserted"))
		return PointerGetDatum(NULL);
	initStringInfo(&q);
	appendStringInfo(&q,
					 "INSERT INTO medins.physician_violation (physician_code, violation_code, points,"
					 "       violation_date, decided_on, person_id, finding_id, note)"
					 " SELECT f.physician_code, r.violation_code, coalesce(r.points, k.points[1]),"
					 "        f.claim_date, f.claim_date, f.person_id, f.finding_id,"
					 "        'rule ' || r.rule_code || ', confirmed automatically'"
					 "   FROM %s AS f"
					 "   JOIN medins.audit_rule AS r ON r.rule_code = f.rule_code"
					 "   JOIN medins.physician_violation_kind AS k ON k.violation_code = r.violation_code"
					 "  WHERE f.status = 'confirmed' AND f.physician_code IS NOT NULL"
					 "  ORDER BY f.physician_code"
					 " ON CONFLICT (person_id, finding_id)"
					 "   WHERE finding_id IS NOT NULL AND reverses_id IS NULL DO NOTHING",
					 medins_new_table_name(trigdata));
	audit_execute(q.data, SPI_OK_INSERT);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * Applies decisions: the latest decision per finding sets its status; a
 * confirmation records the rule's physician violation (dated by the claim,
 * decided on the decision's date); a dismissal adds a reversal row for each
 * violation of the finding not yet reversed.
 */
Datum
medins_audit_decision_inserted(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	StringInfoData q;

	if (!medins_statement_trigger_begin(fcinfo, "audit_decision_inserted"))
		return PointerGetDatum(NULL);
	initStringInfo(&q);
	appendStringInfo(&q,
					 "WITH latest AS ("
					 "  SELECT DISTINCT ON (person_id, finding_id) person_id, finding_id, decision, decided_on"
					 "    FROM %s ORDER BY person_id, finding_id, decision_id DESC"
					 "), upd AS ("
					 "  UPDATE medins.audit_finding AS f SET status = l.decision"
					 "    FROM latest AS l"
					 "   WHERE f.person_id = l.person_id AND f.finding_id = l.finding_id"
					 "  RETURNING f.person_id, f.finding_id, f.rule_code, f.physician_code, f.claim_date,"
					 "            f.status, l.decided_on"
					 "), confirmed AS ("
					 "  INSERT INTO medins.physician_violation (physician_code, violation_code, points,"
					 "         violation_date, decided_on, person_id, finding_id, note)"
					 "  SELECT u.physician_code, r.violation_code, coalesce(r.points, k.points[1]),"
					 "         u.claim_date, u.decided_on, u.person_id, u.finding_id,"
					 "         'rule ' || r.rule_code || ', confirmed by an auditor'"
					 "    FROM upd AS u"
					 "    JOIN medins.audit_rule AS r ON r.rule_code = u.rule_code"
					 "    JOIN medins.physician_violation_kind AS k ON k.violation_code = r.violation_code"
					 "   WHERE u.status = 'confirmed' AND u.physician_code IS NOT NULL"
					 "   ORDER BY u.physician_code"
					 "  ON CONFLICT (person_id, finding_id)"
					 "    WHERE finding_id IS NOT NULL AND reverses_id IS NULL DO NOTHING"
					 "  RETURNING 1"
					 ")"
					 " INSERT INTO medins.physician_violation (physician_code, violation_code, points,"
					 "        violation_date, decided_on, person_id, finding_id, reverses_id, note)"
					 " SELECT v.physician_code, v.violation_code, -v.points, v.violation_date,"
					 "        u.decided_on, v.person_id, v.finding_id, v.violation_id,"
					 "        'finding dismissed (申诉成功): reverses violation ' || v.violation_id"
					 "   FROM upd AS u"
					 "   JOIN medins.physician_violation AS v ON v.person_id = u.person_id"
					 "    AND v.finding_id = u.finding_id AND v.reverses_id IS NULL"
					 "  WHERE u.status = 'dismissed'"
					 "    AND NOT EXISTS (SELECT FROM medins.physician_violation AS w"
					 "                     WHERE w.physician_code = v.physician_code"
					 "                       AND w.reverses_id = v.violation_id)"
					 "  ORDER BY v.physician_code",
					 medins_new_table_name(trigdata));
	audit_execute(q.data, SPI_OK_INSERT);
	SPI_finish();
	return PointerGetDatum(NULL);
}
