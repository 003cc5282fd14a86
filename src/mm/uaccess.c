#include "mm/uaccess.h"
#include "arch/smap.h"
#include "arch/long_work.h"
#include "lib/params.h"
#include "mm/paging.h"
#include "mm/vma.h"
#include "mm/direct_map.h"
#include "arch/x86.h"

/* The listed instructions (uaccess_copy.asm); the copy opens and closes the SMAP window itself, the string scan expects it open. */
int raw_copy_user_open(void *dst, const void *src, size_t n);
long raw_strncpy_from_user(char *dst, const char *usrc, size_t max);

/*
 * A copy of UACCESS_LONG_COPY bytes or more is long work (arch/long_work.h):
 * it runs with interrupts on, so the clock, the keyboard and the serial line
 * go on while it moves a big buffer (rep movs is interruptible: a tick waits
 * at most one iteration), in pieces of UACCESS_PIECE with a preemption point
 * between two, so that however long the copy, the process gives the CPU up
 * when its slice is used up and stops when it is killed. A copy of one piece
 * or less reaches no point (its service's own point at its end does that);
 * the caller of a longer one holds nothing, as across a sleep.
 *
 * An interrupt taken inside the SMAP window closes it on entry (every kernel
 * entry clears AC) and its iret reopens it; a fault on a page not yet touched
 * maps it (demand-zero) and the copy goes on, any other fault is the listed
 * one and its fixup returns -EFAULT as before. The interrupt handlers touch
 * neither side of a copy (they count time, wake sleepers and queue input), so
 * the bytes are the same either way. A shorter copy pays one compare for this.
 */
static int __attribute__((noinline)) copy_long(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	for (;;) {
		size_t piece = n < UACCESS_PIECE ? n : UACCESS_PIECE;
		uint32_t irq = long_work_begin();
		int err = raw_copy_user_open(d, s, piece);
		long_work_end(irq);
		n -= piece;
		if (err || !n)
			return err;
		d += piece;
		s += piece;
		long_work_point();
	}
}

/*
 * Does [addr, addr + n) hold a page that is present but supervisor-only (a
 * PROT_NONE page)? The user faults on one; ring 0 reads it regardless (a
 * write already faults: such a page is not writable and CR0.WP is set), so
 * copy_from_user asks here and refuses with -EFAULT, as Linux does. Only a
 * range under a directory entry marked PDE_GUARDED (a process made a page
 * PROT_NONE there) has its table's entries read; any other copy pays CR3's
 * read and one or two directory loads, and none of that before the first
 * page made PROT_NONE since boot (vm_guard_seen, tested on copy_from_user's
 * fast path, the check itself out of line so that path keeps copy_to_user's
 * frame). make bench QUICK=1's 64-byte copyin by the gate: 98 Bochs
 * instructions without the check, 100 with it (110 with the check inline,
 * 130 with the directory loads on every copy). The range is below
 * KERNEL_BASE (user_range_ok).
 */
static bool __attribute__((noinline)) user_range_guarded_tables(const pde_t *pgdir, uint32_t addr, uint32_t last)
{
	for (uint32_t i = PDX(addr); i <= PDX(last); i++) {
		pde_t pde = pgdir[i];
		if (!(pde & PDE_GUARDED) || !(pde & PTE_P))
			continue;
		const pte_t *pt = P2V(pde & PTE_ADDR_MASK);
		uint32_t first = i == PDX(addr) ? PTX(addr) : 0, end = i == PDX(last) ? PTX(last) : PTE_ENTRIES - 1;
		for (uint32_t j = first; j <= end; j++)
			if ((pt[j] & (PTE_P | PTE_U)) == PTE_P)
				return true;
	}
	return false;
}

/* The common case: the range's first and last directory entries unmarked, and no third between them. */
static inline bool user_range_guarded(uint32_t addr, size_t n)
{
	const pde_t *pgdir = P2V(read_cr3() & PTE_ADDR_MASK);
	uint32_t last = addr + (uint32_t)n - 1;
	if (!((pgdir[PDX(addr)] | pgdir[PDX(last)]) & PDE_GUARDED) && PDX(last) - PDX(addr) <= 1)
		return false;
	return user_range_guarded_tables(pgdir, addr, last);
}

static int copy_in(void *dst, const void *src, size_t n)
{
	if (n >= UACCESS_LONG_COPY)
		return copy_long(dst, src, n);
	return raw_copy_user_open(dst, src, n);
}

/* Once a page was made PROT_NONE: the range checked against such pages first (out of line: the fast path keeps no frame). */
static int __attribute__((noinline, cold)) copy_in_guarded(void *dst, const void __user *src, size_t n)
{
	if (n && user_range_guarded(user_addr(src), n))
		return -EFAULT;
	return copy_in(dst, (__force const void *)src, n);
}

int copy_from_user_checked(void *dst, const void __user *src, size_t n)
{
	if (vm_guard_seen)
		return copy_in_guarded(dst, src, n);
	return copy_in(dst, (__force const void *)src, n);
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return copy_from_user_checked(dst, src, n);
}

int copy_to_user_checked(void __user *dst, const void *src, size_t n)
{
	if (n >= UACCESS_LONG_COPY)
		return copy_long((__force void *)dst, src, n);
	return raw_copy_user_open((__force void *)dst, src, n);
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	if (n >= UACCESS_LONG_COPY)
		return copy_long((__force void *)dst, src, n);
	return raw_copy_user_open((__force void *)dst, src, n);
}

/*
 * After a refused copy: again, one user page at a time, up to the first page
 * that refuses (a page's bytes share its protection, so a piece within one
 * page is copied whole or not at all; a PROT_NONE page, which ring 0 reads
 * regardless, is asked for as copy_from_user does). The bytes not copied.
 */
static size_t __attribute__((noinline, cold)) copy_pages(char *dst, const char *src, size_t n, bool from_user)
{
	size_t done = 0;
	while (done < n) {
		uint32_t uaddr = from_user ? (uint32_t)(uintptr_t)(src + done) : (uint32_t)(uintptr_t)(dst + done);
		size_t piece = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
		if (piece > n - done)
			piece = n - done;
		if (from_user && vm_guard_seen && user_range_guarded(uaddr, piece))
			break;
		if (copy_in(dst + done, src + done, piece))
			break;
		done += piece;
	}
	return n - done;
}

size_t __attribute__((cold)) copy_to_user_pages(void __user *dst, const void *src, size_t n)
{
	return copy_pages((__force char *)dst, src, n, false);
}

size_t copy_to_user_rest(void __user *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return n;
	return copy_to_user_rest_checked(dst, src, n);
}

size_t copy_from_user_rest(void *dst, const void __user *src, size_t n)
{
	if (__builtin_expect(!copy_from_user(dst, src, n), 1))
		return 0;
	if (!user_range_ok(src, n))
		return n;
	return copy_pages(dst, (__force const char *)src, n, true);
}

long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
	if (max == 0)
		return -ENAMETOOLONG;
	/*
	 * Clip the scan at KERNEL_BASE rather than refusing: a short string just
	 * below the boundary is fine, and the copy stops there either way.
	 */
	uint32_t addr = user_addr(src);
	if (addr >= KERNEL_BASE)
		return -EFAULT;
	size_t room = KERNEL_BASE - addr;
	size_t limit = max < room ? max : room;   /* bytes we may look at, the NUL included */
	user_access_begin();
	long n = raw_strncpy_from_user(dst, (__force const char *)src, limit);
	user_access_end();
	if (n < 0) {
		dst[0] = '\0';
		return n;
	}
	/* What it read must not have been a PROT_NONE page's (ring 0 reads one regardless): checked after, as copy_from_user's. */
	if (vm_guard_seen && user_range_guarded(addr, (size_t)n < limit ? (size_t)n + 1 : limit)) {
		dst[0] = '\0';
		return -EFAULT;
	}
	if ((size_t)n == limit) {
		/* No NUL within the limit: too long, or the string runs into the kernel. */
		dst[max - 1] = '\0';
		return limit < max ? -EFAULT : -ENAMETOOLONG;
	}
	return n;
}

#define STRNLEN_PIECE 256   /* bytes strnlen_user reads into its stack at a time */

long strnlen_user(const char __user *src, size_t max)
{
	char piece[STRNLEN_PIECE];
	for (size_t done = 0; done < max;) {
		size_t n = max - done < sizeof piece ? max - done : sizeof piece;
		long len = strncpy_from_user(piece, src + done, n);
		if (len >= 0)
			return (long)(done + (size_t)len + 1);
		if (len != -ENAMETOOLONG)
			return len;
		done += n;
	}
	return (long)max + 1;
}

/* The load is in the exception table; its fixup makes the result -EFAULT. */
int get_user_u32(uint32_t *out, const uint32_t __user *uptr)
{
	int err = 0;
	uint32_t v = 0;
	uint32_t uaddr = user_addr(uptr);
	if (uaddr > KERNEL_BASE - sizeof(uint32_t) || (vm_guard_seen && user_range_guarded(uaddr, sizeof(uint32_t))))
		return -EFAULT;   /* a PROT_NONE page too, as copy_from_user refuses one */
	user_access_begin();
	__asm__ volatile(
		"1:	movl (%2), %1\n"
		"2:\n"
		"	.section .fixup, \"ax\"\n"
		"3:	movl %3, %0\n"
		"	jmp 2b\n"
		"	.previous\n"
		"	.section __ex_table, \"a\"\n"
		"	.long 1b, 3b\n"
		"	.previous\n"
		: "+r"(err), "+r"(v)
		: "r"(uaddr), "i"(-EFAULT));
	user_access_end();
	*out = v;
	return err;
}

int user_probe_read(const void __user *p, size_t len)
{
	uint32_t addr = user_addr(p);
	if (len == 0)
		return 0;
	uint32_t last = addr + (uint32_t)len - 1;
	/* The aligned word holding addr, then the first word of each later page: no load leaves the range's pages. */
	for (uint32_t at = addr & ~(uint32_t)(sizeof(uint32_t) - 1);; at = (at & ~(PAGE_SIZE - 1)) + PAGE_SIZE) {
		uint32_t word;
		if (get_user_u32(&word, (const uint32_t __user *)(__force uintptr_t)at))
			return -EFAULT;
		if ((at | (PAGE_SIZE - 1)) >= last)
			return 0;
	}
}
