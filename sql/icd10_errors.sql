-- Bad input: every malformed text is rejected with SQLSTATE 22P02, a
-- message quoting the input, and a detail saying what was expected where.
SET search_path = medins, public;

-- Casts the text and reports the error's SQLSTATE, message and detail.
CREATE FUNCTION pg_temp.try_cast(input text, typ text)
RETURNS TABLE (sqlstate text, message text, detail text)
LANGUAGE plpgsql AS $$
DECLARE
	st text;
	msg text;
	det text;
BEGIN
	EXECUTE format('SELECT %L::%s', input, typ);
	RETURN QUERY SELECT '00000'::text, 'accepted'::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN QUERY SELECT st, msg, det;
END $$;

\pset format unaligned
\pset fieldsep ' | '
SELECT input, r.sqlstate, r.message, r.detail
  FROM unnest(ARRAY[
	'',					-- empty
	'   ',				-- only spaces
	'E',				-- letter only
	'E1',				-- one digit
	'11.9',				-- no letter
	'EE11',				-- two letters
	'E1A',				-- letter for digit
	'E11.',				-- nothing after the point
	'E11.9000',			-- four digits after the point
	'E11.9x001',		-- extension on a 4-character code
	'E11.90x001',		-- extension on a 5-character code
	'E11.900x01',		-- short extension
	'E11.900x0011',		-- long extension
	'E11.900y001',		-- wrong marker
	'I10.x0',			-- short placeholder form
	'I10.xx00',			-- doubled placeholder
	'E11,900',			-- comma for point
	'E11 .900',			-- inner space
	'E11.900+',			-- pair without asterisk code
	'A01.001+K77.0**',	-- doubled asterisk
	'A01.001+K77.0*+B01*',	-- two pairs
	'C22.101M816/3',	-- short morphology
	'C22.101M81600-3',	-- morphology without "/"
	'E11.900＠',		-- full-width @ becomes "@"
	'E11.900中',		-- a Han character
	'E11.900' || chr(1),	-- a control character
	repeat('E11.900', 20)	-- far too long
  ]) AS input
  CROSS JOIN LATERAL pg_temp.try_cast(input, 'medins.icd10') AS r;

-- Code sets: each item is a code; ranges in order.
SELECT input, r.sqlstate, r.message, r.detail
  FROM unnest(ARRAY['', 'C00-C97,', 'C00-', 'C97-C00', 'C00-C97,D0', 'E10—E1X']) AS input
  CROSS JOIN LATERAL pg_temp.try_cast(input, 'medins.icd10_set') AS r;
\pset format aligned

-- Nothing half-written: a failing INSERT leaves no rows.
CREATE TEMP TABLE t (code medins.icd10);
INSERT INTO t VALUES ('E11.900'), ('E11.9000');
SELECT count(*) AS rows_after_failed_insert FROM t;
