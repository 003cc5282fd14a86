/*
 * The programs the kernel starts by itself:
 *   run=...   started one after another by the scheduler's idle hook, each
 *             once the previous one (and all it spawned) is gone; at the end
 *             the free-frame count is compared with the count before the
 *             first: a leak shows here; under testexit a program that
 *             cannot start, exits non-zero or is killed fails the run;
 *   init=...  started after the run list, and started again when it dies
 *             (with testexit or poweroff, its end is the end of the run).
 */
#include "kernel/boot_programs.h"
#include "proc/sched.h"
#include "tty/console.h"
#include "tty/foreground.h"
#include "lib/string.h"
#include "kernel/cmdline.h"
#include "lib/format.h"
#include "mm/frames.h"
#include "vfs/file.h"
#include "kernel/machine.h"
#include "drivers/pit.h"
#include "drivers/disk.h"
#include "fs/disk_root.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define ARG_SEPARATOR ':'
#define BOOT_ITEM_WORDS (CMDLINE_MAX / 2)   /* an item's words at most: each a character and a separator */
#define PROG_SEPARATOR ','
#define INIT_FAST_DEATH_MS 1000   /* an init that dies this soon ... */
#define INIT_FAST_DEATHS_MAX 5    /* ... this many times in a row is not restarted */

static char list[CMDLINE_MAX];
static const char *next;
static char init_cmd[CMDLINE_MAX];
static int init_pid;
static uint64_t init_started_ms;
static unsigned init_fast_deaths;
static bool init_restart_due;       /* init died: start it again, from the scheduler (kernel_work) */
static enum boot_end end_action;
static bool list_done, init_done;
static int run_pid;                 /* the run= program running now (0: none) */
static char first_failure[CMDLINE_MAX];   /* why the run fails ("": it has not) */
static uint32_t frames_at_start;
static unsigned files_at_start;    /* open-file objects: none should outlive the programs */

/* A program the kernel started failed: the first such reason is said with the run's verdict. */
static void failed(const char *name, const char *how)
{
	if (!first_failure[0])
		sformat(first_failure, sizeof first_failure, "%s %s", name, how);
}

/* p, a program the kernel started, has ended: anything but exit status 0 fails the run. */
static void judge(const struct proc *p)
{
	char how[64];
	if (!WIFEXITED(p->wstatus))
		failed(p->name, "was killed");
	else if (WEXITSTATUS(p->wstatus)) {
		sformat(how, sizeof how, "exited with status %d", WEXITSTATUS(p->wstatus));
		failed(p->name, how);
	}
}

/* Start "prog:arg:arg" as an orphan with every gate; returns the pid or an error. */
static int start(const char *item_text)
{
	/* Off the kernel stack, as every argument list: the boot starts one program at a time. */
	static char item[CMDLINE_MAX];
	static const char *argv[BOOT_ITEM_WORDS];
	strlcpy_k(item, item_text, sizeof item);
	int argc = 0;
	for (char *s = item; *s && argc < BOOT_ITEM_WORDS;) {
		argv[argc++] = s;
		while (*s && *s != ARG_SEPARATOR)
			s++;
		if (*s)
			*s++ = '\0';
	}
	if (!argc)
		return -EINVAL;
	struct gate_set all;
	gate_set_all(&all);
	int pid = proc_spawn(argv[0], argv, argc, &all, NULL);
	if (pid < 0) {
		const char *why = errno_text(-pid);
		kprintf("boot: cannot start %s: %s\n", argv[0], why ? why : "unknown error");
		failed(argv[0], "could not start");
	} else {
		foreground_give_console(pid);   /* an orphan leads its own session: the console is its terminal */
		kprintf("boot: started pid %d: %s\n", pid, item_text);
	}
	/* Said once, after the first program is on its way: input is open from here on. */
	static bool said_ready;
	if (!said_ready) {
		said_ready = true;
		kprintf("ready: waiting for input\n");
	}
	return pid;
}

static void start_init(void)
{
	init_pid = start(init_cmd);
	if (init_pid < 0 && end_action == BOOT_END_IDLE && strcmp(init_cmd, BOOT_NATIVE_SHELL)) {
		kprintf("boot: %s cannot start; the native shell instead\n", init_cmd);
		strlcpy_k(init_cmd, BOOT_NATIVE_SHELL, sizeof init_cmd);
		init_pid = start(init_cmd);
	}
	init_started_ms = uptime_ms();
	proc_set_reaper(init_pid > 0 ? init_pid : 0);   /* init adopts the orphans */
	if (init_pid < 0) {
		init_pid = 0;
		init_done = true;   /* nothing to wait for: the run ends (its verdict a failure) */
	}
}

/*
 * Everything the kernel started is over: report the frame count and the
 * first program that failed, then end as asked (testexit: pass only if every
 * program exited 0 and no frame leaked).
 */
static void finish(void)
{
	uint32_t now = frames_free_count();
	unsigned files = file_count();
	kprintf("boot: all programs done; free frames %u at start, %u now%s\n",
		frames_at_start, now, now == frames_at_start ? "" : " (LEAK)");
	kprintf("boot: open files %u at start, %u now%s\n", files_at_start, files, files == files_at_start ? "" : " (LEAK)");
	if (first_failure[0])
		kprintf("boot: a program failed: %s\n", first_failure);
	int sync_err = end_action == BOOT_END_IDLE ? 0 : disk_sync();   /* the machine ends: every dirty block first */
	if (sync_err)
		kprintf("boot: disk sync failed (error %d)\n", sync_err);
	if (end_action == BOOT_END_TEST_EXIT)
		machine_test_exit(!first_failure[0] && now == frames_at_start && files == files_at_start && !sync_err);
	if (end_action == BOOT_END_POWEROFF)
		machine_poweroff();
	kprintf("boot: nothing left to run; idle\n");
}

static void finish_list(void)
{
	list_done = true;
	if (init_cmd[0])
		start_init();
	else
		finish();
}

/* Idle hook: when nothing at all is left, start the next program of the list. */
static bool idle(void)
{
	disk_flush_if_due();   /* nobody runs: the idle loop writes the disk's dirty blocks (drivers/disk.h) */
	if (proc_count() != 0)
		return false;
	if (init_done) {
		/* With testexit, init's end is the end of the run: once its orphans are gone too. */
		init_done = false;
		finish();
		return false;
	}
	if (list_done)
		return false;
	while (next && *next) {
		char item[CMDLINE_MAX];
		size_t n = 0;
		while (next[n] && next[n] != PROG_SEPARATOR)
			n++;
		memcpy(item, next, n);
		item[n] = '\0';
		next += n + (next[n] == PROG_SEPARATOR);
		if (!item[0])
			continue;
		run_pid = start(item);
		if (run_pid > 0)
			return true;
		run_pid = 0;
	}
	finish_list();
	return proc_count() != 0;
}

/*
 * A run= program ended: judge it. init died: have it started again, unless
 * it keeps dying at once. Inside the dying process's exit: notes only.
 */
static void orphan_exited(const struct proc *p)
{
	if (run_pid && p->pid == run_pid) {
		run_pid = 0;
		judge(p);
	}
	if (!init_pid || p->pid != init_pid)
		return;
	init_pid = 0;
	if (end_action != BOOT_END_IDLE) {
		init_done = true;
		judge(p);
		return;
	}
	if (uptime_ms() - init_started_ms < INIT_FAST_DEATH_MS) {
		if (++init_fast_deaths >= INIT_FAST_DEATHS_MAX) {
			kprintf("boot: init keeps dying; not restarting it\n");
			return;
		}
	} else {
		init_fast_deaths = 0;
	}
	kprintf("boot: init exited; restarting it\n");
	init_restart_due = true;   /* not here, inside the dying init's exit: in the scheduler's context */
	sched_request_kernel_work();
}

/* The scheduler's kernel work: the dying init asked for its successor. */
static void kernel_work(void)
{
	if (init_restart_due) {
		init_restart_due = false;
		start_init();
	}
}

void boot_programs_init(const char *l, const char *init, enum boot_end end)
{
	strlcpy_k(list, l, sizeof list);
	strlcpy_k(init_cmd, init ? init : "", sizeof init_cmd);
	next = list;
	end_action = end;
	frames_at_start = frames_free_count();
	files_at_start = file_count();
	sched_set_idle_hook(idle);
	proc_set_leader_exit_hook(foreground_leader_exit);
	proc_set_orphan_exit_hook(orphan_exited);
	sched_set_kernel_work_hook(kernel_work);
}
