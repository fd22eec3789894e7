/*-------------------------------------------------------------------------
 *
 * icd10_parse.c
 *	  Normalisation and parsing of ICD-10 code text as hospital systems
 *	  send it (医院上传的诊断编码).
 *
 * Text that is pure ASCII is normalised in C; anything else goes through
 * ICU's NFKC first (全角 letters, digits and punctuation become ASCII), and
 * the ideographic full stops 。 and ． become ".".  Text whose only
 * non-ASCII characters are full-width forms and ideographic spaces or full
 * stops takes a C fast path with the same result (NFKC of those is a fixed
 * offset).  Then the grammar:
 *
 *	code	:= main [ pair | morphology ]
 *	main	:= base [ "x" 999 ] [ "*" ]			("x" only after L99.999/L99.x99)
 *	base	:= L 99 [ "." ( 9 | 99 | 999 | "x" 99 ) ]
 *	pair	:= ("+" | "†") base "*"				(dagger+asterisk, 剑号星号)
 *	morphology := "M" 9999[9] "/" 9			(肿瘤形态学编码)
 *
 * Three source anomalies of the clinical 2.0 map (data/icd10/README.md) are
 * accepted deliberately and written canonically: a pair without its "+"
 * ("B37.600I39.8"), a pair without its closing "*" ("K74.300x011+I98.2"),
 * both becoming "…+…*"; and a 6-character asterisk part ("+M90.803*").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "mb/pg_wchar.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "icd10.h"

/* State of one parse: the normalised input and the canonical output. */
typedef struct ParseState
{
	const char *s;				/* normalised ASCII input */
	int			len;
	int			pos;
	Icd10Parsed *out;
} ParseState;

/* Appends one character to the canonical output. */
static inline void
emit(ParseState *ps, char c)
{
	if (ps->out->len < ICD10_MAXLEN)
		ps->out->code[ps->out->len++] = c;
}

/* Character at the current position, or NUL at the end. */
static inline char
peek(ParseState *ps, int ahead)
{
	int			p = ps->pos + ahead;

	return p < ps->len ? ps->s[p] : '\0';
}

/* Error detail for an unexpected character (or end) at the current position. */
static const char *
expected(ParseState *ps, const char *what)
{
	if (ps->pos >= ps->len)
		return psprintf("Expected %s at character %d, found the end of the code.",
						what, ps->pos + 1);
	return psprintf("Expected %s at character %d, found \"%c\".",
					what, ps->pos + 1, ps->s[ps->pos]);
}

/* Copies n digits to the output; NULL, or the detail of what is missing. */
static const char *
parse_digits(ParseState *ps, int n, const char *what)
{
	for (int i = 0; i < n; i++)
	{
		if (!isdigit((unsigned char) peek(ps, 0)))
			return expected(ps, what);
		emit(ps, ps->s[ps->pos++]);
	}
	return NULL;
}

/* Parses "L99[.9|.99|.999|.x99]"; *six is set when the form takes "x999". */
static const char *
parse_base(ParseState *ps, bool *six)
{
	const char *err;
	int			ndigits = 0;

	*six = false;
	if (!isalpha((unsigned char) peek(ps, 0)))
		return expected(ps, "a category letter A-Z");
	emit(ps, toupper((unsigned char) ps->s[ps->pos++]));
	if ((err = parse_digits(ps, 2, "a digit of the category (L99)")) != NULL)
		return err;
	if (peek(ps, 0) != '.')
		return NULL;
	emit(ps, '.');
	ps->pos++;
	if (peek(ps, 0) == 'x' || peek(ps, 0) == 'X')
	{
		emit(ps, 'x');
		ps->pos++;
		*six = true;
		return parse_digits(ps, 2, "a digit after the placeholder \"x\" (L99.x99)");
	}
	while (isdigit((unsigned char) peek(ps, 0)))
	{
		if (++ndigits > 3)
			return expected(ps, "at most three digits after \".\"");
		emit(ps, ps->s[ps->pos++]);
	}
	if (ndigits == 0)
		return expected(ps, "a digit or \"x\" after \".\"");
	*six = (ndigits == 3);
	return NULL;
}

/* Parses the asterisk part of a dagger/asterisk pair, "*" optional. */
static const char *
parse_pair(ParseState *ps)
{
	bool		six;
	const char *err;

	emit(ps, '+');
	if ((err = parse_base(ps, &six)) != NULL)
		return err;
	if (peek(ps, 0) == '*')
		ps->pos++;
	emit(ps, '*');
	ps->out->has_pair = true;
	return NULL;
}

/* Parses a morphology code "M99999/9" glued to the diagnosis. */
static const char *
parse_morphology(ParseState *ps)
{
	const char *err;
	int			ndigits = 0;

	emit(ps, 'M');
	ps->pos++;
	while (isdigit((unsigned char) peek(ps, 0)) && ndigits < 5)
	{
		emit(ps, ps->s[ps->pos++]);
		ndigits++;
	}
	if (ndigits < 4)
		return expected(ps, "a digit of the morphology code (M9999/9)");
	if (peek(ps, 0) != '/')
		return expected(ps, "\"/\" before the behaviour digit of the morphology code");
	emit(ps, '/');
	ps->pos++;
	if ((err = parse_digits(ps, 1, "the behaviour digit of the morphology code")) != NULL)
		return err;
	ps->out->has_morphology = true;
	return NULL;
}

/* True when the text at the current position starts a morphology code. */
static bool
at_morphology(ParseState *ps)
{
	if (peek(ps, 0) != 'M' && peek(ps, 0) != 'm')
		return false;
	for (int i = 1; i <= 4; i++)
		if (!isdigit((unsigned char) peek(ps, i)))
			return false;
	return true;
}

/* Parses normalised ASCII text into *out; NULL or an error detail. */
static const char *
parse_ascii(const char *s, int len, Icd10Parsed *out)
{
	ParseState	ps = {s, len, 0, out};
	const char *err = NULL;
	bool		six;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return "Expected an ICD-10 code such as \"I63.9\" or \"E11.900\", found an empty string.";
	if ((err = parse_base(&ps, &six)) != NULL)
		return err;
	if (six && (peek(&ps, 0) == 'x' || peek(&ps, 0) == 'X') &&
		isdigit((unsigned char) peek(&ps, 1)))
	{
		emit(&ps, 'x');
		ps.pos++;
		if ((err = parse_digits(&ps, 3, "a digit of the extension (x999)")) != NULL)
			return err;
	}
	else if ((peek(&ps, 0) == 'x' || peek(&ps, 0) == 'X') &&
			 isdigit((unsigned char) peek(&ps, 1)))
		return expected(&ps, "the end of the code (an extension x999 follows only L99.999 or L99.x99)");
	out->base_len = out->len;
	if (peek(&ps, 0) == '+' || peek(&ps, 0) == '\x01')
	{
		ps.pos++;
		err = parse_pair(&ps);
	}
	else if (at_morphology(&ps))
		err = parse_morphology(&ps);
	else if (isalpha((unsigned char) peek(&ps, 0)) && peek(&ps, 0) != 'x' &&
			 peek(&ps, 0) != 'X')
		err = parse_pair(&ps);	/* anomaly: "+" missing */
	else if (peek(&ps, 0) == '*')
	{
		ps.pos++;
		emit(&ps, '*');
		out->asterisk_alone = true;
	}
	if (err != NULL)
		return err;
	if (ps.pos < len)
		return expected(&ps, "the end of the code");
	out->code[out->len] = '\0';
	return NULL;
}

/*
 * Runs ICU NFKC over UTF-8 text and writes it as ASCII into buf.  The
 * ideographic full stops become ".", the dagger sign † becomes \x01 (read
 * as "+"); any other character outside ASCII is an error.
 */
static const char *
normalize_unicode(const char *in, int inlen, char *buf, int *buflen)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
	UChar		src[ICD10_MAX_INPUT * 2];
	UChar		dst[ICD10_MAX_INPUT * 4];
	int32_t		srclen;
	int32_t		dstlen;
	int			n = 0;

	u_strFromUTF8(src, lengthof(src), &srclen, in, inlen, &status);
	if (U_FAILURE(status))
		return "Expected UTF-8 text of at most 64 characters.";
	dstlen = unorm2_normalize(nfkc, src, srclen, dst, lengthof(dst), &status);
	if (U_FAILURE(status))
		return psprintf("Unicode normalisation (NFKC) failed: %s.", u_errorName(status));
	for (int i = 0; i < dstlen; i++)
	{
		UChar		c = dst[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return psprintf("Expected letters, digits and \". x + *\"; found control character U+%04X at character %d.",
							(unsigned int) c, i + 1);
		if (c == 0x3002 || c == 0xFF0E)
			c = '.';
		else if (c == 0x2020)
			c = 0x01;
		else if (c == 0x3000)
			c = ' ';
		if (c >= 0x80)
			return psprintf("Expected letters, digits and \". x + *\"; found U+%04X at character %d.",
							(unsigned int) dst[i], i + 1);
		if (n >= ICD10_MAX_INPUT)
			return "Expected at most 64 characters.";
		buf[n++] = (char) c;
	}
	*buflen = n;
	return NULL;
}

/*
 * Fast path of the normalisation for the usual case: every non-ASCII
 * character is a full-width form U+FF01..U+FF5E (NFKC: minus 0xFEE0), the
 * ideographic space U+3000 or the ideographic full stop U+3002.  Writes
 * ASCII into buf and returns true; false sends the text to ICU.
 */
static bool
normalize_fullwidth(const char *in, int inlen, char *buf, int *buflen)
{
	const unsigned char *s = (const unsigned char *) in;
	int			n = 0;

	for (int i = 0; i < inlen;)
	{
		unsigned int c;

		if (n >= ICD10_MAX_INPUT)
			return false;
		if (s[i] < 0x80)
		{
			if (s[i] < 0x20 || s[i] == 0x7f)
				return false;	/* control characters: ICU path reports them */
			buf[n++] = s[i++];
			continue;
		}
		if (i + 3 > inlen)
			return false;
		if ((s[i] & 0xF0) != 0xE0 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
			return false;
		c = ((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
		if (c >= 0xFF01 && c <= 0xFF5E)
			buf[n++] = (char) (c - 0xFEE0);
		else if (c == 0x3000)
			buf[n++] = ' ';
		else if (c == 0x3002)
			buf[n++] = '.';
		else
			return false;
		i += 3;
	}
	*buflen = n;
	return true;
}

/*
 * Normalises and parses input text (in the database encoding) into *out.
 * Returns NULL on success, or the errdetail text saying what was expected
 * where; never throws for bad input.
 */
const char *
icd10_parse_text(const char *input, int inlen, Icd10Parsed *out)
{
	char		buf[ICD10_MAX_INPUT * 4];
	const char *s = input;
	int			len = inlen;
	bool		ascii = true;

	while (len > 0 && isspace((unsigned char) s[0]))
		s++, len--;
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	if (len > ICD10_MAX_INPUT * 3)
		return "Expected at most 64 characters.";
	for (int i = 0; i < len && ascii; i++)
		ascii = !IS_HIGHBIT_SET(s[i]) && s[i] != '\x01';
	if (!ascii)
	{
		const char *utf8 = s;
		int			ulen = len;
		const char *err;

		if (GetDatabaseEncoding() != PG_UTF8)
		{
			utf8 = pg_server_to_any(s, len, PG_UTF8);
			if (utf8 != s)
				ulen = strlen(utf8);
		}
		if (!normalize_fullwidth(utf8, ulen, buf, &len) &&
			(err = normalize_unicode(utf8, ulen, buf, &len)) != NULL)
			return err;
		s = buf;
		while (len > 0 && isspace((unsigned char) s[0]))
			s++, len--;
		while (len > 0 && isspace((unsigned char) s[len - 1]))
			len--;
	}
	if (len > ICD10_MAX_INPUT)
		return "Expected at most 64 characters.";
	return parse_ascii(s, len, out);
}

/* Fills *out from a stored canonical code (which always parses). */
void
icd10_reparse(const char *code, int len, Icd10Parsed *out)
{
	if (len > ICD10_MAXLEN || parse_ascii(code, len, out) != NULL)
	{
		/* not canonical (a subtree bound): keep the text, no structure */
		memset(out, 0, sizeof(*out));
		out->len = Min(len, ICD10_MAXLEN);
		memcpy(out->code, code, out->len);
		out->base_len = out->len;
	}
}
