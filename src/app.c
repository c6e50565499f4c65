/* app.c: the request lifecycle (see app.h). */
#include <fcgiapp.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paikka/app.h"
#include "paikka/audit.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/fcgi_out.h"
#include "paikka/html.h"
#include "paikka/memo.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

static struct tmpl_set *templates;

/* Where the body comes from: the FastCGI stream, stdin, or memory. */
struct body_src {
	size_t (*read)(void *ctx, char *dst, size_t n);
	void *ctx;
};

static size_t max_body(void)
{
	const char *s = getenv("PAIKKA_MAX_BODY");
	long long v = s ? atoll(s) : 0;
	return v > 0 ? (size_t)v : 12u * 1024 * 1024;
}

static const char *env_get(char **env, const char *name)
{
	size_t n = strlen(name);
	for (; env && *env; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

static const char *env_or(char **env, const char *name, const char *dflt)
{
	const char *v = env_get(env, name);
	return v ? v : dflt;
}

int app_load_templates(const char *dir)
{
	char err[512];
	struct tmpl_set *s = tmpl_load_dir(dir, err, sizeof(err));
	if (s == NULL) {
		fprintf(stderr, "paikka: templates: %s\n", err);
		return -1;
	}
	if (templates)
		tmpl_set_free(templates);
	templates = s;
	return 0;
}

/* --- routing ----------------------------------------------------------- */

/* Matches path against pattern; fills params for :id segments. */
static int route_match(
    const char *pattern, const char *path, int64_t params[REQ_MAX_PARAMS])
{
	int np = 0;
	while (*pattern && *path) {
		if (*pattern == ':') {
			while (*pattern && *pattern != '/')
				pattern++;
			int64_t v = 0;
			int digits = 0;
			while (*path >= '0' && *path <= '9' && digits < 18) {
				v = v * 10 + (*path++ - '0');
				digits++;
			}
			if (digits == 0 || (*path && *path != '/') ||
			    np == REQ_MAX_PARAMS)
				return 0;
			params[np++] = v;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

/* The route for method and path; *path_known tells whether any route has
 * this path (for 405 versus 404). */
static const struct route *route_find(const struct app *app, const char *method,
    const char *path, int64_t params[REQ_MAX_PARAMS], int *path_known,
    struct buf *allow)
{
	const struct route *found = NULL;
	*path_known = 0;
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct route *rt = &app->routes[i];
		int64_t p[REQ_MAX_PARAMS] = {0};
		if (!route_match(rt->pattern, path, p))
			continue;
		*path_known = 1;
		if (allow->len)
			buf_puts(allow, ", ");
		buf_puts(allow,
		    strcmp(rt->method, "GET") == 0 ? "GET, HEAD" : rt->method);
		if (found == NULL && strcmp(rt->method, method) == 0) {
			found = rt;
			memcpy(params, p, sizeof(p));
		}
	}
	return found;
}

/* --- roles ------------------------------------------------------------- */

static const struct {
	unsigned role;
	const char *name;
	const char *label;
} roles[] = {
    {ROLE_ADMIN, "admin", N_("Administrator")},
    {ROLE_OFFICER, "officer", N_("Procurement officer")},
    {ROLE_CASEWORKER, "caseworker", N_("Caseworker")},
    {ROLE_FINANCE, "finance", N_("Finance")},
    {ROLE_PROVIDER, "provider", N_("Service provider")},
};

unsigned role_from_name(const char *s)
{
	for (size_t i = 0; s && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, s) == 0)
			return roles[i].role;
	return 0;
}

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == role)
			return roles[i].name;
	return "anonymous";
}

const char *role_label(unsigned role)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == role)
			return _(roles[i].label);
	return _("Visitor");
}

/* --- small helpers ----------------------------------------------------- */

const char *req_form(struct req *r, const char *name)
{
	return http_form_get(&r->form, name);
}

const char *req_query(struct req *r, const char *name)
{
	return http_form_get(&r->query, name);
}

const char *req_form_trim(struct req *r, const char *name)
{
	const char *s = req_form(r, name);
	if (s == NULL)
		return "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	                s[n - 1] == '\n'))
		n--;
	return arena_strndup(r->a, s, n);
}

const char *req_money(struct req *r, int64_t cents)
{
	char s[64];
	return arena_strdup(r->a, fmt_money(s, sizeof(s), cents, r->lang));
}

const char *req_datetime(struct req *r, int64_t t)
{
	char s[64];
	return arena_strdup(r->a, fmt_datetime(s, sizeof(s), t));
}

const char *req_date(struct req *r, int64_t t)
{
	char s[64];
	return arena_strdup(r->a, fmt_date(s, sizeof(s), t));
}

void field_error(struct tvars *v, const char *field, const char *message)
{
	char key[160];
	snprintf(key, sizeof(key), "err_%s", field);
	tv_set(v, key, message);
	const char *n = tv_get(v, "errors");
	tv_setf(v, "errors", "%d", (n ? atoi(n) : 0) + 1);
}

void set_cookie(
    struct req *r, const char *name, const char *value, long max_age)
{
	buf_printf(&r->headers,
	    "Set-Cookie: %s=%s; Path=/; HttpOnly; "
	    "SameSite=Lax%s",
	    name, value, r->https ? "; Secure" : "");
	if (max_age >= 0)
		buf_printf(&r->headers, "; Max-Age=%ld", max_age);
	buf_puts(&r->headers, "\r\n");
}

int audit(
    struct req *r, const char *action, const char *object, const char *details)
{
	struct audit_entry e = {
	    .actor_id = r->user ? r->user->id : 0,
	    .actor = r->user ? r->user->username : "-",
	    .ip = r->remote_addr,
	    .action = action,
	    .object = object,
	    .details = details,
	};
	int rc = audit_append(r->db, r->now, &e);
	if (rc)
		fprintf(stderr, "paikka: %s: audit append failed\n", r->id);
	return rc;
}

/* --- pages ------------------------------------------------------------- */

struct nav_item {
	const char *href;
	const char *label;
	unsigned roles;
};

static const struct nav_item nav[] = {
    {"/", N_("Home"), ROLE_ALL},
    {"/tenders", N_("Tenders"),
        ROLE_ANON | ROLE_ADMIN | ROLE_OFFICER | ROLE_PROVIDER},
    {"/contracts", N_("Contracts"), ROLE_USER},
    {"/places", N_("Places"),
        ROLE_ADMIN | ROLE_OFFICER | ROLE_CASEWORKER | ROLE_PROVIDER},
    {"/placements", N_("Placements"),
        ROLE_ADMIN | ROLE_CASEWORKER | ROLE_PROVIDER},
    {"/invoices", N_("Invoices"), ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER},
    {"/reports", N_("Reports"),
        ROLE_ADMIN | ROLE_OFFICER | ROLE_FINANCE | ROLE_CASEWORKER |
            ROLE_PROVIDER},
    {"/admin", N_("Administration"), ROLE_ADMIN},
    {"/register", N_("Register as a provider"), ROLE_ANON},
};

/* Messages a redirect can ask the next page to show (?msg=code), so PRG
 * needs no server-side flash state. */
static const struct {
	const char *code;
	const char *text;
} flash[] = {
    {"saved", N_("Changes saved.")},
    {"loggedout", N_("You have logged out.")},
    {"password", N_("Your password has been changed.")},
    {"registered", N_("Thank you. Your registration has been received and "
                      "waits for approval by an administrator.")},
    {"feedback", N_("Thank you for your feedback.")},
    {"created", N_("Created.")},
    {"approved", N_("Approved.")},
    {"expired", N_("Your session has ended. Please log in again.")},
    {"published", N_("The tender has been published.")},
    {"amended", N_("The amendment has been published.")},
    {"answered", N_("The answer has been published.")},
    {"cancelled", N_("The tender has been cancelled.")},
};

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void nav_vars(struct req *r, struct tvars *v, unsigned role)
{
	struct tlist *l = tv_list(v, "nav");
	for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		if (!(nav[i].roles & role))
			continue;
		struct tvars *it = tl_add(l);
		tv_set(it, "href", nav[i].href);
		tv_set(it, "label", _(nav[i].label));
		int cur = strcmp(nav[i].href, "/") == 0
		              ? strcmp(r->path, "/") == 0
		              : starts_with(r->path, nav[i].href);
		tv_set(it, "current", cur ? "page" : "false");
	}
}

const char *req_nonce(struct req *r)
{
	char nonce[33];
	auth_random_hex(nonce, 16);
	return arena_strdup(r->a, nonce);
}

struct tvars *page_vars(struct req *r)
{
	struct tvars *v = tv_new(r->a);
	unsigned role = r->user ? r->user->role : ROLE_ANON;
	tv_set(v, "lang", lang_code(r->lang));
	tv_bool(v, "lang_fi", r->lang == LANG_FI);
	tv_bool(v, "lang_sv", r->lang == LANG_SV);
	tv_bool(v, "lang_en", r->lang == LANG_EN);
	/* aria-pressed values: a block inside a tag is not allowed. */
	tv_set(v, "lang_fi_pressed", r->lang == LANG_FI ? "true" : "false");
	tv_set(v, "lang_sv_pressed", r->lang == LANG_SV ? "true" : "false");
	tv_set(v, "lang_en_pressed", r->lang == LANG_EN ? "true" : "false");
	tv_set(v, "path", r->path);
	tv_set(v, "csrf", r->csrf ? r->csrf : "");
	/* One nonce per form: a page with two forms uses nonce and nonce2;
	 * lists of forms give each item its own (req_nonce). */
	tv_set(v, "nonce", req_nonce(r));
	tv_set(v, "nonce2", req_nonce(r));
	tv_bool(v, "logged_in", r->user != NULL);
	if (r->user) {
		tv_set(v, "user_name", r->user->name);
		tv_set(v, "user_username", r->user->username);
		tv_set(v, "user_role", role_label(r->user->role));
		tv_set(v, "user_org", r->user->org_name);
		tv_bool(v, "is_admin", role == ROLE_ADMIN);
		tv_bool(v, "is_officer", role == ROLE_OFFICER);
		tv_bool(v, "is_caseworker", role == ROLE_CASEWORKER);
		tv_bool(v, "is_finance", role == ROLE_FINANCE);
		tv_bool(v, "is_provider", role == ROLE_PROVIDER);
	}
	nav_vars(r, v, role);
	const char *msg = req_query(r, "msg");
	for (size_t i = 0; msg && i < sizeof(flash) / sizeof(flash[0]); i++)
		if (strcmp(flash[i].code, msg) == 0)
			tv_set(v, "flash", _(flash[i].text));
	return v;
}

const char *render_part(
    struct req *r, const char *tmpl, struct tvars *v, const char *key)
{
	struct buf b;
	buf_init(&b);
	if (tmpl_render(templates, tmpl, v, &b) != 0) {
		fprintf(stderr, "paikka: %s: cannot render %s\n", r->id, tmpl);
		buf_free(&b);
		return NULL;
	}
	const char *s = b.data ? b.data : "";
	if (key != NULL)
		memo_put(r->db, key, s, b.len);
	s = arena_strdup(r->a, s);
	buf_free(&b);
	return s;
}

int render_content(struct req *r, int status, const char *content,
    struct tvars *v, const char *title)
{
	r->status = status;
	tv_set(v, "title", title);
	tv_set(v, "content", content);
	buf_reset(&r->body);
	if (tmpl_render(templates, "layout", v, &r->body) != 0)
		return -1;
	return 0;
}

int render_keep(struct req *r, int status, const char *tmpl, struct tvars *v,
    const char *title, const char *key)
{
	tv_set(v, "title", title);
	const char *content = render_part(r, tmpl, v, key);
	if (content == NULL)
		return -1;
	return render_content(r, status, content, v, title);
}

int render(struct req *r, int status, const char *tmpl, struct tvars *v,
    const char *title)
{
	return render_keep(r, status, tmpl, v, title, NULL);
}

int render_kept(
    struct req *r, struct tvars *v, const char *title, const char *key)
{
	const char *content = memo_get(r->db, key);
	if (content == NULL)
		return 0;
	return render_content(r, 200, content, v, title) == 0 ? 1 : -1;
}

int redirect(struct req *r, const char *location)
{
	/* Only local paths: a "next" parameter must not send users away. */
	if (location == NULL || location[0] != '/' || location[1] == '/' ||
	    location[1] == '\\' || strpbrk(location, "\r\n") != NULL)
		location = "/";
	r->status = 303;
	r->location = arena_strdup(r->a, location);
	buf_reset(&r->body);
	return 0;
}

static int error_page(
    struct req *r, int status, const char *title, const char *message)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "message", message);
	tv_setf(v, "status", "%d", status);
	if (status >= 500)
		tv_set(v, "request_id", r->id);
	if (render(r, status, "error", v, title) != 0) {
		/* The templates themselves failed: plain text still works. */
		r->status = status;
		r->content_type = "text/plain; charset=utf-8";
		buf_reset(&r->body);
		buf_printf(&r->body, "%d %s\n%s\n", status, title, message);
	}
	return 0;
}

int deny(struct req *r, const char *why)
{
	audit(r, "access.denied", r->path, why);
	return error_page(r, 403, _("Access denied"),
	    _("You do not have permission to do this. The attempt has been "
	      "recorded."));
}

int req_page(struct req *r, long *page)
{
	const char *s = req_query(r, "page");
	int64_t n = 1;
	if (s && (*s < '1' || *s > '9' || !valid_int(s, 1, 100000, &n)))
		return 1;
	*page = (long)n;
	return 0;
}

void pager_vars(struct tvars *v, long page, int more)
{
	tv_bool(v, "paged", page > 1 || more);
	if (page > 1)
		tv_setf(v, "prev_page", "%ld", page - 1);
	if (more)
		tv_setf(v, "next_page", "%ld", page + 1);
}

int not_found(struct req *r)
{
	return error_page(r, 404, _("Page not found"),
	    _("There is no page at this address. Check the address or start "
	      "again from the home page."));
}

int bad_request(struct req *r, int status, const char *message)
{
	const char *title = status == 413   ? _("Request too large")
	                    : status == 429 ? _("Too many attempts")
	                                    : _("Bad request");
	return error_page(r, status, title, message);
}

static int method_not_allowed(struct req *r, const char *allow)
{
	buf_printf(&r->headers, "Allow: %s\r\n", allow);
	return error_page(r, 405, _("Method not allowed"),
	    _("This page cannot be used that way."));
}

static int internal_error(struct req *r)
{
	return error_page(r, 500, _("Something went wrong"),
	    _("The service could not complete your request. Nothing was "
	      "saved. If this happens again, tell the support the request "
	      "id below."));
}

/* --- the lifecycle ----------------------------------------------------- */

static const char SQL_USER[] =
    "SELECT u.id, u.username, u.name, u.role, coalesce(u.org_id, 0), "
    "coalesce(o.name, ''), coalesce(o.status, '') FROM users u "
    "LEFT JOIN organisations o ON o.id = u.org_id "
    "WHERE u.id = ? AND u.disabled = 0";

/* Loads the user of the session cookie, if any; 0 or -1. */
static int load_session(struct req *r)
{
	const char *token = http_form_get(&r->cookies, "pk_session");
	if (token == NULL)
		return 0;
	struct auth_session s;
	int rc = auth_session_load(r->db, token, r->now, &s);
	if (rc <= 0)
		return rc;
	sqlite3_stmt *st = db_stmt(r->db, SQL_USER);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, s.user_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct user *u = arena_alloc(r->a, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->username = arena_strdup(r->a, db_col_text(st, 1));
		u->name = arena_strdup(r->a, db_col_text(st, 2));
		u->role = role_from_name(db_col_text(st, 3));
		u->org_id = sqlite3_column_int64(st, 4);
		u->org_name = arena_strdup(r->a, db_col_text(st, 5));
		u->org_status = arena_strdup(r->a, db_col_text(st, 6));
		if (u->role) {
			r->user = u;
			r->session_id = s.id;
			r->csrf = arena_strdup(r->a, s.csrf);
		}
	}
	sqlite3_reset(st);
	return 0;
}

/* Anonymous forms are protected by a double-submit token: a random
 * cookie that the form must repeat. */
static void anon_csrf(struct req *r)
{
	const char *c = http_form_get(&r->cookies, "pk_csrf");
	if (c && strlen(c) == 32 && strspn(c, "0123456789abcdef") == 32) {
		r->csrf = c;
		return;
	}
	if (strcmp(r->method, "GET") != 0)
		return;
	char token[33];
	auth_random_hex(token, 16);
	r->csrf = arena_strdup(r->a, token);
	set_cookie(r, "pk_csrf", token, -1);
}

/* 1 when the request comes from a page of this site: Origin names this
 * host, or (older browsers) Sec-Fetch-Site says same-origin. Debian's
 * fastcgi_params passes HTTP_HOST without the port, so the port comes
 * from SERVER_PORT; an Origin leaves out the scheme's default port. */
static int same_origin(struct req *r, char **env)
{
	const char *origin = env_get(env, "HTTP_ORIGIN");
	const char *host = env_get(env, "HTTP_HOST");
	if (origin && host) {
		const char *scheme = r->https ? "https://" : "http://";
		const char *port = env_or(env, "SERVER_PORT", "");
		const char *dflt = r->https ? "443" : "80";
		if (!starts_with(origin, scheme))
			return 0;
		origin += strlen(scheme);
		if (strcmp(origin, host) == 0)
			return strchr(host, ':') != NULL || !*port ||
			       strcmp(port, dflt) == 0;
		size_t n = strlen(host);
		return strncmp(origin, host, n) == 0 && origin[n] == ':' &&
		       strcmp(origin + n + 1, port) == 0;
	}
	const char *site = env_get(env, "HTTP_SEC_FETCH_SITE");
	if (site)
		return strcmp(site, "same-origin") == 0 ||
		       strcmp(site, "none") == 0;
	return 0;
}

/* Reads and parses the body; 0, or an HTTP status for the error page. */
static int read_body(
    struct req *r, char **env, struct body_src *src, const char **message)
{
	const char *cl = env_get(env, "CONTENT_LENGTH");
	const char *ct = env_or(env, "CONTENT_TYPE", "");
	*message = _("The form could not be read.");
	long long len = 0;
	if (cl && *cl) {
		/* Digits only: "12abc" or "-1" is a broken request. */
		if (strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 15)
			return 400;
		len = atoll(cl);
	}
	if ((size_t)len > max_body()) {
		*message = _("The request is larger than this service accepts. "
		             "Files may be at most 10 MB.");
		return 413;
	}
	char *body = arena_alloc(r->a, (size_t)len + 1);
	size_t got = 0;
	while (got < (size_t)len) {
		size_t n = src->read(src->ctx, body + got, (size_t)len - got);
		if (n == 0)
			break;
		got += n;
	}
	if (got != (size_t)len)
		return 400;
	enum http_err e;
	if (starts_with(ct, "application/x-www-form-urlencoded"))
		e = http_parse_urlencoded(
		    r->a, body, got, &http_default_limits, &r->form);
	else if (starts_with(ct, "multipart/form-data") &&
	         (r->route->flags & RF_UPLOAD))
		e = http_parse_multipart(
		    r->a, ct, body, got, &http_default_limits, &r->form);
	else
		return len == 0 ? 0 : 415;
	if (e == HTTP_OK)
		return 0;
	if (e == HTTP_EUTF8)
		*message = _("The form contained text that is not valid "
		             "UTF-8.");
	else if (e == HTTP_ETOOMANY || e == HTTP_ETOOLONG)
		*message = _("The form has too many fields or a field is too "
		             "long.");
	return http_err_status(e);
}

static const char SQL_NONCE_GET[] =
    "SELECT location, user_id FROM form_nonces WHERE nonce = ?";
static const char SQL_NONCE_PUT[] =
    "INSERT INTO form_nonces(nonce, user_id, created_at, location) "
    "VALUES (?,?,?,?)";

/* 1 when this form was processed already (then redirects to where the
 * first submission went), 0 when it is new, -1 on error. */
static int nonce_seen(struct req *r, const char *nonce)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_NONCE_GET);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, nonce);
	int rc = sqlite3_step(st);
	int64_t uid = r->user ? r->user->id : 0;
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 1) == uid)
		redirect(r, db_col_text(st, 0));
	else if (rc == SQLITE_ROW)
		bad_request(r, 400,
		    _("This form has been used already. Reload the page and "
		      "try again."));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int nonce_store(struct req *r, const char *nonce)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_NONCE_PUT);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, nonce);
	db_bind_int(st, 2, r->user ? r->user->id : 0);
	db_bind_int(st, 3, r->now);
	db_bind_text(st, 4, r->location);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int valid_nonce(const char *s)
{
	return s && strlen(s) == 32 && strspn(s, "0123456789abcdef") == 32;
}

/* Runs a POST handler inside one transaction with its nonce. */
static int run_post(struct req *r)
{
	const char *nonce = req_form(r, "nonce");
	if (r->route->flags & RF_NO_NONCE)
		return r->route->fn(r);
	if (!valid_nonce(nonce))
		return bad_request(r, 400,
		    _("The form is missing its one-time code. Reload the page "
		      "and try again."));
	if (db_begin(r->db))
		return -1;
	int seen = nonce_seen(r, nonce);
	if (seen != 0) {
		db_rollback(r->db);
		return seen < 0 ? -1 : 0;
	}
	int rc = r->route->fn(r);
	if (rc == 0 && !r->rollback && r->status == 303)
		rc = nonce_store(r, nonce);
	if (rc == 0 && !r->rollback) {
		if (db_commit(r->db))
			rc = -1;
	}
	if (rc != 0 || r->rollback)
		db_rollback(r->db);
	return rc;
}

/* Everything between routing and the handler; returns the handler's
 * result. */
static int dispatch(
    const struct app *app, struct req *r, char **env, struct body_src *src)
{
	int64_t params[REQ_MAX_PARAMS] = {0};
	int known = 0;
	struct buf allow;
	buf_init(&allow);
	r->route = route_find(app, r->method, r->path, params, &known, &allow);
	if (r->route == NULL) {
		int rc =
		    known ? method_not_allowed(r, allow.data) : not_found(r);
		buf_free(&allow);
		return rc;
	}
	buf_free(&allow);
	memcpy(r->params, params, sizeof(params));
	unsigned role = r->user ? r->user->role : ROLE_ANON;
	if (!(r->route->roles & role)) {
		if (r->user == NULL) {
			struct buf b;
			buf_init(&b);
			buf_puts(&b, "/login?next=");
			url_arg(&b, r->path);
			redirect(r, b.data);
			buf_free(&b);
			return 0;
		}
		return deny(r, "role");
	}
	if (strcmp(r->method, "POST") != 0)
		return r->route->fn(r);
	const char *message;
	int status = read_body(r, env, src, &message);
	if (status)
		return bad_request(r, status, message);
	const char *token = req_form(r, "csrf");
	if (!same_origin(r, env) || r->csrf == NULL || token == NULL ||
	    !auth_equal(token, r->csrf)) {
		audit(r, "csrf.fail", r->path, "");
		return error_page(r, 403, _("Access denied"),
		    _("The form had expired or did not come from this "
		      "service. Go back, reload the page and try again."));
	}
	return run_post(r);
}

static void security_headers(struct req *r, struct buf *out)
{
	buf_puts(out,
	    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
	    "style-src 'self'; img-src 'self' data:; object-src 'none'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n");
	buf_puts(out, r->user ? "Cache-Control: no-store\r\n"
	                      : "Cache-Control: no-cache\r\n");
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 303:
		return "See Other";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	default:
		return "Status";
	}
}

static void write_response(struct req *r, struct buf *out)
{
	if (r->status == 0)
		r->status = 200;
	buf_printf(out, "Status: %d %s\r\n", r->status, reason(r->status));
	if (r->location)
		buf_printf(out, "Location: %s\r\n", r->location);
	buf_printf(out, "Content-Type: %s\r\n",
	    r->content_type ? r->content_type : "text/html; charset=utf-8");
	buf_printf(out, "Content-Length: %zu\r\n", r->body.len);
	buf_printf(out, "Content-Language: %s\r\n", lang_code(r->lang));
	buf_printf(out, "X-Request-Id: %s\r\n", r->id);
	security_headers(r, out);
	if (r->headers.len)
		buf_add(out, r->headers.data, r->headers.len);
	buf_puts(out, "\r\n");
	if (!r->head && r->body.len)
		buf_add(out, r->body.data, r->body.len);
}

/* Method, path and language: what even an error page needs. Returns 0,
 * or a status when the request line itself is unusable. */
static int request_line(struct req *r, char **env)
{
	const char *method = env_or(env, "REQUEST_METHOD", "GET");
	r->head = strcmp(method, "HEAD") == 0;
	r->method = r->head ? "GET" : method;
	const char *uri = env_get(env, "DOCUMENT_URI");
	if (uri == NULL)
		uri = env_or(env, "PATH_INFO", "/");
	r->path = uri;
	r->remote_addr = env_or(env, "REMOTE_ADDR", "");
	r->https = strcmp(env_or(env, "HTTPS", ""), "on") == 0;
	enum http_err e = http_parse_cookies(r->a,
	    env_or(env, "HTTP_COOKIE", ""), &http_default_limits, &r->cookies);
	if (e != HTTP_OK)
		memset(&r->cookies, 0, sizeof(r->cookies));
	r->lang = lang_pick(http_form_get(&r->cookies, "pk_lang"),
	    env_get(env, "HTTP_ACCEPT_LANGUAGE"));
	i18n_use(r->lang);
	if (r->path[0] != '/' || strlen(r->path) > 2048 ||
	    !utf8_valid(r->path, strlen(r->path)))
		return 400;
	const char *qs = env_or(env, "QUERY_STRING", "");
	e = http_parse_urlencoded(
	    r->a, qs, strlen(qs), &http_default_limits, &r->query);
	return e == HTTP_OK ? 0 : http_err_status(e);
}

static void handle(const struct app *app, sqlite3 *db, char **env,
    struct body_src *src, struct buf *out)
{
	static struct arena *a;
	if (a == NULL)
		a = arena_new();
	struct req r;
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.db = db;
	r.now = db_clock(db);
	auth_random_hex(r.id, 8);
	buf_init(&r.headers);
	buf_init(&r.body);
	int rc = 0;
	int status = request_line(&r, env);
	if (status) {
		rc = bad_request(&r, status,
		    _("The address or its parameters could not be read."));
	} else if (load_session(&r) != 0) {
		rc = -1;
	} else {
		if (r.user == NULL)
			anon_csrf(&r);
		rc = dispatch(app, &r, env, src);
	}
	if (rc != 0) {
		/* SQLite's last message, before the rollback replaces it. */
		const char *why = sqlite3_errcode(db) != SQLITE_OK
		                      ? arena_strdup(a, sqlite3_errmsg(db))
		                      : "";
		db_rollback(db);
		fprintf(stderr, "paikka[%s]: %s: internal error on %s %s%s%s\n",
		    app->name, r.id, r.method ? r.method : "?",
		    r.path ? r.path : "?", *why ? ": " : "", why);
		buf_reset(&r.headers);
		r.location = NULL;
		internal_error(&r);
	}
	write_response(&r, out);
	buf_free(&r.headers);
	buf_free(&r.body);
	arena_reset(a);
}

static size_t mem_read(void *ctx, char *dst, size_t n)
{
	struct {
		const char *p;
		size_t left;
	} *m = ctx;
	if (n > m->left)
		n = m->left;
	memcpy(dst, m->p, n);
	m->p += n;
	m->left -= n;
	return n;
}

void app_handle(const struct app *app, sqlite3 *db, char **env,
    const char *body, size_t body_len, struct buf *out)
{
	struct {
		const char *p;
		size_t left;
	} m = {body, body_len};
	struct body_src src = {mem_read, &m};
	handle(app, db, env, &src, out);
}

static size_t fcgi_read(void *ctx, char *dst, size_t n)
{
	int chunk = n > 1 << 20 ? 1 << 20 : (int)n;
	int got = FCGX_GetStr(dst, chunk, ctx);
	return got > 0 ? (size_t)got : 0;
}

static size_t stdin_read(void *ctx, char *dst, size_t n)
{
	(void)ctx;
	return fread(dst, 1, n, stdin);
}

static void print_routes(const struct app *app)
{
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct route *rt = &app->routes[i];
		printf("%s %s", rt->method, rt->pattern);
		for (unsigned bit = ROLE_ANON; bit <= ROLE_PROVIDER; bit <<= 1)
			if (rt->roles & bit)
				printf(" %s", role_name(bit));
		printf("\n");
	}
}

/* Resident memory in pages, from /proc/self/statm (0 when unknown). */
static long resident_pages(int statm)
{
	char s[128];
	ssize_t n = statm < 0 ? -1 : pread(statm, s, sizeof(s) - 1, 0);
	if (n <= 0)
		return 0;
	s[n] = '\0';
	const char *p = strchr(s, ' ');
	return p ? atol(p + 1) : 0;
}

/* A big page (the month grid of 500 placements is 1-3 MB of HTML built
 * from 30 MB of template values) leaves its memory in malloc's free
 * lists, and the worker would stay that big. So after every big
 * response, and every 32nd request, a look at the resident size (a
 * microsecond): above RESIDENT_MAX the output buffer goes and malloc
 * gives its free pages back (malloc_trim, a millisecond). Pages that
 * need less than that keep their memory for the next request. */
static void stay_small(int statm, struct buf *out)
{
	enum { RESIDENT_MAX = 16 << 20 };
	static unsigned n;
	if (out->len < 65536 && ++n % 32 != 0)
		return;
	if (resident_pages(statm) * sysconf(_SC_PAGESIZE) <= RESIDENT_MAX)
		return;
	if (out->cap > 1u << 20)
		buf_free(out);
	malloc_trim(0);
}

int app_main(int argc, char **argv, const struct app *app)
{
	if (argc > 1 && strcmp(argv[1], "--routes") == 0) {
		print_routes(app);
		return 0;
	}
	extern char **environ;
	signal(SIGPIPE, SIG_IGN);
	if (auth_init() != 0)
		return 1;
	i18n_init(env_or(environ, "PAIKKA_LOCALEDIR", "build/locale"));
	if (app_load_templates(
	        env_or(environ, "PAIKKA_TEMPLATES", "templates")) != 0)
		return 1;
	sqlite3 *db = db_open(env_or(environ, "PAIKKA_DB", "var/paikka.db"));
	if (db == NULL)
		return 1;
	struct buf out;
	buf_init(&out);
	if (FCGX_IsCGI()) {
		struct body_src src = {stdin_read, NULL};
		handle(app, db, environ, &src, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
		db_close(db);
		return 0;
	}
	FCGX_Request rq;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&rq, 0, 0) != 0)
		return 1;
	int quick = fcgi_quick_close_ok(0);
	int statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	while (FCGX_Accept_r(&rq) >= 0) {
		struct body_src src = {fcgi_read, rq.in};
		buf_reset(&out);
		db_snapshot_begin(db);
		handle(app, db, rq.envp, &src, &out);
		db_snapshot_end(db);
		fcgi_finish(&rq, out.data, out.len, quick);
		stay_small(statm, &out);
	}
	if (statm >= 0)
		close(statm);
	buf_free(&out);
	db_close(db);
	return 0;
}
