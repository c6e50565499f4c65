/* notify.c: notifications in the portal and the e-mail outbox (see
 * notify.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/notify.h"

/* The message in language l, with arg in place of its "%s". */
static void render(
    struct buf *out, enum lang l, const char *msgid, const char *arg)
{
	i18n_use(l);
	const char *fmt = gettext(msgid);
	const char *p = strstr(fmt, "%s");
	buf_reset(out);
	if (p == NULL) {
		buf_puts(out, fmt);
		return;
	}
	buf_add(out, fmt, (size_t)(p - fmt));
	buf_puts(out, arg ? arg : "");
	buf_puts(out, p + 2);
}

static const char *base_url(void)
{
	const char *u = getenv("PAIKKA_BASE_URL");
	return u && *u ? u : "http://127.0.0.1:8080";
}

static const char SQL_NOTE[] =
    "INSERT INTO notifications(org_id, user_id, created_at, text_fi, "
    "text_sv, text_en, link) VALUES (?,?,?,?,?,?,?)";
static const char SQL_OUTBOX[] =
    "INSERT INTO outbox(created_at, to_addr, subject, body, "
    "next_attempt_at) VALUES (?,?,?,?,?)";
/* Recipients: active users of an organisation, or one user. */
static const char SQL_ORG_USERS[] =
    "SELECT email FROM users WHERE org_id = ? AND disabled = 0 AND "
    "email <> ''";
static const char SQL_USER_EMAIL[] =
    "SELECT email FROM users WHERE id = ? AND disabled = 0 AND email <> ''";

int outbox_add(sqlite3 *db, int64_t now, const char *to, const char *subject,
    const char *body)
{
	sqlite3_stmt *st = db_stmt(db, SQL_OUTBOX);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, subject);
	db_bind_text(st, 4, body);
	db_bind_int(st, 5, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the notification row and one e-mail per recipient address; the
 * e-mail is in Finnish and Swedish, as the county writes to providers. */
static int notify(sqlite3 *db, int64_t now, int64_t org_id, int64_t user_id,
    const char *link, const char *msgid, const char *arg)
{
	enum lang was = i18n_current();
	struct buf t[LANG__MAX], mail;
	for (int l = 0; l < LANG__MAX; l++) {
		buf_init(&t[l]);
		render(&t[l], (enum lang)l, msgid, arg);
	}
	i18n_use(was);
	buf_init(&mail);
	buf_printf(&mail, "%s\n\n%s\n\n%s%s\n\n-- \nPaikka\n", t[LANG_FI].data,
	    t[LANG_SV].data, base_url(), link);
	int rc = -1;
	sqlite3_stmt *st = db_stmt(db, SQL_NOTE);
	if (st == NULL)
		goto out;
	if (org_id)
		db_bind_int(st, 1, org_id);
	if (user_id)
		db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	for (int l = 0; l < LANG__MAX; l++)
		db_bind_text(st, 4 + l, t[l].data);
	db_bind_text(st, 7, link);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto out;
	st = db_stmt(db, org_id ? SQL_ORG_USERS : SQL_USER_EMAIL);
	if (st == NULL)
		goto out;
	db_bind_int(st, 1, org_id ? org_id : user_id);
	char *subject = NULL;
	if (asprintf(&subject, "Paikka: %s", t[LANG_FI].data) < 0)
		goto out;
	rc = 0;
	/* Collect first: outbox_add reuses no statement of this loop, but
	 * stepping one statement while inserting is still simplest to
	 * reason about when the list is read completely first. */
	struct buf to;
	buf_init(&to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(&to, db_col_text(st, 0));
		buf_putc(&to, '\n');
	}
	sqlite3_reset(st);
	/* A read that fails half-way must not pass for "fewer recipients". */
	if (step != SQLITE_DONE)
		rc = -1;
	for (char *p = to.data, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (outbox_add(db, now, p, subject, mail.data))
			rc = -1;
	}
	buf_free(&to);
	free(subject);
out:
	for (int l = 0; l < LANG__MAX; l++)
		buf_free(&t[l]);
	buf_free(&mail);
	return rc;
}

int notify_org(sqlite3 *db, int64_t now, int64_t org_id, const char *link,
    const char *msgid, const char *arg)
{
	return notify(db, now, org_id, 0, link, msgid, arg);
}

int notify_user(sqlite3 *db, int64_t now, int64_t user_id, const char *link,
    const char *msgid, const char *arg)
{
	return notify(db, now, 0, user_id, link, msgid, arg);
}

static const char SQL_PROVIDERS[] =
    "SELECT id FROM organisations WHERE kind = 'provider' AND "
    "status = 'approved' ORDER BY id";

int notify_all_providers(sqlite3 *db, int64_t now, const char *link,
    const char *msgid, const char *arg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PROVIDERS);
	if (st == NULL)
		return -1;
	int64_t ids[4096];
	size_t n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < 4096)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* An error, or more providers than fit: better no notification
	 * (the caller's transaction rolls back) than some left out. */
	if (step != SQLITE_DONE)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (notify_org(db, now, ids[i], link, msgid, arg))
			return -1;
	return 0;
}
