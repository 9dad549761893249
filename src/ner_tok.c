/*
 * The tokenizer of the entity tagger (see ner_tok.h for what it promises).
 * Hand-written rather than taken from a library: what matters is cutting
 * words exactly as the CoNLL-2003 annotators did, which no Debian library
 * does, and doing it at hundreds of megabytes a second.  Characters outside
 * ASCII are classed by a few code point ranges (spaces, punctuation,
 * symbols); everything else counts as a letter, which is right for the
 * scripts news is written in.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ner_tok.h"
#include "xmalloc.h"

enum cclass { C_SPACE, C_ALPHA, C_DIGIT, C_PUNCT };

size_t
ner_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c;
	size_t		len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are not characters. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static enum cclass
classify(uint32_t c)
{
	if (c < 0x80) {
		if (c <= ' ' || c == 0x7f)
			return C_SPACE;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return C_ALPHA;
		if (c >= '0' && c <= '9')
			return C_DIGIT;
		return C_PUNCT;
	}
	if (c <= 0xa0)			/* C1 controls, no-break space */
		return C_SPACE;
	if (c < 0xc0)
		return c == 0xad || c == 0xaa || c == 0xb5 || c == 0xba ?
		    C_ALPHA : C_PUNCT;
	if (c == 0xd7 || c == 0xf7)
		return C_PUNCT;
	if (c < 0x2000)
		return C_ALPHA;
	if (c <= 0x200b || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	    c == 0x205f || c == 0x3000 || c == 0xfeff ||
	    (c >= 0xfff0 && c <= 0xffff))
		return C_SPACE;
	if (c <= 0x206f || (c >= 0x20a0 && c <= 0x2bff) ||
	    (c >= 0x3001 && c <= 0x303f) || (c >= 0xe000 && c <= 0xf8ff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff01 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0x1f000 && c <= 0x1faff))
		return C_PUNCT;
	return C_ALPHA;
}

/* One decoded character: its class and length (0 at the end or on an
 * invalid byte, which is then skipped as space). */
struct ch {
	uint32_t	cp;
	size_t		len;
	enum cclass	cls;
};

static struct ch
char_at(const unsigned char *s, size_t len, size_t i)
{
	struct ch	c;

	c.cp = 0;
	c.len = i < len ? ner_utf8_decode(s + i, len - i, &c.cp) : 0;
	c.cls = c.len ? classify(c.cp) : C_SPACE;
	return c;
}

static int
is_alnum(const struct ch *c)
{
	return c->len && (c->cls == C_ALPHA || c->cls == C_DIGIT);
}

static int
is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019;
}

/* Words that keep their period: titles, company forms, months. */
static int
is_abbrev(const char *w, size_t n)
{
	static const char *const abbrevs[] = {
		"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt",
		"Capt", "Cmdr", "Adm", "Maj", "Sen", "Rep", "Gov", "Pres",
		"Rev", "Hon", "St", "Mt", "Ft", "Jr", "Sr", "Inc", "Corp",
		"Co", "Ltd", "Bros", "Plc", "vs", "etc", "No", "Jan", "Feb",
		"Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd",
		"Dept", "Univ", "approx", "Messrs", "Mme", "Mlle", "Fr",
		NULL
	};
	size_t	i;

	for (i = 0; abbrevs[i] != NULL; i++)
		if (strlen(abbrevs[i]) == n && memcmp(abbrevs[i], w, n) == 0)
			return 1;
	return 0;
}

/* Scan the word starting at i (a letter or digit); returns its end. */
static size_t
scan_word(const unsigned char *s, size_t len, size_t i)
{
	size_t		start = i, nchars = 0;
	int		hasdot = 0, onlyalpha = 1;
	struct ch	c, prev, next, after;

	prev = char_at(s, len, i);
	for (;;) {
		c = char_at(s, len, i);
		if (is_alnum(&c)) {
			if (c.cls != C_ALPHA)
				onlyalpha = 0;
			nchars++;
			prev = c;
			i += c.len;
			continue;
		}
		if (c.len == 0)
			break;
		next = char_at(s, len, i + c.len);
		if ((c.cp == '-' || c.cp == 0x2010 || c.cp == 0x2011) &&
		    is_alnum(&next)) {
			i += c.len;	/* AL-AIN, 2-1, 1996-12-06 */
			onlyalpha = 0;
			continue;
		}
		if (c.cp == '.' && is_alnum(&next)) {
			i += c.len;	/* U.S, e.g, 3.5 */
			hasdot = 1;
			onlyalpha = 0;
			continue;
		}
		if (c.cp == ',' && prev.cls == C_DIGIT &&
		    next.cls == C_DIGIT && next.len) {
			i += c.len;	/* 1,000 */
			continue;
		}
		if (is_apostrophe(c.cp) && next.len && next.cls == C_ALPHA) {
			after = char_at(s, len, i + c.len + next.len);
			/* "Japan's" is two tokens, as in the corpus. */
			if ((next.cp | 0x20) == 's' && !is_alnum(&after))
				break;
			i += c.len;	/* O'Neill, don't */
			onlyalpha = 0;
			continue;
		}
		if (c.cp == '&' && prev.cp >= 'A' && prev.cp <= 'Z' &&
		    next.cp >= 'A' && next.cp <= 'Z') {
			i += c.len;	/* AT&T, S&P */
			onlyalpha = 0;
			continue;
		}
		break;
	}
	if (i < len && s[i] == '.' && (hasdot || (nchars == 1 &&
	    onlyalpha && prev.cls == C_ALPHA) ||
	    is_abbrev((const char *)s + start, i - start)))
		i++;		/* U.S., J., Mr. */
	return i;
}

/* Scan the punctuation token starting at i; returns its end. */
static size_t
scan_punct(const unsigned char *s, size_t len, size_t i)
{
	struct ch	c = char_at(s, len, i), next;

	/* 's after a word: the possessive is its own token. */
	if (is_apostrophe(c.cp) && i > 0) {
		next = char_at(s, len, i + c.len);
		if ((next.cp | 0x20) == 's' && next.len) {
			struct ch after = char_at(s, len, i + c.len + 1);

			if (!is_alnum(&after))
				return i + c.len + 1;
		}
	}
	/* Runs of periods, hyphens or ASCII quotes are one token: "...",
	 * "--", "``", "''". */
	if (c.cp == '.' || c.cp == '-' || c.cp == '`' || c.cp == '\'') {
		size_t	j = i + 1;

		while (j < len && s[j] == s[i])
			j++;
		return j;
	}
	return i + c.len;
}

static int
ends_sentence(const unsigned char *s, size_t a, size_t b)
{
	size_t	i;

	for (i = a; i < b; i++)
		if (s[i] != '.' && s[i] != '!' && s[i] != '?')
			return 0;
	return b > a;
}

static int
closes(const unsigned char *s, size_t a, size_t b)
{
	uint32_t	cp;

	if (ner_utf8_decode(s + a, b - a, &cp) != b - a)
		return 0;
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
	    cp == '}' || cp == 0x201d || cp == 0x2019 || cp == 0xbb ||
	    cp == 0x203a;
}

/* Whether the token at i may start a sentence: a letter not small, a
 * digit, or an opening quote or bracket. */
static int
may_start(const unsigned char *s, size_t len, size_t i)
{
	struct ch	c = char_at(s, len, i);

	if (c.cls == C_ALPHA)
		return !((c.cp >= 'a' && c.cp <= 'z') || (c.cp >= 0xdf &&
		    c.cp <= 0xff));
	if (c.cls == C_DIGIT)
		return 1;
	return c.cp == '"' || c.cp == '\'' || c.cp == '`' || c.cp == '(' ||
	    c.cp == '[' || c.cp == 0x201c || c.cp == 0x2018 ||
	    c.cp == 0x201e || c.cp == 0xab || c.cp == 0x2039;
}

void
ner_tokenize(struct ner_toks *t, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, end;
	int			 nl = 1, space = 1, pending = 0;
	struct ch		 c;

	if (len > NER_TOK_MAXLEN)
		len = NER_TOK_MAXLEN;
	t->n = 0;
	while (i < len) {
		struct ner_token *tok;

		c = char_at(s, len, i);
		if (c.len == 0 || c.cls == C_SPACE) {
			if (s[i] == '\n')
				nl = 1;
			space = 1;
			i += c.len ? c.len : 1;
			continue;
		}
		if (c.cls == C_PUNCT)
			end = scan_punct(s, len, i);
		else
			end = scan_word(s, len, i);
		if (t->n == t->size) {
			t->size = t->size ? t->size * 2 : 256;
			t->v = xreallocarray(t->v, t->size, sizeof(*t->v));
		}
		tok = &t->v[t->n++];
		tok->start = (uint32_t)i;
		tok->end = (uint32_t)end;
		tok->flags = 0;
		/* A terminator ends the sentence when the next token, after
		 * a space, may start one; a quote or bracket right after it
		 * still belongs to it. */
		if (nl)
			tok->flags = NER_TOK_SENT | NER_TOK_NL;
		else if (pending && space && may_start(s, len, i))
			tok->flags = NER_TOK_SENT;
		if (tok->flags)
			pending = 0;
		if (ends_sentence(s, i, end))
			pending = 1;
		else if (pending && !space && closes(s, i, end))
			;	/* "Go." he said / (see above.) */
		else
			pending = 0;
		nl = space = 0;
		i = end;
	}
}

void
ner_toks_free(struct ner_toks *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
