/* evaluate_score.c: scoring a lot (quality points with a justification
 * per bid and criterion), a lot's scoring and ranking with scoring.h,
 * and the comparison table as a page and as CSV.
 *
 * CSV format (comparison.csv): UTF-8 with a byte order mark (so that
 * spreadsheets in Finnish and Swedish locales read the letters right),
 * ';' between fields, CRLF line ends, one header row in the language of
 * the request, then one row per bid in the order of the page (ranked
 * bids by rank, then excluded ones). Points and prices are written with
 * a decimal comma and two decimals ("40,00", "20,00"), without thousands
 * separators or the euro sign; times as "22.11.2026 14:05" (Helsinki). */
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* --- one lot's scoring ---------------------------------------------------- */

static const char SQL_LOT_SUBS[] =
    "SELECT sl.submission_id, sl.price_cents FROM submission_lots sl JOIN "
    "opening_lines ol ON ol.submission_id = sl.submission_id AND "
    "ol.tender_id = ?2 WHERE sl.lot_id = ?1 ORDER BY ol.received_at, "
    "ol.submission_id";
static const char SQL_LOT_SCORES[] =
    "SELECT s.submission_id, s.criterion_id, s.points_x100, "
    "s.justification FROM scores s JOIN criteria c ON c.id = "
    "s.criterion_id WHERE c.lot_id = ?";
static const char SQL_LOT_RANKS[] =
    "SELECT submission_id, rank, selected FROM award_ranks WHERE lot_id = ?";

static struct ev_entry *entry_find(const struct ev_calc *c, int64_t sid)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].sub->id == sid)
			return &c->e[i];
	return NULL;
}

static int crit_index(const struct ev_lot *lot, int64_t cid)
{
	for (size_t k = 0; k < lot->ncrits; k++)
		if (lot->crits[k].id == cid)
			return (int)k;
	return -1;
}

static int calc_entries(struct req *r, struct ev_data *d, struct ev_calc *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_SUBS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->lot->id);
	db_bind_int(st, 2, d->t->id);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	db_bind_int(st, 1, c->lot->id);
	db_bind_int(st, 2, d->t->id);
	size_t nc = c->lot->ncrits;
	c->e = arena_alloc(r->a, (n + 1) * sizeof(*c->e));
	while (c->n < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ev_sub *s = ev_sub_find(d, sqlite3_column_int64(st, 0));
		if (s == NULL)
			continue;
		struct ev_entry *e = &c->e[c->n++];
		e->sub = s;
		e->price_cents = sqlite3_column_int64(st, 1);
		e->quality = arena_alloc(r->a, (nc + 1) * sizeof(*e->quality));
		e->why = arena_alloc(r->a, (nc + 1) * sizeof(*e->why));
	}
	sqlite3_reset(st);
	return 0;
}

static int calc_scores(struct req *r, struct ev_calc *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_SCORES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->lot->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct ev_entry *e = entry_find(c, sqlite3_column_int64(st, 0));
		int k = crit_index(c->lot, sqlite3_column_int64(st, 1));
		if (e == NULL || k < 0)
			continue;
		int64_t p = sqlite3_column_int64(st, 2);
		int64_t max = (int64_t)c->lot->crits[k].max_points * 100;
		/* The form never stores more than the maximum; a maximum
		 * lowered later must not break the scoring. */
		e->quality[k] = (int)(p < 0 ? 0 : p > max ? max : p);
		if (e->why[k] == NULL)
			e->nscored++;
		e->why[k] = arena_strdup(r->a, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if ((st = db_stmt(r->db, SQL_LOT_RANKS)) == NULL)
		return -1;
	db_bind_int(st, 1, c->lot->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct ev_entry *e = entry_find(c, sqlite3_column_int64(st, 0));
		if (e == NULL)
			continue;
		e->stored_rank = sqlite3_column_int(st, 1);
		e->stored_selected = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return 0;
}

int ev_lot_calc(
    struct req *r, struct ev_data *d, struct ev_lot *lot, struct ev_calc *c)
{
	memset(c, 0, sizeof(*c));
	c->lot = lot;
	if (calc_entries(r, d, c) || calc_scores(r, c))
		return -1;
	struct score_lot sl = {
	    lot->fixed ? 0 : lot->price_weight, lot->ncrits, lot->crit_max};
	struct score_bid *bids = arena_alloc(r->a, (c->n + 1) * sizeof(*bids));
	struct score_result *res = arena_alloc(r->a, (c->n + 1) * sizeof(*res));
	for (size_t i = 0; i < c->n; i++) {
		struct ev_entry *e = &c->e[i];
		e->complete = e->sub->qualified && e->nscored == lot->ncrits;
		bids[i].id = e->sub->id;
		bids[i].received_at = e->sub->received_at;
		bids[i].excluded = e->sub->excluded;
		bids[i].price_cents = e->price_cents;
		bids[i].quality = e->quality;
		c->nexcluded += e->sub->excluded != 0;
		c->npending += !e->sub->excluded && !e->complete;
	}
	c->status = score_lot(&sl, bids, c->n, res, NULL);
	for (size_t i = 0; c->status == SCORE_OK && i < c->n; i++) {
		c->e[i].res = res[i];
		c->nranked += res[i].rank != 0;
	}
	c->ready = c->status == SCORE_OK && c->npending == 0;
	return 0;
}

/* --- the comparison table ------------------------------------------------- */

/* The order of the table: ranked bids by rank, then the rest (excluded,
 * or all of them when the lot could not be scored) as received. */
static size_t *table_order(struct req *r, const struct ev_calc *c)
{
	size_t *order = arena_alloc(r->a, (c->n + 1) * sizeof(*order));
	size_t k = 0;
	for (size_t rank = 1; rank <= c->nranked; rank++)
		for (size_t i = 0; i < c->n; i++)
			if (c->e[i].res.rank == rank)
				order[k++] = i;
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].res.rank == 0)
			order[k++] = i;
	return order;
}

static const char *entry_state(
    const struct ev_calc *c, const struct ev_entry *e)
{
	if (e->sub->excluded)
		return _("Excluded");
	if (c->status != SCORE_OK || !e->complete)
		return _("Not fully evaluated");
	if (c->lot->chosen)
		return e->stored_selected ? _("In the framework")
		                          : _("Not in the framework");
	return "";
}

static void row_vars(struct req *r, const struct ev_calc *c,
    const struct ev_entry *e, struct tvars *it)
{
	int scored = c->status == SCORE_OK && !e->sub->excluded;
	tv_setf(it, "sid", "%lld", (long long)e->sub->id);
	tv_set(
	    it, "rank", scored ? arena_printf(r->a, "%zu", e->res.rank) : "–");
	tv_set(it, "bidder", e->sub->bidder);
	tv_set(it, "received", req_datetime(r, e->sub->received_at));
	tv_set(it, "price", req_money(r, e->price_cents));
	tv_set(it, "price_points",
	    scored ? ev_points(r, e->res.price_points) : "–");
	tv_set(
	    it, "quality", scored ? ev_points(r, e->res.quality_points) : "–");
	tv_set(it, "total", scored ? ev_points(r, e->res.total) : "–");
	tv_set(it, "state", entry_state(c, e));
	tv_bool(it, "selected", c->lot->chosen && e->stored_selected);
	struct tlist *cells = tv_list(it, "cells");
	for (size_t k = 0; k < c->lot->ncrits; k++)
		tv_set(tl_add(cells), "points",
		    e->why[k] && !e->sub->excluded ? ev_points(r, e->quality[k])
		                                   : "–");
}

int ev_table_vars(struct req *r, const struct ev_calc *c, struct tvars *item)
{
	const struct ev_lot *lot = c->lot;
	tv_setf(item, "lot_id", "%lld", (long long)lot->id);
	tv_setf(item, "number", "%d", lot->number);
	tv_set(item, "lot_title", lot->title);
	tv_bool(item, "weighted", !lot->fixed && lot->price_weight > 0);
	tv_setf(item, "weight", "%d", lot->price_weight);
	tv_bool(item, "provisional", !c->ready);
	tv_bool(item, "has_rows", c->n > 0);
	if (c->status != SCORE_OK)
		tv_set(item, "score_problem", _(score_status_text(c->status)));
	struct tlist *heads = tv_list(item, "crit_heads");
	for (size_t k = 0; k < lot->ncrits; k++) {
		struct tvars *h = tl_add(heads);
		tv_setf(h, "label", _("Criterion %d (max %d)"),
		    lot->crits[k].number, lot->crits[k].max_points);
	}
	size_t *order = table_order(r, c);
	struct tlist *rows = tv_list(item, "rows");
	for (size_t i = 0; i < c->n; i++)
		row_vars(r, c, &c->e[order[i]], tl_add(rows));
	return 0;
}

/* --- GET /tenders/:id/lots/:id/scores ------------------------------------ */

static const char SQL_ANSWERS[] =
    "SELECT sa.submission_id, sa.criterion_id, sa.answer FROM "
    "submission_answers sa JOIN criteria c ON c.id = sa.criterion_id "
    "WHERE c.lot_id = ?";

/* What the failed form of one submission typed, and its errors, by
 * criterion index. */
struct typed {
	int64_t sid; /* 0: no failed form */
	const char **points, **why, **err_points, **err_why;
};

/* The bidder's answer to criterion cid into item's "answer". */
static int answer_vars(
    struct req *r, int64_t lot, int64_t sid, int64_t cid, struct tvars *it)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ANSWERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot);
	const char *text = "";
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int64(st, 0) == sid &&
		    sqlite3_column_int64(st, 1) == cid)
			text = arena_strdup(r->a, db_col_text(st, 2));
	sqlite3_reset(st);
	ev_paragraphs(r, it, "answer", text);
	return 0;
}

static int entry_form_vars(struct req *r, const struct ev_calc *c,
    const struct ev_entry *e, const struct typed *ty, struct tvars *it)
{
	const struct ev_lot *lot = c->lot;
	int failed = ty && ty->sid == e->sub->id;
	tv_setf(it, "sid", "%lld", (long long)e->sub->id);
	tv_set(it, "bidder", e->sub->bidder);
	tv_set(it, "received", req_datetime(r, e->sub->received_at));
	tv_set(it, "price", req_money(r, e->price_cents));
	tv_bool(it, "qual_pending", !e->sub->qualified);
	tv_bool(it, "scored", e->nscored == lot->ncrits);
	tv_set(it, "nonce", req_nonce(r));
	struct tlist *l = tv_list(it, "crits");
	for (size_t k = 0; k < lot->ncrits; k++) {
		struct tvars *ci = tl_add(l);
		tv_setf(ci, "cid", "%lld", (long long)lot->crits[k].id);
		tv_setf(ci, "cnumber", "%d", lot->crits[k].number);
		tv_set(ci, "ctext", lot->crits[k].text);
		tv_setf(ci, "max", "%d", lot->crits[k].max_points);
		if (failed) {
			tv_set(ci, "f_points", ty->points[k]);
			tv_set(ci, "f_why", ty->why[k]);
			tv_set(ci, "err_points", ty->err_points[k]);
			tv_set(ci, "err_why", ty->err_why[k]);
		} else {
			tv_set(ci, "f_points",
			    e->why[k] ? ev_points(r, e->quality[k]) : "");
			tv_set(ci, "f_why", e->why[k] ? e->why[k] : "");
			tv_set(ci, "err_points", "");
			tv_set(ci, "err_why", "");
		}
		if (answer_vars(r, lot->id, e->sub->id, lot->crits[k].id, ci))
			return -1;
	}
	return 0;
}

static int scores_render(struct req *r, const struct ev_tender *t,
    const struct ev_calc *c, struct tvars *v, const struct typed *ty,
    int status)
{
	const struct ev_lot *lot = c->lot;
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	tv_setf(v, "lot_id", "%lld", (long long)lot->id);
	tv_setf(v, "number", "%d", lot->number);
	tv_set(v, "lot_title", lot->title);
	tv_bool(v, "editable", !t->awarded);
	tv_bool(v, "no_criteria", lot->ncrits == 0);
	struct tlist *l = tv_list(v, "entries");
	struct tlist *x = tv_list(v, "excluded");
	for (size_t i = 0; i < c->n; i++) {
		const struct ev_entry *e = &c->e[i];
		if (e->sub->excluded) {
			tv_set(tl_add(x), "bidder", e->sub->bidder);
			continue;
		}
		if (entry_form_vars(r, c, e, ty, tl_add(l)))
			return -1;
	}
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "saved") == 0)
		tv_set(v, "flash", _("The points have been saved."));
	return render(r, status, "evaluate_scores", v,
	    arena_printf(r->a, _("Scoring of lot %d"), lot->number));
}

/* Loads the gate, the tender's data, lot r->params[1] and its scoring.
 * 0 go on, 1 the response is set, -1 error. */
static int lot_load(struct req *r, enum ev_need need, struct ev_tender *t,
    struct ev_data *d, struct ev_calc *c)
{
	int rc = ev_gate(r, t, need);
	if (rc)
		return rc;
	if (ev_data_load(r, t, d))
		return -1;
	struct ev_lot *lot = ev_lot_find(d, r->params[1]);
	if (lot == NULL)
		return not_found(r), 1;
	return ev_lot_calc(r, d, lot, c) ? -1 : 0;
}

int scores_page(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_calc c;
	int rc = lot_load(r, EV_READ, &t, &d, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	return scores_render(r, &t, &c, page_vars(r), NULL, 200);
}

/* --- POST /tenders/:id/lots/:id/scores ----------------------------------- */

/* Reads and checks the form of entry e into ty; returns the number of
 * errors. x100 gets the points. */
static int scores_read(
    struct req *r, const struct ev_lot *lot, struct typed *ty, int64_t *x100)
{
	size_t n = lot->ncrits + 1;
	int errors = 0;
	ty->points = arena_alloc(r->a, n * sizeof(char *));
	ty->why = arena_alloc(r->a, n * sizeof(char *));
	ty->err_points = arena_alloc(r->a, n * sizeof(char *));
	ty->err_why = arena_alloc(r->a, n * sizeof(char *));
	for (size_t k = 0; k < lot->ncrits; k++) {
		const struct ev_crit *cr = &lot->crits[k];
		const char *p = req_form_trim(
		    r, arena_printf(r->a, "points_%lld", (long long)cr->id));
		const char *w = req_form_trim(
		    r, arena_printf(r->a, "why_%lld", (long long)cr->id));
		ty->points[k] = p;
		ty->why[k] = w;
		ty->err_points[k] = ty->err_why[k] = "";
		switch (award_parse_points(p, cr->max_points, &x100[k])) {
		case AWARD_POINTS_OK:
			break;
		case AWARD_POINTS_EMPTY:
			ty->err_points[k] = arena_printf(r->a,
			    _("Give the points (0 to %d)."), cr->max_points);
			break;
		case AWARD_POINTS_FORMAT:
			ty->err_points[k] =
			    _("Write the points as a number with at most two "
			      "decimals, for example 12,5.");
			break;
		case AWARD_POINTS_RANGE:
		default:
			ty->err_points[k] = arena_printf(r->a,
			    _("The points must be between 0 and %d."),
			    cr->max_points);
			break;
		}
		if (*w == '\0')
			ty->err_why[k] =
			    _("Write a justification for the points.");
		else if (!valid_text(w, strlen(w), 1, 5000))
			ty->err_why[k] =
			    _("Write the justification as text of at most 5000 "
			      "characters.");
		errors +=
		    (*ty->err_points[k] != '\0') + (*ty->err_why[k] != '\0');
	}
	return errors;
}

static const char SQL_SCORE[] =
    "INSERT OR REPLACE INTO scores(submission_id, criterion_id, "
    "points_x100, justification, scored_by, scored_at) VALUES "
    "(?,?,?,?,?,?)";

int ev_lot_reset_award(struct req *r, int64_t lot)
{
	static const char SQL_DEL_RANKS[] =
	    "DELETE FROM award_ranks WHERE lot_id = ?";
	static const char SQL_DEL_AWARD[] =
	    "DELETE FROM lot_awards WHERE lot_id = ?";
	sqlite3_stmt *st = db_stmt(r->db, SQL_DEL_RANKS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, lot);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || (st = db_stmt(r->db, SQL_DEL_AWARD)) == NULL)
		return -1;
	db_bind_int(st, 1, lot);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int scores_store(struct req *r, const struct ev_calc *c,
    const struct ev_entry *e, const struct typed *ty, const int64_t *x100)
{
	const struct ev_lot *lot = c->lot;
	int changed = 0;
	struct buf details;
	buf_init(&details);
	buf_printf(&details, "lot %d:", lot->number);
	for (size_t k = 0; k < lot->ncrits; k++) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_SCORE);
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, e->sub->id);
		db_bind_int(st, 2, lot->crits[k].id);
		db_bind_int(st, 3, x100[k]);
		db_bind_text(st, 4, ty->why[k]);
		db_bind_int(st, 5, r->user->id);
		db_bind_int(st, 6, r->now);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
		changed |= e->why[k] == NULL || e->quality[k] != x100[k];
		char s[SCORE_FMT_LEN];
		buf_printf(&details, " c%d=%s", lot->crits[k].number,
		    score_format(s, sizeof(s), x100[k], '.'));
	}
	/* Points that change the ranking undo the framework choice. */
	if ((changed && ev_lot_reset_award(r, lot->id)) ||
	    audit(r, "tender.score", ev_ref(r, "submission", e->sub->id),
	        details.data))
		goto fail;
	buf_free(&details);
	return 0;
fail:
	buf_free(&details);
	return -1;
}

int scores_save(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_calc c;
	int rc = lot_load(r, EV_EDIT, &t, &d, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t sid = 0;
	const char *s = req_form(r, "submission");
	struct ev_entry *e =
	    s && valid_int(s, 1, INT64_MAX, &sid) ? entry_find(&c, sid) : NULL;
	if (e == NULL)
		return not_found(r);
	if (e->sub->excluded)
		return ev_conflict(r, &t, _("The bid has been excluded"),
		    _("An excluded bid is not scored."));
	struct typed ty = {sid, NULL, NULL, NULL, NULL};
	int64_t *x100 = arena_alloc(r->a, (c.lot->ncrits + 1) * sizeof(*x100));
	if (scores_read(r, c.lot, &ty, x100)) {
		struct tvars *v = page_vars(r);
		tv_set(v, "errors", "1");
		tv_setf(v, "err_sid", "%lld", (long long)sid);
		tv_set(v, "err_bidder", e->sub->bidder);
		return scores_render(r, &t, &c, v, &ty, 422);
	}
	if (scores_store(r, &c, e, &ty, x100))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/tenders/%lld/lots/%lld/scores?msg=saved#s%lld",
	        (long long)t.id, (long long)c.lot->id, (long long)sid));
}

/* --- GET /tenders/:id/lots/:id/comparison --------------------------------- */

int comparison_render(struct req *r, const struct ev_tender *t,
    const struct ev_calc *c, struct tvars *v, int status)
{
	const struct ev_lot *lot = c->lot;
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	if (ev_table_vars(r, c, v))
		return -1;
	tv_setf(v, "n_pending", "%zu", c->npending);
	tv_bool(v, "can_award", !t->awarded && c->ready);
	tv_bool(v, "awarded", t->awarded);
	tv_setf(v, "n_ranked", "%zu", c->nranked);
	if (tv_get(v, "f_framework") == NULL) {
		int best = lot->chosen && lot->framework_size > 0;
		tv_set(v, "f_framework", best ? "best" : "all");
		if (best)
			tv_setf(v, "f_best_n", "%lld",
			    (long long)lot->framework_size);
	}
	const char *f = tv_get(v, "f_framework");
	tv_bool(v, "f_all", strcmp(f, "best") != 0);
	tv_bool(v, "f_best", strcmp(f, "best") == 0);
	if (lot->chosen)
		tv_set(v, "chosen",
		    lot->framework_size == 0
		        ? _("The framework is formed by every qualified "
		            "bidder.")
		        : arena_printf(r->a,
		              _("The framework is formed by the best %lld "
		                "bidders."),
		              (long long)lot->framework_size));
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "saved") == 0)
		tv_set(v, "flash", _("The framework has been chosen."));
	return render(r, status, "evaluate_comparison", v,
	    arena_printf(r->a, _("Comparison of lot %d"), lot->number));
}

int comparison_page(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_calc c;
	int rc = lot_load(r, EV_READ, &t, &d, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	return comparison_render(r, &t, &c, page_vars(r), 200);
}

/* --- GET /tenders/:id/lots/:id/comparison.csv ------------------------------
 */

/* x100 (points or cents) as "12,34". */
static void csv_number(struct buf *b, int64_t x100)
{
	char s[SCORE_FMT_LEN];
	buf_puts(b, score_format(s, sizeof(s), x100, ','));
}

static void csv_header(const struct ev_lot *lot, struct buf *b)
{
	const char *heads[] = {_("Rank"), _("Bidder"), _("Received"),
	    _("Price per day (€)"), _("Price points")};
	for (size_t i = 0; i < 5; i++) {
		if (i)
			buf_putc(b, ';');
		award_csv_field(b, heads[i]);
	}
	for (size_t k = 0; k < lot->ncrits; k++) {
		char h[128];
		snprintf(h, sizeof(h), _("Criterion %d (max %d)"),
		    lot->crits[k].number, lot->crits[k].max_points);
		buf_putc(b, ';');
		award_csv_field(b, h);
	}
	const char *tail[] = {
	    _("Quality points"), _("Total points"), _("Status")};
	for (size_t i = 0; i < 3; i++) {
		buf_putc(b, ';');
		award_csv_field(b, tail[i]);
	}
	buf_puts(b, "\r\n");
}

static void csv_row(struct req *r, const struct ev_calc *c,
    const struct ev_entry *e, struct buf *b)
{
	int scored = c->status == SCORE_OK && !e->sub->excluded;
	if (scored)
		buf_printf(b, "%zu", e->res.rank);
	buf_putc(b, ';');
	award_csv_field(b, e->sub->bidder);
	buf_putc(b, ';');
	buf_puts(b, req_datetime(r, e->sub->received_at));
	buf_putc(b, ';');
	csv_number(b, e->price_cents);
	buf_putc(b, ';');
	if (scored)
		csv_number(b, e->res.price_points);
	for (size_t k = 0; k < c->lot->ncrits; k++) {
		buf_putc(b, ';');
		if (e->why[k] && !e->sub->excluded)
			csv_number(b, e->quality[k]);
	}
	buf_putc(b, ';');
	if (scored)
		csv_number(b, e->res.quality_points);
	buf_putc(b, ';');
	if (scored)
		csv_number(b, e->res.total);
	buf_putc(b, ';');
	award_csv_field(b, entry_state(c, e));
	buf_puts(b, "\r\n");
}

int comparison_csv(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_calc c;
	int rc = lot_load(r, EV_READ, &t, &d, &c);
	if (rc)
		return rc < 0 ? -1 : 0;
	buf_reset(&r->body);
	buf_puts(&r->body, "\xef\xbb\xbf");
	csv_header(c.lot, &r->body);
	size_t *order = table_order(r, &c);
	for (size_t i = 0; i < c.n; i++)
		csv_row(r, &c, &c.e[order[i]], &r->body);
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	buf_printf(&r->headers,
	    "Content-Disposition: attachment; "
	    "filename=\"comparison-%lld-lot-%d.csv\"\r\n",
	    (long long)t.id, c.lot->number);
	return 0;
}
