-- Baseline for bench/settle: scheme A's benefit rules written the usual way,
-- as PL/pgSQL reading the policy rows with queries, for the same inputs the
-- C engine takes (medins.claim_facts, medins.scope_split, accumulators).
-- Covers what scheme A's claims need: coverage, exclusions, scope split,
-- deductible lowered on repeat admissions (or per year for special
-- diseases), flat ratios by group/level/grade/referral, the contribution-
-- year bonus with its cap, the fund ceiling and the supplementary layer.
-- Not part of the extension.
CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.plpgsql_scheme_a(f medins.claim_facts, s medins.scope_split,
	acc_admissions integer, acc_fund_paid numeric, acc_deductible numeric,
	OUT status text, OUT in_scope numeric, OUT deductible numeric,
	OUT basic_fund numeric, OUT layer_fund numeric, OUT personal_pay numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p medins.benefit_policy;
	d medins.policy_deductible;
	r medins.policy_ratio;
	ceiling numeric;
	ratio numeric;
	ded numeric;
	room numeric;
	pay numeric;
	over numeric := 0;
	sup medins.policy_layer;
	ordinal integer := 1;
BEGIN
	status := 'paid'; in_scope := 0; deductible := 0; basic_fund := 0; layer_fund := 0;
	SELECT * INTO p FROM medins.benefit_policy
	 WHERE scheme_code = f.scheme_code AND valid_from <= f.settle_date
	   AND (valid_to IS NULL OR valid_to >= f.settle_date);
	IF f.covered_since IS NULL OR f.institution_suspended OR f.claim_disallowed
	   OR EXISTS (SELECT 1 FROM medins.policy_exclusion WHERE scheme_code = f.scheme_code
				   AND injury_cause = f.injury_cause) THEN
		status := 'refused';
		personal_pay := s.total - s.disallowed;
		RETURN;
	END IF;
	in_scope := s.total - s.disallowed - s.out_of_scope - s.over_standard
				- COALESCE(round(s.class_b * p.class_b_first_share, 2), s.first_share);
	IF f.claim_kind = 'inpatient' THEN
		ordinal := acc_admissions + 1;
	END IF;
	SELECT * INTO d FROM medins.policy_deductible
	 WHERE scheme_code = f.scheme_code AND claim_kind::text = f.claim_kind
	   AND (referral IS NULL OR referral::text = f.referral)
	   AND (hospital_level IS NULL OR hospital_level = f.hospital_level)
	   AND valid_from <= f.settle_date AND (valid_to IS NULL OR valid_to >= f.settle_date)
	 ORDER BY (referral IS NOT NULL) DESC, (hospital_level IS NOT NULL) DESC LIMIT 1;
	IF FOUND THEN
		ded := d.amount;
		IF d.repeat_mode = 'amount' THEN
			ded := greatest(d.amount - d.repeat_step * (ordinal - 1), d.repeat_floor);
		END IF;
		IF d.per_year THEN
			ded := greatest(ded - acc_deductible, 0);
		END IF;
		deductible := least(ded, in_scope);
	END IF;
	SELECT * INTO r FROM medins.policy_ratio
	 WHERE scheme_code = f.scheme_code AND claim_kind::text = f.claim_kind
	   AND (population_group IS NULL OR population_group = f.population_group)
	   AND (referral IS NULL OR referral::text = f.referral)
	   AND (hospital_level IS NULL OR hospital_level = f.hospital_level)
	   AND (hospital_grade IS NULL OR hospital_grade = f.hospital_grade)
	   AND valid_from <= f.settle_date AND (valid_to IS NULL OR valid_to >= f.settle_date)
	 ORDER BY (referral IS NOT NULL) DESC, (population_group IS NOT NULL) DESC,
			  (hospital_level IS NOT NULL) DESC, (hospital_grade IS NOT NULL) DESC LIMIT 1;
	IF FOUND THEN
		ratio := r.ratio;
		IF p.contribution_bonus > 0 THEN
			ratio := least(ratio + p.contribution_bonus * f.contribution_years,
						   greatest(ratio, p.contribution_bonus_cap));
		END IF;
		pay := round((in_scope - deductible) * ratio, 2);
		SELECT amount INTO ceiling FROM medins.policy_ceiling
		 WHERE scheme_code = f.scheme_code AND pool = 'basic' AND basis = 'fund_pay';
		room := greatest(ceiling - acc_fund_paid, 0);
		IF pay > room THEN
			over := (in_scope - deductible) - trunc(room / ratio, 2);
			pay := room;
		END IF;
		basic_fund := pay;
	END IF;
	IF over > 0 THEN
		SELECT * INTO sup FROM medins.policy_layer
		 WHERE scheme_code = f.scheme_code AND base = 'over_ceiling' ORDER BY layer_order LIMIT 1;
		IF FOUND THEN
			layer_fund := round(over * sup.ratio, 2);
		END IF;
	END IF;
	personal_pay := s.total - s.disallowed - basic_fund - layer_fund;
END
$$;
