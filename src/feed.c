/*
 * The feed model: names and freeing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "feed.h"

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
feed_entry_clear(struct feed_entry *e)
{
	size_t	i;

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
	for (i = 0; i < e->nlinks; i++) {
		free(e->links[i].href);
		free(e->links[i].rel);
		free(e->links[i].type);
		free(e->links[i].title);
	}
	free(e->links);
	for (i = 0; i < e->nauthors; i++) {
		free(e->authors[i].name);
		free(e->authors[i].email);
		free(e->authors[i].uri);
	}
	free(e->authors);
	for (i = 0; i < e->ncategories; i++)
		free(e->categories[i]);
	free(e->categories);
	for (i = 0; i < e->nenclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
	memset(e, 0, sizeof(*e));
}
