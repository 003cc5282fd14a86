/* procinfo and sysinfo: what ps and the tests read about the system. */
#include "pfgate/gate_table.h"
#include "vfs/file.h"
#include "vfs/pipe.h"
#include "pfgate/gate_log.h"
#include "mm/uaccess.h"
#include "mm/frames.h"
#include "proc/sched.h"
#include "lib/string.h"
#include "tty/console.h"
#include "drivers/pit.h"
#include <pfgate/abi.h>

_Static_assert(PF_GATE_SET_WORDS == GATE_SET_WORDS, "abi.h and sched.h agree on the gate set");

/* No libgcc in the kernel, so no __builtin_popcount on i686 without POPCNT. */
static unsigned long bits_set(uint32_t w)
{
	unsigned long n = 0;
	for (; w; w &= w - 1)
		n++;
	return n;
}

static unsigned long state_code(enum proc_state s)
{
	switch (s) {
	case P_RUNNING: return PF_PROC_RUNNING;
	case P_SLEEPING: return PF_PROC_SLEEPING;
	case P_ZOMBIE: return PF_PROC_ZOMBIE;
	case P_STOPPED: return PF_PROC_STOPPED;
	default: return PF_PROC_RUNNABLE;
	}
}

/* The index-th live process: 1 and *out filled, or 0 past the end. */
long svc_procinfo(unsigned long index, struct pf_procinfo __user *uout)
{
	if (!user_range_ok(uout, sizeof(struct pf_procinfo)))
		return -EFAULT;
	uint32_t seen = 0;
	for (struct proc *p = proc_table(); p < proc_table() + NPROC; p++) {
		if (p->state == P_UNUSED || p->state == P_EMBRYO || seen++ != index)
			continue;
		struct pf_procinfo info;
		memset(&info, 0, sizeof info);
		info.pid = p->pid;
		info.ppid = p->parent ? p->parent->pid : 0;
		info.state = state_code(p->state);
		info.frames = p->pgdir ? vm_count_user_pages(p->pgdir) : 0;
		strlcpy_k(info.name, p->name, sizeof info.name);
		for (unsigned i = 0; i < GATE_SET_WORDS; i++) {
			info.gates[i] = p->gates.bits[i];
			info.ngates += bits_set(p->gates.bits[i]);
		}
		return copy_to_user(uout, &info, sizeof info) ? -EFAULT : 1;
	}
	return 0;
}

long svc_sysinfo(struct pf_sysinfo __user *uout)
{
	struct pf_sysinfo info = {
		.free_frames = frames_free_count(),
		.total_frames = frames.nframes,
		.nproc = proc_count(),
		.nproc_max = NPROC,
		.uptime_ms = (unsigned long)uptime_ms(),
		.context_switches = cpu0.context_switches,
		.gate_calls = gate_log_calls,
		.console_queued = console_queued(),
		.console_full_waits = console_full_waits(),
		.open_files = file_count(),
		.open_files_max = NOPENFILE,
		.pipes = pipe_count(),
	};
	return copy_to_user(uout, &info, sizeof info);
}
