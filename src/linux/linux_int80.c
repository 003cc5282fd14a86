/*
 * int 0x80 from a Linux program (glibc's early calls before its TLS holds
 * AT_SYSINFO, its restorers, its fallback). make run's kernel has no vector
 * 0x80 that ring 3 may use, so the instruction faults: #GP with the error
 * code of an IDT reference to vector 0x80, a fault like every other way in.
 * trap() hands it here; a Linux process gets the call it asked for in EAX,
 * EIP past the instruction and every register but EAX as it was (the frame
 * is a full one, which fork copies and execve and sigreturn rewrite), and a
 * pending signal's handler on the way out; a native process is killed as
 * before (false).
 */
#include "linux/linux.h"
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "mm/uaccess.h"

#define INT_OPCODE 0xCD
#define LINUX_INT_VECTOR 0x80
#define INT_LEN 2
#define GP_ERR_INT80 GP_ERR_INT(LINUX_INT_VECTOR)

bool linux_int80(struct trap_frame *tf)
{
	struct proc *p = current_proc();
	if (!p || !p->linux.abi || tf->vector != T_GPF || tf->err != GP_ERR_INT80 || !trap_from_user(tf))
		return false;
	uint8_t insn[INT_LEN];   /* int 0x80 itself, not a prefixed or a jumped-into copy */
	if (copy_from_user(insn, (const void __user *)(uintptr_t)tf->eip, sizeof insn) ||
	    insn[0] != INT_OPCODE || insn[1] != LINUX_INT_VECTOR)
		return false;
	const struct call_again again = { tf->eip, tf->esp, tf->eax, tf->ecx, tf->edx };   /* made again: as Linux, EIP - 2 and the call's EAX */
	tf->eip += INT_LEN;
	const struct linux_args a = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp };
	tf->eax = (uint32_t)linux_call(tf->eax, &a, LINUX_DOOR_INT80);
	signal_call_return(tf, &again);   /* as the gates' thunks: a signal the call sent, unblocked or was interrupted by runs its handler now */
	return true;
}
