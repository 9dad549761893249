/*
 * OPML subscription lists: reading what other readers export, and writing
 * OPML 2.0 (see opml.h).
 *
 * Reading: the document goes through the charset decoder first, as feeds
 * do, so that an export in windows-1252, or one with stray Latin-1 bytes
 * in a UTF-8 file, still reads; expat then parses the UTF-8 (told so, which
 * overrides the declaration).  Only attributes matter in OPML, so there is
 * no text handler.  For every open element a stack holds the title of the
 * element when it is a folder (an outline without a feed URL), else NULL;
 * the tags of a feed are the folder titles above it, outermost first, then
 * every component of its category attribute.
 *
 * Hostile input: nesting deeper than OPML_MAX_DEPTH elements is refused
 * (the stack is fixed), and expat (2.4 and later, which configure asks
 * for) refuses entity expansion that amplifies the input too much, the
 * "billion laughs".  External entities are never loaded: there is no
 * handler for them.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <expat.h>

#include "buf.h"
#include "charset.h"
#include "opml.h"
#include "text.h"
#include "xmalloc.h"

#define OPML_MAX_DEPTH	100	/* elements open at once */
#define OPML_MAX_TAGS	256	/* tags of one feed; the rest are dropped */
#define PIECE		(1u << 30)	/* XML_Parse takes an int length */

/* Where each URL already read sits in s->v, so that a duplicate outline
 * is merged in constant time: exports with thousands of feeds exist. */
struct urlindex {
	size_t	*slot;		/* index into s->v plus one; 0 is empty */
	size_t	 size;		/* a power of two, or 0 */
	size_t	 n;
};

struct reader {
	XML_Parser	 xp;
	struct subs	*s;
	struct urlindex	 index;
	/* Per open element, its folder title (owned), or NULL. */
	char		*folder[OPML_MAX_DEPTH];
	int		 depth;
	int		 seen_root;
	int		 stopped;
	char		*cause;		/* why we stopped the parser; owned */
	unsigned long	 lines_skipped;	/* newlines before <?xml, not seen */
};

/* FNV-1a: short, and good enough for URLs. */
static size_t
hash(const char *s)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Put index i (of s->v) into the table, which has a free slot. */
static void
index_put(struct urlindex *x, const struct subs *s, size_t i)
{
	size_t	h = hash(s->v[i].url) & (x->size - 1);

	while (x->slot[h] != 0)
		h = (h + 1) & (x->size - 1);
	x->slot[h] = i + 1;
	x->n++;
}

/* Returns the index in s->v of the sub with this url, or (size_t)-1. */
static size_t
index_find(const struct urlindex *x, const struct subs *s, const char *url)
{
	size_t	h;

	if (x->size == 0)
		return (size_t)-1;
	for (h = hash(url) & (x->size - 1); x->slot[h] != 0;
	    h = (h + 1) & (x->size - 1))
		if (strcmp(s->v[x->slot[h] - 1].url, url) == 0)
			return x->slot[h] - 1;
	return (size_t)-1;
}

/* Record that s->v[i] is new; the table stays at most half full so that
 * probes stay short. */
static void
index_add(struct urlindex *x, const struct subs *s, size_t i)
{
	size_t	j;

	if ((x->n + 1) * 2 > x->size) {
		free(x->slot);
		x->size = x->size ? x->size * 2 : 64;
		x->slot = xcalloc(x->size, sizeof(*x->slot));
		x->n = 0;
		for (j = 0; j < i; j++)
			index_put(x, s, j);
	}
	index_put(x, s, i);
}

/* Returns an allocated copy of the URL in the n bytes at p with what a
 * URL parser strips removed (surrounding spaces, and every control
 * character: tabs and newlines inside are how a long attribute gets
 * wrapped) and inner spaces written %20, because the URL becomes the
 * first word of a line in the urls file.  C1 controls go too, as the
 * writer drops them: a URL must read back the same. */
static char *
clean_url(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, spaces = 0;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			continue;
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f) {
			i++;
			continue;
		}
		/* Spaces are written only when more text follows: that
		 * trims both ends. */
		if (u[i] == ' ') {
			spaces++;
			continue;
		}
		for (; spaces > 0 && b.len > 0; spaces--)
			buf_puts(&b, "%20");
		spaces = 0;
		buf_putc(&b, (char)u[i]);
	}
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Returns the value of attribute name (matched without regard to case:
 * exports spell xmlUrl as xmlurl too), or NULL. */
static const char *
attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcasecmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

/* Returns the outline's title (title, else text) made one clean line, or
 * NULL when it has none; caller frees. */
static char *
outline_title(const XML_Char **atts)
{
	static const char *const names[] = { "title", "text" };
	const char	*v;
	char		*t;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		if ((v = attr(atts, names[i])) == NULL)
			continue;
		t = text_oneline(v, strlen(v));
		if (*t != '\0')
			return t;
		free(t);
	}
	return NULL;
}

/* Add the n bytes at p to sub's tags, cleaned, unless empty, present or
 * one too many: the cap keeps a hostile category attribute with
 * thousands of names from making this search quadratic. */
static void
tag_add(struct sub *sub, const char *p, size_t n)
{
	char	*t = text_oneline(p, n);
	size_t	 i;

	if (*t == '\0' || sub->ntags >= OPML_MAX_TAGS) {
		free(t);
		return;
	}
	for (i = 0; i < sub->ntags; i++)
		if (strcmp(sub->tags[i], t) == 0) {
			free(t);
			return;
		}
	sub->tags = xreallocarray(sub->tags, sub->ntags + 1, sizeof(char *));
	sub->tags[sub->ntags++] = t;
}

/* Add the tags a feed outline gets: the folders above it, outermost
 * first, then its category attribute.  OPML 2.0 makes that a comma
 * separated list of slash separated paths ("/Tech/News,Science"); a path
 * gives every one of its components, as nested folders do. */
static void
tags_add(struct reader *r, struct sub *sub, const char *category)
{
	const char	*p, *q;
	int		 i;

	for (i = 0; i < r->depth; i++)
		if (r->folder[i] != NULL)
			tag_add(sub, r->folder[i], strlen(r->folder[i]));
	if (category == NULL)
		return;
	for (p = category; *p != '\0'; p = *q ? q + 1 : q) {
		q = p + strcspn(p, ",/");
		tag_add(sub, p, (size_t)(q - p));
	}
}

/* A feed outline: a new sub, or, for a URL already read, its tags merged
 * into the first one (which keeps its title unless it had none).  url and
 * title pass to the sub or are freed. */
static void
feed_add(struct reader *r, char *url, char *title, const char *category)
{
	struct subs	*s = r->s;
	struct sub	*sub;
	size_t		 i;

	/* Our writer puts the URL where there is no title; reading it back
	 * must give no title, not the URL as one. */
	if (title != NULL && strcmp(title, url) == 0) {
		free(title);
		title = NULL;
	}
	if ((i = index_find(&r->index, s, url)) != (size_t)-1) {
		sub = &s->v[i];
		free(url);
		if (sub->title == NULL)
			sub->title = title;
		else
			free(title);
	} else {
		s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
		sub = &s->v[s->n];
		memset(sub, 0, sizeof(*sub));
		sub->url = url;
		sub->title = title;
		index_add(&r->index, s, s->n++);
	}
	tags_add(r, sub, category);
}

/* Read an outline's attributes; returns its title when it is a folder
 * (owned by the caller), else NULL. */
static char *
outline(struct reader *r, const XML_Char **atts)
{
	const char	*v, *type;
	char		*url = NULL;

	if ((v = attr(atts, "xmlUrl")) != NULL)
		url = clean_url(v, strlen(v));
	/* Old exports put a feed's address in "url" when the type says it
	 * is a feed ("url" is a web page for type="link"). */
	type = attr(atts, "type");
	if ((url == NULL || *url == '\0') && type != NULL &&
	    (strcasecmp(type, "rss") == 0 || strcasecmp(type, "atom") == 0) &&
	    (v = attr(atts, "url")) != NULL) {
		free(url);
		url = clean_url(v, strlen(v));
	}
	if (url != NULL && *url != '\0') {
		feed_add(r, url, outline_title(atts), attr(atts, "category"));
		return NULL;
	}
	free(url);
	return outline_title(atts);
}

/* Stop the parse for a reason of ours; cause passes to r. */
static void
stop(struct reader *r, char *cause)
{
	r->stopped = 1;
	r->cause = cause;
	XML_StopParser(r->xp, XML_FALSE);
}

/* An element starts: check the root and the depth, read an outline, and
 * remember whether it opens a folder. */
static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader	*r = ud;
	char		*folder = NULL;

	/* expat may still report the end of an empty element after a
	 * stop; nothing more is read then. */
	if (r->stopped)
		return;
	if (!r->seen_root) {
		if (strcasecmp(name, "opml") != 0) {
			stop(r, xstrdup("not an OPML document"));
			return;
		}
		r->seen_root = 1;
	}
	if (r->depth >= OPML_MAX_DEPTH) {
		stop(r, xasprintf("line %lu: elements nested deeper than %d",
		    (unsigned long)XML_GetCurrentLineNumber(r->xp) +
		    r->lines_skipped, OPML_MAX_DEPTH));
		return;
	}
	if (strcasecmp(name, "outline") == 0)
		folder = outline(r, atts);
	r->folder[r->depth++] = folder;
}

/* An element ends: its folder title, if any, no longer applies. */
static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	struct reader	*r = ud;

	(void)name;
	if (r->stopped || r->depth == 0)
		return;
	r->depth--;
	free(r->folder[r->depth]);
	r->folder[r->depth] = NULL;
}

/* The charset decoder writes straight into a buf: room for n bytes. */
static char *
dec_reserve(void *arg, size_t n)
{
	struct buf	*b = arg;

	buf_grow(b, n);
	return b->data + b->len;
}

/* The decoder wrote n bytes at the end of the buf. */
static void
dec_commit(void *arg, size_t n)
{
	struct buf	*b = arg;

	b->len += n;
	b->data[b->len] = '\0';
}

/* Decode the document to UTF-8 into out; returns the number of newlines
 * dropped before it (space before an XML declaration, which expat
 * refuses), so that error lines still count from the top of the file. */
static unsigned long
to_utf8(const char *text, size_t len, struct buf *out)
{
	struct charset_sink	 sink = { dec_reserve, dec_commit, out };
	struct charset_guess	 g;
	struct charset_dec	*d;
	unsigned long		 nl = 0;
	size_t			 i;

	charset_sniff(text, len, 1, NULL, &g);
	if (g.skip > len)
		g.skip = len;
	for (i = 0; i < g.skip; i++)
		if (text[i] == '\n')
			nl++;
	d = charset_dec_new(g.label, *g.fallback ? g.fallback : NULL, &sink);
	charset_dec_run(d, text + g.skip, len - g.skip, 1);
	charset_dec_free(d);
	return nl;
}

int
opml_parse(const char *text, size_t len, struct subs *s, char **cause)
{
	struct reader	 r;
	struct buf	 doc = { NULL, 0, 0 };
	const char	*p;
	size_t		 left, n;
	int		 ok = 1, i;

	memset(s, 0, sizeof(*s));
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.lines_skipped = to_utf8(text != NULL ? text : "", len, &doc);
	if ((r.xp = XML_ParserCreate("UTF-8")) == NULL)
		fatal("out of memory (XML_ParserCreate)");
	XML_SetUserData(r.xp, &r);
	XML_SetElementHandler(r.xp, on_start, on_end);
	p = doc.data != NULL ? doc.data : "";
	left = doc.len;
	do {
		n = left < PIECE ? left : PIECE;
		if (XML_Parse(r.xp, p, (int)n, n == left) != XML_STATUS_OK) {
			ok = 0;
			break;
		}
		p += n;
		left -= n;
	} while (left > 0);

	if (!ok) {
		if (r.cause != NULL) {
			*cause = r.cause;
			r.cause = NULL;
		} else
			*cause = xasprintf("line %lu: %s",
			    (unsigned long)XML_GetCurrentLineNumber(r.xp) +
			    r.lines_skipped,
			    XML_ErrorString(XML_GetErrorCode(r.xp)));
		subs_free(s);
	}
	for (i = 0; i < r.depth; i++)
		free(r.folder[i]);
	free(r.index.slot);
	XML_ParserFree(r.xp);
	buf_free(&doc);
	return ok ? 0 : -1;
}

/* Returns the length of the valid UTF-8 sequence at s (n bytes left) and
 * its code point in *cp, or 0 for an invalid one (overlong forms,
 * surrogates and values past U+10FFFF included). */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t		len, i;
	unsigned long	c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Append s to b escaped for an attribute value (or element text): the
 * markup characters as entities; tab, newline and carriage return as
 * character references, because a literal one in an attribute is read
 * back as a space; and what XML 1.0 forbids or a terminal must not see
 * (other C0 controls, DEL, C1 controls, U+FFFE, U+FFFF, invalid UTF-8)
 * dropped, so that the document is always well-formed UTF-8. */
static void
xml_escape(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 n = strlen(s), len;
	unsigned long	 c;

	while (n > 0) {
		if ((len = utf8_decode(u, n, &c)) == 0) {
			u++;
			n--;
			continue;
		}
		switch (c) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\t':
			buf_puts(b, "&#9;");
			break;
		case '\n':
			buf_puts(b, "&#10;");
			break;
		case '\r':
			buf_puts(b, "&#13;");
			break;
		default:
			if (c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
			    c == 0xfffe || c == 0xffff)
				break;
			buf_append(b, u, len);
		}
		u += len;
		n -= len;
	}
}

/* Append t as an RFC 822 date in UTC, as OPML 2.0 asks for
 * ("Mon, 02 Jan 2006 15:04:05 GMT"), with English names whatever the
 * locale; returns -1 when t cannot be broken down. */
static int
rfc822(struct buf *b, time_t t)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return -1;
	buf_printf(b, "%s, %02d %s %04lld %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    (long long)tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

char *
opml_write(const struct subs *s, const char *title, time_t now)
{
	struct buf	 b = { NULL, 0, 0 }, date = { NULL, 0, 0 };
	const struct sub *sub;
	size_t		 i, j;
	int		 first;

	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n");
	if (title != NULL) {
		buf_puts(&b, "    <title>");
		xml_escape(&b, title);
		buf_puts(&b, "</title>\n");
	}
	if (rfc822(&date, now) == 0)
		buf_printf(&b, "    <dateCreated>%s</dateCreated>\n",
		    date.data);
	buf_free(&date);
	buf_puts(&b, "  </head>\n"
	    "  <body>\n");
	for (i = 0; i < s->n; i++) {
		sub = &s->v[i];
		/* An outline without a URL would read back as a folder. */
		if (sub->url == NULL || *sub->url == '\0')
			continue;
		buf_puts(&b, "    <outline type=\"rss\" text=\"");
		xml_escape(&b, sub->title ? sub->title : sub->url);
		buf_puts(&b, "\" title=\"");
		xml_escape(&b, sub->title ? sub->title : sub->url);
		buf_puts(&b, "\" xmlUrl=\"");
		xml_escape(&b, sub->url);
		buf_putc(&b, '"');
		for (j = 0, first = 1; j < sub->ntags; j++) {
			if (sub->tags[j] == NULL || *sub->tags[j] == '\0')
				continue;
			buf_puts(&b, first ? " category=\"" : ",");
			xml_escape(&b, sub->tags[j]);
			first = 0;
		}
		if (!first)
			buf_putc(&b, '"');
		buf_puts(&b, "/>\n");
	}
	buf_puts(&b, "  </body>\n"
	    "</opml>\n");
	return buf_steal(&b);
}
