-- Settlement test fixture: the sample policies (if no earlier test loaded
-- them), and the institutions, catalogue items and helpers the settle_*
-- tests use.  Persons and claims of the tests have ids from 900000 on.
SET client_min_messages = warning;
SELECT NOT EXISTS (SELECT 1 FROM medins.region WHERE region_code = 'RA') AS need_policies \gset
\if :need_policies
\set ECHO none
\i data/sample_policies.sql
\set ECHO all
\endif

CREATE SCHEMA settle_test;

INSERT INTO medins.region (region_code, name_zh, name_en) VALUES
	('RX', '外市', 'another city (out of area for the test persons)');

INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code) VALUES
	('T-RA-1',  '甲市一级医院',   'hospital', 1, NULL, 'RA'),
	('T-RA-2',  '甲市二级医院',   'hospital', 2, 'A',  'RA'),
	('T-RA-3B', '甲市三级乙等',   'hospital', 3, 'B',  'RA'),
	('T-RA-3A', '甲市三级甲等',   'hospital', 3, 'A',  'RA'),
	('T-RB-1',  '乙市一级医院',   'hospital', 1, NULL, 'RB'),
	('T-RB-2',  '乙市二级医院',   'hospital', 2, 'A',  'RB'),
	('T-RB-3',  '乙市三级医院',   'hospital', 3, 'A',  'RB'),
	('T-RC-1',  '丙市一级医院',   'hospital', 1, NULL, 'RC'),
	('T-RC-3',  '丙市三级医院',   'hospital', 3, 'A',  'RC'),
	('T-RC-P',  '丙市定点药店',   'pharmacy', NULL, NULL, 'RC'),
	('T-RD-1',  '丁县乡镇卫生院', 'hospital', 1, NULL, 'RD'),
	('T-RD-2',  '丁县人民医院',   'hospital', 2, 'A',  'RD'),
	('T-RD-3',  '市级三甲医院',   'hospital', 3, 'A',  'RD'),
	('T-RX-3A', '外市三级甲等',   'hospital', 3, 'A',  'RX');

INSERT INTO medins.department (institution_code, department_code, name_zh) VALUES
	('T-RA-2', 'IM', '内科');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on) VALUES
	('T-DOC-1', '测试医师', 'attending', 'T-RA-2', 'IM', DATE '2010-01-01');

INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio, payment_standard) VALUES
	('T-A',   'treatment', '甲类诊疗项目',        'A', 0,    NULL),
	('T-B10', 'drug',      '乙类药品(先自付10%)', 'B', 0.10, NULL),
	('T-B20', 'drug',      '乙类药品(先自付20%)', 'B', 0.20, NULL),
	('T-C',   'drug',      '丙类/自费药品',       'C', 0,    NULL),
	('T-STD', 'facility',  '床位费(支付标准80元)', 'A', 0,    80);

-- An 18-character identity number with a valid check character for n.
CREATE FUNCTION settle_test.id_number(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT body || substr('10X98765432',
		(SELECT sum(substr(body, i, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i])
		   FROM generate_series(1, 17) AS i)::int % 11 + 1, 1)
	  FROM (SELECT '110105' || lpad(n::text, 11, '0') AS body) AS b
$$;

-- A test person.
CREATE FUNCTION settle_test.person(id bigint, kind medins.insurance_kind, region text, grp text,
	born date, civil_servant boolean DEFAULT false, retired boolean DEFAULT false,
	assistance text DEFAULT NULL) RETURNS bigint LANGUAGE sql AS $$
	INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind,
			region_code, population_group, assistance_status, is_civil_servant, is_retired, enrolled_on)
	VALUES (id, settle_test.id_number(id), '测试' || id, 'M', born, kind, region, grp, assistance,
			civil_servant, retired, GREATEST(born, DATE '2000-01-01'))
	RETURNING person_id
$$;

-- Yearly contributions from first_start for n years, each paid paid_days before its start.
CREATE FUNCTION settle_test.contribute(id bigint, first_start date, years integer,
	paid_days integer DEFAULT 20) RETURNS integer LANGUAGE sql AS $$
	INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on, personal_amount)
	SELECT id, (first_start + make_interval(years => k))::date,
		   (first_start + make_interval(years => k + 1))::date - 1,
		   (first_start + make_interval(years => k))::date - paid_days, 100
	  FROM generate_series(0, years - 1) AS k;
	SELECT years
$$;

-- A claim with up to five items: class A, B (10% first share), B (20%), C,
-- and beds at the payment standard (quantity beds at bed_price).
CREATE FUNCTION settle_test.claim(id bigint, person bigint, day date, kind medins.claim_kind,
	institution text, a numeric DEFAULT 0, b10 numeric DEFAULT 0, c numeric DEFAULT 0,
	b20 numeric DEFAULT 0, beds integer DEFAULT 0, bed_price numeric DEFAULT 0,
	discharge date DEFAULT NULL, diagnosis text DEFAULT 'J18.9',
	referral medins.referral_kind DEFAULT 'none', emergency boolean DEFAULT false,
	out_of_area boolean DEFAULT false, cause text DEFAULT NULL, physician text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n integer := 0;
BEGIN
	INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code,
			discharge_date, principal_diagnosis, referral, is_emergency, is_out_of_area,
			injury_cause, physician_code)
	VALUES (id, person, day, kind, institution,
			CASE WHEN kind = 'inpatient' THEN COALESCE(discharge, day + 7) END,
			diagnosis, referral, emergency, out_of_area, cause, physician);
	IF a > 0 THEN n := n + 1; INSERT INTO medins.claim_item VALUES (person, id, day, n, 'T-A', 'A', 1, a, a, day); END IF;
	IF b10 > 0 THEN n := n + 1; INSERT INTO medins.claim_item VALUES (person, id, day, n, 'T-B10', 'B', 1, b10, b10, day); END IF;
	IF b20 > 0 THEN n := n + 1; INSERT INTO medins.claim_item VALUES (person, id, day, n, 'T-B20', 'B', 1, b20, b20, day); END IF;
	IF c > 0 THEN n := n + 1; INSERT INTO medins.claim_item VALUES (person, id, day, n, 'T-C', 'C', 1, c, c, day); END IF;
	IF beds > 0 THEN n := n + 1; INSERT INTO medins.claim_item VALUES (person, id, day, n, 'T-STD', 'A', beds, bed_price, beds * bed_price, day); END IF;
	RETURN id;
END
$$;

-- The main figures of a settlement, one line.
CREATE FUNCTION settle_test.show(s medins.settlement) RETURNS TABLE (claim bigint, status text,
	reason text, ord integer, total numeric, in_scope numeric, deductible numeric,
	basic numeric, layers numeric, personal numeric, inst numeric)
LANGUAGE sql AS $$
	SELECT s.claim_id, s.status, s.reason, s.admission_ordinal, s.total, s.in_scope,
		   s.deductible, s.basic_fund, s.layer_fund, s.personal_pay, s.institution_borne
$$;

-- The money lines of a claim's current settlement.
CREATE FUNCTION settle_test.lines(claim bigint) RETURNS TABLE (step text, base numeric,
	ratio numeric, amount numeric, payer text)
LANGUAGE sql AS $$
	SELECT l.step, l.base, l.ratio, l.amount, l.payer
	  FROM medins.current_settlement AS s
	  JOIN medins.settlement_line AS l ON l.person_id = s.person_id AND l.settlement_id = s.settlement_id
	 WHERE s.claim_id = claim AND (l.amount <> 0 OR l.step LIKE 'basic_fund%')
	 ORDER BY l.line_no
$$;
RESET client_min_messages;
SELECT count(*) AS test_institutions FROM medins.institution WHERE institution_code LIKE 'T-%';
