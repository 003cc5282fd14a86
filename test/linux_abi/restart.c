/* SA_RESTART with no timer: a blocked read and a blocked wait, each interrupted by a
 * child that signals its parent over and over (kill in a loop) until the parent
 * stops it. Without SA_RESTART the call fails EINTR, the handler having run before
 * it returned; with it the handler runs and the call is made again, and returns
 * what the handler made ready (its byte in the pipe, its kill of the signaller).
 * Should the first signal come before the call blocks, a later one comes in the
 * middle of it: the outcome never depends on timing. */
#include "abi.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t hits, acted;
static volatile int wake_fd = -1;
static volatile pid_t stop_pid;

/* Counts; once, the first time it has something to do: a byte into the pipe, or the signaller killed. */
static void handler(int sig)
{
	(void)sig;
	hits++;
	if (acted || (wake_fd < 0 && stop_pid <= 0))
		return;
	acted = 1;
	if (wake_fd >= 0)
		write(wake_fd, "w", 1);
	if (stop_pid > 0)
		kill(stop_pid, SIGKILL);
}

static void install(int flags)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/* A child that sends SIGUSR1 to its parent until it is killed. */
static pid_t signaller(void)
{
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		for (;;) {
			kill(parent, SIGUSR1);
			sched_yield();
		}
	}
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;   /* a signal it sent before it died may still interrupt */
}

int main(void)
{
	int p[2];
	pipe(p);
	char c;

	hits = 0;
	install(0);
	pid_t s = signaller();
	errno = 0;
	ssize_t n = read(p[0], &c, 1);
	int e = errno, ran = hits > 0;
	stop(s);
	printf("read, no SA_RESTART: %zd %s, handler ran before it returned %d\n", n, errname(e), ran);

	hits = acted = 0;
	install(SA_RESTART);
	wake_fd = p[1];
	s = signaller();
	n = read(p[0], &c, 1);
	stop(s);
	wake_fd = -1;
	printf("read, SA_RESTART: %zd '%c'\n", n, n == 1 ? c : '?');

	hits = 0;
	install(0);
	s = signaller();
	errno = 0;
	int status = 0;
	pid_t w = waitpid(s, &status, 0);
	e = errno;
	ran = hits > 0;
	stop(s);
	printf("wait, no SA_RESTART: %d %s, handler ran before it returned %d\n", w == s ? 1 : (int)w, errname(e), ran);

	hits = acted = 0;
	install(SA_RESTART);
	s = signaller();
	stop_pid = s;   /* the handler's kill ends it: the wait made again reaps it */
	w = waitpid(s, &status, 0);
	stop_pid = 0;
	printf("wait, SA_RESTART: reaped the signaller %d, killed by %d\n", w == s, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}
