#!/usr/bin/env bash
# The demo: installs what is missing, builds and installs medins, starts a
# throwaway PostgreSQL, creates the extension, loads the sample policies and
# a generated data set, then runs every demo/*.sql step in order (settle,
# audit, reports) and prints their reports.  The server is removed at exit.
#   DEMO_CLAIMS  claims to generate (default 20000)
#   DEMO_SEED    generator seed (default 42)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/install-deps.sh
medins_build_install
trap medins_pg_stop EXIT
medins_pg_start

psql_demo() { psql -X -q -v ON_ERROR_STOP=1 -d medins_demo "$@"; }

psql -X -q -d postgres -c 'CREATE DATABASE medins_demo'
echo "== CREATE EXTENSION medins"
psql_demo -c 'CREATE EXTENSION medins'
echo "== loading the sample policies (data/sample_policies.sql)"
psql_demo -f data/sample_policies.sql
echo "== generating ${DEMO_CLAIMS:-20000} claims (seed ${DEMO_SEED:-42})"
start=$(date +%s)
for gen in data/generate.sql data/generate_*.sql; do
	[ -f "$gen" ] || continue
	psql_demo -v claims="${DEMO_CLAIMS:-20000}" -v seed="${DEMO_SEED:-42}" -f "$gen"
done
echo "   generated in $(( $(date +%s) - start )) s"

for step in demo/*.sql; do
	echo
	echo "== $(sed -n '1s/^-- *//p' "$step")"
	psql_demo -P footer=off -f "$step"
done
