#!/usr/bin/env bash
# bench/settle: pre-settlement and settlement of generated claims, as ratios
# measured in one run (see bench/README.md, section "settle").
#   bench/settle/run.sh [claims] [settle_claims]
# claims: generated claims (default 1000000); settle_claims: how many of
# them medins.settle() records, oldest first, timed per tenth (default all;
# 0 skips settlement and the per-claim pre-settlement, for a quicker run of
# the two ratios).
# Starts its own throwaway server (scripts/lib.sh); run it with nice.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
claims=${1:-1000000}
settle_claims=${2:-$claims}
medins_build_install
trap medins_pg_stop EXIT
medins_pg_start
q() { psql -X -q -v ON_ERROR_STOP=1 -d bench "$@"; }
export PGOPTIONS='-c client_min_messages=warning'  # no per-batch NOTICEs
t() { # label sql: prints the wall time of one statement in ms
	local start end
	start=$(date +%s%N)
	q -c "$2" >/dev/null
	end=$(date +%s%N)
	printf '%-58s %10.0f ms\n' "$1" "$(( (end - start) / 1000000 ))"
}
psql -X -q -d postgres -c 'CREATE DATABASE bench'
q -c 'CREATE EXTENSION medins' -f data/sample_policies.sql
echo "generating $claims claims"
q -v claims="$claims" -v seed=42 -f data/generate.sql >/dev/null
q -v seed=42 -f data/generate_settle.sql >/dev/null
q -f bench/settle/plpgsql_scheme_a.sql
q -c 'VACUUM ANALYZE'
q -c 'SELECT count(*) AS claims, (SELECT count(*) FROM medins.claim_item) AS items FROM medins.claim'

echo "== pre-settlement of every claim vs a bare aggregate over the same items"
t "bare aggregate (claim_id, sum(amount)) [warm-up]" \
	"SELECT sum(s) FROM (SELECT claim_id, sum(amount) AS s FROM medins.claim_item GROUP BY claim_id) AS x"
t "bare aggregate (claim_id, sum(amount))" \
	"SELECT sum(s) FROM (SELECT claim_id, sum(amount) AS s FROM medins.claim_item GROUP BY claim_id) AS x"
t "presettle all, set-wise: presettle_bulk" \
	"SELECT sum((result).fund_total) FROM medins.presettle_bulk"
t "  of which: building the inputs (settlement_input_bulk)" \
	"SELECT sum((scope).total), count((facts).scheme_code) FROM medins.settlement_input_bulk"
t "presettle one month, set-wise: presettle_claims(from, to)" \
	"SELECT sum((result).fund_total) FROM medins.presettle_claims(DATE '2024-06-01', DATE '2024-06-30')"
# A checksum of every result, to compare runs of the same size before and after a change.
q -c "SELECT md5(string_agg(md5(claim_id::text || result::text), '' ORDER BY claim_id)) AS presettle_md5 FROM medins.presettle_bulk"
if [ "$settle_claims" -gt 0 ]; then
	t "presettle all: settlement_input_bulk + presettle_facts" \
		"SELECT sum((r).fund_total) FROM (SELECT medins.presettle_facts(person_id, facts, scope) AS r FROM medins.settlement_input_bulk) AS x"
	t "presettle all, per claim: settlement_input + presettle_facts" \
		"SELECT sum((r).fund_total) FROM (SELECT medins.presettle_facts(person_id, facts, scope) AS r FROM medins.settlement_input) AS x"
fi

echo "== the engine alone vs PL/pgSQL, scheme A claims, inputs materialised"
q -c "CREATE TABLE bench.inp_a AS SELECT facts, scope FROM medins.settlement_input_bulk WHERE (facts).scheme_code = 'A_RESIDENT'"
q -c 'SELECT count(*) AS scheme_a_claims FROM bench.inp_a'
# The engine as a bulk caller uses it, without the trail (with_trail false:
# the same amounts and deltas, trail NULL; the PL/pgSQL baseline builds no
# trail either); then with the trail, as settle() and presettle() call it;
# and the floor: the same scan reading one field of each row.
for run in 1 2; do
	t "floor: sum((scope).total) over scheme A inputs [$run]" \
		"SELECT sum((scope).total) FROM bench.inp_a"
	t "C engine: benefit_compute over scheme A inputs [$run]" \
		"SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}', false) AS r FROM bench.inp_a) AS x"
	t "C engine with its trail [$run]" \
		"SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}') AS r FROM bench.inp_a) AS x"
	t "PL/pgSQL scheme A over the same inputs [$run]" \
		"SELECT sum((r).basic_fund) FROM (SELECT bench.plpgsql_scheme_a(facts, scope, 0, 0, 0) AS r FROM bench.inp_a) AS x"
done
# The same statements timed inside one session (psql's \timing): without
# the ~35 ms of connection and backend start-up that each t() above
# includes (the floor shows it), policies compiled and plans cached.
echo "== the same, timed inside one session, three rounds"
{
	echo '\timing on'
	echo '\o /dev/null'
	echo "SELECT count(medins.benefit_compute(facts, scope, '{}', false)) FROM bench.inp_a;"
	echo "SELECT count(bench.plpgsql_scheme_a(facts, scope, 0, 0, 0)) FROM bench.inp_a;"
	for run in 1 2 3; do
		echo "\\echo 'floor: sum((scope).total) [$run]'"
		echo "SELECT sum((scope).total) FROM bench.inp_a;"
		echo "\\echo 'C engine (no trail) [$run]'"
		echo "SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}', false) AS r FROM bench.inp_a) AS x;"
		echo "\\echo 'C engine with its trail [$run]'"
		echo "SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}') AS r FROM bench.inp_a) AS x;"
		echo "\\echo 'PL/pgSQL scheme A [$run]'"
		echo "SELECT sum((r).basic_fund) FROM (SELECT bench.plpgsql_scheme_a(facts, scope, 0, 0, 0) AS r FROM bench.inp_a) AS x;"
	done
} | q | awk '/^Time:/ { if (label != "") printf "%-58s %10.0f ms\n", label, $2; label = ""; next }
			   { label = $0 }'
# And the CPU time the backend spends (utime + stime from /proc, 10 ms
# ticks): on a shared machine wall time also counts other processes' turns.
# Ten runs of each engine statement and of the floor, four of PL/pgSQL.
echo "== the same, backend CPU time per run (one session)"
cpu_log=$(mktemp)
pid_file=$(mktemp)
{
	echo '\o /dev/null'
	echo "SELECT count(medins.benefit_compute(facts, scope, '{}', false)) FROM bench.inp_a;"
	echo "SELECT count(bench.plpgsql_scheme_a(facts, scope, 0, 0, 0)) FROM bench.inp_a;"
	echo "\\o $pid_file"
	echo "SELECT pg_backend_pid();"
	echo '\o /dev/null'
	mark="\\! awk '{ print \$14 + \$15 }' /proc/\$(tr -d ' ' < $pid_file)/stat >> $cpu_log"
	for s in "SELECT sum((scope).total) FROM bench.inp_a" \
		"SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}', false) AS r FROM bench.inp_a) AS x" \
		"SELECT sum((r).basic_fund) FROM (SELECT medins.benefit_compute(facts, scope, '{}') AS r FROM bench.inp_a) AS x" \
		"SELECT sum((r).basic_fund) FROM (SELECT bench.plpgsql_scheme_a(facts, scope, 0, 0, 0) AS r FROM bench.inp_a) AS x"; do
		n=10
		case $s in *plpgsql*) n=4 ;; esac
		echo "$mark"
		for i in $(seq $n); do echo "$s;"; done
		echo "$mark"
	done
} | q -t -A
awk -v hz="$(getconf CLK_TCK)" '{ t[NR] = $1 }
	END {
		split("floor: sum((scope).total)|C engine (no trail)|C engine with its trail|PL/pgSQL scheme A", name, "|")
		split("10 10 10 4", runs, " ")
		for (k = 1; k <= 4; k++) {
			ms[k] = (t[2 * k] - t[2 * k - 1]) * 1000 / hz / runs[k]
			printf "%-58s %10.0f ms\n", name[k] " (CPU, mean of " runs[k] ")", ms[k]
		}
		if (ms[2] > 0 && ms[3] > 0)
			printf "%-58s %10.1f and %.1f\n", "PL/pgSQL / C engine, CPU (no trail, with trail)", ms[4] / ms[2], ms[4] / ms[3]
	}' "$cpu_log"
rm -f "$cpu_log" "$pid_file"
q -c "SELECT count(*) FILTER (WHERE (c).basic_fund <> (p).basic_fund) AS differing_basic_fund, count(*) AS compared
	  FROM (SELECT medins.benefit_compute(facts, scope, '{}') AS c, bench.plpgsql_scheme_a(facts, scope, 0, 0, 0) AS p
			  FROM bench.inp_a WHERE (facts).claim_kind IN ('inpatient', 'special_outpatient')) AS x"

[ "$settle_claims" -gt 0 ] || exit 0
echo "== settlement (medins.settle through medins.settle_pending), per tenth"
step=$(( (settle_claims + 9) / 10 ))
for k in $(seq 1 10); do
	t "settle claims $(( (k - 1) * step + 1 ))..$(( k * step ))" "CALL medins.settle_pending(5000, $step)"
done
q -c 'SELECT count(*) AS settled, (SELECT count(*) FROM medins.check_accumulators()) AS accumulator_mismatches FROM medins.settlement'
