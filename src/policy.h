/*-------------------------------------------------------------------------
 *
 * policy.h
 *	  Benefit policies (待遇政策) compiled from the policy tables into a
 *	  per-backend cache, and the engine that settles a claim with them.
 *
 * The rows of medins.benefit_policy, policy_* and special_disease are read
 * once per backend into plain C arrays; a statement trigger on those tables
 * sends a relcache invalidation, and every backend's callback marks the
 * cache stale so the next call recompiles it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_POLICY_H
#define MEDINS_POLICY_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "lib/stringinfo.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "money.h"

/* Days a rule is in force; valid_to NULL is stored as DATEVAL_NOEND. */
typedef struct PolicyPeriod
{
	DateADT		from;
	DateADT		to;
} PolicyPeriod;

typedef struct SchemeParams
{
	int64		rule_id;
	char	   *scheme;
	PolicyPeriod period;
	bool		cumulative_basis;	/* segments count deductibles too */
	Bp			bonus;			/* per full contribution year */
	Bp			bonus_cap;		/* -1: none */
	Bp			class_b_share;	/* -1: the items' own ratios */
	bool		emergency_as_referral;
	bool		death_as_inpatient; /* in-area emergency death: a stay */
} SchemeParams;

typedef struct YearRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *group;			/* NULL: any */
	int			month;
	int			day;
	PolicyPeriod period;
} YearRule;

typedef struct WaitingRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *group;
	char	   *applies_to;		/* new, lapsed */
	int			months;
	bool		from_month_start;
	PolicyPeriod period;
} WaitingRule;

typedef struct ExclusionRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *cause;			/* NULL: any cause */
	char	   *kind;			/* NULL: any claim kind */
	PolicyPeriod period;
} ExclusionRule;

typedef enum RepeatMode
{
	REPEAT_NONE,
	REPEAT_AMOUNT,
	REPEAT_PERCENT,
	REPEAT_PERCENT_OF_BASE
} RepeatMode;

typedef struct DeductibleRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *kind;
	char	   *referral;		/* NULL: any */
	int			level;			/* 0: any */
	char	   *pool;			/* NULL: any */
	Fen			amount;
	bool		per_year;
	RepeatMode	repeat_mode;
	Fen			step_fen;
	Bp			step_bp;
	Fen			floor;
	PolicyPeriod period;
} DeductibleRule;

typedef struct RatioRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *kind;
	char	   *group;
	char	   *referral;
	int			level;
	char		grade;			/* '\0': any */
	char	   *pool;
	Fen			segment_from;
	Bp			ratio;
	PolicyPeriod period;
} RatioRule;

typedef struct CeilingRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *pool;
	bool		on_fund_pay;	/* else on cumulative cost */
	Fen			amount;
	PolicyPeriod period;
} CeilingRule;

typedef struct ReferralRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *referral;
	int			min_level;
	Bp			first_share;
	Bp			ratio_delta;
	bool		waive_deductible;
	PolicyPeriod period;
} ReferralRule;

typedef struct PoolRule
{
	char	   *scheme;
	char	   *pool;
	bool		counts_to_basic;
} PoolRule;

typedef enum LayerBase
{
	LAYER_OVER_CEILING,
	LAYER_PERSONAL_IN_SCOPE,
	LAYER_PERSONAL_SHARE
} LayerBase;

typedef struct LayerRule
{
	int64		rule_id;
	char	   *scheme;
	int			order;
	char	   *code;
	char	   *name;
	LayerBase	base;
	Fen			threshold;
	Bp			ratio;
	Fen			limit;			/* -1: none */
	bool		civil_servant_only;
	int			retired;		/* -1: any */
	int			min_age;		/* -1: any */
	int			max_age;
	char	   *assistance;
	Fen			outpatient_cap; /* -1: none */
	Fen			pharmacy_cap;
	PolicyPeriod period;
} LayerRule;

/* A case type by principal diagnosis (policy_case_type). */
typedef struct CaseTypeRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *kind;
	char	   *case_type;
	char	   *diagnoses;		/* the ICD-10 set's canonical text */
	int			diagnoses_len;
	PolicyPeriod period;
} CaseTypeRule;

/* A per-case settlement standard (policy_case_standard). */
typedef struct CaseRule
{
	int64		rule_id;
	char	   *scheme;
	char	   *kind;
	int			level;			/* 0: any */
	char	   *case_type;		/* NULL: any */
	Fen			amount;
	bool		pay_standard;	/* below it: the whole standard, else the cost */
	bool		person_above;	/* above it: the person, else the institution */
	PolicyPeriod period;
} CaseRule;

/* What a per-case standard makes of a case's in-scope cost. */
typedef struct CaseSplit
{
	Fen			fund;			/* the fund's pay */
	Fen			excess;			/* cost above the standard */
	Fen			surplus;		/* standard above the cost, paid all the same */
} CaseSplit;

/*
 * All policy rows of all schemes, as compiled for this backend; each rule
 * array is sorted by scheme first (deductibles and ratios then by claim
 * kind).  A slice is a PolicyCache of the same shape whose arrays hold only
 * one scheme's rows, and its deductibles and ratios only one claim kind's
 * (pointing into the full arrays): the engine matches a claim's rules
 * within its slice (policy_claim_slice).
 */
typedef struct PolicyCache
{
	const char *scheme;			/* a slice: its scheme; the full cache: NULL */
	const char *kind;			/* a kind slice: its claim kind */
	int			nslices;		/* per scheme, then per kind of the scheme */
	struct PolicyCache *slices;
	int			nparams;
	SchemeParams *params;
	int			nyears;
	YearRule   *years;
	int			nwaitings;
	WaitingRule *waitings;
	int			nexclusions;
	ExclusionRule *exclusions;
	int			ndeductibles;
	DeductibleRule *deductibles;
	int			nratios;
	RatioRule  *ratios;			/* ordered by segment_from */
	int			nceilings;
	CeilingRule *ceilings;
	int			nreferrals;
	ReferralRule *referrals;
	int			npools;
	PoolRule   *pools;
	int			nlayers;
	LayerRule  *layers;			/* ordered by layer_order */
	int			ncases;
	CaseRule   *cases;
	int			ncase_types;
	CaseTypeRule *case_types;	/* ordered by rule_id */
} PolicyCache;

/* One claim as the engine sees it (medins.claim_facts). */
typedef struct ClaimFacts
{
	char	   *scheme;
	DateADT		claim_date;
	DateADT		settle_date;
	char	   *kind;
	int			level;
	char		grade;
	char	   *group;
	int			age;
	bool		civil_servant;
	bool		retired;
	char	   *assistance;
	char	   *referral;
	bool		emergency;
	bool		out_of_area;
	char	   *cause;
	char	   *special_disease;
	char	   *special_pool;
	bool		has_cover;
	DateADT		covered_since;
	char	   *waiting_kind;
	bool		has_waiting_paid_on;
	DateADT		waiting_paid_on;
	int			contribution_years;
	bool		institution_suspended;
	bool		physician_suspended;
	bool		claim_disallowed;
	char	   *diagnosis;		/* principal diagnosis as sent */
	char	   *outcome;		/* discharge_outcome */
	int			ordinal;		/* admission ordinal to give; 0: admissions + 1 */
} ClaimFacts;

/* The claim's items summed by scope (medins.scope_split). */
typedef struct ScopeSplit
{
	int			items;
	Fen			total;
	Fen			disallowed;
	Fen			out_of_scope;
	Fen			over_standard;
	Fen			class_b;
	Fen			first_share;
} ScopeSplit;

/* One pool's year-to-date counters, or a settlement's change to them. */
typedef struct Accum
{
	char		pool[NAMEDATALEN];
	int			admissions;
	Fen			in_scope;
	Fen			fund_paid;
	Fen			deductible_paid;
	Fen			base_counted;
	Fen			outpatient_counted;
	Fen			pharmacy_counted;
} Accum;

#define MAX_POOLS 16

typedef struct BenefitResult
{
	const char *status;
	const char *reason;
	char	   *scheme;
	DateADT		year_start;
	int			ordinal;
	Fen			total;
	Fen			disallowed;
	Fen			out_of_scope;
	Fen			over_standard;
	Fen			first_share;
	Fen			referral_share;
	Fen			in_scope;
	Fen			deductible;
	Fen			basic_fund;
	Fen			layer_fund;
	Fen			fund_total;
	Fen			personal_pay;
	Fen			institution_borne;
	StringInfoData trail;		/* data NULL: computed without the trail */
	int			ntrail;
	int			ndeltas;
	Accum		deltas[MAX_POOLS];
} BenefitResult;

/* policy_cache.c */
extern void medins_policy_init(void);
extern PolicyCache *policy_cache_get(void);
extern PolicyCache *policy_claim_slice(PolicyCache *cache, const char *scheme,
									   const char *kind);
extern bool period_covers(const PolicyPeriod *period, DateADT day);
extern DateADT scheme_year_start(PolicyCache *cache, const char *scheme,
								 const char *group, DateADT day, int64 *rule_id);

/* benefit_case.c */
extern const char *claim_case_type(PolicyCache *cache, const ClaimFacts *facts);
extern CaseRule *find_case_standard(PolicyCache *cache, const ClaimFacts *facts,
									const char *case_type);
extern void case_standard_split(const CaseRule *rule, Fen in_scope, CaseSplit *split);

/* benefit.c */
extern void benefit_compute(PolicyCache *cache, const ClaimFacts *facts,
							const ScopeSplit *scope, const Accum *accs, int naccs,
							BenefitResult *result);
/* The same; without the trail (trail.data NULL) when with_trail is false. */
extern void benefit_compute_opt(PolicyCache *cache, const ClaimFacts *facts,
								const ScopeSplit *scope, const Accum *accs, int naccs,
								bool with_trail, BenefitResult *result);

/* benefit_sql.c: the engine's SQL values, for other C callers */
typedef struct BenefitCallCache BenefitResultType;
extern BenefitResultType *benefit_result_type(Oid typid, MemoryContext mcxt);
extern Datum benefit_result_datum(BenefitResultType *rt, BenefitResult *r);
extern void scope_split_add(ScopeSplit *s, char item_class, Fen amount,
							bool has_standard, Fen standard, bool has_share, Bp share,
							bool has_disallowed, Fen disallowed);
extern Datum scope_split_datum(TupleDesc desc, const ScopeSplit *s);

#endif							/* MEDINS_POLICY_H */
