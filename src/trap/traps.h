#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include <stdint.h>
#include <stdbool.h>
#include "trap/trap_frame.h"

void idt_init(void);
enum gate_entry {
	GATE_ENTRY_IRET,      /* fast path, returns by iret */
	GATE_ENTRY_SYSEXIT,   /* fast path, returns by sysexit where EFLAGS allow */
	GATE_ENTRY_LOGGED,    /* the full save, every call logged (`gatelog`) */
	GATE_ENTRY_DECLINING, /* a test: the stub declines every good call (`gatedecline`: the tripwire fires) */
};
void idt_set_gate_entry(enum gate_entry e);
/* An interrupt gate ring 3 may use (the int 0x80 comparison door). */
void idt_set_user_gate(unsigned vector, uint32_t handler);
/* A task gate: the vector switches to the task of that TSS (the #DF task). */
void idt_set_task_gate(unsigned vector, uint16_t tss_selector);
/*
 * Kernel code a user's single step can land on besides the sysenter target
 * (trap.c): make bench's call-gate stubs. A #DB there clears TF and goes on.
 */
void trap_add_step_landings(bool (*is_landing)(uint32_t eip));
/* A #PF that is not a gate call: user -> kill; kernel -> fixup or panic. */
void page_fault(struct trap_frame *tf, uint32_t cr2);

#endif
