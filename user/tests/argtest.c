/* help: argtest: Linux's argument limits for native spawn and exec (TAP): many and long arguments arrive whole */
/*
 * A native program's arguments have Linux's limits (pfgate/abi.h): each
 * string within MAX_ARG_STRLEN, all with their pointers within ARG_MAX_BYTES.
 * The parent starts itself ("check SUM ...") by spawn and by fork + exec; the
 * child sums what arrived, reads /proc/self/cmdline whole, uses the stack its
 * arguments pushed down, and says by its exit status what it found. Past a
 * limit: -E2BIG, the caller's image as it was, every frame back.
 */
#include "ulib.h"
#include "tap.h"

#define MANY 1000
#define LONG_ARG (100 * 1024)
#define STACK_USE (48 * 1024)    /* what the child puts on its stack under the arguments */
#define CHILD_OK 0
#define BAD_SUM 3
#define BAD_CMDLINE 4
#define BAD_STACK 5
#define EXEC_FAILED 6
#define STILL_HERE 7

static char filler[MAX_ARG_STRLEN + 1];
static char words[MANY][8];
static const char *args[4 + MANY + 2];
static char cmdline[ARG_MAX_BYTES];
static char sum_text[16];
static volatile int mark = 42;

/* Every byte of strs[0..n) with their NULs, order-sensitive. */
static unsigned long sum_of(const char *const *strs, int n)
{
	unsigned long sum = 0;
	for (int i = 0; i < n; i++)
		for (const char *s = strs[i];; s++) {
			sum = (sum * 31 + (unsigned char)*s) % 1000000007ul;
			if (!*s)
				break;
		}
	return sum;
}

/* Fill the stack STACK_USE deep, then read it back: the pages under the arguments are there. */
static bool __attribute__((noinline)) stack_works(int depth)
{
	volatile char frame[1024];
	for (unsigned i = 0; i < sizeof frame; i++)
		frame[i] = (char)(depth + i);
	bool ok = depth == 0 || stack_works(depth - 1);
	for (unsigned i = 0; i < sizeof frame; i++)
		ok &= frame[i] == (char)(depth + i);
	return ok;
}

/* The child: argv = { argv0, "check", SUM, the rest }: SUM is the rest's. */
static int check(int argc, char **argv)
{
	unsigned long want;
	if (argc < 3 || !parse_ulong(argv[2], &want) || sum_of((const char *const *)argv + 3, argc - 3) != want)
		return BAD_SUM;
	long fd = sys_open("/proc/self/cmdline", O_RDONLY, 0);
	size_t got = 0;
	long n;
	while (fd >= 0 && (n = sys_read((int)fd, cmdline + got, sizeof cmdline - got)) > 0)
		got += (size_t)n;
	if (fd >= 0)
		sys_close((int)fd);
	size_t at = 0;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;
		if (at + len > got || memcmp(cmdline + at, argv[i], len))
			return BAD_CMDLINE;
		at += len;
	}
	if (at != got)
		return BAD_CMDLINE;
	return stack_works(STACK_USE / 1024) ? CHILD_OK : BAD_STACK;
}

/* args[3..3+n) are set: put their sum in args[2], end the list. */
static void seal(int n)
{
	args[0] = "argtest";
	args[1] = "check";
	snprintf(sum_text, sizeof sum_text, "%lu", sum_of(args + 3, n));
	args[2] = sum_text;
	args[3 + n] = NULL;
}

static int status_of(long pid)
{
	int st;
	return pid > 0 && sys_wait((int)pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int by_spawn(void)
{
	return status_of(sys_spawn("argtest", args, NULL));
}

/* fork, then exec args in the child; -E2BIG or another failure shows as EXEC_FAILED with the errno said. */
static int by_exec(void)
{
	long pid = sys_fork();
	if (pid == 0) {
		long r = sys_exec("argtest", args, NULL);
		printf("# exec: %s\n", strerror(r));
		sys_exit(EXEC_FAILED);
	}
	return status_of(pid);
}

static void both(const char *what)
{
	TAP_EQ(by_spawn(), CHILD_OK, "spawn: %s arrive whole (argv and /proc/self/cmdline), the stack under them usable", what);
	TAP_EQ(by_exec(), CHILD_OK, "fork + exec: %s arrive whole (argv and /proc/self/cmdline), the stack under them usable", what);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "check"))
		return check(argc, argv);
	printf("# argtest: MAX_ARG_STRLEN %u, ARG_MAX_BYTES %u\n", MAX_ARG_STRLEN, ARG_MAX_BYTES);
	for (unsigned i = 0; i < MAX_ARG_STRLEN; i++)
		filler[i] = (char)('a' + i % 26);
	for (int i = 0; i < MANY; i++) {
		snprintf(words[i], sizeof words[i], "w%d", i);
		args[3 + i] = words[i];
	}
	seal(MANY);
	unsigned long frames = free_frames();   /* with every page the parent writes touched */
	both("1,000 arguments");

	args[3] = filler + MAX_ARG_STRLEN - LONG_ARG;
	seal(1);
	both("a 100 KiB argument");
	args[3] = filler + 1;
	seal(1);
	both("an argument of MAX_ARG_STRLEN - 1 characters");

	/* 15 of the longest and the tail that fills ARG_MAX_BYTES exactly: "argtest" (path and argv[0]), "check", the sum. */
	enum { FULL = 15 };
	for (int i = 0; i < FULL; i++)
		args[3 + i] = filler + 1;
	args[3 + FULL] = filler;   /* placeholder: its sum is what seal needs sized right */
	unsigned sum_len = 0;
	for (int pass = 0; pass < 2; pass++) {   /* the sum's own length counts: settle it */
		unsigned used = 8 + 8 + 6 + (sum_len + 1) + FULL * MAX_ARG_STRLEN;
		unsigned last = ARG_MAX_BYTES - (3 + FULL + 1) * (unsigned)sizeof(char *) - used - 1;
		args[3 + FULL] = filler + MAX_ARG_STRLEN - last;
		seal(FULL + 1);
		sum_len = (unsigned)strlen(sum_text);
	}
	both("exactly ARG_MAX_BYTES of strings and pointers");

	/* Past the limits: -E2BIG, nothing started, nothing held. */
	const char *full_last = args[3 + FULL];
	args[3 + FULL] = full_last - 1;
	TAP_EQ(sys_spawn("argtest", args, NULL), -E2BIG, "spawn: one byte past ARG_MAX_BYTES: -E2BIG");
	args[3 + FULL] = full_last;
	args[4 + FULL] = "";
	args[5 + FULL] = NULL;
	TAP_EQ(sys_spawn("argtest", args, NULL), -E2BIG, "spawn: one (empty) argument more, its pointer past ARG_MAX_BYTES: -E2BIG");
	args[3] = filler;
	args[4] = NULL;
	TAP_EQ(sys_spawn("argtest", args, NULL), -E2BIG, "spawn: an argument of MAX_ARG_STRLEN characters: -E2BIG");
	const char *bad[] = { "argtest", "check", "0", "a", (const char *)(uintptr_t)(KERNEL_BASE - 2), NULL };
	TAP_EQ(sys_spawn("argtest", bad, NULL), -EFAULT, "spawn: a string running into the kernel after good ones: -EFAULT");

	/* A failed exec leaves the caller's image as it was: the child goes on and says so. */
	long pid = sys_fork();
	if (pid == 0) {
		mark = 77;
		long r1 = sys_exec("argtest", args, NULL);
		args[3] = filler + 1;
		const char *env[] = { filler, NULL };
		long r2 = sys_exec("argtest", args, env);
		long r3 = sys_exec("argtest", bad, NULL);
		bool ok = r1 == -E2BIG && r2 == -E2BIG && r3 == -EFAULT && mark == 77 && !strcmp(args[1], "check");
		sys_exit(ok ? STILL_HERE : EXEC_FAILED);
	}
	TAP_EQ(status_of(pid), STILL_HERE, "exec: an argument or an environment string of MAX_ARG_STRLEN characters -E2BIG, a bad one -EFAULT, the image intact");

	/* No frames for the arguments' pages: a spawn and an exec half-way through their copy give every frame back. */
	args[3] = filler + MAX_ARG_STRLEN - LONG_ARG;
	seal(1);
	pid = sys_fork();
	if (pid == 0) {
		mark = 78;
		for (long chunk = 256; chunk >= 1; chunk /= 4)
			while (!is_err(sys_sbrk(chunk * (long)PAGE_SIZE)))
				;
		sys_sbrk(-(long)(8 * PAGE_SIZE));   /* a page directory, a page table and a few of the 26 pages */
		long r1 = sys_spawn("argtest", args, NULL);
		long r2 = sys_exec("argtest", args, NULL);
		printf("# no memory: spawn %ld, exec %ld\n", r1, r2);
		sys_exit(r1 == -ENOMEM && r2 == -ENOMEM && mark == 78 ? STILL_HERE : EXEC_FAILED);
	}
	TAP_EQ(status_of(pid), STILL_HERE, "spawn and exec with frames for only part of a 100 KiB argument: -ENOMEM, the image intact");
	TAP_EQ(free_frames(), frames, "every frame back after the children and the failures");
	return tap_done();
}
