/*
 * SMEP and SMAP: the CPU keeps the kernel off user pages. SMEP: the kernel
 * never executes from a user page. SMAP: the kernel never reads or writes a
 * user page, except inside the user-access window, which only the
 * user-access primitives (mm/uaccess.c) and the gate stub's return-address
 * load (trap/pf_entry.asm) open: stac sets EFLAGS.AC, clac clears it.
 * Every kernel entry closes the window first (trap/trap_frame.inc), since
 * AC is a user-settable flag.
 *
 * stac and clac are #UD on a CPU without SMAP. So each one is written
 * through this pair (or the NASM pair in boot/smap.inc), which records its
 * address in .smap_sites; smap_patch_boot turns every site into a 3-byte NOP
 * when SMAP is absent or off. Patched rather than tested against a flag: a
 * patched site costs one instruction (the NOP), with no extra load or branch.
 * The fast paths do not pay even that: the lean gate entries and doors are
 * assembled a second time without their sites (boot/smap.inc), and the boot
 * installs that copy when SMAP is off (cpu_smap_on() is then false).
 */
#ifndef KERNEL_SMAP_H
#define KERNEL_SMAP_H

#include <stdbool.h>

static inline void user_access_begin(void)
{
	__asm__ volatile("1:	stac\n"
			 "	.pushsection .smap_sites, \"a\"\n"
			 "	.long 1b\n"
			 "	.popsection" ::: "memory", "cc");
}

static inline void user_access_end(void)
{
	__asm__ volatile("1:	clac\n"
			 "	.pushsection .smap_sites, \"a\"\n"
			 "	.long 1b\n"
			 "	.popsection" ::: "memory", "cc");
}

/* Before anything can trap: NOP out every stac/clac site if this CPU has no SMAP. */
void smap_patch_boot(void);
/* Turn on what the CPU has and the command line allows (nosmep, nosmap). */
void cpu_protect_init(bool allow_smep, bool allow_smap);
/* The banner's line: "cpu: SMEP on, SMAP on ..." (or off, and why). */
void cpu_protect_banner(void);
bool cpu_smep_on(void);
bool cpu_smap_on(void);

#endif
