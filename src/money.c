/*-------------------------------------------------------------------------
 *
 * money.c
 *	  Conversions between numeric yuan and integer fen, numeric ratios and
 *	  basis points.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "money.h"

#if PG_VERSION_NUM < 140000
/* PostgreSQL 13 lacks these two; the same through the SQL-level functions. */
static Numeric
int64_to_numeric(int64 val)
{
	return DatumGetNumeric(DirectFunctionCall1(int8_numeric, Int64GetDatum(val)));
}

static Numeric
int64_div_fast_to_numeric(int64 val, int log10val2)
{
	Datum		num = DirectFunctionCall1(int8_numeric, Int64GetDatum(val));
	int64		divisor = 1;
	int			scale;

	for (scale = 0; scale < log10val2; scale++)
		divisor *= 10;
	num = DirectFunctionCall2(numeric_div, num,
							  DirectFunctionCall1(int8_numeric, Int64GetDatum(divisor)));
	return DatumGetNumeric(DirectFunctionCall2(numeric_round, num, Int32GetDatum(log10val2)));
}
#endif

/*
 * Numeric's on-disk format, read and written directly for amounts with at
 * most two decimals: the engine converts ~20 amounts a claim, and the
 * arithmetic path (int8 → numeric, multiply or divide, strip) was a tenth of
 * its time.  The format is that of data files, which pg_upgrade keeps, so
 * it is stable across major versions.  After the length word, a uint16
 * header:
 *   10 s dddddd w wwwwww  short form: sign s, display scale d, weight w
 *                         (7 bits, two's complement);
 *   0s dddddddddddddd     long form: sign s, display scale, then an int16
 *                         weight;
 *   11 …                  NaN or an infinity;
 * then base-10000 digits (int16), the first of them times 10000^weight,
 * with no leading or trailing zero digits; zero has none (weight 0, +).
 */
#define NUM_FORM_MASK			0xC000
#define NUM_LONG_NEG			0x4000
#define NUM_SHORT				0x8000
#define NUM_SHORT_NEG			0x2000
#define NUM_SHORT_DSCALE_SHIFT	7
#define NUM_SHORT_WEIGHT_NEG	0x0040
#define NUM_SHORT_WEIGHT_MASK	0x003F
#define NUM_BASE				10000
#define NUM_MAX_DIGITS			6	/* of a fen amount: 5 integral, 1 fraction */

/* Digit i of a numeric's digits (unaligned in a packed datum); 0 past the end. */
static int
num_digit(const char *digits, int ndigits, int i)
{
	int16		d;

	if (i < 0 || i >= ndigits)
		return 0;
	memcpy(&d, digits + i * sizeof(int16), sizeof(int16));
	return d;
}

/*
 * Reads a finite numeric with at most two decimals (and below 10^16) into
 * fen exactly; false for anything else, left to the arithmetic path.
 */
static bool
numeric_fen_exact(Datum num, Fen *fen)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(num);
	const char *p = VARDATA_ANY(v);
	int			len = VARSIZE_ANY_EXHDR(v);
	uint16		head;
	int16		weight;
	bool		neg;
	int			ndigits,
				e,
				last;
	int64		acc = 0;

	if (len < (int) sizeof(uint16))
		return false;
	memcpy(&head, p, sizeof(uint16));
	if ((head & NUM_FORM_MASK) == NUM_SHORT)
	{
		neg = (head & NUM_SHORT_NEG) != 0;
		weight = head & NUM_SHORT_WEIGHT_MASK;
		if (head & NUM_SHORT_WEIGHT_NEG)
			weight -= NUM_SHORT_WEIGHT_MASK + 1;
		p += sizeof(uint16);
		len -= sizeof(uint16);
	}
	else if ((head & NUM_FORM_MASK) != NUM_FORM_MASK && len >= 2 * (int) sizeof(uint16))
	{
		neg = (head & NUM_FORM_MASK) == NUM_LONG_NEG;
		memcpy(&weight, p + sizeof(uint16), sizeof(int16));
		p += 2 * sizeof(uint16);
		len -= 2 * sizeof(uint16);
	}
	else
		return false;
	ndigits = len / (int) sizeof(int16);
	if (ndigits == 0)
	{
		*fen = 0;
		return true;
	}
	/* The last digit must be yuan or the first four decimals; below 10^16. */
	if (weight > 3 || weight - (ndigits - 1) < -1)
		return false;
	for (e = weight; e >= 0; e--)
		acc = acc * NUM_BASE + num_digit(p, ndigits, weight - e);
	last = num_digit(p, ndigits, weight + 1);
	if (last % 100 != 0)
		return false;
	acc = acc * 100 + last / 100;
	*fen = neg ? -acc : acc;
	return true;
}

/* Exact yuan (numeric) to fen; more than two decimals are rounded half up. */
Fen
numeric_to_fen(Datum num)
{
	Datum		scaled;
	Fen			fen;

	if (numeric_fen_exact(num, &fen))
		return fen;
	scaled = DirectFunctionCall2(numeric_mul, num, NumericGetDatum(int64_to_numeric(100)));
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));
}

/*
 * Fen to numeric yuan with two decimals (display scale 2), built in buf in
 * the short form as numeric's own arithmetic would build it.  The datum
 * lives as long as buf: for values that heap_form_tuple() or
 * construct_array() copy.
 */
Datum
fen_to_numeric_in(Fen fen, FenNumeric *buf)
{
	uint64		abs = fen < 0 ? -(uint64) fen : (uint64) fen;
	uint64		yuan = abs / 100;
	int16		digits[NUM_MAX_DIGITS];
	int			first = NUM_MAX_DIGITS - 1,
				end = NUM_MAX_DIGITS,
				weight,
				size;
	uint16		head;
	char	   *num = buf->bytes;

	if (fen == 0)
	{
		/* zero: no digits, weight 0, positive */
		head = NUM_SHORT | (2 << NUM_SHORT_DSCALE_SHIFT);
		SET_VARSIZE(num, VARHDRSZ + sizeof(uint16));
		memcpy(num + VARHDRSZ, &head, sizeof(uint16));
		return PointerGetDatum(num);
	}
	/* digits[first..end): the integral digits, then the fen as a fraction. */
	digits[NUM_MAX_DIGITS - 1] = (int16) ((abs % 100) * 100);
	for (; yuan > 0; yuan /= NUM_BASE)
		digits[--first] = (int16) (yuan % NUM_BASE);
	weight = NUM_MAX_DIGITS - 2 - first;
	while (digits[end - 1] == 0)
		end--;
	head = NUM_SHORT | (2 << NUM_SHORT_DSCALE_SHIFT) |
		(fen < 0 ? NUM_SHORT_NEG : 0) |
		(weight < 0 ? NUM_SHORT_WEIGHT_NEG : 0) | (weight & NUM_SHORT_WEIGHT_MASK);
	StaticAssertStmt(sizeof(buf->bytes) == VARHDRSZ + sizeof(uint16) + NUM_MAX_DIGITS * sizeof(int16),
					 "FenNumeric holds NUM_MAX_DIGITS digits");
	size = VARHDRSZ + sizeof(uint16) + (end - first) * sizeof(int16);
	SET_VARSIZE(num, size);
	memcpy(num + VARHDRSZ, &head, sizeof(uint16));
	memcpy(num + VARHDRSZ + sizeof(uint16), digits + first, (end - first) * sizeof(int16));
	return PointerGetDatum(num);
}

/* Fen to numeric yuan with two decimals, palloc'd. */
Datum
fen_to_numeric(Fen fen)
{
	FenNumeric	buf;
	Datum		num = fen_to_numeric_in(fen, &buf);
	Size		size = VARSIZE(DatumGetPointer(num));
	char	   *copy = palloc(size);

	memcpy(copy, DatumGetPointer(num), size);
	return PointerGetDatum(copy);
}

/* A ratio such as 0.6500 to basis points (6500); finer digits rounded. */
Bp
numeric_to_bp(Datum num)
{
	Datum		scaled = DirectFunctionCall2(numeric_mul, num,
											 NumericGetDatum(int64_to_numeric(BP_ONE)));

	return DatumGetInt32(DirectFunctionCall1(numeric_int4, scaled));
}

/* Basis points to a numeric ratio with four decimals. */
Datum
bp_to_numeric(Bp bp)
{
	return NumericGetDatum(int64_div_fast_to_numeric(bp, 4));
}

/*
 * Appends fen as a JSON number in yuan: 123456 -> 1234.56.  Written by hand
 * rather than through appendStringInfo: the trail has a dozen of these per
 * claim and the printf machinery dominated the engine's cost.
 */
void
append_fen(StringInfo buf, Fen fen)
{
	char		digits[32];
	int			n = 0;
	uint64		abs = fen < 0 ? (uint64) (-fen) : (uint64) fen;

	do
	{
		if (n == 2)
			digits[n++] = '.';
		digits[n++] = (char) ('0' + abs % 10);
		abs /= 10;
	} while (abs > 0 || n < 4);
	if (fen < 0)
		digits[n++] = '-';
	enlargeStringInfo(buf, n);
	while (n > 0)
		buf->data[buf->len++] = digits[--n];
	buf->data[buf->len] = '\0';
}

PG_FUNCTION_INFO_V1(yuan_of_fen_sql);
PG_FUNCTION_INFO_V1(fen_of_yuan_sql);

/* SQL: medins.yuan_of_fen(bigint): fen as numeric yuan with two decimals. */
Datum
yuan_of_fen_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(fen_to_numeric(PG_GETARG_INT64(0)));
}

/* SQL: medins.fen_of_yuan(numeric): yuan in fen, rounded half up. */
Datum
fen_of_yuan_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(numeric_to_fen(PG_GETARG_DATUM(0)));
}
