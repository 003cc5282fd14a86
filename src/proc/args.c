/* A new program's arguments: measured against Linux's limits, then copied straight into its stack (proc/args.h). */
#include "proc/args.h"
#include "mm/uaccess.h"
#include "mm/direct_map.h"
#include "arch/long_work.h"
#include "lib/string.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define ARGS_PAUSE_PAGES 16   /* pages args_place copies between two preemption points (a page copy is a short one) */

/* String i of a (argv's, then envp's): a kernel string in *k or a user one in *u. 0 or -EFAULT. */
static int arg_string(const struct proc_args *a, const char *path, int i, const char **k, const char __user **u)
{
	*k = NULL;
	*u = NULL;
	if (i < a->nprefix) {   /* a script's interpreter, its argument, the script */
		*k = a->prefix[i];
		return 0;
	}
	i += a->skip - a->nprefix;   /* the caller's argv, then its envp */
	bool arg = i < a->given;
	if (!a->user) {
		*k = arg ? a->argv[i] : a->envp[i - a->given];
		return 0;
	}
	const char __user *const __user *arr = arg ? a->uargv : a->uenvp;
	if (!arr) {   /* no uargv: argv is { path } */
		*k = path;
		return 0;
	}
	uint32_t word;   /* arr[i], itself a user pointer */
	if (get_user_u32(&word, (const uint32_t __user *)&arr[arg ? i : i - a->given]))
		return -EFAULT;
	*u = (const char __user *)word;
	return 0;
}

/* String i's length with its NUL: over MAX_ARG_STRLEN if it is longer, or -EFAULT. */
static long arg_len(const struct proc_args *a, const char *path, int i)
{
	const char *k;
	const char __user *u;
	int err = arg_string(a, path, i, &k, &u);
	if (err)
		return err;
	return k ? (long)strlen(k) + 1 : strnlen_user(u, MAX_ARG_STRLEN);
}

/* The strings of a NULL-terminated user array (none for NULL) into *n: 0, -EFAULT, or -E2BIG when their pointers alone pass the limit. */
static int count_user(const char __user *const __user *arr, int *n)
{
	*n = 0;
	if (!arr)
		return 0;
	for (;;) {
		uint32_t word;
		if (get_user_u32(&word, (const uint32_t __user *)&arr[*n]))
			return -EFAULT;
		if (!word)
			return 0;
		if (++*n > (int)(ARG_MAX_BYTES / sizeof(uint32_t)))
			return -E2BIG;
	}
}

int args_measure(struct proc_args *a, const char *path)
{
	if (a->user) {
		int err = count_user(a->uargv, &a->given);
		if (!err && !a->uargv)
			a->given = 1;
		if (!err)
			err = count_user(a->uenvp, &a->envc);
		if (err)
			return err;
	} else if (!a->nprefix) {
		a->given = a->argc;
	}
	a->argc = a->nprefix + a->given - a->skip;
	/* Linux's bprm_stack_limits and copy_strings: a pointer each (argv's at least one), the path, then every string. */
	uint32_t pointers = (uint32_t)((a->argc ? a->argc : 1) + a->envc) * sizeof(uint32_t);
	uint32_t path_len = strlen(path) + 1;
	if (pointers >= ARG_MAX_BYTES || path_len > ARG_MAX_BYTES - pointers)
		return -E2BIG;
	uint32_t room = ARG_MAX_BYTES - pointers - path_len;
	uint32_t since_point = 0;
	a->bytes = a->argv_bytes = 0;
	for (int i = a->argc + a->envc - 1; i >= 0; i--) {   /* envp's last first, as Linux copies them */
		long n = arg_len(a, path, i);
		if (n < 0)
			return (int)n;
		if ((uint32_t)n > MAX_ARG_STRLEN || (uint32_t)n > room)
			return -E2BIG;
		room -= (uint32_t)n;
		a->bytes += (uint32_t)n;
		if (i < a->argc)
			a->argv_bytes += (uint32_t)n;
		since_point += (uint32_t)n;
		if (since_point >= UACCESS_PIECE) {   /* nothing is held yet: a kill may end the caller here */
			long_work_point();
			since_point = 0;
		}
	}
	return 0;
}

void args_script(struct proc_args *a, const char *interp, const char *arg, const char *script)
{
	a->nprefix = 0;
	a->prefix[a->nprefix++] = interp;
	if (arg)
		a->prefix[a->nprefix++] = arg;
	a->prefix[a->nprefix++] = script;
	a->skip = a->given > 0;   /* the caller's argv[0] goes; with none, nothing does (Linux) */
}

/* Where va lies in pgdir's (mapped) page, through the direct map. */
static char *page_at(pde_t *pgdir, uint32_t va)
{
	return (char *)P2V(*vm_lookup(pgdir, va) & PTE_ADDR_MASK) + (va & PAGE_OFFSET_MASK);
}

/*
 * Copy string i to va in pgdir (mapped), at most max bytes with its NUL, a
 * page at a time through the checked copies: its length with the NUL (one
 * longer than max, as memory another process shares may make it after
 * args_measure, is cut there and ends in NUL), -EFAULT or -EINTR.
 */
static long put_string(pde_t *pgdir, uint32_t va, const char *k, const char __user *u, uint32_t max, unsigned *pages)
{
	if (k) {
		uint32_t len = strlen(k) + 1;
		proc_vm_write(pgdir, va, k, len <= max ? len : max);
		return len <= max ? len : max;
	}
	for (uint32_t done = 0; done < max;) {
		uint32_t piece = PAGE_SIZE - ((va + done) & PAGE_OFFSET_MASK);
		if (piece > max - done)
			piece = max - done;
		char *to = page_at(pgdir, va + done);
		long n = strncpy_from_user(to, u + done, piece);   /* a page or less: no preemption point inside */
		if (n >= 0)
			return (long)(done + (uint32_t)n + 1);
		if (n != -ENAMETOOLONG || copy_from_user(to + piece - 1, u + done + piece - 1, 1))
			return n == -ENAMETOOLONG ? -EFAULT : n;   /* (the piece's last byte, which the cut made NUL, back) */
		done += piece;
		if (++*pages % ARGS_PAUSE_PAGES == 0 && long_work_pause())
			return -EINTR;   /* killed: the caller gives the half-built image back */
	}
	*page_at(pgdir, va + max - 1) = '\0';
	return max;
}

int args_place(pde_t *pgdir, const struct proc_args *a, const char *path, uint32_t lo, uint32_t argv_va,
	       uint32_t envp_va)
{
	uint32_t at = lo, zero = 0;
	unsigned pages = 0;
	for (int i = 0; i < a->argc + a->envc; i++) {
		const char *k;
		const char __user *u;
		int err = arg_string(a, path, i, &k, &u);
		if (err)
			return err;
		uint32_t end = lo + (i < a->argc ? a->argv_bytes : a->bytes);
		long len = at < end ? put_string(pgdir, at, k, u, end - at, &pages) : 0;
		if (len < 0)
			return (int)len;
		uint32_t ptr_va = i < a->argc ? argv_va + (uint32_t)i * sizeof(uint32_t)
					      : envp_va + (uint32_t)(i - a->argc) * sizeof(uint32_t);
		proc_vm_write(pgdir, ptr_va, &at, sizeof at);
		at += (uint32_t)len;
	}
	proc_vm_write(pgdir, argv_va + (uint32_t)a->argc * sizeof(uint32_t), &zero, sizeof zero);
	proc_vm_write(pgdir, envp_va + (uint32_t)a->envc * sizeof(uint32_t), &zero, sizeof zero);
	return 0;
}
