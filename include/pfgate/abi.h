/*
 * ABI types and constants beyond the gate table, shared by kernel and user:
 * wait statuses, kill reasons, limits.
 */
#ifndef PFGATE_ABI_H
#define PFGATE_ABI_H

#include <pfgate/layout.h>

#define STDIN_FD  0
#define STDOUT_FD 1
#define STDERR_FD 2

/*
 * Native pfgate programs carry this ELF note (user/lib/note.c; user.ld keeps
 * it): name "pfgate", type PFGATE_NOTE_TYPE, no descriptor. Every other i386
 * ELF executable is a Linux program (src/linux; proc/elf_check.c reads it).
 */
#define PFGATE_NOTE_NAME "pfgate"
#define PFGATE_NOTE_TYPE 1

#define PATH_MAX_LEN 1024   /* including the terminating NUL (Linux's PATH_MAX is 4096: docs/design.md, "Long paths") */
/*
 * A new program's arguments and environment, as Linux's execve takes them
 * (native spawn and exec alike): each string within MAX_ARG_STRLEN bytes (its
 * NUL included), and all of them (argv's, envp's and the program's path, each
 * with its NUL) with a pointer each (argv's at least one) within ARG_MAX_BYTES,
 * a quarter of the stack limit (what sysconf(_SC_ARG_MAX) answers from
 * RLIMIT_STACK). Past either: -E2BIG. No other bound on their count.
 */
#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define ARG_MAX_BYTES  (LINUX_STACK_LIMIT / 4)

/* Signal numbers and the wait status (POSIX's W* macros): signal.h. */
#include <pfgate/signal.h>

/* User segment selectors (flat, ring 3), as user code sees them. */
#define USER_CS 0x1B
#define USER_DS 0x23

/*
 * The comparison doors of make bench (only in its kernel, src/bench/, and open
 * only with the `doors` boot option):
 * int DOOR_INT_VECTOR with the gate number in EBX, and one call gate per gate
 * number, selector DOOR_CALLGATE_SEL(n).
 */
#define DOOR_INT_VECTOR     0x80
#define DOOR_CALLGATE_FIRST 8      /* GDT index of gate 0's call gate */
#define DOOR_CALLGATE_SEL(n) ((((n) + DOOR_CALLGATE_FIRST) << 3) | 3)
/* The Linux personality's call gate (one for every call, number in EAX): the one after gate GATE_COUNT - 1's. */
#define DOOR_LINUX_CALLGATE_SEL DOOR_CALLGATE_SEL(GATE_COUNT)

/* The console's signal characters: SIGINT and SIGTSTP to its foreground process group (tty/foreground.h). */
#define CONSOLE_INTR_CHAR 0x03   /* Ctrl-C */
#define CONSOLE_SUSP_CHAR 0x1A   /* Ctrl-Z */

/* wait() options (Linux's values) */
#define WNOHANG    1   /* return 0 at once if no child has ended */
#define WUNTRACED  2   /* also a child that has stopped (WIFSTOPPED), once per stop */
#define WCONTINUED 8   /* also a stopped child that SIGCONT continued (WIFCONTINUED), once */

/*
 * Why the kernel killed a process, and the signal that ends it for that
 * (its default action, unless the process handles it). X-macro: (code, name,
 * signal, description). The code rides in a signalled wait status
 * (signal.h, WKILLREASON).
 */
#define KILL_REASONS(X) \
	X(1,  GATE_MISALIGNED, SIGSEGV, "call into the middle of a gate page") \
	X(2,  GATE_DATA,       SIGSEGV, "data access to a gate page") \
	X(3,  GATE_BAD_STACK,  SIGSEGV, "gate call with an unreadable return address") \
	X(4,  PAGE_FAULT,      SIGSEGV, "page fault") \
	X(5,  PROTECTION,      SIGSEGV, "general protection fault") \
	X(6,  ILLEGAL,         SIGILL,  "invalid opcode") \
	X(7,  ARITHMETIC,      SIGFPE,  "arithmetic fault") \
	X(8,  OTHER_FAULT,     SIGTRAP, "CPU exception") \
	X(9,  KILLED,          SIGKILL, "killed by another process") \
	X(10, INTERRUPTED,     SIGINT,  "killed by ^C") \
	X(11, BAD_SIGFRAME,    SIGSEGV, "sigreturn of a frame ring 3 could not have made") \
	X(12, NO_SIGFRAME,     SIGSEGV, "no room on the user stack for a signal frame") \
	X(13, BREAKPOINT,      SIGTRAP, "breakpoint (int3)") \
	X(14, ALIGNMENT,       SIGBUS,  "alignment check")

enum kill_reason {
#define KILL_ENUM(code, name, sig, text) KILL_##name = (code),
	KILL_REASONS(KILL_ENUM)
#undef KILL_ENUM
};

/* File types in pf_stat and pf_dirent. */
#define PF_TYPE_FILE 1
#define PF_TYPE_DIR  2
#define PF_TYPE_PIPE 3
#define PF_TYPE_CONSOLE 4
#define PF_TYPE_CHAR 5           /* a character device (/dev's): mode and rdev say which */

#define PF_NAME_LEN 64           /* names in the initrd, including the NUL */
#define PF_NAME_MAX 255          /* the longest name in a directory (Linux's NAME_MAX; ext2's too) */
#define PF_DIRENT_NAME_LEN (PF_NAME_MAX + 1)   /* pf_dirent's name, with its NUL: every name whole */
#define PF_PROC_NAME_LEN 16
#define PF_GATE_SET_WORDS 32     /* GATE_COUNT / 32 */

struct pf_stat {
	unsigned long size;
	unsigned long type;          /* PF_TYPE_* */
	unsigned long ino;           /* the inode number (initrd: the entry's place in the archive, from 1) */
	unsigned long nlink;         /* names of it (1 on the initrd) */
	unsigned long mode;          /* permission bits (ext2 gives its whole st_mode: take the type from type); 0: the type's usual ones */
	unsigned long rdev;          /* a device's Linux number (major << 8 | minor); 0 for the rest */
	unsigned long mtime;         /* last change of its contents, seconds since 1970 (0: not kept) */
	unsigned long atime;         /* last access (ext2 sets it only on request: utimensat), seconds since 1970 (0: not kept) */
	unsigned long ctime;         /* last change of the inode, seconds since 1970 (0: not kept) */
};

struct pf_dirent {
	char name[PF_DIRENT_NAME_LEN];   /* relative to the directory listed, whole */
	unsigned long size;
	unsigned long type;
	unsigned long ino;           /* the inode number, as stat gives it (ext2); 0 where none is kept (initrd, /dev, /proc) */
};

/*
 * open() flags and fcntl() commands: Linux i386's values, written here once
 * (the C views, abi.json and the user runtime are made from these).
 */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100   /* create it if missing */
#define O_EXCL      00000200   /* with O_CREAT: fail with -EEXIST if it exists */
#define O_TRUNC     00001000   /* cut to 0 bytes on open for writing */
#define O_APPEND    00002000   /* every write at the end */
#define O_NONBLOCK  00004000   /* a pipe or the console answers -EAGAIN where it would wait */
#define O_DIRECTORY 00200000   /* fail with -ENOTDIR unless a directory */
#define O_CLOEXEC   02000000   /* the descriptor is not inherited by spawn */
#define O_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_DIRECTORY | O_CLOEXEC)
#define O_SETFL_FLAGS (O_APPEND | O_NONBLOCK) /* what F_SETFL may change */

#define F_DUPFD 0   /* the lowest free descriptor >= arg, sharing the open file */
#define F_GETFD 1   /* the descriptor's flags (FD_CLOEXEC) */
#define F_SETFD 2
#define F_GETFL 3   /* the open file's flags (access mode, O_APPEND) */
#define F_SETFL 4
#define FD_CLOEXEC 1

/* lseek whence */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FD_MAX   64     /* descriptors per process */
#define PIPE_BUF 4096   /* a pipe write of at most this many bytes is never interleaved with another */

/*
 * Memory mappings (mmap, munmap, mprotect): Linux i386's values, written
 * here once. mmap takes a struct pf_mmap (six values do not fit the gate's
 * three registers); its offset is in pages, as Linux's mmap2.
 */
#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define PROT_MASK     (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_TYPE      0x0f   /* MAP_SHARED or MAP_PRIVATE, exactly one */
#define MAP_FIXED     0x10   /* at addr exactly, replacing what mappings are there */
#define MAP_ANONYMOUS 0x20   /* zeros, no file (fd and pgoff ignored) */
#define MAP_FLAGS     (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS)
#define MAP_FAILED_MAX 4095  /* a result above -4096 (unsigned) is -errno, as Linux's */

struct pf_mmap {
	unsigned long addr;          /* a hint, or with MAP_FIXED the place (page aligned) */
	unsigned long len;
	unsigned long prot;          /* PROT_* */
	unsigned long flags;         /* MAP_* */
	long fd;                     /* the file, unless MAP_ANONYMOUS */
	unsigned long pgoff;         /* the file offset in pages */
};

/* What a line of a process's maps listing is (PF_MAP_KIND_*), and one line. */
#define PF_MAP_IMAGE 1           /* the program's segments (from the file) */
#define PF_MAP_HEAP  2           /* sbrk's */
#define PF_MAP_STACK 3
#define PF_MAP_ANON  4           /* mmap'ed zeros */
#define PF_MAP_FILE  5           /* mmap'ed from a file (a private copy) */
#define PF_MAP_VVAR  6           /* a Linux program's vDSO data page (Linux's [vvar]) */
#define PF_MAP_VDSO  7           /* a Linux program's vDSO */

struct pf_map {
	unsigned long lo, hi;        /* [lo, hi), page aligned */
	unsigned long prot;          /* PROT_* (the image: PROT_READ | PROT_EXEC | PROT_WRITE, per page in fact) */
	unsigned long flags;         /* MAP_SHARED or MAP_PRIVATE */
	unsigned long kind;          /* PF_MAP_* */
	unsigned long pgoff;         /* PF_MAP_FILE: the file offset in pages */
	unsigned long resident;      /* pages mapped now (the rest are demand-zero, promised) */
};

/* Process states as procinfo reports them. */
#define PF_PROC_RUNNABLE 1
#define PF_PROC_RUNNING  2
#define PF_PROC_SLEEPING 3
#define PF_PROC_ZOMBIE   4
#define PF_PROC_STOPPED  5

struct pf_procinfo {
	int pid, ppid;
	unsigned long state;
	unsigned long frames;        /* user pages mapped */
	unsigned long ngates;        /* gates in its set */
	char name[PF_PROC_NAME_LEN];
	unsigned long gates[PF_GATE_SET_WORDS];
};

struct pf_sysinfo {
	unsigned long free_frames;
	unsigned long total_frames;
	unsigned long nproc, nproc_max;
	unsigned long uptime_ms;
	unsigned long context_switches;
	unsigned long gate_calls;    /* gate calls so far: counted only with `gatecount` or `gatelog` */
	unsigned long console_queued;      /* bytes written, not yet handed to the UART */
	unsigned long console_full_waits;  /* times a writer slept for room in the console queue */
	unsigned long open_files, open_files_max;   /* open-file objects in use, and the system's pool */
	unsigned long pipes;                        /* pipes in use (each holds one frame) */
};

#endif
