/*
 * Unit tests for the HTML renderer (html): construct by construct, what
 * the article pane would show, then hostile pages (unclosed tags, deep
 * nesting, a huge page, bad bytes, escape sequences) and the wrapping
 * promise that every line fits its width and loses no word.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "check.h"
#include "html.h"
#include "text.h"
#include "utf8.h"

static void	check_wrap(const char *, int);

struct out {
	struct html_doc		doc;
	struct html_lines	lines;
	struct buf		all;	/* the lines joined by '\n' */
};

/* Render html (base may be NULL) and wrap it at width into o. */
static void
render(struct out *o, const char *html, const char *base, int width)
{
	char	*cause = NULL;
	size_t	 i;

	memset(o, 0, sizeof(*o));
	if (html_render(html, strlen(html), base, &o->doc, &cause) == -1) {
		fprintf(stderr, "html_render: %s\n", cause);
		free(cause);
		check_failures++;
	}
	html_wrap(&o->doc, width, &o->lines);
	for (i = 0; i < o->lines.n; i++) {
		buf_append(&o->all, o->lines.v[i].text, o->lines.v[i].len);
		buf_putc(&o->all, '\n');
	}
}

static void
out_free(struct out *o)
{
	html_doc_free(&o->doc);
	html_lines_free(&o->lines);
	buf_free(&o->all);
}

/* The text of doc's block i, or "" past the end. */
static const char *
block(const struct out *o, size_t i)
{
	return i < o->doc.nblocks ? o->doc.blocks[i].text : "";
}

/* Returns 1 when block i has a span of style over exactly its bytes
 * [start, start + strlen(what)) holding what (and arg, when >= 0). */
static int
has_span(const struct out *o, size_t i, const char *what, int style, int arg)
{
	const struct html_block *b;
	const char	*at;
	size_t		 j;

	if (i >= o->doc.nblocks)
		return 0;
	b = &o->doc.blocks[i];
	if ((at = strstr(b->text, what)) == NULL)
		return 0;
	for (j = 0; j < b->nspans; j++)
		if (b->spans[j].style == style &&
		    b->spans[j].start == (size_t)(at - b->text) &&
		    b->spans[j].end == (size_t)(at - b->text) + strlen(what) &&
		    (arg < 0 || b->spans[j].arg == arg))
			return 1;
	return 0;
}

static void
test_paragraphs_and_whitespace(void)
{
	struct out	o;

	render(&o, "<p>One\n\t  two   three</p><p>Four</p>loose text", NULL,
	    80);
	CHECK_INT(o.doc.nblocks, 3);
	CHECK_STR(block(&o, 0), "One two three");
	CHECK_STR(block(&o, 1), "Four");
	CHECK_STR(block(&o, 2), "loose text");
	/* A blank line between paragraphs. */
	CHECK_STR(o.all.data, "One two three\n\nFour\n\nloose text\n");
	out_free(&o);
	/* <br>: a new line, no blank one. */
	render(&o, "<p>line one<br>line two</p>", NULL, 80);
	CHECK_STR(o.all.data, "line one\nline two\n");
	out_free(&o);
}

static void
test_headings_and_inline(void)
{
	struct out	o;

	render(&o, "<h2>The <i>Title</i></h2><p>Some <b>bold</b>, "
	    "<em>slanted</em> and <code>x = 1</code> text.</p>", NULL, 80);
	CHECK_INT(o.doc.blocks[0].kind, HTML_HEADING);
	CHECK_INT(o.doc.blocks[0].level, 2);
	CHECK(has_span(&o, 0, "The Title", STYLE_HEADING, -1));
	CHECK(has_span(&o, 0, "Title", STYLE_ITALIC, -1));
	CHECK(has_span(&o, 1, "bold", STYLE_BOLD, -1));
	CHECK(has_span(&o, 1, "slanted", STYLE_ITALIC, -1));
	CHECK(has_span(&o, 1, "x = 1", STYLE_CODE, -1));
	CHECK_STR(block(&o, 1), "Some bold, slanted and x = 1 text.");
	out_free(&o);
}

static void
test_lists(void)
{
	struct out	o;

	render(&o, "<ol start=\"3\"><li>three</li><li>four<ul><li>inner"
	    "</li></ul></li></ol><ul><li><p>para item</p></li></ul>", NULL,
	    80);
	CHECK_STR(o.all.data, "3. three\n4. four\n  \xe2\x97\xa6 inner\n"
	    "\xe2\x80\xa2 para item\n");
	out_free(&o);
	/* A long item wraps under its text, not under its marker. */
	render(&o, "<ul><li>aaa bbb ccc ddd</li></ul>", NULL, 9);
	CHECK_STR(o.all.data, "\xe2\x80\xa2 aaa bbb\n  ccc ddd\n");
	out_free(&o);
}

static void
test_quote_pre_table(void)
{
	struct out	o;

	render(&o, "<blockquote><p>quoted words here</p></blockquote>"
	    "<pre>a\tb\n  indented  x\n</pre>"
	    "<table><tr><th>Name</th><td>Value</td></tr>"
	    "<tr><td>k</td><td>v</td></tr></table>", NULL, 80);
	CHECK_STR(o.all.data, "\xe2\x94\x82 quoted words here\n\n"
	    "a       b\n  indented  x\n\nName | Value\nk | v\n");
	CHECK(has_span(&o, 0, "quoted words here", STYLE_QUOTE, -1));
	CHECK(has_span(&o, 2, "Name", STYLE_BOLD, -1));
	CHECK_INT(o.doc.blocks[1].kind, HTML_PRE);
	out_free(&o);
	/* A quote wraps with its bar on every line. */
	render(&o, "<blockquote>one two three four</blockquote>", NULL, 11);
	CHECK_STR(o.all.data, "\xe2\x94\x82 one two\n\xe2\x94\x82 three\n"
	    "\xe2\x94\x82 four\n");
	out_free(&o);
}

static void
test_images_and_links(void)
{
	struct out	o;

	render(&o, "<p><img src=\"c.png\" alt=\"A cat\"> "
	    "<img src=\"t.gif\" width=\"1\" height=\"1\">"
	    "Read <a href=\"/x\">more</a> and <a href=\"../x\">again</a>, "
	    "<a href=\"javascript:evil()\">no</a>, "
	    "<a href=\"https://o.example/\">other</a>.</p>",
	    "http://a.example/dir/page", 200);
	CHECK_STR(block(&o, 0), "[image: A cat] Read more[1] and again[1], "
	    "no, other[2].");
	CHECK(has_span(&o, 0, "[image: A cat]", STYLE_IMAGE, -1));
	CHECK(has_span(&o, 0, "more", STYLE_LINK, 1));
	CHECK(has_span(&o, 0, "[1]", STYLE_LINKNUM, 1));
	CHECK(has_span(&o, 0, "other", STYLE_LINK, 2));
	CHECK_INT(o.doc.nlinks, 2);
	if (o.doc.nlinks == 2) {
		CHECK_STR(o.doc.links[0], "http://a.example/x");
		CHECK_STR(o.doc.links[1], "https://o.example/");
	}
	/* The link list closes the text. */
	CHECK(strstr(o.all.data, "\n\n[1]: http://a.example/x\n"
	    "[2]: https://o.example/\n") != NULL);
	out_free(&o);
}

static void
test_entities_and_dropped(void)
{
	struct out	o;

	render(&o, "<p>caf&eacute;&nbsp;&#x2014;&amp;</p>"
	    "<script>alert(1)</script><style>p{}</style>"
	    "<iframe src=x>frame</iframe><form><input value=v>form</form>"
	    "<noscript>ns</noscript><p>end</p>", NULL, 80);
	CHECK_STR(block(&o, 0), "caf\xc3\xa9\xc2\xa0\xe2\x80\x94&");
	CHECK(strstr(o.all.data, "alert") == NULL);
	CHECK(strstr(o.all.data, "p{}") == NULL);
	CHECK(strstr(o.all.data, "frame") == NULL);
	CHECK(strstr(o.all.data, "form") == NULL);
	CHECK(strstr(o.all.data, "ns") == NULL);
	CHECK(strstr(o.all.data, "end") != NULL);
	out_free(&o);
}

/* Returns 1 when no text of o holds a control byte or invalid UTF-8. */
static int
clean_output(const struct out *o)
{
	size_t	i;

	for (i = 0; i < o->doc.nblocks; i++) {
		const struct html_block *b = &o->doc.blocks[i];

		if (!text_valid_utf8(b->text, b->len) ||
		    (b->kind != HTML_PRE && memchr(b->text, '\n', b->len)))
			return 0;
		if (strpbrk(b->text, "\x1b\x07\t\r") != NULL ||
		    strstr(b->text, "\xc2\x9b") != NULL ||
		    strstr(b->text, "\xc2\x9d") != NULL)
			return 0;
	}
	for (i = 0; i < o->lines.n; i++)
		if (!text_valid_utf8(o->lines.v[i].text, o->lines.v[i].len) ||
		    memchr(o->lines.v[i].text, '\n', o->lines.v[i].len) ||
		    strpbrk(o->lines.v[i].text, "\x1b\x07\t\r") != NULL)
			return 0;
	return 1;
}

static void
test_hostile_text(void)
{
	struct out	o;

	render(&o, "<p>Title \x1b]0;PWNED\x07 and \x1b[2J clear "
	    "&#27;[31m &#x9b;1m &#x9d; bell\x07 bad \xff\xfe cut \xe2\x82"
	    "</p><pre>\x1b[1mpre\x1b[0m</pre>", NULL, 40);
	CHECK(clean_output(&o));
	CHECK(strstr(o.all.data, "PWNED") != NULL);	/* inert text stays */
	CHECK(strstr(o.all.data, "\xef\xbf\xbd") != NULL);	/* U+FFFD */
	out_free(&o);
	/* Unclosed and misnested tags. */
	render(&o, "<p><b>bold <i>both</b> italic<p>next <ul><li>x", NULL, 40);
	CHECK(strstr(o.all.data, "bold both italic") != NULL);
	CHECK(strstr(o.all.data, "next") != NULL);
	CHECK(strstr(o.all.data, "x") != NULL);
	CHECK(clean_output(&o));
	out_free(&o);
}

/* Inputs the fuzzer found (tests/fuzz_html.c), each an invariant the
 * renderer broke. */
static void
test_fuzz_found(void)
{
	struct out	 o;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, j;
	int		 k;

	/* A table inside a <pre>: its line breaks are kept, never put
	 * inside a wrapped line. */
	render(&o, "<pre>x<table><tr><td>a\nb</td></tr></table>y</pre>",
	    NULL, 40);
	CHECK(clean_output(&o));
	out_free(&o);
	/* A span over trimmed blanks is dropped, not left reversed. */
	render(&o, "<h>a <b/b</b> <a></p></pre>", NULL, 40);
	for (i = 0; i < o.doc.nblocks; i++)
		for (j = 0; j < o.doc.blocks[i].nspans; j++)
			CHECK(o.doc.blocks[i].spans[j].start <
			    o.doc.blocks[i].spans[j].end &&
			    o.doc.blocks[i].spans[j].end <= o.doc.blocks[i].len);
	out_free(&o);
	/* A long alt text is cut between characters. */
	buf_puts(&b, "<img alt=\"");
	for (k = 0; k < 150; k++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "\">");
	render(&o, b.data, NULL, 80);
	CHECK(clean_output(&o));
	out_free(&o);
	buf_free(&b);
	/* An alt text of nothing but controls. */
	render(&o, "<img alt=\"\x1c\x1b\">", NULL, 80);
	CHECK_STR(block(&o, 0), "[image]");
	out_free(&o);
	/* Deep indentation and a wide character at width 9: the
	 * indentation gives way, the line fits. */
	check_wrap("<ul><li>a<ul><li>b<ul><li>c<ul><li>d<ul><li>"
	    "\xf0\xa0\x87\x8a\xf0\xa0\x87\x8a</li></ul></li></ul></li></ul>"
	    "</li></ul></li></ul>", 9);
}

static void
test_deep_and_huge(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct out	 o;
	const char	*tags[] = { "div", "b", "blockquote", "li" };
	size_t		 t, i;
	clock_t		 c0;

	/* 10,000 levels of each: no crash (the walk has no recursion). */
	for (t = 0; t < 4; t++) {
		buf_clear(&b);
		for (i = 0; i < 10000; i++)
			buf_printf(&b, "<%s>", tags[t]);
		buf_puts(&b, "deep");
		for (i = 0; i < 10000; i++)
			buf_printf(&b, "</%s>", tags[t]);
		render(&o, b.data, NULL, 60);
		CHECK(strstr(o.all.data != NULL ? o.all.data : "", "deep") !=
		    NULL);
		CHECK(clean_output(&o));
		out_free(&o);
	}
	/* A 50 MB page: the first 8 MiB are rendered, the cut is said. */
	buf_clear(&b);
	while (b.len < 50 * 1000 * 1000)
		buf_puts(&b, "<p>Some <b>words</b> in a paragraph.</p>\n");
	c0 = clock();
	render(&o, b.data, NULL, 80);
	CHECK(o.doc.nblocks > 100000);
	CHECK(strstr(o.doc.blocks[o.doc.nblocks - 1].text,
	    "the rest is cut") != NULL);
	fprintf(stderr, "  50 MB page: %zu blocks, %zu lines, %.2f s CPU\n",
	    o.doc.nblocks, o.lines.n, (double)(clock() - c0) / CLOCKS_PER_SEC);
	out_free(&o);
	buf_free(&b);
}

/* Every line fits width (a lone character wider than the line aside),
 * every span lies in its line, and the words come back whole. */
static void
check_wrap(const char *html, int width)
{
	struct out	 o, wide;
	struct buf	 a = { NULL, 0, 0 }, z = { NULL, 0, 0 };
	size_t		 i, j;
	int		 w;

	render(&o, html, NULL, width);
	for (i = 0; i < o.lines.n; i++) {
		const struct html_line *l = &o.lines.v[i];
		uint32_t	cp;

		w = utf8_width(l->text, l->len);
		if (w > width && !(utf8_decode(l->text, l->len, &cp) ==
		    l->len && w == 2 && width == 1)) {
			fprintf(stderr, "  width %d: line \"%s\" is %d wide\n",
			    width, l->text, w);
			check_failures++;
		}
		for (j = 0; j < l->nspans; j++)
			if (l->spans[j].start >= l->spans[j].end ||
			    l->spans[j].end > l->len) {
				fprintf(stderr, "  width %d: bad span %u-%u in "
				    "\"%s\"\n", width, l->spans[j].start,
				    l->spans[j].end, l->text);
				check_failures++;
			}
	}
	/* No text lost: the letters of the paragraphs, without the
	 * markup we add (bars, bullets, spaces), are those at width 1000
	 * (a word cut at the margin only moves to the next line). */
	render(&wide, html, NULL, 1000);
	for (i = 0; i < o.lines.n; i++)
		for (j = 0; j < o.lines.v[i].len; j++)
			if ((unsigned char)o.lines.v[i].text[j] >= 'a' &&
			    (unsigned char)o.lines.v[i].text[j] <= 'z')
				buf_putc(&a, o.lines.v[i].text[j]);
	for (i = 0; i < wide.lines.n; i++)
		for (j = 0; j < wide.lines.v[i].len; j++)
			if ((unsigned char)wide.lines.v[i].text[j] >= 'a' &&
			    (unsigned char)wide.lines.v[i].text[j] <= 'z')
				buf_putc(&z, wide.lines.v[i].text[j]);
	CHECK_STR(a.data, z.data);
	buf_free(&a);
	buf_free(&z);
	out_free(&o);
	out_free(&wide);
}

static void
test_wrap_widths(void)
{
	static const char html[] =
	    "<h1>A heading that is long enough to wrap</h1>"
	    "<p>Words of a paragraph with a <a href=\"http://x.example/a/very"
	    "/long/path/that/will/not/fit\">link</a> and "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaa long word.</p>"
	    "<ul><li>item one<ul><li>nested item two<ol><li>deep three"
	    "</li></ol></li></ul></li></ul>"
	    "<blockquote><blockquote>twice quoted text</blockquote>"
	    "</blockquote><pre>pre line that is long\n\tand tabbed</pre>"
	    "<p>\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97 kanji and "
	    "cafe\xcc\x81 combining</p><hr><table><tr><td>cell one</td>"
	    "<td>cell two</td></tr></table>";
	int	widths[] = { 1, 2, 5, 9, 20, 33, 80 };
	size_t	i;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
		check_wrap(html, widths[i]);
}

int
main(void)
{
	static const struct check_test tests[] = {
		{ "paragraphs_and_whitespace", test_paragraphs_and_whitespace },
		{ "headings_and_inline", test_headings_and_inline },
		{ "lists", test_lists },
		{ "quote_pre_table", test_quote_pre_table },
		{ "images_and_links", test_images_and_links },
		{ "entities_and_dropped", test_entities_and_dropped },
		{ "hostile_text", test_hostile_text },
		{ "fuzz_found", test_fuzz_found },
		{ "deep_and_huge", test_deep_and_huge },
		{ "wrap_widths", test_wrap_widths },
		{ NULL, NULL }
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return check_main(tests);
}
