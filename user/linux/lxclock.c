/*
 * The vDSO's clocks (issue 28), built with glibc -static: clock_gettime,
 * time and gettimeofday as glibc serves them (from the vDSO, which glibc
 * finds by AT_SYSINFO_EHDR), checked against the same calls made by
 * syscall() (the kernel's answer): monotonic, across several ticks, and
 * within a tick of the kernel's. Its vDSO data page read-only: a write
 * faults (SIGSEGV) and mprotect will not make it writable. The exit status
 * is the number of checks that failed. The test (test/suite_linux.py) counts
 * the calls that entered the kernel under linuxlog: only the syscall() ones.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define LOOPS 1000
#define TICK_NS 10000000LL   /* the kernel's tick: 10 ms */
#define PAGE 4096UL

static int failures;

static void check(int ok, const char *what)
{
	printf("lxclock: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

/* The kernel's clock_gettime (time64 layout: __NR_clock_gettime64), not the vDSO's. */
static struct timespec kernel_clock(clockid_t c)
{
	struct { long long sec, nsec; } t = { 0, 0 };
	syscall(SYS_clock_gettime64, c, &t);
	return (struct timespec){ (time_t)t.sec, (long)t.nsec };
}

static sigjmp_buf back;
static void on_segv(int sig) { siglongjmp(back, sig); }

int main(void)
{
	/* 1,000 reads of each fine clock, monotonic; then on until at least three ticks have passed. */
	clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };
	for (unsigned c = 0; c < 2; c++) {
		struct timespec first, a, b;
		clock_gettime(clocks[c], &first);
		a = first;
		int ordered = 1, sane = 1;
		long reads = 0;
		for (; reads < LOOPS || (ns(a) - ns(first) < 3 * TICK_NS && reads < 100000000); reads++) {
			clock_gettime(clocks[c], &b);
			ordered &= ns(b) >= ns(a);
			sane &= b.tv_nsec >= 0 && b.tv_nsec < 1000000000;
			a = b;
		}
		char what[96];
		snprintf(what, sizeof what, "%s: %s reads monotonic and across 3 ticks",
			 c ? "CLOCK_REALTIME" : "CLOCK_MONOTONIC", reads >= LOOPS ? "1000+" : "too few");
		check(ordered && reads >= LOOPS && ns(a) - ns(first) >= 3 * TICK_NS, what);
		check(sane, "tv_nsec within [0, 1e9)");
	}
	/* Each within a tick of the kernel's: the kernel's is the tick's time, the vDSO's that plus < one tick. */
	int close = 1;
	for (int i = 0; i < 3; i++) {
		for (unsigned c = 0; c < 2; c++) {
			struct timespec k0 = kernel_clock(clocks[c]), v, k1;
			clock_gettime(clocks[c], &v);
			k1 = kernel_clock(clocks[c]);
			close &= ns(v) >= ns(k0) && ns(v) <= ns(k1) + TICK_NS;
		}
	}
	check(close, "clock_gettime within a tick of the kernel's, both clocks");
	struct timespec k = kernel_clock(CLOCK_REALTIME), k2;
	struct timeval tv;
	check(gettimeofday(&tv, NULL) == 0, "gettimeofday returns 0");
	time_t t = time(NULL);
	k2 = kernel_clock(CLOCK_REALTIME);
	long long tv_ns = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	check(tv_ns >= ns(k) - 1000 && tv_ns <= ns(k2) + TICK_NS, "gettimeofday within a tick of the kernel's");
	check(t >= k.tv_sec && t <= k2.tv_sec, "time() the kernel's seconds");
	struct timespec co;
	check(clock_gettime(CLOCK_MONOTONIC_COARSE, &co) == 0 && ns(co) <= ns(kernel_clock(CLOCK_MONOTONIC)),
	      "CLOCK_MONOTONIC_COARSE no later than the kernel's");
	struct timespec cpu;
	check(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0, "CLOCK_PROCESS_CPUTIME_ID (the kernel's) returns 0");

	/* The data page, under the vDSO: readable, not writable. */
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	volatile unsigned *vvar = (volatile unsigned *)(vdso - PAGE);
	check(vdso != 0, "AT_SYSINFO_EHDR given");
	unsigned seq = vvar[0];
	(void)seq;
	signal(SIGSEGV, on_segv);
	int sig = sigsetjmp(back, 1);
	if (!sig) {
		vvar[0] = 0x12345;
		check(0, "a write to the vDSO's data page faults");
	} else {
		check(sig == SIGSEGV, "a write to the vDSO's data page faults (SIGSEGV)");
	}
	check(mprotect((void *)(vdso - PAGE), PAGE, PROT_READ | PROT_WRITE) != 0, "mprotect will not make it writable");
	sig = sigsetjmp(back, 1);
	if (!sig) {
		vvar[0] = 0x12345;
		check(0, "after mprotect, a write still faults");
	} else {
		check(sig == SIGSEGV, "after mprotect, a write still faults");
	}
	/* /proc/self/maps names both pages as Linux does. */
	char maps[4096] = "", want[64];
	FILE *f = fopen("/proc/self/maps", "r");
	if (f) {
		maps[fread(maps, 1, sizeof maps - 1, f)] = 0;
		fclose(f);
	}
	snprintf(want, sizeof want, "%08lx-%08lx r--p", vdso - PAGE, vdso);
	check(strstr(maps, want) && strstr(maps, "[vvar]\n"), "/proc/self/maps shows the [vvar] page, read-only");
	check(strstr(maps, "[vdso]\n") != NULL, "/proc/self/maps shows the [vdso]");
	printf("lxclock: done, %d failure(s)\n", failures);
	return failures;
}
