#!/bin/sh
# tests/fuzz.sh SECONDS: builds the libFuzzer targets tests/fuzz_parse.c
# (the feed parser) and tests/fuzz_opml.c (OPML import and feed
# autodiscovery) with clang (ASan + UBSan) from the library sources
# Makefile.am lists, then fuzzes for SECONDS seconds in all: three quarters
# for the feed parser, which reads the network's input all day, the rest
# (at least 1 s when SECONDS >= 2) for fuzz_opml, of which an eighth of
# SECONDS (at least 1 s when SECONDS >= 3) goes to tests/fuzz_ner.c (the
# entity tokenizer and tagger, with data/ner.model) and another eighth
# (at least 1 s when SECONDS >= 4) to tests/fuzz_html.c (the HTML
# renderer and wrapper of the article pane).  Everything it makes
# goes to build-fuzz/: the programs, the seeds, the growing corpora
# (corpus/, corpus-opml/, corpus-ner/, corpus-html/), the logs (fuzz.log,
# fuzz-opml.log, fuzz-ner.log, fuzz-html.log), and any crash-*,
# leak-*, timeout-* or oom-* input.  Exits 0 when nothing was found, 1 when
# a fuzzer found a problem, 2 when it could not run.
#
# Seeds: the documents in tests/golden/ and feeds/ and, when it is there,
# ../shared/corpora/feeds/inputs (relative to the top of the source tree).
# Each seed gets one leading byte, because the target reads its first byte
# as the choice of Content-Type and chunk split (see fuzz_parse.c).
# fuzz_opml starts from a few OPML exports and web pages written below and
# the feeds in feeds/ (whole, no selector byte), with a dictionary of their
# markup.
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

for target in fuzz_parse fuzz_opml fuzz_ner fuzz_html; do
	echo "fuzz.sh: building $out/$target with $cc (config.h from $confdir)"
	# shellcheck disable=SC2086,SC2046 # split srcs and pkg-config's words
	"$cc" -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
	    -I"$confdir" -Isrc $(pkg-config --cflags expat libcurl sqlite3 libxml-2.0) \
	    -o "$out/$target" "tests/$target.c" $srcs \
	    -lexpat -ldl ||
	    die "building the fuzz target $target failed"
done

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

# fuzz_opml's seeds and dictionary.
rm -rf "$out/seeds-opml"
mkdir -p "$out/seeds-opml" "$out/corpus-opml"
cat >"$out/seeds-opml/folders.opml" <<'END'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0" xmlns:fz="urn:forumzilla:">
  <head><title>Exported &amp; more</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="Sub"><outline type="rss" text="A" title="A &#233;"
        xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"
        category="/Tech/News,Science" fz:quickMode="false"/></outline>
      <outline type="atom" text="B" url="https://b.example/atom"/>
    </outline>
    <outline type="rss" text="A again" xmlUrl="https://a.example/feed"/>
  </body>
</opml>
END
cat >"$out/seeds-opml/dtd.opml" <<'END'
<?xml version="1.0" encoding="windows-1252"?>
<!DOCTYPE opml [<!ENTITY e "x&amp;y"><!ENTITY f "&e;&e;">]>
<opml version="2.0"><body><outline text="&f;" xmlurl=" http://e/ a "/></body></opml>
END
cat >"$out/seeds-opml/page.html" <<'END'
<!DOCTYPE html>
<html><head><title>A <link> page</title>
<base href="/blog/">
<!-- <link rel="alternate" type="application/rss+xml" href="/old"> -->
<script>var s = '<link rel=alternate>';</script>
<link rel="alternate feed" type="application/rss+xml" href="feed.xml?a=1&amp;b=2">
<LINK REL=Alternate TYPE='application/atom+xml' HREF='atom.xml'>
<link rel=alternate type=application/rdf+xml href=index.rdf>
</head><body><p>1 < 2</body></html>
END
for f in feeds/*.xml feeds/*.atom feeds/*.rdf; do
	[ -f "$f" ] && cp "$f" "$out/seeds-opml/"
done
cat >"$out/fuzz_opml.dict" <<'END'
"<opml"
"</opml>"
"<body>"
"<outline"
"</outline>"
"xmlUrl="
"url="
"text="
"title="
"type=\"rss\""
"category="
"<link"
"<base"
"rel="
"alternate"
"href="
"type="
"application/rss+xml"
"application/atom+xml"
"application/rdf+xml"
"<script>"
"</script>"
"<!--"
"-->"
"<?xml"
"?>"
"<!DOCTYPE"
"<!ENTITY"
"&amp;"
"&#"
"<rss"
"<feed"
"<rdf:RDF"
"\xef\xbb\xbf"
"\xff\xfe"
END

# fuzz_ner's seeds: a few texts of our own, and the shared NER corpora's
# texts when they are there.
rm -rf "$out/seeds-ner"
mkdir -p "$out/seeds-ner" "$out/corpus-ner"
printf 'GERMAN LEADER VISITS FRANCE\nChancellor Angela Merkel met Emmanuel Macron in Paris. Merkel said so.\n' \
    >"$out/seeds-ner/news.txt"
printf '\342\200\234Z\303\274rich\342\200\235 O'"'"'Neill-Smith\342\200\231s U.S. AT&T 1,000 (3.5) Mr. J. R. R. Tolkien... -- \033[2J\377\n' \
    >"$out/seeds-ner/tokens.txt"
nercorpus=../shared/corpora/ner
if [ -d "$nercorpus" ]; then
	find "$nercorpus" -name '*.txt' | head -n 50 | while IFS= read -r f; do
		cp "$f" "$out/seeds-ner/"
	done
fi
printf '"%s"\n' "U.S." "'s" "\\xe2\\x80\\x99s" "\\xe2\\x80\\x9c" "Mr." \
    "-" "." "\\x0a" "\\xc3\\xbc" >"$out/fuzz_ner.dict"

# fuzz_html's seeds (a width byte, then HTML) and dictionary.
rm -rf "$out/seeds-html"
mkdir -p "$out/seeds-html" "$out/corpus-html"
printf '%s' 'P<h1>Title</h1><p>Some <b>bold <i>and</i></b> <a href="/x">a link</a>
<img alt="cat" src=c.png> &eacute;&nbsp;&#x2014;</p><ul><li>one<ol start=3>
<li>two</li></ol></li></ul><blockquote><p>quoted</p></blockquote>
<pre>	tab
  kept</pre><table><tr><th>h</th><td>c</td></tr></table><hr>
<script>x()</script>' >"$out/seeds-html/article.html"
printf '\005<p>\346\274\242\345\255\227 cafe\314\201 \033]0;t\007 \377 long-long-long-word</p>' \
    >"$out/seeds-html/narrow.html"
printf '"%s"\n' "<p>" "</p>" "<a href=" "</a>" "<li>" "<ul>" "<ol start=" \
    "<blockquote>" "<pre>" "</pre>" "<table>" "<tr>" "<td>" "<br>" "<hr>" \
    "<img alt=" "<b>" "<script>" "&nbsp;" "&#27;" "\\xe2\\x80\\x94" \
    >"$out/fuzz_html.dict"

# For readable stack traces: Debian's llvm-NN packages keep the unversioned
# llvm-symbolizer, which the sanitizers look for, out of PATH.
if ! command -v llvm-symbolizer >/dev/null 2>&1; then
	for d in /usr/lib/llvm-*/bin; do
		[ -x "$d/llvm-symbolizer" ] && PATH=$PATH:$d
	done
fi

# The time is shared so that the total stays SECONDS.  libFuzzer reads
# -max_total_time=0 as "no limit", so a share of 0 is not run.
opml_secs=$((secs / 4))
[ "$opml_secs" -eq 0 ] && [ "$secs" -ge 2 ] && opml_secs=1
ner_secs=$((secs / 8))
[ "$ner_secs" -eq 0 ] && [ "$secs" -ge 3 ] && ner_secs=1
html_secs=$((secs / 8))
[ "$html_secs" -eq 0 ] && [ "$secs" -ge 4 ] && html_secs=1
parse_secs=$((secs - opml_secs - ner_secs - html_secs))

stamp=$out/.started
: >"$stamp"
status=0

# run TARGET SECONDS LOG DICT CORPUS SEEDS: fuzz one target, print its
# statistics, and keep a non-zero exit status in $status.
run() {
	echo "fuzz.sh: fuzzing $1 for $2 s (log: $3)"
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
	"$out/$1" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -max_total_time="$2" -print_final_stats=1 \
	    -dict="$4" -artifact_prefix="$out/" \
	    "$5" "$6" >"$3" 2>&1
	rc=$?
	# The last progress line and the final statistics.
	grep -E '^#[0-9]+' "$3" | tail -n 1
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
	    "$3"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz.sh: $1 stopped with status $rc; the end of $3:"
		grep -v -E '^#[0-9]+' "$3" | tail -n 40
		status=$rc
	fi
}

run fuzz_parse "$parse_secs" "$out/fuzz.log" tests/fuzz_parse.dict \
    "$out/corpus" "$out/seeds"
if [ "$opml_secs" -gt 0 ]; then
	run fuzz_opml "$opml_secs" "$out/fuzz-opml.log" \
	    "$out/fuzz_opml.dict" "$out/corpus-opml" "$out/seeds-opml"
fi
if [ "$ner_secs" -gt 0 ]; then
	run fuzz_ner "$ner_secs" "$out/fuzz-ner.log" \
	    "$out/fuzz_ner.dict" "$out/corpus-ner" "$out/seeds-ner"
fi

if [ "$html_secs" -gt 0 ]; then
	run fuzz_html "$html_secs" "$out/fuzz-html.log" \
	    "$out/fuzz_html.dict" "$out/corpus-html" "$out/seeds-html"
fi

found=$(find "$out" -maxdepth 1 -newer "$stamp" \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) -print)
if [ "$status" -ne 0 ] || [ -n "$found" ]; then
	for f in $found; do
		echo "fuzz.sh: input kept in $f (replay it with" \
		    "$out/fuzz_parse, fuzz_opml, fuzz_ner or fuzz_html, whichever log names it)"
	done
	exit 1
fi
echo "fuzz.sh: no crash in $secs s"
exit 0
