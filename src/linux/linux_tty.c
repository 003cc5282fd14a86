/*
 * ioctl for Linux programs: the console's terminal settings (tty/termios.h;
 * struct and numbers in include/pfgate/termios.h), its size, its
 * foreground group (the kernel's: tty/foreground.h, as the native
 * tcsetpgrp and tcgetpgrp have it) and its session (TIOCSCTTY, TIOCNOTTY). Anything else, and
 * anything on a file that is not the console, is -ENOTTY.
 */
#include "linux/linux_calls.h"
#include "pfgate/gate_table.h"
#include "tty/termios.h"
#include "tty/foreground.h"
#include "mm/uaccess.h"
#include "vfs/fdtable.h"
#include "vfs/file.h"
#include <pfgate/abi.h>
#include <pfgate/errno.h>

#define UPTR(x) ((void __user *)(uintptr_t)(x))
#define CONSOLE_ROWS 25
#define CONSOLE_COLS 80

static bool is_console(struct file *f)
{
	struct pf_stat st;
	return f->ops->fstat && f->ops->fstat(f, &st) == 0 && st.type == PF_TYPE_CONSOLE;
}

static long set_termios(uint32_t from, bool flush)
{
	struct pf_termios t;
	if (copy_from_user(&t, UPTR(from), sizeof t))
		return -EFAULT;
	tty_set_termios(&t, flush);   /* TCSETSW's wait for output: the console's writes are queued in order already */
	return 0;
}

long linux_sys_ioctl(const struct linux_args *a)
{
	struct file *f = fd_file((int)a->ebx);
	if (!f)
		return -EBADF;
	if (!is_console(f))
		return -ENOTTY;
	switch (a->ecx) {
	case TERMIOS_TCGETS: {
		struct pf_termios t;
		tty_get_termios(&t);
		return copy_to_user(UPTR(a->edx), &t, sizeof t) ? -EFAULT : 0;
	}
	case TERMIOS_TCSETS:
	case TERMIOS_TCSETSW:
		return set_termios(a->edx, false);
	case TERMIOS_TCSETSF:
		return set_termios(a->edx, true);
	case TERMIOS_TIOCGWINSZ: {
		const uint16_t ws[4] = { CONSOLE_ROWS, CONSOLE_COLS, 0, 0 };   /* struct winsize */
		return copy_to_user(UPTR(a->edx), ws, sizeof ws) ? -EFAULT : 0;
	}
	case TERMIOS_TIOCGPGRP: {
		long g = foreground_group();
		if (g < 0)
			return g;
		int32_t v = (int32_t)g;
		return copy_to_user(UPTR(a->edx), &v, sizeof v) ? -EFAULT : 0;
	}
	case TERMIOS_TIOCSCTTY:
		return foreground_take_console(a->edx == 1);
	case TERMIOS_TIOCNOTTY:
		return foreground_drop_console();
	case TERMIOS_TIOCSPGRP: {
		int32_t g;
		if (copy_from_user(&g, UPTR(a->edx), sizeof g))
			return -EFAULT;
		return foreground_set_group(g);
	}
	default:
		return -ENOTTY;
	}
}
