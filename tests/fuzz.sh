#!/bin/sh
# tests/fuzz.sh SECONDS: builds the libFuzzer target tests/fuzz_parse.c with
# clang (ASan + UBSan) from the library sources Makefile.am lists, then
# fuzzes the feed parser for SECONDS seconds.  Everything it makes goes to
# build-fuzz/: the program, the seeds, the growing corpus, the log, and any
# crash-*, leak-*, timeout-* or oom-* input.  Exits 0 when nothing was
# found, 1 when the fuzzer found a problem, 2 when it could not run.
#
# Seeds: the documents in tests/golden/ and feeds/ and, when it is there,
# ../shared/corpora/feeds/inputs (relative to the top of the source tree).
# Each seed gets one leading byte, because the target reads its first byte
# as the choice of Content-Type and chunk split (see fuzz_parse.c).
#
# config.h comes from build-check/ (./setup test makes it), or from a tree
# configured in place, or else from running configure in build-fuzz/conf.
set -u

secs=${1:-}
case $secs in
''|*[!0-9]*)
	echo "usage: sh tests/fuzz.sh SECONDS" >&2
	exit 2 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$top" || exit 2
out=build-fuzz
cc=${FUZZ_CC:-clang}
mkdir -p "$out" || exit 2

die() {
	echo "fuzz.sh: $*" >&2
	exit 2
}

command -v "$cc" >/dev/null 2>&1 ||
    die "$cc not found (Debian: apt-get install clang libclang-rt-14-dev)"
command -v pkg-config >/dev/null 2>&1 || die "pkg-config not found"

# The library's .c files, read from Makefile.am so that this list cannot
# fall behind it: join the backslash-continued lines, keep the *.c words.
# shellcheck disable=SC1003 # tr turns the backslashes into newlines
srcs=$(sed -n '/^src_libtidings_a_SOURCES[ 	]*=/{
:a
/\\$/{
N
ba
}
p
}' Makefile.am | sed 's/^src_libtidings_a_SOURCES[ 	]*=//' |
    tr -s ' \t\\' '\n' | grep '\.c$')
[ -n "$srcs" ] || die "no src_libtidings_a_SOURCES in Makefile.am"

if [ -f build-check/config.h ]; then
	confdir=build-check
elif [ -f config.h ] && [ -f config.status ]; then
	confdir=.
else
	confdir=$out/conf
	if [ ! -f "$confdir/config.h" ]; then
		if [ ! -x configure ]; then
			autoreconf -fi || die "autoreconf failed"
		fi
		mkdir -p "$confdir"
		echo "fuzz.sh: configuring in $confdir for config.h"
		(cd "$confdir" && CC=$cc ../../configure >configure.out 2>&1) ||
		    die "configure failed; see $confdir/configure.out"
	fi
fi

echo "fuzz.sh: building $out/fuzz_parse with $cc (config.h from $confdir)"
# shellcheck disable=SC2086,SC2046 # split srcs and pkg-config's words
"$cc" -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I"$confdir" -Isrc $(pkg-config --cflags expat libcurl) \
    -o "$out/fuzz_parse" tests/fuzz_parse.c $srcs \
    -lexpat $(pkg-config --libs libcurl) ||
    die "building the fuzz target failed"

# Seeds, each behind one selector byte (cycling so that all three content
# types and several splits are tried from the start).
rm -rf "$out/seeds"
mkdir -p "$out/seeds" "$out/corpus"
i=0
add_seed() {
	# shellcheck disable=SC2059 # the format is the octal selector
	{ printf "\\$(printf '%03o' $((i % 256)))"; cat "$1"; } \
	    >"$out/seeds/$2-$i" && i=$((i + 1))
}
for f in tests/golden/*.xml tests/golden/*.atom tests/golden/*.rdf \
    feeds/*.xml feeds/*.atom feeds/*.rdf; do
	[ -f "$f" ] && add_seed "$f" local
done
echo "fuzz.sh: $i seeds from tests/golden and feeds"
corpus=../shared/corpora/feeds/inputs
if [ -d "$corpus" ]; then
	n=$i
	tmp=$out/corpus-files
	find "$corpus" -type f >"$tmp"
	while IFS= read -r f; do
		add_seed "$f" corpus
	done <"$tmp"
	rm -f "$tmp"
	echo "fuzz.sh: $((i - n)) seeds from $corpus"
else
	echo "fuzz.sh: seeds from $corpus: skipped (not present)"
fi

# For readable stack traces: Debian's llvm-NN packages keep the unversioned
# llvm-symbolizer, which the sanitizers look for, out of PATH.
if ! command -v llvm-symbolizer >/dev/null 2>&1; then
	for d in /usr/lib/llvm-*/bin; do
		[ -x "$d/llvm-symbolizer" ] && PATH=$PATH:$d
	done
fi

echo "fuzz.sh: fuzzing for $secs s (log: $out/fuzz.log)"
stamp=$out/.started
: >"$stamp"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
"$out/fuzz_parse" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$secs" -print_final_stats=1 \
    -dict=tests/fuzz_parse.dict -artifact_prefix="$out/" \
    "$out/corpus" "$out/seeds" >"$out/fuzz.log" 2>&1
rc=$?

found=$(find "$out" -maxdepth 1 -newer "$stamp" \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) -print)
# The last progress line and the final statistics.
grep -E '^#[0-9]+' "$out/fuzz.log" | tail -n 1
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
    "$out/fuzz.log"
if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
	echo "fuzz.sh: the fuzzer stopped with status $rc; the end of $out/fuzz.log:"
	grep -v -E '^#[0-9]+' "$out/fuzz.log" | tail -n 40
	for f in $found; do
		echo "fuzz.sh: input kept in $f (replay: $out/fuzz_parse $f)"
	done
	exit 1
fi
echo "fuzz.sh: no crash in $secs s"
exit 0
