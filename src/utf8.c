/*
 * UTF-8 code points and display columns (see utf8.h).  Widths come from
 * wcwidth(), as ncurses measures them, so clipping here matches what is
 * drawn; a character wcwidth does not know (-1) counts as one column,
 * which is how terminals draw U+FFFD in its place.
 */
#include "config.h"

#include <wchar.h>

#include "utf8.h"

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	 c, min;
	size_t		 n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are no characters. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

int
utf8_cpwidth(uint32_t cp)
{
	int	w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x7f)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
utf8_width(const char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 w = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			w += (unsigned char)s[i] >= 0x20 && s[i] != 0x7f;
			i++;
			continue;
		}
		i += utf8_decode(s + i, len - i, &cp);
		w += utf8_cpwidth(cp);
	}
	return w;
}

size_t
utf8_fit(const char *s, size_t len, int cols, int *used)
{
	size_t		 i = 0, n;
	uint32_t	 cp;
	int		 w = 0, cw;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i];
			n = 1;
		} else
			n = utf8_decode(s + i, len - i, &cp);
		cw = utf8_cpwidth(cp);
		/* A zero-width mark goes with the character before it, so
		 * it is taken even at the edge; a character is whole or not
		 * at all. */
		if (cw > 0 && w + cw > cols)
			break;
		if (cw == 0 && i == 0 && cols <= 0)
			break;
		w += cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}
