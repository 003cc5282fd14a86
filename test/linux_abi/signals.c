/* sigaction, kill and raise to self, the mask, pending signals, siginfo, SA_RESTART
 * against SA_INTERRUPT-like behaviour on a blocking read, default actions. */
#include "abi.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig, last_code;
static int wake_fd = -1;

static void handler(int sig)
{
	hits++;
	last_sig = sig;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
}

static void alarm_handler(int sig)
{
	(void)sig;
	hits++;
	if (wake_fd >= 0)
		write(wake_fd, "w", 1);
}

/* A real-time timer every 20 ms, until stopped: the read below blocks (nothing else
 * writes the pipe), and should the first tick come before it does (a slow host),
 * a later one comes in the middle of it. So the outcome never depends on timing. */
static void timer(int ms)
{
	struct itimerval it = { { 0, ms * 1000 }, { 0, ms * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	printf("sigaction USR1: %d\n", sigaction(SIGUSR1, &sa, NULL));
	kill(getpid(), SIGUSR1);
	printf("after kill: hits %d sig %d\n", (int)hits, (int)last_sig);
	raise(SIGUSR1);
	printf("after raise: hits %d\n", (int)hits);

	struct sigaction old;
	sigaction(SIGUSR1, NULL, &old);
	CHECK("sigaction reads the handler back", old.sa_handler == handler);

	sigset_t block, was, pend;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &was);
	kill(getpid(), SIGUSR1);
	printf("blocked: hits %d\n", (int)hits);
	sigpending(&pend);
	CHECK("pending while blocked", sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_SETMASK, &was, NULL);
	printf("unblocked: hits %d\n", (int)hits);
	sigpending(&pend);
	CHECK("no longer pending", !sigismember(&pend, SIGUSR1));

	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	printf("ignored USR2: hits %d\n", (int)hits);

	struct sigaction si = { 0 };
	si.sa_sigaction = info_handler;
	si.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &si, NULL);
	kill(getpid(), SIGUSR2);
	printf("siginfo from kill: sig %d code %d (SI_USER %d)\n", (int)last_sig, (int)last_code, SI_USER);

	EXPECT_FAIL("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
	EXPECT_FAIL("sigaction 0", sigaction(0, &sa, NULL));
	EXPECT_FAIL("sigaction 65", sigaction(65, &sa, NULL));
	EXPECT_FAIL("kill with signal 65", kill(getpid(), 65));
	printf("kill with signal 0 (a probe): %d\n", kill(getpid(), 0));

	int p[2];
	pipe(p);
	char c;
	struct sigaction al = { 0 };
	al.sa_handler = alarm_handler;
	sigaction(SIGALRM, &al, NULL);
	timer(20);
	EXPECT_FAIL("read interrupted, no SA_RESTART", read(p[0], &c, 1));
	timer(0);
	al.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &al, NULL);
	wake_fd = p[1];
	timer(20);
	ssize_t n = read(p[0], &c, 1);
	timer(0);
	printf("read with SA_RESTART: %zd '%c'\n", n, n == 1 ? c : '?');
	wake_fd = -1;
	timer(20);   /* a sleep is never restarted, SA_RESTART or not (signal(7)) */
	EXPECT_FAIL("nanosleep with SA_RESTART", nanosleep(&(struct timespec){ 10, 0 }, NULL));
	timer(0);

	/* Default actions, seen by a parent. */
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, SIG_DFL);
		raise(SIGUSR1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("default USR1: signaled %d sig %d\n", WIFSIGNALED(status) ? 1 : 0, WTERMSIG(status));
	pid = fork();
	if (pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		raise(SIGCHLD);   /* ignored by default */
		_exit(4);
	}
	waitpid(pid, &status, 0);
	printf("default CHLD: exited %d\n", WEXITSTATUS(status));
	pid = fork();
	if (pid == 0) {
		volatile int *null = NULL;
		signal(SIGSEGV, SIG_DFL);
		*null = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("null write: signaled %d sig %d\n", WIFSIGNALED(status) ? 1 : 0, WTERMSIG(status));
	return 0;
}
