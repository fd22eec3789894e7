-- Scheme C (丙市职工, seed 000 范文3) and the civil-servant subsidy
-- (公务员医疗补助, seed 001): worked examples.  The seeds give C no
-- deductible, so there is none.
SET client_min_messages = warning;

-- C1: in-service civil servant aged 40 (≤45: threshold 1000, 60%,
--     outpatient and pharmacy counted up to 2000 a year, pharmacy up to 1000).
SELECT settle_test.person(900301, 'employee', 'RC', 'in_service', DATE '1983-01-01', civil_servant => true);
SELECT settle_test.contribute(900301, DATE '2015-01-01', 9);

-- 1. 三级 stay: 10000 × 90% = 9000.00; personal share 1000 = the threshold → subsidy 0.
SELECT settle_test.claim(910301, 900301, DATE '2023-02-01', 'inpatient', 'T-RC-3', a => 10000);
-- 2. 一级 stay (92%): 甲 5000 + 乙 1000 with 20% first share (200); in scope 5800
--    fund 5800 × 92% = 5336.00; personal share 464 + 200 = 664, all above the
--    threshold (1000 reached) → subsidy 664 × 60% = 398.40
--    personal = 6000 − 5336 − 398.40 = 265.60
SELECT settle_test.claim(910302, 900301, DATE '2023-03-01', 'inpatient', 'T-RC-1', a => 5000, b20 => 1000);
-- 3. Outpatient visits (no pooled-fund ratio for employees' outpatient care):
--    1500 counted (cap 2000) → 1500 × 60% = 900.00; the next 1000 only 500 counted → 300.00
SELECT settle_test.claim(910303, 900301, DATE '2023-04-01', 'outpatient', 'T-RC-3', a => 1500);
SELECT settle_test.claim(910304, 900301, DATE '2023-05-01', 'outpatient', 'T-RC-3', a => 1000);
-- 4. Pharmacy purchase: the outpatient cap is used up → nothing.
SELECT settle_test.claim(910305, 900301, DATE '2023-06-01', 'pharmacy', 'T-RC-P', a => 300);
SELECT s.* FROM generate_series(910301, 910305) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;
SELECT * FROM settle_test.lines(910302);
SELECT pool, base_counted, outpatient_counted, pharmacy_counted, fund_paid
  FROM medins.benefit_accumulator WHERE person_id = 900301 ORDER BY pool;

-- C2: retired civil servant (threshold 700, 80%, pharmacy counted up to 1000):
--     pharmacy 1500 → 1000 counted; 1000 − 700 = 300 × 80% = 240.00
SELECT settle_test.person(900302, 'employee', 'RC', 'retired', DATE '1955-01-01', civil_servant => true, retired => true);
SELECT settle_test.contribute(900302, DATE '2015-01-01', 9);
SELECT settle_test.claim(910311, 900302, DATE '2023-02-01', 'pharmacy', 'T-RC-P', a => 1500);
SELECT * FROM settle_test.show(medins.settle(910311));

-- C3: in service aged 50 (>45: 70%): outpatient 1500 → (1500 − 1000) × 70% = 350.00
SELECT settle_test.person(900303, 'employee', 'RC', 'in_service', DATE '1973-01-01', civil_servant => true);
SELECT settle_test.contribute(900303, DATE '2015-01-01', 9);
SELECT settle_test.claim(910321, 900303, DATE '2023-02-01', 'outpatient', 'T-RC-3', a => 1500);
SELECT * FROM settle_test.show(medins.settle(910321));

-- C4: not a civil servant; the 60000 fund ceiling reached inside one stay.
--     70000 × 90% = 63000 > 60000 → fund 60000.00, which covers
--     60000 / 90% = 66666.66 (rounded down to the fen) of cost; the other
--     3333.34 goes to the supplementary layer (illustrative 90%):
--     3333.34 × 90% = 3000.006 → 3000.01 (half up);
--     personal = 70000 − 60000 − 3000.01 = 6999.99
SELECT settle_test.person(900304, 'employee', 'RC', 'in_service', DATE '1970-01-01');
SELECT settle_test.contribute(900304, DATE '2015-01-01', 9);
SELECT settle_test.claim(910331, 900304, DATE '2023-02-01', 'inpatient', 'T-RC-3', a => 70000);
SELECT * FROM settle_test.show(medins.settle(910331));
SELECT * FROM settle_test.lines(910331);

-- C5: a resident of City C (its own scheme, illustrative 67%): 3000 × 67% = 2010.00
SELECT settle_test.person(900305, 'resident', 'RC', 'adult', DATE '1990-01-01');
SELECT settle_test.contribute(900305, DATE '2015-01-01', 9);
SELECT settle_test.claim(910341, 900305, DATE '2023-02-01', 'inpatient', 'T-RC-3', a => 3000);
SELECT * FROM settle_test.show(medins.settle(910341));

SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
