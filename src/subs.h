/*
 * Subscriptions in newsboat's urls format: one feed per line, the URL
 * first, then tags; a tag "~Name" names the feed; '#' starts a comment;
 * tags with spaces are double-quoted.  A newsboat user can copy theirs.
 */
#ifndef TIDINGS_SUBS_H
#define TIDINGS_SUBS_H

#include <stddef.h>

#include "buf.h"

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
/* Append sub as one line of the urls format (with its newline) to b. */
void	subs_format(const struct sub *sub, struct buf *b);
/* Add the n subs v at the end of the urls file at path (created when
 * missing), rewriting it atomically; -1 with *cause on failure. */
int	subs_append(const char *path, const struct sub *v, size_t n,
	    char **cause);
/* In the urls file at path, replace the URL from by to (a feed that moved
 * permanently), keeping its tags, title and every other line; -1 with
 * *cause when there is no such line or the file cannot be written. */
int	subs_replace_url(const char *path, const char *from, const char *to,
	    char **cause);
/* Free what s owns. */
void	subs_free(struct subs *s);

#endif
