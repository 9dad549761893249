/*
 * The feed parser: an expat push parser for RSS 0.9x/1.0/2.0 and Atom
 * 0.3/1.0 that takes a document in chunks of any size (curl's write
 * callback drives it directly) and hands each entry to a callback as soon
 * as its end tag is read, so memory is bounded by one entry, not by the
 * document.  The result never depends on where the chunks are split.
 *
 * Bad input is the normal case: encodings are detected and repaired
 * (charset.h), undeclared HTML entities recovered, unbound namespace
 * prefixes guessed; on a fatal XML error every entry read before it is kept
 * and the error is reported with its line and column.
 */
#ifndef TIDINGS_PARSE_H
#define TIDINGS_PARSE_H

#include <stddef.h>

#include "feed.h"

struct parse;

/* Called once per entry; e is valid only during the call (the callee may
 * take strings from it and set the pointers to NULL). */
typedef void (*parse_entry_fn)(void *arg, struct feed_entry *e);

/* Returns a parser; base (the document's URL, for relative links) and
 * content_type (the HTTP header) may be NULL and are copied.  Caller frees
 * with parse_free(). */
struct parse	*parse_new(const char *base, const char *content_type,
		    parse_entry_fn fn, void *arg);
/* Feed len bytes of the document; final marks the end.  Returns 0, or -1
 * once the document can no longer be parsed (later calls do nothing; the
 * reason is in the errors). */
int		 parse_push(struct parse *p, const char *data, size_t len,
		    int final);
/* parse_push without a copy, for a caller that reads the document itself:
 * parse_buffer returns room for up to len bytes (often inside expat's own
 * buffer), the caller writes n <= len bytes there and hands them over with
 * parse_push_buffer(p, n, final), which does what parse_push of those
 * bytes would do.  No other call on p may come in between. */
void		*parse_buffer(struct parse *p, size_t len);
int		 parse_push_buffer(struct parse *p, size_t n, int final);
/* The feed's own metadata, complete after the final push; owned by p. */
struct feed_entry *parse_feed_info(struct parse *p);
/* The format found from the root element. */
enum feed_format parse_format(const struct parse *p);
/* The encoding the document was read in (lower case). */
const char	*parse_encoding(const struct parse *p);
/* 0 when the document was not well-formed XML (or needed repair). */
int		 parse_wellformed(const struct parse *p);
/* The problems found, as "line N: ..." strings owned by p. */
const char *const *parse_errors(const struct parse *p, size_t *n);
/* Number of entries delivered so far. */
size_t		 parse_nentries(const struct parse *p);
/* Free p and all it owns; NULL is allowed. */
void		 parse_free(struct parse *p);

#endif
