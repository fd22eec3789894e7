-- Creates the extension the other regression tests use, and checks that
-- everything it installs lives in schema medins and is documented.
CREATE EXTENSION medins;
SELECT extversion FROM pg_extension WHERE extname = 'medins';

-- Every function, type, table and view of the extension has a COMMENT
-- (partitions and internal sequences excepted).  Lists the ones that do not.
SELECT pg_describe_object(d.classid, d.objid, 0) AS undocumented
  FROM pg_depend AS d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'medins')
   AND d.deptype = 'e'
   AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass, 'pg_operator'::regclass)
   AND obj_description(d.objid, d.classid::regclass::text) IS NULL
   AND NOT (d.classid = 'pg_class'::regclass
			AND ((SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('S', 'i')
				 OR (SELECT relispartition FROM pg_class WHERE oid = d.objid)))
   AND NOT (d.classid = 'pg_type'::regclass
			AND ((SELECT typtype FROM pg_type WHERE oid = d.objid) = 'b'
				 AND (SELECT typelem FROM pg_type WHERE oid = d.objid) <> 0
				 OR (SELECT typrelid FROM pg_type WHERE oid = d.objid) <> 0))
 ORDER BY 1;

-- Nothing of the extension outside schema medins.
SELECT count(*) AS objects_outside_medins
  FROM pg_depend AS d
  JOIN pg_class AS c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'medins')
   AND d.deptype = 'e'
   AND c.relnamespace <> 'medins'::regnamespace;
