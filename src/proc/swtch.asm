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
; from). It may have been killed or sent a signal before it ever ran: its
; frame is whole (proc_first_frame's caller filled it before making it
; runnable), so signal_deliver ends it, stops it or runs a fork child's
; inherited handler before its first instruction, as Linux's first return
; does. Only a new process's first run pays for the look, no gate call.
global proc_first_return
extern trap_return, sched_finish_first_switch, signal_deliver
proc_first_return:
	call sched_finish_first_switch
	mov eax, esp                   ; signal_deliver(tf), regparm: a kill first, then the signals
	call signal_deliver
	jmp trap_return
