/* reports_outcomes.c: where clients went (GET /reports/outcomes and
 * /reports/outcomes.csv?from=&to=&provider=), in the shape of seed 003's
 * end-reason table: every outcome of placement.h in its order with the
 * placements that ended with it in the range and its share of all
 * endings, then the total. provider narrows to one provider (not offered
 * to providers, who see only their own). */
#include <string.h>

#include "paikka/chart.h"
#include "paikka/db.h"
#include "paikka/placement.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "reports.h"

static const char SQL_PROVIDERS[] =
    "SELECT id, name FROM organisations WHERE kind = 'provider' AND "
    "status = 'approved' ORDER BY name, id";

/* The provider filter: the select's options into v and the chosen id
 * (0: all) into *out. 1 when the value is not one of them, -1 on
 * error. */
static int provider_field(struct req *r, struct tvars *v, int64_t *out)
{
	*out = 0;
	if (r->user->role == ROLE_PROVIDER)
		return 0;
	const char *s = req_query(r, "provider");
	int64_t want = 0;
	int bad = s && *s && !valid_int(s, 1, INT64_MAX, &want);
	struct tlist *l = tv_list(v, "providers");
	struct tvars *all = tl_add(l);
	tv_set(all, "value", "");
	tv_set(all, "label", _("All providers"));
	sqlite3_stmt *st = db_stmt(r->db, SQL_PROVIDERS);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		struct tvars *it = tl_add(l);
		tv_setf(it, "value", "%lld", (long long)id);
		tv_set(it, "label", db_col_text(st, 1));
		tv_bool(it, "selected", id == want);
		if (id == want)
			*out = id;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	tv_bool(v, "provider_filter", 1);
	if (bad || (want && *out == 0)) {
		field_error(
		    v, "provider", _("Choose the provider from the list."));
		return 1;
	}
	return 0;
}

struct outcomes {
	int64_t *counts, total, provider;
	size_t n;
};

static int load(
    struct req *r, struct tvars *v, struct rp_query *q, struct outcomes *o)
{
	int bad = rp_query(r, v, 0, REPORT_GROUP__MAX, q);
	int pf = provider_field(r, v, &o->provider);
	if (pf < 0)
		return -1;
	if (bad || pf)
		return 1;
	o->n = placement_outcome_count();
	o->counts = arena_alloc(r->a, o->n * sizeof(*o->counts));
	return report_outcomes(r->db, &q->scope, q->from, q->to, o->provider,
	    o->counts, &o->total);
}

static const char *share(struct req *r, int64_t part, int64_t total)
{
	char s[32];
	return arena_strdup(r->a, report_fmt_share(s, sizeof(s),
	                              report_share_x10(part, total), r->lang));
}

static const char *chart(
    struct req *r, const struct rp_query *q, const struct outcomes *o)
{
	const char **labels = arena_alloc(r->a, o->n * sizeof(*labels));
	const char **texts = arena_alloc(r->a, o->n * sizeof(*texts));
	int64_t *x10 = arena_alloc(r->a, o->n * sizeof(*x10));
	struct buf d;
	buf_init(&d);
	buf_printf(&d,
	    _("One bar for each outcome; its length is the outcome's share of "
	      "the %lld ended placements."),
	    (long long)o->total);
	for (size_t i = 0; i < o->n; i++) {
		labels[i] =
		    _(placement_outcome_label(placement_outcome_code(i)));
		x10[i] = report_share_x10(o->counts[i], o->total);
		texts[i] = share(r, o->counts[i], o->total);
		buf_printf(&d, " %s: %s.", labels[i], texts[i]);
	}
	struct chart_series s = {_("Share"), x10, texts};
	struct chart c = {"outcomes-chart",
	    arena_printf(r->a, "%s, %s", _("Outcomes of ended placements"),
	        rp_range_text(r, q)),
	    arena_strdup(r->a, d.data), labels, o->n, &s, 1, ""};
	buf_free(&d);
	return rp_chart(r, &c);
}

static const char *query_string(
    struct req *r, const struct rp_query *q, int64_t provider)
{
	const char *s = rp_query_string(r, q);
	return provider ? arena_printf(
	                      r->a, "%s&provider=%lld", s, (long long)provider)
	                : s;
}

/* Who: administrators, officers and finance (every ending), caseworkers
 * (the placements of their organisation) and providers (their own). */
int reports_outcomes(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct outcomes o = {0};
	int rc = load(r, v, &q, &o);
	const char *title = _("Outcomes of ended placements");
	if (rc)
		return rc < 0 ? -1
		              : render(r, 422, "report_outcomes", v, title);
	struct tlist *l = tv_list(v, "rows");
	for (size_t i = 0; i < o.n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "label",
		    _(placement_outcome_label(placement_outcome_code(i))));
		tv_set(it, "count", rp_count(r, o.counts[i]));
		tv_set(it, "share", share(r, o.counts[i], o.total));
	}
	tv_set(v, "total", rp_count(r, o.total));
	tv_set(v, "total_share", share(r, o.total, o.total));
	return rp_render(r, v, chart(r, &q, &o),
	    arena_printf(r->a, "/reports/outcomes.csv%s",
	        query_string(r, &q, o.provider)),
	    "report_outcomes", title);
}

/* Who: as reports_outcomes. The same rows and total as the page. */
int reports_outcomes_csv(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct rp_query q;
	struct outcomes o = {0};
	int rc = load(r, v, &q, &o);
	if (rc)
		return rc < 0 ? -1 : rp_csv_bad(r, v);
	struct rp_csv c;
	rp_csv_start(
	    r, &c, arena_printf(r->a, "outcomes-%s-%s.csv", q.from, q.to));
	rp_csv_text(&c, _("Outcome"));
	rp_csv_text(&c, _("Ended placements"));
	rp_csv_text(&c, _("Share (%)"));
	rp_csv_end(&c);
	char s[32];
	for (size_t i = 0; i <= o.n; i++) {
		int64_t k = i < o.n ? o.counts[i] : o.total;
		rp_csv_text(&c, i < o.n ? _(placement_outcome_label(
		                              placement_outcome_code(i)))
		                        : _("Total"));
		rp_csv_int(&c, k);
		rp_csv_text(&c, report_csv_share(s, sizeof(s),
		                    report_share_x10(k, o.total)));
		rp_csv_end(&c);
	}
	return 0;
}
