/*
 * The configuration file (see conf.h and tidingsrc(5)).  conf_parse is
 * pure: it takes the text, so the tests need no files, and an error
 * names the file and line and leaves the lines before it applied.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "xmalloc.h"

static const char *const elem_names[ELEM_COUNT] = {
	[STYLE_NORMAL] = "normal",
	[STYLE_BOLD] = "bold",
	[STYLE_ITALIC] = "italic",
	[STYLE_UNDERLINE] = "underline",
	[STYLE_STRIKE] = "strike",
	[STYLE_CODE] = "code",
	[STYLE_PRE] = "pre",
	[STYLE_HEADING] = "heading",
	[STYLE_QUOTE] = "quote",
	[STYLE_LINK] = "link",
	[STYLE_LINKNUM] = "link-number",
	[STYLE_IMAGE] = "image",
	[STYLE_MARKER] = "marker",
	[STYLE_HEADER_NAME] = "header-name",
	[STYLE_HEADER_VALUE] = "header-value",
	[STYLE_TITLE] = "article-title",
	[STYLE_PER] = "per",
	[STYLE_ORG] = "org",
	[STYLE_LOC] = "loc",
	[STYLE_MISC] = "misc",
	[ELEM_TITLE] = "title",
	[ELEM_SELECTED] = "selected",
	[ELEM_UNREAD] = "unread",
	[ELEM_STATUS] = "status",
	[ELEM_ERROR] = "error",
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	int		 bit;
} attr_names[] = {
	{ "bold", ATTR_BOLD }, { "dim", ATTR_DIM }, { "italic", ATTR_ITALIC },
	{ "underline", ATTR_UNDERLINE }, { "reverse", ATTR_REVERSE },
	{ "standout", ATTR_STANDOUT },
};

static void
color_set(struct conf *c, int elem, short fg, short bg, int attr)
{
	c->colors[elem].fg = fg;
	c->colors[elem].bg = bg;
	c->colors[elem].attr = attr;
}

void
conf_init(struct conf *c)
{
	int	i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < ELEM_COUNT; i++)
		color_set(c, i, -1, -1, 0);
	/* A theme that reads on 8 colours and on any background. */
	color_set(c, STYLE_BOLD, -1, -1, ATTR_BOLD);
	color_set(c, STYLE_ITALIC, -1, -1, ATTR_ITALIC);
	color_set(c, STYLE_UNDERLINE, -1, -1, ATTR_UNDERLINE);
	color_set(c, STYLE_STRIKE, -1, -1, ATTR_DIM);
	color_set(c, STYLE_CODE, 6, -1, 0);
	color_set(c, STYLE_PRE, 6, -1, 0);
	color_set(c, STYLE_HEADING, -1, -1, ATTR_BOLD | ATTR_UNDERLINE);
	color_set(c, STYLE_QUOTE, -1, -1, ATTR_DIM);
	color_set(c, STYLE_LINK, 4, -1, ATTR_UNDERLINE);
	color_set(c, STYLE_LINKNUM, 4, -1, 0);
	color_set(c, STYLE_IMAGE, -1, -1, ATTR_DIM);
	color_set(c, STYLE_MARKER, -1, -1, ATTR_DIM);
	color_set(c, STYLE_HEADER_NAME, -1, -1, ATTR_BOLD);
	color_set(c, STYLE_TITLE, -1, -1, ATTR_BOLD);
	/* Names: each type its own colour, bold so they read without
	 * colour too. */
	color_set(c, STYLE_PER, 2, -1, ATTR_BOLD);	/* green */
	color_set(c, STYLE_ORG, 5, -1, ATTR_BOLD);	/* magenta */
	color_set(c, STYLE_LOC, 3, -1, ATTR_BOLD);	/* yellow */
	color_set(c, STYLE_MISC, 6, -1, ATTR_BOLD);	/* cyan */
	color_set(c, ELEM_TITLE, 7, 4, 0);		/* white on blue */
	color_set(c, ELEM_SELECTED, -1, -1, ATTR_REVERSE);
	color_set(c, ELEM_UNREAD, -1, -1, ATTR_BOLD);
	color_set(c, ELEM_STATUS, -1, -1, 0);
	color_set(c, ELEM_ERROR, 1, -1, ATTR_BOLD);	/* red */
	c->layout = LAYOUT_AUTO;
	c->hyperlinks = -1;
	c->threads = 8;
	c->keep = 500;
	c->highlight = 1;
}

void
conf_no_color(struct conf *c)
{
	int	i;

	for (i = 0; i < ELEM_COUNT; i++)
		c->colors[i].fg = c->colors[i].bg = -1;
	/* The title bars lose their background: show them reversed. */
	c->colors[ELEM_TITLE].attr |= ATTR_REVERSE;
}

void
conf_free(struct conf *c)
{
	size_t	i;

	if (c->browser != NULL) {
		for (i = 0; c->browser[i] != NULL; i++)
			free(c->browser[i]);
		free(c->browser);
	}
	for (i = 0; i < c->nqueries; i++) {
		free(c->queries[i].name);
		free(c->queries[i].query);
	}
	free(c->queries);
	for (i = 0; i < c->nignore; i++)
		free(c->ignore[i]);
	free(c->ignore);
	memset(c, 0, sizeof(*c));
}

int
conf_element_parse(const char *s)
{
	int	i;

	for (i = 0; i < ELEM_COUNT; i++)
		if (elem_names[i] != NULL && strcmp(s, elem_names[i]) == 0)
			return i;
	return -1;
}

const char *
conf_element_name(int elem)
{
	return elem >= 0 && elem < ELEM_COUNT ? elem_names[elem] : NULL;
}

/* A colour: default, a name, or colorN; -2 if it is none. */
static int
color_parse(const char *s)
{
	char	*end;
	long	 n;
	int	 i;

	if (strcmp(s, "default") == 0)
		return -1;
	for (i = 0; i < 8; i++)
		if (strcmp(s, color_names[i]) == 0)
			return i;
	if (strncmp(s, "color", 5) == 0 && s[5] != '\0') {
		errno = 0;
		n = strtol(s + 5, &end, 10);
		if (*end == '\0' && errno == 0 && n >= 0 && n <= 255)
			return (int)n;
	}
	return -2;
}

/* Split line into words as sh would: quotes ('' keeps everything, ""
 * allows \" and \\), backslash escapes, # starting a comment at a word's
 * start.  Returns the number of words (argv NULL-terminated, caller
 * frees each and the array), or -1 for an unterminated quote. */
static int
words(const char *line, char ***argvp)
{
	struct buf	 w = { NULL, 0, 0 };
	char		**argv = NULL;
	const char	*p = line;
	int		 n = 0;
	char		 q;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		buf_clear(&w);
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r') {
			if (*p == '\\' && p[1] != '\0') {
				buf_putc(&w, p[1]);
				p += 2;
			} else if (*p == '"' || *p == '\'') {
				q = *p++;
				while (*p != '\0' && *p != q) {
					if (q == '"' && *p == '\\' &&
					    (p[1] == '"' || p[1] == '\\'))
						p++;
					buf_putc(&w, *p++);
				}
				if (*p != q) {
					buf_free(&w);
					while (n > 0)
						free(argv[--n]);
					free(argv);
					return -1;
				}
				p++;
			} else
				buf_putc(&w, *p++);
		}
		argv = xreallocarray(argv, (size_t)n + 2, sizeof(*argv));
		argv[n++] = xstrdup(w.data != NULL ? w.data : "");
	}
	buf_free(&w);
	if (argv == NULL)
		argv = xcalloc(1, sizeof(*argv));
	argv[n] = NULL;
	*argvp = argv;
	return n;
}

/* Apply one option (argc words); returns NULL or a static error. */
static const char *
option(struct conf *c, struct keymap *km, int argc, char **argv,
    char *msg, size_t msgsize)
{
	const char	*o = argv[0];
	int		 i, k, a, fg, bg, attr;
	long		 n;
	char		*end;

	if (strcmp(o, "bind-key") == 0) {
		if (argc != 3)
			return "usage: bind-key KEY ACTION";
		if ((k = keymap_key_parse(argv[1])) == -1) {
			snprintf(msg, msgsize, "unknown key \"%s\"", argv[1]);
			return msg;
		}
		if ((a = action_parse(argv[2])) == -1) {
			snprintf(msg, msgsize, "unknown action \"%s\"",
			    argv[2]);
			return msg;
		}
		keymap_bind(km, k, (enum action)a);
	} else if (strcmp(o, "unbind-key") == 0) {
		if (argc != 2)
			return "usage: unbind-key KEY";
		if ((k = keymap_key_parse(argv[1])) == -1) {
			snprintf(msg, msgsize, "unknown key \"%s\"", argv[1]);
			return msg;
		}
		keymap_bind(km, k, ACT_NONE);
	} else if (strcmp(o, "color") == 0) {
		if (argc < 3)
			return "usage: color ELEMENT FG [BG [ATTR...]]";
		if ((k = conf_element_parse(argv[1])) == -1) {
			snprintf(msg, msgsize, "unknown element \"%s\"",
			    argv[1]);
			return msg;
		}
		fg = color_parse(argv[2]);
		bg = argc > 3 ? color_parse(argv[3]) : -1;
		if (fg == -2 || bg == -2) {
			snprintf(msg, msgsize, "unknown colour \"%s\"",
			    fg == -2 ? argv[2] : argv[3]);
			return msg;
		}
		attr = 0;
		for (i = 4; i < argc; i++) {
			size_t	j;

			for (j = 0; j < sizeof(attr_names) /
			    sizeof(attr_names[0]); j++)
				if (strcmp(argv[i], attr_names[j].name) == 0)
					break;
			if (j == sizeof(attr_names) / sizeof(attr_names[0])) {
				snprintf(msg, msgsize,
				    "unknown attribute \"%s\"", argv[i]);
				return msg;
			}
			attr |= attr_names[j].bit;
		}
		color_set(c, k, (short)fg, (short)bg, attr);
	} else if (strcmp(o, "browser") == 0) {
		if (argc < 2)
			return "usage: browser COMMAND [ARG...]";
		if (c->browser != NULL) {
			for (i = 0; c->browser[i] != NULL; i++)
				free(c->browser[i]);
			free(c->browser);
		}
		c->browser = xcalloc((size_t)argc, sizeof(*c->browser));
		for (i = 1; i < argc; i++)
			c->browser[i - 1] = xstrdup(argv[i]);
	} else if (strcmp(o, "layout") == 0) {
		if (argc != 2 || (k = layout_mode_parse(argv[1])) == -1)
			return "usage: layout auto|side|stacked|single";
		c->layout = (enum layout_mode)k;
	} else if (strcmp(o, "hyperlinks") == 0 ||
	    strcmp(o, "highlight-entities") == 0) {
		int	v;

		if (argc != 2)
			goto yesno;
		if (strcmp(argv[1], "yes") == 0)
			v = 1;
		else if (strcmp(argv[1], "no") == 0)
			v = 0;
		else if (strcmp(argv[1], "auto") == 0 && o[0] == 'h' &&
		    o[1] == 'y')
			v = -1;
		else
			goto yesno;
		if (o[1] == 'y')
			c->hyperlinks = v;
		else
			c->highlight = v;
	} else if (strcmp(o, "reload-threads") == 0 ||
	    strcmp(o, "keep") == 0) {
		if (argc != 2)
			goto number;
		errno = 0;
		n = strtol(argv[1], &end, 10);
		if (*end != '\0' || errno != 0 || n < 1 || n > 1000000)
			goto number;
		if (o[0] == 'r') {
			if (n > 100)
				return "reload-threads: at most 100";
			c->threads = (int)n;
		} else
			c->keep = (size_t)n;
	} else if (strcmp(o, "query-feed") == 0) {
		if (argc != 3)
			return "usage: query-feed NAME QUERY";
		c->queries = xreallocarray(c->queries, c->nqueries + 1,
		    sizeof(*c->queries));
		c->queries[c->nqueries].name = xstrdup(argv[1]);
		c->queries[c->nqueries].query = xstrdup(argv[2]);
		c->nqueries++;
	} else if (strcmp(o, "ignore-entity") == 0) {
		if (argc != 2 || *argv[1] == '\0')
			return "usage: ignore-entity NAME";
		c->ignore = xreallocarray(c->ignore, c->nignore + 1,
		    sizeof(*c->ignore));
		c->ignore[c->nignore++] = xstrdup(argv[1]);
	} else {
		snprintf(msg, msgsize, "unknown option \"%s\"", o);
		return msg;
	}
	return NULL;
yesno:
	snprintf(msg, msgsize, "usage: %s yes|no%s", o,
	    o[1] == 'y' ? "|auto" : "");
	return msg;
number:
	snprintf(msg, msgsize, "usage: %s N (a positive number)", o);
	return msg;
}

int
conf_parse(struct conf *c, struct keymap *km, const char *file,
    const char *text, size_t len, char **cause)
{
	const char	*p = text, *end = text + len, *nl;
	char		*line, **argv, msg[256];
	const char	*err;
	int		 argc, i, lineno = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		line = xstrndup(p, (size_t)(nl - p));
		p = nl + 1;
		argc = words(line, &argv);
		free(line);
		if (argc == -1) {
			*cause = xasprintf("%s:%d: unterminated quote", file,
			    lineno);
			return -1;
		}
		err = argc > 0 ? option(c, km, argc, argv, msg, sizeof(msg)) :
		    NULL;
		for (i = 0; i < argc; i++)
			free(argv[i]);
		free(argv);
		if (err != NULL) {
			*cause = xasprintf("%s:%d: %s", file, lineno, err);
			return -1;
		}
	}
	return 0;
}

int
conf_load(struct conf *c, struct keymap *km, const char *path, char **cause)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 rc, err;

	if (buf_load(&b, path, 1 << 20) == -1) {
		err = errno;	/* before free(), which may change it */
		buf_free(&b);
		if (err == ENOENT)
			return 0;	/* no config: the defaults */
		*cause = xasprintf("%s: %s", path, err == EFBIG ?
		    "larger than 1 MiB" : strerror(err));
		return -1;
	}
	rc = conf_parse(c, km, path, b.data != NULL ? b.data : "", b.len,
	    cause);
	buf_free(&b);
	return rc;
}
