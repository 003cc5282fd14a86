/* execve's argument limits (Linux's: MAX_ARG_STRLEN per string, a quarter of RLIMIT_STACK for all with
 * their pointers): many arguments and long ones arrive whole (argv and /proc/self/cmdline), one past a
 * limit is E2BIG with the caller intact. The program runs itself again (argv[0]). */
#include "abi.h"
#include <fcntl.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define STRLEN_MAX (32 * 4096)   /* Linux's MAX_ARG_STRLEN, the NUL included */
#define MANY 1000
#define LONG_ARG (100 * 1024)

static char filler[STRLEN_MAX + 1];

/* Is s what the parent sent: "w<n>" for the n-th word, or a tail of the filler (the alphabet, over and over, ending at STRLEN_MAX)? */
static bool as_sent(const char *s, int n)
{
	char word[16];
	snprintf(word, sizeof word, "w%d", n);
	if (s[0] == 'w')
		return strcmp(s, word) == 0;
	size_t len = strlen(s);
	for (size_t j = 0; j < len; j++)
		if (s[j] != (char)('a' + (STRLEN_MAX - len + j) % 26))
			return false;
	return true;
}

/* The child: what it got (all of it as execve counts it: the path, the strings, a pointer each), and /proc/self/cmdline read whole. */
static int report(int argc, char **argv)
{
	size_t want = 0;
	bool sent = true;
	for (int i = 0; i < argc; i++) {
		want += strlen(argv[i]) + 1;
		sent &= i < 2 || as_sent(argv[i], i - 2);
	}
	/* The count with argv[0] and the path differs between the two builds' names: said as what it is besides them, or as the limit. */
	size_t all = want + strlen(argv[0]) + 1 + (size_t)argc * sizeof(char *);
	size_t besides = all - 2 * (strlen(argv[0]) + 1);
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	if (all == rl.rlim_cur / 4)
		printf("child: argc %d, exactly a quarter of RLIMIT_STACK with the path and the pointers", argc);
	else
		printf("child: argc %d, %zu bytes besides argv[0] and the path, the pointers counted", argc, besides);
	printf(", every argument as sent: %s\n", sent ? "yes" : "no");
	int fd = open("/proc/self/cmdline", O_RDONLY);
	char *cmd = malloc(want + 4096);
	size_t got = 0;
	ssize_t n;
	while (fd >= 0 && (n = read(fd, cmd + got, want + 4096 - got)) > 0)
		got += (size_t)n;
	bool same = got == want;
	for (int i = 0, at = 0; same && i < argc; at += (int)strlen(argv[i]) + 1, i++)
		same = strcmp(cmd + at, argv[i]) == 0;
	printf("child: /proc/self/cmdline is argv whole: %s\n", same ? "yes" : "no");
	return 0;
}

/* fork, execve argv[0] with args and an empty environment, wait: the child's status, or the errno of a failed execve. */
static void run(const char *label, char **args)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *env[] = { NULL };
		execve(args[0], args, env);
		printf("%s: execve: %s\n", label, errname(errno));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("%s: exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return report(argc, argv);
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	/* The kernel's limit: a quarter of RLIMIT_STACK. glibc's sysconf says so; musl's says its ARG_MAX, 128 KiB. */
	size_t arg_max = rl.rlim_cur / 4;
	long conf = sysconf(_SC_ARG_MAX);
	printf("RLIMIT_STACK %lu; sysconf(_SC_ARG_MAX) a quarter of it or 128 KiB: %s\n", (unsigned long)rl.rlim_cur,
	       conf == (long)arg_max || conf == 131072 ? "yes" : "no");
	for (int i = 0; i < STRLEN_MAX; i++)
		filler[i] = (char)('a' + i % 26);

	static char *args[4 + 2 * MANY];
	static char words[MANY][8];
	args[0] = argv[0];
	args[1] = "child";
	for (int i = 0; i < MANY; i++) {
		snprintf(words[i], sizeof words[i], "w%d", i);
		args[2 + i] = words[i];
	}
	args[2 + MANY] = NULL;
	run("1000 arguments", args);

	args[2] = filler + STRLEN_MAX - LONG_ARG;
	args[3] = NULL;
	run("a 100 KiB argument", args);
	args[2] = filler + 1;   /* MAX_ARG_STRLEN with its NUL */
	run("an argument of MAX_ARG_STRLEN - 1 characters", args);
	args[2] = filler;
	run("an argument of MAX_ARG_STRLEN characters", args);

	/* All of it: argv[0], "child", 15 longest and a last one sized to fill the limit exactly with the pointers. */
	enum { FULL = 15 };
	size_t used = 2 * (strlen(argv[0]) + 1) + 6 + FULL * (size_t)STRLEN_MAX;   /* the path and argv[0], "child", the 15 */
	size_t pointers = (2 + FULL + 1) * sizeof(char *);
	size_t last = arg_max - used - pointers - 1;
	for (int i = 0; i < FULL; i++)
		args[2 + i] = filler + 1;
	args[2 + FULL] = filler + STRLEN_MAX - last;
	args[3 + FULL] = NULL;
	printf("the last argument: %s MAX_ARG_STRLEN\n", last < STRLEN_MAX ? "within" : "past");
	run("exactly sysconf(_SC_ARG_MAX) of strings and pointers", args);
	args[2 + FULL]--;
	run("one byte more", args);
	args[2 + FULL]++;
	args[3 + FULL] = "";
	args[4 + FULL] = NULL;
	run("one more (empty) argument", args);

	/* A failed execve in this process: it goes on, its memory as it was. */
	static int mark = 42;
	char *env[] = { NULL };
	args[1] = filler;
	args[2] = NULL;
	EXPECT_FAIL("execve with an argument of MAX_ARG_STRLEN characters", execve(argv[0], args, env));
	printf("still running, mark %d\n", mark);
	return 0;
}
