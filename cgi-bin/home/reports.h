/* reports.h: what the report pages (reports*.c) share: who sees what,
 * the date range and grouping of the form, CSV writing and charts. */
#ifndef PAIKKA_CGI_REPORTS_H
#define PAIKKA_CGI_REPORTS_H

#include "home.h"
#include "paikka/report.h"

struct tvars;

/* The query of a report page, checked. */
struct rp_query {
	struct report_scope scope;
	char from[11], to[11];   /* 'YYYY-MM-DD' */
	enum report_group group; /* REPORT_GROUP__MAX when not asked */
	char today[11];
};

/* The scope of the logged-in user (see report.h): providers their own
 * organisation, caseworkers their placing organisation, others all. */
struct report_scope rp_scope(struct req *r);

/* Reads from, to and (when groups is not 0) group from the query into q,
 * puts what was asked into v (f_from, f_to, the group options) and each
 * error next to its field (field_error). groups is a bit set of
 * 1 << enum report_group that may be chosen, dflt the group when none is
 * asked. Without dates the range is the last twelve months: the first
 * day of the month eleven months ago to today. Returns 0 when the query
 * is usable, 1 when not (errors in v). */
int rp_query(struct req *r, struct tvars *v, unsigned groups,
    enum report_group dflt, struct rp_query *q);
/* The first error message of v for a CSV answer, in field order. */
const char *rp_first_error(struct tvars *v);
/* "?from=...&to=...&group=..." of q into the arena. */
const char *rp_query_string(struct req *r, const struct rp_query *q);
/* "1.1.2026–31.12.2026" */
const char *rp_range_text(struct req *r, const struct rp_query *q);
/* An ISO date as shown: "31.1.2026" style of fmt_isodate. */
const char *rp_date(struct req *r, const char *iso);
/* A count as shown ("26 695"). */
const char *rp_count(struct req *r, int64_t v);
/* The label of a row for the page and CSV: forms translated. */
const char *rp_label(enum report_group g, const struct report_row *row);

/* CSV answers: UTF-8 with a byte order mark, ';' between fields, CRLF
 * line ends, text quoted as the other exports (award_csv_field), numbers
 * plain, euros with a decimal comma and no sign ("1234,56"). */
struct rp_csv {
	struct buf *b;
	int col;
};
/* Starts the answer as an attachment called name (ASCII). */
void rp_csv_start(struct req *r, struct rp_csv *c, const char *name);
void rp_csv_text(struct rp_csv *c, const char *s);
void rp_csv_int(struct rp_csv *c, int64_t v);
void rp_csv_euros(struct rp_csv *c, int64_t cents);
void rp_csv_end(struct rp_csv *c);
/* Answers 422 with the query's first error as the message. */
int rp_csv_bad(struct req *r, struct tvars *v);

/* Renders a bar chart (chart.h) into the arena for {{raw chart}}; NULL
 * on bad arguments. */
struct chart;
const char *rp_chart(struct req *r, const struct chart *c);
/* The end of a report page that has its numbers: the chart svg (NULL:
 * it failed, -1) beside the table, csv_href to the same numbers as CSV,
 * and template tmpl rendered with status 200. */
int rp_render(struct req *r, struct tvars *v, const char *svg,
    const char *csv_href, const char *tmpl, const char *title);

#endif
