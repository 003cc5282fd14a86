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

/* Results below zero: not a gate call, and why. */
enum pfgate_verdict {
	PFGATE_NOT_GATE   = -1,   /* an ordinary fault: not in the window, or from the kernel */
	PFGATE_MISALIGNED = -2,   /* fetch inside a gate page but not at its first byte */
	PFGATE_DATA       = -3,   /* a read or write of a gate page */
};

/*
 * Gate number (>= 0) if this fault is a call to a gate, else a verdict.
 * A call is: from user mode, page not present, CR2 in the window, and CR2 ==
 * EIP. Without NX the fetch bit is not reported, so CR2 == EIP is what tells
 * an instruction fetch from a data access (as Linux's vsyscall emulation does).
 */
static inline int pfgate_decode(uint32_t err, uint32_t cr2, uint32_t eip)
{
	if ((err & (PF_ERR_U | PF_ERR_P | PF_ERR_RSVD)) != PF_ERR_U)
		return PFGATE_NOT_GATE;
	uint32_t off = cr2 - GATE_BASE;   /* wraps to huge below the window */
	if (off >= GATE_WINDOW_SIZE)
		return PFGATE_NOT_GATE;
	if (cr2 != eip || (err & PF_ERR_W))
		return PFGATE_DATA;
	if (off & PAGE_OFFSET_MASK)
		return PFGATE_MISALIGNED;
	return (int)(off >> PAGE_SHIFT);
}

#endif
