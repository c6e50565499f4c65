/* auth.h: passwords, sessions, CSRF tokens and login throttling.
 *
 * The only module that calls libscrypt. Session tokens are 256 random bits,
 * handed to the browser in hex and stored only as their SHA-256. */
#ifndef PAIKKA_AUTH_H
#define PAIKKA_AUTH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

enum {
	AUTH_HASH_LEN = 128, /* scrypt MCF string, with its NUL */
	AUTH_TOKEN_HEX = 65, /* 32 bytes in hex, with its NUL */
	AUTH_IDLE_SECONDS = 30 * 60,
	AUTH_ABSOLUTE_SECONDS = 12 * 60 * 60,
	AUTH_THROTTLE_WINDOW = 15 * 60,
	AUTH_THROTTLE_USER = 5,
	AUTH_THROTTLE_IP = 20,
};

/* Must run once per process before anything else here. 0 or -1. */
int auth_init(void);

/* Hashes a password with salted scrypt (N=16384, r=8, p=1, stored in the
 * MCF string). len is the byte length as received; a password with a NUL
 * or outside 12-128 code points is refused. 0 or -1. */
int auth_hash_password(const char *pw, size_t len, char out[AUTH_HASH_LEN]);
/* 1 when pw matches the stored hash, 0 when it does not or on any error.
 * libscrypt_check modifies its argument, so it gets a copy. */
int auth_check_password(const char *stored, const char *pw, size_t len);

/* Fills out with 2*nbytes hex characters of randomness and a NUL. */
void auth_random_hex(char *out, size_t nbytes);
/* 1 when a and b are equal strings, in time independent of where they
 * differ. */
int auth_equal(const char *a, const char *b);

struct auth_session {
	int64_t id;
	int64_t user_id;
	char csrf[AUTH_TOKEN_HEX];
};

/* Creates a session and returns its token (for the cookie) in token.
 * 0 or -1. */
int auth_session_create(sqlite3 *db, int64_t user_id, const char *ip,
    int64_t now, char token[AUTH_TOKEN_HEX], struct auth_session *out);
/* Finds the live session for a cookie token: 1 found (last_seen updated
 * when more than a minute old), 0 none or expired (expired rows are
 * deleted), -1 error. */
int auth_session_load(
    sqlite3 *db, const char *token, int64_t now, struct auth_session *out);
/* Deletes one session / every session of a user. 0 or -1. */
int auth_session_delete(sqlite3 *db, int64_t session_id);
int auth_session_delete_user(sqlite3 *db, int64_t user_id);

/* 1 when this username or address has too many recent failures and must
 * wait (then *retry_after gets the seconds to wait), 0 when it may try,
 * -1 on error. */
int auth_throttled(sqlite3 *db, const char *username, const char *ip,
    int64_t now, int64_t *retry_after);
/* Records one attempt. 0 or -1. */
int auth_record_attempt(
    sqlite3 *db, const char *username, const char *ip, int64_t now, int ok);

#endif
