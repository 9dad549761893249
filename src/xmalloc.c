/*
 * Allocators that die instead of returning NULL (tier-one errors), and the
 * fatal() exit path with its terminal-restoring hook.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static void (*fatal_hook)(void);

void
fatal_set_hook(void (*fn)(void))
{
	fatal_hook = fn;
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	void	(*hook)(void) = fatal_hook;

	/* A hook that itself dies must not recurse. */
	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fputs("tidings: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	void	*q;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal("allocation overflow (%zu x %zu bytes)", nmemb, size);
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((q = realloc(p, nmemb * size)) == NULL)
		fatal("out of memory (%zu x %zu bytes)", nmemb, size);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		fatal("out of memory (asprintf)");
	va_end(ap);
	return s;
}
