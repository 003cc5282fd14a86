/*
 * What the drivers call in the rooms above them, declared here so that
 * src/drivers includes nothing above it (docs/design.md, "Layering"): the
 * keyboard and the serial line hand each received byte to the console input
 * queue (tty/input.c defines it; tty/input.h includes this header).
 */
#ifndef DRIVERS_UPCALLS_H
#define DRIVERS_UPCALLS_H

/*
 * From interrupt handlers. A full queue drops the byte (and counts it); ^C
 * goes to the foreground process (tty/foreground.h) when there is one.
 */
void input_push(char c);

#endif
