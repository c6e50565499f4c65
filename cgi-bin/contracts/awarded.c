/* awarded.c: contracts from an awarded lot. The page lists every lot of
 * a published award decision (the view lot_ready_for_contracts, see
 * sql/0003-award.sql): lots whose standstill period is over and that
 * have no contracts yet, each with its framework and one button; lots
 * still in their standstill period; lots whose contracts exist.
 *
 * One POST creates all the contracts of a lot, one per provider of its
 * framework, in the POST's transaction: the daily price is the lot's
 * fixed price or the provider's bid price (contract_daily_price), the
 * service type, form and municipalities are the lot's, the period and
 * extension options the tender's, the ranking the award's rank and the
 * capacity what the submission offered. It is refused (409) before the
 * standstill period is over and when any contract of the lot exists.
 * Routed for ROLE_OFFICER only. */
#include <stdlib.h>
#include <string.h>

#include "contracts.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"

/* --- the page --------------------------------------------------------------
 */

static const char SQL_LOTS[] =
    "SELECT v.tender_id, t.title_fi, t.title_sv, v.lot_id, v.lot_number, "
    "l.title, v.standstill_end, o.name, v.rank, v.price_cents, l.pricing, "
    "coalesce(l.fixed_price_cents, 0), sl.capacity, coalesce(c.id, 0), "
    "s.name_fi, s.name_sv, s.name_en, l.form, t.contract_start, "
    "t.contract_end, (SELECT count(*) FROM contracts x WHERE x.lot_id = "
    "v.lot_id) FROM lot_ready_for_contracts v "
    "JOIN tenders t ON t.id = v.tender_id JOIN lots l ON l.id = v.lot_id "
    "JOIN organisations o ON o.id = v.org_id "
    "JOIN service_types s ON s.id = l.service_type_id "
    "JOIN submission_lots sl ON sl.submission_id = v.submission_id AND "
    "sl.lot_id = v.lot_id "
    "LEFT JOIN contracts c ON c.lot_id = v.lot_id AND c.org_id = v.org_id "
    "ORDER BY v.tender_id DESC, v.lot_number, v.rank";

/* A new lot item from the current row, in the list its state belongs
 * to. */
static struct tvars *lot_item(
    struct req *r, sqlite3_stmt *st, struct tvars *v, int64_t *providers)
{
	const char *list =
	    sqlite3_column_int(st, 20)                              ? "done"
	    : award_ready_for_contracts(db_col_text(st, 6), r->now) ? "ready"
	                                                            : "waiting";
	struct tvars *it = tl_add(tv_list(v, list));
	tv_set(it, "tender_id", db_col_text(st, 0));
	tv_set(it, "tender_title",
	    contract_pick_lang(
	        r, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 1)));
	tv_set(it, "lot_id", db_col_text(st, 3));
	tv_set(it, "lot_number", db_col_text(st, 4));
	tv_set(it, "lot_title", db_col_text(st, 5));
	tv_set(it, "standstill_end", contract_date_text(r, db_col_text(st, 6)));
	tv_set(it, "service",
	    contract_pick_lang(r, db_col_text(st, 14), db_col_text(st, 15),
	        db_col_text(st, 16)));
	const char *form = contract_form_label(db_col_text(st, 17));
	tv_set(it, "form", form ? _(form) : "");
	tv_set(it, "start", contract_date_text(r, db_col_text(st, 18)));
	tv_set(it, "end", contract_date_text(r, db_col_text(st, 19)));
	tv_set(it, "nonce", req_nonce(r));
	*providers = 0;
	return it;
}

static int awarded_render(struct req *r, struct tvars *v, int status)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOTS);
	if (st == NULL)
		return -1;
	int64_t lot = 0, n = 0;
	struct tvars *it = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (it == NULL || sqlite3_column_int64(st, 3) != lot) {
			lot = sqlite3_column_int64(st, 3);
			it = lot_item(r, st, v, &n);
		}
		struct tvars *p = tl_add(tv_list(it, "providers"));
		tv_set(p, "org", db_col_text(st, 7));
		tv_set(p, "rank", db_col_text(st, 8));
		tv_set(p, "price",
		    req_money(r, contract_daily_price(db_col_text(st, 10),
		                     sqlite3_column_int64(st, 11),
		                     sqlite3_column_int64(st, 9))));
		tv_set(p, "capacity", db_col_text(st, 12));
		if (sqlite3_column_int64(st, 13))
			tv_set(p, "contract_id", db_col_text(st, 13));
		tv_setf(it, "count", "%lld", (long long)++n);
	}
	sqlite3_reset(st);
	return render(
	    r, status, "contract_awarded", v, _("Contracts from awarded lots"));
}

int contracts_awarded_page(struct req *r)
{
	return awarded_render(r, page_vars(r), 200);
}

/* --- creating a lot's contracts --------------------------------------------
 */

static const char SQL_LOT[] =
    "SELECT l.tender_id, l.number, l.service_type_id, l.form, l.pricing, "
    "coalesce(l.fixed_price_cents, 0), t.status, t.contract_start, "
    "t.contract_end, t.extension_options, coalesce(d.standstill_end, ''), "
    "(SELECT count(*) FROM contracts c WHERE c.lot_id = l.id) "
    "FROM lots l JOIN tenders t ON t.id = l.tender_id "
    "LEFT JOIN award_decisions d ON d.tender_id = t.id WHERE l.id = ?";

/* What a lot gives each of its contracts. */
struct lot_terms_row {
	int64_t id, tender_id, number, service_type_id, fixed_price_cents;
	int64_t contracts;
	const char *form, *pricing, *tender_status, *start, *end;
	const char *extension_options, *standstill_end;
};

/* 0 found, 1 no such lot, -1 error. */
static int lot_load(struct req *r, int64_t id, struct lot_terms_row *l)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->id = id;
		l->tender_id = sqlite3_column_int64(st, 0);
		l->number = sqlite3_column_int64(st, 1);
		l->service_type_id = sqlite3_column_int64(st, 2);
		l->form = arena_strdup(r->a, db_col_text(st, 3));
		l->pricing = arena_strdup(r->a, db_col_text(st, 4));
		l->fixed_price_cents = sqlite3_column_int64(st, 5);
		l->tender_status = arena_strdup(r->a, db_col_text(st, 6));
		l->start = arena_strdup(r->a, db_col_text(st, 7));
		l->end = arena_strdup(r->a, db_col_text(st, 8));
		l->extension_options = arena_strdup(r->a, db_col_text(st, 9));
		l->standstill_end = arena_strdup(r->a, db_col_text(st, 10));
		l->contracts = sqlite3_column_int64(st, 11);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Why the lot's contracts cannot be created now, or NULL. */
static const char *create_refusal(struct req *r, const struct lot_terms_row *l)
{
	if (strcmp(l->tender_status, "awarded") != 0 || !*l->standstill_end)
		return _("This lot has no published award decision: there is "
		         "nothing to make contracts from.");
	if (!award_ready_for_contracts(l->standstill_end, r->now))
		return arena_printf(r->a,
		    _("The standstill period of this lot ends on %s. Its "
		      "contracts can be created from the next day on."),
		    contract_date_text(r, l->standstill_end));
	if (l->contracts > 0)
		return _("The contracts of this lot have been created already. "
		         "Nothing was created again.");
	if (contract_period_check(l->start, l->end) != CONTRACT_PERIOD_OK)
		return _("The tender has no valid contract period, so its "
		         "contracts cannot be created.");
	return NULL;
}

static const char SQL_FRAMEWORK[] =
    "SELECT v.org_id, v.submission_id, v.rank, v.price_cents, sl.capacity "
    "FROM lot_ready_for_contracts v JOIN submission_lots sl ON "
    "sl.submission_id = v.submission_id AND sl.lot_id = v.lot_id "
    "WHERE v.lot_id = ? ORDER BY v.rank, v.org_id";

/* One provider of a lot's framework. */
struct framework_member {
	int64_t org_id, submission_id, rank, price_cents, capacity;
};

enum { FRAMEWORK_MAX = 200 };

/* Reads the framework of lot id into m (at most FRAMEWORK_MAX); the
 * number read, or -1. */
static int framework_load(struct req *r, int64_t id, struct framework_member *m)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FRAMEWORK);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int n = 0, rc = SQLITE_DONE;
	while (n < FRAMEWORK_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		m[n].org_id = sqlite3_column_int64(st, 0);
		m[n].submission_id = sqlite3_column_int64(st, 1);
		m[n].rank = sqlite3_column_int64(st, 2);
		m[n].price_cents = sqlite3_column_int64(st, 3);
		m[n].capacity = sqlite3_column_int64(st, 4);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

static const char SQL_INSERT[] =
    "INSERT INTO contracts(org_id, tender_id, lot_id, submission_id, "
    "service_type_id, form, daily_price_cents, start_date, end_date, "
    "ranking, capacity, extension_options, created_by, created_at) VALUES "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_MUNIS_COPY[] =
    "INSERT INTO contract_municipalities(contract_id, municipality_id) "
    "SELECT ?, municipality_id FROM lot_municipalities WHERE lot_id = ?";

/* Creates the contract of member m of lot l; its id, or -1. */
static int64_t create_one(struct req *r, const struct lot_terms_row *l,
    const struct framework_member *m)
{
	int64_t price = contract_daily_price(
	    l->pricing, l->fixed_price_cents, m->price_cents);
	if (price <= 0 || m->capacity < 0 ||
	    m->capacity > CONTRACT_CAPACITY_MAX)
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_INSERT);
	if (st == NULL)
		return -1;
	const int64_t ints[] = {m->org_id, l->tender_id, l->id,
	    m->submission_id, l->service_type_id};
	for (int i = 0; i < 5; i++)
		db_bind_int(st, i + 1, ints[i]);
	db_bind_text(st, 6, l->form);
	db_bind_int(st, 7, price);
	db_bind_text(st, 8, l->start);
	db_bind_text(st, 9, l->end);
	db_bind_int(st, 10, m->rank);
	db_bind_int(st, 11, m->capacity);
	db_bind_text(st, 12, l->extension_options);
	db_bind_int(st, 13, r->user->id);
	db_bind_int(st, 14, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(r->db);
	if ((st = db_stmt(r->db, SQL_MUNIS_COPY)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, l->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	const char *num = arena_printf(r->a, "%lld", (long long)id);
	if (notify_org(r->db, r->now, m->org_id,
	        arena_printf(r->a, "/contracts/%lld", (long long)id),
	        N_("Framework contract %s has been drawn up with your "
	           "organisation. It waits for signing."),
	        num) ||
	    audit(r, "contract.create", contract_ref(r, id),
	        arena_printf(r->a,
	            "tender=%lld lot=%lld org=%lld rank=%lld price=%lld "
	            "capacity=%lld",
	            (long long)l->tender_id, (long long)l->id,
	            (long long)m->org_id, (long long)m->rank, (long long)price,
	            (long long)m->capacity)))
		return -1;
	return id;
}

int contracts_awarded_create(struct req *r)
{
	struct lot_terms_row l;
	int rc = lot_load(r, r->params[0], &l);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	struct tvars *v = page_vars(r);
	const char *why = create_refusal(r, &l);
	struct framework_member *m =
	    arena_alloc(r->a, FRAMEWORK_MAX * sizeof(*m));
	int n = why ? 0 : framework_load(r, l.id, m);
	if (n < 0)
		return -1;
	if (why == NULL && n == 0)
		why =
		    _("No provider was chosen for the framework of this lot.");
	if (why) {
		tv_set(v, "conflict", why);
		return awarded_render(r, v, 409);
	}
	for (int i = 0; i < n; i++)
		if (create_one(r, &l, &m[i]) < 0)
			return -1;
	return redirect(r, "/contracts/awarded?msg=created");
}
