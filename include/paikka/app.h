/* app.h: the request lifecycle shared by every FastCGI program.
 *
 * A program is a route table plus handlers; app_main runs the accept loop
 * (or one plain CGI request when not started by a FastCGI server). For each
 * request: parse and bound the input → route (404/405) → session → role
 * check (redirect to login, or 403 and an audit row) → for POST: same
 * origin, CSRF token, one-time form nonce → handler (POSTs inside one
 * BEGIN IMMEDIATE transaction) → security headers → write → free. */
#ifndef PAIKKA_APP_H
#define PAIKKA_APP_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "paikka/arena.h"
#include "paikka/http.h"
#include "paikka/i18n.h"

struct tvars;

/* Roles as bits; a route lists every role that may call it. */
enum role {
	ROLE_ANON = 1 << 0,
	ROLE_ADMIN = 1 << 1,
	ROLE_OFFICER = 1 << 2,
	ROLE_CASEWORKER = 1 << 3,
	ROLE_FINANCE = 1 << 4,
	ROLE_PROVIDER = 1 << 5,
};
#define ROLE_STAFF (ROLE_ADMIN | ROLE_OFFICER | ROLE_CASEWORKER | ROLE_FINANCE)
#define ROLE_USER (ROLE_STAFF | ROLE_PROVIDER)
#define ROLE_ALL (ROLE_ANON | ROLE_USER)

/* "admin" → ROLE_ADMIN; 0 when unknown. */
unsigned role_from_name(const char *s);
const char *role_name(unsigned role);
/* The translated, human name of a role. */
const char *role_label(unsigned role);

enum route_flag {
	/* A POST that needs no one-time nonce: login, logout, language. */
	RF_NO_NONCE = 1 << 0,
	/* A POST that may carry file uploads (multipart). */
	RF_UPLOAD = 1 << 1,
};

struct req;
/* Returns 0 when the response is set (any status), -1 on an internal
 * error (the POST transaction is rolled back and a 500 page with the
 * request id is shown). */
typedef int (*handler_fn)(struct req *r);

struct route {
	const char *method;  /* "GET" (also answers HEAD) or "POST" */
	const char *pattern; /* "/admin/users/:id": :id matches 1-18 digits */
	handler_fn fn;
	unsigned roles;
	unsigned flags;
};

struct app {
	const char *name; /* "home", "tendering", ... */
	const struct route *routes;
	size_t nroutes;
};

struct user {
	int64_t id;
	const char *username;
	const char *name;
	unsigned role;
	int64_t org_id; /* 0 when none */
	const char *org_name;
	const char *org_status;
};

enum { REQ_MAX_PARAMS = 4 };

struct req {
	struct arena *a;
	sqlite3 *db;
	int64_t now;
	char id[17]; /* request id for logs and the 500 page */

	const char *method; /* "GET" for HEAD too; see head */
	int head;
	const char *path;
	const char *remote_addr;
	int https;
	struct http_form query;
	struct http_form form;
	struct http_form cookies;
	int64_t params[REQ_MAX_PARAMS]; /* :id segments, in order */

	enum lang lang;
	struct user *user; /* NULL when anonymous */
	int64_t session_id;
	const char *csrf; /* the token forms must carry */
	const struct route *route;

	/* The response. */
	int status;
	struct buf headers; /* extra header lines, each ending in \r\n */
	struct buf body;
	const char *content_type;
	int rollback;         /* a POST handler sets this to undo its writes */
	const char *location; /* set by redirect() */
};

/* Runs the program: the FastCGI accept loop, or one CGI request. */
int app_main(int argc, char **argv, const struct app *app);

/* One request through the whole lifecycle, for tests and fuzzing: env is a
 * NULL-terminated "NAME=value" array, body the request body. The response
 * (status line as "Status: N", headers, blank line, body) is appended to
 * out. */
void app_handle(const struct app *app, sqlite3 *db, char **env,
    const char *body, size_t body_len, struct buf *out);

/* Form and query values; NULL when absent. */
const char *req_form(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
/* The form value trimmed of surrounding white space; "" when absent. */
const char *req_form_trim(struct req *r, const char *name);

/* ?page=N of a list shown a page at a time: *page is 1 when absent.
 * Returns 0, or 1 when the value is not a page number (digits without a
 * leading zero, at most 100000). */
int req_page(struct req *r, long *page);
/* Sets "paged", "prev_page" and "next_page" of page (from 1) of a list;
 * more: rows follow this page. */
void pager_vars(struct tvars *v, long page, int more);

/* Base variables for a page: language, user, navigation, csrf, a fresh
 * nonce, the current path, the accessibility link. */
struct tvars *page_vars(struct req *r);
/* A fresh one-time form nonce (32 hex characters) in the arena. */
const char *req_nonce(struct req *r);
/* Renders templates/<tmpl>.html inside the layout with this title and
 * status. Always returns 0. */
int render(struct req *r, int status, const char *tmpl, struct tvars *v,
    const char *title);
/* Renders templates/<tmpl>.html alone into the arena, and keeps a copy
 * in the memo (memo.h) under key unless key is NULL. NULL on error. */
const char *render_part(
    struct req *r, const char *tmpl, struct tvars *v, const char *key);
/* The layout around content already rendered (render_part, the memo). */
int render_content(struct req *r, int status, const char *content,
    struct tvars *v, const char *title);
/* A page whose content is kept in the memo (memo.h) under key: render_kept
 * answers with the kept content (200) and returns 1 (-1 on error), or
 * returns 0 when there is none; the handler then builds v and calls
 * render_keep, which is render keeping the content under key. */
int render_kept(
    struct req *r, struct tvars *v, const char *title, const char *key);
int render_keep(struct req *r, int status, const char *tmpl, struct tvars *v,
    const char *title, const char *key);
/* 303 See Other to a local path (anything else becomes "/"). Returns 0. */
int redirect(struct req *r, const char *location);
/* Error pages; each returns 0. deny() also writes an audit row. */
int deny(struct req *r, const char *why);
int not_found(struct req *r);
int bad_request(struct req *r, int status, const char *message);
/* Adds "err_<field>" = message to v and counts it in "errors". */
void field_error(struct tvars *v, const char *field, const char *message);
/* Appends a Set-Cookie header (HttpOnly; SameSite=Lax; Path=/; Secure on
 * HTTPS). max_age < 0 means a session cookie, 0 deletes. */
void set_cookie(
    struct req *r, const char *name, const char *value, long max_age);
/* Writes an audit row for the current user and address. 0 or -1. */
int audit(
    struct req *r, const char *action, const char *object, const char *details);

/* Formatting shortcuts into the arena. */
const char *req_money(struct req *r, int64_t cents);
const char *req_datetime(struct req *r, int64_t unix_utc);
const char *req_date(struct req *r, int64_t unix_utc);

/* The templates, loaded once per process by app_main (or by a test). */
int app_load_templates(const char *dir);

#endif
