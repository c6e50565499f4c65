/* login.c: logging in and out, and changing one's own password. */
#include <stdlib.h>
#include <string.h>

#include "home.h"
#include "paikka/account.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* Who: everyone; a logged-in user is sent to the front page. */
int login_page(struct req *r)
{
	if (r->user)
		return redirect(r, "/");
	struct tvars *v = page_vars(r);
	const char *next = req_query(r, "next");
	tv_set(v, "next", next && next[0] == '/' ? next : "/");
	return render(r, 200, "login", v, _("Log in"));
}

/* A hash to check against when the user does not exist, so that the
 * answer takes as long as for a real user. */
static const char *dummy_hash(void)
{
	static char hash[AUTH_HASH_LEN];
	if (hash[0] == '\0') {
		const char pw[] = "not-a-real-password-at-all";
		if (auth_hash_password(pw, sizeof(pw) - 1, hash) != 0)
			return NULL;
	}
	return hash;
}

static int login_failed(struct req *r, struct tvars *v, const char *user)
{
	if (db_begin(r->db) ||
	    auth_record_attempt(r->db, user, r->remote_addr, r->now, 0) ||
	    audit(
	        r, "login.fail", arena_printf(r->a, "username:%s", user), "") ||
	    db_commit(r->db))
		return -1;
	field_error(v, "password", _("Wrong username or password."));
	return render(r, 422, "login", v, _("Log in"));
}

static int login_ok(
    struct req *r, int64_t user_id, const char *user, const char *next)
{
	char token[AUTH_TOKEN_HEX];
	struct auth_session s;
	if (db_begin(r->db))
		return -1;
	/* A fresh token at every login: no session fixation. */
	if (r->session_id && auth_session_delete(r->db, r->session_id))
		goto fail;
	if (auth_record_attempt(r->db, user, r->remote_addr, r->now, 1) ||
	    auth_session_create(
	        r->db, user_id, r->remote_addr, r->now, token, &s))
		goto fail;
	struct user u = {.id = user_id, .username = user};
	r->user = &u;
	int rc = audit(r, "login",
	    arena_printf(r->a, "user:%lld", (long long)user_id), "");
	r->user = NULL;
	if (rc || db_commit(r->db))
		goto fail;
	set_cookie(r, "pk_session", token, -1);
	return redirect(r, next);
fail:
	db_rollback(r->db);
	return -1;
}

/* Who: everyone. Throttled per account and per address. */
int login_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *user = req_form_trim(r, "username");
	const struct http_field *pw = http_form_field(&r->form, "password");
	const char *next = req_form(r, "next");
	if (next == NULL || next[0] != '/')
		next = "/";
	tv_set(v, "f_username", user);
	tv_set(v, "next", next);
	if (!valid_line(user, strlen(user), 1, 64))
		field_error(v, "username", _("Write your username."));
	if (pw == NULL || pw->len == 0)
		field_error(v, "password", _("Write your password."));
	if (tv_get(v, "errors"))
		return render(r, 422, "login", v, _("Log in"));
	int64_t wait = 0;
	int t = auth_throttled(r->db, user, r->remote_addr, r->now, &wait);
	if (t < 0)
		return -1;
	if (t) {
		tv_setf(v, "throttled",
		    _("Too many failed attempts. Try again "
		      "in %lld minutes."),
		    (long long)(wait + 59) / 60);
		return render(r, 429, "login", v, _("Log in"));
	}
	int64_t id = 0;
	char *hash = NULL;
	int found = user_login_lookup(r->db, user, &id, &hash);
	if (found < 0)
		return -1;
	const char *check = found ? hash : dummy_hash();
	int ok = check && auth_check_password(check, pw->value, pw->len);
	free(hash);
	if (!found || !ok)
		return login_failed(r, v, user);
	return login_ok(r, id, user, next);
}

/* Who: everyone (logging out without a session just clears cookies). */
int logout_post(struct req *r)
{
	if (r->session_id) {
		if (db_begin(r->db) ||
		    auth_session_delete(r->db, r->session_id) ||
		    audit(r, "logout",
		        arena_printf(r->a, "user:%lld", (long long)r->user->id),
		        "") ||
		    db_commit(r->db)) {
			db_rollback(r->db);
			return -1;
		}
	}
	set_cookie(r, "pk_session", "", 0);
	return redirect(r, "/?msg=loggedout");
}

int password_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	return render(r, 200, "password", v, _("Change password"));
}

static const char SQL_HASH[] = "SELECT password_hash FROM users WHERE id = ?";

/* 1 when pw is the user's current password. */
static int current_password_ok(struct req *r, const struct http_field *pw)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_HASH);
	if (st == NULL || pw == NULL)
		return 0;
	db_bind_int(st, 1, r->user->id);
	int ok = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok =
		    auth_check_password(db_col_text(st, 0), pw->value, pw->len);
	sqlite3_reset(st);
	return ok;
}

/* Who: any logged-in user, for their own account. Ends the user's other
 * sessions and starts a new one here. */
int password_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const struct http_field *cur = http_form_field(&r->form, "current");
	const struct http_field *pw = http_form_field(&r->form, "password");
	const struct http_field *pw2 = http_form_field(&r->form, "password2");
	if (!current_password_ok(r, cur))
		field_error(v, "current",
		    _("This is not your current "
		      "password."));
	if (pw == NULL || !valid_password(pw->value, pw->len))
		field_error(v, "password",
		    _("The password must be 12 to 128 characters long."));
	else if (pw2 == NULL || pw2->len != pw->len ||
	         memcmp(pw2->value, pw->value, pw->len) != 0)
		field_error(v, "password2", _("The passwords do not match."));
	if (tv_get(v, "errors"))
		return render(r, 422, "password", v, _("Change password"));
	if (user_set_password(r->db, r->user->id, pw->value, pw->len, r->now) !=
	    ACCOUNT_OK)
		return -1;
	char token[AUTH_TOKEN_HEX];
	struct auth_session s;
	if (auth_session_create(
	        r->db, r->user->id, r->remote_addr, r->now, token, &s))
		return -1;
	if (audit(r, "password.change",
	        arena_printf(r->a, "user:%lld", (long long)r->user->id), ""))
		return -1;
	set_cookie(r, "pk_session", token, -1);
	return redirect(r, "/?msg=password");
}
