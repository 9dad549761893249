/*
 * The terminal-free commands of tidings (see CLI-CONTRACTS.md): each takes
 * the arguments after its name and returns the process exit status:
 * 0 done, 1 usage error, 2 input that could not be processed.
 */
#ifndef TIDINGS_CMD_H
#define TIDINGS_CMD_H

#include "store.h"

struct cmd_globals {
	const char	*urls;	/* -u FILE, or NULL for the default */
	const char	*cache;	/* -c FILE, or NULL for the default */
};

/* tidings parse [--base URL] [--content-type V] [--chunk-size N] FILE */
int	cmd_parse(const struct cmd_globals *g, int argc, char **argv);
/* tidings (no command): the interactive reader. */
int	cmd_tui(const struct cmd_globals *g, int argc, char **argv);

/* tidings reload [-j N] [--keep N] */
int	cmd_reload(const struct cmd_globals *g, int argc, char **argv);
/* tidings list [--unread] [--starred] [--saved] [--search Q] [-n N] [FEED] */
int	cmd_list(const struct cmd_globals *g, int argc, char **argv);
/* tidings import FILE.opml */
int	cmd_import(const struct cmd_globals *g, int argc, char **argv);
/* tidings export */
int	cmd_export(const struct cmd_globals *g, int argc, char **argv);
/* tidings add URL [TAG...] */
int	cmd_add(const struct cmd_globals *g, int argc, char **argv);
/* tidings entities FILE */
int	cmd_entities(const struct cmd_globals *g, int argc, char **argv);
/* Returns the entity model to use: $TIDINGS_NER_MODEL, else the source
 * tree's data/ner.model when it is there, else the installed one. */
const char *cmd_ner_model_path(void);

/* Returns the urls file to use (-u, else the XDG default); caller frees. */
char	*cmd_urls_path(const struct cmd_globals *g);
/* Returns the cache file to use (-c, else the XDG default); caller frees. */
char	*cmd_cache_path(const struct cmd_globals *g);
/* Open the cache into *s, or print why not and return -1. */
int	cmd_open_store(const struct cmd_globals *g, struct store **s);
/* Returns the URL the cache knows a subscription by (a plain path becomes
 * an absolute file:// URL); caller frees. */
char	*cmd_feed_url(const char *url);

#endif
