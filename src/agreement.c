/*-------------------------------------------------------------------------
 *
 * agreement.c
 *	  Institution agreements (医保服务协议): re-application bans, the
 *	  termination on a term's second suspension, and the institution's
 *	  current agreement state.
 *
 * Events are append-only; a suspension that outlasts the policy's maximum
 * counts as terminated in medins.agreement_state_on without any event, and
 * medins.close_expired_suspensions records that termination as a row.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_agreement_event_inserted);

/* Runs a query over the new events (%s in query), or errors out. */
static void
agreement_execute(const char *query, const char *newtable, int expected)
{
	StringInfoData q;
	int			rc;

	initStringInfo(&q);
	appendStringInfo(&q, query, newtable);
	rc = SPI_execute(q.data, false, 0);
	if (rc != expected)
		elog(ERROR, "medins agreement statement failed: %s", SPI_result_code_string(rc));
}

/* Errors out on a new event of an agreement that is already terminated. */
static void
agreement_check_not_terminated(const char *newtable)
{
	agreement_execute("SELECT n.agreement_id, n.event, t.effective_on"
					  "  FROM %s AS n"
					  "  JOIN medins.agreement_event AS t ON t.agreement_id = n.agreement_id"
					  "   AND t.event = 'terminate' AND t.event_id <> n.event_id"
					  "   AND t.effective_on <= n.effective_on"
					  " WHERE n.event <> 'terminate'"
					  " ORDER BY 1 LIMIT 1", newtable, SPI_OK_SELECT);
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("agreement %s was terminated on %s; it cannot %s",
						SPI_getvalue(t, d, 1), SPI_getvalue(t, d, 3), SPI_getvalue(t, d, 2)),
				 errhint("A terminated institution applies for a new agreement.")));
	}
}

/*
 * Errors out on an application made during a re-application ban: of the
 * institution after its own termination, or of a controller of a
 * terminated pharmacy.
 */
static void
agreement_check_bans(const char *newtable)
{
	agreement_execute("WITH app AS ("
					  "  SELECT n.agreement_id, n.effective_on, a.institution_code, a.controller_id"
					  "    FROM %s AS n JOIN medins.agreement AS a USING (agreement_id)"
					  "   WHERE n.event = 'apply'"
					  "), ban AS ("
					  "  SELECT app.institution_code, t.effective_on AS terminated_on,"
					  "         coalesce(t.reason, 'other') AS reason, b.institution_years AS years,"
					  "         'institution' AS subject"
					  "    FROM app"
					  "    JOIN medins.agreement AS o ON o.institution_code = app.institution_code"
					  "     AND o.agreement_id <> app.agreement_id"
					  "    JOIN medins.agreement_event AS t ON t.agreement_id = o.agreement_id AND t.event = 'terminate'"
					  "    JOIN medins.agreement_ban_rule AS b ON b.reason = coalesce(t.reason, 'other')"
					  "   WHERE app.effective_on >= t.effective_on"
					  "     AND app.effective_on < t.effective_on + make_interval(years => b.institution_years)"
					  "  UNION ALL"
					  "  SELECT app.institution_code, t.effective_on, coalesce(t.reason, 'other'),"
					  "         b.pharmacy_controller_years, 'controller of pharmacy ' || o.institution_code"
					  "    FROM app"
					  "    JOIN medins.agreement AS o ON o.controller_id = app.controller_id"
					  "     AND o.agreement_id <> app.agreement_id"
					  "    JOIN medins.institution AS i ON i.institution_code = o.institution_code"
					  "     AND i.kind = 'pharmacy'"
					  "    JOIN medins.agreement_event AS t ON t.agreement_id = o.agreement_id AND t.event = 'terminate'"
					  "    JOIN medins.agreement_ban_rule AS b ON b.reason = coalesce(t.reason, 'other')"
					  "   WHERE app.effective_on >= t.effective_on"
					  "     AND app.effective_on < t.effective_on + make_interval(years => b.pharmacy_controller_years)"
					  ")"
					  " SELECT institution_code, terminated_on, reason, years, subject"
					  "   FROM ban ORDER BY 1, 2 LIMIT 1", newtable, SPI_OK_SELECT);
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("institution %s may not apply for an agreement: re-application ban",
						SPI_getvalue(t, d, 1)),
				 errdetail("An agreement (%s) was terminated on %s for %s; the ban lasts %s years.",
						   SPI_getvalue(t, d, 5), SPI_getvalue(t, d, 2),
						   SPI_getvalue(t, d, 3), SPI_getvalue(t, d, 4))));
	}
}

/* Checks bans, terminates on a term's second suspension, and refreshes institution.agreement_state. */
Datum
medins_agreement_event_inserted(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *newtable;

	if (!medins_statement_trigger_begin(fcinfo, "agreement_event_inserted"))
		return PointerGetDatum(NULL);
	newtable = medins_new_table_name(trigdata);

	agreement_check_not_terminated(newtable);
	agreement_check_bans(newtable);

	/* 协议期内第二次中止: the agreement is terminated the day of that suspension */
	agreement_execute("INSERT INTO medins.agreement_event (agreement_id, event, effective_on, reason, note)"
					  " SELECT DISTINCT ON (n.agreement_id) n.agreement_id, 'terminate', n.effective_on,"
					  "        'second_suspension', '协议期内再次中止, 解除协议'"
					  "   FROM %s AS n JOIN medins.agreement AS a USING (agreement_id)"
					  "  WHERE n.event = 'suspend'"
					  "    AND (SELECT count(*) FROM medins.agreement_event AS e"
					  "          WHERE e.agreement_id = n.agreement_id AND e.event = 'suspend'"
					  "            AND e.effective_on BETWEEN a.term_start AND a.term_end)"
					  "        >= (medins.agreement_policy_for(a.institution_code, n.effective_on)).suspensions_to_terminate"
					  "    AND NOT EXISTS (SELECT FROM medins.agreement_event AS e"
					  "                     WHERE e.agreement_id = n.agreement_id AND e.event = 'terminate')"
					  "  ORDER BY n.agreement_id, n.effective_on DESC", newtable, SPI_OK_INSERT);

	/* the current state: as of today, or of the latest event when that is later */
	agreement_execute("UPDATE medins.institution AS i SET agreement_state = s.state"
					  "  FROM (SELECT DISTINCT a.institution_code FROM %s AS n"
					  "          JOIN medins.agreement AS a USING (agreement_id)) AS x"
					  "  CROSS JOIN LATERAL (SELECT medins.agreement_state_on(x.institution_code,"
					  "      greatest(current_date, (SELECT max(e.effective_on)"
					  "                                FROM medins.agreement_event AS e"
					  "                                JOIN medins.agreement AS a USING (agreement_id)"
					  "                               WHERE a.institution_code = x.institution_code))) AS state) AS s"
					  " WHERE i.institution_code = x.institution_code AND s.state IS NOT NULL"
					  "   AND i.agreement_state IS DISTINCT FROM s.state", newtable, SPI_OK_UPDATE);
	SPI_finish();
	return PointerGetDatum(NULL);
}
