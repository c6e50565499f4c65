/* pages.c: the front page, the language switch and the accessibility
 * statement with its feedback form. */
#include <string.h>

#include "dashboard.h"
#include "home.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

enum { HOME_NOTES = 10 };

/* Who: everyone. Anonymous visitors get the introduction, users their
 * role's dashboard (dashboard.h: what to do next) and their latest
 * notifications. */
int home_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *title =
	    r->user ? _("Front page") : _("Rehabilitative work activity");
	/* The user's page within the same second (dashboards count days
	 * and deadlines) while the database is unchanged: as rendered
	 * before. */
	const char *key = arena_printf(r->a, "home %lld %d %lld",
	    r->user ? (long long)r->user->id : 0LL, (int)r->lang,
	    (long long)r->now);
	int kept = render_kept(r, v, title, key);
	if (kept != 0)
		return kept > 0 ? 0 : -1;
	if (r->user && r->user->role == ROLE_PROVIDER)
		tv_bool(v, "org_pending",
		    strcmp(r->user->org_status, "approved") != 0);
	if (dashboard_vars(r, v))
		return -1;
	/* The latest notifications of the user and their organisation. */
	if (r->user) {
		int n = notifications_list(r, v, "notes", HOME_NOTES, 0);
		int64_t unread = notifications_unread(r);
		if (n < 0 || unread < 0)
			return -1;
		tv_setf(v, "notes_unread", "%lld", (long long)unread);
		tv_bool(v, "notes_more", n > HOME_NOTES);
	}
	return render_keep(r, 200, "home", v, title, key);
}

/* Who: everyone. Remembers the language in a cookie for a year. */
int lang_post(struct req *r)
{
	enum lang l = lang_from_code(req_form(r, "lang"));
	if (l == LANG__MAX)
		return bad_request(r, 400, _("Unknown language."));
	set_cookie(r, "pk_lang", lang_code(l), 365L * 24 * 3600);
	return redirect(r, req_form(r, "next"));
}

int accessibility_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	return render(r, 200, "accessibility", v, _("Accessibility statement"));
}

static const char SQL_FEEDBACK[] =
    "INSERT INTO feedback(ts, name, email, page, message, lang) "
    "VALUES (?,?,?,?,?,?)";

/* Who: everyone. Stores accessibility feedback for the administrator. */
int accessibility_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *name = req_form_trim(r, "name");
	const char *email = req_form_trim(r, "email");
	const char *page = req_form_trim(r, "page");
	const char *message = req_form_trim(r, "message");
	tv_set(v, "f_name", name);
	tv_set(v, "f_email", email);
	tv_set(v, "f_page", page);
	tv_set(v, "f_message", message);
	if (!valid_line(name, strlen(name), 0, 100))
		field_error(v, "name", _("Write at most 100 characters."));
	if (email[0] && !valid_email(email))
		field_error(v, "email",
		    _("Write an e-mail address like name@example.fi, or leave "
		      "it empty."));
	if (!valid_line(page, strlen(page), 0, 300))
		field_error(v, "page", _("Write at most 300 characters."));
	if (!valid_text(message, strlen(message), 1, 5000))
		field_error(v, "message",
		    _("Write your feedback (at most 5000 characters)."));
	if (tv_get(v, "errors"))
		return render(
		    r, 422, "accessibility", v, _("Accessibility statement"));
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEEDBACK);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, email);
	db_bind_text(st, 4, page);
	db_bind_text(st, 5, message);
	db_bind_text(st, 6, lang_code(r->lang));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	char *obj = arena_printf(
	    r->a, "feedback:%lld", (long long)sqlite3_last_insert_rowid(r->db));
	if (audit(r, "feedback.create", obj, ""))
		return -1;
	return redirect(r, "/accessibility?msg=feedback");
}
