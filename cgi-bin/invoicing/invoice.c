/* invoice.c: monthly invoices (GET/POST /invoices, GET /invoices/:id,
 * POST /invoices/:id/submit|approve|reject).
 *
 * A provider makes a draft for one of its contracts and a month from the
 * present days recorded (one line per placement: client reference only,
 * never a name), and submits it to finance. Finance approves (the
 * contract's month is then locked, see month_locked) or rejects with a
 * reason; after a rejection the provider makes the next version.
 *
 * Approval refuses (409) an invoice whose lines no longer match the
 * present days stored for its contract and month (days recorded after
 * the invoice was made): finance rejects it and the provider makes the
 * next version. A credit note (credit.c) of an approved invoice, once
 * approved, marks the original credited_at: the month is then unlocked
 * and a new invoice (new number) may be made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credit.h"
#include "invoicing.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/invoice.h"
#include "paikka/invoice_make.h"
#include "paikka/memo.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"

int month_locked(struct req *r, int64_t contract, const char *month)
{
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT 1 FROM invoices WHERE contract_id = ? AND month = ? AND "
	    "status = 'approved' AND kind = 'invoice' AND credited_at IS "
	    "NULL");
	if (st == NULL)
		return 1;
	db_bind_int(st, 1, contract);
	db_bind_text(st, 2, month);
	int locked = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return locked;
}

static const char *status_label(const char *s)
{
	return strcmp(s, "draft") == 0       ? N_("Draft")
	       : strcmp(s, "submitted") == 0 ? N_("Waiting for approval")
	       : strcmp(s, "approved") == 0  ? N_("Approved")
	                                     : N_("Rejected");
}

static const char *isodate(struct req *r, const char *iso)
{
	char b[32];
	return arena_strdup(r->a, fmt_isodate(b, sizeof(b), iso));
}

/* --- list and create ------------------------------------------------- */

static const char SQL_LIST[] =
    "SELECT i.id, i.number, i.version, i.month, i.status, i.net_cents, "
    "o.name, i.contract_id, i.kind, i.credited_at FROM invoices i JOIN "
    "organisations o ON o.id = "
    "i.org_id WHERE (?1 = 0 OR i.org_id = ?1) AND (?2 = '' OR i.month = ?2) "
    "AND (?3 = 0 OR i.org_id = ?3) AND (?4 = '' OR i.status = ?4) "
    "AND (?5 = 0 OR i.contract_id = ?5) "
    "ORDER BY i.month DESC, o.name, i.contract_id, i.version DESC";

static int list_page(struct req *r, struct tvars *v, int status)
{
	int prov = r->user->role == ROLE_PROVIDER;
	const char *fm = req_query(r, "month");
	const char *fs = req_query(r, "status");
	const char *fo = req_query(r, "org");
	fm = fm && inv_month_valid(fm) ? fm : "";
	fs = fs && (!strcmp(fs, "draft") || !strcmp(fs, "submitted") ||
	               !strcmp(fs, "approved") || !strcmp(fs, "rejected"))
	         ? fs
	         : "";
	int64_t org = fo ? atoll(fo) : 0;
	const char *fq = req_query(r, "contract");
	int64_t contract = fq ? atoll(fq) : 0;
	if (contract < 0)
		contract = 0;
	if (contract)
		tv_setf(v, "q_contract", "%lld", (long long)contract);
	tv_bool(v, "is_provider", prov);
	tv_set(v, "q_month", fm);
	const char *m = req_query(r, "msg");
	tv_bool(v, "saved", m && !strcmp(m, "saved"));
	sqlite3_stmt *st = db_stmt(r->db, SQL_LIST);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, prov ? r->user->org_id : 0);
	db_bind_text(st, 2, fm);
	db_bind_int(st, 3, prov ? 0 : org);
	db_bind_text(st, 4, fs);
	db_bind_int(st, 5, contract);
	struct tlist *l = tv_list(v, "invoices");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_setf(
		    it, "id", "%lld", (long long)sqlite3_column_int64(st, 0));
		int credit = !strcmp(db_col_text(st, 8), "credit");
		tv_set(it, "number",
		    credit ? arena_printf(r->a, "%s %s", db_col_text(st, 1),
		                 _("(credit note)"))
		    : sqlite3_column_type(st, 9) != SQLITE_NULL
		        ? arena_printf(r->a, "%s %s", db_col_text(st, 1),
		              _("(credited)"))
		        : db_col_text(st, 1));
		tv_setf(it, "version", "%d", sqlite3_column_int(st, 2));
		tv_set(it, "month", db_col_text(st, 3));
		tv_set(it, "status", _(status_label(db_col_text(st, 4))));
		tv_set(it, "total", req_money(r, sqlite3_column_int64(st, 5)));
		tv_set(it, "org", db_col_text(st, 6));
		tv_setf(it, "contract", "%lld",
		    (long long)sqlite3_column_int64(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	struct tlist *sl = tv_list(v, "statuses");
	static const char *const codes[] = {
	    "draft", "submitted", "approved", "rejected"};
	for (size_t i = 0; i < 4; i++) {
		struct tvars *it = tl_add(sl);
		tv_set(it, "value", codes[i]);
		tv_set(it, "text", _(status_label(codes[i])));
		tv_bool(it, "sel", !strcmp(fs, codes[i]));
	}
	/* Providers: their active contracts for the create form; finance:
	 * the providers for the filter. */
	st = db_stmt(r->db,
	    prov ? "SELECT id, 'Contract ' || id, 0 FROM contracts WHERE "
	           "org_id = ?1 AND status IN ('active', 'ended', "
	           "'terminated') ORDER BY id"
	         : "SELECT id, name, ?1 FROM organisations WHERE kind = "
	           "'provider' AND status = 'approved' ORDER BY name");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, prov ? r->user->org_id : 0);
	const char *fc = req_form(r, "contract");
	l = tv_list(v, prov ? "contracts" : "orgs");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		int64_t id = sqlite3_column_int64(st, 0);
		tv_setf(it, "id", "%lld", (long long)id);
		tv_set(it, "label",
		    prov ? arena_printf(r->a, _("Contract %lld"), (long long)id)
		         : db_col_text(st, 1));
		tv_bool(it, "sel", prov ? fc && atoll(fc) == id : org == id);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	struct cal_date t = award_helsinki_date(r->now);
	if (!tv_get(v, "f_month"))
		tv_setf(v, "f_month", "%04d-%02d", t.y, t.m);
	/* Exports default to last month, the one accounting usually wants. */
	tv_setf(v, "export_month", "%04d-%02d", t.m == 1 ? t.y - 1 : t.y,
	    t.m == 1 ? 12 : t.m - 1);
	return render(r, status, "invoice_list", v, _("Invoices"));
}

int inv_list(struct req *r)
{
	return list_page(r, page_vars(r), 200);
}

static int refuse(
    struct req *r, struct tvars *v, const char *field, const char *msg)
{
	field_error(v, field, msg);
	r->rollback = 1;
	return list_page(r, v, 422);
}

/* The lines, numbers and rows: src/invoice_make.c, shared with month-end. */
int inv_create(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *month = req_form_trim(r, "month");
	const char *cs = req_form_trim(r, "contract");
	tv_set(v, "f_month", month);
	int64_t contract = atoll(cs);
	if (!inv_month_valid(month))
		return refuse(r, v, "month", _("Give the month as YYYY-MM."));
	/* The contract: the caller's own, else the same message as none. */
	struct inv_made m;
	switch (inv_make_contract(r->db, r->a, contract, r->user->org_id, month,
	    r->user->id, r->now, &m)) {
	case INV_MAKE_OK:
		break;
	case INV_MAKE_NO_CONTRACT:
		return refuse(
		    r, v, "contract", _("Choose one of your contracts."));
	case INV_MAKE_NO_BANK:
		return refuse(r, v, "contract",
		    _("Your organisation has no valid IBAN and BIC. Ask the "
		      "administrator to add them."));
	case INV_MAKE_LIVE:
		return refuse(r, v, "month",
		    _("An invoice for this contract and month has already been "
		      "submitted or approved."));
	case INV_MAKE_NO_DAYS:
		return refuse(r, v, "month",
		    _("There are no present days for this contract in this "
		      "month."));
	default:
		return -1;
	}
	char obj[32];
	snprintf(obj, sizeof(obj), "invoice:%lld", (long long)m.id);
	if (audit(r, "invoice.create", obj,
	        arena_printf(r->a, "contract=%lld month=%s version=%lld",
	            (long long)contract, month, (long long)m.version)) < 0)
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/invoices/%lld?msg=saved", (long long)m.id));
}

/* --- one invoice ----------------------------------------------------- */

int inv_load(struct req *r, struct tvars *v, struct inv *x)
{
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT i.id, i.org_id, i.contract_id, i.created_by, i.status, "
	    "i.month, i.number, i.version, i.invoice_date, i.due_date, "
	    "i.total_cents, i.vat_text, i.iban, i.bic, i.reference, "
	    "i.seller_einvoice, i.seller_operator, i.buyer_einvoice, "
	    "i.buyer_operator, i.buyer_reference, i.reject_reason, s.name, "
	    "s.ytunnus, b.name, b.ytunnus, i.kind, coalesce(i.credit_of, 0), "
	    "i.credit_reason, i.credited_at IS NOT NULL, i.total_cents FROM "
	    "invoices i JOIN organisations "
	    "s ON s.id = i.org_id JOIN organisations b ON b.id = "
	    "i.buyer_org_id WHERE i.id = ?");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[0]);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 1;
	}
	x->id = sqlite3_column_int64(st, 0);
	x->org = sqlite3_column_int64(st, 1);
	x->contract = sqlite3_column_int64(st, 2);
	x->created_by = sqlite3_column_int64(st, 3);
	x->status = arena_strdup(r->a, db_col_text(st, 4));
	x->month = arena_strdup(r->a, db_col_text(st, 5));
	x->credit = !strcmp(db_col_text(st, 25), "credit");
	x->credit_of = sqlite3_column_int64(st, 26);
	x->credited = sqlite3_column_int(st, 28);
	x->total = sqlite3_column_int64(st, 29);
	tv_set(v, "credit_reason", db_col_text(st, 27));
	static const char *const keys[] = {"number", "version", "date", "due",
	    "total", "vat_text", "iban", "bic", "reference", "seller_einvoice",
	    "seller_operator", "buyer_einvoice", "buyer_operator",
	    "buyer_reference", "reject_reason", "seller", "seller_ytunnus",
	    "buyer", "buyer_ytunnus"};
	for (int i = 0; i < 19; i++) {
		const char *s = db_col_text(st, 6 + i);
		if (i == 2 || i == 3)
			s = isodate(r, s);
		else if (i == 4)
			s = req_money(r, (x->credit ? -1 : 1) *
			                     sqlite3_column_int64(st, 10));
		tv_set(v, keys[i], s);
	}
	sqlite3_reset(st);
	if (r->user->role == ROLE_PROVIDER && x->org != r->user->org_id)
		return 1;
	tv_setf(v, "id", "%lld", (long long)x->id);
	tv_setf(v, "contract", "%lld", (long long)x->contract);
	tv_set(v, "month", x->month);
	tv_set(v, "status", _(status_label(x->status)));
	return 0;
}

/* The warnings and lines of invoice x as HTML (invoice_lines.html):
 * half a millisecond per hundred lines, so kept in the memo while the
 * database is unchanged. A provider's view has no previous-month column. */
static const char *lines_html(struct req *r, const struct inv *x, int prov)
{
	const char *key = arena_printf(
	    r->a, "invoice %lld %d %d", (long long)x->id, (int)r->lang, prov);
	const char *html = memo_get(r->db, key);
	if (html != NULL)
		return html;
	struct tvars *v = tv_new(r->a);
	/* Warnings concern the billed days; a credit note only mirrors. */
	struct inv_warn_count *wc = NULL;
	size_t nwc = 0;
	if (!x->credit &&
	    inv_warnings(r, v, x->id, x->contract, x->month, &wc, &nwc) < 0)
		return NULL;
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT l.client_ref, t.name_fi, l.period_start, l.period_end, "
	    "l.days, l.unit_cents, l.total_cents, (SELECT count(*) FROM "
	    "attendance a WHERE a.placement_id = l.placement_id AND a.status "
	    "= 'present' AND a.day BETWEEN date(?2 || '-01', '-1 month') AND "
	    "date(?2 || '-01', '-1 day')), t.name_sv, t.name_en, "
	    "l.placement_id FROM invoice_lines l "
	    "JOIN service_types t ON t.id = l.service_type_id WHERE "
	    "l.invoice_id = ?1 ORDER BY l.client_ref, l.id");
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, x->id);
	db_bind_text(st, 2, x->month);
	struct tlist *l = tv_list(v, "lines");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "ref", db_col_text(st, 0));
		tv_set(it, "service",
		    db_col_text(st, r->lang == LANG_FI   ? 1
		                    : r->lang == LANG_SV ? 8
		                                         : 9));
		tv_set(it, "period",
		    arena_printf(r->a, "%s–%s", isodate(r, db_col_text(st, 2)),
		        isodate(r, db_col_text(st, 3))));
		int sg = x->credit ? -1 : 1;
		tv_setf(it, "days", "%d", sg * sqlite3_column_int(st, 4));
		tv_set(it, "unit", req_money(r, sqlite3_column_int64(st, 5)));
		tv_set(it, "total",
		    req_money(r, sg * sqlite3_column_int64(st, 6)));
		tv_setf(it, "prev", "%d", sqlite3_column_int(st, 7));
		int nw = inv_warn_of(wc, nwc, sqlite3_column_int64(st, 10));
		tv_bool(it, "warn", nw > 0);
		tv_setf(it, "nwarn", "%d", nw);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return NULL;
	tv_bool(v, "show_prev", !prov);
	return render_part(r, "invoice_lines", v, key);
}

int inv_show_page(struct req *r, struct tvars *v, int status)
{
	struct inv x;
	int rc = inv_load(r, v, &x);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (credit_vars(r, v, &x) < 0)
		return -1;
	int prov = r->user->role == ROLE_PROVIDER;
	int fin = r->user->role == ROLE_FINANCE;
	tv_bool(v, "can_submit", prov && !strcmp(x.status, "draft"));
	tv_bool(v, "can_decide", fin && !strcmp(x.status, "submitted"));
	tv_bool(v, "rejected", !strcmp(x.status, "rejected"));
	tv_bool(v, "can_remake", prov && !strcmp(x.status, "rejected"));
	tv_bool(v, "can_export", !strcmp(x.status, "approved"));
	tv_set(v, "nonce2", req_nonce(r));
	const char *m = req_query(r, "msg");
	tv_bool(v, "saved", m && !strcmp(m, "saved"));
	const char *lines = lines_html(r, &x, prov);
	if (lines == NULL)
		return -1;
	tv_set(v, "lines_html", lines);
	return render(r, status, "invoice_show", v,
	    arena_printf(r->a, x.credit ? _("Credit note %s") : _("Invoice %s"),
	        tv_get(v, "number")));
}

int inv_show(struct req *r)
{
	return inv_show_page(r, page_vars(r), 200);
}

static const char *obj_of(struct req *r, const struct inv *x)
{
	return arena_printf(r->a, "invoice:%lld", (long long)x->id);
}

static int set_status(
    struct req *r, const struct inv *x, const char *sql, const char *text)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x->id);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, r->user->id);
	if (text)
		db_bind_text(st, 4, text);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE && sqlite3_changes(r->db) == 1 ? 0 : -1;
}

int inv_state_error(struct req *r)
{
	return bad_request(
	    r, 409, _("The invoice is not in a state that allows this."));
}

int inv_notify_finance(
    struct req *r, const char *link, const char *msgid, const char *number)
{
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT id FROM users WHERE role = 'finance' AND disabled = 0");
	if (st == NULL)
		return -1;
	int64_t ids[64];
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 64)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++)
		if (notify_user(r->db, r->now, ids[i], link, msgid, number) < 0)
			return -1;
	return 0;
}

int inv_submit(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct inv x;
	int rc = inv_load(r, v, &x);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (strcmp(x.status, "draft"))
		return inv_state_error(r);
	if (set_status(r, &x,
	        "UPDATE invoices SET status = 'submitted', submitted_at = ?2, "
	        "submitted_by = ?3 WHERE id = ?1 AND status = 'draft'",
	        NULL) < 0)
		return -1;
	const char *link =
	    arena_printf(r->a, "/invoices/%lld", (long long)x.id);
	if (inv_notify_finance(r, link,
	        N_("Invoice %s is waiting for approval."),
	        tv_get(v, "number")) < 0)
		return -1;
	if (audit(r, "invoice.submit", obj_of(r, &x), x.month) < 0)
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=saved", link));
}

/* 1 when the caller made the invoice or recorded any of its days. */
static int own_work(struct req *r, const struct inv *x)
{
	if (x->created_by == r->user->id)
		return 1;
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT 1 FROM attendance a JOIN invoice_lines l ON "
	    "l.placement_id = a.placement_id WHERE l.invoice_id = ?1 AND "
	    "substr(a.day, 1, 7) = ?2 AND a.recorded_by = ?3 LIMIT 1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x->id);
	db_bind_text(st, 2, x->month);
	db_bind_int(st, 3, r->user->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* 1 when the invoice's lines differ from the present days now stored
 * for its contract and month (per placement), 0 when equal, -1. */
static int days_changed(struct req *r, const struct inv *x)
{
	sqlite3_stmt *st = db_stmt(r->db,
	    "WITH l AS (SELECT placement_id, days FROM invoice_lines WHERE "
	    "invoice_id = ?1), d AS (SELECT p.id, count(*) FROM placements p "
	    "JOIN attendance a ON a.placement_id = p.id AND a.status = "
	    "'present' AND substr(a.day, 1, 7) = ?3 WHERE p.contract_id = ?2 "
	    "GROUP BY p.id) SELECT (SELECT count(*) FROM (SELECT * FROM l "
	    "EXCEPT SELECT * FROM d)) + (SELECT count(*) FROM (SELECT * FROM "
	    "d EXCEPT SELECT * FROM l))");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x->id);
	db_bind_int(st, 2, x->contract);
	db_bind_text(st, 3, x->month);
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? -1 : n > 0;
}

static int decide(struct req *r, int approve)
{
	struct tvars *v = page_vars(r);
	struct inv x;
	int rc = inv_load(r, v, &x);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (strcmp(x.status, "submitted"))
		return inv_state_error(r);
	int own = own_work(r, &x);
	if (own < 0)
		return -1;
	if (own) {
		const char *msg = _("You cannot decide on an invoice you made "
		                    "or whose days you recorded.");
		audit(r, "access.denied", obj_of(r, &x), "own invoice");
		return bad_request(r, 403, msg);
	}
	if (approve && !x.credit) {
		int stale = days_changed(r, &x);
		if (stale < 0)
			return -1;
		if (stale) {
			audit(r, "invoice.approve_refused", obj_of(r, &x),
			    "days changed");
			return bad_request(r, 409,
			    _("The days of this month have changed since the "
			      "invoice was made. Reject it so that the "
			      "provider "
			      "makes a new version."));
		}
	}
	if (approve) {
		if (set_status(r, &x,
		        "UPDATE invoices SET status = 'approved', decided_at = "
		        "?2, decided_by = ?3 WHERE id = ?1 AND status = "
		        "'submitted'",
		        NULL) < 0)
			return -1;
	} else {
		const char *why = req_form_trim(r, "reason");
		if (!*why || strlen(why) > 2000) {
			field_error(v, "reason",
			    _("Give the reason for the rejection (at most 2000 "
			      "characters)."));
			tv_set(v, "f_reason", why);
			r->params[0] = x.id;
			r->rollback = 1;
			return inv_show_page(r, v, 422);
		}
		if (set_status(r, &x,
		        "UPDATE invoices SET status = 'rejected', decided_at = "
		        "?2, decided_by = ?3, reject_reason = ?4 WHERE id = ?1 "
		        "AND status = 'submitted'",
		        why) < 0)
			return -1;
	}
	if (approve && x.credit && credit_approved(r, &x) < 0)
		return -1;
	const char *link =
	    arena_printf(r->a, "/invoices/%lld", (long long)x.id);
	if (notify_org(r->db, r->now, x.org, link,
	        x.credit  ? (approve ? N_("Credit note %s has been approved.")
	                             : N_("Credit note %s has been rejected."))
	        : approve ? N_("Invoice %s has been approved.")
	                  : N_("Invoice %s has been rejected."),
	        tv_get(v, "number")) < 0)
		return -1;
	if (audit(r,
	        x.credit  ? (approve ? "credit.approve" : "credit.reject")
	        : approve ? "invoice.approve"
	                  : "invoice.reject",
	        obj_of(r, &x), x.month) < 0)
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=saved", link));
}

int inv_approve(struct req *r)
{
	return decide(r, 1);
}

int inv_reject(struct req *r)
{
	return decide(r, 0);
}
