/*
 * In-kernel self-tests, chosen with selftest=... on the command line. They
 * print TAP (a plan, "ok N - name", "# " diagnostics) for the host harness.
 * `fault` deliberately faults in the kernel, so it ends the run with a panic
 * report: the harness checks that report, not a TAP line. So do
 * `gatefetch` (the kernel jumping to a gate is a kernel fault, not a call),
 * `smap`, `smap_listed` and `smep`, which touch a user page as SMAP and SMEP
 * forbid (on a CPU without them the access goes through and they say so).
 */
#include "kernel/selftest.h"
#include "kernel/cmdline.h"
#include "tty/console.h"
#include "lib/string.h"
#include "mm/frames.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/direct_map.h"
#include "mm/kstack.h"
#include "proc/sched.h"
#include "arch/smap.h"
#include "lib/panic.h"
#include "arch/x86.h"
#include <pfgate/errno.h>

/* A user address, as a test names one: an integer made a user pointer (never a kernel one). */
#define UPTR(addr) ((void __user *)(uint32_t)(addr))

static int tap_n;
static bool all_ok = true;

static void tap(bool ok, const char *name)
{
	kprintf("%sok %d - %s\n", ok ? "" : "not ", ++tap_n, name);
	if (!ok)
		all_ok = false;
}

#define CHECK(cond) do { if (!(cond)) { kprintf("# check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); return false; } } while (0)

/* Take every frame, check none is handed out twice, give them all back. */
static bool test_frames(void)
{
	uint32_t before = frames_free_count();
	CHECK(before > 0);
	/* Chain the frames through their own first word: no extra memory needed. */
	uint32_t head = 0, taken = 0;
	for (uint32_t pa; (pa = frame_pool_alloc(&frames)) != 0; taken++) {
		CHECK(pa % PAGE_SIZE == 0 && pa >= KERNEL_LOAD_PHYS);
		*(uint32_t *)P2V(pa) = head;
		head = pa;
	}
	CHECK(taken == before);
	CHECK(frames_free_count() == 0);
	CHECK(frame_pool_alloc(&frames) == 0);
	CHECK(frame_pool_alloc_contig(&frames, 2) == 0);
	kprintf("# frames: took all %u free frames (%u KiB)\n", taken, taken * (PAGE_SIZE / 1024));
	while (head) {
		uint32_t next = *(uint32_t *)P2V(head);
		CHECK(frame_pool_free(&frames, head));
		head = next;
	}
	CHECK(frames_free_count() == before);
	CHECK(frame_pool_is_used(&frames, KERNEL_LOAD_PHYS));   /* the kernel image was never handed out */
	uint32_t run = frame_pool_alloc_contig(&frames, 4);
	CHECK(run);
	for (uint32_t i = 0; i < 4; i++)
		CHECK(frame_pool_free(&frames, run + i * PAGE_SIZE));
	CHECK(!frame_pool_free(&frames, run));                /* double free refused */
	CHECK(frames_free_count() == before);
	return true;
}

/* Map, use, unmap pages in a fresh address space; the gate window refuses maps. */
static bool test_paging(void)
{
	uint32_t before = frames_free_count();
	pde_t *pd = vm_create();
	CHECK(pd);
	CHECK(!(pd[PDX(GATE_BASE)] & PTE_P));
	static const uint32_t vas[] = { USER_BASE, USER_BASE + PAGE_SIZE, 0x40000000u, USER_STACK_TOP - PAGE_SIZE };
	for (unsigned i = 0; i < sizeof vas / sizeof vas[0]; i++) {
		uint32_t f = frame_alloc();
		CHECK(f);
		CHECK(vm_map(pd, vas[i], f, PTE_U | PTE_W) == 0);
		pte_t *pte = vm_lookup(pd, vas[i]);
		CHECK(pte && (*pte & PTE_ADDR_MASK) == f && (*pte & (PTE_P | PTE_U | PTE_W)) == (PTE_P | PTE_U | PTE_W));
	}
	uint32_t f = frame_alloc();
	CHECK(vm_map(pd, GATE_BASE, f, PTE_U) == -EINVAL);
	CHECK(vm_map(pd, GATE_BASE + 5 * PAGE_SIZE, f, PTE_U) == -EINVAL);
	CHECK(vm_map(pd, KERNEL_BASE, f, PTE_U) == -EINVAL);
	CHECK(vm_map(pd, 0, f, PTE_U) == -EINVAL);
	CHECK(!(pd[PDX(GATE_BASE)] & PTE_P));
	frame_free(f);
	uint32_t g = vm_unmap(pd, vas[1]);
	CHECK(g);
	CHECK(vm_unmap(pd, vas[1]) == 0);
	frame_free(g);
	/* Round trip through the MMU: activate the space and write the user page (SMAP: through the window). */
	vm_activate(pd);
	uint32_t coffee = 0xC0FFEE;
	CHECK(copy_to_user(UPTR(vas[0]), &coffee, sizeof coffee) == 0);
	pte_t *pte = vm_lookup(pd, vas[0]);
	CHECK(*(uint32_t *)P2V(*pte & PTE_ADDR_MASK) == 0xC0FFEE);
	vm_activate(kernel_page_dir);
	vm_destroy(pd);
	CHECK(frames_free_count() == before);
	return true;
}

/* Checked copies from kernel context: bad user pointers get -EFAULT, never a fault. */
static bool test_uaccess(void)
{
	char buf[16];
	uint32_t w;
	CHECK(copy_from_user(buf, UPTR(0), sizeof buf) == -EFAULT);               /* NULL page, unmapped */
	CHECK(copy_from_user(buf, UPTR(KERNEL_BASE), 4) == -EFAULT);              /* kernel half */
	CHECK(copy_from_user(buf, UPTR(KERNEL_BASE - 2), 4) == -EFAULT);          /* straddles */
	CHECK(copy_from_user(buf, UPTR(0xFFFFFFF0u), 32) == -EFAULT);             /* wraps */
	CHECK(copy_from_user(buf, UPTR(GATE_BASE), 4) == -EFAULT);                /* gate window */
	CHECK(copy_to_user(UPTR(USER_BASE), buf, 4) == -EFAULT);                  /* nothing mapped here now */
	CHECK(copy_from_user(buf, UPTR(USER_BASE), 0) == 0);                      /* zero length is fine */
	CHECK(get_user_u32(&w, UPTR(GATE_BASE + 8)) == -EFAULT);
	CHECK(get_user_u32(&w, UPTR(KERNEL_BASE - 3)) == -EFAULT);
	CHECK(strncpy_from_user(buf, UPTR(KERNEL_BASE), sizeof buf) == -EFAULT);
	CHECK(strncpy_from_user(buf, UPTR(USER_BASE), sizeof buf) == -EFAULT);
	return true;
}

/*
 * The copy primitives on a real user page: every length 0..LEN_MAX at every
 * alignment of both sides comes out exact, with the bytes around it
 * untouched; a copy running off the page's end gets -EFAULT whether the
 * fault hits the dword part or the byte tail, and one ending exactly there
 * works; so do long copies, which run with interrupts on and give the
 * caller's interrupt state back. After each, SMAP's window is closed (AC clear).
 */
#define COPY_LEN_MAX 11
#define COPY_GUARD 0x5A
static bool test_copies(void)
{
	pde_t *pgdir = vm_create();
	uint32_t frame = frame_alloc();
	CHECK(pgdir && frame && vm_map(pgdir, USER_BASE, frame, PTE_U | PTE_W) == 0);
	vm_activate(pgdir);
	char src[COPY_LEN_MAX + 8], dst[COPY_LEN_MAX + 8];
	bool ok = true;
	for (unsigned len = 0; len <= COPY_LEN_MAX && ok; len++)
		for (unsigned so = 0; so < 4 && ok; so++)
			for (unsigned uo = 0; uo < 4 && ok; uo++) {
				for (unsigned i = 0; i < sizeof src; i++)
					src[i] = (char)(len * 16 + i + 1);
				memset(dst, COPY_GUARD, sizeof dst);
				uint32_t u = USER_BASE + 64 + uo;
				ok &= copy_to_user(UPTR(u - 1), dst, len + 2) == 0;            /* guards in user memory */
				ok &= copy_to_user(UPTR(u), src + so, len) == 0;
				ok &= copy_from_user(dst + so, UPTR(u - 1), len + 2) == 0;     /* read back with a guard each side */
				ok &= dst[so] == COPY_GUARD && dst[so + len + 1] == COPY_GUARD;
				ok &= memcmp(dst + so + 1, src + so, len) == 0;
			}
	CHECK(ok);
	uint32_t end = USER_BASE + PAGE_SIZE;                                     /* the next page is not mapped */
	CHECK(copy_from_user(src, UPTR(end - 3), 4) == -EFAULT);                        /* faults in the dword copy */
	CHECK(copy_from_user(src, UPTR(end - 5), 6) == -EFAULT);                        /* faults in the byte tail */
	CHECK(copy_to_user(UPTR(end - 3), src, 4) == -EFAULT);
	CHECK(copy_to_user(UPTR(end - 5), src, 6) == -EFAULT);
	CHECK(copy_from_user(src, UPTR(end - 6), 6) == 0);                              /* ends at the last byte */
	CHECK(copy_to_user(UPTR(end - 7), src, 7) == 0);
	CHECK(!(read_eflags() & EFLAGS_AC));     /* SMAP's window closed again after a copy and after a fault */
	/* Long copies (interrupts on while they run): exact, still -EFAULT off the page, interrupts off again after. */
	static char whole[PAGE_SIZE], again[PAGE_SIZE];
	_Static_assert(PAGE_SIZE >= UACCESS_LONG_COPY, "a page is a long copy");
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		whole[i] = (char)(i * 7 + 3);
	CHECK(copy_to_user(UPTR(USER_BASE), whole, PAGE_SIZE) == 0);
	CHECK(copy_from_user(again, UPTR(USER_BASE), PAGE_SIZE) == 0 && memcmp(again, whole, PAGE_SIZE) == 0);
	CHECK(copy_from_user(again, UPTR(USER_BASE + 4), PAGE_SIZE) == -EFAULT);        /* its last dword faults */
	CHECK(copy_to_user(UPTR(USER_BASE + 1), whole, PAGE_SIZE) == -EFAULT);          /* its last byte faults */
	CHECK(!(read_eflags() & (EFLAGS_IF | EFLAGS_AC)));
	vm_activate(kernel_page_dir);
	vm_destroy(pgdir);
	return true;
}

/* Write to an address no page maps: the panic report is what the harness checks. */
static void __attribute__((noinline)) selftest_fault_now(void)
{
	kprintf("# fault: writing to %08x from the kernel\n", 0xFFFFF000u);
	*(volatile uint32_t *)0xFFFFF000u = 0xDEAD;
}

/*
 * kstack_overflow: start a process (never scheduled) and recurse without end
 * on its guarded kernel stack. The guard page stops it: the #PF cannot be
 * pushed, the #DF task reports the stack and its process, and panics.
 */
static unsigned __attribute__((noinline)) selftest_recurse(unsigned depth)
{
	volatile uint32_t pad[16];
	pad[0] = depth;
	if (depth > 0x10000000u)   /* never: the stacks are 8 or 16 KiB */
		return 0;
	return selftest_recurse(depth + 1) + pad[0];
}

static void __attribute__((noinline, noreturn)) selftest_overflow_on_stack(void)
{
	selftest_recurse(0);
	panic("kstack_overflow: the recursion came back");
}

static void selftest_kstack_overflow(void)
{
	const char *argv[] = { "true", NULL };
	struct gate_set none = { { 0 } };
	int pid = proc_spawn("true", argv, 1, &none, NULL);
	struct proc *p = NULL;
	for (int i = 0; i < NPROC; i++)
		if (procs[i].pid == pid && pid > 0)
			p = &procs[i];
	if (!p) {
		kprintf("# kstack_overflow: could not start a process: %d\n", pid);
		return;
	}
	uint32_t top = p->kstack + KSTACK_PAGES * PAGE_SIZE;
	kprintf("# kstack_overflow: recursing on the kernel stack of pid %d [%08x, %08x)\n", pid, p->kstack, top);
	__asm__ volatile("mov %0, %%esp\n\tcall *%1" : : "r"(top), "r"(selftest_overflow_on_stack) : "memory");
	__builtin_unreachable();
}

/*
 * boot_stack_overflow: recurse without end right here, on the boot stack
 * (kmain moved to it before the self-tests): its guard page stops it, and
 * the #DF task reports the boot stack.
 */
static void selftest_boot_stack_overflow(void)
{
	uint32_t esp;
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	kprintf("# boot_stack_overflow: recursing at esp %08x, on the boot stack [%08x, %08x): %s\n", esp,
		KSTACK_BOOT_BASE, KSTACK_BOOT_TOP, esp >= KSTACK_BOOT_BASE && esp < KSTACK_BOOT_TOP ? "yes" : "no");
	selftest_recurse(0);
	panic("boot_stack_overflow: the recursion came back");
}

/*
 * The kernel jumps to gate 0 with what looks like a user stack above the
 * fault frame (a mapped user page holding a return address): only the #PF
 * stub's user-mode check stands between this and the kernel "returning" to
 * ring 3. The expected outcome is the panic report of a kernel-mode #PF at
 * the gate address.
 */
static void __attribute__((noinline)) selftest_gate_fetch_now(void)
{
	pde_t *pgdir = vm_create();
	uint32_t frame = frame_alloc();
	if (!pgdir || !frame || vm_map(pgdir, USER_BASE, frame, PTE_U | PTE_W))
		return;
	*(uint32_t *)P2V(frame) = (uint32_t)selftest_gate_fetch_now;   /* a "return address" */
	vm_activate(pgdir);
	kprintf("# gatefetch: the kernel jumps to %08x with a readable return address above it\n", GATE_ADDR(0));
	__asm__ volatile("push %0\n\tjmp *%1" : : "r"(USER_BASE), "r"(GATE_ADDR(0)) : "memory");
}

/*
 * A user page, mapped in a fresh address space that is made current, holding
 * a `ret`: what the SMAP and SMEP self-tests touch from the kernel.
 */
static uint32_t map_test_user_page(void)
{
	pde_t *pd = vm_create();
	uint32_t f = frame_alloc();
	if (!pd || !f || vm_map(pd, USER_BASE, f, PTE_U | PTE_W))
		panic("selftest: no memory for a user page");
	*(volatile uint8_t *)P2V(f) = X86_RET;
	vm_activate(pd);
	return USER_BASE;
}

/* Read a user page outside the user-access window: SMAP's fault, panic report. */
static void __attribute__((noinline)) selftest_smap_now(void)
{
	uint32_t va = map_test_user_page();
	kprintf("# smap: reading the user page at %08x from the kernel, window closed\n", va);
	(void)*(volatile uint32_t *)va;
	kprintf("# smap: the read went through: SMAP is %s\n", cpu_smap_on() ? "on, yet did not fault" : "off");
}

/*
 * The same read through a listed user-copy instruction, the window still
 * closed (a primitive that forgot its stac): SMAP's report, not -EFAULT.
 */
int raw_copy_user(void *dst, const void *src, size_t n);
static void __attribute__((noinline)) selftest_smap_listed_now(void)
{
	uint32_t va = map_test_user_page();
	uint32_t w;
	kprintf("# smap_listed: copying from %08x with a listed load, window closed\n", va);
	int err = raw_copy_user(&w, (const void *)va, sizeof w);
	kprintf("# smap_listed: the copy returned %d: SMAP is %s\n", err, cpu_smap_on() ? "on, yet did not report" : "off");
}

/* Call into a user page from the kernel: SMEP's fault, panic report. */
static void __attribute__((noinline)) selftest_smep_now(void)
{
	uint32_t va = map_test_user_page();
	kprintf("# smep: calling the user page at %08x from the kernel\n", va);
	((void (*)(void))va)();
	kprintf("# smep: the call returned: SMEP is %s\n", cpu_smep_on() ? "on, yet did not fault" : "off");
}

#define SELFTEST_TAP(name, fn) { #name, fn, NULL },
#define SELFTEST_ENDS(name, fn) { #name, NULL, fn },
static const struct {
	const char *name;
	bool (*tap)(void);      /* a TAP test */
	void (*ends)(void);     /* or one that ends the run */
} tests[] = { SELFTESTS(SELFTEST_TAP, SELFTEST_ENDS) };

bool selftest_run(const char *list)
{
	int planned = 0, named = 0;
	for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		planned += tests[i].tap && list_contains(list, tests[i].name);
		named += list_contains(list, tests[i].name);
	}
	kprintf("1..%d\n", planned);
	if (!named) {
		/* The command line check refuses this first; a run of nothing must not pass. */
		kprintf("# selftest: '%s' names no self-test: FAILED\n", list);
		return false;
	}
	for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++)
		if (tests[i].tap && list_contains(list, tests[i].name))
			tap(tests[i].tap(), tests[i].name);
	for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++)
		if (tests[i].ends && list_contains(list, tests[i].name))
			tests[i].ends();
	kprintf("# selftest: %s\n", all_ok ? "all passed" : "FAILED");
	return all_ok;
}
