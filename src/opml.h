/*
 * OPML subscription lists: reading the outlines another reader exported
 * (nested folders become tags) and writing OPML 2.0 with titles and tags,
 * so subscriptions move between tidings, newsboat and the rest.
 */
#ifndef TIDINGS_OPML_H
#define TIDINGS_OPML_H

#include <stddef.h>
#include <time.h>

#include "subs.h"

/* Parse an OPML 1.0 or 2.0 document (len bytes, in any encoding the
 * feed parser reads) into s.  Every outline with an xmlUrl (or, for
 * type="rss" or "atom", a url) is a feed; its title is the title
 * attribute, else text, made one line (a title equal to the URL counts as
 * none).  Every other outline is a folder: the titles of the folders
 * around a feed, outermost first, become its tags, then every component
 * of its "category" attribute (comma separated paths: "/Tech/News,Science"
 * gives Tech, News and Science); at most 256 tags, without repeats.  A
 * URL listed twice is kept once: the first outline's title (or a later
 * one when it had none) and the tags of all.  Returns 0, or -1 with an
 * allocated *cause (caller frees) and s left empty for a document that is
 * not OPML (its root is not <opml>), is not well-formed ("line N: ..."),
 * or nests deeper than 100 elements. */
int	opml_parse(const char *text, size_t len, struct subs *s, char **cause);

/* Returns an allocated OPML 2.0 document in UTF-8 listing s, one
 * <outline type="rss"> per sub with a URL (text and title: the sub's
 * title, else its URL; tags in the "category" attribute, comma separated,
 * as OPML 2.0 says); caller frees.  title (NULL: none) names the document
 * in its <head>, and now is written as its dateCreated (RFC 822, UTC).
 * A tag holding ',' or '/' reads back as several tags. */
char	*opml_write(const struct subs *s, const char *title, time_t now);

#endif
