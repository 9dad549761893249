/*
 * The fetcher: many HTTP(S) and file:// transfers at once on one thread,
 * through one libcurl multi handle.
 *
 * Requests wait in a FIFO of small records; at most opts.parallel of them
 * run at a time, each in a slot that keeps its curl easy handle from one
 * transfer to the next, so a reload of a thousand feeds creates a handful
 * of easy handles and holds a handful of buffers, whatever the queue's
 * length.  Connections stay in the multi handle's cache and are reused
 * (and multiplexed over HTTP/2 when the server offers it).
 *
 * The body goes to the caller's callback as it arrives, and only for a
 * 2xx answer (or a file): an error page never reaches the feed parser.
 * Every limit (time, stall, size after decompression, redirects, allowed
 * protocols) ends the transfer with a one-line sentence for the user.
 *
 * The multi handle is made by the first fetch_add(), not by fetch_new():
 * until a transfer is asked for, libcurl is not even loaded (lazy.c), so
 * the reader starts without paying for it; fetch_poll() then waits on the
 * caller's descriptor alone.  curl_global_init() runs once, with the first
 * multi handle, and is never undone: libcurl wants it called while no
 * other thread uses libcurl, and tidings has no other thread.
 */
#include "config.h"

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "fetch.h"
#include "xmalloc.h"

#if LIBCURL_VERSION_NUM < 0x074200
#error "libcurl 7.66 or later is needed (curl_multi_poll)"
#endif

/* Bytes of an error page read (and dropped) before giving up on it: a
 * short page is drained so its connection can be reused; a long one is
 * not worth the wait. */
#define ERRPAGE_MAX	(64 * 1024)
/* Header values longer than this are not kept: no real ETag, date or
 * content type comes near it. */
#define HEADER_MAX	1024

/* A request waiting for a slot.  Queued requests hold nothing but these
 * strings, so a long queue costs little. */
struct req {
	struct req	*next;
	char		*url;		/* owned */
	char		*etag;		/* owned, or NULL */
	char		*last_modified;	/* owned, or NULL */
	fetch_body_fn	 body;
	fetch_done_fn	 done;
	void		*arg;
};

/* Why the write callback stopped a transfer. */
enum abort_why {
	ABORT_NONE,
	ABORT_SIZE,		/* the body passed max_body */
	ABORT_BODY,		/* the body callback returned -1 */
	ABORT_ERRPAGE		/* a long error page */
};

/* A running transfer; the easy handle outlives it, for the next one. */
struct slot {
	struct fetch	*f;
	struct req	*req;		/* owned; NULL when the slot is idle */
	CURL		*easy;		/* NULL until first used */
	struct curl_slist *headers;	/* conditional headers, owned */
	int		 is_file;
	int		 interim;	/* reading the headers of a 1xx */
	long		 status;	/* of the latest response */
	char		 reason[64];	/* its reason phrase, maybe "" */
	int		 hops;		/* redirects followed */
	int		 temporary;	/* a hop was not 301 or 308 */
	char		*etag;		/* headers of the latest response, */
	char		*last_modified;	/* owned, or NULL */
	char		*content_type;
	long long	 body_bytes;	/* given to the body callback */
	long long	 discarded;	/* error page bytes dropped */
	enum abort_why	 why;
	char		*cause;		/* from the body callback, owned */
	char		 errbuf[CURL_ERROR_SIZE];
};

/* The fetcher: the multi handle, the slots and the queue. */
struct fetch {
	CURLM		*multi;
	struct fetch_opts opts;		/* user_agent points to ua */
	char		*ua;		/* owned */
	struct slot	*slots;		/* opts.parallel of them */
	int		 running;	/* slots in use */
	struct req	*head, *tail;	/* the queue, oldest first */
	int		 queued;
	int		 closing;	/* in fetch_free: no more fetch_add */
};

/* Set an option that cannot fail short of a broken build or no memory. */
#define SETOPT(e, opt, val) do {					\
	CURLcode rc_ = curl_easy_setopt((e), (opt), (val));		\
	if (rc_ != CURLE_OK)						\
		fatal("curl_easy_setopt(%s): %s", #opt,			\
		    curl_easy_strerror(rc_));				\
} while (0)

void
fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->parallel = 8;
	o->connect_timeout = 15;
	o->timeout = 60;
	o->stall_time = 20;
	o->stall_bytes = 1;
	o->max_body = 32LL * 1024 * 1024;
	o->max_redirects = 5;
	o->user_agent = NULL;
}

struct fetch *
fetch_new(const struct fetch_opts *o)
{
	struct fetch	*f;
	int		 i;

	f = xcalloc(1, sizeof(*f));
	if (o != NULL)
		f->opts = *o;
	else
		fetch_opts_default(&f->opts);
	if (f->opts.parallel < 1)
		f->opts.parallel = 1;
	if (f->opts.parallel > 1000)
		f->opts.parallel = 1000;
	f->ua = f->opts.user_agent != NULL ? xstrdup(f->opts.user_agent) :
	    xstrdup("tidings/" PACKAGE_VERSION);
	f->opts.user_agent = f->ua;
	f->slots = xcalloc((size_t)f->opts.parallel, sizeof(*f->slots));
	for (i = 0; i < f->opts.parallel; i++)
		f->slots[i].f = f;
	return f;
}

/* Make f's multi handle, when the first transfer is asked for. */
static void
multi_start(struct fetch *f)
{
	static int	 global_done;
	CURLMcode	 mc;

	if (f->multi != NULL)
		return;
	/* Once per process, before any other libcurl call of ours that
	 * needs it (uri.c's URL API does not). */
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			fatal("curl_global_init failed");
		global_done = 1;
	}
	if ((f->multi = curl_multi_init()) == NULL)
		fatal("out of memory (curl_multi_init)");
	/* Our own queue keeps transfers at parallel; the connection cap
	 * makes the promise hold for sockets too, and a small cache of
	 * idle connections keeps memory flat over a thousand hosts. */
	mc = curl_multi_setopt(f->multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX);
	if (mc == CURLM_OK)
		mc = curl_multi_setopt(f->multi,
		    CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->opts.parallel);
	if (mc == CURLM_OK)
		mc = curl_multi_setopt(f->multi, CURLMOPT_MAXCONNECTS,
		    (long)f->opts.parallel);
	if (mc != CURLM_OK)
		fatal("curl_multi_setopt: %s", curl_multi_strerror(mc));
}

/* Returns 1 when s may go into a request header as it is: no control
 * characters (a CR or LF would start a header of its own). */
static int
header_safe(const char *s)
{
	const unsigned char	*p;

	if (s == NULL || *s == '\0' || strlen(s) > HEADER_MAX)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

int
fetch_add(struct fetch *f, const char *url, const char *etag,
    const char *last_modified, fetch_body_fn body, fetch_done_fn done,
    void *arg, char **cause)
{
	CURLU		*u;
	CURLUcode	 uc;
	char		*scheme = NULL;
	struct req	*r;
	int		 ok;

	if (f->closing) {
		*cause = xstrdup("the fetcher is shutting down");
		return -1;
	}
	multi_start(f);
	/* Check the URL now, with the parser curl will use, so that a bad
	 * one is the caller's error at once and never a queued transfer. */
	if ((u = curl_url()) == NULL)
		fatal("out of memory (curl_url)");
	uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OUT_OF_MEMORY)
		fatal("out of memory (curl_url_set)");
	if (uc != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		*cause = xstrdup("not a valid URL");
		return -1;
	}
	ok = strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    strcmp(scheme, "file") == 0;
	if (!ok)
		*cause = xasprintf("unsupported URL scheme \"%s\" (http, "
		    "https and file only)", scheme);
	curl_free(scheme);
	curl_url_cleanup(u);
	if (!ok)
		return -1;

	r = xcalloc(1, sizeof(*r));
	r->url = xstrdup(url);
	r->etag = header_safe(etag) ? xstrdup(etag) : NULL;
	r->last_modified = header_safe(last_modified) ?
	    xstrdup(last_modified) : NULL;
	r->body = body;
	r->done = done;
	r->arg = arg;
	/* Only queued: this may run inside a curl callback (a body callback
	 * adding a URL), where the multi handle must not be touched. */
	if (f->tail != NULL)
		f->tail->next = r;
	else
		f->head = r;
	f->tail = r;
	f->queued++;
	return 0;
}

/* Free a request and its strings. */
static void
req_free(struct req *r)
{
	free(r->url);
	free(r->etag);
	free(r->last_modified);
	free(r);
}

/* Replace *dst with a copy of the len bytes at src, or NULL when they are
 * unfit to keep (too long, control characters). */
static void
set_header_value(char **dst, const char *src, size_t len)
{
	size_t	i;

	free(*dst);
	*dst = NULL;
	if (len == 0 || len > HEADER_MAX)
		return;
	for (i = 0; i < len; i++)
		if (((unsigned char)src[i] < 0x20 && src[i] != '\t') ||
		    src[i] == 0x7f)
			return;
	*dst = xstrndup(src, len);
}

/* Forget the headers of the previous response (a redirect, a 1xx). */
static void
clear_response(struct slot *s)
{
	free(s->etag);
	free(s->last_modified);
	free(s->content_type);
	s->etag = s->last_modified = s->content_type = NULL;
	s->reason[0] = '\0';
}

/* Read a status line ("HTTP/1.1 301 Moved Permanently"): each one after
 * the first final response means the previous response was a redirect
 * that curl followed. */
static void
status_line(struct slot *s, const char *p, const char *end)
{
	long	 code = 0;
	size_t	 i, n;

	while (p < end && *p != ' ')	/* the version */
		p++;
	while (p < end && *p == ' ')
		p++;
	for (i = 0; i < 3 && p < end && *p >= '0' && *p <= '9'; i++, p++)
		code = code * 10 + (*p - '0');
	if (i != 3)
		return;		/* curl rejects such a reply itself */
	if (code < 200) {	/* 100 Continue, 103 Early Hints */
		s->interim = 1;
		return;
	}
	s->interim = 0;
	if (s->status != 0) {
		s->hops++;
		if (s->status != 301 && s->status != 308)
			s->temporary = 1;
	}
	s->status = code;
	clear_response(s);
	while (p < end && *p == ' ')
		p++;
	/* The reason phrase goes into an error message: printable ASCII
	 * only, shortened. */
	for (n = 0; p < end && n < sizeof(s->reason) - 1; p++)
		s->reason[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : ' ';
	s->reason[n] = '\0';
}

/* curl's header callback: one whole header line per call, of every
 * response in a redirect chain (CONNECT answers are suppressed).  Keeps
 * the status and the few headers we report, of the latest response. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct slot	*s = arg;
	size_t		 len = size * n;
	const char	*end = data + len, *colon, *v;

	while (end > data && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end - data >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		status_line(s, data, end);
		return len;
	}
	/* Headers of a 1xx, and trailers after a chunked body, are not
	 * the response's. */
	if (s->interim || s->body_bytes > 0 || s->discarded > 0)
		return len;
	if ((colon = memchr(data, ':', (size_t)(end - data))) == NULL)
		return len;
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
#define IS(name) ((size_t)(colon - data) == sizeof(name) - 1 &&	\
	strncasecmp(data, (name), sizeof(name) - 1) == 0)
	if (IS("etag"))
		set_header_value(&s->etag, v, (size_t)(end - v));
	else if (IS("last-modified"))
		set_header_value(&s->last_modified, v, (size_t)(end - v));
	else if (IS("content-type"))
		set_header_value(&s->content_type, v, (size_t)(end - v));
#undef IS
	return len;
}

/* curl's write callback: the decompressed body of the final response.
 * Returning less than n aborts the transfer (CURLE_WRITE_ERROR), with
 * s->why saying why. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct slot		*s = arg;
	struct req		*r = s->req;
	struct fetch_info	 info;
	char			*cause = NULL, *url = NULL;
	long long		 max = s->f->opts.max_body;

	n *= size;
	/* Not a 2xx: an error page (or an unfollowed 3xx) that must not
	 * reach the parser.  The status line made the verdict already. */
	if (!s->is_file && (s->status < 200 || s->status > 299)) {
		s->discarded += (long long)n;
		if (s->discarded > ERRPAGE_MAX) {
			s->why = ABORT_ERRPAGE;
			return 0;
		}
		return n;
	}
	if (n == 0)
		return 0;
	/* Counted after decompression, so a gzip bomb stops here. */
	s->body_bytes += (long long)n;
	if (max > 0 && s->body_bytes > max) {
		s->why = ABORT_SIZE;
		return 0;
	}
	if (r->body == NULL)
		return n;
	curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL, &url);
	info.status = s->status;
	info.content_type = s->content_type;
	info.effective_url = url != NULL ? url : r->url;
	if (r->body(r->arg, &info, data, n, &cause) == -1) {
		free(s->cause);
		s->cause = cause;	/* may be NULL: a default is used */
		s->why = ABORT_BODY;
		return 0;
	}
	free(cause);	/* a cause without a failure means nothing */
	return n;
}

/* Start request r in the idle slot s.  Every option is set again after
 * curl_easy_reset(), so nothing leaks from one transfer into the next. */
static void
start(struct fetch *f, struct slot *s, struct req *r)
{
	const struct fetch_opts	*o = &f->opts;
	struct curl_slist	*h;
	char			*line;
	CURL			*e;
	CURLMcode		 mc;
	time_t			 since;

	if (s->easy == NULL) {
		if ((s->easy = curl_easy_init()) == NULL)
			fatal("out of memory (curl_easy_init)");
	} else
		curl_easy_reset(s->easy);
	e = s->easy;
	s->req = r;
	s->is_file = strncasecmp(r->url, "file:", 5) == 0;
	s->interim = 0;
	s->status = 0;
	s->hops = 0;
	s->temporary = 0;
	clear_response(s);
	s->body_bytes = s->discarded = 0;
	s->why = ABORT_NONE;
	s->errbuf[0] = '\0';

	SETOPT(e, CURLOPT_URL, r->url);
	SETOPT(e, CURLOPT_PRIVATE, (void *)s);
	SETOPT(e, CURLOPT_ERRORBUFFER, s->errbuf);
	SETOPT(e, CURLOPT_NOSIGNAL, 1L);
	SETOPT(e, CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(e, CURLOPT_WRITEDATA, (void *)s);
	SETOPT(e, CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(e, CURLOPT_HEADERDATA, (void *)s);
	SETOPT(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	SETOPT(e, CURLOPT_USERAGENT, o->user_agent);
	SETOPT(e, CURLOPT_ACCEPT_ENCODING, "");	/* all curl can decode */
	SETOPT(e, CURLOPT_FAILONERROR, 0L);	/* we judge the status */
	SETOPT(e, CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(e, CURLOPT_MAXREDIRS, o->max_redirects);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
	/* A redirect to file:// would read local files into a feed. */
	SETOPT(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SETOPT(e, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FILE));
	SETOPT(e, CURLOPT_REDIR_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* No CURLOPT_PIPEWAIT: curl 7.88 parks a transfer that waits to
	 * multiplex until another transfer ends, so on an HTTP/1.1 host one
	 * hanging request would hold up every other one to that host.
	 * Multiplexing still happens once an HTTP/2 connection is up. */
	SETOPT(e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SETOPT(e, CURLOPT_TIMEOUT, o->timeout);
	if (o->stall_time > 0) {
		SETOPT(e, CURLOPT_LOW_SPEED_LIMIT, o->stall_bytes);
		SETOPT(e, CURLOPT_LOW_SPEED_TIME, o->stall_time);
	}
	/* A declared length over the limit fails before any byte; the
	 * write callback enforces it after decompression. */
	if (o->max_body > 0)
		SETOPT(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);

	h = NULL;
	if (s->is_file) {
		/* curl compares a file's mtime itself (file.c honours the
		 * time condition and sets CURLINFO_CONDITION_UNMET). */
		SETOPT(e, CURLOPT_FILETIME, 1L);
		if (r->last_modified != NULL &&
		    (since = curl_getdate(r->last_modified, NULL)) != -1) {
			SETOPT(e, CURLOPT_TIMECONDITION,
			    (long)CURL_TIMECOND_IFMODSINCE);
			SETOPT(e, CURLOPT_TIMEVALUE_LARGE, (curl_off_t)since);
		}
	} else {
		/* The validators go back exactly as the server wrote
		 * them. */
		if (r->etag != NULL) {
			line = xasprintf("If-None-Match: %s", r->etag);
			if ((h = curl_slist_append(h, line)) == NULL)
				fatal("out of memory (curl_slist_append)");
			free(line);
		}
		if (r->last_modified != NULL) {
			line = xasprintf("If-Modified-Since: %s",
			    r->last_modified);
			if ((h = curl_slist_append(h, line)) == NULL)
				fatal("out of memory (curl_slist_append)");
			free(line);
		}
	}
	s->headers = h;
	if (h != NULL)
		SETOPT(e, CURLOPT_HTTPHEADER, h);
	if ((mc = curl_multi_add_handle(f->multi, e)) != CURLM_OK)
		fatal("curl_multi_add_handle: %s", curl_multi_strerror(mc));
	f->running++;
}

/* Move queued requests into idle slots, oldest first. */
static void
start_queued(struct fetch *f)
{
	struct req	*r;
	int		 i = 0;

	while (f->head != NULL && f->running < f->opts.parallel) {
		while (f->slots[i].req != NULL)
			i++;	/* there is one: running < parallel */
		r = f->head;
		if ((f->head = r->next) == NULL)
			f->tail = NULL;
		r->next = NULL;
		f->queued--;
		start(f, &f->slots[i], r);
	}
}

/* Returns n bytes as "32 MiB", "512 KiB" or "1000 bytes". */
static char *
size_text(long long n)
{
	if (n > 0 && n % (1024 * 1024) == 0)
		return xasprintf("%lld MiB", n / (1024 * 1024));
	if (n > 0 && n % 1024 == 0)
		return xasprintf("%lld KiB", n / 1024);
	return xasprintf("%lld bytes", n);
}

/* Returns the usual reason phrase of an HTTP status, for HTTP/2 answers
 * (which have none), or NULL. */
static const char *
reason_of(long code)
{
	switch (code) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 451: return "Unavailable For Legal Reasons";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return NULL;
	}
}

/* Returns the sentence for a transfer that ended with curl code rc, an
 * allocated string; never the URL (the caller names the feed). */
static char *
error_text(struct slot *s, CURLcode rc)
{
	const struct fetch_opts	*o = &s->f->opts;
	curl_off_t		 connected = 0;
	long			 oserr = 0;
	char			*t, *size, *p;

	switch (rc) {
	case CURLE_WRITE_ERROR:
		switch (s->why) {
		case ABORT_SIZE:
			break;	/* below, with CURLE_FILESIZE_EXCEEDED */
		case ABORT_BODY:
			if (s->cause != NULL) {
				t = s->cause;
				s->cause = NULL;
				return t;
			}
			return xstrdup("the transfer was stopped by its "
			    "reader");
		default:
			return xstrdup("could not pass the body on");
		}
		/* FALLTHROUGH */
	case CURLE_FILESIZE_EXCEEDED:
		size = size_text(o->max_body);
		t = xasprintf("body larger than %s", size);
		free(size);
		return t;
	case CURLE_OPERATION_TIMEDOUT:
		/* One code for three limits: curl's message tells a stall
		 * apart, the connect time a connection never made. */
		if (strstr(s->errbuf, "too slow") != NULL) {
			if (o->stall_bytes <= 1)
				return xasprintf("stalled: no data for %ld s",
				    o->stall_time);
			return xasprintf("stalled: less than %ld bytes/s "
			    "for %ld s", o->stall_bytes, o->stall_time);
		}
		curl_easy_getinfo(s->easy, CURLINFO_CONNECT_TIME_T,
		    &connected);
		if (connected == 0 && !s->is_file)
			return xasprintf("could not connect within %ld s",
			    o->connect_timeout);
		return xasprintf("timed out after %ld s", o->timeout);
	case CURLE_TOO_MANY_REDIRECTS:
		return xasprintf("too many redirects (more than %ld)",
		    o->max_redirects);
	case CURLE_UNSUPPORTED_PROTOCOL:
		if (s->status >= 300 && s->status < 400)
			return xstrdup("redirected to an address that is "
			    "not http or https");
		return xstrdup("unsupported URL scheme");
	case CURLE_COULDNT_RESOLVE_HOST:
		return xstrdup("could not resolve the host name");
	case CURLE_COULDNT_RESOLVE_PROXY:
		return xstrdup("could not resolve the proxy's host name");
	case CURLE_COULDNT_CONNECT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &oserr);
		if (rc == CURLE_COULDNT_CONNECT)
			t = xstrdup("could not connect");
		else
			t = xstrdup("the connection failed");
		if (oserr != 0) {
			p = xasprintf("%s: %s", t, strerror((int)oserr));
			free(t);
			t = p;
		}
		return t;
	case CURLE_FILE_COULDNT_READ_FILE:
		return xstrdup("cannot read the file (missing or not "
		    "readable)");
	case CURLE_GOT_NOTHING:
		return xstrdup("the server closed the connection without "
		    "answering");
	case CURLE_PARTIAL_FILE:
		return xstrdup("the connection closed before the whole body "
		    "arrived");
	case CURLE_BAD_CONTENT_ENCODING:
		return xstrdup("could not decompress the body");
	case CURLE_WEIRD_SERVER_REPLY:
		return xstrdup("the server's answer is not HTTP");
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return xstrdup("HTTP/2 protocol error");
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		/* curl's text is the useful part ("SSL certificate problem:
		 * certificate has expired") and names no URL. */
		if (s->errbuf[0] != '\0')
			return xasprintf("TLS: %s", s->errbuf);
		return xasprintf("TLS: %s", curl_easy_strerror(rc));
	default:
		return xstrdup(curl_easy_strerror(rc));
	}
}

/* Returns the HTTP error sentence for a final status that is not 2xx or
 * 304, an allocated string. */
static char *
status_text(const struct slot *s)
{
	const char	*reason = s->reason;

	if (*reason == '\0')
		reason = reason_of(s->status);
	if (reason == NULL || *reason == '\0')
		return xasprintf("HTTP %ld", s->status);
	return xasprintf("HTTP %ld %s", s->status, reason);
}

/* Format t as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT") into out
 * (at least 32 bytes), without the locale strftime() would use. */
static void
http_date(time_t t, char *out, size_t size)
{
	static const char	*day[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char	*mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm		 tm;

	if (gmtime_r(&t, &tm) == NULL) {
		*out = '\0';
		return;
	}
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    day[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Make every character of s that could break the line a space: error
 * strings are shown on one line. */
static void
one_line(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* The transfer in slot s ended with rc: take it out of the multi handle,
 * free the slot and tell the caller.  The slot is idle before done runs,
 * so done may queue more work. */
static void
finish(struct fetch *f, struct slot *s, CURLcode rc)
{
	struct fetch_result	 res;
	struct req		*r = s->req;
	char			*error = NULL, *url = NULL;
	char			 date[40];
	curl_off_t		 wire = 0, mtime = -1;
	long			 unmet = 0;

	curl_multi_remove_handle(f->multi, s->easy);
	s->req = NULL;
	f->running--;

	memset(&res, 0, sizeof(res));
	curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL, &url);
	curl_easy_getinfo(s->easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
	res.status = s->status;
	res.effective_url = url != NULL ? url : r->url;
	res.body_bytes = s->body_bytes;
	res.wire_bytes = wire;
	if (!s->is_file && (s->status >= 400 || s->why == ABORT_ERRPAGE))
		error = status_text(s);	/* whatever curl then made of it */
	else if (rc != CURLE_OK)
		error = error_text(s, rc);
	else if (s->is_file) {
		res.ok = 1;
		curl_easy_getinfo(s->easy, CURLINFO_CONDITION_UNMET, &unmet);
		res.not_modified = unmet != 0;
		curl_easy_getinfo(s->easy, CURLINFO_FILETIME_T, &mtime);
		if (mtime != -1) {
			http_date((time_t)mtime, date, sizeof(date));
			if (date[0] != '\0')
				res.last_modified = date;
		}
	} else if (s->status >= 200 && s->status <= 299) {
		res.ok = 1;
		res.etag = s->etag;
		res.last_modified = s->last_modified;
	} else if (s->status == 304) {
		/* A 304 need not repeat the validators: the ones sent are
		 * still the right ones to send next time. */
		res.ok = 1;
		res.not_modified = 1;
		res.etag = s->etag != NULL ? s->etag : r->etag;
		res.last_modified = s->last_modified != NULL ?
		    s->last_modified : r->last_modified;
	} else
		error = status_text(s);
	if (error != NULL)
		one_line(error);
	res.error = error;
	/* Only a complete success moves a subscription: a permanent
	 * redirect to a page that fails is no new home. */
	if (res.ok && s->hops > 0 && !s->temporary)
		res.moved_to = res.effective_url;
	if (r->done != NULL)
		r->done(r->arg, &res);

	free(error);
	free(s->cause);
	s->cause = NULL;
	clear_response(s);
	curl_slist_free_all(s->headers);
	s->headers = NULL;
	req_free(r);
}

/* Run the done callbacks of the transfers curl reports finished. */
static void
drain(struct fetch *f)
{
	CURLMsg		*m;
	CURLcode	 rc;
	char		*p;
	int		 left;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		rc = m->data.result;	/* m dies with the removal */
		p = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		finish(f, (struct slot *)(void *)p, rc);
	}
}

int
fetch_poll(struct fetch *f, int timeout_ms, int fd, int *fd_ready)
{
	struct curl_waitfd	 w;
	CURLMcode		 mc;
	int			 still;

	if (fd_ready != NULL)
		*fd_ready = 0;
	if (timeout_ms < 0)	/* curl wants a number: "forever" */
		timeout_ms = INT_MAX;
	if (f->multi == NULL) {
		/* No transfer yet, libcurl not loaded: wait on fd alone. */
		struct pollfd	pfd;

		if (fd < 0)
			return 0;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, timeout_ms == INT_MAX ? -1 : timeout_ms) > 0 &&
		    (pfd.revents & (POLLIN | POLLHUP | POLLERR)) &&
		    fd_ready != NULL)
			*fd_ready = 1;
		return 0;
	}
	start_queued(f);
	if (f->running == 0 && fd < 0)
		return 0;	/* nothing could wake us but the clock */
	memset(&w, 0, sizeof(w));
	w.fd = fd;
	w.events = CURL_WAIT_POLLIN;
	/* curl shortens the wait to its own next deadline (timeouts, stall
	 * checks, new transfers), and treats EINTR as a timeout. */
	mc = curl_multi_poll(f->multi, fd >= 0 ? &w : NULL, fd >= 0 ? 1 : 0,
	    timeout_ms, NULL);
	if (mc != CURLM_OK)
		fatal("curl_multi_poll: %s", curl_multi_strerror(mc));
	if (fd >= 0 && fd_ready != NULL && (w.revents & CURL_WAIT_POLLIN))
		*fd_ready = 1;
	if ((mc = curl_multi_perform(f->multi, &still)) != CURLM_OK)
		fatal("curl_multi_perform: %s", curl_multi_strerror(mc));
	drain(f);
	/* Fill the slots just freed, so curl starts them on the next call
	 * without waiting (a new handle has a zero timeout). */
	start_queued(f);
	return fetch_pending(f);
}

int
fetch_pending(const struct fetch *f)
{
	return f->running + f->queued;
}

/* Tell the caller that request r will not be done; url is where it got
 * to. */
static void
cancel(struct req *r, const char *url, long status, long long body_bytes)
{
	struct fetch_result	res;

	memset(&res, 0, sizeof(res));
	res.status = status;
	res.error = "cancelled";
	res.effective_url = url != NULL ? url : r->url;
	res.body_bytes = body_bytes;
	if (r->done != NULL)
		r->done(r->arg, &res);
}

void
fetch_free(struct fetch *f)
{
	struct slot	*s;
	struct req	*r;
	char		*url;
	int		 i;

	if (f == NULL)
		return;
	f->closing = 1;		/* done callbacks may not queue more */
	for (i = 0; i < f->opts.parallel; i++) {
		s = &f->slots[i];
		if ((r = s->req) != NULL) {
			curl_multi_remove_handle(f->multi, s->easy);
			s->req = NULL;
			f->running--;
			url = NULL;
			curl_easy_getinfo(s->easy, CURLINFO_EFFECTIVE_URL,
			    &url);
			cancel(r, url, s->status, s->body_bytes);
			req_free(r);
			curl_slist_free_all(s->headers);
			s->headers = NULL;
		}
		clear_response(s);
		free(s->cause);
		if (s->easy != NULL)
			curl_easy_cleanup(s->easy);
	}
	while ((r = f->head) != NULL) {
		f->head = r->next;
		f->queued--;
		cancel(r, NULL, 0, 0);
		req_free(r);
	}
	f->tail = NULL;
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	free(f->slots);
	free(f->ua);
	free(f);
}
