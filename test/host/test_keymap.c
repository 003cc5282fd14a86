/* US keymap for scancode set 1 (keymap_us.c). */
#include "host_test.h"
#include "drivers/keyboard.h"

/* Set-1 make codes used below. */
enum {
	SC_ESC = 0x01, SC_1 = 0x02, SC_0 = 0x0B, SC_MINUS = 0x0C, SC_EQUALS = 0x0D, SC_BACKSPACE = 0x0E,
	SC_TAB = 0x0F, SC_Q = 0x10, SC_P = 0x19, SC_LBRACKET = 0x1A, SC_ENTER = 0x1C, SC_LCTRL = 0x1D,
	SC_A = 0x1E, SC_L = 0x26, SC_SEMICOLON = 0x27, SC_QUOTE = 0x28, SC_BACKTICK = 0x29,
	SC_LSHIFT = 0x2A, SC_BACKSLASH = 0x2B, SC_Z = 0x2C, SC_C = 0x2E, SC_M = 0x32, SC_COMMA = 0x33,
	SC_SLASH = 0x35, SC_RSHIFT = 0x36, SC_KP_STAR = 0x37, SC_LALT = 0x38, SC_SPACE = 0x39,
	SC_CAPS = 0x3A, SC_F1 = 0x3B, SC_RELEASE = 0x80,
};

/* Each letter row maps to its lower-case letters, and to upper case with shift. */
static void test_letters(void **state)
{
	(void)state;
	static const struct { uint8_t first; const char *keys; } rows[] = {
		{ SC_Q, "qwertyuiop" }, { SC_A, "asdfghjkl" }, { SC_Z, "zxcvbnm" },
	};
	unsigned count = 0;
	for (size_t r = 0; r < ARRAY_LEN(rows); r++)
		for (size_t i = 0; rows[r].keys[i]; i++) {
			uint8_t sc = (uint8_t)(rows[r].first + i);
			char c = rows[r].keys[i];
			assert_int_equal(keymap_translate(sc, 0, 0), c);
			assert_int_equal(keymap_translate(sc, 1, 0), c - 'a' + 'A');
			count++;
		}
	assert_int_equal(count, 26);
	assert_int_equal(keymap_translate(SC_L, 0, 0), 'l');
	assert_int_equal(keymap_translate(SC_M, 0, 0), 'm');
}

/* The digit row, unshifted and shifted. */
static void test_digits_and_symbols(void **state)
{
	(void)state;
	const char *plain = "1234567890-=";
	const char *shifted = "!@#$%^&*()_+";
	for (int i = 0; i < 12; i++) {
		assert_int_equal(keymap_translate((uint8_t)(SC_1 + i), 0, 0), plain[i]);
		assert_int_equal(keymap_translate((uint8_t)(SC_1 + i), 1, 0), shifted[i]);
	}
	assert_int_equal(keymap_translate(SC_0, 0, 0), '0');
	static const struct { uint8_t sc; char plain, shifted; } sym[] = {
		{ SC_LBRACKET, '[', '{' }, { SC_LBRACKET + 1, ']', '}' }, { SC_SEMICOLON, ';', ':' },
		{ SC_QUOTE, '\'', '"' }, { SC_BACKTICK, '`', '~' }, { SC_BACKSLASH, '\\', '|' },
		{ SC_COMMA, ',', '<' }, { SC_COMMA + 1, '.', '>' }, { SC_SLASH, '/', '?' },
		{ SC_MINUS, '-', '_' }, { SC_EQUALS, '=', '+' }, { SC_SPACE, ' ', ' ' }, { SC_KP_STAR, '*', '*' },
	};
	for (size_t i = 0; i < ARRAY_LEN(sym); i++) {
		assert_int_equal(keymap_translate(sym[i].sc, 0, 0), sym[i].plain);
		assert_int_equal(keymap_translate(sym[i].sc, 1, 0), sym[i].shifted);
	}
}

/* Enter, backspace, tab and escape give a Linux console's bytes (CR, DEL), shifted or not. */
static void test_control_keys(void **state)
{
	(void)state;
	for (int shift = 0; shift <= 1; shift++) {
		assert_int_equal(keymap_translate(SC_ENTER, shift, 0), '\r');
		assert_int_equal(keymap_translate(SC_BACKSPACE, shift, 0), 0x7f);
		assert_int_equal(keymap_translate(SC_TAB, shift, 0), '\t');
		assert_int_equal(keymap_translate(SC_ESC, shift, 0), 27);
	}
}

/* Ctrl with a letter gives the control code (ctrl+c = 3), with or without shift. */
static void test_ctrl(void **state)
{
	(void)state;
	assert_int_equal(keymap_translate(SC_C, 0, 1), 3);
	assert_int_equal(keymap_translate(SC_C, 1, 1), 3);
	assert_int_equal(keymap_translate(SC_A, 0, 1), 1);
	assert_int_equal(keymap_translate(SC_Z, 0, 1), 26);
	assert_int_equal(keymap_translate(0x20 /* d */, 0, 1), 4);
	/* Ctrl does not change non-letters. */
	assert_int_equal(keymap_translate(SC_1, 0, 1), '1');
	assert_int_equal(keymap_translate(SC_ENTER, 0, 1), '\r');
}

/* Modifier keys, function keys and release codes produce no character. */
/* The E0 keys send what a serial terminal sends, so the shell's editor has one input language. */
static void test_extended_keys(void **state)
{
	(void)state;
	static const struct { uint8_t sc; const char *bytes; } keys[] = {
		{ 0x48, "\033[A" }, { 0x50, "\033[B" }, { 0x4D, "\033[C" }, { 0x4B, "\033[D" },
		{ 0x47, "\033[H" }, { 0x4F, "\033[F" }, { 0x53, "\033[3~" }, { 0x52, "\033[2~" },
		{ 0x49, "\033[5~" }, { 0x51, "\033[6~" }, { 0x1C, "\r" }, { 0x35, "/" },
	};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		assert_string_equal(keymap_extended(keys[i].sc), keys[i].bytes);
	/* Releases, right Ctrl (E0 1D), fake shifts (E0 2A) and the rest send nothing. */
	unsigned sending = 0;
	for (unsigned sc = 0; sc <= 0xFF; sc++)
		if (keymap_extended((uint8_t)sc))
			sending++;
	assert_int_equal(sending, ARRAY_LEN(keys));
	assert_null(keymap_extended(0x48 | SC_RELEASE));
	assert_null(keymap_extended(SC_LCTRL));
	assert_null(keymap_extended(SC_LSHIFT));
}

static void test_no_character(void **state)
{
	(void)state;
	static const uint8_t none[] = { 0x00, SC_LCTRL, SC_LSHIFT, SC_RSHIFT, SC_LALT, SC_CAPS, SC_F1, 0x7F };
	for (size_t i = 0; i < ARRAY_LEN(none); i++) {
		assert_int_equal(keymap_translate(none[i], 0, 0), 0);
		assert_int_equal(keymap_translate(none[i], 1, 1), 0);
	}
	/* Every break code (make | 0x80) is silent, whatever the modifiers. */
	for (unsigned sc = 0x80; sc <= 0xFF; sc++)
		for (int m = 0; m < 4; m++)
			assert_int_equal(keymap_translate((uint8_t)sc, m & 1, m >> 1), 0);
	assert_int_equal(keymap_translate(SC_A | SC_RELEASE, 0, 0), 0);
	assert_int_equal(keymap_translate(SC_ENTER | SC_RELEASE, 0, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_digits_and_symbols),
		cmocka_unit_test(test_control_keys),
		cmocka_unit_test(test_ctrl),
		cmocka_unit_test(test_extended_keys),
		cmocka_unit_test(test_no_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
