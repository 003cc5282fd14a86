/* The poweroff gate (gates.def): what a user's `poweroff` asks of the machine. */
#include "pfgate/gate_table.h"
#include "kernel/machine.h"
#include "vfs/vfs.h"
#include "lib/kprintf.h"

/*
 * Write every file system back first: a disk the sync could not write is
 * not left behind by a power-off; the caller hears -EIO and the machine
 * stays up (a later poweroff, or Ctrl-A X, is the user's choice).
 */
long svc_poweroff(void)
{
	long err = vfs_sync();
	if (err) {
		kprintf("poweroff: the disk could not be written (error %ld); staying up\n", err);
		return err;
	}
	machine_poweroff();
}
