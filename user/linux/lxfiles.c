/*
 * The Linux personality's files, pipes and memory calls with bad input, built
 * with the stock i686-linux-gnu-gcc -static (glibc) as any Linux program:
 * every answer is Linux's (checked on Debian's Linux by hand where the
 * Linux-ABI cases do not already compare it). Its exit status is the number
 * of checks that failed. With an argument it does one act that must kill it
 * (linuxtest reads the status): a write to a page of its image, heap or
 * stack that mprotect made read-only, or a touch of its stack past 8 MiB.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define MIB (1024 * 1024)

static int failures;

static void check(int ok, const char *what)
{
	printf("lxfiles: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* A raw call that must fail with err (glibc's syscall() goes by AT_SYSINFO: the gate). */
static void fails(long r, int err, const char *what)
{
	int e = errno;
	char line[160];
	snprintf(line, sizeof line, "%s: -1/%d (got %ld/%d)", what, err, r, r == -1 ? e : 0);
	check(r == -1 && e == err, line);
}

/* A value the compiler cannot see, for counts it would refuse as constants. */
static int opaque(int v)
{
	volatile int x = v;
	return x;
}

static void *bad(void)
{
	volatile uintptr_t p = 16;   /* nothing is mapped there */
	return (void *)p;
}

static void test_open_flags(void)
{
	int fd = openat(AT_FDCWD, "/", O_RDONLY | O_NONBLOCK | O_DIRECTORY | O_CLOEXEC | O_LARGEFILE);
	check(fd >= 0, "openat of a folder with glibc opendir's flags (O_NONBLOCK among them)");
	check(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "F_GETFL shows O_NONBLOCK kept");
	check(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC set FD_CLOEXEC");
	close(fd);
	DIR *d = opendir("/");
	check(d && readdir(d), "opendir and readdir of /");
	if (d)
		closedir(d);
	fd = open("/README", O_RDONLY | O_NOFOLLOW | O_NOATIME | O_SYNC | O_NOCTTY | O_NONBLOCK);
	check(fd >= 0, "open with O_NOFOLLOW, O_NOATIME, O_SYNC, O_NOCTTY, O_NONBLOCK: Linux takes them");
	close(fd);
	fails(open("/README", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file");
	fails(open("/", O_RDWR | O_TMPFILE, 0600), EOPNOTSUPP, "O_TMPFILE");
	fd = open("/", O_PATH | O_DIRECTORY);
	check(fd >= 0, "O_PATH of a folder");
	close(fd);
	fails(open(bad(), O_RDONLY), EFAULT, "open of a bad path pointer");
	fails(openat(99, "README", O_RDONLY), EBADF, "openat relative to a closed descriptor");
	int dir = open("/", O_RDONLY | O_DIRECTORY), file = open("/README", O_RDONLY);
	fd = openat(dir, "README", O_RDONLY);
	check(fd >= 0, "openat relative to a folder's descriptor");
	close(fd);
	fails(openat(file, "README", O_RDONLY), ENOTDIR, "openat relative to a file's descriptor");
	fails(openat(dir, "", O_RDONLY), ENOENT, "openat of \"\"");
	close(dir);
	close(file);
}

static void test_descriptors(void)
{
	int p[2];
	check(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2(O_CLOEXEC | O_NONBLOCK)");
	check(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC, "both ends close-on-exec");
	char c;
	fails(read(p[0], &c, 1), EAGAIN, "read of an empty O_NONBLOCK pipe");
	fails(syscall(SYS_pipe2, p, 0x1), EINVAL, "pipe2 with an unknown flag");
	int lowest = dup(0);
	close(lowest);
	fails(syscall(SYS_pipe2, bad(), 0), EFAULT, "pipe2 into a bad pointer");
	fails(syscall(SYS_pipe, bad()), EFAULT, "pipe into a bad pointer");
	int again = dup(0);
	check(again == lowest, "a refused pipe left no descriptor open");
	close(again);
	fails(dup3(p[0], p[0], 0), EINVAL, "dup3 of a descriptor onto itself");
	fails(dup3(p[0], 11, 0x1), EINVAL, "dup3 with an unknown flag");
	check(dup3(p[0], 10, O_CLOEXEC) == 10 && fcntl(10, F_GETFD) == FD_CLOEXEC, "dup3(O_CLOEXEC)");
	check(dup2(p[0], 10) == 10 && fcntl(10, F_GETFD) == 0, "dup2 clears close-on-exec");
	fails(dup2(p[0], 64), EBADF, "dup2 past the last descriptor (RLIMIT_NOFILE 64)");
	fails(dup2(99, 5), EBADF, "dup2 of a closed descriptor");
	int d = fcntl(p[0], F_DUPFD_CLOEXEC, 20);
	check(d >= 20 && fcntl(d, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC");
	fails(fcntl(p[0], F_DUPFD, 64), EINVAL, "F_DUPFD at 64");
	fails(syscall(SYS_fcntl64, p[0], 999, 0), EINVAL, "fcntl64 with an unknown command");
	check(fcntl(p[0], F_SETFL, 0) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK), "F_SETFL clears O_NONBLOCK");
	close(d);
	close(10);

	/* readv: the vector is checked whole before a byte moves; a pipe's readv is one read. */
	write(p[1], "abc", 3);
	char x[2], y[2];
	struct iovec rv[2] = { { x, 2 }, { y, 2 } };
	check(readv(p[0], rv, 2) == 3 && x[0] == 'a' && y[0] == 'c', "readv of 3 bytes into 2+2: 3, without waiting");
	write(p[1], "de", 2);
	/* A piece in the kernel fails the whole vector before a byte moves (Linux's access_ok). */
	struct iovec kernel_piece[2] = { { x, 1 }, { (void *)0xC0000000u, 1 } };
	fails(readv(p[0], kernel_piece, 2), EFAULT, "readv with a piece in the kernel");
	fails(readv(p[0], bad(), 1), EFAULT, "readv of a bad vector pointer");
	fails(readv(p[0], rv, opaque(1025)), EINVAL, "readv of 1025 pieces");
	fails(readv(p[0], rv, opaque(-1)), EINVAL, "readv of -1 pieces");
	struct iovec negative[2] = { { (void *)0xC0000000u, 1 }, { y, (size_t)-1 } };
	fails(readv(p[0], negative, 2), EINVAL, "readv with a negative piece (found before the kernel piece)");
	check(read(p[0], x, 1) == 1 && x[0] == 'd', "the refused readvs took nothing from the pipe");
	/* A piece in user space but not mapped is found only when it is reached: the pieces before it count. */
	struct iovec unmapped_piece[2] = { { y, 1 }, { bad(), 1 } };
	write(p[1], "f", 1);
	check(readv(p[0], unmapped_piece, 2) == 1 && y[0] == 'e', "readv up to an unmapped piece: the bytes before it");
	fails(writev(p[1], kernel_piece, 2), EFAULT, "writev with a piece in the kernel");
	check(read(p[0], x, 1) == 1 && x[0] == 'f', "and nothing was written");

	fails(pread(p[0], x, 1, 0), ESPIPE, "pread64 on a pipe");
	fails(pwrite(p[1], x, 1, 0), ESPIPE, "pwrite64 on a pipe");
	int f = open("/README", O_RDONLY);
	char head[8] = { 0 };
	check(pread(f, head, 4, 2) == 4 && lseek(f, 0, SEEK_CUR) == 0, "pread64 reads at its offset and leaves the file's");
	fails(syscall(SYS_pread64, f, head, 4, 0, 0x80000000u), EINVAL, "pread64 at a negative offset");
	fails(pwrite(f, "x", 1, 0), EBADF, "pwrite64 to a read-only descriptor");
	fails(ftruncate(f, 0), EINVAL, "ftruncate of a read-only descriptor");
	fails(ftruncate(p[1], 0), EINVAL, "ftruncate of a pipe");
	fails(fsync(p[0]), EINVAL, "fsync of a pipe");
	check(fsync(f) == 0 && fdatasync(f) == 0, "fsync and fdatasync of a file");
	close(f);
	close(p[0]);
	close(p[1]);
}

static void test_getdents(void)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	char buf[4096];
	fails(syscall(SYS_getdents64, fd, buf, 1), EINVAL, "getdents64 into 1 byte");
	fails(syscall(SYS_getdents64, fd, bad(), sizeof buf), EFAULT, "getdents64 into a bad pointer");
	fails(syscall(SYS_getdents64, 99, buf, sizeof buf), EBADF, "getdents64 of a closed descriptor");
	int file = open("/README", O_RDONLY);
	fails(syscall(SYS_getdents64, file, buf, sizeof buf), ENOTDIR, "getdents64 of a file");
	close(file);
	long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
	int readme = 0, records = 0;
	for (long off = 0; off < n;) {
		struct { uint64_t ino; int64_t off; uint16_t reclen; uint8_t type; char name[]; } *r = (void *)(buf + off);
		readme |= !strcmp(r->name, "README") && r->type == DT_REG && r->ino;
		records++;
		off += r->reclen;
	}
	check(n > 0 && readme, "getdents64 lists README as a regular file with an inode number");
	check(syscall(SYS_getdents64, fd, buf, sizeof buf) == 0, "getdents64 at the end: 0");
	/* One record at a time: a buffer that fits the first record only, then the rest. */
	lseek(fd, 0, SEEK_SET);
	long one = syscall(SYS_getdents64, fd, buf, 40);
	long rest = 0, r;
	int more = 0;
	while ((r = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		rest += r, more++;
	check(one > 0 && one <= 40 && more > 0, "a small buffer takes what fits, the next call goes on");
	(void)records;
	close(fd);
}

static void test_poll_select(void)
{
	int p[2];
	pipe(p);
	struct pollfd fds[4] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { 99, POLLIN, 0 }, { -1, POLLIN, 0 } };
	check(poll(fds, 1, 0) == 0 && fds[0].revents == 0, "poll of an empty pipe, no wait: 0");
	check(poll(fds, 1, 30) == 0, "poll of an empty pipe for 30 ms: 0 (it slept to its timeout)");
	check(poll(fds, 4, 0) == 2 && fds[1].revents == POLLOUT && fds[2].revents == POLLNVAL && fds[3].revents == 0,
	      "poll: the write end writable, a closed descriptor POLLNVAL, a negative one nothing");
	/* A poller asleep is woken by another process's write (the kernel wakes poll's channel only when someone sleeps there). */
	pid_t writer = fork();
	if (writer == 0) {
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		nanosleep(&pause, NULL);   /* most likely the parent sleeps in poll by now; either way it must see the byte */
		_exit(write(p[1], "w", 1) == 1 ? 0 : 1);
	}
	int status = -1;
	check(poll(fds, 1, -1) == 1 && fds[0].revents == POLLIN, "poll asleep on an empty pipe: woken by a child's write, POLLIN");
	check(waitpid(writer, &status, 0) == writer && status == 0, "the writing child exits 0");
	char w;
	check(read(p[0], &w, 1) == 1 && w == 'w', "the child's byte read back");
	write(p[1], "z", 1);
	check(poll(fds, 1, -1) == 1 && fds[0].revents == POLLIN, "poll after a write: POLLIN at once");
	fails(poll(fds, opaque(65), 0), EINVAL, "poll of 65 entries (RLIMIT_NOFILE 64)");
	fails(poll(fds, opaque(0x40000000), 0), EINVAL, "poll of a huge count");
	fails(poll(bad(), 1, 0), EFAULT, "poll of a bad array");
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 0, 0 };
	check(select(p[0] + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rd), "select: the pipe readable");
	char c;
	read(p[0], &c, 1);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 20000 };
	check(select(p[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rd) && tv.tv_usec == 0,
	      "select of an empty pipe for 20 ms: 0, the set emptied, no time left");
	FD_ZERO(&rd);
	FD_SET(50, &rd);
	tv = (struct timeval){ 0, 0 };
	fails(select(51, &rd, NULL, NULL, &tv), EBADF, "select of a closed descriptor");
	fails(select(-1, NULL, NULL, NULL, &tv), EINVAL, "select of -1 descriptors");
	fails(select(1, bad(), NULL, NULL, &tv), EFAULT, "select of a bad set");
	close(p[1]);
	fds[0].events = POLLIN;
	check(poll(fds, 1, -1) == 1 && (fds[0].revents & POLLHUP), "poll after the writer closed: POLLHUP");
	close(p[0]);
}

static void test_mmap(void)
{
	fails((long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL, "mmap neither private nor shared");
	fails((long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap of 0 bytes");
	fails((long)mmap(NULL, 0xFFFFF000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM, "mmap of 4 GiB less a page");
	fails((long)mmap(NULL, 0xFFFFFFFFu, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM, "mmap whose length wraps");
	fails((long)mmap((void *)0x30000001, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL,
	      "MAP_FIXED at an unaligned address");
	fails((long)mmap(NULL, PG, 0x10, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap with an unknown PROT bit");
	fails((long)mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0), EBADF, "mmap of a closed descriptor");
	char *a = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	check(a != MAP_FAILED, "mmap with MAP_STACK and MAP_NORESERVE (hints)");
	if (a != MAP_FAILED) {
		a[0] = 1;
		fails((long)mmap(a, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST,
		      "MAP_FIXED_NOREPLACE over a mapping");
		check(a[0] == 1, "the mapping stayed");
		check(madvise(a, 2 * PG, MADV_DONTNEED) == 0 && madvise(a, PG, MADV_WILLNEED) == 0, "madvise DONTNEED, WILLNEED: 0");
		fails(madvise(a, PG, 999), EINVAL, "madvise with unknown advice");
		fails(madvise(a + 1, PG, MADV_NORMAL), EINVAL, "madvise of an unaligned address");
		check(munmap(a, 2 * PG) == 0, "munmap");
	}
	uint32_t args[6] = { 0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, (uint32_t)-1, 1 };
	fails(syscall(SYS_mmap, args), EINVAL, "old mmap with an offset off a page");
	fails(syscall(SYS_mmap, bad()), EFAULT, "old mmap of a bad pointer");
	args[5] = 0;
	long m = syscall(SYS_mmap, args);
	check(m != -1 && munmap((void *)m, PG) == 0, "old mmap of a page");
	fails(munmap((void *)0x30000001, PG), EINVAL, "munmap unaligned");
}

static void test_limits(void)
{
	struct rlimit r;
	check(getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur == 8 * MIB, "RLIMIT_STACK: 8 MiB");
	check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 64 && r.rlim_max == 64, "RLIMIT_NOFILE: 64");
	check(getrlimit(RLIMIT_DATA, &r) == 0 && r.rlim_cur == RLIM_INFINITY, "RLIMIT_DATA: none");
	struct rlimit64 o;
	check(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &o) == 0 && o.rlim_cur == 8 * MIB, "prlimit64 reads");
	struct rlimit64 n = { 16 * MIB, 16 * MIB };
	fails(syscall(SYS_prlimit64, 0, RLIMIT_STACK, &n, NULL), EPERM, "prlimit64 raising the stack's");
	fails(syscall(SYS_prlimit64, 99999, RLIMIT_STACK, NULL, &o), ESRCH, "prlimit64 of no such process");
	fails(syscall(SYS_prlimit64, 0, 99, NULL, &o), EINVAL, "prlimit64 of no such resource");
	fails(syscall(SYS_ugetrlimit, RLIMIT_STACK, bad()), EFAULT, "ugetrlimit into a bad pointer");
}

static void test_paths(void)
{
	check(access("/README", R_OK | W_OK) == 0, "access of a file: root may");
	fails(access("/no/such", F_OK), ENOENT, "access of nothing");
	fails(access("/README", 8), EINVAL, "access with an unknown mode bit");
	fails(access(bad(), F_OK), EFAULT, "access of a bad pointer");
	fails(syscall(SYS_faccessat2, AT_FDCWD, "/README", R_OK, 0x1), EINVAL, "faccessat2 with an unknown flag");
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	check(faccessat(dir, "README", R_OK, 0) == 0, "faccessat relative to a folder");
	char cwd[64];
	check(getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/"), "getcwd: /");
	check(syscall(SYS_getcwd, cwd, sizeof cwd) == 2, "the raw getcwd counts the NUL");
	fails(syscall(SYS_getcwd, cwd, 1), ERANGE, "getcwd into 1 byte");
	int file = open("/README", O_RDONLY);
	fails(fchdir(file), ENOTDIR, "fchdir to a file");
	fails(fchdir(99), EBADF, "fchdir to a closed descriptor");
	check(fchdir(dir) == 0, "fchdir to a folder");
	fails(mkdir("/lxfiles-dir", 0755), EROFS, "mkdir on the initrd: read-only");
	fails(unlink("/README"), EROFS, "unlink on the initrd: read-only");
	fails(rename("/README", "/R2"), EROFS, "rename on the initrd: read-only");
	fails(syscall(SYS_renameat2, AT_FDCWD, "/README", AT_FDCWD, "/R2", 4), EINVAL, "renameat2 RENAME_WHITEOUT");
	fails(syscall(SYS_unlinkat, AT_FDCWD, "/README", 0x1), EINVAL, "unlinkat with an unknown flag");
	fails(truncate("/README", 0), EROFS, "truncate on the initrd: read-only");
	fails(truncate("/README", -1), EINVAL, "truncate to a negative size");
	char link[16];
	fails(readlink("/README", link, sizeof link), EINVAL, "readlink of a file");
	fails(readlink("/no/such", link, sizeof link), ENOENT, "readlink of nothing");
	fails(syscall(SYS_readlink, "/README", link, 0), EINVAL, "readlink into 0 bytes");
	struct stat st;
	check(stat("/README", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0, "stat64 of a file");
	check(lstat("/", &st) == 0 && S_ISDIR(st.st_mode), "lstat64 of a folder");
	fails(stat(bad(), &st), EFAULT, "stat64 of a bad path");
	fails(syscall(SYS_stat64, "/README", bad()), EFAULT, "stat64 into a bad pointer");
	check(umask(077) == 022 && umask(022) == 077, "umask: 022 first, then what was set");
	sync();
	check(1, "sync returned");
	close(file);
	close(dir);
}

/* Linux's stack grows on demand to 8 MiB: a page 7 MiB down is there, and its frame comes back at exit. */
static void __attribute__((noinline)) deep(void)
{
	volatile char big[7 * MIB];
	for (size_t i = 0; i < sizeof big; i += PG)   /* every page, from the top down as a stack grows */
		big[sizeof big - 1 - i] = (char)(i / PG);
	int kept = 1;
	for (size_t i = 0; i < sizeof big; i += PG)
		kept &= big[sizeof big - 1 - i] == (char)(i / PG);
	check(kept, "a 7 MiB array on the stack, every page written and read back");
}

/* An act that must kill (linuxtest checks how it ended). */
static int die(const char *how)
{
	static char image_page[PG] __attribute__((aligned(PG))) = { 1 };
	char stack[3 * PG];
	char *target = NULL;
	if (!strcmp(how, "roimage"))
		target = image_page;
	else if (!strcmp(how, "roheap"))
		target = (char *)(((uintptr_t)sbrk(2 * PG) + PG - 1) & ~(uintptr_t)(PG - 1));
	else if (!strcmp(how, "rostack"))
		target = (char *)(((uintptr_t)stack + PG) & ~(uintptr_t)(PG - 1));
	if (target) {
		target[0] = 3;
		if (mprotect(target, PG, PROT_READ) != 0 || target[0] != 3)
			return 100;
		*(volatile char *)target = 4;   /* dies here */
		return 101;
	}
	if (!strcmp(how, "stack9m")) {
		volatile uintptr_t sp = (uintptr_t)&how;
		*(volatile char *)(sp - 9 * MIB) = 1;   /* past the 8 MiB limit: nothing grows there */
		return 102;
	}
	return 103;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return die(argv[1]);
	test_open_flags();
	test_descriptors();
	test_getdents();
	test_poll_select();
	test_mmap();
	test_limits();
	test_paths();
	deep();
	printf("lxfiles: %d failed\n", failures);
	return failures;
}
