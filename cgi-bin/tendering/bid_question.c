/* bid_question.c: a provider's questions about a tender, and the
 * provider's own part of the tender page (its bid's state, the question
 * form, its unanswered questions).
 *
 * Who: providers (route table); asking needs an approved organisation,
 * a published tender and an open questions deadline. */
#include <stdio.h>
#include <string.h>

#include "bid_impl.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"

static const char SQL_TENDER_STATE[] =
    "SELECT status, coalesce(questions_deadline, 0), "
    "coalesce(bids_deadline, 0) FROM tenders WHERE id = ? AND status <> "
    "'draft' AND published_at IS NOT NULL";

struct tender_state {
	char status[16];
	int64_t questions_deadline, deadline;
};

/* 0 found, 1 not (or not published), -1 error. */
static int state_load(struct req *r, int64_t id, struct tender_state *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_TENDER_STATE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(
		    t->status, sizeof(t->status), "%s", db_col_text(st, 0));
		t->questions_deadline = sqlite3_column_int64(st, 1);
		t->deadline = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* --- the provider's part of the tender page --------------------------- */

static const char SQL_MY_BID[] =
    "SELECT b.updated_at, s.id, s.kind, s.received_at, s.sha256, b.id, "
    "s.content FROM bids "
    "b LEFT JOIN bid_submissions s ON s.id = (SELECT max(id) FROM "
    "bid_submissions WHERE bid_id = b.id AND superseded_at IS NULL) WHERE "
    "b.tender_id = ? AND b.org_id = ?";
static const char SQL_MY_QUESTIONS[] =
    "SELECT question, asked_at FROM questions WHERE tender_id = ? AND "
    "org_id = ? AND answered_at IS NULL ORDER BY asked_at, id";

static int bid_state_vars(struct req *r, struct tvars *v, int64_t tender_id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_MY_BID);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	db_bind_int(st, 2, r->user->org_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		tv_bool(v, "bp_none", 1);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	struct bid_ctx c = {
	    .tender_id = tender_id, .bid_id = sqlite3_column_int64(st, 5)};
	int submit = strcmp(db_col_text(st, 2), "submit") == 0;
	const char *content = arena_strdup(r->a, db_col_text(st, 6));
	tv_set(v, "bp_draft_at", req_datetime(r, sqlite3_column_int64(st, 0)));
	if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
		tv_bool(v, "bp_draft", 1);
		submit = 0;
	} else {
		tv_bool(v, submit ? "bp_submitted" : "bp_withdrawn", 1);
		tv_set(v, "bp_received_at",
		    req_datetime(r, sqlite3_column_int64(st, 3)));
		tv_set(v, "bp_hash", db_col_text(st, 4));
		tv_set(v, "bp_receipt",
		    arena_printf(r->a, "/tenders/%lld/bid/receipts/%s",
		        (long long)tender_id, db_col_text(st, 1)));
	}
	sqlite3_reset(st);
	int differs = submit ? bid_draft_differs(r, &c, content) : 0;
	if (differs < 0)
		return -1;
	tv_bool(v, "bp_changed", differs);
	return 0;
}

static int my_questions_vars(struct req *r, struct tvars *v, int64_t tender_id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_MY_QUESTIONS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	db_bind_int(st, 2, r->user->org_id);
	struct tlist *l = tv_list(v, "bp_questions");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "bp_q_text", db_col_text(st, 0));
		tv_set(it, "bp_q_asked",
		    req_datetime(r, sqlite3_column_int64(st, 1)));
	}
	sqlite3_reset(st);
	return 0;
}

int bid_tender_vars(struct req *r, struct tvars *v, int64_t tender_id)
{
	struct tender_state t;
	int rc = state_load(r, tender_id, &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	tv_bool(v, "bp_show", 1);
	tv_setf(v, "bp_tender_id", "%lld", (long long)tender_id);
	int approved = bid_org_approved(r);
	tv_bool(v, "bp_pending", !approved);
	tv_bool(
	    v, "bp_open", approved && bid_open(t.status, r->now, t.deadline));
	tv_bool(v, "bp_closed", !bid_open(t.status, r->now, t.deadline));
	tv_bool(v, "bp_questions_open",
	    approved && bid_questions_open(t.status, r->now,
	                    t.questions_deadline, t.deadline));
	tv_set(v, "bp_nonce", req_nonce(r));
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "asked") == 0)
		tv_set(v, "flash",
		    _("Your question has been sent. The answer will be "
		      "published on this page for every bidder."));
	if (!approved)
		return 0;
	if (bid_state_vars(r, v, tender_id) ||
	    my_questions_vars(r, v, tender_id))
		return -1;
	return 0;
}

/* --- POST /tenders/:id/questions ---------------------------------------- */

static const char SQL_QUESTION_INSERT[] =
    "INSERT INTO questions(tender_id, org_id, asked_by, asked_at, "
    "question) VALUES (?,?,?,?,?)";

static int questions_closed_page(struct req *r, const struct tender_state *t)
{
	struct tvars *v = page_vars(r);
	int64_t d = t->questions_deadline ? t->questions_deadline : t->deadline;
	tv_set(v, "message",
	    strcmp(t->status, "published") != 0 || d == 0
	        ? _("Questions can no longer be asked about this tender.")
	        : arena_printf(r->a,
	              _("The deadline for questions was %s. Questions can no "
	                "longer be asked."),
	              req_datetime(r, d)));
	return render(r, 409, "error", v, _("Questions are closed"));
}

int question_ask(struct req *r)
{
	int64_t id = r->params[0];
	struct tender_state t;
	int rc = state_load(r, id, &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (!bid_org_approved(r))
		return bid_pending_page(r);
	if (!bid_questions_open(
	        t.status, r->now, t.questions_deadline, t.deadline))
		return questions_closed_page(r, &t);
	const struct http_field *f = http_form_field(&r->form, "question");
	const char *raw = req_form_trim(r, "question");
	size_t n = strlen(raw);
	char *q = arena_alloc(r->a, n + 1);
	n = bid_text_normalise(raw, n, q);
	int nul = f && memchr(f->value, '\0', f->len) != NULL;
	if (nul || !valid_text(q, n, 1, QUESTION_MAX)) {
		struct tvars *v = page_vars(r);
		tv_set(v, "bp_f_question", q);
		field_error(v, "bp_question",
		    n == 0 && !nul ? _("Write your question.")
		    : utf8_valid(q, n) && utf8_len(q, n) > QUESTION_MAX
		        ? _("Write at most 5 000 characters.")
		        : _("The text contains characters that are not "
		            "allowed."));
		return tender_page_again(r, id, v, 422);
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_QUESTION_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, r->user->org_id);
	db_bind_int(st, 3, r->user->id);
	db_bind_int(st, 4, r->now);
	db_bind_text(st, 5, q);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (audit(r, "question.ask",
	        arena_printf(r->a, "question:%lld",
	            (long long)sqlite3_last_insert_rowid(r->db)),
	        arena_printf(r->a, "tender:%lld", (long long)id)))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/tenders/%lld?msg=asked", (long long)id));
}
