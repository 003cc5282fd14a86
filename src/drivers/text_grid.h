/*
 * A screen of character cells and its cursor: what the console's control
 * characters do (newline, carriage return, form feed, backspace, tab, the
 * wrap at the right edge, the scroll at the bottom), written once for VGA
 * text (vga.c) and the framebuffer console (fbcon.c). Each screen supplies
 * how a cell is shown, cleared and scrolled.
 */
#ifndef DRIVERS_TEXT_GRID_H
#define DRIVERS_TEXT_GRID_H

#define TEXT_TAB_WIDTH 8

struct text_grid {
	unsigned cols, rows;                 /* the size in cells */
	unsigned row, col;                   /* the cursor */
	void (*put)(unsigned cell, char c);  /* show c in cell row * cols + col */
	void (*clear)(void);                 /* every cell blank */
	void (*scroll)(void);                /* every line up one, the last one blank */
};

/* c at the cursor, or the control character's effect; the cursor moves on. */
void text_grid_putc(struct text_grid *g, char c);

#endif
