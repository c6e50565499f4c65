/* dashboard_admin.c: the administrator's front page: providers waiting
 * for approval, accessibility feedback not yet handled, and the audit
 * chain (dashboard_audit.c). */
#include "dashboard.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

static const char SQL_PENDING[] =
    "SELECT id, name, created_at FROM organisations WHERE kind = "
    "'provider' AND status = 'pending' ORDER BY created_at, id";
static const char SQL_FEEDBACK[] =
    "SELECT ts, page FROM feedback WHERE handled = 0 ORDER BY ts, id";

static int pending(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "pending-orgs",
	    _("Providers waiting for approval"),
	    _("No provider waits for approval."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_PENDING);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		dash_entry(&d,
		    arena_printf(r->a, "/admin/organisations/%lld",
		        (long long)sqlite3_column_int64(st, 0)),
		    db_col_text(st, 1),
		    arena_printf(r->a, _("Registered %s"),
		        req_datetime(r, sqlite3_column_int64(st, 2))));
	}
	dash_end(&d, "/admin/organisations", _("All organisations"));
	return dash_done(st, rc);
}

static int feedback(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "feedback", _("Accessibility feedback"),
	    _("No feedback waits for handling."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEEDBACK);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		const char *page = db_col_text(st, 1);
		dash_entry(&d, "/admin/feedback",
		    arena_printf(r->a, _("Feedback of %s"),
		        req_datetime(r, sqlite3_column_int64(st, 0))),
		    *page ? arena_printf(r->a, _("Page: %s"), page) : NULL);
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

/* Who: administrators (home_page). */
int dash_admin(struct req *r, struct tvars *v)
{
	if (pending(r, v) || feedback(r, v) || dash_audit(r, v))
		return -1;
	return 0;
}
