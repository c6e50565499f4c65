/* test_auth.c: passwords, session lifetimes and login throttling (auth.c).
 *
 * scrypt costs ~50 ms per hash, so the password tests share hashes where
 * they can. Sessions and throttling run against an in-memory database
 * migrated from sql/, with the clock passed in explicitly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/auth.h"
#include "paikka/db.h"
#include "test.h"

static const char PW[] = "correct horse battery";

/* n copies of the UTF-8 character c (a string literal) in out. */
static size_t repeat(char *out, const char *c, size_t n)
{
	size_t k = strlen(c), len = 0;
	for (size_t i = 0; i < n; i++, len += k)
		memcpy(out + len, c, k);
	out[len] = '\0';
	return len;
}

/* ---- passwords ---- */

TEST(hash_then_check)
{
	char h[AUTH_HASH_LEN];
	CHECK(auth_hash_password(PW, strlen(PW), h) == 0);
	CHECK(strncmp(h, "$s1$", 4) == 0);
	CHECK(strlen(h) < AUTH_HASH_LEN);
	CHECK(auth_check_password(h, PW, strlen(PW)) == 1);
	CHECK(auth_check_password(h, "correct horse batterY", strlen(PW)) == 0);
	CHECK(auth_check_password(h, "", 0) == 0);
	/* The stored hash is left as it was, so a second check (and the
	 * third, a wrong one) sees the same string. */
	char copy[AUTH_HASH_LEN];
	memcpy(copy, h, sizeof(copy));
	CHECK(auth_check_password(h, PW, strlen(PW)) == 1);
	CHECK(memcmp(copy, h, strlen(copy) + 1) == 0);
	/* A NUL inside the password: the length says more than strlen. */
	CHECK(auth_check_password(h, PW, strlen(PW) + 1) == 0);
}

TEST(embedded_nul_refused)
{
	static const char pw[] = "abcdefghijkl\0mnopqrstuv";
	char h[AUTH_HASH_LEN];
	CHECK(auth_hash_password(pw, sizeof(pw) - 1, h) == -1);
	CHECK(auth_hash_password(pw, sizeof(pw), h) == -1);
}

TEST(length_in_code_points)
{
	char pw[129 * 2 + 1];
	char h[AUTH_HASH_LEN];
	/* Refusals cost nothing; acceptances cost one hash each. */
	CHECK(auth_hash_password(pw, repeat(pw, "a", 0), h) == -1);
	CHECK(auth_hash_password(pw, repeat(pw, "a", 11), h) == -1);
	CHECK(auth_hash_password(pw, repeat(pw, "a", 129), h) == -1);
	CHECK(auth_hash_password(pw, repeat(pw, "\xc3\xa4", 11), h) == -1);
	CHECK(auth_hash_password(pw, repeat(pw, "\xc3\xa4", 129), h) == -1);
	CHECK(auth_hash_password(pw, repeat(pw, "a", 12), h) == 0);
	CHECK(auth_hash_password(pw, repeat(pw, "a", 128), h) == 0);
	/* ä is one code point in two bytes: 128 of them are 256 bytes. */
	size_t n = repeat(pw, "\xc3\xa4", 128);
	CHECK(n == 256);
	CHECK(auth_hash_password(pw, n, h) == 0);
	CHECK(auth_check_password(h, pw, n) == 1);
	/* 12 ä (24 bytes): accepted, and a check with one less fails. */
	n = repeat(pw, "\xc3\xa4", 12);
	CHECK(auth_hash_password(pw, n, h) == 0);
	pw[n - 2] = '\0';
	CHECK(auth_check_password(h, pw, n - 2) == 0);
	/* Invalid UTF-8 is refused. */
	memset(pw, 'a', 12);
	pw[5] = '\xff';
	CHECK(auth_hash_password(pw, 12, h) == -1);
}

TEST(salted)
{
	char h1[AUTH_HASH_LEN], h2[AUTH_HASH_LEN];
	CHECK(auth_hash_password(PW, strlen(PW), h1) == 0);
	CHECK(auth_hash_password(PW, strlen(PW), h2) == 0);
	CHECK(strcmp(h1, h2) != 0);
}

TEST(garbage_hash_never_matches)
{
	static const char *const bad[] = {
	    "",
	    "x",
	    "$s1",
	    "$s1$",
	    "$s1$$$",
	    "$s1$0e0801$",
	    "$s1$0e0801$$",
	    "$s1$0e0801$!!!!$!!!!",
	    "$s1$0e0000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==",
	    "$s1$zz$c2FsdA==$aGFzaA==",
	    "$2b$10$abcdefghijklmnopqrstuuBGxX1Ml5gLK1sPhgFzSt1XUzSEcxDAa",
	    "correct horse battery",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char stored[AUTH_HASH_LEN];
		snprintf(stored, sizeof(stored), "%s", bad[i]);
		int rc = auth_check_password(stored, PW, strlen(PW));
		if (rc != 0)
			printf("# garbage hash %zu \"%s\" gave %d\n", i, bad[i],
			    rc);
		CHECK(rc == 0);
	}
	CHECK(auth_check_password(NULL, PW, strlen(PW)) == 0);
	/* Longer than any MCF string: refused without looking. */
	char longer[300];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memcpy(longer, "$s1$0e0801$", 11);
	CHECK(auth_check_password(longer, PW, strlen(PW)) == 0);
}

TEST(tampered_hash_never_matches)
{
	char h[AUTH_HASH_LEN], t[AUTH_HASH_LEN];
	CHECK(auth_hash_password(PW, strlen(PW), h) == 0);
	size_t n = strlen(h);
	/* One character of the digest changed (not the base64 padding). */
	memcpy(t, h, n + 1);
	t[n - 4] = t[n - 4] == 'A' ? 'B' : 'A';
	CHECK(auth_check_password(t, PW, strlen(PW)) == 0);
	/* The digest cut off. */
	memcpy(t, h, n + 1);
	char *last = strrchr(t, '$');
	CHECK(last != NULL);
	if (last) {
		last[1] = '\0';
		CHECK(auth_check_password(t, PW, strlen(PW)) == 0);
		*last = '\0';
		CHECK(auth_check_password(t, PW, strlen(PW)) == 0);
	}
	/* The salt changed. */
	memcpy(t, h, n + 1);
	t[12] = t[12] == 'A' ? 'B' : 'A';
	CHECK(auth_check_password(t, PW, strlen(PW)) == 0);
}

/* ---- random tokens and comparison ---- */

TEST(random_hex)
{
	char a[129], b[129];
	size_t sizes[] = {1, 8, 16, 32, 64};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(a, 'X', sizeof(a));
		auth_random_hex(a, sizes[i]);
		CHECK(strlen(a) == 2 * sizes[i]);
		CHECK(strspn(a, "0123456789abcdef") == 2 * sizes[i]);
	}
	auth_random_hex(a, 32);
	auth_random_hex(b, 32);
	CHECK(strcmp(a, b) != 0);
	/* Many 16-byte tokens: no repeats. */
	enum { N = 200 };
	static char seen[N][33];
	for (int i = 0; i < N; i++)
		auth_random_hex(seen[i], 16);
	int dup = 0;
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			dup += strcmp(seen[i], seen[j]) == 0;
	CHECK(dup == 0);
}

TEST(equal)
{
	CHECK(auth_equal("", "") == 1);
	CHECK(auth_equal("abc", "abc") == 1);
	CHECK(auth_equal("abc", "abd") == 0);
	CHECK(auth_equal("abc", "ab") == 0);
	CHECK(auth_equal("ab", "abc") == 0);
	CHECK(auth_equal("", "a") == 0);
	CHECK(auth_equal("xbc", "abc") == 0);
}

/* ---- sessions ---- */

static const int64_t T0 = 1790000000; /* 2026-09-21, a plain timestamp */

static sqlite3 *test_db(void)
{
	sqlite3 *db = db_open(":memory:");
	if (db == NULL)
		return NULL;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(db, "sql", log ? log : stderr);
	if (log)
		fclose(log);
	if (rc < 1 ||
	    db_exec(db, "INSERT INTO users(id, username, name, role, "
	                "created_at) VALUES (1, 'anna', 'Anna', 'officer', 0), "
	                "(2, 'bertil', 'Bertil', 'finance', 0)")) {
		db_close(db);
		return NULL;
	}
	return db;
}

static int64_t count_sessions(sqlite3 *db, int64_t user_id)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	sqlite3_prepare_v2(db,
	    "SELECT count(*) FROM sessions WHERE user_id = ?", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, user_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

TEST(session_create_load)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char token[AUTH_TOKEN_HEX];
	struct auth_session s, got;
	CHECK(auth_session_create(db, 1, "10.0.0.1", T0, token, &s) == 0);
	CHECK(strlen(token) == 64);
	CHECK(strspn(token, "0123456789abcdef") == 64);
	CHECK(strlen(s.csrf) == 64);
	CHECK(s.user_id == 1);
	CHECK(strcmp(s.csrf, token) != 0);
	memset(&got, 0, sizeof(got));
	CHECK(auth_session_load(db, token, T0 + 5, &got) == 1);
	CHECK(got.id == s.id);
	CHECK(got.user_id == 1);
	CHECK_STR(got.csrf, s.csrf);
	/* Only the token's hash is stored. */
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db,
	    "SELECT count(*) FROM sessions WHERE token_hash = ?1 OR "
	    "CAST(token_hash AS TEXT) = ?1",
	    -1, &st, NULL);
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
	sqlite3_finalize(st);
	/* A second session has its own token and csrf. */
	char token2[AUTH_TOKEN_HEX];
	struct auth_session s2;
	CHECK(auth_session_create(db, 1, "10.0.0.1", T0, token2, &s2) == 0);
	CHECK(strcmp(token, token2) != 0);
	CHECK(strcmp(s.csrf, s2.csrf) != 0);
	CHECK(s.id != s2.id);
	/* A session for a user that does not exist: the foreign key. */
	char token3[AUTH_TOKEN_HEX];
	struct auth_session s3;
	CHECK(auth_session_create(db, 99, "", T0, token3, &s3) == -1);
	db_close(db);
}

TEST(session_bad_tokens)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char token[AUTH_TOKEN_HEX], t[AUTH_TOKEN_HEX + 2];
	struct auth_session s, got;
	CHECK(auth_session_create(db, 1, "", T0, token, &s) == 0);
	/* Each position changed in turn: never the session. */
	for (size_t i = 0; i < 64; i += 7) {
		memcpy(t, token, sizeof(token));
		t[i] = t[i] == '0' ? '1' : '0';
		CHECK(auth_session_load(db, t, T0, &got) == 0);
	}
	memcpy(t, token, sizeof(token));
	t[63] = t[63] == 'f' ? 'e' : 'f';
	CHECK(auth_session_load(db, t, T0, &got) == 0);
	/* Uppercase hex, non-hex, too short, too long, empty, NULL. */
	for (size_t i = 0; i < 64; i++)
		t[i] = (char)(token[i] >= 'a' ? token[i] - 32 : token[i]);
	t[64] = '\0';
	CHECK(strcmp(t, token) != 0);
	CHECK(auth_session_load(db, t, T0, &got) == 0);
	memcpy(t, token, sizeof(token));
	t[10] = 'g';
	CHECK(auth_session_load(db, t, T0, &got) == 0);
	memcpy(t, token, sizeof(token));
	t[63] = '\0';
	CHECK(auth_session_load(db, t, T0, &got) == 0);
	memcpy(t, token, sizeof(token));
	t[64] = 'a';
	t[65] = '\0';
	CHECK(auth_session_load(db, t, T0, &got) == 0);
	CHECK(auth_session_load(db, "", T0, &got) == 0);
	CHECK(auth_session_load(db, NULL, T0, &got) == 0);
	/* The real one still works after all that. */
	CHECK(auth_session_load(db, token, T0, &got) == 1);
	db_close(db);
}

TEST(session_idle_timeout)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char token[AUTH_TOKEN_HEX];
	struct auth_session s, got;
	CHECK(auth_session_create(db, 1, "", T0, token, &s) == 0);
	int64_t t = T0 + AUTH_IDLE_SECONDS - 1;
	CHECK(auth_session_load(db, token, t, &got) == 1);
	/* That load moved last_seen to t. */
	CHECK(auth_session_load(db, token, t + AUTH_IDLE_SECONDS, &got) == 1);
	t += AUTH_IDLE_SECONDS;
	CHECK(
	    auth_session_load(db, token, t + AUTH_IDLE_SECONDS + 1, &got) == 0);
	CHECK(count_sessions(db, 1) == 0);
	/* Gone for good, even at a time that would have been fine. */
	CHECK(auth_session_load(db, token, t, &got) == 0);
	/* A load less than a minute after the last touch does not move
	 * last_seen (documented: no write per page view). */
	CHECK(auth_session_create(db, 1, "", T0, token, &s) == 0);
	CHECK(auth_session_load(db, token, T0 + 59, &got) == 1);
	CHECK(auth_session_load(db, token, T0 + AUTH_IDLE_SECONDS + 1, &got) ==
	      0);
	db_close(db);
}

TEST(session_absolute_timeout)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char token[AUTH_TOKEN_HEX];
	struct auth_session s, got;
	CHECK(auth_session_create(db, 1, "", T0, token, &s) == 0);
	int ok = 1;
	int64_t t;
	for (t = T0 + 600; t <= T0 + AUTH_ABSOLUTE_SECONDS; t += 600)
		ok &= auth_session_load(db, token, t, &got) == 1;
	CHECK(ok);
	CHECK(auth_session_load(
	          db, token, T0 + AUTH_ABSOLUTE_SECONDS + 1, &got) == 0);
	CHECK(count_sessions(db, 1) == 0);
	db_close(db);
}

TEST(session_delete)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char ta[3][AUTH_TOKEN_HEX], tb[AUTH_TOKEN_HEX];
	struct auth_session sa[3], sb, got;
	for (int i = 0; i < 3; i++)
		CHECK(auth_session_create(db, 1, "", T0, ta[i], &sa[i]) == 0);
	CHECK(auth_session_create(db, 2, "", T0, tb, &sb) == 0);
	CHECK(count_sessions(db, 1) == 3);
	CHECK(auth_session_delete(db, sa[0].id) == 0);
	CHECK(auth_session_load(db, ta[0], T0, &got) == 0);
	CHECK(auth_session_load(db, ta[1], T0, &got) == 1);
	CHECK(auth_session_delete_user(db, 1) == 0);
	CHECK(count_sessions(db, 1) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(auth_session_load(db, ta[i], T0, &got) == 0);
	CHECK(count_sessions(db, 2) == 1);
	CHECK(auth_session_load(db, tb, T0, &got) == 1);
	CHECK(got.user_id == 2);
	/* Deleting the user cascades. */
	CHECK(db_exec(db, "DELETE FROM users WHERE id = 2") == 0);
	CHECK(auth_session_load(db, tb, T0, &got) == 0);
	db_close(db);
}

/* ---- throttling ---- */

TEST(throttle_user)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	int64_t wait = -1;
	for (int i = 0; i < 4; i++)
		CHECK(auth_record_attempt(db, "anna", "10.0.0.1", T0 + i, 0) ==
		      0);
	CHECK(auth_throttled(db, "anna", "10.0.0.1", T0 + 4, &wait) == 0);
	CHECK(auth_record_attempt(db, "anna", "10.0.0.1", T0 + 4, 0) == 0);
	CHECK(auth_throttled(db, "anna", "10.0.0.1", T0 + 5, &wait) == 1);
	CHECK(wait == AUTH_THROTTLE_WINDOW - 1);
	/* From another address too: the account is what is protected. */
	CHECK(auth_throttled(db, "anna", "10.9.9.9", T0 + 60, &wait) == 1);
	CHECK(wait > 14 * 60 - 60 && wait <= 15 * 60);
	/* Other users from the same address are not affected. */
	CHECK(auth_throttled(db, "bertil", "10.0.0.1", T0 + 5, &wait) == 0);
	/* A window after the last failure: allowed again. */
	CHECK(auth_throttled(db, "anna", "10.0.0.1",
	          T0 + 4 + AUTH_THROTTLE_WINDOW - 1, &wait) == 1);
	CHECK(wait == 1);
	CHECK(auth_throttled(db, "anna", "10.0.0.1",
	          T0 + 4 + AUTH_THROTTLE_WINDOW, &wait) == 0);
	db_close(db);
}

TEST(throttle_success_resets)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	int64_t wait = 0, t = T0;
	for (int i = 0; i < 4; i++)
		CHECK(auth_record_attempt(db, "anna", "10.0.0.2", t++, 0) == 0);
	CHECK(auth_record_attempt(db, "anna", "10.0.0.2", t++, 1) == 0);
	for (int i = 0; i < 4; i++)
		CHECK(auth_record_attempt(db, "anna", "10.0.0.2", t++, 0) == 0);
	CHECK(auth_throttled(db, "anna", "10.0.0.2", t, &wait) == 0);
	CHECK(auth_record_attempt(db, "anna", "10.0.0.2", t++, 0) == 0);
	CHECK(auth_throttled(db, "anna", "10.0.0.2", t, &wait) == 1);
	/* Failures spread wider than one window do not lock. */
	for (int i = 0; i < 5; i++)
		CHECK(auth_record_attempt(
		          db, "bertil", "10.0.0.3", T0 + i * 300, 0) == 0);
	CHECK(auth_throttled(
	          db, "bertil", "10.0.0.3", T0 + 4 * 300 + 1, &wait) == 0);
	db_close(db);
}

TEST(throttle_ip)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	int64_t wait = 0;
	char user[32];
	for (int i = 0; i < AUTH_THROTTLE_IP - 1; i++) {
		snprintf(user, sizeof(user), "user%d", i);
		CHECK(
		    auth_record_attempt(db, user, "10.1.1.1", T0 + i, 0) == 0);
	}
	CHECK(auth_throttled(db, "fresh", "10.1.1.1", T0 + 30, &wait) == 0);
	CHECK(auth_record_attempt(db, "last", "10.1.1.1", T0 + 30, 0) == 0);
	CHECK(auth_throttled(db, "fresh", "10.1.1.1", T0 + 31, &wait) == 1);
	CHECK(wait == AUTH_THROTTLE_WINDOW - 1);
	/* The same name from another address may try. */
	CHECK(auth_throttled(db, "fresh", "10.1.1.2", T0 + 31, &wait) == 0);
	CHECK(auth_throttled(db, "fresh", "10.1.1.1",
	          T0 + 30 + AUTH_THROTTLE_WINDOW, &wait) == 0);
	db_close(db);
}

int main(void)
{
	if (auth_init() != 0) {
		printf("auth_init failed\n");
		return 1;
	}
	RUN(hash_then_check);
	RUN(embedded_nul_refused);
	RUN(length_in_code_points);
	RUN(salted);
	RUN(garbage_hash_never_matches);
	RUN(tampered_hash_never_matches);
	RUN(random_hex);
	RUN(equal);
	RUN(session_create_load);
	RUN(session_bad_tokens);
	RUN(session_idle_timeout);
	RUN(session_absolute_timeout);
	RUN(session_delete);
	RUN(throttle_user);
	RUN(throttle_success_resets);
	RUN(throttle_ip);
	return TEST_END();
}
