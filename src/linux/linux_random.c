/*
 * getrandom(buf, count, flags) for Linux programs, from /dev/urandom's
 * source (vfs/dev_file.h; not cryptographic, drivers/random.h). The
 * generator never blocks, so GRND_NONBLOCK and GRND_RANDOM change nothing;
 * flags Linux refuses are refused the same.
 */
#include "linux/linux_calls.h"
#include "vfs/dev_file.h"
#include <pfgate/errno.h>

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM   0x0002
#define GRND_INSECURE 0x0004
#define LINUX_MAX_RW_COUNT 0x7ffff000u   /* INT_MAX rounded down to a page: Linux's longest transfer */

long linux_sys_getrandom(const struct linux_args *a)
{
	uint32_t flags = a->edx;
	if (flags & ~(uint32_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	uint32_t count = a->ecx < LINUX_MAX_RW_COUNT ? a->ecx : LINUX_MAX_RW_COUNT;
	return dev_random_to_user((void __user *)(uintptr_t)a->ebx, count);
}
