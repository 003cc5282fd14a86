/* Process and time services. */
#include "pfgate/gate_table.h"
#include "kernel/sched.h"
#include "drivers/pit.h"
#include <stddef.h>

long svc_nop(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	return 0;
}

long svc_exit(uint32_t status, uint32_t a1, uint32_t a2)
{
	(void)a1, (void)a2;
	proc_exit((int)(status & 0xFF));
}

long svc_getpid(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	return current_proc()->pid;
}

/* Milliseconds since boot, modulo 2^32 (49 days). */
long svc_uptime_ms(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	return (long)(uint32_t)uptime_ms();
}

/* Sleeps at least ms milliseconds, rounded up to the next timer tick. */
long svc_sleep_ms(uint32_t ms, uint32_t a1, uint32_t a2)
{
	(void)a1, (void)a2;
	if (ms == 0) {
		yield();
		return 0;
	}
	uint64_t deadline = uptime_ms() + ms;
	while (uptime_ms() < deadline)
		sleep_on(NULL, deadline);
	return 0;
}

long svc_yield(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	yield();
	return 0;
}

long svc_getppid(uint32_t a0, uint32_t a1, uint32_t a2)
{
	(void)a0, (void)a1, (void)a2;
	struct proc *parent = current_proc()->parent;
	return parent ? parent->pid : 0;
}

/* Only one's own children: a process cannot reach into another family. */
long svc_kill(uint32_t pid, uint32_t a1, uint32_t a2)
{
	(void)a1, (void)a2;
	return proc_kill((int)pid);
}
