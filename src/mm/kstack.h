/*
 * Kernel stacks with a guard page below each: one slot per process-table
 * entry in a region of the upper half above the direct map, [unmapped guard
 * page][KSTACK_PAGES mapped pages]. The region has one page table of its
 * own, installed in the kernel's directory at boot (before any address space
 * copies the kernel half), so every address space sees every stack. After
 * the process slots, the same way: the boot stack (kmain's from kstack_init
 * on, and the scheduler's), [guard page][BOOT_STACK_SIZE]. A stack that
 * overflows runs into its guard: the #PF cannot be delivered on that stack,
 * and the #DF task (double_fault.c) reports it.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/layout.h>
#include "mm/direct_map.h"
#include "lib/params.h"

#define KSTACK_SLOT_SIZE ((KSTACK_PAGES + 1) * PAGE_SIZE)   /* the guard page, then the stack */

/* Install the region's page table in kernel_page_dir. Before the first vm_create. */
void kstack_init(void);
/* Map slot's stack on fresh frames; its lowest address, or 0 when out of frames. */
uint32_t kstack_alloc(unsigned slot);
/* Unmap slot's stack and free its frames. */
void kstack_free(unsigned slot);
/* Is addr in a slot's guard page? Then *slot says whose. */
bool kstack_guard_hit(uint32_t addr, unsigned *slot);
/* Is [addr, addr + len) mapped stack memory (for backtraces)? */
bool kstack_mapped(uint32_t addr, uint32_t len);
/* The lowest address of slot's stack (mapped or not). */
static inline uint32_t kstack_base(unsigned slot) { return KSTACK_AREA + slot * KSTACK_SLOT_SIZE + PAGE_SIZE; }

/* The boot stack: after the last slot, a guard page, then BOOT_STACK_SIZE bytes. */
#define KSTACK_BOOT_BASE (KSTACK_AREA + NPROC * KSTACK_SLOT_SIZE + PAGE_SIZE)
#define KSTACK_BOOT_TOP  (KSTACK_BOOT_BASE + BOOT_STACK_SIZE)
/* Map the boot stack on fresh frames (once, after kstack_init); its top, or 0 when out of frames. */
uint32_t kstack_boot_alloc(void);
/* Is addr in the boot stack's guard page? */
static inline bool kstack_boot_guard_hit(uint32_t addr)
{
	return addr >= KSTACK_BOOT_BASE - PAGE_SIZE && addr < KSTACK_BOOT_BASE;
}

#endif
