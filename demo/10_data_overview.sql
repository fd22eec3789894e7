-- Sample data overview: persons, institutions and claims by region
\echo 'Insured persons by region, insurance kind and population group (参保人)'
SELECT p.region_code AS region, p.insurance_kind AS kind, p.population_group AS "group",
	   count(*) AS persons,
	   round(avg(extract(year FROM age(DATE '2025-01-01', p.birth_date))), 1) AS avg_age
  FROM medins.person AS p
 GROUP BY ROLLUP ((p.region_code, p.insurance_kind, p.population_group))
 ORDER BY 1, 2, 3;

\echo 'Institutions by level and grade (定点医疗机构)'
SELECT region_code AS region, kind,
	   coalesce(level::text || CASE grade WHEN 'A' THEN '甲' WHEN 'B' THEN '乙' ELSE '' END, '-') AS "level",
	   count(*) AS institutions
  FROM medins.institution
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

\echo 'Claims by kind (就医类型) with billed totals in yuan'
SELECT c.claim_kind AS kind, count(DISTINCT c.claim_id) AS claims,
	   sum(i.amount) AS billed, round(sum(i.amount) / count(DISTINCT c.claim_id), 2) AS per_claim
  FROM medins.claim AS c
  JOIN medins.claim_item AS i USING (person_id, claim_id, claim_date)
 GROUP BY ROLLUP (c.claim_kind) ORDER BY 1;

\echo 'Items by catalogue class (目录类别: A 甲, B 乙, C 丙)'
SELECT ci.catalogue, i.item_class AS class, count(*) AS items, sum(i.amount) AS billed
  FROM medins.claim_item AS i
  JOIN medins.catalogue_item AS ci USING (item_code)
 GROUP BY 1, 2 ORDER BY 1, 2;
