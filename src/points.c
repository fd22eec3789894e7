/*-------------------------------------------------------------------------
 *
 * points.c
 *	  Physician penalty points (医保医师积分): each physician's total for
 *	  the calendar year and the sanction of the band it reaches.
 *
 * The year total lives in one row per physician and year, added to with
 * INSERT ... ON CONFLICT DO UPDATE: concurrent violations of one physician
 * queue on that row, so each sees the total left by the one before and a
 * band is crossed (and its sanction recorded) exactly once.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "audit.h"

PG_FUNCTION_INFO_V1(medins_points_violation_inserted);

/* Errors out when a new violation's points are not among its catalogue's (inside SPI). */
static void
points_check_catalogue(const char *newtable)
{
	StringInfoData q;

	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT n.violation_code, n.points, k.points::text"
					 "  FROM %s AS n"
					 "  JOIN medins.physician_violation_kind AS k USING (violation_code)"
					 " WHERE n.reverses_id IS NULL AND NOT n.points = ANY (k.points)"
					 " LIMIT 1", newtable);
	if (SPI_execute(q.data, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not check physician violations");
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	d = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("violation \"%s\" cannot cost %s points",
						SPI_getvalue(t, d, 1), SPI_getvalue(t, d, 2)),
				 errdetail("The violation catalogue allows %s.", SPI_getvalue(t, d, 3))));
	}
}

/*
 * Adds the new violations' points to each physician's year total and
 * records the sanction of the highest band the total crossed.  Bands are
 * the physician's region's when it has any in force, else the default ones.
 * A sanction starts on the latest decision date of the violations that
 * crossed it and lasts the band's term (a warning: to the end of the year).
 */
Datum
medins_points_violation_inserted(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *newtable;
	StringInfoData q;
	int			rc;

	if (!medins_statement_trigger_begin(fcinfo, "points_violation_inserted"))
		return PointerGetDatum(NULL);
	newtable = medins_new_table_name(trigdata);
	points_check_catalogue(newtable);

	initStringInfo(&q);
	appendStringInfo(&q,
					 "WITH added AS ("
					 "  SELECT physician_code, extract(year FROM violation_date)::integer AS points_year,"
					 "         sum(points)::integer AS points, max(decided_on) AS decided_on"
					 "    FROM %s GROUP BY 1, 2"
					 "), upserted AS ("
					 "  INSERT INTO medins.physician_points AS pp (physician_code, points_year, points)"
					 "  SELECT physician_code, points_year, points FROM added ORDER BY 1, 2"
					 "  ON CONFLICT (physician_code, points_year)"
					 "    DO UPDATE SET points = pp.points + excluded.points"
					 "  RETURNING pp.physician_code, pp.points_year, pp.points"
					 "), crossed AS ("
					 "  SELECT u.physician_code, u.points_year, u.points AS new_total,"
					 "         u.points - a.points AS old_total, a.decided_on, i.region_code"
					 "    FROM upserted AS u"
					 "    JOIN added AS a USING (physician_code, points_year)"
					 "    JOIN medins.physician AS ph USING (physician_code)"
					 "    JOIN medins.institution AS i ON i.institution_code = ph.institution_code"
					 "   WHERE u.points > u.points - a.points"
					 "), band AS ("
					 "  SELECT DISTINCT ON (c.physician_code, c.points_year)"
					 "         c.*, b.band_code, b.consequence, b.term"
					 "    FROM crossed AS c"
					 "    JOIN medins.points_band AS b"
					 "      ON b.min_points > c.old_total AND b.min_points <= c.new_total"
					 "     AND b.valid_from <= c.decided_on AND (b.valid_to IS NULL OR b.valid_to >= c.decided_on)"
					 "     AND (b.region_code = c.region_code"
					 "          OR (b.region_code IS NULL AND NOT EXISTS ("
					 "              SELECT FROM medins.points_band AS o"
					 "               WHERE o.region_code = c.region_code AND o.valid_from <= c.decided_on"
					 "                 AND (o.valid_to IS NULL OR o.valid_to >= c.decided_on))))"
					 "   ORDER BY c.physician_code, c.points_year, b.min_points DESC"
					 ")"
					 " INSERT INTO medins.physician_sanction (physician_code, points_year, points_total,"
					 "        band_code, consequence, starts_on, ends_on)"
					 " SELECT physician_code, points_year, new_total, band_code, consequence, decided_on,"
					 "        CASE WHEN term IS NULL"
					 "             THEN greatest(make_date(points_year + 1, 1, 1), decided_on + 1)"
					 "             ELSE (decided_on + term)::date END"
					 "   FROM band",
					 newtable);
	rc = SPI_execute(q.data, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "could not update physician points: %s", SPI_result_code_string(rc));
	SPI_finish();
	return PointerGetDatum(NULL);
}
