-- Scheme B (乙市城镇居民, seed 000 范文6): worked examples.  Scheme year
-- 16 Dec – 15 Dec; segments on the year's cumulative in-scope amount
-- (deductibles included); ceiling 40000 on that cumulative amount.
SET client_min_messages = warning;

-- B1: adult, insured since the 2021/22 scheme year (paid on time).
SELECT settle_test.person(900201, 'resident', 'RB', 'adult', DATE '1975-01-01');
SELECT settle_test.contribute(900201, DATE '2020-12-16', 4, 200);

-- 1. First admission, 三级: deductible 1000; the fund pays 45% of the
--    cumulative band [1000, 8000): 7000 × 45% = 3150.00
SELECT settle_test.claim(910201, 900201, DATE '2023-01-10', 'inpatient', 'T-RB-3', a => 8000);
-- 2. Second admission: deductible 1000 × (1 − 30%) = 700; band [8000 + 700, 18000)
--    crosses the 10000 boundary: 1300 × 45% = 585.00 + 8000 × 50% = 4000.00 → 4585.00
SELECT settle_test.claim(910202, 900201, DATE '2023-03-01', 'inpatient', 'T-RB-3', a => 10000);
-- 3. Third: deductible 700 × 70% = 490; band [18490, 43000): 11510 × 50% = 5755.00
--    + 10000 × 55% = 5500.00 → 11255.00; the 3000 above 40000 is not paid.
SELECT settle_test.claim(910203, 900201, DATE '2023-05-01', 'inpatient', 'T-RB-3', a => 25000);
-- 4. Fourth: deductible 490 × 70% = 343; everything lies above 40000 → 0.
SELECT settle_test.claim(910204, 900201, DATE '2023-07-01', 'inpatient', 'T-RB-3', a => 1000);
-- 5. A new scheme year starts on 16 Dec: admission 1 again, full deductible 1000:
--    (3000 − 1000) × 45% = 900.00
SELECT settle_test.claim(910205, 900201, DATE '2023-12-20', 'inpatient', 'T-RB-3', a => 3000);
SELECT s.* FROM unnest(ARRAY[910201, 910202, 910203, 910204, 910205]) AS c(id),
	LATERAL settle_test.show(medins.settle(c.id)) AS s;
SELECT * FROM settle_test.lines(910203);
SELECT year_start, pool, admissions, in_scope, fund_paid, deductible_paid
  FROM medins.benefit_accumulator WHERE person_id = 900201 ORDER BY 1, 2;

-- 6. Deductibles of later admissions with a smaller base (一级 500):
--    500, 350, 245, then 171.50 → floor 200.  B2 has four 一级 stays of 1000:
--    (1000 − 500) × 45% = 225.00; (1000 − 350) × 45% = 292.50;
--    (1000 − 245) × 45% = 339.75; (1000 − 200) × 45% = 360.00
SELECT settle_test.person(900202, 'resident', 'RB', 'adult', DATE '1976-01-01');
SELECT settle_test.contribute(900202, DATE '2020-12-16', 4, 200);
SELECT settle_test.claim(910211 + k, 900202, DATE '2023-01-10' + 30 * k, 'inpatient', 'T-RB-1', a => 1000)
  FROM generate_series(0, 3) AS k;
SELECT s.* FROM generate_series(910211, 910214) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- 7. Students +10 points on every segment (scheme year from 1 Sep):
--    二级 deductible 600: (5000 − 600) × 55% = 2420.00
SELECT settle_test.person(900203, 'resident', 'RB', 'student', DATE '2008-01-01');
SELECT settle_test.contribute(900203, DATE '2022-09-01', 2, 10);
SELECT settle_test.claim(910221, 900203, DATE '2023-10-10', 'inpatient', 'T-RB-2', a => 5000);
SELECT * FROM settle_test.show(medins.settle(910221));
SELECT year_start FROM medins.settlement WHERE claim_id = 910221;

-- 8. Referral out of the city: the person first pays 15% of the in-scope amount:
--    10000 × 15% = 1500.00; in scope 8500; 三级 deductible 1000;
--    (8500 − 1000) × 45% = 3375.00; personal = 10000 − 3375 = 6625.00
SELECT settle_test.person(900204, 'resident', 'RB', 'adult', DATE '1966-01-01');
SELECT settle_test.contribute(900204, DATE '2020-12-16', 4, 200);
SELECT settle_test.claim(910231, 900204, DATE '2023-02-01', 'inpatient', 'T-RX-3A', a => 10000,
	referral => 'referred_out', out_of_area => true);
SELECT * FROM settle_test.show(medins.settle(910231));
SELECT step, base, ratio, amount FROM settle_test.lines(910231) WHERE step LIKE 'referral%';

-- 9. 大病门诊: dialysis and anti-rejection share a 30000 cost limit a year, 50%.
--    1st: 20000 × 50% = 10000.00; 2nd: only 10000 of 15000 within the limit → 5000.00
--    Cancer radio/chemotherapy: 4000 limit: 6000 → 4000 × 50% = 2000.00
SELECT settle_test.person(900205, 'resident', 'RB', 'elderly', DATE '1950-01-01');
SELECT settle_test.contribute(900205, DATE '2020-12-16', 4, 200);
INSERT INTO medins.special_disease_approval VALUES
	(900205, 'B_RESIDENT', 'dialysis', DATE '2022-12-16', NULL),
	(900205, 'B_RESIDENT', 'cancer_therapy', DATE '2022-12-16', NULL);
SELECT settle_test.claim(910241, 900205, DATE '2023-01-05', 'special_outpatient', 'T-RB-3', a => 20000, diagnosis => 'N18.5');
SELECT settle_test.claim(910242, 900205, DATE '2023-06-05', 'special_outpatient', 'T-RB-3', a => 15000, diagnosis => 'N18.5');
SELECT settle_test.claim(910243, 900205, DATE '2023-07-05', 'special_outpatient', 'T-RB-3', a => 6000, diagnosis => 'C50.9');
SELECT s.* FROM generate_series(910241, 910243) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- 10. Waiting: a late joiner paying on 2023-01-10 is covered 6 months later
--     (from 2023-07-10): a stay on 2023-05-01 is refused, one on 2023-08-01 paid:
--     (1600 − 600) × 45% = 450.00
SELECT settle_test.person(900206, 'resident', 'RB', 'adult', DATE '1980-01-01');
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on, personal_amount)
VALUES (900206, DATE '2022-12-16', DATE '2023-12-15', DATE '2023-01-10', 160);
SELECT settle_test.claim(910251, 900206, DATE '2023-05-01', 'inpatient', 'T-RB-2', a => 1600);
SELECT settle_test.claim(910252, 900206, DATE '2023-08-01', 'inpatient', 'T-RB-2', a => 1600);
SELECT s.* FROM generate_series(910251, 910252) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;

SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
