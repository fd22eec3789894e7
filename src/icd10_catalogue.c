/*-------------------------------------------------------------------------
 *
 * icd10_catalogue.c
 *	  Where the shipped ICD-10 catalogues (诊断编码目录) are found:
 *	  `make install` copies the CSV files of data/icd10 to
 *	  SHAREDIR/extension/medins, and the extension script reads them from
 *	  there with COPY.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(icd10_data_file);

/* Path of a data file shipped with the extension (CREATE EXTENSION loads it). */
Datum
icd10_data_file(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char		sharepath[MAXPGPATH];

	if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL || name[0] == '.')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid data file name \"%s\"", name),
				 errdetail("Expected a plain file name such as \"nhsa_v2.csv\".")));
	get_share_path(my_exec_path, sharepath);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%s/extension/medins/%s", sharepath, name)));
}
