/*
 * The trainer of the entity tagger (see ner_train.h): a structured
 * perceptron (Collins 2002) that decodes each sentence with the current
 * weights and, where it went wrong, moves the weights of the gold tags
 * up and those of the predicted tags down.  The averaged weights, which
 * generalise much better than the last ones, are kept without a second
 * table pass per update: u accumulates c * update, and the average is
 * w - u / c at the end.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ner.h"
#include "ner_train.h"
#include "xmalloc.h"

struct sentence {
	size_t	start;		/* first token, into rows / gold */
	size_t	n;
};

struct tdoc {
	size_t	sent;		/* first sentence */
	size_t	nsent;
	size_t	ntok;
};

struct ner_trainer {
	unsigned	 bits;
	struct ner_lexicon lex;		/* the caller's tables */
	float		*w;		/* (1 << bits) * NER_NTAGS */
	double		*u;		/* c-weighted sums of the updates */
	float		 tw[NER_NTAGS * NER_NTAGS];
	double		 tu[NER_NTAGS * NER_NTAGS];
	double		 c;		/* updates so far, plus one */
	uint32_t	*rows;		/* NER_NFEAT per token */
	uint64_t	*keys;		/* history key per token */
	uint8_t		*gold;
	size_t		 ntok, tokcap;
	struct sentence	*sent;
	size_t		 nsent, sentcap;
	struct tdoc	*doc;
	size_t		 ndoc;
};

struct ner_trainer *
ner_trainer_new(unsigned bits, const struct ner_lexicon *lex)
{
	struct ner_trainer	*tr = xcalloc(1, sizeof(*tr));
	size_t			 n = ((size_t)1 << bits) * NER_NTAGS;

	tr->bits = bits;
	if (lex != NULL)
		tr->lex = *lex;
	tr->w = xcalloc(n, sizeof(*tr->w));
	tr->u = xcalloc(n, sizeof(*tr->u));
	tr->c = 1;
	return tr;
}

void
ner_trainer_add(struct ner_trainer *tr, const char *text,
    const struct ner_token *tok, size_t n, const uint8_t *gold)
{
	size_t	i;

	if (n == 0)
		return;
	if (tr->ntok + n > tr->tokcap) {
		while (tr->ntok + n > tr->tokcap)
			tr->tokcap = tr->tokcap ? tr->tokcap * 2 : 65536;
		tr->rows = xreallocarray(tr->rows, tr->tokcap,
		    NER_NFEAT * sizeof(*tr->rows));
		tr->gold = xreallocarray(tr->gold, tr->tokcap, 1);
		tr->keys = xreallocarray(tr->keys, tr->tokcap,
		    sizeof(*tr->keys));
	}
	ner_features(text, tok, n, tr->bits, &tr->lex, tr->rows + tr->ntok * NER_NFEAT,
	    tr->keys + tr->ntok);
	memcpy(tr->gold + tr->ntok, gold, n);
	tr->doc = xreallocarray(tr->doc, tr->ndoc + 1, sizeof(*tr->doc));
	tr->doc[tr->ndoc].sent = tr->nsent;
	tr->doc[tr->ndoc].ntok = n;
	for (i = 0; i < n; i++) {
		if (i == 0 || (tok[i].flags & NER_TOK_SENT)) {
			if (tr->nsent == tr->sentcap) {
				tr->sentcap = tr->sentcap ? tr->sentcap * 2 :
				    4096;
				tr->sent = xreallocarray(tr->sent, tr->sentcap,
				    sizeof(*tr->sent));
			}
			tr->sent[tr->nsent].start = tr->ntok + i;
			tr->sent[tr->nsent].n = 0;
			tr->nsent++;
		}
		tr->sent[tr->nsent - 1].n++;
	}
	tr->doc[tr->ndoc].nsent = tr->nsent - tr->doc[tr->ndoc].sent;
	tr->ndoc++;
	tr->ntok += n;
}

/* A small deterministic generator (splitmix64): the same seed gives the
 * same order on every machine. */
static uint64_t
next_random(uint64_t *s)
{
	uint64_t	z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
update(struct ner_trainer *tr, const uint32_t *r, int tag, float d)
{
	size_t	f, at;

	for (f = 0; f < NER_NFEAT; f++) {
		at = (size_t)r[f] * NER_NTAGS + (size_t)tag;
		tr->w[at] += d;
		tr->u[at] += tr->c * d;
	}
}

/* Decode one sentence with the current weights, update them where it
 * went wrong; returns the number of tokens tagged wrong. */
static size_t
train_sentence(struct ner_trainer *tr, const struct sentence *s,
    float *score, uint8_t *work, uint8_t *pred)
{
	const uint32_t	*r = tr->rows + s->start * NER_NFEAT;
	const uint8_t	*g = tr->gold + s->start;
	size_t		 k, f, wrong = 0;
	int		 t;

	for (k = 0; k < s->n; k++) {
		float	*sc = score + k * NER_NTAGS;

		memset(sc, 0, NER_NTAGS * sizeof(*sc));
		for (f = 0; f < NER_NFEAT; f++) {
			const float *w = tr->w + (size_t)r[k * NER_NFEAT + f] *
			    NER_NTAGS;

			for (t = 0; t < NER_NTAGS; t++)
				sc[t] += w[t];
		}
	}
	ner_viterbi(score, tr->tw, s->n, work, pred);
	for (k = 0; k < s->n; k++) {
		size_t	gt, pt;

		if (g[k] != pred[k]) {
			update(tr, r + k * NER_NFEAT, g[k], 1);
			update(tr, r + k * NER_NFEAT, pred[k], -1);
			wrong++;
		}
		/* Viterbi scores no transition into the first token. */
		if (k == 0)
			continue;
		gt = (size_t)g[k - 1] * NER_NTAGS + g[k];
		pt = (size_t)pred[k - 1] * NER_NTAGS + pred[k];
		if (gt != pt) {
			tr->tw[gt] += 1;
			tr->tu[gt] += tr->c;
			tr->tw[pt] -= 1;
			tr->tu[pt] -= tr->c;
		}
	}
	tr->c++;
	return wrong;
}

size_t
ner_trainer_epoch(struct ner_trainer *tr, uint64_t seed)
{
	size_t	*order, i, j, maxn = 1, wrong = 0;
	float	*score;
	uint8_t	*work, *pred;

	/* Documents are shuffled, their sentences kept in order: the
	 * history feature needs the sentences before. */
	order = xreallocarray(NULL, tr->ndoc ? tr->ndoc : 1, sizeof(*order));
	for (i = 0; i < tr->ndoc; i++)
		order[i] = i;
	for (i = 0; i < tr->nsent; i++)
		if (tr->sent[i].n > maxn)
			maxn = tr->sent[i].n;
	for (i = tr->ndoc; i > 1; i--) {	/* Fisher-Yates */
		size_t	t;

		j = (size_t)(next_random(&seed) % i);
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	score = xreallocarray(NULL, maxn, NER_NTAGS * sizeof(*score));
	work = xreallocarray(NULL, maxn, NER_NTAGS);
	pred = xmalloc(maxn);
	for (i = 0; i < tr->ndoc; i++) {
		const struct tdoc	*d = &tr->doc[order[i]];
		struct ner_history	*h = ner_history_new(d->ntok);

		for (j = d->sent; j < d->sent + d->nsent; j++) {
			const struct sentence *s = &tr->sent[j];

			ner_history_rows(h, tr->keys + s->start, s->n,
			    tr->bits, tr->rows + s->start * NER_NFEAT);
			wrong += train_sentence(tr, s, score, work, pred);
			/* The tags predicted, not the gold ones: at run
			 * time the history is as wrong as the tagger. */
			ner_history_add(h, tr->keys + s->start, pred, s->n);
		}
		ner_history_free(h);
	}
	free(pred);
	free(work);
	free(score);
	free(order);
	return wrong;
}

/* The averaged weight at w[i] with its accumulator u[i]. */
static float
averaged(float w, double u, double c)
{
	return (float)(w - u / c);
}

static float
absf(float v)
{
	return v < 0 ? -v : v;
}

/* Round to the nearest integer (no libm for lrintf). */
static int16_t
quantize(float v, float scale)
{
	v *= scale;
	return (int16_t)(v < 0 ? v - 0.5f : v + 0.5f);
}

void
ner_trainer_write(const struct ner_trainer *tr, struct buf *out)
{
	struct ner_header	 h;
	size_t			 n = ((size_t)1 << tr->bits) * NER_NTAGS, i;
	float			 max = 1e-6f, v, scale;
	int16_t			*q, tq[NER_NTAGS * NER_NTAGS];
	char			 pad[64];

	for (i = 0; i < n; i++)
		if ((v = absf(averaged(tr->w[i], tr->u[i], tr->c))) > max)
			max = v;
	for (i = 0; i < NER_NTAGS * NER_NTAGS; i++)
		if ((v = absf(averaged(tr->tw[i], tr->tu[i], tr->c))) > max)
			max = v;
	/* The largest weight maps to 32000 of int16's 32767, so sums of a
	 * few rows stay far from overflowing the int32 accumulators. */
	scale = 32000.0f / max;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NER_MAGIC, sizeof(h.magic));
	h.feature_version = NER_FEATURE_VERSION;
	h.bits = tr->bits;
	h.ntags = NER_NTAGS;
	h.nfeat = NER_NFEAT;
	h.scale = scale;
	h.gaz_bits = tr->lex.gaz_bits;
	h.clu_bits = tr->lex.clu_bits;
	buf_append(out, &h, sizeof(h));
	for (i = 0; i < NER_NTAGS * NER_NTAGS; i++)
		tq[i] = quantize(averaged(tr->tw[i], tr->tu[i], tr->c), scale);
	buf_append(out, tq, sizeof(tq));
	memset(pad, 0, sizeof(pad));
	buf_append(out, pad, NER_TRANS_BYTES - sizeof(tq));
	q = xreallocarray(NULL, n, sizeof(*q));
	for (i = 0; i < n; i++)
		q[i] = quantize(averaged(tr->w[i], tr->u[i], tr->c), scale);
	buf_append(out, q, n * sizeof(*q));
	free(q);
	if (tr->lex.gaz_bits != 0)
		buf_append(out, tr->lex.gaz, ((size_t)1 << tr->lex.gaz_bits) *
		    sizeof(*tr->lex.gaz));
	if (tr->lex.clu_bits != 0)
		buf_append(out, tr->lex.clu, ((size_t)1 << tr->lex.clu_bits) *
		    sizeof(*tr->lex.clu));
}

void
ner_trainer_free(struct ner_trainer *tr)
{
	if (tr == NULL)
		return;
	free(tr->w);
	free(tr->u);
	free(tr->rows);
	free(tr->keys);
	free(tr->gold);
	free(tr->doc);
	free(tr->sent);
	free(tr);
}
