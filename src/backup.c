/* backup.c: consistent copies of the database (see backup.h). */
#include "paikka/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int exists(const char *path, const char *suffix)
{
	char p[4096];
	struct stat sb;
	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return lstat(p, &sb) == 0;
}

int backup_check(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        db, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	int rc = sqlite3_step(st);
	const char *msg = (const char *)sqlite3_column_text(st, 0);
	int ok = rc == SQLITE_ROW && msg && strcmp(msg, "ok") == 0;
	snprintf(err, errlen, "%s",
	    rc == SQLITE_ROW ? (msg ? msg : "") : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc != SQLITE_ROW ? -1 : ok ? 0 : 1;
}

int backup_counts(sqlite3 *db,
    void (*fn)(void *ctx, const char *table, int64_t rows), void *ctx)
{
	sqlite3_stmt *st = NULL;
	/* Virtual tables (the FTS index) are counted through their shadow
	 * tables, which hold the data. */
	if (sqlite3_prepare_v2(db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
	        "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND "
	        "sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *sql =
		    sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
		sqlite3_stmt *c = NULL;
		if (sql == NULL ||
		    sqlite3_prepare_v2(db, sql, -1, &c, NULL) != SQLITE_OK ||
		    sqlite3_step(c) != SQLITE_ROW)
			rc = -1;
		else
			fn(ctx, name, sqlite3_column_int64(c, 0));
		sqlite3_finalize(c);
		sqlite3_free(sql);
		if (rc)
			break;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

/* The whole source in one step: one read transaction, one moment. Busy
 * only when a lock cannot be had at all; then try again for a while. */
static int copy_pages(sqlite3 *src, sqlite3 *dst, char *err, size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL)
		return fail(err, errlen, "backup: %s", sqlite3_errmsg(dst));
	int rc, tries = 0;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED) {
		if (++tries > 600)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return fail(err, errlen, "backup: %s", sqlite3_errstr(rc));
	return 0;
}

/* Makes the finished copy durable under its name: the folder's entry is
 * synced too. */
static void sync_dir(const char *path)
{
	char d[4096];
	snprintf(d, sizeof(d), "%s", path);
	int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Gives tmp the name path unless path exists: link() refuses to replace,
 * so there is no moment when another file could be overwritten. */
static int publish(const char *tmp, const char *path, char *err, size_t n)
{
	if (link(tmp, path) == 0) {
		unlink(tmp);
		sync_dir(path);
		return 0;
	}
	if (errno == EEXIST)
		return fail(err, n, "%s exists; not overwritten", path);
	/* A file system without hard links: rename after a last look. */
	if ((errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) &&
	    !exists(path, "") && rename(tmp, path) == 0) {
		sync_dir(path);
		return 0;
	}
	return fail(
	    err, n, "cannot name the copy %s: %s", path, strerror(errno));
}

int backup_copy(sqlite3 *src, const char *path, const char *journal_mode,
    char *err, size_t errlen)
{
	static const char *const taken[] = {"", "-wal", "-journal"};
	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		if (exists(path, taken[i]))
			return fail(err, errlen, "%s%s exists; not overwritten",
			    path, taken[i]);
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
	    sizeof(tmp))
		return fail(err, errlen, "path too long");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return fail(
		    err, errlen, "cannot create %s: %s", tmp, strerror(errno));
	close(fd);

	sqlite3 *dst = NULL;
	int rc = -1;
	char pragma[64], why[256];
	snprintf(
	    pragma, sizeof(pragma), "PRAGMA journal_mode=%s", journal_mode);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		fail(err, errlen, "cannot open %s: %s", tmp,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
	else if (copy_pages(src, dst, err, errlen) == 0) {
		if (sqlite3_exec(dst, pragma, NULL, NULL, NULL) != SQLITE_OK)
			fail(
			    err, errlen, "%s: %s", pragma, sqlite3_errmsg(dst));
		else if (backup_check(dst, why, sizeof(why)) == 0)
			rc = 0;
		else
			fail(err, errlen, "the copy fails integrity_check: %s",
			    why);
	}
	/* Closing checkpoints a WAL copy into the file and removes the
	 * -wal, so the file alone is the copy. */
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = fail(err, errlen, "closing the copy failed");
	if (rc == 0)
		rc = publish(tmp, path, err, errlen);
	if (rc != 0) {
		unlink(tmp);
		char side[4200];
		snprintf(side, sizeof(side), "%s-wal", tmp);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", tmp);
		unlink(side);
	}
	return rc;
}
