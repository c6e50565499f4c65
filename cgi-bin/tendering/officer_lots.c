/* officer_lots.c: the lots of a draft tender, with their municipalities,
 * pricing and award criteria. Routed for ROLE_OFFICER only; every handler
 * that changes something refuses once the tender is no longer a draft
 * (tender_draft_only). Requirements and documents are in officer_docs.c.
 */
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tender.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"
#include "tendering.h"

enum { MAX_LOTS = 99 };

static const char *lot_href(
    struct req *r, int64_t tender, int64_t lot, const char *msg)
{
	return arena_printf(r->a, "/tenders/%lld/lots/%lld?msg=%s",
	    (long long)tender, (long long)lot, msg);
}

/* --- the lot form ------------------------------------------------------- */

static const char SQL_SERVICE_TYPES[] =
    "SELECT id, name_fi, name_sv, name_en FROM service_types WHERE "
    "active = 1 OR id = ? ORDER BY code";
/* Active municipalities and any inactive one the lot still has. */
static const char SQL_MUNICIPALITIES[] =
    "SELECT id, name_fi, name_sv FROM municipalities WHERE active = 1 OR "
    "instr(?, ',' || id || ',') > 0 ORDER BY name_fi";

static const struct {
	const char *value, *label;
} lot_forms[] = {
    {"both", N_("Individual or group")},
    {"individual", N_("Individual")},
    {"group", N_("Group")},
};

static int checked_in(const char *set, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = set ? strstr(set, id) : NULL; p;
	     p = strstr(p + 1, id))
		if (p > set && p[-1] == ',' && p[n] == ',')
			return 1;
	return 0;
}

int lot_form_lists(struct req *r, struct tvars *v)
{
	const char *service = tv_get(v, "f_lot_service");
	const char *form = tv_get(v, "f_lot_form");
	const char *munis = tv_get(v, "f_lot_munis");
	const char *pricing = tv_get(v, "f_lot_pricing");
	int64_t sid = 0;
	if (service)
		valid_int(service, 1, INT64_MAX, &sid);
	struct tlist *l = tv_list(v, "service_types");
	sqlite3_stmt *st = db_stmt(r->db, SQL_SERVICE_TYPES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, sid);
	int col = r->lang == LANG_SV ? 2 : r->lang == LANG_EN ? 3 : 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "st_id", db_col_text(st, 0));
		tv_set(it, "st_name", db_col_text(st, col));
		tv_bool(it, "selected", sqlite3_column_int64(st, 0) == sid);
	}
	sqlite3_reset(st);
	l = tv_list(v, "forms");
	for (size_t i = 0; i < sizeof(lot_forms) / sizeof(lot_forms[0]); i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", lot_forms[i].value);
		tv_set(it, "label", _(lot_forms[i].label));
		tv_bool(it, "selected",
		    form && strcmp(form, lot_forms[i].value) == 0);
	}
	l = tv_list(v, "munis");
	if ((st = db_stmt(r->db, SQL_MUNICIPALITIES)) == NULL)
		return -1;
	db_bind_text(st, 1, munis ? munis : "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "m_id", db_col_text(st, 0));
		tv_set(it, "m_name",
		    r->lang == LANG_SV ? db_col_text(st, 2)
		                       : db_col_text(st, 1));
		tv_bool(it, "checked", checked_in(munis, db_col_text(st, 0)));
	}
	sqlite3_reset(st);
	tv_bool(v, "pricing_fixed", pricing && strcmp(pricing, "fixed") == 0);
	tv_bool(v, "pricing_bid", pricing && strcmp(pricing, "bid") == 0);
	return 0;
}

/* A checked lot form. */
struct lot_input {
	int64_t service_type;
	const char *form;
	int64_t est_days;
	struct lot_terms terms;
	int64_t *munis;
	size_t nmunis;
};

/* An active service type, or the one the lot has already. */
static const char SQL_SERVICE_OK[] =
    "SELECT id FROM service_types WHERE id = ?1 AND (active = 1 OR id IN "
    "(SELECT service_type_id FROM lots WHERE id = ?2))";
static const char SQL_MUNI_OK[] =
    "SELECT id FROM municipalities WHERE id = ? AND (active = 1 OR id IN "
    "(SELECT municipality_id FROM lot_municipalities WHERE lot_id = ?))";

/* The municipality checkboxes: every value must name a municipality. */
static int read_munis(
    struct req *r, struct tvars *v, struct lot_input *in, int64_t lot_id)
{
	const struct http_form *fm = &r->form;
	in->munis = arena_alloc(r->a, (fm->n + 1) * sizeof(*in->munis));
	in->nmunis = 0;
	const char *set = ",";
	int bad = 0;
	for (size_t i = 0; i < fm->n; i++) {
		if (strcmp(fm->fields[i].name, "municipality") != 0)
			continue;
		int64_t id, found = 0;
		if (!valid_int(fm->fields[i].value, 1, INT64_MAX, &id)) {
			bad = 1;
			continue;
		}
		int rc = tender_sql_int(r, SQL_MUNI_OK, id, lot_id, &found);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			bad = 1;
			continue;
		}
		/* "7" and "07" are the same municipality: compare ids. */
		if (checked_in(set, arena_printf(r->a, "%lld", (long long)id)))
			continue;
		in->munis[in->nmunis++] = id;
		set = arena_printf(r->a, "%s%lld,", set, (long long)id);
	}
	tv_set(v, "f_lot_munis", set);
	if (bad)
		field_error(
		    v, "lot_munis", _("Choose municipalities from the list."));
	return 0;
}

/* Money fields: "" → not given; else euros above zero. */
static int read_money(struct tvars *v, const char *key, const char *s, int *has,
    int64_t *cents, const char *message)
{
	*has = 0;
	*cents = 0;
	if (*s == '\0')
		return 0;
	if (!valid_cents(s, cents) || *cents <= 0) {
		field_error(v, key, message);
		return -1;
	}
	*has = 1;
	return 0;
}

static void read_pricing(struct req *r, struct tvars *v, struct lot_input *in)
{
	const char *pricing = req_form_trim(r, "pricing");
	const char *price = req_form_trim(r, "fixed_price");
	const char *ceiling = req_form_trim(r, "ceiling");
	const char *weight = req_form_trim(r, "price_weight");
	tv_set(v, "f_lot_pricing", pricing);
	tv_set(v, "f_lot_price", price);
	tv_set(v, "f_lot_ceiling", ceiling);
	tv_set(v, "f_lot_weight", weight);
	struct lot_terms *t = &in->terms;
	int fixed = strcmp(pricing, "fixed") == 0;
	if (!fixed && strcmp(pricing, "bid") != 0)
		field_error(
		    v, "lot_pricing", _("Choose how the price is set."));
	t->pricing = fixed ? LOT_FIXED : LOT_BID;
	int64_t w = 0;
	if (*weight && !valid_int(weight, 0, 100, &w))
		field_error(v, "lot_weight",
		    _("Write the price weight as a whole number from 0 to "
		      "100."));
	t->price_weight = (int)w;
	if (fixed) {
		if (read_money(v, "lot_price", price, &t->has_price,
		        &t->fixed_price_cents,
		        _("Write the price per day in euros, above zero, e.g. "
		          "10,09.")) == 0 &&
		    !t->has_price)
			field_error(v, "lot_price",
			    _("Write the fixed price per day, e.g. 10,09."));
	} else {
		read_money(v, "lot_ceiling", ceiling, &t->has_ceiling,
		    &t->ceiling_cents,
		    _("Write the highest accepted price in euros, above zero, "
		      "or leave it empty."));
	}
}

/* Reads and checks the lot form into v and in; criteria_points is the sum
 * the lot's criteria have now (0 for a new lot). */
static int lot_form_read(struct req *r, struct tvars *v, struct lot_input *in,
    int64_t lot_id, int criteria_points)
{
	memset(in, 0, sizeof(*in));
	const char *title = req_form_trim(r, "title");
	const char *service = req_form_trim(r, "service_type");
	const char *form = req_form_trim(r, "form");
	const char *days = req_form_trim(r, "est_days");
	tv_set(v, "f_lot_title", title);
	tv_set(v, "f_lot_service", service);
	tv_set(v, "f_lot_form", form);
	tv_set(v, "f_lot_days", days);
	if (!valid_line(title, strlen(title), 0, 200))
		field_error(v, "lot_title",
		    _("Write at most 200 characters on one line."));
	int64_t found = 0;
	int rc = 0;
	if (!valid_int(service, 1, INT64_MAX, &in->service_type) ||
	    (rc = tender_sql_int(
	         r, SQL_SERVICE_OK, in->service_type, lot_id, &found)) != 0) {
		if (rc < 0)
			return -1;
		field_error(v, "lot_service", _("Choose a service type."));
	}
	in->form = NULL;
	for (size_t i = 0; i < sizeof(lot_forms) / sizeof(lot_forms[0]); i++)
		if (strcmp(form, lot_forms[i].value) == 0)
			in->form = lot_forms[i].value;
	if (in->form == NULL)
		field_error(
		    v, "lot_form", _("Choose the form of the service."));
	if (!valid_int(days, 0, 10000000, &in->est_days))
		field_error(v, "lot_days",
		    _("Write the estimated days per year as a whole number, "
		      "0 or more."));
	if (read_munis(r, v, in, lot_id))
		return -1;
	read_pricing(r, v, in);
	in->terms.criteria_points = criteria_points;
	unsigned e = tv_get(v, "err_lot_weight") ? 0 : lot_check(&in->terms);
	if (e & LOT_EFIXED_WEIGHT)
		field_error(v, "lot_weight",
		    _("A fixed price lot competes on quality only: its price "
		      "weight is 0."));
	else if (e & LOT_EOVER)
		field_error(v, "lot_weight",
		    arena_printf(r->a,
		        _("The criteria of this lot have %d points already: "
		          "the price weight can be at most %d."),
		        criteria_points, 100 - criteria_points));
	return 0;
}

/* Binds service type, form, days, pricing, price, ceiling, weight as
 * parameters first..first+6. */
static void bind_lot(sqlite3_stmt *st, int first, const struct lot_input *in)
{
	const struct lot_terms *t = &in->terms;
	int fixed = t->pricing == LOT_FIXED;
	db_bind_int(st, first, in->service_type);
	db_bind_text(st, first + 1, in->form);
	db_bind_int(st, first + 2, in->est_days);
	db_bind_text(st, first + 3, fixed ? "fixed" : "bid");
	if (fixed)
		db_bind_int(st, first + 4, t->fixed_price_cents);
	if (!fixed && t->has_ceiling)
		db_bind_int(st, first + 5, t->ceiling_cents);
	db_bind_int(st, first + 6, t->price_weight);
}

static const char SQL_MUNIS_CLEAR[] =
    "DELETE FROM lot_municipalities WHERE lot_id = ?1 AND ?2 = ?2";
static const char SQL_MUNI_ADD[] =
    "INSERT INTO lot_municipalities(lot_id, municipality_id) VALUES (?,?)";

static int save_munis(struct req *r, int64_t lot_id, const struct lot_input *in)
{
	if (tender_sql_exec(r, SQL_MUNIS_CLEAR, lot_id, 0))
		return -1;
	for (size_t i = 0; i < in->nmunis; i++)
		if (tender_sql_exec(r, SQL_MUNI_ADD, lot_id, in->munis[i]))
			return -1;
	return 0;
}

/* --- lots --------------------------------------------------------------- */

static const char SQL_LOT_COUNT[] =
    "SELECT count(*), coalesce(max(number), 0) FROM lots WHERE tender_id = ?";
static const char SQL_LOT_INSERT[] =
    "INSERT INTO lots(tender_id, number, title, service_type_id, form, "
    "est_days_per_year, pricing, fixed_price_cents, ceiling_cents, "
    "price_weight) VALUES (?,?,?,?,?,?,?,?,?,?)";

/* The next number for a lot, or 0 when the tender has MAX_LOTS. */
static int next_lot_number(struct req *r, int64_t tender_id, int64_t *number)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_COUNT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	int rc = sqlite3_step(st);
	int64_t count = sqlite3_column_int64(st, 0);
	int64_t max = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	*number = count >= MAX_LOTS || max >= MAX_LOTS ? 0 : max + 1;
	return 0;
}

int lot_add(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	struct lot_input in;
	int64_t number;
	if (lot_form_read(r, v, &in, 0, 0) || next_lot_number(r, t.id, &number))
		return -1;
	if (number == 0)
		field_error(
		    v, "lot_title", _("A tender can have at most 99 lots."));
	if (tv_get(v, "errors"))
		return tender_page_render(r, &t, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, number);
	db_bind_text(st, 3, tv_get(v, "f_lot_title"));
	bind_lot(st, 4, &in);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t lot_id = sqlite3_last_insert_rowid(r->db);
	if (save_munis(r, lot_id, &in) ||
	    audit(r, "lot.create", tender_audit_ref(r, "lot", lot_id),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, lot_href(r, t.id, lot_id, "created"));
}

static const char SQL_LOT[] =
    "SELECT l.number, l.title, l.service_type_id, l.form, "
    "l.est_days_per_year, l.pricing, coalesce(l.fixed_price_cents, 0), "
    "coalesce(l.ceiling_cents, 0), l.price_weight, (SELECT "
    "coalesce(sum(max_points), 0) FROM criteria c WHERE c.lot_id = l.id), "
    "(SELECT coalesce(group_concat(municipality_id, ','), '') FROM "
    "lot_municipalities m WHERE m.lot_id = l.id) FROM lots l WHERE "
    "l.id = ? AND l.tender_id = ?";

/* Cents as a form shows them: "10,09". */
static const char *cents_input(struct req *r, int64_t cents)
{
	return arena_printf(r->a, "%lld,%02lld", (long long)(cents / 100),
	    (long long)(cents % 100));
}

/* A lot of the tender as the page shows it. */
struct lot_row {
	int number;
	int price_weight;
	int criteria_points;
};

/* Loads lot lot_id of tender_id into v (number, and f_lot_* unless
 * keep_form) and row. 0 found, 1 not found, -1 error. */
static int lot_load(struct req *r, int64_t tender_id, int64_t lot_id,
    struct tvars *v, struct lot_row *row, int keep_form)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot_id);
	db_bind_int(st, 2, tender_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	row->number = sqlite3_column_int(st, 0);
	row->price_weight = sqlite3_column_int(st, 8);
	row->criteria_points = sqlite3_column_int(st, 9);
	tv_set(v, "lot_number", db_col_text(st, 0));
	tv_set(v, "lot_title", db_col_text(st, 1));
	tv_set(v, "points_text",
	    arena_printf(r->a,
	        _("Price weight %d and quality criteria %d: %d points of "
	          "100."),
	        row->price_weight, row->criteria_points,
	        row->price_weight + row->criteria_points));
	if (!keep_form) {
		int fixed = strcmp(db_col_text(st, 5), "fixed") == 0;
		tv_set(v, "f_lot_title", db_col_text(st, 1));
		tv_set(v, "f_lot_service", db_col_text(st, 2));
		tv_set(v, "f_lot_form", db_col_text(st, 3));
		tv_set(v, "f_lot_days", db_col_text(st, 4));
		tv_set(v, "f_lot_pricing", db_col_text(st, 5));
		if (fixed)
			tv_set(v, "f_lot_price",
			    cents_input(r, sqlite3_column_int64(st, 6)));
		if (sqlite3_column_int64(st, 7))
			tv_set(v, "f_lot_ceiling",
			    cents_input(r, sqlite3_column_int64(st, 7)));
		tv_set(v, "f_lot_weight", db_col_text(st, 8));
		tv_set(v, "f_lot_munis",
		    arena_printf(r->a, ",%s,", db_col_text(st, 10)));
	}
	sqlite3_reset(st);
	return 0;
}

static const char SQL_LOT_CRITERIA[] =
    "SELECT id, number, description_fi, description_sv, max_points FROM "
    "criteria WHERE lot_id = ? ORDER BY number";

static int criteria_vars(
    struct req *r, int64_t lot_id, struct tvars *v, int editable)
{
	struct tlist *l = tv_list(v, "criteria");
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_CRITERIA);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "crit_id", db_col_text(st, 0));
		tv_set(it, "number", db_col_text(st, 1));
		tv_set(it, "text",
		    tender_text(r, db_col_text(st, 2), db_col_text(st, 3)));
		tv_set(it, "points", db_col_text(st, 4));
		if (editable)
			tv_set(it, "nonce", req_nonce(r));
	}
	sqlite3_reset(st);
	return 0;
}

/* The lot page of lot_id in tender t with v (keep_form: v holds what was
 * typed); 404 when the lot is not the tender's. 0 or -1. */
static int lot_page_render(struct req *r, const struct tender_row *t,
    int64_t lot_id, struct tvars *v, int status, int keep_form)
{
	struct lot_row row;
	int rc = lot_load(r, t->id, lot_id, v, &row, keep_form);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	int editable = strcmp(t->status, "draft") == 0;
	tv_setf(v, "id", "%lld", (long long)t->id);
	tv_setf(v, "lot_id", "%lld", (long long)lot_id);
	tv_set(v, "t_title", tender_text(r, t->title_fi, t->title_sv));
	tv_bool(v, "editable", editable);
	tv_set(v, "nonce_crit", req_nonce(r));
	tv_set(v, "nonce_delete", req_nonce(r));
	if (criteria_vars(r, lot_id, v, editable) || lot_form_lists(r, v))
		return -1;
	return render(
	    r, status, "lot", v, arena_printf(r->a, _("Lot %d"), row.number));
}

int lot_page(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return lot_page_render(r, &t, r->params[1], page_vars(r), 200, 0);
}

static const char SQL_LOT_UPDATE[] =
    "UPDATE lots SET title = ?, service_type_id = ?, form = ?, "
    "est_days_per_year = ?, pricing = ?, fixed_price_cents = ?, "
    "ceiling_cents = ?, price_weight = ? WHERE id = ? AND tender_id = ?";

int lot_edit(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t lot_id = r->params[1];
	struct tvars *v = page_vars(r);
	struct lot_row row;
	if ((rc = lot_load(r, t.id, lot_id, v, &row, 1)) != 0)
		return rc < 0 ? -1 : not_found(r);
	struct lot_input in;
	if (lot_form_read(r, v, &in, lot_id, row.criteria_points))
		return -1;
	if (tv_get(v, "errors"))
		return lot_page_render(r, &t, lot_id, v, 422, 1);
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_UPDATE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, tv_get(v, "f_lot_title"));
	bind_lot(st, 2, &in);
	db_bind_int(st, 9, lot_id);
	db_bind_int(st, 10, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || save_munis(r, lot_id, &in) ||
	    audit(r, "lot.update", tender_audit_ref(r, "lot", lot_id),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, lot_href(r, t.id, lot_id, "saved"));
}

static const char SQL_LOT_NUMBER[] =
    "SELECT number FROM lots WHERE id = ? AND tender_id = ?";
static const char SQL_LOT_DELETE[] =
    "DELETE FROM lots WHERE id = ? AND tender_id = ?";
static const char SQL_LOTS_AFTER[] =
    "SELECT id FROM lots WHERE tender_id = ? AND number > ? ORDER BY number";
static const char SQL_LOT_DOWN[] =
    "UPDATE lots SET number = number - 1 WHERE id = ?1 AND ?2 = ?2";

int lot_delete(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t number;
	if ((rc = tender_sql_int(
	         r, SQL_LOT_NUMBER, r->params[1], t.id, &number)) != 0)
		return rc < 0 ? -1 : not_found(r);
	/* Criteria and municipalities go with the lot (ON DELETE CASCADE). */
	if (tender_sql_exec(r, SQL_LOT_DELETE, r->params[1], t.id) ||
	    tender_renumber(r, SQL_LOTS_AFTER, SQL_LOT_DOWN, t.id, number) ||
	    audit(r, "lot.delete", tender_audit_ref(r, "lot", r->params[1]),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, tender_link(r, t.id, "saved"));
}

/* --- criteria ----------------------------------------------------------- */

static const char SQL_CRIT_NEXT[] =
    "SELECT coalesce(max(number), 0) + 1 FROM criteria WHERE lot_id = ?1 "
    "AND ?2 = ?2";
static const char SQL_CRIT_INSERT[] =
    "INSERT INTO criteria(lot_id, number, description_fi, description_sv, "
    "max_points) VALUES (?,?,?,?,?)";

/* Checks the criterion form against the lot's current points. */
static void criterion_read(
    struct req *r, struct tvars *v, const struct lot_row *row, int64_t *points)
{
	const char *fi = req_form_trim(r, "description_fi");
	const char *sv = req_form_trim(r, "description_sv");
	const char *pts = req_form_trim(r, "max_points");
	tv_set(v, "f_crit_text_fi", fi);
	tv_set(v, "f_crit_text_sv", sv);
	tv_set(v, "f_crit_points", pts);
	if (!valid_text(fi, strlen(fi), 1, 2000))
		field_error(v, "crit_text_fi",
		    _("Describe the criterion in Finnish (1 to 2 000 "
		      "characters)."));
	if (!valid_text(sv, strlen(sv), 0, 2000))
		field_error(
		    v, "crit_text_sv", _("Write at most 2 000 characters."));
	int used = row->price_weight + row->criteria_points;
	if (!valid_int(pts, 1, 100, points))
		field_error(v, "crit_points",
		    _("Write the maximum points as a whole number from 1 to "
		      "100."));
	else if (used + *points > 100)
		field_error(v, "crit_points",
		    arena_printf(r->a,
		        _("The price weight and the criteria have %d points "
		          "already: this criterion can have at most %d."),
		        used, 100 - used));
}

int criterion_add(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t lot_id = r->params[1], points = 0, number = 1;
	struct tvars *v = page_vars(r);
	struct lot_row row;
	if ((rc = lot_load(r, t.id, lot_id, v, &row, 0)) != 0)
		return rc < 0 ? -1 : not_found(r);
	criterion_read(r, v, &row, &points);
	if (tv_get(v, "errors"))
		return lot_page_render(r, &t, lot_id, v, 422, 0);
	if (tender_sql_int(r, SQL_CRIT_NEXT, lot_id, 0, &number))
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_CRIT_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot_id);
	db_bind_int(st, 2, number);
	db_bind_text(st, 3, tv_get(v, "f_crit_text_fi"));
	db_bind_text(st, 4, tv_get(v, "f_crit_text_sv"));
	db_bind_int(st, 5, points);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || audit(r, "criterion.create",
	                             tender_audit_ref(r, "criterion",
	                                 sqlite3_last_insert_rowid(r->db)),
	                             tender_audit_ref(r, "lot", lot_id)))
		return -1;
	return redirect(r, lot_href(r, t.id, lot_id, "created"));
}

static const char SQL_CRIT_OF[] =
    "SELECT c.lot_id, c.number FROM criteria c JOIN lots l ON "
    "l.id = c.lot_id WHERE c.id = ? AND l.tender_id = ?";
static const char SQL_CRIT_DELETE[] =
    "DELETE FROM criteria WHERE id = ?1 AND ?2 = ?2";
static const char SQL_CRITS_AFTER[] =
    "SELECT id FROM criteria WHERE lot_id = ? AND number > ? ORDER BY "
    "number";
static const char SQL_CRIT_DOWN[] =
    "UPDATE criteria SET number = number - 1 WHERE id = ?1 AND ?2 = ?2";

int criterion_delete(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_CRIT_OF);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[1]);
	db_bind_int(st, 2, t.id);
	rc = sqlite3_step(st);
	int64_t lot_id = sqlite3_column_int64(st, 0);
	int64_t number = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? not_found(r) : -1;
	if (tender_sql_exec(r, SQL_CRIT_DELETE, r->params[1], 0) ||
	    tender_renumber(
	        r, SQL_CRITS_AFTER, SQL_CRIT_DOWN, lot_id, number) ||
	    audit(r, "criterion.delete",
	        tender_audit_ref(r, "criterion", r->params[1]),
	        tender_audit_ref(r, "lot", lot_id)))
		return -1;
	return redirect(r, lot_href(r, t.id, lot_id, "saved"));
}
