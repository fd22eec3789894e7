-- Emergency death in an in-city outpatient department (在市内门诊急诊抢救
-- 死亡, A): paid as an inpatient stay when the scheme says so
-- (benefit_policy.emergency_death_as_inpatient); the claim's
-- discharge_outcome (离院方式) says the person died.  Money in yuan.
SET client_min_messages = warning;
CREATE FUNCTION settle_test.died(id bigint) RETURNS bigint LANGUAGE sql AS $$
	UPDATE medins.claim SET discharge_outcome = 'died' WHERE claim_id = id RETURNING claim_id
$$;

-- City A adults, insured from 2023 (covered from 2023-02-01), 三甲:
-- inpatient deductible 500 (−100 a stay), ratio 50%; A pays no ordinary
-- outpatient care (no outpatient ratio row).
SELECT settle_test.person(id, 'resident', 'RA', 'adult', DATE '1950-01-01') FROM (VALUES (901001), (901003), (901004)) AS v(id);
SELECT settle_test.contribute(id, DATE '2023-01-01', 1, 42) FROM (VALUES (901001), (901003), (901004)) AS v(id);

-- 1. D1 had a stay in March: the 1st admission of 2023, 甲 2400:
--    (2400 − 500) × 50% = 950.00.  In May an emergency visit in the city
--    ends in death, 甲 6000: settled as the 2nd stay, deductible 400:
--    (6000 − 400) × 50% = 2800.00.
SELECT settle_test.claim(911005, 901001, DATE '2023-03-01', 'inpatient', 'T-RA-3A', a => 2400);
SELECT settle_test.died(settle_test.claim(911001, 901001, DATE '2023-05-01', 'outpatient', 'T-RA-3A',
	a => 6000, emergency => true));
-- 2. D3: an emergency visit without death is an outpatient visit, which A
--    does not pay: 0; a later death that was not an emergency is not
--    settled as a stay either: 0.
SELECT settle_test.claim(911002, 901003, DATE '2023-05-02', 'outpatient', 'T-RA-3A', a => 6000,
	emergency => true);
SELECT settle_test.died(settle_test.claim(911003, 901003, DATE '2023-05-03', 'outpatient', 'T-RA-3A',
	a => 6000));
-- 3. D4: an emergency death out of the city is not settled as a stay (A
--    pays out-of-city emergencies as referrals, and referrals only for
--    stays): 0.
SELECT settle_test.died(settle_test.claim(911004, 901004, DATE '2023-05-04', 'outpatient', 'T-RX-3A',
	a => 6000, emergency => true, out_of_area => true));
SELECT s.* FROM unnest(ARRAY[911005, 911001, 911002, 911003, 911004]) WITH ORDINALITY AS c(id, n),
	LATERAL settle_test.show(medins.settle(c.id)) AS s ORDER BY c.n;
SELECT l.step, l.amount, l.payer
  FROM medins.current_settlement AS s JOIN medins.settlement_line AS l USING (person_id, settlement_id)
 WHERE s.claim_id = 911001 AND l.step IN ('emergency_death_as_inpatient', 'deductible', 'basic_fund_segment')
 ORDER BY l.line_no;

-- 4. A scheme without the rule (D, outpatient 50%, illustrative): the same
--    death is an outpatient claim: 1000 × 50% = 500.00, no ordinal.
SELECT settle_test.person(901002, 'urban_rural', 'RD', 'adult', DATE '1950-01-01');
SELECT settle_test.contribute(901002, DATE '2022-01-01', 2);
SELECT settle_test.died(settle_test.claim(911011, 901002, DATE '2023-05-01', 'outpatient', 'T-RD-2',
	a => 1000, emergency => true));
SELECT * FROM settle_test.show(medins.settle(911011));

-- An outcome outside the list is refused (check_violation).
\set VERBOSITY sqlstate
UPDATE medins.claim SET discharge_outcome = 'dead' WHERE claim_id = 911011;
\set VERBOSITY default
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
RESET client_min_messages;
