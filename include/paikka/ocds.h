/* ocds.h: open contracting data. For every published tender an Open
 * Contracting Data Standard 1.1 release package (JSON, built with
 * jansson), without HTTP.
 *
 * The package holds one release per stage: planning, tender, each
 * amendment, the cancellation, the award, each contract and each month
 * of a contract's approved invoices (implementation). Bids are sealed:
 * until the award decision is published nothing is read from the bid
 * tables, so a package cannot say anything about bids (no awards, no
 * suppliers, no number of tenderers). Client data is never read. The
 * text of a package is Finnish (release language "fi"), with the
 * tender's Swedish title and description where given. */
#ifndef PAIKKA_OCDS_H
#define PAIKKA_OCDS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* The ocid prefix until settings.ocds_prefix names the one the Open
 * Contracting Partnership registers for the county: "ocds-" and six
 * lowercase letters or digits. */
#define OCDS_PREFIX_DEFAULT "ocds-paikka"
/* Room for a prefix and its NUL. */
#define OCDS_PREFIX_LEN 12
/* The largest amount in cents a package states exactly (15 digits; see
 * ocds_money). */
#define OCDS_MONEY_MAX 999999999999999LL

struct ocds_config {
	const char *base_url; /* "https://paikka.example", no trailing '/' */
	const char *prefix;   /* the ocid prefix (ocds_prefix_valid) */
};

/* An amount of cents as a JSON number of euros: 1009 → 10.09. NULL when
 * |cents| > OCDS_MONEY_MAX. Exact only when written with ocds_dumps. */
json_t *ocds_money(int64_t cents);
/* {"amount": ocds_money(cents), "currency": "EUR"}; NULL as ocds_money. */
json_t *ocds_value(int64_t cents);
/* The package as text: two-space indent, reals with 15 significant
 * digits, so every amount from ocds_money prints as its exact decimal.
 * malloc'd (free()); NULL on error. */
char *ocds_dumps(const json_t *package);

/* Instant t as "2026-11-22T12:05:00Z" into dst (n >= 21); "" when it
 * does not fit. Returns dst. */
char *ocds_datetime(char *dst, size_t n, int64_t t);
/* The first and the last second of a Europe/Helsinki calendar date
 * "YYYY-MM-DD", in UTC as ocds_datetime: 2027-01-01 starts
 * "2026-12-31T22:00:00Z" and ends "2027-01-01T21:59:59Z". dst gets ""
 * when iso is not a date. Return dst. */
char *ocds_day_start(char *dst, size_t n, const char *iso);
char *ocds_day_end(char *dst, size_t n, const char *iso);

/* 1 when s is "ocds-" followed by exactly six lowercase letters or
 * digits, else 0. */
int ocds_prefix_valid(const char *s);
/* The ocid prefix: settings.ocds_prefix when it is valid, else
 * OCDS_PREFIX_DEFAULT (an invalid setting is logged on stderr). Written
 * into dst (OCDS_PREFIX_LEN bytes); returns dst, or NULL on a database
 * error. */
const char *ocds_prefix(sqlite3 *db, char dst[OCDS_PREFIX_LEN]);
/* The OCDS contract status of a contract's status: signed and active
 * are "active", ended and terminated "terminated"; NULL for a draft and
 * anything else (a draft is not published). Static. */
const char *ocds_contract_status(const char *status);

/* The release package of tender id into *out (the caller json_decref()s
 * it). 0 on success, 1 when there is no such tender or it has never
 * been published (drafts, and drafts cancelled before publishing), -1
 * on a database error. Reads several tables: run it inside one read
 * transaction for a consistent snapshot. */
int ocds_package(
    sqlite3 *db, int64_t id, const struct ocds_config *cfg, json_t **out);

#endif
