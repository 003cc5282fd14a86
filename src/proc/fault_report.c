#include "proc/fault_report.h"
#include "lib/kprintf.h"
#include "lib/ksyms.h"
#include "lib/format.h"
#include "pfgate/decode.h"
#include "arch/smap.h"
#include "arch/x86.h"
#include "mm/direct_map.h"
#include "mm/kstack.h"

#define BACKTRACE_MAX_DEPTH 16

static const char *const vector_names[T_CPU_COUNT] = {
	[T_DIVIDE] = "#DE divide error",
	[T_DEBUG] = "#DB debug",
	[T_NMI] = "NMI",
	[T_BREAKPOINT] = "#BP breakpoint",
	[T_OVERFLOW] = "#OF overflow",
	[T_BOUND] = "#BR bound range exceeded",
	[T_INVALID_OP] = "#UD invalid opcode",
	[T_NO_DEVICE] = "#NM device not available",
	[T_DOUBLE] = "#DF double fault",
	[T_COPROC_SEG] = "coprocessor segment overrun",
	[T_INVALID_TSS] = "#TS invalid TSS",
	[T_SEG_NP] = "#NP segment not present",
	[T_STACK] = "#SS stack-segment fault",
	[T_GPF] = "#GP general protection",
	[T_PAGE_FAULT] = "#PF page fault",
	[T_FPU] = "#MF x87 floating-point error",
	[T_ALIGN] = "#AC alignment check",
	[T_MACHINE] = "#MC machine check",
	[T_SIMD] = "#XM SIMD floating-point",
	[T_VIRT] = "#VE virtualization",
	[T_CTRL_PROT] = "#CP control protection",
};

const char *trap_name(uint32_t vector)
{
	if (vector < T_CPU_COUNT && vector_names[vector])
		return vector_names[vector];
	if (vector >= T_IRQ0 && vector < T_IRQ0 + T_IRQ_COUNT)
		return "hardware interrupt";
	if (vector == T_SYSENTER)
		return "sysenter";
	return "reserved exception";
}

void pf_err_decode(uint32_t err, char *buf, unsigned size)
{
	sformat(buf, size, "%s %s %s%s%s",
		(err & PF_ERR_P) ? "protection" : "not-present",
		(err & PF_ERR_W) ? "write" : "read",
		(err & PF_ERR_U) ? "user" : "kernel",
		(err & PF_ERR_RSVD) ? " reserved-bit" : "",
		(err & PF_ERR_I) ? " fetch" : "");
}

/* Says which CPU guard refused a kernel access to a user page, if one did. */
static void kernel_guard_note(const struct trap_frame *tf, uint32_t cr2, const char *indent)
{
	switch (pf_kernel_guard(tf->err, cr2, tf->eflags & EFLAGS_AC, cpu_smep_on(), cpu_smap_on())) {
	case PF_GUARD_SMEP:
		kprintf("%sSMEP: the kernel fetched an instruction from a user page\n", indent);
		break;
	case PF_GUARD_SMAP:
		kprintf("%sSMAP: the kernel touched a user page outside the user-access window\n", indent);
		break;
	default:
		break;
	}
}

static void print_addr(uint32_t addr)
{
	uint32_t off;
	const char *name = ksym_lookup(addr, &off);
	if (name)
		kprintf("%08x <%s+0x%x>", addr, name, off);
	else
		kprintf("%08x", addr);
}

static void reg_text(char *buf, unsigned size, uint32_t v, bool not_saved)
{
	if (not_saved)
		sformat(buf, size, "(not saved)");
	else
		sformat(buf, size, "%08x", v);
}

void fault_report(const struct trap_frame *tf, uint32_t cr2, const char *indent)
{
	int user = trap_from_user(tf);
	if (trap_frame_is_lean(tf))
		kprintf("%slean gate frame (no vector saved) err=%x", indent, tf->err);
	else
		kprintf("%s%s (vector %u) err=%x", indent, trap_name(tf->vector), tf->vector, tf->err);
	if (tf->vector == T_PAGE_FAULT || trap_frame_lean_gate(tf)) {
		char bits[64];
		pf_err_decode(tf->err, bits, sizeof bits);
		kprintf(" [%s] cr2=%08x", bits, cr2);
	}
	kprintf(" in %s mode\n", user ? "user" : "kernel");
	if (tf->vector == T_PAGE_FAULT && !user)
		kernel_guard_note(tf, cr2, indent);
	kprintf("%seip=", indent);
	print_addr(tf->eip);
	/* From the kernel the CPU pushed no ESP: the interrupted stack continues right above the frame. */
	uint32_t esp = user ? tf->esp : (uint32_t)&tf->esp;
	kprintf(" cs=%x eflags=%08x\n", tf->cs, tf->eflags);
	/* A lean frame (trap_frame.h) holds EBX and ESI only: the others are not shown stale. */
	bool lean = trap_frame_is_lean(tf);
	char eax[12], ecx[12], edx[12], edi[12], ebp[12];
	reg_text(eax, sizeof eax, tf->eax, lean);
	reg_text(ecx, sizeof ecx, tf->ecx, lean);
	reg_text(edx, sizeof edx, tf->edx, lean);
	reg_text(edi, sizeof edi, tf->edi, lean);
	reg_text(ebp, sizeof ebp, tf->ebp, lean);
	kprintf("%seax=%s ebx=%08x ecx=%s edx=%s\n", indent, eax, tf->ebx, ecx, edx);
	kprintf("%sesi=%08x edi=%s ebp=%s esp=%08x\n", indent, tf->esi, edi, ebp, esp);
	if (!user)
		backtrace(tf->ebp, indent);
}

void backtrace(uint32_t ebp, const char *indent)
{
	kprintf("%sbacktrace:\n", indent);
	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
		/* Only follow frames that lie in mapped kernel memory: the direct map or a kernel stack. */
		bool direct = ebp >= KERNEL_BASE && ebp <= KERNEL_BASE + DIRECT_MAP_SIZE - 8;
		if ((!direct && !kstack_mapped(ebp, 8)) || (ebp & 3))
			break;
		const uint32_t *frame = (const uint32_t *)ebp;
		uint32_t ret = frame[1];
		if (!ret)
			break;
		kprintf("%s  ", indent);
		print_addr(ret);
		kprintf("\n");
		if (frame[0] <= ebp)
			break;   /* stacks grow down: a caller's frame is higher */
		ebp = frame[0];
	}
}
