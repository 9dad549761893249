/*
 * The feed parser: expat in push mode, driven chunk by chunk (see parse.h).
 *
 * Shape of the code:
 *  - parse_push() sniffs the encoding from the first bytes (charset.c),
 *    then every chunk goes through a charset decoder whose UTF-8 output is
 *    handed to XML_Parse.
 *  - Namespaces are resolved here, not by expat: a namespace-aware expat
 *    parse rejects the common feed with an undeclared "dc:" prefix and the
 *    rest of the feed would be lost.  We keep our own binding stack and
 *    guess unbound prefixes from their conventional names (and say so).
 *  - Every element is classified as structure (the feed, an entry, an
 *    author, an image: a frame on a small stack), a capture (text collected
 *    into one reused buffer; child elements inside it are serialized as
 *    markup, which is how XHTML content and naked HTML are kept), or
 *    skipped (a subtree we do not model: only its depth is counted).
 *  - When a capture ends its text is trimmed, decoded (base64), repaired
 *    (C1 controls read as windows-1252), resolved (URLs against xml:base)
 *    or parsed (dates), and stored in the entry with a priority, so that
 *    <title> wins over <dc:title> whatever their order.
 *  - An entry is handed to the callback at its end tag and then freed.
 *
 * Undeclared HTML entities (&eacute; in a feed with no DTD) would be fatal
 * XML errors.  We make expat treat the document as having an external DTD
 * (XML_UseForeignDTD) that we "load" as an empty string, never from the
 * network: undefined entities then reach the skipped-entity handler, which
 * inserts their value and marks the document as not well-formed.
 */
#include "config.h"

#include <ctype.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

/* Debian's libexpat is built with DTD support; the header hides its
 * entity-expansion limits unless told so. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include "buf.h"
#include "charset.h"
#include "date.h"
#include "entity.h"
#include "parse.h"
#include "simd.h"
#include "text.h"
#include "uri.h"
#include "xmalloc.h"
#include "xmlfix.h"

#define MAX_ERRORS	 50	/* errors kept; later ones are only counted */
#define MAX_FRAMES	 64	/* structural nesting we follow */
#define MAX_ITEM_TEXT	 (64u << 20)	/* longest single text we keep */
#define NSPARE		 4	/* text buffers kept for reuse */
#define QCACHE		 64	/* element names remembered (power of 2) */
#define QCACHE_NAME	 30	/* longest name remembered */

/* Namespaces we know, whatever prefix a document gives them. */
enum ns {
	NS_NONE,	/* no namespace: RSS 0.9x/2.0 */
	NS_ATOM10,
	NS_ATOM03,
	NS_RSS10,
	NS_RSS090,
	NS_RSS20,	/* the rare namespaced RSS 2.0 */
	NS_RDF,
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_MEDIA,
	NS_ITUNES,
	NS_XHTML,
	NS_FEEDBURNER,
	NS_XML,
	NS_OTHER
};

/* Vocabularies: the namespaces whose element names we look up together. */
enum voc {
	VOC_CORE,	/* RSS and Atom, any version, share one table */
	VOC_DC,
	VOC_DCTERMS,
	VOC_CONTENT,
	VOC_MEDIA,
	VOC_ITUNES,
	VOC_XHTML,
	VOC_RDF,
	VOC_FEEDBURNER,
	VOC_NONE
};

enum tag {
	T_UNKNOWN,
	/* core */
	T_AUTHOR, T_CATEGORY, T_CHANNEL, T_COMMENTS, T_CONTENT,
	T_CONTRIBUTOR, T_COPYRIGHT, T_CREATED, T_DESCRIPTION, T_EMAIL,
	T_ENCLOSURE, T_ENTRY, T_FEED, T_GENERATOR, T_GUID, T_HOMEPAGE,
	T_ICON, T_ID, T_IMAGE, T_INFO, T_ISSUED, T_ITEM, T_LANGUAGE,
	T_LASTBUILDDATE, T_LINK, T_LOGO, T_MANAGINGEDITOR, T_MODIFIED,
	T_NAME, T_PUBDATE, T_PUBLISHED, T_RIGHTS, T_RSS, T_SOURCE,
	T_SUBTITLE, T_SUMMARY, T_TAGLINE, T_TITLE, T_UPDATED, T_URI, T_URL,
	T_WEBMASTER, T_BODY, T_FULLITEM, T_TAGS,
	/* dc, dcterms */
	T_DC_CREATOR, T_DC_DATE, T_DC_DESCRIPTION, T_DC_IDENTIFIER,
	T_DC_LANGUAGE, T_DC_RIGHTS, T_DC_SUBJECT, T_DC_TITLE,
	T_DC_AUTHOR, T_DCT_CREATED, T_DCT_ISSUED, T_DCT_MODIFIED,
	/* others */
	T_CONTENT_ENCODED, T_MEDIA_DESCRIPTION, T_MEDIA_GROUP,
	T_MEDIA_TITLE, T_MEDIA_CATEGORY, T_ITUNES_AUTHOR,
	T_ITUNES_CATEGORY, T_ITUNES_IMAGE, T_ITUNES_SUBTITLE,
	T_ITUNES_SUMMARY, T_XHTML_BODY, T_XHTML_DIV, T_RDF_RDF,
	T_FB_ORIGLINK, T_FB_BROWSERFRIENDLY, T_ITUNES_KEYWORDS
};

struct tagdef {
	enum voc	 voc;
	const char	*name;
	enum tag	 tag;
};

/* Element names we know, by vocabulary (looked up through tag_hash). */
static const struct tagdef tagdefs[] = {
	{ VOC_CORE, "RDF", T_RDF_RDF },
	{ VOC_CORE, "author", T_AUTHOR },
	{ VOC_CORE, "body", T_BODY },
	{ VOC_CORE, "category", T_CATEGORY },
	{ VOC_CORE, "channel", T_CHANNEL },
	{ VOC_CORE, "comments", T_COMMENTS },
	{ VOC_CORE, "content", T_CONTENT },
	{ VOC_CORE, "contributor", T_CONTRIBUTOR },
	{ VOC_CORE, "copyright", T_COPYRIGHT },
	{ VOC_CORE, "created", T_CREATED },
	{ VOC_CORE, "description", T_DESCRIPTION },
	{ VOC_CORE, "email", T_EMAIL },
	{ VOC_CORE, "enclosure", T_ENCLOSURE },
	{ VOC_CORE, "entry", T_ENTRY },
	{ VOC_CORE, "feed", T_FEED },
	{ VOC_CORE, "fullitem", T_FULLITEM },
	{ VOC_CORE, "generator", T_GENERATOR },
	{ VOC_CORE, "guid", T_GUID },
	{ VOC_CORE, "homepage", T_HOMEPAGE },
	{ VOC_CORE, "icon", T_ICON },
	{ VOC_CORE, "id", T_ID },
	{ VOC_CORE, "image", T_IMAGE },
	{ VOC_CORE, "info", T_INFO },
	{ VOC_CORE, "issued", T_ISSUED },
	{ VOC_CORE, "item", T_ITEM },
	{ VOC_CORE, "language", T_LANGUAGE },
	{ VOC_CORE, "lastBuildDate", T_LASTBUILDDATE },
	{ VOC_CORE, "link", T_LINK },
	{ VOC_CORE, "logo", T_LOGO },
	{ VOC_CORE, "managingEditor", T_MANAGINGEDITOR },
	{ VOC_CORE, "modified", T_MODIFIED },
	{ VOC_CORE, "name", T_NAME },
	{ VOC_CORE, "pubDate", T_PUBDATE },
	{ VOC_CORE, "published", T_PUBLISHED },
	{ VOC_CORE, "rights", T_RIGHTS },
	{ VOC_CORE, "rss", T_RSS },
	{ VOC_CORE, "source", T_SOURCE },
	{ VOC_CORE, "subtitle", T_SUBTITLE },
	{ VOC_CORE, "summary", T_SUMMARY },
	{ VOC_CORE, "tagline", T_TAGLINE },
	{ VOC_CORE, "tags", T_TAGS },
	{ VOC_CORE, "title", T_TITLE },
	{ VOC_CORE, "updated", T_UPDATED },
	{ VOC_CORE, "uri", T_URI },
	{ VOC_CORE, "url", T_URL },
	{ VOC_CORE, "webMaster", T_WEBMASTER },
	{ VOC_DC, "author", T_DC_AUTHOR },
	{ VOC_DC, "creator", T_DC_CREATOR },
	{ VOC_DC, "date", T_DC_DATE },
	{ VOC_DC, "description", T_DC_DESCRIPTION },
	{ VOC_DC, "identifier", T_DC_IDENTIFIER },
	{ VOC_DC, "language", T_DC_LANGUAGE },
	{ VOC_DC, "rights", T_DC_RIGHTS },
	{ VOC_DC, "subject", T_DC_SUBJECT },
	{ VOC_DC, "title", T_DC_TITLE },
	{ VOC_DCTERMS, "created", T_DCT_CREATED },
	{ VOC_DCTERMS, "issued", T_DCT_ISSUED },
	{ VOC_DCTERMS, "modified", T_DCT_MODIFIED },
	{ VOC_CONTENT, "encoded", T_CONTENT_ENCODED },
	{ VOC_MEDIA, "category", T_MEDIA_CATEGORY },
	{ VOC_MEDIA, "description", T_MEDIA_DESCRIPTION },
	{ VOC_MEDIA, "group", T_MEDIA_GROUP },
	{ VOC_MEDIA, "title", T_MEDIA_TITLE },
	{ VOC_ITUNES, "author", T_ITUNES_AUTHOR },
	{ VOC_ITUNES, "category", T_ITUNES_CATEGORY },
	{ VOC_ITUNES, "image", T_ITUNES_IMAGE },
	{ VOC_ITUNES, "keywords", T_ITUNES_KEYWORDS },
	{ VOC_ITUNES, "subtitle", T_ITUNES_SUBTITLE },
	{ VOC_ITUNES, "summary", T_ITUNES_SUMMARY },
	{ VOC_XHTML, "body", T_XHTML_BODY },
	{ VOC_XHTML, "div", T_XHTML_DIV },
	{ VOC_RDF, "RDF", T_RDF_RDF },
	{ VOC_FEEDBURNER, "browserFriendly", T_FB_BROWSERFRIENDLY },
	{ VOC_FEEDBURNER, "origLink", T_FB_ORIGLINK },
};

/* Namespace URIs, and the prefix a document conventionally binds them to
 * (used when a prefix is not declared at all). */
static const struct {
	const char	*uri;
	const char	*prefix;
	enum ns		 ns;
} nsdefs[] = {
	{ "http://www.w3.org/2005/Atom", "atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns#", "atom03", NS_ATOM03 },
	{ "http://purl.org/rss/1.0/", "rss", NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", "rss090", NS_RSS090 },
	{ "http://channel.netscape.com/rdf/simple/0.9/", "rss090", NS_RSS090 },
	{ "http://backend.userland.com/rss2", "rss2", NS_RSS20 },
	{ "http://blogs.law.harvard.edu/tech/rss", "rss2h", NS_RSS20 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf", NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", "dc", NS_DC },
	{ "http://purl.org/dc/terms/", "dcterms", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", "content",
	    NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", "media", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", "media", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes",
	    NS_ITUNES },
	{ "http://www.w3.org/1999/xhtml", "xhtml", NS_XHTML },
	{ "http://rssnamespace.org/feedburner/ext/1.0", "feedburner",
	    NS_FEEDBURNER },
	{ "http://www.w3.org/XML/1998/namespace", "xml", NS_XML },
};

/* What an open structural element is. */
enum ctx {
	CTX_DOC,	/* inside <rss> or <rdf:RDF>: channel, items, image */
	CTX_FEED,	/* the channel / Atom feed: fills the feed info */
	CTX_ENTRY,	/* an item / entry */
	CTX_PERSON,	/* an author: name, email, uri, or plain text */
	CTX_IMAGE	/* an RSS image: url, title, link */
};

struct frame {
	enum ctx	 ctx;
	int		 depth;		/* element depth it was opened at */
	char		*base;		/* xml:base in effect */
	int		 own_base;	/* base was allocated for this frame */
	int		 person_prio;	/* CTX_PERSON: priority of the author */
	struct feed_entry *target;	/* what its children fill */
	size_t		 qname;		/* its element name, to reopen it:
					 * offset in parse.qnames */
};

struct binding {
	char	*prefix;	/* "" for the default namespace */
	size_t	 plen;		/* its length */
	enum ns	 ns;
	int	 depth;		/* element depth that declared it */
};

/* What a capture does with its text when it ends. */
enum cap_kind {
	CAP_FIELD,	/* a string field */
	CAP_URL,	/* a string field holding a URL */
	CAP_RSS_LINK,	/* <link>text</link>: field and an alternate link */
	CAP_DATE_PUB,
	CAP_DATE_UPD,
	CAP_DATE_BOTH,	/* dc:date: published and updated, low priority */
	CAP_CATEGORY,
	CAP_KEYWORDS,	/* comma-separated categories */
	CAP_AUTHOR,	/* "email (Name)" and friends */
	CAP_GUID,
	CAP_PERSON_NAME,
	CAP_PERSON_EMAIL,
	CAP_PERSON_URI
};

enum cap_mode {
	MODE_TEXT,	/* text (markup of child elements serialized) */
	MODE_XHTML,	/* serialized XHTML: all text escaped, div unwrapped */
	MODE_BASE64
};

struct capture {
	int		 active;
	enum cap_kind	 kind;
	enum feed_field	 field;
	int		 prio;
	enum cap_mode	 mode;
	int		 permalink;	/* CAP_GUID: isPermaLink */
	char		*rel;		/* CAP_RSS_LINK: link attributes */
	char		*type;
	char		*title;
	int		 link_attrs;	/* the link had rel/type/title */
	int		 level;		/* open child elements */
	const char	*base;		/* xml:base in effect, or NULL */
	char		*own_base;	/* base, when the capture owns it */
	struct feed_entry *target;
	/* div unwrapping for MODE_XHTML */
	int		 top_children;
	int		 top_text;
	int		 first_div;
	size_t		 div_start;
	size_t		 div_end;
	int		 truncated;
	int		 c1;		/* the text may hold a C1 control */
};

struct parse {
	XML_Parser	 xp;
	struct charset_dec *dec;
	char		*base;
	char		*content_type;
	parse_entry_fn	 fn;
	void		*fnarg;

	struct buf	 head;		/* bytes held back while sniffing */
	struct buf	 scratch;	/* decoder output after a fatal error */

	/*
	 * Recovery (see parse_restart): a UTF-8 document goes to expat
	 * unchecked, and the input since the last entry boundary is kept;
	 * if expat rejects it, the parse resumes from that boundary in a new
	 * parser, through the repairing decoder and xmlfix.
	 */
	int		 trusting;	/* unchecked UTF-8 on its way */
	int		 restarted;	/* the one restart has happened */
	struct buf	 replay;	/* earlier input from replay_pos on */
	unsigned long long replay_pos;	/* stream offset of replay.data[0] */
	unsigned long long push_pos;	/* stream offset of push_data[0] */
	const char	*push_data;	/* the push being handed to expat */
	size_t		 push_done;	/* how much of it expat has seen */
	int		 push_in_xp;	/* push_data is in expat's buffer */
	char		*room_xp;	/* parse_buffer gave out expat's buffer */
	struct buf	 room;		/* parse_buffer's room otherwise */
	struct {
		unsigned long long pos;	/* stream offset of the boundary */
		unsigned long line;
		int	 depth, nframes, wellformed;
		size_t	 nbindings, nerrors, nunbound;
		size_t	 nlinks, ncategories, nauthors, nenclosures;
	} safe;
	unsigned long	 line_offset;	/* lines before the restart */
	struct xmlfix	*fix;		/* after a restart: markup repair */
	struct buf	 fixin;		/* decoder output waiting for xmlfix */
	struct buf	 fixout;
	int		 sniffed;
	int		 stopped;	/* a fatal error: ignore further input */
	int		 finished;
	char		 encoding[48];

	enum feed_format format;
	int		 wellformed;
	char		**errors;
	size_t		 nerrors;
	size_t		 nerrors_dropped;
	char		*unbound[8];	/* prefixes already reported */
	size_t		 nunbound;

	int		 depth;		/* open elements */
	int		 skip;		/* > 0: inside a skipped subtree */
	struct frame	 frames[MAX_FRAMES];
	int		 nframes;
	struct binding	*bindings;
	size_t		 nbindings;
	size_t		 bindings_size;
	unsigned	 qgen;		/* changes with the bindings */
	int		 unbound_seen;	/* resolve_prefix guessed */
	struct {
		unsigned	 gen;	/* qgen when filled, 0: empty */
		unsigned char	 local;	/* offset of the local name */
		unsigned char	 ns;
		unsigned char	 tag;
		char		 name[QCACHE_NAME];
	} qcache[QCACHE];		/* see element_name */

	const char	*qname;		/* of the element being started */
	struct buf	 qnames;	/* the frames' names, one after the
					 * other, NUL-terminated */
	struct {
		char	*data;
		size_t	 size;
	} spare[NSPARE];		/* text buffers for text_take */
	int		 nspare;
	struct capture	 cap;
	struct buf	 text;		/* the capture's text */
	struct buf	 ptext;		/* direct text of a CTX_PERSON */
	struct feed_person person;	/* author being built */

	struct feed_entry info;
	struct feed_entry entry;
	int		 in_entry;
	size_t		 nentries;
};

static void XMLCALL on_start(void *, const XML_Char *, const XML_Char **);
static void XMLCALL on_end(void *, const XML_Char *);
static void XMLCALL on_text(void *, const XML_Char *, int);
static void XMLCALL on_person_text(void *, const XML_Char *, int);
static void	parse_restart(struct parse *);
static void	xml_create(struct parse *);
static int	repairable(enum XML_Error);

/* Record a problem; the document is then not "well-formed" only when
 * malformed is set (some problems are about content, not syntax). */
static void __attribute__((format(printf, 3, 4)))
parse_error(struct parse *p, int malformed, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *line;

	if (malformed)
		p->wellformed = 0;
	if (p->nerrors >= MAX_ERRORS) {
		p->nerrors_dropped++;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("out of memory");
	va_end(ap);
	if (p->xp != NULL && p->sniffed && !p->finished)
		line = xasprintf("line %lu: %s", p->line_offset +
		    (unsigned long)XML_GetCurrentLineNumber(p->xp), msg);
	else
		line = xstrdup(msg);
	free(msg);
	p->errors = xreallocarray(p->errors, p->nerrors + 1, sizeof(char *));
	p->errors[p->nerrors++] = line;
}

/* ---- namespaces ---------------------------------------------------- */

static enum ns
ns_from_uri(const char *uri)
{
	size_t	i;

	/* Case-insensitive: podcasts spell the iTunes URI every way. */
	for (i = 0; i < sizeof(nsdefs) / sizeof(nsdefs[0]); i++)
		if (strcasecmp(uri, nsdefs[i].uri) == 0)
			return nsdefs[i].ns;
	/* Atom 1.0 drafts and http/https variants seen in the wild. */
	if (strncmp(uri, "http://purl.org/atom/ns#draft", 29) == 0)
		return NS_ATOM10;
	return NS_OTHER;
}

static void
bind(struct parse *p, const char *prefix, const char *uri)
{
	struct binding *b;

	if (p->nbindings == p->bindings_size) {
		p->bindings_size = p->bindings_size ? p->bindings_size * 2 : 8;
		p->bindings = xreallocarray(p->bindings, p->bindings_size,
		    sizeof(*p->bindings));
	}
	b = &p->bindings[p->nbindings++];
	p->qgen++;
	b->prefix = xstrdup(prefix);
	b->plen = strlen(prefix);
	b->ns = *uri ? ns_from_uri(uri) : NS_NONE;
	b->depth = p->depth;
}

/* Which namespace the prefix of len bytes is bound to. */
static enum ns
resolve_prefix(struct parse *p, const char *prefix, size_t len)
{
	size_t	i;

	for (i = p->nbindings; i-- > 0;) {
		const struct binding *b = &p->bindings[i];

		if (b->plen == len && memcmp(b->prefix, prefix, len) == 0)
			return b->ns;
	}
	if (len == 0)
		return NS_NONE;
	if (len == 3 && memcmp(prefix, "xml", 3) == 0)
		return NS_XML;
	/* Unbound: say so once, and guess from the usual prefix. */
	p->unbound_seen = 1;
	for (i = 0; i < p->nunbound; i++)
		if (strncmp(p->unbound[i], prefix, len) == 0 &&
		    p->unbound[i][len] == '\0')
			break;
	if (i == p->nunbound) {
		char *s = xstrndup(prefix, len);

		parse_error(p, 1, "namespace prefix \"%s\" is not declared",
		    s);
		if (p->nunbound < sizeof(p->unbound) / sizeof(p->unbound[0]))
			p->unbound[p->nunbound++] = s;
		else
			free(s);
	}
	for (i = 0; i < sizeof(nsdefs) / sizeof(nsdefs[0]); i++)
		if (strncmp(nsdefs[i].prefix, prefix, len) == 0 &&
		    nsdefs[i].prefix[len] == '\0')
			return nsdefs[i].ns;
	return NS_OTHER;
}

/* Split a qualified name into namespace and local name. */
static enum ns
qname_split(struct parse *p, const char *qname, const char **local)
{
	const char	*colon = strchr(qname, ':');

	if (colon == NULL) {
		*local = qname;
		return resolve_prefix(p, "", 0);
	}
	*local = colon + 1;
	return resolve_prefix(p, qname, (size_t)(colon - qname));
}

static enum voc
ns_voc(enum ns ns)
{
	switch (ns) {
	case NS_NONE:
	case NS_ATOM10:
	case NS_ATOM03:
	case NS_RSS10:
	case NS_RSS090:
	case NS_RSS20:
		return VOC_CORE;
	case NS_DC:
		return VOC_DC;
	case NS_DCTERMS:
		return VOC_DCTERMS;
	case NS_CONTENT:
		return VOC_CONTENT;
	case NS_MEDIA:
		return VOC_MEDIA;
	case NS_ITUNES:
		return VOC_ITUNES;
	case NS_XHTML:
		return VOC_XHTML;
	case NS_RDF:
		return VOC_RDF;
	case NS_FEEDBURNER:
		return VOC_FEEDBURNER;
	default:
		return VOC_NONE;
	}
}

/*
 * Tag lookup runs for every element of every feed, so it is a hash table
 * (built once from tagdefs[], never changed after) rather than a search
 * with string compares.
 */
#define TAG_HASH_SIZE 256	/* power of two, > 2 x the number of tags */

static unsigned char tag_hash[TAG_HASH_SIZE];	/* tagdefs index + 1 */

static unsigned
tag_hash_of(enum voc voc, const char *name)
{
	unsigned	h = 2166136261u ^ (unsigned)voc;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h & (TAG_HASH_SIZE - 1);
}

static void
tag_hash_init(void)
{
	size_t	i;

	if (tag_hash[tag_hash_of(tagdefs[0].voc, tagdefs[0].name)] != 0)
		return;
	for (i = 0; i < sizeof(tagdefs) / sizeof(tagdefs[0]); i++) {
		unsigned h = tag_hash_of(tagdefs[i].voc, tagdefs[i].name);

		while (tag_hash[h] != 0)
			h = (h + 1) & (TAG_HASH_SIZE - 1);
		tag_hash[h] = (unsigned char)(i + 1);
	}
}

static enum tag
tag_lookup(enum ns ns, const char *local)
{
	enum voc	voc = ns_voc(ns);
	unsigned	h;

	if (voc == VOC_NONE)
		return T_UNKNOWN;
	for (h = tag_hash_of(voc, local); tag_hash[h] != 0;
	    h = (h + 1) & (TAG_HASH_SIZE - 1)) {
		const struct tagdef *d = &tagdefs[tag_hash[h] - 1];

		if (d->voc == voc && strcmp(d->name, local) == 0)
			return d->tag;
	}
	return T_UNKNOWN;
}

/*
 * The namespace, local name and tag of the element name qname.  The same
 * few names come back in every entry, so the answers are remembered (by
 * name, as long as the namespace bindings stay the same); a name read
 * with a guessed prefix is not, so that the guess is reported as before.
 */
static enum ns
element_name(struct parse *p, const char *qname, const char **local,
    enum tag *tag)
{
	const unsigned char *q = (const unsigned char *)qname;
	size_t		 n, i;
	unsigned	 h = 0, w;
	enum ns		 ns;

	/* The first four bytes tell the usual names apart ("dc:c" from
	 * "dc:d"); two slots per hash, so that a pair of names that hash
	 * alike do not keep pushing each other out.  Matched byte by byte
	 * up to the name's end: names are short, and a call to strlen and
	 * memcmp for each of them cost more. */
	for (i = 0; i < 4 && q[i] != '\0'; i++)
		h = h * 31 + q[i];
	h = (h ^ (h >> 6)) & (QCACHE - 2);
	for (w = h; w < h + 2; w++) {
		const char *c = p->qcache[w].name;

		if (p->qcache[w].gen != p->qgen)
			continue;
		for (i = 0; c[i] == qname[i]; i++)
			if (c[i] == '\0') {
				*local = qname + p->qcache[w].local;
				*tag = (enum tag)p->qcache[w].tag;
				return (enum ns)p->qcache[w].ns;
			}
	}
	n = strlen(qname);
	p->unbound_seen = 0;
	ns = qname_split(p, qname, local);
	*tag = tag_lookup(ns, *local);
	if (n < QCACHE_NAME && !p->unbound_seen) {
		/* The first slot if it is free, else the second; a third
		 * name takes the second's place. */
		w = p->qcache[h].gen == p->qgen ? h + 1 : h;
		p->qcache[w].gen = p->qgen;
		p->qcache[w].local = (unsigned char)(*local - qname);
		p->qcache[w].ns = (unsigned char)ns;
		p->qcache[w].tag = (unsigned char)*tag;
		memcpy(p->qcache[w].name, qname, n + 1);
	}
	return ns;
}

/* Returns the value of the attribute whose local name is name and whose
 * namespace is ns (NS_NONE: unprefixed), or NULL. */
static const char *
attr_get(struct parse *p, const XML_Char **atts, enum ns ns,
    const char *name)
{
	for (; atts[0] != NULL; atts += 2) {
		const char *colon = strchr(atts[0], ':');

		if (colon == NULL) {
			if (ns == NS_NONE && strcmp(atts[0], name) == 0)
				return atts[1];
		} else if (ns != NS_NONE && strcmp(colon + 1, name) == 0 &&
		    resolve_prefix(p, atts[0], (size_t)(colon - atts[0])) ==
		    ns)
			return atts[1];
	}
	return NULL;
}

/* ---- storing values ------------------------------------------------ */

static char **
field_ptr(struct feed_entry *e, enum feed_field f)
{
	switch (f) {
	case FEED_TITLE:	return &e->title;
	case FEED_SUMMARY:	return &e->summary;
	case FEED_CONTENT:	return &e->content;
	case FEED_LINK:		return &e->link;
	case FEED_ID:		return &e->id;
	case FEED_RIGHTS:	return &e->rights;
	case FEED_GENERATOR:	return &e->generator;
	case FEED_LANGUAGE:	return &e->language;
	case FEED_COMMENTS:	return &e->comments;
	case FEED_IMAGE_URL:	return &e->image_url;
	case FEED_IMAGE_TITLE:	return &e->image_title;
	case FEED_IMAGE_LINK:	return &e->image_link;
	default:		return NULL;
	}
}

/* Store value (ownership taken; len: its length, 0 if not known) in
 * field f of e unless a source of equal or higher priority already set
 * it.  Returns 1 when stored. */
static int
field_set_len(struct feed_entry *e, enum feed_field f, int prio, char *value,
    size_t len)
{
	char	**dst = field_ptr(e, f);

	if (dst == NULL || e->prio[f] >= prio) {
		free(value);
		return 0;
	}
	free(*dst);
	*dst = value;
	e->prio[f] = (unsigned char)prio;
	e->len[f] = len;
	return 1;
}

/* field_set_len() for a value of unknown length. */
static int
field_set(struct feed_entry *e, enum feed_field f, int prio, char *value)
{
	return field_set_len(e, f, prio, value, 0);
}

/* Dates differ from text fields: of two at the same priority the later
 * one wins (an entry's second <updated> corrects its first). */
static void
date_set(struct feed_entry *e, enum feed_field f, int prio, time_t t)
{
	if (e->prio[f] > prio)
		return;
	e->prio[f] = (unsigned char)prio;
	if (f == FEED_PUBLISHED) {
		e->published = t;
		e->has_published = 1;
	} else {
		e->updated = t;
		e->has_updated = 1;
	}
}

static struct feed_link *
link_add(struct feed_entry *e)
{
	struct feed_link *l;

	e->links = xreallocarray(e->links, e->nlinks + 1, sizeof(*e->links));
	l = &e->links[e->nlinks++];
	memset(l, 0, sizeof(*l));
	l->length = -1;
	return l;
}

static void
enclosure_add(struct feed_entry *e, const char *url, const char *type,
    const char *length)
{
	struct feed_enclosure *n;
	char	*end;

	e->enclosures = xreallocarray(e->enclosures, e->nenclosures + 1,
	    sizeof(*e->enclosures));
	n = &e->enclosures[e->nenclosures++];
	n->url = xstrdup(url);
	n->type = type ? xstrdup(type) : NULL;
	n->length = -1;
	if (length != NULL) {
		long long v = strtoll(length, &end, 10);

		if (end != length && v >= 0)
			n->length = v;
	}
}

/* Add an author with priority prio: a higher priority source replaces
 * the list, an equal one adds to it.  Takes ownership of the strings. */
static void
author_add(struct feed_entry *e, int prio, char *name, char *email,
    char *uri)
{
	struct feed_person *a;

	if (prio < e->prio[FEED_AUTHORS] ||
	    (name == NULL && email == NULL && uri == NULL)) {
		free(name);
		free(email);
		free(uri);
		return;
	}
	if (prio > e->prio[FEED_AUTHORS]) {
		feed_entry_truncate(e, e->nlinks, e->ncategories, 0,
		    e->nenclosures);
		e->prio[FEED_AUTHORS] = (unsigned char)prio;
	}
	e->authors = xreallocarray(e->authors, e->nauthors + 1,
	    sizeof(*e->authors));
	a = &e->authors[e->nauthors++];
	a->name = name;
	a->email = email;
	a->uri = uri;
}

/* Add category s (ownership taken; NULL or empty: nothing). */
static void
category_take(struct feed_entry *e, char *s)
{
	if (s == NULL || *s == '\0') {
		free(s);
		return;
	}
	e->categories = xreallocarray(e->categories, e->ncategories + 1,
	    sizeof(char *));
	e->categories[e->ncategories++] = s;
}

static void
category_add(struct feed_entry *e, const char *s)
{
	if (s != NULL && *s != '\0')
		category_take(e, xstrdup(s));
}

/* uri_resolve(base, ref) taking ownership of ref, which is returned as it
 * is when there is nothing to resolve (what uri_resolve would copy). */
static char *
resolve_take(const char *base, char *ref)
{
	char	*abs;

	if (base == NULL || *base == '\0' || uri_is_absolute(ref))
		return ref;
	abs = uri_resolve(base, ref);
	free(ref);
	return abs;
}

/* isspace() of the C locale, without a call: whatever the user's
 * locale, feed text is trimmed of ASCII white space only. */
static inline int
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Returns an allocated copy of s[0..n) without surrounding whitespace, or
 * NULL when nothing is left. */
static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)*s))
		s++, n--;
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

/*
 * Split an RSS-style author ("jo@example.com (Jo Doe)", "Jo Doe
 * <jo@example.com>", "Jo Doe", "jo@example.com") and add it.  Takes
 * ownership of s.
 */
static void
author_parse(struct feed_entry *e, int prio, char *s)
{
	char	*name = NULL, *email = NULL, *at, *b, *k;

	if ((at = strchr(s, '@')) != NULL) {
		/* The e-mail is the run of non-space, non-bracket characters
		 * around the '@'. */
		for (b = at; b > s && !isspace((unsigned char)b[-1]) &&
		    !strchr("<([\"", b[-1]); b--)
			;
		for (k = at; *k && !isspace((unsigned char)*k) &&
		    !strchr(">)]\"", *k); k++)
			;
		if (strchr(at + 1, '.') != NULL || k > at + 1) {
			char	*rest, *r;
			size_t	 n;

			email = xstrndup(b, (size_t)(k - b));
			if (strncasecmp(email, "mailto:", 7) == 0)
				memmove(email, email + 7, strlen(email) - 6);
			/* The name is what remains, without brackets. */
			n = strlen(s);
			rest = xmalloc(n + 1);
			memcpy(rest, s, (size_t)(b - s));
			memcpy(rest + (b - s), k, n - (size_t)(k - s) + 1);
			for (r = rest; *r; r++)
				if (strchr("<>()[]\"", *r))
					*r = ' ';
			name = trimmed(rest, strlen(rest));
			free(rest);
			author_add(e, prio, name, email, NULL);
			free(s);
			return;
		}
	}
	author_add(e, prio, s, NULL, NULL);
}

/* Decode base64 in place (whitespace ignored); returns 0 or -1. */
static int
base64_decode(struct buf *b)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t		 i, o = 0;
	unsigned	 acc = 0;
	int		 bits = 0;

	for (i = 0; i < b->len; i++) {
		unsigned char	 c = (unsigned char)b->data[i];
		const char	*pos;

		if (isspace(c))
			continue;
		if (c == '=')
			break;
		if (c == '\0' || (pos = strchr(alphabet, c)) == NULL)
			return -1;
		acc = (acc << 6) | (unsigned)(pos - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b->data[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	b->len = o;
	b->data[o] = '\0';
	return 0;
}

/*
 * Text said to be base64 (a non-text media type) is decoded only when it
 * really is base64 of UTF-8 text: "type" attributes are often wrong, and
 * binary must never reach the screen.
 */
static void
base64_text(struct buf *b)
{
	struct buf	copy = { NULL, 0, 0 };

	if (b->len == 0)
		return;
	buf_append(&copy, b->data, b->len);
	if (base64_decode(&copy) == 0 && copy.len > 0 &&
	    text_valid_utf8(copy.data, copy.len)) {
		buf_free(b);
		*b = copy;
	} else
		buf_free(&copy);
}

/*
 * C1 control characters (U+0080-U+009F) in feed text are almost always
 * windows-1252 punctuation that went through a Latin-1 conversion ("don't"
 * with a U+0092): read them as windows-1252, as browsers do.
 */
static void
c1_repair(struct buf *b)
{
	static const char *const cp1252[32] = {
		"\xe2\x82\xac", NULL, "\xe2\x80\x9a", "\xc6\x92",
		"\xe2\x80\x9e", "\xe2\x80\xa6", "\xe2\x80\xa0", "\xe2\x80\xa1",
		"\xcb\x86", "\xe2\x80\xb0", "\xc5\xa0", "\xe2\x80\xb9",
		"\xc5\x92", NULL, "\xc5\xbd", NULL,
		NULL, "\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9c",
		"\xe2\x80\x9d", "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x80\x94",
		"\xcb\x9c", "\xe2\x84\xa2", "\xc5\xa1", "\xe2\x80\xba",
		"\xc5\x93", NULL, "\xc5\xbe", "\xc5\xb8"
	};
	char		*s = b->data, *end, *hit;
	struct buf	 out = { NULL, 0, 0 };
	size_t		 from = 0;

	if (s == NULL)
		return;
	end = s + b->len;
	for (hit = memchr(s, 0xc2, b->len); hit != NULL && hit + 1 < end;
	    hit = memchr(hit + 1, 0xc2, (size_t)(end - hit - 1))) {
		unsigned char	c = (unsigned char)hit[1];
		const char	*rep;

		if (c < 0x80 || c > 0x9f || (rep = cp1252[c - 0x80]) == NULL)
			continue;
		buf_append(&out, s + from, (size_t)(hit - s) - from);
		buf_puts(&out, rep);
		from = (size_t)(hit - s) + 2;
	}
	if (out.data == NULL)
		return;
	buf_append(&out, s + from, b->len - from);
	buf_free(b);
	*b = out;
}

/* ---- captures ------------------------------------------------------ */

/* Where the capture's text is once surrounding whitespace is left out:
 * returns its length (0: blank) and its start in *start. */
static size_t
text_trim(struct parse *p, size_t *start)
{
	struct buf	*b = &p->text;
	size_t		 i = 0, len = b->len;

	*start = 0;
	if (b->data == NULL)
		return 0;
	while (i < len && is_space((unsigned char)b->data[i]))
		i++;
	while (len > i && is_space((unsigned char)b->data[len - 1]))
		len--;
	*start = i;
	return len - i;
}

/*
 * The capture's text, trimmed, as an allocated string (NULL if blank),
 * and its length in *lenp.
 * Long texts (article bodies) hand over the buffer itself and the capture
 * goes on in another one, of the same size or one recycled from an entry
 * (entry_end): copying every body once more would cost as much as parsing
 * it.
 */
static char *
text_take(struct parse *p, size_t *lenp)
{
	struct buf	*b = &p->text;
	size_t		 start, len = text_trim(p, &start);
	char		*s;

	*lenp = len;
	if (len == 0)
		return NULL;
	if (len < 256)
		return xstrndup(b->data + start, len);
	if (start > 0)
		memmove(b->data, b->data + start, len);
	b->data[len] = '\0';
	s = b->data;
	if (p->nspare > 0) {
		p->nspare--;
		b->data = p->spare[p->nspare].data;
		b->size = p->spare[p->nspare].size;
	} else
		b->data = xmalloc(b->size);
	b->len = 0;
	b->data[0] = '\0';
	return s;
}

/*
 * After the callback: a long text it left in the entry (it did not take
 * it) becomes a buffer for the next captures instead of being freed, so
 * that a feed of long articles does not allocate and free two of them
 * per entry.  Only where the allocator says how large a block is.
 */
static void
text_recycle(struct parse *p, char **s)
{
#ifdef __GLIBC__
	size_t	n;

	if (*s == NULL || p->nspare == NSPARE)
		return;
	if ((n = malloc_usable_size(*s)) < 1024)
		return;
	p->spare[p->nspare].data = *s;
	p->spare[p->nspare].size = n;
	p->nspare++;
	*s = NULL;
#else
	(void)p;
	(void)s;
#endif
}

/* Does text need escaping at the current point of the capture?  Only in
 * XHTML, where the text is markup's text; children of an html or text
 * construct are the publisher's naked HTML, read as HTML (both reference
 * suites agree: "<div>&lt;p&gt;x</div>" in type="html" means "<p>x"). */
#define CAP_ESCAPES(p) ((p)->cap.mode == MODE_XHTML)

static void
text_escaped(struct buf *b, const char *s, size_t n, int quote)
{
	size_t	i, from = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quote ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		buf_append(b, s + from, i - from);
		buf_puts(b, rep);
		from = i + 1;
	}
	buf_append(b, s + from, n - from);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* The copy and the look for C1 of text_append for n of 33 or more, 32
 * bytes at a time, on the CPUs that can (see json.c). */
__attribute__((target("avx2"))) static int
append_avx2(char *d, const char *s, size_t n)
{
	const __m256i	 lead = _mm256_set1_epi8((char)0xc2);
	const __m256i	 top3 = _mm256_set1_epi8((char)0xe0);
	const __m256i	 c1hi = _mm256_set1_epi8((char)0x80);
	__m256i		 any = _mm256_setzero_si256(), v, w;
	size_t		 i;

	/* Byte i is C2 and byte i + 1 is 80 to 9F; the last 33 bytes are
	 * checked (and stored) once more from the end, so no byte is left
	 * to a slower loop.  Only the v blocks are stored on the way: the
	 * w ones overlap them, and a store one byte off alignment crosses
	 * a cache line every other time. */
	for (i = 0;; i += 32) {
		if (i + 33 > n)
			i = n - 33;
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		w = _mm256_loadu_si256((const __m256i *)(s + i + 1));
		_mm256_storeu_si256((__m256i *)(d + i), v);
		any = _mm256_or_si256(any, _mm256_and_si256(
		    _mm256_cmpeq_epi8(v, lead),
		    _mm256_cmpeq_epi8(_mm256_and_si256(w, top3), c1hi)));
		if (i + 33 >= n)
			break;
	}
	/* The loop ended at i = n - 33: w is the last 32 bytes. */
	_mm256_storeu_si256((__m256i *)(d + i + 1), w);
	return _mm256_movemask_epi8(any) != 0 || (unsigned char)s[n - 1] ==
	    0xc2;
}
#endif

/* Is there a C1 control in u[0..n), or a C2 at its end? */
static int
has_c1(const unsigned char *u, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (u[i] == 0xc2 && (i + 1 == n || (u[i + 1] & 0xe0) == 0x80))
			return 1;
	return 0;
}

/* Does the 8-byte word x have a byte C2?  (The test for a zero byte,
 * after an xor.) */
static inline int
word_has_c2(uint64_t x)
{
	x ^= 0xc2c2c2c2c2c2c2c2ULL;
	return ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL) !=
	    0;
}

/*
 * Append s[0..n) to b, and say whether it holds a C1 control (C2 80 to
 * C2 9F in UTF-8) for c1_repair to mend.  One pass does both: article
 * bodies are most of a feed's bytes, and looking for C1 in them again
 * afterwards cost as much as copying them.  A C2 that ends the piece
 * counts too (its next byte is in the next piece).  Expat hands text
 * over in pieces of a few bytes as often as not (every &lt; is one), so
 * short pieces are copied with a few fixed-size moves, no call.
 */
static int
text_append(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char		*d;

	if (b->size - b->len <= n)
		buf_grow(b, n);
	d = b->data + b->len;
	b->len += n;
	b->data[b->len] = '\0';
	if (n <= 16) {
		uint64_t q0, q1;

		memcpy_small(d, s, n);
		if (n < 8)	/* a character reference, a newline */
			return has_c1(u, n);
		memcpy(&q0, s, 8);
		memcpy(&q1, s + n - 8, 8);
		return (word_has_c2(q0) || word_has_c2(q1)) && has_c1(u, n);
	}
#if defined(__x86_64__) && defined(__GNUC__)
	if (n >= 64 && simd_have_avx2())
		return append_avx2(d, s, n);
#endif
	memcpy(d, s, n);
	return memchr(s, 0xc2, n) != NULL && has_c1(u, n);
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct parse	*p = ud;

	if (p->text.len + (size_t)len > MAX_ITEM_TEXT) {
		p->cap.truncated = 1;
		return;
	}
	if (p->cap.level == 0 && !p->cap.top_text) {
		int	i;

		for (i = 0; i < len; i++)
			if (!is_space((unsigned char)s[i])) {
				p->cap.top_text = 1;
				break;
			}
	}
	if (CAP_ESCAPES(p)) {
		text_escaped(&p->text, s, (size_t)len, 0);
		p->cap.c1 = 1;
	} else if (text_append(&p->text, s, (size_t)len))
		p->cap.c1 = 1;
}

static void XMLCALL
on_person_text(void *ud, const XML_Char *s, int len)
{
	struct parse	*p = ud;

	if (p->ptext.len < 4096)
		buf_append(&p->ptext, s, (size_t)len);
}

static int
is_void_element(const char *local)
{
	static const char *const v[] = { "area", "base", "br", "col",
	    "embed", "hr", "img", "input", "link", "meta", "param", "source",
	    "track", "wbr" };
	size_t	i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(local, v[i]) == 0)
			return 1;
	return 0;
}

/* The name to write for an element inside captured markup: XHTML's
 * prefix is dropped, anything else is kept as written. */
static const char *
markup_name(struct parse *p, const char *qname)
{
	const char	*local;

	if (qname_split(p, qname, &local) == NS_XHTML)
		return local;
	return qname;
}

/* A child element inside a capture: serialize its start tag. */
static void
cap_child_start(struct parse *p, const char *qname, const XML_Char **atts)
{
	const char	*name = markup_name(p, qname);

	if (p->cap.level == 0) {
		p->cap.top_children++;
		if (p->cap.top_children == 1 && !p->cap.top_text &&
		    strcmp(name, "div") == 0)
			p->cap.first_div = 1;
	}
	buf_putc(&p->text, '<');
	buf_puts(&p->text, name);
	for (; atts[0] != NULL; atts += 2) {
		if (strncmp(atts[0], "xmlns", 5) == 0 &&
		    (atts[0][5] == '\0' || atts[0][5] == ':'))
			continue;
		buf_putc(&p->text, ' ');
		buf_puts(&p->text, atts[0]);
		buf_puts(&p->text, "=\"");
		text_escaped(&p->text, atts[1], strlen(atts[1]), 1);
		p->cap.c1 = 1;
		buf_putc(&p->text, '"');
	}
	if (is_void_element(name))
		buf_puts(&p->text, " />");
	else
		buf_putc(&p->text, '>');
	if (p->cap.level == 0 && p->cap.first_div &&
	    p->cap.top_children == 1)
		p->cap.div_start = p->text.len;
	p->cap.level++;
}

static void
cap_child_end(struct parse *p, const char *qname)
{
	const char	*name = markup_name(p, qname);

	p->cap.level--;
	if (p->cap.level == 0 && p->cap.first_div &&
	    p->cap.top_children == 1)
		p->cap.div_end = p->text.len;
	if (is_void_element(name))
		return;
	buf_puts(&p->text, "</");
	buf_puts(&p->text, name);
	buf_putc(&p->text, '>');
}

/* Text-construct mode from Atom's type and mode attributes. */
static enum cap_mode
text_mode(const char *type, const char *mode)
{
	if (mode != NULL) {
		if (strcmp(mode, "base64") == 0)
			return MODE_BASE64;
		if (strcmp(mode, "escaped") == 0)
			return MODE_TEXT;
	}
	if (type == NULL || strcmp(type, "text") == 0 ||
	    strcmp(type, "html") == 0)
		return MODE_TEXT;
	if (strcmp(type, "xhtml") == 0 || strstr(type, "xhtml") != NULL)
		return MODE_XHTML;
	if (strncmp(type, "text/", 5) == 0 || strstr(type, "xml") != NULL)
		return MODE_TEXT;
	/* Other media types are base64 (Atom 1.0 says so for <content>;
	 * feeds use it in every text construct).  base64_text() still
	 * keeps the text if it does not decode to text. */
	return MODE_BASE64;
}

static void
cap_begin(struct parse *p, struct feed_entry *target, enum cap_kind kind,
    enum feed_field field, int prio, const char *base)
{
	memzero_small(&p->cap, sizeof(p->cap));
	p->cap.active = 1;
	p->cap.target = target;
	p->cap.kind = kind;
	p->cap.field = field;
	p->cap.prio = prio;
	p->cap.mode = MODE_TEXT;
	p->cap.base = base;
	buf_clear(&p->text);
	XML_SetCharacterDataHandler(p->xp, on_text);
}

/* Free what the capture owns. */
static void
cap_free(struct capture *c)
{
	if (c->own_base != NULL)
		free(c->own_base);
	if (c->rel != NULL)
		free(c->rel);
	if (c->type != NULL)
		free(c->type);
	if (c->title != NULL)
		free(c->title);
	c->base = c->own_base = c->rel = c->type = c->title = NULL;
}

/* The capture's element ended: turn its text into a value. */
static void
cap_end(struct parse *p)
{
	struct capture	*c = &p->cap;
	struct feed_entry *e = c->target;
	char		*v;
	size_t		 vlen;
	time_t		 t;

	XML_SetCharacterDataHandler(p->xp, NULL);
	if (p->nframes > 0 && p->frames[p->nframes - 1].ctx == CTX_PERSON)
		XML_SetCharacterDataHandler(p->xp, on_person_text);
	c->active = 0;
	if (c->truncated)
		parse_error(p, 0, "text longer than %u bytes truncated",
		    MAX_ITEM_TEXT);
	if (c->mode == MODE_BASE64) {
		base64_text(&p->text);
		c->c1 = 1;	/* decoded bytes were never looked at */
	}
	if (c->first_div && c->top_children == 1 && p->text.data != NULL &&
	    !c->top_text && c->div_end >= c->div_start) {
		memmove(p->text.data, p->text.data + c->div_start,
		    c->div_end - c->div_start);
		p->text.len = c->div_end - c->div_start;
		p->text.data[p->text.len] = '\0';
	}
	if (c->c1)
		c1_repair(&p->text);
	if (c->kind == CAP_DATE_PUB || c->kind == CAP_DATE_UPD ||
	    c->kind == CAP_DATE_BOTH) {
		/* Read where it is: a date is not kept as text. */
		size_t	 start, n = text_trim(p, &start);
		/* An empty date has no buffer yet: NULL + 0 is undefined. */
		const char *d = n > 0 ? p->text.data + start : "";

		if (n > 0 && date_parse(d, n, &t) == 0) {
			if (c->kind != CAP_DATE_UPD)
				date_set(e, FEED_PUBLISHED, c->prio, t);
			if (c->kind != CAP_DATE_PUB)
				date_set(e, FEED_UPDATED, c->prio, t);
		} else if (n > 0)
			parse_error(p, 0, "unparseable date \"%.*s\"",
			    n < 60 ? (int)n : 60, d);
		cap_free(c);
		return;
	}
	v = text_take(p, &vlen);

	switch (c->kind) {
	case CAP_URL:
	case CAP_RSS_LINK:
		if (v != NULL) {
			char *r = resolve_take(c->base, v);

			if (r != v)
				vlen = strlen(r);
			v = r;
		}
		if (c->kind == CAP_RSS_LINK && (v != NULL || c->link_attrs)) {
			/* A text link: RSS's, or Atom 0.3 written loosely. */
			struct feed_link *l = link_add(e);

			l->href = v ? xstrndup(v, vlen) : xstrdup("");
			l->rel = c->rel ? xstrdup(c->rel) :
			    xstrndup("alternate", 9);
			l->type = c->type ? xstrdup(c->type) :
			    xstrndup("text/html", 9);
			l->title = c->title ? xstrdup(c->title) : NULL;
			if (strcmp(l->rel, "alternate") != 0) {
				free(v);
				v = NULL;
			}
		}
		if (v != NULL)
			field_set_len(e, c->field, c->prio, v, vlen);
		break;
	case CAP_FIELD:
		if (v != NULL)
			field_set_len(e, c->field, c->prio, v, vlen);
		break;
	case CAP_DATE_PUB:
	case CAP_DATE_UPD:
	case CAP_DATE_BOTH:
		break;		/* above */
	case CAP_CATEGORY:
		category_take(e, v);
		break;
	case CAP_KEYWORDS:
		if (v != NULL) {
			char *k, *save = NULL, *kw;

			for (k = strtok_r(v, ",", &save); k != NULL;
			    k = strtok_r(NULL, ",", &save)) {
				kw = trimmed(k, strlen(k));
				category_take(e, kw);
			}
		}
		free(v);
		break;
	case CAP_AUTHOR:
		if (v != NULL)
			author_parse(e, c->prio, v);
		break;
	case CAP_GUID:
		if (v == NULL)
			break;
		if (c->permalink && e->prio[FEED_LINK] == 0) {
			/* A permalink guid is the link when there is none;
			 * priority 1 lets a later <link> replace it. */
			field_set(e, FEED_LINK, 1, uri_resolve(c->base, v));
		}
		field_set_len(e, FEED_ID, c->prio, v, vlen);
		break;
	case CAP_PERSON_NAME:
		free(p->person.name);
		p->person.name = v;
		break;
	case CAP_PERSON_EMAIL:
		free(p->person.email);
		p->person.email = v;
		break;
	case CAP_PERSON_URI:
		free(p->person.uri);
		p->person.uri = v ? resolve_take(c->base, v) : NULL;
		break;
	}
	cap_free(c);
}

/* ---- structure ----------------------------------------------------- */

static struct frame *
frame_push(struct parse *p, enum ctx ctx, struct feed_entry *target,
    const char *xmlbase)
{
	struct frame	*f, *up;

	if (p->nframes == MAX_FRAMES)
		return NULL;
	up = p->nframes ? &p->frames[p->nframes - 1] : NULL;
	f = &p->frames[p->nframes++];
	memzero_small(f, sizeof(*f));
	f->ctx = ctx;
	f->depth = p->depth;
	f->target = target;
	f->qname = p->qnames.len;
	buf_append(&p->qnames, p->qname, strlen(p->qname) + 1);
	if (xmlbase != NULL) {
		f->base = uri_resolve(up ? up->base : p->base, xmlbase);
		f->own_base = 1;
	} else
		f->base = up ? up->base : p->base;
	return f;
}

static void
frame_pop(struct parse *p)
{
	struct frame	*f = &p->frames[--p->nframes];

	if (f->own_base)
		free(f->base);
	p->qnames.len = f->qname;
}

/* The base for an element with attributes atts inside frame f; returns an
 * allocated string when the element has its own xml:base, else f's. */
static const char *
element_base(struct parse *p, struct frame *f, const XML_Char **atts,
    char **owned)
{
	const char	*xb = attr_get(p, atts, NS_XML, "base");

	*owned = NULL;
	if (xb == NULL)
		return f ? f->base : p->base;
	*owned = uri_resolve(f ? f->base : p->base, xb);
	return *owned;
}

/* An Atom <link> (it has href): links, the main link, enclosures. */
static void
atom_link(struct parse *p, struct feed_entry *e, const XML_Char **atts,
    const char *base)
{
	const char	*href = attr_get(p, atts, NS_NONE, "href");
	const char	*rel = attr_get(p, atts, NS_NONE, "rel");
	const char	*type = attr_get(p, atts, NS_NONE, "type");
	const char	*title = attr_get(p, atts, NS_NONE, "title");
	const char	*length = attr_get(p, atts, NS_NONE, "length");
	struct feed_link *l;
	char		*abs, *v;

	if ((v = trimmed(href, strlen(href))) == NULL)
		v = xstrdup("");
	abs = uri_resolve(base, v);
	free(v);
	if (rel == NULL || *rel == '\0')
		rel = "alternate";
	l = link_add(e);
	l->href = abs;
	l->rel = xstrdup(rel);
	l->type = type ? xstrdup(type) : NULL;
	l->title = title ? xstrdup(title) : NULL;
	if (length != NULL)
		l->length = strtoll(length, NULL, 10);
	if (type == NULL && strcmp(rel, "self") == 0 &&
	    (p->format == FEED_FORMAT_ATOM10 || p->format == FEED_FORMAT_ATOM03))
		l->type = xstrdup("application/atom+xml");
	/* An explicit href beats a text <link> (RSS feeds that carry both
	 * usually put the canonical one in the attribute). */
	if (strcmp(rel, "alternate") == 0)
		field_set(e, FEED_LINK, 4, xstrdup(abs));
	else if (strcmp(rel, "enclosure") == 0)
		enclosure_add(e, abs, type, length);
}

/* Is v "false", in any case?  (isPermaLink, on every RSS item.) */
static int
is_false(const char *v)
{
	return (v[0] | 0x20) == 'f' && (v[1] | 0x20) == 'a' &&
	    (v[2] | 0x20) == 'l' && (v[3] | 0x20) == 's' &&
	    (v[4] | 0x20) == 'e' && v[5] == '\0';
}

/* Start of an element directly inside the feed or an entry. */
static void
start_item_child(struct parse *p, struct frame *f, enum tag tag,
    const XML_Char **atts)
{
	struct feed_entry *e = f->target;
	int		 feed = f->ctx == CTX_FEED;
	const char	*type, *mode, *v;
	char		*owned;
	const char	*base = element_base(p, f, atts, &owned);
	enum cap_kind	 kind = CAP_FIELD;
	enum feed_field	 field = FEED_TITLE;
	int		 prio = 3;
	int		 textconstruct = 0;

	switch (tag) {
	case T_TITLE:
		textconstruct = 1;
		break;
	case T_DC_TITLE:
		prio = 2;
		break;
	case T_MEDIA_TITLE:
		prio = 1;
		break;
	case T_DESCRIPTION:
	case T_SUMMARY:
	case T_SUBTITLE:
	case T_TAGLINE:
		field = FEED_SUMMARY;
		textconstruct = 1;
		/* An RSS item with both <description> and <summary>: the
		 * second is the longer text. */
		if (!feed && e->prio[FEED_SUMMARY] == 3 &&
		    e->prio[FEED_CONTENT] == 0)
			field = FEED_CONTENT;
		break;
	case T_INFO:
		field = FEED_SUMMARY;
		textconstruct = 1;
		prio = 1;
		break;
	case T_DC_DESCRIPTION:
	case T_ITUNES_SUMMARY:
	case T_ITUNES_SUBTITLE:
		field = FEED_SUMMARY;
		prio = tag == T_DC_DESCRIPTION ? 2 : 1;
		break;
	case T_MEDIA_DESCRIPTION:
	case T_FB_BROWSERFRIENDLY:
		field = FEED_SUMMARY;
		prio = 1;
		break;
	case T_ITUNES_KEYWORDS:
	case T_TAGS:
		kind = CAP_KEYWORDS;
		break;
	case T_CONTENT:
		field = FEED_CONTENT;
		textconstruct = 1;
		break;
	case T_CONTENT_ENCODED:
		field = FEED_CONTENT;
		break;
	case T_BODY:
	case T_FULLITEM:
	case T_XHTML_BODY:
	case T_XHTML_DIV:
		field = FEED_CONTENT;
		prio = 2;
		break;
	case T_LINK:
		if (attr_get(p, atts, NS_NONE, "href") != NULL) {
			atom_link(p, e, atts, base);
			goto skip;
		}
		kind = CAP_RSS_LINK;
		field = FEED_LINK;
		break;
	case T_WEBMASTER:
		kind = CAP_AUTHOR;
		prio = 1;
		break;
	case T_FB_ORIGLINK:
		kind = CAP_URL;
		field = FEED_LINK;
		prio = 5;
		break;
	case T_ID:
		/* Atom ids are IRIs: a relative one is read against xml:base,
		 * as the spec's readers do. */
		kind = CAP_URL;
		field = FEED_ID;
		break;
	case T_GUID:
		kind = CAP_GUID;
		field = FEED_ID;
		break;
	case T_DC_IDENTIFIER:
		field = FEED_ID;
		prio = 1;
		break;
	case T_RIGHTS:
	case T_COPYRIGHT:
		field = FEED_RIGHTS;
		textconstruct = 1;
		break;
	case T_DC_RIGHTS:
		field = FEED_RIGHTS;
		prio = 2;
		break;
	case T_GENERATOR:
		field = FEED_GENERATOR;
		break;
	case T_LANGUAGE:
		field = FEED_LANGUAGE;
		break;
	case T_DC_LANGUAGE:
		field = FEED_LANGUAGE;
		prio = 2;
		break;
	case T_COMMENTS:
		kind = CAP_URL;
		field = FEED_COMMENTS;
		break;
	case T_PUBDATE:
	case T_PUBLISHED:
	case T_ISSUED:
		kind = CAP_DATE_PUB;
		break;
	case T_CREATED:
	case T_DCT_CREATED:
		kind = CAP_DATE_PUB;
		prio = 1;
		break;
	case T_DCT_ISSUED:
		kind = CAP_DATE_PUB;
		prio = 2;
		break;
	case T_UPDATED:
	case T_MODIFIED:
	case T_LASTBUILDDATE:
		kind = CAP_DATE_UPD;
		break;
	case T_DCT_MODIFIED:
		kind = CAP_DATE_UPD;
		prio = 2;
		break;
	case T_DC_DATE:
		kind = CAP_DATE_BOTH;
		prio = 1;
		break;
	case T_CATEGORY:
		if ((v = attr_get(p, atts, NS_NONE, "term")) != NULL ||
		    (v = attr_get(p, atts, NS_NONE, "label")) != NULL) {
			category_take(e, trimmed(v, strlen(v)));
			goto skip;
		}
		kind = CAP_CATEGORY;
		break;
	case T_DC_SUBJECT:
	case T_MEDIA_CATEGORY:
		kind = CAP_CATEGORY;
		break;
	case T_ITUNES_CATEGORY:
		if ((v = attr_get(p, atts, NS_NONE, "text")) != NULL)
			category_add(e, v);
		/* Subcategories are nested inside: look at them too. */
		if (frame_push(p, f->ctx, e, NULL) == NULL)
			goto skip;
		free(owned);
		return;
	case T_AUTHOR:
	case T_DC_CREATOR:
	case T_DC_AUTHOR:
	case T_ITUNES_AUTHOR:
	case T_MANAGINGEDITOR: {
		struct frame *pf;

		if (tag == T_AUTHOR)
			prio = 3;
		else if (tag == T_MANAGINGEDITOR || tag == T_ITUNES_AUTHOR)
			prio = 1;
		else
			prio = 2;
		/* An author may be an Atom person (children) or RSS text;
		 * which one shows only inside, so collect both. */
		if ((pf = frame_push(p, CTX_PERSON, e, NULL)) == NULL)
			goto skip;
		if (owned != NULL) {
			pf->base = owned;
			pf->own_base = 1;
		}
		pf->person_prio = prio;
		buf_clear(&p->ptext);
		memset(&p->person, 0, sizeof(p->person));
		XML_SetCharacterDataHandler(p->xp, on_person_text);
		return;
	}
	case T_ENCLOSURE:
		if ((v = attr_get(p, atts, NS_NONE, "url")) != NULL) {
			char *t = trimmed(v, strlen(v)), *abs;
			struct feed_link *l;

			if (t == NULL)
				goto skip;
			abs = uri_resolve(base, t);
			free(t);
			enclosure_add(e, abs, attr_get(p, atts, NS_NONE,
			    "type"), attr_get(p, atts, NS_NONE, "length"));
			l = link_add(e);
			l->href = abs;
			l->rel = xstrdup("enclosure");
			if ((v = attr_get(p, atts, NS_NONE, "type")) != NULL)
				l->type = xstrdup(v);
			l->length = e->enclosures[e->nenclosures - 1].length;
		}
		goto skip;
	case T_MEDIA_GROUP:
		/* Transparent: its children describe the entry. */
		if (frame_push(p, f->ctx, e, NULL) == NULL)
			goto skip;
		free(owned);
		return;
	case T_IMAGE:
		if (!feed)
			goto skip;
		if (frame_push(p, CTX_IMAGE, e, NULL) == NULL)
			goto skip;
		free(owned);
		return;
	case T_LOGO:
	case T_ICON:
		if (!feed)
			goto skip;
		kind = CAP_URL;
		field = FEED_IMAGE_URL;
		prio = tag == T_LOGO ? 3 : 1;
		break;
	case T_ITUNES_IMAGE:
		if (feed && (v = attr_get(p, atts, NS_NONE, "href")) != NULL)
			field_set(e, FEED_IMAGE_URL, 2, uri_resolve(base, v));
		goto skip;
	case T_ITEM:
	case T_ENTRY:
		/* Handled by the caller. */
		goto skip;
	default:
		goto skip;
	}

	cap_begin(p, e, kind, field, prio, base);
	/* An xml:base of the element's own goes with the capture. */
	p->cap.own_base = owned;
	owned = NULL;
	if (tag == T_GUID) {
		v = attr_get(p, atts, NS_NONE, "isPermaLink");
		p->cap.permalink = v == NULL || !is_false(v);
	}
	if (tag == T_XHTML_BODY || tag == T_XHTML_DIV)
		p->cap.mode = MODE_XHTML;
	if (tag == T_LINK) {
		const char *rel = attr_get(p, atts, NS_NONE, "rel");
		const char *ty = attr_get(p, atts, NS_NONE, "type");
		const char *ti = attr_get(p, atts, NS_NONE, "title");

		p->cap.rel = rel && *rel ? xstrdup(rel) : NULL;
		p->cap.type = ty ? xstrdup(ty) : NULL;
		p->cap.title = ti ? xstrdup(ti) : NULL;
		/* Any attribute, or an Atom document, makes it a link
		 * even without text. */
		p->cap.link_attrs = atts[0] != NULL ||
		    p->format == FEED_FORMAT_ATOM10 ||
		    p->format == FEED_FORMAT_ATOM03;
	}
	if (textconstruct) {
		type = attr_get(p, atts, NS_NONE, "type");
		mode = attr_get(p, atts, NS_NONE, "mode");
		p->cap.mode = text_mode(type, mode);
	}
	free(owned);
	return;
skip:
	free(owned);
	p->skip = 1;
}

/* Start of the root element: the format. */
static void
start_root(struct parse *p, enum ns ns, enum tag tag, const char *local,
    const XML_Char **atts)
{
	const char	*v, *xb = attr_get(p, atts, NS_XML, "base");
	const char	*lang = attr_get(p, atts, NS_XML, "lang");
	struct frame	*f = NULL;

	switch (tag) {
	case T_RSS:
		v = attr_get(p, atts, NS_NONE, "version");
		if (v == NULL)
			p->format = FEED_FORMAT_RSS20;
		else if (strcmp(v, "0.91") == 0)
			p->format = FEED_FORMAT_RSS091;
		else if (strcmp(v, "0.92") == 0)
			p->format = FEED_FORMAT_RSS092;
		else if (strcmp(v, "0.90") == 0)
			p->format = FEED_FORMAT_RSS090;
		else
			p->format = FEED_FORMAT_RSS20;
		f = frame_push(p, CTX_DOC, &p->info, xb);
		break;
	case T_RDF_RDF:
		p->format = resolve_prefix(p, "", 0) == NS_RSS090 ?
		    FEED_FORMAT_RSS090 : FEED_FORMAT_RSS10;
		f = frame_push(p, CTX_DOC, &p->info, xb);
		break;
	case T_FEED:
		v = attr_get(p, atts, NS_NONE, "version");
		if (ns == NS_ATOM03 || (v != NULL && strcmp(v, "0.3") == 0))
			p->format = FEED_FORMAT_ATOM03;
		else
			p->format = FEED_FORMAT_ATOM10;
		f = frame_push(p, CTX_FEED, &p->info, xb);
		break;
	case T_CHANNEL:
		p->format = FEED_FORMAT_RSS20;
		f = frame_push(p, CTX_FEED, &p->info, xb);
		break;
	default:
		if (strcasecmp(local, "html") == 0)
			parse_error(p, 0, "this is an HTML page, not a feed");
		else
			parse_error(p, 0, "not a feed: the root element is "
			    "<%s>", local);
		p->skip = 1;
		return;
	}
	if (f != NULL && lang != NULL && *lang != '\0') {
		char *l = xstrdup(lang), *u;

		for (u = l; *u; u++)
			if (*u == '_')
				*u = '-';
		field_set(&p->info, FEED_LANGUAGE, 1, l);
	}
}

static void
entry_begin(struct parse *p, const XML_Char **atts)
{
	/* Out of an entry, the entry is clear already (entry_end and
	 * parse_restart see to it). */
	if (p->in_entry)
		feed_entry_clear(&p->entry);
	p->in_entry = 1;
	if (frame_push(p, CTX_ENTRY, &p->entry,
	    attr_get(p, atts, NS_XML, "base")) == NULL) {
		p->in_entry = 0;
		p->skip = 1;
	}
}

/*
 * An entry just ended: remember where, and what state to return to, so
 * that a rejected document can resume from here (parse_restart).  Input
 * before this point is no longer needed.
 */
static void
safe_point(struct parse *p)
{
	struct feed_entry *f = &p->info;
	size_t		 nb = p->nbindings;

	/* We are inside the entry's end tag: its bindings, frame and
	 * depth are about to go. */
	while (nb > 0 && p->bindings[nb - 1].depth >= p->depth)
		nb--;
	p->safe.pos = (unsigned long long)XML_GetCurrentByteIndex(p->xp) +
	    (unsigned long long)XML_GetCurrentByteCount(p->xp);
	p->safe.line = p->line_offset +
	    (unsigned long)XML_GetCurrentLineNumber(p->xp);
	p->safe.depth = p->depth - 1;
	p->safe.nframes = p->nframes - 1;
	p->safe.nbindings = nb;
	p->safe.nerrors = p->nerrors;
	p->safe.nunbound = p->nunbound;
	p->safe.nlinks = f->nlinks;
	p->safe.ncategories = f->ncategories;
	p->safe.nauthors = f->nauthors;
	p->safe.nenclosures = f->nenclosures;
}

static void
entry_end(struct parse *p)
{
	struct feed_entry *e = &p->entry;

	/* An entry with only content still has a summary to show. */
	if (e->summary == NULL && e->content != NULL) {
		e->len[FEED_SUMMARY] = feed_len(e, FEED_CONTENT, e->content);
		e->summary = xmalloc(e->len[FEED_SUMMARY] + 1);
		memcpy(e->summary, e->content, e->len[FEED_SUMMARY] + 1);
	}
	p->in_entry = 0;
	p->nentries++;
	if (p->trusting)
		safe_point(p);
	p->fn(p->fnarg, &p->entry);
	text_recycle(p, &e->content);
	text_recycle(p, &e->summary);
	feed_entry_clear(&p->entry);
}

static void
person_end(struct parse *p, struct frame *f)
{
	struct feed_person *a = &p->person;

	if (a->name == NULL && a->email == NULL && a->uri == NULL) {
		char *t = trimmed(p->ptext.data ? p->ptext.data : "",
		    p->ptext.len);

		if (t != NULL) {
			struct buf tmp = { t, strlen(t), strlen(t) + 1 };

			c1_repair(&tmp);
			author_parse(f->target, f->person_prio,
			    tmp.data);
		}
	} else
		author_add(f->target, f->person_prio, a->name, a->email,
		    a->uri);
	memset(a, 0, sizeof(*a));
	buf_clear(&p->ptext);
}

static void XMLCALL
on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
	struct parse	*p = ud;
	struct frame	*f;
	const XML_Char	**a;
	const char	*local;
	enum ns		 ns;
	enum tag	 tag = T_UNKNOWN;

	/* Namespace declarations first: they apply to this element. */
	for (a = atts; a[0] != NULL; a += 2)
		if (a[0][0] == 'x' && strncmp(a[0], "xmlns", 5) == 0) {
			if (a[0][5] == '\0')
				bind(p, "", a[1]);
			else if (a[0][5] == ':')
				bind(p, a[0] + 6, a[1]);
		}
	p->depth++;
	p->qname = qname;

	if (p->skip > 0) {
		p->skip++;
		return;
	}
	if (p->cap.active) {
		cap_child_start(p, qname, atts);
		return;
	}

	if (p->nframes > 0)
		ns = element_name(p, qname, &local, &tag);
	else
		ns = qname_split(p, qname, &local);
	if (p->nframes == 0 && ns == NS_OTHER && p->nbindings > 0) {
		/* A root in a namespace we do not know (a draft, a
		 * vendor's): read its vocabulary as RSS/Atom. */
		size_t i, plen = local > qname ? (size_t)(local - qname - 1) : 0;

		for (i = p->nbindings; i-- > 0;)
			if (p->bindings[i].plen == plen &&
			    memcmp(p->bindings[i].prefix, qname, plen) == 0) {
				p->bindings[i].ns = NS_NONE;
				p->qgen++;
				break;
			}
		ns = NS_NONE;
	}
	if (p->nframes == 0) {
		tag = tag_lookup(ns, local);
		start_root(p, ns, tag, local, atts);
		return;
	}
	f = &p->frames[p->nframes - 1];
	switch (f->ctx) {
	case CTX_DOC:
		if (tag == T_CHANNEL) {
			if (ns == NS_RSS090)
				p->format = FEED_FORMAT_RSS090;
			if (frame_push(p, CTX_FEED, &p->info,
			    attr_get(p, atts, NS_XML, "base")) == NULL)
				p->skip = 1;
		} else if (tag == T_ITEM)
			entry_begin(p, atts);
		else if (tag == T_IMAGE) {
			if (frame_push(p, CTX_IMAGE, &p->info, NULL) == NULL)
				p->skip = 1;
		} else
			p->skip = 1;
		break;
	case CTX_FEED:
		if (tag == T_ITEM || tag == T_ENTRY)
			entry_begin(p, atts);
		else
			start_item_child(p, f, tag, atts);
		break;
	case CTX_ENTRY:
		start_item_child(p, f, tag, atts);
		break;
	case CTX_PERSON: {
		char		*owned;
		const char	*base = element_base(p, f, atts, &owned);

		XML_SetCharacterDataHandler(p->xp, NULL);
		switch (tag) {
		case T_NAME:
			cap_begin(p, f->target, CAP_PERSON_NAME, 0, 0, base);
			break;
		case T_EMAIL:
			cap_begin(p, f->target, CAP_PERSON_EMAIL, 0, 0, base);
			break;
		case T_URI:
		case T_URL:
		case T_HOMEPAGE:
			cap_begin(p, f->target, CAP_PERSON_URI, 0, 0, base);
			break;
		default:
			XML_SetCharacterDataHandler(p->xp, on_person_text);
			p->skip = 1;
			break;
		}
		if (p->cap.active) {
			p->cap.own_base = owned;
			owned = NULL;
		}
		free(owned);
		break;
	}
	case CTX_IMAGE:
		if (tag == T_URL)
			cap_begin(p, f->target, CAP_URL, FEED_IMAGE_URL, 3,
			    f->base);
		else if (tag == T_TITLE)
			cap_begin(p, f->target, CAP_FIELD, FEED_IMAGE_TITLE, 3,
			    NULL);
		else if (tag == T_LINK)
			cap_begin(p, f->target, CAP_URL, FEED_IMAGE_LINK, 3,
			    f->base);
		else
			p->skip = 1;
		break;
	}
}

static void XMLCALL
on_end(void *ud, const XML_Char *qname)
{
	struct parse	*p = ud;

	if (p->skip > 0)
		p->skip--;
	else if (p->cap.active) {
		if (p->cap.level > 0)
			cap_child_end(p, qname);
		else
			cap_end(p);
	} else if (p->nframes > 0 &&
	    p->frames[p->nframes - 1].depth == p->depth) {
		struct frame *f = &p->frames[p->nframes - 1];

		if (f->ctx == CTX_ENTRY && f->target == &p->entry &&
		    (p->nframes < 2 || p->frames[p->nframes - 2].target !=
		    &p->entry))
			entry_end(p);
		else if (f->ctx == CTX_PERSON) {
			person_end(p, f);
			XML_SetCharacterDataHandler(p->xp, NULL);
		} else if (p->trusting && p->nframes <= p->safe.nframes) {
			/* An element open at the last boundary closes (the
			 * channel, after its items): that boundary could not
			 * be returned to any more, so this is the new one. */
			safe_point(p);
		}
		frame_pop(p);
	}
	/* Namespace bindings declared by this element end with it. */
	while (p->nbindings > 0 &&
	    p->bindings[p->nbindings - 1].depth == p->depth) {
		free(p->bindings[--p->nbindings].prefix);
		p->qgen++;
	}
	p->depth--;
}

/* An entity the document uses but never declared: HTML's, usually. */
static void XMLCALL
on_skipped_entity(void *ud, const XML_Char *name, int is_param)
{
	struct parse	*p = ud;
	const char	*v;

	if (is_param)
		return;
	v = entity_lookup(name, strlen(name));
	parse_error(p, 1, "undefined entity &%s;%s", name,
	    v ? " (read as HTML)" : "");
	if (!p->cap.active)
		return;
	if (v == NULL) {
		buf_putc(&p->text, '&');
		buf_puts(&p->text, name);
		buf_putc(&p->text, ';');
	} else if (CAP_ESCAPES(p))
		text_escaped(&p->text, v, strlen(v), 0);
	else
		buf_puts(&p->text, v);
	p->cap.c1 = 1;
}

/* The external DTD a document names (or our stand-in for documents with
 * none) is read as empty: we never fetch anything.  Reading it at all is
 * what makes expat report undefined entities instead of failing. */
static int XMLCALL
on_external_entity(XML_Parser xp, const XML_Char *context,
    const XML_Char *base, const XML_Char *system_id,
    const XML_Char *public_id)
{
	XML_Parser	sub;
	int		ok;

	(void)base;
	(void)system_id;
	(void)public_id;
	if (context != NULL)
		return XML_STATUS_OK;	/* general entities: leave out */
	if ((sub = XML_ExternalEntityParserCreate(xp, context, NULL)) == NULL)
		return XML_STATUS_ERROR;
	ok = XML_Parse(sub, "", 0, 1) == XML_STATUS_OK;
	XML_ParserFree(sub);
	return ok ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* ---- driving expat -------------------------------------------------- */

/* The decoder writes into expat's own buffer (XML_GetBuffer), and each
 * commit parses what it wrote: no copy between the two. */
static char *
xml_reserve(void *arg, size_t n)
{
	struct parse	*p = arg;
	void		*b;

	if (n > INT32_MAX / 2)
		fatal("decode piece too large (%zu bytes)", n);
	if (p->stopped) {
		/* Nothing more is parsed; give the decoder somewhere to
		 * write so that it can finish its chunk. */
		buf_clear(&p->scratch);
		buf_grow(&p->scratch, n);
		return p->scratch.data;
	}
	if ((b = XML_GetBuffer(p->xp, (int)n)) == NULL)
		fatal("out of memory (XML_GetBuffer %zu)", n);
	return b;
}

static void
xml_commit(void *arg, size_t n)
{
	struct parse	*p = arg;

	if (p->stopped || n == 0)
		return;
	if (XML_ParseBuffer(p->xp, (int)n, 0) != XML_STATUS_OK) {
		if (p->trusting && repairable(XML_GetErrorCode(p->xp)))
			parse_restart(p);
		else
			p->stopped = 1;
	}
}

/* Errors that the repairing path can mend (bad bytes, controls, bare '&'
 * or '<' all show up as these); others (a mismatched tag, a document cut
 * short) would only be met again. */
static int
repairable(enum XML_Error err)
{
	return err == XML_ERROR_INVALID_TOKEN ||
	    err == XML_ERROR_PARTIAL_CHAR || err == XML_ERROR_BAD_CHAR_REF;
}

/* After a restart the decoder's output goes through xmlfix first. */
static char *
fix_reserve(void *arg, size_t n)
{
	struct parse	*p = arg;

	buf_clear(&p->fixin);
	buf_grow(&p->fixin, n);
	return p->fixin.data;
}

static void
fix_feed(struct parse *p, const char *s, size_t n, int final)
{
	buf_clear(&p->fixout);
	xmlfix_run(p->fix, s, n, final, &p->fixout);
	if (p->stopped || p->fixout.len == 0)
		return;
	if (XML_Parse(p->xp, p->fixout.data, (int)p->fixout.len, 0) !=
	    XML_STATUS_OK)
		p->stopped = 1;
}

static void
fix_commit(void *arg, size_t n)
{
	struct parse	*p = arg;

	fix_feed(p, p->fixin.data, n, 0);
}

/*
 * Feed UTF-8 that nobody has checked straight to expat.  What
 * parse_restart may need again is the input after the last entry
 * boundary: while this push lasts that is partly the caller's own data,
 * so only the tail that outlives the push is copied.  inplace: s is in
 * expat's buffer already (parse_buffer), so it is parsed where it is.
 */
static void
push_trusting(struct parse *p, const char *s, size_t n, int inplace)
{
	const char	*start = s;
	size_t		 len = n;

	p->push_data = s;
	p->push_done = 0;
	if (inplace) {
		p->push_in_xp = 1;
		p->push_done = n;
		xml_commit(p, n);
		s += n;
		n = 0;
	}
	while (n > 0 && p->trusting && !p->stopped) {
		size_t	 k = n > 256 * 1024 ? 256 * 1024 : n;
		char	*dst = xml_reserve(p, k);

		memcpy(dst, s, k);
		p->push_done += k;
		xml_commit(p, k);
		s += k;
		n -= k;
	}
	/* After a restart the rest goes through the repairing path. */
	if (n > 0 && !p->trusting)
		charset_dec_run(p->dec, s, n, 0);
	if (p->trusting) {
		/* Keep input from the last boundary on, and no more. */
		if (p->safe.pos >= p->push_pos) {
			buf_clear(&p->replay);
			buf_append(&p->replay, start +
			    (p->safe.pos - p->push_pos),
			    len - (size_t)(p->safe.pos - p->push_pos));
			p->replay_pos = p->safe.pos;
		} else {
			size_t drop = (size_t)(p->safe.pos - p->replay_pos);

			if (drop > 0) {
				memmove(p->replay.data, p->replay.data + drop,
				    p->replay.len - drop);
				p->replay.len -= drop;
				p->replay_pos = p->safe.pos;
			}
			buf_append(&p->replay, start, len);
		}
	}
	p->push_pos += len;
	p->push_data = NULL;
	p->push_done = 0;
	p->push_in_xp = 0;
}

/*
 * Expat rejected the unchecked UTF-8: an invalid byte, a control
 * character, a bare '&' or '<'.  Go back to the last entry boundary,
 * reopen the elements that were open there in a new expat parser (with our
 * handlers off, so nothing is reported twice), and read the rest of the
 * document again through the decoder's repairs and xmlfix.  Entries
 * already delivered stay delivered; everything recorded after the
 * boundary is undone first.  Happens at most once per document.
 */
static void
parse_restart(struct parse *p)
{
	struct feed_entry *f = &p->info;
	struct charset_sink sink = { fix_reserve, fix_commit, p };
	struct buf	 open = { NULL, 0, 0 };
	struct buf	 held = { NULL, 0, 0 };
	enum XML_Error	 err = XML_GetErrorCode(p->xp);
	unsigned long	 line, col;
	size_t		 from;
	int		 i;

	line = p->line_offset + (unsigned long)XML_GetErrorLineNumber(p->xp);
	col = (unsigned long)XML_GetErrorColumnNumber(p->xp) + 1;
	p->trusting = 0;
	p->restarted = 1;

	/* Undo what happened after the boundary. */
	if (p->cap.active) {
		cap_free(&p->cap);
		memset(&p->cap, 0, sizeof(p->cap));
	}
	p->skip = 0;
	if (p->in_entry) {
		feed_entry_clear(&p->entry);
		p->in_entry = 0;
	}
	feed_person_clear(&p->person);
	while (p->nframes > p->safe.nframes)
		frame_pop(p);
	while (p->nbindings > p->safe.nbindings)
		free(p->bindings[--p->nbindings].prefix);
	p->qgen++;	/* and an unbound prefix is news again */
	while (p->nerrors > p->safe.nerrors)
		free(p->errors[--p->nerrors]);
	p->nerrors_dropped = 0;
	while (p->nunbound > p->safe.nunbound)
		free(p->unbound[--p->nunbound]);
	feed_entry_truncate(f, p->safe.nlinks, p->safe.ncategories,
	    p->safe.nauthors, p->safe.nenclosures);
	if (p->safe.nframes == 0) {
		/* No entry had ended: read the document from the top. */
		feed_entry_clear(f);
		p->format = FEED_FORMAT_UNKNOWN;
	}
	p->depth = p->safe.depth;
	p->wellformed = 0;
	if (p->nerrors < MAX_ERRORS) {
		p->errors = xreallocarray(p->errors, p->nerrors + 1,
		    sizeof(char *));
		p->errors[p->nerrors++] = xasprintf("line %lu, column %lu: "
		    "%s; read again from line %lu with repairs", line, col,
		    XML_ErrorString(err), p->safe.line ? p->safe.line : 1);
	}

	/* A new parser, inside the elements open at the boundary.  A push
	 * read into the old parser's buffer goes with it: keep a copy. */
	if (p->push_in_xp && p->push_data != NULL) {
		buf_append(&held, p->push_data, p->push_done);
		p->push_data = held.data;
	}
	XML_ParserFree(p->xp);
	xml_create(p);
	XML_SetElementHandler(p->xp, NULL, NULL);
	for (i = 0; i < p->safe.nframes; i++)
		buf_printf(&open, "<%s>", p->qnames.data +
		    p->frames[i].qname);
	if (open.len > 0 && XML_Parse(p->xp, open.data, (int)open.len, 0) !=
	    XML_STATUS_OK)
		p->stopped = 1;
	buf_free(&open);
	XML_SetElementHandler(p->xp, on_start, on_end);
	p->line_offset = p->safe.line > 0 ? p->safe.line - 1 : 0;

	/* Replay from the boundary through the repairs. */
	p->fix = xmlfix_new();
	charset_dec_free(p->dec);
	p->dec = charset_dec_new("utf-8", NULL, &sink);
	if (p->safe.pos < p->push_pos) {
		from = (size_t)(p->safe.pos - p->replay_pos);
		charset_dec_run(p->dec, p->replay.data + from,
		    p->replay.len - from, 0);
		from = 0;
	} else
		from = (size_t)(p->safe.pos - p->push_pos);
	if (p->push_data != NULL && p->push_done > from)
		charset_dec_run(p->dec, p->push_data + from,
		    p->push_done - from, 0);
	buf_free(&p->replay);
	if (p->push_in_xp) {
		p->push_data = NULL;
		p->push_done = 0;
	}
	buf_free(&held);
}

static void
xml_create(struct parse *p)
{
	/* The decoder always hands expat UTF-8, so the declaration's
	 * encoding must not be applied a second time. */
	p->xp = XML_ParserCreate("UTF-8");
	if (p->xp == NULL)
		fatal("out of memory (XML_ParserCreate)");
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetSkippedEntityHandler(p->xp, on_skipped_entity);
	XML_SetParamEntityParsing(p->xp,
	    XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE);
	XML_SetExternalEntityRefHandler(p->xp, on_external_entity);
	XML_UseForeignDTD(p->xp, XML_TRUE);
	/* Entity expansion ("billion laughs"): expat's default lets 8 MiB
	 * through before it starts checking; a feed needs far less. */
	XML_SetBillionLaughsAttackProtectionActivationThreshold(p->xp,
	    256 * 1024);
}

/* Report what the XML parser stopped on, if it did. */
static void
xml_report(struct parse *p)
{
	enum XML_Error	err = XML_GetErrorCode(p->xp);

	if (err == XML_ERROR_NONE)
		return;
	p->wellformed = 0;
	if (p->nerrors >= MAX_ERRORS) {
		p->nerrors_dropped++;
		return;
	}
	p->errors = xreallocarray(p->errors, p->nerrors + 1, sizeof(char *));
	p->errors[p->nerrors++] = xasprintf("line %lu, column %lu: %s",
	    p->line_offset + (unsigned long)XML_GetErrorLineNumber(p->xp),
	    (unsigned long)XML_GetErrorColumnNumber(p->xp) + 1,
	    XML_ErrorString(err));
}

struct parse *
parse_new(const char *base, const char *content_type, parse_entry_fn fn,
    void *arg)
{
	struct parse	*p;

	p = xcalloc(1, sizeof(*p));
	p->base = base ? xstrdup(base) : NULL;
	p->content_type = content_type ? xstrdup(content_type) : NULL;
	p->fn = fn;
	p->fnarg = arg;
	p->wellformed = 1;
	p->qgen = 1;
	tag_hash_init();
	xml_create(p);
	return p;
}

/* Decide the encoding from the held-back head and start decoding. */
static void
parse_start(struct parse *p, struct charset_guess *g)
{
	struct charset_sink sink = { xml_reserve, xml_commit, p };

	p->sniffed = 1;
	if (g->non_xml_type)
		parse_error(p, 1, "served as \"%s\", not as an XML type",
		    p->content_type);
	p->dec = charset_dec_new(g->label, *g->fallback ? g->fallback : NULL,
	    &sink);
	/* UTF-8 goes to expat unchecked (expat checks it anyway); only a
	 * document it rejects pays for the repairing decoder. */
	if (strcmp(charset_dec_label(p->dec), "utf-8") == 0 &&
	    !charset_dec_unknown(p->dec))
		p->trusting = 1;
	if (charset_dec_unknown(p->dec))
		parse_error(p, 1, "unknown encoding \"%s\", read as utf-8",
		    g->label);
	if (g->declared_ignored)
		parse_error(p, 0, "the HTTP charset overrides the encoding "
		    "the document declares");
}

/* The document ended, or the parser stopped on an error: report what
 * was repaired, and deliver an entry cut short by the error. */
static int
parse_finish(struct parse *p)
{
	size_t	n;

	p->finished = 1;
	xml_report(p);
	if (p->dec != NULL) {
		snprintf(p->encoding, sizeof(p->encoding), "%s",
		    charset_dec_label(p->dec));
		if (charset_dec_switched(p->dec))
			parse_error(p, 1, "the document is not us-ascii as its "
			    "type implies; read as %s", p->encoding);
		if ((n = charset_dec_invalid(p->dec)) > 0)
			parse_error(p, 1, "%zu invalid byte sequence%s for %s "
			    "replaced", n, n == 1 ? "" : "s", p->encoding);
		if ((n = charset_dec_controls(p->dec)) > 0)
			parse_error(p, 1, "%zu control character%s removed", n,
			    n == 1 ? "" : "s");
	}
	if (p->fix != NULL && (n = xmlfix_count(p->fix)) > 0)
		parse_error(p, 1, "%zu bare '&' or '<' escaped", n);
	if (p->nerrors_dropped > 0) {
		/* Replace the last message: the count must be seen. */
		free(p->errors[p->nerrors - 1]);
		p->errors[p->nerrors - 1] = xasprintf("... and %zu more "
		    "problems", p->nerrors_dropped + 1);
	}
	/* Keep what was read up to the error, the open text and entry too
	 * (a title whose end tag is misspelt is still a title).  An entry
	 * cut off is marked: its text or id may be incomplete, and the store
	 * must not let it replace a whole copy. */
	if (p->cap.active)
		cap_end(p);
	if (p->in_entry) {
		p->entry.truncated = 1;
		parse_error(p, 0, "the last entry was cut off by the error");
		entry_end(p);
	}
	return p->stopped ? -1 : 0;
}

/* Hand decoded input on: unchecked, or through the decoder (and, after a
 * restart, the markup repair). */
static void
parse_feed(struct parse *p, const char *data, size_t len, int final)
{
	if (p->trusting)
		push_trusting(p, data, len, 0);
	else
		charset_dec_run(p->dec, data, len, final);
	if (final && p->fix != NULL)
		fix_feed(p, NULL, 0, 1);
}

/* What follows every push: the end of the document, or of what could be
 * parsed of it. */
static int
push_end(struct parse *p, int final)
{
	if (final && !p->stopped &&
	    XML_Parse(p->xp, "", 0, 1) != XML_STATUS_OK) {
		if (p->trusting && repairable(XML_GetErrorCode(p->xp))) {
			/* Rejected at the very end: try the repairs. */
			parse_restart(p);
			parse_feed(p, NULL, 0, 1);
			if (!p->stopped &&
			    XML_Parse(p->xp, "", 0, 1) != XML_STATUS_OK)
				p->stopped = 1;
		} else
			p->stopped = 1;
	}
	if (final || p->stopped)
		return parse_finish(p);
	return 0;
}

int
parse_push(struct parse *p, const char *data, size_t len, int final)
{
	if (data == NULL)	/* a final push with no data: no NULL + 0 */
		data = "";
	p->room_xp = NULL;
	if (p->finished)
		return p->stopped ? -1 : 0;
	if (!p->sniffed) {
		struct charset_guess g;
		const char *h = data;
		size_t	 n = len;

		if (p->head.len > 0 || (!final && len < CHARSET_SNIFF_MAX)) {
			buf_append(&p->head, data, len);
			h = p->head.data;
			n = p->head.len;
		}
		if (!charset_sniff(h, n, final, p->content_type, &g))
			return 0;
		parse_start(p, &g);
		parse_feed(p, h + g.skip, n - g.skip, final);
		buf_free(&p->head);
	} else
		parse_feed(p, data, len, final);
	return push_end(p, final);
}

/*
 * Once the document is known to be UTF-8 and trusted, the caller reads
 * straight into expat's buffer (as XML_GetBuffer is meant to be used):
 * no copy of the input at all.  Before that, and after a restart, the
 * room is our own and the push is an ordinary parse_push.
 */
void *
parse_buffer(struct parse *p, size_t len)
{
	void	*b;

	p->room_xp = NULL;
	if (p->sniffed && p->trusting && !p->stopped && !p->finished &&
	    len > 0 && len <= INT32_MAX / 2) {
		if ((b = XML_GetBuffer(p->xp, (int)len)) == NULL)
			fatal("out of memory (XML_GetBuffer %zu)", len);
		p->room_xp = b;
		return b;
	}
	buf_clear(&p->room);
	buf_grow(&p->room, len);
	return p->room.data;
}

int
parse_push_buffer(struct parse *p, size_t n, int final)
{
	char	*b = p->room_xp;

	if (b == NULL)
		return parse_push(p, p->room.data, n, final);
	p->room_xp = NULL;
	push_trusting(p, b, n, 1);
	if (final && p->fix != NULL)
		fix_feed(p, NULL, 0, 1);
	return push_end(p, final);
}

struct feed_entry *
parse_feed_info(struct parse *p)
{
	return &p->info;
}

enum feed_format
parse_format(const struct parse *p)
{
	return p->format;
}

const char *
parse_encoding(const struct parse *p)
{
	return p->encoding;
}

int
parse_wellformed(const struct parse *p)
{
	return p->wellformed;
}

const char *const *
parse_errors(const struct parse *p, size_t *n)
{
	*n = p->nerrors;
	return (const char *const *)p->errors;
}

size_t
parse_nentries(const struct parse *p)
{
	return p->nentries;
}

void
parse_free(struct parse *p)
{
	size_t	i;

	if (p == NULL)
		return;
	if (p->xp != NULL)
		XML_ParserFree(p->xp);
	charset_dec_free(p->dec);
	while (p->nframes > 0)
		frame_pop(p);
	for (i = 0; i < p->nbindings; i++)
		free(p->bindings[i].prefix);
	free(p->bindings);
	for (i = 0; i < p->nerrors; i++)
		free(p->errors[i]);
	free(p->errors);
	for (i = 0; i < p->nunbound; i++)
		free(p->unbound[i]);
	cap_free(&p->cap);
	while (p->nspare > 0)
		free(p->spare[--p->nspare].data);
	feed_person_clear(&p->person);
	buf_free(&p->text);
	buf_free(&p->ptext);
	buf_free(&p->qnames);
	buf_free(&p->head);
	buf_free(&p->scratch);
	buf_free(&p->replay);
	buf_free(&p->fixin);
	buf_free(&p->fixout);
	buf_free(&p->room);
	xmlfix_free(p->fix);
	feed_entry_clear(&p->info);
	feed_entry_clear(&p->entry);
	free(p->base);
	free(p->content_type);
	free(p);
}
