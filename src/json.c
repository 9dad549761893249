/*
 * JSON string output.  Escaping runs over every byte of every entry that
 * `tidings parse` prints, so the common case (nothing to escape) is a
 * table lookup per byte and one copy per run.
 */
#include "config.h"

#include <stdio.h>

#include "json.h"

/* Non-zero for bytes that need an escape. */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,	/* DEL */
};

void
json_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	char	esc[8];

	buf_putc(b, '"');
	for (;; p++) {
		if (!needs_escape[*p])	/* NUL is in the table */
			continue;
		buf_append(b, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':  buf_append(b, "\\\"", 2); break;
		case '\\': buf_append(b, "\\\\", 2); break;
		case '\n': buf_append(b, "\\n", 2); break;
		case '\r': buf_append(b, "\\r", 2); break;
		case '\t': buf_append(b, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			buf_append(b, esc, 6);
			break;
		}
		run = p + 1;
	}
	buf_putc(b, '"');
}

void
json_key(struct buf *b, int *first, const char *key)
{
	if (!*first)
		buf_putc(b, ',');
	*first = 0;
	json_string(b, key);
	buf_putc(b, ':');
}

void
json_member_str(struct buf *b, int *first, const char *key,
    const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	json_key(b, first, key);
	json_string(b, value);
}
