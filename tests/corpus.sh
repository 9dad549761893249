#!/bin/sh
# The conformance corpus nobody here wrote (../shared/corpora/feeds, scored
# by ../shared/tools/feedcheck): the pass count, whole and fed through a
# pipe 1, 2 and 3 bytes at a time, must not drop below tests/corpus-floor.
# Then every input of the corpus is parsed once more on its own, in 3-byte
# chunks, and must exit 0 with nothing on stderr: in the sanitizer build
# that is the "runs clean under ASan/UBSan" check.
# A user's clone has no ../shared: then this test says so and is skipped.
: "${top_srcdir:=.}" "${builddir:=.}"
shared=${TIDINGS_SHARED:-$(cd "$top_srcdir/.." && pwd)/shared}
check=$shared/tools/feedcheck
bin=$(cd "$builddir" && pwd)/src/tidings
if [ ! -x "$check" ] || [ ! -d "$shared/corpora/feeds/inputs" ]; then
	echo "skipped: $check and its corpus are not here (they live beside"
	echo "skipped: the project in ../shared, not in a user's clone)"
	exit 77
fi
floor=$(cat "$top_srcdir/tests/corpus-floor")
passed=0 failed=0
out=${TMPDIR:-/tmp}/tidings-corpus.$$
trap 'rm -f "$out" "$out.err"' EXIT INT TERM

"$check" --chunked --show-failures 100 -j 2 -- "$bin" parse >"$out" 2>&1
cat "$out"
got=$(sed -n 's/^\([0-9][0-9]*\) passed, [0-9]* failed$/\1/p' "$out" | tail -n 1)
if [ -n "$got" ] && [ "$got" -ge "$floor" ]; then
	echo "corpus: $got cases pass (floor $floor)"
	passed=$((passed + 1))
else
	echo "FAIL: corpus: ${got:-no result} cases pass, floor is $floor"
	failed=$((failed + 1))
fi

bad=0 n=0
for f in $(find "$shared/corpora/feeds/inputs" -type f | sort); do
	n=$((n + 1))
	if ! "$bin" parse --chunk-size 3 "$f" >/dev/null 2>"$out.err" ||
	    [ -s "$out.err" ]; then
		echo "FAIL: $f"
		head -n 5 "$out.err"
		bad=$((bad + 1))
	fi
done
if [ "$bad" -eq 0 ]; then
	echo "corpus: $n inputs parsed, exit 0, nothing on stderr"
	passed=$((passed + 1))
else
	echo "FAIL: corpus: $bad of $n inputs failed or wrote to stderr"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
