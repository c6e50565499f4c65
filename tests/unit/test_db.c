/* test_db.c: opening, migrations and the statement cache (db.c).
 *
 * Each test works in its own directory under /tmp, removed at the end. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paikka/db.h"
#include "test.h"

static char dir[64];
static FILE *mlog; /* migration messages: a temporary file */

/* 1 when name looks like a migration: NNNN-name.sql. */
static int is_migration(const char *name)
{
	size_t n = strlen(name);
	return n >= 10 && strspn(name, "0123456789") == 4 && name[4] == '-' &&
	       strcmp(name + n - 4, ".sql") == 0;
}

/* Removes path and what it holds (two levels are all the tests make). */
static void rm_dir(const char *path)
{
	DIR *d = opendir(path);
	if (d == NULL)
		return;
	struct dirent *e;
	char p[512];
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		if (unlink(p) != 0)
			rm_dir(p);
	}
	closedir(d);
	rmdir(path);
}

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/paikka-test-db-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	mlog = tmpfile();
	return mlog ? 0 : -1;
}

static void teardown(void)
{
	if (mlog)
		fclose(mlog);
	mlog = NULL;
	rm_dir(dir);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f) ? -1 : 0;
}

/* Copies every migration in from into to; the number copied, -1 on
 * error. */
static int copy_migrations(const char *from, const char *to)
{
	DIR *d = opendir(from);
	if (d == NULL)
		return -1;
	struct dirent *e;
	int n = 0;
	while (n >= 0 && (e = readdir(d)) != NULL) {
		if (!is_migration(e->d_name))
			continue;
		char src[512], dst[512], chunk[4096];
		snprintf(src, sizeof(src), "%s/%s", from, e->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", to, e->d_name);
		FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
		size_t k;
		while (
		    in && out && (k = fread(chunk, 1, sizeof(chunk), in)) > 0)
			fwrite(chunk, 1, k, out);
		n = in && out ? n + 1 : -1;
		if (in)
			fclose(in);
		if (out && fclose(out))
			n = -1;
	}
	closedir(d);
	return n;
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static sqlite3 *open_in_dir(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return db_open(path);
}

TEST(open_pragmas)
{
	CHECK(setup() == 0);
	sqlite3 *db = open_in_dir("p.db");
	CHECK(db != NULL);
	if (db) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
		CHECK(query_int(db, "PRAGMA synchronous") == 2);
		CHECK(query_int(db, "PRAGMA foreign_keys") == 1);
		CHECK(query_int(db, "PRAGMA busy_timeout") == 5000);
		db_close(db);
	}
	/* A path that cannot be opened. */
	char bad[600];
	snprintf(bad, sizeof(bad), "%s/no/such/dir/x.db", dir);
	CHECK(db_open(bad) == NULL);
	teardown();
}

TEST(migrate_fresh_and_again)
{
	CHECK(setup() == 0);
	/* What sql/ holds now, whatever later features add. */
	int want = 0;
	DIR *d = opendir("sql");
	CHECK(d != NULL);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		want += is_migration(e->d_name);
	if (d)
		closedir(d);
	CHECK(want >= 1);
	sqlite3 *db = open_in_dir("m.db");
	CHECK(db != NULL);
	if (db) {
		CHECK(db_migrate(db, "sql", mlog) == want);
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations") ==
		      want);
		CHECK(query_int(db, "SELECT min(version) FROM "
		                    "schema_migrations") == 1);
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations "
		                    "WHERE name = '0001-foundation.sql'") == 1);
		CHECK(query_int(db, "SELECT count(*) FROM service_types") == 3);
		CHECK(db_migrate(db, "sql", mlog) == 0);
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations") ==
		      want);
		db_close(db);
	}
	/* A directory that is not there. */
	db = open_in_dir("n.db");
	if (db) {
		CHECK(db_migrate(db, "/nonexistent-paikka-dir", mlog) == -1);
		db_close(db);
	}
	teardown();
}

TEST(migrate_upgrade_keeps_rows)
{
	CHECK(setup() == 0);
	char mig[600], path[700];
	snprintf(mig, sizeof(mig), "%s/sql", dir);
	CHECK(mkdir(mig, 0700) == 0);
	int n = copy_migrations("sql", mig);
	CHECK(n >= 1);
	sqlite3 *db = open_in_dir("u.db");
	CHECK(db != NULL);
	if (db == NULL) {
		teardown();
		return;
	}
	CHECK(db_migrate(db, mig, mlog) == n);
	CHECK(db_exec(db, "INSERT INTO feedback(ts, message) VALUES "
	                  "(1, 'first'), (2, 'second')") == 0);
	db_close(db);
	/* A later migration, numbered high so it never meets a real one. */
	snprintf(path, sizeof(path), "%s/9001-test.sql", mig);
	CHECK(
	    write_file(path, "ALTER TABLE feedback ADD COLUMN test_note "
	                     "TEXT NOT NULL DEFAULT 'none';\n"
	                     "UPDATE feedback SET test_note = 'old';\n") == 0);
	db = open_in_dir("u.db");
	CHECK(db != NULL);
	if (db) {
		CHECK(db_migrate(db, mig, mlog) == 1);
		CHECK(query_int(db, "SELECT count(*) FROM feedback") == 2);
		CHECK(query_int(db, "SELECT count(*) FROM feedback WHERE "
		                    "test_note = 'old'") == 2);
		CHECK(query_int(db, "SELECT count(*) FROM feedback WHERE "
		                    "message = 'second' AND ts = 2") == 1);
		CHECK(query_int(db, "SELECT max(version) FROM "
		                    "schema_migrations") == 9001);
		CHECK(db_migrate(db, mig, mlog) == 0);
		db_close(db);
	}
	teardown();
}

TEST(migrate_broken_rolls_back)
{
	CHECK(setup() == 0);
	char mig[600], path[700];
	snprintf(mig, sizeof(mig), "%s/sql", dir);
	CHECK(mkdir(mig, 0700) == 0);
	int n = copy_migrations("sql", mig);
	CHECK(n >= 1);
	snprintf(path, sizeof(path), "%s/9001-good.sql", mig);
	CHECK(write_file(path, "CREATE TABLE t_good(a INTEGER);\n") == 0);
	/* Its first statement works, its second does not. */
	snprintf(path, sizeof(path), "%s/9002-broken.sql", mig);
	CHECK(write_file(path, "CREATE TABLE t_half(a INTEGER);\n"
	                       "INSERT INTO feedback(ts, message) VALUES (1, "
	                       "'x');\n"
	                       "INSERT INTO no_such_table VALUES (1);\n") == 0);
	snprintf(path, sizeof(path), "%s/9003-after.sql", mig);
	CHECK(write_file(path, "CREATE TABLE t_after(a INTEGER);\n") == 0);
	sqlite3 *db = open_in_dir("b.db");
	CHECK(db != NULL);
	if (db) {
		CHECK(db_migrate(db, mig, mlog) == -1);
		CHECK(sqlite3_get_autocommit(db));
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations") ==
		      n + 1);
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations "
		                    "WHERE version = 9001") == 1);
		CHECK(query_int(db, "SELECT count(*) FROM schema_migrations "
		                    "WHERE version >= 9002") == 0);
		CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
		                    "name = 't_good'") == 1);
		CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
		                    "name IN ('t_half', 't_after')") == 0);
		CHECK(query_int(db, "SELECT count(*) FROM feedback") == 0);
		/* Fixed, it applies with the one after it. */
		snprintf(path, sizeof(path), "%s/9002-broken.sql", mig);
		CHECK(
		    write_file(path, "CREATE TABLE t_half(a INTEGER);\n") == 0);
		CHECK(db_migrate(db, mig, mlog) == 2);
		CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
		                    "name IN ('t_half', 't_after')") == 2);
		db_close(db);
	}
	/* The log names what failed. */
	char text[4096] = "";
	rewind(mlog);
	size_t k = fread(text, 1, sizeof(text) - 1, mlog);
	text[k] = '\0';
	CHECK(strstr(text, "9002-broken.sql") != NULL);
	CHECK(strstr(text, "no_such_table") != NULL);
	teardown();
}

TEST(exec_file)
{
	CHECK(setup() == 0);
	char path[600];
	sqlite3 *db = open_in_dir("e.db");
	CHECK(db != NULL);
	if (db == NULL) {
		teardown();
		return;
	}
	CHECK(db_exec(db, "CREATE TABLE t(a INTEGER)") == 0);
	snprintf(path, sizeof(path), "%s/ok.sql", dir);
	CHECK(write_file(path, "INSERT INTO t VALUES (1); INSERT INTO t "
	                       "VALUES (2);") == 0);
	CHECK(db_exec_file(db, path, mlog) == 0);
	CHECK(query_int(db, "SELECT count(*) FROM t") == 2);
	snprintf(path, sizeof(path), "%s/bad.sql", dir);
	CHECK(write_file(path, "INSERT INTO t VALUES (3); INSERT INTO nope "
	                       "VALUES (4);") == 0);
	CHECK(db_exec_file(db, path, mlog) == -1);
	CHECK(sqlite3_get_autocommit(db));
	CHECK(query_int(db, "SELECT count(*) FROM t") == 2);
	snprintf(path, sizeof(path), "%s/missing.sql", dir);
	CHECK(db_exec_file(db, path, mlog) == -1);
	snprintf(path, sizeof(path), "%s/empty.sql", dir);
	CHECK(write_file(path, "") == 0);
	CHECK(db_exec_file(db, path, mlog) == 0);
	db_close(db);
	teardown();
}

static const char SQL_ECHO[] = "SELECT ?1, ?2";
static const char SQL_ECHO_TWIN[] = "SELECT ?1, ?2 ";
static const char SQL_BROKEN[] = "SELECT FROM WHERE";

TEST(stmt_cache)
{
	sqlite3 *db = db_open(":memory:");
	CHECK(db != NULL);
	if (db == NULL)
		return;
	sqlite3_stmt *a = db_stmt(db, SQL_ECHO);
	CHECK(a != NULL);
	db_bind_int(a, 1, 42);
	db_bind_text(a, 2, "x");
	CHECK(sqlite3_step(a) == SQLITE_ROW);
	CHECK(sqlite3_column_int(a, 0) == 42);
	/* Left mid-step with bindings: the next caller gets it reset and
	 * cleared. */
	sqlite3_stmt *b = db_stmt(db, SQL_ECHO);
	CHECK(b == a);
	CHECK(sqlite3_stmt_busy(b) == 0);
	CHECK(sqlite3_step(b) == SQLITE_ROW);
	CHECK(sqlite3_column_type(b, 0) == SQLITE_NULL);
	CHECK(sqlite3_column_type(b, 1) == SQLITE_NULL);
	sqlite3_reset(b);
	/* Keyed by the string's address. */
	sqlite3_stmt *c = db_stmt(db, SQL_ECHO_TWIN);
	CHECK(c != NULL && c != a);
	CHECK(db_stmt(db, SQL_ECHO_TWIN) == c);
	/* NULL text binds SQL NULL; db_col_text gives "". */
	db_bind_text(c, 1, NULL);
	db_bind_text(c, 2, "y");
	CHECK(sqlite3_step(c) == SQLITE_ROW);
	CHECK_STR(db_col_text(c, 0), "");
	CHECK_STR(db_col_text(c, 1), "y");
	sqlite3_reset(c);
	CHECK(db_stmt(db, SQL_BROKEN) == NULL);
	/* Another connection gets its own statement. */
	sqlite3 *db2 = db_open(":memory:");
	CHECK(db2 != NULL);
	if (db2) {
		sqlite3_stmt *d = db_stmt(db2, SQL_ECHO);
		CHECK(d != NULL && d != a);
		CHECK(sqlite3_db_handle(d) == db2);
		db_close(db2);
	}
	CHECK(db_stmt(db, SQL_ECHO) == a);
	db_close(db);
	/* After close, a new connection prepares afresh. */
	db = db_open(":memory:");
	CHECK(db != NULL);
	if (db) {
		sqlite3_stmt *e = db_stmt(db, SQL_ECHO);
		CHECK(e != NULL && sqlite3_db_handle(e) == db);
		db_close(db);
	}
}

TEST(transactions)
{
	sqlite3 *db = db_open(":memory:");
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(db_exec(db, "CREATE TABLE t(a INTEGER)") == 0);
	db_rollback(db); /* no transaction: nothing happens */
	CHECK(db_begin(db) == 0);
	CHECK(!sqlite3_get_autocommit(db));
	CHECK(db_exec(db, "INSERT INTO t VALUES (1)") == 0);
	db_rollback(db);
	CHECK(sqlite3_get_autocommit(db));
	CHECK(query_int(db, "SELECT count(*) FROM t") == 0);
	CHECK(db_begin(db) == 0);
	CHECK(db_exec(db, "INSERT INTO t VALUES (1)") == 0);
	CHECK(db_commit(db) == 0);
	CHECK(query_int(db, "SELECT count(*) FROM t") == 1);
	CHECK(db_commit(db) == -1);
	db_close(db);
}

TEST(now_offset)
{
	unsetenv("PAIKKA_TIME_OFFSET");
	int64_t a = db_now();
	setenv("PAIKKA_TIME_OFFSET", "3600", 1);
	int64_t b = db_now();
	unsetenv("PAIKKA_TIME_OFFSET");
	CHECK(b - a >= 3600 && b - a <= 3602);
	CHECK(a > 1700000000);
}

int main(void)
{
	RUN(open_pragmas);
	RUN(migrate_fresh_and_again);
	RUN(migrate_upgrade_keeps_rows);
	RUN(migrate_broken_rolls_back);
	RUN(exec_file);
	RUN(stmt_cache);
	RUN(transactions);
	RUN(now_offset);
	return TEST_END();
}
