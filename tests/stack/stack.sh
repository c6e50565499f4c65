#!/usr/bin/env bash
# Starts or stops a private Paikka stack for tests: a fresh database with
# demo data in a temporary folder, nginx on a free loopback port, the
# FastCGI programs under paikka-supervise.
#   tests/stack/stack.sh start DIR   → prints "PORT PID" when it answers
#   tests/stack/stack.sh stop DIR    → stops what start started (by pid)
# B selects the build folder (build, build-san).
set -euo pipefail
cd "$(dirname "$0")/../.."
cmd=${1:?start or stop}
dir=${2:?folder for the stack}
case "$cmd" in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	# A free port: ask the kernel for one, then let nginx take it.
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	PORT=$port PAIKKA_VAR=$dir PAIKKA_QUIET=1 PAIKKA_WORKERS=${PAIKKA_WORKERS:-2} \
		setsid tools/run.sh >"$dir/run.out" 2>&1 </dev/null &
	echo $! >"$dir/stack.pid"
	for _ in $(seq 1 100); do
		if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
			echo "$port $(cat "$dir/stack.pid")"
			echo "$port" >"$dir/port"
			exit 0
		fi
		sleep 0.1
	done
	echo "stack: did not start; see $dir/run.out and $dir/log/" >&2
	cat "$dir/run.out" >&2 || true
	exit 1
	;;
stop)
	[ -f "$dir/stack.pid" ] || exit 0
	pid=$(cat "$dir/stack.pid")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$dir/stack.pid"
	;;
esac
