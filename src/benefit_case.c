/*-------------------------------------------------------------------------
 *
 * benefit_case.c
 *	  Per-case settlement standards (定额结算, such as 生育 maternity): the
 *	  fund pays a case's in-scope cost up to a standard set by claim kind,
 *	  hospital level and case type, instead of deductible and segments.
 *
 * The rows are medins.policy_case_standard; the case type comes from the
 * principal diagnosis: the first medins.policy_case_type row whose ICD-10
 * code set holds it.
 * Whether the fund pays the whole standard for a cheaper case, and who
 * bears the cost above it, are parameters of the row (doc/settlement.md).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "icd10.h"
#include "policy.h"

/* Weight of a matching row: a named case type outranks a hospital level. */
static int
case_specificity(const CaseRule *r)
{
	return (r->case_type != NULL) * 2 + (r->level != 0);
}

/*
 * The case type of the claim: that of the first policy_case_type row of its
 * scheme and kind whose code set holds the principal diagnosis; NULL when
 * none does or the diagnosis is not a well-formed code.
 */
const char *
claim_case_type(PolicyCache *cache, const ClaimFacts *facts)
{
	Icd10Parsed code;
	bool		parsed = false;
	int			i;

	for (i = 0; i < cache->ncase_types; i++)
	{
		CaseTypeRule *r = &cache->case_types[i];

		if (strcmp(r->scheme, facts->scheme) != 0 || strcmp(r->kind, facts->kind) != 0 ||
			!period_covers(&r->period, facts->settle_date))
			continue;
		if (!parsed)
		{
			if (facts->diagnosis == NULL ||
				icd10_parse_text(facts->diagnosis, strlen(facts->diagnosis), &code) != NULL)
				return NULL;
			parsed = true;
		}
		if (icd10_set_contains_code(r->diagnoses, r->diagnoses_len, code.code, code.len))
			return r->case_type;
	}
	return NULL;
}

/* True when the row applies to the claim of the given case type. */
static bool
case_matches(const CaseRule *r, const ClaimFacts *f, const char *case_type)
{
	return strcmp(r->scheme, f->scheme) == 0 && strcmp(r->kind, f->kind) == 0 &&
		period_covers(&r->period, f->settle_date) &&
		(r->level == 0 || r->level == f->level) &&
		(r->case_type == NULL ||
		 (case_type != NULL && strcmp(r->case_type, case_type) == 0));
}

/* The most specific standard for the claim, or NULL when none applies. */
CaseRule *
find_case_standard(PolicyCache *cache, const ClaimFacts *facts, const char *case_type)
{
	CaseRule   *best = NULL;
	int			i;

	for (i = 0; i < cache->ncases; i++)
	{
		CaseRule   *r = &cache->cases[i];

		if (case_matches(r, facts, case_type) &&
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
