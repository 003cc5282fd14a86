/* Boot: bring the machine up in order, then hand the CPU to the scheduler. */
#include "boot/multiboot.h"
#include "arch/segments.h"
#include "arch/cpu.h"
#include "arch/traps.h"
#include "tty/console.h"
#include "kernel/cmdline.h"
#include "linux/linux_calls.h"
#include "linux/vclock.h"
#include "lib/panic.h"
#include "proc/sched.h"
#include "kernel/selftest.h"
#include "mm/kstack.h"
#include "kernel/double_fault.h"
#include "fs/initrd.h"
#include "vfs/vfs.h"
#include "kernel/boot_programs.h"
#include "lib/string.h"
#include "arch/x86.h"
#include "proc/fpu.h"
#include "arch/smap.h"
#include "lib/ksyms.h"
#include "pfgate/gate_table.h"
#include "kernel/part.h"
#include "pfgate/gate_log.h"
#include "mm/memmap.h"
#include "mm/paging.h"
#include "mm/direct_map.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/keyboard.h"
#include "kernel/machine.h"
#include "kernel/disk_mount.h"

#define MAX_REGIONS 64
#define LOW_MEMORY_END 0x100000u   /* BIOS, EBDA, VGA and ROMs: never handed out */
#define DEFAULT_RUN "hello"

extern char _kernel_start[], _kernel_end[];

struct boot_memory {
	uint64_t ram_top;
	uint32_t initrd_start, initrd_end;
};

void kmain(uint32_t magic, uint32_t mbi_phys);
void run_on_stack(uint32_t top, void (*fn)(void *), void *arg) __attribute__((noreturn));   /* entry.asm */
static void kmain_guarded(void *boot_memory) __attribute__((noreturn));

/*
 * gatedecline (a test), gatelog (or gatecount: the same path, counting
 * without printing), else gatereturn=iret|sysexit (default: sysexit where the
 * CPU has it; see make bench).
 */
static enum pf_gate_entry pf_gate_entry_choice(void)
{
	char how[16];
	if (cmdline_flag("gatedecline"))
		return PF_GATE_ENTRY_DECLINING;
	gate_log_quiet = cmdline_flag("gatecount");
	if (cmdline_flag("gatelog") || gate_log_quiet)
		return PF_GATE_ENTRY_LOGGED;
	if (cmdline_get("gatereturn", how, sizeof how) && !strcmp(how, "iret"))
		return PF_GATE_ENTRY_IRET;
	return cpu_has_sysenter() ? PF_GATE_ENTRY_SYSEXIT : PF_GATE_ENTRY_IRET;
}

/*
 * The entries ring 3 reaches, by name: which lean copy the boot chose (with or
 * without the SMAP window, boot/smap.inc) is then visible to a reader and to
 * the tests.
 */
static void entries_banner(void)
{
	uint32_t off;
	const char *pf = ksym_lookup(idt_handler(T_PAGE_FAULT), &off);
	const char *se = cpu_has_sysenter() ? ksym_lookup(cpu_sysenter_target(), &off) : NULL;
	kprintf("entry: #PF %s, sysenter %s", pf ? pf : "?", se ? se : "none");
	const char *i80 = idt_handler(DOOR_INT_VECTOR) ? ksym_lookup(idt_handler(DOOR_INT_VECTOR), &off) : NULL;
	if (i80)
		kprintf(", int 0x80 %s", i80);   /* make bench's door, when open */
	kprintf("\n");
}

/*
 * Every word of the command line must be an option with an accepted value
 * (kernel/cmdline_options.h), every program it names must be in the initrd:
 * anything else stops the boot with one line that says what is wrong and
 * what is accepted, a failing exit under testexit. A typo never boots on as
 * if the word were not there.
 */
static void cmdline_validate(void)
{
	static char programs[CMDLINE_MAX * 2], msg[CMDLINE_MAX * 4];
	size_t n = 0;
	struct ustar_entry e;
	for (uint32_t off = 0; initrd_next(&off, &e);) {
		size_t len = strlen(e.name);
		if (!e.is_dir && n + len + 2 <= sizeof programs) {
			memcpy(programs + n, e.name, len);
			programs[n + len] = ' ';
			n += len + 1;
		}
	}
	programs[n] = '\0';
	if (cmdline_check(cmdline_raw(), programs, msg, sizeof msg))
		return;
	kprintf("%s\n", msg);
	if (cmdline_flag("testexit"))
		machine_test_exit(false);
	machine_halt("boot stopped: the kernel command line is not accepted");
}

/* Read all we need from the multiboot info before any frame is handed out. */
static struct boot_memory read_boot_info(const struct mb_info *mbi, uint32_t mbi_phys)
{
	static struct mem_region regions[MAX_REGIONS];
	struct boot_memory bm = { 0, 0, 0 };
	unsigned n = 0;

	cmdline_init((mbi->flags & MB_INFO_CMDLINE) ? (const char *)P2V(mbi->cmdline) : "");
	if (mbi->flags & MB_INFO_MMAP) {
		n = memmap_parse(P2V(mbi->mmap_addr), mbi->mmap_length, regions, MAX_REGIONS, &bm.ram_top);
	} else if (mbi->flags & MB_INFO_MEM) {
		/* No map: mem_upper KiB start at 1 MiB. */
		regions[0] = (struct mem_region){ LOW_MEMORY_END, (uint64_t)mbi->mem_upper * 1024, true };
		n = 1;
		bm.ram_top = regions[0].base + regions[0].len;
	} else {
		panic("boot: the loader gave no memory information");
	}
	frames_init(regions, n, bm.ram_top);
	frame_pool_reserve(&frames, 0, LOW_MEMORY_END);
	frame_pool_reserve(&frames, V2P(_kernel_start), (uint32_t)(_kernel_end - _kernel_start));
	frame_pool_reserve(&frames, mbi_phys, sizeof *mbi);
	if ((mbi->flags & MB_INFO_MODS) && mbi->mods_count) {
		const struct mb_module *mods = P2V(mbi->mods_addr);
		for (uint32_t i = 0; i < mbi->mods_count; i++)
			frame_pool_reserve(&frames, mods[i].mod_start, mods[i].mod_end - mods[i].mod_start);
		bm.initrd_start = mods[0].mod_start;
		bm.initrd_end = mods[0].mod_end;
	}
	return bm;
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	smap_patch_boot();          /* before anything can trap: every entry runs a clac site */
	gdt_init();                 /* our segments and the TSS */
	idt_init();                 /* exceptions, IRQs, and the #PF gate entry */
	double_fault_init();        /* #DF as a task with its own stack */
	pic_init();                 /* IRQs to vectors 32-47, all masked */
	console_init();             /* COM1 and VGA text */
	if (magic != MB_BOOT_MAGIC)
		panic("boot: not loaded by a multiboot loader (magic %08x)", magic);

	const struct mb_info *mbi = P2V(mbi_phys);
	struct boot_memory bm = read_boot_info(mbi, mbi_phys);
	paging_init();              /* drop the boot identity map */
	console_screen_init(mbi);   /* a framebuffer instead of VGA text, where the loader set one */
	kstack_init();              /* the guarded kernel stacks' region */
	uint32_t top = kstack_boot_alloc();
	if (!top)
		panic("boot: no frames for the boot stack");
	static struct boot_memory kept;   /* this stack frame is left behind */
	kept = bm;
	run_on_stack(top, kmain_guarded, &kept);   /* the rest on the guarded boot stack */
}

/* The rest of the boot, on the guarded boot stack; then the scheduler on it. */
static void kmain_guarded(void *boot_memory)
{
	const struct boot_memory bm = *(const struct boot_memory *)boot_memory;
	cpu_protect_init(!cmdline_flag("nosmep"), !cmdline_flag("nosmap"));
	fpu_boot_init();            /* a clean x87 state for every process */
	sched_init();
	gate_bind_init();           /* the shared gate dispatch table */
	/* Linux programs' table and vDSO (src/linux); gatelog names their calls too (they bypass its stub). */
	linux_init(cmdline_flag("gatelog"), cmdline_flag("linuxlog"));
	linux_vclock_init();        /* the vDSO's clocks: the TSC timed by the PIT before its tick starts */
	pit_init();                 /* TIMER_HZ tick */
	keyboard_init();
	if (bm.initrd_end > bm.initrd_start)
		initrd_init(P2V(bm.initrd_start), bm.initrd_end - bm.initrd_start);
	cpu_sysenter_init();        /* sysexit's return; a user's sysenter lands on the refusal */
	for (const kernel_part_init_t *part = __start_kernel_parts; part < __stop_kernel_parts; part++)
		(*part)();              /* the optional parts linked in: make bench's doors */
	if (cmdline_flag("doors") && !idt_handler(DOOR_INT_VECTOR))
		kprintf("doors: not in this kernel (make bench's has them: build/bench/kernel.elf); the page fault stays the only way in\n");
	idt_set_pf_gate_entry(pf_gate_entry_choice());

	uint32_t usable_kib = frames_free_count() * (PAGE_SIZE / 1024);
	kprintf("pfgate kernel: IA-32, services behind page-fault gates\n");
	kprintf("memory: %u MiB of RAM found, %u KiB usable, %u free frames\n",
		(uint32_t)(bm.ram_top >> 20), usable_kib, frames_free_count());
	cpu_protect_banner();
	entries_banner();
	if (bm.ram_top > DIRECT_MAP_SIZE)
		kprintf("memory: only the first %u MiB are used (direct map)\n", DIRECT_MAP_SIZE >> 20);
	kprintf("initrd: %u bytes; command line: %s\n", bm.initrd_end - bm.initrd_start, cmdline_raw());
	/* Under Bochs the TSC counts instructions: this is the exact cost of booting to here. */
	kprintf("boot: banner at TSC %llu\n", rdtsc());
	cmdline_validate();
	disk_mount_boot();          /* before the self-tests (selftest=disk) and testexit's frame count */
	vfs_mount_root();

	static char buf[CMDLINE_MAX], init[CMDLINE_MAX];
	if (cmdline_get("selftest", buf, sizeof buf))
		machine_test_exit(selftest_run(buf));

	/* With neither run= nor init=, run hello and then the shell. */
	bool have_run = cmdline_get("run", buf, sizeof buf);
	bool have_init = cmdline_get("init", init, sizeof init);
	if (!have_run && !have_init) {
		strlcpy_k(buf, DEFAULT_RUN, sizeof buf);
		strlcpy_k(init, BOOT_NATIVE_SHELL, sizeof init);
		have_run = have_init = true;
	}
	boot_programs_init(have_run ? buf : "", have_init ? init : NULL,
			   cmdline_flag("testexit") ? BOOT_END_TEST_EXIT :
			   cmdline_flag("poweroff") ? BOOT_END_POWEROFF : BOOT_END_IDLE);
	console_start_interrupts();   /* up to here every message went out before the next step */
	scheduler();
}
