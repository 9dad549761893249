# tests/lib.sh: what the test scripts share, sourced by them: counting
# checks, and the loopback server (tests/httpd.py).

passed=0 failed=0

ok() {
	passed=$((passed + 1))
}

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# serve TOP DIR: start the loopback server of source tree TOP on a free
# port, serving DIR/www and logging requests to DIR/access; sets server
# (its pid, for the caller's cleanup) and u (its base URL).  Exits 1 when
# it does not start within 10 s.
serve() {
	python3 "$1/tests/httpd.py" --dir "$2/www" --log "$2/access" \
	    --port-file "$2/port" >/dev/null 2>"$2/server.err" &
	server=$!
	i=0
	while [ ! -s "$2/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$2/port" ] || {
		echo "the server did not start"
		cat "$2/server.err"
		exit 1
	}
	u=http://127.0.0.1:$(cat "$2/port")
}
