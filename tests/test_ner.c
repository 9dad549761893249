/*
 * Unit tests of the entity tagger: the tokenizer (offsets, abbreviations,
 * hyphens, apostrophes, quotes, sentence ends), Viterbi's constraints,
 * the document pass, and tagging end to end with a tiny model trained
 * here from a few hand-written sentences, so that no corpus and no model
 * file is needed.  The command itself is tested by tests/entities.sh.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "ner.h"
#include "ner_tok.h"
#include "ner_train.h"
#include "xmalloc.h"

/* The tokens of s as "tok|tok|..." with "^" before sentence starts;
 * caller frees. */
static char *
tokens(const char *s)
{
	struct ner_toks	 t = { NULL, 0, 0 };
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	ner_tokenize(&t, s, strlen(s));
	for (i = 0; i < t.n; i++) {
		if (i > 0)
			buf_putc(&b, '|');
		if (t.v[i].flags & NER_TOK_SENT)
			buf_putc(&b, '^');
		buf_append(&b, s + t.v[i].start, t.v[i].end - t.v[i].start);
	}
	ner_toks_free(&t);
	return b.data ? buf_steal(&b) : xstrdup("");
}

#define CHECK_TOKENS(text, want) do {					\
	char	*got_ = tokens(text);					\
									\
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)

static void
test_tok_offsets(void)
{
	const char	*s = "  Zürich, 1996-12-06\n";
	struct ner_toks	 t = { NULL, 0, 0 };

	ner_tokenize(&t, s, strlen(s));
	CHECK_INT(t.n, 3);
	CHECK_INT(t.v[0].start, 2);
	CHECK_INT(t.v[0].end, 9);		/* ü is two bytes */
	CHECK_INT(t.v[1].start, 9);
	CHECK_INT(t.v[1].end, 10);
	CHECK_INT(t.v[2].start, 11);
	CHECK_INT(t.v[2].end, 21);
	CHECK_INT(t.v[0].flags, NER_TOK_SENT | NER_TOK_NL);
	CHECK_INT(t.v[1].flags, 0);
	ner_tokenize(&t, "", 0);
	CHECK_INT(t.n, 0);
	ner_toks_free(&t);
}

static void
test_tok_words(void)
{
	CHECK_TOKENS("The U.S. Army's chief, Gen. John O'Neill-Smith.",
	    "^The|U.S.|Army|'s|chief|,|Gen.|John|O'Neill-Smith|.");
	CHECK_TOKENS("AL-AIN won 2-1 before 1,000 fans (3.5 goals) at AT&T",
	    "^AL-AIN|won|2-1|before|1,000|fans|(|3.5|goals|)|at|AT&T");
	CHECK_TOKENS("Merkel\xe2\x80\x99s aides don't, the players' bus",
	    "^Merkel|\xe2\x80\x99s|aides|don't|,|the|players|'|bus");
	CHECK_TOKENS("J. R. R. Tolkien and Mr. Smith",
	    "^J.|R.|R.|Tolkien|and|Mr.|Smith");
	CHECK_TOKENS("wait... -- ok", "^wait|...|--|ok");
}

static void
test_tok_quotes(void)
{
	CHECK_TOKENS("\xe2\x80\x9cZ\xc3\xbcrich\xe2\x80\x9d \xc2\xabParis\xc2\xbb"
	    " \xe2\x80\x98Rome\xe2\x80\x99 \"Oslo\" `Bern'",
	    "^\xe2\x80\x9c|Z\xc3\xbcrich|\xe2\x80\x9d|\xc2\xab|Paris|\xc2\xbb|"
	    "\xe2\x80\x98|Rome|\xe2\x80\x99|\"|Oslo|\"|`|Bern|'");
}

static void
test_tok_sentences(void)
{
	CHECK_TOKENS("He won. She lost! Why? Because.",
	    "^He|won|.|^She|lost|!|^Why|?|^Because|.");
	/* Abbreviations, a small letter after a period, and a quote or
	 * bracket closing a sentence do not start one. */
	CHECK_TOKENS("Mr. Smith met U.S. officials. he said \"Go.\" Then (it.) Yes",
	    "^Mr.|Smith|met|U.S.|officials|.|he|said|\"|Go|.|\"|^Then|(|it|"
	    ".|)|^Yes");
	CHECK_TOKENS("HEADLINE HERE\nBody text", "^HEADLINE|HERE|^Body|text");
}

static void
test_tok_hostile(void)
{
	/* Control characters and invalid UTF-8 are never in a token. */
	CHECK_TOKENS("a\x1b[2Jb\xff\xfe" "c\xc3", "^a|[|2Jb|c");
	CHECK_TOKENS("x\xc2\x9by\xe2\x80\x8bz", "^x|y|z");
	CHECK_TOKENS("\xed\xa0\x80w", "^w");	/* a surrogate */
}

static void
test_viterbi_constraints(void)
{
	float	score[3 * NER_NTAGS], trans[NER_NTAGS * NER_NTAGS];
	uint8_t	work[3 * NER_NTAGS], out[3];
	int	i;

	memset(score, 0, sizeof(score));
	memset(trans, 0, sizeof(trans));
	/* I-PER scores best everywhere, but cannot start or end an entity:
	 * the best allowed path is B-PER I-PER L-PER. */
	for (i = 0; i < 3; i++) {
		score[i * NER_NTAGS + NER_TAG(NER_I, NER_PER)] = 10;
		score[i * NER_NTAGS + NER_TAG(NER_B, NER_PER)] = 1;
		score[i * NER_NTAGS + NER_TAG(NER_L, NER_PER)] = 1;
	}
	ner_viterbi(score, trans, 3, work, out);
	CHECK_INT(out[0], NER_TAG(NER_B, NER_PER));
	CHECK_INT(out[1], NER_TAG(NER_I, NER_PER));
	CHECK_INT(out[2], NER_TAG(NER_L, NER_PER));
	CHECK(!ner_tag_allowed(-1, NER_TAG(NER_L, NER_LOC)));
	CHECK(!ner_tag_allowed(NER_TAG(NER_B, NER_LOC), 0));
	CHECK(!ner_tag_allowed(NER_TAG(NER_B, NER_LOC),
	    NER_TAG(NER_L, NER_ORG)));
	CHECK(ner_tag_allowed(NER_TAG(NER_U, NER_LOC),
	    NER_TAG(NER_B, NER_ORG)));
}

static void
test_document_pass(void)
{
	const char	*s = "Chancellor Angela Merkel spoke . Later Merkel "
	    "left , and MERKEL and merkel .";
	struct ner_toks	 t = { NULL, 0, 0 };
	uint8_t		 tags[16];

	ner_tokenize(&t, s, strlen(s));
	CHECK_INT(t.n, 14);
	memset(tags, 0, sizeof(tags));
	tags[1] = NER_TAG(NER_B, NER_PER);
	tags[2] = NER_TAG(NER_L, NER_PER);
	tags[6] = NER_TAG(NER_U, NER_ORG);	/* Merkel, mistyped */
	ner_document_pass(s, t.v, t.n, tags);
	CHECK_INT(tags[0], 0);			/* the title stays out */
	CHECK_INT(tags[2], NER_TAG(NER_L, NER_PER));
	CHECK_INT(tags[6], NER_TAG(NER_U, NER_PER));
	CHECK_INT(tags[10], NER_TAG(NER_U, NER_PER));	/* MERKEL */
	CHECK_INT(tags[12], 0);			/* not capitalised */
	ner_toks_free(&t);
}

/*
 * A tiny model: a handful of sentences, each word a token, with a tag
 * letter per token (P person, O organisation, L place, M misc, - none;
 * a capital starts an entity, a small letter continues it).
 */
static const char *const tiny_corpus[][2] = {
	{ "Angela Merkel visited Paris on Monday .", "Pp-L---" },
	{ "John Smith flew to Berlin with Siemens .", "Pp--L-O-" },
	{ "Reuters said Maria Lopez met officials in Madrid .",
	    "O-Pp---L-" },
	{ "The German minister left Rome for Vienna .", "-M--L-L-" },
	{ "Peter Brown works for Acme Corp in London .", "Pp--Oo-L-" },
	{ "Shares of Siemens rose in Frankfurt .", "--O--L-" },
	{ "French President Jacques Chirac arrived in Warsaw .",
	    "M-Pp--L-" },
	{ "Anna Kowalska joined Google in Dublin .", "Pp-O-L-" },
	{ "They met in New York on Monday .", "---Ll---" },
	{ NULL, NULL }
};

static void
tiny_model(struct buf *out, const struct ner_lexicon *lex)
{
	struct ner_trainer	*tr = ner_trainer_new(12, lex);
	struct ner_token	 tok[16];
	uint8_t			 gold[16];
	size_t			 i, j, n, len;
	int			 e;

	for (i = 0; tiny_corpus[i][0] != NULL; i++) {
		const char	*s = tiny_corpus[i][0], *tags = tiny_corpus[i][1];

		n = 0;
		for (j = 0, len = strlen(s); j < len; j++) {
			if (s[j] == ' ')
				continue;
			tok[n].start = (uint32_t)j;
			while (j < len && s[j] != ' ')
				j++;
			tok[n].end = (uint32_t)j;
			tok[n].flags = n == 0 ? NER_TOK_SENT : 0;
			n++;
		}
		for (j = 0; j < n; j++) {
			const char	*types = "POLM";
			char		 c = tags[j];
			int		 type, begin, cont;

			if (c == '-') {
				gold[j] = 0;
				continue;
			}
			type = (int)(strchr(types, c & ~0x20) - types);
			begin = (c & 0x20) == 0;
			cont = j + 1 < n && tags[j + 1] == (c | 0x20);
			gold[j] = (uint8_t)NER_TAG(begin ? (cont ? NER_B :
			    NER_U) : (cont ? NER_I : NER_L), type);
		}
		ner_trainer_add(tr, s, tok, n, gold);
	}
	for (e = 0; e < 10; e++)
		ner_trainer_epoch(tr, (uint64_t)e);
	ner_trainer_write(tr, out);
	ner_trainer_free(tr);
}

static void
test_tag_tiny_model(void)
{
	struct buf		 b = { NULL, 0, 0 };
	struct ner_model	*m;
	struct ner_spans	 sp = { NULL, 0, 0 };
	char			*cause = NULL;
	const char		*s = "Angela Merkel visited Paris on Monday.";

	tiny_model(&b, NULL);
	m = ner_model_mem(b.data, b.len, &cause);
	CHECK(m != NULL);
	if (m == NULL) {
		free(cause);
		buf_free(&b);
		return;
	}
	ner_tag(m, s, strlen(s), &sp);
	CHECK_INT(sp.n, 2);
	if (sp.n == 2) {
		CHECK_INT(sp.v[0].start, 0);
		CHECK_INT(sp.v[0].end, 13);
		CHECK_STR(ner_type_name(sp.v[0].type), "PER");
		CHECK_INT(sp.v[1].start, 22);
		CHECK_INT(sp.v[1].end, 27);
		CHECK_STR(ner_type_name(sp.v[1].type), "LOC");
	}
	/* A text far longer than a story (30,000 tokens, decoded in
	 * windows): every repetition is found alike. */
	{
		struct buf	 big = { NULL, 0, 0 };
		size_t		 k, same = 0;

		for (k = 0; k < 5000; k++)
			buf_puts(&big, "Angela Merkel visited Paris on Monday. ");
		ner_tag(m, big.data, big.len, &sp);
		CHECK_INT(sp.n, 10000);
		for (k = 0; k + 1 < sp.n; k += 2)
			same += sp.v[k].type == NER_PER &&
			    sp.v[k].end - sp.v[k].start == 13 &&
			    sp.v[k + 1].type == NER_LOC &&
			    sp.v[k + 1].end - sp.v[k + 1].start == 5;
		CHECK_INT(same, 5000);
		buf_free(&big);
	}
	/* Nothing to find, and nothing at all. */
	ner_tag(m, "on monday .", 11, &sp);
	CHECK_INT(sp.n, 0);
	ner_tag(m, "", 0, &sp);
	CHECK_INT(sp.n, 0);
	ner_spans_free(&sp);
	ner_model_free(m);

	/* A damaged model is refused, not read past its end. */
	CHECK(ner_model_mem(b.data, b.len - 1, &cause) == NULL);
	free(cause);
	b.data[0] = 'X';
	CHECK(ner_model_mem(b.data, b.len, &cause) == NULL);
	free(cause);
	CHECK(ner_model_open("/nonexistent/ner.model", &cause) == NULL);
	CHECK(cause != NULL && strstr(cause, "/nonexistent") != NULL);
	free(cause);
	buf_free(&b);
}

static void
test_train_deterministic(void)
{
	struct buf	a = { NULL, 0, 0 }, b = { NULL, 0, 0 };

	tiny_model(&a, NULL);
	tiny_model(&b, NULL);
	CHECK_INT(a.len, b.len);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	buf_free(&a);
	buf_free(&b);
}

static uint32_t	rows_with[16 * NER_NFEAT], rows_without[16 * NER_NFEAT];

/* The feature rows of the tokens of text (at most 16) into rows;
 * returns the number of tokens. */
static size_t
feature_rows(const char *text, const struct ner_lexicon *lex,
    uint32_t *rows)
{
	struct ner_toks	 toks = { NULL, 0, 0 };
	uint64_t	 keys[16];
	size_t		 n;

	ner_tokenize(&toks, text, strlen(text));
	n = toks.n < 16 ? toks.n : 16;
	memset(rows, 0, 16 * NER_NFEAT * sizeof(*rows));
	ner_features(text, toks.v, n, 16, lex, rows, keys);
	ner_toks_free(&toks);
	return n;
}

/* Whether token i of rows a and token j of rows b have the same rows
 * from..to-1 (feature numbers, as in ner.c). */
static int
rows_eq(const uint32_t *a, size_t i, const uint32_t *b, size_t j,
    size_t from, size_t to)
{
	size_t	f;

	for (f = from; f < to; f++)
		if (a[i * NER_NFEAT + f] != b[j * NER_NFEAT + f])
			return 0;
	return 1;
}

/* A tiny model trained with the tables of lex carries them (a model cut
 * short is refused), and finds Oslo, which no training sentence names,
 * as a place. */
static void
check_model_with(const struct ner_lexicon *lex)
{
	struct buf		 b = { NULL, 0, 0 };
	struct ner_model	*m;
	struct ner_spans	 sp = { NULL, 0, 0 };
	char			*cause = NULL;

	tiny_model(&b, lex);
	if ((m = ner_model_mem(b.data, b.len, &cause)) == NULL) {
		CHECK(m != NULL);
		free(cause);
		buf_free(&b);
		return;
	}
	ner_tag(m, "Anna left for Oslo .", 20, &sp);
	CHECK(sp.n >= 1 && sp.v[sp.n - 1].start == 14 &&
	    sp.v[sp.n - 1].end == 18 && sp.v[sp.n - 1].type == NER_LOC);
	ner_spans_free(&sp);
	ner_model_free(m);
	CHECK(ner_model_mem(b.data, b.len - 4, &cause) == NULL);
	free(cause);
	buf_free(&b);
}

/* The name lists: what goes into the table, and a model that learnt
 * from them finds a listed place it never saw in training. */
static void
test_gazetteer(void)
{
	static const char *const places[] = {
		"Rome", "Vienna", "London", "Frankfurt", "Warsaw", "Dublin",
		"Paris", "Oslo", "New York", "Rio de Janeiro", "Buenos Aires",
		NULL
	};
	uint32_t		 slot[1024];
	struct ner_lexicon	 gaz = { slot, 10, NULL, 0 };
	size_t			 used = 0, i;
	const char		*s;

	memset(slot, 0, sizeof(slot));
	CHECK_INT(ner_gaz_class("LOC"), NER_GAZ_LOC);
	CHECK_INT(ner_gaz_class("FIRST"), NER_GAZ_FIRST);
	CHECK_INT(ner_gaz_class("loc"), -1);
	for (i = 0; places[i] != NULL; i++)
		CHECK_INT(ner_gaz_add(slot, 10, &used, places[i],
		    strlen(places[i]), NER_GAZ_LOC), 0);
	/* "Rio de Janeiro" is three entries: two prefixes and the name. */
	CHECK_INT(used, 8 + 2 + 3 + 2);
	CHECK_INT(ner_gaz_add(slot, 10, &used, "Acme Corp", 9, NER_GAZ_ORG),
	    0);
	CHECK_INT(ner_gaz_add(slot, 10, &used, "Siemens", 7, NER_GAZ_ORG), 0);
	CHECK_INT(ner_gaz_add(slot, 10, &used, "Google", 6, NER_GAZ_ORG), 0);
	/* No token, too many, no such class: refused. */
	CHECK_INT(ner_gaz_add(slot, 10, &used, " ", 1, NER_GAZ_LOC), -1);
	s = "A B C D E F G H I";
	CHECK_INT(ner_gaz_add(slot, 10, &used, s, strlen(s), NER_GAZ_LOC), -1);
	CHECK_INT(ner_gaz_add(slot, 10, &used, "Oslo", 4, NER_NGAZ), -1);
	/* A table three quarters full takes no more. */
	{
		uint32_t	small[16];
		size_t		u = 0;
		char		name[8];
		int		k, rc = 0;

		memset(small, 0, sizeof(small));
		for (k = 0; k < 20 && rc == 0; k++) {
			snprintf(name, sizeof(name), "X%c", 'a' + k);
			rc = ner_gaz_add(small, 4, &u, name, strlen(name),
			    NER_GAZ_PER);
		}
		CHECK_INT(rc, -1);
		CHECK(u <= 12);
	}

	/* The listed words get other rows, the rest the same. */
	{
		const char	*t = "Mr Smith saw Oslo and Rio de Janeiro";
		size_t		 nt;

		nt = feature_rows(t, &gaz, rows_with);
		CHECK_INT(nt, 8);
		feature_rows(t, NULL, rows_without);
		/* Features 27 to 32 are the lists'. */
		CHECK(rows_eq(rows_with, 0, rows_without, 0, 0, NER_HIST));
		CHECK(rows_eq(rows_with, 1, rows_without, 1, 0, NER_HIST));
		for (i = 3; i < 8; i++) {
			if (i == 4)	/* "and" */
				continue;
			CHECK(!rows_eq(rows_with, i, rows_without, i, 27, 33));
			CHECK(rows_eq(rows_with, i, rows_without, i, 0, 27));
			CHECK(rows_eq(rows_with, i, rows_without, i, 33,
			    NER_HIST));
		}
		CHECK(rows_eq(rows_with, 4, rows_without, 4, 0, NER_HIST));
		/* "de" alone is no place: only inside the longer name. */
		feature_rows("Smith saw de", &gaz, rows_with);
		feature_rows("Smith saw de", NULL, rows_without);
		CHECK(rows_eq(rows_with, 2, rows_without, 2, 0, NER_HIST));
		/* A match starts only at a capital. */
		feature_rows("we saw oslo", &gaz, rows_with);
		feature_rows("we saw oslo", NULL, rows_without);
		CHECK(rows_eq(rows_with, 2, rows_without, 2, 0, NER_HIST));
	}

	/* A model carries the table, and finds the listed place. */
	check_model_with(&gaz);
}

/* Word clusters: what goes into the table, and a model that learnt
 * them carries what it knows of the cities of training to another city
 * of their cluster. */
static void
test_clusters(void)
{
	static const char *const words[][2] = {
		{ "Rome", "0101" }, { "Vienna", "0101" }, { "London", "0101" },
		{ "Frankfurt", "0101" }, { "Warsaw", "0101" },
		{ "Dublin", "0101" }, { "Paris", "0101" }, { "Oslo", "0101" },
		{ "Monday", "1100" }, { "said", "0010" }, { NULL, NULL }
	};
	uint32_t		 slot[256];
	struct ner_lexicon	 lex = { NULL, 0, slot, 8 };
	size_t			 used = 0, i;

	memset(slot, 0, sizeof(slot));
	for (i = 0; words[i][0] != NULL; i++)
		CHECK_INT(ner_clu_add(slot, 8, &used, words[i][0],
		    strlen(words[i][0]), words[i][1]), 0);
	CHECK_INT(used, 10);
	/* Case does not matter: the same entry. */
	CHECK_INT(ner_clu_add(slot, 8, &used, "OSLO", 4, "0101"), 0);
	CHECK_INT(used, 10);
	/* Two tokens, an empty or too long or not binary path: refused. */
	CHECK_INT(ner_clu_add(slot, 8, &used, "New York", 8, "01"), -1);
	CHECK_INT(ner_clu_add(slot, 8, &used, "Bergen", 6, ""), -1);
	CHECK_INT(ner_clu_add(slot, 8, &used, "Bergen", 6, "0101010101010"),
	    -1);
	CHECK_INT(ner_clu_add(slot, 8, &used, "Bergen", 6, "01x"), -1);

	/* Words of one cluster share its rows (features 33 to 36 are the
	 * word's cluster); others do not. */
	CHECK_INT(feature_rows("Oslo Rome Monday Bergen", &lex, rows_with), 4);
	CHECK(rows_eq(rows_with, 0, rows_with, 1, 33, 37));
	CHECK(!rows_eq(rows_with, 0, rows_with, 2, 33, 34));
	/* A word with no cluster has the rows of no cluster. */
	feature_rows("Bergen", NULL, rows_without);
	CHECK(rows_eq(rows_with, 3, rows_without, 0, 33, 37));

	check_model_with(&lex);
}

static const struct check_test tests[] = {
	{ "tok_offsets", test_tok_offsets },
	{ "tok_words", test_tok_words },
	{ "tok_quotes", test_tok_quotes },
	{ "tok_sentences", test_tok_sentences },
	{ "tok_hostile", test_tok_hostile },
	{ "viterbi_constraints", test_viterbi_constraints },
	{ "document_pass", test_document_pass },
	{ "tag_tiny_model", test_tag_tiny_model },
	{ "train_deterministic", test_train_deterministic },
	{ "gazetteer", test_gazetteer },
	{ "clusters", test_clusters },
	{ NULL, NULL }
};

int
main(void)
{
	return check_main(tests);
}
