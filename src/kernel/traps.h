#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include <stdint.h>
#include <stdbool.h>
#include "kernel/trap_frame.h"

void idt_init(void);
/* Point #PF at the logging entry (the `gatelog` boot option) or the fast one. */
void idt_set_gate_logging(bool on);
/* A #PF that is not a gate call: user -> kill; kernel -> fixup or panic. */
void page_fault(struct trap_frame *tf, uint32_t cr2);

#endif
