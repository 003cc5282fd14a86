/*
 * Process lifecycle: spawn from the initrd or the VFS, exit, kill on a fault, wait.
 * Ownership: a process frees its address space at exit; its kernel stack
 * and slot are freed by whoever reaps it (the parent in wait, or the
 * scheduler for an orphan), since the dying process is still running on it.
 */
#include "proc/sched.h"
#include "proc/args.h"
#include "proc/mmap.h"
#include "proc/vm_loan.h"
#include "proc/pgrp.h"
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
#include "proc/linux_upcalls.h"
#include "proc/program_upcalls.h"
#include "proc/script.h"
#include <pfgate/errno.h>

/* What swtch pops: callee-saved registers, the user's GS and FS, EFLAGS, then the return address. */
struct context {
	uint32_t edi, esi, ebx, ebp, gs, fs, eflags, eip;
};

static uint32_t page_up(uint32_t a) { return (a + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK; }

struct proc procs[NPROC];
static int next_pid = 1;
static void (*orphan_exit_hook)(const struct proc *p);
static struct proc *reaper;   /* init: adopts the children of a process that ends (NULL: the kernel reaps them) */
extern char proc_first_return[];

void proc_set_orphan_exit_hook(void (*hook)(const struct proc *p)) { orphan_exit_hook = hook; }
static void (*leader_exit_hook)(const struct proc *p);
void proc_set_leader_exit_hook(void (*hook)(const struct proc *p)) { leader_exit_hook = hook; }

void proc_set_reaper(int pid) { reaper = proc_find_live(pid); }

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, sig, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

static const uint8_t kill_signals[] = {
#define KILL_SIGNAL(code, name, sig, text) [code] = sig,
	KILL_REASONS(KILL_SIGNAL)
#undef KILL_SIGNAL
};

static const uint8_t signal_defaults[NSIG_MAX + 1] = {
#define SIGNAL_DEFAULT(name, num, dfl, text) [num] = dfl,
	PFGATE_SIGNALS(SIGNAL_DEFAULT)
#undef SIGNAL_DEFAULT
};

unsigned signal_default_action(int sig)
{
	return sig > 0 && sig <= NSIG_MAX ? signal_defaults[sig] : SIG_DFL_TERM;
}

int proc_signalled_status(int sig, enum kill_reason why)
{
	return W_SIGNALLED(sig, signal_default_action(sig) == SIG_DFL_CORE, (int)why);
}

/* The wait status of a process the kernel ended for why: its signal, and the reason beside it. */
static int kill_status(enum kill_reason why)
{
	return proc_signalled_status(why < sizeof kill_signals ? kill_signals[why] : SIGKILL, why);
}

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

int proc_last_pid(void) { return next_pid - 1; }

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
void proc_vm_write(pde_t *pgdir, uint32_t va, const void *src, uint32_t len)
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

/* Where a's argv strings start in the new stack: the strings lie at its top, a Linux program's path above them. */
static uint32_t args_low(const struct proc_args *a, const struct elf_image *info, const char *path)
{
	return USER_STACK_TOP - a->bytes - (info->linux_abi ? strlen(path) + 1 : 0);
}

/* The lowest address native_stack writes: the same arithmetic, done first. */
static uint32_t native_stack_low(const struct proc_args *a)
{
	uint32_t sp = (USER_STACK_TOP - a->bytes) & ~3u;
	return sp - (uint32_t)(a->argc + 1 + a->envc + 1) * sizeof(uint32_t) - 3 * sizeof(uint32_t);
}

/*
 * The initial user stack, as crt0 expects it:
 *   esp -> argc, argv, envp, then argv[0..argc-1], NULL, envp[0..envc-1],
 *   NULL, then the strings.
 * Its pages (from native_stack_low up) are mapped: the kernel writes them through the direct map.
 */
static int native_stack(pde_t *pgdir, const struct proc_args *a, const char *path, uint32_t *esp)
{
	uint32_t sp = native_stack_low(a);
	uint32_t argv_va = sp + 3 * sizeof(uint32_t);
	uint32_t envp_va = argv_va + (uint32_t)(a->argc + 1) * sizeof(uint32_t);
	int err = args_place(pgdir, a, path, USER_STACK_TOP - a->bytes, argv_va, envp_va);
	if (err)
		return err;
	uint32_t head[3] = { (uint32_t)a->argc, argv_va, envp_va };
	proc_vm_write(pgdir, sp, head, sizeof head);
	*esp = sp;
	return 0;
}

/* Each personality's initial stack: its lowest address first, then the stack itself (its ESP). */
static uint32_t user_stack_low(const struct proc_args *a, const struct elf_image *info, const char *path)
{
	return info->linux_abi ? linux_stack_low(a, path) : native_stack_low(a);
}

/*
 * The lowest address the new stack may reach: a native one has
 * USER_STACK_PAGES with the top page, which its arguments share, and as
 * many pages below them as it would below that page when they take more.
 */
static uint32_t stack_bottom_for(const struct elf_image *info, uint32_t stack_low)
{
	uint32_t below_args = (stack_low & ~PAGE_OFFSET_MASK) - (USER_STACK_PAGES - 1) * PAGE_SIZE;
	if (info->linux_abi)
		return LINUX_STACK_BOTTOM;
	return below_args < USER_STACK_BOTTOM ? below_args : USER_STACK_BOTTOM;
}

/*
 * The new stack's top pages, from stack_low up, on fresh frames in pgdir,
 * with the arguments in them (copied from the caller's memory if they are
 * a user's: done while the caller's space is the current one). 0 with the
 * new ESP, or -ENOMEM, -EFAULT, -EINTR: what it mapped is pgdir's, freed
 * with it.
 */
static int build_user_stack(pde_t *pgdir, const struct proc_args *a, const struct elf_image *info, const char *path,
			    uint32_t stack_low, uint32_t *esp)
{
	for (uint32_t va = stack_low & ~PAGE_OFFSET_MASK; va < USER_STACK_TOP; va += PAGE_SIZE) {
		uint32_t frame = frame_alloc();
		if (!frame)
			return -ENOMEM;
		if (vm_map(pgdir, va, frame, PTE_U | PTE_W)) {
			frame_free(frame);
			return -ENOMEM;
		}
	}
	return info->linux_abi ? linux_build_stack(pgdir, a, info, path, esp) : native_stack(pgdir, a, path, esp);
}

void proc_free(struct proc *p)
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
	memset(p, 0, offsetof(struct proc, maps.a));   /* the areas and the FPU image are filled before use */
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
 * A program being loaded: a bare name (no '/') is the initrd's, read in
 * place; a path is a file on the VFS, of which only the first page (the
 * headers) is held here, in the frame head, the rest read page by page by
 * elf_load.
 */
struct program {
	struct elf_source src;
	uint32_t head;   /* a VFS program's first page (0: none) */
	/* A dynamic Linux program's interpreter (PT_INTERP): its file, first page, image and areas. */
	struct elf_source interp_src;
	uint32_t interp_head;
	struct elf_image interp;
	struct vm_area interp_areas[INTERP_AREAS];
	char interp_path[MAP_NAME_LEN];   /* its name in the maps listing */
	int interp_nareas;
	char script_line[SCRIPT_HEAD_MAX];   /* a "#!" script's line: its interpreter and argument */
};

/*
 * The program's file pages on fresh frames (the top of its stack, which the
 * arguments fill, is mapped already); the rest of the stack and the bss demand-zero, their
 * frames promised and their page tables made now, so that a first touch
 * needs nothing that can fail. 0, -ENOMEM or -EINTR (partial maps, and the promise in
 * p->demand_reserved, are the caller's to undo: proc_free).
 */
static int map_image(struct proc *p, const struct program *prog, const struct elf_image *info, uint32_t stack_low)
{
	p->ndemand = 0;
	int err = elf_load(p->pgdir, &prog->src, info, p->demand, &p->ndemand, DEMAND_REGIONS - 1);
	unsigned none = 0;
	if (!err && prog->interp_head)   /* mapped whole: its areas promise nothing */
		err = elf_load(p->pgdir, &prog->interp_src, &prog->interp, NULL, &none, 0);
	if (!err && info->linux_abi)
		err = linux_map_vdso(p->pgdir);
	if (err)
		return err;
	/* The stack's pages below its arguments' (mapped already: build_user_stack): USER_STACK_PAGES promised. */
	uint32_t args = stack_low & ~PAGE_OFFSET_MASK;
	uint32_t promised = info->linux_abi ? USER_STACK_BOTTOM : stack_bottom_for(info, stack_low);
	if (args > promised)
		p->demand[p->ndemand++] = (struct vm_region){ promised, args, PTE_U | PTE_W };
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

/*
 * A Linux stack below its promised pages, as Linux's grows: nothing is
 * promised for it (8 MiB for every process would be most of a small
 * machine), so a page comes only while a frame is free; without one the
 * fault stands (SIGSEGV, as Linux's failed growth).
 */
static bool stack_grow(struct proc *p, uint32_t va)
{
	pte_t *pte = vm_lookup(p->pgdir, va);
	if (pte && (*pte & PTE_P))
		return false;   /* present: a protection fault is no growth */
	uint32_t frame = frame_alloc();
	if (!frame)
		return false;
	if (vm_map(p->pgdir, va, frame, PTE_U | PTE_W)) {   /* its page table may be new */
		frame_free(frame);
		return false;
	}
	return true;
}

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
	if (!flags && va >= proc_stack_bottom(p) && va < USER_STACK_BOTTOM)
		return stack_grow(p, va);
	if (!flags && p->maps.n && !proc_mmap_fault(p, va, &flags))
		return false;
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

static void program_close(struct program *prog)
{
	if (prog->src.file)
		proc_program_close(prog->src.file);
	if (prog->head)
		frame_free(prog->head);
	if (prog->interp_src.file)
		proc_program_close(prog->interp_src.file);
	if (prog->interp_head)
		frame_free(prog->interp_head);
}

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* Why an interpreter is refused: -ELIBBAD (Linux's answer for one that is no i386 ELF), said on the console. */
static int bad_interp(const char *path, const char *why)
{
	kprintf("spawn: interpreter %s: %s\n", path, why);
	return -ELIBBAD;
}

/*
 * The interpreter a dynamic Linux program names (info: the program's,
 * checked): opened, checked as an i386 ELF of its own (ET_DYN, no
 * interpreter of its own) and placed as Linux places it, at the top of the
 * mmap area (just under the vDSO's guard), where the areas of the
 * libraries it maps go on downwards. 0 (prog->interp*, to close with
 * prog), the open's error (-ENOENT...), -ELIBBAD or -ENOMEM.
 */
static int open_interp(struct program *prog, const struct elf_image *info)
{
	char *path = prog->interp_path;
	if (info->interp_len > sizeof prog->interp_path)
		return -ENAMETOOLONG;   /* longer than any path the VFS takes */
	memcpy(path, (const char *)prog->src.img + info->interp_off, info->interp_len);   /* NUL-terminated (elf_check) */
	uint32_t size;
	int bad = proc_program_open(path, &prog->interp_src.file, &size);
	if (bad)
		return bad;
	prog->interp_head = frame_alloc();   /* zeroed: a file shorter than a page reads as it is */
	bad = prog->interp_head ? proc_program_page(prog->interp_src.file, P2V(prog->interp_head), 0) : -ENOMEM;
	if (bad)
		return bad;
	prog->interp_src.img = P2V(prog->interp_head);
	struct elf_image *in = &prog->interp;
	if (elf_check_head(prog->interp_src.img, min_u32(size, PAGE_SIZE), size, in))
		return bad_interp(path, in->error);
	if (((const Elf32_Ehdr *)prog->interp_src.img)->e_type != ET_DYN)
		return bad_interp(path, "not position-independent (ET_DYN)");
	if (in->interp_len)
		return bad_interp(path, "names an interpreter of its own");
	uint32_t span = in->image_end - in->lo;
	if (span > LINUX_HEAP_LIMIT - info->image_end)
		return bad_interp(path, "too large");
	elf_rebias(in, LINUX_HEAP_LIMIT - span);
	prog->interp_nareas = elf_areas(&prog->interp_src, in, prog->interp_areas, INTERP_AREAS);
	if (prog->interp_nareas < 0)
		return bad_interp(path, "too many segments");
	return 0;
}

static bool is_bare_name(const char *path)
{
	for (const char *s = path; *s; s++)
		if (*s == '/')
			return false;
	return true;
}

/*
 * A native program's pfgate note may lie past the first page (the build
 * puts it after the text): each PT_NOTE there that fits in one page is read
 * on its own and looked at. 0 (info->linux_abi cleared if one is pfgate's),
 * or -ENOMEM, or the read's error.
 */
static int find_far_note(struct program *prog, uint32_t head_len, uint32_t size, struct elf_image *info)
{
	const Elf32_Ehdr *eh = prog->src.img;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)((const char *)prog->src.img + eh->e_phoff);   /* in the head: checked */
	for (unsigned i = 0; i < eh->e_phnum && info->linux_abi; i++, ph++) {
		uint32_t at = ph->p_offset & PAGE_OFFSET_MASK;
		if (ph->p_type != PT_NOTE || ph->p_offset % sizeof(uint32_t) || ph->p_offset < head_len ||
		    ph->p_offset > size || ph->p_filesz > size - ph->p_offset || ph->p_filesz > PAGE_SIZE - at)
			continue;
		uint32_t frame = frame_alloc_raw();
		if (!frame)
			return -ENOMEM;
		int err = proc_program_page(prog->src.file, P2V(frame), ph->p_offset - at);
		if (!err && elf_note_is_pfgate((const char *)P2V(frame) + at, ph->p_filesz))
			info->linux_abi = false;
		frame_free(frame);
		if (err)
			return err;
	}
	return 0;
}

#define PROGRAM_IS_SCRIPT 1   /* program_open: path is a "#!" script, a's argv made its (args_script) */

/*
 * Open and check the program at path: 0 (prog to close), or an error with
 * nothing held. With a, a "#!" script is PROGRAM_IS_SCRIPT, nothing held,
 * a's argv its interpreter's (the line kept in prog); without, -ENOEXEC.
 */
static int program_open(const char *path, struct program *prog, struct elf_image *info, struct proc_args *a)
{
	prog->src = (struct elf_source){ NULL, NULL };
	prog->head = 0;
	prog->interp_src = (struct elf_source){ NULL, NULL };
	prog->interp_head = 0;
	prog->interp_nareas = 0;
	int bad;
	if (is_bare_name(path)) {
		struct ustar_entry file;
		if (!initrd_find(path, &file))
			return -ENOENT;
		if (file.is_dir)
			return -EACCES;   /* as Linux and POSIX answer: a folder is no program */
		prog->src.img = file.data;
		uint32_t irq = long_work_begin();
		bad = elf_check(file.data, file.size, info);
		long_work_end(irq);
	} else {
		uint32_t size;
		bad = proc_program_open(path, &prog->src.file, &size);
		if (bad)
			return bad;
		prog->head = frame_alloc();   /* zeroed: a file shorter than a page reads as it is */
		bad = prog->head ? proc_program_page(prog->src.file, P2V(prog->head), 0) : -ENOMEM;
		if (bad) {
			program_close(prog);
			return bad;
		}
		prog->src.img = P2V(prog->head);
		uint32_t head_len = size < PAGE_SIZE ? size : PAGE_SIZE;
		if (a && script_is(prog->src.img, head_len)) {
			const char *interp, *arg;
			bad = script_parse(prog->src.img, head_len, size, prog->script_line, &interp, &arg);
			program_close(prog);
			if (bad)
				return bad;
			args_script(a, interp, arg, path);
			return PROGRAM_IS_SCRIPT;
		}
		bad = elf_check_head(prog->src.img, head_len, size, info);
		if (!bad && info->linux_abi)
			bad = find_far_note(prog, head_len, size, info);
	}
	if (bad == -ENOEXEC)
		kprintf("spawn: %s: %s\n", path, info->error);
	info->interp_base = 0;
	if (!bad && info->interp_len && info->linux_abi) {
		bad = open_interp(prog, info);
		info->interp_base = prog->interp.lo;
	}
	if (bad)
		program_close(prog);
	return bad;
}

/*
 * The program at path, opened and checked: 0 with *prog (the caller's to
 * close), *info and the lowest address of its initial stack in *stack_low,
 * or -ENOENT, -EACCES (a folder), -ENOEXEC (reported on the console),
 * -E2BIG for arguments past the limits (a's counts and sizes filled:
 * args_measure), -EFAULT for a bad user array, with nothing held.
 */
static int find_program(const char **pathp, struct proc_args *a, struct program *prog, struct elf_image *info,
			uint32_t *stack_low)
{
	int bad = args_measure(a, *pathp);   /* first: it may reach a preemption point, holding nothing yet */
	if (!bad)
		bad = program_open(*pathp, prog, info, a);
	if (bad == PROGRAM_IS_SCRIPT) {   /* its interpreter runs, an ELF program (Linux would follow one more script) */
		*pathp = a->prefix[0];
		bad = args_measure(a, *pathp);
		if (!bad)
			bad = program_open(*pathp, prog, info, NULL);
	}
	if (bad)
		return bad;
	const char *path = *pathp;
	*stack_low = user_stack_low(a, info, path);
	/* A native stack pushed down by its arguments must still clear the image's end and the heap's guard page. */
	if (!info->linux_abi && stack_bottom_for(info, *stack_low) - PAGE_SIZE < page_up(info->image_end)) {
		program_close(prog);
		return -E2BIG;
	}
	return 0;
}

struct proc *proc_alloc(int *err)
{
	struct proc *p = NULL;
	for (struct proc *q = procs; q < &procs[NPROC]; q++)
		if (q->state == P_UNUSED) {
			p = q;
			break;
		}
	if (!p) {
		*err = -EAGAIN;
		return NULL;
	}
	p->kstack = kstack_alloc((unsigned)(p - procs));   /* with a guard page below */
	if (!p->kstack) {
		*err = -ENOMEM;
		return NULL;
	}
	p->state = P_EMBRYO;
	p->paths.taken = 0;   /* past the zeroed part: one killed inside a call may have left some taken */
	return p;
}

struct trap_frame *proc_first_frame(struct proc *p, uint32_t fs, uint32_t gs)
{
	uint32_t kstack_top = p->kstack + KSTACK_PAGES * PAGE_SIZE;
	struct trap_frame *tf = (struct trap_frame *)(kstack_top - sizeof *tf);   /* the caller fills it whole */
	struct context *ctx = (struct context *)tf - 1;
	*ctx = (struct context){
		.fs = fs,
		.gs = gs,
		.eflags = EFLAGS_RSVD,                   /* the kernel runs with interrupts off */
		.eip = (uint32_t)proc_first_return,   /* first run: out to user mode (swtch.asm) */
	};
	p->tf = tf;
	p->ctx = ctx;
	return tf;
}

/* Where a loaded program starts: its interpreter's entry if it has one, else its own. */
static uint32_t program_start(const struct program *prog, const struct elf_image *info)
{
	return info->interp_base ? prog->interp.entry : info->entry;
}

/* A fresh image's mappings: its interpreter's segments (none for a static program). */
static void set_interp_areas(struct proc *p, const struct program *prog)
{
	p->maps.n = 0;   /* and with it every name slot is free (proc_map_name): the table need not be cleared */
	uint16_t named = prog->interp_nareas ? proc_map_name(p, prog->interp_path) : 0;
	for (int i = 0; i < prog->interp_nareas; i++) {
		struct vm_area a = prog->interp_areas[i];
		if (a.flags & VMA_FILE)
			a.flags |= named;
		vma_insert(&p->maps, &a);   /* INTERP_AREAS < MMAP_AREAS: room for all */
	}
}

/* A fresh image's user registers: all zero but where the program starts and its stack. */
static void start_frame(struct trap_frame *tf, uint32_t entry, uint32_t esp)
{
	memset(tf, 0, sizeof *tf);
	tf->eip = entry;
	tf->cs = SEG_UCODE;
	tf->eflags = EFLAGS_IF | EFLAGS_RSVD;
	tf->esp = esp;
	tf->ss = SEG_UDATA;
	tf->ds = tf->es = SEG_UDATA;
}

/* Keep what /proc shows of the program p now runs: its path, where its arguments lie in its stack, and how far that stack may grow. */
static void set_program(struct proc *p, const char *path, const struct proc_args *a, const struct elf_image *info,
			uint32_t stack_low)
{
	p->execed = true;
	strlcpy_k(p->exe, path, sizeof p->exe);
	p->arg_start = args_low(a, info, path);
	p->arg_end = p->arg_start + a->argv_bytes;
	p->stack_bottom = stack_bottom_for(info, stack_low);
}

const char *proc_exe_path(const struct proc *p) { return p->exe; }

size_t proc_cmdline(const struct proc *p, uint32_t offset, char *buf, size_t size)
{
	size_t len = 0;
	uint32_t from = offset < p->arg_end - p->arg_start ? p->arg_start + offset : p->arg_end;
	for (uint32_t va = from; p->pgdir && va < p->arg_end && len < size;) {
		/* Through its page tables, as Linux's access_remote_vm: a page it no longer has ends the text. */
		pte_t *pte = vm_lookup(p->pgdir, va);
		if (!pte || (*pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
			break;
		size_t n = PAGE_SIZE - (va & PAGE_OFFSET_MASK);
		if (n > p->arg_end - va)
			n = p->arg_end - va;
		if (n > size - len)
			n = size - len;
		memcpy(buf + len, (const char *)P2V(*pte & PTE_ADDR_MASK) + (va & PAGE_OFFSET_MASK), n);
		len += n;
		va += (uint32_t)n;
	}
	return len;
}

void proc_start(struct proc *p, const char *name, struct proc *parent)
{
	p->pid = next_pid++;
	strlcpy_k(p->name, name, sizeof p->name);
	p->parent = parent;
	if (parent) {
		p->sibling = parent->children;
		parent->children = p;
	}
	/* Its parent's group and session (spawn and fork alike; exec keeps them); a kernel-started one leads its own. */
	p->pgid = parent ? parent->pgid : p->pid;
	p->sid = parent ? parent->sid : p->pid;
	p->killed = false;
	sched_make_runnable(p);
}

int proc_spawn(const char *path, const char *const *argv, int argc, const struct gate_set *gates, struct proc *parent)
{
	struct proc_args args = { .argv = argv, .argc = argc };
	return proc_spawn_args(path, &args, gates, parent);
}

int proc_spawn_args(const char *path, struct proc_args *a, const struct gate_set *gates, struct proc *parent)
{
	struct program prog;
	struct elf_image info;
	uint32_t stack_low;
	const char *name = basename(path);   /* a script's, as Linux names the process */
	int bad = find_program(&path, a, &prog, &info, &stack_low);
	if (bad)
		return bad;
	struct proc *p = proc_alloc(&bad);
	if (!p) {
		program_close(&prog);
		return bad;
	}
	/* A Linux program's gates are Linux's (the gate set is for native programs). */
	p->gate_table = info.linux_abi ? linux_gate_table() : gate_bind(gates);
	if (!p->gate_table)
		goto nomem;
	p->pgdir = vm_create();
	if (!p->pgdir)
		goto nomem;
	uint32_t esp;
	bad = build_user_stack(p->pgdir, a, &info, path, stack_low, &esp);
	if (!bad)
		bad = map_image(p, &prog, &info, stack_low);
	program_close(&prog);
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
	struct trap_frame *tf = proc_first_frame(p, 0, 0);   /* FS and GS start null */
	start_frame(tf, program_start(&prog, &info), esp);
	set_interp_areas(p, &prog);
	fpu_init_state(p->fpu);
	p->linux.abi = info.linux_abi;
	p->heap_base = p->brk = info.image_end;
	p->gates = *gates;
	set_program(p, path, a, &info, stack_low);
	proc_start(p, name, parent);
	return p->pid;

nomem:
	program_close(&prog);
	proc_free(p);
	return -ENOMEM;
}

/* Free the user half of p's address space pgdir, whose image ends at brk, and the promise of its untouched pages. */
static void drop_image(const struct proc *p, pde_t *pgdir, uint32_t brk, uint32_t demand_reserved)
{
	/* A process maps only its image and heap (elf_check keeps segments in that part), a Linux program's vDSO and vvar, its stack and its mappings. */
	struct vm_range mapped[3 + MMAP_AREAS];   /* not cleared: n of them are written */
	mapped[0] = (struct vm_range){ NULL_GUARD_END, page_up(brk) };
	mapped[1] = (struct vm_range){ LINUX_VVAR_BASE, LINUX_VDSO_BASE + PAGE_SIZE };   /* its data page and code; nothing for a native one */
	mapped[2] = (struct vm_range){ proc_stack_bottom(p), USER_STACK_TOP };
	unsigned n = 3 + proc_mmap_ranges(p, &mapped[3]);
	vm_destroy_ranges(pgdir, mapped, n);
	frame_unreserve(demand_reserved);   /* the pages it never touched */
}

int proc_exec(const char *path, struct proc_args *args)
{
	struct proc *p = current_proc();
	struct program prog;
	struct elf_image info;
	uint32_t stack_low;
	const char *name = basename(path);   /* a script's, as Linux names the process */
	int bad = find_program(&path, args, &prog, &info, &stack_low);
	if (bad)
		return bad;
	/* The new image is built beside the old, which stays whole until the switch. */
	pde_t *old_pgdir = p->pgdir;
	struct vm_region old_demand[DEMAND_REGIONS];
	memcpy(old_demand, p->demand, sizeof old_demand);
	unsigned old_ndemand = p->ndemand;
	uint32_t old_reserved = p->demand_reserved;
	const gate_handler_t *table = p->gate_table;
	if (info.linux_abi != p->linux.abi) {   /* a change of personality: the other dispatch table */
		table = info.linux_abi ? linux_gate_table() : gate_bind(&p->gates);
		if (!table) {
			program_close(&prog);
			return -ENOMEM;
		}
	}
	/*
	 * The arguments go into the new stack first, while p is wholly the old
	 * image (its space is the one a pause switches back to, its demand
	 * regions the ones a copy's fault finds): they are read from it.
	 */
	pde_t *new_pgdir = vm_create();
	uint32_t esp;
	bad = new_pgdir ? build_user_stack(new_pgdir, args, &info, path, stack_low, &esp) : -ENOMEM;
	p->pgdir = new_pgdir;
	p->demand_reserved = 0;
	if (!bad)
		bad = map_image(p, &prog, &info, stack_low);
	program_close(&prog);
	if (bad) {
		vm_activate(old_pgdir);   /* a pause in the loader may have switched to the new one */
		if (p->pgdir)
			vm_destroy(p->pgdir);
		frame_unreserve(p->demand_reserved);
		p->pgdir = old_pgdir;
		memcpy(p->demand, old_demand, sizeof old_demand);
		p->ndemand = old_ndemand;
		p->demand_reserved = old_reserved;
		if (table != p->gate_table)
			gate_unbind(table);
		return bad;
	}
	vm_activate(p->pgdir);
	if (p->vm_lender)   /* a vfork child: the old space is its parent's, which wakes now */
		proc_vm_give_back(p, old_pgdir, old_demand, old_ndemand, old_reserved);
	else
		drop_image(p, old_pgdir, p->brk, old_reserved);
	set_interp_areas(p, &prog);   /* the new image has no mappings but its interpreter's */
	proc_files_exec(p);   /* past the point of no return: close-on-exec descriptors go */
	signal_exec(p);       /* its handlers are in the image that went */
	start_frame(p->tf, program_start(&prog, &info), esp);
	if (table != p->gate_table) {
		gate_unbind(p->gate_table);
		p->gate_table = gate_cpu0.table = table;
	}
	if (p->linux.vfork_pending && p->parent)
		wakeup(p->parent);   /* a CLONE_VFORK child's parent sleeps until it execs (or exits) */
	memset(&p->linux, 0, sizeof p->linux);   /* a new program: no TLS, no counts, no vfork */
	p->linux.abi = info.linux_abi;
	sched_load_personality(p);
	__asm__ volatile("mov %0, %%fs\n\tmov %0, %%gs" : : "r"(0));   /* the user's FS and GS, live in the kernel: null, as at spawn */
	fpu_release(p);
	fpu_init_state(p->fpu);
	p->heap_base = p->brk = info.image_end;
	strlcpy_k(p->name, name, sizeof p->name);
	set_program(p, path, args, &info, stack_low);
	return 0;
}

/* A process the kernel started has nobody to wait for it: say how it ended. */
static void report_orphan_exit(const struct proc *p)
{
	if (WIFEXITED(p->wstatus))
		kprintf("exit: pid %d (%s) status %d\n", p->pid, p->name, WEXITSTATUS(p->wstatus));
	else if (WKILLREASON(p->wstatus))
		kprintf("exit: pid %d (%s) killed: %s\n", p->pid, p->name, kill_reason_text(WKILLREASON(p->wstatus)));
	else
		kprintf("exit: pid %d (%s) killed by signal %d\n", p->pid, p->name, WTERMSIG(p->wstatus));
}

/* Called by the scheduler after switching away from p. */
void proc_reap_orphan(struct proc *p)
{
	if (p->state == P_ZOMBIE && !p->parent)
		proc_free(p);
}

/*
 * p's children go to init, which waits for them as for its own (a zombie
 * among them wakes it); without an init, or when init itself ends, to
 * nobody: the kernel frees them when they end.
 */
static void give_children_away(struct proc *p)
{
	struct proc *to = reaper && reaper != p ? reaper : NULL;
	bool zombie = false;
	for (struct proc *c = p->children, *next; c; c = next) {
		next = c->sibling;
		c->parent = to;
		c->sibling = NULL;
		if (to) {
			c->sibling = to->children;
			to->children = c;
			zombie |= c->state == P_ZOMBIE;
		} else if (c->state == P_ZOMBIE) {
			proc_free(c);
		}
	}
	p->children = NULL;
	if (zombie)
		wakeup(to);
	if (p == reaper)
		reaper = NULL;
}

void proc_exit(int wstatus)
{
	struct proc *p = current_proc();
	if (p->pid == p->sid && leader_exit_hook)
		leader_exit_hook(p);
	proc_orphan_groups(p);
	give_children_away(p);
	proc_files_close(p);        /* pipe ends it held: readers see the end, writers -EPIPE */
	fpu_release(p);             /* its x87/MMX registers are restored into nobody */
	vm_activate(kernel_page_dir);
	if (p->vm_borrower)   /* killed in vfork's wait: its child keeps the space */
		proc_vm_hand_over(p);
	if (p->vm_lender)     /* a vfork child: the space is its parent's, which wakes now */
		proc_vm_give_back(p, p->pgdir, p->demand, p->ndemand, p->demand_reserved);
	else if (p->pgdir)
		drop_image(p, p->pgdir, p->brk, p->demand_reserved);
	p->maps.n = 0;
	p->demand_reserved = 0;
	p->pgdir = NULL;
	p->wstatus = wstatus;
	p->state = P_ZOMBIE;
	if (p->parent) {
		wakeup(p->parent);
		signal_post(p->parent, SIGCHLD, p->pid, 0);
	} else {
		report_orphan_exit(p);
		if (orphan_exit_hook)
			orphan_exit_hook(p);   /* bookkeeping only: work it asks for runs in the scheduler (sched_request_kernel_work) */
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
	proc_exit(kill_status(why));
}

/* The first reason wins: a process already on its way out keeps it. */
static void mark_killed(struct proc *p, enum kill_reason why)
{
	if (p->state == P_ZOMBIE || p->killed)
		return;
	p->killed = true;
	p->kill_why = (uint8_t)why;
	if (p->state == P_STOPPED)
		sched_make_runnable(p);   /* a stopped process ends too: it exits where it stopped */
	else
		sched_wake_sleeper(p);
}

void proc_kill_signal(struct proc *p, int sig, enum kill_reason why)
{
	if (p->state == P_ZOMBIE || p->killed)
		return;
	mark_killed(p, why);
	p->kill_sig = (uint8_t)sig;
}

int proc_kill(int pid)
{
	struct proc *self = current_proc();
	for (struct proc *c = procs; c < &procs[NPROC]; c++) {
		/* An embryo (a child being loaded while its parent yields) has no pid yet: 0, as a free slot's. */
		if (c->state == P_UNUSED || c->state == P_EMBRYO || c->pid != pid)
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

void proc_check_killed(void)
{
	struct proc *p = current_proc();
	if (p && p->killed)
		proc_exit(p->kill_why ? kill_status((enum kill_reason)p->kill_why) : proc_signalled_status(p->kill_sig, 0));
}

/* Does child c match wait's pid: -1 any, > 0 that one, 0 the caller's group, < -1 group -pid. */
static bool wait_matches(const struct proc *c, int pid, const struct proc *self)
{
	return pid == -1 || (pid > 0 && c->pid == pid) || (pid == 0 && c->pgid == self->pgid) ||
	       (pid < -1 && c->pgid == -pid);
}

struct proc *proc_wait_child(int pid, unsigned long options, int *err)
{
	struct proc *self = current_proc();
	for (;;) {
		bool have = false;
		for (struct proc *c = self->children; c; c = c->sibling) {
			if (!wait_matches(c, pid, self))
				continue;
			have = true;
			if (c->state == P_ZOMBIE ||
			    (c->wait_report == WAIT_REPORT_STOP && c->state == P_STOPPED && (options & WUNTRACED)) ||
			    (c->wait_report == WAIT_REPORT_CONT && (options & WCONTINUED)))
				return c;
		}
		if (!have || (options & WNOHANG)) {
			*err = have ? 0 : -ECHILD;
			return NULL;
		}
		if (sleep_on(self, 0)) {
			*err = -EINTR;
			return NULL;
		}
	}
}

int proc_reap(struct proc *zombie)
{
	int pid = zombie->pid;
	proc_free(zombie);
	return pid;
}

