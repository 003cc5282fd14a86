/*
 * The trap frame: what the entry stubs push, in memory order (lowest first).
 * trap_stubs.asm and pf_entry.asm build it; asm_offsets.c exports its offsets
 * so NASM never hand-copies them.
 */
#ifndef TRAP_TRAP_FRAME_H
#define TRAP_TRAP_FRAME_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86.h"
#include <stdbool.h>
#include "arch/segments.h"

/*
 * A full frame has every field. The lean entries (the gate's fast path in
 * pf_entry.asm, the doors' entries) fill only part of the same layout at the
 * same place, the top of the kernel stack:
 *   err, eip, cs, eflags, esp, ss   as the CPU pushed them (err only in a #PF
 *                                   frame; sysenter's stub writes eip, esp and
 *                                   eflags, cs and ss can only be the user's)
 *   ebx, esi                        the two registers the stub itself uses
 *   vector                          TF_LEAN_MARK: the caller's DS (low half)
 *                                   and ES (high half), both SEG_UDATA, or the
 *                                   entry would have taken the full save
 *   eax, ecx, edx, edi, ebp         not saved: the arguments stay in the
 *                                   registers, the handler preserves EDI, EBP
 *   ds, es                          not written (the mark says what they are)
 * A full frame's vector is below 256, so the mark tells them apart; every
 * entry writes it first thing (before its decision), so it is never stale.
 */
struct trap_frame {
	/* pushad */
	uint32_t edi, esi, ebp, esp_at_pushad, ebx, edx, ecx, eax;
	/* stub: data segments */
	uint32_t es, ds;
	/* stub: vector; CPU or stub: error code */
	uint32_t vector, err;
	/* CPU */
	uint32_t eip, cs, eflags;
	/* CPU, only on a change of privilege (from ring 3) */
	uint32_t esp, ss;
};

#define T_DIVIDE     0   /* divide error */
#define T_DEBUG      1
#define T_NMI        2
#define T_BREAKPOINT 3
#define T_OVERFLOW   4
#define T_BOUND      5
#define T_INVALID_OP 6
#define T_NO_DEVICE  7
#define T_DOUBLE     8
#define T_COPROC_SEG 9
#define T_INVALID_TSS 10
#define T_SEG_NP     11
#define T_STACK      12
#define T_GPF        13
#define T_PAGE_FAULT 14
#define T_FPU        16
#define T_ALIGN      17
#define T_MACHINE    18
#define T_SIMD       19
#define T_VIRT       20
#define T_CTRL_PROT  21
#define T_CPU_COUNT  32  /* vectors reserved for CPU exceptions */
/* A #GP's error code for `int n` through a gate ring 3 may not use (DPL 0): the IDT bit and the vector. */
#define GP_ERR_IDT   0x2
#define GP_ERR_INT(n) (((uint32_t)(n) << 3) | GP_ERR_IDT)
#define T_IRQ0       32  /* PIC IRQs are remapped here */
#define T_IRQ_COUNT  16
#define T_VECTORS    (T_IRQ0 + T_IRQ_COUNT)
/* Not an IDT vector: marks the frames sysenter entries build (the refusal, make bench's door), for reports. */
#define T_SYSENTER   0x81

#define TF_LEAN_MARK ((SEG_UDATA << 16) | SEG_UDATA)
static inline bool trap_frame_is_lean(const struct trap_frame *tf) { return tf->vector == TF_LEAN_MARK; }
/* A lean frame that a #PF built (a gate call: the CPU pushed err and EIP is the gate). */
static inline bool trap_frame_lean_gate(const struct trap_frame *tf)
{
	return trap_frame_is_lean(tf) && tf->eip - GATE_BASE < GATE_WINDOW_SIZE;
}

/*
 * From ring 3, or from virtual-8086 mode: there CS is a real-mode segment
 * whose low bits mean nothing (ring 3 cannot enter it on a real CPU, but
 * QEMU's iret lets it: see trap.c).
 */
static inline int trap_from_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) == 3 || (tf->eflags & EFLAGS_VM);
}
static inline bool trap_from_vm86(const struct trap_frame *tf) { return tf->eflags & EFLAGS_VM; }

void trap(struct trap_frame *tf);
const char *trap_name(uint32_t vector);

#endif
