/*
 * Symbolic links and file times on the disk (ext2), as a stock glibc -static
 * program makes them (test/suite_linux.py runs it with the disk as "/", then
 * reads the disk back with debugfs and e2fsck): fast and slow links, links
 * followed in the middle and at the end of a path, lstat and
 * AT_SYMLINK_NOFOLLOW, O_NOFOLLOW, ELOOP, a dangling link that O_CREAT
 * fills, utimensat with times, UTIME_NOW and UTIME_OMIT; each call with bad
 * input too. Prints "lxlinks: ok ..." or "lxlinks: FAIL ..."; the exit
 * status is the number of failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DIR_ "/lxlinks.d"
/* 60 bytes and more (and below this kernel's PATH_MAX, 1,024): the target goes in a block of its own (a slow link). */
#define LONG_TARGET "sub/./././././././././././././././././././././././././././file"

static int failures;

static void check(int ok, const char *what)
{
	printf("lxlinks: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static void fails(long r, int err, const char *what)
{
	int e = errno;
	char line[160];
	snprintf(line, sizeof line, "%s: -1/%d (got %ld/%d)", what, err, r, r == -1 ? e : 0);
	check(r == -1 && e == err, line);
}

static void *bad(uintptr_t at)
{
	volatile uintptr_t p = at;
	return (void *)p;
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	long n = write(fd, text, strlen(text));
	close(fd);
	return n == (long)strlen(text) ? 0 : -1;
}

static int has(const char *path, const char *text)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	long n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n == (long)strlen(text) && !memcmp(buf, text, (size_t)n);
}

static void test_links(void)
{
	char buf[128];
	check(mkdir(DIR_, 0755) == 0 && mkdir(DIR_ "/sub", 0755) == 0, "mkdir " DIR_ " and its sub");
	check(put(DIR_ "/sub/file", "inside\n") == 0, "a file in sub");
	check(symlink("sub", DIR_ "/fast") == 0, "symlink: a fast link (sub)");
	check(strlen(LONG_TARGET) == 62 && symlink(LONG_TARGET, DIR_ "/slow") == 0, "symlink: a slow link (a 62-byte target)");
	check(symlink(DIR_ "/sub/file", DIR_ "/abs") == 0, "symlink: an absolute target");
	check(syscall(SYS_symlinkat, "file", open(DIR_ "/sub", O_RDONLY | O_DIRECTORY), "rel") == 0,
	      "symlinkat relative to a folder descriptor");
	long n = readlink(DIR_ "/fast", buf, sizeof buf);
	check(n == 3 && !memcmp(buf, "sub", 3), "readlink of the fast link");
	n = readlink(DIR_ "/slow", buf, sizeof buf);
	check(n == (long)strlen(LONG_TARGET) && !memcmp(buf, LONG_TARGET, (size_t)n), "readlink of the slow link");
	check(readlink(DIR_ "/fast/rel", buf, sizeof buf) == 4, "readlink through a link in the middle");
	check(has(DIR_ "/fast/file", "inside\n"), "open through a link in the middle of the path");
	check(has(DIR_ "/slow", "inside\n"), "open of the slow link reads its target");
	check(has(DIR_ "/abs", "inside\n") && has(DIR_ "/sub/rel", "inside\n"), "open of absolute and relative links");
	struct stat st, lst;
	check(stat(DIR_ "/fast", &st) == 0 && S_ISDIR(st.st_mode), "stat follows the link to the folder");
	check(lstat(DIR_ "/fast", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 3, "lstat tells of the link itself");
	check(fstatat(AT_FDCWD, DIR_ "/slow", &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode),
	      "fstatat with AT_SYMLINK_NOFOLLOW: the link");
	struct statx sx;
	check(statx(AT_FDCWD, DIR_ "/slow", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) == 0 && S_ISLNK(sx.stx_mode) &&
	      sx.stx_size == 62 && (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS, "statx AT_SYMLINK_NOFOLLOW: the slow link");
	check(statx(AT_FDCWD, DIR_ "/abs", 0, STATX_BASIC_STATS, &sx) == 0 && S_ISREG(sx.stx_mode) && sx.stx_size == 7 &&
	      sx.stx_nlink == 1, "statx follows the link to the file");
	int sub = open(DIR_ "/sub", O_RDONLY | O_DIRECTORY);
	check(statx(sub, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx) == 0 && S_ISDIR(sx.stx_mode), "statx of a descriptor (AT_EMPTY_PATH)");
	check(statx(sub, "file", 0, STATX_BASIC_STATS, &sx) == 0 && S_ISREG(sx.stx_mode), "statx relative to a folder descriptor");
	close(sub);
	fails(syscall(SYS_statx, AT_FDCWD, DIR_, 0x6000, STATX_BASIC_STATS, &sx), EINVAL, "statx with FORCE_SYNC and DONT_SYNC");
	fails(syscall(SYS_statx, AT_FDCWD, DIR_, 0x1, STATX_BASIC_STATS, &sx), EINVAL, "statx with an unknown flag");
	fails(syscall(SYS_statx, AT_FDCWD, DIR_, 0, 0x80000000u, &sx), EINVAL, "statx with the reserved mask bit");
	fails(syscall(SYS_statx, AT_FDCWD, DIR_, 0, STATX_BASIC_STATS, bad(0xC0000000)), EFAULT, "statx into the kernel");
	fails(syscall(SYS_statx, AT_FDCWD, bad(16), 0, STATX_BASIC_STATS, &sx), EFAULT, "statx of a bad path pointer");
	fails(syscall(SYS_statx, AT_FDCWD, DIR_ "/none", 0, STATX_BASIC_STATS, &sx), ENOENT, "statx of nothing");
	fails(open(DIR_ "/abs", O_RDONLY | O_NOFOLLOW), ELOOP, "open O_NOFOLLOW of a link");
	int fd = open(DIR_ "/fast/file", O_RDONLY | O_NOFOLLOW);
	check(fd >= 0, "O_NOFOLLOW follows the links before the last component");
	close(fd);
	check(chdir(DIR_ "/fast") == 0 && getcwd(buf, sizeof buf) && !strcmp(buf, DIR_ "/sub"), "chdir through a link: getcwd names the folder");
	chdir("/");
	check(symlink("loop2", DIR_ "/loop1") == 0 && symlink("loop1", DIR_ "/loop2") == 0, "two links naming each other");
	fails(open(DIR_ "/loop1", O_RDONLY), ELOOP, "open of a loop");
	fails(stat(DIR_ "/loop1/x", &st), ELOOP, "stat through a loop");
	check(symlink("made-by-open", DIR_ "/dangling") == 0, "a dangling link");
	check(put(DIR_ "/dangling", "filled\n") == 0 && has(DIR_ "/made-by-open", "filled\n"), "O_CREAT through a dangling link makes its target");
	fails(symlink("x", DIR_ "/fast"), EEXIST, "symlink over a name");
	fails(symlink("", DIR_ "/empty"), ENOENT, "symlink to an empty target");
	fails(symlink(bad(16), DIR_ "/b"), EFAULT, "symlink from a bad target pointer");
	fails(symlink("x", bad(0xC0000000)), EFAULT, "symlink at a kernel pointer");
	static char longname[4097 + 1];   /* past Linux's PATH_MAX (4096, with the NUL) and this kernel's (1024) */
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	fails(symlink(longname, DIR_ "/toolong"), ENAMETOOLONG, "symlink with a target past PATH_MAX");
	fails(symlink("x", "/initrd/lnk"), EROFS, "symlink on the read-only initrd");
	check(unlink(DIR_ "/loop2") == 0 && lstat(DIR_ "/loop2", &lst) == -1 && stat(DIR_ "/sub", &st) == 0,
	      "unlink removes the link, not its target");
}

static void test_times(void)
{
	struct stat st;
	struct timespec t[2] = { { 1000000000, 0 }, { 1200000000, 500 } };
	check(utimensat(AT_FDCWD, DIR_ "/sub/file", t, 0) == 0 && stat(DIR_ "/sub/file", &st) == 0 &&
	      st.st_atime == 1000000000 && st.st_mtime == 1200000000, "utimensat sets both times");
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1300000000, 0 } };
	check(utimensat(AT_FDCWD, DIR_ "/sub/file", omit, 0) == 0 && stat(DIR_ "/sub/file", &st) == 0 &&
	      st.st_atime == 1000000000 && st.st_mtime == 1300000000, "UTIME_OMIT keeps the access time");
	check(utimensat(AT_FDCWD, DIR_ "/abs", NULL, 0) == 0 && stat(DIR_ "/sub/file", &st) == 0 &&
	      st.st_mtime > 1577836800 && st.st_atime > 1577836800, "NULL times: now, through the link");
	struct timespec old[2] = { { 1100000000, 0 }, { 1100000000, 0 } };
	struct stat lst;
	check(utimensat(AT_FDCWD, DIR_ "/fast", old, AT_SYMLINK_NOFOLLOW) == 0 && lstat(DIR_ "/fast", &lst) == 0 &&
	      lst.st_mtime == 1100000000 && stat(DIR_ "/fast", &st) == 0 && st.st_mtime != 1100000000,
	      "AT_SYMLINK_NOFOLLOW: the link's own times");
	struct timespec wrong[2] = { { 0, 1000000000 }, { 0, 0 } };
	fails(utimensat(AT_FDCWD, DIR_ "/sub/file", wrong, 0), EINVAL, "utimensat with tv_nsec 1e9");
	/* glibc reads the times itself: the raw calls hand the kernel the bad pointers */
	fails(syscall(SYS_utimensat_time64, AT_FDCWD, DIR_ "/sub/file", bad(16), 0), EFAULT, "utimensat_time64 from a bad times pointer");
	fails(syscall(SYS_utimensat, AT_FDCWD, DIR_ "/sub/file", bad(0xC0000000), 0), EFAULT, "utimensat from a kernel times pointer");
	fails(utimensat(AT_FDCWD, bad(16), NULL, 0), EFAULT, "utimensat of a bad path pointer");
	fails(utimensat(AT_FDCWD, DIR_ "/none", NULL, 0), ENOENT, "utimensat of nothing");
	fails(utimensat(AT_FDCWD, DIR_ "/sub/file", NULL, 0x4), EINVAL, "utimensat with an unknown flag");
	fails(utimensat(AT_FDCWD, "/initrd/README", NULL, 0), EROFS, "utimensat on the read-only initrd");
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	struct { int32_t sec, nsec; } now32[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	check(utimensat(AT_FDCWD, DIR_ "/sub/file", t, 0) == 0 && syscall(SYS_utimensat, AT_FDCWD, DIR_ "/slow", now32, 0) == 0 &&
	      stat(DIR_ "/sub/file", &st) == 0 && st.st_atime > 1577836800 && st.st_mtime == 1200000000,
	      "the 32-bit utimensat: UTIME_NOW and UTIME_OMIT, through the slow link");
	check(utimensat(AT_FDCWD, DIR_ "/sub/file", now, 0) == 0, "utimensat_time64 UTIME_NOW");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_links();
	test_times();
	printf("lxlinks: done, %d failure(s)\n", failures);
	return failures;
}
