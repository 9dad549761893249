/*
 * Sanitising text for display: see text.h.
 */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
seqlen(const unsigned char *s, size_t n)
{
	size_t	len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

char *
text_oneline(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i = 0, n;
	int		 space = 0;

	while (i < len) {
		n = seqlen(u + i, len - i);
		if (n == 0) {		/* invalid byte: drop it */
			i++;
			continue;
		}
		if (n == 1 && (u[i] <= 0x20 || u[i] == 0x7f)) {
			/* Whitespace and controls alike end a word. */
			space = 1;
			i++;
			continue;
		}
		if (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) {
			space = 1;	/* C1 control (0x85 is NEL) */
			i += 2;
			continue;
		}
		if (space && b.len > 0)
			buf_putc(&b, ' ');
		space = 0;
		buf_append(&b, s + i, n);
		i += n;
	}
	return buf_steal(&b);
}

int
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	i = 0, n;

	while (i < len) {
		if ((n = seqlen(u + i, len - i)) == 0)
			return 0;
		if (n == 1 && u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
		    u[i] != '\r')
			return 0;
		if (n == 1 && u[i] == 0x7f)
			return 0;
		i += n;
	}
	return 1;
}
