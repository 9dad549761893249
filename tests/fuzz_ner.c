/*
 * libFuzzer target for the entity tagger (ner_tok.h, ner.h), built by
 * tests/fuzz.sh: any bytes are tokenized and tagged with the committed
 * model (data/ner.model, from the top of the source tree, or
 * $TIDINGS_NER_MODEL), and every token and span is checked to lie inside
 * the input, in order, and to hold no control character or invalid
 * UTF-8 at its ends.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ner.h"
#include "ner_tok.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ner_model *model;

/* The model is mapped once: it is only read. */
static void
load(void)
{
	const char	*path = getenv("TIDINGS_NER_MODEL");
	char		*cause;

	if (path == NULL)
		path = "data/ner.model";
	if ((model = ner_model_open(path, &cause)) == NULL) {
		fprintf(stderr, "fuzz_ner: %s\n", cause);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*text = (const char *)data;
	struct ner_toks		 toks = { NULL, 0, 0 };
	struct ner_spans	 spans = { NULL, 0, 0 };
	size_t			 i, last = 0;
	uint32_t		 cp;

	if (model == NULL)
		load();
	ner_tokenize(&toks, text, size);
	for (i = 0; i < toks.n; i++) {
		const struct ner_token *t = &toks.v[i];

		if (t->start < last || t->end <= t->start || t->end > size ||
		    ner_utf8_decode(data + t->start, size - t->start, &cp) ==
		    0 || cp < 0x20)
			abort();
		last = t->end;
	}
	ner_tag(model, text, size, &spans);
	for (i = 0, last = 0; i < spans.n; i++) {
		if (spans.v[i].start < last || spans.v[i].end <=
		    spans.v[i].start || spans.v[i].end > size ||
		    spans.v[i].type < 0 || spans.v[i].type >= NER_NTYPES)
			abort();
		last = spans.v[i].end;
	}
	ner_spans_free(&spans);
	ner_toks_free(&toks);
	return 0;
}
