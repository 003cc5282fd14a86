/*
 * Every way ring 3 can reach ring 0, against every EFLAGS bit a user can set
 * (or try to): the table of `hostile entries` (the judge, hostile.c) and
 * `hostilecase entry NAME SET [N]` (the act, hostilecase.c), which both
 * include it. docs/design.md "EFLAGS across the kernel boundary" is the
 * promise the table checks.
 *
 * Each act sets the flags with an `iret` that lands on the entry instruction
 * itself (iret is the one way to set RF, and it puts TF exactly on the entry:
 * the single-step trap comes after that instruction), enters, and on a
 * normal return records EFLAGS first thing (hx_entry_seen), then clears what
 * the act set. The kernel either returns with the promised flags, or kills
 * the act with a report and a known reason; the judge checks which, for
 * every pair, and that the kernel is alive after each.
 */
#ifndef HOSTILE_ENTRIES_H
#define HOSTILE_ENTRIES_H

#include "ulib.h"
#include "hostile_doors.h"

#define HX_FL_IF   0x00000200u
#define HX_FL_OF   0x00000800u
#define HX_FL_IOPL 0x00003000u
#define HX_FL_RF   0x00010000u
#define HX_FL_VM   0x00020000u

/* ---- the flag sets: EFLAGS image = (pushf & ~clear) | set ------------------------- */

struct hx_flagset { const char *name; uint32_t set, clear; };

#define HX_ALL_SET (HX_FL_TF | HX_FL_NT | HX_FL_AC | HX_FL_DF | HX_FL_ID | HX_FL_RF | HX_FL_IOPL | HX_FL_VM)
static const struct hx_flagset hx_flagsets[] = {
	{ "none", 0, 0 },
	{ "tf", HX_FL_TF, 0 },
	{ "nt", HX_FL_NT, 0 },
	{ "ac", HX_FL_AC, 0 },
	{ "df", HX_FL_DF, 0 },
	{ "id", HX_FL_ID, 0 },
	{ "rf", HX_FL_RF, 0 },
	{ "iopl", HX_FL_IOPL, 0 },        /* attempts: ring 3 cannot change IOPL, VM or IF */
	{ "vm", HX_FL_VM, 0 },
	{ "if0", 0, HX_FL_IF },
	{ "all", HX_ALL_SET, HX_FL_IF },
	{ "nt+tf", HX_FL_NT | HX_FL_TF, 0 },
	{ "ac+tf", HX_FL_AC | HX_FL_TF, 0 },
	{ "df+tf", HX_FL_DF | HX_FL_TF, 0 },
	{ "id+tf", HX_FL_ID | HX_FL_TF, 0 },
	{ "rf+tf", HX_FL_RF | HX_FL_TF, 0 },
	{ "iopl+tf", HX_FL_IOPL | HX_FL_TF, 0 },
	{ "vm+tf", HX_FL_VM | HX_FL_TF, 0 },
	{ "if0+tf", HX_FL_TF, HX_FL_IF },
};
#define HX_FLAGSETS (sizeof hx_flagsets / sizeof hx_flagsets[0])

/* ---- what the promise is on a normal return ------------------------------------- */

/*
 * The flags a normal return keeps as the caller set them: DF, AC, ID, NT for
 * the gate, int 0x80, sysenter and the CPU's own same-ring transfers; a call
 * gate returns by lret, which restores no flags, so DF is the kernel's (0)
 * there. Every return has IF = 1, IOPL = 0, VM = 0, and TF = 0 (where TF
 * survives the return, the trap comes at once and kills: see the table).
 */
enum hx_kind { HX_K_KEEP, HX_K_LCALL };
#define HX_USER_FLAGS (HX_FL_DF | HX_FL_AC | HX_FL_ID | HX_FL_NT)
static inline uint32_t hx_kept_flags(enum hx_kind k) { return k == HX_K_LCALL ? HX_USER_FLAGS & ~HX_FL_DF : HX_USER_FLAGS; }

enum hx_result { HX_R_ANY, HX_R_PID, HX_R_ENOSYS };

/* Outcomes: HX_RET (a normal return, judged by the promise) or a kill reason. */
#define HX_RET  0
#define HX_SAME (-1)   /* nt column: NT changes nothing here */
#define HX_P   KILL_PROTECTION
#define HX_PF  KILL_PAGE_FAULT
#define HX_DB  KILL_OTHER_FAULT   /* #DB in user mode */
#define HX_TS  KILL_OTHER_FAULT   /* #TS: iret with NT = 1 is a task return */
#define HX_AR  KILL_ARITHMETIC
#define HX_ILL KILL_ILLEGAL
#define HX_BP  KILL_BREAKPOINT   /* int3: a #GP naming vector 3, SIGTRAP as Linux's int3 */

struct hx_outcome { signed char base, tf, nt; };   /* NT first, then TF, then base */

struct hx_entry {
	const char *name;
	uint32_t (*act)(uint32_t n);
	enum hx_kind kind;
	enum hx_result result;
	uint32_t extra;                /* flags this act always sets (OF for into) */
	unsigned nparams;              /* > 0: act(n) for n < nparams (int n) */
	struct hx_outcome closed, open;  /* doors closed (the default boot), open (`doors`) */
	signed char vm86;              /* with VM set, where ring 3 can enter VM86 (QEMU): 0 = HX_P */
	signed char alt;               /* another outcome an emulator is known to give: 0 = none */
};

/* ---- the acts -------------------------------------------------------------------- */

/* Globals, so the asm needs no register and no stack-relative operand. */
__asm__(".data\n.align 4\n"
	".globl hx_entry_set, hx_entry_clear, hx_entry_seen, hx_efar\n"
	"hx_entry_set: .long 0\nhx_entry_clear: .long 0\nhx_entry_seen: .long 0\n"
	"hx_efar: .long 0, 0\n"
	".text\n");
extern uint32_t hx_entry_set, hx_entry_clear, hx_entry_seen, hx_efar[2];

/* Push the current EFLAGS with the chosen flags: the act's clear set off, its set on (ESI is scratch). */
#define HX_PUSH_FLAGS \
	"pushf\n\t" \
	"push hx_entry_clear\n\tnotl (%%esp)\n\tpop %%esi\n\tandl %%esi, (%%esp)\n\t" \
	"push hx_entry_set\n\tpop %%esi\n\torl %%esi, (%%esp)\n\t"
/* iret to TARGET (an asm operand text) with the chosen flags. */
#define HX_ENTER_TO(target) \
	HX_PUSH_FLAGS \
	"push %%cs\n\tpush " target "\n\tiret\n"
/* The first instruction after a normal return: record EFLAGS, then clear what the act set. */
#define HX_BACK \
	"pushf\n\tpopl hx_entry_seen\n\t" \
	"pushf\n\tandl $~0x244500, (%%esp)\n\tpopf\n\t"
#define HX_CLOBBER "ecx", "edx", "esi", "memory", "cc"

/* A one-instruction act: INSN (asm text, may use %c[a] for A) at label 1, with EAX = EDX = ECX = 0. */
#define HX_ACT_INSN_A(fn, insn, addr) \
	static uint32_t fn(uint32_t n) \
	{ \
		uint32_t r; \
		(void)n; \
		__asm__ volatile("xor %%eax, %%eax\n\txor %%edx, %%edx\n\txor %%ecx, %%ecx\n\t" \
				 HX_ENTER_TO("$1f") "1:\t" insn "\n\t" HX_BACK \
				 : "=&a"(r) : [a] "i"(addr) : HX_CLOBBER); \
		return r; \
	}
#define HX_ACT_INSN(fn, insn) HX_ACT_INSN_A(fn, insn, 0)

/* An act that lands by iret on ADDR (a fetch there), with a return address pushed for a gate. */
#define HX_ACT_LAND(fn, addr) \
	static uint32_t fn(uint32_t n) \
	{ \
		uint32_t r; \
		(void)n; \
		__asm__ volatile("push $2f\n\t" HX_ENTER_TO("%[t]") "2:\t" HX_BACK \
				 : "=a"(r) : [t] "i"(addr) : HX_CLOBBER); \
		return r; \
	}

static uint32_t hx_a_gate_call(uint32_t n)
{
	uint32_t r;
	(void)n;
	__asm__ volatile(HX_ENTER_TO("$1f") "1:\tcall sys_getpid\n\t" HX_BACK : "=a"(r) : : HX_CLOBBER);
	return r;
}
HX_ACT_LAND(hx_a_gate_land, GATE_ADDR(GATE_NR_getpid))
HX_ACT_LAND(hx_a_gate_unbound, GATE_ADDR(GATE_COUNT - 1))
HX_ACT_LAND(hx_a_gate_misaligned, GATE_ADDR(GATE_NR_getpid) + 1)
HX_ACT_LAND(hx_a_gate_last_byte, GATE_ADDR(GATE_COUNT) - 1)
HX_ACT_LAND(hx_a_fetch_kernel, KERNEL_BASE + 0x100000)
HX_ACT_LAND(hx_a_fetch_null, 0)
HX_ACT_LAND(hx_a_fetch_unmapped, 0x20000000)
HX_ACT_LAND(hx_a_fetch_stack_guard, USER_STACK_TOP)

/* A gate entered with ESP = USER_STACK_TOP: its return address is in the guard page. */
static uint32_t hx_a_gate_bad_stack(uint32_t n)
{
	uint32_t r;
	(void)n;
	__asm__ volatile("mov %[top], %%esp\n\t" HX_ENTER_TO("%[t]")
			 : "=a"(r) : [t] "i"(GATE_ADDR(GATE_NR_getpid)), [top] "i"(USER_STACK_TOP) : HX_CLOBBER);
	return r;   /* never: the act is killed */
}

HX_ACT_INSN_A(hx_a_gate_data, "mov %c[a], %%eax", GATE_ADDR(GATE_NR_getpid))
HX_ACT_INSN_A(hx_a_window_end, "mov %c[a], %%eax", GATE_BASE + GATE_WINDOW_SIZE - 4)
HX_ACT_INSN_A(hx_a_read_null, "mov %c[a], %%eax", 0)
HX_ACT_INSN_A(hx_a_read_kernel, "mov %c[a], %%eax", KERNEL_BASE)
HX_ACT_INSN_A(hx_a_write_kernel, "mov %%eax, %c[a]", KERNEL_BASE + 0x100000)
HX_ACT_INSN_A(hx_a_read_top, "mov %c[a], %%eax", 0xFFFFFFFCu)
HX_ACT_INSN_A(hx_a_read_unmapped, "mov %c[a], %%eax", 0x20000000)
/* the target aligned: a misaligned store with AC set may fault #AC before the #PF (the same priority class) */
HX_ACT_INSN(hx_a_write_text, "movl $0, hx_a_insn_target\n\t.p2align 2, 0x90\nhx_a_insn_target: nop")
HX_ACT_INSN_A(hx_a_read_stack_guard, "mov %c[a], %%eax", USER_STACK_TOP)
HX_ACT_INSN(hx_a_div0, "div %%ecx")
HX_ACT_INSN(hx_a_icebp, ".byte 0xf1")
HX_ACT_INSN(hx_a_int3, "int3")
HX_ACT_INSN(hx_a_into, "into")
HX_ACT_INSN(hx_a_bound, "bound %%eax, hx_bound_range\n\t.pushsection .rodata\n\t.align 8\n"
	    "hx_bound_range: .long 10, 20\n\t.popsection")
HX_ACT_INSN(hx_a_ud2, "ud2")
HX_ACT_INSN(hx_a_sse, "xorps %%xmm0, %%xmm0")
HX_ACT_INSN(hx_a_cli, "cli")
HX_ACT_INSN(hx_a_sti, "sti")
HX_ACT_INSN(hx_a_in, "inb $0x60, %%al")
HX_ACT_INSN(hx_a_out, "outb %%al, $0x80")
HX_ACT_INSN(hx_a_hlt, "hlt")
HX_ACT_INSN(hx_a_lgdt, "lgdt hx_efar")
HX_ACT_INSN(hx_a_mov_cr3, "mov %%cr3, %%eax")
HX_ACT_INSN(hx_a_rdmsr, "rdmsr")
/* DS = the kernel's data selector (RPL 3 on a DPL 0 segment): #GP. */
static uint32_t hx_a_ds_kernel(uint32_t n)
{
	uint32_t r;
	(void)n;
	__asm__ volatile(HX_ENTER_TO("$1f") "1:\tmov %%ebx, %%ds\n\t" HX_BACK : "=a"(r) : "b"(0x10 | 3) : HX_CLOBBER);
	return r;
}
HX_ACT_INSN(hx_a_ss_null, "mov %%ecx, %%ss")
HX_ACT_INSN(hx_a_ljmp_callgate, "ljmp *hx_efar")
HX_ACT_INSN(hx_a_lcall_far, "lcall *hx_efar")

/* An x87 divide by zero left pending, then `fwait`: #MF (CR0.NE). */
static uint32_t hx_a_fpu_mf(uint32_t n)
{
	static const uint16_t cw = 0x037B;   /* FNINIT's, with zero-divide unmasked */
	uint32_t r;
	(void)n;
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldz\n\tfdivrp\n\t"
			 HX_ENTER_TO("$1f") "1:\tfwait\n\t" HX_BACK
			 : "=a"(r) : [cw] "m"(cw) : HX_CLOBBER);
	return r;
}

/* sysenter with a return to label 2 (EBP = ESP, EDI = return address), gate number n_or_pid. */
static uint32_t hx_sysenter(uint32_t gate)
{
	uint32_t r;
	__asm__ volatile("push %%ebp\n\tpush %%edi\n\t"
			 "mov %%esp, %%ebp\n\tmov $2f, %%edi\n\t"
			 HX_ENTER_TO("$1f") "1:\tsysenter\n2:\t" HX_BACK
			 "pop %%edi\n\tpop %%ebp"
			 : "=a"(r) : "b"(gate), "0"(0) : HX_CLOBBER);
	return r;
}
static uint32_t hx_a_sysenter(uint32_t n) { (void)n; return hx_sysenter(GATE_NR_getpid); }
static uint32_t hx_a_sysenter_unbound(uint32_t n) { (void)n; return hx_sysenter(0xFFFFFFFFu); }

static uint32_t hx_int80(uint32_t gate)
{
	uint32_t r;
	__asm__ volatile(HX_ENTER_TO("$1f") "1:\tint $0x80\n\t" HX_BACK : "=a"(r) : "b"(gate), "0"(0) : HX_CLOBBER);
	return r;
}
static uint32_t hx_a_int80(uint32_t n) { (void)n; return hx_int80(GATE_NR_getpid); }
static uint32_t hx_a_int80_unbound(uint32_t n) { (void)n; return hx_int80(GATE_COUNT); }

/* `int n` for every n: 256 stubs of 8 bytes, each `int $n` then back. */
__asm__(".text\n.p2align 3\n.globl hx_intn_stubs\nhx_intn_stubs:\n"
	".set hx_n, 0\n"
	".rept 256\n\t.p2align 3\n\t.byte 0xCD, hx_n\n\tjmp hx_intn_back\n\t.set hx_n, hx_n + 1\n.endr\n");
extern const char hx_intn_stubs[];
static uint32_t hx_a_int_n(uint32_t n)
{
	uint32_t r;
	__asm__ volatile(HX_ENTER_TO("%[t]") "hx_intn_back:\n\t" HX_BACK
			 : "=a"(r) : [t] "r"(hx_intn_stubs + 8 * n), "b"(GATE_NR_getpid), "0"(0) : HX_CLOBBER);
	return r;
}

static uint32_t hx_lcall_sel(uint32_t sel)
{
	uint32_t r;
	hx_efar[0] = 0;
	hx_efar[1] = sel;
	__asm__ volatile(HX_ENTER_TO("$1f") "1:\tlcall *hx_efar\n\t" HX_BACK : "=a"(r) : "0"(0) : HX_CLOBBER);
	return r;
}
static uint32_t hx_a_lcall(uint32_t n) { (void)n; return hx_lcall_sel(HX_CALLGATE_SEL(GATE_NR_getpid)); }
static uint32_t hx_a_lcall_rpl0(uint32_t n) { (void)n; return hx_lcall_sel(HX_CALLGATE_SEL(GATE_NR_getpid) & ~3u); }
static uint32_t hx_a_lcall_unbound(uint32_t n) { (void)n; return hx_lcall_sel(HX_CALLGATE_SEL(GATE_COUNT - 1)); }
static uint32_t hx_a_lcall_kcode(uint32_t n) { (void)n; return hx_lcall_sel((1 << 3) | 3); }
static uint32_t hx_a_lcall_tss(uint32_t n) { (void)n; return hx_lcall_sel((5 << 3) | 3); }
static uint32_t hx_a_lcall_ldt(uint32_t n) { (void)n; return hx_lcall_sel(HX_CALLGATE_SEL(GATE_NR_getpid) | 4); }
static uint32_t hx_a_lcall_df_tss(uint32_t n) { (void)n; return hx_lcall_sel((7 << 3) | 3); }
static uint32_t hx_a_lcall_null(uint32_t n) { (void)n; return hx_lcall_sel(0); }
static uint32_t hx_a_ljmp_callgate_act(uint32_t n)
{
	(void)n;
	hx_efar[0] = 0;
	hx_efar[1] = HX_CALLGATE_SEL(GATE_NR_getpid);
	return hx_a_ljmp_callgate(0);
}
static uint32_t hx_a_ljmp_tss(uint32_t n)
{
	(void)n;
	hx_efar[0] = 0;
	hx_efar[1] = (5 << 3) | 3;
	return hx_a_ljmp_callgate(0);
}

/* A far call to our own code segment: legal, no kernel involved. */
__asm__(".text\nhx_lret: lret\n");
extern const char hx_lret[];
static uint32_t hx_a_lcall_self(uint32_t n)
{
	(void)n;
	hx_efar[0] = (uint32_t)(uintptr_t)hx_lret;
	hx_efar[1] = HX_UCODE;
	return hx_a_lcall_far(0);
}

/* iret (at label 1, itself entered with the flags) to CS:EIP (0: label 2) with an image of the act's flags | extra. */
__asm__(".data\n.align 4\nhx_iret_extra: .long 0\n.text\n");
extern uint32_t hx_iret_extra;
static uint32_t hx_iret_to(uint32_t cs, uint32_t eip, uint32_t extra)
{
	uint32_t r;
	hx_efar[0] = eip;
	hx_efar[1] = cs;
	hx_iret_extra = extra;
	__asm__ volatile("cmpl $0, hx_efar\n\tjne 3f\n\tmovl $2f, hx_efar\n"
			 "3:\t" HX_PUSH_FLAGS
			 "push hx_iret_extra\n\tpop %%esi\n\torl %%esi, (%%esp)\n\t"
			 "pushl hx_efar + 4\n\tpushl hx_efar\n\t"
			 HX_ENTER_TO("$1f") "1:\tiret\n2:\t" HX_BACK
			 : "=a"(r) : "0"(0) : HX_CLOBBER);
	return r;
}
static uint32_t hx_a_iret_flags(uint32_t n) { (void)n; return hx_iret_to(HX_UCODE, 0, HX_FL_IOPL); }
static uint32_t hx_a_iret_ring0(uint32_t n) { (void)n; return hx_iret_to(0x08, 0, 0); }
static uint32_t hx_a_iret_data_cs(uint32_t n) { (void)n; return hx_iret_to(HX_UDATA, 0, 0); }
/* VM86 at 0000:0000, were ring 3 allowed in (QEMU lets it: a fault there has CS = 0, "ring 0"). */
static uint32_t hx_a_iret_vm86(uint32_t n) { (void)n; return hx_iret_to(0, 0, HX_FL_VM); }
static uint32_t hx_a_iret_kernel_eip(uint32_t n) { (void)n; return hx_iret_to(HX_UCODE, KERNEL_BASE + 0x100000, 0); }

/* popf (itself entered with the flags) of an image with the flags, IOPL 3 and IF 0. */
static uint32_t hx_a_popf(uint32_t n)
{
	uint32_t r;
	(void)n;
	__asm__ volatile(HX_PUSH_FLAGS
			 "orl $0x3000, (%%esp)\n\tandl $~0x200, (%%esp)\n\t"
			 HX_ENTER_TO("$1f") "1:\tpopf\n\t" HX_BACK
			 : "=a"(r) : "0"(0) : HX_CLOBBER);
	return r;
}

/* ---- the table --------------------------------------------------------------------- */

#define HX_O(b, t, n) { (b), (t), (n) }
/* An entry whose outcome is the same with the doors open or closed. */
#define HX_E(name, act, kind, res, b, t, n) { name, act, kind, res, 0, 0, HX_O(b, t, n), HX_O(b, t, n), 0, 0 }
/* A door: killed as a protection fault when closed, outcome o when open. */
#define HX_DOOR(name, act, kind, res, ob, ot, on) \
	{ name, act, kind, res, 0, 0, HX_O(HX_P, HX_P, HX_SAME), HX_O(ob, ot, on), 0, 0 }

static const struct hx_entry hx_entries[] = {
	/* the page-fault gate */
	HX_E("gate_call", hx_a_gate_call, HX_K_KEEP, HX_R_PID, HX_RET, HX_DB, HX_SAME),
	HX_E("gate_land", hx_a_gate_land, HX_K_KEEP, HX_R_PID, HX_RET, HX_DB, HX_SAME),
	HX_E("gate_unbound", hx_a_gate_unbound, HX_K_KEEP, HX_R_ENOSYS, HX_RET, HX_DB, HX_SAME),
	HX_E("gate_misaligned", hx_a_gate_misaligned, HX_K_KEEP, HX_R_ANY, KILL_GATE_MISALIGNED, KILL_GATE_MISALIGNED, HX_SAME),
	HX_E("gate_last_byte", hx_a_gate_last_byte, HX_K_KEEP, HX_R_ANY, KILL_GATE_MISALIGNED, KILL_GATE_MISALIGNED, HX_SAME),
	/* (into VM86, the iret itself pops four more words, off the top of the stack) */
	{ "gate_bad_stack", hx_a_gate_bad_stack, HX_K_KEEP, HX_R_ANY, 0, 0,
	  HX_O(KILL_GATE_BAD_STACK, KILL_GATE_BAD_STACK, HX_SAME), HX_O(KILL_GATE_BAD_STACK, KILL_GATE_BAD_STACK, HX_SAME), HX_PF, 0 },
	HX_E("gate_data", hx_a_gate_data, HX_K_KEEP, HX_R_ANY, KILL_GATE_DATA, KILL_GATE_DATA, HX_SAME),
	HX_E("window_end", hx_a_window_end, HX_K_KEEP, HX_R_ANY, KILL_GATE_DATA, KILL_GATE_DATA, HX_SAME),
	/* faults at each kind of address */
	HX_E("read_null", hx_a_read_null, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("read_kernel", hx_a_read_kernel, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("write_kernel", hx_a_write_kernel, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("read_top", hx_a_read_top, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("read_unmapped", hx_a_read_unmapped, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("read_stack_guard", hx_a_read_stack_guard, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("write_text", hx_a_write_text, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("fetch_kernel", hx_a_fetch_kernel, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("fetch_null", hx_a_fetch_null, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("fetch_unmapped", hx_a_fetch_unmapped, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	HX_E("fetch_stack_guard", hx_a_fetch_stack_guard, HX_K_KEEP, HX_R_ANY, HX_PF, HX_PF, HX_SAME),
	/* exceptions a user raises */
	HX_E("div0", hx_a_div0, HX_K_KEEP, HX_R_ANY, HX_AR, HX_AR, HX_SAME),
	/* int1 (icebp) is #DB on a real CPU and in Bochs; QEMU 7.2 raises #UD */
	{ "icebp", hx_a_icebp, HX_K_KEEP, HX_R_ANY, 0, 0, HX_O(HX_DB, HX_DB, HX_SAME), HX_O(HX_DB, HX_DB, HX_SAME), 0, HX_ILL },
	HX_E("int3", hx_a_int3, HX_K_KEEP, HX_R_ANY, HX_BP, HX_BP, HX_SAME),
	{ "into", hx_a_into, HX_K_KEEP, HX_R_ANY, HX_FL_OF, 0, HX_O(HX_P, HX_P, HX_SAME), HX_O(HX_P, HX_P, HX_SAME), 0, 0 },
	HX_E("bound", hx_a_bound, HX_K_KEEP, HX_R_ANY, HX_AR, HX_AR, HX_SAME),
	HX_E("ud2", hx_a_ud2, HX_K_KEEP, HX_R_ANY, HX_ILL, HX_ILL, HX_SAME),
	/* SSE is on where the CPU has it (glibc needs it: proc/fpu.h): an instruction like any other */
	HX_E("sse", hx_a_sse, HX_K_KEEP, HX_R_ANY, HX_RET, HX_DB, HX_SAME),
	HX_E("fpu_mf", hx_a_fpu_mf, HX_K_KEEP, HX_R_ANY, HX_AR, HX_AR, HX_SAME),
	/* privileged instructions: no flag grants them */
	HX_E("cli", hx_a_cli, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("sti", hx_a_sti, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("in", hx_a_in, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("out", hx_a_out, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("hlt", hx_a_hlt, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lgdt", hx_a_lgdt, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("mov_cr3", hx_a_mov_cr3, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("rdmsr", hx_a_rdmsr, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("ds_kernel", hx_a_ds_kernel, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("ss_null", hx_a_ss_null, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	/* int n: every vector (int 0x80 has its own rows) */
	{ "int", hx_a_int_n, HX_K_KEEP, HX_R_ANY, 0, 256, HX_O(HX_P, HX_P, HX_SAME), HX_O(HX_P, HX_P, HX_SAME), 0, 0 },
	/* the doors: int 0x80 and sysenter return with TF as the caller had it ... */
	HX_DOOR("int80", hx_a_int80, HX_K_KEEP, HX_R_PID, HX_RET, HX_DB, HX_SAME),
	HX_DOOR("int80_unbound", hx_a_int80_unbound, HX_K_KEEP, HX_R_ENOSYS, HX_RET, HX_DB, HX_SAME),
	/* ... sysenter and call gates keep TF into the kernel, where it ends (see src/kernel/trap.c) */
	HX_DOOR("sysenter", hx_a_sysenter, HX_K_KEEP, HX_R_PID, HX_RET, HX_RET, HX_SAME),
	HX_DOOR("sysenter_unbound", hx_a_sysenter_unbound, HX_K_KEEP, HX_R_ENOSYS, HX_RET, HX_RET, HX_SAME),
	HX_DOOR("lcall", hx_a_lcall, HX_K_LCALL, HX_R_PID, HX_RET, HX_RET, HX_SAME),
	HX_DOOR("lcall_rpl0", hx_a_lcall_rpl0, HX_K_LCALL, HX_R_PID, HX_RET, HX_RET, HX_SAME),
	HX_DOOR("lcall_unbound", hx_a_lcall_unbound, HX_K_LCALL, HX_R_ENOSYS, HX_RET, HX_RET, HX_SAME),
	/* far transfers to other selectors */
	HX_E("ljmp_callgate", hx_a_ljmp_callgate_act, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("ljmp_tss", hx_a_ljmp_tss, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lcall_kcode", hx_a_lcall_kcode, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lcall_tss", hx_a_lcall_tss, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lcall_ldt", hx_a_lcall_ldt, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lcall_df_tss", hx_a_lcall_df_tss, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),   /* the #DF task */
	HX_E("lcall_null", hx_a_lcall_null, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_SAME),
	HX_E("lcall_self", hx_a_lcall_self, HX_K_KEEP, HX_R_ANY, HX_RET, HX_DB, HX_SAME),
	/* iret and popf tricks */
	HX_E("iret_flags", hx_a_iret_flags, HX_K_KEEP, HX_R_ANY, HX_RET, HX_DB, HX_TS),
	HX_E("iret_ring0", hx_a_iret_ring0, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_TS),
	HX_E("iret_data_cs", hx_a_iret_data_cs, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_TS),
	HX_E("iret_kernel_eip", hx_a_iret_kernel_eip, HX_K_KEEP, HX_R_ANY, HX_PF, HX_DB, HX_TS),
	HX_E("iret_vm86", hx_a_iret_vm86, HX_K_KEEP, HX_R_ANY, HX_P, HX_P, HX_TS),
	HX_E("popf", hx_a_popf, HX_K_KEEP, HX_R_ANY, HX_RET, HX_DB, HX_SAME),
};
#define HX_ENTRIES (sizeof hx_entries / sizeof hx_entries[0])

/* The outcome of entry e with flag set s: NT first (it changes what iret is), then TF. */
static inline int hx_expected(const struct hx_entry *e, const struct hx_flagset *s, bool doors_open)
{
	const struct hx_outcome *o = doors_open ? &e->open : &e->closed;
	if ((s->set & HX_FL_NT) && o->nt != HX_SAME)
		return o->nt;
	if (s->set & HX_FL_TF)
		return o->tf;
	return o->base;
}

static inline const struct hx_entry *hx_entry_named(const char *name)
{
	for (unsigned i = 0; i < HX_ENTRIES; i++)
		if (!strcmp(hx_entries[i].name, name))
			return &hx_entries[i];
	return NULL;
}

static inline const struct hx_flagset *hx_flagset_named(const char *name)
{
	for (unsigned i = 0; i < HX_FLAGSETS; i++)
		if (!strcmp(hx_flagsets[i].name, name))
			return &hx_flagsets[i];
	return NULL;
}

#endif
