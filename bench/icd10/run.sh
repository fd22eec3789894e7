#!/usr/bin/env bash
# bench/icd10: the cast to medins.icd10 and full validation against 医保版
# 2.0 over 1,000,000 noisy codes (setup.sql), as ratios to a bare scan of
# the text column and to the same validation in plain SQL (regex + join).
#     export PG_CONFIG=...   # optional: a private PostgreSQL copy
#     nice ./bench/icd10/run.sh [ROUNDS]
# Starts a throwaway server (scripts/lib.sh).  One session runs a warm-up
# of every query, then ROUNDS rounds of every query in turn, so that load
# from elsewhere on the machine falls on all of them alike; it prints the
# median of each and the ratios.  Figures are recorded in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
rounds=${1:-5}
medins_build_install
trap medins_pg_stop EXIT
medins_pg_start >/dev/null
psql -X -q -d postgres -c 'CREATE EXTENSION medins' >/dev/null
psql -X -q -d postgres -f bench/icd10/setup.sql >/dev/null 2>&1

names=()
queries=()
while IFS='|' read -r name query; do
	case "$name" in ''|--*) continue ;; esac
	names+=("$name")
	queries+=("$query")
done < bench/icd10/queries.sql

times=$( { echo 'SET max_parallel_workers_per_gather = 0;'
		   for q in "${queries[@]}"; do echo "$q;"; done
		   echo '\timing on'
		   for _ in $(seq "$rounds"); do
			   for q in "${queries[@]}"; do echo "$q;"; done
		   done; } |
		 psql -X -q -t -A -d postgres | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')

declare -A ms
n=${#names[@]}
for i in "${!names[@]}"; do
	ms[${names[$i]}]=$(echo "$times" | awk -v n="$n" -v i="$i" 'NR % n == (i + 1) % n' |
					   sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	printf '%-20s %10.1f ms  (median of %d rounds)\n' "${names[$i]}" "${ms[${names[$i]}]}" "$rounds"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "cast / bare scan:                                $(ratio "${ms[cast]}" "${ms[bare_scan_ok]}")"
echo "validation / bare scan:                          $(ratio "${ms[validate_c]}" "${ms[bare_scan]}")"
echo "validation with sex, age, principal / bare scan: $(ratio "${ms[validate_c_patient]}" "${ms[bare_scan]}")"
echo "plain SQL validation / C validation:             $(ratio "${ms[validate_sql]}" "${ms[validate_c]}")"
c_valid=$(psql -X -A -t -d postgres -c "SELECT count(*) FROM bench_codes WHERE medins.icd10_is_valid(code)")
sql_valid=$(psql -X -A -t -d postgres -c "$(grep '^validate_sql|' bench/icd10/queries.sql | cut -d'|' -f2-)")
echo "codes valid: $c_valid (C), $sql_valid (plain SQL)"
