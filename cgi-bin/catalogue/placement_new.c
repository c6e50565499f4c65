/* placement_new.c: a caseworker places a client in a place
 * (GET/POST /placements/new?place=ID).
 *
 * Who: caseworkers (route table). The place must be open, have a free
 * seat and a contract in force on the start date. The seat count and the
 * insert run in the one BEGIN IMMEDIATE transaction the framework opens
 * for the POST, so two caseworkers taking the last seat at once are
 * served one after the other: the second sees the place full.
 *
 * Rules where the domain leaves a choice (placement.h has them all): the
 * start is at most 30 days ago and at most 6 months ahead; the decision
 * period ends on start + 3 months - 1 day by default, and anywhere from
 * that day to start + 12 months - 1 day; the decision is dated on or
 * before the start, not in the future, at most 6 months before the
 * start; one client is placed in one place only once at a time. */
#include <stdio.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/placement.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "placement_impl.h"

/* The place id from the form (POST) or the query; 0 when none. */
static int64_t place_param(struct req *r)
{
	const char *s = req_form(r, "place");
	if (s == NULL)
		s = req_query(r, "place");
	int64_t id = 0;
	return s && valid_int(s, 1, INT64_MAX, &id) ? id : 0;
}

/* Why the place takes no client now, translated; NULL when it does. */
static const char *place_refusal(const struct pl_place *p)
{
	if (strcmp(p->status, "closed") == 0)
		return _("This place has been closed and takes no new "
		         "clients.");
	if (strcmp(p->status, "open") != 0)
		return _("This place is paused and takes no new clients for "
		         "now.");
	if (pl_place_free(p) == 0)
		return _("This place is full: it has no free seats. Another "
		         "caseworker may have just taken the last one. Choose "
		         "another place.");
	return NULL;
}

/* The place facts, the weekday boxes and the hour choices. The f_
 * values must be set before (checked days, chosen hours). */
static void form_vars(struct req *r, struct tvars *v, const struct pl_place *p,
    unsigned checked, int hours)
{
	tv_setf(v, "place_id", "%lld", (long long)p->id);
	tv_set(v, "place_title", p->title);
	tv_set(v, "provider", p->org_name);
	tv_set(v, "municipality", p->municipality);
	tv_set(v, "place_days", pl_days_text(r, p->weekdays));
	tv_setf(v, "hours_range", "%d–%d", p->hours_min, p->hours_max);
	tv_setf(v, "capacity", "%d", p->capacity);
	tv_setf(v, "free", "%d", pl_place_free(p));
	tv_set(v, "contract_period",
	    arena_printf(r->a, "%s–%s", pl_show_date(r, p->contract_start),
	        pl_show_date(r, p->contract_end)));
	const char *why = place_refusal(p);
	tv_set(v, "refusal", why ? why : "");
	tv_bool(v, "can_place", why == NULL);
	struct tlist *days = tv_list(v, "days");
	for (int d = 1; d <= 7; d++) {
		if (!(p->weekdays & placement_weekday_bit(d)))
			continue;
		struct tvars *it = tl_add(days);
		tv_set(it, "code", placement_weekday_code(d));
		tv_set(it, "label", _(placement_weekday_name(d)));
		tv_bool(
		    it, "checked", (checked & placement_weekday_bit(d)) != 0);
	}
	struct tlist *hl = tv_list(v, "hour_options");
	for (int h = p->hours_min; h <= p->hours_max; h++) {
		struct tvars *it = tl_add(hl);
		tv_setf(it, "value", "%d", h);
		tv_bool(it, "selected", h == hours);
	}
}

int placement_new_page(struct req *r)
{
	struct pl_place p;
	int64_t id = place_param(r);
	/* A client is placed from a place's page: without one, the search
	 * is where to choose it. */
	if (id == 0 && req_query(r, "place") == NULL)
		return redirect(r, "/places");
	int rc = id ? pl_place_load(r, id, &p) : 1;
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	struct tvars *v = page_vars(r);
	const char *today = pl_today_iso(r);
	tv_set(v, "f_start_date", today);
	tv_set(v, "f_decision_date", today);
	form_vars(r, v, &p, 0, p.hours_min);
	return render(r, 200, "placement_new", v, _("Place a client"));
}

/* --- POST ---------------------------------------------------------------- */

struct new_input {
	const char *ref, *name;
	struct cal_date start, end, decision;
	unsigned days;
	int hours;
	int months;
};

/* Reads date field name into *d; 1 read, 0 empty, -1 not a date (then a
 * field error is set). */
static int read_date(
    struct req *r, struct tvars *v, const char *name, struct cal_date *d)
{
	const char *s = req_form_trim(r, name);
	tv_set(v, arena_printf(r->a, "f_%s", name), s);
	if (*s == '\0')
		return 0;
	if (valid_date(s, &d->y, &d->m, &d->d) &&
	    cal_date_valid(d->y, d->m, d->d))
		return 1;
	field_error(v, name, _("Write the date as dd.mm.yyyy."));
	return -1;
}

/* The weekday boxes; bits outside Monday..Sunday mark a value that is
 * not a day, so the check reports it. */
static unsigned read_days(struct req *r)
{
	unsigned days = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.fields[i].name, "weekday") != 0)
			continue;
		int d = placement_weekday_from_code(r->form.fields[i].value);
		days |= d ? placement_weekday_bit(d) : 128u;
	}
	return days;
}

static void check_client(struct req *r, struct tvars *v, struct new_input *in)
{
	in->ref = req_form_trim(r, "client_ref");
	in->name = req_form_trim(r, "client_name");
	tv_set(v, "f_client_ref", in->ref);
	tv_set(v, "f_client_name", in->name);
	if (*in->ref == '\0')
		field_error(v, "client_ref",
		    _("Write the client's number in the client system."));
	else if (!placement_client_ref_ok(in->ref))
		field_error(v, "client_ref",
		    _("Use 1 to 32 letters A-Z and digits 0-9, with no spaces "
		      "or other characters."));
	if (!valid_line(in->name, strlen(in->name), 1, PLACEMENT_NAME_MAX))
		field_error(v, "client_name",
		    _("Write the client's name (1 to 200 characters)."));
}

static void check_end(struct req *r, struct tvars *v, struct new_input *in)
{
	int rc = read_date(r, v, "end_date", &in->end);
	if (rc < 0)
		return;
	if (rc == 0)
		in->end = placement_period_end(in->start, PLACEMENT_MONTHS_MIN);
	switch (placement_first_end_check(in->start, in->end)) {
	case PLACEMENT_END_OK:
		in->months = placement_period_months(in->start, in->end);
		break;
	case PLACEMENT_END_BEFORE:
		field_error(v, "end_date",
		    _("The decision period must end after it starts."));
		break;
	case PLACEMENT_END_SHORT:
		field_error(v, "end_date",
		    arena_printf(r->a,
		        _("A decision period is at least 3 months: it can end "
		          "on %s at the earliest."),
		        pl_show_date(
		            r, pl_iso(r, placement_period_end(in->start,
		                             PLACEMENT_MONTHS_MIN)))));
		break;
	case PLACEMENT_END_LONG:
		field_error(v, "end_date",
		    arena_printf(r->a,
		        _("A decision period is at most 12 months: it can end "
		          "on %s at the latest."),
		        pl_show_date(
		            r, pl_iso(r, placement_period_end(in->start,
		                             PLACEMENT_MONTHS_MAX)))));
		break;
	}
}

static void check_decision(struct req *r, struct tvars *v, struct new_input *in)
{
	int rc = read_date(r, v, "decision_date", &in->decision);
	if (rc == 0)
		field_error(v, "decision_date", _("Write the decision date."));
	if (rc <= 0)
		return;
	switch (
	    placement_decision_check(in->decision, in->start, pl_today(r))) {
	case PLACEMENT_DECISION_OK:
		break;
	case PLACEMENT_DECISION_FUTURE:
		field_error(v, "decision_date",
		    _("The decision date cannot be in the future."));
		break;
	case PLACEMENT_DECISION_AFTER_START:
		field_error(v, "decision_date",
		    _("The decision is made on or before the start date."));
		break;
	case PLACEMENT_DECISION_TOO_EARLY:
		field_error(v, "decision_date",
		    _("The decision can be made at most 6 months before the "
		      "start."));
		break;
	}
}

/* The dates: start, end of the period, decision. */
static void check_dates(struct req *r, struct tvars *v, struct new_input *in,
    const struct pl_place *p)
{
	int rc = read_date(r, v, "start_date", &in->start);
	if (rc == 0)
		field_error(v, "start_date", _("Write the start date."));
	if (rc <= 0) {
		/* The other dates are still read back into the form. */
		read_date(r, v, "end_date", &in->end);
		read_date(r, v, "decision_date", &in->decision);
		return;
	}
	enum placement_start_err se =
	    placement_start_check(in->start, pl_today(r));
	if (se == PLACEMENT_START_PAST)
		field_error(v, "start_date",
		    _("The start can be at most 30 days ago."));
	else if (se == PLACEMENT_START_FUTURE)
		field_error(v, "start_date",
		    _("The start can be at most 6 months ahead."));
	else if (!pl_contract_in_force(p, pl_iso(r, in->start)))
		field_error(v, "start_date",
		    arena_printf(r->a,
		        _("The provider's contract for this place is not in "
		          "force on the start date (contract period %s)."),
		        arena_printf(r->a, "%s–%s",
		            pl_show_date(r, p->contract_start),
		            pl_show_date(r, p->contract_end))));
	check_end(r, v, in);
	check_decision(r, v, in);
}

static void check_days_hours(struct req *r, struct tvars *v,
    struct new_input *in, const struct pl_place *p)
{
	in->days = read_days(r);
	switch (placement_weekdays_check(in->days, p->weekdays)) {
	case PLACEMENT_DAYS_OK:
		break;
	case PLACEMENT_DAYS_NONE:
		field_error(
		    v, "weekdays", _("Choose 1 to 4 days of the week."));
		break;
	case PLACEMENT_DAYS_TOO_MANY:
		field_error(v, "weekdays",
		    _("A client takes part at most 4 days a week."));
		break;
	case PLACEMENT_DAYS_NOT_OFFERED:
		field_error(v, "weekdays",
		    _("Choose only days on which this place takes clients."));
		break;
	}
	int64_t h = 0;
	const char *hs = req_form_trim(r, "hours");
	in->hours = valid_int(hs, 0, 24, &h) ? (int)h : 0;
	if (!placement_hours_ok(in->hours, p->hours_min, p->hours_max))
		field_error(v, "hours",
		    arena_printf(r->a,
		        _("Choose the hours a day within this place's hours "
		          "(%d–%d)."),
		        p->hours_min, p->hours_max));
}

static const char SQL_DUPLICATE[] =
    "SELECT count(*) FROM placements p WHERE p.place_id = ? AND "
    "p.client_ref = ? AND p.status IN ('proposed', 'active')";

/* 1 when the client already has a current placement here, -1 error. */
static int duplicate(struct req *r, int64_t place_id, const char *ref)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DUPLICATE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, place_id);
	db_bind_text(st, 2, ref);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? -1 : n > 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO placements(client_ref, client_name, place_id, "
    "contract_id, org_id, caseworker_id, caseworker_org_id, start_date, "
    "weekdays, hours_per_day, status, created_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,'proposed',?)";
static const char SQL_PERIOD[] =
    "INSERT INTO placement_periods(placement_id, start_date, end_date, "
    "decision_date, months, created_by, created_at) VALUES (?,?,?,?,?,?,?)";

/* Inserts the placement and its first period; the new id or -1. */
static int64_t insert(
    struct req *r, const struct new_input *in, const struct pl_place *p)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_INSERT);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, in->ref);
	db_bind_text(st, 2, in->name);
	db_bind_int(st, 3, p->id);
	db_bind_int(st, 4, p->contract_id);
	db_bind_int(st, 5, p->org_id);
	db_bind_int(st, 6, r->user->id);
	db_bind_int(st, 7, r->user->org_id);
	db_bind_text(st, 8, pl_iso(r, in->start));
	db_bind_int(st, 9, in->days);
	db_bind_int(st, 10, in->hours);
	db_bind_int(st, 11, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(r->db);
	st = db_stmt(r->db, SQL_PERIOD);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, pl_iso(r, in->start));
	db_bind_text(st, 3, pl_iso(r, in->end));
	db_bind_text(st, 4, pl_iso(r, in->decision));
	db_bind_int(st, 5, in->months);
	db_bind_int(st, 6, r->user->id);
	db_bind_int(st, 7, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? id : -1;
}

int placement_create(struct req *r)
{
	struct pl_place p;
	int64_t place_id = place_param(r);
	int rc = place_id ? pl_place_load(r, place_id, &p) : 1;
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (r->user->org_id == 0)
		return deny(r, "caseworker without an organisation");
	struct tvars *v = page_vars(r);
	struct new_input in;
	memset(&in, 0, sizeof(in));
	check_client(r, v, &in);
	check_dates(r, v, &in, &p);
	check_days_hours(r, v, &in, &p);
	const char *why = place_refusal(&p);
	if (why)
		field_error(v, "place", why);
	if (tv_get(v, "err_client_ref") == NULL &&
	    (rc = duplicate(r, p.id, in.ref)) != 0) {
		if (rc < 0)
			return -1;
		field_error(v, "client_ref",
		    _("This client already has a placement in this place."));
	}
	if (tv_get(v, "errors")) {
		form_vars(r, v, &p, in.days, in.hours);
		return render(r, 422, "placement_new", v, _("Place a client"));
	}
	int64_t id = insert(r, &in, &p);
	if (id < 0)
		return -1;
	const char *link =
	    arena_printf(r->a, "/placements/%lld", (long long)id);
	/* The provider learns the place, never who the client is. */
	if (notify_org(r->db, r->now, p.org_id, link,
	        N_("A new client has been placed in \"%s\"."), p.title))
		return -1;
	if (audit(r, "placement.create",
	        arena_printf(r->a, "placement:%lld", (long long)id),
	        arena_printf(r->a, "place:%lld", (long long)p.id)))
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=created", link));
}
