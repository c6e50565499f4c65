#!/bin/sh
# fuzz.sh: build and run the libFuzzer targets fuzz/fuzz_*.c.
#
#   tests/fuzz.sh smoke [TARGET...]
#                         (make check) replay fuzz/corpus/<target>/ and
#                         fuzz/regress/<target>/ (crash inputs kept as
#                         regression tests once fixed), then fuzz each target for
#                         PAIKKA_FUZZ_SMOKE_SECONDS (10) into a scratch
#                         corpus under build-fuzz/; the repo is not touched.
#   tests/fuzz.sh long [TARGET...]
#                         (make fuzz) fuzz each target for
#                         PAIKKA_FUZZ_SECONDS (600), merge new inputs into
#                         fuzz/corpus/<target>/, save crashes in fuzz/crashes/.
#
# TARGETs (fuzz_cookie ...) limit the run to those; the default is every
# fuzz/fuzz_*.c.
#
# Prints "ok - fuzz <target>" or "not ok - fuzz <target>" per target and
# ends with "N passed, N failed"; exits 1 on any failure. A target that
# prints "SKIP: reason" (fuzz_finvoice without the Finvoice XSD) is
# reported as "ok - fuzz <target> # SKIP reason". Logs are in
# build-fuzz/<target>.log (PAIKKA_FUZZ_OUT names another folder).
#
# Every src/*.c is compiled once into build-fuzz/libpaikka-fuzz.a, and each
# target links against that archive, so it pulls in only the modules it
# uses. A module that does not compile is reported and left out: targets
# that need it then fail to link, the others still run. PAIKKA_FUZZ_SRC
# overrides the list of sources (e.g. "src/arena.c src/http.c").
#
# fuzz_request also links every program of cgi-bin/: each cgi-bin/NAME.c
# (with -Dmain=paikka_main_NAME -Dapp_main=fuzz_app_found, so the target
# can reach its route table) and its cgi-bin/NAME/*.c; a program that does
# not compile is reported and left out. It reads the templates and sql/
# from the repository and the message catalogues built here from po/.
set -u

cd "$(dirname "$0")/.." || exit 1

MODE=${1:-smoke}
[ $# -gt 0 ] && shift
OUT=${PAIKKA_FUZZ_OUT:-build-fuzz}
CC_FUZZ=${PAIKKA_FUZZ_CC:-clang}
FLAGS="-std=c17 -D_GNU_SOURCE -g -O1 -Iinclude $(pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
LIBS="-lfcgi -lscrypt -lsqlite3 -lsodium -lxml2 -ljansson -lm"
RUN_FLAGS="-rss_limit_mb=2048 -timeout=10"
passed=0
failed=0

case "$MODE" in
smoke) SECONDS_EACH=${PAIKKA_FUZZ_SMOKE_SECONDS:-10} ;;
long) SECONDS_EACH=${PAIKKA_FUZZ_SECONDS:-600} ;;
*)
	echo "usage: tests/fuzz.sh smoke|long" >&2
	exit 2
	;;
esac

# Prints the last lines of a log as TAP comments.
show_log() {
	tail -n 20 "$1" | sed 's/^/# /'
}

# Records one result line.
report() {
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok - fuzz $2"
	else
		failed=$((failed + 1))
		echo "not ok - fuzz $2"
	fi
}

# Exits 0 when the compiler can build and link a libFuzzer program.
have_libfuzzer() {
	command -v "$CC_FUZZ" >/dev/null 2>&1 || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	    '{ (void)d; (void)n; return 0; }' >"$OUT/probe.c"
	# shellcheck disable=SC2086
	$CC_FUZZ $FLAGS "$OUT/probe.c" -o "$OUT/probe" >/dev/null 2>&1
}

# Compiles every source into $OUT/libpaikka-fuzz.a, reporting (not
# failing on) modules that do not compile.
build_lib() {
	rm -rf "$OUT/obj" "$OUT/libpaikka-fuzz.a"
	mkdir -p "$OUT/obj"
	for src in ${PAIKKA_FUZZ_SRC:-src/*.c}; do
		[ -f "$src" ] || continue
		obj="$OUT/obj/$(basename "$src" .c).o"
		# shellcheck disable=SC2086
		if ! $CC_FUZZ $FLAGS -c "$src" -o "$obj" \
		    >"$OUT/obj/$(basename "$src" .c).log" 2>&1; then
			echo "# $src does not compile, left out (see $OUT/obj/)"
			rm -f "$obj"
		fi
	done
	# shellcheck disable=SC2046
	ar rcs "$OUT/libpaikka-fuzz.a" $(ls "$OUT"/obj/*.o 2>/dev/null)
}

# Compiles the programs of cgi-bin/ for fuzz_request into $OUT/prog/;
# sets PROGS ("X(home) X(tendering) ...") and PROG_OBJS. Once per run.
build_programs() {
	[ -n "${PROGS+set}" ] && return 0
	PROGS=""
	PROG_OBJS=""
	rm -rf "$OUT/prog"
	mkdir -p "$OUT/prog"
	for main in cgi-bin/*.c; do
		p=$(basename "$main" .c)
		objs=""
		for src in "$main" cgi-bin/"$p"/*.c; do
			[ -f "$src" ] || continue
			obj="$OUT/prog/$p-$(basename "$src" .c).o"
			def=""
			[ "$src" = "$main" ] &&
				def="-Dmain=paikka_main_$p -Dapp_main=fuzz_app_found"
			# shellcheck disable=SC2086
			if ! $CC_FUZZ $FLAGS $def -c "$src" -o "$obj" \
			    >>"$OUT/prog/$p.log" 2>&1; then
				echo "# program $p does not compile, left out" \
				    "(see $OUT/prog/$p.log)"
				objs=""
				break
			fi
			objs="$objs $obj"
		done
		[ -n "$objs" ] || continue
		PROGS="$PROGS X($p)"
		PROG_OBJS="$PROG_OBJS$objs"
	done
	# The catalogues, so that translated messages are fuzzed too.
	for po in po/*.po; do
		[ -f "$po" ] || continue
		l=$(basename "$po" .po)
		mkdir -p "$OUT/locale/$l/LC_MESSAGES"
		msgfmt -o "$OUT/locale/$l/LC_MESSAGES/paikka.mo" "$po" \
		    2>/dev/null || echo "# $po: msgfmt failed"
	done
}

# Builds target $1 into $OUT/$1. Returns nonzero on failure.
build_target() {
	if [ "$1" = fuzz_request ]; then
		build_programs
		# shellcheck disable=SC2086
		$CC_FUZZ $FLAGS "-DPAIKKA_FUZZ_PROGRAMS=$PROGS" "fuzz/$1.c" \
		    $PROG_OBJS "$OUT/libpaikka-fuzz.a" -o "$OUT/$1" \
		    $LIBS >"$OUT/$1.log" 2>&1
		return
	fi
	# shellcheck disable=SC2086
	$CC_FUZZ $FLAGS "fuzz/$1.c" "$OUT/libpaikka-fuzz.a" -o "$OUT/$1" \
	    $LIBS >"$OUT/$1.log" 2>&1
}

# -dict=fuzz/<target>.dict when the target has a dictionary (words the
# fuzzer could hardly guess: form field names, path segments).
dict_flag() {
	[ -f "fuzz/$1.dict" ] && echo "-dict=fuzz/$1.dict"
}

# Smoke test of target $1: replay the checked-in inputs, then fuzz briefly
# into a scratch corpus (libFuzzer writes new inputs only to its first
# corpus directory; the repo's is read-only behind it).
smoke_target() {
	t=$1
	corpus="fuzz/corpus/$t"
	scratch="$OUT/corpus/$t"
	mkdir -p "$corpus" "$OUT/artifacts"
	rm -rf "$scratch"
	mkdir -p "$scratch"
	set -- "$corpus"
	[ -d "fuzz/regress/$t" ] && set -- "$@" "fuzz/regress/$t"
	# shellcheck disable=SC2086
	"./$OUT/$t" $RUN_FLAGS -runs=0 \
	    -artifact_prefix="$OUT/artifacts/$t-" "$@" >>"$OUT/$t.log" 2>&1 ||
		return 1
	# shellcheck disable=SC2086,SC2046
	"./$OUT/$t" $RUN_FLAGS $(dict_flag "$t") \
	    -max_total_time="$SECONDS_EACH" \
	    -artifact_prefix="$OUT/artifacts/$t-" "$scratch" "$@" \
	    >>"$OUT/$t.log" 2>&1
}

# Long run of target $1: fuzz, then merge what is new into the repo corpus.
long_target() {
	t=$1
	corpus="fuzz/corpus/$t"
	scratch="$OUT/corpus-long/$t"
	mkdir -p "$corpus" "$scratch" fuzz/crashes
	# shellcheck disable=SC2086,SC2046
	"./$OUT/$t" $RUN_FLAGS $(dict_flag "$t") \
	    -max_total_time="$SECONDS_EACH" \
	    -artifact_prefix="fuzz/crashes/$t-" "$scratch" "$corpus" \
	    >>"$OUT/$t.log" 2>&1
	rc=$?
	# shellcheck disable=SC2086
	"./$OUT/$t" $RUN_FLAGS -merge=1 \
	    -artifact_prefix="fuzz/crashes/$t-" "$corpus" "$scratch" \
	    >>"$OUT/$t.log" 2>&1 || rc=1
	return "$rc"
}

mkdir -p "$OUT"
if ! have_libfuzzer; then
	echo "not ok - fuzz: clang with libFuzzer not found"
	echo "0 passed, 1 failed"
	exit 1
fi

# The programs and their message catalogues for fuzz_request.
PAIKKA_LOCALEDIR=${PAIKKA_LOCALEDIR:-$OUT/locale}
export PAIKKA_LOCALEDIR

if [ $# -gt 0 ]; then
	targets=$*
else
	targets=$(for src in fuzz/fuzz_*.c; do
		[ -f "$src" ] && basename "$src" .c
	done)
fi

build_lib
for t in $targets; do
	if [ ! -f "fuzz/$t.c" ]; then
		echo "# no such target: fuzz/$t.c"
		report fail "$t"
		continue
	fi
	: >"$OUT/$t.log"
	if ! build_target "$t"; then
		echo "# $t: build failed"
		show_log "$OUT/$t.log"
		report fail "$t"
		continue
	fi
	if "${MODE}_target" "$t"; then
		skip=$(sed -n 's/^SKIP: //p' "$OUT/$t.log" | head -n 1)
		if [ -n "$skip" ]; then
			report ok "$t # SKIP $skip"
		else
			report ok "$t"
		fi
	else
		show_log "$OUT/$t.log"
		report fail "$t"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
