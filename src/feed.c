/*
 * The feed model: names and freeing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "xmalloc.h"

const char *
feed_format_name(enum feed_format f)
{
	static const char *const names[] = {
		[FEED_FORMAT_UNKNOWN] = "",
		[FEED_FORMAT_RSS090] = "rss0.90",
		[FEED_FORMAT_RSS091] = "rss0.91",
		[FEED_FORMAT_RSS092] = "rss0.92",
		[FEED_FORMAT_RSS10] = "rss1.0",
		[FEED_FORMAT_RSS20] = "rss2.0",
		[FEED_FORMAT_ATOM03] = "atom0.3",
		[FEED_FORMAT_ATOM10] = "atom1.0",
	};

	return names[f];
}

void
feed_person_clear(struct feed_person *a)
{
	free(a->name);
	free(a->email);
	free(a->uri);
	memset(a, 0, sizeof(*a));
}

void
feed_entry_truncate(struct feed_entry *e, size_t nlinks, size_t ncategories,
    size_t nauthors, size_t nenclosures)
{
	while (e->nlinks > nlinks) {
		struct feed_link *l = &e->links[--e->nlinks];

		free(l->href);
		free(l->rel);
		free(l->type);
		free(l->title);
	}
	while (e->ncategories > ncategories)
		free(e->categories[--e->ncategories]);
	while (e->nauthors > nauthors)
		feed_person_clear(&e->authors[--e->nauthors]);
	while (e->nenclosures > nenclosures) {
		free(e->enclosures[--e->nenclosures].url);
		free(e->enclosures[e->nenclosures].type);
	}
}

void
feed_entry_clear(struct feed_entry *e)
{
	free(e->title);
	free(e->summary);
	free(e->content);
	free(e->link);
	free(e->id);
	free(e->rights);
	free(e->generator);
	free(e->language);
	free(e->comments);
	free(e->image_url);
	free(e->image_title);
	free(e->image_link);
	feed_entry_truncate(e, 0, 0, 0, 0);
	free(e->links);
	free(e->authors);
	free(e->categories);
	free(e->enclosures);
	memzero_small(e, sizeof(*e));
}
