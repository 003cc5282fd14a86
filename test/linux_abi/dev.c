/* /dev's devices: null, zero, full, random, urandom read and written, their
 * device numbers and modes in stat, and getrandom. */
#include "abi.h"
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty", "console" };

static int all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned char buf[64], other[64];
	for (unsigned i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		char path[32];
		struct stat st;
		snprintf(path, sizeof path, "/dev/%s", devices[i]);
		int r = stat(path, &st);
		printf("%s: stat %d char %d %u:%u mode %o\n", path, r, S_ISCHR(st.st_mode),
		       major(st.st_rdev), minor(st.st_rdev), (unsigned)(st.st_mode & 07777));
	}

	int fd = open("/dev/null", O_RDWR);
	CHECK("open /dev/null", fd >= 0);
	printf("null write 5: %zd\n", write(fd, "hello", 5));
	printf("null read: %zd\n", read(fd, buf, sizeof buf));
	printf("null lseek 10: %ld\n", (long)lseek(fd, 10, SEEK_SET));
	struct stat st;
	int r = fstat(fd, &st);
	printf("null fstat: %d char %d %u:%u\n", r, S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
	close(fd);

	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0xAA, sizeof buf);
	ssize_t n = read(fd, buf, sizeof buf);
	printf("zero read 64: %zd all zero %d\n", n, all_zero(buf, sizeof buf));
	printf("zero write 3: %zd\n", write(fd, "abc", 3));
	EXPECT_FAIL("zero read to a bad pointer", read(fd, bad_pointer(), 8));
	close(fd);

	fd = open("/dev/full", O_RDWR);
	EXPECT_FAIL("full write", write(fd, "x", 1));
	memset(buf, 0xAA, sizeof buf);
	n = read(fd, buf, 8);
	printf("full read 8: %zd all zero %d\n", n, all_zero(buf, 8));
	close(fd);

	fd = open("/dev/urandom", O_RDONLY);
	printf("urandom read 64: %zd\n", read(fd, buf, sizeof buf));
	printf("urandom read 64 again: %zd\n", read(fd, other, sizeof other));
	CHECK("the two differ", memcmp(buf, other, sizeof buf) != 0);
	close(fd);
	fd = open("/dev/urandom", O_WRONLY);
	printf("urandom write: %zd\n", write(fd, "seed", 4));
	close(fd);

	EXPECT_FAIL("open /dev/no-such-device", open("/dev/no-such-device", O_RDONLY));
	EXPECT_FAIL("open /dev/null as a folder", open("/dev/null", O_RDONLY | O_DIRECTORY));

	printf("getrandom 16: %zd\n", getrandom(buf, 16, 0));
	printf("getrandom 16 nonblock: %zd\n", getrandom(other, 16, GRND_NONBLOCK));
	CHECK("the two differ", memcmp(buf, other, 16) != 0);
	EXPECT_FAIL("getrandom with an unknown flag", getrandom(buf, 16, opaque(0x80)));
	EXPECT_FAIL("getrandom random and insecure", getrandom(buf, 16, opaque(GRND_RANDOM | 0x4)));
	EXPECT_FAIL("getrandom to a bad pointer", getrandom(bad_pointer(), 16, 0));
	return 0;
}
