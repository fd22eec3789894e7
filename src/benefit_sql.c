/*-------------------------------------------------------------------------
 *
 * benefit_sql.c
 *	  SQL interface of the benefit engine: medins.benefit_compute() and the
 *	  medins.scope_split() aggregate over a claim's items.
 *
 * Composite arguments are read by attribute number; the attribute order is
 * that of the CREATE TYPE statements in medins--1.0.sql.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "policy.h"

PG_FUNCTION_INFO_V1(benefit_compute_sql);
PG_FUNCTION_INFO_V1(scope_split_transfn);
PG_FUNCTION_INFO_V1(scope_split_finalfn);

/* A composite argument deformed once into values and nulls. */
typedef struct RowReader
{
	int			natts;
	Datum	   *values;
	bool	   *nulls;
} RowReader;

/* Deforms a composite datum; min_natts guards against an altered type. */
static void
row_read(HeapTupleHeader t, int min_natts, RowReader *r)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(t),
											  HeapTupleHeaderGetTypMod(t));
	HeapTupleData tuple;

	tuple.t_len = HeapTupleHeaderGetDatumLength(t);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = t;
	r->natts = desc->natts;
	r->values = palloc(sizeof(Datum) * r->natts);
	r->nulls = palloc(sizeof(bool) * r->natts);
	heap_deform_tuple(&tuple, desc, r->values, r->nulls);
	ReleaseTupleDesc(desc);
	if (r->natts < min_natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("composite argument has %d attributes, expected %d", r->natts, min_natts)));
}

/* Attribute helpers over a deformed composite (attribute numbers from 1). */
static bool
attr_isnull(RowReader *r, int n)
{
	return r->nulls[n - 1];
}

static char *
attr_text(RowReader *r, int n)
{
	return attr_isnull(r, n) ? NULL : TextDatumGetCString(r->values[n - 1]);
}

static bool
attr_bool(RowReader *r, int n)
{
	return !attr_isnull(r, n) && DatumGetBool(r->values[n - 1]);
}

static DateADT
attr_date(RowReader *r, int n, bool *has)
{
	if (has)
		*has = !attr_isnull(r, n);
	return attr_isnull(r, n) ? 0 : DatumGetDateADT(r->values[n - 1]);
}

static int
attr_int(RowReader *r, int n, bool smallint)
{
	if (attr_isnull(r, n))
		return 0;
	return smallint ? DatumGetInt16(r->values[n - 1]) : DatumGetInt32(r->values[n - 1]);
}

static Fen
attr_fen(RowReader *r, int n)
{
	return attr_isnull(r, n) ? 0 : numeric_to_fen(r->values[n - 1]);
}

/* Reads medins.claim_facts; rejects facts without the required fields. */
static void
read_facts(HeapTupleHeader tup, ClaimFacts *f)
{
	RowReader	row;
	RowReader  *t = &row;
	bool		has;
	char	   *grade;

	row_read(tup, 27, t);
	memset(f, 0, sizeof(*f));
	f->scheme = attr_text(t, 1);
	f->claim_date = attr_date(t, 2, &has);
	if (!has)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("claim_facts.claim_date must not be null")));
	f->settle_date = attr_date(t, 3, &has);
	if (!has)
		f->settle_date = f->claim_date;
	if (f->settle_date < f->claim_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("claim_facts.settle_date is before claim_date")));
	f->kind = attr_text(t, 4);
	if (f->kind == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("claim_facts.claim_kind must not be null")));
	f->level = attr_int(t, 5, true);
	grade = attr_text(t, 6);
	f->grade = grade ? grade[0] : '\0';
	f->group = attr_text(t, 7);
	f->age = attr_int(t, 8, false);
	f->civil_servant = attr_bool(t, 9);
	f->retired = attr_bool(t, 10);
	f->assistance = attr_text(t, 11);
	f->referral = attr_text(t, 12);
	f->emergency = attr_bool(t, 13);
	f->out_of_area = attr_bool(t, 14);
	f->cause = attr_text(t, 15);
	f->special_disease = attr_text(t, 16);
	f->special_pool = attr_text(t, 17);
	f->covered_since = attr_date(t, 18, &f->has_cover);
	f->waiting_kind = attr_text(t, 19);
	f->waiting_paid_on = attr_date(t, 20, &f->has_waiting_paid_on);
	f->contribution_years = attr_int(t, 21, false);
	f->institution_suspended = attr_bool(t, 22);
	f->physician_suspended = attr_bool(t, 23);
	f->claim_disallowed = attr_bool(t, 24);
	f->diagnosis = attr_text(t, 25);
	f->outcome = attr_text(t, 26);
	f->ordinal = attr_int(t, 27, false);
	if (!attr_isnull(t, 27) && f->ordinal < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("claim_facts.admission_ordinal must be positive")));
}

/* Reads medins.scope_split (NULL: a claim without items). */
static void
read_scope(HeapTupleHeader tup, ScopeSplit *s)
{
	RowReader	row;
	RowReader  *t = &row;

	memset(s, 0, sizeof(*s));
	if (tup == NULL)
		return;
	row_read(tup, 7, t);
	s->items = attr_int(t, 1, false);
	s->total = attr_fen(t, 2);
	s->disallowed = attr_fen(t, 3);
	s->out_of_scope = attr_fen(t, 4);
	s->over_standard = attr_fen(t, 5);
	s->class_b = attr_fen(t, 6);
	s->first_share = attr_fen(t, 7);
	if (s->total < 0 || s->disallowed < 0 || s->out_of_scope < 0 ||
		s->over_standard < 0 || s->class_b < 0 || s->first_share < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scope_split amounts must not be negative")));
	if (s->disallowed + s->out_of_scope + s->over_standard + s->first_share > s->total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scope_split parts exceed the total")));
}

/*
 * What benefit_compute() looks up once per call site rather than per row:
 * the result's descriptor and the accumulator element type.  Kept in
 * fn_extra, allocated in fn_mcxt.  Other C callers make their own with
 * benefit_result_type() (policy.h calls it BenefitResultType).
 */
typedef struct BenefitCallCache
{
	TupleDesc	result_desc;	/* medins.benefit_result, blessed */
	Oid			acc_type;		/* medins.accumulator */
	TupleDesc	acc_desc;		/* its descriptor, blessed */
	int16		acc_typlen;
	bool		acc_typbyval;
	char		acc_typalign;
} BenefitCallCache;

static void call_cache_fill(BenefitCallCache *cc, TupleDesc desc);

/* Returns the call site's cache, filling it on the first call. */
static BenefitCallCache *
call_cache_get(FunctionCallInfo fcinfo)
{
	BenefitCallCache *cc = (BenefitCallCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	TupleDesc	desc;

	if (cc != NULL)
		return cc;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cc = palloc0(sizeof(BenefitCallCache));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "medins.benefit_compute must return a composite");
	call_cache_fill(cc, desc);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cc;
	return cc;
}

/* The forming data of medins.benefit_result (type typid), allocated in mcxt. */
BenefitResultType *
benefit_result_type(Oid typid, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	BenefitCallCache *cc = palloc0(sizeof(BenefitCallCache));
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, -1);

	call_cache_fill(cc, desc);
	ReleaseTupleDesc(desc);
	MemoryContextSwitchTo(old);
	return cc;
}

/* Fills cc from the result's descriptor, in the current memory context. */
static void
call_cache_fill(BenefitCallCache *cc, TupleDesc desc)
{
	if (desc->natts < 20)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("benefit_result has %d attributes, expected %d", desc->natts, 20)));
	cc->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	cc->acc_type = get_element_type(TupleDescAttr(desc, 19)->atttypid);
	if (!OidIsValid(cc->acc_type))
		elog(ERROR, "benefit_result.accumulator_deltas must be an array");
	cc->acc_desc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(cc->acc_type, -1));
	get_typlenbyvalalign(cc->acc_type, &cc->acc_typlen, &cc->acc_typbyval,
						 &cc->acc_typalign);
}

/* Reads one medins.accumulator into acc. */
static void
read_acc(HeapTupleHeader tup, Accum *acc)
{
	RowReader	row;
	RowReader  *t = &row;
	char	   *pool;

	row_read(tup, 8, t);
	pool = attr_text(t, 1);
	if (pool == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("accumulator.pool must not be null")));
	strlcpy(acc->pool, pool, NAMEDATALEN);
	acc->admissions = attr_int(t, 2, false);
	acc->in_scope = attr_fen(t, 3);
	acc->fund_paid = attr_fen(t, 4);
	acc->deductible_paid = attr_fen(t, 5);
	acc->base_counted = attr_fen(t, 6);
	acc->outpatient_counted = attr_fen(t, 7);
	acc->pharmacy_counted = attr_fen(t, 8);
}

/* Reads a medins.accumulator[] into a palloc'd array. */
static Accum *
read_accs(BenefitCallCache *cc, ArrayType *arr, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	Accum	   *accs;
	int			i,
				k = 0;

	if (arr == NULL || ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) == 0)
	{
		*n = 0;
		return NULL;
	}
	if (ARR_ELEMTYPE(arr) != cc->acc_type)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("accumulators must be a medins.accumulator[]")));
	deconstruct_array(arr, cc->acc_type, cc->acc_typlen, cc->acc_typbyval,
					  cc->acc_typalign, &elems, &nulls, n);
	accs = palloc0(sizeof(Accum) * Max(*n, 1));
	for (i = 0; i < *n; i++)
	{
		if (nulls[i])
			continue;
		read_acc(DatumGetHeapTupleHeader(elems[i]), &accs[k++]);
	}
	*n = k;
	return accs;
}

/* Builds the medins.accumulator[] of the result's deltas. */
static Datum
deltas_to_array(BenefitCallCache *cc, BenefitResult *r)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(r->ndeltas, 1));
	int			i,
				n = 0;

	for (i = 0; i < r->ndeltas; i++)
	{
		Accum	   *a = &r->deltas[i];
		Datum		v[8];
		bool		nulls[8] = {false};

		/* A pool the claim looked at but did not change is left out. */
		if (a->admissions == 0 && a->in_scope == 0 && a->fund_paid == 0 &&
			a->deductible_paid == 0 && a->base_counted == 0 &&
			a->outpatient_counted == 0 && a->pharmacy_counted == 0)
			continue;

		v[0] = CStringGetTextDatum(a->pool);
		v[1] = Int32GetDatum(a->admissions);
		v[2] = fen_to_numeric(a->in_scope);
		v[3] = fen_to_numeric(a->fund_paid);
		v[4] = fen_to_numeric(a->deductible_paid);
		v[5] = fen_to_numeric(a->base_counted);
		v[6] = fen_to_numeric(a->outpatient_counted);
		v[7] = fen_to_numeric(a->pharmacy_counted);
		elems[n++] = HeapTupleGetDatum(heap_form_tuple(cc->acc_desc, v, nulls));
	}
	return PointerGetDatum(construct_array(elems, n, cc->acc_type, cc->acc_typlen,
										   cc->acc_typbyval, cc->acc_typalign));
}

/* Builds the medins.benefit_result composite. */
Datum
benefit_result_datum(BenefitCallCache *cc, BenefitResult *r)
{
	Datum		v[20];
	bool		nulls[20] = {false};
	Fen			amounts[13];
	int			i;

	v[0] = CStringGetTextDatum(r->status);
	v[1] = r->reason ? CStringGetTextDatum(r->reason) : (Datum) 0;
	nulls[1] = r->reason == NULL;
	v[2] = r->scheme ? CStringGetTextDatum(r->scheme) : (Datum) 0;
	nulls[2] = r->scheme == NULL;
	v[3] = DateADTGetDatum(r->year_start);
	nulls[3] = r->year_start == 0 && r->scheme == NULL;
	v[4] = Int32GetDatum(r->ordinal);
	nulls[4] = r->ordinal == 0;
	amounts[0] = r->total;
	amounts[1] = r->disallowed;
	amounts[2] = r->out_of_scope;
	amounts[3] = r->over_standard;
	amounts[4] = r->first_share;
	amounts[5] = r->referral_share;
	amounts[6] = r->in_scope;
	amounts[7] = r->deductible;
	amounts[8] = r->basic_fund;
	amounts[9] = r->layer_fund;
	amounts[10] = r->fund_total;
	amounts[11] = r->personal_pay;
	amounts[12] = r->institution_borne;
	for (i = 0; i < 13; i++)
		v[5 + i] = fen_to_numeric(amounts[i]);
	/* json, not jsonb: the engine writes valid JSON, so no parse is needed. */
	v[18] = PointerGetDatum(cstring_to_text_with_len(r->trail.data, r->trail.len));
	v[19] = deltas_to_array(cc, r);
	return HeapTupleGetDatum(heap_form_tuple(cc->result_desc, v, nulls));
}

/*
 * medins.benefit_compute(facts, scope, accumulators): the split of one
 * claim.  Reads nothing but its arguments and the compiled policies.
 */
Datum
benefit_compute_sql(PG_FUNCTION_ARGS)
{
	BenefitCallCache *cc = call_cache_get(fcinfo);
	ClaimFacts	facts;
	ScopeSplit	scope;
	Accum	   *accs;
	int			naccs;
	BenefitResult res;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("claim facts must not be null")));
	read_facts(PG_GETARG_HEAPTUPLEHEADER(0), &facts);
	read_scope(PG_ARGISNULL(1) ? NULL : PG_GETARG_HEAPTUPLEHEADER(1), &scope);
	accs = read_accs(cc, PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2), &naccs);
	benefit_compute(policy_cache_get(), &facts, &scope, accs, naccs, &res);
	PG_RETURN_DATUM(benefit_result_datum(cc, &res));
}

/* Aggregate state of medins.scope_split(). */
typedef struct ScopeState
{
	ScopeSplit	s;
} ScopeState;

/*
 * Adds one item to a scope split: its catalogue class ('A', 'B', 'C'), its
 * amount, the amount at the payment standard (has_standard false: none),
 * the 乙类 first-share ratio (has_share false: none) and the disallowed
 * amount (has_disallowed false: none).  Disallowed money comes off first,
 * then the part above the payment standard; class C is out of scope; class
 * B's first share is rounded per item.  Shared by the medins.scope_split()
 * aggregate and the set-wise input scan (settle_scan.c).
 */
void
scope_split_add(ScopeSplit *s, char item_class, Fen amount,
				bool has_standard, Fen standard, bool has_share, Bp share,
				bool has_disallowed, Fen disallowed)
{
	Fen			rest,
				dis = 0,
				over = 0;

	if (has_disallowed)
		dis = fen_max(0, fen_min(amount, disallowed));
	rest = amount - dis;
	s->items++;
	s->total += amount;
	s->disallowed += dis;
	if (item_class == 'C')
	{
		s->out_of_scope += rest;
		return;
	}
	if (has_standard)
		over = fen_max(0, rest - fen_max(0, standard));
	rest -= over;
	s->over_standard += over;
	if (item_class == 'B')
	{
		s->class_b += rest;
		if (has_share)
			s->first_share += fen_times_bp(rest, share);
	}
}

/*
 * Transition: one item (class, amount, amount at the payment standard or
 * NULL, first-share ratio, disallowed amount or NULL); see scope_split_add().
 */
Datum
scope_split_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ScopeState *st;
	char	   *cls;
	Fen			amount;
	bool		has_standard,
				has_share;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "scope_split_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? (ScopeState *) MemoryContextAllocZero(aggcxt, sizeof(ScopeState))
		: (ScopeState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("item class and amount must not be null")));
	cls = text_to_cstring(PG_GETARG_TEXT_PP(1));
	amount = numeric_to_fen(PG_GETARG_DATUM(2));
	if (amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("item amount must not be negative")));
	if (strcmp(cls, "A") != 0 && strcmp(cls, "B") != 0 && strcmp(cls, "C") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid item class \"%s\"", cls),
				 errhint("Item classes are A (甲类), B (乙类) and C (丙类).")));
	/* Arguments the class does not use are not converted. */
	has_standard = !PG_ARGISNULL(3) && cls[0] != 'C';
	has_share = !PG_ARGISNULL(4) && cls[0] == 'B';
	scope_split_add(&st->s, cls[0], amount,
					has_standard, has_standard ? numeric_to_fen(PG_GETARG_DATUM(3)) : 0,
					has_share, has_share ? numeric_to_bp(PG_GETARG_DATUM(4)) : 0,
					!PG_ARGISNULL(5), PG_ARGISNULL(5) ? 0 : numeric_to_fen(PG_GETARG_DATUM(5)));
	PG_RETURN_POINTER(st);
}

/* The medins.scope_split composite of s; desc must be blessed. */
Datum
scope_split_datum(TupleDesc desc, const ScopeSplit *s)
{
	Datum		v[7];
	bool		nulls[7] = {false};

	v[0] = Int32GetDatum(s->items);
	v[1] = fen_to_numeric(s->total);
	v[2] = fen_to_numeric(s->disallowed);
	v[3] = fen_to_numeric(s->out_of_scope);
	v[4] = fen_to_numeric(s->over_standard);
	v[5] = fen_to_numeric(s->class_b);
	v[6] = fen_to_numeric(s->first_share);
	return HeapTupleGetDatum(heap_form_tuple(desc, v, nulls));
}

/* Final: the medins.scope_split composite (all zero without items). */
Datum
scope_split_finalfn(PG_FUNCTION_ARGS)
{
	ScopeState *st = PG_ARGISNULL(0) ? NULL : (ScopeState *) PG_GETARG_POINTER(0);
	ScopeSplit	zero;
	TupleDesc	desc;

	memset(&zero, 0, sizeof(zero));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "medins.scope_split must return a composite");
	PG_RETURN_DATUM(scope_split_datum(BlessTupleDesc(desc), st ? &st->s : &zero));
}
