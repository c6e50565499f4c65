/* audit.c: the hash-chained audit log (see audit.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "paikka/audit.h"
#include "paikka/db.h"

static const char GENESIS[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Fields are length-prefixed so that no two different rows hash the same
 * bytes ("ab"+"c" vs "a"+"bc"). */
static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];
	size_t n = strlen(s);
	int k = snprintf(len, sizeof(len), "%zu:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, (size_t)k);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
	char s[24];
	snprintf(s, sizeof(s), "%lld", (long long)v);
	hash_field(h, s);
}

void audit_hash(const char *prev_hash, int64_t id, int64_t ts, int64_t actor_id,
    const char *actor, const char *ip, const char *action, const char *object,
    const char *details, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	hash_field(&h, prev_hash);
	hash_int(&h, id);
	hash_int(&h, ts);
	hash_int(&h, actor_id);
	hash_field(&h, actor);
	hash_field(&h, ip);
	hash_field(&h, action);
	hash_field(&h, object);
	hash_field(&h, details);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(out, 65, md, sizeof(md));
}

static const char SQL_LAST[] =
    "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log(id, ts, actor_id, actor, ip, action, object, "
    "details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)";

/* Appends inside an open transaction, so that reading the last hash and
 * inserting the next row cannot interleave with another writer. */
static int append_locked(sqlite3 *db, int64_t ts, const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LAST);
	if (st == NULL)
		return -1;
	int64_t id = 1;
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", GENESIS);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", db_col_text(st, 1));
	} else if (rc != SQLITE_DONE) {
		return -1;
	}
	sqlite3_reset(st);
	const char *actor = e->actor ? e->actor : "-";
	const char *ip = e->ip ? e->ip : "";
	const char *object = e->object ? e->object : "";
	const char *details = e->details ? e->details : "";
	char hash[65];
	audit_hash(prev, id, ts, e->actor_id, actor, ip, e->action, object,
	    details, hash);
	st = db_stmt(db, SQL_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, ts);
	if (e->actor_id)
		db_bind_int(st, 3, e->actor_id);
	db_bind_text(st, 4, actor);
	db_bind_text(st, 5, ip);
	db_bind_text(st, 6, e->action);
	db_bind_text(st, 7, object);
	db_bind_text(st, 8, details);
	db_bind_text(st, 9, prev);
	db_bind_text(st, 10, hash);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int audit_append(sqlite3 *db, int64_t ts, const struct audit_entry *e)
{
	if (db_in_transaction(db))
		return append_locked(db, ts, e);
	if (db_begin(db))
		return -1;
	if (append_locked(db, ts, e) || db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int audit_verify(sqlite3 *db, int64_t *bad_id, int64_t *rows)
{
	sqlite3_stmt *st = NULL;
	int result = 0;
	*rows = 0;
	if (sqlite3_prepare_v2(db,
	        "SELECT id, ts, coalesce(actor_id, 0), actor, ip, action, "
	        "object, details, prev_hash, hash FROM audit_log ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", GENESIS);
	int64_t expect_id = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		char want[65];
		audit_hash(prev, id, sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), db_col_text(st, 3),
		    db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
		    db_col_text(st, 7), want);
		/* A missing id (deleted row) or a wrong link or hash. */
		if (id != expect_id || strcmp(db_col_text(st, 8), prev) != 0 ||
		    strcmp(db_col_text(st, 9), want) != 0) {
			*bad_id = id;
			result = 1;
			break;
		}
		snprintf(prev, sizeof(prev), "%s", want);
		expect_id = id + 1;
		(*rows)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		result = -1;
	sqlite3_finalize(st);
	return result;
}
