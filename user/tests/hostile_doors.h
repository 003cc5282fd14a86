/*
 * Shared by the hostile test programs (hostile.c, hostilecase.c): one way to
 * enter the kernel through any door, with chosen EFLAGS bits and data
 * segments, that records every register the caller gets back.
 *
 *   door 0  the page-fault gate (a pushed return address and a jump: `ret`
 *           to the gate, so that no DS-relative load is needed once DS is
 *           a null or code selector)
 *   door 1  int 0x80, gate number in EBX
 *   door 2  sysenter, ESP in EBP, return address in EDI, gate number in EBX
 *   door 3  lcall to the call gate ((8 + n) << 3) | 3
 *
 * Before the door instruction: EAX, EDX, ECX = a0, a1, a2; EBX = 0x11111111
 * (gate and lcall) or the gate number (int 0x80, sysenter); ESI =
 * 0x44444444; EDI = 0x55555555 (sysenter: the return address); EBP =
 * 0x66666666 (sysenter: ESP); DS, ES, FS, GS from segs[0..3]; EFLAGS |=
 * setflags. Everything is put back afterwards (ESP, EBP, FS, GS included),
 * and EFLAGS.DF/AC/ID/NT are cleared again.
 */
#ifndef HOSTILE_DOORS_H
#define HOSTILE_DOORS_H

#include "ulib.h"

enum hx_door { HX_GATE, HX_INT80, HX_SYSENTER, HX_LCALL, HX_DOORS };
static const char *const hx_door_name[HX_DOORS] = { "gate", "int 0x80", "sysenter", "lcall" };

#define HX_SENT_EBX 0x11111111u
#define HX_SENT_ESI 0x44444444u
#define HX_SENT_EDI 0x55555555u
#define HX_SENT_EBP 0x66666666u

#define HX_UCODE ((uint32_t)USER_CS)
#define HX_UDATA ((uint32_t)USER_DS)
#define HX_CALLGATE_SEL(n) ((uint32_t)DOOR_CALLGATE_SEL(n))

#define HX_FL_CF 0x00000001u
#define HX_FL_TF 0x00000100u
#define HX_FL_DF 0x00000400u
#define HX_FL_NT 0x00004000u
#define HX_FL_AC 0x00040000u
#define HX_FL_ID 0x00200000u

struct hx_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp_after;
	uint32_t ds, es, fs, gs, eflags, esp_before;
};

extern const char hx_back[];   /* the return address every door call comes back to */
void hx_call_regs(unsigned door, unsigned gate, uint32_t a0, uint32_t a1, uint32_t a2,
		  struct hx_regs *out, uint32_t setflags, const uint32_t *segs);

__asm__(
	".data\n"
	".align 4\n"
	"hx_far: .long 0, 0\n"
	"hx_door_v: .long 0\n"
	"hx_gate_v: .long 0\n"
	"hx_a0: .long 0\n"
	"hx_a1: .long 0\n"
	"hx_a2: .long 0\n"
	"hx_out: .long 0\n"
	"hx_setflags: .long 0\n"
	"hx_segs: .long 0\n"
	"hx_esp_saved: .long 0\n"
	"hx_esp_before: .long 0\n"
	"hx_fs_saved: .long 0\n"
	"hx_gs_saved: .long 0\n"
	".text\n"
	".globl hx_call_regs\n"
	"hx_call_regs:\n\t"
	"push %ebp\n\tpush %ebx\n\tpush %esi\n\tpush %edi\n\t"
	"mov %esp, hx_esp_saved\n\t"
	"mov %fs, hx_fs_saved\n\t"
	"mov %gs, hx_gs_saved\n\t"
	"mov 20(%esp), %eax\n\tmov %eax, hx_door_v\n\t"
	"mov 24(%esp), %eax\n\tmov %eax, hx_gate_v\n\t"
	"mov 28(%esp), %eax\n\tmov %eax, hx_a0\n\t"
	"mov 32(%esp), %eax\n\tmov %eax, hx_a1\n\t"
	"mov 36(%esp), %eax\n\tmov %eax, hx_a2\n\t"
	"mov 40(%esp), %eax\n\tmov %eax, hx_out\n\t"
	"mov 44(%esp), %eax\n\tmov %eax, hx_setflags\n\t"
	"mov 48(%esp), %eax\n\tmov %eax, hx_segs\n\t"
	"mov hx_gate_v, %eax\n\tadd $8, %eax\n\tshl $3, %eax\n\tor $3, %eax\n\t"
	"mov %eax, hx_far+4\n\tmovl $0, hx_far\n\t"
	/* The gate: its return address, then its address for `ret`. */
	"cmpl $0, hx_door_v\n\tjne 1f\n\t"
	"pushl $.Lhx_back\n\t"
	"mov hx_gate_v, %eax\n\tshl $12, %eax\n\tadd $0xBFC00000, %eax\n\tpush %eax\n"
	"1:\n\t"
	"mov hx_segs, %eax\n\t"
	"pushl 0(%eax)\n\tpushl 4(%eax)\n\tpushl 8(%eax)\n\tpushl 12(%eax)\n\t"
	"pushf\n\tmov hx_setflags, %eax\n\tor %eax, (%esp)\n\t"
	"pushl hx_door_v\n\t"
	"cmpl $1, hx_door_v\n\tje 2f\n\t"
	"cmpl $2, hx_door_v\n\tje 2f\n\t"
	"pushl $0x11111111\n\tjmp 3f\n"
	"2:\tpushl hx_gate_v\n"
	"3:\tpushl hx_a2\n\tpushl hx_a1\n\tpushl hx_a0\n\t"
	"pop %eax\n\tpop %edx\n\tpop %ecx\n\tpop %ebx\n\tpop %edi\n\t"
	"mov $0x44444444, %esi\n\tmov $0x66666666, %ebp\n\t"
	"cmp $1, %edi\n\tje .Lhx_int80\n\t"
	"cmp $2, %edi\n\tje .Lhx_sysenter\n\t"
	"cmp $3, %edi\n\tje .Lhx_lcall\n\t"
	"mov $0x55555555, %edi\n\t"
	"popf\n\tpop %gs\n\tpop %fs\n\tpop %es\n\tpop %ds\n\t"
	"mov %esp, %ss:hx_esp_before\n\t"
	"ret\n"
	".Lhx_int80:\n\t"
	"mov $0x55555555, %edi\n\t"
	"popf\n\tpop %gs\n\tpop %fs\n\tpop %es\n\tpop %ds\n\t"
	"mov %esp, %ss:hx_esp_before\n\t"
	"int $0x80\n\t"
	"jmp .Lhx_back\n"
	".Lhx_sysenter:\n\t"
	"popf\n\tpop %gs\n\tpop %fs\n\tpop %es\n\tpop %ds\n\t"
	"mov %esp, %ss:hx_esp_before\n\t"
	"mov %esp, %ebp\n\tmov $.Lhx_back, %edi\n\t"
	"sysenter\n"
	".Lhx_lcall:\n\t"
	"mov $0x55555555, %edi\n\t"
	"popf\n\tpop %gs\n\tpop %fs\n\tpop %es\n\tpop %ds\n\t"
	"mov %esp, %ss:hx_esp_before\n\t"
	"lcall *%ss:hx_far\n"
	".globl hx_back\n"
	"hx_back:\n"
	".Lhx_back:\n\t"
	"pushf\n\tpush %gs\n\tpush %fs\n\tpush %es\n\tpush %ds\n\tpush %eax\n\t"
	"push $0x23\n\tpop %ds\n\tpush $0x23\n\tpop %es\n\t"
	"mov hx_out, %eax\n\t"
	"mov %ebx, 4(%eax)\n\tmov %ecx, 8(%eax)\n\tmov %edx, 12(%eax)\n\t"
	"mov %esi, 16(%eax)\n\tmov %edi, 20(%eax)\n\tmov %ebp, 24(%eax)\n\t"
	"popl 0(%eax)\n\tpopl 32(%eax)\n\tpopl 36(%eax)\n\tpopl 40(%eax)\n\tpopl 44(%eax)\n\tpopl 48(%eax)\n\t"
	"mov %esp, 28(%eax)\n\t"
	"mov hx_esp_before, %ebx\n\tmov %ebx, 52(%eax)\n\t"
	"pushf\n\tandl $~0x244500, (%esp)\n\tpopf\n\t"
	"mov hx_fs_saved, %fs\n\tmov hx_gs_saved, %gs\n\t"
	"mov hx_esp_saved, %esp\n\t"
	"pop %edi\n\tpop %esi\n\tpop %ebx\n\tpop %ebp\n\t"
	"ret\n"
	".text\n");

static inline uint32_t hx_eflags(void)
{
	uint32_t f;
	__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
	return f;
}

static inline uint32_t hx_fs(void) { uint32_t v; __asm__ volatile("movl %%fs, %0" : "=r"(v)); return v & 0xFFFF; }
static inline uint32_t hx_gs(void) { uint32_t v; __asm__ volatile("movl %%gs, %0" : "=r"(v)); return v & 0xFFFF; }
static inline void hx_set_fs_gs(uint32_t fs, uint32_t gs)
{
	__asm__ volatile("movl %0, %%fs\n\tmovl %1, %%gs" : : "r"(fs), "r"(gs));
}

/* A gate number through a door, plain: EAX result. */
static inline long hx_door_call(unsigned door, unsigned gate, uint32_t a0, uint32_t a1, uint32_t a2)
{
	static const uint32_t segs[4] = { HX_UDATA, HX_UDATA, 0, 0 };
	struct hx_regs r;
	hx_call_regs(door, gate, a0, a1, a2, &r, 0, segs);
	return (long)r.eax;
}

#endif
