/*
 * Unit tests for the small base modules: buf, json, text, entity, uri, subs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "entity.h"
#include "json.h"
#include "subs.h"
#include "text.h"
#include "uri.h"
#include "xmalloc.h"
#include "xmlfix.h"

static void
test_buf_grows_and_clears(void)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i, size;

	for (i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	CHECK_INT(b.len, 10000);
	CHECK_INT(b.data[b.len], '\0');
	size = b.size;
	buf_clear(&b);
	CHECK_INT(b.len, 0);
	CHECK_INT(b.size, size);	/* memory kept for reuse */
	buf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.data, "42-x");
	buf_free(&b);
}

static void
test_json_escapes(void)
{
	struct buf	b = { NULL, 0, 0 };
	char		long_s[100];

	json_string(&b, "plain");
	CHECK_STR(b.data, "\"plain\"");
	buf_clear(&b);
	json_string(&b, "q\"b\\n\nt\tc\x01" "d");
	CHECK_STR(b.data, "\"q\\\"b\\\\n\\nt\\tc\\u0001d\"");
	buf_clear(&b);
	/* The 16-byte fast path must stop at an escape anywhere. */
	memset(long_s, 'x', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	long_s[37] = '"';
	json_string(&b, long_s);
	CHECK(strstr(b.data, "xx\\\"xx") != NULL);
	CHECK_INT(b.len, sizeof(long_s) - 1 + 3);
	buf_clear(&b);
	json_string(&b, "Z\xc3\xbcrich \xe6\x97\xa5");	/* UTF-8 kept */
	CHECK_STR(b.data, "\"Z\xc3\xbcrich \xe6\x97\xa5\"");
	buf_clear(&b);
	json_string(&b, NULL);
	CHECK_STR(b.data, "\"\"");
	buf_free(&b);
}

/* The escaping as RFC 8259 writes it, a byte at a time: what the word,
 * 16- and 32-byte paths of json.c must agree with. */
static void
json_reference(struct buf *b, const unsigned char *s, size_t n)
{
	size_t	i;

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_printf(b, "\\%c", s[i]);
		else if (s[i] == '\n')
			buf_puts(b, "\\n");
		else if (s[i] == '\r')
			buf_puts(b, "\\r");
		else if (s[i] == '\t')
			buf_puts(b, "\\t");
		else if (s[i] < 0x20)
			buf_printf(b, "\\u%04x", s[i]);
		else
			buf_putc(b, (char)s[i]);
	}
	buf_putc(b, '"');
}

/* Every length to 160, every position, bytes that need an escape and their
 * neighbours that do not (0x1f/0x20, '!' and '#' around '"', '[' and ']'
 * around the backslash, bytes with the high bit set): each path and each
 * place where one hands over to the next. */
static void
test_json_every_length(void)
{
	static const unsigned char bytes[] = { '"', '\\', '\n', 0x01, 0x1f,
	    0x20, '!', '#', '[', ']', 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff };
	unsigned char	 s[161];
	char		 out[JSON_QUOTED_MAX(160) + 1];
	struct buf	 ref = { NULL, 0, 0 };
	size_t		 n, pos, k, bad = 0;

	for (n = 1; n <= 160; n++)
		for (pos = 0; pos < n; pos++)
			for (k = 0; k < sizeof(bytes); k++) {
				char *end;

				memset(s, 'a' + (int)(n % 26), n);
				s[pos] = bytes[k];
				if (pos + 3 < n)	/* a second one after */
					s[pos + 3] = bytes[(k + 1) %
					    sizeof(bytes)];
				buf_clear(&ref);
				json_reference(&ref, s, n);
				end = json_quote_into(out, (const char *)s, n);
				if ((size_t)(end - out) != ref.len ||
				    memcmp(out, ref.data, ref.len) != 0)
					bad++;
			}
	CHECK_INT(bad, 0);
	buf_free(&ref);
}

static void
test_text_oneline_strips_escapes(void)
{
	/* OSC 0 retitles a terminal; CSI moves the cursor. */
	const char	*t = "Evil \x1b]0;owned\x07title\x1b[2J\r\nnext\xc2\x9b" "1m";
	char		*s = text_oneline(t, strlen(t));

	CHECK(strchr(s, '\x1b') == NULL);
	CHECK(strchr(s, '\x07') == NULL);
	CHECK(strstr(s, "\xc2\x9b") == NULL);	/* C1 CSI */
	CHECK_STR(s, "Evil ]0;owned title [2J next 1m");
	free(s);
	s = text_oneline("  a \xff\xfe b  ", 10);	/* invalid UTF-8 */
	CHECK_STR(s, "a b");
	free(s);
	CHECK(text_valid_utf8("caf\xc3\xa9", 5));
	CHECK(!text_valid_utf8("caf\xe9", 4));
	CHECK(!text_valid_utf8("a\x1b", 2));
}

static void
test_entity_lookup(void)
{
	CHECK_STR(entity_lookup("eacute", 6), "\xc3\xa9");
	CHECK_STR(entity_lookup("nbsp", 4), "\xc2\xa0");
	CHECK_STR(entity_lookup("AElig", 5), "\xc3\x86");
	CHECK_STR(entity_lookup("rsquo", 5), "\xe2\x80\x99");
	CHECK(entity_lookup("eacutex", 7) == NULL);
	CHECK(entity_lookup("eacut", 5) == NULL);
	CHECK(entity_lookup("", 0) == NULL);
	/* Length-limited: the name need not be NUL-terminated. */
	CHECK_STR(entity_lookup("ampersand", 3), "&");
}

static void
test_uri_resolve(void)
{
	char	*s;

	s = uri_resolve("http://example.com/a/b.xml", "c/d.html");
	CHECK_STR(s, "http://example.com/a/c/d.html");
	free(s);
	s = uri_resolve("http://example.com/a/b.xml", "/root");
	CHECK_STR(s, "http://example.com/root");
	free(s);
	s = uri_resolve("http://example.com/a/", "");
	CHECK_STR(s, "http://example.com/a/");
	free(s);
	/* Absolute references are kept byte for byte. */
	s = uri_resolve("http://example.com/", "HTTP://Example.COM");
	CHECK_STR(s, "HTTP://Example.COM");
	free(s);
	s = uri_resolve(NULL, "relative");
	CHECK_STR(s, "relative");
	free(s);
	CHECK(uri_is_absolute("tag:example.com,2004:1"));
	CHECK(!uri_is_absolute("/path:x"));
}

static void
test_subs_parse(void)
{
	const char	*t = "# comment\n"
	    "http://a.example/feed.xml news \"long tag\" \"~The A Feed\"\n"
	    "\n"
	    "   file:///tmp/x.xml   # trailing comment\n";
	struct subs	 s;
	char		*cause = NULL;

	CHECK_INT(subs_parse(t, strlen(t), &s, &cause), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.v[0].url, "http://a.example/feed.xml");
	CHECK_STR(s.v[0].title, "The A Feed");
	CHECK_INT(s.v[0].ntags, 2);
	CHECK_STR(s.v[0].tags[1], "long tag");
	CHECK_STR(s.v[1].url, "file:///tmp/x.xml");
	CHECK_INT(s.v[1].ntags, 0);
	subs_free(&s);

	t = "http://b.example/ \"unterminated\n";
	CHECK_INT(subs_parse(t, strlen(t), &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "line 1") != NULL);
	free(cause);
}

/* Repair s in pieces of step bytes. */
static char *
fix(const char *s, size_t step)
{
	struct xmlfix	*x = xmlfix_new();
	struct buf	 out = { NULL, 0, 0 };
	size_t		 i, n = strlen(s);

	for (i = 0; i < n; i += step)
		xmlfix_run(x, s + i, n - i < step ? n - i : step, 0, &out);
	xmlfix_run(x, NULL, 0, 1, &out);
	xmlfix_free(x);
	return buf_steal(&out);
}

static void
test_xmlfix(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "<t>Fish & Chips &amp; more <3</t>",
		  "<t>Fish &amp; Chips &amp; more &lt;3</t>" },
		{ "<a href=\"?x=1&y=2\">&#38;&#x26;&eacute;</a>",
		  "<a href=\"?x=1&amp;y=2\">&#38;&#x26;&eacute;</a>" },
		{ "<t>?page=1&copy=2;mode=x</t>",
		  "<t>?page=1&amp;copy=2;mode=x</t>" },
		{ "<![CDATA[a & b < c]]><!-- & < --><?pi & ?>&",
		  "<![CDATA[a & b < c]]><!-- & < --><?pi & ?>&amp;" },
		{ "<a b='>&'>x</a>", "<a b='>&amp;'>x</a>" },
	};
	size_t	i, step;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (step = 1; step <= strlen(cases[i].in); step++) {
			char *got = fix(cases[i].in, step);

			CHECK_STR(got, cases[i].want);
			free(got);
		}
}

static const struct check_test tests[] = {
	{ "buf_grows_and_clears", test_buf_grows_and_clears },
	{ "json_escapes", test_json_escapes },
	{ "json_every_length", test_json_every_length },
	{ "text_oneline_strips_escapes", test_text_oneline_strips_escapes },
	{ "entity_lookup", test_entity_lookup },
	{ "uri_resolve", test_uri_resolve },
	{ "subs_parse", test_subs_parse },
	{ "xmlfix", test_xmlfix },
	{ NULL, NULL }
};

int
main(void)
{
	return check_main(tests);
}
