/*
 * Making text from the network safe to show: every C0 and C1 control
 * character (ESC starts terminal escape sequences; a title containing
 * "ESC ] 0 ;" could retitle the terminal) and invalid UTF-8 are removed,
 * and runs of whitespace become one space.
 */
#ifndef TIDINGS_TEXT_H
#define TIDINGS_TEXT_H

#include <stddef.h>

/* Returns an allocated, single-line, printable copy of s[0..len);
 * caller frees. */
char	*text_oneline(const char *s, size_t len);

/* Returns 1 when s[0..len) is valid UTF-8 holding no control characters
 * other than tab, newline and carriage return. */
int	 text_valid_utf8(const char *s, size_t len);

#endif
