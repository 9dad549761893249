/*
 * HTML to plain words.  A forgiving scanner rather than an HTML parser:
 * the search index needs the words of every story, including broken
 * ones, quickly, and has no use for the tree.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "entity.h"
#include "plain.h"

/* Elements that end a line of text. */
static const char *const blocks[] = {
	"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
	"h6", "blockquote", "pre", "tr", "table", "hr", "section", "article",
	"figure", "figcaption", "dd", "dt", "header", "footer", "td", "th",
	NULL
};

/* Returns 1 when the name[0..n) is a block element. */
static int
is_block(const char *name, size_t n)
{
	size_t	i;

	for (i = 0; blocks[i] != NULL; i++)
		if (strlen(blocks[i]) == n && strncasecmp(blocks[i], name, n) == 0)
			return 1;
	return 0;
}

/* Decode the reference at p ('&'); returns the bytes consumed, 0 when it
 * is not one (the '&' is then literal text). */
static size_t
reference(const char *p, const char *end, struct buf *out)
{
	const char	*q = p + 1, *t;
	unsigned long	 c = 0;

	if (q < end && *q == '#') {
		int	hex = 0, digits = 0;

		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		for (; q < end && digits < 8; q++, digits++) {
			int	d;

			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (hex && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else if (hex && *q >= 'A' && *q <= 'F')
				d = *q - 'A' + 10;
			else
				break;
			c = c * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (digits == 0)
			return 0;
		if (q < end && *q == ';')
			q++;
		buf_put_utf8(out, c != 0 && c < 0x20 ? ' ' : c);
		return (size_t)(q - p);
	}
	for (t = q; t < end && t - q < 32 &&
	    ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
	    (*t >= '0' && *t <= '9')); t++)
		;
	if (t < end && *t == ';' && t > q) {
		const char	*s = entity_lookup(q, (size_t)(t - q));

		if (s != NULL) {
			buf_puts(out, s);
			return (size_t)(t + 1 - p);
		}
	}
	return 0;
}

/* Append a space or newline unless out already ends in whitespace. */
static void
separate(struct buf *out, char c)
{
	if (out->len == 0)
		return;
	if (out->data[out->len - 1] == '\n')
		return;
	if (out->data[out->len - 1] == ' ') {
		if (c == '\n')
			out->data[out->len - 1] = '\n';
		return;
	}
	buf_putc(out, c);
}

void
plain_from_html(const char *html, size_t len, struct buf *out)
{
	const char	*p = html, *end = html + len;
	size_t		 start = out->len;

	while (p < end) {
		const char	*lt = memchr(p, '<', (size_t)(end - p));
		const char	*stop = lt != NULL ? lt : end;

		/* Text up to the next tag. */
		while (p < stop) {
			unsigned char	c = (unsigned char)*p;
			size_t		n;

			if (c == '&' && (n = reference(p, stop, out)) > 0) {
				p += n;
			} else if (c <= ' ' || c == 0x7f) {
				separate(out, ' ');
				p++;
			} else {
				const char	*q = p + 1;

				while (q < stop && *q != '&' &&
				    (unsigned char)*q > ' ' && *q != 0x7f)
					q++;
				buf_append(out, p, (size_t)(q - p));
				p = q;
			}
		}
		if (lt == NULL)
			break;
		p = lt + 1;
		if (p < end && *p == '!') {
			/* Comment, doctype or CDATA: skip, keeping CDATA text. */
			if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
				const char *e = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);

				p = e != NULL ? e + 3 : end;
			} else if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0) {
				const char *e = memmem(p + 8, (size_t)(end - p - 8), "]]>", 3);
				const char *te = e != NULL ? e : end;

				buf_append(out, p + 8, (size_t)(te - p - 8));
				p = e != NULL ? e + 3 : end;
			} else {
				const char *e = memchr(p, '>', (size_t)(end - p));

				p = e != NULL ? e + 1 : end;
			}
			continue;
		}
		{
			const char	*name, *e;
			size_t		 n;
			int		 closing = 0;

			if (p < end && *p == '/') {
				closing = 1;
				p++;
			}
			name = p;
			while (p < end && ((*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
				p++;
			n = (size_t)(p - name);
			if (n == 0 && !closing) {
				/* "a < b": a literal '<'. */
				buf_putc(out, '<');
				continue;
			}
			e = p < end ? memchr(p, '>', (size_t)(end - p)) : NULL;
			p = e != NULL ? e + 1 : end;
			if (!closing && ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
			    (n == 5 && strncasecmp(name, "style", 5) == 0))) {
				/* Skip to the matching end tag. */
				const char *q = p;

				for (;;) {
					q = memchr(q, '<', (size_t)(end - q));
					if (q == NULL || (end - q > (ptrdiff_t)n + 1 &&
					    q[1] == '/' &&
					    strncasecmp(q + 2, name, n) == 0))
						break;
					q++;
				}
				if (q == NULL) {
					p = end;
				} else {
					e = memchr(q, '>', (size_t)(end - q));
					p = e != NULL ? e + 1 : end;
				}
				continue;
			}
			/* Inline elements (b, a, span) join their text:
			 * "Hel<b>lo</b>" is one word. */
			if (is_block(name, n))
				separate(out, n == 2 && (strncasecmp(name,
				    "td", 2) == 0 || strncasecmp(name, "th",
				    2) == 0) ? ' ' : '\n');
		}
	}
	/* No trailing whitespace. */
	while (out->len > start && (out->data[out->len - 1] == ' ' ||
	    out->data[out->len - 1] == '\n'))
		out->data[--out->len] = '\0';
}
