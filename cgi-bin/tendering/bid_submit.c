/* bid_submit.c: submitting the saved draft, withdrawing, and receipts.
 *
 * A submission is a frozen copy of the draft (bid_submissions with
 * submission_lots, _answers, _requirements) with its canonical text and
 * SHA-256 (src/bid.c). The newest row of a bid counts; earlier ones get
 * superseded_at and are never deleted. The deadline is checked against
 * the request's time inside the transaction that stores the row, so a
 * deadline moved by an amendment is always the one that applies.
 *
 * Who: providers, for their own organisation's bid only; another
 * organisation's receipt is 404, like one that does not exist. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bid_impl.h"
#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"

int64_t bid_new_id(struct req *r, const char *exists_sql, int64_t floor)
{
	for (int i = 0; i < 16; i++) {
		int64_t id = bid_opaque_id(r->now, randombytes_random(), floor);
		sqlite3_stmt *st = db_stmt(r->db, exists_sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return id;
		if (rc != SQLITE_ROW)
			return -1;
		floor = id;
	}
	return -1;
}

/* --- the draft as a bid ------------------------------------------------- */

static const char SQL_CONTENT_LOTS[] =
    "SELECT bl.lot_id, l.number, l.pricing = 'fixed', "
    "coalesce(l.fixed_price_cents, 0), coalesce(l.ceiling_cents, 0), "
    "coalesce(bl.price_cents, 0), bl.capacity, bl.work_description FROM "
    "bid_lots bl JOIN lots l ON l.id = bl.lot_id WHERE bl.bid_id = ? "
    "ORDER BY l.number";
static const char SQL_CONTENT_ANSWERS[] =
    "SELECT c.id, l.number, c.number, coalesce(a.answer, '') FROM criteria "
    "c JOIN lots l ON l.id = c.lot_id JOIN bid_lots bl ON bl.lot_id = l.id "
    "AND bl.bid_id = ?1 LEFT JOIN bid_answers a ON a.bid_id = ?1 AND "
    "a.criterion_id = c.id ORDER BY l.number, c.number";
static const char SQL_CONTENT_REQS[] =
    "SELECT q.id, q.number, q.needs_attachment, coalesce(b.confirmed, 0), "
    "coalesce(f.sha256, ''), coalesce(f.id, 0) FROM requirements q LEFT "
    "JOIN bid_requirements b ON b.requirement_id = q.id AND b.bid_id = ?1 "
    "LEFT JOIN org_documents d ON d.id = b.org_document_id AND d.org_id = "
    "?3 LEFT JOIN files f ON f.id = d.file_id WHERE q.tender_id = ?2 "
    "ORDER BY q.number";

static size_t count_rows(sqlite3_stmt *st)
{
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	return n;
}

static int load_lots(struct req *r, int64_t bid, struct bid_content *b)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTENT_LOTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, bid);
	size_t n = count_rows(st);
	b->lots = arena_alloc(r->a, (n + 1) * sizeof(*b->lots));
	while (b->nlots < n && sqlite3_step(st) == SQLITE_ROW) {
		struct bid_lot *l = &b->lots[b->nlots++];
		l->lot_id = sqlite3_column_int64(st, 0);
		l->number = sqlite3_column_int(st, 1);
		l->fixed = sqlite3_column_int(st, 2);
		l->fixed_cents = sqlite3_column_int64(st, 3);
		l->ceiling_cents = sqlite3_column_int64(st, 4);
		l->price_cents = sqlite3_column_int64(st, 5);
		l->capacity = sqlite3_column_int64(st, 6);
		l->work = arena_strdup(r->a, db_col_text(st, 7));
	}
	sqlite3_reset(st);
	return 0;
}

static int load_answers(struct req *r, int64_t bid, struct bid_content *b)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTENT_ANSWERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, bid);
	size_t n = count_rows(st);
	b->answers = arena_alloc(r->a, (n + 1) * sizeof(*b->answers));
	while (b->nanswers < n && sqlite3_step(st) == SQLITE_ROW) {
		struct bid_answer *a = &b->answers[b->nanswers++];
		a->criterion_id = sqlite3_column_int64(st, 0);
		a->lot_number = sqlite3_column_int(st, 1);
		a->number = sqlite3_column_int(st, 2);
		a->text = arena_strdup(r->a, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	return 0;
}

static int load_reqs(struct req *r, const struct bid_ctx *c,
    struct bid_content *b, int64_t **files)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTENT_REQS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	db_bind_int(st, 2, c->tender_id);
	db_bind_int(st, 3, r->user->org_id);
	size_t n = count_rows(st);
	b->reqs = arena_alloc(r->a, (n + 1) * sizeof(*b->reqs));
	*files = arena_alloc(r->a, (n + 1) * sizeof(**files));
	while (b->nreqs < n && sqlite3_step(st) == SQLITE_ROW) {
		struct bid_req *q = &b->reqs[b->nreqs];
		q->requirement_id = sqlite3_column_int64(st, 0);
		q->number = sqlite3_column_int(st, 1);
		q->needs_attachment = sqlite3_column_int(st, 2);
		q->confirmed = sqlite3_column_int(st, 3);
		q->file_sha256 = arena_strdup(r->a, db_col_text(st, 4));
		(*files)[b->nreqs++] = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return 0;
}

int bid_content_load(struct req *r, const struct bid_ctx *c,
    struct bid_content *b, int64_t **files)
{
	memset(b, 0, sizeof(*b));
	b->tender_id = c->tender_id;
	b->org_id = r->user->org_id;
	if (load_lots(r, c->bid_id, b) || load_answers(r, c->bid_id, b) ||
	    load_reqs(r, c, b, files))
		return -1;
	return 0;
}

int bid_draft_differs(
    struct req *r, const struct bid_ctx *c, const char *content)
{
	struct bid_content b;
	int64_t *files;
	if (bid_content_load(r, c, &b, &files))
		return -1;
	struct buf text;
	buf_init(&text);
	bid_canonical(&b, &text);
	int differs = strcmp(text.data ? text.data : "", content) != 0;
	buf_free(&text);
	return differs;
}

void bid_problem_errors(struct req *r, const struct bid_content *b,
    const struct bid_problem *p, size_t n, struct fmap *errs)
{
	for (size_t i = 0; i < n; i++) {
		size_t x = p[i].index;
		const struct bid_lot *l = x < b->nlots ? &b->lots[x] : NULL;
		const struct bid_answer *a =
		    x < b->nanswers ? &b->answers[x] : NULL;
		const struct bid_req *q = x < b->nreqs ? &b->reqs[x] : NULL;
		const char *k, *msg;
#define K(prefix, id) arena_printf(r->a, prefix "_%lld", (long long)(id))
		switch (p[i].kind) {
		case BID_NO_LOT:
			k = "lots";
			msg = _("Choose at least one lot.");
			break;
		case BID_PRICE_MISSING:
			k = K("price", l ? l->lot_id : 0);
			msg = _("Give the price per day.");
			break;
		case BID_PRICE_CEILING:
			k = K("price", l ? l->lot_id : 0);
			msg = arena_printf(r->a,
			    _("The price may be at most %s."),
			    req_money(r, l ? l->ceiling_cents : 0));
			break;
		case BID_CAPACITY:
			k = K("capacity", l ? l->lot_id : 0);
			msg =
			    _("Give the number of clients you can take at the "
			      "same time (at least 1).");
			break;
		case BID_WORK_MISSING:
			k = K("work", l ? l->lot_id : 0);
			msg = _("Describe where and what kind of work you "
			        "offer.");
			break;
		case BID_ANSWER_MISSING:
			k = K("answer", a ? a->criterion_id : 0);
			msg = _("Answer this criterion.");
			break;
		case BID_NOT_CONFIRMED:
			k = K("confirm", q ? q->requirement_id : 0);
			msg = _("Confirm this requirement.");
			break;
		case BID_NO_ATTACHMENT:
		default:
			k = K("file", q ? q->requirement_id : 0);
			msg = _("Attach a document: choose one of yours or "
			        "upload a PDF.");
			break;
		}
#undef K
		/* A field keeps its first problem. */
		if (fm_get(errs, k) == NULL)
			fm_set(errs, k, msg);
	}
}

/* --- storing a submission --------------------------------------------- */

static const char SQL_SUB_EXISTS[] =
    "SELECT 1 FROM bid_submissions WHERE id = ?";
static const char SQL_SUB_FLOOR[] =
    "SELECT coalesce(max(id), 0) FROM bid_submissions WHERE bid_id = ?";
static const char SQL_SUB_INSERT[] =
    "INSERT INTO bid_submissions(id, bid_id, kind, received_at, "
    "received_by, content, sha256) VALUES (?,?,?,?,?,?,?)";
static const char SQL_SUB_SUPERSEDE[] =
    "UPDATE bid_submissions SET superseded_at = ? WHERE bid_id = ? AND "
    "superseded_at IS NULL AND id <> ?";
static const char SQL_SUB_LOT[] =
    "INSERT INTO submission_lots(submission_id, lot_id, price_cents, "
    "capacity, work_description) VALUES (?,?,?,?,?)";
static const char SQL_SUB_ANSWER[] =
    "INSERT INTO submission_answers(submission_id, criterion_id, answer) "
    "VALUES (?,?,?)";
static const char SQL_SUB_REQ[] =
    "INSERT INTO submission_requirements(submission_id, requirement_id, "
    "confirmed, file_id) VALUES (?,?,?,?)";

/* Inserts a receipt row of kind for bid and supersedes the bid's earlier
 * current row; returns the new id, or -1. */
static int64_t receipt_insert(
    struct req *r, int64_t bid, const char *kind, const struct buf *content)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SUB_FLOOR);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, bid);
	int64_t floor =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	int64_t id = bid_new_id(r, SQL_SUB_EXISTS, floor);
	if (id < 0 || (st = db_stmt(r->db, SQL_SUB_INSERT)) == NULL)
		return -1;
	char hash[65];
	bid_hash(content->data, content->len, hash);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, bid);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, r->now);
	db_bind_int(st, 5, r->user->id);
	db_bind_text(st, 6, content->data);
	db_bind_text(st, 7, hash);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    (st = db_stmt(r->db, SQL_SUB_SUPERSEDE)) == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, bid);
	db_bind_int(st, 3, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? id : -1;
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The frozen copy of the bid's lots, answers and requirements. */
static int snapshot(struct req *r, int64_t sid, const struct bid_content *b,
    const int64_t *files)
{
	sqlite3_stmt *st;
	for (size_t i = 0; i < b->nlots; i++) {
		const struct bid_lot *l = &b->lots[i];
		if ((st = db_stmt(r->db, SQL_SUB_LOT)) == NULL)
			return -1;
		db_bind_int(st, 1, sid);
		db_bind_int(st, 2, l->lot_id);
		db_bind_int(st, 3, l->fixed ? l->fixed_cents : l->price_cents);
		db_bind_int(st, 4, l->capacity);
		db_bind_text(st, 5, l->work);
		if (step_done(st))
			return -1;
	}
	for (size_t i = 0; i < b->nanswers; i++) {
		if ((st = db_stmt(r->db, SQL_SUB_ANSWER)) == NULL)
			return -1;
		db_bind_int(st, 1, sid);
		db_bind_int(st, 2, b->answers[i].criterion_id);
		db_bind_text(st, 3, b->answers[i].text);
		if (step_done(st))
			return -1;
	}
	for (size_t i = 0; i < b->nreqs; i++) {
		if ((st = db_stmt(r->db, SQL_SUB_REQ)) == NULL)
			return -1;
		db_bind_int(st, 1, sid);
		db_bind_int(st, 2, b->reqs[i].requirement_id);
		db_bind_int(st, 3, b->reqs[i].confirmed);
		if (files[i])
			db_bind_int(st, 4, files[i]);
		if (step_done(st))
			return -1;
	}
	return 0;
}

/* The late-bid page: the time of receipt and the deadline. 409. */
static int late_page(struct req *r, const struct bid_ctx *c)
{
	if (strcmp(c->status, "published") != 0 || c->deadline == 0)
		return bid_closed_page(r, c);
	struct tvars *v = page_vars(r);
	tv_set(v, "message",
	    arena_printf(r->a,
	        _("Your bid was not accepted: it was received at %s, after the "
	          "deadline for bids (%s). Nothing was stored."),
	        req_datetime(r, r->now), req_datetime(r, c->deadline)));
	return render(r, 409, "error", v, _("The deadline has passed"));
}

/* Shared start of submit and withdraw: the tender, the approval and the
 * deadline, read inside this request's transaction. 0 go on, 1 the
 * response is set, -1 error. */
static int change_gate(struct req *r, struct bid_ctx *c)
{
	int rc = bid_ctx_load(r, r->params[0], c);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	if (!bid_org_approved(r))
		return bid_pending_page(r), 1;
	if (!c->open)
		return late_page(r, c), 1;
	return 0;
}

static int notify_receipt(
    struct req *r, const struct bid_ctx *c, int64_t sid, const char *msgid)
{
	return notify_org(r->db, r->now, r->user->org_id,
	    arena_printf(r->a, "/tenders/%lld/bid/receipts/%lld",
	        (long long)c->tender_id, (long long)sid),
	    msgid, c->title);
}

int bid_submit(struct req *r)
{
	struct bid_ctx c;
	int rc = change_gate(r, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct bid_content b;
	int64_t *files = NULL;
	if (bid_content_load(r, &c, &b, &files))
		return -1;
	struct bid_problem p[64];
	size_t n = bid_check(&b, p, 64);
	if (n) {
		struct fmap vals, errs;
		fm_init(&vals, r->a);
		fm_init(&errs, r->a);
		bid_problem_errors(r, &b, p, n < 64 ? n : 64, &errs);
		if (bid_draft_values(r, &c, &vals))
			return -1;
		return bid_render(r, &c, &vals, &errs, 422);
	}
	struct buf text;
	buf_init(&text);
	bid_canonical(&b, &text);
	int64_t sid = receipt_insert(r, c.bid_id, "submit", &text);
	buf_free(&text);
	if (sid < 0 || snapshot(r, sid, &b, files) ||
	    notify_receipt(r, &c, sid, N_("Your bid for \"%s\" was received.")))
		return -1;
	/* No audit row until the deadline (see bid_save); the receipt row
	 * itself is the record. */
	return redirect(r,
	    arena_printf(r->a, "/tenders/%lld/bid/receipts/%lld?msg=received",
	        (long long)c.tender_id, (long long)sid));
}

static const char SQL_CURRENT[] =
    "SELECT kind FROM bid_submissions WHERE bid_id = ? AND superseded_at "
    "IS NULL ORDER BY id DESC LIMIT 1";

int bid_withdraw(struct req *r)
{
	struct bid_ctx c;
	int rc = change_gate(r, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	int submitted = 0;
	if (c.bid_id) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_CURRENT);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, c.bid_id);
		submitted = sqlite3_step(st) == SQLITE_ROW &&
		            strcmp(db_col_text(st, 0), "submit") == 0;
		sqlite3_reset(st);
	}
	if (!submitted) {
		struct tvars *v = page_vars(r);
		tv_set(
		    v, "message", _("You have no submitted bid to withdraw."));
		return render(r, 409, "error", v, _("Nothing to withdraw"));
	}
	struct buf text;
	buf_init(&text);
	bid_withdraw_canonical(c.bid_id, r->now, &text);
	int64_t sid = receipt_insert(r, c.bid_id, "withdraw", &text);
	buf_free(&text);
	if (sid < 0 || notify_receipt(r, &c, sid,
	                   N_("Your bid for \"%s\" was withdrawn.")))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/tenders/%lld/bid/receipts/%lld?msg=withdrawn",
	        (long long)c.tender_id, (long long)sid));
}

/* --- GET /tenders/:id/bid/receipts/:id ------------------------------------ */

static const char SQL_RECEIPT[] =
    "SELECT s.kind, s.received_at, s.content, s.sha256, "
    "coalesce(s.superseded_at, 0), u.name, t.title_fi, t.title_sv FROM "
    "bid_submissions s JOIN bids b ON b.id = s.bid_id JOIN tenders t ON "
    "t.id = b.tender_id JOIN users u ON u.id = s.received_by WHERE s.id = "
    "? AND b.tender_id = ? AND b.org_id = ?";
static const char SQL_RECEIPT_FILES[] =
    "SELECT q.number, f.filename, f.sha256 FROM submission_requirements sr "
    "JOIN requirements q ON q.id = sr.requirement_id JOIN files f ON f.id "
    "= sr.file_id WHERE sr.submission_id = ? ORDER BY q.number";

static int receipt_files(struct req *r, int64_t sid, struct tvars *v)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_RECEIPT_FILES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, sid);
	struct tlist *l = tv_list(v, "files");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "req_number", db_col_text(st, 0));
		tv_set(it, "filename", db_col_text(st, 1));
		tv_set(it, "file_sha256", db_col_text(st, 2));
	}
	sqlite3_reset(st);
	return 0;
}

static void receipt_flash(struct req *r, struct tvars *v)
{
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "received") == 0)
		tv_set(v, "flash",
		    _("Your bid has been received. This is your receipt; a "
		      "copy of the notice has been e-mailed to your "
		      "organisation."));
	else if (msg && strcmp(msg, "withdrawn") == 0)
		tv_set(v, "flash", _("Your bid has been withdrawn."));
}

int bid_receipt(struct req *r)
{
	if (r->user->org_id == 0)
		return not_found(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_RECEIPT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[1]);
	db_bind_int(st, 2, r->params[0]);
	db_bind_int(st, 3, r->user->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? not_found(r) : -1;
	}
	struct tvars *v = page_vars(r);
	int submit = strcmp(db_col_text(st, 0), "submit") == 0;
	int64_t superseded = sqlite3_column_int64(st, 4);
	tv_bool(v, "submit", submit);
	tv_set(v, "time", req_datetime(r, sqlite3_column_int64(st, 1)));
	tv_set(v, "content", db_col_text(st, 2));
	tv_set(v, "hash", db_col_text(st, 3));
	tv_set(v, "superseded", superseded ? req_datetime(r, superseded) : "");
	tv_set(v, "received_by", db_col_text(st, 5));
	tv_set(v, "tender_title",
	    bid_tender_title(r, db_col_text(st, 6), db_col_text(st, 7)));
	tv_setf(v, "tender_id", "%lld", (long long)r->params[0]);
	sqlite3_reset(st);
	receipt_flash(r, v);
	if (receipt_files(r, r->params[1], v))
		return -1;
	return render(r, 200, "bid_receipt", v,
	    submit ? _("Receipt of your bid")
	           : _("Receipt of your withdrawal"));
}
