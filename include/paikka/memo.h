/* memo.h: rendered fragments kept by a worker while the database is
 * unchanged.
 *
 * A fragment is stamped with SQLite's data version of the worker's
 * connection (SQLITE_FCNTL_DATA_VERSION), which moves with every commit
 * to the database, by this worker or any other process. A lookup under
 * another version finds nothing (and drops every fragment), so a
 * fragment is never older than the snapshot its request reads. Both
 * calls do nothing outside a pure read transaction (the request's read
 * snapshot after its first read): a page shown inside a write
 * transaction may show rows that are rolled back.
 *
 * The memo belongs to the process and its one connection (db.h): stamps
 * of two connections are not comparable.
 *
 * The key must name everything the fragment depends on besides the
 * database: the page, its object, the language, the role, the day.
 * PAIKKA_MEMO=0 turns the memo off (bench/http.sh measures both). */
#ifndef PAIKKA_MEMO_H
#define PAIKKA_MEMO_H

#include <sqlite3.h>
#include <stddef.h>

/* The fragment under key (a string), or NULL. Valid until the next memo
 * call. */
const char *memo_get(sqlite3 *db, const char *key);
/* Keeps a copy of data (len bytes) under key. */
void memo_put(sqlite3 *db, const char *key, const char *data, size_t len);
/* Forgets every part: for a program that replaces its connection or
 * the database under it (the request fuzzer's sqlite3_deserialize). */
void memo_clear(void);

#endif
