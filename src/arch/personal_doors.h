/*
 * The doors whose meaning depends on the running program's personality, in
 * make bench's kernel: vector 0x80 and the sysenter target each have a native
 * entry (the comparison doors: gate number in EBX) and a Linux one (Linux's
 * convention: call number in EAX, arguments in EBX..EBP), installed by the
 * measurement part (src/bench/doors.c). The switch loads the other set only
 * when the personality changes (proc/sched.c), so a switch between two native
 * processes pays nothing for it. Without the `doors` option nothing is
 * registered and both calls do nothing: vector 0x80 stays closed (#GP) and
 * sysenter stays refused.
 */
#ifndef ARCH_PERSONAL_DOORS_H
#define ARCH_PERSONAL_DOORS_H

#include <stdbool.h>
#include <stdint.h>

struct personal_doors {
	uint32_t int_entry;        /* the DPL-3 IDT entry's handler */
	uint32_t sysenter_entry;   /* IA32_SYSENTER_EIP (0: leave it) */
};

/* Register each personality's doors on `vector` (make bench's doors_init), and install the native ones. */
void personal_doors_register(unsigned vector, const struct personal_doors *native, const struct personal_doors *linux_);
/* Install the doors of the personality that is about to run (no-op with nothing registered). */
void personal_doors_load(bool linux_);

#endif
