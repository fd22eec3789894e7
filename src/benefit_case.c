/*-------------------------------------------------------------------------
 *
 * benefit_case.c
 *	  Per-case settlement standards (定额结算, such as 生育 maternity): the
 *	  fund pays a case's in-scope cost up to a standard set by claim kind,
 *	  hospital level and case type, instead of deductible and segments.
 *
 * The rows are medins.policy_case_standard; the case type comes from the
 * principal diagnosis (medins.policy_case_type, matched in the input views).
 * Whether the fund pays the whole standard for a cheaper case, and who
 * bears the cost above it, are parameters of the row (doc/settlement.md).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "policy.h"

/* Weight of a matching row: a named case type outranks a hospital level. */
static int
case_specificity(const CaseRule *r)
{
	return (r->case_type != NULL) * 2 + (r->level != 0);
}

/* True when the row applies to the claim. */
static bool
case_matches(const CaseRule *r, const ClaimFacts *f)
{
	return strcmp(r->scheme, f->scheme) == 0 && strcmp(r->kind, f->kind) == 0 &&
		period_covers(&r->period, f->settle_date) &&
		(r->level == 0 || r->level == f->level) &&
		(r->case_type == NULL ||
		 (f->case_type != NULL && strcmp(r->case_type, f->case_type) == 0));
}

/* The most specific standard for the claim, or NULL when none applies. */
CaseRule *
find_case_standard(PolicyCache *cache, const ClaimFacts *facts)
{
	CaseRule   *best = NULL;
	int			i;

	for (i = 0; i < cache->ncases; i++)
	{
		CaseRule   *r = &cache->cases[i];

		if (case_matches(r, facts) &&
			(best == NULL || case_specificity(r) > case_specificity(best)))
			best = r;
	}
	return best;
}

/*
 * The fund pays the in-scope cost up to the standard; above it the excess
 * is left to whoever the row names; below it the fund pays the whole
 * standard when the row says so (the institution keeps the surplus).
 */
void
case_standard_split(const CaseRule *rule, Fen in_scope, CaseSplit *split)
{
	memset(split, 0, sizeof(*split));
	if (in_scope > rule->amount)
	{
		split->fund = rule->amount;
		split->excess = in_scope - rule->amount;
	}
	else if (rule->pay_standard)
	{
		split->fund = rule->amount;
		split->surplus = rule->amount - in_scope;
	}
	else
		split->fund = in_scope;
}
