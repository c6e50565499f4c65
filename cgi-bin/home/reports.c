/* reports.c: the reports' index (GET /reports) and what the report pages
 * share: the scope of the user, the date range and grouping of the
 * query, CSV writing and charts. The numbers come from src/report.c. */
#include <stdio.h>
#include <string.h>

#include "paikka/award.h"
#include "paikka/chart.h"
#include "paikka/html.h"
#include "paikka/kela.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "reports.h"

struct report_scope rp_scope(struct req *r)
{
	struct report_scope s = {REPORT_ALL, 0};
	int64_t org = r->user->org_id > 0 ? r->user->org_id : -1;
	if (r->user->role == ROLE_PROVIDER)
		s = (struct report_scope){REPORT_PROVIDER, org};
	else if (r->user->role == ROLE_CASEWORKER)
		s = (struct report_scope){REPORT_CASEWORKER, org};
	return s;
}

/* One date field of the query into iso: empty takes dflt, a bad date
 * is an error next to the field. Returns 1 on error. */
static int range_field(struct req *r, struct tvars *v, const char *field,
    const char *dflt, char iso[11])
{
	const char *typed = req_query(r, field);
	const char *key = arena_printf(r->a, "f_%s", field);
	int y, m, d;
	if (typed == NULL || *typed == '\0') {
		memcpy(iso, dflt, 11);
	} else if (strlen(typed) <= 10 && valid_date(typed, &y, &m, &d) &&
	           cal_date_valid(y, m, d)) {
		cal_format_iso(iso, 11, (struct cal_date){y, m, d});
	} else {
		iso[0] = '\0';
		tv_set(v, key, typed);
		field_error(v, field, _("Write the date as dd.mm.yyyy."));
		return 1;
	}
	tv_set(v, key, iso);
	return 0;
}

static void group_options(
    struct tvars *v, unsigned groups, enum report_group chosen)
{
	struct tlist *l = tv_list(v, "groups");
	for (int g = 0; g < REPORT_GROUP__MAX; g++) {
		if (!(groups & (1u << g)))
			continue;
		struct tvars *it = tl_add(l);
		tv_set(it, "value", report_group_code((enum report_group)g));
		tv_set(
		    it, "label", _(report_group_label((enum report_group)g)));
		tv_bool(it, "selected", g == (int)chosen);
	}
}

/* The grouping asked for; 1 on error. */
static int group_field(struct req *r, struct tvars *v, unsigned groups,
    enum report_group dflt, struct rp_query *q)
{
	const char *g = req_query(r, "group");
	q->group = dflt;
	int bad = 0;
	if (g && *g) {
		enum report_group x = report_group_from_code(g);
		if (x == REPORT_GROUP__MAX || !(groups & (1u << x))) {
			field_error(v, "group",
			    _("Choose the grouping from the list."));
			bad = 1;
		} else {
			q->group = x;
		}
	}
	group_options(v, groups, q->group);
	return bad;
}

int rp_query(struct req *r, struct tvars *v, unsigned groups,
    enum report_group dflt, struct rp_query *q)
{
	memset(q, 0, sizeof(*q));
	q->scope = rp_scope(r);
	q->group = REPORT_GROUP__MAX;
	struct cal_date t = award_helsinki_date(r->now);
	cal_format_iso(q->today, sizeof(q->today), t);
	int k = t.y * 12 + t.m - 1 - 11;
	char dfrom[11];
	cal_format_iso(
	    dfrom, sizeof(dfrom), (struct cal_date){k / 12, k % 12 + 1, 1});
	int bad = range_field(r, v, "from", dfrom, q->from);
	bad |= range_field(r, v, "to", q->today, q->to);
	char months[REPORT_MONTHS_MAX][8];
	if (!bad && strcmp(q->to, q->from) < 0) {
		field_error(
		    v, "to", _("The last day cannot be before the first day."));
		bad = 1;
	} else if (!bad && report_months(
	                       q->from, q->to, months, REPORT_MONTHS_MAX) < 0) {
		field_error(v, "to", _("The range can be at most ten years."));
		bad = 1;
	}
	if (groups)
		bad |= group_field(r, v, groups, dflt, q);
	if (!bad)
		tv_set(v, "range", rp_range_text(r, q));
	return bad;
}

const char *rp_first_error(struct tvars *v)
{
	static const char *const fields[] = {
	    "err_from", "err_to", "err_group", "err_provider"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (tv_get(v, fields[i]))
			return tv_get(v, fields[i]);
	return _("The address or its parameters could not be read.");
}

const char *rp_query_string(struct req *r, const struct rp_query *q)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "?from=");
	url_arg(&b, q->from);
	buf_puts(&b, "&to=");
	url_arg(&b, q->to);
	if (q->group < REPORT_GROUP__MAX) {
		buf_puts(&b, "&group=");
		url_arg(&b, report_group_code(q->group));
	}
	const char *s = arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

const char *rp_date(struct req *r, const char *iso)
{
	char s[32];
	return arena_strdup(r->a, fmt_isodate(s, sizeof(s), iso));
}

const char *rp_range_text(struct req *r, const struct rp_query *q)
{
	return arena_printf(
	    r->a, "%s\xe2\x80\x93%s", rp_date(r, q->from), rp_date(r, q->to));
}

const char *rp_count(struct req *r, int64_t v)
{
	char s[48];
	return arena_strdup(r->a, report_fmt_count(s, sizeof(s), v, r->lang));
}

const char *rp_label(enum report_group g, const struct report_row *row)
{
	if (g == REPORT_BY_FORM) {
		const char *l = report_form_label(row->label);
		return l ? _(l) : row->label;
	}
	return row->label;
}

/* --- CSV ---------------------------------------------------------------- */

void rp_csv_start(struct req *r, struct rp_csv *c, const char *name)
{
	c->b = &r->body;
	c->col = 0;
	buf_reset(c->b);
	buf_puts(c->b, "\xef\xbb\xbf");
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	buf_printf(&r->headers,
	    "Content-Disposition: attachment; filename=\"%s\"\r\n", name);
}

static void sep(struct rp_csv *c)
{
	if (c->col++)
		buf_putc(c->b, ';');
}

void rp_csv_text(struct rp_csv *c, const char *s)
{
	sep(c);
	award_csv_field(c->b, s);
}

void rp_csv_int(struct rp_csv *c, int64_t v)
{
	sep(c);
	buf_printf(c->b, "%lld", (long long)v);
}

void rp_csv_euros(struct rp_csv *c, int64_t cents)
{
	char s[32];
	sep(c);
	buf_puts(c->b, kela_csv_euros(s, sizeof(s), cents));
}

void rp_csv_end(struct rp_csv *c)
{
	buf_puts(c->b, "\r\n");
	c->col = 0;
}

int rp_csv_bad(struct req *r, struct tvars *v)
{
	return bad_request(r, 422, rp_first_error(v));
}

int rp_render(struct req *r, struct tvars *v, const char *svg,
    const char *csv_href, const char *tmpl, const char *title)
{
	if (svg == NULL)
		return -1;
	tv_set(v, "chart", svg);
	tv_set(v, "csv_href", csv_href);
	tv_bool(v, "shown", 1);
	return render(r, 200, tmpl, v, title);
}

const char *rp_chart(struct req *r, const struct chart *c)
{
	struct buf b;
	buf_init(&b);
	const char *s = NULL;
	if (chart_bars(&b, c) == 0)
		s = arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

/* --- the index ------------------------------------------------------------ */

/* Who: administrators, officers, finance, caseworkers and providers; the
 * spending report is not offered to caseworkers (see reports_spend.c). */
int reports_index(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_bool(v, "spending", r->user->role != ROLE_CASEWORKER);
	return render(r, 200, "report_index", v, _("Reports"));
}
