/*-------------------------------------------------------------------------
 *
 * audit_pass.c
 *	  One pass in C over the new rows of a bulk item statement.
 *
 * The pass counts the lines per claim and per claim, item and service day
 * in hash tables, which the executor would otherwise do with two hash
 * aggregates over every row of the statement, and the days per claim with
 * an item outside the facility catalogue (bed_holding's treatment days).
 * It hands the audit query the claims with their line and day counts and
 * the item-and-day groups of more than one line as arrays ($1..$10, see
 * audit_build_query).  A second pass keeps, in a tuplestore registered as
 * AUDIT_CANDIDATE_ROWS, the rows that may be candidates of a row-by-row
 * kind, comparing each row with its catalogue entry's limits as the kinds'
 * candidate filters do, and the rows that bill a code of a code pair whose
 * other code the same claim also bills; only those rows reach SQL.  The
 * pass keeps a superset: the filters and what the rules decide stay in SQL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/datum.h"
#include "utils/memutils.h"
#include "utils/queryenvironment.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"

#include "audit.h"

/* A claim of the statement (zeroed before filling: it is hashed as bytes). */
typedef struct ClaimKey
{
	int64		person_id;
	int64		claim_id;
	DateADT		claim_date;
	int32		pad;
} ClaimKey;

/*
 * A claim's lines, and two bit sets over a hash of item code and service
 * day: the bits its lines set once (seen), and twice or more (twice).  Only
 * lines whose bit is in twice can be in a group of several lines; the
 * second pass counts just those exactly.
 */
typedef struct ClaimEntry
{
	ClaimKey	key;
	int64		lines;
	uint64		seen;
	uint64		twice;
	bool		sanctioned;		/* billed by a suspended physician */
	/* treatment days: offsets 0..63 from the claim date as bits, later ones counted */
	uint64		day_bits;
	int64		later_days;
	struct PairCode *pair_codes;	/* the distinct codes of code pairs it bills */
} ClaimEntry;

/* A code of a code pair billed on a claim (a list per claim). */
typedef struct PairCode
{
	const struct CodeEntry *code;
	struct PairCode *next;
} PairCode;

/*
 * A slot of the claims' hash table: the key and the claim's entry, which
 * is allocated apart so that it stays where it is when slots move.  The
 * table is a simplehash: one look-up per row of the statement, in no order.
 */
typedef struct ClaimSlot
{
	ClaimKey	key;
	ClaimEntry *entry;
	uint32		hash;
	char		status;
} ClaimSlot;

static inline uint32
claim_key_hash(const ClaimKey *k)
{
	uint32		h = murmurhash32((uint32) k->person_id ^ (uint32) (k->person_id >> 32));

	h = hash_combine(h, murmurhash32((uint32) k->claim_id ^ (uint32) (k->claim_id >> 32)));
	return hash_combine(h, murmurhash32((uint32) k->claim_date));
}

#define SH_PREFIX claimtab
#define SH_ELEMENT_TYPE ClaimSlot
#define SH_KEY_TYPE ClaimKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) claim_key_hash(&(k))
#define SH_EQUAL(tb, a, b) ((a).person_id == (b).person_id && (a).claim_id == (b).claim_id \
							&& (a).claim_date == (b).claim_date)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* A text value (item or physician code) as a hash key; str is not terminated. */
typedef struct CodeKey
{
	const char *str;
	int32		len;
} CodeKey;

/*
 * An item code of the statement: whether it is in a code pair, whether it
 * is a facility item (no treatment day), and its catalogue entry.
 */
typedef struct CodeEntry
{
	CodeKey		key;
	bool		pair;
	bool		facility;
	struct CatalogueEntry *catalogue;
	/* the statement's codes that make a code pair with this one */
	const struct CodeEntry **partners;
	int			npartners;
} CodeEntry;

/* A treatment day of a claim later than 63 days after the claim date. */
typedef struct DayKey
{
	const struct ClaimEntry *claim;
	DateADT		day;
	int32		pad;
} DayKey;

/* What the candidate filters compare a row with, for one catalogue entry. */
typedef struct CatalogueEntry
{
	bool		always;			/* a restriction: every row is a candidate */
	int			nlower;			/* billed classes below the catalogue's */
	Datum	   *lower;
	Datum		limits[4];		/* price, daily quantity, days, discharge days */
	bool		has_limit[4];
	/* the last row's price, quantity and days, and whether they passed a limit */
	Datum		last_price;
	Datum		last_quantity;
	int32		last_days;		/* -1: none yet; 0: days of supply NULL */
	bool		last_over;
} CatalogueEntry;

enum
{
	LIMIT_PRICE,
	LIMIT_QUANTITY,
	LIMIT_DAYS,
	LIMIT_DISCHARGE
};

/* What the passes count and look rows up in. */
typedef struct PassTables
{
	claimtab_hash *claims;		/* ClaimSlot */
	ClaimEntry **claim_list;	/* the claims in the order first seen */
	int64		nclaims;
	HTAB	   *groups;			/* GroupEntry */
	HTAB	   *codes;			/* CodeEntry: the statement's item codes */
	HTAB	   *physicians;		/* CodeKey: suspended physicians */
	HTAB	   *pair_codes;		/* CodeKey: the codes of every code pair */
	HTAB	   *later_days;		/* DayKey: treatment days past the bit sets */
	List	   *found;			/* GroupEntry of groups of more than one line */
	MemoryContext cxt;			/* the pass's context, where found grows */
	/* each row's claim and item code, in the order the passes read them */
	ClaimEntry **row_claims;
	CodeEntry **row_codes;
	int64		nrows;
	int64		next;
	DateADT		first_date;		/* range of the statement's claim dates */
	DateADT		last_date;
	ClaimEntry *last_claim;		/* the previous row's claim */
} PassTables;

/*
 * An item on a service day of a claim, hashed as bytes: item is the
 * statement's entry of the item code (one per distinct code), so that
 * equal codes are equal pointers.
 */
typedef struct GroupKey
{
	int64		person_id;
	int64		claim_id;
	DateADT		claim_date;
	DateADT		service_date;
	const struct CodeEntry *item;
} GroupKey;

typedef struct GroupEntry
{
	GroupKey	key;
	int64		lines;
} GroupEntry;

/* Column numbers of claim_item in the transition table. */
typedef struct ItemColumns
{
	int			person_id;
	int			claim_id;
	int			claim_date;
	int			item_code;
	int			service_date;
	int			item_class;
	int			quantity;
	int			unit_price;
	int			days_supply;
	int			is_discharge_drug;
	int			prescribing_physician;
} ItemColumns;

/* Hash of a CodeKey. */
static uint32
code_hash(const void *key, Size keysize)
{
	const CodeKey *k = (const CodeKey *) key;

	return hash_bytes((const unsigned char *) k->str, k->len);
}

/* Equality of two CodeKeys (0 when equal). */
static int
code_match(const void *key1, const void *key2, Size keysize)
{
	const CodeKey *a = (const CodeKey *) key1;
	const CodeKey *b = (const CodeKey *) key2;

	return a->len != b->len || memcmp(a->str, b->str, a->len) != 0;
}

/* A hash table keyed by CodeKey in the current memory context. */
static HTAB *
code_table(const char *name, Size entrysize, long size)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(CodeKey);
	ctl.entrysize = entrysize;
	ctl.hash = code_hash;
	ctl.match = code_match;
	ctl.hcxt = CurrentMemoryContext;
	return hash_create(name, Max(size, 64), &ctl,
					   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

/*
 * Enters a text value into a code table of entries of entrysize, copying
 * it and zeroing the rest of the entry when new; returns the entry.
 */
static void *
code_enter(HTAB *table, Size entrysize, const char *str, int len)
{
	CodeKey		key;
	CodeKey    *entry;
	bool		found;

	key.str = str;
	key.len = len;
	entry = (CodeKey *) hash_search(table, &key, HASH_ENTER, &found);
	if (!found)
	{
		memset((char *) entry + sizeof(CodeKey), 0, entrysize - sizeof(CodeKey));
		entry->str = pnstrdup(str, len);
	}
	return entry;
}

/* The entry of a text value in a code table, or NULL. */
static void *
code_find(HTAB *table, const char *str, int len)
{
	CodeKey		key;

	key.str = str;
	key.len = len;
	return hash_search(table, &key, HASH_FIND, NULL);
}

/* Column number of a claim_item column in the transition table's descriptor. */
static int
item_column(TupleDesc desc, const char *name)
{
	int			attno = SPI_fnumber(desc, name);

	if (attno <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of medins.claim_item not found", name)));
	return attno;
}

/* Makes the counting hash tables of the pass in the current memory context. */
static void
audit_pass_tables(PassTables *t, int64 rows)
{
	HASHCTL		ctl;

	t->claims = claimtab_create(CurrentMemoryContext, Max(rows / 8, 64), NULL);
	t->claim_list = MemoryContextAllocHuge(CurrentMemoryContext, Max(rows, 1) * sizeof(ClaimEntry *));
	t->nclaims = 0;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(GroupKey);
	ctl.entrysize = sizeof(GroupEntry);
	ctl.hcxt = CurrentMemoryContext;
	t->groups = hash_create("medins audit item groups", Max(rows / 16, 64), &ctl,
							HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	t->codes = code_table("medins audit item codes", sizeof(CodeEntry), 1024);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(DayKey);
	ctl.entrysize = sizeof(DayKey);
	ctl.hcxt = CurrentMemoryContext;
	t->later_days = hash_create("medins audit treatment days", 256, &ctl,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	t->found = NIL;
	t->cxt = CurrentMemoryContext;
	t->nrows = rows;
	t->next = 0;
	t->row_claims = MemoryContextAllocHuge(t->cxt, Max(rows, 1) * sizeof(ClaimEntry *));
	t->row_codes = MemoryContextAllocHuge(t->cxt, Max(rows, 1) * sizeof(CodeEntry *));
	t->first_date = DATEVAL_NOEND;
	t->last_date = DATEVAL_NOBEGIN;
	t->last_claim = NULL;
}

/* Counts one row in both tables. */
/* The claim key of a row. */
static void
audit_row_claim_key(TupleTableSlot *slot, const ItemColumns *col, ClaimKey *ck)
{
	bool		isnull;

	memset(ck, 0, sizeof(*ck));
	ck->person_id = DatumGetInt64(slot_getattr(slot, col->person_id, &isnull));
	ck->claim_id = DatumGetInt64(slot_getattr(slot, col->claim_id, &isnull));
	ck->claim_date = DatumGetDateADT(slot_getattr(slot, col->claim_date, &isnull));
}

/* The bit of a line's item code (its entry) and service day in a claim's bit sets. */
static uint64
audit_group_bit(const CodeEntry *code, DateADT service_date)
{
	uint32		h = hash_combine(murmurhash32((uint32) (uintptr_t) code),
								 murmurhash32((uint32) service_date));

	return UINT64CONST(1) << (h & 63);
}

/* Adds a code of a code pair to the claim's list of them, once. */
static void
audit_claim_add_pair_code(ClaimEntry *ce, const CodeEntry *code)
{
	PairCode   *p;

	for (p = ce->pair_codes; p != NULL; p = p->next)
	{
		if (p->code == code)
			return;
	}
	p = palloc(sizeof(PairCode));
	p->code = code;
	p->next = ce->pair_codes;
	ce->pair_codes = p;
}

/*
 * Whether the claim bills the other code of a code pair of code: then a
 * row of code may be found by code_pair (on its own, or as the partner).
 */
static bool
audit_claim_has_partner(const ClaimEntry *ce, const CodeEntry *code)
{
	const PairCode *p;
	int			i;

	for (p = ce->pair_codes; p != NULL; p = p->next)
	{
		for (i = 0; i < code->npartners; i++)
		{
			if (code->partners[i] == p->code)
				return true;
		}
	}
	return false;
}

/* Counts a service day of a row outside the facility catalogue as a treatment day of its claim. */
static void
audit_claim_treatment_day(PassTables *t, ClaimEntry *ce, DateADT day)
{
	int32		offset = day - ce->key.claim_date;
	DayKey		key;
	bool		found;

	if (offset >= 0 && offset < 64)
	{
		ce->day_bits |= UINT64CONST(1) << offset;
		return;
	}
	memset(&key, 0, sizeof(key));
	key.claim = ce;
	key.day = day;
	(void) hash_search(t->later_days, &key, HASH_ENTER, &found);
	if (!found)
		ce->later_days++;
}

/* First pass: counts a row's claim and marks its item-and-day bit. */
static void
audit_pass_count(TupleTableSlot *slot, const ItemColumns *col, PassTables *t)
{
	ClaimKey	ck;
	ClaimEntry *ce;
	CodeEntry  *code;
	text	   *item_code;
	uint64		bit;
	bool		isnull;
	bool		found;

	audit_row_claim_key(slot, col, &ck);
	if (t->last_claim != NULL && memcmp(&ck, &t->last_claim->key, sizeof(ck)) == 0)
		ce = t->last_claim;		/* the lines of a claim mostly come together */
	else
	{
		ClaimSlot  *slot = claimtab_insert(t->claims, ck, &found);

		if (!found)
		{
			slot->entry = palloc(sizeof(ClaimEntry));
			t->claim_list[t->nclaims++] = slot->entry;
		}
		ce = slot->entry;
		if (!found)
		{
			ce->key = ck;
			ce->lines = 0;
			ce->seen = ce->twice = 0;
			ce->sanctioned = false;
			ce->day_bits = 0;
			ce->later_days = 0;
			ce->pair_codes = NULL;
			t->first_date = Min(t->first_date, ck.claim_date);
			t->last_date = Max(t->last_date, ck.claim_date);
		}
		t->last_claim = ce;
	}
	ce->lines++;

	item_code = DatumGetTextPP(slot_getattr(slot, col->item_code, &isnull));
	code = code_find(t->codes, VARDATA_ANY(item_code), VARSIZE_ANY_EXHDR(item_code));
	if (code == NULL)
	{
		code = code_enter(t->codes, sizeof(CodeEntry), VARDATA_ANY(item_code),
						  VARSIZE_ANY_EXHDR(item_code));
		code->pair = code_find(t->pair_codes, code->key.str, code->key.len) != NULL;
	}
	if (code->pair)
		audit_claim_add_pair_code(ce, code);
	bit = audit_group_bit(code, DatumGetDateADT(slot_getattr(slot, col->service_date, &isnull)));
	if (ce->seen & bit)
		ce->twice |= bit;
	ce->seen |= bit;
	if (t->next >= t->nrows)
		elog(ERROR, "audit pass: more rows than the transition table counts");
	t->row_claims[t->next] = ce;
	t->row_codes[t->next] = code;
	t->next++;
}

/* Second pass: counts a row in its item-and-day group if its claim's bits allow several lines. */
static void
audit_pass_group(PassTables *t, const ClaimEntry *ce, const CodeEntry *code, DateADT service_date)
{
	GroupKey	gk;
	GroupEntry *ge;
	bool		found;

	memset(&gk, 0, sizeof(gk));
	gk.person_id = ce->key.person_id;
	gk.claim_id = ce->key.claim_id;
	gk.claim_date = ce->key.claim_date;
	gk.service_date = service_date;
	gk.item = code;
	if ((ce->twice & audit_group_bit(code, gk.service_date)) == 0)
		return;
	ge = (GroupEntry *) hash_search(t->groups, &gk, HASH_ENTER, &found);
	if (!found)
		ge->lines = 0;
	if (++ge->lines == 2)
	{
		MemoryContext old = MemoryContextSwitchTo(t->cxt);

		t->found = lappend(t->found, ge);
		MemoryContextSwitchTo(old);
	}
}

/* A one-dimensional array of the first n of elems. */
static Datum
audit_pass_array(Datum *elems, int n, Oid type)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;

	get_typlenbyvalalign(type, &typlen, &typbyval, &typalign);
	return PointerGetDatum(construct_array(elems, n, type, typlen, typbyval, typalign));
}

/*
 * Fills $1..$4 and $10: the statement's claims (person, claim, claim date),
 * their line counts and their treatment days.
 */
static void
audit_pass_claims(const PassTables *t, AuditPass *pass)
{
	Datum	   *cols[5];
	int64		i;
	int			c;

	for (c = 0; c < 5; c++)
		cols[c] = palloc(Max(t->nclaims, 1) * sizeof(Datum));
	for (i = 0; i < t->nclaims; i++)
	{
		const ClaimEntry *e = t->claim_list[i];

		cols[0][i] = Int64GetDatum(e->key.person_id);
		cols[1][i] = Int64GetDatum(e->key.claim_id);
		cols[2][i] = DateADTGetDatum(e->key.claim_date);
		cols[3][i] = Int64GetDatum(e->lines);
		cols[4][i] = Int64GetDatum(pg_popcount64(e->day_bits) + e->later_days);
	}
	pass->values[0] = audit_pass_array(cols[0], i, INT8OID);
	pass->values[1] = audit_pass_array(cols[1], i, INT8OID);
	pass->values[2] = audit_pass_array(cols[2], i, DATEOID);
	pass->values[3] = audit_pass_array(cols[3], i, INT8OID);
	pass->values[9] = audit_pass_array(cols[4], i, INT8OID);
}

/* Fills $5..$9: the item-and-day groups of more than one line (person, claim, claim date, item, day). */
static void
audit_pass_groups(List *found, AuditPass *pass)
{
	Datum	   *cols[5];
	GroupEntry *e;
	ListCell   *lc;
	int			i = 0;
	int			c;

	for (c = 0; c < 5; c++)
		cols[c] = palloc(Max(list_length(found), 1) * sizeof(Datum));
	foreach(lc, found)
	{
		e = (GroupEntry *) lfirst(lc);
		cols[0][i] = Int64GetDatum(e->key.person_id);
		cols[1][i] = Int64GetDatum(e->key.claim_id);
		cols[2][i] = DateADTGetDatum(e->key.claim_date);
		cols[3][i] = PointerGetDatum(cstring_to_text_with_len(e->key.item->key.str,
															  e->key.item->key.len));
		cols[4][i] = DateADTGetDatum(e->key.service_date);
		i++;
	}
	pass->values[4] = audit_pass_array(cols[0], i, INT8OID);
	pass->values[5] = audit_pass_array(cols[1], i, INT8OID);
	pass->values[6] = audit_pass_array(cols[2], i, DATEOID);
	pass->values[7] = audit_pass_array(cols[3], i, TEXTOID);
	pass->values[8] = audit_pass_array(cols[4], i, DATEOID);
}

/* Runs a read-only query of the pass (inside SPI); errors out on failure. */
static void
audit_pass_query(const char *query, int nargs, Oid *argtypes, Datum *values)
{
	if (SPI_execute_with_args(query, nargs, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "audit pass query failed: %s", query);
}

/* Gives the statement's item codes their catalogue entries with the candidate limits. */
static void
audit_pass_catalogue(HTAB *codes)
{
	long		n = hash_get_num_entries(codes);
	Datum	   *elems = palloc(Max(n, 1) * sizeof(Datum));
	Oid			argtype = TEXTARRAYOID;
	Datum		arg;
	HASH_SEQ_STATUS seq;
	CodeEntry  *code;
	int			i = 0;
	uint64		r;

	hash_seq_init(&seq, codes);
	while ((code = (CodeEntry *) hash_seq_search(&seq)) != NULL)
		elems[i++] = PointerGetDatum(cstring_to_text_with_len(code->key.str, code->key.len));
	arg = PointerGetDatum(construct_array(elems, i, TEXTOID, -1, false, TYPALIGN_INT));
	audit_pass_query(audit_candidate_catalogue, 1, &argtype, &arg);

	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		text	   *item_code = DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull));
		CatalogueEntry *e = palloc0(sizeof(CatalogueEntry));
		Datum		d;
		int			l;

		code = (CodeEntry *) code_find(codes, VARDATA_ANY(item_code), VARSIZE_ANY_EXHDR(item_code));
		if (code == NULL)
			continue;
		code->catalogue = e;
		d = SPI_getbinval(tup, desc, 2, &isnull);
		e->always = !isnull && DatumGetBool(d);
		d = SPI_getbinval(tup, desc, 3, &isnull);
		if (!isnull)
		{
			ArrayType  *a = DatumGetArrayTypePCopy(d);
			int16		typlen;
			bool		typbyval;
			char		typalign;

			get_typlenbyvalalign(ARR_ELEMTYPE(a), &typlen, &typbyval, &typalign);
			deconstruct_array(a, ARR_ELEMTYPE(a), typlen, typbyval, typalign,
							  &e->lower, NULL, &e->nlower);
		}
		for (l = 0; l < 4; l++)
		{
			d = SPI_getbinval(tup, desc, 4 + l, &isnull);
			e->has_limit[l] = !isnull;
			e->limits[l] = isnull ? (Datum) 0 : datumCopy(d, false, -1);
		}
		e->last_days = -1;
		d = SPI_getbinval(tup, desc, 8, &isnull);
		code->facility = !isnull && DatumGetBool(d);
	}
}

/*
 * Loads the code pairs of every code_pair rule (whatever their dates: a
 * superset) before the first pass: their codes into t->pair_codes, the
 * pairs as a list of two-element arrays of CodeKey in the pass's context.
 */
static List *
audit_pass_load_pairs(PassTables *t)
{
	List	   *pairs = NIL;
	uint64		r;

	audit_pass_query(audit_candidate_pairs, 0, NULL, NULL);
	t->pair_codes = code_table("medins audit pair codes", sizeof(CodeKey), SPI_processed * 2);
	for (r = 0; r < SPI_processed; r++)
	{
		CodeKey    *pair = palloc(2 * sizeof(CodeKey));
		int			c;

		for (c = 0; c < 2; c++)
		{
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, c + 1,
										  &isnull);
			text	   *code = DatumGetTextPP(d);

			/* both columns are NOT NULL */
			pair[c] = *(CodeKey *) code_enter(t->pair_codes, sizeof(CodeKey), VARDATA_ANY(code),
											  VARSIZE_ANY_EXHDR(code));
		}
		pairs = lappend(pairs, pair);
	}
	return pairs;
}

/* Adds partner to the partners of code. */
static void
audit_code_add_partner(CodeEntry *code, const CodeEntry *partner)
{
	if (code->npartners == 0)
		code->partners = palloc(4 * sizeof(CodeEntry *));
	else if (code->npartners >= 4 && (code->npartners & (code->npartners - 1)) == 0)
		code->partners = repalloc(code->partners, 2 * code->npartners * sizeof(CodeEntry *));
	code->partners[code->npartners++] = partner;
}

/* Gives the statement's codes their partners: the pairs whose two codes the statement bills. */
static void
audit_pass_statement_pairs(PassTables *t, List *pairs)
{
	ListCell   *lc;

	foreach(lc, pairs)
	{
		CodeKey    *pair = (CodeKey *) lfirst(lc);
		CodeEntry  *a = code_find(t->codes, pair[0].str, pair[0].len);
		CodeEntry  *b = code_find(t->codes, pair[1].str, pair[1].len);

		if (a == NULL || b == NULL)
			continue;
		audit_code_add_partner(a, b);
		audit_code_add_partner(b, a);
	}
}

/* Loads the suspended physicians into a code table. */
static HTAB *
audit_pass_physicians(void)
{
	HTAB	   *table;
	uint64		r;

	audit_pass_query(audit_candidate_physicians, 0, NULL, NULL);
	table = code_table("medins audit physicians", sizeof(CodeKey), SPI_processed);
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
			code_enter(table, sizeof(CodeKey), VARDATA_ANY(DatumGetTextPP(d)),
					   VARSIZE_ANY_EXHDR(DatumGetTextPP(d)));
	}
	return table;
}

/* Marks the statement's claims billed by a suspended physician. */
static void
audit_pass_sanctioned_claims(PassTables *t)
{
	Oid			argtypes[2] = {DATEOID, DATEOID};
	Datum		values[2] = {DateADTGetDatum(t->first_date), DateADTGetDatum(t->last_date)};
	uint64		r;

	audit_pass_query(audit_candidate_claims, 2, argtypes, values);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		ClaimKey	ck;
		ClaimSlot  *slot;
		bool		isnull;

		memset(&ck, 0, sizeof(ck));
		ck.person_id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
		ck.claim_id = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
		ck.claim_date = DatumGetDateADT(SPI_getbinval(tup, desc, 3, &isnull));
		slot = claimtab_lookup(t->claims, ck);
		if (slot != NULL)
			slot->entry->sanctioned = true;
	}
}

/* Whether numeric a > numeric b. */
static bool
numeric_above(Datum a, Datum b)
{
	return DatumGetBool(DirectFunctionCall2(numeric_gt, a, b));
}

/* Whether a row passes a limit of its catalogue entry that depends on its own values. */
static bool
audit_row_over_limits(Datum price, Datum quantity, Datum days, bool days_null, bool discharge,
					  const CatalogueEntry *e)
{
	Datum		q;

	if (e->has_limit[LIMIT_PRICE] && numeric_above(price, e->limits[LIMIT_PRICE]))
		return true;
	if (e->has_limit[LIMIT_QUANTITY])
	{
		q = DirectFunctionCall2(numeric_div, quantity,
								DirectFunctionCall1(int4_numeric,
													days_null ? Int32GetDatum(1) : days));
		if (numeric_above(q, e->limits[LIMIT_QUANTITY]))
			return true;
	}
	if (days_null)
		return false;
	days = DirectFunctionCall1(int4_numeric, days);
	if (!discharge && e->has_limit[LIMIT_DAYS] && numeric_above(days, e->limits[LIMIT_DAYS]))
		return true;
	return discharge && e->has_limit[LIMIT_DISCHARGE] &&
		numeric_above(days, e->limits[LIMIT_DISCHARGE]);
}

/*
 * audit_row_over_limits, remembered per catalogue entry for the last
 * price, quantity, days of supply and discharge flag (rows of one item
 * mostly repeat them).  The remembered values live in the pass's context.
 */
static bool
audit_row_over_limits_cached(TupleTableSlot *slot, const ItemColumns *col, CatalogueEntry *e,
							 MemoryContext passcxt)
{
	bool		isnull;
	Datum		price = slot_getattr(slot, col->unit_price, &isnull);
	Datum		quantity = slot_getattr(slot, col->quantity, &isnull);
	Datum		days = slot_getattr(slot, col->days_supply, &isnull);
	bool		days_null = isnull;
	bool		discharge = DatumGetBool(slot_getattr(slot, col->is_discharge_drug, &isnull));
	int32		key = days_null ? 0 : DatumGetInt32(days);
	MemoryContext old;

	key = discharge ? -2 - key : key;	/* days and the discharge flag in one int; -1 is none */
	if (e->last_days == key && datumIsEqual(price, e->last_price, false, -1) &&
		datumIsEqual(quantity, e->last_quantity, false, -1))
		return e->last_over;
	e->last_over = audit_row_over_limits(price, quantity, days, days_null, discharge, e);
	old = MemoryContextSwitchTo(passcxt);
	if (e->last_days != -1)
	{
		pfree(DatumGetPointer(e->last_price));
		pfree(DatumGetPointer(e->last_quantity));
	}
	e->last_price = datumCopy(price, false, -1);
	e->last_quantity = datumCopy(quantity, false, -1);
	e->last_days = key;
	MemoryContextSwitchTo(old);
	return e->last_over;
}

/*
 * Whether a row may be a candidate of a row-by-row kind or be part of a
 * code pair its claim bills: true for every row the kinds' candidate
 * filters pass, and for every row code_pair may read among the statement's.
 */
static bool
audit_row_is_candidate(TupleTableSlot *slot, const ItemColumns *col, PassTables *t,
					   const ClaimEntry *ce, const CodeEntry *code, MemoryContext passcxt)
{
	CatalogueEntry *e = code->catalogue;
	bool		isnull;
	Datum		physician;
	Datum		class;
	int			i;

	if (code->npartners > 0 && audit_claim_has_partner(ce, code))
		return true;
	physician = slot_getattr(slot, col->prescribing_physician, &isnull);
	if (!isnull)
	{
		text	   *p = DatumGetTextPP(physician);

		if (code_find(t->physicians, VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p)) != NULL)
			return true;
	}
	else if (ce->sanctioned)
		return true;
	if (e == NULL)
		return false;			/* no catalogue entry: no row-by-row candidate */
	if (e->always)
		return true;
	class = slot_getattr(slot, col->item_class, &isnull);
	for (i = 0; i < e->nlower; i++)
	{
		if (e->lower[i] == class)
			return true;
	}
	return audit_row_over_limits_cached(slot, col, e, passcxt);
}

/* Registers the rows kept by the second pass as AUDIT_CANDIDATE_ROWS (inside SPI). */
static void
audit_pass_register(Relation rel, Tuplestorestate *kept)
{
	EphemeralNamedRelation enr = palloc0(sizeof(EphemeralNamedRelationData));

	enr->md.name = pstrdup(AUDIT_CANDIDATE_ROWS);
	enr->md.reliddesc = RelationGetRelid(rel);
	enr->md.tupdesc = NULL;
	enr->md.enrtype = ENR_NAMED_TUPLESTORE;
	enr->md.enrtuples = tuplestore_tuple_count(kept);
	enr->reldata = kept;
	if (SPI_register_relation(enr) != SPI_OK_REL_REGISTER)
		elog(ERROR, "could not register the audit candidate rows");
}

/* Finds a claim_item column of the transition table's descriptor for each field of col. */
static void
audit_pass_columns(TupleDesc desc, ItemColumns *col)
{
	col->person_id = item_column(desc, "person_id");
	col->claim_id = item_column(desc, "claim_id");
	col->claim_date = item_column(desc, "claim_date");
	col->item_code = item_column(desc, "item_code");
	col->service_date = item_column(desc, "service_date");
	col->item_class = item_column(desc, "item_class");
	col->quantity = item_column(desc, "quantity");
	col->unit_price = item_column(desc, "unit_price");
	col->days_supply = item_column(desc, "days_supply");
	col->is_discharge_drug = item_column(desc, "is_discharge_drug");
	col->prescribing_physician = item_column(desc, "prescribing_physician");
}

/*
 * Second pass over a row (the next one the first pass saw): counts it in
 * its group when it may be in one, counts its treatment day, and tells
 * whether to keep it as a candidate.
 */
static bool
audit_pass_row(TupleTableSlot *slot, const ItemColumns *col, PassTables *t,
			   MemoryContext passcxt)
{
	ClaimEntry *ce;
	CodeEntry  *code;
	DateADT		service_date;
	bool		isnull;

	if (t->next >= t->nrows)
		elog(ERROR, "audit pass: row not seen by the first pass");
	ce = t->row_claims[t->next];
	code = t->row_codes[t->next];
	t->next++;
	service_date = DatumGetDateADT(slot_getattr(slot, col->service_date, &isnull));
	audit_pass_group(t, ce, code, service_date);
	if (!code->facility)
		audit_claim_treatment_day(t, ce, service_date);
	return audit_row_is_candidate(slot, col, t, ce, code, passcxt);
}

/*
 * Reads the statement's new item rows (with a read pointer of its own, so
 * the transition table's scans are not disturbed): once to count claims
 * and groups, filling pass with the parameters of a counted bulk query,
 * and once to keep the candidate rows, registered as AUDIT_CANDIDATE_ROWS
 * (inside SPI).  Parameters and kept rows are made in the caller's memory
 * context; the hash tables live only during the pass.
 */
void
audit_item_pass(TriggerData *trigdata, AuditPass *pass)
{
	static const Oid argtypes[AUDIT_PASS_NARGS] = {
		INT8ARRAYOID, INT8ARRAYOID, DATEARRAYOID, INT8ARRAYOID,
		INT8ARRAYOID, INT8ARRAYOID, DATEARRAYOID, TEXTARRAYOID, DATEARRAYOID,
		INT8ARRAYOID
	};
	Tuplestorestate *rows = trigdata->tg_newtable;
	TupleDesc	desc = RelationGetDescr(trigdata->tg_relation);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext passcxt;
	MemoryContext rowcxt;
	Tuplestorestate *kept;
	TupleTableSlot *slot;
	ItemColumns col;
	PassTables	t;
	List	   *pairs;
	int			readptr;

	audit_pass_columns(desc, &col);
	memcpy(pass->argtypes, argtypes, sizeof(argtypes));

	passcxt = AllocSetContextCreate(caller, "medins audit pass", ALLOCSET_DEFAULT_SIZES);
	rowcxt = AllocSetContextCreate(passcxt, "medins audit pass row", ALLOCSET_SMALL_SIZES);
	MemoryContextSwitchTo(passcxt);
	audit_pass_tables(&t, tuplestore_tuple_count(rows));
	pairs = audit_pass_load_pairs(&t);
	slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	readptr = tuplestore_alloc_read_pointer(rows, EXEC_FLAG_REWIND);
	tuplestore_select_read_pointer(rows, readptr);
	tuplestore_rescan(rows);
	while (tuplestore_gettupleslot(rows, true, false, slot))
		audit_pass_count(slot, &col, &t);

	audit_pass_catalogue(t.codes);
	audit_pass_statement_pairs(&t, pairs);
	t.physicians = audit_pass_physicians();
	if (hash_get_num_entries(t.physicians) > 0)
		audit_pass_sanctioned_claims(&t);

	MemoryContextSwitchTo(caller);
	t.next = 0;
	kept = tuplestore_begin_heap(false, false, work_mem);
	tuplestore_select_read_pointer(rows, readptr);
	tuplestore_rescan(rows);
	while (tuplestore_gettupleslot(rows, true, false, slot))
	{
		bool		keep;

		MemoryContextSwitchTo(rowcxt);
		keep = audit_pass_row(slot, &col, &t, passcxt);
		MemoryContextSwitchTo(caller);
		MemoryContextReset(rowcxt);
		if (keep)
			tuplestore_puttupleslot(kept, slot);
	}
	ExecDropSingleTupleTableSlot(slot);
	audit_pass_claims(&t, pass);
	audit_pass_groups(t.found, pass);
	audit_pass_register(trigdata->tg_relation, kept);
	MemoryContextDelete(passcxt);
}
