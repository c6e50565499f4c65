/* admin_ref.c: the administrator's organisations, municipalities, service
 * types, audit log and feedback pages. Routed for ROLE_ADMIN only. */
#include <stdlib.h>
#include <string.h>

#include "home.h"
#include "paikka/audit.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

static const char *status_label(const char *s)
{
	if (strcmp(s, "approved") == 0)
		return _("Approved");
	if (strcmp(s, "rejected") == 0)
		return _("Rejected");
	return _("Waiting for approval");
}

static const char SQL_ORGS[] =
    "SELECT id, name, ytunnus, kind, status, city, created_at FROM "
    "organisations ORDER BY status <> 'pending', kind, name";

int admin_orgs(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "orgs");
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORGS);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "name", db_col_text(st, 1));
		tv_set(it, "ytunnus", db_col_text(st, 2));
		tv_set(it, "kind",
		    strcmp(db_col_text(st, 3), "buyer") == 0 ? _("Buyer")
		                                             : _("Provider"));
		tv_set(it, "status", status_label(db_col_text(st, 4)));
		tv_bool(
		    it, "pending", strcmp(db_col_text(st, 4), "pending") == 0);
		tv_set(it, "city", db_col_text(st, 5));
		tv_set(it, "created", req_date(r, sqlite3_column_int64(st, 6)));
	}
	sqlite3_reset(st);
	return render(r, 200, "admin_orgs", v, _("Organisations"));
}

static const char *const org_cols[] = {"name", "street", "postcode", "city",
    "contact_name", "contact_email", "contact_phone"};
enum { N_ORG_COLS = 7 };

static const char SQL_ORG_GET[] =
    "SELECT name, street, postcode, city, contact_name, contact_email, "
    "contact_phone, ytunnus, kind, status, created_at, "
    "coalesce(approved_at, 0) FROM organisations WHERE id = ?";

/* 0 found, 1 not found, -1 error; keep_form leaves f_ fields alone. */
static int load_org(struct req *r, struct tvars *v, int64_t id, int keep_form)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_GET);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 1;
	}
	tv_setf(v, "id", "%lld", (long long)id);
	for (int i = 0; i < N_ORG_COLS && !keep_form; i++)
		tv_set(v, arena_printf(r->a, "f_%s", org_cols[i]),
		    db_col_text(st, i));
	tv_set(v, "org_name", db_col_text(st, 0));
	tv_set(v, "ytunnus", db_col_text(st, 7));
	tv_set(v, "kind",
	    strcmp(db_col_text(st, 8), "buyer") == 0 ? _("Buyer")
	                                             : _("Provider"));
	tv_set(v, "status", status_label(db_col_text(st, 9)));
	tv_bool(v, "pending", strcmp(db_col_text(st, 9), "pending") == 0);
	tv_set(v, "created", req_datetime(r, sqlite3_column_int64(st, 10)));
	int64_t ap = sqlite3_column_int64(st, 11);
	tv_set(v, "approved", ap ? req_datetime(r, ap) : "");
	sqlite3_reset(st);
	return 0;
}

int admin_org_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	int rc = load_org(r, v, r->params[0], 0);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return render(r, 200, "admin_org", v, _("Organisation"));
}

static const char SQL_ORG_UPDATE[] =
    "UPDATE organisations SET name = ?, street = ?, postcode = ?, city = ?, "
    "contact_name = ?, contact_email = ?, contact_phone = ? WHERE id = ?";

int admin_org_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	int64_t id = r->params[0];
	for (int i = 0; i < N_ORG_COLS; i++)
		tv_set(v, arena_printf(r->a, "f_%s", org_cols[i]),
		    req_form_trim(r, org_cols[i]));
	int rc = load_org(r, v, id, 1);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	const char *name = tv_get(v, "f_name");
	if (!valid_line(name, strlen(name), 2, 200))
		field_error(v, "name",
		    _("Write the organisation's name (2 to "
		      "200 characters)."));
	for (int i = 1; i < N_ORG_COLS; i++) {
		const char *s =
		    tv_get(v, arena_printf(r->a, "f_%s", org_cols[i]));
		if (!valid_line(s, strlen(s), 0, 200))
			field_error(v, org_cols[i],
			    _("Write at most 200 characters on one line."));
	}
	const char *email = tv_get(v, "f_contact_email");
	if (email[0] && !valid_email(email))
		field_error(v, "contact_email",
		    _("Write an e-mail address like name@example.fi."));
	if (tv_get(v, "errors"))
		return render(r, 422, "admin_org", v, _("Organisation"));
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_UPDATE);
	if (st == NULL)
		return -1;
	for (int i = 0; i < N_ORG_COLS; i++)
		db_bind_text(st, i + 1,
		    tv_get(v, arena_printf(r->a, "f_%s", org_cols[i])));
	db_bind_int(st, 8, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    audit(r, "org.update",
	        arena_printf(r->a, "org:%lld", (long long)id), name))
		return -1;
	return redirect(
	    r, arena_printf(
	           r->a, "/admin/organisations/%lld?msg=saved", (long long)id));
}

static const char SQL_ORG_DECIDE[] =
    "UPDATE organisations SET status = ?, approved_at = ?, approved_by = ? "
    "WHERE id = ? AND status = 'pending'";

/* Approves or rejects a pending organisation (field "decision"). */
int admin_org_approve(struct req *r)
{
	const char *d = req_form(r, "decision");
	const char *status =
	    d && strcmp(d, "reject") == 0 ? "rejected" : "approved";
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_DECIDE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, r->user->id);
	db_bind_int(st, 4, r->params[0]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(r->db) == 0)
		return bad_request(r, 409,
		    _("This organisation is not waiting for approval."));
	if (audit(r,
	        strcmp(status, "approved") == 0 ? "org.approve" : "org.reject",
	        arena_printf(r->a, "org:%lld", (long long)r->params[0]), ""))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/admin/organisations/%lld?msg=saved",
	           (long long)r->params[0]));
}

static const char SQL_MUNICIPALITIES[] =
    "SELECT id, code, name_fi, name_sv, active FROM municipalities "
    "ORDER BY name_fi";

static int municipality_list(struct req *r, struct tvars *v)
{
	struct tlist *l = tv_list(v, "municipalities");
	sqlite3_stmt *st = db_stmt(r->db, SQL_MUNICIPALITIES);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "code", db_col_text(st, 1));
		tv_set(it, "name_fi", db_col_text(st, 2));
		tv_set(it, "name_sv", db_col_text(st, 3));
		tv_bool(it, "active", sqlite3_column_int(st, 4));
		tv_set(it, "nonce", req_nonce(r));
	}
	sqlite3_reset(st);
	return 0;
}

int admin_municipalities(struct req *r)
{
	struct tvars *v = page_vars(r);
	if (municipality_list(r, v))
		return -1;
	return render(r, 200, "admin_municipalities", v, _("Municipalities"));
}

static const char SQL_MUN_INSERT[] =
    "INSERT INTO municipalities(code, name_fi, name_sv) VALUES (?,?,?)";
static const char SQL_MUN_TAKEN[] =
    "SELECT 1 FROM municipalities WHERE code = ? OR name_fi = ?";

static void check_names(struct tvars *v, const char *fi, const char *sv)
{
	if (!valid_line(fi, strlen(fi), 1, 100))
		field_error(v, "name_fi", _("Write the Finnish name."));
	if (!valid_line(sv, strlen(sv), 1, 100))
		field_error(v, "name_sv", _("Write the Swedish name."));
}

int admin_municipality_create(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *code = req_form_trim(r, "code");
	const char *fi = req_form_trim(r, "name_fi");
	const char *sv = req_form_trim(r, "name_sv");
	tv_set(v, "f_code", code);
	tv_set(v, "f_name_fi", fi);
	tv_set(v, "f_name_sv", sv);
	if (strlen(code) != 3 || strspn(code, "0123456789") != 3)
		field_error(v, "code",
		    _("Write the three-digit municipality "
		      "code, e.g. 167."));
	check_names(v, fi, sv);
	sqlite3_stmt *st = db_stmt(r->db, SQL_MUN_TAKEN);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, fi);
	if (sqlite3_step(st) == SQLITE_ROW)
		field_error(v, "code", _("This municipality exists already."));
	sqlite3_reset(st);
	if (tv_get(v, "errors")) {
		if (municipality_list(r, v))
			return -1;
		return render(
		    r, 422, "admin_municipalities", v, _("Municipalities"));
	}
	st = db_stmt(r->db, SQL_MUN_INSERT);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, fi);
	db_bind_text(st, 3, sv);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    audit(r, "municipality.create",
	        arena_printf(r->a, "municipality:%lld",
	            (long long)sqlite3_last_insert_rowid(r->db)),
	        fi))
		return -1;
	return redirect(r, "/admin/municipalities?msg=created");
}

static const char SQL_MUN_UPDATE[] =
    "UPDATE municipalities SET name_fi = ?, name_sv = ?, active = ? "
    "WHERE id = ?";

int admin_municipality_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *fi = req_form_trim(r, "name_fi");
	const char *sv = req_form_trim(r, "name_sv");
	check_names(v, fi, sv);
	if (tv_get(v, "errors")) {
		if (municipality_list(r, v))
			return -1;
		return render(
		    r, 422, "admin_municipalities", v, _("Municipalities"));
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_MUN_UPDATE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, fi);
	db_bind_text(st, 2, sv);
	db_bind_int(st, 3, req_form(r, "active") != NULL);
	db_bind_int(st, 4, r->params[0]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		field_error(v, "name_fi",
		    _("This municipality exists "
		      "already."));
		if (municipality_list(r, v))
			return -1;
		return render(
		    r, 422, "admin_municipalities", v, _("Municipalities"));
	}
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(r->db) == 0)
		return not_found(r);
	if (audit(r, "municipality.update",
	        arena_printf(
	            r->a, "municipality:%lld", (long long)r->params[0]),
	        fi))
		return -1;
	return redirect(r, "/admin/municipalities?msg=saved");
}

static const char SQL_SERVICE_TYPES[] =
    "SELECT id, code, name_fi, name_sv, name_en, active FROM service_types "
    "ORDER BY code";

static int service_type_list(struct req *r, struct tvars *v)
{
	struct tlist *l = tv_list(v, "types");
	sqlite3_stmt *st = db_stmt(r->db, SQL_SERVICE_TYPES);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "code", db_col_text(st, 1));
		tv_set(it, "name_fi", db_col_text(st, 2));
		tv_set(it, "name_sv", db_col_text(st, 3));
		tv_set(it, "name_en", db_col_text(st, 4));
		tv_bool(it, "active", sqlite3_column_int(st, 5));
		tv_set(it, "nonce", req_nonce(r));
	}
	sqlite3_reset(st);
	return 0;
}

int admin_service_types(struct req *r)
{
	struct tvars *v = page_vars(r);
	if (service_type_list(r, v))
		return -1;
	return render(r, 200, "admin_service_types", v, _("Service types"));
}

static const char SQL_ST_UPDATE[] =
    "UPDATE service_types SET name_fi = ?, name_sv = ?, name_en = ?, "
    "active = ? WHERE id = ?";

int admin_service_type_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	const char *fi = req_form_trim(r, "name_fi");
	const char *sv = req_form_trim(r, "name_sv");
	const char *en = req_form_trim(r, "name_en");
	const char *names[] = {fi, sv, en};
	const char *fields[] = {"name_fi", "name_sv", "name_en"};
	for (int i = 0; i < 3; i++)
		if (!valid_line(names[i], strlen(names[i]), 1, 300))
			field_error(v, fields[i],
			    _("Write the name (1 to 300 characters)."));
	if (tv_get(v, "errors")) {
		if (service_type_list(r, v))
			return -1;
		return render(
		    r, 422, "admin_service_types", v, _("Service types"));
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_ST_UPDATE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, fi);
	db_bind_text(st, 2, sv);
	db_bind_text(st, 3, en);
	db_bind_int(st, 4, req_form(r, "active") != NULL);
	db_bind_int(st, 5, r->params[0]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(r->db) == 0)
		return not_found(r);
	if (audit(r, "service_type.update",
	        arena_printf(
	            r->a, "service_type:%lld", (long long)r->params[0]),
	        fi))
		return -1;
	return redirect(r, "/admin/service-types?msg=saved");
}

static const char SQL_AUDIT_PAGE[] =
    "SELECT id, ts, actor, ip, action, object, details FROM audit_log "
    "WHERE id < ? ORDER BY id DESC LIMIT 50";

/* Newest first, 50 rows a page; ?before=ID pages back. */
int admin_audit(struct req *r)
{
	struct tvars *v = page_vars(r);
	int64_t before = INT64_MAX, bad = 0, rows = 0, last = 0;
	const char *b = req_query(r, "before");
	if (b && !valid_int(b, 1, INT64_MAX, &before))
		return bad_request(r, 400, _("Bad page number."));
	int chain = audit_verify(r->db, &bad, &rows);
	if (chain < 0)
		return -1;
	tv_bool(v, "chain_ok", chain == 0);
	tv_setf(v, "chain_rows", "%lld", (long long)rows);
	tv_setf(v, "chain_bad", "%lld", (long long)bad);
	struct tlist *l = tv_list(v, "rows");
	sqlite3_stmt *st = db_stmt(r->db, SQL_AUDIT_PAGE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, before);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		last = sqlite3_column_int64(st, 0);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(
		    it, "time", req_datetime(r, sqlite3_column_int64(st, 1)));
		tv_set(it, "actor", db_col_text(st, 2));
		tv_set(it, "ip", db_col_text(st, 3));
		tv_set(it, "action", db_col_text(st, 4));
		tv_set(it, "object", db_col_text(st, 5));
		tv_set(it, "details", db_col_text(st, 6));
		n++;
	}
	sqlite3_reset(st);
	if (n == 50 && last > 1)
		tv_setf(
		    v, "older", "/admin/audit?before=%lld", (long long)last);
	return render(r, 200, "admin_audit", v, _("Audit log"));
}

static const char SQL_FEEDBACK_LIST[] =
    "SELECT ts, name, email, page, message, lang FROM feedback "
    "ORDER BY ts DESC LIMIT 200";

int admin_feedback(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "items");
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEEDBACK_LIST);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(
		    it, "time", req_datetime(r, sqlite3_column_int64(st, 0)));
		tv_set(it, "name", db_col_text(st, 1));
		tv_set(it, "email", db_col_text(st, 2));
		tv_set(it, "page", db_col_text(st, 3));
		tv_set(it, "message", db_col_text(st, 4));
		tv_set(it, "lang", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	return render(r, 200, "admin_feedback", v, _("Accessibility feedback"));
}
