/*-------------------------------------------------------------------------
 *
 * audit_cache.c
 *	  Per-backend cache of the enabled audit rule kinds and of the plans
 *	  that run them.
 *
 * The statement trigger on medins.audit_rule sends a relcache invalidation
 * for that table (CacheInvalidateRelcacheByRelid); every backend's callback
 * then marks the cache stale, and it is reloaded on next use.  Plans are
 * kept per target for the current set of enabled kinds; they serve small
 * statements, while large ones are planned afresh with their real size.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"

#include "audit.h"

/* The enabled kinds as a bit set over audit_rule_kinds. */
static bool enabled_valid = false;
static uint64 enabled_mask = 0;
static Oid	audit_rule_relid = InvalidOid;

/* A kept plan for one target, valid for one mask and source name. */
typedef struct AuditPlan
{
	uint64		mask;
	char		source[NAMEDATALEN];
	SPIPlanPtr	plan;
} AuditPlan;

static AuditPlan audit_plans[2];

/* Relcache callback: a change of medins.audit_rule (or of everything) makes the cache stale. */
static void
audit_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == audit_rule_relid)
	{
		enabled_valid = false;
		audit_rule_relid = InvalidOid;
	}
}

/* Registers the cache's invalidation callback; called once per backend. */
void
audit_init(void)
{
	CacheRegisterRelcacheCallback(audit_relcache_callback, (Datum) 0);
}

/* Bit set of the rule kinds that have at least one enabled rule (inside SPI). */
uint64
audit_enabled_kinds(void)
{
	uint64		mask = 0;
	uint64		i;
	Oid			nsp;

	if (enabled_valid)
		return enabled_mask;

	nsp = get_namespace_oid("medins", false);
	audit_rule_relid = get_relname_relid("audit_rule", nsp);

	if (SPI_execute("SELECT DISTINCT rule_kind FROM medins.audit_rule WHERE enabled",
					false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read medins.audit_rule");
	for (i = 0; i < SPI_processed; i++)
	{
		char	   *kind = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		int			k = audit_rule_kind_index(kind);

		if (k >= 0)
			mask |= UINT64CONST(1) << k;
	}
	enabled_mask = mask;
	enabled_valid = true;
	return mask;
}

/*
 * The kept plan that runs the kinds of mask for target over source, made
 * now if the kept one was for another mask or source (inside SPI, with the
 * transition table registered).
 */
SPIPlanPtr
audit_cached_plan(AuditTarget target, uint64 mask, const char *source)
{
	AuditPlan  *p = &audit_plans[target];
	char	   *query;
	SPIPlanPtr	plan;

	if (p->plan != NULL && p->mask == mask && strcmp(p->source, source) == 0)
		return p->plan;

	query = audit_build_query(target, mask, source, AUDIT_QUERY_KEPT);
	if (query == NULL)
		return NULL;
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for audit rules: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	if (p->plan != NULL)
		SPI_freeplan(p->plan);
	p->plan = plan;
	p->mask = mask;
	strlcpy(p->source, source, NAMEDATALEN);
	return plan;
}
