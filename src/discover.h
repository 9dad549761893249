/*
 * Feed autodiscovery: a web page names its feeds with
 * <link rel="alternate" type="application/rss+xml" href="...">.  Used by
 * "tidings add" when the URL given is a page, not a feed.
 */
#ifndef TIDINGS_DISCOVER_H
#define TIDINGS_DISCOVER_H

#include <stddef.h>

/* The feeds a page announces, best first (Atom and RSS before others, in
 * document order), each href resolved against base (the page's URL; the
 * page's <base href> wins).  Returns the number found and sets *urls to an
 * allocated array of allocated strings (caller frees each and the array;
 * NULL when none). */
size_t	discover_feeds(const char *html, size_t len, const char *base,
	    char ***urls);

/* Returns 1 when the first bytes of a body look like a feed (RSS, RDF or
 * Atom root element after an optional XML declaration, comments,
 * doctype), 0 when they look like HTML or anything else. */
int	discover_is_feed(const char *data, size_t len);

#endif
