/* help: workload NAME: one of make bench's whole workloads (spawn, write, readall, yield) */
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
 * Prints one line (tools/bench/parse.py reads it):
 *   bench-workload: name=NAME prog=ARGV0 ticks=T calls=C
 * ticks: the TSC over the whole workload, its children included; calls: the
 * gate calls the kernel counted meanwhile (only under `gatecount`, else 0).
 */
#include "ulib.h"

#define WRITE_PIECE 16
#define READ_CHUNK 512
#define LINE 64

static inline uint32_t tsc_lo(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

static const char *self;

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
	(void)ctx;
	if (d->type != PF_TYPE_FILE)
		return true;
	long fd = sys_open(d->name, O_RDONLY, 0);
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
		each_dirent("", read_one, NULL);
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
}

static unsigned long gate_calls(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? si.gate_calls : 0;
}

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
	void (*run)(unsigned long) = NULL;
	unsigned long size = 0;
	if (!strcmp(what, "spawn"))
		run = spawn_storm, size = 20;
	else if (!strcmp(what, "write"))
		run = write_file, size = 4;
	else if (!strcmp(what, "readall"))
		run = read_all, size = 1;
	else if (!strcmp(what, "yield"))
		run = yields, size = 500;
	if (!run) {
		printf("usage: workload spawn|write|readall|yield [N]\n");
		return 2;
	}
	unsigned long c0 = gate_calls();
	uint32_t t0 = tsc_lo();
	run(n ? n : size);
	uint32_t t = tsc_lo() - t0;
	/* Both sysinfo calls are counted before they read: the second one is not the workload's. */
	unsigned long calls = gate_calls() - c0;
	printf("bench-workload: name=%s prog=%s ticks=%lu calls=%lu\n", what, self, (unsigned long)t,
	       calls ? calls - 1 : 0);
	return 0;
}
