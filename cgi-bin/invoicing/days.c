/* days.c: the month grid of realised days (GET and POST /invoices/days).
 *
 * One row per placement of a contract active at any time in the month,
 * one <select> per day. A provider sees and records only its own
 * contracts (another organisation's contract is 404); finance and
 * administrators see any contract read-only, with placement numbers in
 * place of client data. Warnings are computed from the table on every
 * view (attendance.h), over whole ISO weeks and every placement of the
 * same clients. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invoicing.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/place.h"
#include "paikka/tmpl.h"

struct cal_date days_date(const char *iso)
{
	struct cal_date d = {0, 0, 0};
	if (iso && *iso)
		cal_parse_iso(iso, &d);
	return d;
}

const char *days_iso(struct req *r, struct cal_date d)
{
	char s[CAL_ISO_LEN];
	return arena_strdup(r->a, cal_format_iso(s, sizeof(s), d));
}

const char *days_show(struct req *r, struct cal_date d)
{
	return arena_printf(r->a, "%d.%d.%d", d.d, d.m, d.y);
}

static const char SQL_PLACEMENTS[] =
    "SELECT p.id, p.client_ref, p.client_name, p.start_date, "
    "coalesce(p.end_date, ''), coalesce((SELECT max(end_date) FROM "
    "placement_periods WHERE placement_id = p.id), ''), c.start_date, "
    "c.end_date, p.weekdays, p.contract_id FROM placements p "
    "JOIN contracts c ON c.id = p.contract_id "
    "WHERE p.status IN ('active', 'ended') AND "
    "((?1 > 0 AND p.contract_id = ?1) OR (?1 = 0 AND p.org_id = ?2)) "
    "AND p.start_date <= ?4 AND coalesce(p.end_date, '9999') >= ?3 "
    "ORDER BY p.client_ref, p.id";

int days_placements(struct req *r, int64_t contract, int64_t org,
    const char *from, const char *to, struct days_pl **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACEMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, contract);
	db_bind_int(st, 2, org);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(r->a, cap * sizeof(**out));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct days_pl *b =
			    arena_alloc(r->a, 2 * cap * sizeof(*b));
			memcpy(b, *out, cap * sizeof(*b));
			*out = b;
			cap *= 2;
		}
		struct days_pl *p = &(*out)[(*n)++];
		p->name = arena_strdup(r->a, db_col_text(st, 2));
		p->a.id = sqlite3_column_int64(st, 0);
		p->a.client_ref = arena_strdup(r->a, db_col_text(st, 1));
		p->a.start = days_date(db_col_text(st, 3));
		p->a.end = days_date(db_col_text(st, 4));
		p->a.period_end = days_date(db_col_text(st, 5));
		p->a.contract_start = days_date(db_col_text(st, 6));
		p->a.contract_end = days_date(db_col_text(st, 7));
		p->a.weekdays = (unsigned)sqlite3_column_int(st, 8);
		p->contract_id = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_UPSERT[] =
    "INSERT INTO attendance(placement_id, day, status, hours, recorded_by, "
    "recorded_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6) "
    "ON CONFLICT (placement_id, day) DO UPDATE SET status = excluded.status, "
    "hours = CASE WHEN ?7 THEN excluded.hours ELSE hours END, "
    "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at "
    "WHERE status IS NOT excluded.status OR (?7 AND hours IS NOT "
    "excluded.hours)";

int days_store(struct req *r, int64_t placement, const char *day,
    enum att_status s, int hours, int set_hours)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_UPSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, placement);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, att_status_code(s));
	db_bind_int(st, 4, hours);
	db_bind_int(st, 5, r->user->id);
	db_bind_int(st, 6, r->now);
	db_bind_int(st, 7, set_hours);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(r->db);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? changed : -1;
}

static const char SQL_DELETE[] =
    "DELETE FROM attendance WHERE placement_id = ? AND day = ?";

static int days_delete(struct req *r, int64_t placement, const char *day)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DELETE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, placement);
	db_bind_text(st, 2, day);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(r->db);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? changed : -1;
}

/* Recorded days of every placement of the contract's clients from the
 * Monday before the month to the Sunday after it; or only the present
 * ones, read from the index attendance_placement_status alone. */
#define SQL_RECORDED_WHERE(status)                                             \
	"SELECT a.placement_id, p.client_ref, p.weekdays, a.day, a.status, "   \
	"coalesce(a.hours, 0) FROM attendance a "                              \
	"JOIN placements p ON p.id = a.placement_id "                          \
	"WHERE p.client_ref IN (SELECT client_ref FROM placements WHERE "      \
	"contract_id = ?1) AND a.day BETWEEN ?2 AND ?3" status
static const char SQL_RECORDED[] = SQL_RECORDED_WHERE("");
static const char SQL_RECORDED_PRESENT[] =
    SQL_RECORDED_WHERE(" AND a.status = 'present'");

int days_recorded(struct req *r, int64_t contract, struct cal_date first,
    struct cal_date last, int present_only, struct att_day **out, size_t *n)
{
	sqlite3_stmt *st =
	    db_stmt(r->db, present_only ? SQL_RECORDED_PRESENT : SQL_RECORDED);
	if (st == NULL)
		return -1;
	struct cal_date mon = att_iso_monday(first);
	struct cal_date sun = cal_add_days(
	    last.y, last.m, last.d, 7 - cal_weekday(last.y, last.m, last.d));
	db_bind_int(st, 1, contract);
	db_bind_text(st, 2, days_iso(r, mon));
	db_bind_text(st, 3, days_iso(r, sun));
	size_t cap = 64;
	*n = 0;
	*out = arena_alloc(r->a, cap * sizeof(**out));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct att_day *b =
			    arena_alloc(r->a, 2 * cap * sizeof(*b));
			memcpy(b, *out, cap * sizeof(*b));
			*out = b;
			cap *= 2;
		}
		struct att_day *d = &(*out)[(*n)++];
		d->placement_id = sqlite3_column_int64(st, 0);
		d->client_ref = arena_strdup(r->a, db_col_text(st, 1));
		d->weekdays = (unsigned)sqlite3_column_int(st, 2);
		d->day = days_date(db_col_text(st, 3));
		d->status = att_status_from_code(db_col_text(st, 4));
		d->hours = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- the contract and month ------------------------------------------ */

struct grid {
	int64_t contract, org;
	const char *org_name;
	int year, month, ndays;
	struct days_pl *pl;
	size_t npl;
	int own; /* the caller is the contract's provider */
};

/* A provider's own contracts, or (org 0) every one. Two texts, because
 * "?1 = 0 OR c.org_id = ?1" cannot use the org_id index: it read all
 * 10,000 contracts at national scale, 0.7 ms of every grid request. */
#define SQL_CONTRACTS_WHERE(org)                                               \
	"SELECT c.id, o.name, c.start_date, c.end_date, c.status, c.org_id "   \
	"FROM contracts c JOIN organisations o ON o.id = c.org_id "            \
	"WHERE c.status IN ('active', 'ended', 'terminated') " org             \
	"ORDER BY c.status <> 'active', o.name, c.id"
static const char SQL_CONTRACTS_OWN[] =
    SQL_CONTRACTS_WHERE("AND c.org_id = ?1 ");
static const char SQL_CONTRACTS_ALL[] = SQL_CONTRACTS_WHERE("");

/* Fills the contract picker and picks the contract: the one asked for
 * when the caller may see it, else the first. 1 when an asked-for
 * contract is not the caller's (404), -1 on error. */
static int pick_contract(
    struct req *r, struct tvars *v, const char *asked, struct grid *g)
{
	int64_t own = r->user->role == ROLE_PROVIDER ? r->user->org_id : 0;
	int64_t want = asked && *asked ? atoll(asked) : 0;
	if (asked && *asked && want <= 0)
		return 1;
	sqlite3_stmt *st =
	    db_stmt(r->db, own ? SQL_CONTRACTS_OWN : SQL_CONTRACTS_ALL);
	if (st == NULL)
		return -1;
	if (own)
		db_bind_int(st, 1, own);
	struct tlist *l = tv_list(v, "contracts");
	int rc;
	g->contract = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int pick = want ? id == want : g->contract == 0;
		if (pick) {
			g->contract = id;
			g->org = sqlite3_column_int64(st, 5);
			g->org_name = arena_strdup(r->a, db_col_text(st, 1));
		}
		struct tvars *it = tl_add(l);
		tv_setf(it, "id", "%lld", (long long)id);
		tv_setf(it, "label", "%s %lld, %s–%s", db_col_text(st, 1),
		    (long long)id, db_col_text(st, 2), db_col_text(st, 3));
		tv_bool(it, "selected", pick);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	g->own = g->contract && own && g->org == own;
	return want && g->contract == 0 ? 1 : 0;
}

/* "YYYY-MM" into the grid, or today's Helsinki month when absent; 0 when
 * malformed. */
static int pick_month(struct req *r, const char *s, struct grid *g)
{
	struct cal_date today = award_helsinki_date(r->now);
	g->year = today.y;
	g->month = today.m;
	if (s && *s) {
		char iso[16];
		if (strlen(s) != 7 ||
		    snprintf(iso, sizeof(iso), "%s-01", s) != 10 ||
		    !cal_parse_iso(iso, NULL))
			return 0;
		g->year = atoi(s);
		g->month = atoi(s + 5);
	}
	g->ndays = cal_days_in_month(g->year, g->month);
	return 1;
}

static int load_grid(struct req *r, struct tvars *v, const char *contract,
    const char *month, struct grid *g)
{
	memset(g, 0, sizeof(*g));
	if (!pick_month(r, month, g))
		return 1;
	int rc = pick_contract(r, v, contract, g);
	if (rc)
		return rc;
	if (g->contract == 0)
		return 0;
	char from[16], to[16];
	snprintf(from, sizeof(from), "%04d-%02d-01", g->year, g->month);
	snprintf(to, sizeof(to), "%04d-%02d-%02d", g->year, g->month, g->ndays);
	return days_placements(r, g->contract, 0, from, to, &g->pl, &g->npl);
}

/* --- rendering -------------------------------------------------------- */

static const char *cell_name(struct req *r, int64_t pid, int day)
{
	return arena_printf(r->a, "c%lld_%d", (long long)pid, day);
}

static const char *row_label(struct req *r, const struct grid *g, size_t i)
{
	return g->own ? g->pl[i].a.client_ref
	              : arena_printf(r->a, _("Placement %lld"),
	                    (long long)g->pl[i].a.id);
}

/* The typed value of a cell when re-rendering a refused POST. */
static const char *typed_value(
    struct req *r, const char **errs, const char *name)
{
	return errs ? req_form(r, name) : NULL;
}

static void add_options(struct req *r, struct tvars *cell, const char *cur)
{
	struct tlist *l = tv_list(cell, "options");
	for (int s = ATT_NONE; s <= ATT_ABSENT_OTHER; s++) {
		struct tvars *o = tl_add(l);
		tv_set(o, "value", att_status_code((enum att_status)s));
		tv_set(o, "text",
		    s == ATT_NONE ? ""
		                  : _(att_status_label((enum att_status)s)));
		tv_bool(o, "sel", strcmp(cur, att_status_code(s)) == 0);
	}
	(void)r;
}

/* Renders the grid; typed (may be NULL) holds the values of a refused
 * POST and errs[i] the message of row i. */
static int render_grid(struct req *r, struct tvars *v, struct grid *g,
    int status, const char **errs)
{
	tv_bool(v, "own", g->own);
	tv_setf(v, "month", "%04d-%02d", g->year, g->month);
	/* An approved month is shown read-only. */
	int locked =
	    g->contract && month_locked(r, g->contract, tv_get(v, "month"));
	tv_bool(v, "locked", locked);
	tv_bool(v, "edit", g->own && !locked);
	tv_setf(v, "month_show", "%d/%d", g->month, g->year);
	tv_set(v, "org_name", g->org_name ? g->org_name : "");
	tv_setf(v, "contract", "%lld", (long long)g->contract);
	tv_bool(v, "has_contract", g->contract != 0);
	const char *m = req_query(r, "msg");
	tv_bool(v, "saved", m && strcmp(m, "saved") == 0);
	tv_bool(v, "uploaded", m && strcmp(m, "uploaded") == 0);
	struct tlist *hd = tv_list(v, "days");
	for (int d = 1; d <= g->ndays; d++) {
		struct tvars *it = tl_add(hd);
		int wd = cal_weekday(g->year, g->month, d);
		enum cal_holiday h = cal_finnish_holiday(g->year, g->month, d);
		tv_setf(it, "d", "%d", d);
		/* Short names keep the grid narrow; the full name is the
		 * abbreviation's title. */
		tv_set(it, "wd", _(place_weekdays[wd - 1].abbr));
		tv_set(it, "wd_full", _(placement_weekday_name(wd)));
		tv_bool(it, "off", wd >= 6 || h != CAL_NOT_HOLIDAY);
		tv_set(it, "holiday", h ? _(cal_holiday_name(h)) : "");
	}
	struct att_day *rec = NULL;
	size_t nrec = 0;
	struct cal_date first = {g->year, g->month, 1},
	                last = {g->year, g->month, g->ndays};
	if (g->contract &&
	    days_recorded(r, g->contract, first, last, 0, &rec, &nrec) < 0)
		return -1;
	if (!g->contract)
		nrec = 0;
	att_warnings(rec, nrec);
	struct tlist *rows = tv_list(v, "rows");
	struct tlist *warns = tv_list(v, "warnings");
	for (size_t i = 0; i < g->npl; i++) {
		struct days_pl *p = &g->pl[i];
		struct tvars *row = tl_add(rows);
		tv_set(row, "ref", row_label(r, g, i));
		tv_set(row, "name", g->own ? p->name : "");
		tv_set(row, "err", errs && errs[i] ? errs[i] : "");
		struct tlist *cells = tv_list(row, "cells");
		for (int d = 1; d <= g->ndays; d++) {
			struct cal_date day = {g->year, g->month, d};
			struct tvars *c = tl_add(cells);
			const char *cur = "";
			for (size_t k = 0; k < nrec; k++)
				if (rec[k].placement_id == p->a.id &&
				    placement_date_cmp(rec[k].day, day) == 0)
					cur = att_status_code(rec[k].status);
			const char *name = cell_name(r, p->a.id, d);
			const char *t = typed_value(r, errs, name);
			if (t)
				cur = t;
			int wd = cal_weekday(g->year, g->month, d);
			tv_bool(c, "planned",
			    (p->a.weekdays & placement_weekday_bit(wd)) != 0);
			tv_bool(c, "editable",
			    g->own && !locked &&
			        att_check_day(&p->a, day) == ATT_OK);
			tv_set(c, "name", name);
			tv_set(c, "label",
			    arena_printf(r->a, "%s, %s", row_label(r, g, i),
			        days_show(r, day)));
			tv_set(c, "short",
			    *cur == 'p'   ? "✓"
			    : *cur == 'a' ? "–"
			                  : "");
			add_options(r, c, cur);
		}
	}
	for (size_t k = 0; k < nrec; k++) {
		struct att_day *d = &rec[k];
		if (!d->warn || d->day.y != g->year || d->day.m != g->month)
			continue;
		size_t i = 0;
		while (i < g->npl && g->pl[i].a.id != d->placement_id)
			i++;
		if (i == g->npl)
			continue;
		struct buf b;
		buf_init(&b);
		for (unsigned w = 1; w <= ATT_W_SAME_CLIENT; w <<= 1)
			if (d->warn & w) {
				buf_puts(&b, b.len ? " " : "");
				buf_puts(
				    &b, _(att_warn_message((enum att_warn)w)));
			}
		struct tvars *it = tl_add(warns);
		tv_set(it, "who", row_label(r, g, i));
		tv_set(it, "day", days_show(r, d->day));
		tv_set(it, "text", b.data ? b.data : "");
		buf_free(&b);
	}
	return render(r, status, "invoicing_days", v, _("Realised days"));
}

int inv_days_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct grid g;
	int rc = load_grid(
	    r, v, req_query(r, "contract"), req_query(r, "month"), &g);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return render_grid(r, v, &g, 200, NULL);
}

int inv_days_save(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct grid g;
	int rc =
	    load_grid(r, v, req_form(r, "contract"), req_form(r, "month"), &g);
	if (rc || !g.own)
		return rc < 0 ? -1 : not_found(r);
	const char **errs = arena_alloc(r->a, (g.npl + 1) * sizeof(*errs));
	int nerr = 0, changed = 0;
	char month[8];
	snprintf(month, sizeof(month), "%04d-%02d", g.year, g.month);
	/* A stale page posted after the approval: one message, not one per
	 * row. */
	if (month_locked(r, g.contract, month)) {
		r->rollback = 1;
		tv_set(v, "errors", "1");
		tv_set(v, "err_locked", _(att_error_message(ATT_E_LOCKED)));
		return render_grid(r, v, &g, 422, NULL);
	}
	for (size_t i = 0; i < g.npl; i++) {
		for (int d = 1; d <= g.ndays; d++) {
			const char *val =
			    req_form(r, cell_name(r, g.pl[i].a.id, d));
			if (val == NULL)
				continue;
			struct cal_date day = {g.year, g.month, d};
			enum att_status s = att_status_from_code(val);
			enum att_err e = *val && s == ATT_NONE
			                     ? ATT_E_STATUS
			                     : att_check_day(&g.pl[i].a, day);
			if (e == ATT_E_PERIOD || e == ATT_E_CONTRACT) {
				if (!*val)
					continue; /* nothing to store anyway */
			}
			if (e) {
				if (!errs[i])
					errs[i] = arena_printf(r->a, "%s: %s",
					    days_show(r, day),
					    _(att_error_message(e)));
				nerr++;
				continue;
			}
			const char *iso = days_iso(r, day);
			int n = *val ? days_store(r, g.pl[i].a.id, iso, s, 0, 0)
			             : days_delete(r, g.pl[i].a.id, iso);
			if (n < 0)
				return -1;
			changed += n;
		}
	}
	if (nerr) {
		r->rollback = 1;
		tv_set(v, "errors", "1");
		return render_grid(r, v, &g, 422, errs);
	}
	char obj[32], det[64];
	snprintf(obj, sizeof(obj), "contract:%lld", (long long)g.contract);
	snprintf(det, sizeof(det), "month=%s changed=%d", month, changed);
	if (audit(r, "attendance.grid", obj, det) < 0)
		return -1;
	return redirect(
	    r, arena_printf(r->a,
	           "/invoices/days?contract=%lld&month=%s&msg=saved",
	           (long long)g.contract, month));
}
