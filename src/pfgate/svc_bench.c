/* copyin: the write-like service of make bench: a checked copy of a user buffer, no output. */
#include "pfgate/gate_table.h"
#include "mm/uaccess.h"

#define COPYIN_MAX 256

long svc_copyin(const void __user *buf, unsigned long len)
{
	char kbuf[COPYIN_MAX];
	if (len > COPYIN_MAX)
		return -EINVAL;
	if (copy_from_user(kbuf, buf, len))
		return -EFAULT;
	return (long)len;
}
