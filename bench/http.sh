#!/usr/bin/env bash
# bench/http.sh: Paikka's pages under load at national scale, against the
# two ceilings measured in the same run (part of make bench; never of make
# check).
#
#   bench/http.sh [DB]     DB: a database made by bench/gen (default
#                          $B/bench/national.db, generated and cached as
#                          bench/run.sh does)
#
#  1. A copy of DB with the month's invoices made (bench/month) serves a
#     private stack (tests/stack/stack.sh, PAIKKA_WORKERS workers per
#     program); provider, caseworker and finance log in.
#  2. Each measured page is fetched once; its headers and body are kept.
#     A second nginx, with the stack's nginx.conf plus two locations,
#     serves the body as a static file (/ceiling/static/NAME) and passes
#     /ceiling/fcgi/NAME to bench/ceiling (a bare fcgi2 program holding
#     the same headers and body in memory, the portal's accept loop, as
#     many workers as a program of the portal). Everything, pages
#     included, is measured through that nginx.
#  3. wrk (BENCH_CONNS connections, 64; BENCH_THREADS threads, 2;
#     BENCH_SECONDS, 10) against the static file, the FastCGI ceiling and
#     the page, one after the other, for each page; then the write path
#     (bench/day.lua: each request records a day with a fresh nonce).
#     After each run nginx's access log must show every request answered
#     with the expected status and size. Before the write path, the
#     pages once more with the memo off (PAIKKA_MEMO=0: each view built
#     anew, as after a write); BENCH_NOMEMO=0 skips that.
#  4. Resident memory (VmRSS) of every FastCGI worker after the load.
#  5. The accept-loop arrangements (README "Measured"): the FastCGI
#     ceiling of the tender page and the tender page itself with fcgi2's
#     own close (PAIKKA_FCGI_LINGER=1) at 2, 4 and 8 workers against the
#     portal's arrangement; BENCH_ARRANGEMENTS=0 skips it.
#  6. That closing at once is safe (BENCH_SAFETY=0 skips it): ceiling
#     responses of 1 byte to 5 MB under both closes, the 3 MB month grid
#     of 500 placements and a 2 MB CSV export under load, every one
#     complete; POSTs of 2 MB refused before their body is read; then no
#     error in nginx's log and no worker died.
#
# Prints a table with PASS/MISS against the targets of issue 7 and exits
# 1 when one is missed. Stops everything it started; its temporary folder
# goes too (BENCH_KEEP=1 keeps it, for the logs). B selects the build;
# BENCH_NOBUILD=1 skips make.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export B=${B:-build}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}
export PAIKKA_WORKERS=${PAIKKA_WORKERS:-2}
MONTH=2026-02
NOW=1772445600 # 2026-03-02 10:00 UTC, as bench/run.sh
DAYS_MONTH=2026-03

say() { printf 'http: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 2
}
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"

# BENCH_NOBUILD=1 measures the programs already built in $B (as run.sh).
if [ -z "${BENCH_NOBUILD:-}" ]; then
	make --no-print-directory -s B="$B" all
	make --no-print-directory -s -f Makefile -f bench/bench.mk B="$B" bench-progs
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paikka-http-XXXXXX")
STACK=$WORK/stack
NGX=$WORK/nginx
CEIL=$WORK/ceiling
PAGES=$WORK/pages
mkdir -p "$STACK" "$NGX/logs" "$CEIL/run" "$PAGES"
cleanup() {
	stop_pid "$NGX/pid"
	stop_pid "$CEIL/pid"
	if [ -f "$STACK/stack.pid" ]; then tests/stack/stack.sh stop "$STACK"; fi
	if [ -n "${BENCH_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
# Stops the process whose pid is in file $1 and waits for it.
stop_pid() {
	[ -f "$1" ] || return 0
	local pid
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$1"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the data (as bench/run.sh) -----------------------------------------
DB=${1:-}
if [ -z "$DB" ]; then
	CACHE=$ROOT/$B/bench
	DB=$CACHE/national.db
	key=$(cat bench/gen.c sql/[0-9]*.sql | sha256sum | cut -c1-16)
	if [ ! -f "$DB" ] || [ "$(cat "$CACHE/national.key" 2>/dev/null)" != "$key" ]; then
		say "generating the national-scale data (once; kept in $DB)"
		rm -f "$DB" "$DB-wal" "$DB-shm" "$CACHE/national.key"
		PAIKKA_SQL=$ROOT/sql "$B/bench/gen" "$DB.new" 2>&1 | grep -v '^applied' >&2
		mv "$DB.new" "$DB"
		echo "$key" >"$CACHE/national.key"
	fi
fi
[ -f "$DB" ] || die "no database $DB"
say "copying $DB and making the invoices of $MONTH"
cp "$DB" "$STACK/paikka.db"
"$B/bench/month" "$STACK/paikka.db" "$MONTH" finance "$NOW" >/dev/null
q() { sqlite3 "$STACK/paikka.db" "$@"; }
# The 500-line invoice (contract 1) waits for finance, as it would when
# opened to approve it.
invoice=$(q "SELECT id FROM invoices WHERE contract_id = 1 AND month = '$MONTH'")
invoice_lines=$(q "SELECT count(*) FROM invoice_lines WHERE invoice_id = $invoice")
q "UPDATE invoices SET status = 'submitted', submitted_at = $NOW, submitted_by = created_by WHERE id = $invoice"
# The write path records days of the next month in the provider's
# ordinary contracts (about 10 placements each; contract 1, the 500-line
# one, is left out): every weekday a placement may have.
q "WITH RECURSIVE d(day) AS (SELECT date('$DAYS_MONTH-01') UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < date('$DAYS_MONTH-01', '+1 month', '-1 day'))
	SELECT p.contract_id, p.id, '$DAYS_MONTH', CAST(strftime('%d', d.day) AS INTEGER)
	FROM placements p JOIN users u ON u.org_id = p.org_id AND u.username = 'provider'
	JOIN d WHERE p.contract_id <> 1 AND p.status = 'active'
	AND strftime('%w', d.day) NOT IN ('0', '6') AND p.start_date <= d.day
	AND (SELECT max(end_date) FROM placement_periods WHERE placement_id = p.id) >= d.day
	ORDER BY (p.id * 7 + CAST(strftime('%d', d.day) AS INTEGER) * 13) % 97, p.id, d.day" |
	tr '|' ' ' >"$WORK/days.txt"
ndays=$(wc -l <"$WORK/days.txt")
[ "$ndays" -ge 100 ] || die "only $ndays days to record in $DAYS_MONTH"

# --- the stack, the ceiling and the measuring nginx -------------------------
sport=$(tests/stack/stack.sh start "$STACK" | cut -d' ' -f1)
[ -n "$sport" ] || die "the stack did not start"
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(free_port)
base=http://127.0.0.1:$port
sbase=http://127.0.0.1:$sport

# The first form's CSRF token in file $1.
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | sed -n 1p; }

# Logs in on the stack; prints the Cookie header's value.
login() {
	local jar=$WORK/jar-$1 csrf
	curl -s -c "$jar" -b "$jar" -o "$WORK/login.html" "$sbase/login"
	csrf=$(csrf_of "$WORK/login.html")
	curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $sbase" \
		--data-urlencode "csrf=$csrf" --data-urlencode "username=$1" \
		--data-urlencode "password=paikka-demo-2026" "$sbase/login"
	sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {printf "%s%s=%s", n++ ? "; " : "", $6, $7}'
}
cookie_provider=$(login provider)
cookie_caseworker=$(login caseworker)
cookie_finance=$(login finance)
# An anonymous visitor's second page: with the pk_csrf cookie of the first.
cookie_anon=$(curl -s -o /dev/null -D - "$sbase/tenders" |
	sed -n 's/^Set-Cookie: \(pk_csrf=[0-9a-f]*\).*/\1/p')
for c in "$cookie_provider" "$cookie_caseworker" "$cookie_finance"; do
	case "$c" in *pk_session=*) ;; *) die "login failed" ;; esac
done

# The ceiling: paikka-supervise runs bench/ceiling like a program of the
# portal; $1: workers, then environment settings.
start_ceiling() {
	local workers=$1
	shift
	stop_pid "$CEIL/pid"
	env "$@" PAIKKA_CEILING_DIR="$PAGES" setsid "$B/bin/paikka-supervise" \
		-d "$CEIL" -w "$workers" "$B/bench/ceiling" \
		</dev/null >>"$CEIL/log" 2>&1 &
	echo $! >"$CEIL/pid"
	for _ in $(seq 1 50); do
		[ -S "$CEIL/run/ceiling.sock" ] && curl -sf -o /dev/null \
			"$base/ceiling/fcgi/tender" && return 0
		sleep 0.1
	done
	die "the ceiling did not start; see $CEIL/log"
}

# Restarts the stack with $1 workers per program and PAIKKA_FCGI_LINGER
# $2 (the database and the sessions stay; our nginx finds the sockets
# again at the same paths).
restart_stack() {
	tests/stack/stack.sh stop "$STACK"
	sport=$(PAIKKA_WORKERS=$1 PAIKKA_FCGI_LINGER=$2 PAIKKA_MEMO=${3:-1} tests/stack/stack.sh start "$STACK" | cut -d' ' -f1)
	[ -n "$sport" ] || die "the stack did not start again"
	sbase=http://127.0.0.1:$sport
}

# The stack's nginx.conf on our own port, logs and pid, with the two
# ceiling locations before "location /".
sed -e "s|listen 127.0.0.1:$sport;|listen 127.0.0.1:$port;|" \
	-e "s|^pid .*|pid $NGX/nginx.pid;|" \
	-e "s|^error_log [^ ]*|error_log $NGX/error.log|" \
	-e "s|access_log [^ ]*|access_log $NGX/access.log|" \
	-e "s|^\(\t*\)location / {|\1location /ceiling/static/ {\n\1\talias $PAGES/;\n\1\tdefault_type text/html;\n\1}\n\1location /ceiling/fcgi/ {\n\1\tfastcgi_pass unix:$CEIL/run/ceiling.sock;\n\1}\n&|" \
	"$STACK/nginx.conf" >"$NGX/nginx.conf"
grep -q "listen 127.0.0.1:$port;" "$NGX/nginx.conf" || die "could not derive nginx.conf"
nginx -p "$NGX/" -c "$NGX/nginx.conf" -e stderr -g 'daemon off;' \
	</dev/null >>"$NGX/out" 2>&1 &
echo $! >"$NGX/pid"

# --- the pages -----------------------------------------------------------------
# name, title, cookie, path
PAGE_LIST=(
	"tenders|public tender list, 50 of 500|$cookie_anon|/tenders"
	"tender|tender page|$cookie_anon|/tenders/250"
	"search|catalogue search|$cookie_caseworker|/places?q=kitchen&municipality=13&service=1&free=1"
	"dashboard|provider dashboard|$cookie_provider|/"
	"invoice|invoice of $invoice_lines lines|$cookie_finance|/invoices/$invoice"
)

# A page's response in CGI form (the headers nginx passes on, a Status
# line first) into PAGES/NAME.head, its body into PAGES/NAME.
capture() {
	local name=$1 cookie=$2 path=$3
	curl -s -H "Cookie: $cookie" -D "$PAGES/$name.raw" -o "$PAGES/$name" "$sbase$path"
	tr -d '\r' <"$PAGES/$name.raw" | awk '
		NR == 1 {sub(/^HTTP\/[0-9.]+ /, ""); printf "Status: %s\r\n", $0; next}
		tolower($1) ~ /^(server|date|connection|keep-alive|transfer-encoding):$/ {next}
		{printf "%s\r\n", $0}' >"$PAGES/$name.head"
	head -n1 "$PAGES/$name.raw" | grep -q ' 200' ||
		die "GET $path: $(head -n1 "$PAGES/$name.raw")"
	rm "$PAGES/$name.raw"
}
for p in "${PAGE_LIST[@]}"; do
	IFS='|' read -r name _ cookie path <<<"$p"
	capture "$name" "$cookie" "$path"
done
rows=$(grep -o '<tr class="line' "$PAGES/invoice" | wc -l)
[ "$rows" = "$invoice_lines" ] || die "the invoice shows $rows lines, not $invoice_lines"
grep -q 'name="q" [^>]*value="kitchen"' "$PAGES/search" || die "the search page did not search"
# A search that finds nothing would be measured as a cheap page (data
# generated by a stale bench/gen once did that).
grep -q 'class="result"' "$PAGES/search" || die "the search found no place"
start_ceiling "$PAIKKA_WORKERS"
for _ in $(seq 1 50); do
	curl -sf -o /dev/null "$base/ceiling/static/tender" && break
	sleep 0.1
done
for p in "${PAGE_LIST[@]}"; do
	IFS='|' read -r name _ _ _ <<<"$p"
	cmp -s "$PAGES/$name" <(curl -s "$base/ceiling/fcgi/$name") ||
		die "the FastCGI ceiling does not serve the bytes of $name"
	cmp -s "$PAGES/$name" <(curl -s "$base/ceiling/static/$name") ||
		die "the static ceiling does not serve the bytes of $name"
done

# --- measuring -------------------------------------------------------------------
# Milliseconds from wrk's "12.34ms" / "850.00us" / "1.02s".
to_ms() { awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /[0-9]s$/ && $1 !~ /ms$/) v *= 1000; printf "%.2f\n", v}'; }

# nginx's access log so far moves to $1 (nginx flushes its buffer and
# opens a new one on SIGUSR1).
rotate_log() {
	mv "$NGX/access.log" "$1" 2>/dev/null || : >"$1"
	kill -USR1 "$(cat "$NGX/pid")"
	for _ in $(seq 1 100); do
		[ -f "$NGX/access.log" ] && return 0
		sleep 0.02
	done
	die "nginx did not reopen its log"
}

# Runs wrk with the rest of the arguments; sets M_RPS, M_P50, M_P99 (ms)
# and M_N (requests). Then checks in nginx's access log that every
# request of the run got status $1 and a body of $2 bytes (unless -),
# but for those wrk cut off: at most one a connection when its time was
# up, and those it gave up waiting for (10 s), logged as 499 or with a
# shorter body.
measure() {
	local want=$1 size=$2 out bad nbad ncut nall timeouts
	shift 2
	rotate_log "$NGX/before.log"
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --timeout 10s --latency "$@")
	rotate_log "$NGX/run.log"
	timeouts=$(sed -n 's/.*Socket errors:.* timeout \([0-9]*\).*/\1/p' <<<"$out")
	bad=$(awk -v s="$want" -v z="$size" '
		$9 == s && (z == "-" || $10 == z) {next}
		$9 == 499 || ($9 == s && $10 < z) {cut++; next}
		{bad++}
		END {print bad + 0, cut + 0, NR}' "$NGX/run.log")
	read -r nbad ncut nall <<<"$bad"
	if [ "$nbad" != 0 ] || [ "$ncut" -gt $((CONNS + ${timeouts:-0})) ]; then
		say "$nbad of $nall requests were not $want / $size bytes ($ncut cut off): wrk $*"
		echo "$out" >&2
		exit 1
	fi
	if grep -q 'Socket errors' <<<"$out"; then
		say "wrk: $(grep 'Socket errors' <<<"$out")"
	fi
	M_RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
	M_P50=$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms)
	M_P99=$(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms)
	M_N=$(awk '/requests in/ {print $1}' <<<"$out")
}

declare -A RPS P50 P99
for p in "${PAGE_LIST[@]}"; do
	IFS='|' read -r name title cookie path <<<"$p"
	size=$(stat -c %s "$PAGES/$name")
	say "measuring $title ($size bytes): static file, FastCGI ceiling, page"
	for what in static fcgi page; do
		case $what in
		static) measure 200 "$size" "$base/ceiling/static/$name" ;;
		fcgi) measure 200 "$size" "$base/ceiling/fcgi/$name" ;;
		page) measure 200 "$size" -H "Cookie: $cookie" "$base$path" ;;
		esac
		RPS[$name.$what]=$M_RPS P50[$name.$what]=$M_P50 P99[$name.$what]=$M_P99
	done
done

# The pages again with the memo off (src/memo.c): what a view costs when
# the database changed since the last one. BENCH_NOMEMO=0 skips it.
if [ "${BENCH_NOMEMO:-1}" != 0 ]; then
	restart_stack "$PAIKKA_WORKERS" 0 0
	for p in "${PAGE_LIST[@]}"; do
		IFS='|' read -r name title cookie path <<<"$p"
		say "measuring $title without the memo"
		measure 200 "$(stat -c %s "$PAGES/$name")" -H "Cookie: $cookie" "$base$path"
		RPS[$name.nomemo]=$M_RPS P50[$name.nomemo]=$M_P50 P99[$name.nomemo]=$M_P99
	done
	restart_stack "$PAIKKA_WORKERS" 0 1
fi

say "measuring the write path: recording a day (POST /invoices/days)"
curl -s -H "Cookie: $cookie_provider" -o "$WORK/days.html" "$sbase/invoices/days"
csrf=$(csrf_of "$WORK/days.html")
[ -n "$csrf" ] || die "no CSRF token on /invoices/days"
nonces0=$(q "SELECT count(*) FROM form_nonces")
audits0=$(q "SELECT count(*) FROM audit_log WHERE action = 'attendance.grid'")
export BENCH_DAYS=$WORK/days.txt BENCH_THREADS=$THREADS BENCH_CSRF=$csrf \
	BENCH_COOKIE=$cookie_provider BENCH_ORIGIN=$base
measure 303 - -s bench/day.lua "$base/invoices/days"
RPS[write]=$M_RPS P50[write]=$M_P50 P99[write]=$M_P99 wrote=$M_N
# What was written: requests wrk had to leave unanswered when its time
# was up are still finished by the workers; a moment for them. Every
# answered request must have stored its nonce and audit row. (A day may
# be stored unchanged: a request that waited long in the queue can come
# after the next pass over the same day.)
sleep 2
nonces=$(($(q "SELECT count(*) FROM form_nonces") - nonces0))
audits=$(($(q "SELECT count(*) FROM audit_log WHERE action = 'attendance.grid'") - audits0))
if [ "$nonces" != "$audits" ] || [ "$nonces" -lt "$wrote" ] || [ "$nonces" -gt $((wrote + CONNS)) ]; then
	say "write path: $wrote answers but $nonces nonces and $audits audit rows stored"
	exit 1
fi
write_rps=$(awk -v n="$wrote" -v s="$SECS" 'BEGIN {printf "%.0f", n / s}')
# Each write is one transaction, and with synchronous=FULL each commit
# waits for one fsync of the WAL: the disk sets a ceiling for writes.
# dd with oflag=dsync does one synchronous 4 kB write at a time, beside
# the database.
fsync_ms=$(dd if=/dev/zero of="$STACK/fsync.probe" bs=4k count=300 oflag=dsync 2>&1 |
	awk '/copied/ {for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^s,?$/) {printf "%.2f", $i * 1000 / 300; exit}}')
rm -f "$STACK/fsync.probe"

# --- resident memory ---------------------------------------------------------------
rss=$(pstree -p "$(cat "$STACK/stack.pid")" | grep -o '[a-z]*([0-9]*)' |
	sed -n 's/^\(home\|tendering\|contracts\|catalogue\|invoicing\)(\([0-9]*\))$/\1 \2/p' |
	while read -r prog pid; do
		printf '%s %s\n' "$prog" "$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
	done | sort)
rss_max=$(awk '$2 > m {m = $2} END {printf "%.1f", m / 1024}' <<<"$rss")
rss_text=$(awk '{v[$1] = v[$1] (v[$1] ? " " : "") sprintf("%.1f", $2 / 1024)}
	END {for (p in v) printf "%s %s; ", p, v[p]}' <<<"$rss" | sed 's/; $//')

# --- the accept-loop arrangements -----------------------------------------------------
ARR=()
if [ "${BENCH_ARRANGEMENTS:-1}" != 0 ]; then
	tsize=$(stat -c %s "$PAGES/tender")
	for a in "1 2" "1 4" "1 8" "0 2"; do
		read -r linger workers <<<"$a"
		start_ceiling "$workers" PAIKKA_FCGI_LINGER="$linger"
		say "measuring the FastCGI ceiling of the tender page, linger=$linger, $workers workers"
		measure 200 "$tsize" "$base/ceiling/fcgi/tender"
		ARR+=("ceiling $linger $workers $M_RPS $M_P50 $M_P99")
	done
	start_ceiling "$PAIKKA_WORKERS"
fi

# --- is closing at once safe? -------------------------------------------------------------
SAFE=()
SIZES="1 8192 8193 65535 65537 300000 1048576 5000000"
if [ "${BENCH_SAFETY:-1}" != 0 ]; then
	SECS_MAIN=$SECS
	SECS=${BENCH_SAFETY_SECONDS:-3}
	# Bodies around fcgi2's 8 kB buffer, a FastCGI record's 64 kB, the
	# socket's buffer, and far beyond.
	for n in $SIZES; do
		head -c $((n * 3 / 4 + 3)) /dev/urandom | base64 -w 76 >"$PAGES/size-$n"
		truncate -s "$n" "$PAGES/size-$n"
		printf 'Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %s\r\n\r\n' \
			"$n" >"$PAGES/size-$n.head"
	done
	for linger in 1 0; do
		start_ceiling "$PAIKKA_WORKERS" PAIKKA_FCGI_LINGER="$linger"
		row="linger=$linger"
		for n in $SIZES; do
			say "checking ceiling responses of $n bytes, linger=$linger"
			measure 200 "$n" "$base/ceiling/fcgi/size-$n"
			row="$row $M_RPS"
		done
		SAFE+=("$row")
	done
	start_ceiling "$PAIKKA_WORKERS"
	# The portal's own big answers: the month grid of the 500-placement
	# contract and the accounting CSV of about 1,200 approved invoices.
	q "UPDATE invoices SET status = 'approved', submitted_at = $NOW, submitted_by = created_by, decided_at = $NOW + 3600, decided_by = (SELECT id FROM users WHERE username = 'finance') WHERE month = '$MONTH' AND contract_id BETWEEN 2 AND 1200"
	for big in "provider|/invoices/days?contract=1&month=$MONTH|$cookie_provider" \
		"finance|/invoices/export.csv?month=$MONTH|$cookie_finance"; do
		IFS='|' read -r who path cookie <<<"$big"
		n=$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$sbase$path")
		say "checking $path ($n bytes) as $who"
		measure 200 "$n" -H "Cookie: $cookie" "$base$path"
		SAFE+=("$path|$n|$M_RPS|$M_P99")
	done
	say "checking POSTs of 2 MB refused before their body is read"
	export BENCH_BODY_BYTES=2000000
	measure 303 - -s bench/post.lua "$base/invoices/days"
	SAFE+=("unread|$BENCH_BODY_BYTES|$M_RPS|$M_P99")
	SECS=$SECS_MAIN
fi
errors=$(cat "$NGX/error.log" "$STACK/log/nginx-error.log" 2>/dev/null |
	grep -c -E '\[(error|crit|alert|emerg)\]|upstream prematurely|reset by peer' || true)
crashes=$(cat "$STACK/log/paikka.log" "$CEIL/log" 2>/dev/null |
	grep -c -E 'killed by signal|exited with code' || true)

# The tender page itself under fcgi2's close with more workers (the stack
# restarts for each; last, so that nothing above is disturbed).
if [ "${BENCH_ARRANGEMENTS:-1}" != 0 ]; then
	tsize=$(stat -c %s "$PAGES/tender")
	tpath=$(printf '%s\n' "${PAGE_LIST[@]}" | awk -F'|' '$1 == "tender" {print $4}')
	for a in "1 2" "1 4" "1 8" "0 4"; do
		read -r linger workers <<<"$a"
		restart_stack "$workers" "$linger"
		say "measuring the tender page, linger=$linger, $workers workers"
		measure 200 "$tsize" -H "Cookie: $cookie_anon" "$base$tpath"
		ARR+=("page $linger $workers $M_RPS $M_P50 $M_P99")
	done
	ARR+=("page 0 $PAIKKA_WORKERS ${RPS[tender.page]} ${P50[tender.page]} ${P99[tender.page]}")
fi


# --- the table ------------------------------------------------------------------------
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", (b > 0 ? 100 * a / b : 0)}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}' && echo 1 || echo 0; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}' && echo 1 || echo 0; }
# The verdicts first (in this shell, so that fail is kept).
fail=0
declare -A OK
for p in "${PAGE_LIST[@]}"; do
	IFS='|' read -r name _ _ _ <<<"$p"
	OK[$name]=$(($(ge "$(pct "${RPS[$name.page]}" "${RPS[$name.fcgi]}")" 70) * $(le "${P99[$name.page]}" 10)))
done
OK[write]=$(ge "$write_rps" 2500)
OK[rss]=$(le "$rss_max" 20)
[ "$errors" = 0 ] && [ "$crashes" = 0 ] || fail=1
for v in "${OK[@]}"; do [ "$v" = 1 ] || fail=1; done
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
	printf '\nPaikka HTTP benchmark: %s cores, load average %s; B=%s, %s workers per program;\n' \
		"$(nproc)" "$load" "$B" "$PAIKKA_WORKERS"
	printf 'wrk -t%s -c%s -d%ss on loopback through nginx; data: %s\n' "$THREADS" "$CONNS" "$SECS" \
		"$(q "SELECT (SELECT count(*) FROM places) || ' places, ' || (SELECT count(*) FROM placements) || ' placements, ' || (SELECT count(*) FROM attendance) || ' days, ' || (SELECT count(*) FROM tenders) || ' tenders'")"
	printf '%s\n' "----------------------------------------------------------------------------------------------------"
	printf '%-30s %8s %8s %8s %6s %8s %6s %7s %7s  %s\n' Page bytes req/s static % fcgi % p50ms p99ms Result
	for p in "${PAGE_LIST[@]}"; do
		IFS='|' read -r name title _ _ <<<"$p"
		printf '%-30s %8s %8s %8s %6s %8s %6s %7s %7s  %s\n' "$title" \
			"$(stat -c %s "$PAGES/$name")" "${RPS[$name.page]}" "${RPS[$name.static]}" \
			"$(pct "${RPS[$name.page]}" "${RPS[$name.static]}")" "${RPS[$name.fcgi]}" \
			"$(pct "${RPS[$name.page]}" "${RPS[$name.fcgi]}")" "${P50[$name.page]}" \
			"${P99[$name.page]}" "$(verdict "${OK[$name]}")"
	done
	printf '%-30s %8s %8s %8s %6s %8s %6s %7s %7s  %s\n' "record a day (POST, 303)" - \
		"$write_rps" - - - - "${P50[write]}" "${P99[write]}" "$(verdict "${OK[write]}")"
	printf '  %s days written in %s s, each with its audit row and nonce (target >= 2500/s);\n' "$wrote" "$SECS"
	printf '  a synchronous 4 kB write to this disk takes %s ms: at most %s commits/s\n' "$fsync_ms" \
		"$(awk -v m="$fsync_ms" 'BEGIN {printf "%.0f", (m > 0 ? 1000 / m : 0)}')"
	printf 'Worker RSS, MB (target <= 20): %s  %s\n' "$rss_text" "$(verdict "${OK[rss]}")"
	printf 'Read pages: target >= 70 %% of the FastCGI ceiling (fcgi %%) and p99 <= 10 ms.\n'
	if [ -n "${RPS[tenders.nomemo]:-}" ]; then
		printf '\nThe same pages with the memo off (PAIKKA_MEMO=0: every view built anew, as after a write):\n'
		printf '  %-30s %8s %6s %7s %7s\n' Page req/s "fcgi %" p50ms p99ms
		for p in "${PAGE_LIST[@]}"; do
			IFS='|' read -r name title _ _ <<<"$p"
			printf '  %-30s %8s %6s %7s %7s\n' "$title" "${RPS[$name.nomemo]}" \
				"$(pct "${RPS[$name.nomemo]}" "${RPS[$name.fcgi]}")" "${P50[$name.nomemo]}" "${P99[$name.nomemo]}"
		done
	fi
	if [ ${#ARR[@]} -gt 0 ]; then
		printf '\nAccept-loop arrangements, tender page (%s bytes):\n' "$(stat -c %s "$PAGES/tender")"
		printf '  %-16s %-46s %8s %7s %7s\n' what arrangement req/s p50ms p99ms
		for a in "${ARR[@]}"; do
			read -r what linger workers r p50 p99 <<<"$a"
			if [ "$what" = ceiling ]; then what="FastCGI ceiling"; else what="the page"; fi
			if [ "$linger" = 1 ]; then how="fcgi2's close (waits for nginx), $workers workers"; else how="close at once (production), $workers workers"; fi
			printf '  %-16s %-46s %8s %7s %7s\n' "$what" "$how" "$r" "$p50" "$p99"
		done
	fi
	if [ ${#SAFE[@]} -gt 0 ]; then
		printf '\nSafety of closing at once: every response complete (nginx access log); req/s by body size:\n'
		printf '  %-12s' "body bytes"
		for n in $SIZES; do printf ' %8s' "$n"; done
		printf '\n'
		for row in "${SAFE[@]}"; do
			case $row in
			linger=*)
				read -r -a cols <<<"$row"
				if [ "${cols[0]}" = linger=1 ]; then printf '  %-12s' "fcgi2 close"; else printf '  %-12s' "at once"; fi
				for r in "${cols[@]:1}"; do printf ' %8s' "$r"; done
				printf '\n'
				;;
			unread*)
				IFS='|' read -r _ n r p99 <<<"$row"
				printf '  POST of %s bytes refused unread (303): %s req/s, p99 %s ms\n' "$n" "$r" "$p99"
				;;
			*)
				IFS='|' read -r path n r p99 <<<"$row"
				printf '  GET %s (%s bytes): %s req/s, p99 %s ms\n' "$path" "$n" "$r" "$p99"
				;;
			esac
		done
	fi
	printf 'nginx errors logged: %s; workers that died: %s\n' "$errors" "$crashes"
	printf '%s\n' "----------------------------------------------------------------------------------------------------"
}
exit $fail
