/* help: fuzz SEED CALLS PROCS: random gate calls with hostile arguments from PROCS processes (make fuzz) */
/*
 * The gate fuzzer: concurrent processes calling random gates with hostile
 * arguments (make fuzz; a short campaign runs in make test).
 *   fuzz SEED CALLS PROCS      PROCS children, CALLS calls in all; TAP out
 *   fuzz child SEED CALLS      one child's campaign: exit 0 when every call
 *                              came back as the ABI says
 * Every call goes through hx_call_regs (hostile_doors.h) with sentinels in
 * the preserved registers, a chosen set of user flags (DF, AC, ID, NT) and
 * odd data segments; after it: EBX, ESI, EDI, EBP, ESP, DS, ES, FS, GS and
 * the flags as they were, ECX and EDX either cleared or the caller's own
 * return address and stack (the sysexit return), and -ENOSYS from every
 * unbound number. exit, poweroff, sigreturn and sigsuspend are never called
 * (they end or block the caller, or end the machine); killsig sends only
 * signals ignored by default, which sigaction never handles; the other gates
 * that would end or block the caller (reads and writes of the console, long
 * sleeps) get their first argument tamed; the
 * pointers and lengths stay hostile: the gate window's edges, KERNEL_BASE,
 * the ends of the stack, the heap and the text, huge lengths.
 */
#include "ulib.h"
#include "tap.h"
#include "hostile_doors.h"

static uint32_t rng_state;
static uint32_t rnd(void)
{
	uint32_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng_state = x;
}

extern char _start[];

static uint32_t hostile_value(void)
{
	uint32_t brk = (uint32_t)(uintptr_t)sbrk(0);
	uint32_t text = (uint32_t)(uintptr_t)_start;
	const uint32_t pool[] = {
		0, 1, 2, 3, 4, 0xFFF, 0x1000, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFFCu,
		KERNEL_BASE, KERNEL_BASE - 1, KERNEL_BASE - 4, KERNEL_BASE + 0x100000,
		GATE_BASE, GATE_BASE - 1, GATE_BASE - 4, GATE_BASE + 1, GATE_BASE + GATE_WINDOW_SIZE - 1,
		USER_STACK_TOP, USER_STACK_TOP - 1, USER_STACK_TOP - 2, USER_STACK_BOTTOM - 1, USER_STACK_BOTTOM - 4,
		brk, brk - 1, brk - 4, brk + 1, text, text - 1, USER_BASE, USER_HEAP_LIMIT,
		PAGE_SIZE * 16, 0x10000000, 0x40000000,
	};
	uint32_t k = rnd() % 8;
	if (k == 0)
		return rnd();
	if (k == 1)
		return rnd() % 4096;
	return pool[rnd() % (sizeof pool / sizeof pool[0])];
}

/* The bound gates, from the one table. */
static const unsigned bound_gates[] = {
#define GATE(num, name, nargs, ret, params) num,
#include <pfgate/gates.def>
#undef GATE
};
#define NBOUND (sizeof bound_gates / sizeof bound_gates[0])

static bool gate_bound(unsigned g)
{
	for (unsigned i = 0; i < NBOUND; i++)
		if (bound_gates[i] == g)
			return true;
	return false;
}

static const uint32_t seg_sets[][4] = {
	{ HX_UDATA, HX_UDATA, 0, 0 },
	{ 0, 0, HX_UDATA, HX_UDATA },
	{ HX_UCODE, HX_UCODE, HX_UCODE, HX_UCODE },
	{ HX_UDATA, 0, HX_UCODE, 0 },
};
static const uint32_t flag_sets[] = { 0, HX_FL_DF, HX_FL_AC, HX_FL_ID, HX_FL_NT, HX_FL_DF | HX_FL_AC | HX_FL_ID | HX_FL_NT };

/*
 * Signals the fuzz may send (killsig): ones whose default is to be ignored,
 * and which sigaction below never gives a handler, or 0 (checks only). A
 * number out of range stays as drawn (-EINVAL).
 */
static uint32_t tame_signal(uint32_t sig)
{
	static const uint32_t harmless[] = { 0, SIGURG, SIGWINCH };
	return sig == 0 || sig > NSIG_MAX ? sig : harmless[sig % 3];
}

/* sigaction's signal: never one the fuzz sends or the kernel does (SIGCHLD from a forked copy's exit). */
static uint32_t tame_sigaction(uint32_t sig)
{
	return sig == SIGURG || sig == SIGWINCH || sig == SIGCHLD ? SIGUSR2 : sig;
}

/* The first argument of the gates that would end, block or flood the caller. */
static uint32_t tame(unsigned gate, uint32_t a0)
{
	switch (gate) {
	case GATE_NR_sigaction:
		return tame_sigaction(a0);
	case GATE_NR_read:
	case GATE_NR_write:
	case GATE_NR_fsync:
		return 3 + a0 % 16;   /* never the console's 0-2 (a dup2 may put it higher: see blocks()) */
	case GATE_NR_sleep_ms:
		return a0 % 3;
	default:
		return a0;
	}
}

/*
 * A read or write that could wait for ever: on a pipe (this process may
 * hold both ends, the other end never moves) or on the console (a dup2 of 0
 * or 1 to a higher descriptor). Those calls are left out.
 */
static bool blocks(unsigned gate, uint32_t fd)
{
	if (gate != GATE_NR_read && gate != GATE_NR_write)
		return false;
	struct pf_stat st;
	return sys_fstat((int)fd, &st) == 0 && (st.type == PF_TYPE_PIPE || st.type == PF_TYPE_CONSOLE);
}

static int child(uint32_t seed, unsigned long calls)
{
	rng_state = seed * 2654435761u + 1;
	unsigned long bad = 0;
	for (unsigned long i = 0; i < calls; i++) {
		unsigned gate = rnd() % 4 ? bound_gates[rnd() % NBOUND] : rnd() % GATE_COUNT;
		/* exit ends the caller, poweroff the machine; sigreturn of whatever lies on the stack kills it; sigsuspend waits for ever */
		if (gate == GATE_NR_exit || gate == GATE_NR_poweroff || gate == GATE_NR_sigreturn || gate == GATE_NR_sigsuspend)
			continue;
		uint32_t a0 = tame(gate, hostile_value()), a1 = hostile_value(), a2 = hostile_value();
		if (gate == GATE_NR_killsig)
			a1 = tame_signal(a1);
		if (blocks(gate, a0))
			continue;
		uint32_t flags = flag_sets[rnd() % (sizeof flag_sets / sizeof flag_sets[0])];
		const uint32_t *segs = seg_sets[rnd() % 4];
		struct hx_regs r;
		hx_call_regs(HX_GATE, gate, a0, a1, a2, &r, flags, segs);
		bool ok = r.ebx == HX_SENT_EBX && r.esi == HX_SENT_ESI && r.edi == HX_SENT_EDI && r.ebp == HX_SENT_EBP &&
			  r.esp_after == r.esp_before + 8 &&
			  (r.ds & 0xFFFF) == segs[0] && (r.es & 0xFFFF) == segs[1] &&
			  (r.fs & 0xFFFF) == segs[2] && (r.gs & 0xFFFF) == segs[3] &&
			  (r.eflags & (HX_FL_DF | HX_FL_AC | HX_FL_ID | HX_FL_NT)) == flags &&
			  ((r.ecx == 0 && r.edx == 0) || (r.ecx == r.esp_after && r.edx == (uint32_t)(uintptr_t)hx_back)) &&
			  (gate_bound(gate) || (long)r.eax == -ENOSYS);
		if (!ok && bad++ < 5)
			printf("# fuzz %lu: gate %u (%x, %x, %x) flags %x segs %x/%x/%x/%x: eax %x ebx %x ecx %x edx %x esi %x "
			       "edi %x ebp %x esp %x->%x ds %x es %x fs %x gs %x eflags %x\n",
			       i, gate, a0, a1, a2, flags, segs[0], segs[1], segs[2], segs[3], r.eax, r.ebx, r.ecx, r.edx,
			       r.esi, r.edi, r.ebp, r.esp_before, r.esp_after, r.ds, r.es, r.fs, r.gs, r.eflags);
		if (gate == GATE_NR_fork && r.eax == 0)   /* the forked copy: it checked its own registers above */
			sys_exit(bad ? 1 : 0);
		if (gate == GATE_NR_fork && (long)r.eax > 0) {   /* the parent: the copy's verdict, and it is reaped */
			int st;
			if ((sys_wait((int)r.eax, &st, 0) != (long)r.eax || !WIFEXITED(st) || WEXITSTATUS(st)) && bad++ < 5)
				printf("# fuzz %lu: the forked copy failed its register checks (status %x)\n", i, st);
		}
		if (gate == GATE_NR_exec && (long)r.eax >= 0 && bad++ < 5)   /* hostile paths never name a program */
			printf("# fuzz %lu: exec of a hostile path succeeded\n", i);
		if (gate == GATE_NR_spawn && (long)r.eax > 0) {   /* a random path named a program: end it */
			sys_kill((int)r.eax);
			sys_wait((int)r.eax, NULL, 0);
		}
	}
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "child"))
		return child((uint32_t)atol(argv[2]), (unsigned long)atol(argv[3]));
	if (argc != 4) {
		dprintf(STDERR_FD, "usage: fuzz SEED CALLS PROCS\n");
		return 2;
	}
	uint32_t seed = (uint32_t)atol(argv[1]);
	unsigned long calls = (unsigned long)atol(argv[2]), procs = (unsigned long)atol(argv[3]);
	if (procs < 1 || procs > 32)
		procs = 8;
	unsigned long frames0 = free_frames();
	unsigned long t0 = sys_uptime_ms();
	printf("# fuzz: seed %lu, %lu calls from %lu processes, %lu free frames\n", (unsigned long)seed, calls, procs, frames0);
	long pids[32];
	for (unsigned long i = 0; i < procs; i++) {
		char s[16], c[16];
		snprintf(s, sizeof s, "%lu", (unsigned long)(seed + i));
		snprintf(c, sizeof c, "%lu", calls / procs + (i < calls % procs));
		const char *cargv[] = { "fuzz", "child", s, c, NULL };
		pids[i] = sys_spawn("fuzz", cargv, NULL);
		tap_ok(pids[i] > 0, "spawn fuzz child %lu (seed %s)", i, s);
	}
	for (unsigned long i = 0; i < procs; i++) {
		int st = -1;
		long w = pids[i] > 0 ? sys_wait((int)pids[i], &st, 0) : -1;
		tap_ok(w == pids[i] && st == 0, "fuzz child %lu: every call as the ABI says (status %x)", i, st);
	}
	unsigned long ms = sys_uptime_ms() - t0;
	for (int i = 0; i < 300 && nproc() != 1; i++)
		sys_sleep_ms(10);
	TAP_EQ(nproc(), 1, "every fuzz process reaped");
	TAP_EQ(free_frames(), frames0, "every frame back");
	printf("# fuzz: %lu calls in %lu ms of uptime\n", calls, ms);
	return tap_done();
}
