/*-------------------------------------------------------------------------
 *
 * settle_input.h
 *	  The benefit engine's inputs for many claims at once, built in C: the
 *	  same medins.claim_facts and medins.scope_split as the per-claim view
 *	  medins.settlement_input gives (sql/settle_zx_bulk.sql compares them for
 *	  every claim), without a query per claim.
 *
 * settle_lookup.c reads the reference and per-person rows once into hash
 * tables (catalogue, institutions and their agreement events, physician
 * sanctions, schemes, persons with their contributions, special-disease
 * approvals and accumulators, audit-disallowed money); settle_scan.c walks
 * the claims a month at a time, summing that month's items by claim, and
 * hands out batches of ClaimInput; presettle_bulk.c is the SQL interface.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_SETTLE_INPUT_H
#define MEDINS_SETTLE_INPUT_H

#include "postgres.h"

#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/date.h"

#include "policy.h"

/* A claim's key: the columns naming it in medins.claim and claim_item. */
typedef struct ClaimKey
{
	int64		person_id;
	int64		claim_id;
	DateADT		claim_date;
} ClaimKey;

static inline uint32
hash_int64(int64 v)
{
	return hash_combine(hash_bytes_uint32((uint32) v),
						hash_bytes_uint32((uint32) ((uint64) v >> 32)));
}

static inline uint32
claim_key_hash(const ClaimKey *k)
{
	return hash_int64(k->claim_id ^ (k->person_id * INT64CONST(0x9E3779B97F4A7C15)) ^
					  ((int64) k->claim_date << 40));
}

static inline bool
claim_key_equal(const ClaimKey *a, const ClaimKey *b)
{
	return a->claim_id == b->claim_id && a->person_id == b->person_id &&
		a->claim_date == b->claim_date;
}

/* Bytes and length of a text datum (no copy for short values). */
static inline const char *
text_datum_bytes(Datum d, int *len)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);

	*len = VARSIZE_ANY_EXHDR(v);
	return VARDATA_ANY(v);
}

/* A catalogue item as the scope split needs it. */
typedef struct CatalogueRule
{
	char		item_class;		/* 'A', 'B', 'C' */
	bool		has_standard;
	int64		standard_e4;	/* payment_standard in 1/10000 yuan */
	Datum		standard;		/* the same as numeric (overflow fallback) */
	Bp			first_share;
} CatalogueRule;

/*
 * A claim row's columns the facts depend on: kind, referral and cause
 * interned, the other texts as bytes and length (valid while the row is).
 */
typedef struct ClaimRow
{
	ClaimKey	key;
	const char *kind;
	const char *institution;
	int			institution_len;
	const char *physician;		/* NULL: none */
	int			physician_len;
	bool		has_discharge;
	DateADT		discharge_date;
	const char *diagnosis;
	int			diagnosis_len;
	const char *diagnosis_interned;
	const char *referral;
	bool		emergency;
	bool		out_of_area;
	const char *cause;			/* NULL: none */
	const char *outcome;		/* discharge_outcome; NULL: none */
} ClaimRow;

/* What the engine takes for one claim, with its key. */
typedef struct ClaimInput
{
	ClaimKey	key;
	ClaimFacts	facts;
	ScopeSplit	scope;
	const Accum *accs;			/* the person's accumulators of the scheme year */
	int			naccs;
} ClaimInput;

typedef struct SettleLookup SettleLookup;
typedef struct InputScan InputScan;

/* settle_lookup.c (every function that reads tables needs SPI connected) */
extern int64 numeric_scaled(Datum num, Datum factor);
extern SettleLookup *settle_lookup_load(MemoryContext cxt, bool accumulators);
extern const char *settle_lookup_intern(SettleLookup *lk, const char *s, int len);
extern const char *settle_lookup_intern_datum(SettleLookup *lk, Datum d, bool isnull);
extern const CatalogueRule *settle_lookup_catalogue(SettleLookup *lk,
													const char *code, int len);
extern bool settle_lookup_disallowed(SettleLookup *lk, const ClaimKey *key,
									 int item_no, Fen *amount);
extern const char *settle_lookup_enum(SettleLookup *lk, Datum value);
extern bool settle_lookup_input(SettleLookup *lk, const ClaimRow *row,
								bool accumulators, ClaimInput *in);

/* settle_scan.c */
extern void spi_each_row(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes,
						 Datum *args, void (*row) (void *arg, Datum *values, bool *nulls),
						 void *arg);
extern InputScan *input_scan_begin(MemoryContext cxt, bool has_from, DateADT from,
								   bool has_to, DateADT to, bool accumulators);
extern int	input_scan_next(InputScan *scan, const ClaimInput **batch, int max);

#endif							/* MEDINS_SETTLE_INPUT_H */
