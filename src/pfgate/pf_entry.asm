; #PF (vector 14): the front door of every gate call, and the only code that
; accepts one, calls its handler and emulates its `ret`.
;
; The CPU has pushed SS:ESP (from ring 3), EFLAGS, CS:EIP and the error code.
; A gate call is a user-mode fetch of the first byte of a gate page:
;
;   CR2 == EIP, CR2 in the gate window and page-aligned, U/S = 1
;   (P = 0 and W = 0 follow: the window's directory entry is never present,
;   and a fetch is not a write)
;
; and its return address must be readable on the user stack (a listed load:
; a bad ESP lands in the fixup, not in a kernel panic). Then the handler from
; the current process's dispatch table runs with the caller's EAX, EDX, ECX,
; and the stub returns to the caller as a `ret` would: EIP = the return
; address, ESP + 4, EAX = the result, EBX ESI EDI EBP as they were, ECX and
; EDX nothing of the kernel.
;
; Every entry starts lean: it saves EBX and ESI (the only registers it uses;
; the handler preserves EDI and EBP itself) and writes the caller's DS and ES
; into the frame's vector slot. When both are SEG_UDATA, which the kernel keeps
; in DS and ES too (SEG_KERNEL_DS), nothing is loaded or restored: that frame
; is the lean frame (trap/trap_frame.h says what it holds). Anything else -
; a null, code or odd selector, or (sysexit flavour) flags that sysexit cannot
; give back - goes to the full save of the same checks (GATE_FULL below),
; which saves everything, loads the kernel's selectors and returns by iret
; with the caller's own. What the stub declines - an ordinary fault, a
; misuse, a bad stack - gets a full frame and goes to pf_declined
; (dispatch.c), which classifies it with pfgate_decode and kills or takes the
; ordinary fault path; a good call it was handed is a kernel bug (tripwire).
;
; Flavours (the IDT entry is chosen at boot, idt_set_pf_gate_entry):
;   pf_entry            returns by iret
;   pf_entry_sysexit    returns by sysexit (the default where the CPU has it)
;   (each also as ..._nosmap, without the SMAP window: see the lean flavours)
;   pf_entry_logged     `gatelog`: the full save, and gate_log after the handler
;   pf_entry_declining  `gatedecline` (a test): declines every call it would accept
%include "asm_offsets.inc"
%include "arch/trap_frame.inc"

section .text
extern pf_declined, pf_gate_log, trap_return, gate_cpu0, gate_log_calls
global pf_entry, pf_entry_sysexit, pf_entry_logged, pf_entry_declining
global pf_entry_call, pf_entry_return, pf_entry_sysexit_call, pf_entry_sysexit_return
global pf_entry_load_return, pf_entry_sysexit_load_return
global pf_entry_nosmap, pf_entry_nosmap_call, pf_entry_nosmap_return, pf_entry_nosmap_load_return
global pf_entry_sysexit_nosmap, pf_entry_sysexit_nosmap_call, pf_entry_sysexit_nosmap_return
global pf_entry_sysexit_nosmap_load_return
global pf_gate_full, pf_gate_full_call, pf_gate_full_return, pf_gate_full_load_return
global pf_entry_logged_call, pf_entry_logged_return, pf_entry_logged_load_return
global pf_lean_decline, pf_lean_bad_stack, pf_full_decline, pf_full_bad_stack

; The gate call's checks, written once. On success EBX = the handler's slot
; in the current process's dispatch table and ESI = the return address.
; %1 the label of the return-address load, %2 where a decline goes, %3 the
; load's fixup, %4 WITH_SMAP or WITHOUT_SMAP (boot/smap.inc). EAX, ECX,
; EDX, EDI, EBP are untouched until the call.
%macro GATE_ACCEPT 3-4 WITH_SMAP
	mov ebx, cr2
	cmp ebx, [esp + TF_EIP]        ; a fetch at the faulting address
	jne %2
	sub ebx, GATE_BASE             ; the offset in the window (huge if below it)
	test ebx, ~(GATE_WINDOW_SIZE - 1) | PAGE_OFFSET_MASK
	jnz %2                         ; outside the window, or not a page's first byte
	test byte [esp + TF_ERR], PF_ERR_U
	jz %2                          ; from the kernel: never a call
	mov esi, [esp + TF_ESP]        ; the user's ESP ...
	cmp esi, KERNEL_BASE - 4
	ja %2                          ; ... and the return address below the kernel
	USER_ACCESS_OPEN_IF %4         ; SMAP: the one user load of the fast path
%1:
	mov esi, [esi]
	USER_ACCESS_CLOSE_IF %4
section __ex_table
	dd %1, %3
section .text
	shr ebx, PAGE_SHIFT - 2        ; gate number * 4: an index into the table
	add ebx, [gate_cpu0 + GATE_CPU_TABLE]
%endmacro

; The emulated `ret` into a full frame, then out through trap_return (iret).
%macro FULL_RETURN 0
	mov [esp + TF_EAX], eax        ; the result
	mov [esp + TF_EIP], esi
	add dword [esp + TF_ESP], 4
	xor eax, eax                   ; ECX and EDX carry nothing back
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	jmp trap_return
%endmacro

; ---- the lean flavours -------------------------------------------------------
; Each is assembled twice (boot/smap.inc): `name` with the SMAP window's
; clac/stac/clac, `name_nosmap` without, for a CPU running without SMAP.

%macro LEAN_IRET_FLAVOUR 2
%1:
	LEAN_SAVE TF_ERR, pf_gate_full, %2
	cld                            ; iret gives the caller's DF back
	GATE_ACCEPT %{1}_load_return, pf_lean_decline, pf_lean_bad_stack, %2
%{1}_call:
	call [ebx]
%{1}_return:
	mov [esp + TF_EIP], esi        ; the emulated `ret`
	add dword [esp + TF_ESP], 4
	xor ecx, ecx                   ; ECX and EDX carry nothing back: no kernel data leaks
	xor edx, edx
	mov ebx, [esp + TF_EBX]
	mov esi, [esp + TF_ESI]
	add esp, TF_EIP
	iret
%endmacro

; sysexit keeps EFLAGS as they are: only for a caller whose flags hold
; nothing it would lose (TF, DF, NT, AC, VM, IOPL); with DF clear, C needs
; no cld. The flags it returns are the caller's own (swtch keeps them per
; process), but for the arithmetic ones, set last by `add ecx, 4` on the
; caller's ESP: no result of kernel arithmetic reaches the user.
%macro LEAN_SYSEXIT_FLAVOUR 2
%1:
	LEAN_SAVE TF_ERR, pf_gate_full, %2
	test dword [esp + TF_EFLAGS], EFLAGS_SYSEXIT_UNSAFE
	jnz pf_gate_full
	GATE_ACCEPT %{1}_load_return, pf_lean_decline, pf_lean_bad_stack, %2
%{1}_call:
	call [ebx]
%{1}_return:
	; sysexit: EIP from EDX, ESP from ECX. Those are the caller's own return
	; address and stack pointer, not kernel data: nothing of the kernel leaks.
	mov edx, esi
	mov ecx, [esp + TF_ESP]
	add ecx, 4                     ; the last flag-setting instruction: user data only
	mov ebx, [esp + TF_EBX]
	mov esi, [esp + TF_ESI]
	; Interrupts stay off until sysexit itself (STI's shadow): an interrupt
	; taken in kernel mode never preempts, so a tight loop of calls could
	; otherwise keep the CPU. ESP needs no reset: the next entry starts at esp0.
	sti
	sysexit
%endmacro

LEAN_IRET_FLAVOUR pf_entry, WITH_SMAP
LEAN_SYSEXIT_FLAVOUR pf_entry_sysexit, WITH_SMAP
LEAN_IRET_FLAVOUR pf_entry_nosmap, WITHOUT_SMAP
LEAN_SYSEXIT_FLAVOUR pf_entry_sysexit_nosmap, WITHOUT_SMAP

; ---- the full save: the same checks, for every other caller ----------------

pf_gate_full:
	COMPLETE_FRAME T_PAGE_FAULT
	GATE_ACCEPT pf_gate_full_load_return, pf_full_decline, pf_full_bad_stack
pf_gate_full_call:
	call [ebx]
pf_gate_full_return:
	FULL_RETURN

; `gatelog`: always the full save (the logger reads the arguments from the
; frame), and after the handler the log line, which also cross-checks the
; stub's verdict against pfgate_decode.
pf_entry_logged:
	USER_ACCESS_CLOSE              ; AC = 0 first: its declines run C too (SMAP)
	sub esp, TF_ERR
	mov [esp + TF_EBX], ebx
	mov [esp + TF_ESI], esi
	COMPLETE_FRAME T_PAGE_FAULT
	GATE_ACCEPT pf_entry_logged_load_return, pf_full_decline, pf_full_bad_stack
	inc dword [gate_log_calls]     ; counted before the call: exit never comes back to be logged
pf_entry_logged_call:
	call [ebx]
pf_entry_logged_return:
	mov ebx, eax                   ; the result, kept across the logger (callee-saved)
	mov edx, eax                   ; pf_gate_log(tf, result), regparm
	mov eax, esp
	call pf_gate_log
	mov eax, ebx
	FULL_RETURN

; `gatedecline` (a test of the tripwire): the lean stub, but a call it
; accepts is handed to pf_declined as if it had been refused.
pf_entry_declining:
	LEAN_SAVE TF_ERR, pf_gate_full
	cld
	GATE_ACCEPT pf_entry_declining_load_return, pf_lean_decline, pf_lean_bad_stack
	jmp pf_lean_decline

; ---- what the stub declines ------------------------------------------------

pf_lean_decline:
	COMPLETE_FRAME T_PAGE_FAULT
pf_full_decline:
	mov eax, esp                   ; pf_declined(tf, cr2), regparm
	mov edx, cr2
	call pf_declined
	jmp trap_return

; The return-address load faulted; that fault overwrote CR2, but this one was
; a gate fetch, so its CR2 was EIP. C repeats the read and kills.
pf_lean_bad_stack:
	COMPLETE_FRAME T_PAGE_FAULT
pf_full_bad_stack:
	mov eax, esp
	mov edx, [esp + TF_EIP]
	call pf_declined
	jmp trap_return
