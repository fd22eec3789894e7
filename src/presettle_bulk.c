/*-------------------------------------------------------------------------
 *
 * presettle_bulk.c
 *	  Set-wise pre-settlement (试算) in C: medins.settlement_inputs() gives
 *	  every claim's medins.claim_facts and medins.scope_split (what the view
 *	  medins.settlement_input gives, claim by claim), and
 *	  medins.presettle_claims() passes them straight to the benefit engine
 *	  with the person's accumulators, as medins.presettle_facts() would.
 *
 * Both return their rows one call at a time (value per call), computed in
 * batches; called in a query's select list they stream, so pre-settling a
 * year holds one month's inputs and one batch of results, not all of them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "settle_input.h"

PG_FUNCTION_INFO_V1(settlement_inputs);
PG_FUNCTION_INFO_V1(presettle_claims);

/* Claims computed per batch. */
#define BATCH_CLAIMS 256

/* Attributes of medins.claim_facts and medins.scope_split this file forms. */
#define FACTS_NATTS 27
#define SCOPE_NATTS 7

/* Memory kept by the batch context between batches (their results). */
#define BATCH_MEMORY (2 * 1024 * 1024)

typedef struct BulkState
{
	bool		presettle;		/* results, else inputs */
	InputScan  *scan;
	MemoryContext batch_cxt;	/* the current batch's rows */
	TupleDesc	row_desc;		/* the function's rows */
	TupleDesc	facts_desc;		/* inputs: medins.claim_facts */
	TupleDesc	scope_desc;		/* inputs: medins.scope_split */
	BenefitResultType *result_type; /* results: medins.benefit_result */
	const ClaimInput **inputs;
	Datum	   *rows;
	int			nrows;
	int			next;
} BulkState;

/* A blessed copy of a composite type's descriptor. */
static TupleDesc
composite_desc(Oid typid)
{
	return BlessTupleDesc(lookup_rowtype_tupdesc_copy(typid, -1));
}

static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s ? CStringGetTextDatum(s) : (Datum) 0;
}

/* The medins.claim_facts composite of facts (NULLs where the view has them). */
static Datum
facts_datum(TupleDesc desc, const ClaimFacts *f)
{
	Datum		v[FACTS_NATTS];
	bool		n[FACTS_NATTS] = {false};
	char		grade[2] = {f->grade, '\0'};

	v[0] = text_or_null(f->scheme, &n[0]);
	v[1] = DateADTGetDatum(f->claim_date);
	v[2] = DateADTGetDatum(f->settle_date);
	v[3] = text_or_null(f->kind, &n[3]);
	v[4] = Int16GetDatum((int16) f->level);
	n[4] = f->level == 0;
	v[5] = text_or_null(f->grade ? grade : NULL, &n[5]);
	v[6] = text_or_null(f->group, &n[6]);
	v[7] = Int32GetDatum(f->age);
	v[8] = BoolGetDatum(f->civil_servant);
	v[9] = BoolGetDatum(f->retired);
	v[10] = text_or_null(f->assistance, &n[10]);
	v[11] = text_or_null(f->referral, &n[11]);
	v[12] = BoolGetDatum(f->emergency);
	v[13] = BoolGetDatum(f->out_of_area);
	v[14] = text_or_null(f->cause, &n[14]);
	v[15] = text_or_null(f->special_disease, &n[15]);
	v[16] = text_or_null(f->special_pool, &n[16]);
	v[17] = DateADTGetDatum(f->covered_since);
	n[17] = !f->has_cover;
	v[18] = text_or_null(f->waiting_kind, &n[18]);
	v[19] = DateADTGetDatum(f->waiting_paid_on);
	n[19] = !f->has_waiting_paid_on;
	v[20] = Int32GetDatum(f->contribution_years);
	v[21] = BoolGetDatum(f->institution_suspended);
	v[22] = BoolGetDatum(f->physician_suspended);
	v[23] = BoolGetDatum(f->claim_disallowed);
	v[24] = text_or_null(f->diagnosis, &n[24]);
	v[25] = text_or_null(f->outcome, &n[25]);
	v[26] = Int32GetDatum(f->ordinal);
	n[26] = f->ordinal == 0;
	return HeapTupleGetDatum(heap_form_tuple(desc, v, n));
}

/* One row of medins.settlement_inputs(). */
static Datum
input_row(BulkState *st, const ClaimInput *in)
{
	Datum		v[5];
	bool		n[5] = {false};

	v[0] = Int64GetDatum(in->key.person_id);
	v[1] = Int64GetDatum(in->key.claim_id);
	v[2] = DateADTGetDatum(in->key.claim_date);
	v[3] = facts_datum(st->facts_desc, &in->facts);
	v[4] = scope_split_datum(st->scope_desc, &in->scope);
	return HeapTupleGetDatum(heap_form_tuple(st->row_desc, v, n));
}

/* One row of medins.presettle_claims(): the engine's split of the claim. */
static Datum
presettle_row(BulkState *st, const ClaimInput *in)
{
	BenefitResult res;
	Datum		v[4];
	bool		n[4] = {false};

	if (in->facts.settle_date < in->facts.claim_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("claim_facts.settle_date is before claim_date")));
	benefit_compute(policy_cache_get(), &in->facts, &in->scope, in->accs, in->naccs, &res);
	v[0] = Int64GetDatum(in->key.person_id);
	v[1] = Int64GetDatum(in->key.claim_id);
	v[2] = DateADTGetDatum(in->key.claim_date);
	v[3] = benefit_result_datum(st->result_type, &res);
	return HeapTupleGetDatum(heap_form_tuple(st->row_desc, v, n));
}

/* Computes the next batch of rows; false at the end. */
static bool
next_batch(BulkState *st)
{
	MemoryContext old;
	int			n,
				i;

	MemoryContextReset(st->batch_cxt);
	old = MemoryContextSwitchTo(st->batch_cxt);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "medins: SPI_connect failed");
	n = input_scan_next(st->scan, st->inputs, BATCH_CLAIMS);
	SPI_finish();
	for (i = 0; i < n; i++)
		st->rows[i] = st->presettle ? presettle_row(st, st->inputs[i])
			: input_row(st, st->inputs[i]);
	MemoryContextSwitchTo(old);
	st->nrows = n;
	st->next = 0;
	return n > 0;
}

/* First call: descriptors, the lookup tables and the range. */
static BulkState *
bulk_begin(FunctionCallInfo fcinfo, FuncCallContext *funcctx, bool presettle)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
	BulkState  *st = palloc0(sizeof(BulkState));
	TupleDesc	desc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || rsinfo->econtext == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "medins: set-wise pre-settlement must return a composite");
	st->presettle = presettle;
	st->row_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	if (presettle)
		st->result_type = benefit_result_type(TupleDescAttr(desc, 3)->atttypid,
											  funcctx->multi_call_memory_ctx);
	else
	{
		st->facts_desc = composite_desc(TupleDescAttr(desc, 3)->atttypid);
		st->scope_desc = composite_desc(TupleDescAttr(desc, 4)->atttypid);
		if (st->facts_desc->natts != FACTS_NATTS || st->scope_desc->natts != SCOPE_NATTS)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("claim_facts and scope_split must have %d and %d attributes",
							FACTS_NATTS, SCOPE_NATTS)));
	}
	st->inputs = palloc(sizeof(ClaimInput *) * BATCH_CLAIMS);
	st->rows = palloc(sizeof(Datum) * BATCH_CLAIMS);
	st->batch_cxt = AllocSetContextCreate(funcctx->multi_call_memory_ctx, "medins batch",
										  BATCH_MEMORY, BATCH_MEMORY, ALLOCSET_DEFAULT_MAXSIZE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "medins: SPI_connect failed");
	st->scan = input_scan_begin(funcctx->multi_call_memory_ctx,
								!PG_ARGISNULL(0), PG_ARGISNULL(0) ? 0 : PG_GETARG_DATEADT(0),
								!PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_DATEADT(1),
								presettle);
	SPI_finish();
	MemoryContextSwitchTo(old);
	return st;
}

/* The value-per-call body of both functions. */
static Datum
bulk_srf(FunctionCallInfo fcinfo, bool presettle)
{
	FuncCallContext *funcctx;
	BulkState  *st;

	if (SRF_IS_FIRSTCALL())
	{
		funcctx = SRF_FIRSTCALL_INIT();
		funcctx->user_fctx = bulk_begin(fcinfo, funcctx, presettle);
	}
	funcctx = SRF_PERCALL_SETUP();
	st = (BulkState *) funcctx->user_fctx;
	if (st->next >= st->nrows && !next_batch(st))
		SRF_RETURN_DONE(funcctx);
	SRF_RETURN_NEXT(funcctx, st->rows[st->next++]);
}

/* medins.settlement_inputs(from_date, to_date): each claim's facts and scope. */
Datum
settlement_inputs(PG_FUNCTION_ARGS)
{
	return bulk_srf(fcinfo, false);
}

/* medins.presettle_claims(from_date, to_date): each claim's benefit_result. */
Datum
presettle_claims(PG_FUNCTION_ARGS)
{
	return bulk_srf(fcinfo, true);
}
