/* help: linuxtest: runs the Linux test programs (lx*) and checks how each ended (TAP) */
/*
 * The Linux personality from outside: each Linux program (user/linux/) is
 * spawned like any program, and its end is checked here: lxhello's own
 * checks and lxglibc exit 0; the hostile acts of lxbad either end in
 * -ENOSYS (exit 0) or kill only that process, with a report.
 */
#include "ulib.h"
#include "tap.h"

static int run(const char *prog, const char *arg)
{
	const char *argv[] = { prog, arg, NULL };
	long pid = sys_spawn(prog, argv, NULL);   /* no arg: argv ends at it */
	int st;
	if (pid <= 0 || sys_wait((int)pid, &st, 0) != pid)
		return -1;
	return st;
}

static bool exited(int st, int code) { return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == code; }
static bool killed(int st, int why) { return st != -1 && WIFSIGNALED(st) && (int)WKILLREASON(st) == why; }

int main(void)
{
	int st = run("lxhello", NULL);
	tap_ok(exited(st, 0), "lxhello (-nostdlib, through AT_SYSINFO): every check passed (status %x)", st);
	st = run("lxglibc", NULL);
	tap_ok(exited(st, 0), "lxglibc (glibc -static) ran and exited 0 (status %x)", st);
	st = run("lxfiles", NULL);
	tap_ok(exited(st, 0), "lxfiles (glibc): files, pipes, poll, select, mmap, limits and paths with bad input, as Linux answers (status %x)", st);
	static const char *const read_only[] = { "roimage", "roheap", "rostack" };
	for (unsigned i = 0; i < sizeof read_only / sizeof read_only[0]; i++) {
		st = run("lxfiles", read_only[i]);
		tap_ok(killed(st, KILL_PAGE_FAULT), "lxfiles %s: a write to a page mprotect made read-only kills it (status %x)", read_only[i], st);
	}
	st = run("lxfiles", "stack9m");
	tap_ok(killed(st, KILL_PAGE_FAULT), "lxfiles stack9m: a touch past the 8 MiB stack kills it (status %x)", st);
	st = run("lxbad", "unbound");
	tap_ok(exited(st, 0), "a Linux gate with no service: -ENOSYS (status %x)", st);
	st = run("lxbad", "nativegate");
	tap_ok(exited(st, 0), "a native gate from a Linux program: -ENOSYS (status %x)", st);
	st = run("lxbad", "midgate");
	tap_ok(killed(st, KILL_GATE_MISALIGNED), "a jump into the middle of a Linux gate page kills it (status %x)", st);
	st = run("lxbad", "vdso");
	tap_ok(killed(st, KILL_ILLEGAL), "a Linux program that corrupts its own vDSO dies alone (status %x)", st);
	st = run("lxbad", "readonly");
	tap_ok(killed(st, KILL_PAGE_FAULT), "a write to a page mprotect made read-only kills it (status %x)", st);
	st = run("lxbad", "int81");
	tap_ok(killed(st, KILL_PROTECTION), "int 0x81 from a Linux program kills it (status %x)", st);
	/* Two at once, each with its own TLS, yielding to each other. */
	const char *tls_argv[] = { "lxtls", NULL };
	long a = sys_spawn("lxtls", tls_argv, NULL), b = sys_spawn("lxtls", tls_argv, NULL);
	int sa = -1, sb = -1;
	if (a > 0)
		sys_wait((int)a, &sa, 0);
	if (b > 0)
		sys_wait((int)b, &sb, 0);
	tap_ok(exited(sa, 0) && exited(sb, 0), "two Linux processes keep their own TLS across switches; a cleared slot nulls GS (%x, %x)", sa, sb);
	/* exec changes the personality in place: a forked native child becomes lxhello. */
	long pid = sys_fork();
	if (pid == 0) {
		const char *hello_argv[] = { "lxhello", NULL };
		const char *envp[] = { "TERM=dumb", NULL };
		sys_exec("lxhello", hello_argv, envp);
		sys_exit(99);
	}
	st = -1;
	if (pid > 0)
		sys_wait((int)pid, &st, 0);
	tap_ok(exited(st, 0), "a native child that execs lxhello runs it as a Linux program (status %x)", st);
	st = run("lxproc", NULL);
	tap_ok(exited(st, 0), "lxproc (glibc -static): fork, exec, wait, kill and Linux's signal frames, every check passed (status %x)", st);
	st = run("lxhello", NULL);
	tap_ok(exited(st, 0), "lxhello again: the kernel went on (status %x)", st);
	return tap_done();
}
