#!/usr/bin/env bash
# bench/run.sh (make bench): Paikka at national scale, against the targets
# of the invoicing issue. Never part of make check.
#
#  1. Builds (make all) and the programs in bench/ (bench/bench.mk).
#  2. Generates the data with bench/gen: 21 counties, 2,000 providers,
#     10,000 contracts and places, 100,000 placements, 2,000,000 recorded
#     days of February 2026, 500 tenders with 10,000 bids. The database is
#     kept in $B/bench/ and reused while bench/gen.c and the migrations
#     are unchanged.
#  3. Month-end: makes every invoice of 2026-02 (bench/month, through
#     inv_make_month, the code of the provider's "create invoice") on a
#     fresh copy of the database, BENCH_RUNS times (5); median time.
#     Target: under 1 s.
#  4. Opens the 500-line invoice (contract 1) through the real stack as
#     finance: GET /invoices/ID with wrk, one connection, BENCH_SECONDS
#     (10); median and 99th percentile, with the memo off (each view
#     built anew). Target: under 20 ms.
#  5. The pages under load against their two ceilings, the write path,
#     the workers' memory and the accept-loop arrangements: bench/http.sh
#     on the same data (its own table; see its header); BENCH_HTTP=0
#     skips it.
#
# Prints a table with PASS/MISS and exits 1 when a target is missed.
# Everything it starts (the stack) it stops, and its temporary folder
# goes too. B selects the build folder (build); BENCH_NOBUILD=1 skips
# the build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export B=${B:-build}
RUNS=${BENCH_RUNS:-5}
SECONDS_WRK=${BENCH_SECONDS:-10}
MONTH=2026-02
# 2026-03-02 10:00 UTC: the invoices are made on the month's next
# Monday; a fixed time makes every run write the same rows.
NOW=1772445600

say() { printf 'bench: %s\n' "$*" >&2; }

# BENCH_NOBUILD=1 measures the programs already built in $B.
if [ -z "${BENCH_NOBUILD:-}" ]; then
	make --no-print-directory -s B="$B" all
	make --no-print-directory -s -f Makefile -f bench/bench.mk B="$B" bench-progs
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paikka-bench-XXXXXX")
STACK=$WORK/stack
# shellcheck disable=SC2317 # (run by the trap)
cleanup() {
	if [ -f "$STACK/stack.pid" ]; then tests/stack/stack.sh stop "$STACK"; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the data ------------------------------------------------------------
CACHE=$ROOT/$B/bench
DB=$CACHE/national.db
key=$(cat bench/gen.c sql/[0-9]*.sql | sha256sum | cut -c1-16)
if [ ! -f "$DB" ] || [ "$(cat "$CACHE/national.key" 2>/dev/null)" != "$key" ]; then
	say "generating the national-scale data (once; kept in $DB)"
	mkdir -p "$CACHE"
	rm -f "$DB" "$DB"-* "$DB.new" "$DB.new"-* "$CACHE/national.key"
	PAIKKA_SQL=$ROOT/sql "$B/bench/gen" "$DB.new" 2>&1 | grep -v '^applied' >&2
	mv "$DB.new" "$DB"
	echo "$key" >"$CACHE/national.key"
else
	say "reusing $DB"
fi
counts=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM organisations WHERE kind = 'buyer') || ' counties, ' || (SELECT count(*) FROM organisations WHERE kind = 'provider') || ' providers, ' || (SELECT count(*) FROM contracts) || ' contracts, ' || (SELECT count(*) FROM places) || ' places, ' || (SELECT count(*) FROM placements) || ' placements, ' || (SELECT count(*) FROM attendance) || ' recorded days, ' || (SELECT count(*) FROM tenders) || ' tenders, ' || (SELECT count(*) FROM bids) || ' bids'")
say "data: $counts"

# --- month-end -------------------------------------------------------------
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p"; }

times=() cpus=()
for i in $(seq 1 "$RUNS"); do
	cp "$DB" "$WORK/run.db"
	out=$("$B/bench/month" "$WORK/run.db" "$MONTH" finance "$NOW")
	say "month-end run $i: $out"
	times+=("$(field seconds <<<"$out")")
	cpus+=("$(field cpu <<<"$out")")
done
invoices=$(field invoices <<<"$out")
lines=$(field lines <<<"$out")
month_s=$(printf '%s\n' "${times[@]}" | median)
month_cpu=$(printf '%s\n' "${cpus[@]}" | median)

# --- the 500-line invoice through the stack ---------------------------------
# The last run's database, with the invoices made, serves the stack;
# finance opens the big invoice as it would to approve it.
mkdir -p "$STACK"
mv "$WORK/run.db" "$STACK/paikka.db"
id=$(sqlite3 "$STACK/paikka.db" "SELECT id FROM invoices WHERE contract_id = 1 AND month = '$MONTH'")
nlines=$(sqlite3 "$STACK/paikka.db" "SELECT count(*) FROM invoice_lines WHERE invoice_id = $id")
sqlite3 "$STACK/paikka.db" "UPDATE invoices SET status = 'submitted', submitted_at = $NOW, submitted_by = created_by WHERE id = $id"
# The memo off (PAIKKA_MEMO=0): each view is built, as the first after a
# change is; bench/http.sh measures the kept page.
port=$(PAIKKA_MEMO=0 tests/stack/stack.sh start "$STACK" | cut -d' ' -f1)
base=http://127.0.0.1:$port
cookie=$(node --input-type=module -e "
	import { loginClient } from '$ROOT/tests/stack/lib.mjs';
	const c = await loginClient({ base: '$base' }, 'finance');
	console.log(c.cookieHeader());")
url=$base/invoices/$id
check=$(curl -s -H "Cookie: $cookie" -H 'Accept-Language: en' -w '\n%{http_code}' "$url")
code=$(tail -n1 <<<"$check")
rows=$(grep -o '<tr class="line' <<<"$check" | wc -l)
if [ "$code" != 200 ] || [ "$rows" != "$nlines" ]; then
	say "GET /invoices/$id: HTTP $code with $rows lines (want 200 with $nlines)"
	exit 1
fi

# Milliseconds from wrk's "12.34ms" / "850.00us" / "1.02s".
to_ms() { awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /[0-9]s$/ && $1 !~ /ms$/) v *= 1000; printf "%.1f\n", v}'; }
if command -v wrk >/dev/null; then
	w=$(wrk -t1 -c1 -d"${SECONDS_WRK}s" --latency -H "Cookie: $cookie" \
		-H 'Accept-Language: en' "$url")
	if grep -q 'Non-2xx' <<<"$w"; then
		say "wrk saw errors:"; echo "$w" >&2; exit 1
	fi
	p50=$(awk '$1 == "50%" {print $2}' <<<"$w" | to_ms)
	p99=$(awk '$1 == "99%" {print $2}' <<<"$w" | to_ms)
	nreq=$(awk '/requests in/ {print $1}' <<<"$w")
else
	# No wrk: curl one request at a time, its own timing.
	for _ in $(seq 1 200); do
		curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total}\n' "$url"
	done | awk '{printf "%.3f\n", $1 * 1000}' | sort -n >"$WORK/t"
	p50=$(median <"$WORK/t")
	p99=$(awk '{v[NR] = $1} END {i = int(NR * 0.99 + 0.5); print v[i]}' "$WORK/t")
	nreq=200
fi
tests/stack/stack.sh stop "$STACK"

# --- the table ---------------------------------------------------------------
fail=0
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN {exit !(a < b)}'; then echo PASS; else fail=1; echo MISS; fi; }
v1=$(verdict "$month_s" 1)
v2=$(verdict "$p50" 20)
v3=$(verdict "$p99" 20)
[ "$v1$v2$v3" = PASSPASSPASS ] || fail=1
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
cat <<TABLE

Paikka benchmark ($(nproc) cores, load average $load; B=$B)
Data: $counts
-------------------------------------------------------------------------------
What                                          Measured               Target  Result
Make every invoice of $MONTH (median of $RUNS)   $(printf '%-21s' "$month_s s")  < 1 s   $v1
  processor time (median)                     $(printf '%-21s' "$month_cpu s")
  invoices / lines made                       $(printf '%-21s' "$invoices / $lines")
Open the $nlines-line invoice, median             $(printf '%-21s' "$p50 ms")  < 20 ms $v2
Open the $nlines-line invoice, 99th percentile    $(printf '%-21s' "$p99 ms")  < 20 ms $v3
  requests (wrk, 1 connection, ${SECONDS_WRK} s)          $nreq
-------------------------------------------------------------------------------
TABLE
if [ "${BENCH_HTTP:-1}" != 0 ]; then
	BENCH_NOBUILD=1 bench/http.sh "$DB" || fail=1
fi
exit $fail
