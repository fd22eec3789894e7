-- Each query is run several times in one session; run.sh takes the median.
-- name|query
bare_scan|SELECT count(*) FROM bench_codes WHERE length(code) > 0
bare_scan_ok|SELECT count(*) FROM bench_codes WHERE length(code_ok) > 0
cast|SELECT count(*) FROM bench_codes WHERE code_ok::medins.icd10 IS NOT NULL
validate_c|SELECT count(*) FROM bench_codes WHERE medins.icd10_is_valid(code, 'nhsa-2.0')
validate_c_patient|SELECT count(*) FROM bench_codes WHERE medins.icd10_is_valid(code, 'nhsa-2.0', sex, age, true)
validate_sql|SELECT count(*) FROM (SELECT btrim(translate(normalize(code, NFKC), '。', '.')) AS s FROM bench_codes) AS n JOIN medins.icd10_code AS c ON c.version = 'nhsa-2.0' AND c.is_leaf AND c.code::text = regexp_replace(upper(n.s), '(?<=[0-9.])X', 'x', 'g') WHERE n.s ~* '^[A-Z][0-9]{2}(\.([0-9]{1,3}|x[0-9]{2})(x[0-9]{3})?)?(\+[A-Z][0-9]{2}(\.[0-9]{1,3})?\*)?$'
