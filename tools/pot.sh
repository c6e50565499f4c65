#!/bin/sh
# pot.sh: collects the translatable strings into po/paikka.pot and merges
# them into po/fi.po, po/sv.po and po/en.po.
#
# Usage: tools/pot.sh            update po/paikka.pot and po/*.po
#        tools/pot.sh -o DIR     only write DIR/paikka.pot (the tree is not
#                                touched; tests/po-check.sh uses this)
#
# Strings come from _("...") and N_("...") in cgi-bin/*.c, cgi-bin/*/*.c, src/*.c and
# tools/*.c, and from {{t "..."}} in templates/*.html. Message ids are
# English, so en.po gets every untranslated msgstr filled with its msgid;
# an English msgstr written by hand is kept.
set -eu

cd "$(dirname "$0")/.."

LANGS="fi sv en"
outdir=po
pot_only=0
if [ "$#" -gt 0 ]; then
	if [ "$1" = "-o" ] && [ "$#" -eq 2 ]; then
		outdir=$2
		pot_only=1
	else
		echo "usage: $0 [-o DIR]" >&2
		exit 2
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/paikka-pot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Lists existing files matching the patterns given, one per line, sorted,
# so that an empty directory adds nothing.
existing() {
	for f in "$@"; do
		if [ -f "$f" ]; then
			printf '%s\n' "$f"
		fi
	done | LC_ALL=C sort
}

# Writes the C sources' strings to $tmp/c.pot.
extract_c() {
	existing cgi-bin/*.c cgi-bin/*/*.c src/*.c tools/*.c >"$tmp/c.files"
	xgettext --language=C --from-code=UTF-8 \
	    --keyword=_ --keyword=N_ --add-comments=TRANSLATORS \
	    --add-location=file --sort-output --force-po --no-wrap \
	    --package-name=paikka --copyright-holder="" \
	    --files-from="$tmp/c.files" --output="$tmp/c.pot"
}

# Writes the templates' {{t "..."}} literals to $tmp/html.pot. Inside a
# literal \" is a quote and \\ a backslash; the msgid is re-escaped for
# the PO format.
extract_templates() {
	existing templates/*.html >"$tmp/html.files"
	perl -e '
		my (%where, @order);
		while (my $file = <STDIN>) {
			chomp $file;
			open(my $fh, "<", $file) or die "$file: $!\n";
			local $/;
			my $src = <$fh>;
			close($fh);
			while ($src =~ /\{\{\s*t\s+"((?:[^"\\]|\\.)*)"\s*\}\}/gs) {
				my $s = $1;
				$s =~ s/\\(["\\])/$1/g;
				push(@order, $s) unless exists $where{$s};
				$where{$s}{$file} = 1;
			}
		}
		print "msgid \"\"\nmsgstr \"\"\n",
		    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n",
		    "\"Content-Transfer-Encoding: 8bit\\n\"\n";
		for my $s (@order) {
			next if $s eq "";
			my $e = $s;
			$e =~ s/\\/\\\\/g;
			$e =~ s/"/\\"/g;
			$e =~ s/\n/\\n/g;
			$e =~ s/\t/\\t/g;
			print "\n#: ", join(" ", sort keys %{$where{$s}}), "\n";
			print "msgid \"$e\"\nmsgstr \"\"\n";
		}
	' <"$tmp/html.files" >"$tmp/html.pot"
}

# Writes the combined template to $1; keeps the old file (and its
# POT-Creation-Date) when nothing else changed, so diffs stay quiet.
build_pot() {
	extract_c
	extract_templates
	msgcat --use-first --sort-output --add-location=file --no-wrap \
	    --force-po --to-code=UTF-8 \
	    "$tmp/c.pot" "$tmp/html.pot" --output-file="$tmp/all.pot"
	# msgcat drops the xgettext header's placeholder charset otherwise
	# found in an ASCII-only template; the first header (xgettext's) wins.
	sed -e 's/charset=CHARSET/charset=UTF-8/' "$tmp/all.pot" >"$tmp/new.pot"
	if [ -f "$1" ] &&
	    grep -v '^"POT-Creation-Date:' "$1" >"$tmp/old.cmp" &&
	    grep -v '^"POT-Creation-Date:' "$tmp/new.pot" >"$tmp/new.cmp" &&
	    cmp -s "$tmp/old.cmp" "$tmp/new.cmp"; then
		return 0
	fi
	cp "$tmp/new.pot" "$1"
}

# Sets the Language header of po file $1 to $2 and its charset to UTF-8.
fix_headers() {
	sed -e "s/^\"Language: .*\\\\n\"\$/\"Language: $2\\\\n\"/" \
	    -e 's/charset=[A-Za-z0-9_-]*/charset=UTF-8/' "$1" >"$tmp/hdr.po"
	cp "$tmp/hdr.po" "$1"
}

# Creates or updates po/$1.po from po/paikka.pot.
merge_lang() {
	po="po/$1.po"
	if [ ! -f "$po" ]; then
		msginit --no-translator --no-wrap --locale="$1" \
		    --input=po/paikka.pot --output-file="$po" 2>/dev/null
	else
		msgmerge --quiet --update --backup=none --no-fuzzy-matching \
		    --no-wrap "$po" po/paikka.pot
	fi
	# Obsolete (#~) entries would only pile up: the template is the
	# source of truth and fuzzy matching is off.
	msgattrib --no-obsolete --no-wrap --force-po --output-file="$tmp/m.po" "$po"
	cp "$tmp/m.po" "$po"
	if [ "$1" = en ]; then
		msgen --no-wrap --force-po --output-file="$tmp/en.po" "$po"
		cp "$tmp/en.po" "$po"
	fi
	fix_headers "$po" "$1"
}

mkdir -p "$outdir"
build_pot "$outdir/paikka.pot"
if [ "$pot_only" -eq 0 ]; then
	for l in $LANGS; do
		merge_lang "$l"
	done
fi
