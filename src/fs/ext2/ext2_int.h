/* What the ext2 sources share among themselves (not the API: ext2.h). */
#ifndef FS_EXT2_INT_H
#define FS_EXT2_INT_H

#include <pfgate/errno.h>
#include "fs/ext2/ext2.h"

/*
 * The library's own: the kernel's string functions may move, the host's are
 * not freestanding. On i386 (the kernel) a string instruction moves 4 bytes
 * an instruction, where the byte loop took five: a file read is mostly this
 * copy (make bench's cachedread). The host build (x86-64, under ASan) keeps
 * the plain loops, which the sanitizers see into.
 */
static inline void e2_memset(void *d, int c, uint32_t n)
{
#if defined(__i386__)
	uint32_t words = n / 4, fill = (uint8_t)c * 0x01010101u;
	__asm__ volatile("rep stosl\n\tmov %[tail], %%ecx\n\trep stosb"
			 : "+D"(d), "+c"(words) : "a"(fill), [tail] "g"(n % 4) : "memory");
#else
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
#endif
}

static inline void e2_memcpy(void *d, const void *s, uint32_t n)
{
#if defined(__i386__)
	uint32_t words = n / 4;
	__asm__ volatile("rep movsl\n\tmov %[tail], %%ecx\n\trep movsb"
			 : "+D"(d), "+S"(s), "+c"(words) : [tail] "g"(n % 4) : "memory");
#else
	uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
#endif
}

static inline int e2_memeq(const void *a, const void *b, uint32_t n)
{
	const uint8_t *p = a, *q = b;
	while (n--)
		if (*p++ != *q++)
			return 0;
	return 1;
}

/*
 * A block's buffer, pinned. The cache's hit inline, as cache_get's (a hit
 * only marks its buffer used, the clock's second chance): the call through
 * the block interface cost a cached 4 KiB read's six lookups 18 Bochs
 * instructions each; a miss goes through get.
 */
static inline int e2_get(struct ext2_fs *fs, uint32_t blk, struct ext2_buf **b)
{
	for (struct ext2_buf *h = fs->io->hash[blk & (EXT2_CACHE_HASH - 1)]; h; h = h->hash_next)
		if (h->blk == blk) {
			h->refs++;
			h->used = 1;
			*b = h;
			return 0;
		}
	return fs->io->get(fs->io->ctx, blk, b);
}

static inline void e2_put(struct ext2_fs *fs, struct ext2_buf *b)
{
	(void)fs;
	if (b && b->refs)
		b->refs--;
}

static inline void e2_dirty(struct ext2_fs *fs, struct ext2_buf *b)
{
	b->dir_ok = 0;   /* changed: a directory block is checked again when next read as one */
	fs->io->dirty(fs->io->ctx, b);
}

static inline uint32_t e2_now(struct ext2_fs *fs)
{
	return fs->clock ? fs->clock(fs->clock_ctx) : 0;
}

static inline int e2_isdir(uint16_t mode) { return (mode & EXT2_S_IFMT) == EXT2_S_IFDIR; }
static inline int e2_isreg(uint16_t mode) { return (mode & EXT2_S_IFMT) == EXT2_S_IFREG; }
static inline int e2_islnk(uint16_t mode) { return (mode & EXT2_S_IFMT) == EXT2_S_IFLNK; }

/* super.c */
int e2_corrupt(struct ext2_fs *fs, const char *why, uint32_t num);
int e2_gd_get(struct ext2_fs *fs, uint32_t group, struct ext2_group_desc **gd, struct ext2_buf **b);
int e2_group_places_read(struct ext2_fs *fs, uint32_t g);
/* Where group g keeps its metadata, in fs->last_group: the memo's hit inline, a miss reads the descriptor. 0 or -errno. */
static inline int e2_group_places(struct ext2_fs *fs, uint32_t g)
{
	return fs->last_group.valid && fs->last_group.group == g ? 0 : e2_group_places_read(fs, g);
}
int e2_data_block_ok(struct ext2_fs *fs, uint32_t blk);
/* e2_data_block_ok with its common case inline: a block in the last group's data span passes at one compare. */
static inline int e2_data_ok(struct ext2_fs *fs, uint32_t blk)
{
	return blk - fs->last_group.data_lo < fs->last_group.data_hi - fs->last_group.data_lo || e2_data_block_ok(fs, blk);
}
int e2_group_has_super(struct ext2_fs *fs, uint32_t group);

/* alloc.c */
int e2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
int e2_block_free(struct ext2_fs *fs, uint32_t blk);
int e2_inode_alloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino);
int e2_inode_free(struct ext2_fs *fs, uint32_t ino, int dir);

/* inode.c */
int e2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode **in, struct ext2_buf **b);
uint64_t e2_isize(const struct ext2_inode *in);
void e2_set_isize(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size);
int e2_bmap(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t lblk, int create,
	    uint32_t *blk);
/* Several blocks from lblk on (at most max, all in one pointer array) by one walk; read-only. *got: how many, >= 1. */
int e2_bmap_run(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t lblk, uint32_t max,
		uint32_t *blks, uint32_t *got);
int e2_free_from(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t first);
int e2_release_inode(struct ext2_fs *fs, uint32_t ino);
void e2_touch(struct ext2_fs *fs, struct ext2_inode *in, int mtime);

/* dir.c */
int e2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t *ino,
		uint8_t *type);
int e2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t ino, uint8_t type);
int e2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len);
int e2_dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t ino, uint8_t type);
int e2_dir_empty(struct ext2_fs *fs, uint32_t dir);
int e2_dir_init(struct ext2_fs *fs, uint32_t dir, uint32_t parent);
uint8_t e2_ftype(uint16_t mode);

#endif
