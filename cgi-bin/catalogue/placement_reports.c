/* Capacity-assessment reports of a placement (service 3): the provider
 * uploads a PDF while the placement is active, the caseworkers of the
 * placing organisation read it. Reports are never replaced; a corrected
 * one is uploaded beside the first. Invoicing warns when the last month
 * of such a placement is invoiced without one. */
#include <string.h>

#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/http.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"
#include "placement_impl.h"

static const char SQL_REPORTS[] =
    "SELECT a.id, f.filename, f.size, a.uploaded_at, u.name FROM "
    "assessment_reports a JOIN files f ON f.id = a.file_id JOIN users u "
    "ON u.id = a.uploaded_by WHERE a.placement_id = ? ORDER BY a.id";

int pl_reports_vars(struct req *r, struct tvars *v, const struct pl_row *p)
{
	if (!p->needs_assessment)
		return 0;
	tv_bool(v, "needs_assessment", 1);
	tv_bool(v, "can_report",
	    pl_is_provider(r, p) && strcmp(p->status, "active") == 0);
	sqlite3_stmt *st = db_stmt(r->db, SQL_REPORTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->id);
	struct tlist *l = tv_list(v, "reports");
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_setf(
		    it, "rid", "%lld", (long long)sqlite3_column_int64(st, 0));
		tv_set(it, "filename", db_col_text(st, 1));
		tv_setf(it, "kb", "%lld",
		    (long long)(sqlite3_column_int64(st, 2) + 1023) / 1024);
		tv_set(it, "at", req_datetime(r, sqlite3_column_int64(st, 3)));
		tv_set(it, "by", db_col_text(st, 4));
		n++;
	}
	sqlite3_reset(st);
	tv_bool(v, "has_reports", n > 0);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Loads placement :id when the caller may see it; 1 (404 sent) if not. */
static int load(struct req *r, struct pl_row *p)
{
	int rc = pl_load(r, r->params[0], p);
	if (rc < 0)
		return -1;
	if (rc > 0 || !pl_visible(r, p)) {
		not_found(r);
		return 1;
	}
	return 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO assessment_reports(placement_id, file_id, uploaded_by, "
    "uploaded_at) VALUES (?,?,?,?)";

/* Who: the provider of an active placement whose service needs a
 * capacity assessment. */
int placement_report_upload(struct req *r)
{
	struct pl_row p;
	int rc = load(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!pl_is_provider(r, &p) || !p.needs_assessment ||
	    strcmp(p.status, "active") != 0)
		return not_found(r);
	struct tvars *v = page_vars(r);
	const struct http_field *f = http_form_field(&r->form, "report");
	int64_t file = 0;
	enum file_err e = f ? file_store_pdf(r->db, r->user->id, r->now,
	                          f->filename, f->value, f->len, &file)
	                    : FILE_EEMPTY;
	if (e == FILE_EDB)
		return -1;
	if (e != FILE_OK) {
		field_error(v, "report", file_err_message(e));
		return pl_page_render(r, &p, v, 422);
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p.id);
	db_bind_int(st, 2, file);
	db_bind_int(st, 3, r->user->id);
	db_bind_int(st, 4, r->now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	const char *obj = arena_printf(r->a, "placement:%lld", (long long)p.id);
	const char *link =
	    arena_printf(r->a, "/placements/%lld", (long long)p.id);
	if (notify_user(r->db, r->now, p.caseworker_id, link,
	        N_("The provider has uploaded a capacity-assessment report for "
	           "client %s."),
	        p.client_ref))
		return -1;
	if (audit(r, "placement.report", obj, f->filename))
		return -1;
	return redirect(r, arena_printf(r->a, "%s?msg=report", link));
}

static const char SQL_FILE[] = "SELECT file_id FROM assessment_reports "
                               "WHERE id = ? AND placement_id = ?";

/* Who: whoever may see the placement (administrators, the placing
 * caseworkers, the provider while it is placed). */
int placement_report_download(struct req *r)
{
	struct pl_row p;
	int rc = load(r, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_FILE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[1]);
	db_bind_int(st, 2, p.id);
	rc = sqlite3_step(st);
	int64_t file = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (file == 0)
		return not_found(r);
	if (audit(r, "placement.report.view",
	        arena_printf(r->a, "placement:%lld", (long long)p.id),
	        arena_printf(r->a, "report=%lld", (long long)r->params[1])))
		return -1;
	return file_send(r, file);
}
