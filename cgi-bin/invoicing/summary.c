/* summary.c: finance's monthly summary (GET /invoices/summary?month=).
 *
 * The invoices of the month (invoices.month) summed by status in cents,
 * in three tables: by provider (the seller, from the invoice totals), by
 * service type and by municipality (from the invoice lines: the line's
 * service type and the municipality of the line's place). Drafts are not
 * counted; invoiced is everything sent to finance (submitted, approved
 * and rejected, each version of a rejected invoice counting once);
 * pending is submitted and not yet decided. Each table ends with a total
 * row. VAT is 0 %, so an invoice's lines add up to its total and the
 * three tables have the same total row. Credit notes (0007) count
 * negatively: invoices by net_cents, lines by the kind of their invoice.
 *
 * Without ?month the summary is of last month (Europe/Helsinki); a
 * month that is not YYYY-MM is refused with 422. */
#include <string.h>

#include "invoicing.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/invoice.h"
#include "paikka/kela.h"
#include "paikka/tmpl.h"

static const char SQL_PROVIDER[] =
    "SELECT o.name, sum(i.net_cents), sum(CASE WHEN i.status = "
    "'approved' THEN i.net_cents ELSE 0 END), sum(CASE WHEN i.status = "
    "'rejected' THEN i.net_cents ELSE 0 END), sum(CASE WHEN i.status = "
    "'submitted' THEN i.net_cents ELSE 0 END) FROM invoices i JOIN "
    "organisations o ON o.id = i.org_id WHERE i.month = ?1 AND i.status "
    "<> 'draft' AND ?2 >= 0 GROUP BY o.id ORDER BY o.name, o.id";

static const char SQL_SERVICE[] =
    "SELECT s.code || ' ' || CASE ?2 WHEN 0 THEN s.name_fi WHEN 1 THEN "
    "s.name_sv ELSE s.name_en END, sum((CASE i.kind WHEN 'credit' THEN "
    "-l.total_cents ELSE l.total_cents END)), sum(CASE WHEN "
    "i.status = 'approved' THEN (CASE i.kind WHEN 'credit' THEN -l.total_cents "
    "ELSE l.total_cents END) ELSE 0 END), sum(CASE WHEN "
    "i.status = 'rejected' THEN (CASE i.kind WHEN 'credit' THEN -l.total_cents "
    "ELSE l.total_cents END) ELSE 0 END), sum(CASE WHEN "
    "i.status = 'submitted' THEN (CASE i.kind WHEN 'credit' THEN "
    "-l.total_cents ELSE l.total_cents END) ELSE 0 END) FROM "
    "invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN "
    "service_types s ON s.id = l.service_type_id WHERE i.month = ?1 AND "
    "i.status <> 'draft' GROUP BY s.id ORDER BY s.code";

static const char SQL_MUNICIPALITY[] =
    "SELECT CASE ?2 WHEN 1 THEN m.name_sv ELSE m.name_fi END, "
    "sum((CASE i.kind WHEN 'credit' THEN -l.total_cents ELSE l.total_cents "
    "END)), sum(CASE WHEN i.status = 'approved' THEN "
    "(CASE i.kind WHEN 'credit' THEN -l.total_cents ELSE l.total_cents END) "
    "ELSE 0 END), sum(CASE WHEN i.status = 'rejected' THEN "
    "(CASE i.kind WHEN 'credit' THEN -l.total_cents ELSE l.total_cents END) "
    "ELSE 0 END), sum(CASE WHEN i.status = 'submitted' THEN "
    "(CASE i.kind WHEN 'credit' THEN -l.total_cents ELSE l.total_cents END) "
    "ELSE 0 END) FROM invoice_lines l JOIN invoices i ON "
    "i.id = l.invoice_id JOIN placements p ON p.id = l.placement_id JOIN "
    "places pl ON pl.id = p.place_id JOIN municipalities m ON m.id = "
    "pl.municipality_id WHERE i.month = ?1 AND i.status <> 'draft' GROUP "
    "BY m.id ORDER BY 1, m.id";

/* One table: its rows under list key and its total row as
 * <key>_total_invoiced ... 0 or -1. */
static int sum_table(struct req *r, struct tvars *v, const char *key,
    const char *sql, const char *month)
{
	static const char *const cols[] = {
	    "invoiced", "approved", "rejected", "pending"};
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, month);
	db_bind_int(st, 2, (int64_t)r->lang);
	struct tlist *l = tv_list(v, key);
	int64_t tot[4] = {0, 0, 0, 0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "label", db_col_text(st, 0));
		for (int k = 0; k < 4; k++) {
			int64_t x = sqlite3_column_int64(st, k + 1);
			tv_set(it, cols[k], req_money(r, x));
			if (__builtin_add_overflow(tot[k], x, &tot[k]))
				rc = SQLITE_ERROR;
		}
		if (rc != SQLITE_ROW)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (int k = 0; k < 4; k++)
		tv_set(v, arena_printf(r->a, "%s_%s", key, cols[k]),
		    req_money(r, tot[k]));
	return 0;
}

int inv_summary(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *q = req_query(r, "month");
	char month[8];
	if (q == NULL || *q == '\0') {
		struct cal_date t = award_helsinki_date(r->now);
		if (kela_prev_month(month, sizeof(month), t.y, t.m) == NULL)
			return -1;
	} else if (inv_month_valid(q)) {
		memcpy(month, q, 8);
	} else {
		tv_set(v, "f_month", q);
		field_error(v, "month", _("Give the month as YYYY-MM."));
		return render(
		    r, 422, "summary", v, _("Monthly summary of invoices"));
	}
	tv_set(v, "f_month", month);
	tv_set(v, "month", month);
	if (sum_table(r, v, "prov", SQL_PROVIDER, month) ||
	    sum_table(r, v, "serv", SQL_SERVICE, month) ||
	    sum_table(r, v, "muni", SQL_MUNICIPALITY, month))
		return -1;
	return render(r, 200, "summary", v, _("Monthly summary of invoices"));
}
