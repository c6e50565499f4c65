/* test_memo.c: fragments kept while the database is unchanged (memo.c).
 *
 * Two connections to one WAL database in /tmp, as two workers: a commit
 * by either must make the other's (and its own) fragments disappear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paikka/db.h"
#include "paikka/memo.h"
#include "test.h"

static char path[64];
static sqlite3 *a, *b;

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/paikka-test-memo-XXXXXX");
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	a = db_open(path);
	b = db_open(path);
	db_exec(a, "CREATE TABLE t (x INTEGER)");
}

static void teardown(void)
{
	db_close(a);
	db_close(b);
	char p[80];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Begins a read snapshot on db and reads, as a request does. */
static void read_begin(sqlite3 *db)
{
	db_snapshot_begin(db);
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM t");
	sqlite3_step(st);
	sqlite3_reset(st);
}

TEST(kept_while_unchanged)
{
	read_begin(a);
	CHECK(memo_get(a, "k1") == NULL);
	memo_put(a, "k1", "<p>one</p>", 10);
	memo_put(a, "k2", "two", 3);
	CHECK_STR(memo_get(a, "k1"), "<p>one</p>");
	CHECK_STR(memo_get(a, "k2"), "two");
	db_snapshot_end(a);
	read_begin(a);
	CHECK_STR(memo_get(a, "k1"), "<p>one</p>");
	db_snapshot_end(a);
}

/* A part kept by a, then a commit by writer: a's next request finds none. */
static void dropped_after_commit_by(sqlite3 *writer)
{
	read_begin(a);
	memo_put(a, "k", "old", 3);
	db_snapshot_end(a);
	CHECK(db_exec(writer, "INSERT INTO t VALUES (1)") == 0);
	read_begin(a);
	CHECK(memo_get(a, "k") == NULL);
	db_snapshot_end(a);
}

TEST(another_connections_commit_drops)
{
	dropped_after_commit_by(b);
}

TEST(own_commit_drops)
{
	dropped_after_commit_by(a);
}

TEST(nothing_inside_a_write)
{
	CHECK(db_begin(a) == 0);
	CHECK(db_exec(a, "INSERT INTO t VALUES (3)") == 0);
	memo_put(a, "w", "uncommitted", 11);
	CHECK(memo_get(a, "w") == NULL);
	db_rollback(a);
	read_begin(a);
	CHECK(memo_get(a, "w") == NULL);
	db_snapshot_end(a);
}

TEST(nothing_outside_a_transaction)
{
	memo_put(a, "o", "x", 1);
	CHECK(memo_get(a, "o") == NULL);
}

TEST(least_recently_used_goes)
{
	read_begin(a);
	char key[16];
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "n%d", i);
		memo_put(a, key, key, strlen(key));
		CHECK(memo_get(a, "n0") != NULL); /* kept in use */
	}
	CHECK_STR(memo_get(a, "n39"), "n39");
	CHECK(memo_get(a, "n1") == NULL);
	/* Large fragments: the total stays bounded, the newest is kept. */
	size_t big = 900000;
	char *s = malloc(big);
	memset(s, 'x', big);
	for (int i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "big%d", i);
		memo_put(a, key, s, big);
	}
	CHECK(memo_get(a, "big7") != NULL);
	CHECK(memo_get(a, "big0") == NULL);
	free(s);
	db_snapshot_end(a);
}

int main(void)
{
	setup();
	RUN(kept_while_unchanged);
	RUN(another_connections_commit_drops);
	RUN(own_commit_drops);
	RUN(nothing_inside_a_write);
	RUN(nothing_outside_a_transaction);
	RUN(least_recently_used_goes);
	teardown();
	return TEST_END();
}
