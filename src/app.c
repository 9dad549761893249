/*
 * The reader's state machine (see app.h): actions move cursors, open
 * stories, change flags in the cache and queue reloads; each change sets
 * the dirty bits of what must be drawn again.  Lists are loaded from the
 * cache only when shown: the stories of one feed, the article of one
 * story, so start-up costs the first screen, not the cache.
 */
#include "config.h"

#include <stdarg.h>
#include <strings.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

static void	reload_queue(struct app *, size_t);

/* Returns a printable one-line copy of s, or NULL for NULL. */
static char *
clean(const char *s)
{
	return s != NULL ? text_oneline(s, strlen(s)) : NULL;
}

void
app_status(struct app *app, int error, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	free(app->status);
	/* Messages may quote feed text: filter them like everything else. */
	app->status = msg != NULL ? clean(msg) : NULL;
	free(msg);
	app->status_error = error;
	app->dirty |= DIRTY_STATUS;
}

/* Show a failure with its cause, which is freed. */
static void
app_fail(struct app *app, const char *what, char *cause)
{
	app_status(app, 1, "%s: %s", what, cause != NULL ? cause : "failed");
	free(cause);
}

static void
items_clear(struct app *app)
{
	size_t	i;

	for (i = 0; i < app->nitems; i++) {
		free(app->items[i].feed);
		free(app->items[i].title);
		free(app->items[i].link);
	}
	free(app->items);
	app->items = NULL;
	app->nitems = 0;
}

struct collect {
	struct app	*app;
	size_t		 size;
};

static int
collect_item(void *arg, const struct store_item *it)
{
	struct collect	*c = arg;
	struct app	*app = c->app;
	struct app_item	*d;

	if (app->nitems == c->size) {
		c->size = c->size ? c->size * 2 : 64;
		app->items = xreallocarray(app->items, c->size,
		    sizeof(*app->items));
	}
	d = &app->items[app->nitems++];
	d->id = it->id;
	d->feed_id = it->feed_id;
	d->feed = clean(it->feed_title);
	d->title = clean(it->title != NULL && *it->title != '\0' ?
	    it->title : "(untitled)");
	d->link = it->link != NULL ? xstrdup(it->link) : NULL;
	d->date = it->date;
	d->read = it->read;
	d->starred = it->starred;
	d->saved = it->saved;
	return 0;
}

/* Words of a virtual feed's query: "unread", "starred" and "saved" pick
 * flags, "tag:NAME" the subscriptions with that tag, entity:"Some Name"
 * and type:PER (ORG, LOC, MISC) the stories naming them; the rest is a
 * full-text query.  A word may hold double-quoted spaces. */
struct vquery {
	struct store_query	 q;
	char			*tag;
	char			*entity;
	struct buf		 match;
};

/* The next word of *p (quotes kept), or NULL at the end; caller frees. */
static char *
vquery_word(const char **p)
{
	const char	*s = *p, *start;
	int		 quoted = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	start = s;
	while (*s != '\0' && (quoted || (*s != ' ' && *s != '\t'))) {
		if (*s == '"')
			quoted = !quoted;
		s++;
	}
	*p = s;
	return xstrndup(start, (size_t)(s - start));
}

/* The type named s ("PER", "org" ...) as 1 + enum ner_type, or 0. */
static int
type_parse(const char *s)
{
	int	t;

	for (t = 0; t < NER_NTYPES; t++)
		if (strcasecmp(s, ner_type_name(t)) == 0)
			return t + 1;
	return 0;
}

static void
vquery_parse(struct vquery *v, const char *query)
{
	const char	*p = query;
	char		*w;
	size_t		 n;

	memset(v, 0, sizeof(*v));
	while ((w = vquery_word(&p)) != NULL) {
		if (strcmp(w, "unread") == 0)
			v->q.unread = 1;
		else if (strcmp(w, "starred") == 0)
			v->q.starred = 1;
		else if (strcmp(w, "saved") == 0)
			v->q.saved = 1;
		else if (strncmp(w, "tag:", 4) == 0 && v->tag == NULL)
			v->tag = xstrdup(w + 4);
		else if (strncmp(w, "entity:", 7) == 0 && v->entity == NULL) {
			n = strlen(w + 7);
			if (n >= 2 && w[7] == '"' && w[6 + n] == '"')
				v->entity = xstrndup(w + 8, n - 2);
			else
				v->entity = xstrdup(w + 7);
		} else if (strncmp(w, "type:", 5) == 0 && type_parse(w + 5))
			v->q.entity_type = type_parse(w + 5);
		else {
			if (v->match.len > 0)
				buf_putc(&v->match, ' ');
			buf_puts(&v->match, w);
		}
		free(w);
	}
	v->q.match = v->match.len > 0 ? v->match.data : NULL;
	v->q.entity = v->entity;
}

/* Returns 1 when the space-separated tags hold tag. */
static int
has_tag(const char *tags, const char *tag)
{
	size_t	n = strlen(tag);
	const char *p = tags;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, tag, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct app_item *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* How many stories a virtual feed shows at most. */
#define VIRTUAL_MAX	2000

/* Load the stories of feeds[i] into the stories pane, keeping the
 * cursor on the same story when it is still there. */
static void
items_load(struct app *app, size_t i)
{
	struct app_feed	*f = &app->feeds[i];
	struct collect	 c = { app, 0 };
	long long	 keep = 0;
	char		*cause = NULL;
	size_t		 j;
	int		 rc = 0;

	if (app->items_of == i && app->nitems > 0)
		keep = app->items[app->lv[PANE_ITEMS].cur].id;
	else
		app->lv[PANE_ITEMS].cur = app->lv[PANE_ITEMS].top = 0;
	items_clear(app);
	app->items_of = i;
	if (f->query == NULL) {
		struct store_query q;

		memset(&q, 0, sizeof(q));
		q.feed_id = f->feed_id;
		q.ignore = (const char *const *)app->conf->ignore;
		q.nignore = app->conf->nignore;
		rc = store_items(app->store, &q, collect_item, &c, &cause);
	} else {
		struct vquery	v;

		vquery_parse(&v, f->query);
		v.q.limit = VIRTUAL_MAX;
		v.q.ignore = (const char *const *)app->conf->ignore;
		v.q.nignore = app->conf->nignore;
		/* Names are indexed while the reader is idle: catch up a
		 * little before a query that needs them. */
		if ((v.entity != NULL || v.q.entity_type > 0) &&
		    app->ner != NULL) {
			size_t	ntag;
			char	*tcause = NULL;

			if (store_tag_pending(app->store, app->ner, 2000, &ntag,
			    &tcause) == -1)
				free(tcause);
		}
		if (v.tag == NULL)
			rc = store_items(app->store, &v.q, collect_item, &c,
			    &cause);
		else {
			/* One indexed query per tagged feed, merged. */
			for (j = 0; j < app->nfeeds && rc == 0; j++)
				if (app->feeds[j].query == NULL &&
				    has_tag(app->feeds[j].tags, v.tag)) {
					v.q.feed_id = app->feeds[j].feed_id;
					rc = store_items(app->store, &v.q,
					    collect_item, &c, &cause);
				}
			if (app->nitems > 0)
				qsort(app->items, app->nitems,
				    sizeof(*app->items), cmp_item);
			if (app->nitems > VIRTUAL_MAX)
				app->nitems = VIRTUAL_MAX;	/* freed below */
		}
		free(v.tag);
		free(v.entity);
		buf_free(&v.match);
		f->total = (long)app->nitems;
		f->unread = 0;
		for (j = 0; j < app->nitems; j++)
			f->unread += !app->items[j].read;
	}
	if (rc == -1)
		app_fail(app, "cannot list the stories", cause);
	listview_set_count(&app->lv[PANE_ITEMS], app->nitems);
	for (j = 0; keep != 0 && j < app->nitems; j++)
		if (app->items[j].id == keep) {
			listview_set(&app->lv[PANE_ITEMS], j);
			break;
		}
	app->dirty |= DIRTY_ITEMS | DIRTY_FEEDS;
}

/* Bring feeds[i]'s counts and error up from the cache. */
static void
feed_refresh(struct app *app, size_t i)
{
	struct app_feed		*f = &app->feeds[i];
	struct store_feed	 sf;
	char			*cause = NULL;

	if (f->query != NULL)
		return;
	if (store_feed_get(app->store, f->feed_id, &sf, &cause) == -1) {
		free(cause);
		return;
	}
	f->unread = sf.unread;
	f->total = sf.total;
	free(f->error);
	f->error = clean(sf.error);
	/* The urls file's "~Name" wins over the feed's own title. */
	if (!f->named && (sf.title != NULL || f->name == NULL)) {
		free(f->name);
		f->name = clean(sf.title != NULL ? sf.title : sf.url);
	}
	store_feed_clear(&sf);
	app->dirty |= DIRTY_FEEDS;
}

static void
feed_free(struct app_feed *f)
{
	free(f->name);
	free(f->tags);
	free(f->query);
	free(f->error);
}

/* Add a row to the feeds pane at position at; returns it. */
static struct app_feed *
feed_insert(struct app *app, size_t at)
{
	app->feeds = xreallocarray(app->feeds, app->nfeeds + 1,
	    sizeof(*app->feeds));
	memmove(&app->feeds[at + 1], &app->feeds[at],
	    (app->nfeeds - at) * sizeof(*app->feeds));
	app->nfeeds++;
	memset(&app->feeds[at], 0, sizeof(app->feeds[at]));
	if (app->items_of != SIZE_MAX && app->items_of >= at)
		app->items_of++;
	listview_set_count(&app->lv[PANE_FEEDS], app->nfeeds);
	return &app->feeds[at];
}

static int
cmp_url(const void *a, const void *b)
{
	const struct store_feed *x = a, *y = b;

	return strcmp(x->url, y->url);
}

int
app_init(struct app *app, struct store *s, const struct app_sub *subs,
    size_t n, const struct conf *c, const struct keymap *km,
    const struct ner_model *ner, char **cause)
{
	struct store_feed	*sf = NULL, key, *hit;
	size_t			 nsf = 0, i;

	memset(app, 0, sizeof(*app));
	app->store = s;
	app->conf = c;
	app->km = km;
	app->ner = ner;
	app->items_of = SIZE_MAX;
	app->mode = c->layout;
	app->focus = PANE_FEEDS;
	for (i = 0; i < PANE_COUNT; i++) {
		app->lv[i].height = 1;
		app->lv[i].scrolloff = i == PANE_ARTICLE ? 0 : 2;
	}
	/* One read of the feeds table; only subscriptions it lacks are
	 * written. */
	if (store_feeds(s, &sf, &nsf, cause) == -1)
		return -1;
	if (nsf > 0)		/* qsort and bsearch may not take NULL */
		qsort(sf, nsf, sizeof(*sf), cmp_url);
	for (i = 0; i < c->nqueries; i++) {
		struct app_feed *f = feed_insert(app, app->nfeeds);

		f->name = clean(c->queries[i].name);
		f->query = xstrdup(c->queries[i].query);
	}
	for (i = 0; i < n; i++) {
		struct app_feed	*f = feed_insert(app, app->nfeeds);

		key.url = (char *)(uintptr_t)subs[i].url;
		hit = nsf > 0 ? bsearch(&key, sf, nsf, sizeof(*sf), cmp_url) :
		    NULL;
		if (hit != NULL) {
			f->feed_id = hit->id;
			f->unread = hit->unread;
			f->total = hit->total;
			f->error = clean(hit->error);
			f->name = clean(subs[i].name != NULL ? subs[i].name :
			    hit->title != NULL ? hit->title : hit->url);
		} else {
			if (store_feed_add(s, subs[i].url, &f->feed_id,
			    cause) == -1) {
				store_feeds_free(sf, nsf);
				app_free(app);
				return -1;
			}
			f->name = clean(subs[i].name != NULL ? subs[i].name :
			    subs[i].url);
		}
		f->named = subs[i].name != NULL;
		/* A feed never fetched is fetched now: a new subscription
		 * (or the sample feeds) shows stories without a keypress. */
		if (hit == NULL || hit->checked == 0)
			reload_queue(app, app->nfeeds - 1);
		f->tags = subs[i].tags != NULL && *subs[i].tags != '\0' ?
		    clean(subs[i].tags) : NULL;
	}
	store_feeds_free(sf, nsf);
	app->dirty = DIRTY_ALL;
	if (app->nfeeds == 0)
		app_status(app, 0, "no subscriptions: add some with "
		    "\"tidings add URL\" or \"tidings import FILE.opml\"");
	else
		items_load(app, 0);
	return 0;
}

void
app_free(struct app *app)
{
	size_t	i;

	for (i = 0; i < app->nfeeds; i++)
		feed_free(&app->feeds[i]);
	free(app->feeds);
	items_clear(app);
	article_free(&app->article);
	free(app->status);
	free(app->reload_queue);
	free(app->open_url);
	memset(app, 0, sizeof(*app));
}

/* Give each pane's list its height from the layout. */
static void
heights_set(struct app *app)
{
	int	i;

	for (i = 0; i < PANE_COUNT; i++)
		listview_set_height(&app->lv[i], app->layout.pane[i].h > 0 ?
		    app->layout.pane[i].h : 1);
}

/* Lay the article out at its pane's width. */
static void
article_fit(struct app *app)
{
	/* A column of margin on each side when there is room. */
	int	w = app->layout.pane[PANE_ARTICLE].w;

	if (app->article_id == 0)
		return;
	if (w < 1)
		w = app->cols;
	if (w > 20)
		w -= 2;
	if (app->article.width != w) {
		article_wrap(&app->article, w);
		listview_set_count(&app->lv[PANE_ARTICLE],
		    app->article.lines.n);
		app->dirty |= DIRTY_ARTICLE;
	}
}

void
app_resize(struct app *app, int cols, int rows)
{
	app->cols = cols;
	app->rows = rows;
	layout_compute(cols, rows, app->mode, app->focus, &app->layout);
	heights_set(app);
	article_fit(app);
	app->dirty = DIRTY_ALL;
}

/* Focus pane p (the layout follows in single-pane mode). */
static void
focus_set(struct app *app, enum pane p)
{
	if (app->focus == p)
		return;
	app->focus = p;
	if (app->cols > 0)
		app_resize(app, app->cols, app->rows);
	app->dirty = DIRTY_ALL;
}

/* The story under the stories cursor, or NULL. */
static struct app_item *
item_current(struct app *app)
{
	if (app->nitems == 0)
		return NULL;
	return &app->items[app->lv[PANE_ITEMS].cur];
}

/* Set a story's flag in the cache and in the list. */
static void
item_flag(struct app *app, struct app_item *it, const char *flag, int on)
{
	char	*cause = NULL;
	size_t	 i;

	if (store_item_flag(app->store, it->id, flag, on, &cause) == -1) {
		app_fail(app, "cannot change the story", cause);
		return;
	}
	if (strcmp(flag, "read") == 0) {
		it->read = on;
		for (i = 0; i < app->nfeeds; i++)
			if (app->feeds[i].feed_id == it->feed_id ||
			    i == app->items_of) {
				app->feeds[i].unread += on ? -1 : 1;
				if (app->feeds[i].unread < 0)
					app->feeds[i].unread = 0;
			}
	} else if (strcmp(flag, "starred") == 0)
		it->starred = on;
	else
		it->saved = on;
	app->dirty |= DIRTY_ITEMS | DIRTY_FEEDS;
}

/* Open story i of the list in the article pane and mark it read. */
static void
article_open(struct app *app, size_t i)
{
	struct store_body	 b;
	struct app_item		*it;
	char			*cause = NULL;

	if (i >= app->nitems)
		return;
	listview_set(&app->lv[PANE_ITEMS], i);
	it = &app->items[i];
	if (store_item_body(app->store, it->id, &b, &cause) == -1) {
		app_fail(app, "cannot open the story", cause);
		return;
	}
	article_free(&app->article);
	article_build(&app->article, &b,
	    app->conf->highlight ? app->ner : NULL);
	store_body_clear(&b);
	app->article_id = it->id;
	app->lv[PANE_ARTICLE].cur = app->lv[PANE_ARTICLE].top = 0;
	app->lv[PANE_ARTICLE].n = 0;
	if (!it->read)
		item_flag(app, it, "read", 1);
	/* A story shown is in the entity index at once, not when the
	 * idle pass reaches it. */
	if (app->ner != NULL && store_tag_item(app->store, app->ner, it->id,
	    &cause) == -1)
		app_fail(app, "cannot index the story's names", cause);
	focus_set(app, PANE_ARTICLE);
	article_fit(app);
	app->dirty |= DIRTY_ARTICLE | DIRTY_ITEMS;
}

/* Close the article. */
static void
article_close(struct app *app)
{
	article_free(&app->article);
	app->article_id = 0;
	listview_set_count(&app->lv[PANE_ARTICLE], 0);
	app->dirty |= DIRTY_ARTICLE;
}

/* Move the feeds cursor to i and show its stories. */
static void
feed_select(struct app *app, size_t i)
{
	if (i >= app->nfeeds)
		return;
	listview_set(&app->lv[PANE_FEEDS], i);
	if (app->items_of != i)
		items_load(app, i);
	app->dirty |= DIRTY_FEEDS;
}

/* The next (dir 1) or previous (dir -1) unread story, in this feed and
 * then in the feeds after (or before) it; opens it when the article is
 * open, else selects it.  Returns 0, or -1 when there is none. */
static int
unread_step(struct app *app, int dir)
{
	size_t	fi, k, i;
	long	start;

	if (app->nfeeds == 0)
		return -1;
	fi = app->items_of != SIZE_MAX ? app->items_of :
	    app->lv[PANE_FEEDS].cur;
	for (k = 0; k <= app->nfeeds; k++) {
		size_t	f = (fi + app->nfeeds + (dir > 0 ? k : -k)) %
		    app->nfeeds;

		if (k > 0 && (app->feeds[f].query != NULL ||
		    app->feeds[f].unread == 0))
			continue;
		if (k > 0)
			feed_select(app, f);
		if (app->nitems == 0)
			continue;
		start = k == 0 ? (long)app->lv[PANE_ITEMS].cur + dir :
		    dir > 0 ? 0 : (long)app->nitems - 1;
		for (i = (size_t)start; start >= 0 && i < app->nitems;
		    i += (size_t)dir) {
			if (app->items[i].read)
				continue;
			if (app->focus == PANE_ARTICLE)
				article_open(app, i);
			else {
				listview_set(&app->lv[PANE_ITEMS], i);
				focus_set(app, PANE_ITEMS);
			}
			app->dirty |= DIRTY_ITEMS;
			return 0;
		}
	}
	return -1;
}

/* Queue feed i (and with all, every feed) for the loop to reload. */
static void
reload_queue(struct app *app, size_t i)
{
	struct app_feed	*f = &app->feeds[i];
	size_t		 j;

	if (f->query != NULL)
		return;
	for (j = 0; j < app->nreload; j++)
		if (app->reload_queue[j] == f->feed_id)
			return;
	if (app->nreload == app->reload_size) {
		app->reload_size = app->reload_size ? app->reload_size * 2 : 16;
		app->reload_queue = xreallocarray(app->reload_queue,
		    app->reload_size, sizeof(*app->reload_queue));
	}
	app->reload_queue[app->nreload++] = f->feed_id;
	if (app->reload_done >= app->reload_total)
		app->reload_total = app->reload_done = app->reload_failed = 0;
	app->reload_total++;
	app->dirty |= DIRTY_STATUS;
}

void
app_reload_taken(struct app *app)
{
	app->nreload = 0;
}

void
app_reloaded(struct app *app, long long feed_id, const char *error)
{
	size_t	i;

	app->reload_done++;
	if (error != NULL)
		app->reload_failed++;
	for (i = 0; i < app->nfeeds; i++) {
		if (app->feeds[i].feed_id != feed_id)
			continue;
		feed_refresh(app, i);
		if (app->items_of == i)
			items_load(app, i);
	}
	/* A virtual feed on screen may have gained stories. */
	if (app->items_of != SIZE_MAX && app->feeds[app->items_of].query &&
	    app->reload_done >= app->reload_total)
		items_load(app, app->items_of);
	if (app->reload_done >= app->reload_total)
		app_status(app, app->reload_failed > 0,
		    "reloaded %d feed%s, %d failed", app->reload_total,
		    app->reload_total == 1 ? "" : "s", app->reload_failed);
	app->dirty |= DIRTY_STATUS;
}

/* Mark every story of the selected feed read. */
static void
feed_mark_read(struct app *app)
{
	struct app_feed	*f;
	char		*cause = NULL;
	size_t		 i;

	if (app->nfeeds == 0)
		return;
	i = app->focus == PANE_FEEDS ? app->lv[PANE_FEEDS].cur :
	    app->items_of;
	if (i >= app->nfeeds)
		return;
	f = &app->feeds[i];
	if (f->query != NULL) {
		if (app->items_of != i)
			items_load(app, i);
		for (i = 0; i < app->nitems; i++)
			if (!app->items[i].read)
				item_flag(app, &app->items[i], "read", 1);
		app_status(app, 0, "marked \"%s\" read", f->name);
		return;
	}
	if (store_feed_mark_read(app->store, f->feed_id, &cause) == -1) {
		app_fail(app, "cannot mark the feed read", cause);
		return;
	}
	feed_refresh(app, i);
	if (app->items_of == i)
		items_load(app, i);
	app_status(app, 0, "marked \"%s\" read", f->name);
}

/* Move the focused list by delta rows, or a page when page is set. */
static void
move(struct app *app, long delta, int page)
{
	struct listview	*lv = &app->lv[app->focus];

	if (page)
		listview_page(lv, (int)delta);
	else if (app->focus == PANE_ARTICLE)
		listview_scroll(lv, delta);	/* text scrolls, no cursor */
	else
		listview_move(lv, delta);
	if (app->focus == PANE_FEEDS)
		feed_select(app, lv->cur);
	app->dirty |= 1 << app->focus;
}

void
app_search(struct app *app, const char *query)
{
	struct app_feed	*f;
	char		*name;

	if (*query == '\0')
		return;
	/* One search row at the top: a new search replaces the last. */
	if (app->nfeeds > 0 && app->feeds[0].query != NULL &&
	    strncmp(app->feeds[0].name, "Search: ", 8) == 0) {
		feed_free(&app->feeds[0]);
		memset(&app->feeds[0], 0, sizeof(app->feeds[0]));
		f = &app->feeds[0];
		if (app->items_of == 0)
			app->items_of = SIZE_MAX;
	} else
		f = feed_insert(app, 0);
	name = xasprintf("Search: %s", query);
	f->name = clean(name);
	free(name);
	f->query = xstrdup(query);
	app->items_of = SIZE_MAX;
	listview_set(&app->lv[PANE_FEEDS], 0);
	items_load(app, 0);
	if (app->status_error)
		return;		/* a bad query: items_load said why */
	app_status(app, 0, "%zu stor%s match \"%s\"", app->nitems,
	    app->nitems == 1 ? "y" : "ies", query);
	focus_set(app, PANE_ITEMS);
}

/* The names gathered for the entity view. */
struct names {
	struct {
		char	*name;
		int	 type;
		long	 count;
	}	*v;
	size_t	 n;
};

static int
names_add(void *arg, const struct store_name *nm)
{
	struct names	*ns = arg;
	size_t		 i;

	for (i = 0; i < ns->n; i++)
		if (ns->v[i].type == nm->type &&
		    strcmp(ns->v[i].name, nm->name) == 0) {
			ns->v[i].count += nm->count;
			return 0;
		}
	if (ns->n >= 30)
		return 1;		/* enough rows */
	ns->v = xreallocarray(ns->v, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n].name = clean(nm->name);
	ns->v[ns->n].type = nm->type;
	ns->v[ns->n].count = nm->count;
	ns->n++;
	return 0;
}

/* Remove the rows of an earlier entity view. */
static void
names_clear(struct app *app)
{
	size_t	i = 0;

	while (i < app->nfeeds) {
		if (!app->feeds[i].name_row) {
			i++;
			continue;
		}
		feed_free(&app->feeds[i]);
		memmove(&app->feeds[i], &app->feeds[i + 1],
		    (app->nfeeds - i - 1) * sizeof(*app->feeds));
		app->nfeeds--;
		if (app->items_of == i)
			app->items_of = SIZE_MAX;
		else if (app->items_of != SIZE_MAX && app->items_of > i)
			app->items_of--;
	}
	listview_set_count(&app->lv[PANE_FEEDS], app->nfeeds);
}

/*
 * The entity view ("e"): the names of the open story (from its
 * highlighted spans), else the names of the most stories of the last day
 * (or of all time when the last day has none) of the chosen feed, or of
 * every feed when a virtual one is chosen, as rows at the top of the
 * feeds pane; each row is a virtual feed of the stories naming it.
 */
static void
names_show(struct app *app)
{
	struct names	 ns = { NULL, 0 };
	struct store_name nm;
	const char	*what;
	char		*cause = NULL, *q, *label;
	size_t		 i, j, ntag, fi;
	long long	 feed_id;

	names_clear(app);
	if (app->article_id != 0) {
		what = "in this story";
		for (i = 0; i < app->article.doc.nblocks; i++) {
			const struct html_block *b = &app->article.doc.blocks[i];

			for (j = 0; j < b->nspans; j++) {
				const struct span *sp = &b->spans[j];
				char	*t;

				if (sp->style < STYLE_PER ||
				    sp->style > STYLE_MISC)
					continue;
				t = xstrndup(b->text + sp->start,
				    sp->end - sp->start);
				nm.name = t;
				nm.type = sp->style - STYLE_PER;
				nm.count = 1;
				names_add(&ns, &nm);
				free(t);
			}
		}
	} else {
		if (app->ner == NULL) {
			app_status(app, 1, "names are not highlighted (no "
			    "model, or highlight-entities no)");
			return;
		}
		/* The index catches up while idle; a little more now. */
		if (store_tag_pending(app->store, app->ner, 2000, &ntag,
		    &cause) == -1) {
			app_fail(app, "cannot index the names", cause);
			return;
		}
		/* Of the feed under the cursor when it is a subscription,
		 * else of every feed. */
		fi = app->focus == PANE_FEEDS ? app->lv[PANE_FEEDS].cur :
		    app->items_of;
		feed_id = fi < app->nfeeds && app->feeds[fi].query == NULL ?
		    app->feeds[fi].feed_id : 0;
		what = feed_id != 0 ? "in the most stories of this feed's "
		    "last day" : "in the most stories of the last day";
		if (store_names_top(app->store, time(NULL) - 86400, feed_id,
		    30, names_add, &ns, &cause) == -1) {
			app_fail(app, "cannot list the names", cause);
			return;
		}
		if (ns.n == 0) {
			what = feed_id != 0 ? "in the most stories of this "
			    "feed" : "in the most stories";
			if (store_names_top(app->store, 0, feed_id, 30,
			    names_add, &ns, &cause) == -1) {
				app_fail(app, "cannot list the names", cause);
				return;
			}
		}
	}
	if (ns.n == 0) {
		app_status(app, 0, "no names found %s", what);
		free(ns.v);
		return;
	}
	for (i = 0; i < ns.n; i++) {
		struct app_feed	*f = feed_insert(app, i);

		/* A quote would end the query's quoted name early. */
		for (j = 0; ns.v[i].name[j] != '\0'; j++)
			if (ns.v[i].name[j] == '"')
				ns.v[i].name[j] = '\'';
		label = xasprintf("%-4s %s", ner_type_name(ns.v[i].type),
		    ns.v[i].name);
		q = xasprintf("entity:\"%s\" type:%s", ns.v[i].name,
		    ner_type_name(ns.v[i].type));
		f->name = label;
		f->query = q;
		f->name_row = 1;
		free(ns.v[i].name);
	}
	app_status(app, 0, "%zu names %s: Enter lists the stories that name "
	    "one", ns.n, what);
	free(ns.v);
	if (app->article_id != 0)
		article_close(app);
	app->items_of = SIZE_MAX;
	listview_set(&app->lv[PANE_FEEDS], 0);
	items_load(app, 0);
	focus_set(app, PANE_FEEDS);
	app->dirty = DIRTY_ALL;
}

void
app_prompt_key(struct app *app, int key)
{
	char	query[sizeof(app->prompt_text)];

	app->dirty |= DIRTY_STATUS;
	switch (key) {
	case KEY_T_ENTER:
		app->prompt = 0;
		memcpy(query, app->prompt_text, app->prompt_len);
		query[app->prompt_len] = '\0';
		app_search(app, query);
		return;
	case KEY_T_ESC:
	case 0x07:	/* ^G */
		app->prompt = 0;
		return;
	case KEY_T_BACKSPACE:
	case 0x7f:
	case 0x08:
		/* Back over one whole UTF-8 character. */
		while (app->prompt_len > 0 &&
		    ((unsigned char)app->prompt_text[--app->prompt_len] &
		    0xc0) == 0x80)
			;
		return;
	case 0x15:	/* ^U */
		app->prompt_len = 0;
		return;
	}
	if (key >= 0x20 && key < KEY_T_BASE && key != 0x7f) {
		struct buf	b = { NULL, 0, 0 };

		buf_put_utf8(&b, (unsigned long)key);
		if (app->prompt_len + b.len < sizeof(app->prompt_text)) {
			memcpy(app->prompt_text + app->prompt_len, b.data,
			    b.len);
			app->prompt_len += b.len;
		}
		buf_free(&b);
	}
}

void
app_do(struct app *app, enum action act)
{
	struct app_item	*it;
	enum pane	 p;
	size_t		 i;

	if (app->help && act != ACT_QUIT_ALL) {
		/* Any key leaves the help screen. */
		app->help = 0;
		app->dirty = DIRTY_ALL;
		if (act == ACT_HELP || act == ACT_QUIT || act == ACT_BACK)
			return;
	}
	switch (act) {
	case ACT_NONE:
	case ACT_COUNT:
		break;
	case ACT_UP:
		move(app, -1, 0);
		break;
	case ACT_DOWN:
		move(app, 1, 0);
		break;
	case ACT_PAGE_UP:
		move(app, -1, 1);
		break;
	case ACT_PAGE_DOWN:
		move(app, 1, 1);
		break;
	case ACT_HOME:
		listview_set(&app->lv[app->focus], 0);
		move(app, 0, 0);
		break;
	case ACT_END:
		listview_set(&app->lv[app->focus], SIZE_MAX);
		move(app, 0, 0);
		break;
	case ACT_OPEN:
		if (app->focus == PANE_FEEDS) {
			feed_select(app, app->lv[PANE_FEEDS].cur);
			focus_set(app, PANE_ITEMS);
		} else if (app->focus == PANE_ITEMS)
			article_open(app, app->lv[PANE_ITEMS].cur);
		break;
	case ACT_QUIT:
	case ACT_BACK:
		if (app->focus == PANE_ARTICLE) {
			article_close(app);
			focus_set(app, PANE_ITEMS);
		} else if (app->focus == PANE_ITEMS)
			focus_set(app, PANE_FEEDS);
		else if (act == ACT_QUIT)
			app->quit = 1;
		break;
	case ACT_QUIT_ALL:
		app->quit = 1;
		break;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		p = (enum pane)((app->focus + (act == ACT_NEXT_PANE ? 1 :
		    PANE_COUNT - 1)) % PANE_COUNT);
		if (p == PANE_ARTICLE && app->article_id == 0)
			p = (enum pane)((p + (act == ACT_NEXT_PANE ? 1 :
			    PANE_COUNT - 1)) % PANE_COUNT);
		focus_set(app, p);
		break;
	case ACT_NEXT_UNREAD:
	case ACT_PREV_UNREAD:
		if (unread_step(app, act == ACT_NEXT_UNREAD ? 1 : -1) == -1)
			app_status(app, 0, "no unread stories");
		break;
	case ACT_NEXT_ITEM:
	case ACT_PREV_ITEM:
		if (app->nitems == 0)
			break;
		if (act == ACT_NEXT_ITEM &&
		    app->lv[PANE_ITEMS].cur + 1 < app->nitems)
			article_open(app, app->lv[PANE_ITEMS].cur + 1);
		else if (act == ACT_PREV_ITEM && app->lv[PANE_ITEMS].cur > 0)
			article_open(app, app->lv[PANE_ITEMS].cur - 1);
		else
			app_status(app, 0, "no %s story",
			    act == ACT_NEXT_ITEM ? "next" : "previous");
		break;
	case ACT_RELOAD:
		if (app->nfeeds > 0)
			reload_queue(app, app->focus == PANE_FEEDS ||
			    app->items_of == SIZE_MAX ?
			    app->lv[PANE_FEEDS].cur : app->items_of);
		break;
	case ACT_RELOAD_ALL:
		for (i = 0; i < app->nfeeds; i++)
			reload_queue(app, i);
		break;
	case ACT_MARK_READ:
		if ((it = item_current(app)) != NULL && app->focus != PANE_FEEDS)
			item_flag(app, it, "read", !it->read);
		break;
	case ACT_MARK_FEED_READ:
		feed_mark_read(app);
		break;
	case ACT_STAR:
		if ((it = item_current(app)) != NULL && app->focus != PANE_FEEDS) {
			item_flag(app, it, "starred", !it->starred);
			app_status(app, 0, "%s", it->starred ? "starred" :
			    "no longer starred");
		}
		break;
	case ACT_SAVE:
		app_status(app, 1, "saving full texts for offline reading "
		    "is not in this version");
		break;
	case ACT_OPEN_BROWSER:
		if ((it = item_current(app)) != NULL && app->focus != PANE_FEEDS) {
			if (it->link == NULL) {
				app_status(app, 1, "this story has no link");
				break;
			}
			free(app->open_url);
			app->open_url = xstrdup(it->link);
			if (!it->read)
				item_flag(app, it, "read", 1);
		}
		break;
	case ACT_SEARCH:
		app->prompt = 1;
		app->prompt_len = 0;
		app->dirty |= DIRTY_STATUS;
		break;
	case ACT_ENTITIES:
		names_show(app);
		break;
	case ACT_TOGGLE_LAYOUT:
		app->mode = app->mode == LAYOUT_SINGLE ? LAYOUT_AUTO :
		    (enum layout_mode)(app->mode + 1);
		if (app->cols > 0)
			app_resize(app, app->cols, app->rows);
		app_status(app, 0, "layout: %s", app->layout.mode == LAYOUT_SIDE ?
		    "side by side" : app->layout.mode == LAYOUT_STACKED ?
		    "stacked" : "one pane");
		break;
	case ACT_REDRAW:
		app->dirty = DIRTY_ALL;
		break;
	case ACT_HELP:
		app->help = 1;
		app->dirty = DIRTY_ALL;
		break;
	}
}

void
app_click(struct app *app, int y, int x, int button)
{
	int		 p = layout_hit(&app->layout, y, x);
	struct listview	*lv;

	if (p < 0 || app->help)
		return;
	lv = &app->lv[p];
	if (button == 4 || button == 5) {
		listview_scroll(lv, button == 4 ? -3 : 3);
		if (p == PANE_FEEDS && app->lv[PANE_FEEDS].cur != app->items_of)
			feed_select(app, lv->cur);
		app->dirty |= 1 << p;
		return;
	}
	if (button != 1)
		return;
	focus_set(app, (enum pane)p);
	if (listview_click(lv, y - app->layout.pane[p].y) == -1)
		return;
	if (p == PANE_FEEDS)
		feed_select(app, lv->cur);
	app->dirty |= 1 << p;
}
