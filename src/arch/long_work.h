/*
 * Long kernel work: a service that moves or makes an amount of memory the
 * user chose (a console write, a long user copy, the loader) works in pieces.
 * Each piece runs with interrupts on, so that the clock, the keyboard and the
 * serial line go on meanwhile; between two pieces the work reaches a
 * preemption point, where the process gives the CPU up if its time slice is
 * used up and stops if it has been killed. Nothing else ever preempts the
 * kernel: a tick taken inside a piece only marks the process (cpu0.resched).
 *
 * Inside a piece the code touches nothing an interrupt handler touches
 * (handlers count time, wake sleepers, queue input and, for ^C, mark the
 * foreground's processes killed walking the table and its parent links; they
 * allocate nothing). At a point the caller holds nothing that another
 * process could need or that an exit would leak, exactly as across a sleep:
 * it may never come back. A piece is well under a tick on the slowest
 * machine the kernel runs on (Bochs at 50 M instructions a second: a tick is
 * 500,000 instructions), see UACCESS_PIECE and CONSOLE_FEED_EVERY
 * (lib/params.h); the loader's piece is a page.
 *
 * This header is the interface mm's copies, the services and the console
 * share, here in arch, below mm and proc, so that the user copies include it
 * without the scheduler above them. The points are upcalls: the scheduler
 * defines them (proc/sched.c), as docs/design.md's Layering lists. The gate
 * fast path opens no window and reaches no point: a plain gate call pays
 * nothing.
 */
#ifndef ARCH_LONG_WORK_H
#define ARCH_LONG_WORK_H

#include <stdint.h>
#include <stdbool.h>
#include "arch/x86.h"

/* Open a piece: interrupts on. Returns the caller's EFLAGS for long_work_end. */
static inline uint32_t long_work_begin(void)
{
	uint32_t flags;
	__asm__ volatile("pushf\n\tpop %0\n\tsti" : "=r"(flags) : : "memory");
	return flags;
}

/* Close a piece: interrupts back as the caller had them. */
static inline void long_work_end(uint32_t flags)
{
	__asm__ volatile("cli" ::: "memory");
	if (flags & EFLAGS_IF)   /* the caller's own state */
		__asm__ volatile("sti" ::: "memory");
}

/*
 * The preemption point, between two pieces and at the end of a service that
 * ran some: interrupts off, holding nothing. A killed process exits here (what
 * it had done stays done: a write's queued bytes are sent); one whose slice
 * is used up yields. Without a current process (the boot's self-tests) it
 * does nothing.
 */
void long_work_point(void);

/*
 * The point for work that holds what it must undo before it may exit (the
 * loader's half-made child): yields when the slice is used up, and returns
 * true if the process has been killed. The caller then unwinds and fails
 * with -EINTR; its service's last long_work_point ends it.
 */
bool long_work_pause(void);

#endif
