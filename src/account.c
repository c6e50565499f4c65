/* account.c: users and organisations (see account.h). */
#include <stdlib.h>
#include <string.h>

#include "paikka/account.h"
#include "paikka/auth.h"
#include "paikka/db.h"
#include "paikka/valid.h"

static const char SQL_USER_EXISTS[] = "SELECT 1 FROM users WHERE username = ?";
static const char SQL_ORG_EXISTS[] =
    "SELECT kind FROM organisations WHERE id = ?";
static const char SQL_USER_INSERT[] =
    "INSERT INTO users(username, name, email, role, org_id, password_hash, "
    "created_at, password_changed_at) VALUES (?,?,?,?,?,?,?,?)";

static int row_exists(sqlite3 *db, const char *sql, const char *text,
    int64_t id, char *kind, size_t kindlen)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && kind)
		snprintf(kind, kindlen, "%s", db_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static enum account_err user_check(sqlite3 *db, const struct new_user *u)
{
	if (!valid_username(u->username))
		return ACCOUNT_EUSERNAME;
	if (!valid_line(u->name, strlen(u->name), 1, 100))
		return ACCOUNT_ENAME;
	if (u->email[0] && !valid_email(u->email))
		return ACCOUNT_EEMAIL;
	if (strcmp(u->role, "admin") && strcmp(u->role, "officer") &&
	    strcmp(u->role, "caseworker") && strcmp(u->role, "finance") &&
	    strcmp(u->role, "provider"))
		return ACCOUNT_EROLE;
	char kind[16] = "";
	if (u->org_id) {
		int rc = row_exists(
		    db, SQL_ORG_EXISTS, NULL, u->org_id, kind, sizeof(kind));
		if (rc < 0)
			return ACCOUNT_EDB;
		if (rc == 0)
			return ACCOUNT_EORG;
	}
	/* Providers belong to a provider organisation; staff to the buyer
	 * or to none. */
	if (strcmp(u->role, "provider") == 0
	        ? strcmp(kind, "provider") != 0
	        : (u->org_id && strcmp(kind, "buyer") != 0))
		return ACCOUNT_EORG;
	if (!valid_password(u->password, u->password_len))
		return ACCOUNT_EPASSWORD;
	int rc = row_exists(db, SQL_USER_EXISTS, u->username, 0, NULL, 0);
	if (rc < 0)
		return ACCOUNT_EDB;
	return rc ? ACCOUNT_ETAKEN : ACCOUNT_OK;
}

enum account_err user_create(
    sqlite3 *db, const struct new_user *u, int64_t now, int64_t *id)
{
	enum account_err e = user_check(db, u);
	if (e != ACCOUNT_OK)
		return e;
	char hash[AUTH_HASH_LEN];
	if (auth_hash_password(u->password, u->password_len, hash) != 0)
		return ACCOUNT_EPASSWORD;
	sqlite3_stmt *st = db_stmt(db, SQL_USER_INSERT);
	if (st == NULL)
		return ACCOUNT_EDB;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->email);
	db_bind_text(st, 4, u->role);
	if (u->org_id)
		db_bind_int(st, 5, u->org_id);
	db_bind_text(st, 6, hash);
	db_bind_int(st, 7, now);
	db_bind_int(st, 8, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ACCOUNT_EDB;
	*id = sqlite3_last_insert_rowid(db);
	return ACCOUNT_OK;
}

static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET password_hash = ?, password_changed_at = ? "
    "WHERE id = ?";

enum account_err user_set_password(
    sqlite3 *db, int64_t user_id, const char *pw, size_t len, int64_t now)
{
	char hash[AUTH_HASH_LEN];
	if (auth_hash_password(pw, len, hash) != 0)
		return ACCOUNT_EPASSWORD;
	sqlite3_stmt *st = db_stmt(db, SQL_SET_PASSWORD);
	if (st == NULL)
		return ACCOUNT_EDB;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(db) != 1)
		return ACCOUNT_EDB;
	return auth_session_delete_user(db, user_id) ? ACCOUNT_EDB : ACCOUNT_OK;
}

static const char SQL_LOGIN[] =
    "SELECT id, password_hash FROM users WHERE username = ? AND "
    "disabled = 0 AND password_hash IS NOT NULL";

int user_login_lookup(
    sqlite3 *db, const char *username, int64_t *id, char **hash)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LOGIN);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*hash = strdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return *hash ? 1 : -1;
	return rc == SQLITE_DONE ? 0 : -1;
}
