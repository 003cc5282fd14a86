; The Linux personality's doors in make bench's kernel (linux_doors.c): each
; enters the same Linux services as the gates, in Linux's convention (number
; in EAX, arguments in EBX, ECX, EDX, ESI, EDI, EBP; every register but EAX
; comes back). Unlike the native doors they always build the full frame, as
; Linux's own int 0x80 and sysenter entries save every register: a Linux call
; may be one that rewrites the frame (execve, sigreturn).
;   int 0x80   vector 0x80 while a Linux program runs (arch/personal_doors.h)
;   sysenter   IA32_SYSENTER_EIP while a Linux program runs; the vDSO pushed
;              EBP, EDX, ECX and its landing, and passes that ESP in EBP. Back
;              by sysexit (EDX and ECX lost) only to the landing, which pops
;              them; a call that rewrote the frame goes back by iret
;   lcall      DOOR_LINUX_CALLGATE_SEL, one call gate for every call
%include "asm_offsets.inc"
%include "bench_offsets.inc"
%include "arch/trap_frame.inc"

section .text
extern trap_return, door_linux_int80, door_linux_sysenter, door_linux_callgate
global door_linux_int80_entry, door_linux_sysenter_entry, door_linux_callgate_entry

; The CPU pushed SS, ESP, EFLAGS, CS, EIP.
door_linux_int80_entry:
	push 0
	push DOOR_INT_VECTOR
	SAVE_FRAME eax
	mov eax, esp                   ; door_linux_int80(tf), regparm
	call door_linux_int80
	jmp trap_return

; ESP = IA32_SYSENTER_ESP, IF = 0, the other flags the caller's. The frame an
; interrupt from ring 3 would have built; C finds EIP on the user's stack.
door_linux_sysenter_entry:
	lea esp, [esp - (TF_SIZE - TF_EFLAGS - 4)]   ; past the SS and ESP slots, flags untouched
	pushfd
	sub esp, TF_EFLAGS
	mov [esp + TF_EBX], ebx
	mov [esp + TF_ESI], esi
	mov [esp + TF_ESP], ebp
	mov dword [esp + TF_EIP], 0    ; (door_linux_sysenter reads the landing)
	or dword [esp + TF_EFLAGS], EFLAGS_IF
	mov dword [esp + TF_SS], SEG_UDATA
	mov dword [esp + TF_CS], SEG_UCODE
	mov dword [esp + TF_ERR], 0
	USER_ACCESS_CLOSE
	COMPLETE_FRAME T_SYSENTER
	mov eax, esp                   ; door_linux_sysenter(tf), regparm
	call door_linux_sysenter
	test eax, eax                  ; not back to the landing (execve, sigreturn): every register as the frame has it
	jz trap_return
	mov eax, [esp + TF_EIP]
	mov [esp + TF_EDX], eax
	mov eax, [esp + TF_ESP]
	mov [esp + TF_ECX], eax
	SYSEXIT_FROM_FRAME_RESTORING_FLAGS

; The CPU pushed SS, ESP, CS, EIP and left EFLAGS alone (IF too): an EFLAGS
; slot is made between CS and ESP, so the frame is an interrupt's and
; trap_return's iret gives the caller its flags back.
door_linux_callgate_entry:
	cli
	sub esp, 4
	push eax
	mov eax, [esp + 8]             ; EIP down one slot
	mov [esp + 4], eax
	mov eax, [esp + 12]            ; CS
	mov [esp + 8], eax
	pushfd
	pop eax
	or eax, EFLAGS_IF              ; ring 3 runs with IF = 1
	mov [esp + 12], eax
	pop eax
	push 0
	push DOOR_LINUX_CALLGATE_VECTOR
	SAVE_FRAME eax
	mov eax, esp                   ; door_linux_callgate(tf), regparm
	call door_linux_callgate
	jmp trap_return
