/*
 * Reloading feeds: each feed's body flows from the fetcher into the push
 * parser as it arrives, and when its transfer ends the parsed items are
 * written to the cache in one transaction.  A 304 writes nothing but the
 * time; a failure keeps the stored items and records the error.
 *
 * The caller owns the loop: it queues feeds with reload_feed() and runs
 * fetch_poll() on the same fetcher until nothing is pending; the callback
 * reports each feed as it finishes.  The reader does the same while the
 * user reads.
 */
#ifndef TIDINGS_RELOAD_H
#define TIDINGS_RELOAD_H

#include "fetch.h"
#include "store.h"

struct reload;

/* One finished feed.  Strings are valid during the callback only. */
struct reload_event {
	long long	 feed_id;
	const char	*url;
	int		 ok;		/* fetched and stored */
	int		 not_modified;	/* 304: nothing to store */
	const char	*error;		/* why it failed, or a warning when
					 * ok (items kept before a fatal XML
					 * error), else NULL */
	const char	*moved_to;	/* moved permanently here, or NULL */
	struct store_stats st;
};

typedef void (*reload_fn)(void *arg, const struct reload_event *ev);

/* Returns a reloader writing into s, fetching with f (both stay the
 * caller's and must outlive it); keep is the retention of items gone from
 * a feed (see store_update_commit); fn reports each feed.  Caller frees
 * with reload_free(). */
struct reload	*reload_new(struct store *s, struct fetch *f, size_t keep,
		    reload_fn fn, void *arg);
/* Queue the reload of feed id (its URL and validators from the cache). */
int		 reload_feed(struct reload *r, long long id, char **cause);
/* Feeds queued and not reported yet. */
int		 reload_pending(const struct reload *r);
/* Free r; feeds still in flight must have ended (fetch_free first). */
void		 reload_free(struct reload *r);

#endif
