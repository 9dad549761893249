/*
 * Managing subscriptions from the command line: `tidings import` (OPML
 * in), `tidings export` (OPML out) and `tidings add` (a feed, or a web
 * page whose feed is found by autodiscovery).  The urls file stays the
 * one source of subscriptions; these commands only edit it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cmd.h"
#include "discover.h"
#include "fetch.h"
#include "opml.h"
#include "subs.h"
#include "text.h"
#include "xmalloc.h"

/* Load the urls file into s; a missing file is an empty list. */
static int
load_subs(const char *path, struct subs *s)
{
	FILE	*f;
	char	*cause = NULL;

	memset(s, 0, sizeof(*s));
	if ((f = fopen(path, "r")) == NULL && errno == ENOENT)
		return 0;
	if (f != NULL)
		fclose(f);
	if (subs_load(path, s, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Returns 1 when url is subscribed in s already. */
static int
subscribed(const struct subs *s, const char *url)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].url, url) == 0)
			return 1;
	return 0;
}

/* Read the whole file at path into b; -1 after saying why. */
static int
slurp(const char *path, struct buf *b)
{
	FILE	*f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char	 chunk[65536];
	size_t	 n;

	if (f == NULL) {
		fprintf(stderr, "tidings: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "tidings: %s: %s\n", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

int
cmd_import(const struct cmd_globals *g, int argc, char **argv)
{
	struct subs	 have, in, add;
	struct buf	 doc = { NULL, 0, 0 };
	char		*urls, *cause = NULL;
	size_t		 i, dup = 0;
	int		 rc = 2;

	if (argc != 2) {
		fputs("usage: tidings [-u URLS] import FILE.opml\n", stderr);
		return 1;
	}
	urls = cmd_urls_path(g);
	memset(&add, 0, sizeof(add));
	memset(&in, 0, sizeof(in));
	if (load_subs(urls, &have) == -1)
		goto out;
	if (slurp(argv[1], &doc) == -1)
		goto out;
	if (opml_parse(doc.data ? doc.data : "", doc.len, &in, &cause) == -1) {
		fprintf(stderr, "tidings: %s: %s\n", argv[1], cause);
		free(cause);
		goto out;
	}
	/* Only what is new; the subs move into add (no copies). */
	add.v = xcalloc(in.n ? in.n : 1, sizeof(*add.v));
	for (i = 0; i < in.n; i++) {
		if (subscribed(&have, in.v[i].url)) {
			dup++;
			continue;
		}
		add.v[add.n++] = in.v[i];
		memset(&in.v[i], 0, sizeof(in.v[i]));
	}
	if (add.n > 0 && subs_append(urls, add.v, add.n, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		goto out;
	}
	fprintf(stderr, "imported %zu feeds into %s (%zu already there)\n",
	    add.n, urls, dup);
	rc = 0;
out:
	/* in's moved entries are zeroed: subs_free skips their NULLs. */
	subs_free(&in);
	subs_free(&add);
	subs_free(&have);
	buf_free(&doc);
	free(urls);
	return rc;
}

int
cmd_export(const struct cmd_globals *g, int argc, char **argv)
{
	struct subs	 s;
	char		*urls, *doc;
	size_t		 len;

	(void)argv;
	if (argc != 1) {
		fputs("usage: tidings [-u URLS] export > FILE.opml\n", stderr);
		return 1;
	}
	urls = cmd_urls_path(g);
	if (subs_load(urls, &s, &doc) == -1) {
		fprintf(stderr, "tidings: %s\n", doc);
		free(doc);
		free(urls);
		return 2;
	}
	free(urls);
	doc = opml_write(&s, "tidings subscriptions", time(NULL));
	len = strlen(doc);
	subs_free(&s);
	if (fwrite(doc, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "tidings: export: %s\n", strerror(errno));
		free(doc);
		return 2;
	}
	free(doc);
	return 0;
}

/* A page fetched whole (bounded), for discovery. */
struct page {
	struct buf	 body;
	char		*url;		/* where it came from */
	char		*error;
	int		 done;
};

/* Keep the body; a page that large is not one we look into. */
static int
page_body(void *arg, const struct fetch_info *info, const char *data,
    size_t len, char **cause)
{
	struct page	*p = arg;

	(void)info;
	if (p->body.len + len > 4 * 1024 * 1024) {
		*cause = xstrdup("the page is larger than 4 MiB");
		return -1;
	}
	buf_append(&p->body, data, len);
	return 0;
}

/* The page is in, or not. */
static void
page_done(void *arg, const struct fetch_result *r)
{
	struct page	*p = arg;

	p->done = 1;
	if (!r->ok)
		p->error = xstrdup(r->error != NULL ? r->error : "failed");
	p->url = xstrdup(r->effective_url != NULL ? r->effective_url : "");
}

/* Fetch url whole into p; -1 after saying why. */
static int
get_page(const char *url, struct page *p)
{
	struct fetch	*f = fetch_new(NULL);
	char		*cause = NULL;

	memset(p, 0, sizeof(*p));
	if (fetch_add(f, url, NULL, NULL, page_body, page_done, p,
	    &cause) == -1) {
		fprintf(stderr, "tidings: %s: %s\n", url, cause);
		free(cause);
		fetch_free(f);
		return -1;
	}
	while (fetch_poll(f, 1000, -1, NULL) > 0 || !p->done)
		;
	fetch_free(f);
	if (p->error != NULL) {
		char	*u = text_oneline(url, strlen(url));

		fprintf(stderr, "tidings: %s: %s\n", u, p->error);
		free(u);
		return -1;
	}
	return 0;
}

/* Free what p holds. */
static void
page_free(struct page *p)
{
	buf_free(&p->body);
	free(p->url);
	free(p->error);
}

int
cmd_add(const struct cmd_globals *g, int argc, char **argv)
{
	struct subs	 have;
	struct sub	 sub;
	struct page	 page;
	char		*urls, *url, *cause = NULL, **found = NULL;
	size_t		 nfound = 0, i;
	int		 rc = 2;

	if (argc < 2) {
		fputs("usage: tidings [-u URLS] add URL [TAG...]\n", stderr);
		return 1;
	}
	urls = cmd_urls_path(g);
	if (load_subs(urls, &have) == -1) {
		free(urls);
		return 2;
	}
	url = cmd_feed_url(argv[1]);
	if (get_page(url, &page) == -1)
		goto out;
	if (!discover_is_feed(page.body.data ? page.body.data : "",
	    page.body.len)) {
		/* A web page: subscribe to the first feed it names. */
		nfound = discover_feeds(page.body.data ? page.body.data : "",
		    page.body.len, page.url, &found);
		if (nfound == 0) {
			fprintf(stderr, "tidings: %s is neither a feed nor a"
			    " page that names one\n", argv[1]);
			goto out;
		}
		free(url);
		url = xstrdup(found[0]);
		if (nfound > 1)
			for (i = 1; i < nfound; i++)
				fprintf(stderr, "also offered: %s\n", found[i]);
	}
	if (subscribed(&have, url) || subscribed(&have, argv[1])) {
		fprintf(stderr, "tidings: %s is already subscribed\n", url);
		goto out;
	}
	memset(&sub, 0, sizeof(sub));
	/* A local path stays as the user wrote it. */
	sub.url = strncmp(url, "file://", 7) == 0 && nfound == 0 ?
	    argv[1] : url;
	sub.tags = argv + 2;
	sub.ntags = (size_t)argc - 2;
	if (subs_append(urls, &sub, 1, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		goto out;
	}
	printf("%s\n", sub.url);
	rc = 0;
out:
	for (i = 0; i < nfound; i++)
		free(found[i]);
	free(found);
	page_free(&page);
	subs_free(&have);
	free(url);
	free(urls);
	return rc;
}
