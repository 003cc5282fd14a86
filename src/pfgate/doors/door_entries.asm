; Entry stubs of the comparison doors (see doors.h). int 0x80 and sysenter
; build the same struct trap_frame as every trap; the call-gate frame has no
; EFLAGS or error code (nothing reads it as a trap frame). Sleeping services
; and kills work through all of them as through the gate.
%include "asm_offsets.inc"
%include "boot/trap_frame.inc"

section .text
extern cpu0, trap_return, door_sysenter_refuse
global door_int80_entry, door_sysenter_entry, door_sysenter_refused, door_callgate_common, door_callgate_stubs, door_callgate_stub_0, door_callgate_stubs_end

; Look up gate EBX in the current process's table and call it with the
; caller's EAX, EDX, ECX; the result goes into the frame's EAX.
%macro DOOR_DISPATCH 0
	mov eax, -ENOSYS
	cmp ebx, GATE_COUNT
	jae %%store
	mov edi, [cpu0 + CPU_GATE_TABLE]
	mov eax, [esp + TF_EAX]
	call [edi + ebx * 4]
%%store:
	mov [esp + TF_EAX], eax
%endmacro

door_int80_entry:
	push 0                         ; error code
	push DOOR_INT_VECTOR
	SAVE_FRAME eax
	DOOR_DISPATCH
	xor eax, eax                   ; nothing of the kernel leaks in ECX, EDX
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	jmp trap_return

; sysenter: ESP = IA32_SYSENTER_ESP (the current kernel stack top), IF = 0,
; the other flags the user's. Build the frame an interrupt from ring 3 would
; have pushed. (A user TF would trap right here: trap() clears it, see
; doors_single_step_entry; the user's single-stepping ends at this door.)
%macro SYSENTER_FRAME 0
	push SEG_UDATA                 ; ss
	push ebp                       ; the user's ESP
	pushfd                         ; the user's flags, given back by sysexit ...
	or dword [esp], EFLAGS_IF      ; ... with the IF that sysenter cleared
	push SEG_UCODE                 ; cs
	push edi                       ; the user's return address
	push 0
	push DOOR_SYSENTER_VECTOR
	SAVE_FRAME eax
%endmacro

door_sysenter_entry:
	SYSENTER_FRAME
	DOOR_DISPATCH
	; sysexit: EIP from EDX, ESP from ECX (user values, not kernel data)
	mov eax, [esp + TF_EIP]
	mov [esp + TF_EDX], eax
	mov eax, [esp + TF_ESP]
	mov [esp + TF_ECX], eax
	SYSEXIT_FROM_FRAME_RESTORING_FLAGS

; SYSENTER_EIP when the doors are closed: the caller is killed (never returns).
door_sysenter_refused:
	SYSENTER_FRAME
	mov eax, esp
	call door_sysenter_refuse
	ud2

; lcall through call gate GDT_CALLGATE_FIRST + n: the CPU pushed SS, ESP, CS,
; EIP (no EFLAGS: a call gate leaves IF alone). Stub n pushes n.
door_callgate_common:
	SAVE_FRAME eax
	mov ebx, [esp + 4 * 10]        ; n, above pushad (8) and es, ds
	DOOR_DISPATCH
	xor eax, eax
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
	popad
	pop es
	pop ds
	add esp, 4                     ; n
	sti                            ; ring 3 runs with IF = 1; the shadow covers the lret
	retf

%macro CALLGATE_STUB 1
door_callgate_stub_%1:
	cli                            ; the kernel runs with interrupts off
	push %1
	jmp door_callgate_common
%endmacro

%assign n 0
%rep GATE_COUNT
CALLGATE_STUB n
%assign n n + 1
%endrep
door_callgate_stubs_end:

section .rodata
door_callgate_stubs:
%assign n 0
%rep GATE_COUNT
	dd door_callgate_stub_ %+ n
%assign n n + 1
%endrep
