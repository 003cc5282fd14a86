/*
 * /proc, small, as a file system kind mounted at /proc (vfs_mount_root), in
 * Linux's formats where busybox's ps, top and free parse them:
 *
 *   /proc/self          the caller's own directory (readlink: its pid)
 *   /proc/PID/stat      Linux's 52 fields (the ones pfgate has no notion of: 0)
 *   /proc/PID/status    Name, State, Tgid, Pid, PPid, Uid, Gid, VmSize, VmRSS, Threads
 *   /proc/PID/cmdline   the arguments, each ending in NUL
 *   /proc/PID/maps      the address space (proc_maps_entry), Linux's columns
 *   /proc/PID/exe       readlink: the program's path (proc_exe_path)
 *   /proc/PID/fd/N      readlink: the path descriptor N was opened by (file.h),
 *                       /dev/console, or pipe:[N]; stat: the file's own
 *   /proc/meminfo, /proc/uptime, /proc/mounts
 *   /proc/stat          the cpu lines (ticks busy and idle), ctxt, processes, procs_running
 *   /proc/loadavg       no averages kept (0.00), runnable/all processes, the last pid
 *
 * Listing /proc gives self, the five files and the pids. A file's text is
 * made when it is opened (one frame, freed at the last close), so a reader
 * sees one moment's state however it reads. Read-only (-EROFS).
 */
#ifndef VFS_PROC_FILE_H
#define VFS_PROC_FILE_H

#include "vfs/mount.h"

extern const struct fs_kind proc_kind;

#endif
