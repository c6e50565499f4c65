/* lifecycle.c: the officer's steps on a contract: sign (date and signer
 * recorded), activate, extend (use an extension option: the end date
 * moves later and contract_extensions keeps each use), end (at the end
 * of the period) and terminate (early, with a reason). Ending or
 * terminating closes the contract's places in the same transaction.
 *
 * Every handler is routed for ROLE_OFFICER only and runs inside the POST
 * transaction. A step the status does not allow answers 409 on the
 * contract page with the reason; a bad field answers 422 with the form
 * as typed. Which step is allowed when is paikka/contract.h's rule. */
#include <string.h>

#include "contracts.h"
#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* A parameter for exec_binds: text when s is not NULL, else integer. */
struct bind {
	const char *s;
	int64_t i;
};
#define BT(x)                                                                  \
	{                                                                      \
		(x), 0                                                         \
	}
#define BI(x)                                                                  \
	{                                                                      \
		NULL, (x)                                                      \
	}

/* Runs one statement that must change exactly one row; 0 or -1. */
static int exec_one(struct req *r, const char *sql, const struct bind *b, int n)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		if (b[i].s)
			db_bind_text(st, i + 1, b[i].s);
		else
			db_bind_int(st, i + 1, b[i].i);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE && sqlite3_changes(r->db) == 1 ? 0 : -1;
}

/* The contract page at 409 with why the step cannot be taken. */
static int conflict(struct req *r, const struct contract_row *c,
    struct tvars *v, const char *message)
{
	tv_set(v, "conflict", message);
	return contract_render(r, c, v, 409);
}

static const char *not_allowed_text(enum contract_action a)
{
	switch (a) {
	case CONTRACT_SIGN:
		return _("Only a draft contract can be signed.");
	case CONTRACT_ACTIVATE:
		return _("Only a signed contract can be made active.");
	case CONTRACT_EXTEND:
		return _("Only a signed or active contract can be extended.");
	case CONTRACT_END:
		return _("Only an active contract can be ended.");
	case CONTRACT_TERMINATE:
		return _("This contract has ended already.");
	}
	return "";
}

/* Loads the contract of the path and checks that step a is allowed.
 * Returns 0 to go on (c and *v filled), 1 when the response is set (404
 * or 409), -1 on error. */
static int step_begin(struct req *r, enum contract_action a,
    struct contract_row *c, struct tvars **v)
{
	int rc = contract_load(r, r->params[0], c);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	*v = page_vars(r);
	if (!contract_action_allowed(c->status, a))
		return conflict(r, c, *v, not_allowed_text(a)) ? -1 : 1;
	return 0;
}

static int step_done(struct req *r, const struct contract_row *c,
    const char *action, const char *details)
{
	if (audit(r, action, contract_ref(r, c->id), details))
		return -1;
	return redirect(r, contract_href(r, c->id, "saved"));
}

/* --- sign ------------------------------------------------------------------
 */

static const char SQL_SIGN[] =
    "UPDATE contracts SET status = 'signed', signed_date = ?, signer_name "
    "= ?, signed_by = ? WHERE id = ? AND status = 'draft'";

int contract_sign(struct req *r)
{
	struct contract_row c;
	struct tvars *v;
	int rc = step_begin(r, CONTRACT_SIGN, &c, &v);
	if (rc)
		return rc < 0 ? -1 : 0;
	const char *date = req_form_trim(r, "signed_date");
	const char *name = req_form_trim(r, "signer_name");
	tv_set(v, "f_signed_date", date);
	tv_set(v, "f_signer_name", name);
	char iso[CAL_ISO_LEN], today[CAL_ISO_LEN];
	enum contract_date_err de = contract_date_read(date, iso);
	if (de == CONTRACT_DATE_EMPTY)
		field_error(v, "signed_date", _("Write the date of signing."));
	else if (de != CONTRACT_DATE_OK)
		field_error(
		    v, "signed_date", _("Write a date like 22.11.2026."));
	else if (!contract_signed_date_ok(iso, contract_today(r, today)))
		field_error(v, "signed_date",
		    _("The date of signing cannot be in the future."));
	if (!valid_line(name, strlen(name), 1, 200))
		field_error(v, "signer_name",
		    _("Write the name of the person who signed (1 to 200 "
		      "characters on one line)."));
	if (tv_get(v, "errors"))
		return contract_render(r, &c, v, 422);
	struct bind b[] = {BT(iso), BT(name), BI(r->user->id), BI(c.id)};
	if (exec_one(r, SQL_SIGN, b, 4))
		return -1;
	return step_done(r, &c, "contract.sign",
	    arena_printf(r->a, "signed_date=%s signer=%s", iso, name));
}

/* --- activate --------------------------------------------------------------
 */

static const char SQL_ACTIVATE[] =
    "UPDATE contracts SET status = 'active', activated_at = ? WHERE id = ? "
    "AND status = 'signed'";

int contract_activate(struct req *r)
{
	struct contract_row c;
	struct tvars *v;
	int rc = step_begin(r, CONTRACT_ACTIVATE, &c, &v);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct bind b[] = {BI(r->now), BI(c.id)};
	if (exec_one(r, SQL_ACTIVATE, b, 2))
		return -1;
	return step_done(r, &c, "contract.activate", "");
}

/* --- extend ----------------------------------------------------------------
 */

static const char SQL_EXTEND[] =
    "UPDATE contracts SET end_date = ? WHERE id = ? AND end_date = ?";
static const char SQL_EXTENSION_ADD[] =
    "INSERT INTO contract_extensions(contract_id, old_end_date, "
    "new_end_date, used_by, used_at) VALUES (?,?,?,?,?)";

int contract_extend(struct req *r)
{
	struct contract_row c;
	struct tvars *v;
	int rc = step_begin(r, CONTRACT_EXTEND, &c, &v);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!*c.extension_options)
		return conflict(r, &c, v,
		    _("This contract has no extension options to use."));
	const char *typed = req_form_trim(r, "new_end_date");
	tv_set(v, "f_new_end_date", typed);
	char iso[CAL_ISO_LEN];
	enum contract_date_err de = contract_date_read(typed, iso);
	if (de == CONTRACT_DATE_EMPTY)
		field_error(v, "new_end_date", _("Write the new end date."));
	else if (de != CONTRACT_DATE_OK)
		field_error(
		    v, "new_end_date", _("Write a date like 31.12.2027."));
	else if (contract_extend_check(c.end_date, iso) != CONTRACT_EXTEND_OK)
		field_error(v, "new_end_date",
		    arena_printf(r->a,
		        _("The new end date must be after the current end "
		          "date, %s."),
		        contract_date_text(r, c.end_date)));
	if (tv_get(v, "errors"))
		return contract_render(r, &c, v, 422);
	struct bind up[] = {BT(iso), BI(c.id), BT(c.end_date)};
	struct bind ext[] = {
	    BI(c.id), BT(c.end_date), BT(iso), BI(r->user->id), BI(r->now)};
	if (exec_one(r, SQL_EXTEND, up, 3) ||
	    exec_one(r, SQL_EXTENSION_ADD, ext, 5))
		return -1;
	return step_done(r, &c, "contract.extend",
	    arena_printf(r->a, "end_date %s -> %s", c.end_date, iso));
}

/* --- end and terminate -----------------------------------------------------
 */

static const char SQL_END[] =
    "UPDATE contracts SET status = 'ended', ended_at = ? WHERE id = ? AND "
    "status = 'active'";

int contract_end(struct req *r)
{
	struct contract_row c;
	struct tvars *v;
	int rc = step_begin(r, CONTRACT_END, &c, &v);
	if (rc)
		return rc < 0 ? -1 : 0;
	char today[CAL_ISO_LEN];
	if (!contract_may_end(c.end_date, contract_today(r, today)))
		return conflict(r, &c, v,
		    arena_printf(r->a,
		        _("The contract period runs until %s. To end the "
		          "contract before that, terminate it with a reason."),
		        contract_date_text(r, c.end_date)));
	struct bind b[] = {BI(r->now), BI(c.id)};
	if (exec_one(r, SQL_END, b, 2))
		return -1;
	int closed = contract_close_places(r, c.id);
	if (closed < 0)
		return -1;
	return step_done(r, &c, "contract.end",
	    arena_printf(r->a, "places_closed=%d", closed));
}

static const char SQL_TERMINATE[] =
    "UPDATE contracts SET status = 'terminated', termination_reason = ?, "
    "ended_at = ? WHERE id = ? AND status IN ('draft', 'signed', "
    "'active')";

int contract_terminate(struct req *r)
{
	struct contract_row c;
	struct tvars *v;
	int rc = step_begin(r, CONTRACT_TERMINATE, &c, &v);
	if (rc)
		return rc < 0 ? -1 : 0;
	const char *reason = req_form_trim(r, "termination_reason");
	tv_set(v, "f_termination_reason", reason);
	if (!valid_text(reason, strlen(reason), 1, 2000)) {
		field_error(v, "termination_reason",
		    _("Write the reason for the termination (1 to 2000 "
		      "characters)."));
		return contract_render(r, &c, v, 422);
	}
	struct bind b[] = {BT(reason), BI(r->now), BI(c.id)};
	if (exec_one(r, SQL_TERMINATE, b, 3))
		return -1;
	int closed = contract_close_places(r, c.id);
	const char *num = arena_printf(r->a, "%lld", (long long)c.id);
	if (closed < 0 ||
	    notify_org(r->db, r->now, c.org_id,
	        arena_printf(r->a, "/contracts/%lld", (long long)c.id),
	        N_("Your framework contract %s has been terminated."), num))
		return -1;
	return step_done(r, &c, "contract.terminate",
	    arena_printf(r->a, "places_closed=%d reason=%s", closed, reason));
}
