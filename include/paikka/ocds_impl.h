/* ocds_impl.h: what the parts of the OCDS release package (ocds.h)
 * share: the package being built, small JSON helpers, and one function
 * per stage of releases.
 *
 * Files: ocds.c (entry points, money, dates, ocid prefix, the tender and
 * the buyer, the list of releases), ocds_tender.c (planning, tender,
 * amendment and cancellation releases: lots, items, criteria,
 * documents), ocds_award.c (award, contract and implementation
 * releases).
 *
 * Identifiers: the ocid is "<prefix>-<tender id>"; releases are
 * "<ocid>-planning", "-tender", "-amendment-<id>", "-cancellation",
 * "-award", "-contract-<id>" and "-implementation-<contract>-<YYYY-MM>".
 * Inside a release: lots "lot-<number>", items "item-<lot number>",
 * awards "award-<lot number>-<Y-tunnus>", contracts "contract-<id>",
 * transactions "<contract id>-<YYYY-MM>". Organisations are identified
 * by their Y-tunnus in the scheme FI-PRO (the Finnish Patent and
 * Registration Office's business ID), party ids "FI-PRO-<Y-tunnus>". */
#ifndef PAIKKA_OCDS_IMPL_H
#define PAIKKA_OCDS_IMPL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "paikka/calendar.h"
#include "paikka/ocds.h"

enum { MAX_LOTS = 99, ID_LEN = 96, TIME_LEN = 32 };

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

/* The package being built: the tender row, its buyer, lots and
 * suppliers, and the releases so far. ocds_package() owns and frees it. */
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

/* JSON helpers: static inline, so the parts share them without the
 * library exporting such plain names. */

/* Sets key to v (taking v); a NULL v (an amount out of range, text that
 * is not UTF-8) leaves the key out rather than failing the package. */
static inline void put(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

static inline void put_str(json_t *o, const char *key, const char *s)
{
	if (s && *s)
		put(o, key, json_string(s));
}

static inline void put_time(json_t *o, const char *key, int64_t t)
{
	char s[TIME_LEN];
	if (t)
		put_str(o, key, ocds_datetime(s, sizeof(s), t));
}

static inline void push(json_t *array, json_t *v)
{
	if (v)
		json_array_append_new(array, v);
}

/* A period of two calendar dates (either may be ""). */
static inline json_t *day_period(const char *start, const char *end)
{
	char a[TIME_LEN], b[TIME_LEN];
	json_t *p = json_object();
	put_str(p, "startDate", ocds_day_start(a, sizeof(a), start));
	put_str(p, "endDate", ocds_day_end(b, sizeof(b), end));
	return p;
}

/* A period of two instants (0: not set). */
static inline json_t *period(int64_t start, int64_t end)
{
	json_t *p = json_object();
	put_time(p, "startDate", start);
	put_time(p, "endDate", end);
	return p;
}

/* The party of the organisation in row st at col (name, ytunnus,
 * street, postcode, city): buyer and procuring entity when roles_buyer,
 * else supplier. ocds_org_free() frees it. */
void ocds_org_init(struct org *o, sqlite3_stmt *st, int col, int roles_buyer);
void ocds_org_free(struct org *o);

/* Appends a release "<ocid>-<suffix>" with its date and tag, the buyer
 * and as parties the buyer and extra: NULL, one supplier's party, or the
 * array of them (a copy is taken). Returns it, owned by p->releases. */
json_t *ocds_release_add(struct pkg *p, const char *suffix, int64_t date,
    const char *tag, json_t *extra);
/* The "tender" object every release about the tender starts from (new). */
json_t *ocds_tender_obj(struct pkg *p, const char *status);
/* A day as the unit of an item, with its price when known (> 0). */
json_t *ocds_day_unit(int64_t cents);

/* The stages, in package order; each appends its releases to p and
 * returns 0, or -1 on a database error. ocds_tender.c: */
int ocds_planning_and_tender(struct pkg *p);
int ocds_amendments(struct pkg *p);
int ocds_cancellation(struct pkg *p);
/* ocds_award.c, only once the award decision is published: */
int ocds_award(struct pkg *p);
int ocds_contracts(struct pkg *p);
int ocds_implementation(struct pkg *p);

#endif
