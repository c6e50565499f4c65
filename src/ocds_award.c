/* ocds_award.c: the releases after the award decision is published
 * (see ocds_impl.h): the award, each contract and each month of a
 * contract's approved invoices. */
#include <stdio.h>
#include <string.h>

#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/ocds.h"
#include "paikka/ocds_impl.h"

static struct lot *lot_by_number(struct pkg *p, int number)
{
	for (int i = 0; i < p->nlots; i++)
		if (p->lots[i].number == number)
			return &p->lots[i];
	return NULL;
}

/* The supplier party of the organisation in row st at col (name,
 * ytunnus, street, postcode, city), added to p->suppliers once. Returns
 * its reference {"id", "name"} (new). */
static json_t *supplier(struct pkg *p, sqlite3_stmt *st, int col)
{
	struct org o;
	ocds_org_init(&o, st, col, 0);
	size_t i;
	json_t *s;
	int known = 0;
	json_array_foreach(p->suppliers, i, s) known |=
	    strcmp(json_string_value(json_object_get(s, "id")), o.id) == 0;
	if (!known)
		push(p->suppliers, json_incref(o.party));
	json_t *ref = json_incref(o.ref);
	ocds_org_free(&o);
	return ref;
}

static json_t *award_id(int lot, const char *ytunnus)
{
	return json_sprintf("award-%d-%s", lot, ytunnus);
}

/* An item of lot at a daily price: what an award and a contract say. */
static json_t *price_item(int lot, int64_t cents)
{
	json_t *item = json_object();
	put(item, "id", json_sprintf("item-%d", lot));
	put(item, "unit", ocds_day_unit(cents));
	put(item, "relatedLot", json_sprintf("lot-%d", lot));
	return item;
}

/* The frameworks chosen in the published decision: the view lists only
 * the selected providers of a tender whose decision is published. */
static const char SQL_AWARDED[] =
    "SELECT v.lot_number, v.rank, v.price_cents, o.name, o.ytunnus, "
    "o.street, o.postcode, o.city FROM lot_ready_for_contracts v JOIN "
    "organisations o ON o.id = v.org_id WHERE v.tender_id = ? ORDER BY "
    "v.lot_number, v.rank";
static const char SQL_TENDERERS[] =
    "SELECT count(*) FROM opening_lines WHERE tender_id = ?";

/* One award per lot and chosen provider (each has its own daily price in
 * the framework, and each gets its own contract). */
static json_t *award_json(struct pkg *p, sqlite3_stmt *st, int *lot_done)
{
	int n = sqlite3_column_int(st, 0);
	struct lot *l = lot_by_number(p, n);
	json_t *a = json_object();
	put(a, "id", award_id(n, db_col_text(st, 4)));
	put(a, "title",
	    json_sprintf("Osa-alue %d: %s, sija %d", n,
	        l ? json_string_value(l->title) : "",
	        sqlite3_column_int(st, 1)));
	put_str(a, "status", "active");
	put_time(a, "date", p->awarded_at);
	put(a, "suppliers", json_pack("[o]", supplier(p, st, 3)));
	put(a, "items",
	    json_pack("[o]", price_item(n, sqlite3_column_int64(st, 2))));
	put(a, "contractPeriod",
	    day_period(p->contract_start, p->contract_end));
	put(a, "relatedLots", json_pack("[o]", json_sprintf("lot-%d", n)));
	if (l)
		lot_done[l - p->lots] = 1;
	return a;
}

int ocds_award(struct pkg *p)
{
	int lot_done[MAX_LOTS] = {0}, rc, any = 0;
	json_t *awards = json_array();
	sqlite3_stmt *st = db_stmt(p->db, SQL_AWARDED);
	if (st == NULL) {
		json_decref(awards);
		return -1;
	}
	db_bind_int(st, 1, p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		push(awards, award_json(p, st, lot_done));
		any = 1;
	}
	sqlite3_reset(st);
	int64_t tenderers = 0;
	if (rc != SQLITE_DONE || (st = db_stmt(p->db, SQL_TENDERERS)) == NULL) {
		json_decref(awards);
		return -1;
	}
	db_bind_int(st, 1, p->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		tenderers = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	json_t *r =
	    ocds_release_add(p, "award", p->awarded_at, "award", p->suppliers);
	json_t *t = ocds_tender_obj(p, any ? "complete" : "unsuccessful");
	json_t *lots = json_array();
	for (int i = 0; i < p->nlots; i++)
		push(lots,
		    json_pack("{s:o, s:s}", "id",
		        json_sprintf("lot-%d", p->lots[i].number), "status",
		        lot_done[i] ? "complete" : "unsuccessful"));
	put(t, "lots", lots);
	put(t, "numberOfTenderers", json_integer(tenderers));
	put(t, "awardPeriod", period(p->bids_deadline, p->awarded_at));
	put(r, "tender", t);
	put(r, "awards", awards);
	return 0;
}

/* Contracts signed from this tender's frameworks (a draft is not
 * published; a draft terminated before signing never was a contract). */
static const char SQL_CONTRACTS[] =
    "SELECT c.id, c.status, c.start_date, c.end_date, c.daily_price_cents, "
    "c.signed_date, c.created_at, coalesce(c.activated_at, 0), "
    "coalesce(c.ended_at, 0), l.number, o.name, o.ytunnus, o.street, "
    "o.postcode, o.city FROM contracts c JOIN lots l ON l.id = c.lot_id "
    "JOIN organisations o ON o.id = c.org_id WHERE c.tender_id = ? AND "
    "c.signed_date IS NOT NULL AND c.status <> 'draft' ORDER BY c.id";

static int64_t max3(int64_t a, int64_t b, int64_t c)
{
	int64_t m = a > b ? a : b;
	return m > c ? m : c;
}

/* A contract release: the contract as it stands, dated by its latest
 * step (made, signed, activated, ended), with its supplier's party. */
static void contract_release(struct pkg *p, sqlite3_stmt *st)
{
	const char *ocds = ocds_contract_status(db_col_text(st, 1));
	char suffix[ID_LEN], signed_at[TIME_LEN];
	struct cal_date sd = {0, 0, 0};
	if (ocds == NULL)
		return;
	int lot = sqlite3_column_int(st, 9);
	cal_parse_iso(db_col_text(st, 5), &sd);
	int64_t signed_t = sd.y ? helsinki_to_utc(sd.y, sd.m, sd.d, 0, 0) : 0;
	int64_t date = max3(sqlite3_column_int64(st, 6), signed_t,
	    max3(sqlite3_column_int64(st, 7), sqlite3_column_int64(st, 8), 0));
	snprintf(suffix, sizeof(suffix), "contract-%s", db_col_text(st, 0));
	struct org o;
	ocds_org_init(&o, st, 10, 0);
	json_t *r = ocds_release_add(p, suffix, date,
	    strcmp(ocds, "terminated") == 0 ? "contractTermination"
	                                    : "contract",
	    o.party);
	json_t *c = json_object();
	put(c, "id", json_sprintf("contract-%s", db_col_text(st, 0)));
	put(c, "awardID", award_id(lot, db_col_text(st, 11)));
	put(c, "title",
	    json_sprintf(
	        "Puitesopimus, osa-alue %d: %s", lot, db_col_text(st, 10)));
	put_str(c, "status", ocds);
	put(c, "period", day_period(db_col_text(st, 2), db_col_text(st, 3)));
	put(c, "items",
	    json_pack("[o]", price_item(lot, sqlite3_column_int64(st, 4))));
	put_str(c, "dateSigned",
	    ocds_day_start(signed_at, sizeof(signed_at), db_col_text(st, 5)));
	put(r, "contracts", json_pack("[o]", c));
	ocds_org_free(&o);
}

int ocds_contracts(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_CONTRACTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		contract_release(p, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* What finance has approved per contract and month: invoices and credit
 * notes (net_cents is negative for a credit note), so a credited month
 * shows what stands after the correction; a month netting to nothing
 * has no transaction. */
static const char SQL_MONTHS[] =
    "SELECT c.id, i.month, sum(i.net_cents), "
    "max(coalesce(i.decided_at, i.created_at)), l.number, o.name, "
    "o.ytunnus, o.street, o.postcode, o.city FROM invoices i JOIN "
    "contracts c ON c.id = i.contract_id JOIN lots l ON l.id = c.lot_id "
    "JOIN organisations o ON o.id = c.org_id WHERE c.tender_id = ? AND "
    "c.signed_date IS NOT NULL AND c.status <> 'draft' AND i.status = "
    "'approved' GROUP BY c.id, i.month HAVING sum(i.net_cents) <> 0 "
    "ORDER BY c.id, i.month";

/* An implementation release: one month's approved total of a contract
 * as a transaction from the buyer to the supplier. */
static void implementation_release(struct pkg *p, sqlite3_stmt *st)
{
	const char *cid = db_col_text(st, 0), *month = db_col_text(st, 1);
	int64_t date = sqlite3_column_int64(st, 3);
	char suffix[ID_LEN];
	snprintf(suffix, sizeof(suffix), "implementation-%s-%s", cid, month);
	struct org o;
	ocds_org_init(&o, st, 5, 0);
	json_t *r =
	    ocds_release_add(p, suffix, date, "implementation", o.party);
	json_t *tr = json_object();
	put(tr, "id", json_sprintf("%s-%s", cid, month));
	put_time(tr, "date", date);
	put(tr, "value", ocds_value(sqlite3_column_int64(st, 2)));
	put(tr, "payer", json_deep_copy(p->buyer.ref));
	put(tr, "payee", json_incref(o.ref));
	json_t *c = json_object();
	put(c, "id", json_sprintf("contract-%s", cid));
	put(c, "awardID",
	    award_id(sqlite3_column_int(st, 4), db_col_text(st, 6)));
	put(c, "implementation", json_pack("{s:[o]}", "transactions", tr));
	put(r, "contracts", json_pack("[o]", c));
	ocds_org_free(&o);
}

int ocds_implementation(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_MONTHS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		implementation_release(p, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
