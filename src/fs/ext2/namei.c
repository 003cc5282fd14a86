/*
 * Names: create, mkdir, symlink, link, unlink, rmdir, rename and path
 * lookup, each a few directory and inode steps (Linux fs/ext2/namei.c). Link
 * counts follow POSIX: a directory has 2 + its subdirectories; a directory
 * moved to another parent takes its ".." along.
 */
#include "fs/ext2/ext2_int.h"

/* A name one may create or remove: 1 to 255 bytes, no '/' or NUL, not "." or "..". */
static int name_ok(const char *name, uint32_t len)
{
	if (len == 0)
		return -ENOENT;
	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	for (uint32_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return -EINVAL;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	return 0;
}

static int writable_name(struct ext2_fs *fs, const char *name, uint32_t len)
{
	return fs->readonly ? -EROFS : name_ok(name, len);
}

/* Add delta to ino's link count; refuses to pass EXT2_LINK_MAX, never goes below 0. */
static int adjust_links(struct ext2_fs *fs, uint32_t ino, int delta, uint16_t *now)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (err)
		return err;
	if (delta > 0 && in->i_links_count >= EXT2_LINK_MAX) {
		err = -EMLINK;
	} else {
		if (delta > 0)
			in->i_links_count++;
		else if (delta < 0 && in->i_links_count > 0)
			in->i_links_count--;
		e2_touch(fs, in, 0);
		e2_dirty(fs, ib);
		if (now)
			*now = in->i_links_count;
	}
	e2_put(fs, ib);
	return err;
}

static int mode_of(struct ext2_fs *fs, uint32_t ino, uint16_t *mode)
{
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = e2_iget(fs, ino, &in, &ib);
	if (!err) {
		*mode = in->i_mode;
		if (in->i_links_count == 0 || in->i_dtime)
			err = e2_corrupt(fs, "a directory entry names a deleted inode", ino);
		e2_put(fs, ib);
	}
	return err;
}

/* An existing name one may remove or rename: its inode and mode. */
static int find_named(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t *ino,
		      uint16_t *mode)
{
	int err = writable_name(fs, name, len);
	if (!err)
		err = e2_dir_find(fs, dir, name, len, ino, NULL);
	return err ? err : mode_of(fs, *ino, mode);
}

/* Drop one link of ino (a directory loses both of its own); release it at zero unless its holder keeps it. */
static int drop_link(struct ext2_fs *fs, uint32_t ino, int dir)
{
	uint16_t left;
	int err = adjust_links(fs, ino, -1, &left);
	if (!err && dir && left > 0)
		err = adjust_links(fs, ino, -1, &left);
	if (!err && left == 0 && !(!dir && fs->keep_unlinked && fs->keep_unlinked(ino)))
		err = e2_release_inode(fs, ino);
	return err;
}

int ext2_release_unlinked(struct ext2_fs *fs, uint32_t ino)
{
	struct ext2_stat st;
	int err = ext2_stat(fs, ino, &st);
	if (err || st.links || st.dtime || !st.mode || fs->readonly)
		return err;   /* a name came back, or it was released already: nothing to do */
	return e2_release_inode(fs, ino);
}

/* A fresh inode of this mode with `links` links, times now. */
static int new_inode(struct ext2_fs *fs, uint32_t dir, uint16_t mode, uint16_t links, uint32_t *ino)
{
	int err = e2_inode_alloc(fs, dir, e2_isdir(mode), ino);
	if (err)
		return err;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	err = e2_iget(fs, *ino, &in, &ib);
	if (err)
		return err;
	in->i_mode = mode;
	in->i_links_count = links;
	in->i_atime = in->i_ctime = in->i_mtime = e2_now(fs);
	e2_dirty(fs, ib);
	e2_put(fs, ib);
	return 0;
}

/* Common start of create, mkdir, symlink: the name is new and dir is a directory. */
static int check_new(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len)
{
	int err = writable_name(fs, name, len);
	if (err)
		return err;
	uint32_t ino;
	err = e2_dir_find(fs, dir, name, len, &ino, NULL);
	return err == 0 ? -EEXIST : err == -ENOENT ? 0 : err;
}

/* Undo a new inode when its entry could not be added. */
static int unmake(struct ext2_fs *fs, uint32_t ino, int err)
{
	e2_release_inode(fs, ino);
	return err;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint32_t *ino)
{
	return e2_dir_find(fs, dir, name, len, ino, NULL);
}

int ext2_namei(struct ext2_fs *fs, const char *path, uint32_t len, uint32_t *ino)
{
	if (len == 0 || path[0] != '/')
		return -ENOENT;
	uint32_t cur = EXT2_ROOT_INO, i = 0;
	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		uint32_t start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			break;
		uint32_t next;
		int err = e2_dir_find(fs, cur, path + start, i - start, &next, NULL);
		if (err)
			return err;
		cur = next;
	}
	*ino = cur;
	return 0;
}

int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint16_t mode, uint32_t *ino)
{
	if (!(mode & EXT2_S_IFMT))
		mode |= EXT2_S_IFREG;
	if (e2_isdir(mode) || e2_islnk(mode))
		return -EINVAL;
	int err = check_new(fs, dir, name, len);
	if (!err)
		err = new_inode(fs, dir, mode, 1, ino);
	if (err)
		return err;
	err = e2_dir_add(fs, dir, name, len, *ino, e2_ftype(mode));
	return err ? unmake(fs, *ino, err) : 0;
}

int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len, uint16_t mode, uint32_t *ino)
{
	int err = check_new(fs, dir, name, len);
	if (err)
		return err;
	struct ext2_stat st;
	err = ext2_stat(fs, dir, &st);
	if (err)
		return err;
	if (st.links >= EXT2_LINK_MAX)
		return -EMLINK;
	err = new_inode(fs, dir, (uint16_t)(EXT2_S_IFDIR | (mode & 07777)), 2, ino);
	if (err)
		return err;
	err = e2_dir_init(fs, *ino, dir);
	if (!err)
		err = e2_dir_add(fs, dir, name, len, *ino, EXT2_FT_DIR);
	if (err)
		return unmake(fs, *ino, err);
	return adjust_links(fs, dir, +1, NULL);
}

int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len,
		 const char *target, uint32_t tlen, uint32_t *ino)
{
	if (tlen == 0)
		return -ENOENT;
	if (tlen >= fs->bsize)
		return -ENAMETOOLONG;
	int err = check_new(fs, dir, name, len);
	if (!err)
		err = new_inode(fs, dir, EXT2_S_IFLNK | 0777, 1, ino);
	if (err)
		return err;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	err = e2_iget(fs, *ino, &in, &ib);
	if (err)
		return unmake(fs, *ino, err);
	if (tlen <= EXT2_FAST_SYMLINK_MAX) {
		e2_memcpy(in->i_block, target, tlen);
	} else {
		uint32_t blk;
		struct ext2_buf *b;
		err = e2_bmap(fs, in, ib, 0, 1, &blk);
		if (!err && (err = e2_get(fs, blk, &b)) == 0) {
			e2_memcpy(b->data, target, tlen);
			e2_dirty(fs, b);
			e2_put(fs, b);
		}
	}
	in->i_size = tlen;
	e2_dirty(fs, ib);
	e2_put(fs, ib);
	if (!err)
		err = e2_dir_add(fs, dir, name, len, *ino, EXT2_FT_SYMLINK);
	return err ? unmake(fs, *ino, err) : 0;
}

int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, uint32_t len)
{
	uint16_t mode;
	int err = check_new(fs, dir, name, len);
	if (!err)
		err = mode_of(fs, ino, &mode);
	if (err)
		return err;
	if (e2_isdir(mode))
		return -EPERM;
	err = adjust_links(fs, ino, +1, NULL);
	if (err)
		return err;
	err = e2_dir_add(fs, dir, name, len, ino, e2_ftype(mode));
	if (err)
		adjust_links(fs, ino, -1, NULL);
	return err;
}

int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len)
{
	uint32_t ino;
	uint16_t mode;
	int err = find_named(fs, dir, name, len, &ino, &mode);
	if (err)
		return err;
	if (e2_isdir(mode))
		return -EISDIR;
	err = e2_dir_remove(fs, dir, name, len);
	return err ? err : drop_link(fs, ino, 0);
}

int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, uint32_t len)
{
	uint32_t ino;
	uint16_t mode;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return -ENOTEMPTY;
	int err = find_named(fs, dir, name, len, &ino, &mode);
	if (err)
		return err;
	if (!e2_isdir(mode))
		return -ENOTDIR;
	if (ino == EXT2_ROOT_INO || ino == dir)
		return e2_corrupt(fs, "a directory entry names the root or its own directory", ino);
	err = e2_dir_empty(fs, ino);
	if (err <= 0)
		return err ? err : -ENOTEMPTY;
	err = e2_dir_remove(fs, dir, name, len);
	if (!err)
		err = drop_link(fs, ino, 1);
	if (!err)
		err = adjust_links(fs, dir, -1, NULL);
	return err;
}

/* -EINVAL if dir is src or inside it: its ".." chain up to the root, bounded by the inode count. */
static int not_inside(struct ext2_fs *fs, uint32_t src, uint32_t dir)
{
	uint32_t cur = dir;
	for (uint32_t steps = 0; steps <= fs->inodes; steps++) {
		if (cur == src)
			return -EINVAL;
		if (cur == EXT2_ROOT_INO)
			return 0;
		uint32_t up;
		int err = e2_dir_find(fs, cur, "..", 2, &up, NULL);
		if (err)
			return err == -ENOENT ? e2_corrupt(fs, "a directory without \"..\"", cur) : err;
		cur = up;
	}
	return e2_corrupt(fs, "a directory loop", dir);
}

int ext2_rename(struct ext2_fs *fs, uint32_t sdir, const char *sname, uint32_t slen,
		uint32_t ddir, const char *dname, uint32_t dlen)
{
	uint32_t src, dst;
	uint16_t smode, dmode = 0;
	int err = writable_name(fs, dname, dlen);
	if (!err)
		err = find_named(fs, sdir, sname, slen, &src, &smode);
	if (err)
		return err;
	int isdir = e2_isdir(smode);
	err = e2_dir_find(fs, ddir, dname, dlen, &dst, NULL);
	int exists = err == 0;
	if (err && err != -ENOENT)
		return err;
	if (exists) {
		if (dst == src)
			return 0;       /* POSIX: two links to one file, nothing to do */
		err = mode_of(fs, dst, &dmode);
		if (err)
			return err;
		if (isdir && !e2_isdir(dmode))
			return -ENOTDIR;
		if (!isdir && e2_isdir(dmode))
			return -EISDIR;
		if (isdir && (err = e2_dir_empty(fs, dst)) <= 0)
			return err ? err : -ENOTEMPTY;
	}
	if (isdir && sdir != ddir) {
		err = not_inside(fs, src, ddir);
		if (err)
			return err;
		if (!exists) {
			struct ext2_stat st;
			err = ext2_stat(fs, ddir, &st);
			if (err)
				return err;
			if (st.links >= EXT2_LINK_MAX)
				return -EMLINK;
		}
	}
	uint8_t type = e2_ftype(smode);
	if (exists) {
		err = e2_dir_set(fs, ddir, dname, dlen, src, type);
		if (!err)
			err = drop_link(fs, dst, isdir);
		if (!err && isdir)
			err = adjust_links(fs, ddir, -1, NULL);
	} else {
		err = e2_dir_add(fs, ddir, dname, dlen, src, type);
	}
	if (!err)
		err = e2_dir_remove(fs, sdir, sname, slen);
	if (!err && isdir && sdir != ddir) {
		err = e2_dir_set(fs, src, "..", 2, ddir, EXT2_FT_DIR);
		if (!err)
			err = adjust_links(fs, sdir, -1, NULL);
		if (!err)
			err = adjust_links(fs, ddir, +1, NULL);
	}
	if (!err)
		err = adjust_links(fs, src, 0, NULL);   /* ctime */
	return err;
}
