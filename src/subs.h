/*
 * Subscriptions in newsboat's urls format: one feed per line, the URL
 * first, then tags; a tag "~Name" names the feed; '#' starts a comment;
 * tags with spaces are double-quoted.  A newsboat user can copy theirs.
 */
#ifndef TIDINGS_SUBS_H
#define TIDINGS_SUBS_H

#include <stddef.h>

struct sub {
	char	*url;
	char	*title;		/* from "~Title", or NULL */
	char	**tags;
	size_t	 ntags;
};

struct subs {
	struct sub	*v;
	size_t		 n;
};

/* Parse the urls text (len bytes) into s.  Returns 0, or -1 with an
 * allocated message in *cause (caller frees) naming the bad line. */
int	subs_parse(const char *text, size_t len, struct subs *s, char **cause);
/* Read and parse the urls file at path; -1 with *cause on failure. */
int	subs_load(const char *path, struct subs *s, char **cause);
/* Free what s owns. */
void	subs_free(struct subs *s);

#endif
