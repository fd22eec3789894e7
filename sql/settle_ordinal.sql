-- Admission ordinals (第几次住院) after a reversal (冲正): the stays in force
-- of a person's scheme year always hold 1..n, each once.  A stay re-settled
-- after its reversal takes the smallest ordinal no stay in force holds —
-- the one it gave up — so it gets back its deductible and its pay.
-- Scheme A, adult, new in 2023, 二级 (55%): deductible 300, then −100 a stay.
SET client_min_messages = warning;
SELECT settle_test.person(900801, 'resident', 'RA', 'adult', DATE '1981-01-01');
SELECT settle_test.contribute(900801, DATE '2023-01-01', 1, 100);

-- Three stays of 2300: (2300 − 300) × 55% = 1100.00;
-- (2300 − 200) × 55% = 1155.00; (2300 − 100) × 55% = 1210.00.
SELECT settle_test.claim(910800 + k, 900801, DATE '2023-03-01' + 30 * k, 'inpatient', 'T-RA-2', a => 2300)
  FROM generate_series(1, 4) AS k;
SELECT s.* FROM generate_series(910801, 910803) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- 1. Reverse the 2nd stay and settle it again: in force are 1 and 3, so it
--    takes 2 again: deductible 200, fund 1155.00.  (Counting the stays in
--    force + 1 would have given it 3 — the 3rd stay's ordinal — and a
--    deductible of 100.)
SELECT generation, admission_ordinal FROM medins.reverse_settlement(910802);
SELECT * FROM settle_test.show(medins.settle(910802));

-- 2. Reverse the 1st stay; a new (4th) stay settled meanwhile takes the
--    free ordinal 1: (2300 − 300) × 55% = 1100.00; re-settling the 1st then
--    makes it the 4th: deductible 300 − 3 × 100 = 0 → floor 100:
--    (2300 − 100) × 55% = 1210.00.  The four stays in force pay the four
--    deductibles 300 + 200 + 100 + 100 once each, whatever the order.
SELECT generation, admission_ordinal FROM medins.reverse_settlement(910801);
SELECT * FROM settle_test.show(medins.settle(910804));
SELECT * FROM settle_test.show(medins.settle(910801));
SELECT claim_id, admission_ordinal, deductible, basic_fund FROM medins.current_settlement
 WHERE person_id = 900801 ORDER BY admission_ordinal;
SELECT count(*) AS ordinals_shared
  FROM (SELECT admission_ordinal FROM medins.current_settlement WHERE person_id = 900801
		 GROUP BY 1 HAVING count(*) > 1) AS x;
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
RESET client_min_messages;
