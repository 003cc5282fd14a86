/*
 * The address map, shared by kernel, user programs and host tests.
 * DESIGN.md fixes these numbers; everything else derives from them.
 */
#ifndef PFGATE_LAYOUT_H
#define PFGATE_LAYOUT_H

#define PAGE_SHIFT        12
#define PAGE_SIZE         0x1000u
#define PAGE_OFFSET_MASK  (PAGE_SIZE - 1)

#define PDE_SHIFT         22             /* one directory entry maps 4 MiB */
#define PDE_SPAN          0x400000u

#define KERNEL_BASE       0xC0000000u    /* upper-half boundary: no user pointer reaches it */
#define KERNEL_LOAD_PHYS  0x00100000u    /* image loaded at 1 MiB, linked at KERNEL_BASE + 1 MiB */

#define NULL_GUARD_END    0x00001000u    /* page 0 is never mapped */
#define USER_BASE         0x00400000u    /* where user programs are linked */

#define GATE_BASE         0xBFC00000u    /* the gate window: one never-present PDE */
#define GATE_COUNT        1024u
#define GATE_WINDOW_SIZE  (GATE_COUNT * PAGE_SIZE)
#define GATE_ADDR(n)      (GATE_BASE + (n) * PAGE_SIZE)

/* The user stack ends one guard page below the window, with a guard below it too. */
#define USER_STACK_PAGES  16u
#define USER_STACK_TOP    (GATE_BASE - PAGE_SIZE)
#define USER_STACK_BOTTOM (USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE)

/* The heap (sbrk) may not grow into the lower stack guard page. */
#define USER_HEAP_LIMIT   (USER_STACK_BOTTOM - PAGE_SIZE)

#endif
