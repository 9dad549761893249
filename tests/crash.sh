#!/bin/sh
# Crash safety: a reload is killed with SIGKILL at random moments, many
# times, into the same cache; before each, every feed gets 40 new items,
# so every reload writes.  After every kill the cache must pass SQLite's
# integrity check, still hold every item it held after the previous kill,
# and hold each feed's items of a round all or none (one transaction per
# feed).  Then one reload to the end stores everything.
# CRASH_ROUNDS sets the number of kills (default 15).
: "${top_srcdir:=.}" "${builddir:=.}"
bin=$builddir/src/tidings
command -v python3 >/dev/null 2>&1 || {
	echo "python3 is missing: the cache cannot be checked"
	exit 77
}
dir=$(mktemp -d "${TMPDIR:-/tmp}/tidings-crash.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
rounds=${CRASH_ROUNDS:-15}
passed=0 failed=0

# gen.py DIR ROUND: 150 local feeds of 40 items with ~3 KB of text each
# (about 18 MB), guids new in each round: a reload takes long enough to be
# killed in every phase.
cat >"$dir/gen.py" <<'EOF'
import os, random, sys
d, rnd_no = sys.argv[1], int(sys.argv[2])
os.makedirs(d + "/feeds", exist_ok=True)
rnd = random.Random(rnd_no)
words = ("harbour minister council river reactor tunnel election market "
         "vaccine orchestra drought festival court bridge union").split()
paras = [" ".join(rnd.choice(words) for _ in range(450)) for _ in range(16)]
with open(d + "/urls", "w") as urls:
    for f in range(150):
        path = "%s/feeds/f%03d.xml" % (d, f)
        items = []
        for i in range(40):
            text = paras[(f + i + rnd_no) % len(paras)]
            items.append("<item><title>Feed %d story %d</title>"
                         "<guid>f%d-r%d-%d</guid><pubDate>Mon, %02d Jan 2024 "
                         "10:%02d:00 GMT</pubDate><description>&lt;p&gt;%s"
                         "&lt;/p&gt;</description></item>"
                         % (f, i, f, rnd_no, i, 1 + i % 28, f % 60, text))
        with open(path + ".new", "w") as out:
            out.write('<?xml version="1.0"?><rss version="2.0"><channel>'
                      "<title>Feed %d</title>%s</channel></rss>"
                      % (f, "".join(items)))
        os.rename(path + ".new", path)
        urls.write("file://%s\n" % path)
EOF

# check.py CACHE PREVIOUS: integrity, previous items still there, every
# feed whole or empty; writes the current item set to PREVIOUS.
cat >"$dir/check.py" <<'EOF'
import sqlite3, sys
cache, prev = sys.argv[1], sys.argv[2]
db = sqlite3.connect(cache)
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok":
    sys.exit("integrity_check: " + ok)
now = set(r[0] + " " + r[1] for r in db.execute(
    "SELECT f.url, i.guid FROM items i JOIN feeds f ON f.id = i.feed_id"))
try:
    before = set(open(prev).read().split("\n")) - {""}
except FileNotFoundError:
    before = set()
lost = before - now
if lost:
    sys.exit("%d committed items lost, e.g. %s" % (len(lost), sorted(lost)[0]))
for url, n, total in db.execute(
        "SELECT f.url, count(i.id), f.total FROM feeds f"
        " LEFT JOIN items i ON i.feed_id = f.id GROUP BY f.id"):
    if n % 40 != 0:
        sys.exit("%s holds %d items, not whole rounds of 40: a feed"
                 " half-written" % (url, n))
    if n != total:
        sys.exit("%s: count %d but the feed says %d" % (url, n, total))
open(prev, "w").write("\n".join(sorted(now)) + "\n")
print(len(now))
EOF

i=0
while [ $i -lt "$rounds" ]; do
	i=$((i + 1))
	python3 "$dir/gen.py" "$dir" "$i" || exit 1
	"$bin" -u "$dir/urls" -c "$dir/cache.db" reload --keep 100000 >/dev/null 2>&1 &
	pid=$!
	# A pseudo-random moment in the first 1.5 s.
	ms=$(( ($(od -An -N2 -tu2 /dev/urandom) % 1500) + 1 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if n=$(python3 "$dir/check.py" "$dir/cache.db" "$dir/prev" 2>&1); then
		passed=$((passed + 1))
		echo "round $i: killed after $ms ms, $n items, intact"
	else
		failed=$((failed + 1))
		echo "FAIL: round $i (killed after $ms ms): $n"
	fi
done

# To the end: everything is stored and the counts are right.
"$bin" -u "$dir/urls" -c "$dir/cache.db" reload --keep 100000 >/dev/null 2>&1
n=$(python3 "$dir/check.py" "$dir/cache.db" "$dir/prev" 2>&1)
python3 - "$dir/cache.db" "$i" >"$dir/last" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM items WHERE guid LIKE ?",
                 ("%%-r%s-%%" % sys.argv[2],)).fetchone()[0])
EOF
if [ "$(cat "$dir/last")" = 6000 ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: after a full reload: $(cat "$dir/last") items of the last round (want 6000): $n"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
