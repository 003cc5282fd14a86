#include "kernel/console.h"
#include "kernel/format.h"
#include "drivers/serial.h"
#include "drivers/vga.h"

static void console_putc(char c, void *ctx)
{
	(void)ctx;
	serial_putc(c);
	vga_putc(c);
}

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i], NULL);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(console_putc, NULL, fmt, ap);
	va_end(ap);
	return n;
}
