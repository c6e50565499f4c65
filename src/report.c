/* report.c: the numbers of the reports (see report.h).
 *
 * Every statement takes the same parameters: ?1 and ?2 the range (dates,
 * or months for invoices), ?3 the scope kind and ?4 its organisation, ?5
 * the language (0 fi, 1 sv, 2 en) for names; a statement binds only
 * those it names. Each report is one grouped query plus one for the total
 * (occupancy: per day; spending: one more for the estimates). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/placement.h"
#include "paikka/report.h"

/* --- names ----------------------------------------------------------- */

static const struct {
	const char *code;
	const char *label;
} groups[REPORT_GROUP__MAX] = {
    [REPORT_BY_PROVIDER] = {"provider", N_("Provider")},
    [REPORT_BY_SERVICE] = {"service", N_("Service type")},
    [REPORT_BY_MUNICIPALITY] = {"municipality", N_("Municipality")},
    [REPORT_BY_FORM] = {"form", N_("Form of the service")},
    [REPORT_BY_MONTH] = {"month", N_("Month")},
    [REPORT_BY_MUNI_SERVICE] = {"both", N_("Municipality and service type")},
};

const char *report_group_code(enum report_group g)
{
	return g < REPORT_GROUP__MAX ? groups[g].code : NULL;
}

enum report_group report_group_from_code(const char *s)
{
	for (int g = 0; s && g < REPORT_GROUP__MAX; g++)
		if (strcmp(groups[g].code, s) == 0)
			return (enum report_group)g;
	return REPORT_GROUP__MAX;
}

const char *report_group_label(enum report_group g)
{
	return g < REPORT_GROUP__MAX ? groups[g].label : NULL;
}

const char *report_form_label(const char *form)
{
	if (form == NULL)
		return NULL;
	if (strcmp(form, "individual") == 0)
		return N_("Individual");
	if (strcmp(form, "group") == 0)
		return N_("Group");
	if (strcmp(form, "both") == 0)
		return N_("Individual or group");
	return NULL;
}

/* --- pure helpers ------------------------------------------------------ */

int report_months(const char *from, const char *to, char (*months)[8], int max)
{
	struct cal_date f, t;
	if (!cal_parse_iso(from, &f) || !cal_parse_iso(to, &t))
		return -1;
	int first = f.y * 12 + f.m - 1, last = t.y * 12 + t.m - 1;
	if (last < first || last - first + 1 > max)
		return -1;
	for (int k = first; k <= last; k++)
		snprintf(months[k - first], 8, "%04u-%02u",
		    (unsigned)(k / 12) % 10000u, (unsigned)(k % 12 + 1));
	return last - first + 1;
}

int report_share_x10(int64_t part, int64_t total)
{
	if (total <= 0)
		return 0;
	__int128 x = ((__int128)part * 1000 + total / 2) / total;
	return (int)x;
}

int report_estimate(int64_t est_year, int64_t share, int64_t in_force,
    int64_t price, int64_t *days, int64_t *cents)
{
	int64_t num, den, money, half;
	if (share < 1 || est_year < 0 || in_force < 0 || price < 0 ||
	    __builtin_mul_overflow(est_year, in_force, &num) ||
	    __builtin_mul_overflow(share, (int64_t)365, &den) ||
	    __builtin_mul_overflow(num, price, &money))
		return -1;
	half = den / 2;
	if (__builtin_add_overflow(num, half, &num) ||
	    __builtin_add_overflow(money, half, &money))
		return -1;
	*days = num / den;
	*cents = money / den;
	return 0;
}

int64_t report_overlap_days(struct cal_date first, struct cal_date last,
    struct cal_date from, struct cal_date to)
{
	int64_t a = cal_days_from_civil(first.y, first.m, first.d);
	int64_t b = cal_days_from_civil(last.y, last.m, last.d);
	int64_t c = cal_days_from_civil(from.y, from.m, from.d);
	int64_t d = cal_days_from_civil(to.y, to.m, to.d);
	int64_t lo = a > c ? a : c, hi = b < d ? b : d;
	return hi >= lo ? hi - lo + 1 : 0;
}

char *report_fmt_count(char *dst, size_t n, int64_t v, enum lang l)
{
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char digits[24], out[48];
	int nd =
	    snprintf(digits, sizeof(digits), "%llu", (unsigned long long)mag);
	const char *sep = l == LANG_EN ? "," : "\xc2\xa0";
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			memcpy(out + o, sep, strlen(sep));
			o += strlen(sep);
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	if (n)
		snprintf(dst, n, "%s", out);
	return dst;
}

char *report_fmt_share(char *dst, size_t n, int x10, enum lang l)
{
	if (n == 0)
		return dst;
	if (l == LANG_EN)
		snprintf(dst, n, "%d.%d%%", x10 / 10, x10 % 10);
	else
		snprintf(dst, n, "%d,%d\xc2\xa0%%", x10 / 10, x10 % 10);
	return dst;
}

char *report_csv_share(char *dst, size_t n, int x10)
{
	if (n)
		snprintf(dst, n, "%d,%d", x10 / 10, x10 % 10);
	return dst;
}

/* --- tables ------------------------------------------------------------ */

struct builder {
	struct arena *a;
	struct report_table *t;
	size_t cap;
	const char **sort; /* a sort key per row, parallel to rows */
};

static void builder_init(
    struct builder *b, struct arena *a, struct report_table *t)
{
	memset(t, 0, sizeof(*t));
	b->a = a;
	b->t = t;
	b->cap = 16;
	t->rows = arena_alloc(a, b->cap * sizeof(*t->rows));
	b->sort = arena_alloc(a, b->cap * sizeof(*b->sort));
}

static struct report_row *builder_add(struct builder *b, const char *key,
    const char *label, const char *label2, const char *sort)
{
	struct report_table *t = b->t;
	if (t->n == b->cap) {
		struct report_row *rows =
		    arena_alloc(b->a, 2 * b->cap * sizeof(*rows));
		const char **sorts =
		    arena_alloc(b->a, 2 * b->cap * sizeof(*sorts));
		memcpy(rows, t->rows, t->n * sizeof(*rows));
		memcpy(sorts, b->sort, t->n * sizeof(*sorts));
		t->rows = rows;
		b->sort = sorts;
		b->cap *= 2;
	}
	struct report_row *r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	r->key = arena_strdup(b->a, key);
	r->label = arena_strdup(b->a, label);
	r->label2 = label2 ? arena_strdup(b->a, label2) : NULL;
	b->sort[t->n++] = arena_strdup(b->a, sort ? sort : label);
	return r;
}

static struct report_row *builder_find(struct builder *b, const char *key)
{
	for (size_t i = 0; i < b->t->n; i++)
		if (strcmp(b->t->rows[i].key, key) == 0)
			return &b->t->rows[i];
	return NULL;
}

/* Sorts rows by their sort keys, then keys (a stable order). */
static void builder_sort(struct builder *b)
{
	struct report_table *t = b->t;
	for (size_t i = 1; i < t->n; i++)
		for (size_t j = i; j > 0; j--) {
			int c = strcmp(b->sort[j - 1], b->sort[j]);
			if (c < 0 || (c == 0 && strcmp(t->rows[j - 1].key,
			                            t->rows[j].key) <= 0))
				break;
			struct report_row r = t->rows[j];
			t->rows[j] = t->rows[j - 1];
			t->rows[j - 1] = r;
			const char *s = b->sort[j];
			b->sort[j] = b->sort[j - 1];
			b->sort[j - 1] = s;
		}
}

static int add(int64_t *sum, int64_t x)
{
	return __builtin_add_overflow(*sum, x, sum) ? -1 : 0;
}

/* Binds the common parameters (see the top of the file). */
static void bind_common(sqlite3_stmt *st, const char *p1, const char *p2,
    const struct report_scope *s, enum lang l)
{
	db_bind_text(st, 1, p1);
	db_bind_text(st, 2, p2);
	db_bind_int(st, 3, s->kind);
	db_bind_int(st, 4, s->org);
	db_bind_int(st, 5, l == LANG_SV ? 1 : l == LANG_EN ? 2 : 0);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
	                                                 : db_col_text(st, i);
}

/* --- volume ------------------------------------------------------------ */

#define SCOPE_P                                                                \
	"(?3 = 0 OR (?3 = 1 AND p.org_id = ?4) OR (?3 = 2 AND "                \
	"p.caseworker_org_id = ?4))"
#define VOL_FROM                                                               \
	" FROM attendance a JOIN placements p ON p.id = a.placement_id "       \
	"JOIN places pl ON pl.id = p.place_id "
#define VOL_WHERE                                                              \
	" WHERE a.status = 'present' AND a.day BETWEEN ?1 AND ?2 AND " SCOPE_P
#define SERVICE_NAME                                                           \
	"s.code || ' ' || CASE ?5 WHEN 0 THEN s.name_fi WHEN 1 THEN "          \
	"s.name_sv ELSE s.name_en END"
#define MUNI_NAME "CASE ?5 WHEN 1 THEN m.name_sv ELSE m.name_fi END"

/* Columns: key, label, sort, clients, days. */
static const char *const SQL_VOLUME[] = {
    [REPORT_BY_PROVIDER] =
        "SELECT o.id, o.name, o.name, count(DISTINCT p.client_ref), "
        "count(*)" VOL_FROM "JOIN organisations o ON o.id = p.org_id" VOL_WHERE
        " GROUP BY o.id",
    [REPORT_BY_SERVICE] =
        "SELECT s.id, " SERVICE_NAME ", printf('%03d', s.code), "
        "count(DISTINCT p.client_ref), count(*)" VOL_FROM
        "JOIN service_types s ON s.id = pl.service_type_id" VOL_WHERE
        " GROUP BY s.id",
    [REPORT_BY_MUNICIPALITY] =
        "SELECT m.id, " MUNI_NAME ", " MUNI_NAME ", "
        "count(DISTINCT p.client_ref), count(*)" VOL_FROM
        "JOIN municipalities m ON m.id = pl.municipality_id" VOL_WHERE
        " GROUP BY m.id",
    [REPORT_BY_FORM] =
        "SELECT pl.form, pl.form, CASE pl.form WHEN 'individual' THEN 1 "
        "WHEN 'group' THEN 2 ELSE 3 END, count(DISTINCT p.client_ref), "
        "count(*)" VOL_FROM VOL_WHERE " GROUP BY pl.form",
    [REPORT_BY_MONTH] =
        "SELECT substr(a.day, 1, 7), substr(a.day, 1, 7), substr(a.day, 1, "
        "7), count(DISTINCT p.client_ref), count(*)" VOL_FROM VOL_WHERE
        " GROUP BY 1",
};

static const char SQL_VOLUME_TOTAL[] =
    "SELECT count(DISTINCT p.client_ref), count(*)" VOL_FROM VOL_WHERE;

/* Every month of from..to as a row of zeros, so empty months show. */
static int month_rows(struct builder *b, const char *from, const char *to)
{
	char(*months)[8] = arena_alloc(b->a, REPORT_MONTHS_MAX * 8);
	int n = report_months(from, to, months, REPORT_MONTHS_MAX);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		builder_add(b, months[i], months[i], NULL, months[i]);
	return 0;
}

int report_volume(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *from, const char *to,
    enum report_group g, struct report_table *out)
{
	struct builder b;
	builder_init(&b, a, out);
	if (g >= REPORT_BY_MUNI_SERVICE)
		return -1;
	if (g == REPORT_BY_MONTH && month_rows(&b, from, to))
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_VOLUME[g]);
	if (st == NULL)
		return -1;
	bind_common(st, from, to, s, l);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = db_col_text(st, 0);
		struct report_row *r = builder_find(&b, key);
		if (r == NULL)
			r = builder_add(&b, key, db_col_text(st, 1), NULL,
			    db_col_text(st, 2));
		r->clients = sqlite3_column_int64(st, 3);
		r->days = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	builder_sort(&b);
	st = db_stmt(db, SQL_VOLUME_TOTAL);
	if (st == NULL)
		return -1;
	bind_common(st, from, to, s, l);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->total.clients = sqlite3_column_int64(st, 0);
		out->total.days = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* --- outcomes ---------------------------------------------------------- */

static const char SQL_OUTCOMES[] =
    "SELECT p.outcome, count(*) FROM placements p WHERE p.status = "
    "'ended' AND p.end_date BETWEEN ?1 AND ?2 AND (?6 = 0 OR p.org_id = "
    "?6) AND " SCOPE_P " GROUP BY p.outcome";

int report_outcomes(sqlite3 *db, const struct report_scope *s, const char *from,
    const char *to, int64_t provider, int64_t *counts, int64_t *total)
{
	size_t n = placement_outcome_count();
	memset(counts, 0, n * sizeof(*counts));
	*total = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_OUTCOMES);
	if (st == NULL)
		return -1;
	bind_common(st, from, to, s, LANG_FI);
	db_bind_int(st, 6, provider);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = db_col_text(st, 0);
		int64_t k = sqlite3_column_int64(st, 1);
		for (size_t i = 0; i < n; i++)
			if (strcmp(placement_outcome_code(i), code) == 0)
				counts[i] = k;
		if (add(total, k))
			rc = SQLITE_ERROR;
		if (rc != SQLITE_ROW)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- occupancy --------------------------------------------------------- */

/* The places in the catalogue on ?1 with the placements active then. */
#define OCC_PLACES                                                             \
	"(SELECT pl.capacity AS capacity, pl.municipality_id AS muni, "        \
	"pl.service_type_id AS service, (SELECT count(*) FROM placements p "   \
	"WHERE p.place_id = pl.id AND p.status IN ('active', 'ended') AND "    \
	"p.start_date <= ?1 AND (p.end_date IS NULL OR p.end_date >= ?1)) AS " \
	"active FROM places pl JOIN contracts c ON c.id = pl.contract_id "     \
	"WHERE c.status IN ('active', 'ended', 'terminated') AND "             \
	"c.start_date <= ?1 AND c.end_date >= ?1 AND (c.ended_at IS NULL OR "  \
	"date(c.ended_at, 'unixepoch', 'localtime') > ?1) AND "                \
	"date(pl.created_at, 'unixepoch', 'localtime') <= ?1 AND (pl.status "  \
	"<> 'closed' OR date(pl.updated_at, 'unixepoch', 'localtime') > ?1) "  \
	"AND (?3 <> 1 OR pl.org_id = ?4)) x "
#define OCC_SUMS                                                               \
	"sum(x.capacity), sum(x.active), sum(max(x.capacity - x.active, 0))"

/* Columns: key, label, label2, sort, capacity, active, free. */
static const char *const SQL_OCCUPANCY[] = {
    [REPORT_BY_SERVICE] =
        "SELECT s.id, " SERVICE_NAME ", NULL, printf('%03d', s.code), " OCC_SUMS
        " FROM " OCC_PLACES "JOIN service_types s ON s.id = x.service GROUP BY "
        "s.id",
    [REPORT_BY_MUNICIPALITY] =
        "SELECT m.id, " MUNI_NAME ", NULL, " MUNI_NAME ", " OCC_SUMS
        " FROM " OCC_PLACES "JOIN municipalities m ON m.id = x.muni GROUP "
        "BY m.id",
    [REPORT_BY_MUNI_SERVICE] =
        "SELECT m.id || '-' || s.id, " MUNI_NAME ", " SERVICE_NAME
        ", " MUNI_NAME " || printf(' %03d', s.code), " OCC_SUMS
        " FROM " OCC_PLACES "JOIN municipalities m ON m.id = x.muni JOIN "
        "service_types s ON s.id = x.service GROUP BY m.id, s.id",
};

static const char SQL_OCCUPANCY_TOTAL[] =
    "SELECT coalesce(sum(x.capacity), 0), coalesce(sum(x.active), 0), "
    "coalesce(sum(max(x.capacity - x.active, 0)), 0) FROM " OCC_PLACES;

int report_occupancy(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *day, enum report_group g,
    struct report_table *out)
{
	struct builder b;
	builder_init(&b, a, out);
	if (g != REPORT_BY_SERVICE && g != REPORT_BY_MUNICIPALITY &&
	    g != REPORT_BY_MUNI_SERVICE)
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_OCCUPANCY[g]);
	if (st == NULL)
		return -1;
	bind_common(st, day, NULL, s, l);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_row *r = builder_add(&b, db_col_text(st, 0),
		    db_col_text(st, 1), col(st, 2), db_col_text(st, 3));
		r->capacity = sqlite3_column_int64(st, 4);
		r->active = sqlite3_column_int64(st, 5);
		r->free = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	builder_sort(&b);
	st = db_stmt(db, SQL_OCCUPANCY_TOTAL);
	if (st == NULL)
		return -1;
	bind_common(st, day, NULL, s, l);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->total.capacity = sqlite3_column_int64(st, 0);
		out->total.active = sqlite3_column_int64(st, 1);
		out->total.free = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* --- spending ---------------------------------------------------------- */

#define SPEND_FROM                                                             \
	" FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
#define SPEND_WHERE                                                            \
	" WHERE i.status = 'approved' AND i.month BETWEEN ?1 AND ?2 AND (?3 "  \
	"= 0 OR (?3 = 1 AND i.org_id = ?4) OR (?3 = 2 AND l.placement_id IN "  \
	"(SELECT id FROM placements WHERE caseworker_org_id = ?4)))"
#define SPEND_SUMS "sum(l.net_days), sum(l.net_cents)"

/* Columns: key, label, sort, days, cents. */
static const char *const SQL_SPENDING[] = {
    [REPORT_BY_PROVIDER] =
        "SELECT o.id, o.name, o.name, " SPEND_SUMS SPEND_FROM
        "JOIN organisations o ON o.id = i.org_id" SPEND_WHERE " GROUP BY o.id",
    [REPORT_BY_SERVICE] =
        "SELECT s.id, " SERVICE_NAME
        ", printf('%03d', s.code), " SPEND_SUMS SPEND_FROM
        "JOIN service_types s ON s.id = l.service_type_id" SPEND_WHERE
        " GROUP BY s.id",
    [REPORT_BY_MONTH] =
        "SELECT i.month, i.month, i.month, " SPEND_SUMS SPEND_FROM SPEND_WHERE
        " GROUP BY i.month",
};

/* Contracts in force in ?1..?2 (dates) with a lot: org, provider name,
 * service type, its name and sort key, daily price, first and last day
 * in force, the lot's days a year and how many contracts share them. */
static const char SQL_ESTIMATES[] =
    "SELECT c.org_id, o.name, c.service_type_id, " SERVICE_NAME
    ", printf('%03d', s.code), c.daily_price_cents, c.start_date, CASE "
    "WHEN c.ended_at IS NOT NULL AND date(c.ended_at, 'unixepoch', "
    "'localtime', '-1 day') < c.end_date THEN date(c.ended_at, "
    "'unixepoch', 'localtime', '-1 day') ELSE c.end_date END, "
    "l.est_days_per_year, (SELECT count(*) FROM contracts c2 WHERE "
    "c2.lot_id = c.lot_id AND c2.status <> 'draft') FROM contracts c JOIN "
    "organisations o ON o.id = c.org_id JOIN service_types s ON s.id = "
    "c.service_type_id JOIN lots l ON l.id = c.lot_id WHERE c.status IN "
    "('active', 'ended', 'terminated') AND c.start_date <= ?2 AND "
    "c.end_date >= ?1 AND (?3 = 0 OR (?3 = 1 AND c.org_id = ?4)) ORDER BY "
    "c.id";

struct months {
	char (*m)[8];
	int n;
};

/* Adds one contract's estimate for each month to its group's row. */
static int estimate_contract(struct builder *b, sqlite3_stmt *st,
    const struct months *ms, enum report_group g)
{
	struct cal_date first, last;
	if (!cal_parse_iso(db_col_text(st, 6), &first) ||
	    !cal_parse_iso(db_col_text(st, 7), &last))
		return 0; /* a contract without a usable period adds nothing */
	int64_t price = sqlite3_column_int64(st, 5);
	int64_t est = sqlite3_column_int64(st, 8);
	int64_t share = sqlite3_column_int64(st, 9);
	for (int i = 0; i < ms->n; i++) {
		int y = atoi(ms->m[i]), m = atoi(ms->m[i] + 5);
		struct cal_date mf = {y, m, 1};
		struct cal_date ml = {y, m, cal_days_in_month(y, m)};
		int64_t n = report_overlap_days(first, last, mf, ml), d, c;
		if (n == 0)
			continue;
		if (report_estimate(est, share, n, price, &d, &c))
			return -1;
		char key[32];
		const char *label = ms->m[i], *sort = ms->m[i];
		if (g == REPORT_BY_PROVIDER) {
			snprintf(key, sizeof(key), "%lld",
			    (long long)sqlite3_column_int64(st, 0));
			label = sort = db_col_text(st, 1);
		} else if (g == REPORT_BY_SERVICE) {
			snprintf(key, sizeof(key), "%lld",
			    (long long)sqlite3_column_int64(st, 2));
			label = db_col_text(st, 3);
			sort = db_col_text(st, 4);
		} else {
			snprintf(key, sizeof(key), "%s", ms->m[i]);
		}
		struct report_row *r = builder_find(b, key);
		if (r == NULL)
			r = builder_add(b, key, label, NULL, sort);
		if (add(&r->est_days, d) || add(&r->est_cents, c))
			return -1;
	}
	return 0;
}

static int estimates(struct builder *b, sqlite3 *db,
    const struct report_scope *s, const struct months *ms, enum report_group g,
    enum lang l)
{
	char from[16], to[16];
	int y = atoi(ms->m[ms->n - 1]), m = atoi(ms->m[ms->n - 1] + 5);
	snprintf(from, sizeof(from), "%s-01", ms->m[0]);
	snprintf(to, sizeof(to), "%s-%02d", ms->m[ms->n - 1],
	    cal_days_in_month(y, m));
	sqlite3_stmt *st = db_stmt(db, SQL_ESTIMATES);
	if (st == NULL)
		return -1;
	bind_common(st, from, to, s, l);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (estimate_contract(b, st, ms, g)) {
			rc = SQLITE_ERROR;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int report_spending(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *from, const char *to,
    enum report_group g, struct report_table *out)
{
	struct builder b;
	builder_init(&b, a, out);
	if (g != REPORT_BY_MONTH && g != REPORT_BY_PROVIDER &&
	    g != REPORT_BY_SERVICE)
		return -1;
	struct months ms = {arena_alloc(a, REPORT_MONTHS_MAX * 8), 0};
	ms.n = report_months(from, to, ms.m, REPORT_MONTHS_MAX);
	if (ms.n < 1 || (g == REPORT_BY_MONTH && month_rows(&b, from, to)))
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_SPENDING[g]);
	if (st == NULL)
		return -1;
	bind_common(st, ms.m[0], ms.m[ms.n - 1], s, l);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = db_col_text(st, 0);
		struct report_row *r = builder_find(&b, key);
		if (r == NULL)
			r = builder_add(&b, key, db_col_text(st, 1), NULL,
			    db_col_text(st, 2));
		r->days = sqlite3_column_int64(st, 3);
		r->cents = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || estimates(&b, db, s, &ms, g, l))
		return -1;
	builder_sort(&b);
	for (size_t i = 0; i < out->n; i++) {
		struct report_row *r = &out->rows[i];
		if (add(&out->total.days, r->days) ||
		    add(&out->total.cents, r->cents) ||
		    add(&out->total.est_days, r->est_days) ||
		    add(&out->total.est_cents, r->est_cents))
			return -1;
	}
	return 0;
}
