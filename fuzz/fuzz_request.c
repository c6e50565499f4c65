/* fuzz_request.c: libFuzzer target for whole requests through every
 * program's dispatch (app_handle in app.c with the real route tables and
 * handlers of cgi-bin/), over the demo database and the real templates.
 *
 * tests/fuzz.sh compiles each cgi-bin/NAME.c with -Dmain=paikka_main_NAME
 * and -Dapp_main=fuzz_app_found, so calling paikka_main_NAME hands its
 * static struct app to fuzz_app_found below instead of serving, and
 * passes the list of programs as PAIKKA_FUZZ_PROGRAMS="X(home) X(...)".
 *
 * Input:
 *   byte 0  flags: bits 0-1 method (GET, POST, HEAD, or the method line);
 *           F_TOKENS: put the right csrf token and a fresh nonce into the
 *           form; F_MULTIPART: the body is multipart/form-data (boundary
 *           "XyZ" unless the content-type line says otherwise);
 *           F_NO_ORIGIN: no Origin header; F_HTTPS; F_SHORT: the
 *           Content-Length promises one byte more than the body;
 *           F_LANG: the pk_lang cookie from byte 2.
 *   byte 1  who: 0 anonymous (with the double-submit cookie), 1-8 the
 *           demo users (admin officer caseworker finance provider
 *           kierratys diakonia verstas), logged in; more: anonymous
 *           without any cookie.
 *   byte 2  bits 0-1 language (fi sv en, 3 none); the rest pick the
 *           program for a path no program has a route for.
 *   then lines: path, query string, content type, more cookies, method,
 *   Accept-Language; everything after the sixth '\n' is the body.
 * The path chooses the program as nginx would: the first one with a route
 * for it (any method).
 *
 * A response must start with a status line, keep every header on one
 * line, and leave no transaction open. A 500 is not a crash: it is
 * printed ("fuzz_request: 500 ...") for the campaign's report, or aborts
 * when PAIKKA_FUZZ_ABORT_500 is set. PAIKKA_FUZZ_VERBOSE prints every
 * response's status (to see where a corpus gets).
 *
 * The database lives in memory: migrations and all demo layers are
 * loaded once, sessions made for every demo user, and the image kept;
 * before any input that follows one which wrote, the image is restored,
 * so each input starts from the same data and a crash replays alone. */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/account.h"
#include "paikka/app.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/memo.h"
#include "paikka/place.h"

#ifndef PAIKKA_FUZZ_PROGRAMS
#error "build with -DPAIKKA_FUZZ_PROGRAMS=\"X(home) ...\" (tests/fuzz.sh)"
#endif

#define X(n) int paikka_main_##n(int argc, char **argv);
PAIKKA_FUZZ_PROGRAMS
#undef X

static int (*const mains[])(int, char **) = {
#define X(n) paikka_main_##n,
    PAIKKA_FUZZ_PROGRAMS
#undef X
};
#define NPROG (sizeof(mains) / sizeof(mains[0]))

static const struct app *apps[NPROG];
static const struct app *found;

/* app_main of each program, renamed by the build. */
int fuzz_app_found(int argc, char **argv, const struct app *app);
int fuzz_app_found(int argc, char **argv, const struct app *app)
{
	(void)argc;
	(void)argv;
	found = app;
	return 0;
}

enum {
	F_METHOD = 3,
	F_TOKENS = 1 << 2,
	F_MULTIPART = 1 << 3,
	F_NO_ORIGIN = 1 << 4,
	F_HTTPS = 1 << 5,
	F_SHORT = 1 << 6,
	F_LANG = 1 << 7,
};

static const char *const users[] = {"admin", "officer", "caseworker", "finance",
    "provider", "kierratys", "diakonia", "verstas"};
#define NUSERS (sizeof(users) / sizeof(users[0]))
static char cookies[NUSERS][AUTH_TOKEN_HEX];
static char csrfs[NUSERS][AUTH_TOKEN_HEX];
static const char ANON_CSRF[] = "0123456789abcdef0123456789abcdef";
static const char NONCE[] = "fedcba9876543210fedcba9876543210";
static const char PASSWORD[] = "paikka-demo-2026";

static sqlite3 *db;
static unsigned char *image; /* the database as loaded */
static sqlite3_int64 image_len;
static int64_t image_time;
static sqlite3_int64 clean_changes; /* total_changes after a restore */

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_request: setup: %s: %s\n", what,
	    db ? sqlite3_errmsg(db) : "");
	exit(1);
}

/* paikkactl demo, in short: demo.sql, every layer, one password. */
static void load_demo(void)
{
	char path[4096];
	const char *sql = env_or("PAIKKA_SQL", "sql");
	if (db_migrate(db, sql, stderr) < 1)
		die("migrate");
	snprintf(path, sizeof(path), "%s/demo.sql", sql);
	if (db_exec_file(db, path, stderr))
		die(path);
	for (int n = 1; n <= 9; n++) {
		char pattern[4200];
		glob_t g;
		snprintf(pattern, sizeof(pattern), "%s/demo-%d-*.sql", sql, n);
		if (glob(pattern, 0, NULL, &g) != 0)
			break;
		if (g.gl_pathc != 1 || db_exec_file(db, g.gl_pathv[0], stderr))
			die(pattern);
		globfree(&g);
	}
	sqlite3_stmt *st = NULL;
	if (db_begin(db) ||
	    sqlite3_prepare_v2(db, "SELECT id FROM users ORDER BY id", -1, &st,
	        NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		die("users");
	int64_t first = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (user_set_password(
	        db, first, PASSWORD, strlen(PASSWORD), db_now()) != ACCOUNT_OK)
		die("password");
	/* The same hash for everyone: scrypt is slow. */
	char upd[256];
	snprintf(upd, sizeof(upd),
	    "UPDATE users SET password_hash = (SELECT password_hash FROM "
	    "users WHERE id = %lld), password_changed_at = 0 WHERE "
	    "password_hash IS NULL",
	    (long long)first);
	if (db_exec(db, upd))
		die("passwords");
	if (sqlite3_prepare_v2(db, "SELECT id FROM places", -1, &st, NULL) !=
	    SQLITE_OK)
		die("places");
	while (sqlite3_step(st) == SQLITE_ROW)
		if (place_fts_sync(db, sqlite3_column_int64(st, 0)))
			die("place search");
	sqlite3_finalize(st);
	if (db_commit(db))
		die("commit");
}

static void make_sessions(void)
{
	for (size_t i = 0; i < NUSERS; i++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db,
		        "SELECT id FROM users WHERE username = ?", -1, &st,
		        NULL) != SQLITE_OK)
			die("sessions");
		sqlite3_bind_text(st, 1, users[i], -1, SQLITE_STATIC);
		int64_t id = sqlite3_step(st) == SQLITE_ROW
		                 ? sqlite3_column_int64(st, 0)
		                 : 0;
		sqlite3_finalize(st);
		struct auth_session s;
		if (id == 0 || auth_session_create(db, id, "127.0.0.1",
		                   db_now(), cookies[i], &s) != 0)
			die(users[i]);
		memcpy(csrfs[i], s.csrf, AUTH_TOKEN_HEX);
	}
}

/* Puts the loaded image back. The sessions' times move to now, so that
 * they neither expire nor get their last_seen written by every request
 * of a long run. */
static void restore(void)
{
	/* On a fresh connection: FTS5 keeps its index structure and an open
	 * blob per connection, trusted while PRAGMA data_version is the
	 * same, and a deserialize on the same connection can leave it the
	 * same (a search then failed with "abort due to ROLLBACK"). The memo
	 * is stamped with that version too. */
	if (db != NULL)
		db_close(db);
	db = db_open(":memory:");
	if (db == NULL)
		die("open");
	memo_clear();
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)image_len);
	if (copy == NULL)
		die("out of memory");
	memcpy(copy, image, (size_t)image_len);
	if (sqlite3_deserialize(db, "main", copy, image_len, image_len,
	        SQLITE_DESERIALIZE_FREEONCLOSE |
	            SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
		die("deserialize");
	int64_t now = db_now();
	if (now - image_time > 30) {
		char sql[128];
		snprintf(sql, sizeof(sql),
		    "UPDATE sessions SET created_at = %lld, last_seen = %lld",
		    (long long)now, (long long)now);
		if (db_exec(db, sql))
			die("sessions");
	}
	clean_changes = sqlite3_total_changes64(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	static char *args[] = {"fuzz_request", NULL};
	for (size_t i = 0; i < NPROG; i++) {
		found = NULL;
		mains[i](1, args);
		if (found == NULL)
			die("a program did not call app_main");
		apps[i] = found;
	}
	if (auth_init() != 0)
		die("auth_init");
	i18n_init(env_or("PAIKKA_LOCALEDIR", "build/locale"));
	if (app_load_templates(env_or("PAIKKA_TEMPLATES", "templates")) != 0)
		die("templates");
	db = db_open(":memory:");
	if (db == NULL)
		die("open");
	load_demo();
	make_sessions();
	image = sqlite3_serialize(db, "main", &image_len, 0);
	if (image == NULL)
		die("serialize");
	image_time = db_now();
	restore();
	return 0;
}

/* --- the request -------------------------------------------------------- */

/* Same semantics as app.c's route_match, without the parameters. */
static int route_match(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (*pattern == ':') {
			while (*pattern && *pattern != '/')
				pattern++;
			int digits = 0;
			while (*path >= '0' && *path <= '9' && digits < 18) {
				path++;
				digits++;
			}
			if (digits == 0 || (*path && *path != '/'))
				return 0;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

static const struct app *program_for(const char *path, unsigned pick)
{
	for (size_t i = 0; i < NPROG; i++)
		for (size_t k = 0; k < apps[i]->nroutes; k++)
			if (route_match(apps[i]->routes[k].pattern, path))
				return apps[i];
	return apps[pick % NPROG];
}

/* The next line of the input as a C string (a NUL ends it early). */
static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	const uint8_t *e = nl ? nl : end;
	char *s = strndup((const char *)*p, (size_t)(e - *p));
	*p = nl ? nl + 1 : end;
	return s;
}

/* The boundary of a multipart content type, or NULL. */
static const char *boundary_of(const char *ct, char *dst, size_t n)
{
	const char *b = strstr(ct, "boundary=");
	if (b == NULL)
		return NULL;
	b += 9;
	if (*b == '"')
		b++;
	size_t k = strcspn(b, "\";, ");
	if (k == 0 || k >= n)
		return NULL;
	memcpy(dst, b, k);
	dst[k] = '\0';
	return dst;
}

static void check(
    const struct buf *out, const char *method, const char *path, int head)
{
	int status = 0;
	if (out->data == NULL ||
	    sscanf(out->data, "Status: %d ", &status) != 1 || status < 200 ||
	    status > 599) {
		fprintf(stderr, "fuzz_request: no status line\n");
		abort();
	}
	if (!sqlite3_get_autocommit(db)) {
		fprintf(stderr, "fuzz_request: %s %s left a transaction open\n",
		    method, path);
		abort();
	}
	/* Headers: lines of "Name: value", CRLF only at their ends. */
	const char *end = strstr(out->data, "\r\n\r\n");
	if (end == NULL)
		abort();
	for (const char *p = out->data; p < end;) {
		const char *eol = strstr(p, "\r\n");
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL || memchr(p, '\n', (size_t)(eol - p)) ||
		    memchr(p, '\r', (size_t)(eol - p))) {
			fprintf(stderr, "fuzz_request: bad header line\n");
			abort();
		}
		p = eol + 2;
	}
	unsigned long long clen = 0;
	const char *cl = strstr(out->data, "\r\nContent-Length: ");
	if (cl == NULL || cl > end ||
	    sscanf(cl, "\r\nContent-Length: %llu", &clen) != 1 ||
	    (!head &&
	        clen != (unsigned long long)(out->len -
	                                     (size_t)(end + 4 - out->data)))) {
		fprintf(stderr, "fuzz_request: wrong Content-Length\n");
		abort();
	}
	if (getenv("PAIKKA_FUZZ_VERBOSE"))
		fprintf(
		    stderr, "fuzz_request: %d %s %s\n", status, method, path);
	if (status == 500) {
		fprintf(stderr, "fuzz_request: 500 %s %s\n", method, path);
		if (getenv("PAIKKA_FUZZ_ABORT_500"))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	if (sqlite3_total_changes64(db) != clean_changes)
		restore();
	unsigned flags = data[0], who = data[1] % (NUSERS + 2), lang = data[2];
	const uint8_t *p = data + 3, *end = data + size;
	char *path = line(&p, end), *query = line(&p, end);
	char *ctype = line(&p, end), *more = line(&p, end);
	char *mline = line(&p, end), *alang = line(&p, end);
	const char *body_in = (const char *)p;
	size_t body_in_len = (size_t)(end - p);

	static const char *const methods[] = {"GET", "POST", "HEAD"};
	const char *method =
	    (flags & F_METHOD) < 3 ? methods[flags & F_METHOD] : mline;
	const char *csrf = who == 0        ? ANON_CSRF
	                   : who <= NUSERS ? csrfs[who - 1]
	                                   : "";
	struct buf cookie, body, ct;
	buf_init(&cookie);
	buf_init(&body);
	buf_init(&ct);
	if (who == 0)
		buf_printf(&cookie, "pk_csrf=%s", ANON_CSRF);
	else if (who <= NUSERS)
		buf_printf(&cookie, "pk_session=%s", cookies[who - 1]);
	if (flags & F_LANG) {
		static const char *const langs[] = {"fi", "sv", "en", "de"};
		buf_printf(&cookie, "%spk_lang=%s", cookie.len ? "; " : "",
		    langs[lang & 3]);
	}
	if (*more)
		buf_printf(&cookie, "%s%s", cookie.len ? "; " : "", more);

	char bnd[80] = "XyZ";
	if (flags & F_MULTIPART) {
		if (*ctype == '\0' || !boundary_of(ctype, bnd, sizeof(bnd)))
			buf_printf(
			    &ct, "multipart/form-data; boundary=%s", bnd);
		else
			buf_puts(&ct, ctype);
		if (flags & F_TOKENS)
			buf_printf(&body,
			    "--%s\r\nContent-Disposition: form-data; "
			    "name=\"csrf\"\r\n\r\n%s\r\n--%s\r\n"
			    "Content-Disposition: form-data; "
			    "name=\"nonce\"\r\n\r\n%s\r\n",
			    bnd, csrf, bnd, NONCE);
	} else {
		buf_puts(
		    &ct, *ctype ? ctype : "application/x-www-form-urlencoded");
		if (flags & F_TOKENS)
			buf_printf(&body, "csrf=%s&nonce=%s%s", csrf, NONCE,
			    body_in_len ? "&" : "");
	}
	buf_add(&body, body_in, body_in_len);

	char *env_s[16];
	int n = 0;
#define ENV(...) (void)asprintf(&env_s[n++], __VA_ARGS__)
	ENV("REQUEST_METHOD=%s", method);
	ENV("DOCUMENT_URI=%s", path);
	ENV("QUERY_STRING=%s", query);
	ENV("HTTP_HOST=127.0.0.1:8080");
	ENV("SERVER_PORT=8080");
	ENV("REMOTE_ADDR=127.0.0.1");
	if (!(flags & F_NO_ORIGIN))
		ENV("HTTP_ORIGIN=%s://127.0.0.1:8080",
		    flags & F_HTTPS ? "https" : "http");
	if (flags & F_HTTPS)
		ENV("HTTPS=on");
	if (cookie.len)
		ENV("HTTP_COOKIE=%s", cookie.data);
	if (*alang)
		ENV("HTTP_ACCEPT_LANGUAGE=%s", alang);
	if (body.len || strcmp(method, "POST") == 0) {
		ENV("CONTENT_TYPE=%s", ct.data);
		ENV("CONTENT_LENGTH=%zu", body.len + (flags & F_SHORT ? 1 : 0));
	}
#undef ENV
	env_s[n] = NULL;

	/* The body in an exactly sized block, so ASan sees reads past it. */
	char *b = malloc(body.len ? body.len : 1);
	if (body.len)
		memcpy(b, body.data, body.len);
	struct buf out;
	buf_init(&out);
	app_handle(program_for(path, lang >> 2), db, env_s, b, body.len, &out);
	check(&out, method, path, strcmp(method, "HEAD") == 0);

	buf_free(&out);
	free(b);
	for (int i = 0; i < n; i++)
		free(env_s[i]);
	buf_free(&cookie);
	buf_free(&body);
	buf_free(&ct);
	free(path);
	free(query);
	free(ctype);
	free(more);
	free(mline);
	free(alang);
	return 0;
}
