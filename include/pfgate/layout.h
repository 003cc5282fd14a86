/*
 * The address map, shared by kernel, user programs and host tests.
 * docs/design.md (after ../shared/DESIGN.md) fixes these numbers; everything else derives from them.
 */
#ifndef PFGATE_LAYOUT_H
#define PFGATE_LAYOUT_H

/*
 * The kernel's link script is preprocessed from this header too (as
 * assembler-with-cpp, so __ASSEMBLER__ is set): numbers there take no C suffix.
 */
#ifdef __ASSEMBLER__
#define LAYOUT_U32(x) x
#else
#define LAYOUT_U32(x) x##u
#endif

#define PAGE_SHIFT        12
#define PAGE_SIZE         LAYOUT_U32(0x1000)
#define PAGE_OFFSET_MASK  (PAGE_SIZE - 1)

#define PDE_SHIFT         22             /* one directory entry maps 4 MiB */
#define PDE_SPAN          LAYOUT_U32(0x400000)

#define KERNEL_BASE       LAYOUT_U32(0xC0000000)    /* upper-half boundary: no user pointer reaches it */
#define KERNEL_LOAD_PHYS  LAYOUT_U32(0x00100000)    /* image loaded at 1 MiB, linked at KERNEL_BASE + 1 MiB */

#define NULL_GUARD_END    LAYOUT_U32(0x00001000)    /* page 0 is never mapped */
#define USER_BASE         LAYOUT_U32(0x00400000)    /* where user programs are linked */

#define GATE_BASE         LAYOUT_U32(0xBFC00000)    /* the gate window: one never-present PDE */
#define GATE_COUNT        LAYOUT_U32(1024)
#define GATE_WINDOW_SIZE  (GATE_COUNT * PAGE_SIZE)
#define GATE_ADDR(n)      (GATE_BASE + (n) * PAGE_SIZE)

/* The user stack ends one guard page below the window, with a guard below it too. */
#define USER_STACK_PAGES  LAYOUT_U32(16)
#define USER_STACK_TOP    (GATE_BASE - PAGE_SIZE)
#define USER_STACK_BOTTOM (USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE)

/* The heap (sbrk) may not grow into the lower stack guard page. */
#define USER_HEAP_LIMIT   (USER_STACK_BOTTOM - PAGE_SIZE)

/*
 * The Linux personality (src/linux): Linux i386 system call n is gate
 * LINUX_GATE_FIRST + n, the upper half of the window. A Linux process's
 * stack ends where a native one's does but may grow down to
 * LINUX_STACK_LIMIT (Linux's default RLIMIT_STACK), a page at a time as it
 * is touched: the native stack's USER_STACK_PAGES promised, the rest from
 * the frames there are then (none left: SIGSEGV). Below its guard page, its
 * vDSO (one page) and under it the vDSO's data page (Linux's [vvar], the
 * clocks the kernel keeps current: src/linux/vvar.h), with a guard of their
 * own; its brk heap, and every process's mmap area, top-down, stop under
 * that guard.
 */
#define LINUX_GATE_FIRST  LAYOUT_U32(512)
#define LINUX_CALL_COUNT  (GATE_COUNT - LINUX_GATE_FIRST)
#define LINUX_STACK_LIMIT LAYOUT_U32(0x800000)
#define LINUX_STACK_BOTTOM (USER_STACK_TOP - LINUX_STACK_LIMIT)
#define LINUX_VDSO_BASE   (LINUX_STACK_BOTTOM - 2 * PAGE_SIZE)
#define LINUX_VVAR_BASE   (LINUX_VDSO_BASE - PAGE_SIZE)
#define LINUX_HEAP_LIMIT  (LINUX_VVAR_BASE - PAGE_SIZE)
/* Where in the vDSO page the bitmap of bound Linux calls lies (the kernel fills it; vdso.asm tests it). */
#define LINUX_VDSO_BOUND_OFFSET (PAGE_SIZE - LINUX_CALL_COUNT / 8)

#endif
