#!/bin/sh
# The include rules of ARCHITECTURE.md, checked: a module may include only
# project headers of its own layer or below, and nothing outside the
# terminal layer (ui*.c) includes curses.  A new module must be given a
# layer here, or this test fails.
: "${top_srcdir:=.}"
src=$top_srcdir/src
passed=0 failed=0

layer_of() {
	case $1 in
	xmalloc|buf|text|json|utf8|style|lazy|simd) echo 0 ;; # base: libc only
	charset|entity|entity_table|date|uri|feed|parse|xmlfix|plain) echo 1 ;; # pure
	ner|ner_tok|ner_train) echo 1 ;;		# pure: the entity tagger
	html) echo 1 ;;				# pure: HTML to styled text
	subs|store|fetch|opml|discover|reload|paths) echo 2 ;; # services: files, network, cache
	keymap|listview|layout|conf|article|app) echo 3 ;; # view state, no curses
	ui|ui_*) echo 4 ;;			# the terminal
	main|cmd|cmd_*) echo 5 ;;		# entry points
	*) echo unknown ;;
	esac
}

for f in "$src"/*.c "$src"/*.h; do
	[ -f "$f" ] || continue
	mod=$(basename "$f"); mod=${mod%.*}
	own=$(layer_of "$mod")
	if [ "$own" = unknown ]; then
		echo "FAIL: $mod has no layer in tests/layers.sh"
		failed=$((failed + 1))
		continue
	fi
	bad=0
	for inc in $(sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f"); do
		[ "$inc" = config ] && continue
		l=$(layer_of "$inc")
		if [ "$l" = unknown ] || [ "$l" -gt "$own" ]; then
			echo "FAIL: $mod (layer $own) includes $inc.h (layer $l)"
			bad=1
		fi
	done
	if [ "$own" -ne 4 ] && grep -Eq '^#include <n?curses(w/)?[a-z]*\.h>' "$f"; then
		echo "FAIL: $mod includes curses outside the terminal layer"
		bad=1
	fi
	if [ "$bad" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
