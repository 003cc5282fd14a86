/*
 * The bench's copy services (make bench): checked copies of a user buffer
 * into and out of the kernel, no other effect, any length in chunks.
 */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"
#include "arch/long_work.h"
#include "lib/params.h"

#define COPY_CHUNK UACCESS_LONG_COPY   /* bytes staged per copy: each a long copy (interrupts on), small enough for the 8 KiB kernel stack */
#define COPYIN_MAX (16u << 20)      /* bound one call (its chunks are long work, preemptible between two) */

/* The bytes copyout hands out: any fixed content will do. */
static const char copyout_src[COPY_CHUNK];

/* More than one chunk: COPY_CHUNK bytes at a time, the whole range checked first. */
static long __attribute__((noinline)) copyin_chunks(const char __user *buf, unsigned long len)
{
	char kbuf[COPY_CHUNK];
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len > COPYIN_MAX)
		return -EINVAL;
	for (unsigned long done = 0; done < len; done += COPY_CHUNK) {
		unsigned long n = len - done < COPY_CHUNK ? len - done : COPY_CHUNK;
		if (copy_from_user(kbuf, buf + done, n))
			return -EFAULT;
		long_work_point();   /* each chunk ran with interrupts on (mm/uaccess.c) */
	}
	return (long)len;
}

/*
 * copyin(buf, len): copy len bytes from the user into the kernel. Returns len,
 * -EFAULT (nothing else happens either way), or -EINVAL past COPYIN_MAX. One
 * chunk or less is one copy, so the 64-byte measurement is the copy itself.
 */
long svc_copyin(const void __user *buf, unsigned long len)
{
	char kbuf[COPY_CHUNK];
	if (len > COPY_CHUNK)
		return copyin_chunks(buf, len);
	return copy_from_user(kbuf, buf, len) ? -EFAULT : (long)len;
}

/* copyout(buf, len): fill len user bytes from the kernel, chunk by chunk. Returns len or -EFAULT. */
long svc_copyout(void __user *buf, unsigned long len)
{
	char __user *out = buf;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	for (unsigned long done = 0; done < len; done += COPY_CHUNK) {
		unsigned long n = len - done < COPY_CHUNK ? len - done : COPY_CHUNK;
		if (copy_to_user(out + done, copyout_src, n))
			return -EFAULT;
		if (n >= UACCESS_LONG_COPY)
			long_work_point();   /* the chunk ran with interrupts on (mm/uaccess.c) */
	}
	return (long)len;
}
