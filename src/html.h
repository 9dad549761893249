/*
 * HTML to styled text, in two pure steps.  html_render() parses a story's
 * HTML (hostile: unclosed tags, deep nesting, invalid UTF-8, megabytes)
 * into blocks of plain UTF-8 text with style spans and a numbered list of
 * links; html_wrap() lays blocks out as lines at a width.  The split lets
 * the article builder add spans of its own (named entities) to the
 * blocks before wrapping, and re-wrap on a resize without re-parsing.
 * Nothing here draws: the terminal layer maps styles to attributes.
 *
 * Block text never holds control characters or escape sequences (they
 * are removed, tabs become spaces), so it is safe to draw as it is.
 */
#ifndef TIDINGS_HTML_H
#define TIDINGS_HTML_H

#include <stddef.h>

#include "style.h"

enum html_kind {
	HTML_PARA,	/* a paragraph (also loose text, <div>, <td> rows) */
	HTML_HEADING,	/* level in html_block.level (1..6) */
	HTML_PRE,	/* verbatim: lines kept, never re-flowed */
	HTML_ITEM,	/* a list item; marker holds "•", "3." ... */
	HTML_RULE,	/* <hr> */
	HTML_TABLE_ROW	/* cells joined with " | ", not re-flowed past width */
};

/* One block of text.  text is owned by the doc; spans are sorted by
 * start and may overlap. */
struct html_block {
	int		 kind;		/* enum html_kind */
	int		 level;		/* heading level */
	int		 indent;	/* nesting of lists and quotes, in steps */
	int		 quote;		/* inside this many <blockquote>s */
	char		 marker[16];	/* list marker, "" for others */
	int		 tight;		/* no blank line before this block
					 * (the article header's fields) */
	char		*text;		/* UTF-8, NUL-terminated */
	size_t		 len;
	struct span	*spans;
	size_t		 nspans;
	size_t		 spans_size;
};

/* A rendered document: blocks in order and the links they name, link
 * number i (as in "text[i]") at links[i - 1], resolved against the base
 * URL when one was given.  The arrays grow by doubling inside html.c; a
 * caller that builds its own (article.c) only replaces them whole. */
struct html_doc {
	struct html_block *blocks;
	size_t		 nblocks;
	char		**links;
	size_t		 nlinks;
};

/* One laid-out line; text and spans owned by the html_lines. */
struct html_line {
	char		*text;
	size_t		 len;
	struct span	*spans;		/* offsets into this line's text */
	size_t		 nspans;
};

struct html_lines {
	struct html_line *v;
	size_t		 n;
	size_t		 size;
};

/* Parse html[0..len) (any bytes; invalid UTF-8 is repaired) into doc,
 * which the caller zeroes first and frees with html_doc_free().  base
 * (may be NULL) resolves relative links.  Returns 0, or -1 with an
 * allocated *cause when the HTML library gave up; doc then holds what was
 * rendered before the failure. */
int	html_render(const char *html, size_t len, const char *base,
	    struct html_doc *doc, char **cause);
/* Add a span to block b (kept sorted by start). */
void	html_block_add_span(struct html_block *b, size_t start, size_t end,
	    int style, int arg);
/* Free what doc holds; doc may be reused after. */
void	html_doc_free(struct html_doc *doc);

/* Append doc laid out at width columns (display width: wide characters
 * count two) to out: blocks separated by blank lines, paragraphs
 * re-flowed at word boundaries, words longer than width cut, <pre> kept
 * verbatim and cut at width, indentation and quote bars "│ " for nesting,
 * and at the end the link list "[1]: URL".  Every line fits in width. */
void	html_wrap(const struct html_doc *doc, int width, struct html_lines *out);
/* Free the lines; out may be reused after. */
void	html_lines_free(struct html_lines *out);

#endif
