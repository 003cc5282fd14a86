/*
 * The kernel's direct map: physical [0, DIRECT_MAP_SIZE) at KERNEL_BASE, in
 * 4 MiB pages. Frames above it are not used (like Linux's highmem without
 * kmap); the rest of the upper half is left for later mappings.
 */
#ifndef MM_DIRECT_MAP_H
#define MM_DIRECT_MAP_H

#include <pfgate/layout.h>

#define DIRECT_MAP_SIZE 0x38000000u    /* 896 MiB */

#define P2V(pa) ((void *)((uint32_t)(pa) + KERNEL_BASE))
#define V2P(va) ((uint32_t)(va) - KERNEL_BASE)

#endif
