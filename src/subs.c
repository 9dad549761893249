/*
 * The urls file: parsing newsboat's subscription format.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "subs.h"
#include "xmalloc.h"

/* Read one token from *pp (quoted or bare); returns it allocated, or NULL
 * at the end of the line.  *bad is set for an unterminated quote. */
static char *
token(const char **pp, const char *end, int *bad)
{
	const char	*p = *pp;
	struct buf	 b = { NULL, 0, 0 };

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p == '#') {
		*pp = end;
		return NULL;
	}
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			buf_putc(&b, *p);
		}
		if (p >= end) {
			*bad = 1;
			buf_free(&b);
			*pp = end;
			return NULL;
		}
		p++;
	} else
		for (; p < end && *p != ' ' && *p != '\t'; p++)
			buf_putc(&b, *p);
	*pp = p;
	return buf_steal(&b);
}

int
subs_parse(const char *text, size_t len, struct subs *s, char **cause)
{
	const char	*line = text, *end = text + len, *nl, *p;
	int		 lineno = 0, bad = 0;

	memset(s, 0, sizeof(*s));
	for (; line < end; line = nl + 1) {
		struct sub	 sub;
		char		*t;

		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		p = line;
		memset(&sub, 0, sizeof(sub));
		if ((sub.url = token(&p, nl, &bad)) == NULL && !bad)
			continue;
		while (!bad && (t = token(&p, nl, &bad)) != NULL) {
			if (t[0] == '~') {
				free(sub.title);
				sub.title = xstrdup(t + 1);
				free(t);
				continue;
			}
			sub.tags = xreallocarray(sub.tags, sub.ntags + 1,
			    sizeof(char *));
			sub.tags[sub.ntags++] = t;
		}
		s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
		s->v[s->n++] = sub;
		if (bad) {
			*cause = xasprintf("line %d: unterminated quote",
			    lineno);
			subs_free(s);
			return -1;
		}
	}
	return 0;
}

int
subs_load(const char *path, struct subs *s, char **cause)
{
	FILE		*f;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[8192];
	size_t		 n;
	int		 rc;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = subs_parse(b.data ? b.data : "", b.len, s, cause);
	if (rc == -1) {
		char *c = xasprintf("%s: %s", path, *cause);

		free(*cause);
		*cause = c;
	}
	buf_free(&b);
	return rc;
}

void
subs_free(struct subs *s)
{
	size_t	i, j;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].url);
		free(s->v[i].title);
		for (j = 0; j < s->v[i].ntags; j++)
			free(s->v[i].tags[j]);
		free(s->v[i].tags);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
