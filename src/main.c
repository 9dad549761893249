/*
 * tidings: a terminal news reader.  Global options, then the command.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char usage_text[] =
"usage: tidings [-u URLS] [-c CACHE] [COMMAND [ARGS]]\n"
"\n"
"Without a command, starts the reader on the feeds named in URLS\n"
"(keys: ? in the reader, or tidings(1); options: tidingsrc(5)); when\n"
"standard input or output is no terminal, it runs reload, then list.\n"
"\n"
"Commands:\n"
"  reload [-j N] [--keep N] [--timeout SECONDS]\n"
"        fetch every subscription into the cache (N at once, default 8;\n"
"        keep N items a feed no longer lists, default 500; at most\n"
"        SECONDS per feed, default 60)\n"
"  list [--unread] [--starred] [--saved] [--search QUERY] [--entity NAME]\n"
"       [--type PER|ORG|LOC|MISC] [-n N] [FEED]\n"
"        print stored items, newest first: DATE TAB FEED TAB TITLE TAB LINK\n"
"        (--entity, --type: the stories naming a person, organisation,\n"
"        place or other name)\n"
"  add URL [TAG...]\n"
"        subscribe to a feed, or to the feed a web page names\n"
"  import FILE.opml\n"
"        add the feeds of an OPML file (folders become tags)\n"
"  export\n"
"        print the subscriptions as OPML 2.0\n"
"  parse [--base URL] [--content-type VALUE] [--chunk-size N] FILE\n"
"        parse one feed document and print it as JSON\n"
"  entities FILE\n"
"        print the named entities of a UTF-8 text:\n"
"        START TAB END TAB TYPE TAB TEXT (byte offsets; PER ORG LOC MISC)\n"
"\n"
"Options:\n"
"  -u URLS   subscriptions (newsboat urls format);\n"
"            default $XDG_CONFIG_HOME/tidings/urls\n"
"  -c CACHE  the cache database;\n"
"            default $XDG_DATA_HOME/tidings/cache.db\n"
"  -h, --help     this help\n"
"  -V, --version  the version\n";

static const struct {
	const char	*name;
	int		(*fn)(const struct cmd_globals *, int, char **);
} commands[] = {
	{ "add", cmd_add },
	{ "entities", cmd_entities },
	{ "export", cmd_export },
	{ "import", cmd_import },
	{ "list", cmd_list },
	{ "parse", cmd_parse },
	{ "reload", cmd_reload },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	struct cmd_globals g = { NULL, NULL };
	int	c, i;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts(PACKAGE_STRING);
		return 0;
	}
	/* '+': stop at the command; its options are its own. */
	while ((c = getopt(argc, argv, "+u:c:hV")) != -1) {
		switch (c) {
		case 'u':
			g.urls = optarg;
			break;
		case 'c':
			g.cache = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			puts(PACKAGE_STRING);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cmd_tui(&g, argc, argv);
	for (i = 0; commands[i].name != NULL; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].fn(&g, argc, argv);
	fprintf(stderr, "tidings: unknown command \"%s\"\n", argv[0]);
	fputs(usage_text, stderr);
	return 1;
}
