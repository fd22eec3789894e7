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

/* Exact yuan (numeric) to fen; more than two decimals are rounded half up. */
Fen
numeric_to_fen(Datum num)
{
	Datum		scaled = DirectFunctionCall2(numeric_mul, num,
											 NumericGetDatum(int64_to_numeric(100)));

	return DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));
}

/* Fen to numeric yuan with two decimals. */
Datum
fen_to_numeric(Fen fen)
{
	return NumericGetDatum(int64_div_fast_to_numeric(fen, 2));
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
