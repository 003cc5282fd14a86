/* Turning the multiboot memory map into regions for the frame pool. */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include "mm/frames.h"

/*
 * Parse a multiboot mmap buffer (len bytes) into at most max regions.
 * Stops at a malformed entry (size too small or running past the buffer).
 * Returns the number of regions written; *ram_top gets the end of the highest
 * available range.
 */
unsigned memmap_parse(const void *buf, uint32_t len, struct mem_region *out, unsigned max, uint64_t *ram_top);

#endif
