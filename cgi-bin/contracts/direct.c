/* direct.c: a contract entered by hand (a direct award, without a
 * tender): the provider organisation (approved providers only), service
 * type, form, municipalities, daily price, period, capacity, optional
 * extension options and the justification, which the law asks for and
 * the schema requires. Routed for ROLE_OFFICER only. Every id in the
 * form is checked against the database, so an unknown provider, service
 * type or municipality is a field error (422), never a 500. */
#include <stdlib.h>
#include <string.h>

#include "contracts.h"
#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

static const char *const text_fields[] = {"org", "service_type", "form",
    "daily_price", "start_date", "end_date", "capacity", "extension_options",
    "justification"};
enum { N_TEXT_FIELDS = 9 };

static const char *const forms[] = {"both", "individual", "group"};

/* --- the form's lists ------------------------------------------------------
 */

static const char SQL_ORGS[] =
    "SELECT id, name FROM organisations WHERE kind = 'provider' AND status "
    "= 'approved' ORDER BY name";
static const char SQL_SERVICES[] =
    "SELECT id, name_fi, name_sv, name_en FROM service_types WHERE active "
    "= 1 ORDER BY code";
static const char SQL_MUNIS[] =
    "SELECT id, name_fi, name_sv FROM municipalities WHERE active = 1 "
    "ORDER BY name_fi";

static const char *fval(struct tvars *v, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "f_%s", name);
	const char *s = tv_get(v, key);
	return s ? s : "";
}

/* The options of a select from sql (id, then name columns) with the
 * typed value selected. */
static int select_options(struct req *r, struct tvars *v, const char *key,
    const char *sql, const char *chosen)
{
	struct tlist *l = tv_list(v, key);
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	int cols = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", db_col_text(st, 0));
		tv_set(it, "label",
		    cols == 4 ? contract_pick_lang(r, db_col_text(st, 1),
		                    db_col_text(st, 2), db_col_text(st, 3))
		              : db_col_text(st, 1));
		tv_bool(
		    it, "selected", strcmp(db_col_text(st, 0), chosen) == 0);
	}
	sqlite3_reset(st);
	return 0;
}

/* "," followed by each checked municipality id and ",". */
static const char *checked_set(struct req *r)
{
	struct buf b;
	buf_init(&b);
	buf_putc(&b, ',');
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.fields[i].name, "municipality") == 0) {
			buf_puts(&b, r->form.fields[i].value);
			buf_putc(&b, ',');
		}
	const char *s = arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

static int form_lists(struct req *r, struct tvars *v, const char *checked)
{
	if (select_options(r, v, "orgs", SQL_ORGS, fval(v, "org")) ||
	    select_options(
	        r, v, "services", SQL_SERVICES, fval(v, "service_type")))
		return -1;
	struct tlist *l = tv_list(v, "forms");
	for (int i = 0; i < 3; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", forms[i]);
		tv_set(it, "label", _(contract_form_label(forms[i])));
		tv_bool(it, "selected", strcmp(fval(v, "form"), forms[i]) == 0);
	}
	l = tv_list(v, "munis");
	sqlite3_stmt *st = db_stmt(r->db, SQL_MUNIS);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		const char *id = db_col_text(st, 0);
		tv_set(it, "m_id", id);
		tv_set(it, "m_name",
		    contract_pick_lang(
		        r, db_col_text(st, 1), db_col_text(st, 2), NULL));
		tv_bool(it, "checked",
		    strstr(checked, arena_printf(r->a, ",%s,", id)) != NULL);
	}
	sqlite3_reset(st);
	return 0;
}

static int new_render(
    struct req *r, struct tvars *v, const char *checked, int status)
{
	if (form_lists(r, v, checked))
		return -1;
	return render(r, status, "contract_new", v, _("New direct award"));
}

int contract_new_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "f_form", "both");
	tv_set(v, "f_capacity", "0");
	return new_render(r, v, ",", 200);
}

/* --- checking and saving ---------------------------------------------------
 */

/* The checked form, ready for the database. */
struct direct_input {
	int64_t org, service_type, price, capacity;
	char start[CAL_ISO_LEN], end[CAL_ISO_LEN];
	int64_t munis[64];
	int nmunis;
};

static const char SQL_ORG_OK[] =
    "SELECT 1 FROM organisations WHERE id = ? AND kind = 'provider' AND "
    "status = 'approved'";
static const char SQL_SERVICE_OK[] =
    "SELECT 1 FROM service_types WHERE id = ? AND active = 1";
static const char SQL_MUNI_OK[] =
    "SELECT 1 FROM municipalities WHERE id = ? AND active = 1";

/* 1 when sql finds a row for the id typed as s (stored in *id), 0 when
 * not or s is not an id, -1 on error. */
static int id_exists(struct req *r, const char *sql, const char *s, int64_t *id)
{
	if (!valid_int(s, 1, INT64_MAX, id))
		return 0;
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, *id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The municipality checkboxes: at least one, each a known one. */
static int read_munis(struct req *r, struct tvars *v, struct direct_input *in)
{
	int bad = 0;
	in->nmunis = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.fields[i].name, "municipality") != 0)
			continue;
		int64_t id;
		int rc =
		    id_exists(r, SQL_MUNI_OK, r->form.fields[i].value, &id);
		if (rc < 0)
			return -1;
		int dup = 0;
		for (int j = 0; j < in->nmunis; j++)
			dup |= in->munis[j] == id;
		if (rc == 0 || in->nmunis == 64)
			bad = 1;
		else if (!dup)
			in->munis[in->nmunis++] = id;
	}
	if (bad)
		field_error(v, "municipalities",
		    _("Choose the municipalities from the list."));
	else if (in->nmunis == 0)
		field_error(v, "municipalities",
		    _("Choose at least one municipality."));
	return 0;
}

static void read_price_capacity(struct tvars *v, struct direct_input *in)
{
	switch (contract_price_read(fval(v, "daily_price"), &in->price)) {
	case CONTRACT_NUM_OK:
		break;
	case CONTRACT_NUM_EMPTY:
		field_error(v, "daily_price",
		    _("Write the price per day, e.g. 10,09."));
		break;
	case CONTRACT_NUM_FORMAT:
		field_error(v, "daily_price",
		    _("Write the price in euros and cents, e.g. 10,09."));
		break;
	case CONTRACT_NUM_RANGE:
		field_error(v, "daily_price",
		    _("The price per day must be above zero and at most "
		      "10 000 €."));
		break;
	}
	switch (contract_capacity_read(fval(v, "capacity"), &in->capacity)) {
	case CONTRACT_NUM_OK:
		break;
	case CONTRACT_NUM_EMPTY:
	case CONTRACT_NUM_FORMAT:
		field_error(v, "capacity",
		    _("Write the capacity as a whole number of clients, e.g. "
		      "5."));
		break;
	case CONTRACT_NUM_RANGE:
		field_error(
		    v, "capacity", _("The capacity must be from 0 to 10 000."));
		break;
	}
}

static void read_period(struct tvars *v, struct direct_input *in)
{
	enum contract_date_err s =
	    contract_date_read(fval(v, "start_date"), in->start);
	enum contract_date_err e =
	    contract_date_read(fval(v, "end_date"), in->end);
	if (s == CONTRACT_DATE_EMPTY)
		field_error(v, "start_date", _("Write the start date."));
	else if (s != CONTRACT_DATE_OK)
		field_error(v, "start_date", _("Write a date like 1.1.2027."));
	if (e == CONTRACT_DATE_EMPTY)
		field_error(v, "end_date", _("Write the end date."));
	else if (e != CONTRACT_DATE_OK)
		field_error(v, "end_date", _("Write a date like 31.12.2027."));
	if (s == CONTRACT_DATE_OK && e == CONTRACT_DATE_OK &&
	    contract_period_check(in->start, in->end) == CONTRACT_PERIOD_ORDER)
		field_error(v, "end_date",
		    _("The end date cannot be before the start date."));
}

/* Reads and checks the whole form into v and in; 0 or -1. */
static int direct_read(struct req *r, struct tvars *v, struct direct_input *in)
{
	for (int i = 0; i < N_TEXT_FIELDS; i++)
		tv_set(v, arena_printf(r->a, "f_%s", text_fields[i]),
		    req_form_trim(r, text_fields[i]));
	int rc = id_exists(r, SQL_ORG_OK, fval(v, "org"), &in->org);
	if (rc == 0)
		field_error(v, "org", _("Choose an approved provider."));
	int rc2 = id_exists(
	    r, SQL_SERVICE_OK, fval(v, "service_type"), &in->service_type);
	if (rc2 == 0)
		field_error(v, "service_type", _("Choose a service."));
	if (rc < 0 || rc2 < 0)
		return -1;
	const char *form = fval(v, "form");
	if (strcmp(form, "both") && strcmp(form, "individual") &&
	    strcmp(form, "group"))
		field_error(v, "form", _("Choose the form of the service."));
	if (read_munis(r, v, in))
		return -1;
	read_price_capacity(v, in);
	read_period(v, in);
	const char *s = fval(v, "extension_options");
	if (!valid_text(s, strlen(s), 0, 500))
		field_error(
		    v, "extension_options", _("Write at most 500 characters."));
	s = fval(v, "justification");
	if (!valid_text(s, strlen(s), 1, 5000))
		field_error(v, "justification",
		    _("Write why the contract is awarded directly, without a "
		      "tender (1 to 5000 characters)."));
	return 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO contracts(org_id, service_type_id, form, "
    "daily_price_cents, start_date, end_date, capacity, extension_options, "
    "direct_award, justification, created_by, created_at) VALUES "
    "(?,?,?,?,?,?,?,?,1,?,?,?)";
static const char SQL_MUNI_ADD[] =
    "INSERT INTO contract_municipalities(contract_id, municipality_id) "
    "VALUES (?,?)";

/* Stores the checked form; the new contract's id, or -1. */
static int64_t direct_store(
    struct req *r, struct tvars *v, const struct direct_input *in)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, in->org);
	db_bind_int(st, 2, in->service_type);
	db_bind_text(st, 3, fval(v, "form"));
	db_bind_int(st, 4, in->price);
	db_bind_text(st, 5, in->start);
	db_bind_text(st, 6, in->end);
	db_bind_int(st, 7, in->capacity);
	db_bind_text(st, 8, fval(v, "extension_options"));
	db_bind_text(st, 9, fval(v, "justification"));
	db_bind_int(st, 10, r->user->id);
	db_bind_int(st, 11, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(r->db);
	for (int i = 0; i < in->nmunis; i++) {
		if ((st = db_stmt(r->db, SQL_MUNI_ADD)) == NULL)
			return -1;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, in->munis[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return id;
}

int contract_new_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct direct_input in;
	memset(&in, 0, sizeof(in));
	if (direct_read(r, v, &in))
		return -1;
	if (tv_get(v, "errors"))
		return new_render(r, v, checked_set(r), 422);
	int64_t id = direct_store(r, v, &in);
	if (id < 0)
		return -1;
	const char *num = arena_printf(r->a, "%lld", (long long)id);
	if (notify_org(r->db, r->now, in.org,
	        arena_printf(r->a, "/contracts/%lld", (long long)id),
	        N_("Framework contract %s has been drawn up with your "
	           "organisation. It waits for signing."),
	        num) ||
	    audit(r, "contract.create", contract_ref(r, id),
	        arena_printf(r->a,
	            "direct_award org=%lld service_type=%lld price=%lld "
	            "period=%s..%s capacity=%lld",
	            (long long)in.org, (long long)in.service_type,
	            (long long)in.price, in.start, in.end,
	            (long long)in.capacity)))
		return -1;
	return redirect(r, contract_href(r, id, "created"));
}
