/*-------------------------------------------------------------------------
 *
 * policy_cache.c
 *	  Compiles the benefit policy tables into a per-backend cache and keeps
 *	  it fresh through relcache invalidation.
 *
 * medins.policy_changed() is a statement trigger on every policy table; it
 * calls CacheInvalidateRelcache() on the changed table, which reaches every
 * backend (this one at the next command, others at commit).  Our relcache
 * callback then marks the cache stale and the next engine call reloads all
 * policy rows with SPI.  Policies are a few hundred rows, so a full reload
 * is simpler and safe.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stddef.h>

#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "medins.h"
#include "policy.h"

PG_FUNCTION_INFO_V1(policy_changed);
PG_FUNCTION_INFO_V1(scheme_year_start_sql);

#define MAX_POLICY_RELS 16

static PolicyCache *cache = NULL;
static MemoryContext cache_context = NULL;
static bool cache_valid = false;
static Oid	policy_rels[MAX_POLICY_RELS];
static int	npolicy_rels = 0;

/* Where the rows being loaded are copied (SPI switches contexts on us). */
static MemoryContext load_context = NULL;

static const char *const policy_tables[] = {
	"benefit_policy", "policy_scheme_year", "policy_waiting", "policy_exclusion",
	"policy_deductible", "policy_ratio", "policy_ceiling", "policy_referral",
	"special_disease", "policy_layer", "policy_case_standard", "policy_case_type"
};

/* Marks the cache stale when a policy table (or everything) is invalidated. */
static void
policy_relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (relid == InvalidOid)
	{
		cache_valid = false;
		return;
	}
	for (i = 0; i < npolicy_rels; i++)
		if (policy_rels[i] == relid)
			cache_valid = false;
}

/* Per-backend set-up: registers the invalidation callback. */
void
medins_policy_init(void)
{
	CacheRegisterRelcacheCallback(policy_relcache_callback, (Datum) 0);
}

/* True when the period includes the day. */
bool
period_covers(const PolicyPeriod *period, DateADT day)
{
	return period->from <= day && day <= period->to;
}

/* Column helpers: read column n of SPI row i as a C value. */
static char *
col_text(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

static int64
col_int(int row, int col, int64 if_null)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	return isnull ? if_null : DatumGetInt64(d);
}

static bool
col_bool(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	return !isnull && DatumGetBool(d);
}

static Fen
col_fen(int row, int col, Fen if_null)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	return isnull ? if_null : numeric_to_fen(d);
}

static Bp
col_bp(int row, int col, Bp if_null)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	return isnull ? if_null : numeric_to_bp(d);
}

static PolicyPeriod
col_period(int row, int col)
{
	bool		isnull;
	PolicyPeriod p;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);

	p.from = DatumGetDateADT(d);
	d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col + 1, &isnull);
	p.to = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
	return p;
}

/*
 * Runs one load query; returns the row count (results in SPI_tuptable).
 * SPI_execute returns in SPI's procedure context, so we switch back to the
 * cache's context for the copies the caller makes.
 */
static int
load_query(const char *sql)
{
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "medins: policy query failed: %s", sql);
	MemoryContextSwitchTo(load_context);
	return (int) SPI_processed;
}

/* Loads the scheme-wide parameters. */
static void
load_params(PolicyCache *c)
{
	int			i,
				n = load_query("SELECT rule_id, scheme_code, valid_from, valid_to, "
							   "segment_basis = 'cumulative_in_scope', contribution_bonus, "
							   "contribution_bonus_cap, class_b_first_share, "
							   "emergency_out_of_area_as_referral, emergency_death_as_inpatient "
							   "FROM medins.benefit_policy ORDER BY scheme_code COLLATE \"C\", valid_from");

	c->nparams = n;
	c->params = palloc0(sizeof(SchemeParams) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		SchemeParams *p = &c->params[i];

		p->rule_id = col_int(i, 1, 0);
		p->scheme = col_text(i, 2);
		p->period = col_period(i, 3);
		p->cumulative_basis = col_bool(i, 5);
		p->bonus = col_bp(i, 6, 0);
		p->bonus_cap = col_bp(i, 7, -1);
		p->class_b_share = col_bp(i, 8, -1);
		p->emergency_as_referral = col_bool(i, 9);
		p->death_as_inpatient = col_bool(i, 10);
	}
}

/* Loads scheme years, waiting periods and exclusions. */
static void
load_eligibility(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, population_group, start_month::int8, "
				   "start_day::int8, valid_from, valid_to FROM medins.policy_scheme_year "
				   "ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->nyears = n;
	c->years = palloc0(sizeof(YearRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		YearRule   *y = &c->years[i];

		y->rule_id = col_int(i, 1, 0);
		y->scheme = col_text(i, 2);
		y->group = col_text(i, 3);
		y->month = (int) col_int(i, 4, 1);
		y->day = (int) col_int(i, 5, 1);
		y->period = col_period(i, 6);
	}

	n = load_query("SELECT rule_id, scheme_code, population_group, applies_to, months::int8, "
				   "anchor = 'payment_month', valid_from, valid_to FROM medins.policy_waiting "
				   "ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->nwaitings = n;
	c->waitings = palloc0(sizeof(WaitingRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		WaitingRule *w = &c->waitings[i];

		w->rule_id = col_int(i, 1, 0);
		w->scheme = col_text(i, 2);
		w->group = col_text(i, 3);
		w->applies_to = col_text(i, 4);
		w->months = (int) col_int(i, 5, 0);
		w->from_month_start = col_bool(i, 6);
		w->period = col_period(i, 7);
	}

	n = load_query("SELECT rule_id, scheme_code, injury_cause, valid_from, valid_to, claim_kind::text "
				   "FROM medins.policy_exclusion ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->nexclusions = n;
	c->exclusions = palloc0(sizeof(ExclusionRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		ExclusionRule *e = &c->exclusions[i];

		e->rule_id = col_int(i, 1, 0);
		e->scheme = col_text(i, 2);
		e->cause = col_text(i, 3);
		e->period = col_period(i, 4);
		e->kind = col_text(i, 6);
	}
}

/* Loads deductibles and ratios. */
static void
load_money_rules(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, claim_kind::text, referral::text, "
				   "hospital_level::int8, pool, amount, per_year, repeat_mode, repeat_step, "
				   "repeat_floor, valid_from, valid_to FROM medins.policy_deductible "
				   "ORDER BY scheme_code COLLATE \"C\", claim_kind::text COLLATE \"C\", rule_id");
	c->ndeductibles = n;
	c->deductibles = palloc0(sizeof(DeductibleRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		DeductibleRule *d = &c->deductibles[i];
		char	   *mode;

		d->rule_id = col_int(i, 1, 0);
		d->scheme = col_text(i, 2);
		d->kind = col_text(i, 3);
		d->referral = col_text(i, 4);
		d->level = (int) col_int(i, 5, 0);
		d->pool = col_text(i, 6);
		d->amount = col_fen(i, 7, 0);
		d->per_year = col_bool(i, 8);
		mode = col_text(i, 9);
		d->repeat_mode = strcmp(mode, "amount") == 0 ? REPEAT_AMOUNT :
			strcmp(mode, "percent") == 0 ? REPEAT_PERCENT :
			strcmp(mode, "percent_of_base") == 0 ? REPEAT_PERCENT_OF_BASE : REPEAT_NONE;
		d->step_fen = col_fen(i, 10, 0);
		d->step_bp = col_bp(i, 10, 0);
		d->floor = col_fen(i, 11, 0);
		d->period = col_period(i, 12);
	}

	n = load_query("SELECT rule_id, scheme_code, claim_kind::text, population_group, "
				   "referral::text, hospital_level::int8, hospital_grade::text, pool, "
				   "segment_from, ratio, valid_from, valid_to FROM medins.policy_ratio "
				   "ORDER BY scheme_code COLLATE \"C\", claim_kind::text COLLATE \"C\", "
				   "segment_from, rule_id");
	c->nratios = n;
	c->ratios = palloc0(sizeof(RatioRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		RatioRule  *r = &c->ratios[i];
		char	   *grade;

		r->rule_id = col_int(i, 1, 0);
		r->scheme = col_text(i, 2);
		r->kind = col_text(i, 3);
		r->group = col_text(i, 4);
		r->referral = col_text(i, 5);
		r->level = (int) col_int(i, 6, 0);
		grade = col_text(i, 7);
		r->grade = grade ? grade[0] : '\0';
		r->pool = col_text(i, 8);
		r->segment_from = col_fen(i, 9, 0);
		r->ratio = col_bp(i, 10, 0);
		r->period = col_period(i, 11);
	}
}

/* Loads ceilings, referral rules and special-disease pools. */
static void
load_limits(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, pool, basis = 'fund_pay', amount, "
				   "valid_from, valid_to FROM medins.policy_ceiling "
				   "ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->nceilings = n;
	c->ceilings = palloc0(sizeof(CeilingRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		CeilingRule *l = &c->ceilings[i];

		l->rule_id = col_int(i, 1, 0);
		l->scheme = col_text(i, 2);
		l->pool = col_text(i, 3);
		l->on_fund_pay = col_bool(i, 4);
		l->amount = col_fen(i, 5, 0);
		l->period = col_period(i, 6);
	}

	n = load_query("SELECT rule_id, scheme_code, referral::text, min_hospital_level::int8, "
				   "first_share, ratio_delta, waive_deductible, valid_from, valid_to "
				   "FROM medins.policy_referral ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->nreferrals = n;
	c->referrals = palloc0(sizeof(ReferralRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		ReferralRule *r = &c->referrals[i];

		r->rule_id = col_int(i, 1, 0);
		r->scheme = col_text(i, 2);
		r->referral = col_text(i, 3);
		r->min_level = (int) col_int(i, 4, 0);
		r->first_share = col_bp(i, 5, 0);
		r->ratio_delta = col_bp(i, 6, 0);
		r->waive_deductible = col_bool(i, 7);
		r->period = col_period(i, 8);
	}

	n = load_query("SELECT scheme_code, pool, bool_or(counts_to_basic_ceiling) "
				   "FROM medins.special_disease GROUP BY 1, 2 ORDER BY scheme_code COLLATE \"C\", pool");
	c->npools = n;
	c->pools = palloc0(sizeof(PoolRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		c->pools[i].scheme = col_text(i, 1);
		c->pools[i].pool = col_text(i, 2);
		c->pools[i].counts_to_basic = col_bool(i, 3);
	}
}

/* Loads the layers after the basic fund. */
static void
load_layers(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, layer_order::int8, layer_code, name_zh, base, "
				   "threshold, ratio, annual_limit, civil_servant_only, "
				   "CASE WHEN retired THEN 1 WHEN NOT retired THEN 0 END::int8, "
				   "min_age::int8, max_age::int8, assistance_status, outpatient_cap, "
				   "pharmacy_cap, valid_from, valid_to FROM medins.policy_layer "
				   "ORDER BY scheme_code COLLATE \"C\", layer_order, rule_id");
	c->nlayers = n;
	c->layers = palloc0(sizeof(LayerRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		LayerRule  *l = &c->layers[i];
		char	   *base;

		l->rule_id = col_int(i, 1, 0);
		l->scheme = col_text(i, 2);
		l->order = (int) col_int(i, 3, 0);
		l->code = col_text(i, 4);
		l->name = col_text(i, 5);
		base = col_text(i, 6);
		l->base = strcmp(base, "over_ceiling") == 0 ? LAYER_OVER_CEILING :
			strcmp(base, "personal_in_scope") == 0 ? LAYER_PERSONAL_IN_SCOPE :
			LAYER_PERSONAL_SHARE;
		l->threshold = col_fen(i, 7, 0);
		l->ratio = col_bp(i, 8, 0);
		l->limit = col_fen(i, 9, -1);
		l->civil_servant_only = col_bool(i, 10);
		l->retired = (int) col_int(i, 11, -1);
		l->min_age = (int) col_int(i, 12, -1);
		l->max_age = (int) col_int(i, 13, -1);
		l->assistance = col_text(i, 14);
		l->outpatient_cap = col_fen(i, 15, -1);
		l->pharmacy_cap = col_fen(i, 16, -1);
		l->period = col_period(i, 17);
	}
}

/* Loads the per-case settlement standards. */
static void
load_case_standards(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, claim_kind::text, hospital_level::int8, "
				   "case_type, amount, below_standard = 'standard', above_standard = 'person', "
				   "valid_from, valid_to FROM medins.policy_case_standard "
				   "ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->ncases = n;
	c->cases = palloc0(sizeof(CaseRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		CaseRule   *r = &c->cases[i];

		r->rule_id = col_int(i, 1, 0);
		r->scheme = col_text(i, 2);
		r->kind = col_text(i, 3);
		r->level = (int) col_int(i, 4, 0);
		r->case_type = col_text(i, 5);
		r->amount = col_fen(i, 6, 0);
		r->pay_standard = col_bool(i, 7);
		r->person_above = col_bool(i, 8);
		r->period = col_period(i, 9);
	}
}

/* Loads the case types by diagnosis. */
static void
load_case_types(PolicyCache *c)
{
	int			i,
				n;

	n = load_query("SELECT rule_id, scheme_code, claim_kind::text, case_type, diagnoses::text, "
				   "valid_from, valid_to FROM medins.policy_case_type "
				   "ORDER BY scheme_code COLLATE \"C\", rule_id");
	c->ncase_types = n;
	c->case_types = palloc0(sizeof(CaseTypeRule) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		CaseTypeRule *r = &c->case_types[i];

		r->rule_id = col_int(i, 1, 0);
		r->scheme = col_text(i, 2);
		r->kind = col_text(i, 3);
		r->case_type = col_text(i, 4);
		r->diagnoses = col_text(i, 5);
		r->diagnoses_len = (int) strlen(r->diagnoses);
		r->period = col_period(i, 6);
	}
}

/*
 * Narrows rows[0..*n) (each stride bytes, a name at key_off) to those whose
 * name is key; returns the first.  The rows are sorted by that name (and
 * by scheme before it), so they are contiguous.
 */
static const void *
slice_rows(const void *rows, int *n, size_t stride, size_t key_off, const char *key)
{
	int			first = -1,
				count = 0,
				i;

	for (i = 0; i < *n; i++)
	{
		const char *row = (const char *) rows + i * stride;

		if (strcmp(*(char *const *) (row + key_off), key) != 0)
			continue;
		if (first < 0)
			first = i;
		else if (first + count != i)
			elog(ERROR, "medins: policy rows of \"%s\" are not contiguous", key);
		count++;
	}
	*n = count;
	return first < 0 ? rows : (const char *) rows + first * stride;
}

/* Cuts sub's array arr (of n rows of type) to the rows whose field is key. */
#define SLICE(sub, arr, n, type, field, key) \
	((sub)->arr = (type *) slice_rows((sub)->arr, &(sub)->n, sizeof(type), \
									  offsetof(type, field), (key)))
#define SLICE_SCHEME(sub, arr, n, type) SLICE(sub, arr, n, type, scheme, (sub)->scheme)

/*
 * The kind slices of a scheme slice: its deductible and ratio rows of one
 * claim kind each.  The scheme slice itself keeps none of those rows
 * afterwards: it serves the claim kinds that have none.
 */
static void
build_kind_slices(PolicyCache *s)
{
	const char *kinds[64];
	int			nkinds = 0,
				i,
				k;

	for (i = 0; i < s->ndeductibles + s->nratios; i++)
	{
		const char *kind = i < s->ndeductibles ? s->deductibles[i].kind
			: s->ratios[i - s->ndeductibles].kind;

		for (k = 0; k < nkinds && strcmp(kinds[k], kind) != 0; k++)
			;
		if (k == nkinds && nkinds < (int) lengthof(kinds))
			kinds[nkinds++] = kind;
	}
	s->slices = palloc0(sizeof(PolicyCache) * Max(nkinds, 1));
	for (k = 0; k < nkinds; k++)
	{
		PolicyCache *sub = &s->slices[k];

		*sub = *s;
		sub->kind = kinds[k];
		SLICE(sub, deductibles, ndeductibles, DeductibleRule, kind, sub->kind);
		SLICE(sub, ratios, nratios, RatioRule, kind, sub->kind);
	}
	s->nslices = nkinds;
	s->ndeductibles = s->nratios = 0;
}

/* One slice per scheme with a benefit_policy row; arrays not cut stay whole. */
static void
build_slices(PolicyCache *c)
{
	int			i;

	c->slices = palloc0(sizeof(PolicyCache) * Max(c->nparams, 1));
	c->nslices = 0;
	for (i = 0; i < c->nparams; i++)
	{
		PolicyCache *sub;

		if (c->nslices > 0 && strcmp(c->slices[c->nslices - 1].scheme, c->params[i].scheme) == 0)
			continue;
		sub = &c->slices[c->nslices++];
		*sub = *c;
		sub->scheme = c->params[i].scheme;
		sub->nslices = 0;
		sub->slices = NULL;
		SLICE_SCHEME(sub, params, nparams, SchemeParams);
		SLICE_SCHEME(sub, years, nyears, YearRule);
		SLICE_SCHEME(sub, waitings, nwaitings, WaitingRule);
		SLICE_SCHEME(sub, exclusions, nexclusions, ExclusionRule);
		SLICE_SCHEME(sub, deductibles, ndeductibles, DeductibleRule);
		SLICE_SCHEME(sub, ratios, nratios, RatioRule);
		SLICE_SCHEME(sub, ceilings, nceilings, CeilingRule);
		SLICE_SCHEME(sub, referrals, nreferrals, ReferralRule);
		SLICE_SCHEME(sub, pools, npools, PoolRule);
		SLICE_SCHEME(sub, layers, nlayers, LayerRule);
		SLICE_SCHEME(sub, cases, ncases, CaseRule);
		SLICE_SCHEME(sub, case_types, ncase_types, CaseTypeRule);
		build_kind_slices(sub);
	}
}

/*
 * The rules a claim of the scheme and kind is matched against: the
 * scheme's slice narrowed to the kind's deductible and ratio rows; NULL
 * when the scheme has no benefit_policy row.
 */
PolicyCache *
policy_claim_slice(PolicyCache *c, const char *scheme, const char *kind)
{
	PolicyCache *s = NULL;
	int			i;

	for (i = 0; i < c->nslices && s == NULL; i++)
		if (c->slices[i].scheme[0] == scheme[0] && strcmp(c->slices[i].scheme, scheme) == 0)
			s = &c->slices[i];
	for (i = 0; s != NULL && i < s->nslices; i++)
		if (s->slices[i].kind[0] == kind[0] && strcmp(s->slices[i].kind, kind) == 0)
			return &s->slices[i];
	return s;
}

/* Remembers the OIDs of the policy tables for the invalidation callback. */
static void
remember_policy_rels(void)
{
	Oid			nsp = get_namespace_oid("medins", false);
	int			i;

	npolicy_rels = 0;
	for (i = 0; i < (int) lengthof(policy_tables) && i < MAX_POLICY_RELS; i++)
		policy_rels[npolicy_rels++] = get_relname_relid(policy_tables[i], nsp);
}

/* Returns the compiled policies, reloading them when they have changed. */
PolicyCache *
policy_cache_get(void)
{
	MemoryContext newcxt,
				oldcxt;
	PolicyCache *c;

	if (cache_valid && cache != NULL)
		return cache;

	newcxt = AllocSetContextCreate(CacheMemoryContext, "medins policy cache",
								   ALLOCSET_SMALL_SIZES);
	/* Mark valid first: an invalidation arriving during the load wins. */
	cache_valid = true;
	remember_policy_rels();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "medins: SPI_connect failed");
	load_context = newcxt;
	PG_TRY();
	{
		oldcxt = MemoryContextSwitchTo(newcxt);
		c = palloc0(sizeof(PolicyCache));
		load_params(c);
		load_eligibility(c);
		load_money_rules(c);
		load_limits(c);
		load_layers(c);
		load_case_standards(c);
		load_case_types(c);
		build_slices(c);
		MemoryContextSwitchTo(oldcxt);
	}
	PG_CATCH();
	{
		cache_valid = false;
		MemoryContextDelete(newcxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	SPI_finish();

	if (cache_context != NULL)
		MemoryContextDelete(cache_context);
	cache_context = newcxt;
	cache = c;
	return cache;
}

/*
 * The calendar year of a day.  The last year's first and last days are
 * kept: a run of claims falls in a few years, and j2date() is a visible
 * part of the engine's cost.
 */
static int
calendar_year(DateADT day)
{
	static DateADT from = 1,
				to = 0;			/* the days of year: [from, to) */
	static int	year;
	int			m,
				d;

	if (day < from || day >= to)
	{
		j2date(day + POSTGRES_EPOCH_JDATE, &year, &m, &d);
		from = date2j(year, 1, 1) - POSTGRES_EPOCH_JDATE;
		to = date2j(year + 1, 1, 1) - POSTGRES_EPOCH_JDATE;
	}
	return year;
}

/*
 * First day of the scheme year holding day: the year rule of the scheme
 * (population group first, then the scheme's default); 1 January when the
 * scheme has none.
 */
DateADT
scheme_year_start(PolicyCache *c, const char *scheme, const char *group,
				  DateADT day, int64 *rule_id)
{
	YearRule   *best = NULL;
	int			i,
				y;
	DateADT		start;

	for (i = 0; i < c->nyears; i++)
	{
		YearRule   *r = &c->years[i];

		if (strcmp(r->scheme, scheme) != 0 || !period_covers(&r->period, day))
			continue;
		if (r->group != NULL && (group == NULL || strcmp(r->group, group) != 0))
			continue;
		if (best == NULL || (best->group == NULL && r->group != NULL))
			best = r;
	}
	*rule_id = best ? best->rule_id : 0;
	y = calendar_year(day);
	start = date2j(y, best ? best->month : 1, best ? best->day : 1) - POSTGRES_EPOCH_JDATE;
	if (start > day)
		start = date2j(y - 1, best ? best->month : 1, best ? best->day : 1) - POSTGRES_EPOCH_JDATE;
	return start;
}

/* SQL: medins.scheme_year_start(scheme_code, population_group, on_date). */
Datum
scheme_year_start_sql(PG_FUNCTION_ARGS)
{
	char	   *scheme = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *group = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
	DateADT		day = PG_GETARG_DATEADT(2);
	int64		rule_id;

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scheme year of an infinite date is undefined")));
	PG_RETURN_DATEADT(scheme_year_start(policy_cache_get(), scheme, group, day, &rule_id));
}

/* Trigger on the policy tables: tells every backend to recompile. */
Datum
policy_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("medins.policy_changed() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}
