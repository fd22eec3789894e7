-- pgTAP: the canonical schema's tables, keys and constraints.
BEGIN;
SELECT plan(12);

SELECT has_schema('medins');
SELECT is(ARRAY(SELECT t FROM unnest(ARRAY[
	'region', 'scheme', 'population_group', 'assistance_status', 'injury_cause',
	'person', 'person_contribution', 'institution', 'department', 'physician',
	'catalogue_item', 'claim', 'claim_item', 'claim_default', 'claim_item_default',
	'audit_finding']) AS t
	WHERE to_regclass('medins.' || t) IS NULL), '{}'::text[],
	'the foundation tables exist (the parts add their own)');
SELECT col_is_pk('medins', 'claim', ARRAY['person_id', 'claim_id', 'claim_date'],
	'claims are keyed by the insured person first (co-location)');
SELECT col_is_pk('medins', 'claim_item', ARRAY['person_id', 'claim_id', 'claim_date', 'item_no'],
	'items are keyed by the insured person first (co-location)');
SELECT is((SELECT relkind::text FROM pg_class WHERE oid = 'medins.claim'::regclass), 'p',
	'claim is a partitioned table');
SELECT is((SELECT relkind::text FROM pg_class WHERE oid = 'medins.claim_item'::regclass), 'p',
	'claim_item is a partitioned table');
SELECT is((SELECT confrelid::regclass::text FROM pg_constraint
			WHERE conname = 'claim_item_claim_fk' AND conrelid = 'medins.claim_item'::regclass),
		  'medins.claim', 'items reference their claim through the partitioned parent');
SELECT ok(medins.id_number_is_valid('11010519491231002X'), 'a valid 身份证号 passes its check character');
SELECT ok(NOT medins.id_number_is_valid('110105194912310021'), 'a wrong check character fails');
SELECT ok(NOT medins.id_number_is_valid('1101051949123100'), 'a short number fails');
SELECT volatility_is('medins', 'id_number_is_valid', ARRAY['text'], 'immutable');
SELECT is(medins.create_month_partitions('2031-01-15', '2031-02-01'), 4,
	'two months make four partitions');

SELECT * FROM finish();
ROLLBACK;
