/*
 * The programs named by run=... on the command line, started one after
 * another by the scheduler's idle hook: each starts once the previous one
 * (and everything it spawned) is gone. At the end the free-frame count is
 * compared with the count before the first program: a leak shows here.
 */
#include "kernel/boot_programs.h"
#include "kernel/sched.h"
#include "kernel/console.h"
#include "kernel/string.h"
#include "kernel/cmdline.h"
#include "mm/frames.h"
#include "drivers/machine.h"
#include <pfgate/abi.h>

#define ARG_SEPARATOR ':'
#define PROG_SEPARATOR ','

static char list[CMDLINE_MAX];
static const char *next;
static enum boot_end end_action;
static bool all_started_ok = true;
static uint32_t frames_at_start;
static int last_pid;

static void finish(void)
{
	uint32_t now = frames_free_count();
	kprintf("boot: all programs done; free frames %u at start, %u now%s\n",
		frames_at_start, now, now == frames_at_start ? "" : " (LEAK)");
	if (end_action == BOOT_END_TEST_EXIT)
		machine_test_exit(all_started_ok && now == frames_at_start);
	if (end_action == BOOT_END_POWEROFF)
		machine_poweroff();
	kprintf("boot: nothing left to run; idle\n");
	sched_set_idle_hook(NULL);
}

static void start_next(void)
{
	while (next && *next) {
		char item[CMDLINE_MAX];
		size_t n = 0;
		while (next[n] && next[n] != PROG_SEPARATOR)
			n++;
		memcpy(item, next, n);
		item[n] = '\0';
		next += n + (next[n] == PROG_SEPARATOR);

		const char *argv[ARGV_MAX];
		int argc = 0;
		for (char *s = item; *s && argc < ARGV_MAX;) {
			argv[argc++] = s;
			while (*s && *s != ARG_SEPARATOR)
				s++;
			if (*s)
				*s++ = '\0';
		}
		if (!argc)
			continue;
		struct gate_set all;
		gate_set_all(&all);
		int pid = proc_spawn(argv[0], argv, argc, &all, NULL);
		if (pid < 0) {
			kprintf("boot: cannot start %s: error %d\n", argv[0], pid);
			all_started_ok = false;
			continue;
		}
		kprintf("boot: started pid %d: %s\n", pid, item);
		last_pid = pid;
		return;
	}
	finish();
}

void boot_programs_init(const char *l, enum boot_end end)
{
	strlcpy_k(list, l, sizeof list);
	next = list;
	end_action = end;
	frames_at_start = frames_free_count();
	sched_set_idle_hook(start_next);
}
