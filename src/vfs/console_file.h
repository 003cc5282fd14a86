/* The console as an open file: what descriptors 0, 1 and 2 start as. */
#ifndef VFS_CONSOLE_FILE_H
#define VFS_CONSOLE_FILE_H

#include "vfs/file.h"

/* A new console object (access O_RDONLY for 0, O_WRONLY for 1 and 2), one reference; NULL when the pool is empty. */
struct file *console_file_open(uint32_t access);
/* The terminal calls' check of their descriptor: 0 if fd is the console, -EBADF if not open, -ENOTTY otherwise. */
long console_fd_check(int fd);

#endif
