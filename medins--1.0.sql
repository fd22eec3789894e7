/* medins--1.0.sql — Chinese basic medical insurance (医保) settlement and audit */

\echo Use "CREATE EXTENSION medins" to load this file. \quit

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
	PRIMARY KEY (person_id, claim_id, claim_date),
	CONSTRAINT claim_person_fk FOREIGN KEY (person_id) REFERENCES medins.person (person_id),
	CONSTRAINT claim_institution_fk FOREIGN KEY (institution_code)
		REFERENCES medins.institution (institution_code),
	CONSTRAINT claim_department_fk FOREIGN KEY (institution_code, department_code)
		REFERENCES medins.department (institution_code, department_code),
	CONSTRAINT claim_physician_fk FOREIGN KEY (physician_code)
		REFERENCES medins.physician (physician_code),
	CONSTRAINT claim_injury_cause_fk FOREIGN KEY (injury_cause)
		REFERENCES medins.injury_cause (cause_code),
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

CREATE INDEX claim_claim_id_idx ON medins.claim (claim_id);
CREATE INDEX claim_physician_idx ON medins.claim (physician_code, claim_date);

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
	PRIMARY KEY (person_id, claim_id, claim_date, item_no),
	CONSTRAINT claim_item_claim_fk FOREIGN KEY (person_id, claim_id, claim_date)
		REFERENCES medins.claim (person_id, claim_id, claim_date),
	CONSTRAINT claim_item_catalogue_fk FOREIGN KEY (item_code)
		REFERENCES medins.catalogue_item (item_code),
	CONSTRAINT claim_item_physician_fk FOREIGN KEY (prescribing_physician)
		REFERENCES medins.physician (physician_code),
	CONSTRAINT claim_item_service_not_before_claim CHECK (service_date >= claim_date)
) PARTITION BY RANGE (claim_date);
COMMENT ON TABLE medins.claim_item IS
	'费用明细 claim item: one line of the bill; partitioned like its claim (by the claim''s claim_date)';
COMMENT ON COLUMN medins.claim_item.item_class IS
	'class as billed by the institution (串换 swaps show as a difference from the catalogue class)';
COMMENT ON COLUMN medins.claim_item.amount IS '金额 billed amount in yuan';
COMMENT ON COLUMN medins.claim_item.days_supply IS '用药天数 days of supply of a drug';

CREATE TABLE medins.claim_default PARTITION OF medins.claim DEFAULT;
CREATE TABLE medins.claim_item_default PARTITION OF medins.claim_item DEFAULT;

/*
 * Creates the monthly partitions of claim and claim_item for every month
 * from first_month to last_month.  Rows of those months already sitting in
 * the default partitions (loaded before the month had a partition) are moved
 * into the new partitions; the move runs with session_replication_role =
 * replica so that it neither re-checks foreign keys nor fires medins'
 * triggers a second time for rows they have already seen.
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
	'creates the monthly partitions claim_YYYYMM and claim_item_YYYYMM (moving rows out of the default partitions); returns how many tables it created';

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
	PRIMARY KEY (person_id, finding_id),
	CONSTRAINT audit_finding_claim_fk FOREIGN KEY (person_id, claim_id, claim_date)
		REFERENCES medins.claim (person_id, claim_id, claim_date)
);
COMMENT ON TABLE medins.audit_finding IS
	'审核疑点 finding of an audit rule on a claim (item_no NULL: the whole claim); keyed by the insured person for co-location';

/*
 * The money settlement must not pay.  item_no NULL disallows every item of
 * the claim; otherwise disallowed_amount (capped at the item's amount by
 * settlement) of that item.  Dismissed findings (申诉成功) drop out, which
 * makes the money payable again on re-settlement.
 */
CREATE VIEW medins.disallowed_item AS
	SELECT person_id, claim_id, claim_date, item_no,
		   sum(disallowed_amount)::numeric(14,2) AS disallowed_amount
	  FROM medins.audit_finding
	 WHERE status <> 'dismissed'
	 GROUP BY person_id, claim_id, claim_date, item_no;
COMMENT ON VIEW medins.disallowed_item IS
	'money that audit findings disallow, per claim item (item_no NULL: whole claim); settlement subtracts it';

/* Whether a physician may not bill on a date (暂停/终止医保医师资格). */
CREATE FUNCTION medins.physician_is_suspended(physician_code text, on_date date)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT false $$;
COMMENT ON FUNCTION medins.physician_is_suspended(text, date) IS
	'true when the insurance physician is suspended or stopped on the date (claims not paid, emergencies excepted)';

/* Whether an institution's agreement is suspended or terminated on a date (中止/解除协议). */
CREATE FUNCTION medins.institution_is_suspended(institution_code text, on_date date)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
	SELECT i.agreement_state IN ('suspended', 'terminated')
	  FROM medins.institution AS i
	 WHERE i.institution_code = $1
$$;
COMMENT ON FUNCTION medins.institution_is_suspended(text, date) IS
	'true when the institution''s 医保协议 is suspended or terminated on the date (its claims are not settled)';

-- End of section: audit contract

------------------------------------------------------------------------------
-- Section: settlement — policy tables, benefit engine, settlement records
-- (owned by the settlement part)
------------------------------------------------------------------------------

-- End of section: settlement

------------------------------------------------------------------------------
-- Section: audit — rules, triggers, physician points, agreements
-- (owned by the audit part)
------------------------------------------------------------------------------

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
SELECT pg_catalog.pg_extension_config_dump('medins.claim_default', '');
SELECT pg_catalog.pg_extension_config_dump('medins.claim_item_default', '');
SELECT pg_catalog.pg_extension_config_dump('medins.claim_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_finding', '');
SELECT pg_catalog.pg_extension_config_dump('medins.audit_finding_id_seq', '');
