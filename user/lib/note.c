/*
 * The note that makes a program native: the kernel runs an i386 ELF without
 * it as a Linux program (include/pfgate/abi.h, docs/design.md "Personalities").
 * GAS gives a section named .note* the type SHT_NOTE, so the linker makes a
 * PT_NOTE for it; user/user.ld keeps it.
 */
#include <stdint.h>
#include <pfgate/abi.h>

static const struct {
	uint32_t namesz, descsz, type;
	char name[(sizeof PFGATE_NOTE_NAME + 3) & ~3u];
} pfgate_note __attribute__((section(".note.pfgate"), aligned(4), used)) = {
	sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE, PFGATE_NOTE_NAME,
};
