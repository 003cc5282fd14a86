/*
 * The disk under the file system: ext2's block cache (fs/ext2/cache.c) over
 * the ATA drive, in a fixed pool taken at boot (before testexit's free-frame
 * count starts, so it never reads as a leak); the disk lock
 * (fs/disk_root.h); and the flush that bounds what a power cut loses.
 *
 * The flush: the kernel has no threads of its own, so the flush runs at the
 * two places where nobody is inside the file system and sleeping is safe:
 * the timer tick taken in user mode (the interrupted process holds nothing
 * in the kernel; it sleeps on the drive, uninterruptibly, and goes back to
 * user mode when the blocks are out), and the scheduler's idle loop (no
 * process: the CPU halts until the drive's interrupt). Whichever comes first
 * after DISK_FLUSH_MS writes the superblock and every dirty block, unless a
 * process holds the disk (then the next tick tries again). A dirty block
 * thus reaches the drive within DISK_FLUSH_MS plus one tick and the write.
 */
#ifndef DRIVERS_DISK_H
#define DRIVERS_DISK_H

#include <stdint.h>
#include "fs/ext2/ext2.h"

/* The cache over a drive of `sectors` sectors: 0 (*kib: the pool's size), or -ENOMEM (no pool). */
int disk_cache_init(uint32_t sectors, uint32_t *kib);
const struct ext2_blockio *disk_blockio(void);
/* The flush (above): from the timer in user mode and from the idle loop. */
void disk_flush_if_due(void);

#endif
