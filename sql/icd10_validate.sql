-- Validation that never throws: well-formed, defined in a version, leaf,
-- gray, sex, age and principal-diagnosis rules; the problems as rows.
SET search_path = medins, public;

-- Levels, one code each (医保版 2.0 unless said otherwise).
SELECT code, version, medins.icd10_check(code, version) AS problems,
	   medins.icd10_is_valid(code, version) AS valid
  FROM (VALUES
	('E11.900', 'nhsa-2.0'),		-- 2型糖尿病: a leaf
	('ｅ１１．９００', 'nhsa-2.0'),	-- the same, full width
	('E11.9', 'nhsa-2.0'),			-- WHO form: not a 医保版 code
	('E11.9', 'who-2019'),			-- but a WHO leaf
	('E11', 'who-2019'),			-- a WHO category with children
	('I63.900', 'nhsa-2.0'),		-- a leaf beside its extension I63.900x007
	('B18.1', 'who-2019'),			-- has the 5-character B18.10, B18.19 below it
	('I63.900x001', 'nhsa-2.0'),	-- does not exist (README)
	('A00.000', 'nhsa-2.0'),		-- gray (a warning)
	('I10.x00', 'nhsa-2.0'),		-- gray (a warning)
	('A01.001+K77.0*', 'nhsa-2.0'),	-- a dagger/asterisk pair of the catalogue
	('E11.90O', 'nhsa-2.0'),		-- malformed (letter O)
	('', 'nhsa-2.0'),				-- malformed (empty)
	('E11.900', 'icd-9'),			-- unknown version
	('B37.600I39.8', 'clinical-2.0')	-- anomaly, canonicalised, defined
  ) AS t (code, version);

-- Gray codes are a warning: a gray leaf is still valid.
SELECT c.code, c.is_leaf, c.is_gray, medins.icd10_check(c.code::text) AS problems,
	   medins.icd10_is_valid(c.code::text) AS valid
  FROM medins.icd10_code AS c
 WHERE c.version = 'nhsa-2.0' AND c.is_gray AND c.is_leaf
 ORDER BY c.code LIMIT 2;

-- NULL code or version: NULL; a NULL patient field skips its checks.
SELECT medins.icd10_check(NULL) IS NULL AS null_code, medins.icd10_is_valid('E11.900', NULL) IS NULL AS null_version,
	   medins.icd10_check('N40.x00', sex => NULL, age => NULL) AS no_patient;

-- Sex (WHO list, rules on a code hold for its descendants; obstetric
-- codes): N40 前列腺增生 is male only, N80 子宫内膜异位症 female only.
SELECT code, sex, medins.icd10_check(code, sex => sex) AS problems
  FROM (VALUES ('N40.x00', 'M'), ('N40.x00', 'F'), ('N80.000', 'F'), ('N80.000', 'M'),
			   ('C61.x00', 'f'), ('O80.000', 'M'), ('E11.900', 'M'), ('E11.900', 'F'),
			   ('N40.x00', 'X'), ('N40.x00', '')) AS t (code, sex);
-- (a sex other than M or F is unknown: no sex check)

-- Age in whole years (configurable rows): obstetric 10-55, perinatal up to
-- 17, R54 senility from 60.  Bounds are inclusive.
SELECT code, age, medins.icd10_check(code, age => age) AS problems
  FROM (VALUES ('O80.000', 9), ('O80.000', 10), ('O80.000', 55), ('O80.000', 56),
			   ('P07.300', 0), ('P07.300', 17), ('P07.300', 18),
			   ('R54.x00', 59), ('R54.x00', 60), ('E11.900', 200)) AS t (code, age);

-- Principal diagnosis: no external cause (V01-Y98), no asterisk code alone;
-- the dagger code of a pair may be principal; as a secondary diagnosis all
-- of these are fine.
SELECT code, medins.icd10_check(code, as_principal => true) AS as_principal,
	   medins.icd10_check(code, as_principal => false) AS as_secondary
  FROM unnest(ARRAY['W19.x00', 'X59.900', 'V89.200', 'Y98.x00', 'K77.0*', 'G01',
					'A01.001+K77.0*', 'A17.000+G01*', 'S06.000', 'E11.900']) AS code;

-- Everything at once, as rows with messages: a man of 70 with an obstetric
-- code that is not a leaf, as principal diagnosis.
SELECT * FROM medins.icd10_problems('O80.000', 'nhsa-2.0', 'M', 70, true);
SELECT * FROM medins.icd10_problems('E11.900', 'nhsa-2.0', 'F', 50, true);
SELECT * FROM medins.icd10_problems('not a code');

-- The patient by birth date and claim date: age in whole years (周岁) on
-- that date.  Born 2015-06-01: 9 on 2025-05-31 (obstetric age rule fails),
-- 10 on 2025-06-01.
SELECT medins.icd10_check('O80.000', 'F', DATE '2015-06-01', DATE '2025-05-31', true) AS day_before_10th_birthday,
	   medins.icd10_check('O80.000', 'F', DATE '2015-06-01', DATE '2025-06-01', true) AS tenth_birthday;
SELECT * FROM medins.icd10_problems('N40.x00', 'F', DATE '1950-01-01', DATE '2025-01-01', true);

-- Rules are rows: a new rule takes effect at once (the trigger invalidates
-- the cached rules); removing it undoes that.
SELECT medins.icd10_check('E66.900', age => 5) AS before;
INSERT INTO medins.icd10_rule (kind, codes, min_age, name_zh)
	VALUES ('age', 'E66', 18, 'test rule: obesity in adults only');
SELECT medins.icd10_check('E66.900', age => 5) AS with_rule;
DELETE FROM medins.icd10_rule WHERE name_zh = 'test rule: obesity in adults only';
SELECT medins.icd10_check('E66.900', age => 5) AS after;

-- A code added to a catalogue becomes defined.
SELECT medins.icd10_check('E11.900x999') AS before;
INSERT INTO medins.icd10_code (version, code, name_zh, level, is_leaf)
	VALUES ('nhsa-2.0', 'E11.900x999', '测试编码', 'extension', true);
SELECT medins.icd10_check('E11.900x999') AS added;
DELETE FROM medins.icd10_code WHERE version = 'nhsa-2.0' AND code = 'E11.900x999';

-- Bulk use: no row makes the check throw.
SELECT count(*) AS checked,
	   count(*) FILTER (WHERE medins.icd10_is_valid(c)) AS valid
  FROM unnest(ARRAY['E11.900', 'E11.9000', '', '中文', 'I63.900x007', NULL, 'x', '+*']) AS c;

-- Rules over raw claim codes: membership of code text, NULL when malformed.
SELECT code, medins.icd10_text_in_set(code, 'E10-E14,I10.x00') AS in_set
  FROM unnest(ARRAY['e11.900', 'Ｅ１４．９００ｘ００１', 'I10.x00x002', 'I11.000', 'E11.9000']) AS code;

-- The rule table refuses inconsistent rows.
INSERT INTO medins.icd10_rule (kind, codes, name_zh) VALUES ('sex', 'N40', 'no sex given');
INSERT INTO medins.icd10_rule (kind, codes, min_age, max_age, name_zh) VALUES ('age', 'N40', 50, 40, 'reversed');
