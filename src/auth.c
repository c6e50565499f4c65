/* auth.c: passwords, sessions, throttling (see auth.h). */
#include <libscrypt.h>
#include <sodium.h>
#include <string.h>

#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/valid.h"

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int auth_hash_password(const char *pw, size_t len, char out[AUTH_HASH_LEN])
{
	if (!valid_password(pw, len))
		return -1;
	/* p=1 keeps a login near 50 ms on one core; N and r as libscrypt
	 * recommends. The parameters travel in the MCF string, so they can
	 * be raised later without invalidating stored hashes. */
	if (libscrypt_hash(out, pw, SCRYPT_N, SCRYPT_r, 1) <= 0)
		return -1;
	return 0;
}

int auth_check_password(const char *stored, const char *pw, size_t len)
{
	char copy[AUTH_HASH_LEN];
	if (stored == NULL || strlen(stored) >= sizeof(copy))
		return 0;
	if (strlen(pw) != len)
		return 0;
	memcpy(copy, stored, strlen(stored) + 1);
	/* <0 error, 0 mismatch, >0 match: only a positive result logs in. */
	int rc = libscrypt_check(copy, pw);
	sodium_memzero(copy, sizeof(copy));
	return rc > 0;
}

void auth_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];
	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
}

int auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen, "
    "ip) VALUES (?,?,?,?,?,?)";

int auth_session_create(sqlite3 *db, int64_t user_id, const char *ip,
    int64_t now, char token[AUTH_TOKEN_HEX], struct auth_session *out)
{
	unsigned char h[32];
	auth_random_hex(token, 32);
	auth_random_hex(out->csrf, 32);
	token_hash(token, h);
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_INSERT);
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, out->csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	db_bind_text(st, 6, ip);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	out->id = sqlite3_last_insert_rowid(db);
	out->user_id = user_id;
	return 0;
}

static const char SQL_SESSION_GET[] =
    "SELECT id, user_id, csrf, created_at, last_seen FROM sessions "
    "WHERE token_hash = ?";
static const char SQL_SESSION_TOUCH[] =
    "UPDATE sessions SET last_seen = ? WHERE id = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE id = ?";
static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM sessions WHERE user_id = ?";

static int is_hex_token(const char *s)
{
	if (strlen(s) != AUTH_TOKEN_HEX - 1)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int auth_session_load(
    sqlite3 *db, const char *token, int64_t now, struct auth_session *out)
{
	unsigned char h[32];
	if (token == NULL || !is_hex_token(token))
		return 0;
	token_hash(token, h);
	sqlite3_stmt *st = db_stmt(db, SQL_SESSION_GET);
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	out->id = sqlite3_column_int64(st, 0);
	out->user_id = sqlite3_column_int64(st, 1);
	snprintf(out->csrf, sizeof(out->csrf), "%s", db_col_text(st, 2));
	int64_t created = sqlite3_column_int64(st, 3);
	int64_t seen = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	if (now - seen > AUTH_IDLE_SECONDS ||
	    now - created > AUTH_ABSOLUTE_SECONDS) {
		auth_session_delete(db, out->id);
		return 0;
	}
	/* Touch at most once a minute: a read-mostly page view should not
	 * become a write every time. */
	if (now - seen >= 60) {
		st = db_stmt(db, SQL_SESSION_TOUCH);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, out->id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 1;
}

static int exec_id(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int auth_session_delete(sqlite3 *db, int64_t session_id)
{
	return exec_id(db, SQL_SESSION_DELETE, session_id);
}

int auth_session_delete_user(sqlite3 *db, int64_t user_id)
{
	return exec_id(db, SQL_SESSION_DELETE_USER, user_id);
}

/* The most recent failures (at most the limit) since the last success for
 * a user, or for an address. A success resets the user's count. */
static const char SQL_FAILS_USER[] =
    "SELECT count(*), min(ts), max(ts) FROM (SELECT ts FROM login_attempts "
    "WHERE username = ?1 AND ok = 0 AND ts > ?2 AND ts > coalesce(("
    "SELECT max(ts) FROM login_attempts WHERE username = ?1 AND ok = 1), 0) "
    "ORDER BY ts DESC LIMIT 5)";
static const char SQL_FAILS_IP[] =
    "SELECT count(*), min(ts), max(ts) FROM (SELECT ts FROM login_attempts "
    "WHERE ip = ?1 AND ok = 0 AND ts > ?2 ORDER BY ts DESC LIMIT 20)";

/* 1 when the last `limit` failures for key all fell within one window and
 * the newest is less than a window ago: refused until newest + window. */
static int locked_out(sqlite3 *db, const char *sql, const char *key, int limit,
    int64_t now, int64_t *retry_after)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, now - 2 * AUTH_THROTTLE_WINDOW);
	int result = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 0);
		int64_t oldest = sqlite3_column_int64(st, 1);
		int64_t newest = sqlite3_column_int64(st, 2);
		result = n >= limit &&
		         newest - oldest <= AUTH_THROTTLE_WINDOW &&
		         now < newest + AUTH_THROTTLE_WINDOW;
		if (result)
			*retry_after = newest + AUTH_THROTTLE_WINDOW - now;
	}
	sqlite3_reset(st);
	return result;
}

int auth_throttled(sqlite3 *db, const char *username, const char *ip,
    int64_t now, int64_t *retry_after)
{
	int rc = locked_out(
	    db, SQL_FAILS_USER, username, AUTH_THROTTLE_USER, now, retry_after);
	if (rc != 0)
		return rc;
	return locked_out(
	    db, SQL_FAILS_IP, ip, AUTH_THROTTLE_IP, now, retry_after);
}

static const char SQL_ATTEMPT[] =
    "INSERT INTO login_attempts(ts, username, ip, ok) VALUES (?,?,?,?)";

int auth_record_attempt(
    sqlite3 *db, const char *username, const char *ip, int64_t now, int ok)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ATTEMPT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, username);
	db_bind_text(st, 3, ip);
	db_bind_int(st, 4, ok ? 1 : 0);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
