-- bench/icd10: 1,000,000 diagnosis codes drawn from 医保版 2.0 with the
-- noise hospital systems send.  Deterministic (fixed seed).
--   70%  clean catalogue code                       E11.900
--    8%  lower case                                 e11.900x001
--    5%  stray spaces around                        ' E11.900 '
--    4%  full width (NFKC path)                     Ｅ１１．９００
--    3%  ideographic full stop                      E11。900
--    5%  WHO form, not a 医保版 code                 E11.9
--    3%  typo (digit doubled: malformed)            E11.9000
--    2%  national code that does not exist          E11.900x999
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.5);
DROP TABLE IF EXISTS bench_codes, bench_catalogue;
CREATE TABLE bench_catalogue AS
SELECT row_number() OVER (ORDER BY code) AS n, code::text AS code
  FROM medins.icd10_code WHERE version = 'nhsa-2.0';
CREATE TABLE bench_codes AS
SELECT i,
	   CASE WHEN r < 0.70 THEN c.code
			WHEN r < 0.78 THEN lower(c.code)
			WHEN r < 0.83 THEN ' ' || c.code || ' '
			WHEN r < 0.87 THEN translate(c.code, '0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZx',
										 '０１２３４５６７８９．ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺｘ')
			WHEN r < 0.90 THEN replace(c.code, '.', '。')
			WHEN r < 0.95 THEN medins.icd10_who_code(c.code::medins.icd10)::text
			WHEN r < 0.98 THEN c.code || right(c.code, 1)
			ELSE left(c.code, 7) || 'x999' END AS code,
	   -- the same without the malformed typo, for the cast
	   CASE WHEN r < 0.70 THEN c.code
			WHEN r < 0.78 THEN lower(c.code)
			WHEN r < 0.83 THEN ' ' || c.code || ' '
			WHEN r < 0.87 THEN translate(c.code, '0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZx',
										 '０１２３４５６７８９．ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺｘ')
			WHEN r < 0.90 THEN replace(c.code, '.', '。')
			WHEN r < 0.95 THEN medins.icd10_who_code(c.code::medins.icd10)::text
			ELSE c.code END AS code_ok,
	   CASE WHEN random() < 0.5 THEN 'M' ELSE 'F' END AS sex,
	   floor(random() * 90)::integer AS age
  FROM (SELECT i, random() AS r, 1 + floor(random() * 33304)::integer AS n
		  FROM generate_series(1, 1000000) AS i) AS g
  JOIN bench_catalogue AS c USING (n);
VACUUM ANALYZE bench_codes;
