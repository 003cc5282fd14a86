/* help: workload NAME: one of make bench's whole workloads (spawn, write, readall, yield, files, pipes) */
/*
 * make bench's whole workloads: what ordinary programs ask of the kernel,
 * timed as a whole. The same source is built once per door (mk/bench.mk:
 * workload.gate calls the gate pages, workload.int80, workload.sysenter and
 * workload.callgate link the user runtime's door stubs instead), so the same
 * calls reach the same services one way or another.
 *
 * Usage: workload NAME [N]   (N = 0: the default size)
 *   spawn     N spawn + exit + wait cycles of this program (default 20)
 *   write     a file's worth of bytes (N KiB, default 4) to the console, 16 at a time
 *   readall   every initrd file read to its end, 512 bytes at a time (N times, default 1)
 *   yield     N yields here and N in a partner process (default 500)
 * Files, on the disk mounted at / (make bench boots a copy of build/bench/disk.img):
 *   openclose N x open + close of one file (default 100)
 *   stat      N x stat of one file (default 100)
 *   create4k  N x create + write 4 KiB + close + unlink (default 10)
 *   seqwrite  1 MiB written to a fresh file, 4 KiB per write (N MiB)
 *   seqread   1 MiB read from a file, 4 KiB per read, its blocks mostly
 *             not in the cache (N MiB; the file is written first, untimed)
 *   cachedread a 64 KiB file read N times (default 16), 4 KiB per read,
 *             after one untimed read: every block in the cache
 *   dirlist   the directory DIRLIST_DIR (1,000 files, made by the build) listed N times (default 1)
 * Pipes, between this process and a child:
 *   pipe64, pipe4k, pipe64k  N KiB (default 256) through a pipe in writes of
 *             that size, the child reading 64 KiB at a time
 *   pingpong  N round trips of one byte (default 200): here to the child and back
 * Prints one line (tools/bench/parse.py reads it):
 *   bench-workload: name=NAME prog=ARGV0 ticks=T calls=C ops=O bytes=B
 * ticks: the TSC over the whole workload, its children included; calls: the
 * gate calls the kernel counted meanwhile (only under `gatecount`, else 0);
 * ops: the operations the workload names (calls of yield, opens, round
 * trips, entries listed...), bytes: the bytes it moved (0 when not a copy).
 */
#include "ulib.h"

#define WRITE_PIECE 16
#define READ_CHUNK 512
#define LINE 64
#define KIB 1024ul
#define FILE_PIECE (4 * KIB)              /* one read or write of the file workloads */
#define BIG_FILE "/bench-seq"
#define SMALL_FILE "/bench-small"
#define SMALL_BYTES (64 * KIB)
#define CREATE_FILE "/bench-create"
#define DIRLIST_DIR "/bench-dir"          /* 1,000 empty files, made by the build (mk/bench.mk) */
#define PIPE_READ_PIECE (64 * KIB)
#define INITRD_DIR "/initrd"              /* where the initrd is when a disk is the root */

static inline uint32_t tsc_lo(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

static const char *self;
/* The timed part: main starts and stops the clock; a workload may restart it after its setup (a partner spawned) and stop it early. */
static uint32_t clock_begin, clock_end;
static bool clock_stopped;
static void clock_restart(void) { clock_begin = tsc_lo(); }
static void clock_stop(void)
{
	clock_end = tsc_lo();
	clock_stopped = true;
}
/* What the workload says it did: operations and bytes moved (printed with its ticks). */
static unsigned long ops, bytes;
static char file_buf[64 * 1024] __attribute__((aligned(16)));

static void fail(const char *what, long err)
{
	printf("workload: %s: %s\n", what, strerror(err));
	exit(1);
}

static long must(const char *what, long r)
{
	if (is_err(r))
		fail(what, r);
	return r;
}

/* The initrd's directory: "/initrd" when the disk is the root, else the root itself. */
static const char *initrd_dir(void)
{
	struct pf_stat st;
	return sys_stat(INITRD_DIR, &st) == 0 ? INITRD_DIR : "";
}

static void child(const char *what, const char *arg)
{
	const char *argv[] = { self, what, arg, NULL };
	long pid = sys_spawn(self, argv, NULL);
	if (is_err(pid)) {
		printf("workload: cannot spawn %s: %s\n", self, strerror(pid));
		exit(1);
	}
	int st;
	sys_wait((int)pid, &st, 0);
}

static void spawn_storm(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		child("child-exit", "0");
}

static void write_file(unsigned long kib)
{
	static char line[LINE];
	memset(line, 'w', sizeof line - 1);
	line[LINE - 1] = '\n';
	for (unsigned long done = 0; done < kib * 1024; done += WRITE_PIECE)
		sys_write(STDOUT_FD, line + done % LINE, WRITE_PIECE);
}

static bool read_one(const struct pf_dirent *d, void *ctx)
{
	static char buf[READ_CHUNK];
	char path[PF_DIRENT_NAME_LEN + sizeof INITRD_DIR];
	if (d->type != PF_TYPE_FILE)
		return true;
	snprintf(path, sizeof path, "%s/%s", (const char *)ctx, d->name);
	long fd = sys_open(*(const char *)ctx ? path : d->name, O_RDONLY, 0);
	if (is_err(fd))
		return true;
	while (sys_read((int)fd, buf, sizeof buf) > 0)
		;
	sys_close((int)fd);
	return true;
}

static void read_all(unsigned long times)
{
	for (unsigned long t = 0; t < times; t++)
		each_dirent(initrd_dir(), read_one, (void *)initrd_dir());
}

static void yields(unsigned long n)
{
	char arg[16];
	snprintf(arg, sizeof arg, "%lu", n);
	const char *argv[] = { self, "child-yield", arg, NULL };
	long pid = sys_spawn(self, argv, NULL);
	for (unsigned long i = 0; i < n; i++)
		sys_yield();
	int st;
	sys_wait((int)pid, &st, 0);
	ops = 2 * n;
}

/* ---- files ---- */

static void open_close(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		long fd = must("open", sys_open(SMALL_FILE, O_RDONLY, 0));
		sys_close((int)fd);
	}
	ops = n;
}

static void stats(unsigned long n)
{
	struct pf_stat st;
	for (unsigned long i = 0; i < n; i++)
		must("stat " SMALL_FILE, sys_stat(SMALL_FILE, &st));
	ops = n;
}

static void create_4k(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		long fd = must("create", sys_open(CREATE_FILE, O_WRONLY | O_CREAT | O_EXCL, 0644));
		if (sys_write((int)fd, file_buf, FILE_PIECE) != (long)FILE_PIECE)
			fail("write 4 KiB", -EIO);
		sys_close((int)fd);
		must("unlink", sys_unlink(CREATE_FILE));
	}
	ops = n;
}

/* len bytes through fd, FILE_PIECE at a time: every call must move the whole piece. */
static void file_io(long fd, unsigned long len, bool write)
{
	for (unsigned long done = 0; done < len; done += FILE_PIECE) {
		long r = write ? sys_write((int)fd, file_buf, FILE_PIECE) : sys_read((int)fd, file_buf, FILE_PIECE);
		if (r != (long)FILE_PIECE)
			fail(write ? "write" : "read", is_err(r) ? r : -EIO);
	}
	bytes += len;
}

static void seq_write(unsigned long mib)
{
	long fd = must("create " BIG_FILE, sys_open(BIG_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	file_io(fd, mib * KIB * KIB, true);
	sys_close((int)fd);
}

static void seq_read(unsigned long mib)
{
	long fd = must("open " BIG_FILE, sys_open(BIG_FILE, O_RDONLY, 0));
	file_io(fd, mib * KIB * KIB, false);
	sys_close((int)fd);
}

static void cached_read(unsigned long times)
{
	long fd = must("open " SMALL_FILE, sys_open(SMALL_FILE, O_RDONLY, 0));
	for (unsigned long t = 0; t < times; t++) {
		long long at = 0;
		must("lseek", sys_lseek((int)fd, &at, SEEK_SET));
		file_io(fd, SMALL_BYTES, false);
	}
	sys_close((int)fd);
}

/* The files listed (the directory's own "." and "..", when listed, are no operation of the workload's). */
static bool count_entry(const struct pf_dirent *d, void *ctx)
{
	if (d->type == PF_TYPE_FILE)
		++*(unsigned long *)ctx;
	return true;
}

static void dir_list(unsigned long times)
{
	for (unsigned long t = 0; t < times; t++)
		must("list " DIRLIST_DIR, each_dirent(DIRLIST_DIR, count_entry, &ops));
}

/* Untimed: the files the timed part reads, made (and read once) before the clock starts. */
static void file_setup(const char *what, unsigned long n)
{
	if (!strcmp(what, "seqread")) {
		seq_write(n);
		bytes = 0;
	}
	if (!strcmp(what, "cachedread") || !strcmp(what, "openclose") || !strcmp(what, "stat")) {
		long fd = must("create " SMALL_FILE, sys_open(SMALL_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644));
		file_io(fd, SMALL_BYTES, true);
		long long at = 0;
		sys_lseek((int)fd, &at, SEEK_SET);
		file_io(fd, SMALL_BYTES, false);
		sys_close((int)fd);
		bytes = 0;
	}
}

/* ---- pipes ---- */

static int pipe_fds[2];
static unsigned long pipe_piece;

/* The child's end: read everything to the end (pipes), or send each byte back (pingpong). */
static int pipe_child(const char *what, unsigned long n)
{
	int in = 0, out = 1;   /* the parent's pipes, as the child's stdin and stdout (spawn inherits them) */
	if (!strcmp(what, "child-echo")) {
		char c;
		for (unsigned long i = 0; i < n; i++)
			if (sys_read(in, &c, 1) != 1 || sys_write(out, &c, 1) != 1)
				return 1;
		return 0;
	}
	while (sys_read(in, file_buf, PIPE_READ_PIECE) > 0)
		;
	return 0;
}

/* A child of this program with the given descriptors as its stdin and stdout. */
static long pipe_partner(const char *what, unsigned long n, int in, int out)
{
	char arg[16];
	snprintf(arg, sizeof arg, "%lu", n);
	const char *argv[] = { self, what, arg, NULL };
	long save_in = must("dup", sys_dup(0)), save_out = must("dup", sys_dup(1));
	sys_dup2(in, 0);
	sys_dup2(out, 1);
	long pid = sys_spawn(self, argv, NULL);
	sys_dup2((int)save_in, 0);
	sys_dup2((int)save_out, 1);
	sys_close((int)save_in);
	sys_close((int)save_out);
	return must("spawn", pid);
}

/* A pipe whose ends stay here: a partner gets only the one dup2 gives it. */
static void make_pipe(int fds[2])
{
	must("pipe", sys_pipe(fds));
	sys_fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	sys_fcntl(fds[1], F_SETFD, FD_CLOEXEC);
}

static void pipe_stream(unsigned long kib)
{
	make_pipe(pipe_fds);
	long pid = pipe_partner("child-drain", 0, pipe_fds[0], 1);
	sys_close(pipe_fds[0]);
	clock_restart();   /* the partner's spawn is not the pipe's */
	unsigned long len = kib * KIB;
	for (bytes = 0; bytes < len; bytes += pipe_piece, ops++)
		if (sys_write(pipe_fds[1], file_buf, pipe_piece) != (long)pipe_piece)
			fail("pipe write", -EIO);
	sys_close(pipe_fds[1]);
	int st;
	sys_wait((int)pid, &st, 0);
}

static void pipe_64(unsigned long kib) { pipe_piece = 64; pipe_stream(kib); }
static void pipe_4k(unsigned long kib) { pipe_piece = 4 * KIB; pipe_stream(kib); }
static void pipe_64k(unsigned long kib) { pipe_piece = 64 * KIB; pipe_stream(kib); }

static void ping_pong(unsigned long n)
{
	int to[2], from[2];
	make_pipe(to);
	make_pipe(from);
	long pid = pipe_partner("child-echo", n + 1, to[0], from[1]);
	sys_close(to[0]);
	sys_close(from[1]);
	char c = 'p';
	/* One round trip first, untimed: the partner has run and waits in its read. */
	if (sys_write(to[1], &c, 1) != 1 || sys_read(from[0], &c, 1) != 1)
		fail("ping-pong", -EIO);
	clock_restart();
	for (unsigned long i = 0; i < n; i++)
		if (sys_write(to[1], &c, 1) != 1 || sys_read(from[0], &c, 1) != 1)
			fail("ping-pong", -EIO);
	clock_stop();
	sys_close(to[1]);
	sys_close(from[0]);
	int st;
	sys_wait((int)pid, &st, 0);
	ops = n;
}

static unsigned long gate_calls(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? si.gate_calls : 0;
}

static const struct workload {
	const char *name;
	void (*run)(unsigned long);
	unsigned long size;     /* N when the command line gives 0 */
	bool on_disk;           /* needs the writable disk at / */
} workloads[] = {
	{ "spawn", spawn_storm, 20, false },
	{ "write", write_file, 4, false },
	{ "readall", read_all, 1, false },
	{ "yield", yields, 500, false },
	{ "openclose", open_close, 100, true },
	{ "stat", stats, 100, true },
	{ "create4k", create_4k, 10, true },
	{ "seqwrite", seq_write, 1, true },
	{ "seqread", seq_read, 1, true },
	{ "cachedread", cached_read, 16, true },
	{ "dirlist", dir_list, 1, true },
	{ "pipe64", pipe_64, 256, false },
	{ "pipe4k", pipe_4k, 256, false },
	{ "pipe64k", pipe_64k, 256, false },
	{ "pingpong", ping_pong, 200, false },
};

int main(int argc, char **argv)
{
	self = argv[0];
	const char *what = argc > 1 ? argv[1] : "";
	unsigned long n = argc > 2 ? (unsigned long)atol(argv[2]) : 0;
	if (!strcmp(what, "child-exit"))
		return 0;
	if (!strcmp(what, "child-yield")) {
		for (unsigned long i = 0; i < n; i++)
			sys_yield();
		return 0;
	}
	if (!strcmp(what, "child-drain") || !strcmp(what, "child-echo"))
		return pipe_child(what, n);
	const struct workload *w = NULL;
	for (unsigned i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
		if (!strcmp(what, workloads[i].name))
			w = &workloads[i];
	if (!w) {
		printf("usage: workload NAME [N]; NAME one of:");
		for (unsigned i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
			printf(" %s", workloads[i].name);
		printf("\n");
		return 2;
	}
	n = n ? n : w->size;
	memset(file_buf, 'f', sizeof file_buf);
	if (w->on_disk)
		file_setup(what, n);
	unsigned long c0 = gate_calls();
	clock_restart();
	w->run(n);
	if (!clock_stopped)
		clock_stop();
	uint32_t t = clock_end - clock_begin;
	/* Both sysinfo calls are counted before they read: the second one is not the workload's. */
	unsigned long calls = gate_calls() - c0;
	printf("bench-workload: name=%s prog=%s ticks=%lu calls=%lu ops=%lu bytes=%lu\n", what, self, (unsigned long)t,
	       calls ? calls - 1 : 0, ops, bytes);
	return 0;
}
