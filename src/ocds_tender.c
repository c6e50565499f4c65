/* ocds_tender.c: the releases before the award (see ocds_impl.h):
 * planning, tender, each amendment and the cancellation, with the lots,
 * items, award criteria and documents of the call for tenders. */
#include <stdio.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/ocds.h"
#include "paikka/ocds_impl.h"

/* The classification of every lot: CPV 85312000 (without its check
 * digit 9), the social work services without accommodation that
 * rehabilitative work activity under Act 189/2001 is. */
#define CPV_ID "85312000"
#define CPV_NAME "Social work services without accommodation"

static const char *form_fi(const char *form)
{
	if (strcmp(form, "individual") == 0)
		return "Yksilömuotoinen";
	if (strcmp(form, "group") == 0)
		return "Ryhmämuotoinen";
	return "Yksilö- tai ryhmämuotoinen";
}

static const char SQL_LOT_MUNIS[] =
    "SELECT m.name_fi FROM lot_municipalities lm JOIN municipalities m ON "
    "m.id = lm.municipality_id WHERE lm.lot_id = ? ORDER BY m.name_fi";
static const char SQL_LOT_CRITERIA[] =
    "SELECT description_fi, max_points FROM criteria WHERE lot_id = ? "
    "ORDER BY number";

/* Appends each row's first column of sql (?1 = lot), "sep"-separated,
 * with " N p" (points) from a second column when there is one. 0 or
 * -1. */
static int lot_texts(
    struct pkg *p, const char *sql, int64_t lot, const char *sep, struct buf *b)
{
	sqlite3_stmt *st = db_stmt(p->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(b, "%s%s", n++ ? sep : "", db_col_text(st, 0));
		if (sqlite3_column_count(st) > 1)
			buf_printf(b, " %d p", sqlite3_column_int(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* What a lot says in prose: service, form, municipalities, pricing. */
static int lot_description(struct pkg *p, sqlite3_stmt *st, struct buf *b)
{
	int64_t fixed = sqlite3_column_int64(st, 7);
	int64_t ceiling = sqlite3_column_int64(st, 8);
	char money[64];
	buf_printf(b, "%s. %s. Kunnat: ", db_col_text(st, 3),
	    form_fi(db_col_text(st, 4)));
	if (lot_texts(p, SQL_LOT_MUNIS, sqlite3_column_int64(st, 0), ", ", b))
		return -1;
	if (strcmp(db_col_text(st, 6), "fixed") == 0)
		buf_printf(b,
		    ". Kiinteä hinta %s päivältä; kilpailu käydään "
		    "laadulla.",
		    fmt_money(money, sizeof(money), fixed, LANG_FI));
	else if (ceiling)
		buf_printf(b, ". Tarjoajan hinta, enintään %s päivältä.",
		    fmt_money(money, sizeof(money), ceiling, LANG_FI));
	else
		buf_puts(b, ". Tarjoajan hinta.");
	return 0;
}

/* The award criteria of a lot as one line of awardCriteriaDetails. */
static int lot_criteria(struct pkg *p, sqlite3_stmt *st, struct buf *b)
{
	int weight = sqlite3_column_int(st, 9);
	buf_printf(b, "%sOsa-alue %d: ", b->len ? "\n" : "",
	    sqlite3_column_int(st, 1));
	if (weight > 0)
		buf_printf(b, "hinta %d p; ", weight);
	if (lot_texts(
	        p, SQL_LOT_CRITERIA, sqlite3_column_int64(st, 0), "; ", b))
		return -1;
	buf_puts(b, ".");
	return 0;
}

/* The estimated yearly value of a lot: its estimated days at the fixed
 * price or the price ceiling; -1 when there is neither (or it would not
 * be exact). */
static int64_t lot_estimate(sqlite3_stmt *st)
{
	int64_t days = sqlite3_column_int64(st, 5);
	int64_t price = strcmp(db_col_text(st, 6), "fixed") == 0
	                    ? sqlite3_column_int64(st, 7)
	                    : sqlite3_column_int64(st, 8);
	int64_t v;
	if (price <= 0 || __builtin_mul_overflow(days, price, &v) ||
	    v > OCDS_MONEY_MAX)
		return -1;
	return v;
}

/* One lot and its item from a SQL_LOTS row; remembers the lot in p. */
static int lot_add(struct pkg *p, sqlite3_stmt *st, json_t *lots, json_t *items,
    struct buf *criteria, int64_t *estimate)
{
	struct lot *l = &p->lots[p->nlots++];
	const char *title = db_col_text(st, 2);
	l->id = sqlite3_column_int64(st, 0);
	l->number = sqlite3_column_int(st, 1);
	l->fixed = strcmp(db_col_text(st, 6), "fixed") == 0;
	l->fixed_cents = sqlite3_column_int64(st, 7);
	l->title = json_string(*title ? title : db_col_text(st, 3));
	struct buf d;
	buf_init(&d);
	int rc = lot_description(p, st, &d) || lot_criteria(p, st, criteria);
	int64_t v = lot_estimate(st);
	json_t *lot = json_object();
	put(lot, "id", json_sprintf("lot-%d", l->number));
	put(lot, "title", json_incref(l->title));
	put_str(lot, "description", d.data);
	put_str(lot, "status", "active");
	if (v >= 0)
		put(lot, "value", ocds_value(v));
	push(lots, lot);
	*estimate = v >= 0 && *estimate >= 0 && v <= OCDS_MONEY_MAX - *estimate
	                ? *estimate + v
	                : -1;
	json_t *item = json_object();
	put(item, "id", json_sprintf("item-%d", l->number));
	put_str(item, "description", db_col_text(st, 3));
	put(item, "classification",
	    json_pack("{s:s, s:s, s:s}", "scheme", "CPV", "id", CPV_ID,
	        "description", CPV_NAME));
	put(item, "quantity", json_integer(sqlite3_column_int64(st, 5)));
	put(item, "unit", ocds_day_unit(l->fixed ? l->fixed_cents : 0));
	put(item, "relatedLot", json_sprintf("lot-%d", l->number));
	push(items, item);
	buf_free(&d);
	return rc ? -1 : 0;
}

static const char SQL_LOTS[] =
    "SELECT l.id, l.number, l.title, st.name_fi, l.form, "
    "l.est_days_per_year, l.pricing, coalesce(l.fixed_price_cents, 0), "
    "coalesce(l.ceiling_cents, 0), l.price_weight FROM lots l JOIN "
    "service_types st ON st.id = l.service_type_id WHERE l.tender_id = ? "
    "ORDER BY l.number";

/* The lots, items, award criteria and estimated value into t; *estimate
 * gets the whole tender's estimated yearly value, -1 when unknown. */
static int lots_json(struct pkg *p, json_t *t, int64_t *estimate)
{
	json_t *lots = json_array(), *items = json_array();
	struct buf criteria;
	buf_init(&criteria);
	int any_bid = 0, rc;
	*estimate = 0;
	sqlite3_stmt *st = db_stmt(p->db, SQL_LOTS);
	if (st == NULL)
		rc = SQLITE_ERROR;
	else {
		db_bind_int(st, 1, p->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		       p->nlots < MAX_LOTS) {
			if (lot_add(p, st, lots, items, &criteria, estimate)) {
				rc = SQLITE_ERROR;
				break;
			}
			any_bid |= !p->lots[p->nlots - 1].fixed;
		}
		sqlite3_reset(st);
	}
	if (p->nlots == 0)
		*estimate = -1;
	put(t, "items", items);
	put(t, "lots", lots);
	if (*estimate >= 0)
		put(t, "value", ocds_value(*estimate));
	put_str(t, "procurementMethod", "open");
	put_str(
	    t, "procurementMethodDetails", "Avoin menettely, puitejärjestely");
	put_str(t, "mainProcurementCategory", "services");
	put_str(t, "awardCriteria", any_bid ? "ratedCriteria" : "qualityOnly");
	put_str(t, "awardCriteriaDetails", criteria.data);
	buf_free(&criteria);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static const char SQL_TEXTS[] =
    "SELECT title_fi, title_sv, description_fi, description_sv FROM "
    "tenders WHERE id = ?";
static const char SQL_REQUIREMENTS[] =
    "SELECT number, text_fi FROM requirements WHERE tender_id = ? ORDER "
    "BY number";
static const char SQL_DOCUMENTS[] =
    "SELECT f.id, d.title, f.filename, f.content_type FROM "
    "tender_documents d JOIN files f ON f.id = d.file_id WHERE "
    "d.tender_id = ? ORDER BY f.id";

static int texts_json(struct pkg *p, json_t *t)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_TEXTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		put_str(t, "title", db_col_text(st, 0));
		put_str(t, "title_sv", db_col_text(st, 1));
		put_str(t, "description", db_col_text(st, 2));
		put_str(t, "description_sv", db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || (st = db_stmt(p->db, SQL_REQUIREMENTS)) == NULL)
		return -1;
	struct buf b;
	buf_init(&b);
	db_bind_int(st, 1, p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buf_printf(&b, "%s%d. %s", b.len ? "\n" : "",
		    sqlite3_column_int(st, 0), db_col_text(st, 1));
	sqlite3_reset(st);
	put_str(t, "eligibilityCriteria", b.data);
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The tender's public documents, with their addresses on this portal. */
static int documents_json(struct pkg *p, json_t *t)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_DOCUMENTS);
	if (st == NULL)
		return -1;
	json_t *docs = json_array();
	db_bind_int(st, 1, p->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *title = db_col_text(st, 1);
		json_t *d = json_object();
		put_str(d, "id", db_col_text(st, 0));
		put_str(d, "documentType", "biddingDocuments");
		put_str(d, "title", *title ? title : db_col_text(st, 2));
		put(d, "url",
		    json_sprintf("%s/tenders/%lld/files/%s", p->cfg->base_url,
		        (long long)p->id, db_col_text(st, 0)));
		put_str(d, "format", db_col_text(st, 3));
		put_str(d, "language", "fi");
		push(docs, d);
	}
	sqlite3_reset(st);
	if (json_array_size(docs))
		put(t, "documents", docs);
	else
		json_decref(docs);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The bids deadline as first published: before the first amendment that
 * moved it. */
static const char SQL_FIRST_DEADLINE[] =
    "SELECT old_bids_deadline FROM amendments WHERE tender_id = ? AND "
    "new_bids_deadline IS NOT NULL AND old_bids_deadline IS NOT NULL "
    "ORDER BY published_at, id LIMIT 1";

static int first_deadline(struct pkg *p, int64_t *deadline)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_FIRST_DEADLINE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc = sqlite3_step(st);
	*deadline =
	    rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : p->bids_deadline;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The planning release (the estimated value) and the tender release (the
 * call for tenders as published). */
int ocds_planning_and_tender(struct pkg *p)
{
	int64_t estimate, deadline;
	json_t *t = ocds_tender_obj(p, "active");
	if (texts_json(p, t) || lots_json(p, t, &estimate) ||
	    documents_json(p, t) || first_deadline(p, &deadline)) {
		json_decref(t);
		return -1;
	}
	put(t, "procuringEntity", json_deep_copy(p->buyer.ref));
	put(t, "submissionMethod", json_pack("[s]", "electronicSubmission"));
	put(t, "tenderPeriod", period(p->published_at, deadline));
	put(t, "enquiryPeriod", period(p->published_at, p->questions_deadline));
	put(t, "contractPeriod",
	    day_period(p->contract_start, p->contract_end));

	json_t *r =
	    ocds_release_add(p, "planning", p->published_at, "planning", NULL);
	json_t *budget = json_object();
	put_str(budget, "id", "arvio");
	put_str(budget, "description",
	    "Arvioitu arvo vuodessa: osa-alueiden arvioidut päivät "
	    "kiinteällä hinnalla tai kattohinnalla.");
	if (estimate >= 0)
		put(budget, "amount", ocds_value(estimate));
	put(r, "planning", json_pack("{s:o}", "budget", budget));
	json_t *pt = ocds_tender_obj(p, "planned");
	put(pt, "title", json_incref(json_object_get(t, "title")));
	put(r, "tender", pt);

	r = ocds_release_add(p, "tender", p->published_at, "tender", NULL);
	put(r, "tender", t);
	snprintf(
	    p->last_release, sizeof(p->last_release), "%s-tender", p->ocid);
	return 0;
}

static const char SQL_AMENDMENTS[] =
    "SELECT id, published_at, text_fi, coalesce(new_bids_deadline, 0) "
    "FROM amendments WHERE tender_id = ? ORDER BY published_at, id";

/* An amendment of tender text or deadline in release r's tender t. */
static void amendment_add(struct pkg *p, json_t *all, const char *id,
    int64_t date, const char *text, const char *release_id)
{
	json_t *a = json_object();
	put_str(a, "id", id);
	put_time(a, "date", date);
	put_str(a, "description", text);
	put_str(a, "amendsReleaseID", p->last_release);
	put_str(a, "releaseID", release_id);
	push(all, a);
	snprintf(p->last_release, sizeof(p->last_release), "%s", release_id);
}

/* One tenderAmendment release per amendment: the amendments so far and
 * the bids deadline after it. */
int ocds_amendments(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_AMENDMENTS);
	if (st == NULL)
		return -1;
	json_t *all = json_array();
	int64_t deadline;
	if (first_deadline(p, &deadline)) {
		json_decref(all);
		return -1;
	}
	db_bind_int(st, 1, p->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char suffix[ID_LEN];
		int64_t date = sqlite3_column_int64(st, 1);
		if (sqlite3_column_int64(st, 3))
			deadline = sqlite3_column_int64(st, 3);
		snprintf(
		    suffix, sizeof(suffix), "amendment-%s", db_col_text(st, 0));
		json_t *r =
		    ocds_release_add(p, suffix, date, "tenderAmendment", NULL);
		amendment_add(p, all, db_col_text(st, 0), date,
		    db_col_text(st, 2),
		    json_string_value(json_object_get(r, "id")));
		json_t *t = ocds_tender_obj(p, "active");
		put(t, "tenderPeriod", period(p->published_at, deadline));
		put(t, "amendments", json_deep_copy(all));
		put(r, "tender", t);
	}
	sqlite3_reset(st);
	json_decref(all);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* {"id": "lot-N", "status": status} for every lot. */
static json_t *lot_statuses(struct pkg *p, const char *status)
{
	json_t *a = json_array();
	for (int i = 0; i < p->nlots; i++)
		push(a, json_pack("{s:o, s:s}", "id",
		            json_sprintf("lot-%d", p->lots[i].number), "status",
		            status));
	return a;
}

static const char SQL_CANCEL_REASON[] =
    "SELECT cancel_reason FROM tenders WHERE id = ?";

/* The tenderCancellation release of a cancelled tender, with the reason
 * given (public on the tender page too). */
int ocds_cancellation(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_CANCEL_REASON);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	json_t *r = ocds_release_add(
	    p, "cancellation", p->cancelled_at, "tenderCancellation", NULL);
	json_t *t = ocds_tender_obj(p, "cancelled");
	put(t, "lots", lot_statuses(p, "cancelled"));
	json_t *all = json_array();
	amendment_add(p, all, "cancellation", p->cancelled_at,
	    "Tarjouspyyntö on peruttu.",
	    json_string_value(json_object_get(r, "id")));
	put_str(json_array_get(all, 0), "rationale", db_col_text(st, 0));
	sqlite3_reset(st);
	put(t, "amendments", all);
	put(r, "tender", t);
	return 0;
}
