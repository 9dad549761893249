/*
 * Keys and the actions they trigger.  Keys are our own codes, not
 * curses's: a character is its Unicode code point, special keys are
 * KEY_T_* above U+10FFFF, and Ctrl-X is 0x18 as the terminal sends it; the
 * terminal layer translates.  The default bindings are what a newsboat or
 * vi user guesses; the config file rebinds any of them.  The help screen
 * is generated from the same table, so it cannot drift from the keys.
 */
#ifndef TIDINGS_KEYMAP_H
#define TIDINGS_KEYMAP_H

#include <stddef.h>

enum {
	KEY_T_BASE = 0x110000,
	KEY_T_UP = KEY_T_BASE, KEY_T_DOWN, KEY_T_LEFT, KEY_T_RIGHT,
	KEY_T_PGUP, KEY_T_PGDN, KEY_T_HOME, KEY_T_END,
	KEY_T_ENTER, KEY_T_TAB, KEY_T_BTAB, KEY_T_BACKSPACE, KEY_T_DELETE,
	KEY_T_ESC, KEY_T_F1, /* .. F12 = KEY_T_F1 + 11 */
	KEY_T_LAST = KEY_T_F1 + 11
};

/* Every action a key can trigger; names as in the config file are in
 * action_name(). */
enum action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END,
	ACT_OPEN,		/* Enter: feed -> stories -> article */
	ACT_BACK,		/* leave the article / stories */
	ACT_NEXT_PANE, ACT_PREV_PANE,
	ACT_NEXT_UNREAD, ACT_PREV_UNREAD,
	ACT_NEXT_ITEM, ACT_PREV_ITEM,	/* in the article: the next story */
	ACT_RELOAD, ACT_RELOAD_ALL,
	ACT_MARK_READ,		/* toggle read */
	ACT_MARK_FEED_READ,
	ACT_STAR, ACT_SAVE,
	ACT_OPEN_BROWSER,
	ACT_SEARCH,
	ACT_ENTITIES,		/* the entity view */
	ACT_TOGGLE_LAYOUT,
	ACT_REDRAW,
	ACT_HELP,
	ACT_QUIT,		/* back one level; quits from the feeds */
	ACT_QUIT_ALL,		/* quit from anywhere */
	ACT_COUNT
};

struct keymap;

/* Returns a keymap with the default bindings; free with keymap_free(). */
struct keymap	*keymap_new(void);
void		 keymap_free(struct keymap *km);
/* The action bound to key, or ACT_NONE. */
enum action	 keymap_lookup(const struct keymap *km, int key);
/* Bind key to act (ACT_NONE unbinds it). */
void		 keymap_bind(struct keymap *km, int key, enum action act);
/* Call fn for every bound key, grouped by action in enum order and by
 * key within an action (the help screen). */
void		 keymap_each(const struct keymap *km,
		    void (*fn)(void *arg, int key, enum action act), void *arg);

/* "down", "reload-all" ... ; NULL past the end. */
const char	*action_name(enum action act);
/* What the help screen says act does. */
const char	*action_help(enum action act);
/* The action named s, or -1. */
int		 action_parse(const char *s);
/* Parse a key as the config file writes it: one character ("j", "G",
 * "/", "é"), "^L" (Ctrl-L), or a name: UP DOWN LEFT RIGHT PGUP PGDN HOME
 * END ENTER TAB BTAB BACKSPACE DELETE ESC SPACE F1..F12.  Returns the key
 * code, or -1. */
int		 keymap_key_parse(const char *s);
/* Write the name keymap_key_parse() reads back into buf (at least 16
 * bytes).  (Not key_name: curses has a function of that name.) */
void		 keymap_key_name(int key, char *buf, size_t size);

#endif
