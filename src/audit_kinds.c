/*-------------------------------------------------------------------------
 *
 * audit_kinds.c
 *	  The audit rule kinds (审核规则类型) medins implements.
 *
 * Each kind is one SELECT over a context CTE named "it" that holds the
 * statement's new rows joined with what every kind needs (claim, person).
 * The SELECT joins the kind's rules in force (IN_FORCE) and yields the
 * found columns: person_id, claim_id, claim_date, item_no (NULL: whole
 * claim), rule_code, physician_code, amount (money the finding would
 * disallow) and evidence (jsonb).  All enabled kinds of a table are run as
 * one INSERT with the branches joined by UNION ALL, so a statement costs one
 * set-based query whatever its size.  Parameters come from the rule row
 * (r.params), which holds the kind's defaults (audit_params.c).  An
 * item kind that compares a row with a rule's parameter first keeps the
 * rows that pass the comparison with the least parameter of the enabled
 * rules (MIN_PARAM), so that only those are joined with the rules.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "audit.h"

/*
 * The rules of one kind in force for a context row.  "applicable" holds,
 * for every distinct scope key of the statement's rows (claim date,
 * region, insurance kind, claim kind), the enabled rules in force for it,
 * so that each branch finds its rules with one hash join.
 */
#define IN_FORCE(kind) \
	" JOIN applicable AS r ON r.rule_kind = '" kind "'" \
	" AND r.scope_date = it.claim_date AND r.scope_region = it.region_code" \
	" AND r.scope_insurance = it.insurance_kind AND r.scope_claim_kind = it.claim_kind"

/*
 * A numeric or boolean parameter of the rule.  Rules hold every parameter
 * that has a default (the row trigger audit_rule_params merges the kind's
 * defaults, written only in medins.audit_rule_kind.parameters), so the
 * queries read them from the rule as they are.
 */
#define NUM_PARAM(name) "(r.params->>'" name "')::numeric"
#define BOOL_PARAM(name) "(r.params->>'" name "')::boolean"

/*
 * The least value of a numeric parameter over the enabled rules of a kind:
 * candidate filters compare with it before any rule is joined (NULL when
 * no enabled rule gives the parameter).
 */
#define MIN_PARAM(kind, name) \
	"(SELECT min((a.params->>'" name "')::numeric) FROM medins.audit_rule AS a" \
	" WHERE a.rule_kind = '" kind "' AND a.enabled)"

/* The columns an item finding starts with. */
#define ITEM_FOUND \
	"SELECT it.person_id, it.claim_id, it.claim_date, it.item_no, r.rule_code," \
	" it.physician_code, "

/* The columns a claim finding starts with (amount 0: item_no NULL disallows the claim). */
#define CLAIM_FOUND \
	"SELECT it.person_id, it.claim_id, it.claim_date, NULL::integer, r.rule_code," \
	" it.physician_code, 0::numeric, "

/* Context of claim kinds: the new claims with their insured person. */
static const char *claim_context =
"WITH it AS MATERIALIZED ("
" SELECT n.person_id, n.claim_id, n.claim_date, n.claim_kind, n.institution_code,"
"        n.physician_code, n.discharge_date, n.principal_diagnosis::text AS principal_diagnosis,"
"        n.secondary_diagnoses::text[] AS secondary_diagnoses,"
"        n.is_emergency, n.admitted_at, n.registered_at, n.presented_id_number,"
"        p.id_number, p.sex, p.birth_date, p.region_code, p.insurance_kind"
"   FROM %s AS n"
"   JOIN medins.person AS p ON p.person_id = n.person_id)";

/*
 * The statement's new item rows (the source), referred to as n; a
 * transition table is read where it is used rather than copied (%s: the
 * CTE's materialisation, then the source).
 */
static const char *item_source = "WITH n AS %s(SELECT * FROM %s AS src)";

/*
 * Candidates: the new items (the first %s: n, or the rows audit_item_pass
 * kept) any enabled row-by-row kind could find, by the kinds'
 * parameter-free filters (the second %s), with their catalogue entry; then the
 * candidates with their claim, insured person and institution (it).  Most
 * rows of a bulk load are no candidates and are never joined further.
 */
static const char *item_candidates =
", cand AS MATERIALIZED ("
" SELECT n.person_id, n.claim_id, n.claim_date, n.item_no, n.item_code, n.item_class,"
"        n.quantity, n.unit_price, n.amount, n.service_date, n.days_supply, n.is_discharge_drug,"
"        n.prescribing_physician,"
"        ci.catalogue, ci.payment_standard, ci.item_class AS catalogue_class, ci.max_quantity_per_day,"
"        ci.max_days_supply, ci.min_hospital_level, ci.restricted_sex, ci.min_age, ci.max_age,"
"        ci.indication_codes"
"   FROM %s AS n JOIN medins.catalogue_item AS ci ON ci.item_code = n.item_code"
"  WHERE %s)"
", it AS MATERIALIZED ("
" SELECT cand.*, coalesce(cand.prescribing_physician, c.claim_physician) AS physician_code,"
"        c.claim_physician, c.claim_kind, c.is_emergency, c.institution_code, c.discharge_date,"
"        c.sex, c.birth_date, c.region_code, c.insurance_kind, c.hospital_level,"
"        c.principal_diagnosis, c.secondary_diagnoses"
"   FROM cand"
"   JOIN claims AS c ON c.person_id = cand.person_id AND c.claim_id = cand.claim_id"
"        AND c.claim_date = cand.claim_date)";

/*
 * The claims of the statement's items with their scope, person and
 * institution; the first %s is one of the two sources of the claims' line
 * counts, the others the claim dates of the same source.  The range of the
 * claim dates lets the executor skip the partitions of medins.claim
 * outside it (the join is by hash: without it every partition is read).
 */
static const char *item_claims =
", claims AS MATERIALIZED ("
" SELECT c.person_id, c.claim_id, c.claim_date, c.claim_kind, c.physician_code AS claim_physician,"
"        c.is_emergency, c.institution_code, c.discharge_date, ins.level AS hospital_level,"
"        p.sex, p.birth_date, p.region_code, p.insurance_kind, s.lines, s.treatment_days,"
"        c.principal_diagnosis, c.secondary_diagnoses"
"   FROM %s"
"   JOIN medins.claim AS c ON c.person_id = s.person_id AND c.claim_id = s.claim_id"
"        AND c.claim_date = s.claim_date"
"   JOIN medins.person AS p ON p.person_id = s.person_id"
"   JOIN medins.institution AS ins ON ins.institution_code = c.institution_code"
"  WHERE c.claim_date BETWEEN (SELECT min(d.claim_date) FROM %s) AND (SELECT max(d.claim_date) FROM %s))";

/*
 * The statement's claims with their lines, counted in SQL or by
 * audit_item_pass; the pass also counts their treatment days (days with an
 * item outside the facility catalogue), which bed_holding takes for the
 * claims without earlier items.
 */
static const char *claim_lines =
"(SELECT person_id, claim_id, claim_date, count(*) AS lines, NULL::bigint AS treatment_days"
"   FROM n GROUP BY 1, 2, 3) AS s";
static const char *claim_lines_counted =
"unnest($1::bigint[], $2::bigint[], $3::date[], $4::bigint[], $10::bigint[])"
" AS s (person_id, claim_id, claim_date, lines, treatment_days)";

/* The claim dates of the statement's rows, in SQL or from audit_item_pass. */
static const char *claim_dates = "n AS d";
static const char *claim_dates_counted = "unnest($3::date[]) AS d (claim_date)";

/*
 * The statement's item-and-day groups of more than one line, grouped in SQL
 * or by audit_item_pass.
 */
static const char *item_groups =
", groups AS ("
" SELECT g.person_id, g.claim_id, g.claim_date, g.item_code, g.service_date"
"   FROM n AS g GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1)";
static const char *item_groups_counted =
", groups (person_id, claim_id, claim_date, item_code, service_date) AS ("
" SELECT * FROM unnest($5::bigint[], $6::bigint[], $7::date[], $8::text[], $9::date[]))";

/*
 * Claims that had items before the statement: more rows in the table than
 * among the new ones, found by one index probe per claim.
 */
static const char *item_prior =
", prior AS MATERIALIZED ("
" SELECT c.person_id, c.claim_id, c.claim_date FROM claims AS c"
"  WHERE (SELECT count(*) FROM medins.claim_item AS x"
"          WHERE x.person_id = c.person_id AND x.claim_id = c.claim_id"
"            AND x.claim_date = c.claim_date) > c.lines)";

/*
 * The same for a bulk statement: when the table holds no more rows in the
 * statement's date range than the statement brought (a load of new claims,
 * the usual case), no claim can have earlier items and the probes are
 * skipped; one count of the range replaces a probe per claim.
 */
static const char *item_prior_bulk =
", prior AS MATERIALIZED ("
" SELECT c.person_id, c.claim_id, c.claim_date FROM claims AS c"
"  WHERE CASE WHEN (SELECT count(*) FROM medins.claim_item AS x"
"                    WHERE x.claim_date BETWEEN (SELECT min(claim_date) FROM claims)"
"                                           AND (SELECT max(claim_date) FROM claims))"
"                  > (SELECT sum(lines) FROM claims)"
"             THEN (SELECT count(*) FROM medins.claim_item AS x"
"                    WHERE x.person_id = c.person_id AND x.claim_id = c.claim_id"
"                      AND x.claim_date = c.claim_date) > c.lines"
"             ELSE false END)";

/*
 * The rules in force per scope key: enabled, effective on the claim date,
 * in scope by region, scheme and claim kind.  The first %s is the query of
 * the scope keys, the second the list of kinds.
 */
static const char *applicable_rules =
", applicable AS MATERIALIZED ("
" SELECT k.claim_date AS scope_date, k.region_code AS scope_region,"
"        k.insurance_kind AS scope_insurance, k.claim_kind AS scope_claim_kind,"
"        r.rule_code, r.rule_kind, r.params"
"   FROM (%s) AS k"
"   JOIN medins.audit_rule AS r ON r.enabled AND r.rule_kind IN (%s)"
"    AND r.valid_from <= k.claim_date AND (r.valid_to IS NULL OR r.valid_to >= k.claim_date)"
"    AND (r.region_code IS NULL OR r.region_code = k.region_code)"
"    AND (r.claim_kinds IS NULL OR k.claim_kind = ANY (r.claim_kinds))"
"    AND (r.scheme_code IS NULL OR r.scheme_code IN"
"         (SELECT s.scheme_code FROM medins.scheme AS s"
"           WHERE s.region_code = k.region_code AND s.insurance_kind = k.insurance_kind)))";

/*
 * Records what the branches found; the unique index audit_finding_once
 * keeps one per rule and row.  It is named as the only arbiter: new
 * finding ids need no look-up in the primary key before they are inserted.
 */
static const char *insert_found =
" INSERT INTO medins.audit_finding (person_id, claim_id, claim_date, item_no, rule_code,"
"        physician_code, disallows, disallowed_amount, status, evidence)"
" SELECT f.person_id, f.claim_id, f.claim_date, f.item_no, f.rule_code, f.physician_code,"
"        r.disallows, CASE WHEN r.disallows THEN f.amount ELSE 0 END,"
"        CASE WHEN r.auto_confirm THEN 'confirmed' ELSE 'open' END, f.evidence"
"   FROM found AS f JOIN medins.audit_rule AS r ON r.rule_code = f.rule_code"
" ON CONFLICT (person_id, claim_id, claim_date, rule_code, (coalesce(item_no, 0))) DO NOTHING";

/* The rule kinds; keep in step with the rows of medins.audit_rule_kind. */
const AuditRuleKind audit_rule_kinds[] = {
	/* 入院登记超时: registered more than 24 h (emergency 72 h) after admission */
	{"late_registration", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND
		"jsonb_build_object('admitted_at', it.admitted_at, 'registered_at', it.registered_at,"
		" 'hours_allowed', lim.hours, 'emergency', it.is_emergency)"
		" FROM it" IN_FORCE("late_registration")
		" CROSS JOIN LATERAL (SELECT CASE WHEN it.is_emergency"
		"   THEN " NUM_PARAM("emergency_hours") " ELSE " NUM_PARAM("hours") " END AS hours) AS lim"
		" WHERE it.admitted_at IS NOT NULL"
		"   AND (it.registered_at > it.admitted_at + lim.hours * interval '1 hour'"
		"        OR (it.registered_at IS NULL AND " BOOL_PARAM("missing_is_late") "))"},
	/* 冒名就医: the identity presented at the counter is not the insured person's */
	{"identity_mismatch", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND
		"jsonb_build_object('presented_id_tail', right(it.presented_id_number, 4),"
		" 'insured_id_tail', right(it.id_number, 4))"
		" FROM it" IN_FORCE("identity_mismatch")
		" WHERE it.presented_id_number IS NOT NULL"
		"   AND upper(btrim(it.presented_id_number)) <> it.id_number"},
	/* 分解住院: readmission for the same diagnosis category within N days (either order of loading) */
	{"split_admission", AUDIT_TARGET_CLAIM, 0, NULL,
		"SELECT l.person_id, l.claim_id, l.claim_date, NULL::integer, l.rule_code, l.physician_code,"
		" 0::numeric, jsonb_build_object('previous_claim_id', l.previous_claim_id,"
		" 'previous_discharge', l.previous_discharge, 'days_between', l.claim_date - l.previous_discharge,"
		" 'diagnosis', l.principal_diagnosis)"
		" FROM (SELECT it.person_id, it.claim_id, it.claim_date, it.physician_code, it.principal_diagnosis,"
		"              r.rule_code, o.claim_id AS previous_claim_id, o.discharge_date AS previous_discharge"
		"         FROM it" IN_FORCE("split_admission")
		"         JOIN medins.claim AS o ON o.person_id = it.person_id AND o.claim_kind = 'inpatient'"
		"          AND o.claim_id <> it.claim_id AND o.discharge_date <= it.claim_date"
		"          AND it.claim_date - o.discharge_date <= " NUM_PARAM("days")
		"          AND left(o.principal_diagnosis::text, (r.params->>'category_chars')::integer)"
		"            = left(it.principal_diagnosis, (r.params->>'category_chars')::integer)"
		"          AND (o.institution_code = it.institution_code OR NOT " BOOL_PARAM("same_institution") ")"
		"        WHERE it.claim_kind = 'inpatient'"
		"       UNION ALL"
		"       SELECT o.person_id, o.claim_id, o.claim_date, o.physician_code, o.principal_diagnosis::text,"
		"              r.rule_code, it.claim_id, it.discharge_date"
		"         FROM it" IN_FORCE("split_admission")
		"         JOIN medins.claim AS o ON o.person_id = it.person_id AND o.claim_kind = 'inpatient'"
		"          AND o.claim_id <> it.claim_id AND o.claim_date >= it.discharge_date"
		"          AND o.claim_date - it.discharge_date <= " NUM_PARAM("days")
		"          AND left(o.principal_diagnosis::text, (r.params->>'category_chars')::integer)"
		"            = left(it.principal_diagnosis, (r.params->>'category_chars')::integer)"
		"          AND (o.institution_code = it.institution_code OR NOT " BOOL_PARAM("same_institution") ")"
		"        WHERE it.claim_kind = 'inpatient') AS l"},
	/* 住院天数异常: a stay longer than plausible */
	{"stay_length", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND
		"jsonb_build_object('stay_days', it.discharge_date - it.claim_date,"
		" 'max_days', " NUM_PARAM("max_days") ")"
		" FROM it" IN_FORCE("stay_length")
		" WHERE it.claim_kind = 'inpatient'"
		"   AND it.discharge_date - it.claim_date > " NUM_PARAM("max_days")},
	/*
	 * ICD-10 诊断编码问题: problems medins.icd10_check finds in the principal
	 * (as principal) and secondary diagnoses, for the person's sex and age
	 * on the claim date; by default the problems of severity error.
	 */
	{"icd10_problem", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND "jsonb_build_object('diagnoses', x.found)"
		" FROM it" IN_FORCE("icd10_problem")
		" CROSS JOIN LATERAL ("
		"   SELECT jsonb_agg(jsonb_build_object('code', d.code, 'principal', d.ord = 0,"
		"                    'problems', to_jsonb(d.problems)) ORDER BY d.ord) AS found"
		"     FROM (SELECT dx.code, dx.ord,"
		"                  ARRAY(SELECT p FROM unnest(medins.icd10_check(dx.code,"
		"                          r.params->>'version', it.sex::text,"
		"                          extract(year FROM age(it.claim_date, it.birth_date))::integer,"
		"                          dx.ord = 0)) AS p"
		"                         WHERE CASE WHEN r.params ? 'problems'"
		"                               THEN p IN (SELECT jsonb_array_elements_text(r.params->'problems'))"
		"                               ELSE p IN (SELECT q.problem FROM medins.icd10_problem AS q"
		"                                           WHERE q.severity = 'error') END) AS problems"
		"             FROM (SELECT it.principal_diagnosis AS code, 0::bigint AS ord"
		"                   UNION ALL"
		"                   SELECT s.code, s.ord FROM unnest(it.secondary_diagnoses)"
		"                          WITH ORDINALITY AS s (code, ord)) AS dx) AS d"
		"    WHERE cardinality(d.problems) > 0) AS x"
		" WHERE x.found IS NOT NULL"},
	/* 无指征入院: inpatient admission for a diagnosis in the rule's code set without a justifying secondary one */
	{"admission_without_indication", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND
		"jsonb_build_object('principal_diagnosis', it.principal_diagnosis, 'codes', r.params->>'codes')"
		" FROM it" IN_FORCE("admission_without_indication")
		" WHERE it.claim_kind = 'inpatient'"
		"   AND medins.icd10_is_well_formed(it.principal_diagnosis)"
		"   AND medins.icd10_in_set(it.principal_diagnosis::medins.icd10,"
		"                           (r.params->>'codes')::medins.icd10_set)"
		"   AND NOT EXISTS (SELECT FROM unnest(it.secondary_diagnoses) AS s (code)"
		"                    WHERE r.params ? 'unless_codes' AND medins.icd10_is_well_formed(s.code)"
		"                      AND medins.icd10_in_set(s.code::medins.icd10,"
		"                                              (r.params->>'unless_codes')::medins.icd10_set))"},
	/* 中止协议机构: claim of an institution whose agreement is suspended or terminated */
	{"suspended_institution", AUDIT_TARGET_CLAIM, 0, NULL,
		CLAIM_FOUND
		"jsonb_build_object('institution_code', it.institution_code,"
		" 'agreement_state', coalesce(medins.agreement_state_on(it.institution_code, it.claim_date),"
		"   (SELECT i.agreement_state FROM medins.institution AS i"
		"     WHERE i.institution_code = it.institution_code)))"
		" FROM it" IN_FORCE("suspended_institution")
		" WHERE NOT (it.is_emergency AND " BOOL_PARAM("except_emergency") ")"
		"   AND medins.institution_is_suspended(it.institution_code, it.claim_date)"},
	/* 串换: billed in a more covered class than the catalogue's (enum order A < B < C) */
	{"class_swap", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"n.item_class < ci.item_class",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('item_code', it.item_code, 'billed_class', it.item_class,"
		" 'catalogue_class', it.catalogue_class)"
		" FROM it" IN_FORCE("class_swap")
		" WHERE it.item_class < it.catalogue_class"},
	/* 限定医院级别: item restricted to hospitals of a higher level */
	{"restricted_level", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"ci.min_hospital_level IS NOT NULL",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('item_code', it.item_code, 'hospital_level', it.hospital_level,"
		" 'min_hospital_level', it.min_hospital_level)"
		" FROM it" IN_FORCE("restricted_level")
		" WHERE it.hospital_level < it.min_hospital_level"},
	/* 限定性别: item restricted to the other sex */
	{"restricted_sex", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"ci.restricted_sex IS NOT NULL",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('item_code', it.item_code, 'sex', it.sex,"
		" 'restricted_sex', it.restricted_sex)"
		" FROM it" IN_FORCE("restricted_sex")
		" WHERE it.restricted_sex <> it.sex"},
	/* 限定年龄: item restricted to other ages (age on the service date) */
	{"restricted_age", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"ci.min_age IS NOT NULL OR ci.max_age IS NOT NULL",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('item_code', it.item_code, 'age', a.age,"
		" 'min_age', it.min_age, 'max_age', it.max_age)"
		" FROM (SELECT * FROM it WHERE it.min_age IS NOT NULL OR it.max_age IS NOT NULL) AS it"
		IN_FORCE("restricted_age")
		" CROSS JOIN LATERAL (SELECT extract(year FROM age(it.service_date, it.birth_date))::integer AS age) AS a"
		" WHERE a.age < it.min_age OR a.age > it.max_age"},
	/*
	 * 重复收费: lines of one item on one service day beyond max_lines.  The
	 * groups with more than one line are found among the statement's rows,
	 * and among all the rows of the claims that had items before the
	 * statement ("prior"); only their lines are read back and numbered.
	 */
	{"duplicate_charge", AUDIT_TARGET_ITEM,
		AUDIT_NEEDS_CLAIMS | AUDIT_NEEDS_PRIOR | AUDIT_NEEDS_GROUPS,
		NULL,
		"SELECT d.person_id, d.claim_id, d.claim_date, d.item_no, d.rule_code, d.physician_code,"
		" d.amount, jsonb_build_object('item_code', d.item_code, 'service_date', d.service_date,"
		" 'line', d.line, 'max_lines', d.max_lines)"
		" FROM (SELECT x.person_id, x.claim_id, x.claim_date, x.item_no, x.item_code, x.service_date,"
		"              x.amount, r.rule_code,"
		"              coalesce(x.prescribing_physician, it.claim_physician) AS physician_code,"
		"              " NUM_PARAM("max_lines") " AS max_lines,"
		"              row_number() OVER (PARTITION BY r.rule_code, x.person_id, x.claim_id, x.claim_date,"
		"                                 x.item_code, x.service_date ORDER BY x.item_no) AS line"
		"         FROM (SELECT g.person_id, g.claim_id, g.claim_date, g.item_code, g.service_date"
		"                 FROM groups AS g"
		"               UNION"
		"               SELECT y.person_id, y.claim_id, y.claim_date, y.item_code, y.service_date"
		"                 FROM prior AS pc"
		"                 CROSS JOIN LATERAL (SELECT y.* FROM medins.claim_item AS y"
		"                                      WHERE y.person_id = pc.person_id AND y.claim_id = pc.claim_id"
		"                                        AND y.claim_date = pc.claim_date OFFSET 0) AS y"
		"                GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) AS g"
		"         JOIN claims AS it ON it.person_id = g.person_id AND it.claim_id = g.claim_id"
		"          AND it.claim_date = g.claim_date"
		IN_FORCE("duplicate_charge")
		"        CROSS JOIN LATERAL (SELECT x.* FROM medins.claim_item AS x"
		"                             WHERE x.person_id = g.person_id AND x.claim_id = g.claim_id"
		"                               AND x.claim_date = g.claim_date AND x.item_code = g.item_code"
		"                               AND x.service_date = g.service_date OFFSET 0) AS x"
		"        WHERE r.params->>'catalogue' IS NULL"
		"           OR x.item_code IN (SELECT ci.item_code FROM medins.catalogue_item AS ci"
		"                               WHERE ci.catalogue::text = r.params->>'catalogue')) AS d"
		" WHERE d.line > d.max_lines"},
	/*
	 * 分解收费/互斥: a column-2 item on a claim that also bills its column-1
	 * item.  Pairs are looked for among the statement's rows (hash joins on
	 * the claim) and, for claims that had items before, among all their rows.
	 */
	{"code_pair", AUDIT_TARGET_ITEM, AUDIT_NEEDS_CLAIMS | AUDIT_NEEDS_PRIOR | AUDIT_NEEDS_PAIRS,
		NULL,
		"SELECT x.person_id, x.claim_id, x.claim_date, x.item_no, r.rule_code,"
		" coalesce(x.prescribing_physician, it.claim_physician), x.amount,"
		" jsonb_build_object('column1_code', cp.column1_code, 'column2_code', cp.column2_code,"
		" 'reason', cp.reason_zh)"
		" FROM (SELECT n.* FROM pair_rows AS n"
		"        WHERE n.item_code IN (SELECT p.column2_code FROM medins.audit_code_pair AS p)"
		"       UNION ALL"
		"       SELECT y.* FROM prior AS pc"
		"        CROSS JOIN LATERAL (SELECT y.* FROM medins.claim_item AS y"
		"                             WHERE y.person_id = pc.person_id AND y.claim_id = pc.claim_id"
		"                               AND y.claim_date = pc.claim_date"
		"                               AND y.item_code IN (SELECT p.column2_code FROM medins.audit_code_pair AS p)"
		"                             OFFSET 0) AS y) AS x"
		" JOIN claims AS it ON it.person_id = x.person_id AND it.claim_id = x.claim_id"
		"  AND it.claim_date = x.claim_date"
		IN_FORCE("code_pair")
		" JOIN medins.audit_code_pair AS cp ON cp.rule_code = r.rule_code AND cp.column2_code = x.item_code"
		"  AND cp.valid_from <= it.claim_date AND (cp.valid_to IS NULL OR cp.valid_to >= it.claim_date)"
		" WHERE EXISTS (SELECT FROM (SELECT m.person_id, m.claim_id, m.claim_date, m.item_code, m.service_date"
		"                              FROM pair_rows AS m"
		"                             WHERE m.item_code IN (SELECT p.column1_code FROM medins.audit_code_pair AS p)"
		"                            UNION ALL"
		"                            SELECT z.person_id, z.claim_id, z.claim_date, z.item_code, z.service_date"
		"                              FROM prior AS pz"
		"                              JOIN medins.claim_item AS z ON z.person_id = pz.person_id"
		"                               AND z.claim_id = pz.claim_id AND z.claim_date = pz.claim_date) AS y"
		"                WHERE y.person_id = x.person_id AND y.claim_id = x.claim_id"
		"                  AND y.claim_date = x.claim_date AND y.item_code = cp.column1_code"
		"                  AND (y.service_date = x.service_date OR NOT " BOOL_PARAM("same_day") "))"},
	/* 超标准收费: unit price above the catalogue's payment standard; the excess is disallowed */
	{"over_standard_price", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"n.unit_price > ci.payment_standard * (1 + " MIN_PARAM("over_standard_price", "tolerance") ")",
		ITEM_FOUND "least(it.amount, round((it.unit_price - it.payment_standard) * it.quantity, 2)),"
		" jsonb_build_object('item_code', it.item_code, 'unit_price', it.unit_price,"
		" 'payment_standard', it.payment_standard, 'tolerance', " NUM_PARAM("tolerance") ")"
		" FROM (SELECT * FROM it WHERE it.unit_price > it.payment_standard"
		"        * (1 + " MIN_PARAM("over_standard_price", "tolerance") ")) AS it"
		IN_FORCE("over_standard_price")
		" WHERE it.unit_price > it.payment_standard * (1 + " NUM_PARAM("tolerance") ")"},
	/* 超量: quantity per day of supply above the catalogue's daily maximum; the excess share is disallowed */
	{"quantity_per_day", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"ci.max_quantity_per_day IS NOT NULL AND n.quantity / coalesce(n.days_supply, 1)"
		" > ci.max_quantity_per_day * " MIN_PARAM("quantity_per_day", "factor"),
		ITEM_FOUND "round(it.amount * (q.daily - q.lim) / q.daily, 2),"
		" jsonb_build_object('item_code', it.item_code, 'quantity_per_day', round(q.daily, 3),"
		" 'limit', q.lim)"
		" FROM (SELECT * FROM it WHERE it.quantity / coalesce(it.days_supply, 1)"
		"        > it.max_quantity_per_day * " MIN_PARAM("quantity_per_day", "factor") ") AS it"
		IN_FORCE("quantity_per_day")
		" CROSS JOIN LATERAL (SELECT it.quantity / coalesce(it.days_supply, 1) AS daily,"
		"   it.max_quantity_per_day * " NUM_PARAM("factor") " AS lim) AS q"
		" WHERE q.daily > q.lim"},
	/* 超天数处方: days of supply above the rule's or the catalogue's limit; the excess share is disallowed */
	{"prescription_days", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"NOT n.is_discharge_drug AND n.days_supply > least(ci.max_days_supply::numeric,"
		" " MIN_PARAM("prescription_days", "max_days") ")",
		ITEM_FOUND "round(it.amount * (it.days_supply - q.lim) / it.days_supply, 2),"
		" jsonb_build_object('item_code', it.item_code, 'days_supply', it.days_supply,"
		" 'max_days', q.lim)"
		" FROM (SELECT * FROM it WHERE NOT it.is_discharge_drug AND it.days_supply"
		"        > least(it.max_days_supply::numeric, " MIN_PARAM("prescription_days", "max_days") ")) AS it"
		IN_FORCE("prescription_days")
		" CROSS JOIN LATERAL (SELECT least(it.max_days_supply::numeric,"
		"   (r.params->>'max_days')::numeric) AS lim) AS q"
		" WHERE NOT it.is_discharge_drug AND it.days_supply > q.lim"},
	/* 出院带药超量: discharge drugs for more days than allowed; the excess share is disallowed */
	{"discharge_drug_days", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"n.is_discharge_drug AND n.days_supply > " MIN_PARAM("discharge_drug_days", "max_days"),
		ITEM_FOUND "round(it.amount * (it.days_supply - q.lim) / it.days_supply, 2),"
		" jsonb_build_object('item_code', it.item_code, 'days_supply', it.days_supply,"
		" 'max_days', q.lim)"
		" FROM (SELECT * FROM it WHERE it.is_discharge_drug"
		"        AND it.days_supply > " MIN_PARAM("discharge_drug_days", "max_days") ") AS it"
		IN_FORCE("discharge_drug_days")
		" CROSS JOIN LATERAL (SELECT " NUM_PARAM("max_days") " AS lim) AS q"
		" WHERE it.is_discharge_drug AND it.days_supply > q.lim"},
	/* 超适应症: an item whose catalogue indication codes hold none of the claim's diagnoses */
	{"drug_indication", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"ci.indication_codes IS NOT NULL",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('item_code', it.item_code, 'indication_codes', it.indication_codes::text,"
		" 'diagnoses', it.principal_diagnosis::text || it.secondary_diagnoses::text[])"
		" FROM (SELECT * FROM it WHERE it.indication_codes IS NOT NULL) AS it"
		IN_FORCE("drug_indication")
		" WHERE NOT EXISTS (SELECT FROM unnest(it.principal_diagnosis::text || it.secondary_diagnoses::text[]) AS d (code)"
		"                    WHERE medins.icd10_is_well_formed(d.code)"
		"                      AND medins.icd10_in_set(d.code::medins.icd10, it.indication_codes))"},
	/* 暂停资格医师: prescribed or billed by a physician suspended or stopped on the service date */
	{"suspended_physician", AUDIT_TARGET_ITEM, AUDIT_NEEDS_ROWS,
		"n.prescribing_physician IN (SELECT s.physician_code FROM medins.physician_sanction AS s"
		"                             WHERE s.consequence >= 'suspended')"
		" OR (n.prescribing_physician IS NULL"
		"     AND (n.person_id, n.claim_id, n.claim_date) IN"
		"         (SELECT c.person_id, c.claim_id, c.claim_date FROM medins.claim AS c"
		"           WHERE c.physician_code IN (SELECT s.physician_code FROM medins.physician_sanction AS s"
		"                                       WHERE s.consequence >= 'suspended')))",
		ITEM_FOUND "it.amount,"
		" jsonb_build_object('physician_code', it.physician_code, 'consequence', s.consequence,"
		" 'sanction_from', s.starts_on, 'sanction_until', s.ends_on)"
		" FROM (SELECT * FROM it WHERE it.physician_code IN (SELECT s.physician_code"
		"        FROM medins.physician_sanction AS s WHERE s.consequence >= 'suspended')) AS it"
		IN_FORCE("suspended_physician")
		" JOIN medins.physician_sanction AS s ON s.physician_code = it.physician_code"
		"  AND s.consequence >= 'suspended' AND s.starts_on <= it.service_date"
		"  AND s.ends_on > it.service_date"
		" WHERE NOT (it.is_emergency AND " BOOL_PARAM("except_emergency") ")"},
	/*
	 * 挂床住院: an inpatient stay whose days with a drug or treatment item
	 * are too few.  The days are counted by audit_item_pass for the claims
	 * of a bulk statement without earlier items, else read from the table.
	 */
	{"bed_holding", AUDIT_TARGET_ITEM, AUDIT_NEEDS_CLAIMS | AUDIT_NEEDS_PRIOR,
		NULL,
		"SELECT it.person_id, it.claim_id, it.claim_date, NULL::integer, r.rule_code,"
		" it.claim_physician, 0::numeric,"
		" jsonb_build_object('stay_days', it.discharge_date - it.claim_date,"
		" 'treatment_days', t.days, 'min_share', " NUM_PARAM("min_share") ")"
		" FROM (SELECT * FROM claims WHERE claim_kind = 'inpatient'"
		"          AND discharge_date - claim_date >= " MIN_PARAM("bed_holding", "min_days") ") AS it"
		IN_FORCE("bed_holding")
		" LEFT JOIN prior AS pr ON pr.person_id = it.person_id AND pr.claim_id = it.claim_id"
		"  AND pr.claim_date = it.claim_date"
		" CROSS JOIN LATERAL (SELECT CASE WHEN it.treatment_days IS NOT NULL AND pr.claim_id IS NULL"
		"   THEN it.treatment_days"
		"   ELSE (SELECT count(DISTINCT x.service_date) FROM medins.claim_item AS x"
		"          WHERE x.person_id = it.person_id AND x.claim_id = it.claim_id"
		"            AND x.claim_date = it.claim_date"
		"            AND x.item_code NOT IN (SELECT f.item_code FROM medins.catalogue_item AS f"
		"                                     WHERE f.catalogue = 'facility')) END AS days) AS t"
		" WHERE it.discharge_date - it.claim_date >= " NUM_PARAM("min_days")
		"   AND t.days < " NUM_PARAM("min_share") " * (it.discharge_date - it.claim_date)"},
};

const int	audit_rule_kind_count = lengthof(audit_rule_kinds);

/*
 * For the catalogue entries of the codes $1, what the row-by-row kinds'
 * candidate filters compare a row with, computed as they compute it:
 * whether a restriction makes every row a candidate, the billed classes
 * below the catalogue's, the price, daily quantity and days-of-supply
 * limits, and the least discharge-drug limit.  audit_item_pass keeps the
 * rows that pass any of them (a superset of the candidates: the filters
 * themselves still run in SQL).
 */
const char *const audit_candidate_catalogue =
"SELECT ci.item_code,"
" ci.min_hospital_level IS NOT NULL OR ci.restricted_sex IS NOT NULL OR ci.min_age IS NOT NULL"
"  OR ci.max_age IS NOT NULL OR ci.indication_codes IS NOT NULL,"
" ARRAY(SELECT e FROM unnest(enum_range(NULL::medins.item_class)) AS e WHERE e < ci.item_class),"
" ci.payment_standard * (1 + " MIN_PARAM("over_standard_price", "tolerance") "),"
" ci.max_quantity_per_day * " MIN_PARAM("quantity_per_day", "factor") ","
" least(ci.max_days_supply::numeric, " MIN_PARAM("prescription_days", "max_days") "),"
" " MIN_PARAM("discharge_drug_days", "max_days") ","
" ci.catalogue = 'facility'"
" FROM medins.catalogue_item AS ci WHERE ci.item_code = ANY ($1)";

/* The code pairs of every rule, whatever their dates (a superset of those code_pair applies). */
const char *const audit_candidate_pairs =
"SELECT DISTINCT column1_code, column2_code FROM medins.audit_code_pair";

/* Physicians suspended or stopped (candidates of suspended_physician). */
const char *const audit_candidate_physicians =
"SELECT s.physician_code FROM medins.physician_sanction AS s WHERE s.consequence >= 'suspended'";

/* The claims of the dates $1..$2 billed by such a physician (a superset of the statement's). */
const char *const audit_candidate_claims =
"SELECT c.person_id, c.claim_id, c.claim_date FROM medins.claim AS c"
" WHERE c.claim_date BETWEEN $1 AND $2"
"   AND c.physician_code IN (SELECT s.physician_code FROM medins.physician_sanction AS s"
"                             WHERE s.consequence >= 'suspended')";

/* Index of a rule kind in audit_rule_kinds, or -1. */
int
audit_rule_kind_index(const char *name)
{
	int			i;

	for (i = 0; i < audit_rule_kind_count; i++)
	{
		if (strcmp(audit_rule_kinds[i].name, name) == 0)
			return i;
	}
	return -1;
}

/*
 * Appends the CTEs an item statement's kinds need (the statement's claims
 * always: they give every kind its scope); returns the query of the scope keys.
 */
static const char *
audit_item_contexts(StringInfo q, uint64 mask, const char *source, AuditQueryMode mode)
{
	StringInfoData cand;
	int			needs = 0;
	int			i;

	initStringInfo(&cand);
	for (i = 0; i < audit_rule_kind_count; i++)
	{
		const AuditRuleKind *k = &audit_rule_kinds[i];

		if (k->target != AUDIT_TARGET_ITEM || (mask & (UINT64CONST(1) << i)) == 0)
			continue;
		needs |= k->needs;
		if (k->candidate != NULL)
			appendStringInfo(&cand, "%s(%s)", cand.len > 0 ? " OR " : "", k->candidate);
	}
	appendStringInfo(q, item_source, mode == AUDIT_QUERY_COUNTED ? "NOT MATERIALIZED " : "",
					 source);
	appendStringInfo(q, item_claims,
					 mode == AUDIT_QUERY_COUNTED ? claim_lines_counted : claim_lines,
					 mode == AUDIT_QUERY_COUNTED ? claim_dates_counted : claim_dates,
					 mode == AUDIT_QUERY_COUNTED ? claim_dates_counted : claim_dates);
	if (needs & AUDIT_NEEDS_ROWS)
		appendStringInfo(q, item_candidates,
						 mode == AUDIT_QUERY_COUNTED ? AUDIT_CANDIDATE_ROWS : "n", cand.data);
	if (needs & AUDIT_NEEDS_PAIRS)
		appendStringInfo(q, ", pair_rows AS NOT MATERIALIZED (SELECT * FROM %s)",
						 mode == AUDIT_QUERY_COUNTED ? AUDIT_CANDIDATE_ROWS : "n");
	if (needs & AUDIT_NEEDS_GROUPS)
		appendStringInfoString(q, mode == AUDIT_QUERY_COUNTED ? item_groups_counted : item_groups);
	if (needs & AUDIT_NEEDS_PRIOR)
		appendStringInfoString(q, mode == AUDIT_QUERY_KEPT ? item_prior : item_prior_bulk);
	return "SELECT DISTINCT claim_date, region_code, insurance_kind, claim_kind FROM claims";
}

/*
 * The INSERT that runs the kinds in mask of one target over source (a
 * transition table's name or a parenthesised subquery); NULL when mask
 * holds no kind of that target.  mode: kept for small statements, bulk,
 * or bulk over an item transition table with audit_item_pass's parameters.
 */
char *
audit_build_query(AuditTarget target, uint64 mask, const char *source, AuditQueryMode mode)
{
	StringInfoData q;
	StringInfoData kinds;
	StringInfoData branches;
	const char *keys;
	bool		first = true;
	int			i;

	initStringInfo(&kinds);
	initStringInfo(&branches);
	for (i = 0; i < audit_rule_kind_count; i++)
	{
		if (audit_rule_kinds[i].target != target || (mask & (UINT64CONST(1) << i)) == 0)
			continue;
		appendStringInfo(&kinds, "%s'%s'", first ? "" : ", ", audit_rule_kinds[i].name);
		appendStringInfo(&branches, "%s(%s)", first ? "" : " UNION ALL ", audit_rule_kinds[i].sql);
		first = false;
	}
	if (first)
		return NULL;

	initStringInfo(&q);
	if (target == AUDIT_TARGET_CLAIM)
	{
		appendStringInfo(&q, claim_context, source);
		keys = "SELECT DISTINCT claim_date, region_code, insurance_kind, claim_kind FROM it";
	}
	else
		keys = audit_item_contexts(&q, mask, source, mode);
	appendStringInfo(&q, applicable_rules, keys, kinds.data);
	appendStringInfo(&q, ", found (person_id, claim_id, claim_date, item_no, rule_code,"
					 " physician_code, amount, evidence) AS (%s)", branches.data);
	appendStringInfoString(&q, insert_found);
	return q.data;
}
