/*-------------------------------------------------------------------------
 *
 * medins.h
 *	  Declarations shared between the parts of medins.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MEDINS_H
#define MEDINS_H

/*
 * Each part that needs per-backend set-up (GUCs, cache callbacks) adds its
 * init function here and to medins_init_parts() in parts.c.
 */
extern void medins_init_parts(void);
extern void medins_icd10_init(void);

/* settlement: policy cache invalidation (src/policy_cache.c) */
extern void medins_policy_init(void);
/* audit_cache.c: the audit rules' per-backend cache */
extern void audit_init(void);

#endif							/* MEDINS_H */
