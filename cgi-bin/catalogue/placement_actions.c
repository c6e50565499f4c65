/* placement_actions.c: one placement (GET /placements/:id) and what is
 * done to it: the provider confirms the start or declines with a reason;
 * the caseworker renews the decision period or ends the placement with
 * an outcome.
 *
 * Who: the route table names the roles; here a placement another
 * organisation works with is 404 (pl_visible), and each action checks
 * the status it starts from (409 when it no longer fits).
 *
 * Renewal rules (placement.h): the placement is active; the new period
 * starts the day after the current one and lasts 3 months, or 12 months
 * once the first period started at least 2 years before the new start;
 * only one period ahead is decided at a time (the current period must
 * have started); the contract is in force on the new start; a placement
 * whose period has already run out has lost its seat and is renewed only
 * when the place has a free one. Places that are paused or closed keep
 * their clients, so renewal does not look at the place's status.
 *
 * Ending: a proposed or active placement ends on a day from its start to
 * the current period's end and not in the future (one that has not
 * started yet ends on its start date), with an outcome from the list. */
#include <stdio.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/placement.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "placement_impl.h"

static struct cal_date parse(const char *iso)
{
	struct cal_date d = {0, 0, 0};
	cal_parse_iso(iso, &d);
	return d;
}

static int is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* --- the page ------------------------------------------------------------ */

static const char SQL_PERIODS[] =
    "SELECT pp.start_date, pp.end_date, pp.decision_date, pp.months, "
    "u.name, pp.created_at FROM placement_periods pp JOIN users u ON "
    "u.id = pp.created_by WHERE pp.placement_id = ? ORDER BY "
    "pp.start_date, pp.id";

static int periods_vars(struct req *r, struct tvars *v, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PERIODS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	struct tlist *l = tv_list(v, "periods");
	/* For the page: the current period is the last one that has
	 * started (the one containing today, or the last before today); a
	 * renewal that starts later is the next period. The rules for
	 * renewing and ending read the latest period instead (pl_row). */
	const char *today = pl_today_iso(r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *start = db_col_text(st, 0);
		char *span = arena_printf(r->a, "%s–%s", pl_show_date(r, start),
		    pl_show_date(r, db_col_text(st, 1)));
		if (strcmp(start, today) <= 0 ||
		    tv_get(v, "period_set") == NULL) {
			tv_set(v, "period", span);
			tv_bool(v, "period_over",
			    strcmp(db_col_text(st, 1), today) < 0);
			tv_bool(v, "period_set", strcmp(start, today) <= 0);
		} else if (tv_get(v, "next_period") == NULL) {
			tv_set(v, "next_period", span);
			tv_bool(v, "period_over", 0);
		}
		struct tvars *it = tl_add(l);
		tv_set(it, "p_start", pl_show_date(r, db_col_text(st, 0)));
		tv_set(it, "p_end", pl_show_date(r, db_col_text(st, 1)));
		tv_set(it, "p_decision", pl_show_date(r, db_col_text(st, 2)));
		tv_set(it, "p_months", db_col_text(st, 3));
		tv_set(it, "p_by", db_col_text(st, 4));
		tv_set(
		    it, "p_at", req_datetime(r, sqlite3_column_int64(st, 5)));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The start of the period after p's current one. */
static struct cal_date next_start(const struct pl_row *p)
{
	struct cal_date end = parse(p->period_end);
	return cal_add_days(end.y, end.m, end.d, 1);
}

/* The renewal form: the next period for 3 and 12 months. */
static void renew_vars(struct req *r, struct tvars *v, const struct pl_row *p)
{
	struct cal_date next = next_start(p);
	struct cal_date first = parse(p->first_start);
	tv_set(v, "next_start", pl_show_date(r, pl_iso(r, next)));
	tv_set(v, "next_end3",
	    pl_show_date(r, pl_iso(r, placement_period_end(next, 3))));
	tv_set(v, "next_end12",
	    pl_show_date(r, pl_iso(r, placement_period_end(next, 12))));
	tv_bool(v, "long_ok", placement_long_renewal_ok(first, next));
	const char *from = pl_show_date(
	    r, pl_iso(r,
	           placement_add_months(first, PLACEMENT_LONG_AFTER_MONTHS)));
	tv_set(v, "long_hint",
	    placement_long_renewal_ok(first, next)
	        ? _("A 12-month period is possible because the client has "
	            "been in the service for at least 2 years.")
	        : arena_printf(r->a,
	              _("A 12-month period is possible after 2 years in the "
	                "service, for periods starting on or after %s."),
	              from));
	/* The next period is decided already: one ahead at a time. */
	tv_bool(v, "renew_ahead", strcmp(p->period_start, pl_today_iso(r)) > 0);
	if (tv_get(v, "f_decision_date") == NULL)
		tv_set(v, "f_decision_date", pl_today_iso(r));
	const char *m = tv_get(v, "f_months");
	int twelve = m && is(m, "12");
	tv_bool(v, "f_months12", twelve);
	tv_bool(v, "f_months3", !twelve);
}

/* The ending form: the outcome list and a default end date. */
static void end_vars(struct req *r, struct tvars *v, const struct pl_row *p)
{
	const char *chosen = tv_get(v, "f_outcome");
	struct tlist *l = tv_list(v, "outcomes");
	for (size_t i = 0; i < placement_outcome_count(); i++) {
		const char *code = placement_outcome_code(i);
		struct tvars *it = tl_add(l);
		tv_set(it, "code", code);
		tv_set(it, "label", _(placement_outcome_label(code)));
		tv_bool(it, "selected", chosen && is(chosen, code));
	}
	if (tv_get(v, "f_end_date") == NULL) {
		const char *today = pl_today_iso(r);
		tv_set(v, "f_end_date",
		    strcmp(p->start_date, today) > 0 ? p->start_date : today);
	}
}

/* The facts of p. */
static void facts_vars(struct req *r, struct tvars *v, const struct pl_row *p)
{
	tv_setf(v, "id", "%lld", (long long)p->id);
	tv_set(v, "client_name", p->client_name);
	tv_set(v, "client_ref", p->client_ref);
	tv_setf(v, "place_id", "%lld", (long long)p->place_id);
	tv_set(v, "place_title", p->place_title);
	tv_set(v, "provider", p->org_name);
	tv_set(v, "caseworker", p->caseworker_name);
	tv_set(v, "status", pl_status_text(p->status));
	tv_bool(v, "is_proposed", is(p->status, "proposed"));
	tv_bool(v, "is_active", is(p->status, "active"));
	tv_bool(v, "is_declined", is(p->status, "declined"));
	tv_bool(v, "is_ended", is(p->status, "ended"));
	tv_set(v, "start", pl_show_date(r, p->start_date));
	tv_set(v, "days", pl_days_text(r, p->weekdays));
	tv_setf(v, "hours", "%d", p->hours);
	tv_set(v, "created", req_datetime(r, p->created_at));
	tv_set(v, "confirmed",
	    p->confirmed_at ? req_datetime(r, p->confirmed_at) : "");
	tv_set(v, "declined",
	    p->declined_at ? req_datetime(r, p->declined_at) : "");
	tv_set(v, "decline_reason", p->decline_reason);
	tv_set(v, "ended_on", pl_show_date(r, p->end_date));
	const char *o = placement_outcome_label(p->outcome);
	tv_set(v, "outcome", o ? _(o) : "");
	tv_set(v, "period",
	    arena_printf(r->a, "%s–%s", pl_show_date(r, p->period_start),
	        pl_show_date(r, p->period_end)));
	tv_bool(v, "period_over", strcmp(p->period_end, pl_today_iso(r)) < 0);
}

static const struct {
	const char *code;
	const char *text;
} flashes[] = {
    {"confirmed", N_("The start has been confirmed. The caseworker has "
                     "been told.")},
    {"renewed", N_("The placement has been renewed for a new decision "
                   "period.")},
    {"ended", N_("The placement has been ended.")},
    {"report", N_("The report has been uploaded. The caseworker has been "
                  "told.")},
};

int pl_page_render(
    struct req *r, const struct pl_row *p, struct tvars *v, int status)
{
	facts_vars(r, v, p);
	if (periods_vars(r, v, p->id))
		return -1;
	int active = is(p->status, "active");
	int current = active || is(p->status, "proposed");
	tv_bool(v, "can_confirm",
	    pl_is_provider(r, p) && is(p->status, "proposed"));
	tv_bool(v, "can_renew", pl_is_placer(r, p) && active);
	tv_bool(v, "can_end", pl_is_placer(r, p) && current);
	if (pl_is_placer(r, p) && active)
		renew_vars(r, v, p);
	if (pl_is_placer(r, p) && current)
		end_vars(r, v, p);
	if (pl_reports_vars(r, v, p) < 0)
		return -1;
	const char *msg = req_query(r, "msg");
	for (size_t i = 0; msg && i < sizeof(flashes) / sizeof(flashes[0]); i++)
		if (is(msg, flashes[i].code))
			tv_set(v, "flash", _(flashes[i].text));
	if (pl_audit_view(
	        r, arena_printf(r->a, "placement:%lld", (long long)p->id), ""))
		return -1;
	return render(r, status, "placement", v, _("Placement"));
}

/* Loads placement :id for the caller: 0 with *p filled, or the response
 * is set already (404) and 1 is returned; -1 on an error. */
static int load_visible(struct req *r, struct pl_row *p)
{
	int rc = pl_load(r, r->params[0], p);
	if (rc < 0)
		return -1;
	if (rc > 0 || !pl_visible(r, p)) {
		not_found(r);
		return 1;
	}
	return 0;
}

int placement_page(struct req *r)
{
	struct pl_row p;
	int rc = load_visible(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	return pl_page_render(r, &p, page_vars(r), 200);
}

/* A 409 page: the placement is no longer in a state for this action. */
static int conflict(struct req *r, const char *message)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "message", message);
	tv_set(v, "status", "409");
	return render(r, 409, "error", v, _("The placement has changed"));
}

static const char *link_of(struct req *r, const struct pl_row *p)
{
	return arena_printf(r->a, "/placements/%lld", (long long)p->id);
}

static const char *object_of(struct req *r, const struct pl_row *p)
{
	return arena_printf(r->a, "placement:%lld", (long long)p->id);
}

/* --- the provider: confirm or decline ------------------------------------ */

static const char SQL_CONFIRM[] =
    "UPDATE placements SET status = 'active', confirmed_at = ? WHERE id = "
    "? AND status = 'proposed'";
static const char SQL_DECLINE[] =
    "UPDATE placements SET status = 'declined', declined_at = ?, "
    "decline_reason = ? WHERE id = ? AND status = 'proposed'";

/* Runs an UPDATE of one placement; 0 when one row changed, -1 else. */
static int update_one(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE && sqlite3_changes(sqlite3_db_handle(st)) == 1
	           ? 0
	           : -1;
}

int placement_confirm(struct req *r)
{
	struct pl_row p;
	int rc = load_visible(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!pl_is_provider(r, &p))
		return not_found(r);
	if (!is(p.status, "proposed"))
		return conflict(
		    r, _("This placement has been confirmed already."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONFIRM);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, p.id);
	if (update_one(st))
		return -1;
	if (notify_user(r->db, r->now, p.caseworker_id, link_of(r, &p),
	        N_("The provider has confirmed the start of a placement in "
	           "\"%s\"."),
	        p.place_title))
		return -1;
	if (audit(r, "placement.confirm", object_of(r, &p), ""))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "%s?msg=confirmed", link_of(r, &p)));
}

int placement_decline(struct req *r)
{
	struct pl_row p;
	int rc = load_visible(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!pl_is_provider(r, &p))
		return not_found(r);
	if (!is(p.status, "proposed"))
		return conflict(
		    r, _("A confirmed placement can no longer be declined. Ask "
		         "the caseworker to end it."));
	const char *reason = req_form_trim(r, "reason");
	if (!valid_text(reason, strlen(reason), 1, PLACEMENT_REASON_MAX)) {
		struct tvars *v = page_vars(r);
		tv_set(v, "f_reason", reason);
		field_error(v, "reason",
		    *reason ? _("Write the reason in at most 2 000 characters.")
		            : _("Write the reason for declining."));
		return pl_page_render(r, &p, v, 422);
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_DECLINE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, p.id);
	if (update_one(st))
		return -1;
	if (notify_user(r->db, r->now, p.caseworker_id, link_of(r, &p),
	        N_("The provider has declined a placement in \"%s\"."),
	        p.place_title))
		return -1;
	if (audit(r, "placement.decline", object_of(r, &p), ""))
		return -1;
	/* The provider no longer sees it: back to the list. */
	return redirect(r, "/placements?msg=declined");
}

/* --- the caseworker: renew ---------------------------------------------- */

/* Loads placement :id for its placing caseworkers; as load_visible. */
static int load_placer(struct req *r, struct pl_row *p)
{
	int rc = load_visible(r, p);
	if (rc == 0 && !pl_is_placer(r, p)) {
		not_found(r);
		return 1;
	}
	return rc;
}

struct renewal {
	int months;
	struct cal_date start, end, decision;
};

/* Checks the renewal form into v; 0 when it may go on, -1 on error. */
static int check_renewal(
    struct req *r, struct tvars *v, const struct pl_row *p, struct renewal *n)
{
	const char *m = req_form_trim(r, "months");
	const char *ds = req_form_trim(r, "decision_date");
	tv_set(v, "f_months", m);
	tv_set(v, "f_decision_date", ds);
	n->start = next_start(p);
	n->months = is(m, "3") ? 3 : is(m, "12") ? 12 : 0;
	if (n->months == 0)
		field_error(v, "months", _("Choose 3 or 12 months."));
	else if (n->months == 12 &&
	         !placement_long_renewal_ok(parse(p->first_start), n->start))
		field_error(v, "months",
		    _("A 12-month period is possible only after 2 years in the "
		      "service. Choose 3 months."));
	if (n->months)
		n->end = placement_period_end(n->start, n->months);
	struct cal_date *d = &n->decision;
	if (!valid_date(ds, &d->y, &d->m, &d->d) ||
	    !cal_date_valid(d->y, d->m, d->d))
		field_error(v, "decision_date",
		    *ds ? _("Write the date as dd.mm.yyyy.")
		        : _("Write the decision date."));
	else if (placement_renewal_decision_check(*d, parse(p->period_start),
	             pl_today(r)) == PLACEMENT_DECISION_FUTURE)
		field_error(v, "decision_date",
		    _("The decision date cannot be in the future."));
	else if (placement_renewal_decision_check(*d, parse(p->period_start),
	             pl_today(r)) != PLACEMENT_DECISION_OK)
		field_error(v, "decision_date",
		    _("A renewal is decided during the current period or "
		      "after it."));
	struct pl_place pl;
	int rc = pl_place_load(r, p->place_id, &pl);
	if (rc)
		return -1;
	if (!pl_contract_in_force(&pl, pl_iso(r, n->start)))
		field_error(v, "renew",
		    _("The provider's contract for this place is not in force "
		      "when the new period would start."));
	/* Run out: the seat was freed and must be free still. */
	else if (strcmp(p->period_end, pl_today_iso(r)) < 0 &&
	         pl_place_free(&pl) == 0)
		field_error(v, "renew",
		    _("The decision period has run out and the place has no "
		      "free seat now."));
	return 0;
}

static const char SQL_RENEW[] =
    "INSERT INTO placement_periods(placement_id, start_date, end_date, "
    "decision_date, months, created_by, created_at) VALUES (?,?,?,?,?,?,?)";

int placement_renew(struct req *r)
{
	struct pl_row p;
	int rc = load_placer(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!is(p.status, "active"))
		return conflict(
		    r, _("Only an active placement can be renewed."));
	if (strcmp(p.period_start, pl_today_iso(r)) > 0)
		return conflict(
		    r, _("The next decision period has been decided already. "
		         "Renew it when it has started."));
	struct tvars *v = page_vars(r);
	struct renewal n;
	memset(&n, 0, sizeof(n));
	if (check_renewal(r, v, &p, &n))
		return -1;
	if (tv_get(v, "errors"))
		return pl_page_render(r, &p, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_RENEW);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p.id);
	db_bind_text(st, 2, pl_iso(r, n.start));
	db_bind_text(st, 3, pl_iso(r, n.end));
	db_bind_text(st, 4, pl_iso(r, n.decision));
	db_bind_int(st, 5, n.months);
	db_bind_int(st, 6, r->user->id);
	db_bind_int(st, 7, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (notify_org(r->db, r->now, p.org_id, link_of(r, &p),
	        N_("A placement in \"%s\" has been renewed."), p.place_title))
		return -1;
	if (audit(r, "placement.renew", object_of(r, &p),
	        arena_printf(r->a, "%d months %s..%s", n.months,
	            pl_iso(r, n.start), pl_iso(r, n.end))))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "%s?msg=renewed", link_of(r, &p)));
}

/* --- the caseworker: end -------------------------------------------------- */

static const char SQL_END[] =
    "UPDATE placements SET status = 'ended', end_date = ?, outcome = ? "
    "WHERE id = ? AND status IN ('proposed', 'active')";

static void check_ending(struct req *r, struct tvars *v, const struct pl_row *p,
    struct cal_date *end, const char **outcome)
{
	const char *ds = req_form_trim(r, "end_date");
	*outcome = req_form_trim(r, "outcome");
	tv_set(v, "f_end_date", ds);
	tv_set(v, "f_outcome", *outcome);
	if (placement_outcome_label(*outcome) == NULL)
		field_error(
		    v, "outcome", _("Choose the outcome from the list."));
	if (!valid_date(ds, &end->y, &end->m, &end->d) ||
	    !cal_date_valid(end->y, end->m, end->d)) {
		field_error(v, "end_date",
		    *ds ? _("Write the date as dd.mm.yyyy.")
		        : _("Write the end date."));
		return;
	}
	switch (placement_ending_check(
	    *end, parse(p->start_date), parse(p->period_end), pl_today(r))) {
	case PLACEMENT_ENDING_OK:
		break;
	case PLACEMENT_ENDING_BEFORE_START:
		field_error(v, "end_date",
		    _("The end date cannot be before the start of the "
		      "placement."));
		break;
	case PLACEMENT_ENDING_AFTER_PERIOD:
		field_error(v, "end_date",
		    _("The end date cannot be after the end of the current "
		      "decision period."));
		break;
	case PLACEMENT_ENDING_FUTURE:
		field_error(v, "end_date",
		    _("The end date cannot be in the future: record the "
		      "ending when it has happened."));
		break;
	}
}

int placement_end(struct req *r)
{
	struct pl_row p;
	int rc = load_placer(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!is(p.status, "active") && !is(p.status, "proposed"))
		return conflict(
		    r, _("This placement has ended or been declined."));
	struct tvars *v = page_vars(r);
	struct cal_date end = {0, 0, 0};
	const char *outcome = "";
	check_ending(r, v, &p, &end, &outcome);
	if (tv_get(v, "errors"))
		return pl_page_render(r, &p, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_END);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, pl_iso(r, end));
	db_bind_text(st, 2, outcome);
	db_bind_int(st, 3, p.id);
	if (update_one(st))
		return -1;
	/* The provider no longer sees an ended placement: no link to it. */
	if (notify_org(r->db, r->now, p.org_id, "/placements",
	        N_("A placement in \"%s\" has ended."), p.place_title))
		return -1;
	if (audit(r, "placement.end", object_of(r, &p), outcome))
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=ended", link_of(r, &p)));
}
