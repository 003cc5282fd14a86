/*
 * The machine-readable ABI description, for Python and GDB: every constant
 * the tools need, computed by the cross compiler from the real headers (as
 * asm_offsets.c does for NASM). Compiled with -S only, never linked; each
 * marker line "->KIND NAME VALUE [TEXT]" in the assembly output becomes one
 * entry of build/gen/abi.json (tools/gen/abi.py). Nothing here is a value:
 * only names of values that live in their own headers.
 */
#include <stddef.h>
#include <pfgate/layout.h>
#include "mm/direct_map.h"
#include <pfgate/errno.h>
#include <pfgate/abi.h>
#include <pfgate/termios.h>
#include "arch/segments.h"
#include "boot/multiboot.h"
#include "arch/trap_frame.h"
#include "proc/sched.h"
#include "lib/params.h"
#include "arch/x86.h"
#include "pfgate/decode.h"
#include "kernel/machine.h"
#include "drivers/pic.h"
#include "kernel/cmdline_options.h"

/*
 * One constant of a group: ->group NAME value [text]. The name is stringified
 * where it is written, before any macro of that name could expand.
 */
#define EXPORT_AS(group, name, val, text) \
	__asm__ volatile("\n#->" #group " " name " %c0 " text : : "i"((unsigned long)(val)))
#define EXPORT(group, sym, val) EXPORT_AS(group, #sym, val, "")
#define EXPORT_TEXT(group, sym, val, text) EXPORT_AS(group, #sym, val, text)
#define LAYOUT(sym) EXPORT_AS(layout, #sym, sym, "")
#define TF(field) EXPORT_AS(trap_frame, #field, offsetof(struct trap_frame, field), "")

void abi_export(void);
void abi_export(void)
{
	/* The address map */
	LAYOUT(PAGE_SHIFT); LAYOUT(PAGE_SIZE); LAYOUT(PDE_SHIFT); LAYOUT(PDE_SPAN);
	LAYOUT(KERNEL_BASE); LAYOUT(KERNEL_LOAD_PHYS); LAYOUT(NULL_GUARD_END); LAYOUT(USER_BASE);
	LAYOUT(GATE_BASE); LAYOUT(GATE_COUNT); LAYOUT(GATE_WINDOW_SIZE);
	LAYOUT(USER_STACK_PAGES); LAYOUT(USER_STACK_TOP); LAYOUT(USER_STACK_BOTTOM); LAYOUT(USER_HEAP_LIMIT);
	LAYOUT(KSTACK_AREA);   /* the kernel half: reports name its guard pages (kernel stacks, mm/kstack.h) */

	/* The gate table: number, argument count, name */
#define GATE(num, name, nargs, ret, params) EXPORT_TEXT(gate, name, num, #nargs);
#include <pfgate/gates.def>
#undef GATE
	/* The gates only make bench's kernel binds (src/bench/): unbound in make run's */
#define GATE(num, name, nargs, ret, params)
#define BENCH_GATE(num, name, nargs, ret, params) EXPORT(bench_gate, name, num);
#include <pfgate/gates.def>
#undef BENCH_GATE
#undef GATE

	/*
	 * The Linux personality's calls (include/pfgate/linux_calls.def), each by
	 * its gate's address (Linux's number n is gate LINUX_GATE_FIRST + n);
	 * the text is the argument count.
	 */
	LAYOUT(LINUX_GATE_FIRST); LAYOUT(LINUX_CALL_COUNT); LAYOUT(LINUX_VDSO_BASE); LAYOUT(LINUX_HEAP_LIMIT);
#define LINUX_CALL(nr, name, nargs) EXPORT_TEXT(linux_gate, name, GATE_ADDR(LINUX_GATE_FIRST + (nr)), #nargs);
#include <pfgate/linux_calls.def>
#undef LINUX_CALL

	/* Error numbers */
#define ERRNO_EXPORT(name, num, text) EXPORT_AS(errno, #name, name, text);
	PFGATE_ERRNOS(ERRNO_EXPORT)
#undef ERRNO_EXPORT
	EXPORT(limits, MAX_ERRNO, MAX_ERRNO);

	/* The kernel command line's options: kind (enum cmdline_kind), accepted values or syntax */
#define CMDLINE_EXPORT(name, kind, values) EXPORT_TEXT(cmdline, name, kind, values);
	CMDLINE_OPTIONS(CMDLINE_EXPORT)
#undef CMDLINE_EXPORT

	/* What the boot loader leaves in EAX at the kernel's entry */
	EXPORT(boot, MB_BOOT_MAGIC, MB_BOOT_MAGIC);

	/* #PF error code bits */
	EXPORT(pf_err, P, PF_ERR_P); EXPORT(pf_err, W, PF_ERR_W); EXPORT(pf_err, U, PF_ERR_U);
	EXPORT(pf_err, RSVD, PF_ERR_RSVD); EXPORT(pf_err, I, PF_ERR_I);

	/* Why the kernel kills a process, and how wait() reports it */
#define KILL_EXPORT(code, name, sig, text) EXPORT_TEXT(kill_reason, name, code, text);
	KILL_REASONS(KILL_EXPORT)
#undef KILL_EXPORT
	EXPORT(wstatus, COREFLAG, WCOREFLAG);

	/* Signals: the number, its default action (SIG_DFL_*) in the text */
#define SIGNAL_EXPORT(name, num, dfl, text) EXPORT_TEXT(signal, name, num, #dfl " " text);
	PFGATE_SIGNALS(SIGNAL_EXPORT)
#undef SIGNAL_EXPORT

	/* Process states: the kernel's (struct proc) and the user ABI's (procinfo) */
	EXPORT(proc_state, unused, P_UNUSED); EXPORT(proc_state, embryo, P_EMBRYO);
	EXPORT(proc_state, runnable, P_RUNNABLE); EXPORT(proc_state, running, P_RUNNING);
	EXPORT(proc_state, sleeping, P_SLEEPING); EXPORT(proc_state, zombie, P_ZOMBIE);
	EXPORT(proc_state, stopped, P_STOPPED);
	EXPORT(user_proc_state, runnable, PF_PROC_RUNNABLE); EXPORT(user_proc_state, running, PF_PROC_RUNNING);
	EXPORT(user_proc_state, sleeping, PF_PROC_SLEEPING); EXPORT(user_proc_state, zombie, PF_PROC_ZOMBIE);
	EXPORT(user_proc_state, stopped, PF_PROC_STOPPED);

	/* Selectors */
	EXPORT(selector, KCODE, SEG_KCODE); EXPORT(selector, KDATA, SEG_KDATA);
	EXPORT(selector, UCODE, SEG_UCODE); EXPORT(selector, UDATA, SEG_UDATA); EXPORT(selector, TSS, SEG_TSS);
	EXPORT(selector, DOOR_CALLGATE_0, DOOR_CALLGATE_SEL(0));

	/* Vectors, with the names fault reports use */
	EXPORT_TEXT(vector, T_DIVIDE, T_DIVIDE, "#DE"); EXPORT_TEXT(vector, T_DEBUG, T_DEBUG, "#DB");
	EXPORT_TEXT(vector, T_BREAKPOINT, T_BREAKPOINT, "#BP"); EXPORT_TEXT(vector, T_INVALID_OP, T_INVALID_OP, "#UD");
	EXPORT_TEXT(vector, T_DOUBLE, T_DOUBLE, "#DF"); EXPORT_TEXT(vector, T_GPF, T_GPF, "#GP");
	EXPORT_TEXT(vector, T_PAGE_FAULT, T_PAGE_FAULT, "#PF");
	EXPORT_TEXT(vector, IRQ_TIMER, T_IRQ0 + IRQ_TIMER, "timer IRQ0");
	EXPORT_TEXT(vector, IRQ_KEYBOARD, T_IRQ0 + IRQ_KEYBOARD, "keyboard IRQ1");
	EXPORT_TEXT(vector, IRQ_COM1, T_IRQ0 + IRQ_COM1, "COM1 IRQ4");
	EXPORT_TEXT(vector, DOOR_INT_VECTOR, DOOR_INT_VECTOR, "int 0x80 door");
	EXPORT_TEXT(vector, T_SYSENTER, T_SYSENTER, "sysenter");

	/* EFLAGS bits a user can try to set */
	EXPORT(eflags, TF, EFLAGS_TF); EXPORT(eflags, IF, EFLAGS_IF); EXPORT(eflags, DF, EFLAGS_DF);
	EXPORT(eflags, IOPL, EFLAGS_IOPL); EXPORT(eflags, NT, EFLAGS_NT); EXPORT(eflags, AC, EFLAGS_AC);

	/* The trap frame, for debuggers (offsets in bytes) */
	TF(edi); TF(esi); TF(ebp); TF(ebx); TF(edx); TF(ecx); TF(eax); TF(es); TF(ds);
	TF(vector); TF(err); TF(eip); TF(cs); TF(eflags); TF(esp); TF(ss);
	EXPORT(trap_frame, SIZE, sizeof(struct trap_frame));
	EXPORT(trap_frame, LEAN_MARK, TF_LEAN_MARK);   /* the vector slot of a lean gate frame */

	/* The test exit device: the guest writes these, QEMU exits with (v << 1) | 1 */
	EXPORT(test_exit, PASS, TEST_EXIT_PASS); EXPORT(test_exit, FAIL, TEST_EXIT_FAIL);

	/* Tunables the tests rely on */
	EXPORT(params, NPROC, NPROC); EXPORT(params, FD_MAX, FD_MAX); EXPORT(params, NOPENFILE, NOPENFILE); EXPORT(params, PIPE_BUF, PIPE_BUF); EXPORT(params, TIMER_HZ, TIMER_HZ);
	EXPORT(params, KSTACK_PAGES, KSTACK_PAGES); EXPORT(params, PROC_NAME_LEN, PROC_NAME_LEN);
	EXPORT(params, PATH_MAX_LEN, PATH_MAX_LEN); EXPORT(params, MAX_ARG_STRLEN, MAX_ARG_STRLEN);
	EXPORT(params, PF_NAME_MAX, PF_NAME_MAX); EXPORT(params, PF_DIRENT_NAME_LEN, PF_DIRENT_NAME_LEN);
	EXPORT(params, ARG_MAX_BYTES, ARG_MAX_BYTES); EXPORT(params, CONSOLE_FEED_EVERY, CONSOLE_FEED_EVERY);
	EXPORT(params, DISK_CACHE_MIN_KIB, DISK_CACHE_MIN_KIB); EXPORT(params, DISK_CACHE_MAX_KIB, DISK_CACHE_MAX_KIB);
	EXPORT(params, DISK_CACHE_SHARE, DISK_CACHE_SHARE);

	/* The console's terminal settings, Linux's struct termios (offsets in bytes) and the flags the tests set */
#define TERMIOS_FIELD(f) EXPORT_AS(termios, #f, offsetof(struct pf_termios, f), "")
	TERMIOS_FIELD(c_iflag); TERMIOS_FIELD(c_oflag); TERMIOS_FIELD(c_cflag); TERMIOS_FIELD(c_lflag);
	TERMIOS_FIELD(c_line); TERMIOS_FIELD(c_cc);
#undef TERMIOS_FIELD
	EXPORT(termios, SIZE, sizeof(struct pf_termios)); EXPORT(termios, NCCS, TERMIOS_NCCS);
	EXPORT(termios, ICRNL, TERMIOS_ICRNL); EXPORT(termios, ISIG, TERMIOS_ISIG); EXPORT(termios, ICANON, TERMIOS_ICANON);
	EXPORT(termios, ECHO, TERMIOS_ECHO); EXPORT(termios, VTIME, TERMIOS_VTIME); EXPORT(termios, VMIN, TERMIOS_VMIN);
	EXPORT(termios, TCGETS, TERMIOS_TCGETS); EXPORT(termios, TCSETS, TERMIOS_TCSETS);
}
