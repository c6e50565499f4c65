/* admin.c: the administrator's users pages. Every handler here is routed
 * for ROLE_ADMIN only (see home.c). */
#include <stdlib.h>
#include <string.h>

#include "home.h"
#include "paikka/account.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

static const char SQL_COUNTS[] =
    "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM "
    "organisations WHERE status = 'pending'), (SELECT count(*) FROM "
    "municipalities), (SELECT count(*) FROM service_types), (SELECT "
    "count(*) FROM audit_log), (SELECT count(*) FROM feedback WHERE "
    "handled = 0)";

int admin_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_COUNTS);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *keys[] = {"n_users", "n_pending",
		    "n_municipalities", "n_service_types", "n_audit",
		    "n_feedback"};
		for (int i = 0; i < 6; i++)
			tv_set(v, keys[i], db_col_text(st, i));
	}
	sqlite3_reset(st);
	return render(r, 200, "admin", v, _("Administration"));
}

static const char SQL_USERS[] =
    "SELECT u.id, u.username, u.name, u.role, coalesce(o.name, ''), "
    "u.disabled FROM users u LEFT JOIN organisations o ON o.id = u.org_id "
    "ORDER BY u.username";

int admin_users(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "users");
	sqlite3_stmt *st = db_stmt(r->db, SQL_USERS);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "username", db_col_text(st, 1));
		tv_set(it, "name", db_col_text(st, 2));
		tv_set(
		    it, "role", role_label(role_from_name(db_col_text(st, 3))));
		tv_set(it, "org", db_col_text(st, 4));
		tv_bool(it, "disabled", sqlite3_column_int(st, 5));
	}
	sqlite3_reset(st);
	return render(r, 200, "admin_users", v, _("Users"));
}

static const char SQL_ORG_OPTIONS[] =
    "SELECT id, name, kind FROM organisations ORDER BY kind, name";

/* The role and organisation drop-downs, with the current choice
 * selected. */
static int user_options(
    struct req *r, struct tvars *v, const char *role, int64_t org_id)
{
	static const char *const names[] = {
	    "admin", "officer", "caseworker", "finance", "provider"};
	struct tlist *roles = tv_list(v, "roles");
	for (int i = 0; i < 5; i++) {
		struct tvars *it = tl_add(roles);
		tv_set(it, "value", names[i]);
		tv_set(it, "label", role_label(role_from_name(names[i])));
		tv_bool(it, "selected", strcmp(names[i], role) == 0);
	}
	struct tlist *orgs = tv_list(v, "orgs");
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_OPTIONS);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(orgs);
		tv_set(it, "value", db_col_text(st, 0));
		tv_set(it, "label", db_col_text(st, 1));
		tv_bool(it, "selected", sqlite3_column_int64(st, 0) == org_id);
	}
	sqlite3_reset(st);
	return 0;
}

int admin_user_new(struct req *r)
{
	struct tvars *v = page_vars(r);
	if (user_options(r, v, "caseworker", 1))
		return -1;
	return render(r, 200, "admin_user_new", v, _("New user"));
}

static void account_error(struct tvars *v, enum account_err e)
{
	switch (e) {
	case ACCOUNT_EUSERNAME:
		field_error(v, "username",
		    _("Use 3 to 64 lowercase letters, digits, dots, dashes or "
		      "underscores."));
		break;
	case ACCOUNT_ETAKEN:
		field_error(v, "username", _("This username is taken."));
		break;
	case ACCOUNT_ENAME:
		field_error(v, "name",
		    _("Write the name (1 to 100 "
		      "characters)."));
		break;
	case ACCOUNT_EEMAIL:
		field_error(v, "email",
		    _("Write an e-mail address like name@example.fi."));
		break;
	case ACCOUNT_EROLE:
		field_error(v, "role", _("Choose a role."));
		break;
	case ACCOUNT_EORG:
		field_error(v, "org",
		    _("A provider user belongs to a provider organisation; "
		      "other roles to the buyer."));
		break;
	case ACCOUNT_EPASSWORD:
		field_error(v, "password",
		    _("The password must be 12 to 128 characters long."));
		break;
	default:
		break;
	}
}

static int64_t form_id(struct req *r, const char *name)
{
	int64_t id = 0;
	const char *s = req_form(r, name);
	return s && valid_int(s, 1, INT64_MAX, &id) ? id : 0;
}

int admin_user_create(struct req *r)
{
	struct tvars *v = page_vars(r);
	const struct http_field *pw = http_form_field(&r->form, "password");
	struct new_user u = {req_form_trim(r, "username"),
	    req_form_trim(r, "name"), req_form_trim(r, "email"),
	    req_form_trim(r, "role"), form_id(r, "org"), pw ? pw->value : "",
	    pw ? pw->len : 0};
	tv_set(v, "f_username", u.username);
	tv_set(v, "f_name", u.name);
	tv_set(v, "f_email", u.email);
	int64_t id = 0;
	enum account_err e = user_create(r->db, &u, r->now, &id);
	if (e == ACCOUNT_EDB)
		return -1;
	if (e != ACCOUNT_OK) {
		account_error(v, e);
		if (user_options(r, v, u.role, u.org_id))
			return -1;
		return render(r, 422, "admin_user_new", v, _("New user"));
	}
	char *obj = arena_printf(r->a, "user:%lld", (long long)id);
	if (audit(r, "user.create", obj,
	        arena_printf(r->a, "%s %s", u.username, u.role)))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/admin/users/%lld?msg=created", (long long)id));
}

static const char SQL_USER_GET[] =
    "SELECT username, name, email, role, coalesce(org_id, 0), disabled, "
    "created_at, coalesce(password_changed_at, 0) FROM users WHERE id = ?";

/* Fills v with user id's stored values (f_ fields unless already set);
 * 0 found, 1 not found, -1 error. */
static int load_user(struct req *r, struct tvars *v, int64_t id, int keep_form)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_USER_GET);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 1;
	}
	tv_setf(v, "id", "%lld", (long long)id);
	tv_set(v, "username", db_col_text(st, 0));
	if (!keep_form) {
		tv_set(v, "f_name", db_col_text(st, 1));
		tv_set(v, "f_email", db_col_text(st, 2));
		tv_bool(v, "f_disabled", sqlite3_column_int(st, 5));
	}
	tv_set(v, "created", req_datetime(r, sqlite3_column_int64(st, 6)));
	int64_t changed = sqlite3_column_int64(st, 7);
	tv_set(v, "password_changed", changed ? req_datetime(r, changed) : "");
	char *role = arena_strdup(r->a, db_col_text(st, 3));
	int64_t org = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	if (!keep_form && user_options(r, v, role, org))
		return -1;
	return 0;
}

int admin_user_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	int rc = load_user(r, v, r->params[0], 0);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return render(r, 200, "admin_user", v, _("User"));
}

static const char SQL_USER_UPDATE[] =
    "UPDATE users SET name = ?, email = ?, role = ?, org_id = ?, "
    "disabled = ? WHERE id = ?";
static const char SQL_ORG_KIND[] =
    "SELECT kind FROM organisations WHERE id = ?";

static const char *org_kind(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_KIND);
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, id);
	const char *kind = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		kind = arena_strdup(r->a, db_col_text(st, 0));
	sqlite3_reset(st);
	return kind;
}

/* Checks the edit form into field errors. */
static void check_user_edit(
    struct req *r, struct tvars *v, const char *role, int64_t org, int disabled)
{
	const char *name = tv_get(v, "f_name");
	const char *email = tv_get(v, "f_email");
	if (!valid_line(name, strlen(name), 1, 100))
		account_error(v, ACCOUNT_ENAME);
	if (email[0] && !valid_email(email))
		account_error(v, ACCOUNT_EEMAIL);
	unsigned rb = role_from_name(role);
	if (rb == 0)
		account_error(v, ACCOUNT_EROLE);
	const char *kind = org ? org_kind(r, org) : "";
	if (kind && (rb == ROLE_PROVIDER ? strcmp(kind, "provider") != 0
	                                 : org && strcmp(kind, "buyer") != 0))
		account_error(v, ACCOUNT_EORG);
	/* Administrators cannot lock themselves out. */
	if (r->params[0] == r->user->id && (disabled || rb != ROLE_ADMIN))
		field_error(v, "role",
		    _("You cannot remove your own administrator rights or "
		      "disable yourself."));
}

int admin_user_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	int64_t id = r->params[0];
	const char *role = req_form_trim(r, "role");
	int64_t org = form_id(r, "org");
	int disabled = req_form(r, "disabled") != NULL;
	tv_set(v, "f_name", req_form_trim(r, "name"));
	tv_set(v, "f_email", req_form_trim(r, "email"));
	tv_bool(v, "f_disabled", disabled);
	int rc = load_user(r, v, id, 1);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	check_user_edit(r, v, role, org, disabled);
	if (tv_get(v, "errors")) {
		if (user_options(r, v, role, org))
			return -1;
		return render(r, 422, "admin_user", v, _("User"));
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_USER_UPDATE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, tv_get(v, "f_name"));
	db_bind_text(st, 2, tv_get(v, "f_email"));
	db_bind_text(st, 3, role);
	if (org)
		db_bind_int(st, 4, org);
	db_bind_int(st, 5, disabled);
	db_bind_int(st, 6, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* New rights or a disabled account take effect at once. */
	if (id != r->user->id && auth_session_delete_user(r->db, id))
		return -1;
	if (audit(r, "user.update",
	        arena_printf(r->a, "user:%lld", (long long)id),
	        arena_printf(r->a, "role=%s org=%lld disabled=%d", role,
	            (long long)org, disabled)))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/admin/users/%lld?msg=saved", (long long)id));
}

/* Sets a new password chosen by the administrator (to be handed over
 * and changed by the user). */
int admin_user_password(struct req *r)
{
	struct tvars *v = page_vars(r);
	int64_t id = r->params[0];
	const struct http_field *pw = http_form_field(&r->form, "password");
	int rc = load_user(r, v, id, 0);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (pw == NULL || !valid_password(pw->value, pw->len)) {
		account_error(v, ACCOUNT_EPASSWORD);
		return render(r, 422, "admin_user", v, _("User"));
	}
	if (user_set_password(r->db, id, pw->value, pw->len, r->now) !=
	    ACCOUNT_OK)
		return -1;
	if (audit(r, "user.password_reset",
	        arena_printf(r->a, "user:%lld", (long long)id), ""))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/admin/users/%lld?msg=saved", (long long)id));
}
