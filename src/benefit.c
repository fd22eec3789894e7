/*-------------------------------------------------------------------------
 *
 * benefit.c
 *	  The benefit engine (待遇计算): splits one claim into what each fund
 *	  layer pays and what the person pays, following DOMAIN.md §2, with the
 *	  policy rows of the claim's scheme.
 *
 * Steps: eligibility (institution, coverage and waiting, exclusions,
 * physician, audit) → scope (disallowed, 丙类, over standard, 乙类 first
 * share, referral first share) → deductible → segments up to the ceilings →
 * later layers in order → personal pay.  Each step appends an entry to the
 * reason trail naming the rule_id that applied, when the caller asks for the
 * trail (settle() and presettle() do; a bulk computation of the amounts
 * need not pay for it: every amount is the same with or without it).  All
 * money is integer fen; see money.h for the rounding rule.  Pure: reads only
 * its arguments and the compiled policies.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/json.h"

#include "policy.h"

/* The state of one computation. */
typedef struct Work
{
	PolicyCache *cache;			/* the slice of the claim's scheme and kind */
	const ClaimFacts *facts;
	BenefitResult *res;
	SchemeParams *params;
	const char *referral;		/* after the emergency rule */
	ReferralRule *ref_rule;
	const Accum *accs;
	int			naccs;
	Fen			over_ceiling;	/* in-scope cost left unpaid at a ceiling */
	Fen			personal_in_scope;	/* the person's in-scope share left */
	Fen			first_share_left;
	Fen			case_institution;	/* in-scope money a case standard leaves to the institution */
} Work;

/* True when the caller asked for the trail (its notes are built only then). */
static inline bool
tracing(const Work *w)
{
	return w->res->trail.data != NULL;
}

/* Appends a JSON string; escapes only when the text needs it. */
static void
append_json_text(StringInfo t, const char *text)
{
	const unsigned char *c;

	for (c = (const unsigned char *) text; *c; c++)
		if (*c < 0x20 || *c == '"' || *c == '\\')
		{
			escape_json(t, text);
			return;
		}
	appendStringInfoChar(t, '"');
	appendBinaryStringInfo(t, text, (const char *) c - text);
	appendStringInfoChar(t, '"');
}

/* Appends a ratio in basis points as a JSON number: 6500 -> 0.6500. */
static void
append_bp(StringInfo t, Bp ratio)
{
	char		buf[8];

	buf[0] = (char) ('0' + ratio / BP_ONE);
	buf[1] = '.';
	buf[2] = (char) ('0' + ratio / 1000 % 10);
	buf[3] = (char) ('0' + ratio / 100 % 10);
	buf[4] = (char) ('0' + ratio / 10 % 10);
	buf[5] = (char) ('0' + ratio % 10);
	appendBinaryStringInfo(t, buf, 6);
}

/* Room one trail entry needs besides its step, payer and note. */
#define TRAIL_ENTRY_FIXED 192

/* Copies len bytes into room reserved by enlargeStringInfo(). */
static inline void
put_bytes(StringInfo t, const char *s, int len)
{
	memcpy(t->data + t->len, s, len);
	t->len += len;
}

/* put_bytes() of a string literal, its length known at compile time. */
#define put_lit(t, s) put_bytes((t), (s), sizeof(s) - 1)

/* Writes a positive id in decimal into reserved room. */
static void
put_id(StringInfo t, int64 id)
{
	char		digits[24];
	int			n = 0;

	do
	{
		digits[n++] = (char) ('0' + id % 10);
		id /= 10;
	} while (id > 0);
	while (n > 0)
		t->data[t->len++] = digits[--n];
}

/*
 * Appends one trail entry: step, rule_id (0: none), base (< 0: none),
 * ratio (< 0: none), amount, payer (NULL: none) and a note.  The room is
 * reserved once per entry and the fixed parts copied without measuring:
 * the trail is a large part of the engine's cost per claim.
 */
static void
trail_append(Work *w, const char *step, int64 rule_id, Fen base, Bp ratio,
			 Fen amount, const char *payer, const char *note)
{
	StringInfo	t = &w->res->trail;
	int			step_len = strlen(step);
	int			payer_len;

	if (payer == NULL)
		payer = "none";
	payer_len = strlen(payer);
	enlargeStringInfo(t, TRAIL_ENTRY_FIXED + step_len + payer_len);
	if (w->res->ntrail++ == 0)
		put_lit(t, "{\"step\": \"");
	else
		put_lit(t, ", {\"step\": \"");
	put_bytes(t, step, step_len);
	put_lit(t, "\", \"rule\": ");
	if (rule_id > 0)
		put_id(t, rule_id);
	else
		put_lit(t, "null");
	put_lit(t, ", \"base\": ");
	t->data[t->len] = '\0';
	if (base >= 0)
		append_fen(t, base);
	else
		put_lit(t, "null");
	put_lit(t, ", \"ratio\": ");
	if (ratio >= 0)
		append_bp(t, ratio);
	else
		put_lit(t, "null");
	put_lit(t, ", \"amount\": ");
	t->data[t->len] = '\0';
	append_fen(t, amount);
	enlargeStringInfo(t, TRAIL_ENTRY_FIXED + payer_len);
	put_lit(t, ", \"payer\": \"");
	put_bytes(t, payer, payer_len);
	put_lit(t, "\", \"note\": ");
	t->data[t->len] = '\0';
	append_json_text(t, note ? note : "");
	appendStringInfoChar(t, '}');
}

/* trail_append() when the caller asked for the trail. */
static inline void
trail_add(Work *w, const char *step, int64 rule_id, Fen base, Bp ratio,
		  Fen amount, const char *payer, const char *note)
{
	if (tracing(w))
		trail_append(w, step, rule_id, base, ratio, amount, payer, note);
}

/* Equal strings; the first bytes compared inline (most codes differ there). */
static inline bool
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] == b[0] && strcmp(a, b) == 0;
}

/* A NULL selector matches anything; otherwise the values must be equal. */
static bool
sel_match(const char *selector, const char *value)
{
	return selector == NULL || str_eq(selector, value);
}

/* The accumulator of a pool, or one with every counter zero (no name). */
static const Accum *
acc_get(Work *w, const char *pool)
{
	static const Accum zero;
	int			i;

	for (i = 0; i < w->naccs; i++)
		if (str_eq(w->accs[i].pool, pool))
			return &w->accs[i];
	return &zero;
}

/* The delta entry of a pool in the result, created on first use. */
static Accum *
delta_get(Work *w, const char *pool)
{
	BenefitResult *r = w->res;
	int			i;

	for (i = 0; i < r->ndeltas; i++)
		if (str_eq(r->deltas[i].pool, pool))
			return &r->deltas[i];
	if (r->ndeltas >= MAX_POOLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a claim may touch at most %d accumulator pools", MAX_POOLS)));
	memset(&r->deltas[r->ndeltas], 0, sizeof(Accum));
	strlcpy(r->deltas[r->ndeltas].pool, pool, NAMEDATALEN);
	return &r->deltas[r->ndeltas++];
}

/* Refuses the claim: nothing is paid; the person or the institution bears it. */
static void
refuse(Work *w, const char *status, const char *reason, int64 rule_id,
	   bool institution_bears, const char *note)
{
	BenefitResult *r = w->res;
	Fen			rest = r->total - r->disallowed;

	r->status = status;
	r->reason = reason;
	if (institution_bears)
		r->institution_borne += rest;
	trail_add(w, reason, rule_id, r->total, -1, rest,
			  institution_bears ? "institution" : "person", note);
}

/* Scheme-wide parameters in force on the day (c: the scheme's slice). */
static SchemeParams *
find_params(PolicyCache *c, DateADT day)
{
	int			i;

	for (i = 0; i < c->nparams; i++)
		if (period_covers(&c->params[i].period, day))
			return &c->params[i];
	return NULL;
}

/* First day of coverage under a waiting rule, from the payment date. */
static DateADT
waiting_end(const WaitingRule *rule, DateADT paid_on)
{
	int			y,
				m,
				d;

	j2date(paid_on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	if (rule->from_month_start)
		d = 1;
	m += rule->months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > 28)
		d = 28;
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/* Waiting periods: false (and the claim refused) when not yet covered. */
static bool
check_coverage(Work *w)
{
	const ClaimFacts *f = w->facts;
	WaitingRule *best = NULL;
	char		note[160];
	int			i;

	if (!f->has_cover)
	{
		refuse(w, "refused", "not_covered", 0, false,
			   "no contribution covers the claim date (未参保或中断缴费)");
		return false;
	}
	if (f->waiting_kind == NULL || str_eq(f->waiting_kind, "none") ||
		!f->has_waiting_paid_on)
		return true;
	for (i = 0; i < w->cache->nwaitings; i++)
	{
		WaitingRule *r = &w->cache->waitings[i];

		if (!period_covers(&r->period, f->claim_date) ||
			!str_eq(r->applies_to, f->waiting_kind) || !sel_match(r->group, f->group))
			continue;
		if (best == NULL || (best->group == NULL && r->group != NULL))
			best = r;
	}
	if (best == NULL)
		return true;
	if (f->claim_date < waiting_end(best, f->waiting_paid_on))
	{
		note[0] = '\0';
		if (tracing(w))
			snprintf(note, sizeof(note), "等待期 %s: covered %d months after paying (%s)",
				 best->applies_to, best->months,
				 best->from_month_start ? "from the payment month" : "from the payment date");
		refuse(w, "refused", "waiting_period", best->rule_id, false, note);
		return false;
	}
	trail_add(w, "waiting_period_over", best->rule_id, -1, -1, 0, NULL,
			  "等待期已满 the waiting period is over");
	return true;
}

/* Eligibility checks in the order of DOMAIN.md §2 step 1. */
/*
 * Whether an exclusion row (不予支付) refuses the claim: its cause, if it
 * names one, is the claim's; its claim kind, if it names one, the claim's.
 */
static bool
exclusion_applies(const ExclusionRule *e, const ClaimFacts *f)
{
	if (e->cause && !(f->cause && str_eq(e->cause, f->cause)))
		return false;
	if (e->kind && !str_eq(e->kind, f->kind))
		return false;
	return period_covers(&e->period, f->claim_date);
}

static bool
check_eligibility(Work *w)
{
	const ClaimFacts *f = w->facts;
	int			i;

	if (f->institution_suspended)
	{
		refuse(w, "withheld", "institution_suspended", 0, true,
			   "医保协议中止/解除: claims of the institution are not settled");
		return false;
	}
	if (!check_coverage(w))
		return false;
	for (i = 0; i < w->cache->nexclusions; i++)
	{
		ExclusionRule *e = &w->cache->exclusions[i];

		if (exclusion_applies(e, f))
		{
			refuse(w, "refused", e->cause ? "excluded_cause" : "excluded_claim_kind",
				   e->rule_id, false,
				   e->cause ? "不予支付: the scheme excludes this cause"
				   : "不予支付: the scheme does not pay claims of this kind");
			return false;
		}
	}
	if (f->physician_suspended && !f->emergency)
	{
		refuse(w, "refused", "physician_suspended", 0, true,
			   "医保医师暂停: not paid, borne by the institution (emergencies excepted)");
		return false;
	}
	if (f->physician_suspended)
		trail_add(w, "physician_suspended_emergency", 0, -1, -1, 0, NULL,
				  "physician suspended, paid as an emergency (急诊除外)");
	if (f->claim_disallowed)
	{
		refuse(w, "refused", "claim_disallowed", 0, true,
			   "审核: an audit finding disallows the whole claim");
		return false;
	}
	if (str_eq(f->kind, "special_outpatient") && f->special_pool == NULL)
	{
		refuse(w, "refused", "special_disease_not_approved", 0, false,
			   "门诊特殊病种: no approval (准入) matching the diagnosis");
		return false;
	}
	return true;
}

/* The referral rule for the claim's (effective) referral and hospital level. */
static ReferralRule *
find_referral(Work *w)
{
	int			i;

	for (i = 0; i < w->cache->nreferrals; i++)
	{
		ReferralRule *r = &w->cache->referrals[i];

		if (str_eq(r->referral, w->referral) &&
			period_covers(&r->period, w->facts->settle_date) &&
			(r->min_level == 0 || w->facts->level >= r->min_level))
			return r;
	}
	return NULL;
}

/* Scope split: what the fund cannot pay, and the in-scope amount. */
static void
split_scope(Work *w, const ScopeSplit *s)
{
	BenefitResult *r = w->res;
	SchemeParams *p = w->params;
	Fen			payable;

	r->out_of_scope = s->out_of_scope;
	r->over_standard = s->over_standard;
	if (p->class_b_share >= 0)
	{
		r->first_share = fen_times_bp(s->class_b, p->class_b_share);
		trail_add(w, "class_b_first_share", p->rule_id, s->class_b, p->class_b_share,
				  r->first_share, "person", "乙类先行自付 at the scheme's ratio");
	}
	else
	{
		r->first_share = s->first_share;
		trail_add(w, "class_b_first_share", 0, s->class_b, -1, r->first_share, "person",
				  "乙类先行自付 at each catalogue item's ratio");
	}
	if (s->disallowed > 0)
		trail_add(w, "disallowed", 0, -1, -1, s->disallowed, "institution",
				  "审核扣除: audit findings on items");
	trail_add(w, "out_of_scope", 0, -1, -1, s->out_of_scope, "person", "丙类/自费");
	trail_add(w, "over_standard", 0, -1, -1, s->over_standard, "person",
			  "price above the catalogue's payment standard 超支付标准");
	payable = s->total - s->disallowed - s->out_of_scope - s->over_standard - r->first_share;
	if (payable < 0)
		payable = 0;
	w->ref_rule = find_referral(w);
	if (w->ref_rule && w->ref_rule->first_share > 0)
	{
		r->referral_share = fen_times_bp(payable, w->ref_rule->first_share);
		trail_add(w, "referral_first_share", w->ref_rule->rule_id, payable,
				  w->ref_rule->first_share, r->referral_share, "person",
				  "转外就医 the person first pays this share of the in-scope amount");
	}
	r->in_scope = payable - r->referral_share;
	trail_add(w, "in_scope", 0, -1, -1, r->in_scope, NULL, "符合支付范围 in-scope amount");
}

/*
 * Specificity of a matching rule: the selectors it names, weighed so that
 * referral outranks pool, pool outranks population group, group outranks
 * hospital level and level outranks grade (doc/settlement.md).
 */
static int
specificity(const char *referral, const char *pool, const char *group, int level, char grade)
{
	return (referral != NULL) * 16 + (pool != NULL) * 8 + (group != NULL) * 4 +
		(level != 0) * 2 + (grade != '\0');
}

/* The deductible row for the claim, most specific first. */
static DeductibleRule *
find_deductible(Work *w)
{
	const ClaimFacts *f = w->facts;
	DeductibleRule *best = NULL;
	int			best_score = -1,
				i;

	for (i = 0; i < w->cache->ndeductibles; i++)
	{
		DeductibleRule *d = &w->cache->deductibles[i];
		int			score;

		if (!period_covers(&d->period, f->settle_date) ||
			!sel_match(d->referral, w->referral) || !sel_match(d->pool, f->special_pool) ||
			(d->level != 0 && d->level != f->level))
			continue;
		score = specificity(d->referral, d->pool, NULL, d->level, '\0');
		if (score > best_score)
		{
			best = d;
			best_score = score;
		}
	}
	return best;
}

/* The deductible of the n-th admission under a rule, lowered on repeats. */
static Fen
lowered_deductible(const DeductibleRule *d, int ordinal)
{
	Fen			amount = d->amount;
	int			k;

	for (k = 1; k < ordinal; k++)
	{
		switch (d->repeat_mode)
		{
			case REPEAT_AMOUNT:
				amount -= d->step_fen;
				break;
			case REPEAT_PERCENT:
				amount -= fen_times_bp(amount, d->step_bp);
				break;
			case REPEAT_PERCENT_OF_BASE:
				amount -= fen_times_bp(d->amount, d->step_bp);
				break;
			case REPEAT_NONE:
				break;
		}
	}
	return d->repeat_mode == REPEAT_NONE ? amount : fen_max(amount, d->floor);
}

/* Step 3: the deductible (起付线) for this claim. */
static Fen
apply_deductible(Work *w, const Accum *pool)
{
	BenefitResult *r = w->res;
	DeductibleRule *d = find_deductible(w);
	char		note[160];
	Fen			amount;

	if (w->ref_rule && w->ref_rule->waive_deductible)
	{
		trail_add(w, "deductible", w->ref_rule->rule_id, r->in_scope, -1, 0, "person",
				  "下转: no deductible with a down-referral certificate (免计起付线)");
		return 0;
	}
	if (d == NULL)
	{
		trail_add(w, "deductible", 0, r->in_scope, -1, 0, "person", "no deductible rule");
		return 0;
	}
	amount = lowered_deductible(d, r->ordinal > 0 ? r->ordinal : 1);
	if (d->per_year)
		amount = fen_max(0, amount - pool->deductible_paid);
	r->deductible = fen_min(r->in_scope, amount);
	if (!tracing(w))
		return r->deductible;
	if (d->per_year)
		snprintf(note, sizeof(note), "起付线 per year, not yet used this year");
	else if (r->ordinal > 1 && d->repeat_mode != REPEAT_NONE)
		snprintf(note, sizeof(note), "起付线 of admission %d in the scheme year (lowered)", r->ordinal);
	else
		snprintf(note, sizeof(note), "起付线");
	trail_add(w, "deductible", d->rule_id, amount, -1, r->deductible, "person", note);
	return r->deductible;
}

/* Ratio after the contribution-year bonus (capped) and the referral change. */
static Bp
adjust_ratio(Work *w, Bp ratio)
{
	SchemeParams *p = w->params;
	Bp			out = ratio;

	if (p->bonus > 0 && w->facts->contribution_years > 0)
	{
		Bp			cap = p->bonus_cap >= 0 ? Max(p->bonus_cap, ratio) : BP_ONE;

		out = Min(ratio + p->bonus * w->facts->contribution_years, cap);
	}
	if (w->ref_rule)
		out += w->ref_rule->ratio_delta;
	return Max(0, Min(out, BP_ONE));
}

/*
 * True when a ratio row of the claim's slice (its scheme and kind) applies
 * to the claim, segment aside; the cheap tests first.
 */
static bool
ratio_matches(Work *w, RatioRule *r)
{
	const ClaimFacts *f = w->facts;

	return (r->level == 0 || r->level == f->level) &&
		(r->grade == '\0' || r->grade == f->grade) &&
		period_covers(&r->period, f->settle_date) &&
		sel_match(r->group, f->group) && sel_match(r->referral, w->referral) &&
		sel_match(r->pool, f->special_pool);
}

/* True when two ratio rows name the same selectors (one schedule). */
static bool
same_schedule(RatioRule *a, RatioRule *b)
{
	return sel_match(a->group, b->group) && sel_match(b->group, a->group) &&
		sel_match(a->referral, b->referral) && sel_match(b->referral, a->referral) &&
		sel_match(a->pool, b->pool) && sel_match(b->pool, a->pool) &&
		a->level == b->level && a->grade == b->grade;
}

/* The most specific matching ratio row; its schedule holds the segments. */
static RatioRule *
find_schedule(Work *w)
{
	RatioRule  *best = NULL;
	int			best_score = -1,
				i;

	for (i = 0; i < w->cache->nratios; i++)
	{
		RatioRule  *r = &w->cache->ratios[i];
		int			score;

		if (!ratio_matches(w, r))
			continue;
		score = specificity(r->referral, r->pool, r->group, r->level, r->grade);
		if (score > best_score)
		{
			best = r;
			best_score = score;
		}
	}
	return best;
}

/* The annual ceiling of a pool on the given basis, or NULL. */
static CeilingRule *
find_ceiling(Work *w, const char *pool, bool on_fund_pay)
{
	int			i;

	for (i = 0; i < w->cache->nceilings; i++)
	{
		CeilingRule *c = &w->cache->ceilings[i];

		if (str_eq(c->pool, pool) &&
			c->on_fund_pay == on_fund_pay && period_covers(&c->period, w->facts->settle_date))
			return c;
	}
	return NULL;
}

/* Whether a special-disease pool's pay also counts to the basic ceiling. */
static bool
pool_counts_to_basic(Work *w)
{
	int			i;

	for (i = 0; i < w->cache->npools; i++)
		if (str_eq(w->cache->pools[i].pool, w->facts->special_pool))
			return w->cache->pools[i].counts_to_basic;
	return true;
}

/*
 * Fund room left under the fund-pay ceilings of the pool (and of the basic
 * pool when the special pool counts to it); -1 when there is no ceiling.
 */
static Fen
fund_room(Work *w, const char *pool_key, const Accum *pool, int64 *rule_id)
{
	CeilingRule *c = find_ceiling(w, w->facts->special_pool ? w->facts->special_pool : "basic", true);
	Fen			room = -1;

	*rule_id = 0;
	if (c)
	{
		room = fen_max(0, c->amount - pool->fund_paid);
		*rule_id = c->rule_id;
	}
	if (w->facts->special_pool && pool_counts_to_basic(w))
	{
		CeilingRule *b = find_ceiling(w, "basic", true);
		const Accum *basic = acc_get(w, "basic");

		if (b && (room < 0 || b->amount - basic->fund_paid < room))
		{
			room = fen_max(0, b->amount - basic->fund_paid);
			*rule_id = b->rule_id;
		}
	}
	return room;
}

/* Pays one segment's overlap, limited by the fund room; returns the pay. */
static Fen
pay_segment(Work *w, RatioRule *seg, Fen overlap, Fen *room, int64 room_rule)
{
	Bp			ratio = adjust_ratio(w, seg->ratio);
	Fen			pay = fen_times_bp(overlap, ratio);
	char		note[200];

	note[0] = '\0';
	if (tracing(w))
		snprintf(note, sizeof(note), "segment from %lld yuan at %d.%02d%%%s",
				 (long long) (seg->segment_from / 100), ratio / 100, ratio % 100,
				 ratio != seg->ratio ? " (adjusted: contribution years / referral)" : "");
	if (*room >= 0 && pay > *room)
	{
		Fen			covered = fen_divide_bp(*room, ratio);

		pay = *room;
		w->over_ceiling += overlap - covered;
		trail_add(w, "ceiling_reached", room_rule, overlap - covered, -1, 0, NULL,
				  "最高支付限额: the fund ceiling is reached inside this segment");
		overlap = covered;
	}
	if (*room >= 0)
		*room -= pay;
	trail_add(w, "basic_fund_segment", seg->rule_id, overlap, ratio, pay, "fund", note);
	return pay;
}

/* Steps 3–4: deductible and segments of the basic (or special) pool. */
static void
pay_basic(Work *w)
{
	BenefitResult *r = w->res;
	const ClaimFacts *f = w->facts;
	char		pool_key[NAMEDATALEN];
	Accum		pool;
	Accum	   *dp;
	RatioRule  *sched = find_schedule(w);
	CeilingRule *cost_ceiling;
	Fen			ded,
				start,
				end,
				room;
	int64		room_rule;
	int			i;

	if (f->special_pool)
		snprintf(pool_key, sizeof(pool_key), "special:%s", f->special_pool);
	else
		strlcpy(pool_key, "basic", sizeof(pool_key));
	pool = *acc_get(w, pool_key);
	if (str_eq(f->kind, "inpatient"))
		r->ordinal = f->ordinal > 0 ? f->ordinal : acc_get(w, "basic")->admissions + 1;
	ded = apply_deductible(w, &pool);

	start = pool.in_scope + (w->params->cumulative_basis ? ded : 0);
	end = pool.in_scope + r->in_scope - (w->params->cumulative_basis ? 0 : ded);
	dp = delta_get(w, pool_key);
	dp->in_scope += end - pool.in_scope;
	dp->deductible_paid += ded;
	if (r->ordinal > 0)
		delta_get(w, "basic")->admissions += 1;

	cost_ceiling = find_ceiling(w, f->special_pool ? f->special_pool : "basic", false);
	if (cost_ceiling && end > cost_ceiling->amount)
	{
		Fen			beyond = end - Max(start, cost_ceiling->amount);

		w->over_ceiling += beyond;
		trail_add(w, "cost_ceiling", cost_ceiling->rule_id, cost_ceiling->amount, -1, 0, NULL,
				  "最高限额 on the year's cumulative in-scope cost: the part above is not paid by this pool");
		end = Max(start, cost_ceiling->amount);
	}
	if (sched == NULL)
	{
		w->over_ceiling = 0;
		trail_add(w, "no_ratio", 0, end - start, -1, 0, NULL,
				  "no ratio rule: the pooled fund does not pay this claim kind here");
		return;
	}
	room = fund_room(w, pool_key, &pool, &room_rule);
	for (i = 0; i < w->cache->nratios; i++)
	{
		RatioRule  *seg = &w->cache->ratios[i];
		RatioRule  *next = NULL;
		Fen			lo,
					hi;
		int			j;

		if (!ratio_matches(w, seg) || !same_schedule(seg, sched))
			continue;
		for (j = i + 1; j < w->cache->nratios && next == NULL; j++)
			if (ratio_matches(w, &w->cache->ratios[j]) && same_schedule(&w->cache->ratios[j], sched))
				next = &w->cache->ratios[j];
		lo = Max(start, seg->segment_from);
		hi = next ? Min(end, next->segment_from) : end;
		if (hi > lo)
			r->basic_fund += pay_segment(w, seg, hi - lo, &room, room_rule);
	}
	dp->fund_paid += r->basic_fund;
	if (f->special_pool && pool_counts_to_basic(w))
		delta_get(w, "basic")->fund_paid += r->basic_fund;
}

/*
 * Steps 3–4 for a claim kind settled per case (生育 定额): the standard of
 * the case replaces deductible and segments.  False when no standard applies.
 */
static bool
pay_case(Work *w)
{
	BenefitResult *r = w->res;
	const char *case_type = claim_case_type(w->cache, w->facts);
	CaseRule   *rule = find_case_standard(w->cache, w->facts, case_type);
	CaseSplit	split;
	char		key[NAMEDATALEN];
	char		note[200];
	Accum	   *dp;

	if (rule == NULL)
		return false;
	case_standard_split(rule, r->in_scope, &split);
	snprintf(note, sizeof(note), "定额结算 per-case standard %lld.%02lld yuan (case type %s, hospital level %d)",
			 (long long) (rule->amount / 100), (long long) (rule->amount % 100),
			 case_type ? case_type : "none", w->facts->level);
	r->basic_fund = split.fund;
	trail_add(w, "case_standard", rule->rule_id, r->in_scope, -1, split.fund, "fund", note);
	if (split.excess > 0 && !rule->person_above)
	{
		r->institution_borne += split.excess;
		w->case_institution = split.excess;
		trail_add(w, "case_standard_excess", rule->rule_id, -1, -1, split.excess, "institution",
				  "above the standard: borne by the institution (超定额由医疗机构承担)");
	}
	else if (split.excess > 0)
		trail_add(w, "case_standard_excess", rule->rule_id, -1, -1, split.excess, "person",
				  "above the standard: paid by the person");
	if (split.surplus > 0)
	{
		r->institution_borne -= split.surplus;
		w->case_institution = -split.surplus;
		trail_add(w, "case_standard_surplus", rule->rule_id, -1, -1, -split.surplus, "institution",
				  "the standard exceeds the cost: the institution keeps the difference (定额包干)");
	}
	snprintf(key, sizeof(key), "case:%s", w->facts->kind);
	dp = delta_get(w, key);
	dp->in_scope += r->in_scope;
	dp->fund_paid += split.fund;
	/* A stay paid per case is still an admission of the year. */
	if (str_eq(w->facts->kind, "inpatient"))
	{
		r->ordinal = w->facts->ordinal > 0 ? w->facts->ordinal : acc_get(w, "basic")->admissions + 1;
		delta_get(w, "basic")->admissions += 1;
	}
	return true;
}

/* Whether a layer row applies to the person. */
static bool
layer_applies(Work *w, LayerRule *l)
{
	const ClaimFacts *f = w->facts;

	return period_covers(&l->period, f->settle_date) &&
		(!l->civil_servant_only || f->civil_servant) &&
		(l->retired < 0 || l->retired == (int) f->retired) &&
		(l->min_age < 0 || f->age >= l->min_age) &&
		(l->max_age < 0 || f->age <= l->max_age) &&
		sel_match(l->assistance, f->assistance);
}

/* Base of a personal-share layer after its outpatient and pharmacy caps. */
static Fen
countable_share(Work *w, LayerRule *l, const Accum *acc, Accum *dp, Fen base)
{
	bool		outpatient = str_eq(w->facts->kind, "outpatient");
	bool		pharmacy = str_eq(w->facts->kind, "pharmacy");

	if ((outpatient || pharmacy) && l->outpatient_cap >= 0)
		base = fen_min(base, fen_max(0, l->outpatient_cap - acc->outpatient_counted));
	if (pharmacy && l->pharmacy_cap >= 0)
		base = fen_min(base, fen_max(0, l->pharmacy_cap - acc->pharmacy_counted));
	if (outpatient || pharmacy)
		dp->outpatient_counted += base;
	if (pharmacy)
		dp->pharmacy_counted += base;
	return base;
}

/* Pays one layer; returns its pay. */
static Fen
pay_layer(Work *w, LayerRule *l)
{
	char		key[NAMEDATALEN];
	Accum		acc;
	Accum	   *dp;
	Fen			base,
				eligible,
				pay,
				left;
	char		note[200];

	snprintf(key, sizeof(key), "layer:%s", l->code);
	acc = *acc_get(w, key);
	dp = delta_get(w, key);
	left = w->personal_in_scope + (l->base == LAYER_PERSONAL_SHARE ? w->first_share_left : 0);
	if (l->base == LAYER_OVER_CEILING)
	{
		base = fen_min(w->over_ceiling, w->personal_in_scope);
		eligible = base;
	}
	else
	{
		Fen			before = acc.base_counted;

		base = left;
		if (l->base == LAYER_PERSONAL_SHARE)
			base = countable_share(w, l, &acc, dp, base);
		eligible = fen_max(0, before + base - l->threshold) - fen_max(0, before - l->threshold);
	}
	dp->base_counted += base;
	pay = fen_min(fen_times_bp(eligible, l->ratio), left);
	if (l->limit >= 0)
		pay = fen_min(pay, fen_max(0, l->limit - acc.fund_paid));
	dp->fund_paid += pay;
	note[0] = '\0';
	if (tracing(w))
		snprintf(note, sizeof(note), "%s: threshold %lld yuan a year%s", l->name,
				 (long long) (l->threshold / 100), l->limit >= 0 ? ", annual limit" : "");
	trail_add(w, l->code, l->rule_id, eligible, l->ratio, pay, "fund", note);
	/* Pay comes off the in-scope share first, then the first share. */
	w->over_ceiling = fen_max(0, w->over_ceiling - pay);
	if (pay <= w->personal_in_scope)
		w->personal_in_scope -= pay;
	else
	{
		w->first_share_left -= pay - w->personal_in_scope;
		w->personal_in_scope = 0;
	}
	return pay;
}

/* Step 5: the layers after the basic fund, one row per layer code. */
static void
pay_layers(Work *w)
{
	const char *done[MAX_POOLS];
	int			ndone = 0,
				i,
				j;

	for (i = 0; i < w->cache->nlayers; i++)
	{
		LayerRule  *l = &w->cache->layers[i];
		bool		seen = false;

		if (!layer_applies(w, l))
			continue;
		for (j = 0; j < ndone; j++)
			seen |= str_eq(done[j], l->code);
		if (seen || ndone >= MAX_POOLS)
			continue;
		done[ndone++] = l->code;
		w->res->layer_fund += pay_layer(w, l);
	}
}

/*
 * 在市内门诊急诊抢救死亡: an emergency outpatient claim in the person's own
 * area ending in death is settled as an inpatient stay (an admission) when
 * the scheme says so; returns the facts to settle with.
 */
static const ClaimFacts *
emergency_death_as_stay(Work *w, ClaimFacts *copy)
{
	const ClaimFacts *f = w->facts;

	if (!w->params->death_as_inpatient || !f->emergency || f->out_of_area ||
		!str_eq(f->kind, "outpatient") || !str_eq(f->outcome, "died"))
		return f;
	*copy = *f;
	copy->kind = pstrdup("inpatient");
	trail_add(w, "emergency_death_as_inpatient", w->params->rule_id, -1, -1, 0, NULL,
			  "在市内门诊急诊抢救死亡: settled as an inpatient stay");
	return copy;
}

/* Initialises the result for a claim with the given scope. */
static void
result_init(BenefitResult *r, const ClaimFacts *f, const ScopeSplit *s, bool with_trail)
{
	/* Not the deltas (2 kB): delta_get() clears each one it hands out. */
	memset(r, 0, offsetof(BenefitResult, deltas));
	if (with_trail)
	{
		/* A trail has 10–20 entries of ~150 bytes: allocated once, not grown. */
		r->trail.maxlen = 4096;
		r->trail.data = palloc(r->trail.maxlen);
		resetStringInfo(&r->trail);
		appendStringInfoChar(&r->trail, '[');
	}
	r->status = "paid";
	r->scheme = f->scheme;
	r->total = s->total;
	r->disallowed = s->disallowed;
	r->institution_borne = s->disallowed;
}

/*
 * Splits one claim; see the file comment for the steps.  With with_trail
 * false, res->trail.data stays NULL and no note is formatted; every other
 * field is the same.
 */
void
benefit_compute_opt(PolicyCache *cache, const ClaimFacts *facts, const ScopeSplit *scope,
					const Accum *accs, int naccs, bool with_trail, BenefitResult *res)
{
	Work		w;
	ClaimFacts	stay;
	int64		year_rule;

	memset(&w, 0, sizeof(w));
	w.facts = facts;
	w.res = res;
	w.accs = accs;
	w.naccs = naccs;
	result_init(res, facts, scope, with_trail);

	trail_add(&w, "total", 0, -1, -1, scope->total, NULL, "医疗费用总额");
	if (facts->scheme == NULL)
		refuse(&w, "refused", "no_scheme", 0, false, "the person's region has no scheme of their insurance kind");
	else if ((w.cache = policy_claim_slice(cache, facts->scheme, facts->kind)) == NULL ||
			 (w.params = find_params(w.cache, facts->settle_date)) == NULL)
		refuse(&w, "refused", "no_policy", 0, false, "the scheme has no benefit_policy row in force");
	else
	{
		res->year_start = scheme_year_start(w.cache, facts->scheme, facts->group,
											facts->settle_date, &year_rule);
		w.referral = facts->referral ? facts->referral : "none";
		if (facts->emergency && facts->out_of_area && w.params->emergency_as_referral)
		{
			w.referral = "referred_out";
			trail_add(&w, "emergency_as_referral", w.params->rule_id, -1, -1, 0, NULL,
					  "因急诊在市外就医: settled as a referral out");
		}
		w.facts = emergency_death_as_stay(&w, &stay);
		if (w.facts != facts)	/* another kind: its deductibles and ratios */
			w.cache = policy_claim_slice(cache, w.facts->scheme, w.facts->kind);
		if (check_eligibility(&w))
		{
			split_scope(&w, scope);
			if (!pay_case(&w))
				pay_basic(&w);
			w.personal_in_scope = res->in_scope - res->basic_fund + res->referral_share -
				w.case_institution;
			w.first_share_left = res->first_share;
			pay_layers(&w);
		}
		else
			res->ndeltas = 0;
	}
	res->fund_total = res->basic_fund + res->layer_fund;
	res->personal_pay = res->total - res->fund_total - res->institution_borne;
	trail_add(&w, "fund_total", 0, -1, -1, res->fund_total, "fund", "基金支付合计");
	trail_add(&w, "personal_pay", 0, -1, -1, res->personal_pay, "person", "个人支付");
	if (tracing(&w))
		appendStringInfoChar(&res->trail, ']');
}

/* Splits one claim with its trail. */
void
benefit_compute(PolicyCache *cache, const ClaimFacts *facts, const ScopeSplit *scope,
				const Accum *accs, int naccs, BenefitResult *res)
{
	benefit_compute_opt(cache, facts, scope, accs, naccs, true, res);
}
