-- Institution agreements (医保服务协议): states from append-only events,
-- suspension ending by 180 days, termination on the second suspension in a
-- term, re-application bans.  Runs in one transaction that rolls back.
BEGIN;

CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

INSERT INTO medins.region (region_code, name_zh) VALUES ('AGR', '协议测试市');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code) VALUES
	('AGR_H', '协议医院', 'hospital', 2, 'A', 'AGR'),
	('AGR_F', '欺诈医院', 'hospital', 1, NULL, 'AGR'),
	('AGR_S', '中止医院', 'hospital', 1, NULL, 'AGR'),
	('AGR_N', '无协议记录医院', 'hospital', 1, NULL, 'AGR');
INSERT INTO medins.institution (institution_code, name_zh, kind, region_code) VALUES
	('AGR_P', '甲药店', 'pharmacy', 'AGR'),
	('AGR_P2', '乙药店', 'pharmacy', 'AGR'),
	('AGR_P3', '丙药店', 'pharmacy', 'AGR');

CREATE TEMP VIEW states AS
	SELECT i.institution_code, d::date AS on_date,
		   medins.agreement_state_on(i.institution_code, d::date) AS state,
		   medins.institution_is_suspended(i.institution_code, d::date) AS not_settled
	  FROM medins.institution AS i,
		   unnest(ARRAY['2024-10-31', '2024-11-01', '2024-11-15', '2025-01-01', '2025-02-28', '2025-03-01',
						'2025-04-01', '2025-05-31', '2025-06-01']) AS d;

\echo '== a year''s agreement: applying, evaluating, active, suspended, active again'
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end)
VALUES (9201, 'AGR_H', '2025-01-01', '2025-12-31');
INSERT INTO medins.agreement_event (agreement_id, event, effective_on) VALUES
	(9201, 'apply', '2024-11-01'), (9201, 'evaluate', '2024-11-15'), (9201, 'activate', '2025-01-01'),
	(9201, 'suspend', '2025-03-01'), (9201, 'resume', '2025-04-01');
SELECT on_date, state, not_settled FROM states WHERE institution_code = 'AGR_H' AND on_date < '2025-06-01';

\echo '== the second suspension in the term terminates the agreement (解除)'
INSERT INTO medins.agreement_event (agreement_id, event, effective_on) VALUES (9201, 'suspend', '2025-06-01');
SELECT event, effective_on, reason FROM medins.agreement_event WHERE agreement_id = 9201 ORDER BY event_id;
SELECT on_date, state, not_settled FROM states WHERE institution_code = 'AGR_H' AND on_date >= '2025-05-31';
SELECT agreement_state FROM medins.institution WHERE institution_code = 'AGR_H';
\echo '== before its first event (2024-11-01) the now terminated AGR_H was not suspended; without any event the institution''s agreement_state decides'
SELECT on_date, state, not_settled FROM states WHERE institution_code = 'AGR_H' AND on_date = '2024-10-31';
UPDATE medins.institution SET agreement_state = 'suspended' WHERE institution_code = 'AGR_N';
SELECT medins.institution_is_suspended('AGR_N', '2024-10-31') AS n_without_events,
	   (SELECT suspended FROM medins.institution_suspension('AGR_N', '2024-10-31')) AS n_row_source,
	   (SELECT suspended FROM medins.institution_suspension('AGR_H', '2024-10-31')) AS h_row_source;
UPDATE medins.institution SET agreement_state = 'active' WHERE institution_code = 'AGR_N';
SELECT pg_temp.try($$INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
	VALUES (9201, 'resume', '2025-07-01')$$) AS resume_after_termination;

\echo '== a suspension not resumed within 180 days counts as terminated'
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end)
VALUES (9202, 'AGR_S', '2025-01-01', '2025-12-31');
INSERT INTO medins.agreement_event (agreement_id, event, effective_on) VALUES
	(9202, 'activate', '2025-01-01'), (9202, 'suspend', '2025-01-10');
SELECT d::date AS on_date, medins.agreement_state_on('AGR_S', d::date) AS state
  FROM unnest(ARRAY['2025-07-08', '2025-07-09']) AS d;
SELECT medins.close_expired_suspensions('2025-07-08') AS closed_too_early;
SELECT medins.close_expired_suspensions('2025-12-31') AS closed;
SELECT medins.close_expired_suspensions('2025-12-31') AS closed_again;
SELECT event, effective_on, reason FROM medins.agreement_event WHERE agreement_id = 9202 ORDER BY event_id;

\echo '== re-application bans: 3 years after fraud'
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end) VALUES
	(9203, 'AGR_F', '2025-01-01', '2025-12-31'),
	(9204, 'AGR_F', '2028-03-01', '2029-02-28');
INSERT INTO medins.agreement_event (agreement_id, event, effective_on, reason) VALUES
	(9203, 'activate', '2025-01-01', NULL), (9203, 'terminate', '2025-02-01', 'fraud');
SELECT pg_temp.try($$INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
	VALUES (9204, 'apply', '2028-01-31')$$) AS apply_day_before_ban_ends;
SELECT pg_temp.try($$INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
	VALUES (9204, 'apply', '2028-02-01')$$) AS apply_when_ban_ends;

\echo '== re-application bans: 5 years for the controller of a terminated pharmacy'
INSERT INTO medins.agreement (agreement_id, institution_code, term_start, term_end, controller_id) VALUES
	(9205, 'AGR_P', '2025-01-01', '2025-12-31', '110105198001010059'),
	(9206, 'AGR_P2', '2029-01-01', '2029-12-31', '110105198001010059'),
	(9207, 'AGR_P3', '2029-01-01', '2029-12-31', '110105200001010024');
INSERT INTO medins.agreement_event (agreement_id, event, effective_on, reason) VALUES
	(9205, 'activate', '2025-01-01', NULL), (9205, 'terminate', '2025-03-01', 'serious_breach');
SELECT pg_temp.try($$INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
	VALUES (9206, 'apply', '2029-01-01')$$) AS same_controller;
SELECT pg_temp.try($$INSERT INTO medins.agreement_event (agreement_id, event, effective_on)
	VALUES (9207, 'apply', '2029-01-01')$$) AS other_controller;

\echo '== institutions without agreement events keep their agreement_state column'
UPDATE medins.institution SET agreement_state = 'suspended' WHERE institution_code = 'AGR_N';
SELECT medins.agreement_state_on('AGR_N', '2025-01-01') AS from_events,
	   medins.institution_is_suspended('AGR_N', '2025-01-01') AS not_settled,
	   medins.institution_is_suspended('AGR_NONE', '2025-01-01') AS unknown_institution;

\echo '== events are append-only'
SELECT pg_temp.try($$DELETE FROM medins.agreement_event WHERE agreement_id = 9201$$) AS delete_events;

ROLLBACK;
