/* VGA text mode console, 80x25, with scrolling; '\f' clears it. */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

void vga_init(void);
void vga_putc(char c);

#endif
