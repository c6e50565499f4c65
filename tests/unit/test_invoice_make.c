/* test_invoice_make.c: making draft invoices (invoice_make.c) against a
 * migrated in-memory database with known answers: days × price per line
 * in client reference order, periods clipped to the month, totals, the
 * provider's number sequence and the reference's check digit, due dates,
 * a draft remade in place, versions after a rejection and a credit note,
 * the refusals, more than 256 lines, and month-end making exactly what
 * one contract at a time makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/invoice_make.h"
#include "test.h"

/* 2026-03-02 10:00 UTC: the invoice date is 2.3.2026 in Helsinki. */
static const int64_t NOW = 1772445600;
static const char MONTH[] = "2026-02";

/* Organisations 1 (the county: e-invoice address), 2 (provider, IBAN
 * written with spaces in lower case) and 3 (provider without bank
 * details). Contracts: 10 of org 2 at 10,09 € a day, due in 21 days,
 * buyer's reference BR-10; 11 of org 2 at 25,00 €, due in 14 days, no
 * buyer's reference, 600 placements; 12 of org 3; 13 of org 2 still a
 * draft. Days of February 2026 (and some of January and March, which
 * must not count):
 *   contract 10: B-2 present 2.-4.2. (sick 5.2.), A-1 started 10.2.,
 *   present 10.-11.2., C-3 ended 20.2., present 16.-20.2., A-0 only
 *   absent;
 *   contract 11: R0000..R0599, 1 + n % 3 present days each (1200);
 *   contracts 12 and 13: one present day each. */
static const char SETUP[] =
    "INSERT INTO organisations(id, kind, name, ytunnus, status, "
    "created_at, iban, bic, einvoice_address, einvoice_operator) VALUES "
    "(1, 'buyer', 'County', '3221302-7', 'approved', 0, '', '', "
    "'003712345678', 'OPBUYER'),"
    "(2, 'provider', 'Kanerva', '2345678-0', 'approved', 0, 'fi21 1234 "
    "5600 0007 85', 'OKOYFIHH', '003723456780', 'OPSELLER'),"
    "(3, 'provider', 'Kierto', '4567890-7', 'approved', 0, '', '', '', "
    "'');"
    "INSERT INTO users(id, username, name, role, org_id, created_at) "
    "VALUES (1, 'finance', 'F', 'finance', 1, 0), (2, 'provider', 'P', "
    "'provider', 2, 0), (3, 'caseworker', 'C', 'caseworker', 1, 0), (4, "
    "'kierto', 'K', 'provider', 3, 0);"
    "INSERT INTO municipalities(id, code, name_fi, name_sv) VALUES (1, "
    "'167', 'Joensuu', 'Joensuu');"
    "INSERT INTO contracts(id, org_id, service_type_id, form, "
    "daily_price_cents, start_date, end_date, invoice_due_days, status, "
    "buyer_reference, created_by, created_at) VALUES "
    "(10, 2, 1, 'individual', 1009, '2025-01-01', '2027-12-31', 21, "
    "'active', 'BR-10', 1, 0),"
    "(11, 2, 2, 'individual', 2500, '2025-01-01', '2027-12-31', 14, "
    "'ended', '', 1, 0),"
    "(12, 3, 1, 'individual', 1500, '2025-01-01', '2027-12-31', 21, "
    "'active', '', 1, 0),"
    "(13, 2, 1, 'individual', 1500, '2025-01-01', '2027-12-31', 21, "
    "'draft', '', 1, 0);"
    "INSERT INTO places(id, contract_id, org_id, title, municipality_id, "
    "service_type_id, form, weekdays, hours_min, hours_max, capacity, "
    "created_at, updated_at) SELECT id, id, org_id, 'Place', 1, "
    "service_type_id, 'individual', 31, 4, 6, 1000, 0, 0 FROM contracts;"
    "INSERT INTO placements(id, client_ref, client_name, place_id, "
    "contract_id, org_id, caseworker_id, caseworker_org_id, start_date, "
    "weekdays, hours_per_day, status, end_date, outcome, created_at) "
    "VALUES "
    "(1, 'B-2', 'n', 10, 10, 2, 3, 1, '2025-12-01', 31, 4, 'active', "
    "NULL, NULL, 0),"
    "(2, 'A-1', 'n', 10, 10, 2, 3, 1, '2026-02-10', 31, 4, 'active', "
    "NULL, NULL, 0),"
    "(3, 'C-3', 'n', 10, 10, 2, 3, 1, '2025-06-01', 31, 4, 'ended', "
    "'2026-02-20', 'other', 0),"
    "(4, 'A-0', 'n', 10, 10, 2, 3, 1, '2026-01-01', 31, 4, 'active', "
    "NULL, NULL, 0),"
    "(5, 'X-1', 'n', 12, 12, 3, 3, 1, '2026-01-01', 31, 4, 'active', "
    "NULL, NULL, 0),"
    "(6, 'Y-1', 'n', 13, 13, 2, 3, 1, '2026-01-01', 31, 4, 'active', "
    "NULL, NULL, 0);"
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 599) INSERT INTO placements(id, client_ref, client_name, "
    "place_id, contract_id, org_id, caseworker_id, caseworker_org_id, "
    "start_date, weekdays, hours_per_day, status, created_at) SELECT 100 "
    "+ i, printf('R%04d', (i * 7) % 600), 'n', 11, 11, 2, 3, 1, "
    "'2026-01-01', 31, 4, 'active', 0 FROM n;"
    "INSERT INTO attendance(placement_id, day, status, hours, "
    "recorded_by, recorded_at) VALUES "
    "(1, '2026-01-30', 'present', 4, 2, 0),"
    "(1, '2026-02-02', 'present', 4, 2, 0),"
    "(1, '2026-02-03', 'present', 4, 2, 0),"
    "(1, '2026-02-04', 'present', 4, 2, 0),"
    "(1, '2026-02-05', 'absent_sick', NULL, 2, 0),"
    "(1, '2026-03-02', 'present', 4, 2, 0),"
    "(2, '2026-02-10', 'present', 4, 2, 0),"
    "(2, '2026-02-11', 'present', 4, 2, 0),"
    "(3, '2026-02-16', 'present', 4, 2, 0),"
    "(3, '2026-02-17', 'present', 4, 2, 0),"
    "(3, '2026-02-18', 'present', 4, 2, 0),"
    "(3, '2026-02-19', 'present', 4, 2, 0),"
    "(3, '2026-02-20', 'present', 4, 2, 0),"
    "(4, '2026-02-02', 'absent_other', NULL, 2, 0),"
    "(4, '2026-02-03', 'absent_sick', NULL, 2, 0),"
    "(5, '2026-02-02', 'present', 4, 4, 0),"
    "(6, '2026-02-02', 'present', 4, 2, 0);"
    "INSERT INTO attendance(placement_id, day, status, hours, "
    "recorded_by, recorded_at) SELECT p.id, d.day, 'present', 4, 2, 0 "
    "FROM placements p JOIN (SELECT '2026-02-02' AS day, 0 AS k UNION "
    "ALL SELECT '2026-02-03', 1 UNION ALL SELECT '2026-02-04', 2) d ON "
    "d.k <= (p.id - 100) % 3 WHERE p.contract_id = 11;";

static sqlite3 *test_db(void)
{
	sqlite3 *db = db_open(":memory:");
	if (db == NULL)
		return NULL;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(db, "sql", log ? log : stderr);
	if (log)
		fclose(log);
	if (rc < 1 || db_exec(db, SETUP)) {
		db_close(db);
		return NULL;
	}
	return db;
}

static int64_t num(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The first column of the first row as text, in the arena. */
static const char *text(struct arena *a, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *s = "(none)";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		s = arena_strdup(a, db_col_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static enum inv_make_rc make(sqlite3 *db, struct arena *a, int64_t contract,
    int64_t org, const char *month, struct inv_made *m)
{
	return inv_make_contract(db, a, contract, org, month, 2, NOW, m);
}

static const char SQL_HEAD[] =
    "SELECT group_concat(x, ';') FROM (SELECT (org_id || '|' || "
    "buyer_org_id || '|' || contract_id || '|' || month || '|' || seq || '|' "
    "|| number || '|' || version || '|' || status || '|' || "
    "invoice_date || '|' || due_date || '|' || total_cents || '|' || vat_cents "
    "|| '|' || iban || '|' || bic || '|' || "
    "reference || '|' || seller_einvoice || '|' || seller_operator || '|' || "
    "buyer_einvoice || '|' || "
    "buyer_operator || '|' || buyer_reference || '|' || created_by || '|' || "
    "created_at || '|' || kind) AS x "
    "FROM invoices ORDER BY id)";
static const char SQL_LINES[] =
    "SELECT group_concat(x, ';') FROM (SELECT (invoice_id || '|' || "
    "placement_id || '|' || client_ref || '|' || service_type_id || '|' || "
    "period_start || '|' || "
    "period_end || '|' || days || '|' || unit_cents || '|' || total_cents || "
    "'|' || sign) AS x FROM "
    "invoice_lines ORDER BY id)";

TEST(lines_are_days_times_price)
{
	sqlite3 *db = test_db();
	struct arena *a = arena_new();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	struct inv_made m;
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(m.lines == 3);
	CHECK(m.total_cents == 10 * 1009);
	CHECK(m.seq == 1 && m.version == 1);
	CHECK_STR(m.number, "2-00001");
	/* In client reference order; periods clipped to the month and to
	 * the placement's own start and end. */
	CHECK_STR(text(a, db,
	              "SELECT group_concat(x, ';') FROM (SELECT "
	              "(client_ref || '|' || period_start || '|' || period_end "
	              "|| '|' || "
	              "days || '|' || unit_cents || '|' || total_cents || '|' "
	              "|| service_type_id) AS x "
	              "FROM invoice_lines ORDER BY id)"),
	    "A-1|2026-02-10|2026-02-28|2|1009|2018|1;"
	    "B-2|2026-02-01|2026-02-28|3|1009|3027|1;"
	    "C-3|2026-02-01|2026-02-20|5|1009|5045|1");
	/* Seller's IBAN normalised, reference 200001 + check digit 1, due
	 * 21 days after the Helsinki date. */
	CHECK_STR(text(a, db, SQL_HEAD),
	    "2|1|10|2026-02|1|2-00001|1|draft|2026-03-02|2026-03-23|10090|0|"
	    "FI2112345600000785|OKOYFIHH|2000011|003723456780|OPSELLER|"
	    "003712345678|OPBUYER|BR-10|2|1772445600|invoice");
	CHECK(
	    num(db, "SELECT last FROM invoice_numbers WHERE org_id = 2") == 1);
	CHECK(num(db, "SELECT vat_text = 'Arvonlisäveroton sosiaalipalvelu "
	              "(AVL 37 §)' FROM invoices") == 1);
	arena_free(a);
	db_close(db);
}

TEST(more_than_256_lines)
{
	sqlite3 *db = test_db();
	struct arena *a = arena_new();
	if (db == NULL)
		return;
	struct inv_made m;
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(make(db, a, 11, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(m.lines == 600);
	CHECK(m.total_cents == 1200 * 2500);
	/* The provider's second number; 200002 + check digit 4; no buyer's
	 * reference: the contract number; due in 14 days. */
	CHECK_STR(m.number, "2-00002");
	CHECK_STR(text(a, db,
	              "SELECT (reference || '|' || buyer_reference || '|' || "
	              "due_date || '|' || total_cents) FROM invoices WHERE "
	              "contract_id = 11"),
	    "2000024|11|2026-03-16|3000000");
	CHECK(
	    num(db, "SELECT count(*) FROM invoice_lines l JOIN invoices i "
	            "ON i.id = l.invoice_id WHERE i.contract_id = 11") == 600);
	CHECK(
	    num(db, "SELECT sum(days) FROM invoice_lines l JOIN invoices i "
	            "ON i.id = l.invoice_id WHERE i.contract_id = 11") == 1200);
	/* Ordered by client reference although made in another order. */
	CHECK_STR(text(a, db,
	              "SELECT group_concat(client_ref, ',') FROM (SELECT "
	              "client_ref FROM invoice_lines WHERE invoice_id = "
	              "(SELECT id FROM invoices WHERE contract_id = 11) "
	              "ORDER BY id LIMIT 3)"),
	    "R0000,R0001,R0002");
	CHECK(num(db, "SELECT count(*) FROM invoice_lines a JOIN "
	              "invoice_lines b ON b.id = a.id + 1 AND b.invoice_id = "
	              "a.invoice_id WHERE b.client_ref < a.client_ref") == 0);
	CHECK(
	    num(db, "SELECT last FROM invoice_numbers WHERE org_id = 2") == 2);
	arena_free(a);
	db_close(db);
}

TEST(draft_remade_in_place)
{
	sqlite3 *db = test_db();
	struct arena *a = arena_new();
	if (db == NULL)
		return;
	struct inv_made m1, m2;
	CHECK(make(db, a, 10, 2, MONTH, &m1) == INV_MAKE_OK);
	CHECK(db_exec(db, "INSERT INTO attendance(placement_id, day, status, "
	                  "hours, recorded_by, recorded_at) VALUES (2, "
	                  "'2026-02-12', 'present', 4, 2, 0)") == 0);
	CHECK(make(db, a, 10, 2, MONTH, &m2) == INV_MAKE_OK);
	CHECK_STR(m2.number, "2-00001");
	CHECK(m2.version == 1 && m2.total_cents == 11 * 1009);
	CHECK(num(db, "SELECT count(*) FROM invoices") == 1);
	CHECK(
	    num(db, "SELECT last FROM invoice_numbers WHERE org_id = 2") == 1);
	CHECK_STR(text(a, db,
	              "SELECT group_concat(days, ',') FROM (SELECT days FROM "
	              "invoice_lines ORDER BY id)"),
	    "3,3,5");
	char q[120];
	snprintf(q, sizeof(q),
	    "SELECT count(*) FROM invoice_lines WHERE invoice_id = %lld",
	    (long long)m1.id);
	CHECK(m1.id == m2.id || num(db, q) == 0);
	arena_free(a);
	db_close(db);
}

TEST(refusals_change_nothing)
{
	sqlite3 *db = test_db();
	struct arena *a = arena_new();
	if (db == NULL)
		return;
	struct inv_made m;
	/* Another organisation's contract, a draft contract, no org. */
	CHECK(make(db, a, 10, 3, MONTH, &m) == INV_MAKE_NO_CONTRACT);
	CHECK(make(db, a, 13, 2, MONTH, &m) == INV_MAKE_NO_CONTRACT);
	CHECK(make(db, a, 10, 0, MONTH, &m) == INV_MAKE_NO_CONTRACT);
	CHECK(make(db, a, 999, 2, MONTH, &m) == INV_MAKE_NO_CONTRACT);
	CHECK(make(db, a, 10, 2, "2026-13", &m) == INV_MAKE_NO_CONTRACT);
	CHECK(make(db, a, 12, 3, MONTH, &m) == INV_MAKE_NO_BANK);
	CHECK(make(db, a, 10, 2, "2025-05", &m) == INV_MAKE_NO_DAYS);
	CHECK(make(db, a, 10, 2, "2026-03", &m) == INV_MAKE_OK);
	CHECK(m.lines == 1 && m.total_cents == 1009);
	CHECK(num(db, "SELECT count(*) FROM invoices") == 1);
	CHECK(
	    num(db, "SELECT last FROM invoice_numbers WHERE org_id = 2") == 1);
	CHECK(num(db, "SELECT count(*) FROM invoice_numbers") == 1);
	arena_free(a);
	db_close(db);
}

TEST(versions_and_numbers)
{
	sqlite3 *db = test_db();
	struct arena *a = arena_new();
	if (db == NULL)
		return;
	struct inv_made m;
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(db_exec(db, "UPDATE invoices SET status = 'submitted'") == 0);
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_LIVE);
	/* Rejected: the next version keeps the number. */
	CHECK(db_exec(db, "UPDATE invoices SET status = 'rejected', "
	                  "reject_reason = 'wrong'") == 0);
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(m.version == 2 && m.seq == 1);
	CHECK_STR(m.number, "2-00001");
	/* Another contract takes the next number meanwhile. */
	CHECK(make(db, a, 11, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK_STR(m.number, "2-00002");
	/* Approved: locked; credited: a new number and the next version. */
	CHECK(db_exec(db, "UPDATE invoices SET status = 'approved' WHERE "
	                  "contract_id = 10 AND version = 2") == 0);
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_LIVE);
	CHECK(db_exec(db, "UPDATE invoices SET credited_at = 1 WHERE "
	                  "contract_id = 10 AND version = 2") == 0);
	CHECK(make(db, a, 10, 2, MONTH, &m) == INV_MAKE_OK);
	CHECK(m.version == 3 && m.seq == 3);
	CHECK_STR(m.number, "2-00003");
	CHECK_STR(text(a, db,
	              "SELECT reference FROM invoices WHERE contract_id = "
	              "10 AND version = 3"),
	    "2000037");
	arena_free(a);
	db_close(db);
}

TEST(month_end_makes_the_same)
{
	sqlite3 *one = test_db(), *all = test_db();
	struct arena *a = arena_new();
	CHECK(one != NULL && all != NULL);
	if (one == NULL || all == NULL)
		return;
	/* One contract at a time, in contract order, each by its owner. */
	static const int64_t cs[][2] = {{10, 2}, {11, 2}, {12, 3}, {13, 2}};
	struct inv_made m;
	for (size_t i = 0; i < 4; i++)
		make(one, a, cs[i][0], cs[i][1], MONTH, &m);
	struct inv_month s;
	CHECK(inv_make_month(all, a, MONTH, 2, "provider", NOW, &s) ==
	      INV_MAKE_OK);
	CHECK(s.invoices == 2 && s.lines == 603);
	CHECK(s.total_cents == 10090 + 3000000);
	CHECK(s.no_bank == 1 && s.no_contract == 1 && s.live == 0);
	CHECK_STR(text(a, all, SQL_HEAD), text(a, one, SQL_HEAD));
	/* (Compared whole: 603 lines would flood the output.) */
	CHECK(strcmp(text(a, all, SQL_LINES), text(a, one, SQL_LINES)) == 0);
	CHECK(num(all, "SELECT count(*) FROM audit_log WHERE action = "
	               "'invoice.create' AND actor = 'provider' AND "
	               "actor_id = 2") == 2);
	CHECK_STR(
	    text(a, all, "SELECT details FROM audit_log ORDER BY id LIMIT 1"),
	    "contract=10 month=2026-02 version=1");
	/* Again: the drafts are remade in place, numbers kept. */
	CHECK(inv_make_month(all, a, MONTH, 2, "provider", NOW, &s) ==
	      INV_MAKE_OK);
	CHECK(s.invoices == 2);
	CHECK_STR(text(a, all, SQL_HEAD), text(a, one, SQL_HEAD));
	/* A submitted invoice is left alone and counted. */
	CHECK(db_exec(all, "UPDATE invoices SET status = 'submitted' WHERE "
	                   "contract_id = 10") == 0);
	CHECK(inv_make_month(all, a, MONTH, 2, "provider", NOW, &s) ==
	      INV_MAKE_OK);
	CHECK(s.invoices == 1 && s.live == 1 && s.lines == 600);
	CHECK(num(all, "SELECT count(*) FROM invoices") == 2);
	CHECK(inv_make_month(all, a, "2026-13", 2, "provider", NOW, &s) ==
	      INV_MAKE_ERROR);
	arena_free(a);
	db_close(one);
	db_close(all);
}

int main(void)
{
	RUN(lines_are_days_times_price);
	RUN(more_than_256_lines);
	RUN(draft_remade_in_place);
	RUN(refusals_change_nothing);
	RUN(versions_and_numbers);
	RUN(month_end_makes_the_same);
	return TEST_END();
}
