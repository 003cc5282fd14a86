#include "mm/uaccess.h"

long raw_strncpy_from_user(char *dst, const char *usrc, size_t max);

long strncpy_from_user(char *dst, uptr_t src, size_t max)
{
	if (max == 0)
		return -ENAMETOOLONG;
	/*
	 * Clip the scan at KERNEL_BASE rather than refusing: a short string just
	 * below the boundary is fine, and the copy stops there either way.
	 */
	if (src >= KERNEL_BASE)
		return -EFAULT;
	size_t room = KERNEL_BASE - src;
	size_t limit = max < room ? max : room;   /* bytes we may look at, the NUL included */
	long n = raw_strncpy_from_user(dst, (const char *)src, limit);
	if (n < 0) {
		dst[0] = '\0';
		return n;
	}
	if ((size_t)n == limit) {
		/* No NUL within the limit: too long, or the string runs into the kernel. */
		dst[max - 1] = '\0';
		return limit < max ? -EFAULT : -ENAMETOOLONG;
	}
	return n;
}

int user_probe_read(uptr_t addr, size_t len)
{
	if (len == 0)
		return 0;
	uint32_t last = addr + (uint32_t)len - 1;
	/* The aligned word holding addr, then the first word of each later page: no load leaves the range's pages. */
	for (uint32_t at = addr & ~(uint32_t)(sizeof(uint32_t) - 1);; at = (at & ~(PAGE_SIZE - 1)) + PAGE_SIZE) {
		uint32_t word;
		if (get_user_u32(&word, at))
			return -EFAULT;
		if ((at | (PAGE_SIZE - 1)) >= last)
			return 0;
	}
}
