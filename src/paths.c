/*
 * Default file locations (XDG base directories).
 */
#include "config.h"

#include <stdlib.h>

#include "paths.h"
#include "xmalloc.h"

/* $var/tidings/name when var is set to an absolute path (the spec says
 * relative ones are to be ignored), else $HOME/fallback/tidings/name. */
static char *
xdg(const char *var, const char *fallback, const char *name)
{
	const char	*dir = getenv(var), *home;

	if (dir != NULL && dir[0] == '/')
		return xasprintf("%s/tidings/%s", dir, name);
	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/%s/tidings/%s", home, fallback, name);
}

char *
paths_config(const char *name)
{
	return xdg("XDG_CONFIG_HOME", ".config", name);
}

char *
paths_data(const char *name)
{
	return xdg("XDG_DATA_HOME", ".local/share", name);
}
