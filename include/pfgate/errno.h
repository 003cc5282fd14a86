/*
 * Error numbers, shared by kernel and user. Services return them negated.
 * Values follow Linux/i386 so that traces read familiarly.
 */
#ifndef PFGATE_ERRNO_H
#define PFGATE_ERRNO_H

#define EPERM    1   /* operation not permitted */
#define ENOENT   2   /* no such file or directory */
#define ESRCH    3   /* no such process */
#define EINTR    4   /* interrupted */
#define EIO      5   /* input/output error */
#define E2BIG    7   /* argument list too long */
#define ENOEXEC  8   /* exec format error */
#define EBADF    9   /* bad file descriptor */
#define ECHILD  10   /* no child processes */
#define EAGAIN  11   /* resource temporarily unavailable */
#define ENOMEM  12   /* out of memory */
#define EFAULT  14   /* bad address */
#define EBUSY   16   /* resource busy */
#define EEXIST  17   /* file exists */
#define EXDEV   18   /* cross-device link */
#define ENOTDIR 20   /* not a directory */
#define EISDIR  21   /* is a directory */
#define EINVAL  22   /* invalid argument */
#define EMFILE  24   /* too many open files */
#define EFBIG   27   /* file too large */
#define ENOSPC  28   /* no space left */
#define EROFS   30   /* read-only file system */
#define EMLINK  31   /* too many links */
#define ERANGE  34   /* result out of range */
#define ENAMETOOLONG 36 /* file name too long */
#define ENOSYS  38   /* no such service (or not permitted to this process) */
#define ENOTEMPTY 39 /* directory not empty */
#define ELOOP   40   /* too many levels of symbolic links */
#define EUCLEAN 117  /* structure needs cleaning (a corrupt file system) */

/* Results in [-MAX_ERRNO, -1] are errors; anything else is a value. */
#define MAX_ERRNO 4095

#endif
