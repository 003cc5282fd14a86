/*
 * Processes and the scheduler. One CPU: the kernel runs with interrupts off
 * (but for the idle loop, the pieces of long work (arch/long_work.h) and,
 * in make bench's kernel, the first instruction of a call-gate door, where an
 * IRQ is taken in kernel mode and never preempts) and is never preempted; a
 * process gives up the CPU in the kernel only by sleeping, yielding, exiting
 * or at a preemption point between two pieces of long work. The timer
 * preempts user mode.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <pfgate/layout.h>
#include <pfgate/abi.h>
#include "mm/paging.h"
#include "mm/vma.h"
#include "arch/trap_frame.h"
#include "proc/path_buf.h"
#include "arch/segments.h"
#include "lib/params.h"
#include "proc/fpu.h"
#include "arch/long_work.h"
#include "pfgate/gate_table.h"
#include "proc/signal.h"

/* P_STOPPED: on no list, not runnable, until SIGCONT or a kill (proc/signal.h). */
enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE, P_STOPPED };

struct context;   /* callee-saved registers, see swtch.asm */

struct file;       /* an open-file object (vfs/file.h), above this room */

/* A link in one of the scheduler's lists of sleepers (sched.c); both NULL while on none. */
struct proc_link { struct proc_link *next, *prev; };
struct proc_list { struct proc_link head; };

/*
 * A Linux program's state beside the native one (src/linux keeps it; exec
 * and spawn set abi). The calls are counted by the door they came through:
 * a gate (through the vDSO, or a direct call), int 0x80, or in make bench's
 * kernel the vDSO through another door.
 */
struct proc_linux {
	bool abi;                   /* a Linux program: Linux's dispatch table, stack, vDSO */
	uint32_t gate_calls;        /* Linux calls that came by a gate page */
	uint32_t int80_calls;       /* ... by int 0x80 */
	uint32_t bench_door_calls;  /* ... by the vDSO through a make bench door */
	struct gdt_entry tls;       /* its TLS segment (set_thread_area), GDT_TLS while it runs */
	uint32_t enosys_seen[LINUX_CALL_COUNT / 32];   /* unserved calls reported once each (linuxlog) */
	bool by_int80;              /* the call in progress came by int 0x80 (rt_sigreturn finds its frame by the door) */
	bool vfork_pending;         /* a CLONE_VFORK child with memory of its own: its parent sleeps until it execs or exits */
	uint32_t altstack_sp, altstack_size;   /* sigaltstack's stack, size 0: none (fork keeps it, exec drops it) */
};

struct proc {
	enum proc_state state;
	int pid;
	char name[PROC_NAME_LEN];
	struct proc *parent;
	struct proc *children, *sibling;   /* its children (live and zombie), linked through sibling */
	pde_t *pgdir;
	uint32_t kstack;            /* lowest address of the kernel stack */
	struct context *ctx;
	struct trap_frame *tf;      /* the user frame at the top of kstack (for debuggers: pf-frame) */
	uint32_t heap_base, brk;    /* sbrk region [heap_base, brk): demand-zero */
	struct vm_region demand[DEMAND_REGIONS];   /* the stack and the bss: mapped when first touched */
	unsigned ndemand;
	uint32_t demand_reserved;   /* frames promised to the demand-zero pages not touched yet (mm/frames.h), mappings' too */
	const void *chan;           /* what a sleeper waits for */
	uint64_t wake_ms;           /* timed sleep deadline, 0 if none */
	int wstatus;
	bool killed;                /* by kill() or ^C: exits when it next comes back through sched() */
	uint8_t kill_why;           /* its enum kill_reason, for the wait status (0: kill_sig's) */
	uint8_t kill_sig;           /* the signal whose default action ends it (0: kill_why's) */
	struct proc_signals sig;    /* dispositions, mask, pending (proc/signal.h) */
	int pgid, sid;              /* its process group and session (proc/pgrp.h): the parent's, or its own pid */
	bool execed;                /* runs a program it was spawned or exec'd with, not its forker's: its parent's setpgid gets -EACCES */
	uint8_t stop_sig;           /* the signal that stopped it last */
	uint8_t wait_report;        /* a stop or continue its parent's wait has not been told (WAIT_REPORT_*) */
	uint64_t alarm_ms;          /* when SIGALRM comes (uptime), 0: no alarm */
	uint32_t alarm_interval_ms; /* setitimer's ITIMER_REAL interval: the alarm comes back after that (0: once) */
	uint32_t cpu_ticks;         /* timer ticks that found it running (Linux's CPU-time clocks) */
	struct gate_set gates;      /* the gates this process may call */
	const gate_handler_t *gate_table;   /* its dispatch table, derived from gates (gate_cpu0.table while it runs) */
	struct file *fds[FD_MAX];   /* its descriptors (NULL: closed), filled and emptied by src/vfs only (proc/files_upcalls.h) */
	uint8_t fd_flags[FD_MAX];   /* FD_CLOEXEC per descriptor */
	int fd_end;                 /* no descriptor at or above this is open: spawn, fork and exit look below it only */
	uint16_t umask;             /* the mode bits a Linux program's creates clear (umask), inherited as cwd is */
	struct proc *rq_next;       /* the next on the run queue (while P_RUNNABLE) */
	struct proc_link wait_link; /* on chan's wait list (while sleeping on a channel) */
	struct proc_link timer_link;   /* on the timer list (while sleeping with a deadline) */
	struct proc *vm_lender;     /* a vfork child: it runs in this one's address space, which sleeps until it is given back (proc/vm_loan.h) */
	struct proc *vm_borrower;   /* the vfork child running in this one's address space, NULL: none */
	struct proc_linux linux;    /* the Linux personality's state (src/linux); all zero for a native program */
	uint32_t stack_bottom;      /* the lowest address its stack may reach (proc_stack_bottom) */
	uint32_t arg_start, arg_end;   /* its argv strings in its own stack, as Linux's mm->arg_start..arg_end (proc_cmdline) */
	/* A free slot is all zeros up to here (proc_free); what follows is written before it is read. */
	struct vm_areas maps;       /* its mmap'ed areas (proc/mmap.h): maps.n is zeroed, the areas past it unread */
	char map_names[MAP_NAMES][MAP_NAME_LEN];   /* the files its areas map (VMA_NAME_MASK), cut to MAP_NAME_LEN - 1; a slot no area names is free */
	char exe[PATH_MAX_LEN];     /* the path its program was started from (spawn and exec write it, fork copies it): proc_exe_path */
	char cwd[PATH_MAX_LEN + 1]; /* its working directory, absolute, canonical (vfs/path.h; VFS_PATH_LEN): spawn and fork write it */
	struct path_bufs paths;     /* its path buffers (proc/path_buf.h): taken is 0 whenever it is in user mode */
	uint8_t fpu[FPU_STATE_SIZE] __attribute__((aligned(16)));   /* x87/SSE state while not in the FPU (fpu.h): spawn and fork fill it */
};

extern struct proc procs[NPROC];   /* the process table (proc.c); kernel stack slot i is procs[i]'s */

/* Per-CPU state, in one struct so that SMP can come later. */
struct cpu {
	struct proc *current;
	struct context *scheduler_ctx;
	uint32_t context_switches;
	uint64_t idle_tsc;          /* TSC ticks halted with nothing to run (and the IRQs that woke it) */
	uint32_t busy_ticks, idle_ticks;   /* timer ticks that found a process running / none (/proc/stat's cpu line) */
	bool resched;        /* a tick in kernel mode found the time slice used up */
	struct proc *dead;          /* an exited orphan switched away from: freed right after the switch */
	struct proc *fpu_owner;     /* whose x87/MMX state the FPU holds (NULL: nobody's) */
	bool fpu_ts;                /* CR0.TS as this kernel last set it: the FPU traps (#NM) */
	bool linux_loaded;          /* the GDT's TLS slot and the personal doors are a Linux program's */
};
extern struct cpu cpu0;
static inline struct proc *current_proc(void) { return cpu0.current; }

/* proc/path_buf.h's: last in, first out, from the current process's set (boot's before any). */
static inline char *path_buf_take(void)
{
	struct proc *p = current_proc();
	struct path_bufs *b = p ? &p->paths : &path_boot_bufs;
	if (__builtin_expect(b->taken >= PATH_BUFS, 0))
		path_buf_misuse("more than PATH_BUFS nested");
	char *buf = b->buf[b->taken++];
	buf[0] = '\0';
	return buf;
}
static inline void path_buf_give(char **buf)
{
	struct proc *p = current_proc();
	struct path_bufs *b = p ? &p->paths : &path_boot_bufs;
	if (__builtin_expect(!b->taken || *buf != b->buf[b->taken - 1], 0))
		path_buf_misuse("given back out of order");
	b->taken--;
}

void sched_init(void);
void sched_lists_init(void);
/* Put p on the run queue (state P_RUNNABLE); p must be on no list. */
void sched_make_runnable(struct proc *p);
/* If p sleeps, wake it (off its lists, onto the run queue). */
void sched_wake_sleeper(struct proc *p);
/* A new process's first instructions (swtch.asm): what sched() does after a switch. */
void sched_finish_first_switch(void);
/* Never returns: runs processes; when none is left, calls the idle hook. */
void scheduler(void) __attribute__((noreturn));
/*
 * Give up the CPU; the caller has already set the state (P_RUNNABLE through
 * sched_make_runnable, P_SLEEPING on its lists, or P_ZOMBIE).
 */
void sched(void);
void yield(void);
/*
 * The running process p's personality into the CPU: its TLS slot and, in
 * make bench's kernel, its doors (arch/personal_doors.h). The switch does it
 * whenever a Linux program is involved; exec, which can change p's.
 */
void sched_load_personality(const struct proc *p);
/*
 * Sleep on chan until wakeup(chan); with wake_ms != 0, also until that
 * uptime. 0, or -EINTR (without sleeping, or woken early) when a signal
 * waits that is handled or ends the process: the caller gives up with
 * -EINTR, and its call may be made again after the handler (SA_RESTART:
 * signal_call_return decides on the way out, proc/signal.h).
 * Callers loop on their own condition (a wakeup may be for another).
 */
int sleep_on(const void *chan, uint64_t wake_ms);
/* sleep_on(chan, 0), for the sleeps that have no deadline (a pipe's two sides); chan is never NULL. */
int sleep_on_chan(const void *chan);
/*
 * sleep_on for a sleep that is never restarted (Linux's nanosleep and its
 * kin, pfgate's sleep_ms): -EINTR for any signal whose handler is to run,
 * SA_RESTART or not.
 */
int sleep_on_any_signal(const void *chan, uint64_t wake_ms);
/*
 * sleep_on for a caller that holds something across the sleep (a disk
 * request in flight, the disk lock): a kill neither stops it going to sleep
 * nor ends it where it wakes (a kill may wake it early: callers loop on their
 * own condition); it gives back what it holds, and the kill takes effect on
 * its way out of the kernel.
 */
void sleep_on_nokill(const void *chan, uint64_t wake_ms);
void wakeup(const void *chan);
/*
 * Where poll and select sleep: whatever changes a file's readiness (a pipe's
 * bytes or ends, the console's input) wakes it, and each sleeper looks at
 * its own files again. Here, below tty and vfs, so both can reach it.
 * A poller sets poll_waiting before it sleeps (poll_sleep); a change wakes
 * the channel only then, and clears it (each woken poller that sleeps again
 * sets it again): a pipe's or the console's change costs one test when no
 * one polls. A sleeper that never comes back (killed, or woken by a signal)
 * leaves it set: one wakeup too many, never one too few.
 */
extern const char poll_channel;
extern bool poll_waiting;
static inline int poll_sleep(uint64_t wake_ms)
{
	poll_waiting = true;
	return sleep_on_any_signal(&poll_channel, wake_ms);   /* poll and select end for any handler, as Linux's */
}
static inline void wakeup_pollers(void)
{
	if (poll_waiting) {
		poll_waiting = false;
		wakeup(&poll_channel);
	}
}
/* From the timer: wake timed sleepers and count down the time slice (irq() preempts). */
void sched_tick(uint64_t now_ms);

/* Long kernel work in pieces, and its preemption points: arch/long_work.h. */

/*
 * Start program `path` from the initrd with argv (kernel strings) and the
 * given gate set, as a child of parent (NULL: a kernel-started orphan).
 * Returns the pid or a negative errno (-ENOENT, -ENOEXEC, -ENOMEM, -EAGAIN).
 */
int proc_spawn(const char *path, const char *const *argv, int argc, const struct gate_set *gates, struct proc *parent);
struct proc_args;
/* The same with a's arguments and environment (a user's arrays: spawn's service), a's counts filled (proc/args.h). */
int proc_spawn_args(const char *path, struct proc_args *a, const struct gate_set *gates, struct proc *parent);
/*
 * A new program's arguments and environment: kernel strings (argv, envp), or
 * a user caller's NULL-terminated arrays (user set: uargv, uenvp, either NULL;
 * no uargv means argv is { the program's path }), read where they lie and
 * copied straight into the new stack (proc/args.h). argc, envc and bytes are
 * args_measure's for user arrays, the caller's for kernel ones.
 */
struct proc_args {
	const char *const *argv;
	int argc;
	const char *const *envp;
	int envc;
	bool user;
	const char __user *const __user *uargv;
	const char __user *const __user *uenvp;
	uint32_t argv_bytes;   /* argv's strings, their NULs included */
	uint32_t bytes;        /* argv's and envp's */
	/*
	 * A "#!" script's: argv is prefix (interpreter, its argument if any,
	 * the script's path), then the caller's argv from skip on (its argv[0]
	 * goes, as on Linux). given: how many the caller's argv holds.
	 */
	const char *prefix[3];
	int nprefix, skip, given;
};
/*
 * Replace the current process's image by program `path` (exec): same pid,
 * parent, children, gates and descriptors; new memory, registers (the frame
 * at p->tf), FPU state, null FS and GS. 0, or a negative errno (as spawn's)
 * with the old image untouched: the new one is built first.
 */
int proc_exec(const char *path, struct proc_args *args);
/*
 * fork (proc/fork.c): a child of the current process with a copy-on-write
 * copy of its address space, its gate set, descriptors, demand-zero regions
 * (and their promise), FPU state and user registers (its frame, EAX = 0).
 * The child's pid, or -EAGAIN (table full), -ENOMEM: then nothing is left.
 */
int proc_fork(void);
/*
 * The same, the started child itself (its frame and state are the caller's
 * to adjust before it first runs); NULL with *err. With share_vm (vfork) the
 * child runs in the caller's own address space, lent (proc/vm_loan.h): the
 * caller must sleep until the child gives it back.
 */
struct proc *proc_fork_copy(int *err, bool share_vm);
/*
 * A write fault on a present page of the current process: if it is
 * copy-on-write (after a fork) the writer gets a page of its own and the
 * access is retried (true). False for any other page.
 */
bool proc_cow_fault(uint32_t va);

/* Making a process, for spawn and fork (proc.c). */
/* A free slot with its kernel stack, P_EMBRYO; NULL with *err -EAGAIN or -ENOMEM. */
struct proc *proc_alloc(int *err);
/* Write len bytes into another address space at va, through the direct map: its pages must be mapped. */
void proc_vm_write(pde_t *pgdir, uint32_t va, const void *src, uint32_t len);
/* p's user frame at the top of its kernel stack (not cleared: the caller writes every word), and its first context, which returns through it with the user's fs, gs. */
struct trap_frame *proc_first_frame(struct proc *p, uint32_t fs, uint32_t gs);
/* A pid, name and parent for p, and onto the run queue. */
void proc_start(struct proc *p, const char *name, struct proc *parent);
/* Undo whatever of p was made (address space, gates, stack, promise) and free its slot. */
void proc_free(struct proc *p);
void proc_exit(int wstatus) __attribute__((noreturn));
/* A process's descriptors are given and taken by the room above (src/vfs): proc/files_upcalls.h. */
#include "proc/files_upcalls.h"
/* proc_kill_fault(tf, cr2, why), which the gate's decline path calls too: pfgate/upcalls.h. */
#include "pfgate/upcalls.h"
/*
 * A fault on a page of the current process that is not present: if it lies
 * in a demand-zero region (the stack, the bss, the heap below the break),
 * map it to a zeroed frame promised at spawn or sbrk and return true: the
 * access is retried; a Linux stack below its promised pages takes a frame
 * if one is free. False for any other address, or no frame.
 */
bool proc_demand_fault(uint32_t va);
/*
 * The lowest address p's stack may reach: a Linux stack grows to
 * LINUX_STACK_LIMIT; a native one USER_STACK_PAGES (USER_STACK_BOTTOM),
 * pushed down by as many pages as its arguments take past the top one.
 */
static inline uint32_t proc_stack_bottom(const struct proc *p)
{
	return p->stack_bottom;
}
/*
 * For wait: a child matching pid (-1: any, > 0: that one, 0: one of the
 * caller's group, < -1: one of group -pid) that is a zombie or, with
 * WUNTRACED, has stopped or, with WCONTINUED, was continued since its
 * parent last heard (its wait_report: the caller tells it and clears it);
 * blocking until there is one unless WNOHANG. NULL with *err = -ECHILD if
 * no child matches, -EINTR, or 0 if none is ready and WNOHANG.
 */
struct proc *proc_wait_child(int pid, unsigned long options, int *err);
/* Free a zombie; returns its pid. */
int proc_reap(struct proc *zombie);
void proc_reap_orphan(struct proc *p);
bool sched_slice_expired(void);
struct proc *proc_table(void);
/* The table itself, for proc.c and sched.c; everything else goes through proc_table(). */
extern struct proc procs[NPROC];
unsigned proc_count(void);
/* The pid given last (/proc/loadavg's last field; every fork and spawn takes the next one). */
int proc_last_pid(void);
const char *kill_reason_text(unsigned reason);
/* A signal's default action (SIG_DFL_*, pfgate/signal.h). */
unsigned signal_default_action(int sig);
/* The wait status of a process ended by sig (why: the kernel's reason, or 0 for a plain signal). */
int proc_signalled_status(int sig, enum kill_reason why);

/*
 * Hook run by the scheduler when nothing is runnable (the boot program list):
 * returns true if it made something runnable.
 */
void sched_set_idle_hook(bool (*hook)(void));
/* The path p's program was loaded from, as spawn or exec was given it (/proc/self/exe's target). */
const char *proc_exe_path(const struct proc *p);
/* Kill a child of the current process: -ESRCH if no such process, -EPERM if not a child. */
int proc_kill(int pid);
/* p ends by sig's default action (why: the kernel's reason, or 0), where kills end it. */
void proc_kill_signal(struct proc *p, int sig, enum kill_reason why);
/* The live process with this pid (not a zombie), or NULL. */
struct proc *proc_find_live(int pid);
/* The path p's program was started from (spawn, exec; fork keeps the parent's), as given: "" for none. */
const char *proc_exe_path(const struct proc *p);
/*
 * p's arguments as its program was started, each string ending in NUL, read
 * from its own stack (arg_start..arg_end, as Linux's /proc/PID/cmdline) from
 * offset on into buf: the bytes there were, at most size (none for a zombie).
 */
size_t proc_cmdline(const struct proc *p, uint32_t offset, char *buf, size_t size);
/* True if p is anc or descends from it. */
bool proc_descends_from(const struct proc *p, const struct proc *anc);
/* Exit now if someone killed this process. */
void proc_check_killed(void);
/*
 * Hook told when a process without a parent ends (the boot program list,
 * init), inside that process's exit: it may only take notes. Work it wants
 * done (starting init again) it asks of the scheduler:
 * sched_request_kernel_work.
 */
void proc_set_orphan_exit_hook(void (*hook)(const struct proc *p));
/* Hook told when a session leader ends, at the start of its exit (the console's hang-up: tty/foreground.h). */
void proc_set_leader_exit_hook(void (*hook)(const struct proc *p));
/* The live process pid (init) adopts the children of every process that ends from now on; 0: nobody. */
void proc_set_reaper(int pid);
/*
 * Kernel work that belongs to no process (starting init again): the hook
 * runs in the scheduler's own context, on the boot stack with no current
 * process, before the next process is picked. A request is for the orphan
 * hook (inside an orphan's exit): that exit's switch goes through there.
 */
void sched_set_kernel_work_hook(void (*hook)(void));
void sched_request_kernel_work(void);

#endif
