#!/usr/bin/env bash
# The test command: installs what is missing, builds and installs medins,
# starts a throwaway PostgreSQL, runs every pg_regress test (sql/) and every
# pgTAP test (test/), prints what failed, and ends with "N passed, N failed".
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh

scripts/install-deps.sh || exit 1
medins_build_install || { echo "medins: build or install failed" >&2; exit 1; }
trap medins_pg_stop EXIT
medins_pg_start || exit 1
pgc=$(medins_pg_config)
# Tests call pg_dump, pgbench … of the server under test, not whatever is first on PATH.
PATH="$("$pgc" --bindir):$PATH"
log=$(mktemp -d /tmp/medins-test.XXXXXX)

# --- pg_regress -----------------------------------------------------------
make -s PG_CONFIG="$pgc" installcheck >"$log/regress.out" 2>&1
regress_status=$?
cat "$log/regress.out"
# PostgreSQL 15 prints "test x ... ok", 16+ prints "ok 1 - x"; count both.
regress_ok=$(grep -Ec '^(ok [0-9]+ |(test| |parallel group).* \.\.\. ok)|^ +[a-z0-9_]+ +\.\.\. ok' "$log/regress.out")
regress_bad=$(grep -Ec '^(not ok [0-9]+ |.* \.\.\. FAILED)' "$log/regress.out")
if [ $regress_status -ne 0 ]; then
	[ -f regression.diffs ] && { echo "=== regression.diffs ==="; cat regression.diffs; }
	[ "$regress_bad" -eq 0 ] && regress_bad=1
fi

# --- pgTAP (test/*.sql) and shell TAP tests (test/*.sh) --------------------
# Shell tests drive what SQL files cannot, such as several concurrent
# sessions; they print TAP and get PGHOST/PGPORT/PGUSER of the server.
tap_ok=0
tap_bad=0
count_tap() { # file status
	local ok bad
	ok=$(grep -Ec '^\s*ok [0-9]+' "$1")
	bad=$(grep -Ec '^\s*not ok [0-9]+' "$1")
	# Show failures (and the summary) rather than every passing assertion.
	grep -Ev '^\s*ok [0-9]+' "$1"
	if [ "$2" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1 # a bad plan, a crash, or a file that did not run
	fi
	tap_ok=$((tap_ok + ok))
	tap_bad=$((tap_bad + bad))
}
if compgen -G "test/*.sql" >/dev/null; then
	psql -X -q -d postgres -c 'CREATE DATABASE medins_tap' &&
		psql -X -q -d medins_tap -c 'CREATE EXTENSION pgtap; CREATE EXTENSION medins' ||
		tap_bad=1
	pg_prove --verbose --ext .sql -d medins_tap test/ >"$log/tap.out" 2>&1
	count_tap "$log/tap.out" $?
fi
if compgen -G "test/*.sh" >/dev/null; then
	prove --verbose --exec bash test/*.sh >"$log/sh.out" 2>&1
	count_tap "$log/sh.out" $?
fi

passed=$((regress_ok + tap_ok))
failed=$((regress_bad + tap_bad))
rm -rf "$log"
echo "pg_regress: $regress_ok passed, $regress_bad failed; pgTAP and shell assertions: $tap_ok passed, $tap_bad failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
