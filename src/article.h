/*
 * The article pane's contents: a header (feed, title, author, date, link)
 * and the story's HTML rendered to blocks, with the named entities the
 * tagger finds added as spans, laid out at the pane's width.  Pure: the
 * item comes from the cache, the lines go to the terminal layer, and a
 * resize only re-wraps.
 */
#ifndef TIDINGS_ARTICLE_H
#define TIDINGS_ARTICLE_H

#include <stddef.h>

#include "html.h"
#include "ner.h"
#include "store.h"

struct article {
	struct html_doc	  doc;
	struct html_lines lines;	/* doc laid out at width */
	int		  width;	/* 0: not laid out yet */
	size_t		  nentities;	/* entity spans found */
};

/* Build a from b (which stays the caller's): its header, then its saved
 * full text, else its content, else its summary, as HTML.  With m (may
 * be NULL) the names in the text are tagged.  a is cleared first; free
 * it with article_free(). */
void	article_build(struct article *a, const struct store_body *b,
	    const struct ner_model *m);
/* Lay a out at width columns (nothing to do when it already is). */
void	article_wrap(struct article *a, int width);
/* Free what a holds; a may be built again. */
void	article_free(struct article *a);

#endif
