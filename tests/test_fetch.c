/*
 * Tests of the fetcher against tests/httpd.py: tests/fetch.sh starts the
 * server and gives its address in TIDINGS_TEST_HTTP (and its access log in
 * TIDINGS_TEST_HTTP_LOG); without it this program skips (exit 77).  Every
 * limit is set tight (3 s timeout, 1 s stall, 1 MiB body) so the whole
 * run takes a few seconds.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "check.h"
#include "fetch.h"
#include "xmalloc.h"

#define MiB	(1024LL * 1024)

static const char	*base;		/* http://127.0.0.1:PORT */
static const char	*access_log;	/* the server's, or NULL */
static char		 urlbuf[4][512];
static int		 urlnext;

/* What one transfer did, as seen through the callbacks. */
struct out {
	int		 done_calls;
	int		 body_calls;
	int		 ok, not_modified;
	long		 status, info_status;
	char		*error, *etag, *lm, *eff, *moved, *ctype, *info_url;
	long long	 body_bytes, wire_bytes;
	struct buf	 body;
	long long	 fail_after;	/* >0: the body callback fails once
					 * it has this many bytes */
	const char	*fail_cause;	/* ...with this cause (or none) */
	/* For test_add_from_done: a URL to queue from the done callback. */
	struct fetch	*f;
	const char	*then;
	struct out	*then_out;
};

/* Returns base + path, in one of a few rotating static buffers. */
static const char *
url(const char *path)
{
	char	*u = urlbuf[urlnext++ % 4];

	snprintf(u, sizeof(urlbuf[0]), "%s%s", base, path);
	return u;
}

/* The options of most tests: tight limits so failures come fast. */
static void
test_opts(struct fetch_opts *o)
{
	fetch_opts_default(o);
	o->parallel = 4;
	o->connect_timeout = 2;
	o->timeout = 3;
	o->stall_time = 1;
	o->max_body = 1 * MiB;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
on_body(void *arg, const struct fetch_info *info, const char *data,
    size_t len, char **cause)
{
	struct out	*o = arg;

	o->body_calls++;
	o->info_status = info->status;
	free(o->ctype);
	o->ctype = dup_or_null(info->content_type);
	free(o->info_url);
	o->info_url = dup_or_null(info->effective_url);
	buf_append(&o->body, data, len);
	if (o->fail_after > 0 && (long long)o->body.len >= o->fail_after) {
		if (o->fail_cause != NULL)
			*cause = xstrdup(o->fail_cause);
		return -1;
	}
	return 0;
}

static void
on_done(void *arg, const struct fetch_result *r)
{
	struct out	*o = arg;
	char		*cause = NULL;

	o->done_calls++;
	o->ok = r->ok;
	o->not_modified = r->not_modified;
	o->status = r->status;
	o->error = dup_or_null(r->error);
	o->etag = dup_or_null(r->etag);
	o->lm = dup_or_null(r->last_modified);
	o->eff = dup_or_null(r->effective_url);
	o->moved = dup_or_null(r->moved_to);
	o->body_bytes = r->body_bytes;
	o->wire_bytes = r->wire_bytes;
	CHECK(r->ok || r->error != NULL);
	if (o->then != NULL) {
		CHECK_INT(fetch_add(o->f, o->then, NULL, NULL, on_body,
		    on_done, o->then_out, &cause), 0);
		free(cause);
	}
}

static void
out_free(struct out *o)
{
	free(o->error);
	free(o->etag);
	free(o->lm);
	free(o->eff);
	free(o->moved);
	free(o->ctype);
	free(o->info_url);
	buf_free(&o->body);
	memset(o, 0, sizeof(*o));
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Poll until nothing is pending, but give up after 20 s so a broken
 * fetcher fails the test instead of hanging it. */
static void
run(struct fetch *f)
{
	double	end = now() + 20;

	while (fetch_poll(f, 500, -1, NULL) > 0)
		if (now() > end) {
			fprintf(stderr, "run: still pending after 20 s\n");
			check_failures++;
			return;
		}
}

/* Fetch u once with options o (NULL: test_opts) into out. */
static void
get(const struct fetch_opts *o, const char *u, const char *etag,
    const char *lm, struct out *out)
{
	struct fetch_opts	 def;
	struct fetch		*f;
	char			*cause = NULL;

	if (o == NULL) {
		test_opts(&def);
		o = &def;
	}
	f = fetch_new(o);
	CHECK_INT(fetch_add(f, u, etag, lm, on_body, on_done, out, &cause),
	    0);
	CHECK(cause == NULL);
	CHECK_INT(out->done_calls, 0);	/* never from inside fetch_add */
	CHECK_INT(fetch_pending(f), 1);
	run(f);
	CHECK_INT(fetch_pending(f), 0);
	fetch_free(f);
	CHECK_INT(out->done_calls, 1);
}

/* Returns 1 when the server's access log has a line starting with
 * prefix. */
static int
logged(const char *prefix)
{
	FILE	*fp;
	char	 line[2048];
	int	 found = 0;

	if ((fp = fopen(access_log, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = strncmp(line, prefix, strlen(prefix)) == 0;
	fclose(fp);
	return found;
}

/* Returns the whole file at path (NULL if unreadable) and its length. */
static char *
slurp(const char *path, size_t *len)
{
	FILE		*fp;
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[4096];
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return b.data != NULL ? b.data : xstrdup("");
}

/* The plain feed, fetched once, to compare other bodies with. */
static struct buf	feed;

static void
load_feed(void)
{
	struct out	o;

	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml"), NULL, NULL, &o);
	feed = o.body;
	memset(&o.body, 0, sizeof(o.body));
	out_free(&o);
}

static int
same_as_feed(const struct buf *b)
{
	return feed.len > 0 && b->len == feed.len &&
	    memcmp(b->data, feed.data, feed.len) == 0;
}

static void
test_feed_200(void)
{
	struct out	o;

	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml"), NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 0);
	CHECK_INT(o.status, 200);
	CHECK_STR(o.error, NULL);
	CHECK_STR(o.etag, "\"feed-v1\"");
	CHECK_STR(o.lm, "Mon, 01 Jan 2024 00:00:00 GMT");
	CHECK_STR(o.eff, url("/feed.xml"));
	CHECK_STR(o.moved, NULL);
	CHECK_STR(o.ctype, "application/rss+xml");
	CHECK_STR(o.info_url, url("/feed.xml"));
	CHECK_INT(o.info_status, 200);
	CHECK(o.body_calls >= 1);
	CHECK(o.body.len > 10000);	/* several reads' worth */
	CHECK_INT(o.body_bytes, o.body.len);
	CHECK_INT(o.wire_bytes, o.body.len);
	CHECK(o.body.len > 5 && strncmp(o.body.data, "<?xml", 5) == 0);
	CHECK(o.body.len > 7 &&
	    strcmp(o.body.data + o.body.len - 7, "</rss>\n") == 0);
	CHECK(same_as_feed(&o.body));	/* the same bytes every time */
	out_free(&o);
}

static void
test_conditional(void)
{
	struct out	o;

	/* Both validators: the server answers 304, no body. */
	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml?cond=both"), "\"feed-v1\"",
	    "Mon, 01 Jan 2024 00:00:00 GMT", &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 1);
	CHECK_INT(o.status, 304);
	CHECK_INT(o.body_calls, 0);
	CHECK_INT(o.body_bytes, 0);
	CHECK_STR(o.error, NULL);
	CHECK_STR(o.etag, "\"feed-v1\"");
	CHECK_STR(o.lm, "Mon, 01 Jan 2024 00:00:00 GMT");
	if (access_log != NULL)
		CHECK(logged("GET /feed.xml?cond=both 304 \"feed-v1\" "
		    "Mon,_01_Jan_2024_00:00:00_GMT "));
	out_free(&o);

	/* If-Modified-Since alone, sent as the server's own string. */
	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml?cond=ims"), NULL,
	    "Mon, 01 Jan 2024 00:00:00 GMT", &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 1);
	CHECK_INT(o.body_calls, 0);
	if (access_log != NULL)
		CHECK(logged("GET /feed.xml?cond=ims 304 - "
		    "Mon,_01_Jan_2024_00:00:00_GMT "));
	out_free(&o);

	/* A stale ETag: the whole feed again, with the new validator. */
	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml?cond=stale"), "\"feed-v0\"", NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 0);
	CHECK_INT(o.status, 200);
	CHECK(same_as_feed(&o.body));
	CHECK_STR(o.etag, "\"feed-v1\"");
	if (access_log != NULL)
		CHECK(logged("GET /feed.xml?cond=stale 200 \"feed-v0\" - "));
	out_free(&o);

	/* A validator with a line break is not sent (no header injection),
	 * so the answer is a plain 200. */
	memset(&o, 0, sizeof(o));
	get(NULL, url("/feed.xml?cond=crlf"), "\"feed-v1\"\r\nX-Evil: 1",
	    NULL, &o);
	CHECK_INT(o.status, 200);
	CHECK_INT(o.not_modified, 0);
	if (access_log != NULL)
		CHECK(logged("GET /feed.xml?cond=crlf 200 - - "));
	out_free(&o);
}

static void
test_gzip(void)
{
	struct out	o;

	memset(&o, 0, sizeof(o));
	get(NULL, url("/gzip.xml"), NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK(same_as_feed(&o.body));	/* decoded, byte for byte */
	CHECK_INT(o.body_bytes, feed.len);
	CHECK(o.wire_bytes > 0 && o.wire_bytes < o.body_bytes / 4);
	CHECK_STR(o.etag, "\"gzip-v1\"");
	if (access_log != NULL)
		CHECK(logged("GET /gzip.xml 200 - - deflate,_gzip"));
	out_free(&o);
}

/* A file served from the --dir directory, compared with the file. */
static void
test_dir_file(void)
{
	const char	*top = getenv("top_srcdir");
	struct out	 o;
	char		 path[1024], *want;
	char		*etag;
	size_t		 len = 0;

	if (top == NULL)
		top = ".";
	snprintf(path, sizeof(path), "%s/feeds/world.xml", top);
	if ((want = slurp(path, &len)) == NULL) {
		fprintf(stderr, "test_dir_file: no %s\n", path);
		check_failures++;
		return;
	}
	memset(&o, 0, sizeof(o));
	get(NULL, url("/world.xml"), NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.status, 200);
	CHECK_INT(o.body.len, len);
	CHECK(o.body.len == len && memcmp(o.body.data, want, len) == 0);
	CHECK_STR(o.ctype, "application/xml");
	CHECK(o.etag != NULL && o.lm != NULL);
	etag = dup_or_null(o.etag);
	out_free(&o);

	memset(&o, 0, sizeof(o));
	get(NULL, url("/world.xml"), etag, NULL, &o);
	CHECK_INT(o.not_modified, 1);
	CHECK_INT(o.body_calls, 0);
	out_free(&o);
	free(etag);
	free(want);

	memset(&o, 0, sizeof(o));
	get(NULL, url("/no-such-file.xml"), NULL, NULL, &o);
	CHECK_STR(o.error, "HTTP 404 Not Found");
	out_free(&o);
}

/* Fetch path and check the redirect outcome: the feed's body, and
 * moved_to set (to the feed) only when permanent. */
static void
check_redirect(const char *path, int permanent)
{
	struct out	o;
	char		want[512];

	snprintf(want, sizeof(want), "%s/feed.xml", base);
	memset(&o, 0, sizeof(o));
	get(NULL, url(path), NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.status, 200);
	CHECK_STR(o.eff, want);
	CHECK_STR(o.info_url, want);
	CHECK(same_as_feed(&o.body));	/* no redirect page mixed in */
	if (permanent)
		CHECK_STR(o.moved, want);
	else
		CHECK_STR(o.moved, NULL);
	if (check_failures > 0)
		fprintf(stderr, "    (in check_redirect %s)\n", path);
	out_free(&o);
}

static void
test_redirects(void)
{
	check_redirect("/redirect-temp", 0);
	check_redirect("/redirect-perm", 1);
	check_redirect("/redirect-308", 1);
	check_redirect("/perm-chain", 1);	/* 301 then 308 */
	check_redirect("/perm-then-temp", 0);	/* 301 then 302 */
}

static void
test_redirect_limits(void)
{
	struct fetch_opts	o;
	struct out		out;

	memset(&out, 0, sizeof(out));
	get(NULL, url("/loop"), NULL, NULL, &out);
	CHECK_INT(out.ok, 0);
	CHECK_STR(out.error, "too many redirects (more than 5)");
	CHECK_INT(out.body_calls, 0);
	CHECK_STR(out.moved, NULL);
	out_free(&out);

	test_opts(&o);
	o.max_redirects = 1;
	memset(&out, 0, sizeof(out));
	get(&o, url("/perm-chain"), NULL, NULL, &out);	/* two hops */
	CHECK_STR(out.error, "too many redirects (more than 1)");
	out_free(&out);

	/* Never from the network to a local file. */
	memset(&out, 0, sizeof(out));
	get(NULL, url("/redirect-file"), NULL, NULL, &out);
	CHECK_INT(out.ok, 0);
	CHECK_STR(out.error,
	    "redirected to an address that is not http or https");
	CHECK_INT(out.body_calls, 0);
	CHECK_INT(out.body.len, 0);
	out_free(&out);
}

static void
test_http_errors(void)
{
	struct out	o;

	memset(&o, 0, sizeof(o));
	get(NULL, url("/404"), NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_INT(o.status, 404);
	CHECK_STR(o.error, "HTTP 404 Not Found");
	CHECK_INT(o.body_calls, 0);	/* the error page is not a feed */
	CHECK_STR(o.etag, NULL);
	out_free(&o);

	memset(&o, 0, sizeof(o));
	get(NULL, url("/500"), NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_INT(o.status, 500);
	CHECK_STR(o.error, "HTTP 500 Internal Server Error");
	CHECK_INT(o.body_calls, 0);
	out_free(&o);
}

/* The size limit, after decompression, whether the length is declared,
 * chunked, endless or hidden in a gzip bomb. */
static void
test_size_limits(void)
{
	static const char	*paths[] = { "/endless", "/huge",
	    "/huge-nolength", "/bomb" };
	struct out		 o;
	size_t			 i;
	double			 t0;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		memset(&o, 0, sizeof(o));
		t0 = now();
		get(NULL, url(paths[i]), NULL, NULL, &o);
		CHECK_INT(o.ok, 0);
		CHECK_STR(o.error, "body larger than 1 MiB");
		CHECK(o.body.len <= 1 * MiB);	/* never past the limit */
		CHECK(now() - t0 < 2.5);	/* not the timeout */
		if (strcmp(paths[i], "/huge") == 0)	/* declared */
			CHECK_INT(o.body_calls, 0);
		else
			CHECK(o.body.len > 512 * 1024);
		if (strcmp(paths[i], "/bomb") == 0)
			CHECK(o.wire_bytes < 200 * 1024);
		if (check_failures > 0)
			fprintf(stderr, "    (in %s)\n", paths[i]);
		out_free(&o);
	}

	/* Not a whole-MiB limit. */
	{
		struct fetch_opts	fo;

		test_opts(&fo);
		fo.max_body = 1000;
		memset(&o, 0, sizeof(o));
		get(&fo, url("/feed.xml"), NULL, NULL, &o);
		CHECK_STR(o.error, "body larger than 1000 bytes");
		CHECK(o.body.len <= 1000);
		out_free(&o);
	}
}

/* A stalled transfer and a server that never answers end on the stall
 * limit; with the stall check off, on the total timeout. */
static void
test_stall_and_timeout(void)
{
	struct fetch_opts	 o;
	struct fetch		*f;
	struct out		 trickle, hang, hang2;
	char			*cause = NULL;
	double			 t0;

	memset(&trickle, 0, sizeof(trickle));
	memset(&hang, 0, sizeof(hang));
	memset(&hang2, 0, sizeof(hang2));
	/* curl samples the speed once a second over a window of seconds:
	 * a stall is noticed 1 to 2 s after stall_time. */
	test_opts(&o);
	o.timeout = 5;
	f = fetch_new(&o);
	CHECK_INT(fetch_add(f, url("/trickle"), NULL, NULL, on_body,
	    on_done, &trickle, &cause), 0);
	CHECK_INT(fetch_add(f, url("/hang"), NULL, NULL, on_body, on_done,
	    &hang, &cause), 0);
	t0 = now();
	run(f);
	CHECK(now() - t0 < 4.5);	/* the stall, before the timeout */
	fetch_free(f);
	CHECK_INT(trickle.ok, 0);
	CHECK_STR(trickle.error, "stalled: no data for 1 s");
	CHECK_INT(trickle.body.len, 1);	/* the one byte it sent */
	CHECK_STR(hang.error, "stalled: no data for 1 s");
	CHECK_INT(hang.body_calls, 0);

	o.stall_time = 0;		/* off */
	o.timeout = 1;
	t0 = now();
	get(&o, url("/hang"), NULL, NULL, &hang2);
	CHECK(now() - t0 >= 0.9 && now() - t0 < 2.5);
	CHECK_STR(hang2.error, "timed out after 1 s");
	out_free(&trickle);
	out_free(&hang);
	out_free(&hang2);
}

/* A port nothing listens on: refused at once. */
static void
test_refused(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	struct out		 o;
	char			 u[128];
	int			 s;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		check_failures++;
		return;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CHECK(getsockname(s, (struct sockaddr *)&sin, &len) == 0);
	close(s);	/* bound, never listened on, now free */
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/feed.xml",
	    ntohs(sin.sin_port));
	memset(&o, 0, sizeof(o));
	get(NULL, u, NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_STR(o.error, "could not connect: Connection refused");
	out_free(&o);
}

/* The body callback gives up: the transfer ends with its cause. */
static void
test_body_abort(void)
{
	struct out	o;

	memset(&o, 0, sizeof(o));
	o.fail_after = 1;
	o.fail_cause = "this is an HTML page, not a feed";
	get(NULL, url("/html"), NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_STR(o.error, "this is an HTML page, not a feed");
	CHECK_INT(o.body_calls, 1);
	CHECK_STR(o.ctype, "text/html; charset=utf-8");
	CHECK_STR(o.moved, NULL);
	out_free(&o);

	/* Without a cause: a generic sentence. */
	memset(&o, 0, sizeof(o));
	o.fail_after = 1;
	get(NULL, url("/invalid.xml"), NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_STR(o.error, "the transfer was stopped by its reader");
	out_free(&o);

	/* Malformed XML is the parser's business: the fetch succeeds. */
	memset(&o, 0, sizeof(o));
	get(NULL, url("/invalid.xml"), NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK(o.body.len > 0 && strstr(o.body.data, "</itm>") != NULL);
	out_free(&o);
}

/* 50 transfers with parallel=4: every one done exactly once, never more
 * than 4 requests in flight, over at most 4 (reused) connections. */
static void
test_parallel(void)
{
	struct fetch_opts	 o;
	struct fetch		*f;
	struct out		 outs[50], stats;
	char			 tag[64], u[256], *cause = NULL;
	int			 i, ok = 0, once = 0;
	int			 req = -1, maxin = -1, conns = -1;

	snprintf(tag, sizeof(tag), "par%ld", (long)getpid());
	test_opts(&o);
	f = fetch_new(&o);
	for (i = 0; i < 50; i++) {
		memset(&outs[i], 0, sizeof(outs[i]));
		snprintf(u, sizeof(u), "%s/slow?ms=20&tag=%s&i=%d", base,
		    tag, i);
		CHECK_INT(fetch_add(f, u, NULL, NULL, on_body, on_done,
		    &outs[i], &cause), 0);
	}
	CHECK_INT(fetch_pending(f), 50);
	run(f);
	for (i = 0; i < 50; i++) {
		once += outs[i].done_calls == 1;
		ok += outs[i].ok && same_as_feed(&outs[i].body);
		out_free(&outs[i]);
	}
	CHECK_INT(once, 50);
	CHECK_INT(ok, 50);

	/* Ask the server what it saw, on the same fetcher (a kept
	 * connection). */
	memset(&stats, 0, sizeof(stats));
	snprintf(u, sizeof(u), "%s/_stats?tag=%s", base, tag);
	CHECK_INT(fetch_add(f, u, NULL, NULL, on_body, on_done, &stats,
	    &cause), 0);
	run(f);
	fetch_free(f);
	CHECK(stats.body.data != NULL && sscanf(stats.body.data,
	    "requests %d max_inflight %d connections %d", &req, &maxin,
	    &conns) == 3);
	CHECK_INT(req, 50);
	CHECK(maxin >= 2 && maxin <= 4);	/* parallel, within the cap */
	CHECK(conns >= 1 && conns <= 4);	/* connections reused */
	if (check_failures > 0)
		fprintf(stderr, "    server: %s", stats.body.data ?
		    stats.body.data : "(nothing)\n");
	out_free(&stats);
}

/* A long queue (the benchmark reloads 1000 feeds) drains in order of
 * arrival, every request done once. */
static int	order[1000], norder;

static void
on_done_order(void *arg, const struct fetch_result *r)
{
	if (norder < 1000)
		order[norder++] = (int)(long)arg;
	if (!r->ok)
		fprintf(stderr, "queued %ld: %s\n", (long)arg, r->error);
	CHECK_INT(r->ok, 1);
	CHECK_INT(r->body_bytes, feed.len);
}

static void
test_long_queue(void)
{
	struct fetch_opts	 o;
	struct fetch		*f;
	char			 u[256], *cause = NULL;
	int			 i, early = 0;
	double			 t0 = now();

	test_opts(&o);
	o.parallel = 8;
	f = fetch_new(&o);
	norder = 0;
	for (i = 0; i < 1000; i++) {
		snprintf(u, sizeof(u), "%s/feed.xml?q=%d", base, i);
		CHECK_INT(fetch_add(f, u, NULL, NULL, NULL, on_done_order,
		    (void *)(long)i, &cause), 0);
	}
	run(f);
	fetch_free(f);
	CHECK_INT(norder, 1000);
	/* FIFO with 8 slots: request j starts only once j - 7 others have
	 * ended, so it cannot be among the first j - 7 done.  (A slow one
	 * may end late: no lower bound.) */
	for (i = 0; i < norder; i++)
		early += order[i] > i + 7;
	CHECK_INT(early, 0);
	fprintf(stderr, "test_long_queue: 1000 transfers in %.2f s\n",
	    now() - t0);
}

/* fetch_free with transfers running and queued: each is told once. */
static void
test_free_cancels(void)
{
	struct fetch_opts	 o;
	struct fetch		*f;
	struct out		 outs[10];
	char			*cause = NULL;
	int			 i, cancelled = 0;

	test_opts(&o);
	f = fetch_new(&o);
	for (i = 0; i < 10; i++) {
		memset(&outs[i], 0, sizeof(outs[i]));
		CHECK_INT(fetch_add(f, url("/hang"), NULL, NULL, on_body,
		    on_done, &outs[i], &cause), 0);
	}
	for (i = 0; i < 3; i++)		/* 4 running, 6 queued */
		CHECK_INT(fetch_poll(f, 50, -1, NULL), 10);
	fetch_free(f);
	for (i = 0; i < 10; i++) {
		cancelled += outs[i].done_calls == 1 && !outs[i].ok &&
		    outs[i].error != NULL &&
		    strcmp(outs[i].error, "cancelled") == 0;
		out_free(&outs[i]);
	}
	CHECK_INT(cancelled, 10);
	fetch_free(NULL);
}

/* URLs refused by fetch_add: no done call, a reason. */
static void
test_bad_urls(void)
{
	struct fetch	*f = fetch_new(NULL);
	struct out	 o;
	char		*cause = NULL;

	memset(&o, 0, sizeof(o));
	CHECK_INT(fetch_add(f, "ftp://example.com/feed", NULL, NULL,
	    on_body, on_done, &o, &cause), -1);
	CHECK_STR(cause, "unsupported URL scheme \"ftp\" (http, https and "
	    "file only)");
	free(cause);
	cause = NULL;
	CHECK_INT(fetch_add(f, "http://[::1/feed", NULL, NULL, on_body,
	    on_done, &o, &cause), -1);
	CHECK_STR(cause, "not a valid URL");
	free(cause);
	cause = NULL;
	CHECK_INT(fetch_add(f, "no scheme", NULL, NULL, on_body, on_done,
	    &o, &cause), -1);
	CHECK(cause != NULL);
	free(cause);
	CHECK_INT(fetch_pending(f), 0);
	CHECK_INT(fetch_poll(f, 5000, -1, NULL), 0);	/* at once */
	fetch_free(f);
	CHECK_INT(o.done_calls, 0);
}

/* file:// URLs: the body, the mtime as Last-Modified, and not-modified
 * when the file is not newer than the date given. */
static void
test_file(void)
{
	struct fetch_opts	 fo;
	struct out		 o;
	struct stat		 st;
	struct timeval		 tv[2];
	char			 path[] = "/tmp/tidings-fetch-XXXXXX";
	char			 u[256], *lm;
	const char		*text = "<rss version=\"2.0\"><channel>"
	    "<title>file</title></channel></rss>\n";
	int			 fd;

	if ((fd = mkstemp(path)) == -1) {
		check_failures++;
		return;
	}
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	/* An mtime in the past, so "not newer" is not a same-second
	 * accident. */
	tv[0].tv_sec = tv[1].tv_sec = 1700000000;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	CHECK(utimes(path, tv) == 0);
	CHECK(stat(path, &st) == 0);
	snprintf(u, sizeof(u), "file://%s", path);

	memset(&o, 0, sizeof(o));
	get(NULL, u, NULL, NULL, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.status, 0);
	CHECK_INT(o.not_modified, 0);
	CHECK_STR(o.body.data, text);
	CHECK_INT(o.body_bytes, strlen(text));
	CHECK_STR(o.lm, "Tue, 14 Nov 2023 22:13:20 GMT");	/* 1700000000 */
	CHECK_INT(o.info_status, 0);
	CHECK_STR(o.moved, NULL);
	lm = dup_or_null(o.lm);
	out_free(&o);

	/* Not newer than what we have: no body. */
	memset(&o, 0, sizeof(o));
	get(NULL, u, NULL, lm, &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 1);
	CHECK_INT(o.body_calls, 0);
	out_free(&o);
	free(lm);

	/* Newer: the body again. */
	memset(&o, 0, sizeof(o));
	get(NULL, u, NULL, "Tue, 14 Nov 2023 22:13:19 GMT", &o);
	CHECK_INT(o.ok, 1);
	CHECK_INT(o.not_modified, 0);
	CHECK_STR(o.body.data, text);
	out_free(&o);

	/* Over the size limit. */
	test_opts(&fo);
	fo.max_body = 10;
	memset(&o, 0, sizeof(o));
	get(&fo, u, NULL, NULL, &o);
	CHECK_STR(o.error, "body larger than 10 bytes");
	CHECK_INT(o.body_calls, 0);
	out_free(&o);

	unlink(path);
	memset(&o, 0, sizeof(o));
	get(NULL, u, NULL, NULL, &o);
	CHECK_INT(o.ok, 0);
	CHECK_STR(o.error, "cannot read the file (missing or not readable)");
	out_free(&o);
}

/* The request headers the server saw. */
static void
test_request_headers(void)
{
	struct fetch_opts	o;
	struct out		out;

	memset(&out, 0, sizeof(out));
	get(NULL, url("/headers"), NULL, NULL, &out);
	CHECK(out.body.data != NULL && strstr(out.body.data,
	    "User-Agent: tidings/" PACKAGE_VERSION "\n") != NULL);
	CHECK(out.body.data != NULL && strstr(out.body.data,
	    "Accept-Encoding: ") != NULL && strstr(out.body.data,
	    "gzip") != NULL);
	out_free(&out);

	test_opts(&o);
	o.user_agent = "custom-agent/2";
	memset(&out, 0, sizeof(out));
	get(&o, url("/headers"), NULL, NULL, &out);
	CHECK(out.body.data != NULL && strstr(out.body.data,
	    "User-Agent: custom-agent/2\n") != NULL);
	out_free(&out);
}

/* A done callback may queue another transfer (a feed found in a page). */
static void
test_add_from_done(void)
{
	struct fetch	*f = fetch_new(NULL);
	struct out	 first, second;
	char		*cause = NULL;

	memset(&first, 0, sizeof(first));
	memset(&second, 0, sizeof(second));
	first.f = f;
	first.then = url("/feed.xml");
	first.then_out = &second;
	CHECK_INT(fetch_add(f, url("/html"), NULL, NULL, on_body, on_done,
	    &first, &cause), 0);
	run(f);
	fetch_free(f);
	CHECK_INT(first.done_calls, 1);
	CHECK_INT(second.done_calls, 1);
	CHECK_INT(second.ok, 1);
	CHECK(same_as_feed(&second.body));
	out_free(&first);
	out_free(&second);
}

/* The extra descriptor wakes fetch_poll and is reported. */
static void
test_poll_fd(void)
{
	struct fetch	*f = fetch_new(NULL);
	struct out	 o;
	char		*cause = NULL;
	int		 p[2], ready = -1, n;
	double		 t0;

	if (pipe(p) == -1) {
		check_failures++;
		return;
	}
	/* Nothing readable, nothing pending: the whole timeout. */
	t0 = now();
	CHECK_INT(fetch_poll(f, 200, p[0], &ready), 0);
	CHECK_INT(ready, 0);
	CHECK(now() - t0 >= 0.15);
	/* Readable: back at once, and said so. */
	CHECK(write(p[1], "k", 1) == 1);
	t0 = now();
	CHECK_INT(fetch_poll(f, 5000, p[0], &ready), 0);
	CHECK_INT(ready, 1);
	CHECK(now() - t0 < 1);
	/* ...also while a transfer hangs. */
	memset(&o, 0, sizeof(o));
	CHECK_INT(fetch_add(f, url("/hang"), NULL, NULL, on_body, on_done,
	    &o, &cause), 0);
	t0 = now();
	n = fetch_poll(f, 5000, p[0], &ready);
	while (n > 0 && !ready && now() - t0 < 5)
		n = fetch_poll(f, 5000, p[0], &ready);
	CHECK_INT(n, 1);
	CHECK_INT(ready, 1);
	CHECK(now() - t0 < 1);
	fetch_free(f);
	CHECK_STR(o.error, "cancelled");
	out_free(&o);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	static const struct check_test tests[] = {
		{ "feed_200", test_feed_200 },
		{ "conditional", test_conditional },
		{ "gzip", test_gzip },
		{ "dir_file", test_dir_file },
		{ "redirects", test_redirects },
		{ "redirect_limits", test_redirect_limits },
		{ "http_errors", test_http_errors },
		{ "size_limits", test_size_limits },
		{ "stall_and_timeout", test_stall_and_timeout },
		{ "refused", test_refused },
		{ "body_abort", test_body_abort },
		{ "parallel", test_parallel },
		{ "long_queue", test_long_queue },
		{ "free_cancels", test_free_cancels },
		{ "bad_urls", test_bad_urls },
		{ "file", test_file },
		{ "request_headers", test_request_headers },
		{ "add_from_done", test_add_from_done },
		{ "poll_fd", test_poll_fd },
		{ NULL, NULL }
	};
	int	rc;

	if ((base = getenv("TIDINGS_TEST_HTTP")) == NULL || *base == '\0') {
		printf("TIDINGS_TEST_HTTP is not set: run tests/fetch.sh, "
		    "which starts the test server\n");
		return 77;
	}
	access_log = getenv("TIDINGS_TEST_HTTP_LOG");
	load_feed();
	rc = check_main(tests);
	buf_free(&feed);
	/* libcurl's global state (TLS library tables), so that the leak
	 * checker sees only what is ours. */
	curl_global_cleanup();
	return rc;
}
