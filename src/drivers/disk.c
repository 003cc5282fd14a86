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

#define DISK_BUF_BYTES 4096u   /* each buffer holds the largest block size the cache is given */

static struct ext2_buf bufs[DISK_CACHE_BUFS];
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

int disk_cache_init(uint32_t sectors)
{
	uint32_t frames_needed = DISK_CACHE_BUFS * DISK_BUF_BYTES / PAGE_SIZE;
	uint32_t pa = frame_pool_alloc_contig(&frames, frames_needed);
	if (!pa)
		return -ENOMEM;
	drive = (struct ext2_dev){ NULL, sectors, drive_read, drive_write };
	return ext2_cache_init(&cache, &drive, bufs, DISK_CACHE_BUFS, P2V(pa), DISK_CACHE_BUFS * DISK_BUF_BYTES);
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
	if (fs->sb_dirty)
		return true;
	for (uint32_t i = 0; i < DISK_CACHE_BUFS; i++)
		if (bufs[i].valid && bufs[i].dirty)
			return true;
	return false;
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
