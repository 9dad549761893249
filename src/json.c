/*
 * JSON string output.  Escaping runs over every byte of every entry that
 * `tidings parse` prints, so the common case (nothing to escape) is 16
 * bytes checked and copied at a time, straight into the output buffer.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

#include "json.h"

#ifndef __SSE2__
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
#endif

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

static int
have_avx2(void)
{
	static int	have = -1;

	if (have < 0)
		have = __builtin_cpu_supports("avx2") ? 1 : 0;
	return have;
}
#endif

/*
 * Escape s[0..n) to d (room for n * 6 + 32 bytes); returns the end.  The
 * common case is 16 bytes loaded, checked and stored at once; the last
 * piece (under 16 bytes) is checked through a copy on the stack, so no
 * byte past the string is read.
 */
static char *
escape_to(char *d, const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n;

#ifdef HAVE_AVX2_PATH
	if (n >= 32 && have_avx2())
		d = escape_avx2(d, &s, end);
#endif
#ifdef __SSE2__
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
		unsigned char	 t[16];
		size_t		 k = (size_t)(end - s), at = 0;
		__m128i		 v;
		unsigned	 m;

		memset(t, 'a', sizeof(t));
		memcpy(t, s, k);
		v = _mm_loadu_si128((const __m128i *)t);
		m = escape_mask(v) & ((1u << k) - 1);
		if (m == 0) {
			_mm_storeu_si128((__m128i *)d, v);
			return d + k;
		}
		do {
			unsigned i = (unsigned)__builtin_ctz(m);

			memcpy(d, s + at, i - at);
			d = put_escape(d + (i - at), s[i]);
			at = i + 1;
			m &= m - 1;
		} while (m != 0);
		memcpy(d, s + at, k - at);
		d += k - at;
	}
#else
	for (; s < end; s++) {
		if (needs_escape[*s])
			d = put_escape(d, *s);
		else
			*d++ = (char)*s;
	}
#endif
	return d;
}

/* Append [comma][key]"s" where s is n bytes: one check for room. */
static void
put_member(struct buf *b, int *first, const char *q, size_t qn,
    const char *s, size_t n)
{
	char	*d;

	/* Worst case every byte becomes \u00XX; slack for the stores of
	 * whole blocks. */
	if (b->size - b->len <= qn + n * 6 + 35)
		buf_grow(b, qn + n * 6 + 35);
	d = b->data + b->len;
	if (first != NULL) {
		if (!*first)
			*d++ = ',';
		*first = 0;
		memcpy(d, q, qn);
		d += qn;
	}
	*d++ = '"';
	d = escape_to(d, (const unsigned char *)s, n);
	*d++ = '"';
	*d = '\0';
	b->len = (size_t)(d - b->data);
}

void
json_string(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	put_member(b, NULL, NULL, 0, s, strlen(s));
}

void
json_key_quoted(struct buf *b, int *first, const char *q, size_t n)
{
	if (b->size - b->len <= n + 1)
		buf_grow(b, n + 1);
	if (!*first)
		b->data[b->len++] = ',';
	*first = 0;
	memcpy(b->data + b->len, q, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
json_member_quoted(struct buf *b, int *first, const char *q, size_t n,
    const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	put_member(b, first, q, n, value, strlen(value));
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
