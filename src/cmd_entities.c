/*
 * `tidings entities FILE`: the named entities of a UTF-8 text, one per
 * line, START TAB END TAB TYPE TAB TEXT (byte offsets, END exclusive;
 * CLI-CONTRACTS.md).  The model is found as cmd_ner_model_path() says.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "ner.h"
#include "text.h"
#include "xmalloc.h"

#ifndef NER_MODEL_SRCDIR
#define NER_MODEL_SRCDIR	"data/ner.model"
#endif
#ifndef NER_MODEL_PKGDATADIR
#define NER_MODEL_PKGDATADIR	"/usr/local/share/tidings/ner.model"
#endif

/* Files larger than this are refused: token offsets are 32-bit, and a
 * text of a gigabyte is no story. */
#define ENTITIES_MAX	((size_t)1 << 30)

const char *
cmd_ner_model_path(void)
{
	const char	*env = getenv("TIDINGS_NER_MODEL");

	if (env != NULL && *env != '\0')
		return env;
	/* Running from the build tree uses the source tree's model, so
	 * tests and a developer's changes need no install. */
	if (access(NER_MODEL_SRCDIR, R_OK) == 0)
		return NER_MODEL_SRCDIR;
	return NER_MODEL_PKGDATADIR;
}

int
cmd_entities(const struct cmd_globals *g, int argc, char **argv)
{
	struct ner_model	*m;
	struct ner_spans	 spans = { NULL, 0, 0 };
	struct buf		 text = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	char			 chunk[65536], *cause, *t;
	const char		*path;
	size_t			 n, i;
	FILE			*f;
	int			 rc = 0;

	(void)g;
	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: tidings entities FILE\n", stderr);
		return 1;
	}
	if ((f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "tidings: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (text.len + n > ENTITIES_MAX) {
			fprintf(stderr, "tidings: %s: larger than %zu MB\n",
			    argv[1], ENTITIES_MAX >> 20);
			fclose(f);
			buf_free(&text);
			return 2;
		}
		buf_append(&text, chunk, n);
	}
	if (ferror(f)) {
		fprintf(stderr, "tidings: %s: %s\n", argv[1], strerror(errno));
		fclose(f);
		buf_free(&text);
		return 2;
	}
	fclose(f);

	path = cmd_ner_model_path();
	if ((m = ner_model_open(path, &cause)) == NULL) {
		fprintf(stderr, "tidings: entity model: %s\n", cause);
		free(cause);
		buf_free(&text);
		return 2;
	}
	ner_tag(m, text.data ? text.data : "", text.len, &spans);
	for (i = 0; i < spans.n; i++) {
		const struct ner_span *s = &spans.v[i];

		/* Tokens hold no control character, but the space between
		 * two tokens of a span might be a tab. */
		t = text_oneline(text.data + s->start, s->end - s->start);
		buf_printf(&out, "%zu\t%zu\t%s\t%s\n", s->start, s->end,
		    ner_type_name(s->type), t);
		free(t);
		if (out.len >= 65536 || i + 1 == spans.n) {
			if (fwrite(out.data, 1, out.len, stdout) != out.len)
				rc = 2;
			buf_clear(&out);
		}
	}
	if (fflush(stdout) != 0)
		rc = 2;
	buf_free(&out);
	ner_spans_free(&spans);
	ner_model_free(m);
	buf_free(&text);
	return rc;
}
