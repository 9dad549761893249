#!/bin/sh
# Runs every test program and script given as arguments, keeps each one's
# output in tests/NAME.log, and ends with one line "N passed, M failed"
# counting the test cases the programs report and each script (a script
# that exits 77 is skipped and says why).  Exits 1 if anything failed.
: "${top_srcdir:=.}" "${builddir:=.}"
export top_srcdir builddir
passed=0 failed=0 skipped=""
mkdir -p "$builddir/tests"
for t in "$@"; do
	name=$(basename "$t" .sh)
	log="$builddir/tests/$name.log"
	case $t in
	*.sh) sh "$top_srcdir/$t" >"$log" 2>&1 ;;
	*) "$builddir/$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	# A line "N passed, M failed" in the output counts N and M cases.
	counts=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
	if [ "$rc" -eq 77 ]; then
		skipped="$skipped $name"
		echo "SKIP: $name: $(tail -n 1 "$log")"
		continue
	fi
	if [ -n "$counts" ]; then
		p=${counts% *} f=${counts#* }
	elif [ "$rc" -eq 0 ]; then p=1 f=0
	else p=0 f=1
	fi
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p)) failed=$((failed + f))
	if [ "$rc" -eq 0 ]; then
		echo "PASS: $name ($p)"
	else
		echo "FAIL: $name (see $log)"
		tail -n 20 "$log" | sed 's/^/    /'
	fi
done
[ -n "$skipped" ] && echo "skipped:$skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
