/* list.c: the list of contracts, newest first. Staff (officers,
 * caseworkers, finance, administrators) see every contract and may
 * filter by status and provider; a provider sees its own organisation's
 * contracts only, filtered by status. Filter values that name nothing
 * are ignored rather than refused: the page is a GET. */
#include <stdlib.h>
#include <string.h>

#include "contracts.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

enum { LIST_MAX = 500 };

static const char SQL_LIST[] =
    "SELECT c.id, o.name, s.name_fi, s.name_sv, s.name_en, c.form, "
    "c.daily_price_cents, c.start_date, c.end_date, c.status, "
    "c.direct_award, coalesce(l.number, 0), coalesce(t.title_fi, ''), "
    "coalesce(t.title_sv, ''), coalesce(c.ranking, 0) "
    "FROM contracts c JOIN organisations o ON o.id = c.org_id "
    "JOIN service_types s ON s.id = c.service_type_id "
    "LEFT JOIN lots l ON l.id = c.lot_id "
    "LEFT JOIN tenders t ON t.id = c.tender_id "
    "WHERE (?1 = '' OR c.status = ?1) AND (?2 = 0 OR c.org_id = ?2) "
    "ORDER BY c.id DESC LIMIT ?3";

static const char SQL_PROVIDERS[] =
    "SELECT id, name FROM organisations WHERE kind = 'provider' ORDER BY "
    "name";

/* The status filter's options with the chosen one selected. */
static void status_options(struct tvars *v, enum contract_status chosen)
{
	struct tlist *l = tv_list(v, "statuses");
	for (int i = 0; i < CONTRACT_STATUS__MAX; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", contract_status_name(i));
		tv_set(it, "label", _(contract_status_label(i)));
		tv_bool(it, "selected", (int)chosen == i);
	}
}

/* The provider filter's options (staff only). */
static int provider_options(struct req *r, struct tvars *v, int64_t chosen)
{
	struct tlist *l = tv_list(v, "providers");
	sqlite3_stmt *st = db_stmt(r->db, SQL_PROVIDERS);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", db_col_text(st, 0));
		tv_set(it, "label", db_col_text(st, 1));
		tv_bool(it, "selected", sqlite3_column_int64(st, 0) == chosen);
	}
	sqlite3_reset(st);
	return 0;
}

/* One row of the list into it. */
static void row_vars(struct req *r, sqlite3_stmt *st, struct tvars *it)
{
	tv_set(it, "id", db_col_text(st, 0));
	tv_set(it, "org", db_col_text(st, 1));
	tv_set(it, "service",
	    contract_pick_lang(
	        r, db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4)));
	const char *form = contract_form_label(db_col_text(st, 5));
	tv_set(it, "form", form ? _(form) : "");
	tv_set(it, "price", req_money(r, sqlite3_column_int64(st, 6)));
	tv_set(it, "start", contract_date_text(r, db_col_text(st, 7)));
	tv_set(it, "end", contract_date_text(r, db_col_text(st, 8)));
	enum contract_status s = contract_status_from_name(db_col_text(st, 9));
	tv_set(it, "status",
	    s < CONTRACT_STATUS__MAX ? _(contract_status_label(s)) : "");
	tv_bool(it, "direct", sqlite3_column_int(st, 10));
	if (sqlite3_column_int(st, 11)) {
		tv_set(it, "lot", db_col_text(st, 11));
		tv_set(it, "tender",
		    contract_pick_lang(r, db_col_text(st, 12),
		        db_col_text(st, 13), db_col_text(st, 12)));
	}
	if (sqlite3_column_int(st, 14))
		tv_set(it, "ranking", db_col_text(st, 14));
}

int contracts_list(struct req *r)
{
	struct tvars *v = page_vars(r);
	int provider = r->user->role == ROLE_PROVIDER;
	enum contract_status status =
	    contract_status_from_name(req_query(r, "status"));
	int64_t org = 0;
	const char *q = req_query(r, "provider");
	if (provider)
		org = r->user->org_id;
	else if (q == NULL || !valid_int(q, 1, INT64_MAX, &org))
		org = 0;
	status_options(v, status);
	if (!provider && provider_options(r, v, org))
		return -1;
	tv_bool(v, "staff", !provider);
	tv_bool(
	    v, "filtered", status < CONTRACT_STATUS__MAX || (!provider && org));
	struct tlist *l = tv_list(v, "contracts");
	sqlite3_stmt *st = db_stmt(r->db, SQL_LIST);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1,
	    status < CONTRACT_STATUS__MAX ? contract_status_name(status) : "");
	db_bind_int(st, 2, org);
	db_bind_int(st, 3, LIST_MAX + 1);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && ++n <= LIST_MAX)
		row_vars(r, st, tl_add(l));
	sqlite3_reset(st);
	tv_bool(v, "more", n > LIST_MAX);
	return render(r, 200, "contract_list", v, _("Contracts"));
}
