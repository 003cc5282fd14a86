/* Decoded reports of CPU exceptions, for kernel panics and killed processes. */
#ifndef KERNEL_FAULT_REPORT_H
#define KERNEL_FAULT_REPORT_H

#include <stdint.h>
#include "arch/trap_frame.h"

/* fault_report(tf, cr2, indent), which the gate's decline path calls too: pfgate/upcalls.h. */
#include "pfgate/upcalls.h"
/* Walk the kernel frame-pointer chain from ebp. */
void backtrace(uint32_t ebp, const char *indent);
/* Pure: "P W U" style decoding of a #PF error code into buf. */
void pf_err_decode(uint32_t err, char *buf, unsigned size);

#endif
