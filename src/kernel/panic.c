#include "lib/panic.h"
#include "tty/console.h"
#include "lib/format.h"
#include "proc/fault_report.h"
#include "arch/x86.h"
#include "kernel/machine.h"

static void console_emit(char c, void *ctx)
{
	(void)ctx;
	console_write(&c, 1);
}

void panic(const char *fmt, ...)
{
	static int nested;
	cli();
	console_go_synchronous();   /* what was queued first, then this, all by polling */
	if (nested++) {
		kprintf("PANIC: nested panic\n");
		machine_test_exit(false);
	}
	va_list ap;
	va_start(ap, fmt);
	kprintf("PANIC: ");
	vformat(console_emit, NULL, fmt, ap);
	va_end(ap);
	kprintf("\n");
	backtrace(read_ebp(), "  ");
	/* A panic ends the run with a failing exit code: never a reboot loop, never a hang. */
	machine_test_exit(false);
}
