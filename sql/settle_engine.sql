-- The settlement machinery: reversal (冲正) and re-settlement, settling
-- twice, audit findings, suspended physicians and institutions, payment
-- standards, policy cache invalidation, the table-agnostic entry point and
-- bad input.  Scheme A, person E1: adult, new in 2023 (60%/55%/50%).
SET client_min_messages = warning;
SELECT settle_test.person(900501, 'resident', 'RA', 'adult', DATE '1980-01-01');
SELECT settle_test.contribute(900501, DATE '2023-01-01', 1);

-- Pre-settlement writes nothing: (5000 − 300) × 55% = 2585.00
SELECT settle_test.claim(910501, 900501, DATE '2023-04-01', 'inpatient', 'T-RA-2', a => 5000);
SELECT status, deductible, basic_fund, personal_pay, admission_ordinal FROM medins.presettle(910501);
SELECT count(*) AS settlements FROM medins.settlement WHERE person_id = 900501;

-- Settle, then settling again is refused.
SELECT * FROM settle_test.show(medins.settle(910501));
SELECT medins.settle(910501);

-- Reverse: a new row with negated amounts; the accumulators return to zero.
SELECT entry_kind, generation, total, basic_fund, personal_pay, reverses_id IS NOT NULL AS names_original
  FROM medins.reverse_settlement(910501);
SELECT pool, admissions, in_scope, fund_paid FROM medins.benefit_accumulator WHERE person_id = 900501;
SELECT medins.reverse_settlement(910501);
-- ... and settle again (generation 2), admission 1 again.
SELECT generation, admission_ordinal, basic_fund FROM medins.settle(910501);
SELECT claim_id, generation, basic_fund FROM medins.current_settlement WHERE person_id = 900501;

-- Audit: 200 of an item disallowed; the fund does not pay it, the
-- institution bears it: in scope 4800: (4800 − 200) × 55% = 2530.00
-- (Findings recorded by hand under two disabled rules, so that no rule
-- fires by itself on the test's claims.)
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, enabled) VALUES
	('settle_test_price', 'over_standard_price', '结算测试: 超标准收费', false),
	('settle_test_stay', 'bed_holding', '结算测试: 挂床住院', false);
SELECT settle_test.claim(910502, 900501, DATE '2023-05-01', 'inpatient', 'T-RA-2', a => 5000);
INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, item_no, rule_code, disallowed_amount)
VALUES (900501, 910502, DATE '2023-05-01', 1, 'settle_test_price', 200);
SELECT * FROM settle_test.show(medins.settle(910502));
-- After the finding is dismissed (申诉成功), reversal and re-settlement pay it:
-- (5000 − 200) × 55% = 2640.00 (still the 2nd admission)
SELECT medins.decide_finding(person_id, finding_id, 'dismissed', 'appeal board') IS NOT NULL AS dismissed
  FROM medins.audit_finding WHERE claim_id = 910502;
SELECT generation FROM medins.reverse_settlement(910502);
SELECT * FROM settle_test.show(medins.settle(910502));
-- A finding on the whole claim: nothing paid, borne by the institution.
SELECT settle_test.claim(910503, 900501, DATE '2023-06-01', 'inpatient', 'T-RA-2', a => 1000);
INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, item_no, rule_code, disallowed_amount)
VALUES (900501, 910503, DATE '2023-06-01', NULL, 'settle_test_stay', 0);
SELECT * FROM settle_test.show(medins.settle(910503));

-- Suspended physician: not paid, borne by the institution; emergencies paid.
-- (The audit part owns physician_is_suspended; here it is replaced inside a
-- transaction that is rolled back.)
SELECT settle_test.claim(910504, 900501, DATE '2023-07-01', 'inpatient', 'T-RA-2', a => 1000, physician => 'T-DOC-1');
SELECT settle_test.claim(910505, 900501, DATE '2023-07-02', 'inpatient', 'T-RA-2', a => 1000, physician => 'T-DOC-1', emergency => true);
BEGIN;
CREATE OR REPLACE FUNCTION medins.physician_is_suspended(physician_code text, on_date date)
RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT $1 = 'T-DOC-1' $$;
SELECT status, reason, basic_fund, personal_pay, institution_borne FROM medins.presettle(910504);
SELECT status, reason, basic_fund > 0 AS paid FROM medins.presettle(910505);
ROLLBACK;

-- Suspended institution: withheld (not settled).
BEGIN;
UPDATE medins.institution SET agreement_state = 'suspended' WHERE institution_code = 'T-RA-2';
SELECT status, reason, fund_total, institution_borne FROM medins.presettle(910504);
ROLLBACK;

-- Payment standard: 3 bed-days at 100 with a standard of 80: 60 over the
-- standard is the person's; in scope 240 + 1000:
-- 3rd admission deductible 300 − 200 = 100: (1240 − 100) × 55% = 627.00
SELECT settle_test.claim(910506, 900501, DATE '2023-08-01', 'inpatient', 'T-RA-2', a => 1000, beds => 3, bed_price => 100);
SELECT total, over_standard, in_scope, deductible, basic_fund FROM medins.presettle(910506);

-- Policy rows are compiled once per backend and recompiled when they change,
-- also when the change is rolled back.
BEGIN;
UPDATE medins.policy_ratio SET ratio = 0.9000
 WHERE scheme_code = 'A_RESIDENT' AND population_group IS NULL AND hospital_level = 2;
SELECT basic_fund AS at_90_percent FROM medins.presettle(910506);
ROLLBACK;
SELECT basic_fund AS at_55_percent FROM medins.presettle(910506);

-- Table-agnostic: a claim held in the agency's own tables, given as facts
-- and items.  Scheme A, 一级, adult, no accumulators:
-- 甲 800 + 丙 100 + 乙 500 with 20% first share: in scope 1200;
-- (1200 − 200) × 60% = 600.00
SELECT r.status, r.total, r.out_of_scope, r.first_share, r.in_scope, r.basic_fund, r.personal_pay
  FROM (SELECT medins.scope_split(i.cls, i.amount, i.std, i.fs, NULL) AS scope
		  FROM (VALUES ('A', 800.00, NULL::numeric, 0.0), ('C', 100.00, NULL, 0.0),
					   ('B', 500.00, NULL, 0.2)) AS i(cls, amount, std, fs)) AS s
 CROSS JOIN LATERAL medins.benefit_compute(
		ROW('A_RESIDENT', DATE '2023-05-01', DATE '2023-05-08', 'inpatient', 1, NULL, 'adult', 40,
			false, false, NULL, 'none', false, false, NULL, NULL, NULL,
			DATE '2023-01-01', 'none', NULL, 0, false, false, false, NULL, NULL, NULL)::medins.claim_facts,
		s.scope, '{}') AS r;

-- Bad input: clear errors with their SQLSTATE.
\set VERBOSITY sqlstate
SELECT medins.presettle(999999999);
SELECT medins.scope_split(cls, 10, NULL, 0, NULL) FROM (VALUES ('X')) AS v(cls);
SELECT medins.scope_split('A', -1, NULL, 0, NULL);
SELECT medins.benefit_compute(ROW('A_RESIDENT', NULL, NULL, 'inpatient', 1, NULL, 'adult', 40,
	false, false, NULL, 'none', false, false, NULL, NULL, NULL, NULL, 'none', NULL, 0,
	false, false, false, NULL, NULL, NULL)::medins.claim_facts, NULL, '{}');
SELECT medins.benefit_compute(ROW('A_RESIDENT', DATE '2023-05-01', NULL, 'inpatient', 1, NULL, 'adult', 40,
	false, false, NULL, 'none', false, false, NULL, NULL, NULL, NULL, 'none', NULL, 0,
	false, false, false, NULL, NULL, NULL)::medins.claim_facts, ROW(1, 10, 5, 5, 5, 0, 0)::medins.scope_split, '{}');
CALL medins.settle_pending(0);
\set VERBOSITY default

-- A person without a scheme (an employee of City A): refused, not an error.
SELECT settle_test.person(900502, 'employee', 'RA', 'in_service', DATE '1980-01-01');
SELECT settle_test.contribute(900502, DATE '2023-01-01', 1);
SELECT settle_test.claim(910511, 900502, DATE '2023-05-01', 'inpatient', 'T-RA-2', a => 500);
SELECT status, reason, personal_pay FROM medins.presettle(910511);

SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();

-- The set-wise paths give what the per-claim ones give (sql/settle_zx_bulk.sql
-- compares more).  medins.presettle_bulk against presettle_facts() for every
-- claim, with accumulators recorded by the settlements above.
SELECT count(*) FILTER (WHERE b.result::text IS DISTINCT FROM
						medins.presettle_facts(b.person_id, i.facts, i.scope)::text) AS presettle_differs,
	   count(*) FILTER (WHERE (b.result).basic_fund > 0) > 0 AS some_paid,
	   count(*) FILTER (WHERE (b.result).admission_ordinal > 1) > 0 AS some_after_others,
	   count(*) FILTER (WHERE i.facts IS DISTINCT FROM s.facts) AS facts_differ,
	   count(*) = (SELECT count(*) FROM medins.claim) AS every_claim
  FROM medins.presettle_bulk AS b
  JOIN medins.settlement_input_bulk AS i USING (person_id, claim_id, claim_date)
  JOIN medins.settlement_input AS s USING (person_id, claim_id, claim_date);
-- medins.institution_suspension() against institution_is_suspended(), for
-- every institution on every day around a history of agreement events
-- (two on one day: the later event_id decides; a suspension past its
-- maximum is terminated, still suspended for settlement), with and
-- without events, and for an unknown institution.
BEGIN;
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end)
VALUES (990001, 'T-RA-2', DATE '2023-01-01', DATE '2024-12-31');
INSERT INTO medins.agreement_event (event_id, agreement_id, event, effective_on) VALUES
	(990001, 990001, 'activate', DATE '2023-01-01'),
	(990002, 990001, 'suspend', DATE '2023-01-01'),
	(990003, 990001, 'resume', DATE '2023-03-10'),
	(990004, 990001, 'suspend', DATE '2023-05-01');
SELECT event, effective_on, reason FROM medins.agreement_event WHERE agreement_id = 990001 ORDER BY event_id;
UPDATE medins.institution SET agreement_state = 'suspended' WHERE institution_code = 'T-RA-1';
SELECT count(*) FILTER (WHERE s.suspended IS DISTINCT FROM medins.institution_is_suspended(i.code, d.day)) AS suspension_differs,
	   count(*) FILTER (WHERE s.suspended) > 0 AS some_suspended,
	   count(*) AS compared
  FROM (SELECT institution_code FROM medins.institution UNION ALL SELECT 'T-NONE') AS i(code)
 CROSS JOIN (SELECT t::date FROM generate_series(DATE '2022-12-30', DATE '2024-01-02',
												   interval '1 day') AS t) AS d(day)
  LEFT JOIN LATERAL medins.institution_suspension(i.code, d.day) AS s ON true;
ROLLBACK;
