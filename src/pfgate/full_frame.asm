; The table entries of the FULL_GATEs of gates.def (fork, exec, the signal
; gates that deliver or restore): thunks that
; give their service every user register. The lean gate frame saves only
; what the emulated `ret` needs (arch/trap_frame.h); fork copies every
; register into the child and exec replaces them all, so these entries
; complete the frame, emulate the `ret` into it, run svc_<name> (which finds
; the frame at current_proc()->tf) and leave by iret through trap_return,
; never back into the stub that called them. No other gate's path changes:
; the stubs call [ebx] as for any gate.
;
; Entered by `call [ebx]` from any #PF flavour (lean or full frame, ESI the
; return address) or by a measurement door (make bench's kernel), whose frame
; is no #PF frame: full_frame_is_gate_call (dispatch.c) tells them apart by
; where the frame lies and what it holds, and a door gets -ENOSYS (the
; doors are for measuring the gate ABI, not for these services).
%include "asm_offsets.inc"
%include "arch/trap_frame.inc"
%include "pfgate/gate_call.inc"

section .text
extern trap_return, full_frame_log, pf_entry_logged_return, signal_deliver

; %1 the service; %2 `result` (EAX gets its result, ECX and EDX nothing) or
; `restores` (sigreturn: the service wrote every register itself).
%macro FULL_FRAME_THUNK 2
extern svc_%1
global full_frame_%1
full_frame_%1:
	JUMP_UNLESS_GATE_CALL .door      ; the caller's arguments kept across the check
	xor ebx, ebx                   ; EBX (the user's is in the frame): the gate's address if `gatelog`'s stub called
	cmp dword [esp], pf_entry_logged_return
	jne .unlogged
	mov ebx, [esp + 4 + TF_EIP]    ; still the gate, before the emulated `ret`
.unlogged:
	add esp, 4                     ; this gate returns by iret, not through its stub
	mov [esp + TF_EIP], esi        ; the emulated `ret`, as the stub would do it
	add dword [esp + TF_ESP], 4
	cmp dword [esp + TF_VECTOR], TF_LEAN_MARK
	jne .complete                  ; the full save has every register already
	COMPLETE_FRAME T_PAGE_FAULT    ; EAX..EBP, DS, ES: still the caller's
.complete:
	mov eax, [esp + TF_EAX]        ; svc_<name>(EAX, EDX, ECX) as gates.def says
	mov edx, [esp + TF_EDX]
	mov ecx, [esp + TF_ECX]
	push ecx                       ; the arguments as called, for the log (exec's success rewrites the frame)
	push edx
	push eax
	call svc_%1
	test ebx, ebx
	jz .log_done
	push eax
	mov ecx, esp                   ; full_frame_log(gate address, result, arguments), regparm
	add ecx, 4
	mov edx, eax
	mov eax, ebx
	call full_frame_log            ; the stub's own log line is never reached: this gate leaves by iret
	pop eax
.log_done:
	add esp, 12
%ifidn %2, result
	mov [esp + TF_EAX], eax        ; the result (exec's success wrote a new frame: 0)
	xor eax, eax                   ; ECX and EDX carry nothing back, as from any gate
	mov [esp + TF_ECX], eax
	mov [esp + TF_EDX], eax
%endif
	mov eax, esp                   ; a pending signal (one sent to oneself, say) runs its handler now
	call signal_deliver
	jmp trap_return
.door:
	mov eax, -ENOSYS
	ret
%endmacro

FULL_FRAME_THUNK fork, result
FULL_FRAME_THUNK exec, result
FULL_FRAME_THUNK sigreturn, restores
FULL_FRAME_THUNK sigsuspend, result
FULL_FRAME_THUNK killsig, result
