#!/usr/bin/env bash
# make soak: load and faults, bounded, loopback only (never part of make
# check). Two parts, each a Node.js driver against a private stack:
#   load.mjs   60 s of mixed load at 64 connections while a random
#              FastCGI worker is SIGKILLed every 2 s; then every
#              acknowledged write is checked in the database
#   crash.mjs  the whole stack SIGKILLed around an invoice approval and a
#              bid submission, 100 rounds each; never a partial write
# Prints ok/not ok lines, a summary with PASS/FAIL per requirement and
# "N passed, N failed"; exits non-zero on any failure. Every stack it
# starts is stopped on exit, also on Ctrl-C.
#   B (build dir), SOAK_SECONDS, SOAK_ROUNDS, SOAK_SEED, KEEP=1 (keep the
#   temporary folder with logs and databases)
set -u
cd "$(dirname "$0")/../.." || exit 1
export B=${B:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paikka-soak.XXXXXX")
export SOAK_TMP=$tmp SOAK_STACKS=$tmp/stacks
: >"$SOAK_STACKS"
driver=""

# Kills a stack the drivers did not stop: the process group of the pid in
# its stack.pid, when that process still runs with this stack's folder
# as PAIKKA_VAR (run.sh and the supervisor it becomes both do), so a
# reused pid is never hit.
stop_left() {
	local d pid
	[ -f "$SOAK_STACKS" ] || return 0
	while read -r d; do
		[ -f "$d/stack.pid" ] || continue
		pid=$(cat "$d/stack.pid")
		if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "PAIKKA_VAR=$d"; then
			kill -KILL -- "-$pid" 2>/dev/null
		fi
		rm -f "$d/stack.pid"
	done <"$SOAK_STACKS"
}

cleanup() {
	[ -n "$driver" ] && kill "$driver" 2>/dev/null && wait "$driver" 2>/dev/null
	stop_left
	if [ -n "${KEEP:-}" ]; then
		echo "# kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for f in "$B/bin/paikka-supervise" "$B/bin/paikkactl" "$B/cgi-bin/home"; do
	if [ ! -x "$f" ]; then
		echo "not ok - $f is missing: build first (make B=$B all)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

passed=0
failed=0
# part NAME LIMIT SCRIPT: runs a driver with a time limit, shows its lines
# and adds its "N passed, N failed".
part() {
	local name=$1 limit=$2 log="$tmp/$1.log" line p f rc shown
	echo "== $name"
	: >"$log"
	timeout "$limit" node "$3" >"$log" 2>&1 &
	driver=$!
	tail -n +1 -f --pid="$driver" "$log" 2>/dev/null &
	shown=$!
	wait "$driver"
	rc=$?
	driver=""
	wait "$shown"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		[ "$rc" = 124 ] && echo "# $name: stopped at its limit of $limit s" >>"$log"
		echo "not ok - $name: no summary (exit $rc)" | tee -a "$log"
		failed=$((failed + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name: exit $rc" | tee -a "$log"
		failed=$((failed + 1))
	fi
}

start=$(date +%s)
part load 600 tests/soak/load.mjs
stop_left
part crash 1200 tests/soak/crash.mjs
stop_left

echo
echo "== summary (B=$B, $(($(date +%s) - start)) s, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg))"
for name in load crash; do
	sed -n -e 's/^# /  /p' -e 's/^ok - /  PASS  /p' -e 's/^not ok - /  FAIL  /p' "$tmp/$name.log"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
