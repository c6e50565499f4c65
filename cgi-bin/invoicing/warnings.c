/* The warnings of an invoice, for finance: the recorded days behind its
 * lines checked again with the attendance rules (weekend, holiday, more
 * days in a week than planned, hours, the same client in two placements)
 * and the service-3 rule: the placement's last month invoiced without a
 * capacity-assessment report. Worked out when the invoice is shown, so a
 * report uploaded later clears its warning. */
#include <stdlib.h>
#include <string.h>

#include "invoicing.h"
#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

struct row {
	int64_t placement;
	const char *ref;
	struct cal_date day; /* {0} for a warning about the whole line */
	const char *text;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->ref, y->ref);
	if (c == 0)
		c = placement_date_cmp(x->day, y->day);
	return c;
}

static int cmp_count(const void *a, const void *b)
{
	return cmp_id(&((const struct inv_warn_count *)a)->placement,
	    &((const struct inv_warn_count *)b)->placement);
}

/* Lines whose placement needs a capacity-assessment report, ends in the
 * invoice's month and has none. */
static const char SQL_NO_REPORT[] =
    "SELECT l.placement_id, l.client_ref FROM invoice_lines l JOIN "
    "placements p ON p.id = l.placement_id JOIN service_types t ON t.id "
    "= l.service_type_id WHERE l.invoice_id = ?1 AND t.needs_assessment "
    "= 1 AND substr(coalesce(p.end_date, (SELECT max(end_date) FROM "
    "placement_periods WHERE placement_id = p.id)), 1, 7) = ?2 AND NOT "
    "EXISTS (SELECT 1 FROM assessment_reports a WHERE a.placement_id = "
    "p.id)";

static int add_row(
    struct req *r, struct row **rows, size_t *n, size_t *cap, struct row x)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 32;
		struct row *b = arena_alloc(r->a, c * sizeof(*b));
		if (*n)
			memcpy(b, *rows, *n * sizeof(*b));
		*rows = b;
		*cap = c;
	}
	(*rows)[(*n)++] = x;
	return 0;
}

int inv_warnings(struct req *r, struct tvars *v, int64_t invoice,
    int64_t contract, const char *month, struct inv_warn_count **counts,
    size_t *ncounts)
{
	*counts = NULL;
	*ncounts = 0;
	/* The placements on the invoice, sorted for bsearch. */
	sqlite3_stmt *st = db_stmt(r->db,
	    "SELECT placement_id FROM invoice_lines WHERE invoice_id = ? "
	    "ORDER BY placement_id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, invoice);
	size_t npl = 0, cap = 64;
	int64_t *pl = arena_alloc(r->a, cap * sizeof(*pl));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (npl == cap) {
			int64_t *b = arena_alloc(r->a, 2 * cap * sizeof(*b));
			memcpy(b, pl, cap * sizeof(*b));
			pl = b;
			cap *= 2;
		}
		pl[npl++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int y = atoi(month), m = atoi(month + 5);
	struct cal_date first = {y, m, 1},
	                last = {y, m, cal_days_in_month(y, m)};
	struct att_day *days = NULL;
	size_t nd = 0;
	if (npl && days_recorded(r, contract, first, last, 1, &days, &nd) < 0)
		return -1;
	att_warnings(days, nd);
	struct row *rows = NULL;
	size_t nrows = 0, rcap = 0;
	for (size_t i = 0; i < nd; i++) {
		struct att_day *d = &days[i];
		if (!d->warn || d->status != ATT_PRESENT || d->day.y != y ||
		    d->day.m != m ||
		    !bsearch(&d->placement_id, pl, npl, sizeof(*pl), cmp_id))
			continue;
		struct buf b;
		buf_init(&b);
		for (unsigned w = 1; w <= ATT_W_SAME_CLIENT; w <<= 1)
			if (d->warn & w) {
				buf_puts(&b, b.len ? " " : "");
				buf_puts(
				    &b, _(att_warn_message((enum att_warn)w)));
			}
		struct row x = {d->placement_id, d->client_ref, d->day,
		    arena_strdup(r->a, b.data ? b.data : "")};
		buf_free(&b);
		add_row(r, &rows, &nrows, &rcap, x);
	}
	st = db_stmt(r->db, SQL_NO_REPORT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, invoice);
	db_bind_text(st, 2, month);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct row x = {sqlite3_column_int64(st, 0),
		    arena_strdup(r->a, db_col_text(st, 1)), {0, 0, 0},
		    _("The last month of the placement is invoiced, but no "
		      "capacity-assessment report has been uploaded for the "
		      "caseworker.")};
		add_row(r, &rows, &nrows, &rcap, x);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (nrows)
		qsort(rows, nrows, sizeof(*rows), cmp_row);
	struct tlist *l = tv_list(v, "warnings");
	int64_t *ids = nrows ? arena_alloc(r->a, nrows * sizeof(*ids)) : NULL;
	for (size_t i = 0; i < nrows; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "w_ref", rows[i].ref);
		tv_set(it, "w_day",
		    rows[i].day.y ? days_show(r, rows[i].day) : "");
		tv_set(it, "w_text", rows[i].text);
		ids[i] = rows[i].placement;
	}
	/* Warnings per placement, sorted by placement for inv_warn_of. */
	struct inv_warn_count *c =
	    nrows ? arena_alloc(r->a, nrows * sizeof(*c)) : NULL;
	size_t nc = 0;
	if (nrows)
		qsort(ids, nrows, sizeof(*ids), cmp_id);
	for (size_t i = 0; i < nrows; i++) {
		if (nc == 0 || c[nc - 1].placement != ids[i])
			c[nc++] = (struct inv_warn_count){ids[i], 0};
		c[nc - 1].n++;
	}
	tv_bool(v, "has_warnings", nrows > 0);
	tv_setf(v, "nwarnings", "%zu", nrows);
	*counts = c;
	*ncounts = nc;
	return 0;
}

int inv_warn_of(const struct inv_warn_count *c, size_t n, int64_t placement)
{
	struct inv_warn_count key = {placement, 0};
	const struct inv_warn_count *f =
	    n ? bsearch(&key, c, n, sizeof(*c), cmp_count) : NULL;
	return f ? f->n : 0;
}
