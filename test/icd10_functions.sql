-- pgTAP: the ICD-10 part's types, functions and their promises.
BEGIN;
SET LOCAL search_path = medins, public;
SELECT plan(46);

SELECT has_type('medins', 'icd10', 'type medins.icd10 exists');
SELECT has_type('medins', 'icd10_set', 'type medins.icd10_set exists');
SELECT has_opclass('medins', 'icd10_ops', 'operator class icd10_ops exists');
SELECT has_table('medins', t, 'table medins.' || t || ' exists')
  FROM unnest(ARRAY['icd10_version', 'icd10_code', 'icd10_block', 'icd10_map', 'icd10_rule', 'icd10_problem']) AS t;

-- Volatility as promised.
SELECT volatility_is('medins', 'icd10_in', ARRAY['cstring'], 'immutable', 'input is immutable');
SELECT volatility_is('medins', 'icd10_check', ARRAY['text', 'text', 'text', 'integer', 'boolean'], 'stable',
	'icd10_check reads the catalogue: stable');
SELECT volatility_is('medins', 'icd10_is_valid', ARRAY['text', 'text', 'text', 'integer', 'boolean'], 'stable',
	'icd10_is_valid reads the catalogue: stable');
SELECT volatility_is('medins', 'icd10_search', ARRAY['text', 'text', 'integer'], 'stable',
	'icd10_search reads the catalogue: stable');
SELECT volatility_is('medins', 'icd10_is_well_formed', ARRAY['text'], 'immutable',
	'icd10_is_well_formed depends on its argument only');
SELECT is((SELECT count(*)::integer FROM pg_proc
			WHERE pronamespace = 'medins'::regnamespace
			  AND (proname LIKE 'icd10%' OR proname = 'pinyin_initials')
			  AND prorettype <> 'trigger'::regtype AND proparallel <> 's'),
		  0, 'every ICD-10 function except the trigger is PARALLEL SAFE');

-- Bad inputs raise 22P02 with the input quoted.
SELECT throws_ok(format('SELECT %L::medins.icd10', bad), '22P02',
				 format('invalid input syntax for type icd10: "%s"', bad),
				 format('%L is rejected', bad))
  FROM unnest(ARRAY['', 'E1', '11.9', 'E11.', 'E11.9000', 'E11.9x001', 'I10.xx00',
					'E11.900+', 'A01.001+K77.0**', 'E11.900中']) AS bad;
SELECT throws_ok($$SELECT 'C97-C00'::medins.icd10_set$$, '22P02',
				 'invalid input syntax for type icd10_set: "C97-C00"', 'a reversed range is rejected');

-- Soft errors (pg_input_is_valid) on PostgreSQL 16 and later.
SELECT CASE WHEN current_setting('server_version_num')::integer >= 160000
	THEN results_eq($$SELECT pg_input_is_valid('E11.9000', 'medins.icd10'),
							 pg_input_is_valid('E11.900', 'medins.icd10'),
							 pg_input_is_valid('C97-C00', 'medins.icd10_set')$$,
					$$VALUES (false, true, false)$$, 'pg_input_is_valid reports soft errors')
	ELSE skip('soft errors need PostgreSQL 16', 1) END;

-- Validation never throws.
SELECT lives_ok($$SELECT medins.icd10_check(c, v, s, a, p)
					FROM unnest(ARRAY['', '中', 'E11.9000', 'E11.900', repeat('x', 1000)]) AS c,
						 unnest(ARRAY['nhsa-2.0', '', 'who-2019']) AS v,
						 unnest(ARRAY['M', 'F', '?', NULL]) AS s,
						 unnest(ARRAY[-5, 0, 200, NULL]) AS a,
						 unnest(ARRAY[true, false, NULL]) AS p$$,
				'icd10_check never throws for bad codes, versions or patients');
SELECT is(medins.icd10_check('E11.900'), '{}'::text[], 'E11.900 is a valid 医保版 2.0 code');
SELECT is(medins.icd10_check('O80.000', sex => 'M'), '{sex_mismatch}'::text[], 'obstetric code on a man');
SELECT is(medins.icd10_check('P07.300', age => 40), '{age_mismatch}'::text[], 'perinatal code on an adult');
SELECT is(medins.icd10_check('E11', 'who-2019'), '{not_leaf}'::text[], 'a WHO category with subcategories is not billable');
SELECT is(medins.icd10_check('W19.x00', as_principal => true), '{not_principal}'::text[],
	'external cause as principal diagnosis');
SELECT is(medins.icd10_check('O80.000', 'M', DATE '1950-01-01', DATE '2025-01-01', true),
		  '{sex_mismatch,age_mismatch}'::text[], 'birth date and claim date give the age (75)');
SELECT ok(medins.icd10_is_valid('A02.200'), 'a gray leaf is valid (gray is a warning)');
SELECT is((SELECT array_agg(problem) FROM medins.icd10_problems('K77.0*', as_principal => true)),
		  '{not_in_catalogue,asterisk_alone,not_principal}'::text[], 'an asterisk code alone as principal');

-- Type functions.
SELECT is('ｅ１１．９００ｘ００１'::medins.icd10::text, 'E11.900x001', 'full width is normalised');
SELECT ok('I63'::medins.icd10 @> 'I63.900x007'::medins.icd10, 'I63 is an ancestor of I63.900x007');
SELECT ok(NOT ('I63.900'::medins.icd10 @> 'I63.901'::medins.icd10), 'siblings are not ancestors');
SELECT ok('E11.900'::medins.icd10 <@ 'E10-E14'::medins.icd10_set, 'E11.900 is in E10-E14');
SELECT ok(NOT ('E15'::medins.icd10 <@ 'E10-E14'::medins.icd10_set), 'E15 is not in E10-E14');
SELECT is(medins.icd10_map_code('A21.200'), 'A21.201+J17.0*'::medins.icd10, 'clinical A21.200 maps to A21.201+J17.0*');
SELECT is((SELECT code FROM medins.icd10_search('tnb') LIMIT 1), 'E14.900x001'::medins.icd10,
	'tnb finds 糖尿病 first');
SELECT is(medins.icd10_name_zh('E11.900'), '2型糖尿病', 'Chinese name of E11.900');
SELECT is((SELECT block FROM medins.icd10_chapter_block('E11.900')), 'E10-E14', 'E11.900 is in block E10-E14');
SELECT is(medins.pinyin_initials('高血压'), 'gxy', '拼音码 of 高血压');

SELECT * FROM finish();
ROLLBACK;
