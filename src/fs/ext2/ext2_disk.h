/*
 * ext2's on-disk layout (revision 1), as Linux's mke2fs writes it. Every
 * field is little-endian; IA-32 and the host are too, so the structs are read
 * in place. Only the fields this driver uses are named; the rest is padding
 * that keeps the offsets (checked below) right.
 */
#ifndef FS_EXT2_DISK_H
#define FS_EXT2_DISK_H

#include <stdint.h>
#include <stddef.h>

#define EXT2_SUPER_OFFSET   1024    /* bytes from the start of the device */
#define EXT2_SUPER_SIZE     1024
#define EXT2_MAGIC          0xEF53
#define EXT2_ROOT_INO       2
#define EXT2_RESIZE_INO     7
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR           12      /* direct block pointers in i_block */
#define EXT2_IND            12      /* i_block[12]: single indirect */
#define EXT2_DIND           13      /* double indirect */
#define EXT2_TIND           14      /* triple indirect */
#define EXT2_N_BLOCKS       15
#define EXT2_LINK_MAX       32000   /* Linux's ext2 limit on i_links_count */
#define EXT2_NAME_LEN       255
#define EXT2_FAST_SYMLINK_MAX 59    /* a target this long fits in i_block with its NUL */

/* s_state */
#define EXT2_VALID_FS       0x0001  /* cleanly unmounted */
#define EXT2_ERROR_FS       0x0002  /* errors detected */

/* s_feature_compat: none changes how the disk is read */
#define EXT2_FEATURE_COMPAT_DIR_INDEX     0x0020
/* s_feature_ro_compat: the ones this driver writes correctly */
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE   0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR    0x0004
#define EXT2_RO_COMPAT_KNOWN (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE | \
                              EXT2_FEATURE_RO_COMPAT_BTREE_DIR)
/* s_feature_incompat: only the directory entry's file type byte is understood */
#define EXT2_FEATURE_INCOMPAT_FILETYPE    0x0002
#define EXT2_INCOMPAT_KNOWN EXT2_FEATURE_INCOMPAT_FILETYPE

/* i_mode */
#define EXT2_S_IFMT   0xF000
#define EXT2_MODE_PERMS 07777     /* permission, set-id and sticky bits: what chmod sets */
#define EXT2_S_IFSOCK 0xC000
#define EXT2_S_IFLNK  0xA000
#define EXT2_S_IFREG  0x8000
#define EXT2_S_IFBLK  0x6000
#define EXT2_S_IFDIR  0x4000
#define EXT2_S_IFCHR  0x2000
#define EXT2_S_IFIFO  0x1000

/* i_flags */
#define EXT2_INDEX_FL 0x00001000    /* hashed (htree) directory */

/* Directory entry file types (with INCOMPAT_FILETYPE) */
#define EXT2_FT_UNKNOWN  0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR      2
#define EXT2_FT_CHRDEV   3
#define EXT2_FT_BLKDEV   4
#define EXT2_FT_FIFO     5
#define EXT2_FT_SOCK     6
#define EXT2_FT_SYMLINK  7

/* An extended attribute block starts with this header (Linux fs/ext2/xattr.h). */
#define EXT2_XATTR_MAGIC 0xEA020000u

struct ext2_super {
	uint32_t s_inodes_count;        /* 0x00 */
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;   /* 0x10 */
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;    /* 0x20 */
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;               /* 0x30 */
	uint16_t s_mnt_count;
	uint16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;           /* 0x40 */
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;          /* 0x50 */
	uint16_t s_def_resgid;
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;    /* 0x60 */
	uint32_t s_feature_ro_compat;
	uint8_t  s_uuid[16];
	char     s_volume_name[16];     /* 0x78 */
	char     s_last_mounted[64];    /* 0x88 */
	uint32_t s_algorithm_usage_bitmap; /* 0xC8 */
	uint8_t  s_prealloc_blocks;
	uint8_t  s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks; /* 0xCE */
	uint8_t  s_rest[EXT2_SUPER_SIZE - 0xD0];
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint8_t  bg_reserved[12];
};

struct ext2_inode {
	uint16_t i_mode;                /* 0x00 */
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;               /* 0x10 */
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;              /* 512-byte units, indirect and xattr blocks included */
	uint32_t i_flags;               /* 0x20 */
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS]; /* 0x28 */
	uint32_t i_generation;          /* 0x64 */
	uint32_t i_file_acl;            /* 0x68: extended attribute block */
	uint32_t i_size_high;           /* 0x6C: i_dir_acl in revision 0 */
	uint32_t i_faddr;               /* 0x70 */
	uint8_t  i_osd2[12];
	/* 256-byte inodes go on here: */
	uint16_t i_extra_isize;         /* 0x80 */
	uint16_t i_checksum_hi;
};

struct ext2_dirent {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t  name_len;
	uint8_t  file_type;             /* high byte of name_len without INCOMPAT_FILETYPE */
	char     name[];
};
#define EXT2_DIRENT_HEADER 8
/* The space an entry with a name of n bytes needs: header and name, rounded to 4. */
#define EXT2_DIRENT_LEN(n) ((EXT2_DIRENT_HEADER + (uint32_t)(n) + 3u) & ~3u)

_Static_assert(sizeof(struct ext2_super) == EXT2_SUPER_SIZE, "superblock is 1024 bytes");
_Static_assert(offsetof(struct ext2_super, s_reserved_gdt_blocks) == 0xCE, "s_reserved_gdt_blocks");
_Static_assert(offsetof(struct ext2_super, s_first_ino) == 0x54, "s_first_ino");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor is 32 bytes");
_Static_assert(offsetof(struct ext2_inode, i_block) == 0x28, "i_block");
_Static_assert(offsetof(struct ext2_inode, i_size_high) == 0x6C, "i_size_high");
_Static_assert(offsetof(struct ext2_inode, i_extra_isize) == EXT2_GOOD_OLD_INODE_SIZE, "i_extra_isize");
_Static_assert(sizeof(struct ext2_dirent) == EXT2_DIRENT_HEADER, "directory entry header");

#endif
