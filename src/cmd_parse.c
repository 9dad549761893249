/*
 * `tidings parse`: one feed document in, one JSON object out (the model of
 * CLI-CONTRACTS.md).  Entries are printed as the parser delivers them, so
 * memory stays bounded by one entry whatever the size of the document;
 * the feed's own fields come after them, once the document has ended.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "json.h"
#include "parse.h"
#include "xmalloc.h"

#define READ_SIZE	(256 * 1024)
#define FLUSH_SIZE	(256 * 1024)

struct out {
	struct buf	 b;
	size_t		 nentries;
	int		 write_error;
};

static void
out_flush(struct out *o)
{
	if (o->b.len > 0 && fwrite(o->b.data, 1, o->b.len, stdout) != o->b.len)
		o->write_error = 1;
	buf_clear(&o->b);
}

/* "key":"text field f of e" when it is set (key: a literal). */
#define PUT_FIELD(b, first, key, e, f, value) \
	do { \
		if ((value) != NULL) \
			JSON_MEMBER_STRN((b), (first), key, (value), \
			    feed_len((e), (f), (value))); \
	} while (0)

/* "key":"date" when there is one (key: a literal, see JSON_KEY). */
#define PUT_DATE(b, first, key, has, t) \
	put_date((b), (first), "\"" key "\":", sizeof(key) + 2, (has), (t))

static void
put_date(struct buf *b, int *first, const char *q, size_t qn, int has,
    time_t t)
{
	char	s[32];

	/* Its length comes with it: nothing to measure. */
	if (has)
		json_member_quoted_n(b, first, q, qn, s, date_format_len(t, s));
}

static void
put_links(struct buf *b, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->nlinks == 0)
		return;
	JSON_KEY(b, first, "links");
	buf_putc(b, '[');
	for (i = 0; i < e->nlinks; i++) {
		const struct feed_link *l = &e->links[i];
		int	f = 1;

		buf_puts(b, i ? ",{" : "{");
		JSON_MEMBER_STR(b, &f, "href", l->href);
		JSON_MEMBER_STR(b, &f, "rel", l->rel);
		JSON_MEMBER_STR(b, &f, "type", l->type);
		JSON_MEMBER_STR(b, &f, "title", l->title);
		if (l->length >= 0) {
			JSON_KEY(b, &f, "length");
			buf_printf(b, "%lld", l->length);
		}
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
put_authors(struct buf *b, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->nauthors == 0)
		return;
	JSON_KEY(b, first, "authors");
	buf_putc(b, '[');
	for (i = 0; i < e->nauthors; i++) {
		int	f = 1;

		buf_puts(b, i ? ",{" : "{");
		JSON_MEMBER_STR(b, &f, "name", e->authors[i].name);
		JSON_MEMBER_STR(b, &f, "email", e->authors[i].email);
		JSON_MEMBER_STR(b, &f, "uri", e->authors[i].uri);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
put_categories(struct buf *b, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->ncategories == 0)
		return;
	JSON_KEY(b, first, "categories");
	buf_putc(b, '[');
	for (i = 0; i < e->ncategories; i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, e->categories[i]);
	}
	buf_putc(b, ']');
}

static void
on_entry(void *arg, struct feed_entry *e)
{
	struct out	*o = arg;
	struct buf	*b = &o->b;
	int		 first = 1;
	size_t		 i;

	buf_puts(b, o->nentries++ ? ",{" : "{");
	PUT_FIELD(b, &first, "title", e, FEED_TITLE, e->title);
	PUT_FIELD(b, &first, "link", e, FEED_LINK, e->link);
	put_links(b, &first, e);
	PUT_FIELD(b, &first, "id", e, FEED_ID, e->id);
	PUT_FIELD(b, &first, "summary", e, FEED_SUMMARY, e->summary);
	PUT_FIELD(b, &first, "content", e, FEED_CONTENT, e->content);
	PUT_DATE(b, &first, "published", e->has_published, e->published);
	PUT_DATE(b, &first, "updated", e->has_updated, e->updated);
	put_authors(b, &first, e);
	put_categories(b, &first, e);
	if (e->nenclosures > 0) {
		JSON_KEY(b, &first, "enclosures");
		buf_putc(b, '[');
		for (i = 0; i < e->nenclosures; i++) {
			int	f = 1;

			buf_puts(b, i ? ",{" : "{");
			JSON_MEMBER_STR(b, &f, "url", e->enclosures[i].url);
			if (e->enclosures[i].length >= 0) {
				JSON_KEY(b, &f, "length");
				buf_printf(b, "%lld", e->enclosures[i].length);
			}
			JSON_MEMBER_STR(b, &f, "type", e->enclosures[i].type);
			buf_putc(b, '}');
		}
		buf_putc(b, ']');
	}
	JSON_MEMBER_STR(b, &first, "comments", e->comments);
	if (e->truncated) {
		JSON_KEY(b, &first, "truncated");
		buf_puts(b, "true");
	}
	buf_putc(b, '}');
	if (b->len >= FLUSH_SIZE)
		out_flush(o);
}

static void
put_feed(struct out *o, struct parse *p)
{
	struct buf	*b = &o->b;
	struct feed_entry *f = parse_feed_info(p);
	const char *const *errors;
	size_t		 i, n;
	int		 first = 1;

	buf_puts(b, "],\"feed\":{");
	JSON_MEMBER_STR(b, &first, "title", f->title);
	JSON_MEMBER_STR(b, &first, "subtitle", f->summary);
	JSON_MEMBER_STR(b, &first, "link", f->link);
	put_links(b, &first, f);
	JSON_MEMBER_STR(b, &first, "id", f->id);
	JSON_MEMBER_STR(b, &first, "language", f->language);
	JSON_MEMBER_STR(b, &first, "rights", f->rights);
	JSON_MEMBER_STR(b, &first, "generator", f->generator);
	PUT_DATE(b, &first, "updated", f->has_updated, f->updated);
	PUT_DATE(b, &first, "published", f->has_published, f->published);
	put_authors(b, &first, f);
	put_categories(b, &first, f);
	if (f->image_url || f->image_title || f->image_link) {
		int	fi = 1;

		JSON_KEY(b, &first, "image");
		buf_putc(b, '{');
		JSON_MEMBER_STR(b, &fi, "url", f->image_url);
		JSON_MEMBER_STR(b, &fi, "title", f->image_title);
		JSON_MEMBER_STR(b, &fi, "link", f->image_link);
		buf_putc(b, '}');
	}
	buf_puts(b, "},\"format\":");
	json_string(b, feed_format_name(parse_format(p)));
	buf_printf(b, ",\"wellformed\":%s,\"encoding\":",
	    parse_wellformed(p) ? "true" : "false");
	json_string(b, parse_encoding(p));
	buf_puts(b, ",\"errors\":[");
	errors = parse_errors(p, &n);
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, errors[i]);
	}
	buf_puts(b, "]}\n");
}

/*
 * Parse what fd delivers in chunks of exactly chunk bytes (pipes deliver
 * less: each chunk is filled completely, so that the parser really sees
 * N-byte pieces).  The bytes are read straight into the parser's buffer
 * (parse_buffer): no copy between read() and expat, and no more memory
 * than one chunk whatever the size of the file.
 */
static int
parse_stream(struct parse *p, int fd, const char *path, size_t chunk)
{
	char	*data;
	size_t	 have;
	ssize_t	 r = 0;

	for (;;) {
		data = parse_buffer(p, chunk);
		for (have = 0; have < chunk; have += (size_t)r) {
			r = read(fd, data + have, chunk - have);
			if (r == -1 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0)
				break;
		}
		if (r == -1) {
			fprintf(stderr, "tidings parse: %s: %s\n", path,
			    strerror(errno));
			return 2;
		}
		if (have == 0 || r == 0) {
			parse_push_buffer(p, have, 1);
			return 0;
		}
		if (parse_push_buffer(p, have, 0) == -1) {
			/* The rest cannot be parsed; don't read a 2 GB
			 * body to find that out again. */
			parse_push(p, NULL, 0, 1);
			return 0;
		}
	}
}

static int
usage(void)
{
	fprintf(stderr, "usage: tidings parse [--base URL] "
	    "[--content-type VALUE] [--chunk-size N] FILE\n");
	return 1;
}

int
cmd_parse(const struct cmd_globals *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "content-type", required_argument, NULL, 't' },
		{ "chunk-size", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*base = NULL, *ctype = NULL, *path;
	size_t		 chunk = READ_SIZE;
	struct parse	*p;
	struct out	 o;
	char		*end;
	int		 c, fd, rc;

	(void)g;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			base = optarg;
			break;
		case 't':
			ctype = optarg;
			break;
		case 'n': {
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (*end != '\0' || v == 0 || v > (1UL << 30) ||
			    errno != 0) {
				fprintf(stderr, "tidings parse: --chunk-size "
				    "wants a number from 1 to 1073741824\n");
				return 1;
			}
			chunk = v;
			break;
		}
		default:
			return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	path = argv[optind];
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "tidings parse: %s: %s\n", path,
		    strerror(errno));
		return 2;
	}

	memset(&o, 0, sizeof(o));
	p = parse_new(base, ctype, on_entry, &o);
	buf_puts(&o.b, "{\"entries\":[");
	rc = parse_stream(p, fd, path, chunk);
	if (rc == 0) {
		put_feed(&o, p);
		out_flush(&o);
	}
	parse_free(p);
	buf_free(&o.b);
	if (fd != STDIN_FILENO)
		close(fd);
	if (fflush(stdout) == EOF || ferror(stdout) || o.write_error) {
		fprintf(stderr, "tidings parse: writing output: %s\n",
		    strerror(errno));
		return 2;
	}
	return rc;
}
