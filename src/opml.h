/*
 * OPML subscription lists: reading the outlines another reader exported
 * (nested folders become tags) and writing OPML 2.0 with titles and tags,
 * so subscriptions move between tidings, newsboat and the rest.
 */
#ifndef TIDINGS_OPML_H
#define TIDINGS_OPML_H

#include <stddef.h>

#include "subs.h"

/* Parse an OPML document (len bytes) into s: one sub per outline with an
 * xmlUrl; the title (title, else text) becomes the sub's title and the
 * titles of the enclosing folder outlines (and a "category" attribute,
 * comma or slash separated) its tags.  Returns 0, or -1 with an allocated
 * *cause (caller frees) for a document that is not OPML or not XML. */
int	opml_parse(const char *text, size_t len, struct subs *s, char **cause);

/* Returns an allocated OPML 2.0 document listing s (title from the sub's
 * title, tags in the "category" attribute, comma separated, as OPML 2.0
 * says); caller frees.  title names the document's <head>. */
char	*opml_write(const struct subs *s, const char *title);

#endif
