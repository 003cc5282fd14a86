/*
 * The ext2 library on corrupt images, under ASan and UBSan: many corruptions
 * (fixed seeds) of two valid images that mke2fs made (1 and 4 KiB blocks;
 * mk/ext2.mk), each in one place a lying disk hurts most: the superblock,
 * the group descriptors, the bitmaps, the inode table, a directory block, an
 * indirect block, or anywhere. Each image is mounted, walked whole (every
 * directory listed, every file read, every symlink read) and written to.
 * The verdict: no sanitizer report, no access outside the disk (the device
 * aborts), no hang (an alarm), the library's own answers only 0 or errors.
 * EXT2_FUZZ_CASES=N sets the cases per image (make ext2-fuzz runs many).
 */
#include "host_test.h"
#include <signal.h>
#include <unistd.h>
#include "ext2_host.h"
#include "fs/ext2/ext2_int.h"

enum region { R_SUPER, R_GDT, R_BITMAP, R_ITABLE, R_DIR, R_INDIRECT, R_ANY, R_COUNT };
static const char *region_name[R_COUNT] = { "superblock", "descriptors", "bitmaps", "inode table",
					    "directory", "indirect", "anywhere" };

#define MAX_SPOTS 512
struct seed_image {
	const char *path;
	uint8_t *pristine;
	size_t bytes;
	uint32_t bsize;
	uint32_t spots[R_COUNT][MAX_SPOTS];     /* blocks of each kind */
	uint32_t nspots[R_COUNT];
};

static struct ext2_fs fs;
static struct host_disk disk;
static uint8_t chunk[65536];
static unsigned stats_mounted, stats_refused, stats_errors;

static void add_spot(struct seed_image *s, enum region r, uint32_t blk)
{
	if ((blk || r == R_SUPER) && s->nspots[r] < MAX_SPOTS)
		s->spots[r][s->nspots[r]++] = blk;
}

/* The blocks worth corrupting, found through the library on the pristine image. */
static void find_spots(struct seed_image *s, uint32_t dir, int depth)
{
	uint64_t cursor = 0;
	struct ext2_dirent_info de;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	if (depth > 8 || e2_iget(&fs, dir, &in, &ib) != 0)
		return;
	for (uint32_t i = 0; i < in->i_size / s->bsize; i++) {
		uint32_t blk;
		if (e2_bmap(&fs, in, ib, i, 0, &blk) == 0)
			add_spot(s, R_DIR, blk);
	}
	e2_put(&fs, ib);
	while (ext2_readdir(&fs, dir, &cursor, &de) == 1) {
		if (de.name[0] == '.' && (!de.name[1] || (de.name[1] == '.' && !de.name[2])))
			continue;
		if (de.type == EXT2_FT_DIR) {
			find_spots(s, de.ino, depth + 1);
		} else if (e2_iget(&fs, de.ino, &in, &ib) == 0) {
			for (int k = EXT2_IND; k <= EXT2_TIND; k++)
				add_spot(s, R_INDIRECT, in->i_block[k]);
			e2_put(&fs, ib);
		}
	}
}

static void load_seed(struct seed_image *s)
{
	s->pristine = host_read_file(s->path, &s->bytes);
	assert_non_null(s->pristine);
	uint8_t *copy = malloc(s->bytes);
	memcpy(copy, s->pristine, s->bytes);
	assert_int_equal(host_disk_init(&disk, copy, s->bytes), 0);
	assert_int_equal(ext2_mount(&fs, &disk.cache.io, NULL, NULL, EXT2_MOUNT_RDONLY), 0);
	s->bsize = fs.bsize;
	add_spot(s, R_SUPER, EXT2_SUPER_OFFSET / fs.bsize);
	add_spot(s, R_GDT, fs.first_data + 1);
	for (uint32_t g = 0; g < fs.groups; g++) {
		struct ext2_group_desc *gd;
		struct ext2_buf *b;
		assert_int_equal(e2_gd_get(&fs, g, &gd, &b), 0);
		add_spot(s, R_BITMAP, gd->bg_block_bitmap);
		add_spot(s, R_BITMAP, gd->bg_inode_bitmap);
		for (uint32_t i = 0; i < fs.itb_per_group && i < 8; i++)
			add_spot(s, R_ITABLE, gd->bg_inode_table + i);
		e2_put(&fs, b);
	}
	find_spots(s, EXT2_ROOT_INO, 0);
	free(copy);
	for (int r = 0; r < R_ANY; r++)
		assert_true(s->nspots[r] > 0);
}


/* Read everything there is to read; every answer must be a count or an error. */
static void walk(uint32_t dir, int depth, unsigned *budget, int read_files)
{
	uint64_t cursor = 0;
	struct ext2_dirent_info de;
	int r;
	if (depth > 16)
		return;
	while (*budget > 0 && (r = ext2_readdir(&fs, dir, &cursor, &de)) == 1) {
		(*budget)--;
		assert_true(de.name_len > 0 && strlen(de.name) == de.name_len);
		if (de.name[0] == '.' && (!de.name[1] || (de.name[1] == '.' && !de.name[2])))
			continue;
		struct ext2_stat st;
		if (ext2_stat(&fs, de.ino, &st) != 0) {
			stats_errors++;
			continue;
		}
		uint32_t lookup;
		if (ext2_lookup(&fs, dir, de.name, de.name_len, &lookup) == 0)
			assert_int_equal(lookup, de.ino);
		switch (st.mode & EXT2_S_IFMT) {
		case EXT2_S_IFDIR:
			walk(de.ino, depth + 1, budget, read_files);
			break;
		case EXT2_S_IFLNK: {
			long n = ext2_readlink(&fs, de.ino, (char *)chunk, sizeof chunk);
			assert_true(n < 0 || n <= 65535);
			break;
		}
		case EXT2_S_IFREG: {
			uint64_t off = read_files ? 0 : st.size;
			long n;
			/* A lying i_size may claim terabytes of holes: read the first 8 MiB. */
			while (off < (8u << 20) && (n = ext2_read(&fs, de.ino, off, chunk, sizeof chunk)) > 0) {
				assert_true((unsigned long)n <= sizeof chunk);
				off += (uint64_t)n;
			}
			break;
		}
		}
	}
}

/* Write a little of everything; errors are fine, crashes are not. */
static void scribble(void)
{
	uint32_t ino, d;
	memset(chunk, 0x5A, sizeof chunk);
	if (ext2_create(&fs, EXT2_ROOT_INO, "fz", 2, 0644, &ino) == 0) {
		ext2_write(&fs, ino, 0, chunk, 20000);
		ext2_write(&fs, ino, 300000, chunk, 5000);
		ext2_truncate(&fs, ino, 7000);
	}
	if (ext2_mkdir(&fs, EXT2_ROOT_INO, "fzd", 3, 0755, &d) == 0) {
		ext2_rename(&fs, EXT2_ROOT_INO, "fz", 2, d, "moved", 5);
		ext2_rename(&fs, EXT2_ROOT_INO, "a", 1, d, "a", 1);
	}
	ext2_unlink(&fs, EXT2_ROOT_INO, "f00_0", 5);
	ext2_unlink(&fs, EXT2_ROOT_INO, "f08_12288", 9);
	ext2_rmdir(&fs, EXT2_ROOT_INO, "empty", 5);
	ext2_rmdir(&fs, EXT2_ROOT_INO, "many", 4);
	if (ext2_namei(&fs, "/c", 2, &d) == 0)
		ext2_link(&fs, d, EXT2_ROOT_INO, "cl", 2);
	ext2_symlink(&fs, EXT2_ROOT_INO, "sl", 2, "target", 6, &ino);
	ext2_sync(&fs);
}

static void corrupt(struct seed_image *s, uint8_t *img, struct test_rng *rng, enum region r)
{
	uint32_t blk = r == R_ANY ? rng_below(rng, (uint32_t)(s->bytes / s->bsize)) : s->spots[r][rng_below(rng, s->nspots[r])];
	uint8_t *p = img + (size_t)blk * s->bsize;
	uint32_t lo = 0, span = s->bsize;
	if (r == R_SUPER) {             /* the superblock's used fields, wherever it sits in its block */
		lo = EXT2_SUPER_OFFSET % s->bsize;
		span = 0x170;
	}
	uint32_t flips = 1 + rng_below(rng, 8);
	for (uint32_t i = 0; i < flips; i++) {
		uint32_t at = lo + rng_below(rng, span);
		switch (rng_below(rng, 4)) {
		case 0: p[at] ^= (uint8_t)(1u << rng_below(rng, 8)); break;
		case 1: p[at] = (uint8_t)rng_next(rng); break;
		case 2: p[at] = 0; break;
		default: p[at] = 0xFF; break;
		}
	}
}

static unsigned cases_per_image(void)
{
	const char *e = getenv("EXT2_FUZZ_CASES");
	return e ? (unsigned)strtoul(e, NULL, 10) : 300;
}

static void fuzz_image(const char *path, uint32_t seed0)
{
	static struct seed_image s;
	memset(&s, 0, sizeof s);
	s.path = path;
	load_seed(&s);
	uint8_t *img = malloc(s.bytes);
	unsigned n = cases_per_image();
	for (unsigned c = 0; c < n; c++) {
		struct test_rng rng;
		rng_seed(&rng, seed0 + c);
		memcpy(img, s.pristine, s.bytes);
		enum region r = (enum region)(c % R_COUNT);
		corrupt(&s, img, &rng, r);
		if (getenv("EXT2_FUZZ_VERBOSE"))
			fprintf(stderr, "case %u: %s\n", c, region_name[r]);
		assert_int_equal(host_disk_init(&disk, img, s.bytes), 0);
		int err = ext2_mount(&fs, &disk.cache.io, NULL, NULL, 0);
		if (err) {
			assert_true(err < 0 && fs.why != NULL);
			stats_refused++;
			continue;
		}
		stats_mounted++;
		unsigned budget = 20000;
		walk(EXT2_ROOT_INO, 0, &budget, 1);
		if (!fs.readonly)
			scribble();
		budget = 20000;
		walk(EXT2_ROOT_INO, 0, &budget, 0);
	}
	free(img);
	free(s.pristine);
	s.pristine = NULL;
	print_message("# %s: %u cases, %u mounted, %u refused at mount\n", path, n, stats_mounted, stats_refused);
	stats_mounted = stats_refused = 0;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "ext2 fuzz: timed out (a hang?)\n";
	(void)!write(2, msg, sizeof msg - 1);
	_exit(3);
}

static void test_fuzz_1k(void **state)
{
	(void)state;
	fuzz_image("build/host/ext2-fuzz-1k.img", 1000);
}

static void test_fuzz_4k(void **state)
{
	(void)state;
	fuzz_image("build/host/ext2-fuzz-4k.img", 500000);
}

/* A device that fails part way: every error comes back as -EIO, nothing crashes. */
static void test_failing_device(void **state)
{
	(void)state;
	size_t bytes;
	uint8_t *pristine = host_read_file("build/host/ext2-fuzz-1k.img", &bytes);
	uint8_t *img = malloc(bytes);
	assert_non_null(pristine);
	for (int after = 1; after < 400; after += 3) {
		memcpy(img, pristine, bytes);
		assert_int_equal(host_disk_init(&disk, img, bytes), 0);
		disk.fail_after = after;
		if (ext2_mount(&fs, &disk.cache.io, NULL, NULL, 0) != 0)
			continue;
		unsigned budget = 20000;
		walk(EXT2_ROOT_INO, 0, &budget, 1);
		scribble();
	}
	free(img);
	free(pristine);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(getenv("EXT2_FUZZ_CASES") ? 3600 : 120);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_1k),
		cmocka_unit_test(test_fuzz_4k),
		cmocka_unit_test(test_failing_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
