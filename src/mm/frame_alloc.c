/* The kernel's frame pool: a static bitmap over the direct map. */
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "kernel/panic.h"
#include "kernel/string.h"

#define MAX_FRAMES (DIRECT_MAP_SIZE / PAGE_SIZE)

static uint32_t frame_bitmap[MAX_FRAMES / 32];
struct frame_pool frames;

/*
 * Build the pool from the firmware's regions; ram_top bounds the bitmap so
 * that a small machine does not scan 28 KiB of words it can never use.
 */
void frames_init(const struct mem_region *r, unsigned n, uint64_t ram_top)
{
	uint64_t top = ram_top < DIRECT_MAP_SIZE ? ram_top : DIRECT_MAP_SIZE;
	frame_pool_init(&frames, frame_bitmap, (uint32_t)(top >> PAGE_SHIFT));
	frame_pool_add_regions(&frames, r, n);
}

uint32_t frame_alloc(void)
{
	uint32_t pa = frame_pool_alloc(&frames);
	if (pa)
		memset(P2V(pa), 0, PAGE_SIZE);
	return pa;
}

void frame_free(uint32_t pa)
{
	if (!frame_pool_free(&frames, pa))
		panic("frame_free: %08x is not an allocated frame", pa);
}

uint32_t frames_free_count(void) { return frames.nfree; }
