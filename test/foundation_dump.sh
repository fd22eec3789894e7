#!/usr/bin/env bash
# pg_dump keeps the user rows of medins' tables (pg_extension_config_dump),
# and a restore does not double the rows CREATE EXTENSION ships.  TAP output.
set -u
cd "$(dirname "$0")/.." || exit 1
src=medins_dump_src
dst=medins_dump_dst
dump=$(mktemp /tmp/medins-dump.XXXXXX)
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
ok() { # status description
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
	n=$((n + 1))
}
# Every table of schema medins (partitions included) with its row count and
# an md5 of its rows in a stable order.
table_digest() {
	q -At -d "$1" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) || '' '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), ''-'') FROM medins.%I AS t',
			  c.relname, c.relname)
  FROM pg_class AS c
 WHERE c.relnamespace = 'medins'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY c.relname
\gexec
SQL
}

n=1
echo "1..6"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
	-c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" 2>/dev/null
{
	q -d $src -c 'CREATE EXTENSION medins' &&
		q -d $src -f data/sample_policies.sql &&
		q -d $src -v claims=300 -v seed=7 -f data/generate.sql &&
		q -d $src -c "INSERT INTO medins.injury_cause VALUES ('snake_bite', '蛇咬伤', 'snake bite', false)"
} >/dev/null
ok $? "a database with medins, the sample policies and generated claims"

pg_dump -Fc -d $src -f "$dump"
ok $? "pg_dump succeeds"

pg_restore -d $dst --exit-on-error "$dump"
ok $? "pg_restore into an empty database succeeds"

before=$(table_digest $src)
after=$(table_digest $dst)
[ -n "$before" ] && [ "$before" = "$after" ]
ok $? "every medins table has the same rows after the restore"
[ "$before" != "$after" ] && diff <(echo "$before") <(echo "$after") | sed 's/^/# /'

[ "$(q -At -d $dst -c "SELECT count(*) FROM medins.claim")" -eq 300 ]
ok $? "the 300 generated claims are back"

[ "$(q -At -d $dst -c "SELECT count(*) FROM medins.injury_cause WHERE cause_code IN ('illness', 'snake_bite')")" -eq 2 ]
ok $? "built-in reference rows appear once, user-added ones are kept"

rm -f "$dump"
psql -X -q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
