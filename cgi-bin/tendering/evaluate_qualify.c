/* evaluate_qualify.c: one submission after opening: its content and
 * attachments for the officer, the pass/fail decision per requirement
 * (a reason is required for a fail), and downloading its attachments.
 *
 * Only submissions of the tender's opening record exist here; any other
 * id is 404. Every download of a bid's attachment is written to the
 * audit log, so any access after opening can be traced. */
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "paikka/bid.h"
#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"

/* One requirement with the submission's response and the decision. */
struct qreq {
	int64_t id;
	int number, needs_attachment, confirmed;
	const char *text;
	int64_t file_id;
	const char *filename, *file_sha;
	int64_t file_size;
	int pass; /* 1, 0, or -1: not decided */
	const char *reason;
	/* a failed form: what was typed, and the errors */
	const char *f_decision, *f_reason, *err_decision, *err_reason;
};

static const char SQL_QREQS[] =
    "SELECT rq.id, rq.number, rq.text_fi, rq.text_sv, rq.needs_attachment, "
    "coalesce(sr.confirmed, 0), coalesce(f.id, 0), coalesce(f.filename, "
    "''), coalesce(f.size, 0), coalesce(f.sha256, ''), coalesce(q.pass, "
    "-1), coalesce(q.reason, '') FROM requirements rq LEFT JOIN "
    "submission_requirements sr ON sr.requirement_id = rq.id AND "
    "sr.submission_id = ?1 LEFT JOIN files f ON f.id = sr.file_id LEFT "
    "JOIN qualifications q ON q.requirement_id = rq.id AND "
    "q.submission_id = ?1 WHERE rq.tender_id = ?2 ORDER BY rq.number";

/* The tender's requirements with submission sid's answers; *n gets
 * their number. NULL on error. */
static struct qreq *qreqs_load(
    struct req *r, int64_t tender, int64_t sid, size_t *n)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_QREQS);
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, sid);
	db_bind_int(st, 2, tender);
	size_t max = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		max++;
	sqlite3_reset(st);
	db_bind_int(st, 1, sid);
	db_bind_int(st, 2, tender);
	struct qreq *q = arena_alloc(r->a, (max + 1) * sizeof(*q));
	*n = 0;
	while (*n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct qreq *x = &q[(*n)++];
		x->id = sqlite3_column_int64(st, 0);
		x->number = sqlite3_column_int(st, 1);
		x->text = arena_strdup(r->a,
		    tender_text(r, db_col_text(st, 2), db_col_text(st, 3)));
		x->needs_attachment = sqlite3_column_int(st, 4);
		x->confirmed = sqlite3_column_int(st, 5);
		x->file_id = sqlite3_column_int64(st, 6);
		x->filename = arena_strdup(r->a, db_col_text(st, 7));
		x->file_size = sqlite3_column_int64(st, 8);
		x->file_sha = arena_strdup(r->a, db_col_text(st, 9));
		x->pass = sqlite3_column_int(st, 10);
		x->reason = arena_strdup(r->a, db_col_text(st, 11));
	}
	sqlite3_reset(st);
	return q;
}

/* --- the page ------------------------------------------------------------ */

static const char SQL_SUB_LOTS[] =
    "SELECT l.id, l.number, l.title, sl.price_cents, sl.capacity, "
    "sl.work_description FROM submission_lots sl JOIN lots l ON l.id = "
    "sl.lot_id WHERE sl.submission_id = ? ORDER BY l.number";
static const char SQL_SUB_ANSWERS[] =
    "SELECT c.lot_id, c.number, c.description_fi, c.description_sv, "
    "c.max_points, sa.answer FROM submission_answers sa JOIN criteria c ON "
    "c.id = sa.criterion_id JOIN lots l ON l.id = c.lot_id WHERE "
    "sa.submission_id = ? ORDER BY l.number, c.number";
static const char SQL_CONTENT[] =
    "SELECT content FROM bid_submissions WHERE id = ?";

/* The answers of submission sid to the criteria of lot into item. */
static int lot_answers(
    struct req *r, int64_t sid, int64_t lot, struct tvars *it)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SUB_ANSWERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, sid);
	struct tlist *l = tv_list(it, "answers");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) != lot)
			continue;
		struct tvars *a = tl_add(l);
		tv_set(a, "cnumber", db_col_text(st, 1));
		tv_set(a, "ctext",
		    tender_text(r, db_col_text(st, 2), db_col_text(st, 3)));
		tv_set(a, "max", db_col_text(st, 4));
		ev_paragraphs(r, a, "answer", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	return 0;
}

static int lots_vars(struct req *r, int64_t sid, struct tvars *v)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SUB_LOTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, sid);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	db_bind_int(st, 1, sid);
	int64_t *ids = arena_alloc(r->a, (n + 1) * sizeof(*ids));
	struct tvars **items = arena_alloc(r->a, (n + 1) * sizeof(*items));
	struct tlist *l = tv_list(v, "sub_lots");
	size_t k = 0;
	while (k < n && sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = items[k] = tl_add(l);
		ids[k++] = sqlite3_column_int64(st, 0);
		tv_set(it, "number", db_col_text(st, 1));
		tv_set(it, "lot_title", db_col_text(st, 2));
		tv_set(it, "price", req_money(r, sqlite3_column_int64(st, 3)));
		tv_set(it, "capacity", db_col_text(st, 4));
		ev_paragraphs(r, it, "work", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < k; i++)
		if (lot_answers(r, sid, ids[i], items[i]))
			return -1;
	return 0;
}

static void qreq_vars(const struct ev_tender *t, int64_t sid,
    const struct qreq *x, struct tvars *it)
{
	tv_setf(it, "rid", "%lld", (long long)x->id);
	tv_setf(it, "rnumber", "%d", x->number);
	tv_set(it, "rtext", x->text);
	tv_bool(it, "needs_attachment", x->needs_attachment);
	tv_bool(it, "confirmed", x->confirmed);
	tv_bool(it, "has_file", x->file_id != 0);
	if (x->file_id) {
		tv_set(it, "filename", x->filename);
		tv_setf(it, "file_href",
		    "/tenders/%lld/submissions/%lld/files/%lld",
		    (long long)t->id, (long long)sid, (long long)x->file_id);
		tv_setf(it, "file_kb", "%lld",
		    (long long)((x->file_size + 1023) / 1024));
		ev_hash_parts(it, x->file_sha);
	}
	const char *dec = x->f_decision  ? x->f_decision
	                  : x->pass == 1 ? "pass"
	                  : x->pass == 0 ? "fail"
	                                 : "";
	tv_bool(it, "d_pass", strcmp(dec, "pass") == 0);
	tv_bool(it, "d_fail", strcmp(dec, "fail") == 0);
	tv_set(it, "f_reason", x->f_reason ? x->f_reason : x->reason);
	tv_set(it, "err_decision", x->err_decision ? x->err_decision : "");
	tv_set(it, "err_reason", x->err_reason ? x->err_reason : "");
	tv_set(it, "decided",
	    x->pass == 1   ? _("Pass")
	    : x->pass == 0 ? _("Fail")
	                   : _("Not decided"));
}

static int submission_render(struct req *r, const struct ev_tender *t,
    const struct ev_sub *s, const struct qreq *q, size_t nq, struct tvars *v,
    int status)
{
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	tv_setf(v, "sid", "%lld", (long long)s->id);
	tv_set(v, "bidder", s->bidder);
	tv_set(v, "received", req_datetime(r, s->received_at));
	tv_set(v, "lots", s->lots);
	ev_hash_parts(v, s->sha256);
	tv_set(v, "state",
	    s->excluded    ? _("Excluded")
	    : s->qualified ? _("Qualified")
	                   : _("Not yet qualified"));
	tv_bool(v, "editable", !t->awarded);
	sqlite3_stmt *st = db_stmt(r->db, SQL_CONTENT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, s->id);
	const char *content = sqlite3_step(st) == SQLITE_ROW
	                          ? arena_strdup(r->a, db_col_text(st, 0))
	                          : "";
	sqlite3_reset(st);
	char now[65];
	bid_hash(content, strlen(content), now);
	tv_set(v, "content", content);
	tv_bool(v, "verified", strcmp(now, s->sha256) == 0);
	if (lots_vars(r, s->id, v))
		return -1;
	struct tlist *l = tv_list(v, "reqs");
	for (size_t i = 0; i < nq; i++)
		qreq_vars(t, s->id, &q[i], tl_add(l));
	return render(r, status, "evaluate_submission", v,
	    arena_printf(r->a, _("Bid of %s"), s->bidder));
}

/* The gate, the tender's data and submission r->params[1]. 0 go on, 1
 * the response is set, -1 error. */
static int sub_load(struct req *r, enum ev_need need, struct ev_tender *t,
    struct ev_data *d, struct ev_sub **s)
{
	int rc = ev_gate(r, t, need);
	if (rc)
		return rc;
	if (ev_data_load(r, t, d))
		return -1;
	if ((*s = ev_sub_find(d, r->params[1])) == NULL)
		return not_found(r), 1;
	return 0;
}

int submission_page(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_sub *s;
	int rc = sub_load(r, EV_READ, &t, &d, &s);
	if (rc)
		return rc < 0 ? -1 : 0;
	size_t nq;
	struct qreq *q = qreqs_load(r, t.id, s->id, &nq);
	if (q == NULL)
		return -1;
	return submission_render(r, &t, s, q, nq, page_vars(r), 200);
}

/* --- POST /tenders/:id/submissions/:id ----------------------------------- */

/* Reads the decisions into q; returns the number of errors. */
static int qualify_read(struct req *r, struct qreq *q, size_t nq)
{
	int errors = 0;
	for (size_t i = 0; i < nq; i++) {
		struct qreq *x = &q[i];
		const char *d = req_form(
		    r, arena_printf(r->a, "decision_%lld", (long long)x->id));
		const char *why = req_form_trim(
		    r, arena_printf(r->a, "reason_%lld", (long long)x->id));
		x->f_decision =
		    d && (strcmp(d, "pass") == 0 || strcmp(d, "fail") == 0)
		        ? d
		        : "";
		x->f_reason = why;
		if (*x->f_decision == '\0')
			x->err_decision =
			    _("Choose whether the bid meets this requirement.");
		if (strcmp(x->f_decision, "fail") == 0 && *why == '\0')
			x->err_reason =
			    _("Give the reason why the bid does not "
			      "meet this requirement.");
		else if (!valid_text(why, strlen(why), 0, 2000))
			x->err_reason = _("Write the reason as text of at most "
			                  "2000 characters.");
		errors += (x->err_decision != NULL) + (x->err_reason != NULL);
	}
	return errors;
}

static const char SQL_QUALIFY[] =
    "INSERT OR REPLACE INTO qualifications(submission_id, requirement_id, "
    "pass, reason, decided_by, decided_at) VALUES (?,?,?,?,?,?)";
static const char SQL_LOTS_OF[] =
    "SELECT lot_id FROM submission_lots WHERE submission_id = ?";

/* A changed decision can change who competes in the lots of the
 * submission: their framework choices are undone. */
static int reset_lots(struct req *r, int64_t sid)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOTS_OF);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, sid);
	int64_t lots[128];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 128)
		lots[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++)
		if (ev_lot_reset_award(r, lots[i]))
			return -1;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int qualify_store(
    struct req *r, const struct ev_sub *s, const struct qreq *q, size_t nq)
{
	int changed = 0;
	struct buf details;
	buf_init(&details);
	for (size_t i = 0; i < nq; i++) {
		int pass = strcmp(q[i].f_decision, "pass") == 0;
		sqlite3_stmt *st = db_stmt(r->db, SQL_QUALIFY);
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, s->id);
		db_bind_int(st, 2, q[i].id);
		db_bind_int(st, 3, pass);
		db_bind_text(st, 4, q[i].f_reason);
		db_bind_int(st, 5, r->user->id);
		db_bind_int(st, 6, r->now);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
		changed |= q[i].pass != pass;
		buf_printf(&details, "%s%d %s", i ? "; " : "", q[i].number,
		    pass ? "pass" : "fail");
	}
	if ((changed && reset_lots(r, s->id)) ||
	    audit(r, "tender.qualify", ev_ref(r, "submission", s->id),
	        details.data ? details.data : ""))
		goto fail;
	buf_free(&details);
	return 0;
fail:
	buf_free(&details);
	return -1;
}

int submission_qualify(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_sub *s;
	int rc = sub_load(r, EV_EDIT, &t, &d, &s);
	if (rc)
		return rc < 0 ? -1 : 0;
	size_t nq;
	struct qreq *q = qreqs_load(r, t.id, s->id, &nq);
	if (q == NULL)
		return -1;
	if (qualify_read(r, q, nq)) {
		struct tvars *v = page_vars(r);
		tv_set(v, "errors", "1");
		return submission_render(r, &t, s, q, nq, v, 422);
	}
	if (qualify_store(r, s, q, nq))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/tenders/%lld/submissions/%lld?msg=saved",
	           (long long)t.id, (long long)s->id));
}

/* --- GET /tenders/:id/submissions/:id/files/:id -------------------------- */

static const char SQL_FILE_OF[] =
    "SELECT 1 FROM submission_requirements sr JOIN opening_lines ol ON "
    "ol.submission_id = sr.submission_id WHERE ol.tender_id = ? AND "
    "sr.submission_id = ? AND sr.file_id = ?";

int submission_file(struct req *r)
{
	struct ev_tender t;
	int rc = ev_gate(r, &t, EV_READ);
	if (rc)
		return rc < 0 ? -1 : 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_FILE_OF);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, r->params[1]);
	db_bind_int(st, 3, r->params[2]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return not_found(r);
	if (rc != SQLITE_ROW ||
	    audit(r, "tender.file", ev_ref(r, "file", r->params[2]),
	        ev_ref(r, "submission", r->params[1])))
		return -1;
	return file_send(r, r->params[2]);
}
