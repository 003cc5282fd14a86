/*
 * The ext2 library on the host: a sector device over a file or a memory
 * image (every request checked to lie inside it: an access outside the disk
 * aborts), and a cache pool around it. Shared by ext2_tool and the host tests.
 */
#ifndef TEST_HOST_EXT2_HOST_H
#define TEST_HOST_EXT2_HOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pfgate/errno.h>
#include "fs/ext2/ext2.h"

#define HOST_CACHE_BUFS 64

struct host_disk {
	struct ext2_dev dev;
	struct ext2_cache cache;
	struct ext2_buf bufs[HOST_CACHE_BUFS];
	uint8_t *mem;                   /* the image in memory */
	size_t bytes;
	unsigned reads, writes;
	int fail_after;                 /* >0: that many requests, then -EIO */
};

static void host_disk_range(struct host_disk *d, uint32_t sector, uint32_t count)
{
	if ((uint64_t)sector + count > d->dev.sectors) {
		fprintf(stderr, "ext2 host disk: access outside the disk: sectors %u+%u of %u\n",
			sector, count, d->dev.sectors);
		abort();
	}
}

static int host_disk_read(void *ctx, uint32_t sector, uint32_t count, void *buf)
{
	struct host_disk *d = ctx;
	host_disk_range(d, sector, count);
	if (d->fail_after && --d->fail_after == 0)
		return -EIO;
	d->reads++;
	memcpy(buf, d->mem + (size_t)sector * EXT2_SECTOR, (size_t)count * EXT2_SECTOR);
	return 0;
}

static int host_disk_write(void *ctx, uint32_t sector, uint32_t count, const void *buf)
{
	struct host_disk *d = ctx;
	host_disk_range(d, sector, count);
	if (d->fail_after && --d->fail_after == 0)
		return -EIO;
	d->writes++;
	memcpy(d->mem + (size_t)sector * EXT2_SECTOR, buf, (size_t)count * EXT2_SECTOR);
	return 0;
}

/* A disk over `bytes` of image in mem (the caller's); 0 or -EINVAL. */
static int host_disk_init(struct host_disk *d, uint8_t *mem, size_t bytes)
{
	static uint8_t *pool;
	memset(d, 0, sizeof *d);
	d->mem = mem;
	d->bytes = bytes;
	d->dev.ctx = d;
	d->dev.sectors = (uint32_t)(bytes / EXT2_SECTOR);
	d->dev.read = host_disk_read;
	d->dev.write = host_disk_write;
	if (!pool)
		pool = aligned_alloc(4096, HOST_CACHE_BUFS * 4096);
	return ext2_cache_init(&d->cache, &d->dev, d->bufs, HOST_CACHE_BUFS, pool, HOST_CACHE_BUFS * 4096);
}

static uint8_t *host_read_file(const char *path, size_t *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*bytes = (size_t)n;
	return p;
}

#endif
