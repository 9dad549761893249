/*
 * Keys and actions (see keymap.h).  The bindings are a small sorted
 * array of (key, action); a lookup is a binary search.  The defaults are
 * what a newsboat or vi user tries first; names and help texts live in
 * one table with the actions, so the help screen and the config file
 * read the same words.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keymap.h"
#include "utf8.h"
#include "xmalloc.h"

struct binding {
	int		key;
	enum action	act;
};

struct keymap {
	struct binding	*v;
	size_t		 n;
	size_t		 size;
};

static const struct {
	const char	*name;
	const char	*help;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", "nothing" },
	[ACT_UP] = { "up", "move up (scroll up in the article)" },
	[ACT_DOWN] = { "down", "move down (scroll down in the article)" },
	[ACT_PAGE_UP] = { "page-up", "a page up" },
	[ACT_PAGE_DOWN] = { "page-down", "a page down" },
	[ACT_HOME] = { "home", "to the first row" },
	[ACT_END] = { "end", "to the last row" },
	[ACT_OPEN] = { "open", "open the feed or the story" },
	[ACT_BACK] = { "back", "back to the list" },
	[ACT_NEXT_PANE] = { "next-pane", "focus the next pane" },
	[ACT_PREV_PANE] = { "prev-pane", "focus the previous pane" },
	[ACT_NEXT_UNREAD] = { "next-unread", "the next unread story" },
	[ACT_PREV_UNREAD] = { "prev-unread", "the previous unread story" },
	[ACT_NEXT_ITEM] = { "next-item", "the next story" },
	[ACT_PREV_ITEM] = { "prev-item", "the previous story" },
	[ACT_RELOAD] = { "reload", "reload this feed" },
	[ACT_RELOAD_ALL] = { "reload-all", "reload every feed" },
	[ACT_MARK_READ] = { "toggle-read", "mark the story read or unread" },
	[ACT_MARK_FEED_READ] = { "mark-feed-read",
	    "mark every story of the feed read" },
	[ACT_STAR] = { "toggle-star", "star the story, or unstar it" },
	[ACT_SAVE] = { "save", "save the story's full text for offline "
	    "reading" },
	[ACT_OPEN_BROWSER] = { "open-in-browser",
	    "open the story's link in the browser" },
	[ACT_SEARCH] = { "search", "search every story" },
	[ACT_ENTITIES] = { "entities", "the names in this story" },
	[ACT_TOGGLE_LAYOUT] = { "toggle-layout",
	    "side by side, stacked, one pane" },
	[ACT_REDRAW] = { "redraw", "draw the screen again" },
	[ACT_HELP] = { "help", "this help" },
	[ACT_QUIT] = { "quit", "back one level; quit from the feeds" },
	[ACT_QUIT_ALL] = { "quit-all", "quit" },
};

/* The default bindings: newsboat's letters, vi's motions. */
static const struct binding defaults[] = {
	{ 'j', ACT_DOWN }, { KEY_T_DOWN, ACT_DOWN },
	{ 'k', ACT_UP }, { KEY_T_UP, ACT_UP },
	{ KEY_T_PGDN, ACT_PAGE_DOWN }, { ' ', ACT_PAGE_DOWN },
	{ 0x06, ACT_PAGE_DOWN },			/* ^F */
	{ KEY_T_PGUP, ACT_PAGE_UP }, { 'b', ACT_PAGE_UP },
	{ 0x02, ACT_PAGE_UP },				/* ^B */
	{ 'g', ACT_HOME }, { KEY_T_HOME, ACT_HOME },
	{ 'G', ACT_END }, { KEY_T_END, ACT_END },
	{ KEY_T_ENTER, ACT_OPEN }, { 'l', ACT_OPEN }, { KEY_T_RIGHT, ACT_OPEN },
	{ 'h', ACT_BACK }, { KEY_T_LEFT, ACT_BACK },
	{ KEY_T_BACKSPACE, ACT_BACK },
	{ KEY_T_TAB, ACT_NEXT_PANE }, { KEY_T_BTAB, ACT_PREV_PANE },
	{ 'n', ACT_NEXT_UNREAD }, { 'p', ACT_PREV_UNREAD },
	{ 'J', ACT_NEXT_ITEM }, { 'K', ACT_PREV_ITEM },
	{ 'r', ACT_RELOAD }, { 'R', ACT_RELOAD_ALL },
	{ 'N', ACT_MARK_READ }, { 'u', ACT_MARK_READ },
	{ 'A', ACT_MARK_FEED_READ },
	{ 's', ACT_STAR }, { 'S', ACT_SAVE },
	{ 'o', ACT_OPEN_BROWSER },
	{ '/', ACT_SEARCH },
	{ 'e', ACT_ENTITIES },
	{ 'v', ACT_TOGGLE_LAYOUT },
	{ 0x0c, ACT_REDRAW },				/* ^L */
	{ '?', ACT_HELP }, { KEY_T_F1, ACT_HELP },
	{ 'q', ACT_QUIT }, { KEY_T_ESC, ACT_BACK },
	{ 'Q', ACT_QUIT_ALL },
};

/* Key names, both ways. */
static const struct {
	const char	*name;
	int		 key;
} keynames[] = {
	{ "UP", KEY_T_UP }, { "DOWN", KEY_T_DOWN }, { "LEFT", KEY_T_LEFT },
	{ "RIGHT", KEY_T_RIGHT }, { "PGUP", KEY_T_PGUP },
	{ "PGDN", KEY_T_PGDN }, { "HOME", KEY_T_HOME }, { "END", KEY_T_END },
	{ "ENTER", KEY_T_ENTER }, { "TAB", KEY_T_TAB }, { "BTAB", KEY_T_BTAB },
	{ "BACKSPACE", KEY_T_BACKSPACE }, { "DELETE", KEY_T_DELETE },
	{ "ESC", KEY_T_ESC }, { "SPACE", ' ' },
};

static int
cmp_binding(const void *a, const void *b)
{
	const struct binding *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

struct keymap *
keymap_new(void)
{
	struct keymap	*km = xcalloc(1, sizeof(*km));
	size_t		 i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		keymap_bind(km, defaults[i].key, defaults[i].act);
	return km;
}

void
keymap_free(struct keymap *km)
{
	if (km == NULL)
		return;
	free(km->v);
	free(km);
}

enum action
keymap_lookup(const struct keymap *km, int key)
{
	struct binding	 k, *b;

	if (km->n == 0)		/* bsearch may not take a NULL array */
		return ACT_NONE;
	k.key = key;
	b = bsearch(&k, km->v, km->n, sizeof(*km->v), cmp_binding);
	return b != NULL ? b->act : ACT_NONE;
}

void
keymap_bind(struct keymap *km, int key, enum action act)
{
	struct binding	 k, *b;
	size_t		 i;

	k.key = key;
	b = km->n > 0 ? bsearch(&k, km->v, km->n, sizeof(*km->v),
	    cmp_binding) : NULL;
	if (b != NULL) {
		if (act != ACT_NONE) {
			b->act = act;
			return;
		}
		i = (size_t)(b - km->v);
		memmove(b, b + 1, (km->n - i - 1) * sizeof(*b));
		km->n--;
		return;
	}
	if (act == ACT_NONE)
		return;
	if (km->n == km->size) {
		km->size = km->size ? km->size * 2 : 64;
		km->v = xreallocarray(km->v, km->size, sizeof(*km->v));
	}
	km->v[km->n].key = key;
	km->v[km->n].act = act;
	km->n++;
	qsort(km->v, km->n, sizeof(*km->v), cmp_binding);
}

void
keymap_each(const struct keymap *km,
    void (*fn)(void *arg, int key, enum action act), void *arg)
{
	size_t	a, i;

	/* Few keys, few actions: a pass per action keeps keys sorted. */
	for (a = 1; a < ACT_COUNT; a++)
		for (i = 0; i < km->n; i++)
			if (km->v[i].act == (enum action)a)
				fn(arg, km->v[i].key, km->v[i].act);
}

const char *
action_name(enum action act)
{
	return (int)act >= 0 && act < ACT_COUNT ? actions[act].name : NULL;
}

const char *
action_help(enum action act)
{
	return (int)act >= 0 && act < ACT_COUNT ? actions[act].help : "";
}

int
action_parse(const char *s)
{
	int	i;

	for (i = 0; i < ACT_COUNT; i++)
		if (strcmp(s, actions[i].name) == 0)
			return i;
	return -1;
}

int
keymap_key_parse(const char *s)
{
	size_t		 i, len = strlen(s);
	uint32_t	 cp;

	if (len == 0)
		return -1;
	for (i = 0; i < sizeof(keynames) / sizeof(keynames[0]); i++)
		if (strcasecmp(s, keynames[i].name) == 0)
			return keynames[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && len >= 2 && len <= 3 &&
	    strspn(s + 1, "0123456789") == len - 1) {
		int	n = atoi(s + 1);

		if (n >= 1 && n <= 12)
			return KEY_T_F1 + n - 1;
		return -1;
	}
	if (s[0] == '^' && len == 2) {
		/* ^A .. ^Z, ^[ ... as the terminal sends them. */
		int	c = s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1];

		if (c >= '@' && c <= '_')
			return c - '@';
		return -1;
	}
	if (utf8_decode(s, len, &cp) != len || cp == 0xfffd || cp < 0x20 ||
	    cp == 0x7f)
		return -1;
	return (int)cp;
}

void
keymap_key_name(int key, char *buf, size_t size)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < sizeof(keynames) / sizeof(keynames[0]); i++)
		if (keynames[i].key == key) {
			snprintf(buf, size, "%s", keynames[i].name);
			return;
		}
	if (key >= KEY_T_F1 && key <= KEY_T_LAST)
		snprintf(buf, size, "F%d", key - KEY_T_F1 + 1);
	else if (key >= 0 && key < 0x20)
		snprintf(buf, size, "^%c", key + '@');
	else if (key > 0x20 && key < KEY_T_BASE && key != 0x7f) {
		buf_put_utf8(&b, (unsigned long)key);
		snprintf(buf, size, "%s", b.data);
		buf_free(&b);
	} else
		snprintf(buf, size, "?");
}
