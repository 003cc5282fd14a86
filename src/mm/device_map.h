/*
 * Device memory the direct map does not reach (a framebuffer's PCI BAR is
 * usually far above 896 MiB): mapped once at boot into the kernel half above
 * the direct map, with 4 MiB pages, before the first address space copies the
 * kernel's directory.
 */
#ifndef MM_DEVICE_MAP_H
#define MM_DEVICE_MAP_H

#include <stdint.h>
#include "mm/direct_map.h"

#define DEVICE_WINDOW_BASE (KERNEL_BASE + DIRECT_MAP_SIZE)   /* 0xF8000000 */
#define DEVICE_WINDOW_END  0xFFC00000u   /* the last 4 MiB stay unmapped: a wrap-around guard */

/*
 * Map physical [phys, phys + len) for the kernel; returns its virtual address,
 * or NULL if it lies above 4 GiB (no PAE) or the window is full. Boot only:
 * address spaces created before the call would not see the mapping.
 */
void *device_map(uint64_t phys, uint32_t len);

#endif
