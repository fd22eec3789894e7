/*-------------------------------------------------------------------------
 *
 * money.h
 *	  Exact money for the benefit engine: integer fen (分) and ratios in
 *	  basis points (万分之一).
 *
 * Rounding rule (doc/settlement.md): an amount times a ratio is rounded to
 * the fen half up (四舍五入), once per line (item first share, segment,
 * layer); the person's pay is the total minus every fund line, so no fen is
 * lost or made up.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_MONEY_H
#define MEDINS_MONEY_H

#include "postgres.h"

#include "fmgr.h"

typedef int64 Fen;				/* money in fen: 1 yuan = 100 */
typedef int32 Bp;				/* ratio in basis points: 1.0 = 10000 */

#define BP_ONE 10000

/* amount × ratio, rounded half up to the fen (amount >= 0). */
static inline Fen
fen_times_bp(Fen amount, Bp ratio)
{
	return (amount * (int64) ratio + BP_ONE / 2) / BP_ONE;
}

/* The cost whose fund share at ratio is at most pay: pay / ratio, rounded down. */
static inline Fen
fen_divide_bp(Fen pay, Bp ratio)
{
	return ratio <= 0 ? 0 : (pay * BP_ONE) / ratio;
}

static inline Fen
fen_min(Fen a, Fen b)
{
	return a < b ? a : b;
}

static inline Fen
fen_max(Fen a, Fen b)
{
	return a > b ? a : b;
}

/* Room for the numeric of any fen amount (see money.c), aligned as a varlena. */
typedef union FenNumeric
{
	int32		align;
	char		bytes[VARHDRSZ + sizeof(uint16) + 6 * sizeof(int16)];
} FenNumeric;

extern Fen	numeric_to_fen(Datum num);
extern Datum fen_to_numeric(Fen fen);
extern Datum fen_to_numeric_in(Fen fen, FenNumeric *buf);
extern Bp	numeric_to_bp(Datum num);
extern Datum bp_to_numeric(Bp bp);
extern void append_fen(StringInfo buf, Fen fen);

#endif							/* MEDINS_MONEY_H */
