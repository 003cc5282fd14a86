/* help: filetests: TAP tests of descriptors, open files and pipes (issue 26) */
/*
 * filetests: descriptors, open files and pipes (issue 26), TAP. Every
 * promise of src/vfs has a test here: offsets shared by dup, dup2 over an
 * open descriptor, close-on-exec across spawn, -EMFILE and -ENFILE at their
 * limits with the kernel going on, -EBADF, lseek's 64-bit offset through a
 * pointer (bad pointers too), pipe EOF and -EPIPE, PIPE_BUF atomicity with
 * several writers, a blocked reader killed, and a dead process's table
 * closed. Run by test/suite_files.py under QEMU and Bochs.
 * Subcommands (its own children): hold, writer ID N SIZE, blockread, probe FD FD.
 */
#include "ulib.h"
#include "tap.h"

#define ATOMIC_WRITERS 4
#define ATOMIC_WRITES 12
#define ATOMIC_SIZE 1000          /* not a divisor of PIPE_BUF: writes straddle the ring's end */
#define ATOMIC_READ 300           /* the reader's piece: less than a write */
#define HOLDERS 3                 /* together they hold more than the system's pool */
#define SAVED_MIN 10

extern char _start[];   /* crt0, in the read-only text segment */

static long open_files(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? (long)si.open_files : -1;
}

/* Spawn argv with in and out as its 0 and 1 (-1: this process's own); the caller's 0 and 1 are put back. */
static long spawn_with(const char *const *argv, int in, int out)
{
	long s0 = sys_fcntl(STDIN_FD, F_DUPFD, SAVED_MIN), s1 = sys_fcntl(STDOUT_FD, F_DUPFD, SAVED_MIN);
	sys_fcntl((int)s0, F_SETFD, FD_CLOEXEC);
	sys_fcntl((int)s1, F_SETFD, FD_CLOEXEC);
	if (in >= 0)
		sys_dup2(in, STDIN_FD);
	if (out >= 0)
		sys_dup2(out, STDOUT_FD);
	long pid = sys_spawn(argv[0], argv, NULL);
	sys_dup2((int)s0, STDIN_FD);
	sys_dup2((int)s1, STDOUT_FD);
	sys_close((int)s0);
	sys_close((int)s1);
	return pid;
}

/* The pipe's ends, close-on-exec so that only the child given one holds it. */
static bool cloexec_pipe(int fds[2])
{
	if (sys_pipe(fds))
		return false;
	sys_fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	sys_fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return true;
}

static void test_console_and_ebadf(void)
{
	struct pf_stat st;
	TAP_EQ(sys_fstat(STDIN_FD, &st), 0, "fstat(0) works");
	TAP_EQ(st.type, PF_TYPE_CONSOLE, "... and says console");
	char c;
	TAP_EQ(sys_read(STDOUT_FD, &c, 1), -EBADF, "read from 1 (the console, write-only): -EBADF");
	TAP_EQ(sys_write(STDIN_FD, "x", 1), -EBADF, "write to 0 (read-only): -EBADF");
	TAP_EQ(sys_close(-1), -EBADF, "close(-1): -EBADF");
	TAP_EQ(sys_close(FD_MAX), -EBADF, "close(FD_MAX): -EBADF");
	TAP_EQ(sys_close(FD_MAX - 1), -EBADF, "close of a descriptor never opened: -EBADF");
	TAP_EQ(sys_fstat(FD_MAX - 1, &st), -EBADF, "fstat of it: -EBADF");
	long long off = 0;
	TAP_EQ(sys_lseek(FD_MAX - 1, &off, SEEK_SET), -EBADF, "lseek of it: -EBADF");
	TAP_EQ(sys_dup(FD_MAX - 1), -EBADF, "dup of it: -EBADF");
	TAP_EQ(sys_dup(-7), -EBADF, "dup(-7): -EBADF");
	TAP_EQ(sys_dup2(STDOUT_FD, FD_MAX), -EBADF, "dup2 onto FD_MAX: -EBADF");
	TAP_EQ(sys_dup2(STDOUT_FD, -1), -EBADF, "dup2 onto -1: -EBADF");
	TAP_EQ(sys_fcntl(FD_MAX - 1, F_GETFD, 0), -EBADF, "fcntl of it: -EBADF");
	TAP_EQ(sys_fsync(FD_MAX - 1), -EBADF, "fsync of it: -EBADF");
	struct pf_dirent d;
	TAP_EQ(sys_getdents(FD_MAX - 1, &d, 1), -EBADF, "getdents of it: -EBADF");
}

static void test_open_flags(void)
{
	TAP_EQ(sys_open("README", O_WRONLY, 0), -EROFS, "open README for writing: -EROFS (the initrd)");
	TAP_EQ(sys_open("README", O_RDWR, 0), -EROFS, "... for reading and writing: -EROFS");
	TAP_EQ(sys_open("README", O_RDONLY | O_TRUNC, 0), -EROFS, "... with O_TRUNC: -EROFS");
	TAP_EQ(sys_open("newfile", O_WRONLY | O_CREAT, 0644), -EROFS, "create a file: -EROFS");
	TAP_EQ(sys_open("README", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST, "O_CREAT|O_EXCL of what exists: -EEXIST");
	TAP_EQ(sys_open("README", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR, "O_DIRECTORY on a file: -ENOTDIR");
	TAP_EQ(sys_open("nosuch", O_RDONLY, 0), -ENOENT, "a missing file: -ENOENT");
	TAP_EQ(sys_open("README", 0x40000000, 0), -EINVAL, "an unknown flag: -EINVAL");
	TAP_EQ(sys_open("README", O_ACCMODE, 0), -EINVAL, "access mode 3: -EINVAL");
	TAP_EQ(sys_open((const char *)KERNEL_BASE, O_RDONLY, 0), -EFAULT, "a kernel path pointer: -EFAULT");
	TAP_EQ(sys_mkdir("/d", 0755), -EROFS, "mkdir: -EROFS");
	TAP_EQ(sys_unlink("README"), -EROFS, "unlink: -EROFS");
	TAP_EQ(sys_rmdir("/d"), -EROFS, "rmdir: -EROFS");
	TAP_EQ(sys_rename("README", "x"), -EROFS, "rename: -EROFS");
	TAP_EQ(sys_link("README", "x"), -EROFS, "link: -EROFS");
	TAP_EQ(sys_unlink((const char *)KERNEL_BASE), -EFAULT, "unlink of a kernel pointer: -EFAULT");
	TAP_EQ(sys_sync(), 0, "sync: 0");
}

static void test_dup_and_offsets(void)
{
	long base = open_files();
	char all[32], a[10], b[10];
	long fd = sys_open("README", O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, all, sizeof all), sizeof all, "read README's first 32 bytes");
	long long off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_SET), 0, "lseek back to 0");
	long d = sys_dup((int)fd);
	tap_ok(d > fd, "dup gives the lowest free descriptor (%ld after %ld)", d, fd);
	TAP_EQ(open_files(), base + 1, "dup makes no new open file: they share one");
	sys_read((int)fd, a, sizeof a);
	sys_read((int)d, b, sizeof b);
	tap_ok(!memcmp(a, all, 10) && !memcmp(b, all + 10, 10), "reads through fd and its dup share one offset");
	off = 0;
	TAP_EQ(sys_lseek((int)d, &off, SEEK_CUR), 0, "lseek(dup, 0, SEEK_CUR)");
	TAP_EQ(off, 20, "... the offset both moved: 20");
	TAP_EQ(sys_close((int)fd), 0, "close the first");
	TAP_EQ(sys_read((int)d, a, 4), 4, "the dup still reads");
	TAP_EQ(open_files(), base + 1, "the open file stays while the dup holds it");

	/* dup2 over an open descriptor: the one it named is closed. */
	long dir = sys_open("/", O_RDONLY | O_DIRECTORY, 0);
	TAP_EQ(open_files(), base + 2, "open / (a directory): one more open file");
	TAP_EQ(sys_dup2((int)d, (int)dir), dir, "dup2 over the directory's descriptor returns it");
	struct pf_stat st;
	sys_fstat((int)dir, &st);
	TAP_EQ(st.type, PF_TYPE_FILE, "it names README now");
	TAP_EQ(open_files(), base + 1, "the directory's open file was closed");
	TAP_EQ(sys_dup2((int)d, (int)d), d, "dup2 onto itself: itself, nothing closed");
	TAP_EQ(sys_fcntl((int)d, F_GETFD, 0), 0, "a new descriptor is not close-on-exec");
	TAP_EQ(sys_fcntl((int)d, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
	TAP_EQ(sys_fcntl((int)d, F_GETFD, 0), FD_CLOEXEC, "F_GETFD says so");
	TAP_EQ(sys_fcntl((int)dir, F_GETFD, 0), 0, "... on that descriptor only, not on its dup");
	long hi = sys_fcntl((int)d, F_DUPFD, 20);
	tap_ok(hi >= 20, "F_DUPFD 20: %ld", hi);
	TAP_EQ(sys_fcntl((int)hi, F_GETFD, 0), 0, "... not close-on-exec");
	TAP_EQ(sys_fcntl((int)d, F_DUPFD, FD_MAX), -EINVAL, "F_DUPFD FD_MAX: -EINVAL");
	TAP_EQ(sys_fcntl((int)d, F_GETFL, 0), O_RDONLY, "F_GETFL: O_RDONLY");
	TAP_EQ(sys_fcntl((int)d, F_SETFL, O_APPEND | O_WRONLY), 0, "F_SETFL O_APPEND (and an access mode it ignores)");
	TAP_EQ(sys_fcntl((int)hi, F_GETFL, 0), O_RDONLY | O_APPEND, "F_GETFL through the dup: the open file's flags changed");
	TAP_EQ(sys_fcntl((int)d, 99, 0), -EINVAL, "an unknown fcntl: -EINVAL");
	sys_close((int)hi);
	sys_close((int)dir);
	sys_close((int)d);
	TAP_EQ(open_files(), base, "all closed: open files back at %ld", base);
}

static void test_lseek(void)
{
	struct pf_stat st;
	sys_stat("README", &st);
	long fd = sys_open("README", O_RDONLY, 0);
	struct pf_stat fst;
	TAP_EQ(sys_fstat((int)fd, &fst), 0, "fstat README");
	tap_ok(fst.size == st.size && fst.ino == st.ino && fst.ino != 0 && fst.type == PF_TYPE_FILE,
	       "fstat agrees with stat (size %lu, ino %lu)", fst.size, fst.ino);
	long long off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_END), 0, "lseek(0, SEEK_END)");
	TAP_EQ(off, st.size, "... gives the size back through the pointer");
	off = -3;
	sys_lseek((int)fd, &off, SEEK_END);
	char buf[8];
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), 3, "3 bytes before the end: read gets 3");
	off = 0x100000005LL;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_SET), 0, "lseek to 4 GiB + 5: a 64-bit offset");
	TAP_EQ(off == 0x100000005LL, 1, "... comes back whole");
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), 0, "read there: 0 (past the end, not byte 5)");
	off = -1;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_SET), -EINVAL, "a negative offset: -EINVAL");
	off = 0;
	sys_lseek((int)fd, &off, SEEK_CUR);
	TAP_EQ(off == 0x100000005LL, 1, "... and the offset stayed");
	off = 0x7fffffffffffffffLL;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_CUR), -EINVAL, "an offset that overflows: -EINVAL");
	off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, 3), -EINVAL, "whence 3: -EINVAL");
	TAP_EQ(sys_lseek((int)fd, NULL, SEEK_SET), -EFAULT, "a NULL offset pointer: -EFAULT");
	TAP_EQ(sys_lseek((int)fd, (long long *)KERNEL_BASE, SEEK_SET), -EFAULT, "a kernel offset pointer: -EFAULT");
	TAP_EQ(sys_lseek((int)fd, (long long *)(uintptr_t)(GATE_BASE - 4), SEEK_SET), -EFAULT,
	       "an offset pointer straddling the gate window: -EFAULT");
	/* Readable but not writable (the program's text): the new offset cannot be told, so nothing moves. */
	TAP_EQ(sys_lseek((int)fd, (long long *)(uintptr_t)_start, SEEK_SET), -EFAULT,
	       "an offset pointer into read-only text: -EFAULT");
	off = 0;
	sys_lseek((int)fd, &off, SEEK_CUR);
	TAP_EQ(off == 0x100000005LL, 1, "... and the offset did not move");
	sys_close((int)fd);
}

static void test_getdents(void)
{
	long fd = sys_open("/", O_RDONLY | O_DIRECTORY, 0);
	tap_ok(fd >= 0, "open / with O_DIRECTORY (%ld)", fd);
	char c;
	TAP_EQ(sys_read((int)fd, &c, 1), -EISDIR, "read from a directory: -EISDIR");
	struct pf_dirent d[4];
	unsigned long total = 0, calls = 0, matched = 0;
	long r;
	while ((r = sys_getdents((int)fd, d, 4)) > 0) {
		calls++;
		for (long i = 0; i < r; i++, total++) {
			struct pf_dirent one;
			matched += sys_readdir("/", total, &one) == 1 && !strcmp(one.name, d[i].name);
		}
	}
	TAP_EQ(r, 0, "getdents to the end, then 0");
	tap_ok(total >= 10 && matched == total && calls >= total / 4,
	       "%lu entries in %lu calls of at most 4, in readdir's order", total, calls);
	TAP_EQ(sys_getdents((int)fd, d, 4), 0, "and 0 again: the cursor stays at the end");
	long long off = 0;
	sys_lseek((int)fd, &off, SEEK_SET);
	TAP_EQ(sys_getdents((int)fd, d, 1), 1, "lseek to 0 rewinds the cursor: one entry");
	struct pf_dirent first;
	sys_readdir("/", 0, &first);
	tap_ok(!strcmp(first.name, d[0].name), "... the first (%s)", d[0].name);
	TAP_EQ(sys_getdents((int)fd, (struct pf_dirent *)KERNEL_BASE, 1), -EFAULT, "getdents into the kernel: -EFAULT");
	TAP_EQ(sys_getdents((int)fd, d, 0x7fffffff), -EFAULT, "a count whose size overflows: -EFAULT");
	TAP_EQ(sys_getdents((int)fd, d, 1), 1, "the faults moved no cursor: the second entry comes next");
	struct pf_dirent second;
	sys_readdir("/", 1, &second);
	tap_ok(!strcmp(second.name, d[0].name), "... and it is the second (%s)", d[0].name);
	sys_close((int)fd);
	fd = sys_open("README", O_RDONLY, 0);
	TAP_EQ(sys_getdents((int)fd, d, 1), -ENOTDIR, "getdents of a file: -ENOTDIR");
	sys_close((int)fd);
}

static void test_cwd(void)
{
	char buf[PATH_MAX_LEN + 1];
	TAP_EQ(sys_getcwd(buf, sizeof buf), 1, "getcwd: length 1");
	tap_ok(!strcmp(buf, "/"), "... \"/\" (%s)", buf);
	TAP_EQ(sys_getcwd(buf, 1), -ERANGE, "getcwd into 1 byte: -ERANGE");
	TAP_EQ(sys_getcwd((char *)KERNEL_BASE, 8), -EFAULT, "getcwd into the kernel: -EFAULT");
	TAP_EQ(sys_chdir("nosuch"), -ENOENT, "chdir to nothing: -ENOENT");
	TAP_EQ(sys_chdir("README"), -ENOTDIR, "chdir to a file: -ENOTDIR");
	TAP_EQ(sys_chdir("/./.."), 0, "chdir /./..: the root");
	sys_getcwd(buf, sizeof buf);
	tap_ok(!strcmp(buf, "/"), "getcwd still \"/\"");
	struct pf_stat st;
	TAP_EQ(sys_stat("../README", &st), 0, "../README from the root is /README");
}

/* Open README until the call fails; the descriptors in fds (cap max). Returns how many, *err the failure. */
static int open_until_failure(int *fds, int max, long *err)
{
	int n = 0;
	for (;;) {
		long fd = sys_open("README", O_RDONLY, 0);
		if (is_err(fd)) {
			*err = fd;
			return n;
		}
		if (n < max)
			fds[n] = (int)fd;
		n++;
	}
}

static void test_emfile(void)
{
	int fds[FD_MAX];
	long err = 0;
	int n = open_until_failure(fds, FD_MAX, &err);
	TAP_EQ(err, -EMFILE, "open until the table is full: -EMFILE");
	TAP_EQ(n, FD_MAX - 3, "%d opened: FD_MAX (%d) less the console's 3", n, FD_MAX);
	TAP_EQ(sys_dup(STDOUT_FD), -EMFILE, "dup with a full table: -EMFILE");
	int p[2];
	long before = open_files();
	TAP_EQ(sys_pipe(p), -EMFILE, "pipe with a full table: -EMFILE");
	TAP_EQ(open_files(), before, "... and the pipe's open files were given back");
	sys_close(fds[0]);
	TAP_EQ(sys_pipe(p), -EMFILE, "pipe with one free slot: -EMFILE (it needs two)");
	TAP_EQ(open_files(), before - 1, "... nothing kept");
	for (int i = 1; i < n; i++)
		sys_close(fds[i]);
	TAP_EQ(sys_pipe(p), 0, "pipe once there is room");
	sys_close(p[0]);
	sys_close(p[1]);
}

static int hold(void)
{
	int fds[FD_MAX];
	long err;
	int n = open_until_failure(fds, FD_MAX, &err);
	char c = err == -ENFILE ? 'N' : err == -EMFILE ? 'M' : '?';
	sys_write(STDOUT_FD, &c, 1);
	(void)n;
	while (sys_read(STDIN_FD, &c, 1) > 0)   /* until the parent closes the release pipe */
		;
	return 0;
}

static void test_enfile(void)
{
	long base = open_files();
	int ready[2], release[2];
	if (!cloexec_pipe(ready) || !cloexec_pipe(release)) {
		tap_ok(false, "two pipes for the holders");
		return;
	}
	const char *argv[] = { "filetests", "hold", NULL };
	long pids[HOLDERS];
	char said[HOLDERS + 1] = { 0 };
	for (int i = 0; i < HOLDERS; i++) {
		pids[i] = spawn_with(argv, release[0], ready[1]);
		if (pids[i] < 0 || sys_read(ready[0], &said[i], 1) != 1)
			said[i] = '!';
	}
	tap_ok(strchr(said, 'N') != NULL, "holders filled the system's pool: a holder got -ENFILE (%s: M -EMFILE, N -ENFILE)", said);
	struct pf_sysinfo si;
	sys_sysinfo(&si);
	TAP_EQ(si.open_files, si.open_files_max, "sysinfo: every open file in use (%lu of %lu)", si.open_files, si.open_files_max);
	TAP_EQ(sys_open("README", O_RDONLY, 0), -ENFILE, "open now: -ENFILE");
	int p[2];
	TAP_EQ(sys_pipe(p), -ENFILE, "pipe now: -ENFILE");
	long d = sys_dup(STDOUT_FD);
	tap_ok(d >= 0, "dup still works: it makes no new open file (%ld)", d);
	sys_close((int)d);
	TAP_EQ(sys_getpid() > 0, 1, "the kernel goes on");
	sys_close(release[1]);   /* the holders read the end and exit; their tables are closed */
	bool all = true;
	for (int i = 0; i < HOLDERS; i++) {
		int st = -1;
		all &= pids[i] > 0 && sys_wait((int)pids[i], &st, 0) == pids[i] && st == 0;
	}
	tap_ok(all, "every holder exited 0 once released");
	sys_close(release[0]);
	sys_close(ready[0]);
	sys_close(ready[1]);
	TAP_EQ(open_files(), base, "open files back at %ld", base);
}

static int probe(int cloexec_fd, int shared_fd)
{
	struct pf_stat st;
	if (sys_fstat(cloexec_fd, &st) != -EBADF)
		return 1;   /* the close-on-exec descriptor came through */
	char want[5], got[5];
	long fd = sys_open("README", O_RDONLY, 0);
	long long off = 5;
	sys_lseek((int)fd, &off, SEEK_SET);
	sys_read((int)fd, want, 5);
	if (sys_read(shared_fd, got, 5) != 5 || memcmp(want, got, 5))
		return 2;   /* not inherited, or not at the parent's offset */
	return 0;
}

static void test_cloexec_spawn(void)
{
	long c = sys_open("README", O_RDONLY | O_CLOEXEC, 0);
	TAP_EQ(sys_fcntl((int)c, F_GETFD, 0), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	long n = sys_open("README", O_RDONLY, 0);
	char head[15];
	sys_read((int)n, head, 5);
	char a[12], b[12];
	snprintf(a, sizeof a, "%ld", c);
	snprintf(b, sizeof b, "%ld", n);
	const char *argv[] = { "filetests", "probe", a, b, NULL };
	long pid = sys_spawn("filetests", argv, NULL);
	int st = -1;
	sys_wait((int)pid, &st, 0);
	TAP_EQ(st, 0, "spawn: the O_CLOEXEC descriptor is not inherited, the other is, at the parent's offset (1: cloexec came through, 2: offset)");
	TAP_EQ(sys_read((int)n, head + 5, 10), 10, "the parent reads on");
	char want[15];
	long fd = sys_open("README", O_RDONLY, 0);
	sys_read((int)fd, want, 15);
	tap_ok(!memcmp(head + 5, want + 10, 5), "... from where the child left the shared offset (10)");
	sys_close((int)fd);
	sys_close((int)c);
	sys_close((int)n);
}

static void test_pipe_basics(void)
{
	long base = open_files();
	struct pf_sysinfo si0, si1;
	sys_sysinfo(&si0);
	int p[2] = { -1, -1 };
	TAP_EQ(sys_pipe(p), 0, "pipe");
	sys_sysinfo(&si1);
	TAP_EQ(si1.free_frames, si0.free_frames - 1, "a pipe takes one frame");
	TAP_EQ(si1.pipes, si0.pipes + 1, "sysinfo counts it");
	struct pf_stat st;
	sys_fstat(p[0], &st);
	TAP_EQ(st.type, PF_TYPE_PIPE, "fstat: a pipe");
	TAP_EQ(sys_write(p[1], "hello", 5), 5, "write 5 bytes");
	sys_fstat(p[0], &st);
	TAP_EQ(st.size, 5, "fstat's size: the 5 bytes waiting");
	char buf[16];
	TAP_EQ(sys_read(p[0], (void *)KERNEL_BASE, 5), -EFAULT, "read into the kernel: -EFAULT");
	TAP_EQ(sys_read(p[0], buf, 3), 3, "read 3: the bad read consumed nothing");
	TAP_EQ(sys_read(p[0], buf + 3, 16), 2, "read asks 16, gets the 2 left");
	tap_ok(!memcmp(buf, "hello", 5), "the bytes in order");
	TAP_EQ(sys_write(p[1], (const void *)KERNEL_BASE, 5), -EFAULT, "write from the kernel: -EFAULT");
	TAP_EQ(sys_write(p[1], buf, 0), 0, "write of 0 bytes: 0");
	TAP_EQ(sys_read(p[1], buf, 1), -EBADF, "read from the write end: -EBADF");
	TAP_EQ(sys_write(p[0], buf, 1), -EBADF, "write to the read end: -EBADF");
	long long off = 0;
	TAP_EQ(sys_lseek(p[0], &off, SEEK_SET), -ESPIPE, "lseek on a pipe: -ESPIPE");
	sys_write(p[1], "ab", 2);
	sys_close(p[1]);
	TAP_EQ(sys_read(p[0], buf, 16), 2, "after the writer closed, what was written is still read");
	TAP_EQ(sys_read(p[0], buf, 16), 0, "then 0: end of the stream");
	sys_close(p[0]);
	sys_sysinfo(&si1);
	tap_ok(si1.free_frames == si0.free_frames && si1.pipes == si0.pipes, "both ends closed: its frame is given back");
	sys_pipe(p);
	sys_close(p[0]);
	long writer = sys_fork();
	if (writer == 0) {
		sys_write(p[1], "x", 1);   /* SIGPIPE's default action ends it */
		sys_exit(0);
	}
	int wst = -1;
	sys_wait((int)writer, &wst, 0);
	tap_ok(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGPIPE, "write with no reader left: SIGPIPE ends the writer (status %x)", wst);
	signal(SIGPIPE, (void (*)(int))SIG_IGN);   /* the rest of this program wants -EPIPE */
	TAP_EQ(sys_write(p[1], "x", 1), -EPIPE, "write with no reader left, SIGPIPE ignored: -EPIPE");
	sys_close(p[1]);
	TAP_EQ(sys_pipe((int *)KERNEL_BASE), -EFAULT, "pipe(kernel pointer): -EFAULT");
	TAP_EQ(sys_pipe(NULL), -EFAULT, "pipe(NULL): -EFAULT");
	TAP_EQ(sys_pipe((int *)(uintptr_t)_start), -EFAULT, "pipe into read-only text: -EFAULT");
	TAP_EQ(open_files(), base, "... none left a descriptor or an open file behind");
	sys_sysinfo(&si1);
	TAP_EQ(si1.free_frames, si0.free_frames, "... nor a frame");
}

static int writer(int id, int writes, int size)
{
	static char rec[PIPE_BUF * 16];
	if (size > (int)sizeof rec)
		return 3;
	memset(rec, 'a' + id, (size_t)size);
	for (int i = 0; i < writes; i++)
		if (sys_write(STDOUT_FD, rec, (unsigned long)size) != size)
			return 1;
	return 0;
}

static void test_pipe_atomic(void)
{
	int p[2];
	if (!cloexec_pipe(p)) {
		tap_ok(false, "a pipe for the writers");
		return;
	}
	long pids[ATOMIC_WRITERS];
	char size[12], count[12];
	snprintf(size, sizeof size, "%d", ATOMIC_SIZE);
	snprintf(count, sizeof count, "%d", ATOMIC_WRITES);
	for (int i = 0; i < ATOMIC_WRITERS; i++) {
		char id[4] = { (char)('0' + i), 0 };
		const char *argv[] = { "filetests", "writer", id, count, size, NULL };
		pids[i] = spawn_with(argv, -1, p[1]);
	}
	sys_close(p[1]);
	static char stream[ATOMIC_WRITERS * ATOMIC_WRITES * ATOMIC_SIZE + 1];
	unsigned long got = 0;
	long r;
	/* Small reads free small pieces of room: a writer that took what room there was would interleave. */
	while ((r = sys_read(p[0], stream + got, sizeof stream - got < ATOMIC_READ ? sizeof stream - got : ATOMIC_READ)) > 0)
		got += (unsigned long)r;
	TAP_EQ(r, 0, "the stream ends once every writer has exited");
	TAP_EQ(got, sizeof stream - 1, "every byte of %d writers x %d writes of %d bytes arrived", ATOMIC_WRITERS, ATOMIC_WRITES,
	       ATOMIC_SIZE);
	unsigned long mixed = 0, per[ATOMIC_WRITERS] = { 0 };
	for (unsigned long rec = 0; rec + ATOMIC_SIZE <= got; rec += ATOMIC_SIZE) {
		char c = stream[rec];
		for (unsigned long i = 1; i < ATOMIC_SIZE; i++)
			mixed += stream[rec + i] != c;
		if (c >= 'a' && c < 'a' + ATOMIC_WRITERS)
			per[c - 'a']++;
	}
	bool counts = true;
	for (int i = 0; i < ATOMIC_WRITERS; i++)
		counts &= per[i] == ATOMIC_WRITES;
	tap_ok(mixed == 0 && counts, "writes of at most PIPE_BUF never interleave (%lu stray bytes)", mixed);
	bool all = true;
	for (int i = 0; i < ATOMIC_WRITERS; i++) {
		int st = -1;
		all &= sys_wait((int)pids[i], &st, 0) == pids[i] && st == 0;
	}
	tap_ok(all, "every writer exited 0");
	sys_close(p[0]);

	/*
	 * A write that does not fit waits whole. The pipe holds 4000 bytes; a
	 * child's 1000-byte write finds 96 free and must put none of them in.
	 * Once this process has read the 4000 it writes 500 bytes at once: the
	 * stream must be two runs, never the child's first 96 bytes, ours, then
	 * its 904 others. (The writers above keep a line, which a scheduler
	 * that wakes them in order would keep even for a broken pipe.)
	 */
	cloexec_pipe(p);
	static char fill[4000];
	memset(fill, 'c', sizeof fill);
	TAP_EQ(sys_write(p[1], fill, sizeof fill), sizeof fill, "fill a pipe with 4000 bytes");
	const char *bargv[] = { "filetests", "writer", "1", "1", "1000", NULL };
	long bpid = spawn_with(bargv, -1, p[1]);
	sys_sleep_ms(50);
	struct pf_stat fst;
	sys_fstat(p[0], &fst);
	TAP_EQ(fst.size, sizeof fill, "a 1000-byte write with 96 bytes free put nothing in");
	TAP_EQ(sys_read(p[0], fill, sizeof fill), sizeof fill, "read the 4000 out");
	TAP_EQ(sys_write(p[1], fill, 500), 500, "write 500 at once");
	sys_close(p[1]);
	static char two[1500];
	got = 0;
	while ((r = sys_read(p[0], two + got, sizeof two - got)) > 0)
		got += (unsigned long)r;
	unsigned long runs = 1;
	for (unsigned long i = 1; i < got; i++)
		runs += two[i] != two[i - 1];
	tap_ok(got == 1500 && runs == 2, "the two writes arrive whole, one after the other (%lu bytes in %lu runs)", got, runs);
	int bst = -1;
	sys_wait((int)bpid, &bst, 0);
	sys_close(p[0]);

	/* One write of 64 KiB: longer than the pipe, in pieces, whole. */
	cloexec_pipe(p);
	const char *argv[] = { "filetests", "writer", "5", "1", "65536", NULL };
	long pid = spawn_with(argv, -1, p[1]);
	sys_close(p[1]);
	got = 0;
	bool same = true;
	static char chunk[PIPE_BUF];
	while ((r = sys_read(p[0], chunk, sizeof chunk)) > 0) {
		for (long i = 0; i < r; i++)
			same &= chunk[i] == 'f';
		got += (unsigned long)r;
	}
	tap_ok(got == 65536 && same, "a 64 KiB write arrives whole (%lu bytes)", got);
	int st = -1;
	sys_wait((int)pid, &st, 0);
	TAP_EQ(st, 0, "... and its writer exited 0");
	sys_close(p[0]);
}

static int blockread(void)
{
	char c;
	sys_read(STDIN_FD, &c, 1);   /* nobody writes: blocks until killed */
	return 7;
}

static void test_pipe_kill(void)
{
	unsigned long frames0 = free_frames();
	long base = open_files();
	int p[2];
	cloexec_pipe(p);
	const char *argv[] = { "filetests", "blockread", NULL };
	long pid = spawn_with(argv, p[0], -1);
	sys_close(p[0]);   /* the child holds the only read end */
	sys_sleep_ms(50);
	TAP_EQ(sys_kill((int)pid), 0, "kill a child blocked reading a pipe");
	int st = -1;
	TAP_EQ(sys_wait((int)pid, &st, 0), pid, "it ends");
	tap_ok(!WIFEXITED(st) && WKILLREASON(st) == KILL_KILLED, "killed, not returned (status %x)", st);
	TAP_EQ(sys_write(p[1], "x", 1), -EPIPE, "its table was closed at exit: no reader left, -EPIPE");
	sys_close(p[1]);

	/* A writer blocked on a full pipe, killed. */
	cloexec_pipe(p);
	const char *wargv[] = { "filetests", "writer", "0", "4", "4096", NULL };
	pid = spawn_with(wargv, -1, p[1]);
	sys_close(p[1]);
	sys_sleep_ms(50);
	struct pf_stat fst;
	sys_fstat(p[0], &fst);
	TAP_EQ(fst.size, PIPE_BUF, "a writer of 16 KiB filled the pipe and blocks");
	sys_kill((int)pid);
	st = -1;
	sys_wait((int)pid, &st, 0);
	tap_ok(!WIFEXITED(st) && WKILLREASON(st) == KILL_KILLED, "killed while blocked writing (status %x)", st);
	char buf[PIPE_BUF];
	TAP_EQ(sys_read(p[0], buf, sizeof buf), PIPE_BUF, "what it wrote is still read");
	TAP_EQ(sys_read(p[0], buf, sizeof buf), 0, "then the end: its write end closed at its death");
	sys_close(p[0]);
	TAP_EQ(open_files(), base, "open files back at %ld", base);
	TAP_EQ(free_frames(), frames0, "frames back at %lu", frames0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "hold"))
		return hold();
	if (argc == 2 && !strcmp(argv[1], "blockread"))
		return blockread();
	if (argc == 5 && !strcmp(argv[1], "writer"))
		return writer((int)atol(argv[2]), (int)atol(argv[3]), (int)atol(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "probe"))
		return probe((int)atol(argv[2]), (int)atol(argv[3]));
	long base = open_files();
	printf("# filetests: pid %ld, %ld open files\n", sys_getpid(), base);
	test_console_and_ebadf();
	test_open_flags();
	test_dup_and_offsets();
	test_lseek();
	test_getdents();
	test_cwd();
	test_emfile();
	test_enfile();
	test_cloexec_spawn();
	test_pipe_basics();
	test_pipe_atomic();
	test_pipe_kill();
	TAP_EQ(open_files(), base, "at the end, open files back at %ld", base);
	return tap_done();
}
