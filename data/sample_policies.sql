-- Sample policies of DOMAIN.md §2 as rows: four pooling regions, their
-- schemes, and (below, from the settlement part) every number of each scheme.
-- Load with:  psql -v ON_ERROR_STOP=1 -f data/sample_policies.sql
-- The regions and scheme codes here are the contract the sample data
-- generator (data/generate.sql) and the tests rely on.

BEGIN;

INSERT INTO medins.region (region_code, name_zh, name_en) VALUES
	('RA', '甲市', 'City A (seed 000 范文4: city resident scheme)'),
	('RB', '乙市', 'City B (seed 000 范文6: city resident scheme)'),
	('RC', '丙市', 'City C (seed 000 范文3: employees and residents; seed 001 civil-servant subsidy)'),
	('RD', '丁县', 'County D (seed 003: merged urban-rural scheme)');

INSERT INTO medins.scheme (scheme_code, region_code, insurance_kind, name_zh, name_en, valid_from, valid_to, source) VALUES
	('A_RESIDENT',    'RA', 'resident',    '甲市城镇居民基本医疗保险',   'City A urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文4'),
	('B_RESIDENT',    'RB', 'resident',    '乙市城镇居民基本医疗保险',   'City B urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文6'),
	('C_EMPLOYEE',    'RC', 'employee',    '丙市城镇职工基本医疗保险',   'City C employee scheme (with civil-servant subsidy)', DATE '2008-01-01', NULL, 'seed 000 范文3; seed 001'),
	('C_RESIDENT',    'RC', 'resident',    '丙市城镇居民基本医疗保险',   'City C urban resident scheme',        DATE '2008-01-01', NULL, 'seed 000 范文3'),
	('D_URBAN_RURAL', 'RD', 'urban_rural', '丁县城乡居民基本医疗保险',   'County D merged urban-rural scheme',  DATE '2018-01-01', NULL, 'seed 003');

-- Section: settlement policy rows (owned by the settlement part)

COMMIT;
