/*
 * The configuration file ($XDG_CONFIG_HOME/tidings/config): one option a
 * line, words split as a shell would split them (double or single quotes,
 * backslash), '#' starting a comment.  Options (tidingsrc(5) documents
 * them all):
 *
 *   bind-key KEY ACTION        unbind-key KEY
 *   color ELEMENT FG [BG [ATTR...]]      FG/BG: default, black, red,
 *       green, yellow, blue, magenta, cyan, white, colorN (0-255);
 *       ATTR: bold, dim, italic, underline, reverse, standout
 *   browser COMMAND [ARG...]   %u in an ARG is the URL, else it is added
 *   layout auto|side|stacked|single
 *   hyperlinks auto|yes|no     OSC 8 links
 *   reload-threads N           keep N
 *   query-feed NAME QUERY      a virtual feed from a search
 *   highlight-entities yes|no
 *   ignore-entity NAME         hide the stories that name NAME
 *
 * Parsing is pure (conf_parse takes the text); an error names the line.
 */
#ifndef TIDINGS_CONF_H
#define TIDINGS_CONF_H

#include <stddef.h>

#include "keymap.h"
#include "layout.h"
#include "style.h"

/* Elements that take a colour: the styles of text, then the chrome. */
enum {
	ELEM_TITLE = STYLE_COUNT,	/* pane title bars */
	ELEM_SELECTED,			/* the cursor row */
	ELEM_UNREAD,			/* unread feeds and stories */
	ELEM_STATUS,			/* the status line */
	ELEM_ERROR,			/* errors in the status line, feeds */
	ELEM_COUNT
};

/* Attribute bits of ours; the terminal layer maps them to curses. */
enum {
	ATTR_BOLD = 1, ATTR_DIM = 2, ATTR_ITALIC = 4, ATTR_UNDERLINE = 8,
	ATTR_REVERSE = 16, ATTR_STANDOUT = 32
};

struct conf_color {
	short	fg, bg;		/* -1: the terminal's default */
	int	attr;		/* ATTR_* bits */
};

struct conf_query {
	char	*name;
	char	*query;
};

struct conf {
	struct conf_color colors[ELEM_COUNT];
	char		**browser;	/* argv, NULL-terminated; NULL: $BROWSER */
	enum layout_mode layout;
	int		 hyperlinks;	/* -1 auto, 0 no, 1 yes */
	int		 threads;
	size_t		 keep;
	int		 highlight;	/* highlight entities */
	struct conf_query *queries;
	size_t		 nqueries;
	char		**ignore;	/* stories naming these are hidden */
	size_t		 nignore;
};

/* Fill c with the defaults (the default theme, 8 threads, keep 500). */
void	conf_init(struct conf *c);
/* Apply the options in text[0..len) to c and km (file names the source
 * in errors).  Returns 0, or -1 with an allocated *cause naming the file
 * and line; the lines before the bad one stay applied. */
int	conf_parse(struct conf *c, struct keymap *km, const char *file,
	    const char *text, size_t len, char **cause);
/* Read and apply the file at path; a missing file is no error. */
int	conf_load(struct conf *c, struct keymap *km, const char *path,
	    char **cause);
/* Drop every colour, keeping the attributes (NO_COLOR). */
void	conf_no_color(struct conf *c);
/* Free what c holds. */
void	conf_free(struct conf *c);
/* The element named s ("link", "per", "selected" ...), or -1. */
int	conf_element_parse(const char *s);
/* Its name. */
const char *conf_element_name(int elem);

#endif
