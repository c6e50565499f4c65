/* reports_occupancy.c: the catalogue's capacity, active placements and
 * free places (GET /reports/occupancy and /reports/occupancy.csv?from=
 * &to=&group=) by municipality, service type or both, at the end of each
 * month of the range that has passed and today. The rules are in
 * report.h; a provider sees its own places only, everyone else the whole
 * catalogue (caseworkers see it in the catalogue search too). */
#include <stdlib.h>
#include <string.h>

#include "paikka/chart.h"
#include "paikka/tmpl.h"
#include "reports.h"

#define OCC_GROUPS                                                             \
	(1u << REPORT_BY_SERVICE | 1u << REPORT_BY_MUNICIPALITY |              \
	    1u << REPORT_BY_MUNI_SERVICE)

struct occ_day {
	char day[11];
	struct report_table t;
};

struct occ {
	struct occ_day *days;
	int n;
};

/* The month ends of the range before today, then today. */
static int pick_days(struct req *r, const struct rp_query *q, struct occ *o)
{
	char(*months)[8] = arena_alloc(r->a, REPORT_MONTHS_MAX * 8);
	int n = report_months(q->from, q->to, months, REPORT_MONTHS_MAX);
	if (n < 0)
		return -1;
	o->days = arena_alloc(r->a, (size_t)(n + 1) * sizeof(*o->days));
	o->n = 0;
	for (int i = 0; i < n; i++) {
		int y = atoi(months[i]), m = atoi(months[i] + 5);
		char end[11];
		cal_format_iso(end, sizeof(end),
		    (struct cal_date){y, m, cal_days_in_month(y, m)});
		if (strcmp(end, q->from) >= 0 && strcmp(end, q->to) <= 0 &&
		    strcmp(end, q->today) < 0)
			memcpy(o->days[o->n++].day, end, 11);
	}
	memcpy(o->days[o->n++].day, q->today, 11);
	return 0;
}

static int load(
    struct req *r, struct tvars *v, struct rp_query *q, struct occ *o)
{
	if (rp_query(r, v, OCC_GROUPS, REPORT_BY_MUNI_SERVICE, q))
		return 1;
	if (pick_days(r, q, o))
		return -1;
	for (int i = 0; i < o->n; i++)
		if (report_occupancy(r->db, r->a, r->lang, &q->scope,
		        o->days[i].day, q->group, &o->days[i].t))
			return -1;
	return 0;
}

/* "31.01.2026", or "Today, 14.05.2026" for the last day. */
static const char *day_text(struct req *r, const struct occ *o, int i)
{
	const char *d = rp_date(r, o->days[i].day);
	return i == o->n - 1 ? arena_printf(r->a, _("Today, %s"), d) : d;
}

static const char *chart(struct req *r, const struct occ *o)
{
	size_t n = (size_t)o->n;
	const char **labels = arena_alloc(r->a, n * sizeof(*labels));
	const char **ta = arena_alloc(r->a, n * sizeof(*ta));
	const char **tf = arena_alloc(r->a, n * sizeof(*tf));
	int64_t *act = arena_alloc(r->a, n * sizeof(*act));
	int64_t *fr = arena_alloc(r->a, n * sizeof(*fr));
	struct buf d;
	buf_init(&d);
	buf_puts(&d, _("Two bars for each day of the table beside the chart: "
	               "active placements (solid) and free places (hatched)."));
	for (size_t i = 0; i < n; i++) {
		const struct report_table *t = &o->days[i].t;
		labels[i] = day_text(r, o, (int)i);
		act[i] = t->total.active;
		fr[i] = t->total.free;
		ta[i] = rp_count(r, act[i]);
		tf[i] = rp_count(r, fr[i]);
		buf_putc(&d, ' ');
		buf_printf(
		    &d, _("%s: %s active, %s free."), labels[i], ta[i], tf[i]);
	}
	struct chart_series s[2] = {
	    {_("Active placements"), act, ta}, {_("Free places"), fr, tf}};
	struct chart c = {"occupancy-chart",
	    _("Active placements and free places in the catalogue"),
	    arena_strdup(r->a, d.data), labels, n, s, 2, ""};
	buf_free(&d);
	return rp_chart(r, &c);
}

static void day_vars(
    struct req *r, struct tvars *it, const struct occ *o, int i)
{
	const struct report_table *t = &o->days[i].t;
	tv_set(it, "id", o->days[i].day);
	tv_set(it, "day", day_text(r, o, i));
	struct tlist *l = tv_list(it, "rows");
	for (size_t k = 0; k < t->n; k++) {
		const struct report_row *x = &t->rows[k];
		struct tvars *row = tl_add(l);
		tv_set(row, "label", x->label);
		tv_set(row, "label2", x->label2 ? x->label2 : "");
		tv_set(row, "capacity", rp_count(r, x->capacity));
		tv_set(row, "active", rp_count(r, x->active));
		tv_set(row, "free", rp_count(r, x->free));
	}
	tv_set(it, "capacity", rp_count(r, t->total.capacity));
	tv_set(it, "active", rp_count(r, t->total.active));
	tv_set(it, "free", rp_count(r, t->total.free));
}

/* Who: administrators, officers, finance and caseworkers (the whole
 * catalogue), providers (their own places). */
int reports_occupancy(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct occ o;
	int rc = load(r, v, &q, &o);
	const char *title = _("Occupancy of the catalogue");
	if (rc)
		return rc < 0 ? -1
		              : render(r, 422, "report_occupancy", v, title);
	int two = q.group == REPORT_BY_MUNI_SERVICE;
	tv_bool(v, "two", two);
	tv_set(v, "group_label",
	    _(report_group_label(two ? REPORT_BY_MUNICIPALITY : q.group)));
	struct tlist *l = tv_list(v, "days");
	for (int i = 0; i < o.n; i++)
		day_vars(r, tl_add(l), &o, i);
	return rp_render(r, v, chart(r, &o),
	    arena_printf(
	        r->a, "/reports/occupancy.csv%s", rp_query_string(r, &q)),
	    "report_occupancy", title);
}

/* Who: as reports_occupancy. A row per day and group, and a total row
 * per day, as the page's tables. */
int reports_occupancy_csv(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct occ o;
	int rc = load(r, v, &q, &o);
	if (rc)
		return rc < 0 ? -1 : rp_csv_bad(r, v);
	int two = q.group == REPORT_BY_MUNI_SERVICE;
	struct rp_csv c;
	rp_csv_start(r, &c,
	    arena_printf(r->a, "occupancy-%s-%s-%s.csv", q.from, q.to,
	        report_group_code(q.group)));
	rp_csv_text(&c, _("Date"));
	rp_csv_text(
	    &c, _(report_group_label(two ? REPORT_BY_MUNICIPALITY : q.group)));
	if (two)
		rp_csv_text(&c, _("Service type"));
	rp_csv_text(&c, _("Capacity"));
	rp_csv_text(&c, _("Active placements"));
	rp_csv_text(&c, _("Free places"));
	rp_csv_end(&c);
	for (int i = 0; i < o.n; i++) {
		const struct report_table *t = &o.days[i].t;
		for (size_t k = 0; k <= t->n; k++) {
			const struct report_row *x =
			    k < t->n ? &t->rows[k] : &t->total;
			rp_csv_text(&c, o.days[i].day);
			rp_csv_text(&c, k < t->n ? x->label : _("Total"));
			if (two)
				rp_csv_text(&c, k < t->n ? x->label2 : "");
			rp_csv_int(&c, x->capacity);
			rp_csv_int(&c, x->active);
			rp_csv_int(&c, x->free);
			rp_csv_end(&c);
		}
	}
	return 0;
}
