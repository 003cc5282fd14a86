/* ELF32 executable validation (elf_check.c) on images built in memory. */
#include "host_test.h"
#include "proc/elf.h"
#include "lib/params.h"
#include <pfgate/layout.h>
#include <pfgate/errno.h>
#include <pfgate/abi.h>

/*
 * The reference image: two PT_LOAD segments, as ld lays out a small static
 * program, plus a PT_NOTE that the check must ignore.
 *   text: file 0x1000, vaddr 0x400000, 0x100 bytes, R+X; entry 0x400010
 *   data: file 0x2000, vaddr 0x401000, 0x10 bytes in the file, 0x2000 in memory (bss), R+W
 */
#define IMG_LEN    0x2010u
#define TEXT_VA    0x400000u
#define DATA_VA    0x401000u
#define ENTRY      (TEXT_VA + 0x10)
#define MAX_PH     4

struct image {
	union {
		unsigned char b[0x3000];
		uint32_t align_;
	} u;
	uint32_t len;
};

static Elf32_Ehdr *eh(struct image *im) { return (Elf32_Ehdr *)im->u.b; }
static Elf32_Phdr *ph(struct image *im, unsigned i) { return (Elf32_Phdr *)(im->u.b + sizeof(Elf32_Ehdr) + i * sizeof(Elf32_Phdr)); }

static void make_valid(struct image *im)
{
	memset(im, 0, sizeof *im);
	Elf32_Ehdr *e = eh(im);
	memcpy(e->e_ident, "\x7F" "ELF", 4);
	e->e_ident[EI_CLASS] = ELFCLASS32;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[6] = EV_CURRENT;
	e->e_type = ET_EXEC;
	e->e_machine = EM_386;
	e->e_version = EV_CURRENT;
	e->e_entry = ENTRY;
	e->e_phoff = sizeof(Elf32_Ehdr);
	e->e_ehsize = sizeof(Elf32_Ehdr);
	e->e_phentsize = sizeof(Elf32_Phdr);
	e->e_phnum = 3;
	*ph(im, 0) = (Elf32_Phdr){ PT_LOAD, 0x1000, TEXT_VA, TEXT_VA, 0x100, 0x100, PF_R | PF_X, 0x1000 };
	*ph(im, 1) = (Elf32_Phdr){ PT_LOAD, 0x2000, DATA_VA, DATA_VA, 0x10, 0x2000, PF_R | PF_W, 0x1000 };
	*ph(im, 2) = (Elf32_Phdr){ 4 /* PT_NOTE */, 0xFFFFFFF0u, 0, 0, 0xFFFFFFFFu, 0, PF_R, 4 };
	memset(im->u.b + 0x1000, 0x90, 0x100);
	memset(im->u.b + 0x2000, 0x42, 0x10);
	im->len = IMG_LEN;
}

/*
 * Run elf_check on an exact-size heap copy, so ASan sees any read past len.
 * Returns the result; *out is filled.
 */
static int check(const struct image *im, struct elf_image *out)
{
	unsigned char *copy = malloc(im->len ? im->len : 1);
	assert_non_null(copy);
	memcpy(copy, im->u.b, im->len);
	memset(out, 0xCC, sizeof *out);
	int r = elf_check(copy, im->len, out);
	free(copy);
	return r;
}

/* Require a refusal whose message mentions `why`. */
static void refused(const struct image *im, const char *why)
{
	struct elf_image out;
	int r = check(im, &out);
	if (r != -ENOEXEC)
		fail_msg("expected -ENOEXEC (%s), got %d", why, r);
	assert_non_null(out.error);
	if (!strstr(out.error, why))
		fail_msg("refused for \"%s\", expected a reason mentioning \"%s\"", out.error, why);
}

static void accepted(const struct image *im, uint32_t entry, uint32_t image_end)
{
	struct elf_image out;
	int r = check(im, &out);
	if (r != 0)
		fail_msg("refused: %s", out.error ? out.error : "(no message)");
	assert_null(out.error);
	assert_int_equal(out.entry, entry);
	assert_int_equal(out.image_end, image_end);
}

/* The reference image is accepted with its entry and page-rounded end. */
static uint32_t put_note(struct image *im, uint32_t off, const char *name, uint32_t namesz, uint32_t descsz, uint32_t type);

static void test_valid(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	accepted(&im, ENTRY, DATA_VA + 0x2000);
	/* Trailing bytes after the last segment are fine. */
	im.len = sizeof im.u.b;
	accepted(&im, ENTRY, DATA_VA + 0x2000);
	/* Entry at the first and the last byte of the text segment. */
	make_valid(&im);
	eh(&im)->e_entry = TEXT_VA;
	accepted(&im, TEXT_VA, DATA_VA + 0x2000);
	eh(&im)->e_entry = TEXT_VA + 0xFF;
	accepted(&im, TEXT_VA + 0xFF, DATA_VA + 0x2000);
	/*
	 * A segment ending exactly at the heap limit is allowed: a Linux
	 * program's (the reference image has no pfgate note) is under its 8 MiB
	 * stack's room, a native one's (the note) under its 64 KiB stack.
	 */
	make_valid(&im);
	ph(&im, 1)->p_vaddr = LINUX_HEAP_LIMIT - 0x2000;
	accepted(&im, ENTRY, LINUX_HEAP_LIMIT);
	ph(&im, 1)->p_vaddr = USER_HEAP_LIMIT - 0x2000;
	refused(&im, "Linux program's stack room");
	uint32_t note_end = put_note(&im, 0x1800, PFGATE_NOTE_NAME, sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE);
	*ph(&im, 2) = (Elf32_Phdr){ PT_NOTE, 0x1800, 0, 0, note_end - 0x1800, note_end - 0x1800, PF_R, 4 };
	accepted(&im, ENTRY, USER_HEAP_LIMIT);
	/* A single segment whose end is not page-aligned: image_end rounds up. */
	make_valid(&im);
	eh(&im)->e_phnum = 1;
	accepted(&im, ENTRY, TEXT_VA + 0x1000);
}

/* Images shorter than a header, or cut before the program headers or segment data, are refused. */
static void test_truncated(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	im.len = 0;
	refused(&im, "truncated");
	im.len = sizeof(Elf32_Ehdr) - 1;
	refused(&im, "truncated");
	im.len = sizeof(Elf32_Ehdr) + 3 * sizeof(Elf32_Phdr) - 1;
	refused(&im, "program headers past the end");
	im.len = sizeof(Elf32_Ehdr) + 3 * sizeof(Elf32_Phdr);   /* headers whole, data missing */
	refused(&im, "segment data past the end");
	im.len = IMG_LEN - 1;                                   /* last byte of the data segment missing */
	refused(&im, "segment data past the end");

	make_valid(&im);
	eh(&im)->e_phoff = 0xFFFFFFF0u;
	refused(&im, "program headers past the end");
	eh(&im)->e_phoff = IMG_LEN - 2 * sizeof(Elf32_Phdr);   /* 3 headers from here run past */
	refused(&im, "program headers past the end");
	make_valid(&im);
	eh(&im)->e_phnum = ELF_PHNUM_MAX;   /* as many as allowed, the file ends before the last */
	im.len = sizeof(Elf32_Ehdr) + (ELF_PHNUM_MAX - 1) * sizeof(Elf32_Phdr);
	refused(&im, "program headers past the end");
}

/* Wrong magic, class, byte order, type, machine or version are refused. */
static void test_wrong_identity(void **state)
{
	(void)state;
	struct image im;
	for (int i = 0; i < 4; i++) {
		make_valid(&im);
		im.u.b[i] ^= 0x20;
		refused(&im, "not an ELF");
	}
	make_valid(&im);
	eh(&im)->e_ident[EI_CLASS] = 2;   /* ELFCLASS64 */
	refused(&im, "class");
	eh(&im)->e_ident[EI_CLASS] = 0;
	refused(&im, "class");
	make_valid(&im);
	eh(&im)->e_ident[EI_DATA] = 2;    /* ELFDATA2MSB */
	refused(&im, "little-endian");
	make_valid(&im);
	eh(&im)->e_type = 1;              /* ET_REL */
	refused(&im, "ET_EXEC");
	eh(&im)->e_type = 4;              /* ET_CORE */
	refused(&im, "ET_DYN");
	make_valid(&im);
	eh(&im)->e_machine = 62;          /* EM_X86_64 */
	refused(&im, "machine");
	make_valid(&im);
	eh(&im)->e_version = 0;
	refused(&im, "version");
}

/* A wrong program header entry size, or no program headers, is refused. */
static void test_program_header_table(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	eh(&im)->e_phentsize = sizeof(Elf32_Phdr) + 4;
	refused(&im, "program header size");
	eh(&im)->e_phentsize = 56;        /* Elf64_Phdr */
	refused(&im, "program header size");
	make_valid(&im);
	eh(&im)->e_phnum = 0;
	refused(&im, "no program headers");
	/* A table at a misaligned offset (its contents intact) is refused, not read misaligned. */
	for (uint32_t off = 53; off < 56; off++) {
		make_valid(&im);
		memmove(im.u.b + off, im.u.b + sizeof(Elf32_Ehdr), 3 * sizeof(Elf32_Phdr));
		eh(&im)->e_phoff = off;
		refused(&im, "misaligned program headers");
	}
	/* The same table moved to an aligned offset is still found. */
	make_valid(&im);
	memmove(im.u.b + 0x100, im.u.b + sizeof(Elf32_Ehdr), 3 * sizeof(Elf32_Phdr));
	eh(&im)->e_phoff = 0x100;
	accepted(&im, ENTRY, DATA_VA + 0x2000);
	/* Headers present but none loadable (PT_NOTE only, or PT_LOAD with memsz 0). */
	make_valid(&im);
	*ph(&im, 0) = *ph(&im, 2);
	ph(&im, 1)->p_memsz = 0;
	ph(&im, 1)->p_filesz = 0;
	refused(&im, "no loadable segment");
}

/* A segment with more file bytes than memory bytes is refused. */
static void test_filesz_over_memsz(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 0)->p_filesz = 0x101;
	refused(&im, "file size exceeds");
}

/* offset + filesz and vaddr + memsz that wrap 2^32 are refused, not wrapped. */
static void test_overflows(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 1)->p_offset = 0xFFFFFFF0u;
	ph(&im, 1)->p_vaddr = DATA_VA + 0xFF0;
	ph(&im, 1)->p_filesz = 0x20;
	refused(&im, "past the end");
	make_valid(&im);
	ph(&im, 1)->p_offset = 0x2000;
	ph(&im, 1)->p_filesz = 0xFFFFFFFFu;
	ph(&im, 1)->p_memsz = 0xFFFFFFFFu;
	refused(&im, "past the end");
	make_valid(&im);
	ph(&im, 1)->p_vaddr = 0xFFFFF000u;
	ph(&im, 1)->p_memsz = 0x2000;     /* end wraps to 0x1000 */
	refused(&im, "overlaps");
	make_valid(&im);
	ph(&im, 1)->p_memsz = 0xFFFFF000u;   /* DATA_VA + memsz wraps */
	refused(&im, "overlaps");
}

/* A segment touching the null page is refused. */
static void test_null_page(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 1)->p_vaddr = 0;
	ph(&im, 1)->p_offset = 0x2000;
	refused(&im, "null guard");
	/* Starting inside page 0 but above its first byte. */
	make_valid(&im);
	ph(&im, 1)->p_vaddr = 0x800;
	ph(&im, 1)->p_offset = 0x1800;
	ph(&im, 1)->p_memsz = 0x10;
	refused(&im, "null guard");
	make_valid(&im);
	ph(&im, 1)->p_vaddr = NULL_GUARD_END - 0x10;
	ph(&im, 1)->p_offset = 0x1FF0;
	refused(&im, "null guard");
	/* The first page after the guard is allowed (then first in the table: ascending order). */
	make_valid(&im);
	ph(&im, 1)->p_vaddr = NULL_GUARD_END;
	Elf32_Phdr data = *ph(&im, 1);
	*ph(&im, 1) = *ph(&im, 0);
	*ph(&im, 0) = data;
	accepted(&im, ENTRY, TEXT_VA + 0x1000);
	make_valid(&im);
	ph(&im, 0)->p_vaddr = 0x000;
	ph(&im, 0)->p_offset = 0x1000;
	eh(&im)->e_entry = 0x10;
	refused(&im, "null guard");
}

/* Segments reaching into the stack, the gate window or the kernel are refused. */
static void test_forbidden_regions(void **state)
{
	(void)state;
	static const uint32_t bad_va[] = {
		USER_HEAP_LIMIT - 0x1000,   /* ends one byte past the limit (memsz below) */
		USER_HEAP_LIMIT,            /* the lower stack guard page */
		USER_STACK_BOTTOM,
		USER_STACK_TOP - 0x1000,
		GATE_BASE,
		GATE_BASE + 0x3FF000u,
		KERNEL_BASE,
		KERNEL_BASE + 0x100000u,
		0xFFFFF000u,
	};
	for (size_t i = 0; i < ARRAY_LEN(bad_va); i++) {
		struct image im;
		make_valid(&im);
		ph(&im, 1)->p_vaddr = bad_va[i];
		ph(&im, 1)->p_memsz = 0x1001;
		ph(&im, 1)->p_filesz = 0x10;
		refused(&im, "overlaps");
	}
	/* The text segment (with the entry) in the gate window. */
	struct image im;
	make_valid(&im);
	ph(&im, 0)->p_vaddr = GATE_BASE;
	eh(&im)->e_entry = GATE_BASE;
	refused(&im, "overlaps");
}

/* Two segments sharing a page (in either order) are refused. */
static void test_shared_page(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 1)->p_vaddr = TEXT_VA + 0x800;   /* same page as text's 0x100 bytes */
	ph(&im, 1)->p_offset = 0x1800;
	ph(&im, 1)->p_memsz = 0x10;
	refused(&im, "share a page");
	/* Data first in the table, text second, data's last page is text's first. */
	make_valid(&im);
	Elf32_Phdr text = *ph(&im, 0), data = *ph(&im, 1);
	data.p_vaddr = TEXT_VA - 0x1000 + 0x10;
	data.p_offset = 0x2010;
	data.p_filesz = 0;
	data.p_memsz = 0x1000;                   /* ends at TEXT_VA + 0x10 */
	*ph(&im, 0) = data;
	*ph(&im, 1) = text;
	refused(&im, "share a page");
	/* Identical segments. */
	make_valid(&im);
	*ph(&im, 1) = *ph(&im, 0);
	refused(&im, "share a page");
	/* Text filling its page exactly, data on the very next page: fine. */
	make_valid(&im);
	ph(&im, 0)->p_memsz = 0x1000;
	assert_int_equal(ph(&im, 1)->p_vaddr, TEXT_VA + 0x1000);
	accepted(&im, ENTRY, DATA_VA + 0x2000);
}

/* Loadable segments must come in ascending address order (gABI), which keeps the check linear. */
static void test_order(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	Elf32_Phdr text = *ph(&im, 0), data = *ph(&im, 1);
	*ph(&im, 0) = data;
	*ph(&im, 1) = text;
	refused(&im, "ascending address order");
	/* A non-load header between them, in any place, changes nothing. */
	make_valid(&im);
	Elf32_Phdr note = *ph(&im, 2);
	*ph(&im, 2) = *ph(&im, 1);
	*ph(&im, 1) = note;
	accepted(&im, ENTRY, DATA_VA + 0x2000);
	/* Zero-sized loads are skipped, wherever they claim to be. */
	make_valid(&im);
	*ph(&im, 2) = (Elf32_Phdr){ PT_LOAD, 0, 0x100000, 0, 0, 0, PF_R, 0x1000 };
	accepted(&im, ENTRY, DATA_VA + 0x2000);
}

/* At most ELF_PHNUM_MAX program headers; an absurd count is refused before any is read. */
static void test_phnum_cap(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	_Static_assert(sizeof(Elf32_Ehdr) + ELF_PHNUM_MAX * sizeof(Elf32_Phdr) <= 0x1000, "the headers fit before the text");
	for (unsigned i = 2; i < ELF_PHNUM_MAX; i++)
		*ph(&im, i) = (Elf32_Phdr){ 4 /* PT_NOTE */, 0, 0, 0, 0, 0, PF_R, 4 };
	eh(&im)->e_phnum = ELF_PHNUM_MAX;
	accepted(&im, ENTRY, DATA_VA + 0x2000);
	eh(&im)->e_phnum = ELF_PHNUM_MAX + 1;
	refused(&im, "too many program headers");
	eh(&im)->e_phnum = 0xFFFF;   /* the headers would run far past the file: the count is refused first */
	refused(&im, "too many program headers");
	/* ELF_PHNUM_MAX one-page loads, in order, each on its own page: accepted, in one pass. */
	make_valid(&im);
	for (unsigned i = 0; i < ELF_PHNUM_MAX; i++)
		*ph(&im, i) = (Elf32_Phdr){ PT_LOAD, 0x1000, TEXT_VA + i * PAGE_SIZE, 0, 1, 0x100, PF_R | PF_X, 0x1000 };
	eh(&im)->e_phnum = ELF_PHNUM_MAX;
	accepted(&im, ENTRY, TEXT_VA + ELF_PHNUM_MAX * PAGE_SIZE);
	/* The same with the last one a page lower: it shares the previous one's page. */
	ph(&im, ELF_PHNUM_MAX - 1)->p_vaddr -= PAGE_SIZE;
	refused(&im, "share a page");
}

/* The entry point must lie inside an executable segment. */
static void test_entry(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	eh(&im)->e_entry = 0x500000;
	refused(&im, "entry point");
	eh(&im)->e_entry = TEXT_VA + 0x100;     /* one past the text segment */
	refused(&im, "entry point");
	eh(&im)->e_entry = TEXT_VA - 1;
	refused(&im, "entry point");
	eh(&im)->e_entry = 0;
	refused(&im, "entry point");
	eh(&im)->e_entry = DATA_VA;             /* in the non-executable data segment */
	refused(&im, "entry point");
	eh(&im)->e_entry = DATA_VA + 0x1000;    /* in the data segment's bss */
	refused(&im, "entry point");
	/* Text without PF_X: no executable segment at all. */
	make_valid(&im);
	ph(&im, 0)->p_flags = PF_R;
	refused(&im, "entry point");
	/* The entry in a non-load header with PF_X counts for nothing. */
	make_valid(&im);
	eh(&im)->e_entry = 0x500000;
	*ph(&im, 2) = (Elf32_Phdr){ 4, 0x1000, 0x500000, 0, 0x10, 0x10, PF_X, 4 };
	refused(&im, "entry point");
}

/* Images whose segments add up to more than USER_IMAGE_MAX are refused. */
static void test_too_large(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 1)->p_memsz = USER_IMAGE_MAX + 1;
	refused(&im, "too large");
	/* Two segments each under the limit, together over it. */
	make_valid(&im);
	ph(&im, 1)->p_memsz = USER_IMAGE_MAX - 0x100 + 1;
	refused(&im, "too large");
	/* Exactly at the limit is accepted. */
	make_valid(&im);
	ph(&im, 1)->p_memsz = USER_IMAGE_MAX - 0x100;
	accepted(&im, ENTRY, DATA_VA + ((USER_IMAGE_MAX - 0x100 + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK));
}

/* A segment whose file offset and address differ modulo the page size is refused. */
static void test_page_offset_mismatch(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	ph(&im, 0)->p_vaddr = TEXT_VA + 0x10;
	eh(&im)->e_entry = TEXT_VA + 0x20;
	refused(&im, "modulo the page size");
	make_valid(&im);
	ph(&im, 1)->p_offset = 0x1F00;
	refused(&im, "modulo the page size");
}

/*
 * Random byte flips (and cuts) of the valid image never crash or read out of
 * bounds (ASan/UBSan abort the run), and give either an accepted image that
 * obeys the layout or -ENOEXEC with a message.
 */
static void test_fuzz(void **state)
{
	(void)state;
	struct test_rng r;
	rng_seed(&r, 2024);
	unsigned ok = 0, bad = 0;
	for (int iter = 0; iter < 100000; iter++) {
		struct image im;
		make_valid(&im);
		unsigned flips = 1 + rng_below(&r, 4);
		for (unsigned k = 0; k < flips; k++) {
			/* Mostly the headers, where the decisions are. */
			uint32_t at = rng_below(&r, 8) ? rng_below(&r, sizeof(Elf32_Ehdr) + MAX_PH * sizeof(Elf32_Phdr)) : rng_below(&r, IMG_LEN);
			im.u.b[at] ^= (unsigned char)(1u << rng_below(&r, 8));
			if (rng_below(&r, 4) == 0)
				im.u.b[at] = (unsigned char)rng_next(&r);
		}
		if (rng_below(&r, 8) == 0)
			im.len = rng_below(&r, IMG_LEN + 1);
		struct elf_image out;
		int res = check(&im, &out);
		if (res == 0) {
			ok++;
			assert_null(out.error);
			assert_true(out.image_end % PAGE_SIZE == 0);
			assert_true(out.image_end > NULL_GUARD_END && out.image_end <= USER_HEAP_LIMIT);
			assert_true(out.entry >= NULL_GUARD_END && out.entry < out.image_end);
		} else {
			bad++;
			assert_int_equal(res, -ENOEXEC);
			assert_non_null(out.error);
		}
	}
	/* Both outcomes occurred: the fuzz neither broke everything nor nothing. */
	assert_true(ok > 1000);
	assert_true(bad > 1000);
}

/* A note at `off` in the image: name (namesz bytes as given), descsz bytes of descriptor, type. */
static uint32_t put_note(struct image *im, uint32_t off, const char *name, uint32_t namesz, uint32_t descsz, uint32_t type)
{
	uint32_t h[3] = { namesz, descsz, type };
	memcpy(im->u.b + off, h, sizeof h);
	memcpy(im->u.b + off + 12, name, strlen(name) + 1);
	return off + 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);
}

static bool linux_abi_of(struct image *im, uint32_t note_off, uint32_t note_len)
{
	*ph(im, 2) = (Elf32_Phdr){ PT_NOTE, note_off, 0, 0, note_len, note_len, PF_R, 4 };
	struct elf_image out;
	int r = check(im, &out);
	if (r != 0)
		fail_msg("refused: %s", out.error ? out.error : "(no message)");
	return out.linux_abi;
}

/* The personality: the pfgate note makes a native program; none, or any malformed one, a Linux one. */
static void test_personality_note(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	uint32_t end = put_note(&im, 0x1800, PFGATE_NOTE_NAME, sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE);
	assert_false(linux_abi_of(&im, 0x1800, end - 0x1800));
	assert_true(linux_abi_of(&im, 0x1800, end - 0x1800 - 1));          /* cut short */
	assert_true(linux_abi_of(&im, 0x1802, end - 0x1800));              /* misaligned */
	assert_true(linux_abi_of(&im, 0x1800, IMG_LEN));                   /* past the file */
	make_valid(&im);
	assert_true(linux_abi_of(&im, 0xFFFFFFF0u, 0xFFFFFFFFu));          /* the reference image's bogus note */
	/* Behind a GNU note with a descriptor: still found. */
	make_valid(&im);
	uint32_t mid = put_note(&im, 0x1800, "GNU", 4, 16, 3);
	end = put_note(&im, mid, PFGATE_NOTE_NAME, sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE);
	assert_false(linux_abi_of(&im, 0x1800, end - 0x1800));
	/* The wrong type, the wrong name: Linux. */
	make_valid(&im);
	end = put_note(&im, 0x1800, PFGATE_NOTE_NAME, sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE + 1);
	assert_true(linux_abi_of(&im, 0x1800, end - 0x1800));
	make_valid(&im);
	end = put_note(&im, 0x1800, "pfgatx", sizeof PFGATE_NOTE_NAME, 0, PFGATE_NOTE_TYPE);
	assert_true(linux_abi_of(&im, 0x1800, end - 0x1800));
	/* Sizes that would overflow the walk: refused as notes, never read past the segment (ASan). */
	make_valid(&im);
	put_note(&im, 0x1800, PFGATE_NOTE_NAME, 0xFFFFFFFFu, 0, PFGATE_NOTE_TYPE);
	assert_true(linux_abi_of(&im, 0x1800, 0x40));
	make_valid(&im);
	put_note(&im, 0x1800, PFGATE_NOTE_NAME, sizeof PFGATE_NOTE_NAME, 0xFFFFFFFEu, PFGATE_NOTE_TYPE);
	assert_true(linux_abi_of(&im, 0x1800, 0x40));
}

/* AT_PHDR: the headers' address when a PT_LOAD maps them, else 0. */
static void test_phdr_addr(void **state)
{
	(void)state;
	struct image im;
	make_valid(&im);
	struct elf_image out;
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.phdr_addr, 0);   /* the text starts at file offset 0x1000: the headers are not loaded */
	assert_int_equal(out.phnum, 3);
	ph(&im, 0)->p_offset = 0;
	ph(&im, 0)->p_filesz = ph(&im, 0)->p_memsz = 0x1000;   /* the text from the file's start: headers included */
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.phdr_addr, TEXT_VA + sizeof(Elf32_Ehdr));
}

/*
 * A program read from the disk: only its first head_len bytes are in memory
 * (a heap copy of exactly that many, for ASan), the segments checked
 * against the file's whole length.
 */
static int check_head(const struct image *im, uint32_t head_len, struct elf_image *out)
{
	unsigned char *copy = malloc(head_len);
	assert_non_null(copy);
	memcpy(copy, im->u.b, head_len);
	int r = elf_check_head(copy, head_len, im->len, out);
	free(copy);
	return r;
}

static void test_head_only(void **state)
{
	(void)state;
	struct image im;
	struct elf_image out;
	make_valid(&im);
	assert_int_equal(check_head(&im, 0x1000, &out), 0);
	assert_int_equal(out.entry, ENTRY);
	assert_int_equal(out.image_end, DATA_VA + 0x2000);
	/* Headers past what was read: refused, never read. */
	assert_int_equal(check_head(&im, sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr), &out), -ENOEXEC);
	assert_non_null(strstr(out.error, "past the first page"));
	assert_int_equal(check_head(&im, sizeof(Elf32_Ehdr) - 1, &out), -ENOEXEC);
	/* The segments still answer to the file's length. */
	im.len = 0x2000 + 0x8;
	assert_int_equal(check_head(&im, 0x1000, &out), -ENOEXEC);
	assert_non_null(strstr(out.error, "segment data past the end"));
}

/*
 * ET_DYN (a PIE program, an interpreter): its lowest page is put at
 * USER_BASE whatever its addresses; everything reported includes the bias;
 * elf_rebias moves it whole. Segments that would wrap below the first are
 * refused as out of order.
 */
static void test_position_independent(void **state)
{
	(void)state;
	struct image im;
	struct elf_image out;
	make_valid(&im);
	eh(&im)->e_type = ET_DYN;
	ph(&im, 0)->p_vaddr = 0;
	ph(&im, 1)->p_vaddr = 0x1000;
	eh(&im)->e_entry = 0x10;
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.bias, USER_BASE);
	assert_int_equal(out.lo, USER_BASE);
	assert_int_equal(out.entry, USER_BASE + 0x10);
	assert_int_equal(out.image_end, USER_BASE + 0x3000);
	elf_rebias(&out, 0x10000000);
	assert_int_equal(out.bias, 0x10000000);
	assert_int_equal(out.entry, 0x10000010);
	assert_int_equal(out.image_end, 0x10003000);
	/* A first segment at 0x8000: the same place. */
	ph(&im, 0)->p_vaddr = 0x8000;
	ph(&im, 1)->p_vaddr = 0x9000;
	eh(&im)->e_entry = 0x8010;
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.entry, USER_BASE + 0x10);
	/* A second segment below the first (it would wrap under the bias): out of order. */
	ph(&im, 1)->p_vaddr = 0;
	refused(&im, "ascending");
	ph(&im, 1)->p_vaddr = 0xFFFFF000u;   /* + the bias wraps past 4 GiB */
	refused(&im, "ascending");
	ph(&im, 1)->p_vaddr = 0xBFF00000u;   /* + the bias: in the gate window */
	refused(&im, "overlaps");
	/* ET_EXEC keeps its addresses. */
	make_valid(&im);
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.bias, 0);
}

/* PT_INTERP: a NUL-terminated path of 2 to INTERP_PATH_MAX bytes, inside the head; one at most. */
static void test_interp(void **state)
{
	(void)state;
	struct image im;
	struct elf_image out;
	static const char path[] = "/lib/ld-linux.so.2";
	make_valid(&im);
	eh(&im)->e_phnum = 4;
	memcpy(im.u.b + 0x800, path, sizeof path);
	*ph(&im, 3) = (Elf32_Phdr){ PT_INTERP, 0x800, 0, 0, sizeof path, sizeof path, PF_R, 1 };
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.interp_off, 0x800);
	assert_int_equal(out.interp_len, sizeof path);
	assert_int_equal(check_head(&im, 0x1000, &out), 0);
	assert_int_equal(check_head(&im, 0x808, &out), -ENOEXEC);
	assert_non_null(strstr(out.error, "interpreter path past the first page"));
	ph(&im, 3)->p_filesz = sizeof path - 1;   /* its NUL left out */
	refused(&im, "not NUL-terminated");
	ph(&im, 3)->p_filesz = 1;
	refused(&im, "too short");
	ph(&im, 3)->p_filesz = INTERP_PATH_MAX + 1;
	refused(&im, "too long");
	ph(&im, 3)->p_filesz = 0xFFFFFFFFu;
	refused(&im, "too long");
	ph(&im, 3)->p_filesz = sizeof path;
	ph(&im, 3)->p_offset = 0xFFFFFFF0u;
	refused(&im, "past the first page");
	ph(&im, 3)->p_offset = 0x800;
	*ph(&im, 2) = *ph(&im, 3);
	refused(&im, "two interpreters");
	/* A static program has none. */
	make_valid(&im);
	assert_int_equal(check(&im, &out), 0);
	assert_int_equal(out.interp_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_identity),
		cmocka_unit_test(test_program_header_table),
		cmocka_unit_test(test_filesz_over_memsz),
		cmocka_unit_test(test_overflows),
		cmocka_unit_test(test_null_page),
		cmocka_unit_test(test_forbidden_regions),
		cmocka_unit_test(test_shared_page),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_phnum_cap),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_page_offset_mismatch),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_personality_note),
		cmocka_unit_test(test_phdr_addr),
		cmocka_unit_test(test_head_only),
		cmocka_unit_test(test_position_independent),
		cmocka_unit_test(test_interp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
