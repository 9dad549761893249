/*
 * The named-entity tagger: finds people (PER), organisations (ORG),
 * places (LOC) and other names (MISC) in UTF-8 text and returns them as
 * byte spans, CoNLL-2003 style.
 *
 * It is an averaged perceptron over hashed features (the word, its
 * shape, prefixes and suffixes, its neighbours, whether the document
 * shows the word capitalised elsewhere, the name lists it appears in,
 * its word cluster),
 * with BILOU tags decoded by
 * Viterbi, one sentence at a time, followed by a document pass that gives
 * a bare surname the type of the full name it belongs to.  The weights
 * are one table of 16-bit integers, rows picked by feature hash, read
 * straight from the memory-mapped model file.
 *
 * The trainer (ner_train.h) uses the feature and decoding code below, so
 * the tagger sees exactly the features the model was trained on.
 */
#ifndef TIDINGS_NER_H
#define TIDINGS_NER_H

#include <stddef.h>
#include <stdint.h>

#include "ner_tok.h"

enum ner_type { NER_PER, NER_ORG, NER_LOC, NER_MISC };
#define NER_NTYPES	4

/* One entity: text[start..end) is of type type (an enum ner_type). */
struct ner_span {
	size_t	start;
	size_t	end;
	int	type;
};

/* A growable array of spans; owned by the caller, reusable. */
struct ner_spans {
	struct ner_span	*v;
	size_t		 n;
	size_t		 size;
};

struct ner_model;

/* Returns "PER", "ORG", "LOC" or "MISC". */
const char	*ner_type_name(int type);

/* Map the model file at path into memory; returns NULL and sets *cause
 * (allocated) when it cannot be read or is no tidings model. */
struct ner_model *ner_model_open(const char *path, char **cause);
/* A model over len bytes at data, which the caller keeps alive and
 * unchanged until ner_model_free(); NULL and *cause set when it is no
 * model. */
struct ner_model *ner_model_mem(const void *data, size_t len, char **cause);
/* Unmap and free m (NULL is fine). */
void		 ner_model_free(struct ner_model *m);

/* Replace the contents of out with the entities of text[0..len), in text
 * order and never overlapping.  Pure: m is only read, so one model may
 * serve any number of callers. */
void		 ner_tag(const struct ner_model *m, const char *text,
		    size_t len, struct ner_spans *out);
/* Free the array; s may be reused afterwards. */
void		 ner_spans_free(struct ner_spans *s);

/* ---- shared with the trainer ---------------------------------------- */

/*
 * Tags: 0 is O (outside); type t has B (begin) 1 + 4t, I (inside) 2 + 4t,
 * L (last) 3 + 4t, U (a one-token entity) 4 + 4t.
 */
#define NER_NTAGS	(1 + 4 * NER_NTYPES)
#define NER_TAG(kind, type)	(1 + 4 * (type) + (kind))
#define NER_KIND(tag)	(((tag) - 1) % 4)	/* 0 B, 1 I, 2 L, 3 U */
#define NER_TTYPE(tag)	(((tag) - 1) / 4)
enum { NER_B, NER_I, NER_L, NER_U };

/* Features per token: every token has exactly this many rows.  The
 * last one (NER_HIST) depends on the tags given to earlier sentences of
 * the document, so it is filled in while decoding. */
#define NER_NFEAT	40
#define NER_HIST	(NER_NFEAT - 1)
/* Changes whenever the features change, so an old model is refused. */
#define NER_FEATURE_VERSION	4

/*
 * The gazetteer: which name lists (data/gazetteer/) hold a phrase of
 * one to NER_GAZ_MAXLEN tokens, compared as the tagger normalises words
 * (case folded).  An open-addressing table of 32-bit entries, each a
 * fingerprint of the phrase's hash and six flag bits: one per class
 * below, and NER_GAZ_PREFIX when a longer phrase starts with it, so a
 * match is extended only while one may follow.  Only hashes are kept:
 * the table cannot be read back into the lists.
 */
enum ner_gaz_class {
	NER_GAZ_LOC,		/* places */
	NER_GAZ_ORG,		/* organisations */
	NER_GAZ_MISC,		/* nationalities, languages */
	NER_GAZ_PER,		/* any part of a person's name */
	NER_GAZ_FIRST		/* given names */
};
#define NER_NGAZ	5
#define NER_GAZ_PREFIX	0x20
#define NER_GAZ_MAXLEN	8

/*
 * Word clusters: words that keep the same company in news text share a
 * cluster (tools/ner-clusters), a path of up to NER_CLU_MAXLEN binary
 * turns whose prefixes are coarser clusters.  The same kind of table,
 * keyed by the word as the tagger normalises it, the entry a
 * fingerprint over the path with a leading 1 (13 bits).
 */
#define NER_CLU_MAXLEN	12

/* The tables the features read besides the weights, with the model. */
struct ner_lexicon {
	const uint32_t	*gaz;		/* 1 << gaz_bits entries, 0 empty */
	unsigned	 gaz_bits;	/* 0: no gazetteer */
	const uint32_t	*clu;		/* 1 << clu_bits entries, 0 empty */
	unsigned	 clu_bits;	/* 0: no clusters */
};

/* Add the phrase text[0..len) of class cls (an enum ner_gaz_class) to
 * the table of 1 << bits entries at slot, counting new entries in
 * *used; returns -1 when the phrase has no token or too many, or the
 * table is three quarters full. */
int	ner_gaz_add(uint32_t *slot, unsigned bits, size_t *used,
	    const char *text, size_t len, int cls);
/* The class name ("LOC", "ORG", "MISC", "PER", "FIRST") as a class, or
 * -1. */
int	ner_gaz_class(const char *name);
/* Add word[0..len), one token, with its cluster path (a string of 1 to
 * NER_CLU_MAXLEN '0' and '1') to the cluster table of 1 << bits entries
 * at slot; returns -1 when the word is not one token, the path is bad,
 * or the table is three quarters full. */
int	ner_clu_add(uint32_t *slot, unsigned bits, size_t *used,
	    const char *word, size_t len, const char *path);

/* Write the weight rows of each of the n tokens of text to rows[i *
 * NER_NFEAT ...] (all but NER_HIST), hashes cut to bits bits, and each
 * token's key for the history to keys[i].  lex may be NULL. */
void	ner_features(const char *text, const struct ner_token *tok,
	    size_t n, unsigned bits, const struct ner_lexicon *lex,
	    uint32_t *rows, uint64_t *keys);

/*
 * The prediction history of a document: the types its words got in the
 * sentences decoded so far.  A word tagged ORG in "the Eagles beat the
 * Colts" is probably ORG in "Colts 10 Eagles 7" too, where the sentence
 * says little; the history lets the model learn how far to trust that.
 */
struct ner_history;
/* A history for a document of n tokens. */
struct ner_history *ner_history_new(size_t n);
/* Fill in the NER_HIST row of the n tokens at rows, keys. */
void	ner_history_rows(const struct ner_history *h, const uint64_t *keys,
	    size_t n, unsigned bits, uint32_t *rows);
/* Record the tags of n tokens just decoded. */
void	ner_history_add(struct ner_history *h, const uint64_t *keys,
	    const uint8_t *tags, size_t n);
/* Free h (NULL is fine). */
void	ner_history_free(struct ner_history *h);

/* 1 when tag cur may follow tag prev (prev -1 at a sentence start). */
int	ner_tag_allowed(int prev, int cur);

/* Best tag sequence for the n tokens of one sentence: score[i *
 * NER_NTAGS + t] is the score of tag t at token i, trans[p * NER_NTAGS +
 * t] that of t after p; only allowed sequences are considered.  work
 * holds n * NER_NTAGS bytes. */
void	ner_viterbi(const float *score, const float *trans, size_t n,
	    uint8_t *work, uint8_t *out);

/* The document pass over the tags[0..n) of the tokens of text: a
 * capitalised word alone that is the last word of a PER entity of two or
 * more words elsewhere in the document becomes PER. */
void	ner_document_pass(const char *text, const struct ner_token *tok,
	    size_t n, uint8_t *tags);

/* Decode the n tokens of text (one document) into tags[0..n), the
 * document pass included; a very long document is decoded in windows of
 * whole sentences (see NER_WINDOW in ner.c). */
void	ner_decode(const struct ner_model *m, const char *text,
	    const struct ner_token *tok, size_t n, uint8_t *tags);

/* The layout of a model file, all little-endian: this header, then
 * NER_NTAGS * NER_NTAGS int16 transition weights, padded to 64 bytes,
 * then (1 << bits) rows of NER_NTAGS int16 weights, then (1 <<
 * gaz_bits) uint32 gazetteer entries when gaz_bits is not 0, then (1 <<
 * clu_bits) uint32 cluster entries when clu_bits is not 0.  A weight w
 * means w / scale. */
struct ner_header {
	char		magic[8];	/* "TDNER\0\0\1" */
	uint32_t	feature_version;	/* NER_FEATURE_VERSION */
	uint32_t	bits;		/* log2 of the number of rows */
	uint32_t	ntags;		/* NER_NTAGS */
	uint32_t	nfeat;		/* NER_NFEAT */
	float		scale;
	uint32_t	gaz_bits;	/* log2 of the gazetteer entries, or 0 */
	uint32_t	clu_bits;	/* log2 of the cluster entries, or 0 */
	uint32_t	reserved[7];
};
#define NER_MAGIC	"TDNER\0\0\1"
#define NER_TRANS_BYTES	((NER_NTAGS * NER_NTAGS * 2 + 63) / 64 * 64)

#endif
