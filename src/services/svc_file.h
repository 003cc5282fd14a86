#ifndef SERVICES_SVC_FILE_H
#define SERVICES_SVC_FILE_H

#include <stdint.h>
#include <pfgate/user_ptr.h>

/* read() on fds 3 and up: from the open initrd file. */
long file_read(int fd, void __user *buf, unsigned long len);

#endif
