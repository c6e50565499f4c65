/* dashboard_caseworker.c: the caseworker's front page, over the
 * placements of the caseworker's own organisation (?1), like the
 * placements page.
 *
 * Decision periods ending: proposed or active placements whose latest
 * decision period ends within 30 days (Europe/Helsinki) or has already
 * ended without a new decision, the list the placements page shows.
 *
 * Free places: organisations are not tied to municipalities (the buyer
 * county covers them all), so "their municipalities" are those of the
 * places where this caseworker's own clients are placed now (proposed
 * or active); a caseworker with no current clients sees every
 * municipality. Free seats are counted as the catalogue counts them
 * (capacity less the proposed and active placements whose period has
 * not ended), over open places of contracts in force today. */
#include <string.h>

#include "dashboard.h"
#include "paikka/db.h"
#include "paikka/place.h"
#include "paikka/tmpl.h"

enum { PERIOD_DAYS = 30 };

/* ?1 organisation, ?2 today + PERIOD_DAYS. */
static const char SQL_PERIODS[] =
    "SELECT p.id, pl.title, coalesce(lp.end_date, p.start_date) AS ends "
    "FROM placements p JOIN places pl ON pl.id = p.place_id LEFT JOIN "
    "placement_periods lp ON lp.id = (SELECT id FROM placement_periods "
    "WHERE placement_id = p.id ORDER BY end_date DESC, id DESC LIMIT 1) "
    "WHERE p.caseworker_org_id = ?1 AND p.status IN ('proposed', 'active') "
    "AND coalesce(lp.end_date, p.start_date) <= ?2 ORDER BY ends, p.id";
static const char SQL_WAITING[] =
    "SELECT p.id, pl.title, o.name, p.created_at FROM placements p JOIN "
    "places pl ON pl.id = p.place_id JOIN organisations o ON o.id = "
    "p.org_id WHERE p.caseworker_org_id = ?1 AND p.status = 'proposed' "
    "ORDER BY p.created_at, p.id";
/* ?1 organisation, ?2 user. */
static const char SQL_MINE[] =
    "SELECT count(*) FROM placements WHERE caseworker_org_id = ?1 AND "
    "status IN ('proposed', 'active') AND caseworker_id = ?2";
/* ?1 organisation, ?2 user, ?3 today, ?4 1: only the municipalities of
 * the user's current placements. */
#define FREE_SEATS "p.capacity - " PLACE_SQL_TAKEN("?3")
static const char SQL_FREE[] =
    "SELECT m.id, m.name_fi, m.name_sv, count(*), sum(f.free) FROM (SELECT "
    "p.municipality_id AS mid, " FREE_SEATS " AS free FROM places p JOIN "
    "contracts c ON c.id = p.contract_id WHERE p.status = 'open' AND "
    "c.status = 'active' AND c.start_date <= ?3 AND c.end_date >= ?3) f "
    "JOIN municipalities m ON m.id = f.mid WHERE f.free > 0 AND (?4 = 0 OR "
    "m.id IN (SELECT pl.municipality_id FROM placements x JOIN places pl ON "
    "pl.id = x.place_id WHERE x.caseworker_org_id = ?1 AND x.status IN "
    "('proposed', 'active') AND x.caseworker_id = ?2)) GROUP BY m.id "
    "ORDER BY m.name_fi, m.id";

static int periods(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "periods",
	    _("Decision periods ending within 30 days"),
	    _("No decision period ends within 30 days."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_PERIODS);
	if (st == NULL)
		return -1;
	const char *today = dash_day(r, 0);
	db_bind_int(st, 1, r->user->org_id);
	db_bind_text(st, 2, dash_day(r, PERIOD_DAYS));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		long long id = sqlite3_column_int64(st, 0);
		const char *end = db_col_text(st, 2);
		const char *shown = dash_date_text(r, end);
		dash_entry(&d, arena_printf(r->a, "/placements/%lld", id),
		    arena_printf(
		        r->a, _("Placement %lld: %s"), id, db_col_text(st, 1)),
		    strcmp(end, today) < 0
		        ? arena_printf(r->a,
		              _("The period ended %s without a new decision."),
		              shown)
		        : arena_printf(r->a, _("The period ends %s."), shown));
	}
	dash_end(&d, "/placements", _("All your organisation's placements"));
	return dash_done(st, rc);
}

static int waiting(struct req *r, struct tvars *v)
{
	struct dash_item d;
	dash_begin(&d, r, v, "waiting",
	    _("Placements waiting for the provider"),
	    _("No placement waits for a provider's answer."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_WAITING);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dash_skip(&d))
			continue;
		long long id = sqlite3_column_int64(st, 0);
		dash_entry(&d, arena_printf(r->a, "/placements/%lld", id),
		    arena_printf(
		        r->a, _("Placement %lld: %s"), id, db_col_text(st, 1)),
		    arena_printf(r->a, _("%s, placed %s"), db_col_text(st, 2),
		        req_datetime(r, sqlite3_column_int64(st, 3))));
	}
	dash_end(&d, NULL, NULL);
	return dash_done(st, rc);
}

static int64_t mine(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_MINE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	db_bind_int(st, 2, r->user->id);
	int64_t n =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static int free_places(struct req *r, struct tvars *v)
{
	int64_t own = mine(r);
	if (own < 0)
		return -1;
	struct dash_item d;
	dash_begin(&d, r, v, "free", _("Free places in your municipalities"),
	    _("No free places."));
	dash_summary(&d,
	    own ? _("Free seats in the municipalities where your clients are "
	            "placed now.")
	        : _("Free seats in every municipality: you have no clients "
	            "placed now."),
	    "");
	sqlite3_stmt *st = db_stmt(r->db, SQL_FREE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	db_bind_int(st, 2, r->user->id);
	db_bind_text(st, 3, dash_day(r, 0));
	db_bind_int(st, 4, own > 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seats = sqlite3_column_int64(st, 4);
		if (!dash_skip(&d))
			dash_entry(&d,
			    arena_printf(r->a,
			        "/places?municipality=%lld&free=1",
			        (long long)sqlite3_column_int64(st, 0)),
			    dash_pick(
			        r, db_col_text(st, 1), db_col_text(st, 2)),
			    arena_printf(r->a,
			        _("Free seats: %lld, places: %lld"),
			        (long long)seats,
			        (long long)sqlite3_column_int64(st, 3)));
		d.count += seats - 1; /* the item counts seats */
	}
	dash_end(&d, "/places?free=1", _("Every place with free seats"));
	return dash_done(st, rc);
}

/* Who: caseworkers (home_page). */
int dash_caseworker(struct req *r, struct tvars *v)
{
	if (r->user->org_id == 0)
		return 0;
	if (periods(r, v) || waiting(r, v) || free_places(r, v))
		return -1;
	return 0;
}
