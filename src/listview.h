/*
 * A scrolling list's cursor and window, as arithmetic only: which row is
 * selected and which is on top, for n rows in a window of height rows.
 * The feeds, stories and article panes each have one; the terminal layer
 * only reads them.  Invariants after every call: cur < n (or 0 when n is
 * 0), top <= cur < top + height, and the window never shows past the end
 * when it need not.
 */
#ifndef TIDINGS_LISTVIEW_H
#define TIDINGS_LISTVIEW_H

#include <stddef.h>

struct listview {
	size_t	n;		/* rows */
	size_t	cur;		/* the selected row */
	size_t	top;		/* the first row shown */
	int	height;		/* rows shown at once (>= 1 once set) */
	int	scrolloff;	/* rows kept visible around cur when possible */
};

/* The list now has n rows: cur and top are clamped. */
void	listview_set_count(struct listview *lv, size_t n);
/* The window is now height rows high (a resize). */
void	listview_set_height(struct listview *lv, int height);
/* Move the cursor by delta rows (negative: up), stopping at the ends. */
void	listview_move(struct listview *lv, long delta);
/* Move a page (dir > 0: down), the window following as in less(1). */
void	listview_page(struct listview *lv, int dir);
/* Select row pos (clamped). */
void	listview_set(struct listview *lv, size_t pos);
/* Scroll the window by delta rows without moving the cursor unless it
 * would leave the window (the mouse wheel). */
void	listview_scroll(struct listview *lv, long delta);
/* Select the row shown at window row y (a click); returns 0, or -1 when
 * no row is shown there. */
int	listview_click(struct listview *lv, int y);

#endif
