/*-------------------------------------------------------------------------
 *
 * pinyin.c
 *	  拼音码: pinyin initials of Chinese text, as hospital diagnosis pickers
 *	  use them ("tnb" finds 糖尿病).
 *
 * Each Han character is transliterated alone with ICU's "Han-Latin;
 * Latin-ASCII" transform and contributes the first letter of its reading;
 * ASCII letters and digits are kept (lower case); everything else is
 * dropped.  ICU gives one reading per character, so a 多音字 gets its most
 * common reading only.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uchar.h>

PG_FUNCTION_INFO_V1(pinyin_initials);

/* The transform, opened once per backend. */
static UTransliterator *han_latin = NULL;

/*
 * Initials already found for the common CJK blocks U+3400..U+9FFF, so that
 * each character goes through the (slow) transform once per backend:
 * 0 not yet known, 1 no initial, else the letter.
 */
#define HAN_CACHE_FIRST 0x3400
#define HAN_CACHE_LAST	0x9FFF
static char han_cache[HAN_CACHE_LAST - HAN_CACHE_FIRST + 1];

/* Opens the Han-Latin transform on first use. */
static UTransliterator *
get_transliterator(void)
{
	if (han_latin == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;
		UChar		id[64];

		u_uastrcpy(id, "Han-Latin; Latin-ASCII");
		han_latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		if (U_FAILURE(status))
		{
			han_latin = NULL;
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("could not open ICU transform \"Han-Latin\": %s",
							u_errorName(status))));
		}
	}
	return han_latin;
}

/* The initial (lower-case ASCII letter) of one Han character's reading, or 0. */
static char
han_initial(UChar32 c)
{
	UChar		buf[32];
	int32_t		len = 0;
	int32_t		limit;
	UErrorCode	status = U_ZERO_ERROR;

	U16_APPEND_UNSAFE(buf, len, c);
	limit = len;
	utrans_transUChars(get_transliterator(), buf, &len, lengthof(buf), 0, &limit, &status);
	if (U_FAILURE(status))
		return 0;
	for (int i = 0; i < len; i++)
		if (buf[i] < 0x80 && isalpha(buf[i]))
			return (char) tolower(buf[i]);
	return 0;
}

/* pinyin_initials(text): 拼音首字母 of the text. */
Datum
pinyin_initials(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *utf8 = (char *) s;
	StringInfoData out;
	int32_t		i = 0;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		utf8 = (char *) pg_server_to_any(s, len, PG_UTF8);
		if (utf8 != s)
			len = strlen(utf8);
	}
	initStringInfo(&out);
	while (i < len)
	{
		UChar32		c;

		U8_NEXT(utf8, i, len, c);
		if (c < 0)
			continue;
		if (c < 0x80)
		{
			if (isalnum(c))
				appendStringInfoChar(&out, tolower(c));
		}
		else if (c >= HAN_CACHE_FIRST && c <= HAN_CACHE_LAST)
		{
			char	   *cached = &han_cache[c - HAN_CACHE_FIRST];

			if (*cached == 0)
			{
				char		initial = u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ? han_initial(c) : 0;

				*cached = initial ? initial : 1;
			}
			if (*cached != 1)
				appendStringInfoChar(&out, *cached);
		}
		else if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
		{
			char		initial = han_initial(c);

			if (initial)
				appendStringInfoChar(&out, initial);
		}
		else if (u_isalnum(c))
		{
			/* full-width letters and digits: their ASCII form */
			UChar32		f = u_tolower(c);

			if (f >= 0xFF10 && f <= 0xFF5A)
				appendStringInfoChar(&out, (char) (f - 0xFEE0));
		}
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
