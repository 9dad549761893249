/*
 * The urls file: parsing newsboat's subscription format.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int	read_all(const char *, struct buf *, int, char **);

int
subs_load(const char *path, struct subs *s, char **cause)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 rc;

	if (read_all(path, &b, 0, cause) == -1) {
		buf_free(&b);
		return -1;
	}
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

/* Append t to b as a urls-file token: bare when it can be, else quoted
 * with '"' and '\' escaped. */
static void
put_token(struct buf *b, const char *t)
{
	const char	*p;

	if (*t != '\0' && strpbrk(t, " \t\"#\\") == NULL) {
		buf_puts(b, t);
		return;
	}
	buf_putc(b, '"');
	for (p = t; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r')
			continue;
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void
subs_format(const struct sub *sub, struct buf *b)
{
	size_t	i;

	put_token(b, sub->url);
	for (i = 0; i < sub->ntags; i++) {
		buf_putc(b, ' ');
		put_token(b, sub->tags[i]);
	}
	if (sub->title != NULL) {
		char	*t = xasprintf("~%s", sub->title);

		buf_putc(b, ' ');
		put_token(b, t);
		free(t);
	}
	buf_putc(b, '\n');
}

/* Write len bytes to path through a temporary file and rename(), so a
 * crash leaves the old file or the new one, never half of one. */
static int
write_atomic(const char *path, const char *data, size_t len, char **cause)
{
	char	*tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	FILE	*f;

	if ((f = fopen(tmp, "w")) == NULL) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* Read the whole file at path into b; a missing file is empty when
 * missing_ok. */
static int
read_all(const char *path, struct buf *b, int missing_ok, char **cause)
{
	if (buf_load(b, path, 0) == 0 || (missing_ok && errno == ENOENT))
		return 0;
	*cause = xasprintf("%s: %s", path, strerror(errno));
	return -1;
}

int
subs_append(const char *path, const struct sub *v, size_t n, char **cause)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;
	int		rc;

	if (read_all(path, &b, 1, cause) == -1) {
		buf_free(&b);
		return -1;
	}
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	for (i = 0; i < n; i++)
		subs_format(&v[i], &b);
	rc = write_atomic(path, b.data ? b.data : "", b.len, cause);
	buf_free(&b);
	return rc;
}

int
subs_replace_url(const char *path, const char *from, const char *to,
    char **cause)
{
	struct buf	 in = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	const char	*line, *end, *nl;
	size_t		 flen = strlen(from);
	int		 rc = -1, found = 0;

	if (read_all(path, &in, 0, cause) == -1)
		goto out;
	end = in.data + in.len;
	for (line = in.data; line != NULL && line < end; line = nl) {
		const char	*p = line, *q;

		nl = memchr(line, '\n', (size_t)(end - line));
		nl = nl != NULL ? nl + 1 : end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		/* Only a bare first token: a quoted URL is rare enough to be
		 * left for the user. */
		q = p + flen;
		if ((size_t)(nl - p) >= flen && memcmp(p, from, flen) == 0 &&
		    (q == nl || *q == ' ' || *q == '\t' || *q == '\n' ||
		    *q == '\r')) {
			buf_append(&out, line, (size_t)(p - line));
			buf_puts(&out, to);
			buf_append(&out, q, (size_t)(nl - q));
			found = 1;
		} else
			buf_append(&out, line, (size_t)(nl - line));
	}
	if (!found) {
		*cause = xasprintf("%s: no line for %s", path, from);
		goto out;
	}
	rc = write_atomic(path, out.data, out.len, cause);
out:
	buf_free(&in);
	buf_free(&out);
	return rc;
}
