/* ocds.c: OCDS 1.1 release packages of published tenders (see ocds.h):
 * the package, its money, dates and ocid prefix, the tender and buyer it
 * is built from and the list of releases. Each stage's releases are
 * built in ocds_tender.c and ocds_award.c (ocds_impl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/ocds.h"
#include "paikka/ocds_impl.h"

#define LOTS_EXTENSION                                                         \
	"https://raw.githubusercontent.com/open-contracting-extensions/"       \
	"ocds_lots_extension/v1.1.5/extension.json"

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

json_t *ocds_day_unit(int64_t cents)
{
	json_t *u = json_pack("{s:s, s:s, s:s}", "scheme", "UNCEFACT", "id",
	    "DAY", "name", "päivä");
	if (cents > 0)
		put(u, "value", ocds_value(cents));
	return u;
}

/* --- what a package is built from ---------------------------------------- */

void ocds_org_init(struct org *o, sqlite3_stmt *st, int col, int roles_buyer)
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

void ocds_org_free(struct org *o)
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
		ocds_org_init(&p->buyer, st, 0, 1);
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

json_t *ocds_release_add(struct pkg *p, const char *suffix, int64_t date,
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

json_t *ocds_tender_obj(struct pkg *p, const char *status)
{
	json_t *t = json_object();
	put(t, "id", json_sprintf("%lld", (long long)p->id));
	put_str(t, "status", status);
	return t;
}

/* --- the package --------------------------------------------------------- */

static int releases(struct pkg *p)
{
	if (ocds_planning_and_tender(p) || ocds_amendments(p))
		return -1;
	if (p->cancelled_at && strcmp(p->status, "cancelled") == 0)
		return ocds_cancellation(p);
	/* Bids are sealed until the award decision is published: nothing
	 * below reads them before. */
	if (!p->awarded)
		return 0;
	if (ocds_award(p) || ocds_contracts(p) || ocds_implementation(p))
		return -1;
	return 0;
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
	ocds_org_free(&p->buyer);
	json_decref(p->suppliers);
	json_decref(p->releases);
	free(p);
	return rc;
}
