/*
 * The cursor and window of a scrolling list (see listview.h): plain
 * arithmetic, so every pane scrolls the same way and the tests need no
 * terminal.  fix() restores the invariants after any change.
 */
#include "config.h"

#include "listview.h"

/* The scrolloff that fits: at most half the window. */
static size_t
margin(const struct listview *lv)
{
	size_t	h = lv->height > 0 ? (size_t)lv->height : 1;
	size_t	m = lv->scrolloff > 0 ? (size_t)lv->scrolloff : 0;

	if (m > (h - 1) / 2)
		m = (h - 1) / 2;
	return m;
}

/* Clamp cur, then move top so that cur is inside the window with the
 * margin around it, and the window shows no blank rows past the end
 * when the list is long enough. */
static void
fix(struct listview *lv)
{
	size_t	h = lv->height > 0 ? (size_t)lv->height : 1;
	size_t	m = margin(lv);

	if (lv->n == 0) {
		lv->cur = lv->top = 0;
		return;
	}
	if (lv->cur >= lv->n)
		lv->cur = lv->n - 1;
	if (lv->cur < lv->top + m)
		lv->top = lv->cur > m ? lv->cur - m : 0;
	if (lv->cur + m >= lv->top + h)
		lv->top = lv->cur + m + 1 - h;
	if (lv->n > h && lv->top > lv->n - h)
		lv->top = lv->n - h;
	if (lv->n <= h)
		lv->top = 0;
}

void
listview_set_count(struct listview *lv, size_t n)
{
	lv->n = n;
	fix(lv);
}

void
listview_set_height(struct listview *lv, int height)
{
	lv->height = height > 0 ? height : 1;
	fix(lv);
}

void
listview_move(struct listview *lv, long delta)
{
	if (delta < 0)
		lv->cur = (size_t)-delta > lv->cur ? 0 : lv->cur - (size_t)-delta;
	else if (lv->n > 0)
		lv->cur = (size_t)delta >= lv->n - lv->cur ? lv->n - 1 :
		    lv->cur + (size_t)delta;
	fix(lv);
}

void
listview_page(struct listview *lv, int dir)
{
	size_t	hh = lv->height > 0 ? (size_t)lv->height : 1;
	size_t	h = hh > 1 ? hh - 1 : 1;
	size_t	max = lv->n > hh ? lv->n - hh : 0, top;

	/* As in less(1): the window moves a page, keeping one row of
	 * context, and the cursor moves with it; at the end it goes to the
	 * last (or first) row. */
	if (dir > 0) {
		top = lv->top + h < max ? lv->top + h : max;
		if (top == lv->top)
			lv->cur = lv->n > 0 ? lv->n - 1 : 0;
		else {
			lv->cur += top - lv->top;
			/* Not into the margin, or fix() would pull the
			 * window back. */
			if (lv->cur < top + margin(lv))
				lv->cur = top + margin(lv);
		}
	} else {
		top = lv->top > h ? lv->top - h : 0;
		if (top == lv->top)
			lv->cur = 0;
		else {
			lv->cur -= lv->top - top;
			if (lv->cur + margin(lv) >= top + hh)
				lv->cur = top + hh - 1 - margin(lv);
		}
	}
	if (lv->n > 0 && lv->cur >= lv->n)
		lv->cur = lv->n - 1;
	lv->top = top;
	fix(lv);
}

void
listview_set(struct listview *lv, size_t pos)
{
	lv->cur = pos;
	fix(lv);
}

void
listview_scroll(struct listview *lv, long delta)
{
	size_t	h = lv->height > 0 ? (size_t)lv->height : 1;
	size_t	max = lv->n > h ? lv->n - h : 0;
	size_t	m = margin(lv);

	if (delta < 0)
		lv->top = (size_t)-delta > lv->top ? 0 : lv->top - (size_t)-delta;
	else
		lv->top = lv->top + (size_t)delta > max ? max :
		    lv->top + (size_t)delta;
	/* The cursor stays put unless the window left it behind. */
	if (lv->cur < lv->top + m && lv->top > 0)
		lv->cur = lv->top + m;
	if (lv->cur + m >= lv->top + h && lv->top + h < lv->n)
		lv->cur = lv->top + h - 1 - m;
	if (lv->cur < lv->top)
		lv->cur = lv->top;
	if (lv->cur >= lv->top + h)
		lv->cur = lv->top + h - 1;
	if (lv->n > 0 && lv->cur >= lv->n)
		lv->cur = lv->n - 1;
	if (lv->n == 0)
		lv->cur = 0;
}

int
listview_click(struct listview *lv, int y)
{
	if (y < 0 || y >= lv->height || lv->top + (size_t)y >= lv->n)
		return -1;
	lv->cur = lv->top + (size_t)y;
	fix(lv);
	return 0;
}
