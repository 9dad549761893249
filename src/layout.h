/*
 * Where the panes go on a screen of cols x rows: side by side on wide
 * terminals, stacked on tall ones, one at a time on small ones.  Pure
 * arithmetic, tested without a terminal.
 */
#ifndef TIDINGS_LAYOUT_H
#define TIDINGS_LAYOUT_H

enum pane { PANE_FEEDS, PANE_ITEMS, PANE_ARTICLE, PANE_COUNT };

enum layout_mode {
	LAYOUT_AUTO,	/* side by side from 120 columns, else stacked when
			 * at least 30 rows, else single */
	LAYOUT_SIDE,	/* feeds | stories over article */
	LAYOUT_STACKED,	/* feeds over stories over article */
	LAYOUT_SINGLE	/* only the focused pane */
};

/* A rectangle of cells; h == 0 or w == 0 means not shown. */
struct rect {
	int	y, x, h, w;
};

struct layout {
	enum layout_mode mode;		/* what AUTO resolved to */
	struct rect	 pane[PANE_COUNT];	/* contents, without titles */
	struct rect	 title[PANE_COUNT];	/* one-row title bars */
	struct rect	 status;	/* the bottom row */
	int		 vsep_x;	/* column of the vertical rule, -1: none */
};

/* Compute the layout for mode on a cols x rows screen with pane focus
 * focused (only it is shown in single mode).  Any size works; below
 * 20 x 5 everything but the status line may be empty. */
void	layout_compute(int cols, int rows, enum layout_mode mode,
	    enum pane focus, struct layout *out);
/* Returns the pane whose contents hold cell (y, x), or -1. */
int	layout_hit(const struct layout *l, int y, int x);
/* Parse "auto", "side", "stacked", "single"; -1 if none. */
int	layout_mode_parse(const char *s);

#endif
