#!/usr/bin/env bash
# make check: builds (plain and with ASan+UBSan) and runs every suite:
# format, C unit tests (both builds), translations, the real stack through
# nginx (both builds), the browser with axe-core, and a fuzzing smoke run.
# Each suite ends with "N passed, N failed"; this script adds them up and
# ends with the same line. Logs go to tests/out/.
set -u
cd "$(dirname "$0")/.."
out=tests/out
mkdir -p "$out"
passed=0
failed=0

note() { printf '%s\n' "$*"; }

# suite NAME COMMAND...: runs it, shows its lines, adds its summary.
suite() {
	local name=$1 log="$out/$1.log" rc line p f
	shift
	note "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	grep -E '^(ok|not ok|#)' "$log" | grep -v '^# ok' | sed 's/^/  /'
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		note "not ok - $name: no summary line (exit $rc); last lines of $log:"
		tail -15 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		note "not ok - $name: exit $rc"
		failed=$((failed + 1))
	fi
	note "  $line"
}

# single NAME COMMAND...: one pass/fail check.
single() {
	local name=$1 log="$out/$1.log"
	shift
	if "$@" >"$log" 2>&1; then
		note "ok - $name"
		passed=$((passed + 1))
	else
		note "not ok - $name (see $log)"
		tail -20 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

units() {
	local dir=$1 rc=0 t
	for t in "$dir"/tests/test_*; do
		echo "# $t"
		"$t" || rc=1
	done
	return $rc
}

single build make -j2 all
single build-sanitizers make -j2 SAN=1 all
if [ "$failed" -gt 0 ]; then
	note "$passed passed, $failed failed"
	exit 1
fi
single format-check sh -c 'clang-format --dry-run -Werror src/*.c cgi-bin/*.c cgi-bin/*/*.c cgi-bin/*/*.h tools/*.c include/paikka/*.h tests/unit/*.c fuzz/*.c'
make -j2 $(ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build/tests/\1|') >"$out/unit-build.log" 2>&1 &&
	make -j2 SAN=1 $(ls tests/unit/test_*.c | sed 's|tests/unit/\(.*\)\.c|build-san/tests/\1|') >>"$out/unit-build.log" 2>&1 ||
	{ note "not ok - unit tests build"; tail -20 "$out/unit-build.log"; failed=$((failed + 1)); }
for b in build build-san; do
	units "$b" >"$out/unit-$b.raw" 2>&1
	awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3; next } { print }
	     END { print p+0 " passed, " f+0 " failed" }' "$out/unit-$b.raw" >"$out/unit-$b.sum"
	suite "unit-$b" cat "$out/unit-$b.sum"
done
suite translations tests/po-check.sh
# Every stack suite (tests/stack/*.mjs but the shared helpers: lib*.mjs
# and *_helpers.mjs) against both builds; run.mjs is the foundation's.
for f in tests/stack/*.mjs; do
	n=$(basename "$f" .mjs)
	case "$n" in lib* | *_helpers) continue ;; esac
	suite "stack-$n-build" env B=build node "$f"
	suite "stack-$n-build-san" env B=build-san node "$f"
done
suite worker-restart env B=build tests/stack/restart.sh
# npm ci when the test tools are missing or the lockfile changed since.
e2e_ready() {
	[ -f tests/e2e/node_modules/.package-lock.json ] &&
		[ ! tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]
}
if e2e_ready || (cd tests/e2e && npm ci --silent --no-audit --no-fund) >"$out/npm.log" 2>&1; then
	for f in tests/e2e/*.mjs; do
		n=$(basename "$f" .mjs)
		[ "$n" = lib ] && continue
		suite "browser-$n" env B=build node "$f"
	done
else
	note "not ok - browser: npm ci failed (see $out/npm.log)"
	failed=$((failed + 1))
fi
suite fuzz-smoke tests/fuzz.sh smoke

note "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
