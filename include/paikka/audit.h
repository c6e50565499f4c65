/* audit.h: the append-only, hash-chained audit log.
 *
 * Each row's hash is SHA-256 over the previous row's hash and the row's own
 * fields, so changing or removing a row breaks the chain from there on;
 * triggers refuse UPDATE and DELETE, and audit_verify finds tampering done
 * around them. */
#ifndef PAIKKA_AUDIT_H
#define PAIKKA_AUDIT_H

#include <sqlite3.h>
#include <stdint.h>

struct audit_entry {
	int64_t actor_id;  /* 0 when anonymous */
	const char *actor; /* user name or "-" */
	const char *ip;
	const char *action; /* "login", "login.fail", "user.create", ... */
	const char *object; /* "user:12", "org:3", a path for denials */
	const char *details;
};

/* Appends one row using the caller's transaction if one is open; 0 or
 * -1. */
int audit_append(sqlite3 *db, int64_t ts, const struct audit_entry *e);
/* Walks the whole chain. Returns 0 when every row matches, 1 when a row
 * does not (its id in *bad_id), -1 on a database error. */
int audit_verify(sqlite3 *db, int64_t *bad_id, int64_t *rows);
/* The hex SHA-256 a row should carry (exposed for tests). out gets 65
 * bytes. */
void audit_hash(const char *prev_hash, int64_t id, int64_t ts, int64_t actor_id,
    const char *actor, const char *ip, const char *action, const char *object,
    const char *details, char out[65]);

#endif
