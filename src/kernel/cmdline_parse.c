/* Pure C: host-tested. */
#include "kernel/cmdline.h"
#include "kernel/cmdline_options.h"

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

/* The message being built: appended to, always terminated, cut at the end of buf. */
struct msg {
	char *buf;
	size_t size, len;
};

static void put(struct msg *m, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++)
		if (m->len + 1 < m->size)
			m->buf[m->len++] = s[i];
	if (m->size)
		m->buf[m->len] = '\0';
}

/* Do a and b agree in their first n characters? */
static bool same_prefix(const char *a, const char *b, size_t n)
{
	size_t i = 0;
	while (i < n && a[i] == b[i])
		i++;
	return i == n;
}

/* Is s[0..n) exactly the string name? */
static bool same(const char *name, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name[i] != s[i])
			return false;
	return !name[n];
}

static void puts_(struct msg *m, const char *s) { put(m, s, (size_t)-1); }

static const struct option {
	const char *name;
	enum cmdline_kind kind;
	const char *values;
} options[] = {
#define CMDLINE_OPTION(name, kind, values) { #name, kind, values },
	CMDLINE_OPTIONS(CMDLINE_OPTION)
#undef CMDLINE_OPTION
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* Is s[0..n) one of the items of list (each followed by `sep`)? */
static bool in_list(const char *list, char sep, const char *s, size_t n)
{
	for (const char *p = list; *p;) {
		size_t k = 0;
		while (p[k] && p[k] != sep)
			k++;
		if (k == n && n && same_prefix(p, s, n))
			return true;
		p += k + (p[k] == sep);
	}
	return false;
}

/* "; accepted: a b c": the items of list (each followed by sep), space-separated. */
static void put_accepted(struct msg *m, const char *list, char sep)
{
	puts_(m, "; accepted:");
	for (const char *p = list; *p;) {
		size_t k = 0;
		while (p[k] && p[k] != sep)
			k++;
		if (k) {
			puts_(m, " ");
			put(m, p, k);
		}
		p += k + (p[k] == sep);
	}
}

/* The word's own text, quoted: 'word'. */
static void put_word(struct msg *m, const char *w, size_t n)
{
	puts_(m, "'");
	put(m, w, n);
	puts_(m, "'");
}

/* A path (a '/' in it) names a file on the root file system, which the boot has not read yet: spawn judges it. */
static bool has_slash(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			return true;
	return false;
}

/* The programs a run= or init= value names: each a path or in `programs`, none empty. */
static bool check_programs(const struct option *o, const char *w, size_t wn, const char *v, size_t vn,
			   const char *programs, struct msg *m)
{
	size_t i = 0;
	do {
		size_t n = 0, name = 0;
		while (i + n < vn && (o->kind == CMDLINE_PROGRAM || v[i + n] != ','))
			n++;
		while (name < n && v[i + name] != ':')
			name++;
		if (!name) {
			puts_(m, "cmdline: ");
			put_word(m, w, wn);
			puts_(m, " names an empty program; give ");
			puts_(m, o->name);
			puts_(m, "=");
			puts_(m, o->values);
		} else if (programs && !has_slash(v + i, name) && !in_list(programs, ' ', v + i, name)) {
			puts_(m, "cmdline: no program ");
			put_word(m, v + i, name);
			puts_(m, " in the initrd (");
			put_word(m, w, wn);
			puts_(m, ")");
			put_accepted(m, programs, ' ');
		} else {
			i += n + 1;
			continue;
		}
		return false;
	} while (i <= vn);
	return true;
}

/* One word against its option: value present or not as the kind wants, each value accepted. */
static bool check_word(const char *line, const char *w, size_t wn, const char *programs, struct msg *m)
{
	size_t kn = 0;
	while (kn < wn && w[kn] != '=')
		kn++;
	bool has_value = kn < wn;
	const char *v = w + kn + has_value;
	size_t vn = has_value ? wn - kn - 1 : 0;
	const struct option *o = NULL;
	for (size_t i = 0; i < OPTION_COUNT && !o; i++)
		if (same(options[i].name, w, kn))
			o = &options[i];
	if (!o) {
		puts_(m, "cmdline: unknown option ");
		put_word(m, w, wn);
		puts_(m, "; accepted:");
		for (size_t i = 0; i < OPTION_COUNT; i++) {
			puts_(m, " ");
			puts_(m, options[i].name);
			puts_(m, options[i].kind == CMDLINE_FLAG ? "" : "=");
		}
		return false;
	}
	size_t first_len;
	const char *first = cmdline_find(line, o->name, &first_len);
	if (first && first < w) {
		puts_(m, "cmdline: ");
		put_word(m, w, wn);
		puts_(m, ": option ");
		puts_(m, o->name);
		puts_(m, " given twice");
		return false;
	}
	if (o->kind == CMDLINE_FLAG) {
		if (!has_value)
			return true;
		puts_(m, "cmdline: ");
		put_word(m, w, wn);
		puts_(m, ": ");
		puts_(m, o->name);
		puts_(m, " takes no value; give it alone");
		return false;
	}
	if (!has_value) {
		puts_(m, "cmdline: ");
		put_word(m, w, wn);
		puts_(m, " needs a value: ");
		puts_(m, o->name);
		puts_(m, "=");
		if (o->kind == CMDLINE_PROGRAMS || o->kind == CMDLINE_PROGRAM)
			puts_(m, o->values);
		else
			put_accepted(m, o->values, ',');
		return false;
	}
	if (o->kind == CMDLINE_PROGRAMS || o->kind == CMDLINE_PROGRAM)
		return check_programs(o, w, wn, v, vn, programs, m);
	/* ONE_OF: the whole value; LIST_OF: each comma-separated item, at least one. */
	size_t i = 0;
	do {
		size_t n = 0;
		while (i + n < vn && (o->kind == CMDLINE_ONE_OF || v[i + n] != ','))
			n++;
		if (!in_list(o->values, ',', v + i, n)) {
			puts_(m, "cmdline: ");
			if (n) {
				puts_(m, "unknown value ");
				put_word(m, v + i, n);
				puts_(m, " in ");
			}
			put_word(m, w, wn);
			if (!n)
				puts_(m, o->kind == CMDLINE_ONE_OF ? " has no value" : " has an empty name");
			put_accepted(m, o->values, ',');
			return false;
		}
		i += n + 1;
	} while (i <= vn);
	return true;
}

bool cmdline_check(const char *line, const char *programs, char *msg, size_t size)
{
	struct msg m = { msg, size, 0 };
	puts_(&m, "");
	const char *p = line;
	for (bool first = true; *p; first = false) {
		while (*p == ' ')
			p++;
		size_t w = word_len(p);
		if (!w)
			break;
		bool has_eq = false, has_slash = false;
		for (size_t i = 0; i < w; i++) {
			has_eq |= p[i] == '=';
			has_slash |= p[i] == '/';
		}
		/* QEMU's -kernel puts the kernel's path first; GRUB does not. */
		if (!(first && has_slash && !has_eq) && !check_word(line, p, w, programs, &m))
			return false;
		p += w;
	}
	return true;
}
