#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include <stdint.h>
#include "kernel/trap_frame.h"

void idt_init(void);
/* A #PF that is not a gate call: user -> kill; kernel -> fixup or panic. */
void page_fault(struct trap_frame *tf, uint32_t cr2);

#endif
