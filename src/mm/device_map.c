#include "mm/device_map.h"
#include "mm/paging.h"
#include <stddef.h>

#define FOUR_GIB 0x100000000ull

_Static_assert(DEVICE_WINDOW_BASE % PDE_SPAN == 0, "the device window is whole large pages");

static uint32_t window_next = DEVICE_WINDOW_BASE;

void *device_map(uint64_t phys, uint32_t len)
{
	if (!len || phys >= FOUR_GIB || len > FOUR_GIB - phys)
		return NULL;
	uint32_t first = (uint32_t)phys & ~(PDE_SPAN - 1);
	uint64_t end = phys + len;
	uint32_t pages = (uint32_t)((end - first + PDE_SPAN - 1) / PDE_SPAN);
	if (pages > (DEVICE_WINDOW_END - window_next) / PDE_SPAN)
		return NULL;
	uint32_t va = window_next;
	/* No cache bits: the firmware's MTRRs give the framebuffer its type (write-combining, usually). */
	for (uint32_t i = 0; i < pages; i++)
		kernel_page_dir[PDX(va) + i] = (first + i * PDE_SPAN) | PTE_P | PTE_W | PTE_PS | PTE_G;
	window_next += pages * PDE_SPAN;   /* entries that were not present: no TLB entry to flush */
	return (void *)(va + ((uint32_t)phys - first));
}
