-- Maternity (生育) per-case standards, City C (seed 001; base amounts
-- illustrative, the 2017 increases the seed's): the fund pays the case's
-- in-scope cost up to the standard of its hospital level and case type
-- (from the principal diagnosis: O00 ectopic, O01-O08 induced, any other
-- code the delivery rows); the institution bears the cost above it.
-- Money in yuan; each settlement's arithmetic is in the comment above it.
SET client_min_messages = warning;
CREATE TYPE settle_test.trail_entry AS (step text, amount numeric, payer text);
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code) VALUES
	('T-RC-2', '丙市二级医院', 'hospital', 2, 'A', 'RC');

-- Employees of City C insured since 2015 (one case each: 900701, 900704,
-- 900705, 900706) and a resident (900702).
SELECT settle_test.person(id, 'employee', 'RC', 'in_service', DATE '1990-01-01')
  FROM (VALUES (900701), (900704), (900705), (900706)) AS v(id);
SELECT settle_test.person(900702, 'resident', 'RC', 'adult', DATE '1992-01-01');
UPDATE medins.person SET sex = 'F' WHERE person_id IN (900701, 900702, 900704, 900705, 900706);
SELECT settle_test.contribute(id, DATE '2015-01-01', 9)
  FROM (VALUES (900701), (900702), (900704), (900705), (900706)) AS v(id);

-- The case type each diagnosis gets (the engine matches the same sets; a
-- claim's trail names it below).
SELECT v.code, ct.case_type
  FROM (VALUES ('O80.0'), ('O82.0'), ('O00.1'), ('O04.9'), ('O08.0')) AS v(code)
  LEFT JOIN medins.policy_case_type AS ct
	ON ct.scheme_code = 'C_EMPLOYEE' AND v.code::medins.icd10 OPERATOR(medins.<@) ct.diagnoses
 ORDER BY 1;

-- 1. Delivery (O80.0) at 三级 in 2023, in-scope 2500 below the standard
--    2950 (2800 + 150 from 2017): the fund pays the cost, 2500.00; personal 0.
SELECT settle_test.claim(910701, 900701, DATE '2023-03-01', 'maternity', 'T-RC-3', a => 2500, diagnosis => 'O80.0');
-- 2. Caesarean (O82.0) at 三级: 甲 4000 + 丙 300.  In scope 4000 > 2950:
--    fund 2950.00; the 1050.00 above the standard is the institution's;
--    personal = 丙类 300.00 (4300 − 2950 − 1050).
SELECT settle_test.claim(910702, 900704, DATE '2023-09-01', 'maternity', 'T-RC-3', a => 4000, c => 300, diagnosis => 'O82.0');
-- 3. Ectopic pregnancy (O00.1) at 二级: 2500 + 200 = 2700; cost 3000:
--    fund 2700.00, institution 300.00.
SELECT settle_test.claim(910703, 900705, DATE '2023-10-01', 'maternity', 'T-RC-2', a => 3000, diagnosis => 'O00.1');
-- 4. Induced abortion (O04.9) at 一级 (the level-free induced row, 1200):
--    cost 1000 → fund 1000.00.
SELECT settle_test.claim(910704, 900706, DATE '2023-11-01', 'maternity', 'T-RC-1', a => 1000, diagnosis => 'O04.9');
-- 5. The same woman's first caesarean, in 2016, before the increase: standard 2800:
--    fund 2800.00, institution 4000 − 2800 = 1200.00, personal 300.00.
SELECT settle_test.claim(910705, 900704, DATE '2016-09-01', 'maternity', 'T-RC-3', a => 4000, c => 300, diagnosis => 'O82.0');
-- 6. Resident delivery at 三级 from 2017: 2100 + 50 = 2150; cost 3000:
--    fund 2150.00, institution 850.00.
SELECT settle_test.claim(910706, 900702, DATE '2023-03-01', 'maternity', 'T-RC-3', a => 3000, diagnosis => 'O80.0');
SELECT s.* FROM generate_series(910701, 910706) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;
SELECT * FROM settle_test.lines(910702);
SELECT s.claim_id, l.rule_id IS NOT NULL AS has_rule, l.note
  FROM medins.current_settlement AS s JOIN medins.settlement_line AS l USING (person_id, settlement_id)
 WHERE s.claim_id BETWEEN 910701 AND 910706 AND l.step = 'case_standard' ORDER BY 1;
SELECT claim_id, fund_total, institution_borne FROM medins.current_settlement
 WHERE claim_id BETWEEN 910701 AND 910706 ORDER BY 1;
SELECT year_start, pool, in_scope, fund_paid FROM medins.benefit_accumulator
 WHERE person_id = 900704 ORDER BY 1, 2;

-- 7. The other readings, as parameters of the rows (rolled back):
--    below_standard 'standard' — delivery 1 is paid the whole 2950.00 and
--    the institution keeps 450.00 (institution_borne −450.00, personal 0);
--    above_standard 'person' — caesarean 2: fund 2950.00, the person pays
--    1050 + 300 = 1350.00.
BEGIN;
UPDATE medins.policy_case_standard SET below_standard = 'standard', above_standard = 'person'
 WHERE scheme_code = 'C_EMPLOYEE';
SELECT c.id, r.basic_fund, r.personal_pay, r.institution_borne
  FROM (VALUES (910701), (910702)) AS c(id), LATERAL medins.presettle(c.id) AS r;
SELECT step, amount, payer FROM json_populate_recordset(NULL::settle_test.trail_entry,
	(medins.presettle(910701)).trail) WHERE step LIKE 'case%';
ROLLBACK;

--    Without the ectopic row of policy_case_type (rolled back; the
--    compiled policies follow the change), the ectopic case 3 has no case
--    type and takes the 二级 delivery standard: fund 2550.00, institution
--    3000 − 2550 = 450.00; with the row back, 2700.00 again.
BEGIN;
DELETE FROM medins.policy_case_type WHERE scheme_code = 'C_EMPLOYEE' AND case_type = 'ectopic';
SELECT basic_fund, institution_borne FROM medins.presettle(910703);
ROLLBACK;
SELECT basic_fund AS with_the_row_again FROM medins.presettle(910703);

-- 8. The rule kind is not maternity's own: a region paying stays per case
--    adds rows for inpatient.  With a (rolled back, illustrative) standard
--    of 3000 for C employees' stays, a 三级 stay of 4000 is paid 3000.00, the
--    institution bears 1000.00, and it is still the year's 1st admission.
BEGIN;
INSERT INTO medins.policy_case_standard (scheme_code, claim_kind, amount, valid_from)
VALUES ('C_EMPLOYEE', 'inpatient', 3000, DATE '2023-01-01');
SELECT settle_test.claim(910708, 900701, DATE '2023-12-01', 'inpatient', 'T-RC-3', a => 4000);
SELECT admission_ordinal, basic_fund, institution_borne, personal_pay FROM medins.settle(910708);
SELECT pool, admissions, in_scope, fund_paid FROM medins.benefit_accumulator
 WHERE person_id = 900701 AND year_start = DATE '2023-01-01' ORDER BY pool;
ROLLBACK;

-- 9. A excludes childbirth (第二十五条: a policy_exclusion row by claim kind,
--    no cause): the claim is refused, excluded_claim_kind, the person pays
--    the 3000.00.  Without the row (rolled back) A has no maternity
--    standard or ratio either: paid, 0.00 from the fund.
SELECT settle_test.person(900703, 'resident', 'RA', 'adult', DATE '1992-01-01');
UPDATE medins.person SET sex = 'F' WHERE person_id = 900703;
SELECT settle_test.contribute(900703, DATE '2015-01-01', 9);
SELECT settle_test.claim(910707, 900703, DATE '2023-03-01', 'maternity', 'T-RA-2', a => 3000, diagnosis => 'O80.0');
SELECT status, reason, basic_fund, personal_pay FROM medins.presettle(910707);
BEGIN;
DELETE FROM medins.policy_exclusion WHERE scheme_code = 'A_RESIDENT' AND claim_kind = 'maternity';
SELECT status, reason, basic_fund, personal_pay FROM medins.presettle(910707);
ROLLBACK;

SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
RESET client_min_messages;
