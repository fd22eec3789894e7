-- Lookup and search: names by code and version, chapter and block, the
-- clinical → 医保 map, ranked search by code, Chinese text or 拼音码.
SET search_path = medins, public;

-- Names.  National codes without an English title get the WHO title of the
-- code they refine (E11.900 → E11.9).
SELECT code, medins.icd10_name_zh(code) AS name_zh, medins.icd10_name_en(code) AS name_en
  FROM unnest('{E11.900,I63.900x007,A01.001+K77.0*,E11.9,I63,U07.100}'::medins.icd10[]) AS code;
SELECT medins.icd10_name_zh('E11', 'who-2019') AS who_category_zh,
	   medins.icd10_name_zh('E11.9', 'who-2019') AS who_subcategory_zh,
	   medins.icd10_name_en('E11.900', 'nhsa-2.0') AS nhsa_has_no_english,
	   medins.icd10_name_zh('E11.900', 'no-such-version') AS unknown_version;

-- Chapter and innermost block (C50-C50 inside C00-C75 inside C00-C97).
SELECT c.code, b.*
  FROM unnest('{E11.900,C50.901,I63.900x007,W19.x00,U07.100,Z94.0}'::medins.icd10[]) AS c (code)
  CROSS JOIN LATERAL medins.icd10_chapter_block(c.code) AS b;

-- Clinical 2.0 → 医保版 2.0: itself, another code, the same string meaning
-- something else (A21.200), a code of no map row.
SELECT code, medins.icd10_map_code(code) AS nhsa
  FROM unnest('{E11.900,A21.200,K74.300x011+I98.2*,Z99.999}'::medins.icd10[]) AS code;

-- 拼音码 of names.
SELECT name, medins.pinyin_initials(name)
  FROM unnest(ARRAY['糖尿病', '2型糖尿病', '高血压3级', '脑梗死', 'Ｂ族维生素缺乏', '急性上呼吸道感染', '']) AS name;

-- Search: pinyin initials, Chinese substring, code prefix (any case, full
-- width), English in WHO 2019; the rank says how it matched.
SELECT * FROM medins.icd10_search('tnb', max_rows => 5);
SELECT * FROM medins.icd10_search('脑梗死', max_rows => 5);
SELECT * FROM medins.icd10_search('ｅ１１．９', max_rows => 5);
SELECT * FROM medins.icd10_search('i63.90', max_rows => 4);
SELECT * FROM medins.icd10_search('gxy', max_rows => 3);
SELECT * FROM medins.icd10_search('Diabetes mellitus', 'who-2019', 3);
SELECT count(*) AS empty_query FROM medins.icd10_search('  ');
SELECT count(*) AS no_match FROM medins.icd10_search('qqqqqq');
