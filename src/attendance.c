/* attendance.c: realised days: status words, the CSV reader, the row
 * rules and the warnings. No HTTP and no SQL here. */
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/attendance.h"
#include "paikka/http.h"
#include "paikka/i18n.h"
#include "paikka/placement.h"

static const char *const status_codes[] = {
    "", "present", "absent_sick", "absent_other"};
static const char *const status_labels[] = {
    "", N_("Present"), N_("Absent, sick"), N_("Absent, other")};

const char *att_status_code(enum att_status s)
{
	return (unsigned)s <= ATT_ABSENT_OTHER ? status_codes[s] : "";
}

enum att_status att_status_from_code(const char *code)
{
	for (int i = ATT_PRESENT; code && i <= ATT_ABSENT_OTHER; i++)
		if (strcmp(code, status_codes[i]) == 0)
			return (enum att_status)i;
	return ATT_NONE;
}

const char *att_status_label(enum att_status s)
{
	return (unsigned)s <= ATT_ABSENT_OTHER ? status_labels[s] : "";
}

/* Lower-cases ASCII letters and Ä (C3 84) / Ö (C3 96) of s into dst (at
 * most n-1 bytes), trimming spaces; 0 when it does not fit. */
static int fold(const char *s, char *dst, size_t n)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 &&
		         (c == 0x84 || c == 0x96))
			c = (unsigned char)(c + 0x20);
		dst[i] = (char)c;
	}
	dst[len] = '\0';
	return 1;
}

enum att_status att_status_from_word(const char *s)
{
	char w[16];
	if (s == NULL || !fold(s, w, sizeof(w)))
		return ATT_NONE;
	if (strcmp(w, "present") == 0 || strcmp(w, "l\xc3\xa4sn\xc3\xa4") == 0)
		return ATT_PRESENT;
	if (strcmp(w, "absent") == 0 || strcmp(w, "poissa") == 0)
		return ATT_ABSENT_OTHER;
	return ATT_NONE;
}

static const char *const err_messages[ATT_E__MAX] = {
    [ATT_OK] = "",
    [ATT_E_REF] = N_("No placement of yours has this client number."),
    [ATT_E_DATE] = N_("The date does not exist. Write it as 14.5.2026 or "
                      "2026-05-14."),
    [ATT_E_STATUS] = N_("The status must be present or absent (läsnä or "
                        "poissa)."),
    [ATT_E_HOURS] = N_("Hours must be a whole number from 1 to 24."),
    [ATT_E_PERIOD] = N_("The date is outside the placement's period."),
    [ATT_E_CONTRACT] = N_("The contract is not in force on this date."),
    [ATT_E_LOCKED] = N_("The invoice of this month is already approved."),
    [ATT_E_COLUMNS] = N_("The row does not have the columns of the header."),
    [ATT_E_DUPLICATE] = N_("The same client and date are on an earlier "
                           "row."),
    [ATT_E_EMPTY] = N_("The file is empty."),
    [ATT_E_ENCODING] = N_("The file is not UTF-8 text."),
    [ATT_E_HEADER] = N_("The first row must be client_ref;date;status, "
                        "optionally with ;hours."),
    [ATT_E_QUOTE] = N_("A quoted field does not end properly."),
    [ATT_E_TOO_MANY] = N_("The file has too many rows."),
    [ATT_E_NO_ROWS] = N_("The file has a header but no rows."),
};

const char *att_error_message(enum att_err e)
{
	return (unsigned)e < ATT_E__MAX ? err_messages[e] : "";
}

/* Reads 1..max digits of s into *v; returns the count read. */
static int digits(const char *s, int max, int *v)
{
	int i = 0, n = 0;
	while (i < max && s[i] >= '0' && s[i] <= '9')
		n = n * 10 + (s[i++] - '0');
	*v = n;
	return i;
}

int att_parse_date(const char *s, struct cal_date *out)
{
	char t[16];
	if (s == NULL || !fold(s, t, sizeof(t)))
		return 0;
	if (cal_parse_iso(t, out))
		return 1;
	int d, m, y, k, i = 0;
	if ((k = digits(t, 2, &d)) == 0 || t[k] != '.')
		return 0;
	i = k + 1;
	if ((k = digits(t + i, 2, &m)) == 0 || t[i + k] != '.')
		return 0;
	i += k + 1;
	if ((k = digits(t + i, 4, &y)) != 4 || t[i + k] != '\0')
		return 0;
	if (!cal_date_valid(y, m, d))
		return 0;
	if (out)
		*out = (struct cal_date){y, m, d};
	return 1;
}

enum att_err att_parse_hours(const char *s, int *out)
{
	char t[8];
	*out = 0;
	if (s == NULL)
		return ATT_OK;
	if (!fold(s, t, sizeof(t)))
		return ATT_E_HOURS;
	if (t[0] == '\0')
		return ATT_OK;
	int v, k = digits(t, 2, &v);
	if (k == 0 || t[k] != '\0' || v < ATT_HOURS_MIN || v > ATT_HOURS_MAX)
		return ATT_E_HOURS;
	*out = v;
	return ATT_OK;
}

/* --- the CSV reader ---------------------------------------------------- */

struct csv_state {
	struct arena *a;
	const char *p, *end;
	char delim;
	size_t row;
};

/* Reads one field into a fresh arena string; *eol is set when the row
 * ended after it (line end or end of data). ATT_OK or ATT_E_QUOTE. */
static enum att_err csv_field(struct csv_state *s, const char **val, int *eol)
{
	const char *p = s->p;
	*eol = 0;
	if (p < s->end && *p == '"') {
		struct buf b;
		buf_init(&b);
		p++;
		for (;;) {
			if (p >= s->end) {
				buf_free(&b);
				return ATT_E_QUOTE;
			}
			if (*p == '"') {
				if (p + 1 < s->end && p[1] == '"') {
					buf_putc(&b, '"');
					p += 2;
					continue;
				}
				p++;
				break;
			}
			buf_putc(&b, *p++);
		}
		*val = arena_strndup(s->a, b.data ? b.data : "", b.len);
		buf_free(&b);
		if (p < s->end && *p == '\r')
			p++;
		if (p >= s->end || *p == '\n') {
			*eol = 1;
			s->p = p < s->end ? p + 1 : p;
			return ATT_OK;
		}
		if (*p != s->delim)
			return ATT_E_QUOTE;
		s->p = p + 1;
		return ATT_OK;
	}
	const char *q = p;
	while (q < s->end && *q != s->delim && *q != '\n')
		q++;
	size_t len = (size_t)(q - p);
	if (len > 0 && q <= s->end && (q == s->end || *q == '\n') &&
	    p[len - 1] == '\r')
		len--;
	*val = arena_strndup(s->a, p, len);
	if (q >= s->end || *q == '\n')
		*eol = 1;
	s->p = q < s->end ? q + 1 : q;
	return ATT_OK;
}

/* Reads one row of at most 8 kept fields; *n gets the count of fields.
 * ATT_E_COLUMNS past 64 fields, so a file of commas stops early. */
static enum att_err csv_row(struct csv_state *s, const char *f[8], int *n)
{
	int eol = 0;
	*n = 0;
	while (!eol) {
		const char *v;
		enum att_err e = csv_field(s, &v, &eol);
		if (e)
			return e;
		if (*n < 8)
			f[*n] = v;
		if (++*n > 64)
			return ATT_E_COLUMNS;
	}
	return ATT_OK;
}

static int blank_line(const char *p, const char *end)
{
	return p < end &&
	       (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'));
}

static int header_ok(const char *f[8], int n)
{
	static const char *const names[] = {
	    "client_ref", "date", "status", "hours"};
	if (n < 3 || n > 4)
		return 0;
	for (int i = 0; i < n; i++) {
		char w[16];
		if (!fold(f[i], w, sizeof(w)) || strcmp(w, names[i]) != 0)
			return 0;
	}
	return 1;
}

enum att_err att_csv_read(
    struct arena *a, const char *data, size_t n, struct att_csv *out)
{
	memset(out, 0, sizeof(*out));
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
	}
	if (memchr(data, '\0', n) != NULL || !utf8_valid(data, n))
		return ATT_E_ENCODING;
	struct csv_state s = {a, data, data + n, ';', 1};
	while (blank_line(s.p, s.end))
		s.p += *s.p == '\r' ? 2 : 1;
	if (s.p >= s.end)
		return ATT_E_EMPTY;
	/* The delimiter is whichever the header line has. */
	const char *nl = memchr(s.p, '\n', (size_t)(s.end - s.p));
	const char *hend = nl ? nl : s.end;
	if (memchr(s.p, ';', (size_t)(hend - s.p)) == NULL &&
	    memchr(s.p, ',', (size_t)(hend - s.p)) != NULL)
		s.delim = ',';
	out->delim = s.delim;
	const char *f[8];
	int nf;
	if (csv_row(&s, f, &nf) != ATT_OK || !header_ok(f, nf))
		return ATT_E_HEADER;
	out->has_hours = nf == 4;
	size_t cap = 64;
	out->rows = arena_alloc(a, cap * sizeof(*out->rows));
	while (s.p < s.end) {
		s.row++;
		if (blank_line(s.p, s.end)) {
			s.p += *s.p == '\r' ? 2 : 1;
			continue;
		}
		if (out->nrows >= ATT_CSV_MAX_ROWS)
			return ATT_E_TOO_MANY;
		enum att_err e = csv_row(&s, f, &nf);
		if (e) {
			out->err_row = s.row;
			return e;
		}
		if (out->nrows == cap) {
			struct att_csv_row *bigger =
			    arena_alloc(a, 2 * cap * sizeof(*bigger));
			memcpy(bigger, out->rows, cap * sizeof(*bigger));
			out->rows = bigger;
			cap *= 2;
		}
		struct att_csv_row *r = &out->rows[out->nrows++];
		r->row = s.row;
		r->ncols = nf;
		r->client_ref = nf > 0 ? f[0] : "";
		r->date = nf > 1 ? f[1] : "";
		r->status = nf > 2 ? f[2] : "";
		r->hours = nf > 3 && out->has_hours ? f[3] : "";
	}
	return out->nrows ? ATT_OK : ATT_E_NO_ROWS;
}

/* --- rules --------------------------------------------------------------- */

static int dset(struct cal_date d)
{
	return d.y != 0;
}

enum att_err att_check_day(const struct att_placement *p, struct cal_date d)
{
	if (placement_date_cmp(d, p->start) < 0)
		return ATT_E_PERIOD;
	if (dset(p->end) && placement_date_cmp(d, p->end) > 0)
		return ATT_E_PERIOD;
	if (dset(p->period_end) && placement_date_cmp(d, p->period_end) > 0)
		return ATT_E_PERIOD;
	if (placement_date_cmp(d, p->contract_start) < 0 ||
	    placement_date_cmp(d, p->contract_end) > 0)
		return ATT_E_CONTRACT;
	return ATT_OK;
}

long att_pick_placement(const struct att_placement *p, size_t n,
    const char *client_ref, struct cal_date d)
{
	long first = -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p[i].client_ref, client_ref) != 0)
			continue;
		if (first < 0)
			first = (long)i;
		if (att_check_day(&p[i], d) != ATT_E_PERIOD)
			return (long)i;
	}
	return first;
}

/* --- warnings ------------------------------------------------------------ */

const char *att_warn_message(enum att_warn w)
{
	switch (w) {
	case ATT_W_WEEKEND:
		return N_("Present on a Saturday or Sunday.");
	case ATT_W_HOLIDAY:
		return N_("Present on a public holiday.");
	case ATT_W_WEEK:
		return N_("More present days in the week than planned.");
	case ATT_W_HOURS:
		return N_("Hours outside 4-6.");
	case ATT_W_SAME_CLIENT:
		return N_("The same client is present in another placement on "
		          "this day.");
	}
	return "";
}

unsigned att_day_warnings(struct cal_date d, enum att_status s, int hours)
{
	unsigned w = 0;
	if (hours && (hours < ATT_HOURS_WARN_MIN || hours > ATT_HOURS_WARN_MAX))
		w |= ATT_W_HOURS;
	if (s != ATT_PRESENT)
		return w;
	if (cal_weekday(d.y, d.m, d.d) >= 6)
		w |= ATT_W_WEEKEND;
	if (cal_finnish_holiday(d.y, d.m, d.d) != CAL_NOT_HOLIDAY)
		w |= ATT_W_HOLIDAY;
	return w;
}

struct cal_date att_iso_monday(struct cal_date d)
{
	return cal_add_days(d.y, d.m, d.d, 1 - cal_weekday(d.y, d.m, d.d));
}

/* A date as one comparable number, without calendar arithmetic: an
 * invoice's check sorts some 10,000 days, and days_from_civil in every
 * comparison was a fifth of its page's time. */
static int32_t dkey(struct cal_date d)
{
	return (int32_t)d.y * 512 + d.m * 32 + d.d;
}

/* What att_warnings needs of a date, worked out once per date: the
 * month's days recur in every placement. */
struct day_memo {
	int32_t key;    /* dkey, 0 for an empty slot */
	int32_t monday; /* dkey of its ISO week's Monday */
	unsigned warn;  /* att_day_warnings of a present day, no hours */
};
enum { MEMO_SLOTS = 64 };

static const struct day_memo *memo(struct day_memo *m, struct cal_date d)
{
	int32_t k = dkey(d);
	struct day_memo *e = &m[(uint32_t)k % MEMO_SLOTS];
	if (e->key != k) {
		e->key = k;
		e->monday = dkey(att_iso_monday(d));
		e->warn = att_day_warnings(d, ATT_PRESENT, 0);
	}
	return e;
}

/* Orders by placement, then day. */
static int by_placement(const void *x, const void *y)
{
	const struct att_day *a = x, *b = y;
	if (a->placement_id != b->placement_id)
		return a->placement_id < b->placement_id ? -1 : 1;
	int32_t da = dkey(a->day), db = dkey(b->day);
	return da < db ? -1 : da > db;
}

/* Orders by client, then day. */
static int by_client(const void *x, const void *y)
{
	const struct att_day *a = x, *b = y;
	int c = strcmp(a->client_ref, b->client_ref);
	if (c)
		return c;
	int32_t da = dkey(a->day), db = dkey(b->day);
	return da < db ? -1 : da > db;
}

void att_warnings(struct att_day *days, size_t n)
{
	if (n == 0)
		return;
	struct day_memo m[MEMO_SLOTS] = {{0, 0, 0}};
	for (size_t i = 0; i < n; i++) {
		struct att_day *d = &days[i];
		d->warn = att_day_warnings(d->day, ATT_ABSENT_OTHER, d->hours);
		if (d->status == ATT_PRESENT)
			d->warn |= memo(m, d->day)->warn;
	}
	/* Present days per placement and ISO week (a run of equal Mondays). */
	qsort(days, n, sizeof(*days), by_placement);
	for (size_t i = 0; i < n;) {
		int32_t mon = memo(m, days[i].day)->monday;
		size_t j = i;
		int present = 0;
		while (j < n && days[j].placement_id == days[i].placement_id &&
		       memo(m, days[j].day)->monday == mon)
			present += days[j++].status == ATT_PRESENT;
		if (present > placement_weekday_count(days[i].weekdays))
			for (size_t k = i; k < j; k++)
				if (days[k].status == ATT_PRESENT)
					days[k].warn |= ATT_W_WEEK;
		i = j;
	}
	/* The same client present on one day in two placements. */
	qsort(days, n, sizeof(*days), by_client);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int present = 0;
		while (j < n &&
		       strcmp(days[j].client_ref, days[i].client_ref) == 0 &&
		       dkey(days[j].day) == dkey(days[i].day))
			present += days[j++].status == ATT_PRESENT;
		if (present > 1)
			for (size_t k = i; k < j; k++)
				if (days[k].status == ATT_PRESENT)
					days[k].warn |= ATT_W_SAME_CLIENT;
		i = j;
	}
}
