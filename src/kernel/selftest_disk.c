/*
 * selftest=disk: the disk's ext2 through the library, as the VFS will use it
 * (under the disk lock): a file of several hundred blocks written in pieces
 * that straddle block boundaries (with 1 KiB blocks it reaches the
 * double-indirect block), a directory, a file renamed out of it, a file
 * created and removed, a sync, then the cache dropped and the file read back
 * from the drive. The host then judges the image with its own tools
 * (test/suite_disk.py): e2fsck -fn clean, debugfs's copy of each file equal
 * byte for byte. Also: requests past the disk's end give -EIO.
 */
#include "kernel/selftest.h"
#include "fs/disk_root.h"
#include "fs/ext2/ext2.h"
#include "drivers/ata.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include <pfgate/errno.h>

#define CHECK(cond) do { if (!(cond)) { kprintf("# check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); return false; } } while (0)
#define CHECK_OK(call) do { long r_ = (call); if (r_ < 0) { kprintf("# %s: error %ld (%s)\n", #call, r_, ext2_error(fs)); return false; } } while (0)

/* What test/suite_disk.py expects on the image. */
#define BIG_NAME "selftest.txt"
#define BIG_BYTES 300000u     /* 1 KiB blocks: 12 direct + 256 indirect = 268 KiB, then double-indirect */
#define PIECE_BYTES 1000u     /* not a divisor of any block size: every piece straddles a boundary */
#define DIR_NAME "selftest.d"
#define MOVED_FROM "draft.txt"
#define MOVED_TO "renamed.txt"
#define MOVED_TEXT "pfgate wrote this in selftest.d/draft.txt\n"
#define GONE_NAME "gone.txt"
#define ROOT EXT2_ROOT_INO
#define NAME(s) s, (uint32_t)(sizeof s - 1)

/* Static: no block-sized buffer on the two-page kernel stack. */
static uint8_t piece[PIECE_BYTES], back[PIECE_BYTES], sector[ATA_SECTOR_SIZE];

/* Byte i of the big file (test/suite_disk.py computes the same). */
static uint8_t big_byte(uint32_t i)
{
	return (uint8_t)(i ^ (i >> 8) ^ (i >> 16));
}

static void fill_piece(uint32_t off, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		piece[i] = big_byte(off + i);
}

static bool past_the_end_fails(uint32_t sectors)
{
	CHECK(ata_read(0, 1, sector) == 0);
	CHECK(ata_read(sectors, 1, sector) == -EIO);
	CHECK(ata_read(sectors - 1, 2, sector) == -EIO);
	CHECK(ata_write(sectors, 1, sector) == -EIO);
	CHECK(ata_read(0, 0, sector) == -EIO);
	kprintf("# disk: reads and writes past sector %u give -EIO\n", sectors);
	return true;
}

static bool write_files(struct ext2_fs *fs)
{
	uint32_t ino, dir, moved;
	int err = ext2_unlink(fs, ROOT, NAME(BIG_NAME));   /* a disk that ran this test before */
	CHECK(err == 0 || err == -ENOENT);
	CHECK_OK(ext2_create(fs, ROOT, NAME(BIG_NAME), EXT2_S_IFREG | 0644, &ino));
	for (uint32_t off = 0; off < BIG_BYTES; off += PIECE_BYTES) {
		uint32_t n = BIG_BYTES - off < PIECE_BYTES ? BIG_BYTES - off : PIECE_BYTES;
		fill_piece(off, n);
		long w = ext2_write(fs, ino, off, piece, n);
		CHECK_OK(w);
		CHECK(w == (long)n);
	}
	CHECK_OK(ext2_mkdir(fs, ROOT, NAME(DIR_NAME), 0755, &dir));
	CHECK_OK(ext2_create(fs, dir, NAME(MOVED_FROM), EXT2_S_IFREG | 0644, &moved));
	CHECK_OK(ext2_write(fs, moved, 0, NAME(MOVED_TEXT)));
	CHECK_OK(ext2_rename(fs, dir, NAME(MOVED_FROM), ROOT, NAME(MOVED_TO)));
	CHECK_OK(ext2_create(fs, ROOT, NAME(GONE_NAME), EXT2_S_IFREG | 0644, &ino));
	CHECK_OK(ext2_write(fs, ino, 0, NAME(MOVED_TEXT)));
	CHECK_OK(ext2_unlink(fs, ROOT, NAME(GONE_NAME)));
	kprintf("# disk: wrote /%s (%u bytes), /%s/, /%s (renamed from /%s/%s); /%s created and removed\n", BIG_NAME,
		BIG_BYTES, DIR_NAME, MOVED_TO, DIR_NAME, MOVED_FROM, GONE_NAME);
	return true;
}

/* Drop every cached block (the dirty ones written first), then read the big file back from the drive. */
static bool read_back(struct ext2_fs *fs)
{
	uint32_t ino;
	struct ext2_stat st;
	CHECK_OK(fs->io->set_block_size(fs->io->ctx, fs->bsize));
	CHECK_OK(ext2_namei(fs, NAME("/" BIG_NAME), &ino));
	CHECK_OK(ext2_stat(fs, ino, &st));
	CHECK(st.size == BIG_BYTES);
	for (uint32_t off = 0; off < BIG_BYTES; off += PIECE_BYTES) {
		uint32_t n = BIG_BYTES - off < PIECE_BYTES ? BIG_BYTES - off : PIECE_BYTES;
		fill_piece(off, n);
		CHECK(ext2_read(fs, ino, off, back, n) == (long)n);
		if (memcmp(piece, back, n)) {
			kprintf("# disk: /%s differs in the %u bytes at %u\n", BIG_NAME, n, off);
			return false;
		}
	}
	CHECK(ext2_read(fs, ino, BIG_BYTES, back, 1) == 0);
	kprintf("# disk: /%s read back from the drive, equal\n", BIG_NAME);
	return true;
}

bool selftest_disk(void)
{
	struct ext2_fs *fs = disk_root();
	if (!fs) {
		kprintf("# disk: no ext2 disk mounted (see the disk: line above)\n");
		return false;
	}
	if (!past_the_end_fails((uint32_t)(fs->io->dev_bytes / ATA_SECTOR_SIZE)))
		return false;
	disk_lock();
	bool ok = write_files(fs);
	disk_unlock();
	int err = disk_sync();
	kprintf("# disk: sync: %d\n", err);
	if (!ok || err)
		return false;
	disk_lock();
	ok = read_back(fs);
	disk_unlock();
	return ok;
}
