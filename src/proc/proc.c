/*
 * Process lifecycle: spawn from the initrd, exit, kill on a fault, wait.
 * Ownership: a process frees its address space at exit; its kernel stack
 * and slot are freed by whoever reaps it (the parent in wait, or the
 * scheduler for an orphan), since the dying process is still running on it.
 */
#include "proc/sched.h"
#include "proc/elf.h"
#include "fs/initrd.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "lib/panic.h"
#include "proc/fault_report.h"
#include "proc/fpu.h"
#include "arch/x86.h"
#include "arch/segments.h"
#include "mm/frames.h"
#include "mm/kstack.h"
#include "mm/direct_map.h"
#include <pfgate/errno.h>

/* What swtch pops: callee-saved registers, the user's GS and FS, EFLAGS, then the return address. */
struct context {
	uint32_t edi, esi, ebx, ebp, gs, fs, eflags, eip;
};

struct proc procs[NPROC];
static int next_pid = 1;
static void (*orphan_exit_hook)(const struct proc *p);
extern char proc_first_return[];

void proc_set_orphan_exit_hook(void (*hook)(const struct proc *p)) { orphan_exit_hook = hook; }

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

const char *kill_reason_text(unsigned reason)
{
	if (reason < sizeof kill_texts / sizeof kill_texts[0] && kill_texts[reason])
		return kill_texts[reason];
	return "unknown reason";
}

struct proc *proc_table(void) { return procs; }

int proc_current_pid(void)
{
	return current_proc()->pid;
}

unsigned proc_count(void)
{
	unsigned n = 0;
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		n += p->state != P_UNUSED;
	return n;
}

void sched_init(void)
{
	memset(procs, 0, sizeof procs);
	sched_lists_init();
}

/* Write into another address space through the direct map. Pages must be mapped. */
static void vm_write(pde_t *pgdir, uint32_t va, const void *src, uint32_t len)
{
	const char *s = src;
	while (len) {
		uint32_t off = va & PAGE_OFFSET_MASK;
		uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		pte_t *pte = vm_lookup(pgdir, va);
		memcpy((char *)P2V(*pte & PTE_ADDR_MASK) + off, s, n);
		va += n;
		s += n;
		len -= n;
	}
}

/* The lowest address build_user_stack writes: the same arithmetic, done first. */
static uint32_t user_stack_low(const char *const *argv, int argc)
{
	uint32_t sp = USER_STACK_TOP;
	for (int i = 0; i < argc; i++)
		sp -= strlen(argv[i]) + 1;
	sp &= ~3u;
	return sp - (argc + 1) * sizeof(uint32_t) - 2 * sizeof(uint32_t);
}

/*
 * The initial user stack, as crt0 expects it:
 *   esp -> argc, argv, then argv[0..argc-1], NULL, then the strings.
 * Its pages (from user_stack_low up) are mapped: the kernel writes them through the direct map.
 */
static uint32_t build_user_stack(pde_t *pgdir, const char *const *argv, int argc)
{
	uint32_t uargv[ARGV_MAX + 1];
	uint32_t sp = USER_STACK_TOP;
	for (int i = argc - 1; i >= 0; i--) {
		uint32_t n = strlen(argv[i]) + 1;
		sp -= n;
		vm_write(pgdir, sp, argv[i], n);
		uargv[i] = sp;
	}
	uargv[argc] = 0;
	sp &= ~3u;
	sp -= (argc + 1) * sizeof(uint32_t);
	vm_write(pgdir, sp, uargv, (argc + 1) * sizeof(uint32_t));
	uint32_t head[2] = { (uint32_t)argc, sp };
	sp -= sizeof head;
	vm_write(pgdir, sp, head, sizeof head);
	return sp;
}

static void proc_free(struct proc *p)
{
	if (p->parent) {   /* off its parent's list of children */
		struct proc **at = &p->parent->children;
		while (*at != p)
			at = &(*at)->sibling;
		*at = p->sibling;
	}
	if (p->pgdir)
		vm_destroy(p->pgdir);
	gate_unbind(p->gate_table);
	if (p->kstack)
		kstack_free((unsigned)(p - procs));
	if (p->demand_reserved)
		frame_unreserve(p->demand_reserved);
	fpu_release(p);
	memset(p, 0, sizeof *p);
}

static const char *basename(const char *path)
{
	const char *b = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			b = s + 1;
	return b;
}

/*
 * The program's file pages and the top of its stack (what the arguments fill)
 * on fresh frames; the rest of the stack and the bss demand-zero, their
 * frames promised and their page tables made now, so that a first touch
 * needs nothing that can fail. 0, -ENOMEM or -EINTR (partial maps, and the promise in
 * p->demand_reserved, are the caller's to undo: proc_free).
 */
static int map_image(struct proc *p, const void *img, const struct elf_image *info, uint32_t stack_low)
{
	p->ndemand = 0;
	int err = elf_load(p->pgdir, img, info, p->demand, &p->ndemand, DEMAND_REGIONS - 1);
	if (err)
		return err;
	uint32_t args = stack_low & ~PAGE_OFFSET_MASK;
	for (uint32_t va = args; va < USER_STACK_TOP; va += PAGE_SIZE) {
		uint32_t frame = frame_alloc();
		if (!frame)
			return -ENOMEM;
		if (vm_map(p->pgdir, va, frame, PTE_U | PTE_W)) {
			frame_free(frame);
			return -ENOMEM;
		}
	}
	if (args > USER_STACK_BOTTOM)
		p->demand[p->ndemand++] = (struct vm_region){ USER_STACK_BOTTOM, args, PTE_U | PTE_W };
	uint32_t pages = 0;
	for (unsigned i = 0; i < p->ndemand; i++) {
		if (vm_ensure_tables(p->pgdir, p->demand[i].lo, p->demand[i].hi))
			return -ENOMEM;
		pages += (p->demand[i].hi - p->demand[i].lo) >> PAGE_SHIFT;
	}
	if (!frame_reserve(pages))
		return -ENOMEM;
	p->demand_reserved = pages;
	return 0;
}

static uint32_t page_up(uint32_t a) { return (a + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK; }

bool proc_demand_fault(uint32_t va)
{
	struct proc *p = current_proc();
	if (!p || !p->pgdir || va < NULL_GUARD_END || va >= KERNEL_BASE)
		return false;
	va &= ~PAGE_OFFSET_MASK;
	uint32_t flags = 0;
	if (va >= p->heap_base && va < page_up(p->brk))
		flags = PTE_U | PTE_W;
	for (unsigned i = 0; i < p->ndemand && !flags; i++)
		if (va >= p->demand[i].lo && va < p->demand[i].hi)
			flags = p->demand[i].flags;
	pte_t *pte = flags ? vm_lookup(p->pgdir, va) : NULL;
	if (!pte || (*pte & PTE_P))
		return false;   /* outside every region, or present: a protection fault is no demand */
	if (!p->demand_reserved)
		panic("demand fault at %08x: pid %d has no frame promised", va, p->pid);
	p->demand_reserved--;
	*pte = frame_alloc_reserved() | flags | PTE_P;
	invlpg(va);   /* not-present entries are never cached, but the SDM lets a CPU keep a stale one */
	return true;
}

int proc_spawn(const char *path, const char *const *argv, int argc, const struct gate_set *gates, struct proc *parent)
{
	struct ustar_entry file;
	if (!initrd_find(path, &file) || file.is_dir)
		return -ENOENT;
	struct elf_image info;
	uint32_t irq = long_work_begin();
	int bad = elf_check(file.data, file.size, &info);
	long_work_end(irq);
	if (bad) {
		kprintf("spawn: %s: %s\n", path, info.error);
		return -ENOEXEC;
	}
	if (argc < 0 || argc > ARGV_MAX)
		return -E2BIG;
	uint32_t argbytes = 0;
	for (int i = 0; i < argc; i++)
		argbytes += strlen(argv[i]) + 1;
	if (argbytes > ARG_MAX_LEN)
		return -E2BIG;

	struct proc *p = NULL;
	for (struct proc *q = procs; q < &procs[NPROC]; q++)
		if (q->state == P_UNUSED) {
			p = q;
			break;
		}
	if (!p)
		return -EAGAIN;

	p->kstack = kstack_alloc((unsigned)(p - procs));   /* with a guard page below */
	if (!p->kstack)
		return -ENOMEM;
	p->state = P_EMBRYO;
	p->gate_table = gate_bind(gates);
	if (!p->gate_table)
		goto nomem;
	p->pgdir = vm_create();
	if (!p->pgdir)
		goto nomem;
	bad = map_image(p, file.data, &info, user_stack_low(argv, argc));
	if (bad) {
		proc_free(p);
		return bad;
	}
	/*
	 * A ^C (or kill) taken while the loader worked with interrupts on found
	 * the parent but not this child, which is in nobody's tree yet: starting
	 * it now would leave it running for a parent that is on its way out.
	 */
	if (parent && parent->killed) {
		proc_free(p);
		return -EINTR;
	}
	/* Spawn starts a new program: exec-like, close-on-exec descriptors stay behind. */
	bad = proc_files_inherit(p, parent, true);
	if (bad) {
		proc_free(p);
		return bad;
	}

	uint32_t kstack_top = p->kstack + KSTACK_PAGES * PAGE_SIZE;
	struct trap_frame *tf = (struct trap_frame *)(kstack_top - sizeof *tf);
	memset(tf, 0, sizeof *tf);
	tf->eip = info.entry;
	tf->cs = SEG_UCODE;
	tf->eflags = EFLAGS_IF | EFLAGS_RSVD;
	tf->esp = build_user_stack(p->pgdir, argv, argc);
	tf->ss = SEG_UDATA;
	tf->ds = tf->es = SEG_UDATA;
	struct context *ctx = (struct context *)tf - 1;
	memset(ctx, 0, sizeof *ctx);                /* FS and GS start null */
	ctx->eflags = EFLAGS_RSVD;                  /* the kernel runs with interrupts off */
	ctx->eip = (uint32_t)proc_first_return;   /* first run: out to user mode (swtch.asm) */
	fpu_init_state(p->fpu);
	p->tf = tf;
	p->ctx = ctx;

	p->pid = next_pid++;
	strlcpy_k(p->name, basename(path), sizeof p->name);
	p->parent = parent;
	if (parent) {
		p->sibling = parent->children;
		parent->children = p;
	}
	p->heap_base = p->brk = info.image_end;
	p->gates = *gates;
	p->killed = false;
	sched_make_runnable(p);
	return p->pid;

nomem:
	proc_free(p);
	return -ENOMEM;
}

/* A process the kernel started has nobody to wait for it: say how it ended. */
static void report_orphan_exit(const struct proc *p)
{
	if (WSTATUS_EXITED(p->wstatus))
		kprintf("exit: pid %d (%s) status %d\n", p->pid, p->name, WSTATUS_EXIT_CODE(p->wstatus));
	else
		kprintf("exit: pid %d (%s) killed: %s\n", p->pid, p->name, kill_reason_text(WSTATUS_REASON(p->wstatus)));
}

/* Called by the scheduler after switching away from p. */
void proc_reap_orphan(struct proc *p)
{
	if (p->state == P_ZOMBIE && !p->parent)
		proc_free(p);
}

void proc_exit(int wstatus)
{
	struct proc *p = current_proc();
	for (struct proc *c = p->children, *next; c; c = next) {
		next = c->sibling;
		c->parent = NULL;   /* orphans are reaped by the kernel */
		c->sibling = NULL;
		if (c->state == P_ZOMBIE)
			proc_free(c);
	}
	p->children = NULL;
	proc_files_close(p);        /* pipe ends it held: readers see the end, writers -EPIPE */
	fpu_release(p);             /* its x87/MMX registers are restored into nobody */
	vm_activate(kernel_page_dir);
	/* A process maps only its image and heap (elf_check keeps segments in that part) and its stack. */
	const struct vm_range mapped[] = {
		{ NULL_GUARD_END, (p->brk + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK },
		{ USER_STACK_BOTTOM, USER_STACK_TOP },
	};
	vm_destroy_ranges(p->pgdir, mapped, sizeof mapped / sizeof mapped[0]);
	frame_unreserve(p->demand_reserved);   /* the pages it never touched */
	p->demand_reserved = 0;
	p->pgdir = NULL;
	p->wstatus = wstatus;
	p->state = P_ZOMBIE;
	if (p->parent)
		wakeup(p->parent);
	else {
		report_orphan_exit(p);
		if (orphan_exit_hook)
			orphan_exit_hook(p);
	}
	sched();
	panic("zombie %d ran again", p->pid);
}

void proc_kill_fault(struct trap_frame *tf, uint32_t cr2, enum kill_reason why)
{
	struct proc *p = current_proc();
	kprintf("killed: pid %d (%s) eip=%08x cr2=%08x err=%x: %s\n",
		p->pid, p->name, tf->eip, cr2, tf->err, kill_reason_text(why));
	fault_report(tf, cr2, "  ");
	proc_exit(WSTATUS_KILLED | ((int)why << WSTATUS_REASON_SHIFT));
}

/* The first reason wins: a process already on its way out keeps it. */
static void mark_killed(struct proc *p, enum kill_reason why)
{
	if (p->state == P_ZOMBIE || p->killed)
		return;
	p->killed = true;
	p->kill_why = (uint8_t)why;
	sched_wake_sleeper(p);
}

int proc_kill(int pid)
{
	struct proc *self = current_proc();
	for (struct proc *c = procs; c < &procs[NPROC]; c++) {
		if (c->state == P_UNUSED || c->pid != pid)
			continue;
		if (c->parent != self)
			return -EPERM;
		mark_killed(c, KILL_KILLED);
		return 0;
	}
	return -ESRCH;
}

struct proc *proc_find_live(int pid)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (pid > 0 && p->pid == pid && p->state != P_UNUSED && p->state != P_ZOMBIE)
			return p;
	return NULL;
}

bool proc_descends_from(const struct proc *p, const struct proc *anc)
{
	for (; p; p = p->parent)
		if (p == anc)
			return true;
	return false;
}

/*
 * Descendants are found while root is alive, through the parent links; a
 * grandchild orphaned earlier (its parent gone) is no longer in the tree.
 */
void proc_kill_tree(struct proc *root, enum kill_reason why)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->state != P_UNUSED && proc_descends_from(p, root))
			mark_killed(p, why);
}

void proc_check_killed(void)
{
	struct proc *p = current_proc();
	if (p && p->killed)
		proc_exit(WSTATUS_KILLED | ((int)p->kill_why << WSTATUS_REASON_SHIFT));
}

struct proc *proc_wait_zombie(int pid, bool block, int *err)
{
	struct proc *self = current_proc();
	for (;;) {
		bool have = false;
		for (struct proc *c = self->children; c; c = c->sibling) {
			if (pid != -1 && c->pid != pid)
				continue;
			have = true;
			if (c->state == P_ZOMBIE)
				return c;
		}
		if (!have || !block) {
			*err = have ? 0 : -ECHILD;
			return NULL;
		}
		sleep_on(self, 0);
	}
}

int proc_reap(struct proc *zombie)
{
	int pid = zombie->pid;
	proc_free(zombie);
	return pid;
}

