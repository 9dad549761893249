/*
 * HTML to plain text, for the search index and for one-line previews:
 * tags removed, script and style bodies dropped, character references
 * decoded, whitespace collapsed, block elements ending a line.  Not a
 * renderer (that keeps structure and styles); just the words, in order.
 */
#ifndef TIDINGS_PLAIN_H
#define TIDINGS_PLAIN_H

#include <stddef.h>

#include "buf.h"

/* Append the text of the HTML fragment html[0..len) to out. */
void	plain_from_html(const char *html, size_t len, struct buf *out);

#endif
