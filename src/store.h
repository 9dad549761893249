/*
 * The cache: one SQLite file (WAL) holding the feeds, their items, the
 * HTTP validators and last errors, and a full-text index.  Every update of
 * a feed is one transaction, so a reader killed at any moment keeps all
 * it committed and never a half-written feed.  Every list is an indexed,
 * bounded query: opening the cache and showing the first screen cost what
 * is shown, not what is stored.  The full-text index is brought up to
 * date in batches, and always before a search (store_index_pending).
 *
 * Errors a user or the disk can cause (a cache from a newer tidings, a
 * full disk, a file that is not a database) return -1 with an allocated
 * *cause; out of memory dies.
 */
#ifndef TIDINGS_STORE_H
#define TIDINGS_STORE_H

#include <stddef.h>
#include <time.h>

#include "feed.h"
#include "ner.h"

struct store;

/* A subscribed feed as the cache knows it.  Strings are owned by the
 * struct (store_feed_clear frees them). */
struct store_feed {
	long long	 id;
	char		*url;
	char		*title;		/* the feed's own title, or NULL */
	char		*link;		/* its web site, or NULL */
	char		*etag;		/* validators of the last 200 */
	char		*last_modified;
	char		*error;		/* the last fetch's error, or NULL */
	time_t		 checked;	/* last fetch attempt, 0: never */
	long		 unread;
	long		 total;
};

/* A stored item, valid during the store_items() callback only. */
struct store_item {
	long long	 id;
	long long	 feed_id;
	const char	*feed_title;	/* the feed's title, else its URL */
	const char	*guid;
	const char	*link;
	const char	*title;
	const char	*author;
	time_t		 date;		/* published, else updated, else seen */
	int		 read;
	int		 starred;
	int		 saved;
};

/* What the article pane shows of an item beyond its list row.  Strings
 * are owned by the struct (store_body_clear frees them); any may be
 * NULL. */
struct store_body {
	char	*feed_title;
	char	*link;
	char	*title;
	char	*author;
	char	*summary;
	char	*content;
	char	*fulltext;	/* the saved web page's text */
	char	*enclosures;	/* one "URL TYPE LENGTH" a line */
	time_t	 date;
};

/* Which items store_items() lists, newest first. */
struct store_query {
	long long	 feed_id;	/* 0: every feed */
	int		 unread;	/* only unread ones */
	int		 starred;	/* only starred ones */
	int		 saved;		/* only those saved for offline */
	const char	*match;		/* FTS5 query over title and text */
	const char	*entity;	/* only those naming it, or NULL */
	int		 entity_type;	/* 1 + enum ner_type: only stories
					 * naming one of this type; 0 any */
	const char *const *ignore;	/* none that names one of these */
	size_t		 nignore;
	size_t		 limit;		/* 0: no limit */
	size_t		 offset;
};

/* A name in the entity index; the string is valid during the callback
 * only. */
struct store_name {
	const char	*name;
	int		 type;		/* enum ner_type */
	long		 count;		/* stories naming it */
};

/* What one feed update changed. */
struct store_stats {
	size_t	 added;
	size_t	 updated;
	size_t	 unchanged;
	size_t	 dropped;	/* removed by retention */
};

struct store_update;

/* Open (creating it and its directory when missing) the cache at path and
 * bring its schema up to date.  A cache from a newer tidings is refused
 * untouched.  Caller closes with store_close(). */
int	store_open(const char *path, struct store **sp, char **cause);
/* Close s; NULL is allowed. */
void	store_close(struct store *s);
/* The schema version this build writes. */
int	store_schema_version(void);

/* Returns the id of the feed with this url, adding it when new. */
int	store_feed_add(struct store *s, const char *url, long long *id,
	    char **cause);
/* Fill f (caller clears it) with the feed id; -1 if there is none. */
int	store_feed_get(struct store *s, long long id, struct store_feed *f,
	    char **cause);
/* Every feed, by id, into an allocated array (caller frees with
 * store_feeds_free). */
int	store_feeds(struct store *s, struct store_feed **v, size_t *n,
	    char **cause);
/* Free the strings of f. */
void	store_feed_clear(struct store_feed *f);
/* Free an array from store_feeds(). */
void	store_feeds_free(struct store_feed *v, size_t n);
/* Record a failed fetch: keeps the items, sets the error and the time. */
int	store_feed_failed(struct store *s, long long id, const char *error,
	    char **cause);
/* Record a 304: the feed is checked and its error cleared. */
int	store_feed_unchanged(struct store *s, long long id, char **cause);
/* The feed moved permanently: give it the new url (merging into a feed
 * already stored under that url is refused). */
int	store_feed_move(struct store *s, long long id, const char *url,
	    char **cause);

/* Start the one transaction that updates feed id; caller ends it with
 * store_update_commit() or store_update_abort(). */
int	store_update_begin(struct store *s, long long id,
	    struct store_update **up, char **cause);
/* Store one parsed entry: added when new, updated in place (read and
 * starred kept) when changed, left alone when unchanged.  The entry is
 * only read. */
int	store_update_item(struct store_update *u, const struct feed_entry *e,
	    char **cause);
/* Store the feed's metadata and validators (each may be NULL), apply
 * retention (keep the items in this fetch plus the newest keep others;
 * starred and saved ones always), commit and free u.  On failure the
 * transaction is rolled back and u freed all the same. */
int	store_update_commit(struct store_update *u, const struct feed_entry *info,
	    const char *etag, const char *last_modified, size_t keep,
	    struct store_stats *st, char **cause);
/* Roll back and free u; NULL is allowed. */
void	store_update_abort(struct store_update *u);

/* Bring the search index up to date with up to limit (0: all) items
 * stored or changed since, in one transaction; *done says how many.
 * Storing a feed only queues its items (in its own transaction, so the
 * queue survives a crash): indexing 60,000 stories costs seconds, which a
 * reload should not wait for.  A search catches up first; the reader
 * catches up while idle. */
int	store_index_pending(struct store *s, size_t limit, size_t *done,
	    char **cause);
/* Call fn for each item q selects, newest first; fn returns 0 to go on.
 * Returns 0, or -1 with *cause (a bad search query, a disk error). */
int	store_items(struct store *s, const struct store_query *q,
	    int (*fn)(void *arg, const struct store_item *it), void *arg,
	    char **cause);
/* Fill b (caller clears it) with item id's texts; -1 if there is none. */
int	store_item_body(struct store *s, long long id, struct store_body *b,
	    char **cause);
/* Free the strings of b. */
void	store_body_clear(struct store_body *b);
/* Mark every item of feed id read (0: of every feed), in one
 * transaction. */
int	store_feed_mark_read(struct store *s, long long id, char **cause);
/* Tag up to limit (0: all) stories not tagged yet with m and put their
 * names in the entity index, in one transaction: first the stories
 * whose words changed in place since they were tagged, then the new
 * ones.  Reloading does not tag (it would slow a reload of thousands of
 * stories tenfold); the reader catches up while idle, as with the
 * search index, and tags a story on display (store_tag_item). */
int	store_tag_pending(struct store *s, const struct ner_model *m,
	    size_t limit, size_t *done, char **cause);
/* Tag story id with m and index its names, unless that is done already
 * (a story shown is indexed at once).  Returns 1 when it tagged, 0 when
 * there was nothing to do, -1 on error. */
int	store_tag_item(struct store *s, const struct ner_model *m,
	    long long id, char **cause);
/* Call fn with the names of the most stories dated since since (0: all)
 * in feed_id (0: every feed), most first, at most limit (0: all). */
int	store_names_top(struct store *s, time_t since, long long feed_id,
	    size_t limit, int (*fn)(void *arg, const struct store_name *nm),
	    void *arg, char **cause);
/* Set an item's read, starred or saved flag ("read", "starred", "saved"). */
int	store_item_flag(struct store *s, long long id, const char *flag,
	    int on, char **cause);

#endif
