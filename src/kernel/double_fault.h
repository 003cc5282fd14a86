/*
 * The double fault (#DF) runs as a task of its own (an IDT task gate): the
 * CPU switches to a TSS with its own stack, so a #DF is reported even when
 * the kernel stack is gone, the usual cause being a kernel stack overflowing
 * into its guard page (mm/kstack.h), where the #PF cannot be delivered.
 */
#ifndef KERNEL_DOUBLE_FAULT_H
#define KERNEL_DOUBLE_FAULT_H

#include <stdint.h>

/* After gdt_init and idt_init: the #DF TSS and the task gate at vector 8. */
void double_fault_init(void);

#endif
