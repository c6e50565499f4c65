/* dashboard_finance.c: the finance front page.
 *
 * Invoices waiting: invoices and credit notes submitted and not yet
 * approved or rejected, oldest first.
 *
 * The month's approved total: providers invoice a month after it ends,
 * so the month finance works on is last month (Europe/Helsinki), the
 * same month the monthly summary shows by default. The total is the sum
 * of that month's approved invoices with approved credit notes counting
 * negatively (net_cents), which is the approved column of the monthly
 * summary. */
#include <string.h>

#include "dashboard.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

static const char SQL_WAITING[] =
    "SELECT i.id, i.number, i.kind, i.month, o.name, i.net_cents, "
    "coalesce(i.submitted_at, i.created_at) FROM invoices i JOIN "
    "organisations o ON o.id = i.org_id WHERE i.status = 'submitted' "
    "ORDER BY coalesce(i.submitted_at, i.created_at), i.id";
/* ?1 month. */
static const char SQL_MONTH[] =
    "SELECT count(*), coalesce(sum(net_cents), 0), (SELECT count(*) FROM "
    "invoices WHERE month = ?1 AND status = 'submitted') FROM invoices "
    "WHERE month = ?1 AND status = 'approved'";

static int waiting(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "waiting-invoices", _("Invoices waiting"),
	    _("No invoice waits for approval."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_WAITING);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		int credit = strcmp(db_col_text(st, 2), "credit") == 0;
		dash_entry(&d,
		    arena_printf(r->a, "/invoices/%lld",
		        (long long)sqlite3_column_int64(st, 0)),
		    arena_printf(r->a,
		        credit ? _("Credit note %s, %s") : _("Invoice %s, %s"),
		        db_col_text(st, 1),
		        dash_month_text(r, db_col_text(st, 3))),
		    arena_printf(r->a, "%s · %s · %s", db_col_text(st, 4),
		        req_money(r, sqlite3_column_int64(st, 5)),
		        arena_printf(r->a, _("sent %s"),
		            req_datetime(r, sqlite3_column_int64(st, 6)))));
	}
	dash_end(&d, "/invoices?status=submitted",
	    _("All invoices waiting for approval"));
	return dash_done(st, rc);
}

static int approved(struct req *r, struct tvars *v)
{
	const char *month = dash_month(r, -1);
	const char *shown = dash_month_text(r, month);
	struct dash_item d;
	dash_begin(&d, r, v, "approved",
	    arena_printf(r->a, _("Approved invoices of %s"), shown), NULL);
	sqlite3_stmt *st = db_stmt(r->db, SQL_MONTH);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, month);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	d.count = sqlite3_column_int64(st, 0);
	int64_t total = sqlite3_column_int64(st, 1);
	int64_t pending = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	dash_summary(&d,
	    arena_printf(r->a,
	        _("Approved total %s: %s. Still waiting for approval: %lld."),
	        shown, req_money(r, total), (long long)pending),
	    "");
	dash_end(&d, arena_printf(r->a, "/invoices/summary?month=%s", month),
	    arena_printf(r->a, _("Monthly summary of %s"), shown));
	return 0;
}

/* Who: finance (home_page). */
int dash_finance(struct req *r, struct tvars *v)
{
	if (waiting(r, v) || approved(r, v))
		return -1;
	return 0;
}
