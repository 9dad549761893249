/*
 * The tokenizer of the entity tagger: UTF-8 text in, tokens with byte
 * offsets out, each marked when it starts a sentence.  Its rules follow the
 * tokens of the CoNLL-2003 corpus the tagger is trained on, because a name
 * the tokenizer cuts differently from the training data is a name the
 * tagger cannot get right: "U.S." and initials keep their period,
 * "AL-AIN" and "2-1" stay whole, "O'Neill" stays whole but "Japan's" is
 * "Japan" + "'s", and every quote or bracket is a token of its own.
 * Whitespace, control characters and invalid UTF-8 are never inside a
 * token, so a span made of tokens is always printable text.
 */
#ifndef TIDINGS_NER_TOK_H
#define TIDINGS_NER_TOK_H

#include <stddef.h>
#include <stdint.h>

#define NER_TOK_SENT	0x01	/* the token starts a sentence */
#define NER_TOK_NL	0x02	/* a newline came before it (a headline
				 * or paragraph ended) */

struct ner_token {
	uint32_t	start;	/* byte offset of the first byte */
	uint32_t	end;	/* byte offset past the last byte */
	uint32_t	flags;	/* NER_TOK_* */
};

/* A growable array of tokens; owned by the caller, reusable. */
struct ner_toks {
	struct ner_token	*v;
	size_t			 n;
	size_t			 size;
};

/* Largest text ner_tokenize() accepts: offsets are 32-bit. */
#define NER_TOK_MAXLEN	((size_t)UINT32_MAX)

/* Replace the contents of t with the tokens of text[0..len); len must be
 * at most NER_TOK_MAXLEN (more is cut there). */
void	ner_tokenize(struct ner_toks *t, const char *text, size_t len);
/* Free the array; t may be reused afterwards. */
void	ner_toks_free(struct ner_toks *t);

/* Decode the UTF-8 character at s[0..n) into *cp; returns its length,
 * or 0 when the bytes are not valid UTF-8 (or n is 0). */
size_t	ner_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
