#!/usr/bin/env bash
# The per-backend ICD-10 validation cache follows rule and catalogue changes
# made by other sessions (statement trigger → relcache invalidation →
# callback), and a pg_dump/restore keeps user rules, versions and codes
# while the built-in catalogue rows appear once.  TAP output.
set -u
cd "$(dirname "$0")/.." || exit 1
db=medins_icd10_cache
dst=medins_icd10_cache_dst
dump=$(mktemp /tmp/medins-icd10-dump.XXXXXX)
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
n=1
ok() { # status description
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
	n=$((n + 1))
}
echo "1..6"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $dst" \
	-c "CREATE DATABASE $db" -c "CREATE DATABASE $dst" 2>/dev/null
q -d $db -c 'CREATE EXTENSION medins' >/dev/null
ok $? "a database with medins"

# Session A checks (filling its cache), waits while session B adds a rule
# and a code, then checks again in the same backend.
aout=$(mktemp /tmp/medins-icd10-a.XXXXXX)
q -d $db >"$aout" <<'SQL' &
SELECT medins.icd10_check('E66.900', age => 5)::text, medins.icd10_check('E11.900x999')::text, pg_backend_pid();
SELECT pg_sleep(3);
SELECT medins.icd10_check('E66.900', age => 5)::text, medins.icd10_check('E11.900x999')::text, pg_backend_pid();
SQL
sleep 1
q -d $db -c "INSERT INTO medins.icd10_rule (kind, codes, min_age, name_zh) VALUES ('age', 'E66', 18, 'adults only (test)')" \
	-c "INSERT INTO medins.icd10_version (version, name_zh, name_en) VALUES ('local-1', '本地扩展', 'local extension')" \
	-c "INSERT INTO medins.icd10_code (version, code, name_zh, level, is_leaf) VALUES ('nhsa-2.0', 'E11.900x999', '测试', 'extension', true), ('local-1', 'E11.900x999', '测试', 'extension', true)"
wait
first=$(sed -n 1p "$aout")
second=$(sed -n 3p "$aout")
rm -f "$aout"
[ "${first%|*}" = "{}|{not_in_catalogue}" ]
ok $? "before: no rule on E66, E11.900x999 unknown ($first)"
[ "${second%|*}" = "{age_mismatch}|{}" ] && [ "${first##*|}" = "${second##*|}" ]
ok $? "the same backend sees the other session's rule and code ($second)"

pg_dump -Fc -d $db -f "$dump" 2>/dev/null && pg_restore -d $dst --exit-on-error "$dump"
ok $? "pg_dump and pg_restore succeed"
[ "$(q -d $dst -c "SELECT count(*) FROM medins.icd10_rule WHERE NOT is_builtin")|$(q -d $dst -c "SELECT count(*) FROM medins.icd10_code WHERE version = 'local-1'")" = "1|1" ]
ok $? "user rules and user versions are kept"
[ "$(q -d $dst -c "SELECT count(*) FROM medins.icd10_code WHERE version = 'nhsa-2.0'")" = "33305" ]
ok $? "built-in catalogue rows appear once, the row added to a built-in version is kept"

rm -f "$dump"
psql -X -q -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE $dst"
