/* vfork and clone(CLONE_VM | CLONE_VFORK) (glibc's and musl's posix_spawn):
 * the child runs in the parent's memory, on the parent's stack below its
 * frame, and the parent sleeps until the child execs or ends; what the child
 * writes the parent reads after. The hostile cases: a vfork child killed, a
 * parent killed while it waits, a vfork child that vforks. The program runs
 * itself again (argv[0]) for the exec cases. */
#include "abi.h"
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile int written;         /* the child's writes, read by the parent after */
static volatile int exec_errno;      /* busybox's "exec failed" flag, as its vfork child sets it */
static volatile char *child_page;    /* a page the child mapped */
static volatile int got_usr1;

static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }

static const char *status_text(int st, char *buf, size_t len)
{
	if (WIFEXITED(st))
		snprintf(buf, len, "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "killed by %d", WTERMSIG(st));
	else
		snprintf(buf, len, "status %#x", st);
	return buf;
}

static void report(const char *label, pid_t pid)
{
	int st = 0;
	char buf[32];
	pid_t r = waitpid(pid, &st, 0);
	printf("%s: %s\n", label, r == pid ? status_text(st, buf, sizeof buf) : "no child");
}

/* Some stack below the vfork's frame, as a child that calls functions uses it. */
static int __attribute__((noinline)) use_stack(int depth)
{
	volatile char scratch[512];
	for (unsigned i = 0; i < sizeof scratch; i++)
		scratch[i] = (char)depth;
	return depth ? use_stack(depth - 1) + scratch[7] : 0;
}

static void shared_writes(void)
{
	volatile char frame[64];   /* the parent's, above the child's frames */
	memset((char *)frame, 'p', sizeof frame);
	written = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		written = 42;
		use_stack(8);
		_exit(3);
	}
	printf("vfork: the child's write is the parent's: %d\n", written);
	int intact = 1;
	for (unsigned i = 0; i < sizeof frame; i++)
		intact &= frame[i] == 'p';
	CHECK("vfork: the parent's frame intact after the child used the stack below", intact);
	report("vfork child", pid);
}

static void failed_exec(char **argv)
{
	exec_errno = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		char *args[] = { "/no/such/program", NULL };
		execve(args[0], args, environ);
		exec_errno = errno;
		_exit(127);
	}
	printf("vfork + failed exec: the flag says %s\n", errname(exec_errno));
	report("vfork + failed exec", pid);

	written = 0;
	pid = vfork();
	if (pid == 0) {
		written = 7;
		char *args[] = { argv[0], "again", NULL };
		execve(argv[0], args, environ);
		_exit(126);
	}
	/* Resumed at the exec: the new program has memory of its own, the old is the parent's again. */
	printf("vfork + exec: the write before the exec is the parent's: %d\n", written);
	report("vfork + exec", pid);
}

static void heap_and_mappings(void)
{
	char *before = (char *)syscall(SYS_brk, 0);   /* the call itself: musl's sbrk takes 0 only */
	child_page = NULL;
	pid_t pid = vfork();
	if (pid == 0) {
		if ((char *)syscall(SYS_brk, before + 8192) == before + 8192)
			before[100] = 'b';
		void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED) {
			((char *)m)[10] = 'm';
			child_page = m;
		}
		_exit(0);
	}
	char *after = (char *)syscall(SYS_brk, 0);
	CHECK("vfork: the child's brk is the parent's break", after == before + 8192);
	CHECK("vfork: the child's write to the heap it grew reads back", after == before + 8192 && before[100] == 'b');
	CHECK("vfork: the child's mapping is the parent's", child_page && child_page[10] == 'm');
	if (child_page)
		munmap((void *)child_page, 4096);
	syscall(SYS_brk, before);
	report("vfork heap child", pid);
}

static void spawn(char **argv)
{
	pid_t pid = 0;
	char *missing[] = { "/no/such/program", NULL };
	int r = posix_spawn(&pid, missing[0], NULL, NULL, missing, environ);
	printf("posix_spawn of a missing program: %s\n", r ? errname(r) : "succeeded");
	if (!r)
		report("posix_spawn of a missing program", pid);
	char *again[] = { argv[0], "again", NULL };
	r = posix_spawn(&pid, argv[0], NULL, NULL, again, environ);
	printf("posix_spawn of itself: %s\n", r ? errname(r) : "succeeded");
	if (!r)
		report("posix_spawned child", pid);
}

static void signals_to_parent(void)
{
	/* A handled signal waits for the vfork to end: the handler runs as vfork returns. */
	signal(SIGUSR1, on_usr1);
	got_usr1 = 0;
	pid_t pid = vfork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		written = got_usr1;
		_exit(0);
	}
	printf("vfork: a handled signal to the waiting parent: child saw %d, parent after %d\n", written, got_usr1);
	report("vfork signalling child", pid);
	signal(SIGUSR1, SIG_DFL);
}

static void hostile(void)
{
	pid_t pid = vfork();
	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	report("vfork child killed", pid);

	/* A parent killed while it waits: the child goes on in the space that was its parent's. */
	int p[2];
	pipe(p);
	pid_t waiter = fork();
	if (waiter == 0) {
		close(p[0]);
		pid_t c = vfork();
		if (c == 0) {
			pid_t parent = getppid();
			kill(parent, SIGKILL);
			while (getppid() == parent)   /* until the parent has ended: the space is the child's alone */
				sched_yield();
			written = 99;
			use_stack(4);
			char line[] = "the vfork child goes on after its parent's end\n";
			write(p[1], line, sizeof line - 1);
			_exit(0);
		}
		write(p[1], "parent resumed\n", 15);
		_exit(0);
	}
	close(p[1]);
	char buf[128];
	ssize_t n, all = 0;
	while ((n = read(p[0], buf + all, sizeof buf - 1 - all)) > 0)
		all += n;
	buf[all] = '\0';
	close(p[0]);
	printf("%s", buf);
	report("vfork parent killed while it waits", waiter);

	/* A vfork child that vforks: each parent resumes when its own child is done. */
	written = 0;
	pid = vfork();
	if (pid == 0) {
		pid_t g = vfork();
		if (g == 0) {
			written = 1;
			_exit(5);
		}
		int st = 0;
		waitpid(g, &st, 0);
		written = written * 10 + (WIFEXITED(st) ? WEXITSTATUS(st) : 9);
		_exit(6);
	}
	printf("vfork in a vfork child: %d\n", written);
	report("vfork in a vfork child", pid);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "again") == 0)
		return 4;   /* silent: its parent prints on, at once, as the exec is the vfork's end */
	shared_writes();
	failed_exec(argv);
	heap_and_mappings();
	spawn(argv);
	signals_to_parent();
	hostile();
	return 0;
}
