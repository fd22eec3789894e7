-- The canonical schema rejects impossible rows with clear messages, and
-- monthly partitions receive claims and items (also rows that arrived
-- before their month had a partition).  Everything runs in one transaction
-- that is rolled back; ON_ERROR_ROLLBACK keeps it alive after each error.
\set ON_ERROR_ROLLBACK on
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO medins.region (region_code, name_zh) VALUES ('T1', '测试市');
INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, valid_from)
	VALUES ('T1_RES', 'T1', 'resident', '测试市居民医保', '2020-01-01');
-- 11010519491231002X: a real-form number whose MOD 11-2 check character is X.
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
	VALUES (1, '11010519491231002X', '张三', 'M', '1949-12-31', 'resident', 'T1', 'elderly', '2010-01-01');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
	VALUES ('H1', '测试市人民医院', 'hospital', 3, 'A', 'T1'),
		   ('P1', '测试大药房', 'pharmacy', NULL, NULL, 'T1');
INSERT INTO medins.department VALUES ('H1', 'IM', '内科');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
	VALUES ('D1', '李医生', 'attending', 'H1', 'IM', '2015-01-01');
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio, payment_standard)
	VALUES ('X1', 'drug', '阿莫西林胶囊', 'B', 0.10, 12.5),
		   ('X2', 'facility', '普通病房床位费', 'A', 0, 40);
SELECT medins.create_month_partitions('2025-01-01', '2025-01-31') AS partitions_created;

-- A good inpatient claim with two items.
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, department_code,
						  physician_code, discharge_date, principal_diagnosis)
	VALUES (100, 1, '2025-01-05', 'inpatient', 'H1', 'IM', 'D1', '2025-01-09', 'J18.900');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 1, 'X2', 'A', 4, 40, 160.00, '2025-01-05'),
		   (1, 100, '2025-01-05', 2, 'X1', 'B', 2, 12.5, 25.00, '2025-01-06');
SELECT tableoid::regclass AS partition, claim_id FROM medins.claim;
SELECT tableoid::regclass AS partition, item_no, amount FROM medins.claim_item ORDER BY item_no;

-- Impossible persons.
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
	VALUES (2, '110105194912310021', '李四', 'M', '1949-12-31', 'resident', 'T1', 'elderly', '2010-01-01');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
	VALUES (3, '110105200001010016', '王五', 'X', '2000-01-01', 'resident', 'T1', 'adult', '2010-01-01');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
	VALUES (4, '110105200001010032', '赵六', 'M', '2000-01-01', 'resident', 'NOWHERE', 'adult', '2010-01-01');

-- Impossible institutions: a hospital without a level, a pharmacy with one.
INSERT INTO medins.institution (institution_code, name_zh, kind, level, region_code)
	VALUES ('H2', '无级别医院', 'hospital', NULL, 'T1');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, region_code)
	VALUES ('P2', '有级别药房', 'pharmacy', 2, 'T1');

-- Impossible catalogue rows: a first share on a class-A item.
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio)
	VALUES ('X3', 'drug', '甲类药', 'A', 0.10);

-- Impossible claims (created_at given so that the failing row shown is stable).
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, discharge_date, principal_diagnosis, created_at)
	VALUES (101, 1, '2025-01-05', 'inpatient', 'H1', '2025-01-04', 'J18.900', '2025-01-10');   -- discharged before admission
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis, created_at)
	VALUES (102, 1, '2025-01-05', 'inpatient', 'H1', 'J18.900', '2025-01-10');                 -- inpatient without discharge
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis)
	VALUES (103, 999, '2025-01-05', 'outpatient', 'H1', 'J06.900');             -- unknown person
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis)
	VALUES (104, 1, '2025-01-05', 'outpatient', 'H9', 'J06.900');               -- unknown institution
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code, principal_diagnosis)
	VALUES (105, 1, '2025-01-05', 'outpatient', 'H1', 'D9', 'J06.900');          -- unknown physician
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis)
	VALUES (106, 1, '2025-01-05', 'dental', 'H1', 'J06.900');                    -- unknown claim kind
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis,
						  admitted_at, registered_at, created_at)
	VALUES (107, 1, '2025-01-05', 'outpatient', 'H1', 'J06.900',
			'2025-01-05 10:00+08', '2025-01-05 09:00+08', '2025-01-10');                    -- registered before admission

-- Impossible items.
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 3, 'X1', 'B', 1, 12.5, -12.50, '2025-01-05');  -- negative amount
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 3, 'X1', 'B', 0, 12.5, 0, '2025-01-05');       -- zero quantity
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 3, 'NOPE', 'B', 1, 12.5, 12.50, '2025-01-05'); -- unknown catalogue item
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 777, '2025-01-05', 1, 'X1', 'B', 1, 12.5, 12.50, '2025-01-05');   -- unknown claim
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 3, 'X1', 'B', 1, 12.5, 12.50, '2025-01-04');   -- served before the claim began
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 100, '2025-01-05', 1, 'X1', 'B', 1, 12.5, 12.50, '2025-01-05');   -- duplicate line number

-- What claims and items use cannot be deleted.
DELETE FROM medins.person WHERE person_id = 1;
DELETE FROM medins.catalogue_item WHERE item_code = 'X1';
DELETE FROM medins.physician WHERE physician_code = 'D1';
DELETE FROM medins.claim WHERE claim_id = 100;
-- An unused catalogue entry can.
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class) VALUES ('X9', 'drug', '未用药', 'C');
DELETE FROM medins.catalogue_item WHERE item_code = 'X9';

-- A claim for a month without a partition lands in the default partition ...
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, principal_diagnosis)
	VALUES (110, 1, '2026-03-02', 'outpatient', 'H1', 'J06.900');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity, unit_price, amount, service_date)
	VALUES (1, 110, '2026-03-02', 1, 'X1', 'B', 1, 12.5, 12.50, '2026-03-02');
SELECT tableoid::regclass AS partition, claim_id FROM medins.claim WHERE claim_id = 110;
-- ... and moves with its item when the month's partitions are created.
SELECT medins.create_month_partitions('2026-03-01', '2026-03-01') AS partitions_created;
SELECT tableoid::regclass AS partition, claim_id FROM medins.claim WHERE claim_id = 110;
SELECT tableoid::regclass AS partition, claim_id, item_no FROM medins.claim_item WHERE claim_id = 110;
-- Existing months are skipped; a reversed range is an error.
SELECT medins.create_month_partitions('2026-03-01', '2026-03-31') AS partitions_created;
SELECT medins.create_month_partitions('2026-03-01', '2026-01-01');
ROLLBACK;
