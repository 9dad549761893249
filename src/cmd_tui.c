/*
 * `tidings` without a command: the interactive reader.  Reads the config
 * and the subscriptions, opens the cache and the entity model, and hands
 * over to the terminal loop.  What it reads is what the first screen
 * needs: the feeds table and the first feed's stories.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "fetch.h"
#include "keymap.h"
#include "ner.h"
#include "paths.h"
#include "reload.h"
#include "subs.h"
#include "ui.h"
#include "xmalloc.h"

/* The app_subs of the urls file's feeds (newsboat's query: and exec:
 * lines are skipped); urls[] and tags[] hold what they point to, and the
 * caller frees all three. */
static struct app_sub *
subs_to_app(const struct subs *subs, char ***urls, char ***tags, size_t *n)
{
	struct app_sub	*v;
	size_t		 i, j, k;

	v = xcalloc(subs->n + 1, sizeof(*v));
	*urls = xcalloc(subs->n + 1, sizeof(**urls));
	*tags = xcalloc(subs->n + 1, sizeof(**tags));
	for (i = k = 0; i < subs->n; i++) {
		const struct sub *s = &subs->v[i];
		struct buf	 b = { NULL, 0, 0 };
		char		*url = cmd_feed_url(s->url);

		if (strstr(url, "://") == NULL) {
			free(url);
			continue;
		}
		for (j = 0; j < k; j++)		/* listed twice: shown once */
			if (strcmp((*urls)[j], url) == 0)
				break;
		if (j < k) {
			free(url);
			continue;
		}
		for (j = 0; j < s->ntags; j++) {
			if (b.len > 0)
				buf_putc(&b, ' ');
			buf_puts(&b, s->tags[j]);
		}
		(*urls)[k] = url;
		(*tags)[k] = b.len > 0 ? buf_steal(&b) : NULL;
		v[k].url = url;
		v[k].name = s->title;
		v[k].tags = (*tags)[k];
		k++;
	}
	*n = k;
	return v;
}

int
cmd_tui(const struct cmd_globals *g, int argc, char **argv)
{
	struct conf		 conf;
	struct keymap		*km;
	struct subs		 subs = { NULL, 0 };
	struct app_sub		*asubs;
	struct store		*store;
	struct ner_model	*ner = NULL;
	struct fetch_opts	 fo;
	struct app		 app;
	struct ui_env		 env;
	char			*urls, *confpath, *cause = NULL, *nercause = NULL;
	char			**surls, **stags;
	size_t			 n, i;
	int			 rc;

	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		/* In a pipe or a script: what the reader would show first,
		 * as text. */
		char	*rargv[] = { (char *)"reload", NULL };
		char	*largv[] = { (char *)"list", NULL };

		fputs("tidings: not a terminal, so no reader: reloading and "
		    "listing the stories (tidings reload; tidings list)\n",
		    stderr);
		if ((rc = cmd_reload(g, 1, rargv)) != 0)
			return rc;
		return cmd_list(g, 1, largv);
	}
	conf_init(&conf);
	km = keymap_new();
	confpath = getenv("TIDINGS_CONFIG") != NULL ?
	    xstrdup(getenv("TIDINGS_CONFIG")) : paths_config("config");
	if (conf_load(&conf, km, confpath, &cause) == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
		free(confpath);
		keymap_free(km);
		conf_free(&conf);
		return 2;
	}
	free(confpath);
	if (getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != '\0')
		conf_no_color(&conf);	/* https://no-color.org */

	urls = cmd_urls_path(g);
	if (subs_load(urls, &subs, &cause) == -1) {
		/* No urls file yet: the reader starts empty and says how
		 * to subscribe. */
		free(cause);
		cause = NULL;
	}
	if (cmd_open_store(g, &store) == -1) {
		subs_free(&subs);
		free(urls);
		keymap_free(km);
		conf_free(&conf);
		return 2;
	}
	/* Without the model the reader works, and the status line says
	 * why names are not highlighted. */
	if (conf.highlight)
		ner = ner_model_open(cmd_ner_model_path(), &nercause);
	asubs = subs_to_app(&subs, &surls, &stags, &n);
	rc = app_init(&app, store, asubs, n, &conf, km, ner, &cause);
	if (rc == -1) {
		fprintf(stderr, "tidings: %s\n", cause);
		free(cause);
	} else {
		if (nercause != NULL)
			app_status(&app, 1, "names are not highlighted: %s",
			    nercause);
		fetch_opts_default(&fo);
		fo.parallel = conf.threads;
		memset(&env, 0, sizeof(env));
		env.app = &app;
		env.urls = urls;
		env.fetch = fetch_new(&fo);
		env.reload = reload_new(store, env.fetch, conf.keep,
		    ui_reload_event, &env);
		rc = ui_run(&app, &env);
		/* Transfers still running are cancelled; their feeds keep
		 * what they had. */
		fetch_free(env.fetch);
		reload_free(env.reload);
		app_free(&app);
	}
	for (i = 0; i < n; i++) {
		free(surls[i]);
		free(stags[i]);
	}
	free(surls);
	free(stags);
	free(asubs);
	free(nercause);
	ner_model_free(ner);
	store_close(store);
	subs_free(&subs);
	free(urls);
	keymap_free(km);
	conf_free(&conf);
	return rc == -1 ? 2 : rc;
}
