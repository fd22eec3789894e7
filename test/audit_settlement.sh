#!/usr/bin/env bash
# TAP: disallowed money never reaches the fund, and a finding dismissed on
# appeal (申诉) makes it payable again when the claim is re-settled (reversal
# 冲正, then a new settlement).  Runs in a database of its own with the
# sample policies, so the settlement tests' sequences are left alone.
set -u
cd "$(dirname "$0")/.." || exit 1
db=medins_audit_settlement
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
n=1
is() { # got expected description
	if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3 (got '$1', expected '$2')"; fi
	n=$((n + 1))
}
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT

echo "1..7"
{
	q -c 'CREATE EXTENSION medins' && q -f data/sample_policies.sql && q <<'SQL'
INSERT INTO medins.institution (institution_code, name_zh, kind, level, grade, region_code)
VALUES ('AS-RA-2', '甲市二级医院', 'hospital', 2, 'A', 'RA');
INSERT INTO medins.department VALUES ('AS-RA-2', 'IM', '内科');
INSERT INTO medins.physician (physician_code, name_zh, title, institution_code, department_code, registered_on)
VALUES ('AS-DOC', '审核测试医师', 'attending', 'AS-RA-2', 'IM', DATE '2010-01-01');
INSERT INTO medins.person (person_id, id_number, name_zh, sex, birth_date, insurance_kind, region_code,
						   population_group, enrolled_on)
VALUES (9301, '110105198001010059', '申诉人', 'M', DATE '1980-01-01', 'resident', 'RA', 'adult', DATE '2010-01-01');
INSERT INTO medins.person_contribution (person_id, period_start, period_end, paid_on, personal_amount)
VALUES (9301, DATE '2025-01-01', DATE '2025-12-31', DATE '2024-12-10', 255);
INSERT INTO medins.catalogue_item (item_code, catalogue, name_zh, item_class, first_share_ratio) VALUES
	('AS-A', 'treatment', '甲类诊疗项目', 'A', 0),
	('AS-B', 'drug', '乙类药品', 'B', 0.10);
INSERT INTO medins.audit_rule (rule_code, rule_kind, name_zh, violation_code)
VALUES ('AS_SWAP', 'class_swap', '串换: 乙类按甲类收费', 'class_billed_as_a');
INSERT INTO medins.claim (claim_id, person_id, claim_date, claim_kind, institution_code, department_code,
						  physician_code, discharge_date, principal_diagnosis)
VALUES (9301, 9301, DATE '2025-04-01', 'inpatient', 'AS-RA-2', 'IM', 'AS-DOC', DATE '2025-04-08', 'J18.900');
INSERT INTO medins.claim_item (person_id, claim_id, claim_date, item_no, item_code, item_class, quantity,
							   unit_price, amount, service_date) VALUES
	(9301, 9301, DATE '2025-04-01', 1, 'AS-A', 'A', 1, 5000, 5000.00, DATE '2025-04-02'),
	(9301, 9301, DATE '2025-04-01', 2, 'AS-B', 'A', 1, 1000, 1000.00, DATE '2025-04-02');
SQL
} >/dev/null || { echo "not ok 1 - set-up"; exit 1; }

is "$(q -c "SELECT item_no || ':' || disallowed_amount FROM medins.disallowed_item WHERE person_id = 9301")" \
	"2:1000.00" "the swapped item (乙 billed as 甲) is disallowed"
first=$(q -c "SELECT disallowed || '/' || fund_total FROM medins.settle(9301)")
is "${first%/*}" "1000.00" "the first settlement withholds it"
q -c "SELECT medins.decide_finding(9301, finding_id, 'dismissed', 'appeal board', '申诉成功', DATE '2025-06-01')
		FROM medins.audit_finding WHERE person_id = 9301" >/dev/null
is "$(q -c "SELECT status FROM medins.audit_finding WHERE person_id = 9301")" "dismissed" "the appeal dismisses the finding"
is "$(q -c "SELECT count(*) FROM medins.disallowed_item WHERE person_id = 9301")" "0" "nothing is disallowed any more"
q -c "SELECT medins.reverse_settlement(9301)" >/dev/null
second=$(q -c "SELECT disallowed || '/' || fund_total FROM medins.settle(9301)")
is "${second%/*}" "0.00" "the re-settlement withholds nothing"
is "$(q -c "SELECT ${second#*/} > ${first#*/}")" "t" "and the fund pays more (${first#*/} -> ${second#*/})"
is "$(q -c "SELECT string_agg(entry_kind || ' ' || generation, ', ' ORDER BY settlement_id)
			  FROM medins.settlement WHERE person_id = 9301")" "settle 1, reverse 1, settle 2" \
	"the settlements are kept: settled, reversed, settled again"
