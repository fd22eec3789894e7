/*-------------------------------------------------------------------------
 *
 * audit.h
 *	  Audit rules (智能审核), physician points (医保医师积分) and
 *	  institution agreements (医保协议) of medins.
 *
 * Rule kinds are implemented in C as set-based SQL over a statement's new
 * rows; rows of medins.audit_rule choose and parameterise them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_AUDIT_H
#define MEDINS_AUDIT_H

#include "fmgr.h"
#include "commands/trigger.h"
#include "executor/spi.h"

/* Which inserts run a rule kind (matches the SQL enum medins.audit_target). */
typedef enum AuditTarget
{
	AUDIT_TARGET_CLAIM,
	AUDIT_TARGET_ITEM
} AuditTarget;

/* What an item kind's query reads besides the statement's rows (n). */
#define AUDIT_NEEDS_ROWS	0x01	/* it: candidate rows with claim and person */
#define AUDIT_NEEDS_CLAIMS	0x02	/* claims: the statement's claims with scope */
#define AUDIT_NEEDS_PRIOR	0x04	/* prior: claims that had items before */
#define AUDIT_NEEDS_GROUPS	0x08	/* groups: item-and-day groups of several lines */
#define AUDIT_NEEDS_PAIRS	0x10	/* pair_rows: rows that may bill a code of a pair */

/* The rows audit_item_pass keeps for the row-by-row kinds and code pairs. */
#define AUDIT_CANDIDATE_ROWS "medins_audit_candidate_rows"

/* How an audit query is run (see audit_build_query). */
typedef enum AuditQueryMode
{
	AUDIT_QUERY_KEPT,			/* a plan kept for small statements */
	AUDIT_QUERY_BULK,			/* planned for its size, over any source */
	AUDIT_QUERY_COUNTED			/* bulk item trigger, with audit_item_pass's arrays */
} AuditQueryMode;

/*
 * Parameters $1..$10 of a counted query: the statement's claims ($1..$4:
 * person, claim, claim date, lines), item-and-day groups of several lines
 * ($5..$9) and the claims' treatment days ($10, in the order of $1..$4).
 */
#define AUDIT_PASS_NARGS 10
typedef struct AuditPass
{
	Oid			argtypes[AUDIT_PASS_NARGS];
	Datum		values[AUDIT_PASS_NARGS];
} AuditPass;

/* One rule kind: its name, the table whose rows it reads, and its query. */
typedef struct AuditRuleKind
{
	const char *name;
	AuditTarget target;
	int			needs;			/* AUDIT_NEEDS_* of an item kind */
	/* parameter-free filter over n and ci that every row it finds passes */
	const char *candidate;
	/* a SELECT over the context CTEs yielding the found columns */
	const char *sql;
} AuditRuleKind;

/* audit_kinds.c */
extern const AuditRuleKind audit_rule_kinds[];
extern const int audit_rule_kind_count;
extern int	audit_rule_kind_index(const char *name);
extern const char *const audit_candidate_catalogue;
extern const char *const audit_candidate_pairs;
extern const char *const audit_candidate_physicians;
extern const char *const audit_candidate_claims;
extern char *audit_build_query(AuditTarget target, uint64 mask, const char *source,
							   AuditQueryMode mode);

/* audit_pass.c */
extern void audit_item_pass(TriggerData *trigdata, AuditPass *pass);

/* audit_cache.c */
extern void audit_init(void);
extern uint64 audit_enabled_kinds(void);
extern SPIPlanPtr audit_cached_plan(AuditTarget target, uint64 mask, const char *source);

/* audit_trigger.c */
extern void medins_check_statement_trigger(FunctionCallInfo fcinfo, const char *funcname,
										   bool needs_new_table);
extern const char *medins_new_table_name(TriggerData *trigdata);
extern bool medins_new_table_is_empty(TriggerData *trigdata);
extern bool medins_restoring(void);
extern bool medins_statement_trigger_begin(FunctionCallInfo fcinfo, const char *funcname);

#endif							/* MEDINS_AUDIT_H */
