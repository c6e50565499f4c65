/* bid_docs.c: a provider organisation's reusable documents (trade
 * register extract, tax certificate, insurance, ...): uploaded once on
 * /tenders/documents and attached to any number of bids.
 *
 * Who: providers (route table), each seeing only its own organisation's
 * documents; another organisation's document is 404, like one that does
 * not exist. Pending organisations may prepare their documents too. */
#include <string.h>

#include "bid_impl.h"
#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

static const char SQL_DOCS[] =
    "SELECT d.id, d.kind, f.filename, f.size, f.sha256, d.created_at FROM "
    "org_documents d JOIN files f ON f.id = d.file_id WHERE d.org_id = ? "
    "ORDER BY d.created_at DESC, d.id DESC";

static const char *size_text(struct req *r, int64_t bytes)
{
	if (bytes < 1024)
		return arena_printf(r->a, "%lld B", (long long)bytes);
	if (bytes < 1024 * 1024)
		return arena_printf(r->a, "%lld kB", (long long)(bytes / 1024));
	return arena_printf(r->a, "%.1f MB", (double)bytes / (1024 * 1024));
}

static int docs_render(struct req *r, struct tvars *v, int status)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DOCS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->user->org_id);
	struct tlist *l = tv_list(v, "docs");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "doc_id", db_col_text(st, 0));
		tv_set(it, "kind", db_col_text(st, 1));
		tv_set(it, "filename", db_col_text(st, 2));
		tv_set(it, "size", size_text(r, sqlite3_column_int64(st, 3)));
		tv_set(it, "sha256", db_col_text(st, 4));
		tv_set(it, "uploaded",
		    req_datetime(r, sqlite3_column_int64(st, 5)));
	}
	sqlite3_reset(st);
	const char *msg = req_query(r, "msg");
	if (status == 200 && msg && strcmp(msg, "uploaded") == 0)
		tv_set(v, "flash",
		    _("The document has been saved. You can now attach it to "
		      "your bids."));
	return render(
	    r, status, "org_documents", v, _("Your organisation's documents"));
}

int org_documents_page(struct req *r)
{
	if (r->user->org_id == 0)
		return not_found(r);
	return docs_render(r, page_vars(r), 200);
}

static const char SQL_DOC_EXISTS[] = "SELECT 1 FROM org_documents WHERE id = ?";
static const char SQL_DOC_INSERT[] =
    "INSERT INTO org_documents(id, org_id, file_id, kind, created_at) "
    "VALUES (?,?,?,?,?)";

int org_document_upload(struct req *r)
{
	if (r->user->org_id == 0)
		return not_found(r);
	struct tvars *v = page_vars(r);
	const char *kind = req_form_trim(r, "kind");
	tv_set(v, "f_kind", kind);
	if (!valid_line(kind, strlen(kind), 1, 100))
		field_error(v, "kind",
		    _("Write what the document is (1 to 100 characters), for "
		      "example Trade register extract."));
	/* file_store_pdf checks before it writes: a refused file leaves
	 * nothing behind. */
	const struct http_field *f = http_form_field(&r->form, "file");
	int64_t file = 0;
	if (tv_get(v, "errors") == NULL) {
		enum file_err e = f ? file_store_pdf(r->db, r->user->id, r->now,
		                          f->filename, f->value, f->len, &file)
		                    : FILE_EEMPTY;
		if (e == FILE_EDB)
			return -1;
		if (e != FILE_OK)
			field_error(v, "file", file_err_message(e));
	}
	if (tv_get(v, "errors"))
		return docs_render(r, v, 422);
	int64_t id = bid_new_id(r, SQL_DOC_EXISTS, 0);
	sqlite3_stmt *st = id > 0 ? db_stmt(r->db, SQL_DOC_INSERT) : NULL;
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, r->user->org_id);
	db_bind_int(st, 3, file);
	db_bind_text(st, 4, kind);
	db_bind_int(st, 5, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (audit(r, "org_document.upload",
	        arena_printf(r->a, "org_document:%lld", (long long)id), kind))
		return -1;
	return redirect(r, "/tenders/documents?msg=uploaded");
}

static const char SQL_DOC_FILE[] =
    "SELECT file_id FROM org_documents WHERE id = ? AND org_id = ?";

int org_document_download(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DOC_FILE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[0]);
	db_bind_int(st, 2, r->user->org_id);
	int rc = sqlite3_step(st);
	int64_t file = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (file == 0)
		return not_found(r);
	return file_send(r, file);
}
