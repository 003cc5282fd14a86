#ifndef KERNEL_BOOT_PROGRAMS_H
#define KERNEL_BOOT_PROGRAMS_H

#include <stdbool.h>

/* Start the programs of run=... one after another; with exit_when_done, end the machine after. */
void boot_programs_init(const char *list, bool exit_when_done);

#endif
