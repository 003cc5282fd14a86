/* pipe, fork, wait4 and the status macros; EOF and EPIPE; WNOHANG. */
#include "abi.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int status)
{
	printf("%s: WIFEXITED %d", what, WIFEXITED(status) ? 1 : 0);
	if (WIFEXITED(status))
		printf(" WEXITSTATUS %d", WEXITSTATUS(status));
	printf(" WIFSIGNALED %d", WIFSIGNALED(status) ? 1 : 0);
	if (WIFSIGNALED(status))
		printf(" WTERMSIG %d", WTERMSIG(status));
	printf(" WIFSTOPPED %d\n", WIFSTOPPED(status) ? 1 : 0);
}

int main(void)
{
	int p[2];
	printf("pipe: %d\n", pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "from the child\n", 15);
		_exit(7);
	}
	close(p[1]);
	char buf[64];
	ssize_t n = read(p[0], buf, sizeof buf);
	printf("parent read: %zd %.*s", n, (int)n, buf);
	printf("then EOF: %zd\n", read(p[0], buf, sizeof buf));
	close(p[0]);
	int status;
	struct rusage ru;
	CHECK("wait4 answers the child", wait4(pid, &status, 0, &ru) == pid);
	show("exit 7", status);
	EXPECT_FAIL("wait4 with no child left", wait4(-1, &status, 0, NULL));

	/* A child blocked on an empty pipe: WNOHANG finds it running, whatever the timing. */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		char c;
		_exit(read(p[0], &c, 1) == 0 ? 0 : 1);   /* EOF once the parent closes */
	}
	close(p[0]);
	printf("WNOHANG while it runs: %d\n", (int)waitpid(pid, &status, WNOHANG));
	close(p[1]);
	CHECK("waitpid after the pipe closed", waitpid(pid, &status, 0) == pid);
	show("EOF child", status);

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		char c;
		read(p[0], &c, 1);   /* waits for the signal */
		_exit(0);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	show("SIGKILL", status);
	close(p[0]);
	close(p[1]);

	/* Writing to a pipe nobody reads: SIGPIPE kills, or EPIPE when ignored. */
	pipe(p);
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show("write to a closed pipe", status);
	signal(SIGPIPE, SIG_IGN);
	EXPECT_FAIL("the same with SIGPIPE ignored", write(p[1], "x", 1));
	close(p[1]);

	/* Several children, reaped in any order: count them. */
	for (int i = 0; i < 5; i++)
		if (fork() == 0)
			_exit(10 + i);
	int sum = 0, reaped = 0;
	while ((pid = wait(&status)) > 0) {
		reaped++;
		sum += WEXITSTATUS(status);
	}
	printf("reaped %d, statuses sum %d\n", reaped, sum);
	EXPECT_FAIL("waitpid for a pid that is not a child", waitpid(1, &status, 0));
	return 0;
}
