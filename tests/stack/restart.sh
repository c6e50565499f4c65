#!/usr/bin/env bash
# The supervisor restarts a FastCGI worker that dies: kill every worker of
# the home program with SIGKILL, and the site still answers, from new
# processes. Prints ok/not ok lines and "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
dir=$(mktemp -d)
pass=0
fail=0
check() {
	if [ "$2" = 0 ]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1"
		fail=$((fail + 1))
	fi
}
trap 'B=$B tests/stack/stack.sh stop "$dir"; rm -rf "$dir"' EXIT
read -r port pid < <(B=$B PAIKKA_WORKERS=2 tests/stack/stack.sh start "$dir") || {
	echo "not ok - stack starts"
	echo "0 passed, 1 failed"
	exit 1
}
url="http://127.0.0.1:$port/"
# The supervisor is the stack's process; its children are the workers.
# By process name: a child forked but not yet exec'd still carries the
# supervisor's command line, which names every program.
workers() { pgrep -P "$pid" -x home | sort; }
before=$(workers)
check "two home workers run" "$([ "$(echo "$before" | wc -l)" = 2 ]; echo $?)"
for w in $before; do kill -KILL "$w"; done
ok=0
for _ in $(seq 1 50); do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
	[ "$code" = 200 ] && ok=$((ok + 1))
	sleep 0.05
done
# Requests in flight on a killed worker may fail; most must succeed.
check "site answers after its workers were killed ($ok/50)" "$([ "$ok" -ge 40 ]; echo $?)"
after=$(workers)
check "new workers replaced the killed ones" \
	"$([ "$(echo "$after" | wc -l)" = 2 ] && [ -z "$(comm -12 <(echo "$before") <(echo "$after"))" ]; echo $?)"
check "the supervisor logged the restarts" \
	"$(grep -q 'killed by signal 9, restarting' "$dir/log/paikka.log"; echo $?)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
