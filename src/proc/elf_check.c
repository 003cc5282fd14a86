/* Pure C: host tests throw malformed images at it. */
#include "proc/elf.h"
#include <stddef.h>
#include <pfgate/layout.h>
#include <pfgate/errno.h>
#include "lib/params.h"
#include <pfgate/abi.h>

#define STR2(x) #x
#define STR(x) STR2(x)

static int refuse(struct elf_image *out, const char *why)
{
	out->error = why;
	return -ENOEXEC;
}

static const Elf32_Phdr *phdr(const void *img, const Elf32_Ehdr *eh, unsigned i)
{
	return (const Elf32_Phdr *)((const char *)img + eh->e_phoff + i * sizeof(Elf32_Phdr));
}

/* Does the PT_NOTE segment ph (inside the file) hold the pfgate note? */
static bool has_pfgate_note(const void *img, const Elf32_Phdr *ph)
{
	return elf_note_is_pfgate((const unsigned char *)img + ph->p_offset, ph->p_filesz);
}

/* Notes are 4-aligned: name, then descriptor. */
bool elf_note_is_pfgate(const void *notes, uint32_t len)
{
	static const char name[] = PFGATE_NOTE_NAME;
	const unsigned char *n = notes;
	uint32_t left = len;
	while (left >= 3 * sizeof(uint32_t)) {
		const uint32_t *h = (const uint32_t *)(const void *)n;
		uint32_t namesz = h[0], descsz = h[1], type = h[2];
		uint32_t name_pad = (namesz + 3) & ~3u, desc_pad = (descsz + 3) & ~3u;
		left -= 3 * sizeof(uint32_t);
		n += 3 * sizeof(uint32_t);
		if (namesz > left || name_pad > left || descsz > left - name_pad || desc_pad > left - name_pad)
			return false;
		if (type == PFGATE_NOTE_TYPE && namesz == sizeof name) {
			bool same = true;
			for (uint32_t i = 0; i < namesz; i++)
				same = same && n[i] == (unsigned char)name[i];
			if (same)
				return true;
		}
		n += name_pad + desc_pad;
		left -= name_pad + desc_pad;
	}
	return false;
}

int elf_check(const void *img, uint32_t len, struct elf_image *out)
{
	return elf_check_head(img, len, len, out);
}

int elf_check_head(const void *img, uint32_t head_len, uint32_t len, struct elf_image *out)
{
	out->linux_abi = true;
	out->phdr_addr = 0;
	out->phnum = 0;
	out->error = NULL;
	out->entry = 0;
	out->image_end = 0;
	out->bias = 0;
	out->lo = 0;
	out->interp_off = 0;
	out->interp_len = 0;
	if (len < sizeof(Elf32_Ehdr) || head_len < sizeof(Elf32_Ehdr))
		return refuse(out, "truncated: shorter than an ELF header");
	const Elf32_Ehdr *eh = img;
	const unsigned char *id = eh->e_ident;
	if ((uint32_t)(id[0] | id[1] << 8 | id[2] << 16 | (uint32_t)id[3] << 24) != ELF_MAGIC)
		return refuse(out, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS32)
		return refuse(out, "wrong class: not ELF32");
	if (id[EI_DATA] != ELFDATA2LSB)
		return refuse(out, "wrong data encoding: not little-endian");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return refuse(out, "not an executable (ET_EXEC or ET_DYN)");
	if (eh->e_machine != EM_386)
		return refuse(out, "wrong machine: not i386");
	if (eh->e_version != EV_CURRENT)
		return refuse(out, "unknown ELF version");
	if (eh->e_phnum == 0)
		return refuse(out, "no program headers");
	if (eh->e_phnum > ELF_PHNUM_MAX)
		return refuse(out, "too many program headers (more than " STR(ELF_PHNUM_MAX) ")");
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return refuse(out, "bad program header size");
	/* The gABI aligns the table naturally; a misaligned one would be read with misaligned loads (UB). */
	if (eh->e_phoff % sizeof(uint32_t))
		return refuse(out, "misaligned program headers");
	if (eh->e_phoff > len || (uint32_t)eh->e_phnum * sizeof(Elf32_Phdr) > len - eh->e_phoff)
		return refuse(out, "truncated: program headers past the end of the file");
	if (eh->e_phoff > head_len || (uint32_t)eh->e_phnum * sizeof(Elf32_Phdr) > head_len - eh->e_phoff)
		return refuse(out, "program headers past the first page of the file");

	/*
	 * One pass: the gABI puts PT_LOAD entries in ascending p_vaddr order, and
	 * we require it (as Linux's and the BSDs' loaders assume it), so a
	 * segment only has to start at or after the page where the previous one
	 * ended for no two to share a page.
	 */
	uint32_t total = 0, end_max = 0, prev_vaddr = 0, bias = 0;
	int entry_ok = 0, loads = 0;
	for (unsigned i = 0; i < eh->e_phnum && eh->e_type == ET_DYN; i++)
		if (phdr(img, eh, i)->p_type == PT_LOAD && phdr(img, eh, i)->p_memsz) {
			/* The first loadable segment is the lowest (the order is checked below). */
			bias = USER_BASE - (phdr(img, eh, i)->p_vaddr & ~PAGE_OFFSET_MASK);
			break;
		}
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = phdr(img, eh, i);
		if (ph->p_type == PT_INTERP) {
			if (out->interp_len)
				return refuse(out, "two interpreters (PT_INTERP)");
			if (ph->p_filesz < 2 || ph->p_filesz > INTERP_PATH_MAX)
				return refuse(out, "interpreter path too short or too long");
			if (ph->p_offset > head_len || ph->p_filesz > head_len - ph->p_offset)
				return refuse(out, "interpreter path past the first page of the file");
			if (((const char *)img)[ph->p_offset + ph->p_filesz - 1] != '\0')
				return refuse(out, "interpreter path not NUL-terminated");
			out->interp_off = ph->p_offset;
			out->interp_len = ph->p_filesz;
		}
		/* A note past what was read (head_len) is the caller's to look at (elf_note_is_pfgate). */
		if (ph->p_type == PT_NOTE && ph->p_offset % sizeof(uint32_t) == 0 &&
		    ph->p_offset <= head_len && ph->p_filesz <= head_len - ph->p_offset && has_pfgate_note(img, ph))
			out->linux_abi = false;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		uint32_t vaddr = ph->p_vaddr + bias;   /* where it lies in memory */
		/* The headers mapped with this segment: a Linux program finds them by AT_PHDR. */
		if (eh->e_phoff >= ph->p_offset && eh->e_phoff - ph->p_offset < ph->p_filesz)
			out->phdr_addr = vaddr + (eh->e_phoff - ph->p_offset);
		loads++;
		if (ph->p_filesz > ph->p_memsz)
			return refuse(out, "segment file size exceeds its memory size");
		if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
			return refuse(out, "truncated: segment data past the end of the file");
		if ((ph->p_offset & PAGE_OFFSET_MASK) != (vaddr & PAGE_OFFSET_MASK))
			return refuse(out, "segment offset and address disagree modulo the page size");
		if (vaddr < NULL_GUARD_END)
			return refuse(out, "segment in the null guard page");
		if (ph->p_memsz > USER_HEAP_LIMIT || vaddr > USER_HEAP_LIMIT - ph->p_memsz)
			return refuse(out, "segment overlaps the stack, the gate window or the kernel");
		if (ph->p_memsz > USER_IMAGE_MAX || total > USER_IMAGE_MAX - ph->p_memsz)
			return refuse(out, "image too large");
		total += ph->p_memsz;
		uint32_t lo = vaddr & ~PAGE_OFFSET_MASK;
		uint32_t hi = (vaddr + ph->p_memsz + PAGE_OFFSET_MASK) & ~PAGE_OFFSET_MASK;
		if (loads == 1)
			out->lo = lo;
		if (loads > 1 && vaddr < prev_vaddr)   /* with the bias: one that wrapped is below the first */
			return refuse(out, "loadable segments not in ascending address order");
		if (lo < end_max)
			return refuse(out, "segments share a page");
		prev_vaddr = vaddr;
		if ((ph->p_flags & PF_X) && eh->e_entry + bias >= vaddr && eh->e_entry + bias - vaddr < ph->p_memsz)
			entry_ok = 1;
		end_max = hi;   /* ascending: the highest so far */
	}
	if (!loads)
		return refuse(out, "no loadable segment");
	if (!entry_ok)
		return refuse(out, "entry point outside every executable segment");
	if (out->linux_abi && end_max > LINUX_HEAP_LIMIT)
		return refuse(out, "segment overlaps a Linux program's stack room or its vDSO");
	out->entry = eh->e_entry + bias;
	out->image_end = end_max;
	out->bias = bias;
	out->phnum = eh->e_phnum;
	return 0;
}

void elf_rebias(struct elf_image *info, uint32_t lo)
{
	uint32_t by = lo - info->lo;
	info->bias += by;
	info->entry += by;
	info->image_end += by;
	if (info->phdr_addr)
		info->phdr_addr += by;
	info->lo = lo;
}
