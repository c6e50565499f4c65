/* dashboard_officer.c: the procurement officer's front page.
 *
 * Sealed bids: nothing here reads bids or submissions of a tender whose
 * bids have not been opened. "Tenders whose bids are to be opened" lists
 * tenders whose deadline has passed, without a number of bids; "Opened
 * bids to evaluate" counts only
 * the lines of opening records (tenders opened, so past their deadline),
 * the same bids the evaluation pages show. A bid is still to evaluate
 * when no requirement has failed and a requirement is undecided or a
 * criterion of a lot it bid on has no score (evaluate.c's rule).
 *
 * Standstill periods: award decisions whose standstill period ends
 * today or within the next 14 days (Europe/Helsinki), and those whose
 * period has ended while a lot of the framework still has no contracts
 * (the lots /contracts/awarded offers, view lot_ready_for_contracts). */
#include <string.h>

#include "dashboard.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

enum { STANDSTILL_DAYS = 14 };

/* ?1 now. A published tender past its deadline is shown apart. */
static const char SQL_BY_STATUS[] =
    "SELECT CASE WHEN status = 'published' AND coalesce(bids_deadline, 0) "
    "<= ?1 THEN 'closed' ELSE status END, count(*) FROM tenders GROUP BY 1";
static const char SQL_IN_PROGRESS[] =
    "SELECT id, title_fi, title_sv, status, coalesce(bids_deadline, 0) "
    "FROM tenders WHERE status IN ('draft', 'published', 'opened') ORDER BY "
    "CASE status WHEN 'opened' THEN 0 WHEN 'published' THEN 1 ELSE 2 END, "
    "coalesce(bids_deadline, 0), id DESC";
static const char SQL_QUESTIONS[] =
    "SELECT t.id, t.title_fi, t.title_sv, count(*), min(q.asked_at) FROM "
    "questions q JOIN tenders t ON t.id = q.tender_id WHERE q.answered_at "
    "IS NULL AND t.status = 'published' GROUP BY t.id ORDER BY "
    "min(q.asked_at), t.id";
static const char SQL_TO_OPEN[] =
    "SELECT id, title_fi, title_sv, bids_deadline FROM tenders WHERE "
    "status = 'published' AND bids_deadline <= ?1 ORDER BY bids_deadline, "
    "id";
static const char SQL_TO_EVALUATE[] =
    "SELECT t.id, t.title_fi, t.title_sv, count(*) FROM opening_lines ol "
    "JOIN tenders t ON t.id = ol.tender_id WHERE t.status = 'opened' AND "
    "t.bids_deadline <= ?1 AND NOT EXISTS (SELECT 1 FROM qualifications q "
    "JOIN requirements rq ON rq.id = q.requirement_id WHERE "
    "q.submission_id = ol.submission_id AND rq.tender_id = t.id AND q.pass "
    "= 0) AND (EXISTS (SELECT 1 FROM requirements rq WHERE rq.tender_id = "
    "t.id AND NOT EXISTS (SELECT 1 FROM qualifications q WHERE "
    "q.submission_id = ol.submission_id AND q.requirement_id = rq.id)) OR "
    "EXISTS (SELECT 1 FROM submission_lots sl JOIN criteria c ON c.lot_id "
    "= sl.lot_id WHERE sl.submission_id = ol.submission_id AND NOT EXISTS "
    "(SELECT 1 FROM scores sc WHERE sc.submission_id = ol.submission_id "
    "AND sc.criterion_id = c.id))) GROUP BY t.id ORDER BY t.bids_deadline, "
    "t.id";
/* ?1 today, ?2 today + STANDSTILL_DAYS ('YYYY-MM-DD', Helsinki). */
static const char SQL_STANDSTILL[] =
    "SELECT id, title_fi, title_sv, standstill_end, waiting FROM (SELECT "
    "t.id AS id, t.title_fi AS title_fi, t.title_sv AS title_sv, "
    "d.standstill_end AS standstill_end, (SELECT count(DISTINCT v.lot_id) "
    "FROM lot_ready_for_contracts v WHERE v.tender_id = t.id AND NOT "
    "EXISTS (SELECT 1 FROM contracts c WHERE c.lot_id = v.lot_id)) AS "
    "waiting FROM award_decisions d JOIN tenders t ON t.id = d.tender_id "
    "AND t.status = 'awarded') WHERE standstill_end BETWEEN ?1 AND ?2 OR "
    "(standstill_end < ?1 AND waiting > 0) ORDER BY standstill_end, id";

/* The states of the table, in order. The labels after the deadline do
 * not start with "Bids": next to a number they would read as a count of
 * bids. */
static const struct {
	const char *code, *label;
} states[] = {
    {"draft", N_("Draft")},
    {"published", N_("Open for bids")},
    {"closed", N_("Deadline passed, not opened")},
    {"opened", N_("Opened, being evaluated")},
    {"awarded", N_("Awarded")},
    {"cancelled", N_("Cancelled")},
};
enum { NSTATES = sizeof(states) / sizeof(states[0]) };

static int status_table(struct req *r, struct dash_item *d)
{
	int64_t n[NSTATES] = {0};
	sqlite3_stmt *st = db_stmt(r->db, SQL_BY_STATUS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < NSTATES; i++)
			if (strcmp(db_col_text(st, 0), states[i].code) == 0)
				n[i] = sqlite3_column_int64(st, 1);
	if (dash_done(st, rc))
		return -1;
	tv_set(d->it, "d_caption", _("Number of tenders in each status"));
	tv_set(d->it, "d_col1", _("Status"));
	tv_set(d->it, "d_col2", _("Tenders"));
	struct tlist *l = tv_list(d->it, "d_rows");
	for (int i = 0; i < NSTATES; i++) {
		struct tvars *row = tl_add(l);
		tv_set(row, "r_name", _(states[i].label));
		tv_setf(row, "r_value", "%lld", (long long)n[i]);
	}
	return 0;
}

static const char *state_label(struct req *r, const char *status, int64_t dl)
{
	if (strcmp(status, "published") == 0 && dl && dl <= r->now)
		status = "closed";
	for (int i = 0; i < NSTATES; i++)
		if (strcmp(status, states[i].code) == 0)
			return _(states[i].label);
	return status;
}

static int tenders(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "tenders", _("Tenders by status"),
	    _("No tender is in progress."));
	dash_no_count(&d);
	if (status_table(r, &d))
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_IN_PROGRESS);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		int64_t dl = sqlite3_column_int64(st, 4);
		const char *label = state_label(r, db_col_text(st, 3), dl);
		dash_entry(&d,
		    arena_printf(r->a, "/tenders/%lld",
		        (long long)sqlite3_column_int64(st, 0)),
		    dash_pick(r, db_col_text(st, 1), db_col_text(st, 2)),
		    dl ? arena_printf(r->a, "%s · %s", label,
		             arena_printf(
		                 r->a, _("Deadline %s"), req_datetime(r, dl)))
		       : label);
	}
	dash_end(&d, "/tenders", _("All tenders"));
	return dash_done(st, rc);
}

static int questions(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "questions", _("Questions without an answer"),
	    _("Every question has been answered."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_QUESTIONS);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 3);
		if (!dash_skip(&d))
			dash_entry(&d,
			    arena_printf(r->a, "/tenders/%lld#unanswered",
			        (long long)sqlite3_column_int64(st, 0)),
			    dash_pick(
			        r, db_col_text(st, 1), db_col_text(st, 2)),
			    arena_printf(r->a,
			        _("Questions: %lld, the oldest asked %s"),
			        (long long)n,
			        req_datetime(r, sqlite3_column_int64(st, 4))));
		d.count += n - 1; /* the item counts questions, not tenders */
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

static int to_open(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "to-open",
	    _("Tenders whose bids are to be opened"),
	    _("No tender waits for its bids to be opened."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_TO_OPEN);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		dash_entry(&d,
		    arena_printf(r->a, "/tenders/%lld#evaluation",
		        (long long)sqlite3_column_int64(st, 0)),
		    dash_pick(r, db_col_text(st, 1), db_col_text(st, 2)),
		    arena_printf(r->a, _("The deadline for bids passed %s."),
		        req_datetime(r, sqlite3_column_int64(st, 3))));
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

static int to_evaluate(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "to-evaluate", _("Opened bids to evaluate"),
	    _("No opened bid waits for qualification or scoring."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_TO_EVALUATE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 3);
		if (!dash_skip(&d))
			dash_entry(&d,
			    arena_printf(r->a, "/tenders/%lld/evaluation",
			        (long long)sqlite3_column_int64(st, 0)),
			    dash_pick(
			        r, db_col_text(st, 1), db_col_text(st, 2)),
			    arena_printf(r->a,
			        _("Not yet qualified or scored: %lld"),
			        (long long)n));
		d.count += n - 1; /* the item counts bids, not tenders */
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

static int standstill(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "standstill", _("Standstill periods ending"),
	    _("No standstill period ends soon."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_STANDSTILL);
	if (st == NULL)
		return -1;
	const char *today = dash_day(r, 0);
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, dash_day(r, STANDSTILL_DAYS));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		long long id = sqlite3_column_int64(st, 0);
		const char *end = db_col_text(st, 3);
		int over = strcmp(end, today) < 0;
		const char *shown = dash_date_text(r, end);
		dash_entry(&d,
		    over ? "/contracts/awarded"
		         : arena_printf(r->a, "/tenders/%lld/decision", id),
		    dash_pick(r, db_col_text(st, 1), db_col_text(st, 2)),
		    over ? arena_printf(r->a,
		               _("The standstill period ended %s. Lots ready "
		                 "for contracts: %lld"),
		               shown, (long long)sqlite3_column_int64(st, 4))
		         : arena_printf(r->a,
		               _("The standstill period ends %s."), shown));
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

/* Who: procurement officers (home_page). */
int dash_officer(struct req *r, struct tvars *v)
{
	if (tenders(r, v) || questions(r, v) || to_open(r, v) ||
	    to_evaluate(r, v) || standstill(r, v))
		return -1;
	return 0;
}
