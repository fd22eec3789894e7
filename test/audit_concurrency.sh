#!/usr/bin/env bash
# TAP: concurrent violations of one physician keep one consistent year total,
# and each points band is crossed (and sanctioned) exactly once.  Several
# sessions insert at the same time and hold their transactions open so that
# they overlap; run by scripts/test.sh with PGHOST/PGPORT/PGUSER set.
set -u
db=medins_audit_concurrency
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
export PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT

echo "1..8"
q >/dev/null <<'SQL' || { echo "not ok 1 - set-up"; exit 1; }
CREATE EXTENSION medins;
INSERT INTO medins.region (region_code, name_zh) VALUES ('CC', '并发测试市');
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
VALUES ('CC_H', '并发医院', 'hospital', 2, 'A', 'CC');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, registered_on) VALUES
	('CC_D', '并发医生', 'attending', 'CC_H', DATE '2020-01-01'),
	('CC_E', '并发医生二', 'attending', 'CC_H', DATE '2020-01-01');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
SELECT 100 + n, '11010519491231002X', '甲', 'M', DATE '1949-12-31', 'resident', 'CC', 'elderly', DATE '2010-01-01'
  FROM generate_series(1, 1) AS n;
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio)
VALUES ('CC_DRUG_B', 'drug', '乙类药', 'B', 0.1);
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, violation_code, points, auto_confirm)
VALUES ('CC_SWAP', 'class_swap', '串换', 'class_billed_as_a', 4, true);
SQL

# Six sessions, 2 points each, overlapping: 12 in all.
for i in 1 2 3 4 5 6; do
	q -c "BEGIN;
		  INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
		  VALUES ('CC_D', 'poor_records', 2, '2025-03-0$i', '2025-03-0$i');
		  SELECT pg_sleep(0.3);
		  COMMIT;" >/dev/null &
done
wait
total=$(q -c "SELECT points FROM medins.physician_points WHERE physician_code = 'CC_D' AND points_year = 2025")
[ "$total" = 12 ] && echo "ok 1 - six concurrent 2-point violations make 12" ||
	echo "not ok 1 - six concurrent 2-point violations make 12 (got '$total')"
bands=$(q -c "SELECT string_agg(band_code || ':' || points_total, ',' ORDER BY points_total)
				FROM medins.physician_sanction WHERE physician_code = 'CC_D'")
[ "$bands" = "warn_2:2,suspend_4:4,suspend_6:6,stop_12:12" ] &&
	echo "ok 2 - each band crossed once, at its own total" ||
	echo "not ok 2 - each band crossed once, at its own total (got '$bands')"

# Three sessions load claims whose swapped items are confirmed automatically (4 points each).
for i in 1 2 3; do
	q -c "BEGIN;
		  INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
									principal_diagnosis)
		  VALUES ($i, 101, '2025-04-0$i', 'outpatient', 'CC_H', 'CC_E', 'J06.9');
		  INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class,
										 quantity, unit_price, amount, service_date)
		  VALUES (101, $i, '2025-04-0$i', 1, 'CC_DRUG_B', 'A', 1, 10, 10.00, '2025-04-0$i');
		  SELECT pg_sleep(0.3);
		  COMMIT;" >/dev/null &
done
wait
total=$(q -c "SELECT points FROM medins.physician_points WHERE physician_code = 'CC_E'")
[ "$total" = 12 ] && echo "ok 3 - three concurrent claims with automatic 4-point findings make 12" ||
	echo "not ok 3 - three concurrent claims with automatic 4-point findings make 12 (got '$total')"
bands=$(q -c "SELECT string_agg(band_code || ':' || points_total, ',' ORDER BY points_total)
				FROM medins.physician_sanction WHERE physician_code = 'CC_E'")
[ "$bands" = "suspend_4:4,suspend_6:8,stop_12:12" ] &&
	echo "ok 4 - 4, 8 and 12 each cross their band once" ||
	echo "not ok 4 - 4, 8 and 12 each cross their band once (got '$bands')"
findings=$(q -c "SELECT count(*) FROM medins.audit_finding WHERE physician_code = 'CC_E' AND status = 'confirmed'")
[ "$findings" = 3 ] && echo "ok 5 - three confirmed findings" ||
	echo "not ok 5 - three confirmed findings (got '$findings')"

# A claim insert that rolls back leaves no finding, violation or point behind.
q -c "BEGIN;
	  INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, physician_code,
								principal_diagnosis)
	  VALUES (9, 101, '2025-05-01', 'outpatient', 'CC_H', 'CC_E', 'J06.9');
	  INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class,
									 quantity, unit_price, amount, service_date)
	  VALUES (101, 9, '2025-05-01', 1, 'CC_DRUG_B', 'A', 1, 10, 10.00, '2025-05-01');
	  ROLLBACK;" >/dev/null
left=$(q -c "SELECT (SELECT count(*) FROM medins.audit_finding WHERE claim_id = 9)
				  + (SELECT count(*) FROM medins.physician_violation WHERE violation_date = '2025-05-01')
				  || '/' || (SELECT points FROM medins.physician_points WHERE physician_code = 'CC_E')")
[ "$left" = "0/12" ] && echo "ok 6 - a rolled-back claim leaves no finding, violation or point" ||
	echo "not ok 6 - a rolled-back claim leaves no finding, violation or point (got '$left')"

# A rule cannot be deleted under a finding another transaction is adding: the finding's
# statement locks the rule (FOR KEY SHARE), the delete waits for that transaction and then
# sees its finding — also when the deleting transaction's snapshot is older (REPEATABLE READ).
for isolation in "READ COMMITTED" "REPEATABLE READ"; do
	q -c "INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, enabled)
		  VALUES ('CC_GONE', 'class_swap', '将删除', false)" >/dev/null
	q -c "BEGIN;
		  INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, rule_code)
		  VALUES (101, 1, '2025-04-01', 'CC_GONE');
		  SELECT pg_sleep(2);
		  COMMIT;" >/dev/null &
	deleted=$(q -c "BEGIN ISOLATION LEVEL $isolation;
					SELECT count(*) FROM medins.audit_rule;
					SELECT pg_sleep(0.8);
					DELETE FROM medins.audit_rule WHERE rule_code = 'CC_GONE';
					COMMIT;" 2>&1)
	wait
	left=$(q -c "SELECT (SELECT count(*) FROM medins.audit_rule WHERE rule_code = 'CC_GONE')
					  || '/' || (SELECT count(*) FROM medins.audit_finding WHERE rule_code = 'CC_GONE')")
	n=$([ "$isolation" = "READ COMMITTED" ] && echo 7 || echo 8)
	case "$deleted" in
	*"violates foreign key constraint \"audit_finding_rule_fk\""*)
		[ "$left" = "1/1" ] && echo "ok $n - a rule a concurrent finding names is not deleted ($isolation)" ||
			echo "not ok $n - a rule a concurrent finding names is not deleted ($isolation: left '$left')";;
	*) echo "not ok $n - a rule a concurrent finding names is not deleted ($isolation: got '$deleted', left '$left')";;
	esac
	q -c "DELETE FROM medins.audit_finding WHERE rule_code = 'CC_GONE';
		  DELETE FROM medins.audit_rule WHERE rule_code = 'CC_GONE'" >/dev/null
done
