/* ocds.c: OCDS 1.1 release packages of published tenders (see ocds.h).
 *
 * Identifiers: the ocid is "<prefix>-<tender id>"; releases are
 * "<ocid>-planning", "-tender", "-amendment-<id>", "-cancellation",
 * "-award", "-contract-<id>" and "-implementation-<contract>-<YYYY-MM>".
 * Inside a release: lots "lot-<number>", items "item-<lot number>",
 * awards "award-<lot number>-<Y-tunnus>", contracts "contract-<id>",
 * transactions "<contract id>-<YYYY-MM>". Organisations are identified
 * by their Y-tunnus in the scheme FI-PRO (the Finnish Patent and
 * Registration Office's business ID), party ids "FI-PRO-<Y-tunnus>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paikka/arena.h"
#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/ocds.h"

/* The classification of every lot: CPV 85312000 (without its check
 * digit 9), the social work services without accommodation that
 * rehabilitative work activity under Act 189/2001 is. */
#define CPV_ID "85312000"
#define CPV_NAME "Social work services without accommodation"
#define LOTS_EXTENSION                                                         \
	"https://raw.githubusercontent.com/open-contracting-extensions/"       \
	"ocds_lots_extension/v1.1.5/extension.json"

enum { MAX_LOTS = 99, ID_LEN = 96, TIME_LEN = 32 };

/* --- helpers ------------------------------------------------------------ */

json_t *ocds_money(int64_t cents)
{
	if (cents > OCDS_MONEY_MAX || cents < -OCDS_MONEY_MAX)
		return NULL;
	/* Both operands are exact doubles and IEEE division rounds
	 * correctly, so this is the double nearest to the decimal; at 15
	 * significant digits (ocds_dumps) it prints as that decimal. */
	return json_real((double)cents / 100.0);
}

json_t *ocds_value(int64_t cents)
{
	json_t *m = ocds_money(cents);
	if (m == NULL)
		return NULL;
	return json_pack("{s:o, s:s}", "amount", m, "currency", "EUR");
}

char *ocds_dumps(const json_t *package)
{
	return json_dumps(package, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
}

char *ocds_datetime(char *dst, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (n == 0)
		return dst;
	dst[0] = '\0';
	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		dst[0] = '\0';
	return dst;
}

char *ocds_day_start(char *dst, size_t n, const char *iso)
{
	struct cal_date d;
	if (n)
		dst[0] = '\0';
	if (!cal_parse_iso(iso, &d))
		return dst;
	int64_t t = helsinki_to_utc(d.y, d.m, d.d, 0, 0);
	return t < 0 ? dst : ocds_datetime(dst, n, t);
}

char *ocds_day_end(char *dst, size_t n, const char *iso)
{
	struct cal_date d;
	if (n)
		dst[0] = '\0';
	if (!cal_parse_iso(iso, &d))
		return dst;
	struct cal_date next = cal_add_days(d.y, d.m, d.d, 1);
	int64_t t = helsinki_to_utc(next.y, next.m, next.d, 0, 0);
	return t < 0 ? dst : ocds_datetime(dst, n, t - 1);
}

int ocds_prefix_valid(const char *s)
{
	if (s == NULL || strlen(s) != 11 || strncmp(s, "ocds-", 5) != 0)
		return 0;
	return strspn(s + 5, "abcdefghijklmnopqrstuvwxyz0123456789") == 6;
}

static const char SQL_PREFIX[] =
    "SELECT value FROM settings WHERE key = 'ocds_prefix'";

const char *ocds_prefix(sqlite3 *db, char dst[OCDS_PREFIX_LEN])
{
	sqlite3_stmt *st = db_stmt(db, SQL_PREFIX);
	if (st == NULL)
		return NULL;
	int rc = sqlite3_step(st);
	snprintf(dst, OCDS_PREFIX_LEN, "%s", OCDS_PREFIX_DEFAULT);
	if (rc == SQLITE_ROW) {
		const char *v = db_col_text(st, 0);
		if (ocds_prefix_valid(v))
			snprintf(dst, OCDS_PREFIX_LEN, "%s", v);
		else
			fprintf(stderr, "paikka: settings.ocds_prefix is not "
			                "\"ocds-\" and six letters or digits; "
			                "using " OCDS_PREFIX_DEFAULT "\n");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? dst : NULL;
}

const char *ocds_contract_status(const char *status)
{
	if (strcmp(status, "signed") == 0 || strcmp(status, "active") == 0)
		return "active";
	if (strcmp(status, "ended") == 0 || strcmp(status, "terminated") == 0)
		return "terminated";
	return NULL;
}

/* Sets key to v (taking v); a NULL v (an amount out of range, text that
 * is not UTF-8) leaves the key out rather than failing the package. */
static void put(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

static void put_str(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		put(o, key, json_string(s));
}

static void put_time(json_t *o, const char *key, int64_t t)
{
	char s[TIME_LEN];
	if (t)
		put_str(o, key, ocds_datetime(s, sizeof(s), t));
}

static void push(json_t *array, json_t *v)
{
	if (v)
		json_array_append_new(array, v);
}

/* A period of two calendar dates (either may be ""). */
static json_t *day_period(const char *start, const char *end)
{
	char a[TIME_LEN], b[TIME_LEN];
	json_t *p = json_object();
	put_str(p, "startDate", ocds_day_start(a, sizeof(a), start));
	put_str(p, "endDate", ocds_day_end(b, sizeof(b), end));
	return p;
}

/* A period of two instants (0: not set). */
static json_t *period(int64_t start, int64_t end)
{
	json_t *p = json_object();
	put_time(p, "startDate", start);
	put_time(p, "endDate", end);
	return p;
}

/* --- what a package is built from ---------------------------------------- */

struct org {
	char id[ID_LEN]; /* party id, "FI-PRO-<Y-tunnus>" */
	json_t *party;   /* the Organization of parties[] */
	json_t *ref;     /* {"id", "name"} */
};

struct lot {
	int64_t id;
	int number;
	int fixed;
	int64_t fixed_cents;
	json_t *title; /* its title, or the service's name */
};

struct pkg {
	sqlite3 *db;
	const struct ocds_config *cfg;
	char ocid[40]; /* prefix, "-", up to 19 digits */
	/* The tender row. */
	int64_t id;
	char status[16];
	int64_t published_at, cancelled_at, questions_deadline, bids_deadline;
	char contract_start[CAL_ISO_LEN], contract_end[CAL_ISO_LEN];
	int awarded; /* the award decision has been published */
	int64_t awarded_at;
	struct org buyer;
	json_t *suppliers; /* parties after the award: array */
	struct lot lots[MAX_LOTS];
	int nlots;
	json_t *releases;
	char last_release[ID_LEN]; /* for amendments' amendsReleaseID */
	int64_t latest;            /* the newest release date */
};

static void org_init(struct org *o, sqlite3_stmt *st, int col, int roles_buyer)
{
	const char *name = db_col_text(st, col);
	const char *ytunnus = db_col_text(st, col + 1);
	snprintf(o->id, sizeof(o->id), "FI-PRO-%s", ytunnus);
	o->party = json_object();
	put_str(o->party, "id", o->id);
	put_str(o->party, "name", name);
	json_t *ident = json_object();
	put_str(ident, "scheme", "FI-PRO");
	put_str(ident, "id", ytunnus);
	put_str(ident, "legalName", name);
	put(o->party, "identifier", ident);
	json_t *addr = json_object();
	put_str(addr, "streetAddress", db_col_text(st, col + 2));
	put_str(addr, "postalCode", db_col_text(st, col + 3));
	put_str(addr, "locality", db_col_text(st, col + 4));
	put_str(addr, "countryName", "Suomi");
	put(o->party, "address", addr);
	put(o->party, "roles",
	    roles_buyer ? json_pack("[s,s]", "buyer", "procuringEntity")
	                : json_pack("[s]", "supplier"));
	o->ref = json_pack("{s:s, s:s}", "id", o->id, "name", name);
}

static void org_free(struct org *o)
{
	json_decref(o->party);
	json_decref(o->ref);
	o->party = o->ref = NULL;
}

static const char SQL_TENDER[] =
    "SELECT status, coalesce(published_at, 0), coalesce(cancelled_at, 0), "
    "coalesce(questions_deadline, 0), coalesce(bids_deadline, 0), "
    "contract_start, contract_end FROM tenders WHERE id = ?";
/* Only a decision that has been published counts as the award. */
static const char SQL_DECISION[] =
    "SELECT d.published_at FROM award_decisions d JOIN tenders t ON "
    "t.id = d.tender_id AND t.status = 'awarded' WHERE d.tender_id = ?";

/* 0 loaded, 1 no such tender or never published, -1 error. */
static int load_tender(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_TENDER);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(
		    p->status, sizeof(p->status), "%s", db_col_text(st, 0));
		p->published_at = sqlite3_column_int64(st, 1);
		p->cancelled_at = sqlite3_column_int64(st, 2);
		p->questions_deadline = sqlite3_column_int64(st, 3);
		p->bids_deadline = sqlite3_column_int64(st, 4);
		snprintf(p->contract_start, sizeof(p->contract_start), "%s",
		    db_col_text(st, 5));
		snprintf(p->contract_end, sizeof(p->contract_end), "%s",
		    db_col_text(st, 6));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	if (p->published_at == 0 || strcmp(p->status, "draft") == 0)
		return 1;
	if ((st = db_stmt(p->db, SQL_DECISION)) == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->awarded = 1;
		p->awarded_at = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The buyer: the organisation of the officer who made the tender, else
 * the first buyer organisation. */
static const char SQL_BUYER[] =
    "SELECT o.name, o.ytunnus, o.street, o.postcode, o.city, "
    "o.contact_email, o.contact_phone FROM organisations o WHERE o.id = "
    "coalesce((SELECT u.org_id FROM tenders t JOIN users u ON u.id = "
    "t.created_by JOIN organisations b ON b.id = u.org_id AND b.kind = "
    "'buyer' WHERE t.id = ?), (SELECT min(id) FROM organisations WHERE "
    "kind = 'buyer'))";

static int load_buyer(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_BUYER);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		org_init(&p->buyer, st, 0, 1);
		/* The organisation's own channels; its contact person's
		 * name stays out. */
		json_t *cp = json_object();
		put_str(cp, "email", db_col_text(st, 5));
		put_str(cp, "telephone", db_col_text(st, 6));
		put(p->buyer.party, "contactPoint", cp);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		fprintf(stderr, "paikka: ocds: no buyer organisation\n");
	return rc == SQLITE_ROW ? 0 : -1;
}

/* --- releases ------------------------------------------------------------ */

/* Appends a release "<ocid>-<suffix>" with its date and tag, the buyer
 * and as parties the buyer and extra: NULL, one supplier's party, or the
 * array of them (a copy is taken). Returns it, owned by p->releases. */
static json_t *release_add(struct pkg *p, const char *suffix, int64_t date,
    const char *tag, json_t *extra)
{
	char id[2 * ID_LEN];
	snprintf(id, sizeof(id), "%s-%s", p->ocid, suffix);
	json_t *r = json_object();
	put_str(r, "ocid", p->ocid);
	put_str(r, "id", id);
	put_time(r, "date", date);
	put(r, "tag", json_pack("[s]", tag));
	put_str(r, "initiationType", "tender");
	put_str(r, "language", "fi");
	json_t *parties = json_array();
	push(parties, json_deep_copy(p->buyer.party));
	size_t i;
	json_t *s;
	if (json_is_array(extra))
		json_array_foreach(extra, i, s)
		    push(parties, json_deep_copy(s));
	else if (extra)
		push(parties, json_deep_copy(extra));
	put(r, "parties", parties);
	put(r, "buyer", json_deep_copy(p->buyer.ref));
	json_array_append_new(p->releases, r);
	if (date > p->latest)
		p->latest = date;
	return r;
}

/* The "tender" object every release about the tender starts from. */
static json_t *tender_obj(struct pkg *p, const char *status)
{
	json_t *t = json_object();
	put(t, "id", json_sprintf("%lld", (long long)p->id));
	put_str(t, "status", status);
	return t;
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

static const char *form_fi(const char *form)
{
	if (strcmp(form, "individual") == 0)
		return "Yksilömuotoinen";
	if (strcmp(form, "group") == 0)
		return "Ryhmämuotoinen";
	return "Yksilö- tai ryhmämuotoinen";
}

/* A day as the unit of an item, with its price when known (> 0). */
static json_t *day_unit(int64_t cents)
{
	json_t *u = json_pack("{s:s, s:s, s:s}", "scheme", "UNCEFACT", "id",
	    "DAY", "name", "päivä");
	if (cents > 0)
		put(u, "value", ocds_value(cents));
	return u;
}

/* An item of lot at a daily price: what an award and a contract say. */
static json_t *price_item(int lot, int64_t cents)
{
	json_t *item = json_object();
	put(item, "id", json_sprintf("item-%d", lot));
	put(item, "unit", day_unit(cents));
	put(item, "relatedLot", json_sprintf("lot-%d", lot));
	return item;
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
	put(item, "unit", day_unit(l->fixed ? l->fixed_cents : 0));
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
static int planning_and_tender(struct pkg *p)
{
	int64_t estimate, deadline;
	json_t *t = tender_obj(p, "active");
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
	    release_add(p, "planning", p->published_at, "planning", NULL);
	json_t *budget = json_object();
	put_str(budget, "id", "arvio");
	put_str(budget, "description",
	    "Arvioitu arvo vuodessa: osa-alueiden arvioidut päivät "
	    "kiinteällä hinnalla tai kattohinnalla.");
	if (estimate >= 0)
		put(budget, "amount", ocds_value(estimate));
	put(r, "planning", json_pack("{s:o}", "budget", budget));
	json_t *pt = tender_obj(p, "planned");
	put(pt, "title", json_incref(json_object_get(t, "title")));
	put(r, "tender", pt);

	r = release_add(p, "tender", p->published_at, "tender", NULL);
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
static int amendments(struct pkg *p)
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
		    release_add(p, suffix, date, "tenderAmendment", NULL);
		amendment_add(p, all, db_col_text(st, 0), date,
		    db_col_text(st, 2),
		    json_string_value(json_object_get(r, "id")));
		json_t *t = tender_obj(p, "active");
		put(t, "tenderPeriod", period(p->published_at, deadline));
		put(t, "amendments", json_deep_copy(all));
		put(r, "tender", t);
	}
	sqlite3_reset(st);
	json_decref(all);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_CANCEL_REASON[] =
    "SELECT cancel_reason FROM tenders WHERE id = ?";

/* The tenderCancellation release of a cancelled tender, with the reason
 * given (public on the tender page too). */
static int cancellation(struct pkg *p)
{
	sqlite3_stmt *st = db_stmt(p->db, SQL_CANCEL_REASON);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	json_t *r = release_add(
	    p, "cancellation", p->cancelled_at, "tenderCancellation", NULL);
	json_t *t = tender_obj(p, "cancelled");
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

/* --- after the award decision ------------------------------------------- */

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
	org_init(&o, st, col, 0);
	size_t i;
	json_t *s;
	int known = 0;
	json_array_foreach(p->suppliers, i, s) known |=
	    strcmp(json_string_value(json_object_get(s, "id")), o.id) == 0;
	if (!known)
		push(p->suppliers, json_incref(o.party));
	json_t *ref = json_incref(o.ref);
	org_free(&o);
	return ref;
}

static json_t *award_id(int lot, const char *ytunnus)
{
	return json_sprintf("award-%d-%s", lot, ytunnus);
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

static int award(struct pkg *p)
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
	    release_add(p, "award", p->awarded_at, "award", p->suppliers);
	json_t *t = tender_obj(p, any ? "complete" : "unsuccessful");
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
	org_init(&o, st, 10, 0);
	json_t *r = release_add(p, suffix, date,
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
	org_free(&o);
}

static int contracts(struct pkg *p)
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
	org_init(&o, st, 5, 0);
	json_t *r = release_add(p, suffix, date, "implementation", o.party);
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
	org_free(&o);
}

static int implementation(struct pkg *p)
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

/* --- the package --------------------------------------------------------- */

static int releases(struct pkg *p)
{
	if (planning_and_tender(p) || amendments(p))
		return -1;
	if (p->cancelled_at && strcmp(p->status, "cancelled") == 0)
		return cancellation(p);
	/* Bids are sealed until the award decision is published: nothing
	 * below reads them before. */
	if (!p->awarded)
		return 0;
	return award(p) || contracts(p) || implementation(p) ? -1 : 0;
}

static json_t *package_json(struct pkg *p)
{
	char published[TIME_LEN];
	json_t *pub = json_object();
	put_str(pub, "name",
	    json_string_value(json_object_get(p->buyer.ref, "name")));
	put_str(pub, "scheme", "FI-PRO");
	put_str(pub, "uid", p->buyer.id + strlen("FI-PRO-"));
	put(pub, "uri", json_sprintf("%s/", p->cfg->base_url));
	json_t *pkg = json_object();
	put(pkg, "uri",
	    json_sprintf("%s/tenders/%lld/ocds.json", p->cfg->base_url,
	        (long long)p->id));
	put_str(pkg, "version", "1.1");
	put(pkg, "extensions", json_pack("[s]", LOTS_EXTENSION));
	put_str(pkg, "publishedDate",
	    ocds_datetime(published, sizeof(published), p->latest));
	put(pkg, "publisher", pub);
	put(pkg, "releases", json_incref(p->releases));
	return pkg;
}

int ocds_package(
    sqlite3 *db, int64_t id, const struct ocds_config *cfg, json_t **out)
{
	struct pkg *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -1;
	p->db = db;
	p->cfg = cfg;
	p->id = id;
	*out = NULL;
	int rc = load_tender(p);
	if (rc == 0) {
		snprintf(p->ocid, sizeof(p->ocid), "%s-%lld", cfg->prefix,
		    (long long)id);
		p->releases = json_array();
		p->suppliers = json_array();
		rc = load_buyer(p);
	}
	if (rc == 0 && releases(p) == 0)
		*out = package_json(p);
	else if (rc == 0)
		rc = -1;
	for (int i = 0; i < p->nlots; i++)
		json_decref(p->lots[i].title);
	org_free(&p->buyer);
	json_decref(p->suppliers);
	json_decref(p->releases);
	free(p);
	return rc;
}
