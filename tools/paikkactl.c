/* paikkactl: the command-line tool for the database.
 *
 *   paikkactl migrate            create or upgrade the database
 *   paikkactl demo               load sql/demo.sql and its layers
 *                                sql/demo-N-*.sql, set demo passwords
 *   paikkactl adduser USER ROLE NAME [ORG_ID]   password read from stdin
 *   paikkactl backup FILE        online backup (SQLite backup API): a
 *                                consistent copy even while the programs
 *                                write; prints its row counts
 *   paikkactl restore BACKUP NEWPATH   a backup into a new database file,
 *                                checked: integrity, row counts, audit chain
 *   paikkactl verify-audit       check the audit log's hash chain
 *   paikkactl clock [SECONDS]    test builds only: show or set the offset
 *                                added to the clock of a running stack
 *
 * PAIKKA_DB names the database (default var/paikka.db), PAIKKA_SQL the
 * folder of migrations and demo data (default sql). */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paikka/account.h"
#include "paikka/audit.h"
#include "paikka/auth.h"
#include "paikka/backup.h"
#include "paikka/db.h"
#include "paikka/place.h"

/* Every demo user gets this password; `make run` prints it. */
static const char DEMO_PASSWORD[] = "paikka-demo-2026";

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static int cmd_migrate(sqlite3 *db)
{
	int n = db_migrate(db, env_or("PAIKKA_SQL", "sql"), stdout);
	if (n < 0)
		return 1;
	printf("database is up to date (%d migration%s applied now)\n", n,
	    n == 1 ? "" : "s");
	return 0;
}

static int cmd_demo(sqlite3 *db)
{
	char path[4096];
	snprintf(
	    path, sizeof(path), "%s/demo.sql", env_or("PAIKKA_SQL", "sql"));
	if (db_exec_file(db, path, stderr) != 0)
		return 1;
	/* Then the story's later layers, demo-1-*.sql, demo-2-*.sql, ...;
	 * PAIKKA_DEMO_LAYERS=N stops after N of them (tests that build their
	 * own scenario on an earlier state of the story use it). */
	const char *layers = getenv("PAIKKA_DEMO_LAYERS");
	int max = layers && *layers ? atoi(layers) : 9;
	for (int n = 1; n <= max && n <= 9; n++) {
		char pattern[4200];
		snprintf(pattern, sizeof(pattern), "%s/demo-%d-*.sql",
		    env_or("PAIKKA_SQL", "sql"), n);
		glob_t g;
		if (glob(pattern, 0, NULL, &g) != 0)
			break;
		int bad = g.gl_pathc != 1 ||
		          db_exec_file(db, g.gl_pathv[0], stderr) != 0;
		globfree(&g);
		if (bad)
			return 1;
	}
	sqlite3_stmt *st = NULL;
	int rc = 1;
	if (db_begin(db) ||
	    sqlite3_prepare_v2(db,
	        "SELECT id FROM users WHERE password_hash IS NULL", -1, &st,
	        NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (user_set_password(db, sqlite3_column_int64(st, 0),
		        DEMO_PASSWORD, strlen(DEMO_PASSWORD),
		        db_now()) != ACCOUNT_OK)
			goto out;
	/* The demo's places get their search rows as the program would
	 * write them. */
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT id FROM places", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (place_fts_sync(db, sqlite3_column_int64(st, 0)))
			goto out;
	struct audit_entry e = {
	    0, "paikkactl", "", "demo.load", "database", "demo data loaded"};
	if (audit_append(db, db_now(), &e) || db_commit(db))
		goto out;
	printf("demo data loaded\n");
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc) {
		fprintf(stderr, "paikkactl: demo: %s\n", sqlite3_errmsg(db));
		db_rollback(db);
	}
	return rc;
}

static int cmd_adduser(sqlite3 *db, int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: paikkactl adduser USER ROLE NAME "
		                "[ORG_ID] < password\n");
		return 2;
	}
	char pw[512];
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "paikkactl: give the password on stdin\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	struct new_user u = {argv[0], argv[2], "", argv[1],
	    argc > 3 ? atoll(argv[3]) : 0, pw, strlen(pw)};
	int64_t id = 0;
	if (db_begin(db))
		return 1;
	enum account_err e = user_create(db, &u, db_now(), &id);
	struct audit_entry ae = {
	    0, "paikkactl", "", "user.create", "", argv[0]};
	if (e == ACCOUNT_OK) {
		char obj[32];
		snprintf(obj, sizeof(obj), "user:%lld", (long long)id);
		ae.object = obj;
		if (audit_append(db, db_now(), &ae) == 0 &&
		    db_commit(db) == 0) {
			printf("user %s created (id %lld)\n", argv[0],
			    (long long)id);
			return 0;
		}
	}
	db_rollback(db);
	static const char *why[] = {"", "bad username (3-64 of a-z 0-9 . _ -)",
	    "username taken", "bad name", "bad e-mail", "unknown role",
	    "bad organisation for this role",
	    "password must be 12-128 "
	    "characters",
	    "database error"};
	fprintf(stderr, "paikkactl: %s\n", why[e]);
	return 1;
}

static void print_count(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	printf("rows %s %lld\n", table, (long long)rows);
}

/* Integrity and row counts of a finished copy, opened afresh. */
static int report_copy(sqlite3 *db, const char *path)
{
	char why[256];
	if (backup_check(db, why, sizeof(why)) != 0) {
		fprintf(
		    stderr, "paikkactl: %s: integrity_check: %s\n", path, why);
		return 1;
	}
	printf("integrity_check ok\n");
	if (backup_counts(db, print_count, NULL) != 0) {
		fprintf(
		    stderr, "paikkactl: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	return 0;
}

/* The backup is one read transaction of the live database: what the
 * counts show is the database at one moment. The file never
 * overwrites another (the nightly unit names it by date). */
static int cmd_backup(sqlite3 *db, const char *path)
{
	char err[512];
	if (backup_copy(db, path, "DELETE", err, sizeof(err)) != 0) {
		fprintf(stderr, "paikkactl: backup failed: %s\n", err);
		return 1;
	}
	printf("backup written to %s\n", path);
	sqlite3 *copy = NULL;
	int rc = 1;
	if (sqlite3_open_v2(path, &copy, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK)
		rc = report_copy(copy, path);
	else
		fprintf(stderr, "paikkactl: cannot reopen %s\n", path);
	sqlite3_close(copy);
	return rc;
}

/* A backup into a new database for the programs (WAL), checked as the
 * programs will open it. Needs no PAIKKA_DB. */
static int cmd_restore(const char *backup, const char *path)
{
	sqlite3 *src = NULL;
	char err[512];
	int rc = 1;
	if (sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "paikkactl: cannot open %s: %s\n", backup,
		    src ? sqlite3_errmsg(src) : "out of memory");
		sqlite3_close(src);
		return 1;
	}
	if (backup_copy(src, path, "WAL", err, sizeof(err)) != 0) {
		fprintf(stderr, "paikkactl: restore failed: %s\n", err);
		sqlite3_close(src);
		return 1;
	}
	sqlite3_close(src);
	printf("restored %s to %s\n", backup, path);
	sqlite3 *db = db_open(path);
	if (db == NULL)
		return 1;
	rc = report_copy(db, path);
	int64_t bad = 0, rows = 0;
	int v = rc ? -1 : audit_verify(db, &bad, &rows);
	if (v == 0)
		printf("audit chain ok: %lld rows\n", (long long)rows);
	else if (v > 0)
		printf("audit chain BROKEN at row %lld\n", (long long)bad);
	db_close(db);
	return rc || v != 0;
}

static int cmd_verify(sqlite3 *db)
{
	int64_t bad = 0, rows = 0;
	int rc = audit_verify(db, &bad, &rows);
	if (rc == 0) {
		printf("audit chain ok: %lld rows\n", (long long)rows);
		return 0;
	}
	if (rc > 0)
		printf("audit chain BROKEN at row %lld (after %lld good "
		       "rows)\n",
		    (long long)bad, (long long)rows);
	else
		fprintf(stderr, "paikkactl: %s\n", sqlite3_errmsg(db));
	return 1;
}

/* The test clock: refused by release builds, which ignore it anyway. */
static int cmd_clock(sqlite3 *db, int argc, char **argv)
{
	if (!db_test_clock_available()) {
		fprintf(stderr, "paikkactl: this is a release build; it has "
		                "no test clock\n");
		return 1;
	}
	if (argc == 0) {
		printf("%lld\n", (long long)(db_clock(db) - db_now()));
		return 0;
	}
	char *end;
	long long off = strtoll(argv[0], &end, 10);
	if (*end) {
		fprintf(stderr, "usage: paikkactl clock [SECONDS]\n");
		return 2;
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
	    "INSERT INTO settings(key, value) VALUES ('test_clock_offset', ?) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, off);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "paikkactl: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	printf("test clock offset: %lld s\n", off);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: paikkactl migrate | demo | adduser USER ROLE "
	                "NAME [ORG_ID] | backup FILE | restore BACKUP NEWPATH "
	                "| verify-audit | clock [SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (auth_init() != 0)
		return 1;
	/* restore opens only its two files: no PAIKKA_DB gets created. */
	if (strcmp(argv[1], "restore") == 0)
		return argc == 4 ? cmd_restore(argv[2], argv[3]) : usage();
	const char *path = env_or("PAIKKA_DB", "var/paikka.db");
	/* Opening creates; a backup of a database that is not there would
	 * be an empty file that looks fine. */
	if (strcmp(argv[1], "backup") == 0 && access(path, F_OK) != 0) {
		fprintf(stderr, "paikkactl: no database at %s\n", path);
		return 1;
	}
	sqlite3 *db = db_open(path);
	if (db == NULL)
		return 1;
	int rc;
	const char *cmd = argv[1];
	if (strcmp(cmd, "migrate") == 0)
		rc = cmd_migrate(db);
	else if (strcmp(cmd, "demo") == 0)
		rc = cmd_demo(db);
	else if (strcmp(cmd, "adduser") == 0)
		rc = cmd_adduser(db, argc - 2, argv + 2);
	else if (strcmp(cmd, "backup") == 0 && argc == 3)
		rc = cmd_backup(db, argv[2]);
	else if (strcmp(cmd, "clock") == 0)
		rc = cmd_clock(db, argc - 2, argv + 2);
	else if (strcmp(cmd, "verify-audit") == 0)
		rc = cmd_verify(db);
	else
		rc = usage();
	db_close(db);
	return rc;
}
