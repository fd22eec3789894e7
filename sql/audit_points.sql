-- Physician penalty points (医保医师积分): the violation catalogue, year
-- totals, sanctions by band with dates, status on any date, reinstatement,
-- the year boundary, regional bands, decisions on findings, escalation.
-- Runs in one transaction that rolls back.
BEGIN;

CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

INSERT INTO medins.region (region_code, name_zh) VALUES ('PTS_A', '记分测试甲市'), ('PTS_B', '记分测试乙省');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code) VALUES
	('PTS_H', '记分医院', 'hospital', 2, 'A', 'PTS_A'),
	('PTS_HB', '乙省医院', 'hospital', 2, 'A', 'PTS_B');
INSERT INTO medins.department VALUES ('PTS_H', 'A', '甲科'), ('PTS_H', 'B', '乙科'), ('PTS_HB', 'A', '甲科');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
SELECT 'PTS_' || d || n, d || '科医生' || n, 'attending', 'PTS_H', d, DATE '2020-01-01'
  FROM unnest(ARRAY['A', 'B']) AS d, generate_series(1, 3) AS n;
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
VALUES ('PTS_Y', '跨年医生', 'attending', 'PTS_H', NULL, DATE '2020-01-01'),
	   ('PTS_J', '跳级医生', 'attending', 'PTS_H', NULL, DATE '2020-01-01'),
	   ('PTS_P', '乙省医生', 'attending', 'PTS_HB', 'A', DATE '2020-01-01');

\echo '== the built-in violation catalogue: 2, 4 or 6, 12 points'
SELECT points, count(*) AS cases FROM medins.physician_violation_kind WHERE is_builtin GROUP BY 1 ORDER BY 1;
SELECT min_points, consequence, term, band_code FROM medins.points_band WHERE is_builtin ORDER BY 1;

\echo '== one physician through the bands: 2 warning, 4 suspended 3 months, 6 suspended 6 months, 12 stopped 2 years'
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_A1', 'poor_records', 2, '2025-02-10', '2025-02-15');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_A1', 'unreasonable_drugs', 2, '2025-03-10', '2025-03-15');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_A1', 'discharge_drugs_over_limit', 2, '2025-04-10', '2025-04-15');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_A1', 'split_admission', 6, '2025-05-10', '2025-05-15');
SELECT points_year, points FROM medins.physician_points WHERE physician_code = 'PTS_A1';
SELECT points_total, band_code, consequence, starts_on, ends_on
  FROM medins.physician_sanction WHERE physician_code = 'PTS_A1' ORDER BY starts_on;
SELECT d::date AS on_date, medins.physician_status('PTS_A1', d::date) AS status,
	   medins.physician_is_suspended('PTS_A1', d::date) AS suspended
  FROM unnest(ARRAY['2025-02-14', '2025-02-15', '2025-03-14', '2025-03-15', '2025-05-14',
					'2025-05-15', '2027-05-14', '2027-05-15']) AS d;

\echo '== from 0 straight to 6: only the highest band crossed applies'
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_J', 'bed_holding', 6, '2025-06-01', '2025-06-10');
SELECT points_total, band_code, consequence, starts_on, ends_on
  FROM medins.physician_sanction WHERE physician_code = 'PTS_J';
SELECT d::date AS on_date, medins.physician_status('PTS_J', d::date) AS status
  FROM unnest(ARRAY['2025-06-09', '2025-06-10', '2025-12-09', '2025-12-10']) AS d;

\echo '== the year boundary: points restart on 1 January, a sanction runs on'
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on) VALUES
	('PTS_Y', 'poor_records', 2, '2025-11-20', '2025-11-25'),
	('PTS_Y', 'poor_records', 2, '2025-12-20', '2025-12-28');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on) VALUES
	('PTS_Y', 'poor_records', 2, '2026-01-05', '2026-01-10');
SELECT points_year, points FROM medins.physician_points WHERE physician_code = 'PTS_Y' ORDER BY 1;
SELECT points_year, points_total, band_code, starts_on, ends_on
  FROM medins.physician_sanction WHERE physician_code = 'PTS_Y' ORDER BY starts_on;
SELECT d::date AS on_date, medins.physician_status('PTS_Y', d::date) AS status
  FROM unnest(ARRAY['2025-12-27', '2025-12-28', '2026-01-01', '2026-03-27', '2026-03-28', '2027-01-01']) AS d;

\echo '== points outside the catalogue are refused'
SELECT pg_temp.try($$INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date)
	VALUES ('PTS_B1', 'bed_holding', 5, '2025-01-01')$$) AS five_for_bed_holding;
SELECT pg_temp.try($$INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date)
	VALUES ('PTS_B1', 'poor_records', 12, '2025-01-01')$$) AS twelve_for_records;
SELECT count(*) AS points_rows FROM medins.physician_points WHERE physician_code = 'PTS_B1';

\echo '== records are append-only'
SELECT pg_temp.try($$UPDATE medins.physician_violation SET points = 2 WHERE physician_code = 'PTS_J'$$) AS update_violation;
SELECT pg_temp.try($$DELETE FROM medins.physician_sanction WHERE physician_code = 'PTS_J'$$) AS delete_sanction;

\echo '== a province with 1-3 / 4-6 / 7-9 / 10-12 bands configures rather than recompiles'
INSERT INTO medins.points_band (band_code, region_code, min_points, consequence, term, name_zh) VALUES
	('PTS_B_1', 'PTS_B', 1, 'warned', NULL, '1-3分: 约谈警示'),
	('PTS_B_4', 'PTS_B', 4, 'suspended', interval '1 month', '4-6分: 暂停1个月'),
	('PTS_B_7', 'PTS_B', 7, 'suspended', interval '3 months', '7-9分: 暂停3个月'),
	('PTS_B_10', 'PTS_B', 10, 'stopped', interval '1 year', '10-12分: 终止1年');
INSERT INTO medins.physician_violation_kind (violation_code, name_zh, name_en, points)
VALUES ('PTS_B_minor', '乙省轻微违规', 'minor breach (province B)', '{1}');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_P', 'PTS_B_minor', 1, '2025-03-01', '2025-03-01');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_P', 'poor_records', 2, '2025-04-01', '2025-04-01');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_P', 'PTS_B_minor', 1, '2025-05-01', '2025-05-01');
SELECT points_total, band_code, consequence, starts_on, ends_on
  FROM medins.physician_sanction WHERE physician_code = 'PTS_P' ORDER BY starts_on;

\echo '== a rolled-back violation leaves no points behind'
SAVEPOINT before_violation;
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_B2', 'forged_records', 12, '2025-03-01', '2025-03-01');
SELECT points FROM medins.physician_points WHERE physician_code = 'PTS_B2';
ROLLBACK TO SAVEPOINT before_violation;
SELECT count(*) AS points_rows, (SELECT count(*) FROM medins.physician_sanction WHERE physician_code = 'PTS_B2') AS sanctions
  FROM medins.physician_points WHERE physician_code = 'PTS_B2';

\echo '== escalation: 50% of a unit of 5 or fewer, 30% of a larger one, have lost status'
-- On 2025-05-31 one of department A's three (33%, under 50%) has lost status: nothing.
SELECT * FROM medins.sanction_escalation('2025-05-31') WHERE institution_code = 'PTS_H';
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('PTS_A2', 'forged_records', 12, '2025-06-01', '2025-06-01');
-- On 2025-06-01 two of three in department A (67%); two of eight in the hospital (25%, under 30%).
SELECT * FROM medins.sanction_escalation('2025-06-01') WHERE institution_code = 'PTS_H';
-- On 2025-07-01 PTS_J is suspended too: three of eight (38%), the whole institution.
SELECT * FROM medins.sanction_escalation('2025-07-01') WHERE institution_code = 'PTS_H';

\echo '== findings become violations: confirmed automatically, or by an auditor; dismissal reverses'
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
VALUES (9101, '11010519491231002X', '甲', 'M', DATE '1949-12-31', 'resident', 'PTS_A', 'elderly', DATE '2010-01-01');
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio)
VALUES ('PTS_DRUG_B', 'drug', '乙类药', 'B', 0.1), ('PTS_DRUG_C', 'drug', '自费药', 'C', 0);
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, violation_code, points, auto_confirm) VALUES
	('P_SWAP', 'class_swap', '串换', 'class_billed_as_a', 6, false),
	('P_ID', 'identity_mismatch', '冒名', 'impersonated_admission', NULL, true);
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, presented_id_number) VALUES
	(9101, 9101, '2025-09-01', 'outpatient', 'PTS_H', 'PTS_B1', 'J06.9', NULL),
	(9102, 9101, '2025-09-02', 'outpatient', 'PTS_H', 'PTS_B2', 'J06.9', '110105198001010059');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9101, 9101, '2025-09-01', 1, 'PTS_DRUG_B', 'A', 1, 100, 100.00, '2025-09-01'),
	(9101, 9101, '2025-09-01', 2, 'PTS_DRUG_C', 'C', 1, 50, 50.00, '2025-09-01');
SELECT claim_id, item_no, rule_code, physician_code, disallowed_amount, status
  FROM medins.audit_finding WHERE person_id = 9101 ORDER BY claim_id;
-- 冒名 is confirmed automatically: 12 points to the claim's physician, stopped from the claim date.
SELECT physician_code, violation_code, points, violation_date, decided_on, note
  FROM medins.physician_violation WHERE person_id = 9101 ORDER BY violation_id;
SELECT medins.physician_status('PTS_B2', '2025-09-02') AS b2_status;
-- The swap waits for an auditor, who confirms it.
SELECT medins.decide_finding(9101, finding_id, 'confirmed', 'auditor 1', '核实串换', '2025-10-08') > 0 AS decided
  FROM medins.audit_finding WHERE person_id = 9101 AND rule_code = 'P_SWAP';
SELECT rule_code, status FROM medins.audit_finding WHERE person_id = 9101 ORDER BY claim_id;
SELECT physician_code, violation_code, points, violation_date, decided_on
  FROM medins.physician_violation WHERE person_id = 9101 ORDER BY violation_id;
SELECT points_year, points FROM medins.physician_points WHERE physician_code = 'PTS_B1';
SELECT band_code, starts_on, ends_on FROM medins.physician_sanction WHERE physician_code = 'PTS_B1';
SELECT claim_id, item_no, disallowed_amount FROM medins.disallowed_item WHERE person_id = 9101 ORDER BY 1, 2;
-- On appeal (申诉) the finding is dismissed: the money is payable again and the points are reversed.
SELECT medins.decide_finding(9101, finding_id, 'dismissed', 'appeal board', '申诉成功', '2025-11-01') > 0 AS decided
  FROM medins.audit_finding WHERE person_id = 9101 AND rule_code = 'P_SWAP';
SELECT rule_code, status FROM medins.audit_finding WHERE person_id = 9101 ORDER BY claim_id;
SELECT claim_id, item_no, disallowed_amount FROM medins.disallowed_item WHERE person_id = 9101 ORDER BY 1, 2;
SELECT physician_code, violation_code, points, reverses_id IS NOT NULL AS reversal
  FROM medins.physician_violation WHERE person_id = 9101 AND physician_code = 'PTS_B1' ORDER BY violation_id;
SELECT points_year, points FROM medins.physician_points WHERE physician_code = 'PTS_B1';
-- A second dismissal reverses nothing more.
SELECT medins.decide_finding(9101, finding_id, 'dismissed', 'appeal board', '重复', '2025-11-02') > 0 AS decided
  FROM medins.audit_finding WHERE person_id = 9101 AND rule_code = 'P_SWAP';
SELECT points FROM medins.physician_points WHERE physician_code = 'PTS_B1';
SELECT pg_temp.try($$UPDATE medins.audit_decision SET decision = 'confirmed'$$) AS decisions_append_only;
SELECT pg_temp.try($$SELECT medins.decide_finding(9101, -1, 'confirmed', 'x')$$) AS unknown_finding;
SELECT pg_temp.try($$SELECT medins.decide_finding(9101, 1, 'maybe', 'x')$$) AS bad_decision;

ROLLBACK;
