/*
 * ABI types and constants beyond the gate table, shared by kernel and user:
 * wait statuses, kill reasons, limits.
 */
#ifndef PFGATE_ABI_H
#define PFGATE_ABI_H

#define STDIN_FD  0
#define STDOUT_FD 1
#define STDERR_FD 2

#define PATH_MAX_LEN 64     /* including the terminating NUL */
#define ARGV_MAX     16     /* arguments passed to a program */
#define ARG_MAX_LEN  256    /* bytes of all argument strings together */

/*
 * A wait status: bits 0-7 the exit status; bit 8 set when the process was
 * killed, with the kill reason in bits 9-15.
 */
#define WSTATUS_KILLED        0x100
#define WSTATUS_REASON_SHIFT  9
#define WSTATUS_EXITED(s)     (!((s) & WSTATUS_KILLED))
#define WSTATUS_EXIT_CODE(s)  ((s) & 0xFF)
#define WSTATUS_REASON(s)     (((s) >> WSTATUS_REASON_SHIFT) & 0x7F)

/* User segment selectors (flat, ring 3), as user code sees them. */
#define USER_CS 0x1B
#define USER_DS 0x23

/*
 * The comparison doors of make bench (only in its kernel, src/bench/, and open
 * only with the `doors` boot option):
 * int DOOR_INT_VECTOR with the gate number in EBX, and one call gate per gate
 * number, selector DOOR_CALLGATE_SEL(n).
 */
#define DOOR_INT_VECTOR     0x80
#define DOOR_CALLGATE_FIRST 8      /* GDT index of gate 0's call gate */
#define DOOR_CALLGATE_SEL(n) ((((n) + DOOR_CALLGATE_FIRST) << 3) | 3)

/* The console's interrupt character: kills the foreground process (see setfg). */
#define CONSOLE_INTR_CHAR 0x03   /* Ctrl-C */

/* wait() options */
#define WNOHANG 1   /* return 0 at once if no child has ended */

/* Why the kernel killed a process. X-macro: (code, name, description). */
#define KILL_REASONS(X) \
	X(1,  GATE_MISALIGNED, "call into the middle of a gate page") \
	X(2,  GATE_DATA,       "data access to a gate page") \
	X(3,  GATE_BAD_STACK,  "gate call with an unreadable return address") \
	X(4,  PAGE_FAULT,      "page fault") \
	X(5,  PROTECTION,      "general protection fault") \
	X(6,  ILLEGAL,         "invalid opcode") \
	X(7,  ARITHMETIC,      "arithmetic fault") \
	X(8,  OTHER_FAULT,     "CPU exception") \
	X(9,  KILLED,          "killed by another process") \
	X(10, INTERRUPTED,     "killed by ^C")

enum kill_reason {
#define KILL_ENUM(code, name, text) KILL_##name = (code),
	KILL_REASONS(KILL_ENUM)
#undef KILL_ENUM
};

/* File types in pf_stat and pf_dirent. */
#define PF_TYPE_FILE 1
#define PF_TYPE_DIR  2

#define PF_NAME_LEN 64           /* names in the initrd, including the NUL */
#define PF_PROC_NAME_LEN 16
#define PF_GATE_SET_WORDS 32     /* GATE_COUNT / 32 */

struct pf_stat {
	unsigned long size;
	unsigned long type;
};

struct pf_dirent {
	char name[PF_NAME_LEN];      /* relative to the directory listed */
	unsigned long size;
	unsigned long type;
};

/* Process states as procinfo reports them. */
#define PF_PROC_RUNNABLE 1
#define PF_PROC_RUNNING  2
#define PF_PROC_SLEEPING 3
#define PF_PROC_ZOMBIE   4

struct pf_procinfo {
	int pid, ppid;
	unsigned long state;
	unsigned long frames;        /* user pages mapped */
	unsigned long ngates;        /* gates in its set */
	char name[PF_PROC_NAME_LEN];
	unsigned long gates[PF_GATE_SET_WORDS];
};

struct pf_sysinfo {
	unsigned long free_frames;
	unsigned long total_frames;
	unsigned long nproc, nproc_max;
	unsigned long uptime_ms;
	unsigned long context_switches;
	unsigned long gate_calls;    /* gate calls so far: counted only with `gatecount` or `gatelog` */
	unsigned long console_queued;      /* bytes written, not yet handed to the UART */
	unsigned long console_full_waits;  /* times a writer slept for room in the console queue */
};

#endif
