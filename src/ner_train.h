/*
 * Training the entity tagger: a structured averaged perceptron over the
 * features of ner.c, deterministic for a given input and seed.  The
 * trainer program (tools/ner-train.c) reads the corpora and drives it;
 * this module does no I/O.
 */
#ifndef TIDINGS_NER_TRAIN_H
#define TIDINGS_NER_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ner.h"
#include "ner_tok.h"

struct ner_trainer;

/* A trainer with a weight table of 1 << bits rows, and the gazetteer
 * and clusters of lex (NULL for none), whose tables the caller keeps
 * until the trainer is freed; the model written carries a copy. */
struct ner_trainer *ner_trainer_new(unsigned bits,
	    const struct ner_lexicon *lex);
/* Add one document: n tokens of text (tok[0] and every sentence start
 * flagged NER_TOK_SENT) with their gold tags (NER_TAG() values, BILOU).
 * Nothing of text is kept, only the feature rows. */
void	ner_trainer_add(struct ner_trainer *tr, const char *text,
	    const struct ner_token *tok, size_t n, const uint8_t *gold);
/* One pass over every sentence, in an order shuffled by seed; returns
 * how many tokens the current weights tagged wrong. */
size_t	ner_trainer_epoch(struct ner_trainer *tr, uint64_t seed);
/* Append the model file of the averaged weights to out. */
void	ner_trainer_write(const struct ner_trainer *tr, struct buf *out);
/* Free tr (NULL is fine). */
void	ner_trainer_free(struct ner_trainer *tr);

#endif
