#ifndef KERNEL_BOOT_PROGRAMS_H
#define KERNEL_BOOT_PROGRAMS_H

#include <stdbool.h>

/* What happens when the last program is done. */
enum boot_end {
	BOOT_END_IDLE,        /* stay up, idle */
	BOOT_END_TEST_EXIT,   /* `testexit`: pass/fail exit code (QEMU isa-debug-exit, Bochs shutdown) */
	BOOT_END_POWEROFF,    /* `poweroff`: ACPI soft-off */
};

/*
 * The native shell (the initrd's): init when the command line names none,
 * and the fallback for an init= that cannot start while the machine stays
 * up (make run's /bin/sh is busybox's ash on the disk; the ISO alone, or a
 * disk made without busybox, has none).
 */
#define BOOT_NATIVE_SHELL "sh"

/* Start the programs of run=... one after another, then do `end`; then init (if not NULL), kept alive.
 * Each starts as a session leader with the console as its controlling terminal (tty/foreground.h). */
void boot_programs_init(const char *list, const char *init, enum boot_end end);

#endif
