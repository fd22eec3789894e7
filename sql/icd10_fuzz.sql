-- Fuzz test of the parser: 200,000 random mutations of real 医保版 2.0
-- codes (insert, delete, replace, duplicate, truncate, with ASCII,
-- full-width, CJK, control and combining characters).  Nothing may crash;
-- every accepted text must be canonical after one pass (idempotent), and
-- the checker must agree with the type about well-formedness.  The seed is
-- fixed so a failure can be replayed.
SET search_path = medins, public;
SELECT setseed(0.20261122);

CREATE TEMP TABLE codes AS
SELECT row_number() OVER (ORDER BY code) AS n, code::text AS code
  FROM medins.icd10_code WHERE version = 'nhsa-2.0';

-- Characters mutations draw from.
CREATE TEMP TABLE pool AS
SELECT regexp_split_to_array(
	'0|1|5|9|.|x|X|+|*|M|m|/|-|,| |A|Z|a|z|I|O|†|。|．|＋|＊|Ｅ|１|ｘ|中|　|' ||
	chr(1) || '|' || chr(127) || '|' || chr(769) || '|' || chr(65279) || '|' || chr(181015), '\|') AS c;

-- Applies one random edit to s.
CREATE FUNCTION pg_temp.mutate(s text, r1 float8, r2 float8, r3 float8) RETURNS text
LANGUAGE sql AS $$
	SELECT CASE floor(r1 * 6)::int
		WHEN 0 THEN overlay(s PLACING p.c[1 + floor(r3 * array_length(p.c, 1))::int]
							FROM 1 + floor(r2 * (length(s) + 1))::int FOR 0)	-- insert
		WHEN 1 THEN overlay(s PLACING '' FROM 1 + floor(r2 * length(s))::int FOR 1)	-- delete
		WHEN 2 THEN overlay(s PLACING p.c[1 + floor(r3 * array_length(p.c, 1))::int]
							FROM 1 + floor(r2 * length(s))::int FOR 1)			-- replace
		WHEN 3 THEN s || substr(s, 1 + floor(r2 * length(s))::int)				-- duplicate tail
		WHEN 4 THEN left(s, floor(r2 * length(s))::int)							-- truncate
		ELSE upper(s) END														-- case
	  FROM pool AS p
$$;

CREATE TEMP TABLE fuzz AS
SELECT i, pg_temp.mutate(pg_temp.mutate(c.code, random(), random(), random()),
						 random(), random(), random()) AS m
  FROM generate_series(1, 200000) AS i
  JOIN codes AS c ON c.n = 1 + (i * 7919) % (SELECT count(*) FROM codes);

SELECT count(*) AS iterations,
	   count(*) FILTER (WHERE medins.icd10_is_well_formed(m)) > 0 AS some_accepted,
	   count(*) FILTER (WHERE NOT medins.icd10_is_well_formed(m)) > 0 AS some_rejected
  FROM fuzz;

-- Accepted texts are canonical after one pass.
SELECT count(*) AS not_idempotent
  FROM fuzz
 WHERE medins.icd10_is_well_formed(m)
   AND (CASE WHEN medins.icd10_is_well_formed(m) THEN m::medins.icd10 END)::text::medins.icd10::text
	   <> (CASE WHEN medins.icd10_is_well_formed(m) THEN m::medins.icd10 END)::text;

-- The checker never throws and says "malformed" exactly when the type
-- rejects the text.
SELECT count(*) AS checker_disagrees
  FROM fuzz
 WHERE ('malformed' = ANY (medins.icd10_check(m, 'nhsa-2.0', 'F', 30, true)))
	   = medins.icd10_is_well_formed(m);

-- The full-width fast path agrees with NFKC (PostgreSQL's normalize, then
-- the ASCII path): same acceptance, same canonical code.
SELECT count(*) AS fast_path_disagrees
  FROM (SELECT m, replace(normalize(m, NFKC), '。', '.') AS n FROM fuzz) AS f
 WHERE medins.icd10_is_well_formed(m) <> medins.icd10_is_well_formed(n)
	OR (medins.icd10_is_well_formed(m)
		AND (CASE WHEN medins.icd10_is_well_formed(m) THEN m::medins.icd10 END)
			<> (CASE WHEN medins.icd10_is_well_formed(n) THEN n::medins.icd10 END));

-- Code sets built from mutated pairs parse or fail cleanly.
DO $$
DECLARE
	r record;
	failures integer := 0;
BEGIN
	FOR r IN SELECT a.m || '-' || b.m AS s FROM fuzz AS a JOIN fuzz AS b ON b.i = a.i + 1
			  WHERE a.i <= 5000 LOOP
		BEGIN
			PERFORM r.s::medins.icd10_set;
		EXCEPTION WHEN invalid_text_representation THEN
			failures := failures + 1;
		END;
	END LOOP;
	RAISE NOTICE 'code-set fuzz: done';
END $$;
