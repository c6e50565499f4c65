/* places.c: a provider's own places, one place's page and its status;
 * the helpers the place handlers share (places.h). The staff search is
 * in places_search.c, the new and edit forms in places_form.c. */
#include <string.h>

#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/place.h"
#include "paikka/tmpl.h"
#include "places.h"

/* --- shared helpers ------------------------------------------------------ */

const char *places_today(struct req *r)
{
	char iso[CAL_ISO_LEN];
	cal_format_iso(iso, sizeof(iso), award_helsinki_date(r->now));
	return arena_strdup(r->a, iso);
}

const char *places_pick_name(
    struct req *r, const char *fi, const char *sv, const char *en)
{
	if (r->lang == LANG_SV && sv && *sv)
		return sv;
	if (r->lang == LANG_EN && en && *en)
		return en;
	return fi;
}

const char *places_form_label(const char *form)
{
	if (strcmp(form, "individual") == 0)
		return _("Individual");
	if (strcmp(form, "group") == 0)
		return _("Group");
	return _("Individual or group");
}

const char *places_status_label(const char *status)
{
	if (strcmp(status, "open") == 0)
		return _("Open");
	if (strcmp(status, "paused") == 0)
		return _("Paused");
	return _("Closed");
}

static const char *bits_text(struct req *r, unsigned bits,
    const struct place_code *table, size_t n, int abbr)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		if (bits & (1u << i))
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			    _(abbr ? table[i].abbr : table[i].name));
	const char *s = arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

const char *places_days_text(struct req *r, unsigned weekdays)
{
	return bits_text(r, weekdays, place_weekdays, 7, 1);
}

const char *places_langs_text(struct req *r, unsigned languages)
{
	return bits_text(r, languages, place_languages, 3, 0);
}

const char *places_hours_text(struct req *r, int lo, int hi)
{
	if (lo == hi)
		return arena_printf(r->a, _("%d h a day"), lo);
	return arena_printf(r->a, _("%d–%d h a day"), lo, hi);
}

const char *places_tasks_text(struct req *r, const char *codes)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < place_ntasks; i++)
		if (place_tasks_has(codes, place_tasks[i].code))
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			    place_task_name(&place_tasks[i], r->lang));
	const char *s = arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

static const char SQL_PLACE[] =
    "SELECT p.id, p.contract_id, p.org_id, p.municipality_id, "
    "p.service_type_id, p.title, p.description, p.tasks, p.task_words, "
    "p.street_address, p.form, p.weekdays, p.hours_min, p.hours_max, "
    "p.capacity, p.languages, p.accessibility, p.contact_name, "
    "p.contact_phone, p.contact_email, p.status, p.updated_at, c.status, "
    "m.name_fi, m.name_sv, st.name_fi, st.name_sv, st.name_en, o.name, "
    "c.form FROM places p JOIN contracts c ON c.id = p.contract_id "
    "JOIN municipalities m ON m.id = p.municipality_id "
    "JOIN service_types st ON st.id = p.service_type_id "
    "JOIN organisations o ON o.id = p.org_id WHERE p.id = ?";

static const char *col(struct req *r, sqlite3_stmt *st, int i)
{
	return arena_strdup(r->a, db_col_text(st, i));
}

int places_load(struct req *r, int64_t id, struct place_row *p)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	p->id = sqlite3_column_int64(st, 0);
	p->contract_id = sqlite3_column_int64(st, 1);
	p->org_id = sqlite3_column_int64(st, 2);
	p->municipality_id = sqlite3_column_int64(st, 3);
	p->service_type_id = sqlite3_column_int64(st, 4);
	p->title = col(r, st, 5);
	p->description = col(r, st, 6);
	p->tasks = col(r, st, 7);
	p->task_words = col(r, st, 8);
	p->street_address = col(r, st, 9);
	p->form = col(r, st, 10);
	p->weekdays = sqlite3_column_int(st, 11);
	p->hours_min = sqlite3_column_int(st, 12);
	p->hours_max = sqlite3_column_int(st, 13);
	p->capacity = sqlite3_column_int(st, 14);
	p->languages = sqlite3_column_int(st, 15);
	p->accessibility = col(r, st, 16);
	p->contact_name = col(r, st, 17);
	p->contact_phone = col(r, st, 18);
	p->contact_email = col(r, st, 19);
	p->status = col(r, st, 20);
	p->updated_at = sqlite3_column_int64(st, 21);
	p->contract_status = col(r, st, 22);
	p->municipality =
	    places_pick_name(r, col(r, st, 23), col(r, st, 24), NULL);
	p->service_type =
	    places_pick_name(r, col(r, st, 25), col(r, st, 26), col(r, st, 27));
	p->org_name = col(r, st, 28);
	p->contract_form = col(r, st, 29);
	sqlite3_reset(st);
	return 0;
}

int places_own(struct req *r, const struct place_row *p)
{
	return r->user->role == ROLE_PROVIDER && r->user->org_id == p->org_id;
}

int places_visible(struct req *r, const struct place_row *p)
{
	switch (r->user->role) {
	case ROLE_PROVIDER:
		return places_own(r, p);
	case ROLE_ADMIN:
	case ROLE_OFFICER:
		return 1;
	case ROLE_CASEWORKER:
		return strcmp(p->status, "open") == 0 &&
		       strcmp(p->contract_status, "active") == 0;
	default:
		return 0;
	}
}

/* --- a provider's own places --------------------------------------------- */

static const char SQL_OWN_PLACES[] =
    "SELECT p.id, p.title, m.name_fi, m.name_sv, p.status, p.capacity, "
    "p.capacity - " PLACE_SQL_TAKEN(
        "?2") ", c.status, p.weekdays, "
              "p.hours_min, p.hours_max FROM places p "
              "JOIN contracts c ON c.id = p.contract_id "
              "JOIN municipalities m ON m.id = p.municipality_id "
              "WHERE p.org_id = ?1 ORDER BY p.status <> 'open', p.status, "
              "p.title COLLATE NOCASE, p.id";
static const char SQL_ACTIVE_CONTRACTS[] =
    "SELECT count(*) FROM contracts WHERE org_id = ? AND status = "
    "'active'";

static int own_places(struct req *r)
{
	struct tvars *v = page_vars(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_ACTIVE_CONTRACTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	tv_bool(v, "can_add",
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0);
	sqlite3_reset(st);
	st = db_stmt(r->db, SQL_OWN_PLACES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	db_bind_text(st, 2, places_today(r));
	struct tlist *l = tv_list(v, "places");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "place_title", db_col_text(st, 1));
		tv_set(it, "municipality",
		    places_pick_name(
		        r, db_col_text(st, 2), db_col_text(st, 3), NULL));
		tv_set(it, "status", places_status_label(db_col_text(st, 4)));
		tv_set(it, "capacity", db_col_text(st, 5));
		tv_set(it, "free", db_col_text(st, 6));
		tv_bool(it, "contract_inactive",
		    strcmp(db_col_text(st, 7), "active") != 0);
		tv_set(it, "days",
		    places_days_text(r, (unsigned)sqlite3_column_int(st, 8)));
		tv_set(it, "hours",
		    places_hours_text(r, sqlite3_column_int(st, 9),
		        sqlite3_column_int(st, 10)));
	}
	sqlite3_reset(st);
	return render(r, 200, "places_own", v, _("Our places"));
}

int places_page(struct req *r)
{
	if (r->user->role == ROLE_PROVIDER)
		return own_places(r);
	return places_search_page(r);
}

/* --- one place ----------------------------------------------------------- */

static void place_facts(
    struct req *r, struct tvars *v, const struct place_row *p)
{
	tv_setf(v, "place_id", "%lld", (long long)p->id);
	tv_set(v, "place_title", p->title);
	tv_set(v, "place_description", p->description);
	tv_set(v, "place_org_name", p->org_name);
	tv_set(v, "place_municipality", p->municipality);
	tv_set(v, "place_street_address", p->street_address);
	tv_set(v, "place_service_type", p->service_type);
	tv_set(v, "place_form", places_form_label(p->form));
	tv_set(v, "place_tasks", places_tasks_text(r, p->tasks));
	tv_set(v, "place_task_words", p->task_words);
	tv_set(v, "place_days", places_days_text(r, (unsigned)p->weekdays));
	tv_set(
	    v, "place_hours", places_hours_text(r, p->hours_min, p->hours_max));
	tv_setf(v, "place_capacity", "%d", p->capacity);
	tv_set(
	    v, "place_languages", places_langs_text(r, (unsigned)p->languages));
	tv_set(v, "place_accessibility", p->accessibility);
	tv_set(v, "place_contact_name", p->contact_name);
	tv_set(v, "place_contact_phone", p->contact_phone);
	tv_set(v, "place_contact_email", p->contact_email);
	if (*p->contact_email)
		tv_set(v, "place_contact_mailto",
		    arena_printf(r->a, "mailto:%s", p->contact_email));
	tv_set(v, "place_status", places_status_label(p->status));
	tv_bool(v, "place_is_open", strcmp(p->status, "open") == 0);
	tv_set(v, "place_updated", req_datetime(r, p->updated_at));
	tv_bool(v, "place_contract_active",
	    strcmp(p->contract_status, "active") == 0);
	tv_setf(v, "place_contract_id", "%lld", (long long)p->contract_id);
}

static void status_options(struct tvars *v, const char *current)
{
	static const char *const codes[] = {"open", "paused", "closed"};
	struct tlist *l = tv_list(v, "place_statuses");
	for (size_t i = 0; i < 3; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "value", codes[i]);
		tv_set(it, "label", places_status_label(codes[i]));
		tv_bool(it, "selected", strcmp(codes[i], current) == 0);
	}
}

int place_page(struct req *r)
{
	struct place_row p;
	int rc = places_load(r, r->params[0], &p);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (!places_visible(r, &p))
		return not_found(r);
	struct tvars *v = page_vars(r);
	place_facts(r, v, &p);
	int own = places_own(r, &p);
	tv_bool(v, "place_own", own);
	tv_bool(v, "place_staff", !own);
	if (own)
		status_options(v, p.status);
	if (placement_place_vars(r, v, p.id))
		return -1;
	return render(r, 200, "place", v, p.title);
}

static const char SQL_PLACE_STATUS[] =
    "UPDATE places SET status = ?, updated_at = ? WHERE id = ?";

int place_status(struct req *r)
{
	struct place_row p;
	int rc = places_load(r, r->params[0], &p);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (!places_own(r, &p))
		return not_found(r);
	if (strcmp(p.contract_status, "active") != 0)
		return bad_request(r, 409,
		    _("The contract of this place is not active, so the place "
		      "cannot be changed."));
	const char *status = req_form_trim(r, "status");
	if (strcmp(status, "open") && strcmp(status, "paused") &&
	    strcmp(status, "closed"))
		return bad_request(
		    r, 422, _("Choose open, paused or closed as the status."));
	sqlite3_stmt *st = db_stmt(r->db, SQL_PLACE_STATUS);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, p.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    audit(r, "place.status",
	        arena_printf(r->a, "place:%lld", (long long)p.id),
	        arena_printf(r->a, "%s -> %s", p.status, status)))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/places/%lld?msg=saved", (long long)p.id));
}
