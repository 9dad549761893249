/*
 * The terminal: the one loop of the reader and everything that draws.
 * This is the only module that includes curses.
 */
#ifndef TIDINGS_UI_H
#define TIDINGS_UI_H

#include "app.h"
#include "reload.h"

/* What the loop needs besides the app; all stay the caller's. */
struct ui_env {
	struct app	*app;
	struct fetch	*fetch;
	struct reload	*reload;
	const char	*urls;		/* the urls file, for moved feeds */
};

/* Take over the terminal and run the reader on app until the user
 * quits or a signal ends it; the terminal is restored in every case
 * (out of memory too).  Returns the exit status (0). */
int	ui_run(struct app *app, struct ui_env *env);
/* The reload callback to give reload_new() (arg: the ui_env). */
void	ui_reload_event(void *arg, const struct reload_event *ev);

#endif
