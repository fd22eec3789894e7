/*-------------------------------------------------------------------------
 *
 * settle_scan.c
 *	  Walks the claims of a date range a month at a time and builds each
 *	  claim's benefit inputs (ClaimInput) without a query per claim.
 *
 * For each month (claims and items are both partitioned by month of
 * claim_date, so each of a month's two queries reads one partition): the
 * month's claims are read into a hash table by key, each with its facts
 * from settle_lookup.c, then the month's items are read once and added to
 * their claim's scope split by scope_split_add(), as the medins.scope_split()
 * aggregate adds them.  The caller then takes the month's inputs in
 * batches.  Memory: the lookup tables plus one month's claims.
 *
 * Queries go through spi_each_row(), which hands each row's values to a
 * callback as the executor produces them (no copy of the rows on
 * PostgreSQL 14 and later); their plans are prepared once per backend.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "nodes/makefuncs.h"
#include "nodes/params.h"
#include "partitioning/partbounds.h"
#include "partitioning/partdesc.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/partcache.h"
#include "utils/rel.h"

#include "settle_input.h"

/* Rows handed to a callback between resets of its memory context. */
#define ROWS_PER_RESET 8192

/* One claim of the current month, by key. */
typedef struct ClaimEntry
{
	ClaimInput	input;
	uint32		hash;
	char		status;
} ClaimEntry;

#define SH_PREFIX claimmap
#define SH_ELEMENT_TYPE ClaimEntry
#define SH_KEY_TYPE ClaimKey
#define SH_KEY input.key
#define SH_HASH_KEY(tb, k) claim_key_hash(&(k))
#define SH_EQUAL(tb, a, b) claim_key_equal(&(a), &(b))
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/*
 * A numeric converted to a scaled integer, remembered by the datum's bytes
 * (equal bytes are an equal value): item amounts and quantities repeat,
 * and a numeric multiplication per item was a tenth of the scan.
 */
#define MEMO_SLOTS 16384		/* a power of two */
#define MEMO_MAX_BYTES 14

typedef struct MemoSlot
{
	uint8		len;			/* 0: empty */
	char		bytes[MEMO_MAX_BYTES];
	int64		value;
} MemoSlot;

struct InputScan
{
	MemoryContext cxt;
	SettleLookup *lookup;
	DateADT		next;			/* first day not yet read */
	DateADT		end;			/* exclusive end of the range */
	claimmap_hash *claims;		/* the current month's claims (emptied, not freed) */
	bool		in_month;		/* handing out the current month's claims */
	claimmap_iterator iter;		/* the next one to hand out */
	Datum		thousand;		/* numeric 1000 */
	bool		accumulators;	/* the inputs carry the persons' accumulators */
	MemoSlot   *amounts;		/* amount -> fen */
	MemoSlot   *quantities;		/* quantity -> thousandths */
};

/*
 * The plan of a query, prepared once per backend and kept (as PL/pgSQL
 * keeps its statements' plans), generic: a month's range reaches the
 * partitions by run-time pruning instead of a planning per month.
 */
static SPIPlanPtr
kept_plan(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, argtypes, CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "medins: SPI_prepare failed for \"%s\": %s", sql,
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "medins: SPI_keepplan failed");
		*plan = p;
	}
	return *plan;
}

typedef void (*RowFunc) (void *arg, Datum *values, bool *nulls);

#if PG_VERSION_NUM >= 140000

/* A DestReceiver handing each row's values to a RowFunc. */
typedef struct RowReceiver
{
	DestReceiver pub;
	RowFunc		row;
	void	   *arg;
	MemoryContext rows_cxt;		/* where row() runs, reset now and then */
	int			since_reset;
} RowReceiver;

static bool
receive_row(TupleTableSlot *slot, DestReceiver *self)
{
	RowReceiver *r = (RowReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->rows_cxt);

	slot_getallattrs(slot);
	r->row(r->arg, slot->tts_values, slot->tts_isnull);
	MemoryContextSwitchTo(old);
	if (++r->since_reset == ROWS_PER_RESET)
	{
		MemoryContextReset(r->rows_cxt);
		r->since_reset = 0;
	}
	return true;
}

static void
receive_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
receive_shutdown(DestReceiver *self)
{
}

/*
 * Runs a read-only query (its plan kept in *plan) and calls row() with each
 * row's values as the executor produces them.  row() runs in a context
 * reset every ROWS_PER_RESET rows: what it keeps it must allocate
 * elsewhere.  SPI must be connected.
 */
void
spi_each_row(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes, Datum *args,
			 RowFunc row, void *arg)
{
	RowReceiver r;
	SPIExecuteOptions options;
	ParamListInfo params = nargs > 0 ? makeParamList(nargs) : NULL;
	int			i;

	kept_plan(plan, sql, nargs, argtypes);
	for (i = 0; i < nargs; i++)
	{
		params->params[i].value = args[i];
		params->params[i].isnull = false;
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].ptype = argtypes[i];
	}
	memset(&r, 0, sizeof(r));
	r.pub.receiveSlot = receive_row;
	r.pub.rStartup = receive_startup;
	r.pub.rShutdown = receive_shutdown;
	r.pub.rDestroy = receive_shutdown;
	r.pub.mydest = DestNone;
	r.row = row;
	r.arg = arg;
	r.rows_cxt = AllocSetContextCreate(CurrentMemoryContext, "medins rows",
									   ALLOCSET_DEFAULT_SIZES);
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = true;
	options.dest = &r.pub;
	if (SPI_execute_plan_extended(*plan, &options) < 0)
		elog(ERROR, "medins: query failed: %s", sql);
	MemoryContextDelete(r.rows_cxt);
}

#else							/* PostgreSQL 13: rows copied through a cursor */

void
spi_each_row(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes, Datum *args,
			 RowFunc row, void *arg)
{
	MemoryContext rows_cxt = AllocSetContextCreate(CurrentMemoryContext, "medins rows",
												   ALLOCSET_DEFAULT_SIZES);
	Portal		portal = SPI_cursor_open(NULL, kept_plan(plan, sql, nargs, argtypes),
										 args, NULL, true);

	for (;;)
	{
		SPITupleTable *tt;
		Datum	   *values;
		bool	   *nulls;
		MemoryContext old;
		uint64		i;

		SPI_cursor_fetch(portal, true, ROWS_PER_RESET);
		if (SPI_processed == 0)
			break;
		tt = SPI_tuptable;
		old = MemoryContextSwitchTo(rows_cxt);
		values = palloc(sizeof(Datum) * tt->tupdesc->natts);
		nulls = palloc(sizeof(bool) * tt->tupdesc->natts);
		for (i = 0; i < SPI_processed; i++)
		{
			heap_deform_tuple(tt->vals[i], tt->tupdesc, values, nulls);
			row(arg, values, nulls);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(rows_cxt);
		SPI_freetuptable(tt);
	}
	SPI_cursor_close(portal);
	MemoryContextDelete(rows_cxt);
}

#endif

/*
 * claim: person_id, claim_id, claim_date, claim_kind, institution_code,
 * physician_code, discharge_date, principal_diagnosis, referral,
 * is_emergency, is_out_of_area, injury_cause, discharge_outcome — its
 * input, entered in the month's table with an empty scope.
 */
static void
add_claim(void *arg, Datum *v, bool *n)
{
	InputScan  *scan = arg;
	ClaimRow	r;
	ClaimInput	in;
	bool		found;

	memset(&r, 0, sizeof(r));
	r.key.person_id = DatumGetInt64(v[0]);
	r.key.claim_id = DatumGetInt64(v[1]);
	r.key.claim_date = DatumGetDateADT(v[2]);
	r.kind = settle_lookup_enum(scan->lookup, v[3]);
	r.institution = text_datum_bytes(v[4], &r.institution_len);
	if (!n[5])
		r.physician = text_datum_bytes(v[5], &r.physician_len);
	r.has_discharge = !n[6];
	r.discharge_date = n[6] ? 0 : DatumGetDateADT(v[6]);
	r.diagnosis = text_datum_bytes(v[7], &r.diagnosis_len);
	r.diagnosis_interned = settle_lookup_intern(scan->lookup, r.diagnosis, r.diagnosis_len);
	r.referral = settle_lookup_enum(scan->lookup, v[8]);
	r.emergency = DatumGetBool(v[9]);
	r.out_of_area = DatumGetBool(v[10]);
	r.cause = settle_lookup_intern_datum(scan->lookup, v[11], n[11]);
	r.outcome = settle_lookup_intern_datum(scan->lookup, v[12], n[12]);
	if (!settle_lookup_input(scan->lookup, &r, scan->accumulators, &in))
		return;					/* the view's inner joins leave it out */
	memset(&in.scope, 0, sizeof(ScopeSplit));
	claimmap_insert(scan->claims, r.key, &found)->input = in;
}

/* numeric × 1000 as int64 (exact for numeric(12,3)). */
static int64
numeric_thousandths(InputScan *scan, Datum num)
{
	return numeric_scaled(num, scan->thousand);
}

/* convert(num), remembered in memo by num's bytes. */
static int64
memo_scaled(InputScan *scan, MemoSlot *memo, Datum num,
			int64 (*convert) (InputScan *scan, Datum num))
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(num);
	const char *bytes = VARDATA_ANY(v);
	int			len = VARSIZE_ANY_EXHDR(v);
	MemoSlot   *slot;

	if (len == 0 || len > MEMO_MAX_BYTES)
		return convert(scan, num);
	slot = &memo[hash_bytes((const unsigned char *) bytes, len) & (MEMO_SLOTS - 1)];
	if (slot->len != len || memcmp(slot->bytes, bytes, len) != 0)
	{
		slot->value = convert(scan, num);
		slot->len = len;
		memcpy(slot->bytes, bytes, len);
	}
	return slot->value;
}

static int64
numeric_fen(InputScan *scan, Datum num)
{
	return numeric_to_fen(num);
}

/* The amount at the payment standard: round(quantity * payment_standard, 2). */
static Fen
standard_amount(InputScan *scan, const CatalogueRule *rule, Datum quantity)
{
	int64		milli = memo_scaled(scan, scan->quantities, quantity, numeric_thousandths);
	int64		product;		/* in 1/10^7 yuan */

	/* quantity is numeric(12,3) and payment_standard numeric(14,4): exact */
	if (!pg_mul_s64_overflow(milli, rule->standard_e4, &product) &&
		product <= PG_INT64_MAX - 50000)
		return (product + 50000) / 100000;
	return numeric_to_fen(DirectFunctionCall2(numeric_round,
											  DirectFunctionCall2(numeric_mul, quantity,
																  rule->standard),
											  Int32GetDatum(2)));
}

/*
 * claim_item: person_id, claim_id, claim_date, item_no, item_code, quantity,
 * amount — added to its claim's scope split by its catalogue class.
 */
static void
add_item(void *arg, Datum *v, bool *n)
{
	InputScan  *scan = arg;
	ClaimKey	key;
	ClaimEntry *e;
	const CatalogueRule *rule;
	const char *code;
	int			len;
	bool		has_standard,
				has_disallowed;
	Fen			disallowed = 0;

	memset(&key, 0, sizeof(key));
	key.person_id = DatumGetInt64(v[0]);
	key.claim_id = DatumGetInt64(v[1]);
	key.claim_date = DatumGetDateADT(v[2]);
	e = claimmap_lookup(scan->claims, key);
	code = text_datum_bytes(v[4], &len);
	rule = settle_lookup_catalogue(scan->lookup, code, len);
	if (e == NULL || rule == NULL)
		return;					/* a claim left out; the view's join with the catalogue */
	has_disallowed = settle_lookup_disallowed(scan->lookup, &key, DatumGetInt32(v[3]),
											  &disallowed);
	has_standard = rule->has_standard && rule->item_class != 'C';
	scope_split_add(&e->input.scope, rule->item_class,
					memo_scaled(scan, scan->amounts, v[6], numeric_fen),
					has_standard, has_standard ? standard_amount(scan, rule, v[5]) : 0,
					true, rule->first_share, has_disallowed, disallowed);
}

/* The first day of the month after the one holding day. */
static DateADT
next_month(DateADT day)
{
	int			y,
				m,
				d;

	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return date2j(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - POSTGRES_EPOCH_JDATE;
}

/* Reads the claims of [from, to), then adds their items. */
static void
read_month(InputScan *scan, DateADT from, DateADT to)
{
	static SPIPlanPtr claims_plan = NULL;
	static SPIPlanPtr items_plan = NULL;
	Oid			types[2] = {DATEOID, DATEOID};
	Datum		range[2] = {DateADTGetDatum(from), DateADTGetDatum(to)};

	claimmap_reset(scan->claims);
	spi_each_row(&claims_plan,
				 "SELECT person_id, claim_id, claim_date, claim_kind,"
				 "       institution_code, physician_code, discharge_date,"
				 "       principal_diagnosis, referral, is_emergency,"
				 "       is_out_of_area, injury_cause, discharge_outcome"
				 "  FROM medins.claim WHERE claim_date >= $1 AND claim_date < $2",
				 2, types, range, add_claim, scan);
	spi_each_row(&items_plan,
				 "SELECT person_id, claim_id, claim_date, item_no, item_code, quantity, amount"
				 "  FROM medins.claim_item WHERE claim_date >= $1 AND claim_date < $2",
				 2, types, range, add_item, scan);
	claimmap_start_iterate(scan->claims, &scan->iter);
	scan->in_month = true;
}

/*
 * The bounds of medins.claim's range partitions on claim_date: [lo, hi)
 * from the lowest to the highest; false when it is not partitioned so.
 */
static bool
partition_bounds(DateADT *lo, DateADT *hi, bool *has_default)
{
	Oid			relid = RangeVarGetRelid(makeRangeVar("medins", "claim", -1),
										 AccessShareLock, false);
	Relation	rel = table_open(relid, AccessShareLock);
	PartitionKey key = RelationGetPartitionKey(rel);
	PartitionBoundInfo b = NULL;
	bool		found = false;

	if (key != NULL && key->strategy == PARTITION_STRATEGY_RANGE &&
		key->partnatts == 1 && key->parttypid[0] == DATEOID)
#if PG_VERSION_NUM >= 140000
		b = RelationGetPartitionDesc(rel, false)->boundinfo;
#else
		b = RelationGetPartitionDesc(rel)->boundinfo;
#endif
	if (b != NULL && b->ndatums > 0 &&
		b->kind[0][0] == PARTITION_RANGE_DATUM_VALUE &&
		b->kind[b->ndatums - 1][0] == PARTITION_RANGE_DATUM_VALUE)
	{
		*lo = DatumGetDateADT(b->datums[0][0]);
		*hi = DatumGetDateADT(b->datums[b->ndatums - 1][0]);
		*has_default = partition_bound_has_default(b);
		found = true;
	}
	table_close(rel, AccessShareLock);
	return found;
}

/* First and last claim_date of the claims outside [lo, hi) (false: none). */
static bool
dates_outside(bool bounded, DateADT lo, DateADT hi, DateADT *first, DateADT *last)
{
	Oid			types[2] = {DATEOID, DATEOID};
	Datum		args[2] = {DateADTGetDatum(lo), DateADTGetDatum(hi)};
	char		nulls[2] = {bounded ? ' ' : 'n', bounded ? ' ' : 'n'};
	bool		isnull;

	/* Pruned to the default partition when [lo, hi) covers the others. */
	if (SPI_execute_with_args("SELECT min(claim_date), max(claim_date) FROM medins.claim"
							  " WHERE $1 IS NULL OR claim_date < $1 OR claim_date >= $2",
							  2, types, args, nulls, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "medins: reading the claims' dates failed");
	*first = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		return false;
	*last = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	return true;
}

/*
 * The range [from, end) of claim dates holding every claim: the partitions'
 * bounds, widened by the dates in a default partition (or, when the table
 * is not range-partitioned, the claims' first and last dates).  False when
 * there are no claims.
 */
static bool
claims_range(DateADT *from, DateADT *end)
{
	DateADT		lo = 0,
				hi = 0,
				first,
				last;
	bool		has_default = true;
	bool		bounded = partition_bounds(&lo, &hi, &has_default);

	if (!has_default)
	{
		*from = lo;
		*end = hi;
		return true;
	}
	if (!dates_outside(bounded, lo, hi, &first, &last))
	{
		*from = lo;
		*end = hi;
		return bounded;
	}
	if (DATE_NOT_FINITE(first) || DATE_NOT_FINITE(last))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("claims with an infinite claim_date cannot be pre-settled set-wise"),
				 errhint("Give from_date and to_date.")));
	*from = bounded ? Min(lo, first) : first;
	*end = bounded ? Max(hi, last + 1) : last + 1;
	return true;
}

/*
 * Starts a scan of the claims dated from..to (inclusive; a bound not given:
 * open), allocated in cxt; with accumulators the inputs carry them.  SPI
 * must be connected.
 */
InputScan *
input_scan_begin(MemoryContext cxt, bool has_from, DateADT from, bool has_to, DateADT to,
				 bool accumulators)
{
	InputScan  *scan = MemoryContextAllocZero(cxt, sizeof(InputScan));
	MemoryContext old;
	DateADT		all_from,
				all_end;

	if ((has_from && DATE_NOT_FINITE(from)) || (has_to && DATE_NOT_FINITE(to)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_date and to_date must be finite")));
	scan->cxt = cxt;
	scan->accumulators = accumulators;
	old = MemoryContextSwitchTo(cxt);
	scan->thousand = DirectFunctionCall1(int8_numeric, Int64GetDatum(1000));
	scan->amounts = palloc0(sizeof(MemoSlot) * MEMO_SLOTS);
	scan->quantities = palloc0(sizeof(MemoSlot) * MEMO_SLOTS);
	MemoryContextSwitchTo(old);
	scan->next = has_from ? from : 0;
	scan->end = has_to ? to + 1 : 0;
	if (!has_from || !has_to)
	{
		if (!claims_range(&all_from, &all_end))
			return scan;		/* no claims: next == end */
		scan->next = has_from ? from : all_from;
		scan->end = has_to ? to + 1 : all_end;
	}
	if (scan->next < scan->end)
	{
		scan->lookup = settle_lookup_load(cxt, accumulators);
		scan->claims = claimmap_create(cxt, 8192, NULL);
	}
	return scan;
}

/*
 * Points batch at up to max claims' inputs, valid until the next call;
 * returns how many, 0 at the end.  SPI must be connected.
 */
int
input_scan_next(InputScan *scan, const ClaimInput **batch, int max)
{
	int			n = 0;

	while (n < max)
	{
		ClaimEntry *e;

		if (!scan->in_month)
		{
			DateADT		to;

			if (scan->next >= scan->end)
				break;
			to = Min(next_month(scan->next), scan->end);
			read_month(scan, scan->next, to);
			scan->next = to;
		}
		e = claimmap_iterate(scan->claims, &scan->iter);
		if (e == NULL)
		{
			scan->in_month = false;
			if (n > 0)
				break;			/* the month's last batch */
			continue;
		}
		batch[n++] = &e->input;
	}
	return n;
}
