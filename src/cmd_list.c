/*
 * `tidings list`: the stored items, newest first, one per line:
 * DATE<TAB>FEED<TAB>TITLE<TAB>LINK.  Every field is made one printable
 * line (no tabs, no control characters), so the output is safe to show
 * and to cut(1).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "ner.h"
#include "plain.h"
#include "subs.h"
#include "text.h"
#include "xmalloc.h"

static const char list_usage[] =
    "usage: tidings [-u URLS] [-c CACHE] list [--unread] [--starred] [--saved]"
    " [--search QUERY]\n    [--entity NAME] [--type PER|ORG|LOC|MISC] [-n N] [FEED]\n";

/* Print s (HTML allowed: titles may be marked up) as one safe field. */
static void
put_field(struct buf *out, const char *s, int html)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*t;

	if (s == NULL)
		s = "";
	if (html) {
		plain_from_html(s, strlen(s), &b);
		s = b.data != NULL ? b.data : "";
	}
	t = text_oneline(s, strlen(s));
	buf_puts(out, t);
	free(t);
	buf_free(&b);
}

/* Print one item. */
static int
print_item(void *arg, const struct store_item *it)
{
	struct buf	*out = arg;
	char		 date[32];

	buf_clear(out);
	buf_puts(out, date_format(it->date, date));
	buf_putc(out, '\t');
	put_field(out, it->feed_title, 0);
	buf_putc(out, '\t');
	put_field(out, it->title != NULL ? it->title : "(untitled)", 1);
	buf_putc(out, '\t');
	put_field(out, it->link, 0);
	buf_putc(out, '\n');
	return fwrite(out->data, 1, out->len, stdout) == out->len ? 0 : 1;
}

/* Returns the URL of the subscription the urls file names "~name" (any
 * case), or NULL; caller frees. */
static char *
sub_named(const struct cmd_globals *g, const char *name)
{
	struct subs	 subs;
	char		*path = cmd_urls_path(g), *cause = NULL, *url = NULL;
	size_t		 i;

	if (subs_load(path, &subs, &cause) == -1) {
		free(cause);	/* no urls file: names come from the cache */
		free(path);
		return NULL;
	}
	for (i = 0; i < subs.n && url == NULL; i++)
		if (subs.v[i].title != NULL &&
		    strcasecmp(subs.v[i].title, name) == 0)
			url = cmd_feed_url(subs.v[i].url);
	subs_free(&subs);
	free(path);
	return url;
}

/* Find the feed a user named: its URL (or path, as in the urls file),
 * its name in the urls file, or its own title (any case). */
static long long
find_feed(const struct cmd_globals *g, struct store *s, const char *name)
{
	struct store_feed *v;
	size_t		 n, i;
	long long	 id = 0;
	char		*cause = NULL, *url = cmd_feed_url(name);
	char		*named = sub_named(g, name);

	if (store_feeds(s, &v, &n, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		free(url);
		return -1;
	}
	for (i = 0; i < n && id == 0; i++)
		if (strcmp(v[i].url, name) == 0 || strcmp(v[i].url, url) == 0)
			id = v[i].id;
	for (i = 0; i < n && id == 0 && named != NULL; i++)
		if (strcmp(v[i].url, named) == 0)
			id = v[i].id;
	for (i = 0; i < n && id == 0; i++)
		if (v[i].title != NULL && strcasecmp(v[i].title, name) == 0)
			id = v[i].id;
	store_feeds_free(v, n);
	free(named);
	free(url);
	return id;
}

/* Bring the entity index up to date (the reader does it while idle; a
 * command has no idle time), or say why not. */
static int
tag_all(struct store *s)
{
	struct ner_model *m;
	char		*cause = NULL;
	size_t		 done;

	if ((m = ner_model_open(cmd_ner_model_path(), &cause)) == NULL) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		return -1;
	}
	if (store_tag_pending(s, m, 0, &done, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		ner_model_free(m);
		return -1;
	}
	ner_model_free(m);
	return 0;
}

int
cmd_list(const struct cmd_globals *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread", no_argument, NULL, 'u' },
		{ "starred", no_argument, NULL, 's' },
		{ "saved", no_argument, NULL, 'S' },
		{ "search", required_argument, NULL, 'q' },
		{ "entity", required_argument, NULL, 'e' },
		{ "type", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_query q;
	struct store	*s;
	struct buf	 out = { NULL, 0, 0 };
	char		*cause = NULL, *end;
	long		 v;
	int		 c, rc = 0;

	memset(&q, 0, sizeof(q));
	optind = 0;
	while ((c = getopt_long(argc, argv, "+n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			q.unread = 1;
			break;
		case 's':
			q.starred = 1;
			break;
		case 'S':
			q.saved = 1;
			break;
		case 'q':
			q.match = optarg;
			break;
		case 'e':
			q.entity = optarg;
			break;
		case 't':
			for (c = 0; c < NER_NTYPES; c++)
				if (strcasecmp(optarg, ner_type_name(c)) == 0)
					q.entity_type = c + 1;
			if (q.entity_type == 0) {
				fprintf(stderr, "tidings: list: --type is PER, "
				    "ORG, LOC or MISC, not \"%s\"\n", optarg);
				return 1;
			}
			break;
		case 'n':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 1) {
				fprintf(stderr, "tidings: list: bad -n \"%s\"\n",
				    optarg);
				return 1;
			}
			q.limit = (size_t)v;
			break;
		case 'h':
			fputs(list_usage, stdout);
			return 0;
		default:
			fputs(list_usage, stderr);
			return 1;
		}
	}
	if (argc - optind > 1) {
		fputs(list_usage, stderr);
		return 1;
	}
	if (cmd_open_store(g, &s) == -1)
		return 2;
	if (optind < argc) {
		q.feed_id = find_feed(g, s, argv[optind]);
		if (q.feed_id <= 0) {
			if (q.feed_id == 0)
				fprintf(stderr, "tidings: no feed \"%s\" in the"
				    " cache\n", argv[optind]);
			store_close(s);
			return 2;
		}
	}
	if ((q.entity != NULL || q.entity_type > 0) && tag_all(s) == -1) {
		store_close(s);
		return 2;
	}
	if (store_items(s, &q, print_item, &out, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		rc = 2;
	}
	if (fflush(stdout) != 0)
		rc = 2;
	buf_free(&out);
	store_close(s);
	return rc;
}
