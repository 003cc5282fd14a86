/* Bitmap frame pool. Pure C: no kernel headers, so host tests link it as is. */
#include "mm/frames.h"
#include <pfgate/layout.h>

#define BITS 32u

static bool bit_get(const struct frame_pool *p, uint32_t f) { return p->bitmap[f / BITS] & (1u << (f % BITS)); }

static void mark_used(struct frame_pool *p, uint32_t f)
{
	if (!bit_get(p, f)) {
		p->bitmap[f / BITS] |= 1u << (f % BITS);
		p->nfree--;
	}
}

static void mark_free(struct frame_pool *p, uint32_t f)
{
	if (bit_get(p, f)) {
		p->bitmap[f / BITS] &= ~(1u << (f % BITS));
		p->nfree++;
	}
}

void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t nframes)
{
	p->bitmap = bitmap;
	p->nframes = nframes;
	p->nfree = 0;
	p->hint = 1;
	for (uint32_t i = 0; i < (nframes + BITS - 1) / BITS; i++)
		bitmap[i] = 0xFFFFFFFFu;
}

/* Frames [first, last) clipped to the pool; 64-bit in, so ranges above 4 GiB just vanish. */
static void clip(const struct frame_pool *p, uint64_t lo, uint64_t hi, uint32_t *first, uint32_t *last)
{
	uint64_t f = lo >> PAGE_SHIFT, l = hi >> PAGE_SHIFT;
	if (f > p->nframes) f = p->nframes;
	if (l > p->nframes) l = p->nframes;
	*first = (uint32_t)f;
	*last = (uint32_t)l;
}

void frame_pool_reserve(struct frame_pool *p, uint64_t base, uint64_t len)
{
	if (len == 0)
		return;
	uint64_t end = base + len;
	if (end < base)
		end = UINT64_MAX;
	uint32_t first, last;
	/* Round outward: a frame partly reserved is reserved. */
	uint64_t hi = (end + PAGE_OFFSET_MASK) & ~(uint64_t)PAGE_OFFSET_MASK;
	if (hi < end)
		hi = UINT64_MAX & ~(uint64_t)PAGE_OFFSET_MASK;
	clip(p, base & ~(uint64_t)PAGE_OFFSET_MASK, hi, &first, &last);
	for (uint32_t f = first; f < last; f++)
		mark_used(p, f);
}

void frame_pool_add_regions(struct frame_pool *p, const struct mem_region *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (!r[i].available || r[i].len == 0)
			continue;
		uint64_t end = r[i].base + r[i].len;
		if (end < r[i].base)
			end = UINT64_MAX;
		/* Round inward: only whole frames inside the range are usable. */
		uint64_t lo = (r[i].base + PAGE_OFFSET_MASK) & ~(uint64_t)PAGE_OFFSET_MASK;
		if (lo < r[i].base)
			continue;
		uint32_t first, last;
		clip(p, lo, end & ~(uint64_t)PAGE_OFFSET_MASK, &first, &last);
		for (uint32_t f = first; f < last; f++)
			mark_free(p, f);
	}
	for (unsigned i = 0; i < n; i++)
		if (!r[i].available)
			frame_pool_reserve(p, r[i].base, r[i].len);
	/* Frame 0 stays in use so that 0 can mean "no frame". */
	if (p->nframes)
		mark_used(p, 0);
}

/*
 * Word by word from the hint's word, wrapping once: a word with a clear bit
 * gives its lowest (bsf), so a search costs a few instructions a word, not a
 * bit. Bits past nframes in the last word never count as free.
 */
uint32_t frame_pool_alloc(struct frame_pool *p)
{
	if (p->nfree == 0)
		return 0;
	uint32_t words = (p->nframes + BITS - 1) / BITS;
	uint32_t tail = p->nframes % BITS;
	uint32_t w = p->hint / BITS;
	for (uint32_t n = 0; n < words; n++) {
		uint32_t free_bits = ~p->bitmap[w];
		if (w == words - 1 && tail)
			free_bits &= (1u << tail) - 1;
		if (free_bits) {
			uint32_t bit = (uint32_t)__builtin_ctz(free_bits);
			uint32_t f = w * BITS + bit;
			p->bitmap[w] |= 1u << bit;   /* known clear: mark_used without its test */
			p->nfree--;
			p->hint = f + 1 < p->nframes ? f + 1 : 0;
			return f << PAGE_SHIFT;
		}
		w = w + 1 < words ? w + 1 : 0;
	}
	return 0;
}

uint32_t frame_pool_alloc_contig(struct frame_pool *p, uint32_t n)
{
	if (n == 0 || n > p->nfree)
		return 0;
	uint32_t run = 0;
	for (uint32_t f = 1; f < p->nframes; f++) {
		run = bit_get(p, f) ? 0 : run + 1;
		if (run == n) {
			uint32_t first = f + 1 - n;
			for (uint32_t g = first; g <= f; g++)
				mark_used(p, g);
			return first << PAGE_SHIFT;
		}
	}
	return 0;
}

bool frame_pool_is_used(const struct frame_pool *p, uint32_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	return f >= p->nframes || bit_get(p, f);
}

bool frame_pool_free(struct frame_pool *p, uint32_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	if ((pa & PAGE_OFFSET_MASK) || f == 0 || f >= p->nframes || !bit_get(p, f))
		return false;
	mark_free(p, f);
	return true;
}
