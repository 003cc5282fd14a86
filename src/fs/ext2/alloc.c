/*
 * Block and inode allocation: one bitmap block per group, and the free
 * counts kept exact in three places (bitmap, group descriptor, superblock),
 * as e2fsck's pass 5 checks them. A descriptor that promises a free bit its
 * bitmap does not have, a bitmap that offers metadata, or a free of a block
 * already free (two files sharing a block) is corruption: -EUCLEAN.
 */
#include "fs/ext2/ext2_int.h"

/* The first clear bit from `from` up to below n in a bitmap block, or n. */
static uint32_t find_clear(const uint8_t *map, uint32_t from, uint32_t n)
{
	for (uint32_t i = from; i < n; i++) {
		if (map[i >> 3] == 0xFF) {
			i |= 7;
			continue;
		}
		if (!(map[i >> 3] & (1u << (i & 7))))
			return i;
	}
	return n;
}

static uint32_t group_block_count(struct ext2_fs *fs, uint32_t g)
{
	uint32_t start = fs->first_data + g * fs->bpg;
	return fs->blocks - start < fs->bpg ? fs->blocks - start : fs->bpg;
}

/*
 * Take the first clear bit of a block (inode = 0) or inode (inode = 1)
 * bitmap, in group g0 or the next with room: the block or inode number in
 * *num and its buffer pinned in *item (an inode: *in inside it), counted
 * used in the bitmap, the descriptor and the superblock (and one directory
 * more). The caller fills the item and puts it. A bit the descriptor
 * promises but the bitmap lacks, or one naming metadata, is corruption.
 */
static int take_bit(struct ext2_fs *fs, uint32_t g0, int inode, int dir, uint32_t *num, struct ext2_buf **item,
		    struct ext2_inode **in)
{
	for (uint32_t i = 0; i < fs->groups; i++) {
		uint32_t g = (g0 + i) % fs->groups;
		struct ext2_group_desc *gd;
		struct ext2_buf *gb, *mb;
		int err = e2_gd_get(fs, g, &gd, &gb);
		if (err)
			return err;
		if ((inode ? gd->bg_free_inodes_count : gd->bg_free_blocks_count) == 0) {
			e2_put(fs, gb);
			continue;
		}
		err = e2_get(fs, inode ? gd->bg_inode_bitmap : gd->bg_block_bitmap, &mb);
		if (err) {
			e2_put(fs, gb);
			return err;
		}
		uint32_t n = inode ? fs->ipg : group_block_count(fs, g);
		uint32_t from = fs->free_hint[inode].valid && fs->free_hint[inode].group == g ? fs->free_hint[inode].below : 0;
		uint32_t bit = find_clear(mb->data, from, n);
		uint32_t v = inode ? g * fs->ipg + bit + 1 : fs->first_data + g * fs->bpg + bit;
		if (bit == n || (inode ? v < fs->first_ino : !e2_data_ok(fs, v)))
			err = e2_corrupt(fs, bit == n ? (inode ? "inode bitmap full but its group counts free inodes"
							      : "block bitmap full but its group counts free blocks")
						      : (inode ? "inode bitmap offers a reserved inode"
							       : "block bitmap offers a metadata block"), g);
		else
			err = inode ? e2_iget(fs, v, in, item) : e2_get(fs, v, item);
		if (!err) {
			mb->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
			e2_dirty(fs, mb);
			fs->free_hint[inode].group = g;
			fs->free_hint[inode].below = bit + 1;
			fs->free_hint[inode].valid = 1;
			if (inode) {
				gd->bg_free_inodes_count--;
				fs->sb.s_free_inodes_count--;
				if (dir)
					gd->bg_used_dirs_count++;
			} else {
				gd->bg_free_blocks_count--;
				fs->sb.s_free_blocks_count--;
			}
			e2_dirty(fs, gb);
			fs->sb_dirty = 1;
			*num = v;
		}
		e2_put(fs, mb);
		e2_put(fs, gb);
		return err;
	}
	return e2_corrupt(fs, inode ? "the superblock counts free inodes no group has"
				    : "the superblock counts free blocks no group has",
			  inode ? fs->sb.s_free_inodes_count : fs->sb.s_free_blocks_count);
}

/* Take a block, in goal's group or the next with room; the block comes zeroed. */
int e2_block_alloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
	if (fs->sb.s_free_blocks_count == 0)
		return -ENOSPC;
	uint32_t g0 = goal >= fs->first_data && goal < fs->blocks ? (goal - fs->first_data) / fs->bpg : 0;
	struct ext2_buf *nb;
	int err = take_bit(fs, g0, 0, 0, blk, &nb, NULL);
	if (err)
		return err;
	e2_memset(nb->data, 0, fs->bsize);
	e2_dirty(fs, nb);
	e2_put(fs, nb);
	return 0;
}

/*
 * Give back bit `bit` of group g's block bitmap (inode = 0) or inode bitmap
 * (inode = 1): clear it, count it free in the descriptor and the superblock
 * (and one directory less). A bit already clear is corruption, named `twice`.
 */
static int release_bit(struct ext2_fs *fs, uint32_t g, uint32_t bit, int inode, int dir, const char *twice,
		       uint32_t num)
{
	struct ext2_group_desc *gd;
	struct ext2_buf *gb, *mb;
	int err = e2_gd_get(fs, g, &gd, &gb);
	if (err)
		return err;
	err = e2_get(fs, inode ? gd->bg_inode_bitmap : gd->bg_block_bitmap, &mb);
	if (!err) {
		if (!(mb->data[bit >> 3] & (1u << (bit & 7)))) {
			err = e2_corrupt(fs, twice, num);
		} else {
			mb->data[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
			e2_dirty(fs, mb);
			if (fs->free_hint[inode].group == g && bit < fs->free_hint[inode].below)
				fs->free_hint[inode].below = bit;
			if (inode) {
				gd->bg_free_inodes_count++;
				fs->sb.s_free_inodes_count++;
				if (dir && gd->bg_used_dirs_count)
					gd->bg_used_dirs_count--;
			} else {
				gd->bg_free_blocks_count++;
				fs->sb.s_free_blocks_count++;
			}
			e2_dirty(fs, gb);
			fs->sb_dirty = 1;
		}
		e2_put(fs, mb);
	}
	e2_put(fs, gb);
	return err;
}

int e2_block_free(struct ext2_fs *fs, uint32_t blk)
{
	if (!e2_data_ok(fs, blk))
		return e2_corrupt(fs, "freeing a block outside the data area", blk);
	return release_bit(fs, (blk - fs->first_data) / fs->bpg, (blk - fs->first_data) % fs->bpg, 0, 0,
			   "freeing a free block (shared by two files?)", blk);
}

/* Take an inode (a directory's in the parent's group or the next with room), zeroed. */
int e2_inode_alloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino)
{
	if (fs->sb.s_free_inodes_count == 0)
		return -ENOSPC;
	uint32_t g0 = parent >= 1 && parent <= fs->inodes ? (parent - 1) / fs->ipg : 0;
	struct ext2_inode *in;
	struct ext2_buf *ib;
	int err = take_bit(fs, g0, 1, dir, ino, &ib, &in);
	if (err)
		return err;
	uint32_t gen = in->i_generation;
	e2_memset(in, 0, fs->inode_size);
	in->i_generation = gen + 1;
	if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE)
		in->i_extra_isize = fs->want_extra_isize;
	e2_dirty(fs, ib);
	e2_put(fs, ib);
	return 0;
}

int e2_inode_free(struct ext2_fs *fs, uint32_t ino, int dir)
{
	if (ino < fs->first_ino || ino > fs->inodes)
		return e2_corrupt(fs, "freeing a reserved or out-of-range inode", ino);
	return release_bit(fs, (ino - 1) / fs->ipg, (ino - 1) % fs->ipg, 1, dir, "freeing a free inode", ino);
}
