/*
 * Character encodings of feed documents.  charset_sniff() decides, from the
 * first bytes of a document and the HTTP Content-Type, which encoding it is
 * in (BOM, UTF-16/32 patterns, the XML declaration, RFC 3023 rules), and a
 * charset_dec turns a byte stream in that encoding into UTF-8 for expat,
 * chunk by chunk, whatever the chunk boundaries.
 *
 * The decoder also repairs what would otherwise stop the XML parser and lose
 * the rest of a feed: invalid UTF-8 bytes are read as windows-1252 (the
 * usual cause is Latin-1 text in a document that claims UTF-8), and C0
 * control characters other than tab, newline and carriage return (not
 * allowed in XML, and the raw material of terminal escape sequences) are
 * dropped.  Each kind of repair is counted so that the caller can report it.
 */
#ifndef TIDINGS_CHARSET_H
#define TIDINGS_CHARSET_H

#include <stddef.h>

#define CHARSET_SNIFF_MAX 1024	/* bytes of head charset_sniff may ask for */

struct charset_guess {
	char	label[48];	/* encoding to read with, normalised, lower case */
	char	fallback[48];	/* for a us-ascii guess: what to use if it is not */
	size_t	skip;		/* leading bytes to drop (BOM, space before <?xml) */
	int	non_xml_type;	/* Content-Type is not an XML media type */
	int	declared_ignored; /* the XML declaration named another encoding */
};

/* Decide the encoding of a document whose first len bytes are head.
 * Returns 0 when more bytes are needed to decide (never when final is set
 * or len >= CHARSET_SNIFF_MAX), 1 when *g is filled.  content_type may be
 * NULL. */
int	charset_sniff(const char *head, size_t len, int final,
	    const char *content_type, struct charset_guess *g);

/* Where a decoder delivers UTF-8: it asks for room for n bytes, writes
 * into it, then commits how many it wrote.  Decoding straight into the
 * consumer's buffer (expat's, through XML_GetBuffer) saves a copy of every
 * byte of every feed. */
struct charset_sink {
	char	*(*reserve)(void *arg, size_t n);
	void	 (*commit)(void *arg, size_t n);
	void	*arg;
};

struct charset_dec;

/* Returns a decoder from label to UTF-8 writing into sink (copied); when label is "us-ascii" and a byte above 127 turns up, the
 * decoder switches to fallback (NULL: utf-8).  An encoding iconv does not
 * know is read as UTF-8 and counted in charset_dec_unknown().  Caller frees
 * with charset_dec_free(). */
struct charset_dec *charset_dec_new(const char *label, const char *fallback,
	    const struct charset_sink *sink);
/* Decode len bytes; with final set, also flush what is pending. */
void	charset_dec_run(struct charset_dec *d, const char *in, size_t len,
	    int final);
/* The encoding actually used (changes when a us-ascii guess was wrong). */
const char *charset_dec_label(const struct charset_dec *d);
/* Number of invalid byte sequences replaced so far. */
size_t	charset_dec_invalid(const struct charset_dec *d);
/* Number of control characters dropped so far. */
size_t	charset_dec_controls(const struct charset_dec *d);
/* Returns 1 when the requested encoding was unknown and UTF-8 was used. */
int	charset_dec_unknown(const struct charset_dec *d);
/* Returns 1 when a us-ascii guess met a non-ASCII byte and switched. */
int	charset_dec_switched(const struct charset_dec *d);
/* Free d; NULL is allowed. */
void	charset_dec_free(struct charset_dec *d);

#endif
