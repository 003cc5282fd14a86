; The table entry of every served Linux gate (linux_calls.c puts it at
; LINUX_GATE_FIRST + n): Linux passes its arguments in EBX, ECX, EDX, ESI,
; EDI, EBP and expects every register but EAX back as it was (int 0x80's
; promise, which glibc's inline calls rely on). The #PF stub's lean return
; clears ECX and EDX, so, as the FULL_GATEs' thunks do (pfgate/full_frame.asm),
; this entry leaves by itself and never returns to the stub that called it.
;
; Entered by `call [ebx]` from any #PF flavour: EBX the table slot, ESI the
; return address, the caller's EBX and ESI in the frame (lean or full: every
; flavour writes those two first), ECX EDX EDI EBP still the caller's. The
; call's number is the slot's (CR2 chose it); nothing the caller passed in
; EAX is read.
%include "asm_offsets.inc"
%include "arch/trap_frame.inc"
%include "pfgate/gate_call.inc"

section .text
extern linux_call, linux_gate_slots, linux_gate_interrupted, trap_return, signal_deliver
global linux_gate_entry, linux_gate_entry_full

; linux_call(n, args at ESP, LINUX_DOOR_GATE), regparm, n from the slot in
; EBX (CR2 chose it): (slot - &linux_gate_slots[LINUX_GATE_FIRST]) / 4. In
; line, not a C wrapper: on every Linux gate call (getpid's round trip).
; Keeps EBX ESI EDI EBP (cdecl's callee-saved).
%macro CALL_LINUX_BY_SLOT 0
	mov eax, ebx
	sub eax, linux_gate_slots + 4 * LINUX_GATE_FIRST
	shr eax, 2
	mov edx, esp
	mov ecx, LINUX_DOOR_GATE
	call linux_call
%endmacro

linux_gate_entry:
	add esp, 4                     ; not back into the stub: the frame is at ESP now
	mov [esp + TF_EIP], esi        ; the emulated `ret`
	add dword [esp + TF_ESP], 4
	push ebp                       ; struct linux_args, from its last field down
	push edi
	push dword [esp + 8 + TF_ESI]
	push edx
	push ecx
	push dword [esp + 20 + TF_EBX]
	CALL_LINUX_BY_SLOT
	add esp, 4                     ; (EBX's copy: the frame has the caller's own)
	pop ecx
	pop edx
	add esp, 12                    ; ESI's copy, EDI and EBP: callee-saved, never changed
	cmp eax, -EINTR
	je .interrupted                ; a signal's handler runs first, or the call is made again
	cmp dword [esp + TF_VECTOR], TF_LEAN_MARK
	jne .full
	mov ebx, [esp + TF_EBX]        ; the lean frame: the two registers the stub used
	mov esi, [esp + TF_ESI]
	add esp, TF_EIP
	iret                           ; the caller's EFLAGS, DS, ES (SEG_UDATA), FS, GS untouched
.full:
	mov [esp + TF_EAX], eax        ; the full save holds every register: all go back but EAX
	jmp trap_return
.interrupted:
	cmp dword [esp + TF_VECTOR], TF_LEAN_MARK
	jne .complete
	COMPLETE_FRAME T_PAGE_FAULT    ; ECX EDX EDI EBP the caller's again, EAX the result
.complete:
	mov [esp + TF_EAX], eax
	mov eax, esp                   ; linux_gate_interrupted(tf, slot), regparm
	mov edx, ebx
	call linux_gate_interrupted
	jmp trap_return

; The entry of the LINUX_FULL_CALLs (linux_calls.def): as above, but the frame
; is completed first (fork copies it, execve and sigreturn rewrite it, the
; handler reads it at current_proc()->tf), the arguments are read from it, and
; a pending signal (one the call sent to the caller itself, or unblocked) has
; its handler's frame built on the way out, as the native FULL_GATEs do
; (pfgate/full_frame.asm). Every register but EAX goes back as it was, or as
; the handler wrote it into the frame. make bench's doors can reach a Linux
; table too: a frame that is no gate call's gets -ENOSYS, as those thunks do.
linux_gate_entry_full:
	JUMP_UNLESS_GATE_CALL .door      ; ECX and EDX kept: COMPLETE_FRAME saves them
	add esp, 4                     ; not back into the stub: the frame is at ESP now
	mov [esp + TF_EIP], esi        ; the emulated `ret`
	add dword [esp + TF_ESP], 4
	cmp dword [esp + TF_VECTOR], TF_LEAN_MARK
	jne .complete                  ; the full save has every register already
	COMPLETE_FRAME T_PAGE_FAULT    ; EAX..EBP, DS, ES: still the caller's
.complete:                         ; (COMPLETE_FRAME keeps EBX, the slot)
	push dword [esp + TF_EBP]      ; struct linux_args from the frame, last field first
	push dword [esp + 4 + TF_EDI]
	push dword [esp + 8 + TF_ESI]
	push dword [esp + 12 + TF_EDX]
	push dword [esp + 16 + TF_ECX]
	push dword [esp + 20 + TF_EBX]
	CALL_LINUX_BY_SLOT
	add esp, 24
	mov [esp + TF_EAX], eax        ; (sigreturn's handler answers the restored EAX)
	mov eax, esp
	call signal_deliver
	jmp trap_return
.door:
	mov eax, -ENOSYS
	ret
