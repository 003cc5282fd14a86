/*
 * Deciding whether a page fault is a gate call: a pure function of the error
 * code, CR2 and the faulting EIP, so it is host-tested over every edge.
 * Inline: it is the middle of the fast path.
 */
#ifndef PFGATE_DECODE_H
#define PFGATE_DECODE_H

#include <stdint.h>
#include <pfgate/layout.h>

/* #PF error code bits (SDM vol. 3, 4.7). */
#define PF_ERR_P    0x01u   /* 0: page not present; 1: protection violation */
#define PF_ERR_W    0x02u   /* access was a write */
#define PF_ERR_U    0x04u   /* access came from ring 3 */
#define PF_ERR_RSVD 0x08u   /* reserved bit set in a paging entry */
#define PF_ERR_I    0x10u   /* instruction fetch (only with NX/SMEP enabled) */

/* Which of the CPU's guards a kernel-mode page fault tripped (see pf_kernel_guard). */
enum pf_guard {
	PF_GUARD_NONE = 0,   /* an ordinary fault */
	PF_GUARD_SMEP,       /* the kernel fetched an instruction from a user page */
	PF_GUARD_SMAP,       /* the kernel touched a user page outside the user-access window */
};

/* Results below zero: not a gate call, and why. */
enum pfgate_verdict {
	PFGATE_NOT_GATE   = -1,   /* an ordinary fault: not in the window, or from the kernel */
	PFGATE_MISALIGNED = -2,   /* fetch inside a gate page but not at its first byte */
	PFGATE_DATA       = -3,   /* a read or write of a gate page */
};

/*
 * Gate number (>= 0) if this fault is a call to a gate, else a verdict.
 * A call is: from user mode, page not present, CR2 in the window, and CR2 ==
 * EIP. Without NX or SMEP the fetch bit is not reported, so CR2 == EIP is
 * what tells an instruction fetch from a data access (as Linux's vsyscall
 * emulation does); with SMEP on, a fetch carries PF_ERR_I (err 0x14, not
 * 0x04), which changes nothing here but one case: a fetch whose instruction
 * starts on the page before and runs into a gate page (CR2 != EIP) is a
 * misaligned call, not a data access.
 */
static inline int pfgate_decode(uint32_t err, uint32_t cr2, uint32_t eip)
{
	if ((err & (PF_ERR_U | PF_ERR_P | PF_ERR_RSVD)) != PF_ERR_U)
		return PFGATE_NOT_GATE;
	uint32_t off = cr2 - GATE_BASE;   /* wraps to huge below the window */
	if (off >= GATE_WINDOW_SIZE)
		return PFGATE_NOT_GATE;
	if (cr2 != eip && (err & PF_ERR_I))
		return PFGATE_MISALIGNED;
	if (cr2 != eip || (err & PF_ERR_W))
		return PFGATE_DATA;
	if (off & PAGE_OFFSET_MASK)
		return PFGATE_MISALIGNED;
	return (int)(off >> PAGE_SHIFT);
}

/*
 * A kernel-mode page fault on a present user page (below KERNEL_BASE) that
 * SMEP or SMAP refused: a kernel bug, reported as such even where the
 * instruction has an exception-table fixup (a user copy that forgot to open
 * the window must not pass for -EFAULT). With the window open (AC set in the
 * faulting context) a protection fault is the page's own (a write to a
 * read-only page), not SMAP's.
 */
static inline enum pf_guard pf_kernel_guard(uint32_t err, uint32_t cr2, uint32_t eflags_ac,
					    int smep_on, int smap_on)
{
	if ((err & (PF_ERR_U | PF_ERR_P | PF_ERR_RSVD)) != PF_ERR_P || cr2 >= KERNEL_BASE)
		return PF_GUARD_NONE;
	if (err & PF_ERR_I)
		return smep_on ? PF_GUARD_SMEP : PF_GUARD_NONE;
	return smap_on && !eflags_ac ? PF_GUARD_SMAP : PF_GUARD_NONE;
}

#endif
