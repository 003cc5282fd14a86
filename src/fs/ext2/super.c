/*
 * Mount and the superblock: every number the rest of the driver relies on is
 * checked here once (sizes, counts, where each group's bitmaps and inode
 * table are), so that later code may compute with them without overflow or
 * an access outside the disk. Modelled on Linux's ext2_fill_super and
 * ext2_check_descriptors.
 */
#include "fs/ext2/ext2_int.h"

int e2_corrupt(struct ext2_fs *fs, const char *why, uint32_t num)
{
	fs->why = why;
	fs->why_num = num;
	if (!fs->readonly) {            /* as Linux: the next e2fsck looks closer */
		fs->sb.s_state |= EXT2_ERROR_FS;
		fs->sb_dirty = 1;
	}
	return -EUCLEAN;
}

const char *ext2_error(const struct ext2_fs *fs)
{
	return fs->why ? fs->why : "no error";
}

static int refuse(struct ext2_fs *fs, int err, const char *why, uint32_t num)
{
	fs->why = why;
	fs->why_num = num;
	return err;
}

/* With sparse_super only groups 0, 1 and powers of 3, 5 and 7 keep a superblock copy. */
int e2_group_has_super(struct ext2_fs *fs, uint32_t g)
{
	if (!fs->sparse_super || g <= 1)
		return 1;
	for (uint32_t base = 3; base <= 7; base += 2) {
		uint32_t p = base;
		while (p < g)
			p *= base;      /* p < g < 2^32 / 7: no overflow */
		if (p == g)
			return 1;
	}
	return 0;
}

/* Blocks at a group's start taken by the superblock copy and the descriptor table (with its reserve). */
static uint32_t group_meta_blocks(struct ext2_fs *fs, uint32_t g)
{
	return e2_group_has_super(fs, g) ? 1 + fs->gdt_blocks + fs->reserved_gdt : 0;
}

int e2_gd_get(struct ext2_fs *fs, uint32_t group, struct ext2_group_desc **gd, struct ext2_buf **b)
{
	*b = NULL;
	if (group >= fs->groups)
		return e2_corrupt(fs, "group number out of range", group);
	int err = e2_get(fs, fs->first_data + 1 + group / fs->desc_per_block, b);
	if (err)
		return err;
	*gd = (struct ext2_group_desc *)(*b)->data + group % fs->desc_per_block;
	return 0;
}

/* Where group g keeps its metadata, in fs->last_group (a memo: the places never change after mount). 0 or -errno. */
int e2_group_places_read(struct ext2_fs *fs, uint32_t g)
{
	struct ext2_group_desc *gd;
	struct ext2_buf *b;
	int err = e2_gd_get(fs, g, &gd, &b);
	if (err)
		return err;
	fs->last_group.group = g;
	fs->last_group.meta = group_meta_blocks(fs, g);
	fs->last_group.block_bitmap = gd->bg_block_bitmap;
	fs->last_group.inode_bitmap = gd->bg_inode_bitmap;
	fs->last_group.inode_table = gd->bg_inode_table;
	/*
	 * mke2fs puts the bitmaps and the inode table at a group's start: every
	 * block from the table's end to the group's is data, one compare for a
	 * block pointer there (e2_data_ok). Another layout: no span.
	 */
	uint32_t start = fs->first_data + g * fs->bpg, end = fs->blocks - start > fs->bpg ? start + fs->bpg : fs->blocks;
	uint32_t lo = gd->bg_inode_table + fs->itb_per_group;
	int usual = gd->bg_block_bitmap >= start && gd->bg_block_bitmap < gd->bg_inode_table &&
		    gd->bg_inode_bitmap >= start && gd->bg_inode_bitmap < gd->bg_inode_table &&
		    gd->bg_inode_table >= start + fs->last_group.meta && lo > gd->bg_inode_table && lo <= end;
	fs->last_group.data_lo = usual ? lo : 0;
	fs->last_group.data_hi = usual ? end : 0;
	fs->last_group.valid = 1;
	e2_put(fs, b);
	return 0;
}

/* 1 if blk may hold a file's data or an indirect block: inside the disk and no group's metadata. */
int e2_data_block_ok(struct ext2_fs *fs, uint32_t blk)
{
	if (blk < fs->first_data || blk >= fs->blocks)
		return 0;
	uint32_t g = (blk - fs->first_data) / fs->bpg;
	if (e2_group_places(fs, g) != 0)
		return 0;
	if ((blk - fs->first_data) % fs->bpg < fs->last_group.meta)
		return 0;
	return blk != fs->last_group.block_bitmap && blk != fs->last_group.inode_bitmap &&
	       (blk < fs->last_group.inode_table || blk - fs->last_group.inode_table >= fs->itb_per_group);
}

static int read_super(struct ext2_fs *fs)
{
	struct ext2_buf *b;
	int err = fs->io->set_block_size(fs->io->ctx, 1024);
	if (err)
		return refuse(fs, err, "the block cache refused 1 KiB blocks", 0);
	err = e2_get(fs, EXT2_SUPER_OFFSET / 1024, &b);
	if (err)
		return refuse(fs, err, "cannot read the superblock", 0);
	e2_memcpy(&fs->sb, b->data, EXT2_SUPER_SIZE);
	e2_put(fs, b);
	return 0;
}

/* The superblock's own numbers, before any block beyond it is read. */
static int check_super(struct ext2_fs *fs, unsigned flags)
{
	struct ext2_super *s = &fs->sb;
	if (s->s_magic != EXT2_MAGIC)
		return refuse(fs, -EINVAL, "not an ext2 file system (bad magic)", s->s_magic);
	if (s->s_rev_level != 1)
		return refuse(fs, -EINVAL, "only ext2 revision 1 is supported", s->s_rev_level);
	if (s->s_feature_incompat & ~EXT2_INCOMPAT_KNOWN)
		return refuse(fs, -EINVAL, "unsupported incompatible feature (journal recovery, extents, 64bit, "
			      "flex_bg, meta_bg...): cannot mount", s->s_feature_incompat & ~EXT2_INCOMPAT_KNOWN);
	if (s->s_log_block_size > 2)
		return refuse(fs, -EUCLEAN, "block size is not 1, 2 or 4 KiB", s->s_log_block_size);
	fs->log_bsize = 10 + s->s_log_block_size;
	fs->bsize = 1u << fs->log_bsize;
	fs->blocks = s->s_blocks_count;
	fs->first_data = s->s_first_data_block;
	if (fs->first_data != (fs->bsize == 1024 ? 1u : 0u))
		return refuse(fs, -EUCLEAN, "superblock: wrong first data block", fs->first_data);
	if ((uint64_t)fs->blocks << fs->log_bsize > fs->io->dev_bytes)
		return refuse(fs, -EUCLEAN, "superblock: the file system is larger than the device", fs->blocks);
	fs->bpg = s->s_blocks_per_group;
	fs->ipg = s->s_inodes_per_group;
	if (fs->bpg == 0 || fs->bpg > 8 * fs->bsize || fs->bpg % 8)
		return refuse(fs, -EUCLEAN, "superblock: bad blocks per group", fs->bpg);
	if (fs->blocks <= fs->first_data + 2)
		return refuse(fs, -EUCLEAN, "superblock: too few blocks", fs->blocks);
	fs->groups = (fs->blocks - fs->first_data + fs->bpg - 1) / fs->bpg;
	fs->inode_size = s->s_inode_size;
	if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE || fs->inode_size > fs->bsize ||
	    (fs->inode_size & (fs->inode_size - 1)))
		return refuse(fs, -EUCLEAN, "superblock: bad inode size", fs->inode_size);
	fs->inodes_per_block = fs->bsize / fs->inode_size;
	if (fs->ipg == 0 || fs->ipg > 8 * fs->bsize || fs->ipg % fs->inodes_per_block)
		return refuse(fs, -EUCLEAN, "superblock: bad inodes per group", fs->ipg);
	fs->itb_per_group = fs->ipg / fs->inodes_per_block;
	if ((uint64_t)fs->ipg * fs->groups != s->s_inodes_count)
		return refuse(fs, -EUCLEAN, "superblock: inode count is not groups * inodes per group", s->s_inodes_count);
	fs->inodes = s->s_inodes_count;
	fs->first_ino = s->s_first_ino;
	if (fs->first_ino <= EXT2_RESIZE_INO || fs->first_ino >= fs->inodes)
		return refuse(fs, -EUCLEAN, "superblock: bad first inode", fs->first_ino);
	fs->desc_per_block = fs->bsize / sizeof(struct ext2_group_desc);
	fs->gdt_blocks = (fs->groups + fs->desc_per_block - 1) / fs->desc_per_block;
	fs->reserved_gdt = (s->s_feature_compat & 0x0010) ? s->s_reserved_gdt_blocks : 0;   /* resize_inode */
	if (fs->reserved_gdt > fs->bsize / 4)
		return refuse(fs, -EUCLEAN, "superblock: too many reserved descriptor blocks", fs->reserved_gdt);
	fs->addr_per_block = fs->bsize / 4;
	fs->log_addr = (uint8_t)(fs->log_bsize - 2);
	uint64_t apb = fs->addr_per_block, reach = EXT2_NDIR + apb + apb * apb + apb * apb * apb;
	fs->reach = reach > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)reach;
	fs->filetype = !!(s->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
	fs->sparse_super = !!(s->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER);
	fs->large_file = !!(s->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	fs->want_extra_isize = 0;
	if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE) {
		/* s_want_extra_isize (offset 0x15E): what mke2fs gives each inode it makes */
		const uint8_t *raw = (const uint8_t *)s;
		uint16_t want = (uint16_t)(raw[0x15E] | raw[0x15F] << 8);
		if (want >= 4 && want <= fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE && !(want & 3))
			fs->want_extra_isize = want;
	}
	fs->readonly = (flags & EXT2_MOUNT_RDONLY) != 0;
	if (s->s_feature_ro_compat & ~EXT2_RO_COMPAT_KNOWN) {
		fs->readonly = 1;
		fs->why = "unknown read-only-compatible feature: mounted read-only";
		fs->why_num = s->s_feature_ro_compat & ~EXT2_RO_COMPAT_KNOWN;
	}
	return 0;
}

/* Each group's bitmaps and inode table inside the group, clear of its superblock copy; counts in range. */
static int check_groups(struct ext2_fs *fs)
{
	uint64_t free_blocks = 0, free_inodes = 0;
	if (fs->first_data + 1 + fs->gdt_blocks + fs->reserved_gdt > fs->blocks)
		return refuse(fs, -EUCLEAN, "superblock: the descriptor table runs past the disk", fs->gdt_blocks);
	for (uint32_t g = 0; g < fs->groups; g++) {
		struct ext2_group_desc *gd;
		struct ext2_buf *b;
		int err = e2_gd_get(fs, g, &gd, &b);
		if (err)
			return refuse(fs, err, "cannot read a group descriptor", g);
		uint32_t start = fs->first_data + g * fs->bpg;
		uint32_t end = fs->blocks - start < fs->bpg ? fs->blocks : start + fs->bpg;
		uint32_t meta = start + group_meta_blocks(fs, g);
		uint32_t bb = gd->bg_block_bitmap, ib = gd->bg_inode_bitmap, it = gd->bg_inode_table;
		const char *bad = NULL;
		if (meta >= end)
			bad = "group descriptor: the group is too small for its metadata";
		else if (bb < meta || bb >= end)
			bad = "group descriptor: block bitmap outside its group";
		else if (ib < meta || ib >= end || ib == bb)
			bad = "group descriptor: inode bitmap outside its group";
		else if (it < meta || it > end || end - it < fs->itb_per_group ||
			 (bb >= it && bb - it < fs->itb_per_group) || (ib >= it && ib - it < fs->itb_per_group))
			bad = "group descriptor: inode table outside its group or over a bitmap";
		else if (gd->bg_free_blocks_count > end - start || gd->bg_free_inodes_count > fs->ipg ||
			 gd->bg_used_dirs_count > fs->ipg)
			bad = "group descriptor: free or directory count larger than the group";
		free_blocks += gd->bg_free_blocks_count;
		free_inodes += gd->bg_free_inodes_count;
		e2_put(fs, b);
		if (bad)
			return refuse(fs, -EUCLEAN, bad, g);
	}
	/* Linux counts the free blocks and inodes from the descriptors at mount; so do we. */
	if (fs->sb.s_free_blocks_count != free_blocks || fs->sb.s_free_inodes_count != free_inodes) {
		fs->sb.s_free_blocks_count = (uint32_t)free_blocks;
		fs->sb.s_free_inodes_count = (uint32_t)free_inodes;
		fs->sb_dirty = 1;
	}
	return 0;
}

int ext2_mount(struct ext2_fs *fs, const struct ext2_blockio *io, ext2_clock_fn clock, void *clock_ctx,
	       unsigned flags)
{
	e2_memset(fs, 0, sizeof *fs);
	fs->io = io;
	fs->clock = clock;
	fs->clock_ctx = clock_ctx;
	int err = read_super(fs);
	if (!err)
		err = check_super(fs, flags);
	if (!err && (err = io->set_block_size(io->ctx, fs->bsize)) != 0)
		return refuse(fs, err, "the block cache refused the block size", fs->bsize);
	if (!err)
		err = check_groups(fs);
	if (err)
		return err;
	struct ext2_inode *root;
	struct ext2_buf *b;
	err = e2_iget(fs, EXT2_ROOT_INO, &root, &b);
	if (err)
		return refuse(fs, err, "cannot read the root directory's inode", EXT2_ROOT_INO);
	int isdir = e2_isdir(root->i_mode) && root->i_links_count >= 2;
	e2_put(fs, b);
	if (!isdir)
		return refuse(fs, -EUCLEAN, "the root inode is not a directory", EXT2_ROOT_INO);
	if (!fs->readonly) {
		fs->sb.s_mtime = e2_now(fs);
		fs->sb.s_mnt_count++;
		fs->sb_dirty = 1;
	}
	return 0;
}

int ext2_sync(struct ext2_fs *fs)
{
	if (fs->readonly)
		return 0;
	if (fs->sb_dirty) {
		struct ext2_buf *b;
		int err = e2_get(fs, EXT2_SUPER_OFFSET >> fs->log_bsize, &b);
		if (err)
			return err;
		fs->sb.s_wtime = e2_now(fs);
		e2_memcpy(b->data + (EXT2_SUPER_OFFSET & (fs->bsize - 1)), &fs->sb, EXT2_SUPER_SIZE);
		e2_dirty(fs, b);
		e2_put(fs, b);
		fs->sb_dirty = 0;
	}
	return fs->io->sync(fs->io->ctx);
}
