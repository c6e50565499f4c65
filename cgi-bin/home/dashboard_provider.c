/* dashboard_provider.c: the provider's front page. Every query is bound
 * to the user's own organisation (?1), except the open tenders, which
 * are public; of those only the organisation's own bid is looked at.
 *
 * A month without an invoice is a month of the last 12 complete months
 * (Europe/Helsinki; the current month is not over yet) in which a
 * contract of the organisation has present days but no invoice that has
 * been submitted, approved or rejected and is still in force (not
 * credited). A month whose latest invoice was rejected is listed under
 * rejected invoices instead; a month with only a draft is listed here,
 * linking to the draft. A rejected invoice is one no later version of
 * its contract and month has replaced yet (drafts do not count until
 * they are submitted). */
#include <string.h>

#include "dashboard.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

/* ?1 org, ?2 now. The bid's state: 2 submitted, 1 draft or withdrawn,
 * 0 none. */
static const char SQL_OPEN_TENDERS[] =
    "SELECT t.id, t.title_fi, t.title_sv, t.bids_deadline, "
    "coalesce((SELECT CASE WHEN (SELECT s.kind FROM bid_submissions s "
    "WHERE s.bid_id = b.id AND s.superseded_at IS NULL ORDER BY s.id DESC "
    "LIMIT 1) = 'submit' THEN 2 ELSE 1 END FROM bids b WHERE b.tender_id = "
    "t.id AND b.org_id = ?1), 0) FROM tenders t WHERE t.status = "
    "'published' AND t.bids_deadline > ?2 ORDER BY t.bids_deadline, t.id";

static const char SQL_DRAFT_BIDS[] =
    "SELECT t.id, t.title_fi, t.title_sv, t.bids_deadline, b.updated_at "
    "FROM bids b JOIN tenders t ON t.id = b.tender_id WHERE b.org_id = ?1 "
    "AND t.status = 'published' AND t.bids_deadline > ?2 AND "
    "coalesce((SELECT s.kind FROM bid_submissions s WHERE s.bid_id = b.id "
    "AND s.superseded_at IS NULL ORDER BY s.id DESC LIMIT 1), '') <> "
    "'submit' ORDER BY t.bids_deadline, t.id";

static const char SQL_TO_CONFIRM[] =
    "SELECT p.id, pl.title, p.start_date FROM placements p JOIN places pl "
    "ON pl.id = p.place_id WHERE p.org_id = ?1 AND p.status = 'proposed' "
    "ORDER BY p.start_date, p.id";

/* ?1 org, ?2 first day of the oldest month, ?3 first day of this month.
 * The day counts come from attendance_months (kept by triggers). */
static const char SQL_UNINVOICED[] =
    "SELECT g.contract_id, g.month, g.days, coalesce((SELECT i.id FROM "
    "invoices i WHERE i.contract_id = g.contract_id AND i.month = g.month "
    "AND i.status = 'draft'), 0) FROM (SELECT m.contract_id AS "
    "contract_id, m.month AS month, m.present AS days FROM "
    "attendance_months m JOIN contracts c ON c.id = m.contract_id WHERE "
    "c.org_id = ?1 AND m.present > 0 AND m.month >= substr(?2, 1, 7) AND "
    "m.month < substr(?3, 1, 7)) g WHERE NOT EXISTS "
    "(SELECT 1 FROM invoices i WHERE i.contract_id = g.contract_id AND "
    "i.month = g.month AND i.kind = 'invoice' AND i.credited_at IS NULL "
    "AND i.status IN ('submitted', 'approved', 'rejected')) ORDER BY "
    "g.month, g.contract_id";

static const char SQL_REJECTED[] =
    "SELECT i.id, i.number, i.month, i.kind, coalesce(i.decided_at, 0) "
    "FROM invoices i WHERE i.org_id = ?1 AND i.status = 'rejected' AND NOT "
    "EXISTS (SELECT 1 FROM invoices j WHERE j.contract_id = i.contract_id "
    "AND j.month = i.month AND j.version > i.version AND j.status <> "
    "'draft') ORDER BY i.decided_at DESC, i.id DESC";

static sqlite3_stmt *org_stmt(struct req *r, const char *sql)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st)
		db_bind_int(st, 1, r->user->org_id);
	return st;
}

static int open_tenders(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "open-tenders", _("Open tenders"),
	    _("No tender is open for bids now."));
	sqlite3_stmt *st = org_stmt(r, SQL_OPEN_TENDERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 2, r->now);
	static const char *const bid[] = {N_("Your bid: not started"),
	    N_("Your bid: not submitted"), N_("Your bid: submitted")};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		int state = sqlite3_column_int(st, 4);
		dash_entry(&d,
		    arena_printf(r->a, "/tenders/%lld",
		        (long long)sqlite3_column_int64(st, 0)),
		    dash_pick(r, db_col_text(st, 1), db_col_text(st, 2)),
		    arena_printf(r->a, "%s · %s",
		        arena_printf(r->a, _("Deadline %s"),
		            req_datetime(r, sqlite3_column_int64(st, 3))),
		        _(bid[state < 0 || state > 2 ? 0 : state])));
	}
	dash_end(&d, "/tenders", _("All tenders"));
	return dash_done(st, rc);
}

static int draft_bids(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "draft-bids", _("Bids in draft"),
	    _("No bid waits to be submitted."));
	sqlite3_stmt *st = org_stmt(r, SQL_DRAFT_BIDS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 2, r->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		dash_entry(&d,
		    arena_printf(r->a, "/tenders/%lld/bid",
		        (long long)sqlite3_column_int64(st, 0)),
		    dash_pick(r, db_col_text(st, 1), db_col_text(st, 2)),
		    arena_printf(r->a, "%s · %s",
		        arena_printf(r->a, _("Deadline %s"),
		            req_datetime(r, sqlite3_column_int64(st, 3))),
		        arena_printf(r->a, _("last saved %s"),
		            req_datetime(r, sqlite3_column_int64(st, 4)))));
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

static int to_confirm(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "to-confirm", _("Placements to confirm"),
	    _("Nothing to confirm."));
	sqlite3_stmt *st = org_stmt(r, SQL_TO_CONFIRM);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		long long id = sqlite3_column_int64(st, 0);
		dash_entry(&d, arena_printf(r->a, "/placements/%lld", id),
		    arena_printf(
		        r->a, _("Placement %lld: %s"), id, db_col_text(st, 1)),
		    arena_printf(r->a, _("Starts %s"),
		        dash_date_text(r, db_col_text(st, 2))));
	}
	dash_end(&d, "/placements", _("All your placements"));
	return dash_done(st, rc);
}

static int uninvoiced(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "uninvoiced", _("Months without an invoice"),
	    _("Every month with present days has been invoiced."));
	sqlite3_stmt *st = org_stmt(r, SQL_UNINVOICED);
	if (st == NULL)
		return -1;
	db_bind_text(st, 2, arena_printf(r->a, "%s-01", dash_month(r, -12)));
	db_bind_text(st, 3, arena_printf(r->a, "%s-01", dash_month(r, 0)));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		long long contract = sqlite3_column_int64(st, 0);
		const char *month = db_col_text(st, 1);
		long long draft = sqlite3_column_int64(st, 3);
		const char *days = arena_printf(r->a, _("Present days: %lld"),
		    (long long)sqlite3_column_int64(st, 2));
		dash_entry(&d,
		    draft ? arena_printf(r->a, "/invoices/%lld", draft)
		          : arena_printf(r->a,
		                "/invoices/days?contract=%lld&month=%s",
		                contract, month),
		    arena_printf(r->a, _("Contract %lld, %s"), contract,
		        dash_month_text(r, month)),
		    draft ? arena_printf(r->a, "%s · %s", days,
		                _("the draft invoice has not been submitted"))
		          : days);
	}
	dash_end(&d, "/invoices", _("Invoices and realised days"));
	return dash_done(st, rc);
}

static int rejected(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "rejected", _("Rejected invoices"),
	    _("No rejected invoice waits for a correction."));
	sqlite3_stmt *st = org_stmt(r, SQL_REJECTED);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		int credit = strcmp(db_col_text(st, 3), "credit") == 0;
		int64_t at = sqlite3_column_int64(st, 4);
		dash_entry(&d,
		    arena_printf(r->a, "/invoices/%lld",
		        (long long)sqlite3_column_int64(st, 0)),
		    arena_printf(r->a,
		        credit ? _("Credit note %s, %s") : _("Invoice %s, %s"),
		        db_col_text(st, 1),
		        dash_month_text(r, db_col_text(st, 2))),
		    at ? arena_printf(
		             r->a, _("Rejected %s"), req_datetime(r, at))
		       : NULL);
	}
	dash_end(&d, "/invoices?status=rejected", _("All rejected invoices"));
	return dash_done(st, rc);
}

/* Who: providers (home_page). */
int dash_provider(struct req *r, struct tvars *v)
{
	if (r->user->org_id == 0)
		return 0;
	if (open_tenders(r, v) || draft_bids(r, v) || to_confirm(r, v) ||
	    uninvoiced(r, v) || rejected(r, v))
		return -1;
	return 0;
}
