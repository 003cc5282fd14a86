/*
 * Physical frame allocator: one bit per 4 KiB frame below DIRECT_MAP_SIZE.
 * The pool logic is pure C (host-tested); the kernel owns one pool, `frames`.
 */
#ifndef MM_FRAMES_H
#define MM_FRAMES_H

#include <stdint.h>
#include <stdbool.h>

struct frame_pool {
	uint32_t *bitmap;      /* bit set = in use */
	uint32_t nframes;      /* frames the bitmap covers */
	uint32_t nfree;
	uint32_t hint;         /* where the next search starts */
};

struct mem_region {
	uint64_t base, len;
	bool available;        /* false: reserved, wins over any overlapping available range */
};

/* All frames start in use. bitmap must hold (nframes + 31) / 32 words. */
void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t nframes);
/*
 * Free the frames wholly inside available regions, then take back every frame
 * touched by a reserved region, so the result does not depend on order or
 * overlap. Frames beyond nframes are ignored.
 */
void frame_pool_add_regions(struct frame_pool *p, const struct mem_region *r, unsigned n);
/* Mark [base, base+len) in use (kernel image, modules, ...). */
void frame_pool_reserve(struct frame_pool *p, uint64_t base, uint64_t len);

/* Physical address of a free frame, or 0 when none is left (frame 0 is never free). */
uint32_t frame_pool_alloc(struct frame_pool *p);
/* n physically contiguous frames, or 0. */
uint32_t frame_pool_alloc_contig(struct frame_pool *p, uint32_t n);
/* Returns false (and changes nothing) for a frame that is not allocated. */
bool frame_pool_free(struct frame_pool *p, uint32_t pa);
bool frame_pool_is_used(const struct frame_pool *p, uint32_t pa);

/* The kernel's pool and its wrappers; frame_alloc zeroes the frame. */
extern struct frame_pool frames;
void frames_init(const struct mem_region *r, unsigned n, uint64_t ram_top);
uint32_t frame_alloc(void);
/* The same, not zeroed: for a frame the caller fills entirely (kernel stacks, file pages). */
uint32_t frame_alloc_raw(void);
void frame_free(uint32_t pa);
/* Free a frame the caller has left all zeros: frame_alloc gives it out again without zeroing. */
void frame_free_zeroed(uint32_t pa);
uint32_t frames_free_count(void);   /* free frames not promised to demand-zero pages */
/*
 * Demand-zero pages: promise n free frames (false, and nothing promised, if
 * there are not that many unpromised), give back a promise, or take a zeroed
 * frame that was promised (never fails). frame_alloc leaves promised frames alone.
 */
bool frame_reserve(uint32_t n);
void frame_unreserve(uint32_t n);
uint32_t frame_alloc_reserved(void);
uint32_t frames_reserved_count(void);

/*
 * Frames shared copy-on-write (fork, mm/cow.c). Every reference beyond the
 * first holds a promise of one frame (as a demand-zero page does): the copy
 * one of the sharers will need if it writes. So a write fault on a shared
 * page never finds memory gone, and fork is where -ENOMEM comes.
 *   frame_share: one more reference to pa, and its promise; false (nothing
 *     changed) if no frame can be promised.
 *   frame_free (above) drops one reference: while others remain, only the
 *     reference and its promise go; the last frees the frame.
 *   frame_is_shared: more than one reference.
 *   frame_copy_shared: a private copy of shared pa for a writer, its
 *     reference moved to the copy and paid by the promise: never fails.
 */
bool frame_share(uint32_t pa);
/*
 * One more reference to the frame of a MAP_SHARED page (fork): its sharers
 * write the one frame and never copy it, so the reference holds no promise
 * and this cannot fail. frame_free drops it as any other, without a promise
 * to give back. A frame is shared one way or the other, never both.
 */
void frame_share_mapped(uint32_t pa);
bool frame_is_shared(uint32_t pa);
uint32_t frame_copy_shared(uint32_t pa);

#endif
