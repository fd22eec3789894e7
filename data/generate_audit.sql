-- data/generate_audit.sql — sample audit rules (智能审核规则) for the sample
-- regions, then an audit of the claims data/generate.sql made.
--
--   psql -f data/generate_audit.sql        (after data/generate.sql)
--
-- Rule rows are the parameters of the rule kinds medins implements in C
-- (doc/audit.md lists them); the numbers are the seeds' own where they give
-- one (DOMAIN.md §4–§5): 24 h / 72 h registration in County D (seed 003),
-- 7 days of discharge drugs, the 12-point physician scheme (seed 000).

\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;

INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, name_en, params, severity, region_code,
							   claim_kinds, disallows, violation_code, points, auto_confirm) VALUES
	-- claims
	('D_LATE_REG', 'late_registration', '入院登记超时(24小时, 急诊72小时)', 'admission registered late',
	 '{"hours": 24, "emergency_hours": 72}', 'warning', 'RD', '{inpatient}', false, NULL, NULL, false),
	('ALL_IDENTITY', 'identity_mismatch', '冒名就医', 'impersonation', '{}', 'fraud', NULL,
	 NULL, true, 'impersonated_admission', NULL, false),
	('ALL_SPLIT_STAY', 'split_admission', '分解住院(出院15日内同类诊断再入院)', 'split admission',
	 '{"days": 15, "category_chars": 3, "same_institution": true}', 'violation', NULL,
	 '{inpatient}', false, 'split_admission', 4, false),
	('ALL_LONG_STAY', 'stay_length', '住院天数异常(超过60日)', 'implausibly long stay',
	 '{"max_days": 60}', 'notice', NULL, '{inpatient}', false, NULL, NULL, false),
	('ALL_SUSP_INST', 'suspended_institution', '中止协议期间结算', 'institution suspended',
	 '{"except_emergency": false}', 'violation', NULL, NULL, true, NULL, NULL, false),
	('ALL_ICD10', 'icd10_problem', 'ICD-10诊断编码不规范(医保版2.0)', 'ICD-10 problems',
	 '{"version": "nhsa-2.0", "problems": ["malformed", "not_in_catalogue", "sex_mismatch", "age_mismatch", "asterisk_alone", "not_principal"]}',
	 'warning', NULL, NULL, false, 'nonstandard_diagnosis', NULL, false),
	('ALL_NO_INDICATION', 'admission_without_indication', '无指征入院(上呼吸道感染、脑供血不足、单纯糖尿病)',
	 'admission without indication', '{"codes": "J00-J06,I67.8,E11.9", "unless_codes": "J96,R57"}',
	 'violation', NULL, '{inpatient}', true, 'admission_without_indication', 4, false),
	-- items
	('ALL_INDICATION', 'drug_indication', '超适应症用药', 'drug not indicated for any diagnosis',
	 '{}', 'violation', NULL, NULL, true, 'unreasonable_drugs', NULL, false),
	('ALL_CLASS_SWAP', 'class_swap', '串换项目: 乙类/丙类按甲类收费', 'class B/C billed as A',
	 '{}', 'violation', NULL, NULL, true, 'class_billed_as_a', 4, true),
	('ALL_LEVEL', 'restricted_level', '限定医院级别使用', 'restricted to a higher hospital level',
	 '{}', 'violation', NULL, NULL, true, 'unreasonable_drugs', NULL, false),
	('ALL_SEX', 'restricted_sex', '限定性别使用', 'restricted to the other sex',
	 '{}', 'violation', NULL, NULL, true, NULL, NULL, false),
	('ALL_AGE', 'restricted_age', '限定年龄使用', 'restricted to other ages',
	 '{}', 'violation', NULL, NULL, true, NULL, NULL, false),
	('ALL_DUPLICATE', 'duplicate_charge', '重复收费(同日同项目多行)', 'duplicate charge',
	 '{"max_lines": 1, "catalogue": "treatment"}', 'violation', NULL, NULL, true, 'swapped_prescription', NULL, false),
	('ALL_CODE_PAIR', 'code_pair', '分解收费/互斥项目', 'unbundled or mutually exclusive items',
	 '{"same_day": true}', 'violation', NULL, NULL, true, 'swapped_prescription', NULL, false),
	('ALL_OVER_PRICE', 'over_standard_price', '超标准收费', 'price above the payment standard',
	 '{"tolerance": 0}', 'violation', NULL, NULL, true, NULL, NULL, false),
	('ALL_DAILY_DOSE', 'quantity_per_day', '超量用药(日剂量)', 'over the daily quantity',
	 '{"factor": 1}', 'violation', NULL, '{outpatient,pharmacy,special_outpatient}', true, 'unreasonable_drugs', NULL, false),
	('ALL_RX_DAYS', 'prescription_days', '门诊处方超天数(7日)', 'outpatient prescription over 7 days',
	 '{"max_days": 7}', 'violation', NULL, '{outpatient,pharmacy}', true, 'unreasonable_drugs', NULL, false),
	('ALL_SPECIAL_DAYS', 'prescription_days', '特殊病种超量用药(30日)', 'special-disease drugs over 30 days',
	 '{"max_days": 30}', 'violation', NULL, '{special_outpatient}', true, 'special_drugs_over_limit', NULL, false),
	('ALL_DISCHARGE', 'discharge_drug_days', '出院带药超量(7日)', 'discharge drugs over 7 days',
	 '{"max_days": 7}', 'violation', NULL, '{inpatient}', true, 'discharge_drugs_over_limit', NULL, false),
	('ALL_SUSP_PHYS', 'suspended_physician', '暂停资格医师开具', 'physician suspended',
	 '{"except_emergency": true}', 'violation', NULL, NULL, true, NULL, NULL, false),
	('ALL_BED_HOLD', 'bed_holding', '挂床住院(治疗日少于住院日一半)', 'bed held without treatment',
	 '{"min_days": 3, "min_share": 0.5}', 'violation', NULL, '{inpatient}', false, 'bed_holding', 4, false);

-- 限定适应症: indications of some catalogue drugs as ICD-10 code sets.
UPDATE medins.catalogue_item AS ci SET indication_codes = v.codes::medins.icd10_set
  FROM (VALUES ('门冬胰岛素注射液', 'E10-E14,O24'), ('替莫唑胺胶囊', 'C71'), ('他克莫司胶囊', 'Z94,T86'),
			   ('羟氯喹片', 'M05-M06,M32'), ('异烟肼片', 'A15-A19'), ('利培酮片', 'F20-F29')) AS v (name, codes)
 WHERE ci.catalogue = 'drug' AND ci.name_zh = v.name;

-- 分解收费 pairs: a routine blood test is part of a liver-function panel on the same day.
INSERT INTO medins.audit_code_pair (rule_code, column1_code, column2_code, reason_zh)
SELECT 'ALL_CODE_PAIR', a.item_code, b.item_code, '肝功能检查当日不另收血常规'
  FROM medins.catalogue_item AS a, medins.catalogue_item AS b
 WHERE a.name_zh = '肝功能检查' AND b.name_zh = '血常规';

-- An agreement per County D hospital for 2025; one of them suspended in the autumn.
INSERT INTO medins.agreement (institution_code, term_start, term_end)
SELECT institution_code, DATE '2025-01-01', DATE '2025-12-31'
  FROM medins.institution WHERE region_code = 'RD' AND kind = 'hospital';
INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
SELECT agreement_id, 'activate', term_start FROM medins.agreement;
INSERT INTO medins.agreement_event (agreement_id, event, effective_on, note)
SELECT agreement_id, 'suspend', DATE '2025-10-01', '年度考核不合格, 中止协议整改'
  FROM medins.agreement ORDER BY institution_code LIMIT 1;

COMMIT;

-- Audit what is already loaded: the triggers audit later loads by themselves.
\echo 'Audit of the generated claims:'
SELECT medins.audit_claims(min(claim_date), max(claim_date)) AS findings FROM medins.claim;
