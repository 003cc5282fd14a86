/*
 * The window of long kernel work: interrupts on for its length, the
 * caller's own state back at its end (proc/sched.h says what may run inside
 * and where the preemption it defers happens). Here, below mm and proc, so
 * that the user copies (mm/uaccess.c) open it without including the
 * scheduler above them.
 */
#ifndef ARCH_LONG_WORK_H
#define ARCH_LONG_WORK_H

#include <stdint.h>
#include "arch/x86.h"

static inline uint32_t long_work_begin(void)
{
	uint32_t flags;
	__asm__ volatile("pushf\n\tpop %0\n\tsti" : "=r"(flags) : : "memory");
	return flags;
}
static inline void long_work_end(uint32_t flags)
{
	__asm__ volatile("cli" ::: "memory");
	if (flags & EFLAGS_IF)   /* the caller's own state */
		__asm__ volatile("sti" ::: "memory");
}

#endif
