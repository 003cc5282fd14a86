/*
 * The scheduler: a FIFO run queue of the runnable processes (O(1) pick,
 * whatever the number of processes and sleepers) and a direct switch from one
 * process's kernel stack to the next's. The scheduler's own context, on the
 * boot stack, is only the idle loop: it runs when nothing is runnable, and
 * the process that finds the queue empty switches there.
 *
 * Sleepers are on two kinds of list, never found by scanning the table: a
 * channel's wait list (a bucket of a small hash on the channel's address) and
 * the timer list, kept sorted by deadline, so that a tick looks at its head
 * only. A runnable process is on the run queue; the running one is on no list.
 */
#include "proc/sched.h"
#include "arch/long_work.h"
#include "arch/x86.h"
#include "lib/panic.h"
#include "arch/segments.h"
#include "arch/personal_doors.h"
#include "mm/paging.h"
#include "mm/direct_map.h"
#include <pfgate/errno.h>

struct cpu cpu0;
static bool (*idle_hook)(void);
static void (*kernel_work_hook)(void);
static bool kernel_work_due;
static unsigned slice_left = TIME_SLICE_TICKS;

/* The run queue: singly linked, FIFO (a runnable process leaves it only when picked). */
static struct proc *rq_head, *rq_tail;

#define WAIT_BUCKETS 16   /* channels: a few per process at most, so the chains stay short */
static struct proc_list wait_lists[WAIT_BUCKETS];
static struct proc_list timer_list;   /* timed sleepers, earliest deadline first */

void swtch(struct context **save, struct context *next);

void sched_set_idle_hook(bool (*hook)(void)) { idle_hook = hook; }
void sched_set_kernel_work_hook(void (*hook)(void)) { kernel_work_hook = hook; }
void sched_request_kernel_work(void) { kernel_work_due = true; }

/* ---- intrusive doubly linked lists of sleepers ---- */

static void list_insert_before(struct proc_link *at, struct proc_link *l)
{
	l->prev = at->prev;
	l->next = at;
	at->prev->next = l;
	at->prev = l;
}

static void list_remove(struct proc_link *l)
{
	if (!l->next)
		return;   /* on no list */
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->next = l->prev = NULL;
}

static void list_init(struct proc_list *h)
{
	h->head.next = h->head.prev = &h->head;
}

#define LINK_OWNER(link, member) ((struct proc *)((char *)(link) - offsetof(struct proc, member)))

static struct proc_list *wait_list(const void *chan)
{
	uint32_t a = (uint32_t)chan;
	return &wait_lists[((a >> 3) ^ (a >> 9)) % WAIT_BUCKETS];
}

void sched_lists_init(void)
{
	for (unsigned i = 0; i < WAIT_BUCKETS; i++)
		list_init(&wait_lists[i]);
	list_init(&timer_list);
	rq_head = rq_tail = NULL;
}

/* ---- the run queue ---- */

void sched_make_runnable(struct proc *p)
{
	p->state = P_RUNNABLE;
	p->rq_next = NULL;
	if (rq_tail)
		rq_tail->rq_next = p;
	else
		rq_head = p;
	rq_tail = p;
}

static struct proc *rq_pop(void)
{
	struct proc *p = rq_head;
	if (p) {
		rq_head = p->rq_next;
		if (!rq_head)
			rq_tail = NULL;
	}
	return p;
}

/* A sleeper leaves its lists and joins the run queue. */
static void wake(struct proc *p)
{
	list_remove(&p->wait_link);
	list_remove(&p->timer_link);
	sched_make_runnable(p);
}

void sched_wake_sleeper(struct proc *p)
{
	if (p->state == P_SLEEPING)
		wake(p);
}

/* TS set unless next's state is the one in the FPU (fpu.h); CR0 written only when that changes. */
static inline void fpu_switch_to(const struct proc *next)
{
	bool trap = cpu0.fpu_owner != next;
	if (trap == cpu0.fpu_ts)
		return;
	if (trap)
		write_cr0(read_cr0() | CR0_TS);
	else
		__asm__ volatile("clts" ::: "memory");
	cpu0.fpu_ts = trap;
}

__attribute__((noinline)) void sched_load_personality(const struct proc *p)
{
	gdt_set_tls(&p->linux.tls);   /* before swtch pops p's GS, which may select it */
	if (p->linux.abi != cpu0.linux_loaded)
		personal_doors_load(p->linux.abi);
	cpu0.linux_loaded = p->linux.abi;
}

/*
 * Make next the running process: its stack for the next entry from ring 3,
 * its address space, and the FPU trapping unless next's state is the one in
 * it (fpu.h). The caller then switches stacks.
 */
static inline __attribute__((always_inline)) void prepare_switch(struct proc *next)
{
	cpu0.current = next;
	gate_cpu0.table = next->gate_table;
	next->state = P_RUNNING;
	slice_left = TIME_SLICE_TICKS;
	cpu0.resched = false;
	tss_set_kernel_stack(next->kstack + KSTACK_PAGES * PAGE_SIZE);
	uint32_t cr3 = V2P(next->pgdir);   /* vm_activate, inline: the switch's one CR3 load */
	if (read_cr3() != cr3)
		write_cr3(cr3);
	cpu0.context_switches++;
	fpu_switch_to(next);
	/*
	 * Between two native processes the TLS slot is already empty (a native
	 * program has no set_thread_area) and the doors are native: nothing to load.
	 */
	if (__builtin_expect(next->linux.abi | cpu0.linux_loaded, 0))   /* one test: the switch's lean path */
		sched_load_personality(next);
}

/*
 * Right after a switch, on the new stack: the process switched away from may
 * be an orphan that has exited, which could not free the kernel stack it was
 * still running on. Its address space is already gone, and CR3 has moved on.
 */
static void finish_switch(void)
{
	struct proc *dead = cpu0.dead;
	if (dead) {
		cpu0.dead = NULL;
		proc_reap_orphan(dead);
	}
}

void sched_finish_first_switch(void)
{
	finish_switch();
}

void scheduler(void)
{
	for (;;) {
		if (kernel_work_due) {
			kernel_work_due = false;
			if (kernel_work_hook)
				kernel_work_hook();
		}
		struct proc *p = rq_pop();
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
		prepare_switch(p);
		swtch(&cpu0.scheduler_ctx, p->ctx);
		/* Back on the boot stack: the process that switched here found nothing else to run. */
		finish_switch();
	}
}

/* sched() without its kill check: for a caller that must undo its work before it may exit. */
static inline __attribute__((always_inline)) void sched_switch_away_from(bool asleep)
{
	struct proc *p = current_proc();
	if (!asleep && p->state == P_RUNNING)
		panic("sched: %s still running", p->name);
	if (read_eflags() & EFLAGS_IF)
		panic("sched: interrupts enabled");
	struct proc *next;
	if (!asleep && p->state == P_ZOMBIE && !p->parent) {
		cpu0.dead = p;   /* freed by whoever runs next, off its stack */
		/* Its exit may have asked for kernel work (init's successor): through the scheduler's context first. */
		next = kernel_work_due ? NULL : rq_pop();
	} else {
		next = rq_pop();   /* the switch's path: no more than it was */
	}
	if (next == p) {
		/* A yield with nobody else runnable: a new slice, no switch. */
		p->state = P_RUNNING;
		slice_left = TIME_SLICE_TICKS;
		cpu0.resched = false;
	} else if (next) {
		prepare_switch(next);
		swtch(&p->ctx, next->ctx);
		finish_switch();
	} else {
		/* Nothing runnable: the idle loop (CR3 stays on p's space; the kernel half is in every space). */
		cpu0.current = NULL;
		gate_cpu0.table = NULL;
		swtch(&p->ctx, cpu0.scheduler_ctx);
		finish_switch();
	}
}

/*
 * sched_switch_away_from(asleep): the caller has just made p P_SLEEPING
 * itself (sleep_enlist), so neither state test (still running? an orphan's
 * exit?) can hold, and the compiler cannot see it through the list stores.
 */
static inline __attribute__((always_inline)) void sched_switch_away(void)
{
	sched_switch_away_from(false);
}

/* sched(), inline: the sleeps' copy (a pipe's ping-pong sleeps twice a round trip, and pays no call). */
static inline __attribute__((always_inline)) void sched_inline(bool asleep)
{
	struct proc *p = current_proc();
	sched_switch_away_from(asleep);
	/*
	 * Nothing in this kernel holds a resource across a sleep, a yield or a
	 * preemption point (arch/long_work.h), so a killed process can exit
	 * right where it wakes up; the one sleep that does hold something
	 * (sleep_on_nokill: the disk) does not come through here. The test
	 * inline: two instructions on every switch back, not a call's six.
	 */
	if (__builtin_expect(p->killed, 0))
		proc_check_killed();
}

void sched(void)
{
	sched_inline(false);
}

/*
 * The process whose own work this is, or NULL: none (the boot, the
 * scheduler's kernel work: starting init again), or one that is already
 * exiting (P_ZOMBIE; no exit does such work since init's restart moved to
 * the scheduler, but should one: a zombie put back on the run queue would
 * run again, and one that exited twice would free twice). Work done for the
 * kernel neither yields nor stops.
 */
static struct proc *work_owner(void)
{
	struct proc *p = current_proc();
	return p && p->state == P_RUNNING ? p : NULL;
}

void long_work_point(void)
{
	struct proc *p = work_owner();
	if (!p)
		return;
	if (p->killed)
		proc_check_killed();
	if (cpu0.resched)
		yield();
}

bool long_work_pause(void)
{
	struct proc *p = work_owner();
	if (!p)
		return false;
	if (cpu0.resched) {
		sched_make_runnable(p);
		sched_switch_away();
	}
	return p->killed;
}

void yield(void)
{
	sched_make_runnable(current_proc());
	sched();
}

/* p goes on chan's list and, with a deadline, the timer list, sleeping. */
static inline __attribute__((always_inline)) void sleep_enlist(struct proc *p, const void *chan, uint64_t wake_ms)
{
	p->chan = chan;
	p->state = P_SLEEPING;
	if (chan)
		list_insert_before(&wait_list(chan)->head, &p->wait_link);
	if (wake_ms) {   /* p->wake_ms is 0 outside a timed sleep: an untimed one leaves it alone */
		p->wake_ms = wake_ms;
		/* Sorted insert, from the end: deadlines mostly come in order. */
		struct proc_link *at = &timer_list.head;
		while (at->prev != &timer_list.head && LINK_OWNER(at->prev, timer_link)->wake_ms > wake_ms)
			at = at->prev;
		list_insert_before(at, &p->timer_link);
	}
}

static inline __attribute__((always_inline)) int sleep_interruptible(const void *chan, uint64_t wake_ms,
								    bool restartable)
{
	/*
	 * A process killed while the kernel worked with interrupts on (long
	 * work) may come here, by the gate's lean return and its next call,
	 * without an interrupt from user mode having ended it: the kill woke it
	 * then, and a second ^C finds it killed and wakes nobody. It never goes
	 * to sleep; it exits here as it would where it wakes (see sched()).
	 * With no kill and no signal pending there is nothing to take: the
	 * checks are skipped (a pipe's ping-pong sleeps twice a round trip).
	 */
	struct proc *p = current_proc();
	if (__builtin_expect(p->killed || p->sig.pending, 0)) {
		proc_check_killed();
		signal_stop_point();   /* a stopped sleeper sleeps on after SIGCONT: its caller loops on its condition */
		if (signal_interrupts_sleep(restartable))
			return -EINTR;
	}
	sleep_enlist(p, chan, wake_ms);
	sched_inline(true);   /* a kill ends it there */
	p->chan = NULL;
	if (wake_ms)
		p->wake_ms = 0;
	if (__builtin_expect(!p->sig.pending, 1))
		return 0;
	signal_stop_point();
	return signal_interrupts_sleep(restartable) ? -EINTR : 0;
}

int sleep_on(const void *chan, uint64_t wake_ms)
{
	return sleep_interruptible(chan, wake_ms, true);
}

int sleep_on_chan(const void *chan)
{
	if (!chan)
		__builtin_unreachable();   /* a pipe side's address (sched.h): the list insert's test folds away */
	return sleep_interruptible(chan, 0, true);   /* no deadline: the timer list's code folds away */
}

int sleep_on_any_signal(const void *chan, uint64_t wake_ms)
{
	return sleep_interruptible(chan, wake_ms, false);
}

void sleep_on_nokill(const void *chan, uint64_t wake_ms)
{
	struct proc *p = current_proc();
	sleep_enlist(p, chan, wake_ms);
	sched_switch_away();
	p->chan = NULL;
	if (wake_ms)
		p->wake_ms = 0;
}

const char poll_channel;   /* only its address matters */
bool poll_waiting;

void wakeup(const void *chan)
{
	if (!chan)
		return;
	struct proc_list *l = wait_list(chan);
	for (struct proc_link *at = l->head.next; at != &l->head;) {
		struct proc *p = LINK_OWNER(at, wait_link);
		at = at->next;
		if (p->chan == chan)
			wake(p);
	}
}

void sched_tick(uint64_t now_ms)
{
	while (timer_list.head.next != &timer_list.head) {
		struct proc *p = LINK_OWNER(timer_list.head.next, timer_link);
		if (p->wake_ms > now_ms)
			break;
		wake(p);
	}
	signal_alarm_tick(now_ms);
	if (current_proc()) {
		current_proc()->cpu_ticks++;
		cpu0.busy_ticks++;
	} else {
		cpu0.idle_ticks++;
	}
	if (slice_left)
		slice_left--;
}

/* Called on the way back to user mode from a timer interrupt. */
bool sched_slice_expired(void)
{
	return slice_left == 0;
}
