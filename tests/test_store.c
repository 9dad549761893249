/*
 * Unit tests for the cache (store), the HTML-to-words helper (plain) and
 * the subscription file edits (subs_append, subs_replace_url).  Each test
 * works in its own temporary directory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "check.h"
#include "plain.h"
#include "store.h"
#include "subs.h"
#include "xmalloc.h"

static char	tmpdir[] = "/tmp/tidings-test-store.XXXXXX";

/* Returns an allocated path in the test's directory. */
static char *
tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* A fresh cache at a new path; dies if it cannot be opened. */
static struct store *
fresh(const char *name)
{
	struct store	*s;
	char		*path = tmp(name), *cause = NULL;

	unlink(path);
	if (store_open(path, &s, &cause) == -1) {
		fprintf(stderr, "store_open: %s\n", cause);
		exit(1);
	}
	free(path);
	return s;
}

/* Fill e as an item with these fields (strings copied). */
static void
item(struct feed_entry *e, const char *id, const char *link,
    const char *title, const char *content, time_t published)
{
	memset(e, 0, sizeof(*e));
	e->id = id ? xstrdup(id) : NULL;
	e->link = link ? xstrdup(link) : NULL;
	e->title = title ? xstrdup(title) : NULL;
	e->content = content ? xstrdup(content) : NULL;
	if (published) {
		e->published = published;
		e->has_published = 1;
	}
}

/* Store the n entries as one update of feed id; returns the stats. */
static struct store_stats
update(struct store *s, long long id, struct feed_entry *v, size_t n,
    size_t keep)
{
	struct store_update *u;
	struct store_stats st;
	char		*cause = NULL;
	size_t		 i;

	memset(&st, 0, sizeof(st));
	if (store_update_begin(s, id, &u, &cause) == -1) {
		fprintf(stderr, "begin: %s\n", cause);
		check_failures++;
		free(cause);
		return st;
	}
	for (i = 0; i < n; i++)
		if (store_update_item(u, &v[i], &cause) == -1) {
			fprintf(stderr, "item: %s\n", cause);
			check_failures++;
			free(cause);
			cause = NULL;
		}
	if (store_update_commit(u, NULL, "\"etag\"", NULL, keep, &st,
	    &cause) == -1) {
		fprintf(stderr, "commit: %s\n", cause);
		check_failures++;
		free(cause);
	}
	return st;
}

/* Collects listed items: titles joined with '|', ids in order. */
struct seen {
	struct buf	 titles;
	long long	 ids[64];
	size_t		 n;
};

static int
collect(void *arg, const struct store_item *it)
{
	struct seen	*s = arg;

	if (s->titles.len > 0)
		buf_putc(&s->titles, '|');
	buf_puts(&s->titles, it->title ? it->title : "-");
	if (it->read)
		buf_puts(&s->titles, "(r)");
	if (it->starred)
		buf_puts(&s->titles, "(*)");
	if (s->n < 64)
		s->ids[s->n++] = it->id;
	return 0;
}

/* The titles q lists, '|'-joined (static buffer freed on the next call). */
static const char *
titles(struct store *s, const struct store_query *q)
{
	static struct seen seen;
	char		*cause = NULL;

	buf_free(&seen.titles);
	seen.n = 0;
	if (store_items(s, q, collect, &seen, &cause) == -1) {
		fprintf(stderr, "store_items: %s\n", cause);
		free(cause);
		return "(error)";
	}
	return seen.titles.data ? seen.titles.data : "";
}

static void
free_items(struct feed_entry *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		feed_entry_clear(&v[i]);
}

static void
test_open_creates_and_reopens(void)
{
	struct store	*s;
	struct store_feed f;
	long long	 id, id2;
	char		*cause = NULL, *path = tmp("sub/dir/cache.db");

	CHECK_INT(store_open(path, &s, &cause), 0);
	CHECK_INT(store_feed_add(s, "http://a.example/feed", &id, &cause), 0);
	CHECK_INT(store_feed_add(s, "http://a.example/feed", &id2, &cause), 0);
	CHECK_INT(id, id2);		/* the same feed, not a second row */
	store_close(s);
	CHECK_INT(store_open(path, &s, &cause), 0);
	CHECK_INT(store_feed_get(s, id, &f, &cause), 0);
	CHECK_STR(f.url, "http://a.example/feed");
	CHECK_INT(f.total, 0);
	store_feed_clear(&f);
	store_close(s);
	free(path);
}

static void
test_newer_cache_refused_untouched(void)
{
	struct store	*s;
	sqlite3		*db;
	char		*cause = NULL, *path = tmp("newer.db");
	FILE		*f;
	char		 head[16];

	unlink(path);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "CREATE TABLE x(y); PRAGMA user_version ="
	    " 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(store_open(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "newer tidings") != NULL);
	free(cause);
	cause = NULL;
	/* Still version 999 and still the old journal mode. */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_INT(sqlite3_column_int(st, 0), 999);
		sqlite3_finalize(st);
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_STR((const char *)sqlite3_column_text(st, 0), "delete");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);

	/* A file that is not a database at all. */
	free(path);
	path = tmp("notadb");
	f = fopen(path, "w");
	fputs("this is not a database, it is somebody's notes\n", f);
	fclose(f);
	CHECK_INT(store_open(path, &s, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "not a tidings cache") != NULL);
	free(cause);
	f = fopen(path, "r");
	CHECK(fgets(head, sizeof(head), f) != NULL);
	CHECK_STR(head, "this is not a d");
	fclose(f);
	free(path);
}

/* The integer the statement sql returns on db, or -1. */
static long long
sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * A cache of an older tidings is brought up to date when opened, its
 * stories, marks and search index kept: one made now and taken back to
 * schema 1 (no entity index) and to schema 2 (no re-tagging queue), as
 * those versions left it.
 */
static void
test_older_cache_migrates(void)
{
	static const char *const back[] = {
		/* to 1 */
		"DROP TRIGGER items_ad_mentions; DROP TABLE mentions;"
		" DELETE FROM meta WHERE key = 'tagged_upto';"
		" DROP TRIGGER items_au_names; DROP TRIGGER items_ad_tag;"
		" DROP TABLE tag_pending; DROP TABLE tag_done;"
		" PRAGMA user_version = 1",
		/* to 2 */
		"DROP TRIGGER items_au_names; DROP TRIGGER items_ad_tag;"
		" DROP TABLE tag_pending; DROP TABLE tag_done;"
		" PRAGMA user_version = 2",
	};
	struct feed_entry v[2];
	struct store_query q;
	struct store	*s;
	sqlite3		*db;
	char		*cause = NULL, *path;
	long long	 id;
	size_t		 k;

	for (k = 0; k < 2; k++) {
		path = tmp("old.db");
		s = fresh("old.db");
		store_feed_add(s, "http://a.example/old", &id, &cause);
		item(&v[0], "1", "http://a.example/1", "Tunnel", "<p>A tunnel "
		    "under the Alps.</p>", 1000);
		item(&v[1], "2", "http://a.example/2", "Storm", "<p>Rain.</p>",
		    2000);
		update(s, id, v, 2, 500);
		free_items(v, 2);
		store_close(s);

		CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
		CHECK_INT(sqlite3_exec(db, back[k], NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);

		CHECK_INT(store_open(path, &s, &cause), 0);
		if (s == NULL) {
			free(cause);
			free(path);
			return;
		}
		memset(&q, 0, sizeof(q));
		CHECK_STR(titles(s, &q), "Storm|Tunnel");
		q.match = "alps";
		CHECK_STR(titles(s, &q), "Tunnel");
		/* An edit in place now queues the story for tagging. */
		item(&v[0], "1", "http://a.example/1", "Tunnel", "<p>A tunnel "
		    "under the Pyrenees.</p>", 1000);
		update(s, id, v, 1, 500);
		free_items(v, 1);
		store_close(s);

		CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
		CHECK_INT(sql_int(db, "PRAGMA user_version"), 3);
		CHECK_INT(sql_int(db, "SELECT count(*) FROM tag_pending"), 1);
		CHECK_INT(sql_int(db, "SELECT count(*) FROM meta"
		    " WHERE key = 'tagged_upto'"), 1);
		CHECK_INT(sql_int(db, "SELECT count(*) FROM items"), 2);
		CHECK_INT(sql_int(db, "SELECT count(*) FROM pragma_integrity_check"
		    " WHERE integrity_check = 'ok'"), 1);
		sqlite3_close(db);
		free(path);
	}
}

static void
test_update_dedupes_and_keeps_state(void)
{
	struct store	*s = fresh("dedupe.db");
	struct store_query q;
	struct store_feed f;
	struct store_stats st;
	struct feed_entry v[4];
	long long	 id, first;
	char		*cause = NULL;

	memset(&q, 0, sizeof(q));
	store_feed_add(s, "http://b.example/", &id, &cause);
	item(&v[0], "guid-1", "http://b.example/1", "One", "<p>first</p>", 1000);
	item(&v[1], NULL, "http://b.example/2", "Two", "second", 2000);
	item(&v[2], NULL, NULL, "Three", "third, no id nor link", 3000);
	st = update(s, id, v, 3, 100);
	CHECK_INT(st.added, 3);
	CHECK_STR(titles(s, &q), "Three|Two|One");
	CHECK_INT(store_feed_get(s, id, &f, &cause), 0);
	CHECK_INT(f.total, 3);
	CHECK_INT(f.unread, 3);
	CHECK_STR(f.etag, "\"etag\"");
	store_feed_clear(&f);

	/* Mark One read and starred, then the feed sends it again, changed
	 * (new title, same guid), and the others unchanged. */
	{
		struct seen	sn;

		memset(&sn, 0, sizeof(sn));
		q.limit = 1;
		q.offset = 2;
		store_items(s, &q, collect, &sn, &cause);
		CHECK_INT(sn.n, 1);
		first = sn.ids[0];
		buf_free(&sn.titles);
		q.limit = 0;
		q.offset = 0;
	}
	CHECK_INT(store_item_flag(s, first, "read", 1, &cause), 0);
	CHECK_INT(store_item_flag(s, first, "starred", 1, &cause), 0);
	CHECK_INT(store_item_flag(s, first, "bogus", 1, &cause), -1);
	free(cause);
	cause = NULL;
	free(v[0].title);
	v[0].title = xstrdup("One, corrected");
	st = update(s, id, v, 3, 100);
	CHECK_INT(st.added, 0);
	CHECK_INT(st.updated, 1);
	CHECK_INT(st.unchanged, 2);
	CHECK_STR(titles(s, &q), "Three|Two|One, corrected(r)(*)");
	CHECK_INT(store_feed_get(s, id, &f, &cause), 0);
	CHECK_INT(f.total, 3);
	CHECK_INT(f.unread, 2);
	store_feed_clear(&f);
	q.unread = 1;
	CHECK_STR(titles(s, &q), "Three|Two");
	q.unread = 0;
	q.starred = 1;
	CHECK_STR(titles(s, &q), "One, corrected(r)(*)");
	q.starred = 0;

	/* An item with the same link in another feed is another item. */
	{
		long long	id2;

		store_feed_add(s, "http://c.example/", &id2, &cause);
		item(&v[3], NULL, "http://b.example/2", "Two elsewhere", "x",
		    2500);
		st = update(s, id2, &v[3], 1, 100);
		CHECK_INT(st.added, 1);
		q.feed_id = id2;
		CHECK_STR(titles(s, &q), "Two elsewhere");
		q.feed_id = 0;
	}
	free_items(v, 4);
	store_close(s);
}

static void
test_retention_keeps_starred_and_current(void)
{
	struct store	*s = fresh("retain.db");
	struct store_query q;
	struct store_stats st;
	struct feed_entry v[6];
	long long	 id;
	char		*cause = NULL, g[16];
	size_t		 i;

	memset(&q, 0, sizeof(q));
	store_feed_add(s, "http://r.example/", &id, &cause);
	for (i = 0; i < 6; i++) {
		char	t[8];

		snprintf(g, sizeof(g), "g%zu", i);
		snprintf(t, sizeof(t), "t%zu", i);
		item(&v[i], g, NULL, t, "text", (time_t)(1000 + i));
	}
	update(s, id, v, 6, 1);
	CHECK_STR(titles(s, &q), "t5|t4|t3|t2|t1|t0");
	/* Star t0; the feed now lists only t5: keep t5, the newest other
	 * (t4) and the starred t0. */
	{
		struct seen sn;

		memset(&sn, 0, sizeof(sn));
		store_items(s, &q, collect, &sn, &cause);
		CHECK_INT(store_item_flag(s, sn.ids[5], "starred", 1, &cause), 0);
		buf_free(&sn.titles);
	}
	st = update(s, id, &v[5], 1, 1);
	CHECK_INT(st.dropped, 3);
	CHECK_STR(titles(s, &q), "t5|t4|t0(*)");
	free_items(v, 6);
	store_close(s);
}

static void
test_search_follows_updates(void)
{
	struct store	*s = fresh("search.db");
	struct store_query q;
	struct feed_entry v[2];
	long long	 id;
	char		*cause = NULL;

	memset(&q, 0, sizeof(q));
	store_feed_add(s, "http://s.example/", &id, &cause);
	item(&v[0], "a", NULL, "Harbour <b>reopens</b>",
	    "<p>Ships return to Valpara&iacute;so</p><script>zebra()</script>",
	    100);
	item(&v[1], "b", NULL, "Budget vote", "<p>Parliament debates</p>", 200);
	update(s, id, v, 2, 10);
	q.match = "valparaiso";		/* diacritics folded, entity decoded */
	CHECK_STR(titles(s, &q), "Harbour <b>reopens</b>");
	q.match = "zebra";		/* script text is not indexed */
	CHECK_STR(titles(s, &q), "");
	q.match = "reopens";		/* the title's words, not its tags */
	CHECK_STR(titles(s, &q), "Harbour <b>reopens</b>");
	q.match = "b";
	CHECK_STR(titles(s, &q), "");
	/* The story changes: the index follows. */
	free(v[0].content);
	v[0].content = xstrdup("<p>Ships stay in Antofagasta</p>");
	update(s, id, v, 2, 10);
	q.match = "valparaiso";
	CHECK_STR(titles(s, &q), "");
	q.match = "antofagasta";
	CHECK_STR(titles(s, &q), "Harbour <b>reopens</b>");
	/* A bad query is an error with a cause, not a crash. */
	q.match = "\"unbalanced";
	{
		struct seen sn;

		memset(&sn, 0, sizeof(sn));
		CHECK_INT(store_items(s, &q, collect, &sn, &cause), -1);
		CHECK(cause != NULL && strstr(cause, "bad search") != NULL);
		free(cause);
		buf_free(&sn.titles);
	}
	free_items(v, 2);
	store_close(s);
}

/* New items must reach the index even when the newest stored item was
 * deleted after the last indexing (ids are never reused below the mark). */
static void
test_search_after_newest_deleted(void)
{
	struct store	*s = fresh("mark.db");
	struct store_query q;
	struct feed_entry v[3];
	long long	 id;
	char		*cause = NULL;

	memset(&q, 0, sizeof(q));
	store_feed_add(s, "http://m.example/", &id, &cause);
	item(&v[0], "old", NULL, "Old", "<p>walrus</p>", 100);
	item(&v[1], "newest", NULL, "Newest", "<p>narwhal</p>", 300);
	item(&v[2], "later", NULL, "Later", "<p>narwhal again</p>", 200);
	update(s, id, v, 2, 0);
	q.match = "narwhal";		/* indexes both */
	CHECK_STR(titles(s, &q), "Newest");
	/* The feed drops "Newest" (the highest id): retention deletes it. */
	update(s, id, v, 1, 0);
	CHECK_STR(titles(s, &q), "");
	/* A new item now must get an id above the mark and be found. */
	update(s, id, &v[2], 1, 10);
	CHECK_STR(titles(s, &q), "Later");
	q.match = "walrus";
	CHECK_STR(titles(s, &q), "Old");
	free_items(v, 3);
	store_close(s);
}

static void
test_failed_feed_keeps_items(void)
{
	struct store	*s = fresh("failed.db");
	struct store_query q;
	struct store_feed f;
	struct feed_entry v[1];
	long long	 id;
	char		*cause = NULL;

	memset(&q, 0, sizeof(q));
	store_feed_add(s, "http://f.example/", &id, &cause);
	item(&v[0], "x", NULL, "Kept", "text", 100);
	update(s, id, v, 1, 10);
	CHECK_INT(store_feed_failed(s, id, "HTTP 500", &cause), 0);
	CHECK_INT(store_feed_get(s, id, &f, &cause), 0);
	CHECK_STR(f.error, "HTTP 500");
	CHECK_INT(f.total, 1);
	store_feed_clear(&f);
	CHECK_STR(titles(s, &q), "Kept");
	CHECK_INT(store_feed_unchanged(s, id, &cause), 0);
	CHECK_INT(store_feed_get(s, id, &f, &cause), 0);
	CHECK(f.error == NULL);
	CHECK(f.checked > 0);
	store_feed_clear(&f);
	/* An aborted update leaves nothing behind. */
	{
		struct store_update *u;

		free(v[0].id);
		v[0].id = xstrdup("y");
		CHECK_INT(store_update_begin(s, id, &u, &cause), 0);
		CHECK_INT(store_update_item(u, &v[0], &cause), 0);
		store_update_abort(u);
		CHECK_STR(titles(s, &q), "Kept");
	}
	free_items(v, 1);
	store_close(s);
}

static void
test_plain_from_html(void)
{
	struct buf	b = { NULL, 0, 0 };
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "<p>Hello <b>wor</b>ld</p><p>Next</p>", "Hello world\nNext" },
		{ "a &amp; b &lt;c&gt; &#233;&#x20AC; &eacute; &bogus; AT&T",
		    "a & b <c> \xc3\xa9\xe2\x82\xac \xc3\xa9 &bogus; AT&T" },
		{ "x<script>if (a<b) y()</script>y<style>p{}</style>z", "xyz" },
		{ "1 < 2 and <!-- hidden --> 3", "1 < 2 and 3" },
		{ "  lots \n\t of   space  ", "lots of space" },
		{ "<td>a</td><td>b</td>", "a b" },
		{ "<p>unclosed <a href='x", "unclosed" },
		{ "<![CDATA[raw <text>]]> after", "raw <text> after" },
		{ "&#0; &#xD800; &#99999999;", "\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd" },
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_clear(&b);
		plain_from_html(cases[i].in, strlen(cases[i].in), &b);
		CHECK_STR(b.data ? b.data : "", cases[i].out);
	}
	buf_free(&b);
}

static void
test_subs_edits(void)
{
	struct subs	 s;
	struct sub	 add;
	char		*path = tmp("urls"), *cause = NULL;
	char		 t1[] = "a tag", t2[] = "plain", u[] = "http://new.example/rss";
	char		 ti[] = "Say \"hi\"", *tags[] = { t1, t2 };
	FILE		*f;

	f = fopen(path, "w");
	fputs("# my feeds\nhttp://old.example/feed \"~Old name\" news\n"
	    "http://other.example/ x", f);	/* no final newline */
	fclose(f);
	memset(&add, 0, sizeof(add));
	add.url = u;
	add.title = ti;
	add.tags = tags;
	add.ntags = 2;
	CHECK_INT(subs_append(path, &add, 1, &cause), 0);
	CHECK_INT(subs_replace_url(path, "http://old.example/feed",
	    "https://old.example/feed", &cause), 0);
	CHECK_INT(subs_replace_url(path, "http://nothere/", "x", &cause), -1);
	free(cause);
	cause = NULL;
	CHECK_INT(subs_load(path, &s, &cause), 0);
	CHECK_INT(s.n, 3);
	if (s.n == 3) {
		CHECK_STR(s.v[0].url, "https://old.example/feed");
		CHECK_STR(s.v[0].title, "Old name");
		CHECK_STR(s.v[0].tags[0], "news");
		CHECK_STR(s.v[1].url, "http://other.example/");
		CHECK_STR(s.v[2].url, "http://new.example/rss");
		CHECK_STR(s.v[2].title, "Say \"hi\"");
		CHECK_INT(s.v[2].ntags, 2);
		CHECK_STR(s.v[2].tags[0], "a tag");
	}
	subs_free(&s);
	free(path);
}

static const struct check_test tests[] = {
	{ "open_creates_and_reopens", test_open_creates_and_reopens },
	{ "newer_cache_refused_untouched", test_newer_cache_refused_untouched },
	{ "older_cache_migrates", test_older_cache_migrates },
	{ "update_dedupes_and_keeps_state", test_update_dedupes_and_keeps_state },
	{ "retention_keeps_starred_and_current",
	    test_retention_keeps_starred_and_current },
	{ "search_follows_updates", test_search_follows_updates },
	{ "search_after_newest_deleted", test_search_after_newest_deleted },
	{ "failed_feed_keeps_items", test_failed_feed_keeps_items },
	{ "plain_from_html", test_plain_from_html },
	{ "subs_edits", test_subs_edits },
	{ NULL, NULL }
};

int
main(void)
{
	int	rc;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	rc = check_main(tests);
	if (rc == 0) {
		char	*cmd = xasprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
		free(cmd);
	}
	return rc;
}
