/* notify.h: notifications in the portal and by e-mail.
 *
 * A notification is written in the same transaction as the change it
 * reports: one notifications row (its text in fi, sv and en, rendered from
 * one gettext message id) and one outbox row per active user with an
 * e-mail address, which paikka-mailer sends over SMTP exactly once. */
#ifndef PAIKKA_NOTIFY_H
#define PAIKKA_NOTIFY_H

#include <sqlite3.h>
#include <stdint.h>

/* Notifies every active user of organisation org_id. msgid is an English
 * gettext message id (mark it with N_()) with at most one "%s", filled
 * with arg (may be NULL when there is none); link is a local path such
 * as "/tenders/4". 0 or -1. The caller holds the transaction. */
int notify_org(sqlite3 *db, int64_t now, int64_t org_id, const char *link,
    const char *msgid, const char *arg);
/* The same for one user. */
int notify_user(sqlite3 *db, int64_t now, int64_t user_id, const char *link,
    const char *msgid, const char *arg);
/* The same for every approved provider organisation. */
int notify_all_providers(sqlite3 *db, int64_t now, const char *link,
    const char *msgid, const char *arg);

/* Queues one e-mail. 0 or -1. */
int outbox_add(sqlite3 *db, int64_t now, const char *to, const char *subject,
    const char *body);

#endif
