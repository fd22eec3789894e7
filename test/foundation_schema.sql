-- pgTAP: the canonical schema's tables, keys and constraints.
BEGIN;
SELECT plan(14);

SELECT has_schema('medins');
SELECT ok(bool_and(to_regclass('medins.' || t) IS NOT NULL), 'the foundation tables exist')
  FROM unnest(ARRAY['region', 'scheme', 'population_group', 'assistance_status', 'injury_cause',
					'person', 'person_contribution', 'institution', 'department', 'physician',
					'catalogue_item', 'claim', 'claim_item', 'claim_default', 'claim_item_default',
					'partition_index', 'audit_finding']) AS t;
SELECT col_is_pk('medins', 'claim_default', ARRAY['person_id', 'claim_id', 'claim_date'],
	'claims are keyed by the insured person first (co-location)');
SELECT col_is_pk('medins', 'claim_item_default', ARRAY['person_id', 'claim_id', 'claim_date', 'item_no'],
	'items are keyed by the insured person first (co-location)');
SELECT is((SELECT relkind::text FROM pg_class WHERE oid = 'medins.claim'::regclass), 'p',
	'claim is a partitioned table');
SELECT is((SELECT relkind::text FROM pg_class WHERE oid = 'medins.claim_item'::regclass), 'p',
	'claim_item is a partitioned table');
SELECT has_trigger('medins', 'claim_item', 'claim_item_references_insert',
	'items are checked against their claim once per statement');
SELECT ok(medins.id_number_is_valid('11010519491231002X'), 'a valid 身份证号 passes its check character');
SELECT ok(NOT medins.id_number_is_valid('110105194912310021'), 'a wrong check character fails');
SELECT ok(NOT medins.id_number_is_valid('1101051949123100'), 'a short number fails');
SELECT volatility_is('medins', 'id_number_is_valid', ARRAY['text'], 'immutable');
SELECT is(medins.create_month_partitions('2031-01-15', '2031-02-01'), 4,
	'two months make four partitions');
SELECT col_is_pk('medins', 'claim_item_203102', ARRAY['person_id', 'claim_id', 'claim_date', 'item_no'],
	'a new partition gets its primary key from partition_index');
SELECT has_index('medins', 'claim_203101', 'claim_203101_claim_id_idx', ARRAY['claim_id'],
	'a new partition gets its indexes from partition_index');

SELECT * FROM finish();
ROLLBACK;
