; #PF (vector 14) entry: the front door of every gate call.
; The CPU has pushed SS:ESP (from ring 3), EFLAGS, CS:EIP and the error code.
; We complete the trap frame and hand it with CR2 to the C dispatcher, which
; either runs a gate service or treats the fault as an ordinary one.
; Two entries from one macro: pf_entry (the fast path) and pf_entry_logged,
; which the IDT uses instead when the `gatelog` boot option is on.
%include "asm_offsets.inc"

section .text
extern trap_return

%macro PF_ENTRY 2
extern %2
global %1
%1:
	push T_PAGE_FAULT
	push ds
	push es
	pushad
	mov ax, SEG_KDATA
	mov ds, ax
	mov es, ax
	mov eax, esp                 ; dispatch(tf, cr2), regparm
	mov edx, cr2
	call %2
	jmp trap_return
%endmacro

PF_ENTRY pf_entry, pf_dispatch
PF_ENTRY pf_entry_logged, pf_dispatch_logged
