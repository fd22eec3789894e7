-- ICD-10 diagnoses: the claims' diagnoses checked against 医保版 2.0 (sex, age, principal), by chapter, and a diagnosis search
\echo 'Problems of principal diagnoses (主要诊断) for the patient''s sex and age at admission'
SELECT pr.problem, p.severity, p.message_zh, count(*) AS claims
  FROM medins.claim AS c
  JOIN medins.person AS pe USING (person_id)
 CROSS JOIN LATERAL unnest(medins.icd10_check(c.principal_diagnosis, 'nhsa-2.0', pe.sex,
											  extract(year FROM age(c.claim_date, pe.birth_date))::integer,
											  true)) AS pr (problem)
  JOIN medins.icd10_problem AS p USING (problem)
 GROUP BY pr.problem, p.severity, p.message_zh
 ORDER BY claims DESC;

\echo 'Examples: a few claims with a problem, with the diagnosis name'
SELECT c.claim_id, pe.sex, extract(year FROM age(c.claim_date, pe.birth_date))::integer AS age,
	   c.principal_diagnosis AS code, medins.icd10_name_zh(c.principal_diagnosis::medins.icd10) AS name_zh,
	   medins.icd10_check(c.principal_diagnosis, 'nhsa-2.0', pe.sex,
						  extract(year FROM age(c.claim_date, pe.birth_date))::integer, true) AS problems
  FROM medins.claim AS c
  JOIN medins.person AS pe USING (person_id)
 WHERE NOT medins.icd10_is_valid(c.principal_diagnosis, 'nhsa-2.0', pe.sex,
								 extract(year FROM age(c.claim_date, pe.birth_date))::integer, true)
 ORDER BY c.claim_id
 LIMIT 5;

\echo 'Claims by ICD-10 chapter of the principal diagnosis (WHO 2019 chapters, Chinese names)'
SELECT b.chapter, b.name_zh, b.name_en, count(*) AS claims
  FROM medins.claim AS c
  JOIN medins.icd10_code AS w
	ON w.version = 'who-2019' AND w.code OPERATOR(medins.=) medins.icd10_category(c.principal_diagnosis::medins.icd10)
  JOIN medins.icd10_block AS b ON b.version = 'who-2019' AND b.kind = 'chapter' AND b.chapter = w.chapter
 GROUP BY b.chapter_no, b.chapter, b.name_zh, b.name_en
 ORDER BY claims DESC
 LIMIT 8;

\echo 'Diagnosis picker: 拼音码 "tnb" (糖尿病) and code prefix "i63.9"'
SELECT * FROM medins.icd10_search('tnb', max_rows => 5);
SELECT * FROM medins.icd10_search('i63.9', max_rows => 5);
