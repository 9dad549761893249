/*
 * The terminal-free commands of tidings (see CLI-CONTRACTS.md): each takes
 * the arguments after its name and returns the process exit status:
 * 0 done, 1 usage error, 2 input that could not be processed.
 */
#ifndef TIDINGS_CMD_H
#define TIDINGS_CMD_H

struct cmd_globals {
	const char	*urls;	/* -u FILE, or NULL for the default */
	const char	*cache;	/* -c FILE, or NULL for the default */
};

/* tidings parse [--base URL] [--content-type V] [--chunk-size N] FILE */
int	cmd_parse(const struct cmd_globals *g, int argc, char **argv);
/* tidings (no command, until the reader exists): print the stories of the
 * file:// subscriptions. */
int	cmd_show(const struct cmd_globals *g, int argc, char **argv);

#endif
