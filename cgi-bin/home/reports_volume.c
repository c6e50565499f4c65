/* reports_volume.c: clients and realised days (GET /reports/volume and
 * /reports/volume.csv?from=&to=&group=), in the shape of the 2019 table
 * of seed 003: a row per group with its distinct clients and realised
 * days, and a total row whose clients are the distinct clients overall.
 * The rules are in report.h. */
#include <string.h>

#include "paikka/chart.h"
#include "paikka/tmpl.h"
#include "reports.h"

#define VOLUME_GROUPS                                                          \
	(1u << REPORT_BY_PROVIDER | 1u << REPORT_BY_SERVICE |                  \
	    1u << REPORT_BY_MUNICIPALITY | 1u << REPORT_BY_FORM |              \
	    1u << REPORT_BY_MONTH)

static const char *const chart_titles[] = {
    [REPORT_BY_PROVIDER] = N_("Realised days by provider"),
    [REPORT_BY_SERVICE] = N_("Realised days by service type"),
    [REPORT_BY_MUNICIPALITY] = N_("Realised days by municipality"),
    [REPORT_BY_FORM] = N_("Realised days by form of the service"),
    [REPORT_BY_MONTH] = N_("Realised days by month"),
};

/* The query and its numbers; 0, 1 when the query is bad (errors in v),
 * -1 on error. */
static int load(
    struct req *r, struct tvars *v, struct rp_query *q, struct report_table *t)
{
	if (rp_query(r, v, VOLUME_GROUPS, REPORT_BY_MONTH, q))
		return 1;
	return report_volume(
	    r->db, r->a, r->lang, &q->scope, q->from, q->to, q->group, t);
}

static const char *chart(
    struct req *r, const struct rp_query *q, const struct report_table *t)
{
	const char **labels = arena_alloc(r->a, (t->n + 1) * sizeof(*labels));
	const char **texts = arena_alloc(r->a, (t->n + 1) * sizeof(*texts));
	int64_t *days = arena_alloc(r->a, (t->n + 1) * sizeof(*days));
	struct buf d;
	buf_init(&d);
	buf_puts(&d, _("One bar for each row of the table beside the chart; "
	               "its length is the realised days."));
	for (size_t i = 0; i < t->n; i++) {
		labels[i] = rp_label(q->group, &t->rows[i]);
		days[i] = t->rows[i].days;
		texts[i] = rp_count(r, days[i]);
		buf_printf(&d, " %s: %s.", labels[i], texts[i]);
	}
	struct chart_series s = {_("Realised days"), days, texts};
	struct chart c = {"volume-chart",
	    arena_printf(
	        r->a, "%s, %s", _(chart_titles[q->group]), rp_range_text(r, q)),
	    arena_strdup(r->a, d.data), labels, t->n, &s, 1,
	    _("No realised days in this range.")};
	buf_free(&d);
	return rp_chart(r, &c);
}

/* Who: administrators, officers and finance (everything), caseworkers
 * (the placements of their organisation) and providers (their own). */
int reports_volume(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct report_table t;
	int rc = load(r, v, &q, &t);
	const char *title = _("Clients and realised days");
	if (rc)
		return rc < 0 ? -1 : render(r, 422, "report_volume", v, title);
	tv_set(v, "group_label", _(report_group_label(q.group)));
	struct tlist *l = tv_list(v, "rows");
	for (size_t i = 0; i < t.n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "label", rp_label(q.group, &t.rows[i]));
		tv_set(it, "clients", rp_count(r, t.rows[i].clients));
		tv_set(it, "days", rp_count(r, t.rows[i].days));
	}
	tv_set(v, "total_clients", rp_count(r, t.total.clients));
	tv_set(v, "total_days", rp_count(r, t.total.days));
	return rp_render(r, v, chart(r, &q, &t),
	    arena_printf(r->a, "/reports/volume.csv%s", rp_query_string(r, &q)),
	    "report_volume", title);
}

/* Who: as reports_volume. The same rows and total as the page. */
int reports_volume_csv(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct report_table t;
	int rc = load(r, v, &q, &t);
	if (rc)
		return rc < 0 ? -1 : rp_csv_bad(r, v);
	struct rp_csv c;
	rp_csv_start(r, &c,
	    arena_printf(r->a, "volume-%s-%s-%s.csv", q.from, q.to,
	        report_group_code(q.group)));
	rp_csv_text(&c, _(report_group_label(q.group)));
	rp_csv_text(&c, _("Clients"));
	rp_csv_text(&c, _("Realised days"));
	rp_csv_end(&c);
	for (size_t i = 0; i < t.n; i++) {
		rp_csv_text(&c, rp_label(q.group, &t.rows[i]));
		rp_csv_int(&c, t.rows[i].clients);
		rp_csv_int(&c, t.rows[i].days);
		rp_csv_end(&c);
	}
	rp_csv_text(&c, _("Total (distinct clients)"));
	rp_csv_int(&c, t.total.clients);
	rp_csv_int(&c, t.total.days);
	rp_csv_end(&c);
	return 0;
}
