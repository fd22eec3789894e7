-- Sample policies of DOMAIN.md §2 as rows: four pooling regions, their
-- schemes, and (below, from the settlement part) every number of each scheme.
-- Load with:  psql -v ON_ERROR_STOP=1 -f data/sample_policies.sql
-- The regions and scheme codes here are the contract the sample data
-- generator (data/generate.sql) and the tests rely on.

BEGIN;

INSERT INTO medins.region (region_code, name_zh, name_en) VALUES
	('RA', '甲市', 'City A (seed 000 范文4: city resident scheme)'),
	('RB', '乙市', 'City B (seed 000 范文6: city resident scheme)'),
	('RC', '丙市', 'City C (seed 000 范文3: employees and residents; seed 001 civil-servant subsidy)'),
	('RD', '丁县', 'County D (seed 003: merged urban-rural scheme)');

INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, name_en, valid_from, valid_to, source) VALUES
	('A_RESIDENT',    'RA', 'resident',    '甲市城镇居民基本医疗保险',   'City A urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文4'),
	('B_RESIDENT',    'RB', 'resident',    '乙市城镇居民基本医疗保险',   'City B urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文6'),
	('C_EMPLOYEE',    'RC', 'employee',    '丙市城镇职工基本医疗保险',   'City C employee scheme (with civil-servant subsidy)', DATE '2008-01-01', NULL, 'seed 000 范文3; seed 001'),
	('C_RESIDENT',    'RC', 'resident',    '丙市城镇居民基本医疗保险',   'City C urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文3'),
	('D_URBAN_RURAL', 'RD', 'urban_rural', '丁县城乡居民基本医疗保险',   'County D merged urban-rural scheme',  DATE '2018-01-01', NULL, 'seed 003');

-- Section: settlement policy rows (owned by the settlement part)
--
-- Every number of DOMAIN.md §2 as policy rows (doc/settlement.md explains
-- the tables).  Numbers marked "illustrative" are not in the seeds; they are
-- there so that every scheme settles end to end, and a region replaces them
-- with its own.

INSERT INTO medins.benefit_policy (scheme_code, valid_from, segment_basis, contribution_bonus,
		contribution_bonus_cap, class_b_first_share, emergency_out_of_area_as_referral,
		emergency_death_as_inpatient, cross_year_stay, long_stay_days, source) VALUES
	-- A: 连续缴费每满1年 +1%, 最高70%; 因急诊在市外就医按转市外 (第二十条, 第二十一条);
	-- 在市内门诊急诊抢救死亡的 按住院结算;
	-- 跨年度住院 "以出院时所在年度" (the other reading, split_at_year_end, is
	-- the scheme's other choice: sql/settle_stay_parts.sql)
	('A_RESIDENT',    DATE '2008-01-01', 'cumulative_in_scope', 0.0100, 0.7000, NULL, true,
		true, 'discharge_year', NULL, 'seed 000 范文4'),
	-- B: segments on the 结算年度 cumulative in-scope amount, deductibles
	-- included (第十七条); 连续住院每90天结算一次
	('B_RESIDENT',    DATE '2008-01-01', 'cumulative_in_scope', 0,      NULL,   NULL, false,
		false, 'discharge_year', 90, 'seed 000 范文6'),
	('C_EMPLOYEE',    DATE '2008-01-01', 'cumulative_in_scope', 0,      NULL,   NULL, false,
		false, 'discharge_year', NULL, 'seed 000 范文3; seed 001'),
	('C_RESIDENT',    DATE '2008-01-01', 'cumulative_in_scope', 0,      NULL,   NULL, false,
		false, 'discharge_year', NULL, 'seed 000 范文3'),
	-- D: 乙类先行自付 10% for the whole scheme (DOMAIN.md: sample data may use 10%)
	('D_URBAN_RURAL', DATE '2018-01-01', 'cumulative_in_scope', 0,      NULL,   0.1000, false,
		false, 'discharge_year', NULL, 'seed 003');

-- 参保年度: calendar year unless stated; B from 16 Dec; students from 1 Sep.
INSERT INTO medins.policy_scheme_year (scheme_code, population_group, start_month, start_day, valid_from) VALUES
	('A_RESIDENT',    NULL,      1,  1, DATE '2008-01-01'),
	('A_RESIDENT',    'student', 9,  1, DATE '2008-01-01'),
	('B_RESIDENT',    NULL,     12, 16, DATE '2008-01-01'),
	('B_RESIDENT',    'student', 9,  1, DATE '2008-01-01'),
	('C_EMPLOYEE',    NULL,      1,  1, DATE '2008-01-01'),
	('C_RESIDENT',    NULL,      1,  1, DATE '2008-01-01'),
	('D_URBAN_RURAL', NULL,      1,  1, DATE '2018-01-01');

-- 等待期: A 自缴费当月起满三个月 (new and after a lapse), students none;
-- B 补缴6个月后 (late joiners and lapsed).
INSERT INTO medins.policy_waiting (scheme_code, population_group, applies_to, months, anchor, valid_from) VALUES
	('A_RESIDENT', NULL,      'new',    3, 'payment_month', DATE '2008-01-01'),
	('A_RESIDENT', NULL,      'lapsed', 3, 'payment_month', DATE '2008-01-01'),
	('A_RESIDENT', 'student', 'new',    0, 'payment_month', DATE '2008-01-01'),
	('B_RESIDENT', NULL,      'new',    6, 'payment_date',  DATE '2008-01-01'),
	('B_RESIDENT', NULL,      'lapsed', 6, 'payment_date',  DATE '2008-01-01');

-- 不予支付 (A 第二十五条; B: abroad).
INSERT INTO medins.policy_exclusion (scheme_code, injury_cause, valid_from)
SELECT 'A_RESIDENT', cause, DATE '2008-01-01'
  FROM unnest(ARRAY['abroad', 'self_harm', 'fight', 'drunkenness', 'drug_abuse', 'crime',
					'third_party', 'family_planning']) AS cause;
-- A 第二十五条 also excludes 分娩 (childbirth): maternity claims, whatever the cause.
INSERT INTO medins.policy_exclusion (scheme_code, claim_kind, valid_from)
VALUES ('A_RESIDENT', 'maternity', DATE '2008-01-01');
INSERT INTO medins.policy_exclusion (scheme_code, injury_cause, valid_from) VALUES
	('B_RESIDENT',    'abroad', DATE '2008-01-01'),
	('D_URBAN_RURAL', 'abroad', DATE '2018-01-01');

-- 起付线.
INSERT INTO medins.policy_deductible (scheme_code, claim_kind, referral, hospital_level, pool,
		amount, per_year, repeat_mode, repeat_step, repeat_floor, valid_from) VALUES
	-- A: 一级200 二级300 三级500, 依次降低100元, 最低100; 转市外600 不降低; 门诊特殊病种400元/年
	('A_RESIDENT', 'inpatient', NULL, 1, NULL, 200, false, 'amount', 100, 100, DATE '2008-01-01'),
	('A_RESIDENT', 'inpatient', NULL, 2, NULL, 300, false, 'amount', 100, 100, DATE '2008-01-01'),
	('A_RESIDENT', 'inpatient', NULL, 3, NULL, 500, false, 'amount', 100, 100, DATE '2008-01-01'),
	('A_RESIDENT', 'inpatient', 'referred_out', NULL, NULL, 600, false, 'none', 0, 0, DATE '2008-01-01'),
	('A_RESIDENT', 'special_outpatient', NULL, NULL, NULL, 400, true, 'none', 0, 0, DATE '2008-01-01'),
	-- B: 三级1000 二级600 一级500, 从第二次起依次递减30% (of the previous one), 最低200
	('B_RESIDENT', 'inpatient', NULL, 3, NULL, 1000, false, 'percent', 0.30, 200, DATE '2008-01-01'),
	('B_RESIDENT', 'inpatient', NULL, 2, NULL, 600,  false, 'percent', 0.30, 200, DATE '2008-01-01'),
	('B_RESIDENT', 'inpatient', NULL, 1, NULL, 500,  false, 'percent', 0.30, 200, DATE '2008-01-01'),
	-- D (illustrative amounts): 一级200 二级500 三级800
	('D_URBAN_RURAL', 'inpatient', NULL, 1, NULL, 200, false, 'none', 0, 0, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'inpatient', NULL, 2, NULL, 500, false, 'none', 0, 0, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'inpatient', NULL, 3, NULL, 800, false, 'none', 0, 0, DATE '2018-01-01');

-- 支付比例.
INSERT INTO medins.policy_ratio (scheme_code, claim_kind, population_group, referral,
		hospital_level, hospital_grade, pool, segment_from, ratio, valid_from)
SELECT 'A_RESIDENT', v.kind::medins.claim_kind, g.grp, v.referral::medins.referral_kind,
	   v.level, v.grade, NULL, 0,
	   CASE WHEN g.grp IS NULL THEN v.other ELSE v.young END, DATE '2008-01-01'
  FROM (VALUES
	-- A 第十九条: students and minors / other residents
	('inpatient', NULL, 1, NULL, 0.70, 0.60),
	('inpatient', NULL, 2, NULL, 0.65, 0.55),
	('inpatient', NULL, 3, NULL, 0.65, 0.55),		-- 三级乙等
	('inpatient', NULL, 3, 'A',  0.60, 0.50),		-- 三级甲等
	('inpatient', 'referred_out', NULL, NULL, 0.60, 0.50),
	('special_outpatient', NULL, NULL, NULL, 0.60, 0.50)
	) AS v(kind, referral, level, grade, young, other)
 CROSS JOIN (VALUES ('student'), ('minor'), (NULL)) AS g(grp);

INSERT INTO medins.policy_ratio (scheme_code, claim_kind, population_group, pool, segment_from, ratio, valid_from)
SELECT 'B_RESIDENT', 'inpatient', g.grp, NULL, s.seg_from,
	   s.ratio + CASE WHEN g.grp IS NULL THEN 0 ELSE 0.10 END, DATE '2008-01-01'
  FROM (VALUES (0, 0.45), (10000, 0.50), (30000, 0.55)) AS s(seg_from, ratio)	-- B 第十七条
 CROSS JOIN (VALUES ('student'), ('minor'), (NULL)) AS g(grp);	-- 在校学生、未成年人 +10%

INSERT INTO medins.policy_ratio (scheme_code, claim_kind, population_group, referral,
		hospital_level, hospital_grade, pool, segment_from, ratio, valid_from) VALUES
	-- B 第十八条: 大病门诊 50%
	('B_RESIDENT', 'special_outpatient', NULL, NULL, NULL, NULL, NULL, 0, 0.50, DATE '2008-01-01'),
	-- C 职工: 住院 90%, 一级及以下 92%
	('C_EMPLOYEE', 'inpatient', NULL, NULL, NULL, NULL, NULL, 0, 0.90, DATE '2008-01-01'),
	('C_EMPLOYEE', 'inpatient', NULL, NULL, 1,    NULL, NULL, 0, 0.92, DATE '2008-01-01'),
	-- C 居民: the seed gives an average of 67% (illustrative flat ratio)
	('C_RESIDENT', 'inpatient', NULL, NULL, NULL, NULL, NULL, 0, 0.67, DATE '2008-01-01'),
	-- D (illustrative ratios): 住院 一级85% 二级75% 三级60%; 门诊 50%
	('D_URBAN_RURAL', 'inpatient',  NULL, NULL, 1,    NULL, NULL, 0, 0.85, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'inpatient',  NULL, NULL, 2,    NULL, NULL, 0, 0.75, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'inpatient',  NULL, NULL, 3,    NULL, NULL, 0, 0.60, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'outpatient', NULL, NULL, NULL, NULL, NULL, 0, 0.50, DATE '2018-01-01');

-- 最高支付限额.
INSERT INTO medins.policy_ceiling (scheme_code, pool, basis, amount, valid_from) VALUES
	('A_RESIDENT',    'basic',               'fund_pay', 30000, DATE '2008-01-01'),
	('B_RESIDENT',    'basic',               'cost',     40000, DATE '2008-01-01'),
	('B_RESIDENT',    'dialysis_transplant', 'cost',     30000, DATE '2008-01-01'),
	('B_RESIDENT',    'cancer',              'cost',      4000, DATE '2008-01-01'),
	('C_EMPLOYEE',    'basic',               'fund_pay', 60000, DATE '2008-01-01'),
	('C_RESIDENT',    'basic',               'fund_pay', 60000, DATE '2008-01-01'),
	('D_URBAN_RURAL', 'basic',               'fund_pay', 150000, DATE '2018-01-01');	-- illustrative

-- 转诊.
INSERT INTO medins.policy_referral (scheme_code, referral, min_hospital_level, first_share,
		ratio_delta, waive_deductible, valid_from) VALUES
	-- B 第二十条: 转外就医 个人先负担15%
	('B_RESIDENT',    'referred_out',  NULL, 0.15, 0,     false, DATE '2008-01-01'),
	-- D: 未转诊到省、市级 (三级 here) 降低报销比例10%; 下转免计起付线
	('D_URBAN_RURAL', 'unreferred',    3,    0,    -0.10, false, DATE '2018-01-01'),
	('D_URBAN_RURAL', 'down_referred', NULL, 0,    0,     true,  DATE '2018-01-01');

-- 门诊特殊病种 (A, pre-approved; one 400元/年 deductible and the basic ceiling)
-- and 大病门诊 (B, own limits).
INSERT INTO medins.special_disease (scheme_code, disease_code, name_zh, diagnoses, pool,
		counts_to_basic_ceiling, valid_from) VALUES
	('A_RESIDENT', 'stroke_sequelae', '脑卒中后遗症',         'I69',             'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'late_cancer',     '恶性肿瘤晚期',         'C00-C97',         'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'diabetes',        '糖尿病合并症',         'E10-E14',         'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'uraemia',         '尿毒症',               'N18-N19',         'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'active_tb',       '活动性结核',           'A15-A19',         'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'psychosis',       '精神病',               'F20-F29',         'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'transplant',      '器官移植术后',         'Z94',             'special', true, DATE '2008-01-01'),
	('A_RESIDENT', 'sle',             '系统性红斑狼疮',       'M32',             'special', true, DATE '2008-01-01'),
	('B_RESIDENT', 'dialysis',        '重症尿毒症透析',       'N18-N19',         'dialysis_transplant', false, DATE '2008-01-01'),
	('B_RESIDENT', 'anti_rejection',  '器官移植后抗排异治疗', 'Z94',             'dialysis_transplant', false, DATE '2008-01-01'),
	('B_RESIDENT', 'cancer_therapy',  '恶性肿瘤放、化疗',     'C00-C97,D00-D09', 'cancer', false, DATE '2008-01-01');

-- Layers after the basic fund, in order.
INSERT INTO medins.policy_layer (scheme_code, layer_order, layer_code, name_zh, base, threshold,
		ratio, annual_limit, civil_servant_only, retired, min_age, max_age, assistance_status,
		outpatient_cap, pharmacy_cap, valid_from) VALUES
	-- A 第九条: 大额医疗补充保险 over the ceiling (ratio illustrative: the seed says 按规定)
	('A_RESIDENT', 1, 'supplementary', '大额医疗补充保险', 'over_ceiling', 0, 0.80, NULL,
		false, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2008-01-01'),
	-- C: 超限额补充医疗保险 最高20万 (ratio illustrative)
	('C_EMPLOYEE', 1, 'supplementary', '超限额补充医疗保险', 'over_ceiling', 0, 0.90, 200000,
		false, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2008-01-01'),
	-- C: 公务员医疗补助 (seed 001): 在职 起补点1000 ≤45岁60% >45岁70%, 退休 700 80%;
	-- 普通门诊和药店 counted up to 2000 / 3000 / 4000, 药店 up to 1000
	('C_EMPLOYEE', 2, 'civil_servant', '公务员医疗补助', 'personal_share', 1000, 0.60, NULL,
		true, false, NULL, 45, NULL, 2000, 1000, DATE '2008-01-01'),
	('C_EMPLOYEE', 2, 'civil_servant', '公务员医疗补助', 'personal_share', 1000, 0.70, NULL,
		true, false, 46, NULL, NULL, 3000, 1000, DATE '2008-01-01'),
	('C_EMPLOYEE', 2, 'civil_servant', '公务员医疗补助', 'personal_share', 700, 0.80, NULL,
		true, true, NULL, NULL, NULL, 4000, 1000, DATE '2008-01-01'),
	-- D: 大病保险 then 医疗救助, one counter (一站式); numbers illustrative
	('D_URBAN_RURAL', 1, 'catastrophic', '大病保险', 'personal_in_scope', 15000, 0.60, 300000,
		false, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2018-01-01'),
	('D_URBAN_RURAL', 2, 'assistance', '医疗救助(低保)', 'personal_in_scope', 0, 0.70, 30000,
		false, NULL, NULL, NULL, 'dibao', NULL, NULL, DATE '2018-01-01'),
	('D_URBAN_RURAL', 2, 'assistance', '医疗救助(特困)', 'personal_in_scope', 0, 0.90, 30000,
		false, NULL, NULL, NULL, 'tekun', NULL, NULL, DATE '2018-01-01');

-- 生育 per-case standards (seed 001: 生育保险医疗费用结算标准, 人均次).  City C
-- pays its employees' and residents' maternity costs from the pooled fund
-- (seed 000 范文3).  The case type comes from the principal diagnosis:
-- O00 异位妊娠 ectopic, O01-O08 引产/流产 induced (and other abortive
-- outcomes); any other diagnosis (deliveries, O80-O84 …) has no case type
-- and takes the rows with case_type NULL.
INSERT INTO medins.policy_case_type (scheme_code, claim_kind, case_type, name_zh, diagnoses, valid_from)
SELECT s.scheme, 'maternity', v.case_type, v.name_zh, v.codes::medins.icd10_set, DATE '2008-01-01'
  FROM (VALUES ('C_EMPLOYEE'), ('C_RESIDENT')) AS s(scheme)
 CROSS JOIN (VALUES ('ectopic', '异位妊娠', 'O00'),
					('induced', '引产/流产', 'O01-O08')) AS v(case_type, name_zh, codes);

-- The base standards are illustrative (the seed gives only the 2017
-- increases); the fund pays the in-scope cost up to the standard and the
-- institution bears what lies above it (the defaults of below_standard and
-- above_standard, doc/settlement.md).  From 2017 (《关于2017年度职工/居民
-- 生育医疗费用结算标准的通知》): 二级及以上 deliveries +150 for employees,
-- +50 for residents; induced and ectopic cases +100 to +300 (the split here
-- — induced +100/+200, ectopic +200/+300 at 二级/三级 — is illustrative).
INSERT INTO medins.policy_case_standard (scheme_code, claim_kind, hospital_level, case_type,
		amount, valid_from, valid_to)
SELECT s.scheme, 'maternity', v.level, v.case_type,
	   CASE WHEN s.scheme = 'C_EMPLOYEE' THEN v.employee ELSE v.resident END,
	   v.valid_from, v.valid_to
  FROM (VALUES ('C_EMPLOYEE'), ('C_RESIDENT')) AS s(scheme)
 CROSS JOIN (VALUES
	-- level NULL: 一级 (and below); unchanged in 2017
	(NULL::smallint, NULL,      2000, 1500, DATE '2008-01-01', NULL::date),
	(NULL,           'induced', 1200, 1000, DATE '2008-01-01', NULL),
	(NULL,           'ectopic', 2500, 2000, DATE '2008-01-01', NULL),
	-- 二级, 三级 until 2016
	(2,              NULL,      2400, 1800, DATE '2008-01-01', DATE '2016-12-31'),
	(3,              NULL,      2800, 2100, DATE '2008-01-01', DATE '2016-12-31'),
	-- 二级, 三级 from 2017: deliveries +150 / +50, induced +100 / +200, ectopic +200 / +300
	(2,              NULL,      2550, 1850, DATE '2017-01-01', NULL),
	(3,              NULL,      2950, 2150, DATE '2017-01-01', NULL),
	(2,              'induced', 1300, 1100, DATE '2017-01-01', NULL),
	(3,              'induced', 1400, 1200, DATE '2017-01-01', NULL),
	(2,              'ectopic', 2700, 2200, DATE '2017-01-01', NULL),
	(3,              'ectopic', 2800, 2300, DATE '2017-01-01', NULL)
	) AS v(level, case_type, employee, resident, valid_from, valid_to);

COMMIT;
