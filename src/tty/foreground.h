/*
 * The console's foreground processes (one, or a pipeline's): the ones Ctrl-C kills. The shell names it
 * (the setfg gate) before waiting for a program and clears it after.
 */
#ifndef KERNEL_FOREGROUND_H
#define KERNEL_FOREGROUND_H

#include <stdbool.h>

/*
 * Make pid (0: none) the foreground process, on behalf of the current one.
 * The target must be the caller or its child (or 0); while a live foreground
 * process exists only it or an ancestor may change it, so a background job
 * cannot take the console's ^C away from the program a person is watching.
 * Returns 0, -ESRCH (no such live process) or -EPERM.
 */
long foreground_set(int pid);
/*
 * One more process of the foreground (a pipeline's next), on the same
 * terms: ^C kills them all. -EBUSY past FG_MAX (foreground.c).
 */
long foreground_add(int pid);
/* The foreground pid (its first live process; 0 if none): for ps and debuggers. */
int foreground_pid(void);
/*
 * From the input interrupt, for a ^C: kill the foreground process and its
 * descendants. False if there is none, so the ^C is queued as input instead
 * (the shell's prompt clears its line on it).
 */
bool foreground_interrupt(void);

#endif
