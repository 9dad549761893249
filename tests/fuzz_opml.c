/*
 * libFuzzer target for the two readers of untrusted documents beside the
 * feed parser, built by tests/fuzz.sh: opml_parse, and autodiscovery
 * (discover_feeds, discover_is_feed) on the same input, since both read
 * markup and a seed of either kind teaches the fuzzer about the other.
 * Beyond memory errors it checks one property: a list opml_parse
 * accepted, written by opml_write, reads back the same (URLs, titles, and
 * tags where no tag holds ',' or '/', which opml.h says split).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "opml.h"
#include "subs.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

/* Returns 1 when the strings are equal, both NULL counting as equal. */
static int
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* Returns 1 when sub's tags come back unchanged from the category
 * attribute. */
static int
tags_survive(const struct sub *sub)
{
	size_t	i;

	for (i = 0; i < sub->ntags; i++)
		if (strpbrk(sub->tags[i], ",/") != NULL)
			return 0;
	return 1;
}

/* Write s, read it back, abort on a difference. */
static void
round_trip(const struct subs *s)
{
	struct subs	 back;
	char		*doc, *cause = NULL;
	size_t		 i, j;

	doc = opml_write(s, "fuzz", 0);
	if (opml_parse(doc, strlen(doc), &back, &cause) != 0)
		abort();
	if (back.n != s->n)
		abort();
	for (i = 0; i < s->n; i++) {
		if (!same(s->v[i].url, back.v[i].url) ||
		    !same(s->v[i].title, back.v[i].title))
			abort();
		if (!tags_survive(&s->v[i]))
			continue;
		if (s->v[i].ntags != back.v[i].ntags)
			abort();
		for (j = 0; j < s->v[i].ntags; j++)
			if (!same(s->v[i].tags[j], back.v[i].tags[j]))
				abort();
	}
	subs_free(&back);
	free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*doc = (const char *)data;
	struct subs	 s;
	char		*cause = NULL, **urls;
	size_t		 i, n;

	if (opml_parse(doc, size, &s, &cause) == 0) {
		round_trip(&s);
		subs_free(&s);
	} else {
		sink += strlen(cause);
		free(cause);
	}

	n = discover_feeds(doc, size, "http://example.com/dir/page.html",
	    &urls);
	for (i = 0; i < n; i++) {
		sink += strlen(urls[i]);
		free(urls[i]);
	}
	free(urls);
	sink += (size_t)discover_is_feed(doc, size);
	return 0;
}
