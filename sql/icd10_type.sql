-- medins.icd10: normalisation of what hospital systems send, canonical
-- output, hierarchy order, the ancestor/descendant operators and their
-- index use, operator classes, binary I/O.
SET search_path = medins, public;

-- Normalisation: full-width (NFKC), 。/． as ".", trimming, letter case,
-- the extension marker "x" in lower case, † as the dagger "+".
SELECT input, input::medins.icd10 AS canonical
  FROM unnest(ARRAY[
	'I63', 'I63.9', 'B18.10',							-- WHO forms
	'E11.900', 'A00.000x001', 'I10.x00', 'I10.x00x002',	-- national forms
	'A01.001+K77.0*', 'A17.000+G01*',					-- dagger/asterisk pairs
	'i63.9', 'e11.900X001', 'i10.X00',					-- letter case
	'  E11.900 ', E'\tE11.900\n', '　E11.900　',		-- ASCII and ideographic spaces
	'Ｅ１１．９００', 'E11。900', 'E11．900', 'ｅ１１．９００ｘ００１',	-- full width
	'A01.001＋K77.0＊', 'A01.001†K77.0*',				-- full-width +*, dagger sign
	'K77.0*'											-- an asterisk code alone
  ]) AS input;

-- Source anomalies of the clinical 2.0 map, accepted deliberately and
-- written canonically (data/icd10/README.md).
SELECT input, input::medins.icd10 AS canonical
  FROM unnest(ARRAY['B37.600I39.8', 'T66.x02H47.5', 'K74.300x011+I98.2',
					'E88.902+M90.803*', 'C22.101M81600/3', 'D24.x01M85060/0']) AS input;

-- The cast from text gives the same values; the cast to text is the code.
SELECT 'ｉ６３．９'::text::medins.icd10 AS from_text,
	   ('E11.900'::medins.icd10)::text AS to_text,
	   medins.icd10_is_well_formed('E11.900') AS well_formed,
	   medins.icd10_is_well_formed('E11.90O') AS not_well_formed;

-- Hierarchy order: a code sorts right before its descendants
-- (I63 < I63.9 < I63.900 < I63.900x007 < I63.901), siblings in code order,
-- "x" placeholders after digits.
SELECT c FROM unnest('{I63.901,I63.900x007,I64,I63,I63.9,I63.900,I63.8,I10.x00,I10,I10.x00x002,I11.0}'::medins.icd10[]) AS c
 ORDER BY c;

-- Comparison operators.
SELECT 'I63'::medins.icd10 < 'I63.9' AS lt, 'I63.9'::medins.icd10 <= 'I63.9' AS le,
	   'i63.9'::medins.icd10 = 'I63.9' AS eq, 'I63.9'::medins.icd10 <> 'I63.90' AS ne,
	   'I64'::medins.icd10 > 'I63.909' AS gt, 'I64'::medins.icd10 >= 'I64' AS ge;

-- Ancestor (@>) and descendant (<@), strict: category ⊇ subcategory ⊇
-- national code ⊇ extension.
SELECT a, d, a::medins.icd10 @> d::medins.icd10 AS is_ancestor,
	   d::medins.icd10 <@ a::medins.icd10 AS is_descendant
  FROM (VALUES ('I63', 'I63.9'), ('I63', 'I63.900x001'), ('I63.9', 'I63.901'),
			   ('I63.900', 'I63.900x007'), ('I10', 'I10.x00x002'),
			   ('A01.001', 'A01.001+K77.0*'),
			   ('I63', 'I63'), ('I63.9', 'I63'), ('I63', 'I64.900'),
			   ('I63.900', 'I63.901')) AS t (a, d);

-- Parts of a code.
SELECT c, medins.icd10_category(c) AS category, medins.icd10_who_code(c) AS who_code,
	   medins.icd10_main_code(c) AS main_code, medins.icd10_asterisk_code(c) AS asterisk
  FROM unnest('{E11.900x001,I10.x00,B18.10,A01.001+K77.0*,A17.000+G01*,C22.101M81600/3,K77.0*,I63}'::medins.icd10[]) AS c;

-- The descendant operators become an index range scan.
CREATE TEMP TABLE dx (code medins.icd10);
INSERT INTO dx SELECT code FROM medins.icd10_code;
CREATE INDEX dx_code ON dx (code);
ANALYZE dx;
CREATE FUNCTION pg_temp.plan_uses_index(query text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	line text;
	found boolean := false;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		found := found OR line ~ 'Index (Only )?Scan|Bitmap Index Scan';
	END LOOP;
	RETURN found;
END $$;
SET enable_seqscan = off;
SELECT pg_temp.plan_uses_index($$SELECT * FROM dx WHERE code <@ 'I63'::medins.icd10$$) AS descendant_uses_index,
	   pg_temp.plan_uses_index($$SELECT * FROM dx WHERE 'I63'::medins.icd10 @> code$$) AS ancestor_uses_index;
RESET enable_seqscan;
-- and the index gives the same rows as the LIKE on text:
-- I63 has 95 codes below it over the four versions.
SELECT (SELECT count(*) FROM dx WHERE code <@ 'I63') AS below_i63,
	   (SELECT count(*) FROM dx WHERE code::text LIKE 'I63%' AND code::text <> 'I63') AS like_i63;

-- Operator classes are valid (btree: hierarchy order; hash: equality).
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
  FROM pg_opclass AS opc JOIN pg_am AS am ON am.oid = opc.opcmethod
 WHERE opc.opcnamespace = 'medins'::regnamespace AND opc.opcname = 'icd10_ops'
 ORDER BY am.amname;
CREATE INDEX dx_code_hash ON dx USING hash (code);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT code FROM dx WHERE code = 'ｅ１１．９００' ORDER BY 1;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- Hash aggregation uses the hash function: 49,695 distinct codes over the
-- four versions.
SET enable_sort = off;
SELECT count(*) AS distinct_codes FROM (SELECT code FROM dx GROUP BY code) AS g;
RESET enable_sort;

-- Binary COPY round trip of every shipped code (format version byte 1).
\copy (SELECT code FROM dx) TO 'results/icd10_binary.bin' WITH (FORMAT binary)
CREATE TEMP TABLE dx_back (code medins.icd10);
\copy dx_back FROM 'results/icd10_binary.bin' WITH (FORMAT binary)
SELECT (SELECT count(*) FROM dx_back) AS copied,
	   (SELECT count(*) FROM (SELECT code FROM dx EXCEPT ALL SELECT code FROM dx_back) AS d) AS differ;
SELECT encode(medins.icd10_send('E11.900x001'), 'escape') AS send_bytes;

-- Binary input checks what it gets: bytea values (raw bytes in binary
-- COPY) loaded into an icd10 column.  Version byte 1 and a canonical code
-- load; another version, a non-canonical or a malformed code do not (22P03).
CREATE TEMP TABLE from_bytes (code medins.icd10);
\copy (SELECT '\x01'::bytea || 'E11.900x001'::bytea) TO 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy from_bytes FROM 'results/icd10_recv.bin' WITH (FORMAT binary)
SELECT code FROM from_bytes;
\copy (SELECT '\x02'::bytea || 'E11.900'::bytea) TO 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy from_bytes FROM 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy (SELECT '\x01'::bytea || 'e11.900'::bytea) TO 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy from_bytes FROM 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy (SELECT '\x01'::bytea || 'E11.9000'::bytea) TO 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy from_bytes FROM 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy (SELECT '\x01'::bytea) TO 'results/icd10_recv.bin' WITH (FORMAT binary)
\copy from_bytes FROM 'results/icd10_recv.bin' WITH (FORMAT binary)
SELECT count(*) AS rows_loaded FROM from_bytes;
