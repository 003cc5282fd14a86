/*
 * A process's mmap'ed areas (the image, heap and stack are not among them):
 * a small sorted array, MMAP_AREAS long. Each page of an area is either
 * mapped, or (a private anonymous area's only) not yet touched and then
 * paid for by one frame promised (mm/frames.h), so that its first touch is
 * a demand-zero fault that cannot fail. A shared area and a file's private
 * copy are made whole at mmap time.
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <stdint.h>
#include <stdbool.h>
#include "mm/paging.h"
#include "lib/params.h"
#include <pfgate/abi.h>

#define VMA_FILE 0x8000u   /* in vm_area.flags, beside the MAP_* bits: the pages came from a file */
/* In vm_area.flags too: the file's name, as slot n - 1 of its process's table (proc/mmap.c); 0: none. */
#define VMA_NAME_SHIFT 8
#define VMA_NAME_MASK  0x0F00u

struct vm_area {
	uint32_t lo, hi;       /* [lo, hi), page aligned */
	uint16_t prot;         /* PROT_* */
	uint16_t flags;        /* MAP_SHARED or MAP_PRIVATE, VMA_FILE */
	uint32_t pgoff;        /* a file's: lo's offset in the file, in pages */
};

struct vm_areas {
	unsigned n;
	struct vm_area a[MMAP_AREAS];   /* sorted by lo, not overlapping */
};

/* The area holding va, or NULL. */
const struct vm_area *vma_find(const struct vm_areas *m, uint32_t va);
/* Does any area overlap [lo, hi)? */
bool vma_overlaps(const struct vm_areas *m, uint32_t lo, uint32_t hi);
/* Is [lo, hi) covered by areas with no hole? */
bool vma_covers(const struct vm_areas *m, uint32_t lo, uint32_t hi);
/* The highest free [x, x + len) with floor <= x and x + len <= top, not overlapping an area; 0 if none. */
uint32_t vma_gap(const struct vm_areas *m, uint32_t len, uint32_t floor, uint32_t top);
/* Take [lo, hi) out of the areas (shrinking or splitting them): 0, or -ENOMEM (unchanged) when a split finds no slot. */
int vma_carve(struct vm_areas *m, uint32_t lo, uint32_t hi);
/* Add an area that overlaps none: 0, or -ENOMEM (unchanged) when all slots are taken. */
int vma_insert(struct vm_areas *m, const struct vm_area *a);
/* Give [lo, hi) (a whole run of areas, vma_covers) protection prot: split at lo and hi, 0 or -ENOMEM (unchanged). */
int vma_set_prot(struct vm_areas *m, uint32_t lo, uint32_t hi, uint16_t prot);
/* The PTE bits a page of area a gets (no PTE_U for PROT_NONE: it stays or becomes unreachable from user mode; PTE_SHARED kept). */
uint32_t vma_pte_flags(const struct vm_area *a);
/* Does an untouched page of a hold a promise (and fault in as zeros)? Private anonymous areas only. */
static inline bool vma_demand(const struct vm_area *a) { return !(a->flags & (VMA_FILE | MAP_SHARED)); }

/*
 * Free the pages of [lo, hi) that lie in areas of m (as they were before
 * the carve): mapped ones go back to the frame pool (or drop their share),
 * untouched ones give back their promise, counted off *promised.
 */
void vma_unmap_pages(pde_t *pgdir, const struct vm_areas *m, uint32_t lo, uint32_t hi, uint32_t *promised);
/*
 * The mapped pages of area a (its new protection) get their PTE bits again:
 * writable ones that a fork still shares become copy-on-write, not writable.
 */
void vma_protect_pages(pde_t *pgdir, const struct vm_area *a);
/* One mapped page (any: an area's, the image's, the stack's) gets PTE bits want (vma_pte_flags'), as vma_protect_pages does. */
void vm_protect_page(pde_t *pgdir, uint32_t va, uint32_t want);
/* The mapped page va is about to be made supervisor-only (PROT_NONE): mark its directory entry PDE_GUARDED. */
void vm_guard_page(pde_t *pgdir, uint32_t va);
/* Has any page been made PROT_NONE since boot (vm_guard_page)? Until then the copies look at no directory entry. */
extern bool vm_guard_seen;
/* Mapped pages of [lo, hi). */
uint32_t vma_resident(pde_t *pgdir, uint32_t lo, uint32_t hi);

#endif
