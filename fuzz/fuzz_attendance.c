/* fuzz_attendance.c: libFuzzer target for the attendance CSV import
 * (att_csv_read) and the per-row rules and warnings after it, in the order
 * the upload handler (cgi-bin/invoicing/upload.c) applies them.
 *
 * Input: the whole file. The reader must either refuse it with a
 * file-level error, or return rows that obey what attendance.h promises:
 * at most ATT_CSV_MAX_ROWS, row numbers rising from 2, valid UTF-8 fields
 * without the delimiter's line ends outside quotes. Every accepted date
 * must be a real one, hours 1-24, and the warnings must only use the
 * defined bits. A few fixed placements stand in for the database. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/attendance.h"
#include "paikka/calendar.h"
#include "paikka/http.h"

#define ALL_WARN                                                               \
	(ATT_W_WEEKEND | ATT_W_HOLIDAY | ATT_W_WEEK | ATT_W_HOURS |            \
	    ATT_W_SAME_CLIENT)

static const struct att_placement placements[] = {
    {1, "ASIAKAS-7", {2026, 1, 1}, {0, 0, 0}, {2026, 12, 31}, {2025, 1, 1},
        {2027, 12, 31}, 31},
    {2, "AB-12", {2026, 3, 1}, {2026, 6, 30}, {0, 0, 0}, {2026, 1, 1},
        {2026, 12, 31}, 127},
    {3, "AB-12", {2026, 7, 1}, {0, 0, 0}, {0, 0, 0}, {2026, 1, 1},
        {2026, 12, 31}, 1},
    {4, "X", {2026, 5, 1}, {0, 0, 0}, {0, 0, 0}, {2026, 5, 1}, {2026, 5, 31},
        0},
};
#define NPL (sizeof(placements) / sizeof(placements[0]))

static void check_text(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		abort();
}

/* The rules of one row, as upload.c runs them; fills *day on ATT_OK. */
static enum att_err row_rules(const struct att_csv *csv,
    const struct att_csv_row *row, struct att_day *day)
{
	char ref[64];
	struct cal_date d;
	int hours = -1;
	enum att_status s;
	snprintf(ref, sizeof(ref), "%s", row->client_ref);
	char *t = ref + strlen(ref);
	while (t > ref && (t[-1] == ' ' || t[-1] == '\t'))
		*--t = '\0';
	const char *rf = ref + strspn(ref, " \t");
	if (row->ncols != (csv->has_hours ? 4 : 3))
		return ATT_E_COLUMNS;
	if (!att_parse_date(row->date, &d))
		return ATT_E_DATE;
	if (!cal_date_valid(d.y, d.m, d.d))
		abort();
	if ((s = att_status_from_word(row->status)) == ATT_NONE)
		return ATT_E_STATUS;
	if (att_status_from_code(att_status_code(s)) != s)
		abort();
	enum att_err e = att_parse_hours(row->hours, &hours);
	if (e != ATT_OK)
		return e;
	if (hours != 0 && (hours < ATT_HOURS_MIN || hours > ATT_HOURS_MAX))
		abort();
	long pl = att_pick_placement(placements, NPL, rf, d);
	if (pl < 0)
		return ATT_E_REF;
	if (pl >= (long)NPL || strcmp(placements[pl].client_ref, rf) != 0)
		abort();
	e = att_check_day(&placements[pl], d);
	if (e != ATT_OK)
		return e;
	*day = (struct att_day){placements[pl].id, placements[pl].client_ref,
	    placements[pl].weekdays, d, s, hours, 0};
	return ATT_OK;
}

static void check_rows(const struct att_csv *csv, struct arena *a)
{
	if (csv->nrows == 0 || csv->nrows > ATT_CSV_MAX_ROWS)
		abort();
	if (csv->delim != ';' && csv->delim != ',')
		abort();
	struct att_day *days = arena_alloc(a, csv->nrows * sizeof(*days));
	size_t ndays = 0;
	size_t last = 1;
	for (size_t i = 0; i < csv->nrows; i++) {
		const struct att_csv_row *row = &csv->rows[i];
		if (row->row <= last || row->ncols < 1)
			abort();
		last = row->row;
		check_text(row->client_ref);
		check_text(row->date);
		check_text(row->status);
		check_text(row->hours);
		if (!csv->has_hours && row->hours[0] != '\0')
			abort();
		enum att_err e = row_rules(csv, row, &days[ndays]);
		if (e >= ATT_E__MAX)
			abort();
		const char *msg = att_error_message(e);
		if (e != ATT_OK && (msg == NULL || msg[0] == '\0'))
			abort();
		if (e == ATT_OK)
			ndays++;
	}
	att_warnings(days, ndays);
	for (size_t i = 0; i < ndays; i++) {
		unsigned w = days[i].warn;
		if (w & ~(unsigned)ALL_WARN)
			abort();
		if (days[i].status != ATT_PRESENT &&
		    (w & ~(unsigned)ATT_W_HOURS))
			abort();
		for (unsigned bit = 1; bit <= ATT_W_SAME_CLIENT; bit <<= 1)
			if ((w & bit) && att_warn_message(bit)[0] == '\0')
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	if (a == NULL)
		a = arena_new();
	/* An exactly sized copy, so ASan sees a read past the end. */
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	struct att_csv csv;
	enum att_err e = att_csv_read(a, copy, size, &csv);
	if (e == ATT_OK)
		check_rows(&csv, a);
	else if ((e < ATT_E_EMPTY && e != ATT_E_COLUMNS) || e >= ATT_E__MAX)
		abort(); /* ATT_E_COLUMNS: a row of more than 64 fields */
	arena_reset(a);
	free(copy);
	return 0;
}
