/*
 * Inodes and their blocks: finding an inode in its group's table, mapping a
 * file's logical block through the direct, indirect, double and triple
 * indirect pointers (allocating on write), freeing from a logical block on
 * (truncate, delete), and the file read, write, truncate, stat and readlink
 * built on them. i_blocks counts every block an inode holds, indirect and
 * xattr blocks too, in 512-byte units: e2fsck checks it.
 */
#include "fs/ext2/ext2_int.h"

int e2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode **in, struct ext2_buf **b)
{
	*b = NULL;
	if (ino != fs->last_inode.ino || ino == 0) {   /* a file's reads and writes ask for the same one again and again */
		if (ino == 0 || ino > fs->inodes)
			return e2_corrupt(fs, "inode number out of range", ino);
		uint32_t g = (ino - 1) / fs->ipg, idx = (ino - 1) % fs->ipg;
		int err = e2_group_places(fs, g);
		if (err)
			return err;
		fs->last_inode.blk = fs->last_group.inode_table + idx / fs->inodes_per_block;   /* checked at mount */
		fs->last_inode.at = (idx % fs->inodes_per_block) * fs->inode_size;
		fs->last_inode.ino = ino;
	}
	int err = e2_get(fs, fs->last_inode.blk, b);
	if (err)
		return err;
	*in = (struct ext2_inode *)((*b)->data + fs->last_inode.at);
	return 0;
}

uint64_t e2_isize(const struct ext2_inode *in)
{
	return e2_isreg(in->i_mode) ? ((uint64_t)in->i_size_high << 32) | in->i_size : in->i_size;
}

void e2_set_isize(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
	in->i_size = (uint32_t)size;
	if (e2_isreg(in->i_mode))
		in->i_size_high = (uint32_t)(size >> 32);
	if (size > 0x7FFFFFFFu && !fs->large_file) {
		fs->sb.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
		fs->large_file = 1;
		fs->sb_dirty = 1;
	}
}

void e2_touch(struct ext2_fs *fs, struct ext2_inode *in, int mtime)
{
	in->i_ctime = e2_now(fs);
	if (mtime)
		in->i_mtime = in->i_ctime;
}

static uint32_t sectors_per_block(struct ext2_fs *fs)
{
	return fs->bsize / 512;
}

/* The highest logical block + 1 the pointers can reach, capped to 32 bits (worked out at mount). */
static uint64_t max_blocks(struct ext2_fs *fs)
{
	return fs->reach;
}

/*
 * The physical block of logical block lblk (0: a hole). With create, holes on
 * the way are filled (the inode, whose buffer is ib, is marked dirty). Every
 * pointer read is checked to be a data block before it is followed. A read
 * maps a run: up to max blocks from lblk on whose pointers sit in the same
 * array, one walk for them all (blk holds max).
 */
static int map_run(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t lblk, int create,
		   uint32_t *blk, uint32_t max, uint32_t *got)
{
	*got = 1;
	uint32_t apb = fs->addr_per_block, depth, root, rel = lblk;
	if (rel < EXT2_NDIR) {
		depth = 0;
		root = rel;
	} else if ((rel -= EXT2_NDIR) < apb) {
		depth = 1;
		root = EXT2_IND;
	} else if ((rel -= apb) < apb * apb) {
		depth = 2;
		root = EXT2_DIND;
	} else if ((rel -= apb * apb), (uint64_t)rel < (uint64_t)apb * apb * apb) {
		depth = 3;
		root = EXT2_TIND;
	} else {
		return -EFBIG;
	}
	uint32_t *slot = &in->i_block[root];
	struct ext2_buf *holder = ib, *owned = NULL;
	int err = 0;
	*blk = 0;
	for (uint32_t level = 0;; level++) {
		uint32_t v = *slot;
		if (v == 0) {
			if (!create)
				break;
			uint32_t goal = in->i_block[0] ? in->i_block[0] : 0;
			err = e2_block_alloc(fs, goal, &v);
			if (err)
				break;
			*slot = v;
			e2_dirty(fs, holder);
			in->i_blocks += sectors_per_block(fs);
			e2_dirty(fs, ib);
		} else if (!e2_data_ok(fs, v)) {
			err = e2_corrupt(fs, "a block pointer outside the data area", v);
			break;
		}
		if (level == depth) {
			/* The run goes on in the same pointer array: the inode's direct slots or the leaf indirect block. */
			uint32_t left = depth ? apb - (rel & (apb - 1)) : EXT2_NDIR - rel;
			uint32_t n = max < left ? max : left, k;
			/* The data span in registers: a group's places never change, so it stays true if the slow check moves the memo. */
			uint32_t lo = fs->last_group.data_lo, span = fs->last_group.data_hi - lo;
			blk[0] = v;
			for (k = 1; k < n; k++) {
				uint32_t w = slot[k];
				if (w && w - lo >= span && !e2_data_block_ok(fs, w))
					break;   /* the run stops short; the next walk reports it */
				blk[k] = w;
			}
			*got = k;
			break;
		}
		struct ext2_buf *nb;
		err = e2_get(fs, v, &nb);
		if (err)
			break;
		e2_put(fs, owned);
		owned = holder = nb;
		uint32_t shift = fs->log_addr * (depth - 1 - level);
		slot = (uint32_t *)nb->data + ((rel >> shift) & (apb - 1));
	}
	e2_put(fs, owned);
	return err;
}

int e2_bmap(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t lblk, int create,
	    uint32_t *blk)
{
	uint32_t got;
	return map_run(fs, in, ib, lblk, create, blk, 1, &got);
}

int e2_bmap_run(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t lblk, uint32_t max,
		uint32_t *blks, uint32_t *got)
{
	return map_run(fs, in, ib, lblk, 0, blks, max, got);
}

/*
 * Free what *slot points at for the logical blocks at or after `first`; the
 * pointer covers `span` blocks from `base`, through `depth` indirect levels.
 * An indirect block goes when every block it covers does.
 */
static int free_level(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *slot, uint32_t depth, uint64_t base,
		      uint64_t span, uint64_t first, int *changed)
{
	uint32_t v = *slot;
	if (v == 0 || base + span <= first)
		return 0;
	int err = 0;
	if (depth > 0) {
		if (!e2_data_ok(fs, v))
			return e2_corrupt(fs, "an indirect block outside the data area", v);
		struct ext2_buf *b;
		err = e2_get(fs, v, &b);
		if (err)
			return err;
		uint64_t child = span >> fs->log_addr;
		for (uint32_t i = 0; i < fs->addr_per_block && !err; i++) {
			int ch = 0;
			err = free_level(fs, in, (uint32_t *)b->data + i, depth - 1, base + i * child, child, first, &ch);
			if (ch)
				e2_dirty(fs, b);
		}
		e2_put(fs, b);
		if (err)
			return err;
	}
	if (base >= first) {
		err = e2_block_free(fs, v);
		if (err)
			return err;
		*slot = 0;
		*changed = 1;
		in->i_blocks -= in->i_blocks >= sectors_per_block(fs) ? sectors_per_block(fs) : in->i_blocks;
	}
	return 0;
}

/* Free every block at or after logical block `first` (the inode's buffer is ib). */
int e2_free_from(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t first)
{
	uint64_t apb = fs->addr_per_block, base = 0;
	int changed = 0, err = 0;
	for (uint32_t i = 0; i < EXT2_N_BLOCKS && !err; i++) {
		uint32_t depth = i < EXT2_NDIR ? 0 : i - EXT2_NDIR + 1;
		uint64_t span = depth == 0 ? 1 : depth == 1 ? apb : depth == 2 ? apb * apb : apb * apb * apb;
		err = free_level(fs, in, &in->i_block[i], depth, base, span, first, &changed);
		base += span;
	}
	if (changed)
		e2_dirty(fs, ib);
	return err;
}

static int fast_symlink(struct ext2_fs *fs, const struct ext2_inode *in)
{
	uint32_t acl = in->i_file_acl ? sectors_per_block(fs) : 0;
	return e2_islnk(in->i_mode) && in->i_blocks == acl;
}

/* Its extended attribute block: one reference less, freed with the last. */
static int release_xattr(struct ext2_fs *fs, struct ext2_inode *in)
{
	uint32_t v = in->i_file_acl;
	if (!v)
		return 0;
	if (!e2_data_ok(fs, v))
		return e2_corrupt(fs, "an xattr block outside the data area", v);
	struct ext2_buf *b;
	int err = e2_get(fs, v, &b);
	if (err)
		return err;
	uint32_t *h = (uint32_t *)b->data;
	if (h[0] != EXT2_XATTR_MAGIC) {
		e2_put(fs, b);
		return e2_corrupt(fs, "an xattr block without its magic", v);
	}
	if (h[1] > 1) {
		h[1]--;
		e2_dirty(fs, b);
		e2_put(fs, b);
	} else {
		e2_put(fs, b);
		err = e2_block_free(fs, v);
		if (err)
			return err;
	}
	in->i_file_acl = 0;
	in->i_blocks -= in->i_blocks >= sectors_per_block(fs) ? sectors_per_block(fs) : in->i_blocks;
	return 0;
}

/* The last link is gone: free the blocks, the xattr block, then the inode (as ext2_evict_inode). */
int e2_release_inode(struct ext2_fs *fs, uint32_t ino)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (err)
		return err;
	int dir = e2_isdir(in->i_mode);
	if (!fast_symlink(fs, in))
		err = e2_free_from(fs, in, ib, 0);
	if (!err)
		err = release_xattr(fs, in);
	if (!err) {
		in->i_size = 0;
		in->i_size_high = 0;
		in->i_links_count = 0;
		in->i_dtime = e2_now(fs) ? e2_now(fs) : 1;
		e2_dirty(fs, ib);
	}
	e2_put(fs, ib);
	return err ? err : e2_inode_free(fs, ino, dir);
}

/* Change inode ino by change(in, arg), its ctime now (the change itself): 0, -EROFS, -EIO. */
static int change_inode(struct ext2_fs *fs, uint32_t ino, void (*change)(struct ext2_inode *in, const void *arg),
			const void *arg)
{
	if (fs->readonly)
		return -EROFS;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (err)
		return err;
	change(in, arg);
	e2_touch(fs, in, 0);
	e2_dirty(fs, ib);
	e2_put(fs, ib);
	return 0;
}

struct times { const uint32_t *atime, *mtime; };

static void set_times(struct ext2_inode *in, const void *arg)
{
	const struct times *t = arg;
	if (t->atime)
		in->i_atime = *t->atime;
	if (t->mtime)
		in->i_mtime = *t->mtime;
}

int ext2_set_times(struct ext2_fs *fs, uint32_t ino, const uint32_t *atime, const uint32_t *mtime)
{
	const struct times t = { atime, mtime };
	return change_inode(fs, ino, set_times, &t);
}

static void set_mode(struct ext2_inode *in, const void *arg)
{
	uint32_t mode = *(const uint32_t *)arg;
	in->i_mode = (uint16_t)((in->i_mode & EXT2_S_IFMT) | (mode & EXT2_MODE_PERMS));
}

int ext2_set_mode(struct ext2_fs *fs, uint32_t ino, uint32_t mode)
{
	return change_inode(fs, ino, set_mode, &mode);
}

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (err)
		return err;
	st->ino = ino;
	st->mode = in->i_mode;
	st->links = in->i_links_count;
	st->uid = in->i_uid;
	st->gid = in->i_gid;
	st->size = e2_isize(in);
	st->blocks = in->i_blocks;
	st->atime = in->i_atime;
	st->mtime = in->i_mtime;
	st->ctime = in->i_ctime;
	st->dtime = in->i_dtime;
	e2_put(fs, ib);
	return 0;
}

/* get_regular's refusal: the inode is no regular file. */
static int __attribute__((noinline, cold)) not_regular(struct ext2_fs *fs, const struct ext2_inode *in, struct ext2_buf *ib)
{
	int err = e2_isdir(in->i_mode) ? -EISDIR : -EINVAL;
	e2_put(fs, ib);
	return err;
}

/* A regular file's inode, pinned: -EISDIR for a directory, -EINVAL for anything else. Inline: a read's frame was 21 Bochs instructions. */
static inline __attribute__((always_inline)) int get_regular(struct ext2_fs *fs, uint32_t ino, struct ext2_inode **in,
							     struct ext2_buf **ib)
{
	int err = e2_iget(fs, ino, in, ib);
	if (err || e2_isreg((*in)->i_mode))
		return err;
	return not_regular(fs, *in, *ib);
}

/* The bytes of [pos, pos + left) inside pos's block (read's and write's piece); *in_blk: pos's place in it. */
static uint32_t in_block(const struct ext2_fs *fs, uint64_t pos, uint32_t left, uint32_t *in_blk)
{
	*in_blk = (uint32_t)pos & (fs->bsize - 1);
	return fs->bsize - *in_blk < left ? fs->bsize - *in_blk : left;
}

#define READ_RUN 8    /* blocks mapped by one walk of a read: two pages of 1 KiB blocks (the frame has room for no more) */

/*
 * The blocks of a read from lblk0 on (in0 bytes into the first), len bytes
 * in all, each to the sink: 32-bit arithmetic only (a read is at most 2 GiB
 * and lblk0 below fs->reach), and little state across a block, for a loop
 * that runs per block. Returns the bytes given; *err why it stopped short.
 */
static uint32_t read_blocks(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib, uint32_t ino, uint32_t lblk0,
			    uint32_t in0, uint32_t len, ext2_sink_fn sink, void *ctx, int *err)
{
	uint32_t run[READ_RUN], *at = run, *end = run, done = 0;
	while (done < len) {
		uint32_t pos = in0 + done;   /* from lblk0's start: below 2^31 + a block */
		uint32_t in_blk = pos & (fs->bsize - 1), n = fs->bsize - in_blk;
		if (n > len - done)
			n = len - done;
		if (at == end) {
			uint32_t rel = pos >> fs->log_bsize, want = ((in0 + len - 1) >> fs->log_bsize) - rel + 1, got;
			if (rel >= fs->reach - lblk0) {
				*err = e2_corrupt(fs, "file size beyond the block map", ino);
				return done;
			}
			*err = e2_bmap_run(fs, in, ib, lblk0 + rel, want < READ_RUN ? want : READ_RUN, run, &got);
			if (*err)
				return done;
			at = run;
			end = run + got;
		}
		uint32_t blk = *at++;
		if (blk == 0) {
			*err = sink(ctx, done, NULL, n);
		} else {
			struct ext2_buf *b;
			*err = e2_get(fs, blk, &b);
			if (*err)
				return done;
			*err = sink(ctx, done, b->data + in_blk, n);
			b->refs--;   /* e2_put's own, without its checks: b was got just now */
		}
		if (*err)
			return done;
		done += n;
	}
	return done;
}

long ext2_read_to(struct ext2_fs *fs, uint32_t ino, uint64_t off, uint32_t len, ext2_sink_fn sink, void *ctx)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = get_regular(fs, ino, &in, &ib);
	if (err)
		return err;
	uint64_t size = e2_isize(in);
	if (off >= size) {
		e2_put(fs, ib);
		return 0;
	}
	if (len > size - off)
		len = (uint32_t)(size - off);
	if (len > 0x7FFFFFFFu)
		len = 0x7FFFFFFFu;
	uint64_t lblk = off >> fs->log_bsize;
	uint32_t done = 0;
	if (lblk >= fs->reach)
		err = e2_corrupt(fs, "file size beyond the block map", ino);
	else
		done = read_blocks(fs, in, ib, ino, (uint32_t)lblk, (uint32_t)off & (fs->bsize - 1), len, sink, ctx, &err);
	e2_put(fs, ib);
	return done ? (long)done : err;
}

static int to_memory(void *ctx, uint32_t done, const void *src, uint32_t n)
{
	uint8_t *out = (uint8_t *)ctx + done;
	if (src)
		e2_memcpy(out, src, n);
	else
		e2_memset(out, 0, n);
	return 0;
}

long ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, uint32_t len)
{
	return ext2_read_to(fs, ino, off, len, to_memory, buf);
}

long ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, uint32_t len)
{
	if (fs->readonly)
		return -EROFS;
	if (len > 0x7FFFFFFFu)
		len = 0x7FFFFFFFu;
	if (len && ((off + len - 1) >> fs->log_bsize >= max_blocks(fs) || off + len < off))
		return -EFBIG;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = get_regular(fs, ino, &in, &ib);
	if (err)
		return err;
	uint32_t done = 0;
	const uint8_t *src = buf;
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t in_blk, n = in_block(fs, pos, len - done, &in_blk);
		uint32_t blk;
		struct ext2_buf *b;
		err = e2_bmap(fs, in, ib, (uint32_t)(pos >> fs->log_bsize), 1, &blk);
		if (err)
			break;
		err = e2_get(fs, blk, &b);
		if (err)
			break;
		e2_memcpy(b->data + in_blk, src + done, n);
		e2_dirty(fs, b);
		e2_put(fs, b);
		done += n;
	}
	if (done) {
		if (off + done > e2_isize(in))
			e2_set_isize(fs, in, off + done);
		e2_touch(fs, in, 1);
		e2_dirty(fs, ib);
	}
	e2_put(fs, ib);
	return done ? (long)done : err;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	if (fs->readonly)
		return -EROFS;
	if (size && (size - 1) >> fs->log_bsize >= max_blocks(fs))
		return -EFBIG;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = get_regular(fs, ino, &in, &ib);
	if (err)
		return err;
	if (size < e2_isize(in)) {
		err = e2_free_from(fs, in, ib, (uint32_t)((size + fs->bsize - 1) >> fs->log_bsize));
		uint32_t tail = (uint32_t)size & (fs->bsize - 1), blk;
		/* Zero the rest of the last block: a later grow must read zeros there. */
		if (!err && tail && (err = e2_bmap(fs, in, ib, (uint32_t)(size >> fs->log_bsize), 0, &blk)) == 0 && blk) {
			struct ext2_buf *b;
			err = e2_get(fs, blk, &b);
			if (!err) {
				e2_memset(b->data + tail, 0, fs->bsize - tail);
				e2_dirty(fs, b);
				e2_put(fs, b);
			}
		}
	}
	if (!err) {
		e2_set_isize(fs, in, size);
		e2_touch(fs, in, 1);
		e2_dirty(fs, ib);
	}
	e2_put(fs, ib);
	return err;
}

long ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, uint32_t len)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (err)
		return err;
	uint32_t size = in->i_size;
	if (!e2_islnk(in->i_mode)) {
		err = -EINVAL;
	} else if (fast_symlink(fs, in)) {
		if (size > EXT2_FAST_SYMLINK_MAX)
			err = e2_corrupt(fs, "a fast symlink longer than its inode", ino);
		else
			e2_memcpy(buf, in->i_block, size < len ? size : len);
	} else if (size == 0 || size >= fs->bsize) {
		err = e2_corrupt(fs, "a symlink's size is wrong", ino);
	} else {
		uint32_t blk;
		err = e2_bmap(fs, in, ib, 0, 0, &blk);
		if (!err && blk == 0)
			err = e2_corrupt(fs, "a slow symlink without its block", ino);
		struct ext2_buf *b;
		if (!err && (err = e2_get(fs, blk, &b)) == 0) {
			e2_memcpy(buf, b->data, size < len ? size : len);
			e2_put(fs, b);
		}
	}
	e2_put(fs, ib);
	return err ? err : (long)size;
}
