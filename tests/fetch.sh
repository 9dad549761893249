#!/bin/sh
# The fetcher's tests (tests/test_fetch) against the local test server
# (tests/httpd.py, serving feeds/ besides its built-in scenarios): start
# the server on an ephemeral port, wait for it to say which, run the
# program with TIDINGS_TEST_HTTP=http://127.0.0.1:PORT and the server's
# access log in TIDINGS_TEST_HTTP_LOG, stop the server.  Exits with the
# program's status (77, skipped, without python3).
: "${top_srcdir:=.}" "${builddir:=.}"
export top_srcdir builddir
prog=$builddir/tests/test_fetch
tmp=${TMPDIR:-/tmp}/tidings-fetch.$$
pid=

if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 not found: the test server needs it"
	exit 77
fi
if [ ! -x "$prog" ]; then
	echo "$prog is missing: run make check"
	exit 1
fi

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -f "$tmp.port" "$tmp.log" "$tmp.out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

python3 "$top_srcdir/tests/httpd.py" --dir "$top_srcdir/feeds" \
    --log "$tmp.log" --port-file "$tmp.port" >"$tmp.out" 2>&1 &
pid=$!

# Wait up to 10 s for the port (the file appears whole: it is renamed).
i=0
while [ ! -s "$tmp.port" ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "the test server died:"
		cat "$tmp.out"
		pid=
		exit 1
	fi
	i=$((i + 1))
	if [ "$i" -gt 100 ]; then
		echo "the test server did not start within 10 s"
		exit 1
	fi
	sleep 0.1
done
port=$(cat "$tmp.port")

# The server is local: a proxy from the environment must not be asked.
no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
export no_proxy NO_PROXY

TIDINGS_TEST_HTTP=http://127.0.0.1:$port TIDINGS_TEST_HTTP_LOG=$tmp.log \
    "$prog"
rc=$?
exit "$rc"
