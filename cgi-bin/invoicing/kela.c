/* kela.c: Kela day statements (GET /invoices/kela and
 * /invoices/kela.csv?month=YYYY-MM).
 *
 * For each placement of the caseworker's organisation (administrators:
 * every placement) that was active or ended during the month, or has
 * present days in it: the client, the place, the provider, the present
 * days of the month and the client's expense compensation from Kela
 * (days × KELA_DAILY_CENTS). One row per placement, so a client who moved
 * between places in the month has a row for each; sorted by client
 * reference. The statement holds client data: every view (page and CSV)
 * writes an audit row.
 *
 * Without ?month the statement is of last month (Europe/Helsinki); a
 * month that is not YYYY-MM is refused (page 422, CSV 400).
 *
 * CSV format (kela-YYYY-MM.csv): UTF-8 with a byte order mark, ';'
 * between fields, CRLF line ends, a header row in the language of the
 * request, then one row per placement as on the page (no total row);
 * the compensation in euros with a decimal comma and two decimals
 * ("153,00"), without the euro sign. */
#include <stdio.h>
#include <string.h>

#include "invoicing.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/invoice.h"
#include "paikka/kela.h"
#include "paikka/tmpl.h"

struct kela_row {
	const char *ref, *name, *place, *provider;
	int64_t days, cents;
};

/* The month asked for into month (8 bytes): last month when none is
 * given. 0, or 1 when the given month is not valid. */
static int kela_month(struct req *r, char *month)
{
	const char *q = req_query(r, "month");
	if (q == NULL || *q == '\0') {
		struct cal_date t = award_helsinki_date(r->now);
		if (kela_prev_month(month, 8, t.y, t.m) == NULL)
			return 1;
		return 0;
	}
	if (!inv_month_valid(q))
		return 1;
	memcpy(month, q, 8);
	return 0;
}

static const char SQL_ROWS[] =
    "SELECT p.client_ref, p.client_name, pl.title, o.name, count(a.id) "
    "FROM placements p JOIN places pl ON pl.id = p.place_id JOIN "
    "organisations o ON o.id = p.org_id LEFT JOIN attendance a ON "
    "a.placement_id = p.id AND a.status = 'present' AND substr(a.day, 1, "
    "7) = ?1 WHERE (?2 = 0 OR p.caseworker_org_id = ?2) GROUP BY p.id "
    "HAVING count(a.id) > 0 OR (p.status IN ('active', 'ended') AND "
    "p.start_date <= date(?1 || '-01', '+1 month', '-1 day') AND "
    "(p.end_date IS NULL OR p.end_date >= ?1 || '-01')) "
    "ORDER BY p.client_ref, pl.title, p.id";

/* The statement's rows into arena memory; 0 or -1. */
static int kela_rows(
    struct req *r, const char *month, struct kela_row **out, size_t *n)
{
	/* Administrators see all; a caseworker only its organisation's
	 * placements, and none at all without an organisation. */
	int64_t org = r->user->role == ROLE_ADMIN ? 0
	              : r->user->org_id > 0       ? r->user->org_id
	                                          : -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_ROWS);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, month);
	db_bind_int(st, 2, org);
	size_t cap = 16;
	struct kela_row *rows = arena_alloc(r->a, cap * sizeof(*rows));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct kela_row *bigger =
			    arena_alloc(r->a, 2 * cap * sizeof(*rows));
			memcpy(bigger, rows, cap * sizeof(*rows));
			rows = bigger;
			cap *= 2;
		}
		struct kela_row *x = &rows[(*n)++];
		x->ref = arena_strdup(r->a, db_col_text(st, 0));
		x->name = arena_strdup(r->a, db_col_text(st, 1));
		x->place = arena_strdup(r->a, db_col_text(st, 2));
		x->provider = arena_strdup(r->a, db_col_text(st, 3));
		x->days = sqlite3_column_int64(st, 4);
		x->cents = kela_compensation(x->days);
		if (x->cents < 0)
			rc = SQLITE_ERROR;
		if (rc != SQLITE_ROW)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	*out = rows;
	return 0;
}

static int kela_audit(
    struct req *r, const char *action, const char *month, size_t n)
{
	return audit(r, action, arena_printf(r->a, "kela:%s", month),
	    arena_printf(r->a, "rows=%zu", n));
}

int kela_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	char month[8];
	tv_setf(v, "daily", "%s", req_money(r, KELA_DAILY_CENTS));
	if (kela_month(r, month)) {
		tv_set(v, "f_month", req_query(r, "month"));
		field_error(v, "month", _("Give the month as YYYY-MM."));
		return render(r, 422, "kela", v, _("Kela day statement"));
	}
	tv_set(v, "f_month", month);
	tv_set(v, "month", month);
	struct kela_row *rows;
	size_t n;
	if (kela_rows(r, month, &rows, &n))
		return -1;
	struct tlist *l = tv_list(v, "rows");
	int64_t days = 0, cents = 0;
	for (size_t i = 0; i < n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "ref", rows[i].ref);
		tv_set(it, "name", rows[i].name);
		tv_set(it, "place", rows[i].place);
		tv_set(it, "provider", rows[i].provider);
		tv_setf(it, "days", "%lld", (long long)rows[i].days);
		tv_set(it, "amount", req_money(r, rows[i].cents));
		if (__builtin_add_overflow(days, rows[i].days, &days) ||
		    __builtin_add_overflow(cents, rows[i].cents, &cents))
			return -1;
	}
	tv_setf(v, "total_days", "%lld", (long long)days);
	tv_set(v, "total_amount", req_money(r, cents));
	tv_set(v, "csv_href",
	    arena_printf(r->a, "/invoices/kela.csv?month=%s", month));
	if (kela_audit(r, "kela.view", month, n))
		return -1;
	return render(r, 200, "kela", v, _("Kela day statement"));
}

int kela_csv(struct req *r)
{
	char month[8];
	if (kela_month(r, month))
		return bad_request(r, 400, _("Give the month as YYYY-MM."));
	struct kela_row *rows;
	size_t n;
	if (kela_rows(r, month, &rows, &n))
		return -1;
	if (kela_audit(r, "kela.csv", month, n))
		return -1;
	struct buf *b = &r->body;
	buf_reset(b);
	buf_puts(b, "\xef\xbb\xbf");
	const char *heads[] = {_("Client reference"), _("Client name"),
	    _("Place"), _("Provider"), _("Realised days"),
	    _("Compensation (€)")};
	for (size_t i = 0; i < 6; i++) {
		if (i)
			buf_putc(b, ';');
		award_csv_field(b, heads[i]);
	}
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		char eur[32];
		award_csv_field(b, rows[i].ref);
		buf_putc(b, ';');
		award_csv_field(b, rows[i].name);
		buf_putc(b, ';');
		award_csv_field(b, rows[i].place);
		buf_putc(b, ';');
		award_csv_field(b, rows[i].provider);
		buf_printf(b, ";%lld;%s\r\n", (long long)rows[i].days,
		    kela_csv_euros(eur, sizeof(eur), rows[i].cents));
	}
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	buf_printf(&r->headers,
	    "Content-Disposition: attachment; filename=\"kela-%s.csv\"\r\n",
	    month);
	return 0;
}
