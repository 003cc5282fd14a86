/*
 * Checked access to user memory. Services never dereference a user pointer:
 * they copy through these, which check the range against KERNEL_BASE and
 * turn a fault on a bad page into -EFAULT (see uaccess_copy.asm, extable.c).
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <pfgate/layout.h>
#include <pfgate/errno.h>

/* A user address as a number: not dereferenceable by accident. */
typedef uint32_t uptr_t;

/* [addr, addr+len) lies below KERNEL_BASE. Cannot overflow; len == 0 is fine. */
static inline bool user_range_ok(uint32_t addr, uint32_t len)
{
	return addr <= KERNEL_BASE && len <= KERNEL_BASE - addr;
}

/* The listed copy (uaccess_copy.asm): 0 or -EFAULT. Only through the checked wrappers below. */
int raw_copy_user(void *dst, const void *src, size_t n);

/*
 * 0 or -EFAULT; on -EFAULT, dst may hold part of the data (never a kernel
 * secret). Inline: the range check is three instructions, a call would be more.
 */
static inline int copy_from_user(void *dst, uptr_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return raw_copy_user(dst, (const void *)(uintptr_t)src, n);
}

static inline int copy_to_user(uptr_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return raw_copy_user((void *)(uintptr_t)dst, src, n);
}
/*
 * Copy a NUL-terminated user string into dst (max bytes, NUL included, so at
 * most max-1 characters). Returns its length, -ENAMETOOLONG if there is no
 * NUL within max bytes, or -EFAULT.
 */
long strncpy_from_user(char *dst, uptr_t src, size_t max);

/*
 * Read one aligned-or-not 32-bit word from user memory: the gate path's
 * return-address read, inlined so the fast path has no call. The load is in
 * the exception table; its fixup makes the result -EFAULT.
 */
static inline int get_user_u32(uint32_t *out, uptr_t uaddr)
{
	int err = 0;
	uint32_t v = 0;
	if (uaddr > KERNEL_BASE - sizeof(uint32_t))
		return -EFAULT;
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
	*out = v;
	return err;
}

/*
 * 0 if every page of [addr, addr+len) (user_range_ok already) can be read
 * now, else -EFAULT: one checked load per page, nothing copied.
 */
int user_probe_read(uptr_t addr, size_t len);

/* The fixup address for a faulting kernel EIP, or 0 if it is not listed. */
uint32_t extable_fixup(uint32_t eip);

#endif
