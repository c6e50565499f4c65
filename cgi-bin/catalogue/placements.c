/* placements.c: the list of placements (GET /placements), the placement
 * part of a place page, and what the placement handlers share (loading a
 * place or a placement, who may see it, showing dates and days).
 *
 * Client data (client_ref, client_name) is shown only to administrators,
 * to caseworkers of the organisation that placed the client and to the
 * provider while the placement is proposed or active; every page that
 * shows it writes a "placement.view" audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/placement.h"
#include "paikka/tmpl.h"
#include "placement_impl.h"

/* --- shared helpers ---------------------------------------------------- */

struct cal_date pl_today(struct req *r)
{
	return award_helsinki_date(r->now);
}

const char *pl_iso(struct req *r, struct cal_date d)
{
	char s[CAL_ISO_LEN];
	return arena_strdup(r->a, cal_format_iso(s, sizeof(s), d));
}

const char *pl_today_iso(struct req *r)
{
	return pl_iso(r, pl_today(r));
}

const char *pl_show_date(struct req *r, const char *iso)
{
	char s[32];
	return arena_strdup(r->a, fmt_isodate(s, sizeof(s), iso));
}

/* Seats taken on date ?2: proposed or active placements whose latest
 * period has not ended. The same expression counts in the transaction
 * that places a client, so the count and the insert are one step. */
#define SQL_TAKEN                                                              \
	"(SELECT count(*) FROM placements p WHERE p.place_id = pl.id AND "     \
	"p.status IN ('proposed', 'active') AND (SELECT max(end_date) "        \
	"FROM placement_periods pp WHERE pp.placement_id = p.id) >= ?2)"

static const char SQL_PLACE[] =
    "SELECT pl.org_id, pl.contract_id, pl.title, o.name, pl.status, "
    "pl.weekdays, pl.hours_min, pl.hours_max, pl.capacity, c.status, "
    "c.start_date, c.end_date, coalesce(m.name_fi, ''), "
    "coalesce(m.name_sv, ''), " SQL_TAKEN " FROM places pl "
    "JOIN contracts c ON c.id = pl.contract_id "
    "JOIN organisations o ON o.id = pl.org_id "
    "LEFT JOIN municipalities m ON m.id = pl.municipality_id "
    "WHERE pl.id = ?1";

int pl_place_load(struct req *r, int64_t id, struct pl_place *p)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, pl_today_iso(r));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->id = id;
		p->org_id = sqlite3_column_int64(st, 0);
		p->contract_id = sqlite3_column_int64(st, 1);
		p->title = arena_strdup(r->a, db_col_text(st, 2));
		p->org_name = arena_strdup(r->a, db_col_text(st, 3));
		p->status = arena_strdup(r->a, db_col_text(st, 4));
		p->weekdays = (unsigned)sqlite3_column_int(st, 5);
		p->hours_min = sqlite3_column_int(st, 6);
		p->hours_max = sqlite3_column_int(st, 7);
		p->capacity = sqlite3_column_int(st, 8);
		p->contract_status = arena_strdup(r->a, db_col_text(st, 9));
		p->contract_start = arena_strdup(r->a, db_col_text(st, 10));
		p->contract_end = arena_strdup(r->a, db_col_text(st, 11));
		p->municipality = arena_strdup(
		    r->a, db_col_text(st,
		              r->lang == LANG_SV && sqlite3_column_bytes(st, 13)
		                  ? 13
		                  : 12));
		p->taken = sqlite3_column_int(st, 14);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int pl_place_free(const struct pl_place *p)
{
	return p->capacity > p->taken ? p->capacity - p->taken : 0;
}

int pl_contract_in_force(const struct pl_place *p, const char *iso)
{
	return strcmp(p->contract_status, "active") == 0 &&
	       strcmp(p->contract_start, iso) <= 0 &&
	       strcmp(iso, p->contract_end) <= 0;
}

static const char SQL_PLACEMENT[] =
    "SELECT p.client_ref, p.client_name, p.place_id, p.contract_id, "
    "p.org_id, p.caseworker_id, p.caseworker_org_id, p.start_date, "
    "p.weekdays, p.hours_per_day, p.status, coalesce(p.confirmed_at, 0), "
    "coalesce(p.declined_at, 0), p.decline_reason, "
    "coalesce(p.end_date, ''), coalesce(p.outcome, ''), p.created_at, "
    "pl.title, o.name, u.name, coalesce(lp.start_date, p.start_date), "
    "coalesce(lp.end_date, p.start_date), coalesce((SELECT "
    "min(start_date) FROM placement_periods WHERE placement_id = p.id), "
    "p.start_date), (SELECT t.needs_assessment FROM contracts c JOIN "
    "service_types t ON t.id = c.service_type_id WHERE c.id = "
    "p.contract_id) FROM placements p "
    "JOIN places pl ON pl.id = p.place_id "
    "JOIN organisations o ON o.id = p.org_id "
    "JOIN users u ON u.id = p.caseworker_id "
    "LEFT JOIN placement_periods lp ON lp.id = (SELECT id FROM "
    "placement_periods WHERE placement_id = p.id ORDER BY end_date DESC, "
    "id DESC LIMIT 1) WHERE p.id = ?";

static const char *col(struct req *r, sqlite3_stmt *st, int i)
{
	return arena_strdup(r->a, db_col_text(st, i));
}

int pl_load(struct req *r, int64_t id, struct pl_row *p)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACEMENT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->id = id;
		p->client_ref = col(r, st, 0);
		p->client_name = col(r, st, 1);
		p->place_id = sqlite3_column_int64(st, 2);
		p->contract_id = sqlite3_column_int64(st, 3);
		p->org_id = sqlite3_column_int64(st, 4);
		p->caseworker_id = sqlite3_column_int64(st, 5);
		p->caseworker_org_id = sqlite3_column_int64(st, 6);
		p->start_date = col(r, st, 7);
		p->weekdays = (unsigned)sqlite3_column_int(st, 8);
		p->hours = sqlite3_column_int(st, 9);
		p->status = col(r, st, 10);
		p->confirmed_at = sqlite3_column_int64(st, 11);
		p->declined_at = sqlite3_column_int64(st, 12);
		p->decline_reason = col(r, st, 13);
		p->end_date = col(r, st, 14);
		p->outcome = col(r, st, 15);
		p->created_at = sqlite3_column_int64(st, 16);
		p->place_title = col(r, st, 17);
		p->org_name = col(r, st, 18);
		p->caseworker_name = col(r, st, 19);
		p->period_start = col(r, st, 20);
		p->period_end = col(r, st, 21);
		p->first_start = col(r, st, 22);
		p->needs_assessment = sqlite3_column_int(st, 23);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int pl_is_placer(struct req *r, const struct pl_row *p)
{
	return r->user && r->user->role == ROLE_CASEWORKER &&
	       r->user->org_id != 0 && r->user->org_id == p->caseworker_org_id;
}

int pl_is_provider(struct req *r, const struct pl_row *p)
{
	return r->user && r->user->role == ROLE_PROVIDER &&
	       r->user->org_id != 0 && r->user->org_id == p->org_id;
}

int pl_visible(struct req *r, const struct pl_row *p)
{
	if (r->user == NULL)
		return 0;
	if (r->user->role == ROLE_ADMIN)
		return 1;
	if (pl_is_placer(r, p))
		return 1;
	/* The provider works with the client only while it is placed. */
	return pl_is_provider(r, p) && (strcmp(p->status, "proposed") == 0 ||
	                                   strcmp(p->status, "active") == 0);
}

const char *pl_days_text(struct req *r, unsigned days)
{
	const char *s = "";
	for (int d = 1; d <= 7; d++) {
		if (!(days & placement_weekday_bit(d)))
			continue;
		s = arena_printf(r->a, "%s%s%s", s, *s ? ", " : "",
		    _(placement_weekday_name(d)));
	}
	return s;
}

const char *pl_status_text(const char *status)
{
	const char *label = placement_status_label(status);
	return label ? _(label) : status;
}

int pl_audit_view(struct req *r, const char *object, const char *details)
{
	return audit(r, "placement.view", object, details);
}

/* --- GET /placements -------------------------------------------------- */

/* The columns of one list row; the WHERE and ORDER BY differ per role. */
#define SQL_LIST_COLS                                                          \
	"SELECT p.id, p.client_name, p.client_ref, p.place_id, pl.title, "     \
	"o.name, p.status, p.start_date, coalesce(lp.start_date, "             \
	"p.start_date), coalesce(lp.end_date, p.start_date), p.weekdays, "     \
	"p.hours_per_day, coalesce(p.end_date, '') FROM placements p "         \
	"JOIN places pl ON pl.id = p.place_id JOIN organisations o ON "        \
	"o.id = p.org_id LEFT JOIN placement_periods lp ON lp.id = (SELECT "   \
	"id FROM placement_periods WHERE placement_id = p.id ORDER BY "        \
	"end_date DESC, id DESC LIMIT 1) "
#define SQL_CURRENT " p.status IN ('proposed', 'active') "
#define SQL_PAST " p.status IN ('declined', 'ended') "
/* Past placements: the latest 200 are enough for a page. */
#define SQL_PAST_ORDER                                                         \
	" ORDER BY coalesce(p.end_date, p.start_date) DESC, p.id DESC LIMIT "  \
	"200"

/* Current placements come a page at a time (PAGE rows; one more is read
 * to know whether a next page exists); past ones are the latest 200. */
enum { PAGE = 100 };
#define SQL_PAGE " LIMIT 101 OFFSET ?2"
static const char SQL_LIST_CW[] =
    SQL_LIST_COLS "WHERE p.caseworker_org_id = ?1 AND" SQL_CURRENT
                  "ORDER BY p.client_name, p.id" SQL_PAGE;
static const char SQL_LIST_CW_PAST[] =
    SQL_LIST_COLS "WHERE p.caseworker_org_id = ?1 AND" SQL_PAST SQL_PAST_ORDER;
static const char SQL_LIST_PROVIDER[] =
    SQL_LIST_COLS "WHERE p.org_id = ?1 AND" SQL_CURRENT
                  "ORDER BY p.status = 'active', p.client_name, p.id" SQL_PAGE;
static const char SQL_LIST_ADMIN[] = SQL_LIST_COLS
    "WHERE ?1 = ?1 AND" SQL_CURRENT "ORDER BY p.client_name, p.id" SQL_PAGE;
static const char SQL_LIST_ADMIN_PAST[] =
    SQL_LIST_COLS "WHERE ?1 = ?1 AND" SQL_PAST SQL_PAST_ORDER;
/* Decision periods ending by ?2 (or ended without a new decision), over
 * all pages. */
#define SQL_ENDING                                                             \
	" AND" SQL_CURRENT "AND coalesce(lp.end_date, p.start_date) <= ?2 "    \
	"ORDER BY coalesce(lp.end_date, p.start_date), p.client_name, p.id "   \
	"LIMIT 200"
static const char SQL_ENDING_CW[] =
    SQL_LIST_COLS "WHERE p.caseworker_org_id = ?1" SQL_ENDING;
static const char SQL_ENDING_ADMIN[] = SQL_LIST_COLS "WHERE ?1 = ?1" SQL_ENDING;

/* One list row into item it; returns the latest period's end date. */
static const char *list_row(struct req *r, sqlite3_stmt *st, struct tvars *it)
{
	tv_set(it, "id", db_col_text(st, 0));
	tv_set(it, "client_name", db_col_text(st, 1));
	tv_set(it, "client_ref", db_col_text(st, 2));
	tv_set(it, "place_id", db_col_text(st, 3));
	tv_set(it, "place_title", db_col_text(st, 4));
	tv_set(it, "provider", db_col_text(st, 5));
	const char *status = db_col_text(st, 6);
	tv_set(it, "status", pl_status_text(status));
	tv_bool(it, "proposed", strcmp(status, "proposed") == 0);
	tv_set(it, "start", pl_show_date(r, db_col_text(st, 7)));
	tv_set(it, "period_start", pl_show_date(r, db_col_text(st, 8)));
	const char *end = arena_strdup(r->a, db_col_text(st, 9));
	tv_set(it, "period_end", pl_show_date(r, end));
	tv_set(
	    it, "days", pl_days_text(r, (unsigned)sqlite3_column_int(st, 10)));
	tv_set(it, "hours", db_col_text(st, 11));
	tv_set(it, "ended", pl_show_date(r, db_col_text(st, 12)));
	return end;
}

/* Fills list key from sql with ?1 the caller's organisation and ?2 arg
 * (a page's offset, a date or nothing); at most max rows are listed, and
 * "ending" rows get "lapsed" when their period is over. Returns the
 * number of rows read, or -1. */
static int list_fill(struct req *r, struct tvars *v, const char *sql,
    const char *key, const char *arg, int max)
{
	const char *today = pl_today_iso(r);
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	if (arg)
		db_bind_text(st, 2, arg);
	struct tlist *l = tv_list(v, key);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++n > max)
			continue;
		struct tvars *it = tl_add(l);
		const char *end = list_row(r, st, it);
		tv_bool(it, "lapsed", strcmp(end, today) < 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int placements_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	unsigned role = r->user->role;
	int past =
	    req_query(r, "show") && strcmp(req_query(r, "show"), "past") == 0;
	if (role == ROLE_PROVIDER)
		past = 0; /* ended and declined ones are not the provider's */
	long page;
	if (req_page(r, &page))
		return bad_request(r, 400, _("The page number is not valid."));
	const char *sql = role == ROLE_PROVIDER ? SQL_LIST_PROVIDER
	                  : role == ROLE_ADMIN
	                      ? (past ? SQL_LIST_ADMIN_PAST : SQL_LIST_ADMIN)
	                  : past ? SQL_LIST_CW_PAST
	                         : SQL_LIST_CW;
	const char *offset =
	    past ? NULL : arena_printf(r->a, "%ld", (page - 1) * PAGE);
	int n = list_fill(r, v, sql, "rows", offset, past ? 200 : PAGE);
	if (n < 0)
		return -1;
	if (!past && role != ROLE_PROVIDER) {
		struct cal_date t = pl_today(r);
		const char *soon = pl_iso(r, cal_add_days(t.y, t.m, t.d, 30));
		if (list_fill(r, v,
		        role == ROLE_ADMIN ? SQL_ENDING_ADMIN : SQL_ENDING_CW,
		        "ending", soon, 200) < 0)
			return -1;
	}
	if (!past && page > 1 && n == 0)
		return not_found(r);
	if (!past) {
		int shown = n > PAGE ? PAGE : n;
		pager_vars(v, page, n > PAGE);
		tv_setf(v, "first_row", "%ld", (page - 1) * PAGE + (shown > 0));
		tv_setf(v, "last_row", "%ld", (page - 1) * PAGE + shown);
		n = shown;
	}
	tv_bool(v, "past", past);
	tv_bool(v, "can_past", role != ROLE_PROVIDER);
	tv_bool(v, "show_provider", role != ROLE_PROVIDER);
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "declined") == 0)
		tv_set(v, "flash",
		    _("The placement has been declined. The "
		      "caseworker has been told."));
	if (n > 0 &&
	    pl_audit_view(r, "placements:list",
	        arena_printf(r->a, "%s %d rows", past ? "past" : "current", n)))
		return -1;
	return render(r, 200, "placements", v, _("Placements"));
}

/* --- the placement part of a place page --------------------------------- */

static const char SQL_PLACE_ROWS_PROVIDER[] =
    SQL_LIST_COLS "WHERE p.place_id = ?2 AND p.org_id = ?1 AND" SQL_CURRENT
                  "ORDER BY p.status = 'active', p.client_name, p.id";
static const char SQL_PLACE_ROWS_CW[] = SQL_LIST_COLS
    "WHERE p.place_id = ?2 AND p.caseworker_org_id = ?1 AND" SQL_CURRENT
    "ORDER BY p.client_name, p.id";

/* The placements in place_id that the user works with, as pp_rows;
 * returns their number or -1. */
static int place_rows(
    struct req *r, struct tvars *v, const char *sql, int64_t place_id)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	db_bind_int(st, 2, place_id);
	struct tlist *l = tv_list(v, "pp_rows");
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "pp_id", db_col_text(st, 0));
		tv_set(it, "pp_client_name", db_col_text(st, 1));
		tv_set(it, "pp_client_ref", db_col_text(st, 2));
		tv_set(it, "pp_status", pl_status_text(db_col_text(st, 6)));
		tv_set(it, "pp_period",
		    arena_printf(r->a, "%s–%s",
		        pl_show_date(r, db_col_text(st, 8)),
		        pl_show_date(r, db_col_text(st, 9))));
		tv_set(it, "pp_days",
		    pl_days_text(r, (unsigned)sqlite3_column_int(st, 10)));
		tv_set(it, "pp_hours", db_col_text(st, 11));
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int placement_place_vars(struct req *r, struct tvars *v, int64_t place_id)
{
	struct pl_place p;
	int rc = pl_place_load(r, place_id, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	int is_cw = r->user && r->user->role == ROLE_CASEWORKER;
	int is_own = r->user && r->user->role == ROLE_PROVIDER &&
	             r->user->org_id == p.org_id;
	int open = strcmp(p.status, "open") == 0;
	tv_bool(v, "pp_show", 1);
	tv_setf(v, "pp_capacity", "%d", p.capacity);
	tv_setf(v, "pp_free", "%d", pl_place_free(&p));
	tv_bool(v, "pp_full", pl_place_free(&p) == 0);
	tv_bool(v, "pp_open", open);
	tv_bool(v, "pp_can_place",
	    is_cw && open && pl_place_free(&p) > 0 &&
	        strcmp(p.contract_status, "active") == 0 &&
	        strcmp(pl_today_iso(r), p.contract_end) <= 0);
	tv_setf(v, "pp_new_link", "/placements/new?place=%lld",
	    (long long)place_id);
	if (!is_cw && !is_own)
		return 0;
	tv_bool(v, "pp_list", 1);
	tv_bool(v, "pp_provider_view", is_own);
	int n = place_rows(r, v,
	    is_own ? SQL_PLACE_ROWS_PROVIDER : SQL_PLACE_ROWS_CW, place_id);
	if (n < 0)
		return -1;
	if (n > 0 && pl_audit_view(r, "placements:list",
	                 arena_printf(r->a, "place:%lld %d rows",
	                     (long long)place_id, n)))
		return -1;
	return 0;
}
