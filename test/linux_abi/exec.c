/* execve: arguments and environment arrive; descriptors stay open unless close-on-exec;
 * failing execs return with the right errno. The program runs itself again (argv[0]),
 * and as a "#!" script's interpreter; argv[1] is a folder it may write. */
#include "abi.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Write a file of mode `mode` holding text. */
static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write(fd, text, strlen(text));
	close(fd);
	chmod(path, mode);
}

/* execve path with args in a child; its exit status or the errno its execve failed with. */
static void run(const char *label, const char *path, char *const args[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, args, environ);
		printf("%s: execve failed: %s\n", label, errname(errno));
		_exit(100);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("%s: exited %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* "#!" scripts, interpreted by this program (self: its own path). */
static void scripts(const char *self, const char *tmp)
{
	char script[256], line[512];
	snprintf(script, sizeof script, "%s/exec-script", tmp);
	char *args[] = { "ignored-argv0", "one", "two words", NULL };
	snprintf(line, sizeof line, "#!%s as-interpreter\nthe rest is never read\n", self);
	put(script, line, 0755);
	run("script with an argument", script, args);
	snprintf(line, sizeof line, "#! \t%s   as-interpreter   \t\n", self);
	put(script, line, 0755);
	char *none[] = { NULL };
	run("script, blanks around, no argv", script, none);
	put(script, "#!/no/such/interpreter\n", 0755);
	run("script with a missing interpreter", script, args);
	put(script, "#!\n", 0755);
	run("script with an empty line", script, args);
	put(script, "#!   \n", 0755);
	run("script with a blank line", script, args);
	snprintf(line, sizeof line, "#!%s as-interpreter\n", self);
	put(script, line, 0644);
	run("script without an execute bit", script, args);
	unlink(script);
}

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
	if (argc > 1 && strcmp(argv[1], "as-interpreter") == 0) {   /* run by "#!PROGRAM as-interpreter" */
		printf("interpreter: argc %d\n", argc);
		for (int i = 2; i < argc; i++)
			printf("interpreter: argv[%d] '%s'\n", i, strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i]);
		return 6;
	}
	if (argc > 1 && strcmp(argv[1], "again") != 0 && argv[1][0] == '/')
		scripts(argv[0], argv[1]);
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
