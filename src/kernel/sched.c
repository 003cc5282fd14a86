/*
 * The scheduler: round robin over the process table, xv6-style. Each CPU
 * runs scheduler() on its boot stack; a process returns to it through sched().
 */
#include "kernel/sched.h"
#include "kernel/x86.h"
#include "kernel/panic.h"
#include "boot/segments.h"
#include "mm/paging.h"

struct cpu cpu0;
static bool (*idle_hook)(void);
static unsigned slice_left = TIME_SLICE_TICKS;

void swtch(struct context **save, struct context *next);

void sched_set_idle_hook(bool (*hook)(void)) { idle_hook = hook; }

static struct proc *pick_next(struct proc *last)
{
	unsigned start = last ? (unsigned)(last - procs) + 1 : 0;
	for (unsigned i = 0; i < NPROC; i++) {
		struct proc *p = &procs[(start + i) % NPROC];
		if (p->state == P_RUNNABLE)
			return p;
	}
	return NULL;
}

void scheduler(void)
{
	struct proc *last = NULL;
	for (;;) {
		struct proc *p = pick_next(last);
		if (!p) {
			if (idle_hook && idle_hook())
				continue;
			/* Nothing to run: wait for an interrupt to make something runnable. */
			uint64_t halted = rdtsc();
			sti_hlt();
			cli();
			cpu0.idle_tsc += rdtsc() - halted;
			continue;
		}
		last = p;
		cpu0.current = p;
		cpu0.gate_table = p->gate_table;
		p->state = P_RUNNING;
		slice_left = TIME_SLICE_TICKS;
		cpu0.resched = false;
		tss_set_kernel_stack(p->kstack + KSTACK_PAGES * PAGE_SIZE);
		vm_activate(p->pgdir);
		cpu0.context_switches++;
		fpu_restore(p->fpu);
		swtch(&cpu0.scheduler_ctx, p->ctx);
		fpu_save(p->fpu);
		/*
		 * CR3 stays on p's space (the kernel half is in every space): a process
		 * that exits has already moved to kernel_page_dir before freeing its own.
		 */
		cpu0.current = NULL;
		cpu0.gate_table = NULL;
		proc_reap_orphan(p);
	}
}

void sched(void)
{
	struct proc *p = current_proc();
	if (p->state == P_RUNNING)
		panic("sched: %s still running", p->name);
	if (read_eflags() & EFLAGS_IF)
		panic("sched: interrupts enabled");
	swtch(&p->ctx, cpu0.scheduler_ctx);
	/*
	 * Nothing in this kernel holds a resource across a sleep or a yield, so
	 * a killed process can exit right where it wakes up.
	 */
	proc_check_killed();
}

void sched_preempt_point(void)
{
	if (cpu0.resched && current_proc())
		yield();
}

void yield(void)
{
	current_proc()->state = P_RUNNABLE;
	sched();
}

void sleep_on(const void *chan, uint64_t wake_ms)
{
	struct proc *p = current_proc();
	p->chan = chan;
	p->wake_ms = wake_ms;
	p->state = P_SLEEPING;
	sched();
	p->chan = NULL;
	p->wake_ms = 0;
}

void wakeup(const void *chan)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->state == P_SLEEPING && p->chan == chan && chan)
			p->state = P_RUNNABLE;
}

void sched_tick(uint64_t now_ms)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->state == P_SLEEPING && p->wake_ms && p->wake_ms <= now_ms)
			p->state = P_RUNNABLE;
	if (slice_left)
		slice_left--;
}

/* Called on the way back to user mode from a timer interrupt. */
bool sched_slice_expired(void)
{
	return slice_left == 0;
}
