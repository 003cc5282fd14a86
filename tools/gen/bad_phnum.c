/*
 * Writes an absurd ELF executable to stdout: N one-byte PT_LOAD segments,
 * each on its own page, all valid on their own (usage: gen_bad_phnum N).
 * A loader that compares every segment with every other takes quadratic
 * time over it; ours refuses the header count at once (elf_check).
 */
#include "proc/elf.h"
#include <pfgate/layout.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	if (n == 0 || n > 0xFFFF) {
		fprintf(stderr, "usage: gen_bad_phnum N (1..65535)\n");
		return 2;
	}
	Elf32_Ehdr eh;
	memset(&eh, 0, sizeof eh);
	memcpy(eh.e_ident, "\x7F" "ELF", 4);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[6] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_386;
	eh.e_version = EV_CURRENT;
	eh.e_entry = USER_BASE;
	eh.e_phoff = sizeof eh;
	eh.e_ehsize = sizeof eh;
	eh.e_phentsize = sizeof(Elf32_Phdr);
	eh.e_phnum = (uint16_t)n;
	fwrite(&eh, sizeof eh, 1, stdout);
	for (unsigned long i = 0; i < n; i++) {
		/* The first byte of the file, mapped at a page of its own (offset and address agree modulo the page). */
		Elf32_Phdr ph = { PT_LOAD, 0, USER_BASE + (uint32_t)i * PAGE_SIZE, 0, 1, 1, PF_R | PF_X, PAGE_SIZE };
		fwrite(&ph, sizeof ph, 1, stdout);
	}
	return ferror(stdout) ? 1 : 0;
}
