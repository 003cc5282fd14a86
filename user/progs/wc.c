/* help: wc [-l|-w|-c] [FILE...]: count lines, words and bytes (of the standard input without FILE) */
#include "ulib.h"

struct counts {
	unsigned long lines, words, bytes;
};

static char which;   /* 'l', 'w', 'c', or 0 for all three */

static void show(const struct counts *c, const char *name)
{
	if (which == 'l')
		printf("%lu", c->lines);
	else if (which == 'w')
		printf("%lu", c->words);
	else if (which == 'c')
		printf("%lu", c->bytes);
	else
		printf("%lu %lu %lu", c->lines, c->words, c->bytes);
	printf(name ? " %s\n" : "\n", name);
}

/* Count fd into *c: 0, or 1 after saying what failed. */
static int count(int fd, const char *name, struct counts *c)
{
	char buf[512];
	bool in_word = false;
	long n;
	while ((n = sys_read(fd, buf, sizeof buf)) > 0) {
		c->bytes += (unsigned long)n;
		for (long i = 0; i < n; i++) {
			char ch = buf[i];
			bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
			c->lines += ch == '\n';
			c->words += !space && !in_word;
			in_word = !space;
		}
	}
	if (is_err(n)) {
		dprintf(STDERR_FD, "wc: %s: %s\n", name ? name : "standard input", strerror(n));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-l") && strcmp(argv[1], "-w") && strcmp(argv[1], "-c")) {
			dprintf(STDERR_FD, "wc: unknown option '%s' (usage: wc [-l|-w|-c] [FILE...])\n", argv[1]);
			return 2;
		}
		which = argv[1][1];
		first = 2;
	}
	if (first == argc) {
		struct counts c = { 0, 0, 0 };
		int st = count(STDIN_FD, NULL, &c);
		show(&c, NULL);
		return st;
	}
	int status = 0;
	struct counts total = { 0, 0, 0 };
	for (int i = first; i < argc; i++) {
		long fd = sys_open(argv[i], O_RDONLY, 0);
		if (is_err(fd)) {
			dprintf(STDERR_FD, "wc: %s: %s\n", argv[i], strerror(fd));
			status = 1;
			continue;
		}
		struct counts c = { 0, 0, 0 };
		status |= count((int)fd, argv[i], &c);
		sys_close((int)fd);
		show(&c, argv[i]);
		total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
	}
	if (argc - first > 1)
		show(&total, "total");
	return status;
}
