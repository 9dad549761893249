/*
 * `tidings reload`: fetch every subscription, store what changed, and
 * say how it went.  Progress goes to stderr only when it is a terminal;
 * a feed that fails is reported and the others go on.  The exit status
 * is 0 whenever the reload ran, even if some feeds failed.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fetch.h"
#include "reload.h"
#include "subs.h"
#include "text.h"
#include "xmalloc.h"

static const char reload_usage[] =
    "usage: tidings [-u URLS] [-c CACHE] reload [-j N] [--keep N]"
    " [--timeout SECONDS]\n";

/* What the run has seen so far. */
struct tally {
	const char	*urls;		/* the urls file, for moved feeds */
	struct subs	*subs;
	char		**feed_urls;	/* subs.v[i]'s URL in the cache */
	size_t		 total;
	size_t		 done;
	size_t		 ok;
	size_t		 unchanged;
	size_t		 failed;
	size_t		 added;
	size_t		 updated;
	int		 tty;
};

/* Print "tidings: URL: MSG", both made safe to show. */
static void
say(const char *url, const char *msg)
{
	char	*u = text_oneline(url, strlen(url));
	char	*m = text_oneline(msg, strlen(msg));

	fprintf(stderr, "tidings: %s: %s\n", u, m);
	free(u);
	free(m);
}

/* A permanent redirect: point the urls file at the new address. */
static void
moved(struct tally *t, const char *from, const char *to)
{
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < t->subs->n; i++) {
		if (strcmp(t->feed_urls[i], from) != 0)
			continue;
		if (subs_replace_url(t->urls, t->subs->v[i].url, to,
		    &cause) == -1) {
			char	*m = xasprintf("moved permanently to %s, but"
			    " the urls file was not updated: %s", to, cause);

			say(from, m);
			free(m);
			free(cause);
			return;
		}
		break;
	}
	cause = xasprintf("moved permanently to %s; the urls file now says so",
	    to);
	say(from, cause);
	free(cause);
}

/* A feed finished. */
static void
on_feed(void *arg, const struct reload_event *ev)
{
	struct tally	*t = arg;

	t->done++;
	if (ev->ok) {
		t->ok++;
		t->unchanged += ev->not_modified;
		t->added += ev->st.added;
		t->updated += ev->st.updated;
		if (ev->error != NULL)
			say(ev->url, ev->error);
	} else {
		t->failed++;
		if (t->tty)
			fputs("\r\033[K", stderr);
		say(ev->url, ev->error != NULL ? ev->error : "failed");
	}
	if (ev->moved_to != NULL)
		moved(t, ev->url, ev->moved_to);
	if (t->tty)
		fprintf(stderr, "\r\033[Kreloading: %zu/%zu feeds", t->done,
		    t->total);
}

int
cmd_reload(const struct cmd_globals *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_opts fo;
	struct tally	 t;
	struct subs	 subs;
	struct store	*store = NULL;
	struct fetch	*fetch;
	struct reload	*reload;
	char		*urls, *cause = NULL, *end;
	size_t		 keep = 500, i, j;
	long		 v;
	int		 c;

	fetch_opts_default(&fo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "+j:k:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
		case 'k':
		case 't':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < (c != 'k') ||
			    v > (c == 'j' ? 100 : 1000000)) {
				fprintf(stderr, "tidings: reload: bad -%c"
				    " \"%s\"\n", c, optarg);
				return 1;
			}
			if (c == 'j')
				fo.parallel = (int)v;
			else if (c == 'k')
				keep = (size_t)v;
			else {
				/* One budget for the whole transfer; the
				 * connect and stall limits fit inside it. */
				fo.timeout = v;
				if (fo.connect_timeout > v)
					fo.connect_timeout = v;
				if (fo.stall_time > v)
					fo.stall_time = v;
			}
			break;
		case 'h':
			fputs(reload_usage, stdout);
			return 0;
		default:
			fputs(reload_usage, stderr);
			return 1;
		}
	}
	if (optind != argc) {
		fputs(reload_usage, stderr);
		return 1;
	}

	urls = cmd_urls_path(g);
	if (subs_load(urls, &subs, &cause) == -1) {
		fprintf(stderr, "tidings: no subscriptions: %s\n", cause);
		free(cause);
		free(urls);
		return 2;
	}
	if (cmd_open_store(g, &store) == -1) {
		subs_free(&subs);
		free(urls);
		return 2;
	}

	memset(&t, 0, sizeof(t));
	t.urls = urls;
	t.subs = &subs;
	t.tty = isatty(2);
	t.feed_urls = xcalloc(subs.n ? subs.n : 1, sizeof(char *));
	fetch = fetch_new(&fo);
	reload = reload_new(store, fetch, keep, on_feed, &t);
	for (i = 0; i < subs.n; i++) {
		long long id;

		t.feed_urls[i] = cmd_feed_url(subs.v[i].url);
		if (strstr(t.feed_urls[i], "://") == NULL) {
			/* query:, exec:, filter: feeds of newsboat. */
			say(subs.v[i].url,
			    "this kind of feed is not supported; skipped");
			continue;
		}
		for (j = 0; j < i; j++)
			if (t.feed_urls[j] != NULL &&
			    strcmp(t.feed_urls[j], t.feed_urls[i]) == 0)
				break;
		if (j < i)		/* listed twice: reloaded once */
			continue;
		t.total++;
		if (store_feed_add(store, t.feed_urls[i], &id, &cause) == -1 ||
		    reload_feed(reload, id, &cause) == -1) {
			say(subs.v[i].url, cause);
			free(cause);
			cause = NULL;
			t.done++;
			t.failed++;
		}
	}
	while (fetch_poll(fetch, 1000, -1, NULL) > 0 ||
	    reload_pending(reload) > 0)
		;
	fetch_free(fetch);
	reload_free(reload);
	store_close(store);

	if (t.tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%zu feeds: %zu ok (%zu not modified), %zu failed;"
	    " %zu new items, %zu updated\n", t.total, t.ok, t.unchanged,
	    t.failed, t.added, t.updated);
	for (i = 0; i < subs.n; i++)
		free(t.feed_urls[i]);
	free(t.feed_urls);
	subs_free(&subs);
	free(urls);
	return 0;
}
