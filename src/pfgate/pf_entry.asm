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
%include "boot/trap_frame.inc"

section .text
extern pf_dispatch, pf_dispatch_logged, trap_return, cpu0
global pf_entry, pf_entry_sysexit, pf_entry_logged, pf_entry_call, pf_entry_return, pf_entry_sysexit_call, pf_entry_sysexit_return, pf_entry_load_return, pf_entry_sysexit_load_return, pf_slow_path, pf_bad_stack


; The fast path, in two builds from one macro: %1 the entry's name, %2 how it
; returns: iret (always possible), or sysexit (cheaper, when the caller's
; EFLAGS hold nothing that sysexit would lose: TF, DF, NT, AC, VM, IOPL).
%macro PF_FAST_ENTRY 2
%1:
	push T_PAGE_FAULT
	SAVE_FRAME ebx                 ; EAX, EDX, ECX keep the caller's arguments from here on
	mov ebx, cr2
	cmp ebx, [esp + TF_EIP]        ; a fetch at the faulting address
	jne pf_slow_path
	sub ebx, GATE_BASE             ; the offset in the window (huge if below it)
	test ebx, ~(GATE_WINDOW_SIZE - 1) | PAGE_OFFSET_MASK
	jnz pf_slow_path               ; outside the window, or not a page's first byte
	test byte [esp + TF_ERR], PF_ERR_U
	jz pf_slow_path
	mov esi, [esp + TF_ESP]        ; the return address, from the user stack
	cmp esi, KERNEL_BASE - 4
	ja pf_slow_path
	USER_ACCESS_OPEN               ; SMAP: the one user load of the fast path
%1_load_return:
	mov esi, [esi]
	USER_ACCESS_CLOSE
section __ex_table
	dd %1_load_return, pf_bad_stack
section .text
	shr ebx, PAGE_SHIFT - 2        ; gate number * 4: an index into the table
	add ebx, [cpu0 + CPU_GATE_TABLE]
%1_call:
	call [ebx]
%1_return:
	mov [esp + TF_EAX], eax        ; the result
%ifidn %2, sysexit
	test dword [esp + TF_EFLAGS], EFLAGS_SYSEXIT_UNSAFE
	jnz %%by_iret
	; sysexit: EIP from EDX, ESP from ECX. Those are the caller's own return
	; address and stack pointer, not kernel data: nothing of the kernel leaks.
	mov [esp + TF_EDX], esi
	mov eax, [esp + TF_ESP]
	add eax, 4                     ; the last flag-setting instruction: user data only
	mov [esp + TF_ECX], eax
	SYSEXIT_FROM_FRAME
%%by_iret:
%endif
	mov [esp + TF_EIP], esi        ; the emulated `ret`
	add dword [esp + TF_ESP], 4
	xor eax, eax                   ; ECX and EDX carry nothing back: no kernel data leaks
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	IRET_FROM_FRAME                ; trap_return, inlined: one jump less on every call
%endmacro

PF_FAST_ENTRY pf_entry, iret
PF_FAST_ENTRY pf_entry_sysexit, sysexit

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
	push T_PAGE_FAULT
	SAVE_FRAME eax
	mov eax, esp
	mov edx, cr2
	call pf_dispatch_logged
	jmp trap_return
