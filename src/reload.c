/*
 * Reloading feeds: fetch -> parse -> store, one job per feed.  The parser
 * runs inside the fetcher's body callback, so a document is never held
 * whole; the entries it yields are kept (moved, not copied) until the
 * transfer ends, because the cache takes one transaction per feed and
 * transfers end in any order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "reload.h"
#include "xmalloc.h"

struct reload {
	struct store	*store;
	struct fetch	*fetch;
	size_t		 keep;
	reload_fn	 fn;
	void		*arg;
	int		 pending;
};

struct job {
	struct reload	*r;
	long long	 feed_id;
	char		*url;
	struct parse	*parse;
	struct feed_entry *entries;
	size_t		 nentries;
	size_t		 size;
	int		 parse_failed;	/* the parser gave up part-way */
};

struct reload *
reload_new(struct store *s, struct fetch *f, size_t keep, reload_fn fn,
    void *arg)
{
	struct reload	*r = xcalloc(1, sizeof(*r));

	r->store = s;
	r->fetch = f;
	r->keep = keep;
	r->fn = fn;
	r->arg = arg;
	return r;
}

int
reload_pending(const struct reload *r)
{
	return r->pending;
}

void
reload_free(struct reload *r)
{
	free(r);
}

/* The parser's entry callback: take the whole entry, leaving the parser
 * an empty one (it clears what we leave, and we leave nothing). */
static void
on_entry(void *arg, struct feed_entry *e)
{
	struct job	*j = arg;

	if (j->nentries == j->size) {
		j->size = j->size ? j->size * 2 : 32;
		j->entries = xreallocarray(j->entries, j->size,
		    sizeof(*j->entries));
	}
	j->entries[j->nentries++] = *e;
	memset(e, 0, sizeof(*e));
}

/* Free the job and everything it holds. */
static void
job_free(struct job *j)
{
	size_t	i;

	for (i = 0; i < j->nentries; i++)
		feed_entry_clear(&j->entries[i]);
	free(j->entries);
	parse_free(j->parse);
	free(j->url);
	free(j);
}

/* A piece of the body: into the parser. */
static int
on_body(void *arg, const struct fetch_info *info, const char *data,
    size_t len, char **cause)
{
	struct job	*j = arg;

	if (j->parse == NULL)
		j->parse = parse_new(info->effective_url, info->content_type,
		    on_entry, j);
	if (parse_push(j->parse, data, len, 0) == -1) {
		size_t		 n;
		const char *const *err = parse_errors(j->parse, &n);

		/* Nothing more can be read: stop downloading, but keep the
		 * entries read so far (stored when the transfer ends). */
		j->parse_failed = 1;
		*cause = xstrdup(n > 0 ? err[n - 1] : "the feed cannot be parsed");
		return -1;
	}
	return 0;
}

/* The document's last error, or a default message. */
static const char *
last_error(struct job *j, const char *dflt)
{
	size_t		 n = 0;
	const char *const *err = parse_errors(j->parse, &n);

	return n > 0 ? err[n - 1] : dflt;
}

/* Write the parsed entries of j in one transaction; fills ev. */
static void
store_entries(struct job *j, const struct fetch_result *res,
    struct reload_event *ev, char **cause)
{
	struct store_update *u;
	size_t		 i;

	if (store_update_begin(j->r->store, j->feed_id, &u, cause) == -1)
		return;
	/* Stored oldest first: a feed lists newest first, and equal dates
	 * then keep the feed's order in the cache's newest-first lists. */
	for (i = j->nentries; i-- > 0;)
		if (store_update_item(u, &j->entries[i], cause) == -1) {
			store_update_abort(u);
			return;
		}
	if (store_update_commit(u, parse_feed_info(j->parse),
	    res->etag, res->last_modified, j->r->keep, &ev->st, cause) == -1)
		return;
	ev->ok = 1;
}

/* The transfer ended: store, or record why not, then report. */
static void
on_done(void *arg, const struct fetch_result *res)
{
	struct job	*j = arg;
	struct reload	*r = j->r;
	struct reload_event ev;
	char		*cause = NULL, *warning = NULL;

	memset(&ev, 0, sizeof(ev));
	ev.feed_id = j->feed_id;
	ev.url = j->url;
	ev.moved_to = res->moved_to;

	if (res->moved_to != NULL &&
	    store_feed_move(r->store, j->feed_id, res->moved_to, &cause) == -1) {
		/* Already subscribed under the new address: leave this one. */
		ev.moved_to = NULL;
		free(cause);
		cause = NULL;
	}

	if (res->ok && res->not_modified) {
		ev.not_modified = 1;
		if (store_feed_unchanged(r->store, j->feed_id, &cause) == 0)
			ev.ok = 1;
	} else if (res->ok || j->parse_failed) {
		if (j->parse == NULL)	/* an empty body */
			j->parse = parse_new(res->effective_url, NULL,
			    on_entry, j);
		parse_push(j->parse, NULL, 0, 1);
		if (parse_format(j->parse) == FEED_FORMAT_UNKNOWN &&
		    j->nentries == 0) {
			cause = xasprintf("not a feed (%s)",
			    last_error(j, "no RSS or Atom element"));
		} else if (j->parse_failed && j->nentries == 0) {
			/* Nothing to store; retention must not run on an
			 * empty fetch of a broken document. */
			cause = xstrdup(last_error(j, res->error));
		} else {
			store_entries(j, res, &ev, &cause);
			if (ev.ok && j->parse_failed)
				warning = xasprintf("items after an error were"
				    " lost: %s", last_error(j, res->error));
		}
	} else
		cause = xstrdup(res->error != NULL ? res->error : "failed");

	if (!ev.ok || warning != NULL) {
		char	*ignored = NULL;

		ev.error = warning != NULL ? warning : cause;
		if (store_feed_failed(r->store, j->feed_id, ev.error,
		    &ignored) == -1)
			free(ignored);
	}
	r->pending--;
	r->fn(r->arg, &ev);
	free(cause);
	free(warning);
	job_free(j);
}

int
reload_feed(struct reload *r, long long id, char **cause)
{
	struct store_feed f;
	struct job	*j;

	if (store_feed_get(r->store, id, &f, cause) == -1)
		return -1;
	j = xcalloc(1, sizeof(*j));
	j->r = r;
	j->feed_id = id;
	j->url = f.url;
	f.url = NULL;
	if (fetch_add(r->fetch, j->url, f.etag, f.last_modified, on_body,
	    on_done, j, cause) == -1) {
		char	*ignored = NULL;

		if (store_feed_failed(r->store, id, *cause, &ignored) == -1)
			free(ignored);
		store_feed_clear(&f);
		job_free(j);
		return -1;
	}
	store_feed_clear(&f);
	r->pending++;
	return 0;
}
