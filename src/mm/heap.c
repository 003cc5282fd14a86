/* Pure C: the kernel feeds it frames, host tests feed it aligned_alloc pages. */
#include "mm/heap.h"
#include <pfgate/layout.h>
#include <stdbool.h>

#define SLAB_MAGIC  0x51AB51ABu
#define LARGE_MAGIC 0x1A46E000u
#define MIN_SHIFT   4
/* Keeps objects 16-byte aligned. 32 on i386; 64 where pointers are 8 bytes (host tests). */
#define HEADER_SIZE (sizeof(void *) == 4 ? 32u : 64u)

struct free_obj {
	struct free_obj *next;
};

struct heap_slab {
	uint32_t magic;
	uint32_t cls;           /* size class, or npages for a large block */
	uint32_t in_use;
	struct free_obj *free;
	struct heap_slab *prev, *next;   /* in h->partial[cls] */
	struct heap *owner;
};
_Static_assert(sizeof(struct heap_slab) <= HEADER_SIZE, "slab header fits its slot");

static uint32_t class_size(uint32_t cls) { return 1u << (cls + MIN_SHIFT); }

static int size_class(size_t size)
{
	for (uint32_t c = 0; c < HEAP_CLASSES; c++)
		if (size <= class_size(c))
			return (int)c;
	return -1;
}

void heap_init(struct heap *h, const struct heap_pages *pages)
{
	h->pages = *pages;
	for (int c = 0; c < HEAP_CLASSES; c++)
		h->partial[c] = NULL;
	h->pages_in_use = 0;
	h->bytes_requested = 0;
}

static void list_remove(struct heap *h, struct heap_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		h->partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
}

static void list_push(struct heap *h, struct heap_slab *s)
{
	s->prev = NULL;
	s->next = h->partial[s->cls];
	if (s->next)
		s->next->prev = s;
	h->partial[s->cls] = s;
}

static struct heap_slab *slab_new(struct heap *h, uint32_t cls)
{
	struct heap_slab *s = h->pages.alloc(1, h->pages.ctx);
	if (!s)
		return NULL;
	h->pages_in_use++;
	s->magic = SLAB_MAGIC;
	s->cls = cls;
	s->in_use = 0;
	s->free = NULL;
	s->owner = h;
	uint32_t sz = class_size(cls);
	char *first = (char *)s + (HEADER_SIZE > sz ? HEADER_SIZE : sz);
	for (char *o = (char *)s + PAGE_SIZE - sz; o >= first; o -= sz) {
		struct free_obj *f = (struct free_obj *)o;
		f->next = s->free;
		s->free = f;
	}
	list_push(h, s);
	return s;
}

void *heap_alloc(struct heap *h, size_t size)
{
	if (size == 0)
		return NULL;
	int cls = size_class(size);
	if (cls < 0) {
		if (size > 0x10000000u)
			return NULL;
		uint32_t npages = (uint32_t)((size + HEADER_SIZE + PAGE_SIZE - 1) / PAGE_SIZE);
		struct heap_slab *s = h->pages.alloc(npages, h->pages.ctx);
		if (!s)
			return NULL;
		h->pages_in_use += npages;
		s->magic = LARGE_MAGIC;
		s->cls = npages;
		s->in_use = 1;
		s->owner = h;
		h->bytes_requested += size;
		return (char *)s + HEADER_SIZE;
	}
	struct heap_slab *s = h->partial[cls];
	if (!s && !(s = slab_new(h, (uint32_t)cls)))
		return NULL;
	struct free_obj *o = s->free;
	s->free = o->next;
	s->in_use++;
	if (!s->free)
		list_remove(h, s);
	h->bytes_requested += size;
	return o;
}

static struct heap_slab *slab_of(void *p)
{
	return (struct heap_slab *)((uintptr_t)p & ~(uintptr_t)PAGE_OFFSET_MASK);
}

size_t heap_usable(void *p)
{
	struct heap_slab *s = slab_of(p);
	if (s->magic == LARGE_MAGIC)
		return s->cls * PAGE_SIZE - HEADER_SIZE;
	return class_size(s->cls);
}

void heap_free(struct heap *h, void *p)
{
	if (!p)
		return;
	struct heap_slab *s = slab_of(p);
	if (s->owner != h || (s->magic != SLAB_MAGIC && s->magic != LARGE_MAGIC)) {
		heap_bad_free(p, "not a heap block");
		return;
	}
	uintptr_t off = (uintptr_t)p - (uintptr_t)s;
	if (s->magic == LARGE_MAGIC) {
		if (off != HEADER_SIZE || s->in_use != 1) {
			heap_bad_free(p, "not the start of a large block, or freed twice");
			return;
		}
		uint32_t npages = s->cls;
		s->magic = 0;
		s->in_use = 0;
		h->pages_in_use -= npages;
		h->pages.free(s, npages, h->pages.ctx);
		return;
	}
	uint32_t sz = class_size(s->cls);
	if (off < HEADER_SIZE || off % sz) {
		heap_bad_free(p, "not the start of an object");
		return;
	}
	for (struct free_obj *f = s->free; f; f = f->next)
		if (f == p) {
			heap_bad_free(p, "freed twice");
			return;
		}
	struct free_obj *o = p;
	bool was_full = s->free == NULL;
	o->next = s->free;
	s->free = o;
	s->in_use--;
	if (was_full)
		list_push(h, s);
	if (s->in_use == 0) {
		list_remove(h, s);
		s->magic = 0;
		h->pages_in_use--;
		h->pages.free(s, 1, h->pages.ctx);
	}
}
