/* help: ls [-l] [DIR]: a directory's entries with their sizes (-l: type, inode, links too) */
#include "ulib.h"

/* "-l": "TYPE INODE LINKS SIZE NAME" from stat of DIR/NAME (a "?" row if that fails). */
static void long_line(const char *dir, const struct pf_dirent *d)
{
	char path[PATH_MAX_LEN];
	snprintf(path, sizeof path, "%s%s%s", dir, *dir ? "/" : "", d->name);
	struct pf_stat st;
	long r = sys_stat(path, &st);
	if (is_err(r)) {
		printf("? %s: %s\n", d->name, strerror(r));
		return;
	}
	printf("%c %6lu %2lu %8lu %s%s\n", st.type == PF_TYPE_DIR ? 'd' : '-', st.ino, st.nlink, st.size, d->name,
	       st.type == PF_TYPE_DIR ? "/" : "");
}

static bool line(const struct pf_dirent *d, void *ctx)
{
	const char *const *long_dir = ctx;   /* the directory with -l, else NULL */
	if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
		return true;   /* a disk directory lists both (the initrd neither): ls shows what is inside */
	if (*long_dir)
		long_line(*long_dir, d);
	else
		printf("%8lu %s%s\n", d->size, d->name, d->type == PF_TYPE_DIR ? "/" : "");
	return true;
}

int main(int argc, char **argv)
{
	bool long_form = argc > 1 && !strcmp(argv[1], "-l");
	const char *dir = argc > 1 + long_form ? argv[1 + long_form] : "";
	const char *long_dir = long_form ? dir : NULL;
	long r = each_dirent(dir, line, &long_dir);
	if (is_err(r)) {
		printf("ls: %s: %s\n", dir, strerror(r));
		return 1;
	}
	return 0;
}
