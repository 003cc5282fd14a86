/* Pure C: host-tested. */
#include "kernel/cmdline.h"

static size_t word_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

const char *cmdline_find(const char *line, const char *key, size_t *len)
{
	size_t klen = 0;
	while (key[klen])
		klen++;
	const char *p = line;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t w = word_len(p);
		if (w >= klen) {
			size_t i = 0;
			while (i < klen && p[i] == key[i])
				i++;
			if (i == klen && (w == klen || p[klen] == '=')) {
				const char *v = w == klen ? p + w : p + klen + 1;
				*len = w == klen ? 0 : w - klen - 1;
				return v;
			}
		}
		p += w;
	}
	return NULL;
}

bool list_contains(const char *list, const char *item)
{
	size_t ilen = 0;
	while (item[ilen])
		ilen++;
	const char *p = list;
	while (*p) {
		size_t n = 0;
		while (p[n] && p[n] != ',')
			n++;
		if (n == ilen) {
			size_t i = 0;
			while (i < n && p[i] == item[i])
				i++;
			if (i == n)
				return true;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}
