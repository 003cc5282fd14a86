/*
 * A block cache for ext2: a fixed pool of buffers the caller gives, found
 * by block number through hash chains, least recently used replacement
 * among the unpinned (a list kept in use order), write-back of
 * dirty buffers on eviction, on a block-size change and on sync. Pure C over struct
 * ext2_dev; the kernel can use it as it is, the host tests put a file under it.
 */
#include "fs/ext2/ext2_int.h"

static int buf_write(struct ext2_cache *c, struct ext2_buf *b)
{
	uint32_t spb = c->bsize / EXT2_SECTOR;
	if (c->dev->write(c->dev->ctx, b->blk * spb, spb, b->data) != 0)
		return -EIO;
	b->dirty = 0;
	c->dirty_count--;
	return 0;
}

static struct ext2_buf **chain(struct ext2_cache *c, uint32_t blk)
{
	return &c->hash[blk & (EXT2_CACHE_HASH - 1)];
}

/* b leaves its chain (it is valid, so it is on one). */
static void unhash(struct ext2_cache *c, struct ext2_buf *b)
{
	struct ext2_buf **p = chain(c, b->blk);
	while (*p != b)
		p = &(*p)->hash_next;
	*p = b->hash_next;
	b->valid = 0;
}

static void lru_unlink(struct ext2_buf *b)
{
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
}

/* b becomes the most recently used. */
static void lru_append(struct ext2_cache *c, struct ext2_buf *b)
{
	b->lru_prev = c->lru.lru_prev;
	b->lru_next = &c->lru;
	c->lru.lru_prev->lru_next = b;
	c->lru.lru_prev = b;
}

/*
 * Not in the pool: a buffer is taken by second chance (the clock) and, if
 * dirty, written back, then filled from the device. A hit only marks its
 * buffer used (one store: moving it to the recent end on every hit cost a
 * cached 4 KiB read 54 Bochs instructions of 2,167); the walk from the
 * least recent end moves each used buffer it meets to the recent end with
 * its mark cleared, passes the pinned (a few: EXT2_PINNED_MAX per
 * operation) and takes the first other. Each mark is cleared once per hit
 * that set it, so a miss's walk is as long as the hits since the last, on
 * average, in a pool of 128 buffers or of 8192; the order it keeps is use
 * order up to the marks. Every buffer used and pinned: the walk comes back
 * to the buffers it moved, so it ends (-ENOMEM if all are pinned).
 */
static int __attribute__((noinline)) cache_miss(struct ext2_cache *c, uint32_t blk, struct ext2_buf **out)
{
	struct ext2_buf *victim = c->lru.lru_next, *stop = NULL;
	uint32_t spb = c->bsize / EXT2_SECTOR;
	while (victim != &c->lru && victim != stop && (victim->refs || victim->used)) {
		struct ext2_buf *next = victim->lru_next;
		if (!victim->refs) {   /* its second chance: to the recent end, unmarked */
			victim->used = 0;
			lru_unlink(victim);
			lru_append(c, victim);
			if (!stop)
				stop = victim;
		}
		victim = next;
	}
	if (victim == &c->lru)   /* never past a buffer it moved (each goes before the end): every one pinned */
		return -ENOMEM;
	if (victim->valid && victim->dirty && buf_write(c, victim) != 0)
		return -EIO;
	if (victim->valid)
		unhash(c, victim);
	if (c->dev->read(c->dev->ctx, blk * spb, spb, victim->data) != 0)
		return -EIO;
	victim->blk = blk;
	victim->valid = 1;
	victim->dir_ok = 0;
	victim->hash_next = *chain(c, blk);
	*chain(c, blk) = victim;
	victim->dirty = 0;
	victim->refs = 1;
	lru_unlink(victim);
	lru_append(c, victim);
	*out = victim;
	return 0;
}

/* A hit is a short chain walk (e2_get's inline one is the same: a hit marks its buffer used); the miss has a function of its own (its registers cost a hit nothing). */
static int cache_get(void *ctx, uint32_t blk, struct ext2_buf **out)
{
	struct ext2_cache *c = ctx;
	for (struct ext2_buf *b = *chain(c, blk); b; b = b->hash_next)
		if (b->blk == blk) {   /* a block in the pool came through the device check below */
			b->refs++;
			b->used = 1;
			*out = b;
			return 0;
		}
	*out = NULL;
	if (blk >= c->dev_blocks)   /* never a request past the device */
		return -EIO;
	return cache_miss(c, blk, out);
}

static void cache_dirty(void *ctx, struct ext2_buf *b)
{
	struct ext2_cache *c = ctx;
	if (!b->dirty) {
		b->dirty = 1;
		c->dirty_count++;
	}
}

static int cache_sync(void *ctx)
{
	struct ext2_cache *c = ctx;
	int err = 0;
	for (uint32_t i = 0; i < c->in_use && c->dirty_count; i++)   /* the rest are never valid */
		if (c->bufs[i].valid && c->bufs[i].dirty && buf_write(c, &c->bufs[i]) != 0)
			err = -EIO;
	return err;
}

static int cache_set_block_size(void *ctx, uint32_t bsize)
{
	struct ext2_cache *c = ctx;
	if (bsize < 1024 || bsize > 65536 || (bsize & (bsize - 1)))
		return -EINVAL;
	uint32_t in_use = c->mem_bytes / bsize < c->nbufs ? c->mem_bytes / bsize : c->nbufs;
	if (in_use < EXT2_PINNED_MAX)
		return -EINVAL;
	int err = cache_sync(c);
	if (err)
		return err;
	for (uint32_t i = 0; i < c->nbufs; i++)
		if (c->bufs[i].refs)
			return -EBUSY;
	c->lru.lru_next = c->lru.lru_prev = &c->lru;
	for (uint32_t i = 0; i < c->nbufs; i++) {
		c->bufs[i].valid = 0;
		c->bufs[i].used = 0;
		c->bufs[i].data = i < in_use ? c->mem + i * bsize : NULL;
		if (i < in_use)
			lru_append(c, &c->bufs[i]);
	}
	for (uint32_t h = 0; h < EXT2_CACHE_HASH; h++)
		c->hash[h] = NULL;
	c->bsize = bsize;
	c->in_use = in_use;
	c->dev_blocks = c->dev->sectors / (bsize / EXT2_SECTOR);
	return 0;
}

int ext2_cache_init(struct ext2_cache *c, const struct ext2_dev *dev, struct ext2_buf *bufs, uint32_t nbufs,
		    void *mem, uint32_t mem_bytes)
{
	if (nbufs < EXT2_PINNED_MAX || (uint64_t)nbufs * 1024 > mem_bytes)
		return -EINVAL;
	c->dev = dev;
	c->bufs = bufs;
	c->nbufs = nbufs;
	c->mem = mem;
	c->mem_bytes = mem_bytes;
	c->in_use = 0;
	c->dirty_count = 0;
	c->lru.lru_next = c->lru.lru_prev = &c->lru;
	for (uint32_t i = 0; i < nbufs; i++) {
		bufs[i].refs = 0;
		bufs[i].dirty = 0;
		bufs[i].valid = 0;
	}
	c->io.ctx = c;
	c->io.hash = c->hash;
	c->io.dev_bytes = (uint64_t)dev->sectors * EXT2_SECTOR;
	c->io.get = cache_get;
	c->io.dirty = cache_dirty;
	c->io.set_block_size = cache_set_block_size;
	c->io.sync = cache_sync;
	return cache_set_block_size(c, 1024);
}
