; User entry: the kernel leaves argc, then argv, at the top of the stack.
section .text.start
global _start
extern main, exit
_start:
	xor ebp, ebp                 ; backtraces stop here
	mov eax, [esp]               ; argc
	mov edx, [esp + 4]           ; argv
	and esp, -16                 ; the i386 SysV stack alignment at a call
	sub esp, 8
	push edx
	push eax
	call main
	push eax
	call exit                    ; never returns
	ud2
