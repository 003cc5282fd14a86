/*
 * The kernel's frame pool: a static bitmap over the direct map, and the
 * reservations behind demand-zero pages. A process's bss, heap and stack
 * pages are mapped when first touched (proc_demand_fault), but their frames
 * are promised when the process is made or the heap grows: `reserved` of the
 * free frames are spoken for, and nothing else may take them, so a touch
 * never finds memory gone and every -ENOMEM still comes where it did (spawn,
 * sbrk).
 */
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "lib/params.h"

#define MAX_FRAMES (DIRECT_MAP_SIZE / PAGE_SIZE)

static uint32_t frame_bitmap[MAX_FRAMES / 32];
struct frame_pool frames;
static uint32_t reserved;   /* free frames promised to demand-zero pages and to copies of shared ones */

/*
 * References beyond the first to each frame shared copy-on-write: 0 for a
 * frame with one owner (every frame, until a fork). A frame is shared by at
 * most every process at once (each maps it once: fork shares a page with
 * the one child it copies to), so NPROC - 1 extra references is the worst
 * case, and the count's type is the smallest that holds it.
 */
#if NPROC - 1 <= UINT8_MAX
typedef uint8_t frame_share_count;
#else
typedef uint16_t frame_share_count;
#endif
_Static_assert(NPROC - 1 <= (frame_share_count)~(frame_share_count)0, "a frame's extra references fit its count");
static frame_share_count frame_shares[MAX_FRAMES];
/*
 * Frames of MAP_SHARED pages (frame_share_mapped): their sharers write the
 * one frame, so their extra references hold no promise. One bit a frame,
 * cleared when the last reference goes.
 */
static uint8_t frame_unpromised[MAX_FRAMES / 8];

static bool unpromised(uint32_t pa) { return frame_unpromised[pa >> (PAGE_SHIFT + 3)] & (1u << ((pa >> PAGE_SHIFT) & 7)); }

/*
 * Frames known to hold only zeros, handed back so (a page table whose every
 * entry its owner cleared, a page directory with its kernel half wiped): free
 * frames that frame_alloc hands out again without zeroing them. Allocated in
 * the bitmap, counted as free everywhere else.
 */
#define CLEAN_MAX 64
static uint32_t clean[CLEAN_MAX];
static uint32_t nclean;

static uint32_t available(void) { return frames.nfree + nclean - reserved; }

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

/* Any free frame, zeroed: a clean one if there is one. Promises are the caller's to check. */
static uint32_t take_zeroed(void)
{
	if (nclean)
		return clean[--nclean];
	uint32_t pa = frame_pool_alloc(&frames);
	if (pa)
		memset(P2V(pa), 0, PAGE_SIZE);
	return pa;
}

uint32_t frame_alloc_raw(void)
{
	if (!available())
		return 0;
	uint32_t pa = frame_pool_alloc(&frames);   /* the clean ones are kept for who needs zeros */
	return pa ? pa : clean[--nclean];
}

uint32_t frame_alloc(void)
{
	return available() ? take_zeroed() : 0;
}

void frame_free_zeroed(uint32_t pa)
{
	if (nclean == CLEAN_MAX || !frame_pool_is_used(&frames, pa) || !pa || (pa & PAGE_OFFSET_MASK)) {
		frame_free(pa);
		return;
	}
	clean[nclean++] = pa;
}

void frame_free(uint32_t pa)
{
	if (pa < DIRECT_MAP_SIZE && frame_shares[pa >> PAGE_SHIFT]) {
		frame_shares[pa >> PAGE_SHIFT]--;   /* others still hold it: no copy will be needed for this one */
		if (!unpromised(pa))
			frame_unreserve(1);
		return;
	}
	if (pa < DIRECT_MAP_SIZE)
		frame_unpromised[pa >> (PAGE_SHIFT + 3)] &= (uint8_t)~(1u << ((pa >> PAGE_SHIFT) & 7));
	if (!frame_pool_free(&frames, pa))
		panic("frame_free: %08x is not an allocated frame", pa);
}

bool frame_reserve(uint32_t n)
{
	if (available() < n)
		return false;
	reserved += n;
	return true;
}

void frame_unreserve(uint32_t n)
{
	if (n > reserved)
		panic("frame_unreserve: %u of %u reserved frames", n, reserved);
	reserved -= n;
}

uint32_t frame_alloc_reserved(void)
{
	if (!reserved)
		panic("frame_alloc_reserved: nothing reserved");
	uint32_t pa = take_zeroed();
	if (!pa)
		panic("frame_alloc_reserved: %u reserved frames but none free", reserved);
	reserved--;
	return pa;
}

/*
 * Free and not promised: what can still be had. A first touch of a
 * demand-zero page moves a frame from promised to used and leaves this as it
 * was, so a program that counts before and after sees its own lazy pages as
 * spent when they were promised (spawn, sbrk), as it did when they were mapped then.
 */
uint32_t frames_free_count(void) { return available(); }
uint32_t frames_reserved_count(void) { return reserved; }

bool frame_share(uint32_t pa)
{
	if (!frame_pool_is_used(&frames, pa) || (pa & PAGE_OFFSET_MASK))
		panic("frame_share: %08x is not an allocated frame", pa);
	if (!frame_reserve(1))
		return false;
	frame_shares[pa >> PAGE_SHIFT]++;
	return true;
}

void frame_share_mapped(uint32_t pa)
{
	if (!frame_pool_is_used(&frames, pa) || (pa & PAGE_OFFSET_MASK) || pa >= DIRECT_MAP_SIZE)
		panic("frame_share_mapped: %08x is not an allocated frame", pa);
	if (frame_shares[pa >> PAGE_SHIFT] && !unpromised(pa))
		panic("frame_share_mapped: %08x is shared copy-on-write", pa);
	frame_unpromised[pa >> (PAGE_SHIFT + 3)] |= (uint8_t)(1u << ((pa >> PAGE_SHIFT) & 7));
	frame_shares[pa >> PAGE_SHIFT]++;
}

bool frame_is_shared(uint32_t pa)
{
	return pa < DIRECT_MAP_SIZE && frame_shares[pa >> PAGE_SHIFT];
}

uint32_t frame_copy_shared(uint32_t pa)
{
	if (!frame_is_shared(pa) || unpromised(pa))
		panic("frame_copy_shared: %08x is not shared copy-on-write", pa);
	uint32_t copy = frame_pool_alloc(&frames);   /* promised: the bitmap still has it free */
	if (!copy)
		copy = clean[--nclean];
	reserved--;                                  /* the promise is kept ... */
	frame_shares[pa >> PAGE_SHIFT]--;            /* ... by moving this reference to the copy */
	memcpy(P2V(copy), P2V(pa), PAGE_SIZE);
	return copy;
}
