/* help: bench [CALLS [BATCHES]]: every way into the kernel, timed (make bench reads it) */
/*
 * make bench, the guest side: every way into the kernel, for the same
 * services, in one run.
 *   gate-iret / gate-sysexit   the page-fault gate (which return the kernel
 *                              uses is its boot option: this program measures
 *                              whichever is on, and says so)
 *   int80                      int 0x80, gate number in EBX
 *   sysenter                   sysenter/sysexit, gate number in EBX
 *   callgate                   lcall through one GDT call gate per service
 *   call                       a plain near call/ret in user mode: the floor
 *   loop                       the measuring loop alone (dec + jnz): what
 *                              the host subtracts from every figure
 * Services: nop; copyin and copyout (checked copies from and to a user buffer)
 * of 64 B, 4 KiB and 64 KiB.
 *
 * Figures are TSC ticks per round trip: under Bochs, instructions (exact);
 * under QEMU TCG, host time (relative only). Every (door, service) pair is
 * measured in many short batches, the pairs interleaved batch by batch in a
 * rotating order (the doors of one service next to each other), so that a
 * burst of host load hits all of them alike and the minimum over the
 * batches is a same-boot figure for each.
 *
 * The split uses the tsc service, whose first instruction reads the TSC:
 * entry = from the first instruction of the call sequence up to the service;
 * back = from the service's return to the instruction after the call sequence.
 *
 * The output lines are documented, and parsed, in one place: tools/bench/parse.py.
 *
 * Usage: bench [calls-per-batch [batches]]    the doors (a 64 KiB copy makes
 *                                             calls/64 calls per batch, 4 KiB calls/8)
 *        bench scaling [calls [batches [rounds]]]   3 gates bound against all, alternately
 *        bench procs [n]                      a context switch (with 0, 8 and 40 other
 *                                             processes asleep), a spawn+exit+wait cycle
 *        bench workloads [rounds [n [set]]]   every workload.<door> program of the
 *                                             initrd, each workload (user/bench/workload.c;
 *                                             set: core, files (and pipes) or all), interleaved
 */
#include "ulib.h"
#include "lib/format.h"

#define BATCHES_MAX 128
#define COPY_MAX (64 * 1024)
#define WORKLOAD_PREFIX "workload."
#define SETTLE_MS 20ul           /* a couple of timer ticks */
#define SLEEPER_MS 1000000ul   /* longer than any bench run: a sleeper wakes only to be killed */

static char copy_buf[COPY_MAX] __attribute__((aligned(16)));
static char copy_dst[COPY_MAX];

/*
 * cpuid first: it serialises, so every instruction before it has finished
 * when the TSC is read (a real CPU would otherwise run the read early or
 * late); it is one instruction under Bochs and outside the timed loops.
 */
static inline uint32_t tsc_lo(void)
{
	uint32_t lo, hi, b, c;
	__asm__ volatile("cpuid\n\trdtsc" : "=a"(lo), "=d"(hi), "=b"(b), "=c"(c) : "a"(0) : "memory");
	return lo;
}

/* The floor: user-mode functions doing what the services do. */
long __attribute__((noinline, regparm(3), used)) plain_nop(void);
long __attribute__((noinline, regparm(3), used)) plain_nop(void) { return 0; }
long __attribute__((noinline, regparm(3), used)) plain_copyin(const void *buf, unsigned long len);
long __attribute__((noinline, regparm(3), used)) plain_copyin(const void *buf, unsigned long len)
{
	memcpy(copy_dst, buf, len);
	return (long)len;
}
long __attribute__((noinline, regparm(3), used)) plain_copyout(void *buf, unsigned long len);
long __attribute__((noinline, regparm(3), used)) plain_copyout(void *buf, unsigned long len)
{
	memcpy(buf, copy_dst, len);
	return (long)len;
}

/*
 * One loop per door and service: ESI counts down; each iteration is the
 * door's whole calling sequence plus `dec %esi; jnz`. Results are checked
 * after the loop through EAX of the last call.
 */
typedef uint32_t (*loop_fn)(uint32_t n, uint32_t len, long *last);
#define LOOP(name, setup, door)                                                         \
	static uint32_t name(uint32_t n, uint32_t len, long *last)                        \
	{                                                                                 \
		uint32_t t0 = tsc_lo();                                                   \
		long r;                                                                   \
		__asm__ volatile("1:\n\t" setup door "\n\tdec %%esi\n\tjnz 1b"              \
				 : "=a"(r), "+S"(n)                                       \
				 : [buf] "i"(copy_buf), [len] "m"(len),                     \
				   [nnop] "i"(GATE_NR_nop), [nin] "i"(GATE_NR_copyin),      \
				   [nout] "i"(GATE_NR_copyout),                             \
				   [snop] "i"(DOOR_CALLGATE_SEL(GATE_NR_nop)),                   \
				   [sin] "i"(DOOR_CALLGATE_SEL(GATE_NR_copyin)),                 \
				   [sout] "i"(DOOR_CALLGATE_SEL(GATE_NR_copyout))                \
				 : "ebx", "ecx", "edx", "edi", "memory", "cc");           \
		*last = r;                                                                \
		return tsc_lo() - t0;                                                     \
	}

/* The measuring loop alone: what every figure above includes besides the door. */
static uint32_t empty_loop(uint32_t n, uint32_t len, long *last)
{
	uint32_t t0 = tsc_lo();
	__asm__ volatile("1:\n\tdec %%esi\n\tjnz 1b" : "+S"(n) : : "cc");
	*last = (long)len;   /* nothing to check */
	return tsc_lo() - t0;
}

#define NOP_ARGS ""
#define COPY_ARGS "mov %[buf], %%eax\n\tmov %[len], %%edx\n\t"
#define SYSENTER "push %%ebp\n\tmov %%esp, %%ebp\n\tmov $2f, %%edi\n\tsysenter\n2:\tpop %%ebp"

LOOP(gate_nop, NOP_ARGS, "call sys_nop")
LOOP(gate_in, COPY_ARGS, "call sys_copyin")
LOOP(gate_out, COPY_ARGS, "call sys_copyout")
LOOP(int80_nop, NOP_ARGS "mov %[nnop], %%ebx\n\t", "int $0x80")
LOOP(int80_in, COPY_ARGS "mov %[nin], %%ebx\n\t", "int $0x80")
LOOP(int80_out, COPY_ARGS "mov %[nout], %%ebx\n\t", "int $0x80")
LOOP(sysenter_nop, NOP_ARGS "mov %[nnop], %%ebx\n\t", SYSENTER)
LOOP(sysenter_in, COPY_ARGS "mov %[nin], %%ebx\n\t", SYSENTER)
LOOP(sysenter_out, COPY_ARGS "mov %[nout], %%ebx\n\t", SYSENTER)
LOOP(callgate_nop, NOP_ARGS, "lcall %[snop], $0")
LOOP(callgate_in, COPY_ARGS, "lcall %[sin], $0")
LOOP(callgate_out, COPY_ARGS, "lcall %[sout], $0")
LOOP(plain_nop_loop, NOP_ARGS, "call plain_nop")
LOOP(plain_in_loop, COPY_ARGS, "call plain_copyin")
LOOP(plain_out_loop, COPY_ARGS, "call plain_copyout")
_Static_assert(DOOR_INT_VECTOR == 0x80, "the loops above say int $0x80");

/* The split: t0 before the call sequence, t1 from the service, t2 after. */
static uint32_t split_t0, split_t1, split_t2;
#define SPLIT(name, setup, door)                                                        \
	static void name(void)                                                            \
	{                                                                                 \
		__asm__ volatile("rdtsc\n\tmov %%eax, %[t0]\n\t" setup door                  \
				 "\n\tmov %%eax, %[t1]\n\trdtsc\n\tmov %%eax, %[t2]"       \
				 : [t0] "=m"(split_t0), [t1] "=m"(split_t1), [t2] "=m"(split_t2) \
				 : [ntsc] "i"(GATE_NR_tsc), [stsc] "i"(DOOR_CALLGATE_SEL(GATE_NR_tsc)) \
				 : "eax", "ebx", "ecx", "edx", "edi", "memory", "cc");     \
	}
SPLIT(gate_split, "", "call sys_tsc")
SPLIT(int80_split, "mov %[ntsc], %%ebx\n\t", "int $0x80")
SPLIT(sysenter_split, "mov %[ntsc], %%ebx\n\t", SYSENTER)
SPLIT(callgate_split, "", "lcall %[stsc], $0")

static uint32_t calibration(void)
{
	uint32_t a, b;
	__asm__ volatile("rdtsc\n\tmov %%eax, %0\n\trdtsc\n\tmov %%eax, %1" : "=m"(a), "=m"(b) : : "eax", "edx");
	return b - a;   /* rdtsc + mov: what t1 - t0 includes besides the way in */
}

struct door {
	const char *name;
	loop_fn nop, in, out;
	void (*split)(void);
};

/* The services, and how many calls of a batch each makes (a 64 KiB copy is long). */
enum svc_kind { SVC_NOP, SVC_IN, SVC_OUT };
static const struct service {
	const char *name;
	enum svc_kind kind;
	uint32_t bytes;
	uint32_t calls_div;
} services[] = {
	{ "nop", SVC_NOP, 0, 1 },
	{ "copyin64", SVC_IN, 64, 1 },
	{ "copyout64", SVC_OUT, 64, 1 },
	{ "copyin4k", SVC_IN, 4096, 8 },
	{ "copyout4k", SVC_OUT, 4096, 8 },
	{ "copyin64k", SVC_IN, COPY_MAX, 64 },
	{ "copyout64k", SVC_OUT, COPY_MAX, 64 },
};
#define NSERVICES (sizeof services / sizeof services[0])
#define NDOORS 6
#define NROWS (NDOORS * NSERVICES)

/* a / n with two decimals, as "x.yy" (no floating point in the guest). */
static void per_call(char *out, size_t size, uint32_t a, uint32_t n)
{
	uint64_t v = (uint64_t)a * 100;
	divmod64(&v, n);
	uint32_t q = (uint32_t)v;   /* ticks per call times 100: far below 2^32 */
	snprintf(out, size, "%lu.%02lu", (unsigned long)(q / 100), (unsigned long)(q % 100));
}

/* One result line: the minimum and the median over the batches. */
static void report(const char *door, const char *service, uint32_t bytes, uint32_t *t, unsigned batches,
		   uint32_t n, bool ok)
{
	sort_u32(t, batches);
	char mn[24], md[24];
	per_call(mn, sizeof mn, t[0], n);
	per_call(md, sizeof md, t[batches / 2], n);
	printf("bench: door=%s service=%s min=%s median=%s result=%s calls=%lu batches=%u bytes=%lu\n",
	       door, service, mn, md, ok ? "ok" : "WRONG", (unsigned long)n, batches, (unsigned long)bytes);
}

static void measure(const char *door, const char *service, loop_fn loop, uint32_t n, unsigned batches, long want)
{
	uint32_t t[BATCHES_MAX];
	long last = 0;
	loop(n, 0, &last);   /* warm up: TLB, caches, the emulator's translations */
	bool ok = last == want;
	for (unsigned b = 0; b < batches; b++) {
		t[b] = loop(n, 0, &last);
		ok &= last == want;
	}
	report(door, service, 0, t, batches, n, ok);
}

/* Every door x service, batch by batch, each round starting one pair further on. */
static void measure_interleaved(const struct door *doors, uint32_t n, unsigned batches)
{
	static uint32_t t[NROWS][BATCHES_MAX];
	static bool ok[NROWS];
	loop_fn fn[NROWS];
	uint32_t calls[NROWS];
	/* Row r: service r / NDOORS through door r % NDOORS, so that the doors of one service run back to back. */
	for (unsigned r = 0; r < NROWS; r++) {
		const struct door *d = &doors[r % NDOORS];
		const struct service *s = &services[r / NDOORS];
		fn[r] = s->kind == SVC_NOP ? d->nop : s->kind == SVC_IN ? d->in : d->out;
		calls[r] = n / s->calls_div ? n / s->calls_div : 1;
		long last = -1;
		fn[r](calls[r], s->bytes, &last);   /* warm up: TLB, caches, the emulator's translations */
		ok[r] = last == (long)s->bytes;
	}
	for (unsigned b = 0; b < batches; b++) {
		for (unsigned k = 0; k < NROWS; k++) {
			unsigned r = (b + k) % NROWS;
			long last = -1;
			t[r][b] = fn[r](calls[r], services[r / NDOORS].bytes, &last);
			ok[r] &= last == (long)services[r / NDOORS].bytes;
		}
	}
	for (unsigned r = 0; r < NROWS; r++) {
		const char *door = doors[r % NDOORS].name, *service = services[r / NDOORS].name;
		report(door, service, services[r / NDOORS].bytes, t[r], batches, calls[r], ok[r]);
	}
}

static void split(const char *door, void (*fn)(void), uint32_t cal)
{
	uint32_t in[BATCHES_MAX], back[BATCHES_MAX];
	const unsigned reps = 9;
	fn();
	for (unsigned i = 0; i < reps; i++) {
		fn();
		/* Exact under Bochs; under an emulator's host-time TSC the corrections can exceed the figure. */
		int32_t e = (int32_t)(split_t1 - split_t0 - cal);
		int32_t b = (int32_t)(split_t2 - split_t1 - cal - 1);   /* also less the service's own ret */
		in[i] = e > 0 ? (uint32_t)e : 0;
		back[i] = b > 0 ? (uint32_t)b : 0;
	}
	sort_u32(in, reps);
	sort_u32(back, reps);
	printf("bench-split: door=%s entry=%lu back=%lu\n", door, (unsigned long)in[0], (unsigned long)back[0]);
}

static const char *gate_return_mode(void)
{
	/* The sysexit return leaves the caller's ESP in ECX; iret clears ECX. */
	uint32_t ecx, esp;
	__asm__ volatile("call sys_nop\n\tmov %%esp, %1" : "=c"(ecx), "=r"(esp) : : "eax", "edx", "memory");
	return ecx == esp ? "gate-sysexit" : "gate-iret";
}

static int run_child(const char *path, const char *const *argv, const unsigned long *gates)
{
	long pid = sys_spawn(path, argv, gates);
	if (is_err(pid)) {
		printf("bench: cannot spawn %s: %s\n", path, strerror(pid));
		return -1;
	}
	int st = 0;
	sys_wait((int)pid, &st, 0);
	return st;
}

/*
 * Gate nop in a child that may call only a few gates, and in one that may
 * call them all, alternately, rounds times each.
 */
static int scaling(const char *calls, const char *batches, unsigned rounds)
{
	unsigned long few[GATE_COUNT / 32];
	memset(few, 0, sizeof few);
	const unsigned keep[] = { GATE_NR_nop, GATE_NR_write, GATE_NR_exit };
	for (unsigned i = 0; i < sizeof keep / sizeof keep[0]; i++)
		few[keep[i] / 32] |= 1ul << (keep[i] % 32);
	const char *argv_few[] = { "bench", "scaling-child", "3", calls, batches, NULL };
	const char *argv_all[] = { "bench", "scaling-child", "all", calls, batches, NULL };
	for (unsigned r = 0; r < rounds; r++) {
		run_child("bench", argv_few, few);
		run_child("bench", argv_all, NULL);
	}
	return 0;
}

/* The partner of the switch measurement: yields until told to stop by a kill. */
static int __attribute__((noreturn)) yielder(void)
{
	for (;;)
		sys_yield();
}

/* A bystander of the switch measurement: asleep (a timed sleep) until killed. */
static int __attribute__((noreturn)) sleeper(void)
{
	for (;;)
		sys_sleep_ms(SLEEPER_MS);
}

/* Sleeping processes present while the switch is measured: it must cost the same with each. */
static const unsigned sleeper_counts[] = { 0, 8, 40 };
#define SLEEPERS_MAX 40

static void spawn_n(const char *mode, long *pids, unsigned n)
{
	const char *argv[] = { "bench", mode, NULL };
	for (unsigned i = 0; i < n; i++)
		pids[i] = sys_spawn("bench", argv, NULL);
}

static void kill_n(const long *pids, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		int st;
		if (is_err(pids[i]))
			continue;
		sys_kill((int)pids[i]);
		sys_wait((int)pids[i], &st, 0);
	}
}

/* One yield to the partner and its yield back, n times, the best of 5 batches: ticks per switch. */
static void measure_switch(uint32_t n, unsigned sleepers)
{
	long pids[SLEEPERS_MAX + 1];
	spawn_n("sleeper", pids, sleepers);
	sys_sleep_ms(SETTLE_MS);   /* every sleeper runs and goes to sleep meanwhile */
	spawn_n("yielder", &pids[sleepers], 1);
	char out[24];
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 5; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < n; i++)
			sys_yield();   /* to the partner and back: two switches, two yields */
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	kill_n(pids, sleepers + 1);
	per_call(out, sizeof out, best, 2 * n);
	printf("bench-proc: what=switch-%u-sleeping ticks=%s (one yield and one switch to the other process, "
	       "%u processes asleep; %lu x 2 yields)\n", sleepers, out, sleepers, (unsigned long)n);
}

/* The best of 3 rounds of `cycles` fork + (exec of `true` or exit) + wait, per cycle. */
static void fork_cycles(const char *what, bool exec, uint32_t cycles)
{
	const char *t_argv[] = { "true", NULL };
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 3; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < cycles; i++) {
			long pid = sys_fork();
			if (pid == 0) {
				if (exec)
					sys_exec("true", t_argv, NULL);
				sys_exit(0);
			}
			int st;
			sys_wait((int)pid, &st, 0);
		}
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	char out[24];
	per_call(out, sizeof out, best, cycles);
	printf("bench-proc: what=%s ticks=%s (%lu cycles)\n", what, out, (unsigned long)cycles);
}

/* A child that waits to be killed: it holds its share of the parent's pages meanwhile. */
static long sleeping_child(void)
{
	long pid = sys_fork();
	if (pid == 0)
		for (;;)
			sys_sleep_ms(1000);
	return pid;
}

static void reap_child(long pid)
{
	int st;
	sys_kill((int)pid);
	sys_wait((int)pid, &st, 0);
}

#define FAULT_ROUNDS 8

/*
 * One copy-on-write fault: the parent's first write to a page a sleeping
 * child shares (the store, the fault, the copy of 4 KiB); and one
 * demand-zero fault: the first touch of an mmap'ed private anonymous page.
 * The best of FAULT_ROUNDS, each on a fresh page.
 */
static void fault_figures(void)
{
	static volatile uint32_t cow_page[1024] __attribute__((aligned(4096), used));
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned r = 0; r < FAULT_ROUNDS; r++) {
		cow_page[0] = r;   /* present and the parent's before the fork */
		long pid = sleeping_child();
		uint32_t t0 = tsc_lo();
		cow_page[1] = r;
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
		reap_child(pid);
	}
	printf("bench-proc: what=cow-fault ticks=%lu (one write to a page a child shares: fault and copy)\n", (unsigned long)best);
	best = 0xFFFFFFFFu;
	long a = mmap6(NULL, FAULT_ROUNDS * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (is_err(a)) {
		printf("bench: mmap for the demand-zero fault: %s\n", strerror(a));
		return;
	}
	for (unsigned r = 0; r < FAULT_ROUNDS; r++) {
		volatile uint32_t *page = (volatile uint32_t *)(a + r * PAGE_SIZE);
		uint32_t t0 = tsc_lo();
		page[0] = r;
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	sys_munmap((void *)a, FAULT_ROUNDS * PAGE_SIZE);
	printf("bench-proc: what=demand-zero-fault ticks=%lu (first touch of an mmap'ed private anonymous page)\n",
	       (unsigned long)best);
}

static void fork_figures(uint32_t cycles)
{
	fork_cycles("fork-exit-wait", false, cycles);
	fork_cycles("fork-exec-wait", true, cycles);
	fault_figures();
}

static volatile uint32_t bench_signals;
static void bench_handler(int sig) { (void)sig; bench_signals++; }

/* kill to oneself, the handler (an increment) and sigreturn: one signal sent and handled. */
static void measure_signal_self(uint32_t n)
{
	struct pf_sigaction act = { (unsigned long)bench_handler, 0, 0, 0 }, old;
	sys_sigaction(SIGUSR1, &act, &old);
	long me = sys_getpid();
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 3; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < n; i++)
			sys_killsig((int)me, SIGUSR1);
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	sys_sigaction(SIGUSR1, &old, NULL);
	char out[24];
	per_call(out, sizeof out, best, n);
	printf("bench-proc: what=signal-self ticks=%s (kill to itself + handler + sigreturn; %lu signals, %lu handled)\n",
	       out, (unsigned long)n, (unsigned long)bench_signals);
}

static void procs(uint32_t n)
{
	for (unsigned i = 0; i < sizeof sleeper_counts / sizeof sleeper_counts[0]; i++)
		measure_switch(n, sleeper_counts[i]);

	char out[24];
	const char *t_argv[] = { "true", NULL };
	uint32_t cycles = n / 10 ? n / 10 : 1;
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 3; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < cycles; i++)
			run_child("true", t_argv, NULL);
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	per_call(out, sizeof out, best, cycles);
	printf("bench-proc: what=spawn-exit-wait ticks=%s (%lu cycles of `true`)\n", out, (unsigned long)cycles);
	fork_figures(cycles);
	measure_signal_self(n);
}

#define WORKLOAD_PROGS_MAX 8
struct workload_progs {
	char names[WORKLOAD_PROGS_MAX][PF_DIRENT_NAME_LEN];
	unsigned n;
};

static bool workload_prog(const struct pf_dirent *d, void *ctx)
{
	struct workload_progs *w = ctx;
	if (!strncmp(d->name, WORKLOAD_PREFIX, strlen(WORKLOAD_PREFIX)))
		strcpy(w->names[w->n++], d->name);
	return w->n < WORKLOAD_PROGS_MAX;
}

/*
 * The whole workloads: every program of the initrd named workload.<door>
 * (the same program built once per door), running each of its workloads,
 * rounds times, the order of the programs rotating from round to round.
 * set: "core" (the process and console workloads), "files" (files and
 * pipes: make bench runs them fewer rounds, a 1 MiB disk write being long
 * under TCG) or "all".
 */
static int workloads(unsigned rounds, const char *n, const char *set)
{
	static const char *const names[] = { "spawn", "write", "readall", "yield",   /* core */
					     "openclose", "stat", "create4k", "seqwrite", "seqread", "cachedread",
					     "dirlist", "pipe64", "pipe4k", "pipe64k", "pingpong" };
	const unsigned ncore = 4, nall = sizeof names / sizeof names[0];
	unsigned first = !strcmp(set, "files") ? ncore : 0, end = !strcmp(set, "core") ? ncore : nall;
	struct workload_progs found = { .n = 0 };
	struct pf_stat st;
	/* The initrd is at /initrd when a disk is the root (make bench boots one for the file workloads). */
	each_dirent(sys_stat("/initrd", &st) == 0 ? "/initrd" : "", workload_prog, &found);
	char (*progs)[PF_DIRENT_NAME_LEN] = found.names;
	unsigned nprogs = found.n;
	if (!nprogs) {
		printf("bench: no " WORKLOAD_PREFIX "<door> program in the initrd\n");
		return 1;
	}
	for (unsigned r = 0; r < rounds; r++)
		for (unsigned w = first; w < end; w++)
			for (unsigned k = 0; k < nprogs; k++) {
				const char *prog = progs[(r + k) % nprogs];
				const char *argv[] = { prog, names[w], n, NULL };
				run_child(prog, argv, NULL);
			}
	return 0;
}

static const struct door *door_table(void)
{
	static struct door doors[NDOORS] = {
		{ NULL, gate_nop, gate_in, gate_out, gate_split },
		{ "int80", int80_nop, int80_in, int80_out, int80_split },
		{ "sysenter", sysenter_nop, sysenter_in, sysenter_out, sysenter_split },
		{ "callgate", callgate_nop, callgate_in, callgate_out, callgate_split },
		{ "call", plain_nop_loop, plain_in_loop, plain_out_loop, NULL },
		{ "loop", empty_loop, empty_loop, empty_loop, NULL },
	};
	doors[0].name = gate_return_mode();
	return doors;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "scaling"))
		return scaling(argc > 2 ? argv[2] : "2000", argc > 3 ? argv[3] : "11",
			       argc > 4 ? (unsigned)atol(argv[4]) : 3);
	if (argc > 1 && !strcmp(argv[1], "yielder"))
		return yielder();
	if (argc > 1 && !strcmp(argv[1], "sleeper"))
		return sleeper();
	if (argc > 1 && !strcmp(argv[1], "procs")) {
		procs(argc > 2 ? (uint32_t)atol(argv[2]) : 1000);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "workloads"))
		return workloads(argc > 2 ? (unsigned)atol(argv[2]) : 1, argc > 3 ? argv[3] : "0", argc > 4 ? argv[4] : "all");
	if (argc > 4 && !strcmp(argv[1], "scaling-child")) {
		char name[32];
		snprintf(name, sizeof name, "gate-%s-bound", argv[2]);
		unsigned batches = (unsigned)atol(argv[4]);
		uint32_t calls = (uint32_t)atol(argv[3]);
		measure(name, "nop", gate_nop, calls ? calls : 1,
			batches && batches <= BATCHES_MAX ? batches : 11, 0);
		return 0;
	}
	uint32_t n = argc > 1 ? (uint32_t)arg_ulong("bench", "CALLS", argv[1]) : 1000;
	unsigned batches = argc > 2 ? (unsigned)arg_ulong("bench", "BATCHES", argv[2]) : 11;
	if (!n)
		n = 1;
	if (!batches || batches > BATCHES_MAX)
		batches = 11;
	memset(copy_buf, 'x', sizeof copy_buf);

	const struct door *doors = door_table();
	uint32_t cal = calibration();
	printf("bench: calibration rdtsc+mov = %lu ticks\n", (unsigned long)cal);
	/* TSC ticks per millisecond of the kernel's clock: turns emulator ticks into time. */
	unsigned long ms0 = sys_uptime_ms();
	uint32_t tsc0 = tsc_lo();
	sys_sleep_ms(200);
	uint32_t ticks = tsc_lo() - tsc0;
	unsigned long ms = sys_uptime_ms() - ms0;
	printf("bench: tsc-per-ms=%lu\n", (unsigned long)(ms ? ticks / ms : 0));
	measure_interleaved(doors, n, batches);
	for (unsigned d = 0; d < NDOORS; d++)
		if (doors[d].split)
			split(doors[d].name, doors[d].split, cal);
	return 0;
}
