/*
 * libFuzzer target for the HTML renderer (html.h), built by
 * tests/fuzz.sh: the first byte picks a width (1 to 120), the rest is
 * rendered and wrapped, and the output is checked: every span inside its
 * block or line, every line within the width (a lone character wider than
 * a one-column line aside), no control character and no invalid UTF-8 in
 * any text that reaches the screen.
 */
#include "config.h"

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "text.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int	ready;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_doc		 doc;
	struct html_lines	 lines = { NULL, 0, 0 };
	char			*cause = NULL;
	size_t			 i, j;
	int			 width, w;
	uint32_t		 cp;

	if (!ready) {
		setlocale(LC_CTYPE, "C.UTF-8");
		ready = 1;
	}
	if (size < 1)
		return 0;
	width = 1 + data[0] % 120;
	memset(&doc, 0, sizeof(doc));
	if (html_render((const char *)data + 1, size - 1, "http://a.example/d/",
	    &doc, &cause) == -1)
		free(cause);
	for (i = 0; i < doc.nblocks; i++) {
		const struct html_block *b = &doc.blocks[i];

		if (b->text == NULL || strlen(b->text) != b->len ||
		    !text_valid_utf8(b->text, b->len) ||
		    memchr(b->text, 0x1b, b->len) != NULL)
			__builtin_trap();
		for (j = 0; j < b->nspans; j++)
			if (b->spans[j].start >= b->spans[j].end ||
			    b->spans[j].end > b->len ||
			    (j > 0 && b->spans[j].start < b->spans[j - 1].start))
				__builtin_trap();
	}
	html_wrap(&doc, width, &lines);
	for (i = 0; i < lines.n; i++) {
		const struct html_line *l = &lines.v[i];

		if (!text_valid_utf8(l->text, l->len) ||
		    memchr(l->text, '\n', l->len) != NULL ||
		    memchr(l->text, '\t', l->len) != NULL ||
		    memchr(l->text, 0x1b, l->len) != NULL)
			__builtin_trap();
		w = utf8_width(l->text, l->len);
		if (w > width && !(width == 1 && w == 2 &&
		    utf8_decode(l->text, l->len, &cp) == l->len))
			__builtin_trap();
		for (j = 0; j < l->nspans; j++)
			if (l->spans[j].start >= l->spans[j].end ||
			    l->spans[j].end > l->len)
				__builtin_trap();
	}
	html_lines_free(&lines);
	html_doc_free(&doc);
	return 0;
}
