-- Lifecycle: DROP EXTENSION medins CASCADE leaves nothing behind, and the
-- upgrade chain from 1.0 runs.  Runs last (zz_), and leaves the extension
-- installed again at its default version.

-- A user table that uses a medins type, and a partition made after
-- CREATE EXTENSION (so not an extension member): CASCADE must take both.
CREATE TABLE public.user_visit (visit_id integer, kind medins.claim_kind);
SELECT medins.create_month_partitions('2030-01-01', '2030-01-01') AS partitions_created;

DROP EXTENSION medins CASCADE;

SELECT count(*) AS medins_schemas FROM pg_namespace WHERE nspname = 'medins';
SELECT count(*) AS functions_of_the_library FROM pg_proc WHERE probin LIKE '%medins%';
SELECT count(*) AS relations_named_like_medins_tables
  FROM pg_class WHERE relname IN ('claim', 'claim_item', 'claim_203001', 'person', 'audit_finding');
SELECT count(*) AS types_named_like_medins_types
  FROM pg_type WHERE typname IN ('claim_kind', 'item_class', 'insurance_kind', 'icd10', 'icd10_set');
\d public.user_visit
DROP TABLE public.user_visit;

-- The upgrade chain: install the first release, update to the newest.
CREATE EXTENSION medins VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'medins';
SELECT source, target, path FROM pg_extension_update_paths('medins') WHERE source = '1.0' ORDER BY target;
ALTER EXTENSION medins UPDATE TO '1.1';
SELECT extversion FROM pg_extension WHERE extname = 'medins';
-- The updated extension works.
SELECT medins.id_number_is_valid('11010519491231002X') AS works_after_update;

-- Back to the default version for whatever runs after.
DROP EXTENSION medins;
CREATE EXTENSION medins;
SELECT extversion FROM pg_extension WHERE extname = 'medins';
