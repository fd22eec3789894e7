#!/usr/bin/env bash
# Settlement under concurrency: several sessions settle (and reverse and
# re-settle) the same persons' claims at once; then every invariant is
# checked: one settlement in force per claim, no ceiling exceeded, the
# admission ordinals of each person-year 1..n with none shared (also after
# reversal and re-settlement), accumulators equal to the sum of their
# settlements.
# Prints TAP; run by scripts/test.sh with PGHOST/PGPORT/PGUSER set.
set -u
cd "$(dirname "$0")/.." || exit 1
db=medins_settle_conc
workers=${SETTLE_CONC_WORKERS:-4}
persons=${SETTLE_CONC_PERSONS:-20}
per_person=${SETTLE_CONC_CLAIMS:-20}
tmp=$(mktemp -d /tmp/settle-conc.XXXXXX)
trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }

echo "1..10"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
q -c 'CREATE EXTENSION medins' -f data/sample_policies.sql >/dev/null 2>&1 || { echo "not ok 1 - set-up"; exit 1; }

# Adults of scheme A, new in 2023, each with claims of 5000 at a 二级 hospital
# (55%): the fund pays 2585, 2640, then 2695 a stay until the 30000 ceiling,
# so every person's basic fund ends at exactly 30000.00 whatever the order.
q >/dev/null <<SQL
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
VALUES ('C-RA-2', '并发测试医院', 'hospital', 2, 'A', 'RA');
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class) VALUES ('C-A', 'treatment', '甲类', 'A');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
		population_group, enrolled_on)
SELECT 800000 + k, b || substr('10X98765432', (SELECT sum(substr(b, i, 1)::int
		* (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i]) FROM generate_series(1, 17) AS i)::int % 11 + 1, 1),
	   '并发' || k, 'F', DATE '1980-01-01', 'resident', 'RA', 'adult', DATE '2022-12-01'
  FROM generate_series(1, $persons) AS k, LATERAL (SELECT '110105' || lpad((800000 + k)::text, 11, '0') AS b) AS x;
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on, personal_amount)
SELECT person_id, DATE '2023-01-01', DATE '2023-12-31', DATE '2022-12-01', 255 FROM medins.person;
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, discharge_date, principal_diagnosis)
SELECT 8000000 + p * 100 + n, 800000 + p, DATE '2023-03-01' + n * 7, 'inpatient', 'C-RA-2', DATE '2023-03-05' + n * 7, 'J18.9'
  FROM generate_series(1, $persons) AS p, generate_series(1, $per_person) AS n;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
SELECT person_id, claim_id, claim_date, 1, 'C-A', 'A', 1, 5000, 5000, claim_date FROM medins.claim;
CREATE FUNCTION public.try_settle(id bigint) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
	PERFORM medins.settle(id);
	RETURN true;
EXCEPTION WHEN unique_violation THEN
	RETURN false;
END \$\$;
CREATE FUNCTION public.try_reverse_resettle(id bigint) RETURNS boolean LANGUAGE plpgsql AS \$\$
BEGIN
	PERFORM medins.reverse_settlement(id);
	PERFORM medins.settle(id);
	RETURN true;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
	RETURN false;
END \$\$;
SQL
echo "ok 1 - set-up: $persons persons, $((persons * per_person)) claims"

# Phase 1: every worker tries to settle every claim, each in its own order.
run_workers() { # kind
	local w pids=()
	for w in $(seq 1 "$workers"); do
		q -c "SELECT claim_id FROM medins.claim ORDER BY md5(claim_id::text || '$w')" |
			sed "s/.*/SELECT public.$1(&);/" >"$tmp/w$w.sql"
		q -f "$tmp/w$w.sql" >"$tmp/w$w.out" 2>"$tmp/w$w.err" &
		pids+=($!)
	done
	local bad=0
	for w in "${pids[@]}"; do wait "$w" || bad=1; done
	return $bad
}
if run_workers try_settle; then
	echo "ok 2 - $workers sessions settled concurrently without errors"
else
	echo "not ok 2 - a settling session failed"; cat "$tmp"/w*.err | head -20 | sed 's/^/# /'
fi

check() { # n description sql-returning-zero
	local got
	got=$(q -c "$3" 2>&1)
	if [ "$got" = "0" ]; then echo "ok $1 - $2"; else echo "not ok $1 - $2"; echo "# got: $got" | head -5; fi
}
check 3 "each claim settled exactly once (no double pay)" \
	"SELECT count(*) FROM medins.claim AS c WHERE (SELECT count(*) FROM medins.current_settlement AS s WHERE s.person_id = c.person_id AND s.claim_id = c.claim_id) <> 1"
# The stays in force of a person's scheme year hold the ordinals 1..n, each
# once (medins.next_admission_ordinal).
ordinals_sql="SELECT (SELECT count(*) FROM (SELECT person_id, scheme_code, year_start, admission_ordinal FROM medins.current_settlement WHERE admission_ordinal IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) AS dup)
	+ (SELECT count(*) FROM (SELECT person_id, scheme_code, year_start, array_agg(admission_ordinal ORDER BY admission_ordinal) AS o, count(*) AS n FROM medins.current_settlement GROUP BY 1, 2, 3) AS x WHERE o <> ARRAY(SELECT generate_series(1, n::int)))"
check 4 "admission ordinals are 1..n per person-year, no two stays in force share one" "$ordinals_sql"
check 5 "every person's basic fund is exactly the 30000 ceiling" \
	"SELECT count(*) FROM (SELECT person_id, sum(basic_fund) AS f FROM medins.current_settlement GROUP BY 1) AS x WHERE f <> 30000"

# Phase 2: reversals with re-settlement racing against settle attempts.
if run_workers try_reverse_resettle; then
	echo "ok 6 - $workers sessions reversed and re-settled concurrently without errors"
else
	echo "not ok 6 - a reversing session failed"; cat "$tmp"/w*.err | head -20 | sed 's/^/# /'
fi
check 7 "after reversals: each claim has exactly one settlement in force, fund within the ceiling" \
	"SELECT (SELECT count(*) FROM medins.claim AS c WHERE (SELECT count(*) FROM medins.current_settlement AS s WHERE s.person_id = c.person_id AND s.claim_id = c.claim_id) <> 1)
		  + (SELECT count(*) FROM (SELECT person_id, sum(basic_fund) AS f FROM medins.current_settlement GROUP BY 1) AS x WHERE f > 30000)
		  + (SELECT count(*) FROM medins.benefit_accumulator WHERE pool = 'basic' AND fund_paid > 30000)"
check 8 "medins.check_accumulators(): every accumulator equals the sum of its settlements" \
	"SELECT count(*) FROM medins.check_accumulators()"
check 9 "after reversals and re-settlements: ordinals still 1..n per person-year, no two stays in force share one" "$ordinals_sql"
# A re-settled stay takes back its ordinal, hence its deductible and pay:
# every person's fund is still exactly at the ceiling.
check 10 "after reversals and re-settlements: every person's basic fund is exactly the 30000 ceiling" \
	"SELECT count(*) FROM (SELECT person_id, sum(basic_fund) AS f FROM medins.current_settlement GROUP BY 1) AS x WHERE f <> 30000"
