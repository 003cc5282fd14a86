#include "lib/string.h"
#include <stdint.h>

/* String instructions: one instruction for the bulk instead of a loop (the kernel clears DF on entry). */
void *memset(void *d, int c, size_t n)
{
	uint32_t word = (uint8_t)c * 0x01010101u;
	void *p = d;
	size_t words = n / 4, bytes = n % 4;
	__asm__ volatile("rep stosl" : "+D"(p), "+c"(words) : "a"(word) : "memory");
	__asm__ volatile("rep stosb" : "+D"(p), "+c"(bytes) : "a"(word) : "memory");
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *dp = d;
	size_t words = n / 4, bytes = n % 4;
	__asm__ volatile("rep movsl" : "+D"(dp), "+S"(s), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dp), "+S"(s), "+c"(bytes) : : "memory");
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp < sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

/* Copy with truncation, always terminated when size > 0. */
char *strlcpy_k(char *d, const char *s, size_t size)
{
	size_t i = 0;
	if (!size)
		return d;
	for (; i + 1 < size && s[i]; i++)
		d[i] = s[i];
	d[i] = '\0';
	return d;
}
