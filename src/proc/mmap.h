/*
 * Memory mappings of the current process (proc/mmap.c): Linux i386's mmap2,
 * munmap and mprotect, with its flag values (pfgate/abi.h), on the areas of
 * mm/vma.h. The services (src/services/svc_mmap.c) check the user's side
 * and read files; this is the address-space side.
 */
#ifndef PROC_MMAP_H
#define PROC_MMAP_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/abi.h>
#include "mm/vma.h"

struct proc;

/* A file page's contents: PAGE_SIZE bytes at file offset off into page (zeroed). 0 or -errno. */
typedef int (*mmap_fill_fn)(void *ctx, void *page, uint64_t off);

/*
 * A new mapping (of the file called name, for the maps listing): its address, or -EINVAL (bad flags, prot, a MAP_FIXED
 * address off a page), -ENOMEM (no room, no frames, no slot, a MAP_FIXED
 * range outside [NULL_GUARD_END, USER_HEAP_LIMIT) or over the image and
 * heap), -ENODEV (a shared file mapping), or fill's error. Private anonymous
 * pages are demand-zero; shared ones and a file's private copy are made now.
 */
long proc_mmap(const struct pf_mmap *req, mmap_fill_fn fill, void *ctx, const char *name);
/*
 * The slot (as VMA_NAME_MASK bits) of file name in p's table of mapped
 * files: the slot holding it, or a free one (none an area of p names), or 0
 * (no name kept) when all are taken. NULL or "": 0.
 */
uint16_t proc_map_name(struct proc *p, const char *name);
/* The name of the file the area holding va maps, "" if none (an anonymous area, no area, no name kept). */
const char *proc_map_name_at(const struct proc *p, uint32_t va);
/* Unmap what mappings hold in [addr, addr + len): 0, -EINVAL, -ENOMEM (a split with no slot left). */
long proc_munmap(uint32_t addr, uint32_t len);
/* New protection for [addr, addr + len), all of it mapped: 0, -EINVAL, -ENOMEM. */
long proc_mprotect(uint32_t addr, uint32_t len, uint32_t prot);
/* A not-present fault at va in one of p's demand-zero mappings: true with *flags its PTE bits. */
bool proc_mmap_fault(struct proc *p, uint32_t va, uint32_t *flags);
/* fork: the child's areas are the parent's (vm_fork shares the pages, the promise is copied with the rest). */
void proc_mmap_fork(struct proc *child, const struct proc *parent);
/* p's areas as ranges (at most MMAP_AREAS) for tearing the space down: their count. */
unsigned proc_mmap_ranges(const struct proc *p, struct vm_range *r);
/* Line `index` of p's maps listing (image, heap, mappings, stack by address): false past the end. */
bool proc_maps_entry(struct proc *p, unsigned index, struct pf_map *out);

#endif
