/*
 * Unit tests for encoding detection and streaming decoding (charset.c):
 * every guess rule, and decoding that must not depend on where the input
 * is split.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "check.h"

static struct buf out;

static char *
sink_reserve(void *arg, size_t n)
{
	(void)arg;
	buf_grow(&out, n);
	return out.data + out.len;
}

static void
sink_commit(void *arg, size_t n)
{
	(void)arg;
	out.len += n;
	out.data[out.len] = '\0';
}

static const struct charset_sink sink = { sink_reserve, sink_commit, NULL };

/* Decode in pieces of step bytes; returns the UTF-8 (static buffer). */
static const char *
decode(const char *label, const char *fallback, const char *in, size_t len,
    size_t step, struct charset_dec **keep)
{
	struct charset_dec *d = charset_dec_new(label, fallback, &sink);
	size_t	i;

	buf_clear(&out);
	buf_grow(&out, 1);
	for (i = 0; i < len; i += step)
		charset_dec_run(d, in + i, len - i < step ? len - i : step, 0);
	charset_dec_run(d, NULL, 0, 1);
	if (keep != NULL)
		*keep = d;
	else
		charset_dec_free(d);
	return out.data;
}

static const char *
sniff(const char *head, size_t len, const char *ctype,
    struct charset_guess *g)
{
	if (!charset_sniff(head, len, 1, ctype, g))
		return "(more)";
	return g->label;
}

static void
test_sniff_bom_and_patterns(void)
{
	struct charset_guess g;

	CHECK_STR(sniff("\xef\xbb\xbf<?xml version='1.0'?><a/>", 26, NULL, &g),
	    "utf-8");
	CHECK_INT(g.skip, 3);
	CHECK_STR(sniff("\xff\xfe<\0a\0/\0>\0", 10, NULL, &g), "utf-16le");
	CHECK_INT(g.skip, 2);
	CHECK_STR(sniff("\xfe\xff\0<\0a", 6, NULL, &g), "utf-16be");
	CHECK_STR(sniff("<\0?\0x\0m\0", 8, NULL, &g), "utf-16le");
	CHECK_INT(g.skip, 0);
	CHECK_STR(sniff("\0\0\0<\0\0\0a", 8, NULL, &g), "utf-32be");
	CHECK_STR(sniff("\xff\xfe\0\0<\0\0\0", 8, NULL, &g), "utf-32le");
}

static void
test_sniff_declaration_and_http(void)
{
	struct charset_guess g;
	const char *koi = "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><rss/>";
	const char *plain = "<rss version=\"2.0\"/>";
	const char *ws = "\n\n  <?xml version='1.0' encoding='gb2312'?><a/>";

	CHECK_STR(sniff(koi, strlen(koi), NULL, &g), "koi8-r");
	CHECK_STR(sniff(plain, strlen(plain), NULL, &g), "utf-8");
	/* gb2312 is read as its superset; space before <?xml is dropped. */
	CHECK_STR(sniff(ws, strlen(ws), NULL, &g), "gb18030");
	CHECK_INT(g.skip, 4);
	/* The HTTP charset wins over the declaration (RFC 3023). */
	CHECK_STR(sniff(koi, strlen(koi), "application/rss+xml; charset=\"utf-8\"",
	    &g), "utf-8");
	CHECK(g.declared_ignored);
	/* text/ XML without charset is us-ascii, falling back to the
	 * declaration if the bytes say otherwise. */
	CHECK_STR(sniff(koi, strlen(koi), "text/xml", &g), "us-ascii");
	CHECK_STR(g.fallback, "koi8-r");
	CHECK_STR(sniff(plain, strlen(plain), "application/xml", &g), "utf-8");
	CHECK(!g.non_xml_type);
	CHECK_STR(sniff(plain, strlen(plain), "text/html; charset=latin1", &g),
	    "iso-8859-1");
	CHECK(g.non_xml_type);
	/* A byte-oriented document is not UTF-16 whatever it declares. */
	CHECK_STR(sniff("<?xml version='1.0' encoding='utf-16'?><a/>", 40,
	    NULL, &g), "utf-8");
}

static void
test_sniff_waits_for_declaration(void)
{
	struct charset_guess g;
	const char *koi = "<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss/>";

	/* Until "?>" arrives the encoding is not known. */
	CHECK_INT(charset_sniff(koi, 20, 0, NULL, &g), 0);
	CHECK_INT(charset_sniff(koi, 3, 0, NULL, &g), 0);
	CHECK_INT(charset_sniff(koi, strlen(koi), 0, NULL, &g), 1);
	CHECK_STR(g.label, "koi8-r");
	CHECK_INT(charset_sniff("<rss>", 5, 0, NULL, &g), 1);
}

static void
test_decode_utf8_any_split(void)
{
	/* Every kind of sequence, split at every possible step. */
	const char	*s = "a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d\n"
	    "long ascii run to cross sixteen-byte blocks \xce\xb1\xce\xb2";
	struct charset_dec *d;
	size_t		 step;

	for (step = 1; step <= strlen(s); step++) {
		CHECK_STR(decode("utf-8", NULL, s, strlen(s), step, &d), s);
		CHECK_INT(charset_dec_invalid(d), 0);
		charset_dec_free(d);
	}
}

static void
test_decode_repairs(void)
{
	struct charset_dec *d;
	size_t	step;

	/* Latin-1 in a UTF-8 document: read as windows-1252. */
	for (step = 1; step <= 6; step++) {
		CHECK_STR(decode("utf-8", NULL, "caf\xe9 \x93q\x94", 8, step, &d),
		    "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
		CHECK_INT(charset_dec_invalid(d), 3);
		charset_dec_free(d);
	}
	/* A sequence cut off by the end of the document. */
	CHECK_STR(decode("utf-8", NULL, "ab\xe2\x82", 4, 1, &d),
	    "ab\xc3\xa2\xe2\x80\x9a");
	charset_dec_free(d);
	/* Controls that XML forbids are dropped, tab/newline kept; a
	 * terminal escape goes whole, not only its ESC and BEL. */
	CHECK_STR(decode("utf-8", NULL, "a\x1b]0;x\x07\tb\r\n", 11, 3, &d),
	    "a\tb\r\n");
	CHECK_INT(charset_dec_controls(d), 2);
	charset_dec_free(d);
	CHECK_STR(decode("utf-8", NULL, "a\x01" "b\x0c", 4, 1, NULL), "ab");
	/* Overlong forms and surrogates are invalid. */
	CHECK_STR(decode("utf-8", NULL, "\xc0\xaf\xed\xa0\x80", 5, 5, &d),
	    "\xc3\x80\xc2\xaf\xc3\xad\xc2\xa0\xe2\x82\xac");
	charset_dec_free(d);
}

/* Terminal escape sequences in feed text are dropped whole, however
 * the input is split, in every decoder, and never eat markup. */
static void
test_decode_escape_sequences(void)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "Evil\x1b]0;PWNED\x07 feed", "Evil feed" },
		{ "a\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\b", "alinkb" },
		{ "a\x1b[2Jb\x1b[1;31mc\x1b[0md", "abcd" },
		{ "a\x1b[?25lb", "ab" },
		{ "a\x1b(Bb\x1b" "7c", "abc" },
		{ "a\x1bPq#0;2;0;0;0\x1b\\b", "ab" },
		/* Markup and newlines end a string that never ends. */
		{ "<t>x\x1b]0;oops</t>", "<t>x</t>" },
		{ "x\x1b]0;a\nb", "x\nb" },
		{ "x\x1b[<y", "x<y" },
		{ "x\x1b&amp;", "x&amp;" },
		/* An ESC at the very end. */
		{ "x\x1b", "x" },
		{ NULL, NULL }
	};
	char	 big[600];
	size_t	 i, step;

	for (i = 0; t[i].in != NULL; i++)
		for (step = 1; step <= 7; step++) {
			CHECK_STR(decode("utf-8", NULL, t[i].in,
			    strlen(t[i].in), step, NULL), t[i].want);
			CHECK_STR(decode("windows-1252", NULL, t[i].in,
			    strlen(t[i].in), step, NULL), t[i].want);
			CHECK_STR(decode("iso-8859-2", NULL, t[i].in,
			    strlen(t[i].in), step, NULL), t[i].want);
		}
	/* A string stops after 256 bytes: a stray ESC ] loses that much
	 * at most. */
	memset(big, 'y', sizeof(big));
	memcpy(big, "\x1b]", 2);
	CHECK_INT(strlen(decode("utf-8", NULL, big, sizeof(big), 64, NULL)),
	    sizeof(big) - 2 - 256);
	/* Text past a long, closed string is kept. */
	CHECK_STR(decode("utf-8", NULL, "\x1b]2;\xc3\xa9t\xc3\xa9\x07\xc3\xa9",
	    12, 1, NULL), "\xc3\xa9");
}

static void
test_decode_legacy(void)
{
	struct charset_dec *d;

	CHECK_STR(decode("windows-1252", NULL, "\x80 \xe9", 3, 1, NULL),
	    "\xe2\x82\xac \xc3\xa9");
	CHECK_STR(decode("iso-8859-1", NULL, "\x93x\x94", 3, 2, NULL),
	    "\xe2\x80\x9cx\xe2\x80\x9d");
	/* KOI8-R "привет" through iconv, split inside nothing (1 byte per
	 * character) and shift_jis split inside a character. */
	CHECK_STR(decode("koi8-r", NULL, "\xd0\xd2\xc9\xd7\xc5\xd4", 6, 1,
	    NULL), "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	CHECK_STR(decode("shift_jis", NULL, "\x93\xfa\x96\x7b", 4, 1, NULL),
	    "\xe6\x97\xa5\xe6\x9c\xac");
	CHECK_STR(decode("utf-16le", NULL, "h\0i\0\xac\x20", 6, 1, NULL),
	    "hi\xe2\x82\xac");
	/* An unknown encoding is read as UTF-8 and said so. */
	decode("x-no-such-charset", NULL, "ok", 2, 1, &d);
	CHECK(charset_dec_unknown(d));
	CHECK_STR(out.data, "ok");
	charset_dec_free(d);
}

static void
test_decode_ascii_switches(void)
{
	struct charset_dec *d;

	CHECK_STR(decode("us-ascii", "koi8-r", "ab\xd0", 3, 1, &d),
	    "ab\xd0\xbf");
	CHECK(charset_dec_switched(d));
	CHECK_STR(charset_dec_label(d), "koi8-r");
	charset_dec_free(d);
	CHECK_STR(decode("us-ascii", NULL, "plain", 5, 2, &d), "plain");
	CHECK(!charset_dec_switched(d));
	CHECK_STR(charset_dec_label(d), "us-ascii");
	charset_dec_free(d);
}

static const struct check_test tests[] = {
	{ "sniff_bom_and_patterns", test_sniff_bom_and_patterns },
	{ "sniff_declaration_and_http", test_sniff_declaration_and_http },
	{ "sniff_waits_for_declaration", test_sniff_waits_for_declaration },
	{ "decode_utf8_any_split", test_decode_utf8_any_split },
	{ "decode_repairs", test_decode_repairs },
	{ "decode_legacy", test_decode_legacy },
	{ "decode_escape_sequences", test_decode_escape_sequences },
	{ "decode_ascii_switches", test_decode_ascii_switches },
	{ NULL, NULL }
};

int
main(void)
{
	int	rc = check_main(tests);

	buf_free(&out);
	return rc;
}
