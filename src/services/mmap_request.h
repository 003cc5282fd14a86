/* The mmap service without its user copy: for the native gate (svc_mmap) and Linux's mmap2 and mmap (src/linux). */
#ifndef SERVICES_MMAP_REQUEST_H
#define SERVICES_MMAP_REQUEST_H

#include <pfgate/abi.h>

/*
 * A mapping as *req asks (Linux i386's mmap2, its six values; the kernel's
 * copy). A file's pages are copied in now (a private mapping; MAP_SHARED of
 * a file is -ENODEV) through its open file's map_page, so any file system
 * that has one can be mapped; the file must be open for reading (-EACCES).
 * The address, or -errno as proc_mmap answers (proc/mmap.h), -EBADF.
 */
long mmap_request(const struct pf_mmap *req);

#endif
