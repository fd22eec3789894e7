-- Audit findings (智能审核疑点) by rule, with the money they disallow
\echo 'Findings by rule (审核规则): claims, items, money not paid by the fund, confirmed'
SELECT r.rule_code AS rule, r.name_zh AS 规则, r.rule_kind AS kind,
	   count(*) AS findings,
	   count(*) FILTER (WHERE f.item_no IS NULL) AS whole_claims,
	   sum(f.disallowed_amount) FILTER (WHERE f.disallows) AS disallowed,
	   count(*) FILTER (WHERE f.status = 'confirmed') AS confirmed
  FROM medins.audit_finding AS f
  JOIN medins.audit_rule AS r USING (rule_code)
 GROUP BY r.rule_code, r.name_zh, r.rule_kind
 ORDER BY r.rule_code;

\echo 'Findings by claim kind: share of claims with a finding'
SELECT c.claim_kind AS kind, count(*) AS claims,
	   count(*) FILTER (WHERE EXISTS (SELECT FROM medins.audit_finding AS f
									   WHERE f.person_id = c.person_id AND f.claim_id = c.claim_id
										 AND f.claim_date = c.claim_date)) AS with_finding,
	   round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT FROM medins.audit_finding AS f
									   WHERE f.person_id = c.person_id AND f.claim_id = c.claim_id
										 AND f.claim_date = c.claim_date)) / count(*), 1) AS pct
  FROM medins.claim AS c
 GROUP BY 1 ORDER BY 1;

\echo 'Five findings with their evidence (依据)'
SELECT f.claim_id AS claim, f.item_no AS item, f.rule_code AS rule, f.physician_code AS physician,
	   f.disallowed_amount AS disallowed, f.evidence
  FROM medins.audit_finding AS f
 WHERE f.rule_code IN ('ALL_CLASS_SWAP', 'ALL_OVER_PRICE', 'ALL_SPLIT_STAY', 'D_LATE_REG', 'ALL_BED_HOLD')
 ORDER BY f.rule_code, f.claim_id, f.item_no
 LIMIT 5;

\echo 'An appeal (申诉): the first class-swap finding is dismissed; its money is payable again and its points reversed'
SELECT f.person_id, f.claim_id, f.item_no, f.physician_code,
	   (SELECT p.points FROM medins.physician_points AS p
		 WHERE p.physician_code = f.physician_code AND p.points_year = extract(year FROM f.claim_date)) AS points_before,
	   medins.decide_finding(f.person_id, f.finding_id, 'dismissed', 'demo appeal board', '申诉成功: 目录对照错误') > 0 AS dismissed
  FROM medins.audit_finding AS f
 WHERE f.rule_code = 'ALL_CLASS_SWAP'
 ORDER BY f.finding_id LIMIT 1 \gset appeal_
SELECT f.status, d.disallowed_amount AS still_disallowed, :appeal_points_before AS points_before,
	   p.points AS points_after
  FROM medins.audit_finding AS f
  LEFT JOIN medins.disallowed_item AS d USING (person_id, claim_id, claim_date, item_no)
  LEFT JOIN medins.physician_points AS p ON p.physician_code = f.physician_code
										AND p.points_year = extract(year FROM f.claim_date)
 WHERE f.person_id = :appeal_person_id AND f.claim_id = :appeal_claim_id AND f.item_no = :appeal_item_no
   AND f.rule_code = 'ALL_CLASS_SWAP';
