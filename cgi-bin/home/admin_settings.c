/* admin_settings.c: settings the administrator configures: the appeal
 * instructions (in Finnish and Swedish) printed in every award decision.
 * Routed for ROLE_ADMIN only (see home.c).
 *
 * A text is stored in settings (appeal_instructions_fi, _sv) only when it
 * differs from the default of award.h; an empty field, or the default
 * itself, removes the row, so the decisions follow the default. */
#include <string.h>

#include "home.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

enum { APPEAL_MAX = 10000 };

static const struct {
	const char *field; /* form field and template key */
	const char *key;   /* settings.key */
	enum lang lang;
} appeal[] = {
    {"appeal_fi", "appeal_instructions_fi", LANG_FI},
    {"appeal_sv", "appeal_instructions_sv", LANG_SV},
};

static const char SQL_GET[] = "SELECT value FROM settings WHERE key = ?";
static const char SQL_PUT[] =
    "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)";
static const char SQL_DEL[] = "DELETE FROM settings WHERE key = ?";

/* The stored text of key, or NULL when there is none; -1 in *err on a
 * database error. */
static const char *setting_get(struct req *r, const char *key, int *err)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_GET);
	if (st == NULL) {
		*err = -1;
		return NULL;
	}
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	const char *v =
	    rc == SQLITE_ROW ? arena_strdup(r->a, db_col_text(st, 0)) : NULL;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*err = -1;
	return v;
}

static int settings_render(struct req *r, struct tvars *v, int status)
{
	for (size_t i = 0; i < 2; i++)
		tv_set(v, arena_printf(r->a, "default_%s", appeal[i].field),
		    award_appeal_default(appeal[i].lang));
	return render(r, status, "admin_settings", v, _("Settings"));
}

int admin_settings_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	int err = 0;
	for (size_t i = 0; i < 2; i++) {
		const char *s = setting_get(r, appeal[i].key, &err);
		tv_set(v, arena_printf(r->a, "f_%s", appeal[i].field),
		    s && *s ? s : award_appeal_default(appeal[i].lang));
		tv_bool(v, arena_printf(r->a, "custom_%s", appeal[i].field),
		    s && *s);
	}
	if (err)
		return -1;
	return settings_render(r, v, 200);
}

/* Stores text under key, or removes the key for "" and the default. */
static int setting_put(
    struct req *r, const char *key, const char *text, enum lang l)
{
	int drop = *text == '\0' || strcmp(text, award_appeal_default(l)) == 0;
	sqlite3_stmt *st = db_stmt(r->db, drop ? SQL_DEL : SQL_PUT);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (!drop)
		db_bind_text(st, 2, text);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int admin_settings_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *text[2];
	for (size_t i = 0; i < 2; i++) {
		text[i] = req_form_trim(r, appeal[i].field);
		tv_set(v, arena_printf(r->a, "f_%s", appeal[i].field), text[i]);
		if (!valid_text(text[i], strlen(text[i]), 0, APPEAL_MAX))
			field_error(v, appeal[i].field,
			    _("Write at most 10000 characters of text."));
	}
	if (tv_get(v, "errors"))
		return settings_render(r, v, 422);
	for (size_t i = 0; i < 2; i++)
		if (setting_put(r, appeal[i].key, text[i], appeal[i].lang))
			return -1;
	if (audit(r, "settings.update", "settings:appeal_instructions",
	        "appeal_instructions_fi, appeal_instructions_sv"))
		return -1;
	return redirect(r, "/admin/settings?msg=saved");
}
