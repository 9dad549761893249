#!/usr/bin/env python3
"""A small HTTP/1.1 server for the tests of the fetcher and of reloading.

Standard library only.  It listens on 127.0.0.1 on an ephemeral port and
prints that port as the first line of its standard output (and writes it to
--port-file when given), so a test script can start it, read the port and
point the program under test at http://127.0.0.1:PORT.  Each connection
gets a thread (ThreadingHTTPServer), so slow scenarios (/hang, /trickle,
/endless) never hold up the others, and connections are kept alive
(HTTP/1.1) so that connection reuse can be observed.

    python3 tests/httpd.py [--dir DIR] [--log FILE] [--port-file FILE]

--dir DIR    serve any path not listed below from DIR, with an ETag and a
             Last-Modified derived from the file, answering conditional
             requests with 304; FILE.gz beside FILE is sent instead (with
             Content-Encoding: gzip) when the client accepts gzip.
--log FILE   append one line per response:
                 METHOD PATH STATUS IF-NONE-MATCH IF-MODIFIED-SINCE ACCEPT-ENCODING
             with "-" for a header that was absent and spaces inside a
             value replaced by "_", so a test can prove that a request was
             conditional and that it got a 304.

Built-in scenarios, by path (the query string is ignored unless noted):

    /feed.xml        200, an RSS feed with ETag and Last-Modified; honours
                     If-None-Match and If-Modified-Since with 304
    /gzip.xml        the same feed, gzip-encoded when Accept-Encoding allows
    /redirect-temp   302 -> /feed.xml
    /redirect-perm   301 -> /feed.xml
    /redirect-308    308 -> /feed.xml
    /perm-chain      301 -> /redirect-308 (every hop permanent)
    /perm-then-temp  301 -> /redirect-temp
    /loop            302 -> /loop, forever
    /redirect-file   302 -> file:///etc/passwd (must be refused)
    /404, /500       errors with an HTML error page
    /endless         200 without a length, data as fast as it can go
    /trickle         200 with a length, one byte, then nothing (a stall)
    /hang            reads the request and never answers
    /html            an HTML page linking to /feed.xml as its feed
    /invalid.xml     malformed XML
    /huge            40 MB, quickly, with a Content-Length
    /huge-nolength   40 MB, chunked, no Content-Length
    /bomb            ~100 KB of gzip that inflates to 120 MB
    /headers         the request's headers, as text (to check User-Agent)
    /slow?ms=N&tag=T the feed after N milliseconds; requests are counted
                     per tag T (requests, most at once, connections)
    /_stats?tag=T    "requests R max_inflight M connections C" for tag T
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import os
import posixpath
import sys
import threading
import time
import urllib.parse
import zlib

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Test feed</title>
<link>http://example.com/</link>
<description>Served by tests/httpd.py</description>
""" + b"".join(b"""<item>
<title>Item %d</title>
<link>http://example.com/items/%d</link>
<guid>http://example.com/items/%d</guid>
<description>Text of item %d, long enough to make the body span several
reads on the client: lorem ipsum dolor sit amet, consectetur adipiscing.</description>
</item>
""" % (i, i, i, i) for i in range(40)) + b"""</channel>
</rss>
"""
FEED_ETAG = '"feed-v1"'
FEED_LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"

HTML = b"""<!DOCTYPE html>
<html><head><title>A blog</title>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed.xml">
</head><body><p>Not a feed.</p></body></html>
"""

INVALID = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken</title>
<item><title>One</title></item>
<item><title>Two</title></itm>
</channel></rss>
"""

ERROR_PAGE = b"<html><body><h1>%d</h1>an error page the client must not take for a feed</body></html>\n"

HUGE = 40 * 1000 * 1000
BOMB = 120 * 1024 * 1024

TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

# Redirects: path -> (status, Location).
REDIRECTS = {
    "/redirect-temp": (302, "/feed.xml"),
    "/redirect-perm": (301, "/feed.xml"),
    "/redirect-308": (308, "/feed.xml"),
    "/perm-chain": (301, "/redirect-308"),
    "/perm-then-temp": (301, "/redirect-temp"),
    "/loop": (302, "/loop"),
    "/redirect-file": (302, "file:///etc/passwd"),
}

_bomb = None
_bomb_lock = threading.Lock()


def bomb_body():
    """The gzip bomb, made once: BOMB zero bytes compressed."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            block = bytes(1 << 20)
            parts = [z.compress(block) for _ in range(BOMB >> 20)]
            parts.append(z.flush())
            _bomb = b"".join(parts)
        return _bomb


class Stats:
    """Per-tag counters for /slow, so a test can see how many requests
    were in flight at once and over how many connections."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tags = {}

    def _get(self, tag):
        return self.tags.setdefault(tag, {"requests": 0, "inflight": 0,
                                          "max_inflight": 0,
                                          "connections": set()})

    def enter(self, tag, conn):
        with self.lock:
            t = self._get(tag)
            t["requests"] += 1
            t["inflight"] += 1
            t["max_inflight"] = max(t["max_inflight"], t["inflight"])
            t["connections"].add(conn)

    def leave(self, tag):
        with self.lock:
            self._get(tag)["inflight"] -= 1

    def report(self, tag):
        with self.lock:
            t = self._get(tag)
            return "requests %d max_inflight %d connections %d\n" % (
                t["requests"], t["max_inflight"], len(t["connections"]))


STATS = Stats()


def accepts_gzip(value):
    """Whether an Accept-Encoding value allows gzip (q=0 refuses it)."""
    for part in (value or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() not in ("gzip", "x-gzip", "*"):
            continue
        for f in fields[1:]:
            if f.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
                return False
        return True
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, so reuse is observable
    # Headers and body go out in two writes: with Nagle on, the second
    # waits for the client's delayed ACK, 40 ms per request.
    disable_nagle_algorithm = True
    server_version = "tidings-test/1"

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        pass    # our own access log is written by send_response

    def send_response(self, code, message=None):
        self.log_access(code)
        super().send_response(code, message)

    def log_access(self, code):
        path = self.server.access_log
        if path is None:
            return

        def h(name):
            v = self.headers.get(name)
            return "-" if v is None else v.replace(" ", "_")
        line = "%s %s %s %s %s %s\n" % (
            self.command, self.path, code, h("If-None-Match"),
            h("If-Modified-Since"), h("Accept-Encoding"))
        with self.server.log_lock:
            with open(path, "a") as f:
                f.write(line)

    # ---- helpers -------------------------------------------------------

    def reply(self, code, body=b"", ctype="text/plain; charset=utf-8",
              headers=()):
        """A whole response with a Content-Length."""
        self.send_response(code)
        if body or code not in (204, 304):
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code != 304:
            self.wfile.write(body)

    def not_modified(self, etag, last_modified):
        """Whether the request's validators match (RFC 9110 13.2.2: with
        If-None-Match, If-Modified-Since is ignored)."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is None or last_modified is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(ims)
            lm = email.utils.parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
        return lm <= since

    def conditional(self, body, ctype, etag, last_modified, gz=None):
        """200 with validators, or 304 when the client has this version;
        gz is a gzip-encoded body to send when the client accepts it."""
        validators = [("ETag", etag), ("Last-Modified", last_modified)]
        if self.not_modified(etag, last_modified):
            self.reply(304, headers=validators)
            return
        if gz is not None:
            validators.append(("Vary", "Accept-Encoding"))
            if accepts_gzip(self.headers.get("Accept-Encoding")):
                validators.append(("Content-Encoding", "gzip"))
                body = gz
        self.reply(200, body, ctype, validators)

    def stream(self, total, length=True, chunked=False):
        """total bytes of 'x' (None: forever) as fast as the client reads;
        without a length the connection is closed at the end."""
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        if length and total is not None:
            self.send_header("Content-Length", str(total))
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        block = b"x" * 65536
        sent = 0
        try:
            while total is None or sent < total:
                n = len(block) if total is None else min(len(block),
                                                         total - sent)
                if chunked:
                    self.wfile.write(b"%x\r\n" % n + block[:n] + b"\r\n")
                else:
                    self.wfile.write(block[:n])
                sent += n
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True    # the client gave up: expected

    def sleep_until_gone(self, seconds):
        """Hold the connection without sending, until the client closes it
        or seconds pass (the tests' limits are far shorter)."""
        self.close_connection = True
        self.connection.settimeout(0.2)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                if self.connection.recv(4096) == b"":
                    return      # the client closed: it gave up on us
            except (TimeoutError, OSError) as e:
                if not isinstance(e, TimeoutError):
                    return

    # ---- requests ------------------------------------------------------

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = urllib.parse.parse_qs(url.query)
        if path == "/feed.xml":
            self.conditional(FEED, "application/rss+xml", FEED_ETAG,
                             FEED_LAST_MODIFIED)
        elif path == "/gzip.xml":
            self.conditional(FEED, "application/rss+xml", '"gzip-v1"',
                             FEED_LAST_MODIFIED, gz=gzip.compress(FEED))
        elif path in REDIRECTS:
            code, where = REDIRECTS[path]
            self.reply(code, b"moved\n", headers=[("Location", where)])
        elif path in ("/404", "/500"):
            code = int(path[1:])
            self.reply(code, ERROR_PAGE % code, "text/html")
        elif path == "/endless":
            self.stream(None, length=False)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<")
            self.wfile.flush()
            self.sleep_until_gone(60)
        elif path == "/hang":
            self.log_access("-")
            self.sleep_until_gone(60)
        elif path == "/html":
            self.reply(200, HTML, "text/html; charset=utf-8")
        elif path == "/invalid.xml":
            self.reply(200, INVALID, "application/xml")
        elif path == "/huge":
            self.stream(HUGE, length=True)
        elif path == "/huge-nolength":
            self.stream(HUGE, length=False, chunked=True)
        elif path == "/bomb":
            self.reply(200, bomb_body(), "application/xml",
                       [("Content-Encoding", "gzip")])
        elif path == "/headers":
            self.reply(200, str(self.headers).encode("utf-8", "replace"))
        elif path == "/slow":
            tag = query.get("tag", [""])[0]
            STATS.enter(tag, self.client_address)
            try:
                time.sleep(int(query.get("ms", ["100"])[0]) / 1000)
            finally:
                STATS.leave(tag)
            self.reply(200, FEED, "application/rss+xml")
        elif path == "/_stats":
            tag = query.get("tag", [""])[0]
            self.reply(200, STATS.report(tag).encode())
        else:
            self.serve_file(path)

    def serve_file(self, path):
        """path from --dir, conditional, with FILE.gz when accepted."""
        root = self.server.root
        rel = posixpath.normpath(urllib.parse.unquote(path)).lstrip("/")
        if root is None or rel.startswith("..") or rel in ("", "."):
            self.reply(404, ERROR_PAGE % 404, "text/html")
            return
        full = os.path.join(root, rel)
        try:
            with open(full, "rb") as f:
                body = f.read()
            st = os.stat(full)
        except OSError:
            self.reply(404, ERROR_PAGE % 404, "text/html")
            return
        gz = None
        try:
            with open(full + ".gz", "rb") as f:
                gz = f.read()
        except OSError:
            pass
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        lm = email.utils.formatdate(st.st_mtime, usegmt=True)
        ctype = TYPES.get(os.path.splitext(rel)[1].lower(),
                          "application/octet-stream")
        self.conditional(body, ctype, etag, lm, gz=gz)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True   # never wait for /hang on the way out
    allow_reuse_address = True
    request_queue_size = 128


def main():
    ap = argparse.ArgumentParser(description="HTTP server for tests")
    ap.add_argument("--dir", help="serve other paths from this directory")
    ap.add_argument("--log", help="append an access log line here")
    ap.add_argument("--port-file", help="also write the port here")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = args.dir
    srv.access_log = args.log
    srv.log_lock = threading.Lock()
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)  # readers never see half a line
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
