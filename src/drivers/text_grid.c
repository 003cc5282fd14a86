/* The console's control characters on a grid of cells (text_grid.h). */
#include "drivers/text_grid.h"

void text_grid_putc(struct text_grid *g, char c)
{
	switch (c) {
	case '\n':
		g->col = 0;
		g->row++;
		break;
	case '\r':
		g->col = 0;
		break;
	case '\f':   /* clear the screen (the bench image's table starts on a clean one) */
		g->clear();
		g->row = g->col = 0;
		break;
	case '\b':   /* back one cell, erasing nothing (as a VT100): "\b \b" erases, a line editor moves */
		if (g->col)
			g->col--;
		break;
	case '\a':   /* the bell: no sound here, and no glyph either */
		return;
	case '\t':
		g->col = (g->col + TEXT_TAB_WIDTH) & ~(TEXT_TAB_WIDTH - 1u);
		break;
	default:
		g->put(g->row * g->cols + g->col, c);
		g->col++;
	}
	if (g->col >= g->cols) {
		g->col = 0;
		g->row++;
	}
	if (g->row >= g->rows) {
		g->scroll();
		g->row = g->rows - 1;
	}
}
