/*
 * libFuzzer target for the feed parser (parse.h), built by tests/fuzz.sh.
 * The first input byte picks the Content-Type the parser is told and where
 * the rest is split into chunks, so the fuzzer also explores charset
 * detection and chunk boundaries; the callbacks read every string the
 * parser hands out so that ASan checks them.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "feed.h"
#include "parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void
touch(const char *s)
{
	if (s != NULL)
		sink += strlen(s);
}

/* Read every string of e, as the store and the UI would. */
static void
touch_entry(const struct feed_entry *e)
{
	size_t	i;

	touch(e->title);
	touch(e->summary);
	touch(e->content);
	touch(e->link);
	touch(e->id);
	touch(e->rights);
	touch(e->generator);
	touch(e->language);
	touch(e->comments);
	touch(e->image_url);
	touch(e->image_title);
	touch(e->image_link);
	sink += (size_t)e->published + (size_t)e->updated;
	for (i = 0; i < e->nlinks; i++) {
		touch(e->links[i].href);
		touch(e->links[i].rel);
		touch(e->links[i].type);
		touch(e->links[i].title);
	}
	for (i = 0; i < e->nauthors; i++) {
		touch(e->authors[i].name);
		touch(e->authors[i].email);
		touch(e->authors[i].uri);
	}
	for (i = 0; i < e->ncategories; i++)
		touch(e->categories[i]);
	for (i = 0; i < e->nenclosures; i++) {
		touch(e->enclosures[i].url);
		touch(e->enclosures[i].type);
	}
}

static void
on_entry(void *arg, struct feed_entry *e)
{
	(void)arg;
	touch_entry(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ctypes[] = {
		NULL,
		"text/xml",
		"application/atom+xml; charset=koi8-r"
	};
	const char	*doc, *const *errors;
	struct parse	*p;
	size_t		 len, cut[3], i, n, at;
	unsigned	 sel;

	if (size == 0)
		return 0;
	sel = data[0];
	doc = (const char *)data + 1;
	len = size - 1;

	/* Up to three chunks: cut points derived from the selector byte
	 * and the length, sorted so that cut[0] <= cut[1] <= len. */
	cut[0] = len ? (sel * 7919u) % (len + 1) : 0;
	cut[1] = (sel & 0x80) && len ? (sel * 104729u + len / 2) % (len + 1) :
	    cut[0];
	if (cut[1] < cut[0]) {
		at = cut[0];
		cut[0] = cut[1];
		cut[1] = at;
	}
	cut[2] = len;

	p = parse_new(NULL, ctypes[sel % 3], on_entry, NULL);
	for (i = 0, at = 0; i < 3; i++) {
		if (parse_push(p, doc + at, cut[i] - at, 0) == -1)
			break;
		at = cut[i];
	}
	parse_push(p, NULL, 0, 1);

	touch_entry(parse_feed_info(p));
	touch(feed_format_name(parse_format(p)));
	touch(parse_encoding(p));
	sink += (size_t)parse_wellformed(p) + parse_nentries(p);
	errors = parse_errors(p, &n);
	for (i = 0; i < n; i++)
		touch(errors[i]);
	parse_free(p);
	return 0;
}
