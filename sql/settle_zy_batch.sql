-- The batch procedure: settles unsettled claims oldest first in committed
-- batches, and a second call resumes where the first stopped.  (Runs after
-- the other settle_* tests; six more claims make sure there is work.)
SET client_min_messages = warning;
SELECT count(settle_test.claim(910601 + k, 900501, DATE '2023-10-01' + k, 'outpatient', 'T-RA-2', a => 100))
	AS new_claims
  FROM generate_series(0, 5) AS k;
SELECT count(*) AS before FROM medins.settlement \gset
CALL medins.settle_pending(2, 3);
SELECT count(*) - :before AS settled_by_first_call FROM medins.settlement;
CALL medins.settle_pending(2, 3);
SELECT count(*) - :before AS settled_after_resuming FROM medins.settlement;
SELECT count(*) AS claims_settled_twice
  FROM (SELECT person_id, claim_id, part FROM medins.current_settlement GROUP BY 1, 2, 3 HAVING count(*) > 1) AS x;
SELECT count(*) AS accumulator_mismatches FROM medins.check_accumulators();
RESET client_min_messages;
