/*
 * HTML to styled text (see html.h), on libxml2's HTML parser.
 *
 * Why libxml2 and not gumbo: both are maintained Debian libraries and
 * both recover from any tag soup.  libxml2 is already on every machine
 * that has newsboat or a desktop, parses a page two to three times faster
 * than gumbo (gumbo builds the full HTML5 tree with every token's source
 * position) and keeps much less memory per node; gumbo's strength is
 * exact HTML5 error recovery, which matters little for showing a story.
 * Measured on the corpus pages (../shared/corpora/articles): see the
 * README, "How the article pane renders".
 *
 * The tree is walked without recursion (first child, next sibling, back
 * up through the parent), so a story nested 10,000 elements deep costs
 * time but never stack.  Input past HTML_MAX bytes is cut: no story is
 * that long, and a hostile one must not cost seconds on every open.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

#define HTML_MAX	((size_t)8 << 20)
#define INLINE_MAX	64	/* open inline styles tracked */
#define LIST_MAX	32	/* nested lists numbered */

enum tag_kind {
	T_OTHER,	/* unknown: its text is kept */
	T_DROP,		/* script, style...: nothing of it shown */
	T_BLOCK,	/* starts and ends a paragraph */
	T_HEADING, T_PRE, T_QUOTE, T_UL, T_OL, T_LI, T_DT, T_DD,
	T_BR, T_HR, T_TABLE, T_TR, T_CELL, T_IMG, T_A,
	T_INLINE	/* a style: b, i, code ... */
};

static const struct {
	const char	*name;
	int		 kind;
	int		 style;	/* T_INLINE, T_CELL (th) */
} tags[] = {
	{ "a", T_A, STYLE_LINK }, { "abbr", T_OTHER, 0 },
	{ "address", T_BLOCK, 0 }, { "applet", T_DROP, 0 },
	{ "article", T_BLOCK, 0 }, { "aside", T_BLOCK, 0 },
	{ "audio", T_DROP, 0 }, { "b", T_INLINE, STYLE_BOLD },
	{ "big", T_INLINE, STYLE_BOLD }, { "blockquote", T_QUOTE, 0 },
	{ "body", T_BLOCK, 0 }, { "br", T_BR, 0 },
	{ "button", T_DROP, 0 }, { "canvas", T_DROP, 0 },
	{ "caption", T_BLOCK, 0 }, { "center", T_BLOCK, 0 },
	{ "cite", T_INLINE, STYLE_ITALIC }, { "code", T_INLINE, STYLE_CODE },
	{ "dd", T_DD, 0 }, { "del", T_INLINE, STYLE_STRIKE },
	{ "details", T_BLOCK, 0 }, { "dfn", T_INLINE, STYLE_ITALIC },
	{ "dialog", T_DROP, 0 }, { "div", T_BLOCK, 0 }, { "dl", T_BLOCK, 0 },
	{ "dt", T_DT, 0 }, { "em", T_INLINE, STYLE_ITALIC },
	{ "embed", T_DROP, 0 }, { "fieldset", T_BLOCK, 0 },
	{ "figcaption", T_BLOCK, 0 }, { "figure", T_BLOCK, 0 },
	{ "footer", T_BLOCK, 0 }, { "form", T_DROP, 0 },
	{ "frame", T_DROP, 0 }, { "frameset", T_DROP, 0 },
	{ "h1", T_HEADING, 1 }, { "h2", T_HEADING, 2 },
	{ "h3", T_HEADING, 3 }, { "h4", T_HEADING, 4 },
	{ "h5", T_HEADING, 5 }, { "h6", T_HEADING, 6 },
	{ "head", T_DROP, 0 }, { "header", T_BLOCK, 0 },
	{ "hr", T_HR, 0 }, { "html", T_BLOCK, 0 },
	{ "i", T_INLINE, STYLE_ITALIC }, { "iframe", T_DROP, 0 },
	{ "img", T_IMG, 0 }, { "input", T_DROP, 0 },
	{ "ins", T_INLINE, STYLE_UNDERLINE }, { "kbd", T_INLINE, STYLE_CODE },
	{ "li", T_LI, 0 }, { "main", T_BLOCK, 0 }, { "map", T_DROP, 0 },
	{ "mark", T_INLINE, STYLE_BOLD }, { "math", T_DROP, 0 },
	{ "menu", T_UL, 0 }, { "nav", T_BLOCK, 0 },
	{ "noembed", T_DROP, 0 }, { "noframes", T_DROP, 0 },
	{ "noscript", T_DROP, 0 }, { "object", T_DROP, 0 },
	{ "ol", T_OL, 0 }, { "option", T_DROP, 0 }, { "p", T_BLOCK, 0 },
	{ "picture", T_OTHER, 0 }, { "pre", T_PRE, 0 },
	{ "q", T_INLINE, STYLE_ITALIC }, { "s", T_INLINE, STYLE_STRIKE },
	{ "samp", T_INLINE, STYLE_CODE }, { "script", T_DROP, 0 },
	{ "section", T_BLOCK, 0 }, { "select", T_DROP, 0 },
	{ "source", T_DROP, 0 }, { "strike", T_INLINE, STYLE_STRIKE },
	{ "strong", T_INLINE, STYLE_BOLD }, { "style", T_DROP, 0 },
	{ "summary", T_BLOCK, 0 }, { "svg", T_DROP, 0 },
	{ "table", T_TABLE, 0 }, { "td", T_CELL, 0 },
	{ "template", T_DROP, 0 }, { "textarea", T_DROP, 0 },
	{ "th", T_CELL, STYLE_BOLD }, { "title", T_DROP, 0 },
	{ "tr", T_TR, 0 }, { "track", T_DROP, 0 },
	{ "tt", T_INLINE, STYLE_CODE }, { "u", T_INLINE, STYLE_UNDERLINE },
	{ "ul", T_UL, 0 }, { "var", T_INLINE, STYLE_ITALIC },
	{ "video", T_DROP, 0 }, { "xmp", T_PRE, 0 },
};

/* The entry for element name, or -1. */
static int
tag_find(const char *name)
{
	size_t	lo = 0, hi = sizeof(tags) / sizeof(tags[0]), mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcasecmp(name, tags[mid].name);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

struct open_inline {
	int	style;
	int	arg;
	size_t	start;
	int	live;		/* closed by a block inside it */
};

struct list {
	int	ordered;
	long	n;		/* the next number */
};

/* The renderer's state while walking the tree. */
struct render {
	struct html_doc	*doc;
	const char	*base;
	struct html_block cur;		/* the block being filled */
	struct buf	 text;
	int		 space;		/* a space is owed before the next word */
	int		 quote;
	int		 indent;
	int		 pre;
	int		 tight_next;	/* the next block follows a <br> */
	int		 cells;		/* cells in the row so far */
	struct open_inline inl[INLINE_MAX];
	int		 ninl;
	struct list	 lists[LIST_MAX];
	int		 nlists;
	int		 heading;	/* level of the open heading */
	int		 kind;		/* the kind the next block gets */
	char		 marker[16];
};

/* Make room in array p of n elements for one more.  The capacity is
 * implied, 8 or the next power of two, so the doc needs no field for it
 * and a page of 200,000 blocks costs 16 reallocations, not 200,000 (a
 * realloc may copy: that was quadratic). */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(p, 8, size);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xreallocarray(p, n * 2, size);
	return p;
}

void
html_block_add_span(struct html_block *b, size_t start, size_t end,
    int style, int arg)
{
	size_t	i;

	if (end <= start || start >= b->len)
		return;
	if (end > b->len)
		end = b->len;
	if (b->nspans == b->spans_size) {
		b->spans_size = b->spans_size ? b->spans_size * 2 : 8;
		b->spans = xreallocarray(b->spans, b->spans_size,
		    sizeof(*b->spans));
	}
	/* Kept sorted by start: spans mostly arrive in order. */
	i = b->nspans;
	while (i > 0 && b->spans[i - 1].start > start) {
		b->spans[i] = b->spans[i - 1];
		i--;
	}
	b->spans[i].start = (uint32_t)start;
	b->spans[i].end = (uint32_t)end;
	b->spans[i].style = (uint16_t)style;
	b->spans[i].arg = (uint16_t)arg;
	b->nspans++;
}

/* End the block being filled: trim it, close the open styles at its end
 * and add it to the doc unless it is empty. */
static void
flush(struct render *r)
{
	struct html_block *b = &r->cur;
	struct html_doc	*d = r->doc;
	size_t		 len = r->text.len, i, j2;
	int		 j;

	/* Trailing blanks say nothing; a <pre>'s last newline neither. */
	while (len > 0 && (r->text.data[len - 1] == ' ' ||
	    (r->pre && r->text.data[len - 1] == '\n')))
		len--;
	r->space = 0;
	if (len == 0 && r->kind != HTML_RULE) {
		free(b->spans);
		memset(b, 0, sizeof(*b));
		buf_clear(&r->text);
		for (j = 0; j < r->ninl; j++)
			r->inl[j].start = 0;
		return;
	}
	/* Inside a <pre>, every block keeps its line breaks, so it is laid
	 * out as one (a <p> or <tr> in a <pre> would re-flow them). */
	b->kind = r->pre > 0 && r->kind != HTML_RULE ? HTML_PRE : r->kind;
	b->level = r->heading;
	b->quote = r->quote;
	b->indent = r->indent;
	b->tight = r->tight_next;
	memcpy(b->marker, r->marker, sizeof(b->marker));
	b->text = xstrndup(r->text.data != NULL ? r->text.data : "", len);
	b->len = len;
	for (j = 0; j < r->ninl; j++)
		html_block_add_span(b, r->inl[j].start, len, r->inl[j].style,
		    r->inl[j].arg);
	/* Spans over the trimmed blanks are cut back, or dropped when
	 * nothing of them is left. */
	for (i = j2 = 0; i < b->nspans; i++) {
		if (b->spans[i].start >= len)
			continue;
		if (b->spans[i].end > len)
			b->spans[i].end = (uint32_t)len;
		b->spans[j2++] = b->spans[i];
	}
	b->nspans = j2;
	if (r->kind == HTML_HEADING)
		html_block_add_span(b, 0, len, STYLE_HEADING, 0);
	if (b->kind == HTML_PRE)
		html_block_add_span(b, 0, len, STYLE_PRE, 0);
	if (r->quote > 0)
		html_block_add_span(b, 0, len, STYLE_QUOTE, 0);
	d->blocks = grow(d->blocks, d->nblocks, sizeof(*d->blocks));
	d->blocks[d->nblocks++] = *b;
	memset(b, 0, sizeof(*b));
	buf_clear(&r->text);
	for (j = 0; j < r->ninl; j++)
		r->inl[j].start = 0;
	/* What follows a list item's first block continues the item. */
	r->marker[0] = '\0';
	if (r->kind == HTML_ITEM)
		r->kind = HTML_PARA;
	r->tight_next = 0;
}

/* Start a block of kind (the current one is flushed first). */
static void
block_start(struct render *r, int kind)
{
	flush(r);
	/* <li><p>text</p></li>: the paragraph is the item's first block
	 * and keeps the marker. */
	if (r->kind == HTML_ITEM && r->marker[0] != '\0' && kind == HTML_PARA)
		return;
	r->kind = kind;
}

/* Append s[0..len) as text: controls dropped, whitespace collapsed
 * outside <pre>, tabs expanded inside. */
static void
text_add(struct render *r, const char *s, size_t len)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == '\f') {
			if (r->pre) {
				if (cp == '\n')
					buf_putc(&r->text, '\n');
				else if (cp == '\t') {
					/* To the next multiple of 8 columns
					 * of this line. */
					/* memrchr: back to this line's
					 * start only, never the whole
					 * text (quadratic in a big pre). */
					const char *nl = r->text.data == NULL ?
					    NULL : memrchr(r->text.data, '\n',
					    r->text.len);
					size_t col = (size_t)utf8_width(
					    nl != NULL ? nl + 1 : r->text.data != NULL ?
					    r->text.data : "", nl != NULL ?
					    strlen(nl + 1) : r->text.len);

					do
						buf_putc(&r->text, ' ');
					while (++col % 8 != 0);
				} else if (cp == ' ')
					buf_putc(&r->text, ' ');
			} else
				r->space = 1;
			i += n;
			continue;
		}
		/* Control characters (C0, DEL, C1) are never shown: ESC
		 * starts terminal escape sequences. */
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			i += n;
			continue;
		}
		if (r->space && r->text.len > 0 &&
		    r->text.data[r->text.len - 1] != ' ' &&
		    r->text.data[r->text.len - 1] != '\n')
			buf_putc(&r->text, ' ');
		r->space = 0;
		if (cp == 0xfffd && n == 1)
			buf_puts(&r->text, "\xef\xbf\xbd");
		else
			buf_append(&r->text, s + i, n);
		i += n;
	}
}

/* Append a literal of ours (a marker, "[3]") with style. */
static void
literal_add(struct render *r, const char *s, int style, int arg)
{
	size_t	start;
	int	space = r->space;

	if (space && r->text.len > 0)
		buf_putc(&r->text, ' ');
	r->space = 0;
	start = r->text.len;
	buf_puts(&r->text, s);
	r->cur.len = r->text.len;	/* for the bounds check */
	html_block_add_span(&r->cur, start, r->text.len, style, arg);
}

/* The number of link url (resolved, printable), a new one or the one it
 * had; 0 if the doc has too many. */
static int
link_number(struct render *r, const char *href)
{
	struct html_doc	*d = r->doc;
	char		*url = uri_resolve(r->base, href), *clean;
	size_t		 i, j;

	/* The URL is drawn in the link list: no controls in it. */
	clean = xmalloc(strlen(url) + 1);
	for (i = j = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] > 0x20 && url[i] != 0x7f)
			clean[j++] = url[i];
	clean[j] = '\0';
	free(url);
	for (i = 0; i < d->nlinks; i++)
		if (strcmp(d->links[i], clean) == 0) {
			free(clean);
			return (int)i + 1;
		}
	if (d->nlinks >= 65535) {
		free(clean);
		return 0;
	}
	d->links = grow(d->links, d->nlinks, sizeof(*d->links));
	d->links[d->nlinks++] = clean;
	return (int)d->nlinks;
}

static const char *
attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL && strcasecmp((const char *)a->name,
		    name) == 0 && a->children != NULL &&
		    a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

/* The list marker of the next item. */
static void
marker_set(struct render *r)
{
	static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
	    "\xe2\x96\xaa" };	/* • ◦ ▪ */
	struct list	*l;

	if (r->nlists == 0) {
		snprintf(r->marker, sizeof(r->marker), "%s", bullets[0]);
		return;
	}
	l = &r->lists[r->nlists - 1 < LIST_MAX ? r->nlists - 1 : LIST_MAX - 1];
	if (l->ordered)
		snprintf(r->marker, sizeof(r->marker), "%ld.", l->n++);
	else
		snprintf(r->marker, sizeof(r->marker), "%s",
		    bullets[(r->nlists - 1) % 3]);
}

/* Entering element n; returns 0 when its children are to be skipped. */
static int
enter(struct render *r, xmlNodePtr n)
{
	int		 t = tag_find((const char *)n->name);
	int		 kind = t >= 0 ? tags[t].kind : T_OTHER;
	const char	*a;
	char		 img[256];

	switch (kind) {
	case T_DROP:
		return 0;
	case T_BLOCK:
	case T_TABLE:
		block_start(r, HTML_PARA);
		break;
	case T_DT:
		block_start(r, HTML_PARA);
		break;
	case T_DD:
		block_start(r, HTML_PARA);
		r->indent++;
		break;
	case T_HEADING:
		block_start(r, HTML_HEADING);
		r->heading = tags[t].style;
		break;
	case T_PRE:
		block_start(r, HTML_PRE);
		r->pre++;
		break;
	case T_QUOTE:
		block_start(r, HTML_PARA);
		r->quote++;
		break;
	case T_UL:
	case T_OL:
		block_start(r, HTML_PARA);
		if (r->nlists < LIST_MAX) {
			r->lists[r->nlists].ordered = kind == T_OL;
			r->lists[r->nlists].n = 1;
			if (kind == T_OL && (a = attr(n, "start")) != NULL)
				r->lists[r->nlists].n = strtol(a, NULL, 10);
		}
		r->nlists++;
		if (r->nlists > 1)
			r->indent++;
		break;
	case T_LI:
		block_start(r, HTML_ITEM);
		marker_set(r);
		break;
	case T_BR:
		if (r->pre)
			buf_putc(&r->text, '\n');
		else {
			int	kd = r->kind;

			flush(r);
			r->kind = kd == HTML_ITEM ? HTML_PARA : kd;
			r->tight_next = 1;
		}
		return 0;
	case T_HR:
		block_start(r, HTML_RULE);
		flush(r);
		r->kind = HTML_PARA;
		return 0;
	case T_TR:
		block_start(r, HTML_TABLE_ROW);
		r->cells = 0;
		break;
	case T_CELL:
		if (r->kind != HTML_TABLE_ROW)
			block_start(r, HTML_TABLE_ROW);
		if (r->cells++ > 0) {
			r->space = 0;
			literal_add(r, " | ", STYLE_MARKER, 0);
		}
		r->space = 0;
		if (tags[t].style != 0 && r->ninl < INLINE_MAX) {
			r->inl[r->ninl].style = tags[t].style;
			r->inl[r->ninl].arg = 0;
			r->inl[r->ninl].start = r->text.len;
			r->ninl++;
		}
		break;
	case T_IMG:
		/* Tracking pixels and spacers say nothing. */
		if (((a = attr(n, "width")) != NULL && atoi(a) <= 2 &&
		    *a != '\0') || ((a = attr(n, "height")) != NULL &&
		    atoi(a) <= 2 && *a != '\0'))
			return 0;
		a = attr(n, "alt");
		if (a == NULL || *a == '\0')
			a = attr(n, "title");
		if (a != NULL && *a != '\0') {
			struct buf	t2 = { NULL, 0, 0 };
			size_t		save = r->text.len;

			/* The alt text cleaned like any text. */
			text_add(r, a, strlen(a));
			if (r->text.len > save) {
				buf_append(&t2, r->text.data + save,
				    r->text.len - save);
				r->text.len = save;
				r->text.data[save] = '\0';
			}
			/* At most 200 bytes of it, cut between two
			 * characters, never inside one. */
			if (t2.len > 200) {
				t2.len = 200;
				while (t2.len > 0 && ((unsigned char)
				    t2.data[t2.len] & 0xc0) == 0x80)
					t2.len--;
				t2.data[t2.len] = '\0';
			}
			if (t2.len > 0 && (t2.len > 1 || t2.data[0] != ' '))
				snprintf(img, sizeof(img), "[image: %s]",
				    t2.data[0] == ' ' ? t2.data + 1 : t2.data);
			else
				snprintf(img, sizeof(img), "[image]");
			buf_free(&t2);
		} else
			snprintf(img, sizeof(img), "[image]");
		r->space = r->space || (r->text.len > 0 &&
		    r->text.data[r->text.len - 1] != ' ');
		literal_add(r, img, STYLE_IMAGE, 0);
		return 0;
	case T_A:
	case T_INLINE:
		if (r->ninl < INLINE_MAX) {
			/* A space owed goes before the styled text. */
			if (r->space && r->text.len > 0) {
				buf_putc(&r->text, ' ');
				r->space = 0;
			}
			r->inl[r->ninl].style = tags[t].style;
			r->inl[r->ninl].arg = 0;
			r->inl[r->ninl].start = r->text.len;
			r->ninl++;
		}
		break;
	}
	return 1;
}

/* Leaving element n. */
static void
leave(struct render *r, xmlNodePtr n)
{
	int		 t = tag_find((const char *)n->name);
	int		 kind = t >= 0 ? tags[t].kind : T_OTHER;
	const char	*href;
	char		 num[16];
	int		 k;

	switch (kind) {
	case T_BLOCK:
	case T_TABLE:
	case T_DT:
	case T_LI:
	case T_TR:
		block_start(r, HTML_PARA);
		break;
	case T_DD:
		block_start(r, HTML_PARA);
		if (r->indent > 0)
			r->indent--;
		break;
	case T_HEADING:
		flush(r);
		r->kind = HTML_PARA;
		r->heading = 0;
		break;
	case T_PRE:
		flush(r);
		if (r->pre > 0)
			r->pre--;
		r->kind = r->pre ? HTML_PRE : HTML_PARA;
		break;
	case T_QUOTE:
		block_start(r, HTML_PARA);
		if (r->quote > 0)
			r->quote--;
		break;
	case T_UL:
	case T_OL:
		block_start(r, HTML_PARA);
		if (r->nlists > 1 && r->indent > 0)
			r->indent--;
		if (r->nlists > 0)
			r->nlists--;
		break;
	case T_CELL:
		if (tags[t].style != 0 && r->ninl > 0) {
			r->ninl--;
			r->cur.len = r->text.len;
			html_block_add_span(&r->cur, r->inl[r->ninl].start,
			    r->text.len, r->inl[r->ninl].style, 0);
		}
		break;
	case T_A:
	case T_INLINE:
		if (r->ninl == 0)
			break;
		k = --r->ninl;
		r->cur.len = r->text.len;
		if (kind == T_A) {
			href = attr(n, "href");
			if (href == NULL || *href == '\0' || *href == '#' ||
			    strncasecmp(href, "javascript:", 11) == 0) {
				/* No link: just its text. */
				break;
			}
			k = link_number(r, href);
			if (k == 0)
				break;
			html_block_add_span(&r->cur, r->inl[r->ninl].start,
			    r->text.len, STYLE_LINK, k);
			snprintf(num, sizeof(num), "[%d]", k);
			r->space = 0;
			literal_add(r, num, STYLE_LINKNUM, k);
		} else
			html_block_add_span(&r->cur, r->inl[k].start,
			    r->text.len, r->inl[k].style, 0);
		break;
	}
}

/* Repair s[0..len) into valid UTF-8 (U+FFFD for bad bytes, NULs
 * dropped) so that libxml2 never guesses another encoding. */
static void
repair(const char *s, size_t len, struct buf *out)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] != '\0')
				buf_putc(out, s[i]);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			buf_puts(out, "\xef\xbf\xbd");
		else
			buf_append(out, s + i, n);
		i += n;
	}
}

int
html_render(const char *html, size_t len, const char *base,
    struct html_doc *doc, char **cause)
{
	struct render	 r;
	struct buf	 in = { NULL, 0, 0 };
	htmlDocPtr	 d;
	xmlNodePtr	 n, root;
	int		 cut = 0;

	if (len > HTML_MAX) {
		len = HTML_MAX;
		cut = 1;
	}
	repair(html, len, &in);
	if (in.len == 0) {
		buf_free(&in);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	r.doc = doc;
	r.base = base;
	r.kind = HTML_PARA;
	/* A fragment: libxml2 wraps it in html/body itself (told not to,
	 * it nests the fragment's later siblings inside the first one).
	 * HUGE lifts the depth limit of 256, past which libxml2 drops the
	 * rest of the document: a page nested 10,000 deep keeps its text,
	 * and the input is bounded above. */
	d = htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
	buf_free(&in);
	if (d == NULL) {
		*cause = xstrdup("the HTML could not be parsed");
		return -1;
	}
	root = d->children;
	n = root;
	while (n != NULL) {
		int	down = 0;

		if (n->type == XML_ELEMENT_NODE)
			down = enter(&r, n);
		else if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				text_add(&r, (const char *)n->content,
				    strlen((const char *)n->content));
		}
		if (down && n->children != NULL) {
			n = n->children;
			continue;
		}
		/* Up until there is a next sibling, leaving elements. */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE)
				leave(&r, n);
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == (xmlNodePtr)d)
				goto done;
		}
	}
done:
	r.ninl = 0;
	flush(&r);
	if (cut) {
		r.kind = HTML_PARA;
		text_add(&r, "[the rest is cut: the story is longer than 8 MiB]",
		    50);
		flush(&r);
	}
	buf_free(&r.text);
	free(r.cur.spans);
	xmlFreeDoc(d);
	return 0;
}

void
html_doc_free(struct html_doc *doc)
{
	size_t	i;

	for (i = 0; i < doc->nblocks; i++) {
		free(doc->blocks[i].text);
		free(doc->blocks[i].spans);
	}
	free(doc->blocks);
	for (i = 0; i < doc->nlinks; i++)
		free(doc->links[i]);
	free(doc->links);
	memset(doc, 0, sizeof(*doc));
}

/* ---- wrapping ------------------------------------------------------- */

/* Start a line in out from prefix (with its spans); returns it. */
static struct html_line *
line_new(struct html_lines *out)
{
	struct html_line *l;

	if (out->n == out->size) {
		out->size = out->size ? out->size * 2 : 64;
		out->v = xreallocarray(out->v, out->size, sizeof(*out->v));
	}
	l = &out->v[out->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static void
line_span(struct html_line *l, size_t start, size_t end, int style, int arg)
{
	if (end <= start)
		return;
	l->spans = xreallocarray(l->spans, l->nspans + 1, sizeof(*l->spans));
	l->spans[l->nspans].start = (uint32_t)start;
	l->spans[l->nspans].end = (uint32_t)end;
	l->spans[l->nspans].style = (uint16_t)style;
	l->spans[l->nspans].arg = (uint16_t)arg;
	l->nspans++;
}

/* Emit one line: prefix (plen bytes, its own spans given by the
 * caller), then b's text [from, to). */
static void
emit(struct html_lines *out, const char *prefix, size_t plen,
    int quote_bytes, int mark_from, int mark_to, const struct html_block *b,
    size_t from, size_t to)
{
	struct html_line *l = line_new(out);
	size_t		  i;

	l->len = plen + (to - from);
	l->text = xmalloc(l->len + 1);
	memcpy(l->text, prefix, plen);
	if (to > from)
		memcpy(l->text + plen, b->text + from, to - from);
	l->text[l->len] = '\0';
	if (quote_bytes > 0)
		line_span(l, 0, (size_t)quote_bytes, STYLE_QUOTE, 0);
	if (mark_to > mark_from)
		line_span(l, (size_t)mark_from, (size_t)mark_to, STYLE_MARKER, 0);
	for (i = 0; i < b->nspans; i++) {
		size_t	s = b->spans[i].start, e = b->spans[i].end;

		if (e <= from || s >= to)
			continue;
		line_span(l, plen + (s > from ? s - from : 0),
		    plen + (e < to ? e : to) - from, b->spans[i].style,
		    b->spans[i].arg);
	}
}

/* Lay out block b at width. */
static void
wrap_block(const struct html_block *b, int width, struct html_lines *out)
{
	struct buf	 pre = { NULL, 0, 0 }, cont = { NULL, 0, 0 };
	int		 i, pw, avail, qbytes, mfrom = 0, mto = 0;
	size_t		 pos, lstart, lend, wend, n;
	int		 used, ww, firstline = 1;
	uint32_t	 cp;

	for (i = 0; i < b->quote && i < 16; i++)
		buf_puts(&pre, "\xe2\x94\x82 ");	/* "│ " */
	qbytes = (int)pre.len;
	for (i = 0; i < b->indent && i < 16; i++)
		buf_puts(&pre, "  ");
	buf_append(&cont, pre.data, pre.len);
	if (b->kind == HTML_ITEM && b->marker[0] != '\0') {
		mfrom = (int)pre.len;
		buf_puts(&pre, b->marker);
		mto = (int)pre.len;
		buf_putc(&pre, ' ');
		for (i = utf8_width(b->marker, strlen(b->marker)) + 1; i > 0;
		    i--)
			buf_putc(&cont, ' ');
	}
	buf_putc(&pre, '\0');	/* never NULL, even when empty */
	pre.len--;
	buf_putc(&cont, '\0');
	cont.len--;
	pw = utf8_width(cont.data, cont.len);
	/* A prefix that leaves no room for text is dropped: the text
	 * matters more than its indentation. */
	if (width - pw < (width > 16 ? 8 : 2) ||	/* 2: a wide char */
	    utf8_width(pre.data, pre.len) >= width) {
		buf_clear(&pre);
		buf_clear(&cont);
		qbytes = mfrom = mto = 0;
		pw = 0;
	}
	avail = width - pw;

	if (b->kind == HTML_RULE) {
		struct html_line *l = line_new(out);
		struct buf	  r = { NULL, 0, 0 };

		buf_append(&r, cont.data, cont.len);
		for (i = 0; i < avail && i < 72; i++)
			buf_puts(&r, "\xe2\x94\x80");	/* ─ */
		l->len = r.len;
		l->text = buf_steal(&r);
		line_span(l, 0, l->len, STYLE_MARKER, 0);
		buf_free(&pre);
		buf_free(&cont);
		return;
	}
	pos = 0;
	if (b->kind == HTML_PRE) {
		/* Verbatim: each line as it is, folded at the width. */
		int	first = 1;

		while (pos <= b->len) {
			const char *nl = memchr(b->text + pos, '\n', b->len - pos);
			size_t	    end = nl != NULL ? (size_t)(nl - b->text) :
			    b->len;

			do {
				n = utf8_fit(b->text + pos, end - pos, avail,
				    &used);
				if (n == 0 && pos < end)	/* never stuck */
					n = utf8_decode(b->text + pos, end - pos,
					    &cp);
				emit(out, first ? pre.data : cont.data,
				    first ? pre.len : cont.len, qbytes,
				    first ? mfrom : 0, first ? mto : 0, b, pos,
				    pos + n);
				first = 0;
				pos += n;
			} while (pos < end);
			pos = end + 1;
			if (nl == NULL)
				break;
		}
		buf_free(&pre);
		buf_free(&cont);
		return;
	}
	/* Greedy fill, word by word; a line is a contiguous run of the
	 * block's text, so its spans map by an offset. */
	while (pos < b->len) {
		int	lw = 0;

		while (pos < b->len && b->text[pos] == ' ')
			pos++;
		if (pos >= b->len)
			break;
		lstart = lend = pos;
		for (;;) {
			size_t	ws = pos;
			int	sw;

			while (pos < b->len && b->text[pos] == ' ')
				pos++;
			sw = (int)(pos - ws);
			if (pos >= b->len)
				break;
			wend = pos;
			while (wend < b->len && b->text[wend] != ' ')
				wend++;
			ww = utf8_width(b->text + pos, wend - pos);
			if (lend == lstart && ww > avail) {
				/* A word longer than the line: cut it. */
				n = utf8_fit(b->text + pos, wend - pos, avail,
				    &used);
				if (n == 0)	/* one character wider than
						 * the pane: it goes alone */
					n = utf8_decode(b->text + pos,
					    wend - pos, &cp);
				lend = pos + n;
				pos = lend;
				break;
			}
			if (lend > lstart && lw + sw + ww > avail) {
				pos = ws;
				break;
			}
			lw += (lend > lstart ? sw : 0) + ww;
			lend = pos = wend;
		}
		emit(out, firstline ? pre.data : cont.data,
		    firstline ? pre.len : cont.len, qbytes,
		    firstline ? mfrom : 0, firstline ? mto : 0, b, lstart,
		    lend);
		firstline = 0;
		pos = lend;
	}
	buf_free(&pre);
	buf_free(&cont);
}

void
html_wrap(const struct html_doc *doc, int width, struct html_lines *out)
{
	const struct html_block *b, *prev = NULL;
	size_t		 i;
	char		 num[32];

	if (width < 1)
		width = 1;
	for (i = 0; i < doc->nblocks; i++) {
		b = &doc->blocks[i];
		if (prev != NULL && !b->tight &&
		    !((b->kind == HTML_ITEM || b->kind == HTML_TABLE_ROW) &&
		    (prev->kind == HTML_ITEM || prev->kind == HTML_TABLE_ROW)) &&
		    !(prev->kind == HTML_ITEM && b->indent > 0))
			line_new(out)->text = xstrdup("");
		wrap_block(b, width, out);
		prev = b;
	}
	if (doc->nlinks == 0)
		return;
	line_new(out)->text = xstrdup("");
	for (i = 0; i < doc->nlinks; i++) {
		struct html_block lb;
		size_t		  nl;

		/* Each "[n]: URL" wrapped like a block whose one word is
		 * the URL (cut where it must be). */
		memset(&lb, 0, sizeof(lb));
		snprintf(num, sizeof(num), "[%zu]: ", i + 1);
		nl = strlen(num);
		lb.text = xasprintf("%s%s", num, doc->links[i]);
		lb.len = strlen(lb.text);
		lb.kind = HTML_PARA;
		html_block_add_span(&lb, 0, nl - 1, STYLE_LINKNUM, (int)i + 1);
		html_block_add_span(&lb, nl, lb.len, STYLE_LINK, (int)i + 1);
		wrap_block(&lb, width, out);
		free(lb.text);
		free(lb.spans);
	}
}

void
html_lines_free(struct html_lines *out)
{
	size_t	i;

	for (i = 0; i < out->n; i++) {
		free(out->v[i].text);
		free(out->v[i].spans);
	}
	free(out->v);
	memset(out, 0, sizeof(*out));
}
