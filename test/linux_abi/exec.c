/* execve: arguments and environment arrive; descriptors stay open unless close-on-exec;
 * failing execs return with the right errno. The program runs itself again (argv[0]). */
#include "abi.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "again") == 0) {
		printf("again: argc %d\n", argc);
		for (int i = 2; i < argc; i++)
			printf("again: argv[%d] '%s'\n", i, argv[i]);
		for (char **e = environ; *e; e++)
			printf("again: env %s\n", *e);
		CHECK("again: fd 5 (kept) is open", fcntl(5, F_GETFD) == 0);
		EXPECT_FAIL("again: fd 6 (close-on-exec)", fcntl(6, F_GETFD));
		char buf[16] = "";
		ssize_t n = read(5, buf, sizeof buf);
		printf("again: read the kept pipe: %.*s\n", (int)n, buf);
		return 5;
	}
	int p[2];
	pipe(p);
	dup2(p[0], 5);
	dup2(p[1], 6);
	fcntl(6, F_SETFD, FD_CLOEXEC);
	printf("FD_CLOEXEC set: %d\n", fcntl(6, F_GETFD));
	write(6, "kept", 4);
	close(p[0]);
	close(p[1]);
	EXPECT_FAIL("execve a missing file", execve("/no/such/program", argv, environ));
	EXPECT_FAIL("execve a folder", execve("/", argv, environ));
	EXPECT_FAIL("execve with a bad path pointer", execve(bad_pointer(), argv, environ));
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "again", "two words", "", "last", NULL };
		char *env[] = { "ONE=1", "EMPTY=", "PATH=/bin", NULL };
		execve(argv[0], args, env);
		_exit(127);
	}
	close(5);
	close(6);
	int status;
	waitpid(pid, &status, 0);
	printf("exec'd child: exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
