; void swtch(struct context **save, struct context *next)   (regparm: EAX, EDX)
; Saves the callee-saved registers on the current stack, stores that stack
; pointer in *save, and resumes `next`. A new process's first context returns
; into trap_return with its user trap frame right above.
section .text
global swtch
swtch:
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
	ret

; A new process's first context returns here, with its user trap frame at ESP:
; it may have been killed before it ever ran.
global proc_first_return
extern proc_check_killed, trap_return
proc_first_return:
	call proc_check_killed
	jmp trap_return
