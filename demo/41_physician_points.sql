-- Insurance physicians with penalty points (医保医师记分) and their status
\echo 'Physicians with the most points in 2025 (of 12 a year) and their status on 2025-12-31'
SELECT p.physician_code AS physician, ph.name_zh AS 医师, ph.institution_code AS institution,
	   p.points, medins.physician_status(p.physician_code, DATE '2025-12-31') AS status_20251231,
	   (SELECT string_agg(s.band_code || ' ' || s.starts_on || '..' || s.ends_on, '; ' ORDER BY s.starts_on)
		  FROM medins.physician_sanction AS s
		 WHERE s.physician_code = p.physician_code AND s.points_year = p.points_year) AS sanctions
  FROM medins.physician_points AS p
  JOIN medins.physician AS ph USING (physician_code)
 WHERE p.points_year = 2025 AND p.points > 0
 ORDER BY p.points DESC, p.physician_code
 LIMIT 10;

\echo 'Physicians by points band in 2025'
SELECT CASE WHEN points >= 12 THEN '12+' WHEN points >= 6 THEN '6-11' WHEN points >= 4 THEN '4-5'
			WHEN points >= 2 THEN '2-3' ELSE '0-1' END AS points, count(*) AS physicians
  FROM medins.physician_points WHERE points_year = 2025
 GROUP BY 1 ORDER BY 1;

\echo 'Sanctions in force on 2025-12-01 (暂停/终止医保服务资格)'
SELECT consequence, count(*) AS physicians
  FROM medins.physician_sanction
 WHERE starts_on <= DATE '2025-12-01' AND ends_on > DATE '2025-12-01'
 GROUP BY 1 ORDER BY 1;

\echo 'Departments and institutions where too many physicians lost status on 2025-12-01 (30%, 50% for 5 or fewer)'
SELECT * FROM medins.sanction_escalation(DATE '2025-12-01') LIMIT 10;

\echo 'Agreements (医保协议) of County D on 2025-12-01'
SELECT a.institution_code AS institution, medins.agreement_state_on(a.institution_code, DATE '2025-12-01') AS state,
	   medins.institution_is_suspended(a.institution_code, DATE '2025-12-01') AS not_settled
  FROM medins.agreement AS a
 ORDER BY 2 DESC, 1
 LIMIT 5;
