/*
 * The cache in SQLite.  The schema is versioned with PRAGMA user_version;
 * each migration runs in its own transaction, and a file whose version is
 * newer than ours is closed untouched.
 *
 * Costs are kept to what is shown: the unread and total counts of every
 * feed live in the feeds table, kept by triggers, so the feed list is one
 * read of that table; item lists walk an index on (feed, date) or (date)
 * and stop at their limit.  Items are matched to what is stored by a key
 * (guid, else link, else a hash of the text) and carry a hash of their
 * contents, so an unchanged item costs one index lookup and no write.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "buf.h"
#include "json.h"
#include "ner.h"
#include "plain.h"
#include "store.h"
#include "xmalloc.h"

/*
 * The migrations, in order: migration i takes the schema from version i
 * to i + 1.  Never edit one that has shipped; add another.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT,"
	"  link TEXT,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  error TEXT,"
	"  checked INTEGER NOT NULL DEFAULT 0,"
	"  unread INTEGER NOT NULL DEFAULT 0,"
	"  total INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE items ("
	"  id INTEGER PRIMARY KEY,"
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  hash INTEGER NOT NULL,"
	"  guid TEXT, link TEXT, title TEXT, author TEXT,"
	"  summary TEXT, content TEXT, comments TEXT,"
	"  enclosures TEXT, categories TEXT,"
	"  published INTEGER, updated INTEGER,"
	"  date INTEGER NOT NULL,"
	"  seen INTEGER NOT NULL,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  starred INTEGER NOT NULL DEFAULT 0,"
	"  saved INTEGER NOT NULL DEFAULT 0,"
	"  fulltext TEXT,"
	"  UNIQUE (feed_id, key));"
	"CREATE INDEX items_feed_date ON items (feed_id, date DESC, id DESC);"
	"CREATE INDEX items_starred ON items (date DESC) WHERE starred <> 0;"
	"CREATE INDEX items_saved ON items (date DESC) WHERE saved <> 0;"
	"CREATE VIRTUAL TABLE search USING fts5 (title, text,"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	/* What the search index lacks (see store_index_pending): every item
	 * above the mark (ids only grow, see store_update_begin), and the
	 * items changed in place. */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"INSERT INTO meta VALUES ('indexed_upto', 0);"
	"CREATE TABLE search_pending (id INTEGER PRIMARY KEY);"
	/* The counts follow every delete and change of read; a feed update
	 * adds its new items to them once, at its end. */
	"CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN"
	"  UPDATE feeds SET total = total - 1, unread = unread - (OLD.read = 0)"
	"  WHERE id = OLD.feed_id;"
	"  DELETE FROM search WHERE rowid = OLD.id;"
	"  DELETE FROM search_pending WHERE id = OLD.id; END;"
	"CREATE TRIGGER items_au AFTER UPDATE OF read ON items"
	"  WHEN (OLD.read = 0) <> (NEW.read = 0) BEGIN"
	"  UPDATE feeds SET unread = unread + (NEW.read = 0) - (OLD.read = 0)"
	"  WHERE id = NEW.feed_id; END;",
	/* 1 -> 2: the names of each story (the entity index), filled by
	 * store_tag_pending above the mark, like the search index. */
	"CREATE TABLE mentions ("
	"  name TEXT NOT NULL,"
	"  type INTEGER NOT NULL,"
	"  item_id INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (name, type, item_id)) WITHOUT ROWID;"
	"CREATE INDEX mentions_item ON mentions (item_id);"
	"INSERT INTO meta VALUES ('tagged_upto', 0);"
	"CREATE TRIGGER items_ad_mentions AFTER DELETE ON items BEGIN"
	"  DELETE FROM mentions WHERE item_id = OLD.id; END;",
	/* 2 -> 3: a story whose words change in place (a feed edits a
	 * story it already published) loses its names at once and waits
	 * in tag_pending to be tagged again; a story above the mark tagged
	 * when shown is in tag_done, so the idle pass skips it. */
	"CREATE TABLE tag_pending (id INTEGER PRIMARY KEY);"
	"CREATE TABLE tag_done (id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER items_au_names AFTER UPDATE OF title, summary, content"
	"  ON items WHEN OLD.title IS NOT NEW.title"
	"  OR OLD.summary IS NOT NEW.summary OR OLD.content IS NOT NEW.content"
	"  BEGIN DELETE FROM mentions WHERE item_id = NEW.id;"
	"  INSERT OR IGNORE INTO tag_pending VALUES (NEW.id); END;"
	"CREATE TRIGGER items_ad_tag AFTER DELETE ON items BEGIN"
	"  DELETE FROM tag_pending WHERE id = OLD.id;"
	"  DELETE FROM tag_done WHERE id = OLD.id; END;",
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum stmt {
	ST_FEED_ADD,
	ST_FEED_ID,
	ST_FEED_GET,
	ST_FEED_FAILED,
	ST_FEED_UNCHANGED,
	ST_FEED_MOVE,
	ST_FEED_META,
	ST_ITEM_FIND,
	ST_ITEM_INSERT,
	ST_ITEM_UPDATE,
	ST_SEARCH_INSERT,
	ST_SEARCH_DELETE,
	ST_SEARCH_QUEUE,
	ST_PENDING_LIST,
	ST_PENDING_DONE,
	ST_NEW_LIST,
	ST_UPTO_GET,
	ST_UPTO_SET,
	ST_MAX_ID,
	ST_FEED_COUNT,
	ST_RETAIN_LIST,
	ST_ITEM_DELETE,
	ST_NSTMT
};

static const char *const stmt_sql[ST_NSTMT] = {
	[ST_FEED_ADD] = "INSERT OR IGNORE INTO feeds (url) VALUES (?1)",
	[ST_FEED_ID] = "SELECT id FROM feeds WHERE url = ?1",
	[ST_FEED_GET] = "SELECT id, url, title, link, etag, last_modified,"
	    " error, checked, unread, total FROM feeds WHERE id = ?1",
	[ST_FEED_FAILED] = "UPDATE feeds SET error = ?2, checked = ?3"
	    " WHERE id = ?1",
	[ST_FEED_UNCHANGED] = "UPDATE feeds SET error = NULL, checked = ?2"
	    " WHERE id = ?1",
	[ST_FEED_MOVE] = "UPDATE feeds SET url = ?2 WHERE id = ?1",
	[ST_FEED_META] = "UPDATE feeds SET title = coalesce(?2, title),"
	    " link = coalesce(?3, link), etag = ?4, last_modified = ?5,"
	    " error = NULL, checked = ?6 WHERE id = ?1",
	[ST_ITEM_FIND] = "SELECT id, hash FROM items"
	    " WHERE feed_id = ?1 AND key = ?2",
	[ST_ITEM_INSERT] = "INSERT INTO items (feed_id, key, hash, guid, link,"
	    " title, author, summary, content, comments, enclosures,"
	    " categories, published, updated, date, seen, id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, coalesce(?15, ?16), ?16, ?17)",
	[ST_ITEM_UPDATE] = "UPDATE items SET hash = ?3, guid = ?4, link = ?5,"
	    " title = ?6, author = ?7, summary = ?8, content = ?9,"
	    " comments = ?10, enclosures = ?11, categories = ?12,"
	    " published = ?13, updated = ?14, date = coalesce(?15, date)"
	    " WHERE id = ?1",
	[ST_SEARCH_INSERT] = "INSERT INTO search (rowid, title, text)"
	    " VALUES (?1, ?2, ?3)",
	[ST_SEARCH_DELETE] = "DELETE FROM search WHERE rowid = ?1",
	[ST_SEARCH_QUEUE] = "INSERT OR IGNORE INTO search_pending (id)"
	    " VALUES (?1)",
	[ST_PENDING_LIST] = "SELECT i.id, i.title, coalesce(i.content,"
	    " i.summary) FROM search_pending p JOIN items i ON i.id = p.id"
	    " ORDER BY p.id LIMIT ?1",
	[ST_NEW_LIST] = "SELECT id, title, coalesce(content, summary)"
	    " FROM items WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_UPTO_GET] = "SELECT value FROM meta WHERE key = 'indexed_upto'",
	[ST_UPTO_SET] = "UPDATE meta SET value = ?1 WHERE key = 'indexed_upto'",
	[ST_MAX_ID] = "SELECT coalesce(max(id), 0) FROM items",
	[ST_FEED_COUNT] = "UPDATE feeds SET total = total + ?2,"
	    " unread = unread + ?2 WHERE id = ?1",
	[ST_PENDING_DONE] = "DELETE FROM search_pending WHERE id = ?1",
	[ST_RETAIN_LIST] = "SELECT id FROM items WHERE feed_id = ?1"
	    " AND starred = 0 AND saved = 0 ORDER BY date DESC, id DESC",
	[ST_ITEM_DELETE] = "DELETE FROM items WHERE id = ?1",
};

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*st[ST_NSTMT];
	struct buf	 scratch[4];	/* reused text for one item */
	int		 busy;		/* an update is open */
};

struct store_update {
	struct store	*s;
	long long	 feed_id;
	long long	*seen;		/* ids of the items in this fetch */
	size_t		 nseen;
	size_t		 seen_size;
	struct store_stats st;
	time_t		 now;
	long long	 next_id;	/* the id of the next new item */
};

/* Set *cause to "what: SQLite's message" and return -1. */
static int
fail(struct store *s, char **cause, const char *what)
{
	int	 code = sqlite3_extended_errcode(s->db);
	const char *msg = sqlite3_errmsg(s->db);

	if (cause == NULL)
		return -1;
	if ((code & 0xff) == SQLITE_FULL)
		*cause = xasprintf("%s: the disk is full", what);
	else if ((code & 0xff) == SQLITE_READONLY)
		*cause = xasprintf("%s: the cache is read-only", what);
	else
		*cause = xasprintf("%s: %s", what, msg);
	return -1;
}

/* Run sql (no results); -1 with *cause on failure. */
static int
exec(struct store *s, const char *sql, const char *what, char **cause)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(s, cause, what);
	return 0;
}

/* The prepared statement i, reset and unbound, ready to bind. */
static sqlite3_stmt *
stmt(struct store *s, enum stmt i)
{
	if (s->st[i] == NULL) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK)
			fatal("store: cannot prepare \"%s\": %s", stmt_sql[i],
			    sqlite3_errmsg(s->db));
	} else {
		sqlite3_reset(s->st[i]);
		sqlite3_clear_bindings(s->st[i]);
	}
	return s->st[i];
}

/* Bind a string, or NULL when s is NULL or empty.  SQLite copies it only
 * when asked; the strings we bind outlive the step. */
static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Returns an allocated copy of column i, or NULL. */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

/* mkdir -p for the directory part of path, mode 0700 (a cache is
 * private).  Errors surface when SQLite opens the file. */
static void
make_parent(const char *path)
{
	char	*d = xstrdup(path), *p;

	for (p = d + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) == -1 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(d);
}

/* Bring the schema from version `from` to ours, one transaction per
 * step, so that an interrupted upgrade leaves a consistent older cache. */
static int
migrate(struct store *s, int from, char **cause)
{
	int	v;

	for (v = from; v < SCHEMA_VERSION; v++) {
		char	*sql;

		if (exec(s, "BEGIN IMMEDIATE", "cannot upgrade the cache",
		    cause) == -1)
			return -1;
		sql = xasprintf("%s; PRAGMA user_version = %d;", migrations[v],
		    v + 1);
		if (exec(s, sql, "cannot upgrade the cache", cause) == -1) {
			free(sql);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		free(sql);
		if (exec(s, "COMMIT", "cannot upgrade the cache", cause) == -1) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

int
store_schema_version(void)
{
	return SCHEMA_VERSION;
}

int
store_open(const char *path, struct store **sp, char **cause)
{
	struct store	*s = xcalloc(1, sizeof(*s));
	sqlite3_stmt	*st;
	int		 rc, version;
	const char	*mode;

	*sp = NULL;
	make_parent(path);
	s->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*cause = xasprintf("cannot open the cache %s: %s", path,
		    s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return -1;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);

	/* Reading the version is the first access: it finds out whether this
	 * is a database at all, before anything is written. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB)
			*cause = xasprintf("%s is not a tidings cache (not an"
			    " SQLite database); it was left alone", path);
		else
			*cause = xasprintf("cannot read the cache %s: %s", path,
			    sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		store_close(s);
		return -1;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > SCHEMA_VERSION) {
		*cause = xasprintf("the cache %s was written by a newer tidings"
		    " (schema %d; this one knows up to %d); it was left alone",
		    path, version, SCHEMA_VERSION);
		store_close(s);
		return -1;
	}

	/*
	 * WAL: readers (the reader's screen) never wait for a reload, and a
	 * commit is an append.  synchronous=NORMAL keeps every commit across
	 * a kill -9 (the WAL is in the OS's hands) and the file consistent
	 * across power loss; only the last commits can be lost then.
	 */
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		fail(s, cause, "cannot open the cache");
		sqlite3_finalize(st);
		store_close(s);
		return -1;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		*cause = xasprintf("cannot open the cache %s: it cannot use"
		    " write-ahead logging", path);
		sqlite3_finalize(st);
		store_close(s);
		return -1;
	}
	sqlite3_finalize(st);
	/*
	 * A checkpoint (copying the WAL into the file) costs two fsyncs; the
	 * default, every 4 MB of WAL, means a hundred of them in a cold
	 * reload of 1000 feeds.  Every 32 MB makes that four.
	 */
	if (exec(s, "PRAGMA wal_autocheckpoint = 8192;"
	    " PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	    " PRAGMA temp_store = MEMORY", "cannot open the cache", cause) == -1 ||
	    migrate(s, version, cause) == -1) {
		store_close(s);
		return -1;
	}
	*sp = s;
	return 0;
}

void
store_close(struct store *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db != NULL) {
		/* Merges the WAL into the file when we are the last user. */
		sqlite3_close(s->db);
	}
	for (i = 0; i < sizeof(s->scratch) / sizeof(s->scratch[0]); i++)
		buf_free(&s->scratch[i]);
	free(s->path);
	free(s);
}

/* ---- feeds ---------------------------------------------------------- */

int
store_feed_add(struct store *s, const char *url, long long *id, char **cause)
{
	sqlite3_stmt	*st = stmt(s, ST_FEED_ADD);

	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(s, cause, "cannot add a feed");
	st = stmt(s, ST_FEED_ID);
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		return fail(s, cause, "cannot add a feed");
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* Fill f from a row of ST_FEED_GET's columns. */
static void
feed_row(sqlite3_stmt *st, struct store_feed *f)
{
	f->id = sqlite3_column_int64(st, 0);
	f->url = col_dup(st, 1);
	f->title = col_dup(st, 2);
	f->link = col_dup(st, 3);
	f->etag = col_dup(st, 4);
	f->last_modified = col_dup(st, 5);
	f->error = col_dup(st, 6);
	f->checked = (time_t)sqlite3_column_int64(st, 7);
	f->unread = (long)sqlite3_column_int64(st, 8);
	f->total = (long)sqlite3_column_int64(st, 9);
}

int
store_feed_get(struct store *s, long long id, struct store_feed *f,
    char **cause)
{
	sqlite3_stmt	*st = stmt(s, ST_FEED_GET);
	int		 rc;

	memset(f, 0, sizeof(*f));
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		feed_row(st, f);
		sqlite3_reset(st);
		return 0;
	}
	if (rc == SQLITE_DONE) {
		*cause = xasprintf("no feed %lld in the cache", id);
		return -1;
	}
	return fail(s, cause, "cannot read a feed");
}

int
store_feeds(struct store *s, struct store_feed **v, size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 size = 0;
	int		 rc;

	*v = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT id, url, title, link, etag,"
	    " last_modified, error, checked, unread, total FROM feeds"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot list the feeds");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == size) {
			size = size ? size * 2 : 64;
			*v = xreallocarray(*v, size, sizeof(**v));
		}
		feed_row(st, &(*v)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_feeds_free(*v, *n);
		*v = NULL;
		*n = 0;
		return fail(s, cause, "cannot list the feeds");
	}
	return 0;
}

void
store_feed_clear(struct store_feed *f)
{
	free(f->url);
	free(f->title);
	free(f->link);
	free(f->etag);
	free(f->last_modified);
	free(f->error);
	memset(f, 0, sizeof(*f));
}

void
store_feeds_free(struct store_feed *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		store_feed_clear(&v[i]);
	free(v);
}

int
store_feed_failed(struct store *s, long long id, const char *error,
    char **cause)
{
	sqlite3_stmt	*st = stmt(s, ST_FEED_FAILED);

	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, error);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(s, cause, "cannot record a feed's error");
	return 0;
}

int
store_feed_unchanged(struct store *s, long long id, char **cause)
{
	sqlite3_stmt	*st = stmt(s, ST_FEED_UNCHANGED);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(s, cause, "cannot update a feed");
	return 0;
}

int
store_feed_move(struct store *s, long long id, const char *url, char **cause)
{
	sqlite3_stmt	*st = stmt(s, ST_FEED_MOVE);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(s->db)) ==
		    SQLITE_CONSTRAINT_UNIQUE) {
			*cause = xasprintf("%s is already subscribed", url);
			return -1;
		}
		return fail(s, cause, "cannot move a feed");
	}
	return 0;
}

/* ---- updating a feed -------------------------------------------------- */

/* Run the one-integer query i; -1 with *cause on failure. */
static int
scalar(struct store *s, enum stmt i, long long *v, char **cause)
{
	sqlite3_stmt	*st = stmt(s, i);

	if (sqlite3_step(st) != SQLITE_ROW)
		return fail(s, cause, "cannot read the cache");
	*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int
store_update_begin(struct store *s, long long id, struct store_update **up,
    char **cause)
{
	struct store_update *u;
	long long	 max_id, upto;

	*up = NULL;
	if (s->busy) {
		*cause = xstrdup("another feed update is open");
		return -1;
	}
	/* IMMEDIATE: take the write lock now rather than fail half-way. */
	if (exec(s, "BEGIN IMMEDIATE", "cannot update the cache", cause) == -1)
		return -1;
	/* New items take ids above every id ever indexed, so "above the
	 * mark" finds exactly the unindexed ones, even after the newest
	 * items were deleted. */
	if (scalar(s, ST_MAX_ID, &max_id, cause) == -1 ||
	    scalar(s, ST_UPTO_GET, &upto, cause) == -1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	u = xcalloc(1, sizeof(*u));
	u->next_id = (max_id > upto ? max_id : upto) + 1;
	u->s = s;
	u->feed_id = id;
	u->now = time(NULL);
	s->busy = 1;
	*up = u;
	return 0;
}

/* Mix 8 bytes into the hash h (a multiply-xorshift step: a change
 * hash, not a defence against crafted collisions; a collision only means
 * an edited story keeps its old text until its next edit). */
static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return h;
}

/* Hash the string s (NULL and "" differ) into h, eight bytes at a time:
 * article bodies are most of what is hashed. */
static uint64_t
hash_str(uint64_t h, const char *s)
{
	size_t		n, i;
	uint64_t	v;

	if (s == NULL)
		return mix(h, 0x5bd1e995ULL);
	n = strlen(s);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		h = mix(h, v);
	}
	v = 0;
	memcpy(&v, s + i, n - i);
	return mix(mix(h, v), (uint64_t)n);
}

/* Hash an integer into h. */
static uint64_t
hash_int(uint64_t h, long long v)
{
	return mix(h, (uint64_t)v);
}

/* The entry's summary, or NULL when it only repeats the content (the
 * parser fills a missing summary from the content; storing both would
 * double the cache). */
static const char *
summary_of(const struct feed_entry *e)
{
	if (e->summary != NULL && e->content != NULL &&
	    strcmp(e->summary, e->content) == 0)
		return NULL;
	return e->summary;
}

/* Append e's first author as "Name <email>" (or what there is). */
static void
author_of(const struct feed_entry *e, struct buf *b)
{
	const struct feed_person *a;

	buf_clear(b);
	if (e->nauthors == 0)
		return;
	a = &e->authors[0];
	if (a->name != NULL)
		buf_puts(b, a->name);
	if (a->email != NULL) {
		buf_puts(b, a->name != NULL ? " <" : "");
		buf_puts(b, a->email);
		buf_puts(b, a->name != NULL ? ">" : "");
	}
	if (b->len == 0 && a->uri != NULL)
		buf_puts(b, a->uri);
}

/* Write e's enclosures as a JSON array into b (empty when none). */
static void
enclosures_of(const struct feed_entry *e, struct buf *b)
{
	size_t	i;

	buf_clear(b);
	if (e->nenclosures == 0)
		return;
	buf_putc(b, '[');
	for (i = 0; i < e->nenclosures; i++) {
		const struct feed_enclosure *x = &e->enclosures[i];
		int	first = 1;

		buf_puts(b, i ? ",{" : "{");
		json_member_str(b, &first, "url", x->url);
		json_member_str(b, &first, "type", x->type);
		if (x->length >= 0) {
			json_key(b, &first, "length");
			buf_printf(b, "%lld", x->length);
		}
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* Write e's categories as a JSON array of strings into b. */
static void
categories_of(const struct feed_entry *e, struct buf *b)
{
	size_t	i;

	buf_clear(b);
	if (e->ncategories == 0)
		return;
	buf_putc(b, '[');
	for (i = 0; i < e->ncategories; i++) {
		if (i)
			buf_putc(b, ',');
		json_string(b, e->categories[i]);
	}
	buf_putc(b, ']');
}

/* Remember that item id is in the current fetch. */
static void
seen_add(struct store_update *u, long long id)
{
	if (u->nseen == u->seen_size) {
		u->seen_size = u->seen_size ? u->seen_size * 2 : 64;
		u->seen = xreallocarray(u->seen, u->seen_size,
		    sizeof(*u->seen));
	}
	u->seen[u->nseen++] = id;
}

/* (Re)index item id for search: its title and the words of its text. */
static int
search_index(struct store *s, long long id, const char *title_html,
    const char *body_html, char **cause)
{
	struct buf	*title = &s->scratch[2], *text = &s->scratch[3];
	sqlite3_stmt	*st;

	st = stmt(s, ST_SEARCH_DELETE);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(s, cause, "cannot index an item");
	buf_clear(title);
	buf_clear(text);
	if (title_html != NULL)
		plain_from_html(title_html, strlen(title_html), title);
	if (body_html != NULL)
		plain_from_html(body_html, strlen(body_html), text);
	st = stmt(s, ST_SEARCH_INSERT);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, title->data ? title->data : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text->data ? text->data : "", -1,
	    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(s, cause, "cannot index an item");
	return 0;
}

/* Index the rows of st (id, title, body) until limit; removes each from
 * search_pending when pending.  Adds to *done; *last gets the last id. */
static int
index_rows(struct store *s, sqlite3_stmt *st, int pending, size_t limit,
    size_t *done, long long *last, char **cause)
{
	sqlite3_stmt	*del;
	int		 rc;

	while ((limit == 0 || *done < limit) &&
	    (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		if (search_index(s, id, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), cause) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		if (pending) {
			del = stmt(s, ST_PENDING_DONE);
			sqlite3_bind_int64(del, 1, id);
			if (sqlite3_step(del) != SQLITE_DONE) {
				sqlite3_reset(st);
				return fail(s, cause, "cannot index the cache");
			}
		}
		*last = id;
		(*done)++;
	}
	if (limit != 0 && *done >= limit)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "cannot index the cache");
	return 0;
}

int
store_index_pending(struct store *s, size_t limit, size_t *done,
    char **cause)
{
	sqlite3_stmt	*st;
	long long	 upto, last, dummy;

	*done = 0;
	if (s->busy) {
		*cause = xstrdup("a feed update is open");
		return -1;
	}
	if (exec(s, "BEGIN IMMEDIATE", "cannot index the cache", cause) == -1)
		return -1;
	if (scalar(s, ST_UPTO_GET, &upto, cause) == -1)
		goto fail;
	st = stmt(s, ST_PENDING_LIST);
	sqlite3_bind_int64(st, 1, limit > 0 ? (sqlite3_int64)limit : -1);
	if (index_rows(s, st, 1, limit, done, &dummy, cause) == -1)
		goto fail;
	if (limit == 0 || *done < limit) {
		st = stmt(s, ST_NEW_LIST);
		sqlite3_bind_int64(st, 1, upto);
		sqlite3_bind_int64(st, 2, limit > 0 ?
		    (sqlite3_int64)(limit - *done) : -1);
		last = upto;
		if (index_rows(s, st, 0, limit, done, &last, cause) == -1)
			goto fail;
		if (last != upto) {
			st = stmt(s, ST_UPTO_SET);
			sqlite3_bind_int64(st, 1, last);
			if (sqlite3_step(st) != SQLITE_DONE) {
				fail(s, cause, "cannot index the cache");
				goto fail;
			}
		}
	}
	if (exec(s, "COMMIT", "cannot index the cache", cause) == -1)
		goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	*done = 0;
	return -1;
}

int
store_update_item(struct store_update *u, const struct feed_entry *e,
    char **cause)
{
	struct store	*s = u->s;
	struct buf	*author = &s->scratch[0], *encl = &s->scratch[1];
	struct buf	 key = { NULL, 0, 0 };
	const char	*summary = summary_of(e), *author_txt, *encl_txt;
	sqlite3_stmt	*st;
	uint64_t	 h = 0xcbf29ce484222325ULL;
	long long	 id = 0, date;
	int		 found = 0, rc, ret = -1;
	char		*cats;

	author_of(e, author);
	enclosures_of(e, encl);
	/* An empty scratch buffer is "" or NULL depending on its history:
	 * hash and store both as NULL. */
	author_txt = author->len > 0 ? author->data : NULL;
	encl_txt = encl->len > 0 ? encl->data : NULL;
	{
		struct buf	c = { NULL, 0, 0 };

		categories_of(e, &c);
		cats = buf_steal(&c);
	}

	/* The key that says "this is the same item as before". */
	if (e->id != NULL && *e->id != '\0')
		buf_printf(&key, "g:%s", e->id);
	else if (e->link != NULL && *e->link != '\0')
		buf_printf(&key, "l:%s", e->link);
	else {
		uint64_t k = hash_str(hash_str(hash_str(h, e->title), summary),
		    e->content);

		buf_printf(&key, "h:%016llx", (unsigned long long)k);
	}

	/* What would make a stored copy out of date. */
	h = hash_str(h, e->id);
	h = hash_str(h, e->link);
	h = hash_str(h, e->title);
	h = hash_str(h, author_txt);
	h = hash_str(h, summary);
	h = hash_str(h, e->content);
	h = hash_str(h, e->comments);
	h = hash_str(h, encl_txt);
	h = hash_str(h, cats);
	h = hash_int(h, e->has_published ? (long long)e->published : -1);
	h = hash_int(h, e->has_updated ? (long long)e->updated : -1);

	st = stmt(s, ST_ITEM_FIND);
	sqlite3_bind_int64(st, 1, u->feed_id);
	sqlite3_bind_text(st, 2, key.data, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		id = sqlite3_column_int64(st, 0);
		if ((uint64_t)sqlite3_column_int64(st, 1) == h) {
			/* Already stored as it is. */
			sqlite3_reset(st);
			seen_add(u, id);
			u->st.unchanged++;
			ret = 0;
			goto out;
		}
	} else if (rc != SQLITE_DONE) {
		fail(s, cause, "cannot look up an item");
		goto out;
	}
	sqlite3_reset(st);

	st = stmt(s, found ? ST_ITEM_UPDATE : ST_ITEM_INSERT);
	if (found)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_int64(st, 1, u->feed_id);
	sqlite3_bind_text(st, 2, key.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)h);
	bind_text(st, 4, e->id);
	bind_text(st, 5, e->link);
	bind_text(st, 6, e->title);
	bind_text(st, 7, author_txt);
	bind_text(st, 8, summary);
	bind_text(st, 9, e->content);
	bind_text(st, 10, e->comments);
	bind_text(st, 11, encl_txt);
	bind_text(st, 12, cats);
	if (e->has_published)
		sqlite3_bind_int64(st, 13, (sqlite3_int64)e->published);
	if (e->has_updated)
		sqlite3_bind_int64(st, 14, (sqlite3_int64)e->updated);
	date = e->has_published ? (long long)e->published :
	    e->has_updated ? (long long)e->updated : -1;
	if (date != -1)
		sqlite3_bind_int64(st, 15, date);
	if (!found) {
		sqlite3_bind_int64(st, 16, (sqlite3_int64)u->now);
		sqlite3_bind_int64(st, 17, u->next_id);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		fail(s, cause, "cannot store an item");
		goto out;
	}
	if (!found) {
		id = u->next_id++;
	} else {
		/* Reindexed later, in one batch (store_index_pending);
		 * new items are found by their ids. */
		st = stmt(s, ST_SEARCH_QUEUE);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fail(s, cause, "cannot store an item");
			goto out;
		}
	}
	seen_add(u, id);
	if (found)
		u->st.updated++;
	else
		u->st.added++;
	ret = 0;
out:
	free(cats);
	buf_free(&key);
	return ret;
}

/* qsort and bsearch order for item ids. */
static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Drop the feed's items that are neither in this fetch, nor among the
 * newest keep others, nor starred or saved. */
static int
retain(struct store_update *u, size_t keep, char **cause)
{
	struct store	*s = u->s;
	sqlite3_stmt	*st;
	long long	*drop = NULL;
	size_t		 ndrop = 0, others = 0, i;
	int		 rc;

	qsort(u->seen, u->nseen, sizeof(*u->seen), cmp_id);
	st = stmt(s, ST_RETAIN_LIST);
	sqlite3_bind_int64(st, 1, u->feed_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		if (bsearch(&id, u->seen, u->nseen, sizeof(*u->seen),
		    cmp_id) != NULL)
			continue;
		if (others++ < keep)
			continue;
		drop = xreallocarray(drop, ndrop + 1, sizeof(*drop));
		drop[ndrop++] = id;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(drop);
		return fail(s, cause, "cannot apply retention");
	}
	for (i = 0; i < ndrop; i++) {
		st = stmt(s, ST_ITEM_DELETE);
		sqlite3_bind_int64(st, 1, drop[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			free(drop);
			return fail(s, cause, "cannot apply retention");
		}
	}
	u->st.dropped += ndrop;
	free(drop);
	return 0;
}

/* Free u and mark its store free for the next update. */
static void
update_free(struct store_update *u)
{
	u->s->busy = 0;
	free(u->seen);
	free(u);
}

int
store_update_commit(struct store_update *u, const struct feed_entry *info,
    const char *etag, const char *last_modified, size_t keep,
    struct store_stats *st, char **cause)
{
	struct store	*s = u->s;
	sqlite3_stmt	*q;
	struct store_feed f;

	q = stmt(s, ST_FEED_META);
	sqlite3_bind_int64(q, 1, u->feed_id);
	bind_text(q, 2, info != NULL ? info->title : NULL);
	bind_text(q, 3, info != NULL ? info->link : NULL);
	bind_text(q, 4, etag);
	bind_text(q, 5, last_modified);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)u->now);
	if (sqlite3_step(q) != SQLITE_DONE) {
		fail(s, cause, "cannot update a feed");
		goto fail;
	}
	if (u->st.added > 0) {
		q = stmt(s, ST_FEED_COUNT);
		sqlite3_bind_int64(q, 1, u->feed_id);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)u->st.added);
		if (sqlite3_step(q) != SQLITE_DONE) {
			fail(s, cause, "cannot update a feed");
			goto fail;
		}
	}
	/* Retention only when there is something to drop. */
	if (store_feed_get(s, u->feed_id, &f, cause) == -1)
		goto fail;
	if ((size_t)f.total > u->nseen + keep && retain(u, keep, cause) == -1) {
		store_feed_clear(&f);
		goto fail;
	}
	store_feed_clear(&f);
	if (exec(s, "COMMIT", "cannot update the cache", cause) == -1)
		goto fail;
	if (st != NULL)
		*st = u->st;
	update_free(u);
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	update_free(u);
	return -1;
}

void
store_update_abort(struct store_update *u)
{
	if (u == NULL)
		return;
	sqlite3_exec(u->s->db, "ROLLBACK", NULL, NULL, NULL);
	update_free(u);
}

/* ---- reading ------------------------------------------------------------ */

/* A listed item held until the lists of all feeds are merged. */
struct row {
	struct store_item it;
	char		*strs[6];	/* what its strings point into */
};

/* newest first: date, then id, both descending */
static int
cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->it.date != y->it.date)
		return x->it.date < y->it.date ? 1 : -1;
	return x->it.id < y->it.id ? 1 : x->it.id > y->it.id ? -1 : 0;
}

/* Fill it from the current row of st (strings valid until the next
 * step). */
static void
item_row(sqlite3_stmt *st, struct store_item *it)
{
	it->id = sqlite3_column_int64(st, 0);
	it->feed_id = sqlite3_column_int64(st, 1);
	it->feed_title = (const char *)sqlite3_column_text(st, 2);
	it->guid = (const char *)sqlite3_column_text(st, 3);
	it->link = (const char *)sqlite3_column_text(st, 4);
	it->title = (const char *)sqlite3_column_text(st, 5);
	it->author = (const char *)sqlite3_column_text(st, 6);
	it->date = (time_t)sqlite3_column_int64(st, 7);
	it->read = sqlite3_column_int(st, 8);
	it->starred = sqlite3_column_int(st, 9);
	it->saved = sqlite3_column_int(st, 10);
}

/* Keep a copy of it in rows. */
static void
row_keep(struct row **rows, size_t *n, size_t *size,
    const struct store_item *it)
{
	struct row	*r;
	const char	*src[6];
	size_t		 i;

	if (*n == *size) {
		*size = *size ? *size * 2 : 256;
		*rows = xreallocarray(*rows, *size, sizeof(**rows));
	}
	r = &(*rows)[(*n)++];
	r->it = *it;
	src[0] = it->feed_title;
	src[1] = it->guid;
	src[2] = it->link;
	src[3] = it->title;
	src[4] = it->author;
	src[5] = NULL;
	for (i = 0; i < 6; i++)
		r->strs[i] = src[i] != NULL ? xstrdup(src[i]) : NULL;
	r->it.feed_title = r->strs[0];
	r->it.guid = r->strs[1];
	r->it.link = r->strs[2];
	r->it.title = r->strs[3];
	r->it.author = r->strs[4];
}

/*
 * Every feed's newest items, merged.  There is no index on the date of
 * all items, on purpose: new items land all over such an index, and
 * keeping it cost a reload of 1000 feeds 200 MB of extra writes.  Each
 * feed's list is an indexed walk that stops at limit + offset, so the
 * merge costs O(feeds x shown).
 */
static int
items_merged(struct store *s, const struct store_query *q, const char *sql,
    int (*fn)(void *arg, const struct store_item *it), void *arg,
    char **cause)
{
	struct row	*rows = NULL;
	sqlite3_stmt	*st = NULL, *feeds = NULL;
	size_t		 n = 0, size = 0, i, end;
	int		 rc, ret = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT id FROM feeds", -1, &feeds,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		fail(s, cause, "cannot list items");
		goto out;
	}
	while ((rc = sqlite3_step(feeds)) == SQLITE_ROW) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, sqlite3_column_int64(feeds, 0));
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_item it;

			item_row(st, &it);
			row_keep(&rows, &n, &size, &it);
		}
		if (rc != SQLITE_DONE)
			break;
	}
	if (rc != SQLITE_DONE) {
		fail(s, cause, "cannot list items");
		goto out;
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	end = q->limit > 0 && q->offset + q->limit < n ? q->offset + q->limit : n;
	for (i = q->offset; i < end; i++)
		if (fn(arg, &rows[i].it) != 0)
			break;
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		size_t	j;

		for (j = 0; j < 6; j++)
			free(rows[i].strs[j]);
	}
	free(rows);
	sqlite3_finalize(st);
	sqlite3_finalize(feeds);
	return ret;
}

/* Bind the type (?98) and the ignored names (?99, a JSON array) of q:
 * numbered apart from the others, which depend on what q asks. */
static void
bind_names(sqlite3_stmt *st, const struct store_query *q)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	if (q->entity_type > 0)
		sqlite3_bind_int(st, 98, q->entity_type - 1);
	if (q->nignore == 0)
		return;
	buf_putc(&b, '[');
	for (i = 0; i < q->nignore; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		json_string(&b, q->ignore[i]);
	}
	buf_putc(&b, ']');
	sqlite3_bind_text(st, 99, b.data, -1, SQLITE_TRANSIENT);
	buf_free(&b);
}

int
store_items(struct store *s, const struct store_query *q,
    int (*fn)(void *arg, const struct store_item *it), void *arg,
    char **cause)
{
	struct buf	 sql = { NULL, 0, 0 };
	sqlite3_stmt	*st;
	int		 rc, n = 1, merge = q->feed_id == 0 &&
			    q->match == NULL && q->entity == NULL &&
			    q->entity_type == 0 && q->nignore == 0;

	/* A search sees every stored item: index what is pending first. */
	if (q->match != NULL) {
		size_t	nidx;

		if (store_index_pending(s, 0, &nidx, cause) == -1)
			return -1;
	}
	buf_puts(&sql, "SELECT i.id, i.feed_id, coalesce(f.title, f.url),"
	    " i.guid, i.link, i.title, i.author, i.date, i.read, i.starred,"
	    " i.saved FROM items i JOIN feeds f ON f.id = i.feed_id"
	    " WHERE 1");
	if (q->feed_id != 0 || merge)
		buf_printf(&sql, " AND i.feed_id = ?%d", n++);
	if (q->unread)
		buf_puts(&sql, " AND i.read = 0");
	if (q->starred)
		buf_puts(&sql, " AND i.starred <> 0");
	if (q->saved)
		buf_puts(&sql, " AND i.saved <> 0");
	if (q->match != NULL)
		buf_printf(&sql, " AND i.id IN (SELECT rowid FROM search"
		    " WHERE search MATCH ?%d)", n++);
	if (q->entity != NULL)
		buf_printf(&sql, " AND i.id IN (SELECT item_id FROM mentions"
		    " WHERE name = ?%d%s)", n++, q->entity_type > 0 ?
		    " AND type = ?98" : "");
	else if (q->entity_type > 0)
		buf_puts(&sql, " AND i.id IN (SELECT item_id FROM mentions"
		    " WHERE type = ?98)");
	if (q->nignore > 0)
		buf_puts(&sql, " AND i.id NOT IN (SELECT item_id FROM mentions"
		    " WHERE name IN (SELECT value FROM json_each(?99)))");
	buf_puts(&sql, " ORDER BY i.date DESC, i.id DESC");
	if (merge) {
		if (q->limit > 0)
			buf_printf(&sql, " LIMIT %zu", q->limit + q->offset);
		rc = items_merged(s, q, sql.data, fn, arg, cause);
		buf_free(&sql);
		return rc;
	}
	if (q->limit > 0 || q->offset > 0)
		buf_printf(&sql, " LIMIT %lld OFFSET %zu",
		    q->limit > 0 ? (long long)q->limit : -1LL, q->offset);
	rc = sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return fail(s, cause, "cannot list items");
	n = 1;
	if (q->feed_id != 0)
		sqlite3_bind_int64(st, n++, q->feed_id);
	if (q->match != NULL)
		sqlite3_bind_text(st, n++, q->match, -1, SQLITE_STATIC);
	if (q->entity != NULL)
		sqlite3_bind_text(st, n++, q->entity, -1, SQLITE_STATIC);
	bind_names(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_item it;

		item_row(st, &it);
		if (fn(arg, &it) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		if (q->match != NULL && (sqlite3_errcode(s->db) == SQLITE_ERROR))
			*cause = xasprintf("bad search \"%s\": %s", q->match,
			    sqlite3_errmsg(s->db));
		else
			fail(s, cause, "cannot list items");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_item_flag(struct store *s, long long id, const char *flag, int on,
    char **cause)
{
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc;

	if (strcmp(flag, "read") != 0 && strcmp(flag, "starred") != 0 &&
	    strcmp(flag, "saved") != 0) {
		*cause = xasprintf("no such flag \"%s\"", flag);
		return -1;
	}
	sql = xasprintf("UPDATE items SET %s = ?2 WHERE id = ?1", flag);
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return fail(s, cause, "cannot mark an item");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, on != 0);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "cannot mark an item");
	return 0;
}

int
store_item_body(struct store *s, long long id, struct store_body *b,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(b, 0, sizeof(*b));
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(f.title, f.url),"
	    " i.link, i.title, i.author, i.summary, i.content, i.fulltext,"
	    " i.enclosures, i.date FROM items i JOIN feeds f"
	    " ON f.id = i.feed_id WHERE i.id = ?1", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot read an item");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		b->feed_title = col_dup(st, 0);
		b->link = col_dup(st, 1);
		b->title = col_dup(st, 2);
		b->author = col_dup(st, 3);
		b->summary = col_dup(st, 4);
		b->content = col_dup(st, 5);
		b->fulltext = col_dup(st, 6);
		b->enclosures = col_dup(st, 7);
		b->date = (time_t)sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		*cause = xasprintf("no item %lld in the cache", id);
		return -1;
	}
	if (rc != SQLITE_ROW)
		return fail(s, cause, "cannot read an item");
	return 0;
}

void
store_body_clear(struct store_body *b)
{
	free(b->feed_title);
	free(b->link);
	free(b->title);
	free(b->author);
	free(b->summary);
	free(b->content);
	free(b->fulltext);
	free(b->enclosures);
	memset(b, 0, sizeof(*b));
}

int
store_feed_mark_read(struct store *s, long long id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	/* One statement is one transaction: the trigger keeps the counts. */
	if (sqlite3_prepare_v2(s->db, id != 0 ?
	    "UPDATE items SET read = 1 WHERE feed_id = ?1 AND read = 0" :
	    "UPDATE items SET read = 1 WHERE read = 0", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(s, cause, "cannot mark a feed read");
	if (id != 0)
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "cannot mark a feed read");
	return 0;
}

/* Make the names of spans in text the mentions of item id, replacing
 * any it had: tagging a story twice (once shown, once by the idle
 * pass) counts its names once. */
static int
mentions_add(struct store *s, long long id, const char *text, size_t len,
    const struct ner_spans *sp, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = 0;

	if (sqlite3_prepare_v2(s->db, "DELETE FROM mentions WHERE item_id = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot index the names");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	if (rc == -1)
		return fail(s, cause, "cannot index the names");
	if (sqlite3_prepare_v2(s->db, "INSERT INTO mentions (name, type,"
	    " item_id, n) VALUES (?1, ?2, ?3, 1) ON CONFLICT DO UPDATE"
	    " SET n = n + 1", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot index the names");
	for (i = 0; i < sp->n && rc == 0; i++) {
		const struct ner_span *e = &sp->v[i];

		if (e->end <= e->start || e->end > len ||
		    e->end - e->start > 200)
			continue;
		sqlite3_bind_text(st, 1, text + e->start,
		    (int)(e->end - e->start), SQLITE_STATIC);
		sqlite3_bind_int(st, 2, e->type);
		sqlite3_bind_int64(st, 3, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = fail(s, cause, "cannot index the names");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Tag the story of the current row of st (id, title, text) and make
 * its names its mentions; text and sp are the caller's scratch. */
static int
tag_row(struct store *s, const struct ner_model *m, sqlite3_stmt *st,
    struct buf *text, struct ner_spans *sp, char **cause)
{
	const char	*title = (const char *)sqlite3_column_text(st, 1);
	const char	*body = (const char *)sqlite3_column_text(st, 2);

	/* The words as the reader shows them: title, then text. */
	buf_clear(text);
	if (title != NULL)
		plain_from_html(title, strlen(title), text);
	buf_puts(text, "\n\n");
	if (body != NULL)
		plain_from_html(body, strlen(body), text);
	ner_tag(m, text->data, text->len, sp);
	return mentions_add(s, sqlite3_column_int64(st, 0), text->data,
	    text->len, sp, cause);
}

/* Run sql, binding ?1 to a1 and ?2 to a2 when it has them; for a
 * statement that returns nothing. */
static int
run2(struct store *s, const char *sql, long long a1, long long a2,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot index the names");
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a1);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, a2);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    fail(s, cause, "cannot index the names");
}

/* Open the transaction of a tagging pass and return the mark below
 * which every story has been tagged; -1 (nothing open) on error. */
static long long
tag_begin(struct store *s, char **cause)
{
	sqlite3_stmt	*st;
	long long	 upto = -1;

	if (s->busy) {
		*cause = xstrdup("a feed update is open");
		return -1;
	}
	if (exec(s, "BEGIN IMMEDIATE", "cannot index the names", cause) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key ="
	    " 'tagged_upto'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		upto = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (upto < 0) {
		fail(s, cause, "cannot index the names");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return upto;
}

/* Close a tagging pass: commit it when ok (else roll it back), and free
 * its statement and scratch buffers; -1 when it is not committed. */
static int
tag_end(struct store *s, int ok, sqlite3_stmt **st, struct buf *text,
    struct ner_spans *sp, char **cause)
{
	sqlite3_finalize(*st);
	*st = NULL;
	buf_free(text);
	ner_spans_free(sp);
	if (ok && exec(s, "COMMIT", "cannot index the names", cause) == 0)
		return 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
store_tag_pending(struct store *s, const struct ner_model *m, size_t limit,
    size_t *done, char **cause)
{
	struct buf	 text = { NULL, 0, 0 };
	struct ner_spans sp = { NULL, 0, 0 };
	sqlite3_stmt	*st = NULL;
	long long	 upto, last, id;
	size_t		 n;
	int		 rc;

	*done = 0;
	if ((upto = tag_begin(s, cause)) < 0)
		return -1;
	/* First the stories changed in place, then the new ones. */
	if (sqlite3_prepare_v2(s->db, "SELECT i.id, i.title,"
	    " coalesce(i.content, i.summary) FROM tag_pending p"
	    " JOIN items i ON i.id = p.id ORDER BY p.id LIMIT ?1", -1, &st,
	    NULL) != SQLITE_OK) {
		st = NULL;
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, limit > 0 ? (sqlite3_int64)limit : -1);
	id = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (tag_row(s, m, st, &text, &sp, cause) == -1)
			goto fail;
		(*done)++;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Not deleted while the query walks the table: all at once. */
	if (rc != SQLITE_DONE) {
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	if (id > 0 && run2(s, "DELETE FROM tag_pending WHERE id <= ?1", id, 0,
	    cause) == -1)
		goto fail;
	if (limit > 0 && *done >= limit)
		goto commit;
	if (sqlite3_prepare_v2(s->db, "SELECT id, title,"
	    " coalesce(content, summary) FROM items WHERE id > ?1"
	    " AND id NOT IN (SELECT id FROM tag_done)"
	    " ORDER BY id LIMIT ?2", -1, &st, NULL) != SQLITE_OK) {
		st = NULL;
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, upto);
	sqlite3_bind_int64(st, 2, limit > 0 ? (sqlite3_int64)(limit - *done) :
	    -1);
	last = upto;
	n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		if (tag_row(s, m, st, &text, &sp, cause) == -1)
			goto fail;
		(*done)++;
		n++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	/* All caught up: the mark passes the stories tagged when shown
	 * too. */
	if (limit == 0 || n < limit - (*done - n))
		last = -1;
	if (run2(s, last >= 0 ?
	    "UPDATE meta SET value = ?1 WHERE key = 'tagged_upto'" :
	    "UPDATE meta SET value = (SELECT max(?2, coalesce(max(id), 0))"
	    " FROM items) WHERE key = 'tagged_upto'", last, upto,
	    cause) == -1 ||
	    run2(s, "DELETE FROM tag_done WHERE id <= (SELECT value FROM meta"
	    " WHERE key = 'tagged_upto')", 0, 0, cause) == -1)
		goto fail;
commit:
	if (tag_end(s, 1, &st, &text, &sp, cause) == 0)
		return 0;
	*done = 0;
	return -1;
fail:
	tag_end(s, 0, &st, &text, &sp, cause);
	*done = 0;
	return -1;
}

int
store_tag_item(struct store *s, const struct ner_model *m, long long id,
    char **cause)
{
	struct buf	 text = { NULL, 0, 0 };
	struct ner_spans sp = { NULL, 0, 0 };
	sqlite3_stmt	*st = NULL;
	long long	 upto;
	int		 rc, tagged = 0;

	if ((upto = tag_begin(s, cause)) < 0)
		return -1;
	/* Tagged already: at or below the mark or tagged when shown, and
	 * not changed since. */
	if (sqlite3_prepare_v2(s->db, "SELECT i.id, i.title,"
	    " coalesce(i.content, i.summary) FROM items i WHERE i.id = ?1"
	    " AND ((i.id > ?2 AND i.id NOT IN (SELECT id FROM tag_done))"
	    " OR i.id IN (SELECT id FROM tag_pending))", -1,
	    &st, NULL) != SQLITE_OK) {
		st = NULL;
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, upto);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (tag_row(s, m, st, &text, &sp, cause) == -1 ||
		    run2(s, "DELETE FROM tag_pending WHERE id = ?1", id, 0,
		    cause) == -1 || (id > upto && run2(s, "INSERT OR IGNORE"
		    " INTO tag_done VALUES (?1)", id, 0, cause) == -1))
			goto fail;
		tagged = 1;
	} else if (rc != SQLITE_DONE) {
		fail(s, cause, "cannot index the names");
		goto fail;
	}
	return tag_end(s, 1, &st, &text, &sp, cause) == 0 ? tagged : -1;
fail:
	tag_end(s, 0, &st, &text, &sp, cause);
	return -1;
}

/* Call fn for each (name, type, count) row of st, then finalize st. */
static int
names_rows(struct store *s, sqlite3_stmt *st,
    int (*fn)(void *arg, const struct store_name *nm), void *arg,
    char **cause)
{
	struct store_name nm;
	int		 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		nm.name = (const char *)sqlite3_column_text(st, 0);
		nm.type = sqlite3_column_int(st, 1);
		nm.count = (long)sqlite3_column_int64(st, 2);
		if (fn(arg, &nm) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "cannot list the names");
	return 0;
}

int
store_names_top(struct store *s, time_t since, long long feed_id,
    size_t limit, int (*fn)(void *arg, const struct store_name *nm),
    void *arg, char **cause)
{
	sqlite3_stmt	*st;

	/* Stories, not mentions, are counted: a name said ten times in
	 * one story is one story about it. */
	if (sqlite3_prepare_v2(s->db, "SELECT m.name, m.type, count(*) AS c"
	    " FROM mentions m JOIN items i ON i.id = m.item_id"
	    " WHERE i.date >= ?1 AND (?2 = 0 OR i.feed_id = ?2)"
	    " GROUP BY m.name, m.type ORDER BY c DESC, m.name LIMIT ?3", -1,
	    &st, NULL) != SQLITE_OK)
		return fail(s, cause, "cannot list the names");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
	sqlite3_bind_int64(st, 2, feed_id);
	sqlite3_bind_int64(st, 3, limit > 0 ? (sqlite3_int64)limit : -1);
	return names_rows(s, st, fn, arg, cause);
}
