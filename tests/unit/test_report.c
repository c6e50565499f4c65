/* test_report.c: the report numbers (report.c) against a small database
 * built here with known answers: distinct clients in the total, ranges
 * cutting placements, an empty month, each scope, endings by outcome,
 * occupancy on two days (a closed place, a contract not yet in force, an
 * over-full place), approved invoices net of a credit note against
 * estimates; and the pure helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/placement.h"
#include "paikka/report.h"
#include "test.h"

static const char SCENARIO[] =
    "INSERT INTO municipalities(id, code, name_fi, name_sv) VALUES "
    "(1, '167', 'Joensuu', 'Joensuu'), (2, '260', 'Kitee', 'Kides');"
    "INSERT INTO organisations(id, kind, name, ytunnus, status, "
    "created_at) VALUES (1, 'buyer', 'County', '3221302-7', 'approved', 0),"
    "(2, 'provider', 'Aapeli', '2345678-0', 'approved', 0),"
    "(3, 'provider', 'Bertta', '4567890-7', 'approved', 0),"
    "(9, 'buyer', 'Other county', '0000000-0', 'approved', 0);"
    "INSERT INTO users(id, username, name, role, org_id, created_at) VALUES "
    "(1, 'cw', 'Cw', 'caseworker', 1, 0), (2, 'cw9', 'Cw9', 'caseworker', "
    "9, 0), (3, 'pa', 'Pa', 'provider', 2, 0), (4, 'off', 'Off', "
    "'officer', 1, 0);"
    "INSERT INTO tenders(id, status, title_fi, created_by, created_at) "
    "VALUES (1, 'awarded', 'T', 4, 0);"
    "INSERT INTO lots(id, tender_id, number, service_type_id, form, "
    "est_days_per_year, pricing, fixed_price_cents) VALUES "
    "(10, 1, 1, 1, 'both', 730, 'fixed', 1000),"
    "(11, 1, 2, 2, 'both', 365, 'fixed', 2000);"
    "INSERT INTO contracts(id, org_id, tender_id, lot_id, service_type_id, "
    "form, daily_price_cents, start_date, end_date, status, created_by, "
    "created_at) VALUES "
    "(1, 2, 1, 10, 1, 'both', 1000, '2026-01-01', '2026-12-31', 'active', "
    "4, 0), (2, 3, 1, 10, 1, 'both', 1000, '2026-01-01', '2026-12-31', "
    "'active', 4, 0), (3, 2, 1, 11, 2, 'both', 2000, '2026-03-15', "
    "'2026-12-31', 'active', 4, 0);"
    "INSERT INTO places(id, contract_id, org_id, title, municipality_id, "
    "service_type_id, form, weekdays, hours_min, hours_max, capacity, "
    "status, created_at, updated_at) VALUES "
    "(1, 1, 2, 'P1', 1, 1, 'individual', 31, 4, 6, 3, 'open', "
    "unixepoch('2025-12-15 12:00'), unixepoch('2025-12-15 12:00')),"
    "(2, 2, 3, 'P2', 2, 1, 'group', 31, 4, 6, 2, 'open', "
    "unixepoch('2025-12-15 12:00'), unixepoch('2025-12-15 12:00')),"
    "(3, 3, 2, 'P3', 1, 2, 'both', 31, 4, 6, 1, 'open', "
    "unixepoch('2026-03-15 12:00'), unixepoch('2026-03-15 12:00')),"
    "(4, 1, 2, 'P4', 1, 1, 'individual', 31, 4, 6, 4, 'closed', "
    "unixepoch('2026-01-01 12:00'), unixepoch('2026-03-01 12:00'));"
    "INSERT INTO placements(id, client_ref, client_name, place_id, "
    "contract_id, org_id, caseworker_id, caseworker_org_id, start_date, "
    "weekdays, hours_per_day, status, end_date, outcome, created_at) VALUES "
    "(1, 'A1', 'A', 1, 1, 2, 1, 1, '2026-01-10', 3, 4, 'ended', "
    "'2026-03-15', 'studies', 0),"
    "(2, 'A1', 'A', 2, 2, 3, 1, 1, '2026-03-20', 3, 4, 'active', NULL, "
    "NULL, 0),"
    "(3, 'B2', 'B', 1, 1, 2, 1, 1, '2026-02-01', 3, 4, 'active', NULL, "
    "NULL, 0),"
    "(4, 'X9', 'X', 2, 2, 3, 2, 9, '2026-01-05', 3, 4, 'ended', "
    "'2026-02-20', 'employed_open', 0),"
    "(5, 'C3', 'C', 3, 3, 2, 1, 1, '2026-04-01', 3, 4, 'ended', "
    "'2026-04-30', 'no_change', 0),"
    "(6, 'D4', 'D', 1, 1, 2, 1, 1, '2026-05-01', 3, 4, 'proposed', NULL, "
    "NULL, 0),"
    "(7, 'E5', 'E', 3, 3, 2, 1, 1, '2026-04-10', 3, 4, 'active', NULL, "
    "NULL, 0);"
    "INSERT INTO attendance(placement_id, day, status, recorded_by, "
    "recorded_at) VALUES "
    "(1, '2026-01-12', 'present', 3, 0), (1, '2026-01-13', 'present', 3, "
    "0), (1, '2026-01-14', 'absent_sick', 3, 0), (1, '2026-02-02', "
    "'present', 3, 0), (1, '2026-03-02', 'present', 3, 0),"
    "(2, '2026-03-23', 'present', 3, 0), (2, '2026-04-06', 'present', 3, "
    "0), (2, '2026-04-07', 'present', 3, 0),"
    "(3, '2026-02-03', 'present', 3, 0), (3, '2026-02-04', 'present', 3, "
    "0), (3, '2026-03-03', 'present', 3, 0), (3, '2026-03-04', "
    "'absent_other', 3, 0),"
    "(4, '2026-01-06', 'present', 3, 0), (4, '2026-02-10', 'present', 3, "
    "0),"
    "(5, '2026-04-02', 'present', 3, 0);"
    "INSERT INTO invoices(id, org_id, buyer_org_id, contract_id, month, "
    "seq, number, version, status, invoice_date, due_date, total_cents, "
    "vat_text, iban, bic, reference, created_by, created_at, kind, "
    "credit_of, credit_reason, credited_at) VALUES "
    "(1, 2, 1, 1, '2026-01', 1, '2-00001', 1, 'approved', '2026-02-01', "
    "'2026-02-21', 2000, 'x', '', '', '', 3, 0, 'invoice', NULL, '', NULL),"
    "(2, 3, 1, 2, '2026-02', 1, '3-00001', 1, 'approved', '2026-03-01', "
    "'2026-03-21', 1000, 'x', '', '', '', 3, 0, 'invoice', NULL, '', NULL),"
    "(3, 2, 1, 1, '2026-02', 2, '2-00002', 1, 'submitted', '2026-03-01', "
    "'2026-03-21', 3000, 'x', '', '', '', 3, 0, 'invoice', NULL, '', NULL),"
    "(4, 2, 1, 3, '2026-04', 3, '2-00003', 1, 'approved', '2026-05-01', "
    "'2026-05-21', 2000, 'x', '', '', '', 3, 0, 'invoice', NULL, '', 1),"
    "(5, 2, 1, 3, '2026-04', 4, '2-00004', 2, 'approved', '2026-05-05', "
    "'2026-05-25', 2000, 'x', '', '', '', 3, 0, 'credit', 4, 'wrong', "
    "NULL),"
    "(6, 2, 1, 3, '2026-04', 5, '2-00005', 3, 'approved', '2026-05-06', "
    "'2026-05-26', 2000, 'x', '', '', '', 3, 0, 'invoice', NULL, '', NULL);"
    "INSERT INTO invoice_lines(invoice_id, placement_id, client_ref, "
    "service_type_id, period_start, period_end, days, unit_cents, "
    "total_cents, sign) VALUES "
    "(1, 1, 'A1', 1, '2026-01-10', '2026-01-31', 2, 1000, 2000, 1),"
    "(2, 4, 'X9', 1, '2026-02-01', '2026-02-20', 1, 1000, 1000, 1),"
    "(3, 1, 'A1', 1, '2026-02-01', '2026-02-28', 1, 1000, 1000, 1),"
    "(3, 3, 'B2', 1, '2026-02-01', '2026-02-28', 2, 1000, 2000, 1),"
    "(4, 5, 'C3', 2, '2026-04-01', '2026-04-30', 1, 2000, 2000, 1),"
    "(5, 5, 'C3', 2, '2026-04-01', '2026-04-30', 1, 2000, 2000, -1),"
    "(6, 5, 'C3', 2, '2026-04-01', '2026-04-30', 1, 2000, 2000, 1);";

static sqlite3 *db;
static struct arena *a;
static const struct report_scope ALL = {REPORT_ALL, 0};

static sqlite3 *test_db(void)
{
	sqlite3 *d = db_open(":memory:");
	if (d == NULL)
		return NULL;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(d, "sql", log ? log : stderr);
	if (log)
		fclose(log);
	if (rc < 1 || db_exec(d, SCENARIO)) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(d));
		db_close(d);
		return NULL;
	}
	return d;
}

/* The row with this label, or NULL. */
static const struct report_row *row(
    const struct report_table *t, const char *label)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].label, label) == 0)
			return &t->rows[i];
	return NULL;
}

#define VOL(t, label, c, d)                                                    \
	do {                                                                   \
		const struct report_row *x_ = row(t, label);                   \
		CHECK(x_ != NULL);                                             \
		if (x_) {                                                      \
			CHECK(x_->clients == (c));                             \
			CHECK(x_->days == (d));                                \
		}                                                              \
	} while (0)

TEST(volume_by_month_with_an_empty_month)
{
	struct report_table t;
	CHECK(report_volume(db, a, LANG_FI, &ALL, "2026-01-01", "2026-05-31",
	          REPORT_BY_MONTH, &t) == 0);
	CHECK(t.n == 5);
	if (t.n == 5) {
		CHECK_STR(t.rows[0].label, "2026-01");
		CHECK_STR(t.rows[4].label, "2026-05");
	}
	VOL(&t, "2026-01", 2, 3);
	VOL(&t, "2026-02", 3, 4);
	VOL(&t, "2026-03", 2, 3);
	VOL(&t, "2026-04", 2, 3);
	VOL(&t, "2026-05", 0, 0);
	CHECK(t.total.clients == 4);
	CHECK(t.total.days == 13);
}

TEST(volume_distinct_total_by_provider)
{
	struct report_table t;
	CHECK(report_volume(db, a, LANG_FI, &ALL, "2026-01-01", "2026-12-31",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 2);
	VOL(&t, "Aapeli", 3, 8);
	VOL(&t, "Bertta", 2, 5);
	/* A1 was with both providers: counted once in the total. */
	CHECK(t.total.clients == 4);
	CHECK(t.total.days == 13);
}

TEST(volume_other_groups)
{
	struct report_table t;
	CHECK(report_volume(db, a, LANG_FI, &ALL, "2026-01-01", "2026-12-31",
	          REPORT_BY_FORM, &t) == 0);
	CHECK(t.n == 3);
	if (t.n == 3) {
		CHECK_STR(t.rows[0].label, "individual");
		CHECK_STR(t.rows[1].label, "group");
		CHECK_STR(t.rows[2].label, "both");
	}
	VOL(&t, "individual", 2, 7);
	VOL(&t, "group", 2, 5);
	VOL(&t, "both", 1, 1);
	CHECK(report_volume(db, a, LANG_SV, &ALL, "2026-01-01", "2026-12-31",
	          REPORT_BY_MUNICIPALITY, &t) == 0);
	VOL(&t, "Joensuu", 3, 8);
	VOL(&t, "Kides", 2, 5);
	CHECK(report_volume(db, a, LANG_EN, &ALL, "2026-01-01", "2026-12-31",
	          REPORT_BY_SERVICE, &t) == 0);
	VOL(&t, "1 Work-activity place and guidance of the work", 3, 12);
	CHECK(t.n == 2 && t.rows[1].days == 1 &&
	      strncmp(t.rows[1].label, "2 Work", 6) == 0);
	CHECK(t.total.clients == 4);
	CHECK(report_volume(db, a, LANG_EN, &ALL, "2026-01-01", "2026-12-31",
	          REPORT_BY_MUNI_SERVICE, &t) == -1);
}

TEST(volume_range_cuts_placements)
{
	struct report_table t;
	CHECK(report_volume(db, a, LANG_FI, &ALL, "2026-02-01", "2026-03-16",
	          REPORT_BY_PROVIDER, &t) == 0);
	VOL(&t, "Aapeli", 2, 5);
	VOL(&t, "Bertta", 1, 1);
	CHECK(t.total.clients == 3);
	CHECK(t.total.days == 6);
	/* One day. */
	CHECK(report_volume(db, a, LANG_FI, &ALL, "2026-01-13", "2026-01-13",
	          REPORT_BY_MONTH, &t) == 0);
	CHECK(t.n == 1);
	VOL(&t, "2026-01", 1, 1);
}

TEST(volume_scopes)
{
	struct report_table t;
	struct report_scope cw1 = {REPORT_CASEWORKER, 1};
	struct report_scope cw9 = {REPORT_CASEWORKER, 9};
	struct report_scope p3 = {REPORT_PROVIDER, 3};
	struct report_scope none = {REPORT_CASEWORKER, -1};
	CHECK(report_volume(db, a, LANG_FI, &cw1, "2026-01-01", "2026-12-31",
	          REPORT_BY_MONTH, &t) == 0);
	VOL(&t, "2026-01", 1, 2);
	CHECK(t.total.clients == 3 && t.total.days == 11);
	CHECK(report_volume(db, a, LANG_FI, &cw9, "2026-01-01", "2026-12-31",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 1);
	VOL(&t, "Bertta", 1, 2);
	CHECK(t.total.clients == 1 && t.total.days == 2);
	CHECK(report_volume(db, a, LANG_FI, &p3, "2026-01-01", "2026-12-31",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 1);
	VOL(&t, "Bertta", 2, 5);
	CHECK(report_volume(db, a, LANG_FI, &none, "2026-01-01", "2026-12-31",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 0 && t.total.clients == 0 && t.total.days == 0);
}

static int64_t outcome(const int64_t *counts, const char *code)
{
	for (size_t i = 0; i < placement_outcome_count(); i++)
		if (strcmp(placement_outcome_code(i), code) == 0)
			return counts[i];
	return -1;
}

TEST(outcomes)
{
	int64_t c[32], total;
	CHECK(placement_outcome_count() <= 32);
	CHECK(report_outcomes(
	          db, &ALL, "2026-01-01", "2026-12-31", 0, c, &total) == 0);
	CHECK(total == 3);
	CHECK(outcome(c, "studies") == 1);
	CHECK(outcome(c, "employed_open") == 1);
	CHECK(outcome(c, "no_change") == 1);
	CHECK(outcome(c, "retired") == 0);
	CHECK(report_share_x10(c[0], total) == 333);
	CHECK(report_outcomes(
	          db, &ALL, "2026-01-01", "2026-12-31", 2, c, &total) == 0);
	CHECK(total == 2 && outcome(c, "employed_open") == 0);
	struct report_scope cw9 = {REPORT_CASEWORKER, 9};
	CHECK(report_outcomes(
	          db, &cw9, "2026-01-01", "2026-12-31", 0, c, &total) == 0);
	CHECK(total == 1 && outcome(c, "employed_open") == 1);
	CHECK(report_outcomes(
	          db, &ALL, "2026-03-01", "2026-03-31", 0, c, &total) == 0);
	CHECK(total == 1 && outcome(c, "studies") == 1);
	CHECK(report_outcomes(
	          db, &ALL, "2025-01-01", "2025-12-31", 0, c, &total) == 0);
	CHECK(total == 0);
}

#define OCC(t, L1, L2, cap, act, fr)                                           \
	do {                                                                   \
		const struct report_row *x_ = NULL;                            \
		for (size_t i_ = 0; i_ < (t)->n; i_++)                         \
			if (strcmp((t)->rows[i_].label, L1) == 0 &&            \
			    (!*(L2) ||                                         \
			        strncmp((t)->rows[i_].label2, L2, 2) == 0))    \
				x_ = &(t)->rows[i_];                           \
		CHECK(x_ != NULL);                                             \
		if (x_) {                                                      \
			CHECK(x_->capacity == (cap));                          \
			CHECK(x_->active == (act));                            \
			CHECK(x_->free == (fr));                               \
		}                                                              \
	} while (0)

TEST(occupancy)
{
	struct report_table t;
	/* 28.2.: the closed place still counts, contract 3 is not in
	 * force, placement 4 ended on 20.2. and 2 has not started. */
	CHECK(report_occupancy(db, a, LANG_FI, &ALL, "2026-02-28",
	          REPORT_BY_MUNI_SERVICE, &t) == 0);
	CHECK(t.n == 2);
	OCC(&t, "Joensuu", "1 ", 7, 2, 5);
	OCC(&t, "Kitee", "1 ", 2, 0, 2);
	CHECK(
	    t.total.capacity == 9 && t.total.active == 2 && t.total.free == 7);
	/* 15.4.: place 3 is over-full (free 0, not -1); the proposed
	 * placement 6 is not counted; the closed place is gone. */
	CHECK(report_occupancy(db, a, LANG_FI, &ALL, "2026-04-15",
	          REPORT_BY_MUNI_SERVICE, &t) == 0);
	CHECK(t.n == 3);
	OCC(&t, "Joensuu", "1 ", 3, 1, 2);
	OCC(&t, "Joensuu", "2 ", 1, 2, 0);
	OCC(&t, "Kitee", "1 ", 2, 1, 1);
	CHECK(
	    t.total.capacity == 6 && t.total.active == 4 && t.total.free == 3);
	CHECK(report_occupancy(db, a, LANG_FI, &ALL, "2026-04-15",
	          REPORT_BY_MUNICIPALITY, &t) == 0);
	CHECK(t.n == 2);
	OCC(&t, "Joensuu", "", 4, 3, 2);
	struct report_scope p3 = {REPORT_PROVIDER, 3};
	CHECK(report_occupancy(db, a, LANG_FI, &p3, "2026-04-15",
	          REPORT_BY_SERVICE, &t) == 0);
	CHECK(t.n == 1 && t.total.capacity == 2 && t.total.active == 1);
	/* Before any contract: nothing, and zeros in the total. */
	CHECK(report_occupancy(db, a, LANG_FI, &ALL, "2025-06-30",
	          REPORT_BY_SERVICE, &t) == 0);
	CHECK(t.n == 0 && t.total.capacity == 0 && t.total.free == 0);
}

#define SPEND(t, label, d, c, ed, ec)                                          \
	do {                                                                   \
		const struct report_row *x_ = row(t, label);                   \
		CHECK(x_ != NULL);                                             \
		if (x_) {                                                      \
			CHECK(x_->days == (d));                                \
			CHECK(x_->cents == (c));                               \
			CHECK(x_->est_days == (ed));                           \
			CHECK(x_->est_cents == (ec));                          \
		}                                                              \
	} while (0)

TEST(spending)
{
	struct report_table t;
	/* Lot 10's 730 days a year shared by two contracts and lot 11's
	 * 365 by one: an estimated day for each day in force. */
	CHECK(report_spending(db, a, LANG_FI, &ALL, "2026-01-15", "2026-04-02",
	          REPORT_BY_MONTH, &t) == 0);
	CHECK(t.n == 4);
	SPEND(&t, "2026-01", 2, 2000, 62, 62000);
	SPEND(&t, "2026-02", 1, 1000, 56, 56000);
	SPEND(&t, "2026-03", 0, 0, 79, 96000);
	/* April: invoice, its credit note and the new invoice. */
	SPEND(&t, "2026-04", 1, 2000, 90, 120000);
	CHECK(t.total.days == 4 && t.total.cents == 5000);
	CHECK(t.total.est_days == 287 && t.total.est_cents == 334000);
	CHECK(report_spending(db, a, LANG_FI, &ALL, "2026-01-01", "2026-04-30",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 2);
	SPEND(&t, "Aapeli", 3, 4000, 167, 214000);
	SPEND(&t, "Bertta", 1, 1000, 120, 120000);
	CHECK(report_spending(db, a, LANG_EN, &ALL, "2026-01-01", "2026-04-30",
	          REPORT_BY_SERVICE, &t) == 0);
	CHECK(t.n == 2);
	if (t.n == 2) {
		CHECK(t.rows[0].cents == 3000 && t.rows[0].est_days == 240);
		CHECK(t.rows[1].cents == 2000 && t.rows[1].est_cents == 94000);
	}
	struct report_scope p3 = {REPORT_PROVIDER, 3};
	CHECK(report_spending(db, a, LANG_FI, &p3, "2026-01-01", "2026-04-30",
	          REPORT_BY_PROVIDER, &t) == 0);
	CHECK(t.n == 1);
	SPEND(&t, "Bertta", 1, 1000, 120, 120000);
	CHECK(report_spending(db, a, LANG_FI, &ALL, "2026-01-01", "2026-04-30",
	          REPORT_BY_FORM, &t) == -1);
}

TEST(months)
{
	char m[REPORT_MONTHS_MAX][8];
	CHECK(report_months("2026-11-15", "2027-02-01", m, 120) == 4);
	CHECK_STR(m[0], "2026-11");
	CHECK_STR(m[3], "2027-02");
	CHECK(report_months("2026-05-31", "2026-05-01", m, 120) == 1);
	CHECK(report_months("2026-06-01", "2026-05-31", m, 120) == -1);
	CHECK(report_months("2026-13-01", "2026-05-31", m, 120) == -1);
	CHECK(report_months("2016-01-01", "2025-12-31", m, 120) == 120);
	CHECK(report_months("2016-01-01", "2026-01-01", m, 120) == -1);
}

TEST(shares_and_estimates)
{
	CHECK(report_share_x10(1, 3) == 333);
	CHECK(report_share_x10(2, 3) == 667);
	CHECK(report_share_x10(1, 8) == 125);
	CHECK(report_share_x10(1, 16) == 63); /* 62.5 rounds up */
	CHECK(report_share_x10(5, 5) == 1000);
	CHECK(report_share_x10(3, 0) == 0);
	int64_t d, c;
	/* 5000 days a year shared by 3, 30 days in force, 10,09 € a day:
	 * 136.986... days and 1382.191... €. */
	CHECK(report_estimate(5000, 3, 30, 1009, &d, &c) == 0);
	CHECK(d == 137 && c == 138219);
	CHECK(report_estimate(0, 1, 31, 1009, &d, &c) == 0 && d == 0 && c == 0);
	CHECK(report_estimate(730, 2, 31, 1000, &d, &c) == 0);
	CHECK(d == 31 && c == 31000);
	CHECK(report_estimate(100, 0, 31, 1000, &d, &c) == -1);
	CHECK(report_estimate(-1, 1, 31, 1000, &d, &c) == -1);
	CHECK(report_estimate(INT64_MAX, 1, 31, 1000, &d, &c) == -1);
	struct cal_date a1 = {2026, 1, 10}, a2 = {2026, 3, 15};
	CHECK(report_overlap_days(a1, a2, (struct cal_date){2026, 2, 1},
	          (struct cal_date){2026, 2, 28}) == 28);
	CHECK(report_overlap_days(a1, a2, (struct cal_date){2026, 3, 1},
	          (struct cal_date){2026, 3, 31}) == 15);
	CHECK(report_overlap_days(a1, a2, (struct cal_date){2026, 4, 1},
	          (struct cal_date){2026, 4, 30}) == 0);
}

TEST(formats)
{
	char s[48];
	CHECK_STR(report_fmt_count(s, sizeof(s), 26695, LANG_FI), "26\xc2\xa0"
	                                                          "695");
	CHECK_STR(
	    report_fmt_count(s, sizeof(s), 1234567, LANG_EN), "1,234,567");
	CHECK_STR(report_fmt_count(s, sizeof(s), 373, LANG_SV), "373");
	CHECK_STR(report_fmt_count(s, sizeof(s), -1000, LANG_EN), "-1,000");
	CHECK_STR(report_fmt_count(s, sizeof(s), 0, LANG_FI), "0");
	CHECK_STR(
	    report_fmt_share(s, sizeof(s), 125, LANG_FI), "12,5\xc2\xa0%");
	CHECK_STR(report_fmt_share(s, sizeof(s), 1000, LANG_EN), "100.0%");
	CHECK_STR(report_fmt_share(s, sizeof(s), 7, LANG_SV), "0,7\xc2\xa0%");
	CHECK_STR(report_csv_share(s, sizeof(s), 333), "33,3");
	CHECK(report_group_from_code("both") == REPORT_BY_MUNI_SERVICE);
	CHECK(report_group_from_code("x") == REPORT_GROUP__MAX);
	CHECK(report_group_from_code(NULL) == REPORT_GROUP__MAX);
	CHECK_STR(report_group_code(REPORT_BY_MONTH), "month");
	CHECK_STR(report_form_label("both"), "Individual or group");
	CHECK(report_form_label("x") == NULL);
}

int main(void)
{
	db = test_db();
	a = arena_new();
	if (db == NULL) {
		printf("not ok - test database\n0 passed, 1 failed\n");
		return 1;
	}
	RUN(volume_by_month_with_an_empty_month);
	RUN(volume_distinct_total_by_provider);
	RUN(volume_other_groups);
	RUN(volume_range_cuts_placements);
	RUN(volume_scopes);
	RUN(outcomes);
	RUN(occupancy);
	RUN(spending);
	RUN(months);
	RUN(shares_and_estimates);
	RUN(formats);
	arena_free(a);
	db_close(db);
	return TEST_END();
}
