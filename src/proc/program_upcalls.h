/*
 * A program started by path (spawn, exec, run=/init= with a '/' in the
 * name) is a file on the VFS (src/vfs, a room above): the loader opens it
 * and reads it a page at a time through these declarations, which
 * src/vfs/program_file.c defines (docs/design.md, Layering). A bare name
 * is the initrd's, read in place (proc.c).
 */
#ifndef PROC_PROGRAM_UPCALLS_H
#define PROC_PROGRAM_UPCALLS_H

#include <stdint.h>

struct file;

/*
 * Open path (relative to the current process's working directory, "/" for
 * the kernel's own starts) for loading: 0 with *out and its size in *size;
 * -ENOENT, -EACCES (a directory or no regular file),
 * or what the file system answers.
 */
int proc_program_open(const char *path, struct file **out, uint32_t *size);
/* The PAGE_SIZE bytes at off (page-aligned) into page, zeros past the end: 0 or -errno. May sleep on the disk. */
int proc_program_page(struct file *f, void *page, uint32_t off);
void proc_program_close(struct file *f);

#endif
