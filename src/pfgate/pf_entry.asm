; #PF (vector 14): the front door of every gate call.
;
; The CPU has pushed SS:ESP (from ring 3), EFLAGS, CS:EIP and the error code.
; pf_entry completes the trap frame, then takes the fast path when the fault
; is the common case, a user-mode fetch of the first byte of a gate page:
;
;   CR2 == EIP, CR2 in the gate window and page-aligned, U/S = 1
;   (P = 0 and W = 0 follow: the window's directory entry is never present,
;   and a fetch is not a write)
;
; Then it reads the return address from the user stack (a listed load, so a
; bad ESP lands in the slow path), calls the handler from the current
; process's dispatch table with the caller's EAX, EDX, ECX, and emulates the
; `ret`. Anything else goes to pf_dispatch (dispatch.c), the complete C
; version of the same rules (pfgate_decode, host-tested), which also kills
; misusers and handles ordinary faults. The decode is written twice on
; purpose: once in C as the reference, once here where every instruction is
; paid for on each call (see the DESIGN departure note in dispatch.c).
%include "asm_offsets.inc"

section .text
extern pf_dispatch, pf_dispatch_logged, trap_return, cpu0
global pf_entry, pf_entry_logged, pf_fast_call, pf_fast_return, pf_slow_path, pf_bad_stack

%macro PF_FRAME 0
	push T_PAGE_FAULT
	push ds
	push es
	pushad
	mov eax, SEG_KDATA             ; the user may have loaded any selector, even null
	mov ds, eax
	mov es, eax
%endmacro

pf_entry:
	PF_FRAME
	mov eax, cr2
	mov ebx, eax
	sub ebx, GATE_BASE             ; offset in the window; wraps to huge below it
	cmp ebx, GATE_WINDOW_SIZE
	jae pf_slow_path
	cmp eax, [esp + TF_EIP]        ; a fetch at the faulting address
	jne pf_slow_path
	test ebx, PAGE_OFFSET_MASK     ; the first byte of the page only
	jnz pf_slow_path
	test byte [esp + TF_ERR], PF_ERR_U
	jz pf_slow_path
	mov esi, [esp + TF_ESP]        ; the return address, from the user stack
	cmp esi, KERNEL_BASE - 4
	ja pf_slow_path
pf_load_return:
	mov esi, [esi]
section __ex_table
	dd pf_load_return, pf_bad_stack
section .text
	shr ebx, PAGE_SHIFT - 2        ; gate number * 4: an index into the table
	add ebx, [cpu0 + CPU_GATE_TABLE]
	mov eax, [esp + TF_EAX]        ; EDX and ECX still hold the caller's values
pf_fast_call:
	call [ebx]
pf_fast_return:
	mov [esp + TF_EAX], eax        ; the result
	mov [esp + TF_EIP], esi        ; the emulated `ret`
	add dword [esp + TF_ESP], 4
	xor eax, eax                   ; ECX and EDX carry nothing back: no kernel data leaks
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	jmp trap_return
pf_slow_path:
	mov eax, esp                   ; pf_dispatch(tf, cr2), regparm
	mov edx, cr2
	call pf_dispatch
	jmp trap_return
pf_bad_stack:
	; The return-address load faulted, and that fault overwrote CR2; this
	; one was a gate fetch, so its CR2 was EIP. C repeats the read and kills.
	mov eax, esp
	mov edx, [esp + TF_EIP]
	call pf_dispatch
	jmp trap_return

; The `gatelog` boot option points the IDT here: every call goes through C and is logged.
pf_entry_logged:
	PF_FRAME
	mov eax, esp
	mov edx, cr2
	call pf_dispatch_logged
	jmp trap_return
