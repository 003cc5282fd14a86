/* Kernels without a framebuffer console: no font (the bench image links a real one instead). */
#include "drivers/font.h"
#include <stddef.h>

const struct console_font *const console_font = NULL;
