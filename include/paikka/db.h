/* db.h: the SQLite database: opening, migrations, statements, transactions.
 *
 * One connection per worker process. Statements are prepared once per
 * process and reused (db_stmt). Every write that spans more than one
 * statement runs between db_begin (BEGIN IMMEDIATE, so concurrent writers
 * wait on the busy timeout instead of failing) and db_commit. */
#ifndef PAIKKA_DB_H
#define PAIKKA_DB_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

/* Opens path with WAL, synchronous=FULL, foreign_keys=ON and a 5 s busy
 * timeout. NULL on failure (message on stderr). */
sqlite3 *db_open(const char *path);
/* Finalises cached statements and closes. */
void db_close(sqlite3 *db);

/* Applies every sql/NNNN-name.sql in dir not yet recorded in
 * schema_migrations, in order, each in its own transaction. Returns the
 * number applied, or -1 (message on log). */
int db_migrate(sqlite3 *db, const char *dir, FILE *log);
/* Runs a whole SQL file (demo data) in one transaction; 0 or -1. */
int db_exec_file(sqlite3 *db, const char *path, FILE *log);

/* The cached prepared statement for sql (keyed by the pointer, so pass a
 * string literal or static array), reset and with bindings cleared. NULL
 * when it does not prepare (logged). Do not finalise it. */
sqlite3_stmt *db_stmt(sqlite3 *db, const char *sql);
/* Runs a statement without parameters or results; 0 or -1. */
int db_exec(sqlite3 *db, const char *sql);

/* A request's read snapshot: one deferred read transaction around the
 * whole request instead of one per statement (each costs file-lock
 * system calls in WAL mode), so every SELECT of a page also sees the same
 * moment. It ends by itself before anything that writes: db_stmt of a
 * statement that is not read-only, db_exec (and so db_begin), and
 * db_rollback; db_snapshot_end ends it otherwise. Begin returns 0 or -1;
 * both do nothing when it does not apply. */
int db_snapshot_begin(sqlite3 *db);
void db_snapshot_end(sqlite3 *db);
/* 1 inside a transaction other than the read snapshot (a write
 * transaction begun by db_begin or BEGIN). */
int db_in_transaction(sqlite3 *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; 0 or -1. db_rollback is a no-op
 * outside a transaction. */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);

/* Binding helpers: NULL text binds SQL NULL. Return the sqlite3 code. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
int db_bind_int(sqlite3_stmt *st, int i, int64_t v);
/* Column text as a C string, "" for NULL. */
const char *db_col_text(sqlite3_stmt *st, int i);

/* Current time in UTC Unix seconds. Builds with the test clock (every
 * build but `make RELEASE=1`) add PAIKKA_TIME_OFFSET seconds when set. */
int64_t db_now(void);
/* The time a request sees: db_now() plus, in test-clock builds only, the
 * offset stored by `paikkactl clock` in settings.test_clock_offset, so a
 * test can move a running stack past a deadline. Release builds ignore
 * both. */
int64_t db_clock(sqlite3 *db);
/* 1 in builds that honour the test clock. */
int db_test_clock_available(void);

#endif
