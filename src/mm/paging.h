/* Two-level IA-32 paging: entry bits and the page-table API. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#define PDE_ENTRIES 1024
#define PTE_ENTRIES 1024

#define PTE_P   0x001u   /* present */
#define PTE_W   0x002u   /* writable */
#define PTE_U   0x004u   /* user accessible */
#define PTE_PS  0x080u   /* 4 MiB page (in a PDE) */
#define PTE_G   0x100u   /* global */
#define PTE_COW 0x200u   /* available to software: read-only for now, copy-on-write (mm/cow.c) */
#define PTE_SHARED 0x400u   /* available to software: a MAP_SHARED page, fork shares it writable, never COW (mm/vma.h) */
/*
 * Available to software, in a directory entry: a page of its table may be
 * present but supervisor-only (PROT_NONE), which ring 0 would read and write
 * regardless; the checked copies look at the table's entries only under such
 * a directory entry (mm/uaccess.c). Set by vm_guard_page, never cleared (a
 * table emptied and freed takes it along); fork copies it with the entry.
 */
#define PDE_GUARDED 0x800u
#define PTE_ADDR_MASK 0xFFFFF000u

#define PDX(va) (((uint32_t)(va)) >> 22)
#define PTX(va) ((((uint32_t)(va)) >> 12) & 0x3FFu)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stdbool.h>

typedef uint32_t pde_t;
typedef uint32_t pte_t;

extern pde_t kernel_page_dir[PDE_ENTRIES];

void paging_init(void);

/* A process address space: a page directory whose kernel half is the kernel's. */
pde_t *vm_create(void);
void vm_destroy(pde_t *pgdir);
void vm_activate(pde_t *pgdir);
/* [lo, hi): page aligned, below KERNEL_BASE. */
struct vm_range { uint32_t lo, hi; };
/* A range with the permissions its pages get (PTE_U, PTE_W): a demand-zero region. */
struct vm_region { uint32_t lo, hi, flags; };
/* vm_destroy for a space whose every user mapping is inside one of the n ranges. */
void vm_destroy_ranges(pde_t *pgdir, const struct vm_range *r, unsigned n);
/* Pages mapped in the user half (for ps): counted, not kept. */
uint32_t vm_count_user_pages(const pde_t *pgdir);

/*
 * Map one user page va -> frame with flags (PTE_W/PTE_U). Allocates a page
 * table on demand. Returns 0, -ENOMEM, or -EINVAL if va is outside user space
 * or in the gate window (which must never be present).
 */
int vm_map(pde_t *pgdir, uint32_t va, uint32_t frame, uint32_t flags);
/* Unmap one page; returns the frame it held (0 if none). Does not free it. */
uint32_t vm_unmap(pde_t *pgdir, uint32_t va);
/* Give [lo, hi) its page tables now (zeroed): 0 or -ENOMEM (the tables made stay). */
int vm_ensure_tables(pde_t *pgdir, uint32_t lo, uint32_t hi);
/* Free the page tables covering [lo, hi) that map nothing any more. */
void vm_prune_tables(pde_t *pgdir, uint32_t lo, uint32_t hi);
/* The PTE for va, or NULL if its page table does not exist. */
pte_t *vm_lookup(pde_t *pgdir, uint32_t va);

/*
 * fork's copy of an address space (mm/cow.c): child (fresh from vm_create)
 * gets a page table of its own for each of parent's user tables and every
 * present page shared (frame_share); the writable ones become read-only and
 * PTE_COW in both. 0, or -ENOMEM with child partly filled (vm_destroy it:
 * that drops what was shared; the parent's pages stay copy-on-write, which
 * their next write fault takes over).
 */
int vm_fork(pde_t *child, pde_t *parent);
/*
 * A write fault on present page va of pgdir: if it is copy-on-write, give
 * the writer a page of its own (a copy, or the frame itself when nobody else
 * holds it) and return true: the write is retried. False for any other page.
 */
bool vm_cow_fault(pde_t *pgdir, uint32_t va);
#endif

#endif
