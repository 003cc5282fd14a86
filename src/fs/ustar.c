/* Pure C ustar reader. */
#include "fs/initrd.h"
#include <stddef.h>

#define USTAR_BLOCK 512u
#define USTAR_NAME_LEN 100
#define USTAR_SIZE_OFF 124
#define USTAR_CHKSUM_OFF 148
#define USTAR_TYPE_OFF 156
#define USTAR_MAGIC_OFF 257
#define USTAR_PREFIX_OFF 345
#define USTAR_PREFIX_LEN 155
#define USTAR_TYPE_FILE '0'
#define USTAR_TYPE_FILE_OLD '\0'
#define USTAR_TYPE_DIR '5'

static bool parse_octal(const unsigned char *s, unsigned n, uint32_t *out)
{
	uint64_t v = 0;
	unsigned i = 0;
	while (i < n && s[i] == ' ')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '7'; i++) {
		v = v * 8 + (s[i] - '0');
		if (v > UINT32_MAX)
			return false;
	}
	for (; i < n; i++)
		if (s[i] != ' ' && s[i] != '\0')
			return false;
	*out = (uint32_t)v;
	return true;
}

static bool checksum_ok(const unsigned char *h)
{
	uint32_t want;
	if (!parse_octal(h + USTAR_CHKSUM_OFF, 8, &want))
		return false;
	uint32_t sum = 0;
	for (unsigned i = 0; i < USTAR_BLOCK; i++)
		sum += (i >= USTAR_CHKSUM_OFF && i < USTAR_CHKSUM_OFF + 8) ? ' ' : h[i];
	return sum == want;
}

static bool all_zero(const unsigned char *h)
{
	for (unsigned i = 0; i < USTAR_BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

bool ustar_entry_at(const void *archive, uint32_t len, uint32_t *offset, struct ustar_entry *out)
{
	const unsigned char *base = archive;
	uint32_t off = *offset;
	if (off > len || len - off < USTAR_BLOCK)
		return false;
	const unsigned char *h = base + off;
	if (all_zero(h) || !checksum_ok(h))
		return false;
	uint32_t size;
	if (!parse_octal(h + USTAR_SIZE_OFF, 12, &size))
		return false;
	if (size > len - off - USTAR_BLOCK)
		return false;
	/* Name: prefix "/" name, without a leading "./". Overlong names are cut. */
	unsigned n = 0;
	bool ustar = h[USTAR_MAGIC_OFF] == 'u' && h[USTAR_MAGIC_OFF + 1] == 's';
	if (ustar && h[USTAR_PREFIX_OFF]) {
		for (unsigned i = 0; i < USTAR_PREFIX_LEN && h[USTAR_PREFIX_OFF + i] && n < sizeof out->name - 2; i++)
			out->name[n++] = (char)h[USTAR_PREFIX_OFF + i];
		out->name[n++] = '/';
	}
	for (unsigned i = 0; i < USTAR_NAME_LEN && h[i] && n < sizeof out->name - 1; i++)
		out->name[n++] = (char)h[i];
	out->name[n] = '\0';
	unsigned skip = 0;
	while (out->name[skip] == '.' && out->name[skip + 1] == '/')
		skip += 2;
	if (skip) {
		unsigned i = 0;
		do
			out->name[i] = out->name[i + skip];
		while (out->name[i++]);
	}
	char type = (char)h[USTAR_TYPE_OFF];
	out->is_dir = type == USTAR_TYPE_DIR;
	out->data = h + USTAR_BLOCK;
	out->size = size;
	uint32_t blocks = (size + USTAR_BLOCK - 1) / USTAR_BLOCK;
	*offset = off + USTAR_BLOCK + blocks * USTAR_BLOCK;
	if (*offset > len)
		*offset = len;
	return true;
}

bool ustar_name_eq(const char *a, const char *b)
{
	while (*a == '/')
		a++;
	while (*a && *a == *b)
		a++, b++;
	/* "dir/" in the archive matches "dir". */
	return (*a == '\0' && *b == '\0') || (*a == '\0' && b[0] == '/' && b[1] == '\0');
}

bool ustar_find(const void *archive, uint32_t len, const char *name, struct ustar_entry *out)
{
	uint32_t off = 0;
	while (ustar_entry_at(archive, len, &off, out))
		if (ustar_name_eq(name, out->name))
			return true;
	return false;
}
