/*
 * What the commands share: the default paths of the urls file and the
 * cache, opening the cache with a message, and turning a subscription
 * into the URL the cache knows it by.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "paths.h"
#include "xmalloc.h"

char *
cmd_urls_path(const struct cmd_globals *g)
{
	char	*p;

	if (g->urls != NULL)
		return xstrdup(g->urls);
	if ((p = paths_config("urls")) == NULL)
		fatal("neither XDG_CONFIG_HOME nor HOME is set; use -u FILE");
	return p;
}

char *
cmd_cache_path(const struct cmd_globals *g)
{
	char	*p;

	if (g->cache != NULL)
		return xstrdup(g->cache);
	if ((p = paths_data("cache.db")) == NULL)
		fatal("neither XDG_DATA_HOME nor HOME is set; use -c FILE");
	return p;
}

int
cmd_open_store(const struct cmd_globals *g, struct store **s)
{
	char	*path = cmd_cache_path(g), *cause = NULL;

	if (store_open(path, s, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

char *
cmd_feed_url(const char *url)
{
	char	 abs[PATH_MAX];

	/* A path (no scheme) is a local file; the cache knows it by its
	 * absolute file:// URL so that the working directory does not
	 * matter afterwards. */
	if (strstr(url, "://") != NULL || strncmp(url, "query:", 6) == 0 ||
	    strncmp(url, "exec:", 5) == 0 || strncmp(url, "filter:", 7) == 0)
		return xstrdup(url);
	if (realpath(url, abs) == NULL)
		return xasprintf("file://%s", url);
	return xasprintf("file://%s", abs);
}
