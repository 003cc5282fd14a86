/* Per-call log of gate dispatches (boot option `gatelog`, through pf_entry_logged). */
#ifndef PFGATE_GATE_LOG_H
#define PFGATE_GATE_LOG_H

#include <stdbool.h>
#include "kernel/trap_frame.h"

/* One line: pid, gate name and number, arguments (as many as it takes), result. */
void gate_log(int gate, const struct trap_frame *tf, long result);

#endif
