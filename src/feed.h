/*
 * The feed model: what the parser extracts from a document and the store
 * keeps.  One struct serves both the feed itself and each entry, because
 * RSS and Atom describe both with the same constructs (title, links,
 * authors, dates, categories); the feed's "summary" is its subtitle.
 * Every string is owned by the struct that holds it.
 */
#ifndef TIDINGS_FEED_H
#define TIDINGS_FEED_H

#include <stddef.h>
#include <string.h>
#include <time.h>

enum feed_format {
	FEED_FORMAT_UNKNOWN,
	FEED_FORMAT_RSS090,
	FEED_FORMAT_RSS091,
	FEED_FORMAT_RSS092,
	FEED_FORMAT_RSS10,
	FEED_FORMAT_RSS20,
	FEED_FORMAT_ATOM03,
	FEED_FORMAT_ATOM10
};

struct feed_person {
	char	*name;
	char	*email;
	char	*uri;
};

struct feed_link {
	char		*href;
	char		*rel;
	char		*type;
	char		*title;
	long long	 length;	/* -1: not given */
};

struct feed_enclosure {
	char		*url;
	char		*type;
	long long	 length;	/* -1: not given */
};

/* Fields whose source has a priority (see parse.c). */
enum feed_field {
	FEED_TITLE,
	FEED_SUMMARY,
	FEED_CONTENT,
	FEED_LINK,
	FEED_ID,
	FEED_RIGHTS,
	FEED_GENERATOR,
	FEED_LANGUAGE,
	FEED_COMMENTS,
	FEED_PUBLISHED,
	FEED_UPDATED,
	FEED_AUTHORS,
	FEED_IMAGE_URL,
	FEED_IMAGE_TITLE,
	FEED_IMAGE_LINK,
	FEED_NFIELDS
};

struct feed_entry {
	char		*title;
	char		*summary;	/* feed: subtitle */
	char		*content;
	char		*link;
	char		*id;
	char		*rights;
	char		*generator;
	char		*language;
	char		*comments;
	char		*image_url;	/* feed only */
	char		*image_title;
	char		*image_link;
	time_t		 published;
	time_t		 updated;
	int		 has_published;
	int		 has_updated;
	int		 truncated;	/* cut off by a fatal error */

	struct feed_link *links;
	size_t		 nlinks;
	struct feed_person *authors;
	size_t		 nauthors;
	char		**categories;
	size_t		 ncategories;
	struct feed_enclosure *enclosures;
	size_t		 nenclosures;

	unsigned char	 prio[FEED_NFIELDS];	/* priority of each set field */
	/* Length of each text field as the parser stored it, so that a
	 * long article need not be measured again; 0: not known (a field
	 * set by anyone else), strlen() it. */
	size_t		 len[FEED_NFIELDS];
};

/* The length of text field f, which is s (not NULL). */
static inline size_t
feed_len(const struct feed_entry *e, enum feed_field f, const char *s)
{
	return e->len[f] ? e->len[f] : strlen(s);
}

/* Returns the name used in output for a format ("rss2.0", "atom1.0", ""). */
const char	*feed_format_name(enum feed_format f);
/* Free the strings of a and zero it. */
void		 feed_person_clear(struct feed_person *a);
/* Free the list items of e past the first nlinks links, ncategories
 * categories, nauthors authors and nenclosures enclosures (the arrays
 * themselves stay). */
void		 feed_entry_truncate(struct feed_entry *e, size_t nlinks,
		    size_t ncategories, size_t nauthors, size_t nenclosures);
/* Free everything e owns and zero it, ready for reuse. */
void		 feed_entry_clear(struct feed_entry *e);

#endif
