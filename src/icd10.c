/*-------------------------------------------------------------------------
 *
 * icd10.c
 *	  The medins.icd10 type (ICD-10 诊断编码): input, output, binary I/O,
 *	  comparison, hashing and the hierarchy operators.
 *
 * The stored value is the canonical text (see icd10.h), so output is a copy
 * and the cast to text is binary-coercible.  Bytewise order is the
 * hierarchy's natural (pre-)order: I63 < I63.9 < I63.900 < I63.900x007 <
 * I63.901.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "icd10.h"

PG_FUNCTION_INFO_V1(icd10_in);
PG_FUNCTION_INFO_V1(icd10_out);
PG_FUNCTION_INFO_V1(icd10_recv);
PG_FUNCTION_INFO_V1(icd10_send);
PG_FUNCTION_INFO_V1(icd10_from_text);
PG_FUNCTION_INFO_V1(icd10_is_well_formed);
PG_FUNCTION_INFO_V1(icd10_cmp);
PG_FUNCTION_INFO_V1(icd10_lt);
PG_FUNCTION_INFO_V1(icd10_le);
PG_FUNCTION_INFO_V1(icd10_eq);
PG_FUNCTION_INFO_V1(icd10_ne);
PG_FUNCTION_INFO_V1(icd10_ge);
PG_FUNCTION_INFO_V1(icd10_gt);
PG_FUNCTION_INFO_V1(icd10_hash);
PG_FUNCTION_INFO_V1(icd10_hash_extended);
PG_FUNCTION_INFO_V1(icd10_subtree_end);
PG_FUNCTION_INFO_V1(icd10_category);
PG_FUNCTION_INFO_V1(icd10_who_code);
PG_FUNCTION_INFO_V1(icd10_main_code);
PG_FUNCTION_INFO_V1(icd10_asterisk_code);

/* Builds a stored value from canonical text. */
struct varlena *
icd10_make(const char *code, int len)
{
	struct varlena *result = (struct varlena *) palloc(VARHDRSZ + len);

	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), code, len);
	return result;
}

/* Bytewise three-way comparison of two canonical codes. */
int
icd10_compare_bytes(const char *a, int alen, const char *b, int blen)
{
	int			r = memcmp(a, b, Min(alen, blen));

	if (r != 0)
		return r;
	return (alen > blen) - (alen < blen);
}

/* True when code a is a proper prefix of b: b lies in a's subtree. */
bool
icd10_prefix_of(const char *a, int alen, const char *b, int blen)
{
	return alen < blen && memcmp(a, b, alen) == 0;
}

/* Reports bad input text: 22P02, the input quoted, what was expected. */
static Datum
report_bad_input(FunctionCallInfo fcinfo, const char *input, const char *detail)
{
#if PG_VERSION_NUM >= 160000
	ereturn(fcinfo->context, (Datum) 0,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type icd10: \"%s\"", input),
			 errdetail_internal("%s", detail)));
#else
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type icd10: \"%s\"", input),
			 errdetail_internal("%s", detail)));
	return (Datum) 0;
#endif
}

/* Text input: normalises what hospitals send and checks the grammar. */
Datum
icd10_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Icd10Parsed parsed;
	const char *detail = icd10_parse_text(input, strlen(input), &parsed);

	if (detail != NULL)
		return report_bad_input(fcinfo, input, detail);
	PG_RETURN_POINTER(icd10_make(parsed.code, parsed.len));
}

/* Text output: the canonical code. */
Datum
icd10_out(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);

	PG_RETURN_CSTRING(pnstrdup(ICD10_DATA(code), ICD10_LEN(code)));
}

/* Cast from text; the same checks and errors as input. */
Datum
icd10_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	Icd10Parsed parsed;
	const char *detail = icd10_parse_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
										  &parsed);

	if (detail != NULL)
		return report_bad_input(fcinfo, text_to_cstring(t), detail);
	PG_RETURN_POINTER(icd10_make(parsed.code, parsed.len));
}

/* True when text is a code after normalisation; never throws. */
Datum
icd10_is_well_formed(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	Icd10Parsed parsed;

	PG_RETURN_BOOL(icd10_parse_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									&parsed) == NULL);
}

/* Binary input: a format version byte, then the canonical text. */
Datum
icd10_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	const char *code;
	int			len;
	Icd10Parsed parsed;

	if (version != ICD10_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type icd10", version),
				 errdetail("Expected version %d.", ICD10_BINARY_VERSION)));
	len = buf->len - buf->cursor;
	code = pq_getmsgbytes(buf, len);
	if (len > ICD10_MAXLEN ||
		icd10_parse_text(code, len, &parsed) != NULL ||
		parsed.len != len || memcmp(parsed.code, code, len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type icd10: \"%s\"",
						pnstrdup(code, Min(len, ICD10_MAX_INPUT))),
				 errdetail("Expected a canonical ICD-10 code of at most %d bytes.",
						   ICD10_MAXLEN)));
	PG_RETURN_POINTER(icd10_make(code, len));
}

/* Binary output: the format version byte, then the canonical text. */
Datum
icd10_send(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ICD10_BINARY_VERSION);
	pq_sendbytes(&buf, ICD10_DATA(code), ICD10_LEN(code));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Compares the two arguments of a comparison function. */
static inline int
cmp_args(FunctionCallInfo fcinfo)
{
	struct varlena *a = PG_GETARG_ICD10_P(0);
	struct varlena *b = PG_GETARG_ICD10_P(1);

	return icd10_compare_bytes(ICD10_DATA(a), ICD10_LEN(a),
							   ICD10_DATA(b), ICD10_LEN(b));
}

/* Btree support: three-way comparison in hierarchy order. */
Datum
icd10_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cmp_args(fcinfo));
}

/* a < b */
Datum
icd10_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) < 0);
}

/* a <= b */
Datum
icd10_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) <= 0);
}

/* a = b */
Datum
icd10_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) == 0);
}

/* a <> b */
Datum
icd10_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) != 0);
}

/* a >= b */
Datum
icd10_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) >= 0);
}

/* a > b */
Datum
icd10_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cmp_args(fcinfo) > 0);
}

/* Hash support: hash of the canonical bytes. */
Datum
icd10_hash(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);

	return hash_any((const unsigned char *) ICD10_DATA(code), ICD10_LEN(code));
}

/* Hash support: seeded 64-bit hash of the canonical bytes. */
Datum
icd10_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);

	return hash_any_extended((const unsigned char *) ICD10_DATA(code),
							 ICD10_LEN(code), PG_GETARG_INT64(1));
}

/*
 * The exclusive upper bound of a code's subtree: the code followed by a
 * byte above every character a code may contain.  Not a code itself; the
 * descendant operators compare against it so that a btree index range
 * scan serves them.
 */
Datum
icd10_subtree_end(PG_FUNCTION_ARGS)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);
	int			len = ICD10_LEN(code);
	char		buf[ICD10_MAXLEN + 2];

	len = Min(len, ICD10_MAXLEN);
	memcpy(buf, ICD10_DATA(code), len);
	buf[len] = ICD10_SUBTREE_END;
	PG_RETURN_POINTER(icd10_make(buf, len + 1));
}

/* Parses the stored code in argument 0. */
static void
parse_arg0(FunctionCallInfo fcinfo, Icd10Parsed *parsed)
{
	struct varlena *code = PG_GETARG_ICD10_P(0);

	icd10_reparse(ICD10_DATA(code), ICD10_LEN(code), parsed);
}

/* The 3-character category (类目) of a code: E11.900x001 → E11. */
Datum
icd10_category(PG_FUNCTION_ARGS)
{
	Icd10Parsed parsed;

	parse_arg0(fcinfo, &parsed);
	PG_RETURN_POINTER(icd10_make(parsed.code, Min(3, parsed.len)));
}

/*
 * The WHO code a code refines: its 4-character subcategory (亚目) L99.9,
 * or the category when it has none (I10.x00 → I10); B18.10 stays B18.10.
 */
Datum
icd10_who_code(PG_FUNCTION_ARGS)
{
	Icd10Parsed parsed;
	int			len;

	parse_arg0(fcinfo, &parsed);
	if (parsed.base_len == 6)
		len = 6;				/* WHO 5-character form, B18.10 */
	else if (parsed.base_len >= 5 && parsed.code[4] != 'x')
		len = 5;
	else
		len = Min(3, parsed.len);
	PG_RETURN_POINTER(icd10_make(parsed.code, len));
}

/* The main (dagger, 剑号) code without an asterisk part or morphology. */
Datum
icd10_main_code(PG_FUNCTION_ARGS)
{
	Icd10Parsed parsed;

	parse_arg0(fcinfo, &parsed);
	PG_RETURN_POINTER(icd10_make(parsed.code, parsed.base_len));
}

/* The asterisk (星号) part of a dagger/asterisk pair, without "*"; NULL if none. */
Datum
icd10_asterisk_code(PG_FUNCTION_ARGS)
{
	Icd10Parsed parsed;

	parse_arg0(fcinfo, &parsed);
	if (!parsed.has_pair)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(icd10_make(parsed.code + parsed.base_len + 1,
								 parsed.len - parsed.base_len - 2));
}
