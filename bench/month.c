/* month: times month-end invoicing on a database made by bench/gen.
 *
 *   month DB MONTH USER [NOW]
 *
 * Makes the draft invoice of every contract with present days in MONTH
 * ("YYYY-MM") as user USER (a user name; NOW in UTC seconds, default
 * the clock) in one transaction, through inv_make_month, the code behind
 * the provider's "create invoice". Prints one line:
 *
 *   seconds=0.61 cpu=0.58 commit=0.03 invoices=10000 lines=100000 ...
 *
 * seconds is the wall-clock time of the whole transaction, COMMIT (and
 * its fsync) included; cpu the processor time it took (less disturbed
 * by other work on the machine); commit the part COMMIT took. Then checks the
 * rows against the days, outside the timing: every placement with present days
 * has one line, days × price, and each invoice's total is the sum of its lines;
 * exit status 1 when not. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/invoice_make.h"

static double since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* User + system CPU seconds of this process so far. */
static double cpu(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static int64_t num(sqlite3 *db, const char *sql, const char *month)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (month)
			sqlite3_bind_text(st, 1, month, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

/* 0 when the invoices of month match its days. */
static int check(sqlite3 *db, const char *month, const struct inv_month *m)
{
	int64_t pl = num(db,
	    "SELECT count(DISTINCT placement_id) FROM attendance WHERE status "
	    "= 'present' AND substr(day, 1, 7) = ?1",
	    month);
	int64_t lines = num(db,
	    "SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = "
	    "l.invoice_id WHERE i.month = ?1",
	    month);
	int64_t bad_days = num(db,
	    "SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = "
	    "l.invoice_id WHERE i.month = ?1 AND l.days <> (SELECT count(*) "
	    "FROM attendance a WHERE a.placement_id = l.placement_id AND "
	    "a.status = 'present' AND substr(a.day, 1, 7) = ?1)",
	    month);
	int64_t bad_price = num(db,
	    "SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = "
	    "l.invoice_id JOIN contracts c ON c.id = i.contract_id WHERE "
	    "i.month = ?1 AND (l.unit_cents <> c.daily_price_cents OR "
	    "l.total_cents <> l.days * c.daily_price_cents)",
	    month);
	int64_t bad_total = num(db,
	    "SELECT count(*) FROM invoices i WHERE i.month = ?1 AND "
	    "i.total_cents <> (SELECT sum(total_cents) FROM invoice_lines l "
	    "WHERE l.invoice_id = i.id)",
	    month);
	int64_t skipped = (int64_t)(m->no_contract + m->no_bank + m->live);
	if (bad_days || bad_price || bad_total || lines != (int64_t)m->lines ||
	    (skipped == 0 && lines != pl)) {
		fprintf(stderr,
		    "month: check failed: %lld placements with days, %lld "
		    "lines, %lld wrong days, %lld wrong prices, %lld wrong "
		    "totals\n",
		    (long long)pl, (long long)lines, (long long)bad_days,
		    (long long)bad_price, (long long)bad_total);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: month DB MONTH USER [NOW]\n");
		return 2;
	}
	const char *month = argv[2];
	sqlite3 *db = db_open(argv[1]);
	if (db == NULL)
		return 1;
	sqlite3_stmt *st = NULL;
	int64_t user = 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM users WHERE username = ?",
	        -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, argv[3], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			user = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (user == 0) {
		fprintf(stderr, "month: no user %s\n", argv[3]);
		db_close(db);
		return 2;
	}
	int64_t now = argc == 5 ? strtoll(argv[4], NULL, 10) : db_now();
	struct arena *a = arena_new();
	struct inv_month m;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	double c0 = cpu();
	int rc = db_begin(db);
	if (rc == 0 &&
	    inv_make_month(db, a, month, user, argv[3], now, &m) != INV_MAKE_OK)
		rc = -1;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
	double s = since(&t0), c = cpu() - c0, sc = since(&t1);
	arena_free(a);
	if (rc) {
		fprintf(stderr, "month: failed\n");
		db_close(db);
		return 1;
	}
	printf("seconds=%.3f cpu=%.3f commit=%.3f invoices=%zu lines=%zu "
	       "total_cents=%lld skipped=%zu\n",
	    s, c, sc, m.invoices, m.lines, (long long)m.total_cents,
	    m.no_contract + m.no_bank + m.live);
	rc = check(db, month, &m);
	db_close(db);
	return rc;
}
