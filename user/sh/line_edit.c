/* The shell's line editor (line_edit.h): a pure state machine, host-tested. */
#include "line_edit.h"

static void emit(struct line_edit *e, char c)
{
	if (e->out_len < sizeof e->out)
		e->out[e->out_len++] = c;
}

static void emit_span(struct line_edit *e, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		emit(e, e->buf[i]);
}

static void emit_n(struct line_edit *e, char c, size_t n)
{
	while (n--)
		emit(e, c);
}

static void bell(struct line_edit *e) { emit(e, KEY_BEL); }

void line_edit_start(struct line_edit *e)
{
	e->len = e->cur = 0;
	e->too_long = false;
	e->esc = ESC_NONE;
	e->seq_len = 0;
	e->seq_overflow = false;
	e->out_len = 0;
}

/* The cursor to pos: back with BS, forward by printing what it passes over. */
static void move_to(struct line_edit *e, size_t pos)
{
	if (pos < e->cur)
		emit_n(e, '\b', e->cur - pos);
	else
		emit_span(e, e->cur, pos);
	e->cur = pos;
}

static void insert(struct line_edit *e, char c)
{
	if (e->len + 1 >= sizeof e->buf) {
		e->too_long = true;   /* refused whole at Enter: running a cut line could do something else */
		bell(e);
		return;
	}
	for (size_t i = e->len; i > e->cur; i--)
		e->buf[i] = e->buf[i - 1];
	e->buf[e->cur] = c;
	e->len++;
	emit_span(e, e->cur, e->len);   /* the new byte and the rest, shifted right */
	e->cur++;
	emit_n(e, '\b', e->len - e->cur);
}

/* Remove buf[from..to) (from < to <= len) and redraw: the rest moves left, the freed cells are blanked. */
static void erase(struct line_edit *e, size_t from, size_t to)
{
	move_to(e, from);
	size_t gone = to - from;
	for (size_t i = to; i < e->len; i++)
		e->buf[i - gone] = e->buf[i];
	e->len -= gone;
	emit_span(e, from, e->len);
	emit_n(e, ' ', gone);
	emit_n(e, '\b', e->len - from + gone);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* The start of the word before the cursor (blanks before it go with it, as ^W in a terminal). */
static size_t word_start(const struct line_edit *e)
{
	size_t i = e->cur;
	while (i && is_blank(e->buf[i - 1]))
		i--;
	while (i && !is_blank(e->buf[i - 1]))
		i--;
	return i;
}

enum key { KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_DELETE, KEY_UNKNOWN };

static void edit_key(struct line_edit *e, enum key k)
{
	switch (k) {
	case KEY_LEFT:
		if (e->cur)
			move_to(e, e->cur - 1);
		else
			bell(e);
		break;
	case KEY_RIGHT:
		if (e->cur < e->len)
			move_to(e, e->cur + 1);
		else
			bell(e);
		break;
	case KEY_HOME:
		move_to(e, 0);
		break;
	case KEY_END:
		move_to(e, e->len);
		break;
	case KEY_DELETE:
		if (e->cur < e->len)
			erase(e, e->cur, e->cur + 1);
		else
			bell(e);
		break;
	case KEY_UNKNOWN:   /* Up/Down (no history), Insert, PgUp/PgDn, F-keys, modified keys... */
		bell(e);
		break;
	}
}

static bool seq_is(const struct line_edit *e, const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (i >= e->seq_len || e->seq[i] != s[i])
			return false;
	return i == e->seq_len;
}

/* A whole escape sequence: ESC [ params final, or ESC O final. */
static enum key decode_sequence(const struct line_edit *e, char final)
{
	if (e->seq_overflow)
		return KEY_UNKNOWN;
	if (e->seq_len == 0) {   /* ESC [ X and ESC O X alike */
		switch (final) {
		case 'C': return KEY_RIGHT;
		case 'D': return KEY_LEFT;
		case 'H': return KEY_HOME;
		case 'F': return KEY_END;
		default: return KEY_UNKNOWN;   /* A and B (Up, Down) among them */
		}
	}
	if (e->esc == ESC_CSI && final == '~') {   /* the VT220 keys: ESC [ N ~ */
		if (seq_is(e, "1") || seq_is(e, "7"))
			return KEY_HOME;
		if (seq_is(e, "4") || seq_is(e, "8"))
			return KEY_END;
		if (seq_is(e, "3"))
			return KEY_DELETE;
	}
	return KEY_UNKNOWN;
}

static enum line_edit_status plain_byte(struct line_edit *e, unsigned char c);

/* One byte inside an escape sequence. */
static enum line_edit_status escape_byte(struct line_edit *e, unsigned char c)
{
	if (e->esc == ESC_START) {
		if (c == '[' || c == 'O') {
			e->esc = c == '[' ? ESC_CSI : ESC_SS3;
			e->seq_len = 0;
			e->seq_overflow = false;
			return LINE_EDIT_MORE;
		}
		e->esc = ESC_NONE;
		bell(e);   /* ESC and a printable byte (Alt-key): consumed */
		if (c < 0x20 || c == KEY_DEL)
			return plain_byte(e, c);   /* a control byte is not part of it: it still does its job */
		return LINE_EDIT_MORE;
	}
	if (c >= 0x20 && c <= 0x3F) {   /* parameter and intermediate bytes */
		if (e->seq_len < sizeof e->seq)
			e->seq[e->seq_len++] = (char)c;
		else
			e->seq_overflow = true;
		return LINE_EDIT_MORE;
	}
	if (c >= 0x40 && c <= 0x7E) {   /* the final byte: the sequence is whole */
		enum key k = decode_sequence(e, (char)c);
		e->esc = ESC_NONE;
		edit_key(e, k);
		return LINE_EDIT_MORE;
	}
	/* A control byte cuts the sequence short: it is refused, the byte does its job. */
	e->esc = ESC_NONE;
	bell(e);
	return plain_byte(e, c);
}

static enum line_edit_status plain_byte(struct line_edit *e, unsigned char c)
{
	switch (c) {
	case '\r':
	case '\n':
		move_to(e, e->len);
		emit(e, '\n');
		if (e->too_long)
			e->len = 0;
		e->buf[e->len] = '\0';
		return LINE_EDIT_DONE;
	case KEY_CTRL('C'):
		if (e->len)
			erase(e, 0, e->len);
		emit(e, '^');
		emit(e, 'C');
		emit(e, '\n');
		e->len = e->cur = 0;
		e->too_long = false;
		e->buf[0] = '\0';
		return LINE_EDIT_INTERRUPT;
	case KEY_ESC:
		e->esc = ESC_START;
		return LINE_EDIT_MORE;
	case '\b':
	case KEY_DEL:
		if (e->cur)
			erase(e, e->cur - 1, e->cur);
		else
			bell(e);
		return LINE_EDIT_MORE;
	case KEY_CTRL('A'):
		edit_key(e, KEY_HOME);
		return LINE_EDIT_MORE;
	case KEY_CTRL('E'):
		edit_key(e, KEY_END);
		return LINE_EDIT_MORE;
	case KEY_CTRL('B'):
		edit_key(e, KEY_LEFT);
		return LINE_EDIT_MORE;
	case KEY_CTRL('F'):
		edit_key(e, KEY_RIGHT);
		return LINE_EDIT_MORE;
	case KEY_CTRL('D'):
		edit_key(e, KEY_DELETE);
		return LINE_EDIT_MORE;
	case KEY_CTRL('W'):
		if (e->cur)
			erase(e, word_start(e), e->cur);
		else
			bell(e);
		return LINE_EDIT_MORE;
	case KEY_CTRL('U'):
		if (e->cur)
			erase(e, 0, e->cur);
		else
			bell(e);
		e->too_long = false;   /* a fresh start */
		return LINE_EDIT_MORE;
	case KEY_CTRL('K'):
		if (e->cur < e->len)
			erase(e, e->cur, e->len);
		else
			bell(e);
		return LINE_EDIT_MORE;
	default:
		if (c < 0x20 || c > 0x7E)
			bell(e);   /* Tab (no completion), other control bytes, bytes above ASCII */
		else
			insert(e, (char)c);
		return LINE_EDIT_MORE;
	}
}

enum line_edit_status line_edit_feed(struct line_edit *e, unsigned char c)
{
	e->out_len = 0;
	if (e->esc != ESC_NONE)
		return escape_byte(e, c);
	return plain_byte(e, c);
}
