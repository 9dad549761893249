/*
 * Where the panes go (see layout.h).  Every pane is a one-row title bar
 * over its contents; the status line is the last row.  Side by side, the
 * feeds are a column on the left and the stories sit over the article on
 * the right; stacked, the three share the height; single, the focused
 * pane has the screen.
 */
#include "config.h"

#include <string.h>

#include "layout.h"

/* Give pane p the rows y .. y+h-1 and columns x .. x+w-1, its title in
 * the first row. */
static void
place(struct layout *l, enum pane p, int y, int x, int h, int w)
{
	if (h < 1 || w < 1)
		return;
	l->title[p].y = y;
	l->title[p].x = x;
	l->title[p].h = 1;
	l->title[p].w = w;
	l->pane[p].y = y + 1;
	l->pane[p].x = x;
	l->pane[p].h = h - 1;
	l->pane[p].w = h > 1 ? w : 0;
	if (l->pane[p].h == 0)
		l->pane[p].w = 0;
}

void
layout_compute(int cols, int rows, enum layout_mode mode, enum pane focus,
    struct layout *out)
{
	int	body, fw, sh, fh;

	memset(out, 0, sizeof(*out));
	out->vsep_x = -1;
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	out->status.y = rows - 1;
	out->status.h = 1;
	out->status.w = cols;
	body = rows - 1;		/* rows above the status line */
	if (mode == LAYOUT_AUTO)
		mode = cols >= 120 && body >= 10 ? LAYOUT_SIDE :
		    body >= 29 ? LAYOUT_STACKED : LAYOUT_SINGLE;
	out->mode = mode;
	if (body < 2)
		return;
	switch (mode) {
	case LAYOUT_SIDE:
		fw = cols / 4;
		if (fw < 20)
			fw = 20;
		if (fw > 40)
			fw = 40;
		if (fw > cols - 11 || body < 6) {
			/* Too narrow for two columns, or too low for the
			 * stories over the article: one pane. */
			out->mode = LAYOUT_SINGLE;
			place(out, focus, 0, 0, body, cols);
			return;
		}
		place(out, PANE_FEEDS, 0, 0, body, fw);
		out->vsep_x = fw;
		sh = body * 2 / 5;
		if (sh < 2)
			sh = 2;
		place(out, PANE_ITEMS, 0, fw + 1, sh, cols - fw - 1);
		place(out, PANE_ARTICLE, sh, fw + 1, body - sh, cols - fw - 1);
		break;
	case LAYOUT_STACKED:
		if (body < 6) {
			out->mode = LAYOUT_SINGLE;
			place(out, focus, 0, 0, body, cols);
			return;
		}
		fh = body / 5;
		sh = body * 3 / 10;
		if (fh < 2)
			fh = 2;
		if (sh < 2)
			sh = 2;
		place(out, PANE_FEEDS, 0, 0, fh, cols);
		place(out, PANE_ITEMS, fh, 0, sh, cols);
		place(out, PANE_ARTICLE, fh + sh, 0, body - fh - sh, cols);
		break;
	case LAYOUT_AUTO:
	case LAYOUT_SINGLE:
		place(out, focus, 0, 0, body, cols);
		break;
	}
}

int
layout_hit(const struct layout *l, int y, int x)
{
	int	p;

	for (p = 0; p < PANE_COUNT; p++) {
		const struct rect *r = &l->pane[p];

		if (r->w > 0 && r->h > 0 && y >= r->y && y < r->y + r->h &&
		    x >= r->x && x < r->x + r->w)
			return p;
	}
	return -1;
}

int
layout_mode_parse(const char *s)
{
	static const char *const names[] = { "auto", "side", "stacked",
	    "single" };
	int	i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}
