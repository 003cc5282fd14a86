/*
 * An optional part of the kernel: a folder the build links in or leaves out
 * (src/bench/, make bench's measurement part), never named by the rest of the
 * kernel. KERNEL_PART(fn) lists fn in the .kernel_parts section; kmain runs
 * every listed fn once, after the rest of the machine is set up and before
 * the gate entry is chosen. Without the part the list is simply shorter.
 */
#ifndef KERNEL_PART_H
#define KERNEL_PART_H

typedef void (*kernel_part_init_t)(void);

#define KERNEL_PART(fn) \
	static const kernel_part_init_t kernel_part_##fn \
		__attribute__((used, section(".kernel_parts"))) = (fn)

/* The linker script's bounds of the list. */
extern const kernel_part_init_t __start_kernel_parts[], __stop_kernel_parts[];

#endif
