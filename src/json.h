/*
 * Writing JSON into a buffer: strings escaped per RFC 8259.  Input is
 * UTF-8 (the parser guarantees it), so only quotes, backslashes and
 * control characters need escaping.
 */
#ifndef TIDINGS_JSON_H
#define TIDINGS_JSON_H

#include "buf.h"

/* Append s as a JSON string literal (NULL as ""). */
void	json_string(struct buf *b, const char *s);
/* Append "key":"value" with a leading comma unless *first is set (then
 * clears it); nothing when value is NULL or empty. */
void	json_member_str(struct buf *b, int *first, const char *key,
	    const char *value);
/* Append "key": with the comma rule of json_member_str. */
void	json_key(struct buf *b, int *first, const char *key);

/* The same two for a key written as a string literal with nothing in it
 * to escape: the quoted key is put together by the compiler, and copied
 * with moves of a known size. */
#define JSON_KEY(b, first, key) \
	json_key_quoted((b), (first), "\"" key "\":", sizeof(key) + 2)
#define JSON_MEMBER_STR(b, first, key, value) \
	json_member_quoted((b), (first), "\"" key "\":", sizeof(key) + 2, \
	    (value))
/* The same for a value of length n. */
#define JSON_MEMBER_STRN(b, first, key, value, n) \
	json_member_quoted_n((b), (first), "\"" key "\":", sizeof(key) + 2, \
	    (value), (n))

/* Most bytes n bytes of string take quoted, plus room for the escaping's
 * whole-block stores. */
#define JSON_QUOTED_MAX(n)	((n) * 6 + 35)
/* Write s[0..n) quoted and escaped at d, which has room for
 * JSON_QUOTED_MAX(n) bytes, and a NUL; returns where the NUL is. */
char	*json_quote_into(char *d, const char *s, size_t n);

static inline void
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

/* json_member_quoted() for a value whose length n is known. */
static inline void
json_member_quoted_n(struct buf *b, int *first, const char *q, size_t qn,
    const char *value, size_t n)
{
	char	*d;

	if (n == 0)
		return;
	if (b->size - b->len <= qn + 1 + JSON_QUOTED_MAX(n))
		buf_grow(b, qn + 1 + JSON_QUOTED_MAX(n));
	d = b->data + b->len;
	if (!*first)
		*d++ = ',';
	*first = 0;
	memcpy(d, q, qn);
	d = json_quote_into(d + qn, value, n);
	b->len = (size_t)(d - b->data);
}

static inline void
json_member_quoted(struct buf *b, int *first, const char *q, size_t qn,
    const char *value)
{
	if (value != NULL)
		json_member_quoted_n(b, first, q, qn, value, strlen(value));
}

/*
 * Writing at a cursor: the caller reserves room for everything it will
 * write once (JSON_MEMBER_MAX per member), and the members go in with
 * no check of room each.  Entries of `tidings parse` are written so:
 * checking and terminating the buffer at every key cost as much as
 * escaping the article bodies.
 */
/* Room for "key":"value" of a value of n bytes, a key of at most 24. */
#define JSON_MEMBER_MAX(n)	(JSON_QUOTED_MAX(n) + 28)

/* Write q[0..qn) (a quoted key and its colon) at d, after a comma
 * unless *first (which is then cleared); returns the end. */
static inline char *
json_put_key(char *d, int *first, const char *q, size_t qn)
{
	if (!*first)
		*d++ = ',';
	*first = 0;
	memcpy(d, q, qn);
	return d + qn;
}

/* Write "key":"s[0..n)" at d as json_put_key() does, nothing when n is
 * 0; returns the end (no NUL is promised). */
static inline char *
json_put_member(char *d, int *first, const char *q, size_t qn,
    const char *s, size_t n)
{
	if (n == 0)
		return d;
	return json_quote_into(json_put_key(d, first, q, qn), s, n);
}

/* The two for a key given as a string literal. */
#define JSON_PUT_KEY(d, first, key) \
	json_put_key((d), (first), "\"" key "\":", sizeof(key) + 2)
#define JSON_PUT_MEMBER(d, first, key, s, n) \
	json_put_member((d), (first), "\"" key "\":", sizeof(key) + 2, \
	    (s), (n))

#endif
