/*
 * Growable byte buffers: the out-of-line half of buf.h.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "xmalloc.h"

void
buf_grow(struct buf *b, size_t n)
{
	size_t	want, size;

	if (n > SIZE_MAX - b->len - 1)
		fatal("buffer overflow (%zu + %zu bytes)", b->len, n);
	want = b->len + n + 1;
	size = b->size ? b->size : 64;
	while (size < want)
		size = size > SIZE_MAX / 2 ? want : size * 2;
	b->data = xreallocarray(b->data, 1, size);
	b->size = size;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("vsnprintf failed");
	if (b->size - b->len <= (size_t)n)
		buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_steal(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		return xstrdup("");
	s = b->data;
	b->data = NULL;
	b->len = b->size = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

/* Append code point c as UTF-8; what is no character (NUL, surrogates,
 * past U+10FFFF) becomes U+FFFD, as HTML says. */
void
buf_put_utf8(struct buf *b, unsigned long c)
{
	char	u[4];

	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		buf_putc(b, (char)c);
		return;
	}
	if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_append(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_append(b, u, 4);
	}
}

int
buf_load(struct buf *b, const char *path, size_t max)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n, start = b->len;
	int	 err;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (max > 0 && b->len - start + n > max) {
			fclose(f);
			errno = EFBIG;
			return -1;
		}
		buf_append(b, chunk, n);
	}
	if (ferror(f)) {
		err = errno;
		fclose(f);
		errno = err;
		return -1;
	}
	fclose(f);
	return 0;
}
