/* help: maps [PID]: a process's address space, one line per area (the caller's without PID) */
#include "ulib.h"

static const char *kind_name(unsigned long k)
{
	switch (k) {
	case PF_MAP_IMAGE: return "[image]";
	case PF_MAP_HEAP: return "[heap]";
	case PF_MAP_STACK: return "[stack]";
	case PF_MAP_VVAR: return "[vvar]";
	case PF_MAP_VDSO: return "[vdso]";
	case PF_MAP_ANON: return "anon";
	case PF_MAP_FILE: return "file";
	default: return "?";
	}
}

int main(int argc, char **argv)
{
	int pid = argc > 1 ? (int)arg_ulong("maps", "PID", argv[1]) : 0;
	struct pf_map m;
	long r;
	for (unsigned long i = 0; (r = sys_maps(pid, i, &m)) == 1; i++)
		printf("%08lx-%08lx %c%c%c%c %5lu pages %5lu resident %s pgoff %lu\n", m.lo, m.hi,
		       m.prot & PROT_READ ? 'r' : '-', m.prot & PROT_WRITE ? 'w' : '-', m.prot & PROT_EXEC ? 'x' : '-',
		       m.flags & MAP_SHARED ? 's' : 'p', (m.hi - m.lo) / PAGE_SIZE, m.resident, kind_name(m.kind), m.pgoff);
	if (r < 0) {
		printf("maps: %s\n", strerror(r));
		return 1;
	}
	return 0;
}
