#ifndef PFGATE_SVC_FILE_H
#define PFGATE_SVC_FILE_H

#include <stdint.h>

/* read() on fds 3 and up: from the open initrd file. */
long file_read(uint32_t fd, uint32_t buf, uint32_t len);

#endif
