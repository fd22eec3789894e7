-- pgTAP: the audit part's objects, their volatility and parallel safety,
-- its triggers' kinds, and the errors bad rules and misuse get.
BEGIN;
SELECT plan(26);

SELECT has_table('medins', t, 'table ' || t) FROM unnest(ARRAY[
	'audit_rule_kind', 'audit_rule', 'audit_code_pair', 'audit_decision', 'physician_violation_kind',
	'physician_violation', 'physician_points', 'points_band', 'physician_sanction',
	'escalation_threshold', 'agreement', 'agreement_event', 'agreement_policy', 'agreement_ban_rule']) AS t;

SELECT volatility_is('medins', 'physician_status', ARRAY['text', 'date'], 'stable');
SELECT volatility_is('medins', 'physician_is_suspended', ARRAY['text', 'date'], 'stable');
SELECT volatility_is('medins', 'institution_is_suspended', ARRAY['text', 'date'], 'stable');
SELECT volatility_is('medins', 'agreement_state_on', ARRAY['text', 'date'], 'stable');
SELECT volatility_is('medins', 'audit_claims', ARRAY['date', 'date'], 'volatile');
SELECT is((SELECT proparallel::text FROM pg_proc WHERE oid = 'medins.physician_is_suspended(text, date)'::regprocedure),
		  's', 'physician_is_suspended is parallel safe');

SELECT ok((SELECT bool_and(tgtype & 1 = 0 AND tgnewtable IS NOT NULL)	-- statement level, NEW TABLE
			 FROM pg_trigger WHERE tgname IN ('audit_claim_insert', 'audit_claim_update',
											  'audit_item_insert', 'audit_item_update')),
		  'claim and item triggers are statement-level with transition tables');
SELECT is((SELECT count(*)::integer FROM medins.audit_rule_kind
			WHERE NOT medins.audit_rule_kind_is_implemented(rule_kind)), 0,
		  'every catalogued rule kind is implemented');

SELECT throws_ok(format('INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, params) VALUES (%L, %L, %L, %L)',
						'TAP_BAD', 'stay_length', 'x', p), '22023', NULL, 'bad parameters: ' || p)
  FROM unnest(ARRAY['{"max_day": 1}', '{"max_days": "1"}', '{"max_days": true}']) AS p;
SELECT throws_ok('SELECT medins.audit_claims(DATE ''2025-02-01'', DATE ''2025-01-01'')', '22023', NULL,
				 'a reversed range is refused');

SELECT * FROM finish();
ROLLBACK;
