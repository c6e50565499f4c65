/* account.h: users and organisations, with no HTTP in them, shared by the
 * web pages and paikkactl. */
#ifndef PAIKKA_ACCOUNT_H
#define PAIKKA_ACCOUNT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Why an account operation was refused (for a field message). */
enum account_err {
	ACCOUNT_OK = 0,
	ACCOUNT_EUSERNAME, /* bad shape */
	ACCOUNT_ETAKEN,    /* username already exists */
	ACCOUNT_ENAME,
	ACCOUNT_EEMAIL,
	ACCOUNT_EROLE,
	ACCOUNT_EORG, /* provider without an organisation, or unknown */
	ACCOUNT_EPASSWORD,
	ACCOUNT_EDB,
};

struct new_user {
	const char *username;
	const char *name;
	const char *email;
	const char *role; /* "admin", "officer", ... */
	int64_t org_id;   /* required for providers, 0 for none */
	const char *password;
	size_t password_len;
};

/* Validates and inserts a user; *id gets its id. The caller holds the
 * transaction. */
enum account_err user_create(
    sqlite3 *db, const struct new_user *u, int64_t now, int64_t *id);
/* Sets a new password (validated and hashed) and ends the user's
 * sessions; the caller holds the transaction. */
enum account_err user_set_password(
    sqlite3 *db, int64_t user_id, const char *pw, size_t len, int64_t now);
/* The stored hash of a user that may log in (not disabled); *id, *hash
 * (malloc'd, caller frees) set when found. 1 found, 0 not, -1 error. */
int user_login_lookup(
    sqlite3 *db, const char *username, int64_t *id, char **hash);

#endif
