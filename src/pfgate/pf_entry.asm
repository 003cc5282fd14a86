; #PF (vector 14) entry: the front door of every gate call.
; The CPU has pushed SS:ESP (from ring 3), EFLAGS, CS:EIP and the error code.
; We complete the trap frame and hand it with CR2 to pf_dispatch, which either
; runs a gate service or treats the fault as an ordinary one.
%include "asm_offsets.inc"

section .text
extern pf_dispatch, trap_return
global pf_entry
pf_entry:
	push T_PAGE_FAULT
	push ds
	push es
	pushad
	mov ax, SEG_KDATA
	mov ds, ax
	mov es, ax
	mov eax, esp                 ; pf_dispatch(tf, cr2), regparm
	mov edx, cr2
	call pf_dispatch
	jmp trap_return
