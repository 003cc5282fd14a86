/* The kernel heap on the frame pool (through the direct map). */
#include "mm/heap.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "kernel/panic.h"
#include "kernel/string.h"

static struct heap kernel_heap;

static void *pages_alloc(uint32_t npages, void *ctx)
{
	(void)ctx;
	uint32_t pa = npages == 1 ? frame_alloc() : frame_alloc_contig(npages);
	return pa ? P2V(pa) : NULL;
}

static void pages_free(void *p, uint32_t npages, void *ctx)
{
	(void)ctx;
	for (uint32_t i = 0; i < npages; i++)
		frame_free(V2P(p) + i * PAGE_SIZE);
}

void heap_bad_free(void *p, const char *why)
{
	panic("kfree(%p): %s", p, why);
}

void kheap_init(void)
{
	struct heap_pages src = { pages_alloc, pages_free, NULL };
	heap_init(&kernel_heap, &src);
}

void *kmalloc(size_t size) { return heap_alloc(&kernel_heap, size); }

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p) { heap_free(&kernel_heap, p); }
struct heap *kheap(void) { return &kernel_heap; }
