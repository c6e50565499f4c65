/* bid.c: the provider's bid editor: loading a tender as a bidder sees
 * it, the draft (GET and POST /tenders/:id/bid), and the gates shared by
 * every bid route. Saving the draft is in bid_save.c; submitting,
 * withdrawing and receipts in bid_submit.c; questions and the provider's
 * part of the tender page in bid_question.c.
 *
 * Who: providers only (route table). Pending organisations get a clear
 * page and change nothing. A tender that is not published is 404. */
#include <stdlib.h>
#include <string.h>

#include "bid_impl.h"
#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* --- the small map ------------------------------------------------------ */

void fm_init(struct fmap *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->arena = a;
}

void fm_set(struct fmap *m, const char *key, const char *value)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->a[i].k, key) == 0) {
			m->a[i].v = arena_strdup(m->arena, value);
			return;
		}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		struct kv *a = arena_alloc(m->arena, cap * sizeof(*a));
		if (m->n)
			memcpy(a, m->a, m->n * sizeof(*a));
		m->a = a;
		m->cap = cap;
	}
	m->a[m->n].k = arena_strdup(m->arena, key);
	m->a[m->n].v = arena_strdup(m->arena, value);
	m->n++;
}

const char *fm_get(const struct fmap *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->a[i].k, key) == 0)
			return m->a[i].v;
	return NULL;
}

const char *bid_field(struct req *r, const char *prefix, int64_t id)
{
	return arena_printf(r->a, "%s_%lld", prefix, (long long)id);
}

/* --- loading ------------------------------------------------------------ */

static const char SQL_TENDER[] =
    "SELECT status, title_fi, title_sv, coalesce(questions_deadline, 0), "
    "coalesce(bids_deadline, 0) FROM tenders WHERE id = ? AND "
    "status <> 'draft' AND published_at IS NOT NULL";
static const char SQL_BID_OF[] =
    "SELECT id, updated_at FROM bids WHERE tender_id = ? AND org_id = ?";
static const char SQL_LOTS[] =
    "SELECT l.id, l.number, l.title, CASE ? WHEN 'sv' THEN s.name_sv "
    "WHEN 'en' THEN s.name_en ELSE s.name_fi END, l.form, "
    "l.pricing = 'fixed', coalesce(l.fixed_price_cents, 0), "
    "coalesce(l.ceiling_cents, 0), coalesce((SELECT group_concat(n, ', ') "
    "FROM (SELECT CASE ? WHEN 'sv' THEN m.name_sv ELSE m.name_fi END AS n "
    "FROM lot_municipalities lm JOIN municipalities m ON m.id = "
    "lm.municipality_id WHERE lm.lot_id = l.id ORDER BY n)), '') "
    "FROM lots l JOIN service_types s ON s.id = l.service_type_id "
    "WHERE l.tender_id = ? ORDER BY l.number";
static const char SQL_CRITERIA[] =
    "SELECT c.id, c.lot_id, l.number, c.number, c.max_points, "
    "c.description_fi, c.description_sv FROM criteria c JOIN lots l ON "
    "l.id = c.lot_id WHERE l.tender_id = ? ORDER BY l.number, c.number";
static const char SQL_REQUIREMENTS[] =
    "SELECT id, number, needs_attachment, text_fi, text_sv FROM "
    "requirements WHERE tender_id = ? ORDER BY number";

const char *bid_tender_title(struct req *r, const char *fi, const char *sv)
{
	return r->lang == LANG_SV && sv && *sv ? sv : fi;
}

/* Grows an arena array of n elements of size sz to hold one more. */
static void *grow(struct req *r, void *a, size_t n, size_t sz)
{
	if (n == 0 || (n & (n - 1)) == 0) {
		void *b = arena_alloc(r->a, (n ? 2 * n : 4) * sz);
		if (n)
			memcpy(b, a, n * sz);
		return b;
	}
	return a;
}

static const char *form_label(const char *form)
{
	if (strcmp(form, "individual") == 0)
		return _("individual");
	if (strcmp(form, "group") == 0)
		return _("group");
	return _("individual or group");
}

static int load_lots(struct req *r, struct bid_ctx *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOTS);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, lang_code(r->lang));
	db_bind_text(st, 2, lang_code(r->lang));
	db_bind_int(st, 3, c->tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		c->lots = grow(r, c->lots, c->nlots, sizeof(*c->lots));
		struct lot_info *l = &c->lots[c->nlots++];
		l->id = sqlite3_column_int64(st, 0);
		l->number = sqlite3_column_int(st, 1);
		l->title = arena_strdup(r->a, db_col_text(st, 2));
		l->service = arena_strdup(r->a, db_col_text(st, 3));
		l->form = form_label(db_col_text(st, 4));
		l->fixed = sqlite3_column_int(st, 5);
		l->fixed_cents = sqlite3_column_int64(st, 6);
		l->ceiling_cents = sqlite3_column_int64(st, 7);
		l->municipalities = arena_strdup(r->a, db_col_text(st, 8));
	}
	sqlite3_reset(st);
	return 0;
}

static int load_criteria(struct req *r, struct bid_ctx *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CRITERIA);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		c->crits = grow(r, c->crits, c->ncrits, sizeof(*c->crits));
		struct crit_info *k = &c->crits[c->ncrits++];
		k->id = sqlite3_column_int64(st, 0);
		k->lot_id = sqlite3_column_int64(st, 1);
		k->lot_number = sqlite3_column_int(st, 2);
		k->number = sqlite3_column_int(st, 3);
		k->max_points = sqlite3_column_int(st, 4);
		k->text =
		    arena_strdup(r->a, bid_tender_title(r, db_col_text(st, 5),
		                           db_col_text(st, 6)));
	}
	sqlite3_reset(st);
	return 0;
}

static int load_requirements(struct req *r, struct bid_ctx *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_REQUIREMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		c->reqs = grow(r, c->reqs, c->nreqs, sizeof(*c->reqs));
		struct req_info *q = &c->reqs[c->nreqs++];
		q->id = sqlite3_column_int64(st, 0);
		q->number = sqlite3_column_int(st, 1);
		q->needs_attachment = sqlite3_column_int(st, 2);
		q->text =
		    arena_strdup(r->a, bid_tender_title(r, db_col_text(st, 3),
		                           db_col_text(st, 4)));
	}
	sqlite3_reset(st);
	return 0;
}

static int load_bid_id(struct req *r, struct bid_ctx *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_BID_OF);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->tender_id);
	db_bind_int(st, 2, r->user->org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->bid_id = sqlite3_column_int64(st, 0);
		c->bid_updated = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int bid_ctx_load(struct req *r, int64_t id, struct bid_ctx *c)
{
	memset(c, 0, sizeof(*c));
	sqlite3_stmt *st = db_stmt(r->db, SQL_TENDER);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	c->tender_id = id;
	c->status = arena_strdup(r->a, db_col_text(st, 0));
	c->title = arena_strdup(
	    r->a, bid_tender_title(r, db_col_text(st, 1), db_col_text(st, 2)));
	c->questions_deadline = sqlite3_column_int64(st, 3);
	c->deadline = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	c->open = bid_open(c->status, r->now, c->deadline);
	if (load_lots(r, c) || load_criteria(r, c) || load_requirements(r, c) ||
	    load_bid_id(r, c))
		return -1;
	return 0;
}

/* --- gates -------------------------------------------------------------- */

int bid_org_approved(struct req *r)
{
	return r->user && r->user->org_id &&
	       strcmp(r->user->org_status, "approved") == 0;
}

int bid_pending_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	int rejected = r->user && strcmp(r->user->org_status, "rejected") == 0;
	tv_set(v, "message",
	    rejected ? _("Your organisation's registration was not approved, "
	                 "so it cannot ask questions or bid. Contact the "
	                 "county's procurement team if you think this is an "
	                 "error.")
	             : _("Your organisation is waiting for approval by an "
	                 "administrator. You can ask questions and bid once "
	                 "it has been approved."));
	return render(r, 403, "error", v,
	    rejected ? _("Not approved") : _("Waiting for approval"));
}

int bid_closed_page(struct req *r, const struct bid_ctx *c)
{
	struct tvars *v = page_vars(r);
	const char *msg;
	if (strcmp(c->status, "cancelled") == 0)
		msg = _("This tender has been cancelled. Bids can no longer be "
		        "saved, submitted or withdrawn.");
	else
		msg = arena_printf(r->a,
		    _("The deadline for bids was %s. Bids can no longer be "
		      "saved, submitted or withdrawn."),
		    c->deadline ? req_datetime(r, c->deadline) : "-");
	tv_set(v, "message", msg);
	return render(r, 409, "error", v, _("Bids are closed"));
}

/* --- the draft as values -------------------------------------------------- */

static const char SQL_DRAFT_LOTS[] =
    "SELECT lot_id, coalesce(price_cents, 0), capacity, work_description "
    "FROM bid_lots WHERE bid_id = ?";
static const char SQL_DRAFT_ANSWERS[] =
    "SELECT criterion_id, answer FROM bid_answers WHERE bid_id = ?";
static const char SQL_DRAFT_REQS[] =
    "SELECT requirement_id, confirmed, coalesce(org_document_id, 0) FROM "
    "bid_requirements WHERE bid_id = ?";

/* Cents as the editor shows them: "24,50" (or "24.50" in English). */
static const char *cents_input(struct req *r, int64_t cents)
{
	return arena_printf(r->a, "%lld%c%02lld", (long long)(cents / 100),
	    r->lang == LANG_EN ? '.' : ',', (long long)(cents % 100));
}

int bid_draft_values(struct req *r, const struct bid_ctx *c, struct fmap *vals)
{
	if (c->bid_id == 0)
		return 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_DRAFT_LOTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t lot = sqlite3_column_int64(st, 0);
		int64_t price = sqlite3_column_int64(st, 1);
		int64_t cap = sqlite3_column_int64(st, 2);
		fm_set(vals, bid_field(r, "lot", lot), "1");
		if (price > 0)
			fm_set(vals, bid_field(r, "price", lot),
			    cents_input(r, price));
		if (cap > 0)
			fm_set(vals, bid_field(r, "capacity", lot),
			    arena_printf(r->a, "%lld", (long long)cap));
		fm_set(vals, bid_field(r, "work", lot), db_col_text(st, 3));
	}
	sqlite3_reset(st);
	st = db_stmt(r->db, SQL_DRAFT_ANSWERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		fm_set(vals,
		    bid_field(r, "answer", sqlite3_column_int64(st, 0)),
		    db_col_text(st, 1));
	sqlite3_reset(st);
	st = db_stmt(r->db, SQL_DRAFT_REQS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t q = sqlite3_column_int64(st, 0);
		if (sqlite3_column_int(st, 1))
			fm_set(vals, bid_field(r, "confirm", q), "1");
		if (sqlite3_column_int64(st, 2))
			fm_set(
			    vals, bid_field(r, "doc", q), db_col_text(st, 2));
	}
	sqlite3_reset(st);
	return 0;
}

/* --- rendering ------------------------------------------------------------ */

static const char SQL_ORG_DOCS[] =
    "SELECT d.id, d.kind, f.filename FROM org_documents d JOIN files f ON "
    "f.id = d.file_id WHERE d.org_id = ? ORDER BY d.created_at DESC, d.id "
    "DESC";
static const char SQL_RECEIPTS[] =
    "SELECT id, kind, received_at, sha256, superseded_at IS NULL, content "
    "FROM bid_submissions WHERE bid_id = ? ORDER BY id DESC";

static int prefixed(const char *field, const char *prefix)
{
	return strncmp(field, prefix, strlen(prefix)) == 0;
}

/* Where a field is, for the error summary: "Lot 2", "Lot 2, criterion
 * 1", "Requirement 3"; NULL for the whole bid. */
static const char *field_place(
    struct req *r, const struct bid_ctx *c, const char *field)
{
	const char *us = strchr(field, '_');
	int64_t id = us ? atoll(us + 1) : 0;
	if (prefixed(field, "answer_")) {
		for (size_t i = 0; i < c->ncrits; i++)
			if (c->crits[i].id == id)
				return arena_printf(r->a,
				    _("Lot %d, criterion %d"),
				    c->crits[i].lot_number, c->crits[i].number);
	} else if (prefixed(field, "confirm_") || prefixed(field, "doc_") ||
	           prefixed(field, "file_")) {
		for (size_t i = 0; i < c->nreqs; i++)
			if (c->reqs[i].id == id)
				return arena_printf(r->a, _("Requirement %d"),
				    c->reqs[i].number);
	} else {
		for (size_t i = 0; id && i < c->nlots; i++)
			if (c->lots[i].id == id)
				return arena_printf(
				    r->a, _("Lot %d"), c->lots[i].number);
	}
	return NULL;
}

static void summary_vars(struct req *r, const struct bid_ctx *c,
    const struct fmap *errs, struct tvars *v)
{
	if (errs->n == 0)
		return;
	tv_setf(v, "errors", "%zu", errs->n);
	struct tlist *l = tv_list(v, "problems");
	for (size_t i = 0; i < errs->n; i++) {
		struct tvars *it = tl_add(l);
		const char *place = field_place(r, c, errs->a[i].k);
		tv_setf(it, "href", "#%s", errs->a[i].k);
		tv_set(it, "text",
		    place ? arena_printf(r->a, "%s: %s", place, errs->a[i].v)
		          : errs->a[i].v);
	}
}

const char *fm_str(
    const struct fmap *m, struct req *r, const char *prefix, int64_t id)
{
	const char *s = fm_get(m, bid_field(r, prefix, id));
	return s ? s : "";
}

static void lot_vars(struct req *r, const struct bid_ctx *c,
    const struct fmap *vals, const struct fmap *errs, struct tvars *v)
{
	struct tlist *l = tv_list(v, "lots");
	for (size_t i = 0; i < c->nlots; i++) {
		const struct lot_info *lot = &c->lots[i];
		struct tvars *it = tl_add(l);
		tv_setf(it, "lot_id", "%lld", (long long)lot->id);
		tv_setf(it, "number", "%d", lot->number);
		tv_set(it, "lot_title", lot->title);
		tv_set(it, "service", lot->service);
		tv_set(it, "form", lot->form);
		tv_set(it, "municipalities", lot->municipalities);
		tv_bool(it, "fixed", lot->fixed);
		tv_set(it, "fixed_price", req_money(r, lot->fixed_cents));
		tv_set(it, "ceiling",
		    lot->ceiling_cents ? req_money(r, lot->ceiling_cents) : "");
		tv_bool(it, "chosen", *fm_str(vals, r, "lot", lot->id) != '\0');
		tv_set(it, "f_price", fm_str(vals, r, "price", lot->id));
		tv_set(it, "f_capacity", fm_str(vals, r, "capacity", lot->id));
		tv_set(it, "f_work", fm_str(vals, r, "work", lot->id));
		tv_set(it, "err_lot", fm_str(errs, r, "lot", lot->id));
		tv_set(it, "err_price", fm_str(errs, r, "price", lot->id));
		tv_set(
		    it, "err_capacity", fm_str(errs, r, "capacity", lot->id));
		tv_set(it, "err_work", fm_str(errs, r, "work", lot->id));
		struct tlist *cl = tv_list(it, "criteria");
		for (size_t j = 0; j < c->ncrits; j++) {
			const struct crit_info *k = &c->crits[j];
			if (k->lot_id != lot->id)
				continue;
			struct tvars *ci = tl_add(cl);
			tv_setf(ci, "crit_id", "%lld", (long long)k->id);
			tv_setf(ci, "crit_number", "%d", k->number);
			tv_set(ci, "crit_text", k->text);
			tv_setf(ci, "max_points", "%d", k->max_points);
			tv_set(
			    ci, "f_answer", fm_str(vals, r, "answer", k->id));
			tv_set(
			    ci, "err_answer", fm_str(errs, r, "answer", k->id));
		}
	}
}

static int requirement_vars(struct req *r, const struct bid_ctx *c,
    const struct fmap *vals, const struct fmap *errs, struct tvars *v)
{
	struct tlist *l = tv_list(v, "requirements");
	for (size_t i = 0; i < c->nreqs; i++) {
		const struct req_info *q = &c->reqs[i];
		struct tvars *it = tl_add(l);
		tv_setf(it, "req_id", "%lld", (long long)q->id);
		tv_setf(it, "req_number", "%d", q->number);
		tv_set(it, "req_text", q->text);
		tv_bool(it, "needs_attachment", q->needs_attachment);
		tv_bool(it, "confirmed",
		    *fm_str(vals, r, "confirm", q->id) != '\0');
		tv_set(it, "err_confirm", fm_str(errs, r, "confirm", q->id));
		tv_set(it, "err_doc", fm_str(errs, r, "doc", q->id));
		tv_set(it, "err_file", fm_str(errs, r, "file", q->id));
		if (!q->needs_attachment)
			continue;
		const char *chosen = fm_str(vals, r, "doc", q->id);
		struct tlist *dl = tv_list(it, "docs");
		sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_DOCS);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->user->org_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct tvars *d = tl_add(dl);
			tv_set(d, "doc_id", db_col_text(st, 0));
			tv_set(d, "doc_label",
			    arena_printf(r->a, "%s (%s)", db_col_text(st, 1),
			        db_col_text(st, 2)));
			tv_bool(d, "selected",
			    strcmp(chosen, db_col_text(st, 0)) == 0);
		}
		sqlite3_reset(st);
	}
	return 0;
}

static int receipt_vars(struct req *r, const struct bid_ctx *c, struct tvars *v)
{
	if (c->bid_id == 0)
		return 0;
	struct tlist *l = tv_list(v, "receipts");
	const char *current_content = NULL;
	sqlite3_stmt *st = db_stmt(r->db, SQL_RECEIPTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->bid_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		int submit = strcmp(db_col_text(st, 1), "submit") == 0;
		int current = sqlite3_column_int(st, 4);
		tv_set(it, "href",
		    arena_printf(r->a, "/tenders/%lld/bid/receipts/%s",
		        (long long)c->tender_id, db_col_text(st, 0)));
		tv_set(it, "kind", submit ? _("Submitted") : _("Withdrawn"));
		tv_set(
		    it, "time", req_datetime(r, sqlite3_column_int64(st, 2)));
		tv_set(it, "hash", db_col_text(st, 3));
		tv_set(it, "state", current ? _("current") : _("replaced"));
		if (current && submit) {
			tv_bool(v, "can_withdraw", c->open);
			current_content =
			    arena_strdup(r->a, db_col_text(st, 5));
		}
	}
	sqlite3_reset(st);
	int differs =
	    current_content ? bid_draft_differs(r, c, current_content) : 0;
	if (differs < 0)
		return -1;
	tv_bool(v, "changed", differs);
	return 0;
}

/* The saved draft's remaining problems, as a to-do list before
 * submitting. */
static int missing_vars(struct req *r, const struct bid_ctx *c, struct tvars *v)
{
	struct bid_content b;
	int64_t *files;
	if (bid_content_load(r, c, &b, &files))
		return -1;
	struct bid_problem p[64];
	size_t n = bid_check(&b, p, 64);
	struct fmap missing;
	fm_init(&missing, r->a);
	bid_problem_errors(r, &b, p, n < 64 ? n : 64, &missing);
	struct tlist *l = tv_list(v, "missing");
	for (size_t i = 0; i < missing.n; i++) {
		const char *place = field_place(r, c, missing.a[i].k);
		struct tvars *it = tl_add(l);
		tv_set(it, "text",
		    place ? arena_printf(r->a, "%s: %s", place, missing.a[i].v)
		          : missing.a[i].v);
	}
	tv_bool(v, "complete", n == 0);
	return 0;
}

int bid_render(struct req *r, const struct bid_ctx *c, const struct fmap *vals,
    const struct fmap *errs, int status)
{
	struct tvars *v = page_vars(r);
	tv_setf(v, "tender_id", "%lld", (long long)c->tender_id);
	tv_set(v, "tender_title", c->title);
	tv_set(v, "deadline", c->deadline ? req_datetime(r, c->deadline) : "");
	tv_bool(v, "open", c->open);
	tv_bool(v, "closed", !c->open);
	tv_set(v, "nonce3", req_nonce(r));
	if (c->bid_id)
		tv_set(v, "draft_at", req_datetime(r, c->bid_updated));
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "draft") == 0 && status == 200)
		tv_set(v, "flash",
		    _("Your draft has been saved. It has not been submitted "
		      "yet."));
	summary_vars(r, c, errs, v);
	lot_vars(r, c, vals, errs, v);
	if (requirement_vars(r, c, vals, errs, v) || receipt_vars(r, c, v) ||
	    missing_vars(r, c, v))
		return -1;
	return render(r, status, "bid", v, _("Your bid"));
}

/* --- GET /tenders/:id/bid ------------------------------------------------- */

int bid_page(struct req *r)
{
	struct bid_ctx c;
	int rc = bid_ctx_load(r, r->params[0], &c);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (!bid_org_approved(r))
		return bid_pending_page(r);
	struct fmap vals, errs;
	fm_init(&vals, r->a);
	fm_init(&errs, r->a);
	if (bid_draft_values(r, &c, &vals))
		return -1;
	return bid_render(r, &c, &vals, &errs, 200);
}
