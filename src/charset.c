/*
 * Encoding detection and streaming decoding to UTF-8: see charset.h.
 *
 * Decoding runs on every byte of every feed, so the UTF-8 path is written
 * for speed: runs of valid text are handed on in place (no copy) and only
 * the bytes that need repair go through a side buffer.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "charset.h"
#include "xmalloc.h"

enum dec_kind {
	DEC_UTF8,	/* validate, repair, pass through */
	DEC_ASCII,	/* as UTF-8 until a byte > 127, then switch */
	DEC_CP1252,	/* single-byte table: iso-8859-1, windows-1252 */
	DEC_ICONV	/* anything else glibc knows */
};

struct charset_dec {
	enum dec_kind	 kind;
	char		 label[48];
	char		 fallback[48];
	struct charset_sink sink;
	iconv_t		 cd;
	unsigned char	 carry[8];	/* incomplete sequence from last chunk */
	size_t		 ncarry;
	struct buf	 tmp;		/* converted text (cp1252, iconv) */
	size_t		 invalid;
	size_t		 controls;
	int		 esc;		/* ESC_*: in a terminal escape */
	size_t		 esclen;	/* bytes of its string so far */
	int		 unknown;
	int		 switched;
};

/* windows-1252 bytes 0x80-0x9f as Unicode; 0 where the byte is unassigned
 * (those keep their C1 code point, as browsers do). */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Encode code point c (< 0x10000) as UTF-8 into out; returns the length. */
static size_t
utf8_encode16(unsigned c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | (c >> 12));
	out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[2] = (char)(0x80 | (c & 0x3f));
	return 3;
}

/* Returns the UTF-8 length of byte b read as windows-1252, written to out. */
static size_t
cp1252_encode(unsigned char b, char *out)
{
	unsigned	c = b;

	if (b >= 0x80 && b < 0xa0 && cp1252_high[b - 0x80] != 0)
		c = cp1252_high[b - 0x80];
	return utf8_encode16(c, out);
}

/*
 * Length of the valid UTF-8 sequence at s (n bytes available), 0 if it is
 * invalid, or -1 if it is a valid prefix cut off by the end of the data.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
static int
utf8_check(const unsigned char *s, size_t n)
{
	unsigned char	c = s[0];
	int		len, i;
	unsigned char	lo = 0x80, hi = 0xbf;

	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		len = 2;
	else if (c < 0xf0) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c < 0xf5) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/* True when byte c is a control character XML forbids. */
#define IS_BAD_CONTROL(c) ((c) < 0x20 && (c) != '\t' && (c) != '\n' && \
	(c) != '\r')

static void	dec_switch(struct charset_dec *, const char *);

/*
 * Terminal escape sequences.  ESC and BEL are dropped like every control
 * XML forbids, but what they framed would stay as text ("Evil]0;pwned
 * feed" from a title that tried to retitle the terminal), so the rest of
 * the sequence goes too: ESC [ parameters final (CSI), ESC ] ... BEL or
 * ESC \ (OSC and the other strings), ESC intermediates final.  Markup
 * ('<', '&') and newlines are never eaten, and a string stops after 256
 * bytes, so a stray ESC cannot swallow the document.
 */
enum { ESC_NONE, ESC_START, ESC_CSI, ESC_NF, ESC_STR, ESC_STR_ESC };
#define ESC_STR_MAX	256

/* Is byte c the rest of the escape sequence d is in?  1: it is (drop
 * it); 0: the sequence ended before c, which is read as usual. */
static int
esc_step(struct charset_dec *d, unsigned char c)
{
	int	markup = c == '<' || c == '&';

	switch (d->esc) {
	case ESC_START:
		if (c == '[') {
			d->esc = ESC_CSI;
			return 1;
		}
		if (c == ']' || c == 'P' || c == '_' || c == '^' ||
		    c == 'X') {
			d->esc = ESC_STR;
			d->esclen = 0;
			return 1;
		}
		if (c >= 0x20 && c <= 0x2f && !markup) {
			d->esc = ESC_NF;
			return 1;
		}
		if (c >= 0x30 && c <= 0x7e && !markup) {
			d->esc = ESC_NONE;
			return 1;
		}
		break;
	case ESC_CSI:
		if (c >= 0x20 && c <= 0x3f && !markup)
			return 1;
		if (c >= 0x40 && c <= 0x7e) {
			d->esc = ESC_NONE;
			return 1;
		}
		break;
	case ESC_NF:
		if (c >= 0x20 && c <= 0x2f && !markup)
			return 1;
		if (c >= 0x30 && c <= 0x7e && !markup) {
			d->esc = ESC_NONE;
			return 1;
		}
		break;
	case ESC_STR:
		if (c == 0x07) {
			d->controls++;
			d->esc = ESC_NONE;
			return 1;
		}
		if (c == 0x1b) {
			d->controls++;
			d->esc = ESC_STR_ESC;
			return 1;
		}
		if (markup || c == '\n' || ++d->esclen > ESC_STR_MAX)
			break;
		return 1;
	case ESC_STR_ESC:
		if (c == '\\') {
			d->esc = ESC_NONE;
			return 1;
		}
		d->esc = ESC_START;	/* an ESC of its own */
		return esc_step(d, c);
	default:
		break;
	}
	d->esc = ESC_NONE;
	return 0;
}

/* Hand n bytes of finished UTF-8 to the sink. */
static void
emit(struct charset_dec *d, const char *s, size_t n)
{
	if (n == 0)
		return;
	memcpy(d->sink.reserve(d->sink.arg, n), s, n);
	d->sink.commit(d->sink.arg, n);
}

#define PIECE	(256 * 1024)	/* input decoded per reserve/commit */

/*
 * The UTF-8 path: copy s into the sink, validating as it goes.  Invalid
 * bytes are repaired, forbidden controls dropped, an incomplete trailing
 * sequence kept in carry.  Returns the number of bytes consumed (less than
 * n only when a DEC_ASCII decoder met a non-ASCII byte and switched kind:
 * the caller goes on with the rest under the new kind).
 *
 * The inner loop moves 16 bytes at a time while they are printable ASCII
 * or newlines (SSE2, in every x86-64); anything else is looked at byte by
 * byte.  Bytes are stored before they are checked: the sink has room for
 * three output bytes per input byte plus slack, and o only advances over
 * what was accepted.
 */
static size_t
run_utf8(struct charset_dec *d, const unsigned char *s, size_t n, int final)
{
	size_t	i = 0;

	while (i < n) {
		size_t		 end = n - i > PIECE ? i + PIECE : n;
		size_t		 o = 0;
		char		*out = d->sink.reserve(d->sink.arg,
				    (end - i) * 3 + 32);

		while (i < end) {
			unsigned char	c;
			int		len;
#ifdef __SSE2__
			while (d->esc == ESC_NONE && i + 16 <= end) {
				__m128i	v = _mm_loadu_si128(
				    (const __m128i *)(s + i));
				unsigned m;

				_mm_storeu_si128((__m128i *)(out + o), v);
				/* Signed compare: flags < 0x20 and >= 0x80. */
				m = (unsigned)_mm_movemask_epi8(
				    _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) &
				    ~(unsigned)_mm_movemask_epi8(
				    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
				if (m == 0) {
					i += 16;
					o += 16;
					continue;
				}
				m = (unsigned)__builtin_ctz(m);
				i += m;
				o += m;
				break;
			}
			if (i >= end)
				break;
#endif
			c = s[i];
			if (d->esc != ESC_NONE && esc_step(d, c)) {
				i++;
				continue;
			}
			if (c < 0x80) {
				if (IS_BAD_CONTROL(c))
					d->controls++;
				else
					out[o++] = (char)c;
				if (c == 0x1b)
					d->esc = ESC_START;
				i++;
				continue;
			}
			if (d->kind == DEC_ASCII) {
				d->sink.commit(d->sink.arg, o);
				dec_switch(d, d->fallback);
				return i;
			}
			/* Two- and three-byte letters are most of non-ASCII
			 * text: accept the plain cases without the full
			 * check. */
			if (c >= 0xc3 && c <= 0xdf && i + 1 < n &&
			    (s[i + 1] & 0xc0) == 0x80) {
				out[o] = (char)c;
				out[o + 1] = (char)s[i + 1];
				o += 2;
				i += 2;
				continue;
			}
			if (c >= 0xe1 && c <= 0xec && i + 2 < n &&
			    (s[i + 1] & 0xc0) == 0x80 &&
			    (s[i + 2] & 0xc0) == 0x80) {
				memcpy(out + o, s + i, 3);
				o += 3;
				i += 3;
				continue;
			}
			len = utf8_check(s + i, n - i);
			if (len > 0) {
				memcpy(out + o, s + i, (size_t)len);
				o += (size_t)len;
				i += (size_t)len;
				continue;
			}
			if (len < 0 && !final) {
				/* Cut off: finish it with the next chunk. */
				d->sink.commit(d->sink.arg, o);
				d->ncarry = n - i;
				memcpy(d->carry, s + i, d->ncarry);
				return n;
			}
			d->invalid++;
			o += cp1252_encode(c, out + o);
			i++;
		}
		d->sink.commit(d->sink.arg, o);
	}
	return n;
}

/* Single-byte windows-1252 (and iso-8859-1 read as browsers read it). */
static void
run_cp1252(struct charset_dec *d, const unsigned char *s, size_t n)
{
	size_t	i;
	char	rep[4];

	buf_clear(&d->tmp);
	for (i = 0; i < n; i++) {
		if (d->esc != ESC_NONE && esc_step(d, s[i]))
			continue;
		if (s[i] < 0x80) {
			if (IS_BAD_CONTROL(s[i]))
				d->controls++;
			else
				buf_putc(&d->tmp, (char)s[i]);
			if (s[i] == 0x1b)
				d->esc = ESC_START;
		} else
			buf_append(&d->tmp, rep, cp1252_encode(s[i], rep));
	}
	emit(d, d->tmp.data, d->tmp.len);
}

/* Anything else through iconv; the UTF-8 it makes still goes through the
 * control filter.  An invalid input byte becomes U+FFFD. */
static void
run_iconv(struct charset_dec *d, const unsigned char *s, size_t n, int final)
{
	char	*in = (char *)s, *out;
	size_t	 inleft = n, outleft;

	buf_clear(&d->tmp);
	while (inleft > 0) {
		size_t	r;

		buf_grow(&d->tmp, inleft * 4 + 16);
		out = d->tmp.data + d->tmp.len;
		outleft = d->tmp.size - d->tmp.len - 1;
		r = iconv(d->cd, &in, &inleft, &out, &outleft);
		d->tmp.len = (size_t)(out - d->tmp.data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && inleft < sizeof(d->carry)) {
			memcpy(d->carry, in, inleft);
			d->ncarry = inleft;
			break;
		}
		/* EILSEQ, or a truncated sequence at the very end. */
		d->invalid++;
		buf_append(&d->tmp, "\xef\xbf\xbd", 3);
		in++;
		inleft--;
	}
	if (d->tmp.len > 0) {
		/* Filter controls; the text is valid UTF-8 already.  run_utf8
		 * may call out with pointers into tmp, which stays put. */
		enum dec_kind k = d->kind;
		struct buf t = d->tmp;

		d->tmp = (struct buf){ NULL, 0, 0 };
		d->kind = DEC_UTF8;
		run_utf8(d, (const unsigned char *)t.data, t.len, 1);
		d->kind = k;
		buf_free(&d->tmp);
		d->tmp = t;
	}
}

/* Normalise an encoding name: lower case, common aliases folded, gb2312 read
 * as its superset gb18030. */
static void
label_normalise(const char *in, size_t len, char *out, size_t outsz)
{
	static const struct { const char *alias, *name; } aliases[] = {
		{ "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
		{ "latin1", "iso-8859-1" }, { "latin-1", "iso-8859-1" },
		{ "iso8859-1", "iso-8859-1" }, { "iso_8859-1", "iso-8859-1" },
		{ "l1", "iso-8859-1" }, { "cp819", "iso-8859-1" },
		{ "ascii", "us-ascii" }, { "ansi_x3.4-1968", "us-ascii" },
		{ "cp1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
		{ "gb2312", "gb18030" }, { "gbk", "gb18030" },
		{ "x-gbk", "gb18030" }, { "cp936", "gb18030" },
		{ "gb_2312-80", "gb18030" }, { "euc-cn", "gb18030" },
		{ "x-euc-kr", "euc-kr" }, { "ks_c_5601-1987", "euc-kr" },
		{ "sjis", "shift_jis" }, { "x-sjis", "shift_jis" },
		{ "koi8r", "koi8-r" },
	};
	size_t	i, j = 0;

	for (i = 0; i < len && j + 1 < outsz; i++) {
		unsigned char c = (unsigned char)in[i];

		if (isspace(c) || c == '"' || c == '\'')
			continue;
		out[j++] = (char)tolower(c);
	}
	out[j] = '\0';
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(out, aliases[i].alias) == 0) {
			snprintf(out, outsz, "%s", aliases[i].name);
			break;
		}
}

/* Find the value of encoding="..." in the XML declaration s[0..n). */
static int
decl_encoding(const char *s, size_t n, char *out, size_t outsz)
{
	const char	*p, *end = s + n, *v;
	char		 q;

	for (p = s; p + 8 <= end; p++) {
		if (memcmp(p, "encoding", 8) != 0)
			continue;
		p += 8;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p++ != '=')
			return 0;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return 0;
		q = *p++;
		for (v = p; p < end && *p != q; p++)
			;
		if (p >= end || p == v)
			return 0;
		label_normalise(v, (size_t)(p - v), out, outsz);
		return 1;
	}
	return 0;
}

/* Parse a Content-Type into its lower-case media type and charset. */
static void
ctype_parse(const char *ct, char *type, size_t typesz, char *cs, size_t cssz)
{
	const char	*p = ct, *e;
	size_t		 j = 0;

	*type = *cs = '\0';
	while (isspace((unsigned char)*p))
		p++;
	for (; *p && *p != ';' && !isspace((unsigned char)*p); p++)
		if (j + 1 < typesz)
			type[j++] = (char)tolower((unsigned char)*p);
	type[j] = '\0';
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (strncasecmp(p, "charset", 7) != 0)
			continue;
		p += 7;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=')
			continue;
		p++;
		for (e = p; *e && *e != ';'; e++)
			;
		label_normalise(p, (size_t)(e - p), cs, cssz);
		return;
	}
}

/* Is the media type one RFC 3023 (and RFC 4287, 7303) calls XML? */
static int
ctype_is_xml(const char *t)
{
	size_t	n = strlen(t);

	if (strcmp(t, "text/xml") == 0 || strcmp(t, "application/xml") == 0 ||
	    strcmp(t, "application/xml-dtd") == 0 ||
	    strcmp(t, "application/xml-external-parsed-entity") == 0 ||
	    strcmp(t, "text/xml-external-parsed-entity") == 0)
		return 1;
	return n > 4 && strcmp(t + n - 4, "+xml") == 0;
}

int
charset_sniff(const char *head, size_t len, int final,
    const char *content_type, struct charset_guess *g)
{
	const unsigned char *u = (const unsigned char *)head;
	char	 declared[48] = "", type[64] = "", http[48] = "";
	const char *wide = NULL;
	size_t	 ws = 0;

	memset(g, 0, sizeof(*g));
	if (len < 4 && !final)
		return 0;
	if (len >= 4 && u[0] == 0xff && u[1] == 0xfe && !u[2] && !u[3])
		wide = "utf-32le", g->skip = 4;
	else if (len >= 4 && !u[0] && !u[1] && u[2] == 0xfe && u[3] == 0xff)
		wide = "utf-32be", g->skip = 4;
	else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		wide = "utf-16be", g->skip = 2;
	else if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		wide = "utf-16le", g->skip = 2;
	else if (len >= 4 && !u[0] && !u[1] && !u[2] && u[3] == '<')
		wide = "utf-32be";
	else if (len >= 4 && u[0] == '<' && !u[1] && !u[2] && !u[3])
		wide = "utf-32le";
	else if (len >= 4 && !u[0] && u[1] == '<' && !u[2] && u[3] == '?')
		wide = "utf-16be";
	else if (len >= 4 && u[0] == '<' && !u[1] && u[2] == '?' && !u[3])
		wide = "utf-16le";

	if (wide == NULL) {
		const char *decl;

		if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
			g->skip = 3;
		while (g->skip + ws < len && isspace(u[g->skip + ws]))
			ws++;
		decl = head + g->skip + ws;
		if (g->skip + ws + 5 > len && !final && len < CHARSET_SNIFF_MAX)
			return 0;
		if (g->skip + ws + 5 <= len && memcmp(decl, "<?xml", 5) == 0) {
			const char *end = memmem(decl, len - g->skip - ws,
			    "?>", 2);

			if (end == NULL && !final && len < CHARSET_SNIFF_MAX)
				return 0;
			if (end != NULL)
				decl_encoding(decl, (size_t)(end - decl),
				    declared, sizeof(declared));
			/* expat refuses anything before the declaration. */
			g->skip += ws;
		}
	}

	if (content_type != NULL && *content_type != '\0') {
		ctype_parse(content_type, type, sizeof(type), http,
		    sizeof(http));
		if (!ctype_is_xml(type))
			g->non_xml_type = 1;
	}

	if (wide != NULL)
		snprintf(g->label, sizeof(g->label), "%s", wide);
	else if (*http != '\0')
		snprintf(g->label, sizeof(g->label), "%s", http);
	else if (strncmp(type, "text/", 5) == 0 && !g->non_xml_type) {
		/* RFC 3023: text/ XML without a charset is us-ascii; if the
		 * document proves otherwise, trust its own declaration. */
		snprintf(g->label, sizeof(g->label), "us-ascii");
		snprintf(g->fallback, sizeof(g->fallback), "%s",
		    *declared ? declared : "utf-8");
	} else if (*declared != '\0')
		snprintf(g->label, sizeof(g->label), "%s", declared);
	else if (g->skip == 3)
		snprintf(g->label, sizeof(g->label), "utf-8");
	else
		snprintf(g->label, sizeof(g->label), "utf-8");

	/* A byte-oriented document cannot be UTF-16 or UTF-32 whatever it
	 * says; nor can a wide one be anything else. */
	if (wide == NULL && strncmp(g->label, "utf-16", 6) == 0)
		snprintf(g->label, sizeof(g->label), "utf-8");
	if (wide == NULL && strncmp(g->label, "utf-32", 6) == 0)
		snprintf(g->label, sizeof(g->label), "utf-8");
	if (*declared != '\0' && strcmp(declared, g->label) != 0 &&
	    strncmp(declared, "utf-16", 6) != 0 &&
	    strncmp(declared, "utf-32", 6) != 0 &&
	    strcmp(g->label, "us-ascii") != 0)
		g->declared_ignored = 1;
	return 1;
}

/* Set up d for label (kind, iconv descriptor). */
static void
dec_setup(struct charset_dec *d, const char *label)
{
	snprintf(d->label, sizeof(d->label), "%s", label);
	if (strcmp(label, "utf-8") == 0)
		d->kind = DEC_UTF8;
	else if (strcmp(label, "us-ascii") == 0)
		d->kind = DEC_ASCII;
	else if (strcmp(label, "iso-8859-1") == 0 ||
	    strcmp(label, "windows-1252") == 0)
		d->kind = DEC_CP1252;
	else if ((d->cd = iconv_open("UTF-8", label)) != (iconv_t)-1)
		d->kind = DEC_ICONV;
	else {
		d->unknown = 1;
		d->kind = DEC_UTF8;
	}
}

/* A us-ascii guess met a non-ASCII byte: go on as label. */
static void
dec_switch(struct charset_dec *d, const char *label)
{
	d->switched = 1;
	dec_setup(d, *label ? label : "utf-8");
	if (d->kind == DEC_ASCII)	/* declared us-ascii too: repair */
		d->kind = DEC_UTF8, snprintf(d->label, sizeof(d->label),
		    "utf-8");
}

struct charset_dec *
charset_dec_new(const char *label, const char *fallback,
    const struct charset_sink *sink)
{
	struct charset_dec *d;

	d = xcalloc(1, sizeof(*d));
	d->sink = *sink;
	d->cd = (iconv_t)-1;
	snprintf(d->fallback, sizeof(d->fallback), "%s",
	    fallback ? fallback : "utf-8");
	dec_setup(d, label);
	return d;
}

/* Decode under the current kind, following a switch if one happens. */
static void
dec_run(struct charset_dec *d, const unsigned char *s, size_t n, int final)
{
	while (n > 0) {
		size_t	used;

		switch (d->kind) {
		case DEC_UTF8:
		case DEC_ASCII:
			used = run_utf8(d, s, n, final);
			break;
		case DEC_CP1252:
			run_cp1252(d, s, n);
			used = n;
			break;
		default:
			run_iconv(d, s, n, final);
			used = n;
			break;
		}
		s += used;
		n -= used;
	}
}

void
charset_dec_run(struct charset_dec *d, const char *in, size_t len, int final)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");

	if (d->ncarry > 0 && d->kind == DEC_ICONV) {
		/* Rare (a multi-byte character split between chunks of a
		 * legacy encoding): decode carry and chunk together. */
		unsigned char	*joined = xmalloc(d->ncarry + len);
		size_t		 n = d->ncarry;

		memcpy(joined, d->carry, n);
		memcpy(joined + n, s, len);
		d->ncarry = 0;
		dec_run(d, joined, n + len, final);
		free(joined);
		return;
	}
	if (d->ncarry > 0) {
		/* A UTF-8 sequence was cut off: complete it with the
		 * continuation bytes that start this chunk. */
		unsigned char	seq[8];
		size_t		n = d->ncarry, take = 0;

		memcpy(seq, d->carry, n);
		while (take < len && n + take < 4 &&
		    (s[take] & 0xc0) == 0x80) {
			seq[n + take] = s[take];
			take++;
		}
		d->ncarry = 0;
		if (take == len && !final &&
		    utf8_check(seq, n + take) < 0) {
			memcpy(d->carry, seq, n + take);
			d->ncarry = n + take;
			return;
		}
		/* Complete, or invalid: either way it ends here. */
		dec_run(d, seq, n + take, 1);
		s += take;
		len -= take;
	}
	if (len > 0 || final)
		dec_run(d, s, len, final);
}

const char *
charset_dec_label(const struct charset_dec *d)
{
	return d->label;
}

size_t
charset_dec_invalid(const struct charset_dec *d)
{
	return d->invalid;
}

size_t
charset_dec_controls(const struct charset_dec *d)
{
	return d->controls;
}

int
charset_dec_unknown(const struct charset_dec *d)
{
	return d->unknown;
}

int
charset_dec_switched(const struct charset_dec *d)
{
	return d->switched;
}

void
charset_dec_free(struct charset_dec *d)
{
	if (d == NULL)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	buf_free(&d->tmp);
	free(d);
}
