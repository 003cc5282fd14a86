/* The -nostdlib Linux test programs' start: find AT_SYSINFO in the auxiliary vector, run lx_main, exit_group. */
#include "lxcalls.h"

unsigned long lx_sysinfo;

void lx_start_c(unsigned long *sp) __attribute__((used, noreturn));
void lx_start_c(unsigned long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	unsigned long *p = sp + 1 + argc + 1;
	while (*p)
		p++;   /* envp */
	unsigned long *auxv = p + 1;
	for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2)
		if (a[0] == AT_SYSINFO)
			lx_sysinfo = a[1];
	int status = lx_main(argc, argv, auxv);
	lx_int80(NR_exit_group, status, 0, 0);
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n\txor %ebp, %ebp\n\tmov %esp, %eax\n\tand $-16, %esp\n\tsub $12, %esp\n\tpush %eax\n\tcall lx_start_c\n");
