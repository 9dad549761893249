/*
 * Feed autodiscovery (see discover.h): the <link rel="alternate"> elements
 * of a web page, and whether a body is a feed at all.
 *
 * This is a scanner, not an HTML parser.  All we need are the attributes
 * of <link> and <base> elements, and pages are often broken (unclosed
 * elements, stray '<', misnested markup) in ways that would stop an XML
 * parser and that a full HTML5 tree builder would spend thousands of lines
 * repairing without changing what a <link> says.  So we follow only the
 * parts of the HTML tokenizer that decide where a tag is: comments, the
 * raw text of <script>, <style> and the like (whose "<link" is not a tag),
 * quoted attribute values (whose '>' does not end one), and nothing more.
 * The whole page is scanned, not only <head>: many pages put their links
 * in <body>, and browsers honour them there too.  Memory and time are
 * linear in the length of the page.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "discover.h"
#include "entity.h"
#include "uri.h"
#include "xmalloc.h"

#define MAX_FEEDS	100	/* links kept: a page does not have more */
#define SNIFF_MAX	4096	/* bytes discover_is_feed looks at */

struct cand {
	char	*href;		/* decoded, not resolved; owned */
	int	 rank;		/* 0: Atom, RSS; 1: RDF */
};

struct scan {
	const char	*p, *end;
	struct cand	 c[MAX_FEEDS];
	size_t		 n;
	char		*base;	/* the first <base href>, decoded; owned */
};

/* HTML's ASCII whitespace. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* ASCII letters only: tag names are ASCII, and the locale must not
 * matter. */
static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII letters and digits. */
static int
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Returns 1 when the n bytes at s are the lower-case word w, in any
 * case. */
static int
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Decode the character reference at s ('&' first, n bytes left) into b;
 * returns the bytes it took, or 0 when it is none and '&' is literal.
 * Named references need their ';', except the four a careless page
 * writes bare ("?a=1&amp" is rare, "&copy=2" in a query is not, so HTML
 * leaves a bare name followed by '=' alone, and so do we). */
static size_t
char_ref(const char *s, size_t n, struct buf *b)
{
	static const char *const bare[] = { "amp", "lt", "gt", "quot" };
	const char	*v;
	unsigned long	 c = 0;
	size_t		 i = 1, start, k;
	int		 hex;

	if (i < n && s[i] == '#') {
		hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		for (start = i; i < n; i++) {
			int d = s[i];

			if (d >= '0' && d <= '9')
				d -= '0';
			else if (hex && d >= 'a' && d <= 'f')
				d -= 'a' - 10;
			else if (hex && d >= 'A' && d <= 'F')
				d -= 'A' - 10;
			else
				break;
			/* Stay out of overflow; anything this big is
			 * invalid anyway. */
			if (c <= 0x10ffff)
				c = c * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (i == start)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		buf_put_utf8(b, c);
		return i;
	}
	for (start = i; i < n && is_alnum((unsigned char)s[i]); i++)
		;
	if (i == start)
		return 0;
	if (i < n && s[i] == ';') {
		if ((v = entity_lookup(s + start, i - start)) == NULL)
			return 0;
		buf_puts(b, v);
		return i + 1;
	}
	if (i < n && s[i] == '=')
		return 0;
	for (k = 0; k < sizeof(bare) / sizeof(bare[0]); k++)
		if (word_is(s + start, i - start, bare[k])) {
			buf_puts(b, entity_lookup(bare[k], strlen(bare[k])));
			return i;
		}
	return 0;
}

/* Returns an allocated copy of the attribute value at s (n bytes) with
 * its character references decoded. */
static char *
attr_value(const char *s, size_t n)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i = 0, k;

	while (i < n) {
		if (s[i] == '&' && (k = char_ref(s + i, n - i, &b)) > 0) {
			i += k;
			continue;
		}
		buf_putc(&b, s[i++]);
	}
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Returns an allocated copy of URL u as a URL parser reads it: without
 * the whitespace around it and the tabs and newlines inside. */
static char *
url_clean(const char *u)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		n = strlen(u);

	while (n > 0 && is_space((unsigned char)u[n - 1]))
		n--;
	while (n > 0 && is_space((unsigned char)*u))
		u++, n--;
	for (; n > 0; u++, n--)
		if (*u != '\t' && *u != '\n' && *u != '\r')
			buf_putc(&b, *u);
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Returns 1 when the space separated list rel holds "alternate". */
static int
rel_alternate(const char *rel)
{
	const char	*p = rel, *q;

	for (;;) {
		while (is_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		for (q = p; *q != '\0' && !is_space((unsigned char)*q); q++)
			;
		if (word_is(p, (size_t)(q - p), "alternate"))
			return 1;
		p = q;
	}
}

/* Returns the rank of a feed's media type (parameters ignored), or -1
 * for a type we do not read (JSON Feed among them). */
static int
type_rank(const char *type)
{
	const char	*p = type, *q;

	while (is_space((unsigned char)*p))
		p++;
	for (q = p; *q != '\0' && *q != ';' && !is_space((unsigned char)*q);
	    q++)
		;
	if (word_is(p, (size_t)(q - p), "application/atom+xml") ||
	    word_is(p, (size_t)(q - p), "application/rss+xml"))
		return 0;
	if (word_is(p, (size_t)(q - p), "application/rdf+xml"))
		return 1;
	return -1;
}

/* Read the attributes of the tag whose name ended at sc->p, up to and
 * past its '>' (or the end of the page).  The values of rel, type and
 * href are stored, allocated, in the three pointers when want is set
 * (the first of a name wins, as in HTML); others are only skipped. */
static void
tag_attrs(struct scan *sc, int want, char **rel, char **type, char **href)
{
	const char	*p = sc->p, *end = sc->end, *name, *val;
	size_t		 nlen, vlen;
	char		**slot;

	for (;;) {
		while (p < end && (is_space((unsigned char)*p) || *p == '/'))
			p++;
		if (p >= end)
			break;
		if (*p == '>') {
			p++;
			break;
		}
		/* A name takes anything up to space, '/', '>' or '=' (a
		 * leading '=' too, as HTML says). */
		name = p++;
		while (p < end && !is_space((unsigned char)*p) && *p != '/' &&
		    *p != '>' && *p != '=')
			p++;
		nlen = (size_t)(p - name);
		while (p < end && is_space((unsigned char)*p))
			p++;
		val = p;
		vlen = 0;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_space((unsigned char)*p))
				p++;
			if (p < end && (*p == '"' || *p == '\'')) {
				const char *q = memchr(p + 1, *p,
				    (size_t)(end - p - 1));

				/* Unclosed: the value runs to the end,
				 * as in a browser. */
				val = p + 1;
				q = q != NULL ? q : end;
				vlen = (size_t)(q - val);
				p = q < end ? q + 1 : end;
			} else {
				val = p;
				while (p < end && *p != '>' &&
				    !is_space((unsigned char)*p))
					p++;
				vlen = (size_t)(p - val);
			}
		}
		if (!want)
			continue;
		if (word_is(name, nlen, "rel"))
			slot = rel;
		else if (word_is(name, nlen, "type"))
			slot = type;
		else if (word_is(name, nlen, "href"))
			slot = href;
		else
			continue;
		if (slot != NULL && *slot == NULL)
			*slot = attr_value(val, vlen);
	}
	sc->p = p;
}

/* Skip the raw text of a <script>, <style> (and the like) element whose
 * start tag has been read: up to and past its end tag, or to the end. */
static void
skip_raw(struct scan *sc, const char *name, size_t nlen)
{
	const char	*p = sc->p, *end = sc->end;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) > nlen + 2 && p[1] == '/' &&
		    strncasecmp(p + 2, name, nlen) == 0 &&
		    (is_space((unsigned char)p[2 + nlen]) ||
		    p[2 + nlen] == '/' || p[2 + nlen] == '>')) {
			sc->p = p + 2 + nlen;
			tag_attrs(sc, 0, NULL, NULL, NULL);
			return;
		}
		p++;
	}
	sc->p = end;
}

/* Skip past the next '>' from sc->p, or to the end. */
static void
skip_to_gt(struct scan *sc)
{
	const char	*q = memchr(sc->p, '>', (size_t)(sc->end - sc->p));

	sc->p = q != NULL ? q + 1 : sc->end;
}

/* A start tag: sc->p is past its '<'.  Links and the base are recorded,
 * raw text elements skipped, anything else only read past. */
static void
start_tag(struct scan *sc)
{
	static const char *const raw[] = {
		"script", "style", "textarea", "title", "xmp", "iframe",
		"noembed", "noframes"
	};
	const char	*name = sc->p;
	char		*rel = NULL, *type = NULL, *href = NULL;
	size_t		 nlen, i;
	int		 rank;

	while (sc->p < sc->end && !is_space((unsigned char)*sc->p) &&
	    *sc->p != '/' && *sc->p != '>')
		sc->p++;
	nlen = (size_t)(sc->p - name);
	if (word_is(name, nlen, "link")) {
		tag_attrs(sc, 1, &rel, &type, &href);
		if (sc->n < MAX_FEEDS && rel != NULL && type != NULL &&
		    href != NULL && rel_alternate(rel) &&
		    (rank = type_rank(type)) != -1) {
			sc->c[sc->n].href = url_clean(href);
			sc->c[sc->n].rank = rank;
			if (*sc->c[sc->n].href != '\0')
				sc->n++;
			else
				free(sc->c[sc->n].href);
		}
	} else if (word_is(name, nlen, "base")) {
		tag_attrs(sc, 1, NULL, NULL, &href);
		/* The first <base> with an href sets the base of the whole
		 * page, links before it included. */
		if (sc->base == NULL && href != NULL)
			sc->base = url_clean(href);
	} else {
		tag_attrs(sc, 0, NULL, NULL, NULL);
		for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
			if (word_is(name, nlen, raw[i])) {
				skip_raw(sc, raw[i], nlen);
				break;
			}
	}
	free(rel);
	free(type);
	free(href);
}

/* Scan the page into sc, one piece of markup at a time. */
static void
scan(struct scan *sc)
{
	const char	*p, *q;
	size_t		 left;

	while (sc->p < sc->end &&
	    (p = memchr(sc->p, '<', (size_t)(sc->end - sc->p))) != NULL) {
		left = (size_t)(sc->end - p);
		sc->p = p + 1;
		if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* "<!-->" and "<!--->" are whole comments in HTML. */
			p += 4;
			if (p < sc->end && *p == '>') {
				sc->p = p + 1;
				continue;
			}
			if (sc->end - p >= 2 && memcmp(p, "->", 2) == 0) {
				sc->p = p + 2;
				continue;
			}
			q = memmem(p, (size_t)(sc->end - p), "-->", 3);
			sc->p = q != NULL ? q + 3 : sc->end;
		} else if (left >= 2 && (p[1] == '!' || p[1] == '?')) {
			/* Doctype, CDATA, processing instruction: all
			 * bogus comments to the next '>' in HTML. */
			skip_to_gt(sc);
		} else if (left >= 2 && p[1] == '/') {
			skip_to_gt(sc);
		} else if (left >= 2 && is_alpha((unsigned char)p[1])) {
			start_tag(sc);
		}
		/* Else a '<' in text. */
	}
}

size_t
discover_feeds(const char *html, size_t len, const char *base, char ***urls)
{
	struct scan	 sc;
	char		*from, **out = NULL;
	size_t		 i, j, n = 0;
	int		 rank;

	memset(&sc, 0, sizeof(sc));
	sc.p = html != NULL ? html : "";
	sc.end = sc.p + (html != NULL ? len : 0);
	scan(&sc);

	from = sc.base != NULL ? uri_resolve(base, sc.base) :
	    base != NULL ? xstrdup(base) : NULL;
	/* Atom and RSS first, then RDF, each in page order; a URL that
	 * two links name is kept where it first comes. */
	for (rank = 0; rank <= 1; rank++)
		for (i = 0; i < sc.n; i++) {
			char *u;

			if (sc.c[i].rank != rank)
				continue;
			u = uri_resolve(from, sc.c[i].href);
			for (j = 0; j < n; j++)
				if (strcmp(out[j], u) == 0)
					break;
			if (j < n) {
				free(u);
				continue;
			}
			out = xreallocarray(out, n + 1, sizeof(*out));
			out[n++] = u;
		}
	for (i = 0; i < sc.n; i++)
		free(sc.c[i].href);
	free(sc.base);
	free(from);
	*urls = out;
	return n;
}

/* Returns the position past the first occurrence of the n bytes of w in
 * s[i..len), or 0 when there is none. */
static size_t
past(const unsigned char *s, size_t i, size_t len, const char *w, size_t n)
{
	const unsigned char *q;

	if (i >= len || (q = memmem(s + i, len - i, w, n)) == NULL)
		return 0;
	return (size_t)(q - s) + n;
}

/* Past a <!DOCTYPE ...> starting at i: its internal subset ([...]) and
 * quoted strings may hold '>'.  Returns 0 when it does not end in s. */
static size_t
past_doctype(const unsigned char *s, size_t i, size_t len)
{
	int	depth = 0;

	for (i += 2; i < len; i++) {
		if (s[i] == '"' || s[i] == '\'') {
			const unsigned char *q = memchr(s + i + 1, s[i],
			    len - i - 1);

			if (q == NULL)
				return 0;
			i = (size_t)(q - s);
		} else if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth > 0)
			depth--;
		else if (s[i] == '>' && depth == 0)
			return i + 1;
	}
	return 0;
}

/* The root element test of discover_is_feed on ASCII-compatible text. */
static int
root_is_feed(const unsigned char *s, size_t len)
{
	size_t	i = 0, colon, at;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3;
	for (;;) {
		while (i < len && is_space(s[i]))
			i++;
		if (i + 1 >= len || s[i] != '<')
			return 0;
		if (s[i + 1] == '?')
			at = past(s, i + 2, len, "?>", 2);
		else if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
			at = past(s, i + 4, len, "-->", 3);
		else if (s[i + 1] == '!')
			at = past_doctype(s, i, len);
		else
			break;
		if (at == 0)
			return 0;
		i = at;
	}
	/* The root element's name, prefix dropped. */
	for (colon = ++i; i < len && !is_space(s[i]) && s[i] != '>' &&
	    s[i] != '/'; i++)
		if (s[i] == ':')
			colon = i + 1;
	if (i >= len)		/* the name may go on past what we see */
		return 0;
	return word_is((const char *)s + colon, i - colon, "rss") ||
	    word_is((const char *)s + colon, i - colon, "feed") ||
	    word_is((const char *)s + colon, i - colon, "rdf");
}

int
discover_is_feed(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	unsigned char	 narrow[SNIFF_MAX / 2];
	size_t		 i, n, hi, lo;

	if (data == NULL)
		return 0;
	if (len > SNIFF_MAX)
		len = SNIFF_MAX;
	/* UTF-16 (with a BOM, or "<" as its first character): the markup
	 * we look for is ASCII, so keep the low byte of each unit and mark
	 * the rest as non-ASCII. */
	if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) ||
	    (u[0] == 0 && u[1] == '<')))
		hi = 0, lo = 1;
	else if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == '<' && u[1] == 0)))
		hi = 1, lo = 0;
	else
		return root_is_feed(u, len);
	for (i = 0, n = 0; i + 1 < len; i += 2)
		narrow[n++] = u[i + hi] == 0 ? u[i + lo] : 0x80;
	/* The BOM became 0x80 and must go before the scan. */
	if (n > 0 && (u[0] == 0xfe || u[0] == 0xff))
		return root_is_feed(narrow + 1, n - 1);
	return root_is_feed(narrow, n);
}
