/*
 * A Linux program's start (proc/linux_upcalls.h): its vDSO page and the
 * initial stack Linux's i386 ABI gives it:
 *   esp -> argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL,
 *          auxv (type, value pairs, AT_NULL last), then AT_RANDOM's 16 bytes,
 *          the argument and environment strings and AT_EXECFN's path.
 * ESP is 16-aligned at argc, as Linux leaves it.
 */
#include "linux/linux_calls.h"
#include "linux/vclock.h"
#include "proc/linux_upcalls.h"
#include "proc/sched.h"
#include "proc/args.h"
#include "proc/elf.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "arch/x86.h"
#include "lib/string.h"
#include <pfgate/errno.h>

enum {   /* the auxiliary vector's types (Linux's include/uapi/linux/auxvec.h numbers) */
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
	AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17,
	AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31, AT_SYSINFO = 32, AT_SYSINFO_EHDR = 33,
};
#define AUXV_ENTRIES 19        /* the pairs linux_build_stack writes, AT_NULL's included */
#define AT_RANDOM_BYTES 16
#define LINUX_USER_HZ 100      /* AT_CLKTCK: what times() counts in, as on Linux/i386 */
#define STACK_ALIGN 16

static uint32_t words(const struct proc_args *a)
{
	return 1 + (uint32_t)a->argc + 1 + (uint32_t)a->envc + 1 + 2 * AUXV_ENTRIES;
}

uint32_t linux_stack_low(const struct proc_args *a, const char *path)
{
	uint32_t sp = USER_STACK_TOP - a->bytes - (strlen(path) + 1) - AT_RANDOM_BYTES;
	return (sp - words(a) * sizeof(uint32_t)) & ~(uint32_t)(STACK_ALIGN - 1);
}

int linux_map_vdso(pde_t *pgdir)
{
	uint32_t frame = frame_alloc_raw();
	if (!frame)
		return -ENOMEM;
	memcpy(P2V(frame), linux_vdso_page, PAGE_SIZE);   /* its own copy: a change hurts one process */
	if (vm_map(pgdir, LINUX_VDSO_BASE, frame, PTE_U)) {   /* read-only */
		frame_free(frame);
		return -ENOMEM;
	}
	return linux_map_vvar(pgdir);   /* a failure leaves the vDSO mapped: the caller's undo frees it */
}

/* Not secret, only different per program: the TSC's bits, stirred (glibc takes its stack guard from them). */
static void random_bytes(uint8_t *out, unsigned n)
{
	uint64_t x = rdtsc() | 1;
	for (unsigned i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = (uint8_t)(x >> 24);
	}
}

int linux_build_stack(pde_t *pgdir, const struct proc_args *a, const struct elf_image *info, const char *path,
		      uint32_t *esp)
{
	uint32_t path_len = strlen(path) + 1;
	uint32_t execfn = USER_STACK_TOP - path_len;
	uint32_t strings = execfn - a->bytes;   /* argv's, then envp's (args_place) */
	proc_vm_write(pgdir, execfn, path, path_len);
	uint32_t sp = strings;
	uint8_t rnd[AT_RANDOM_BYTES];
	random_bytes(rnd, sizeof rnd);
	sp -= sizeof rnd;
	proc_vm_write(pgdir, sp, rnd, sizeof rnd);
	uint32_t at_random = sp;

	uint32_t eax, ebx, ecx, edx;
	cpuid(CPUID_LEAF_FEATURES, &eax, &ebx, &ecx, &edx);
	const Elf32_Ehdr *vdso = (const Elf32_Ehdr *)(const void *)linux_vdso_page;
	const uint32_t auxv[2 * AUXV_ENTRIES] = {
		AT_SYSINFO, vdso->e_entry,   /* __kernel_vsyscall (the vDSO's entry point) */
		AT_SYSINFO_EHDR, LINUX_VDSO_BASE,
		AT_HWCAP, edx,
		AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, LINUX_USER_HZ,
		AT_PHDR, info->phdr_addr,
		AT_PHENT, sizeof(Elf32_Phdr),
		AT_PHNUM, info->phnum,
		AT_BASE, info->interp_base,   /* the interpreter's lowest page (0: none) */
		AT_FLAGS, 0,
		AT_ENTRY, info->entry,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_SECURE, 0,
		AT_RANDOM, at_random,
		AT_EXECFN, execfn,
		AT_NULL, 0,
	};
	sp = (sp - words(a) * sizeof(uint32_t)) & ~(uint32_t)(STACK_ALIGN - 1);
	uint32_t argv_va = sp + sizeof(uint32_t);
	uint32_t envp_va = argv_va + (uint32_t)(a->argc + 1) * sizeof(uint32_t);
	int err = args_place(pgdir, a, path, strings, argv_va, envp_va);
	if (err)
		return err;
	uint32_t argc = (uint32_t)a->argc;
	proc_vm_write(pgdir, sp, &argc, sizeof argc);
	proc_vm_write(pgdir, envp_va + (uint32_t)(a->envc + 1) * sizeof(uint32_t), auxv, sizeof auxv);
	*esp = sp;
	return 0;
}
