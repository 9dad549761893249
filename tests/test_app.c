/*
 * Unit tests for the reader's state (app) and the article builder: keys
 * as actions on a real cache in a temporary directory, no terminal.  Each
 * test asserts what a user would see: which pane has the focus, which
 * story is selected, what the counts say, what the article shows.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "conf.h"
#include "keymap.h"
#include "lazy.h"
#include "ner.h"
#include "store.h"
#include "xmalloc.h"

static char	tmpdir[] = "/tmp/tidings-test-app.XXXXXX";
static int	dbn;
static struct ner_model *fixture_ner;	/* given to app_init when set */

struct fixture {
	struct store	*s;
	struct conf	 conf;
	struct keymap	*km;
	struct app	 app;
	struct app_sub	 subs[3];
	long long	 feed[2];
};

/* Start the app on fx's cache, as the reader does at start. */
static void
start(struct fixture *fx)
{
	char	*cause = NULL;

	if (app_init(&fx->app, fx->s, fx->subs, 3, &fx->conf, fx->km,
	    fixture_ner, &cause) == -1) {
		fprintf(stderr, "app_init: %s\n", cause);
		exit(1);
	}
	app_resize(&fx->app, 200, 50);
}

/* Quit and start again on the same cache. */
static void
restart(struct fixture *fx)
{
	app_free(&fx->app);
	start(fx);
}

static void
entry(struct feed_entry *e, const char *id, const char *title,
    const char *content, time_t published)
{
	memset(e, 0, sizeof(*e));
	e->id = xstrdup(id);
	e->link = xasprintf("http://a.example/%s", id);
	e->title = xstrdup(title);
	e->content = xstrdup(content);
	e->published = published;
	e->has_published = 1;
}

/* Store the n entries into feed id in one update, as a reload would. */
static void
fill(struct store *s, long long id, struct feed_entry *v, size_t n)
{
	struct store_update *u;
	struct store_stats st;
	char		*cause = NULL;
	size_t		 i;

	if (store_update_begin(s, id, &u, &cause) == -1) {
		fprintf(stderr, "begin: %s\n", cause);
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (store_update_item(u, &v[i], &cause) == -1) {
			fprintf(stderr, "item: %s\n", cause);
			exit(1);
		}
		feed_entry_clear(&v[i]);
	}
	if (store_update_commit(u, NULL, NULL, NULL, 500, &st, &cause) == -1) {
		fprintf(stderr, "commit: %s\n", cause);
		exit(1);
	}
}

/*
 * Two fetched feeds, "World" (3 stories, the newest first: "Tunnel
 * opens", "Storm", "Election") and "Science" (2), and a third
 * subscription never fetched; the screen is 200 x 50.
 */
static void
setup(struct fixture *fx)
{
	struct feed_entry v[3];
	char		*path, *cause = NULL;

	memset(fx, 0, sizeof(*fx));
	path = xasprintf("%s/cache%d.db", tmpdir, dbn++);
	if (store_open(path, &fx->s, &cause) == -1) {
		fprintf(stderr, "store_open: %s\n", cause);
		exit(1);
	}
	free(path);
	store_feed_add(fx->s, "http://a.example/world", &fx->feed[0], &cause);
	store_feed_add(fx->s, "http://a.example/science", &fx->feed[1],
	    &cause);
	entry(&v[0], "w1", "Election", "<p>Voters in <b>Paris</b> went "
	    "to the polls. Angela Merkel watched from Berlin.</p>", 1000);
	entry(&v[1], "w2", "Storm", "<p>A storm hit the coast.</p>", 2000);
	entry(&v[2], "w3", "Tunnel opens", "<p>The tunnel under the "
	    "Alps opened.</p><p>See <a href=\"/more\">more</a>.</p>", 3000);
	fill(fx->s, fx->feed[0], v, 3);
	entry(&v[0], "s1", "Comet \x1b]0;pwned\x07seen", "<p>A comet.</p>",
	    1500);
	entry(&v[1], "s2", "Tunnel physics", "<p>Quantum tunnel.</p>", 2500);
	fill(fx->s, fx->feed[1], v, 2);

	conf_init(&fx->conf);
	fx->km = keymap_new();
	fx->subs[0].url = "http://a.example/world";
	fx->subs[0].name = "World";
	fx->subs[0].tags = "news";
	fx->subs[1].url = "http://a.example/science";
	fx->subs[1].name = "Science";
	fx->subs[2].url = "http://a.example/new";
	start(fx);
}

static void
teardown(struct fixture *fx)
{
	app_free(&fx->app);
	keymap_free(fx->km);
	conf_free(&fx->conf);
	store_close(fx->s);
}

/* Returns 1 when a line of the open article holds s. */
static int
article_has(const struct app *app, const char *s)
{
	size_t	i;

	for (i = 0; i < app->article.lines.n; i++)
		if (strstr(app->article.lines.v[i].text, s) != NULL)
			return 1;
	return 0;
}

static void
test_start(void)
{
	struct fixture	fx;

	setup(&fx);
	/* The feeds pane has the focus and the first feed's stories are
	 * listed, newest first; only the feed never fetched is queued. */
	CHECK_INT(fx.app.focus, PANE_FEEDS);
	CHECK_INT(fx.app.nfeeds, 3);
	CHECK_STR(fx.app.feeds[0].name, "World");
	CHECK_STR(fx.app.feeds[0].tags, "news");
	CHECK_INT(fx.app.feeds[0].unread, 3);
	CHECK_INT(fx.app.nitems, 3);
	CHECK_STR(fx.app.items[0].title, "Tunnel opens");
	CHECK_INT(fx.app.nreload, 1);
	CHECK(fx.app.nreload == 1 &&
	    fx.app.reload_queue[0] != fx.feed[0] &&
	    fx.app.reload_queue[0] != fx.feed[1]);
	CHECK(fx.app.dirty != 0);
	/* The first screen needs neither libcurl nor libxml2 (lazy.c):
	 * starting must not load them. */
	CHECK(!lazy_loaded("curl"));
	CHECK(!lazy_loaded("xml"));
	teardown(&fx);
}

static void
test_navigate_and_read(void)
{
	struct fixture	fx;

	setup(&fx);
	app_do(&fx.app, ACT_OPEN);		/* into World's stories */
	CHECK_INT(fx.app.focus, PANE_ITEMS);
	app_do(&fx.app, ACT_DOWN);
	CHECK_INT(fx.app.lv[PANE_ITEMS].cur, 1);
	app_do(&fx.app, ACT_OPEN);		/* "Storm" */
	CHECK_INT(fx.app.focus, PANE_ARTICLE);
	CHECK(article_has(&fx.app, "Title: Storm"));
	CHECK(article_has(&fx.app, "A storm hit the coast."));
	/* Opening marks it read, in the list and in the counts. */
	CHECK_INT(fx.app.items[1].read, 1);
	CHECK_INT(fx.app.feeds[0].unread, 2);
	/* J: the next story; q: back to the list, then to the feeds, then
	 * out. */
	app_do(&fx.app, ACT_NEXT_ITEM);
	CHECK(article_has(&fx.app, "Title: Election"));
	CHECK_INT(fx.app.feeds[0].unread, 1);
	app_do(&fx.app, ACT_QUIT);
	CHECK_INT(fx.app.focus, PANE_ITEMS);
	CHECK_INT(fx.app.article_id, 0);
	app_do(&fx.app, ACT_QUIT);
	CHECK_INT(fx.app.focus, PANE_FEEDS);
	CHECK_INT(fx.app.quit, 0);
	app_do(&fx.app, ACT_QUIT);
	CHECK_INT(fx.app.quit, 1);

	/* The cache has it: a new start sees the two read. */
	restart(&fx);
	CHECK_INT(fx.app.feeds[0].unread, 1);
	CHECK_INT(fx.app.items[1].read, 1);
	CHECK_INT(fx.app.items[0].read, 0);
	teardown(&fx);
}

static void
test_links_in_article(void)
{
	struct fixture	fx;

	setup(&fx);
	app_do(&fx.app, ACT_OPEN);
	app_do(&fx.app, ACT_OPEN);		/* "Tunnel opens" */
	/* The link is numbered in the text and listed, resolved against
	 * the story's link. */
	CHECK(article_has(&fx.app, "more[1]"));
	CHECK(article_has(&fx.app, "http://a.example/more"));
	/* Every line fits the pane. */
	CHECK(fx.app.article.width == fx.app.layout.pane[PANE_ARTICLE].w - 2);
	teardown(&fx);
}

static void
test_next_unread_crosses_feeds(void)
{
	struct fixture	fx;

	setup(&fx);
	app_do(&fx.app, ACT_MARK_FEED_READ);	/* World: all read */
	CHECK_INT(fx.app.feeds[0].unread, 0);
	CHECK_INT(fx.app.items[0].read, 1);
	/* n goes on to the next feed with unread stories. */
	app_do(&fx.app, ACT_NEXT_UNREAD);
	CHECK_INT(fx.app.lv[PANE_FEEDS].cur, 1);
	CHECK_STR(fx.app.feeds[fx.app.items_of].name, "Science");
	CHECK_INT(fx.app.focus, PANE_ITEMS);
	CHECK(fx.app.nitems > 0 &&
	    !fx.app.items[fx.app.lv[PANE_ITEMS].cur].read);
	teardown(&fx);
}

static void
test_star_and_toggle_read(void)
{
	struct fixture	fx;

	setup(&fx);
	app_do(&fx.app, ACT_OPEN);
	app_do(&fx.app, ACT_STAR);
	CHECK_INT(fx.app.items[0].starred, 1);
	app_do(&fx.app, ACT_MARK_READ);
	CHECK_INT(fx.app.items[0].read, 1);
	CHECK_INT(fx.app.feeds[0].unread, 2);
	app_do(&fx.app, ACT_MARK_READ);
	CHECK_INT(fx.app.items[0].read, 0);
	CHECK_INT(fx.app.feeds[0].unread, 3);

	/* Both flags are in the cache. */
	restart(&fx);
	CHECK_INT(fx.app.items[0].starred, 1);
	CHECK_INT(fx.app.items[0].read, 0);
	teardown(&fx);
}

static void
test_search(void)
{
	struct fixture	fx;
	size_t		i;
	int		world = 0, science = 0;

	setup(&fx);
	app_search(&fx.app, "tunnel");
	/* A virtual feed at the top lists the matches of both feeds. */
	CHECK_INT(fx.app.nfeeds, 4);
	CHECK_STR(fx.app.feeds[0].name, "Search: tunnel");
	CHECK_INT(fx.app.focus, PANE_ITEMS);
	CHECK_INT(fx.app.nitems, 2);
	for (i = 0; i < fx.app.nitems; i++) {
		world += strcmp(fx.app.items[i].feed, "World") == 0 ||
		    strstr(fx.app.items[i].feed, "world") != NULL;
		science += strcmp(fx.app.items[i].title,
		    "Tunnel physics") == 0;
	}
	CHECK_INT(science, 1);
	CHECK_INT(world, 1);
	/* A second search replaces the first row. */
	app_search(&fx.app, "comet");
	CHECK_INT(fx.app.nfeeds, 4);
	CHECK_STR(fx.app.feeds[0].name, "Search: comet");
	CHECK_INT(fx.app.nitems, 1);
	/* A bad query is an error in the status line, not a crash. */
	app_search(&fx.app, "\"unbalanced");
	CHECK(fx.app.status_error);
	teardown(&fx);
}

static void
test_prompt(void)
{
	struct fixture	fx;
	const char	*q = "storm";

	setup(&fx);
	app_do(&fx.app, ACT_SEARCH);
	CHECK(fx.app.prompt);
	for (; *q != '\0'; q++)
		app_prompt_key(&fx.app, *q);
	app_prompt_key(&fx.app, 'x');
	app_prompt_key(&fx.app, KEY_T_BACKSPACE);
	app_prompt_key(&fx.app, KEY_T_ENTER);
	CHECK(!fx.app.prompt);
	CHECK_STR(fx.app.feeds[0].name, "Search: storm");
	CHECK_INT(fx.app.nitems, 1);
	/* ESC leaves the prompt without searching. */
	app_do(&fx.app, ACT_SEARCH);
	app_prompt_key(&fx.app, 'z');
	app_prompt_key(&fx.app, KEY_T_ESC);
	CHECK(!fx.app.prompt);
	CHECK_STR(fx.app.feeds[0].name, "Search: storm");
	teardown(&fx);
}

static void
test_hostile_title(void)
{
	struct fixture	fx;
	size_t		i;

	setup(&fx);
	app_do(&fx.app, ACT_DOWN);		/* Science */
	CHECK_INT(fx.app.nitems, 2);
	/* No escape character reaches a title. */
	for (i = 0; i < fx.app.nitems; i++)
		CHECK(strchr(fx.app.items[i].title, '\x1b') == NULL &&
		    strchr(fx.app.items[i].title, '\x07') == NULL);
	teardown(&fx);
}

static void
test_reload_round(void)
{
	struct fixture	fx;
	long long	newid;

	setup(&fx);
	/* The round of the start: the feed never fetched. */
	newid = fx.app.reload_queue[0];
	app_reload_taken(&fx.app);
	CHECK_INT(fx.app.nreload, 0);
	app_reloaded(&fx.app, newid, NULL);
	CHECK(fx.app.status != NULL &&
	    strstr(fx.app.status, "reloaded 1 feed, 0 failed") != NULL);
	/* R: every feed, counted as a new round. */
	app_do(&fx.app, ACT_RELOAD_ALL);
	CHECK_INT(fx.app.nreload, 3);
	CHECK_INT(fx.app.reload_total, 3);
	app_reload_taken(&fx.app);
	app_reloaded(&fx.app, fx.feed[0], NULL);
	CHECK_INT(fx.app.reload_done, 1);
	app_reloaded(&fx.app, fx.feed[1], "connection refused");
	app_reloaded(&fx.app, newid, NULL);
	CHECK(fx.app.status != NULL &&
	    strstr(fx.app.status, "reloaded 3 feeds, 1 failed") != NULL);
	CHECK(fx.app.status_error);
	teardown(&fx);
}

static void
test_layout_and_mouse(void)
{
	struct fixture	fx;
	const struct rect *r;

	setup(&fx);
	/* Wide: all three panes. */
	CHECK(fx.app.layout.pane[PANE_FEEDS].w > 0 &&
	    fx.app.layout.pane[PANE_ITEMS].w > 0 &&
	    fx.app.layout.pane[PANE_ARTICLE].w > 0);
	/* A click on the second feed's row selects it and shows its
	 * stories; the wheel in the stories pane focuses nothing. */
	r = &fx.app.layout.pane[PANE_FEEDS];
	app_click(&fx.app, r->y + 1, r->x + 2, 1);
	CHECK_INT(fx.app.lv[PANE_FEEDS].cur, 1);
	CHECK_STR(fx.app.feeds[fx.app.items_of].name, "Science");
	/* A click on a story row focuses the stories pane. */
	r = &fx.app.layout.pane[PANE_ITEMS];
	app_click(&fx.app, r->y + 1, r->x + 2, 1);
	CHECK_INT(fx.app.focus, PANE_ITEMS);
	CHECK_INT(fx.app.lv[PANE_ITEMS].cur, 1);
	/* Small: one pane at a time, the focused one. */
	app_resize(&fx.app, 80, 24);
	CHECK(fx.app.layout.pane[PANE_ITEMS].w > 0);
	CHECK_INT(fx.app.layout.pane[PANE_FEEDS].w, 0);
	app_do(&fx.app, ACT_OPEN);
	CHECK(fx.app.layout.pane[PANE_ARTICLE].w > 0);
	CHECK_INT(fx.app.layout.pane[PANE_ITEMS].w, 0);
	CHECK(fx.app.article.width == fx.app.layout.pane[PANE_ARTICLE].w - 2);
	teardown(&fx);
}

static void
test_help(void)
{
	struct fixture	fx;

	setup(&fx);
	app_do(&fx.app, ACT_HELP);
	CHECK(fx.app.help);
	/* Any key closes it; q does not also quit. */
	app_do(&fx.app, ACT_QUIT);
	CHECK(!fx.app.help);
	CHECK_INT(fx.app.quit, 0);
	teardown(&fx);
}

/* Returns the index of the first feeds row whose name holds s, or -1. */
static int
row_named(const struct app *app, const char *s)
{
	size_t	i;

	for (i = 0; i < app->nfeeds; i++)
		if (strstr(app->feeds[i].name, s) != NULL)
			return (int)i;
	return -1;
}

/* setup() with the committed entity model; returns it (the caller frees
 * it after teardown), or NULL, saying the test is skipped, when the source
 * tree has none. */
static struct ner_model *
setup_with_model(struct fixture *fx)
{
	struct ner_model *m;
	char		*cause = NULL;

	if ((m = ner_model_open(NER_MODEL_SRCDIR, &cause)) == NULL) {
		fprintf(stderr, "  skipped: %s\n", cause);
		free(cause);
		return NULL;
	}
	fixture_ner = m;
	setup(fx);
	return m;
}

static void
test_entity_view(void)
{
	struct fixture	 fx;
	struct ner_model *m;
	char		*ignore[1];
	int		 r;
	size_t		 i;

	if ((m = setup_with_model(&fx)) == NULL)
		return;
	/* The names of the open story, as rows of the feeds pane. */
	app_do(&fx.app, ACT_OPEN);
	app_do(&fx.app, ACT_END);
	app_do(&fx.app, ACT_OPEN);		/* "Election" */
	CHECK(fx.app.article.nentities >= 2);
	app_do(&fx.app, ACT_ENTITIES);
	CHECK_INT(fx.app.focus, PANE_FEEDS);
	r = row_named(&fx.app, "Angela Merkel");
	CHECK(r >= 0 && strncmp(fx.app.feeds[r].name, "PER", 3) == 0);
	CHECK(row_named(&fx.app, "Paris") >= 0);
	/* Enter on a name: every story that names it. */
	if (r >= 0) {
		listview_set(&fx.app.lv[PANE_FEEDS], (size_t)r);
		app_do(&fx.app, ACT_OPEN);
		CHECK_INT(fx.app.nitems, 1);
		if (fx.app.nitems == 1)
			CHECK_STR(fx.app.items[0].title, "Election");
	}
	/* A second "e" replaces the rows, and without a story open it
	 * lists the names of the most stories. */
	app_do(&fx.app, ACT_ENTITIES);
	CHECK(row_named(&fx.app, "Paris") >= 0);
	for (i = 0, r = 0; i < fx.app.nfeeds; i++)
		r += strstr(fx.app.feeds[i].name, "Angela Merkel") != NULL;
	CHECK_INT(r, 1);
	/* On a subscription, the names of its own stories only: Science
	 * names no Paris. */
	listview_set(&fx.app.lv[PANE_FEEDS], (size_t)row_named(&fx.app,
	    "Science"));
	app_do(&fx.app, ACT_ENTITIES);
	CHECK(row_named(&fx.app, "Paris") < 0);
	/* Search understands type: and entity:. */
	app_search(&fx.app, "type:LOC");
	for (i = 0, r = 0; i < fx.app.nitems; i++)
		r += strcmp(fx.app.items[i].title, "Election") == 0;
	CHECK_INT(r, 1);
	app_search(&fx.app, "entity:\"Angela Merkel\"");
	CHECK_INT(fx.app.nitems, 1);
	/* The killfile that knows names: ignore-entity hides the story. */
	ignore[0] = (char *)"Angela Merkel";
	fx.conf.ignore = ignore;
	fx.conf.nignore = 1;
	restart(&fx);
	CHECK_INT(fx.app.nitems, 2);
	for (i = 0; i < fx.app.nitems; i++)
		CHECK(strcmp(fx.app.items[i].title, "Election") != 0);
	fx.conf.ignore = NULL;
	fx.conf.nignore = 0;
	teardown(&fx);
	fixture_ner = NULL;
	ner_model_free(m);
}

/* The entity index follows the stories: a story shown is indexed at
 * once, and one edited in place by its feed is indexed again, so its
 * old names no longer lead to it and its new ones do. */
static void
test_entity_index_follows_changes(void)
{
	struct fixture	 fx;
	struct ner_model *m;
	struct feed_entry v[1];
	char		*cause = NULL;
	long long	 election = 0, storm = 0;
	size_t		 i;

	if ((m = setup_with_model(&fx)) == NULL)
		return;
	app_do(&fx.app, ACT_OPEN);		/* World */
	for (i = 0; i < fx.app.nitems; i++) {
		if (strcmp(fx.app.items[i].title, "Election") == 0)
			election = fx.app.items[i].id;
		if (strcmp(fx.app.items[i].title, "Storm") == 0)
			storm = fx.app.items[i].id;
	}
	CHECK(election > 0 && storm > 0);
	app_do(&fx.app, ACT_END);
	app_do(&fx.app, ACT_OPEN);		/* "Election", shown */
	CHECK_INT(fx.app.article_id, election);
	/* Shown, so indexed: nothing left to do for it; Storm, never
	 * shown, is still to be tagged. */
	CHECK_INT(store_tag_item(fx.s, m, election, &cause), 0);
	CHECK_INT(store_tag_item(fx.s, m, storm, &cause), 1);
	CHECK_INT(store_tag_item(fx.s, m, storm, &cause), 0);
	app_search(&fx.app, "entity:\"Angela Merkel\"");
	CHECK_INT(fx.app.nitems, 1);

	/* The feed edits the story: another name in it now. */
	entry(&v[0], "w1", "Election", "<p>Voters in <b>Paris</b> went "
	    "to the polls. Boris Johnson watched from London.</p>", 1000);
	fill(fx.s, fx.feed[0], v, 1);
	app_search(&fx.app, "entity:\"Angela Merkel\"");
	CHECK_INT(fx.app.nitems, 0);
	app_search(&fx.app, "entity:\"Boris Johnson\"");
	CHECK_INT(fx.app.nitems, 1);
	if (fx.app.nitems == 1)
		CHECK_STR(fx.app.items[0].title, "Election");
	/* Paris is named once, not twice, though the story was tagged
	 * again. */
	app_search(&fx.app, "entity:\"Paris\"");
	CHECK_INT(fx.app.nitems, 1);
	teardown(&fx);
	fixture_ner = NULL;
	ner_model_free(m);
}

int
main(void)
{
	static const struct check_test tests[] = {
		{ "start", test_start },
		{ "navigate_and_read", test_navigate_and_read },
		{ "links_in_article", test_links_in_article },
		{ "next_unread_crosses_feeds", test_next_unread_crosses_feeds },
		{ "star_and_toggle_read", test_star_and_toggle_read },
		{ "search", test_search },
		{ "prompt", test_prompt },
		{ "hostile_title", test_hostile_title },
		{ "reload_round", test_reload_round },
		{ "layout_and_mouse", test_layout_and_mouse },
		{ "help", test_help },
		{ "entity_view", test_entity_view },
		{ "entity_index_follows_changes",
		    test_entity_index_follows_changes },
		{ NULL, NULL }
	};
	int	rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	rc = check_main(tests);
	while (dbn-- > 0) {
		char *p = xasprintf("%s/cache%d.db", tmpdir, dbn), *q;

		unlink(p);
		q = xasprintf("%s-wal", p);
		unlink(q);
		free(q);
		q = xasprintf("%s-shm", p);
		unlink(q);
		free(q);
		free(p);
	}
	rmdir(tmpdir);
	return rc;
}
