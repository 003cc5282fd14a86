/*
 * The kernel's direct map: physical [0, DIRECT_MAP_SIZE) at KERNEL_BASE, in
 * 4 MiB pages. Frames above it are not used (like Linux's highmem without
 * kmap); the rest of the upper half is left for later mappings.
 */
#ifndef MM_DIRECT_MAP_H
#define MM_DIRECT_MAP_H

#include <pfgate/layout.h>

#define DIRECT_MAP_SIZE 0x38000000u    /* 896 MiB */

/*
 * The kernel half above the direct map, in address order, each region on
 * whole directory entries: the guarded kernel stacks (mm/kstack.h), then the
 * window for device memory (mm/device_map.h), then 4 MiB left unmapped at the
 * top as a wrap-around guard.
 */
#define KSTACK_AREA        (KERNEL_BASE + DIRECT_MAP_SIZE)
#define KSTACK_AREA_SIZE   PDE_SPAN
#define DEVICE_WINDOW_BASE (KSTACK_AREA + KSTACK_AREA_SIZE)
#define DEVICE_WINDOW_END  0xFFC00000u

#define P2V(pa) ((void *)((uint32_t)(pa) + KERNEL_BASE))
#define V2P(va) ((uint32_t)(va) - KERNEL_BASE)

#endif
