-- Scheme D (丁县城乡居民, seed 003): referral rules and the layers after
-- the basic fund.  Deductibles, ratios and layer numbers of D are
-- illustrative (the seed gives none): 一级200/85%, 二级500/75%, 三级800/60%;
-- 大病保险 above 15000 a year at 60%; 医疗救助 70% (低保) / 90% (特困).
-- D settles every 乙类 item with the scheme's 10% first share.
SET client_min_messages = warning;

SELECT settle_test.person(900401, 'urban_rural', 'RD', 'adult', DATE '1970-01-01');
SELECT settle_test.contribute(900401, DATE '2019-01-01', 5);

-- 1. Unreferred stay at a city (三级) hospital: ratio 60% − 10 = 50%:
--    (10000 − 800) × 50% = 4600.00
SELECT settle_test.claim(910401, 900401, DATE '2023-02-01', 'inpatient', 'T-RD-3', a => 10000, referral => 'unreferred');
-- 2. Unreferred at the county (二级) hospital: no reduction: (3000 − 500) × 75% = 1875.00
SELECT settle_test.claim(910402, 900401, DATE '2023-03-01', 'inpatient', 'T-RD-2', a => 3000, referral => 'unreferred');
-- 3. Down-referral with a certificate: no deductible: 3000 × 85% = 2550.00
SELECT settle_test.claim(910403, 900401, DATE '2023-04-01', 'inpatient', 'T-RD-1', a => 3000, referral => 'down_referred');
-- 4. Outpatient (illustrative 50%): 200 × 50% = 100.00
SELECT settle_test.claim(910404, 900401, DATE '2023-05-01', 'outpatient', 'T-RD-1', a => 200);
SELECT s.* FROM generate_series(910401, 910404) AS c(id), LATERAL settle_test.show(medins.settle(c.id)) AS s;

-- 5. A 低保 person's large stay: 甲 50000 + 乙 10000 (item ratio 20%, but the
--    scheme's 10% applies: first share 1000); in scope 59000; deductible 800;
--    basic (59000 − 800) × 60% = 34920.00; personal in-scope share 24080:
--    大病保险 (24080 − 15000) × 60% = 5448.00; left 18632;
--    医疗救助 18632 × 70% = 13042.40;
--    personal = 60000 − 34920 − 5448 − 13042.40 = 6589.60
SELECT settle_test.person(900402, 'urban_rural', 'RD', 'adult', DATE '1960-01-01', assistance => 'dibao');
SELECT settle_test.contribute(900402, DATE '2019-01-01', 5);
SELECT settle_test.claim(910411, 900402, DATE '2023-02-01', 'inpatient', 'T-RD-3', a => 50000, b20 => 10000);
SELECT * FROM settle_test.show(medins.settle(910411));
SELECT * FROM settle_test.lines(910411);

-- 6. Exclusion: treatment abroad is not paid.
SELECT settle_test.claim(910412, 900402, DATE '2023-06-01', 'inpatient', 'T-RD-3', a => 5000, cause => 'abroad');
SELECT * FROM settle_test.show(medins.settle(910412));

-- The set-wise input view gives the same facts and scope as the per-claim one
-- for every claim of the settle_* tests.
SELECT count(*) FILTER (WHERE a.facts IS DISTINCT FROM b.facts) AS facts_differ,
	   count(*) FILTER (WHERE a.scope IS DISTINCT FROM b.scope) AS scope_differ,
	   count(*) FILTER (WHERE a.claim_id IS NULL OR b.claim_id IS NULL) AS missing,
	   count(*) > 10 AS compared_some
  FROM medins.settlement_input AS a
  FULL JOIN medins.settlement_input_bulk AS b
	ON a.person_id = b.person_id AND a.claim_id = b.claim_id AND a.claim_date = b.claim_date;

SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
