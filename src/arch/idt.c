/* The IDT: CPU exceptions and PIC IRQs through generated stubs; #PF through pf_entry. */
#include "arch/traps.h"
#include "arch/smap.h"
#include "arch/segments.h"
#include <stdint.h>
#include <stdbool.h>

#define IDT_ENTRIES 256
#define IDT_INT_GATE32  0x8E   /* present, DPL 0, 32-bit interrupt gate: IF cleared on entry */
#define IDT_INT_GATE32_USER 0xEE   /* the same, DPL 3: ring 3 may `int` to it */

struct idt_entry {
	uint16_t offset_lo, selector;
	uint8_t zero, type_attr;
	uint16_t offset_hi;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static struct idt_entry idt[IDT_ENTRIES];
extern const uint32_t trap_stubs[T_VECTORS];
extern char pf_entry[], pf_entry_sysexit[], pf_entry_logged[], pf_entry_declining[];
extern char pf_entry_nosmap[], pf_entry_sysexit_nosmap[];

static void set_idt_gate(unsigned v, uint32_t handler, uint8_t type)
{
	idt[v].offset_lo = handler & 0xFFFF;
	idt[v].selector = SEG_KCODE;
	idt[v].zero = 0;
	idt[v].type_attr = type;
	idt[v].offset_hi = handler >> 16;
}

#define IDT_TASK_GATE 0x85   /* present, DPL 0, task gate: the selector is a TSS, no offset */

void idt_set_task_gate(unsigned vector, uint16_t tss_selector)
{
	set_idt_gate(vector, 0, IDT_TASK_GATE);
	idt[vector].selector = tss_selector;
}

uint32_t idt_handler(unsigned vector)
{
	return idt[vector].offset_lo | (uint32_t)idt[vector].offset_hi << 16;
}

void idt_set_user_int_gate(unsigned vector, uint32_t handler)
{
	set_idt_gate(vector, handler, IDT_INT_GATE32_USER);
}

/*
 * Which #PF entry: the lean one returning by iret or by sysexit, the one that
 * logs every call, or the test's. The lean ones in the copy that matches
 * SMAP (pf_entry.asm: the _nosmap copy has no user-access window to open);
 * the other two are slow paths and keep their sites, patched when SMAP is off.
 */
void idt_set_pf_gate_entry(enum pf_gate_entry e)
{
	static char *const entries[][2] = {
		[PF_GATE_ENTRY_IRET] = { pf_entry_nosmap, pf_entry },
		[PF_GATE_ENTRY_SYSEXIT] = { pf_entry_sysexit_nosmap, pf_entry_sysexit },
		[PF_GATE_ENTRY_LOGGED] = { pf_entry_logged, pf_entry_logged },
		[PF_GATE_ENTRY_DECLINING] = { pf_entry_declining, pf_entry_declining },
	};
	set_idt_gate(T_PAGE_FAULT, (uint32_t)entries[e][cpu_smap_on()], IDT_INT_GATE32);
}

/*
 * All IDT gates are interrupt gates with DPL 0: ring 3 cannot `int` into any of
 * them (it gets #GP), and the kernel always starts a trap with IF clear. The
 * one exception is the int 0x80 comparison door (idt_set_user_int_gate), and only
 * when the `doors` boot option installs it.
 */
void idt_init(void)
{
	for (unsigned v = 0; v < T_VECTORS; v++)
		set_idt_gate(v, trap_stubs[v], IDT_INT_GATE32);
	idt_set_pf_gate_entry(PF_GATE_ENTRY_IRET);
	struct idt_ptr p = { sizeof idt - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" : : "m"(p));
}
