/*
 * The terminal layer: one loop and the drawing.  The loop waits in
 * curl_multi_poll (through fetch_poll) on the transfers and on stdin at
 * once, so a reload runs while the user reads and a dead server never
 * freezes the keyboard; signals only set flags.  Each pass handles what
 * arrived, then draws once if anything is dirty: erase(), every pane from
 * the app's state, doupdate(), so curses sends only what changed.
 *
 * Everything drawn is already printable: the app and the HTML renderer
 * strip control characters and escape sequences from network text, and
 * text is clipped to its rectangle by display width (utf8_fit).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "buf.h"
#include "subs.h"
#include "ui.h"
#include "utf8.h"
#include "xmalloc.h"

static volatile sig_atomic_t got_winch, got_quit;
static int	 ui_active;
static chtype	 elem_attr[ELEM_COUNT];

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else
		got_quit = 1;
}

/* Restore the terminal; safe to call twice (fatal() calls it). */
static void
ui_restore(void)
{
	if (!ui_active)
		return;
	ui_active = 0;
	/* Mouse reporting off, then the normal screen back. */
	mousemask(0, NULL);
	endwin();
}

/* Our attribute bits as curses's. */
static chtype
attr_of(int a)
{
	chtype	c = A_NORMAL;

	if (a & ATTR_BOLD)
		c |= A_BOLD;
	if (a & ATTR_DIM)
		c |= A_DIM;
#ifdef A_ITALIC
	if (a & ATTR_ITALIC)
		c |= A_ITALIC;
#endif
	if (a & ATTR_UNDERLINE)
		c |= A_UNDERLINE;
	if (a & ATTR_REVERSE)
		c |= A_REVERSE;
	if (a & ATTR_STANDOUT)
		c |= A_STANDOUT;
	return c;
}

/* One colour pair per element that has a colour; a terminal without
 * colours keeps only the attributes (NO_COLOR: see cmd_tui.c). */
static void
colors_init(const struct conf *c)
{
	int	color = has_colors();
	int	i;

	if (color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < ELEM_COUNT; i++) {
		const struct conf_color *cc = &c->colors[i];

		elem_attr[i] = attr_of(cc->attr);
		if (color && (cc->fg >= 0 || cc->bg >= 0) &&
		    cc->fg < COLORS && cc->bg < COLORS &&
		    i + 1 < COLOR_PAIRS) {
			init_pair((short)(i + 1), cc->fg, cc->bg);
			elem_attr[i] |= COLOR_PAIR(i + 1);
		}
	}
}

/* Draw s[0..len) at (y, x) in at most w columns; returns the columns
 * used. */
static int
put(int y, int x, int w, const char *s, size_t len, chtype attr)
{
	int	used;
	size_t	n;

	if (w <= 0 || len == 0)
		return 0;
	n = utf8_fit(s, len, w, &used);
	attrset(attr);
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
	return used;
}

/* Draw a NUL-terminated string, see put(). */
static int
puts_at(int y, int x, int w, const char *s, chtype attr)
{
	return s != NULL ? put(y, x, w, s, strlen(s), attr) : 0;
}

/* Fill a row segment with attr (selected rows, title bars). */
static void
fill(int y, int x, int w, chtype attr)
{
	int	i;

	attrset(attr);
	for (i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

/* A pane's title bar: text on the title colour, the focused one
 * bold. */
static void
draw_title(const struct app *app, enum pane p, const char *text)
{
	const struct rect *r = &app->layout.title[p];
	chtype	 a = elem_attr[ELEM_TITLE] | (app->focus == p ? A_BOLD : 0);

	if (r->h <= 0 || r->w <= 0)
		return;
	fill(r->y, r->x, r->w, a);
	put(r->y, r->x + 1, r->w - 2, text, strlen(text), a);
}

static void
draw_feeds(const struct app *app)
{
	const struct rect	*r = &app->layout.pane[PANE_FEEDS];
	const struct listview	*lv = &app->lv[PANE_FEEDS];
	long			 unread = 0;
	char			 buf[128];
	size_t			 i;
	int			 row;

	for (i = 0; i < app->nfeeds; i++)
		if (app->feeds[i].query == NULL)
			unread += app->feeds[i].unread;
	snprintf(buf, sizeof(buf), "Feeds (%ld unread, %zu feeds)", unread,
	    app->nfeeds);
	draw_title(app, PANE_FEEDS, buf);
	for (row = 0; row < r->h && lv->top + (size_t)row < app->nfeeds;
	    row++) {
		const struct app_feed *f = &app->feeds[lv->top + (size_t)row];
		int	 sel = lv->top + (size_t)row == lv->cur;
		chtype	 a = sel ? elem_attr[ELEM_SELECTED] :
		    f->unread > 0 ? elem_attr[ELEM_UNREAD] : A_NORMAL;
		int	 x = r->x, used;

		if (sel)
			fill(r->y + row, r->x, r->w, a);
		snprintf(buf, sizeof(buf), "%c%5ld/%-5ld ",
		    f->error != NULL ? '!' : ' ', f->unread, f->total);
		used = put(r->y + row, x, r->w, buf, strlen(buf),
		    f->error != NULL && !sel ? elem_attr[ELEM_ERROR] : a);
		x += used;
		used = puts_at(r->y + row, x, r->w - (x - r->x), f->name, a);
		x += used;
		if (f->tags != NULL && r->w - (x - r->x) > 3) {
			snprintf(buf, sizeof(buf), "  (%s)", f->tags);
			put(r->y + row, x, r->w - (x - r->x), buf, strlen(buf),
			    sel ? a : elem_attr[STYLE_MARKER]);
		}
	}
}

static void
draw_items(const struct app *app)
{
	const struct rect	*r = &app->layout.pane[PANE_ITEMS];
	const struct listview	*lv = &app->lv[PANE_ITEMS];
	const struct app_feed	*f = app->items_of < app->nfeeds ?
	    &app->feeds[app->items_of] : NULL;
	char			 buf[512];
	int			 row, virt = f != NULL && f->query != NULL;

	if (f != NULL)
		snprintf(buf, sizeof(buf), "%s (%ld unread, %ld total)",
		    f->name, f->unread, f->total);
	else
		snprintf(buf, sizeof(buf), "Stories");
	draw_title(app, PANE_ITEMS, buf);
	if (app->nitems == 0 && r->h > 0)
		puts_at(r->y, r->x + 1, r->w - 1, "(no stories)", A_DIM);
	for (row = 0; row < r->h && lv->top + (size_t)row < app->nitems;
	    row++) {
		const struct app_item *it = &app->items[lv->top + (size_t)row];
		int	 sel = lv->top + (size_t)row == lv->cur;
		chtype	 a = sel ? elem_attr[ELEM_SELECTED] :
		    !it->read ? elem_attr[ELEM_UNREAD] : A_NORMAL;
		struct tm tm;
		char	 date[32] = "";
		int	 x = r->x;

		if (sel)
			fill(r->y + row, r->x, r->w, a);
		if (it->date != 0 && localtime_r(&it->date, &tm) != NULL)
			strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
		snprintf(buf, sizeof(buf), "%c%c%c %-16s ",
		    it->read ? ' ' : 'N', it->starred ? '*' : ' ',
		    it->saved ? 'S' : ' ', date);
		x += put(r->y + row, x, r->w, buf, strlen(buf), a);
		if (virt && it->feed != NULL) {
			x += puts_at(r->y + row, x, r->w - (x - r->x) < 20 ?
			    r->w - (x - r->x) : 20, it->feed, a);
			x += put(r->y + row, x, r->w - (x - r->x), "  ", 2, a);
		}
		puts_at(r->y + row, x, r->w - (x - r->x), it->title, a);
	}
}

/* The attributes of text covered by the spans in v[0..n) that hold byte
 * off. */
static chtype
span_attr(const struct span *v, size_t n, size_t off)
{
	chtype	a = A_NORMAL, color = 0;
	int	rank = -1;
	size_t	i;

	for (i = 0; i < n; i++) {
		chtype	e;
		int	r;

		if (off < v[i].start || off >= v[i].end ||
		    v[i].style >= STYLE_COUNT)
			continue;
		e = elem_attr[v[i].style];
		a |= e & ~A_COLOR;
		/* One colour: a name's colour beats a link's beats the
		 * rest, so a highlighted name inside a link stays seen. */
		r = v[i].style >= STYLE_PER ? 2 : v[i].style == STYLE_LINK ||
		    v[i].style == STYLE_LINKNUM ? 1 : 0;
		if ((e & A_COLOR) != 0 && r > rank) {
			rank = r;
			color = e & A_COLOR;
		}
	}
	return a | color;
}

/* One article line, split where the spans change. */
static void
draw_line(int y, int x, int w, const struct html_line *l)
{
	size_t	 off = 0, next, i;
	int	 used = 0;

	while (off < l->len && used < w) {
		chtype	a = span_attr(l->spans, l->nspans, off);

		/* The next place any span starts or ends. */
		next = l->len;
		for (i = 0; i < l->nspans; i++) {
			if (l->spans[i].start > off && l->spans[i].start < next)
				next = l->spans[i].start;
			if (l->spans[i].end > off && l->spans[i].end < next)
				next = l->spans[i].end;
		}
		used += put(y, x + used, w - used, l->text + off, next - off,
		    a);
		off = next;
	}
}

static void
draw_article(const struct app *app)
{
	const struct rect	*r = &app->layout.pane[PANE_ARTICLE];
	const struct listview	*lv = &app->lv[PANE_ARTICLE];
	const struct html_lines	*ls = &app->article.lines;
	char			 buf[64];
	int			 row;

	if (app->article_id == 0) {
		draw_title(app, PANE_ARTICLE, "Article");
		if (r->h > 0)
			puts_at(r->y, r->x + 1, r->w - 1,
			    "(Enter on a story opens it here)", A_DIM);
		return;
	}
	if (ls->n > (size_t)r->h && r->h > 0)
		snprintf(buf, sizeof(buf), "Article (%zu%%)",
		    (lv->top + (size_t)r->h) * 100 / ls->n > 100 ? 100 :
		    (lv->top + (size_t)r->h) * 100 / ls->n);
	else
		snprintf(buf, sizeof(buf), "Article");
	draw_title(app, PANE_ARTICLE, buf);
	for (row = 0; row < r->h && lv->top + (size_t)row < ls->n; row++)
		draw_line(r->y + row, r->x + (r->w > 20), r->w - (r->w > 20),
		    &ls->v[lv->top + (size_t)row]);
}

static void
draw_status(const struct app *app)
{
	const struct rect	*r = &app->layout.status;
	char			 right[64];
	int			 rw;

	if (r->h <= 0)
		return;
	fill(r->y, r->x, r->w, elem_attr[ELEM_STATUS]);
	if (app->prompt) {
		put(r->y, r->x, r->w, "Search: ", 8, elem_attr[ELEM_STATUS]);
		put(r->y, r->x + 8, r->w - 8, app->prompt_text,
		    app->prompt_len, elem_attr[ELEM_STATUS]);
		return;
	}
	if (app->reload_done < app->reload_total)
		snprintf(right, sizeof(right), "reloading %d/%d feeds",
		    app->reload_done, app->reload_total);
	else
		snprintf(right, sizeof(right), "?:help  q:quit");
	rw = utf8_width(right, strlen(right));
	if (rw < r->w)
		put(r->y, r->x + r->w - rw, rw, right, strlen(right),
		    elem_attr[ELEM_STATUS]);
	if (app->status != NULL)
		puts_at(r->y, r->x, r->w - rw - 1, app->status,
		    app->status_error ? elem_attr[ELEM_ERROR] :
		    elem_attr[ELEM_STATUS]);
}

/*
 * OSC 8 hyperlinks.  curses knows nothing of them, so after each update
 * the links on screen are written again, the same characters in the same
 * cells, between "ESC ] 8 ; ; URL ST" and "ESC ] 8 ; ; ST"; a link
 * wrapped over lines gets one id, so the terminal treats it as one.  Then
 * the cursor goes back where curses believes it is.  The URL is
 * percent-encoded down to printable ASCII: a byte of it can never end the
 * sequence early.
 */
static int	 hyperlinks;

/* Whether the terminal shows OSC 8 links: the config says, or, on auto,
 * the terminals known to (others may print the sequence as text). */
static int
hyperlinks_detect(int conf)
{
	const char	*t = getenv("TERM"), *p = getenv("TERM_PROGRAM");
	const char	*vte = getenv("VTE_VERSION");

	if (conf >= 0)
		return conf;
	if (vte != NULL && atoi(vte) >= 5000)
		return 1;
	if (p != NULL && (strcmp(p, "iTerm.app") == 0 ||
	    strcmp(p, "WezTerm") == 0 || strcmp(p, "vscode") == 0))
		return 1;
	if (getenv("KITTY_WINDOW_ID") != NULL || getenv("WT_SESSION") != NULL)
		return 1;
	return t != NULL && (strncmp(t, "foot", 4) == 0 ||
	    strstr(t, "kitty") != NULL || strcmp(t, "alacritty") == 0 ||
	    strcmp(t, "xterm-ghostty") == 0);
}

/* Write url to f percent-encoded where it is not printable ASCII. */
static void
url_put(FILE *f, const char *url)
{
	const unsigned char *u = (const unsigned char *)url;

	for (; *u != '\0'; u++)
		if (*u > 0x20 && *u < 0x7f)
			fputc(*u, f);
		else
			fprintf(f, "%%%02X", *u);
}

/* The SGR of our attribute bits and a colour pair's foreground. */
static void
sgr_put(FILE *f, const struct conf_color *c)
{
	fputs("\033[0", f);
	if (c->attr & ATTR_BOLD)
		fputs(";1", f);
	if (c->attr & ATTR_UNDERLINE)
		fputs(";4", f);
	if (c->fg >= 0 && c->fg < 8)
		fprintf(f, ";%d", 30 + c->fg);
	else if (c->fg >= 8)
		fprintf(f, ";38;5;%d", c->fg);
	fputc('m', f);
}

/* Write the links of the article pane again as OSC 8 hyperlinks. */
static void
links_emit(const struct app *app)
{
	const struct rect	*r = &app->layout.pane[PANE_ARTICLE];
	const struct listview	*lv = &app->lv[PANE_ARTICLE];
	const struct html_lines	*ls = &app->article.lines;
	int			 row, y, x, any = 0, pad = r->w > 20;
	size_t			 i;

	if (app->article_id == 0 || app->help || r->w <= 0)
		return;
	for (row = 0; row < r->h && lv->top + (size_t)row < ls->n; row++) {
		const struct html_line *l = &ls->v[lv->top + (size_t)row];

		for (i = 0; i < l->nspans; i++) {
			const struct span *sp = &l->spans[i];
			int	 col, used;
			size_t	 n;

			if (sp->style != STYLE_LINK || sp->arg == 0 ||
			    sp->arg > app->article.doc.nlinks ||
			    sp->end > l->len)
				continue;
			col = utf8_width(l->text, sp->start);
			if (col >= r->w - pad)
				continue;
			n = utf8_fit(l->text + sp->start, sp->end - sp->start,
			    r->w - pad - col, &used);
			fprintf(stdout, "\033[%d;%dH", r->y + row + 1,
			    r->x + pad + col + 1);
			fprintf(stdout, "\033]8;id=t%d;", sp->arg);
			url_put(stdout, app->article.doc.links[sp->arg - 1]);
			fputs("\033\\", stdout);
			sgr_put(stdout, &app->conf->colors[STYLE_LINK]);
			fwrite(l->text + sp->start, 1, n, stdout);
			fputs("\033]8;;\033\\\033[0m", stdout);
			any = 1;
		}
	}
	if (any) {
		getyx(curscr, y, x);
		fprintf(stdout, "\033[%d;%dH", y + 1, x + 1);
		fflush(stdout);
	}
}

struct help_draw {
	int	row;
	int	skip;
	int	rows, cols;
	int	last;		/* the action of the row drawn last */
	char	keys[128];
};

static void
help_flush(struct help_draw *h)
{
	if (h->last == ACT_NONE)
		return;
	if (h->skip > 0)
		h->skip--;
	else if (h->row < h->rows - 1) {
		put(h->row, 2, 22, h->keys, strlen(h->keys), A_BOLD);
		puts_at(h->row, 25, h->cols - 26,
		    action_help((enum action)h->last), A_NORMAL);
		h->row++;
	}
	h->keys[0] = '\0';
}

static void
help_key(void *arg, int key, enum action act)
{
	struct help_draw *h = arg;
	char		 name[32];
	size_t		 n;

	if ((int)act != h->last) {
		help_flush(h);
		h->last = (int)act;
	}
	keymap_key_name(key, name, sizeof(name));
	n = strlen(h->keys);
	snprintf(h->keys + n, sizeof(h->keys) - n, "%s%s", n ? " " : "",
	    name);
}

/* The help screen: every bound key, from the key table itself. */
static void
draw_help(const struct app *app)
{
	struct help_draw h;

	memset(&h, 0, sizeof(h));
	h.rows = app->rows;
	h.cols = app->cols;
	h.row = 2;
	h.last = ACT_NONE;
	puts_at(0, 1, app->cols - 2, "tidings: keys (any key closes this)",
	    elem_attr[ELEM_TITLE] | A_BOLD);
	keymap_each(app->km, help_key, &h);
	help_flush(&h);
}

static void
draw(struct app *app)
{
	const struct layout *l = &app->layout;
	int	 y;

	erase();
	if (app->help)
		draw_help(app);
	else {
		if (l->pane[PANE_FEEDS].w > 0 || l->title[PANE_FEEDS].w > 0)
			draw_feeds(app);
		if (l->pane[PANE_ITEMS].w > 0 || l->title[PANE_ITEMS].w > 0)
			draw_items(app);
		if (l->pane[PANE_ARTICLE].w > 0 ||
		    l->title[PANE_ARTICLE].w > 0)
			draw_article(app);
		if (l->vsep_x >= 0)
			for (y = 0; y < l->status.y; y++)
				mvaddch(y, l->vsep_x, ACS_VLINE);
	}
	draw_status(app);
	wnoutrefresh(stdscr);
	doupdate();
	if (hyperlinks)
		links_emit(app);
	app->dirty = 0;
}

/* Our key code for what get_wch() returned. */
static int
key_of(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return KEY_T_UP;
		case KEY_DOWN: return KEY_T_DOWN;
		case KEY_LEFT: return KEY_T_LEFT;
		case KEY_RIGHT: return KEY_T_RIGHT;
		case KEY_PPAGE: return KEY_T_PGUP;
		case KEY_NPAGE: return KEY_T_PGDN;
		case KEY_HOME: return KEY_T_HOME;
		case KEY_END: return KEY_T_END;
		case KEY_ENTER: return KEY_T_ENTER;
		case KEY_BTAB: return KEY_T_BTAB;
		case KEY_BACKSPACE: return KEY_T_BACKSPACE;
		case KEY_DC: return KEY_T_DELETE;
		}
		if (ch >= KEY_F(1) && ch <= KEY_F(12))
			return KEY_T_F1 + (int)(ch - KEY_F(1));
		return -1;
	}
	switch (ch) {
	case '\r':
	case '\n':
		return KEY_T_ENTER;
	case '\t':
		return KEY_T_TAB;
	case 0x1b:
		return KEY_T_ESC;
	case 0x7f:
	case 0x08:
		return KEY_T_BACKSPACE;
	}
	return (int)ch;
}

/* Start the browser on url with an argv (never a shell): the configured
 * command, else $BROWSER, else xdg-open; "%u" (or "%s" in $BROWSER) in
 * an argument is replaced by the URL, else it is added last.  The
 * terminal is given to the browser until it exits. */
static void
browser_open(struct app *app, const char *url)
{
	char		**argv = NULL, *copy = NULL, *w, *save = NULL;
	const char	*env;
	size_t		 n = 0, i;
	int		 put_url = 0, status;
	pid_t		 pid;

	/* Only web addresses: a feed's "link" could be "-e..." or
	 * "file:///" and must not become an option or a local file. */
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		app_status(app, 1, "not opening \"%s\": not an http(s) URL",
		    url);
		return;
	}
	if (app->conf->browser != NULL) {
		while (app->conf->browser[n] != NULL)
			n++;
		argv = xreallocarray(NULL, n + 2, sizeof(*argv));
		for (i = 0; i < n; i++)
			argv[i] = app->conf->browser[i];
	} else {
		env = getenv("BROWSER");
		copy = xstrdup(env != NULL && *env != '\0' ? env : "xdg-open");
		for (w = strtok_r(copy, " \t", &save); w != NULL;
		    w = strtok_r(NULL, " \t", &save)) {
			/* Room for this word, the URL and the NULL. */
			argv = xreallocarray(argv, n + 3, sizeof(*argv));
			argv[n++] = w;
		}
	}
	if (n == 0) {
		free(argv);
		free(copy);
		app_status(app, 1, "no browser configured");
		return;
	}
	for (i = 0; i < n; i++)
		if (strcmp(argv[i], "%u") == 0 || strcmp(argv[i], "%s") == 0) {
			argv[i] = (char *)(uintptr_t)url;
			put_url = 1;
		}
	if (!put_url)
		argv[n++] = (char *)(uintptr_t)url;
	argv[n] = NULL;

	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "tidings: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	status = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	reset_prog_mode();
	refresh();
	if (pid == -1)
		app_status(app, 1, "cannot start the browser: %s",
		    strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		app_status(app, 1, "%s exited with status %d", argv[0],
		    WEXITSTATUS(status));
	else
		app_status(app, 0, "opened %s", url);
	app->dirty = DIRTY_ALL;
	free(argv);
	free(copy);
}

/* Read every key waiting on stdin and act on it; returns how many. */
static int
keys_read(struct app *app)
{
	wint_t	ch;
	int	rc, key, n = 0;
	MEVENT	ev;

	while ((rc = get_wch(&ch)) != ERR) {
		n++;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			got_winch = 1;
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
			if (getmouse(&ev) != OK)
				continue;
			if (ev.bstate & BUTTON4_PRESSED)
				app_click(app, ev.y, ev.x, 4);
#ifdef BUTTON5_PRESSED
			else if (ev.bstate & BUTTON5_PRESSED)
				app_click(app, ev.y, ev.x, 5);
#endif
			else if (ev.bstate & (BUTTON1_PRESSED |
			    BUTTON1_CLICKED | BUTTON1_RELEASED))
				app_click(app, ev.y, ev.x, 1);
			continue;
		}
		if ((key = key_of(rc, ch)) == -1)
			continue;
		if (app->prompt)
			app_prompt_key(app, key);
		else
			app_do(app, keymap_lookup(app->km, key));
		if (app->quit)
			return n;
	}
	return n;
}

void
ui_reload_event(void *arg, const struct reload_event *ev)
{
	struct ui_env	*env = arg;
	struct app	*app = env->app;
	char		*cause = NULL;

	app_reloaded(app, ev->feed_id, ev->ok ? NULL :
	    ev->error != NULL ? ev->error : "failed");
	if (!ev->ok)
		app_status(app, 1, "%s: %s", ev->url,
		    ev->error != NULL ? ev->error : "failed");
	else if (ev->moved_to != NULL) {
		/* As tidings reload does: the urls file follows a feed that
		 * moved for good. */
		if (env->urls != NULL && subs_replace_url(env->urls, ev->url,
		    ev->moved_to, &cause) == -1) {
			app_status(app, 1, "%s moved to %s; the urls file was "
			    "not changed: %s", ev->url, ev->moved_to, cause);
			free(cause);
		} else
			app_status(app, 0, "%s moved to %s (urls file updated)",
			    ev->url, ev->moved_to);
	}
}

/* Start the reloads the app asked for. */
static void
reloads_start(struct app *app, struct ui_env *env)
{
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < app->nreload; i++)
		if (reload_feed(env->reload, app->reload_queue[i],
		    &cause) == -1) {
			app_reloaded(app, app->reload_queue[i], cause);
			app_status(app, 1, "cannot reload: %s", cause);
			free(cause);
			cause = NULL;
		}
	app_reload_taken(app);
}

/* The search index catches up a little at a time while nothing else
 * happens, so a search rarely waits for it. */
#define INDEX_BATCH	200
#define TAG_BATCH	50

int
ui_run(struct app *app, struct ui_env *env)
{
	struct sigaction sa;
	struct winsize	 ws;
	int		 ready, idle_ms, empty = 0;
	size_t		 indexed;
	char		*cause = NULL;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the wait in curl_multi_poll. */
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (initscr() == NULL)
		return 2;
	ui_active = 1;
	fatal_set_hook(ui_restore);
	raw();			/* ^C, ^Z are keys; SIGINT comes from kill */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	colors_init(app->conf);
	hyperlinks = hyperlinks_detect(app->conf->hyperlinks);
	app_resize(app, COLS, LINES);

	idle_ms = 0;
	while (!app->quit && !got_quit) {
		if (got_winch) {
			got_winch = 0;
			/* Ask the terminal its size, then lay out again. */
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
			    ws.ws_col > 0 && ws.ws_row > 0)
				resizeterm(ws.ws_row, ws.ws_col);
			app_resize(app, COLS, LINES);
		}
		if (app->nreload > 0)
			reloads_start(app, env);
		if (app->open_url != NULL) {
			char	*url = app->open_url;

			app->open_url = NULL;
			browser_open(app, url);
			free(url);
		}
		if (app->dirty)
			draw(app);
		/* Wait for a key, the network or (when idle) a second;
		 * signals end the wait too. */
		fetch_poll(env->fetch, idle_ms > 0 ? 1000 : 250, STDIN_FILENO,
		    &ready);
		if (ready) {
			idle_ms = 0;
			/* Readable but no key, again and again: the terminal
			 * is gone (end of file), not a key to wait for. */
			if (keys_read(app) > 0)
				empty = 0;
			else if (++empty > 100)
				app->quit = 1;
		} else if (fetch_pending(env->fetch) == 0) {
			idle_ms += 250;
			if (idle_ms >= 500 && store_index_pending(app->store,
			    INDEX_BATCH, &indexed, &cause) == -1) {
				free(cause);
				cause = NULL;
			}
			/* And the names, fewer at a time: tagging costs
			 * more than indexing words. */
			if (idle_ms >= 500 && app->ner != NULL &&
			    store_tag_pending(app->store, app->ner, TAG_BATCH,
			    &indexed, &cause) == -1) {
				free(cause);
				cause = NULL;
			}
		}
	}
	ui_restore();
	fatal_set_hook(NULL);
	return 0;
}
