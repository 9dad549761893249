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
 * to escape: the quoted key is put together by the compiler. */
#define JSON_KEY(b, first, key) \
	json_key_quoted((b), (first), "\"" key "\":", sizeof(key) + 2)
#define JSON_MEMBER_STR(b, first, key, value) \
	json_member_quoted((b), (first), "\"" key "\":", sizeof(key) + 2, \
	    (value))
void	json_key_quoted(struct buf *b, int *first, const char *q, size_t n);
void	json_member_quoted(struct buf *b, int *first, const char *q,
	    size_t n, const char *value);

#endif
