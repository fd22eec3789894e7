-- data/generate.sql — deterministic sample data for medins.
--
--   psql -v claims=1000000 -v seed=42 -f data/generate.sql
--
-- Run from the repository root (it reads data/icd10/*.csv with \copy) into a
-- database where CREATE EXTENSION medins and data/sample_policies.sql have
-- run and no persons, institutions or claims exist yet.  Everything is
-- derived from hash functions of (seed, stream, key): the same seed and size
-- give the same rows whatever the plan, the parallelism or the machine.
--
-- What it makes (sizes scale with :claims):
--   persons     max(500, claims/5), in regions RA/RB/RC/RD, every insurance
--               kind, population group (students, minors, adults, elderly,
--               employees in service, retired) and assistance status, with
--               valid 身份证号 and yearly contribution periods (some lapsed,
--               some paid as arrears)
--   institutions per region: hospitals of level 3 甲/乙, 2 甲/乙, 1 and
--               pharmacies; six departments each; physicians of each title
--   catalogue   drugs, treatment items and service facilities of class
--               A 甲 / B 乙 (10% first share) / C 丙, with payment standards
--               and some restrictions (per-day quantity, days of supply,
--               hospital level, sex, age)
--   claims      outpatient, pharmacy, special-disease outpatient, inpatient
--               (length of stay, cross-year stays, registration delays) and
--               maternity (deliveries, ectopic and induced cases), a few
--               emergency outpatient deaths, dated 2024-01-01 .. 2025-12-31, with real ICD-10
--               codes of 医保版 2.0 (a little deliberate noise: gray codes,
--               sex conflicts, late registration, swapped classes, prices
--               above the payment standard, long days of supply)
--   items       several per claim; amount = round(quantity × unit price, 2)

\set ON_ERROR_STOP on
\if :{?claims}
\else
\set claims 20000
\endif
\if :{?seed}
\else
\set seed 42
\endif

SET client_min_messages = warning;
\if :{?timing}
\timing on
\endif
SET TIME ZONE 'Asia/Shanghai';
BEGIN;

-- Uniform number in [0, 1) from (seed, stream, key): 53 bits of a 64-bit hash.
CREATE FUNCTION pg_temp.u(seed integer, stream integer, k bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ((hashint8extended(k, seed::bigint * 1000 + stream) >> 11) & 9007199254740991)::float8
			 / 9007199254740992 $$;

-- Integer in [0, n) from (seed, stream, key).
CREATE FUNCTION pg_temp.pick(seed integer, stream integer, k bigint, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT least(n - 1, floor(pg_temp.u(seed, stream, k) * n)::integer) $$;

CREATE TEMP TABLE gen_param AS
	SELECT :seed::integer AS seed, :claims::integer AS claims,
		   greatest(500, :claims::integer / 5) AS persons;

------------------------------------------------------------------------------
-- ICD-10 code pools from the shipped 医保版 2.0 catalogue
------------------------------------------------------------------------------

CREATE TEMP TABLE gen_icd (code text PRIMARY KEY, name_zh text);
\copy gen_icd FROM 'data/icd10/nhsa_v2.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE gen_icd_gray (code text PRIMARY KEY, name_zh text);
\copy gen_icd_gray FROM 'data/icd10/nhsa_v2_gray_codes.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE gen_sex_only (code text PRIMARY KEY, sex char(1), name_en text);
\copy gen_sex_only FROM 'data/icd10/sex_restricted_who2019.csv' WITH (FORMAT csv, HEADER)

-- Which sex a 医保 code is restricted to, by its WHO category or subcategory.
CREATE TEMP TABLE gen_icd_sex AS
	SELECT i.code, s.sex
	  FROM gen_icd AS i
	  JOIN gen_sex_only AS s
		ON s.code = left(i.code, 3) OR s.code = left(i.code, 5);

-- Pools: (pool, idx, code).  Weighted named pools list common diagnoses
-- several times; 'tail' is every code of chapters A–N, Q–T not restricted
-- to one sex (and not a gray code): the long tail of real claims.
CREATE TEMP TABLE gen_dx (pool text, idx integer, code text, PRIMARY KEY (pool, idx));
INSERT INTO gen_dx
SELECT pool, (row_number() OVER (PARTITION BY pool ORDER BY ord)) - 1, code
  FROM (SELECT p.pool, p.code, p.ord
		  FROM (VALUES
			('outpatient', 'J06.900', 1), ('outpatient', 'J06.900', 2), ('outpatient', 'I10.x00', 3),
			('outpatient', 'I10.x00', 4), ('outpatient', 'E11.900', 5), ('outpatient', 'K29.700', 6),
			('outpatient', 'J20.900', 7), ('outpatient', 'R51.x00', 8), ('outpatient', 'I25.100', 9),
			('outpatient', 'J18.900', 10),
			('inpatient', 'J18.900', 1), ('inpatient', 'I63.900', 2), ('inpatient', 'I25.100', 3),
			('inpatient', 'J44.100', 4), ('inpatient', 'K80.200', 5), ('inpatient', 'K35.200', 6),
			('inpatient', 'S72.000', 7), ('inpatient', 'C34.900', 8), ('inpatient', 'N18.500', 9),
			('inpatient', 'E11.200', 10), ('inpatient', 'J06.900', 11), ('inpatient', 'I10.x00', 12),
			('special', 'I69.000', 1), ('special', 'C34.900', 2), ('special', 'E11.200', 3),
			('special', 'N18.500', 4), ('special', 'N18.500', 5), ('special', 'A15.000', 6),
			('special', 'F20.900', 7), ('special', 'Z94.000', 8), ('special', 'M32.900', 9),
			('maternity', 'O80.000', 1), ('maternity', 'O80.000', 2), ('maternity', 'O82.000', 3),
			('maternity', 'O80.100', 4), ('maternity', 'O00.100', 5), ('maternity', 'O04.900', 6),
			('chronic', 'I10.x00', 1), ('chronic', 'E11.900', 2), ('chronic', 'I25.100', 3),
			('chronic', 'E78.500', 4), ('chronic', 'K21.900', 5), ('chronic', 'N40.x00', 6)
		) AS p (pool, code, ord)
		 WHERE p.code IN (SELECT code FROM gen_icd)
		UNION ALL
		SELECT 'tail', i.code, 0
		  FROM gen_icd AS i
		 WHERE left(i.code, 1) BETWEEN 'A' AND 'N' OR left(i.code, 1) BETWEEN 'Q' AND 'T'
		   AND NOT EXISTS (SELECT FROM gen_icd_sex AS s WHERE s.code = i.code)
		   AND NOT EXISTS (SELECT FROM gen_icd_gray AS g WHERE g.code = i.code)
		UNION ALL
		-- Codes for one sex only; drawn for the wrong sex now and then as noise.
		SELECT 'sex_' || s.sex, s.code, 0 FROM gen_icd_sex AS s
		UNION ALL
		SELECT 'gray', g.code, 0 FROM gen_icd_gray AS g) AS pools;
-- N40 (prostate) is male-only: keep it out of the shared chronic pool for women below.
CREATE TEMP TABLE gen_dx_size AS SELECT pool, count(*)::integer AS n FROM gen_dx GROUP BY pool;

------------------------------------------------------------------------------
-- Institutions, departments, physicians
------------------------------------------------------------------------------

CREATE TEMP TABLE gen_region AS
	SELECT * FROM (VALUES
		('RA', '110101', 0.30, 0.00), ('RB', '310101', 0.25, 0.00),
		('RC', '440103', 0.30, 0.65), ('RD', '510122', 0.15, 0.00)
	) AS r (region_code, area_code, share, employee_share);

CREATE TEMP TABLE gen_institution AS
SELECT r.region_code,
	   format('%s-%s%s', r.region_code, CASE WHEN t.kind = 'pharmacy' THEN 'P' ELSE 'H' END,
			  lpad(n::text, 3, '0')) AS institution_code,
	   t.kind, t.level, t.grade, n
  FROM gen_region AS r
 CROSS JOIN (VALUES ('hospital', 3, 'A', 2), ('hospital', 3, 'B', 1), ('hospital', 2, 'A', 3),
					('hospital', 2, 'B', 3), ('hospital', 1, NULL, 10), ('pharmacy', NULL, NULL, 8))
		AS tpl (kind, level, grade, how_many)
 CROSS JOIN LATERAL (SELECT tpl.kind, tpl.level::smallint AS level, tpl.grade) AS t
 CROSS JOIN LATERAL generate_series(1, tpl.how_many) AS k
 CROSS JOIN LATERAL (SELECT CASE WHEN tpl.kind = 'pharmacy' THEN k
								ELSE k + coalesce((SELECT sum(x.c) FROM (VALUES (3, 'A', 0), (3, 'B', 2), (2, 'A', 3),
												 (2, 'B', 6), (1, NULL, 9)) AS x (l, g, c)
											  WHERE x.l = tpl.level AND x.g IS NOT DISTINCT FROM tpl.grade), 0) END AS n) AS nn;

INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
SELECT i.institution_code,
	   CASE WHEN i.kind = 'pharmacy' THEN format('%s第%s大药房', r.name_zh, i.n)
			ELSE format('%s第%s%s医院', r.name_zh, i.n,
						CASE i.level WHEN 3 THEN '人民' WHEN 2 THEN '中心' ELSE '社区' END) END,
	   i.kind, i.level, i.grade, i.region_code
  FROM gen_institution AS i JOIN medins.region AS r USING (region_code)
 ORDER BY 1;

-- Dense index per (region, tier) so claims can pick an institution quickly.
CREATE TEMP TABLE gen_inst_pick AS
SELECT region_code, coalesce(level, 0) AS tier, institution_code, kind, level, grade,
	   (row_number() OVER (PARTITION BY region_code, coalesce(level, 0) ORDER BY institution_code))::integer - 1 AS idx
  FROM gen_institution;
CREATE TEMP TABLE gen_inst_count AS
	SELECT region_code, tier, count(*)::integer AS n FROM gen_inst_pick GROUP BY 1, 2;

CREATE TEMP TABLE gen_department (department_code text, name_zh text, for_pharmacy boolean);
INSERT INTO gen_department VALUES
	('IM', '内科', false), ('SU', '外科', false), ('OB', '妇产科', false),
	('PE', '儿科', false), ('ER', '急诊科', false), ('ON', '肿瘤科', false), ('PH', '药房', true);

INSERT INTO medins.department (institution_code, department_code, name_zh)
SELECT i.institution_code, d.department_code, d.name_zh
  FROM gen_institution AS i JOIN gen_department AS d ON d.for_pharmacy = (i.kind = 'pharmacy')
 ORDER BY 1, 2;

CREATE TEMP TABLE gen_physician AS
SELECT i.institution_code, d.department_code,
	   format('%s-%s%s', i.institution_code, d.department_code, lpad(k::text, 2, '0')) AS physician_code,
	   k - 1 AS idx,
	   CASE WHEN i.kind = 'pharmacy' THEN 'pharmacist'
			ELSE (ARRAY['chief', 'associate_chief', 'attending', 'attending', 'resident', 'resident'])
				 [1 + pg_temp.pick(p.seed, 1, hashtext(i.institution_code || d.department_code || k), 6)] END AS title,
	   (DATE '2010-01-01' + pg_temp.pick(p.seed, 2, hashtext(i.institution_code || d.department_code || k), 4000)) AS registered_on
  FROM gen_institution AS i
  JOIN gen_department AS d ON d.for_pharmacy = (i.kind = 'pharmacy')
 CROSS JOIN gen_param AS p
 CROSS JOIN LATERAL generate_series(1, CASE WHEN i.kind = 'pharmacy' THEN 2 ELSE 2 + 2 * coalesce(i.level, 1) END) AS k;

INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
SELECT physician_code,
	   (ARRAY['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'])[1 + pg_temp.pick(p.seed, 3, hashtext(physician_code), 10)]
	   || (ARRAY['建国', '海燕', '立新', '晓明', '丽华', '志强', '秀英', '文军', '春梅', '国平'])[1 + pg_temp.pick(p.seed, 4, hashtext(physician_code), 10)],
	   title, institution_code, department_code, registered_on
  FROM gen_physician CROSS JOIN gen_param AS p
 ORDER BY physician_code;

CREATE TEMP TABLE gen_physician_count AS
	SELECT institution_code, department_code, count(*)::integer AS n FROM gen_physician GROUP BY 1, 2;

------------------------------------------------------------------------------
-- The three catalogues
------------------------------------------------------------------------------

CREATE TEMP TABLE gen_catalogue_name (catalogue medins.catalogue_kind, name_zh text, unit text, base_price numeric);
INSERT INTO gen_catalogue_name VALUES
	('drug', '阿莫西林胶囊', '盒', 12), ('drug', '二甲双胍片', '盒', 18), ('drug', '苯磺酸氨氯地平片', '盒', 25),
	('drug', '阿托伐他汀钙片', '盒', 38), ('drug', '奥美拉唑肠溶胶囊', '盒', 22), ('drug', '头孢呋辛酯片', '盒', 30),
	('drug', '门冬胰岛素注射液', '支', 75), ('drug', '布洛芬缓释胶囊', '盒', 15), ('drug', '左氧氟沙星注射液', '瓶', 28),
	('drug', '甘露醇注射液', '瓶', 9), ('drug', '氯化钠注射液', '瓶', 4), ('drug', '硝苯地平控释片', '盒', 32),
	('drug', '阿司匹林肠溶片', '盒', 16), ('drug', '氯吡格雷片', '盒', 88), ('drug', '替莫唑胺胶囊', '盒', 680),
	('drug', '他克莫司胶囊', '盒', 420), ('drug', '异烟肼片', '瓶', 10), ('drug', '利培酮片', '盒', 55),
	('drug', '羟氯喹片', '盒', 48), ('drug', '缩宫素注射液', '支', 6), ('drug', '复方丹参滴丸', '盒', 26),
	('drug', '蒙脱石散', '盒', 14), ('drug', '沙丁胺醇气雾剂', '支', 24), ('drug', '人血白蛋白', '瓶', 380),
	('treatment', '血常规', '次', 20), ('treatment', 'CT平扫', '次', 220), ('treatment', '磁共振成像', '次', 600),
	('treatment', '彩色多普勒超声', '次', 150), ('treatment', '心电图', '次', 25), ('treatment', '静脉输液', '次', 8),
	('treatment', '换药', '次', 30), ('treatment', '阑尾切除术', '次', 1800), ('treatment', '血液透析', '次', 420),
	('treatment', '放射治疗', '次', 900), ('treatment', '化学治疗', '次', 300), ('treatment', '剖宫产术', '次', 2600),
	('treatment', '阴道分娩接生', '次', 900), ('treatment', '肝功能检查', '次', 60), ('treatment', '胃镜检查', '次', 280),
	('facility', '普通病房床位费', '日', 40), ('facility', '护理费', '日', 25), ('facility', '重症监护床位费', '日', 260),
	('facility', '诊查费', '次', 10), ('facility', '空调费', '日', 8), ('facility', '救护车费', '次', 120);

-- Each catalogue: its names in turn, then more specifications (规格) of them.
-- The first entry of every name is the plain one: class A except a few
-- famous 乙/丙 items; the others get classes A/B/C at 4/5/1 odds.
CREATE TEMP TABLE gen_catalogue AS
WITH names AS (
	SELECT *, (row_number() OVER (PARTITION BY catalogue ORDER BY name_zh))::integer - 1 AS k,
		   count(*) OVER (PARTITION BY catalogue)::integer AS n_names
	  FROM gen_catalogue_name
), sized AS (
	SELECT * FROM (VALUES ('drug'::medins.catalogue_kind, 1200, 'XD'), ('treatment', 600, 'XT'),
						  ('facility', 60, 'XF')) AS c (catalogue, how_many, prefix)
)
SELECT s.catalogue, j - 1 AS idx,
	   s.prefix || lpad(j::text, 5, '0') AS item_code,
	   nm.name_zh AS base_name,
	   nm.name_zh || CASE WHEN j > nm.n_names THEN format('(规格%s)', (j - 1) / nm.n_names + 1) ELSE '' END AS name_zh,
	   nm.unit,
	   CASE WHEN j <= nm.n_names THEN
				CASE nm.name_zh WHEN '空调费' THEN 'C' WHEN '人血白蛋白' THEN 'B' WHEN '磁共振成像' THEN 'B'
								ELSE 'A' END::medins.item_class
			ELSE (ARRAY['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'B', 'C'])
				 [1 + pg_temp.pick(p.seed, 11, hashtext(s.prefix || j), 10)]::medins.item_class END AS item_class,
	   round(nm.base_price * (0.6 + pg_temp.u(p.seed, 12, hashtext(s.prefix || j)))::numeric, 2) AS price,
	   pg_temp.u(p.seed, 13, hashtext(s.prefix || j)) AS r
  FROM sized AS s
 CROSS JOIN gen_param AS p
 CROSS JOIN LATERAL generate_series(1, s.how_many) AS j
  JOIN names AS nm ON nm.catalogue = s.catalogue AND nm.k = (j - 1) % nm.n_names;

INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio,
								   payment_standard, unit, max_quantity_per_day, max_days_supply,
								   min_hospital_level, restricted_sex, min_age, max_age, restriction_zh)
SELECT item_code, catalogue, name_zh, item_class,
	   CASE WHEN item_class = 'B' THEN 0.10 ELSE 0 END,
	   price, unit,
	   CASE WHEN catalogue = 'drug' AND r < 0.30 THEN 3 END,
	   CASE WHEN catalogue = 'drug' THEN CASE WHEN base_name IN ('二甲双胍片', '苯磺酸氨氯地平片', '阿托伐他汀钙片',
																'硝苯地平控释片', '他克莫司胶囊', '异烟肼片', '利培酮片',
																'羟氯喹片', '替莫唑胺胶囊') THEN 30 ELSE 7 END END,
	   CASE WHEN base_name IN ('人血白蛋白', '替莫唑胺胶囊', '磁共振成像', '重症监护床位费') THEN 2 END,
	   CASE WHEN base_name IN ('缩宫素注射液', '剖宫产术', '阴道分娩接生') THEN 'F' END,
	   NULL::smallint,
	   CASE WHEN base_name IN ('蒙脱石散') AND r < 0.5 THEN 14 END,
	   CASE WHEN base_name = '人血白蛋白' THEN '限抢救、重症患者' WHEN base_name = '替莫唑胺胶囊' THEN '限胶质瘤患者' END
  FROM gen_catalogue
 ORDER BY item_code;

-- Pools of entries a claim may draw, by the patient's sex and the
-- hospital's level: an entry restricted to the other sex, to a higher level
-- or to certain ages is left out (claims draw from 'all' only as noise).
CREATE TEMP TABLE gen_pool AS
WITH restricted AS (
	SELECT g.catalogue, g.idx, g.item_code, ci.restricted_sex, ci.min_hospital_level,
		   ci.min_age IS NOT NULL OR ci.max_age IS NOT NULL AS age_bound
	  FROM gen_catalogue AS g JOIN medins.catalogue_item AS ci USING (item_code)
), pools AS (
	SELECT r.*, sx.sex || lv.level AS pool
	  FROM restricted AS r
	 CROSS JOIN (VALUES ('M'), ('F')) AS sx (sex)
	 CROSS JOIN generate_series(1, 3) AS lv (level)
	 WHERE coalesce(r.restricted_sex, sx.sex) = sx.sex
	   AND coalesce(r.min_hospital_level, 1) <= lv.level
	   AND NOT r.age_bound
	UNION ALL
	SELECT r.*, 'all' FROM restricted AS r
)
SELECT catalogue, pool, item_code,
	   (row_number() OVER (PARTITION BY catalogue, pool ORDER BY idx))::integer - 1 AS idx
  FROM pools;
ALTER TABLE gen_pool ADD PRIMARY KEY (catalogue, pool, idx);
CREATE TEMP TABLE gen_pool_count AS
	SELECT catalogue, pool, count(*)::integer AS n FROM gen_pool GROUP BY 1, 2;
-- The items every stay or visit bills: bed day, nursing day, consultation.
CREATE TEMP TABLE gen_fixed_item AS
	SELECT base_name, item_code
	  FROM gen_catalogue WHERE name_zh IN ('普通病房床位费', '护理费', '诊查费');
ALTER TABLE gen_catalogue ADD PRIMARY KEY (item_code);
ANALYZE gen_catalogue, gen_pool, gen_pool_count;

------------------------------------------------------------------------------
-- Insured persons and their contributions
------------------------------------------------------------------------------

-- Region, kind, sex and age first; population group and identity number follow.
CREATE TEMP TABLE gen_person AS
WITH base AS (
	SELECT k AS person_id,
		   pg_temp.u(p.seed, 20, k) AS r_region, pg_temp.u(p.seed, 21, k) AS r_kind,
		   pg_temp.u(p.seed, 22, k) AS r_sex, pg_temp.u(p.seed, 23, k) AS r_age,
		   pg_temp.u(p.seed, 24, k) AS r_group, pg_temp.u(p.seed, 25, k) AS r_assist,
		   pg_temp.u(p.seed, 26, k) AS r_day, pg_temp.u(p.seed, 27, k) AS r_enrol,
		   pg_temp.u(p.seed, 28, k) AS r_name, p.seed
	  FROM gen_param AS p CROSS JOIN generate_series(1, p.persons) AS k
), placed AS (
	SELECT b.*,
		   CASE WHEN r_region < 0.30 THEN 'RA' WHEN r_region < 0.55 THEN 'RB'
				WHEN r_region < 0.85 THEN 'RC' ELSE 'RD' END AS region_code,
		   CASE WHEN r_sex < 0.5 THEN 'M' ELSE 'F' END AS sex
	  FROM base AS b
), kinded AS (
	SELECT pl.*,
		   CASE WHEN pl.region_code = 'RD' THEN 'urban_rural'
				WHEN pl.region_code = 'RC' AND r_kind < 0.65 THEN 'employee'
				ELSE 'resident' END::medins.insurance_kind AS insurance_kind
	  FROM placed AS pl
), aged AS (
	SELECT kd.*,
		   CASE WHEN insurance_kind = 'employee' THEN 22 + floor(r_age * 54)::integer  -- 22 .. 75
				WHEN r_age < 0.18 THEN floor(r_age / 0.18 * 18)::integer          -- 0 .. 17
				WHEN r_age < 0.78 THEN 18 + floor((r_age - 0.18) / 0.60 * 42)::integer
				ELSE 60 + floor((r_age - 0.78) / 0.22 * 31)::integer END AS age
	  FROM kinded AS kd
)
SELECT a.person_id, a.region_code, a.sex, a.insurance_kind, a.seed,
	   (DATE '2025-01-01' - make_interval(years => a.age) - (floor(a.r_day * 365)::integer) * interval '1 day')::date AS birth_date,
	   CASE WHEN a.insurance_kind = 'employee' THEN CASE WHEN a.age >= 60 THEN 'retired' ELSE 'in_service' END
			WHEN a.age BETWEEN 6 AND 17 AND a.r_group < 0.85 THEN 'student'
			WHEN a.age BETWEEN 18 AND 22 AND a.r_group < 0.30 THEN 'student'
			WHEN a.age < 18 THEN 'minor'
			WHEN a.age < 60 THEN 'adult'
			ELSE 'elderly' END AS population_group,
	   CASE WHEN a.insurance_kind = 'employee' THEN NULL
			WHEN a.r_assist < 0.04 THEN 'dibao' WHEN a.r_assist < 0.05 THEN 'tekun'
			WHEN a.r_assist < 0.06 THEN 'severe_disability' WHEN a.r_assist < 0.08 THEN 'dibao_edge' END AS assistance_status,
	   a.insurance_kind = 'employee' AND a.r_group < 0.12 AS is_civil_servant,
	   a.r_enrol, a.r_name, a.age
  FROM aged AS a;

-- 身份证号: area code, birth date, a sequence (odd for men) unique within
-- (region, birth date, sex), and the MOD 11-2 check character.
CREATE TEMP TABLE gen_person_id AS
WITH numbered AS (
	SELECT g.person_id, g.sex, g.birth_date, r.area_code,
		   (row_number() OVER (PARTITION BY g.region_code, g.birth_date, g.sex ORDER BY g.person_id))::integer - 1 AS n
	  FROM gen_person AS g JOIN gen_region AS r USING (region_code)
), body AS (
	SELECT person_id,
		   left(area_code, 4) || lpad(((n / 500) % 100)::text, 2, '0') || to_char(birth_date, 'YYYYMMDD')
		   || lpad(((n % 500) * 2 + CASE sex WHEN 'M' THEN 1 ELSE 0 END)::text, 3, '0') AS id17
	  FROM numbered
)
SELECT person_id,
	   id17 || substr('10X98765432',
					  (SELECT sum(substr(id17, i, 1)::integer
								  * (ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])
						 FROM generate_series(1, 17) AS i)::integer % 11 + 1, 1) AS id_number
  FROM body;

INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, assistance_status, is_civil_servant, is_retired, enrolled_on)
SELECT g.person_id, i.id_number,
	   (ARRAY['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡',
			  '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'])
		[1 + pg_temp.pick(g.seed, 29, g.person_id, 30)]
	   || (ARRAY['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛',
				 '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '玉', '兰', '红', '志', '文', '斌'])
		[1 + floor(g.r_name * 30)::integer]
	   || CASE WHEN g.r_name < 0.6
			   THEN (ARRAY['宇', '欣', '婷', '浩', '涵', '轩', '琳', '博', '怡', '晨'])[1 + pg_temp.pick(g.seed, 30, g.person_id, 10)]
			   ELSE '' END,
	   g.sex, g.birth_date, g.insurance_kind, g.region_code, g.population_group, g.assistance_status,
	   g.is_civil_servant, g.population_group = 'retired',
	   greatest(g.birth_date + 30, DATE '2010-01-01' + floor(g.r_enrol * 4900)::integer)
  FROM gen_person AS g JOIN gen_person_id AS i USING (person_id)
 ORDER BY g.person_id;

-- Contribution years 2023–2025.  Periods follow the region's scheme year
-- (RB: 16 Dec – 15 Dec; students in RA/RB: the school year 1 Sep – 31 Aug;
-- otherwise the calendar year).  3% lapse in 2024; 1% pay 2024 late as
-- arrears (no subsidy).  Amounts are the documents' sample standards.
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on,
										personal_amount, subsidy_amount, is_arrears)
SELECT g.person_id, per.period_start, per.period_end,
	   CASE WHEN arrears THEN per.period_start + 200 ELSE per.period_start - 10 - pg_temp.pick(g.seed, 31, g.person_id * 10 + y, 50) END,
	   CASE WHEN arrears THEN amt.personal + amt.subsidy ELSE amt.personal END,
	   CASE WHEN arrears THEN 0 ELSE amt.subsidy END,
	   arrears
  FROM gen_person AS g
 CROSS JOIN generate_series(2023, 2025) AS y
 CROSS JOIN LATERAL (SELECT pg_temp.u(g.seed, 32, g.person_id) AS r_lapse) AS l
 CROSS JOIN LATERAL (SELECT y = 2024 AND l.r_lapse >= 0.03 AND l.r_lapse < 0.04 AS arrears) AS a
 CROSS JOIN LATERAL (
	SELECT CASE WHEN g.region_code IN ('RA', 'RB') AND g.population_group = 'student' THEN make_date(y - 1, 9, 1)
				WHEN g.region_code = 'RB' THEN make_date(y - 1, 12, 16)
				ELSE make_date(y, 1, 1) END AS period_start,
		   CASE WHEN g.region_code IN ('RA', 'RB') AND g.population_group = 'student' THEN make_date(y, 8, 31)
				WHEN g.region_code = 'RB' THEN make_date(y, 12, 15)
				ELSE make_date(y, 12, 31) END AS period_end) AS per
 CROSS JOIN LATERAL (
	SELECT v.personal::numeric(14,2) AS personal, v.subsidy::numeric(14,2) AS subsidy
	  FROM (SELECT CASE
		WHEN g.insurance_kind = 'employee' THEN ARRAY[1200, 0]
		WHEN g.region_code = 'RD' THEN ARRAY[220, 490]
		WHEN g.region_code = 'RB' THEN CASE
			WHEN g.population_group IN ('student', 'minor') THEN
				CASE WHEN g.assistance_status IN ('dibao', 'tekun', 'severe_disability') THEN ARRAY[0, 80] ELSE ARRAY[20, 60] END
			WHEN g.assistance_status IN ('dibao', 'tekun', 'severe_disability') THEN ARRAY[60, 200]
			WHEN g.age >= 60 OR (g.sex = 'F' AND g.age >= 50) THEN ARRAY[100, 160]
			ELSE ARRAY[160, 100] END
		ELSE CASE  -- RA and RC residents: the 范文4 standards
			WHEN g.population_group IN ('student', 'minor') THEN
				CASE WHEN g.assistance_status IN ('dibao', 'severe_disability') THEN ARRAY[15, 65]
					 WHEN g.assistance_status = 'dibao_edge' THEN ARRAY[30, 50] ELSE ARRAY[40, 40] END
			WHEN g.age < 60 THEN
				CASE g.assistance_status WHEN 'dibao' THEN ARRAY[85, 210] WHEN 'severe_disability' THEN ARRAY[55, 240]
										 WHEN 'dibao_edge' THEN ARRAY[170, 125] ELSE ARRAY[255, 40] END
			ELSE
				CASE WHEN g.assistance_status IN ('dibao', 'severe_disability') THEN ARRAY[55, 240]
					 WHEN g.assistance_status = 'dibao_edge' THEN ARRAY[125, 170] ELSE ARRAY[195, 100] END
			END END AS a) AS x
	 CROSS JOIN LATERAL (SELECT x.a[1] AS personal, x.a[2] AS subsidy) AS v) AS amt
 WHERE NOT (y = 2024 AND l.r_lapse < 0.03)
   AND per.period_end >= (SELECT enrolled_on FROM medins.person WHERE person_id = g.person_id)
 ORDER BY 1, 2;

------------------------------------------------------------------------------
-- Claims
------------------------------------------------------------------------------

-- Persons are drawn with a skew (u^1.5), so some have many claims in a year:
-- repeat admissions, segments crossed, ceilings reached.
CREATE TEMP TABLE gen_claim AS
WITH base AS (
	SELECT k AS claim_id, p.seed,
		   1 + least(p.persons - 1, floor(p.persons * power(pg_temp.u(p.seed, 40, k), 1.5))::integer) AS person_id,
		   pg_temp.u(p.seed, 41, k) AS r_kind, pg_temp.u(p.seed, 42, k) AS r_day,
		   pg_temp.u(p.seed, 43, k) AS r_inst, pg_temp.u(p.seed, 44, k) AS r_tier,
		   pg_temp.u(p.seed, 45, k) AS r_area, pg_temp.u(p.seed, 46, k) AS r_emerg,
		   pg_temp.u(p.seed, 47, k) AS r_ref, pg_temp.u(p.seed, 48, k) AS r_pool,
		   pg_temp.u(p.seed, 49, k) AS r_dx, pg_temp.u(p.seed, 50, k) AS r_los,
		   pg_temp.u(p.seed, 51, k) AS r_reg, pg_temp.u(p.seed, 52, k) AS r_cause,
		   pg_temp.u(p.seed, 53, k) AS r_items, pg_temp.u(p.seed, 54, k) AS r_sec,
		   pg_temp.u(p.seed, 55, k) AS r_phys, pg_temp.u(p.seed, 56, k) AS r_hour,
		   pg_temp.u(p.seed, 57, k) AS r_dept
	  FROM gen_param AS p CROSS JOIN generate_series(1, p.claims) AS k
), kinded AS (
	SELECT b.*, g.sex, g.age, g.region_code AS home_region,
		   CASE WHEN g.sex = 'F' AND g.age BETWEEN 20 AND 42 AND b.r_kind < 0.04 THEN 'maternity'
				WHEN b.r_kind < 0.20 THEN 'inpatient'
				WHEN b.r_kind < 0.28 THEN 'special_outpatient'
				WHEN b.r_kind < 0.42 THEN 'pharmacy'
				ELSE 'outpatient' END::medins.claim_kind AS claim_kind,
		   (DATE '2024-01-01' + floor(b.r_day * 731)::integer) AS claim_date,
		   b.r_area < 0.03 AS out_of_area
	  FROM base AS b JOIN gen_person AS g USING (person_id)
), placed AS (
	SELECT k.*,
		   CASE WHEN k.out_of_area
				THEN (ARRAY['RA', 'RB', 'RC', 'RD'])[1 + (array_position(ARRAY['RA', 'RB', 'RC', 'RD'], k.home_region)
													  + floor(k.r_area / 0.03 * 3)::integer) % 4]
				ELSE k.home_region END AS inst_region,
		   CASE WHEN k.claim_kind = 'pharmacy' THEN 0
				WHEN k.out_of_area THEN 3
				WHEN k.claim_kind = 'inpatient' THEN CASE WHEN k.r_tier < 0.45 THEN 3 WHEN k.r_tier < 0.80 THEN 2 ELSE 1 END
				WHEN k.claim_kind IN ('special_outpatient', 'maternity') THEN CASE WHEN k.r_tier < 0.55 THEN 3 ELSE 2 END
				ELSE CASE WHEN k.r_tier < 0.20 THEN 3 WHEN k.r_tier < 0.50 THEN 2 ELSE 1 END END AS tier,
		   CASE WHEN k.claim_kind IN ('inpatient', 'maternity') THEN
					CASE WHEN k.claim_kind = 'maternity' THEN 3 + floor(k.r_los * 4)::integer
						 ELSE least(60, 1 + floor(-ln(1 - k.r_los) * 6)::integer) END
				ELSE 0 END AS los,
		   CASE WHEN k.claim_kind = 'inpatient' THEN k.r_emerg < 0.08
				WHEN k.claim_kind = 'outpatient' THEN k.r_emerg < 0.05 ELSE false END AS is_emergency
	  FROM kinded AS k
), diagnosed AS (
	SELECT pl.*,
		   CASE WHEN pl.r_pool > 0.997 THEN CASE pl.sex WHEN 'M' THEN 'sex_F' ELSE 'sex_M' END  -- noise: sex conflict
				WHEN pl.r_pool > 0.99 THEN 'gray'                                               -- noise: gray code
				WHEN pl.claim_kind = 'maternity' THEN 'maternity'
				WHEN pl.claim_kind = 'special_outpatient' THEN 'special'
				WHEN pl.claim_kind = 'inpatient' THEN CASE WHEN pl.r_pool < 0.75 THEN 'inpatient' ELSE 'tail' END
				ELSE CASE WHEN pl.r_pool < 0.80 THEN 'outpatient' ELSE 'tail' END END AS pool
	  FROM placed AS pl
)
SELECT d.claim_id, d.person_id, d.claim_date, d.claim_kind, d.seed, d.sex, d.los,
	   ip.institution_code, ip.level AS inst_level,
	   CASE WHEN d.claim_kind = 'pharmacy' THEN 'PH'
			WHEN d.claim_kind = 'maternity' THEN 'OB'
			WHEN d.is_emergency THEN 'ER'
			WHEN d.age < 14 THEN 'PE'
			WHEN dx.code LIKE 'C%' THEN 'ON'
			WHEN d.r_dept < 0.5 THEN 'IM' ELSE 'SU' END AS department_code,
	   dx.code AS principal_diagnosis,
	   d.is_emergency,
	   CASE WHEN d.out_of_area THEN CASE WHEN d.r_ref < 0.75 THEN 'referred_out' ELSE 'none' END
			WHEN d.claim_kind = 'inpatient' AND d.tier = 3 AND d.r_ref < 0.04 THEN 'unreferred'
			WHEN d.claim_kind = 'inpatient' AND d.tier < 3 AND d.r_ref < 0.03 THEN 'down_referred'
			ELSE 'none' END::medins.referral_kind AS referral,
	   d.out_of_area,
	   CASE WHEN d.claim_kind <> 'inpatient' OR d.r_cause < 0.90 THEN 'illness'
			WHEN d.r_cause < 0.94 THEN 'accident' WHEN d.r_cause < 0.96 THEN 'third_party'
			WHEN d.r_cause < 0.97 THEN 'self_harm' WHEN d.r_cause < 0.975 THEN 'self_harm_mental'
			WHEN d.r_cause < 0.98 THEN 'fight' WHEN d.r_cause < 0.985 THEN 'drunkenness'
			ELSE 'illness' END AS injury_cause,
	   d.r_hour, d.r_reg, d.r_items, d.r_sec, d.r_phys
  FROM diagnosed AS d
  JOIN gen_inst_count AS ic ON ic.region_code = d.inst_region AND ic.tier = d.tier
  JOIN gen_inst_pick AS ip ON ip.region_code = d.inst_region AND ip.tier = d.tier
						  AND ip.idx = least(ic.n - 1, floor(d.r_inst * ic.n)::integer)
  JOIN gen_dx_size AS ds ON ds.pool = d.pool
  JOIN gen_dx AS dx ON dx.pool = d.pool AND dx.idx = least(ds.n - 1, floor(d.r_dx * ds.n)::integer);

SELECT medins.create_month_partitions(DATE '2024-01-01', DATE '2025-12-31') AS partitions_created \gset

INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, department_code,
						  physician_code, discharge_date, principal_diagnosis, secondary_diagnoses,
						  is_emergency, referral, is_out_of_area, injury_cause, admitted_at, registered_at,
						  created_at, discharge_outcome)
SELECT c.claim_id, c.person_id, c.claim_date, c.claim_kind, c.institution_code, c.department_code,
	   ph.physician_code,
	   CASE WHEN c.los > 0 THEN c.claim_date + c.los END,
	   c.principal_diagnosis,
	   -- 0–3 chronic secondary diagnoses (women never get the male-only last entry).
	   coalesce((SELECT array_agg(DISTINCT dx.code ORDER BY dx.code)
				   FROM generate_series(1, CASE WHEN c.r_sec < 0.5 THEN 0 WHEN c.r_sec < 0.8 THEN 1
												 WHEN c.r_sec < 0.95 THEN 2 ELSE 3 END) AS s
				   JOIN gen_dx_size AS ds ON ds.pool = 'chronic'
				   JOIN gen_dx AS dx ON dx.pool = 'chronic'
					AND dx.idx = pg_temp.pick(c.seed, 58, c.claim_id * 4 + s, ds.n - CASE c.sex WHEN 'F' THEN 1 ELSE 0 END)),
				'{}'),
	   c.is_emergency, c.referral, c.out_of_area, c.injury_cause,
	   CASE WHEN c.los > 0 THEN c.claim_date + interval '7 hours' + c.r_hour * interval '15 hours' END,
	   -- Registration: mostly within 20 h of admission, 4% between 25 h and 100 h.
	   CASE WHEN c.los > 0 THEN c.claim_date + interval '7 hours' + c.r_hour * interval '15 hours'
				+ CASE WHEN c.r_reg < 0.96 THEN c.r_reg / 0.96 * interval '20 hours'
					   ELSE interval '25 hours' + (c.r_reg - 0.96) / 0.04 * interval '75 hours' END END,
	   c.claim_date + interval '1 day' + c.los * interval '1 day',
	   -- 2% of emergency outpatient visits end in death (离院方式 死亡).
	   CASE WHEN c.claim_kind = 'outpatient' AND c.is_emergency AND c.r_hour < 0.02 THEN 'died' END
  FROM gen_claim AS c
  JOIN gen_physician_count AS pc USING (institution_code, department_code)
  JOIN gen_physician AS ph ON ph.institution_code = c.institution_code
						  AND ph.department_code = c.department_code
						  AND ph.idx = least(pc.n - 1, floor(c.r_phys * pc.n)::integer)
 ORDER BY c.claim_id;

SELECT setval('medins.claim_id_seq', (SELECT max(claim_id) FROM medins.claim)) AS last_claim_id \gset

------------------------------------------------------------------------------
-- Claim items
------------------------------------------------------------------------------

-- Stays bill a bed day and a nursing day per day first, visits a
-- consultation; the rest are drugs, treatments and facilities, skewed (u²)
-- towards the plain class-A entries at the head of each catalogue.
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date, days_supply, prescribing_physician,
							   is_discharge_drug)
SELECT c.person_id, c.claim_id, c.claim_date, line.n, it.item_code,
	   -- noise: 0.5% of class B/C lines billed as class A (串换)
	   CASE WHEN r.r5 > 0.995 AND it.item_class <> 'A' THEN 'A' ELSE it.item_class END,
	   q.quantity, pr.unit_price, round(q.quantity * pr.unit_price, 2),
	   CASE WHEN dd.is_discharge THEN c.claim_date + c.los
			WHEN c.los > 0 AND pick.fixed_name IS NULL THEN c.claim_date + floor(r.r3 * c.los)::integer
			ELSE c.claim_date END,
	   CASE WHEN it.catalogue <> 'drug' OR (c.los > 0 AND NOT dd.is_discharge) THEN NULL
			WHEN c.claim_kind = 'special_outpatient' THEN CASE WHEN r.r5 > 0.98 THEN 45 + floor(r.r3 * 16)::integer
															 ELSE 15 + floor(r.r3 * 16)::integer END
			ELSE CASE WHEN r.r5 > 0.98 THEN 10 + floor(r.r3 * 11)::integer ELSE 3 + floor(r.r3 * 5)::integer END END,
	   ph.physician_code,
	   dd.is_discharge
  FROM gen_claim AS c
  JOIN medins.claim AS ph ON ph.person_id = c.person_id AND ph.claim_id = c.claim_id AND ph.claim_date = c.claim_date
 CROSS JOIN LATERAL generate_series(1,
		CASE c.claim_kind WHEN 'outpatient' THEN 2 + floor(c.r_items * 4)::integer
						  WHEN 'pharmacy' THEN 1 + floor(c.r_items * 3)::integer
						  WHEN 'special_outpatient' THEN 2 + floor(c.r_items * 5)::integer
						  WHEN 'maternity' THEN 6 + floor(c.r_items * 6)::integer
						  ELSE 6 + floor(c.r_items * 14)::integer + c.los / 3 END) AS line (n)
 CROSS JOIN LATERAL (SELECT pg_temp.u(c.seed, 60, c.claim_id * 64 + line.n) AS r1, pg_temp.u(c.seed, 61, c.claim_id * 64 + line.n) AS r2,
						   pg_temp.u(c.seed, 62, c.claim_id * 64 + line.n) AS r3, pg_temp.u(c.seed, 63, c.claim_id * 64 + line.n) AS r4,
						   pg_temp.u(c.seed, 64, c.claim_id * 64 + line.n) AS r5) AS r
 CROSS JOIN LATERAL (
	SELECT CASE WHEN c.los > 0 AND line.n = 1 THEN '普通病房床位费'
				WHEN c.los > 0 AND line.n = 2 THEN '护理费'
				WHEN c.claim_kind IN ('outpatient', 'special_outpatient') AND line.n = 1 THEN '诊查费' END AS fixed_name,
		   CASE WHEN c.claim_kind = 'pharmacy' OR r.r1 < 0.6 THEN 'drug'
				WHEN r.r1 < 0.95 THEN 'treatment' ELSE 'facility' END::medins.catalogue_kind AS catalogue,
		   -- noise: 0.5% of lines from the whole catalogue, restrictions ignored
		   CASE WHEN r.r4 < 0.005 THEN 'all' ELSE c.sex || coalesce(c.inst_level, 1) END AS pool) AS pick
  JOIN gen_pool_count AS pc ON pc.catalogue = pick.catalogue AND pc.pool = pick.pool
  JOIN gen_pool AS pp ON pp.catalogue = pick.catalogue AND pp.pool = pick.pool
					 AND pp.idx = least(pc.n - 1, floor(pc.n * r.r2 * r.r2)::integer)
  LEFT JOIN gen_fixed_item AS f ON f.base_name = pick.fixed_name
  JOIN gen_catalogue AS it ON it.item_code = coalesce(f.item_code, pp.item_code)
 CROSS JOIN LATERAL (SELECT it.catalogue = 'drug' AND c.claim_kind = 'inpatient' AND r.r4 < 0.08 AS is_discharge) AS dd
 CROSS JOIN LATERAL (
	SELECT CASE WHEN pick.fixed_name IN ('普通病房床位费', '护理费') THEN c.los
				WHEN pick.fixed_name IS NOT NULL THEN 1
				WHEN it.catalogue = 'drug' THEN CASE WHEN c.los > 0 THEN 1 + floor(r.r3 * 10) ELSE 1 + floor(r.r3 * 3) END
				WHEN it.catalogue = 'treatment' THEN CASE WHEN c.los > 0 THEN 1 + floor(r.r3 * 5) ELSE 1 END
				ELSE 1 END::numeric(12,3) AS quantity) AS q
 -- noise: 3% of lines priced 20% above the payment standard (超标准收费)
 CROSS JOIN LATERAL (SELECT round(it.price * CASE WHEN r.r4 > 0.97 THEN 1.2 ELSE 1 END, 4) AS unit_price) AS pr
 ORDER BY c.claim_id, line.n;

ANALYZE medins.person, medins.person_contribution, medins.institution, medins.physician,
		medins.catalogue_item, medins.claim, medins.claim_item;
COMMIT;

\echo 'Generated:'
SELECT (SELECT count(*) FROM medins.person) AS persons,
	   (SELECT count(*) FROM medins.institution) AS institutions,
	   (SELECT count(*) FROM medins.physician) AS physicians,
	   (SELECT count(*) FROM medins.catalogue_item) AS catalogue_items,
	   (SELECT count(*) FROM medins.claim) AS claims,
	   (SELECT count(*) FROM medins.claim_item) AS items;
