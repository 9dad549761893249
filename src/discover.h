/*
 * Feed autodiscovery: a web page names its feeds with
 * <link rel="alternate" type="application/rss+xml" href="...">.  Used by
 * "tidings add" when the URL given is a page, not a feed.
 */
#ifndef TIDINGS_DISCOVER_H
#define TIDINGS_DISCOVER_H

#include <stddef.h>

/* The feeds a page announces with <link rel="alternate"> and a type of
 * application/atom+xml, rss+xml or rdf+xml (JSON Feed is not read), best
 * first: Atom and RSS before RDF, each in document order, a URL named
 * twice kept once.  Each href is resolved against base (the page's URL;
 * NULL: left as written), or against the page's first <base href>.  The
 * whole page is scanned (links in <body> count); comments and the text of
 * <script>, <style> and the like are skipped; the first 100 such links
 * are kept.  Returns the number found and sets *urls to an allocated
 * array of allocated strings (caller frees each and the array; NULL when
 * none). */
size_t	discover_feeds(const char *html, size_t len, const char *base,
	    char ***urls);

/* Returns 1 when the first bytes of a body look like a feed: after an
 * optional BOM (UTF-8 or UTF-16), whitespace, XML declaration, processing
 * instructions, comments and doctype, the root element's name, without
 * its prefix, is rss, feed or RDF.  Returns 0 for HTML or anything else,
 * and when the first 4 KiB (all it looks at) do not reach the root's
 * name. */
int	discover_is_feed(const char *data, size_t len);

#endif
