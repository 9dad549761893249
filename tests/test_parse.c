/*
 * Unit tests for the feed parser: what each format yields, recovery from
 * bad input, and output that does not depend on chunk boundaries.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "date.h"
#include "parse.h"
#include "xmalloc.h"

#define MAXE 16

struct got {
	struct feed_entry e[MAXE];	/* entries, strings taken over */
	size_t	n;
	struct buf dump;		/* everything, as text */
};

static void
dump_str(struct buf *b, const char *k, const char *v)
{
	if (v != NULL)
		buf_printf(b, "%s=%s|", k, v);
}

static void
dump_entry(struct buf *b, const struct feed_entry *e)
{
	char	d[32];
	size_t	i;

	dump_str(b, "title", e->title);
	dump_str(b, "link", e->link);
	dump_str(b, "id", e->id);
	dump_str(b, "summary", e->summary);
	dump_str(b, "content", e->content);
	dump_str(b, "rights", e->rights);
	dump_str(b, "language", e->language);
	if (e->has_published)
		dump_str(b, "published", date_format(e->published, d));
	if (e->has_updated)
		dump_str(b, "updated", date_format(e->updated, d));
	for (i = 0; i < e->nauthors; i++)
		buf_printf(b, "author=%s/%s|", e->authors[i].name ?
		    e->authors[i].name : "", e->authors[i].email ?
		    e->authors[i].email : "");
	for (i = 0; i < e->ncategories; i++)
		dump_str(b, "cat", e->categories[i]);
	for (i = 0; i < e->nlinks; i++)
		buf_printf(b, "link[%s]=%s|", e->links[i].rel, e->links[i].href);
	for (i = 0; i < e->nenclosures; i++)
		buf_printf(b, "encl=%s %lld|", e->enclosures[i].url,
		    e->enclosures[i].length);
	buf_putc(b, '\n');
}

static void
on_entry(void *arg, struct feed_entry *e)
{
	struct got	*g = arg;

	dump_entry(&g->dump, e);
	if (g->n < MAXE) {
		g->e[g->n++] = *e;
		memset(e, 0, sizeof(*e));	/* taken over */
	}
}

static void
got_free(struct got *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++)
		feed_entry_clear(&g->e[i]);
	buf_free(&g->dump);
	memset(g, 0, sizeof(*g));
}

static int via_buffer;	/* parse_doc pushes through parse_buffer */

/* Parse doc in pieces of step bytes (0: whole); returns the parser. */
static struct parse *
parse_doc(const char *doc, size_t len, size_t step, const char *base,
    const char *ctype, struct got *g)
{
	struct parse	*p;
	size_t		 i;

	memset(g, 0, sizeof(*g));
	p = parse_new(base, ctype, on_entry, g);
	if (step == 0)
		step = len ? len : 1;
	for (i = 0; i < len; i += step) {
		size_t	n = len - i < step ? len - i : step;

		if (via_buffer) {
			memcpy(parse_buffer(p, step), doc + i, n);
			parse_push_buffer(p, n, 0);
		} else
			parse_push(p, doc + i, n, 0);
	}
	if (via_buffer) {
		(void)parse_buffer(p, 1);
		parse_push_buffer(p, 0, 1);
	} else
		parse_push(p, NULL, 0, 1);
	dump_entry(&g->dump, parse_feed_info(p));
	buf_printf(&g->dump, "format=%s wf=%d enc=%s\n",
	    feed_format_name(parse_format(p)), parse_wellformed(p),
	    parse_encoding(p));
	return p;
}

/* Does any error message contain s? */
static int
has_error(struct parse *p, const char *s)
{
	const char *const *err;
	size_t	 i, n;

	err = parse_errors(p, &n);
	for (i = 0; i < n; i++)
		if (strstr(err[i], s) != NULL)
			return 1;
	return 0;
}

static const char rss2[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
    "<channel><title>World &amp; more</title><link>http://w.example/</link>\n"
    "<description>News</description><language>en-gb</language>\n"
    "<item><title>Zürich votes</title><link>/2026/zurich</link>\n"
    " <guid isPermaLink=\"false\">tag:w.example,2026:1</guid>\n"
    " <pubDate>Mon, 02 Mar 2026 09:30:00 +0100</pubDate>\n"
    " <dc:creator>Anna Meier</dc:creator><category>Politics</category>\n"
    " <description>&lt;p&gt;Short&lt;/p&gt;</description>\n"
    " <content:encoded><![CDATA[<p>Long <b>text</b></p>]]></content:encoded>\n"
    " <enclosure url=\"http://w.example/a.mp3\" length=\"1234\" type=\"audio/mpeg\"/>\n"
    "</item>\n"
    "<item><title>Second</title><guid>http://w.example/2</guid>\n"
    " <author>ed@w.example (The Editor)</author></item>\n"
    "</channel></rss>\n";

static void
test_rss2_fields(void)
{
	struct got	 g;
	struct parse	*p = parse_doc(rss2, strlen(rss2), 0,
			    "http://w.example/feed.xml", NULL, &g);
	struct feed_entry *f = parse_feed_info(p);
	char		 d[32];

	CHECK_STR(feed_format_name(parse_format(p)), "rss2.0");
	CHECK(parse_wellformed(p));
	CHECK_STR(f->title, "World & more");
	CHECK_STR(f->summary, "News");
	CHECK_STR(f->language, "en-gb");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.e[0].title, "Z\xc3\xbcrich votes");
	CHECK_STR(g.e[0].link, "http://w.example/2026/zurich");
	CHECK_STR(g.e[0].id, "tag:w.example,2026:1");
	CHECK_STR(g.e[0].summary, "<p>Short</p>");
	CHECK_STR(g.e[0].content, "<p>Long <b>text</b></p>");
	CHECK(g.e[0].has_published);
	CHECK_STR(date_format(g.e[0].published, d), "2026-03-02T08:30:00Z");
	CHECK_INT(g.e[0].nauthors, 1);
	CHECK_STR(g.e[0].authors[0].name, "Anna Meier");
	CHECK_INT(g.e[0].ncategories, 1);
	CHECK_INT(g.e[0].nenclosures, 1);
	CHECK_INT(g.e[0].enclosures[0].length, 1234);
	/* A permalink guid is the link when there is none. */
	CHECK_STR(g.e[1].link, "http://w.example/2");
	CHECK_STR(g.e[1].authors[0].name, "The Editor");
	CHECK_STR(g.e[1].authors[0].email, "ed@w.example");
	parse_free(p);
	got_free(&g);
}

static void
test_atom_fields(void)
{
	static const char doc[] =
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://a.example/blog/\">"
	    "<title type=\"text\">A &lt;blog&gt;</title>"
	    "<link rel=\"self\" href=\"feed.atom\"/><link href=\"./\"/>"
	    "<id>urn:uuid:1</id><updated>2026-01-05T10:00:00+02:00</updated>"
	    "<entry><title type=\"html\">&lt;b&gt;Bold&lt;/b&gt;</title>"
	    "<link href=\"posts/1\"/><id>urn:uuid:2</id>"
	    "<published>2026-01-04T10:00:00Z</published>"
	    "<updated>2026-01-05T11:00:00Z</updated>"
	    "<author><name>Bo</name><email>bo@a.example</email><uri>/bo</uri></author>"
	    "<category term=\"c1\" label=\"Cat One\"/>"
	    "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	    "<p>Hi &amp; <a href=\"x\">there</a><br/></p></div></content>"
	    "</entry></feed>";
	struct got	 g;
	struct parse	*p = parse_doc(doc, strlen(doc), 0, NULL, NULL, &g);
	struct feed_entry *f = parse_feed_info(p);
	char		 d[32];

	CHECK_STR(feed_format_name(parse_format(p)), "atom1.0");
	CHECK_STR(f->title, "A <blog>");
	CHECK_STR(f->link, "http://a.example/blog/");
	CHECK_INT(f->nlinks, 2);
	CHECK_STR(f->links[0].href, "http://a.example/blog/feed.atom");
	CHECK_STR(f->links[0].rel, "self");
	CHECK_STR(date_format(f->updated, d), "2026-01-05T08:00:00Z");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.e[0].title, "<b>Bold</b>");
	CHECK_STR(g.e[0].link, "http://a.example/blog/posts/1");
	CHECK_STR(g.e[0].authors[0].uri, "http://a.example/bo");
	CHECK_STR(g.e[0].categories[0], "c1");
	/* XHTML: the wrapping div is gone, markup kept, text escaped. */
	CHECK_STR(g.e[0].content,
	    "<p>Hi &amp; <a href=\"x\">there</a><br /></p>");
	/* An entry with only content still has a summary. */
	CHECK_STR(g.e[0].summary, g.e[0].content);
	parse_free(p);
	got_free(&g);
}

static void
test_rdf_and_versions(void)
{
	static const char rdf[] =
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
	    " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel><title>R</title></channel>"
	    "<item><title>I1</title><dc:date>2026-02-01</dc:date></item>"
	    "<item><title>I2</title></item></rdf:RDF>";
	static const char rss091[] = "<rss version=\"0.91\"><channel>"
	    "<title>Old</title></channel></rss>";
	static const char atom03[] = "<feed version=\"0.3\" "
	    "xmlns=\"http://purl.org/atom/ns#\"><title mode=\"base64\">"
	    "SGVsbG8=</title></feed>";
	struct got	 g;
	struct parse	*p;

	p = parse_doc(rdf, strlen(rdf), 0, NULL, NULL, &g);
	CHECK_STR(feed_format_name(parse_format(p)), "rss1.0");
	CHECK_INT(g.n, 2);
	CHECK(g.e[0].has_updated);
	CHECK_STR(parse_feed_info(p)->title, "R");
	parse_free(p);
	got_free(&g);
	p = parse_doc(rss091, strlen(rss091), 0, NULL, NULL, &g);
	CHECK_STR(feed_format_name(parse_format(p)), "rss0.91");
	parse_free(p);
	got_free(&g);
	p = parse_doc(atom03, strlen(atom03), 0, NULL, NULL, &g);
	CHECK_STR(feed_format_name(parse_format(p)), "atom0.3");
	CHECK_STR(parse_feed_info(p)->title, "Hello");
	parse_free(p);
	got_free(&g);
}

static void
test_chunk_size_invariance(void)
{
	struct got	 whole, part;
	struct parse	*p;
	size_t		 step;

	p = parse_doc(rss2, strlen(rss2), 0, "http://w.example/", NULL, &whole);
	parse_free(p);
	for (step = 1; step <= 64; step++) {
		p = parse_doc(rss2, strlen(rss2), step, "http://w.example/",
		    NULL, &part);
		CHECK_STR(part.dump.data, whole.dump.data);
		parse_free(p);
		got_free(&part);
	}
	got_free(&whole);
}

static void
test_malformed_keeps_earlier_items(void)
{
	static const char doc[] = "<rss><channel><title>T</title>"
	    "<item><title>one</title></item>"
	    "<item><title>two</title></item>"
	    "<item><title>three</ti";	/* truncated */
	struct got	 g;
	struct parse	*p = parse_doc(doc, strlen(doc), 0, NULL, NULL, &g);

	CHECK(!parse_wellformed(p));
	CHECK_INT(g.n, 3);
	CHECK_STR(g.e[1].title, "two");
	CHECK(!g.e[1].truncated);
	CHECK(g.e[2].truncated);		/* "three" was cut off */
	CHECK(has_error(p, "line 1"));
	CHECK(has_error(p, "cut off"));
	parse_free(p);
	got_free(&g);

	/* Not a feed at all. */
	p = parse_doc("<html><body>hi</body></html>", 28, 0, NULL, "text/html",
	    &g);
	CHECK_INT(g.n, 0);
	CHECK(has_error(p, "HTML page"));
	CHECK(has_error(p, "text/html"));
	CHECK_STR(feed_format_name(parse_format(p)), "");
	parse_free(p);
	got_free(&g);

	p = parse_doc("", 0, 0, NULL, NULL, &g);
	CHECK(!parse_wellformed(p));
	CHECK_INT(g.n, 0);
	parse_free(p);
	got_free(&g);
}

static void
test_recovery(void)
{
	/* Undeclared HTML entity, unbound prefix, Latin-1 byte in UTF-8,
	 * an escape sequence in a title, an unparseable date. */
	static const char doc[] = "<rss version=\"2.0\"><channel>"
	    "<title>Caf&eacute; &nbsp;news</title>"
	    "<item><dc:creator>R\xe9mi</dc:creator>"
	    "<title>Bad \x1b]0;owned\x07 title</title>"
	    "<pubDate>yesterday-ish</pubDate></item></channel></rss>";
	struct got	 g;
	struct parse	*p = parse_doc(doc, sizeof(doc) - 1, 3, NULL, NULL, &g);

	CHECK(!parse_wellformed(p));
	CHECK_STR(parse_feed_info(p)->title, "Caf\xc3\xa9 \xc2\xa0news");
	CHECK(has_error(p, "&eacute;"));
	CHECK(has_error(p, "\"dc\" is not declared"));
	CHECK_INT(g.n, 1);
	CHECK_STR(g.e[0].authors[0].name, "R\xc3\xa9mi");
	CHECK(has_error(p, "invalid byte"));
	CHECK_STR(g.e[0].title, "Bad  title");	/* the escape, whole */
	CHECK(has_error(p, "control character"));
	CHECK(!g.e[0].has_published);
	CHECK(has_error(p, "unparseable date"));
	parse_free(p);
	got_free(&g);
}

static void
test_hostile_structure(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct got	 g;
	struct parse	*p;
	int		 i;

	/* 10 000 nested unknown elements inside an item. */
	buf_puts(&b, "<rss><channel><item><title>deep</title>");
	for (i = 0; i < 10000; i++)
		buf_puts(&b, "<x>");
	for (i = 0; i < 10000; i++)
		buf_puts(&b, "</x>");
	buf_puts(&b, "</item></channel></rss>");
	p = parse_doc(b.data, b.len, 4096, NULL, NULL, &g);
	CHECK(parse_wellformed(p));
	CHECK_INT(g.n, 1);
	CHECK_STR(g.e[0].title, "deep");
	parse_free(p);
	got_free(&g);

	/* Entity expansion bombs are refused, not expanded. */
	buf_clear(&b);
	buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">");
	for (i = 1; i < 12; i++)
		buf_printf(&b, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">",
		    'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
	buf_puts(&b, "]><rss><channel><title>&l;</title></channel></rss>");
	p = parse_doc(b.data, b.len, 0, NULL, NULL, &g);
	CHECK(!parse_wellformed(p));
	CHECK(parse_feed_info(p)->title == NULL ||
	    strlen(parse_feed_info(p)->title) < 1000000);
	parse_free(p);
	got_free(&g);
	buf_free(&b);
}

static void
test_encodings(void)
{
	static const char koi[] = "<?xml version=\"1.0\" encoding=\"koi8-r\"?>"
	    "<rss><channel><title>\xd0\xd2\xc9\xd7\xc5\xd4</title></channel></rss>";
	static const char u16[] = "\xff\xfe<\0r\0s\0s\0>\0<\0c\0h\0a\0n\0n\0e\0l\0>\0"
	    "<\0t\0i\0t\0l\0e\0>\0\xac\x20<\0/\0t\0i\0t\0l\0e\0>\0"
	    "<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>\0";
	struct got	 g;
	struct parse	*p;
	size_t		 step;

	for (step = 1; step <= 9; step += 4) {
		p = parse_doc(koi, strlen(koi), step, NULL, NULL, &g);
		CHECK_STR(parse_encoding(p), "koi8-r");
		CHECK_STR(parse_feed_info(p)->title,
		    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
		parse_free(p);
		got_free(&g);
		p = parse_doc(u16, sizeof(u16) - 1, step, NULL, NULL, &g);
		CHECK_STR(parse_encoding(p), "utf-16le");
		CHECK_STR(parse_feed_info(p)->title, "\xe2\x82\xac");
		parse_free(p);
		got_free(&g);
	}
	/* text/xml without charset: us-ascii until proven otherwise. */
	p = parse_doc(koi, strlen(koi), 0, NULL, "text/xml", &g);
	CHECK_STR(parse_encoding(p), "koi8-r");
	CHECK(has_error(p, "not us-ascii"));
	parse_free(p);
	got_free(&g);
}

static void
test_restart_after_rejection(void)
{
	/* Valid UTF-8 goes to expat unchecked; here it rejects the third
	 * entry (a Latin-1 byte, a bare '&', a stray '<'), and the parse
	 * resumes from the end of the second with repairs. */
	static const char doc[] = "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel><title>T</title>"
	    "<item><title>one</title><category>a</category></item>\n"
	    "<item><title>two</title></item>\n"
	    "<item><title>caf\xe9 & bar <3</title><dc:creator>x</dc:creator></item>\n"
	    "<item><title>four &amp; <![CDATA[a & b]]></title></item>\n"
	    "<category>feed-cat</category>"
	    "</channel></rss>";
	struct got	 whole, part;
	struct parse	*p;
	size_t		 step;

	p = parse_doc(doc, sizeof(doc) - 1, 0, NULL, NULL, &whole);
	CHECK_INT(whole.n, 4);		/* nothing delivered twice */
	CHECK_STR(whole.e[0].title, "one");
	CHECK_STR(whole.e[2].title, "caf\xc3\xa9 & bar <3");
	CHECK_STR(whole.e[2].authors[0].name, "x");
	CHECK_STR(whole.e[3].title, "four & a & b");
	CHECK_INT(parse_feed_info(p)->ncategories, 1);
	CHECK(!parse_wellformed(p));
	CHECK(has_error(p, "read again from line 2"));
	CHECK(has_error(p, "bare '&' or '<' escaped"));
	CHECK(has_error(p, "invalid byte"));
	parse_free(p);
	for (step = 1; step <= 40; step++) {
		p = parse_doc(doc, sizeof(doc) - 1, step, NULL, NULL, &part);
		CHECK_STR(part.dump.data, whole.dump.data);
		parse_free(p);
		got_free(&part);
	}
	got_free(&whole);

	/* Found by the fuzzer: the channel closes after the last entry
	 * boundary, then the document is rejected; and a base64 text that
	 * is empty when the document breaks off. */
	p = parse_doc("<rss><channel><item><title>a</title></item></channel>"
	    "\x01</rss>", 60, 7, NULL, NULL, &whole);
	CHECK_INT(whole.n, 1);
	CHECK(!parse_wellformed(p));
	parse_free(p);
	got_free(&whole);
	p = parse_doc("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title "
	    "type=\"image/png\">", 66, 0, NULL, NULL, &whole);
	CHECK(parse_feed_info(p)->title == NULL);
	parse_free(p);
	got_free(&whole);

	/* Found by the fuzzer: a date element the document breaks off in,
	 * before any text was ever read (no buffer yet). */
	p = parse_doc("<rss><channel><pubDate>", 23, 0, NULL, NULL, &whole);
	CHECK_INT(whole.n, 0);
	CHECK(!parse_wellformed(p));
	parse_free(p);
	got_free(&whole);
	p = parse_doc("<rss><channel><pubDate></pubDate><item><title>t</title>"
	    "</item></channel></rss>", 78, 0, NULL, NULL, &whole);
	CHECK_INT(whole.n, 1);
	parse_free(p);
	got_free(&whole);

	/* Rejected before any entry ended: read again from the top. */
	p = parse_doc("<rss><channel><title>A & B</title>"
	    "<item><title>x</title></item></channel></rss>", 75, 0, NULL,
	    NULL, &whole);
	CHECK_STR(parse_feed_info(p)->title, "A & B");
	CHECK_INT(whole.n, 1);
	parse_free(p);
	got_free(&whole);
}

/* parse_buffer + parse_push_buffer (which hand expat's own buffer out
 * once the document is trusted UTF-8) give what parse_push gives, also
 * across a restart and in other encodings. */
static void
test_push_buffer(void)
{
	static const char *const docs[] = {
	    rss2,
	    "<rss><channel><title>T</title>"
	    "<item><title>one</title><category>a</category></item>\n"
	    "<item><title>two</title></item>\n"
	    "<item><title>caf\xe9 & bar <3</title></item>\n"
	    "<item><title>four &amp; <![CDATA[a & b]]></title></item>\n"
	    "</channel></rss>",
	    "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel>"
	    "<item><title>caf\xe9</title></item></channel></rss>",
	    "<rss><channel><item><title>cut",
	};
	struct got	 want, got;
	struct parse	*p;
	size_t		 d, step, len;

	for (d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		len = strlen(docs[d]);
		p = parse_doc(docs[d], len, 0, NULL, NULL, &want);
		parse_free(p);
		via_buffer = 1;
		for (step = 0; step <= 40; step++) {
			p = parse_doc(docs[d], len, step, NULL, NULL, &got);
			CHECK_STR(got.dump.data, want.dump.data);
			parse_free(p);
			got_free(&got);
		}
		via_buffer = 0;
		got_free(&want);
	}
	/* The final push may carry data too. */
	memset(&got, 0, sizeof(got));
	p = parse_new(NULL, NULL, on_entry, &got);
	len = strlen(rss2);
	memcpy(parse_buffer(p, 100), rss2, 100);
	parse_push_buffer(p, 100, 0);
	memcpy(parse_buffer(p, len), rss2 + 100, len - 100);
	CHECK_INT(parse_push_buffer(p, len - 100, 1), 0);
	CHECK_INT(got.n, 2);
	CHECK(parse_wellformed(p));
	parse_free(p);
	got_free(&got);
}

/*
 * A C1 control (U+0092 here) is windows-1252 punctuation, wherever it is
 * in a text of any length: the parser looks for it while it copies the
 * text, with different code for 1, 2 to 7, 8 to 16, 17 to 63 and 64 and
 * more bytes, and for the last bytes of a long text.  A no-break space
 * (also C2 ...) stays as it is.  The length the entry carries for the
 * text (what `tidings parse` writes it with) is the text's.
 */
static void
test_c1_every_length(void)
{
	struct buf	 doc = { NULL, 0, 0 }, text = { NULL, 0, 0 };
	struct buf	 want = { NULL, 0, 0 };
	size_t		 n, at, bad = 0, badlen = 0;
	int		 kind;

	for (n = 2; n <= 100; n++)
		for (at = 0; at + 2 <= n; at += (n < 20 ? 1 : 7))
			for (kind = 0; kind < 2; kind++) {
				struct got	 g;
				struct parse	*p;
				size_t		 i;

				buf_clear(&text);
				buf_clear(&want);
				for (i = 0; i < n; i++) {
					if (i == at) {
						buf_puts(&text, kind ?
						    "\xc2\x92" : "\xc2\xa0");
						buf_puts(&want, kind ?
						    "\xe2\x80\x99" : "\xc2\xa0");
						i++;
						continue;
					}
					buf_putc(&text, (char)('a' + i % 26));
					buf_putc(&want, (char)('a' + i % 26));
				}
				buf_clear(&doc);
				buf_printf(&doc, "<rss version=\"2.0\"><channel>"
				    "<item><title>%s</title></item>"
				    "</channel></rss>", text.data);
				p = parse_doc(doc.data, doc.len, 0, NULL, NULL,
				    &g);
				if (g.n != 1 || g.e[0].title == NULL ||
				    strcmp(g.e[0].title, want.data) != 0)
					bad++;
				else if (feed_len(&g.e[0], FEED_TITLE,
				    g.e[0].title) != strlen(g.e[0].title))
					badlen++;
				parse_free(p);
				got_free(&g);
			}
	CHECK_INT(bad, 0);
	CHECK_INT(badlen, 0);
	buf_free(&doc);
	buf_free(&text);
	buf_free(&want);
}

/* The lengths an entry carries are those of its texts, in every field
 * and at every chunk size. */
static void
test_field_lengths(void)
{
	static const enum feed_field f[] = { FEED_TITLE, FEED_SUMMARY,
	    FEED_CONTENT, FEED_LINK, FEED_ID };
	struct got	 g;
	struct parse	*p;
	size_t		 step, i, k, bad = 0, known = 0;

	for (step = 1; step <= 64; step *= 4) {
		p = parse_doc(rss2, sizeof(rss2) - 1, step, "http://w.example/",
		    NULL, &g);
		for (i = 0; i < g.n; i++)
			for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
				char *const v[] = { g.e[i].title,
				    g.e[i].summary, g.e[i].content,
				    g.e[i].link, g.e[i].id };

				if (v[k] == NULL)
					continue;
				if (g.e[i].len[f[k]] != 0)
					known++;
				if (feed_len(&g.e[i], f[k], v[k]) !=
				    strlen(v[k]))
					bad++;
			}
		parse_free(p);
		got_free(&g);
	}
	CHECK_INT(bad, 0);
	CHECK(known > 0);
}

static const struct check_test tests[] = {
	{ "rss2_fields", test_rss2_fields },
	{ "atom_fields", test_atom_fields },
	{ "rdf_and_versions", test_rdf_and_versions },
	{ "chunk_size_invariance", test_chunk_size_invariance },
	{ "malformed_keeps_earlier_items", test_malformed_keeps_earlier_items },
	{ "recovery", test_recovery },
	{ "hostile_structure", test_hostile_structure },
	{ "encodings", test_encodings },
	{ "restart_after_rejection", test_restart_after_rejection },
	{ "push_buffer", test_push_buffer },
	{ "c1_every_length", test_c1_every_length },
	{ "field_lengths", test_field_lengths },
	{ NULL, NULL }
};

int
main(void)
{
	return check_main(tests);
}
