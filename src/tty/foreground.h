/*
 * The console as a controlling terminal, as Linux has it: the session that
 * controls it and its foreground process group, the one its ^C (SIGINT)
 * and ^Z (SIGTSTP) go to. A session gets the console when the kernel starts
 * its leader (every program of run= and init=: boot_programs.c), or by its
 * leader's TIOCSCTTY while nobody holds it; it keeps it until its leader
 * exits or gives it up (TIOCNOTTY): a hang-up, SIGHUP and SIGCONT to the
 * foreground group, and the console is nobody's. setsid makes a session
 * without it. While the console is nobody's, and for processes of other
 * sessions, it is a plain file: ^C and ^Z are input, /dev/tty is -ENXIO.
 */
#ifndef KERNEL_FOREGROUND_H
#define KERNEL_FOREGROUND_H

#include <stdbool.h>

struct proc;

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
/* The kernel's start of a session leader (pid sid): the console is its controlling terminal, its group (sid) the foreground. */
void foreground_give_console(int sid);
/*
 * TIOCSCTTY: the caller, a session leader (-EPERM otherwise), makes the
 * console its session's controlling terminal, its own group the foreground;
 * -EPERM if another live session holds it (0 if its own does), unless
 * steal (TIOCSCTTY's argument 1, which Linux grants CAP_SYS_ADMIN: every
 * process here is root): then that session just loses it, with no hang-up.
 */
long foreground_take_console(bool steal);
/* TIOCNOTTY: -ENOTTY unless the caller's session holds the console; its leader hangs it up (see above). */
long foreground_drop_console(void);
/* Does the current process's session hold the console (/dev/tty opens only then)? */
bool foreground_is_controlling(void);
/* A session leader exits (the scheduler's hook, proc/sched.h): if its session holds the console, the hang-up. */
void foreground_leader_exit(const struct proc *leader);
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
