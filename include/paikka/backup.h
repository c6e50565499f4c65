/* backup.h: copies of the database that are safe to take while the
 * programs write (paikkactl backup and restore).
 *
 * A copy is made with SQLite's online backup API in one step, which reads
 * the whole source inside one read transaction: with WAL the writers go on
 * meanwhile and the copy is the database as of one moment, never half a
 * transaction. The copy is written to a temporary file (mode 0600: it
 * holds client names) beside the target, checked, and only then given its
 * name, so a failed or interrupted run leaves nothing under that name. An
 * existing file is never overwritten. */
#ifndef PAIKKA_BACKUP_H
#define PAIKKA_BACKUP_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Copies the main database of src to path. journal_mode is what the copy
 * keeps: "DELETE" for a backup (one self-contained file), "WAL" for a
 * database the programs will use. Refuses when path, path-wal or
 * path-journal exists (a stale -wal would be read into the copy). The
 * copy must pass PRAGMA integrity_check. 0, or -1 with the reason in
 * err. */
int backup_copy(sqlite3 *src, const char *path, const char *journal_mode,
    char *err, size_t errlen);

/* PRAGMA integrity_check: 0 when "ok", 1 when not (its first message in
 * err), -1 on a database error. */
int backup_check(sqlite3 *db, char *err, size_t errlen);

/* Calls fn for every table of db (sqlite_* tables left out) in name order
 * with its row count. 0 or -1. */
int backup_counts(sqlite3 *db,
    void (*fn)(void *ctx, const char *table, int64_t rows), void *ctx);

#endif
