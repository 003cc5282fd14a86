/* Physical frame pool (frames.c) and multiboot memory-map parsing (memmap.c). */
#include "host_test.h"
#include "mm/frames.h"
#include "mm/memmap.h"
#include "boot/multiboot.h"
#include <pfgate/layout.h>

#define MAXFRAMES 4096u   /* 16 MiB of "RAM" */
#define FR(n) ((uint64_t)(n) * PAGE_SIZE)

static uint32_t bitmap[(MAXFRAMES + 31) / 32 + 1];

/* A pool of nframes, everything in [0, nframes) available. */
static void pool_all_free(struct frame_pool *p, uint32_t nframes)
{
	frame_pool_init(p, bitmap, nframes);
	struct mem_region r = { 0, FR(nframes), true };
	frame_pool_add_regions(p, &r, 1);
}

/* Count free frames by asking is_used: must agree with nfree. */
static uint32_t count_free(const struct frame_pool *p)
{
	uint32_t n = 0;
	for (uint32_t f = 0; f < p->nframes; f++)
		n += !frame_pool_is_used(p, (uint32_t)FR(f));
	return n;
}

/* Init leaves every frame in use and nothing free. */
static void test_init_all_used(void **state)
{
	(void)state;
	struct frame_pool p;
	memset(bitmap, 0, sizeof bitmap);
	frame_pool_init(&p, bitmap, 100);
	assert_int_equal(p.nframes, 100);
	assert_int_equal(p.nfree, 0);
	for (uint32_t f = 0; f < 100; f++)
		assert_true(frame_pool_is_used(&p, (uint32_t)FR(f)));
	assert_int_equal(frame_pool_alloc(&p), 0);
	assert_int_equal(frame_pool_alloc_contig(&p, 1), 0);
}

/* An available region frees its frames, except frame 0, which is never free. */
static void test_add_available(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 64);
	assert_int_equal(p.nfree, 63);
	assert_int_equal(count_free(&p), 63);
	assert_true(frame_pool_is_used(&p, 0));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(1)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(63)));
	/* Beyond the pool counts as used. */
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(64)));
}

/* A reserved region wins over an overlapping available one, in either order. */
static void test_reserved_wins_any_order(void **state)
{
	(void)state;
	struct mem_region a[] = {
		{ FR(0), FR(64), true },
		{ FR(10), FR(5), false },
	};
	struct mem_region b[] = { a[1], a[0] };
	/* And an available range listed after, inside a reserved one. */
	struct mem_region c[] = { a[1], a[0], { FR(11), FR(2), true } };
	struct mem_region *sets[] = { a, b, c };
	unsigned counts[] = { 2, 2, 3 };
	for (unsigned s = 0; s < 3; s++) {
		struct frame_pool p;
		frame_pool_init(&p, bitmap, 64);
		frame_pool_add_regions(&p, sets[s], counts[s]);
		assert_int_equal(p.nfree, 63 - 5);
		assert_int_equal(count_free(&p), 63 - 5);
		for (uint32_t f = 10; f < 15; f++)
			assert_true(frame_pool_is_used(&p, (uint32_t)FR(f)));
		assert_false(frame_pool_is_used(&p, (uint32_t)FR(9)));
		assert_false(frame_pool_is_used(&p, (uint32_t)FR(15)));
	}
}

/* Unaligned available ranges round inward: a partial frame is not usable. */
static void test_available_rounds_inward(void **state)
{
	(void)state;
	struct frame_pool p;
	frame_pool_init(&p, bitmap, 64);
	/* [0x1800, 0x5800): whole frames 2, 3, 4 only. */
	struct mem_region r = { 0x1800, 0x4000, true };
	frame_pool_add_regions(&p, &r, 1);
	assert_int_equal(p.nfree, 3);
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(1)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(2)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(4)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(5)));

	/* A range inside one frame, and one crossing a frame boundary without covering a frame. */
	frame_pool_init(&p, bitmap, 64);
	struct mem_region small[] = { { 0x3010, 0x100, true }, { 0x4800, 0x1000, true } };
	frame_pool_add_regions(&p, small, 2);
	assert_int_equal(p.nfree, 0);
}

/* Unaligned reserved ranges round outward: a frame partly reserved is reserved. */
static void test_reserved_rounds_outward(void **state)
{
	(void)state;
	struct frame_pool p;
	struct mem_region r[] = {
		{ 0, FR(64), true },
		{ 0x5FFF, 2, false },   /* touches frames 5 and 6 */
		{ 0x9001, 1, false },   /* one byte in frame 9 */
	};
	frame_pool_init(&p, bitmap, 64);
	frame_pool_add_regions(&p, r, 3);
	assert_int_equal(p.nfree, 63 - 3);
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(4)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(5)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(6)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(7)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(8)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(9)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(10)));
}

/* Regions above 4 GiB, beyond nframes, of length 0, or wrapping 2^64 do no harm. */
static void test_regions_out_of_range(void **state)
{
	(void)state;
	struct frame_pool p;
	struct mem_region r[] = {
		{ 0x100000000ull, 0x40000000ull, true },    /* above 4 GiB */
		{ FR(60), FR(100), true },                  /* runs past the pool: frames 60..63 */
		{ FR(2), 0, true },                         /* empty */
		{ FR(3), 0, false },                        /* empty reserved: reserves nothing */
		{ 0xFFFFFFFFFFFFF000ull, 0x2000, true },    /* wraps 2^64 */
		{ 0xFFFFFFFFFFFFF800ull, 0x1000, false },   /* reserved, wraps 2^64 */
		{ 0x200000000ull, 0x1000, false },          /* reserved above 4 GiB */
	};
	frame_pool_init(&p, bitmap, 64);
	frame_pool_add_regions(&p, r, ARRAY_LEN(r));
	assert_int_equal(p.nfree, 4);
	assert_int_equal(count_free(&p), 4);
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(2)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(59)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(60)));
	assert_false(frame_pool_is_used(&p, (uint32_t)FR(63)));

	/* The empty reserved region at frame 3 does not take frame 3 back. */
	struct mem_region s[] = { { 0, FR(8), true }, { FR(3), 0, false } };
	frame_pool_init(&p, bitmap, 8);
	frame_pool_add_regions(&p, s, 2);
	assert_int_equal(p.nfree, 7);
}

/* Frame 0 stays used even when a region explicitly offers it. */
static void test_frame_zero_never_free(void **state)
{
	(void)state;
	struct frame_pool p;
	struct mem_region r = { 0, FR(1), true };
	frame_pool_init(&p, bitmap, 32);
	frame_pool_add_regions(&p, &r, 1);
	assert_int_equal(p.nfree, 0);
	assert_true(frame_pool_is_used(&p, 0));
	assert_false(frame_pool_free(&p, 0));
	assert_int_equal(frame_pool_alloc(&p), 0);
}

/* frame_pool_reserve takes frames back and keeps nfree right, rounding outward. */
static void test_reserve(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 64);
	frame_pool_reserve(&p, 0x2800, 0x1000);   /* frames 2 and 3 */
	assert_int_equal(p.nfree, 61);
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(2)));
	assert_true(frame_pool_is_used(&p, (uint32_t)FR(3)));
	frame_pool_reserve(&p, FR(2), FR(2));     /* again: no double count */
	assert_int_equal(p.nfree, 61);
	frame_pool_reserve(&p, FR(5), 0);         /* empty */
	assert_int_equal(p.nfree, 61);
	frame_pool_reserve(&p, FR(62), UINT64_MAX);   /* to the end of everything */
	assert_int_equal(p.nfree, 59);
	assert_int_equal(count_free(&p), 59);
}

/* Allocation hands out every free frame exactly once, then returns 0. */
static void test_alloc_until_exhausted(void **state)
{
	(void)state;
	static bool seen[MAXFRAMES];
	struct frame_pool p;
	uint32_t n = 1000;   /* not a multiple of 32 */
	pool_all_free(&p, n);
	memset(seen, 0, sizeof seen);
	for (uint32_t i = 0; i < n - 1; i++) {
		uint32_t pa = frame_pool_alloc(&p);
		assert_int_not_equal(pa, 0);
		assert_int_equal(pa & PAGE_OFFSET_MASK, 0);
		assert_true(pa / PAGE_SIZE < n);
		assert_false(seen[pa / PAGE_SIZE]);
		seen[pa / PAGE_SIZE] = true;
		assert_true(frame_pool_is_used(&p, pa));
		assert_int_equal(p.nfree, n - 2 - i);
	}
	assert_int_equal(p.nfree, 0);
	assert_int_equal(frame_pool_alloc(&p), 0);
	assert_int_equal(frame_pool_alloc(&p), 0);
	assert_int_equal(frame_pool_alloc_contig(&p, 1), 0);
}

/* Freeing gives a frame back once; double, unaligned, frame 0 and out-of-range frees fail. */
static void test_free_rules(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 64);
	uint32_t a = frame_pool_alloc(&p);
	uint32_t b = frame_pool_alloc(&p);
	assert_int_not_equal(a, b);
	assert_int_equal(p.nfree, 61);
	assert_true(frame_pool_free(&p, a));
	assert_int_equal(p.nfree, 62);
	assert_false(frame_pool_is_used(&p, a));
	assert_false(frame_pool_free(&p, a));          /* double free */
	assert_int_equal(p.nfree, 62);
	assert_false(frame_pool_free(&p, b + 1));      /* unaligned */
	assert_false(frame_pool_free(&p, b + 0xFFF));
	assert_true(frame_pool_is_used(&p, b));
	assert_false(frame_pool_free(&p, 0));          /* frame 0 */
	assert_false(frame_pool_free(&p, (uint32_t)FR(64)));   /* just past the pool */
	assert_false(frame_pool_free(&p, 0xFFFFF000u));
	assert_false(frame_pool_free(&p, (uint32_t)FR(40)));   /* free but never allocated */
	assert_int_equal(p.nfree, 62);
	assert_true(frame_pool_free(&p, b));
	assert_int_equal(p.nfree, 63);
	assert_int_equal(count_free(&p), 63);
}

/* A freed frame is found again, even after the search hint has moved past it. */
static void test_alloc_reuses_freed(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 256);
	uint32_t first = frame_pool_alloc(&p);
	for (int i = 0; i < 200; i++)
		assert_int_not_equal(frame_pool_alloc(&p), 0);
	assert_true(frame_pool_free(&p, first));
	/* Use up the tail so that only `first` is left. */
	while (p.nfree > 1)
		assert_int_not_equal(frame_pool_alloc(&p), 0);
	assert_int_equal(frame_pool_alloc(&p), first);
	assert_int_equal(frame_pool_alloc(&p), 0);
}

/*
 * Wrap-around with a pool that is not a multiple of 32 frames: when the
 * search starts in the last, partial, full bitmap word, skipping "the rest of
 * the word" must not skip free frames at the start of the pool.
 */
static void test_alloc_wraps_partial_word(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 40);
	while (frame_pool_alloc(&p))
		;
	/* Move the hint into the last word: free 34, take it back. */
	assert_true(frame_pool_free(&p, (uint32_t)FR(34)));
	assert_int_equal(frame_pool_alloc(&p), FR(34));
	/* Now the only free frame is early in the pool. */
	assert_true(frame_pool_free(&p, (uint32_t)FR(10)));
	assert_int_equal(p.nfree, 1);
	assert_int_equal(frame_pool_alloc(&p), FR(10));
}

/* For every pool size, search start (hint) and position, a lone free frame is always found. */
static void test_alloc_finds_lone_frame(void **state)
{
	(void)state;
	for (uint32_t n = 2; n <= 100; n++) {
		struct frame_pool p;
		pool_all_free(&p, n);
		while (frame_pool_alloc(&p))
			;
		for (uint32_t hint = 0; hint < n; hint++)
			for (uint32_t lone = 1; lone < n; lone++) {
				assert_true(frame_pool_free(&p, (uint32_t)FR(lone)));
				p.hint = hint;
				uint32_t got = frame_pool_alloc(&p);
				if (got != FR(lone))
					fail_msg("n=%u hint=%u: lone free frame %u not found (got 0x%x)", n, hint, lone, got);
			}
	}
}

/* alloc_contig finds a run of n free frames and marks all of them used. */
static void test_alloc_contig(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 64);
	uint32_t a = frame_pool_alloc_contig(&p, 8);
	assert_int_not_equal(a, 0);
	assert_int_equal(a & PAGE_OFFSET_MASK, 0);
	for (uint32_t i = 0; i < 8; i++)
		assert_true(frame_pool_is_used(&p, a + i * PAGE_SIZE));
	assert_int_equal(p.nfree, 63 - 8);
	uint32_t b = frame_pool_alloc_contig(&p, 8);
	assert_int_not_equal(b, 0);
	/* The runs do not overlap. */
	assert_true(b >= a + 8 * PAGE_SIZE || b + 8 * PAGE_SIZE <= a);
	assert_int_equal(p.nfree, 63 - 16);
	assert_int_equal(count_free(&p), 63 - 16);
	/* n == 0 and n > nfree fail without change. */
	assert_int_equal(frame_pool_alloc_contig(&p, 0), 0);
	assert_int_equal(frame_pool_alloc_contig(&p, 48), 0);
	assert_int_equal(p.nfree, 63 - 16);
	/* Whole remaining space in one go. */
	assert_int_not_equal(frame_pool_alloc_contig(&p, 63 - 16), 0);
	assert_int_equal(p.nfree, 0);
}

/* alloc_contig fails when enough frames are free but no run is long enough. */
static void test_alloc_contig_fragmented(void **state)
{
	(void)state;
	struct frame_pool p;
	pool_all_free(&p, 64);
	/* Reserve every fourth frame: the longest free run is 3. */
	for (uint32_t f = 4; f < 64; f += 4)
		frame_pool_reserve(&p, FR(f), 1);
	uint32_t before = p.nfree;
	assert_true(before >= 4);
	assert_int_equal(frame_pool_alloc_contig(&p, 4), 0);
	assert_int_equal(p.nfree, before);
	uint32_t a = frame_pool_alloc_contig(&p, 3);
	assert_int_not_equal(a, 0);
	/* A run of 3 lies between two reserved frames: start at 4k+1. */
	assert_int_equal((a / PAGE_SIZE) % 4, 1);
	assert_int_equal(p.nfree, before - 3);
	/* The run crossing frame 0 is not usable: frames 1..3 form the first run. */
	assert_int_equal(a, FR(1));
}

/* Randomised alloc/free against a shadow map: no frame twice, nfree always right. */
static void test_random_against_shadow(void **state)
{
	(void)state;
	static bool used[MAXFRAMES];
	static uint32_t held[MAXFRAMES];
	uint32_t nheld = 0, n = 777;
	struct frame_pool p;
	struct test_rng r;
	rng_seed(&r, 4242);
	pool_all_free(&p, n);
	memset(used, 0, sizeof used);
	for (int step = 0; step < 20000; step++) {
		uint32_t op = rng_below(&r, 10);
		if (op < 5) {
			uint32_t pa = frame_pool_alloc(&p);
			if (nheld == n - 1) {
				assert_int_equal(pa, 0);
				continue;
			}
			assert_int_not_equal(pa, 0);
			assert_false(used[pa / PAGE_SIZE]);
			used[pa / PAGE_SIZE] = true;
			held[nheld++] = pa;
		} else if (op < 6) {
			uint32_t k = 1 + rng_below(&r, 5);
			uint32_t pa = frame_pool_alloc_contig(&p, k);
			if (!pa)
				continue;
			for (uint32_t i = 0; i < k; i++) {
				assert_false(used[pa / PAGE_SIZE + i]);
				used[pa / PAGE_SIZE + i] = true;
				held[nheld++] = pa + i * PAGE_SIZE;
			}
		} else if (nheld) {
			uint32_t i = rng_below(&r, nheld);
			uint32_t pa = held[i];
			held[i] = held[--nheld];
			assert_true(frame_pool_free(&p, pa));
			used[pa / PAGE_SIZE] = false;
			assert_false(frame_pool_free(&p, pa));
		}
		assert_int_equal(p.nfree, n - 1 - nheld);
	}
	assert_int_equal(count_free(&p), n - 1 - nheld);
}

/* ---- memmap_parse ------------------------------------------------------ */

struct mmbuf {
	unsigned char b[1024];
	uint32_t len;
};

/* Append one entry whose size field is `size` (20 normally, 24 with an extension). */
static void mm_add(struct mmbuf *m, uint32_t size, uint64_t addr, uint64_t len, uint32_t type)
{
	struct mb_mmap_entry e = { size, addr, len, type };
	memcpy(m->b + m->len, &e, sizeof e);
	memset(m->b + m->len + sizeof e, 0xEE, size + 4 - sizeof e);   /* extension bytes */
	m->len += size + 4;
}

/* The entry layout is the multiboot one: 4-byte size then 20 bytes, packed. */
static void test_mmap_entry_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct mb_mmap_entry), 24);
	assert_int_equal(offsetof(struct mb_mmap_entry, addr), 4);
	assert_int_equal(offsetof(struct mb_mmap_entry, len), 12);
	assert_int_equal(offsetof(struct mb_mmap_entry, type), 20);
}

/* A QEMU-like map (128 MiB): regions, availability and ram_top. */
static void test_mmap_qemu(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 20, 0x0, 0x9FC00, 1);
	mm_add(&m, 20, 0x9FC00, 0x400, 2);
	mm_add(&m, 20, 0xF0000, 0x10000, 2);
	mm_add(&m, 20, 0x100000, 0x7EE0000, 1);
	mm_add(&m, 20, 0x7FE0000, 0x20000, 2);
	mm_add(&m, 20, 0xFFFC0000, 0x40000, 2);
	struct mem_region r[16];
	uint64_t top = 12345;
	unsigned n = memmap_parse(m.b, m.len, r, 16, &top);
	assert_int_equal(n, 6);
	assert_int_equal(top, 0x7FE0000);
	assert_int_equal(r[0].base, 0);
	assert_int_equal(r[0].len, 0x9FC00);
	assert_true(r[0].available);
	assert_false(r[1].available);
	assert_false(r[2].available);
	assert_int_equal(r[3].base, 0x100000);
	assert_int_equal(r[3].len, 0x7EE0000);
	assert_true(r[3].available);
	assert_false(r[5].available);
	assert_int_equal(r[5].base, 0xFFFC0000u);

	/* Feeding the result to a pool: frames 1..0x9E and 0x100..0x7FDF are free. */
	struct frame_pool p;
	static uint32_t bm[(0x8000 + 31) / 32];
	frame_pool_init(&p, bm, 0x8000);
	frame_pool_add_regions(&p, r, n);
	assert_int_equal(p.nfree, (0x9F - 1) + (0x7FE0 - 0x100));
	assert_true(frame_pool_is_used(&p, 0x9F000));   /* partial frame at 0x9F000-0x9FC00 */
	assert_false(frame_pool_is_used(&p, 0x9E000));
}

/* Entries with size 24 (extended) are stepped over by their own size. */
static void test_mmap_extended_size(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 24, 0x0, 0x9F000, 1);
	mm_add(&m, 20, 0x100000, 0x100000, 1);
	mm_add(&m, 24, 0x200000, 0x1000, 2);
	mm_add(&m, 28, 0x300000, 0x200000, 1);
	struct mem_region r[8];
	uint64_t top;
	unsigned n = memmap_parse(m.b, m.len, r, 8, &top);
	assert_int_equal(n, 4);
	assert_int_equal(r[1].base, 0x100000);
	assert_int_equal(r[2].base, 0x200000);
	assert_false(r[2].available);
	assert_int_equal(r[3].base, 0x300000);
	assert_int_equal(r[3].len, 0x200000);
	assert_int_equal(top, 0x500000);
}

/* A buffer that ends mid-entry yields only the complete entries before it. */
static void test_mmap_truncated(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 20, 0x0, 0x9F000, 1);
	mm_add(&m, 20, 0x100000, 0x100000, 1);
	struct mem_region r[8];
	uint64_t top;
	for (uint32_t cut = 1; cut < 24; cut++) {
		unsigned n = memmap_parse(m.b, m.len - cut, r, 8, &top);
		assert_int_equal(n, 1);
		assert_int_equal(top, 0x9F000);
	}
	assert_int_equal(memmap_parse(m.b, 0, r, 8, &top), 0);
	assert_int_equal(top, 0);
	assert_int_equal(memmap_parse(m.b, 23, r, 8, &top), 0);
	/* An entry whose size claims more than the buffer holds also stops the parse. */
	struct mmbuf x = { .len = 0 };
	mm_add(&x, 20, 0x0, 0x1000, 1);
	mm_add(&x, 24, 0x100000, 0x100000, 1);
	assert_int_equal(memmap_parse(x.b, x.len - 1, r, 8, &top), 1);
}

/* A size field under 20 is malformed: parsing stops there. */
static void test_mmap_size_too_small(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 20, 0x0, 0x9F000, 1);
	mm_add(&m, 20, 0x100000, 0x100000, 1);
	mm_add(&m, 20, 0x200000, 0x100000, 1);
	uint32_t sz = 19;
	memcpy(m.b + 24, &sz, 4);
	struct mem_region r[8];
	uint64_t top;
	assert_int_equal(memmap_parse(m.b, m.len, r, 8, &top), 1);
	assert_int_equal(top, 0x9F000);
	sz = 0;   /* would loop forever if accepted */
	memcpy(m.b + 24, &sz, 4);
	assert_int_equal(memmap_parse(m.b, m.len, r, 8, &top), 1);
	/* Absurd size: stops too. */
	sz = 0xFFFFFFFFu;
	memcpy(m.b + 24, &sz, 4);
	assert_int_equal(memmap_parse(m.b, m.len, r, 8, &top), 1);
}

/* ram_top is the end of the highest available range, 64-bit, in any order. */
static void test_mmap_ram_top_64bit(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 20, 0x100000000ull, 0x80000000ull, 1);   /* 4 GiB .. 6 GiB */
	mm_add(&m, 20, 0x0, 0x9F000, 1);
	mm_add(&m, 20, 0x200000000ull, 0x1000, 2);          /* reserved above: ignored */
	mm_add(&m, 20, 0x180000000ull, 0, 1);               /* empty: ignored */
	struct mem_region r[8];
	uint64_t top;
	unsigned n = memmap_parse(m.b, m.len, r, 8, &top);
	assert_int_equal(n, 4);
	assert_int_equal(top, 0x180000000ull);
	assert_int_equal(r[0].base, 0x100000000ull);
	assert_int_equal(r[0].len, 0x80000000ull);
	assert_int_equal(r[2].base, 0x200000000ull);
	/* An available range that wraps 2^64 saturates ram_top. */
	struct mmbuf w = { .len = 0 };
	mm_add(&w, 20, 0xFFFFFFFFFFFFF000ull, 0x2000, 1);
	assert_int_equal(memmap_parse(w.b, w.len, r, 8, &top), 1);
	assert_int_equal(top, UINT64_MAX);
	/* No available range: ram_top 0. */
	struct mmbuf z = { .len = 0 };
	mm_add(&z, 20, 0x0, 0x1000, 2);
	assert_int_equal(memmap_parse(z.b, z.len, r, 8, &top), 1);
	assert_int_equal(top, 0);
}

/* No more than max regions are written; ram_top only covers those. */
static void test_mmap_max_cap(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	for (int i = 0; i < 10; i++)
		mm_add(&m, 20, (uint64_t)i << 20, 0x1000, 1);
	struct mem_region r[4 + 1];
	r[4].base = 0xDEAD;   /* sentinel past the cap */
	uint64_t top;
	assert_int_equal(memmap_parse(m.b, m.len, r, 4, &top), 4);
	assert_int_equal(r[4].base, 0xDEAD);
	assert_int_equal(r[3].base, 3u << 20);
	assert_int_equal(top, (3u << 20) + 0x1000);
	assert_int_equal(memmap_parse(m.b, m.len, r, 0, &top), 0);
	assert_int_equal(top, 0);
}

/* A buffer that is not 8-byte aligned (the packed entries may sit anywhere) parses the same. */
static void test_mmap_unaligned_buffer(void **state)
{
	(void)state;
	struct mmbuf m = { .len = 0 };
	mm_add(&m, 20, 0x0, 0x9F000, 1);
	mm_add(&m, 20, 0x100000, 0x100000, 1);
	static unsigned char shifted[sizeof m.b + 3];
	memcpy(shifted + 1, m.b, m.len);
	struct mem_region r[4];
	uint64_t top;
	assert_int_equal(memmap_parse(shifted + 1, m.len, r, 4, &top), 2);
	assert_int_equal(top, 0x200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_all_used),
		cmocka_unit_test(test_add_available),
		cmocka_unit_test(test_reserved_wins_any_order),
		cmocka_unit_test(test_available_rounds_inward),
		cmocka_unit_test(test_reserved_rounds_outward),
		cmocka_unit_test(test_regions_out_of_range),
		cmocka_unit_test(test_frame_zero_never_free),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_alloc_until_exhausted),
		cmocka_unit_test(test_free_rules),
		cmocka_unit_test(test_alloc_reuses_freed),
		cmocka_unit_test(test_alloc_wraps_partial_word),
		cmocka_unit_test(test_alloc_finds_lone_frame),
		cmocka_unit_test(test_alloc_contig),
		cmocka_unit_test(test_alloc_contig_fragmented),
		cmocka_unit_test(test_random_against_shadow),
		cmocka_unit_test(test_mmap_entry_layout),
		cmocka_unit_test(test_mmap_qemu),
		cmocka_unit_test(test_mmap_extended_size),
		cmocka_unit_test(test_mmap_truncated),
		cmocka_unit_test(test_mmap_size_too_small),
		cmocka_unit_test(test_mmap_ram_top_64bit),
		cmocka_unit_test(test_mmap_max_cap),
		cmocka_unit_test(test_mmap_unaligned_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
