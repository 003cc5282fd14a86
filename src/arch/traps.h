/*
 * The IDT (boot/idt.c) and trap handling (trap.c). Names: "gate" alone is a
 * page-fault gate, the service channel (pfgate/); an IDT entry is an IDT gate
 * (idt_set_*_gate: interrupt or task gate); make bench's GDT entries are call
 * gates (callgate, src/bench/).
 */
#ifndef TRAP_TRAPS_H
#define TRAP_TRAPS_H

#include <stdint.h>
#include <stdbool.h>
#include "arch/trap_frame.h"

void idt_init(void);
enum pf_gate_entry {
	PF_GATE_ENTRY_IRET,      /* fast path, returns by iret */
	PF_GATE_ENTRY_SYSEXIT,   /* fast path, returns by sysexit where EFLAGS allow */
	PF_GATE_ENTRY_LOGGED,    /* the full save, every call logged (`gatelog`) */
	PF_GATE_ENTRY_DECLINING, /* a test: the stub declines every good call (`gatedecline`: the tripwire fires) */
};
void idt_set_pf_gate_entry(enum pf_gate_entry e);
/* Where vector's IDT entry points (0 for a task gate). */
uint32_t idt_handler(unsigned vector);
/* An IDT interrupt gate ring 3 may `int` to (make bench's int 0x80 door). */
void idt_set_user_int_gate(unsigned vector, uint32_t handler);
/* An IDT task gate: the vector switches to the task of that TSS (the #DF task). */
void idt_set_task_gate(unsigned vector, uint16_t tss_selector);
/*
 * Kernel code a user's single step can land on besides the sysenter target
 * (trap.c): make bench's call-gate stubs. A #DB there clears TF and goes on.
 */
void trap_add_step_landings(bool (*is_landing)(uint32_t eip));
/* A #PF that is not a gate call: user -> kill; kernel -> fixup or panic. */
void page_fault(struct trap_frame *tf, uint32_t cr2);

#endif
