/*
 * copyin and copyout: the write-like and read-like services of make bench.
 * Checked copies of a user buffer of any length, through a kernel buffer of
 * COPY_CHUNK bytes at a time (as a real service would stage data), no output.
 */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"

#define COPY_CHUNK 512   /* bytes staged per copy: small enough for the 8 KiB kernel stack */

/* The bytes copyout hands out: any fixed content will do. */
static const char copyout_src[COPY_CHUNK];

/*
 * copyin(buf, len): copy len bytes from the user into the kernel, chunk by
 * chunk. Returns len, or -EFAULT (nothing else happens either way). The whole
 * range is checked before the first byte moves.
 */
long svc_copyin(uint32_t buf, uint32_t len, uint32_t a2)
{
	(void)a2;
	char kbuf[COPY_CHUNK];
	if (!user_range_ok(buf, len))
		return -EFAULT;
	for (uint32_t done = 0; done < len; done += COPY_CHUNK) {
		uint32_t n = len - done < COPY_CHUNK ? len - done : COPY_CHUNK;
		if (copy_from_user(kbuf, buf + done, n))
			return -EFAULT;
	}
	return (long)len;
}

/* copyout(buf, len): fill len user bytes from the kernel, chunk by chunk. Returns len or -EFAULT. */
long svc_copyout(uint32_t buf, uint32_t len, uint32_t a2)
{
	(void)a2;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	for (uint32_t done = 0; done < len; done += COPY_CHUNK) {
		uint32_t n = len - done < COPY_CHUNK ? len - done : COPY_CHUNK;
		if (copy_to_user(buf + done, copyout_src, n))
			return -EFAULT;
	}
	return (long)len;
}
