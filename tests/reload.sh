#!/bin/sh
# End-to-end tests of the backend: `tidings reload`, `list`, `add`,
# `import` and `export` against the loopback server tests/httpd.py, with
# a cache and a urls file in a temporary directory.  Checks what a user
# would see: the items listed, the errors reported per feed, the urls file
# following a permanent redirect, 304s on the second reload (from the
# server's log), stored items surviving a failing feed, and a cache from a
# newer tidings refused untouched.
: "${top_srcdir:=.}" "${builddir:=.}"
bin=$builddir/src/tidings
command -v python3 >/dev/null 2>&1 || {
	echo "python3 is missing: the loopback server cannot run"
	exit 77
}
dir=$(mktemp -d "${TMPDIR:-/tmp}/tidings-reload.XXXXXX") || exit 1
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
. "$top_srcdir/tests/lib.sh"

# expect WHAT FILE PATTERN: FILE must contain a line matching PATTERN.
expect() {
	if grep -q -e "$3" "$2"; then ok; else
		fail "$1: no line matching \"$3\" in:"
		sed 's/^/    /' "$2" | head -n 20
	fi
}

mkdir "$dir/www"
cp "$top_srcdir"/feeds/world.xml "$top_srcdir"/feeds/science.atom \
    "$top_srcdir"/feeds/culture.rdf "$dir/www/"
serve "$top_srcdir" "$dir"

cat >"$dir/urls" <<EOF
# test subscriptions
$u/world.xml "~World" news
$u/science.atom science
$u/culture.rdf
$u/redirect-perm moved
$u/404
$u/html
$u/invalid.xml
$u/hang
$u/bomb
EOF
T="$bin -u $dir/urls -c $dir/cache.db"

# ---- the first reload ------------------------------------------------
$T reload --timeout 3 >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc -eq 0 ] && ok || fail "reload exit status $rc, want 0 (some feeds failing is not an error)"
[ -s "$dir/out" ] && fail "reload wrote to stdout" || ok
expect "summary" "$dir/err" '^9 feeds: 5 ok (0 not modified), 4 failed; 57 new items, 0 updated$'
expect "404" "$dir/err" "/404: HTTP 404"
expect "items before an XML error kept" "$dir/err" "/invalid.xml: items after an error were lost"
expect "html page" "$dir/err" "/html: not a feed"
expect "server that never answers" "$dir/err" "/hang: .*\(timed out\|stalled\)"
expect "gzip bomb" "$dir/err" "/bomb: .*larger than"
expect "permanent redirect" "$dir/err" "/redirect-perm: moved permanently to $u/feed.xml"
expect "urls file follows the redirect" "$dir/urls" "^$u/feed.xml moved$"
grep -q "redirect-perm" "$dir/urls" && fail "the old URL is still in the urls file" || ok

# What list shows: 15 sample stories, 40 of feed.xml, the 2 items of
# invalid.xml up to its error, newest first, four tab-separated fields.
$T list >"$dir/list" 2>"$dir/err"
[ $? -eq 0 ] && ok || fail "list failed: $(cat "$dir/err")"
n=$(wc -l <"$dir/list")
[ "$n" -eq 57 ] && ok || fail "list shows $n items, want 57"
awk -F '\t' 'NF != 4 { bad = 1 } END { exit bad }' "$dir/list" && ok ||
    fail "a list line does not have 4 fields"
sort -s -r -c -t "$(printf '\t')" -k1,1 "$dir/list" 2>/dev/null && ok ||
    fail "list is not newest first"
$T list World >"$dir/world"
[ "$(wc -l <"$dir/world")" -eq 6 ] && ok || fail "list World: $(wc -l <"$dir/world") items, want 6"
$T list --search 'danube OR nothingofthesort' >"$dir/search" 2>"$dir/err"
[ -s "$dir/search" ] && ok || fail "search found nothing: $(cat "$dir/err")"
$T list --search '"unbalanced' >"$dir/search" 2>"$dir/err"
[ $? -eq 2 ] && grep -q "bad search" "$dir/err" && ok || fail "a bad search query is not reported"

# ---- the second reload: nothing changed --------------------------------
: >"$dir/access"
$T reload --timeout 3 >"$dir/out" 2>"$dir/err"
expect "second reload" "$dir/err" "^9 feeds: 5 ok ([34] not modified), 4 failed; 0 new items, 0 updated$"
expect "304 for a file with validators" "$dir/access" "^GET /culture.rdf 304 "
expect "conditional request" "$dir/access" '^GET /feed.xml 304 "feed-v1"'

# ---- a feed changes: an item edited, one added -------------------------
sed -e 's|<title>River Danube|<title>EDITED River Danube|' \
    -e 's|</channel>|<item><title>Fresh story</title><guid>fresh-1</guid><pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate></item></channel>|' \
    "$top_srcdir/feeds/world.xml" >"$dir/www/world.xml.new"
mv "$dir/www/world.xml.new" "$dir/www/world.xml"
touch -d '2035-01-01' "$dir/www/world.xml"
$T reload --timeout 3 >"$dir/out" 2>"$dir/err"
expect "changed feed" "$dir/err" "; 1 new items, 1 updated$"
$T list -n 1 >"$dir/list"
expect "new item first" "$dir/list" "Fresh story"
$T list World >"$dir/world"
[ "$(wc -l <"$dir/world")" -eq 7 ] && ok || fail "edited feed: $(wc -l <"$dir/world") items, want 7 (edited in place)"
expect "item edited in place" "$dir/world" "EDITED River Danube"

# ---- a failing feed keeps what it had ---------------------------------
mv "$dir/www/science.atom" "$dir/science.atom.away"
$T reload --timeout 3 >"$dir/out" 2>"$dir/err"
expect "missing file" "$dir/err" "/science.atom: HTTP 404"
$T list >"$dir/list"
[ "$(wc -l <"$dir/list")" -eq 58 ] && ok || fail "items lost when a feed failed"

# ---- a title with terminal escapes reaches nobody unfiltered ------------
printf '<rss version="2.0"><channel><title>Evil\033]0;pwned\007 feed</title><item><title>Bad\033[2J\033]0;x\007title</title><link>http://e/1</link></item></channel></rss>' >"$dir/www/evil.xml"
echo "$u/evil.xml" >"$dir/urls2"
$bin -u "$dir/urls2" -c "$dir/cache.db" reload >/dev/null 2>&1
$T list "$u/evil.xml" >"$dir/evil" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$dir/evil" ||
    LC_ALL=C grep -q "$(printf '\007')" "$dir/evil"; then
	fail "list printed an escape or control character"
else ok; fi
expect "evil title shown, cleaned" "$dir/evil" "Bad"

# ---- import, export, add ---------------------------------------------
cat >"$dir/in.opml" <<EOF
<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Tech"><outline type="rss" text="Lab notes" xmlUrl="$u/science.atom"/>
<outline type="rss" text="Gazette" xmlUrl="http://gazette.example/rss"/></outline>
</body></opml>
EOF
$T import "$dir/in.opml" >"$dir/out" 2>"$dir/err"
expect "import" "$dir/err" "imported 1 feeds .*(1 already there)"
expect "imported line" "$dir/urls" '^http://gazette.example/rss Tech "\{0,1\}~Gazette"\{0,1\}$'
$T export >"$dir/out.opml" 2>"$dir/err"
expect "export" "$dir/out.opml" "xmlUrl=\"$u/world.xml\""
expect "export title" "$dir/out.opml" 'title="World"'
expect "export tags" "$dir/out.opml" 'category="Tech"'
$bin -u "$dir/urls3" add "$u/html" news >"$dir/out" 2>"$dir/err"
expect "add discovers the feed" "$dir/urls3" "^$u/feed.xml news$"
$bin -u "$dir/urls3" add "$u/feed.xml" >"$dir/out" 2>"$dir/err"
[ $? -ne 0 ] && grep -q "already subscribed" "$dir/err" && ok || fail "a second add is not refused"
$bin -u "$dir/urls3" add "$u/404" >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] && grep -q "404" "$dir/err" && ok || fail "add of a 404 is not an error"

# ---- a cache from a newer tidings is refused and left alone --------------
cp "$dir/cache.db" "$dir/newer.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=9999'); c.commit()" "$dir/newer.db"
sum1=$(cksum <"$dir/newer.db")
$bin -u "$dir/urls" -c "$dir/newer.db" reload >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc -eq 2 ] && ok || fail "newer cache: exit $rc, want 2"
expect "newer cache" "$dir/err" "newer tidings"
[ "$(cksum <"$dir/newer.db")" = "$sum1" ] && ok || fail "the newer cache was modified"
printf 'not a database at all\n' >"$dir/junk.db"
$bin -c "$dir/junk.db" list >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] && grep -q "not a tidings cache" "$dir/err" && ok || fail "a junk cache is not refused"

[ -n "${KEEP:-}" ] && { cp -r "$dir" /tmp/reload-kept; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
