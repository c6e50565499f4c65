/* db.c: opening, migrating and querying the database (see db.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paikka/db.h"

/* The statement cache: open addressing on the SQL string's address. */
enum { STMT_SLOTS = 512 };

static struct {
	sqlite3 *db;
	const char *sql;
	sqlite3_stmt *st;
} stmt_cache[STMT_SLOTS];

/* The FTS5 auxiliary function hits(fts, w0, w1, ...): the hits of the
 * query's phrases in the current row, each weighted by its column's
 * argument; columns past the arguments count 0. The catalogue ranks by
 * it: unlike bm25 it needs nothing from rows that are not in the
 * result, where bm25 counts, for every phrase of the query, the rows
 * that hold it (thousands for a filter token). */
static void fts_hits(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	int n;
	if (api->xInstCount(fts, &n) != SQLITE_OK) {
		sqlite3_result_error(ctx, "hits: no phrase positions", -1);
		return;
	}
	double score = 0;
	for (int i = 0; i < n; i++) {
		int phrase, col, off;
		if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK &&
		    col < nval)
			score += sqlite3_value_double(val[col]);
	}
	sqlite3_result_double(ctx, score);
}

/* Registers hits() (the documented way to reach the fts5_api); 0 or -1. */
static int fts_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (api == NULL || api->iVersion < 2 ||
	    api->xCreateFunction(api, "hits", NULL, fts_hits, NULL) !=
	        SQLITE_OK) {
		fprintf(stderr, "paikka: cannot register hits(): no FTS5\n");
		return -1;
	}
	return 0;
}

sqlite3 *db_open(const char *path)
{
	/* Before SQLite initialises: no memory statistics (a global mutex
	 * on every allocation) and no mutexes at all, since every program
	 * here is one thread. Ignored (SQLITE_MISUSE) once initialised. */
	static int configured;
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	sqlite3 *db = NULL;
	int flags =
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "paikka: cannot open %s: %s\n", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	if (db_exec(db, "PRAGMA journal_mode=WAL") ||
	    db_exec(db, "PRAGMA synchronous=FULL") ||
	    db_exec(db, "PRAGMA foreign_keys=ON") || fts_register(db)) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The connection whose request-long read transaction is open (see
 * db_snapshot_begin), or NULL. */
static sqlite3 *snapshot;

/* BEGIN and COMMIT of every page view, prepared once: sqlite3_exec
 * parsed them again each time. */
static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";

static int step_once(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_snapshot_begin(sqlite3 *db)
{
	if (snapshot != NULL || !sqlite3_get_autocommit(db))
		return 0;
	if (step_once(db, SQL_BEGIN))
		return -1;
	snapshot = db;
	return 0;
}

void db_snapshot_end(sqlite3 *db)
{
	if (snapshot != db)
		return;
	snapshot = NULL;
	/* Read-only: COMMIT cannot fail for want of a lock, and it may run
	 * while a SELECT is still being stepped. */
	if (!sqlite3_get_autocommit(db))
		step_once(db, SQL_COMMIT);
}

int db_in_transaction(sqlite3 *db)
{
	return !sqlite3_get_autocommit(db) && snapshot != db;
}

void db_close(sqlite3 *db)
{
	db_snapshot_end(db);
	for (size_t i = 0; i < STMT_SLOTS; i++) {
		if (stmt_cache[i].db == db && stmt_cache[i].st) {
			sqlite3_finalize(stmt_cache[i].st);
			memset(&stmt_cache[i], 0, sizeof(stmt_cache[i]));
		}
	}
	sqlite3_close(db);
}

int db_exec(sqlite3 *db, const char *sql)
{
	db_snapshot_end(db);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "paikka: sql: %s: %s\n", err ? err : "?", sql);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

sqlite3_stmt *db_stmt(sqlite3 *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_SLOTS;
	for (size_t n = 0; n < STMT_SLOTS; n++, h = (h + 1) % STMT_SLOTS) {
		if (stmt_cache[h].sql == sql && stmt_cache[h].db == db) {
			sqlite3_reset(stmt_cache[h].st);
			sqlite3_clear_bindings(stmt_cache[h].st);
			if (snapshot == db &&
			    !sqlite3_stmt_readonly(stmt_cache[h].st))
				db_snapshot_end(db);
			return stmt_cache[h].st;
		}
		if (stmt_cache[h].sql == NULL)
			break;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	        NULL) != SQLITE_OK) {
		fprintf(stderr, "paikka: prepare: %s: %s\n", sqlite3_errmsg(db),
		    sql);
		return NULL;
	}
	if (snapshot == db && !sqlite3_stmt_readonly(st))
		db_snapshot_end(db);
	if (stmt_cache[h].sql == NULL) {
		stmt_cache[h].db = db;
		stmt_cache[h].sql = sql;
		stmt_cache[h].st = st;
		return st;
	}
	/* Cache full: still usable, but leaks one statement per call, so
	 * say so loudly; 512 distinct statements is far beyond our use. */
	fprintf(stderr, "paikka: statement cache full\n");
	return st;
}

int db_begin(sqlite3 *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(sqlite3 *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(sqlite3 *db)
{
	if (snapshot == db)
		snapshot = NULL;
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

int64_t db_now(void)
{
	int64_t now = (int64_t)time(NULL);
#ifdef PAIKKA_TEST_CLOCK
	const char *off = getenv("PAIKKA_TIME_OFFSET");
	if (off)
		now += strtoll(off, NULL, 10);
#endif
	return now;
}

int64_t db_clock(sqlite3 *db)
{
	int64_t now = db_now();
#ifdef PAIKKA_TEST_CLOCK
	/* Prepared by hand: before migration 0002 there is no settings
	 * table, and that is not an error worth logging per request. */
	static sqlite3_stmt *st;
	static sqlite3 *st_db;
	if (st_db != db) {
		sqlite3_finalize(st);
		st = NULL;
		st_db = db;
		sqlite3_prepare_v3(db,
		    "SELECT CAST(value AS INTEGER) FROM settings "
		    "WHERE key = 'test_clock_offset'",
		    -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	}
	if (st) {
		if (sqlite3_step(st) == SQLITE_ROW)
			now += sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
#else
	(void)db;
#endif
	return now;
}

int db_test_clock_available(void)
{
#ifdef PAIKKA_TEST_CLOCK
	return 1;
#else
	return 0;
#endif
}

/* Reads a whole file into a malloc'd NUL-terminated string. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *s = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[8192];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			char *p = realloc(s, cap);
			if (p == NULL) {
				free(s);
				fclose(f);
				return NULL;
			}
			s = p;
		}
		memcpy(s + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (s == NULL)
		s = calloc(1, 1);
	else
		s[len] = '\0';
	return s;
}

int db_exec_file(sqlite3 *db, const char *path, FILE *log)
{
	char *sql = read_file(path);
	if (sql == NULL) {
		fprintf(log, "cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	char *err = NULL;
	int rc = 0;
	if (db_begin(db) ||
	    sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK ||
	    db_commit(db)) {
		fprintf(log, "%s: %s\n", path, err ? err : sqlite3_errmsg(db));
		db_rollback(db);
		rc = -1;
	}
	sqlite3_free(err);
	free(sql);
	return rc;
}

/* Migration files are named NNNN-name.sql; 0 when name is not one. */
static int migration_version(const char *name)
{
	size_t n = strlen(name);
	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '-')
		return 0;
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int migration_applied(sqlite3 *db, int version)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	if (sqlite3_prepare_v2(db,
	        "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &st,
	        NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, version);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

static int migration_apply(
    sqlite3 *db, const char *dir, const char *name, int version, FILE *log)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	char *sql = read_file(path);
	if (sql == NULL) {
		fprintf(log, "cannot read %s\n", path);
		return -1;
	}
	char *err = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (db_begin(db))
		goto out;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db,
	        "INSERT INTO schema_migrations(version, name, applied_at) "
	        "VALUES (?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int(st, 1, version);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, db_now());
	if (sqlite3_step(st) != SQLITE_DONE || db_commit(db))
		goto out;
	fprintf(log, "applied %s\n", name);
	rc = 0;
out:
	if (rc)
		fprintf(log, "%s: %s\n", name, err ? err : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_free(err);
	free(sql);
	if (rc)
		db_rollback(db);
	return rc;
}

int db_migrate(sqlite3 *db, const char *dir, FILE *log)
{
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	                "applied_at INTEGER NOT NULL)"))
		return -1;
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(log, "cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char *names[1000];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 1000)
		if (migration_version(e->d_name) > 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	int applied = 0;
	for (size_t i = 0; i < n; i++) {
		int v = migration_version(names[i]);
		if (applied >= 0 && !migration_applied(db, v))
			applied = migration_apply(db, dir, names[i], v, log)
			              ? -1
			              : applied + 1;
		free(names[i]);
	}
	return applied;
}
