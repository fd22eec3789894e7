-- The benefit engine's fast paths give what the plain paths give:
-- amounts computed without the trail equal those computed with it, over a
-- grid of claims of every scheme, kind, hospital, person, referral, special
-- pool, eligibility case, scope and accumulator state; and the engine's
-- money conversions (fen <-> numeric yuan, read and written in numeric's
-- own format) equal numeric arithmetic, around every digit-group boundary,
-- for negatives and at the ends of bigint.
SET client_min_messages = warning;

-- fen -> yuan: the same value, display scale and bytes (numeric_send shows
-- sign, weight, scale and digits) as fen * 0.01; and back.
WITH v AS (
	SELECT f FROM generate_series(-200000, 200000) AS f
	UNION ALL
	SELECT sg * (b + d)
	  FROM generate_series(0, 17) AS k
	 CROSS JOIN LATERAL (SELECT (10::numeric ^ k)::bigint AS b) AS bb
	 CROSS JOIN generate_series(-1000, 1000) AS d
	 CROSS JOIN (VALUES (1), (-1)) AS s(sg)
	 WHERE b + d > 0
	UNION ALL
	SELECT x FROM (VALUES (9223372036854775807::bigint), (-9223372036854775807),
						  (-9223372036854775808)) AS e(x))
SELECT count(*) > 400000 AS many,
	   count(*) FILTER (WHERE numeric_send(medins.yuan_of_fen(f)) <> numeric_send(f * 0.01)) AS bytes_differ,
	   count(*) FILTER (WHERE medins.yuan_of_fen(f)::text <> (f * 0.01)::text) AS text_differs,
	   count(*) FILTER (WHERE medins.fen_of_yuan(f * 0.01) <> f) AS back_differs,
	   count(*) FILTER (WHERE medins.fen_of_yuan((f * 0.01)::numeric(30, 8)) <> f) AS back_scale8_differs
  FROM v;
SELECT medins.yuan_of_fen(0) AS zero, medins.yuan_of_fen(-1) AS minus_one_fen,
	   medins.yuan_of_fen(100000000) AS hundred_million_fen,
	   medins.yuan_of_fen(-9223372036854775808) AS min_bigint;

-- yuan -> fen with more than two decimals (the arithmetic path): rounded
-- half away from zero, as round(x * 100).
SELECT count(*) FILTER (WHERE medins.fen_of_yuan(x) <> round(x * 100)::bigint) AS rounding_differs,
	   count(*) AS compared
  FROM (SELECT (k * 7919 % 2000001 - 1000000)::numeric / 10::numeric ^ (k % 7) AS x
		  FROM generate_series(1, 100000) AS k) AS v;
-- Long-form numerics (display scale above 63), zero written with scale,
-- half fen, and what cannot be fen.
SELECT medins.fen_of_yuan(1.00::numeric(80, 70)) AS long_form,
	   medins.fen_of_yuan(-0.05::numeric(80, 70)) AS long_form_negative,
	   medins.fen_of_yuan(0.000::numeric(10, 3)) AS zero,
	   medins.fen_of_yuan(0.005) AS half_up, medins.fen_of_yuan(-0.005) AS half_down;
\set VERBOSITY sqlstate
SELECT medins.fen_of_yuan('NaN');
SELECT medins.fen_of_yuan('Infinity');
SELECT medins.fen_of_yuan(1e17);
\set VERBOSITY default

-- The grid of claims (maternity with a diagnosis of a case type and one
-- of none, an in-area emergency outpatient death, a stay with its ordinal
-- given).
CREATE TEMP TABLE grid AS
SELECT row_number() OVER () AS n,
	   ROW(sc.scheme, DATE '2023-05-01', DATE '2023-05-08', k.kind, h.level, h.grade, p.grp, p.age,
		   p.civil_servant, p.retired, p.assistance, r.referral, e.emergency, e.out_of_area,
		   e.cause, sp.disease, sp.pool, e.covered_since, e.waiting_kind, e.paid_on, p.years,
		   e.institution_suspended, e.physician_suspended, e.claim_disallowed,
		   k.diagnosis, e.outcome, a.ordinal)::medins.claim_facts AS facts,
	   sc_.scope, a.accs
  FROM (VALUES ('A_RESIDENT'), ('B_RESIDENT'), ('C_EMPLOYEE'), ('C_RESIDENT'),
			   ('D_URBAN_RURAL'), ('X_NO_POLICY'), (NULL)) AS sc(scheme)
 CROSS JOIN (VALUES ('inpatient', NULL::text), ('outpatient', NULL), ('special_outpatient', NULL),
					('pharmacy', NULL), ('maternity', 'O80'), ('maternity', 'O00.1')) AS k(kind, diagnosis)
 CROSS JOIN (VALUES (1::smallint, NULL::text), (3::smallint, 'A')) AS h(level, grade)
 CROSS JOIN (VALUES ('adult', 40, false, false, NULL::text, 3),
					('student', 12, false, false, NULL, 0),
					('in_service', 50, true, false, NULL, 20),
					('retired', 70, true, true, 'dibao', 30)) AS p(grp, age, civil_servant, retired, assistance, years)
 CROSS JOIN (VALUES ('none'), ('referred_out'), ('down_referred')) AS r(referral)
 CROSS JOIN (VALUES (NULL::text, NULL::text), ('diabetes', 'special'), ('uraemia', 'dialysis_transplant')) AS sp(disease, pool)
 CROSS JOIN (VALUES (false, false, NULL::text, DATE '2020-01-01', 'none', NULL::date, false, false, false, NULL::text),
					(true, true, 'fight', DATE '2020-01-01', 'none', NULL, true, false, false, NULL),
					(true, false, NULL, DATE '2020-01-01', 'none', NULL, false, false, false, 'died'),
					(false, false, NULL, NULL, 'none', NULL, false, false, false, NULL),
					(false, false, NULL, DATE '2023-03-01', 'new', DATE '2023-03-01', false, false, false, NULL),
					(false, false, 'illness', DATE '2020-01-01', 'lapsed', DATE '2022-01-01', true, false, false, NULL),
					(false, false, NULL, DATE '2020-01-01', 'none', NULL, false, true, false, NULL),
					(false, false, NULL, DATE '2020-01-01', 'none', NULL, false, false, true, NULL))
		AS e(emergency, out_of_area, cause, covered_since, waiting_kind, paid_on,
			 physician_suspended, institution_suspended, claim_disallowed, outcome)
 CROSS JOIN (VALUES (ROW(3, 12000.00, 0.00, 500.00, 0.00, 1000.00, 100.00)::medins.scope_split),
					(ROW(40, 180000.00, 300.00, 2000.00, 150.00, 20000.00, 2000.00)::medins.scope_split),
					(ROW(1, 150.00, 0.00, 0.00, 0.00, 0.00, 0.00)::medins.scope_split)) AS sc_(scope)
 CROSS JOIN (VALUES ('{}'::medins.accumulator[], NULL::integer),
					(ARRAY[ROW('basic', 2, 9000.00, 29000.00, 500.00, 0, 0, 0),
						   ROW('special:special', 0, 3000.00, 1000.00, 400.00, 0, 0, 0),
						   ROW('layer:civil_servant', 0, 0, 500.00, 0, 900.00, 1900.00, 800.00),
						   ROW('layer:catastrophic', 0, 0, 0, 0, 14000.00, 0, 0)]::medins.accumulator[],
					 3)) AS a(accs, ordinal)
 WHERE sp.pool IS NULL OR k.kind = 'special_outpatient';

-- Without the trail: every column but the trail the same, the trail NULL.
-- The three-argument call is the call with the trail, which is complete.
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE l::text <> ROW(t.status, t.reason, t.scheme_code, t.year_start,
			t.admission_ordinal, t.total, t.disallowed, t.out_of_scope, t.over_standard,
			t.first_share, t.referral_share, t.in_scope, t.deductible, t.basic_fund, t.layer_fund,
			t.fund_total, t.personal_pay, t.institution_borne, NULL,
			t.accumulators)::medins.benefit_result::text) AS amounts_differ,
	   count(*) FILTER (WHERE l.trail IS NOT NULL) AS trailless_with_trail,
	   count(*) FILTER (WHERE t::text <> d::text) AS default_differs,
	   count(*) FILTER (WHERE t.trail::text NOT LIKE '[{"step": "total", %'
						   OR t.trail::text NOT LIKE '%, {"step": "personal_pay", %}]') AS trail_incomplete
  FROM grid AS g
 CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs, true) AS t
 CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs, false) AS l
 CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs) AS d;
-- The grid reaches every outcome and trail step the comparison should cover.
SELECT status, reason, count(*) > 0 AS seen
  FROM grid AS g CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs, false) AS l
 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) FILTER (WHERE l.layer_fund > 0) > 0 AS some_layer_pay,
	   count(*) FILTER (WHERE l.admission_ordinal > 1) > 0 AS some_later_admission,
	   count(*) FILTER (WHERE l.institution_borne > 0) > 0 AS some_institution_borne
  FROM grid AS g CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs, false) AS l;
SELECT e ->> 'step' AS step, count(*) > 0 AS seen
  FROM grid AS g CROSS JOIN LATERAL medins.benefit_compute(g.facts, g.scope, g.accs, true) AS t
 CROSS JOIN LATERAL json_array_elements(t.trail) AS e
 GROUP BY 1 ORDER BY 1;
-- Arguments in every form give the same result: built by ROW() (above),
-- stored in a table (a short row has a one-byte header there) and held
-- in PL/pgSQL variables (expanded records).
CREATE TEMP TABLE stored AS SELECT n, facts, scope, accs FROM grid WHERE n % 20 = 0;
CREATE FUNCTION pg_temp.through_variables(f medins.claim_facts, s medins.scope_split,
										  a medins.accumulator[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	vf medins.claim_facts := f;
	vs medins.scope_split := s;
BEGIN
	RETURN medins.benefit_compute(vf, vs, a)::text;
END
$$;
SELECT count(*) AS compared,
	   count(*) FILTER (WHERE pg_column_size(t.facts) < 127 AND pg_column_size(t.scope) < 127) > 0 AS some_short,
	   count(*) FILTER (WHERE medins.benefit_compute(t.facts, t.scope, t.accs)::text
						  <> medins.benefit_compute(g.facts, g.scope, g.accs)::text) AS stored_differs,
	   count(*) FILTER (WHERE pg_temp.through_variables(g.facts, g.scope, g.accs)
						  <> medins.benefit_compute(g.facts, g.scope, g.accs)::text) AS variables_differ
  FROM stored AS t JOIN grid AS g USING (n);
DROP TABLE stored, grid;
