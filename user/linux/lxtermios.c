/*
 * The console's terminal settings from a stock glibc -static program, as a
 * Linux program would use them: the cooked defaults; a canonical read with
 * erase, kill and end of file; raw (no ICANON, ECHO, ISIG, ICRNL; VMIN 1,
 * VTIME 0) byte by byte, ^C among them; VMIN 0 VTIME 0; TCSAFLUSH's flush of
 * a line read in part; restore; the size and the foreground group. The test types after each
 * "@@type NAME" line (test/suite_termios.py).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static void show_read(const char *what, const char *buf, ssize_t n)
{
	printf("%s: %zd [", what, n);
	for (ssize_t i = 0; i < n; i++)
		printf(i ? " %02x" : "%02x", (unsigned char)buf[i]);
	printf("]\n");
}

static int same(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag && a->c_cflag == b->c_cflag &&
	       a->c_lflag == b->c_lflag && !memcmp(a->c_cc, b->c_cc, NCCS);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct termios orig, t;
	if (tcgetattr(0, &orig)) {
		perror("lxtermios: tcgetattr");
		return 1;
	}
	printf("cooked: icanon %d echo %d isig %d icrnl %d vmin %d vtime %d verase %02x\n",
	       !!(orig.c_lflag & ICANON), !!(orig.c_lflag & ECHO), !!(orig.c_lflag & ISIG),
	       !!(orig.c_iflag & ICRNL), orig.c_cc[VMIN], orig.c_cc[VTIME], orig.c_cc[VERASE]);
	char buf[64];

	printf("@@type line\n");
	show_read("canonical", buf, read(0, buf, sizeof buf));
	printf("@@type kill\n");
	show_read("after kill", buf, read(0, buf, sizeof buf));
	printf("@@type two\n");
	show_read("first of two lines", buf, read(0, buf, sizeof buf));
	show_read("second of two lines", buf, read(0, buf, sizeof buf));
	printf("@@type eof\n");
	show_read("end of file", buf, read(0, buf, sizeof buf));
	printf("@@type long\n");
	show_read("two bytes of a long line", buf, read(0, buf, 2));
	printf("flush: tcsetattr %d\n", tcsetattr(0, TCSAFLUSH, &orig));   /* the line's rest goes */
	printf("@@type after\n");
	show_read("after the flush", buf, read(0, buf, sizeof buf));

	t = orig;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	t.c_iflag &= ~(tcflag_t)ICRNL;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	printf("raw: tcsetattr %d\n", tcsetattr(0, TCSANOW, &t));
	printf("@@type raw\n");
	for (int i = 0; i < 3; i++)
		show_read("raw byte", buf, read(0, buf, 1));
	t.c_cc[VMIN] = 0;
	tcsetattr(0, TCSANOW, &t);
	show_read("VMIN 0 VTIME 0 with nothing typed", buf, read(0, buf, sizeof buf));

	printf("restore: tcsetattr %d\n", tcsetattr(0, TCSAFLUSH, &orig));
	tcgetattr(0, &t);
	printf("restored: %s\n", same(&t, &orig) ? "yes" : "no");

	struct winsize ws;
	int r;
	r = ioctl(0, TIOCGWINSZ, &ws);
	printf("TIOCGWINSZ: %d rows %d cols %d\n", r, ws.ws_row, ws.ws_col);
	errno = 0;
	pid_t fg = tcgetpgrp(0);
	printf("tcgetpgrp: %s\n", fg == getpgrp() ? "its own group" : fg < 0 && errno == ENOTTY ? "ENOTTY" : "another group");
	printf("tcsetpgrp to its own group: %d\n", tcsetpgrp(0, getpgrp()));
	printf("then tcgetpgrp is its group: %s\n", tcgetpgrp(0) == getpgrp() ? "yes" : "no");
	int fd = open("/dev/null", O_RDONLY);
	errno = 0;
	r = tcgetattr(fd, &t);
	printf("tcgetattr on /dev/null: %d %s\n", r, errno == ENOTTY ? "ENOTTY" : "not ENOTTY");
	printf("lxtermios: done\n");
	return 0;
}
