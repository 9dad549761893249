/*
 * The styles of rendered text.  The HTML renderer, the entity tagger's
 * spans and the article builder all speak in these; only the terminal
 * layer turns a style into colours and attributes.  Spans are separate
 * from the text and may overlap (a link inside bold text inside a
 * highlighted name), so each style stays visible.
 */
#ifndef TIDINGS_STYLE_H
#define TIDINGS_STYLE_H

#include <stddef.h>
#include <stdint.h>

enum style {
	STYLE_NORMAL,
	STYLE_BOLD,		/* <b>, <strong> */
	STYLE_ITALIC,		/* <i>, <em>, <cite> */
	STYLE_UNDERLINE,	/* <u>, <ins> */
	STYLE_STRIKE,		/* <s>, <del>, <strike> */
	STYLE_CODE,		/* <code>, <kbd>, <samp>, <tt> */
	STYLE_PRE,		/* the whole of a <pre> block */
	STYLE_HEADING,		/* <h1> .. <h6> */
	STYLE_QUOTE,		/* text inside <blockquote> */
	STYLE_LINK,		/* the text of a link; arg is its number */
	STYLE_LINKNUM,		/* the "[3]" after a link; arg as above */
	STYLE_IMAGE,		/* "[image: alt]" */
	STYLE_MARKER,		/* list bullets and numbers, table rules */
	STYLE_HEADER_NAME,	/* "Feed:", "Title:" in the article header */
	STYLE_HEADER_VALUE,
	STYLE_TITLE,		/* the story's title in the header */
	STYLE_PER,		/* named entities, by type (enum ner_type + */
	STYLE_ORG,		/* STYLE_PER) */
	STYLE_LOC,
	STYLE_MISC,
	STYLE_COUNT
};

/* text[start..end) (byte offsets into one block or line) has style; arg
 * is the link number for STYLE_LINK and STYLE_LINKNUM, else 0. */
struct span {
	uint32_t	start;
	uint32_t	end;
	uint16_t	style;
	uint16_t	arg;
};

#endif
