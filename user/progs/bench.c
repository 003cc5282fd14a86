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
 * Services: nop, and copyin (a checked copy of a 64-byte user buffer).
 * Figures are TSC ticks per round trip: under Bochs, instructions (exact);
 * under QEMU TCG, host time (relative only). The split uses the tsc service,
 * whose first instruction reads the TSC: entry = from the first instruction
 * of the call sequence up to the service; back = from the service's return
 * to the instruction after the call sequence.
 * Usage: bench [calls-per-batch [batches]] | bench scaling | bench procs [n]
 * `procs`: a context switch (two processes yielding to each other: one yield
 * is one switch away and, later, one back) and a spawn+exit+wait cycle.
 */
#include "ulib.h"
#include "kernel/format.h"

#define BATCHES_MAX 64
#define COPY_LEN 64

static char copy_buf[COPY_LEN] __attribute__((aligned(16)));
static char copy_dst[COPY_LEN];

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

/*
 * One loop per door and service: ESI counts down; each iteration is the
 * door's whole calling sequence plus `dec %esi; jnz`. Results are checked
 * after the loop through EAX of the last call.
 */
#define LOOP(name, setup, door)                                                         \
	static uint32_t name(uint32_t n, long *last)                                      \
	{                                                                                 \
		uint32_t t0 = tsc_lo();                                                   \
		long r;                                                                   \
		__asm__ volatile("1:\n\t" setup door "\n\tdec %%esi\n\tjnz 1b"              \
				 : "=a"(r), "+S"(n)                                       \
				 : [buf] "i"(copy_buf), [len] "i"(COPY_LEN),                \
				   [nnop] "i"(GATE_NR_nop), [ncopy] "i"(GATE_NR_copyin),    \
				   [snop] "i"(DOOR_CALLGATE_SEL(GATE_NR_nop)),                   \
				   [scopy] "i"(DOOR_CALLGATE_SEL(GATE_NR_copyin))                \
				 : "ebx", "ecx", "edx", "edi", "memory", "cc");           \
		*last = r;                                                                \
		return tsc_lo() - t0;                                                     \
	}

#define NOP_ARGS ""
#define COPY_ARGS "mov %[buf], %%eax\n\tmov %[len], %%edx\n\t"
#define SYSENTER "push %%ebp\n\tmov %%esp, %%ebp\n\tmov $2f, %%edi\n\tsysenter\n2:\tpop %%ebp"

LOOP(gate_nop, NOP_ARGS, "call sys_nop")
LOOP(gate_copy, COPY_ARGS, "call sys_copyin")
LOOP(int80_nop, NOP_ARGS "mov %[nnop], %%ebx\n\t", "int $0x80")
LOOP(int80_copy, COPY_ARGS "mov %[ncopy], %%ebx\n\t", "int $0x80")
LOOP(sysenter_nop, NOP_ARGS "mov %[nnop], %%ebx\n\t", SYSENTER)
LOOP(sysenter_copy, COPY_ARGS "mov %[ncopy], %%ebx\n\t", SYSENTER)
LOOP(callgate_nop, NOP_ARGS, "lcall %[snop], $0")
LOOP(callgate_copy, COPY_ARGS, "lcall %[scopy], $0")
LOOP(plain_nop_loop, NOP_ARGS, "call plain_nop")
LOOP(plain_copy_loop, COPY_ARGS, "call plain_copyin")

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
	uint32_t (*loop[2])(uint32_t, long *);
	void (*split)(void);
};

/* a / n with two decimals, as "x.yy" (no floating point in the guest). */
static void per_call(char *out, size_t size, uint32_t a, uint32_t n)
{
	uint64_t v = (uint64_t)a * 100;
	divmod64(&v, n);
	snprintf(out, size, "%lu.%02lu", (unsigned long)(v / 100), (unsigned long)(v % 100));
}

static void measure(const char *door, const char *service, uint32_t (*loop)(uint32_t, long *),
		    uint32_t n, unsigned batches, long want)
{
	uint32_t t[BATCHES_MAX];
	long last = 0;
	loop(n, &last);   /* warm up: TLB, caches, the emulator's translations */
	bool ok = last == want;
	for (unsigned b = 0; b < batches; b++) {
		t[b] = loop(n, &last);
		ok &= last == want;
	}
	sort_u32(t, batches);
	char mn[24], md[24];
	per_call(mn, sizeof mn, t[0], n);
	per_call(md, sizeof md, t[batches / 2], n);
	printf("bench: door=%s service=%s min=%s median=%s result=%s calls=%lu batches=%u\n",
	       door, service, mn, md, ok ? "ok" : "WRONG", (unsigned long)n, batches);
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

/* Run gate nop in a child that may call only a few gates, and in one that may call them all. */
static int scaling(void)
{
	unsigned long few[GATE_COUNT / 32];
	memset(few, 0, sizeof few);
	const unsigned keep[] = { GATE_NR_nop, GATE_NR_write, GATE_NR_exit };
	for (unsigned i = 0; i < 3; i++)
		few[keep[i] / 32] |= 1ul << (keep[i] % 32);
	const char *argv[] = { "bench", "scaling-child", "3", NULL };
	long pid = sys_spawn("bench", argv, few);
	int st;
	sys_wait((int)pid, &st, 0);
	const char *argv_all[] = { "bench", "scaling-child", "all", NULL };
	pid = sys_spawn("bench", argv_all, NULL);
	sys_wait((int)pid, &st, 0);
	return 0;
}

/* The partner of the switch measurement: yields until told to stop by a kill. */
static int __attribute__((noreturn)) yielder(void)
{
	for (;;)
		sys_yield();
}

static void procs(uint32_t n)
{
	const char *argv[] = { "bench", "yielder", NULL };
	long partner = sys_spawn("bench", argv, NULL);
	char out[24];
	uint32_t best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 5; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < n; i++)
			sys_yield();   /* to the partner and back: two switches, two yields */
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	sys_kill((int)partner);
	int st;
	sys_wait((int)partner, &st, 0);
	per_call(out, sizeof out, best, 2 * n);
	printf("bench-proc: what=switch ticks=%s (one yield and one switch to the other process; %lu x 2 yields)\n",
	       out, (unsigned long)n);

	const char *t_argv[] = { "true", NULL };
	uint32_t cycles = n / 10 ? n / 10 : 1;
	best = 0xFFFFFFFFu;
	for (unsigned b = 0; b < 3; b++) {
		uint32_t t0 = tsc_lo();
		for (uint32_t i = 0; i < cycles; i++) {
			long pid = sys_spawn("true", t_argv, NULL);
			sys_wait((int)pid, &st, 0);
		}
		uint32_t t = tsc_lo() - t0;
		best = t < best ? t : best;
	}
	per_call(out, sizeof out, best, cycles);
	printf("bench-proc: what=spawn-exit-wait ticks=%s (%lu cycles of `true`)\n", out, (unsigned long)cycles);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "scaling"))
		return scaling();
	if (argc > 1 && !strcmp(argv[1], "yielder"))
		return yielder();
	if (argc > 1 && !strcmp(argv[1], "procs")) {
		procs(argc > 2 ? (uint32_t)atol(argv[2]) : 1000);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "scaling-child")) {
		char name[32];
		snprintf(name, sizeof name, "gate-%s-bound", argv[2]);
		measure(name, "nop", gate_nop, 20000, 11, 0);
		return 0;
	}
	uint32_t n = argc > 1 ? (uint32_t)arg_ulong("bench", "CALLS", argv[1]) : 5000;
	unsigned batches = argc > 2 ? (unsigned)arg_ulong("bench", "BATCHES", argv[2]) : 11;
	if (!n)
		n = 1;
	if (!batches || batches > BATCHES_MAX)
		batches = 11;
	memset(copy_buf, 'x', sizeof copy_buf);

	const char *gate = gate_return_mode();
	const struct door doors[] = {
		{ gate, { gate_nop, gate_copy }, gate_split },
		{ "int80", { int80_nop, int80_copy }, int80_split },
		{ "sysenter", { sysenter_nop, sysenter_copy }, sysenter_split },
		{ "callgate", { callgate_nop, callgate_copy }, callgate_split },
		{ "call", { plain_nop_loop, plain_copy_loop }, NULL },
	};
	uint32_t cal = calibration();
	printf("bench: calibration rdtsc+mov = %lu ticks\n", (unsigned long)cal);
	/* TSC ticks per millisecond of the kernel's clock: turns emulator ticks into time. */
	unsigned long ms0 = sys_uptime_ms();
	uint32_t tsc0 = tsc_lo();
	sys_sleep_ms(200);
	uint32_t ticks = tsc_lo() - tsc0;
	unsigned long ms = sys_uptime_ms() - ms0;
	printf("bench: tsc-per-ms=%lu\n", (unsigned long)(ms ? ticks / ms : 0));
	for (unsigned d = 0; d < sizeof doors / sizeof doors[0]; d++) {
		measure(doors[d].name, "nop", doors[d].loop[0], n, batches, 0);
		measure(doors[d].name, "copyin64", doors[d].loop[1], n, batches, COPY_LEN);
		if (doors[d].split)
			split(doors[d].name, doors[d].split, cal);
	}
	return 0;
}
