/* notifications.c: the logged-in user's notifications (written by
 * notify.h in fi, sv and en): the list on the front page, the page of all
 * of them, and marking them read. A user sees the rows addressed to them
 * and to their organisation, never another organisation's. Routed for
 * ROLE_USER. */
#include <stdint.h>

#include "home.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

enum { NOTES_PER_PAGE = 50, NOTES_MAX_PAGE = 100000 };

/* Rows for user ?1 or organisation ?2 (NULL when the user has none),
 * newest first. */
static const char SQL_NOTES[] =
    "SELECT created_at, text_fi, text_sv, text_en, link, read_at IS NULL "
    "FROM notifications WHERE user_id = ?1 OR org_id = ?2 "
    "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4";
static const char SQL_UNREAD[] =
    "SELECT count(*) FROM notifications WHERE read_at IS NULL AND "
    "(user_id = ?1 OR org_id = ?2)";
static const char SQL_MARK_READ[] =
    "UPDATE notifications SET read_at = ?3 WHERE read_at IS NULL AND "
    "(user_id = ?1 OR org_id = ?2)";

/* Binds the user (?1) and their organisation (?2) of r. */
static void bind_owner(struct req *r, sqlite3_stmt *st)
{
	db_bind_int(st, 1, r->user->id);
	if (r->user->org_id)
		db_bind_int(st, 2, r->user->org_id);
	else
		sqlite3_bind_null(st, 2);
}

int notifications_list(
    struct req *r, struct tvars *v, const char *key, int show, int offset)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_NOTES);
	if (st == NULL)
		return -1;
	bind_owner(r, st);
	/* One more than shown tells whether there are more. */
	db_bind_int(st, 3, show + 1);
	db_bind_int(st, 4, offset);
	struct tlist *l = tv_list(v, key);
	int n = 0, lang = r->lang < LANG__MAX ? (int)r->lang : LANG_FI;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == show)
			break;
		struct tvars *it = tl_add(l);
		tv_set(
		    it, "time", req_datetime(r, sqlite3_column_int64(st, 0)));
		tv_set(it, "text", db_col_text(st, 1 + lang));
		tv_set(it, "link", db_col_text(st, 4));
		tv_bool(it, "unread", sqlite3_column_int(st, 5));
	}
	sqlite3_reset(st);
	return n;
}

int64_t notifications_unread(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_UNREAD);
	if (st == NULL)
		return -1;
	bind_owner(r, st);
	int64_t n =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* Who: any user. ?page=N (from 1), 50 a page, newest first. */
int notifications_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && !valid_int(p, 1, NOTES_MAX_PAGE, &page))
		return bad_request(r, 400, _("Bad page number."));
	int n = notifications_list(
	    r, v, "notes", NOTES_PER_PAGE, (int)((page - 1) * NOTES_PER_PAGE));
	int64_t unread = notifications_unread(r);
	if (n < 0 || unread < 0)
		return -1;
	if (n > NOTES_PER_PAGE)
		tv_setf(v, "older", "/notifications?page=%lld",
		    (long long)page + 1);
	if (page > 1)
		tv_setf(v, "newer", "/notifications?page=%lld",
		    (long long)page - 1);
	tv_setf(v, "unread", "%lld", (long long)unread);
	tv_bool(v, "any_unread", unread > 0);
	return render(r, 200, "notifications", v, _("Notifications"));
}

/* Who: any user. Marks every unread notification of the user and their
 * organisation read (for everyone in the organisation: read_at is kept
 * per row). */
int notifications_read_post(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_MARK_READ);
	if (st == NULL)
		return -1;
	bind_owner(r, st);
	db_bind_int(st, 3, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int changed = sqlite3_changes(r->db);
	if (audit(r, "notifications.read",
	        arena_printf(r->a, "user:%lld", (long long)r->user->id),
	        arena_printf(r->a, "%d marked read", changed)))
		return -1;
	return redirect(r, "/notifications?msg=saved");
}
