/*
 * Resolving relative references (RFC 3986) against a base, through
 * libcurl's URL API so that our idea of a URL is the one the fetcher has.
 */
#ifndef TIDINGS_URI_H
#define TIDINGS_URI_H

/* Returns ref resolved against base as an allocated string; caller frees.
 * base may be NULL; when ref is absolute, or cannot be resolved, a copy of
 * ref is returned unchanged. */
char	*uri_resolve(const char *base, const char *ref);

/* Returns 1 when s starts with a URI scheme ("http:", "tag:", ...). */
int	 uri_is_absolute(const char *s);

#endif
