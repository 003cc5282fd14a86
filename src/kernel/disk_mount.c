/* The boot's disk: probe, cache, mount, one banner line (kernel/disk_mount.h). */
#include "kernel/disk_mount.h"
#include "drivers/ata.h"
#include "drivers/disk.h"
#include "drivers/rtc.h"
#include "fs/disk_root.h"
#include "vfs/ext2_file.h"
#include "lib/kprintf.h"

static uint32_t wall_clock(void *ctx)
{
	(void)ctx;
	return rtc_unix_time();
}

void disk_mount_boot(void)
{
	static struct ext2_fs fs;   /* the mounted instance lives as long as the kernel */
	uint32_t sectors, cache_kib;
	const char *why;
	if (ata_init(&sectors, &why) != 0) {
		kprintf("disk: none (%s); the root stays the initrd\n", why);
		return;
	}
	kprintf("disk: ata0 master, %u sectors; ", sectors);
	if (disk_cache_init(sectors, &cache_kib) != 0) {
		kprintf("no memory for the block cache; the root stays the initrd\n");
		return;
	}
	int err = ext2_mount(&fs, disk_blockio(), wall_clock, NULL, 0);
	if (err) {
		kprintf("ext2 refused (error %d): %s", err, ext2_error(&fs));
		if (fs.why_num)
			kprintf(" (number %u)", fs.why_num);
		kprintf("; the root stays the initrd\n");
		return;
	}
	kprintf("ext2 mounted%s: %u blocks of %u, %u inodes; block cache %u KiB\n", fs.readonly ? " read-only" : "",
		fs.blocks, fs.bsize, fs.inodes, cache_kib);
	fs.keep_unlinked = ext2_file_keep_unlinked;   /* an open file outlives its last name */
	disk_root_set(&fs);
}
