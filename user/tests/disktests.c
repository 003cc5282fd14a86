/* help: disktests: TAP tests of ext2 files through the VFS (run with a disk); also: sum FILE..., storm ROUNDS, longpaths */
/*
 * disktests: the disk's ext2 as processes see it through the VFS (issue 26),
 * TAP. Needs a disk mounted on "/" (test/suite_vfs_disk.py boots a copy of
 * build/disk.img); the host's e2fsck and debugfs judge what it leaves.
 * Creating (O_EXCL), truncating, appending, holes, 64-bit lseek, fstat and
 * stat, directories listed through getdents with a cursor (. and .. too), mkdir, rmdir,
 * rename (over a name, across directories), hard links, the last name of an
 * open file removed (the file lives on until closed), the initrd at /initrd read-only (-EROFS, -EXDEV),
 * bad pointers, and two writers at once (one sleeps on the disk while the
 * other has it). Leaves /dt/keep.txt (KEEP_TEXT) for the host to read.
 *
 * Subcommands: writer PATH N (N pieces of 1,000 bytes, each its index's
 * letter), sum FILE... (size and FNV-1a of each, for the host to compare),
 * storm ROUNDS (the power-cut test's writes, below), longpaths (issue 26's
 * long names and paths, below).
 */
#include "ulib.h"
#include "tap.h"

#define KEEP_TEXT "pfgate kept this on the disk\n"
#define BIG_BYTES 300000          /* past the 12 direct and the indirect blocks of a 1 KiB-block file */
#define PIECE 1000
#define WRITER_PIECES 100
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static char big[BIG_BYTES], back[BIG_BYTES];

static long open_files(void)
{
	struct pf_sysinfo si;
	return sys_sysinfo(&si) == 0 ? (long)si.open_files : -1;
}

static long file_size(const char *path)
{
	struct pf_stat st;
	long r = sys_stat(path, &st);
	return r < 0 ? r : (long)st.size;
}

/* The whole of path into buf (at most len): bytes read or -errno. */
static long slurp(const char *path, char *buf, long len)
{
	long fd = sys_open(path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	long got = 0, n;
	while (got < len && (n = sys_read((int)fd, buf + got, (unsigned long)(len - got))) > 0)
		got += n;
	sys_close((int)fd);
	return got;
}

static long put(const char *path, const char *text, uint32_t flags)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | flags, 0644);
	if (fd < 0)
		return fd;
	long n = sys_write((int)fd, text, strlen(text));
	sys_close((int)fd);
	return n;
}

static void test_create_write_read(void)
{
	sys_mkdir("/dt", 0755);
	long fd = sys_open("/dt/a", O_RDWR | O_CREAT | O_EXCL, 0644);
	tap_ok(fd >= 0, "O_CREAT|O_EXCL makes /dt/a (%ld)", fd);
	TAP_EQ(sys_open("/dt/a", O_RDWR | O_CREAT | O_EXCL, 0644), -EEXIST, "... again: -EEXIST");
	for (long i = 0; i < BIG_BYTES; i++)
		big[i] = (char)(i * 7 + (i >> 9));
	TAP_EQ(sys_write((int)fd, big, BIG_BYTES), BIG_BYTES, "one write of %d bytes", BIG_BYTES);
	long long off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_SET), 0, "lseek to 0");
	TAP_EQ(sys_read((int)fd, back, BIG_BYTES), BIG_BYTES, "one read of all of it");
	tap_ok(!memcmp(big, back, BIG_BYTES), "... the same bytes");
	TAP_EQ(sys_read((int)fd, back, 10), 0, "read at the end: 0");
	struct pf_stat st;
	TAP_EQ(sys_fstat((int)fd, &st), 0, "fstat");
	tap_ok(st.size == BIG_BYTES && st.type == PF_TYPE_FILE && st.nlink == 1 && st.ino > 2,
	       "... size %lu, a file, one link, inode %lu", st.size, st.ino);
	off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_END), 0, "lseek SEEK_END");
	TAP_EQ(off, BIG_BYTES, "... is the size");
	TAP_EQ(sys_write((int)fd, (const void *)KERNEL_BASE, 10), -EFAULT, "write from a kernel pointer: -EFAULT");
	off = 0;
	sys_lseek((int)fd, &off, SEEK_SET);
	TAP_EQ(sys_read((int)fd, (void *)KERNEL_BASE, 10), -EFAULT, "read into a kernel pointer: -EFAULT");
	TAP_EQ(sys_read((int)fd, back, 4), 4, "... and the offset did not move");
	tap_ok(!memcmp(back, big, 4), "... the first bytes");
	TAP_EQ(file_size("/dt/a"), BIG_BYTES, "the failed write changed nothing (stat's size)");
	TAP_EQ(sys_fsync((int)fd), 0, "fsync: 0");
	TAP_EQ(sys_close((int)fd), 0, "close");

	fd = sys_open("/dt/a", O_WRONLY | O_TRUNC, 0);
	tap_ok(fd >= 0, "O_TRUNC open");
	TAP_EQ(file_size("/dt/a"), 0, "... cut the file to 0");
	sys_close((int)fd);
	TAP_EQ(put("/dt/a", "ab", 0), 2, "write ab");
	fd = sys_open("/dt/a", O_WRONLY | O_APPEND, 0);
	off = 0;
	sys_lseek((int)fd, &off, SEEK_SET);
	TAP_EQ(sys_write((int)fd, "cd", 2), 2, "O_APPEND write after lseek to 0");
	sys_close((int)fd);
	char buf[16] = { 0 };
	TAP_EQ(slurp("/dt/a", buf, sizeof buf - 1), 4, "... goes at the end");
	tap_ok(!strcmp(buf, "abcd"), "... the file is abcd (%s)", buf);

	/* A hole: lseek past the end and write; the gap reads as zeros. */
	fd = sys_open("/dt/a", O_RDWR, 0);
	off = 100000;
	sys_lseek((int)fd, &off, SEEK_SET);
	TAP_EQ(sys_write((int)fd, "z", 1), 1, "write one byte at 100,000");
	off = 50000;
	sys_lseek((int)fd, &off, SEEK_SET);
	TAP_EQ(sys_read((int)fd, back, 1000), 1000, "read inside the hole");
	bool zeros = true;
	for (int i = 0; i < 1000; i++)
		zeros &= back[i] == 0;
	tap_ok(zeros, "... zeros");
	sys_close((int)fd);
	TAP_EQ(file_size("/dt/a"), 100001, "the size is 100,001");

	TAP_EQ(sys_open("/nosuchdir/x", O_WRONLY | O_CREAT, 0644), -ENOENT, "create in a missing directory: -ENOENT");
	TAP_EQ(sys_open("/dt/a/x", O_WRONLY | O_CREAT, 0644), -ENOTDIR, "create under a file: -ENOTDIR");
	TAP_EQ(sys_open("/dt", O_WRONLY, 0), -EISDIR, "open a directory for writing: -EISDIR");
	TAP_EQ(sys_open("/dt/a", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR, "O_DIRECTORY on a file: -ENOTDIR");
	fd = sys_open("/dt", O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, buf, 1), -EISDIR, "read a directory: -EISDIR");
	sys_close((int)fd);
}

static bool listed(const struct pf_dirent *d, long n, const char *name, unsigned long type)
{
	for (long i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return d[i].type == type;
	return false;
}

static void test_directories(void)
{
	TAP_EQ(sys_mkdir("/dt/sub", 0755), 0, "mkdir /dt/sub");
	TAP_EQ(sys_mkdir("/dt/sub", 0755), -EEXIST, "... again: -EEXIST");
	TAP_EQ(sys_mkdir("/", 0755), -EEXIST, "mkdir /: -EEXIST");
	struct pf_stat st;
	TAP_EQ(sys_stat("/dt/sub", &st), 0, "stat it");
	TAP_EQ(st.type, PF_TYPE_DIR, "... a directory");
	TAP_EQ(put("/dt/sub/one", "1", 0), 1, "a file in it");
	TAP_EQ(sys_rmdir("/dt/sub"), -ENOTEMPTY, "rmdir of it: -ENOTEMPTY");
	TAP_EQ(sys_chdir("/dt/sub"), 0, "chdir into it");
	TAP_EQ(put("two", "22", 0), 2, "a relative name is made there");
	TAP_EQ(file_size("/dt/sub/two"), 2, "... /dt/sub/two");
	TAP_EQ(sys_chdir("/"), 0, "chdir /");

	struct pf_dirent d[8];
	long fd = sys_open("/dt", O_RDONLY | O_DIRECTORY, 0);
	long n = sys_getdents((int)fd, d, 8);
	TAP_EQ(n, 4, "getdents of /dt: four entries");
	tap_ok(listed(d, n, "a", PF_TYPE_FILE) && listed(d, n, "sub", PF_TYPE_DIR), "... a (a file) and sub (a directory)");
	tap_ok(listed(d, n, ".", PF_TYPE_DIR) && listed(d, n, "..", PF_TYPE_DIR), "... and . and .. (directories)");
	TAP_EQ(sys_getdents((int)fd, d, 8), 0, "then 0: the end");
	long long off = 0;
	TAP_EQ(sys_lseek((int)fd, &off, SEEK_SET), 0, "lseek the directory to 0");
	for (int i = 0; i < 4; i++)
		TAP_EQ(sys_getdents((int)fd, d + i, 1), 1, "one entry at a time: entry %d", i);
	TAP_EQ(sys_getdents((int)fd, d + 4, 1), 0, "... the end");
	bool apart = true;
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			apart &= strcmp(d[i].name, d[j].name) != 0;
	tap_ok(apart, "... four different names");
	bool same_ino = true;
	for (int i = 0; i < 4; i++) {
		char path[80];
		snprintf(path, sizeof path, "/dt/%s", d[i].name);
		same_ino &= sys_stat(path, &st) == 0 && st.ino == d[i].ino && d[i].ino != 0;
	}
	tap_ok(same_ino, "... each entry's ino is its inode number, as stat gives it");
	TAP_EQ(sys_getdents((int)fd, (struct pf_dirent *)KERNEL_BASE, 1), -EFAULT, "getdents into a kernel pointer: -EFAULT");
	sys_close((int)fd);

	struct pf_dirent e;
	TAP_EQ(sys_readdir("/dt/sub", 0, &e), 1, "the old readdir gate still lists a disk directory");
	TAP_EQ(sys_readdir("/dt/sub", 3, &e), 1, "... . and .. and two names");
	TAP_EQ(sys_readdir("/dt/sub", 4, &e), 0, "... and ends");
}

/*
 * POSIX: a file open when its last name goes (unlink, rename over it) stays
 * readable and writable through its descriptors, with no link, until the
 * last close frees it. The host's e2fsck -fn after the boot finds no inode
 * left behind (suite_vfs_disk), which it would if a close forgot one.
 */
static void test_unlinked_open(void)
{
	char buf[8] = { 0 };
	struct pf_stat st;
	long base = open_files();
	long fd = sys_open("/dt/linked", O_RDWR, 0), fd2 = sys_open("/dt/linked", O_RDONLY, 0);
	TAP_EQ(sys_unlink("/dt/linked"), 0, "unlink the last name of an open file");
	TAP_EQ(file_size("/dt/linked"), -ENOENT, "... the name is gone");
	TAP_EQ(sys_fstat((int)fd, &st), 0, "... fstat of the open file");
	TAP_EQ(st.nlink, 0, "... no link left");
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), 2, "... its bytes still read");
	TAP_EQ(sys_write((int)fd, "xyz", 3), 3, "... and it takes more");
	sys_close((int)fd);
	long long at = 0;
	TAP_EQ(sys_lseek((int)fd2, &at, SEEK_SET), 0, "... a second open file of it outlives the first's close");
	TAP_EQ(sys_read((int)fd2, buf, sizeof buf), 5, "... and reads all five bytes");
	TAP_EQ(memcmp(buf, "22xyz", 5), 0, "... the old two and the new three");
	sys_close((int)fd2);
	TAP_EQ(open_files(), base, "... both closed: the open files back at the count before");

	TAP_EQ(put("/dt/over", "old", 0), 3, "a file to rename over");
	TAP_EQ(put("/dt/other", "o", 0), 1, "another file");
	fd = sys_open("/dt/over", O_RDONLY, 0);
	TAP_EQ(sys_rename("/dt/other", "/dt/over"), 0, "rename over an open file's last name");
	TAP_EQ(file_size("/dt/over"), 1, "... the name has the new file");
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), 3, "... the open one still reads its own bytes");
	sys_close((int)fd);
	TAP_EQ(sys_unlink("/dt/over"), 0, "... unlink the new one");
}

#define MAP_FILE_BYTES 5000   /* a page and a part: the rest of the second page must read as zeros */

/* A private mapping of a disk file (the file's map_page): its bytes, zeros past the end, writes stay private. */
static void test_private_mapping(void)
{
	for (unsigned i = 0; i < MAP_FILE_BYTES; i++)
		big[i] = (char)('a' + i % 23);
	long fd = sys_open("/dt/mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
	TAP_EQ(sys_write((int)fd, big, MAP_FILE_BYTES), MAP_FILE_BYTES, "a file of 5,000 bytes to map");
	long a = mmap6(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)fd, 0);
	tap_ok(!is_err(a), "mmap of a disk file, private: %ld", a);
	if (is_err(a)) {
		sys_close((int)fd);
		return;
	}
	char *m = (char *)a;
	TAP_EQ(memcmp(m, big, MAP_FILE_BYTES), 0, "... the mapping holds the file's bytes");
	bool zeros = true;
	for (unsigned i = MAP_FILE_BYTES; i < 2 * PAGE_SIZE; i++)
		zeros &= m[i] == 0;
	tap_ok(zeros, "... and zeros past its end");
	m[0] = '#';
	long long at = 0;
	sys_lseek((int)fd, &at, SEEK_SET);
	char first = 0;
	TAP_EQ(sys_read((int)fd, &first, 1), 1, "... a write to the mapping");
	TAP_EQ(first, 'a', "... leaves the file as it was (private)");
	TAP_EQ(sys_munmap((void *)a, 2 * PAGE_SIZE), 0, "... munmap");
	sys_close((int)fd);
	TAP_EQ(sys_unlink("/dt/mapped"), 0, "... unlink it");
}

static void test_names(void)
{
	TAP_EQ(sys_rename("/dt/sub/one", "/dt/moved"), 0, "rename across directories");
	TAP_EQ(file_size("/dt/sub/one"), -ENOENT, "... the old name is gone");
	TAP_EQ(file_size("/dt/moved"), 1, "... the new one has the file");
	TAP_EQ(sys_rename("/dt/sub/two", "/dt/moved"), 0, "rename over an existing name");
	TAP_EQ(file_size("/dt/moved"), 2, "... the name has the moved file");
	TAP_EQ(sys_rename("/dt/nosuch", "/dt/x"), -ENOENT, "rename of a missing name: -ENOENT");
	TAP_EQ(sys_rename("/dt", "/dt/sub/in"), -EINVAL, "rename a directory into itself: -EINVAL");

	TAP_EQ(sys_link("/dt/moved", "/dt/linked"), 0, "link");
	struct pf_stat st;
	sys_stat("/dt/linked", &st);
	TAP_EQ(st.nlink, 2, "... two links");
	TAP_EQ(sys_link("/dt/moved", "/dt/linked"), -EEXIST, "link onto a name: -EEXIST");
	TAP_EQ(sys_unlink("/dt/moved"), 0, "unlink one name");
	TAP_EQ(file_size("/dt/linked"), 2, "... the other still has the file");
	sys_stat("/dt/linked", &st);
	TAP_EQ(st.nlink, 1, "... one link");

	test_unlinked_open();
	TAP_EQ(put("/dt/linked", "22", 0), 2, "a file again at /dt/linked");
	TAP_EQ(sys_unlink("/dt/linked"), 0, "unlink");
	TAP_EQ(sys_unlink("/dt/linked"), -ENOENT, "... again: -ENOENT");
	TAP_EQ(sys_unlink("/dt/sub"), -EISDIR, "unlink a directory: -EISDIR");
	TAP_EQ(sys_rmdir("/dt/a"), -ENOTDIR, "rmdir a file: -ENOTDIR");
	long fd = sys_open("/dt/sub", O_RDONLY, 0);
	TAP_EQ(sys_rmdir("/dt/sub"), -EBUSY, "rmdir an open directory: -EBUSY");
	sys_close((int)fd);
	TAP_EQ(sys_rmdir("/dt/sub"), 0, "rmdir once closed and empty");
	TAP_EQ(sys_unlink("/dt/a"), 0, "unlink /dt/a");
	TAP_EQ(sys_rmdir("/"), -EBUSY, "rmdir /: -EBUSY");
	TAP_EQ(sys_unlink((const char *)KERNEL_BASE), -EFAULT, "unlink of a kernel pointer: -EFAULT");
	TAP_EQ(sys_rename("/dt/x", (const char *)KERNEL_BASE), -EFAULT, "rename to a kernel pointer: -EFAULT");
}

static void test_initrd_beside(void)
{
	char buf[8];
	TAP_EQ(slurp("/initrd/README", buf, sizeof buf), sizeof buf, "the initrd is at /initrd: its README reads");
	TAP_EQ(sys_open("/initrd/new", O_WRONLY | O_CREAT, 0644), -EROFS, "create there: -EROFS");
	TAP_EQ(sys_mkdir("/initrd/d", 0755), -EROFS, "mkdir there: -EROFS");
	TAP_EQ(sys_unlink("/initrd/README"), -EROFS, "unlink there: -EROFS");
	TAP_EQ(put("/dt/x", "x", 0), 1, "a disk file");
	TAP_EQ(sys_rename("/dt/x", "/initrd/x"), -EXDEV, "rename from the disk to the initrd: -EXDEV");
	TAP_EQ(sys_link("/initrd/README", "/dt/r"), -EXDEV, "link from the initrd to the disk: -EXDEV");
	sys_unlink("/dt/x");
	struct pf_stat st;
	TAP_EQ(sys_stat("/initrd", &st), 0, "stat /initrd (the mount point)");
	TAP_EQ(st.type, PF_TYPE_DIR, "... a directory");
}

static long writer(const char *path, int pieces)
{
	char piece[PIECE];
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	for (int i = 0; i < pieces; i++) {
		memset(piece, 'a' + i % 26, sizeof piece);
		if (sys_write((int)fd, piece, sizeof piece) != sizeof piece)
			return 2;
	}
	return sys_fsync((int)fd) || sys_close((int)fd) ? 3 : 0;
}

/* Two writers at once: one sleeps on the disk (its lock, the drive) while the other has it. */
static void test_two_writers(void)
{
	const char *a[] = { "disktests", "writer", "/dt/w1", "100", NULL };
	const char *b[] = { "disktests", "writer", "/dt/w2", "100", NULL };
	long pa = sys_spawn(a[0], a, NULL), pb = sys_spawn(b[0], b, NULL);
	int sa = -1, sb = -1;
	sys_wait((int)pa, &sa, 0);
	sys_wait((int)pb, &sb, 0);
	tap_ok(sa == 0 && sb == 0, "two writers at once both finish (status %d, %d)", sa, sb);
	bool same = true;
	for (int w = 1; w <= 2; w++) {
		const char *path = w == 1 ? "/dt/w1" : "/dt/w2";
		same &= slurp(path, back, BIG_BYTES) == WRITER_PIECES * PIECE;
		for (long i = 0; i < WRITER_PIECES * PIECE; i++)
			same &= back[i] == 'a' + (i / PIECE) % 26;
	}
	tap_ok(same, "... each file holds its own pieces in order");
	sys_unlink("/dt/w1");
	sys_unlink("/dt/w2");
}

static int sum(int argc, char **argv)
{
	static char buf[65536];
	for (int i = 2; i < argc; i++) {
		long fd = sys_open(argv[i], O_RDONLY, 0);
		if (fd < 0) {
			printf("sum: %s: %s\n", argv[i], strerror(fd));
			continue;
		}
		uint32_t h = FNV_OFFSET;
		unsigned long size = 0;
		long n;
		while ((n = sys_read((int)fd, buf, sizeof buf)) > 0) {
			for (long j = 0; j < n; j++)
				h = (h ^ (uint8_t)buf[j]) * FNV_PRIME;
			size += (unsigned long)n;
		}
		sys_close((int)fd);
		printf("sum: %s %lu %08x%s\n", argv[i], size, (unsigned)h, n < 0 ? " read failed" : "");
	}
	return 0;
}

/* The storm's file i: its size and byte j (test/suite_vfs_disk.py makes the same). */
static unsigned long storm_size(unsigned long i) { return 1 + (i * 7919) % 30000; }
static char storm_byte(unsigned long i, unsigned long j) { return (char)(i * 131 + j * 7 + (j >> 8)); }

static long storm_write(const char *path, unsigned long i, bool sync)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return fd;
	unsigned long size = storm_size(i);
	for (unsigned long j = 0; j < size; j++)
		big[j] = storm_byte(i, j);
	long r = sys_write((int)fd, big, size);
	if (r == (long)size && sync)
		r = sys_fsync((int)fd);
	sys_close((int)fd);
	return r < 0 ? r : 0;
}

/*
 * A storm of writes, creates, renames and unlinks for the power-cut test,
 * which kills the machine somewhere in it. A line "synced PATH I" comes only
 * after the file's fsync (and, for a renamed one, a sync after the rename)
 * returned: that file must survive the cut intact. Nothing said synced is
 * touched again. Scratch files (never said synced) are renamed and removed.
 */
static int storm(unsigned long rounds)
{
	char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN], scratch[PATH_MAX_LEN], moved[PATH_MAX_LEN];
	sys_mkdir("/storm", 0755);
	for (unsigned long i = 0; i < rounds; i++) {
		snprintf(scratch, sizeof scratch, "/storm/s%lu", i);
		snprintf(moved, sizeof moved, "/storm/m%lu", i);
		if (storm_write(scratch, i + 1000, false) || sys_rename(scratch, moved))
			return 1;
		if (i >= 2) {
			snprintf(moved, sizeof moved, "/storm/m%lu", i - 2);
			if (sys_unlink(moved))
				return 2;
		}
		if (i % 2) {
			snprintf(path, sizeof path, "/storm/f%lu", i);
			if (storm_write(path, i, true))
				return 3;
		} else {
			snprintf(tmp, sizeof tmp, "/storm/r%lu.tmp", i);
			snprintf(path, sizeof path, "/storm/r%lu", i);
			if (storm_write(tmp, i, true) || sys_rename(tmp, path) || sys_sync())
				return 4;
		}
		printf("synced %s %lu\n", path, i);
	}
	printf("storm: all %lu rounds done\n", rounds);
	return 0;
}

/*
 * Issue 26's long names and paths: a name of PF_NAME_MAX bytes made,
 * listed whole, read back; one byte more is -ENAMETOOLONG; a deep path of
 * five 40-byte directories used absolute and relative; a path of
 * PATH_MAX_LEN - 1 bytes is looked up, PATH_MAX_LEN is -ENAMETOOLONG; an
 * error loop leaves the open-file count as it was (the kernel's path
 * buffers, proc/path_buf.h, panic if one is not given back). Leaves
 * /lp/NAME (PF_NAME_MAX bytes, LONG_TEXT) and /lp/DEEP.../f for the host.
 */
#define LONG_TEXT "a name of 255 bytes\n"
#define DEEP_DIRS 5
#define DEEP_NAME_LEN 40
static char long_path[PATH_MAX_LEN + 2];

static void long_name(char *out, size_t len, char first)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (char)('a' + (first - 'a' + i) % 26);
	out[len] = '\0';
}

static int test_long_paths(void)
{
	char name[PF_NAME_MAX + 2], path[PF_NAME_MAX + 8], deep[DEEP_DIRS * (DEEP_NAME_LEN + 1) + 8];
	long base = open_files();
	sys_mkdir("/lp", 0755);
	long_name(name, PF_NAME_MAX, 'n');
	snprintf(path, sizeof path, "/lp/%s", name);
	TAP_EQ(put(path, LONG_TEXT, O_TRUNC), (long)strlen(LONG_TEXT), "create a %d-byte name", PF_NAME_MAX);
	TAP_EQ(file_size(path), (long)strlen(LONG_TEXT), "... stat it");
	char buf[64] = "";
	long fd = sys_open(path, O_RDONLY, 0);
	TAP_EQ(sys_read((int)fd, buf, sizeof buf), (long)strlen(LONG_TEXT), "... read it back");
	tap_ok(!strcmp(buf, LONG_TEXT), "... byte for byte");
	sys_close((int)fd);
	struct pf_dirent d[4];
	fd = sys_open("/lp", O_RDONLY | O_DIRECTORY, 0);
	long n = sys_getdents((int)fd, d, 4), found = 0;
	for (long i = 0; i < n; i++)
		found |= !strcmp(d[i].name, name);
	sys_close((int)fd);
	tap_ok(found, "... getdents lists it whole");
	TAP_EQ(sys_chdir("/lp"), 0, "chdir /lp");
	TAP_EQ(file_size(name), (long)strlen(LONG_TEXT), "... the name alone, relative");
	TAP_EQ(sys_chdir("/"), 0, "chdir /");

	long_name(name, PF_NAME_MAX + 1, 'o');
	snprintf(path, sizeof path, "/lp/%s", name);
	TAP_EQ(put(path, "x", 0), -ENAMETOOLONG, "create a %d-byte name: -ENAMETOOLONG", PF_NAME_MAX + 1);
	TAP_EQ(sys_mkdir(path, 0755), -ENAMETOOLONG, "mkdir of it: -ENAMETOOLONG");
	TAP_EQ(file_size(path), -ENAMETOOLONG, "stat of it: -ENAMETOOLONG");
	TAP_EQ(file_size(path + 3), -ENAMETOOLONG, "... on the initrd-free root too (/NAME)");

	size_t at = 0;
	deep[0] = '\0';
	bool made = true;
	for (int i = 0; i < DEEP_DIRS; i++) {
		deep[at++] = '/';
		long_name(deep + at, DEEP_NAME_LEN, (char)('a' + i));
		at += DEEP_NAME_LEN;
		made &= sys_mkdir(deep, 0755) == 0 || file_size(deep) >= 0;
	}
	tap_ok(made, "mkdir %d directories deep: a %u-byte path", DEEP_DIRS, (unsigned)at);
	snprintf(deep + at, sizeof deep - at, "/f");
	TAP_EQ(put(deep, LONG_TEXT, O_TRUNC), (long)strlen(LONG_TEXT), "create a file at the end (%u bytes)", (unsigned)strlen(deep));
	TAP_EQ(file_size(deep), (long)strlen(LONG_TEXT), "... stat it");
	deep[at] = '\0';
	TAP_EQ(sys_chdir(deep), 0, "chdir into the deepest");
	char cwd[sizeof deep];
	TAP_EQ(sys_getcwd(cwd, sizeof cwd), (long)at, "getcwd: its whole length");
	tap_ok(!strcmp(cwd, deep), "... the path");
	TAP_EQ(file_size("f"), (long)strlen(LONG_TEXT), "... f, relative");
	TAP_EQ(sys_chdir("/"), 0, "chdir /");

	/* PATH_MAX_LEN - 1 bytes: a path like any other (missing); PATH_MAX_LEN: too long. */
	memset(long_path, 'p', sizeof long_path);
	for (size_t i = 0; i < PATH_MAX_LEN; i += 100)
		long_path[i] = '/';
	long_path[PATH_MAX_LEN - 1] = '\0';
	TAP_EQ(file_size(long_path), -ENOENT, "stat of a %d-byte path: -ENOENT", PATH_MAX_LEN - 1);
	long_path[PATH_MAX_LEN - 1] = 'p';
	long_path[PATH_MAX_LEN] = '\0';
	TAP_EQ(file_size(long_path), -ENAMETOOLONG, "stat of a %d-byte path: -ENAMETOOLONG", PATH_MAX_LEN);
	TAP_EQ(sys_open(long_path, O_RDONLY, 0), -ENAMETOOLONG, "open of it: -ENAMETOOLONG");
	TAP_EQ(sys_rename(long_path, "/lp/x"), -ENAMETOOLONG, "rename from it: -ENAMETOOLONG");
	TAP_EQ(sys_rename("/lp/x", long_path), -ENAMETOOLONG, "rename to it: -ENAMETOOLONG");
	TAP_EQ(sys_spawn(long_path, NULL, NULL), -ENAMETOOLONG, "spawn of it: -ENAMETOOLONG");

	unsigned long frames = free_frames();
	bool same = true;
	for (int i = 0; i < 1000; i++) {
		same &= sys_open(long_path, O_RDONLY, 0) == -ENAMETOOLONG;
		same &= sys_rename(path, "/lp/y") == -ENAMETOOLONG;
		same &= sys_rename("/lp/nosuch", deep) == -ENOENT;
		same &= file_size(deep + DEEP_NAME_LEN + 1) == -ENOENT;
	}
	tap_ok(same, "1,000 rounds of failing long-path calls fail the same way");
	TAP_EQ(free_frames(), frames, "... the free frames as before");
	TAP_EQ(open_files(), base, "... the open files as before");
	TAP_EQ(sys_sync(), 0, "sync");
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "storm"))
		return storm((unsigned long)atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "writer"))
		return (int)writer(argv[2], (int)atol(argv[3]));
	if (argc >= 2 && !strcmp(argv[1], "sum"))
		return sum(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "longpaths"))
		return test_long_paths();
	long base = open_files();
	test_create_write_read();
	test_directories();
	test_names();
	test_initrd_beside();
	test_two_writers();
	test_private_mapping();
	TAP_EQ(put("/dt/keep.txt", KEEP_TEXT, O_TRUNC), (long)strlen(KEEP_TEXT), "leave /dt/keep.txt for the host");
	TAP_EQ(sys_sync(), 0, "sync: 0");
	TAP_EQ(open_files(), base, "open files back at the start's count");
	return tap_done();
}
