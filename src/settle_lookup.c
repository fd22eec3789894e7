/*-------------------------------------------------------------------------
 *
 * settle_lookup.c
 *	  What a claim's benefit inputs depend on besides the claim and its
 *	  items, read once per set-wise scan into hash tables: catalogue items,
 *	  institutions and their agreement events, physicians' sanctions,
 *	  schemes, persons with their contributions, special-disease approvals
 *	  and accumulators, and the money audit findings disallow.
 *
 * Every answer restates a rule of the per-claim SQL, which stays the
 * definition (sql/settle_zx_bulk.sql compares both for every claim):
 *	- scheme: medins.settlement_input's scheme lateral (the person's region
 *	  and insurance kind, in force on the settlement date, latest valid_from);
 *	- special disease: its approval lateral (approved and in force on the
 *	  claim date, diagnosis well formed and in the disease's code set, first
 *	  by disease_code in the database's collation);
 *	- coverage: medins.coverage_facts();
 *	- institution: medins.institution_is_suspended(), as
 *	  medins.institution_suspension() states it;
 *	- physician: medins.physician_is_suspended();
 *	- disallowed money: the view medins.disallowed_item.
 * Rows are ordered by SQL where the order matters (collation), so the C
 * code never compares text by anything but equality.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/syscache.h"

#include "icd10.h"
#include "settle_input.h"

/* A string key: bytes and length, not NUL-terminated when looked up. */
typedef struct StrKey
{
	const char *data;
	int			len;
} StrKey;

typedef struct StrEntry
{
	StrKey		key;			/* stored: a NUL-terminated copy */
	uint32		hash;
	char		status;
	void	   *value;
} StrEntry;

#define SH_PREFIX strmap
#define SH_ELEMENT_TYPE StrEntry
#define SH_KEY_TYPE StrKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) (k).data, (k).len)
#define SH_EQUAL(tb, a, b) ((a).len == (b).len && memcmp((a).data, (b).data, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* One contribution period, with what its run of periods says up to it. */
typedef struct Contribution
{
	DateADT		start;
	DateADT		end;
	DateADT		paid_on;
	int			run;			/* index of the first period of its run */
	bool		has_arrears;	/* arrears paid in the run up to this period */
	DateADT		arrears_paid_on;	/* the latest such payment */
} Contribution;

/* A special-disease approval joined to its disease row. */
typedef struct Approval
{
	const char *scheme;
	const char *disease;
	const char *pool;
	const char *diagnoses;		/* the icd10_set's canonical text */
	int			diagnoses_len;
	PolicyPeriod approved;
	PolicyPeriod disease_valid;
} Approval;

/* A person's accumulators of one scheme year, ordered by pool. */
typedef struct AccumYear
{
	const char *scheme;
	DateADT		year_start;
	int			naccs;
	Accum	   *accs;
} AccumYear;

typedef struct Person
{
	DateADT		birth_date;
	const char *group;
	const char *region;
	const char *kind;			/* insurance kind */
	const char *assistance;
	bool		civil_servant;
	bool		retired;
	int			ncontribs;
	Contribution *contribs;		/* ordered by period_start */
	int			napprovals;
	Approval   *approvals;		/* ordered by disease_code */
	int			nyears;
	AccumYear  *years;
} Person;

typedef struct PersonEntry
{
	int64		person_id;
	char		status;
	Person	   *person;
} PersonEntry;

#define SH_PREFIX personmap
#define SH_ELEMENT_TYPE PersonEntry
#define SH_KEY_TYPE int64
#define SH_KEY person_id
#define SH_HASH_KEY(tb, k) hash_int64(k)
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* A claim item's key; item_no 0 stands for the whole claim (NULL). */
typedef struct ItemKey
{
	ClaimKey	claim;
	int32		item_no;
} ItemKey;

typedef struct DisallowedEntry
{
	ItemKey		key;
	uint32		hash;
	char		status;
	Fen			amount;
} DisallowedEntry;

#define SH_PREFIX dismap
#define SH_ELEMENT_TYPE DisallowedEntry
#define SH_KEY_TYPE ItemKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_combine(claim_key_hash(&(k).claim), hash_bytes_uint32((uint32) (k).item_no))
#define SH_EQUAL(tb, a, b) (claim_key_equal(&(a).claim, &(b).claim) && (a).item_no == (b).item_no)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* An agreement event: on that day the agreement becomes (not) suspended. */
typedef struct AgreementEvent
{
	DateADT		on;
	bool		suspends;		/* 中止 or 解除 */
} AgreementEvent;

typedef struct Institution
{
	int			level;			/* 0: NULL */
	char		grade;			/* '\0': NULL */
	bool		suspended;		/* agreement_state, used when it has no events */
	int			nevents;
	AgreementEvent *events;		/* by effective_on, then event_id */
} Institution;

/* A physician's suspensions (暂停/终止): [from, to). */
typedef struct Sanctions
{
	int			n;
	PolicyPeriod *periods;		/* to is exclusive here */
} Sanctions;

typedef struct Scheme
{
	const char *code;
	const char *region;
	const char *kind;
	PolicyPeriod valid;
} Scheme;

/* An enum value's label. */
typedef struct EnumLabel
{
	Oid			oid;
	const char *label;
} EnumLabel;

struct SettleLookup
{
	MemoryContext cxt;
	strmap_hash *strings;		/* interned strings */
	strmap_hash *catalogue;		/* item_code -> CatalogueRule */
	strmap_hash *institutions;	/* institution_code -> Institution */
	strmap_hash *physicians;	/* physician_code -> Sanctions */
	personmap_hash *persons;
	dismap_hash *disallowed;
	int			nschemes;
	Scheme	   *schemes;		/* by valid_from, latest first */
	const char *special_outpatient; /* interned claim kind */
	int			nenums;
	EnumLabel  *enums;			/* labels of the enum values seen */
	Datum		ten_thousand;	/* numeric 10000 */
};

/* Room for one more element of a growing array (capacity doubles at 2^k). */
static void *
array_grow(void *array, int n, Size elem, MemoryContext cxt)
{
	if (n == 0)
		return MemoryContextAlloc(cxt, elem);
	if ((n & (n - 1)) == 0)
		return repalloc(array, elem * n * 2);
	return array;
}

/* A NUL-terminated copy of len bytes, in cxt. */
static const char *
copy_bytes(MemoryContext cxt, const char *s, int len)
{
	char	   *copy = MemoryContextAlloc(cxt, len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/* The interned copy of a string. */
const char *
settle_lookup_intern(SettleLookup *lk, const char *s, int len)
{
	StrKey		key = {s, len};
	bool		found;
	StrEntry   *e = strmap_insert(lk->strings, key, &found);

	if (!found)
		e->key.data = copy_bytes(lk->cxt, s, len);
	return e->key.data;
}

/* The interned copy of a text datum; NULL for NULL. */
const char *
settle_lookup_intern_datum(SettleLookup *lk, Datum d, bool isnull)
{
	const char *s;
	int			len;

	if (isnull)
		return NULL;
	s = text_datum_bytes(d, &len);
	return settle_lookup_intern(lk, s, len);
}

/* Adds value under a text datum key to map (the key copied). */
static void
strmap_put(SettleLookup *lk, strmap_hash *map, Datum key, void *value)
{
	StrKey		k;
	bool		found;
	StrEntry   *e;

	k.data = text_datum_bytes(key, &k.len);
	e = strmap_insert(map, k, &found);
	if (!found)
		e->key.data = copy_bytes(lk->cxt, k.data, k.len);
	e->value = value;
}

static void *
strmap_find(strmap_hash *map, const char *s, int len)
{
	StrKey		k = {s, len};
	StrEntry   *e = strmap_lookup(map, k);

	return e ? e->value : NULL;
}

static Person *
person_find(SettleLookup *lk, int64 person_id)
{
	PersonEntry *e = personmap_lookup(lk->persons, person_id);

	return e ? e->person : NULL;
}

static DateADT
date_or_noend(Datum d, bool isnull)
{
	return isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
}

/* numeric × factor (a numeric) as int64, rounded (exact for the columns' scales). */
int64
numeric_scaled(Datum num, Datum factor)
{
	return DatumGetInt64(DirectFunctionCall1(numeric_int8,
											 DirectFunctionCall2(numeric_mul, num, factor)));
}

/* catalogue_item: item_code, item_class, payment_standard, first_share_ratio */
static void
add_catalogue(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	CatalogueRule *r = MemoryContextAllocZero(lk->cxt, sizeof(CatalogueRule));
	int			len;

	r->item_class = text_datum_bytes(v[1], &len)[0];
	r->has_standard = !n[2];
	if (r->has_standard)
	{
		MemoryContext old;

		r->standard_e4 = numeric_scaled(v[2], lk->ten_thousand);
		old = MemoryContextSwitchTo(lk->cxt);
		r->standard = datumCopy(v[2], false, -1);
		MemoryContextSwitchTo(old);
	}
	r->first_share = numeric_to_bp(v[3]);
	strmap_put(lk, lk->catalogue, v[0], r);
}

/* institution: institution_code, level, grade, suspended */
static void
add_institution(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Institution *inst = MemoryContextAllocZero(lk->cxt, sizeof(Institution));
	int			len;

	inst->level = n[1] ? 0 : DatumGetInt16(v[1]);
	inst->grade = n[2] ? '\0' : text_datum_bytes(v[2], &len)[0];
	inst->suspended = DatumGetBool(v[3]);
	strmap_put(lk, lk->institutions, v[0], inst);
}

/* agreement events: institution_code, effective_on, suspends (ordered) */
static void
add_agreement_event(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	int			len;
	const char *code = text_datum_bytes(v[0], &len);
	Institution *inst = strmap_find(lk->institutions, code, len);

	if (inst == NULL)
		return;
	inst->events = array_grow(inst->events, inst->nevents, sizeof(AgreementEvent), lk->cxt);
	inst->events[inst->nevents].on = DatumGetDateADT(v[1]);
	inst->events[inst->nevents].suspends = DatumGetBool(v[2]);
	inst->nevents++;
}

/* physician_sanction (suspending ones): physician_code, starts_on, ends_on */
static void
add_sanction(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	int			len;
	const char *code = text_datum_bytes(v[0], &len);
	Sanctions  *s = strmap_find(lk->physicians, code, len);

	if (s == NULL)
	{
		s = MemoryContextAllocZero(lk->cxt, sizeof(Sanctions));
		strmap_put(lk, lk->physicians, v[0], s);
	}
	s->periods = array_grow(s->periods, s->n, sizeof(PolicyPeriod), lk->cxt);
	s->periods[s->n].from = DatumGetDateADT(v[1]);
	s->periods[s->n].to = DatumGetDateADT(v[2]);
	s->n++;
}

/* scheme: scheme_code, region_code, insurance_kind, valid_from, valid_to */
static void
add_scheme(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Scheme	   *s;

	lk->schemes = array_grow(lk->schemes, lk->nschemes, sizeof(Scheme), lk->cxt);
	s = &lk->schemes[lk->nschemes++];
	s->code = settle_lookup_intern_datum(lk, v[0], false);
	s->region = settle_lookup_intern_datum(lk, v[1], false);
	s->kind = settle_lookup_intern_datum(lk, v[2], false);
	s->valid.from = DatumGetDateADT(v[3]);
	s->valid.to = date_or_noend(v[4], n[4]);
}

/* person: person_id, birth_date, group, region, kind, assistance, civil servant, retired */
static void
add_person(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Person	   *p = MemoryContextAllocZero(lk->cxt, sizeof(Person));
	bool		found;

	p->birth_date = DatumGetDateADT(v[1]);
	p->group = settle_lookup_intern_datum(lk, v[2], n[2]);
	p->region = settle_lookup_intern_datum(lk, v[3], n[3]);
	p->kind = settle_lookup_intern_datum(lk, v[4], n[4]);
	p->assistance = settle_lookup_intern_datum(lk, v[5], n[5]);
	p->civil_servant = DatumGetBool(v[6]);
	p->retired = DatumGetBool(v[7]);
	personmap_insert(lk->persons, DatumGetInt64(v[0]), &found)->person = p;
}

/*
 * A period starts a run unless another period ends the day before it
 * (coverage_facts()); that period starts earlier, so it is already loaded.
 */
static bool
starts_run(const Person *p, DateADT start)
{
	int			i;

	for (i = 0; i < p->ncontribs; i++)
		if (p->contribs[i].end == start - 1)
			return false;
	return true;
}

/* person_contribution: person_id, period_start, period_end, paid_on, is_arrears (by person, start) */
static void
add_contribution(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Person	   *p = person_find(lk, DatumGetInt64(v[0]));
	Contribution *c;
	int			i;

	if (p == NULL)
		return;
	p->contribs = array_grow(p->contribs, p->ncontribs, sizeof(Contribution), lk->cxt);
	i = p->ncontribs;
	c = &p->contribs[i];
	c->start = DatumGetDateADT(v[1]);
	c->end = DatumGetDateADT(v[2]);
	c->paid_on = DatumGetDateADT(v[3]);
	c->run = (i == 0 || starts_run(p, c->start)) ? i : p->contribs[i - 1].run;
	c->has_arrears = c->run != i && p->contribs[i - 1].has_arrears;
	c->arrears_paid_on = c->has_arrears ? p->contribs[i - 1].arrears_paid_on : 0;
	if (DatumGetBool(v[4]) && (!c->has_arrears || c->paid_on > c->arrears_paid_on))
	{
		c->has_arrears = true;
		c->arrears_paid_on = c->paid_on;
	}
	p->ncontribs++;
}

/*
 * special_disease_approval joined to special_disease, by person and
 * disease_code: person_id, scheme_code, disease_code, pool, diagnoses,
 * approved_from, approved_to, valid_from, valid_to
 */
static void
add_approval(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Person	   *p = person_find(lk, DatumGetInt64(v[0]));
	Approval   *a;
	struct varlena *set;

	if (p == NULL)
		return;
	p->approvals = array_grow(p->approvals, p->napprovals, sizeof(Approval), lk->cxt);
	a = &p->approvals[p->napprovals++];
	a->scheme = settle_lookup_intern_datum(lk, v[1], false);
	a->disease = settle_lookup_intern_datum(lk, v[2], false);
	a->pool = settle_lookup_intern_datum(lk, v[3], false);
	set = DatumGetIcd10P(v[4]);
	a->diagnoses_len = ICD10_LEN(set);
	a->diagnoses = settle_lookup_intern(lk, ICD10_DATA(set), a->diagnoses_len);
	a->approved.from = DatumGetDateADT(v[5]);
	a->approved.to = date_or_noend(v[6], n[6]);
	a->disease_valid.from = DatumGetDateADT(v[7]);
	a->disease_valid.to = date_or_noend(v[8], n[8]);
}

/*
 * benefit_accumulator by person, scheme, year and pool: person_id,
 * scheme_code, year_start, pool, then the seven counters.
 */
static void
add_accumulator(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	Person	   *p = person_find(lk, DatumGetInt64(v[0]));
	const char *scheme = settle_lookup_intern_datum(lk, v[1], false);
	DateADT		year_start = DatumGetDateADT(v[2]);
	AccumYear  *y;
	Accum	   *a;

	if (p == NULL)
		return;
	y = p->nyears > 0 ? &p->years[p->nyears - 1] : NULL;
	if (y == NULL || y->scheme != scheme || y->year_start != year_start)
	{
		p->years = array_grow(p->years, p->nyears, sizeof(AccumYear), lk->cxt);
		y = &p->years[p->nyears++];
		memset(y, 0, sizeof(AccumYear));
		y->scheme = scheme;
		y->year_start = year_start;
	}
	y->accs = array_grow(y->accs, y->naccs, sizeof(Accum), lk->cxt);
	a = &y->accs[y->naccs++];
	memset(a, 0, sizeof(Accum));
	strlcpy(a->pool, TextDatumGetCString(v[3]), NAMEDATALEN);
	a->admissions = DatumGetInt32(v[4]);
	a->in_scope = numeric_to_fen(v[5]);
	a->fund_paid = numeric_to_fen(v[6]);
	a->deductible_paid = numeric_to_fen(v[7]);
	a->base_counted = numeric_to_fen(v[8]);
	a->outpatient_counted = numeric_to_fen(v[9]);
	a->pharmacy_counted = numeric_to_fen(v[10]);
}

/* disallowed_item: person_id, claim_id, claim_date, item_no, disallowed_amount */
static void
add_disallowed(void *arg, Datum *v, bool *n)
{
	SettleLookup *lk = arg;
	ItemKey		key;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.claim.person_id = DatumGetInt64(v[0]);
	key.claim.claim_id = DatumGetInt64(v[1]);
	key.claim.claim_date = DatumGetDateADT(v[2]);
	key.item_no = n[3] ? 0 : DatumGetInt32(v[3]);
	dismap_insert(lk->disallowed, key, &found)->amount = n[4] ? 0 : numeric_to_fen(v[4]);
}

/*
 * What a lookup reads, in this order (events after institutions; the rows
 * hanging on persons after the persons), and the function adding each row.
 */
static const struct
{
	const char *sql;
	void		(*row) (void *arg, Datum *values, bool *nulls);
}			loads[] =
{
	{"SELECT item_code, item_class::text, payment_standard, first_share_ratio"
	 "  FROM medins.catalogue_item", add_catalogue},
	{"SELECT institution_code, level, grade::text,"
	 "       agreement_state IN ('suspended', 'terminated')"
	 "  FROM medins.institution", add_institution},
	{"SELECT a.institution_code, e.effective_on, e.event IN ('suspend', 'terminate')"
	 "  FROM medins.agreement_event AS e"
	 "  JOIN medins.agreement AS a USING (agreement_id)"
	 " ORDER BY a.institution_code, e.effective_on, e.event_id", add_agreement_event},
	{"SELECT physician_code, starts_on, ends_on FROM medins.physician_sanction"
	 " WHERE consequence >= 'suspended'", add_sanction},
	{"SELECT scheme_code, region_code, insurance_kind::text, valid_from, valid_to"
	 "  FROM medins.scheme ORDER BY valid_from DESC", add_scheme},
	{"SELECT person_id, birth_date, population_group, region_code,"
	 "       insurance_kind::text, assistance_status, is_civil_servant, is_retired"
	 "  FROM medins.person", add_person},
	{"SELECT person_id, period_start, period_end, paid_on, is_arrears"
	 "  FROM medins.person_contribution ORDER BY person_id, period_start", add_contribution},
	{"SELECT a.person_id, a.scheme_code, sd.disease_code, sd.pool, sd.diagnoses,"
	 "       a.approved_from, a.approved_to, sd.valid_from, sd.valid_to"
	 "  FROM medins.special_disease_approval AS a"
	 "  JOIN medins.special_disease AS sd"
	 "    ON sd.scheme_code = a.scheme_code AND sd.disease_code = a.disease_code"
	 " ORDER BY a.person_id, sd.disease_code", add_approval},
	{"SELECT person_id, scheme_code, year_start, pool, admissions, in_scope,"
	 "       fund_paid, deductible_paid, base_counted, outpatient_counted,"
	 "       pharmacy_counted"
	 "  FROM medins.benefit_accumulator"
	 " ORDER BY person_id, scheme_code, year_start, pool", add_accumulator},
	{"SELECT person_id, claim_id, claim_date, item_no, disallowed_amount"
	 "  FROM medins.disallowed_item", add_disallowed},
};

/* Their plans, kept for the backend. */
static SPIPlanPtr load_plans[lengthof(loads)];

/*
 * Reads everything into a new lookup allocated in cxt (the accumulators
 * only when asked); SPI must be connected.
 */
SettleLookup *
settle_lookup_load(MemoryContext cxt, bool accumulators)
{
	SettleLookup *lk = MemoryContextAllocZero(cxt, sizeof(SettleLookup));
	MemoryContext old = MemoryContextSwitchTo(cxt);
	int			i;

	lk->cxt = cxt;
	lk->strings = strmap_create(cxt, 256, NULL);
	lk->catalogue = strmap_create(cxt, 4096, NULL);
	lk->institutions = strmap_create(cxt, 1024, NULL);
	lk->physicians = strmap_create(cxt, 256, NULL);
	lk->persons = personmap_create(cxt, 16384, NULL);
	lk->disallowed = dismap_create(cxt, 256, NULL);
	lk->ten_thousand = DirectFunctionCall1(int8_numeric, Int64GetDatum(10000));
	lk->special_outpatient = settle_lookup_intern(lk, "special_outpatient",
												  strlen("special_outpatient"));
	MemoryContextSwitchTo(old);
	for (i = 0; i < (int) lengthof(loads); i++)
		if (accumulators || loads[i].row != add_accumulator)
			spi_each_row(&load_plans[i], loads[i].sql, 0, NULL, NULL, loads[i].row, lk);
	return lk;
}

const CatalogueRule *
settle_lookup_catalogue(SettleLookup *lk, const char *code, int len)
{
	return strmap_find(lk->catalogue, code, len);
}

/* The money disallowed on an item (item_no 0: a finding on the whole claim). */
bool
settle_lookup_disallowed(SettleLookup *lk, const ClaimKey *claim, int item_no, Fen *amount)
{
	ItemKey		key;
	DisallowedEntry *e;

	if (lk->disallowed->members == 0)
		return false;
	memset(&key, 0, sizeof(key));
	key.claim = *claim;
	key.item_no = item_no;
	e = dismap_lookup(lk->disallowed, key);
	if (e != NULL && amount != NULL)
		*amount = e->amount;
	return e != NULL;
}

/*
 * The person's accumulators of the scheme year holding the settlement date
 * (as medins.presettle_facts() takes them).
 */
static void
accumulators_of(const Person *p, ClaimInput *in)
{
	const ClaimFacts *f = &in->facts;
	DateADT		year_start;
	int64		rule_id;
	int			i;

	in->accs = NULL;
	in->naccs = 0;
	if (f->scheme == NULL)
		return;
	if (DATE_NOT_FINITE(f->settle_date))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scheme year of an infinite date is undefined")));
	if (p->nyears == 0)
		return;
	year_start = scheme_year_start(policy_cache_get(), f->scheme, f->group,
								   f->settle_date, &rule_id);
	for (i = 0; i < p->nyears; i++)
		if (p->years[i].scheme == f->scheme && p->years[i].year_start == year_start)
		{
			in->accs = p->years[i].accs;
			in->naccs = p->years[i].naccs;
			return;
		}
}

/* The label of an enum value, interned (a claim's kind and referral). */
const char *
settle_lookup_enum(SettleLookup *lk, Datum value)
{
	Oid			oid = DatumGetObjectId(value);
	HeapTuple	tup;
	const char *label;
	int			i;

	for (i = 0; i < lk->nenums; i++)
		if (lk->enums[i].oid == oid)
			return lk->enums[i].label;
	tup = SearchSysCache1(ENUMOID, value);
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "medins: no enum value %u", oid);
	label = NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel);
	label = settle_lookup_intern(lk, label, strlen(label));
	ReleaseSysCache(tup);
	lk->enums = array_grow(lk->enums, lk->nenums, sizeof(EnumLabel), lk->cxt);
	lk->enums[lk->nenums].oid = oid;
	lk->enums[lk->nenums].label = label;
	lk->nenums++;
	return label;
}

/* Full years from one date to another: EXTRACT(year FROM age(to, from)). */
static int
age_years(DateADT from, DateADT to)
{
	int			fy,
				fm,
				fd,
				ty,
				tm,
				td;

	if (to < from)
		return -age_years(to, from);
	j2date(from + POSTGRES_EPOCH_JDATE, &fy, &fm, &fd);
	j2date(to + POSTGRES_EPOCH_JDATE, &ty, &tm, &td);
	return ty - fy - ((tm < fm || (tm == fm && td < fd)) ? 1 : 0);
}

/* The person's scheme on the settlement date (latest valid_from first). */
static const char *
scheme_of(SettleLookup *lk, const Person *p, DateADT day)
{
	int			i;

	for (i = 0; i < lk->nschemes; i++)
	{
		Scheme	   *s = &lk->schemes[i];

		if (s->region == p->region && s->kind == p->kind && period_covers(&s->valid, day))
			return s->code;
	}
	return NULL;
}

/* A claim's principal diagnosis, parsed when first needed. */
typedef struct Diagnosis
{
	const ClaimRow *row;
	bool		parsed;
	bool		well_formed;
	Icd10Parsed code;
} Diagnosis;

/*
 * Whether the diagnosis is in an ICD-10 code set (its canonical text); a
 * diagnosis that is not well formed is in none (the views' CASE).
 */
static bool
diagnosis_in(Diagnosis *dx, const char *set, int setlen)
{
	if (!dx->parsed)
	{
		dx->well_formed = icd10_parse_text(dx->row->diagnosis, dx->row->diagnosis_len,
										   &dx->code) == NULL;
		dx->parsed = true;
	}
	return dx->well_formed &&
		icd10_set_contains_code(set, setlen, dx->code.code, dx->code.len);
}

/* The approved special disease of a special-disease outpatient claim. */
static void
special_disease_of(SettleLookup *lk, const Person *p, Diagnosis *dx, ClaimFacts *f)
{
	DateADT		day = dx->row->key.claim_date;
	int			i;

	if (dx->row->kind != lk->special_outpatient || f->scheme == NULL)
		return;
	for (i = 0; i < p->napprovals; i++)
	{
		const Approval *a = &p->approvals[i];

		if (a->scheme == f->scheme && period_covers(&a->approved, day) &&
			period_covers(&a->disease_valid, day) &&
			diagnosis_in(dx, a->diagnoses, a->diagnoses_len))
		{
			f->special_disease = (char *) a->disease;
			f->special_pool = (char *) a->pool;
			return;
		}
	}
}

/* The contribution period holding the day, latest start first (-1: none). */
static int
period_holding(const Person *p, DateADT day)
{
	int			i;

	for (i = p->ncontribs - 1; i >= 0; i--)
		if (p->contribs[i].start <= day && p->contribs[i].end >= day)
			return i;
	return -1;
}

/* Coverage, waiting rule and contribution years: medins.coverage_facts(). */
static void
coverage_of(const Person *p, DateADT day, ClaimFacts *f)
{
	int			cur = period_holding(p, day);
	const Contribution *c,
			   *run;

	if (cur < 0)
	{
		f->waiting_kind = "none";
		return;
	}
	c = &p->contribs[cur];
	run = &p->contribs[c->run];
	f->has_cover = true;
	f->covered_since = c->start;
	f->waiting_kind = (c->has_arrears || c->run > 0) ? "lapsed" : "new";
	f->has_waiting_paid_on = true;
	f->waiting_paid_on = c->has_arrears ? c->arrears_paid_on : run->paid_on;
	f->contribution_years = age_years(run->start, day);
}

/* The institution's agreement suspended or terminated on the day. */
static bool
institution_suspended(const Institution *inst, DateADT day)
{
	int			i;

	for (i = inst->nevents - 1; i >= 0; i--)
		if (inst->events[i].on <= day)
			return inst->events[i].suspends;
	/* before its first event not suspended; without events its agreement_state */
	return inst->nevents == 0 && inst->suspended;
}

static bool
physician_suspended(SettleLookup *lk, const ClaimRow *row)
{
	Sanctions  *s;
	int			i;

	if (row->physician == NULL)
		return false;
	s = strmap_find(lk->physicians, row->physician, row->physician_len);
	for (i = 0; s != NULL && i < s->n; i++)
		if (s->periods[i].from <= row->key.claim_date && s->periods[i].to > row->key.claim_date)
			return true;
	return false;
}

/*
 * The facts of one claim, and with accumulators its person's accumulators;
 * false when its person or institution does not exist (the view's inner
 * joins leave such a claim out).  The scope is left to the caller.
 */
bool
settle_lookup_input(SettleLookup *lk, const ClaimRow *row, bool accumulators, ClaimInput *in)
{
	Person	   *p = person_find(lk, row->key.person_id);
	Institution *inst = strmap_find(lk->institutions, row->institution, row->institution_len);
	ClaimFacts *f = &in->facts;
	DateADT		day = row->key.claim_date;
	Diagnosis	dx = {.row = row};

	if (p == NULL || inst == NULL)
		return false;
	in->key = row->key;
	memset(f, 0, sizeof(*f));
	f->claim_date = day;
	f->settle_date = row->has_discharge ? row->discharge_date : day;
	f->scheme = (char *) scheme_of(lk, p, f->settle_date);
	f->kind = (char *) row->kind;
	f->level = inst->level;
	f->grade = inst->grade;
	f->group = (char *) p->group;
	f->age = age_years(p->birth_date, day);
	f->civil_servant = p->civil_servant;
	f->retired = p->retired;
	f->assistance = (char *) p->assistance;
	f->referral = (char *) row->referral;
	f->emergency = row->emergency;
	f->out_of_area = row->out_of_area;
	f->cause = (char *) row->cause;
	special_disease_of(lk, p, &dx, f);
	f->diagnosis = (char *) row->diagnosis_interned;
	f->outcome = (char *) row->outcome;
	coverage_of(p, day, f);
	f->institution_suspended = institution_suspended(inst, day);
	f->physician_suspended = physician_suspended(lk, row);
	f->claim_disallowed = settle_lookup_disallowed(lk, &row->key, 0, NULL);
	if (accumulators)
		accumulators_of(p, in);
	return true;
}
