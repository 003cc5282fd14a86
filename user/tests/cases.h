/*
 * Programs of named cases (misuse, hostilecase): a table of structs whose
 * first member is the case's name. case_find looks one up by name;
 * case_usage prints the usage line and every name, six to a line.
 */
#ifndef TEST_CASES_H
#define TEST_CASES_H

#include "ulib.h"

#define CASE_COUNT(table) (sizeof (table) / sizeof (table)[0])

static inline const char *case_name(const void *table, unsigned i, size_t size)
{
	return *(const char *const *)(const void *)((const char *)table + i * size);
}

static inline const void *case_find(const void *table, unsigned n, size_t size, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(name, case_name(table, i, size)))
			return (const char *)table + i * size;
	return NULL;
}

static inline void case_usage(const char *usage, const void *table, unsigned n, size_t size)
{
	dprintf(STDERR_FD, "%s\ncases:", usage);
	for (unsigned i = 0; i < n; i++)
		dprintf(STDERR_FD, "%s%s", i % 6 ? " " : "\n  ", case_name(table, i, size));
	dprintf(STDERR_FD, "\n");
}

#endif
