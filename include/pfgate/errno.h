/*
 * Error numbers, shared by kernel and user: THE table. Services return them
 * negated. Values follow Linux/i386 so that traces read familiarly. The
 * constants, errno_text() (what the kernel and the user programs print) and
 * abi.json's errno group (src/boot/abi_export.c: what Python and GDB read)
 * are all expanded from this one list; add an error here and nowhere else.
 */
#ifndef PFGATE_ERRNO_H
#define PFGATE_ERRNO_H

/* X(name, number, what it means) */
#define PFGATE_ERRNOS(X) \
	X(EPERM,          1, "operation not permitted") \
	X(ENOENT,         2, "no such file or directory") \
	X(ESRCH,          3, "no such process") \
	X(EINTR,          4, "interrupted") \
	X(EIO,            5, "input/output error") \
	X(ENXIO,          6, "no such device or address") \
	X(E2BIG,          7, "argument list too long") \
	X(ENOEXEC,        8, "exec format error") \
	X(EBADF,          9, "bad file descriptor") \
	X(ECHILD,        10, "no child processes") \
	X(EAGAIN,        11, "resource temporarily unavailable") \
	X(ENOMEM,        12, "out of memory") \
	X(EACCES,        13, "permission denied") \
	X(EFAULT,        14, "bad address") \
	X(EBUSY,         16, "resource busy") \
	X(EEXIST,        17, "file exists") \
	X(EXDEV,         18, "cross-device link") \
	X(ENODEV,        19, "no such device (this file cannot be mapped so)") \
	X(ENOTDIR,       20, "not a directory") \
	X(EISDIR,        21, "is a directory") \
	X(EINVAL,        22, "invalid argument") \
	X(ENFILE,        23, "too many open files in the system") \
	X(EMFILE,        24, "too many open files") \
	X(ENOTTY,        25, "not a terminal (no such control for this file)") \
	X(EFBIG,         27, "file too large") \
	X(ENOSPC,        28, "no space left") \
	X(ESPIPE,        29, "illegal seek") \
	X(EROFS,         30, "read-only file system") \
	X(EMLINK,        31, "too many links") \
	X(EPIPE,         32, "broken pipe") \
	X(ERANGE,        34, "result out of range") \
	X(ENAMETOOLONG,  36, "file name too long") \
	X(ENOSYS,        38, "no such service (or not permitted to this process)") \
	X(ENOTEMPTY,     39, "directory not empty") \
	X(ELOOP,         40, "too many levels of symbolic links") \
	X(ELIBBAD,       80, "accessing a corrupted shared library") \
	X(EOPNOTSUPP,    95, "operation not supported") \
	X(EUCLEAN,      117, "structure needs cleaning (a corrupt file system)")

enum pfgate_errno {
#define PFGATE_ERRNO_ENUM(name, num, text) name = num,
	PFGATE_ERRNOS(PFGATE_ERRNO_ENUM)
#undef PFGATE_ERRNO_ENUM
};

/* Results in [-MAX_ERRNO, -1] are errors; anything else is a value. */
#define MAX_ERRNO 4095

/* "ENOENT: no such file or directory" for ENOENT (positive); NULL for a number not in the table. */
static inline const char *errno_text(int e)
{
	switch (e) {
#define PFGATE_ERRNO_TEXT(name, num, text) case name: return #name ": " text;
	PFGATE_ERRNOS(PFGATE_ERRNO_TEXT)
#undef PFGATE_ERRNO_TEXT
	default: return (const char *)0;
	}
}

#endif
