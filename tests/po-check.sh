#!/bin/sh
# po-check.sh: the translations are complete and match the sources.
#
# For each of fi, sv, en: msgfmt --check passes (syntax, header, and
# c-format strings that agree with their msgid); nothing is untranslated
# or fuzzy; the .po holds exactly the msgids of po/paikka.pot. Then
# po/paikka.pot itself is regenerated into a temporary directory (the tree
# is not touched) and compared with the committed one.
#
# Prints "ok - po: ..." or "not ok - po: ...: detail" per check and ends
# with "N passed, N failed"; exits 1 when anything failed.
set -u

cd "$(dirname "$0")/.." || exit 1
LC_ALL=C
export LC_ALL

LANGS="fi sv en"
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paikka-po-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Records check $1 as passed when the command after it succeeds, else as
# failed with the first lines of its output as the detail.
check() {
	what=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok - po: $what"
		passed=$((passed + 1))
	else
		detail=$(head -n 3 "$tmp/out" | tr '\n' ' ')
		echo "not ok - po: $what: ${detail:-failed}"
		failed=$((failed + 1))
	fi
}

# Succeeds when msgfmt counts no fuzzy and no untranslated message in $1.
fully_translated() {
	stats=$(msgfmt --statistics -o /dev/null "$1" 2>&1) || {
		echo "$stats"
		return 1
	}
	case $stats in
	*fuzzy* | *untranslated*)
		echo "$stats"
		return 1
		;;
	esac
}

# Succeeds when $1 and $2 hold the same msgids, translated or not.
same_msgids() {
	msgcmp -N --use-untranslated --use-fuzzy "$1" "$2" &&
	    msgcmp -N --use-untranslated --use-fuzzy "$2" "$1"
}

# Succeeds when po/paikka.pot has the msgids the sources have now.
pot_up_to_date() {
	tools/pot.sh -o "$tmp/pot" &&
	    same_msgids "$tmp/pot/paikka.pot" po/paikka.pot
}

# Succeeds when every C file or template that marks a string for
# translation is referenced in po/paikka.pot, so a folder the extraction
# does not read cannot hide untranslated text.
all_sources_extracted() {
	local f missing=0
	for f in $(grep -rlE '(^|[^A-Za-z0-9_])N?_\("' --include='*.c' cgi-bin src tools) \
	    $(grep -rl '{{t "' templates); do
		grep -qE "^#: (.* )?$f( |\$)" po/paikka.pot || {
			echo "# not extracted: $f"
			missing=1
		}
	done
	[ "$missing" = 0 ]
}

check "every file with translatable strings is extracted" \
    all_sources_extracted

for l in $LANGS; do
	po="po/$l.po"
	if [ ! -f "$po" ]; then
		check "$l.po exists" test -f "$po"
		continue
	fi
	check "$l.po passes msgfmt --check (syntax, header, formats)" \
	    msgfmt --check -o /dev/null "$po"
	check "$l.po has no untranslated or fuzzy messages" \
	    fully_translated "$po"
	check "$l.po has exactly the msgids of paikka.pot" \
	    same_msgids "$po" po/paikka.pot
done
check "paikka.pot is up to date with the sources and templates" \
    pot_up_to_date

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
