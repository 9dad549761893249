/*
 * Repairing the two markup mistakes feeds make most: a bare '&' that
 * starts no reference ("Fish & Chips", "?a=1&b=2") and a '<' that starts
 * no markup ("I <3 it").  Both are fatal to an XML parser; here they become
 * "&amp;" and "&lt;".  Comments, CDATA sections and processing
 * instructions are copied untouched.  Works on a stream in chunks of any
 * size; only used on a document the XML parser has already rejected.
 */
#ifndef TIDINGS_XMLFIX_H
#define TIDINGS_XMLFIX_H

#include <stddef.h>

#include "buf.h"

struct xmlfix;

/* Returns a repairer in its initial state; free with xmlfix_free(). */
struct xmlfix	*xmlfix_new(void);
/* Append the repaired form of s[0..n) to out; with final set, decide
 * whatever was waiting for more input. */
void		 xmlfix_run(struct xmlfix *x, const char *s, size_t n,
		    int final, struct buf *out);
/* Number of characters escaped so far. */
size_t		 xmlfix_count(const struct xmlfix *x);
/* Free x; NULL is allowed. */
void		 xmlfix_free(struct xmlfix *x);

#endif
