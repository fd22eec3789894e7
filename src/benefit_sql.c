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

/*
 * The descriptor of a composite argument's type, kept for the call site (as
 * record_out() keeps its own) instead of a type cache lookup per row.
 */
typedef struct RowType
{
	Oid			type;
	int32		typmod;
	TupleDesc	desc;			/* NULL until the first row */
} RowType;

/*
 * Room for a composite argument stored with a one-byte header (under 127
 * bytes): copied here, aligned, instead of palloc'd by the detoaster.
 */
typedef union RowCopy
{
	double		align;
	char		bytes[VARHDRSZ + 128];
} RowCopy;

/*
 * The composite argument as a tuple header: one stored with a one-byte
 * header copied into buf, anything else through the detoaster (which also
 * flattens an expanded record, such as a PL/pgSQL record variable's).
 */
static HeapTupleHeader
arg_row(Datum datum, RowCopy *buf)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(datum);

	/* Not a toast pointer or an expanded record: those have one-byte headers too. */
	if (!VARATT_IS_EXTERNAL(v) && VARATT_IS_SHORT(v) &&
		VARSIZE_SHORT(v) - VARHDRSZ_SHORT + VARHDRSZ <= sizeof(buf->bytes))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		SET_VARSIZE(buf->bytes, len + VARHDRSZ);
		memcpy(buf->bytes + VARHDRSZ, VARDATA_SHORT(v), len);
		return (HeapTupleHeader) buf->bytes;
	}
	return DatumGetHeapTupleHeader(datum);
}

/* Rows of up to this many attributes are deformed without palloc. */
#define ROW_READER_ATTS 32

/*
 * Room for the text fields of one call's arguments (a dozen short codes),
 * so that they are not palloc'd one by one; longer text is palloc'd.
 */
typedef struct TextArena
{
	int			used;
	char		buf[1024];
} TextArena;

/* A composite argument deformed once into values and nulls. */
typedef struct RowReader
{
	TextArena  *arena;			/* where its text fields are copied (NULL: palloc) */
	int			natts;
	Datum	   *values;
	bool	   *nulls;
	Datum		values_buf[ROW_READER_ATTS];
	bool		nulls_buf[ROW_READER_ATTS];
} RowReader;

/* The row's descriptor: rt's, looked up again when the row's type differs. */
static TupleDesc
row_desc(HeapTupleHeader t, RowType *rt, MemoryContext mcxt)
{
	Oid			type = HeapTupleHeaderGetTypeId(t);
	int32		typmod = HeapTupleHeaderGetTypMod(t);
	MemoryContext old;

	if (rt->desc != NULL && rt->type == type && rt->typmod == typmod)
		return rt->desc;
	if (rt->desc != NULL)
		FreeTupleDesc(rt->desc);
	old = MemoryContextSwitchTo(mcxt);
	rt->desc = lookup_rowtype_tupdesc_copy(type, typmod);
	MemoryContextSwitchTo(old);
	rt->type = type;
	rt->typmod = typmod;
	return rt->desc;
}

/* Deforms a composite datum; min_natts guards against an altered type. */
static void
row_read(HeapTupleHeader t, RowType *rt, MemoryContext mcxt, int min_natts,
		 TextArena *arena, RowReader *r)
{
	TupleDesc	desc = row_desc(t, rt, mcxt);
	HeapTupleData tuple;

	r->arena = arena;
	tuple.t_len = HeapTupleHeaderGetDatumLength(t);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = t;
	r->natts = desc->natts;
	r->values = r->natts <= ROW_READER_ATTS ? r->values_buf : palloc(sizeof(Datum) * r->natts);
	r->nulls = r->natts <= ROW_READER_ATTS ? r->nulls_buf : palloc(sizeof(bool) * r->natts);
	heap_deform_tuple(&tuple, desc, r->values, r->nulls);
	if (r->natts < min_natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("composite argument has %d attributes, expected %d", r->natts, min_natts)));
}

/*
 * What benefit_compute() looks up once per call site rather than per row:
 * the descriptors of its arguments and result and the accumulator element
 * type.  Kept in fn_extra, allocated in fn_mcxt.  Other C callers make
 * their own with benefit_result_type() (policy.h calls it
 * BenefitResultType) to form results.
 */
typedef struct BenefitCallCache
{
	MemoryContext mcxt;			/* fn_mcxt: where these live */
	RowType		facts_type;		/* medins.claim_facts */
	RowType		scope_type;		/* medins.scope_split */
	RowType		acc_row_type;	/* medins.accumulator, as the rows say */
	TupleDesc	result_desc;	/* medins.benefit_result, blessed */
	Oid			acc_type;		/* medins.accumulator */
	TupleDesc	acc_desc;		/* its descriptor, blessed */
	int16		acc_typlen;
	bool		acc_typbyval;
	char		acc_typalign;
} BenefitCallCache;

/* Attribute helpers over a deformed composite (attribute numbers from 1). */
static bool
attr_isnull(RowReader *r, int n)
{
	return r->nulls[n - 1];
}

/* A text field as a C string, in the arena while it has room. */
static char *
attr_text(RowReader *r, int n)
{
	struct varlena *v;
	int			len;
	char	   *str;

	if (attr_isnull(r, n))
		return NULL;
	v = PG_DETOAST_DATUM_PACKED(r->values[n - 1]);
	len = VARSIZE_ANY_EXHDR(v);
	if (r->arena != NULL && r->arena->used + len + 1 <= (int) sizeof(r->arena->buf))
	{
		str = r->arena->buf + r->arena->used;
		r->arena->used += len + 1;
	}
	else
		str = palloc(len + 1);
	memcpy(str, VARDATA_ANY(v), len);
	str[len] = '\0';
	return str;
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
read_facts(BenefitCallCache *cc, HeapTupleHeader tup, TextArena *arena, ClaimFacts *f)
{
	RowReader	row;
	RowReader  *t = &row;
	bool		has;
	char	   *grade;

	row_read(tup, &cc->facts_type, cc->mcxt, 27, arena, t);
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
read_scope(BenefitCallCache *cc, HeapTupleHeader tup, ScopeSplit *s)
{
	RowReader	row;
	RowReader  *t = &row;

	memset(s, 0, sizeof(*s));
	if (tup == NULL)
		return;
	row_read(tup, &cc->scope_type, cc->mcxt, 7, NULL, t);
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
	cc->mcxt = fcinfo->flinfo->fn_mcxt;
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

	cc->mcxt = mcxt;
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
read_acc(BenefitCallCache *cc, HeapTupleHeader tup, Accum *acc)
{
	RowReader	row;
	RowReader  *t = &row;
	TextArena	arena;			/* the pool name, copied into acc */
	char	   *pool;

	arena.used = 0;
	row_read(tup, &cc->acc_row_type, cc->mcxt, 8, &arena, t);
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
		read_acc(cc, DatumGetHeapTupleHeader(elems[i]), &accs[k++]);
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
		FenNumeric	num[6];

		/* A pool the claim looked at but did not change is left out. */
		if (a->admissions == 0 && a->in_scope == 0 && a->fund_paid == 0 &&
			a->deductible_paid == 0 && a->base_counted == 0 &&
			a->outpatient_counted == 0 && a->pharmacy_counted == 0)
			continue;

		v[0] = CStringGetTextDatum(a->pool);
		v[1] = Int32GetDatum(a->admissions);
		v[2] = fen_to_numeric_in(a->in_scope, &num[0]);
		v[3] = fen_to_numeric_in(a->fund_paid, &num[1]);
		v[4] = fen_to_numeric_in(a->deductible_paid, &num[2]);
		v[5] = fen_to_numeric_in(a->base_counted, &num[3]);
		v[6] = fen_to_numeric_in(a->outpatient_counted, &num[4]);
		v[7] = fen_to_numeric_in(a->pharmacy_counted, &num[5]);
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
	FenNumeric	num[13];		/* heap_form_tuple() copies them */
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
		v[5 + i] = fen_to_numeric_in(amounts[i], &num[i]);
	/* json, not jsonb: the engine writes valid JSON, so no parse is needed. */
	if (r->trail.data != NULL)
		v[18] = PointerGetDatum(cstring_to_text_with_len(r->trail.data, r->trail.len));
	else
		v[18] = (Datum) 0;
	nulls[18] = r->trail.data == NULL;
	v[19] = deltas_to_array(cc, r);
	return HeapTupleGetDatum(heap_form_tuple(cc->result_desc, v, nulls));
}

/*
 * medins.benefit_compute(facts, scope, accumulators [, with_trail]): the
 * split of one claim; without the fourth argument (or with it true or
 * NULL) with its trail, else with a NULL trail and the same amounts.
 * Reads nothing but its arguments and the compiled policies.
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
	TextArena	arena;			/* the text fields of facts */
	RowCopy		facts_copy,
				scope_copy;
	bool		with_trail = PG_NARGS() < 4 || PG_ARGISNULL(3) || PG_GETARG_BOOL(3);

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("claim facts must not be null")));
	arena.used = 0;
	read_facts(cc, arg_row(PG_GETARG_DATUM(0), &facts_copy), &arena, &facts);
	read_scope(cc, PG_ARGISNULL(1) ? NULL : arg_row(PG_GETARG_DATUM(1), &scope_copy), &scope);
	accs = read_accs(cc, PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2), &naccs);
	benefit_compute_opt(policy_cache_get(), &facts, &scope, accs, naccs, with_trail, &res);
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
