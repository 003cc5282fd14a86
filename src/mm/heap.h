/*
 * Kernel heap. Small requests come from per-size-class slabs of one page
 * each; larger ones get their own run of contiguous frames. Every block's
 * page starts with a header, so kfree finds it by masking the pointer, and a
 * slab page whose objects are all free goes back to the frame pool: the
 * free-frame count returns to its start when everything is freed.
 */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Page source for the heap: the kernel's frame pool, or a host test's pages. */
struct heap_pages {
	void *(*alloc)(uint32_t npages, void *ctx);   /* page-aligned, or NULL */
	void (*free)(void *p, uint32_t npages, void *ctx);
	void *ctx;
};

#define HEAP_CLASSES 8   /* 16, 32, ..., 2048 bytes */

struct heap_slab;
struct heap {
	struct heap_pages pages;
	struct heap_slab *partial[HEAP_CLASSES];   /* slabs with free objects */
	uint32_t pages_in_use;
	uint32_t bytes_requested;
};

void heap_init(struct heap *h, const struct heap_pages *pages);
/* NULL for size 0 or when pages run out. Returned memory is 16-byte aligned. */
void *heap_alloc(struct heap *h, size_t size);
/* NULL is ignored; a pointer the heap did not hand out panics via heap_bad_free. */
void heap_free(struct heap *h, void *p);
/* Usable size of an allocation. */
size_t heap_usable(void *p);
/* Called on an invalid free; the kernel panics, host tests record it. */
void heap_bad_free(void *p, const char *why);

/* The kernel's heap on the frame pool. */
void kheap_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
struct heap *kheap(void);

#endif
