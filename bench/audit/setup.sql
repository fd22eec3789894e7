-- bench/audit set-up: reference data, :claims claims over 2025, every audit
-- rule kind enabled, and the item file to COPY (:items lines, written to
-- :'itemfile').  Deterministic: no random(), only arithmetic on the ids.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION medins;
SELECT medins.create_month_partitions('2025-01-01', '2025-12-01') AS partitions;

INSERT INTO medins.region (region_code, name_zh) VALUES ('BR', '基准市');
INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, valid_from)
VALUES ('BR_RES', 'BR', 'resident', '基准市居民', '2020-01-01');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
SELECT 'BH' || n, '基准医院' || n, 'hospital', 1 + n % 3, 'A', 'BR' FROM generate_series(0, 19) AS n;
INSERT INTO medins.department SELECT 'BH' || n, 'IM', '内科' FROM generate_series(0, 19) AS n;
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
SELECT 'BD' || n, '医生' || n, 'attending', 'BH' || (n % 20), 'IM', '2020-01-01' FROM generate_series(0, 199) AS n;
-- Persons: valid identity numbers built from a base with the check character computed.
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
SELECT n, b || substr('10X98765432', (SELECT sum(substr(b, i, 1)::int
						   * (ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])
						  FROM generate_series(1, 17) AS i)::int % 11 + 1, 1),
	   '参保人' || n, CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END, bd, 'resident', 'BR', 'adult', '2015-01-01'
  FROM (SELECT n, DATE '1940-01-01' + (n * 37 % 25000) AS bd,
			   '110105' || to_char(DATE '1940-01-01' + (n * 37 % 25000), 'YYYYMMDD') || lpad((n % 1000)::text, 3, '0') AS b
		  FROM generate_series(1, 20000) AS n) AS p
ON CONFLICT DO NOTHING;
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio,
		max_quantity_per_day, max_days_supply, min_hospital_level, restricted_sex, min_age, max_age)
SELECT 'BI' || n, (ARRAY['drug', 'treatment', 'facility'])[1 + n % 3]::medins.catalogue_kind, '项目' || n,
	   (ARRAY['A', 'B', 'C'])[1 + n % 3 * (n % 2)]::medins.item_class,
	   CASE WHEN 1 + n % 3 * (n % 2) = 2 THEN 0.1 ELSE 0 END,
	   CASE WHEN n % 3 = 0 THEN 3 END, CASE WHEN n % 3 = 0 THEN 30 END,
	   CASE WHEN n % 97 = 0 THEN 3 END, CASE WHEN n % 101 = 0 THEN 'M' END,
	   NULL, CASE WHEN n % 89 = 0 THEN 14 END
  FROM generate_series(0, 299) AS n;
UPDATE medins.catalogue_item SET payment_standard = 2.5;
UPDATE medins.catalogue_item SET indication_codes = 'E10-E14' WHERE catalogue = 'drug' AND item_code LIKE '%5';

-- One rule of every kind, enabled.
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params, claim_kinds, violation_code, auto_confirm) VALUES
	('B_LATE', 'late_registration', '入院登记超时', '{}', '{inpatient}', NULL, false),
	('B_ID', 'identity_mismatch', '冒名', '{}', NULL, NULL, false),
	('B_SPLIT', 'split_admission', '分解住院', '{}', '{inpatient}', 'split_admission', false),
	('B_STAY', 'stay_length', '住院天数', '{}', '{inpatient}', NULL, false),
	('B_SUSINST', 'suspended_institution', '中止机构', '{}', NULL, NULL, false),
	('B_SWAP', 'class_swap', '串换', '{}', NULL, 'class_billed_as_a', true),
	('B_LEVEL', 'restricted_level', '限级', '{}', NULL, NULL, false),
	('B_SEX', 'restricted_sex', '限性别', '{}', NULL, NULL, false),
	('B_AGE', 'restricted_age', '限年龄', '{}', NULL, NULL, false),
	('B_DUP', 'duplicate_charge', '重复收费', '{}', NULL, NULL, false),
	('B_PAIR', 'code_pair', '互斥', '{}', NULL, NULL, false),
	('B_QTY', 'quantity_per_day', '超量', '{}', NULL, NULL, false),
	('B_DAYS', 'prescription_days', '超天数', '{"max_days": 7}', '{outpatient}', NULL, false),
	('B_DIS', 'discharge_drug_days', '出院带药', '{}', '{inpatient}', NULL, false),
	('B_SUSPHYS', 'suspended_physician', '暂停医师', '{}', NULL, NULL, false),
	('B_BED', 'bed_holding', '挂床', '{}', '{inpatient}', 'bed_holding', false),
	('B_STD', 'over_standard_price', '超标准收费', '{}', NULL, NULL, false),
	('B_INDIC', 'drug_indication', '超适应症', '{}', NULL, NULL, false),
	('B_ICD', 'icd10_problem', 'ICD-10', '{}', NULL, NULL, false),
	('B_NOIND', 'admission_without_indication', '无指征入院', '{"codes": "J00-J06,E11.9"}', '{inpatient}', NULL, false);
INSERT INTO medins.audit_code_pair (rule_code, column1_code, column2_code)
SELECT 'B_PAIR', 'BI' || n, 'BI' || (n + 1) FROM generate_series(1, 280, 7) AS n;
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
SELECT 'BD' || n, 'bed_holding', 4, '2025-03-01', '2025-03-01' FROM generate_series(0, 9) AS n;

-- Claims: a third inpatient, the rest outpatient.
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, department_code,
						  physician_code, discharge_date, principal_diagnosis, admitted_at, registered_at)
SELECT c, 1 + c % 20000, d, k::medins.claim_kind, 'BH' || (c % 20), 'IM', 'BD' || (c % 200),
	   CASE WHEN k = 'inpatient' THEN d + 1 + c % 12 END,
	   (ARRAY['J18.9', 'I63.9', 'E11.9', 'K35.8', 'N18.5'])[1 + c % 5],
	   CASE WHEN k = 'inpatient' THEN d + time '08:00' END,
	   CASE WHEN k = 'inpatient' THEN d + time '08:00' + (c % 30) * interval '1 hour' END
  FROM (SELECT c, DATE '2025-01-01' + (c * 7 % 360) AS d,
			   CASE WHEN c % 3 = 0 THEN 'inpatient' ELSE 'outpatient' END AS k
		  FROM generate_series(1, :claims) AS c) AS g;
ANALYZE;

-- The item file: :items lines spread over the claims, item_no by claim.
COPY (
	SELECT c.person_id, c.claim_id, c.claim_date, g.k AS item_no, ci.item_code,
		   CASE WHEN (c.claim_id + g.k) % 97 = 0 THEN 'A' ELSE ci.item_class::text END AS item_class,
		   q AS quantity, 2.5 AS unit_price, round(q * 2.5, 2) AS amount,
		   c.claim_date + g.k % (1 + coalesce(c.discharge_date - c.claim_date, 0)) AS service_date,
		   ds AS days_supply,
		   NULL AS prescribing_physician,
		   ci.catalogue = 'drug' AND c.claim_kind = 'inpatient' AND g.k = 1 AS is_discharge_drug
	  FROM generate_series(0, :items - 1) AS n
	  CROSS JOIN LATERAL (SELECT 1 + n % :claims AS claim_id, 1 + n / :claims AS k) AS g
	  JOIN medins.claim AS c ON c.claim_id = g.claim_id
	  JOIN medins.catalogue_item AS ci ON ci.item_code = 'BI' || ((g.claim_id * 31 + g.k * 17) % 300)
	  -- drugs: 1-7 days (1 in 61 lines 8 days), 1-3 a day (1 in 53 lines 4 a day)
	  CROSS JOIN LATERAL (SELECT CASE WHEN ci.catalogue = 'drug'
									  THEN 1 + (g.claim_id + g.k) % 7 + ((g.claim_id + g.k) % 61 = 0)::int
								 END AS ds) AS d
	  CROSS JOIN LATERAL (SELECT coalesce(d.ds, 1)
								 * (1 + (g.claim_id * 3 + g.k) % 3 + ((g.claim_id + g.k) % 53 = 0)::int) AS q) AS qq
) TO :'itemfile' WITH (FORMAT csv);
