#!/bin/sh
# Golden tests for `tidings parse`: every fixture of ours (tests/golden and
# the bundled feeds/) must print exactly the reviewed JSON kept beside it
# (NAME.json), and the very same output when fed 1, 2, 7 or 4096 bytes at a
# time, through a pipe as well as from the file.
# GOLDEN_UPDATE=1 rewrites the .json files: review the diff before
# committing it.
: "${top_srcdir:=.}" "${builddir:=.}"
bin=$builddir/src/tidings
gold=$top_srcdir/tests/golden
tmp=${TMPDIR:-/tmp}/tidings-golden.$$
trap 'rm -f "$tmp" "$tmp.c"' EXIT INT TERM
passed=0 failed=0

fail() {
	echo "FAIL: $1"
	failed=$((failed + 1))
}

for f in "$gold"/*.xml "$gold"/*.atom "$top_srcdir"/feeds/*.xml \
    "$top_srcdir"/feeds/*.atom "$top_srcdir"/feeds/*.rdf; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	case $f in
	*/feeds/*) want=$gold/feeds-${name%.*}.json ;;
	*) want=$gold/${name%.*}.json ;;
	esac
	base="http://fixtures.example/$name"
	if ! "$bin" parse --base "$base" "$f" >"$tmp"; then
		fail "$name: exit status $?"
		continue
	fi
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp" "$want"
	fi
	if ! cmp -s "$tmp" "$want"; then
		fail "$name: output differs from $(basename "$want")"
		diff "$want" "$tmp" | head -n 10
		continue
	fi
	ok=1
	for n in 1 2 7 4096; do
		"$bin" parse --base "$base" --chunk-size "$n" - <"$f" >"$tmp.c"
		if ! cmp -s "$tmp" "$tmp.c"; then
			fail "$name: chunk size $n changes the output"
			ok=0
			break
		fi
	done
	[ "$ok" = 1 ] && passed=$((passed + 1))
done

# Usage errors and unreadable input keep stdout clean and say why.
if "$bin" parse >"$tmp" 2>/dev/null; then fail "parse without FILE succeeded"
elif [ -s "$tmp" ]; then fail "usage error wrote to stdout"
else passed=$((passed + 1)); fi
"$bin" parse /nonexistent/feed.xml >"$tmp" 2>"$tmp.c"
if [ $? -ne 2 ] || [ -s "$tmp" ] || ! grep -q 'nonexistent' "$tmp.c"; then
	fail "missing file: want exit 2, a message on stderr, nothing on stdout"
else passed=$((passed + 1)); fi

# Output that cannot be written (a full disk) is an error, said on stderr,
# with exit status 2, not a silent success.
if [ -w /dev/full ]; then
	"$bin" parse "$gold/escapes.xml" >/dev/full 2>"$tmp.c"
	if [ $? -ne 2 ] || ! grep -q 'writing output' "$tmp.c"; then
		fail "parse to /dev/full: want exit 2 and a message"
	else passed=$((passed + 1)); fi
else
	echo "SKIP: no writable /dev/full here"
fi

# Parsing needs no cache: SQLite (lazy.c) is not loaded, nor is libcurl.
# The loader's own log says what it loaded; libexpat proves it was read.
f=$top_srcdir/feeds/world.xml
[ -f "$f" ] || f=$(ls "$top_srcdir"/feeds/*.xml | head -n 1)
LD_DEBUG=libs "$bin" parse "$f" 2>"$tmp.c" >/dev/null
if ! grep -q 'libexpat' "$tmp.c"; then
	fail "LD_DEBUG=libs shows no libexpat: cannot tell what was loaded"
elif grep -q -e 'libsqlite3' -e 'libcurl' "$tmp.c"; then
	fail "tidings parse loads SQLite or libcurl"
else passed=$((passed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
