/* test_backup.c: consistent copies (backup.c). A child process keeps
 * writing transactions of two rows, one in each of two tables, while the
 * parent copies the database: every copy must hold whole transactions
 * (equal counts), be taken while the writes go on, and pass its checks.
 * Also: no overwriting, no stale -wal, mode 0600, the journal modes, row
 * counts. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paikka/backup.h"
#include "paikka/db.h"
#include "test.h"

static char dir[64];

static const char *in_dir(const char *name)
{
	static char p[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static int64_t count(sqlite3 *db, const char *table)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *journal_mode(sqlite3 *db)
{
	static char mode[16];
	sqlite3_stmt *st = NULL;
	mode[0] = '\0';
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(mode, sizeof(mode), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return mode;
}

static sqlite3 *open_ro(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The child: pairs of rows, one transaction each, until killed. */
static void writer(const char *path)
{
	sqlite3 *db = db_open(path);
	if (db == NULL)
		_exit(1);
	for (;;) {
		if (db_begin(db) ||
		    db_exec(db, "INSERT INTO a(x) VALUES (randomblob(200))") ||
		    db_exec(db, "INSERT INTO b(x) VALUES (randomblob(200))") ||
		    db_commit(db))
			_exit(2);
	}
}

static int64_t n_a_total;

static void add_a(void *ctx, const char *table, int64_t rows)
{
	int64_t *seen = ctx;
	if (strcmp(table, "a") == 0)
		n_a_total = rows;
	(*seen)++;
}

TEST(copies_under_writes_hold_whole_transactions)
{
	const char *live = in_dir("live.db");
	sqlite3 *db = db_open(live);
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(db_exec(db, "CREATE TABLE a(id INTEGER PRIMARY KEY, x BLOB);"
	                  "CREATE TABLE b(id INTEGER PRIMARY KEY, x BLOB);"
	                  "CREATE TABLE ballast(x BLOB);"
	                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
	                  "i + 1 FROM n WHERE i < 2000) INSERT INTO ballast "
	                  "SELECT randomblob(2048) FROM n") == 0);
	pid_t pid = fork();
	if (pid == 0)
		writer(live);
	CHECK(pid > 0);
	/* Let the writer get going. */
	while (count(db, "a") < 50)
		usleep(1000);
	int64_t last = -1;
	int grew = 0;
	for (int i = 0; i < 5; i++) {
		char name[32], err[256];
		snprintf(name, sizeof(name), "copy%d.db", i);
		const char *path = in_dir(name);
		int rc = backup_copy(db, path, "DELETE", err, sizeof(err));
		if (rc)
			printf("# %s\n", err);
		CHECK(rc == 0);
		sqlite3 *c = open_ro(path);
		CHECK(c != NULL);
		if (c == NULL)
			continue;
		int64_t na = count(c, "a"), nb = count(c, "b");
		if (na != nb)
			printf("# copy %d: a=%lld b=%lld\n", i, (long long)na,
			    (long long)nb);
		CHECK(na == nb && na >= 50);
		CHECK(count(c, "ballast") == 2000);
		CHECK(backup_check(c, err, sizeof(err)) == 0);
		CHECK_STR(journal_mode(c), "delete");
		int64_t tables = 0;
		CHECK(backup_counts(c, add_a, &tables) == 0);
		CHECK(tables == 3 && n_a_total == na);
		grew += na > last;
		last = na;
		sqlite3_close(c);
		struct stat sb;
		CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	}
	/* The writer went on between the copies. */
	CHECK(grew == 5);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	db_close(db);
}

TEST(no_overwriting_and_no_stale_wal)
{
	char err[256];
	sqlite3 *db = db_open(in_dir("small.db"));
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(db_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)") ==
	      0);
	const char *target = in_dir("target.db");
	FILE *f = fopen(target, "w");
	fputs("precious", f);
	fclose(f);
	CHECK(backup_copy(db, target, "DELETE", err, sizeof(err)) == -1);
	CHECK(strstr(err, "exists") != NULL);
	f = fopen(target, "r");
	char got[16] = "";
	CHECK(f && fgets(got, sizeof(got), f));
	if (f)
		fclose(f);
	CHECK_STR(got, "precious");

	const char *wal_target = in_dir("stale.db");
	f = fopen(in_dir("stale.db-wal"), "w");
	fclose(f);
	CHECK(backup_copy(db, wal_target, "WAL", err, sizeof(err)) == -1);
	CHECK(strstr(err, "-wal exists") != NULL);
	CHECK(access(wal_target, F_OK) != 0);

	/* A copy for the programs stays in WAL mode. */
	const char *fresh = in_dir("fresh.db");
	CHECK(backup_copy(db, fresh, "WAL", err, sizeof(err)) == 0);
	sqlite3 *c = open_ro(fresh);
	CHECK(c != NULL && count(c, "t") == 2);
	CHECK_STR(journal_mode(c), "wal");
	sqlite3_close(c);
	db_close(db);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/paikka-test-backup-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(copies_under_writes_hold_whole_transactions);
	RUN(no_overwriting_and_no_stale_wal);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return TEST_END();
}
