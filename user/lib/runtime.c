/* exit, sbrk and a first-fit malloc on sbrk. */
#include "ulib.h"

void exit(int status)
{
	sys_exit(status);
	__builtin_unreachable();
}

void *sbrk(long increment)
{
	long r = sys_sbrk(increment);
	return is_err(r) ? (void *)-1 : (void *)r;
}

/* Blocks carry their size; free blocks form a list sorted by address, merged on free. */
struct block {
	size_t size;          /* bytes after the header */
	struct block *next;   /* free list only */
};

#define ALIGN 16u
#define HDR ((sizeof(struct block) + ALIGN - 1) & ~(ALIGN - 1))
#define GROW_MIN (16u * 1024)

static struct block *free_list;

static void insert_free(struct block *b)
{
	struct block **pp = &free_list;
	while (*pp && *pp < b)
		pp = &(*pp)->next;
	b->next = *pp;
	*pp = b;
	/* Merge with the next, then with the previous. */
	if (b->next && (char *)b + HDR + b->size == (char *)b->next) {
		b->size += HDR + b->next->size;
		b->next = b->next->next;
	}
	if (pp != &free_list) {
		struct block *prev = (struct block *)((char *)pp - offsetof(struct block, next));
		if ((char *)prev + HDR + prev->size == (char *)b) {
			prev->size += HDR + b->size;
			prev->next = b->next;
		}
	}
}

void *malloc(size_t n)
{
	if (n == 0 || n > 0x40000000u)
		return NULL;
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	for (int attempt = 0; attempt < 2; attempt++) {
		for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
			struct block *b = *pp;
			if (b->size < n)
				continue;
			if (b->size >= n + HDR + ALIGN) {
				struct block *rest = (struct block *)((char *)b + HDR + n);
				rest->size = b->size - n - HDR;
				rest->next = b->next;
				b->size = n;
				*pp = rest;
			} else {
				*pp = b->next;
			}
			return (char *)b + HDR;
		}
		/*
		 * Keep blocks aligned even if the break was not (a program may
		 * sbrk odd amounts itself): ask for the padding too and skip it.
		 */
		size_t pad = (ALIGN - (size_t)sbrk(0) % ALIGN) % ALIGN;
		size_t grow = n + HDR > GROW_MIN ? n + HDR : GROW_MIN;
		char *mem = sbrk((long)(grow + pad));
		if (mem == (void *)-1)
			return NULL;
		struct block *b = (struct block *)(mem + pad);
		b->size = grow - HDR;
		insert_free(b);
	}
	return NULL;
}

void free(void *p)
{
	if (p)
		insert_free((struct block *)((char *)p - HDR));
}

unsigned long free_frames(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? si.free_frames : 0;
}

unsigned long nproc(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? si.nproc : 0;
}

long mmap6(void *addr, unsigned long len, unsigned long prot, unsigned long flags, long fd, unsigned long pgoff)
{
	struct pf_mmap req = { (unsigned long)addr, len, prot, flags, fd, pgoff };
	return sys_mmap(&req);
}
