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

/* Most bytes n bytes of string take quoted, plus room for the escaping's
 * whole-block stores. */
#define JSON_QUOTED_MAX(n)	((n) * 6 + 35)
/* Write s[0..n) quoted and escaped at d, which has room for
 * JSON_QUOTED_MAX(n) bytes, and a NUL; returns where the NUL is. */
char	*json_quote_into(char *d, const char *s, size_t n);

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
