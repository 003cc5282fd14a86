/*
 * The Linux personality's system calls: one handler per line of
 * include/pfgate/linux_calls.def, each reading Linux's argument registers
 * from a struct linux_args (the gate thunk, linux_entry.asm, and the int 0x80
 * path, linux_int80.c, fill it). Results are Linux's: a value, or a negative
 * errno (include/pfgate/errno.h uses Linux's numbers).
 */
#ifndef LINUX_LINUX_CALLS_H
#define LINUX_LINUX_CALLS_H

#include <stdint.h>
#include <stdbool.h>
#include <pfgate/layout.h>

/* Linux i386's argument registers, in its order (the thunk pushes them so). */
struct linux_args {
	uint32_t ebx, ecx, edx, esi, edi, ebp;
};

typedef long (*linux_handler_t)(const struct linux_args *a);

#define LINUX_CALL(nr, name, nargs) long linux_sys_##name(const struct linux_args *a);
#include <pfgate/linux_calls.def>
#undef LINUX_CALL

/* st_mode's file types (Linux's values): stat's answers, mknod's requests. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFREG  0100000

/* The *at calls' dirfd and flags (Linux's values). */
#define LINUX_AT_FDCWD             (-100)
#define LINUX_AT_SYMLINK_NOFOLLOW  0x100
#define LINUX_AT_REMOVEDIR         0x200
#define LINUX_AT_EACCESS           0x200
#define LINUX_AT_SYMLINK_FOLLOW    0x400
#define LINUX_AT_NO_AUTOMOUNT      0x800
#define LINUX_AT_EMPTY_PATH        0x1000
/*
 * Linux's (dirfd, path) made one canonical absolute path into out
 * (VFS_PATH_LEN bytes): its length, or -EFAULT, -ENOENT ("", as Linux
 * answers without AT_EMPTY_PATH), -EBADF or -ENOTDIR (dirfd), -ENAMETOOLONG.
 */
long linux_at_path(int dirfd, uint32_t upath, char *out);
struct pf_stat;
/* What (dirfd, path) names, into *st: 0 or linux_at_path's or the VFS's -errno. */
long linux_stat_at(int dirfd, uint32_t upath, struct pf_stat *st);

/* How a call came in, for the per-process counts. */
enum linux_door {
	LINUX_DOOR_GATE,    /* a gate page (through the vDSO, or a direct call) */
	LINUX_DOOR_INT80,   /* int 0x80 that is not the vDSO's: the C library's own */
	LINUX_DOOR_BENCH,   /* the vDSO through one of make bench's doors (src/bench/linux_doors.c) */
};

/* Run Linux call nr (any number: an unserved one answers -ENOSYS) for the current process. */
long linux_call(uint32_t nr, const struct linux_args *a, enum linux_door door);

/* With linuxlog: the exiting process's calls, counted by door. */
void linux_report_exit(int status);

/*
 * Fill the Linux dispatch table and the vDSO's bitmap (boot, once): log_calls
 * names every call; report_unserved also sends unserved numbers into the
 * kernel, to be reported once per process.
 */
void linux_init(bool log_calls, bool report_unserved);

/* The vDSO (vdso_image.asm: the linked build/linux/vdso.so in one page of .data; linux_init fills its bitmap). */
extern uint8_t linux_vdso_page[];

#endif
