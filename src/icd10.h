/*-------------------------------------------------------------------------
 *
 * icd10.h
 *	  ICD-10 diagnosis codes (疾病诊断编码): the medins.icd10 and
 *	  medins.icd10_set types and the helpers their files share.
 *
 * A code is stored as its canonical ASCII text in a varlena, e.g.
 * "I63.900x001" or "A01.001+K77.0*".  Canonical text compares bytewise in
 * the hierarchy's natural order: a code's descendants (子目) start with the
 * code itself, so they sort right after it and form one contiguous range.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_ICD10_H
#define MEDINS_ICD10_H

#include "fmgr.h"

/* Longest canonical code: "A01.000x005+M90.803*" has 20 characters. */
#define ICD10_MAXLEN		32

/* Longest input text looked at (after trimming). */
#define ICD10_MAX_INPUT		64

/* Byte appended to a code to get the exclusive end of its subtree. */
#define ICD10_SUBTREE_END	'\x7f'

/* Version of the binary send/recv format. */
#define ICD10_BINARY_VERSION	1

/* The parts of a parsed code, as offsets into its canonical text. */
typedef struct Icd10Parsed
{
	char		code[ICD10_MAXLEN + 1]; /* canonical text, NUL-terminated */
	int			len;			/* strlen(code) */
	int			base_len;		/* length of the main (dagger) code */
	bool		has_pair;		/* "+asterisk*" follows the main code */
	bool		asterisk_alone; /* the main code itself ends in "*" */
	bool		has_morphology; /* a morphology code "M99999/9" follows */
} Icd10Parsed;

/* Access to a stored code without copying it. */
#define DatumGetIcd10P(d)	((struct varlena *) PG_DETOAST_DATUM_PACKED(d))
#define PG_GETARG_ICD10_P(n) DatumGetIcd10P(PG_GETARG_DATUM(n))
#define ICD10_DATA(v)		VARDATA_ANY(v)
#define ICD10_LEN(v)		((int) VARSIZE_ANY_EXHDR(v))

/* icd10_parse.c */
extern const char *icd10_parse_text(const char *input, int inlen,
									Icd10Parsed *out);
extern void icd10_reparse(const char *code, int len, Icd10Parsed *out);

/* icd10.c */
extern struct varlena *icd10_make(const char *code, int len);
extern int	icd10_compare_bytes(const char *a, int alen,
								const char *b, int blen);
extern bool icd10_prefix_of(const char *a, int alen,
							const char *b, int blen);

/* icd10_set.c */
extern bool icd10_set_contains_code(const char *set, int setlen,
									const char *code, int codelen);

#endif							/* MEDINS_ICD10_H */
