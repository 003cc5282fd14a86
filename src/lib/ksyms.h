/* Kernel symbols, embedded at build time from the linked kernel's own `nm`. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/* The function containing addr, with *offset set; NULL if none. */
const char *ksym_lookup(uint32_t addr, uint32_t *offset);

#endif
