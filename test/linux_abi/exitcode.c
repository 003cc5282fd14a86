/* Exit statuses as a parent sees them, and the program's own (the runner records 3). */
#include "abi.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%s: status %#x\n", what, status);
}

static int child(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		body();
		_exit(99);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

static void exit0(void) { exit(0); }
static void exit255(void) { _exit(255); }
static void exit256(void) { _exit(256); }
static void exit_minus1(void) { exit(-1); }
static void return_from_atexit(void) { exit(42); }
static void killself(void) { kill(getpid(), SIGTERM); }
static void abrt(void) { abort(); }

int main(void)
{
	show("exit(0)", child(exit0));
	show("_exit(255)", child(exit255));
	show("_exit(256)", child(exit256));
	show("exit(-1)", child(exit_minus1));
	show("exit(42)", child(return_from_atexit));
	show("SIGTERM to self", child(killself));
	show("abort()", child(abrt));
	return 3;
}
