/*
 * Fetching many URLs at once on one thread: a libcurl multi handle with a
 * cap on parallel transfers, conditional GET, every compression libcurl
 * has, and hard limits (time, size, redirects, stalls).  The body is handed
 * to the caller chunk by chunk as it arrives, never buffered whole, so the
 * feed parser can run inside the write callback.
 *
 * The caller drives it: fetch_poll() waits for network activity (and, in
 * the reader, for the keyboard, as an extra descriptor) and runs the
 * callbacks of whatever progressed.  No threads, no signals.
 */
#ifndef TIDINGS_FETCH_H
#define TIDINGS_FETCH_H

#include <stddef.h>
#include <time.h>

struct fetch;

/* Limits and settings; fetch_opts_default() fills sane values.  0 turns
 * timeout, stall_time and max_body off; connect_timeout 0 is libcurl's
 * 300 s; max_redirects 0 follows none, -1 any number. */
struct fetch_opts {
	int		 parallel;	  /* transfers at once (8) */
	long		 connect_timeout; /* seconds (15) */
	long		 timeout;	  /* seconds for a whole transfer (60) */
	long		 stall_time;	  /* seconds below stall_bytes/s... (20) */
	long		 stall_bytes;	  /* ...drop the transfer (1) */
	long long	 max_body;	  /* bytes after decompression (32 MiB) */
	long		 max_redirects;	  /* (5) */
	const char	*user_agent;	  /* NULL: "tidings/VERSION" */
};

/* What the server said; passed to the body and done callbacks. */
struct fetch_info {
	long		 status;	/* HTTP status; 0 for file:// */
	const char	*content_type;	/* Content-Type header, or NULL */
	const char	*effective_url;	/* after redirects */
};

/* The outcome of one transfer, given to the done callback.  Strings are
 * owned by the fetcher and valid only during the call.  On a 304 the
 * validators sent are returned when the server did not repeat them, so
 * the caller can always store what it gets.  moved_to is set only when ok:
 * a permanent redirect to a failing page is no new home.  For file://,
 * status is 0, last_modified is the file's mtime as an HTTP date and
 * not_modified means not newer than the last_modified sent. */
struct fetch_result {
	int		 ok;		/* 1: body complete (2xx) or 304 */
	int		 not_modified;	/* 304 (or file:// not newer) */
	long		 status;	/* HTTP status, 0 when none */
	const char	*error;		/* !ok: why, one line for the user */
	const char	*etag;		/* validators to send next time, */
	const char	*last_modified;	/* or NULL */
	const char	*effective_url;	/* where the body came from */
	const char	*moved_to;	/* every redirect was permanent (301,
					 * 308): the new address; else NULL */
	long long	 body_bytes;	/* after decompression */
	long long	 wire_bytes;	/* body as received (compressed) */
};

/* Called with each piece of a 2xx body, in order; returns 0 to go on or
 * -1 to abort the transfer (the done callback then says why, using cause
 * if it was set, an allocated string the fetcher frees). */
typedef int (*fetch_body_fn)(void *arg, const struct fetch_info *info,
    const char *data, size_t len, char **cause);
/* Called exactly once per fetch_add(), when the transfer ends.  Both
 * callbacks run inside fetch_poll() (done also inside fetch_free(), with
 * the error "cancelled"); they may call fetch_add() but not fetch_poll()
 * or fetch_free(). */
typedef void (*fetch_done_fn)(void *arg, const struct fetch_result *r);

/* Fill o with the defaults. */
void		 fetch_opts_default(struct fetch_opts *o);
/* Returns a fetcher with options o (copied; NULL for defaults); caller
 * frees with fetch_free(). */
struct fetch	*fetch_new(const struct fetch_opts *o);
/* Queue url (http, https or file; copied).  etag and last_modified (may be
 * NULL, copied) make the request conditional.  arg goes to the callbacks.
 * Returns 0, or -1 with an allocated *cause for a URL curl will not take
 * (the done callback is then not called). */
int		 fetch_add(struct fetch *f, const char *url, const char *etag,
		    const char *last_modified, fetch_body_fn body,
		    fetch_done_fn done, void *arg, char **cause);
/* Wait at most timeout_ms for activity on the transfers or on the extra
 * descriptor fd (-1: none), then run the callbacks of what progressed.
 * Returns the number of transfers not finished yet (queued or running);
 * *fd_ready is set to 1 when fd became readable (may be NULL).  With
 * nothing pending and fd -1 it returns 0 at once; a negative timeout_ms
 * waits as long as it takes. */
int		 fetch_poll(struct fetch *f, int timeout_ms, int fd,
		    int *fd_ready);
/* Number of transfers queued or running. */
int		 fetch_pending(const struct fetch *f);
/* Abort every transfer (their done callbacks run with an error) and free
 * f; NULL is allowed. */
void		 fetch_free(struct fetch *f);

#endif
