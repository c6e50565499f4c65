/* test_app.c: whole requests through app_handle (app.c): routing, roles,
 * CSRF, form nonces, input limits, error pages and headers.
 *
 * The handlers are this file's own tiny ones, over the real templates and
 * a temporary database with the demo data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "paikka/account.h"
#include "paikka/app.h"
#include "paikka/audit.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "test.h"

static sqlite3 *db;
static char dir[64];
static struct buf out; /* the last response */

static const char HOST[] = "127.0.0.1:8080";
static const char ORIGIN[] = "http://127.0.0.1:8080";
static const char ADMIN_PW[] = "admin-password-for-tests";

/* ---- the test program's handlers and routes ---- */

/* A page: its intro says who is looking. */
static int area_get(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro", r->user ? r->user->username : "anonymous-visitor");
	return render(r, 200, "area", v, "Area");
}

static int item_get(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_setf(v, "intro", "item-%lld", (long long)r->params[0]);
	return render(r, 200, "area", v, "Item");
}

static int go_get(struct req *r)
{
	return redirect(r, req_query(r, "next"));
}

static const char SQL_FEEDBACK[] =
    "INSERT INTO feedback(ts, message, lang) VALUES (?,?,?)";

static int insert_feedback(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEEDBACK);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_text(st, 2, req_form_trim(r, "message"));
	db_bind_text(st, 3, lang_code(r->lang));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int feedback_post(struct req *r)
{
	if (insert_feedback(r))
		return -1;
	return redirect(r, "/area?msg=feedback");
}

/* Writes, then fails: the write must not survive. */
static int fail_post(struct req *r)
{
	if (insert_feedback(r))
		return -1;
	return -1;
}

static int fail_get(struct req *r)
{
	(void)r;
	return -1;
}

/* Writes, then asks for the writes to be undone and shows a form error. */
static int undo_post(struct req *r)
{
	if (insert_feedback(r))
		return -1;
	r->rollback = 1;
	struct tvars *v = page_vars(r);
	return render(r, 422, "area", v, "Undone");
}

static const struct route routes[] = {
    {"GET", "/area", area_get, ROLE_ALL, 0},
    {"GET", "/mine", area_get, ROLE_USER, 0},
    {"GET", "/admin/x", area_get, ROLE_ADMIN, 0},
    {"GET", "/items/:id", item_get, ROLE_ALL, 0},
    {"GET", "/go", go_get, ROLE_ALL, 0},
    {"POST", "/feedback", feedback_post, ROLE_ALL, 0},
    {"POST", "/quick", feedback_post, ROLE_ALL, RF_NO_NONCE},
    {"GET", "/fail", fail_get, ROLE_ALL, 0},
    {"POST", "/fail", fail_post, ROLE_ALL, 0},
    {"POST", "/undo", undo_post, ROLE_ALL, 0},
};

static const struct app app = {
    "test", routes, sizeof(routes) / sizeof(routes[0])};

/* ---- requests and responses ---- */

struct rq {
	const char *method; /* default GET */
	const char *uri;
	const char *query;
	const char *cookie;
	const char *origin; /* default ORIGIN for POST; "" for none */
	const char *accept_language;
	const char *body;
	const char *content_type;   /* default urlencoded for a body */
	const char *content_length; /* default strlen(body) */
	const char *extra;          /* one more "NAME=value" */
};

/* Runs one request; returns the status. The response is in out. */
static int request(const struct rq *q)
{
	char env_s[12][2600];
	char *env[13];
	int n = 0;
	const char *method = q->method ? q->method : "GET";
	int post = strcmp(method, "POST") == 0;
#define ENV(...) snprintf(env_s[n], sizeof(env_s[n]), __VA_ARGS__), n++
	ENV("REQUEST_METHOD=%s", method);
	ENV("DOCUMENT_URI=%s", q->uri);
	ENV("HTTP_HOST=%s", HOST);
	ENV("REMOTE_ADDR=127.0.0.1");
	ENV("QUERY_STRING=%s", q->query ? q->query : "");
	if (q->cookie)
		ENV("HTTP_COOKIE=%s", q->cookie);
	if (q->accept_language)
		ENV("HTTP_ACCEPT_LANGUAGE=%s", q->accept_language);
	const char *origin = q->origin ? q->origin : post ? ORIGIN : "";
	if (origin[0])
		ENV("HTTP_ORIGIN=%s", origin);
	size_t blen = q->body ? strlen(q->body) : 0;
	if (q->body || q->content_length) {
		ENV("CONTENT_TYPE=%s",
		    q->content_type ? q->content_type
		                    : "application/x-www-form-urlencoded");
		if (q->content_length)
			ENV("CONTENT_LENGTH=%s", q->content_length);
		else
			ENV("CONTENT_LENGTH=%zu", blen);
	}
	if (q->extra)
		ENV("%s", q->extra);
#undef ENV
	for (int i = 0; i < n; i++)
		env[i] = env_s[i];
	env[n] = NULL;
	buf_reset(&out);
	app_handle(&app, db, env, q->body ? q->body : "", blen, &out);
	int status = 0;
	if (out.data == NULL || sscanf(out.data, "Status: %d", &status) != 1)
		return -1;
	return status;
}

/* The value of the first response header called name, copied into a
 * static buffer; NULL when absent. */
static const char *header(const char *name)
{
	static char value[1024];
	const char *end = out.data ? strstr(out.data, "\r\n\r\n") : NULL;
	size_t n = strlen(name);
	for (const char *p = out.data; p && p < end;) {
		const char *eol = strstr(p, "\r\n");
		if (strncasecmp(p, name, n) == 0 && p[n] == ':' &&
		    p[n + 1] == ' ') {
			size_t k = (size_t)(eol - p) - n - 2;
			if (k >= sizeof(value))
				k = sizeof(value) - 1;
			memcpy(value, p + n + 2, k);
			value[k] = '\0';
			return value;
		}
		p = eol + 2;
	}
	return NULL;
}

/* How many header lines start with "name: ". */
static int header_count(const char *name)
{
	const char *end = out.data ? strstr(out.data, "\r\n\r\n") : NULL;
	size_t n = strlen(name);
	int k = 0;
	for (const char *p = out.data; p && p < end; p = strstr(p, "\r\n") + 2)
		k += strncasecmp(p, name, n) == 0 && p[n] == ':';
	return k;
}

static const char *body(void)
{
	const char *end = out.data ? strstr(out.data, "\r\n\r\n") : NULL;
	return end ? end + 4 : "";
}

static int64_t query_int(const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t feedback_rows(void)
{
	return query_int("SELECT count(*) FROM feedback");
}

/* The anonymous CSRF cookie a first GET hands out, in token (33). */
static int anon_token(char *token)
{
	if (request(&(struct rq){.uri = "/area"}) != 200)
		return -1;
	const char *c = header("Set-Cookie");
	if (c == NULL || strncmp(c, "pk_csrf=", 8) != 0)
		return -1;
	memcpy(token, c + 8, 32);
	token[32] = '\0';
	return strspn(token, "0123456789abcdef") == 32 ? 0 : -1;
}

/* A logged-in session for username: the cookie header and its csrf. */
static int login_as(
    const char *username, char cookie[128], char csrf[AUTH_TOKEN_HEX])
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE username = '%s'",
	    username);
	int64_t id = query_int(sql);
	char token[AUTH_TOKEN_HEX];
	struct auth_session s;
	if (id < 1 ||
	    auth_session_create(db, id, "127.0.0.1", db_now(), token, &s) != 0)
		return -1;
	snprintf(cookie, 128, "pk_session=%s", token);
	memcpy(csrf, s.csrf, AUTH_TOKEN_HEX);
	return 0;
}

/* A urlencoded POST from this site's page. */
static int post(const char *uri, const char *cookie, const char *form)
{
	return request(&(struct rq){
	    .method = "POST", .uri = uri, .cookie = cookie, .body = form});
}

static void new_nonce(char nonce[33])
{
	auth_random_hex(nonce, 16);
}

/* ---- setup ---- */

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/paikka-test-app-XXXXXX");
	if (mkdtemp(dir) == NULL || auth_init() != 0)
		return -1;
	i18n_init("build/locale");
	if (app_load_templates("templates") != 0)
		return -1;
	char path[128];
	snprintf(path, sizeof(path), "%s/app.db", dir);
	db = db_open(path);
	if (db == NULL)
		return -1;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(db, "sql", log ? log : stderr) < 1 ||
	         db_exec_file(db, "sql/demo.sql", log ? log : stderr) != 0;
	if (log)
		fclose(log);
	if (rc)
		return -1;
	int64_t admin = query_int("SELECT id FROM users WHERE username = "
	                          "'admin'");
	if (admin < 1 || db_begin(db) ||
	    user_set_password(db, admin, ADMIN_PW, strlen(ADMIN_PW),
	        db_now()) != ACCOUNT_OK ||
	    db_commit(db))
		return -1;
	buf_init(&out);
	unsetenv("PAIKKA_MAX_BODY");
	return 0;
}

static void teardown(void)
{
	buf_free(&out);
	if (db)
		db_close(db);
	static const char *const files[] = {
	    "app.db", "app.db-wal", "app.db-shm"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* ---- tests ---- */

TEST(known_password)
{
	int64_t id = 0;
	char *hash = NULL;
	CHECK(user_login_lookup(db, "admin", &id, &hash) == 1);
	CHECK(hash != NULL &&
	      auth_check_password(hash, ADMIN_PW, strlen(ADMIN_PW)) == 1);
	free(hash);
}

TEST(page_and_headers)
{
	CHECK(request(&(struct rq){.uri = "/area"}) == 200);
	CHECK(strstr(body(), "anonymous-visitor") != NULL);
	CHECK(strstr(body(), "<h1>Area</h1>") != NULL);
	CHECK_STR(header("Content-Type"), "text/html; charset=utf-8");
	const char *csp = header("Content-Security-Policy");
	CHECK(csp != NULL && strstr(csp, "default-src 'self'") != NULL);
	CHECK(csp != NULL && strstr(csp, "frame-ancestors 'none'") != NULL);
	CHECK(csp != NULL && strstr(csp, "script-src 'self'") != NULL);
	CHECK_STR(header("X-Content-Type-Options"), "nosniff");
	CHECK_STR(header("X-Frame-Options"), "DENY");
	CHECK_STR(header("Referrer-Policy"), "same-origin");
	CHECK_STR(header("Cache-Control"), "no-cache");
	CHECK_STR(header("Content-Language"), "fi");
	const char *id = header("X-Request-Id");
	CHECK(id != NULL && strlen(id) == 16 &&
	      strspn(id, "0123456789abcdef") == 16);
	/* Content-Length is the body's length. */
	const char *cl = header("Content-Length");
	CHECK(cl != NULL && (size_t)atol(cl) == strlen(body()));
	/* The anonymous CSRF cookie, also placed in the page's forms. */
	const char *c = header("Set-Cookie");
	CHECK(c != NULL && strncmp(c, "pk_csrf=", 8) == 0);
	CHECK(c != NULL && strstr(c, "HttpOnly") != NULL);
	CHECK(c != NULL && strstr(c, "SameSite=Lax") != NULL);
	CHECK(c != NULL && strstr(c, "Secure") == NULL);
	char token[33];
	CHECK(anon_token(token) == 0);
	char input[80];
	snprintf(input, sizeof(input), "value=\"%s\"", token);
	CHECK(strstr(body(), input) != NULL);
	/* A valid cookie is kept, not replaced. */
	char cookie[64];
	snprintf(cookie, sizeof(cookie), "pk_csrf=%s", token);
	CHECK(request(&(struct rq){.uri = "/area", .cookie = cookie}) == 200);
	CHECK(header("Set-Cookie") == NULL);
	CHECK(strstr(body(), input) != NULL);
	/* Over HTTPS the cookie is Secure. */
	CHECK(
	    request(&(struct rq){.uri = "/area", .extra = "HTTPS=on"}) == 200);
	c = header("Set-Cookie");
	CHECK(c != NULL && strstr(c, "; Secure") != NULL);
}

TEST(not_found_and_method)
{
	CHECK(request(&(struct rq){.uri = "/nope"}) == 404);
	CHECK(strstr(body(), "<html") != NULL);
	CHECK(request(&(struct rq){.uri = "/area/"}) == 404);
	CHECK(request(&(struct rq){.uri = "/items/12x"}) == 404);
	CHECK(request(&(struct rq){.uri = "/items/"}) == 404);
	CHECK(
	    request(&(struct rq){.uri = "/items/1234567890123456789"}) == 404);
	CHECK(request(&(struct rq){.uri = "/items/42"}) == 200);
	CHECK(strstr(body(), "item-42") != NULL);
	CHECK(request(&(struct rq){.method = "POST", .uri = "/area"}) == 405);
	CHECK_STR(header("Allow"), "GET, HEAD");
	CHECK(request(&(struct rq){.uri = "/feedback"}) == 405);
	CHECK_STR(header("Allow"), "POST");
	CHECK(request(&(struct rq){.method = "PUT", .uri = "/fail"}) == 405);
	CHECK_STR(header("Allow"), "GET, HEAD, POST");
	CHECK(request(&(struct rq){.method = "DELETE", .uri = "/nope"}) == 404);
}

TEST(head_has_no_body)
{
	CHECK(request(&(struct rq){.method = "HEAD", .uri = "/area"}) == 200);
	const char *cl = header("Content-Length");
	CHECK(cl != NULL && atol(cl) > 100);
	CHECK_STR(body(), "");
	CHECK(header("Content-Security-Policy") != NULL);
	CHECK(request(&(struct rq){.method = "HEAD", .uri = "/nope"}) == 404);
	CHECK_STR(body(), "");
}

TEST(anonymous_to_login)
{
	CHECK(request(&(struct rq){.uri = "/mine"}) == 303);
	CHECK_STR(header("Location"), "/login?next=%2Fmine");
	CHECK_STR(body(), "");
	CHECK(request(&(struct rq){.uri = "/admin/x"}) == 303);
	CHECK_STR(header("Location"), "/login?next=%2Fadmin%2Fx");
	/* An unknown or expired session is anonymous too. */
	char bogus[80];
	snprintf(bogus, sizeof(bogus), "pk_session=%064d", 7);
	CHECK(request(&(struct rq){.uri = "/mine", .cookie = bogus}) == 303);
	int64_t id = query_int("SELECT id FROM users WHERE username = "
	                       "'officer'");
	char token[AUTH_TOKEN_HEX], cookie[128];
	struct auth_session s;
	CHECK(auth_session_create(db, id, "", db_now() - AUTH_IDLE_SECONDS - 5,
	          token, &s) == 0);
	snprintf(cookie, sizeof(cookie), "pk_session=%s", token);
	CHECK(request(&(struct rq){.uri = "/mine", .cookie = cookie}) == 303);
	CHECK_STR(header("Location"), "/login?next=%2Fmine");
}

TEST(roles)
{
	char cookie[128], csrf[AUTH_TOKEN_HEX];
	CHECK(login_as("officer", cookie, csrf) == 0);
	CHECK(request(&(struct rq){.uri = "/mine", .cookie = cookie}) == 200);
	CHECK(strstr(body(), "officer") != NULL);
	CHECK_STR(header("Cache-Control"), "no-store");
	/* Logged in: no anonymous CSRF cookie. */
	CHECK(header("Set-Cookie") == NULL);
	int64_t before = query_int("SELECT count(*) FROM audit_log WHERE "
	                           "action = 'access.denied'");
	CHECK(
	    request(&(struct rq){.uri = "/admin/x", .cookie = cookie}) == 403);
	CHECK(query_int("SELECT count(*) FROM audit_log WHERE action = "
	                "'access.denied'") == before + 1);
	CHECK(query_int("SELECT count(*) FROM audit_log WHERE id = (SELECT "
	                "max(id) FROM audit_log) AND action = "
	                "'access.denied' AND object = '/admin/x' AND actor = "
	                "'officer' AND details = 'role' AND ip = "
	                "'127.0.0.1'") == 1);
	CHECK(login_as("admin", cookie, csrf) == 0);
	CHECK(
	    request(&(struct rq){.uri = "/admin/x", .cookie = cookie}) == 200);
	/* A disabled user's session no longer logs in. */
	CHECK(login_as("finance", cookie, csrf) == 0);
	CHECK(request(&(struct rq){.uri = "/mine", .cookie = cookie}) == 200);
	CHECK(db_exec(db, "UPDATE users SET disabled = 1 WHERE username = "
	                  "'finance'") == 0);
	CHECK(request(&(struct rq){.uri = "/mine", .cookie = cookie}) == 303);
	CHECK(db_exec(db, "UPDATE users SET disabled = 0 WHERE username = "
	                  "'finance'") == 0);
}

TEST(anonymous_post)
{
	char token[33], cookie[64], nonce[33], form[256];
	CHECK(anon_token(token) == 0);
	snprintf(cookie, sizeof(cookie), "pk_csrf=%s", token);
	new_nonce(nonce);
	int64_t rows = feedback_rows();
	int64_t fails = query_int("SELECT count(*) FROM audit_log WHERE "
	                          "action = 'csrf.fail'");
	/* No token at all. */
	snprintf(form, sizeof(form), "nonce=%s&message=hello", nonce);
	CHECK(post("/feedback", cookie, form) == 403);
	CHECK(query_int("SELECT count(*) FROM audit_log WHERE action = "
	                "'csrf.fail'") == fails + 1);
	/* A token that is not the cookie's. */
	snprintf(
	    form, sizeof(form), "csrf=%032d&nonce=%s&message=hello", 1, nonce);
	CHECK(post("/feedback", cookie, form) == 403);
	/* The right token without the cookie. */
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=hello", token, nonce);
	CHECK(request(&(struct rq){
	          .method = "POST", .uri = "/feedback", .body = form}) == 403);
	/* Right token, another site's Origin; then no Origin at all. */
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .origin = "http://evil.example",
	          .body = form}) == 403);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .origin = "https://127.0.0.1:8080",
	          .body = form}) == 403);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .origin = "",
	          .body = form}) == 403);
	CHECK(feedback_rows() == rows);
	/* All correct. */
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK_STR(header("Location"), "/area?msg=feedback");
	CHECK(feedback_rows() == rows + 1);
	/* The same form again: sent to the same place, nothing added. */
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK_STR(header("Location"), "/area?msg=feedback");
	CHECK(feedback_rows() == rows + 1);
	/* Without Origin, Sec-Fetch-Site: same-origin also proves it. */
	new_nonce(nonce);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=again", token, nonce);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .origin = "",
	          .body = form,
	          .extra = "HTTP_SEC_FETCH_SITE=same-origin"}) == 303);
	CHECK(feedback_rows() == rows + 2);
	new_nonce(nonce);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=again", token, nonce);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .origin = "",
	          .body = form,
	          .extra = "HTTP_SEC_FETCH_SITE=cross-site"}) == 403);
	CHECK(feedback_rows() == rows + 2);
}

TEST(nonce_required)
{
	char token[33], cookie[64], form[256];
	CHECK(anon_token(token) == 0);
	snprintf(cookie, sizeof(cookie), "pk_csrf=%s", token);
	int64_t rows = feedback_rows();
	snprintf(form, sizeof(form), "csrf=%s&message=hello", token);
	CHECK(post("/feedback", cookie, form) == 400);
	snprintf(form, sizeof(form), "csrf=%s&nonce=abc&message=hello", token);
	CHECK(post("/feedback", cookie, form) == 400);
	CHECK(feedback_rows() == rows);
	/* A route that needs none. */
	snprintf(form, sizeof(form), "csrf=%s&message=quick", token);
	CHECK(post("/quick", cookie, form) == 303);
	CHECK(feedback_rows() == rows + 1);
}

TEST(logged_in_post)
{
	char cookie[128], csrf[AUTH_TOKEN_HEX], nonce[33], form[256];
	char both[256], token[33];
	CHECK(login_as("caseworker", cookie, csrf) == 0);
	int64_t rows = feedback_rows();
	new_nonce(nonce);
	/* The anonymous double-submit token is not accepted from a user. */
	CHECK(anon_token(token) == 0);
	snprintf(both, sizeof(both), "%s; pk_csrf=%s", cookie, token);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=x", token, nonce);
	CHECK(post("/feedback", both, form) == 403);
	snprintf(form, sizeof(form), "csrf=%s&nonce=%s&message=x", csrf, nonce);
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK_STR(header("Cache-Control"), "no-store");
	CHECK(feedback_rows() == rows + 1);
	/* Another user replaying that nonce learns nothing and acts not. */
	char cookie2[128], csrf2[AUTH_TOKEN_HEX];
	CHECK(login_as("admin", cookie2, csrf2) == 0);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=x", csrf2, nonce);
	CHECK(post("/feedback", cookie2, form) == 400);
	CHECK(header("Location") == NULL);
	CHECK(feedback_rows() == rows + 1);
	/* Its owner replaying it is sent to the first result. */
	snprintf(form, sizeof(form), "csrf=%s&nonce=%s&message=x", csrf, nonce);
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK(feedback_rows() == rows + 1);
}

TEST(bad_input)
{
	CHECK(request(&(struct rq){.uri = "/area", .query = "x=%zz"}) == 400);
	CHECK(strstr(body(), "<html") != NULL);
	CHECK(request(&(struct rq){.uri = "/area", .query = "x=%ff"}) == 400);
	CHECK(request(&(struct rq){.uri = "/area", .query = "x=%41"}) == 200);
	CHECK(request(&(struct rq){.uri = "/ar\xff"}) == 400);
	CHECK(request(&(struct rq){.uri = "area"}) == 400);
	char token[33], cookie[64], nonce[33], form[256];
	CHECK(anon_token(token) == 0);
	snprintf(cookie, sizeof(cookie), "pk_csrf=%s", token);
	int64_t rows = feedback_rows();
	new_nonce(nonce);
	snprintf(form, sizeof(form), "csrf=%s&nonce=%s&message=%%ff%%fe", token,
	    nonce);
	CHECK(post("/feedback", cookie, form) == 400);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=%%zz", token, nonce);
	CHECK(post("/feedback", cookie, form) == 400);
	/* A body shorter than its Content-Length, a negative length. */
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=x", token, nonce);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .body = form,
	          .content_length = "500"}) == 400);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .body = form,
	          .content_length = "-1"}) == 400);
	/* A body that is not a form. */
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .body = form,
	          .content_type = "application/json"}) == 415);
	/* Too large for PAIKKA_MAX_BODY: refused before reading. */
	setenv("PAIKKA_MAX_BODY", "64", 1);
	CHECK(strlen(form) > 64);
	CHECK(post("/feedback", cookie, form) == 413);
	CHECK(request(&(struct rq){.method = "POST",
	          .uri = "/feedback",
	          .cookie = cookie,
	          .body = "",
	          .content_length = "99999999999"}) == 413);
	unsetenv("PAIKKA_MAX_BODY");
	CHECK(feedback_rows() == rows);
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK(feedback_rows() == rows + 1);
}

TEST(internal_error)
{
	CHECK(request(&(struct rq){.uri = "/fail"}) == 500);
	const char *id = header("X-Request-Id");
	char rid[32];
	snprintf(rid, sizeof(rid), "%s", id ? id : "missing");
	CHECK(strstr(body(), rid) != NULL);
	CHECK(header("Location") == NULL);
	/* A POST that wrote before failing: rolled back, nonce unused. */
	char token[33], cookie[64], nonce[33], form[256];
	CHECK(anon_token(token) == 0);
	snprintf(cookie, sizeof(cookie), "pk_csrf=%s", token);
	int64_t rows = feedback_rows();
	int64_t nonces = query_int("SELECT count(*) FROM form_nonces");
	new_nonce(nonce);
	snprintf(
	    form, sizeof(form), "csrf=%s&nonce=%s&message=lost", token, nonce);
	CHECK(post("/fail", cookie, form) == 500);
	id = header("X-Request-Id");
	snprintf(rid, sizeof(rid), "%s", id ? id : "missing");
	CHECK(strstr(body(), rid) != NULL);
	CHECK(sqlite3_get_autocommit(db));
	CHECK(feedback_rows() == rows);
	CHECK(query_int("SELECT count(*) FROM form_nonces") == nonces);
	/* A handler that asks for a rollback. */
	CHECK(post("/undo", cookie, form) == 422);
	CHECK(sqlite3_get_autocommit(db));
	CHECK(feedback_rows() == rows);
	CHECK(query_int("SELECT count(*) FROM form_nonces") == nonces);
	/* The same nonce still works for a real submission. */
	CHECK(post("/feedback", cookie, form) == 303);
	CHECK(feedback_rows() == rows + 1);
}

TEST(language)
{
	CHECK(request(&(struct rq){.uri = "/area", .accept_language = "sv"}) ==
	      200);
	CHECK_STR(header("Content-Language"), "sv");
	CHECK(strstr(body(), "<html lang=\"sv\">") != NULL);
	CHECK(request(&(struct rq){.uri = "/area",
	          .accept_language = "de, en;q=0.5, sv;q=0.4"}) == 200);
	CHECK_STR(header("Content-Language"), "en");
	CHECK(request(&(struct rq){.uri = "/area", .accept_language = "de"}) ==
	      200);
	CHECK_STR(header("Content-Language"), "fi");
	/* The cookie wins over the header, also on error pages. */
	CHECK(request(&(struct rq){.uri = "/nope",
	          .cookie = "pk_lang=en",
	          .accept_language = "sv"}) == 404);
	CHECK_STR(header("Content-Language"), "en");
	CHECK(strstr(body(), "<html lang=\"en\">") != NULL);
}

TEST(local_redirects_only)
{
	static const struct {
		const char *next, *want;
	} cases[] = {
	    {"next=%2Fok", "/ok"},
	    {"next=%2F%2Fevil.example", "/"},
	    {"next=%2F%5Cevil.example", "/"},
	    {"next=https%3A%2F%2Fevil.example", "/"},
	    {"next=%2Fa%0D%0ASet-Cookie%3A+x%3D1", "/"},
	    {"", "/"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(request(&(struct rq){
		          .uri = "/go", .query = cases[i].next}) == 303);
		CHECK_STR(header("Location"), cases[i].want);
		CHECK(header_count("Set-Cookie") <= 1);
	}
}

TEST(audit_chain_intact)
{
	int64_t bad = 0, rows = 0;
	CHECK(audit_verify(db, &bad, &rows) == 0);
	CHECK(rows > 3);
}

int main(void)
{
	if (setup() != 0) {
		printf("# setup failed\n");
		teardown();
		return 1;
	}
	RUN(known_password);
	RUN(page_and_headers);
	RUN(not_found_and_method);
	RUN(head_has_no_body);
	RUN(anonymous_to_login);
	RUN(roles);
	RUN(anonymous_post);
	RUN(nonce_required);
	RUN(logged_in_post);
	RUN(bad_input);
	RUN(internal_error);
	RUN(language);
	RUN(local_redirects_only);
	RUN(audit_chain_intact);
	teardown();
	return TEST_END();
}
