-- Set-wise pre-settlement in C (medins.settlement_inputs, presettle_claims
-- and the views settlement_input_bulk, presettle_bulk over them) against
-- the per-claim SQL (medins.settlement_input, presettle_facts, presettle)
-- for every claim in the database: the settle_* and audit tests' claims,
-- and claims made here for each rule the C code restates.  Everything made
-- here is rolled back.  (Runs after the scheme tests, before the batch.)
SET client_min_messages = warning;

-- Every claim's C inputs and results against the per-claim SQL.
CREATE FUNCTION settle_test.bulk_differences()
RETURNS TABLE (claims bigint, missing bigint, facts_differ bigint, scope_differ bigint,
			   result_differs bigint, presettle_differs bigint)
LANGUAGE sql AS $$
	SELECT count(*),
		   count(*) FILTER (WHERE b.claim_id IS NULL OR s.claim_id IS NULL),
		   count(*) FILTER (WHERE b.facts::text IS DISTINCT FROM s.facts::text),
		   count(*) FILTER (WHERE b.scope::text IS DISTINCT FROM s.scope::text),
		   count(*) FILTER (WHERE r.result::text IS DISTINCT FROM
							medins.presettle_facts(s.person_id, s.facts, s.scope)::text),
		   count(*) FILTER (WHERE r.result::text IS DISTINCT FROM medins.presettle(s.claim_id)::text)
	  FROM medins.settlement_input AS s
	  FULL JOIN medins.settlement_input_bulk AS b USING (person_id, claim_id, claim_date)
	  LEFT JOIN medins.presettle_bulk AS r USING (person_id, claim_id, claim_date)
$$;

SELECT claims > 50 AS many, missing, facts_differ, scope_differ, result_differs, presettle_differs
  FROM settle_test.bulk_differences();

BEGIN;
-- Agreement events of T-RA-3B: suspended 1–14 March, resumed, two events on
-- 1 June (the later event_id, a suspension, decides), terminated in
-- September; claims around each.  (Before the first event the institution
-- is not suspended, although the events' trigger sets its agreement_state
-- to the latest, terminated: the claim of 2022-12-31 is settled.)
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end)
VALUES (990101, 'T-RA-3B', DATE '2023-01-01', DATE '2024-12-31');
INSERT INTO medins.agreement_event (event_id, agreement_id, event, effective_on) VALUES
	(990101, 990101, 'activate', DATE '2023-01-01'),
	(990102, 990101, 'suspend', DATE '2023-03-01'),
	(990103, 990101, 'resume', DATE '2023-03-15'),
	(990104, 990101, 'resume', DATE '2023-06-01'),
	(990105, 990101, 'suspend', DATE '2023-06-01'),
	(990106, 990101, 'terminate', DATE '2023-09-01');
SELECT settle_test.person(900991, 'resident', 'RA', 'adult', DATE '1980-01-01');
SELECT settle_test.contribute(900991, DATE '2022-01-01', 3);
SELECT count(settle_test.claim(911901 + k, 900991, d, 'outpatient', 'T-RA-3B', a => 100))
  FROM unnest(ARRAY[DATE '2022-12-31', '2023-01-01', '2023-03-01', '2023-03-14',
					'2023-03-15', '2023-05-31', '2023-06-01', '2023-08-31',
					'2023-09-01']) WITH ORDINALITY AS t(d, k);
-- Sanctions of T-DOC-1: suspended in July (the last day of July not), a
-- warning in August (does not suspend); an emergency while suspended.
INSERT INTO medins.physician_sanction (physician_code, points_year, points_total, band_code,
									   consequence, starts_on, ends_on) VALUES
	('T-DOC-1', 2023, 4, 'suspend_4', 'suspended', DATE '2023-07-01', DATE '2023-07-31'),
	('T-DOC-1', 2023, 2, 'warn_2', 'warned', DATE '2023-08-01', DATE '2023-09-01');
SELECT count(settle_test.claim(911921 + k, 900991, d, 'inpatient', 'T-RA-2', a => 1000,
							   physician => 'T-DOC-1', emergency => k = 3))
  FROM unnest(ARRAY[DATE '2023-06-30', '2023-07-01', '2023-07-15', '2023-07-31',
					'2023-08-15']) WITH ORDINALITY AS t(d, k);
-- Audit findings: two on one item (summed, capped at the item), one that
-- only flags, one dismissed, one on a whole claim.
SELECT settle_test.claim(911931, 900991, DATE '2023-10-01', 'inpatient', 'T-RA-2', a => 1000, b10 => 500, c => 50);
SELECT settle_test.claim(911932, 900991, DATE '2023-10-02', 'outpatient', 'T-RA-2', a => 80);
INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, item_no, rule_code,
								  disallowed_amount, disallows, status) VALUES
	(900991, 911931, DATE '2023-10-01', 1, 'settle_test_price', 300, true, 'open'),
	(900991, 911931, DATE '2023-10-01', 1, 'settle_test_stay', 800, true, 'confirmed'),
	(900991, 911931, DATE '2023-10-01', 2, 'settle_test_price', 100, false, 'open'),
	(900991, 911931, DATE '2023-10-01', 3, 'settle_test_stay', 20, true, 'dismissed'),
	(900991, 911932, DATE '2023-10-02', NULL, 'settle_test_stay', 0, true, 'open');
-- Contributions: a gap (lapsed), arrears paid later, periods that overlap.
SELECT settle_test.person(900992, 'resident', 'RA', 'adult', DATE '1970-06-15');
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on,
										personal_amount, is_arrears) VALUES
	(900992, DATE '2019-01-01', DATE '2019-12-31', DATE '2018-12-01', 100, false),
	(900992, DATE '2020-01-01', DATE '2020-12-31', DATE '2019-12-01', 100, false),
	(900992, DATE '2021-06-01', DATE '2022-05-31', DATE '2021-05-20', 100, false),
	(900992, DATE '2022-06-01', DATE '2023-05-31', DATE '2022-08-10', 100, true),
	(900992, DATE '2023-03-01', DATE '2024-02-29', DATE '2023-02-20', 100, false);
SELECT count(settle_test.claim(911941 + k, 900992, d, 'inpatient', 'T-RA-1', a => 2000))
  FROM unnest(ARRAY[DATE '2019-06-01', '2020-06-01', '2021-03-01', '2021-07-01',
					'2022-07-01', '2023-04-01', '2023-06-15', '2024-03-01']) WITH ORDINALITY AS t(d, k);
-- Special diseases: two matching approvals (the first disease_code wins),
-- an expired approval, a malformed diagnosis, a disease no longer in force.
INSERT INTO medins.special_disease (scheme_code, disease_code, name_zh, diagnoses, pool,
									counts_to_basic_ceiling, valid_from, valid_to) VALUES
	('A_RESIDENT', 'aa_test', '测试病种', 'E11', 'special', true, DATE '2008-01-01', NULL),
	('A_RESIDENT', 'zz_test', '测试病种(停用)', 'E11,I10', 'special', true, DATE '2008-01-01', DATE '2023-06-30');
INSERT INTO medins.special_disease_approval (person_id, scheme_code, disease_code, approved_from, approved_to) VALUES
	(900991, 'A_RESIDENT', 'diabetes', DATE '2023-01-01', NULL),
	(900991, 'A_RESIDENT', 'aa_test', DATE '2023-01-01', DATE '2023-08-31'),
	(900991, 'A_RESIDENT', 'zz_test', DATE '2023-01-01', NULL);
SELECT count(settle_test.claim(911951 + k, 900991, d, 'special_outpatient', 'T-RA-2', a => 300, diagnosis => dx))
  FROM unnest(ARRAY[DATE '2023-05-01', '2023-09-01', '2023-05-02', '2023-07-02', '2023-05-03', '2022-05-01'],
			  ARRAY['E11.9', 'E11.9', 'I10', 'I10', 'not a code', 'E11.9']) WITH ORDINALITY AS t(d, dx, k);
-- A new scheme for the region from 2024 (settled by the discharge date);
-- a person born on 29 February; a pharmacy; a claim without items; an
-- injury cause; a payment standard whose product overflows 64 bits; a claim
-- outside every monthly partition.
INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, valid_from)
VALUES ('A_RESIDENT_2024', 'RA', 'resident', '测试方案', DATE '2024-01-01');
SELECT settle_test.person(900993, 'resident', 'RC', 'adult', DATE '2000-02-29');
SELECT settle_test.contribute(900993, DATE '2022-01-01', 3);
SELECT settle_test.claim(911961, 900991, DATE '2023-12-28', 'inpatient', 'T-RA-2', a => 1000, discharge => DATE '2024-01-03');
SELECT settle_test.claim(911962, 900993, DATE '2023-02-28', 'pharmacy', 'T-RC-P', b10 => 40);
SELECT settle_test.claim(911963, 900993, DATE '2023-03-01', 'outpatient', 'T-RC-1');
SELECT settle_test.claim(911964, 900993, DATE '2024-02-29', 'inpatient', 'T-RC-3', a => 900, cause => 'accident');
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio, payment_standard)
VALUES ('T-BIG', 'facility', '大额支付标准', 'B', 0.05, 1000000);
SELECT settle_test.claim(911965, 900993, DATE '2023-04-01', 'inpatient', 'T-RC-3', a => 100);
INSERT INTO medins.claim_item VALUES
	(900993, 911965, DATE '2023-04-01', 2, 'T-BIG', 'B', 1000000, 1, 1000000.00, DATE '2023-04-01'),
	(900993, 911965, DATE '2023-04-01', 3, 'T-STD', 'A', 2.5, 90, 225.00, DATE '2023-04-01');
SELECT settle_test.claim(911966, 900993, DATE '2015-03-01', 'outpatient', 'T-RC-1', a => 10);
-- Maternity per case by the diagnosis's case type (C: ectopic O00, induced
-- O01–O08, a delivery of neither), an in-city emergency outpatient death.
SELECT count(settle_test.claim(911966 + k, 900993, d, 'maternity', 'T-RC-3', a => 3000, diagnosis => dx))
  FROM unnest(ARRAY[DATE '2023-05-01', '2023-06-01', '2023-07-01'],
			  ARRAY['O00.1', 'O04.9', 'O80.0']) WITH ORDINALITY AS t(d, dx, k);
SELECT settle_test.claim(911970, 900993, DATE '2023-08-01', 'outpatient', 'T-RC-3', a => 800, emergency => true);
UPDATE medins.claim SET discharge_outcome = 'died' WHERE claim_id = 911970;

SELECT missing, facts_differ, scope_differ, result_differs, presettle_differs
  FROM settle_test.bulk_differences();
-- What the rules gave (the C path, from the view over presettle_claims).
SELECT claim_id, (result).status, (result).reason, (b.facts).special_disease,
	   (b.facts).waiting_kind, (b.facts).contribution_years, (b.scope).disallowed,
	   (b.scope).over_standard, (result).basic_fund, (b.facts).discharge_outcome
  FROM medins.presettle_bulk
  JOIN medins.settlement_input_bulk AS b USING (person_id, claim_id, claim_date)
 WHERE claim_id BETWEEN 911901 AND 911999
 ORDER BY claim_id;

-- A date range: the claims dated from..to, both inclusive; bounds left
-- open; none when from is after to.
SELECT count(*) AS march_2023,
	   count(*) = (SELECT count(*) FROM medins.claim
					WHERE claim_date BETWEEN DATE '2023-03-01' AND DATE '2023-03-31') AS all_of_march
  FROM medins.presettle_claims(DATE '2023-03-01', DATE '2023-03-31');
SELECT count(*) = (SELECT count(*) FROM medins.claim WHERE claim_date >= DATE '2023-06-01') AS from_june
  FROM medins.presettle_claims(DATE '2023-06-01');
SELECT count(*) = (SELECT count(*) FROM medins.claim WHERE claim_date <= DATE '2022-12-31') AS to_2022
  FROM medins.settlement_inputs(to_date => DATE '2022-12-31');
SELECT count(*) AS none FROM medins.presettle_claims(DATE '2023-03-02', DATE '2023-03-01');
SELECT (r).claim_id, (r).result::text = medins.presettle((r).claim_id)::text AS same
  FROM (SELECT medins.presettle_claims(DATE '2023-03-14', DATE '2023-03-14') AS r) AS x;
-- A query that reads only the first rows, then a whole scan again.
SELECT count(*) AS first_two FROM (SELECT * FROM medins.presettle_bulk LIMIT 2) AS x;
SELECT count(*) > 0 AS again FROM medins.presettle_bulk;
ROLLBACK;
-- Infinite bounds are refused.
\set VERBOSITY sqlstate
SELECT count(*) FROM medins.presettle_claims(DATE '2023-01-01', 'infinity');
\set VERBOSITY default

SELECT missing, facts_differ, scope_differ, result_differs, presettle_differs
  FROM settle_test.bulk_differences();
RESET client_min_messages;
