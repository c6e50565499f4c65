/* files.h: uploaded files kept in the database (tender documents, bid
 * attachments), with their size and SHA-256. */
#ifndef PAIKKA_FILES_H
#define PAIKKA_FILES_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct req;

enum { FILE_MAX_BYTES = 10 * 1024 * 1024 };

enum file_err {
	FILE_OK = 0,
	FILE_EEMPTY,  /* no file chosen, or an empty one */
	FILE_ETOOBIG, /* over FILE_MAX_BYTES */
	FILE_ENOTPDF, /* does not start with %PDF- */
	FILE_ENAME,   /* file name not valid UTF-8 text of 1-255 bytes */
	FILE_EDB,
};

/* The translated message for an error, for the field it concerns. */
const char *file_err_message(enum file_err e);

/* Checks that data is a PDF within the limits and stores it; *id gets the
 * new file's id. The caller holds the transaction. */
enum file_err file_store_pdf(sqlite3 *db, int64_t user_id, int64_t now,
    const char *filename, const char *data, size_t len, int64_t *id);

/* Hex SHA-256 of data into out (65 bytes). */
void file_sha256(const char *data, size_t len, char out[65]);

/* Sends file id as a download (Content-Disposition: attachment), or the
 * 404 page when there is no such file. The caller has checked that the
 * user may see it. Returns 0, or -1 on a database error. */
int file_send(struct req *r, int64_t id);

#endif
