/* places_search.c: the catalogue search of caseworkers, officers and
 * administrators: full text over places_fts (the words turned into a
 * safe MATCH expression by place_match_build) and filters, sorted by
 * relevance or name, 20 a page. Caseworkers find only open places of
 * active contracts; officers and administrators may choose the status.
 *
 * Every filter is a bound parameter that is 0 or '' when not used, so
 * the three statements below are fixed texts; only the choice between
 * them and the MATCH expression depend on the request. */
#include <string.h>

#include "paikka/db.h"
#include "paikka/html.h"
#include "paikka/place.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "places.h"

/* ?1 today, ?2 municipality, ?3 service type, ?4 form, ?5 weekday bit,
 * ?6 language bit, ?7 free capacity wanted, ?8 place status ('' any),
 * ?9 only active contracts, ?10 MATCH, ?11 limit, ?12 offset.
 *
 * The inner query picks one page of place ids and counts every result
 * (a window, so no second query); the outer one reads the page's
 * columns and free seats, 20 rows instead of every match. With words or
 * a municipality or service, the candidates come from places_fts: the
 * filters are tokens of its facets column (migration 0013), so the
 * index intersects posting lists and only matching places are read. */
#define S_WHERE                                                                \
	"(?2 = 0 OR p.municipality_id = ?2) "                                  \
	"AND (?3 = 0 OR p.service_type_id = ?3) "                              \
	"AND (?4 = '' OR p.form = ?4 OR p.form = 'both') "                     \
	"AND (?5 = 0 OR (p.weekdays & ?5) <> 0) "                              \
	"AND (?6 = 0 OR (p.languages & ?6) <> 0) "                             \
	"AND (?8 = '' OR p.status = ?8) "                                      \
	"AND (?9 = 0 OR c.status = 'active') "                                 \
	"AND (?7 = 0 OR p.capacity > " PLACE_SQL_TAKEN("?1") ") "
#define S_PAGE(order, from)                                                    \
	"SELECT p.id AS id, count(*) OVER () AS total, row_number() OVER "     \
	"(ORDER BY " order ") AS n " from                                      \
	"JOIN contracts c ON c.id = p.contract_id WHERE " S_WHERE              \
	"ORDER BY " order " LIMIT ?11 OFFSET ?12"
#define S_OUTER(page)                                                          \
	"SELECT p.id, p.title, o.name, m.name_fi, m.name_sv, st.name_fi, "     \
	"st.name_sv, st.name_en, p.form, p.weekdays, p.hours_min, "            \
	"p.hours_max, p.languages, p.capacity, p.capacity - " PLACE_SQL_TAKEN( \
	    "?1") ", p.status, p.tasks, q.total FROM (" page ") q "            \
	          "JOIN places p ON p.id = q.id "                              \
	          "JOIN organisations o ON o.id = p.org_id "                   \
	          "JOIN municipalities m ON m.id = p.municipality_id "         \
	          "JOIN service_types st ON st.id = p.service_type_id ORDER "  \
	          "BY q.n"
/* hits(): the words' hits weighted by column (title 10, description 1,
 * tasks 4, municipality 4; facets 0), see db.c. */
#define S_HITS(score)                                                          \
	"WITH h AS MATERIALIZED (SELECT rowid AS id" score " FROM "            \
	"places_fts WHERE places_fts MATCH ?10) "
#define S_FROM_HITS "FROM h CROSS JOIN places p ON p.id = h.id "
#define S_BY_NAME "p.title COLLATE NOCASE, p.id"

static const char SQL_FTS_RELEVANCE[] =
    S_HITS(", hits(places_fts, 10.0, 1.0, 4.0, 4.0) AS score")
        S_OUTER(S_PAGE("h.score DESC, " S_BY_NAME, S_FROM_HITS));
static const char SQL_FTS_NAME[] =
    S_HITS("") S_OUTER(S_PAGE(S_BY_NAME, S_FROM_HITS));
static const char SQL_PLAIN_NAME[] =
    S_OUTER(S_PAGE(S_BY_NAME, "FROM places p "));

/* The columns the user's words are looked for in: not facets. */
#define WORD_COLUMNS "{title description tasks municipality}"

/* A checked search: the values as typed (for the form and page links)
 * and what they mean. */
struct search {
	const char *q, *municipality, *service, *form, *weekday, *language,
	    *free, *status, *sort;
	const char *match; /* "" for no text search */
	int64_t municipality_id, service_id, page;
	unsigned weekday_bit, language_bit;
	const char *status_value; /* '' for any */
	int active_only, relevance;
};

static const char *query_or_empty(struct req *r, const char *name)
{
	const char *s = req_query(r, name);
	return s ? s : "";
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static void read_text(struct req *r, struct tvars *v, struct search *s)
{
	s->match = "";
	if (blank(s->q))
		return;
	struct buf b;
	buf_init(&b);
	switch (place_match_build(s->q, strlen(s->q), &b, NULL)) {
	case PLACE_QUERY_OK:
		s->match = arena_strdup(r->a, b.data);
		break;
	case PLACE_QUERY_EMPTY:
		field_error(v, "q",
		    _("Write at least one word of letters or numbers."));
		break;
	case PLACE_QUERY_TOO_LONG:
		field_error(v, "q",
		    _("The search is too long: write at most 200 characters."));
		break;
	case PLACE_QUERY_TOO_MANY:
		field_error(v, "q",
		    _("The search has too many words: write at most 10."));
		break;
	default:
		field_error(v, "q", _("The search text could not be read."));
	}
	buf_free(&b);
}

/* An optional id filter: "" is 0; anything else must be a number. */
static void read_id(struct tvars *v, const char *s, const char *field,
    int64_t *id, const char *message)
{
	*id = 0;
	if (*s && !valid_int(s, 1, INT64_MAX, id))
		field_error(v, field, message);
}

static void read_status(struct req *r, struct tvars *v, struct search *s)
{
	s->status_value = "open";
	s->active_only = 1;
	if (r->user->role == ROLE_CASEWORKER)
		return;
	tv_bool(v, "choose_status", 1);
	if (!*s->status || strcmp(s->status, "open") == 0)
		return;
	s->active_only = 0;
	if (strcmp(s->status, "all") == 0)
		s->status_value = "";
	else if (!strcmp(s->status, "paused") || !strcmp(s->status, "closed"))
		s->status_value = s->status;
	else
		field_error(v, "status", _("Choose a status from the list."));
}

static void read_search(struct req *r, struct tvars *v, struct search *s)
{
	static const char *const names[] = {"q", "municipality", "service",
	    "form", "weekday", "language", "free", "status", "sort"};
	const char **vals[] = {&s->q, &s->municipality, &s->service, &s->form,
	    &s->weekday, &s->language, &s->free, &s->status, &s->sort};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		*vals[i] = query_or_empty(r, names[i]);
		tv_set(v, arena_printf(r->a, "f_%s", names[i]), *vals[i]);
	}
	read_text(r, v, s);
	read_id(v, s->municipality, "municipality", &s->municipality_id,
	    _("Choose a municipality from the list."));
	read_id(v, s->service, "service", &s->service_id,
	    _("Choose a service from the list."));
	if (*s->form && strcmp(s->form, "individual") &&
	    strcmp(s->form, "group") && strcmp(s->form, "both"))
		field_error(v, "form", _("Choose a form from the list."));
	s->weekday_bit = place_code_bit(place_weekdays, 7, s->weekday);
	if (*s->weekday && !s->weekday_bit)
		field_error(v, "weekday", _("Choose a weekday from the list."));
	s->language_bit = place_code_bit(place_languages, 3, s->language);
	if (*s->language && !s->language_bit)
		field_error(
		    v, "language", _("Choose a language from the list."));
	read_status(r, v, s);
	s->relevance = *s->match && strcmp(s->sort, "name") != 0;
	if (*s->sort && strcmp(s->sort, "name") && strcmp(s->sort, "relevance"))
		field_error(v, "sort", _("Choose an order from the list."));
	const char *page = query_or_empty(r, "page");
	s->page = 1;
	if (*page && !valid_int(page, 1, 100000, &s->page))
		field_error(v, "page", _("Bad page number."));
}

/* --- the form's choices -------------------------------------------------- */

static const char SQL_MUNIS[] =
    "SELECT id, name_fi, name_sv FROM municipalities m WHERE active = 1 OR "
    "EXISTS (SELECT 1 FROM places WHERE municipality_id = m.id) "
    "ORDER BY name_fi";
static const char SQL_SERVICES[] =
    "SELECT id, name_fi, name_sv, name_en FROM service_types ORDER BY code";

static void option(
    struct tlist *l, const char *value, const char *label, const char *selected)
{
	struct tvars *it = tl_add(l);
	tv_set(it, "value", value);
	tv_set(it, "label", label);
	tv_bool(it, "selected", strcmp(value, selected) == 0);
}

static int db_options(struct req *r, struct tvars *v, const char *key,
    const char *sql, int ncols, const char *selected)
{
	struct tlist *l = tv_list(v, key);
	option(l, "", _("Any"), selected);
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		option(l, db_col_text(st, 0),
		    places_pick_name(r, db_col_text(st, 1), db_col_text(st, 2),
		        ncols > 3 ? db_col_text(st, 3) : NULL),
		    selected);
	sqlite3_reset(st);
	return 0;
}

static void code_options(struct tvars *v, const char *key,
    const struct place_code *table, size_t n, const char *selected)
{
	struct tlist *l = tv_list(v, key);
	option(l, "", _("Any"), selected);
	for (size_t i = 0; i < n; i++)
		option(l, table[i].code, _(table[i].name), selected);
}

static int search_options(struct req *r, struct tvars *v, struct search *s)
{
	if (db_options(r, v, "opt_munis", SQL_MUNIS, 3, s->municipality) ||
	    db_options(r, v, "opt_services", SQL_SERVICES, 4, s->service))
		return -1;
	struct tlist *l = tv_list(v, "opt_forms");
	option(l, "", _("Any"), s->form);
	option(l, "individual", _("Individual"), s->form);
	option(l, "group", _("Group"), s->form);
	code_options(v, "opt_weekdays", place_weekdays, 7, s->weekday);
	code_options(v, "opt_languages", place_languages, 3, s->language);
	l = tv_list(v, "opt_statuses");
	option(l, "open", _("Open"), *s->status ? s->status : "open");
	option(l, "paused", _("Paused"), s->status);
	option(l, "closed", _("Closed"), s->status);
	option(l, "all", _("All"), s->status);
	l = tv_list(v, "opt_sorts");
	const char *sort = *s->sort ? s->sort : "relevance";
	option(l, "relevance", _("Best match first"), sort);
	option(l, "name", _("By name"), sort);
	tv_bool(v, "free_checked", *s->free != '\0');
	return 0;
}

/* --- running it ---------------------------------------------------------- */

static void bind_search(
    sqlite3_stmt *st, const struct search *s, const char *today)
{
	db_bind_text(st, 1, today);
	db_bind_int(st, 2, s->municipality_id);
	db_bind_int(st, 3, s->service_id);
	db_bind_text(st, 4, s->form);
	db_bind_int(st, 5, s->weekday_bit);
	db_bind_int(st, 6, s->language_bit);
	db_bind_int(st, 7, *s->free != '\0');
	db_bind_text(st, 8, s->status_value);
	db_bind_int(st, 9, s->active_only);
	db_bind_int(st, 11, PLACE_PAGE_SIZE);
	db_bind_int(st, 12, (s->page - 1) * PLACE_PAGE_SIZE);
}

/* The link to page n of this search: every used filter, url_arg-encoded. */
static const char *page_href(struct req *r, const struct search *s, int64_t n)
{
	const char *names[] = {"q", "municipality", "service", "form",
	    "weekday", "language", "free", "status", "sort"};
	const char *vals[] = {s->q, s->municipality, s->service, s->form,
	    s->weekday, s->language, s->free, s->status, s->sort};
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "/places?");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!*vals[i])
			continue;
		buf_printf(&b, "%s=", names[i]);
		url_arg(&b, vals[i]);
		buf_putc(&b, '&');
	}
	buf_printf(&b, "page=%lld", (long long)n);
	const char *href = arena_strdup(r->a, b.data);
	buf_free(&b);
	return href;
}

static void result_row(
    struct req *r, struct tvars *it, sqlite3_stmt *st, int show_status)
{
	tv_set(it, "id", db_col_text(st, 0));
	tv_set(it, "place_title", db_col_text(st, 1));
	tv_set(it, "org_name", db_col_text(st, 2));
	tv_set(it, "municipality",
	    places_pick_name(r, db_col_text(st, 3), db_col_text(st, 4), NULL));
	tv_set(it, "service_type",
	    places_pick_name(
	        r, db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7)));
	tv_set(it, "form", places_form_label(db_col_text(st, 8)));
	tv_set(it, "days",
	    places_days_text(r, (unsigned)sqlite3_column_int(st, 9)));
	tv_set(it, "hours",
	    places_hours_text(
	        r, sqlite3_column_int(st, 10), sqlite3_column_int(st, 11)));
	tv_set(it, "languages",
	    places_langs_text(r, (unsigned)sqlite3_column_int(st, 12)));
	tv_set(it, "capacity", db_col_text(st, 13));
	int64_t free = sqlite3_column_int64(st, 14);
	tv_setf(it, "free", "%lld", (long long)(free > 0 ? free : 0));
	if (show_status)
		tv_set(it, "status", places_status_label(db_col_text(st, 15)));
	tv_set(it, "tasks", places_tasks_text(r, db_col_text(st, 16)));
}

/* The MATCH expression of the search: the words in WORD_COLUMNS and the
 * municipality and service as facet tokens; "" when it has none. */
static const char *full_match(struct req *r, const struct search *s)
{
	long long mu = s->municipality_id, sv = s->service_id;
	const char *m =
	    *s->match ? arena_printf(r->a, WORD_COLUMNS " : (%s)", s->match)
	              : "";
	const char *facet = mu && sv ? arena_printf(r->a, "m%llds%lld", mu, sv)
	                    : mu     ? arena_printf(r->a, "m%lld", mu)
	                    : sv     ? arena_printf(r->a, "s%lld", sv)
	                             : NULL;
	if (facet)
		m = arena_printf(
		    r->a, "%s%sfacets : \"%s\"", m, *m ? " AND " : "", facet);
	return m;
}

/* Lists one page of results into l; *total gets the number of results
 * when the page has any (0 otherwise). */
static int run_page(struct req *r, struct search *s, const char *match,
    struct tlist *l, int64_t *total)
{
	sqlite3_stmt *st = db_stmt(r->db, !*match        ? SQL_PLAIN_NAME
	                                  : s->relevance ? SQL_FTS_RELEVANCE
	                                                 : SQL_FTS_NAME);
	if (st == NULL)
		return -1;
	bind_search(st, s, places_today(r));
	if (*match)
		db_bind_text(st, 10, match);
	int show_status = r->user->role != ROLE_CASEWORKER;
	int rc;
	*total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 17);
		if (l != NULL)
			result_row(r, tl_add(l), st, show_status);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Lists the asked-for page; past the last page, the last one. */
static int run_search(struct req *r, struct tvars *v, struct search *s)
{
	const char *match = full_match(r, s);
	struct tlist *l = tv_list(v, "results");
	int64_t total;
	if (run_page(r, s, match, l, &total))
		return -1;
	if (total == 0 && s->page > 1) {
		s->page = 1;
		if (run_page(r, s, match, NULL, &total))
			return -1;
		s->page = total > 0
		              ? (total + PLACE_PAGE_SIZE - 1) / PLACE_PAGE_SIZE
		              : 1;
		if (run_page(r, s, match, l, &total))
			return -1;
	}
	int64_t pages = (total + PLACE_PAGE_SIZE - 1) / PLACE_PAGE_SIZE;
	tv_setf(v, "total", "%lld", (long long)total);
	tv_bool(v, "searched", 1);
	if (pages > 1) {
		tv_setf(v, "page", "%lld", (long long)s->page);
		tv_setf(v, "pages", "%lld", (long long)pages);
	}
	if (s->page > 1)
		tv_set(v, "prev_href", page_href(r, s, s->page - 1));
	if (s->page < pages)
		tv_set(v, "next_href", page_href(r, s, s->page + 1));
	return 0;
}

/* The memo key of a search's page: everything the page shows depends on
 * besides the database (the values as typed, each with its length). */
static const char *memo_key(struct req *r, const struct search *s)
{
	const char *vals[] = {s->q, s->municipality, s->service, s->form,
	    s->weekday, s->language, s->free, s->status, s->sort};
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "places %d %d %s %lld", (int)r->lang, (int)r->user->role,
	    places_today(r), (long long)s->page);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		buf_printf(&b, " %zu:%s", strlen(vals[i]), vals[i]);
	const char *key = arena_strdup(r->a, b.data);
	buf_free(&b);
	return key;
}

int places_search_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct search s;
	memset(&s, 0, sizeof(s));
	read_search(r, v, &s);
	const char *title = _("Find a place");
	if (tv_get(v, "errors")) {
		if (search_options(r, v, &s))
			return -1;
		return render(r, 422, "places_search", v, title);
	}
	/* A search repeated while the catalogue is unchanged: the page as
	 * it was rendered (the form's 200 municipalities cost as much as
	 * the search). */
	const char *key = memo_key(r, &s);
	int kept = render_kept(r, v, title, key);
	if (kept != 0)
		return kept > 0 ? 0 : -1;
	if (search_options(r, v, &s) || run_search(r, v, &s))
		return -1;
	return render_keep(r, 200, "places_search", v, title, key);
}
