; void swtch(struct context **save, struct context *next)   (regparm: EAX, EDX)
; Saves the callee-saved registers, EFLAGS and the user's FS and GS on the
; current stack, stores that stack pointer in *save, and resumes `next`.
; EFLAGS: a process may enter the kernel with NT, AC or ID set (the doors do
; not clear them all); they must not follow the CPU into another process.
; FS, GS: the kernel never uses them, so they are not in the trap frame; they
; are the user's own and change hands only here.
; A new process's first context returns into proc_first_return with its user
; trap frame right above (see struct context in proc.c).
section .text
global swtch
swtch:
	pushfd
	push fs
	push gs
	push ebp
	push ebx
	push esi
	push edi
	mov [eax], esp
	mov esp, edx
	pop edi
	pop esi
	pop ebx
	pop ebp
	pop gs
	pop fs
	popfd
	ret

; A new process's first context returns here, with its user trap frame at ESP:
; first what sched() does after a switch (free an exited orphan switched away
; from); it may have been killed before it ever ran.
global proc_first_return
extern proc_check_killed, trap_return, sched_finish_first_switch
proc_first_return:
	call sched_finish_first_switch
	call proc_check_killed
	jmp trap_return
