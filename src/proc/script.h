/*
 * "#!" scripts, as Linux's binfmt_script reads them: the first line of at
 * most SCRIPT_HEAD_MAX bytes names an interpreter and at most one argument
 * (the rest of the line, spaces inside kept). Pure C: host-tested.
 */
#ifndef PROC_SCRIPT_H
#define PROC_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#define SCRIPT_HEAD_MAX 256   /* Linux's BINPRM_BUF_SIZE: what of the file the line must fit in */

/* Does a file starting with these bytes (len of them) begin "#!"? */
bool script_is(const char *head, uint32_t len);

/*
 * Parse the "#!" line of a file of file_size bytes whose first len bytes
 * (at most SCRIPT_HEAD_MAX) are head, into line (SCRIPT_HEAD_MAX bytes):
 * *interp and *arg (NULL when there is none) point into it. 0, or -ENOEXEC
 * for no interpreter or a line that does not end within SCRIPT_HEAD_MAX
 * bytes of a longer file (Linux 6.1 refuses a name it would have to cut).
 */
int script_parse(const char *head, uint32_t len, uint32_t file_size, char *line, const char **interp,
		 const char **arg);

#endif
