/*
 * The console's terminal settings (include/pfgate/termios.h, Linux's), and
 * the read Linux programs get through them (tty/line.c). It starts as
 * Linux's tty does: canonical, echo, ISIG, ICRNL. Native programs read the
 * raw input queue as before (their line editors, the native shell's among
 * them, do their own echo); the settings govern a Linux program's reads and
 * whether ^C interrupts at all (ISIG). The process group is kept, not acted
 * on: a stub until process groups exist (TIOCGPGRP answers what TIOCSPGRP
 * set, or the caller's pid).
 */
#ifndef TTY_TERMIOS_H
#define TTY_TERMIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <pfgate/termios.h>
#include <pfgate/user_ptr.h>

void tty_get_termios(struct pf_termios *out);
/* TCSETS: new settings now; TCSETSF also drops what was typed and not read yet. */
void tty_set_termios(const struct pf_termios *t, bool flush_input);
/* The signal a typed c stands for while ISIG is on (SIGINT for VINTR, SIGTSTP for VSUSP), else 0. */
int tty_signal_key(char c);

/*
 * A Linux program's read of the console (tty/line.c): canonical lines with
 * erase, kill and end of file, or non-canonical bytes by VMIN and VTIME,
 * CR/NL mapping and echo as the settings say; nonblock (O_NONBLOCK): never
 * sleeps. Bytes read, 0 at end of file, -EAGAIN, -EFAULT, -EINTR.
 */
long tty_read_linux(void __user *buf, size_t len, bool nonblock);
/*
 * Bytes a Linux read took from the input queue into its line but did not
 * return yet (a read shorter than what was typed), or an end of file: poll
 * must call the console readable while these wait, not only while the
 * queue holds bytes.
 */
bool tty_line_pending(void);
/* TCSETSF's flush: drop the line being edited and the lines not read yet. */
void tty_line_flush(void);

#endif
