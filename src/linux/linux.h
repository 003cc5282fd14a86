/* The Linux personality as the top of the kernel sees it (kmain, trap()). */
#ifndef LINUX_LINUX_H
#define LINUX_LINUX_H

#include <stdbool.h>
#include "arch/trap_frame.h"

/* A Linux program's int 0x80 (a #GP on vector 0x80): served, true; anything else false. */
bool linux_int80(struct trap_frame *tf);

#endif
