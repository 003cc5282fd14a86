/* help: usertests [noinput] [bench] [doors]: the gate test suite (TAP); its read test wants you to type ping */
/*
 * The user test suite: every gate service, every error path of the user
 * pointer rules, and (each in its own process, via `misuse`) every misuse of
 * a gate. Hostile on purpose, in the spirit of xv6's usertests. TAP output.
 * Usage: usertests [noinput] [bench] [doors]   ("noinput": skip read tests, for runs with no console
 *                                       input; "bench": make bench's kernel, test its bench gates;
 *                                       "doors": booted with `doors`, the door misuses are skipped)
 *        usertests fgsteal  (its own child, for the tcsetpgrp test)
 */
#include "ulib.h"
#include "tap.h"
#include "misuse_cases.h"

#define BAD_UNMAPPED 0x20000000u   /* below the gate window, never mapped by our programs */

static const char text_sample[] = "0123456789abcdef";
extern char _start[];               /* crt0, in the read-only text segment */

typedef long (*gate0_t)(void) __attribute__((regparm(3)));

/* ---- the gate ABI itself ------------------------------------------------ */

/* nop through the gate with known values in every register; check what comes back. */
/*
 * Defined by make bench's sysenter door stubs (user/bench/doors/stubs.c), whose
 * sysexit gives ECX and EDX their own stack pointer and return label: user
 * addresses all the same, and those are what the contract then allows.
 */
extern const int door_leaves_stub_addresses __attribute__((weak));

static void test_register_contract(void)
{
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp_before, ebp_after, esp_after, ret_addr;
	__asm__ volatile(
		"mov %%ebp, %[bb]\n\t"
		"mov $0x11111111, %%ebx\n\t"
		"mov $0x22222222, %%ecx\n\t"
		"mov $0x33333333, %%edx\n\t"
		"mov $0x44444444, %%esi\n\t"
		"mov $0x55555555, %%edi\n\t"
		"mov $0xDEADBEEF, %%eax\n\t"
		"call sys_nop\n"
		"1:\tmov %%ebp, %[ba]\n\t"
		"mov %%esp, %[sa]\n\t"
		"movl $1b, %[ra]\n\t"
		: "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx), "=S"(esi), "=D"(edi), [bb] "=m"(ebp_before), [ba] "=m"(ebp_after),
		  [sa] "=m"(esp_after), [ra] "=m"(ret_addr)
		:
		: "memory", "cc");
	TAP_EQ(eax, 0, "nop returns 0 in EAX");
	/*
	 * The iret return clears ECX and EDX; the sysexit return leaves the
	 * caller's own stack pointer and return address there (sysexit takes them
	 * from those registers). Either way, nothing of the kernel.
	 */
	bool user_only = &door_leaves_stub_addresses && ecx < KERNEL_BASE && edx < KERNEL_BASE;
	tap_ok(((ecx == 0 || ecx == esp_after) && (edx == 0 || edx == ret_addr)) || user_only,
	       "ECX and EDX carry no kernel data (ecx=%lx edx=%lx)", (unsigned long)ecx, (unsigned long)edx);
	tap_ok(ebx == 0x11111111 && esi == 0x44444444 && edi == 0x55555555, "EBX, ESI, EDI preserved");
	tap_ok(ebp_before == ebp_after, "EBP preserved");
}

/* ESP after a gate call is where it was: the emulated ret popped the return address. */
static void test_stack_balance(void)
{
	uint32_t before, after;
	__asm__ volatile("mov %%esp, %0\n\tcall sys_nop\n\tmov %%esp, %1" : "=r"(before), "=r"(after) : : "eax", "ecx", "edx", "memory");
	TAP_EQ(after, before, "ESP balanced across a gate call");
}

static void test_unbound_gates(void)
{
	TAP_EQ(((gate0_t)GATE_ADDR(GATE_COUNT - 1))(), -ENOSYS, "last gate (unbound) returns -ENOSYS");
	TAP_EQ(((gate0_t)GATE_ADDR(500))(), -ENOSYS, "gate 500 (unbound) returns -ENOSYS");
}

/* A jmp (tail call) to a gate returns to whatever address is on the stack: it is a call like any other. */
static long tail_call_nop(void)
{
	long r;
	__asm__ volatile("push $1f\n\tjmp sys_getpid\n1:" : "=a"(r) : : "ecx", "edx", "memory");
	return r;
}

static void test_tail_call(void)
{
	TAP_EQ(tail_call_nop(), sys_getpid(), "jmp to a gate with a pushed return address works");
}

/* ---- services -------------------------------------------------------------- */

static void test_write(void)
{
	static const char msg[] = "# write: hello through the gate\n";
	TAP_EQ(sys_write(STDOUT_FD, msg, sizeof msg - 1), sizeof msg - 1, "write returns its length");
	TAP_EQ(sys_write(STDERR_FD, "# to stderr\n", 12), 12, "write to fd 2");
	TAP_EQ(sys_write(STDOUT_FD, msg, 0), 0, "write of 0 bytes");
	TAP_EQ(sys_write(STDOUT_FD, NULL, 0), 0, "write of 0 bytes from NULL");
	TAP_EQ(sys_write(7, msg, 4), -EBADF, "write to a bad fd: -EBADF");
	TAP_EQ(sys_write(-1, msg, 4), -EBADF, "write to fd -1: -EBADF");
	TAP_EQ(sys_write(STDOUT_FD, text_sample, 0), 0, "write from read-only data is fine (0 bytes)");
}

static void test_write_efault(void)
{
	TAP_EQ(sys_write(STDOUT_FD, NULL, 10), -EFAULT, "write from NULL: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)KERNEL_BASE, 10), -EFAULT, "write from KERNEL_BASE: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)(KERNEL_BASE + 0x100000), 16), -EFAULT, "write from the kernel image: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)(KERNEL_BASE - 5), 10), -EFAULT, "write straddling KERNEL_BASE: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)0xFFFFFFF0u, 0x20), -EFAULT, "write range that wraps: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)BAD_UNMAPPED, 4), -EFAULT, "write from an unmapped page: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, (void *)GATE_ADDR(GATE_NR_write), 4), -EFAULT, "write from a gate page: -EFAULT");
	TAP_EQ(sys_write(STDOUT_FD, text_sample, 0xFFFFFFFFu), -EFAULT, "write with a huge length: -EFAULT");
	/* The stack's last 4 bytes, made printable for the moment, then the unmapped page below the gates: a partial write of those 4. */
	char *top = (char *)(USER_STACK_TOP - 4), saved[4];
	memcpy(saved, top, 4);
	memcpy(top, "#~~\n", 4);
	TAP_EQ(sys_write(STDOUT_FD, top, 8), 4, "write running off the stack top: the 4 bytes before the unmapped page");
	memcpy(top, saved, 4);
	/* A buffer whose last byte is the last mapped byte of the heap is fine; one more byte is not. */
	char *brk = sbrk(0);
	char *page = sbrk(PAGE_SIZE);
	tap_ok(page != (void *)-1, "sbrk a page for boundary tests");
	char *end = (char *)(((uintptr_t)brk + PAGE_SIZE + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1));
	memcpy(end - 2, "#\n", 2);
	TAP_EQ(sys_write(STDOUT_FD, end - 2, 2), 2, "write ending at the last mapped byte");
	TAP_EQ(sys_write(STDOUT_FD, end - 2, 3), 2, "write one byte past the last mapped byte: the 2 bytes before it");
	TAP_EQ(sys_write(STDOUT_FD, end, 3), -EFAULT, "write starting at the unmapped page: -EFAULT");
	/* Longer than a console piece (CONSOLE_FEED_EVERY) and than an atomic write: every byte up to the page. */
	char *line = end - 300;
	memset(line, '#', 299);
	line[299] = '\n';
	TAP_EQ(sys_write(STDOUT_FD, line, 1000), 300, "a 1000-byte write whose 301st byte is unmapped writes 300");
	sbrk(-(long)PAGE_SIZE);
}

/*
 * Writes longer than the kernel's console queue (4 KiB): delivered whole, or,
 * when a page far into the buffer is bad, every byte before that page (a
 * partial write, its count returned). The harness counts the marker lines
 * the partial one printed against the count printed here.
 */
#define LONG_WRITE (3 * PAGE_SIZE + 100)
#define PARTIAL_MARK "# WRITTEN-BEFORE-THE-BAD-PAGE\n"
static void test_write_long(void)
{
	char *buf = sbrk(4 * PAGE_SIZE);
	tap_ok(buf != (void *)-1, "sbrk 4 pages for long writes");
	if (buf == (void *)-1)
		return;
	static const char line[] = "# long write: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
	for (unsigned i = 0; i < LONG_WRITE; i++)
		buf[i] = line[i % (sizeof line - 1)];
	buf[LONG_WRITE - 1] = '\n';
	TAP_EQ(sys_write(STDOUT_FD, buf, LONG_WRITE), LONG_WRITE, "a write of %u bytes returns all of it", LONG_WRITE);
	const unsigned mark = sizeof PARTIAL_MARK - 1, good = 3 * PAGE_SIZE;
	for (unsigned i = 0; i < 4 * PAGE_SIZE; i++)
		buf[i] = PARTIAL_MARK[i % mark];
	buf[good - 1] = '\n';   /* the cut line ends too: the console's next line stays a line of its own */
	sbrk(-(long)PAGE_SIZE);   /* the fourth page goes: a write running into it prints the three before it */
	printf("# partial long write: %u marker lines follow\n", good / mark);
	TAP_EQ(sys_write(STDOUT_FD, buf, 4 * PAGE_SIZE - 10), (long)good,
	       "a long write whose last page is unmapped: the %u bytes before that page", good);
	sbrk(-(long)(3 * PAGE_SIZE));
}

static void test_getpid_uptime(void)
{
	long pid = sys_getpid();
	tap_ok(pid > 0, "getpid is positive (%ld)", pid);
	unsigned long t0 = sys_uptime_ms();
	unsigned long t1 = sys_uptime_ms();
	tap_ok(t1 >= t0, "uptime_ms is monotonic (%lu <= %lu)", t0, t1);
}

static void test_sleep_yield(void)
{
	unsigned long t0 = sys_uptime_ms();
	TAP_EQ(sys_sleep_ms(50), 0, "sleep_ms(50) returns 0");
	unsigned long dt = sys_uptime_ms() - t0;
	tap_ok(dt >= 50 && dt < 1000, "sleep_ms(50) slept %lu ms (>= 50)", dt);
	TAP_EQ(sys_sleep_ms(0), 0, "sleep_ms(0) returns 0");
	TAP_EQ(sys_yield(), 0, "yield returns 0");
}

static void test_sbrk(void)
{
	char *base = sbrk(0);
	tap_ok(base != (void *)-1 && (uintptr_t)base >= USER_BASE, "sbrk(0) gives the break (%p)", base);
	char *p = sbrk(3 * PAGE_SIZE);
	tap_ok(p == base, "sbrk grows and returns the old break");
	bool zero = true;
	for (unsigned i = 0; i < 3 * PAGE_SIZE; i++)
		zero &= p[i] == 0;
	tap_ok(zero, "new heap pages are zeroed");
	memset(p, 0xAB, 3 * PAGE_SIZE);
	tap_ok(sbrk(-(long)(3 * PAGE_SIZE)) == p + 3 * PAGE_SIZE, "sbrk shrinks");
	TAP_EQ(sys_write(STDOUT_FD, p + PAGE_SIZE, 4), -EFAULT, "freed heap pages are unmapped");
	p = sbrk(PAGE_SIZE);
	tap_ok(p[0] == 0 && p[PAGE_SIZE - 1] == 0, "regrown heap pages are zeroed again");
	sbrk(-(long)PAGE_SIZE);
	TAP_EQ(sys_sbrk(-0x100000), -ENOMEM, "sbrk below the heap start: -ENOMEM");
	TAP_EQ(sys_sbrk(0x7FFFFFFF), -ENOMEM, "sbrk into the stack: -ENOMEM");
	tap_ok(sbrk(0) == base, "break unchanged after refused sbrk");
	char *m = malloc(100000);
	tap_ok(m != NULL, "malloc(100000)");
	if (m) {
		memset(m, 1, 100000);
		free(m);
	}
	char *a = malloc(24), *b = malloc(24);
	tap_ok(a && b && a != b && ((uintptr_t)a & 15) == 0, "malloc gives distinct aligned blocks");
	free(a);
	free(b);
}

/* ---- demand-zero pages: the bss, the heap and the stack are mapped when first touched ---- */

#define DEMAND_PAGES 8
static char untouched[DEMAND_PAGES * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));   /* bss: touched only below */

/* This process's user pages as ps counts them (-1 if not found). */
static long my_pages(void)
{
	struct pf_procinfo p;
	int me = (int)sys_getpid();
	for (unsigned long i = 0; sys_procinfo(i, &p) == 1; i++)
		if (p.pid == me)
			return (long)p.frames;
	return -1;
}

static void test_demand_zero(void)
{
	unsigned long free0 = free_frames();
	long pages0 = my_pages();
	/* The kernel's first touch: sysinfo copied out into page 0, a path read from page 1. */
	struct pf_sysinfo *si = (struct pf_sysinfo *)&untouched[0];
	TAP_EQ(sys_sysinfo(si), 0, "sysinfo into an untouched bss page: 0, not -EFAULT");
	tap_ok(si->total_frames > 0, "the kernel's copy landed there (total_frames %lu)", si->total_frames);
	TAP_EQ(sys_open(&untouched[PAGE_SIZE], O_WRONLY, 0), -EISDIR, "open for writing of the empty path (the root) in an untouched bss page: -EISDIR, not -EFAULT");
	/* The program's own first touches: reads see zeros, every byte. */
	unsigned long nonzero = 0;
	for (unsigned i = 2 * PAGE_SIZE; i < sizeof untouched; i++)
		nonzero += ((volatile char *)untouched)[i] != 0;
	TAP_EQ(nonzero, 0ul, "untouched bss pages read as zeros");
	TAP_EQ(my_pages() - pages0, (long)DEMAND_PAGES, "each bss page was mapped at its first touch, not at spawn");
	TAP_EQ(free_frames(), free0, "touching them took no frame that was not already promised at spawn");

	/* The heap: promised by sbrk, mapped by the touch (from a page boundary: the break's own page is mapped). */
	uintptr_t brk0 = (uintptr_t)sbrk(0);
	long align = (long)((PAGE_SIZE - (brk0 & PAGE_OFFSET_MASK)) & PAGE_OFFSET_MASK);
	sbrk(align);
	char *h = sbrk(DEMAND_PAGES * PAGE_SIZE);
	tap_ok(h != (void *)-1, "sbrk %u pages", DEMAND_PAGES);
	if (h == (void *)-1)
		return;
	long pages1 = my_pages();
	unsigned long free1 = free_frames();
	TAP_EQ(free0 - free1, (unsigned long)DEMAND_PAGES, "sbrk promises its pages' frames at once");
	TAP_EQ(pages1, pages0 + DEMAND_PAGES, "but maps none of them");
	h[0] = 1;
	h[3 * PAGE_SIZE] = 1;
	TAP_EQ(my_pages() - pages1, 2l, "two touched heap pages, two mapped");
	TAP_EQ(sbrk(-(long)(DEMAND_PAGES * PAGE_SIZE) - align), h + DEMAND_PAGES * PAGE_SIZE, "sbrk gives them back");
	TAP_EQ(free_frames(), free0, "touched and untouched heap pages all come back");
}

/* ---- read: needs console input (the harness types it) -------------------- */

static void test_read(bool have_input)
{
	if (!have_input) {
		tap_skip("no console input in this run", "read tests");
		return;
	}
	printf("# read: waiting for input: type ping (no Enter; the test harness sends 'ping' by itself)\n");
	TAP_EQ(sys_read(STDIN_FD, NULL, 4), -EFAULT, "read into NULL: -EFAULT");
	TAP_EQ(sys_read(STDIN_FD, (void *)KERNEL_BASE, 4), -EFAULT, "read into the kernel: -EFAULT");
	TAP_EQ(sys_read(STDIN_FD, (void *)(uintptr_t)_start, 4), -EFAULT, "read into read-only text: -EFAULT");
	TAP_EQ(sys_read(STDIN_FD, (void *)text_sample, 4), -EFAULT, "read into read-only data: -EFAULT");
	TAP_EQ(sys_read(1, (void *)text_sample, 4), -EBADF, "read from fd 1: -EBADF");
	char buf[8] = { 0 };
	long n = 0;
	while (n < 4) {
		long r = sys_read(STDIN_FD, buf + n, 4 - (unsigned long)n);
		if (is_err(r) || r == 0)
			break;
		n += r;
	}
	tap_ok(n == 4 && !memcmp(buf, "ping", 4), "read gets the input intact after the faults (nothing lost)");
	TAP_EQ(sys_read(STDIN_FD, buf, 0), 0, "read of 0 bytes");
}

/* ---- spawn and wait ----------------------------------------------------------- */

static int run_child(const char *const *argv, const unsigned long *gates, int *status)
{
	long pid = sys_spawn(argv[0], argv, gates);
	if (is_err(pid))
		return (int)pid;
	*status = -1;
	long w = sys_wait((int)pid, status, 0);
	return w == pid ? 0 : (int)w;
}

static void test_spawn_errors(void)
{
	const char *argv[] = { "hello", NULL };
	TAP_EQ(sys_spawn("no-such-program", argv, NULL), -ENOENT, "spawn of a missing program: -ENOENT");
	TAP_EQ(sys_spawn("README", NULL, NULL), -ENOEXEC, "spawn of a text file: -ENOEXEC");
	TAP_EQ(sys_spawn("bad_truncated", NULL, NULL), -ENOEXEC, "spawn of a truncated ELF: -ENOEXEC");
	TAP_EQ(sys_spawn("bad_machine", NULL, NULL), -ENOEXEC, "spawn of an x86-64 ELF: -ENOEXEC");
	TAP_EQ(sys_spawn("bad_entry", NULL, NULL), -ENOEXEC, "spawn of an ELF with a bad entry: -ENOEXEC");
	TAP_EQ(sys_spawn(NULL, argv, NULL), -EFAULT, "spawn with a NULL path: -EFAULT");
	TAP_EQ(sys_spawn((const char *)KERNEL_BASE, argv, NULL), -EFAULT, "spawn with a kernel path: -EFAULT");
	TAP_EQ(sys_spawn("hello", (const char *const *)KERNEL_BASE, NULL), -EFAULT, "spawn with a kernel argv: -EFAULT");
	const char *bad_elem[] = { "hello", (const char *)BAD_UNMAPPED, NULL };
	TAP_EQ(sys_spawn("hello", bad_elem, NULL), -EFAULT, "spawn with an unmapped argv string: -EFAULT");
	TAP_EQ(sys_spawn("hello", argv, (const unsigned long *)(KERNEL_BASE - 8)), -EFAULT, "spawn with a gate set straddling the kernel: -EFAULT");
	char longpath[PATH_MAX_LEN + 8];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	TAP_EQ(sys_spawn(longpath, argv, NULL), -ENAMETOOLONG, "spawn with an overlong path: -ENAMETOOLONG");
	static char big[MAX_ARG_STRLEN + 1];   /* one character past MAX_ARG_STRLEN with its NUL */
	memset(big, 'b', MAX_ARG_STRLEN);
	const char *many[ARG_MAX_BYTES / MAX_ARG_STRLEN + 2];
	for (unsigned i = 0; i <= ARG_MAX_BYTES / MAX_ARG_STRLEN; i++)
		many[i] = big + 1;
	many[ARG_MAX_BYTES / MAX_ARG_STRLEN + 1] = NULL;
	TAP_EQ(sys_spawn("hello", many, NULL), -E2BIG, "spawn with more than ARG_MAX_BYTES of arguments: -E2BIG");
	const char *too_long[] = { "hello", big, NULL };
	TAP_EQ(sys_spawn("hello", too_long, NULL), -E2BIG, "spawn with an argument of MAX_ARG_STRLEN characters: -E2BIG");
	int st;
	TAP_EQ(sys_wait(-1, &st, 0), -ECHILD, "wait with no children: -ECHILD");

	/* A path whose NUL would be past the last mapped byte (xv6's copyinstr3). */
	char *brk = sbrk(0);
	sbrk(PAGE_SIZE);
	char *end = (char *)(((uintptr_t)brk + PAGE_SIZE + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1));
	memcpy(end - 5, "hello", 5);
	TAP_EQ(sys_spawn(end - 5, NULL, NULL), -EFAULT, "spawn path running off the last mapped byte: -EFAULT");
	memcpy(end - 6, "hello", 6);
	long pid = sys_spawn(end - 6, NULL, NULL);
	tap_ok(pid > 0, "spawn path ending at the last mapped byte works");
	if (pid > 0)
		sys_wait((int)pid, &st, 0);
	sbrk(-(long)PAGE_SIZE);
}

static void test_spawn_wait(void)
{
	int st;
	const char *hello[] = { "hello", NULL };
	TAP_EQ(run_child(hello, NULL, &st), 0, "spawn and wait for hello");
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "hello exits with status 0 (status %x)", st);

	/* wait's status pointer is checked before the child is reaped: it stays waitable. */
	long pid = sys_spawn("hello", hello, NULL);
	TAP_EQ(sys_wait((int)pid, (int *)KERNEL_BASE, 0), -EFAULT, "wait with a kernel status pointer: -EFAULT");
	TAP_EQ(sys_wait((int)pid, (int *)(uintptr_t)text_sample, 0), -EFAULT, "wait with a read-only status pointer: -EFAULT");
	TAP_EQ(sys_wait((int)pid, &st, 0), pid, "the child is still there to wait for");
	TAP_EQ(sys_wait((int)pid, &st, 0), -ECHILD, "and only once");

	const char *bad_exit[] = { "misuse", "no-such-case", NULL };
	TAP_EQ(run_child(bad_exit, NULL, &st), 0, "spawn misuse with a bad case");
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 2, "exit status 2 arrives at wait (status %x)", st);
}

/* A child without a gate gets -ENOSYS from it, and cannot hand itself the gate back. */
static void test_gate_sandbox(void)
{
	unsigned long set[GATE_COUNT / 32];
	memset(set, 0xFF, sizeof set);
	set[GATE_NR_nop / 32] &= ~(1ul << (GATE_NR_nop % 32));
	int st;
	const char *once[] = { "gatecheck", NULL };
	TAP_EQ(run_child(once, set, &st), 0, "spawn gatecheck without the nop gate");
	TAP_EQ(st, 0, "withheld gate answers -ENOSYS in the child");
	const char *again[] = { "gatecheck", "again", NULL };
	TAP_EQ(run_child(again, set, &st), 0, "spawn gatecheck again");
	TAP_EQ(st, 0, "a grandchild asking for every gate is still confined");
	TAP_EQ(run_child(once, NULL, &st), 0, "gatecheck with all gates");
	TAP_EQ(WEXITSTATUS(st), 10, "with the gate present, nop returns 0 (gatecheck exits 10)");
}

/* ---- misuse: each in its own process, killed with the right reason ---------- */

/* The cases and their reasons: misuse_cases.h, the table misuse.c runs. */
#define MISUSE_ROW(name, fn, reason) { #name, reason },
static const struct {
	const char *name;
	int reason;
} misuses[] = { MISUSE_CASES(MISUSE_ROW) };

static bool doors_open;   /* the comparison doors are open in this boot: their misuses are no misuses */

static void test_misuse(void)
{
	for (unsigned i = 0; i < sizeof misuses / sizeof misuses[0]; i++) {
		if (doors_open && !strncmp(misuses[i].name, "door_", 5)) {
			tap_skip("the doors are open in this boot", "misuse %s is killed (reason %d)", misuses[i].name,
				 misuses[i].reason);
			continue;
		}
		const char *argv[] = { "misuse", misuses[i].name, NULL };
		int st = -1;
		int r = run_child(argv, NULL, &st);
		bool ok = r == 0 && !WIFEXITED(st) && (int)WKILLREASON(st) == misuses[i].reason;
		if (!ok)
			printf("# misuse %s: spawn/wait %d, status %x, want reason %d\n", misuses[i].name, r, st, misuses[i].reason);
		tap_ok(ok, "misuse %s is killed (reason %d)", misuses[i].name, misuses[i].reason);
	}
	/* The kernel went on: a gate still works after all that. */
	TAP_EQ(sys_nop(), 0, "gates still work after the misuses");
}

/*
 * The bench gates (BENCH_GATE in gates.def) are bound only in make bench's
 * kernel: in make run's their numbers answer -ENOSYS like any unbound gate.
 */
static void test_bench_gates_unbound(void)
{
	TAP_EQ((long)sys_tsc(), -ENOSYS, "bench gate tsc is unbound in this kernel: -ENOSYS");
	TAP_EQ(sys_copyin(NULL, 0), -ENOSYS, "bench gate copyin is unbound in this kernel: -ENOSYS");
	TAP_EQ(sys_copyout(NULL, 0), -ENOSYS, "bench gate copyout is unbound in this kernel: -ENOSYS");
}

/* make bench's copy services take any length, chunk by chunk, and check the whole range. */
static void test_bench_copies(void)
{
	static char big[64 * 1024];
	memset(big, 0xAA, sizeof big);
	TAP_EQ(sys_copyin(big, sizeof big), (long)sizeof big, "copyin of 64 KiB");
	TAP_EQ(sys_copyout(big, sizeof big), (long)sizeof big, "copyout of 64 KiB");
	unsigned long nonzero = 0;
	for (size_t i = 0; i < sizeof big; i++)
		nonzero += big[i] != 0;
	TAP_EQ(nonzero, 0ul, "copyout filled every byte of the 64 KiB (with the kernel's zeros)");
	TAP_EQ(sys_copyin((void *)(KERNEL_BASE - 1000), 2000), -EFAULT, "copyin straddling KERNEL_BASE: -EFAULT");
	TAP_EQ(sys_copyout((void *)(KERNEL_BASE - 1000), 2000), -EFAULT, "copyout straddling KERNEL_BASE: -EFAULT");
	/* The first chunks are mapped, a later one is not. */
	char *brk = sbrk(0);
	char *end = (char *)(((uintptr_t)brk + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1));
	TAP_EQ(sys_copyin(end - 1500, 3000), -EFAULT, "copyin running off the heap after a few chunks: -EFAULT");
	TAP_EQ(sys_copyout(end - 1500, 3000), -EFAULT, "copyout running off the heap after a few chunks: -EFAULT");
	TAP_EQ(sys_copyin(NULL, 0), 0, "copyin of nothing");
}

/* ---- tcsetpgrp: who may name the console's foreground group (^C's and ^Z's target) ---- */

/* The child half: a session of its own may neither take the console its parent's session holds nor read its group. */
static int fg_steal(void)
{
	long sid = sys_setsid();
	return sid > 0 && sys_tcsetpgrp(STDIN_FD, (int)sid) == -ENOTTY && sys_tcgetpgrp(STDIN_FD) == -ENOTTY ? 0 : 1;
}

static void test_foreground(void)
{
	long me = sys_getpgid(0);
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, (int)me), 0, "tcsetpgrp of one's own group works");
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "tcgetpgrp gives it back");
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, 0x7fffffff), -EPERM, "tcsetpgrp of no such group: -EPERM");
	TAP_EQ(sys_tcsetpgrp(STDIN_FD, 0), -EINVAL, "tcsetpgrp of group 0: -EINVAL");
	TAP_EQ(sys_tcsetpgrp(FD_MAX - 1, (int)me), -EBADF, "tcsetpgrp on a descriptor not open: -EBADF");
	int fds[2];
	if (sys_pipe(fds) == 0) {
		TAP_EQ(sys_tcsetpgrp(fds[0], (int)me), -ENOTTY, "tcsetpgrp on a pipe: -ENOTTY");
		sys_close(fds[0]);
		sys_close(fds[1]);
	}
	const char *steal_argv[] = { "usertests", "fgsteal", NULL };
	long thief = sys_spawn("usertests", steal_argv, NULL);
	int st = -1;
	bool ok = thief > 0 && sys_wait((int)thief, &st, 0) == thief && st == 0;
	tap_ok(ok, "a process in a session of its own can neither take the console nor read its group (-ENOTTY; status %x)", st);
	TAP_EQ(sys_tcgetpgrp(STDIN_FD), me, "the foreground group is still ours");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "fgsteal"))
		return fg_steal();
	bool have_input = true, bench_kernel = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "noinput"))
			have_input = false;
		else if (!strcmp(argv[i], "bench"))   /* make bench's kernel: its bench gates are bound */
			bench_kernel = true;
		else if (!strcmp(argv[i], "doors"))   /* booted with `doors`: int 0x80, lcall and sysenter are open */
			doors_open = true;
	}
	printf("# usertests: pid %ld\n", sys_getpid());
	test_register_contract();
	test_stack_balance();
	test_unbound_gates();
	test_tail_call();
	test_write();
	test_write_efault();
	test_write_long();
	test_getpid_uptime();
	test_sleep_yield();
	test_sbrk();
	test_demand_zero();
	test_read(have_input);
	test_spawn_errors();
	test_spawn_wait();
	test_gate_sandbox();
	test_foreground();
	test_misuse();
	if (bench_kernel)
		test_bench_copies();
	else
		test_bench_gates_unbound();
	return tap_done();
}
