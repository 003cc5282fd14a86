/*
 * What the gate mechanism calls in the rooms above it, declared here so that
 * src/pfgate includes nothing above it (docs/design.md, "Layering"): the
 * process layer binds each process's gate set through pfgate's header, and
 * the decline path, below it, kills the caller through these. Each is defined
 * in src/proc, whose headers include this one (one declaration, checked
 * against its definition).
 */
#ifndef PFGATE_UPCALLS_H
#define PFGATE_UPCALLS_H

#include <stdint.h>
#include <pfgate/abi.h>        /* enum kill_reason */
#include "arch/trap_frame.h"

/* Kill the current process for a fault: the kill report and the decoded fault on the console, then exit (proc/proc.c). */
void proc_kill_fault(struct trap_frame *tf, uint32_t cr2, enum kill_reason why) __attribute__((noreturn));
/* Vector name, error code spelled out, CR2, registers, EIP as symbol+offset, backtrace (proc/fault_report.c). */
void fault_report(const struct trap_frame *tf, uint32_t cr2, const char *indent);
/*
 * On the way back to user mode from a full-frame gate (full_frame.asm): the
 * current process's first deliverable signal runs its handler or its default
 * action (proc/signal.c).
 */
void signal_deliver(struct trap_frame *tf);
/* The pid of the process running now, for the gate log (proc/proc.c). */
int proc_current_pid(void);

#endif
