#!/usr/bin/env bash
# bench/audit: COPY of claim items with every audit rule enabled, against the
# same COPY with medins' audit triggers disabled, in one run on one server.
#   ITEMS   item lines to COPY (default 100000; the recorded figure uses 1000000)
#   ROUNDS  timed rounds of each (default 2; the fastest of each counts)
# Prints both times and their ratio.  Starts and removes its own server.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
items=${ITEMS:-100000}
rounds=${ROUNDS:-2}
claims=$(( items / 10 ))
medins_build_install
trap medins_pg_stop EXIT
medins_pg_start
itemfile=$MEDINS_PGTMP/items.csv
psql -X -q -d postgres -c 'CREATE DATABASE medins_bench'
psql -X -q -d medins_bench -v claims="$claims" -v items="$items" -v itemfile="$itemfile" \
	-f bench/audit/setup.sql >/dev/null
[ "$(id -u)" -eq 0 ] && chown postgres: "$itemfile"

# One timed COPY into empty item tables; $1 = enable|disable the audit triggers.
copy_once() {
	psql -X -q -At -d medins_bench <<SQL | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
SET client_min_messages = warning;
TRUNCATE medins.claim_item, medins.audit_finding, medins.physician_violation,
		 medins.physician_points, medins.physician_sanction CASCADE;
ALTER TABLE medins.claim_item ${1} TRIGGER audit_item_insert;
INSERT INTO medins.physician_violation (physician_code, violation_code, points, violation_date, decided_on)
SELECT 'BD' || n, 'bed_holding', 4, '2025-03-01', '2025-03-01' FROM generate_series(0, 9) AS n;
CHECKPOINT;
\timing on
COPY medins.claim_item FROM '$itemfile' WITH (FORMAT csv);
\timing off
SQL
}

best_off=; best_on=
for r in $(seq "$rounds"); do
	off=$(copy_once disable)
	on=$(copy_once enable)
	echo "round $r: triggers disabled ${off} ms, every rule enabled ${on} ms"
	best_off=$(echo "${best_off:-$off} $off" | awk '{print ($1 < $2) ? $1 : $2}')
	best_on=$(echo "${best_on:-$on} $on" | awk '{print ($1 < $2) ? $1 : $2}')
done
findings=$(psql -X -q -At -d medins_bench -c 'SELECT count(*) FROM medins.audit_finding')
echo "items=$items claims=$claims findings(last run)=$findings"
awk -v off="$best_off" -v on="$best_on" \
	'BEGIN { printf "COPY %d ms without audit triggers, %d ms with every rule: ratio %.2f\n", off, on, on / off }'
