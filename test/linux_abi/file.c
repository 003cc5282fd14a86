/* open, read, lseek, fstat, close on a file whose contents the runner ships (argv[1]),
 * and a new file made under argv[2]. */
#include "abi.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	char buf[256];
	int fd = open(argv[1], O_RDONLY);
	CHECK("open a file", fd >= 0);
	CHECK("the lowest free descriptor (3)", fd == 3);
	ssize_t n = read(fd, buf, 10);
	printf("read 10: %zd %.10s\n", n, buf);
	printf("lseek CUR: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("lseek SET 6: %ld\n", (long)lseek(fd, 6, SEEK_SET));
	n = read(fd, buf, 5);
	printf("read 5 at 6: %.5s\n", buf);
	printf("lseek END: %ld\n", (long)lseek(fd, 0, SEEK_END));
	printf("read at end: %zd\n", read(fd, buf, 10));
	printf("lseek END-4: %ld\n", (long)lseek(fd, -4, SEEK_END));
	n = read(fd, buf, 10);
	printf("read the last 4: %zd %.3s\n", n, buf);
	printf("lseek past the end: %ld\n", (long)lseek(fd, 1000, SEEK_SET));
	printf("read past the end: %zd\n", read(fd, buf, 10));
	EXPECT_FAIL("lseek before 0", lseek(fd, -1, SEEK_SET));
	EXPECT_FAIL("lseek whence 7", lseek(fd, 0, 7));
	struct stat st;
	printf("fstat: %d\n", fstat(fd, &st));
	printf("size: %ld\n", (long)st.st_size);
	CHECK("S_ISREG", S_ISREG(st.st_mode));
	printf("mode bits: %o\n", (unsigned)(st.st_mode & 0777));
	printf("nlink: %ld\n", (long)st.st_nlink);
	printf("close: %d\n", close(fd));
	EXPECT_FAIL("close again", close(fd));
	EXPECT_FAIL("read after close", read(fd, buf, 1));
	EXPECT_FAIL("open a missing file", open("/no/such/file", O_RDONLY));
	EXPECT_FAIL("open a file as a folder", open(argv[1], O_RDONLY | O_DIRECTORY));
	EXPECT_FAIL("write to a read-only descriptor", write((fd = open(argv[1], O_RDONLY)), "x", 1));
	close(fd);
	EXPECT_FAIL("lseek on a pipe", ({ int p[2]; pipe(p); lseek(p[0], 0, SEEK_SET); }));

	snprintf(buf, sizeof buf, "%s/file-test.txt", argv[2]);
	unlink(buf);
	fd = open(buf, O_CREAT | O_EXCL | O_WRONLY, 0640);
	CHECK("create", fd >= 0);
	printf("write: %zd\n", write(fd, "0123456789", 10));
	printf("lseek 4: %ld\n", (long)lseek(fd, 4, SEEK_SET));
	printf("overwrite: %zd\n", write(fd, "ab", 2));
	close(fd);
	EXPECT_FAIL("create it again with O_EXCL", open(buf, O_CREAT | O_EXCL | O_WRONLY, 0640));
	struct stat s2;
	printf("stat: %d\n", stat(buf, &s2));
	printf("size %ld mode %o\n", (long)s2.st_size, (unsigned)(s2.st_mode & 0777));
	fd = open(buf, O_RDWR | O_APPEND);
	write(fd, "!", 1);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf + 100, 50);
	printf("after append: %zd %.*s\n", n, (int)n, buf + 100);
	printf("ftruncate 3: %d\n", ftruncate(fd, 3));
	fstat(fd, &s2);
	printf("size now: %ld\n", (long)s2.st_size);
	printf("fchmod 0604: %d\n", fchmod(fd, 0604));
	fstat(fd, &s2);
	printf("mode now: %o\n", (unsigned)s2.st_mode);
	close(fd);
	printf("chmod 04751 (a type bit too): %d\n", chmod(buf, 04751 | S_IFDIR));
	stat(buf, &s2);
	printf("mode now: %o\n", (unsigned)s2.st_mode);
	printf("fchmodat 0600: %d\n", fchmodat(AT_FDCWD, buf, 0600, 0));
	stat(buf, &s2);
	printf("mode now: %o\n", (unsigned)s2.st_mode);
	EXPECT_FAIL("chmod a missing file", chmod("/no/such/file", 0644));
	EXPECT_FAIL("chmod through a bad pointer", chmod(bad_pointer(), 0644));
	EXPECT_FAIL("fchmod a closed descriptor", fchmod(fd, 0644));
	printf("unlink: %d\n", unlink(buf));
	EXPECT_FAIL("stat after unlink", stat(buf, &s2));
	return 0;
}
