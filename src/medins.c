/*-------------------------------------------------------------------------
 *
 * medins.c
 *	  Module entry point of medins: Chinese basic medical insurance (医保)
 *	  settlement and audit inside PostgreSQL.
 *
 * _PG_init only calls each part's init function; every concept lives in a
 * file of its own under src/.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "medins.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Called once per backend when the library is loaded. */
void
_PG_init(void)
{
	medins_init_parts();

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("medins");
#else
	EmitWarningsOnPlaceholders("medins");
#endif
}
