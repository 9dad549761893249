/*
 * ner-bench: how fast the entity tagger is, without process start-up.
 *
 *   tools/ner-bench [-m MODEL] [-t SECONDS] FILE...
 *
 * Reads the FILEs into memory, maps MODEL (default data/ner.model) and
 * prints the time that took, then runs ner_tag() over every file, round
 * after round, for at least SECONDS of CPU time (default 3) on this one
 * thread, and prints the tokens per second (tokens as ner_tokenize()
 * counts them; tokenizing is part of the time measured) and the bytes
 * per second.  A first round, untimed, warms the caches, as a reader
 * that tags story after story would have them.
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
#include "xmalloc.h"

static double
now(clockid_t clock)
{
	struct timespec	ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char		*path = "data/ner.model";
	struct ner_model	*m;
	struct ner_spans	 spans = { NULL, 0, 0 };
	struct ner_toks		 toks = { NULL, 0, 0 };
	struct buf		*text;
	char			*cause, chunk[65536];
	double			 secs = 3, t0, t, elapsed;
	size_t			 i, n, tokens = 0, bytes = 0, rounds = 0;
	size_t			 entities = 0;
	FILE			*f;
	int			 c;

	while ((c = getopt(argc, argv, "m:t:")) != -1) {
		switch (c) {
		case 'm':
			path = optarg;
			break;
		case 't':
			secs = atof(optarg);
			break;
		default:
			fputs("usage: ner-bench [-m MODEL] [-t SECONDS] FILE...\n",
			    stderr);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs("usage: ner-bench [-m MODEL] [-t SECONDS] FILE...\n",
		    stderr);
		return 1;
	}
	text = xcalloc((size_t)argc, sizeof(*text));
	for (i = 0; i < (size_t)argc; i++) {
		if ((f = fopen(argv[i], "r")) == NULL) {
			fprintf(stderr, "ner-bench: %s: %s\n", argv[i],
			    strerror(errno));
			return 2;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&text[i], chunk, n);
		fclose(f);
		ner_tokenize(&toks, text[i].data ? text[i].data : "",
		    text[i].len);
		tokens += toks.n;
		bytes += text[i].len;
	}

	t0 = now(CLOCK_MONOTONIC);
	if ((m = ner_model_open(path, &cause)) == NULL) {
		fprintf(stderr, "ner-bench: %s\n", cause);
		return 2;
	}
	printf("model load: %.3f ms (%s)\n", (now(CLOCK_MONOTONIC) - t0) *
	    1e3, path);

	for (i = 0; i < (size_t)argc; i++)	/* warm-up */
		ner_tag(m, text[i].data ? text[i].data : "", text[i].len,
		    &spans);
	t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	do {
		for (i = 0; i < (size_t)argc; i++) {
			ner_tag(m, text[i].data ? text[i].data : "",
			    text[i].len, &spans);
			entities += spans.n;
		}
		rounds++;
		t = now(CLOCK_PROCESS_CPUTIME_ID);
	} while (t - t0 < secs);
	elapsed = t - t0;
	printf("%zu files, %zu tokens, %zu bytes, %zu rounds in %.2f s CPU\n",
	    (size_t)argc, tokens, bytes, rounds, elapsed);
	printf("%.0f tokens/s, %.1f MB/s, %zu entities a round\n",
	    (double)tokens * rounds / elapsed,
	    (double)bytes * rounds / elapsed / 1e6, entities / rounds);
	for (i = 0; i < (size_t)argc; i++)
		buf_free(&text[i]);
	free(text);
	ner_spans_free(&spans);
	ner_toks_free(&toks);
	ner_model_free(m);
	return 0;
}
