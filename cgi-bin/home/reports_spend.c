/* reports_spend.c: approved invoices against the contracts' estimate
 * (GET /reports/spending and /reports/spending.csv?from=&to=&group=) by
 * month, provider or service type, over the months the range touches.
 * The rules are in report.h. Money is finance's and the providers'
 * business: caseworkers do not see invoices anywhere in the portal, so
 * not here either. */
#include <string.h>

#include "paikka/chart.h"
#include "paikka/tmpl.h"
#include "reports.h"

#define SPEND_GROUPS                                                           \
	(1u << REPORT_BY_MONTH | 1u << REPORT_BY_PROVIDER |                    \
	    1u << REPORT_BY_SERVICE)

static int load(
    struct req *r, struct tvars *v, struct rp_query *q, struct report_table *t)
{
	if (rp_query(r, v, SPEND_GROUPS, REPORT_BY_MONTH, q))
		return 1;
	return report_spending(
	    r->db, r->a, r->lang, &q->scope, q->from, q->to, q->group, t);
}

static const char *chart(
    struct req *r, const struct rp_query *q, const struct report_table *t)
{
	const char **labels = arena_alloc(r->a, (t->n + 1) * sizeof(*labels));
	const char **ta = arena_alloc(r->a, (t->n + 1) * sizeof(*ta));
	const char **te = arena_alloc(r->a, (t->n + 1) * sizeof(*te));
	int64_t *app = arena_alloc(r->a, (t->n + 1) * sizeof(*app));
	int64_t *est = arena_alloc(r->a, (t->n + 1) * sizeof(*est));
	struct buf d;
	buf_init(&d);
	buf_puts(&d, _("Two bars for each row of the table beside the chart: "
	               "approved invoices (solid) and the estimate "
	               "(hatched)."));
	for (size_t i = 0; i < t->n; i++) {
		const struct report_row *x = &t->rows[i];
		labels[i] = x->label;
		app[i] = x->cents;
		est[i] = x->est_cents;
		ta[i] = req_money(r, x->cents);
		te[i] = req_money(r, x->est_cents);
		buf_putc(&d, ' ');
		buf_printf(&d, _("%s: approved %s, estimate %s."), labels[i],
		    ta[i], te[i]);
	}
	struct chart_series s[2] = {
	    {_("Approved"), app, ta}, {_("Estimate"), est, te}};
	struct chart c = {"spending-chart",
	    arena_printf(r->a, "%s, %s",
	        _("Approved invoices against the estimate"),
	        rp_range_text(r, q)),
	    arena_strdup(r->a, d.data), labels, t->n, s, 2,
	    _("Nothing was invoiced or estimated in this range.")};
	buf_free(&d);
	return rp_chart(r, &c);
}

/* A row's numbers as shown, under keys starting with prefix. */
static void row_vars(struct req *r, struct tvars *it,
    const struct report_row *x, const char *prefix)
{
	tv_set(it, arena_printf(r->a, "%sdays", prefix), rp_count(r, x->days));
	tv_set(
	    it, arena_printf(r->a, "%scents", prefix), req_money(r, x->cents));
	tv_set(it, arena_printf(r->a, "%sest_days", prefix),
	    rp_count(r, x->est_days));
	tv_set(it, arena_printf(r->a, "%sest_cents", prefix),
	    req_money(r, x->est_cents));
	tv_set(it, arena_printf(r->a, "%sdiff", prefix),
	    req_money(r, x->cents - x->est_cents));
}

/* Who: administrators, officers and finance (every invoice), providers
 * (their own invoices and contracts). */
int reports_spending(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct report_table t;
	int rc = load(r, v, &q, &t);
	const char *title = _("Spending against the estimate");
	if (rc)
		return rc < 0 ? -1
		              : render(r, 422, "report_spending", v, title);
	tv_set(v, "group_label", _(report_group_label(q.group)));
	struct tlist *l = tv_list(v, "rows");
	for (size_t i = 0; i < t.n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "label", t.rows[i].label);
		row_vars(r, it, &t.rows[i], "");
	}
	row_vars(r, v, &t.total, "total_");
	return rp_render(r, v, chart(r, &q, &t),
	    arena_printf(
	        r->a, "/reports/spending.csv%s", rp_query_string(r, &q)),
	    "report_spending", title);
}

/* Who: as reports_spending. The same rows and total as the page. */
int reports_spending_csv(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct report_table t;
	int rc = load(r, v, &q, &t);
	if (rc)
		return rc < 0 ? -1 : rp_csv_bad(r, v);
	struct rp_csv c;
	rp_csv_start(r, &c,
	    arena_printf(r->a, "spending-%s-%s-%s.csv", q.from, q.to,
	        report_group_code(q.group)));
	rp_csv_text(&c, _(report_group_label(q.group)));
	rp_csv_text(&c, _("Invoiced days"));
	rp_csv_text(&c, _("Approved (€)"));
	rp_csv_text(&c, _("Estimated days"));
	rp_csv_text(&c, _("Estimate (€)"));
	rp_csv_text(&c, _("Difference (€)"));
	rp_csv_end(&c);
	for (size_t i = 0; i <= t.n; i++) {
		const struct report_row *x = i < t.n ? &t.rows[i] : &t.total;
		rp_csv_text(&c, i < t.n ? x->label : _("Total"));
		rp_csv_int(&c, x->days);
		rp_csv_euros(&c, x->cents);
		rp_csv_int(&c, x->est_days);
		rp_csv_euros(&c, x->est_cents);
		rp_csv_euros(&c, x->cents - x->est_cents);
		rp_csv_end(&c);
	}
	return 0;
}
