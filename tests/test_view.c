/*
 * Unit tests for the pure view modules of the reader: display widths
 * (utf8), scrolling lists (listview), pane geometry (layout) and the key
 * table (keymap).  No terminal: what is checked is what the screen would
 * show, as numbers.
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "keymap.h"
#include "layout.h"
#include "listview.h"
#include "utf8.h"

static void
test_utf8_widths(void)
{
	const char	*cjk = "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2";	/* 漢字漢 */
	const char	*comb = "e\xcc\x81x";		/* e + U+0301, x */
	uint32_t	 cp;
	int		 used;
	size_t		 n;

	CHECK_INT(utf8_width("abc", 3), 3);
	CHECK_INT(utf8_width(cjk, strlen(cjk)), 6);
	/* Five columns hold two of the three wide characters. */
	n = utf8_fit(cjk, strlen(cjk), 5, &used);
	CHECK_INT(n, 6);
	CHECK_INT(used, 4);
	/* A combining mark takes no column and stays with its letter. */
	CHECK_INT(utf8_width(comb, strlen(comb)), 2);
	n = utf8_fit(comb, strlen(comb), 1, &used);
	CHECK_INT(n, 3);
	CHECK_INT(used, 1);
	CHECK_INT(utf8_width("e\xcc\x81", 3), 1);
	/* A wide character that does not fit keeps its mark with it. */
	n = utf8_fit("a\xe6\xbc\xa2\xcc\x81", 6, 2, &used);
	CHECK_INT(n, 1);
	CHECK_INT(used, 1);
	n = utf8_fit("a\xe6\xbc\xa2\xcc\x81", 6, 3, &used);
	CHECK_INT(n, 6);
	CHECK_INT(used, 3);
	/* Controls are never drawn: no width. */
	CHECK_INT(utf8_width("a\x1b[2Jb", 6), 5);
	CHECK_INT(utf8_cpwidth(0x1b), 0);
	CHECK_INT(utf8_cpwidth(0x9b), 0);
	/* Bad bytes are U+FFFD, one byte at a time; overlong forms and
	 * surrogates are no characters. */
	CHECK_INT(utf8_decode("\xff", 1, &cp), 1);
	CHECK_INT(cp, 0xfffd);
	CHECK_INT(utf8_decode("\xc0\xaf", 2, &cp), 1);
	CHECK_INT(cp, 0xfffd);
	CHECK_INT(utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	CHECK_INT(cp, 0xfffd);
	CHECK_INT(utf8_decode("\xe2\x82", 2, &cp), 1);	/* cut short */
	CHECK_INT(cp, 0xfffd);
	CHECK_INT(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1f600);
	/* Nothing fits in no columns. */
	CHECK_INT(utf8_fit("abc", 3, 0, &used), 0);
	CHECK_INT(used, 0);
}

/* The invariants every list keeps. */
static int
lv_ok(const struct listview *lv)
{
	size_t	h = (size_t)lv->height;

	if (lv->n == 0)
		return lv->cur == 0 && lv->top == 0;
	return lv->cur < lv->n && lv->top <= lv->cur &&
	    lv->cur < lv->top + h &&
	    lv->top <= (lv->n > h ? lv->n - h : 0);
}

static void
test_listview_moves(void)
{
	struct listview	lv;

	memset(&lv, 0, sizeof(lv));
	lv.scrolloff = 2;
	listview_set_height(&lv, 10);
	listview_set_count(&lv, 100);
	/* Down 15: the window follows with two rows below the cursor. */
	listview_move(&lv, 15);
	CHECK_INT(lv.cur, 15);
	CHECK_INT(lv.top, 8);
	CHECK(lv_ok(&lv));
	/* A page down moves the window by height - 1, as less does. */
	listview_set(&lv, 0);
	CHECK_INT(lv.top, 0);
	listview_page(&lv, 1);
	CHECK_INT(lv.top, 9);
	/* The cursor, on the first row, stays just past the margin. */
	CHECK_INT(lv.cur, 11);
	/* At the end: the last ten rows, none blank past the end. */
	listview_move(&lv, 1000);
	CHECK_INT(lv.cur, 99);
	CHECK_INT(lv.top, 90);
	listview_page(&lv, 1);
	CHECK_INT(lv.top, 90);
	CHECK_INT(lv.cur, 99);
	/* Back to the top by pages. */
	while (lv.top > 0)
		listview_page(&lv, -1);
	listview_page(&lv, -1);
	CHECK_INT(lv.cur, 0);
	/* The list shrinks under the cursor: it is clamped. */
	listview_set(&lv, 80);
	listview_set_count(&lv, 30);
	CHECK_INT(lv.cur, 29);
	CHECK_INT(lv.top, 20);
	/* Empty. */
	listview_set_count(&lv, 0);
	CHECK_INT(lv.cur, 0);
	CHECK_INT(lv.top, 0);
	listview_move(&lv, 3);
	CHECK_INT(lv.cur, 0);
	/* A resize keeps the cursor in sight. */
	listview_set_count(&lv, 100);
	listview_set(&lv, 50);
	listview_set_height(&lv, 3);
	CHECK(lv_ok(&lv));
	listview_set_height(&lv, 40);
	CHECK(lv_ok(&lv));
}

/* Without a scrolloff the cursor keeps its screen row across pages, as
 * the text under it does in less. */
static void
test_listview_page_keeps_row(void)
{
	struct listview	lv;

	memset(&lv, 0, sizeof(lv));
	listview_set_height(&lv, 10);
	listview_set_count(&lv, 100);
	listview_set(&lv, 3);
	listview_page(&lv, 1);
	CHECK_INT(lv.top, 9);
	CHECK_INT(lv.cur, 12);
	listview_page(&lv, 1);
	CHECK_INT(lv.top, 18);
	CHECK_INT(lv.cur, 21);
	listview_page(&lv, -1);
	listview_page(&lv, -1);
	CHECK_INT(lv.top, 0);
	CHECK_INT(lv.cur, 3);
	/* A list shorter than the window: a page goes to either end. */
	listview_set_count(&lv, 4);
	listview_set(&lv, 1);
	listview_page(&lv, 1);
	CHECK_INT(lv.cur, 3);
	CHECK_INT(lv.top, 0);
	listview_page(&lv, -1);
	CHECK_INT(lv.cur, 0);
}

static void
test_listview_wheel_and_click(void)
{
	struct listview	lv;

	memset(&lv, 0, sizeof(lv));
	listview_set_height(&lv, 10);
	listview_set_count(&lv, 100);
	/* The wheel moves the window; the cursor stays while it can. */
	listview_set(&lv, 5);
	listview_scroll(&lv, 3);
	CHECK_INT(lv.top, 3);
	CHECK_INT(lv.cur, 5);
	listview_scroll(&lv, 10);
	CHECK_INT(lv.top, 13);
	CHECK_INT(lv.cur, 13);		/* dragged along */
	listview_scroll(&lv, 1000);
	CHECK_INT(lv.top, 90);
	listview_scroll(&lv, -1000);
	CHECK_INT(lv.top, 0);
	CHECK(lv_ok(&lv));
	/* A click selects the row shown there. */
	listview_scroll(&lv, 20);
	CHECK_INT(listview_click(&lv, 4), 0);
	CHECK_INT(lv.cur, 24);
	CHECK_INT(listview_click(&lv, 10), -1);
	listview_set_count(&lv, 3);
	CHECK_INT(listview_click(&lv, 5), -1);
	CHECK_INT(listview_click(&lv, 2), 0);
	CHECK_INT(lv.cur, 2);
}

static void
test_listview_invariants(void)
{
	struct listview	lv;
	uint32_t	x = 12345;
	int		i, bad = 0;

	memset(&lv, 0, sizeof(lv));
	lv.scrolloff = 3;
	listview_set_height(&lv, 7);
	for (i = 0; i < 20000; i++) {
		x = x * 1103515245 + 12345;
		switch ((x >> 16) % 8) {
		case 0:
			listview_move(&lv, (long)((x >> 8) % 41) - 20);
			break;
		case 1:
			listview_page(&lv, (x & 256) ? 1 : -1);
			break;
		case 2:
			listview_scroll(&lv, (long)((x >> 8) % 21) - 10);
			break;
		case 3:
			listview_set_count(&lv, (x >> 8) % 60);
			break;
		case 4:
			listview_set_height(&lv, (int)((x >> 8) % 30) + 1);
			break;
		case 5:
			(void)listview_click(&lv, (int)((x >> 8) % 40) - 5);
			break;
		case 6:
			listview_set(&lv, (x >> 8) % 80);
			break;
		default:
			listview_move(&lv, 1);
			break;
		}
		if (!lv_ok(&lv))
			bad++;
	}
	CHECK_INT(bad, 0);
}

/* Returns 1 when the rectangles share a cell. */
static int
overlap(const struct rect *a, const struct rect *b)
{
	if (a->w <= 0 || a->h <= 0 || b->w <= 0 || b->h <= 0)
		return 0;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h;
}

static int
inside(const struct rect *r, int cols, int rows)
{
	if (r->w == 0 || r->h == 0)
		return 1;
	return r->x >= 0 && r->y >= 0 && r->w > 0 && r->h > 0 &&
	    r->x + r->w <= cols && r->y + r->h <= rows;
}

static void
test_layout_modes(void)
{
	struct layout	l;

	layout_compute(200, 50, LAYOUT_AUTO, PANE_FEEDS, &l);
	CHECK_INT(l.mode, LAYOUT_SIDE);
	CHECK_INT(l.pane[PANE_FEEDS].x, 0);
	CHECK(l.vsep_x > 0 && l.vsep_x == l.pane[PANE_FEEDS].w);
	CHECK(l.pane[PANE_ITEMS].x > l.vsep_x);
	CHECK(l.pane[PANE_ARTICLE].y > l.pane[PANE_ITEMS].y);
	CHECK_INT(l.pane[PANE_ITEMS].x + l.pane[PANE_ITEMS].w, 200);
	CHECK_INT(l.status.y, 49);
	/* Feeds: a column of a quarter, at most 40. */
	CHECK(l.pane[PANE_FEEDS].w >= 20 && l.pane[PANE_FEEDS].w <= 40);
	/* Every row above the status line is used. */
	CHECK_INT(l.title[PANE_FEEDS].y, 0);
	CHECK_INT(l.pane[PANE_ARTICLE].y + l.pane[PANE_ARTICLE].h, 49);

	layout_compute(80, 40, LAYOUT_AUTO, PANE_ITEMS, &l);
	CHECK_INT(l.mode, LAYOUT_STACKED);
	CHECK(l.pane[PANE_FEEDS].w == 80 && l.pane[PANE_ITEMS].w == 80 &&
	    l.pane[PANE_ARTICLE].w == 80);
	CHECK(l.pane[PANE_FEEDS].y < l.pane[PANE_ITEMS].y &&
	    l.pane[PANE_ITEMS].y < l.pane[PANE_ARTICLE].y);
	CHECK_INT(l.vsep_x, -1);

	layout_compute(80, 24, LAYOUT_AUTO, PANE_ITEMS, &l);
	CHECK_INT(l.mode, LAYOUT_SINGLE);
	CHECK_INT(l.pane[PANE_FEEDS].w, 0);
	CHECK_INT(l.pane[PANE_ARTICLE].w, 0);
	CHECK_INT(l.pane[PANE_ITEMS].w, 80);
	CHECK_INT(l.pane[PANE_ITEMS].h, 22);	/* minus title and status */

	/* Asked for side by side on a narrow screen: one pane. */
	layout_compute(25, 30, LAYOUT_SIDE, PANE_ARTICLE, &l);
	CHECK_INT(l.mode, LAYOUT_SINGLE);
	CHECK_INT(l.pane[PANE_ARTICLE].w, 25);

	/* Clicks find their pane; the status line is none. */
	layout_compute(200, 50, LAYOUT_SIDE, PANE_FEEDS, &l);
	CHECK_INT(layout_hit(&l, l.pane[PANE_ITEMS].y, l.pane[PANE_ITEMS].x),
	    PANE_ITEMS);
	CHECK_INT(layout_hit(&l, 49, 5), -1);
	CHECK_INT(layout_hit(&l, 0, 0), -1);		/* a title bar */
	CHECK_INT(layout_mode_parse("stacked"), LAYOUT_STACKED);
	CHECK_INT(layout_mode_parse("sideways"), -1);
}

static void
test_layout_every_size(void)
{
	struct layout	l;
	struct rect	r[2 * PANE_COUNT + 2];
	int		cols, rows, mode, focus, p, q, nr, area, bad = 0;

	for (cols = 1; cols <= 300; cols++)
		for (rows = 1; rows <= 100; rows++)
			for (mode = 0; mode < 4; mode++)
				for (focus = 0; focus < PANE_COUNT; focus++) {
			layout_compute(cols, rows, (enum layout_mode)mode,
			    (enum pane)focus, &l);
			if (!inside(&l.status, cols, rows))
				bad++;
			for (p = 0; p < PANE_COUNT; p++) {
				if (!inside(&l.pane[p], cols, rows) ||
				    !inside(&l.title[p], cols, rows))
					bad++;
				if (l.pane[p].w > 0 &&
				    (l.title[p].y != l.pane[p].y - 1 ||
				    l.title[p].x != l.pane[p].x))
					bad++;
				if (overlap(&l.pane[p], &l.status))
					bad++;
				for (q = p + 1; q < PANE_COUNT; q++)
					if (overlap(&l.pane[p], &l.pane[q]) ||
					    overlap(&l.title[p], &l.pane[q]))
						bad++;
			}
			/* The focused pane is always shown when there is
			 * room for a title and a row. */
			if (rows >= 3 && l.pane[focus].w == 0)
				bad++;
			/* Titles, contents, the rule and the status line
			 * tile the screen: none overlap and their areas
			 * add up to it, so no cell is left blank. */
			nr = 0;
			for (p = 0; p < PANE_COUNT; p++) {
				r[nr++] = l.title[p];
				r[nr++] = l.pane[p];
			}
			r[nr++] = l.status;
			r[nr].y = r[nr].x = r[nr].h = r[nr].w = 0;
			if (l.vsep_x >= 0) {
				r[nr].x = l.vsep_x;
				r[nr].w = 1;
				r[nr].h = rows - 1;
			}
			nr++;
			area = 0;
			for (p = 0; p < nr; p++) {
				if (r[p].w < 0 || r[p].h < 0 ||
				    !inside(&r[p], cols, rows))
					bad++;
				if (r[p].w > 0 && r[p].h > 0)
					area += r[p].w * r[p].h;
				for (q = p + 1; q < nr; q++)
					if (overlap(&r[p], &r[q]))
						bad++;
			}
			if (rows >= 3 && area != cols * rows)
				bad++;
		}
	CHECK_INT(bad, 0);
}

struct each {
	int	count;
	int	last_act;
	int	ordered;
};

static void
each_key(void *arg, int key, enum action act)
{
	struct each	*e = arg;

	(void)key;
	e->count++;
	if ((int)act < e->last_act)
		e->ordered = 0;
	e->last_act = (int)act;
}

static void
test_keymap_defaults(void)
{
	struct keymap	*km = keymap_new();

	CHECK_INT(keymap_lookup(km, 'j'), ACT_DOWN);
	CHECK_INT(keymap_lookup(km, KEY_T_DOWN), ACT_DOWN);
	CHECK_INT(keymap_lookup(km, 'k'), ACT_UP);
	CHECK_INT(keymap_lookup(km, KEY_T_ENTER), ACT_OPEN);
	CHECK_INT(keymap_lookup(km, 'q'), ACT_QUIT);
	CHECK_INT(keymap_lookup(km, 'Q'), ACT_QUIT_ALL);
	CHECK_INT(keymap_lookup(km, 'r'), ACT_RELOAD);
	CHECK_INT(keymap_lookup(km, 'R'), ACT_RELOAD_ALL);
	CHECK_INT(keymap_lookup(km, 'n'), ACT_NEXT_UNREAD);
	CHECK_INT(keymap_lookup(km, 's'), ACT_STAR);
	CHECK_INT(keymap_lookup(km, '/'), ACT_SEARCH);
	CHECK_INT(keymap_lookup(km, 'o'), ACT_OPEN_BROWSER);
	CHECK_INT(keymap_lookup(km, '?'), ACT_HELP);
	CHECK_INT(keymap_lookup(km, KEY_T_TAB), ACT_NEXT_PANE);
	CHECK_INT(keymap_lookup(km, 0x0c), ACT_REDRAW);
	CHECK_INT(keymap_lookup(km, 'A'), ACT_MARK_FEED_READ);
	CHECK_INT(keymap_lookup(km, 'z'), ACT_NONE);
	/* Rebinding and unbinding. */
	keymap_bind(km, 'z', ACT_RELOAD_ALL);
	CHECK_INT(keymap_lookup(km, 'z'), ACT_RELOAD_ALL);
	keymap_bind(km, 'j', ACT_UP);
	CHECK_INT(keymap_lookup(km, 'j'), ACT_UP);
	keymap_bind(km, 'j', ACT_NONE);
	CHECK_INT(keymap_lookup(km, 'j'), ACT_NONE);
	CHECK_INT(keymap_lookup(km, 'k'), ACT_UP);	/* others untouched */
	keymap_free(km);
}

static void
round_trip(void *arg, int key, enum action act)
{
	int	*bad = arg;
	char	 buf[32];

	(void)act;
	keymap_key_name(key, buf, sizeof(buf));
	if (keymap_key_parse(buf) != key) {
		fprintf(stderr, "  key %#x named \"%s\" reads back as %#x\n",
		    key, buf, keymap_key_parse(buf));
		(*bad)++;
	}
}

/* Every key the help screen can show reads back as itself from the
 * config file. */
static void
test_keymap_round_trip(void)
{
	struct keymap	*km = keymap_new();
	int		 key, bad = 0;

	keymap_each(km, round_trip, &bad);
	for (key = 0; key < 0x3000; key++)
		if (key != 0x7f && (key < 0xd800 || key > 0xdfff))
			round_trip(&bad, key, ACT_NONE);
	for (key = KEY_T_BASE; key <= KEY_T_LAST; key++)
		round_trip(&bad, key, ACT_NONE);
	round_trip(&bad, 0x1f600, ACT_NONE);		/* an emoji */
	CHECK_INT(bad, 0);
	keymap_free(km);
}

static void
test_keymap_names(void)
{
	static const char *const names[] = { "j", "G", "\xc3\xa9", "^L",
	    "ENTER", "SPACE", "F5", "PGDN", "TAB", "ESC", "/" };
	struct keymap	*km = keymap_new();
	struct each	 e = { 0, 0, 1 };
	char		 buf[32];
	size_t		 i;
	int		 a, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = keymap_key_parse(names[i]);
		CHECK(k >= 0);
		keymap_key_name(k, buf, sizeof(buf));
		CHECK_STR(buf, names[i]);
	}
	CHECK_INT(keymap_key_parse("^l"), 0x0c);
	CHECK_INT(keymap_key_parse("enter"), KEY_T_ENTER);
	CHECK_INT(keymap_key_parse("\xc3\xa9"), 0xe9);
	CHECK_INT(keymap_key_parse(""), -1);
	CHECK_INT(keymap_key_parse("jj"), -1);
	CHECK_INT(keymap_key_parse("F13"), -1);
	CHECK_INT(keymap_key_parse("^1"), -1);
	CHECK_INT(keymap_key_parse("\xff"), -1);
	for (a = 0; a < ACT_COUNT; a++) {
		CHECK(action_name((enum action)a) != NULL);
		CHECK_INT(action_parse(action_name((enum action)a)), a);
		CHECK(*action_help((enum action)a) != '\0');
	}
	CHECK(action_name(ACT_COUNT) == NULL);
	CHECK_INT(action_parse("reload-everything"), -1);
	/* keymap_each: every binding once, grouped by action in order. */
	keymap_each(km, each_key, &e);
	CHECK(e.count > 40);
	CHECK(e.ordered);
	keymap_free(km);
}

int
main(void)
{
	static const struct check_test tests[] = {
		{ "utf8_widths", test_utf8_widths },
		{ "listview_moves", test_listview_moves },
		{ "listview_page_keeps_row", test_listview_page_keeps_row },
		{ "listview_wheel_and_click", test_listview_wheel_and_click },
		{ "listview_invariants", test_listview_invariants },
		{ "layout_modes", test_layout_modes },
		{ "layout_every_size", test_layout_every_size },
		{ "keymap_defaults", test_keymap_defaults },
		{ "keymap_names", test_keymap_names },
		{ "keymap_round_trip", test_keymap_round_trip },
		{ NULL, NULL }
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return check_main(tests);
}
