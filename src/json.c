/*
 * JSON string output.  Escaping runs over every byte of every entry that
 * `tidings parse` prints, so the common case (nothing to escape) is 16
 * bytes checked and copied at a time, straight into the output buffer.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "json.h"
#include "simd.h"
#include "xmalloc.h"

#ifdef SIMD_X86
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

/* Does byte c need an escape: a quote, a backslash, a control? */
#define NEEDS_ESCAPE(c) ((c) < 0x20 || (c) == '"' || (c) == '\\')

/* Append the escape for c (one that needs it) at d; returns the end. */
static char *
put_escape(char *d, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	d[0] = '\\';
	switch (c) {
	case '"':  d[1] = '"'; return d + 2;
	case '\\': d[1] = '\\'; return d + 2;
	case '\n': d[1] = 'n'; return d + 2;
	case '\r': d[1] = 'r'; return d + 2;
	case '\t': d[1] = 't'; return d + 2;
	default:
		memcpy(d + 1, "u00", 3);
		d[4] = hex[c >> 4];
		d[5] = hex[c & 15];
		return d + 6;
	}
}

#ifdef __SSE2__
/* Has the 8-byte word x a byte that needs an escape?  The tests for a
 * zero byte and for a byte below 0x20 (exact as yes or no; a borrow only
 * marks bytes above the one found). */
static inline int
word_needs_escape(uint64_t x)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');

	return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
	    ((bslash - ones) & ~bslash)) & (ones * 0x80)) != 0;
}

/* Bit i set when byte i of v needs an escape: a quote, a backslash or
 * anything below 0x20 (compared unsigned). */
static inline unsigned
escape_mask(__m128i v)
{
	__m128i	bad = _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
	    _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)),
	    _mm_set1_epi8(0x1f)));

	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

#ifdef HAVE_AVX2_PATH
/* The same 32 bytes at a time, on the CPUs that can (checked once). */
__attribute__((target("avx2"))) static char *
escape_avx2(char *d, const unsigned char **sp, const unsigned char *end)
{
	const unsigned char *s = *sp;
	const __m256i	 quote = _mm256_set1_epi8('"');
	const __m256i	 bslash = _mm256_set1_epi8('\\');
	const __m256i	 ctl = _mm256_set1_epi8(0x1f);

	while (end - s >= 32) {
		__m256i	 v = _mm256_loadu_si256((const __m256i *)s);
		__m256i	 bad = _mm256_or_si256(
		    _mm256_or_si256(_mm256_cmpeq_epi8(v, quote),
		    _mm256_cmpeq_epi8(v, bslash)),
		    _mm256_cmpeq_epi8(_mm256_max_epu8(v, ctl), ctl));
		unsigned m = (unsigned)_mm256_movemask_epi8(bad);

		_mm256_storeu_si256((__m256i *)d, v);
		if (m == 0) {
			s += 32;
			d += 32;
			continue;
		}
		m = (unsigned)__builtin_ctz(m);
		d = put_escape(d + m, s[m]);
		s += m + 1;
	}
	*sp = s;
	return d;
}

#endif

/*
 * Escape s[0..n) to d (room for n * 6 + 32 bytes); returns the end.  The
 * common case is 16 or 32 bytes loaded, checked and stored at once (32
 * from 128 bytes on: below that the call and its set-up cost more than
 * they save); the last piece of a string of 16 bytes or more is checked
 * by loading its last 16 bytes again, one of 8 to 15 as two words, and a
 * shorter string byte by byte, so that no byte outside the string is
 * read.
 */
static char *
escape_to(char *d, const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n;

#ifdef __SSE2__
	if (n < 16)
		goto bytes;
#ifdef HAVE_AVX2_PATH
	if (n >= 128 && simd_have_avx2())
		d = escape_avx2(d, &s, end);
#endif
	while (end - s >= 16) {
		__m128i	 v = _mm_loadu_si128((const __m128i *)s);
		unsigned m = escape_mask(v);

		_mm_storeu_si128((__m128i *)d, v);
		if (m == 0) {
			s += 16;
			d += 16;
			continue;
		}
		m = (unsigned)__builtin_ctz(m);
		d = put_escape(d + m, s[m]);
		s += m + 1;
	}
	if (s < end) {
		size_t		 k = (size_t)(end - s), at = 0;
		unsigned	 m;

		m = escape_mask(_mm_loadu_si128((const __m128i *)(end - 16))) >>
		    (16 - k);
		while (m != 0) {
			unsigned i = (unsigned)__builtin_ctz(m);

			memcpy_small(d, s + at, i - at);
			d = put_escape(d + (i - at), s[i]);
			at = i + 1;
			m &= m - 1;
		}
		memcpy_small(d, s + at, k - at);
		d += k - at;
	}
	return d;
bytes:
	if (n >= 8) {
		/* Names, categories: two overlapping words checked at
		 * once, and copied as they are when clean. */
		uint64_t	 w0, w1;

		memcpy(&w0, s, 8);
		memcpy(&w1, end - 8, 8);
		if (!word_needs_escape(w0) && !word_needs_escape(w1)) {
			memcpy(d, &w0, 8);
			memcpy(d + n - 8, &w1, 8);
			return d + n;
		}
	}
#endif
	for (; s < end; s++) {
		if (NEEDS_ESCAPE(*s))
			d = put_escape(d, *s);
		else
			*d++ = (char)*s;
	}
	return d;
}

char *
json_quote_into(char *d, const char *s, size_t n)
{
	*d++ = '"';
	d = escape_to(d, (const unsigned char *)s, n);
	*d++ = '"';
	*d = '\0';
	return d;
}

void
json_string(struct buf *b, const char *s)
{
	size_t	n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (b->size - b->len <= JSON_QUOTED_MAX(n))
		buf_grow(b, JSON_QUOTED_MAX(n));
	b->len = (size_t)(json_quote_into(b->data + b->len, s, n) - b->data);
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
