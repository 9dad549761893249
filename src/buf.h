/*
 * A growable byte buffer.  It never shrinks and buf_clear() keeps the
 * allocation, so a buffer reused for every item of a feed stops allocating
 * after the first few items.  data is always NUL-terminated when size > 0.
 */
#ifndef TIDINGS_BUF_H
#define TIDINGS_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*data;	/* NULL until the first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 size;	/* bytes allocated */
};

/* Make room for n more bytes (plus the NUL); dies on overflow or OOM. */
void	 buf_grow(struct buf *b, size_t n);
/* Append printf-formatted text. */
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append code point c as UTF-8; what is no character (NUL, surrogates,
 * past U+10FFFF) becomes U+FFFD, as HTML says. */
void	 buf_put_utf8(struct buf *b, unsigned long c);
/* Returns the contents as an allocated string and empties b; caller frees. */
char	*buf_steal(struct buf *b);
/* Append the file at path to b, at most max bytes (0: no limit).
 * Returns 0, or -1 with errno set (EFBIG when it is longer than max). */
int	 buf_load(struct buf *b, const char *path, size_t max);
/* Free the allocation; b may be reused afterwards. */
void	 buf_free(struct buf *b);

/* Append n bytes of data (NULL when n is 0); data must not point into
 * b. */
static inline void
buf_append(struct buf *b, const void *data, size_t n)
{
	if (n == 0)		/* data may be NULL then: memcpy forbids it */
		return;
	if (b->size - b->len <= n)
		buf_grow(b, n);
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append one byte. */
static inline void
buf_putc(struct buf *b, char c)
{
	if (b->size - b->len <= 1)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Append a NUL-terminated string. */
static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/* Empty the buffer, keeping its memory. */
static inline void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

#endif
