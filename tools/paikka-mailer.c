/* paikka-mailer: sends the e-mail outbox (notify.h writes it).
 *
 *   paikka-mailer [--once]
 *
 * Without --once it runs until SIGTERM or SIGINT, looking for due rows
 * every PAIKKA_MAILER_INTERVAL seconds (1); with --once it sends what is
 * due now and exits (tests, cron). paikka-supervise -x runs the daemon.
 *
 * Environment:
 *   PAIKKA_DB         the database (var/paikka.db)
 *   PAIKKA_SMTP_URL   smtp://host:port or smtps://host:port; STARTTLS is
 *                     used when the server offers it. Unset: no server,
 *                     each message is written as PAIKKA_MAIL_DIR/<id>.eml
 *   PAIKKA_SMTP_USER, PAIKKA_SMTP_PASSWORD   optional SMTP login
 *   PAIKKA_MAIL_FROM  envelope and From: address (paikka@localhost)
 *   PAIKKA_MAIL_DIR   file delivery folder ($PAIKKA_VAR/mail, var/mail)
 *
 * Delivery semantics: at least once, with a stable Message-ID so that a
 * repeat can be recognised as one. A row is due when sent_at IS NULL and
 * next_attempt_at <= now. One short BEGIN IMMEDIATE transaction claims it
 * (sending_since = now, attempts + 1), so a second mailer (a cron --once
 * beside the daemon) does not take it too; then it is sent outside any
 * transaction, and a second transaction sets sent_at. A failure records
 * last_error, clears sending_since and moves next_attempt_at by 1, 5, 15
 * and 60 minutes, then hourly for ever: rows are never deleted, nothing is
 * given up. A mailer that dies between the server's acceptance and the
 * sent_at commit leaves the row claimed; after 10 minutes (longer than any
 * one attempt may take: 10 s to connect, 60 s in all) it is claimed again
 * and sent again with the same bytes, including the same Message-ID
 * (outbox id plus a keyed hash under a per-installation secret kept in
 * settings.mail_message_id_secret) and the same Date (created_at). Exactly
 * once is not possible over SMTP without the receiver's help; this is as
 * close as it gets, and the window is the few milliseconds of one commit.
 * File delivery writes <id>.eml.tmp-<pid>, fsyncs and renames it to
 * <id>.eml, so a repeat replaces the file instead of adding one. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paikka/arena.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/valid.h"

enum {
	STALE_SECONDS = 10 * 60, /* a claim older than this was lost */
	CONNECT_TIMEOUT = 10,    /* seconds */
	TRANSFER_TIMEOUT = 60,   /* seconds, for the whole SMTP dialogue */
	SUBJECT_WORD_BYTES = 39, /* 52 base64 characters: lines <= 76 */
	QP_LINE = 76,            /* quoted-printable line, with its '=' */
};

struct config {
	const char *smtp_url; /* NULL: deliver to files */
	const char *smtp_user, *smtp_password;
	const char *from;
	const char *domain; /* the part of from after '@' */
	char mail_dir[4096];
	char secret[AUTH_TOKEN_HEX];
	long interval;
	int once;
};

/* One claimed outbox row; the strings are malloc'd (row_free). */
struct row {
	int64_t id, created_at, attempts;
	char *to, *subject, *body;
	int retry; /* a claim that had been left behind */
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* One line on stderr (the supervisor's log) with a UTC timestamp. */
static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	char ts[32];
	time_t now = time(NULL);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	fprintf(stderr, "%s paikka-mailer: ", ts);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* 1 when s can stand as an address in a header and an SMTP command:
 * valid_email and none of the characters that would end or quote it. */
static int addr_ok(const char *s)
{
	return valid_email(s) && strpbrk(s, "<>()[],;:\\\"") == NULL;
}

/* 1 when the sender address is local@domain in printable ASCII without
 * the characters that would end or quote it; unlike users' addresses it
 * may name a host without a dot (the default paikka@localhost). */
static int from_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') ||
	    strlen(s) > 254 || strpbrk(s, "<>()[],;:\\\"") != NULL)
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return 0;
	return 1;
}

/* --- the message --------------------------------------------------------- */

static const char SQL_SECRET_ADD[] =
    "INSERT OR IGNORE INTO settings(key, value) VALUES "
    "('mail_message_id_secret', ?)";
static const char SQL_SECRET_GET[] =
    "SELECT value FROM settings WHERE key = 'mail_message_id_secret'";

/* Reads (creating on first use) the installation's Message-ID secret into
 * cfg->secret. 0 or -1. */
static int load_secret(sqlite3 *db, struct config *cfg)
{
	char fresh[AUTH_TOKEN_HEX];
	auth_random_hex(fresh, 32);
	sqlite3_stmt *st = db_stmt(db, SQL_SECRET_ADD);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, fresh);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || (st = db_stmt(db, SQL_SECRET_GET)) == NULL)
		return -1;
	rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strlen(db_col_text(st, 0)) == sizeof(cfg->secret) - 1) {
		memcpy(cfg->secret, db_col_text(st, 0), sizeof(cfg->secret));
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* "<paikka.<id>.<hash>@domain>": the same for every attempt of a row, and
 * not guessable from the id alone. */
static void message_id(const struct config *cfg, int64_t id, struct buf *out)
{
	unsigned char md[16];
	char hex[33], in[32];
	int n = snprintf(in, sizeof(in), "outbox:%lld", (long long)id);
	crypto_generichash(md, sizeof(md), (const unsigned char *)in, (size_t)n,
	    (const unsigned char *)cfg->secret, strlen(cfg->secret));
	sodium_bin2hex(hex, sizeof(hex), md, sizeof(md));
	buf_printf(out, "<paikka.%lld.%s@%s>", (long long)id, hex, cfg->domain);
}

/* RFC 5322 date in UTC: "Fri, 13 Feb 2026 09:30:00 +0000". Names are
 * spelled out so no locale can change them. */
static void rfc5322_date(int64_t t, struct buf *out)
{
	static const char *const days[] = {
	    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The Subject header: plain when short printable ASCII, else RFC 2047
 * encoded words (=?UTF-8?B?...?=) of at most SUBJECT_WORD_BYTES bytes,
 * never splitting a UTF-8 sequence, folded one word per line. Control
 * characters (a line break in a title) become spaces. */
static void put_subject(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	char *clean = malloc(n + 1);
	int plain = n <= 60;
	if (clean == NULL)
		abort();
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		clean[i] = (i < n && (c < 0x20 || c == 0x7f)) ? ' ' : (char)c;
		if (i < n && c >= 0x7f)
			plain = 0;
	}
	/* "=?" in plain text would read as the start of an encoded word. */
	if (strstr(clean, "=?"))
		plain = 0;
	buf_puts(out, "Subject: ");
	if (plain) {
		buf_puts(out, clean);
		buf_puts(out, "\r\n");
		free(clean);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t k =
		    n - i < SUBJECT_WORD_BYTES ? n - i : SUBJECT_WORD_BYTES;
		/* Back off continuation bytes (10xxxxxx) so a character stays
		 * in one word. */
		while (i + k < n && k > 0 &&
		       ((unsigned char)clean[i + k] & 0xc0) == 0x80)
			k--;
		if (k == 0)
			k = n - i < SUBJECT_WORD_BYTES ? n - i
			                               : SUBJECT_WORD_BYTES;
		char b64[64];
		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)clean + i, k,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i += k;
	}
	buf_puts(out, "\r\n");
	free(clean);
}

/* The body as quoted-printable (RFC 2045 6.7) with CRLF line ends: safe
 * through any relay, 8BITMIME or not, and for any line length. */
static void put_qp(struct buf *out, const char *s)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		int at_end = p[1] == '\0' || p[1] == '\n' ||
		             (p[1] == '\r' && p[2] == '\n');
		char enc[4];
		size_t k = 1;
		if ((*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && !at_end))
			enc[0] = (char)*p;
		else
			k = (size_t)snprintf(enc, sizeof(enc), "=%02X", *p);
		if (col + k > QP_LINE - 1) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		buf_add(out, enc, k);
		col += k;
	}
	if (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2) != 0)
		buf_puts(out, "\r\n");
}

/* The whole RFC 5322 message of a row into out. Everything in it comes
 * from the row and the installation, so every attempt sends the same
 * bytes. */
static void build_message(
    const struct config *cfg, const struct row *row, struct buf *out)
{
	buf_reset(out);
	buf_puts(out, "Date: ");
	rfc5322_date(row->created_at, out);
	buf_printf(
	    out, "\r\nFrom: Paikka <%s>\r\nTo: %s\r\n", cfg->from, row->to);
	put_subject(out, row->subject);
	buf_puts(out, "Message-ID: ");
	message_id(cfg, row->id, out);
	buf_puts(out, "\r\nMIME-Version: 1.0\r\n"
	              "Content-Type: text/plain; charset=UTF-8\r\n"
	              "Content-Transfer-Encoding: quoted-printable\r\n"
	              "Auto-Submitted: auto-generated\r\n\r\n");
	put_qp(out, row->body);
}

/* --- delivery ------------------------------------------------------------ */

struct source {
	const char *data;
	size_t len, off;
};

static size_t read_message(char *dst, size_t size, size_t n, void *arg)
{
	struct source *src = arg;
	size_t want = size * n, left = src->len - src->off;
	if (want > left)
		want = left;
	memcpy(dst, src->data + src->off, want);
	src->off += want;
	return want;
}

/* Aborts a transfer when the mailer is told to stop, so SIGTERM does not
 * wait for a slow server. */
static int check_stop(
    void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	(void)arg, (void)a, (void)b, (void)c, (void)d;
	return stopping ? 1 : 0;
}

/* Sends msg to row->to over SMTP. 0, or -1 with the reason in err. */
static int deliver_smtp(const struct config *cfg, const struct row *row,
    const struct buf *msg, struct buf *err)
{
	CURL *c = curl_easy_init();
	if (c == NULL) {
		buf_puts(err, "curl_easy_init failed");
		return -1;
	}
	char from[512], to[512], errbuf[CURL_ERROR_SIZE] = "";
	snprintf(from, sizeof(from), "<%s>", cfg->from);
	snprintf(to, sizeof(to), "<%s>", row->to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct source src = {msg->data, msg->len, 0};
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TRANSFER_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_stop);
	if (cfg->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    cfg->smtp_password ? cfg->smtp_password : "");
	}
	CURLcode rc = rcpt ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
	if (rc != CURLE_OK) {
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		buf_printf(err, "%s", curl_easy_strerror(rc));
		if (errbuf[0])
			buf_printf(err, ": %s", errbuf);
		if (code)
			buf_printf(err, " (SMTP %ld)", code);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

/* Writes msg as <mail_dir>/<id>.eml: a temporary file, fsync, rename,
 * fsync of the folder. 0, or -1 with the reason in err. */
static int deliver_file(const struct config *cfg, const struct row *row,
    const struct buf *msg, struct buf *err)
{
	char tmp[4200], path[4200];
	snprintf(tmp, sizeof(tmp), "%s/%lld.eml.tmp-%ld", cfg->mail_dir,
	    (long long)row->id, (long)getpid());
	snprintf(path, sizeof(path), "%s/%lld.eml", cfg->mail_dir,
	    (long long)row->id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		buf_printf(err, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	size_t off = 0;
	while (off < msg->len) {
		ssize_t w = write(fd, msg->data + off, msg->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	int ok = off == msg->len && fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = 0;
		saved = errno;
	}
	if (!ok) {
		unlink(tmp);
		buf_printf(err, "cannot write %s: %s", path, strerror(saved));
		return -1;
	}
	int dfd = open(cfg->mail_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* --- the outbox ---------------------------------------------------------- */

static const char SQL_DUE[] =
    "SELECT id, to_addr, subject, body, created_at, attempts, "
    "sending_since IS NOT NULL FROM outbox "
    "WHERE sent_at IS NULL AND next_attempt_at <= ?1 AND "
    "(sending_since IS NULL OR sending_since <= ?2) "
    "ORDER BY next_attempt_at, id LIMIT 1";
static const char SQL_CLAIM[] =
    "UPDATE outbox SET sending_since = ?1, attempts = attempts + 1, "
    "last_error = CASE WHEN sending_since IS NULL THEN last_error "
    "ELSE 'interrupted while sending; sent again' END WHERE id = ?2";
static const char SQL_SENT[] =
    "UPDATE outbox SET sent_at = ?1, sending_since = NULL "
    "WHERE id = ?2 AND sent_at IS NULL";
static const char SQL_FAILED[] =
    "UPDATE outbox SET last_error = ?1, next_attempt_at = ?2, "
    "sending_since = NULL WHERE id = ?3 AND sent_at IS NULL";

static void row_free(struct row *row)
{
	free(row->to);
	free(row->subject);
	free(row->body);
	memset(row, 0, sizeof(*row));
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	char *s = strdup(db_col_text(st, i));
	if (s == NULL)
		abort();
	return s;
}

/* Claims the next due row in one short transaction. 1 claimed (row
 * filled, free it with row_free), 0 nothing due, -1 error. */
static int claim(sqlite3 *db, int64_t now, struct row *row)
{
	if (db_begin(db))
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_DUE);
	if (st == NULL)
		goto fail;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now - STALE_SECONDS);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
		db_rollback(db);
		return 0;
	}
	row->id = sqlite3_column_int64(st, 0);
	row->to = dup_col(st, 1);
	row->subject = dup_col(st, 2);
	row->body = dup_col(st, 3);
	row->created_at = sqlite3_column_int64(st, 4);
	row->attempts = sqlite3_column_int64(st, 5) + 1;
	row->retry = sqlite3_column_int(st, 6);
	sqlite3_reset(st);
	if ((st = db_stmt(db, SQL_CLAIM)) == NULL)
		goto fail;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, row->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || db_commit(db))
		goto fail;
	return 1;
fail:
	logmsg("cannot claim from the outbox: %s", sqlite3_errmsg(db));
	db_rollback(db);
	row_free(row);
	return -1;
}

/* Seconds to wait after the attempts-th failed attempt. */
static int64_t backoff(int64_t attempts)
{
	static const int64_t steps[] = {60, 5 * 60, 15 * 60, 60 * 60};
	if (attempts < 1)
		attempts = 1;
	if (attempts > 4)
		return 60 * 60;
	return steps[attempts - 1];
}

/* Steps a bound single-statement update (its own transaction). Busy
 * past the 5 s timeout is retried for half a minute more: losing a
 * sent_at here would mean sending the message again. 0 or -1. */
static int step_update(sqlite3 *db, sqlite3_stmt *st, int64_t id)
{
	for (int tries = 0;; tries++) {
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return 0;
		logmsg("outbox:%lld: cannot record the result: %s",
		    (long long)id, sqlite3_errmsg(db));
		if (tries >= 5 || ((rc & 0xff) != SQLITE_BUSY &&
		                      (rc & 0xff) != SQLITE_LOCKED))
			return -1;
	}
}

static int mark_sent(sqlite3 *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SENT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return step_update(db, st, id);
}

static int mark_failed(sqlite3 *db, int64_t id, const char *error, int64_t next)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FAILED);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, error);
	db_bind_int(st, 2, next);
	db_bind_int(st, 3, id);
	return step_update(db, st, id);
}

/* Claims, sends and records due rows until none is left (or a stop).
 * Adds to *sent and *failed; -1 on a database error. */
static int run_due(
    sqlite3 *db, const struct config *cfg, int *sent, int *failed)
{
	struct buf msg, err;
	buf_init(&msg);
	buf_init(&err);
	int rc = 0;
	while (!stopping) {
		struct row row = {0};
		int64_t now = db_clock(db);
		int c = claim(db, now, &row);
		if (c <= 0) {
			rc = c;
			break;
		}
		buf_reset(&err);
		int ok;
		if (!addr_ok(row.to)) {
			buf_puts(&err, "not a usable e-mail address");
			ok = -1;
		} else {
			build_message(cfg, &row, &msg);
			ok = cfg->smtp_url
			         ? deliver_smtp(cfg, &row, &msg, &err)
			         : deliver_file(cfg, &row, &msg, &err);
		}
		now = db_clock(db);
		if (ok == 0) {
			(*sent)++;
			logmsg("outbox:%lld sent (attempt %lld%s)",
			    (long long)row.id, (long long)row.attempts,
			    row.retry ? ", after an interrupted one" : "");
			if (mark_sent(db, row.id, now))
				rc = -1;
		} else {
			(*failed)++;
			/* Cut short by a stop: try again as soon as we run. */
			int64_t next =
			    stopping ? now : now + backoff(row.attempts);
			logmsg("outbox:%lld attempt %lld failed: %s",
			    (long long)row.id, (long long)row.attempts,
			    err.data);
			if (mark_failed(db, row.id, err.data, next))
				rc = -1;
		}
		row_free(&row);
		if (rc)
			break;
	}
	buf_free(&msg);
	buf_free(&err);
	return rc;
}

/* --- main ---------------------------------------------------------------- */

/* mkdir -p for the file delivery folder. 0 or -1. */
static int make_dirs(const char *path)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0750) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

static int configure(struct config *cfg, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0) {
			cfg->once = 1;
		} else {
			fprintf(stderr, "usage: paikka-mailer [--once]\n");
			return -1;
		}
	}
	cfg->smtp_url = getenv("PAIKKA_SMTP_URL");
	if (cfg->smtp_url && !*cfg->smtp_url)
		cfg->smtp_url = NULL;
	cfg->smtp_user = getenv("PAIKKA_SMTP_USER");
	if (cfg->smtp_user && !*cfg->smtp_user)
		cfg->smtp_user = NULL;
	cfg->smtp_password = getenv("PAIKKA_SMTP_PASSWORD");
	cfg->from = env_or("PAIKKA_MAIL_FROM", "paikka@localhost");
	if (!from_ok(cfg->from)) {
		logmsg(
		    "PAIKKA_MAIL_FROM is not an e-mail address: %s", cfg->from);
		return -1;
	}
	cfg->domain = strchr(cfg->from, '@') + 1;
	const char *dir = getenv("PAIKKA_MAIL_DIR");
	const char *var = getenv("PAIKKA_VAR");
	if (dir && *dir)
		snprintf(cfg->mail_dir, sizeof(cfg->mail_dir), "%s", dir);
	else
		snprintf(cfg->mail_dir, sizeof(cfg->mail_dir), "%s/mail",
		    var && *var ? var : "var");
	char *end;
	cfg->interval = strtol(env_or("PAIKKA_MAILER_INTERVAL", "1"), &end, 10);
	if (*end || cfg->interval < 1 || cfg->interval > 3600) {
		logmsg("PAIKKA_MAILER_INTERVAL must be 1 to 3600 seconds");
		return -1;
	}
	if (!cfg->smtp_url && make_dirs(cfg->mail_dir) != 0) {
		logmsg("cannot create %s: %s", cfg->mail_dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Sleeps up to seconds, waking early on a stop signal. */
static void pause_for(long seconds)
{
	for (long i = 0; i < seconds * 10 && !stopping; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	struct config cfg = {0};
	if (configure(&cfg, argc, argv))
		return 2;
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (auth_init() != 0)
		return 1;
	if (cfg.smtp_url && curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		logmsg("cannot initialise libcurl");
		return 1;
	}
	int rc = 1;
	sqlite3 *db = db_open(env_or("PAIKKA_DB", "var/paikka.db"));
	if (db == NULL)
		goto out;
	if (load_secret(db, &cfg) != 0) {
		logmsg("cannot read the Message-ID secret (is the database "
		       "migrated?): %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	if (!cfg.once)
		logmsg("started: %s %s", cfg.smtp_url ? "SMTP to" : "files in",
		    cfg.smtp_url ? cfg.smtp_url : cfg.mail_dir);
	int sent = 0, failed = 0;
	rc = 0;
	for (;;) {
		if (run_due(db, &cfg, &sent, &failed) != 0 && cfg.once)
			rc = 1;
		if (cfg.once || stopping)
			break;
		pause_for(cfg.interval);
		if (stopping)
			break;
	}
	if (cfg.once)
		logmsg("%d sent, %d failed", sent, failed);
	else
		logmsg("stopped");
out:
	if (db)
		db_close(db);
	if (cfg.smtp_url)
		curl_global_cleanup();
	return rc;
}
