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

#endif
