/*
 * The ext2 library on one corruption at a time (the list), each with
 * the answer it must give: a superblock that lies, block or inode numbers
 * beyond the disk, a directory entry with rec_len 0, running past its block,
 * or with a name longer than its record, a directory loop, two files sharing
 * a block, a full disk. The image is mke2fs's (mk/ext2.mk); the damage is
 * done with the library's own view of where things are.
 */
#include "host_test.h"
#include "ext2_host.h"
#include "fs/ext2/ext2_int.h"

static struct ext2_fs fs;
static struct host_disk disk;
static uint8_t *pristine, *img;
static size_t bytes;
static uint8_t chunk[8192];

static int setup(void **state)
{
	(void)state;
	pristine = host_read_file("build/host/ext2-fuzz-1k.img", &bytes);
	assert_non_null(pristine);
	img = malloc(bytes);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pristine);
	free(img);
	return 0;
}

static int mount_copy(unsigned flags)
{
	memcpy(img, pristine, bytes);
	assert_int_equal(host_disk_init(&disk, img, bytes), 0);
	return ext2_mount(&fs, &disk.cache.io, NULL, NULL, flags);
}

/* Remount what img holds now (after damage done through the library's view). */
static int remount(void)
{
	assert_int_equal(host_disk_init(&disk, img, bytes), 0);
	return ext2_mount(&fs, &disk.cache.io, NULL, NULL, 0);
}

static uint32_t ino_of(const char *path)
{
	uint32_t ino = 0;
	assert_int_equal(ext2_namei(&fs, path, (uint32_t)strlen(path), &ino), 0);
	return ino;
}

/* The raw inode in img (valid until img changes). */
static struct ext2_inode *raw_inode(uint32_t ino)
{
	struct ext2_inode *in;
	struct ext2_buf *b;
	assert_int_equal(e2_iget(&fs, ino, &in, &b), 0);
	size_t at = (size_t)b->blk * fs.bsize + (size_t)((uint8_t *)in - b->data);
	e2_put(&fs, b);
	return (struct ext2_inode *)(img + at);
}

static struct ext2_super *raw_super(void)
{
	return (struct ext2_super *)(img + EXT2_SUPER_OFFSET);
}

static void test_mounts_clean(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	assert_int_equal(fs.bsize, 1024);
	assert_false(fs.readonly);
	assert_true(fs.groups >= 1);
}

static void test_super_lies(void **state)
{
	(void)state;
	static const struct { size_t off; uint32_t val; int size; const char *what; } lies[] = {
		{ offsetof(struct ext2_super, s_blocks_count), 1u << 30, 4, "larger than the device" },
		{ offsetof(struct ext2_super, s_inodes_count), 12345, 4, "inode count" },
		{ offsetof(struct ext2_super, s_log_block_size), 7, 4, "block size" },
		{ offsetof(struct ext2_super, s_blocks_per_group), 0, 4, "blocks per group" },
		{ offsetof(struct ext2_super, s_inodes_per_group), 3, 4, "inodes per group" },
		{ offsetof(struct ext2_super, s_inode_size), 100, 2, "inode size" },
		{ offsetof(struct ext2_super, s_first_ino), 5000, 4, "first inode" },
		{ offsetof(struct ext2_super, s_rev_level), 0, 4, "revision 1" },
		{ offsetof(struct ext2_super, s_feature_incompat), 0x42, 4, "incompatible feature" },
	};
	for (size_t i = 0; i < ARRAY_LEN(lies); i++) {
		memcpy(img, pristine, bytes);
		uint8_t *p = img + EXT2_SUPER_OFFSET + lies[i].off;
		memcpy(p, &lies[i].val, (size_t)lies[i].size);
		assert_int_equal(host_disk_init(&disk, img, bytes), 0);
		int err = ext2_mount(&fs, &disk.cache.io, NULL, NULL, 0);
		assert_true(err == -EUCLEAN || err == -EINVAL);
		assert_non_null(strstr(ext2_error(&fs), lies[i].what));
	}
}

static void test_free_counts_recounted(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t free_blocks = fs.sb.s_free_blocks_count;
	raw_super()->s_free_blocks_count = 3;
	assert_int_equal(remount(), 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_blocks);   /* from the descriptors, as Linux */
}

static void test_unknown_ro_compat(void **state)
{
	(void)state;
	memcpy(img, pristine, bytes);
	raw_super()->s_feature_ro_compat |= 0x0400;   /* metadata_csum */
	assert_int_equal(remount(), 0);
	assert_true(fs.readonly);
	uint32_t ino;
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "x", 1, 0644, &ino), -EROFS);
	assert_int_equal(ext2_write(&fs, ino_of("/f00_0"), 0, "x", 1), -EROFS);
}

static void test_descriptor_outside_group(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	struct ext2_group_desc *gd = (struct ext2_group_desc *)(img + (size_t)(fs.first_data + 1) * fs.bsize);
	gd->bg_inode_table = fs.blocks - 1;
	assert_int_equal(remount(), -EUCLEAN);
	assert_non_null(strstr(ext2_error(&fs), "inode table"));
}

static void test_block_beyond_disk(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino = ino_of("/a/f13_274433"), a = ino_of("/a");   /* 268 KiB + 1: one block in the double indirect */
	raw_inode(ino)->i_block[3] = fs.blocks + 5;
	raw_inode(ino)->i_block[EXT2_DIND] = 0xFFFFFFF0u;
	assert_int_equal(remount(), 0);
	assert_int_equal(ext2_read(&fs, ino, 0, chunk, 1024), 1024);          /* block 0 is fine */
	assert_int_equal(ext2_read(&fs, ino, 3 * 1024, chunk, 1024), -EUCLEAN);
	assert_int_equal(ext2_read(&fs, ino, 268 * 1024, chunk, 1024), -EUCLEAN);
	/* The name goes; freeing the blocks stops at the bad pointer and says so. */
	assert_int_equal(ext2_unlink(&fs, a, "f13_274433", 10), -EUCLEAN);
	assert_non_null(strstr(ext2_error(&fs), "outside the data area"));
	assert_int_equal(ext2_lookup(&fs, a, "f13_274433", 10, &ino), -ENOENT);
}

static void test_data_pointer_into_metadata(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino = ino_of("/f04_1024");
	raw_inode(ino)->i_block[0] = fs.first_data + 1;   /* the descriptor table */
	assert_int_equal(remount(), 0);
	assert_int_equal(ext2_write(&fs, ino, 0, "xx", 2), -EUCLEAN);
	assert_int_equal(ext2_read(&fs, ino, 0, chunk, 2), -EUCLEAN);
}

/* A read maps several blocks per walk (e2_bmap_run): a bad pointer inside the run is refused there too. */
static void test_bad_pointer_inside_a_run(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino = ino_of("/a/f13_274433");   /* 1 KiB blocks: 12 direct, the rest through the indirect blocks */
	struct ext2_inode *in = raw_inode(ino);
	uint32_t *ind = (uint32_t *)(img + (size_t)in->i_block[EXT2_IND] * fs.bsize);
	in->i_block[2] = fs.first_data + 1;   /* the descriptor table, third of a direct run */
	ind[3] = fs.first_data + 1;           /* logical block 15, fourth of a run in the indirect block */
	assert_int_equal(remount(), 0);
	assert_int_equal(ext2_read(&fs, ino, 0, chunk, 4096), 2048);            /* blocks 0 and 1, then the refusal */
	assert_int_equal(ext2_read(&fs, ino, 2048, chunk, 1024), -EUCLEAN);
	assert_int_equal(ext2_read(&fs, ino, 12 * 1024, chunk, 4096), 3072);    /* 12, 13, 14 */
	assert_int_equal(ext2_read(&fs, ino, 15 * 1024, chunk, 4096), -EUCLEAN);
	assert_int_equal(ext2_read(&fs, ino, 16 * 1024, chunk, 4096), 4096);    /* past it, a run of its own */
}

static void test_inode_beyond_count(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	struct ext2_stat st;
	assert_int_equal(ext2_stat(&fs, fs.inodes + 1, &st), -EUCLEAN);
	assert_int_equal(ext2_stat(&fs, 0, &st), -EUCLEAN);
}

/* The byte offset in img of directory dir's first block. */
static size_t dir_block0(uint32_t dir)
{
	struct ext2_inode *in = raw_inode(dir);
	return (size_t)in->i_block[0] * fs.bsize;
}

static void test_dirent_rec_len(void **state)
{
	(void)state;
	static const uint16_t bad[] = { 0, 6, 13, 2048 };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(mount_copy(0), 0);
		uint32_t a = ino_of("/a");
		struct ext2_dirent *dot = (struct ext2_dirent *)(img + dir_block0(a));
		dot->rec_len = bad[i];
		assert_int_equal(remount(), 0);
		uint32_t ino;
		uint64_t cursor = 0;
		struct ext2_dirent_info de;
		assert_int_equal(ext2_lookup(&fs, a, "b", 1, &ino), -EUCLEAN);
		assert_int_equal(ext2_readdir(&fs, a, &cursor, &de), -EUCLEAN);
		assert_int_equal(ext2_create(&fs, a, "new", 3, 0644, &ino), -EUCLEAN);
		assert_non_null(strstr(ext2_error(&fs), "rec_len") ? "" : strstr(ext2_error(&fs), "past its block"));
	}
}

/*
 * A directory block is checked once and then trusted while unchanged: a block
 * the library changes (e2_dirty) is checked again at its next read as a
 * directory block, here after garbage was written into the cached block.
 */
static void test_dirent_checked_again_after_change(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t a = ino_of("/a"), ino;
	assert_int_equal(ext2_lookup(&fs, a, "b", 1, &ino), 0);   /* checked, and marked so */
	struct ext2_buf *b;
	assert_int_equal(e2_get(&fs, (uint32_t)(dir_block0(a) / fs.bsize), &b), 0);
	assert_true(b->dir_ok);
	((struct ext2_dirent *)b->data)->rec_len = 6;   /* what a writer of this block could leave */
	e2_dirty(&fs, b);
	e2_put(&fs, b);
	assert_int_equal(ext2_lookup(&fs, a, "b", 1, &ino), -EUCLEAN);
}

static void test_dirent_name_longer_than_record(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t a = ino_of("/a");
	struct ext2_dirent *dot = (struct ext2_dirent *)(img + dir_block0(a));
	dot->name_len = 200;
	assert_int_equal(remount(), 0);
	uint32_t ino;
	assert_int_equal(ext2_lookup(&fs, a, "b", 1, &ino), -EUCLEAN);
	assert_non_null(strstr(ext2_error(&fs), "name longer than its record"));
}

static void test_directory_loop(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t a = ino_of("/a"), b = ino_of("/a/b"), c = ino_of("/c");
	/* /a/b's ".." names /a/b itself: its parent chain never reaches the root. */
	struct ext2_dirent *dotdot = (struct ext2_dirent *)(img + dir_block0(b) + 12);
	assert_int_equal(dotdot->inode, a);
	dotdot->inode = b;
	assert_int_equal(remount(), 0);
	assert_int_equal(ext2_rename(&fs, EXT2_ROOT_INO, "c", 1, b, "c", 1), -EUCLEAN);
	assert_non_null(strstr(ext2_error(&fs), "loop"));
	/* A path through the loop is only as long as the path: it ends. */
	uint32_t ino;
	assert_int_equal(ext2_namei(&fs, "/a/b/../../..", 13, &ino), 0);
	assert_int_equal(ino, b);
	(void)c;
}

static void test_shared_block(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t x = ino_of("/f04_1024"), y = ino_of("/f08_12288");
	raw_inode(y)->i_block[0] = raw_inode(x)->i_block[0];   /* y's own block 0 is now lost: a leak, not a danger */
	assert_int_equal(remount(), 0);
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "f04_1024", 8), 0);
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "f08_12288", 9), -EUCLEAN);
	assert_non_null(strstr(ext2_error(&fs), "freeing a free block"));
	assert_true(fs.sb.s_state & EXT2_ERROR_FS);
}

static void test_full_disk_and_no_inodes(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino, free_before = fs.sb.s_free_blocks_count;
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "big", 3, 0644, &ino), 0);
	memset(chunk, 7, sizeof chunk);
	long w = 0;
	uint64_t off = 0;
	for (int i = 0; i < 10000 && (w = ext2_write(&fs, ino, off, chunk, sizeof chunk)) == (long)sizeof chunk; i++)
		off += sizeof chunk;
	assert_true(w >= 0 ? w < (long)sizeof chunk : w == -ENOSPC);
	assert_int_equal(fs.sb.s_free_blocks_count, 0);
	assert_int_equal(ext2_write(&fs, ino, off + 100000, chunk, 1), -ENOSPC);
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "big", 3), 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before - 0);   /* every block back, indirect ones too */
	int err = 0;
	for (int i = 0; i < 100000 && !err; i++) {
		char name[16];
		int n = snprintf(name, sizeof name, "i%d", i);
		err = ext2_create(&fs, EXT2_ROOT_INO, name, (uint32_t)n, 0644, &ino);
	}
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(fs.sb.s_free_inodes_count, 0);
}

static uint32_t kept_ino;
static int keep_one(uint32_t ino) { return ino == kept_ino; }

/*
 * The last name of a file whose holder keeps it (keep_unlinked: an open
 * file): the name goes, links 0, the blocks stay and still read; the release
 * frees them and sets dtime; a second release does nothing. Without the
 * hook, the inode goes at once.
 */
static void test_unlinked_kept_until_release(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino, free_before = fs.sb.s_free_blocks_count, inodes_before = fs.sb.s_free_inodes_count;
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "kept", 4, 0644, &ino), 0);
	memset(chunk, 5, sizeof chunk);
	assert_int_equal(ext2_write(&fs, ino, 0, chunk, sizeof chunk), (long)sizeof chunk);
	uint32_t free_written = fs.sb.s_free_blocks_count;
	assert_true(free_written < free_before);
	kept_ino = ino;
	fs.keep_unlinked = keep_one;
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "kept", 4), 0);
	uint32_t found;
	assert_int_equal(ext2_lookup(&fs, EXT2_ROOT_INO, "kept", 4, &found), -ENOENT);
	struct ext2_stat st;
	assert_int_equal(ext2_stat(&fs, ino, &st), 0);
	assert_int_equal(st.links, 0);
	assert_int_equal(st.dtime, 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_written);   /* its blocks are still its own */
	memset(chunk, 0, sizeof chunk);
	assert_int_equal(ext2_read(&fs, ino, 0, chunk, sizeof chunk), (long)sizeof chunk);
	assert_int_equal(chunk[sizeof chunk - 1], 5);
	assert_int_equal(ext2_release_unlinked(&fs, ino), 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before);
	assert_int_equal(fs.sb.s_free_inodes_count, inodes_before);
	assert_int_equal(ext2_stat(&fs, ino, &st), 0);
	assert_true(st.dtime != 0);
	assert_int_equal(ext2_release_unlinked(&fs, ino), 0);   /* released already: nothing twice */
	assert_int_equal(fs.sb.s_free_inodes_count, inodes_before);
	/* A file nobody keeps goes with its name. */
	kept_ino = 0;
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "gone", 4, 0644, &ino), 0);
	assert_int_equal(ext2_write(&fs, ino, 0, chunk, sizeof chunk), (long)sizeof chunk);
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "gone", 4), 0);
	assert_int_equal(fs.sb.s_free_blocks_count, free_before);
	assert_int_equal(ext2_stat(&fs, ino, &st), 0);
	assert_true(st.dtime != 0);
}

static void test_readdir_cursor(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t many = ino_of("/many");
	uint64_t cursor = 0, saved = 0;
	struct ext2_dirent_info de;
	unsigned n = 0;
	char third[EXT2_NAME_LEN + 1] = "";
	while (ext2_readdir(&fs, many, &cursor, &de) == 1) {
		if (n == 2)
			saved = cursor;
		if (n == 3)
			memcpy(third, de.name, de.name_len + 1u);
		n++;
	}
	assert_int_equal(n, 152);
	/* Resuming at a saved cursor gives the entry after it. */
	assert_int_equal(ext2_readdir(&fs, many, &saved, &de), 1);
	assert_string_equal(de.name, third);
	/* An entry removed before the cursor does not disturb the rest. */
	assert_int_equal(ext2_unlink(&fs, many, "entry-with-a-long-name-0000", 27), 0);
	assert_int_equal(ext2_readdir(&fs, many, &cursor, &de), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino;
	char longname[EXT2_NAME_LEN + 2];
	memset(longname, 'n', sizeof longname);
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, longname, EXT2_NAME_LEN + 1, 0644, &ino), -ENAMETOOLONG);
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, longname, EXT2_NAME_LEN, 0644, &ino), 0);
	assert_int_equal(ext2_lookup(&fs, EXT2_ROOT_INO, longname, EXT2_NAME_LEN, &ino), 0);
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "a/b", 3, 0644, &ino), -EINVAL);
	assert_int_equal(ext2_create(&fs, EXT2_ROOT_INO, "..", 2, 0644, &ino), -EINVAL);
	assert_int_equal(ext2_rmdir(&fs, EXT2_ROOT_INO, "..", 2), -ENOTEMPTY);
	assert_int_equal(ext2_unlink(&fs, EXT2_ROOT_INO, "a", 1), -EISDIR);
	assert_int_equal(ext2_rmdir(&fs, EXT2_ROOT_INO, "f00_0", 5), -ENOTDIR);
	assert_int_equal(ext2_link(&fs, ino_of("/a"), EXT2_ROOT_INO, "al", 2), -EPERM);
	assert_int_equal(ext2_rename(&fs, EXT2_ROOT_INO, "f00_0", 5, EXT2_ROOT_INO, "a", 1), -EISDIR);
	assert_int_equal(ext2_rename(&fs, EXT2_ROOT_INO, "a", 1, EXT2_ROOT_INO, "f00_0", 5), -ENOTDIR);
	assert_int_equal(ext2_rename(&fs, EXT2_ROOT_INO, "a", 1, EXT2_ROOT_INO, "c", 1), -ENOTEMPTY);
	assert_int_equal(ext2_lookup(&fs, ino_of("/f00_0"), "x", 1, &ino), -ENOTDIR);
}

/* ext2_set_times: each time as asked (NULL keeps it), on the disk image after sync; read-only refuses. */
static void test_set_times(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t ino = ino_of("/f00_0"), at = 1000000000u, mt = 1200000000u;
	struct ext2_stat st;
	assert_int_equal(ext2_set_times(&fs, ino, &at, &mt), 0);
	assert_int_equal(ext2_stat(&fs, ino, &st), 0);
	assert_int_equal(st.atime, at);
	assert_int_equal(st.mtime, mt);
	uint32_t later = 1300000000u;
	assert_int_equal(ext2_set_times(&fs, ino, NULL, &later), 0);
	assert_int_equal(ext2_sync(&fs), 0);
	assert_int_equal(raw_inode(ino)->i_atime, at);
	assert_int_equal(raw_inode(ino)->i_mtime, later);
	assert_int_equal(ext2_set_times(&fs, 0, &at, NULL) < 0, 1);
	assert_int_equal(mount_copy(EXT2_MOUNT_RDONLY), 0);
	assert_int_equal(ext2_set_times(&fs, ino_of("/f00_0"), &at, &mt), -EROFS);
}

/*
 * Allocation is first fit whatever take_bit's memo says: a bit given back
 * below the memo's mark is the next taken, in either bitmap, and a take
 * after a remount (no memo) finds the same bit as one with it.
 */
static void test_alloc_first_fit_with_memo(void **state)
{
	(void)state;
	assert_int_equal(mount_copy(0), 0);
	uint32_t a, b, c, again;
	assert_int_equal(e2_block_alloc(&fs, 0, &a), 0);
	assert_int_equal(e2_block_alloc(&fs, 0, &b), 0);
	assert_int_equal(e2_block_alloc(&fs, 0, &c), 0);
	assert_true(a < b && b < c);
	assert_int_equal(e2_block_free(&fs, b), 0);
	assert_int_equal(e2_block_alloc(&fs, 0, &again), 0);
	assert_int_equal(again, b);
	assert_int_equal(e2_block_free(&fs, a), 0);
	assert_int_equal(e2_block_free(&fs, b), 0);
	assert_int_equal(e2_block_alloc(&fs, 0, &again), 0);
	assert_int_equal(again, a);
	assert_int_equal(e2_block_alloc(&fs, 0, &again), 0);
	assert_int_equal(again, b);
	assert_int_equal(e2_block_alloc(&fs, 0, &again), 0);
	assert_true(again > c);
	uint32_t i1, i2, ino;
	assert_int_equal(e2_inode_alloc(&fs, EXT2_ROOT_INO, 0, &i1), 0);
	assert_int_equal(e2_inode_alloc(&fs, EXT2_ROOT_INO, 0, &i2), 0);
	assert_int_equal(e2_inode_free(&fs, i1, 0), 0);
	assert_int_equal(e2_inode_alloc(&fs, EXT2_ROOT_INO, 0, &ino), 0);
	assert_int_equal(ino, i1);
	assert_int_equal(e2_block_free(&fs, a), 0);
	assert_int_equal(ext2_sync(&fs), 0);
	assert_int_equal(remount(), 0);   /* no memo now: the same first fit */
	assert_int_equal(e2_block_alloc(&fs, 0, &again), 0);
	assert_int_equal(again, a);
}

/* The block cache on its own: a pool of a header per KiB uses all of its memory at any block size, least recently used first, never a pinned buffer. */
#define LRU_POOL_KIB 256
static unsigned lru_reads;
static uint8_t *lru_disk;

static int lru_read(void *ctx, uint32_t sector, uint32_t count, void *buf)
{
	(void)ctx;
	lru_reads++;
	memcpy(buf, lru_disk + (size_t)sector * EXT2_SECTOR, (size_t)count * EXT2_SECTOR);
	return 0;
}

static struct ext2_buf *lru_get(struct ext2_cache *c, uint32_t blk)
{
	struct ext2_buf *b;
	assert_int_equal(c->io.get(c, blk, &b), 0);
	assert_int_equal(*(uint32_t *)b->data, blk);   /* each block starts with its own number */
	return b;
}

/* Read blocks [lo, hi) and let each go: the device reads it took. */
static unsigned lru_pass(struct ext2_cache *c, uint32_t lo, uint32_t hi)
{
	unsigned before = lru_reads;
	for (uint32_t blk = lo; blk < hi; blk++)
		lru_get(c, blk)->refs--;
	return lru_reads - before;
}

static void test_cache_holds_pool_lru(void **state)
{
	(void)state;
	const uint32_t disk_kib = 4 * LRU_POOL_KIB;
	lru_disk = calloc(disk_kib, 1024);
	uint8_t *mem = aligned_alloc(4096, LRU_POOL_KIB * 1024);
	static struct ext2_buf bufs[LRU_POOL_KIB];
	assert_non_null(lru_disk);
	assert_non_null(mem);
	struct ext2_dev dev = { NULL, disk_kib * 2, lru_read, NULL };
	static struct ext2_cache c;
	for (uint32_t blk = 0; blk < disk_kib; blk++)
		*(uint32_t *)(lru_disk + blk * 1024) = blk;
	assert_int_equal(ext2_cache_init(&c, &dev, bufs, LRU_POOL_KIB, mem, LRU_POOL_KIB * 1024), 0);
	assert_int_equal(c.in_use, LRU_POOL_KIB);
	assert_int_equal(lru_pass(&c, 0, LRU_POOL_KIB), LRU_POOL_KIB);
	assert_int_equal(lru_pass(&c, 0, LRU_POOL_KIB), 0);          /* the whole pool holds them */
	assert_int_equal(lru_pass(&c, 1, 2), 0);                      /* block 1 the most recent now */
	assert_int_equal(lru_pass(&c, LRU_POOL_KIB, LRU_POOL_KIB + 1), 1);   /* evicts block 0, the least recent */
	assert_int_equal(lru_pass(&c, 1, LRU_POOL_KIB), 0);
	assert_int_equal(lru_pass(&c, 0, 1), 1);
	struct ext2_buf *pinned = lru_get(&c, 5);
	assert_int_equal(lru_pass(&c, LRU_POOL_KIB + 1, 3 * LRU_POOL_KIB), 2 * LRU_POOL_KIB - 1);
	assert_int_equal(lru_pass(&c, 5, 6), 0);                      /* a pinned buffer is never a victim */
	pinned->refs--;
	for (unsigned i = 0; i + 1 < EXT2_PINNED_MAX; i++)
		lru_get(&c, 100 + i);
	/* the pinned ones and block 5 (read last pass) are hits; the other buffers cycle past the pinned */
	assert_int_equal(lru_pass(&c, 0, 2 * LRU_POOL_KIB), 2 * LRU_POOL_KIB - (EXT2_PINNED_MAX - 1) - 1);
	for (unsigned i = 0; i < LRU_POOL_KIB; i++)
		c.bufs[i].refs = 0;
	assert_int_equal(c.io.set_block_size(&c, 4096), 0);            /* the same memory, a quarter of the buffers */
	assert_int_equal(c.in_use, LRU_POOL_KIB / 4);
	for (uint32_t blk = 0; blk < disk_kib / 4; blk++)
		*(uint32_t *)(lru_disk + blk * 4096) = blk;
	assert_int_equal(lru_pass(&c, 0, LRU_POOL_KIB / 4), LRU_POOL_KIB / 4);
	assert_int_equal(lru_pass(&c, 0, LRU_POOL_KIB / 4), 0);
	assert_int_equal(lru_pass(&c, LRU_POOL_KIB / 4, LRU_POOL_KIB / 4 + 1), 1);
	assert_int_equal(lru_pass(&c, 1, LRU_POOL_KIB / 4), 0);
	/* Second chance: a buffer hit since the last miss's walk outlives the least recent one that was not. */
	assert_int_equal(c.io.set_block_size(&c, 1024), 0);
	for (uint32_t blk = 0; blk < disk_kib; blk++)
		*(uint32_t *)(lru_disk + blk * 1024) = blk;
	assert_int_equal(lru_pass(&c, 0, LRU_POOL_KIB), LRU_POOL_KIB);
	assert_int_equal(lru_pass(&c, 0, 1), 0);                      /* block 0 hit: marked */
	assert_int_equal(lru_pass(&c, LRU_POOL_KIB, LRU_POOL_KIB + 1), 1);   /* block 1 goes, not block 0 */
	assert_int_equal(lru_pass(&c, 0, 1), 0);
	assert_int_equal(lru_pass(&c, 1, 2), 1);
	free(mem);
	free(lru_disk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mounts_clean),
		cmocka_unit_test(test_super_lies),
		cmocka_unit_test(test_free_counts_recounted),
		cmocka_unit_test(test_unknown_ro_compat),
		cmocka_unit_test(test_descriptor_outside_group),
		cmocka_unit_test(test_block_beyond_disk),
		cmocka_unit_test(test_data_pointer_into_metadata),
		cmocka_unit_test(test_bad_pointer_inside_a_run),
		cmocka_unit_test(test_inode_beyond_count),
		cmocka_unit_test(test_dirent_rec_len),
		cmocka_unit_test(test_dirent_checked_again_after_change),
		cmocka_unit_test(test_dirent_name_longer_than_record),
		cmocka_unit_test(test_directory_loop),
		cmocka_unit_test(test_shared_block),
		cmocka_unit_test(test_full_disk_and_no_inodes),
		cmocka_unit_test(test_unlinked_kept_until_release),
		cmocka_unit_test(test_readdir_cursor),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_set_times),
		cmocka_unit_test(test_alloc_first_fit_with_memo),
		cmocka_unit_test(test_cache_holds_pool_lru),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
