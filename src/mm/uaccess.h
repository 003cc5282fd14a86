/*
 * Checked access to user memory. Services never dereference a user pointer:
 * they copy through these, which check the range against KERNEL_BASE and
 * turn a fault on a bad page into -EFAULT (see uaccess_copy.asm, extable.c).
 * User pointers are `__user` (pfgate/user_ptr.h): sparse refuses a
 * dereference, or a conversion to a kernel pointer, anywhere else. The casts
 * that cross (`__force`) are in this file and uaccess.c, and nowhere else.
 * With SMAP on, these are also the only kernel code that may touch a user
 * page: each opens the window (user_access_begin/end, kernel/smap.h) around
 * its access and nothing else.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <pfgate/layout.h>
#include <pfgate/errno.h>
#include <pfgate/user_ptr.h>

/* [addr, addr+len) lies below KERNEL_BASE. Cannot overflow; len == 0 is fine. Pure: host-tested. */
static inline bool user_addr_range_ok(uint32_t addr, uint32_t len)
{
	return addr <= KERNEL_BASE && len <= KERNEL_BASE - addr;
}

/* A user pointer's address, as a number for range checks (a number is no pointer). */
static inline uint32_t user_addr(const volatile void __user *p)
{
	return (uint32_t)(__force uintptr_t)p;
}

/* [p, p+len) is user memory (it may still be unmapped: the copies say so). */
static inline bool user_range_ok(const volatile void __user *p, size_t len)
{
	return user_addr_range_ok(user_addr(p), len);
}

/* 0 or -EFAULT; on -EFAULT, dst may hold part of the data (never a kernel secret). */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
/*
 * copy_to_user into a range the caller has already checked with
 * user_range_ok (all of it, or a part of such a range): the page
 * faults are still caught (-EFAULT), the range is not checked again.
 */
int copy_to_user_checked(void __user *dst, const void *src, size_t n);
/* copy_from_user from a range the caller has already checked with user_range_ok, as copy_to_user_checked. */
int copy_from_user_checked(void *dst, const void __user *src, size_t n);
/*
 * As Linux's copy_to_user and copy_from_user: the count of bytes NOT copied
 * (0: all of them), for a read or write that returns a partial count when
 * its buffer runs into a bad page (unmapped, PROT_NONE, read-only). The
 * bytes copied are the first n - rest, exactly up to the first bad page; a
 * range not wholly below KERNEL_BASE copies nothing. The whole copy is
 * tried first; only a refused one is redone page by page.
 */
size_t copy_to_user_rest(void __user *dst, const void *src, size_t n);
size_t copy_from_user_rest(void *dst, const void __user *src, size_t n);
/* copy_to_user_rest_checked's refused copy, redone page by page (out of line and cold). */
size_t copy_to_user_pages(void __user *dst, const void *src, size_t n);
/*
 * copy_to_user_rest into a range the caller has checked with user_range_ok.
 * Inline: ext2's read sink calls it per block, and the whole copy almost
 * always succeeds (an out-of-line layer cost a cached 4 KiB read 84 Bochs
 * instructions of 2,167).
 */
static inline size_t copy_to_user_rest_checked(void __user *dst, const void *src, size_t n)
{
	if (__builtin_expect(!copy_to_user_checked(dst, src, n), 1))
		return 0;
	return copy_to_user_pages(dst, src, n);
}
/*
 * Copy a NUL-terminated user string into dst (max bytes, NUL included, so at
 * most max-1 characters). Returns its length, -ENAMETOOLONG if there is no
 * NUL within max bytes, or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t max);
/*
 * The length of a NUL-terminated user string, its NUL included (as Linux's
 * strnlen_user): max + 1 if there is no NUL within max bytes, or -EFAULT.
 * Read in pieces through strncpy_from_user's checks, nothing kept.
 */
long strnlen_user(const char __user *src, size_t max);

/*
 * Read one aligned-or-not 32-bit word from user memory: the C dispatch's
 * return-address read (the stub has its own) and spawn's argv. 0 or -EFAULT.
 */
int get_user_u32(uint32_t *out, const uint32_t __user *uptr);

/*
 * 0 if every page of [p, p+len) (user_range_ok already) can be read
 * now, else -EFAULT: one checked load per page, nothing copied.
 */
int user_probe_read(const void __user *p, size_t len);

/* The fixup address for a faulting kernel EIP, or 0 if it is not listed. */
uint32_t extable_fixup(uint32_t eip);

#endif
