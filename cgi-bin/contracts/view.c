/* view.c: one contract's page: its terms, its history (signing,
 * extensions, end), its places, how many clients are placed under it and
 * the days realised so far; for officers, the form of each step the
 * contract's status allows. Staff read every contract; a provider reads
 * its own organisation's only (another's answers 404, as if it did not
 * exist). Also the helpers the other handlers share. */
#include <stdlib.h>
#include <string.h>

#include "contracts.h"
#include "paikka/award.h"
#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

/* --- shared helpers --------------------------------------------------------
 */

const char *contract_ref(struct req *r, int64_t id)
{
	return arena_printf(r->a, "contract:%lld", (long long)id);
}

const char *contract_href(struct req *r, int64_t id, const char *msg)
{
	return arena_printf(r->a, "/contracts/%lld?msg=%s", (long long)id, msg);
}

char *contract_today(struct req *r, char out[CAL_ISO_LEN])
{
	return cal_format_iso(out, CAL_ISO_LEN, award_helsinki_date(r->now));
}

const char *contract_date_text(struct req *r, const char *iso)
{
	char s[32];
	return arena_strdup(r->a, fmt_isodate(s, sizeof(s), iso));
}

const char *contract_pick_lang(
    struct req *r, const char *fi, const char *sv, const char *en)
{
	const char *s = r->lang == LANG_SV ? sv : r->lang == LANG_EN ? en : fi;
	return s && *s ? s : fi;
}

static const char SQL_CLOSE_PLACES[] =
    "UPDATE places SET status = 'closed', updated_at = ? WHERE "
    "contract_id = ? AND status <> 'closed'";

int contract_close_places(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CLOSE_PLACES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_changes(r->db) : -1;
}

/* --- loading ---------------------------------------------------------------
 */

static const char SQL_CONTRACT[] =
    "SELECT c.id, c.org_id, coalesce(c.tender_id, 0), coalesce(c.lot_id, "
    "0), c.service_type_id, c.daily_price_cents, coalesce(c.ranking, 0), "
    "c.capacity, coalesce(c.activated_at, 0), coalesce(c.ended_at, 0), "
    "c.created_at, c.direct_award, coalesce(l.number, 0), c.status, "
    "o.name, s.name_fi, s.name_sv, s.name_en, c.form, c.start_date, "
    "c.end_date, c.extension_options, c.justification, "
    "coalesce(c.signed_date, ''), c.signer_name, coalesce(su.name, ''), "
    "c.termination_reason, coalesce(t.title_fi, ''), coalesce(t.title_sv, "
    "''), coalesce(l.title, ''), coalesce(cu.name, '') "
    "FROM contracts c JOIN organisations o ON o.id = c.org_id "
    "JOIN service_types s ON s.id = c.service_type_id "
    "LEFT JOIN tenders t ON t.id = c.tender_id "
    "LEFT JOIN lots l ON l.id = c.lot_id "
    "LEFT JOIN users su ON su.id = c.signed_by "
    "LEFT JOIN users cu ON cu.id = c.created_by WHERE c.id = ?";

static const char *col(struct req *r, sqlite3_stmt *st, int i)
{
	return arena_strdup(r->a, db_col_text(st, i));
}

/* Fills c from the current row of SQL_CONTRACT. */
static void contract_from_row(
    struct req *r, sqlite3_stmt *st, struct contract_row *c)
{
	int64_t *ints[] = {&c->id, &c->org_id, &c->tender_id, &c->lot_id,
	    &c->service_type_id, &c->daily_price_cents, &c->ranking,
	    &c->capacity, &c->activated_at, &c->ended_at, &c->created_at};
	for (int i = 0; i < 11; i++)
		*ints[i] = sqlite3_column_int64(st, i);
	c->direct_award = sqlite3_column_int(st, 11);
	c->lot_number = sqlite3_column_int(st, 12);
	c->status = contract_status_from_name(db_col_text(st, 13));
	c->org_name = col(r, st, 14);
	c->service_name = contract_pick_lang(
	    r, col(r, st, 15), col(r, st, 16), col(r, st, 17));
	c->form = col(r, st, 18);
	c->start_date = col(r, st, 19);
	c->end_date = col(r, st, 20);
	c->extension_options = col(r, st, 21);
	c->justification = col(r, st, 22);
	c->signed_date = col(r, st, 23);
	c->signer_name = col(r, st, 24);
	c->signed_by_name = col(r, st, 25);
	c->termination_reason = col(r, st, 26);
	c->tender_title = contract_pick_lang(
	    r, col(r, st, 27), col(r, st, 28), col(r, st, 27));
	c->lot_title = col(r, st, 29);
	c->created_by_name = col(r, st, 30);
}

int contract_load(struct req *r, int64_t id, struct contract_row *c)
{
	memset(c, 0, sizeof(*c));
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTRACT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		contract_from_row(r, st, c);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	/* A provider's id for another organisation's contract looks like
	 * an id that does not exist. */
	if (r->user->role == ROLE_PROVIDER && c->org_id != r->user->org_id)
		return 1;
	return 0;
}

/* --- the page's parts ------------------------------------------------------
 */

static const char SQL_MUNIS[] =
    "SELECT m.name_fi, m.name_sv FROM contract_municipalities cm JOIN "
    "municipalities m ON m.id = cm.municipality_id WHERE cm.contract_id = "
    "? ORDER BY m.name_fi";

/* The contract's municipalities as one line, "Joensuu, Lieksa". */
static int munis_vars(struct req *r, int64_t id, struct tvars *v)
{
	struct buf b;
	sqlite3_stmt *st = db_stmt(r->db, SQL_MUNIS);
	if (st == NULL)
		return -1;
	buf_init(&b);
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, contract_pick_lang(r, db_col_text(st, 0),
		                 db_col_text(st, 1), db_col_text(st, 0)));
	}
	sqlite3_reset(st);
	tv_set(v, "municipalities", b.data ? b.data : "");
	buf_free(&b);
	return 0;
}

static const char SQL_EXTENSIONS[] =
    "SELECT e.old_end_date, e.new_end_date, coalesce(u.name, ''), "
    "e.used_at FROM contract_extensions e LEFT JOIN users u ON u.id = "
    "e.used_by WHERE e.contract_id = ? ORDER BY e.id";

static int extensions_vars(struct req *r, int64_t id, struct tvars *v)
{
	struct tlist *l = tv_list(v, "extensions");
	sqlite3_stmt *st = db_stmt(r->db, SQL_EXTENSIONS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(
		    it, "old_end", contract_date_text(r, db_col_text(st, 0)));
		tv_set(
		    it, "new_end", contract_date_text(r, db_col_text(st, 1)));
		tv_set(it, "by", db_col_text(st, 2));
		tv_set(it, "at", req_datetime(r, sqlite3_column_int64(st, 3)));
	}
	sqlite3_reset(st);
	return 0;
}

static const char SQL_PLACES[] =
    "SELECT p.id, p.title, m.name_fi, m.name_sv, p.status, p.capacity "
    "FROM places p JOIN municipalities m ON m.id = p.municipality_id "
    "WHERE p.contract_id = ? ORDER BY p.title, p.id";

static const char *place_status_label(const char *s)
{
	if (strcmp(s, "open") == 0)
		return _("Open");
	if (strcmp(s, "paused") == 0)
		return _("Paused");
	return _("Closed");
}

static int places_vars(struct req *r, int64_t id, struct tvars *v)
{
	struct tlist *l = tv_list(v, "places");
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "place_id", db_col_text(st, 0));
		tv_set(it, "place_title", db_col_text(st, 1));
		tv_set(it, "place_municipality",
		    contract_pick_lang(r, db_col_text(st, 2),
		        db_col_text(st, 3), db_col_text(st, 2)));
		tv_set(
		    it, "place_status", place_status_label(db_col_text(st, 4)));
		tv_set(it, "place_capacity", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	/* The catalogue shows a place to its provider and to the county's
	 * staff other than finance. */
	tv_bool(v, "place_links", r->user->role != ROLE_FINANCE);
	return 0;
}

static const char SQL_ACTIVE_PLACEMENTS[] =
    "SELECT count(*) FROM placements WHERE contract_id = ? AND status = "
    "'active'";

/* How many clients are placed under the contract now: a count only,
 * never who they are (client data belongs to the placements pages). */
static int64_t active_placements(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ACTIVE_PLACEMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int64_t n =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* The days realised under contract id up to today (Helsinki): present
 * days recorded for its placements (table attendance, filled by the
 * invoicing program). -1 on a database error. */
static const char SQL_REALISED[] =
    "SELECT count(*) FROM attendance a JOIN placements p "
    "ON p.id = a.placement_id WHERE p.contract_id = ? AND "
    "a.status = 'present' AND a.day <= ?";

static int64_t contract_realised_days(struct req *r, int64_t id)
{
	char today[CAL_ISO_LEN];
	cal_format_iso(today, sizeof(today), award_helsinki_date(r->now));
	sqlite3_stmt *st = db_stmt(r->db, SQL_REALISED);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, today);
	int64_t n = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* The terms of c as page variables. */
static void terms_vars(
    struct req *r, const struct contract_row *c, struct tvars *v)
{
	tv_setf(v, "id", "%lld", (long long)c->id);
	tv_set(v, "org_name", c->org_name);
	tv_set(v, "status_label",
	    c->status < CONTRACT_STATUS__MAX
	        ? _(contract_status_label(c->status))
	        : "");
	tv_set(v, "service", c->service_name);
	const char *form = contract_form_label(c->form);
	tv_set(v, "form_label", form ? _(form) : c->form);
	tv_set(v, "price", req_money(r, c->daily_price_cents));
	tv_set(v, "start", contract_date_text(r, c->start_date));
	tv_set(v, "end", contract_date_text(r, c->end_date));
	if (c->ranking)
		tv_setf(v, "ranking", "%lld", (long long)c->ranking);
	tv_setf(v, "capacity", "%lld", (long long)c->capacity);
	tv_set(v, "extension_options", c->extension_options);
	tv_bool(v, "direct_award", c->direct_award);
	tv_set(v, "justification", c->justification);
	if (c->tender_id) {
		tv_setf(v, "tender_id", "%lld", (long long)c->tender_id);
		tv_set(v, "tender_title", c->tender_title);
		tv_setf(v, "lot_number", "%d", c->lot_number);
		tv_set(v, "lot_title", c->lot_title);
	}
	tv_set(v, "created", req_datetime(r, c->created_at));
	tv_set(v, "created_by", c->created_by_name);
	if (*c->signed_date) {
		tv_set(v, "signed_date", contract_date_text(r, c->signed_date));
		tv_set(v, "signer_name", c->signer_name);
		tv_set(v, "signed_by", c->signed_by_name);
	}
	if (c->activated_at)
		tv_set(v, "activated", req_datetime(r, c->activated_at));
	if (c->ended_at)
		tv_set(v,
		    c->status == CONTRACT_TERMINATED ? "terminated" : "ended",
		    req_datetime(r, c->ended_at));
	tv_set(v, "termination_reason", c->termination_reason);
}

/* The officer's forms: which steps the status allows, each with its own
 * one-time nonce, and the typed values kept after an error. */
static void steps_vars(
    struct req *r, const struct contract_row *c, struct tvars *v)
{
	if (r->user->role != ROLE_OFFICER)
		return;
	char today[CAL_ISO_LEN];
	contract_today(r, today);
	int ext = contract_action_allowed(c->status, CONTRACT_EXTEND);
	tv_bool(
	    v, "can_sign", contract_action_allowed(c->status, CONTRACT_SIGN));
	tv_bool(v, "can_activate",
	    contract_action_allowed(c->status, CONTRACT_ACTIVATE));
	tv_bool(v, "can_extend", ext && *c->extension_options);
	tv_bool(v, "no_options", ext && !*c->extension_options);
	int end = contract_action_allowed(c->status, CONTRACT_END);
	tv_bool(v, "can_end", end && contract_may_end(c->end_date, today));
	tv_bool(v, "end_later", end && !contract_may_end(c->end_date, today));
	tv_bool(v, "can_terminate",
	    contract_action_allowed(c->status, CONTRACT_TERMINATE));
	tv_bool(v, "steps", 1);
	const char *keys[] = {"nonce_sign", "nonce_activate", "nonce_extend",
	    "nonce_end", "nonce_terminate"};
	for (int i = 0; i < 5; i++)
		tv_set(v, keys[i], req_nonce(r));
	if (tv_get(v, "f_signed_date") == NULL)
		tv_set(v, "f_signed_date", contract_date_text(r, today));
}

int contract_render(
    struct req *r, const struct contract_row *c, struct tvars *v, int status)
{
	terms_vars(r, c, v);
	if (munis_vars(r, c->id, v) || extensions_vars(r, c->id, v) ||
	    places_vars(r, c->id, v))
		return -1;
	int64_t n = active_placements(r, c->id);
	if (n < 0)
		return -1;
	tv_setf(v, "placements", "%lld", (long long)n);
	int64_t days = contract_realised_days(r, c->id);
	if (days < 0)
		return -1;
	tv_setf(v, "realised_days", "%lld", (long long)days);
	steps_vars(r, c, v);
	return render(r, status, "contract", v,
	    arena_printf(r->a, _("Contract %lld"), (long long)c->id));
}

int contract_page(struct req *r)
{
	struct contract_row c;
	int rc = contract_load(r, r->params[0], &c);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return contract_render(r, &c, page_vars(r), 200);
}
