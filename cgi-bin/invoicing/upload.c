/* upload.c: realised days from a CSV file (GET and POST
 * /invoices/days/upload). The whole file is checked first; any error
 * stores nothing and lists every row's error (422). Rows are stored with
 * INSERT ... ON CONFLICT DO UPDATE, so the same file twice changes
 * nothing and a later file overwrites a day's status and hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invoicing.h"
#include "paikka/tmpl.h"

int inv_upload_page(struct req *r)
{
	return render(r, 200, "invoicing_upload", page_vars(r),
	    _("Upload realised days"));
}

/* A checked row: placement index and day number, for the duplicate
 * check. */
struct okrow {
	long pl;
	int64_t day;
	size_t row;
	enum att_status s;
	int hours;
	struct cal_date date;
};

static int by_pl_day(const void *x, const void *y)
{
	const struct okrow *a = x, *b = y;
	if (a->pl != b->pl)
		return a->pl < b->pl ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

static void add_error(
    struct req *r, struct tvars *v, size_t row, enum att_err e, int *nerr)
{
	if (++*nerr > ATT_CSV_MAX_ERRORS)
		return;
	struct tvars *it = tl_add(tv_list(v, "row_errors"));
	tv_setf(it, "row", "%zu", row);
	tv_set(it, "text", _(att_error_message(e)));
	(void)r;
}

static int refuse(struct req *r, struct tvars *v, int nerr)
{
	tv_setf(v, "nerr", "%d", nerr);
	tv_bool(v, "more", nerr > ATT_CSV_MAX_ERRORS);
	r->rollback = 1;
	return render(r, 422, "invoicing_upload", v, _("Upload realised days"));
}

int inv_upload_save(struct req *r)
{
	struct tvars *v = page_vars(r);
	const struct http_field *f = http_form_field(&r->form, "file");
	struct att_csv csv = {0};
	enum att_err fe = f == NULL
	                      ? ATT_E_EMPTY
	                      : att_csv_read(r->a, f->value, f->len, &csv);
	int nerr = 0;
	if (fe) {
		add_error(r, v, fe == ATT_E_QUOTE ? csv.err_row : 1, fe, &nerr);
		return refuse(r, v, nerr);
	}
	struct days_pl *pl;
	size_t npl;
	if (days_placements(r, 0, r->user->org_id, "0000-00-00", "9999-99-99",
	        &pl, &npl) < 0)
		return -1;
	struct att_placement *ap = arena_alloc(r->a, (npl + 1) * sizeof(*ap));
	for (size_t i = 0; i < npl; i++)
		ap[i] = pl[i].a;
	struct okrow *ok = arena_alloc(r->a, csv.nrows * sizeof(*ok));
	size_t nok = 0;
	int want_cols = csv.has_hours ? 4 : 3;
	for (size_t i = 0; i < csv.nrows; i++) {
		const struct att_csv_row *row = &csv.rows[i];
		struct okrow o = {0};
		o.row = row->row;
		enum att_err e = ATT_OK;
		char ref[64];
		snprintf(ref, sizeof(ref), "%s", row->client_ref);
		char *t = ref + strlen(ref);
		while (t > ref && (t[-1] == ' ' || t[-1] == '\t'))
			*--t = '\0';
		const char *rf = ref + strspn(ref, " \t");
		if (row->ncols != want_cols)
			e = ATT_E_COLUMNS;
		else if (!att_parse_date(row->date, &o.date))
			e = ATT_E_DATE;
		else if ((o.s = att_status_from_word(row->status)) == ATT_NONE)
			e = ATT_E_STATUS;
		else if ((e = att_parse_hours(row->hours, &o.hours)) != ATT_OK)
			;
		else if ((o.pl = att_pick_placement(ap, npl, rf, o.date)) < 0)
			e = ATT_E_REF;
		else if ((e = att_check_day(&ap[o.pl], o.date)) != ATT_OK)
			;
		else if (month_locked(r, pl[o.pl].contract_id,
		             arena_printf(
		                 r->a, "%04d-%02d", o.date.y, o.date.m)))
			e = ATT_E_LOCKED;
		if (e) {
			add_error(r, v, row->row, e, &nerr);
			continue;
		}
		o.day = cal_days_from_civil(o.date.y, o.date.m, o.date.d);
		ok[nok++] = o;
	}
	qsort(ok, nok, sizeof(*ok), by_pl_day);
	for (size_t i = 1; i < nok; i++)
		if (ok[i].pl == ok[i - 1].pl && ok[i].day == ok[i - 1].day)
			add_error(r, v, ok[i].row, ATT_E_DUPLICATE, &nerr);
	if (nerr) {
		/* Row order for the reader: duplicates were found last. */
		return refuse(r, v, nerr);
	}
	int changed = 0;
	for (size_t i = 0; i < nok; i++) {
		int n = days_store(r, ap[ok[i].pl].id, days_iso(r, ok[i].date),
		    ok[i].s, ok[i].hours, 1);
		if (n < 0)
			return -1;
		changed += n;
	}
	char det[64];
	snprintf(det, sizeof(det), "rows=%zu changed=%d", nok, changed);
	if (audit(r, "attendance.upload", "organisation", det) < 0)
		return -1;
	/* Show the month of the first row, under its placement's contract. */
	const struct okrow *first = &ok[0];
	for (size_t i = 1; i < nok; i++)
		if (ok[i].row < first->row)
			first = &ok[i];
	int64_t contract = 0;
	for (size_t i = 0; i < npl; i++)
		if (pl[i].a.id == ap[first->pl].id)
			contract = pl[i].contract_id;
	return redirect(
	    r, arena_printf(r->a,
	           "/invoices/days?contract=%lld&month=%04d-%02d"
	           "&msg=uploaded",
	           (long long)contract, first->date.y, first->date.m));
}
