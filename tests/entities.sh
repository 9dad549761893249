#!/bin/sh
# Tests of `tidings entities FILE` with the committed model (data/ner.model):
# every line it prints is START TAB END TAB TYPE TAB TEXT with START < END
# inside the file, a CoNLL type, and TEXT the bytes at those offsets; names
# that no news model can miss are found with their type; control characters
# in the input never reach the output; usage errors exit 1, unreadable
# input or model 2, with nothing on stdout.  The texts are written here.
# Skipped (exit 77) when the model file is not in the source tree.
: "${top_srcdir:=.}" "${builddir:=.}"
bin=$builddir/src/tidings
model=$top_srcdir/data/ner.model
tmp=${TMPDIR:-/tmp}/tidings-entities.$$
trap 'rm -f "$tmp" "$tmp.out" "$tmp.err"' EXIT INT TERM
passed=0 failed=0

if [ ! -f "$model" ]; then
	echo "skipped: no $model"
	exit 77
fi
export TIDINGS_NER_MODEL="$model"

fail() {
	echo "FAIL: $1"
	failed=$((failed + 1))
}

# check_spans FILE OUTPUT: each line well-formed and true to FILE.
check_spans() {
	size=$(wc -c <"$1")
	bad=0
	tab=$(printf '\t')
	while IFS="$tab" read -r s e type text rest; do
		case $s$e in
		''|*[!0-9]*) bad=1; echo "bad offsets: $s $e"; continue ;;
		esac
		if [ "$s" -ge "$e" ] || [ "$e" -gt "$size" ] || [ -n "$rest" ]; then
			bad=1
			echo "bad span: $s $e $type $text"
			continue
		fi
		case $type in
		PER|ORG|LOC|MISC) ;;
		*) bad=1; echo "bad type: $type" ;;
		esac
		got=$(tail -c +$((s + 1)) "$1" | head -c $((e - s)) |
		    tr '\t\n' '  ')
		if [ "$got" != "$text" ]; then
			bad=1
			echo "TEXT '$text' is not the bytes $s-$e: '$got'"
		fi
	done <"$2"
	return $bad
}

cat >"$tmp" <<'END'
GERMAN LEADER VISITS FRANCE
Chancellor Angela Merkel of Germany met President Emmanuel Macron in Paris on Monday, the French government said.
Merkel later flew to Brussels for talks at the European Commission.
"We agreed," said Macron’s spokesman, Jean-Paul Dupont, in the U.S. city of Boston.
END
if ! "$bin" entities "$tmp" >"$tmp.out" 2>"$tmp.err"; then
	fail "entities exited $?: $(cat "$tmp.err")"
elif ! check_spans "$tmp" "$tmp.out"; then
	fail "malformed or untrue spans"
else
	passed=$((passed + 1))
	for want in "Angela Merkel	PER" "Germany	LOC" "Emmanuel Macron	PER" \
	    "Paris	LOC" "Brussels	LOC" "Boston	LOC"; do
		name=${want%	*} type=${want#*	}
		if grep -q "	$type	$name\$" "$tmp.out"; then
			passed=$((passed + 1))
		else
			fail "$name not found as $type"
		fi
	done
	# The surname alone keeps the type of the full name.
	if grep -q "	PER	Merkel\$" "$tmp.out"; then
		passed=$((passed + 1))
	else
		fail "the bare surname Merkel is not PER"
	fi
fi

# Control characters and invalid UTF-8 between and around names.
printf 'Talks in\033]0;x\007 Berlin\tand Paris\r\nwith Tony\033[2J Blair \377\376 of Britain.\n' >"$tmp"
if ! "$bin" entities "$tmp" >"$tmp.out" 2>"$tmp.err"; then
	fail "hostile input: exited $?"
elif tr -d '\t\n' <"$tmp.out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "hostile input: a control character reached the output"
	od -c "$tmp.out" | head -n 5
else
	passed=$((passed + 1))
fi

# Empty input: nothing to print, success.
: >"$tmp"
if "$bin" entities "$tmp" >"$tmp.out" && [ ! -s "$tmp.out" ]; then
	passed=$((passed + 1))
else
	fail "empty file: want exit 0 and no output"
fi

# Usage errors and unreadable input keep stdout clean.
"$bin" entities >"$tmp.out" 2>/dev/null
if [ $? -ne 1 ] || [ -s "$tmp.out" ]; then
	fail "entities without FILE: want exit 1, nothing on stdout"
else passed=$((passed + 1)); fi
"$bin" entities /nonexistent/story.txt >"$tmp.out" 2>"$tmp.err"
if [ $? -ne 2 ] || [ -s "$tmp.out" ] || ! grep -q nonexistent "$tmp.err"; then
	fail "missing file: want exit 2, a message on stderr, nothing on stdout"
else passed=$((passed + 1)); fi
echo "Paris" >"$tmp"
TIDINGS_NER_MODEL=/nonexistent/ner.model "$bin" entities "$tmp" \
    >"$tmp.out" 2>"$tmp.err"
if [ $? -ne 2 ] || [ -s "$tmp.out" ] || ! grep -q 'entity model' "$tmp.err"; then
	fail "missing model: want exit 2, a message on stderr, nothing on stdout"
else passed=$((passed + 1)); fi
TIDINGS_NER_MODEL=$tmp "$bin" entities "$tmp" >"$tmp.out" 2>"$tmp.err"
if [ $? -ne 2 ] || [ -s "$tmp.out" ]; then
	fail "a file that is no model: want exit 2, nothing on stdout"
else passed=$((passed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
