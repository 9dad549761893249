/*
 * Markup repair for rejected documents: see xmlfix.h.
 *
 * A small state machine over the text.  Deciding what '&' or '<' starts
 * needs a few bytes of lookahead; when a chunk ends before the answer,
 * the undecided tail is carried to the next chunk.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "xmlfix.h"

#define LOOKAHEAD 48	/* longest reference or markup opener we look at */

enum fix_mode {
	FIX_TEXT,	/* character data */
	FIX_TAG,	/* inside <...> */
	FIX_CDATA,	/* until ]]> */
	FIX_COMMENT,	/* until --> */
	FIX_PI		/* until ?> (also <!DOCTYPE ...> up to >) */
};

struct xmlfix {
	enum fix_mode	 mode;
	char		 quote;		/* FIX_TAG: open attribute quote */
	struct buf	 carry;		/* undecided input */
	size_t		 count;
};

/* What s[0..n) (starting at '&') is: 1 a reference, 0 not one, -1 cannot
 * tell yet (input ends too soon). */
static int
is_reference(const char *s, size_t n)
{
	size_t	i = 1;

	if (i >= n)
		return -1;
	if (s[i] == '#') {
		int	hex = 0, digits = 0;

		if (++i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n && i < LOOKAHEAD; i++, digits++)
			if (!(hex ? isxdigit((unsigned char)s[i]) :
			    isdigit((unsigned char)s[i])))
				break;
		if (i >= n)
			return n < LOOKAHEAD ? -1 : 0;
		return digits > 0 && s[i] == ';';
	}
	if (!isalpha((unsigned char)s[i]) && s[i] != '_' && s[i] != ':')
		return 0;
	for (i++; i < n && i < LOOKAHEAD; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._:-", s[i]))
			break;
	if (i >= n)
		return n < LOOKAHEAD ? -1 : 0;
	return s[i] == ';';
}

/* The markup that s[0..n) (starting at '<') opens, or -1 if unknown yet. */
static int
markup_kind(const char *s, size_t n, enum fix_mode *mode)
{
	static const struct { const char *open; enum fix_mode mode; } k[] = {
		{ "<![CDATA[", FIX_CDATA }, { "<!--", FIX_COMMENT },
		{ "<?", FIX_PI }, { "<!", FIX_PI },
	};
	size_t	i, len;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		len = strlen(k[i].open);
		if (n < len && memcmp(s, k[i].open, n) == 0)
			return -1;
		if (n >= len && memcmp(s, k[i].open, len) == 0) {
			*mode = k[i].mode;
			return 1;
		}
	}
	if (n < 2)
		return -1;
	if (isalpha((unsigned char)s[1]) || s[1] == '_' || s[1] == ':' ||
	    s[1] == '/' || (unsigned char)s[1] >= 0x80) {
		*mode = FIX_TAG;
		return 1;
	}
	return 0;
}

struct xmlfix *
xmlfix_new(void)
{
	return xcalloc(1, sizeof(struct xmlfix));
}

void
xmlfix_run(struct xmlfix *x, const char *in, size_t inlen, int final,
    struct buf *out)
{
	struct buf	 all = { NULL, 0, 0 };
	const char	*s = in != NULL ? in : "";	/* NULL + 0 is undefined */
	size_t		 n = inlen, i = 0, from = 0;

	if (x->carry.len > 0) {
		buf_append(&all, x->carry.data, x->carry.len);
		buf_append(&all, in, inlen);
		buf_clear(&x->carry);
		s = all.data;
		n = all.len;
	}
	while (i < n) {
		const char *end;
		int	 r;

		switch (x->mode) {
		case FIX_CDATA:
		case FIX_COMMENT:
		case FIX_PI:
			end = x->mode == FIX_CDATA ? "]]>" :
			    x->mode == FIX_COMMENT ? "-->" : ">";
			{
				const char *hit = memmem(s + i, n - i, end,
				    strlen(end));

				if (hit == NULL) {
					/* Keep a possible partial marker. */
					size_t keep = final ? 0 : strlen(end) - 1;

					if (n - i <= keep)
						goto carry;
					i = n - keep;
					if (keep > 0)
						goto carry;
					continue;
				}
				i = (size_t)(hit - s) + strlen(end);
				x->mode = FIX_TEXT;
			}
			continue;
		case FIX_TAG:
			if (x->quote != 0) {
				if (s[i] == x->quote)
					x->quote = 0;
			} else if (s[i] == '"' || s[i] == '\'')
				x->quote = s[i];
			else if (s[i] == '>') {
				x->mode = FIX_TEXT;
				i++;
				continue;
			}
			if (s[i] == '&')
				break;	/* references are checked in values */
			i++;
			continue;
		case FIX_TEXT:
			if (s[i] == '<') {
				enum fix_mode m = FIX_TEXT;

				r = markup_kind(s + i, n - i, &m);
				if (r < 0 && !final)
					goto carry;
				if (r > 0) {
					x->mode = m;
					x->quote = 0;
					i += m == FIX_CDATA ? 9 :
					    m == FIX_COMMENT ? 4 : 1;
					continue;
				}
				buf_append(out, s + from, i - from);
				buf_puts(out, "&lt;");
				x->count++;
				from = ++i;
				continue;
			}
			if (s[i] != '&') {
				i++;
				continue;
			}
			break;
		}
		/* s[i] is '&' in text or in an attribute value. */
		r = is_reference(s + i, n - i);
		if (r < 0 && !final)
			goto carry;
		if (r > 0) {
			i++;
			continue;
		}
		buf_append(out, s + from, i - from);
		buf_puts(out, "&amp;");
		x->count++;
		from = ++i;
	}
	buf_append(out, s + from, n - from);
	buf_free(&all);
	return;
carry:
	buf_append(out, s + from, i - from);
	buf_append(&x->carry, s + i, n - i);
	buf_free(&all);
}

size_t
xmlfix_count(const struct xmlfix *x)
{
	return x->count;
}

void
xmlfix_free(struct xmlfix *x)
{
	if (x == NULL)
		return;
	buf_free(&x->carry);
	free(x);
}
