/* Per-call log of gate dispatches (boot option `gatelog`, through pf_entry_logged). */
#ifndef PFGATE_GATE_LOG_H
#define PFGATE_GATE_LOG_H

#include <stdbool.h>
#include "arch/trap_frame.h"

/*
 * Gate calls through the logged entry so far (sysinfo reports it), counted by
 * pf_entry_logged before the service runs, so that exit is counted too.
 */
extern unsigned long gate_log_calls;
/* `gatecount`: count the calls, print nothing (for make bench's workloads). */
extern bool gate_log_quiet;

/* One line: pid, gate name and number, arguments (as many as it takes), result. */
void gate_log(int gate, const struct trap_frame *tf, long result);

#endif
