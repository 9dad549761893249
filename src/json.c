/*
 * JSON string output.  Escaping runs over every byte of every entry that
 * `tidings parse` prints, so the common case (nothing to escape) is a
 * table lookup per byte and one copy per run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "json.h"

/* Non-zero for bytes that need an escape. */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

void
json_string(struct buf *b, const char *s)
{
	const unsigned char *p, *run, *end;
	size_t	n;
	char	esc[8];

	if (s == NULL)
		s = "";
	n = strlen(s);
	p = run = (const unsigned char *)s;
	end = p + n;
	/* Worst case every byte becomes \u00XX. */
	if (b->size - b->len <= n * 6 + 2)
		buf_grow(b, n * 6 + 2);
	b->data[b->len++] = '"';
	for (;;) {
#ifdef __SSE2__
		/* Skip 16 bytes at a time while none needs escaping: no
		 * quote, no backslash, nothing below 0x20 (unsigned). */
		while (p + 16 <= end) {
			__m128i	v = _mm_loadu_si128((const __m128i *)p);
			__m128i	bad = _mm_or_si128(
			    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
			    _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)),
			    _mm_set1_epi8(0x1f)));
			unsigned m = (unsigned)_mm_movemask_epi8(bad);

			if (m != 0) {
				p += __builtin_ctz(m);
				break;
			}
			p += 16;
		}
#endif
		while (p < end && !needs_escape[*p])
			p++;
		memcpy(b->data + b->len, run, (size_t)(p - run));
		b->len += (size_t)(p - run);
		if (p >= end)
			break;
		switch (*p) {
		case '"':  memcpy(b->data + b->len, "\\\"", 2); break;
		case '\\': memcpy(b->data + b->len, "\\\\", 2); break;
		case '\n': memcpy(b->data + b->len, "\\n", 2); break;
		case '\r': memcpy(b->data + b->len, "\\r", 2); break;
		case '\t': memcpy(b->data + b->len, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			memcpy(b->data + b->len, esc, 6);
			b->len += 4;
			break;
		}
		b->len += 2;
		run = ++p;
	}
	b->data[b->len++] = '"';
	b->data[b->len] = '\0';
}

void
json_key(struct buf *b, int *first, const char *key)
{
	if (!*first)
		buf_putc(b, ',');
	*first = 0;
	json_string(b, key);
	buf_putc(b, ':');
}

void
json_member_str(struct buf *b, int *first, const char *key,
    const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	json_key(b, first, key);
	json_string(b, value);
}
