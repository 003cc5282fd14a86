/* copyin: the write-like service of make bench: a checked copy of a user buffer, no output. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"

#define COPYIN_CHUNK 1024              /* bytes per copy into the kernel buffer */
#define COPYIN_MAX   (16u << 20)       /* the kernel is not preemptible: bound one call */

/* More than one chunk: COPYIN_CHUNK bytes at a time, each range-checked by copy_from_user. */
static long __attribute__((noinline)) copyin_chunks(uint32_t buf, uint32_t len)
{
	char kbuf[COPYIN_CHUNK];
	if (len > COPYIN_MAX)
		return -EINVAL;
	for (uint32_t done = 0; done < len; done += COPYIN_CHUNK) {
		uint32_t n = len - done < COPYIN_CHUNK ? len - done : COPYIN_CHUNK;
		if (copy_from_user(kbuf, buf + done, n))
			return -EFAULT;
	}
	return (long)len;
}

/* Copies [buf, buf + len) into the kernel. Returns len, -EFAULT, or -EINVAL past COPYIN_MAX. */
long svc_copyin(uint32_t buf, uint32_t len, uint32_t a2)
{
	(void)a2;
	char kbuf[COPYIN_CHUNK];
	if (len > COPYIN_CHUNK)
		return copyin_chunks(buf, len);
	return copy_from_user(kbuf, buf, len) ? -EFAULT : (long)len;
}
