/*
 * ext2 (revision 1, as Linux's mke2fs makes it), read-write, in pure
 * freestanding C: the same sources build into the kernel (-ffreestanding
 * -nostdinc, regparm(3)) and into the host tests (ASan, UBSan).
 *
 * Storage is reached only through struct ext2_blockio: get a block's buffer,
 * mark it dirty, put it back. The library allocates nothing and keeps no
 * buffer larger than 64 bytes on the stack; its state is the caller's struct
 * ext2_fs. cache.c is one blockio: a fixed pool over a sector device.
 *
 * Every function returns 0 (or a count) or a negative errno: -EIO from the
 * device, -EUCLEAN for a corrupt file system (ext2_error() says what was
 * wrong), -ENOSPC, -ENOENT, ... Nothing on disk is trusted before it is
 * checked; every loop is bounded by the file system's own size.
 *
 * Inodes are named by number; names are (pointer, length), not NUL-ended.
 * Not here yet (the VFS's part): open-file reference counts (unlink frees
 * at once), locking (one caller at a time), following symbolic links
 * (vfs_follow).
 */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H

#include <stdint.h>
#include <stddef.h>
#include "fs/ext2/ext2_disk.h"

/* A block buffer: `data` holds the file system block `blk` (block size bytes). */
struct ext2_buf {
	uint8_t *data;
	uint32_t blk;
	uint32_t refs;          /* the rest belongs to the cache */
	uint8_t valid, dirty;
	uint8_t dir_ok;         /* its directory entries passed dir.c's check and it was not dirtied since */
	uint8_t used;           /* got since the cache's replacement walk last passed it (its second chance) */
	struct ext2_buf *hash_next;   /* the cache's chain of valid buffers whose blk hashes alike */
	struct ext2_buf *lru_prev, *lru_next;   /* the cache's use order, least recent first */
};

/*
 * The block interface. get: the buffer of block `blk`, pinned until put
 * (0, -EIO, -ENOMEM when every buffer is pinned); put is the buffer's own
 * refs count going down (e2_put, inline: a read puts a buffer per block,
 * no call for it), and a hit is found inline too (e2_get, through hash). dirty: it must be written
 * back. set_block_size: the file system's block size, told at mount (first
 * 1024 to read the superblock); drops every buffer after writing the dirty.
 * sync: write every dirty buffer. dev_bytes: the device's size.
 */
struct ext2_blockio {
	void *ctx;
	/* The cache's hash chains (EXT2_CACHE_HASH of them): e2_get finds a hit there inline, and calls get for the rest. */
	struct ext2_buf *const *hash;
	uint64_t dev_bytes;
	int (*get)(void *ctx, uint32_t blk, struct ext2_buf **out);
	void (*dirty)(void *ctx, struct ext2_buf *b);
	int (*set_block_size)(void *ctx, uint32_t bsize);
	int (*sync)(void *ctx);
};

/* Seconds since 1970 for the inode times; NULL leaves them 0. */
typedef uint32_t (*ext2_clock_fn)(void *ctx);

struct ext2_fs {
	const struct ext2_blockio *io;
	ext2_clock_fn clock;
	void *clock_ctx;
	uint32_t bsize, log_bsize;      /* block size, log2 of it */
	uint32_t blocks, first_data, groups;
	uint32_t bpg, ipg;              /* blocks, inodes per group */
	uint32_t inodes, first_ino;
	uint32_t inode_size, inodes_per_block, itb_per_group;
	uint32_t desc_per_block, gdt_blocks, reserved_gdt;
	uint32_t addr_per_block;        /* block numbers in an indirect block */
	uint8_t log_addr;               /* log2 of addr_per_block */
	uint32_t reach;                 /* logical blocks the pointers can reach (capped to 32 bits), set at mount */
	uint8_t readonly, filetype, large_file, sparse_super, sb_dirty;
	uint16_t want_extra_isize;
	/*
	 * e2_group_places' memo: where the group last asked about keeps its
	 * metadata. Locations never change after mount (only the free counts
	 * beside them do), so a file's blocks and inodes, mostly in one group,
	 * cost no descriptor lookup each (e2_data_block_ok, e2_iget).
	 */
	struct {
		uint32_t group, meta, block_bitmap, inode_bitmap, inode_table;
		uint32_t data_lo, data_hi;   /* the group's blocks past all its metadata (mke2fs's layout), or an empty span */
		uint8_t valid;
	} last_group;
	/*
	 * take_bit's memo, per bitmap kind ([0] blocks, [1] inodes): in group
	 * `group`, every bit below `below` is set, so a first-fit search may
	 * start there (the same bit as from 0: a full disk's first group made
	 * create + write 4 KiB + unlink scan 800 bytes of bitmap per block).
	 * A take moves it past the bit it took, a release below lowers it;
	 * nothing else writes a bitmap while mounted. valid 0: none (mount).
	 */
	struct {
		uint32_t group, below;
		uint8_t valid;
	} free_hint[2];
	/* e2_iget's memo: where the inode last asked for sits (its table block, the byte in it); ino 0: none. Fixed after mount too. */
	struct {
		uint32_t ino, blk, at;
	} last_inode;
	/*
	 * Asked when a file's last name goes (unlink, rename over it): nonzero
	 * keeps the inode, its links at 0, its blocks its own, until
	 * ext2_release_unlinked (POSIX: an open file outlives its names).
	 * NULL: the inode goes at once. ext2 has no orphan list: a crash
	 * before the release leaves an inode e2fsck -fy frees.
	 */
	int (*keep_unlinked)(uint32_t ino);
	const char *why;                /* the last refusal or corruption, for people */
	uint32_t why_num;               /* a block or inode it concerns (0: none) */
	struct ext2_super sb;           /* the superblock, written back by sync */
};

/* Mount flags */
#define EXT2_MOUNT_RDONLY 1u

/*
 * Mount: read and check the superblock and every group descriptor. Refuses
 * (-EUCLEAN, -EINVAL for an unsupported feature, -EIO) with ext2_error()
 * saying why. An unknown read-only-compatible feature mounts read-only.
 */
int ext2_mount(struct ext2_fs *fs, const struct ext2_blockio *io, ext2_clock_fn clock, void *clock_ctx,
	       unsigned flags);
/* Write the superblock (free counts, times) and every dirty buffer. */
int ext2_sync(struct ext2_fs *fs);
const char *ext2_error(const struct ext2_fs *fs);

struct ext2_stat {
	uint32_t ino;
	uint16_t mode, links;
	uint16_t uid, gid;
	uint64_t size;
	uint32_t blocks;                /* 512-byte units */
	uint32_t atime, mtime, ctime;
	uint32_t dtime;                 /* set when the inode was freed */
};

struct ext2_dirent_info {
	uint32_t ino;
	uint8_t type;                   /* EXT2_FT_*; 0 without the filetype feature */
	uint8_t name_len;
	char name[EXT2_NAME_LEN + 1];   /* NUL-ended */
};

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t *ino);
/* An absolute path ("/a/b"), components looked up one by one; symlinks are not followed. */
int ext2_namei(struct ext2_fs *fs, const char *path, uint32_t len, uint32_t *ino);
/* The next entry at *cursor (a byte offset, 0 to start): 1 and the entry, 0 at the end. */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cursor, struct ext2_dirent_info *out);
/* Bytes read (0 at or past the end); holes read as zeros. */
long ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, uint32_t len);
/*
 * The same read handed out piece by piece, straight from the cache's
 * buffers: sink(ctx, done, src, n) takes the n bytes that belong at
 * [done, done + n) of the read (src NULL: a hole, n zeros) and returns 0
 * or -errno, which ends the read (the bytes before it count).
 */
typedef int (*ext2_sink_fn)(void *ctx, uint32_t done, const void *src, uint32_t n);
long ext2_read_to(struct ext2_fs *fs, uint32_t ino, uint64_t off, uint32_t len, ext2_sink_fn sink, void *ctx);
/* Bytes written (all of them, or an error); extends the file, leaves holes. */
long ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, uint32_t len);
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);
/* Set the access and modification times (seconds since 1970; NULL: that one stays); the change time is now. */
int ext2_set_times(struct ext2_fs *fs, uint32_t ino, const uint32_t *atime, const uint32_t *mtime);
/* chmod: the inode's permission bits (and set-id, sticky) become mode's; its type stays. 0, -EROFS, -EIO. */
int ext2_set_mode(struct ext2_fs *fs, uint32_t ino, uint32_t mode);
/* The target's length (at most len bytes copied, not NUL-ended). */
long ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, uint32_t len);

/* mode: permission bits and the type (EXT2_S_IFREG etc.; 0 means a regular file). */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint16_t mode, uint32_t *ino);
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint16_t mode, uint32_t *ino);
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len,
		 const char *target, uint32_t tlen, uint32_t *ino);
int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, uint32_t len);
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len);
/* The last holder of ino is done with it: if no name is left (links 0), its blocks and the inode go now. */
int ext2_release_unlinked(struct ext2_fs *fs, uint32_t ino);
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len);
int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, uint32_t slen,
		uint32_t ddir, const char *dname, uint32_t dlen);

/* ---- cache.c: a fixed pool of buffers over a sector device ---------------- */

#define EXT2_SECTOR 512

/* read/write `count` 512-byte sectors from `sector`: 0 or -EIO. */
struct ext2_dev {
	void *ctx;
	uint32_t sectors;
	int (*read)(void *ctx, uint32_t sector, uint32_t count, void *buf);
	int (*write)(void *ctx, uint32_t sector, uint32_t count, const void *buf);
};

/* Chains of the valid buffers by block number: a hit costs a few compares, not a walk of the pool. */
#define EXT2_CACHE_HASH 4096  /* a power of two, about the kernel's largest pool at 4 KiB blocks (8 MiB: 2048), half of it at 1 KiB */

struct ext2_cache {
	struct ext2_blockio io;         /* hand &cache->io to ext2_mount */
	const struct ext2_dev *dev;
	struct ext2_buf *bufs;
	uint32_t nbufs, bsize;
	uint32_t in_use;                /* buffers the block size lets mem hold: min(nbufs, mem_bytes / bsize) */
	uint32_t dirty_count;           /* buffers dirty now: a sync or a flush with none to write walks nothing */
	struct ext2_buf lru;            /* the head of the use order (lru.lru_next: the least recent) */
	uint32_t dev_blocks;            /* the device's size in blocks of bsize */
	uint8_t *mem;
	uint32_t mem_bytes;
	struct ext2_buf *hash[EXT2_CACHE_HASH];
};

/*
 * A cache of at most `nbufs` buffers in `mem` (mem_bytes, at least 1 KiB
 * each): at a block size the cache uses as many of them as mem holds, so
 * nbufs = mem_bytes / 1024 uses all of mem at any block size.
 * A file system operation pins at most EXT2_PINNED_MAX buffers at once.
 */
#define EXT2_PINNED_MAX 8
int ext2_cache_init(struct ext2_cache *c, const struct ext2_dev *dev, struct ext2_buf *bufs, uint32_t nbufs,
		    void *mem, uint32_t mem_bytes);

#endif
