/*
 * The Linux personality's doors in make bench's kernel (linux_door_entries.asm):
 * int 0x80, sysenter and a call gate in Linux's own convention, so that one
 * unmodified Linux program is measured through every door by swapping only
 * its vDSO (the `vdso=` boot option: vdso_doors.c). Vector 0x80 and the
 * sysenter target are the native doors while a native program runs and these
 * while a Linux one does (arch/personal_doors.h): the two conventions never
 * meet. int 0x80 from inside the vDSO counts as the vDSO's door; any other is
 * the C library's own (its start-up, its restorers), counted as int 0x80.
 */
#include "bench/doors.h"
#include "linux/linux_calls.h"
#include "proc/sched.h"
#include "pfgate/upcalls.h"
#include "mm/uaccess.h"
#include "arch/trap_frame.h"
#include <pfgate/layout.h>

#define INT_LEN 2                    /* int 0x80: CD 80 */

static struct linux_args args_of(const struct trap_frame *tf)
{
	return (struct linux_args){ tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp };
}

static bool running_linux(void)
{
	const struct proc *p = current_proc();
	return p && p->linux.abi;
}

void door_linux_int80(struct trap_frame *tf);
void door_linux_int80(struct trap_frame *tf)
{
	if (!running_linux()) {
		/* Cannot happen (the native door holds the vector then); if it did: make run's #GP, a kill. */
		tf->vector = T_GPF;
		tf->err = GP_ERR_INT(DOOR_INT_VECTOR);
		tf->eip -= INT_LEN;
		trap(tf);
		return;
	}
	uint32_t at = tf->eip - INT_LEN;
	bool vdso = at >= LINUX_VDSO_BASE && at < LINUX_VDSO_BASE + PAGE_SIZE;
	const struct linux_args a = args_of(tf);
	tf->eax = (uint32_t)linux_call(tf->eax, &a, vdso ? LINUX_DOOR_BENCH : LINUX_DOOR_INT80);
}

/* What the sysenter vDSO pushed below the caller's stack: where to come back, and three registers. */
struct sysenter_frame { uint32_t landing, ecx, edx, ebp; };

/*
 * True when the way back may be sysexit, which returns EIP in EDX and ESP in
 * ECX: only to the landing, which pops the caller's EDX and ECX. A call that
 * rewrote the frame (execve, rt_sigreturn) goes back by iret with every
 * register the frame holds: a new program's EDX must be 0 (glibc's _start
 * registers a nonzero EDX with atexit, as the dynamic loader's fini, and
 * called it, its own entry, at exit: busybox died writing its RELRO).
 */
bool door_linux_sysenter(struct trap_frame *tf);
bool door_linux_sysenter(struct trap_frame *tf)
{
	struct sysenter_frame u;
	if (!running_linux() || copy_from_user(&u, (const void __user *)(uintptr_t)tf->esp, sizeof u))
		proc_kill_fault(tf, 0, KILL_PROTECTION);
	tf->eip = u.landing;   /* a kernel address faults in ring 3 after sysexit: the caller's own loss */
	uint32_t esp = tf->esp;
	struct linux_args a = args_of(tf);
	a.ebp = u.ebp;         /* the sixth argument: EBP carried the stack */
	tf->eax = (uint32_t)linux_call(tf->eax, &a, LINUX_DOOR_BENCH);
	return tf->eip == u.landing && tf->esp == esp;
}

void door_linux_callgate(struct trap_frame *tf);
void door_linux_callgate(struct trap_frame *tf)
{
	if (!running_linux())
		proc_kill_fault(tf, 0, KILL_PROTECTION);
	const struct linux_args a = args_of(tf);
	tf->eax = (uint32_t)linux_call(tf->eax, &a, LINUX_DOOR_BENCH);
}
