/*
 * What every Linux-ABI test program shares. The programs are built twice,
 * with glibc (-static) and with musl (-static), and run on Debian's Linux
 * and on pfgate's Linux personality; their output is compared byte for byte.
 * So they print no addresses, times or pids, only facts; a line that names
 * the kernel (uname's release, say) starts with '~' and is compared up to
 * its first '=' only (tools/linuxref/compare.py).
 */
#ifndef LINUX_ABI_H
#define LINUX_ABI_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Unbuffered: a fork must not print a parent's buffered lines twice, and a
 * killed program's lines up to its death must all be there. */
__attribute__((constructor)) static void abi_unbuffered(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}

/* errno by name: the two libcs' strerror texts differ, the numbers do not. */
static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	default: return "E?";
	}
}

/* A call that should fail: print its name, -1 and the errno by name. */
#define EXPECT_FAIL(label, call) do { \
	errno = 0; \
	long r_ = (long)(call); \
	int e_ = errno; \
	printf("%s: %s\n", label, r_ == -1 ? errname(e_) : "succeeded"); \
} while (0)

/* An address nothing is mapped at, hidden from the compiler's checks of what it points to. */
static inline void *bad_pointer(void)
{
	volatile unsigned long p = 16;
	return (void *)p;
}

/* A value the compiler cannot see, for arguments it would refuse as constants. */
static inline int opaque(int v)
{
	volatile int x = v;
	return x;
}

#define CHECK(label, cond) printf("%s: %s\n", label, (cond) ? "yes" : "no")

#endif
