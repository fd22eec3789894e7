-- The shipped catalogues: what CREATE EXTENSION loaded, and every code of
-- every shipped file round-tripping through medins.icd10.
SET search_path = medins, public;

-- Versions and their codes.  nhsa-2.0 has the 33,304 codes of nhsa_v2.csv,
-- 2,828 of them gray; clinical-2.0 the 35,591 distinct clinical codes of
-- the map; who-2019 the 12,246 WHO codes; cn-legacy 1,586 categories.
SELECT v.version, v.name_en, count(c.code) AS codes,
	   count(*) FILTER (WHERE c.is_leaf) AS leaves,
	   count(*) FILTER (WHERE c.is_gray) AS gray,
	   count(*) FILTER (WHERE c.is_asterisk) AS asterisk,
	   count(c.name_zh) AS with_name_zh, count(c.name_en) AS with_name_en,
	   count(c.pinyin) AS with_pinyin, count(c.chapter) AS with_chapter
  FROM medins.icd10_version AS v
  LEFT JOIN medins.icd10_code AS c USING (version)
 GROUP BY v.version, v.name_en
 ORDER BY v.version;

-- Levels of 医保版 2.0: 11,665 codes carry an x### extension (README).
SELECT level, count(*) FROM medins.icd10_code WHERE version = 'nhsa-2.0' GROUP BY level ORDER BY level;

-- Leaves (billable): every 医保版 2.0 code is one: x### extension codes
-- below I63.900 or A00.000 refine them without making them headings (the
-- 医保版 headings are the gray codes, every one a "…00" code).  In WHO 2019
-- a category with subcategories (E11) is not a leaf.
SELECT version, code, is_leaf, is_gray, coalesce(name_zh, name_en) AS name FROM medins.icd10_code
 WHERE version = 'nhsa-2.0' AND code IN ('E11.900', 'I63.900', 'I63.900x007', 'A00.000', 'A00.000x001')
	OR version = 'who-2019' AND code IN ('E11', 'E11.9', 'B18.1', 'B18.10', 'I10')
 ORDER BY version, code;
SELECT count(*) AS gray_not_ending_00
  FROM medins.icd10_code
 WHERE is_gray AND medins.icd10_main_code(code)::text !~ '00$';

-- Source anomaly: 错??畸形 restored as 错𬌗畸形 (U+2C317, as the gray-code list
-- has it); M?重链病 left as it is.
SELECT code, name_zh FROM medins.icd10_code
 WHERE version = 'nhsa-2.0' AND (name_zh LIKE '%畸形' AND code <@ 'K07' OR code = 'C88.203')
   AND (name_zh LIKE '%?%' OR name_zh LIKE '%' || chr(181015) || '%')
 ORDER BY code;

-- Every code of every shipped file, through the type and back.
CREATE TEMP TABLE raw (file text, code text);
CREATE TEMP TABLE stage (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text);
DO $$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT * FROM (VALUES
		('nhsa_v2.csv', 'c1, c2', 'c1'),
		('nhsa_v2_gray_codes.csv', 'c1, c2', 'c1'),
		('clinical_v2_to_nhsa_v2.csv', 'c1, c2, c3', 'c1'),
		('clinical_v2_to_nhsa_v2.csv', 'c1, c2, c3', 'c2'),
		('who2019.csv', 'c1, c2, c3, c4, c5, c6, c7, c8', 'c1'),
		('sex_restricted_who2019.csv', 'c1, c2, c3', 'c1'),
		('cn_categories.csv', 'c1, c2, c3, c4', 'c1')) AS v (name, cols, col)
	LOOP
		TRUNCATE stage;
		EXECUTE format('COPY stage (%s) FROM %L WITH (FORMAT csv, HEADER true)',
					   f.cols, medins.icd10_data_file(f.name));
		EXECUTE format('INSERT INTO raw SELECT %L, %I FROM stage', f.name || ':' || f.col, f.col);
	END LOOP;
END $$;
SELECT file, count(*) AS codes,
	   count(*) FILTER (WHERE code::medins.icd10::text = code) AS unchanged,
	   count(*) FILTER (WHERE code::medins.icd10::text <> code) AS canonicalised
  FROM raw GROUP BY file ORDER BY file;
-- The only codes whose text changes are the four clinical anomalies with a
-- missing "+" or "*".
SELECT file, code, code::medins.icd10 AS canonical
  FROM raw WHERE code::medins.icd10::text <> code ORDER BY file, code;
-- Canonical text parses to itself.
SELECT count(*) AS not_idempotent FROM raw
 WHERE code::medins.icd10::text::medins.icd10 <> code::medins.icd10;

-- Chapters and blocks: 22 chapters and 274 blocks of WHO 2019; Chinese
-- names where the older Chinese table has the same range (19 chapters;
-- blocks whose ranges changed since that edition stay without).
SELECT kind, count(*), count(name_zh) AS with_name_zh
  FROM medins.icd10_block GROUP BY kind ORDER BY kind;
SELECT chapter, code_range, name_en, name_zh FROM medins.icd10_block
 WHERE kind = 'chapter' ORDER BY chapter_no;
SELECT code_range, name_zh FROM medins.icd10_block WHERE code_range = 'T29-T32';

-- The clinical → 医保 map: 35,591 rows; where a code maps to another.
SELECT count(*) AS map_rows,
	   count(*) FILTER (WHERE from_code = to_code) AS to_itself,
	   count(*) FILTER (WHERE from_code <> to_code) AS to_another,
	   count(*) FILTER (WHERE NOT EXISTS (SELECT FROM medins.icd10_code AS c
										   WHERE c.version = 'nhsa-2.0' AND c.code = m.to_code)) AS target_missing
  FROM medins.icd10_map AS m;

-- Built-in rules.
SELECT rule_id, kind, CASE WHEN length(codes::text) > 40 THEN left(codes::text, 40) || '…' ELSE codes::text END AS codes,
	   sex, min_age, max_age, name_zh
  FROM medins.icd10_rule ORDER BY rule_id;

-- Data files are found by plain name only.
SELECT medins.icd10_data_file('nhsa_v2.csv') LIKE '%/extension/medins/nhsa_v2.csv' AS data_path;
SELECT medins.icd10_data_file('../postgresql.conf');
