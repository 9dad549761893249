/*
 * ner-clusters: groups the words of plain texts by the company they keep,
 * for the word-cluster features of the entity tagger.
 *
 *   tools/ner-clusters [-m MINCOUNT] [-v VOCAB] [-d DEPTH] FILE... >CLUSTERS
 *
 * Words that occur in the same places ("in Paris", "in Lagos") get
 * nearby clusters, so the tagger can carry what it learnt of a word seen
 * in training to one it never saw.  Each word (as the tagger normalises
 * it: case folded, digits as 0) of at least MINCOUNT occurrences (default
 * 3), the VOCAB most frequent at most (default 60000), is described by
 * its left and right neighbours among the 2000 most frequent words,
 * weighted by positive pointwise mutual information; the words are then
 * split in two by spherical 2-means, and each half again, DEPTH times
 * (default 12).  A word's cluster is its path of left (0) and right (1)
 * turns, as with Brown clusters, so a prefix of it is a coarser cluster.
 *
 * The output, one line per word, is WORD TAB PATH; tools/ner-train -c
 * reads it and stores only hashes of the words in the model.  The input
 * is tokenised by the tagger's own tokenizer.  The result depends only on
 * the input, in the order given.  The texts used for data/ner.model, and
 * the commands, are at the top of tools/ner-train.c; like the training
 * corpora they are never committed, and neither is the output.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ner_tok.h"
#include "xmalloc.h"

#define NCTX	2000		/* context words */
#define DIM	(2 * (NCTX + 2))	/* left and right: word, other, edge */
#define ITERS	8

struct word {
	char	*s;
	size_t	 count;
	size_t	 id;		/* rank by count, after sorting */
};

static struct word	*words;
static size_t		 nwords, wordcap;
static size_t		*slots;		/* index + 1 into words, 0 empty */
static size_t		 slotmask;

/* The corpus as word indices (into words), SIZE_MAX at sentence edges. */
static size_t		*seq;
static size_t		 nseq, seqcap;

static uint64_t
hash_str(const char *s, size_t n)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static void
grow_slots(void)
{
	size_t	i, j, nsize = (slotmask + 1) * 2;
	size_t	*ns = xcalloc(nsize, sizeof(*ns));

	for (i = 0; i <= slotmask; i++) {
		const struct word *w;

		if (slots[i] == 0)
			continue;
		w = &words[slots[i] - 1];
		for (j = hash_str(w->s, strlen(w->s)) & (nsize - 1); ns[j];
		    j = (j + 1) & (nsize - 1))
			;
		ns[j] = slots[i];
	}
	free(slots);
	slots = ns;
	slotmask = nsize - 1;
}

/* The index of word s[0..n), added when new. */
static size_t
intern(const char *s, size_t n)
{
	size_t	i;

	if (slots == NULL) {
		slots = xcalloc(1 << 16, sizeof(*slots));
		slotmask = (1 << 16) - 1;
	}
	for (i = hash_str(s, n) & slotmask; slots[i] != 0;
	    i = (i + 1) & slotmask) {
		const struct word *w = &words[slots[i] - 1];

		if (strlen(w->s) == n && memcmp(w->s, s, n) == 0)
			return slots[i] - 1;
	}
	if (nwords == wordcap) {
		wordcap = wordcap ? wordcap * 2 : 65536;
		words = xreallocarray(words, wordcap, sizeof(*words));
	}
	words[nwords].s = xmalloc(n + 1);
	memcpy(words[nwords].s, s, n);
	words[nwords].s[n] = '\0';
	words[nwords].count = 0;
	slots[i] = ++nwords;
	if (nwords * 2 > slotmask)
		grow_slots();
	return nwords - 1;
}

static void
push(size_t w)
{
	if (nseq == seqcap) {
		seqcap = seqcap ? seqcap * 2 : 1 << 20;
		seq = xreallocarray(seq, seqcap, sizeof(*seq));
	}
	seq[nseq++] = w;
}

/* Normalise a token as the tagger's norm feature does: ASCII and
 * Latin-1 capitals folded, digits as 0. */
static size_t
normalise(const unsigned char *s, size_t n, char *out)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c >= '0' && c <= '9')
			c = '0';
		else if (i > 0 && s[i - 1] == 0xc3 && c >= 0x80 && c <= 0x9e &&
		    c != 0x97)
			c += 32;
		out[i] = (char)c;
	}
	return n;
}

static int
read_file(const char *path, struct ner_toks *toks)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 norm[256];
	size_t		 i;

	if (buf_load(&b, path, (size_t)1 << 30) == -1) {
		fprintf(stderr, "ner-clusters: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	ner_tokenize(toks, b.data, b.len);
	for (i = 0; i < toks->n; i++) {
		size_t	len = toks->v[i].end - toks->v[i].start;

		if (toks->v[i].flags & NER_TOK_SENT)
			push(SIZE_MAX);
		if (len > sizeof(norm))
			len = sizeof(norm);
		normalise((const unsigned char *)b.data + toks->v[i].start,
		    len, norm);
		push(intern(norm, len));
	}
	push(SIZE_MAX);
	buf_free(&b);
	return 0;
}

static int
by_count(const void *a, const void *b)
{
	const struct word *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->s, y->s);
}

/* Rows of the word-context matrix, sparse, each of unit length. */
struct row {
	uint32_t	*col;
	float		*val;
	size_t		 n;
};

static float
dot(const struct row *r, const float *c)
{
	float	s = 0;
	size_t	i;

	for (i = 0; i < r->n; i++)
		s += r->val[i] * c[r->col[i]];
	return s;
}

/* c = the normalised sum of the rows of members m[0..n). */
static void
centroid(const struct row *rows, const size_t *m, size_t n, float *c)
{
	size_t	i, k;
	double	norm = 0;

	memset(c, 0, DIM * sizeof(*c));
	for (i = 0; i < n; i++)
		for (k = 0; k < rows[m[i]].n; k++)
			c[rows[m[i]].col[k]] += rows[m[i]].val[k];
	for (k = 0; k < DIM; k++)
		norm += (double)c[k] * c[k];
	if (norm > 0)
		for (k = 0; k < DIM; k++)
			c[k] = (float)(c[k] / sqrt(norm));
}

/*
 * Split the members m[0..n) (word ids, most frequent first) in two,
 * and recurse, appending the turn to path[] of each word.  The first
 * centroid is the most frequent word, the second the word least like
 * it, so the result does not depend on any random choice.
 */
static void
split(const struct row *rows, size_t *m, size_t n, unsigned depth,
    unsigned maxdepth, uint32_t *path, uint8_t *plen, float *ca, float *cb,
    size_t *tmp)
{
	size_t	i, na, nb, far = 0, it;
	float	best = 2;

	if (n < 2 || depth == maxdepth)
		return;
	memset(ca, 0, DIM * sizeof(*ca));
	for (i = 0; i < rows[m[0]].n; i++)
		ca[rows[m[0]].col[i]] = rows[m[0]].val[i];
	for (i = 1; i < n; i++) {
		float d = dot(&rows[m[i]], ca);

		if (d < best) {
			best = d;
			far = i;
		}
	}
	memset(cb, 0, DIM * sizeof(*cb));
	for (i = 0; i < rows[m[far]].n; i++)
		cb[rows[m[far]].col[i]] = rows[m[far]].val[i];
	na = nb = 0;
	for (it = 0; it < ITERS; it++) {
		/* tmp: the members of a, then those of b, in order. */
		na = nb = 0;
		for (i = 0; i < n; i++)
			if (dot(&rows[m[i]], ca) >= dot(&rows[m[i]], cb))
				tmp[na++] = m[i];
		for (i = 0; i < n; i++)
			if (dot(&rows[m[i]], ca) < dot(&rows[m[i]], cb))
				tmp[na + nb++] = m[i];
		if (na == 0 || nb == 0)
			return;
		centroid(rows, tmp, na, ca);
		centroid(rows, tmp + na, nb, cb);
	}
	/* Keep the members sorted by frequency (ids are ranks). */
	memcpy(m, tmp, n * sizeof(*m));
	for (i = 0; i < n; i++) {
		path[m[i]] = path[m[i]] << 1 | (i >= na);
		plen[m[i]]++;
	}
	split(rows, m, na, depth + 1, maxdepth, path, plen, ca, cb, tmp);
	split(rows, m + na, nb, depth + 1, maxdepth, path, plen, ca, cb, tmp);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fputs("usage: ner-clusters [-m MINCOUNT] [-v VOCAB] [-d DEPTH] "
	    "FILE...\n", stderr);
	exit(1);
}

int
main(int argc, char **argv)
{
	struct ner_toks	 toks = { NULL, 0, 0 };
	size_t		 mincount = 3, vocab = 60000, depth = 12;
	size_t		 i, k, v, *rank, *ctxcount, total = 0;
	uint32_t	*pairs, *path;
	uint8_t		*plen;
	size_t		 npairs = 0, p;
	struct row	*rows;
	float		*ca, *cb;
	size_t		*members, *tmp;
	int		 c;

	while ((c = getopt(argc, argv, "d:m:v:")) != -1) {
		switch (c) {
		case 'd':
			depth = strtoul(optarg, NULL, 10);
			if (depth < 1 || depth > 24)
				usage();
			break;
		case 'm':
			mincount = strtoul(optarg, NULL, 10);
			break;
		case 'v':
			vocab = strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	push(SIZE_MAX);
	for (i = 0; i < (size_t)argc; i++)
		if (read_file(argv[i], &toks) == -1)
			return 2;
	ner_toks_free(&toks);
	for (i = 0; i < nseq; i++)
		if (seq[i] != SIZE_MAX)
			words[seq[i]].count++;

	/* Rank the words by count; rank[old index] = new index. */
	for (i = 0; i < nwords; i++)
		words[i].id = i;
	qsort(words, nwords, sizeof(*words), by_count);
	rank = xreallocarray(NULL, nwords, sizeof(*rank));
	for (i = 0; i < nwords; i++)
		rank[words[i].id] = i;
	for (i = 0; i < nseq; i++)
		if (seq[i] != SIZE_MAX)
			seq[i] = rank[seq[i]];
	for (v = 0; v < nwords && v < vocab && words[v].count >= mincount; v++)
		;
	fprintf(stderr, "ner-clusters: %zu tokens, %zu words, %zu "
	    "clustered\n", nseq, nwords, v);

	/* Each occurrence of a clustered word: (word, left context) and
	 * (word, right context), as word * DIM + column. */
	pairs = xreallocarray(NULL, 2 * nseq, sizeof(*pairs));
	ctxcount = xcalloc(DIM, sizeof(*ctxcount));
	for (i = 1; i + 1 < nseq; i++) {
		size_t	l = seq[i - 1], r = seq[i + 1];
		size_t	cl, cr;

		if (seq[i] == SIZE_MAX || seq[i] >= v)
			continue;
		cl = l == SIZE_MAX ? NCTX + 1 : l < NCTX ? l : NCTX;
		cr = (NCTX + 2) + (r == SIZE_MAX ? NCTX + 1 : r < NCTX ? r :
		    NCTX);
		pairs[npairs++] = (uint32_t)(seq[i] * DIM + cl);
		pairs[npairs++] = (uint32_t)(seq[i] * DIM + cr);
		ctxcount[cl]++;
		ctxcount[cr]++;
		total += 2;
	}
	free(seq);
	/* v * DIM must fit the 32 bits of a pair. */
	qsort(pairs, npairs, sizeof(*pairs), cmp_u32);

	/* Rows: positive PMI of each (word, context), then unit length. */
	rows = xcalloc(v ? v : 1, sizeof(*rows));
	for (p = 0; p < npairs; p = k) {
		size_t	w = pairs[p] / DIM, wtotal = 0, q;

		for (k = p; k < npairs && pairs[k] / DIM == w; k++)
			;
		rows[w].col = xreallocarray(NULL, k - p, sizeof(uint32_t));
		rows[w].val = xreallocarray(NULL, k - p, sizeof(float));
		wtotal = k - p;
		for (q = p; q < k;) {
			size_t	r, n;
			double	pmi;

			for (r = q; r < k && pairs[r] == pairs[q]; r++)
				;
			n = r - q;
			pmi = log((double)n * (double)total /
			    ((double)wtotal * (double)ctxcount[pairs[q] % DIM]));
			if (pmi > 0) {
				rows[w].col[rows[w].n] = pairs[q] % DIM;
				rows[w].val[rows[w].n++] = (float)pmi;
			}
			q = r;
		}
		{
			double	norm = 0;

			for (q = 0; q < rows[w].n; q++)
				norm += (double)rows[w].val[q] * rows[w].val[q];
			for (q = 0; q < rows[w].n && norm > 0; q++)
				rows[w].val[q] = (float)(rows[w].val[q] /
				    sqrt(norm));
		}
	}
	free(pairs);
	free(ctxcount);

	path = xcalloc(v ? v : 1, sizeof(*path));
	plen = xcalloc(v ? v : 1, 1);
	members = xreallocarray(NULL, v ? v : 1, sizeof(*members));
	tmp = xreallocarray(NULL, v ? v : 1, sizeof(*tmp));
	ca = xreallocarray(NULL, DIM, sizeof(*ca));
	cb = xreallocarray(NULL, DIM, sizeof(*cb));
	for (i = 0; i < v; i++)
		members[i] = i;
	split(rows, members, v, 0, (unsigned)depth, path, plen, ca, cb, tmp);
	for (i = 0; i < v; i++) {
		printf("%s\t", words[i].s);
		for (k = plen[i]; k-- > 0;)
			putchar(path[i] >> k & 1 ? '1' : '0');
		putchar('\n');
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ner-clusters: write: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}
