#ifndef KERNEL_BOOT_PROGRAMS_H
#define KERNEL_BOOT_PROGRAMS_H

#include <stdbool.h>

/* What happens when the last program is done. */
enum boot_end {
	BOOT_END_IDLE,        /* stay up, idle */
	BOOT_END_TEST_EXIT,   /* `testexit`: pass/fail exit code (QEMU isa-debug-exit, Bochs shutdown) */
	BOOT_END_POWEROFF,    /* `poweroff`: ACPI soft-off */
};

/* Start the programs of run=... one after another, then do `end`; then init (if not NULL), kept alive. */
void boot_programs_init(const char *list, const char *init, enum boot_end end);

#endif
