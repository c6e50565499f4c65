/* test_audit.c: the hash-chained audit log (audit.c) and the triggers in
 * sql/ that keep it append-only. */
#include <stdio.h>
#include <string.h>

#include "paikka/audit.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "test.h"

static const char ZERO[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static sqlite3 *test_db(void)
{
	sqlite3 *db = db_open(":memory:");
	if (db == NULL)
		return NULL;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(db, "sql", log ? log : stderr);
	if (log)
		fclose(log);
	if (rc < 1) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* Runs sql quietly; the sqlite3 result code. */
static int run(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int64_t count_rows(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	sqlite3_prepare_v2(db, "SELECT count(*) FROM audit_log", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Appends n rows: some anonymous, some with NULL fields, the middle ones
 * inside one transaction. 0 when all went in. */
static int fill(sqlite3 *db, int n)
{
	int rc = 0;
	for (int i = 0; i < n; i++) {
		char obj[32], det[32];
		snprintf(obj, sizeof(obj), "user:%d", i);
		snprintf(det, sizeof(det), "row %d", i + 1);
		struct audit_entry e = {
		    .actor_id = i % 2 ? i : 0,
		    .actor = i % 2 ? "admin" : NULL,
		    .ip = i % 3 ? "127.0.0.1" : NULL,
		    .action = "test.row",
		    .object = i == 4 ? NULL : obj,
		    .details = det,
		};
		if (i == 1)
			rc |= db_begin(db);
		rc |= audit_append(db, 1790000000 + i, &e);
		if (i == 3)
			rc |= db_commit(db);
	}
	return rc;
}

TEST(append_and_verify)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	int64_t bad = 0, rows = -1;
	CHECK(audit_verify(db, &bad, &rows) == 0);
	CHECK(rows == 0);
	CHECK(fill(db, 6) == 0);
	CHECK(sqlite3_get_autocommit(db));
	CHECK(audit_verify(db, &bad, &rows) == 0);
	CHECK(rows == 6);
	/* The first row links to the genesis hash, and the stored hash is
	 * what audit_hash computes. */
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db,
	    "SELECT prev_hash, hash, actor, ip, object, actor_id IS NULL "
	    "FROM audit_log WHERE id = 1",
	    -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR(db_col_text(st, 0), ZERO);
	char want[65];
	audit_hash(ZERO, 1, 1790000000, 0, "-", "", "test.row", "user:0",
	    "row 1", want);
	CHECK_STR(db_col_text(st, 1), want);
	CHECK_STR(db_col_text(st, 2), "-");
	CHECK_STR(db_col_text(st, 3), "");
	CHECK(sqlite3_column_int(st, 5) == 1);
	sqlite3_finalize(st);
	/* A row appended in a transaction that is rolled back is gone,
	 * and the chain is still whole; the next append continues it. */
	struct audit_entry e = {.actor = "x", .action = "gone"};
	CHECK(db_begin(db) == 0);
	CHECK(audit_append(db, 1790000100, &e) == 0);
	db_rollback(db);
	CHECK(count_rows(db) == 6);
	e.action = "kept";
	CHECK(audit_append(db, 1790000101, &e) == 0);
	CHECK(audit_verify(db, &bad, &rows) == 0);
	CHECK(rows == 7);
	db_close(db);
}

TEST(hash_fields)
{
	char base[65], h[65];
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.1", "login", "user:7",
	    "details", base);
	CHECK(strlen(base) == 64);
	CHECK(strspn(base, "0123456789abcdef") == 64);
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.1", "login", "user:7",
	    "details", h);
	CHECK_STR(h, base);
	/* Each field in turn changed. */
	char other_prev[65];
	memcpy(other_prev, ZERO, sizeof(other_prev));
	other_prev[63] = '1';
	audit_hash(other_prev, 3, 100, 7, "admin", "10.0.0.1", "login",
	    "user:7", "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 4, 100, 7, "admin", "10.0.0.1", "login", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 101, 7, "admin", "10.0.0.1", "login", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 8, "admin", "10.0.0.1", "login", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 7, "admiN", "10.0.0.1", "login", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.2", "login", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.1", "logout", "user:7",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.1", "login", "user:8",
	    "details", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(ZERO, 3, 100, 7, "admin", "10.0.0.1", "login", "user:7",
	    "detailz", h);
	CHECK(strcmp(h, base) != 0);
	audit_hash(
	    ZERO, 3, 100, 7, "admin", "10.0.0.1", "login", "user:7", "", h);
	CHECK(strcmp(h, base) != 0);
}

TEST(hash_field_boundaries)
{
	char a[65], b[65];
	/* The same bytes split differently between neighbouring fields. */
	audit_hash(ZERO, 1, 1, 0, "ab", "c", "x", "o", "d", a);
	audit_hash(ZERO, 1, 1, 0, "a", "bc", "x", "o", "d", b);
	CHECK(strcmp(a, b) != 0);
	audit_hash(ZERO, 1, 1, 0, "-", "", "login", "user:1", "", a);
	audit_hash(ZERO, 1, 1, 0, "-", "", "login", "", "user:1", b);
	CHECK(strcmp(a, b) != 0);
	audit_hash(ZERO, 1, 1, 0, "-", "", "a:1", "b", "", a);
	audit_hash(ZERO, 1, 1, 0, "-", "", "a", ":1b", "", b);
	CHECK(strcmp(a, b) != 0);
	/* Numbers too: id 11, ts 1 versus id 1, ts 11. */
	audit_hash(ZERO, 11, 1, 0, "-", "", "x", "", "", a);
	audit_hash(ZERO, 1, 11, 0, "-", "", "x", "", "", b);
	CHECK(strcmp(a, b) != 0);
}

TEST(triggers_refuse_changes)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(fill(db, 3) == 0);
	CHECK(run(db, "UPDATE audit_log SET details = 'x' WHERE id = 2") ==
	      SQLITE_CONSTRAINT_TRIGGER);
	CHECK(run(db, "UPDATE audit_log SET hash = hash") ==
	      SQLITE_CONSTRAINT_TRIGGER);
	CHECK(run(db, "DELETE FROM audit_log WHERE id = 2") ==
	      SQLITE_CONSTRAINT_TRIGGER);
	CHECK(run(db, "DELETE FROM audit_log") == SQLITE_CONSTRAINT_TRIGGER);
	CHECK(count_rows(db) == 3);
	int64_t bad = 0, rows = 0;
	CHECK(audit_verify(db, &bad, &rows) == 0);
	CHECK(rows == 3);
	db_close(db);
}

TEST(verify_finds_update)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(fill(db, 5) == 0);
	CHECK(run(db, "DROP TRIGGER audit_log_no_update") == SQLITE_OK);
	CHECK(run(db, "UPDATE audit_log SET details = 'forged' WHERE id = 3") ==
	      SQLITE_OK);
	int64_t bad = 0, rows = 0;
	CHECK(audit_verify(db, &bad, &rows) == 1);
	CHECK(bad == 3);
	CHECK(rows == 2);
	db_close(db);
}

/* A forger who also recomputes the row's own hash is caught by the next
 * row's link. */
TEST(verify_finds_rehashed_row)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(fill(db, 5) == 0);
	CHECK(run(db, "DROP TRIGGER audit_log_no_update") == SQLITE_OK);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db,
	    "SELECT prev_hash, ts, coalesce(actor_id, 0), actor, ip, action, "
	    "object FROM audit_log WHERE id = 3",
	    -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	char h[65];
	audit_hash(db_col_text(st, 0), 3, sqlite3_column_int64(st, 1),
	    sqlite3_column_int64(st, 2), db_col_text(st, 3), db_col_text(st, 4),
	    db_col_text(st, 5), db_col_text(st, 6), "forged", h);
	sqlite3_finalize(st);
	char sql[256];
	snprintf(sql, sizeof(sql),
	    "UPDATE audit_log SET details = 'forged', hash = '%s' "
	    "WHERE id = 3",
	    h);
	CHECK(run(db, sql) == SQLITE_OK);
	int64_t bad = 0, rows = 0;
	CHECK(audit_verify(db, &bad, &rows) == 1);
	CHECK(bad == 4);
	CHECK(rows == 3);
	db_close(db);
}

TEST(verify_finds_gap)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(fill(db, 4) == 0);
	CHECK(run(db, "DROP TRIGGER audit_log_no_delete") == SQLITE_OK);
	CHECK(run(db, "DELETE FROM audit_log WHERE id = 2") == SQLITE_OK);
	int64_t bad = 0, rows = 0;
	CHECK(audit_verify(db, &bad, &rows) == 1);
	CHECK(bad == 3);
	CHECK(rows == 1);
	/* Removing the first row is found at the new first row. */
	CHECK(run(db, "DELETE FROM audit_log WHERE id = 1") == SQLITE_OK);
	CHECK(audit_verify(db, &bad, &rows) == 1);
	CHECK(bad == 3);
	CHECK(rows == 0);
	db_close(db);
}

int main(void)
{
	if (auth_init() != 0)
		return 1;
	RUN(append_and_verify);
	RUN(hash_fields);
	RUN(hash_field_boundaries);
	RUN(triggers_refuse_changes);
	RUN(verify_finds_update);
	RUN(verify_finds_rehashed_row);
	RUN(verify_finds_gap);
	return TEST_END();
}
