#!/usr/bin/env bash
# TAP: pg_dump and pg_restore keep the audit part's rows — rules, findings,
# decisions, physician violations, points, sanctions, agreements — exactly:
# the triggers that derive rows leave restored rows alone, so nothing is
# doubled or recomputed.  Run by scripts/test.sh with PGHOST/PGPORT/PGUSER.
set -u
cd "$(dirname "$0")/.." || exit 1
src=medins_audit_dump_src
dst=medins_audit_dump_dst
dump=$(mktemp /tmp/medins-audit-dump.XXXXXX)
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
n=1
ok() { # status description
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
	n=$((n + 1))
}
# Row count and md5 of the rows of every table of the audit part.
digest() {
	q -At -d "$1" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) || '' '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), ''-'') FROM medins.%I AS t',
			  t, t)
  FROM unnest(ARRAY['audit_rule', 'audit_code_pair', 'audit_finding', 'audit_decision',
					'physician_violation_kind', 'physician_violation', 'physician_points',
					'physician_sanction', 'points_band', 'agreement', 'agreement_event', 'institution']) AS t
 ORDER BY t
\gexec
SQL
}

echo "1..5"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
	-c "CREATE DATABASE $src" -c "CREATE DATABASE $dst"
{
	q -d $src -c 'CREATE EXTENSION medins' &&
		q -d $src -f data/sample_policies.sql &&
		q -d $src -v claims=2000 -v seed=7 -f data/generate.sql &&
		q -d $src -f data/generate_audit.sql &&
		q -d $src <<'SQL'
-- an auditor confirms two open findings, an appeal dismisses one of them
SELECT medins.decide_finding(person_id, finding_id, 'confirmed', 'auditor', NULL, DATE '2025-12-01')
  FROM medins.audit_finding WHERE status = 'open' AND rule_code = 'ALL_LEVEL'
 ORDER BY finding_id LIMIT 2;
SELECT medins.decide_finding(person_id, finding_id, 'dismissed', 'appeal', NULL, DATE '2025-12-15')
  FROM medins.audit_finding WHERE status = 'confirmed' AND rule_code = 'ALL_LEVEL'
 ORDER BY finding_id LIMIT 1;
-- a manual violation and a user band
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
SELECT physician_code, 'forged_records', 12, DATE '2025-06-01', DATE '2025-06-10'
  FROM medins.physician ORDER BY physician_code LIMIT 1;
INSERT INTO medins.points_band (band_code, region_code, min_points, consequence, term, name_zh)
VALUES ('RD_1', 'RD', 1, 'warned', NULL, '丁县: 1分提醒');
SQL
} >/dev/null
ok $? "a database with generated claims, audit rules, findings, decisions, points and agreements"

[ "$(q -At -d $src -c 'SELECT count(*) > 0 FROM medins.physician_sanction')" = t ] &&
	[ "$(q -At -d $src -c "SELECT count(*) FROM medins.audit_decision")" = 3 ]
ok $? "the source has sanctions and decisions to keep"

pg_dump -Fc -d $src -f "$dump" 2>/dev/null
ok $? "pg_dump succeeds"

pg_restore -d $dst --exit-on-error "$dump"
ok $? "pg_restore succeeds"

before=$(digest $src)
after=$(digest $dst)
[ -n "$before" ] && [ "$before" = "$after" ]
ok $? "the audit tables have the same rows after the restore (nothing doubled or recomputed)"
[ "$before" != "$after" ] && diff <(echo "$before") <(echo "$after") | sed 's/^/# /'

rm -f "$dump"
psql -X -q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
