/* bid_save.c: saving the provider's draft bid (POST /tenders/:id/bid,
 * multipart): every field's format is checked, but a draft may be
 * incomplete. The draft is replaced as a whole; a PDF uploaded with it
 * becomes one of the organisation's reusable documents. No audit row is
 * written: the audit log is shown to administrators, and until the
 * deadline nobody may learn that the bid exists.
 *
 * Who: providers of an approved organisation, before the deadline. */
#include <stdlib.h>
#include <string.h>

#include "bid_impl.h"
#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* The trimmed form value with line ends made "\n". */
static const char *form_text(struct req *r, const char *name)
{
	const struct http_field *f = http_form_field(&r->form, name);
	const char *s = req_form_trim(r, name);
	size_t n = strlen(s);
	/* A NUL inside the value would cut it short here: keep a control
	 * character in its place so the check refuses the text. */
	if (f && memchr(f->value, '\0', f->len) != NULL) {
		s = arena_printf(r->a, "%s\x01", s);
		n++;
	}
	char *out = arena_alloc(r->a, n + 1);
	bid_text_normalise(s, n, out);
	return out;
}

/* Checks a free text of at most max characters into errs. */
static void check_text(
    struct fmap *errs, const char *field, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || utf8_len(s, n) > max)
		fm_set(errs, field,
		    max == BID_WORK_MAX
		        ? _("Write at most 10 000 characters.")
		        : _("Write at most 20 000 characters."));
	else if (!valid_text(s, n, 0, max))
		fm_set(errs, field,
		    _("The text contains characters that are not allowed."));
}

static void check_price(
    struct req *r, const struct lot_info *lot, const char *s, struct fmap *errs)
{
	int64_t cents = 0;
	const char *field = bid_field(r, "price", lot->id);
	if (*s == '\0')
		return;
	if (!valid_cents(s, &cents))
		fm_set(errs, field,
		    _("Write the price per day in euros, for example 24,50."));
	else if (cents <= 0)
		fm_set(errs, field, _("The price must be more than zero."));
	else if (lot->ceiling_cents && cents > lot->ceiling_cents)
		fm_set(errs, field,
		    arena_printf(r->a, _("The price may be at most %s."),
		        req_money(r, lot->ceiling_cents)));
}

/* Copies one lot's fields from the form into vals and checks their
 * format (a draft may leave any of them empty). */
static void read_lot(struct req *r, const struct bid_ctx *c,
    const struct lot_info *lot, struct fmap *vals, struct fmap *errs)
{
	if (req_form(r, bid_field(r, "lot", lot->id)) == NULL)
		return;
	fm_set(vals, bid_field(r, "lot", lot->id), "1");
	const char *price = req_form_trim(r, bid_field(r, "price", lot->id));
	const char *cap = req_form_trim(r, bid_field(r, "capacity", lot->id));
	const char *work = form_text(r, bid_field(r, "work", lot->id));
	fm_set(vals, bid_field(r, "price", lot->id), price);
	fm_set(vals, bid_field(r, "capacity", lot->id), cap);
	fm_set(vals, bid_field(r, "work", lot->id), work);
	if (!lot->fixed)
		check_price(r, lot, price, errs);
	int64_t n;
	if (*cap && !valid_int(cap, 1, BID_CAPACITY_MAX, &n))
		fm_set(errs, bid_field(r, "capacity", lot->id),
		    _("Write the number of clients as a whole number from 1 "
		      "to 10 000."));
	check_text(errs, bid_field(r, "work", lot->id), work, BID_WORK_MAX);
	for (size_t j = 0; j < c->ncrits; j++) {
		if (c->crits[j].lot_id != lot->id)
			continue;
		const char *f = bid_field(r, "answer", c->crits[j].id);
		const char *a = form_text(r, f);
		fm_set(vals, f, a);
		check_text(errs, f, a, BID_ANSWER_MAX);
	}
}

static const char SQL_OWN_DOC[] =
    "SELECT 1 FROM org_documents WHERE id = ? AND org_id = ?";

/* 1 when the chosen file field holds a file (browsers send an empty part
 * when none was chosen). */
static const struct http_field *chosen_file(struct req *r, const char *name)
{
	const struct http_field *f = http_form_field(&r->form, name);
	if (f == NULL || f->filename == NULL ||
	    (f->len == 0 && f->filename[0] == '\0'))
		return NULL;
	return f;
}

/* The checks file_store_pdf makes, before anything is written. */
static enum file_err pdf_precheck(const struct http_field *f)
{
	if (f->len == 0)
		return FILE_EEMPTY;
	if (f->len > FILE_MAX_BYTES)
		return FILE_ETOOBIG;
	if (f->len < 5 || memcmp(f->value, "%PDF-", 5) != 0)
		return FILE_ENOTPDF;
	if (!valid_line(f->filename, strlen(f->filename), 1, 255) ||
	    strpbrk(f->filename, "/\\\"") != NULL)
		return FILE_ENAME;
	return FILE_OK;
}

static int read_requirement(struct req *r, const struct req_info *q,
    struct fmap *vals, struct fmap *errs)
{
	if (req_form(r, bid_field(r, "confirm", q->id)))
		fm_set(vals, bid_field(r, "confirm", q->id), "1");
	if (!q->needs_attachment)
		return 0;
	const char *doc = req_form_trim(r, bid_field(r, "doc", q->id));
	fm_set(vals, bid_field(r, "doc", q->id), doc);
	int64_t id = 0;
	if (*doc) {
		int own = 0;
		if (valid_int(doc, 1, INT64_MAX, &id)) {
			sqlite3_stmt *st = db_stmt(r->db, SQL_OWN_DOC);
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, id);
			db_bind_int(st, 2, r->user->org_id);
			own = sqlite3_step(st) == SQLITE_ROW;
			sqlite3_reset(st);
		}
		if (!own)
			fm_set(errs, bid_field(r, "doc", q->id),
			    _("Choose one of your organisation's documents."));
	}
	const struct http_field *f =
	    chosen_file(r, bid_field(r, "file", q->id));
	enum file_err e = f ? pdf_precheck(f) : FILE_OK;
	if (e != FILE_OK)
		fm_set(errs, bid_field(r, "file", q->id), file_err_message(e));
	return 0;
}

static const char SQL_BID_EXISTS[] = "SELECT 1 FROM bids WHERE id = ?";
static const char SQL_BID_INSERT[] =
    "INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) "
    "VALUES (?,?,?,?,?)";
static const char SQL_BID_TOUCH[] =
    "UPDATE bids SET updated_at = ? WHERE id = ?";
static const char SQL_CLEAR_LOTS[] = "DELETE FROM bid_lots WHERE bid_id = ?";
static const char SQL_CLEAR_ANSWERS[] =
    "DELETE FROM bid_answers WHERE bid_id = ?";
static const char SQL_CLEAR_REQS[] =
    "DELETE FROM bid_requirements WHERE bid_id = ?";
static const char SQL_PUT_LOT[] =
    "INSERT INTO bid_lots(bid_id, lot_id, price_cents, capacity, "
    "work_description) VALUES (?,?,?,?,?)";
static const char SQL_PUT_ANSWER[] =
    "INSERT INTO bid_answers(bid_id, criterion_id, answer) VALUES (?,?,?)";
static const char SQL_PUT_REQ[] =
    "INSERT INTO bid_requirements(bid_id, requirement_id, confirmed, "
    "org_document_id) VALUES (?,?,?,?)";
static const char SQL_DOC_EXISTS[] = "SELECT 1 FROM org_documents WHERE id = ?";
static const char SQL_DOC_INSERT[] =
    "INSERT INTO org_documents(id, org_id, file_id, kind, created_at) "
    "VALUES (?,?,?,?,?)";

static int exec_id(struct req *r, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The bid row: created on the first save. 0 or -1. */
static int ensure_bid(struct req *r, struct bid_ctx *c)
{
	if (c->bid_id)
		return exec_id(r, SQL_BID_TOUCH, r->now, c->bid_id);
	int64_t id = bid_new_id(r, SQL_BID_EXISTS, 0);
	sqlite3_stmt *st = id > 0 ? db_stmt(r->db, SQL_BID_INSERT) : NULL;
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, c->tender_id);
	db_bind_int(st, 3, r->user->org_id);
	db_bind_int(st, 4, r->now);
	db_bind_int(st, 5, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	c->bid_id = id;
	return 0;
}

/* The first 100 characters of s (a document's kind). */
static const char *kind_of(struct req *r, const char *s)
{
	size_t chars = 0, i = 0;
	while (s[i] && chars < 100) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	return arena_strndup(r->a, s, i);
}

/* Stores an uploaded PDF as a new organisation document; *doc gets its
 * id. Returns FILE_OK, a file error, or FILE_EDB. */
static enum file_err store_doc(
    struct req *r, const struct http_field *f, const char *kind, int64_t *doc)
{
	int64_t file = 0;
	enum file_err e = file_store_pdf(
	    r->db, r->user->id, r->now, f->filename, f->value, f->len, &file);
	if (e != FILE_OK)
		return e;
	int64_t id = bid_new_id(r, SQL_DOC_EXISTS, 0);
	sqlite3_stmt *st = id > 0 ? db_stmt(r->db, SQL_DOC_INSERT) : NULL;
	if (st == NULL)
		return FILE_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, r->user->org_id);
	db_bind_int(st, 3, file);
	db_bind_text(st, 4, kind);
	db_bind_int(st, 5, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*doc = id;
	return rc == SQLITE_DONE ? FILE_OK : FILE_EDB;
}

static int put_lot(struct req *r, const struct bid_ctx *c,
    const struct lot_info *lot, const struct fmap *vals)
{
	int64_t cents = 0, cap = 0;
	valid_cents(fm_str(vals, r, "price", lot->id), &cents);
	valid_int(
	    fm_str(vals, r, "capacity", lot->id), 1, BID_CAPACITY_MAX, &cap);
	sqlite3_stmt *st = db_stmt(r->db, SQL_PUT_LOT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	db_bind_int(st, 2, lot->id);
	if (!lot->fixed && cents > 0)
		db_bind_int(st, 3, cents);
	db_bind_int(st, 4, cap);
	db_bind_text(st, 5, fm_str(vals, r, "work", lot->id));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (size_t j = 0; j < c->ncrits; j++) {
		const char *a = fm_str(vals, r, "answer", c->crits[j].id);
		if (c->crits[j].lot_id != lot->id || *a == '\0')
			continue;
		st = db_stmt(r->db, SQL_PUT_ANSWER);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, c->bid_id);
		db_bind_int(st, 2, c->crits[j].id);
		db_bind_text(st, 3, a);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* One requirement's confirmation and attachment; a new upload becomes an
 * organisation document first. 0, -1, or 1 when the file was refused
 * (errs says why). */
static int put_requirement(struct req *r, const struct bid_ctx *c,
    const struct req_info *q, struct fmap *vals, struct fmap *errs)
{
	int64_t doc = 0;
	valid_int(fm_str(vals, r, "doc", q->id), 1, INT64_MAX, &doc);
	const struct http_field *f =
	    q->needs_attachment ? chosen_file(r, bid_field(r, "file", q->id))
	                        : NULL;
	if (f) {
		enum file_err e = store_doc(r, f, kind_of(r, q->text), &doc);
		if (e == FILE_EDB)
			return -1;
		if (e != FILE_OK) {
			fm_set(errs, bid_field(r, "file", q->id),
			    file_err_message(e));
			return 1;
		}
		fm_set(vals, bid_field(r, "doc", q->id),
		    arena_printf(r->a, "%lld", (long long)doc));
	}
	int confirmed = *fm_str(vals, r, "confirm", q->id) != '\0';
	if (!confirmed && doc == 0)
		return 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_PUT_REQ);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	db_bind_int(st, 2, q->id);
	db_bind_int(st, 3, confirmed);
	if (doc)
		db_bind_int(st, 4, doc);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Replaces the draft with vals. 0, -1, or 1 when a file was refused. */
static int store_draft(
    struct req *r, struct bid_ctx *c, struct fmap *vals, struct fmap *errs)
{
	if (ensure_bid(r, c) || exec_id(r, SQL_CLEAR_LOTS, c->bid_id, 0) ||
	    exec_id(r, SQL_CLEAR_ANSWERS, c->bid_id, 0) ||
	    exec_id(r, SQL_CLEAR_REQS, c->bid_id, 0))
		return -1;
	for (size_t i = 0; i < c->nlots; i++)
		if (*fm_str(vals, r, "lot", c->lots[i].id) &&
		    put_lot(r, c, &c->lots[i], vals))
			return -1;
	int refused = 0;
	for (size_t i = 0; i < c->nreqs; i++) {
		int rc = put_requirement(r, c, &c->reqs[i], vals, errs);
		if (rc < 0)
			return -1;
		refused |= rc;
	}
	return refused;
}

int bid_save(struct req *r)
{
	struct bid_ctx c;
	int rc = bid_ctx_load(r, r->params[0], &c);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (!bid_org_approved(r))
		return bid_pending_page(r);
	if (!c.open)
		return bid_closed_page(r, &c);
	struct fmap vals, errs;
	fm_init(&vals, r->a);
	fm_init(&errs, r->a);
	for (size_t i = 0; i < c.nlots; i++)
		read_lot(r, &c, &c.lots[i], &vals, &errs);
	for (size_t i = 0; i < c.nreqs; i++)
		if (read_requirement(r, &c.reqs[i], &vals, &errs))
			return -1;
	if (errs.n)
		return bid_render(r, &c, &vals, &errs, 422);
	rc = store_draft(r, &c, &vals, &errs);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		/* A file was refused after the first writes: undo them now,
		 * so the page shows the bid as it still is. */
		r->rollback = 1;
		db_rollback(r->db);
		struct bid_ctx again;
		if (bid_ctx_load(r, c.tender_id, &again))
			return -1;
		return bid_render(r, &again, &vals, &errs, 422);
	}
	/* No audit row: the audit log is shown to administrators, and
	 * until the deadline nobody may learn that this bid exists. */
	return redirect(r, arena_printf(r->a, "/tenders/%lld/bid?msg=draft",
	                       (long long)c.tender_id));
}
