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
	X(9,  KILLED,          "killed by another process")

enum kill_reason {
#define KILL_ENUM(code, name, text) KILL_##name = (code),
	KILL_REASONS(KILL_ENUM)
#undef KILL_ENUM
};

#endif
