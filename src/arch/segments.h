/* GDT layout: selectors used by C and (through asm_offsets.inc) by NASM. */
#ifndef BOOT_SEGMENTS_H
#define BOOT_SEGMENTS_H

#include <pfgate/layout.h>
#include <pfgate/abi.h>

#define GDT_NULL   0
#define GDT_KCODE  1   /* ring 0 code, flat */
#define GDT_KDATA  2   /* ring 0 data, flat */
#define GDT_UCODE  3   /* ring 3 code, flat up to 4 GiB: paging, not limits, guards the kernel */
#define GDT_UDATA  4   /* ring 3 data, flat */
#define GDT_TSS    5
#define GDT_TLS    6   /* the running process's TLS segment (a Linux program's set_thread_area) */
#define GDT_DF_TSS 7   /* the double-fault task (kernel/double_fault.c) */
#define GDT_ENTRIES 8  /* make bench's kernel appends its call gates (src/bench/doors.c) */

#define RPL_USER   3
#define SEG_KCODE  (GDT_KCODE << 3)
#define SEG_KDATA  (GDT_KDATA << 3)
#define SEG_UCODE  ((GDT_UCODE << 3) | RPL_USER)
#define SEG_UDATA  ((GDT_UDATA << 3) | RPL_USER)
#define SEG_TSS    (GDT_TSS << 3)
#define SEG_DF_TSS (GDT_DF_TSS << 3)
#define SEG_TLS    ((GDT_TLS << 3) | RPL_USER)
/*
 * What the kernel keeps in DS and ES: the user's flat data segment (base 0,
 * limit 4 GiB; its DPL 3 is usable at CPL 0), as Linux/i386 does with
 * __USER_DS. A user whose DS and ES hold it - every program but one that
 * loads its own - enters the gate with no segment load and leaves with no
 * restore (pf_entry.asm); every other entry saves the user's selectors and
 * loads this one. SS alone must be SEG_KDATA (its DPL must equal the CPL).
 */
#define SEG_KERNEL_DS SEG_UDATA

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86.h"
/* Descriptor access bits the GDT's users share (gdt.c has the rest). */
#define ACC_PRESENT    0x80
#define ACC_DPL3       0x60

/* One GDT descriptor: a segment, a TSS or a call gate (the fields' meaning differs). */
struct gdt_entry {
	uint16_t limit_lo, base_lo;
	uint8_t base_mid, access, limit_hi_flags, base_hi;
} __attribute__((packed));

void gdt_init(void);
/*
 * Make `table` (n > GDT_ENTRIES entries, the rest already filled in) the GDT:
 * the ordinary entries are copied into it, and later changes go to it. For
 * make bench's call gates.
 */
void gdt_extend(struct gdt_entry *table, unsigned n);
/* GDT_TLS in the table in use (gdt_extend moves it). */
extern struct gdt_entry *gdt_tls;
/* The running process's TLS descriptor into GDT_TLS (every switch; set_thread_area): two stores. */
static inline void gdt_set_tls(const struct gdt_entry *e) { *gdt_tls = *e; }
struct tss {
	uint32_t prev, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));
extern struct tss tss;          /* the one TSS (gdt.c) */
extern bool sysenter_follows;   /* tss_follow_sysenter's */
/* The stack a trap from ring 3 lands on (and sysenter's, once it follows): inline, on every switch. */
static inline void tss_set_kernel_stack(uint32_t esp0)
{
	tss.esp0 = esp0;
	if (sysenter_follows)
		wrmsr(MSR_SYSENTER_ESP, esp0);
}
/* The top of the running process's kernel stack (where a trap from ring 3 builds its frame). */
uint32_t tss_kernel_stack(void);
/*
 * The double-fault task's TSS: a task switch to it loads EIP, ESP (a stack
 * of its own), CR3 and flat kernel segments, with interrupts off.
 */
void gdt_set_double_fault_task(uint32_t eip, uint32_t esp, uint32_t cr3);
/* What the task switch saved of the interrupted task (in the main TSS). */
struct tss_saved { uint32_t eip, esp, ebp, eflags, cs; };
void tss_saved_state(struct tss_saved *out);
/* Also keep IA32_SYSENTER_ESP equal to esp0 (once the sysenter MSRs are set up: boot/cpu.c). */
void tss_follow_sysenter(bool on);
#endif

#endif
