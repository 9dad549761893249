/*
 * The entity tagger: features, the model file, Viterbi decoding and the
 * document pass (see ner.h).  The feature code is shared with the trainer
 * (ner_train.c) so that both see the same rows for the same text.
 *
 * Speed comes from three things: every token has the same number of
 * features, each a row of NER_NTAGS 16-bit weights that the compiler
 * adds with vector instructions; the rows of a whole sentence are
 * prefetched before they are summed, so the cache misses of a table
 * larger than the caches overlap; and hashing is done once per token,
 * context features only mixing the hashes of the neighbours.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ner.h"
#include "ner_tok.h"
#include "xmalloc.h"

struct ner_model {
	const int16_t	*w;		/* (1 << bits) rows of NER_NTAGS */
	float		 trans[NER_NTAGS * NER_NTAGS];
	float		 scale;
	unsigned	 bits;
	struct ner_lexicon lex;
	void		*map;		/* the mapping, or NULL */
	size_t		 maplen;
};

const char *
ner_type_name(int type)
{
	static const char *const names[] = { "PER", "ORG", "LOC", "MISC" };

	return type >= 0 && type < NER_NTYPES ? names[type] : "?";
}

/* ---- hashing -------------------------------------------------------- */

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static inline uint64_t
fnv_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

/* The murmur3 finaliser: spreads every input bit over the top bits,
 * which pick the row. */
static inline uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static inline uint64_t
combine(uint64_t a, uint64_t b)
{
	return mix(a * 0x9e3779b97f4a7c15ULL + b);
}

/* ---- per-token facts ------------------------------------------------- */

#define CAP_INIT	0x01	/* first letter is a capital */
#define CAP_ALL		0x02	/* has letters, all capitals */
#define CAP_LOWER	0x04	/* has letters, none a capital */
#define CAP_SMALL	0x08	/* has a small letter */

struct tokinfo {
	uint64_t	word;		/* the bytes as they are */
	uint64_t	norm;		/* lowercased, digits as 0 */
	uint64_t	shape;		/* Xx, X.X., d-d: runs collapsed */
	uint64_t	shapeb;		/* Xxxx: runs cut at 4 */
	uint64_t	pre[3];		/* norm's first 2, 3, 4 bytes */
	uint64_t	suf[4];		/* norm's last 1..4 bytes */
	unsigned	caps;		/* CAP_* */
	unsigned	len;		/* characters, up to 255 */
};

/* The shape letter of code point c: X capital, x small, d digit, a for
 * letters of caseless scripts, the character itself for punctuation
 * that matters inside names, else p. */
static unsigned char
shape_of(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return 'X';
		if (c >= 'a' && c <= 'z')
			return 'x';
		if (c >= '0' && c <= '9')
			return 'd';
		if (c == '.' || c == '-' || c == '\'' || c == '&' || c == ',')
			return (unsigned char)c;
		return 'p';
	}
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	    (c >= 0x391 && c <= 0x3a9) || (c >= 0x400 && c <= 0x42f))
		return 'X';
	if ((c >= 0xdf && c <= 0xff && c != 0xf7) ||
	    (c >= 0x3b1 && c <= 0x3c9) || (c >= 0x430 && c <= 0x45f))
		return 'x';
	if (c >= 0x100 && c <= 0x17f)
		return c & 1 ? 'x' : 'X';	/* Latin Extended-A pairs */
	if (c == 0x2019)
		return '\'';
	return c < 0x2000 || c > 0x2bff ? 'a' : 'p';
}

static void
token_info(const unsigned char *s, size_t n, struct tokinfo *ti)
{
	uint64_t	 word = FNV_OFFSET, norm = FNV_OFFSET;
	uint64_t	 shape = FNV_OFFSET, shapeb = FNV_OFFSET;
	unsigned char	 nb[8], last = 0;
	size_t		 i, k, clen, nn = 0, nchars = 0, run = 0;
	unsigned	 upper = 0, lower = 0, first = 1;
	uint32_t	 cp;

	ti->caps = 0;
	for (i = 0; i < n; i += clen) {
		unsigned char sh;

		if ((clen = ner_utf8_decode(s + i, n - i, &cp)) == 0) {
			clen = 1;
			cp = 0xfffd;
		}
		sh = shape_of(cp);
		if (first && sh == 'X')
			ti->caps |= CAP_INIT;
		first = 0;
		upper += sh == 'X';
		lower += sh == 'x';
		for (k = 0; k < clen; k++) {
			unsigned char c = s[i + k], d = c;

			word = fnv_byte(word, c);
			if (c >= 'A' && c <= 'Z')
				d = c + 32;
			else if (c >= '0' && c <= '9')
				d = '0';
			else if (clen == 2 && k == 1 && s[i] == 0xc3 &&
			    c >= 0x80 && c <= 0x9e && c != 0x97)
				d = c + 32;	/* Latin-1 capitals */
			norm = fnv_byte(norm, d);
			if (++nn >= 2 && nn <= 4)
				ti->pre[nn - 2] = norm;
		}
		if (sh != last) {
			shape = fnv_byte(shape, sh);
			run = 0;
		}
		if (run++ < 4)
			shapeb = fnv_byte(shapeb, sh);
		last = sh;
		nchars++;
	}
	/* A prefix longer than the word is the whole word. */
	for (k = 0; k < 3; k++)
		if (nn < k + 2)
			ti->pre[k] = norm;
	/* Suffixes: the normalised last bytes, hashed back to front. */
	k = 0;
	for (i = n; i > 0 && k < 4; i--) {
		unsigned char c = s[i - 1];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c >= '0' && c <= '9')
			c = '0';
		nb[k++] = c;
	}
	for (i = 0; i < 4; i++) {
		uint64_t h = FNV_OFFSET ^ (0x51 + i);

		for (k = 0; k <= i && k < n; k++)
			h = fnv_byte(h, nb[k]);
		ti->suf[i] = h;
	}
	if (upper + lower > 0) {
		if (lower == 0)
			ti->caps |= CAP_ALL;
		if (upper == 0)
			ti->caps |= CAP_LOWER;
	}
	if (lower > 0)
		ti->caps |= CAP_SMALL;
	ti->word = word;
	ti->norm = norm;
	ti->shape = shape;
	ti->shapeb = shapeb;
	ti->len = nchars > 255 ? 255 : (unsigned)nchars;
}

/* ---- document evidence ------------------------------------------------ */

/*
 * A word's spelling elsewhere in the document: capitalised inside a
 * sentence of mixed case (a name, so probably also in the all-capitals
 * headline), or written small (a common word, so probably not a name at
 * the start of a sentence).  An open-addressing set of norm hashes.
 */
#define SEEN_CAP	1
#define SEEN_LOWER	2

struct docset {
	uint64_t	*key;
	unsigned char	*bits;
	size_t		 mask;
};

static void
docset_init(struct docset *d, size_t n)
{
	size_t	size = 64;

	while (size < 2 * n)
		size *= 2;
	d->key = xcalloc(size, sizeof(*d->key));
	d->bits = xcalloc(size, 1);
	d->mask = size - 1;
}

static size_t
docset_slot(const struct docset *d, uint64_t key)
{
	size_t	i;

	key |= 1;	/* 0 marks an empty slot */
	for (i = (size_t)key & d->mask; d->key[i] != 0 && d->key[i] != key;
	    i = (i + 1) & d->mask)
		;
	return i;
}

static void
docset_add(struct docset *d, uint64_t key, unsigned bits)
{
	size_t	i = docset_slot(d, key);

	d->key[i] = key | 1;
	d->bits[i] |= bits;
}

static unsigned
docset_get(const struct docset *d, uint64_t key)
{
	size_t	i = docset_slot(d, key);

	return d->key[i] != 0 ? d->bits[i] : 0;
}

static void
docset_free(struct docset *d)
{
	free(d->key);
	free(d->bits);
}

/* ---- the gazetteer ------------------------------------------------------ */

#define GAZ_SEED	0x6a09e667f3bcc908ULL
#define GAZ_VBITS	6	/* the class flags and NER_GAZ_PREFIX */
#define CLU_VBITS	13	/* a leading 1 and up to 12 turns */

/*
 * The gazetteer and the clusters are tables of 32-bit entries, each the
 * top bits of a 64-bit hash over a value of vbits bits; the slot is
 * picked by the low bits, so the fingerprint is independent of it.
 */
static inline uint32_t
tab_fp(uint64_t h, unsigned vbits)
{
	return (uint32_t)(h >> (32 + vbits)) << vbits;
}

/* The value stored for hash h, 0 when the table lacks it. */
static uint32_t
tab_get(const uint32_t *slot, unsigned bits, unsigned vbits, uint64_t h)
{
	size_t		 mask = ((size_t)1 << bits) - 1, i;
	uint32_t	 fp = tab_fp(h, vbits), vmask = (1u << vbits) - 1;

	for (i = (size_t)h & mask; slot[i] != 0; i = (i + 1) & mask)
		if ((slot[i] & ~vmask) == fp)
			return slot[i] & vmask;
	return 0;
}

/* Or the value v (not 0) into the entry of hash h, added when new. */
static void
tab_or(uint32_t *slot, unsigned bits, unsigned vbits, size_t *used,
    uint64_t h, uint32_t v)
{
	size_t		 mask = ((size_t)1 << bits) - 1, i;
	uint32_t	 fp = tab_fp(h, vbits), vmask = (1u << vbits) - 1;

	for (i = (size_t)h & mask; slot[i] != 0; i = (i + 1) & mask)
		if ((slot[i] & ~vmask) == fp) {
			slot[i] |= v;
			return;
		}
	slot[i] = fp | v;
	(*used)++;
}

int
ner_gaz_add(uint32_t *slot, unsigned bits, size_t *used, const char *text,
    size_t len, int cls)
{
	struct ner_toks	 toks = { NULL, 0, 0 };
	struct tokinfo	 ti;
	uint64_t	 h = GAZ_SEED;
	size_t		 i;
	int		 rc = -1;

	if (cls < 0 || cls >= NER_NGAZ)
		return -1;
	ner_tokenize(&toks, text, len);
	if (toks.n == 0 || toks.n > NER_GAZ_MAXLEN ||
	    (*used + toks.n) * 4 > ((size_t)3 << bits))
		goto out;
	for (i = 0; i < toks.n; i++) {
		token_info((const unsigned char *)text + toks.v[i].start,
		    toks.v[i].end - toks.v[i].start, &ti);
		h = combine(h, ti.norm);
		tab_or(slot, bits, GAZ_VBITS, used, h, i + 1 == toks.n ?
		    1u << cls : NER_GAZ_PREFIX);
	}
	rc = 0;
out:
	ner_toks_free(&toks);
	return rc;
}

int
ner_gaz_class(const char *name)
{
	static const char *const names[NER_NGAZ] = {
		"LOC", "ORG", "MISC", "PER", "FIRST"
	};
	int	i;

	for (i = 0; i < NER_NGAZ; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int
ner_clu_add(uint32_t *slot, unsigned bits, size_t *used, const char *word,
    size_t len, const char *path)
{
	struct ner_toks	 toks = { NULL, 0, 0 };
	struct tokinfo	 ti;
	uint32_t	 code = 1;
	size_t		 i, plen = strlen(path);
	int		 rc = -1;

	if (plen == 0 || plen > NER_CLU_MAXLEN ||
	    strspn(path, "01") != plen)
		return -1;
	for (i = 0; i < plen; i++)
		code = code << 1 | (uint32_t)(path[i] == '1');
	ner_tokenize(&toks, word, len);
	if (toks.n != 1 || (*used + 1) * 4 > ((size_t)3 << bits))
		goto out;
	token_info((const unsigned char *)word + toks.v[0].start,
	    toks.v[0].end - toks.v[0].start, &ti);
	tab_or(slot, bits, CLU_VBITS, used, ti.norm, code);
	rc = 0;
out:
	ner_toks_free(&toks);
	return rc;
}

/* The first n turns of cluster code c (leading 1 included), or all of
 * it when it has fewer. */
static inline uint32_t
clu_prefix(uint32_t c, unsigned n)
{
	unsigned	len;

	if (c == 0)
		return 0;
	len = 31 - (unsigned)__builtin_clz(c);	/* turns after the 1 */
	return len <= n ? c : c >> (len - n);
}

/*
 * The gazetteer code of each token, per class: 0 when no listed phrase
 * of the class covers it, else 1 + its place (B, I, L, U) in the longest
 * that does.  Matches start only at a capitalised word, where a name
 * may start, and stay inside the sentence.
 */
static void
gaz_codes(const struct ner_lexicon *g, const struct ner_token *tok,
    const struct tokinfo *ti, size_t n, uint8_t (*code)[NER_NGAZ])
{
	uint8_t	(*cover)[NER_NGAZ];
	size_t	 i, len, k;
	int	 c;

	memset(code, 0, n * sizeof(*code));
	if (g == NULL || g->gaz_bits == 0)
		return;
	cover = xcalloc(n, sizeof(*cover));
	for (i = 0; i < n; i++) {
		uint64_t	h = GAZ_SEED;
		unsigned	f;

		if (!(ti[i].caps & CAP_INIT))
			continue;
		for (len = 1; len <= NER_GAZ_MAXLEN && i + len <= n; len++) {
			if (len > 1 && (tok[i + len - 1].flags & NER_TOK_SENT))
				break;
			h = combine(h, ti[i + len - 1].norm);
			if ((f = tab_get(g->gaz, g->gaz_bits, GAZ_VBITS,
			    h)) == 0)
				break;
			for (c = 0; c < NER_NGAZ; c++) {
				if (!(f & (1u << c)))
					continue;
				for (k = i; k < i + len; k++) {
					if (cover[k][c] >= len)
						continue;
					cover[k][c] = (uint8_t)len;
					code[k][c] = (uint8_t)(1 + (len == 1 ?
					    NER_U : k == i ? NER_B :
					    k + 1 == i + len ? NER_L : NER_I));
				}
			}
			if (!(f & NER_GAZ_PREFIX))
				break;
		}
	}
	free(cover);
}

/* ---- features --------------------------------------------------------- */

static inline uint32_t
row(uint64_t h, unsigned tmpl, unsigned bits)
{
	return (uint32_t)(mix(h ^ (tmpl * 0xd6e8feb86659fd93ULL)) >>
	    (64 - bits));
}

void
ner_features(const char *text, const struct ner_token *tok, size_t n,
    unsigned bits, const struct ner_lexicon *lex, uint32_t *rows,
    uint64_t *keys)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct tokinfo		*ti;
	uint8_t			(*gz)[NER_NGAZ];
	uint32_t		*clu;
	unsigned char		*allcaps;
	struct docset		 seen;
	size_t			 i, j, k;
	/* Stand-ins for the neighbours before and after a sentence. */
	const uint64_t		 bos = 0x1234567, eos = 0x7654321;

	if (n == 0)
		return;
	ti = xreallocarray(NULL, n, sizeof(*ti));
	allcaps = xcalloc(n, 1);
	for (i = 0; i < n; i++)
		token_info(s + tok[i].start, tok[i].end - tok[i].start, &ti[i]);
	gz = xreallocarray(NULL, n, sizeof(*gz));
	gaz_codes(lex, tok, ti, n, gz);
	clu = xcalloc(n, sizeof(*clu));
	if (lex != NULL && lex->clu_bits != 0)
		for (i = 0; i < n; i++)
			clu[i] = tab_get(lex->clu, lex->clu_bits, CLU_VBITS,
			    ti[i].norm);

	/* Sentences with no small letter are headlines: their capitals
	 * say nothing. */
	for (i = 0; i < n; i = j) {
		int	any = 0, lower = 0;

		for (j = i + 1; j < n && !(tok[j].flags & NER_TOK_SENT); j++)
			;
		for (k = i; k < j; k++) {
			any |= (ti[k].caps & CAP_ALL) != 0;
			lower |= (ti[k].caps & CAP_SMALL) != 0;
		}
		if (any && !lower && j - i > 1)
			for (k = i; k < j; k++)
				allcaps[k] = 1;
	}
	docset_init(&seen, n);
	for (i = 0; i < n; i++) {
		if (ti[i].caps & CAP_LOWER)
			docset_add(&seen, ti[i].norm, SEEN_LOWER);
		else if ((ti[i].caps & CAP_INIT) && !allcaps[i] &&
		    !(tok[i].flags & NER_TOK_SENT) && !(ti[i].caps & CAP_ALL))
			docset_add(&seen, ti[i].norm, SEEN_CAP);
	}

	for (i = 0; i < n; i++) {
		uint32_t	*r = rows + i * NER_NFEAT;
		int		 first = i == 0 ||
		    (tok[i].flags & NER_TOK_SENT) != 0;
		int		 last = i + 1 == n ||
		    (tok[i + 1].flags & NER_TOK_SENT);
		int		 first2 = first || i == 1 ||
		    (tok[i - 1].flags & NER_TOK_SENT);
		int		 last2 = last || i + 2 == n ||
		    (tok[i + 2].flags & NER_TOK_SENT);
		uint64_t	 pn = first ? bos : ti[i - 1].norm;
		uint64_t	 nn = last ? eos : ti[i + 1].norm;
		uint64_t	 pn2 = first2 ? bos : ti[i - 2].norm;
		uint64_t	 nn2 = last2 ? eos : ti[i + 2].norm;
		uint64_t	 ps = first ? bos : ti[i - 1].shape;
		uint64_t	 ns = last ? eos : ti[i + 1].shape;
		unsigned	 ev = docset_get(&seen, ti[i].norm);
		unsigned	 lenb = ti[i].len < 5 ? ti[i].len :
		    ti[i].len < 7 ? 5 : 6;
		unsigned	 capb = (ti[i].caps & CAP_INIT ? 1 : 0) |
		    (allcaps[i] ? 2 : 0);
		uint64_t	 joint = 0;
		int		 c;

		k = 0;
		r[k++] = row(0, 0, bits);
		r[k++] = row(ti[i].word, 1, bits);
		r[k++] = row(ti[i].norm, 2, bits);
		r[k++] = row(ti[i].shape, 3, bits);
		r[k++] = row(ti[i].shapeb, 4, bits);
		r[k++] = row(ti[i].pre[0], 5, bits);
		r[k++] = row(ti[i].pre[1], 6, bits);
		r[k++] = row(ti[i].pre[2], 7, bits);
		r[k++] = row(ti[i].suf[0], 8, bits);
		r[k++] = row(ti[i].suf[1], 9, bits);
		r[k++] = row(ti[i].suf[2], 10, bits);
		r[k++] = row(ti[i].suf[3], 11, bits);
		r[k++] = row(pn, 12, bits);
		r[k++] = row(nn, 13, bits);
		r[k++] = row(pn2, 14, bits);
		r[k++] = row(nn2, 15, bits);
		r[k++] = row(ps, 16, bits);
		r[k++] = row(ns, 17, bits);
		r[k++] = row(combine(pn, ti[i].norm), 18, bits);
		r[k++] = row(combine(ti[i].norm, nn), 19, bits);
		r[k++] = row(combine(combine(ps, ti[i].shape), ns), 20, bits);
		r[k++] = row(combine(ti[i].shape, (uint64_t)first << 1 |
		    allcaps[i]), 21, bits);
		r[k++] = row(allcaps[i] ? ti[i].norm : 0, 22, bits);
		r[k++] = row(combine(ti[i].shape, ev << 1 | allcaps[i]), 23,
		    bits);
		r[k++] = row(combine(ti[i].shape, lenb), 24, bits);
		r[k++] = row(combine(pn, ti[i].shape), 25, bits);
		r[k++] = row(combine(ti[i].shape, nn), 26, bits);
		/* The lists, class by class with the capitalisation (a
		 * listed surname written small is a word), and all classes
		 * together ("Jordan" is a place and a name). */
		for (c = 0; c < NER_NGAZ; c++) {
			r[k++] = row(combine((uint64_t)c + 1,
			    (uint64_t)gz[i][c] << 2 | capb), 27 + c, bits);
			joint = joint * 5 + gz[i][c];
		}
		r[k++] = row(joint, 32, bits);
		/* The word's cluster at four grains (Ratinov and Roth's
		 * prefixes), and its neighbours' at a middle one. */
		r[k++] = row(clu_prefix(clu[i], 4), 33, bits);
		r[k++] = row(clu_prefix(clu[i], 6), 34, bits);
		r[k++] = row(clu_prefix(clu[i], 10), 35, bits);
		r[k++] = row(clu[i], 36, bits);
		r[k++] = row(first ? bos : clu_prefix(clu[i - 1], 8), 37, bits);
		r[k++] = row(last ? eos : clu_prefix(clu[i + 1], 8), 38, bits);
		/* The history row is keyed by the word and whether it is
		 * capitalised: the low two bits. */
		keys[i] = (ti[i].norm & ~(uint64_t)3) |
		    (ti[i].caps & CAP_ALL ? 2 : ti[i].caps & CAP_INIT ? 1 : 0);
	}
	docset_free(&seen);
	free(clu);
	free(gz);
	free(allcaps);
	free(ti);
}

/* ---- prediction history ------------------------------------------------ */

struct ner_history {
	uint64_t	*key;		/* word hash | 1; 0 for empty */
	uint16_t	(*count)[NER_NTYPES];
	size_t		 mask;
};

struct ner_history *
ner_history_new(size_t n)
{
	struct ner_history	*h = xcalloc(1, sizeof(*h));
	size_t			 size = 64;

	while (size < 2 * n)
		size *= 2;
	h->key = xcalloc(size, sizeof(*h->key));
	h->count = xcalloc(size, sizeof(*h->count));
	h->mask = size - 1;
	return h;
}

static size_t
history_slot(const struct ner_history *h, uint64_t key)
{
	size_t	i;

	key = (key >> 2) | 1;	/* both spellings of a word share it */
	for (i = (size_t)key & h->mask; h->key[i] != 0 && h->key[i] != key;
	    i = (i + 1) & h->mask)
		;
	return i;
}

void
ner_history_rows(const struct ner_history *h, const uint64_t *keys,
    size_t n, unsigned bits, uint32_t *rows)
{
	size_t	i, slot;
	int	t, best;

	for (i = 0; i < n; i++) {
		best = -1;
		slot = history_slot(h, keys[i]);
		if (h->key[slot] != 0)
			for (t = 0; t < NER_NTYPES; t++)
				if (h->count[slot][t] > 0 && (best < 0 ||
				    h->count[slot][t] > h->count[slot][best]))
					best = t;
		rows[i * NER_NFEAT + NER_HIST] = row((uint64_t)(best + 1) << 2 |
		    (keys[i] & 3), NER_HIST + 100, bits);
	}
}

void
ner_history_add(struct ner_history *h, const uint64_t *keys,
    const uint8_t *tags, size_t n)
{
	size_t	i, slot;

	for (i = 0; i < n; i++) {
		if (tags[i] == 0)
			continue;
		slot = history_slot(h, keys[i]);
		h->key[slot] = (keys[i] >> 2) | 1;
		if (h->count[slot][NER_TTYPE(tags[i])] < UINT16_MAX)
			h->count[slot][NER_TTYPE(tags[i])]++;
	}
}

void
ner_history_free(struct ner_history *h)
{
	if (h == NULL)
		return;
	free(h->key);
	free(h->count);
	free(h);
}

/* ---- decoding ----------------------------------------------------------- */

int
ner_tag_allowed(int prev, int cur)
{
	int	open = prev > 0 && (NER_KIND(prev) == NER_B ||
	    NER_KIND(prev) == NER_I);

	if (open)	/* inside an entity: continue or close it */
		return cur > 0 && NER_TTYPE(cur) == NER_TTYPE(prev) &&
		    (NER_KIND(cur) == NER_I || NER_KIND(cur) == NER_L);
	return cur == 0 || NER_KIND(cur) == NER_B || NER_KIND(cur) == NER_U;
}

static int
tag_may_end(int tag)
{
	return tag == 0 || NER_KIND(tag) == NER_L || NER_KIND(tag) == NER_U;
}

/*
 * The tags each tag may follow: one that opens an entity or stands
 * outside one follows O, L or U (9 tags), one that continues an entity
 * only B or I of its type (2).  Listing them, as ner_tag_allowed() says,
 * lets Viterbi look at 97 pairs a token instead of 289, with no test in
 * the inner loop.
 */
static int
preds_of(int t, uint8_t *p)
{
	int	n = 0, x;

	if (t > 0 && (NER_KIND(t) == NER_I || NER_KIND(t) == NER_L)) {
		p[n++] = (uint8_t)NER_TAG(NER_B, NER_TTYPE(t));
		p[n++] = (uint8_t)NER_TAG(NER_I, NER_TTYPE(t));
		return n;
	}
	p[n++] = 0;
	for (x = 0; x < NER_NTYPES; x++) {
		p[n++] = (uint8_t)NER_TAG(NER_L, x);
		p[n++] = (uint8_t)NER_TAG(NER_U, x);
	}
	return n;
}

void
ner_viterbi(const float *score, const float *trans, size_t n,
    uint8_t *work, uint8_t *out)
{
	uint8_t	 pr[NER_NTAGS][NER_NTAGS], npr[NER_NTAGS];
	float	 cur[NER_NTAGS], prev[NER_NTAGS];
	size_t	 i;
	int	 t, k, best;

	if (n == 0)
		return;
	for (t = 0; t < NER_NTAGS; t++)
		npr[t] = (uint8_t)preds_of(t, pr[t]);
	for (t = 0; t < NER_NTAGS; t++)
		prev[t] = ner_tag_allowed(-1, t) ? score[t] : -1e30f;
	for (i = 1; i < n; i++) {
		for (t = 0; t < NER_NTAGS; t++) {
			float	 b = -3e30f;
			int	 bp = pr[t][0];

			for (k = 0; k < npr[t]; k++) {
				int	p = pr[t][k];
				float	v = prev[p] + trans[p * NER_NTAGS + t];

				if (v > b) {
					b = v;
					bp = p;
				}
			}
			cur[t] = b + score[i * NER_NTAGS + t];
			work[i * NER_NTAGS + t] = (uint8_t)bp;
		}
		memcpy(prev, cur, sizeof(prev));
	}
	best = 0;
	for (t = 1; t < NER_NTAGS; t++)
		if (tag_may_end(t) && prev[t] > prev[best])
			best = t;
	for (i = n; i-- > 0;) {
		out[i] = (uint8_t)best;
		if (i > 0)
			best = work[i * NER_NTAGS + best];
	}
}

/* Score row r of the weight table into acc. */
static inline void
add_row(int32_t *acc, const int16_t *w)
{
	int	t;

	for (t = 0; t < NER_NTAGS; t++)
		acc[t] += w[t];
}

/*
 * The document pass.  A person named in full ("Angela Merkel") is later
 * mostly named by surname alone, where the sentence often gives less
 * evidence ("Merkel said"): every one-token mention of a surname of a
 * two-or-more-token PER entity becomes PER, and so does such a word the
 * tagger left out, when it is capitalised.
 */
void
ner_document_pass(const char *text, const struct ner_token *tok, size_t n,
    uint8_t *tags)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct docset		 surnames;
	size_t			 i, nsur = 0;
	uint64_t		 h;

	docset_init(&surnames, 64);
	for (i = 1; i < n; i++) {
		size_t	k, len;

		if (tags[i] == 0 || NER_KIND(tags[i]) != NER_L ||
		    NER_TTYPE(tags[i]) != NER_PER)
			continue;
		len = tok[i].end - tok[i].start;
		h = FNV_OFFSET;
		for (k = 0; k < len; k++)
			h = fnv_byte(h, s[tok[i].start + k] | 0x20);
		if (nsur * 2 >= surnames.mask) {
			/* Grow: rebuild at twice the size. */
			struct docset	 big;
			size_t		 j;

			docset_init(&big, (surnames.mask + 1) * 2);
			for (j = 0; j <= surnames.mask; j++)
				if (surnames.key[j] != 0)
					docset_add(&big, surnames.key[j], 1);
			docset_free(&surnames);
			surnames = big;
		}
		docset_add(&surnames, h, 1);
		nsur++;
	}
	if (nsur == 0) {
		docset_free(&surnames);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t	k, len = tok[i].end - tok[i].start;
		int	lone;

		lone = tags[i] == 0 || NER_KIND(tags[i]) == NER_U;
		if (!lone || (tags[i] == 0 && !(s[tok[i].start] >= 'A' &&
		    s[tok[i].start] <= 'Z')))
			continue;
		h = FNV_OFFSET;
		for (k = 0; k < len; k++)
			h = fnv_byte(h, s[tok[i].start + k] | 0x20);
		if (docset_get(&surnames, h))
			tags[i] = NER_TAG(NER_U, NER_PER);
	}
	docset_free(&surnames);
}

/*
 * A document longer than this many tokens is decoded in windows of
 * whole sentences, each its own document for the document features and
 * pass: a story is far shorter, and a book in one piece would need
 * hundreds of megabytes of features and tables that no cache holds.
 */
#define NER_WINDOW	16384

static void
decode_window(const struct ner_model *m, const char *text,
    const struct ner_token *tok, size_t n, uint8_t *tags)
{
	struct ner_history	*hist;
	uint32_t		*rows;
	uint64_t		*keys;
	float			*score;
	uint8_t			*work;
	size_t			 i, j, f;
	float			 inv = 1.0f / m->scale;

	if (n == 0)
		return;
	rows = xreallocarray(NULL, n, NER_NFEAT * sizeof(*rows));
	keys = xreallocarray(NULL, n, sizeof(*keys));
	ner_features(text, tok, n, m->bits, &m->lex, rows, keys);
	score = xreallocarray(NULL, n, NER_NTAGS * sizeof(*score));
	work = xreallocarray(NULL, n, NER_NTAGS);
	hist = ner_history_new(n);
	/* Prefetch the rows a few tokens ahead of the sums, so the misses
	 * of a table bigger than the caches overlap instead of queueing. */
	for (i = 0; i < n && i < 4; i++)
		for (f = 0; f < NER_HIST; f++)
			__builtin_prefetch(m->w + (size_t)rows[i * NER_NFEAT +
			    f] * NER_NTAGS);
	for (i = 0; i < n; i = j) {
		size_t	k;

		for (j = i + 1; j < n && !(tok[j].flags & NER_TOK_SENT); j++)
			;
		ner_history_rows(hist, keys + i, j - i, m->bits,
		    rows + i * NER_NFEAT);
		for (k = i; k < j; k++) {
			int32_t	acc[NER_NTAGS];
			int	t;

			if (k + 4 < n)
				for (f = 0; f < NER_HIST; f++)
					__builtin_prefetch(m->w +
					    (size_t)rows[(k + 4) * NER_NFEAT +
					    f] * NER_NTAGS);
			memset(acc, 0, sizeof(acc));
			for (f = 0; f < NER_NFEAT; f++)
				add_row(acc, m->w + (size_t)rows[k *
				    NER_NFEAT + f] * NER_NTAGS);
			for (t = 0; t < NER_NTAGS; t++)
				score[k * NER_NTAGS + t] = (float)acc[t] * inv;
		}
		ner_viterbi(score + i * NER_NTAGS, m->trans, j - i, work,
		    tags + i);
		ner_history_add(hist, keys + i, tags + i, j - i);
	}
	ner_document_pass(text, tok, n, tags);
	ner_history_free(hist);
	free(work);
	free(score);
	free(keys);
	free(rows);
}

void
ner_decode(const struct ner_model *m, const char *text,
    const struct ner_token *tok, size_t n, uint8_t *tags)
{
	size_t	i, j;

	for (i = 0; i < n; i = j) {
		j = n;
		if (n - i > NER_WINDOW) {
			/* End the window where a sentence starts, unless
			 * one sentence fills it. */
			for (j = i + NER_WINDOW; j > i + 1 &&
			    !(tok[j].flags & NER_TOK_SENT); j--)
				;
			if (j == i + 1)
				j = i + NER_WINDOW;
		}
		decode_window(m, text, tok + i, j - i, tags + i);
	}
}

void
ner_tag(const struct ner_model *m, const char *text, size_t len,
    struct ner_spans *out)
{
	struct ner_toks	 toks = { NULL, 0, 0 };
	uint8_t		*tags;
	size_t		 i, start = 0;
	int		 open = 0;

	out->n = 0;
	ner_tokenize(&toks, text, len);
	if (toks.n == 0) {
		ner_toks_free(&toks);
		return;
	}
	tags = xmalloc(toks.n);
	ner_decode(m, text, toks.v, toks.n, tags);
	for (i = 0; i < toks.n; i++) {
		int	tag = tags[i], kind;

		if (tag == 0) {
			open = 0;
			continue;
		}
		kind = NER_KIND(tag);
		if (kind == NER_B || kind == NER_U) {
			start = toks.v[i].start;
			open = 1;
		}
		if (open && (kind == NER_L || kind == NER_U)) {
			if (out->n == out->size) {
				out->size = out->size ? out->size * 2 : 64;
				out->v = xreallocarray(out->v, out->size,
				    sizeof(*out->v));
			}
			out->v[out->n].start = start;
			out->v[out->n].end = toks.v[i].end;
			out->v[out->n].type = NER_TTYPE(tag);
			out->n++;
			open = 0;
		}
	}
	free(tags);
	ner_toks_free(&toks);
}

void
ner_spans_free(struct ner_spans *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- the model file ----------------------------------------------------- */

struct ner_model *
ner_model_mem(const void *data, size_t len, char **cause)
{
	const unsigned char	*p = data;
	struct ner_header	 h;
	struct ner_model	*m;
	int16_t			 tr[NER_NTAGS * NER_NTAGS];
	size_t			 i;

	if (len < sizeof(h)) {
		*cause = xstrdup("too short for a model");
		return NULL;
	}
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, NER_MAGIC, sizeof(h.magic)) != 0) {
		*cause = xstrdup("not a tidings entity model");
		return NULL;
	}
	if (h.feature_version != NER_FEATURE_VERSION ||
	    h.ntags != NER_NTAGS || h.nfeat != NER_NFEAT) {
		*cause = xasprintf("model made for other features "
		    "(version %u, this tidings reads %u)",
		    (unsigned)h.feature_version, NER_FEATURE_VERSION);
		return NULL;
	}
	if (h.bits < 4 || h.bits > 26 || !(h.scale > 0) ||
	    (h.gaz_bits != 0 && (h.gaz_bits < 4 || h.gaz_bits > 24)) ||
	    (h.clu_bits != 0 && (h.clu_bits < 4 || h.clu_bits > 24)) ||
	    len != sizeof(h) + NER_TRANS_BYTES +
	    ((size_t)1 << h.bits) * NER_NTAGS * 2 +
	    (h.gaz_bits ? ((size_t)1 << h.gaz_bits) * 4 : 0) +
	    (h.clu_bits ? ((size_t)1 << h.clu_bits) * 4 : 0)) {
		*cause = xstrdup("model file damaged (wrong size or header)");
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->bits = h.bits;
	m->scale = h.scale;
	memcpy(tr, p + sizeof(h), sizeof(tr));
	for (i = 0; i < NER_NTAGS * NER_NTAGS; i++)
		m->trans[i] = (float)tr[i] / h.scale;
	/* The header and transitions are multiples of 64 bytes, so the
	 * rows are as aligned as the mapping. */
	m->w = (const int16_t *)(const void *)(p + sizeof(h) +
	    NER_TRANS_BYTES);
	p += sizeof(h) + NER_TRANS_BYTES + ((size_t)1 << h.bits) *
	    NER_NTAGS * 2;
	if (h.gaz_bits != 0) {
		m->lex.gaz_bits = h.gaz_bits;
		m->lex.gaz = (const uint32_t *)(const void *)p;
		p += ((size_t)1 << h.gaz_bits) * 4;
	}
	if (h.clu_bits != 0) {
		m->lex.clu_bits = h.clu_bits;
		m->lex.clu = (const uint32_t *)(const void *)p;
	}
	return m;
}

struct ner_model *
ner_model_open(const char *path, char **cause)
{
	struct ner_model	*m;
	struct stat		 st;
	void			*map;
	int			 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || st.st_size <= 0) {
		*cause = xasprintf("%s: %s", path, st.st_size <= 0 ?
		    "empty file" : strerror(errno));
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((m = ner_model_mem(map, (size_t)st.st_size, cause)) == NULL) {
		char	*c = xasprintf("%s: %s", path, *cause);

		free(*cause);
		*cause = c;
		munmap(map, (size_t)st.st_size);
		return NULL;
	}
	m->map = map;
	m->maplen = (size_t)st.st_size;
	return m;
}

void
ner_model_free(struct ner_model *m)
{
	if (m == NULL)
		return;
	if (m->map != NULL)
		munmap(m->map, m->maplen);
	free(m);
}
