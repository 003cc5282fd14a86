/*
 * Process groups and sessions, as POSIX has them: every process is in a
 * group (pgid) inside a session (sid), both inherited from its parent by
 * spawn and fork and kept by exec; a kernel-started process leads its own.
 * The kernel API the gates use, and Linux's setpgid/getpgid/setsid/kill
 * will: each returns what the call returns (a value or -errno).
 */
#ifndef PROC_PGRP_H
#define PROC_PGRP_H

#include <stdbool.h>
#include <pfgate/abi.h>

struct proc;

/*
 * setpgid(pid, pgid) for the current process: pid 0 is itself, pgid 0 is
 * pid. The target is the caller or one of its children (-ESRCH), in the
 * caller's session and no session leader (-EPERM); pgid is its own pid or a
 * group of that session (-EPERM); pgid < 0 is -EINVAL. A child that has
 * exec'd is out of reach (-EACCES, POSIX): a spawned child has (struct
 * proc's execed); the shell places its children by fork, both sides.
 */
long proc_setpgid(int pid, int pgid);
/* getpgid(pid) (0: the caller): the group, or -ESRCH. */
long proc_getpgid(int pid);
/* setsid(): a new session and group led by the caller (its sid), or -EPERM if it leads a group already. */
long proc_setsid(void);
/* True if a process of group pgid, live or a zombie not yet reaped (as Linux counts it), is in session sid. */
bool proc_group_in_session(int pgid, int sid);
/* True if a live process is in session sid. */
bool proc_session_alive(int sid);
/* True if a live process of group pgid would act on sig (does not ignore it). */
bool proc_group_acts(int pgid, int sig);
/*
 * From the kernel: sig to every live process of group pgid (why: the kill
 * reason a default action records). Returns how many of them do not ignore
 * it (0: nobody acts on it, or the group is empty).
 */
unsigned proc_signal_group(int pgid, int sig, enum kill_reason why);
/*
 * Before dying leaves (exit): POSIX's orphaned process groups. A group of
 * one of its children (not its own, in its session) that its exit leaves
 * with no parent outside the group in the session, and that has a stopped
 * process, gets SIGHUP then SIGCONT: nobody is left to continue it.
 */
void proc_orphan_groups(const struct proc *dying);
/* Group pgid is orphaned (POSIX): no live member has a parent in another group of its session. */
bool proc_group_orphaned(int pgid);
/*
 * kill(pid, sig) from the current process, POSIX's targets: pid > 0 that
 * process, 0 the caller's group, -1 every process it may signal but itself,
 * < -1 group -pid. It may signal itself, its descendants, its parent, and
 * with SIGCONT any process of its session. sig 0 checks only. 0, or
 * -ESRCH (nobody there), -EPERM (nobody it may signal), -EINVAL.
 */
long proc_send_signal(int pid, int sig);

#endif
