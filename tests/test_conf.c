/*
 * Unit tests for the configuration file (conf): the defaults, every
 * option, the shell-like quoting, and errors that name the file and line
 * and keep what came before.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "conf.h"
#include "keymap.h"

/* Parse text into fresh defaults; returns conf_parse's result. */
static int
parse(struct conf *c, struct keymap **km, const char *text, char **cause)
{
	conf_init(c);
	*km = keymap_new();
	*cause = NULL;
	return conf_parse(c, *km, "config", text, strlen(text), cause);
}

static void
done(struct conf *c, struct keymap *km, char *cause)
{
	conf_free(c);
	keymap_free(km);
	free(cause);
}

static void
test_defaults(void)
{
	struct conf	c;
	int		i, j;

	conf_init(&c);
	/* Each kind of name has a colour of its own. */
	for (i = STYLE_PER; i <= STYLE_MISC; i++) {
		CHECK(c.colors[i].fg >= 0);
		for (j = i + 1; j <= STYLE_MISC; j++)
			CHECK(c.colors[i].fg != c.colors[j].fg);
	}
	CHECK(c.colors[ELEM_SELECTED].attr & ATTR_REVERSE);
	CHECK(c.colors[STYLE_LINK].attr & ATTR_UNDERLINE);
	CHECK_INT(c.colors[STYLE_LINK].fg, 4);		/* blue */
	CHECK(c.colors[STYLE_HEADING].attr & ATTR_BOLD);
	CHECK(c.colors[ELEM_UNREAD].attr & ATTR_BOLD);
	CHECK_INT(c.colors[ELEM_ERROR].fg, 1);		/* red */
	/* Title bars stand out from the text under them. */
	CHECK(c.colors[ELEM_TITLE].bg >= 0 ||
	    (c.colors[ELEM_TITLE].attr & ATTR_REVERSE));
	/* The default theme keeps to the 8 basic colours. */
	for (i = 0; i < ELEM_COUNT; i++)
		CHECK(c.colors[i].fg < 8 && c.colors[i].bg < 8);
	CHECK_INT(c.layout, LAYOUT_AUTO);
	CHECK_INT(c.threads, 8);
	CHECK_INT(c.keep, 500);
	CHECK_INT(c.highlight, 1);
	CHECK_INT(c.hyperlinks, -1);
	CHECK(c.browser == NULL);
	/* NO_COLOR: colours go, attributes stay. */
	conf_no_color(&c);
	for (i = 0; i < ELEM_COUNT; i++)
		CHECK(c.colors[i].fg == -1 && c.colors[i].bg == -1);
	CHECK(c.colors[STYLE_PER].attr & ATTR_BOLD);
	CHECK(c.colors[ELEM_SELECTED].attr & ATTR_REVERSE);
	CHECK(c.colors[ELEM_TITLE].attr & ATTR_REVERSE);
	conf_free(&c);
}

/* Every element the config file can colour has a name that reads back,
 * in lower case as tidingsrc(5) writes them. */
static void
test_element_names(void)
{
	const char	*name;
	int		 i;

	for (i = 0; i < ELEM_COUNT; i++) {
		name = conf_element_name(i);
		CHECK(name != NULL);
		if (name == NULL)
			continue;
		CHECK_INT(conf_element_parse(name), i);
		CHECK(strspn(name, "abcdefghijklmnopqrstuvwxyz-") ==
		    strlen(name));
	}
	CHECK_INT(conf_element_parse("link"), STYLE_LINK);
	CHECK_INT(conf_element_parse("per"), STYLE_PER);
	CHECK_INT(conf_element_parse("selected"), ELEM_SELECTED);
	CHECK_INT(conf_element_parse("Link"), -1);
	CHECK(conf_element_name(ELEM_COUNT) == NULL);
	CHECK(conf_element_name(-1) == NULL);
}

static void
test_options(void)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "bind-key SPACE next-unread   # trailing comment\n"
	    "bind-key ^R reload-all\n"
	    "unbind-key j\n"
	    "color per color39 default bold underline\n"
	    "color selected black yellow\n"
	    "browser firefox --new-tab \"%u\"\n"
	    "layout side\n"
	    "hyperlinks no\n"
	    "highlight-entities no\n"
	    "reload-threads 16\n"
	    "keep 50\n"
	    "query-feed \"Unread news\" 'unread tag:news'\n"
	    "query-feed Starred starred\r\n"
	    "ignore-entity \"Some Celebrity\"\n";
	struct conf	 c;
	struct keymap	*km;
	char		*cause;

	CHECK_INT(parse(&c, &km, text, &cause), 0);
	CHECK(cause == NULL);
	CHECK_INT(keymap_lookup(km, ' '), ACT_NEXT_UNREAD);
	CHECK_INT(keymap_lookup(km, 0x12), ACT_RELOAD_ALL);
	CHECK_INT(keymap_lookup(km, 'j'), ACT_NONE);
	CHECK_INT(c.colors[STYLE_PER].fg, 39);
	CHECK_INT(c.colors[STYLE_PER].bg, -1);
	CHECK_INT(c.colors[STYLE_PER].attr, ATTR_BOLD | ATTR_UNDERLINE);
	CHECK_INT(c.colors[ELEM_SELECTED].fg, 0);
	CHECK_INT(c.colors[ELEM_SELECTED].bg, 3);
	CHECK(c.browser != NULL);
	if (c.browser != NULL) {
		CHECK_STR(c.browser[0], "firefox");
		CHECK_STR(c.browser[1], "--new-tab");
		CHECK_STR(c.browser[2], "%u");
		CHECK(c.browser[3] == NULL);
	}
	CHECK_INT(c.layout, LAYOUT_SIDE);
	CHECK_INT(c.hyperlinks, 0);
	CHECK_INT(c.highlight, 0);
	CHECK_INT(c.threads, 16);
	CHECK_INT(c.keep, 50);
	CHECK_INT(c.nqueries, 2);
	if (c.nqueries == 2) {
		CHECK_STR(c.queries[0].name, "Unread news");
		CHECK_STR(c.queries[0].query, "unread tag:news");
		CHECK_STR(c.queries[1].name, "Starred");
	}
	CHECK_INT(c.nignore, 1);
	if (c.nignore == 1)
		CHECK_STR(c.ignore[0], "Some Celebrity");
	done(&c, km, cause);
}

static void
test_quoting(void)
{
	struct conf	 c;
	struct keymap	*km;
	char		*cause;

	CHECK_INT(parse(&c, &km, "browser my\\ browser \"a \\\"b\\\" c\" "
	    "'d \\ e' x#y\n", &cause), 0);
	if (c.browser != NULL) {
		CHECK_STR(c.browser[0], "my browser");
		CHECK_STR(c.browser[1], "a \"b\" c");
		CHECK_STR(c.browser[2], "d \\ e");
		CHECK_STR(c.browser[3], "x#y");	/* # inside a word */
	}
	done(&c, km, cause);
}

static void
test_errors(void)
{
	static const struct {
		const char	*text;
		const char	*want;		/* in the message */
	} bad[] = {
		{ "layout side\nfrobnicate yes\n", "config:2: unknown option" },
		{ "bind-key NOPE down\n", "config:1: unknown key \"NOPE\"" },
		{ "bind-key x fly\n", "unknown action \"fly\"" },
		{ "color per mauve\n", "unknown colour \"mauve\"" },
		{ "color nothing red\n", "unknown element" },
		{ "color per red default blink\n", "unknown attribute" },
		{ "\n\nbrowser \"firefox\n", "config:3: unterminated quote" },
		{ "reload-threads 0\n", "reload-threads" },
		{ "keep many\n", "keep" },
		{ "layout diagonal\n", "layout" },
		{ "hyperlinks maybe\n", "hyperlinks" },
		{ "query-feed OnlyName\n", "query-feed" },
		{ "ignore-entity\n", "ignore-entity" },
	};
	struct conf	 c;
	struct keymap	*km;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(parse(&c, &km, bad[i].text, &cause), -1);
		if (cause == NULL || strstr(cause, bad[i].want) == NULL) {
			fprintf(stderr, "  %s -> %s\n", bad[i].text,
			    cause != NULL ? cause : "(no cause)");
			check_failures++;
		}
		done(&c, km, cause);
	}
	/* The lines before the bad one stay applied. */
	CHECK_INT(parse(&c, &km, "layout stacked\nbogus\nlayout side\n",
	    &cause), -1);
	CHECK_INT(c.layout, LAYOUT_STACKED);
	done(&c, km, cause);
}

static void
test_load(void)
{
	char		 dir[] = "/tmp/tidings-test-conf.XXXXXX", path[64];
	struct conf	 c;
	struct keymap	*km = keymap_new();
	char		*cause = NULL;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		check_failures++;
		keymap_free(km);
		return;
	}
	conf_init(&c);
	/* No file: the defaults, no error. */
	snprintf(path, sizeof(path), "%s/none", dir);
	CHECK_INT(conf_load(&c, km, path, &cause), 0);
	/* A directory is an error that names it. */
	CHECK_INT(conf_load(&c, km, dir, &cause), -1);
	CHECK(cause != NULL && strstr(cause, dir) != NULL);
	free(cause);
	cause = NULL;
	snprintf(path, sizeof(path), "%s/config", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("keep 7\nbogus\n", f);
		fclose(f);
	}
	CHECK_INT(conf_load(&c, km, path, &cause), -1);
	CHECK_INT(c.keep, 7);
	CHECK(cause != NULL && strstr(cause, "/config:2:") != NULL);
	free(cause);
	unlink(path);
	rmdir(dir);
	conf_free(&c);
	keymap_free(km);
}

int
main(void)
{
	static const struct check_test tests[] = {
		{ "defaults", test_defaults },
		{ "element_names", test_element_names },
		{ "options", test_options },
		{ "quoting", test_quoting },
		{ "errors", test_errors },
		{ "load", test_load },
		{ NULL, NULL }
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return check_main(tests);
}
