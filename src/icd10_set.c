/*-------------------------------------------------------------------------
 *
 * icd10_set.c
 *	  The medins.icd10_set type: a set of ICD-10 codes and ranges as rules
 *	  write them (编码范围), e.g. "C00-C97,D00-D09,Z94" or "I10.x00".
 *
 * A set is stored as its canonical text: items joined by ",", a range as
 * "lo-hi".  A code belongs to an item when it lies between lo and the end
 * of hi's subtree, so "E10-E14" holds E14.900x001 and "Z94" holds Z94.0.
 * Separators may be written ",", ";", "，", "；" or "、"; ranges "-", "~",
 * "－", "～", "–" or "—".
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "icd10.h"

PG_FUNCTION_INFO_V1(icd10_set_in);
PG_FUNCTION_INFO_V1(icd10_set_out);
PG_FUNCTION_INFO_V1(icd10_set_recv);
PG_FUNCTION_INFO_V1(icd10_set_send);
PG_FUNCTION_INFO_V1(icd10_set_contains);
PG_FUNCTION_INFO_V1(icd10_set_contained);
PG_FUNCTION_INFO_V1(icd10_text_in_set);

/* Byte length of a list separator starting at s, or 0. */
static int
separator_at(const char *s, const char *end)
{
	if (*s == ',' || *s == ';')
		return 1;
	if (end - s >= 3 &&
		(memcmp(s, "\xef\xbc\x8c", 3) == 0 ||	/* ， */
		 memcmp(s, "\xef\xbc\x9b", 3) == 0 ||	/* ； */
		 memcmp(s, "\xe3\x80\x81", 3) == 0))	/* 、 */
		return 3;
	return 0;
}

/* Byte length of a range dash starting at s, or 0. */
static int
dash_at(const char *s, const char *end)
{
	if (*s == '-' || *s == '~')
		return 1;
	if (end - s >= 3 &&
		(memcmp(s, "\xef\xbc\x8d", 3) == 0 ||	/* － */
		 memcmp(s, "\xef\xbd\x9e", 3) == 0 ||	/* ～ */
		 memcmp(s, "\xe2\x80\x93", 3) == 0 ||	/* – */
		 memcmp(s, "\xe2\x80\x94", 3) == 0))	/* — */
		return 3;
	return 0;
}

/* Reports bad set text with SQLSTATE 22P02. */
static void
bad_set(FunctionCallInfo fcinfo, const char *input, const char *detail)
{
#if PG_VERSION_NUM >= 160000
	errsave(fcinfo->context,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type icd10_set: \"%s\"", input),
			 errdetail_internal("%s", detail)));
#else
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type icd10_set: \"%s\"", input),
			 errdetail_internal("%s", detail)));
#endif
}

/*
 * Parses one item (a code or a range) from start to end into buf.
 * Returns NULL, or the error detail.
 */
static const char *
parse_item(const char *start, const char *end, int itemno, StringInfo buf)
{
	const char *dash = NULL;
	int			dashlen = 0;
	Icd10Parsed lo;
	Icd10Parsed hi;
	const char *err;

	for (const char *p = start; p < end; p++)
		if ((dashlen = dash_at(p, end)) > 0)
		{
			dash = p;
			break;
		}
	err = icd10_parse_text(start, (dash ? dash : end) - start, &lo);
	if (err != NULL)
		return psprintf("Item %d: %s", itemno, err);
	if (buf->len > 0)
		appendStringInfoChar(buf, ',');
	appendBinaryStringInfo(buf, lo.code, lo.len);
	if (dash == NULL)
		return NULL;
	err = icd10_parse_text(dash + dashlen, end - dash - dashlen, &hi);
	if (err != NULL)
		return psprintf("Item %d, after the range dash: %s", itemno, err);
	if (icd10_compare_bytes(lo.code, lo.len, hi.code, hi.len) > 0)
		return psprintf("Item %d: the range start %s is after its end %s; expected lo-hi in order.",
						itemno, lo.code, hi.code);
	if (icd10_compare_bytes(lo.code, lo.len, hi.code, hi.len) != 0)
	{
		appendStringInfoChar(buf, '-');
		appendBinaryStringInfo(buf, hi.code, hi.len);
	}
	return NULL;
}

/* Text input: comma-separated codes and lo-hi ranges. */
Datum
icd10_set_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *end = input + strlen(input);
	const char *start = input;
	StringInfoData buf;
	int			itemno = 1;

	initStringInfo(&buf);
	for (const char *p = input;; p++)
	{
		int			seplen = p < end ? separator_at(p, end) : 0;
		const char *err;

		if (p < end && seplen == 0)
			continue;
		if ((err = parse_item(start, p, itemno++, &buf)) != NULL)
		{
			bad_set(fcinfo, input, err);
			PG_RETURN_NULL();
		}
		if (p >= end)
			break;
		p += seplen - 1;
		start = p + 1;
	}
	PG_RETURN_POINTER(icd10_make(buf.data, buf.len));
}

/* Text output: the canonical set. */
Datum
icd10_set_out(PG_FUNCTION_ARGS)
{
	struct varlena *set = PG_GETARG_ICD10_P(0);

	PG_RETURN_CSTRING(pnstrdup(ICD10_DATA(set), ICD10_LEN(set)));
}

/* Binary input: a format version byte, then the canonical text (re-checked). */
Datum
icd10_set_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			len = buf->len - buf->cursor;
	char	   *txt = pnstrdup(pq_getmsgbytes(buf, len), len);

	if (version != ICD10_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type icd10_set", version),
				 errdetail("Expected version %d.", ICD10_BINARY_VERSION)));
	return DirectFunctionCall1(icd10_set_in, CStringGetDatum(txt));
}

/* Binary output: the format version byte, then the canonical text. */
Datum
icd10_set_send(PG_FUNCTION_ARGS)
{
	struct varlena *set = PG_GETARG_ICD10_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ICD10_BINARY_VERSION);
	pq_sendbytes(&buf, ICD10_DATA(set), ICD10_LEN(set));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* True when the code lies in [lo, end of hi's subtree). */
static bool
in_item(const char *lo, int lolen, const char *hi, int hilen,
		const char *code, int codelen)
{
	if (icd10_compare_bytes(code, codelen, lo, lolen) < 0)
		return false;
	return icd10_compare_bytes(code, codelen, hi, hilen) <= 0 ||
		icd10_prefix_of(hi, hilen, code, codelen);
}

/* Membership test over a set's canonical text. */
bool
icd10_set_contains_code(const char *set, int setlen, const char *code, int codelen)
{
	const char *p = set;
	const char *end = set + setlen;

	while (p < end)
	{
		const char *item_end = memchr(p, ',', end - p);
		const char *dash;

		if (item_end == NULL)
			item_end = end;
		dash = memchr(p, '-', item_end - p);
		if (dash == NULL ? in_item(p, item_end - p, p, item_end - p, code, codelen)
			: in_item(p, dash - p, dash + 1, item_end - dash - 1, code, codelen))
			return true;
		p = item_end + 1;
	}
	return false;
}

/* set @> code: the set holds the code. */
Datum
icd10_set_contains(PG_FUNCTION_ARGS)
{
	struct varlena *set = PG_GETARG_ICD10_P(0);
	struct varlena *code = PG_GETARG_ICD10_P(1);

	PG_RETURN_BOOL(icd10_set_contains_code(ICD10_DATA(set), ICD10_LEN(set),
										   ICD10_DATA(code), ICD10_LEN(code)));
}

/* code <@ set: the code is in the set. */
Datum
icd10_set_contained(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);
	struct varlena *set = PG_GETARG_ICD10_P(1);

	PG_RETURN_BOOL(icd10_set_contains_code(ICD10_DATA(set), ICD10_LEN(set),
										   ICD10_DATA(code), ICD10_LEN(code)));
}

/* Membership of code text as sent (normalised); NULL when it is malformed. */
Datum
icd10_text_in_set(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	struct varlena *set = PG_GETARG_ICD10_P(1);
	Icd10Parsed parsed;

	if (icd10_parse_text(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), &parsed) != NULL)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(icd10_set_contains_code(ICD10_DATA(set), ICD10_LEN(set),
										   parsed.code, parsed.len));
}
