#!/usr/bin/env bash
# Starts Paikka: database (created with demo data when missing, else
# migrated), nginx config, FastCGI workers, the mailer and nginx under
# paikka-supervise. Ctrl-C stops everything it started.
#   PORT (8080), PAIKKA_VAR (var/), PAIKKA_WORKERS (2), B (build dir)
#   PAIKKA_SMTP_URL (unset: e-mails are written to PAIKKA_MAIL_DIR,
#   default $PAIKKA_VAR/mail), PAIKKA_MAIL_FROM, PAIKKA_BASE_URL
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
B=${B:-build}
VAR=${PAIKKA_VAR:-$ROOT/var}
PORT=${PORT:-8080}
mkdir -p "$VAR/run" "$VAR/log" "$VAR/nginx/tmp"
VAR=$(cd "$VAR" && pwd)
export PAIKKA_DB=${PAIKKA_DB:-$VAR/paikka.db}
export PAIKKA_TEMPLATES=$ROOT/templates
export PAIKKA_LOCALEDIR=$ROOT/$B/locale
export PAIKKA_SQL=$ROOT/sql
export PAIKKA_MAIL_DIR=${PAIKKA_MAIL_DIR:-$VAR/mail}
export PAIKKA_BASE_URL=${PAIKKA_BASE_URL:-http://127.0.0.1:$PORT}
if [ -n "${PAIKKA_SMTP_URL:-}" ]; then
	mail="sent over SMTP to $PAIKKA_SMTP_URL"
else
	mail="written as files to $PAIKKA_MAIL_DIR/"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "run: port $PORT is in use; stop the other server or set PORT=" >&2
	exit 1
fi
if [ ! -f "$PAIKKA_DB" ]; then
	"$B/bin/paikkactl" migrate
	"$B/bin/paikkactl" demo
else
	"$B/bin/paikkactl" migrate
fi

user=""
[ "$(id -u)" = 0 ] && user="user root root;"
sed -e "s|@VAR@|$VAR|g" -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$PORT|g" \
	-e "s|@USER@|$user|g" etc/nginx-dev.conf.in >"$VAR/nginx.conf"
mkdir -p "$VAR/nginx/logs"
if ! nginx -t -q -p "$VAR/nginx/" -c "$VAR/nginx.conf" -e stderr; then
	echo "run: the generated nginx configuration does not work" >&2
	exit 1
fi

if [ -z "${PAIKKA_QUIET:-}" ]; then
	cat <<MSG

  Paikka is running at http://127.0.0.1:$PORT/
  Demo logins (password for all: paikka-demo-2026):
    admin        administrator
    officer      procurement officer
    caseworker   caseworker (sosiaaliohjaaja)
    finance      finance
    provider     provider: Puutyöpaja Kanerva ry
    kierratys    provider: Kiteen Kierrätysosuuskunta
    diakonia     provider: Lieksan Diakoniasäätiö sr
    verstas      provider whose organisation waits for approval
  E-mail: $mail
  Logs: $VAR/log/   Stop: Ctrl-C

MSG
fi
exec "$B/bin/paikka-supervise" -d "$VAR" -w "${PAIKKA_WORKERS:-2}" \
	-n "$VAR/nginx.conf" -x "$B/bin/paikka-mailer" "$B"/cgi-bin/* \
	2>>"$VAR/log/paikka.log"
