/* "#!" lines (proc/script.h), as Linux 6.1's fs/binfmt_script.c takes them apart. */
#include "proc/script.h"
#include <stddef.h>
#include <pfgate/errno.h>

static bool blank(char c) { return c == ' ' || c == '\t'; }

bool script_is(const char *head, uint32_t len)
{
	return len >= 2 && head[0] == '#' && head[1] == '!';
}

int script_parse(const char *head, uint32_t len, uint32_t file_size, char *line, const char **interp,
		 const char **arg)
{
	if (len > SCRIPT_HEAD_MAX)
		len = SCRIPT_HEAD_MAX;
	if (!script_is(head, len))
		return -ENOEXEC;
	uint32_t end = 2;
	while (end < len && head[end] != '\n' && head[end])
		end++;   /* a NUL ends the line's text, as Linux's C strings end there */
	if (end == len && len < file_size)
		return -ENOEXEC;   /* the line runs past what is read: a cut name would run the wrong program */
	uint32_t n = 0;
	for (uint32_t i = 2; i < end; i++)
		line[n++] = head[i];
	while (n > 0 && blank(line[n - 1]))
		n--;
	line[n] = '\0';
	uint32_t i = 0;
	while (i < n && blank(line[i]))
		i++;
	if (i == n)
		return -ENOEXEC;
	*interp = &line[i];
	while (i < n && !blank(line[i]))
		i++;
	*arg = NULL;
	if (i < n) {
		line[i++] = '\0';
		while (i < n && blank(line[i]))
			i++;
		*arg = &line[i];
	}
	return 0;
}
