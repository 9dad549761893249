#!/bin/sh
# End-to-end tests of the reader: the real binary in a private tmux
# server (send-keys, capture-pane), on a cache built from the sample
# feeds in feeds/ and on feeds served by the loopback server
# tests/httpd.py.  Checks what a user sees: the first screen, moving,
# reading, starring, searching, a resize, a reload while reading, names
# highlighted in their colour, a title full of escape sequences that must
# not reach the terminal, and quitting.
: "${top_srcdir:=.}" "${builddir:=.}"
bin=$(cd "$builddir/src" && pwd)/tidings
top=$(cd "$top_srcdir" && pwd)
command -v tmux >/dev/null 2>&1 || { echo "tmux is missing: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is missing: skipped"; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/tidings-tui.XXXXXX") || exit 1
sock=tidings-tui-$$
server=
t() {
	tmux -L "$sock" -f /dev/null "$@"
}
cleanup() {
	t kill-server 2>/dev/null
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
. "$top/tests/lib.sh"

# screen: the pane as text.
screen() {
	t capture-pane -p -t tui
}

# wait_for WHAT PATTERN: wait (up to 10 s) until the screen shows an
# extended regular expression; fails the check WHAT with the screen.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -Eq -e "$2"; then ok; return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$1: the screen never showed /$2/:"
	screen | sed 's/^/    | /'
	return 1
}

# absent WHAT PATTERN: the screen must not show it (now).
absent() {
	if screen | grep -Eq -e "$2"; then
		fail "$1: the screen shows /$2/:"
		screen | sed 's/^/    | /'
	else ok; fi
}

keys() {
	t send-keys -t tui "$@"
}

# start COLS ROWS ARGS...: the reader in a new tmux session, in $dir.
start() {
	cols=$1 rows=$2
	shift 2
	# A session that outlives the others keeps the tmux server up:
	# killing its last session stops the server, and a new-session
	# that reaches it while it stops fails ("server exited
	# unexpectedly"), which happened on a loaded machine.
	t has-session -t keep 2>/dev/null ||
	    t new-session -d -s keep -x 20 -y 5 "sleep 3600"
	t kill-session -t tui 2>/dev/null
	t new-session -d -s tui -x "$cols" -y "$rows" -c "$dir" \
	    "env TERM=screen-256color XDG_CONFIG_HOME=$dir/config \
	    XDG_DATA_HOME=$dir/data BROWSER=$dir/browser LC_ALL=C.UTF-8 \
	    $bin $* ; echo EXITED \$?; sleep 30"
}

mkdir -p "$dir/feeds" "$dir/config/tidings" "$dir/data"
cp "$top"/feeds/world.xml "$top"/feeds/science.atom "$top"/feeds/culture.rdf \
    "$dir/feeds/"
cp "$top"/feeds/urls "$dir/urls"
# The browser: writes its arguments, one a line, so the test sees that
# the URL came as one argument and no shell was involved.
cat >"$dir/browser" <<EOF
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >"$dir/browser.out"
EOF
chmod +x "$dir/browser"

# ---- the sample feeds ---------------------------------------------------
# Never fetched: the reader fetches them at start (file://) and shows them.
start 200 50 -u urls -c cache.db
wait_for "first screen" 'Feeds \([0-9]+ unread'
wait_for "sample feeds listed" 'World news'
wait_for "their stories, fetched at start" 'Trams for Z'
absent "no reload error" '^ *!'

# Enter: the stories; Enter: the article, with its header and text.
keys Enter
keys Enter
wait_for "article open" 'Title: Trams for Z'
wait_for "article header" 'Feed: '
wait_for "article text" 'Link: https://example.org/world/2026/03/trams'
# Opening it marked it read: the N mark is gone from its row.
absent "read mark" 'N  +[0-9-]+ [0-9:]+ +Trams'

# s stars it: the row shows *, and tidings list --starred agrees.
keys s
wait_for "starred mark" '\* +[0-9-]+ [0-9:]+ +Trams'
# o opens the link in $BROWSER, the URL as one argument.
keys o
i=0; while [ ! -s "$dir/browser.out" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(cat "$dir/browser.out" 2>/dev/null)" = \
    "https://example.org/world/2026/03/trams-three-cities" ]; then ok
else fail "browser: got \"$(cat "$dir/browser.out" 2>/dev/null)\""; fi

# ? shows the help, generated from the key table; any key closes it.
keys '?'
wait_for "help" 'reload-all|reload every'
keys Escape
wait_for "help closed" 'Feeds \([0-9]+ unread'

# q back to the stories, q to the feeds; / searches.
keys q q
keys / t u n n e l Enter
wait_for "search feed" 'Search: tunnel'
wait_for "search result" '[Tt]unnel'

# A resize to 80x24: one pane at a time.
t resize-window -t tui -x 80 -y 24
sleep 0.3
wait_for "single pane after resize" 'Search: tunnel|\(no stories\)|[Tt]unnel'
absent "no side by side" 'Article \(|Trams for Z.*│'
keys Q
wait_for "quit" 'EXITED 0'
"$bin" -c "$dir/cache.db" list --starred >"$dir/starred" 2>&1
if grep -q 'Trams for Z' "$dir/starred"; then ok; else
	fail "starred in the cache:"; cat "$dir/starred"; fi

# ---- a loopback server: reload while reading; hostile text -------------
mkdir "$dir/www"
esc=$(printf '\033')
bel=$(printf '\007')
cat >"$dir/www/evil.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Evil${esc}]0;PWNED${bel} feed</title>
<link>http://127.0.0.1/</link>
<item><title>Hello ${esc}]0;PWNED${bel}${esc}[2Jworld${esc}[31m red</title>
<link>http://127.0.0.1/a</link><guid>a</guid>
<description>&lt;p&gt;Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday, and Merkel spoke to the United Nations.&lt;/p&gt;</description>
</item></channel></rss>
EOF
serve "$top" "$dir"
printf '%s "~Loopback"\n%s/evil.xml\n' "$u/feed.xml" "$u" >"$dir/urls2"

start 160 48 -u urls2 -c cache2.db
wait_for "loopback feed fetched at start" 'Loopback'
wait_for "hostile feed fetched at start" 'Evil.*feed'
keys j
wait_for "hostile title shown, cleaned" 'Hello .*world'
# The escape characters are gone (what followed them is inert text):
# the title did not clear the screen or turn the rest red.
wait_for "screen not cleared by the title" 'Feeds \([0-9]+ unread'
if t capture-pane -p -e -t tui | grep 'Hello' |
    grep -q "${esc}\[31mred"; then fail "a title set a colour"; else ok; fi
title=$(t display-message -p -t tui '#{pane_title}')
case $title in
*PWNED*) fail "a feed retitled the terminal: \"$title\"" ;;
*) ok ;;
esac
# R reloads every feed while the reader runs; the server sees requests.
n0=$(wc -l <"$dir/access")
keys R
wait_for "reload finished" 'reloaded 2 feeds'
n1=$(wc -l <"$dir/access")
if [ "$n1" -gt "$n0" ]; then ok; else fail "R sent no request"; fi

# Names are highlighted: open the hostile feed's story and look for the
# colour of PER around "Angela Merkel" (capture-pane -e keeps it).
keys Enter Enter
wait_for "article of the loopback story" 'Chancellor Angela Merkel'
if t capture-pane -p -e -t tui | grep 'Angela Merkel' |
    grep -Eq "${esc}\[([0-9;]*;)?(3[0-7]|38;5;[0-9]+|9[0-7])(;[0-9;]*)?mAngela Merkel"; then ok
else fail "no colour around a name:"; t capture-pane -p -e -t tui |
    grep 'Merkel' | cat -v | sed 's/^/    | /'; fi
# e: the names of the story as rows of the feeds pane; Enter on one
# lists the stories that name it.
keys e
wait_for "entity view" 'PER +Angela Merkel'
wait_for "entity view, a place" 'LOC +Paris'
keys Enter
wait_for "stories naming the person" 'PER +Angela Merkel \(1 unread, 1 total\)|PER +Angela Merkel \(0 unread, 1 total\)'
wait_for "the story itself" 'Hello .*world'
keys Q
wait_for "quit" 'EXITED 0'

# ---- OSC 8 hyperlinks (hyperlinks yes): the raw output, logged with
# pipe-pane, holds the link with its URL; the screen is unchanged.
printf 'hyperlinks yes\n' >"$dir/config/tidings/config"
cat >"$dir/www/links.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Links</title><link>$u/</link>
<item><title>Linked story</title><link>$u/story</link><guid>l1</guid>
<description>&lt;p&gt;Read &lt;a href="/more?a=1&amp;amp;b=2"&gt;the rest&lt;/a&gt; here.&lt;/p&gt;</description>
</item></channel></rss>
EOF
printf '%s/links.xml\n' "$u" >"$dir/urls3"
start 120 40 -u urls3 -c cache3.db
t pipe-pane -o -t tui "cat >>$dir/raw"
wait_for "links feed" 'Linked story'
keys Enter Enter
wait_for "link in the text" 'the rest\[1\]'
wait_for "link list" "\\[1\\]: $u/more"
sleep 0.3
if grep -q "]8;id=t1;$u/more?a=1&b=2" "$dir/raw"; then ok; else
	fail "no OSC 8 link in the output:"; cat -v "$dir/raw" | grep -o ']8;[^\\]*' | head -5; fi
absent "no sequence remnants on screen" '8;id=|\]8;'
keys Q
wait_for "quit" 'EXITED 0'

# ---- a server that never answers does not hold up the keys; SIGTERM
# restores the terminal and exits 0.
printf '%s/hang "~Dead server"\n%s/links.xml "~Alive"\n' "$u" "$u" \
    >"$dir/urls4"
start 120 40 -u urls4 -c cache4.db
wait_for "dead server: still reloading" 'reloading [0-9]+/2 feeds'
keys j
wait_for "keys work while a feed hangs" 'Alive \([0-9]+ unread, [0-9]+ total\)'
wait_for "and it still hangs" 'reloading 1/2 feeds'
pid=$(t display-message -p -t tui '#{pane_pid}')
# The pane runs sh -c; its child is the reader (found in /proc: a
# minimal system has no pgrep).
rpid=
for d in /proc/[0-9]*; do
	[ "$(cut -d' ' -f4 "$d/stat" 2>/dev/null)" = "$pid" ] &&
	    [ "$(cat "$d/comm" 2>/dev/null)" = tidings ] && rpid=${d#/proc/}
done
if [ -n "$rpid" ]; then
	kill -TERM "$rpid"
	wait_for "SIGTERM: terminal restored, exit 0" 'EXITED 0'
	absent "alternate screen left" 'Feeds \('
else
	fail "no reader process under the pane"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
