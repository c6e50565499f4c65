/* test_ocds.c: open contracting data (ocds.c): cents written as exact
 * euro decimals (every amount up to ±10 000 €, and large ones), UTC
 * times and Helsinki calendar days (around the clock changes), the ocid
 * prefix and its setting, contract statuses, and packages built from the
 * demo data: a draft is not published, the open tender's package says
 * nothing of its bids, the awarded one has awards, contracts and an
 * approved month as a transaction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/ocds.h"
#include "test.h"

/* What a package must say for cents: "10.09", "10.5", "10.0", "-0.01". */
static void expected(char *dst, size_t n, int64_t cents)
{
	int64_t a = cents < 0 ? -cents : cents;
	int64_t frac = a % 100;
	if (frac % 10 == 0)
		snprintf(dst, n, "%s%" PRId64 ".%" PRId64, cents < 0 ? "-" : "",
		    a / 100, frac / 10);
	else
		snprintf(dst, n, "%s%" PRId64 ".%02" PRId64,
		    cents < 0 ? "-" : "", a / 100, frac);
}

/* The amount as ocds_dumps writes it inside a package. */
static int written(char *dst, size_t n, int64_t cents)
{
	json_t *m = ocds_money(cents);
	if (m == NULL)
		return -1;
	json_t *o = json_pack("{s:o}", "a", m);
	char *s = ocds_dumps(o);
	json_decref(o);
	if (s == NULL)
		return -1;
	/* "{\n  \"a\": <amount>\n}" */
	const char *p = strstr(s, ": ");
	const char *e = p ? strchr(p, '\n') : NULL;
	int ok = p && e && (size_t)(e - p - 2) < n;
	if (ok)
		snprintf(dst, n, "%.*s", (int)(e - p - 2), p + 2);
	free(s);
	return ok ? 0 : -1;
}

TEST(money_exact_for_every_cent_up_to_ten_thousand_euros)
{
	char got[64], want[64];
	int bad = 0;
	for (int64_t c = -1000000; c <= 1000000 && bad < 5; c++) {
		expected(want, sizeof(want), c);
		if (written(got, sizeof(got), c) != 0 ||
		    strcmp(got, want) != 0) {
			printf(
			    "# %" PRId64 ": got %s, want %s\n", c, got, want);
			bad++;
		}
	}
	CHECK(bad == 0);
	CHECK(written(got, sizeof(got), 1009) == 0);
	CHECK_STR(got, "10.09");
	CHECK(written(got, sizeof(got), 7063) == 0);
	CHECK_STR(got, "70.63");
	CHECK(written(got, sizeof(got), 0) == 0);
	CHECK_STR(got, "0.0");
}

TEST(money_exact_for_large_amounts_and_refused_beyond)
{
	static const int64_t big[] = {OCDS_MONEY_MAX, -OCDS_MONEY_MAX,
	    123456789012345, 999999999999901, 100000000000000, 4503599627370497,
	    2147483647, 2147483648};
	char got[64], want[64];
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		if (big[i] > OCDS_MONEY_MAX)
			continue;
		expected(want, sizeof(want), big[i]);
		CHECK(written(got, sizeof(got), big[i]) == 0);
		CHECK_STR(got, want);
	}
	/* A pseudo-random walk over the whole range. */
	uint64_t x = 88172645463325252u;
	int bad = 0;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int64_t c = (int64_t)(x % (2 * (uint64_t)OCDS_MONEY_MAX + 1)) -
		            OCDS_MONEY_MAX;
		expected(want, sizeof(want), c);
		if (written(got, sizeof(got), c) != 0 || strcmp(got, want) != 0)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(ocds_money(OCDS_MONEY_MAX + 1) == NULL);
	CHECK(ocds_money(-OCDS_MONEY_MAX - 1) == NULL);
	CHECK(ocds_value(OCDS_MONEY_MAX + 1) == NULL);
}

TEST(value_is_euros)
{
	json_t *v = ocds_value(-2018);
	CHECK(v != NULL);
	CHECK_STR(json_string_value(json_object_get(v, "currency")), "EUR");
	CHECK(json_real_value(json_object_get(v, "amount")) == -20.18);
	json_decref(v);
}

TEST(times_in_utc)
{
	char s[32];
	CHECK_STR(ocds_datetime(s, sizeof(s), 0), "1970-01-01T00:00:00Z");
	CHECK_STR(
	    ocds_datetime(s, sizeof(s), 1790000000), "2026-09-21T14:13:20Z");
	CHECK_STR(ocds_datetime(s, 10, 0), "");
}

TEST(helsinki_days_in_utc)
{
	char s[32];
	CHECK_STR(
	    ocds_day_start(s, sizeof(s), "2027-01-01"), "2026-12-31T22:00:00Z");
	CHECK_STR(
	    ocds_day_end(s, sizeof(s), "2027-01-01"), "2027-01-01T21:59:59Z");
	CHECK_STR(
	    ocds_day_start(s, sizeof(s), "2026-07-01"), "2026-06-30T21:00:00Z");
	/* Summer time begins on 29.3.2026: that day has 23 hours. */
	CHECK_STR(
	    ocds_day_start(s, sizeof(s), "2026-03-29"), "2026-03-28T22:00:00Z");
	CHECK_STR(
	    ocds_day_end(s, sizeof(s), "2026-03-29"), "2026-03-29T20:59:59Z");
	/* And ends on 25.10.2026: 25 hours. */
	CHECK_STR(
	    ocds_day_start(s, sizeof(s), "2026-10-25"), "2026-10-24T21:00:00Z");
	CHECK_STR(
	    ocds_day_end(s, sizeof(s), "2026-10-25"), "2026-10-25T21:59:59Z");
	CHECK_STR(
	    ocds_day_end(s, sizeof(s), "2028-12-31"), "2028-12-31T21:59:59Z");
	CHECK_STR(ocds_day_start(s, sizeof(s), "2026-02-30"), "");
	CHECK_STR(ocds_day_end(s, sizeof(s), ""), "");
	CHECK_STR(ocds_day_start(s, sizeof(s), "31.12.2026"), "");
}

TEST(prefixes)
{
	CHECK(ocds_prefix_valid("ocds-paikka"));
	CHECK(ocds_prefix_valid("ocds-213czf"));
	CHECK(!ocds_prefix_valid("ocds-PAIKKA"));
	CHECK(!ocds_prefix_valid("ocds-paik"));
	CHECK(!ocds_prefix_valid("ocds-paikka1"));
	CHECK(!ocds_prefix_valid("ocds_paikka"));
	CHECK(!ocds_prefix_valid("ocds-paik-a"));
	CHECK(!ocds_prefix_valid(""));
	CHECK(!ocds_prefix_valid(NULL));
	CHECK(ocds_prefix_valid(OCDS_PREFIX_DEFAULT));
}

TEST(contract_statuses)
{
	CHECK_STR(ocds_contract_status("signed"), "active");
	CHECK_STR(ocds_contract_status("active"), "active");
	CHECK_STR(ocds_contract_status("ended"), "terminated");
	CHECK_STR(ocds_contract_status("terminated"), "terminated");
	CHECK(ocds_contract_status("draft") == NULL);
	CHECK(ocds_contract_status("") == NULL);
}

/* --- packages from the demo data ------------------------------------------ */

static sqlite3 *demo_db(void)
{
	static const char *files[] = {"sql/demo.sql", "sql/demo-1-awarded.sql",
	    "sql/demo-2-contracts.sql", "sql/demo-3-days.sql",
	    "sql/demo-4-invoices.sql"};
	sqlite3 *db = db_open(":memory:");
	FILE *log = fopen("/dev/null", "w");
	int ok = db && db_migrate(db, "sql", log ? log : stderr) > 0;
	for (size_t i = 0; ok && i < sizeof(files) / sizeof(files[0]); i++)
		ok = db_exec_file(db, files[i], log ? log : stderr) == 0;
	if (log)
		fclose(log);
	if (!ok && db) {
		db_close(db);
		db = NULL;
	}
	return db;
}

static const struct ocds_config CFG = {
    "https://paikka.example", OCDS_PREFIX_DEFAULT};

/* The package of tender id as text (malloc'd), or NULL; *rc gets the
 * builder's result. */
static char *package_text(sqlite3 *db, int64_t id, int *rc)
{
	json_t *p = NULL;
	*rc = ocds_package(db, id, &CFG, &p);
	if (*rc != 0)
		return NULL;
	char *s = ocds_dumps(p);
	json_decref(p);
	return s;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

TEST(prefix_setting)
{
	sqlite3 *db = demo_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char p[OCDS_PREFIX_LEN];
	CHECK_STR(ocds_prefix(db, p), "ocds-paikka");
	db_exec(
	    db, "INSERT INTO settings VALUES ('ocds_prefix', 'ocds-abc123')");
	CHECK_STR(ocds_prefix(db, p), "ocds-abc123");
	/* A bad setting is not used (a line on stderr says so). */
	db_exec(
	    db, "UPDATE settings SET value = 'x' WHERE key = 'ocds_prefix'");
	CHECK_STR(ocds_prefix(db, p), "ocds-paikka");
	db_close(db);
}

TEST(demo_packages)
{
	sqlite3 *db = demo_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	int rc;
	/* The draft and an unknown tender have no package. */
	CHECK(package_text(db, 2, &rc) == NULL && rc == 1);
	CHECK(package_text(db, 999, &rc) == NULL && rc == 1);

	/* The open tender: its lots, nothing of the two draft bids. */
	char *open = package_text(db, 1, &rc);
	CHECK(rc == 0 && open != NULL);
	if (open) {
		CHECK(strstr(open, "\"ocid\": \"ocds-paikka-1\"") != NULL);
		CHECK(strstr(open, "\"uri\": \"https://paikka.example/tenders/"
		                   "1/ocds.json\"") != NULL);
		CHECK(count(open, "\"id\": \"lot-") == 3);
		CHECK(strstr(open, "\"awards\"") == NULL);
		CHECK(strstr(open, "numberOfTenderers") == NULL);
		CHECK(strstr(open, "\"supplier\"") == NULL);
		CHECK(strstr(open, "Puutyöpaja") == NULL);
		CHECK(strstr(open, "Kierrätys") == NULL);
		CHECK(strstr(open, "huonekalujen") == NULL);
		CHECK(strstr(open, "24.5") == NULL);
		CHECK(strstr(open, "\"tenderAmendment\"") != NULL);
		free(open);
	}

	/* The awarded tender: five awards and five contracts; then the
	 * demo invoice approved is one transaction of its exact total. */
	char *awarded = package_text(db, 3, &rc);
	CHECK(rc == 0 && awarded != NULL);
	if (awarded) {
		CHECK(count(awarded, "\"id\": \"award-") == 5);
		CHECK(count(awarded, "\"awardID\"") == 5);
		CHECK(strstr(awarded, "\"numberOfTenderers\": 3") != NULL);
		CHECK(strstr(awarded, "\"transactions\"") == NULL);
		CHECK(strstr(awarded, "\"amount\": 24.5,") != NULL);
		CHECK(strstr(awarded, "\"amount\": 28.9,") != NULL);
		free(awarded);
	}
	db_exec(db, "UPDATE invoices SET status = 'approved', total_cents = "
	            "7063, decided_at = 1790000000 WHERE id = 1");
	awarded = package_text(db, 3, &rc);
	CHECK(rc == 0 && awarded != NULL);
	if (awarded) {
		CHECK(count(awarded, "\"transactions\"") == 1);
		CHECK(strstr(awarded, "\"amount\": 70.63,") != NULL);
		CHECK(strstr(awarded, "\"date\": \"2026-09-21T14:13:20Z\"") !=
		      NULL);
		CHECK(strstr(awarded, "AK1001") == NULL);
		free(awarded);
	}
	db_close(db);
}

int main(void)
{
	i18n_init("build/locale");
	RUN(money_exact_for_every_cent_up_to_ten_thousand_euros);
	RUN(money_exact_for_large_amounts_and_refused_beyond);
	RUN(value_is_euros);
	RUN(times_in_utc);
	RUN(helsinki_days_in_utc);
	RUN(prefixes);
	RUN(contract_statuses);
	RUN(prefix_setting);
	RUN(demo_packages);
	return TEST_END();
}
