-- Audit rules (智能审核): every rule kind fires on a positive case and stays
-- silent on the near miss next to it; scope, dates, enabling, parameter
-- checks and the batch re-audit.  Runs in one transaction that rolls back.
BEGIN;
SET LOCAL timezone = 'Asia/Shanghai';

INSERT INTO medins.region (region_code, name_zh) VALUES ('AUD_A', '审核测试甲市'), ('AUD_B', '审核测试乙市');
INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, valid_from) VALUES
	('AUD_A_RES', 'AUD_A', 'resident', '审核测试甲市居民', DATE '2020-01-01'),
	('AUD_A_EMP', 'AUD_A', 'employee', '审核测试甲市职工', DATE '2020-01-01');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code) VALUES
	('AUD_H1', '一级医院', 'hospital', 1, NULL, 'AUD_A'),
	('AUD_H3', '三甲医院', 'hospital', 3, 'A', 'AUD_A'),
	('AUD_HS', '中止协议医院', 'hospital', 2, 'A', 'AUD_A');
INSERT INTO medins.department VALUES ('AUD_H1', 'IM', '内科'), ('AUD_H3', 'IM', '内科'), ('AUD_HS', 'IM', '内科');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on) VALUES
	('AUD_D1', '张医生', 'attending', 'AUD_H1', 'IM', DATE '2020-01-01'),
	('AUD_D3', '李医生', 'chief', 'AUD_H3', 'IM', DATE '2020-01-01'),
	('AUD_DS', '赵医生', 'attending', 'AUD_HS', 'IM', DATE '2020-01-01');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on) VALUES
	(9001, '11010519491231002X', '甲', 'M', DATE '1949-12-31', 'resident', 'AUD_A', 'elderly', DATE '2010-01-01'),
	(9002, '110105200001010024', '乙', 'F', DATE '2000-01-01', 'resident', 'AUD_A', 'adult', DATE '2010-01-01'),
	(9003, '110105201506010032', '丙', 'M', DATE '2015-06-01', 'resident', 'AUD_A', 'minor', DATE '2015-06-01'),
	(9004, '110105198001010059', '丁', 'M', DATE '1980-01-01', 'resident', 'AUD_B', 'adult', DATE '2010-01-01'),
	(9005, '110105198001010040', '戊', 'F', DATE '1980-01-01', 'employee', 'AUD_A', 'in_service', DATE '2010-01-01');
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio,
		max_quantity_per_day, max_days_supply, min_hospital_level, restricted_sex, min_age, max_age) VALUES
	('AUD_BED', 'facility', '床位费', 'A', 0, NULL, NULL, NULL, NULL, NULL, NULL),
	('AUD_DRUG_A', 'drug', '甲类药', 'A', 0, 3, 30, NULL, NULL, NULL, NULL),
	('AUD_DRUG_B', 'drug', '乙类药', 'B', 0.1, NULL, NULL, NULL, NULL, NULL, NULL),
	('AUD_DRUG_C', 'drug', '自费药', 'C', 0, NULL, NULL, NULL, NULL, NULL, NULL),
	('AUD_MRI', 'treatment', '磁共振', 'B', 0.1, NULL, NULL, 3, NULL, NULL, NULL),
	('AUD_PSA', 'treatment', '前列腺特异抗原', 'A', 0, NULL, NULL, NULL, 'M', NULL, NULL),
	('AUD_PED', 'drug', '儿童专用药', 'A', 0, NULL, NULL, NULL, NULL, NULL, 14),
	('AUD_PANEL', 'treatment', '生化全套', 'A', 0, NULL, NULL, NULL, NULL, NULL, NULL),
	('AUD_GLU', 'treatment', '血糖', 'A', 0, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, payment_standard)
VALUES ('AUD_STD', 'treatment', '有支付标准的项目', 'A', 10);
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, indication_codes)
VALUES ('AUD_INSULIN', 'drug', '胰岛素', 'B', 'E10-E14');

-- The findings of a range of claims, compactly.
CREATE TEMP VIEW f AS
	SELECT claim_id AS claim, item_no AS item, rule_code AS rule, disallowed_amount AS amount,
		   status, disallows
	  FROM medins.audit_finding
	 WHERE person_id BETWEEN 9001 AND 9005
	 ORDER BY claim_id, item_no NULLS FIRST, rule_code;

-- Every rule kind the catalogue lists is implemented in C, and the other way round.
SELECT rule_kind, target FROM medins.audit_rule_kind
 WHERE NOT medins.audit_rule_kind_is_implemented(rule_kind);
SELECT count(*) AS rule_kinds FROM medins.audit_rule_kind;
SELECT medins.audit_rule_kind_is_implemented('no_such_kind') AS unknown_kind_implemented;

-- One rule of each kind, all disabled; each block below enables the kind it tests.
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params, claim_kinds, enabled) VALUES
	('T_LATE', 'late_registration', '入院登记超时', '{"hours": 24, "emergency_hours": 72}', '{inpatient}', false),
	('T_ID', 'identity_mismatch', '冒名就医', '{}', NULL, false),
	('T_SPLIT', 'split_admission', '分解住院', '{"days": 15}', '{inpatient}', false),
	('T_STAY', 'stay_length', '住院天数异常', '{"max_days": 60}', '{inpatient}', false),
	('T_SUSINST', 'suspended_institution', '中止协议机构', '{}', NULL, false),
	('T_SWAP', 'class_swap', '串换', '{}', NULL, false),
	('T_LEVEL', 'restricted_level', '限定医院级别', '{}', NULL, false),
	('T_SEX', 'restricted_sex', '限定性别', '{}', NULL, false),
	('T_AGE', 'restricted_age', '限定年龄', '{}', NULL, false),
	('T_DUP', 'duplicate_charge', '重复收费', '{"max_lines": 1}', NULL, false),
	('T_PAIR', 'code_pair', '互斥项目', '{"same_day": true}', NULL, false),
	('T_QTY', 'quantity_per_day', '超量', '{}', NULL, false),
	('T_STD', 'over_standard_price', '超标准收费', '{"tolerance": 0.05}', NULL, false),
	('T_DAYS', 'prescription_days', '门诊处方超天数', '{"max_days": 7}', '{outpatient}', false),
	('T_SPECIAL', 'prescription_days', '特殊病种超天数', '{"max_days": 30}', '{special_outpatient}', false),
	('T_DIS', 'discharge_drug_days', '出院带药超量', '{"max_days": 7}', '{inpatient}', false),
	('T_SUSPHYS', 'suspended_physician', '暂停资格医师', '{}', NULL, false),
	('T_BED', 'bed_holding', '挂床住院', '{"min_days": 3, "min_share": 0.5}', '{inpatient}', false),
	('T_ICD', 'icd10_problem', 'ICD-10编码问题', '{}', NULL, false),
	('T_NOIND', 'admission_without_indication', '无指征入院',
	 '{"codes": "J00-J06,I67.8,E11.9", "unless_codes": "J96"}', '{inpatient}', false),
	('T_INDIC', 'drug_indication', '超适应症用药', '{}', NULL, false);
INSERT INTO medins.audit_code_pair (rule_code, column1_code, column2_code, reason_zh)
VALUES ('T_PAIR', 'AUD_PANEL', 'AUD_GLU', '生化全套已含血糖');

-- Runs a statement and shows its SQLSTATE and message when it fails.
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- Enables exactly the rules given.
CREATE FUNCTION pg_temp.only(VARIADIC codes text[]) RETURNS text LANGUAGE sql AS $$
	WITH u AS (UPDATE medins.audit_rule SET enabled = (rule_code = ANY (codes))
				WHERE rule_code LIKE 'T\_%' RETURNING rule_code, enabled)
	SELECT string_agg(rule_code, ', ' ORDER BY rule_code) FILTER (WHERE enabled) FROM u
$$;

\echo '== late_registration: 24 h, 72 h for emergencies'
SELECT pg_temp.only('T_LATE');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis, is_emergency, admitted_at, registered_at) VALUES
	(101, 9001, '2025-03-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-03-05', 'J18.9', false,
	 '2025-03-01 08:00', '2025-03-02 08:01'),	-- 24 h 1 min: late
	(102, 9002, '2025-03-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-03-05', 'J18.9', false,
	 '2025-03-01 08:00', '2025-03-02 08:00'),	-- exactly 24 h: in time
	(103, 9003, '2025-03-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-03-05', 'S72.0', true,
	 '2025-03-01 08:00', '2025-03-04 07:00'),	-- emergency, 71 h: in time
	(104, 9001, '2025-04-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-04-05', 'S72.0', true,
	 '2025-04-01 08:00', '2025-04-04 09:00'),	-- emergency, 73 h: late
	(105, 9002, '2025-04-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-04-05', 'J18.9', false,
	 '2025-04-01 08:00', NULL),					-- never registered: not judged (missing_is_late false)
	(106, 9002, '2025-05-01', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'J18.9', false,
	 '2025-05-01 08:00', '2025-05-03 08:00');	-- outpatient: out of the rule's claim kinds
SELECT * FROM f WHERE claim BETWEEN 100 AND 199;
SELECT evidence FROM medins.audit_finding WHERE claim_id = 104;

\echo '== identity_mismatch (冒名): the presented identity is another person''s'
SELECT pg_temp.only('T_ID');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, presented_id_number) VALUES
	(201, 9001, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9', '110105198001010059'),
	(202, 9001, '2025-03-02', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9', ' 11010519491231002x '),
	(203, 9001, '2025-03-03', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9', NULL);
SELECT * FROM f WHERE claim BETWEEN 200 AND 299;
SELECT evidence FROM medins.audit_finding WHERE claim_id = 201;

\echo '== split_admission (分解住院): same category readmitted within 15 days of discharge'
SELECT pg_temp.only('T_SPLIT');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(301, 9001, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-10', 'J18.9'),
	(302, 9002, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-10', 'J18.9'),
	(303, 9003, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-10', 'J18.9');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(311, 9001, '2025-06-25', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-28', 'J18.0'),	-- 15 days, J18: split
	(312, 9002, '2025-06-26', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-28', 'J18.0'),	-- 16 days: not
	(313, 9003, '2025-06-12', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-14', 'K35.8'),	-- other category: not
	(314, 9003, '2025-06-13', 'inpatient', 'AUD_H3', 'AUD_D3', '2025-06-14', 'J18.1');	-- other institution: not
-- Loaded out of order: the earlier stay arrives after the readmission; the readmission is flagged.
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(321, 9005, '2025-07-20', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-07-22', 'I63.9');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(322, 9005, '2025-07-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-07-10', 'I63.4');
SELECT * FROM f WHERE claim BETWEEN 300 AND 399;
SELECT claim_id, evidence FROM medins.audit_finding WHERE rule_code = 'T_SPLIT' ORDER BY 1;

\echo '== stay_length: longer than 60 days'
SELECT pg_temp.only('T_STAY');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(401, 9001, '2025-08-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-10-01', 'F20.0'),	-- 61 days
	(402, 9002, '2025-08-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-09-30', 'F20.0');	-- 60 days
SELECT * FROM f WHERE claim BETWEEN 400 AND 499;

\echo '== suspended_institution: claims of an institution whose agreement is suspended'
SELECT pg_temp.only('T_SUSINST');
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end)
VALUES (9001, 'AUD_HS', '2025-01-01', '2025-12-31');
INSERT INTO medins.agreement_event (agreement_id, event, effective_on) VALUES
	(9001, 'activate', '2025-01-01'), (9001, 'suspend', '2025-05-01');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis) VALUES
	(501, 9001, '2025-05-01', 'outpatient', 'AUD_HS', 'AUD_DS', 'J06.9'),	-- first day of suspension
	(502, 9002, '2025-04-30', 'outpatient', 'AUD_HS', 'AUD_DS', 'J06.9'),	-- the day before
	(503, 9003, '2025-05-02', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9');	-- another institution
SELECT * FROM f WHERE claim BETWEEN 500 AND 599;

-- Item rules: one claim per block, items added to it.
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, is_emergency) VALUES
	(601, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'N39.0', false),
	(701, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'N39.0', false),
	(702, 9002, '2025-03-01', 'outpatient', 'AUD_H3', 'AUD_D3', 'N39.0', false),
	(801, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'N40', false),
	(802, 9001, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'N40', false),
	(901, 9003, '2030-05-31', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9', false),
	(902, 9003, '2030-06-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.9', false),
	(1001, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'E11.9', false),
	(1101, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'E11.9', false),
	(1201, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'E11.9', false),
	(1301, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'I10', false),
	(1302, 9002, '2025-03-02', 'special_outpatient', 'AUD_H1', 'AUD_D1', 'N18.5', false),
	(1601, 9001, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'I10', false),
	(1602, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'I10', true);
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(1401, 9001, '2025-09-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-09-05', 'I10'),
	(1701, 9001, '2025-10-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-10-06', 'I10'),	-- 5 days
	(1702, 9002, '2025-10-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-10-05', 'I10');	-- 4 days

\echo '== class_swap (串换): billed in a more covered class than the catalogue''s'
SELECT pg_temp.only('T_SWAP');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 601, '2025-03-01', 1, 'AUD_DRUG_B', 'A', 1, 100, 100.00, '2025-03-01'),	-- 乙 as 甲
	(9002, 601, '2025-03-01', 2, 'AUD_DRUG_C', 'B', 1, 50, 50.00, '2025-03-01'),	-- 丙 as 乙
	(9002, 601, '2025-03-01', 3, 'AUD_DRUG_B', 'B', 1, 100, 100.00, '2025-03-01'),	-- as catalogued
	(9002, 601, '2025-03-01', 4, 'AUD_DRUG_A', 'C', 1, 2, 2.00, '2025-03-01');		-- billed as 自费: no loss to the fund
SELECT * FROM f WHERE claim = 601;

\echo '== restricted_level (限定医院级别): MRI only at level 3'
SELECT pg_temp.only('T_LEVEL');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 701, '2025-03-01', 1, 'AUD_MRI', 'B', 1, 600, 600.00, '2025-03-01'),
	(9002, 702, '2025-03-01', 1, 'AUD_MRI', 'B', 1, 600, 600.00, '2025-03-01');
SELECT * FROM f WHERE claim BETWEEN 700 AND 799;

\echo '== restricted_sex (限定性别): PSA only for men'
SELECT pg_temp.only('T_SEX');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 801, '2025-03-01', 1, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01'),
	(9001, 802, '2025-03-01', 1, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');
SELECT * FROM f WHERE claim BETWEEN 800 AND 899;

\echo '== restricted_age (限定年龄): up to 14 years, age on the service date'
SELECT pg_temp.only('T_AGE');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9003, 901, '2030-05-31', 1, 'AUD_PED', 'A', 1, 30, 30.00, '2030-05-31'),		-- 14
	(9003, 902, '2030-06-01', 1, 'AUD_PED', 'A', 1, 30, 30.00, '2030-06-01');		-- 15th birthday
SELECT * FROM f WHERE claim BETWEEN 900 AND 999;

\echo '== duplicate_charge (重复收费): one line per item and day'
SELECT pg_temp.only('T_DUP');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1001, '2025-03-01', 1, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-01'),
	(9002, 1001, '2025-03-01', 2, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-01'),	-- second line that day
	(9002, 1001, '2025-03-01', 3, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-02');	-- next day
-- A line sent later in another statement is compared with those already loaded.
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1001, '2025-03-01', 4, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-02');
SELECT * FROM f WHERE claim = 1001;

\echo '== code_pair (分解收费): blood glucose is part of the panel on the same day'
SELECT pg_temp.only('T_PAIR');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1101, '2025-03-01', 1, 'AUD_PANEL', 'A', 1, 120, 120.00, '2025-03-01'),
	(9002, 1101, '2025-03-01', 2, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-01'),		-- with the panel
	(9002, 1101, '2025-03-01', 3, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-02');		-- another day
-- The column-2 item first, its column-1 item in a later statement.
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1201, '2025-03-01', 1, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-03-01');
SELECT count(*) AS before_panel FROM f WHERE claim = 1201;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1201, '2025-03-01', 2, 'AUD_PANEL', 'A', 1, 120, 120.00, '2025-03-01');
SELECT * FROM f WHERE claim IN (1101, 1201);

\echo '== quantity_per_day (超量): at most 3 a day; the excess share is disallowed'
SELECT pg_temp.only('T_QTY');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply) VALUES
	(9002, 1301, '2025-03-01', 1, 'AUD_DRUG_A', 'A', 31, 2, 62.00, '2025-03-01', 10),	-- 3.1 a day
	(9002, 1301, '2025-03-01', 2, 'AUD_DRUG_A', 'A', 30, 2, 60.00, '2025-03-01', 10);	-- 3 a day
SELECT * FROM f WHERE claim = 1301;

\echo '== over_standard_price (超标准收费): above the payment standard plus 5%; the excess is disallowed'
SELECT pg_temp.only('T_STD');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1301, '2025-03-01', 11, 'AUD_STD', 'A', 3, 12, 36.00, '2025-03-01'),		-- 20% above: 3 x 2 disallowed
	(9002, 1301, '2025-03-01', 12, 'AUD_STD', 'A', 3, 10.5, 31.50, '2025-03-01');	-- 5% above: tolerated
SELECT * FROM f WHERE claim = 1301 AND rule = 'T_STD';

\echo '== prescription_days: 7 days for outpatients, 30 for special diseases (特殊病种)'
SELECT pg_temp.only('T_DAYS', 'T_SPECIAL');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply) VALUES
	(9002, 1301, '2025-03-01', 3, 'AUD_DRUG_B', 'B', 8, 10, 80.00, '2025-03-01', 8),	-- 8 days: 1/8 disallowed
	(9002, 1301, '2025-03-01', 4, 'AUD_DRUG_B', 'B', 7, 10, 70.00, '2025-03-01', 7),	-- 7 days
	(9002, 1302, '2025-03-02', 1, 'AUD_DRUG_B', 'B', 31, 10, 310.00, '2025-03-02', 31),	-- special: 31 days
	(9002, 1302, '2025-03-02', 2, 'AUD_DRUG_B', 'B', 30, 10, 300.00, '2025-03-02', 30),	-- special: 30 days
	(9002, 1302, '2025-03-02', 3, 'AUD_DRUG_A', 'A', 31, 1, 31.00, '2025-03-02', 31);	-- catalogue allows 30
SELECT * FROM f WHERE claim IN (1301, 1302);

\echo '== discharge_drug_days (出院带药): 7 days'
SELECT pg_temp.only('T_DIS', 'T_DAYS');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply, is_discharge_drug) VALUES
	(9001, 1401, '2025-09-01', 1, 'AUD_DRUG_B', 'B', 8, 10, 80.00, '2025-09-05', 8, true),
	(9001, 1401, '2025-09-01', 2, 'AUD_DRUG_B', 'B', 7, 10, 70.00, '2025-09-05', 7, true),
	(9001, 1401, '2025-09-01', 3, 'AUD_DRUG_B', 'B', 8, 10, 80.00, '2025-09-02', 8, false);	-- not a discharge drug
SELECT * FROM f WHERE claim = 1401;

\echo '== suspended_physician: items of a physician suspended on the service date (emergencies excepted)'
SELECT pg_temp.only('T_SUSPHYS');
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
VALUES ('AUD_D1', 'bed_holding', 4, '2025-02-01', '2025-03-01');
SELECT consequence, starts_on, ends_on FROM medins.physician_sanction WHERE physician_code = 'AUD_D1';
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis) VALUES
	(1603, 9003, '2025-06-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'I10');	-- reinstated on 06-01
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, prescribing_physician) VALUES
	(9001, 1601, '2025-03-01', 1, 'AUD_DRUG_A', 'A', 1, 2, 2.00, '2025-03-01', NULL),		-- suspended
	(9001, 1601, '2025-03-01', 2, 'AUD_DRUG_A', 'A', 1, 2, 2.00, '2025-03-01', 'AUD_D3'),	-- prescribed by another
	(9002, 1602, '2025-03-01', 1, 'AUD_DRUG_A', 'A', 1, 2, 2.00, '2025-03-01', NULL),		-- emergency
	(9003, 1603, '2025-06-01', 1, 'AUD_DRUG_A', 'A', 1, 2, 2.00, '2025-06-01', NULL);
SELECT * FROM f WHERE claim BETWEEN 1600 AND 1699;

\echo '== bed_holding (挂床住院): fewer than half the stay days with a drug or treatment'
SELECT pg_temp.only('T_BED');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9001, 1701, '2025-10-01', 1, 'AUD_BED', 'A', 5, 50, 250.00, '2025-10-01'),
	(9001, 1701, '2025-10-01', 2, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-10-01'),
	(9001, 1701, '2025-10-01', 3, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-10-02'),	-- 2 of 5 days
	(9002, 1702, '2025-10-01', 1, 'AUD_BED', 'A', 4, 50, 200.00, '2025-10-01'),
	(9002, 1702, '2025-10-01', 2, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-10-01'),
	(9002, 1702, '2025-10-01', 3, 'AUD_GLU', 'A', 1, 10, 10.00, '2025-10-02');	-- 2 of 4 days
SELECT * FROM f WHERE claim BETWEEN 1700 AND 1799;
SELECT evidence FROM medins.audit_finding WHERE claim_id = 1701;

\echo '== icd10_problem: errors medins.icd10_check finds (sex, leaf, catalogue), not warnings'
SELECT pg_temp.only('T_ICD');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, secondary_diagnoses) VALUES
	(2001, 9001, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'O80.000', '{}'),			-- childbirth for a man
	(2002, 9001, '2025-03-02', 'outpatient', 'AUD_H1', 'AUD_D1', 'J18.900', '{J18}'),		-- secondary not in the catalogue
	(2003, 9001, '2025-03-03', 'outpatient', 'AUD_H1', 'AUD_D1', 'J18.900', '{E11.900}'),	-- fine
	(2004, 9001, '2025-03-04', 'outpatient', 'AUD_H1', 'AUD_D1', 'A02.200', '{}'),			-- gray code: a warning only
	(2005, 9001, '2025-03-05', 'outpatient', 'AUD_H1', 'AUD_D1', 'J06.900', '{}');			-- billable: its x### extensions are no finer level
SELECT * FROM f WHERE claim BETWEEN 2001 AND 2005;
SELECT claim_id, evidence FROM medins.audit_finding WHERE rule_code = 'T_ICD' ORDER BY 1;
UPDATE medins.audit_rule SET params = '{"problems": ["gray_code"]}' WHERE rule_code = 'T_ICD';
SELECT medins.audit_claims('2025-03-04', '2025-03-04') AS gray_codes_when_asked;

\echo '== admission_without_indication (无指征入院): J00-J06, I67.8, E11.9 do not need a stay unless J96'
SELECT pg_temp.only('T_NOIND');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis, secondary_diagnoses) VALUES
	(2101, 9001, '2025-11-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-11-04', 'J06.900x001', '{}'),	-- 上呼吸道感染
	(2102, 9002, '2025-11-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-11-04', 'J18.900', '{}'),		-- pneumonia
	(2103, 9003, '2025-11-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-11-04', 'J06.900', '{J96.000}'),	-- with respiratory failure
	(2104, 9005, '2025-11-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-11-04', 'E11.900', '{}'),		-- uncomplicated diabetes
	(2105, 9005, '2025-11-10', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'J06.900', '{}');				-- not a stay
SELECT * FROM f WHERE claim BETWEEN 2101 AND 2105;
SELECT pg_temp.try($$UPDATE medins.audit_rule SET params = '{"codes": "J00-J06,,X"}' WHERE rule_code = 'T_NOIND'$$)
	AS bad_code_set;

\echo '== drug_indication (超适应症): insulin only for E10-E14, principal or secondary'
SELECT pg_temp.only('T_INDIC');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, secondary_diagnoses) VALUES
	(2201, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D1', 'J18.900', '{}'),
	(2202, 9002, '2025-03-02', 'outpatient', 'AUD_H1', 'AUD_D1', 'E11.900', '{}'),
	(2203, 9002, '2025-03-03', 'outpatient', 'AUD_H1', 'AUD_D1', 'I10.x00', '{E11.900}');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 2201, '2025-03-01', 1, 'AUD_INSULIN', 'B', 1, 75, 75.00, '2025-03-01'),
	(9002, 2202, '2025-03-02', 1, 'AUD_INSULIN', 'B', 1, 75, 75.00, '2025-03-02'),
	(9002, 2203, '2025-03-03', 1, 'AUD_INSULIN', 'B', 1, 75, 75.00, '2025-03-03'),
	(9002, 2203, '2025-03-03', 2, 'AUD_DRUG_A', 'A', 1, 2, 2.00, '2025-03-03');	-- no indication set
SELECT * FROM f WHERE claim BETWEEN 2201 AND 2203;
SELECT evidence FROM medins.audit_finding WHERE rule_code = 'T_INDIC';

\echo '== a bulk statement (1,200 rows: planned for its size, not from the cached plan) finds the same'
SELECT pg_temp.only('T_SWAP', 'T_DUP', 'T_PAIR', 'T_BED');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(2301, 9001, '2025-12-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-12-31', 'I10');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
SELECT 9001, 2301, DATE '2025-12-01', g,
	   CASE WHEN g > 1195 THEN 'AUD_GLU' WHEN g = 1195 THEN 'AUD_PANEL' ELSE 'AUD_DRUG_B' END,
	   (CASE WHEN g % 100 = 0 AND g <= 1100 THEN 'A' WHEN g >= 1195 THEN 'A' ELSE 'B' END)::medins.item_class,
	   1, 10, 10.00,
	   CASE WHEN g >= 1195 THEN DATE '2025-12-20' ELSE DATE '2025-12-01' + g % 10 END
  FROM generate_series(1, 1200) AS g;
-- 11 swaps (every 100th line up to 1,100); duplicates: the 1,194 drug lines fall on 10
-- days, all but the first of each day (1,184), plus 4 glucose lines after the first;
-- 5 glucose lines with the panel the same day; only 11 of 30 days treated.
SELECT rule, count(*) AS findings, sum(amount) AS amount FROM f WHERE claim = 2301 GROUP BY rule ORDER BY rule;
-- A second bulk statement for the same claim: its glucose line repeats one loaded before.
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
SELECT 9001, 2301, DATE '2025-12-01', g, CASE WHEN g = 1201 THEN 'AUD_GLU' ELSE 'AUD_DRUG_C' END,
	   'C', 1, 10, 10.00, CASE WHEN g = 1201 THEN DATE '2025-12-20' ELSE DATE '2025-12-21' + g % 10 END
  FROM generate_series(1201, 2200) AS g;
SELECT item, rule FROM f WHERE claim = 2301 AND item = 1201;

\echo '== scope: region, scheme, effective dates, enabled'
SELECT pg_temp.only('T_SEX');
UPDATE medins.audit_rule SET region_code = 'AUD_B' WHERE rule_code = 'T_SEX';
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis) VALUES
	(1801, 9002, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D3', 'N40');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1801, '2025-03-01', 1, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');	-- person of AUD_A: silent
UPDATE medins.audit_rule SET region_code = NULL, scheme_code = 'AUD_A_EMP' WHERE rule_code = 'T_SEX';
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1801, '2025-03-01', 2, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');	-- a resident: silent
UPDATE medins.audit_rule SET scheme_code = 'AUD_A_RES', valid_to = '2025-02-28' WHERE rule_code = 'T_SEX';
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1801, '2025-03-01', 3, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');	-- rule expired: silent
UPDATE medins.audit_rule SET valid_to = NULL, enabled = false WHERE rule_code = 'T_SEX';
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1801, '2025-03-01', 4, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');	-- disabled: silent
SELECT count(*) AS silent FROM f WHERE claim = 1801;
UPDATE medins.audit_rule SET enabled = true WHERE rule_code = 'T_SEX';
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9002, 1801, '2025-03-01', 5, 'AUD_PSA', 'A', 1, 80, 80.00, '2025-03-01');	-- in scope: found
SELECT * FROM f WHERE claim = 1801;

\echo '== the batch re-audit finds what a new rule sees in claims already loaded, once'
SELECT pg_temp.only('T_SEX');
SELECT medins.audit_claims('2025-03-01', '2025-03-01') AS new_findings;
SELECT medins.audit_claims('2025-03-01', '2025-03-01') AS again;
SELECT * FROM f WHERE claim = 1801;
SELECT pg_temp.try($$SELECT medins.audit_claims('2025-03-02', '2025-03-01')$$) AS reversed_range;

\echo '== a flag-only rule (disallows false) keeps the money payable'
SELECT claim_id, item_no, disallowed_amount FROM medins.disallowed_item
 WHERE person_id BETWEEN 9001 AND 9005 AND claim_id IN (101, 601, 1701) ORDER BY 1, 2;
SELECT rule_code, disallows FROM medins.audit_finding WHERE claim_id IN (101, 1701) ORDER BY 1;

\echo '== rules are checked against their kind and the violation catalogue'
SELECT pg_temp.try($$INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params)
	VALUES ('T_BAD', 'late_registration', '错误参数', '{"hour": 24}')$$) AS unknown_parameter;
SELECT pg_temp.try($$INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params)
	VALUES ('T_BAD', 'late_registration', '错误类型', '{"hours": "24"}')$$) AS wrong_type;
SELECT pg_temp.try($$INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, violation_code, points)
	VALUES ('T_BAD', 'bed_holding', '错误分值', 'bed_holding', 5)$$) AS points_not_in_catalogue;
SELECT pg_temp.try($$INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh)
	VALUES ('T_BAD', 'no_such_kind', '没有')$$) AS unknown_kind;
SELECT pg_temp.try($$UPDATE medins.audit_rule SET params = '{"max_days": true}' WHERE rule_code = 'T_STAY'$$)
	AS update_checked_too;
SELECT params FROM medins.audit_rule WHERE rule_code = 'T_STAY';

\echo '== parameters: the kind''s defaults (audit_rule_kind.parameters) are merged into the rule'
-- Runs a statement and shows its SQLSTATE, message and detail when it fails.
CREATE FUNCTION pg_temp.try_detail(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || ' / ' || detail;
END
$$;
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params, enabled) VALUES
	('T_P_LATE', 'late_registration', '默认参数', '{}', false),
	('T_P_LATE12', 'late_registration', '部分参数', '{"hours": 12}', false),
	('T_P_ID', 'identity_mismatch', '无参数', '{}', false),
	('T_P_DAYS', 'prescription_days', '无默认值的参数', '{}', false),
	('T_P_ICD', 'icd10_problem', '文本默认值', '{"problems": ["not_leaf"]}', false);
SELECT rule_code, params FROM medins.audit_rule WHERE rule_code LIKE 'T\_P\_%' ORDER BY 1;
-- An update merges too: a parameter dropped from params takes the default again.
UPDATE medins.audit_rule SET params = params - 'hours' WHERE rule_code = 'T_P_LATE12';
SELECT params FROM medins.audit_rule WHERE rule_code = 'T_P_LATE12';
SELECT pg_temp.try_detail($$UPDATE medins.audit_rule SET params = '{"hour": 24}' WHERE rule_code = 'T_P_LATE'$$)
	AS unknown_parameter;
SELECT pg_temp.try_detail($$UPDATE medins.audit_rule SET params = '{"hours": "24"}' WHERE rule_code = 'T_P_LATE'$$)
	AS wrong_type;
SELECT pg_temp.try_detail($$UPDATE medins.audit_rule SET params = '{"max_days": 7}' WHERE rule_code = 'T_P_ID'$$)
	AS kind_without_parameters;
SELECT pg_temp.try_detail($$UPDATE medins.audit_rule SET params = '[1]' WHERE rule_code = 'T_P_ID'$$)
	AS not_an_object;
-- The kinds' queries take the defaults from the rule, written only in the kind's row: a new
-- default reaches rules written after it (a 40-day stay is too long once the default is 30).
UPDATE medins.audit_rule_kind SET parameters = jsonb_set(parameters, '{max_days,default}', '30')
 WHERE rule_kind = 'stay_length';
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, claim_kinds, enabled)
VALUES ('T_P_STAY', 'stay_length', '新默认值', '{inpatient}', false);
SELECT params FROM medins.audit_rule WHERE rule_code = 'T_P_STAY';
SELECT pg_temp.only('T_P_STAY');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(2701, 9001, '2025-07-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-08-10', 'I10');
SELECT claim, rule FROM f WHERE claim = 2701;
SELECT evidence FROM medins.audit_finding WHERE claim_id = 2701;
DELETE FROM medins.audit_finding WHERE rule_code LIKE 'T\_P\_%';
DELETE FROM medins.audit_rule WHERE rule_code LIKE 'T\_P\_%';
UPDATE medins.audit_rule_kind SET parameters = jsonb_set(parameters, '{max_days,default}', '90')
 WHERE rule_kind = 'stay_length';

\echo '== findings name existing rules (audit_finding_rule_fk, checked once per statement)'
SELECT count(*) > 0 AS t_stay_has_findings FROM medins.audit_finding WHERE rule_code = 'T_STAY';
SELECT pg_temp.try($$INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, rule_code)
	SELECT person_id, claim_id, claim_date, unnest(ARRAY['T_STAY', 'T_NO_SUCH'])
	  FROM medins.claim WHERE claim_id = 101$$) AS unknown_rule;
SELECT pg_temp.try($$UPDATE medins.audit_finding SET rule_code = 'T_NO_SUCH' WHERE rule_code = 'T_STAY'$$)
	AS renamed_to_unknown;
SELECT pg_temp.try($$DELETE FROM medins.audit_rule WHERE rule_code = 'T_STAY'$$) AS delete_named;
SELECT pg_temp.try($$UPDATE medins.audit_rule SET rule_code = 'T_STAY2' WHERE rule_code = 'T_STAY'$$)
	AS recode_named;
SELECT pg_temp.try($$TRUNCATE medins.audit_rule, medins.audit_code_pair$$) AS truncate_named;
-- Rules no finding names may go; a finding may move to another existing rule.
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, enabled)
VALUES ('T_UNUSED', 'stay_length', '未用', false), ('T_UNUSED2', 'stay_length', '未用', false);
SELECT pg_temp.try($$UPDATE medins.audit_rule SET rule_code = 'T_UNUSED3' WHERE rule_code = 'T_UNUSED'$$)
	AS recode_unnamed;
SELECT pg_temp.try($$DELETE FROM medins.audit_rule WHERE rule_code = 'T_UNUSED3'$$) AS delete_unnamed;
SAVEPOINT move_finding;
SELECT pg_temp.try($$UPDATE medins.audit_finding SET rule_code = 'T_UNUSED2' WHERE rule_code = 'T_STAY'$$)
	AS moved_to_existing;
SELECT pg_temp.try($$DELETE FROM medins.audit_rule WHERE rule_code = 'T_STAY'$$) AS delete_no_longer_named;
ROLLBACK TO SAVEPOINT move_finding;
DELETE FROM medins.audit_rule WHERE rule_code = 'T_UNUSED2';

\echo '== the rule trigger refuses other tables and other firing modes'
CREATE TEMP TABLE not_claims (x int);
CREATE TRIGGER wrong_table AFTER INSERT ON not_claims REFERENCING NEW TABLE AS audit_new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rows_trigger();
SELECT pg_temp.try('INSERT INTO not_claims VALUES (1)') AS wrong_table;
DROP TRIGGER wrong_table ON not_claims;
CREATE TRIGGER row_mode AFTER INSERT ON not_claims
	FOR EACH ROW EXECUTE FUNCTION medins.audit_rows_trigger();
SELECT pg_temp.try('INSERT INTO not_claims VALUES (1)') AS row_trigger;
SELECT pg_temp.try('SELECT medins.audit_rows_trigger()') AS called_directly;

\echo '== every item kind: one bulk statement (the C pass first) finds what a small one finds'
SELECT pg_temp.only('T_SWAP', 'T_LEVEL', 'T_SEX', 'T_AGE', 'T_DUP', 'T_PAIR', 'T_QTY', 'T_STD', 'T_DAYS',
					'T_DIS', 'T_SUSPHYS', 'T_INDIC', 'T_BED');
-- Claims 2501/2502 (outpatient) and 2504/2505 (inpatient) are alike; 2503 holds filler lines.
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(2501, 9002, '2025-03-10', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'I10'),
	(2502, 9002, '2025-03-10', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'I10'),
	(2503, 9001, '2025-03-10', 'outpatient', 'AUD_H3', 'AUD_D3', NULL, 'I10'),
	(2504, 9002, '2025-03-10', 'inpatient', 'AUD_H1', 'AUD_D3', '2025-03-30', 'E11.9'),
	(2505, 9002, '2025-03-10', 'inpatient', 'AUD_H1', 'AUD_D3', '2025-03-30', 'E11.9');
-- 264 lines per claim: every catalogue item billed in two classes, two quantities, two prices,
-- three days of supply; some prescribed by the suspended physician, some discharge drugs.
CREATE TEMP TABLE bulk_lines AS
SELECT row_number() OVER (ORDER BY ci.item_code, cls, qty, price, days NULLS FIRST)::integer AS item_no,
	   ci.item_code, cls::medins.item_class AS item_class, qty AS quantity, price AS unit_price,
	   days AS days_supply
  FROM medins.catalogue_item AS ci
  CROSS JOIN unnest(ARRAY['A', 'C']) AS cls
  CROSS JOIN unnest(ARRAY[1, 5]) AS qty
  CROSS JOIN unnest(ARRAY[10, 11]) AS price
  CROSS JOIN unnest(ARRAY[NULL, 5, 9]) AS days
 WHERE ci.item_code LIKE 'AUD\_%';
CREATE TEMP TABLE bulk_items AS
SELECT c.claim_id, c.claim_date, l.item_no, l.item_code, l.item_class, l.quantity, l.unit_price,
	   l.quantity * l.unit_price AS amount, c.claim_date + l.item_no % 3 AS service_date, l.days_supply,
	   CASE WHEN l.item_no % 3 = 0 THEN 'AUD_D1' END AS prescribing_physician,
	   c.claim_kind = 'inpatient' AND l.item_no % 5 = 0 AS is_discharge_drug
  FROM bulk_lines AS l CROSS JOIN medins.claim AS c
 WHERE c.claim_id IN (2501, 2502, 2504, 2505);
SELECT count(*) AS lines_per_claim FROM bulk_lines;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply, prescribing_physician, is_discharge_drug)
SELECT 9002, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount,
	   service_date, days_supply, prescribing_physician, is_discharge_drug
  FROM bulk_items WHERE claim_id = 2501;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply, prescribing_physician, is_discharge_drug)
SELECT 9002, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount,
	   service_date, days_supply, prescribing_physician, is_discharge_drug
  FROM bulk_items WHERE claim_id = 2504;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply, prescribing_physician, is_discharge_drug)
SELECT 9002, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount,
	   service_date, days_supply, prescribing_physician, is_discharge_drug
  FROM bulk_items WHERE claim_id IN (2502, 2505)
UNION ALL
SELECT 9001, 2503, DATE '2025-03-10', g, 'AUD_DRUG_C', 'C', 1, 1, 1.00, DATE '2025-03-10' + g % 20, NULL, NULL, false
  FROM generate_series(1, 600) AS g;
-- The same findings (rule, line, amount, status, evidence) on the small and the bulk claims.
CREATE TEMP VIEW bulk_found AS
SELECT CASE claim_id WHEN 2502 THEN 2501 WHEN 2505 THEN 2504 ELSE claim_id END AS twin,
	   claim_id IN (2502, 2505) AS bulk, item_no, rule_code, disallowed_amount, status, evidence::text
  FROM medins.audit_finding WHERE claim_id IN (2501, 2502, 2504, 2505);
SELECT twin, rule_code, count(*) FILTER (WHERE NOT bulk) AS small, count(*) FILTER (WHERE bulk) AS bulk
  FROM bulk_found GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS differences
  FROM ((SELECT twin, item_no, rule_code, disallowed_amount, status, evidence FROM bulk_found WHERE NOT bulk
		 EXCEPT ALL
		 SELECT twin, item_no, rule_code, disallowed_amount, status, evidence FROM bulk_found WHERE bulk)
		UNION ALL
		(SELECT twin, item_no, rule_code, disallowed_amount, status, evidence FROM bulk_found WHERE bulk
		 EXCEPT ALL
		 SELECT twin, item_no, rule_code, disallowed_amount, status, evidence FROM bulk_found WHERE NOT bulk)) AS d;

\echo '== the C pass: treatment days past 63 days and code pairs within a claim, bulk as small'
-- A second code_pair rule judges the same pair on any day of the claim.
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params)
VALUES ('T_PAIR_ANY', 'code_pair', '互斥项目(任意日)', '{"same_day": false}');
INSERT INTO medins.audit_code_pair (rule_code, column1_code, column2_code)
VALUES ('T_PAIR_ANY', 'AUD_PANEL', 'AUD_GLU');
SELECT pg_temp.only('T_PAIR', 'T_PAIR_ANY', 'T_BED');
-- 2601 (a small statement) and 2602 (one bulk statement) are alike: a 99-day stay with a bed every
-- day and treatment on days 0, 10, 63, 64 (twice), 70 and 99; the panel on day 5, glucose on day 6.
-- 2603 bills the panel and 2604 glucose on the same day: pairs do not cross claims.  2605, a
-- 10-day stay, gets drugs on 6 days first and only beds in the bulk statement: its treatment
-- days are those of the table (6: not held), not the bulk statement's own (0).
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  discharge_date, principal_diagnosis) VALUES
	(2605, 9001, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-06-11', 'I10'),
	(2601, 9001, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-09-08', 'I10'),
	(2602, 9001, '2025-06-01', 'inpatient', 'AUD_H1', 'AUD_D1', '2025-09-08', 'I10'),
	(2603, 9002, '2025-06-01', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'I10'),
	(2604, 9002, '2025-06-01', 'outpatient', 'AUD_H1', 'AUD_D1', NULL, 'I10');
CREATE TEMP TABLE long_stay AS
SELECT row_number() OVER (ORDER BY day, item_code)::integer AS item_no, item_code, day
  FROM (SELECT 'AUD_BED' AS item_code, d AS day FROM generate_series(0, 99) AS d
		UNION ALL SELECT 'AUD_DRUG_C', d FROM unnest(ARRAY[0, 10, 63, 64, 64, 70, 99]) AS d
		UNION ALL VALUES ('AUD_PANEL', 5), ('AUD_GLU', 6)) AS l;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
SELECT 9001, 2601, DATE '2025-06-01', item_no, item_code, 'C'::medins.item_class, 1, 1, 1.00, DATE '2025-06-01' + day
  FROM long_stay;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
SELECT 9001, 2605, DATE '2025-06-01', d + 1, 'AUD_DRUG_C', 'C', 1, 1, 1.00, DATE '2025-06-01' + d
  FROM generate_series(0, 5) AS d;
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
SELECT 9001, 2602, DATE '2025-06-01', item_no, item_code, 'C'::medins.item_class, 1, 1, 1.00, DATE '2025-06-01' + day
  FROM long_stay
UNION ALL
SELECT 9001, 2605, DATE '2025-06-01', d + 7, 'AUD_BED', 'C', 1, 1, 1.00, DATE '2025-06-01' + d
  FROM generate_series(0, 9) AS d
UNION ALL
SELECT 9002, 2603 + g % 2, DATE '2025-06-01', g,
	   CASE WHEN g = 1 THEN 'AUD_GLU' WHEN g = 2 THEN 'AUD_PANEL' ELSE 'AUD_DRUG_C' END,
	   'C', 1, 1, 1.00, DATE '2025-06-01'
  FROM generate_series(1, 1000) AS g;
SELECT claim, item, rule FROM f WHERE claim BETWEEN 2601 AND 2605;
SELECT claim_id, evidence FROM medins.audit_finding
 WHERE claim_id IN (2601, 2602) AND rule_code = 'T_BED' ORDER BY 1;

\echo '== a claim insert that rolls back leaves no finding behind'
SELECT pg_temp.only('T_ID');
SAVEPOINT before_claim;
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
						  principal_diagnosis, presented_id_number) VALUES
	(1901, 9001, '2025-03-01', 'outpatient', 'AUD_H1', 'AUD_D3', 'J06.9', '110105198001010059');
SELECT count(*) AS findings_inside FROM f WHERE claim = 1901;
ROLLBACK TO SAVEPOINT before_claim;
SELECT count(*) AS findings_after_rollback FROM f WHERE claim = 1901;

ROLLBACK;
