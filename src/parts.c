/*-------------------------------------------------------------------------
 *
 * parts.c
 *	  The list of medins parts that need per-backend initialisation.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "medins.h"

/* Runs every part's init function; called from _PG_init. */
void
medins_init_parts(void)
{
	medins_icd10_init();
	medins_policy_init();
	audit_init();
}
