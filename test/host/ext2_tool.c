/*
 * ext2_tool IMAGE OP [ARGS] [OP [ARGS]]...: the ext2 library on an image
 * file, for test/suite_ext2.py, which checks what it did with e2fsck and
 * debugfs. The image is read whole, changed in memory and written back after
 * the last operation (and a sync). Ops:
 *   ls PATH | cat PATH | stat PATH | readlink PATH | tree (every regular
 *   file: "path size crc32") | put PATH HOSTFILE [OFFSET] (create if
 *   missing) | create PATH | mkdir PATH | rm PATH | rmdir PATH | mv A B |
 *   ln A B | symlink TARGET PATH | truncate PATH SIZE | fill (4 KiB files
 *   /fill/N until the disk is full; prints how many) | fillinodes (empty
 *   files until no inode is left)
 * An op that fails prints "error: OP: -N (what ext2 said)" and the tool
 * exits 1 (2 for a refused mount), after writing back what was done.
 */
#include "ext2_host.h"

static struct ext2_fs fs;
static uint8_t chunk[65536];

/* Split "/a/b/c" into the parent's inode and the last name. */
static int parent_of(const char *path, uint32_t *dir, const char **name, uint32_t *len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return -ENOENT;
	*name = slash + 1;
	*len = (uint32_t)strlen(slash + 1);
	return ext2_namei(&fs, path, slash == path ? 1 : (uint32_t)(slash - path), dir);
}

static int resolve(const char *path, uint32_t *ino)
{
	return ext2_namei(&fs, path, (uint32_t)strlen(path), ino);
}

/* CRC-32 as zlib's (Python's zlib.crc32 checks it); h starts and ends inverted. */
static uint32_t crc_add(uint32_t h, const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	while (n--)
		h = table[(h ^ *p++) & 0xFF] ^ (h >> 8);
	return h;
}

static int tree(const char *path, uint32_t dir, int depth)
{
	uint64_t cursor = 0;
	struct ext2_dirent_info de;
	int r;
	if (depth > 64)
		return -ELOOP;
	while ((r = ext2_readdir(&fs, dir, &cursor, &de)) == 1) {
		if (!strcmp(de.name, ".") || !strcmp(de.name, ".."))
			continue;
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", path, de.name);
		struct ext2_stat st;
		int err = ext2_stat(&fs, de.ino, &st);
		if (err)
			return err;
		if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFDIR) {
			err = tree(sub, de.ino, depth + 1);
			if (err)
				return err;
		} else if ((st.mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
			uint32_t h = 0xFFFFFFFFu;
			uint64_t off = 0;
			long n;
			while ((n = ext2_read(&fs, de.ino, off, chunk, sizeof chunk)) > 0) {
				h = crc_add(h, chunk, (size_t)n);
				off += (uint64_t)n;
			}
			if (n < 0)
				return (int)n;
			printf("%s %llu %08x\n", sub, (unsigned long long)off, h ^ 0xFFFFFFFFu);
		}
	}
	return r;
}

static int op_put(const char *path, const char *host, uint64_t off)
{
	uint32_t ino, dir, len;
	const char *name;
	int err = resolve(path, &ino);
	if (err == -ENOENT && (err = parent_of(path, &dir, &name, &len)) == 0)
		err = ext2_create(&fs, dir, name, len, 0644, &ino);
	if (err)
		return err;
	FILE *f = fopen(host, "rb");
	if (!f)
		return -ENOENT;
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		long w = ext2_write(&fs, ino, off, chunk, (uint32_t)n);
		if (w < 0 || (size_t)w != n) {
			fclose(f);
			return w < 0 ? (int)w : -EIO;
		}
		off += n;
	}
	fclose(f);
	return 0;
}

static int op_fill(int inodes_only)
{
	uint32_t dir, ino;
	int err = resolve("/fill", &dir);
	if (err == -ENOENT)
		err = ext2_mkdir(&fs, EXT2_ROOT_INO, "fill", 4, 0755, &dir);
	if (err)
		return err;
	memset(chunk, 0xA5, 4096);
	for (unsigned i = 0;; i++) {
		char name[32];
		snprintf(name, sizeof name, "f%u", i);
		err = ext2_create(&fs, dir, name, (uint32_t)strlen(name), 0644, &ino);
		if (!err && !inodes_only) {
			long w = ext2_write(&fs, ino, 0, chunk, 4096);
			err = w < 0 ? (int)w : 0;
		}
		if (err) {
			printf("filled %u\n", i);
			return err;
		}
	}
}

static int run(char **a, int *used)
{
	const char *op = a[0];
	uint32_t ino, dir, dir2, len, len2;
	const char *name, *name2;
	int err;
	*used = 2;
	if (!strcmp(op, "tree")) {
		*used = 1;
		return tree("", EXT2_ROOT_INO, 0);
	}
	if (!strcmp(op, "fill") || !strcmp(op, "fillinodes")) {
		*used = 1;
		return op_fill(op[4] == 'i');
	}
	if (!a[1])
		return -EINVAL;
	if (!strcmp(op, "ls")) {
		uint64_t cursor = 0;
		struct ext2_dirent_info de;
		int r;
		if ((err = resolve(a[1], &dir)) != 0)
			return err;
		while ((r = ext2_readdir(&fs, dir, &cursor, &de)) == 1)
			printf("%s %u %u\n", de.name, de.ino, de.type);
		return r;
	}
	if (!strcmp(op, "cat")) {
		uint64_t off = 0;
		long n;
		if ((err = resolve(a[1], &ino)) != 0)
			return err;
		while ((n = ext2_read(&fs, ino, off, chunk, sizeof chunk)) > 0) {
			fwrite(chunk, 1, (size_t)n, stdout);
			off += (uint64_t)n;
		}
		return n < 0 ? (int)n : 0;
	}
	if (!strcmp(op, "stat")) {
		struct ext2_stat st;
		if ((err = resolve(a[1], &ino)) != 0 || (err = ext2_stat(&fs, ino, &st)) != 0)
			return err;
		printf("ino %u mode %o links %u size %llu blocks %u mtime %u\n", st.ino, st.mode, st.links,
		       (unsigned long long)st.size, st.blocks, st.mtime);
		return 0;
	}
	if (!strcmp(op, "readlink")) {
		char target[4096];
		if ((err = resolve(a[1], &ino)) != 0)
			return err;
		long n = ext2_readlink(&fs, ino, target, sizeof target);
		if (n < 0)
			return (int)n;
		printf("%.*s\n", (int)n, target);
		return 0;
	}
	if (!strcmp(op, "create") || !strcmp(op, "mkdir") || !strcmp(op, "rm") || !strcmp(op, "rmdir")) {
		if ((err = parent_of(a[1], &dir, &name, &len)) != 0)
			return err;
		switch (op[1]) {
		case 'r': return ext2_create(&fs, dir, name, len, 0644, &ino);
		case 'k': return ext2_mkdir(&fs, dir, name, len, 0755, &ino);
		case 'm': return op[2] ? ext2_rmdir(&fs, dir, name, len) : ext2_unlink(&fs, dir, name, len);
		}
	}
	if (!a[2])
		return -EINVAL;
	*used = 3;
	if (!strcmp(op, "put")) {
		uint64_t off = 0;
		if (a[3] && strspn(a[3], "0123456789") == strlen(a[3]) && a[3][0]) {
			off = strtoull(a[3], NULL, 10);
			*used = 4;
		}
		return op_put(a[1], a[2], off);
	}
	if (!strcmp(op, "truncate")) {
		if ((err = resolve(a[1], &ino)) != 0)
			return err;
		return ext2_truncate(&fs, ino, strtoull(a[2], NULL, 10));
	}
	if (!strcmp(op, "mv") || !strcmp(op, "ln")) {
		if ((err = parent_of(a[1], &dir, &name, &len)) != 0 || (err = parent_of(a[2], &dir2, &name2, &len2)) != 0)
			return err;
		if (op[0] == 'm')
			return ext2_rename(&fs, dir, name, len, dir2, name2, len2);
		if ((err = resolve(a[1], &ino)) != 0)
			return err;
		return ext2_link(&fs, ino, dir2, name2, len2);
	}
	if (!strcmp(op, "symlink")) {
		if ((err = parent_of(a[2], &dir, &name, &len)) != 0)
			return err;
		return ext2_symlink(&fs, dir, name, len, a[1], (uint32_t)strlen(a[1]), &ino);
	}
	*used = 1;
	return -ENOSYS;
}

static uint32_t fixed_clock(void *ctx)
{
	(void)ctx;
	return 1700000000u;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ext2_tool IMAGE OP [ARGS]...\n");
		return 2;
	}
	size_t bytes;
	uint8_t *img = host_read_file(argv[1], &bytes);
	static struct host_disk d;
	if (!img || host_disk_init(&d, img, bytes) != 0) {
		fprintf(stderr, "ext2_tool: cannot read %s\n", argv[1]);
		return 2;
	}
	int err = ext2_mount(&fs, &d.cache.io, fixed_clock, NULL, 0);
	if (err) {
		printf("mount refused: %d (%s, %u)\n", err, ext2_error(&fs), fs.why_num);
		return 2;
	}
	if (fs.why)
		printf("mount: %s\n", ext2_error(&fs));
	int status = 0;
	for (int i = 2; i < argc && !status;) {
		int used;
		err = run(argv + i, &used);
		if (err) {
			printf("error: %s: %d (%s)\n", argv[i], err, err == -EUCLEAN ? ext2_error(&fs) : "");
			status = 1;
		}
		i += used;
	}
	fflush(stdout);
	err = ext2_sync(&fs);
	if (err) {
		printf("error: sync: %d\n", err);
		status = 1;
	}
	if (!fs.readonly) {
		FILE *f = fopen(argv[1], "r+b");
		if (!f || fwrite(img, 1, bytes, f) != bytes || fclose(f) != 0) {
			fprintf(stderr, "ext2_tool: cannot write %s back\n", argv[1]);
			return 2;
		}
	}
	free(img);
	return status;
}
