/*
 * Unit tests for opml (reading the exports of other readers, writing OPML
 * 2.0, the round trip between the two) and discover (feed links in web
 * pages, telling a feed from a page).  Every input is copied into a buffer
 * of exactly its length, without a NUL, so that ASan sees a read past it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "discover.h"
#include "opml.h"
#include "subs.h"
#include "xmalloc.h"

/* Returns an allocated copy of the n bytes at s with nothing after them;
 * caller frees. */
static char *
exact(const char *s, size_t n)
{
	char	*p = xmalloc(n ? n : 1);

	memcpy(p, s, n);
	return p;
}

/* opml_parse on the string doc, read from a buffer of its length. */
static int
parse(const char *doc, struct subs *s, char **cause)
{
	size_t	 n = strlen(doc);
	char	*p = exact(doc, n);
	int	 rc;

	*cause = NULL;
	rc = opml_parse(p, n, s, cause);
	free(p);
	return rc;
}

/* Returns sub's tags joined with '|' (an allocated string; caller
 * frees), so that a test compares them in one CHECK_STR. */
static char *
tags(const struct sub *sub)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	for (i = 0; i < sub->ntags; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", sub->tags[i]);
	return b.data ? buf_steal(&b) : xstrdup("");
}

#define CHECK_TAGS(sub, want) do {					\
	char *t_ = tags(sub);						\
	CHECK_STR(t_, want);						\
	free(t_);							\
} while (0)

/* Returns 1 when a and b hold the same subs, in the same order. */
static int
subs_equal(const struct subs *a, const struct subs *b)
{
	size_t	i, j;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		const struct sub *x = &a->v[i], *y = &b->v[i];

		if (strcmp(x->url, y->url) != 0 ||
		    (x->title == NULL) != (y->title == NULL) ||
		    (x->title != NULL && strcmp(x->title, y->title) != 0) ||
		    x->ntags != y->ntags)
			return 0;
		for (j = 0; j < x->ntags; j++)
			if (strcmp(x->tags[j], y->tags[j]) != 0)
				return 0;
	}
	return 1;
}

/* Append a sub to s: url, title (NULL: none) and tags given as one
 * string separated by '|' (NULL: none; "a||b" has an empty tag). */
static void
add(struct subs *s, const char *url, const char *title, const char *tagv)
{
	struct sub	*sub;
	const char	*p, *q;

	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	sub = &s->v[s->n++];
	memset(sub, 0, sizeof(*sub));
	sub->url = xstrdup(url);
	sub->title = title ? xstrdup(title) : NULL;
	for (p = tagv; p != NULL; p = *q ? q + 1 : NULL) {
		q = p + strcspn(p, "|");
		sub->tags = xreallocarray(sub->tags, sub->ntags + 1,
		    sizeof(char *));
		sub->tags[sub->ntags++] = xstrndup(p, (size_t)(q - p));
	}
}

/* Write s, read the result back, and check that nothing changed. */
static void
check_round_trip(const struct subs *s)
{
	struct subs	 back;
	char		*doc, *cause = NULL;

	doc = opml_write(s, "round trip", 0);
	CHECK_INT(parse(doc, &back, &cause), 0);
	CHECK_STR(cause, NULL);
	CHECK(subs_equal(s, &back));
	if (!subs_equal(s, &back))
		fprintf(stderr, "    the document was:\n%s", doc);
	subs_free(&back);
	free(doc);
	free(cause);
}

/* newsboat's export: OPML 1.0, flat, no folders; tags (newer versions)
 * in category; an empty title. */
static void
test_opml_newsboat(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\"?>\n"
	    "<opml version=\"1.0\">\n"
	    "\t<head>\n"
	    "\t\t<title>newsboat - Exported Feeds</title>\n"
	    "\t</head>\n"
	    "\t<body>\n"
	    "\t\t<outline type=\"rss\" xmlUrl=\"https://lwn.net/headlines/rss\""
	    " htmlUrl=\"https://lwn.net\" title=\"LWN.net\""
	    " category=\"linux,news\"/>\n"
	    "\t\t<outline type=\"rss\" xmlUrl=\"https://blog.example.org/feed.xml\""
	    " htmlUrl=\"\" title=\"\"/>\n"
	    "\t</body>\n"
	    "</opml>\n";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 2);
	if (s.n == 2) {
		CHECK_STR(s.v[0].url, "https://lwn.net/headlines/rss");
		CHECK_STR(s.v[0].title, "LWN.net");
		CHECK_TAGS(&s.v[0], "linux|news");
		CHECK_STR(s.v[1].url, "https://blog.example.org/feed.xml");
		CHECK_STR(s.v[1].title, NULL);
		CHECK_INT(s.v[1].ntags, 0);
	}
	check_round_trip(&s);
	subs_free(&s);
}

/* Feedly: folders as outlines with text and title; a feed in two folders
 * is listed twice. */
static void
test_opml_feedly(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"1.0\">\n"
	    "  <head>\n"
	    "    <title>Jane subscriptions in feedly Cloud</title>\n"
	    "  </head>\n"
	    "  <body>\n"
	    "    <outline text=\"Tech\" title=\"Tech\">\n"
	    "      <outline type=\"rss\" text=\"Ars Technica\" title=\"Ars Technica\""
	    " xmlUrl=\"https://feeds.arstechnica.com/arstechnica/index\""
	    " htmlUrl=\"https://arstechnica.com\"/>\n"
	    "      <outline type=\"rss\" text=\"The Verge\" title=\"The Verge\""
	    " xmlUrl=\"https://www.theverge.com/rss/index.xml\""
	    " htmlUrl=\"https://www.theverge.com/\"/>\n"
	    "    </outline>\n"
	    "    <outline text=\"News\" title=\"News\">\n"
	    "      <outline type=\"rss\" text=\"Ars (again)\" title=\"Ars (again)\""
	    " xmlUrl=\"https://feeds.arstechnica.com/arstechnica/index\""
	    " htmlUrl=\"https://arstechnica.com\"/>\n"
	    "      <outline type=\"rss\" text=\"Fish &amp; Chips &lt;Daily&gt;\""
	    " title=\"Fish &amp; Chips &lt;Daily&gt;\""
	    " xmlUrl=\"https://fish.example/rss?a=1&amp;b=2\""
	    " htmlUrl=\"https://fish.example/\"/>\n"
	    "    </outline>\n"
	    "  </body>\n"
	    "</opml>\n";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 3);
	if (s.n == 3) {
		/* The first outline's title wins, the tags are merged. */
		CHECK_STR(s.v[0].title, "Ars Technica");
		CHECK_TAGS(&s.v[0], "Tech|News");
		CHECK_STR(s.v[1].title, "The Verge");
		CHECK_TAGS(&s.v[1], "Tech");
		CHECK_STR(s.v[2].url, "https://fish.example/rss?a=1&b=2");
		CHECK_STR(s.v[2].title, "Fish & Chips <Daily>");
		CHECK_TAGS(&s.v[2], "News");
	}
	check_round_trip(&s);
	subs_free(&s);
}

/* Inoreader: folders with text only, feeds outside any folder, and
 * whitespace around values. */
static void
test_opml_inoreader(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"1.0\">\n"
	    "    <head>\n"
	    "        <title>Subscriptions of Jane from Inoreader [https://www.inoreader.com]</title>\n"
	    "    </head>\n"
	    "    <body>\n"
	    "        <outline text=\"  Science  \">\n"
	    "            <outline text=\"Quanta\" title=\"  Quanta Magazine \""
	    " type=\"rss\" xmlUrl=\"  https://www.quantamagazine.org/feed/ \""
	    " htmlUrl=\"https://www.quantamagazine.org\"/>\n"
	    "        </outline>\n"
	    "        <outline text=\"Loose feed\" title=\"\" type=\"rss\""
	    " xmlUrl=\"https://loose.example/atom\" htmlUrl=\"https://loose.example/\"/>\n"
	    "    </body>\n"
	    "</opml>\n";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 2);
	if (s.n == 2) {
		CHECK_STR(s.v[0].url, "https://www.quantamagazine.org/feed/");
		CHECK_STR(s.v[0].title, "Quanta Magazine");
		CHECK_TAGS(&s.v[0], "Science");
		/* An empty title falls back to text. */
		CHECK_STR(s.v[1].title, "Loose feed");
		CHECK_INT(s.v[1].ntags, 0);
	}
	check_round_trip(&s);
	subs_free(&s);
}

/* NetNewsWire: OPML 1.1, a comment before the root, folders in folders,
 * character references. */
static void
test_opml_netnewswire(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- OPML generated by NetNewsWire -->\n"
	    "<opml version=\"1.1\">\n"
	    "\t<head>\n"
	    "\t\t<title>Subscriptions-iCloud.opml</title>\n"
	    "\t</head>\n"
	    "<body>\n"
	    "<outline text=\"Apple\" title=\"Apple\">\n"
	    "\t<outline text=\"Blogs\" title=\"Blogs\">\n"
	    "\t\t<outline text=\"Daring Fireball\" title=\"Daring Fireball\""
	    " description=\"\" type=\"rss\" version=\"RSS\""
	    " htmlUrl=\"https://daringfireball.net/\""
	    " xmlUrl=\"https://daringfireball.net/feeds/main\"/>\n"
	    "\t\t</outline>\n"
	    "\t<outline text=\"Caf&#233; &#x2615;\" title=\"Caf&#233; &#x2615;\""
	    " description=\"\" type=\"rss\" version=\"RSS\""
	    " htmlUrl=\"https://cafe.example/\""
	    " xmlUrl=\"https://cafe.example/feed.json\"/>\n"
	    "\t</outline>\n"
	    "</body>\n"
	    "</opml>\n";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 2);
	if (s.n == 2) {
		CHECK_STR(s.v[0].title, "Daring Fireball");
		CHECK_TAGS(&s.v[0], "Apple|Blogs");
		CHECK_STR(s.v[1].title, "Caf\xc3\xa9 \xe2\x98\x95");
		CHECK_TAGS(&s.v[1], "Apple");
	}
	check_round_trip(&s);
	subs_free(&s);
}

/* Thunderbird: OPML 1.0 with its own namespace attributes, folders with
 * a title and no text, a feed with a title only. */
static void
test_opml_thunderbird(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"1.0\" xmlns:fz=\"urn:forumzilla:\">\n"
	    "  <head>\n"
	    "    <title>Thunderbird OPML Export - Blogs &amp; News Feeds</title>\n"
	    "    <dateCreated>Tue, 05 Mar 2024 10:11:12 GMT</dateCreated>\n"
	    "  </head>\n"
	    "  <body>\n"
	    "    <outline title=\"Kernel\">\n"
	    "      <outline type=\"rss\" title=\"Kernel Planet\" version=\"RSS\""
	    " fz:quickMode=\"false\" fz:options=\"{&quot;version&quot;:2}\""
	    " xmlUrl=\"https://planet.kernel.org/rss20.xml\""
	    " htmlUrl=\"https://planet.kernel.org/\"/>\n"
	    "    </outline>\n"
	    "  </body>\n"
	    "</opml>\n";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 1);
	if (s.n == 1) {
		CHECK_STR(s.v[0].url, "https://planet.kernel.org/rss20.xml");
		CHECK_STR(s.v[0].title, "Kernel Planet");
		CHECK_TAGS(&s.v[0], "Kernel");
	}
	check_round_trip(&s);
	subs_free(&s);
}

/* category: comma separated, each a slash path giving every component;
 * merged with the folders and without repeats. */
static void
test_opml_category(void)
{
	const char	*doc =
	    "<opml version=\"2.0\"><body>"
	    "<outline text=\"Tech\">"
	    "<outline text=\"a\" xmlUrl=\"http://a.example/\""
	    " category=\"/Tech/News, Science ,,/,Linux/\"/>"
	    "</outline>"
	    "<outline text=\"b\" xmlUrl=\"http://b.example/\""
	    " category=\"/Boston/Weather\"/>"
	    "</body></opml>";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 2);
	if (s.n == 2) {
		CHECK_TAGS(&s.v[0], "Tech|News|Science|Linux");
		CHECK_TAGS(&s.v[1], "Boston|Weather");
	}
	subs_free(&s);
}

/* A feed keeps at most 256 tags, the first ones. */
static void
test_opml_many_tags(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct subs	 s;
	char		*cause;
	int		 i;

	buf_puts(&b, "<opml><body><outline xmlUrl=\"http://a/\" category=\"");
	for (i = 0; i < 300; i++)
		buf_printf(&b, "%st%d", i ? "," : "", i);
	buf_puts(&b, "\"/></body></opml>");
	CHECK_INT(parse(b.data, &s, &cause), 0);
	CHECK_INT(s.n, 1);
	if (s.n == 1) {
		CHECK_INT(s.v[0].ntags, 256);
		CHECK_STR(s.v[0].tags[0], "t0");
		CHECK_STR(s.v[0].tags[255], "t255");
	}
	subs_free(&s);
	buf_free(&b);
}

/* What counts as a feed: xmlUrl in any case, a feed type's url; not a
 * link's url or an empty xmlUrl (those are folders, or nothing). */
static void
test_opml_which_outlines(void)
{
	const char	*doc =
	    "<opml version=\"1.0\"><head><title>t</title></head><body>\n"
	    "<outline text=\"lower\" xmlurl=\"http://lower.example/\"/>\n"
	    "<outline text=\"old\" type=\"RSS\" url=\"http://old.example/rss\"/>\n"
	    "<outline text=\"page\" type=\"link\" url=\"http://page.example/\"/>\n"
	    "<outline text=\"Empty\" xmlUrl=\"  \">\n"
	    "  <outline text=\"inner\" xmlUrl=\"http://inner.example/\"/>\n"
	    "</outline>\n"
	    "<outline text=\"URL\" title=\"http://same.example/\""
	    " xmlUrl=\"http://same.example/\"/>\n"
	    "<outline text=\"wrapped\" xmlUrl=\"http://w.example/a&#10;b c\t\"/>\n"
	    "<outline title=\"Two&#10;  lines&#9;here\" xmlUrl=\"http://t.example/\"/>\n"
	    "</body></opml>";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 6);
	if (s.n == 6) {
		CHECK_STR(s.v[0].url, "http://lower.example/");
		CHECK_STR(s.v[1].url, "http://old.example/rss");
		CHECK_STR(s.v[2].url, "http://inner.example/");
		CHECK_TAGS(&s.v[2], "Empty");
		/* A title that only repeats the URL is no title. */
		CHECK_STR(s.v[3].title, NULL);
		/* Newlines and tabs in a URL go, inner spaces are escaped. */
		CHECK_STR(s.v[4].url, "http://w.example/ab%20c");
		CHECK_STR(s.v[5].title, "Two lines here");
	}
	subs_free(&s);
}

/* Encodings: a BOM, windows-1252 (which expat does not know), stray
 * Latin-1 bytes in a document that says UTF-8. */
static void
test_opml_encodings(void)
{
	const char	*docs[] = {
		"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<opml><body><outline text=\"Caf\xc3\xa9\" xmlUrl=\"http://a/\"/>"
		"</body></opml>",
		"<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
		"<opml><body><outline text=\"Caf\xe9\" xmlUrl=\"http://a/\"/>"
		"</body></opml>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<opml><body><outline text=\"Caf\xe9\" xmlUrl=\"http://a/\"/>"
		"</body></opml>",
	};
	struct subs	 s;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		CHECK_INT(parse(docs[i], &s, &cause), 0);
		CHECK_INT(s.n, 1);
		if (s.n == 1)
			CHECK_STR(s.v[0].title, "Caf\xc3\xa9");
		subs_free(&s);
		free(cause);
	}
}

/* Refused: not OPML, not XML, nothing; s is empty afterwards even when
 * feeds were read before the error, and the line counts from the top of
 * the file even with blank lines before the declaration. */
static void
test_opml_errors(void)
{
	static const struct { const char *doc, *cause; } cases[] = {
		{ "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
		  "not an OPML document" },
		{ "<!DOCTYPE html><html><head><title>x</title></head>"
		  "<body><p>unclosed<br></body></html>",
		  "not an OPML document" },
		{ "<opml>\n<body>\n<outline xmlUrl=\"http://a/\">\n</body>\n",
		  "line 4: mismatched tag" },
		{ "", "line 1: no element found" },
		{ "\n\n<?xml version=\"1.0\"?>\n<opml>\n<body>\n</opml>\n",
		  "line 6: mismatched tag" },
		{ "<opml><body><outline text=\"&eacute;\" xmlUrl=\"http://a/\"/>"
		  "</body></opml>", "line 1: undefined entity" },
	};
	struct subs	 s;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s.n = 99;
		CHECK_INT(parse(cases[i].doc, &s, &cause), -1);
		CHECK_STR(cause, cases[i].cause);
		CHECK_INT(s.n, 0);
		CHECK(s.v == NULL);
		subs_free(&s);		/* harmless on an empty s */
		free(cause);
	}
}

/* Returns an OPML document whose elements nest depth deep (opml and body
 * count), with a feed in the innermost; caller frees. */
static char *
nested(int depth)
{
	struct buf	b = { NULL, 0, 0 };
	int		i;

	buf_puts(&b, "<opml><body>");
	for (i = 2; i < depth - 1; i++)
		buf_printf(&b, "<outline text=\"f%d\">", i);
	buf_puts(&b, "<outline xmlUrl=\"http://deep/\"/>");
	for (i = 2; i < depth - 1; i++)
		buf_puts(&b, "</outline>");
	buf_puts(&b, "</body></opml>");
	return buf_steal(&b);
}

/* 100 elements deep reads; 101 is refused. */
static void
test_opml_depth(void)
{
	struct subs	 s;
	char		*doc, *cause;

	doc = nested(100);
	CHECK_INT(parse(doc, &s, &cause), 0);
	CHECK_INT(s.n, 1);
	if (s.n == 1) {
		CHECK_INT(s.v[0].ntags, 97);
		CHECK_STR(s.v[0].tags[96], "f98");
	}
	subs_free(&s);
	free(doc);

	doc = nested(101);
	CHECK_INT(parse(doc, &s, &cause), -1);
	CHECK_STR(cause, "line 1: elements nested deeper than 100");
	CHECK_INT(s.n, 0);
	free(cause);
	free(doc);
}

/* The billion laughs: expat stops the expansion, we report it. */
static void
test_opml_billion_laughs(void)
{
	const char	*doc =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE opml [\n"
	    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
	    " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
	    " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
	    "]>\n"
	    "<opml><body><outline title=\"&i;\" xmlUrl=\"http://a/\"/>"
	    "</body></opml>";
	struct subs	 s;
	char		*cause;

	CHECK_INT(parse(doc, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "amplification") != NULL);
	CHECK_INT(s.n, 0);
	free(cause);
}

/* The written document, byte for byte: escaping, the date, tags. */
static void
test_opml_write(void)
{
	struct subs	 s = { NULL, 0 };
	char		*doc;

	add(&s, "http://a.example/?x=1&y=\"2\"", "A & B <\"c\">\ttab\nnl\x01"
	    "\xc2\x85" "bad\xff" "caf\xc3\xa9 \xef\xbf\xbe" "end",
	    "one||two & three");
	add(&s, "http://b.example/feed", NULL, NULL);	/* title: the URL */
	add(&s, "", "nothing", NULL);			/* no URL: left out */
	doc = opml_write(&s, "My <feeds>", 1136214245);
	CHECK_STR(doc,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <title>My &lt;feeds&gt;</title>\n"
	    "    <dateCreated>Mon, 02 Jan 2006 15:04:05 GMT</dateCreated>\n"
	    "  </head>\n"
	    "  <body>\n"
	    "    <outline type=\"rss\""
	    " text=\"A &amp; B &lt;&quot;c&quot;&gt;&#9;tab&#10;nlbadcaf\xc3\xa9 end\""
	    " title=\"A &amp; B &lt;&quot;c&quot;&gt;&#9;tab&#10;nlbadcaf\xc3\xa9 end\""
	    " xmlUrl=\"http://a.example/?x=1&amp;y=&quot;2&quot;\""
	    " category=\"one,two &amp; three\"/>\n"
	    "    <outline type=\"rss\" text=\"http://b.example/feed\""
	    " title=\"http://b.example/feed\" xmlUrl=\"http://b.example/feed\"/>\n"
	    "  </body>\n"
	    "</opml>\n");
	free(doc);
	subs_free(&s);

	/* No title, an empty list. */
	doc = opml_write(&s, NULL, 0);
	CHECK_STR(doc,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <dateCreated>Thu, 01 Jan 1970 00:00:00 GMT</dateCreated>\n"
	    "  </head>\n"
	    "  <body>\n"
	    "  </body>\n"
	    "</opml>\n");
	free(doc);
}

/* What tidings writes, it reads back the same: titles, no title, tags,
 * text that needs escaping, non-ASCII. */
static void
test_opml_round_trip(void)
{
	struct subs	 s = { NULL, 0 }, back;
	char		*doc, *cause;

	add(&s, "https://a.example/feed.xml", "The \"A\" Feed & more",
	    "news|long tag|\xc3\xbc" "ber");
	add(&s, "https://b.example/?q=1&r=<2>", NULL, "a&b|<x>");
	add(&s, "file:///tmp/x.xml", "\xe6\x97\xa5\xe6\x9c\xac", NULL);
	add(&s, "http://c.example/", "'single' quotes", NULL);
	check_round_trip(&s);
	subs_free(&s);

	/* A tag with ',' or '/' comes back split, as documented. */
	add(&s, "http://d.example/", NULL, "a,b/c");
	doc = opml_write(&s, NULL, 0);
	CHECK_INT(parse(doc, &back, &cause), 0);
	CHECK_INT(back.n, 1);
	if (back.n == 1)
		CHECK_TAGS(&back.v[0], "a|b|c");
	subs_free(&back);
	subs_free(&s);
	free(doc);
}

/* ---- discover ------------------------------------------------------- */

/* discover_feeds on the string html, from a buffer of its length;
 * returns the URLs joined with '|' (caller frees). */
static char *
feeds(const char *html, const char *base)
{
	struct buf	 b = { NULL, 0, 0 };
	static char	*poison[1];
	size_t		 n = strlen(html), i, k;
	char		*p = exact(html, n), **urls = poison;

	k = discover_feeds(p, n, base, &urls);
	if (k == 0)
		CHECK(urls == NULL);
	for (i = 0; i < k; i++) {
		buf_printf(&b, "%s%s", i ? "|" : "", urls[i]);
		free(urls[i]);
	}
	free(urls);
	free(p);
	return b.data ? buf_steal(&b) : xstrdup("");
}

#define CHECK_FEEDS(html, base, want) do {				\
	char *f_ = feeds(html, base);					\
	CHECK_STR(f_, want);						\
	free(f_);							\
} while (0)

#define PAGE	"https://www.example.com/blog/post.html"

static void
test_discover_quotes_and_case(void)
{
	CHECK_FEEDS("<html><head>"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\">"
	    "<link rel='alternate' type='application/atom+xml' href='atom.xml'>"
	    "<link rel=alternate type=application/rss+xml href=/comments/feed/>"
	    "<LINK REL=\"Alternate\" TYPE=\"Application/RSS+XML\" HREF=\"upper.xml\"/>"
	    "<link\n\trel = \"alternate\"\n\ttype = \"application/rss+xml; charset=utf-8\"\n"
	    "\thref = \"  spaced.xml  \" >"
	    "</head></html>", PAGE,
	    "https://www.example.com/rss.xml|"
	    "https://www.example.com/blog/atom.xml|"
	    "https://www.example.com/comments/feed/|"
	    "https://www.example.com/blog/upper.xml|"
	    "https://www.example.com/blog/spaced.xml");
}

static void
test_discover_rel_and_type(void)
{
	CHECK_FEEDS("<head>"
	    "<link rel=\"alternate feed\" type=\"application/rss+xml\" href=\"/a\">"
	    "<link rel=\"  home   ALTERNATE \" type=\"application/atom+xml\" href=\"/b\">"
	    "<link rel=\"stylesheet\" type=\"application/rss+xml\" href=\"/c\">"
	    "<link rel=\"alternates\" type=\"application/rss+xml\" href=\"/d\">"
	    "<link rel=\"alternate\" href=\"/no-type\">"
	    "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
	    "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/json\">"
	    "<link type=\"application/rss+xml\" href=\"/no-rel\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\">"
	    "<a rel=\"alternate\" type=\"application/rss+xml\" href=\"/anchor\">x</a>"
	    "</head>", PAGE,
	    "https://www.example.com/a|https://www.example.com/b");
}

/* Atom and RSS before RDF, page order otherwise, a URL once. */
static void
test_discover_order_and_duplicates(void)
{
	CHECK_FEEDS("<head>"
	    "<link rel=alternate type=application/rdf+xml href=/index.rdf>"
	    "<link rel=alternate type=application/rss+xml href=/rss>"
	    "<link rel=alternate type=application/atom+xml href=/atom>"
	    "<link rel=alternate type=application/rss+xml"
	    " href=https://www.example.com/rss>"
	    "<link rel=alternate type=application/atom+xml href=../atom>"
	    "<link rel=alternate type=application/atom+xml href=/rss>"
	    "</head>", PAGE,
	    "https://www.example.com/rss|https://www.example.com/atom|"
	    "https://www.example.com/index.rdf");
}

/* <base href> resolves every link, those before it too; it is itself
 * resolved against the page; only the first counts. */
static void
test_discover_base(void)
{
	CHECK_FEEDS("<head>"
	    "<link rel=alternate type=application/rss+xml href=feed.xml>"
	    "<base href=\"/other/dir/\">"
	    "<base href=\"https://ignored.example/\">"
	    "<link rel=alternate type=application/atom+xml href=../atom.xml>"
	    "</head>", PAGE,
	    "https://www.example.com/other/dir/feed.xml|"
	    "https://www.example.com/other/atom.xml");
	CHECK_FEEDS("<base target=_blank><base href=\"https://cdn.example.net/\">"
	    "<link rel=alternate type=application/rss+xml href=feed>", PAGE,
	    "https://cdn.example.net/feed");
	/* Without a base a relative href is left as written. */
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml href=feed>",
	    NULL, "feed");
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml "
	    "href=http://abs.example/f>", NULL, "http://abs.example/f");
}

static void
test_discover_entities(void)
{
	CHECK_FEEDS("<link rel=\"alternate\" type=\"application/rss+xml\""
	    " href=\"/feed?a=1&amp;b=2&#38;c=3&#x26;d=&quot;4&quot;\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\""
	    " href=\"/q?x=1&copy=2&amp\">"
	    "<link rel=\"alternate\" type=\"application/rss+xml\""
	    " href=\"/t?&nosuch;&#0;&#x110000;&#99999999999999999999;\">"
	    "<link rel=\"alternate\" type=\"application/rss&#43;xml\""
	    " href=\"/caf&eacute;\">", PAGE,
	    "https://www.example.com/feed?a=1&b=2&c=3&d=\"4\"|"
	    "https://www.example.com/q?x=1&copy=2&|"
	    "https://www.example.com/t?&nosuch;%ef%bf%bd%ef%bf%bd%ef%bf%bd|"
	    "https://www.example.com/caf%c3%a9");
}

/* Links in comments, scripts, styles and titles are not links. */
static void
test_discover_skipped_text(void)
{
	CHECK_FEEDS("<head>"
	    "<!-- <link rel=alternate type=application/rss+xml href=/c1> -->"
	    "<!--><link rel=alternate type=application/rss+xml href=/after-empty-comment>"
	    "<script>var s = '<link rel=\"alternate\" type=\"application/rss+xml\""
	    " href=\"/s\">'; if (a</b) {}</script >"
	    "<style>/* <link rel=alternate type=application/rss+xml href=/st> */</style>"
	    "<title>About <link rel=alternate type=application/rss+xml href=/t></title>"
	    "<SCRIPT type=\"text/javascript\"><!-- </scripty> "
	    "<link rel=alternate type=application/rss+xml href=/s2></SCRIPT>"
	    "<link rel=alternate type=application/rss+xml href=/real>"
	    "</head>", PAGE,
	    "https://www.example.com/after-empty-comment|"
	    "https://www.example.com/real");
	CHECK_FEEDS("<p>no feeds here</p>", PAGE, "");
	CHECK_FEEDS("", PAGE, "");
}

/* Broken pages: what can be read is; nothing runs past the end. */
static void
test_discover_broken(void)
{
	/* A '>' inside a quoted value, stray '<', unclosed elements, a
	 * link in <body>. */
	CHECK_FEEDS("<html><head><meta content=\"a > b\" name=x>"
	    "<p>1 < 2 <<>> </ > <3 <!doctype html>"
	    "<div><span></head><body><p>"
	    "<link rel=alternate type=application/atom+xml href=/in-body>",
	    PAGE, "https://www.example.com/in-body");
	/* The page ends inside a tag, a value, a comment, a script. */
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml href=/cut",
	    PAGE, "https://www.example.com/cut");
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml href=\"/cut",
	    PAGE, "https://www.example.com/cut");
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml href=", PAGE,
	    "");
	CHECK_FEEDS("<link rel=alternate type=application/rss+xml href=/x>"
	    "<!-- <link", PAGE, "https://www.example.com/x");
	CHECK_FEEDS("<script><link rel=alternate type=application/rss+xml "
	    "href=/x>", PAGE, "");
	CHECK_FEEDS("<", PAGE, "");
	CHECK_FEEDS("<l", PAGE, "");
	CHECK_FEEDS("<link", PAGE, "");
	CHECK_FEEDS("<!--", PAGE, "");
	CHECK_FEEDS("&", PAGE, "");
	CHECK_FEEDS("<link href=\"&#", PAGE, "");
	CHECK_FEEDS("<script></script", PAGE, "");
}

/* More links than are kept: the first 100. */
static void
test_discover_many(void)
{
	struct buf	 b = { NULL, 0, 0 };
	char		**urls;
	size_t		 i, n;

	for (i = 0; i < 150; i++)
		buf_printf(&b, "<link rel=alternate type=application/rss+xml "
		    "href=/f%zu>", i);
	n = discover_feeds(b.data, b.len, PAGE, &urls);
	CHECK_INT(n, 100);
	if (n == 100) {
		CHECK_STR(urls[0], "https://www.example.com/f0");
		CHECK_STR(urls[99], "https://www.example.com/f99");
	}
	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	buf_free(&b);
}

/* discover_is_feed on the n bytes at s, from a buffer of that length. */
static int
is_feed(const char *s, size_t n)
{
	char	*p = exact(s, n);
	int	 r = discover_is_feed(p, n);

	free(p);
	return r;
}

#define IS_FEED(lit)	is_feed(lit, sizeof(lit) - 1)

static void
test_discover_is_feed(void)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	CHECK_INT(IS_FEED("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), 1);
	CHECK_INT(IS_FEED("\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">"), 1);
	CHECK_INT(IS_FEED("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">"), 1);
	CHECK_INT(IS_FEED("<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"/>"), 1);
	CHECK_INT(IS_FEED("  \r\n\t<rss>"), 1);
	CHECK_INT(IS_FEED("<?xml version=\"1.0\"?>\n"
	    "<?xml-stylesheet type=\"text/xsl\" href=\"rss.xsl\"?>\n"
	    "<!-- generator: <html> -->\n"
	    "<!DOCTYPE rss PUBLIC \"-//Netscape//DTD RSS 0.91//EN\" "
	    "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
	    "<rss version=\"0.91\">"), 1);
	CHECK_INT(IS_FEED("<!DOCTYPE rss [ <!ENTITY x \"a > b ] c\"> "
	    "<!ENTITY y 'z'> ]><rss>"), 1);
	/* UTF-16, with and without a BOM. */
	CHECK_INT(IS_FEED("\xff\xfe<\0?\0x\0m\0l\0?\0>\0<\0r\0s\0s\0>\0"), 1);
	CHECK_INT(IS_FEED("\xfe\xff\0<\0f\0e\0e\0d\0>"), 1);
	CHECK_INT(IS_FEED("<\0f\0e\0e\0d\0 \0"), 1);
	CHECK_INT(IS_FEED("\xff\xfe<\0h\0t\0m\0l\0>\0"), 0);

	CHECK_INT(IS_FEED("<!DOCTYPE html>\n<html lang=\"en\"><head>"), 0);
	CHECK_INT(IS_FEED("<html><link rel=alternate type=application/rss+xml>"), 0);
	CHECK_INT(IS_FEED("<?xml version=\"1.0\"?><opml version=\"2.0\">"), 0);
	CHECK_INT(IS_FEED("<rssfeed>"), 0);
	CHECK_INT(IS_FEED("{\"version\": \"https://jsonfeed.org/version/1\"}"), 0);
	CHECK_INT(IS_FEED("text <rss>"), 0);
	/* Too short to decide. */
	CHECK_INT(IS_FEED(""), 0);
	CHECK_INT(IS_FEED("<"), 0);
	CHECK_INT(IS_FEED("<rs"), 0);
	CHECK_INT(IS_FEED("<rss"), 0);
	CHECK_INT(IS_FEED("<?xml version=\"1.0\"?"), 0);
	CHECK_INT(IS_FEED("<!-- <rss> -"), 0);
	CHECK_INT(IS_FEED("<!DOCTYPE rss [ <rss>"), 0);
	CHECK_INT(IS_FEED("<!DOCTYPE rss \"<rss>"), 0);
	CHECK(discover_is_feed(NULL, 0) == 0);

	/* Only the first 4 KiB are looked at. */
	buf_puts(&b, "<!--");
	for (i = 0; i < 4000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "--><rss>");
	CHECK_INT(is_feed(b.data, b.len), 1);
	buf_clear(&b);
	buf_puts(&b, "<!--");
	for (i = 0; i < 5000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "--><rss>");
	CHECK_INT(is_feed(b.data, b.len), 0);
	buf_free(&b);
}

static const struct check_test tests[] = {
	{ "opml_newsboat", test_opml_newsboat },
	{ "opml_feedly", test_opml_feedly },
	{ "opml_inoreader", test_opml_inoreader },
	{ "opml_netnewswire", test_opml_netnewswire },
	{ "opml_thunderbird", test_opml_thunderbird },
	{ "opml_category", test_opml_category },
	{ "opml_many_tags", test_opml_many_tags },
	{ "opml_which_outlines", test_opml_which_outlines },
	{ "opml_encodings", test_opml_encodings },
	{ "opml_errors", test_opml_errors },
	{ "opml_depth", test_opml_depth },
	{ "opml_billion_laughs", test_opml_billion_laughs },
	{ "opml_write", test_opml_write },
	{ "opml_round_trip", test_opml_round_trip },
	{ "discover_quotes_and_case", test_discover_quotes_and_case },
	{ "discover_rel_and_type", test_discover_rel_and_type },
	{ "discover_order_and_duplicates", test_discover_order_and_duplicates },
	{ "discover_base", test_discover_base },
	{ "discover_entities", test_discover_entities },
	{ "discover_skipped_text", test_discover_skipped_text },
	{ "discover_broken", test_discover_broken },
	{ "discover_many", test_discover_many },
	{ "discover_is_feed", test_discover_is_feed },
	{ NULL, NULL }
};

int
main(void)
{
	return check_main(tests);
}
