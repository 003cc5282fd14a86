/*
 * Directories: blocks of variable-length entries, each block checked whole
 * before any entry in it is used (as Linux's ext2_check_page: rec_len at
 * least 12, a multiple of 4, inside the block, long enough for its name; the
 * inode number in range). Hashed (dir_index) directories are read linearly:
 * their index blocks look like empty entries. Every change clears
 * EXT2_INDEX_FL, as Linux's ext2 driver does, since it does not keep the
 * index up to date.
 */
#include "fs/ext2/ext2_int.h"

static uint32_t de_name_len(struct ext2_fs *fs, const struct ext2_dirent *de)
{
	return fs->filetype ? de->name_len : (uint32_t)de->name_len | (uint32_t)de->file_type << 8;
}

uint8_t e2_ftype(uint16_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR: return EXT2_FT_DIR;
	case EXT2_S_IFCHR: return EXT2_FT_CHRDEV;
	case EXT2_S_IFBLK: return EXT2_FT_BLKDEV;
	case EXT2_S_IFIFO: return EXT2_FT_FIFO;
	case EXT2_S_IFSOCK: return EXT2_FT_SOCK;
	case EXT2_S_IFLNK: return EXT2_FT_SYMLINK;
	default: return EXT2_FT_UNKNOWN;
	}
}

static void set_name(struct ext2_fs *fs, struct ext2_dirent *de, const char *name, uint32_t len, uint8_t type)
{
	de->name_len = (uint8_t)len;
	de->file_type = fs->filetype ? type : 0;
	e2_memcpy(de->name, name, len);
}

/* A name may hold any byte but '/' and NUL (e2fsck: "illegal characters in its name"). */
static int name_bytes_ok(const char *name, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == 0)
			return 0;
	return 1;
}

static int check_block(struct ext2_fs *fs, uint32_t dir, struct ext2_buf *b)
{
	uint32_t off = 0;
	while (off < fs->bsize) {
		const struct ext2_dirent *de = (const struct ext2_dirent *)(b->data + off);
		const char *bad = NULL;
		uint32_t rl = de->rec_len;
		if (fs->bsize - off < EXT2_DIRENT_LEN(1))
			bad = "directory entry header runs past its block";
		else if (rl < EXT2_DIRENT_LEN(1) || rl % 4)
			bad = "directory entry rec_len too small or unaligned";
		else if (rl > fs->bsize - off)
			bad = "directory entry runs past its block";
		else if (de_name_len(fs, de) > EXT2_NAME_LEN || rl < EXT2_DIRENT_LEN(de_name_len(fs, de)))
			bad = "directory entry name longer than its record";
		else if (de->inode > fs->inodes)
			bad = "directory entry inode out of range";
		else if (de->inode && de_name_len(fs, de) == 0)
			bad = "directory entry with an empty name";
		else if (de->inode && !name_bytes_ok(de->name, de_name_len(fs, de)))
			bad = "directory entry name holds '/' or NUL";
		if (bad)
			return e2_corrupt(fs, bad, dir);
		off += rl;
	}
	return 0;
}

/* A directory's inode, pinned: -ENOTDIR if it is not one, -EUCLEAN if its size is not whole blocks. */
static int dir_get(struct ext2_fs *fs, uint32_t dir, struct ext2_inode **in, struct ext2_buf **ib, uint32_t *nblocks)
{
	int err = e2_iget(fs, dir, in, ib);
	if (err)
		return err;
	if (!e2_isdir((*in)->i_mode) || (*in)->i_links_count == 0) {
		e2_put(fs, *ib);
		return e2_isdir((*in)->i_mode) ? -ENOENT : -ENOTDIR;
	}
	uint32_t size = (*in)->i_size;
	if (size == 0 || size & (fs->bsize - 1) || size >> fs->log_bsize > fs->blocks) {
		e2_put(fs, *ib);
		return e2_corrupt(fs, "directory size is not a whole number of blocks", dir);
	}
	*nblocks = size >> fs->log_bsize;
	return 0;
}

/* Block i of a directory, read and checked. */
static int dir_block(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *in, struct ext2_buf *ib, uint32_t i,
		     struct ext2_buf **b)
{
	uint32_t blk;
	*b = NULL;
	int err = e2_bmap(fs, in, ib, i, 0, &blk);
	if (err)
		return err;
	if (blk == 0)
		return e2_corrupt(fs, "a hole in a directory", dir);
	err = e2_get(fs, blk, b);
	if (err || (*b)->dir_ok)
		return err;   /* checked once since it was read or last changed (e2_dirty clears the mark) */
	err = check_block(fs, dir, *b);
	if (err) {
		e2_put(fs, *b);
		*b = NULL;
	} else {
		(*b)->dir_ok = 1;
	}
	return err;
}

static void dir_changed(struct ext2_fs *fs, struct ext2_inode *in, struct ext2_buf *ib)
{
	in->i_flags &= ~(uint32_t)EXT2_INDEX_FL;
	e2_touch(fs, in, 1);
	e2_dirty(fs, ib);
}

/*
 * Find name in dir. On success *b holds the entry's block (pinned), *off its
 * offset and *prev the previous entry's offset in that block (or ~0u).
 */
static int find(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *in, struct ext2_buf *ib, uint32_t nblocks,
		const char *name, uint32_t len, struct ext2_buf **b, uint32_t *off, uint32_t *prev)
{
	uint32_t len_mask = fs->filetype ? 0xFFu : 0xFFFFu;   /* with file types, the byte after name_len is the type */
	for (uint32_t i = 0; i < nblocks; i++) {
		int err = dir_block(fs, dir, in, ib, i, b);
		if (err)
			return err;
		uint32_t p = ~0u, bsize = fs->bsize;
		const uint8_t *data = (*b)->data;
		for (uint32_t o = 0; o < bsize;) {
			const struct ext2_dirent *de = (const struct ext2_dirent *)(data + o);
			/* de_name_len's test hoisted: the loop runs per entry of every directory on a path */
			if (((de->name_len | (uint32_t)de->file_type << 8) & len_mask) == len && de->inode &&
			    e2_memeq(de->name, name, len)) {
				*off = o;
				*prev = p;
				return 0;
			}
			p = o;
			o += de->rec_len;
		}
		e2_put(fs, *b);
	}
	*b = NULL;
	return -ENOENT;
}

int e2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t *ino, uint8_t *type)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t nblocks, off, prev;
	if (len == 0 || len > EXT2_NAME_LEN)
		return len ? -ENAMETOOLONG : -ENOENT;
	int err = dir_get(fs, dir, &in, &ib, &nblocks);
	if (err)
		return err;
	err = find(fs, dir, in, ib, nblocks, name, len, &b, &off, &prev);
	if (!err) {
		const struct ext2_dirent *de = (const struct ext2_dirent *)(b->data + off);
		*ino = de->inode;
		if (type)
			*type = fs->filetype ? de->file_type : 0;
		e2_put(fs, b);
	}
	e2_put(fs, ib);
	return err;
}

int e2_dir_add(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t ino, uint8_t type)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t nblocks, need = EXT2_DIRENT_LEN(len);
	int err = dir_get(fs, dir, &in, &ib, &nblocks);
	if (err)
		return err;
	for (uint32_t i = 0; i < nblocks; i++) {
		err = dir_block(fs, dir, in, ib, i, &b);
		if (err)
			goto out;
		for (uint32_t o = 0; o < fs->bsize;) {
			struct ext2_dirent *de = (struct ext2_dirent *)(b->data + o);
			uint32_t used = de->inode ? EXT2_DIRENT_LEN(de_name_len(fs, de)) : 0;
			if (de->rec_len - used >= need) {
				if (used) {
					struct ext2_dirent *nd = (struct ext2_dirent *)(b->data + o + used);
					nd->rec_len = (uint16_t)(de->rec_len - used);
					de->rec_len = (uint16_t)used;
					de = nd;
				}
				de->inode = ino;
				set_name(fs, de, name, len, type);
				e2_dirty(fs, b);
				e2_put(fs, b);
				dir_changed(fs, in, ib);
				goto out;
			}
			o += de->rec_len;
		}
		e2_put(fs, b);
	}
	/* No room: one more block. */
	uint32_t blk;
	err = e2_bmap(fs, in, ib, nblocks, 1, &blk);
	if (!err)
		err = e2_get(fs, blk, &b);
	if (!err) {
		struct ext2_dirent *de = (struct ext2_dirent *)b->data;
		de->inode = ino;
		de->rec_len = (uint16_t)fs->bsize;
		set_name(fs, de, name, len, type);
		e2_dirty(fs, b);
		e2_put(fs, b);
		in->i_size += fs->bsize;
		dir_changed(fs, in, ib);
	}
out:
	e2_put(fs, ib);
	return err;
}

/*
 * Remove name from dir (the previous entry in its block takes its space), or
 * with remove = 0, point it at another inode (rename over a name, a moved
 * directory's "..").
 */
static int change_entry(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, int remove,
			uint32_t ino, uint8_t type)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t nblocks, off, prev;
	int err = dir_get(fs, dir, &in, &ib, &nblocks);
	if (err)
		return err;
	err = find(fs, dir, in, ib, nblocks, name, len, &b, &off, &prev);
	if (!err) {
		struct ext2_dirent *de = (struct ext2_dirent *)(b->data + off);
		if (!remove) {
			de->inode = ino;
			if (fs->filetype)
				de->file_type = type;
		} else if (prev != ~0u) {
			((struct ext2_dirent *)(b->data + prev))->rec_len += de->rec_len;
		} else {
			de->inode = 0;
		}
		e2_dirty(fs, b);
		e2_put(fs, b);
		dir_changed(fs, in, ib);
	}
	e2_put(fs, ib);
	return err;
}

int e2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len)
{
	return change_entry(fs, dir, name, len, 1, 0, 0);
}

int e2_dir_set(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t ino, uint8_t type)
{
	return change_entry(fs, dir, name, len, 0, ino, type);
}

/* 1 if only "." and ".." are left, 0 if not, or an error. */
int e2_dir_empty(struct ext2_fs *fs, uint32_t dir)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t nblocks;
	int err = dir_get(fs, dir, &in, &ib, &nblocks), empty = 1;
	if (err)
		return err;
	for (uint32_t i = 0; i < nblocks && empty; i++) {
		err = dir_block(fs, dir, in, ib, i, &b);
		if (err)
			break;
		for (uint32_t o = 0; o < fs->bsize;) {
			const struct ext2_dirent *de = (const struct ext2_dirent *)(b->data + o);
			uint32_t n = de_name_len(fs, de);
			if (de->inode && !(n == 1 && de->name[0] == '.') && !(n == 2 && e2_memeq(de->name, "..", 2)))
				empty = 0;
			o += de->rec_len;
		}
		e2_put(fs, b);
	}
	e2_put(fs, ib);
	return err ? err : empty;
}

/* A new directory's first block: "." and "..". */
int e2_dir_init(struct ext2_fs *fs, uint32_t dir, uint32_t parent)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t blk;
	int err = e2_iget(fs, dir, &in, &ib);
	if (err)
		return err;
	err = e2_bmap(fs, in, ib, 0, 1, &blk);
	if (!err)
		err = e2_get(fs, blk, &b);
	if (!err) {
		struct ext2_dirent *de = (struct ext2_dirent *)b->data;
		de->inode = dir;
		de->rec_len = EXT2_DIRENT_LEN(1);
		set_name(fs, de, ".", 1, EXT2_FT_DIR);
		de = (struct ext2_dirent *)(b->data + EXT2_DIRENT_LEN(1));
		de->inode = parent;
		de->rec_len = (uint16_t)(fs->bsize - EXT2_DIRENT_LEN(1));
		set_name(fs, de, "..", 2, EXT2_FT_DIR);
		e2_dirty(fs, b);
		e2_put(fs, b);
		in->i_size = fs->bsize;
		e2_dirty(fs, ib);
	}
	e2_put(fs, ib);
	return err;
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cursor, struct ext2_dirent_info *out)
{
	struct ext2_inode *in;
	struct ext2_buf *ib, *b;
	uint32_t nblocks;
	int err = dir_get(fs, dir, &in, &ib, &nblocks), found = 0;
	if (err)
		return err;
	while (!found && *cursor >> fs->log_bsize < nblocks) {
		uint32_t i = (uint32_t)(*cursor >> fs->log_bsize), at = (uint32_t)*cursor & (fs->bsize - 1);
		err = dir_block(fs, dir, in, ib, i, &b);
		if (err)
			break;
		uint32_t o = 0;
		while (o < fs->bsize && !found) {
			const struct ext2_dirent *de = (const struct ext2_dirent *)(b->data + o);
			if (o >= at && de->inode) {
				out->ino = de->inode;
				out->type = fs->filetype ? de->file_type : 0;
				uint32_t n = de_name_len(fs, de);
				out->name_len = (uint8_t)n;
				e2_memcpy(out->name, de->name, n);
				out->name[n] = 0;
				found = 1;
			}
			o += de->rec_len;
		}
		e2_put(fs, b);
		*cursor = ((uint64_t)i << fs->log_bsize) + o;
	}
	e2_put(fs, ib);
	return err ? err : found;
}
