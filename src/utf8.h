/*
 * UTF-8 as the terminal sees it: code points and display columns.  Wide
 * (CJK) characters take two columns, combining marks none; widths come
 * from wcwidth(), which ncurses uses too, so what we measure is what it
 * draws.  The caller sets an UTF-8 LC_CTYPE (the reader does at start).
 */
#ifndef TIDINGS_UTF8_H
#define TIDINGS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s[0..len) (len > 0) into *cp; returns the
 * bytes it used (1..4).  An invalid or cut-off sequence gives U+FFFD and
 * 1, so a loop over any bytes always moves on. */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Display columns of code point cp: 0 (combining, zero-width), 1 or 2;
 * control characters count 0 (they are never drawn). */
int	utf8_cpwidth(uint32_t cp);
/* Display columns of s[0..len). */
int	utf8_width(const char *s, size_t len);
/* Returns how many bytes of s[0..len) fit in cols columns, never cutting
 * a character or separating it from its combining marks; *used (may be
 * NULL) gets their width. */
size_t	utf8_fit(const char *s, size_t len, int cols, int *used);

#endif
