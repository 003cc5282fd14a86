/* argv, envp and the auxiliary vector a Linux program starts with. */
#include "abi.h"
#include <elf.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;
extern void _start(void);

int main(int argc, char **argv)
{
	printf("argc: %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	CHECK("argv[argc] is NULL", argv[argc] == NULL);
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
	/* The vector follows envp's NULL; walk it as the kernel laid it out. */
	char **e = environ;
	while (*e)
		e++;
	Elf32_auxv_t *av = (Elf32_auxv_t *)(e + 1);
	unsigned char seen[64] = { 0 };
	for (; av->a_type != AT_NULL; av++) {
		if (av->a_type < 64)
			seen[av->a_type] = 1;
	}
	static const struct { int type; const char *name; } needed[] = {
		{ AT_SYSINFO, "AT_SYSINFO" }, { AT_SYSINFO_EHDR, "AT_SYSINFO_EHDR" }, { AT_PHDR, "AT_PHDR" },
		{ AT_PHENT, "AT_PHENT" }, { AT_PHNUM, "AT_PHNUM" }, { AT_PAGESZ, "AT_PAGESZ" },
		{ AT_ENTRY, "AT_ENTRY" }, { AT_RANDOM, "AT_RANDOM" }, { AT_HWCAP, "AT_HWCAP" },
		{ AT_CLKTCK, "AT_CLKTCK" }, { AT_UID, "AT_UID" }, { AT_EUID, "AT_EUID" }, { AT_GID, "AT_GID" },
		{ AT_EGID, "AT_EGID" }, { AT_SECURE, "AT_SECURE" }, { AT_EXECFN, "AT_EXECFN" },
	};
	for (unsigned i = 0; i < sizeof needed / sizeof needed[0]; i++)
		printf("%s present: %s\n", needed[i].name, seen[needed[i].type] ? "yes" : "no");
	printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
	printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
	const Elf32_Phdr *ph = (const Elf32_Phdr *)getauxval(AT_PHDR);
	int loads = 0;
	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
		loads += ph[i].p_type == PT_LOAD;
	CHECK("AT_PHDR's AT_PHNUM headers hold a PT_LOAD", loads > 0);
	CHECK("AT_ENTRY is _start", getauxval(AT_ENTRY) == (unsigned long)_start);
	printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
	printf("AT_UID AT_EUID AT_GID AT_EGID: %lu %lu %lu %lu\n", getauxval(AT_UID), getauxval(AT_EUID),
	       getauxval(AT_GID), getauxval(AT_EGID));
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
	const char *fn = (const char *)getauxval(AT_EXECFN);
	CHECK("AT_EXECFN is the path execve was given (argv[0] here)", fn && strcmp(fn, argv[0]) == 0);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	CHECK("AT_RANDOM's 16 bytes readable, not all zero", rnd && nonzero);
	const unsigned char *vdso = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	CHECK("AT_SYSINFO_EHDR points at an ELF image", vdso && memcmp(vdso, ELFMAG, SELFMAG) == 0);
	CHECK("AT_SYSINFO lies in that image", vdso && getauxval(AT_SYSINFO) > (unsigned long)vdso &&
	      getauxval(AT_SYSINFO) < (unsigned long)vdso + 65536);
	printf("sysconf(_SC_PAGESIZE): %ld\n", sysconf(_SC_PAGESIZE));
	printf("sysconf(_SC_CLK_TCK): %ld\n", sysconf(_SC_CLK_TCK));
	return 0;
}
