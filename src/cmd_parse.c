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
#define FIRST_READ	4096	/* the charset sniff needs at most 1 KB */
#define FLUSH_SIZE	(256 * 1024)

struct out {
	struct buf	 b;
	size_t		 nentries;
	int		 write_error;	/* errno of the first failed write */
};

static void
out_flush(struct out *o)
{
	const char	*s = o->b.data;
	size_t		 n = o->b.len;
	ssize_t		 w;

	/* write(2), not stdio: fwrite through stdout's 4 KB buffer made
	 * two system calls of every flush. */
	while (n > 0 && !o->write_error) {
		if ((w = write(STDOUT_FILENO, s, n)) <= 0) {
			/* 0 for a non-empty write would come back forever. */
			if (w == 0 || errno != EINTR)
				o->write_error = w == 0 ? EIO : errno;
			continue;
		}
		s += w;
		n -= (size_t)w;
	}
	buf_clear(&o->b);
}

/*
 * An entry is written in one go: its most bytes as JSON are added up
 * first (entry_max), that room is made once, and the members are written
 * at a cursor with no check each (see json_put_member).
 */

/* The room for a member whose value is s (NULL: none). */
static size_t
str_max(const char *s)
{
	return s != NULL ? JSON_MEMBER_MAX(strlen(s)) : 0;
}

/* The room for text field f of e, which is s (NULL: not set). */
static size_t
field_max(const struct feed_entry *e, enum feed_field f, const char *s)
{
	return s != NULL ? JSON_MEMBER_MAX(feed_len(e, f, s)) : 0;
}

/* The most bytes e's lists (links, authors, categories, enclosures)
 * take as JSON, keys and brackets included. */
static size_t
lists_max(const struct feed_entry *e)
{
	size_t	n = 4 * 32, i;

	for (i = 0; i < e->nlinks; i++)
		n += 64 + str_max(e->links[i].href) + str_max(e->links[i].rel) +
		    str_max(e->links[i].type) + str_max(e->links[i].title);
	for (i = 0; i < e->nauthors; i++)
		n += 8 + str_max(e->authors[i].name) +
		    str_max(e->authors[i].email) + str_max(e->authors[i].uri);
	for (i = 0; i < e->ncategories; i++)
		n += str_max(e->categories[i]);
	for (i = 0; i < e->nenclosures; i++)
		n += 64 + str_max(e->enclosures[i].url) +
		    str_max(e->enclosures[i].type);
	return n;
}

/* Make room for n more bytes in b; returns where they go. */
static char *
room(struct buf *b, size_t n)
{
	if (b->size - b->len <= n)
		buf_grow(b, n);
	return b->data + b->len;
}

/* What was written at the cursor up to d is now b's. */
static void
room_used(struct buf *b, char *d)
{
	b->len = (size_t)(d - b->data);
	b->data[b->len] = '\0';
}

/* "key":"text field f of e" when it is set (key: a literal). */
#define PUT_FIELD(d, first, key, e, f, value) \
	((value) != NULL ? JSON_PUT_MEMBER((d), (first), key, (value), \
	    feed_len((e), (f), (value))) : (d))

/* "key":"s" when s is set and not empty (key: a literal). */
#define PUT_STR(d, first, key, s) \
	((s) != NULL ? JSON_PUT_MEMBER((d), (first), key, (s), strlen(s)) : \
	    (d))

/* "key":"date" when there is one (key: a literal). */
#define PUT_DATE(d, first, key, has, t) \
	((has) ? put_date(JSON_PUT_KEY((d), (first), key), (t)) : (d))

/* Room each date takes at most. */
#define DATE_MAX	JSON_MEMBER_MAX(32)

/* Write date t quoted at d; returns the end. */
static char *
put_date(char *d, time_t t)
{
	/* A date has nothing to escape, and its length comes with it. */
	*d++ = '"';
	d += date_format_len(t, d);
	*d++ = '"';
	return d;
}

/* Write a number at d (room: 24 bytes); returns the end. */
static char *
put_number(char *d, long long v)
{
	return d + snprintf(d, 24, "%lld", v);
}

static char *
put_links(char *d, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->nlinks == 0)
		return d;
	d = JSON_PUT_KEY(d, first, "links");
	*d++ = '[';
	for (i = 0; i < e->nlinks; i++) {
		const struct feed_link *l = &e->links[i];
		int	f = 1;

		if (i)
			*d++ = ',';
		*d++ = '{';
		d = PUT_STR(d, &f, "href", l->href);
		d = PUT_STR(d, &f, "rel", l->rel);
		d = PUT_STR(d, &f, "type", l->type);
		d = PUT_STR(d, &f, "title", l->title);
		if (l->length >= 0)
			d = put_number(JSON_PUT_KEY(d, &f, "length"),
			    l->length);
		*d++ = '}';
	}
	*d++ = ']';
	return d;
}

static char *
put_authors(char *d, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->nauthors == 0)
		return d;
	d = JSON_PUT_KEY(d, first, "authors");
	*d++ = '[';
	for (i = 0; i < e->nauthors; i++) {
		int	f = 1;

		if (i)
			*d++ = ',';
		*d++ = '{';
		d = PUT_STR(d, &f, "name", e->authors[i].name);
		d = PUT_STR(d, &f, "email", e->authors[i].email);
		d = PUT_STR(d, &f, "uri", e->authors[i].uri);
		*d++ = '}';
	}
	*d++ = ']';
	return d;
}

static char *
put_categories(char *d, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->ncategories == 0)
		return d;
	d = JSON_PUT_KEY(d, first, "categories");
	*d++ = '[';
	for (i = 0; i < e->ncategories; i++) {
		if (i)
			*d++ = ',';
		d = json_quote_into(d, e->categories[i],
		    strlen(e->categories[i]));
	}
	*d++ = ']';
	return d;
}

static char *
put_enclosures(char *d, int *first, const struct feed_entry *e)
{
	size_t	i;

	if (e->nenclosures == 0)
		return d;
	d = JSON_PUT_KEY(d, first, "enclosures");
	*d++ = '[';
	for (i = 0; i < e->nenclosures; i++) {
		int	f = 1;

		if (i)
			*d++ = ',';
		*d++ = '{';
		d = PUT_STR(d, &f, "url", e->enclosures[i].url);
		if (e->enclosures[i].length >= 0)
			d = put_number(JSON_PUT_KEY(d, &f, "length"),
			    e->enclosures[i].length);
		d = PUT_STR(d, &f, "type", e->enclosures[i].type);
		*d++ = '}';
	}
	*d++ = ']';
	return d;
}

static void
on_entry(void *arg, struct feed_entry *e)
{
	struct out	*o = arg;
	struct buf	*b = &o->b;
	int		 first = 1;
	char		*d;

	d = room(b, 64 + lists_max(e) + 2 * DATE_MAX +
	    field_max(e, FEED_TITLE, e->title) +
	    field_max(e, FEED_LINK, e->link) +
	    field_max(e, FEED_ID, e->id) +
	    field_max(e, FEED_SUMMARY, e->summary) +
	    field_max(e, FEED_CONTENT, e->content) + str_max(e->comments));
	if (o->nentries++)
		*d++ = ',';
	*d++ = '{';
	d = PUT_FIELD(d, &first, "title", e, FEED_TITLE, e->title);
	d = PUT_FIELD(d, &first, "link", e, FEED_LINK, e->link);
	d = put_links(d, &first, e);
	d = PUT_FIELD(d, &first, "id", e, FEED_ID, e->id);
	d = PUT_FIELD(d, &first, "summary", e, FEED_SUMMARY, e->summary);
	d = PUT_FIELD(d, &first, "content", e, FEED_CONTENT, e->content);
	d = PUT_DATE(d, &first, "published", e->has_published, e->published);
	d = PUT_DATE(d, &first, "updated", e->has_updated, e->updated);
	d = put_authors(d, &first, e);
	d = put_categories(d, &first, e);
	d = put_enclosures(d, &first, e);
	d = PUT_STR(d, &first, "comments", e->comments);
	if (e->truncated) {
		d = JSON_PUT_KEY(d, &first, "truncated");
		memcpy(d, "true", 4);
		d += 4;
	}
	*d++ = '}';
	room_used(b, d);
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
	char		*d;

	d = room(b, 64 + lists_max(f) + 2 * DATE_MAX + str_max(f->title) +
	    str_max(f->summary) + str_max(f->link) + str_max(f->id) +
	    str_max(f->language) + str_max(f->rights) +
	    str_max(f->generator) + str_max(f->image_url) +
	    str_max(f->image_title) + str_max(f->image_link));
	memcpy(d, "],\"feed\":{", 10);
	d += 10;
	d = PUT_STR(d, &first, "title", f->title);
	d = PUT_STR(d, &first, "subtitle", f->summary);
	d = PUT_STR(d, &first, "link", f->link);
	d = put_links(d, &first, f);
	d = PUT_STR(d, &first, "id", f->id);
	d = PUT_STR(d, &first, "language", f->language);
	d = PUT_STR(d, &first, "rights", f->rights);
	d = PUT_STR(d, &first, "generator", f->generator);
	d = PUT_DATE(d, &first, "updated", f->has_updated, f->updated);
	d = PUT_DATE(d, &first, "published", f->has_published, f->published);
	d = put_authors(d, &first, f);
	d = put_categories(d, &first, f);
	if (f->image_url || f->image_title || f->image_link) {
		int	fi = 1;

		d = JSON_PUT_KEY(d, &first, "image");
		*d++ = '{';
		d = PUT_STR(d, &fi, "url", f->image_url);
		d = PUT_STR(d, &fi, "title", f->image_title);
		d = PUT_STR(d, &fi, "link", f->image_link);
		*d++ = '}';
	}
	room_used(b, d);
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
 * N-byte pieces), the first of them first bytes.  The bytes are read
 * straight into the parser's buffer (parse_buffer): no copy between
 * read() and expat, and no more memory than one chunk whatever the size
 * of the file.  Only the first piece, read before the encoding is known,
 * goes to a room of the parser's own and is copied; a small one does for
 * the sniff, where a whole chunk would fault in 256 KB used once and make
 * expat's buffer grow twice (a page fault costs about 10 us on a VM).
 */
static int
parse_stream(struct parse *p, int fd, const char *path, size_t first,
    size_t chunk)
{
	char	*data;
	size_t	 have, want = first;
	ssize_t	 r = 0;

	for (;; want = chunk) {
		data = parse_buffer(p, want);
		for (have = 0; have < want; have += (size_t)r) {
			r = read(fd, data + have, want - have);
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
	size_t		 chunk = READ_SIZE, first = FIRST_READ;
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
			chunk = first = v;
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
	/* Made once at its full size: grown by doubling, it would fault in
	 * and copy every smaller size on the way. */
	buf_grow(&o.b, FLUSH_SIZE + FLUSH_SIZE / 4);
	buf_puts(&o.b, "{\"entries\":[");
	rc = parse_stream(p, fd, path, first, chunk);
	if (rc == 0) {
		put_feed(&o, p);
		out_flush(&o);
	}
	parse_free(p);
	buf_free(&o.b);
	if (fd != STDIN_FILENO)
		close(fd);
	if (o.write_error) {
		fprintf(stderr, "tidings parse: writing output: %s\n",
		    strerror(o.write_error));
		return 2;
	}
	return rc;
}
