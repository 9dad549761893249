/*
 * The article pane's contents: header blocks, then the story's HTML
 * rendered by html.c, with the tagger's entities added as spans before
 * the blocks are wrapped.  The tagger sees the body's blocks joined by
 * blank lines, as one document, so that a surname alone later in a story
 * keeps the type its full name got earlier.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "buf.h"
#include "text.h"
#include "xmalloc.h"

/* Append a header block "Name: value" (value printable, one line) to
 * blocks; value is only read. */
static void
header_add(struct html_block **v, size_t *n, size_t *size, const char *name,
    const char *value, int style)
{
	struct html_block	*b;
	char			*clean;
	size_t			 nl = strlen(name);

	if (value == NULL || *value == '\0')
		return;
	if (*n == *size) {
		*size = *size ? *size * 2 : 8;
		*v = xreallocarray(*v, *size, sizeof(**v));
	}
	b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->kind = HTML_PARA;
	b->tight = *n > 1;	/* the fields stand together */
	clean = text_oneline(value, strlen(value));
	b->text = xasprintf("%s: %s", name, clean);
	b->len = strlen(b->text);
	free(clean);
	html_block_add_span(b, 0, nl + 1, STYLE_HEADER_NAME, 0);
	html_block_add_span(b, nl + 2, b->len, style, 0);
}

/* Tag the body blocks doc->blocks[from..] as one text and add the
 * entities as spans; returns how many were added. */
static size_t
tag_blocks(struct html_doc *doc, size_t from, const struct ner_model *m)
{
	struct buf		 text = { NULL, 0, 0 };
	struct ner_spans	 spans = { NULL, 0, 0 };
	size_t			*start, i, j = 0, added = 0;

	if (doc->nblocks <= from)
		return 0;
	start = xreallocarray(NULL, doc->nblocks, sizeof(*start));
	for (i = from; i < doc->nblocks; i++) {
		if (text.len > 0)
			buf_puts(&text, "\n\n");
		start[i] = text.len;
		buf_append(&text, doc->blocks[i].text, doc->blocks[i].len);
	}
	if (text.len > 0)
		ner_tag(m, text.data, text.len, &spans);
	/* Spans come in text order, so one pass over the blocks maps them. */
	i = from;
	for (j = 0; j < spans.n; j++) {
		const struct ner_span *sp = &spans.v[j];
		struct html_block *b;

		while (i + 1 < doc->nblocks && start[i + 1] <= sp->start)
			i++;
		b = &doc->blocks[i];
		if (sp->start < start[i] || sp->end > start[i] + b->len)
			continue;	/* across a block boundary */
		html_block_add_span(b, sp->start - start[i],
		    sp->end - start[i], STYLE_PER + sp->type, 0);
		added++;
	}
	ner_spans_free(&spans);
	buf_free(&text);
	free(start);
	return added;
}

void
article_build(struct article *a, const struct store_body *b,
    const struct ner_model *m)
{
	struct html_doc		 body;
	struct html_block	*v = NULL;
	size_t			 n = 0, size = 0, nhead;
	const char		*html;
	char			 date[64], *cause = NULL;
	struct tm		 tm;

	memset(a, 0, sizeof(*a));
	header_add(&v, &n, &size, "Feed", b->feed_title, STYLE_HEADER_VALUE);
	header_add(&v, &n, &size, "Title", b->title, STYLE_TITLE);
	header_add(&v, &n, &size, "Author", b->author, STYLE_HEADER_VALUE);
	if (b->date != 0 && localtime_r(&b->date, &tm) != NULL &&
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M %Z", &tm) > 0)
		header_add(&v, &n, &size, "Date", date, STYLE_HEADER_VALUE);
	header_add(&v, &n, &size, "Link", b->link, STYLE_HEADER_VALUE);
	nhead = n;

	html = b->fulltext != NULL ? b->fulltext : b->content != NULL ?
	    b->content : b->summary;
	memset(&body, 0, sizeof(body));
	if (html != NULL && html_render(html, strlen(html), b->link, &body,
	    &cause) == -1)
		free(cause);	/* what was rendered before is shown */

	/* The header, then the body's blocks (moved, not copied). */
	a->doc = body;
	a->doc.blocks = xreallocarray(NULL, nhead + body.nblocks + 1,
	    sizeof(*a->doc.blocks));
	if (nhead > 0)
		memcpy(a->doc.blocks, v, nhead * sizeof(*v));
	if (body.nblocks > 0)
		memcpy(a->doc.blocks + nhead, body.blocks,
		    body.nblocks * sizeof(*body.blocks));
	a->doc.nblocks = nhead + body.nblocks;
	free(body.blocks);
	free(v);
	if (m != NULL)
		a->nentities = tag_blocks(&a->doc, nhead, m);
}

void
article_wrap(struct article *a, int width)
{
	if (width < 1)
		width = 1;
	if (a->width == width)
		return;
	html_lines_free(&a->lines);
	html_wrap(&a->doc, width, &a->lines);
	a->width = width;
}

void
article_free(struct article *a)
{
	html_doc_free(&a->doc);
	html_lines_free(&a->lines);
	memset(a, 0, sizeof(*a));
}
