/*
 * The clocks of the vDSO's data page (linux/vvar.h): one frame, made at
 * boot, shared read-only by every Linux process, rewritten at every tick.
 */
#ifndef LINUX_VCLOCK_H
#define LINUX_VCLOCK_H

#include "mm/paging.h"

/* Boot, once, before the tick starts: the frame, and the TSC timed against the PIT (none usable: the vDSO asks the kernel). */
void linux_vclock_init(void);
/* Called from IRQ0 after the tick is counted: the page's times become the tick's. */
void linux_vclock_tick(void);
/* Map the page read-only at LINUX_VVAR_BASE in pgdir: 0 or -ENOMEM (nothing left mapped). */
int linux_map_vvar(pde_t *pgdir);

#endif
