/*
 * The shell's line editor: a pure state machine fed one input byte at a time
 * (no I/O, no libc: host-tested by test/host/test_line_edit.c).
 *
 * The kernel does not cook console input (src/tty/input.c queues raw
 * bytes; only ^C is its own), so the editing lives here, in the program that
 * reads the line, as readline does on a raw terminal. The PS/2 keyboard
 * sends the same bytes as a serial terminal (VT100 escape sequences for the
 * arrows and Home/End/Delete, src/drivers/keymap_us.c).
 *
 * The terminal is redrawn with nothing but printable bytes, BS (cursor one
 * left, not erasing) and spaces, so it works on any serial terminal and on
 * the VGA screen alike; it assumes the line does not wrap (prompt and line
 * within one row).
 *
 * Keys: printable bytes insert at the cursor; Backspace (BS or DEL) erases
 * before it, Delete (ESC [ 3 ~) and ^D under it; Left/Right (ESC [ D/C,
 * ESC O D/C, ^B/^F), Home/End (ESC [ H/F, ESC O H/F, ESC [ 1~/7~/4~/8~,
 * ^A/^E) move; ^W erases the word before the cursor, ^U everything before
 * it, ^K everything from it; ^C abandons the line; CR or LF ends it. Anything
 * else (Up/Down, Tab, other control bytes, an unknown escape sequence,
 * consumed whole) inserts nothing and rings the bell (BEL).
 */
#ifndef USER_SH_LINE_EDIT_H
#define USER_SH_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_EDIT_MAX 256                      /* the line's bytes, with its NUL */
#define LINE_EDIT_OUT_MAX (3 * LINE_EDIT_MAX + 8)   /* the most one input byte can make it print */
#define LINE_EDIT_SEQ_MAX 16                   /* an escape sequence's bytes we keep; longer ones are unknown */

#define KEY_BEL 0x07
#define KEY_ESC 0x1B
#define KEY_DEL 0x7F
#define KEY_CTRL(c) ((c) & 0x1F)

enum line_edit_status {
	LINE_EDIT_MORE,        /* keep feeding */
	LINE_EDIT_DONE,        /* Enter: the line is in buf, NUL-terminated (empty if too_long) */
	LINE_EDIT_INTERRUPT,   /* ^C: the line is abandoned (buf is empty) */
};

enum line_edit_escape { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

struct line_edit {
	char buf[LINE_EDIT_MAX];
	size_t len, cur;            /* bytes in buf; the cursor, 0..len */
	bool too_long;              /* a byte did not fit: the line will be refused whole */
	enum line_edit_escape esc;  /* inside an escape sequence: what was seen so far */
	char seq[LINE_EDIT_SEQ_MAX];   /* a CSI's parameter and intermediate bytes */
	size_t seq_len;
	bool seq_overflow;
	/* What to print after each byte (the echo, the redraw, a BEL). */
	char out[LINE_EDIT_OUT_MAX];
	size_t out_len;
};

/* An empty line, cursor at its start. */
void line_edit_start(struct line_edit *e);
/*
 * Take one input byte. Afterwards e->out[0..e->out_len) is what the terminal
 * must be sent (the caller writes it, then may feed the next byte).
 */
enum line_edit_status line_edit_feed(struct line_edit *e, unsigned char c);

#endif
