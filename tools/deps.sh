#!/usr/bin/env bash
# Installs the Debian packages Paikka needs that this machine lacks
# (with sudo when not root). `tools/deps.sh run` installs what `make run`
# needs (libcurl: the mailer's SMTP); with no argument (make deps, make
# check, .ci/run) also the test tools: clang for the fuzzers and
# sanitizers, Node.js and Chromium for the browser tests, python3-aiosmtpd
# for the SMTP sink of the mailer tests, python3-jsonschema to validate
# the OCDS packages, wrk for `make bench`.
set -eu
pkgs="build-essential pkg-config libfcgi-dev libsqlite3-dev sqlite3
libscrypt-dev libsodium-dev libcurl4-openssl-dev nginx gettext tzdata curl
ca-certificates libxml2-dev libjansson-dev"
if [ "${1:-all}" != run ]; then
	pkgs="$pkgs clang libclang-rt-14-dev clang-format nodejs npm chromium
valgrind python3-aiosmtpd libxml2-utils python3-jsonschema wrk"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# An npm that came with Node.js from elsewhere is fine: keep it.
case "$missing" in *" npm"*) command -v npm >/dev/null && missing=${missing/ npm/} ;; esac
case "$missing" in *" nodejs"*) command -v node >/dev/null && missing=${missing/ nodejs/} ;; esac
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
