/*-------------------------------------------------------------------------
 *
 * icd10_validate.c
 *	  Validation of diagnosis codes against a catalogue version and the
 *	  sex, age and principal-diagnosis rules (诊断编码校验), for bulk checks:
 *	  nothing here throws for bad codes.
 *
 * Each backend keeps a cache of the catalogue versions it has used (code →
 * leaf, gray flags) and of medins.icd10_rule, so that one check is a parse
 * and a few hash probes.  Statement triggers on the tables send a relcache
 * invalidation; the callback marks the cache stale and the next check
 * reloads it (Citus metadata_cache.c does the same).
 *
 * Rules apply to a code through its ancestors: a rule on "B26.0" holds for
 * "B26.000x001".  Single-code rule items are hashed by code and looked up
 * for each prefix of the checked code; ranges are scanned.  For the codes
 * of a version this is done once, when the version is loaded (the summary
 * sits in the code's hash entry); only codes outside the catalogue are
 * resolved at check time.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "icd10.h"
#include "medins.h"

PG_FUNCTION_INFO_V1(icd10_check);
PG_FUNCTION_INFO_V1(icd10_is_valid);
PG_FUNCTION_INFO_V1(icd10_catalogue_changed);

/* Problems a check can find, in report order (rows of medins.icd10_problem). */
typedef enum Icd10Problem
{
	P_MALFORMED,
	P_UNKNOWN_VERSION,
	P_NOT_IN_CATALOGUE,
	P_NOT_LEAF,
	P_GRAY_CODE,
	P_SEX_MISMATCH,
	P_AGE_MISMATCH,
	P_ASTERISK_ALONE,
	P_NOT_PRINCIPAL,
	P_COUNT
} Icd10Problem;

static const char *const problem_names[P_COUNT] = {
	"malformed", "unknown_version", "not_in_catalogue", "not_leaf", "gray_code",
	"sex_mismatch", "age_mismatch", "asterisk_alone", "not_principal"
};

/* Hash key: a canonical code, NUL-padded. */
typedef struct CodeKey
{
	char		code[ICD10_MAXLEN];
} CodeKey;

/* A catalogue code of one version. */
/* What the rules say about one code: allowed sexes, age bounds, principal. */
typedef struct RuleSummary
{
	uint8		sex_allowed;	/* bit 1: M, bit 2: F */
	int16		min_age;		/* -1: no bound */
	int16		max_age;		/* -1: no bound */
	bool		not_principal;
} RuleSummary;

#define SEX_M	1
#define SEX_F	2

/* A catalogue code of one version, with its rules resolved at load. */
typedef struct CodeEntry
{
	CodeKey		key;
	char		status;			/* simplehash's slot status */
	bool		is_leaf;
	bool		is_gray;
	RuleSummary rules;
} CodeEntry;

/*
 * The codes of a version live in a simplehash table (open addressing,
 * inlined): the lookup is the hot path of a bulk check.
 */
#define SH_PREFIX		codetab
#define SH_ELEMENT_TYPE CodeEntry
#define SH_KEY_TYPE		CodeKey
#define SH_KEY			key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) (k).code, ICD10_MAXLEN)
#define SH_EQUAL(tb, a, b) (memcmp((a).code, (b).code, ICD10_MAXLEN) == 0)
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* The codes of one catalogue version. */
typedef struct VersionCache
{
	char	   *version;
	codetab_hash *codes;
	long		ncodes;
	struct VersionCache *next;
} VersionCache;

/* One row of medins.icd10_rule. */
typedef struct Rule
{
	char		kind;			/* 's'ex, 'a'ge, 'n'ot principal */
	char		sex;
	int			min_age;		/* -1: no bound */
	int			max_age;
} Rule;

#define MAX_RULES_PER_CODE 8

/* Rules attached to one code (the single-code items of their sets). */
typedef struct RuleCodeEntry
{
	CodeKey		key;
	int			nrules;
	int			rules[MAX_RULES_PER_CODE];
} RuleCodeEntry;

/* A range item of a rule's set. */
typedef struct RuleRange
{
	char		lo[ICD10_MAXLEN + 1];
	char		hi[ICD10_MAXLEN + 1];
	int			rule;
} RuleRange;

static void summarize_rules(const Icd10Parsed *p, RuleSummary *sum);

/* The per-backend cache. */
static MemoryContext cache_cxt = NULL;
static bool cache_valid = false;
static uint64 cache_generation = 0;	/* bumped on every reload */
static bool callback_registered = false;
static Oid	code_relid = InvalidOid;
static Oid	rule_relid = InvalidOid;
static VersionCache *versions = NULL;
static Rule *rules = NULL;
static int	nrules = 0;
static HTAB *rule_codes = NULL;
static RuleRange *rule_ranges = NULL;
static int	nranges = 0;

/* Relcache callback: any change to the catalogue or rule tables. */
static void
icd10_cache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == code_relid || relid == rule_relid)
		cache_valid = false;
}

/* Per-backend init: registers the relcache callback. */
void
medins_icd10_init(void)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(icd10_cache_callback, (Datum) 0);
		callback_registered = true;
	}
}

/* Makes a zero-padded hash key from a code prefix. */
static inline void
make_key(CodeKey *key, const char *code, int len)
{
	memset(key, 0, sizeof(*key));
	memcpy(key->code, code, Min(len, ICD10_MAXLEN));
}

/* A hash table of codes in the cache context. */
static HTAB *
create_code_hash(const char *name, Size entrysize, long size)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(CodeKey);
	ctl.entrysize = entrysize;
	ctl.hcxt = cache_cxt;
	return hash_create(name, Max(size, 64), &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* Adds one item ("lo" or "lo-hi") of rule number r to the rule index. */
static void
index_rule_item(const char *item, int len, int r)
{
	const char *dash = memchr(item, '-', len);
	RuleCodeEntry *entry;
	CodeKey		key;
	bool		found;

	if (dash == NULL)
	{
		make_key(&key, item, len);
		entry = hash_search(rule_codes, &key, HASH_ENTER, &found);
		if (!found)
			entry->nrules = 0;
		if (entry->nrules < MAX_RULES_PER_CODE)
		{
			entry->rules[entry->nrules++] = r;
			return;
		}
		dash = item + len;		/* too many on one code: keep as a range */
	}
	rule_ranges = repalloc(rule_ranges, sizeof(RuleRange) * (nranges + 1));
	memset(&rule_ranges[nranges], 0, sizeof(RuleRange));
	memcpy(rule_ranges[nranges].lo, item, Min(dash - item, ICD10_MAXLEN));
	if (dash < item + len)
		memcpy(rule_ranges[nranges].hi, dash + 1, Min(item + len - dash - 1, ICD10_MAXLEN));
	else
		memcpy(rule_ranges[nranges].hi, item, Min(len, ICD10_MAXLEN));
	rule_ranges[nranges++].rule = r;
}

/* Loads medins.icd10_rule (inside SPI). */
static void
load_rules(void)
{
	MemoryContext old;

	if (SPI_execute("SELECT kind, codes::text, sex, coalesce(min_age, -1), coalesce(max_age, -1) "
					"FROM medins.icd10_rule ORDER BY rule_id", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "medins: could not read medins.icd10_rule");
	old = MemoryContextSwitchTo(cache_cxt);
	nrules = SPI_processed;
	rules = palloc0(sizeof(Rule) * Max(nrules, 1));
	rule_ranges = palloc0(sizeof(RuleRange));
	nranges = 0;
	rule_codes = create_code_hash("medins icd10 rule codes", sizeof(RuleCodeEntry), nrules * 2);
	for (int i = 0; i < nrules; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *kind = SPI_getvalue(tup, desc, 1);
		char	   *set = SPI_getvalue(tup, desc, 2);
		char	   *sex = SPI_getvalue(tup, desc, 3);
		char	   *p = set;

		rules[i].kind = kind[0];
		rules[i].sex = sex ? sex[0] : '\0';
		rules[i].min_age = atoi(SPI_getvalue(tup, desc, 4));
		rules[i].max_age = atoi(SPI_getvalue(tup, desc, 5));
		while (*p)
		{
			char	   *comma = strchr(p, ',');
			int			len = comma ? comma - p : (int) strlen(p);

			index_rule_item(p, len, i);
			p += len + (comma ? 1 : 0);
		}
	}
	MemoryContextSwitchTo(old);
}

/* Makes sure the cache is current; reloads the rules when it is not. */
static void
ensure_cache(void)
{
	if (cache_valid)
		return;
	medins_icd10_init();
	if (cache_cxt == NULL)
		cache_cxt = AllocSetContextCreate(CacheMemoryContext, "medins icd10 cache",
										  ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(cache_cxt);
	versions = NULL;
	rules = NULL;
	nrules = 0;
	rule_codes = NULL;
	rule_ranges = NULL;
	nranges = 0;
	code_relid = get_relname_relid("icd10_code", get_namespace_oid("medins", false));
	rule_relid = get_relname_relid("icd10_rule", get_namespace_oid("medins", false));
	/* valid from here: an invalidation during loading marks it stale again */
	cache_valid = true;
	cache_generation++;
	SPI_connect();
	load_rules();
	SPI_finish();
}

/* The cached codes of a version, loaded on first use. */
static VersionCache *
get_version(const char *version)
{
	VersionCache *v;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	MemoryContext old;

	for (v = versions; v != NULL; v = v->next)
		if (strcmp(v->version, version) == 0)
			return v;
	SPI_connect();
	args[0] = CStringGetTextDatum(version);
	if (SPI_execute_with_args("SELECT code::text, is_leaf, is_gray FROM medins.icd10_code "
							  "WHERE version = $1", 1, argtypes, args, NULL,
							  true, 0) != SPI_OK_SELECT)
		elog(ERROR, "medins: could not read medins.icd10_code");
	old = MemoryContextSwitchTo(cache_cxt);
	v = palloc0(sizeof(VersionCache));
	v->version = pstrdup(version);
	v->ncodes = SPI_processed;
	v->codes = codetab_create(cache_cxt, Max(v->ncodes, 16), NULL);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *code = SPI_getvalue(tup, desc, 1);
		bool		isnull;
		CodeKey		key;
		CodeEntry  *entry;
		Icd10Parsed parsed;
		bool		found;

		make_key(&key, code, strlen(code));
		entry = codetab_insert(v->codes, key, &found);
		entry->is_leaf = DatumGetBool(SPI_getbinval(tup, desc, 2, &isnull));
		entry->is_gray = DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull));
		icd10_reparse(code, strlen(code), &parsed);
		summarize_rules(&parsed, &entry->rules);
	}
	v->next = versions;
	versions = v;
	MemoryContextSwitchTo(old);
	SPI_finish();
	return v;
}

/* The catalogue entry of a code (or code part), or NULL. */
static CodeEntry *
find_code(VersionCache *v, const char *code, int len)
{
	CodeKey		key;

	if (len > ICD10_MAXLEN)
		return NULL;
	make_key(&key, code, len);
	return codetab_lookup(v->codes, key);
}

/* Calls fn for every rule that applies to a base code (via its ancestors). */
static void
rules_for_code(const char *code, int len, void (*fn) (const Rule *, void *), void *arg)
{
	static const int prefixes[] = {3, 5, 6, 7};
	int			last = 0;

	for (int i = 0; i <= (int) lengthof(prefixes); i++)
	{
		int			k = i < (int) lengthof(prefixes) ? prefixes[i] : len;
		CodeKey		key;
		RuleCodeEntry *entry;

		if (k > len || k == last)
			continue;
		last = k;
		make_key(&key, code, k);
		entry = hash_search(rule_codes, &key, HASH_FIND, NULL);
		if (entry != NULL)
			for (int j = 0; j < entry->nrules; j++)
				fn(&rules[entry->rules[j]], arg);
	}
	for (int i = 0; i < nranges; i++)
	{
		RuleRange  *rr = &rule_ranges[i];
		int			lolen = strlen(rr->lo);
		int			hilen = strlen(rr->hi);

		if (icd10_compare_bytes(code, len, rr->lo, lolen) >= 0 &&
			(icd10_compare_bytes(code, len, rr->hi, hilen) <= 0 ||
			 icd10_prefix_of(rr->hi, hilen, code, len)))
			fn(&rules[rr->rule], arg);
	}
}

/* What a check knows about the patient, and what it found. */
typedef struct CheckState
{
	char		sex;			/* 'M', 'F' or 0 */
	int			age;			/* -1: unknown */
	bool		principal;
	bool		found[P_COUNT];
} CheckState;

/* Folds one rule into a summary (rules of the asterisk part: no principal rule). */
static void
add_rule(const Rule *rule, RuleSummary *sum, bool main_code)
{
	if (rule->kind == 's')
		sum->sex_allowed &= (rule->sex == 'M' ? SEX_M : SEX_F);
	else if (rule->kind == 'a')
	{
		if (rule->min_age >= 0 && rule->min_age > sum->min_age)
			sum->min_age = rule->min_age;
		if (rule->max_age >= 0 && (sum->max_age < 0 || rule->max_age < sum->max_age))
			sum->max_age = rule->max_age;
	}
	else if (rule->kind == 'n' && main_code)
		sum->not_principal = true;
}

/* rules_for_code callback for the main code. */
static void
add_main_rule(const Rule *rule, void *arg)
{
	add_rule(rule, (RuleSummary *) arg, true);
}

/* rules_for_code callback for the asterisk part. */
static void
add_asterisk_rule(const Rule *rule, void *arg)
{
	add_rule(rule, (RuleSummary *) arg, false);
}

/* The rules that hold for a parsed code (main code and asterisk part). */
static void
summarize_rules(const Icd10Parsed *p, RuleSummary *sum)
{
	sum->sex_allowed = SEX_M | SEX_F;
	sum->min_age = -1;
	sum->max_age = -1;
	sum->not_principal = false;
	rules_for_code(p->code, p->base_len, add_main_rule, sum);
	if (p->has_pair)
		rules_for_code(p->code + p->base_len + 1, p->len - p->base_len - 2,
					   add_asterisk_rule, sum);
}

/* Applies a rule summary to the patient of a check. */
static void
apply_rules(const RuleSummary *sum, CheckState *st)
{
	if (st->sex != '\0' &&
		!(sum->sex_allowed & (st->sex == 'M' ? SEX_M : SEX_F)))
		st->found[P_SEX_MISMATCH] = true;
	if (st->age >= 0 &&
		((sum->min_age >= 0 && st->age < sum->min_age) ||
		 (sum->max_age >= 0 && st->age > sum->max_age)))
		st->found[P_AGE_MISMATCH] = true;
	if (st->principal && sum->not_principal)
		st->found[P_NOT_PRINCIPAL] = true;
}

/* Runs every check on one code text against a version; fills st->found. */
static void
check_code(const char *text, int len, VersionCache *v, CheckState *st)
{
	Icd10Parsed p;
	CodeEntry  *entry;
	RuleSummary sum;

	if (icd10_parse_text(text, len, &p) != NULL)
	{
		st->found[P_MALFORMED] = true;
		return;
	}
	entry = v->ncodes > 0 ? find_code(v, p.code, p.len) : NULL;
	if (entry != NULL)
	{
		st->found[P_NOT_LEAF] = !entry->is_leaf;
		st->found[P_GRAY_CODE] = entry->is_gray;
		sum = entry->rules;
	}
	else
	{
		if (v->ncodes == 0)
			st->found[P_UNKNOWN_VERSION] = true;
		else if (p.has_pair &&
				 (entry = find_code(v, p.code, p.base_len)) != NULL &&
				 find_code(v, p.code + p.base_len + 1, p.len - p.base_len - 2) != NULL)
			st->found[P_NOT_LEAF] = !entry->is_leaf;
		else
			st->found[P_NOT_IN_CATALOGUE] = true;
		if (st->sex == '\0' && st->age < 0 && !st->principal)
			return;				/* no patient: no rule to apply */
		summarize_rules(&p, &sum);
	}
	st->found[P_ASTERISK_ALONE] = st->principal && p.asterisk_alone;
	apply_rules(&sum, st);
}

/* Per-call-site memory: the version last asked for and its cache. */
typedef struct CallCache
{
	char	   *version;		/* in fn_mcxt */
	int			version_len;
	VersionCache *cache;
	uint64		generation;
} CallCache;

/* The version cache for a version argument, remembered across calls. */
static VersionCache *
version_for_call(FunctionCallInfo fcinfo, text *version)
{
	CallCache  *cc = (CallCache *) fcinfo->flinfo->fn_extra;
	int			len = VARSIZE_ANY_EXHDR(version);

	ensure_cache();
	if (cc != NULL && cc->generation == cache_generation &&
		cc->version_len == len && memcmp(cc->version, VARDATA_ANY(version), len) == 0)
		return cc->cache;
	if (cc == NULL)
		cc = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallCache));
	else if (cc->version != NULL)
		pfree(cc->version);
	cc->version = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len + 1);
	memcpy(cc->version, VARDATA_ANY(version), len);
	cc->version[len] = '\0';
	cc->version_len = len;
	cc->cache = get_version(cc->version);
	cc->generation = cache_generation;
	return cc->cache;
}

/* Reads the arguments (code, version, sex, age, as_principal) and checks. */
static bool
check_args(FunctionCallInfo fcinfo, CheckState *st)
{
	text	   *code;
	VersionCache *version;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	code = PG_GETARG_TEXT_PP(0);
	version = version_for_call(fcinfo, PG_GETARG_TEXT_PP(1));
	memset(st, 0, sizeof(*st));
	st->age = -1;
	if (!PG_ARGISNULL(2))
	{
		text	   *sex = PG_GETARG_TEXT_PP(2);

		/* only M and F are sexes the rules know; anything else is unknown */
		if (VARSIZE_ANY_EXHDR(sex) == 1)
			st->sex = toupper((unsigned char) VARDATA_ANY(sex)[0]);
		if (st->sex != 'M' && st->sex != 'F')
			st->sex = '\0';
	}
	if (!PG_ARGISNULL(3))
		st->age = Max(PG_GETARG_INT32(3), 0);
	st->principal = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	check_code(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), version, st);
	return true;
}

/* Every problem of a code for a patient, as an array of problem codes. */
Datum
icd10_check(PG_FUNCTION_ARGS)
{
	CheckState	st;
	Datum		items[P_COUNT];
	int			n = 0;

	if (!check_args(fcinfo, &st))
		PG_RETURN_NULL();
	for (int i = 0; i < P_COUNT; i++)
		if (st.found[i])
			items[n++] = CStringGetTextDatum(problem_names[i]);
#if PG_VERSION_NUM >= 160000
	PG_RETURN_ARRAYTYPE_P(construct_array_builtin(items, n, TEXTOID));
#else
	PG_RETURN_ARRAYTYPE_P(construct_array(items, n, TEXTOID, -1, false, TYPALIGN_INT));
#endif
}

/* True when a code has no problem but warnings (gray code) for the patient. */
Datum
icd10_is_valid(PG_FUNCTION_ARGS)
{
	CheckState	st;

	if (!check_args(fcinfo, &st))
		PG_RETURN_NULL();
	for (int i = 0; i < P_COUNT; i++)
		if (st.found[i] && i != P_GRAY_CODE)
			PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(true);
}

/* Statement trigger on the catalogue and rule tables: invalidates caches. */
Datum
icd10_catalogue_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("medins.icd10_catalogue_changed() must be called as a statement trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	cache_valid = false;
	return PointerGetDatum(NULL);
}
