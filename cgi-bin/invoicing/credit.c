/* credit.c: credit notes (POST /invoices/:id/credit).
 *
 * The provider of an approved invoice corrects it with a credit note: a
 * new invoice row (kind 'credit', credit_of = the original) with its own
 * number from the sequence, the original's lines copied and counted
 * negatively (stored as magnitudes, see sql/0007-credit-notes.sql), and a
 * reason. It goes straight to finance, which decides on it like on an
 * invoice (nobody on their own work). Once approved, the original is
 * marked credited: its month unlocks and a new invoice may be made. At
 * most one live credit note per invoice; after a rejected one the
 * provider may make another. */
#include <stdio.h>
#include <string.h>

#include "credit.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/invoice.h"

static int64_t one_int(struct req *r, const char *sql, int64_t a)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, a);
	int rc = sqlite3_step(st);
	int64_t x = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? x : -1;
}

static const char *status_text(const char *s)
{
	return strcmp(s, "submitted") == 0  ? _("Waiting for approval")
	       : strcmp(s, "approved") == 0 ? _("Approved")
	       : strcmp(s, "rejected") == 0 ? _("Rejected")
	                                    : _("Draft");
}

int credit_vars(struct req *r, struct tvars *v, const struct inv *x)
{
	tv_bool(v, "is_credit", x->credit);
	sqlite3_stmt *st;
	if (x->credit) {
		st = db_stmt(
		    r->db, "SELECT id, number FROM invoices WHERE id = ?");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, x->credit_of);
		if (sqlite3_step(st) == SQLITE_ROW) {
			tv_setf(v, "orig_id", "%lld",
			    (long long)sqlite3_column_int64(st, 0));
			tv_set(v, "orig_number", db_col_text(st, 1));
		}
		sqlite3_reset(st);
		return 0;
	}
	/* An invoice: its credit notes, newest first. */
	st = db_stmt(r->db,
	    "SELECT id, number, status FROM invoices WHERE credit_of = ? AND "
	    "kind = 'credit' ORDER BY id DESC");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x->id);
	struct tlist *l = tv_list(v, "credits");
	int rc, live = 0, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		n++;
		tv_setf(
		    it, "cid", "%lld", (long long)sqlite3_column_int64(st, 0));
		tv_set(it, "cnumber", db_col_text(st, 1));
		tv_set(it, "cstatus", status_text(db_col_text(st, 2)));
		live |= strcmp(db_col_text(st, 2), "rejected") != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	tv_bool(v, "has_credits", n > 0);
	tv_bool(v, "credited", x->credited);
	int can = r->user->role == ROLE_PROVIDER &&
	          !strcmp(x->status, "approved") && !x->credited && !live;
	tv_bool(v, "can_credit", can);
	if (can)
		tv_set(v, "nonce3", req_nonce(r));
	return 0;
}

int credit_approved(struct req *r, const struct inv *x)
{
	sqlite3_stmt *st = db_stmt(r->db,
	    "UPDATE invoices SET credited_at = ?2 WHERE id = ?1 AND kind = "
	    "'invoice' AND status = 'approved' AND credited_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x->credit_of);
	db_bind_int(st, 2, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE && sqlite3_changes(r->db) == 1 ? 0 : -1;
}

int inv_credit(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct inv x;
	int rc = inv_load(r, v, &x);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (x.credit || strcmp(x.status, "approved") || x.credited)
		return inv_state_error(r);
	int64_t live = one_int(r,
	    "SELECT count(*) FROM invoices WHERE credit_of = ?1 AND kind = "
	    "'credit' AND status <> 'rejected'",
	    x.id);
	if (live < 0)
		return -1;
	if (live)
		return bad_request(
		    r, 409, _("This invoice already has a credit note."));
	const char *why = req_form_trim(r, "reason");
	if (!*why || strlen(why) > 2000) {
		field_error(v, "credit_reason",
		    _("Give the reason for the credit note (at most 2000 "
		      "characters)."));
		tv_set(v, "f_credit_reason", why);
		r->rollback = 1;
		return inv_show_page(r, v, 422);
	}
	int64_t org = x.org;
	if (db_exec(r->db,
	        arena_printf(r->a,
	            "INSERT INTO invoice_numbers(org_id, last) VALUES (%lld, "
	            "1) ON CONFLICT (org_id) DO UPDATE SET last = last + 1",
	            (long long)org)) < 0)
		return -1;
	int64_t seq = one_int(
	    r, "SELECT last FROM invoice_numbers WHERE org_id = ?1", org);
	int64_t version = one_int(r,
	    "SELECT coalesce(max(v.version), 0) + 1 FROM invoices v JOIN "
	    "invoices o ON o.contract_id = v.contract_id AND o.month = "
	    "v.month WHERE o.id = ?1",
	    x.id);
	if (seq <= 0 || version <= 0)
		return -1;
	char num[32], ref[32];
	inv_number_format(num, sizeof(num), org, seq);
	inv_ref_for(ref, sizeof(ref), org, seq);
	struct cal_date t = award_helsinki_date(r->now);
	const char *today = days_iso(r, t);
	/* The original's header copied; dates today (nothing to pay). */
	sqlite3_stmt *st = db_stmt(r->db,
	    "INSERT INTO invoices(org_id, buyer_org_id, contract_id, month, "
	    "seq, number, version, status, invoice_date, due_date, "
	    "total_cents, vat_text, iban, bic, reference, seller_einvoice, "
	    "seller_operator, buyer_einvoice, buyer_operator, "
	    "buyer_reference, created_by, created_at, submitted_at, "
	    "submitted_by, kind, credit_of, credit_reason) SELECT org_id, "
	    "buyer_org_id, contract_id, month, ?2, ?3, ?4, 'submitted', ?5, "
	    "?5, total_cents, vat_text, iban, bic, ?6, seller_einvoice, "
	    "seller_operator, buyer_einvoice, buyer_operator, "
	    "buyer_reference, ?7, ?8, ?8, ?7, 'credit', id, ?9 FROM invoices "
	    "WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x.id);
	db_bind_int(st, 2, seq);
	db_bind_text(st, 3, num);
	db_bind_int(st, 4, version);
	db_bind_text(st, 5, today);
	db_bind_text(st, 6, ref);
	db_bind_int(st, 7, r->user->id);
	db_bind_int(st, 8, r->now);
	db_bind_text(st, 9, why);
	rc = sqlite3_step(st);
	int64_t id = sqlite3_last_insert_rowid(r->db);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(r->db) != 1)
		return -1;
	st = db_stmt(r->db,
	    "INSERT INTO invoice_lines(invoice_id, placement_id, client_ref, "
	    "service_type_id, period_start, period_end, days, unit_cents, "
	    "total_cents, sign) SELECT ?2, placement_id, client_ref, "
	    "service_type_id, period_start, period_end, days, unit_cents, "
	    "total_cents, -1 FROM invoice_lines WHERE invoice_id = ?1 ORDER "
	    "BY id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, x.id);
	db_bind_int(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	const char *link = arena_printf(r->a, "/invoices/%lld", (long long)id);
	if (inv_notify_finance(r, link,
	        N_("Credit note %s is waiting for approval."), num) < 0)
		return -1;
	if (audit(r, "invoice.credit",
	        arena_printf(r->a, "invoice:%lld", (long long)id),
	        arena_printf(r->a, "credit_of=%lld month=%s", (long long)x.id,
	            x.month)) < 0)
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=saved", link));
}
