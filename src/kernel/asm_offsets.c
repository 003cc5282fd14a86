/*
 * Constants for NASM, computed by the C compiler from the real headers, so
 * the assembly never holds a hand copy (the Makefile turns the "->NAME value"
 * markers in this file's assembly output into build/gen/asm_offsets.inc).
 */
#include <stddef.h>
#include <pfgate/layout.h>
#include <pfgate/errno.h>
#include "arch/segments.h"
#include "boot/multiboot.h"
#include "arch/trap_frame.h"
#include "proc/sched.h"
#include "lib/params.h"
#include "pfgate/decode.h"
#include "arch/x86.h"
#include "mm/paging.h"
#include "mm/direct_map.h"
#include "linux/linux_calls.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(KERNEL_BASE, KERNEL_BASE);
	DEFINE(PAGE_SIZE, PAGE_SIZE);
	DEFINE(PDE_SHIFT, PDE_SHIFT);
	DEFINE(PDE_ENTRIES, PDE_ENTRIES);
	DEFINE(DIRECT_MAP_PDES, DIRECT_MAP_SIZE >> PDE_SHIFT);
	DEFINE(PDE_P, PTE_P);
	DEFINE(PDE_W, PTE_W);
	DEFINE(PDE_PS, PTE_PS);
	DEFINE(PDE_G, PTE_G);
	DEFINE(CR0_PG, CR0_PG);
	DEFINE(CR0_WP, CR0_WP);
	DEFINE(CR0_AM, CR0_AM);
	DEFINE(CR4_PSE, CR4_PSE);
	DEFINE(CR4_PGE, CR4_PGE);
	DEFINE(MB_HEADER_MAGIC, MB_HEADER_MAGIC);
	DEFINE(MB_HEADER_FLAGS, MB_HEADER_FLAGS);
	DEFINE(MB_HEADER_VIDEO, MB_HEADER_VIDEO);
	DEFINE(MB_VIDEO_LINEAR, MB_VIDEO_LINEAR);
	DEFINE(MB_VIDEO_ANY_SIZE, MB_VIDEO_ANY_SIZE);
	DEFINE(MB_VIDEO_DEPTH, MB_VIDEO_DEPTH);
	DEFINE(SEG_KDATA, SEG_KDATA);
	DEFINE(SEG_KERNEL_DS, SEG_KERNEL_DS);
	DEFINE(SEG_KCODE, SEG_KCODE);
	DEFINE(EFAULT, EFAULT);
	DEFINE(T_PAGE_FAULT, T_PAGE_FAULT);
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(TF_EAX, offsetof(struct trap_frame, eax));
	DEFINE(TF_ERR, offsetof(struct trap_frame, err));
	DEFINE(TF_VECTOR, offsetof(struct trap_frame, vector));
	DEFINE(TF_DS, offsetof(struct trap_frame, ds));
	DEFINE(TF_ES, offsetof(struct trap_frame, es));
	DEFINE(TF_EBX, offsetof(struct trap_frame, ebx));
	DEFINE(TF_ESI, offsetof(struct trap_frame, esi));
	DEFINE(TF_EDI, offsetof(struct trap_frame, edi));
	DEFINE(TF_EBP, offsetof(struct trap_frame, ebp));
	DEFINE(TF_LEAN_MARK, TF_LEAN_MARK);
	DEFINE(TF_EIP, offsetof(struct trap_frame, eip));
	DEFINE(TF_ECX, offsetof(struct trap_frame, ecx));
	DEFINE(TF_EDX, offsetof(struct trap_frame, edx));
	DEFINE(TF_EFLAGS, offsetof(struct trap_frame, eflags));
	DEFINE(TF_ESP, offsetof(struct trap_frame, esp));
	DEFINE(TF_SS, offsetof(struct trap_frame, ss));
	DEFINE(TF_CS, offsetof(struct trap_frame, cs));
	DEFINE(GATE_CPU_TABLE, offsetof(struct gate_cpu, table));
	DEFINE(TF_ESP_AT_PUSHAD, offsetof(struct trap_frame, esp_at_pushad));
	DEFINE(CPU_CURRENT, offsetof(struct cpu, current));
	DEFINE(PROC_SIG_PENDING, offsetof(struct proc, sig.pending));
	DEFINE(PROC_SIG_BLOCKED, offsetof(struct proc, sig.blocked));
	DEFINE(GATE_BASE, GATE_BASE);
	DEFINE(GATE_WINDOW_SIZE, GATE_WINDOW_SIZE);
	DEFINE(LINUX_GATE_FIRST_ADDR, GATE_ADDR(LINUX_GATE_FIRST));
	DEFINE(LINUX_CALL_COUNT, LINUX_CALL_COUNT);
	DEFINE(LINUX_GATE_FIRST, LINUX_GATE_FIRST);
	DEFINE(LINUX_DOOR_GATE, LINUX_DOOR_GATE);
	DEFINE(LINUX_VDSO_BASE, LINUX_VDSO_BASE);
	DEFINE(LINUX_VDSO_BOUND_OFFSET, LINUX_VDSO_BOUND_OFFSET);
	DEFINE(PAGE_OFFSET_MASK, PAGE_OFFSET_MASK);
	DEFINE(PAGE_SHIFT, PAGE_SHIFT);
	DEFINE(PF_ERR_U, PF_ERR_U);
	DEFINE(GATE_COUNT, GATE_COUNT);
	DEFINE(ENOSYS, ENOSYS);
	DEFINE(EINTR, EINTR);
	DEFINE(SEG_UCODE, SEG_UCODE);
	DEFINE(SEG_UDATA, SEG_UDATA);
	DEFINE(EFLAGS_IF, EFLAGS_IF);
	DEFINE(EFLAGS_DF, EFLAGS_DF);
	DEFINE(EFLAGS_RSVD, EFLAGS_RSVD);
	DEFINE(EFLAGS_SYSEXIT_UNSAFE, EFLAGS_TF | EFLAGS_DF | EFLAGS_NT | EFLAGS_AC | EFLAGS_VM | EFLAGS_IOPL);
	DEFINE(DOOR_INT_VECTOR, DOOR_INT_VECTOR);
	DEFINE(DOOR_LINUX_CALLGATE_SEL, DOOR_LINUX_CALLGATE_SEL);
	DEFINE(T_SYSENTER, T_SYSENTER);
	DEFINE(EARLY_STACK_SIZE, EARLY_STACK_SIZE);
	DEFINE(T_VECTORS, T_VECTORS);
}
