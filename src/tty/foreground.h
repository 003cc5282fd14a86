/*
 * The console's foreground process group, the one its ^C (SIGINT) and ^Z
 * (SIGTSTP) go to, and the session that controls the console: the first
 * session to name a foreground group (tcsetpgrp) takes the console, and
 * keeps it while any process of it lives. Before that, and for processes
 * of other sessions, the console is a plain file: ^C and ^Z are input.
 */
#ifndef KERNEL_FOREGROUND_H
#define KERNEL_FOREGROUND_H

#include <stdbool.h>

/*
 * tcsetpgrp on behalf of the current process: pgid must be a group of its
 * session (-EPERM; -EINVAL if not positive), and its session the console's
 * or the console nobody's (-ENOTTY). A ^C typed before the group was named
 * (while the shell started it) is sent to it then, if it acts on SIGINT.
 * A background caller of the console's session is sent SIGTTOU, as Linux
 * does: its group stops and it checks again once continued; -EINTR if it
 * handles SIGTTOU; named as asked if it ignores or blocks it (what a shell
 * does to take the console back).
 */
long foreground_set_group(int pgid);
/* tcgetpgrp: the foreground group, or -ENOTTY if the caller's session does not control the console. */
long foreground_group(void);
/* The foreground group (0: none), for ps and debuggers. */
int foreground_pgid(void);
/*
 * From the input interrupt, for a ^C or ^Z: its signal (SIGINT or SIGTSTP) to the foreground
 * group. False if no process of it acts on it (no foreground group, or all
 * ignore it), so that the key is queued as input instead (the shell's
 * prompt clears its line on ^C).
 */
bool foreground_key(int sig);
/*
 * Before the current process reads the console: 0 if it may (the console
 * has no session, the reader is of another session, or of the foreground
 * group). A background reader gets SIGTTIN to its group and stops here,
 * going on once continued (and checking again); -EIO if it ignores or blocks
 * SIGTTIN, -EINTR if it handles it (POSIX). Writes are allowed (no TOSTOP).
 */
long foreground_read_check(void);

#endif
