/* The console as an open file: what descriptors 0, 1 and 2 start as. */
#ifndef VFS_CONSOLE_FILE_H
#define VFS_CONSOLE_FILE_H

#include "vfs/file.h"

/* A new console object (access O_RDONLY for 0, O_WRONLY for 1 and 2), one reference; NULL when the pool is empty. */
struct file *console_file_open(uint32_t access);

#endif
