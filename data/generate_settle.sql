-- data/generate_settle.sql — settlement's extra sample data, run by the demo
-- after data/generate.sql (same :seed):
--   特殊病种准入 special-disease approvals: 9 in 10 of the persons who have
--   a special-disease outpatient claim whose diagnosis is on a special-disease
--   list of their scheme are approved for that disease from 2024-01-01 (the
--   tenth is left unapproved, so the demo shows refusals too).
\set ON_ERROR_STOP on
\if :{?seed}
\else
\set seed 42
\endif
SET client_min_messages = warning;

INSERT INTO medins.special_disease_approval (person_id, scheme_code, disease_code, approved_from)
SELECT DISTINCT c.person_id, sd.scheme_code, sd.disease_code, DATE '2024-01-01'
  FROM medins.claim AS c
  JOIN medins.person AS p ON p.person_id = c.person_id
  JOIN medins.scheme AS s ON s.region_code = p.region_code AND s.insurance_kind = p.insurance_kind
  JOIN medins.special_disease AS sd ON sd.scheme_code = s.scheme_code
 WHERE c.claim_kind = 'special_outpatient'
   AND medins.icd10_is_well_formed(c.principal_diagnosis)
   AND c.principal_diagnosis::medins.icd10 OPERATOR(medins.<@) sd.diagnoses
   AND abs(hashint8extended(c.person_id, :seed::bigint * 1000 + 401)) % 10 <> 0;

ANALYZE medins.special_disease_approval;
SELECT count(*) AS special_disease_approvals FROM medins.special_disease_approval;
