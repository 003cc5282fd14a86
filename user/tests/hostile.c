/* help: hostile [danger CASE]: the hostile test suite (TAP) */
/*
 * Hostile tests of the pfgate kernel from user mode, in the spirit of xv6's
 * usertests and Linux's kselftests. TAP output. Acts that must kill a
 * process run in a child (hostilecase CASE) and the wait status is checked.
 *
 * Usage:
 *   hostile                 the whole suite
 *   hostile entries [N,..|all [signal]]  every entry of hostile_entries.h (or those
 *                           named, a+b+c) with every flag set, each in a child (see
 *                           test_entries); with `signal`, a handled signal pending at
 *                           each entry (hostilecase's make_signal_pending)
 *   hostile danger CASE     run hostilecase CASE in a child and report that the
 *                           kernel is still there (for the acts that may panic
 *                           it: test/suite_hostile.py boots each one alone)
 */
#include "ulib.h"
#include "tap.h"
#include "hostile_doors.h"
#include "hostile_entries.h"
#include "lib/params.h"   /* NPROC: the exact size of the table these tests fill (FD_MAX is pfgate/abi.h's) */

#define UNMAPPED 0x20000000u

static long my_pid;
static const char ro_data[64] = "read-only data, in .rodata";
extern char _start[];

static uintptr_t page_up(uintptr_t a) { return (a + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1); }

/* One more heap page; returns the end of mapped memory (the byte after the last mapped one). */
static char *edge_get(void)
{
	char *b = sbrk(0);
	if (sbrk(PAGE_SIZE) == (void *)-1)
		return NULL;
	return (char *)page_up((uintptr_t)b + PAGE_SIZE);
}
static void edge_put(void) { sbrk(-(long)PAGE_SIZE); }

/* Wait (at most ms) until only this process is left: orphans are reaped by the kernel. */
static bool settle(unsigned long ms)
{
	unsigned long t0 = sys_uptime_ms();
	while (nproc() != 1) {
		if (sys_uptime_ms() - t0 > ms)
			return false;
		sys_sleep_ms(10);
	}
	return true;
}

static long spawn_case(const char *name, const char *arg)
{
	const char *argv[] = { "hostilecase", name, arg, NULL };
	return sys_spawn("hostilecase", argv, NULL);
}

/* Run hostilecase NAME [ARG] to its end: 0 and *st, or the spawn/wait error. */
static long run_case(const char *name, const char *arg, int *st)
{
	long pid = spawn_case(name, arg);
	if (is_err(pid))
		return pid;
	*st = -1;
	long w = sys_wait((int)pid, st, 0);
	return w == pid ? 0 : (w < 0 ? w : -1000);
}

static const char *reason_name(int r)
{
	static const char *const names[] = {
#define RN(code, name, sig, text) [code] = #name,
		KILL_REASONS(RN)
#undef RN
	};
	return r > 0 && r < (int)(sizeof names / sizeof names[0]) && names[r] ? names[r] : "?";
}

#define INT3_VECTOR 3   /* the breakpoint exception's vector */

/* Are make bench's doors open in this kernel (an exit through int 0x80 works)? */
static bool doors_are_open(void)
{
	int st;
	return run_case("int80_exit", "7", &st) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7;
}

static void describe(const char *what, long r, int st)
{
	if (r)
		printf("# %s: spawn/wait failed: %ld\n", what, r);
	else if (WIFEXITED(st))
		printf("# %s: exited with status %d\n", what, WEXITSTATUS(st));
	else
		printf("# %s: killed, reason %d (%s)\n", what, WKILLREASON(st), reason_name(WKILLREASON(st)));
}

static void expect_kill(const char *name, int reason, const char *why)
{
	int st;
	long r = run_case(name, NULL, &st);
	bool ok = r == 0 && !WIFEXITED(st) && (int)WKILLREASON(st) == reason;
	if (!ok)
		describe(name, r, st);
	tap_ok(ok, "%s: killed with %s (%s)", name, reason_name(reason), why);
}

static void expect_exit(const char *name, const char *arg, int code, const char *why)
{
	int st;
	long r = run_case(name, arg, &st);
	bool ok = r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == code;
	if (!ok)
		describe(name, r, st);
	tap_ok(ok, "%s: exits %d (%s)", name, code, why);
}

/* ---- 1. the register contract of every door ------------------------------------- */

static const uint32_t seg_sets[][4] = {
	{ HX_UDATA, HX_UDATA, 0, 0 },
	{ 0, 0, HX_UDATA, HX_UDATA },                 /* null DS and ES */
	{ HX_UCODE, HX_UCODE, HX_UCODE, HX_UCODE },   /* the user code selector: readable, not writable */
	{ HX_UDATA, 0, HX_UCODE, 0 },
};

static void test_door_registers(void)
{
	for (unsigned door = 0; door < HX_DOORS; door++) {
		bool num = door == HX_INT80 || door == HX_SYSENTER;
		for (unsigned s = 0; s < sizeof seg_sets / sizeof seg_sets[0]; s++) {
			struct hx_regs r;
			const uint32_t *sg = seg_sets[s];
			hx_call_regs(door, GATE_NR_getpid, 0xAAAA0001, 0xAAAA0002, 0xAAAA0003, &r, 0, sg);
			const char *d = hx_door_name[door];
			bool ok = (long)r.eax == my_pid &&
				  r.ebx == (num ? GATE_NR_getpid : HX_SENT_EBX) && r.esi == HX_SENT_ESI &&
				  r.edi == (door == HX_SYSENTER ? (uint32_t)(uintptr_t)hx_back : HX_SENT_EDI) &&
				  r.ebp == (door == HX_SYSENTER ? r.esp_before : HX_SENT_EBP) &&
				  r.esp_after == r.esp_before + (door == HX_GATE ? 8 : 0);
			if (!ok)
				printf("# %s: eax=%lx ebx=%lx esi=%lx edi=%lx ebp=%lx esp %lx -> %lx\n", d,
				       (unsigned long)r.eax, (unsigned long)r.ebx, (unsigned long)r.esi, (unsigned long)r.edi,
				       (unsigned long)r.ebp, (unsigned long)r.esp_before, (unsigned long)r.esp_after);
			tap_ok(ok, "%s (DS=%lx ES=%lx FS=%lx GS=%lx): result, EBX ESI EDI EBP and ESP as the contract says", d,
			       (unsigned long)sg[0], (unsigned long)sg[1], (unsigned long)sg[2], (unsigned long)sg[3]);
			/*
			 * ECX/EDX: zero, or (the sysexit returns) the caller's own ESP and
			 * return address, which sysexit takes from them. Nothing else.
			 */
			uint32_t ret = (uint32_t)(uintptr_t)hx_back;
			bool cd;
			if (door == HX_GATE)
				cd = (r.ecx == 0 || r.ecx == r.esp_after) && (r.edx == 0 || r.edx == ret);
			else if (door == HX_SYSENTER)
				cd = r.ecx == r.esp_before && r.edx == ret;
			else
				cd = r.ecx == 0 && r.edx == 0;
			if (!cd)
				printf("# %s: ecx=%lx edx=%lx (esp %lx, return %lx)\n", d, (unsigned long)r.ecx,
				       (unsigned long)r.edx, (unsigned long)r.esp_after, (unsigned long)ret);
			tap_ok(cd, "%s (segment set %u): ECX and EDX carry no kernel data", d, s);
			bool segs = (r.ds & 0xFFFF) == sg[0] && (r.es & 0xFFFF) == sg[1] &&
				    (r.fs & 0xFFFF) == sg[2] && (r.gs & 0xFFFF) == sg[3];
			if (!segs)
				printf("# %s: after: DS=%lx ES=%lx FS=%lx GS=%lx\n", d, (unsigned long)(r.ds & 0xFFFF),
				       (unsigned long)(r.es & 0xFFFF), (unsigned long)(r.fs & 0xFFFF), (unsigned long)(r.gs & 0xFFFF));
			tap_ok(segs, "%s (segment set %u): DS, ES, FS, GS come back as they were", d, s);
		}
	}
}

/*
 * EFLAGS across a gate call: a gate is a function call, and the kernel
 * takes care (EFLAGS_SYSEXIT_UNSAFE) to return by iret when the caller's
 * flags hold what sysexit would lose. Control flags must come back as the
 * caller had them: DF, AC, ID.
 */
static void test_gate_eflags(void)
{
	static const struct { uint32_t bit; const char *name; } bits[] = {
		{ HX_FL_DF, "DF" }, { HX_FL_AC, "AC" }, { HX_FL_ID, "ID" },
	};
	for (unsigned door = 0; door < 2; door++)   /* the gate and int 0x80 return by restoring EFLAGS */
		for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++) {
			struct hx_regs r;
			hx_call_regs(door, GATE_NR_nop, 0, 0, 0, &r, bits[i].bit, seg_sets[0]);
			bool ok = (r.eflags & bits[i].bit) && r.eax == 0;
			if (!ok)
				printf("# %s: eflags after the call %08lx\n", hx_door_name[door], (unsigned long)r.eflags);
			tap_ok(ok, "%s: EFLAGS.%s set by the caller is still set after the call", hx_door_name[door], bits[i].name);
			hx_call_regs(door, GATE_NR_nop, 0, 0, 0, &r, 0, seg_sets[0]);
			tap_ok(!(r.eflags & (HX_FL_DF | HX_FL_AC | HX_FL_ID | HX_FL_NT | HX_FL_TF)),
			       "%s: a call with them clear comes back with them clear (eflags %08lx)",
			       hx_door_name[door], (unsigned long)r.eflags);
		}
}

/* ---- 2. one process's state must not reach another ------------------------------ */

/*
 * Run a victim process beside this one: spawn it, and until it exits do
 * `step` (set some state of this process's own and yield, so that the victim
 * runs while this one holds that state). Returns the victim's wait status,
 * or -1 if it could not be spawned (reported as a failed TAP line).
 */
static int beside_victim(const char *victim, const char *what, void (*step)(void))
{
	long pid = spawn_case(victim, "1500");
	tap_ok(pid > 0, "spawn the %s victim", what);
	if (pid <= 0)
		return -1;
	int st = -1;
	for (int i = 0; i < 3000; i++) {
		step();
		if (sys_wait((int)pid, &st, WNOHANG) == pid)
			break;
	}
	if (st == -1)
		sys_wait((int)pid, &st, 0);
	return st;
}

/* AC and ID set across a gate call (a yield, so the victim runs meanwhile). */
static void yield_with_ac_id(void)
{
	__asm__ volatile("pushf\n\torl $0x240000, (%%esp)\n\tpopf\n\tcall sys_yield\n\t"
			 "pushf\n\tandl $~0x240000, (%%esp)\n\tpopf" : : : "eax", "ecx", "edx", "memory", "cc");
}

/* This process calls gates with AC and ID set; a concurrent child must never get them. */
static void test_eflags_isolation(void)
{
	int st = beside_victim("flags_victim", "EFLAGS", yield_with_ac_id);
	if (st == -1)
		return;
	tap_ok(st == 0, "another process's EFLAGS.AC/ID never come back from a gate in this one (victim status %x)", st);
}

static void yield_with_fs_gs(void)
{
	hx_set_fs_gs(HX_UDATA, HX_UDATA);
	sys_yield();
}

/* FS and GS belong to the process that loaded them. */
static void test_fsgs_isolation(void)
{
	hx_set_fs_gs(HX_UDATA, HX_UDATA);
	int st = beside_victim("fsgs_victim", "FS/GS", yield_with_fs_gs);
	hx_set_fs_gs(0, 0);
	if (st == -1)
		return;
	tap_ok(st != -1 && WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	       "a new process starts with null FS and GS, not its parent's (victim status %x)", st);
	tap_ok(st != -1 && WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	       "FS and GS survive a switch to a process that loads others (victim status %x)", st);
}

/* The x87 state too (FPU control word and registers; MMX shares them). */
static void fpu_load_mine(void)
{
	static const uint16_t cw = 0x0C7F;
	static const int32_t secret = 0x5EC12E7;
	static const uint64_t mmx = 0x5EC12E7A11C0FFEEull;
	__asm__ volatile("fninit\n\tfldcw %0\n\tmovq %2, %%mm3\n\tfildl %1" : : "m"(cw), "m"(secret), "m"(mmx));
}

/*
 * A process that held the secrets in the FPU ended (exit, or kill while it
 * spun): the next process, most likely in its very slot (nothing else
 * starts or ends meanwhile, and this one never touches the FPU in between),
 * must start from the FNINIT state with neither secret in any register.
 */
static void fpu_after_end(const char *how)
{
	bool killed = strcmp(how, "exit") != 0;
	long pid = spawn_case("fpu_secret", how);
	int st = -1;
	if (pid > 0 && killed) {
		sys_sleep_ms(30);   /* it runs, loads the secrets and spins: preempted, still owning the FPU */
		sys_kill((int)pid);
	}
	if (pid > 0)
		sys_wait((int)pid, &st, 0);
	bool ended = killed ? st != -1 && !WIFEXITED(st) : st == 0;
	int vst = -1;
	long r = run_case("fpu_victim", "0", &vst);
	tap_ok(ended && r == 0 && WIFEXITED(vst) && WEXITSTATUS(vst) == 0,
	       "x87 and MMX state of a process %s are not in the next process's registers (secret status %x, victim status %x)",
	       killed ? "killed while owning the FPU" : "that exits owning the FPU", st, vst);
}

static void yield_with_fpu(void)
{
	fpu_load_mine();
	sys_yield();
}

static void test_fpu_isolation(void)
{
	fpu_load_mine();
	int st = beside_victim("fpu_victim", "x87", yield_with_fpu);
	if (st == -1)
		return;
	__asm__ volatile("emms\n\tfninit");
	bool ran = st != -1 && WIFEXITED(st);
	tap_ok(ran && !(WEXITSTATUS(st) & 4), "a new process cannot read another's x87 or MMX registers (victim status %x)", st);
	tap_ok(ran && !(WEXITSTATUS(st) & 2), "a new process starts with the FNINIT x87 state (victim status %x)", st);
	tap_ok(ran && !(WEXITSTATUS(st) & 1), "x87 control word and registers survive a switch to another process (victim status %x)", st);
	fpu_after_end("exit");
	fpu_after_end("spin");
}

/* ---- 3. every service, every bad pointer ---------------------------------------- */

static const struct bad_ptr {
	const char *name;
	uint32_t addr;
} bad_ptrs[] = {
	{ "NULL", 0 },
	{ "0xfff (null page)", 0xFFF },
	{ "unmapped", UNMAPPED },
	{ "stack guard below", USER_STACK_BOTTOM - 16 },
	{ "stack guard above", USER_STACK_TOP },
	{ "gate 0", GATE_BASE },
	{ "gate 1023 + 0xff8", GATE_ADDR(GATE_COUNT - 1) + 0xFF8 },
	{ "KERNEL_BASE - 1", KERNEL_BASE - 1 },
	{ "KERNEL_BASE", KERNEL_BASE },
	{ "kernel image", KERNEL_BASE + 0x100000 },
	{ "0xfffff000", 0xFFFFF000u },
	{ "0xffffffff", 0xFFFFFFFFu },
};

static int file_fd = -1;
static int wait_pid;

static long in_write(uint32_t p) { return sys_write(STDOUT_FD, (const void *)p, 8); }
static long in_copyin(uint32_t p) { return sys_copyin((const void *)p, 8); }
static long in_open(uint32_t p) { return sys_open((const char *)p, O_RDONLY, 0); }
static long in_stat(uint32_t p) { struct pf_stat st; return sys_stat((const char *)p, &st); }
static long in_readdir(uint32_t p) { struct pf_dirent d; return sys_readdir((const char *)p, 0, &d); }
static long in_spawn_path(uint32_t p) { return sys_spawn((const char *)p, NULL, NULL); }
static long in_spawn_argv(uint32_t p) { return sys_spawn("hostilecase", (const char *const *)p, NULL); }
static long in_spawn_arg(uint32_t p)
{
	const char *argv[] = { "hostilecase", (const char *)p, NULL };
	return sys_spawn("hostilecase", argv, NULL);
}
static long in_spawn_gates(uint32_t p)
{
	const char *argv[] = { "hostilecase", "exit", NULL };
	return sys_spawn("hostilecase", argv, (const unsigned long *)p);
}
static long out_read(uint32_t p) { return sys_read(file_fd, (void *)p, 8); }
static long out_stat(uint32_t p) { return sys_stat("README", (struct pf_stat *)p); }
static long out_readdir(uint32_t p) { return sys_readdir("", 0, (struct pf_dirent *)p); }
static long out_procinfo(uint32_t p) { return sys_procinfo(0, (struct pf_procinfo *)p); }
static long out_sysinfo(uint32_t p) { return sys_sysinfo((struct pf_sysinfo *)p); }
static long out_wait(uint32_t p) { return sys_wait(wait_pid, (int *)p, 0); }

static const struct svc_case {
	const char *name;
	long (*call)(uint32_t p);
	bool null_ok;      /* NULL means "none" for this argument */
	unsigned size;     /* bytes the service reads or writes there */
} svcs[] = {
	{ "write buf", in_write, false, 8 },
	{ "copyin buf", in_copyin, false, 8 },
	{ "open path", in_open, false, 1 },
	{ "stat path", in_stat, false, 1 },
	{ "readdir dir", in_readdir, false, 1 },
	{ "spawn path", in_spawn_path, false, 1 },
	{ "spawn argv", in_spawn_argv, true, 4 },
	{ "spawn argv[1]", in_spawn_arg, true, 1 },
	{ "spawn gates", in_spawn_gates, true, GATE_COUNT / 8 },
	{ "read buf", out_read, false, 8 },
	{ "stat out", out_stat, false, sizeof(struct pf_stat) },
	{ "readdir out", out_readdir, false, sizeof(struct pf_dirent) },
	{ "procinfo out", out_procinfo, false, sizeof(struct pf_procinfo) },
	{ "sysinfo out", out_sysinfo, false, sizeof(struct pf_sysinfo) },
	{ "wait status", out_wait, true, sizeof(int) },
};

static void test_bad_pointers(void)
{
	unsigned long frames0 = free_frames();
	file_fd = (int)sys_open("README", O_RDONLY, 0);
	tap_ok(file_fd >= 3, "open README for the read cases (fd %d)", file_fd);
	const char *argv[] = { "hostilecase", "exit", "0", NULL };
	wait_pid = (int)sys_spawn("hostilecase", argv, NULL);
	tap_ok(wait_pid > 0, "a child for the wait cases");
	for (unsigned s = 0; s < sizeof svcs / sizeof svcs[0]; s++) {
		unsigned bad = 0;
		for (unsigned b = 0; b < sizeof bad_ptrs / sizeof bad_ptrs[0]; b++) {
			if (bad_ptrs[b].addr == 0 && svcs[s].null_ok)
				continue;
			long r = svcs[s].call(bad_ptrs[b].addr);
			if (r != -EFAULT) {
				printf("# %s = %s: got %ld, want -EFAULT\n", svcs[s].name, bad_ptrs[b].name, r);
				bad++;
				if (r > 0 && svcs[s].call == in_spawn_path)
					sys_wait((int)r, NULL, 0);
			}
		}
		tap_ok(!bad, "%s: every bad pointer (NULL, guards, gate window, kernel, wrap) gives -EFAULT", svcs[s].name);
	}
	/* Outputs into read-only pages: the text and .rodata. */
	for (unsigned s = 0; s < sizeof svcs / sizeof svcs[0]; s++) {
		if (svcs[s].call == out_read || svcs[s].call == out_stat || svcs[s].call == out_readdir ||
		    svcs[s].call == out_procinfo || svcs[s].call == out_sysinfo || svcs[s].call == out_wait) {
			long r1 = svcs[s].call((uint32_t)(uintptr_t)ro_data);
			long r2 = svcs[s].call((uint32_t)(uintptr_t)_start);
			tap_ok(r1 == -EFAULT && r2 == -EFAULT, "%s: into .rodata or .text gives -EFAULT (%ld, %ld)", svcs[s].name, r1, r2);
		}
	}
	/* Each service's buffer ending at the last mapped byte works; one byte further does not. */
	char *end = edge_get();
	if (end) {
		for (unsigned s = 0; s < sizeof svcs / sizeof svcs[0]; s++) {
			unsigned n = svcs[s].size;
			if (n < 4 || svcs[s].call == in_spawn_argv || svcs[s].call == out_wait)
				continue;   /* strings and argv have their own tests below */
			/* Contents that make the good call harmless: every gate in the set, a comment line for write. */
			memset(end - n - 1, 0xFF, n + 1);
			if (svcs[s].call == in_write)
				memcpy(end - n, "# edge\n\n", 8);
			long past = svcs[s].call((uint32_t)(uintptr_t)(end - n + 1));
			long fits = svcs[s].call((uint32_t)(uintptr_t)(end - n));
			if (fits > 0 && svcs[s].call == in_spawn_gates)
				sys_wait((int)fits, NULL, 0);
			if (svcs[s].call == out_read || svcs[s].call == in_write)   /* the bytes before the bad page, as Linux's (a write: to the console) */
				tap_ok(past == (long)n - 1, "%s: %u bytes running one byte past the last mapped byte: the %u that fit (%ld)",
				       svcs[s].name, n, n - 1, past);
			else
				tap_ok(past == -EFAULT, "%s: %u bytes running one byte past the last mapped byte: -EFAULT (%ld)",
				       svcs[s].name, n, past);
			tap_ok(!is_err(fits), "%s: %u bytes ending at the last mapped byte work (%ld)", svcs[s].name, n, fits);
		}
		edge_put();
	}
	/* wait: the status was never written, so the child is still there. */
	int st = -1;
	TAP_EQ(sys_wait(wait_pid, &st, 0), wait_pid, "after all the bad status pointers the child is still waitable");
	TAP_EQ(st, 0, "and its status is intact");
	sys_close(file_fd);
	TAP_EQ(nproc(), 1, "no bad pointer left a process behind");
	TAP_EQ(free_frames(), frames0, "no bad pointer leaked a frame");
}

/* ---- 4. strings and argv at the edge of mapped memory --------------------------- */

static void test_string_edges(void)
{
	char *end = edge_get();
	if (!end) {
		tap_ok(false, "sbrk a page for the edge tests");
		return;
	}
	unsigned long n0 = nproc();
	/* "README" whose NUL would be the first unmapped byte. */
	memcpy(end - 6, "README", 6);
	TAP_EQ(sys_open(end - 6, O_RDONLY, 0), -EFAULT, "open: path without NUL up to the last mapped byte: -EFAULT");
	struct pf_stat st;
	TAP_EQ(sys_stat(end - 6, &st), -EFAULT, "stat: the same path: -EFAULT");
	struct pf_dirent de;
	TAP_EQ(sys_readdir(end - 6, 0, &de), -EFAULT, "readdir: the same path: -EFAULT");
	const char *argv1[] = { "hostilecase", end - 6, NULL };
	TAP_EQ(sys_spawn("hostilecase", argv1, NULL), -EFAULT, "spawn: an argument without NUL up to the last mapped byte: -EFAULT");
	/* The NUL is the last mapped byte: fine. */
	memcpy(end - 7, "README", 7);
	long fd = sys_open(end - 7, O_RDONLY, 0);
	tap_ok(fd >= 3, "open: path whose NUL is the last mapped byte works (%ld)", fd);
	if (fd >= 3)
		sys_close((int)fd);
	TAP_EQ(sys_stat(end - 7, &st), 0, "stat: the same path works");
	/* argv arrays: a pointer in the last mapped word, no NULL after it. */
	const char **arr = (const char **)(end - 2 * sizeof(char *));
	arr[0] = "hostilecase";
	arr[1] = "exit";
	TAP_EQ(sys_spawn("hostilecase", arr, NULL), -EFAULT, "spawn: argv running off the end of mapped memory: -EFAULT");
	arr = (const char **)(end - 3 * sizeof(char *));
	arr[0] = "hostilecase";
	arr[1] = "exit";
	arr[2] = (const char *)(end - 2);   /* "x" plus a byte that is not a NUL, then the end */
	end[-2] = '1';
	end[-1] = '1';
	TAP_EQ(sys_spawn("hostilecase", arr, NULL), -EFAULT, "spawn: argv whose last pointer is its own unterminated string: -EFAULT");
	arr[0] = "hostilecase";
	arr[1] = "exit";
	arr[2] = NULL;   /* the NULL is the last mapped word */
	long pid = sys_spawn("hostilecase", arr, NULL);
	tap_ok(pid > 0, "spawn: argv whose NULL is the last mapped word works");
	int ws = -1;
	if (pid > 0)
		sys_wait((int)pid, &ws, 0);
	/* A misaligned argv straddling the end. */
	arr = (const char **)(end - 6);
	TAP_EQ(sys_spawn("hostilecase", arr, NULL), -EFAULT, "spawn: misaligned argv straddling the end: -EFAULT");
	/* The gate set straddling the end. */
	TAP_EQ(sys_spawn("hostilecase", NULL, (const unsigned long *)(end - 64)), -EFAULT,
	       "spawn: gate set running off the end: -EFAULT");
	edge_put();
	TAP_EQ(nproc(), n0, "none of these created a process");

	/* Limits: PATH_MAX_LEN (with the NUL). Names of 100 bytes at most: a long name is -ENAMETOOLONG too. */
	static char path[PATH_MAX_LEN + 1];
	memset(path, 'p', sizeof path);
	for (unsigned i = 0; i < PATH_MAX_LEN; i += 100)
		path[i] = '/';
	path[PATH_MAX_LEN - 2] = '\0';
	TAP_EQ(sys_open(path, O_RDONLY, 0), -ENOENT, "open: a %d-character path is just missing: -ENOENT", PATH_MAX_LEN - 2);
	path[PATH_MAX_LEN - 2] = 'p';
	path[PATH_MAX_LEN - 1] = '\0';
	TAP_EQ(sys_open(path, O_RDONLY, 0), -ENOENT, "open: a %d-character path is just missing: -ENOENT", PATH_MAX_LEN - 1);
	TAP_EQ(sys_stat(path, &st), -ENOENT, "stat: a %d-character path: -ENOENT", PATH_MAX_LEN - 1);
	TAP_EQ(sys_spawn(path, NULL, NULL), -ENOENT, "spawn: a %d-character path: -ENOENT", PATH_MAX_LEN - 1);
	path[PATH_MAX_LEN - 1] = 'p';
	path[PATH_MAX_LEN] = '\0';
	TAP_EQ(sys_open(path, O_RDONLY, 0), -ENAMETOOLONG, "open: a %d-character path: -ENAMETOOLONG", PATH_MAX_LEN);
	TAP_EQ(sys_stat(path, &st), -ENAMETOOLONG, "stat: a %d-character path: -ENAMETOOLONG", PATH_MAX_LEN);
	TAP_EQ(sys_readdir(path, 0, &de), -ENAMETOOLONG, "readdir: a %d-character path: -ENAMETOOLONG", PATH_MAX_LEN);

	/*
	 * Linux's limits, exactly (pfgate/abi.h): an argument of MAX_ARG_STRLEN - 1
	 * characters works, one more is -E2BIG; the strings (the path's too) with
	 * a pointer each fill ARG_MAX_BYTES exactly and work, one byte more is
	 * -E2BIG. 15 arguments of MAX_ARG_STRLEN - 1 characters and a last one
	 * that is the same string's tail fill it.
	 */
	static char filler[MAX_ARG_STRLEN + 1];
	memset(filler, 'f', MAX_ARG_STRLEN);
	const char *longest = filler + 1;
	const char *one[] = { "hostilecase", "exit", longest, NULL };
	pid = sys_spawn("hostilecase", one, NULL);
	tap_ok(pid > 0, "spawn: an argument of MAX_ARG_STRLEN - 1 (%u) characters works (%ld)", MAX_ARG_STRLEN - 1, pid);
	if (pid > 0)
		sys_wait((int)pid, NULL, 0);
	one[2] = filler;
	TAP_EQ(sys_spawn("hostilecase", one, NULL), -E2BIG, "spawn: an argument of MAX_ARG_STRLEN characters: -E2BIG");
	enum { FULL = 15 };
	const char *full[2 + FULL + 2];
	full[0] = "hostilecase";
	full[1] = "exit";
	for (int i = 0; i < FULL; i++)
		full[2 + i] = longest;
	unsigned pointers = (2 + FULL + 1) * sizeof(char *);
	unsigned used = 12 + 12 + 5 + FULL * MAX_ARG_STRLEN;   /* the path, "hostilecase", "exit", the 15 */
	unsigned last = ARG_MAX_BYTES - pointers - used - 1;   /* the last one's characters */
	full[2 + FULL] = filler + MAX_ARG_STRLEN - last;
	full[2 + FULL + 1] = NULL;
	pid = sys_spawn("hostilecase", full, NULL);
	tap_ok(pid > 0, "spawn: exactly ARG_MAX_BYTES (%u) of arguments and pointers work (%ld)", ARG_MAX_BYTES, pid);
	if (pid > 0)
		sys_wait((int)pid, NULL, 0);
	full[2 + FULL]--;
	TAP_EQ(sys_spawn("hostilecase", full, NULL), -E2BIG, "spawn: one byte more: -E2BIG");

	/* An empty argv: the child gets argc 0 and must still run (hostilecase says usage, exits 2). */
	const char *none[] = { NULL };
	pid = sys_spawn("hostilecase", none, NULL);
	ws = -1;
	if (pid > 0)
		sys_wait((int)pid, &ws, 0);
	tap_ok(pid > 0 && WIFEXITED(ws) && WEXITSTATUS(ws) == 2, "spawn with argc 0: the child runs (status %x)", ws);
}

/* ---- 5. files ------------------------------------------------------------------- */

static void test_files(void)
{
	int fds[FD_MAX + 1];   /* one open more than the table holds: that one must fail */
	int n = 0;
	for (; n < FD_MAX + 1; n++) {
		long fd = sys_open("README", O_RDONLY, 0);
		if (is_err(fd)) {
			TAP_EQ(fd, -EMFILE, "open until the table is full: -EMFILE");
			break;
		}
		fds[n] = (int)fd;
	}
	/* The table holds FD_MAX, the console's fds 0-2 among them. */
	tap_ok(n == FD_MAX - (STDERR_FD + 1), "%d files open at once (FD_MAX %d, less the console's 3)", n, FD_MAX);
	bool distinct = true;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			distinct &= fds[i] != fds[j] && fds[i] > 2;
	tap_ok(distinct, "every fd distinct and above the console's");
	for (int i = 0; i < n; i++)
		sys_close(fds[i]);
	TAP_EQ(sys_close(fds[0]), -EBADF, "close twice: -EBADF");
	TAP_EQ(sys_close(FD_MAX - 1), -EBADF, "close(FD_MAX - 1), never opened: -EBADF");
	TAP_EQ(sys_close(FD_MAX), -EBADF, "close(FD_MAX): -EBADF");
	TAP_EQ(sys_close(-1), -EBADF, "close(-1): -EBADF");
	TAP_EQ(sys_close(0x7FFFFFFF), -EBADF, "close(INT_MAX): -EBADF");
	char buf[64];
	TAP_EQ(sys_read(fds[0], buf, 8), -EBADF, "read from a closed fd: -EBADF");
	TAP_EQ(sys_read(-5, buf, 8), -EBADF, "read from fd -5: -EBADF");
	TAP_EQ(sys_write(fds[0], "x", 1), -EBADF, "write to a file fd: -EBADF");
	long fd = sys_open("README", O_RDONLY, 0);
	tap_ok(fd >= 3, "open again after closing them all");

	/*
	 * A read running into an unmapped page gives the bytes before it and
	 * consumes only those (Linux's partial read); one that copies nothing
	 * is -EFAULT and consumes nothing.
	 */
	char first[32], again[16];
	long fd2 = sys_open("README", O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd2, first, 32), 32, "read 32 bytes from a second fd");
	long total = 0;
	char *end = edge_get();
	if (end) {
		TAP_EQ(sys_read((int)fd, end - 8, 16), 8, "read into a buffer running off the end: the 8 bytes that fit");
		tap_ok(!memcmp(end - 8, first, 8), "they are the file's first 8");
		total = 8;
		edge_put();
	}
	TAP_EQ(sys_read((int)fd, (void *)UNMAPPED, 16), -EFAULT, "read into an unmapped buffer: -EFAULT");
	TAP_EQ(sys_read((int)fd, again, 16), 16, "then a good read");
	tap_ok(!memcmp(first + total, again, 16), "gets the next bytes: the faulting read consumed nothing");
	TAP_EQ(sys_read((int)fd, buf, 0), 0, "read of 0 bytes");
	TAP_EQ(sys_read((int)fd, buf, 0xFFFFFFFFu), -EFAULT, "read with a huge length: -EFAULT");
	total += 16;
	for (;;) {
		long r = sys_read((int)fd, buf, sizeof buf);
		if (r <= 0) {
			TAP_EQ(r, 0, "read to the end, then 0");
			break;
		}
		total += r;
	}
	struct pf_stat st;
	TAP_EQ(sys_stat("README", &st), 0, "stat README");
	TAP_EQ(total, st.size, "read returned exactly stat's size");
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), 0, "and 0 again at the end");
	sys_close((int)fd);
	sys_close((int)fd2);

	/* stat and readdir on odd paths. */
	static const struct { const char *path; long want; unsigned long type; } paths[] = {
		{ "", 0, PF_TYPE_DIR }, { "/", 0, PF_TYPE_DIR }, { "//", 0, PF_TYPE_DIR }, { ".", 0, PF_TYPE_DIR },
		{ "./", 0, PF_TYPE_DIR }, { "/.", 0, PF_TYPE_DIR }, { "..", 0, PF_TYPE_DIR }, { "/..", 0, PF_TYPE_DIR },
		{ "./README", 0, PF_TYPE_FILE }, { "//README", 0, PF_TYPE_FILE }, { "READM", -ENOENT, 0 },
		{ "README/x", -ENOENT, 0 }, { "\x01\xff", -ENOENT, 0 },
	};
	for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		memset(&st, 0xEE, sizeof st);
		long r = sys_stat(paths[i].path, &st);
		bool ok = r == paths[i].want && (r != 0 || st.type == paths[i].type);
		if (!ok)
			printf("# stat(\"%s\") = %ld, type %lu\n", paths[i].path, r, st.type);
		tap_ok(ok, "stat(\"%s\") = %ld", paths[i].path, paths[i].want);
	}
	struct pf_dirent de;
	unsigned long count = 0;
	bool names_ok = true;
	for (unsigned long i = 0; i < 1000; i++) {
		memset(&de, 0xEE, sizeof de);
		long r = sys_readdir("/", i, &de);
		if (r != 1)
			break;
		count++;
		size_t l = 0;
		while (l < sizeof de.name && de.name[l])
			l++;
		names_ok &= l > 0 && l < sizeof de.name && (de.type == PF_TYPE_FILE || de.type == PF_TYPE_DIR);
	}
	tap_ok(count >= 10 && names_ok, "readdir lists %lu entries, each named and NUL-terminated", count);
	TAP_EQ(sys_readdir("/", count, &de), 0, "readdir one past the last: 0");
	TAP_EQ(sys_readdir("/", 0xFFFFFFFFu, &de), 0, "readdir index 0xffffffff: 0");
	TAP_EQ(sys_readdir("/", 0x80000000u, &de), 0, "readdir index 0x80000000: 0");
	TAP_EQ(sys_readdir("README", 0, &de), -ENOTDIR, "readdir of a file: -ENOTDIR");
	TAP_EQ(sys_readdir("nosuch", 0, &de), -ENOENT, "readdir of nothing: -ENOENT");
	TAP_EQ(sys_open("", O_WRONLY, 0), -EISDIR, "open(\"\") for writing: -EISDIR");
	TAP_EQ(sys_open("/", O_RDWR, 0), -EISDIR, "open(\"/\") for writing: -EISDIR");
	fd = sys_open("/", O_RDONLY, 0);
	tap_ok(fd >= 3, "open(\"/\") for reading: a directory descriptor (%ld)", fd);
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), -EISDIR, "read from it: -EISDIR");
	sys_close((int)fd);
}

/* ---- 6. processes ---------------------------------------------------------------- */

static void test_process_table(void)
{
	unsigned long frames0 = free_frames();
	long pids[NPROC + 1];   /* one spawn more than the table holds: that one must fail */
	int live = (int)nproc();
	int n = 0;
	long r = 0;
	for (; n < NPROC + 1; n++) {
		r = spawn_case("exit", "4");
		if (is_err(r))
			break;
		pids[n] = r;
	}
	TAP_EQ(r, -EAGAIN, "spawn without waiting until the table is full: -EAGAIN");
	tap_ok(n == NPROC - live, "%d children (zombies) at once (NPROC %d, %d alive before)", n, NPROC, live);
	TAP_EQ(sys_spawn("hostilecase", NULL, NULL), -EAGAIN, "still full: -EAGAIN again");
	int reaped = 0;
	bool all4 = true;
	for (;;) {
		int st;
		long w = sys_wait(-1, &st, 0);
		if (w < 0) {
			TAP_EQ(w, -ECHILD, "then wait(-1) until -ECHILD");
			break;
		}
		reaped++;
		all4 &= WIFEXITED(st) && WEXITSTATUS(st) == 4;
	}
	TAP_EQ(reaped, n, "every child reaped once");
	tap_ok(all4, "every status is the exit status 4");
	TAP_EQ(nproc(), 1, "the table is empty again");
	TAP_EQ(free_frames(), frames0, "the frames are all back");
	(void)pids;
}

static void test_kill(void)
{
	TAP_EQ(sys_kill((int)my_pid), -EPERM, "kill(self): -EPERM (only children)");
	TAP_EQ(sys_kill(0), -ESRCH, "kill(0): -ESRCH");
	TAP_EQ(sys_kill(-1), -ESRCH, "kill(-1): -ESRCH");
	TAP_EQ(sys_kill(0x7FFFFFFF), -ESRCH, "kill(INT_MAX): -ESRCH");
	char pidstr[16];
	snprintf(pidstr, sizeof pidstr, "%ld", my_pid);
	int st;
	long r = run_case("kill", pidstr, &st);
	tap_ok(r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == EPERM, "a child killing its parent: -EPERM (status %x)", st);
	/* A sibling: two children of this process. */
	long sib = spawn_case("sleep", "300");
	snprintf(pidstr, sizeof pidstr, "%ld", sib);
	r = run_case("kill", pidstr, &st);
	tap_ok(r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == EPERM, "a child killing its sibling: -EPERM (status %x)", st);
	sys_wait((int)sib, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the sibling lived on and exited normally (status %x)", st);

	/* Kill children in every state. */
	static const struct { const char *name, *arg, *state; unsigned delay; } victims[] = {
		{ "sleep", NULL, "asleep in sleep_ms(0xffffffff)", 30 },
		{ "spin_ms", "100000", "spinning in user mode", 30 },
		{ "nop_loop", NULL, "calling nop in a loop", 30 },
		{ "yield_loop", NULL, "calling yield in a loop", 30 },
		{ "read_stdin", NULL, "blocked in read(0)", 30 },
		{ "wait_child", NULL, "blocked in wait", 30 },
		{ "regloop_sysenter", "100000000", "in a sysenter loop", 30 },
		{ "regloop_lcall", "100000000", "in a call-gate loop", 30 },
		{ "regloop_int80", "100000000", "in an int 0x80 loop", 30 },
		{ "sleep_lcall", NULL, "asleep inside a call-gate door", 30 },
		{ "sleep_sysenter", NULL, "asleep inside the sysenter door", 30 },
	};
	for (unsigned i = 0; i < sizeof victims / sizeof victims[0]; i++) {
		sys_yield();   /* a fresh time slice: nothing runs between the spawn and the kill below */
		long pid = spawn_case(victims[i].name, victims[i].arg);
		if (victims[i].delay)
			sys_sleep_ms(victims[i].delay);
		long k = sys_kill((int)pid);
		st = -1;
		long w = sys_wait((int)pid, &st, 0);
		bool ok = pid > 0 && k == 0 && w == pid && !WIFEXITED(st) && WKILLREASON(st) == KILL_KILLED;
		if (!ok)
			describe(victims[i].name, w == pid ? 0 : w, st);
		tap_ok(ok, "kill a child %s: it ends, reason KILLED", victims[i].state);
	}
	tap_ok(settle(2000), "the orphaned grandchild of the killed waiter is reaped by the kernel");

	/* A zombie: kill succeeds and changes nothing. */
	long pid = spawn_case("exit", "6");
	sys_sleep_ms(50);
	TAP_EQ(sys_kill((int)pid), 0, "kill a zombie child: 0");
	TAP_EQ(sys_kill((int)pid), 0, "and again: 0");
	st = -1;
	sys_wait((int)pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 6, "its exit status stays 6 (status %x)", st);
	TAP_EQ(sys_kill((int)pid), -ESRCH, "kill after it was reaped: -ESRCH");
}

/*
 * ---- kills that land before the child's first run -------------------------
 *
 * "Kill a child that has never run" cannot be made sure by timing: spawn's
 * last preemption point (or a tick on its way back to user mode) yields if
 * the slice ran out during the load, and on a loaded host it does; the child
 * then runs first and exits before the kill (the old check's flake). So each
 * try reads the context-switch count around spawn-and-kill: an unchanged
 * count proves that nothing but this process ran in between, so the kill
 * found a child that had never run, and such a try must end as promised. A
 * try the scheduler got into is repeated; NEVER_RUN_TRIES of them, of which
 * at least one must be clean (a fresh slice each: nearly all are).
 */
#define NEVER_RUN_TRIES 12

static unsigned long switches_now(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? si.context_switches : 0;
}

enum never_run_kill { NR_KILL, NR_SIGTERM, NR_SIGUSR1_HANDLED };

static int nr_handled_signal;
static void nr_exit_7(int sig)
{
	nr_handled_signal = sig;
	sys_exit(7);
}

/* The child's pid: spawned through door (hostilecase exit 5), or forked (-1: exit 5 at once). */
static long nr_start(int door)
{
	if (door < 0) {
		long pid = sys_fork();
		if (pid == 0)
			sys_exit(5);   /* its first instruction after fork's return: a kill before it must win */
		return pid;
	}
	const char *argv[] = { "hostilecase", "exit", "5", NULL };
	return hx_door_call((unsigned)door, GATE_NR_spawn, (uint32_t)"hostilecase", (uint32_t)argv, 0);
}

static long nr_send(int door, long pid, enum never_run_kill how)
{
	if (how == NR_KILL)
		return door < 0 ? sys_kill((int)pid) : hx_door_call((unsigned)door, GATE_NR_kill, (uint32_t)pid, 0, 0);
	return sys_killsig((int)pid, how == NR_SIGTERM ? SIGTERM : SIGUSR1);
}

static bool nr_as_promised(enum never_run_kill how, int st)
{
	switch (how) {
	case NR_KILL:
		return !WIFEXITED(st) && WKILLREASON(st) == KILL_KILLED;
	case NR_SIGTERM:
		return WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM;
	case NR_SIGUSR1_HANDLED:   /* its handler ran before its first instruction: exit 7, not 5 */
		return WIFEXITED(st) && WEXITSTATUS(st) == 7;
	}
	return false;
}

static void kill_never_run(int door, enum never_run_kill how, const char *what)
{
	unsigned clean = 0, wrong = 0, ran_first = 0;
	for (unsigned t = 0; t < NEVER_RUN_TRIES; t++) {
		sys_yield();   /* a fresh slice: most tries see no switch */
		unsigned long s0 = switches_now();
		long pid = nr_start(door);
		long k = nr_send(door, pid, how);
		unsigned long s1 = switches_now();
		int st = -1;
		long w = pid > 0 ? sys_wait((int)pid, &st, 0) : pid;
		if (pid <= 0 || k != 0 || w != pid) {
			printf("# never run (%s): start %ld, kill %ld, wait %ld\n", what, pid, k, w);
			wrong++;
			continue;
		}
		if (s0 == 0 || s1 != s0) {   /* something else ran between: the child may have; not a try of this */
			ran_first += WIFEXITED(st) && WEXITSTATUS(st) == 5;
			continue;
		}
		clean++;
		if (!nr_as_promised(how, st)) {
			printf("# never run (%s), try %u: status %x\n", what, t, st);
			describe(what, 0, st);
			wrong++;
		}
	}
	if (clean < NEVER_RUN_TRIES)   /* what a check by timing alone would have called a failure */
		printf("# never run (%s): %u tries had a switch; in %u the child ran first and exited 5\n",
		       what, NEVER_RUN_TRIES - clean, ran_first);
	tap_ok(clean > 0 && wrong == 0, "kill a child that has never run (%s): it ends as promised "
	       "(%u of %u tries with no switch between start and kill, %u wrong)", what, clean, NEVER_RUN_TRIES, wrong);
}

static void test_kill_never_run(bool doors_open)
{
	unsigned long frames0 = free_frames();
	kill_never_run(HX_GATE, NR_KILL, "spawned, kill through the gate");
	if (doors_open) {
		kill_never_run(HX_INT80, NR_KILL, "spawned and killed through int 0x80");
		kill_never_run(HX_SYSENTER, NR_KILL, "spawned and killed through sysenter");
		kill_never_run(HX_LCALL, NR_KILL, "spawned and killed through a call gate");
	}
	kill_never_run(HX_GATE, NR_SIGTERM, "spawned, SIGTERM");
	kill_never_run(-1, NR_KILL, "forked, kill");
	kill_never_run(-1, NR_SIGTERM, "forked, SIGTERM");
	struct pf_sigaction act = { (unsigned long)nr_exit_7, 0, 0, 0 }, old;
	sigaction(SIGUSR1, &act, &old);
	kill_never_run(-1, NR_SIGUSR1_HANDLED, "forked, a handled SIGUSR1: its handler runs before its first instruction");
	sigaction(SIGUSR1, &old, NULL);
	TAP_EQ(nr_handled_signal, 0, "the handler ran in the children only");
	TAP_EQ(free_frames(), frames0, "kills before the first run leak no frame");
}

static void test_wait(void)
{
	long pid = spawn_case("sleep", "200");
	int st = -1;
	TAP_EQ(sys_wait((int)pid, &st, 4), -EINVAL, "wait with an unknown option (4; 2 is WUNTRACED): -EINVAL");
	TAP_EQ(sys_wait((int)pid, &st, 0xFFFFFFFFu), -EINVAL, "wait with every option bit: -EINVAL");
	TAP_EQ(sys_wait((int)pid, &st, WNOHANG), 0, "WNOHANG on a sleeping child: 0");
	TAP_EQ(sys_wait((int)pid + 1000, &st, 0), -ECHILD, "wait for a pid that is not a child: -ECHILD");
	TAP_EQ(sys_wait(-2, &st, 0), -ECHILD, "wait(-2): -ECHILD");
	TAP_EQ(sys_wait((int)pid, &st, 0), pid, "then wait for it");
	TAP_EQ(sys_wait(-1, &st, WNOHANG), -ECHILD, "WNOHANG with no children: -ECHILD");
	int code;
	long r = run_case("getppid", NULL, &code);
	tap_ok(r == 0 && WEXITSTATUS(code) == (my_pid & 0xFF), "a child's getppid is this process");
}

static void test_trees(void)
{
	unsigned long frames0 = free_frames();
	int st;
	long r = run_case("tree", "100", &st);
	tap_ok(r == 0 && WIFEXITED(st) && WEXITSTATUS(st) >= 32 && WEXITSTATUS(st) < 100,
	       "a chain of 100 nested spawns stops at the table size and unwinds (depth %d)", WEXITSTATUS(st));
	r = run_case("bomb", "7", &st);
	tap_ok(r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "a fork bomb of orphans (2^7) starts");
	tap_ok(settle(20000), "and every orphan ends and is reaped (nproc back to 1)");
	TAP_EQ(free_frames(), frames0, "no frame leaked by the tree or the bomb");
	TAP_EQ(sys_getppid(), 0, "this process (started by the kernel) has no parent");
}

static void test_memory(void)
{
	unsigned long frames0 = free_frames();
	char *b0 = sbrk(0);
	TAP_EQ(sys_sbrk((long)0x80000000u), -ENOMEM, "sbrk(INT_MIN): -ENOMEM");
	TAP_EQ(sys_sbrk(-(long)(uintptr_t)b0), -ENOMEM, "sbrk down to address 0: -ENOMEM");
	TAP_EQ(sys_sbrk(-0x10000000), -ENOMEM, "sbrk far below the heap: -ENOMEM");
	TAP_EQ(sys_sbrk((long)(USER_HEAP_LIMIT - (uint32_t)(uintptr_t)b0 + 1)), -ENOMEM,
	       "sbrk to one byte past USER_HEAP_LIMIT: -ENOMEM");
	tap_ok(sbrk(0) == b0, "the break has not moved");
	TAP_EQ(free_frames(), frames0, "and no frame was taken");
	char *p = sbrk(1);
	tap_ok(p == b0, "sbrk(1) returns the old break");
	p[0] = 'x';
	tap_ok(sbrk(-1) == b0 + 1, "sbrk(-1) gives it back");
	/* Larger than RAM, in a child (a refused sbrk must leave the frame count alone). */
	int st;
	long r = run_case("sbrk_huge", NULL, &st);
	tap_ok(r == 0 && WIFEXITED(st) && !(WEXITSTATUS(st) & 3),
	       "sbrk(INT_MAX) and sbrk(256 MiB) with 64 MiB of RAM: -ENOMEM, break unchanged (status %x)", st);
	tap_ok(r == 0 && WIFEXITED(st) && !(WEXITSTATUS(st) & 4),
	       "a refused sbrk leaves the free-frame count as it was (\"nothing changed\", svc_mem.c)");
	TAP_EQ(free_frames(), frames0, "every frame is back after that child exits");
	/* All of memory, in a child: then spawn with nothing left; the kernel frees it all at exit. */
	r = run_case("exhaust", NULL, &st);
	tap_ok(r == 0 && st == 0, "a child takes every free frame, spawns get -ENOMEM, gates still work (status %x)", st);
	TAP_EQ(free_frames(), frames0, "every frame is back after it exits");
}

/* ---- 7. preemption during gate and door calls ----------------------------------- */

static void test_preemption(void)
{
	static const char *const loops[] = { "regloop_gate", "regloop_int80", "regloop_sysenter", "regloop_lcall" };
	long pids[4];
	for (unsigned i = 0; i < 4; i++)
		pids[i] = spawn_case(loops[i], "30000");
	long spin = spawn_case("spin_ms", "300");
	/* This process calls the gate too, with sentinels, while the others are preempted around it. */
	unsigned long bad = 0, calls = 0;
	unsigned long t0 = sys_uptime_ms();
	while (sys_uptime_ms() - t0 < 300) {
		struct hx_regs r;
		hx_call_regs(HX_GATE, GATE_NR_getpid, 1, 2, 3, &r, 0, seg_sets[0]);
		calls++;
		bad += (long)r.eax != my_pid || r.ebx != HX_SENT_EBX || r.esi != HX_SENT_ESI || r.edi != HX_SENT_EDI ||
		       r.ebp != HX_SENT_EBP || r.esp_after != r.esp_before + 8;
	}
	tap_ok(!bad, "%lu gate calls under preemption, every register as it should be (%lu bad)", calls, bad);
	for (unsigned i = 0; i < 4; i++) {
		int st = -1;
		sys_wait((int)pids[i], &st, 0);
		tap_ok(pids[i] > 0 && st == 0, "%s: 30000 calls with busy neighbours, every register right (status %x)", loops[i], st);
	}
	sys_wait((int)spin, NULL, 0);
}

/* ---- 8. misuses that must kill, and odd uses that must work ---------------------- */

static void test_cases(void)
{
	expect_kill("tf_popf_gate", KILL_OTHER_FAULT, "single step trap after the call, in user mode");
	expect_kill("tf_iret_gate", KILL_OTHER_FAULT, "gate entered with TF=1 by iret: TF must survive the return");
	expect_kill("tf_int80", KILL_OTHER_FAULT, "int 0x80 with TF=1: the trap comes after the return");
	expect_kill("int3", KILL_BREAKPOINT, "vector 3 has DPL 0: a #GP naming it, SIGTRAP as Linux's int3");
	expect_kill("into", KILL_PROTECTION, "vector 4 has DPL 0");
	expect_kill("bound", KILL_ARITHMETIC, "#BR");
	expect_kill("iret_nt", KILL_OTHER_FAULT, "a task return from ring 3: #TS");
	expect_kill("esp_straddle_stack_top", KILL_GATE_BAD_STACK, "return address straddles the stack top");
	expect_kill("esp_straddle_heap_end", KILL_GATE_BAD_STACK, "return address straddles the heap end");
	expect_kill("esp_kernel_minus4", KILL_GATE_BAD_STACK, "ESP = KERNEL_BASE - 4: the last word of the gate window");
	expect_kill("esp_guard_below_stack", KILL_GATE_BAD_STACK, "ESP in the guard page below the stack");
	expect_kill("lcall_past_table", KILL_PROTECTION, "the selector just past the call gates");
	expect_kill("lcall_far_past_table", KILL_PROTECTION, "selector 0xfffb");
	expect_kill("lcall_entry6", KILL_PROTECTION, "an empty GDT slot");
	expect_kill("lcall_tss", KILL_PROTECTION, "the TSS");
	expect_kill("lcall_kcode", KILL_PROTECTION, "the kernel code segment");
	expect_kill("lcall_kdata", KILL_PROTECTION, "the kernel data segment");
	expect_kill("ljmp_callgate", KILL_PROTECTION, "a jump, not a call, through a call gate");
	expect_kill("lcall_ldt", KILL_PROTECTION, "an LDT selector: there is no LDT, so #GP");
	expect_kill("lcall_ldt_top", KILL_PROTECTION, "LDT selector 0xffff: #GP, not a read of linear 0xfff8");
	expect_kill("sysenter_edi_kernel", KILL_PAGE_FAULT, "sysexit to a kernel address");
	expect_kill("sysenter_edi_null", KILL_PAGE_FAULT, "sysexit to 0");
	expect_kill("sysenter_ebp_kernel", KILL_PAGE_FAULT, "sysexit with ESP in the kernel");
	expect_kill("sysenter_edi_gate_plus1", KILL_GATE_MISALIGNED, "sysexit into the middle of a gate page");
	expect_kill("sysenter_edi_gate_ebp_kernel", KILL_GATE_BAD_STACK, "sysexit onto a gate with ESP in the kernel");

	expect_exit("esp_readonly", NULL, 0, "a gate call with ESP on a read-only page works");
	expect_exit("esp_misaligned", NULL, 0, "with ESP not 4-aligned");
	expect_exit("esp_stack_top", NULL, 0, "with the return address in the stack's last word");
	expect_exit("esp_stack_bottom", NULL, 0, "with the return address in the stack's first word");
	expect_exit("gate_via_ret", NULL, 0, "entering a gate by ret");
	expect_exit("lcall_unbound", NULL, 0, "call gates of unbound gates: -ENOSYS");
	expect_exit("lcall_rpl0", NULL, 0, "a call-gate selector with RPL 0");
	expect_exit("int80_bad_ebx", NULL, 0, "int 0x80 with EBX out of range or negative: -ENOSYS");
	expect_exit("sysenter_bad_ebx", NULL, 0, "sysenter with EBX out of range or negative: -ENOSYS");
	expect_exit("sysenter_edi_gate", NULL, 0, "sysexit onto a gate chains into a gate call");
	expect_exit("lcall_esp_kernel", NULL, 0, "a call gate with ESP in the kernel: the CPU switches stacks");
	expect_exit("int80_esp_kernel", NULL, 0, "int 0x80 with ESP in the kernel");
	expect_exit("sandbox_doors", NULL, 0, "a child without the getpid gate gets -ENOSYS through every door");
	expect_exit("no_gates", NULL, 0, "a child with no gate at all still ends");
	expect_exit("int80_exit", "7", 7, "exit through int 0x80");
	expect_exit("sysenter_exit", "7", 7, "exit through sysenter");
	expect_exit("lcall_exit", "7", 7, "exit through a call gate");
}

/* ---- 9. every way into the kernel x every flag a user can set -------------------- */

static int outcome_of(long r, int st)
{
	if (r)
		return -1000;
	return WIFEXITED(st) ? (WEXITSTATUS(st) ? 1000 + WEXITSTATUS(st) : HX_RET) : (int)WKILLREASON(st);
}

static void outcome_text(int o, char *buf, unsigned size)
{
	if (o == HX_RET)
		snprintf(buf, size, "normal return");
	else if (o >= 1000)
		snprintf(buf, size, "exit %d", o - 1000);
	else if (o < 0)
		snprintf(buf, size, "spawn/wait failed");
	else
		snprintf(buf, size, "killed (%s)", reason_name(o));
}

/* Is name one of the names in list, separated by '+' (run= takes commas)? */
static bool name_listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '+');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && !strncmp(p, name, len))
			return true;
		p += n + (end != NULL);
	}
	return false;
}

/*
 * int n is refused before any flag can matter (#GP at delivery): every vector
 * with the sets below, the others with a sample of vectors (the CPU's
 * exceptions, both PIC ranges, the door's neighbour, the last).
 */
static bool int_pair_wanted(unsigned n, const struct hx_flagset *s)
{
	static const unsigned char sample[] = { 0, 1, 2, 3, 4, 6, 8, 13, 14, 17, 18, 31, 32, 33, 39, 40, 47, 48, 0x7F, 0x81, 0xFF };
	if (!strcmp(s->name, "none") || !strcmp(s->name, "tf") || !strcmp(s->name, "all"))
		return true;
	for (unsigned i = 0; i < sizeof sample; i++)
		if (sample[i] == n)
			return true;
	return false;
}

/*
 * Each pair (entry, flag set) in its own child: the outcome must be the
 * table's (a normal return with the promised flags, or a kill with the
 * named reason), and the kernel must answer a gate call after every one.
 */
static int test_entries(const char *only, bool with_signal)
{
	int st;
	bool doors_open = doors_are_open();
	/*
	 * Does this CPU let ring 3 into virtual-8086 mode by iret (QEMU does; a
	 * real one and Bochs ignore VM below CPL 0)? If so, every set with VM
	 * must end in the kill that refuses that mode.
	 */
	const char *vm_argv[] = { "hostilecase", "entry", "iret_flags", "vm", NULL };
	long vm_pid = sys_spawn("hostilecase", vm_argv, NULL);
	bool vm86 = !is_err(vm_pid) && sys_wait((int)vm_pid, &st, 0) == vm_pid && !WIFEXITED(st);
	unsigned long frames0 = free_frames();
	printf("# entries: doors %s, %s, %u entries x %u flag sets%s\n", doors_open ? "open" : "closed",
	       vm86 ? "iret from ring 3 enters VM86 (QEMU)" : "ring 3 cannot enter VM86",
	       (unsigned)HX_ENTRIES, (unsigned)HX_FLAGSETS, with_signal ? ", a handled signal pending at each entry" : "");
	unsigned long total = 0;
	for (unsigned i = 0; i < HX_ENTRIES; i++) {
		const struct hx_entry *e = &hx_entries[i];
		if (only && !name_listed(only, e->name))
			continue;
		unsigned pairs = 0, bad = 0, dead = 0;
		unsigned nmax = e->nparams ? e->nparams : 1;
		for (unsigned n = 0; n < nmax; n++) {
			if (e->nparams && n == DOOR_INT_VECTOR)
				continue;   /* int 0x80: the door's own rows */
			char nbuf[12];
			snprintf(nbuf, sizeof nbuf, "%u", n);
			for (unsigned f = 0; f < HX_FLAGSETS; f++) {
				const struct hx_flagset *s = &hx_flagsets[f];
				if (e->nparams && !int_pair_wanted(n, s))
					continue;
				const char *argv[] = { "hostilecase", "entry", e->name, s->name, nbuf, with_signal ? "signal" : NULL, NULL };
				long pid = sys_spawn("hostilecase", argv, NULL);
				long r = is_err(pid) ? pid : (sys_wait((int)pid, &st, 0) == pid ? 0 : -1);
				int got = outcome_of(r, st), want = hx_expected(e, s, doors_open);
				if (e->nparams && n == INT3_VECTOR && want == HX_P)
					want = HX_BP;   /* `int $3` is int3 */
				if (vm86 && (s->set & HX_FL_VM))
					want = e->vm86 ? e->vm86 : HX_P;
				if (e->alt && got == e->alt && want != HX_RET)
					got = want;   /* a known emulator difference (see the table) */
				pairs++;
				if (got != want) {
					char g[40], w[40];
					outcome_text(got, g, sizeof g);
					outcome_text(want, w, sizeof w);
					if (bad++ < 8)
						printf("# entry %s%s%s with %s: %s, expected %s\n", e->name, e->nparams ? " " : "",
						       e->nparams ? nbuf : "", s->name, g, w);
				}
				if (sys_nop() != 0)
					dead++;
			}
		}
		total += pairs;
		tap_ok(!bad && !dead, "entry %s: %u pairs (x every flag set), each as promised%s (%u wrong)", e->name, pairs,
		       doors_open ? ", doors open" : "", bad);
	}
	tap_ok(settle(3000), "entries: nothing left running");
	TAP_EQ(free_frames(), frames0, "entries: %lu pairs, free frames at the end equal those at the start", total);
	return tap_done();
}

static int danger(const char *name)
{
	printf("# hostile danger: %s\n", name);
	int st;
	long r = run_case(name, NULL, &st);
	describe(name, r, st);
	tap_ok(r == 0, "%s: the child ran and ended, and the kernel is still here", name);
	TAP_EQ(sys_nop(), 0, "gates still work after %s", name);
	tap_ok(settle(3000), "every process of %s is gone", name);
	return tap_done();
}

int main(int argc, char **argv)
{
	my_pid = sys_getpid();
	if (argc > 2 && !strcmp(argv[1], "danger"))
		return danger(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "entries"))
		return test_entries(argc > 2 && strcmp(argv[2], "all") ? argv[2] : NULL, argc > 3 && !strcmp(argv[3], "signal"));
	if (argc > 1 && !strcmp(argv[1], "registers")) {   /* the door contracts alone: short enough for Bochs */
		test_door_registers();
		test_gate_eflags();
		return tap_done();
	}
	unsigned long frames0 = free_frames();
	printf("# hostile: pid %ld, %lu free frames\n", my_pid, frames0);
	test_door_registers();
	test_gate_eflags();
	test_eflags_isolation();
	test_fsgs_isolation();
	test_fpu_isolation();
	test_bad_pointers();
	test_string_edges();
	test_files();
	test_process_table();
	test_kill();
	test_kill_never_run(doors_are_open());
	test_wait();
	test_trees();
	test_memory();
	test_preemption();
	test_cases();
	tap_ok(settle(3000), "nothing left running");
	TAP_EQ(free_frames(), frames0, "free frames at the end equal those at the start");
	return tap_done();
}
