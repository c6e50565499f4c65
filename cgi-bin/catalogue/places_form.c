/* places_form.c: a provider's new-place and edit-place forms. A place is
 * listed under one of the provider's active contracts and takes the
 * contract's service type; its municipality is one of the contract's
 * and its form one the contract allows. The places_fts row is written in
 * the same transaction as the place. */
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/place.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "places.h"

/* A contract as the form needs it. */
struct place_contract {
	int64_t id;
	int64_t org_id;
	int64_t service_type_id;
	const char *status;
	const char *form;
	const char *label; /* "Service type, 1.1.2027–31.12.2028" */
};

static const char SQL_CONTRACT[] =
    "SELECT c.id, c.org_id, c.service_type_id, c.status, c.form, "
    "st.name_fi, st.name_sv, st.name_en, c.start_date, c.end_date "
    "FROM contracts c JOIN service_types st ON st.id = c.service_type_id "
    "WHERE c.id = ?";

static void contract_row(
    struct req *r, sqlite3_stmt *st, struct place_contract *c)
{
	char from[16], to[16];
	c->id = sqlite3_column_int64(st, 0);
	c->org_id = sqlite3_column_int64(st, 1);
	c->service_type_id = sqlite3_column_int64(st, 2);
	c->status = arena_strdup(r->a, db_col_text(st, 3));
	c->form = arena_strdup(r->a, db_col_text(st, 4));
	fmt_isodate(from, sizeof(from), db_col_text(st, 8));
	fmt_isodate(to, sizeof(to), db_col_text(st, 9));
	c->label = arena_printf(r->a, "%s, %s–%s",
	    places_pick_name(
	        r, db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7)),
	    from, to);
}

/* 0 found, 1 not found, -1 error. */
static int contract_load(struct req *r, int64_t id, struct place_contract *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTRACT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		contract_row(r, st, c);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int contract_inactive(struct req *r)
{
	return bad_request(r, 409,
	    _("This contract is not active. Places can be listed and changed "
	      "only under an active contract."));
}

/* Checks a contract id for the caller: 0 usable; else the response is
 * set (404 no such contract or another organisation's, which must look
 * the same; 409 not active) and 1 is returned; -1 on error. */
static int contract_usable(struct req *r, int64_t id, struct place_contract *c)
{
	int rc = contract_load(r, id, c);
	if (rc < 0)
		return -1;
	if (rc > 0 || c->org_id != r->user->org_id)
		return not_found(r), 1;
	if (strcmp(c->status, "active") != 0)
		return contract_inactive(r), 1;
	return 0;
}

/* --- the form's variables ------------------------------------------------ */

static const char SQL_CONTRACT_MUNIS[] =
    "SELECT m.id, m.name_fi, m.name_sv FROM contract_municipalities cm "
    "JOIN municipalities m ON m.id = cm.municipality_id "
    "WHERE cm.contract_id = ? ORDER BY m.name_fi";

static int muni_options(
    struct req *r, struct tvars *v, int64_t contract_id, const char *selected)
{
	struct tlist *l = tv_list(v, "munis");
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTRACT_MUNIS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, contract_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "m_id", db_col_text(st, 0));
		tv_set(it, "m_name",
		    places_pick_name(
		        r, db_col_text(st, 1), db_col_text(st, 2), NULL));
		tv_bool(
		    it, "selected", strcmp(db_col_text(st, 0), selected) == 0);
	}
	sqlite3_reset(st);
	return 0;
}

static void form_options(
    struct tvars *v, const struct place_contract *c, const char *selected)
{
	static const char *const forms[] = {"individual", "group", "both"};
	tv_bool(v, "form_choice", strcmp(c->form, "both") == 0);
	tv_set(v, "form_fixed", places_form_label(c->form));
	struct tlist *l = tv_list(v, "forms");
	for (size_t i = 0; i < 3; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", forms[i]);
		tv_set(it, "label", places_form_label(forms[i]));
		tv_bool(it, "selected", strcmp(forms[i], selected) == 0);
	}
}

static void check_list(struct tvars *v, const char *key,
    const struct place_code *table, size_t n, unsigned bits)
{
	struct tlist *l = tv_list(v, key);
	for (size_t i = 0; i < n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "code", table[i].code);
		tv_set(it, "name", _(table[i].name));
		tv_bool(it, "checked", (bits & (1u << i)) != 0);
	}
}

static void task_list(struct req *r, struct tvars *v, const char *codes)
{
	struct tlist *l = tv_list(v, "task_list");
	for (size_t i = 0; i < place_ntasks; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "code", place_tasks[i].code);
		tv_set(it, "name", place_task_name(&place_tasks[i], r->lang));
		tv_bool(
		    it, "checked", place_tasks_has(codes, place_tasks[i].code));
	}
}

/* The text fields: form name and template key f_<name>. */
static const char *const text_fields[] = {"title", "description", "task_words",
    "street_address", "hours_min", "hours_max", "capacity", "accessibility",
    "contact_name", "contact_phone", "contact_email"};
enum { N_TEXT_FIELDS = sizeof(text_fields) / sizeof(text_fields[0]) };

/* What the form shows besides the typed texts (already in v as f_*). */
struct form_state {
	const char *tasks;
	const char *municipality;
	const char *form;
	unsigned weekdays;
	unsigned languages;
};

static int form_render(struct req *r, struct tvars *v, int status,
    const struct place_contract *c, const struct form_state *s)
{
	tv_setf(v, "contract_id", "%lld", (long long)c->id);
	tv_set(v, "contract_label", c->label);
	if (muni_options(r, v, c->id, s->municipality))
		return -1;
	form_options(v, c, s->form);
	task_list(r, v, s->tasks);
	check_list(v, "weekday_list", place_weekdays, 7, s->weekdays);
	check_list(v, "language_list", place_languages, 3, s->languages);
	int is_new = tv_get(v, "is_new") != NULL;
	return render(r, status, "place_form", v,
	    is_new ? _("New place") : _("Edit the place"));
}

/* --- reading and checking a posted form ---------------------------------- */

/* A checked place form. */
struct place_post {
	struct place_input in;
	struct place_numbers nums;
	struct form_state s;
	int64_t municipality_id;
};

static const char SQL_MUNI_IN_CONTRACT[] =
    "SELECT 1 FROM contract_municipalities WHERE contract_id = ? AND "
    "municipality_id = ?";

static int check_municipality(struct req *r, struct tvars *v,
    const struct place_contract *c, struct place_post *pp)
{
	int64_t id = 0;
	int ok = valid_int(pp->s.municipality, 1, INT64_MAX, &id);
	if (ok) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_MUNI_IN_CONTRACT);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, c->id);
		db_bind_int(st, 2, id);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	if (!ok)
		field_error(v, "municipality",
		    _("Choose a municipality of the contract."));
	pp->municipality_id = id;
	return 0;
}

/* Reads the form into pp and v (f_* values, err_* messages). 0 when
 * read (check tv "errors"), -1 on a database error. */
static int read_post(struct req *r, struct tvars *v,
    const struct place_contract *c, struct place_post *pp)
{
	const char *t[N_TEXT_FIELDS];
	for (int i = 0; i < N_TEXT_FIELDS; i++) {
		t[i] = req_form_trim(r, text_fields[i]);
		tv_set(v, arena_printf(r->a, "f_%s", text_fields[i]), t[i]);
	}
	pp->in = (struct place_input){t[0], t[1], t[2], t[3], t[4], t[5], t[6],
	    t[7], t[8], t[9], t[10], 0, 0};
	struct buf tasks;
	buf_init(&tasks);
	int bad_tasks = place_tasks_from_form(&r->form, "task", &tasks);
	pp->s.tasks = arena_strdup(r->a, tasks.data);
	buf_free(&tasks);
	int bad_days = place_bits_from_form(
	    &r->form, "weekday", place_weekdays, 7, &pp->in.weekdays);
	int bad_langs = place_bits_from_form(
	    &r->form, "language", place_languages, 3, &pp->in.languages);
	pp->s.weekdays = pp->in.weekdays;
	pp->s.languages = pp->in.languages;
	pp->s.municipality = req_form_trim(r, "municipality");
	pp->s.form = req_form_trim(r, "form");
	if (!*pp->s.form)
		pp->s.form = c->form;

	struct place_error errs[16];
	size_t n = place_validate(&pp->in, &pp->nums, errs, 16);
	for (size_t i = 0; i < n && i < 16; i++)
		field_error(v, errs[i].field, _(errs[i].message));
	if (bad_tasks)
		field_error(v, "tasks", _("Choose tasks from the list."));
	if (bad_days && !tv_get(v, "err_weekdays"))
		field_error(v, "weekdays", _("Choose weekdays from the list."));
	if (bad_langs && !tv_get(v, "err_languages"))
		field_error(
		    v, "languages", _("Choose languages from the list."));
	if (!place_form_allowed(c->form, pp->s.form))
		field_error(v, "form",
		    _("Choose a form of the service that the contract "
		      "allows."));
	return check_municipality(r, v, c, pp);
}

/* --- new place ----------------------------------------------------------- */

static const char SQL_OWN_ACTIVE[] =
    "SELECT c.id, c.org_id, c.service_type_id, c.status, c.form, "
    "st.name_fi, st.name_sv, st.name_en, c.start_date, c.end_date "
    "FROM contracts c JOIN service_types st ON st.id = c.service_type_id "
    "WHERE c.org_id = ? AND c.status = 'active' ORDER BY c.start_date, "
    "c.id";

/* The new-place form for contract c, with nothing typed yet. */
static int new_form(struct req *r, const struct place_contract *c)
{
	struct tvars *v = page_vars(r);
	tv_bool(v, "is_new", 1);
	tv_set(v, "action", "/places/new");
	tv_set(v, "f_hours_min", "4");
	tv_set(v, "f_hours_max", "6");
	tv_set(v, "f_contact_name", r->user->name);
	struct form_state s = {
	    "", "", strcmp(c->form, "both") == 0 ? "both" : c->form, 0, 1};
	return form_render(r, v, 200, c, &s);
}

int place_new_page(struct req *r)
{
	struct place_contract c;
	const char *q = req_query(r, "contract");
	if (q) {
		int64_t id;
		if (!valid_int(q, 1, INT64_MAX, &id))
			return not_found(r);
		int rc = contract_usable(r, id, &c);
		return rc ? (rc < 0 ? -1 : 0) : new_form(r, &c);
	}
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "contracts");
	sqlite3_stmt *st = db_stmt(r->db, SQL_OWN_ACTIVE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		contract_row(r, st, &c);
		struct tvars *it = tl_add(l);
		tv_setf(
		    it, "href", "/places/new?contract=%lld", (long long)c.id);
		tv_set(it, "label", c.label);
		tv_set(it, "form", places_form_label(c.form));
		n++;
	}
	sqlite3_reset(st);
	if (n == 1)
		return new_form(r, &c);
	/* With no active contract the page says so (200: a GET that only
	 * informs); creating is refused by place_create. */
	return render(r, 200, "place_pick", v, _("New place"));
}

static const char SQL_PLACE_INSERT[] =
    "INSERT INTO places(contract_id, org_id, title, description, tasks, "
    "task_words, municipality_id, street_address, service_type_id, form, "
    "weekdays, hours_min, hours_max, capacity, languages, accessibility, "
    "contact_name, contact_phone, contact_email, status, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, 'open', ?20, ?20)";

/* Binds the place's own fields as ?3..?19 (and ?1, ?2, ?20). */
static void bind_place(sqlite3_stmt *st, const struct place_contract *c,
    const struct place_post *pp, int64_t now)
{
	const struct place_input *in = &pp->in;
	db_bind_int(st, 1, c->id);
	db_bind_int(st, 2, c->org_id);
	db_bind_text(st, 3, in->title);
	db_bind_text(st, 4, in->description);
	db_bind_text(st, 5, pp->s.tasks);
	db_bind_text(st, 6, in->task_words);
	db_bind_int(st, 7, pp->municipality_id);
	db_bind_text(st, 8, in->street_address);
	db_bind_int(st, 9, c->service_type_id);
	db_bind_text(st, 10, pp->s.form);
	db_bind_int(st, 11, in->weekdays);
	db_bind_int(st, 12, pp->nums.hours_min);
	db_bind_int(st, 13, pp->nums.hours_max);
	db_bind_int(st, 14, pp->nums.capacity);
	db_bind_int(st, 15, in->languages);
	db_bind_text(st, 16, in->accessibility);
	db_bind_text(st, 17, in->contact_name);
	db_bind_text(st, 18, in->contact_phone);
	db_bind_text(st, 19, in->contact_email);
	db_bind_int(st, 20, now);
}

int place_create(struct req *r)
{
	int64_t cid;
	struct place_contract c;
	if (!valid_int(req_form_trim(r, "contract"), 1, INT64_MAX, &cid))
		return not_found(r);
	int rc = contract_usable(r, cid, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	tv_bool(v, "is_new", 1);
	tv_set(v, "action", "/places/new");
	struct place_post pp;
	if (read_post(r, v, &c, &pp))
		return -1;
	if (tv_get(v, "errors"))
		return form_render(r, v, 422, &c, &pp.s);
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACE_INSERT);
	if (st == NULL)
		return -1;
	bind_place(st, &c, &pp, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(r->db);
	if (place_fts_sync(r->db, id) ||
	    audit(r, "place.create",
	        arena_printf(r->a, "place:%lld", (long long)id), pp.in.title))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/places/%lld?msg=created", (long long)id));
}

/* --- edit ---------------------------------------------------------------- */

/* Loads the caller's own place of an active contract and its contract:
 * 0 usable, 1 the response is set (404 or 409), -1 error. */
static int own_editable(
    struct req *r, struct place_row *p, struct place_contract *c)
{
	int rc = places_load(r, r->params[0], p);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	if (!places_own(r, p))
		return not_found(r), 1;
	if (strcmp(p->contract_status, "active") != 0)
		return contract_inactive(r), 1;
	rc = contract_load(r, p->contract_id, c);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	return 0;
}

static struct tvars *edit_vars(struct req *r, const struct place_row *p)
{
	struct tvars *v = page_vars(r);
	tv_setf(v, "action", "/places/%lld/edit", (long long)p->id);
	tv_setf(v, "id", "%lld", (long long)p->id);
	tv_set(v, "place_title", p->title);
	return v;
}

int place_edit_page(struct req *r)
{
	struct place_row p;
	struct place_contract c;
	int rc = own_editable(r, &p, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = edit_vars(r, &p);
	const char *vals[N_TEXT_FIELDS] = {p.title, p.description, p.task_words,
	    p.street_address, arena_printf(r->a, "%d", p.hours_min),
	    arena_printf(r->a, "%d", p.hours_max),
	    arena_printf(r->a, "%d", p.capacity), p.accessibility,
	    p.contact_name, p.contact_phone, p.contact_email};
	for (int i = 0; i < N_TEXT_FIELDS; i++)
		tv_set(v, arena_printf(r->a, "f_%s", text_fields[i]), vals[i]);
	struct form_state s = {p.tasks,
	    arena_printf(r->a, "%lld", (long long)p.municipality_id), p.form,
	    (unsigned)p.weekdays, (unsigned)p.languages};
	return form_render(r, v, 200, &c, &s);
}

static const char SQL_PLACE_UPDATE[] =
    "UPDATE places SET title = ?3, description = ?4, tasks = ?5, "
    "task_words = ?6, municipality_id = ?7, street_address = ?8, "
    "service_type_id = ?9, form = ?10, weekdays = ?11, hours_min = ?12, "
    "hours_max = ?13, "
    "capacity = ?14, languages = ?15, accessibility = ?16, "
    "contact_name = ?17, contact_phone = ?18, contact_email = ?19, "
    "updated_at = ?20 WHERE id = ?21 AND contract_id = ?1 AND org_id = ?2";

int place_edit(struct req *r)
{
	struct place_row p;
	struct place_contract c;
	int rc = own_editable(r, &p, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = edit_vars(r, &p);
	struct place_post pp;
	if (read_post(r, v, &c, &pp))
		return -1;
	if (tv_get(v, "errors"))
		return form_render(r, v, 422, &c, &pp.s);
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACE_UPDATE);
	if (st == NULL)
		return -1;
	bind_place(st, &c, &pp, r->now);
	db_bind_int(st, 21, p.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(r->db) != 1)
		return -1;
	if (place_fts_sync(r->db, p.id) ||
	    audit(r, "place.update",
	        arena_printf(r->a, "place:%lld", (long long)p.id), pp.in.title))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/places/%lld?msg=saved", (long long)p.id));
}
