/*
 * The initrd: a ustar archive passed as the first multiboot module. Parsing
 * is pure C (host-tested); the kernel keeps one archive.
 */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H

#include <stdint.h>
#include <stdbool.h>

struct ustar_entry {
	char name[101];
	const void *data;
	uint32_t size;
	bool is_dir;
};

/*
 * Entry number `index` of the archive (skipping nothing), or false at the end
 * or at the first malformed header (bad checksum, size past the end).
 * Leading "./" is stripped from names.
 */
bool ustar_entry_at(const void *archive, uint32_t len, uint32_t *offset, struct ustar_entry *out);
/* A name asked for against an archive's entry name: leading '/' ignored, "dir/" matches "dir". */
bool ustar_name_eq(const char *want, const char *entry);
/* Find an entry (file or directory: see is_dir) by name. */
bool ustar_find(const void *archive, uint32_t len, const char *name, struct ustar_entry *out);

void initrd_init(const void *archive, uint32_t len);
bool initrd_find(const char *name, struct ustar_entry *out);
/* Iterate: *offset starts at 0. */
bool initrd_next(uint32_t *offset, struct ustar_entry *out);

#endif
