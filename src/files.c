/* files.c: uploaded files in the database (see files.h). */
#include <sodium.h>
#include <string.h>

#include "paikka/app.h"
#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/html.h"
#include "paikka/valid.h"

const char *file_err_message(enum file_err e)
{
	switch (e) {
	case FILE_OK:
		return "";
	case FILE_EEMPTY:
		return _("Choose a file.");
	case FILE_ETOOBIG:
		return _("The file is larger than 10 MB.");
	case FILE_ENOTPDF:
		return _("The file is not a PDF document.");
	case FILE_ENAME:
		return _("The file name is not valid.");
	default:
		return _("The file could not be saved.");
	}
}

void file_sha256(const char *data, size_t len, char out[65])
{
	unsigned char md[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(md, (const unsigned char *)data, len);
	sodium_bin2hex(out, 65, md, sizeof(md));
}

static const char SQL_FILE_INSERT[] =
    "INSERT INTO files(filename, content_type, size, sha256, content, "
    "uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,?)";

enum file_err file_store_pdf(sqlite3 *db, int64_t user_id, int64_t now,
    const char *filename, const char *data, size_t len, int64_t *id)
{
	if (data == NULL || len == 0)
		return FILE_EEMPTY;
	if (len > FILE_MAX_BYTES)
		return FILE_ETOOBIG;
	if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
		return FILE_ENOTPDF;
	if (filename == NULL ||
	    !valid_line(filename, strlen(filename), 1, 255) ||
	    strpbrk(filename, "/\\\"") != NULL)
		return FILE_ENAME;
	char hash[65];
	file_sha256(data, len, hash);
	sqlite3_stmt *st = db_stmt(db, SQL_FILE_INSERT);
	if (st == NULL)
		return FILE_EDB;
	db_bind_text(st, 1, filename);
	db_bind_text(st, 2, "application/pdf");
	db_bind_int(st, 3, (int64_t)len);
	db_bind_text(st, 4, hash);
	sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC);
	db_bind_int(st, 6, user_id);
	db_bind_int(st, 7, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return FILE_EDB;
	*id = sqlite3_last_insert_rowid(db);
	return FILE_OK;
}

static const char SQL_FILE_GET[] =
    "SELECT filename, content_type, content FROM files WHERE id = ?";

int file_send(struct req *r, int64_t id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FILE_GET);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? not_found(r) : -1;
	}
	buf_reset(&r->body);
	buf_add(&r->body, sqlite3_column_blob(st, 2),
	    (size_t)sqlite3_column_bytes(st, 2));
	r->content_type = arena_strdup(r->a, db_col_text(st, 1));
	/* The name was checked at upload (no quotes or slashes); the
	 * RFC 5987 form carries non-ASCII names. */
	struct buf h;
	buf_init(&h);
	buf_puts(&h, "Content-Disposition: attachment; filename*=UTF-8''");
	url_arg(&h, db_col_text(st, 0));
	buf_puts(&h, "\r\n");
	buf_add(&r->headers, h.data, h.len);
	buf_free(&h);
	sqlite3_reset(st);
	r->status = 200;
	return 0;
}
