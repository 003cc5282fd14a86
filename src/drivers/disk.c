/* The disk: ext2's cache over the ATA drive, the disk lock, sync and the flush (drivers/disk.h). */
#include "drivers/disk.h"
#include "drivers/ata.h"
#include "drivers/pit.h"
#include "fs/disk_root.h"
#include "mm/frames.h"
#include "mm/direct_map.h"
#include "proc/sched.h"
#include "lib/params.h"
#include "lib/kprintf.h"
#include <pfgate/errno.h>

static struct ext2_cache cache;
static struct ext2_dev drive;
static bool held;               /* the disk lock; its address is the sleepers' channel */
static unsigned waiting;        /* processes asleep on it: an unlock nobody waits for wakes nobody */
static uint64_t next_flush_ms;

static int drive_read(void *ctx, uint32_t sector, uint32_t count, void *buf)
{
	(void)ctx;
	return ata_read(sector, count, buf);
}

static int drive_write(void *ctx, uint32_t sector, uint32_t count, const void *buf)
{
	(void)ctx;
	return ata_write(sector, count, buf);
}

/*
 * The pool is a share of the memory free at boot (DISK_CACHE_SHARE, within
 * DISK_CACHE_MIN_KIB and DISK_CACHE_MAX_KIB): the largest holds a 2 MiB
 * program (busybox) with room to spare, so an exec from the disk reads it
 * from the drive once. Taken before testexit's free-frame baseline.
 */
int disk_cache_init(uint32_t sectors, uint32_t *kib)
{
	uint32_t pages = frames_free_count() / DISK_CACHE_SHARE;
	if (pages > DISK_CACHE_MAX_KIB / 4)
		pages = DISK_CACHE_MAX_KIB / 4;
	if (pages < DISK_CACHE_MIN_KIB / 4)
		pages = DISK_CACHE_MIN_KIB / 4;
	uint32_t n = pages * (PAGE_SIZE / DISK_BUF_MIN_BYTES);
	uint32_t header_pages = (n * sizeof(struct ext2_buf) + PAGE_SIZE - 1) / PAGE_SIZE;
	uint32_t pa = frame_pool_alloc_contig(&frames, pages);
	if (!pa)
		return -ENOMEM;
	uint32_t hpa = frame_pool_alloc_contig(&frames, header_pages);
	if (!hpa) {
		for (uint32_t i = 0; i < pages; i++)
			frame_pool_free(&frames, pa + i * PAGE_SIZE);
		return -ENOMEM;
	}
	struct ext2_buf *bufs = P2V(hpa);   /* a header per DISK_BUF_MIN_BYTES of the pool: all of it is used at any block size */
	*kib = pages * (PAGE_SIZE / 1024);
	drive = (struct ext2_dev){ NULL, sectors, drive_read, drive_write };
	return ext2_cache_init(&cache, &drive, bufs, n, P2V(pa), pages * PAGE_SIZE);
}

const struct ext2_blockio *disk_blockio(void) { return &cache.io; }

/* Without a process nobody can sleep: the disk is taken only if free. */
static bool disk_try_lock(void)
{
	if (held)
		return false;
	held = true;
	return true;
}

void disk_lock(void)
{
	while (held && current_proc()) {
		waiting++;
		sleep_on_nokill(&held, 0);
		waiting--;
	}
	held = true;
}

void disk_unlock(void)
{
	held = false;
	if (waiting)
		wakeup(&held);
}

static bool anything_dirty(const struct ext2_fs *fs)
{
	return fs->sb_dirty || cache.dirty_count;
}

int disk_sync(void)
{
	struct ext2_fs *fs = disk_root();
	if (!fs)
		return 0;
	if (!current_proc() && held)
		return -EBUSY;   /* no process holds the disk while none runs: a kernel bug, said to the caller */
	disk_lock();
	int err = ext2_sync(fs);
	if (!err)
		err = ata_flush();
	disk_unlock();
	return err;
}

void disk_flush_if_due(void)
{
	struct ext2_fs *fs = disk_root();
	uint64_t now = uptime_ms();
	if (!fs || now < next_flush_ms || !disk_try_lock())
		return;
	next_flush_ms = now + DISK_FLUSH_MS;
	int err = anything_dirty(fs) ? ext2_sync(fs) : 0;
	disk_unlock();
	if (err)
		kprintf("disk: flush failed (error %d): %s\n", err, ext2_error(fs));
}
