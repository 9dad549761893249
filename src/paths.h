/*
 * Where tidings keeps its files by default, per the XDG base directory
 * specification: the subscriptions and the config under
 * $XDG_CONFIG_HOME/tidings (~/.config/tidings), the cache under
 * $XDG_DATA_HOME/tidings (~/.local/share/tidings).
 */
#ifndef TIDINGS_PATHS_H
#define TIDINGS_PATHS_H

/* Returns the allocated path of file name in the config directory, or
 * NULL when neither XDG_CONFIG_HOME nor HOME is set; caller frees. */
char	*paths_config(const char *name);
/* Returns the allocated path of file name in the data directory, or NULL
 * when neither XDG_DATA_HOME nor HOME is set; caller frees. */
char	*paths_data(const char *name);

#endif
