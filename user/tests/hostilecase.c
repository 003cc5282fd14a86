/* help: hostilecase CASE [ARG]: one hostile act, for hostile (run without CASE for the list) */
/*
 * One hostile act per process, for hostile.c (and for test/suite_hostile.py,
 * which boots the ones that may take the whole kernel down on their own).
 * Usage: hostilecase CASE [ARG]
 *
 * Cases that must be killed never return from their act (if one does, it
 * exits 3: "survived"). Cases that must survive exit 0 when every result was
 * right, else a small number naming the first wrong step.
 */
#include "ulib.h"
#include "cases.h"
#include "hostile_doors.h"
#include "hostile_entries.h"
#include "lib/params.h"   /* MS_PER_TICK */

#define NOP_GATE GATE_ADDR(GATE_NR_nop)
#define GETPID_GATE GATE_ADDR(GATE_NR_getpid)

static const char *arg;   /* argv[2], if any */
static int case_argc;
static char **case_argv;

static unsigned long arg_num(unsigned long dflt) { return arg ? (unsigned long)atol(arg) : dflt; }

/* The TSC's low half, read in user mode (the tsc gate is make bench's kernel's only). */
static unsigned long tsc_lo(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

/* ---- kills: EFLAGS.TF and friends, in user mode -------------------------------- */

/* popf sets TF: the single-step trap comes after the next instruction, the call. */
static void tf_popf_gate(void)
{
	__asm__ volatile("pushf\n\torl $0x100, (%%esp)\n\tpopf\n\tcall sys_nop\n\t"
			 "pushf\n\tandl $~0x100, (%%esp)\n\tpopf" : : : "eax", "ecx", "edx", "memory", "cc");
}

/*
 * iret sets TF and lands on the gate: the fetch faults before any
 * instruction completes, so the gate call itself sees TF = 1 (the case the
 * sysexit return must leave to iret). After the return, the single step
 * traps at the first instruction.
 */
static void tf_iret_gate(void)
{
	__asm__ volatile(
		"push $1f\n\t"              /* the gate's return address */
		"pushf\n\torl $0x100, (%%esp)\n\t"
		"push %%cs\n\t"
		"push %0\n\t"
		"iret\n"
		"1:\tnop\n\tnop\n\t"
		"pushf\n\tandl $~0x100, (%%esp)\n\tpopf"
		: : "i"(NOP_GATE) : "eax", "ecx", "edx", "memory", "cc");
}

static void icebp(void) { __asm__ volatile(".byte 0xf1"); }
static void int3(void) { __asm__ volatile("int3"); }
static void into(void) { __asm__ volatile("mov $0x7fffffff, %%eax\n\tadd %%eax, %%eax\n\tinto" : : : "eax", "cc"); }
static void bound(void)
{
	static const int32_t range[2] = { 10, 20 };
	__asm__ volatile("mov $5, %%eax\n\tbound %%eax, %0" : : "m"(range) : "eax");
}

/* iret with NT = 1: a task return from ring 3, through a zero back link. */
static void iret_nt(void)
{
	__asm__ volatile("pushf\n\torl $0x4000, (%%esp)\n\tpopf\n\t"
			 "pushf\n\tpush %%cs\n\tpush $1f\n\tiret\n1:" : : : "memory", "cc");
}

/* ---- kills: the stack of a gate call -------------------------------------------- */

/* Jump to a gate with ESP = esp (nothing pushed): the return-address read is what fails. */
static void __attribute__((noreturn)) jump_gate_esp(uint32_t gate, uint32_t esp)
{
	__asm__ volatile("mov %0, %%esp\n\tjmp *%1" : : "r"(esp), "r"(gate) : "memory");
	__builtin_unreachable();
}

/* The 4-byte return address straddles the top of the stack into the guard page. */
static void esp_straddle_stack_top(void) { jump_gate_esp(NOP_GATE, USER_STACK_TOP - 2); }
static void esp_kernel_minus4(void) { jump_gate_esp(NOP_GATE, KERNEL_BASE - 4); }
static void esp_guard_below_stack(void) { jump_gate_esp(NOP_GATE, USER_STACK_BOTTOM - 8); }

/* The return address straddles the end of the heap. */
static void esp_straddle_heap_end(void)
{
	char *brk = sbrk(0);
	sbrk(PAGE_SIZE);
	uint32_t end = ((uint32_t)(uintptr_t)brk + PAGE_SIZE + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	jump_gate_esp(NOP_GATE, end - 3);
}

/* ---- kills: far calls and jumps to selectors that are not ours ------------------- */

static void far_call(uint32_t sel)
{
	uint32_t far[2] = { 0, sel };
	__asm__ volatile("lcall *%0" : : "m"(far) : "eax", "ecx", "edx", "memory", "cc");
}

static void far_jump(uint32_t sel)
{
	uint32_t far[2] = { 0, sel };
	__asm__ volatile("ljmp *%0" : : "m"(far) : "memory");
}

static void lcall_past_table(void) { far_call(HX_CALLGATE_SEL(GATE_COUNT)); }
static void lcall_far_past_table(void) { far_call(0xFFF8u | 3); }
static void lcall_entry6(void) { far_call((6 << 3) | 3); }
static void lcall_tss(void) { far_call((5 << 3) | 3); }
static void lcall_kcode(void) { far_call((1 << 3) | 3); }
static void lcall_kdata(void) { far_call((2 << 3) | 3); }
static void lcall_ldt(void) { far_call(HX_CALLGATE_SEL(GATE_NR_nop) | 4); }
static void lcall_ldt_top(void) { far_call(0xFFFF); }   /* LDT index 0x1fff: offset 0xfff8 */
static void ljmp_callgate(void) { far_jump(HX_CALLGATE_SEL(GATE_NR_nop)); }

/* ---- kills: sysenter's EBP (user ESP) and EDI (return address) are the user's word --- */

static void sysenter_raw(uint32_t gate, uint32_t ebp, uint32_t edi)
{
	__asm__ volatile("push %%ebp\n\tmov %1, %%ebp\n\tsysenter\n\tpop %%ebp"
			 : : "b"(gate), "S"(ebp), "D"(edi) : "eax", "ecx", "edx", "memory", "cc");
}

static void sysenter_edi_kernel(void) { sysenter_raw(GATE_NR_nop, USER_STACK_TOP - 64, KERNEL_BASE + 0x100000); }
static void sysenter_edi_null(void) { sysenter_raw(GATE_NR_nop, USER_STACK_TOP - 64, 0); }
static void sysenter_edi_gate_plus1(void) { sysenter_raw(GATE_NR_nop, USER_STACK_TOP - 64, NOP_GATE + 1); }
static void sysenter_edi_gate_ebp_kernel(void) { sysenter_raw(GATE_NR_nop, KERNEL_BASE + 0x1000, NOP_GATE); }

/* Back in user mode with ESP in the kernel: the first push faults. */
static void sysenter_ebp_kernel(void)
{
	__asm__ volatile("push %%ebp\n\tmov $0xC0001000, %%ebp\n\tmov $1f, %%edi\n\tsysenter\n"
			 "1:\tpush %%eax\n\tpop %%eax\n\tpop %%ebp"
			 : : "b"(GATE_NR_nop) : "eax", "ecx", "edx", "edi", "memory", "cc");
}

/* ---- survivors: odd but legal ways to call a gate -------------------------------- */

/* ESP on a read-only page: the gate only reads the return address. */
static int __attribute__((noinline)) esp_readonly(void)
{
	extern const uint32_t hx_ro_ret[];
	long r;
	uint32_t esp_after;
	__asm__ volatile(
		".pushsection .rodata\n"
		".align 4\n"
		"hx_ro_ret: .long 1f\n"
		".popsection\n\t"
		"push %%ebp\n\t"
		"mov %%esp, %%ebp\n\t"
		"mov $hx_ro_ret, %%esp\n\t"
		"jmp sys_getpid\n"
		"1:\tmov %%esp, %%ecx\n\t"
		"mov %%ebp, %%esp\n\t"
		"pop %%ebp\n\t"
		: "=a"(r), "=c"(esp_after) : : "edx", "memory", "cc");
	if (r != sys_getpid())
		return 1;
	if (esp_after != (uint32_t)(uintptr_t)hx_ro_ret + 4)
		return 2;
	return 0;
}

/* ESP not 4-aligned, and ESP at the very top of the stack. */
static int esp_at(uint32_t esp)
{
	long r;
	uint32_t esp_after;
	__asm__ volatile(
		"push %%ebp\n\t"
		"mov %%esp, %%ebp\n\t"
		"mov %2, %%esp\n\t"
		"movl $1f, (%%esp)\n\t"
		"jmp sys_getpid\n"
		"1:\tmov %%esp, %%ecx\n\t"
		"mov %%ebp, %%esp\n\t"
		"pop %%ebp\n\t"
		: "=a"(r), "=c"(esp_after) : "r"(esp) : "edx", "memory", "cc");
	if (r != sys_getpid())
		return 1;
	if (esp_after != esp + 4)
		return 2;
	return 0;
}

static int esp_misaligned(void)
{
	static uint8_t buf[64] __attribute__((aligned(16)));
	return esp_at((uint32_t)(uintptr_t)buf + 33);
}

static int esp_stack_top(void) { return esp_at(USER_STACK_TOP - 4); }

/* The lowest word of the stack (just above the lower guard page). */
static int esp_stack_bottom(void) { return esp_at(USER_STACK_BOTTOM); }

/* `ret` to a gate: the next word is the return address. */
static int gate_via_ret(void)
{
	long r;
	__asm__ volatile("push $1f\n\tpush $sys_getpid\n\tret\n1:" : "=a"(r) : : "ecx", "edx", "memory", "cc");
	return r == sys_getpid() ? 0 : 1;
}

static int lcall_unbound(void)
{
	if (hx_door_call(HX_LCALL, GATE_COUNT - 1, 0, 0, 0) != -ENOSYS)
		return 1;
	if (hx_door_call(HX_LCALL, 500, 0, 0, 0) != -ENOSYS)
		return 2;
	return 0;
}

/* A call-gate selector with RPL 0 is still a call from ring 3: allowed, same result. */
static int lcall_rpl0(void)
{
	long r;
	uint32_t far[2] = { 0, HX_CALLGATE_SEL(GATE_NR_getpid) & ~3u };
	__asm__ volatile("lcall *%1" : "=a"(r) : "m"(far) : "ecx", "edx", "memory", "cc");
	return r == sys_getpid() ? 0 : 1;
}

/* Gate numbers out of range through the doors that take a number. */
static int bad_ebx(unsigned door)
{
	static const uint32_t nums[] = { GATE_COUNT, GATE_COUNT + 1, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x40000000u };
	for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (hx_door_call(door, nums[i], 0, 0, 0) != -ENOSYS)
			return (int)i + 1;
	return 0;
}

/* sysenter that returns onto a gate: it chains into a gate call with ESP = EBP. */
static int sysenter_edi_gate(void)
{
	static uint32_t stack[16];
	long r;
	stack[8] = 0;
	__asm__ volatile(
		"push %%ebp\n\t"
		"mov %%esp, %%esi\n\t"
		"lea 32(%1), %%ebp\n\t"
		"movl $1f, (%%ebp)\n\t"
		"mov %2, %%edi\n\t"
		"sysenter\n"
		"1:\tmov %%esi, %%esp\n\t"
		"pop %%ebp"
		: "=a"(r) : "r"(stack), "i"(GETPID_GATE), "b"(GATE_NR_nop)
		: "ecx", "edx", "esi", "edi", "memory", "cc");
	return r == sys_getpid() ? 0 : 1;
}

/* A door with ESP pointing into the kernel: the CPU switches stacks, nothing reads the user's. */
static int door_esp_kernel(unsigned door)
{
	long r;
	uint32_t far[2] = { 0, HX_CALLGATE_SEL(GATE_NR_getpid) };
	if (door == HX_LCALL)
		__asm__ volatile("mov %%esp, %%esi\n\tmov $0xC0001000, %%esp\n\tlcall *(%1)\n\tmov %%esi, %%esp"
				 : "=a"(r) : "D"(far) : "ecx", "edx", "esi", "memory", "cc");
	else
		__asm__ volatile("mov %%esp, %%esi\n\tmov $0xC0001000, %%esp\n\tint $0x80\n\tmov %%esi, %%esp"
				 : "=a"(r) : "b"(GATE_NR_getpid) : "ecx", "edx", "esi", "memory", "cc");
	return r == sys_getpid() ? 0 : 1;
}
static int c_lcall_esp_kernel(void) { return door_esp_kernel(HX_LCALL); }
static int c_int80_esp_kernel(void) { return door_esp_kernel(HX_INT80); }

/* The heap cannot outgrow RAM; a refused sbrk must leave the frame count as it was. */
static int sbrk_huge(void)
{
	struct pf_sysinfo a, b;
	char *brk = sbrk(0);
	sys_sysinfo(&a);
	long r1 = sys_sbrk(0x7FFFFFFF);
	long r2 = sys_sbrk(0x10000000);
	sys_sysinfo(&b);
	printf("# sbrk_huge: sbrk(0x7fffffff) = %ld, sbrk(256 MiB) = %ld; free frames %lu before, %lu after\n",
	       r1, r2, a.free_frames, b.free_frames);
	if (r1 != -ENOMEM || r2 != -ENOMEM)
		return 1;
	if (sbrk(0) != brk)
		return 2;
	if (a.free_frames != b.free_frames)
		return 4;
	return 0;
}

/* A child with no gate at all, not even exit. */
static int c_no_gates(void)
{
	const char *argv[] = { "hostilecase", "exit", "0", NULL };
	static unsigned long none[GATE_COUNT / 32];
	long pid = sys_spawn("hostilecase", argv, none);
	if (is_err(pid))
		return 1;
	sys_sleep_ms(300);
	int st = -1;
	long w = sys_wait((int)pid, &st, WNOHANG);
	if (w == 0) {
		printf("# no_gates: the child without the exit gate is still running after 300 ms; killing it\n");
		sys_kill((int)pid);
		sys_wait((int)pid, &st, 0);
		return 2;
	}
	printf("# no_gates: status %x\n", st);
	return 0;
}

/* Without the getpid gate, no door reaches getpid either. */
static int doors_getpid_withheld(void)
{
	for (unsigned door = 0; door < HX_DOORS; door++) {
		long r = hx_door_call(door, GATE_NR_getpid, 0, 0, 0);
		if (r != -ENOSYS) {
			printf("# %s reached the withheld getpid: %ld\n", hx_door_name[door], r);
			return (int)door + 1;
		}
	}
	return hx_door_call(HX_INT80, GATE_NR_nop, 0, 0, 0) == 0 ? 0 : 9;
}

static int sandbox_doors(void)
{
	const char *argv[] = { "hostilecase", "doors_getpid_withheld", NULL };
	unsigned long set[GATE_COUNT / 32];
	memset(set, 0xFF, sizeof set);
	set[GATE_NR_getpid / 32] &= ~(1ul << (GATE_NR_getpid % 32));
	long pid = sys_spawn("hostilecase", argv, set);
	int st = -1;
	if (is_err(pid) || sys_wait((int)pid, &st, 0) != pid)
		return 20;
	return st;
}

/* ---- the cases that may crash the kernel itself (the suite boots them alone) ------- */

static void spawn_busy_sibling(void)
{
	const char *argv[] = { "hostilecase", "spin_ms", "300", NULL };
	long pid = sys_spawn("hostilecase", argv, NULL);
	if (is_err(pid))
		printf("# spawn of a busy sibling failed: %ld\n", pid);
	sys_sleep_ms(20);   /* let it be preempted once: it then returns through trap_return's iret */
}

/*
 * TF set by popf traps after the instruction that follows the popf: make
 * that the door itself, so the single step lands on the kernel's first
 * instruction (sysenter and call gates leave TF alone; int clears it).
 */
static int tf_door(unsigned door)
{
	uint32_t far[2] = { 0, HX_CALLGATE_SEL(GATE_NR_nop) };
	long r = 0;
	if (door == HX_SYSENTER)
		__asm__ volatile("push %%ebp\n\tpushf\n\torl $0x100, (%%esp)\n\tlea 4(%%esp), %%ebp\n\tmov $1f, %%edi\n\t"
				 "popf\n\tsysenter\n1:\tpushf\n\tandl $~0x100, (%%esp)\n\tpopf\n\tpop %%ebp"
				 : "=a"(r) : "b"(GATE_NR_nop), "a"(0) : "ecx", "edx", "edi", "memory", "cc");
	else if (door == HX_LCALL)
		__asm__ volatile("pushf\n\torl $0x100, (%%esp)\n\tpopf\n\tlcall *%1\n\t"
				 "pushf\n\tandl $~0x100, (%%esp)\n\tpopf"
				 : "=a"(r) : "m"(far), "a"(0) : "ecx", "edx", "memory", "cc");
	else
		__asm__ volatile("pushf\n\torl $0x100, (%%esp)\n\tpopf\n\tint $0x80\n\t"
				 "pushf\n\tandl $~0x100, (%%esp)\n\tpopf"
				 : "=a"(r) : "b"(GATE_NR_nop), "a"(0) : "ecx", "edx", "memory", "cc");
	printf("# tf through %s: back in user mode, result %ld\n", hx_door_name[door], r);
	return 0;
}

static int flag_door_loop(unsigned door, unsigned gate, uint32_t flags, int rounds)
{
	static const uint32_t segs[4] = { HX_UDATA, HX_UDATA, 0, 0 };
	struct hx_regs r;
	for (int i = 0; i < rounds; i++)
		hx_call_regs(door, gate, 0, 0, 0, &r, flags, segs);
	return 0;
}

/* ---- helpers for process tests ------------------------------------------------- */

static int spin_ms(unsigned long ms)
{
	unsigned long t0 = sys_uptime_ms();
	volatile unsigned long sink = 0;
	while (sys_uptime_ms() - t0 < ms)
		for (int i = 0; i < 1000; i++)
			sink += (unsigned long)i;
	return 0;
}

/* The argv of the same case one level down: hostilecase NAME DEPTH-1 (its number kept in d); false at depth 0. */
#define LEVEL_DIGITS 16
static bool next_level(const char *argv[4], char d[LEVEL_DIGITS], const char *name, unsigned long depth)
{
	if (depth == 0)
		return false;
	snprintf(d, LEVEL_DIGITS, "%lu", depth - 1);
	argv[0] = "hostilecase";
	argv[1] = name;
	argv[2] = d;
	argv[3] = NULL;
	return true;
}

/* Depth of a chain of spawns: each level spawns the next and waits. */
static int tree(unsigned long depth)
{
	char d[LEVEL_DIGITS];
	const char *argv[4];
	if (!next_level(argv, d, "tree", depth))
		return 0;
	long pid = sys_spawn("hostilecase", argv, NULL);
	if (is_err(pid))
		return 0;   /* the process table is full: this is the bottom */
	int st = 0;
	if (sys_wait((int)pid, &st, 0) != pid || !WIFEXITED(st))
		return 255;
	int below = WEXITSTATUS(st);
	return below >= 250 ? 255 : below + 1;
}

/* Two children per level, nobody waits: a bounded fork bomb of orphans. */
static int bomb(unsigned long depth)
{
	char d[LEVEL_DIGITS];
	const char *argv[4];
	if (!next_level(argv, d, "bomb", depth))
		return 0;
	for (int i = 0; i < 2; i++)
		(void)sys_spawn("hostilecase", argv, NULL);
	return 0;
}

/* Take every free frame through sbrk, then use the kernel with none left. */
static int exhaust(void)
{
	char *base = sbrk(0);
	unsigned long pages = 0;
	for (long chunk = 256; chunk >= 1; chunk /= 4) {
		while (!is_err(sys_sbrk(chunk * (long)PAGE_SIZE)))
			pages += (unsigned long)chunk;
	}
	char *top = sbrk(0);
	printf("# exhaust: took %lu pages (%lu KiB) of heap\n", pages, pages * 4);
	if (pages < 1000)
		return 1;
	if (sys_sbrk(PAGE_SIZE) != -ENOMEM)
		return 2;
	if (sbrk(0) != top)
		return 3;
	/* Every new page is zeroed and ours: touch the last one. */
	top[-1] = 1;
	const char *argv[] = { "hostilecase", "exit", "0", NULL };
	long r = sys_spawn("hostilecase", argv, NULL);
	printf("# exhaust: spawn with no free frame: %ld\n", r);
	if (r != -ENOMEM)
		return 4;
	unsigned long set[GATE_COUNT / 32];
	memset(set, 0xFF, sizeof set);
	set[0] &= ~1ul;
	r = sys_spawn("hostilecase", argv, set);
	if (r != -ENOMEM)
		return 5;
	if (sys_nop() != 0)
		return 6;
	struct pf_sysinfo si;
	if (sys_sysinfo(&si) != 0)
		return 7;
	printf("# exhaust: free frames now %lu\n", si.free_frames);
	/* Give back a part and spawn for real. */
	if (sys_sbrk(-(long)(256 * PAGE_SIZE)) == -ENOMEM)
		return 8;
	r = sys_spawn("hostilecase", argv, NULL);
	int st = -1;
	if (is_err(r) || sys_wait((int)r, &st, 0) != r || st != 0)
		return 9;
	(void)base;
	return 0;   /* and exit with the rest still mapped: the kernel frees it */
}

/* Gate calls, each checking every preserved register, while others run. */
static int regloop(unsigned long n, unsigned door)
{
	static const uint32_t segs[4] = { HX_UDATA, HX_UDATA, 0, 0 };
	long pid = sys_getpid();
	for (unsigned long i = 0; i < n; i++) {
		struct hx_regs r;
		hx_call_regs(door, GATE_NR_getpid, 0x12345678, 0x9abcdef0, 0x0fedcba9, &r, 0, segs);
		bool num = door == HX_INT80 || door == HX_SYSENTER;
		if ((long)r.eax != pid)
			return 1;
		if (r.ebx != (num ? GATE_NR_getpid : HX_SENT_EBX) || r.esi != HX_SENT_ESI)
			return 2;
		if (r.edi != HX_SENT_EDI && door != HX_SYSENTER)
			return 3;
		if (r.ebp != (door == HX_SYSENTER ? r.esp_before : HX_SENT_EBP))
			return 4;
		if (r.esp_after != r.esp_before + (door == HX_GATE ? 8 : 0))
			return 5;
		if ((r.ds & 0xFFFF) != HX_UDATA || (r.es & 0xFFFF) != HX_UDATA)
			return 6;
	}
	return 0;
}

/* The victim of another process's EFLAGS: yields through the gate and looks at its own. */
static int flags_victim(unsigned long n)
{
	unsigned long foreign = 0;
	uint32_t seen = 0;
	for (unsigned long i = 0; i < n; i++) {
		sys_yield();
		uint32_t f = hx_eflags();
		if (f & (HX_FL_AC | HX_FL_ID | HX_FL_NT | HX_FL_DF | HX_FL_TF)) {
			foreign++;
			seen |= f;
		}
	}
	if (foreign)
		printf("# flags_victim: %lu of %lu gate returns brought EFLAGS bits it never set (eflags %08lx)\n",
		       foreign, n, (unsigned long)seen);
	return foreign ? 1 : 0;
}

/* The victim of another process's FS/GS: are they its own at start, and do they stay? */
static int fsgs_victim(unsigned long n)
{
	int bad = 0;
	uint32_t fs0 = hx_fs(), gs0 = hx_gs();
	if (fs0 != 0 || gs0 != 0) {
		printf("# fsgs_victim: started with FS=%lx GS=%lx (not null: the parent's values)\n",
		       (unsigned long)fs0, (unsigned long)gs0);
		bad |= 2;
	}
	hx_set_fs_gs(HX_UCODE, HX_UCODE);
	unsigned long changed = 0;
	for (unsigned long i = 0; i < n; i++) {
		sys_yield();
		if (hx_fs() != HX_UCODE || hx_gs() != HX_UCODE) {
			if (!changed)
				printf("# fsgs_victim: after a yield FS=%lx GS=%lx, set to %x\n",
				       (unsigned long)hx_fs(), (unsigned long)hx_gs(), HX_UCODE);
			changed++;
			hx_set_fs_gs(HX_UCODE, HX_UCODE);
		}
	}
	if (changed) {
		printf("# fsgs_victim: %lu of %lu yields came back with another process's FS/GS\n", changed, n);
		bad |= 1;
	}
	return bad;
}

/*
 * The x87 state (control word, data registers; MMX shares them) belongs to
 * the process that set it. Exit status bits: 1 changed by another process
 * across a yield, 2 not the FNINIT state at start, 4 another process's
 * register value readable at start (as x87 or MMX data, whatever the tags
 * say: the raw bits of all eight registers, from fnsave, are looked at).
 */
#define FPU_SECRET 0x5EC12E7                 /* fild'ed by another process: ST0 */
#define FPU_SECRET_BITS 27                   /* its width: the 64-bit significand is it shifted to the top */
#define MMX_SECRET 0x5EC12E7A11C0FFEEull     /* movq'ed by another process: MM3 */
#define FPU_OWN 777
#define FNINIT_CW 0x037F
#define FNINIT_TW 0xFFFF                     /* every register empty */
#define FPU_REGS 8

/* fnsave's 32-bit image: the environment, then ST0..ST7, 10 bytes each. */
struct fpu_image {
	uint32_t cw, sw, tw, fip, fcs, foo, fos;
	uint8_t st[FPU_REGS][10];
} __attribute__((packed));

/* 4 if any register of the image holds either secret (the significand: its low 8 bytes). */
static int fpu_secret_in(const struct fpu_image *im)
{
	const uint64_t x87 = (uint64_t)FPU_SECRET << (64 - FPU_SECRET_BITS);
	for (unsigned i = 0; i < FPU_REGS; i++) {
		uint64_t m;
		memcpy(&m, im->st[i], sizeof m);
		if (m == x87 || m == MMX_SECRET) {
			printf("# fpu_victim: register %u at start holds another process's %s\n", i, m == x87 ? "x87 value" : "MMX value");
			return 4;
		}
	}
	return 0;
}

static int fpu_victim(unsigned long n)
{
	int bad = 0;
	uint16_t fcw;
	int32_t v = 0;
	struct fpu_image im;
	__asm__ volatile("fnsave %0" : "=m"(im));   /* the first x87 instruction: the state as this process got it */
	bad |= fpu_secret_in(&im);
	if ((im.cw & 0xFFFF) != FNINIT_CW || (im.sw & 0xFFFF) != 0 || (im.tw & 0xFFFF) != FNINIT_TW) {
		printf("# fpu_victim: at start control %x status %x tags %x, not FNINIT's %x 0 %x\n",
		       im.cw & 0xFFFF, im.sw & 0xFFFF, im.tw & 0xFFFF, FNINIT_CW, FNINIT_TW);
		bad |= 2;
	}
	static const uint16_t mine = 0x027F;
	static const int32_t own = FPU_OWN;
	__asm__ volatile("fninit\n\tfldcw %0\n\tfildl %1" : : "m"(mine), "m"(own));
	unsigned long changed = 0;
	for (unsigned long i = 0; i < n; i++) {
		sys_yield();
		__asm__ volatile("fnstcw %0\n\tfistl %1" : "=m"(fcw), "=m"(v));
		if (fcw != mine || v != FPU_OWN) {
			if (!changed)
				printf("# fpu_victim: after a yield control word %x, ST0 %ld (set %x, %d)\n", fcw, (long)v, mine, FPU_OWN);
			changed++;
			__asm__ volatile("fninit\n\tfldcw %0\n\tfildl %1" : : "m"(mine), "m"(own));
		}
	}
	if (changed) {
		printf("# fpu_victim: %lu of %lu yields came back with another process's x87 state\n", changed, n);
		bad |= 1;
	}
	return bad;
}

/*
 * The secrets in the FPU (x87 in ST0, MMX in MM3, so both are in the
 * registers at once), then: "exit" ends at once, still owning the FPU;
 * anything else spins until killed.
 */
static int fpu_secret(void)
{
	static const int32_t x87 = FPU_SECRET;
	static const uint64_t mmx = MMX_SECRET;
	static const uint16_t cw = 0x0C7F;
	__asm__ volatile("fninit\n\tfldcw %0\n\tmovq %2, %%mm3\n\tfildl %1" : : "m"(cw), "m"(x87), "m"(mmx));
	if (arg && !strcmp(arg, "exit"))
		return 0;
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static int c_fpu_victim(void) { return fpu_victim(arg_num(2000)); }

/*
 * spawn of bad_phnum (16384 one-byte segments, 512 KiB of headers): refused
 * with -ENOEXEC, and quickly. Timed by the TSC, calibrated against uptime
 * while sleeping (a stall with interrupts off would stop uptime, not the TSC).
 */
static int spawn_absurd_elf(void)
{
	unsigned long u0 = sys_uptime_ms(), t0 = tsc_lo();
	sys_sleep_ms(100);
	unsigned long per_ms = (tsc_lo() - t0) / (sys_uptime_ms() - u0 ? sys_uptime_ms() - u0 : 1);
	unsigned long t1 = tsc_lo();
	long r = sys_spawn("bad_phnum", NULL, NULL);
	unsigned long ms = (tsc_lo() - t1) / (per_ms ? per_ms : 1);
	printf("# spawn_absurd_elf: spawn(bad_phnum) = %ld after %lu ms\n", r, ms);
	if (r != -ENOEXEC)
		return 1;
	return ms < 50 ? 0 : 2;
}

/*
 * The TSC rate, measured against uptime while sleeping: the kernel does no
 * long work meanwhile, so no tick is lost and uptime is right.
 */
static unsigned long tsc_per_ms(void)
{
	unsigned long u0 = sys_uptime_ms(), t0 = tsc_lo();
	sys_sleep_ms(1000);
	unsigned long u1 = sys_uptime_ms(), t1 = tsc_lo();
	unsigned long per_ms = (t1 - t0) / (u1 - u0 ? u1 - u0 : 1);
	return per_ms ? per_ms : 1;
}

/* A clock reading: uptime and the TSC at (about) the same moment. */
struct clocks { unsigned long up, tsc; };
static struct clocks clocks_now(void) { return (struct clocks){ sys_uptime_ms(), tsc_lo() }; }

/*
 * Uptime against the TSC from a to b, printed as "WHAT took N ms by the TSC,
 * M ms by uptime": 0 if they agree within two ticks (one for the tick
 * itself, one for the calibration), 2 if it was too short to tell, 3 if
 * ticks were lost (interrupts were off across the work).
 */
static int ticks_agree(const char *name, const char *what, struct clocks a, struct clocks b, unsigned long per_ms)
{
	unsigned long tsc_ms = (b.tsc - a.tsc) / per_ms, up_ms = b.up - a.up;
	long diff = (long)tsc_ms - (long)up_ms;
	int r = tsc_ms < 5 * MS_PER_TICK ? 2 : diff <= 2 * MS_PER_TICK && diff >= -2 * MS_PER_TICK ? 0 : 3;
	static const char *const verdict[] = { "they agree", "?", "too short to tell", "ticks lost" };
	printf("# %s: %s took %lu ms by the TSC, %lu ms by uptime (%lu TSC/ms): %s\n", name, what, tsc_ms, up_ms,
	       per_ms, verdict[r]);
	return r;
}

/*
 * load_ticks: spawn bigimage, let it touch all of its 12 MiB bss (3072 pages
 * mapped and zeroed, one demand fault each) and wait for it, and compare the
 * uptime clock with the TSC across it all. Had the kernel made those pages
 * with interrupts off (as the loader once zeroed them at spawn) the ticks of
 * that time were lost; uptime must agree with the TSC within a tick (and a
 * little for the calibration). The TSC rate is measured against uptime while
 * sleeping. Bochs only: QEMU's timer runs late on a busy host.
 */
static int load_ticks(void)
{
	unsigned long per_ms = tsc_per_ms();
	const char *argv[] = { "bigimage", NULL };
	struct clocks a = clocks_now();
	long pid = sys_spawn("bigimage", argv, NULL);
	int st = -1;
	if (is_err(pid) || sys_wait((int)pid, &st, 0) != pid || st != 0) {
		printf("# load_ticks: spawn %ld, status %x\n", pid, st);
		return 1;
	}
	struct clocks b = clocks_now();
	return ticks_agree("load_ticks", "spawn, run and wait of bigimage", a, b, per_ms);
}

#define LONG_COPY_BYTES (8u << 20)     /* one copyin/copyout call: about 50 ms of Bochs */
#define LONG_SBRK_BYTES (16u << 20)    /* 4096 pages made at first touch: about 100 ms of Bochs */
#define LONG_WORK_MS    500            /* each kind of work repeated for this long (by the TSC) */
#define LONG_WRITE_LINES 4096          /* one write of this many newlines: each scrolls the VGA screen */
#define LONG_INPUT_MAX  128

/*
 * long_ticks: long kernel work of each kind, uptime against the TSC across
 * each as load_ticks does. An sbrk of LONG_SBRK_BYTES and a first touch of
 * every page (the kernel makes and zeroes each on its demand fault), then one console write of LONG_WRITE_LINES newlines (the copy
 * into COM1's queue and a screen scroll per byte: about 800 ms of Bochs in
 * one call); the prompt just before it asks for a line of
 * input (test/suite_robust.py types it when it sees the prompt, longer than
 * the UART's FIFO), so the line comes in while the kernel works, and must
 * arrive whole. Then copyin and copyout of LONG_COPY_BYTES per call (the
 * kernel copies in chunks), each repeated for LONG_WORK_MS. Exit 0, or 1 (a
 * call failed), 2/3 (see ticks_agree) + 10 * the step (0 the write, 1
 * copyin, 2 copyout, 3 sbrk), 4 (no input).
 */
static int long_ticks(void)
{
	unsigned long per_ms = tsc_per_ms();
	struct clocks a = clocks_now();
	char *buf = sbrk(LONG_SBRK_BYTES);
	if (buf == (char *)-1)
		return 1;
	memset(buf, 0, LONG_SBRK_BYTES);   /* the pages are made at their first touch, one fault each */
	struct clocks b = clocks_now();
	int bad = ticks_agree("long_ticks", "an sbrk of 16 MiB and its first touch", a, b, per_ms);
	if (bad)
		bad += 30;
	memset(buf, 'x', LONG_COPY_BYTES);
	printf("# long_ticks: type a line now\n");
	memset(buf, '\n', LONG_WRITE_LINES);
	a = clocks_now();
	long w = sys_write(STDOUT_FD, buf, LONG_WRITE_LINES);
	b = clocks_now();
	if (w != LONG_WRITE_LINES) {
		printf("# long_ticks: write = %ld\n", w);
		return 1;
	}
	int r = ticks_agree("long_ticks", "a console write of 4096 newlines", a, b, per_ms);
	if (r && !bad)
		bad = r;
	char line[LONG_INPUT_MAX];
	unsigned n = 0;
	long first = -1;
	while (n < sizeof line - 1) {
		long got = sys_read(STDIN_FD, line + n, sizeof line - 1 - n);
		if (got <= 0)
			break;
		if (first < 0)
			first = got;
		n += (unsigned)got;
		if (line[n - 1] == '\n')
			break;
	}
	line[n && line[n - 1] == '\n' ? n - 1 : n] = '\0';
	printf("# long_ticks: input \"%s\" (%ld bytes were queued at the first read)\n", line, first);
	bool got_line = n > 0;

	static const struct { const char *what; bool out; } copies[] = { { "copyin", false }, { "copyout", true } };
	for (unsigned k = 0; k < sizeof copies / sizeof copies[0]; k++) {
		a = clocks_now();
		unsigned calls = 0;
		do {
			long got = copies[k].out ? sys_copyout(buf, LONG_COPY_BYTES) : sys_copyin(buf, LONG_COPY_BYTES);
			if (got != (long)LONG_COPY_BYTES) {
				printf("# long_ticks: %s(%u bytes) = %ld\n", copies[k].what, LONG_COPY_BYTES, got);
				return 1;
			}
			calls++;
		} while ((tsc_lo() - a.tsc) / per_ms < LONG_WORK_MS);
		char what[64];
		snprintf(what, sizeof what, "%u %s calls of %u KiB", calls, copies[k].what, LONG_COPY_BYTES >> 10);
		r = ticks_agree("long_ticks", what, a, clocks_now(), per_ms);
		if (r && !bad)
			bad = r + 10 * (int)(k + 1);
	}
	return bad ? bad : got_line ? 0 : 4;
}

/* ---- long kernel work gives the CPU up (arch/long_work.h) -------------------- */

#define BIG_WRITE_KIB    1024      /* one console write: 7-9 s of QEMU's VGA drawing */
#define BIG_LINE         64        /* the stream's lines: "W%07u " and a pattern, then '\n' */
#define SLEEPER_MS       100       /* the sibling's sleep */
#define SLEEPER_LATE_MAX (3 * MS_PER_TICK)
#define LONG_COPY_CALL   (16u << 20)   /* one copyin call: about 85 ms of Bochs */
#define COPY_SLEEPER_MS  30

/*
 * Line i of the big write's stream: "W" and i in 7 digits, a space, 55
 * characters of a pattern that shifts with i, a newline (test/suite_long_work.py
 * makes the same).
 */
static void stream_line(unsigned i, char *out)
{
	snprintf(out, 10, "W%07u ", i);
	for (unsigned k = 9; k < BIG_LINE - 1; k++)
		out[k] = (char)('a' + (i + k) % 26);
	out[BIG_LINE - 1] = '\n';
}

/*
 * sleeper MS: sleep MS, then say (in one short write, which nothing splits)
 * how late it woke by uptime; exit 0 if within three ticks.
 */
static int c_sleeper(void)
{
	unsigned long ms = arg_num(SLEEPER_MS), t0 = sys_uptime_ms();
	sys_sleep_ms(ms);
	unsigned long late = sys_uptime_ms() - t0 - ms;
	printf("<sleeper woke %lu ms late>", late);
	return late <= SLEEPER_LATE_MAX ? 0 : 1;
}

/* A sibling sleeping ms, already asleep when this returns its pid. */
static long spawn_sleeper(unsigned ms)
{
	char arg_ms[12];
	snprintf(arg_ms, sizeof arg_ms, "%u", ms);
	const char *argv[] = { "hostilecase", "sleeper", arg_ms, NULL };
	long pid = sys_spawn("hostilecase", argv, NULL);
	sys_sleep_ms(MS_PER_TICK);   /* it starts and goes to sleep */
	return pid;
}

/*
 * big_write [KiB]: one console write of the stream (KiB KiB, default 1 MiB),
 * then "# big_write: wrote N of M bytes". Exit 0 if all went, 1 if not.
 */
static int big_write(void)
{
	unsigned bytes = (unsigned)arg_num(BIG_WRITE_KIB) << 10;
	char *buf = sbrk(bytes);
	if (buf == (char *)-1)
		return 1;
	for (unsigned i = 0; i < bytes / BIG_LINE; i++)
		stream_line(i, buf + i * BIG_LINE);
	long n = sys_write(STDOUT_FD, buf, bytes);
	printf("# big_write: wrote %ld of %u bytes\n", n, bytes);
	return n == (long)bytes ? 0 : 1;
}

/*
 * big_write_sibling [KiB]: big_write while a sibling sleeps SLEEPER_MS; the
 * sibling must wake within three ticks of its time, in the middle of the
 * write. Exit 0, 1 (the write), 2 (no sibling), 3 (it woke late).
 */
static int big_write_sibling(void)
{
	long pid = spawn_sleeper(SLEEPER_MS);
	if (is_err(pid))
		return 2;
	int r = big_write(), st = -1;
	if (sys_wait((int)pid, &st, 0) != pid)
		return 2;
	return r ? r : st ? 3 : 0;
}

/*
 * copy_sibling: one copyin of LONG_COPY_CALL (make bench's kernel; a long
 * copy that does not touch the UART, about 85 ms of Bochs) while a sibling
 * sleeps COPY_SLEEPER_MS, its time well inside the copy: it must wake within
 * three ticks of its time. Exit 0, 1 (the copy failed), 2 (no sibling), 3
 * (it woke late).
 */
static int copy_sibling(void)
{
	char *buf = sbrk(LONG_COPY_CALL);
	if (buf == (char *)-1)
		return 1;
	memset(buf, 'x', LONG_COPY_CALL);   /* made now: the copy is only the copy */
	long pid = spawn_sleeper(COPY_SLEEPER_MS);
	if (is_err(pid))
		return 2;
	long got = sys_copyin(buf, LONG_COPY_CALL);
	int st = -1;
	if (sys_wait((int)pid, &st, 0) != pid)
		return 2;
	printf("\n# copy_sibling: copyin = %ld\n", got);
	return got != (long)LONG_COPY_CALL ? 1 : st ? 3 : 0;
}

/*
 * read_file PATH: open PATH and read all of it in one call (the kernel copies
 * it to the user in one long copy); "# read_file: N bytes". Exit 0, 1.
 */
static int c_read_file(void)
{
	struct pf_stat st;
	if (!arg || sys_stat(arg, &st) || st.type != PF_TYPE_FILE)
		return 1;
	char *buf = sbrk(st.size);
	long fd = sys_open(arg, O_RDONLY, 0);
	if (buf == (char *)-1 || is_err(fd))
		return 1;
	long n = sys_read((int)fd, buf, st.size);
	printf("# read_file: %ld bytes\n", n);
	return n == (long)st.size ? 0 : 1;
}

/* ---- one entry of hostile_entries.h with one flag set ------------------------------ */

static volatile int entry_signals;
static void entry_signal(int sig) { (void)sig; entry_signals++; }

/*
 * With `signal`: a handled SIGUSR1 is pending and unblocked as the entry is
 * made, so it is pending on whichever return path the entry takes (a lean
 * gate return leaves it; a tick, a fault or a full-frame gate delivers it),
 * and it must have run within a few ticks after.
 */
static void make_signal_pending(void)
{
	unsigned long usr1 = SIGMASK(SIGUSR1);
	signal(SIGUSR1, entry_signal);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);   /* a lean gate: it stays pending for the next door */
}

/*
 * entry NAME SET [N [signal]]: enter the kernel as entry NAME does, with flag
 * set SET. Killed (the judge checks the reason), or back: exit 0 when the
 * result and EFLAGS are what docs/design.md promises, 10 for a wrong result,
 * 11 for wrong flags, 12 if the pending signal's handler did not run.
 */
static int c_entry(void)
{
	const struct hx_entry *e = arg ? hx_entry_named(arg) : NULL;
	const struct hx_flagset *s = case_argc > 3 ? hx_flagset_named(case_argv[3]) : NULL;
	if (!e || !s) {
		dprintf(STDERR_FD, "usage: hostilecase entry NAME SET [N]\n");
		return 2;
	}
	uint32_t n = case_argc > 4 ? (uint32_t)atol(case_argv[4]) : 0;
	bool with_signal = case_argc > 5 && !strcmp(case_argv[5], "signal");
	if (with_signal)
		make_signal_pending();
	hx_entry_set = s->set | e->extra;
	hx_entry_clear = s->clear;
	uint32_t r = e->act(n);
	uint32_t seen = hx_entry_seen;
	hx_entry_set = hx_entry_clear = 0;
	if ((e->result == HX_R_PID && (long)r != sys_getpid()) || (e->result == HX_R_ENOSYS && (long)r != -ENOSYS)) {
		printf("# entry %s %s: result %ld\n", e->name, s->name, (long)r);
		return 10;
	}
	uint32_t kept = hx_kept_flags(e->kind);
	bool ok = (seen & HX_FL_IF) && !(seen & (HX_FL_IOPL | HX_FL_VM | HX_FL_TF)) &&
		  !((seen ^ s->set) & kept) && !(seen & HX_USER_FLAGS & ~kept);
	if (!ok) {
		printf("# entry %s %s: eflags %08lx after the return (set %08lx, kept %08lx)\n", e->name, s->name,
		       (unsigned long)seen, (unsigned long)s->set, (unsigned long)kept);
		return 11;
	}
	if (with_signal) {
		unsigned long end = sys_uptime_ms() + 2000;   /* a tick is 10 ms; a loaded host may starve a few */
		while (!entry_signals && sys_uptime_ms() < end)
			;
		if (entry_signals != 1) {
			printf("# entry %s %s: the pending signal ran %d times\n", e->name, s->name, entry_signals);
			return 12;
		}
	}
	return 0;
}

/* ---- dispatch -------------------------------------------------------------------- */

struct hcase {
	const char *name;
	void (*act)(void);      /* must not return */
	int (*check)(void);     /* returns the exit status */
};

static int c_spin(void) { return spin_ms(arg_num(300)); }
static int c_sleep(void) { return (int)sys_sleep_ms(arg_num(0xFFFFFFFFul)); }
static int c_exit(void) { return (int)arg_num(0); }
static int c_tree(void) { return tree(arg_num(10)); }
static int c_bomb(void) { return bomb(arg_num(6)); }
static int c_exhaust(void) { return exhaust(); }
static int c_flags_victim(void) { return flags_victim(arg_num(2000)); }
static int c_fsgs_victim(void) { return fsgs_victim(arg_num(2000)); }
static int c_regloop_gate(void) { return regloop(arg_num(20000), HX_GATE); }
static int c_regloop_int80(void) { return regloop(arg_num(20000), HX_INT80); }
static int c_regloop_sysenter(void) { return regloop(arg_num(20000), HX_SYSENTER); }
static int c_regloop_lcall(void) { return regloop(arg_num(20000), HX_LCALL); }
static int c_int80_bad_ebx(void) { return bad_ebx(HX_INT80); }
static int c_sysenter_bad_ebx(void) { return bad_ebx(HX_SYSENTER); }
static int __attribute__((noreturn)) c_nop_loop(void) { for (;;) sys_nop(); }
static int __attribute__((noreturn)) c_yield_loop(void) { for (;;) sys_yield(); }
static int c_read_stdin(void) { char b[8]; return (int)sys_read(STDIN_FD, b, sizeof b); }
static int c_wait_child(void)
{
	const char *argv[] = { "hostilecase", "sleep", "300", NULL };
	long pid = sys_spawn("hostilecase", argv, NULL);
	int st;
	return is_err(pid) ? 1 : (int)sys_wait((int)pid, &st, 0);
}
/* spawn_self: spawn `hostilecase exit 0` (an image of several pages) and wait; exit 0 if it exited 0. */
static int c_spawn_self(void)
{
	const char *argv[] = { "hostilecase", "exit", "0", NULL };
	long pid = sys_spawn("hostilecase", argv, NULL);
	int st = -1;
	return is_err(pid) || sys_wait((int)pid, &st, 0) != pid || st != 0 ? 1 : 0;
}
/* kill PID: exit status is -result (0, EPERM, ESRCH ...). */
static int c_kill(void) { return (int)-sys_kill((int)atol(arg ? arg : "0")); }
static int c_getppid(void) { return (int)sys_getppid(); }
static int c_door_exit(unsigned door) { hx_door_call(door, GATE_NR_exit, arg_num(7), 0, 0); return 3; }
static int c_int80_exit(void) { return c_door_exit(HX_INT80); }
static int c_sysenter_exit(void) { return c_door_exit(HX_SYSENTER); }
static int c_lcall_exit(void) { return c_door_exit(HX_LCALL); }
static int c_sleep_lcall(void) { return (int)hx_door_call(HX_LCALL, GATE_NR_sleep_ms, 0xFFFFFFFFu, 0, 0); }
static int c_sleep_sysenter(void) { return (int)hx_door_call(HX_SYSENTER, GATE_NR_sleep_ms, 0xFFFFFFFFu, 0, 0); }

/* The crash candidates: TF and NT through the doors that do not clear them. */
static int c_tf_sysenter(void) { return tf_door(HX_SYSENTER); }
static int c_tf_lcall(void) { return tf_door(HX_LCALL); }
static int c_tf_int80(void) { return tf_door(HX_INT80); }
static int c_nt_lcall_yield(void) { spawn_busy_sibling(); return flag_door_loop(HX_LCALL, GATE_NR_yield, HX_FL_NT, 50); }
static int c_nt_sysenter_yield(void) { spawn_busy_sibling(); return flag_door_loop(HX_SYSENTER, GATE_NR_yield, HX_FL_NT, 50); }
static int c_nt_int80_yield(void) { spawn_busy_sibling(); return flag_door_loop(HX_INT80, GATE_NR_yield, HX_FL_NT, 50); }
static int c_nt_gate_yield(void) { spawn_busy_sibling(); return flag_door_loop(HX_GATE, GATE_NR_yield, HX_FL_NT, 50); }
static int c_ac_lcall_yield(void) { spawn_busy_sibling(); return flag_door_loop(HX_LCALL, GATE_NR_yield, HX_FL_AC | HX_FL_DF, 50); }

static const struct hcase cases[] = {
	/* killed */
	{ "tf_popf_gate", tf_popf_gate, NULL },
	{ "tf_iret_gate", tf_iret_gate, NULL },
	{ "icebp", icebp, NULL },
	{ "int3", int3, NULL },
	{ "into", into, NULL },
	{ "bound", bound, NULL },
	{ "iret_nt", iret_nt, NULL },
	{ "esp_straddle_stack_top", esp_straddle_stack_top, NULL },
	{ "esp_straddle_heap_end", esp_straddle_heap_end, NULL },
	{ "esp_kernel_minus4", esp_kernel_minus4, NULL },
	{ "esp_guard_below_stack", esp_guard_below_stack, NULL },
	{ "lcall_past_table", lcall_past_table, NULL },
	{ "lcall_far_past_table", lcall_far_past_table, NULL },
	{ "lcall_entry6", lcall_entry6, NULL },
	{ "lcall_tss", lcall_tss, NULL },
	{ "lcall_kcode", lcall_kcode, NULL },
	{ "lcall_kdata", lcall_kdata, NULL },
	{ "lcall_ldt", lcall_ldt, NULL },
	{ "lcall_ldt_top", lcall_ldt_top, NULL },
	{ "ljmp_callgate", ljmp_callgate, NULL },
	{ "sysenter_edi_kernel", sysenter_edi_kernel, NULL },
	{ "sysenter_edi_null", sysenter_edi_null, NULL },
	{ "sysenter_edi_gate_plus1", sysenter_edi_gate_plus1, NULL },
	{ "sysenter_edi_gate_ebp_kernel", sysenter_edi_gate_ebp_kernel, NULL },
	{ "sysenter_ebp_kernel", sysenter_ebp_kernel, NULL },
	/* survive */
	{ "esp_readonly", NULL, esp_readonly },
	{ "esp_misaligned", NULL, esp_misaligned },
	{ "esp_stack_top", NULL, esp_stack_top },
	{ "esp_stack_bottom", NULL, esp_stack_bottom },
	{ "gate_via_ret", NULL, gate_via_ret },
	{ "lcall_unbound", NULL, lcall_unbound },
	{ "lcall_rpl0", NULL, lcall_rpl0 },
	{ "int80_bad_ebx", NULL, c_int80_bad_ebx },
	{ "sysenter_bad_ebx", NULL, c_sysenter_bad_ebx },
	{ "sysenter_edi_gate", NULL, sysenter_edi_gate },
	{ "int80_exit", NULL, c_int80_exit },
	{ "lcall_esp_kernel", NULL, c_lcall_esp_kernel },
	{ "int80_esp_kernel", NULL, c_int80_esp_kernel },
	{ "sbrk_huge", NULL, sbrk_huge },
	{ "no_gates", NULL, c_no_gates },
	{ "doors_getpid_withheld", NULL, doors_getpid_withheld },
	{ "sandbox_doors", NULL, sandbox_doors },
	{ "sleep_lcall", NULL, c_sleep_lcall },
	{ "sleep_sysenter", NULL, c_sleep_sysenter },
	{ "sysenter_exit", NULL, c_sysenter_exit },
	{ "lcall_exit", NULL, c_lcall_exit },
	/* process helpers */
	{ "spin_ms", NULL, c_spin },
	{ "sleep", NULL, c_sleep },
	{ "exit", NULL, c_exit },
	{ "tree", NULL, c_tree },
	{ "bomb", NULL, c_bomb },
	{ "exhaust", NULL, c_exhaust },
	{ "flags_victim", NULL, c_flags_victim },
	{ "fsgs_victim", NULL, c_fsgs_victim },
	{ "fpu_victim", NULL, c_fpu_victim },
	{ "fpu_secret", NULL, fpu_secret },
	{ "regloop_gate", NULL, c_regloop_gate },
	{ "regloop_int80", NULL, c_regloop_int80 },
	{ "regloop_sysenter", NULL, c_regloop_sysenter },
	{ "regloop_lcall", NULL, c_regloop_lcall },
	{ "nop_loop", NULL, c_nop_loop },
	{ "yield_loop", NULL, c_yield_loop },
	{ "read_stdin", NULL, c_read_stdin },
	{ "wait_child", NULL, c_wait_child },
	{ "spawn_self", NULL, c_spawn_self },
	{ "kill", NULL, c_kill },
	{ "getppid", NULL, c_getppid },
	{ "entry", NULL, c_entry },
	{ "spawn_absurd_elf", NULL, spawn_absurd_elf },
	{ "load_ticks", NULL, load_ticks },
	{ "long_ticks", NULL, long_ticks },
	{ "sleeper", NULL, c_sleeper },
	{ "big_write", NULL, big_write },
	{ "big_write_sibling", NULL, big_write_sibling },
	{ "copy_sibling", NULL, copy_sibling },
	{ "read_file", NULL, c_read_file },
	/* may crash the kernel: booted alone by the suite */
	{ "tf_sysenter", NULL, c_tf_sysenter },
	{ "tf_lcall", NULL, c_tf_lcall },
	{ "tf_int80", NULL, c_tf_int80 },
	{ "nt_lcall_yield", NULL, c_nt_lcall_yield },
	{ "nt_sysenter_yield", NULL, c_nt_sysenter_yield },
	{ "nt_int80_yield", NULL, c_nt_int80_yield },
	{ "nt_gate_yield", NULL, c_nt_gate_yield },
	{ "ac_lcall_yield", NULL, c_ac_lcall_yield },
};

/* The cases, from the one table above. */
static void usage(void)
{
	case_usage("usage: hostilecase CASE [ARG]", cases, CASE_COUNT(cases), sizeof cases[0]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return 2;
	}
	arg = argc > 2 ? argv[2] : NULL;
	case_argc = argc;
	case_argv = argv;
	const struct hcase *c = case_find(cases, CASE_COUNT(cases), sizeof cases[0], argv[1]);
	if (c && c->act) {
		c->act();
		dprintf(STDERR_FD, "hostilecase %s: survived\n", argv[1]);
		return 3;
	}
	if (c)
		return c->check();
	dprintf(STDERR_FD, "hostilecase: unknown case %s\n", argv[1]);
	usage();
	return 2;
}
