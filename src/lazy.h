/*
 * libcurl, libxml2 and SQLite are loaded when first used, not at start
 * (see lazy.c): the program calls their functions as usual.
 */
#ifndef TIDINGS_LAZY_H
#define TIDINGS_LAZY_H

/* Returns 1 when "curl", "sqlite" (or "xml") has been loaded by now: the
 * reader's tests check that its first screen loads neither curl nor xml,
 * and that `tidings parse` loads none. */
int	lazy_loaded(const char *which);

#endif
