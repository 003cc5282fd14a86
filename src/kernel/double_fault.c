#include "kernel/double_fault.h"
#include "arch/traps.h"
#include "proc/sched.h"
#include "tty/console.h"
#include "lib/panic.h"
#include "lib/ksyms.h"
#include "proc/fault_report.h"
#include "arch/x86.h"
#include "arch/segments.h"
#include "mm/kstack.h"
#include "mm/paging.h"

#define DF_STACK_SIZE 8192

static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));
extern char double_fault_task[];   /* trap_stubs.asm */

void double_fault_init(void)
{
	gdt_set_double_fault_task((uint32_t)double_fault_task, (uint32_t)(df_stack + DF_STACK_SIZE),
				  V2P(kernel_page_dir));
	idt_set_task_gate(T_DOUBLE, SEG_DF_TSS);
}

static void print_sym(const char *what, uint32_t addr)
{
	uint32_t off;
	const char *name = ksym_lookup(addr, &off);
	if (name)
		kprintf("%s=%08x <%s+0x%x>", what, addr, name, off);
	else
		kprintf("%s=%08x", what, addr);
}

/*
 * On the #DF task's stack, interrupts off; never returns. The interrupted
 * state is in the main TSS (the task switch saved it there). Names the
 * stack whose guard was hit and the process that owns it (or the boot
 * stack, which no process owns).
 */
void double_fault(uint32_t err);
void double_fault(uint32_t err)
{
	struct tss_saved s;
	tss_saved_state(&s);
	uint32_t cr2 = read_cr2();
	unsigned slot;
	bool overflow = kstack_guard_hit(cr2, &slot) || kstack_guard_hit(s.esp, &slot);
	bool boot = kstack_boot_guard_hit(cr2) || kstack_boot_guard_hit(s.esp);
	const struct proc *cur = current_proc();
	kprintf("double fault (err=%x)%s\n", err, overflow || boot ? ": kernel stack overflow" : "");
	if (boot)
		kprintf("  boot stack (kmain's and the scheduler's): [%08x, %08x), guard page %08x hit\n",
			KSTACK_BOOT_BASE, KSTACK_BOOT_TOP, KSTACK_BOOT_BASE - PAGE_SIZE);
	if (overflow) {
		const struct proc *owner = &procs[slot];
		kprintf("  kernel stack of pid %d (%s): [%08x, %08x), guard page %08x hit\n", owner->pid,
			owner->name, kstack_base(slot), kstack_base(slot) + KSTACK_PAGES * PAGE_SIZE,
			kstack_base(slot) - PAGE_SIZE);
	}
	if (cur)
		kprintf("  current process: pid %d (%s)\n", cur->pid, cur->name);
	else
		kprintf("  current process: none (the kernel's own work)\n");
	kprintf("  ");
	print_sym("eip", s.eip);
	kprintf(" cs=%x eflags=%08x esp=%08x ebp=%08x cr2=%08x\n", s.cs, s.eflags, s.esp, s.ebp, cr2);
	backtrace(s.ebp, "  ");
	if (boot)
		panic("#DF double fault: boot stack overflow");
	if (overflow)
		panic("#DF double fault: kernel stack overflow in pid %d (%s)", procs[slot].pid, procs[slot].name);
	panic("#DF double fault");
}
