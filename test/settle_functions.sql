-- pgTAP: the settlement part's tables, function attributes and bad input.
BEGIN;
SELECT plan(24);

SELECT has_table('medins', t, 'settlement table ' || t) FROM unnest(ARRAY[
	'benefit_policy', 'policy_deductible', 'policy_ratio', 'policy_ceiling', 'policy_layer',
	'policy_case_type', 'policy_case_standard', 'settlement', 'settlement_line', 'benefit_accumulator', 'settlement_accumulation']) AS t;
SELECT col_is_pk('medins', 'settlement', ARRAY['person_id', 'settlement_id'],
	'settlements are keyed by the insured person first (co-location)');
SELECT col_is_pk('medins', 'benefit_accumulator', ARRAY['person_id', 'scheme_code', 'year_start', 'pool'],
	'accumulators are keyed by the insured person first (co-location)');
SELECT volatility_is('medins', 'benefit_compute',
	ARRAY['medins.claim_facts', 'medins.scope_split', 'medins.accumulator[]'], 'stable',
	'the engine is STABLE (it reads the cached policy rows)');
SELECT volatility_is('medins', 'presettle', ARRAY['bigint'], 'stable', 'presettle writes nothing');
SELECT volatility_is('medins', 'settle', ARRAY['bigint'], 'volatile', 'settle writes');
SELECT is((SELECT proparallel::text FROM pg_proc WHERE oid = 'medins.benefit_compute(medins.claim_facts, medins.scope_split, medins.accumulator[])'::regprocedure),
	's', 'the engine is PARALLEL SAFE');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'medins'::regnamespace
			AND proname IN ('settle', 'presettle', 'reverse_settlement', 'benefit_compute') AND prosecdef),
	0, 'no settlement function is SECURITY DEFINER');

-- Bad policy rows are refused by their constraints, with the right SQLSTATE.
SELECT throws_ok(format('INSERT INTO medins.policy_ratio (scheme_code, claim_kind, ratio, valid_from) VALUES (%L, %L, %s, %L)',
	v.scheme, v.kind, v.ratio, v.day), v.state, NULL, v.why)
  FROM (VALUES ('A_RESIDENT', 'inpatient', '1.5', '2020-01-01', '23514', 'a ratio above 1 is refused'),
			   ('NO_SUCH', 'inpatient', '0.5', '2020-01-01', '23503', 'a ratio of an unknown scheme is refused'),
			   ('A_RESIDENT', 'dental', '0.5', '2020-01-01', '22P02', 'an unknown claim kind is refused'))
		AS v(scheme, kind, ratio, day, state, why);
SELECT has_trigger('medins', 'policy_case_standard', 'policy_case_standard_changed',
	'a change of the per-case standards makes every backend recompile its policies');
SELECT throws_ok(format('INSERT INTO medins.policy_case_standard (scheme_code, claim_kind, amount, below_standard, valid_from) VALUES (%L, %L, %s, %L, %L)',
	v.scheme, v.kind, v.amount, v.below, v.day), v.state, NULL, v.why)
  FROM (VALUES ('A_RESIDENT', 'maternity', '-1', 'actual', '2020-01-01', '23514', 'a negative per-case standard is refused'),
			   ('A_RESIDENT', 'maternity', '2000', 'sometimes', '2020-01-01', '23514', 'an unknown below-standard reading is refused'))
		AS v(scheme, kind, amount, below, day, state, why);

SELECT * FROM finish();
ROLLBACK;
