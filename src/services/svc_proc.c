/* Process and time services. */
#include "pfgate/gate_table.h"
#include "proc/sched.h"
#include "drivers/pit.h"
#include <stddef.h>
#include <pfgate/errno.h>

long svc_nop(void)
{
	return 0;
}

long svc_exit(int status)
{
	proc_exit(W_EXITCODE(status));
}

long svc_getpid(void)
{
	return current_proc()->pid;
}

/* Milliseconds since boot, modulo 2^32 (49 days). */
unsigned long svc_uptime_ms(void)
{
	return (unsigned long)uptime_ms();
}

/* Sleeps at least ms milliseconds, rounded up to the next timer tick; -EINTR if a handler is to run (never restarted, as Linux's nanosleep). */
long svc_sleep_ms(unsigned long ms)
{
	if (ms == 0) {
		yield();
		return 0;
	}
	uint64_t deadline = uptime_ms() + ms;
	while (uptime_ms() < deadline)
		if (sleep_on_any_signal(NULL, deadline))
			return -EINTR;
	return 0;
}

long svc_yield(void)
{
	yield();
	return 0;
}

long svc_getppid(void)
{
	struct proc *parent = current_proc()->parent;
	return parent ? parent->pid : 0;
}

/* Only one's own children: a process cannot reach into another family. */
long svc_kill(int pid)
{
	return proc_kill(pid);
}
