/* Kernel heap (heap.c) on a host page source built on aligned_alloc. */
#include "host_test.h"
#include "mm/heap.h"
#include <pfgate/layout.h>

/* ---- page source: aligned_alloc pages, counted, with an optional limit ---- */

#define MAX_HELD 64

struct pagesrc {
	uint32_t pages;       /* pages currently handed to the heap */
	uint32_t limit;       /* alloc fails beyond this many pages (0: no limit) */
	uint32_t allocs, frees;
	bool bad_free_seen;   /* the heap returned a page run it did not get, or with another size */
	/*
	 * Quarantine: freed runs are kept (not returned to libc) until teardown,
	 * so that tests can hand the heap stale pointers into them without a
	 * use-after-free in the test itself.
	 */
	bool quarantine;
	void *held[MAX_HELD];
	unsigned nheld;
};

/* Runs currently handed out, with their sizes, to check what the heap gives back. */
static struct {
	void *p;
	uint32_t n;
} runs[1 << 14];
static unsigned nruns;

static void *src_alloc(uint32_t npages, void *ctx)
{
	struct pagesrc *s = ctx;
	if (s->limit && s->pages + npages > s->limit)
		return NULL;
	void *p = aligned_alloc(PAGE_SIZE, (size_t)npages * PAGE_SIZE);
	assert_non_null(p);
	/* Garbage, so that the heap cannot rely on zeroed pages. */
	memset(p, 0xA5, (size_t)npages * PAGE_SIZE);
	s->pages += npages;
	s->allocs++;
	assert_true(nruns < ARRAY_LEN(runs));
	runs[nruns].p = p;
	runs[nruns].n = npages;
	nruns++;
	return p;
}

static void src_free(void *p, uint32_t npages, void *ctx)
{
	struct pagesrc *s = ctx;
	unsigned i;
	for (i = 0; i < nruns; i++)
		if (runs[i].p == p)
			break;
	if (i == nruns || runs[i].n != npages) {
		s->bad_free_seen = true;
		return;
	}
	runs[i] = runs[--nruns];
	s->pages -= npages;
	s->frees++;
	/*
	 * Quarantined runs keep their bytes, like a frame back in the pool but not
	 * yet reused: a stale free must be caught by what the heap itself wrote.
	 */
	if (s->quarantine && s->nheld < MAX_HELD)
		s->held[s->nheld++] = p;
	else
		free(p);
}

static struct pagesrc src;
static struct heap heap;

/* heap_bad_free: the kernel panics; here we record the call. */
static unsigned bad_frees;
static void *last_bad;
static const char *last_why;

void heap_bad_free(void *p, const char *why)
{
	bad_frees++;
	last_bad = p;
	last_why = why;
}

static int setup(void **state)
{
	(void)state;
	memset(&src, 0, sizeof src);
	nruns = 0;
	bad_frees = 0;
	last_bad = NULL;
	last_why = NULL;
	struct heap_pages hp = { src_alloc, src_free, &src };
	heap_init(&heap, &hp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < src.nheld; i++)
		free(src.held[i]);
	/* Anything the heap still holds (a test that failed midway). */
	for (unsigned i = 0; i < nruns; i++)
		free(runs[i].p);
	nruns = 0;
	src.nheld = 0;
	return 0;
}

/* Everything freed: the heap holds no pages and the source got every page back. */
static void assert_all_returned(void)
{
	assert_int_equal(heap.pages_in_use, 0);
	assert_int_equal(src.pages, 0);
	assert_int_equal(src.allocs, src.frees);
	assert_false(src.bad_free_seen);
	for (int c = 0; c < HEAP_CLASSES; c++)
		assert_null(heap.partial[c]);
}

/* Size 0 gives NULL and takes no page; freeing NULL is a no-op. */
static void test_zero_and_null(void **state)
{
	(void)state;
	assert_null(heap_alloc(&heap, 0));
	assert_int_equal(src.pages, 0);
	heap_free(&heap, NULL);
	assert_int_equal(bad_frees, 0);
}

/* Every size up to 3 pages: 16-byte aligned, usable >= requested, memory writable. */
static void test_alignment_and_usable(void **state)
{
	(void)state;
	for (size_t size = 1; size <= 3 * PAGE_SIZE; size += (size < 300 ? 1 : 61)) {
		unsigned char *p = heap_alloc(&heap, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		size_t u = heap_usable(p);
		if (u < size)
			fail_msg("size %zu: usable %zu", size, u);
		memset(p, 0x11, u);   /* ASan catches a usable size that overstates the block */
		heap_free(&heap, p);
	}
	assert_int_equal(bad_frees, 0);
	assert_all_returned();
}

/* Small sizes round to their power-of-two class; the class edges are exact. */
static void test_size_classes(void **state)
{
	(void)state;
	static const size_t sizes[][2] = {
		{ 1, 16 }, { 16, 16 }, { 17, 32 }, { 32, 32 }, { 33, 64 }, { 100, 128 },
		{ 257, 512 }, { 1024, 1024 }, { 1025, 2048 }, { 2048, 2048 },
	};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		void *p = heap_alloc(&heap, sizes[i][0]);
		assert_non_null(p);
		assert_int_equal(heap_usable(p), sizes[i][1]);
		heap_free(&heap, p);
	}
	assert_all_returned();
}

/* Objects of one class share a page, are distinct and do not overlap. */
static void test_slab_packing(void **state)
{
	(void)state;
	void *p[300];
	for (int i = 0; i < 300; i++) {
		p[i] = heap_alloc(&heap, 16);
		assert_non_null(p[i]);
		memset(p[i], i & 0xFF, 16);
	}
	/* 300 16-byte objects fit in a handful of pages, not 300. */
	assert_true(heap.pages_in_use <= 2);
	for (int i = 0; i < 300; i++)
		for (int k = 0; k < 16; k++)
			assert_int_equal(((unsigned char *)p[i])[k], i & 0xFF);
	for (int i = 0; i < 300; i++)
		heap_free(&heap, p[i]);
	assert_int_equal(bad_frees, 0);
	assert_all_returned();
}

/* Larger than 2048: its own page run, usable >= size, returned in full on free. */
static void test_large(void **state)
{
	(void)state;
	static const size_t sizes[] = { 2049, 4096 - 32, 4096 - 31, 4096, 10000, 65536, 1 << 20 };
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		unsigned char *p = heap_alloc(&heap, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(heap_usable(p) >= sizes[i]);
		/* The block starts after a page header: 16-byte aligned, 32 bytes on i386, at most 64. */
		size_t hdr = (uintptr_t)p & PAGE_OFFSET_MASK;
		assert_true(hdr >= 32 && hdr <= 64);
		uint32_t want_pages = (uint32_t)((sizes[i] + hdr + PAGE_SIZE - 1) / PAGE_SIZE);
		assert_int_equal(heap.pages_in_use, want_pages);
		assert_int_equal(src.pages, want_pages);
		memset(p, 0x77, heap_usable(p));
		heap_free(&heap, p);
		assert_all_returned();
	}
	assert_int_equal(bad_frees, 0);
}

/* Absurd sizes fail cleanly instead of overflowing the page count. */
static void test_huge_sizes(void **state)
{
	(void)state;
	assert_null(heap_alloc(&heap, 0x10000001u));
	assert_null(heap_alloc(&heap, SIZE_MAX));
	assert_null(heap_alloc(&heap, SIZE_MAX - 4095));
	assert_int_equal(src.pages, 0);
	assert_int_equal(src.allocs, 0);
}

/* When the page source runs dry, alloc returns NULL and the heap stays usable. */
static void test_out_of_pages(void **state)
{
	(void)state;
	src.limit = 3;
	void *big = heap_alloc(&heap, 4 * PAGE_SIZE);
	assert_null(big);
	void *a = heap_alloc(&heap, 2048);   /* one object per page at this class */
	void *b = heap_alloc(&heap, 2048);
	void *c = heap_alloc(&heap, 2048);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_null(heap_alloc(&heap, 2048));
	assert_null(heap_alloc(&heap, 16));
	assert_null(heap_alloc(&heap, 3000));
	assert_int_equal(heap.pages_in_use, 3);
	heap_free(&heap, b);
	void *d = heap_alloc(&heap, 16);
	assert_non_null(d);
	heap_free(&heap, a);
	heap_free(&heap, c);
	heap_free(&heap, d);
	assert_int_equal(bad_frees, 0);
	assert_all_returned();
}

/* Freeing a small object twice is reported, and the heap state is unchanged by it. */
static void test_double_free_small(void **state)
{
	(void)state;
	void *keep = heap_alloc(&heap, 64);   /* keeps the slab page alive */
	void *p = heap_alloc(&heap, 64);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 0);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 1);
	assert_ptr_equal(last_bad, p);
	assert_non_null(last_why);
	/* p is handed out once, not twice. */
	void *x = heap_alloc(&heap, 64);
	void *y = heap_alloc(&heap, 64);
	assert_ptr_not_equal(x, y);
	heap_free(&heap, x);
	heap_free(&heap, y);
	heap_free(&heap, keep);
	assert_int_equal(bad_frees, 1);
	assert_all_returned();
}

/* A double free after the slab page went back to the source is still caught. */
static void test_double_free_after_page_returned(void **state)
{
	(void)state;
	src.quarantine = true;
	void *p = heap_alloc(&heap, 32);
	heap_free(&heap, p);
	assert_int_equal(src.pages, 0);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 1);
	assert_false(src.bad_free_seen);
	assert_int_equal(src.frees, 1);
}

/* Freeing a large block twice is caught and does not return its pages twice. */
static void test_double_free_large(void **state)
{
	(void)state;
	src.quarantine = true;
	void *p = heap_alloc(&heap, 3 * PAGE_SIZE);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 0);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 1);
	assert_ptr_equal(last_bad, p);
	assert_int_equal(src.frees, 1);
	assert_false(src.bad_free_seen);
}

/* Pointers into the middle of an object, the slab header or a large block are refused. */
static void test_interior_pointers(void **state)
{
	(void)state;
	char *small = heap_alloc(&heap, 64);
	char *large = heap_alloc(&heap, 3 * PAGE_SIZE);
	char *slab = (char *)((uintptr_t)small & ~(uintptr_t)PAGE_OFFSET_MASK);
	uint32_t pages = heap.pages_in_use;
	char *bad[] = { small + 1, small + 16, small + 63, slab, slab + 8, large + 16, large - 16, large + PAGE_SIZE, large + 2 * PAGE_SIZE - 32 };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		heap_free(&heap, bad[i]);
		assert_int_equal(bad_frees, i + 1);
		assert_ptr_equal(last_bad, bad[i]);
	}
	/* None of that disturbed the real blocks. */
	assert_int_equal(heap.pages_in_use, pages);
	assert_int_equal(src.pages, pages);
	heap_free(&heap, small);
	heap_free(&heap, large);
	assert_int_equal(bad_frees, ARRAY_LEN(bad));
	assert_all_returned();
}

/* A pointer the heap never handed out (another heap's block, a zeroed page) is refused. */
static void test_foreign_pointers(void **state)
{
	(void)state;
	/* A page that is not the heap's at all. */
	char *page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(page);
	memset(page, 0, PAGE_SIZE);
	heap_free(&heap, page + 64);
	assert_int_equal(bad_frees, 1);
	/* One whose header looks like a slab's but belongs to nobody we know. */
	memset(page, 0xA5, PAGE_SIZE);
	heap_free(&heap, page + 64);
	assert_int_equal(bad_frees, 2);

	/* A block from a second heap freed into the first. */
	struct heap other;
	struct heap_pages hp = { src_alloc, src_free, &src };
	heap_init(&other, &hp);
	void *p = heap_alloc(&other, 48);
	heap_free(&heap, p);
	assert_int_equal(bad_frees, 3);
	assert_ptr_equal(last_bad, p);
	heap_free(&other, p);   /* the right heap takes it */
	assert_int_equal(bad_frees, 3);
	assert_int_equal(other.pages_in_use, 0);
	free(page);
	assert_all_returned();
}

/* Thousands of random allocs/frees with fill patterns: no overlap, no corruption, all pages back. */
static void test_random_stress(void **state)
{
	(void)state;
	enum { SLOTS = 512, OPS = 40000 };
	static unsigned char *ptr[SLOTS];
	static size_t len[SLOTS];
	memset(ptr, 0, sizeof ptr);
	struct test_rng r;
	rng_seed(&r, 777);
	uint32_t max_pages = 0;
	for (int op = 0; op < OPS; op++) {
		unsigned i = rng_below(&r, SLOTS);
		if (ptr[i]) {
			/* Verify the pattern, then free. */
			unsigned char pat = (unsigned char)(i * 7 + len[i]);
			for (size_t k = 0; k < len[i]; k++)
				if (ptr[i][k] != pat)
					fail_msg("slot %u (size %zu) corrupted at %zu", i, len[i], k);
			heap_free(&heap, ptr[i]);
			ptr[i] = NULL;
		} else {
			uint32_t kind = rng_below(&r, 16);
			size_t size = kind < 12 ? 1 + rng_below(&r, 128) : kind < 15 ? 1 + rng_below(&r, 2048) : 2049 + rng_below(&r, 20000);
			ptr[i] = heap_alloc(&heap, size);
			assert_non_null(ptr[i]);
			assert_int_equal((uintptr_t)ptr[i] % 16, 0);
			assert_true(heap_usable(ptr[i]) >= size);
			len[i] = size;
			memset(ptr[i], (unsigned char)(i * 7 + size), size);
		}
		if (heap.pages_in_use > max_pages)
			max_pages = heap.pages_in_use;
		assert_int_equal(heap.pages_in_use, src.pages);
	}
	for (unsigned i = 0; i < SLOTS; i++)
		if (ptr[i]) {
			unsigned char pat = (unsigned char)(i * 7 + len[i]);
			for (size_t k = 0; k < len[i]; k++)
				assert_int_equal(ptr[i][k], pat);
			heap_free(&heap, ptr[i]);
		}
	assert_int_equal(bad_frees, 0);
	assert_true(max_pages > 10);   /* the stress really used the heap */
	assert_all_returned();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_zero_and_null),
		T(test_alignment_and_usable),
		T(test_size_classes),
		T(test_slab_packing),
		T(test_large),
		T(test_huge_sizes),
		T(test_out_of_pages),
		T(test_double_free_small),
		T(test_double_free_after_page_returned),
		T(test_double_free_large),
		T(test_interior_pointers),
		T(test_foreign_pointers),
		T(test_random_stress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
