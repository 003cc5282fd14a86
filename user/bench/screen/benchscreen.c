/*
 * benchscreen: the program of the bench image (make bench-image). It runs
 * make bench's door comparison on the machine it boots on and leaves the
 * result on the screen, one page, until a key is pressed.
 *
 * The measuring is bench.c's, linked in unchanged as bench_main (compiled
 * with -Dmain=bench_main): its report lines still go to the console (serial
 * and screen) as they always do, and are also kept here, through the linker's
 * --wrap=printf, to be drawn as a table. So the serial log of the bench image
 * parses like make bench's, and this file is only the screen's renderer.
 * Usage: benchscreen [calls-per-batch [batches]]
 */
#include "ulib.h"
#include "lib/format.h"

#define CAPTURE_MAX 8192
#define LINE_MAX 160
#define FIELD_MAX 32
#define DEFAULT_CALLS "5000"
#define DEFAULT_BATCHES "31"
#define PROCS_ROUNDS "1000"

#define CPUID_VENDOR          0x00000000u
#define CPUID_FEATURES        0x00000001u
#define CPUID_TSC_CRYSTAL     0x00000015u   /* EAX/EBX: TSC / crystal ratio; ECX: crystal Hz */
#define CPUID_FREQUENCY       0x00000016u   /* EAX: base MHz */
#define CPUID_EXT_MAX         0x80000000u
#define CPUID_BRAND_FIRST     0x80000002u
#define CPUID_BRAND_LAST      0x80000004u
#define CPUID_POWER           0x80000007u
#define CPUID_1_EDX_TSC       (1u << 4)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_80000007_EDX_INVARIANT_TSC (1u << 8)
#define FAMILY_EXTENDED       0xF   /* family field value that adds the extended family */
#define FAMILY_P6             0x6   /* ... and the two that use the extended model */

int bench_main(int argc, char **argv);
int __wrap_printf(const char *fmt, ...);

static char captured[CAPTURE_MAX];
static size_t captured_len;

/* bench's printf: printed as usual, and kept for the table. */
int __wrap_printf(const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vdprintf(STDOUT_FD, fmt, ap);
	size_t room = CAPTURE_MAX - captured_len;
	if (room > 1) {
		int k = vsformat(captured + captured_len, room, fmt, again);
		captured_len += k < 0 ? 0 : (size_t)k < room ? (size_t)k : room - 1;
	}
	va_end(again);
	va_end(ap);
	return n;
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* The value after `key` in line (up to a space), or "" . */
static const char *field(const char *line, const char *key, char *out)
{
	const char *p = line;
	size_t k = strlen(key);
	out[0] = '\0';
	while (*p && *p != '\n') {
		if ((p == line || p[-1] == ' ') && !strncmp(p, key, k)) {
			size_t n = 0;
			for (p += k; *p && *p != ' ' && *p != '\n' && n < FIELD_MAX - 1; p++)
				out[n++] = *p;
			out[n] = '\0';
			break;
		}
		p++;
	}
	return out;
}

/* "123.45" as hundredths; 0 if not a number. */
static uint32_t hundredths(const char *s)
{
	uint32_t whole = 0, frac = 0, digits = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		whole = whole * 10 + (uint32_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && digits < 2; s++, digits++)
			frac = frac * 10 + (uint32_t)(*s - '0');
	while (digits++ < 2)
		frac *= 10;
	return whole * 100 + frac;
}

/* The next captured line starting with prefix, from *at on; NULL at the end. */
static const char *next_line(const char **at, const char *prefix)
{
	size_t n = strlen(prefix);
	while (**at) {
		const char *line = *at;
		const char *end = strchr(line, '\n');
		*at = end ? end + 1 : line + strlen(line);
		if (!strncmp(line, prefix, n))
			return line;
	}
	return NULL;
}

static const char *door_text(const char *id)
{
	static const struct { const char *id, *text; } names[] = {
		{ "gate-sysexit", "page-fault gate, sysexit" }, { "gate-iret", "page-fault gate, iret" },
		{ "int80", "int 0x80" }, { "sysenter", "sysenter/sysexit" },
		{ "callgate", "GDT call gate" }, { "call", "call/ret (user floor)" },
	};
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(id, names[i].id))
			return names[i].text;
	return id;
}

static void cpu_lines(const char *rate)
{
	uint32_t r[4], max, ext_max;
	char vendor[13], brand[49];
	cpuid(CPUID_VENDOR, r);
	max = r[0];
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	cpuid(CPUID_FEATURES, r);
	uint32_t sig = r[0], ecx1 = r[2], edx1 = r[3];
	uint32_t family = (sig >> 8) & 0xF, model = (sig >> 4) & 0xF, stepping = sig & 0xF;
	if (family == FAMILY_EXTENDED || family == FAMILY_P6)
		model += ((sig >> 16) & 0xF) << 4;
	if (family == FAMILY_EXTENDED)
		family += (sig >> 20) & 0xFF;
	cpuid(CPUID_EXT_MAX, r);
	ext_max = r[0];
	strcpy(brand, "(no brand string)");
	if (ext_max >= CPUID_BRAND_LAST) {
		for (uint32_t l = CPUID_BRAND_FIRST; l <= CPUID_BRAND_LAST; l++) {
			cpuid(l, r);
			memcpy(brand + (l - CPUID_BRAND_FIRST) * 16, r, 16);
		}
		brand[48] = '\0';
	}
	const char *b = brand;
	while (*b == ' ')
		b++;
	dprintf(STDOUT_FD, "CPU  %s family %lu model %lu stepping %lu (%08lx)%s\n", vendor,
		(unsigned long)family, (unsigned long)model, (unsigned long)stepping, (unsigned long)sig,
		(ecx1 & CPUID_1_ECX_HYPERVISOR) ? ", hypervisor" : "");
	dprintf(STDOUT_FD, "     %s\n", b);
	bool invariant = false;
	if (ext_max >= CPUID_POWER) {
		cpuid(CPUID_POWER, r);
		invariant = r[3] & CPUID_80000007_EDX_INVARIANT_TSC;
	}
	dprintf(STDOUT_FD, "TSC  %s, %s (CPUID 80000007h EDX bit 8)\n", (edx1 & CPUID_1_EDX_TSC) ? "present" : "ABSENT",
		invariant ? "invariant" : "NOT invariant (may follow the clock)");
	dprintf(STDOUT_FD, "     %s ticks/ms against the kernel's PIT clock", rate[0] ? rate : "?");
	if (max >= CPUID_TSC_CRYSTAL) {
		cpuid(CPUID_TSC_CRYSTAL, r);
		if (r[0] && r[1] && r[2])
			dprintf(STDOUT_FD, "; CPUID 15h %lu kHz", (unsigned long)(r[2] / 1000 * r[1] / r[0]));
	}
	if (max >= CPUID_FREQUENCY) {
		cpuid(CPUID_FREQUENCY, r);
		if (r[0] & 0xFFFF)
			dprintf(STDOUT_FD, "; 16h %lu MHz", (unsigned long)(r[0] & 0xFFFF));
	}
	dprintf(STDOUT_FD, "\n");
}

struct row {
	char door[FIELD_MAX], service[FIELD_MAX], min[FIELD_MAX], median[FIELD_MAX], result[FIELD_MAX];
};

#define ROWS_MAX 16

/* bench's TSC rate line: ticks per ms of the kernel's clock. */
static void tsc_rate(char *rate)
{
	const char *at = captured, *line;
	rate[0] = '\0';
	while ((line = next_line(&at, "bench: ")) != NULL)
		if (!rate[0])
			field(line, "tsc-per-ms=", rate);
}

static void table(const char *calls, const char *batches)
{
	static struct row rows[ROWS_MAX];
	unsigned n = 0;
	const char *at = captured, *line;
	while ((line = next_line(&at, "bench: ")) != NULL) {
		char v[FIELD_MAX], svc[FIELD_MAX];
		if (!field(line, "door=", v)[0] || n == ROWS_MAX)
			continue;
		/*
		 * One screen holds nop and the 64-byte copyin per door; the
		 * loop's own cost and the other services are on COM1.
		 */
		field(line, "service=", svc);
		if (!strcmp(v, "loop") || (strcmp(svc, "nop") && strcmp(svc, "copyin64")))
			continue;
		struct row *r = &rows[n++];
		strcpy(r->door, v);
		strcpy(r->service, svc);
		field(line, "min=", r->min);
		field(line, "median=", r->median);
		field(line, "result=", r->result);
	}
	dprintf(STDOUT_FD, "Figures: TSC ticks per round trip (each TSC read after cpuid, serialised);\n");
	dprintf(STDOUT_FD, "min and median of %s batches of %s calls; the loop's dec+jnz included.\n\n", batches, calls);
	dprintf(STDOUT_FD, "| %-24s | %-8s | %9s | %9s | %7s |\n", "door", "service", "min", "median", "/ int80");
	dprintf(STDOUT_FD, "|---|---|---:|---:|---:|\n");
	for (unsigned i = 0; i < n; i++) {
		uint32_t base = 0;
		for (unsigned j = 0; j < n; j++)
			if (!strcmp(rows[j].door, "int80") && !strcmp(rows[j].service, rows[i].service))
				base = hundredths(rows[j].median);
		uint64_t ratio = (uint64_t)hundredths(rows[i].median) * 100;
		if (base)
			divmod64(&ratio, base);
		else
			ratio = 0;
		char rs[16];
		snprintf(rs, sizeof rs, "%lu.%02lu", (unsigned long)(ratio / 100), (unsigned long)(ratio % 100));
		dprintf(STDOUT_FD, "| %-24s | %-8s | %9s | %9s | %7s |%s\n", door_text(rows[i].door), rows[i].service,
			rows[i].min, rows[i].median, rs, strcmp(rows[i].result, "ok") ? " WRONG RESULT" : "");
	}
}

static void procs_line(void)
{
	char sw[FIELD_MAX] = "?", sp[FIELD_MAX] = "?", what[FIELD_MAX], v[FIELD_MAX];
	const char *at = captured, *line;
	while ((line = next_line(&at, "bench-proc: ")) != NULL) {
		field(line, "what=", what);
		field(line, "ticks=", v);
		/* The switch with nobody else asleep (bench also measures it with 8 and 40 asleep: the same). */
		if (!strcmp(what, "switch-0-sleeping") || !strcmp(what, "switch"))
			strcpy(sw, v);
		else if (!strcmp(what, "spawn-exit-wait"))
			strcpy(sp, v);
	}
	dprintf(STDOUT_FD, "\nswitch to another process (yield) %s, spawn+exit+wait %s (ticks)\n", sw, sp);
}

int main(int argc, char **argv)
{
	char *calls = argc > 1 ? argv[1] : DEFAULT_CALLS, *batches = argc > 2 ? argv[2] : DEFAULT_BATCHES;
	char *bench_argv[] = { "bench", calls, batches, NULL };
	char *procs_argv[] = { "bench", "procs", PROCS_ROUNDS, NULL };
	dprintf(STDOUT_FD, "benchscreen: measuring every door (a few seconds)...\n");
	int rc = bench_main(3, bench_argv);
	if (rc == 0)
		rc = bench_main(3, procs_argv);
	/* A clean page: the table must fit one screen (80x25 at the least). */
	dprintf(STDOUT_FD, "\f");
	dprintf(STDOUT_FD, "pfgate bench: what does a page fault cost as a way into the kernel?\n");
	char rate[FIELD_MAX];
	tsc_rate(rate);
	cpu_lines(rate);
	table(calls, batches);
	procs_line();
	dprintf(STDOUT_FD, "Same figures on COM1 (115200 8N1). Photograph it; then boot GRUB's other entry.\n");
	dprintf(STDOUT_FD, "benchscreen: done; press a key to power off\n");
	char key;
	sys_read(STDIN_FD, &key, 1);
	return rc;
}
