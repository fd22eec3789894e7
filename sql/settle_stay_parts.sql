-- Stays settled in parts (分段结算): a cross-year stay settled on the last
-- day of the scheme year and restarted as a new admission (A's other
-- reading, benefit_policy.cross_year_stay), and B's continuous stay settled
-- every 90 days (benefit_policy.long_stay_days).  Each part takes its own
-- items (by service date), is an admission of the scheme year holding its
-- last day, and is a settlement row of its own (settlement.part).
SET client_min_messages = warning;
CREATE FUNCTION settle_test.parts(claim bigint) RETURNS TABLE (part integer, parts integer,
	part_from date, part_to date)
LANGUAGE sql AS $$
	SELECT p.part, p.parts, p.part_from, p.part_to
	  FROM medins.settlement_input AS i, LATERAL medins.stay_parts(i.facts) AS p
	 WHERE i.claim_id = claim
$$;
CREATE FUNCTION settle_test.item(person bigint, claim bigint, claim_day date, n integer,
	amount numeric, day date) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO medins.claim_item VALUES (person, claim, claim_day, n, 'T-A', 'A', 1, amount, amount, day)
$$;

-- S1: City A adult, insured from 2023 (paid 2022-11-20: covered from
-- 2023-02-01), one stay in 2023 already: 二级 (55%),
-- (2300 − 300) × 55% = 1100.00.
SELECT settle_test.person(900901, 'resident', 'RA', 'adult', DATE '1982-01-01');
SELECT settle_test.contribute(900901, DATE '2023-01-01', 2, 42);
SELECT settle_test.claim(910901, 900901, DATE '2023-04-01', 'inpatient', 'T-RA-2', a => 2300);
SELECT * FROM settle_test.show(medins.settle(910901));
-- The cross-year stay: admitted 2023-12-20, discharged 2024-01-05;
-- 甲 3000 dated 2023-12-20 and 甲 2000 dated 2024-01-02.
SELECT settle_test.claim(910902, 900901, DATE '2023-12-20', 'inpatient', 'T-RA-2', a => 3000,
	discharge => DATE '2024-01-05');
SELECT settle_test.item(900901, 910902, DATE '2023-12-20', 2, 2000, DATE '2024-01-02');

-- 1. A's sample row (discharge_year): one part, the whole 5000 in 2024 as
--    the first admission of 2024: (5000 − 300) × 55% = 2585.00.
SELECT * FROM settle_test.parts(910902);
SELECT status, year_start, admission_ordinal, deductible, basic_fund FROM medins.presettle(910902);

-- 2. With split_at_year_end (rolled back at the end): settled on 31 Dec.
--    Part 1, 2023-12-20 to 2023-12-31: 3000, A's 2nd admission of 2023,
--    deductible 300 − 100 = 200: (3000 − 200) × 55% = 1540.00.
--    Part 2, 2024-01-01 to 2024-01-05: 2000, a new admission, the 1st of
--    2024: (2000 − 300) × 55% = 935.00.  Together 2475.00, not 2585.00.
BEGIN;
UPDATE medins.benefit_policy SET cross_year_stay = 'split_at_year_end' WHERE scheme_code = 'A_RESIDENT';
SELECT * FROM settle_test.parts(910902);
-- 试算 shows the parts settle() will record (presettle() shows the stay whole).
CREATE TEMP TABLE preview AS
SELECT part, part_from, part_to, (result).year_start, (result).admission_ordinal AS ord,
	   (result).deductible, (result).basic_fund, (result).personal_pay
  FROM medins.presettle_parts(910902);
SELECT * FROM preview ORDER BY part;
SELECT part, claim FROM (SELECT medins.settle(910902) AS s) AS x, LATERAL (SELECT (x.s).part,
	(x.s).claim_id AS claim) AS y;
SELECT count(*) AS differs_from_preview
  FROM preview AS v
  FULL JOIN (SELECT * FROM medins.current_settlement WHERE claim_id = 910902) AS s USING (part)
 WHERE (v.year_start, v.ord, v.deductible, v.basic_fund, v.personal_pay)
	   IS DISTINCT FROM (s.year_start, s.admission_ordinal, s.deductible, s.basic_fund, s.personal_pay);
SELECT part, part_from, part_to, year_start, admission_ordinal AS ord, total, deductible, basic_fund,
	   personal_pay
  FROM medins.current_settlement WHERE claim_id = 910902 ORDER BY part;
SELECT s.part, l.step, l.amount, l.note
  FROM medins.current_settlement AS s
  JOIN medins.settlement_line AS l USING (person_id, settlement_id)
 WHERE s.claim_id = 910902 AND l.step IN ('stay_part', 'deductible') ORDER BY s.part, l.line_no;
SELECT year_start, admissions, in_scope, fund_paid FROM medins.benefit_accumulator
 WHERE person_id = 900901 AND pool = 'basic' ORDER BY 1;
-- Reversal reverses both parts (and returns the last reversal); settling
-- again gives the same parts, ordinals and pay.
SELECT part, entry_kind, basic_fund FROM medins.reverse_settlement(910902);
SELECT part, entry_kind, generation, basic_fund FROM medins.settlement WHERE claim_id = 910902
 ORDER BY generation, entry_kind DESC, part;
SELECT count(*) AS in_force FROM medins.current_settlement WHERE claim_id = 910902;
SELECT (medins.settle(910902)).part AS last_part;
SELECT part, admission_ordinal AS ord, basic_fund FROM medins.current_settlement
 WHERE claim_id = 910902 ORDER BY part;
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
ROLLBACK;

-- 3. B settles a continuous stay every 90 days.  S2: City B adult; a stay
--    at 三级 from 2023-01-10 to 2023-05-20 (130 days): part 1 the 90 days
--    2023-01-10 to 2023-04-09, part 2 from 2023-04-10.  甲 8000 dated
--    2023-01-10 and 甲 5000 dated 2023-04-15.
--    Part 1: 1st admission, deductible 1000: (8000 − 1000) × 45% = 3150.00.
--    Part 2: 2nd admission, deductible 700; cumulative band [8700, 13000):
--    1300 × 45% = 585.00 + 3000 × 50% = 1500.00 → 2085.00.
SELECT settle_test.person(900902, 'resident', 'RB', 'adult', DATE '1970-06-01');
SELECT settle_test.contribute(900902, DATE '2020-12-16', 4, 200);
SELECT settle_test.claim(910911, 900902, DATE '2023-01-10', 'inpatient', 'T-RB-3', a => 8000,
	discharge => DATE '2023-05-20');
SELECT settle_test.item(900902, 910911, DATE '2023-01-10', 2, 5000, DATE '2023-04-15');
SELECT * FROM settle_test.parts(910911);
SELECT part, (result).admission_ordinal AS ord, (result).deductible, (result).basic_fund
  FROM medins.presettle_parts(910911) ORDER BY part;
SELECT (medins.settle(910911)).part AS last_part;
SELECT part, part_from, part_to, admission_ordinal AS ord, total, deductible, basic_fund
  FROM medins.current_settlement WHERE claim_id = 910911 ORDER BY part;
--    A stay of exactly 90 days (2023-06-01 to 2023-08-30) is one part;
--    one of 91 days (2023-09-01 to 2023-12-01) is two: the 90 days to
--    2023-11-29, then a part holding the 91st night, to the discharge.
SELECT settle_test.claim(910912, 900902, DATE '2023-06-01', 'inpatient', 'T-RB-3', a => 100,
	discharge => DATE '2023-08-30');
SELECT settle_test.claim(910913, 900902, DATE '2023-09-01', 'inpatient', 'T-RB-3', a => 100,
	discharge => DATE '2023-12-01');
SELECT * FROM settle_test.parts(910912);
SELECT * FROM settle_test.parts(910913);
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
RESET client_min_messages;
