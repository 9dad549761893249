/*
 * `tidings` without a command, until the interactive reader exists: reads
 * the subscriptions, parses every file:// (or plain path) feed and prints
 * its stories, newest first.  Network feeds wait for the fetcher.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "parse.h"
#include "plain.h"
#include "subs.h"
#include "text.h"
#include "xmalloc.h"

struct story {
	time_t	 when;
	char	*title;
};

struct stories {
	struct story	*v;
	size_t		 n;
};

static void
on_entry(void *arg, struct feed_entry *e)
{
	struct stories	*s = arg;
	const char	*t = e->title ? e->title : "(untitled)";
	struct buf	 words = { NULL, 0, 0 };

	/* Titles may be HTML ("<i>Plasmodium</i>"): show the words. */
	plain_from_html(t, strlen(t), &words);
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n].when = e->has_published ? e->published :
	    e->has_updated ? e->updated : 0;
	s->v[s->n].title = text_oneline(words.data ? words.data : "",
	    words.len);
	buf_free(&words);
	s->n++;
}

static int
story_cmp(const void *a, const void *b)
{
	const struct story *x = a, *y = b;

	return (x->when < y->when) - (x->when > y->when);
}

/* Parse the feed file at path and print it; returns 0 or -1. */
static int
show_file(const char *path, const char *name)
{
	struct stories	 s = { NULL, 0 };
	struct parse	*p;
	char		 chunk[65536], date[32], *title;
	ssize_t		 r;
	size_t		 i;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		printf("== %s: %s\n\n", name, strerror(errno));
		return -1;
	}
	p = parse_new(NULL, NULL, on_entry, &s);
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		if (parse_push(p, chunk, (size_t)r, 0) == -1)
			break;
	parse_push(p, NULL, 0, 1);
	close(fd);

	if (parse_feed_info(p)->title != NULL)
		name = parse_feed_info(p)->title;
	title = text_oneline(name, strlen(name));
	printf("== %s (%zu stories)\n", title, s.n);
	free(title);
	qsort(s.v, s.n, sizeof(*s.v), story_cmp);
	for (i = 0; i < s.n; i++) {
		if (s.v[i].when)
			date_format(s.v[i].when, date);
		else
			strcpy(date, "          ");
		printf("  %.10s  %s\n", date, s.v[i].title);
		free(s.v[i].title);
	}
	if (!parse_wellformed(p)) {
		size_t	 n;
		const char *const *err = parse_errors(p, &n);

		if (n > 0)
			printf("  (problem: %s)\n", err[0]);
	}
	putchar('\n');
	free(s.v);
	parse_free(p);
	return 0;
}

int
cmd_show(const struct cmd_globals *g, int argc, char **argv)
{
	struct subs	 subs;
	char		*cause = NULL, *def = NULL;
	const char	*urls = g->urls, *xdg;
	size_t		 i;

	(void)argc;
	(void)argv;
	if (urls == NULL) {
		if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg == '/')
			def = xasprintf("%s/tidings/urls", xdg);
		else
			def = xasprintf("%s/.config/tidings/urls",
			    getenv("HOME") ? getenv("HOME") : ".");
		urls = def;
	}
	if (subs_load(urls, &subs, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		free(def);
		return 2;
	}
	for (i = 0; i < subs.n; i++) {
		const char *url = subs.v[i].url;
		const char *name = subs.v[i].title ? subs.v[i].title : url;

		if (strncmp(url, "file://", 7) == 0)
			show_file(url + 7, name);
		else if (strstr(url, "://") == NULL)
			show_file(url, name);
		else
			printf("== %s: network feeds need `tidings reload` "
			    "(not built yet)\n\n", name);
	}
	subs_free(&subs);
	free(def);
	return 0;
}
