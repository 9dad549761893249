/*
 * Allocation that never fails: out of memory is the one error tidings does
 * not recover from.  fatal() restores the terminal through a registered hook
 * before exiting, so a dying reader never leaves the screen in raw mode.
 */
#ifndef TIDINGS_XMALLOC_H
#define TIDINGS_XMALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Allocate n bytes; never returns NULL. */
void	*xmalloc(size_t n);
/* Allocate and zero nmemb * size bytes, checking the product; never NULL. */
void	*xcalloc(size_t nmemb, size_t size);
/* Resize p to nmemb * size bytes, checking the product; never NULL. */
void	*xreallocarray(void *p, size_t nmemb, size_t size);
/* Returns an allocated copy of s; caller frees. */
char	*xstrdup(const char *s);
/* Returns an allocated, NUL-terminated copy of the first n bytes of s. */
char	*xstrndup(const char *s, size_t n);
/* Returns an allocated formatted string; caller frees. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Zero n bytes at p, n known to the compiler: a struct the parser clears
 * for every element.  GCC turns a memset of 96 bytes or more into "rep
 * stosq", whose start-up on the CPUs we measured costs more than the
 * stores; in pieces of 64 bytes it writes plain vector stores.
 */
static inline void
memzero_small(void *p, size_t n)
{
	char	*c = p;

	for (; n > 64; c += 64, n -= 64)
		memset(c, 0, 64);
	memset(c, 0, n);
}

/* Copy n bytes (at most 16) with a few fixed-size moves, no call: for
 * the many short strings and text pieces of a feed. */
static inline void
memcpy_small(void *d, const void *s, size_t n)
{
	uint64_t	 q0, q1;
	uint32_t	 w0, w1;
	uint16_t	 h0, h1;
	char		*dc = d;
	const char	*sc = s;

	if (n >= 8) {
		memcpy(&q0, sc, 8);
		memcpy(&q1, sc + n - 8, 8);
		memcpy(dc, &q0, 8);
		memcpy(dc + n - 8, &q1, 8);
	} else if (n >= 4) {
		memcpy(&w0, sc, 4);
		memcpy(&w1, sc + n - 4, 4);
		memcpy(dc, &w0, 4);
		memcpy(dc + n - 4, &w1, 4);
	} else if (n >= 2) {
		memcpy(&h0, sc, 2);
		memcpy(&h1, sc + n - 2, 2);
		memcpy(dc, &h0, 2);
		memcpy(dc + n - 2, &h1, 2);
	} else if (n == 1)
		*dc = *sc;
}

/* Print "tidings: MESSAGE" to stderr, run the fatal hook, exit(70). */
void	 fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* Register fn to run before fatal() exits (the UI restores the terminal). */
void	 fatal_set_hook(void (*fn)(void));

#endif
