/*
 * The reader's state, without a terminal: the feeds, the stories of the
 * chosen feed, the article open, which pane has the focus, the status
 * line, and what changed since the last draw.  Every key, click and
 * finished reload goes through app_do(), app_click() or app_reloaded(),
 * so everything the reader does is testable with a cache and no screen.
 *
 * The app never touches the network or the terminal: it queues the feeds
 * to reload (the loop in ui.c owns the fetcher) and the URL to open (the
 * loop starts the browser), and the terminal layer only reads it.
 */
#ifndef TIDINGS_APP_H
#define TIDINGS_APP_H

#include <stddef.h>
#include <time.h>

#include "article.h"
#include "conf.h"
#include "keymap.h"
#include "layout.h"
#include "listview.h"
#include "store.h"

/* What to redraw: set by every change, cleared by the terminal layer. */
enum {
	DIRTY_FEEDS = 1, DIRTY_ITEMS = 2, DIRTY_ARTICLE = 4, DIRTY_STATUS = 8,
	DIRTY_LAYOUT = 16, DIRTY_ALL = 31
};

/* A row of the feeds pane: a subscription, or a virtual feed made by a
 * search or a query-feed option (feed_id 0, query set). */
struct app_feed {
	long long	 feed_id;
	char		*name;		/* printable, one line */
	char		*tags;		/* "tag1 tag2", or NULL */
	char		*query;		/* virtual feeds: the query */
	char		*error;		/* the last reload's error, printable */
	long		 unread;
	long		 total;
	int		 named;		/* name is the urls file's "~Name" */
	int		 name_row;	/* a row of the entity view */
};

/* A row of the stories pane; strings printable, one line. */
struct app_item {
	long long	 id;
	long long	 feed_id;
	char		*feed;
	char		*title;
	char		*link;
	time_t		 date;
	int		 read;
	int		 starred;
	int		 saved;
};

/* A subscription as the entry point found it in the urls file. */
struct app_sub {
	const char	*url;		/* as the cache knows it */
	const char	*name;		/* "~Name", or NULL */
	const char	*tags;		/* space-separated, or NULL */
};

struct app {
	struct store		*store;		/* the caller's */
	const struct conf	*conf;		/* the caller's */
	const struct keymap	*km;		/* the caller's */
	const struct ner_model	*ner;		/* the caller's, may be NULL */

	struct app_feed		*feeds;
	size_t			 nfeeds;
	struct app_item		*items;
	size_t			 nitems;
	size_t			 items_of;	/* index in feeds, or SIZE_MAX */

	struct article		 article;
	long long		 article_id;	/* 0: none open */

	struct listview		 lv[PANE_COUNT];
	enum pane		 focus;
	enum layout_mode	 mode;
	struct layout		 layout;
	int			 cols, rows;

	char			*status;	/* the last message */
	int			 status_error;
	int			 help;		/* the help screen is up */
	int			 prompt;	/* reading a search query */
	char			 prompt_text[256];
	size_t			 prompt_len;

	long long		*reload_queue;	/* for the loop to start */
	size_t			 nreload;
	size_t			 reload_size;
	int			 reload_total;	/* this round: queued */
	int			 reload_done;	/* this round: finished */
	int			 reload_failed;

	char			*open_url;	/* for the loop: the browser */
	int			 dirty;
	int			 quit;
};

/* Make the reader's state over store s for the n subscriptions subs (in
 * the urls file's order; each gets its cache row, added when new) and
 * the query feeds of c.  Everything passed stays the caller's and must
 * outlive app.  Returns 0, or -1 with an allocated *cause. */
int	app_init(struct app *app, struct store *s, const struct app_sub *subs,
	    size_t n, const struct conf *c, const struct keymap *km,
	    const struct ner_model *ner, char **cause);
/* Free what app holds (not what it was given). */
void	app_free(struct app *app);
/* The screen is now cols x rows: lay the panes out again. */
void	app_resize(struct app *app, int cols, int rows);
/* Carry out one action. */
void	app_do(struct app *app, enum action act);
/* A key typed while the search prompt is open (our key codes). */
void	app_prompt_key(struct app *app, int key);
/* A mouse event at cell (y, x): button 1 clicks, 4 and 5 are the wheel
 * up and down. */
void	app_click(struct app *app, int y, int x, int button);
/* A reload finished for feed_id (error: why it failed, or NULL). */
void	app_reloaded(struct app *app, long long feed_id, const char *error);
/* The loop took the reload queue: empty it (the round stays counted). */
void	app_reload_taken(struct app *app);
/* Show msg (printf-style) in the status line; error marks it red. */
void	app_status(struct app *app, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Run a search and show its results as a virtual feed at the top. */
void	app_search(struct app *app, const char *query);

#endif
