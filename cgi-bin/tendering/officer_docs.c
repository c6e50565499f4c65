/* officer_docs.c: the qualification requirements and the tender
 * documents of a draft tender. Routed for ROLE_OFFICER only; every handler
 * refuses once the tender is no longer a draft (tender_draft_only). */
#include <string.h>

#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"
#include "tendering.h"

enum { MAX_REQUIREMENTS = 100 };

/* --- requirements ------------------------------------------------------- */

static const char SQL_REQ_NEXT[] =
    "SELECT count(*), coalesce(max(number), 0) + 1 FROM requirements WHERE "
    "tender_id = ?";
static const char SQL_REQ_INSERT[] =
    "INSERT INTO requirements(tender_id, number, text_fi, text_sv, "
    "needs_attachment) VALUES (?,?,?,?,?)";

static int next_requirement(struct req *r, int64_t tender_id, int64_t *number)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_REQ_NEXT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	int rc = sqlite3_step(st);
	int64_t count = sqlite3_column_int64(st, 0);
	*number = count >= MAX_REQUIREMENTS ? 0 : sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int requirement_add(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	const char *fi = req_form_trim(r, "text_fi");
	const char *sv = req_form_trim(r, "text_sv");
	int attach = req_form(r, "needs_attachment") != NULL;
	int64_t number;
	tv_set(v, "f_req_text_fi", fi);
	tv_set(v, "f_req_text_sv", sv);
	tv_bool(v, "f_req_attachment", attach);
	if (!valid_text(fi, strlen(fi), 1, 2000))
		field_error(v, "req_text_fi",
		    _("Write the requirement in Finnish (1 to 2 000 "
		      "characters)."));
	if (!valid_text(sv, strlen(sv), 0, 2000))
		field_error(
		    v, "req_text_sv", _("Write at most 2 000 characters."));
	if (next_requirement(r, t.id, &number))
		return -1;
	if (number == 0)
		field_error(v, "req_text_fi",
		    _("A tender can have at most 100 requirements."));
	if (tv_get(v, "errors"))
		return tender_page_render(r, &t, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_REQ_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, number);
	db_bind_text(st, 3, fi);
	db_bind_text(st, 4, sv);
	db_bind_int(st, 5, attach);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || audit(r, "requirement.create",
	                             tender_audit_ref(r, "requirement",
	                                 sqlite3_last_insert_rowid(r->db)),
	                             tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, tender_link(r, t.id, "created"));
}

static const char SQL_REQ_NUMBER[] =
    "SELECT number FROM requirements WHERE id = ? AND tender_id = ?";
static const char SQL_REQ_DELETE[] =
    "DELETE FROM requirements WHERE id = ? AND tender_id = ?";
static const char SQL_REQS_AFTER[] =
    "SELECT id FROM requirements WHERE tender_id = ? AND number > ? "
    "ORDER BY number";
static const char SQL_REQ_DOWN[] =
    "UPDATE requirements SET number = number - 1 WHERE id = ?1 AND ?2 = ?2";

int requirement_delete(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t number;
	if ((rc = tender_sql_int(
	         r, SQL_REQ_NUMBER, r->params[1], t.id, &number)) != 0)
		return rc < 0 ? -1 : not_found(r);
	if (tender_sql_exec(r, SQL_REQ_DELETE, r->params[1], t.id) ||
	    tender_renumber(r, SQL_REQS_AFTER, SQL_REQ_DOWN, t.id, number) ||
	    audit(r, "requirement.delete",
	        tender_audit_ref(r, "requirement", r->params[1]),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, tender_link(r, t.id, "saved"));
}

/* --- documents ---------------------------------------------------------- */

static const char SQL_DOC_INSERT[] =
    "INSERT INTO tender_documents(tender_id, file_id, title) VALUES (?,?,?)";

int document_upload(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	const char *title = req_form_trim(r, "title");
	tv_set(v, "f_doc_title", title);
	if (!valid_line(title, strlen(title), 0, 200))
		field_error(v, "doc_title",
		    _("Write at most 200 characters on one line."));
	const struct http_field *file = http_form_field(&r->form, "file");
	int64_t file_id = 0;
	enum file_err e = FILE_EEMPTY;
	if (!tv_get(v, "errors") && file != NULL)
		e = file_store_pdf(r->db, r->user->id, r->now, file->filename,
		    file->value, file->len, &file_id);
	if (e == FILE_EDB)
		return -1;
	if (e != FILE_OK)
		field_error(v, "doc_file", file_err_message(e));
	if (tv_get(v, "errors"))
		return tender_page_render(r, &t, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_DOC_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, file_id);
	db_bind_text(st, 3, title);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    audit(r, "document.upload", tender_audit_ref(r, "file", file_id),
	        arena_printf(
	            r->a, "tender:%lld %s", (long long)t.id, file->filename)))
		return -1;
	return redirect(r, tender_link(r, t.id, "created"));
}

static const char SQL_DOC_OF[] =
    "SELECT file_id FROM tender_documents WHERE file_id = ? AND tender_id = ?";
static const char SQL_DOC_DELETE[] =
    "DELETE FROM tender_documents WHERE file_id = ? AND tender_id = ?";
/* The file belongs to this document only: it goes too. */
static const char SQL_FILE_DELETE[] =
    "DELETE FROM files WHERE id = ?1 AND ?2 = ?2";

int document_delete(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t fid;
	if ((rc = tender_sql_int(r, SQL_DOC_OF, r->params[1], t.id, &fid)) != 0)
		return rc < 0 ? -1 : not_found(r);
	if (tender_sql_exec(r, SQL_DOC_DELETE, fid, t.id) ||
	    tender_sql_exec(r, SQL_FILE_DELETE, fid, 0) ||
	    audit(r, "document.delete", tender_audit_ref(r, "file", fid),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, tender_link(r, t.id, "saved"));
}
