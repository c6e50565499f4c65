/* export.c: approved invoices out (GET /invoices/:id/finvoice.xml,
 * /invoices/export.csv and /invoices/export.xml?month=YYYY-MM).
 *
 * Only approved invoices and credit notes leave (a credit note as a
 * Finvoice HYVITYSLASKU with negative amounts, naming the invoice it
 * credits); anything else is 404, as is another provider's invoice. The
 * lines carry the client reference, never a name. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "invoicing.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/finvoice.h"
#include "paikka/i18n.h"
#include "paikka/invoice.h"
#include "paikka/kela.h"

static const char SQL_INV[] =
    "SELECT i.id, i.org_id, i.number, i.version, i.month, i.invoice_date, "
    "i.due_date, i.contract_id, i.total_cents, i.vat_text, i.iban, i.bic, "
    "i.reference, i.buyer_reference, i.seller_einvoice, "
    "i.seller_operator, i.buyer_einvoice, i.buyer_operator, "
    "coalesce(i.decided_at, i.created_at), s.ytunnus, s.name, s.street, "
    "s.postcode, s.city, b.ytunnus, b.name, b.street, b.postcode, b.city, "
    "i.kind = 'credit', coalesce(o.number, ''), coalesce(o.invoice_date, "
    "'') FROM invoices i JOIN organisations s ON s.id = i.org_id JOIN "
    "organisations b ON b.id = i.buyer_org_id LEFT JOIN invoices o ON "
    "o.id = i.credit_of WHERE i.status = 'approved' AND (?1 = 0 OR i.id = "
    "?1) AND (?2 = '' OR i.month = ?2) "
    "ORDER BY s.name, i.kind <> 'invoice', i.number, i.version";

static const char SQL_LINES[] =
    "SELECT l.client_ref, t.code, t.name_fi, l.period_start, "
    "l.period_end, l.days, l.unit_cents, l.total_cents FROM "
    "invoice_lines l JOIN service_types t ON t.id = l.service_type_id "
    "WHERE l.invoice_id = ? ORDER BY l.client_ref, l.id";

static const char *dup(struct req *r, sqlite3_stmt *st, int col)
{
	return arena_strdup(r->a, db_col_text(st, col));
}

static int load_lines(struct req *r, int64_t id, struct fv_invoice *x)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LINES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	size_t cap = 16, n = 0;
	struct fv_line *l = arena_alloc(r->a, cap * sizeof(*l));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct fv_line *m =
			    arena_alloc(r->a, 2 * cap * sizeof(*l));
			memcpy(m, l, n * sizeof(*l));
			l = m;
			cap *= 2;
		}
		struct fv_line *y = &l[n++];
		y->client_ref = dup(r, st, 0);
		y->service_code = sqlite3_column_int(st, 1);
		y->service = dup(r, st, 2);
		y->period_start = dup(r, st, 3);
		y->period_end = dup(r, st, 4);
		y->days = sqlite3_column_int64(st, 5);
		y->unit_cents = sqlite3_column_int64(st, 6);
		y->total_cents = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	x->lines = l;
	x->nlines = n;
	return 0;
}

/* Approved invoices: the one with this id (id > 0), or those of the
 * month. Arena memory. 0 or -1. */
static int load(struct req *r, int64_t id, const char *month,
    struct fv_invoice **out, int64_t **orgs, size_t *n)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_INV);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, month ? month : "");
	size_t cap = 8, k = 0;
	struct fv_invoice *v = arena_alloc(r->a, cap * sizeof(*v));
	int64_t *o = arena_alloc(r->a, cap * sizeof(*o));
	int64_t *ids = arena_alloc(r->a, cap * sizeof(*ids));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			struct fv_invoice *v2 =
			    arena_alloc(r->a, 2 * cap * sizeof(*v));
			int64_t *o2 = arena_alloc(r->a, 2 * cap * sizeof(*o));
			int64_t *i2 = arena_alloc(r->a, 2 * cap * sizeof(*o));
			memcpy(v2, v, k * sizeof(*v));
			memcpy(o2, o, k * sizeof(*o));
			memcpy(i2, ids, k * sizeof(*o));
			v = v2, o = o2, ids = i2;
			cap *= 2;
		}
		struct fv_invoice *x = &v[k];
		memset(x, 0, sizeof(*x));
		ids[k] = sqlite3_column_int64(st, 0);
		o[k] = sqlite3_column_int64(st, 1);
		x->number = dup(r, st, 2);
		x->version = sqlite3_column_int(st, 3);
		x->month = dup(r, st, 4);
		x->invoice_date = dup(r, st, 5);
		x->due_date = dup(r, st, 6);
		x->contract_id = sqlite3_column_int64(st, 7);
		x->total_cents = sqlite3_column_int64(st, 8);
		x->vat_text = dup(r, st, 9);
		x->iban = dup(r, st, 10);
		x->bic = dup(r, st, 11);
		x->reference = dup(r, st, 12);
		x->buyer_reference = dup(r, st, 13);
		x->seller.einvoice = dup(r, st, 14);
		x->seller.operator= dup(r, st, 15);
		x->buyer.einvoice = dup(r, st, 16);
		x->buyer.operator= dup(r, st, 17);
		time_t t = (time_t)sqlite3_column_int64(st, 18);
		struct tm tm;
		char ts[32];
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		x->timestamp = arena_strdup(r->a, ts);
		x->seller.ytunnus = dup(r, st, 19);
		x->seller.name = dup(r, st, 20);
		x->seller.street = dup(r, st, 21);
		x->seller.postcode = dup(r, st, 22);
		x->seller.city = dup(r, st, 23);
		x->buyer.ytunnus = dup(r, st, 24);
		x->buyer.name = dup(r, st, 25);
		x->buyer.street = dup(r, st, 26);
		x->buyer.postcode = dup(r, st, 27);
		x->buyer.city = dup(r, st, 28);
		x->credit = sqlite3_column_int(st, 29);
		x->original_number = dup(r, st, 30);
		x->original_date = dup(r, st, 31);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (size_t i = 0; i < k; i++)
		if (load_lines(r, ids[i], &v[i]) < 0)
			return -1;
	*out = v;
	if (orgs)
		*orgs = o;
	*n = k;
	return 0;
}

static void attachment(struct req *r, const char *type, const char *name)
{
	r->status = 200;
	r->content_type = type;
	buf_printf(&r->headers,
	    "Content-Disposition: attachment; filename=\"%s\"\r\n", name);
}

int inv_finvoice(struct req *r)
{
	struct fv_invoice *v;
	int64_t *orgs;
	size_t n;
	if (load(r, r->params[0], NULL, &v, &orgs, &n) < 0)
		return -1;
	/* Not approved, missing or another provider's: all the same. */
	if (n != 1 ||
	    (r->user->role == ROLE_PROVIDER && orgs[0] != r->user->org_id))
		return not_found(r);
	buf_reset(&r->body);
	if (fv_write(&r->body, &v[0]) < 0)
		return -1;
	attachment(r, "application/xml; charset=utf-8",
	    arena_printf(
	        r->a, "finvoice-%s-%d.xml", v[0].number, v[0].version));
	return 0;
}

/* ?month=YYYY-MM; without one, last month in Helsinki (the month
 * accounting usually wants); NULL for a malformed one (400). */
static const char *month_of(struct req *r)
{
	const char *m = req_query(r, "month");
	if (m == NULL) {
		struct cal_date today = award_helsinki_date(r->now);
		char prev[8];
		kela_prev_month(prev, sizeof(prev), today.y, today.m);
		return arena_strdup(r->a, prev);
	}
	return inv_month_valid(m) ? m : NULL;
}

int inv_export_csv(struct req *r)
{
	const char *month = month_of(r);
	if (month == NULL)
		return bad_request(r, 400, _("Give the month as YYYY-MM."));
	struct fv_invoice *v;
	size_t n;
	if (load(r, 0, month, &v, NULL, &n) < 0)
		return -1;
	buf_reset(&r->body);
	fv_csv_header(&r->body);
	for (size_t i = 0; i < n; i++)
		if (fv_csv_rows(&r->body, &v[i]) < 0)
			return -1;
	attachment(r, "text/csv; charset=utf-8",
	    arena_printf(r->a, "invoices-%s.csv", month));
	return 0;
}

int inv_export_finvoice(struct req *r)
{
	const char *month = month_of(r);
	if (month == NULL)
		return bad_request(r, 400, _("Give the month as YYYY-MM."));
	struct fv_invoice *v;
	size_t n;
	if (load(r, 0, month, &v, NULL, &n) < 0)
		return -1;
	buf_reset(&r->body);
	if (fv_write_batch(&r->body, month, v, n) < 0)
		return -1;
	attachment(r, "application/xml; charset=utf-8",
	    arena_printf(r->a, "finvoice-%s.xml", month));
	return 0;
}
