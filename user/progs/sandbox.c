/* help: sandbox GATE[,GATE...] PROG ARGS...: run PROG with those gates withheld */
/*
 * sandbox GATE[,GATE...] PROG ARGS...: runs PROG without the named gates.
 * The child (and everything it spawns) gets -ENOSYS from them.
 */
#include "ulib.h"

static const struct {
	const char *name;
	unsigned number;
} gates[] = {
#define GATE(num, name, nargs, ret, params) { #name, num },
#include <pfgate/gates.def>
#undef GATE
};

static int gate_number(const char *name, size_t len)
{
	for (unsigned i = 0; i < sizeof gates / sizeof gates[0]; i++)
		if (strlen(gates[i].name) == len && !strncmp(gates[i].name, name, len))
			return (int)gates[i].number;
	return -1;
}

static const char *const kill_texts[] = {
#define KILL_TEXT(code, name, sig, text) [code] = text,
	KILL_REASONS(KILL_TEXT)
#undef KILL_TEXT
};

static const char *kill_text(unsigned r)
{
	return r < sizeof kill_texts / sizeof kill_texts[0] && kill_texts[r] ? kill_texts[r] : "?";
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: sandbox GATE[,GATE...] PROG ARGS...   (PROG gets -ENOSYS from those gates)\ngates:");
		for (unsigned i = 0; i < sizeof gates / sizeof gates[0]; i++)
			printf("%s%s", i % 8 ? " " : "\n  ", gates[i].name);
		printf("\n");
		return 2;
	}
	unsigned long set[GATE_COUNT / 32];
	memset(set, 0xFF, sizeof set);
	for (const char *s = argv[1]; *s;) {
		size_t n = 0;
		while (s[n] && s[n] != ',')
			n++;
		int g = gate_number(s, n);
		if (g < 0) {
			char name[32];
			size_t l = n < sizeof name - 1 ? n : sizeof name - 1;
			memcpy(name, s, l);
			name[l] = '\0';
			printf("sandbox: no gate named %s\n", name);
			return 2;
		}
		set[g / 32] &= ~(1ul << (g % 32));
		s += n + (s[n] == ',');
	}
	/* Say what is withheld, so a failure below can be read against it. */
	printf("sandbox: %s runs without", argv[2]);
	for (unsigned i = 0; i < sizeof gates / sizeof gates[0]; i++)
		if (!(set[gates[i].number / 32] & (1ul << (gates[i].number % 32))))
			printf(" %s (gate %u)", gates[i].name, gates[i].number);
	printf(": calls to them answer -ENOSYS (%d)\n", -ENOSYS);
	long pid = sys_spawn(argv[2], (const char *const *)argv + 2, set);
	if (is_err(pid)) {
		printf("sandbox: cannot start %s: %s\n", argv[2], strerror(pid));
		return 1;
	}
	int st = 0;
	sys_wait((int)pid, &st, 0);
	if (WIFEXITED(st)) {
		printf("sandbox: %s exited with status %d\n", argv[2], WEXITSTATUS(st));
		return WEXITSTATUS(st);
	}
	printf("sandbox: %s was killed: %s\n", argv[2], kill_text(WKILLREASON(st)));
	return 128 + (int)WKILLREASON(st);
}
