-- Scheme A (甲市城镇居民, seed 000 范文4): worked examples.
-- Each settlement's arithmetic is in the comment above it; money in yuan.
SET client_min_messages = warning;

-- Persons.  A1: adult, first contribution for 2023 paid 2022-12-12
-- (waiting: 满三个月 from the payment month → covered from 2023-03-01).
SELECT settle_test.person(900101, 'resident', 'RA', 'adult', DATE '1980-05-01');
SELECT settle_test.contribute(900101, DATE '2023-01-01', 2);

-- 1. Waiting period: admitted 2023-02-10, before 2023-03-01 → refused.
SELECT settle_test.claim(910101, 900101, DATE '2023-02-10', 'inpatient', 'T-RA-2', a => 5000);
SELECT * FROM settle_test.show(medins.settle(910101));

-- 2. First admission of 2023, 二级 hospital, adult: deductible 300, ratio 55%.
--    fund = (5000 − 300) × 55% = 2585.00; personal = 5000 − 2585 = 2415.00
SELECT settle_test.claim(910102, 900101, DATE '2023-04-03', 'inpatient', 'T-RA-2', a => 5000);
SELECT * FROM settle_test.show(medins.settle(910102));

-- 3. Second admission, 三甲: deductible 500 − 100 = 400; ratio 50%.
--    total 11500 = 甲 10000 + 乙 1000 + 丙 500; 乙类 first share 10% = 100
--    in scope = 11500 − 500 − 100 = 10900; fund = (10900 − 400) × 50% = 5250.00
--    personal = 11500 − 5250 = 6250.00
SELECT settle_test.claim(910103, 900101, DATE '2023-06-01', 'inpatient', 'T-RA-3A', a => 10000, b10 => 1000, c => 500);
SELECT * FROM settle_test.show(medins.settle(910103));
SELECT * FROM settle_test.lines(910103);

-- 4. Third admission, 三乙 (65%/55% row "二级及三乙"): deductible 500 − 200 = 300;
--    fourth: 500 − 300 = 200; fifth: 500 − 400 = 100 (floor 100); sixth: still 100.
--    3rd: (2300 − 300) × 55% = 1100.00; 4th: (2300 − 200) × 55% = 1155.00;
--    5th and 6th: (2300 − 100) × 55% = 1210.00
SELECT settle_test.claim(910104, 900101, DATE '2023-07-01', 'inpatient', 'T-RA-3B', a => 2300);
SELECT settle_test.claim(910105, 900101, DATE '2023-08-01', 'inpatient', 'T-RA-3B', a => 2300);
SELECT settle_test.claim(910106, 900101, DATE '2023-09-01', 'inpatient', 'T-RA-3B', a => 2300);
SELECT settle_test.claim(910107, 900101, DATE '2023-10-01', 'inpatient', 'T-RA-3B', a => 2300);
SELECT s.* FROM unnest(ARRAY[910104, 910105, 910106, 910107]) AS c(id),
	LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- 5. Ceiling reached mid-claim, then 大额医疗补充保险 (80%, illustrative).
--    A2: adult, new in 2023 (no contribution-year bonus), 一级 (60%).
--    Admission 1: (40000 − 200) × 60% = 23880.00.
--    Admission 2: deductible 100; (20000 − 100) × 60% = 11940 > room 30000 − 23880 = 6120
--    → fund 6120.00; the room covers 6120 / 60% = 10200 of cost; 19900 − 10200 = 9700
--    above the ceiling → supplementary 9700 × 80% = 7760.00
--    personal = 20000 − 6120 − 7760 = 6120.00
SELECT settle_test.person(900102, 'resident', 'RA', 'adult', DATE '1970-01-01');
SELECT settle_test.contribute(900102, DATE '2023-01-01', 1);
SELECT settle_test.claim(910111, 900102, DATE '2023-03-01', 'inpatient', 'T-RA-1', a => 40000);
SELECT settle_test.claim(910112, 900102, DATE '2023-05-01', 'inpatient', 'T-RA-1', a => 20000);
SELECT * FROM settle_test.show(medins.settle(910111));
SELECT * FROM settle_test.show(medins.settle(910112));
SELECT * FROM settle_test.lines(910112);
--    Admission 3: the ceiling is used up: fund 0; (5000 − 100) × 80% = 3920.00 supplementary
SELECT settle_test.claim(910113, 900102, DATE '2023-06-01', 'inpatient', 'T-RA-1', a => 5000);
SELECT * FROM settle_test.show(medins.settle(910113));

-- 6. Student uplift and the contribution-year bonus capped at 70%.
--    A3: student, contributions every school year since 2020-09-01 (3 full years
--    on 2023-10-09).  一级 student ratio 70% + 3 points → capped at 70%:
--    (1200 − 200) × 70% = 700.00.  二级: 65% + 3 = 68%: (1300 − 200) × 68% = 748.00
SELECT settle_test.person(900103, 'resident', 'RA', 'student', DATE '2005-03-01');
SELECT settle_test.contribute(900103, DATE '2020-09-01', 4);
SELECT settle_test.claim(910121, 900103, DATE '2023-10-09', 'inpatient', 'T-RA-1', a => 1200);
SELECT settle_test.claim(910122, 900103, DATE '2023-11-09', 'inpatient', 'T-RA-2', a => 1300);
SELECT * FROM settle_test.show(medins.settle(910121));
SELECT * FROM settle_test.show(medins.settle(910122));
--    A4: adult with 12 full years (since 2011-01-01): 一级 60% + 12 = 72% → 70%:
--    (1200 − 200) × 70% = 700.00; 三甲 50% + 12 = 62%: (2000 − 400) × 62% = 992.00
SELECT settle_test.person(900104, 'resident', 'RA', 'adult', DATE '1960-03-01');
SELECT settle_test.contribute(900104, DATE '2011-01-01', 13);
SELECT settle_test.claim(910131, 900104, DATE '2023-05-01', 'inpatient', 'T-RA-1', a => 1200);
SELECT settle_test.claim(910132, 900104, DATE '2023-06-01', 'inpatient', 'T-RA-3A', a => 2000);
SELECT * FROM settle_test.show(medins.settle(910131));
SELECT * FROM settle_test.show(medins.settle(910132));

-- 7. Referral out of the city: deductible 600, not lowered on the 3rd admission;
--    ratio 50% + 12 = 62%: (3600 − 600) × 62% = 1860.00
SELECT settle_test.claim(910133, 900104, DATE '2023-07-01', 'inpatient', 'T-RX-3A', a => 3600,
	referral => 'referred_out', out_of_area => true);
SELECT * FROM settle_test.show(medins.settle(910133));
--    An emergency out of the city is paid as a referral (第二十条): the same
--    600 and 62%: (1600 − 600) × 62% = 620.00
SELECT settle_test.claim(910134, 900104, DATE '2023-08-01', 'inpatient', 'T-RX-3A', a => 1600,
	emergency => true, out_of_area => true);
SELECT * FROM settle_test.show(medins.settle(910134));
SELECT step, amount FROM settle_test.lines(910134) WHERE step LIKE 'emergency%' OR step = 'deductible';

-- 8. Exclusions: a fight is not paid; self-harm by a person with mental illness is.
--    5th admission of A4 at 一级: deductible 200 − 400 → floor 100; 70%:
--    (1100 − 100) × 70% = 700.00
SELECT settle_test.claim(910135, 900104, DATE '2023-09-01', 'inpatient', 'T-RA-1', a => 1100, cause => 'fight');
SELECT settle_test.claim(910136, 900104, DATE '2023-09-15', 'inpatient', 'T-RA-1', a => 1100, cause => 'self_harm_mental');
SELECT * FROM settle_test.show(medins.settle(910135));
SELECT * FROM settle_test.show(medins.settle(910136));

-- 9. Outpatient special disease (pre-approved late cancer): 400 a year, 50%,
--    plus 3 contribution years (since 2020) = 53%.
--    1st visit: (1000 − 400) × 53% = 318.00; 2nd: deductible used up: 1000 × 53% = 530.00
--    Without an approval for the diagnosis (I10 hypertension): refused.
SELECT settle_test.person(900105, 'resident', 'RA', 'elderly', DATE '1950-03-01');
SELECT settle_test.contribute(900105, DATE '2020-01-01', 4);
INSERT INTO medins.special_disease_approval VALUES (900105, 'A_RESIDENT', 'late_cancer', DATE '2023-01-01', NULL);
SELECT settle_test.claim(910141, 900105, DATE '2023-03-01', 'special_outpatient', 'T-RA-3A', a => 1000, diagnosis => 'C34.9');
SELECT settle_test.claim(910142, 900105, DATE '2023-04-01', 'special_outpatient', 'T-RA-3A', a => 1000, diagnosis => 'C34.9');
SELECT settle_test.claim(910143, 900105, DATE '2023-05-01', 'special_outpatient', 'T-RA-3A', a => 1000, diagnosis => 'I10');
SELECT * FROM settle_test.show(medins.settle(910141));
SELECT * FROM settle_test.show(medins.settle(910142));
SELECT * FROM settle_test.show(medins.settle(910143));

-- 10. Cross-year stay: admitted 2023-12-20, discharged 2024-01-05 → belongs to
--     2024 (出院时所在年度): first admission of 2024, full 二级 deductible 300,
--     whereas a 2023 stay would have been A1's 6th (deductible 100).
--     (2300 − 300) × 55% = 1100.00
SELECT settle_test.claim(910108, 900101, DATE '2023-12-20', 'inpatient', 'T-RA-2', a => 2300, discharge => DATE '2024-01-05');
SELECT * FROM settle_test.show(medins.settle(910108));
SELECT year_start FROM medins.settlement WHERE claim_id = 910108;

-- 11. Lapse: paid 2021, nothing for 2022, arrears for 2022 and 2023 paid 2023-02-15
--     → covered 满三个月 from February: from 2023-05-01.  The arrears make the
--     years continuous (2 full years since 2021-01-01 → 55% + 2 = 57%):
--     (1000 − 300) × 57% = 399.00
SELECT settle_test.person(900106, 'resident', 'RA', 'adult', DATE '1985-03-01');
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on, personal_amount, is_arrears) VALUES
	(900106, DATE '2021-01-01', DATE '2021-12-31', DATE '2020-12-01', 255, false),
	(900106, DATE '2022-01-01', DATE '2022-12-31', DATE '2023-02-15', 295, true),
	(900106, DATE '2023-01-01', DATE '2023-12-31', DATE '2023-02-15', 255, false);
SELECT settle_test.claim(910151, 900106, DATE '2022-06-01', 'inpatient', 'T-RA-2', a => 1000);
SELECT settle_test.claim(910152, 900106, DATE '2023-04-10', 'inpatient', 'T-RA-2', a => 1000);
SELECT settle_test.claim(910153, 900106, DATE '2023-05-10', 'inpatient', 'T-RA-2', a => 1000);
SELECT s.* FROM unnest(ARRAY[910151, 910152, 910153]) AS c(id),
	LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- Every accumulator equals the sum of its settlements.
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
