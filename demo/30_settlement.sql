-- Settlement (结算) of every generated claim, and a summary of the split
\set ON_ERROR_STOP on
SET client_min_messages = notice;
\timing on
CALL medins.settle_pending(5000);
\timing off
SET client_min_messages = warning;

\echo 'Claims by outcome (结算结果):'
SELECT s.scheme_code, s.status, COALESCE(s.reason, '') AS reason, count(*) AS claims,
	   sum(s.total) AS total, sum(s.basic_fund) AS basic_fund, sum(s.layer_fund) AS layers,
	   sum(s.personal_pay) AS personal, sum(s.institution_borne) AS institution
  FROM medins.current_settlement AS s
 GROUP BY 1, 2, 3
 UNION ALL
SELECT 'all', '', '', count(*), sum(s.total), sum(s.basic_fund), sum(s.layer_fund),
	   sum(s.personal_pay), sum(s.institution_borne)
  FROM medins.current_settlement AS s
 ORDER BY 1, 2, 3;

\echo 'Fund share of the paid claims by scheme and claim kind (基金支付比例):'
SELECT s.scheme_code, c.claim_kind, count(*) AS claims, sum(s.total) AS total,
	   sum(s.fund_total) AS fund, round(100 * sum(s.fund_total) / NULLIF(sum(s.total), 0), 1) AS fund_pct
  FROM medins.current_settlement AS s
  JOIN medins.claim AS c ON c.person_id = s.person_id AND c.claim_id = s.claim_id AND c.claim_date = s.claim_date
 WHERE s.status = 'paid'
 GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'Layers after the basic fund (大额/补充, 大病保险, 医疗救助, 公务员医疗补助):'
SELECT s.scheme_code, l.step AS layer, count(*) AS claims, sum(l.amount) AS paid
  FROM medins.current_settlement AS s
  JOIN medins.settlement_line AS l ON l.person_id = s.person_id AND l.settlement_id = s.settlement_id
 WHERE l.step IN ('supplementary', 'catastrophic', 'assistance', 'civil_servant') AND l.amount > 0
 GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'The trail of one settled inpatient claim (how each figure came about):'
SELECT l.line_no, l.step, l.rule_id, l.base, l.ratio, l.amount, l.payer, l.note
  FROM (SELECT s.person_id, s.settlement_id FROM medins.current_settlement AS s
		 WHERE s.status = 'paid' AND s.admission_ordinal = 2 AND s.first_share > 0
		 ORDER BY s.claim_id LIMIT 1) AS one
  JOIN medins.settlement_line AS l USING (person_id, settlement_id)
 ORDER BY l.line_no;

\echo 'Invariant: accumulators that differ from the sum of their settlements (none expected):'
SELECT count(*) AS mismatches FROM medins.check_accumulators();
