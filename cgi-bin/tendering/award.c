/* award.c: choosing each lot's framework, and the award decision: the
 * document (printable HTML in the language of the request, ?lang=fi or
 * ?lang=sv to choose), and publishing it once.
 *
 * Before publication the decision is the officers' draft; afterwards
 * every bidder of the opening record and administrators read it too.
 * Publishing stores award_decisions with the standstill period's end
 * (award.h), rewrites the lots' ranks from the final scores, notifies
 * every bidder and marks the tender awarded, in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "paikka/award.h"
#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"

/* --- the framework of a lot ------------------------------------------------
 */

static const char SQL_CHOOSE[] =
    "INSERT OR REPLACE INTO lot_awards(lot_id, framework_size, decided_by, "
    "decided_at) VALUES (?,?,?,?)";
static const char SQL_RANK[] =
    "INSERT INTO award_ranks(lot_id, submission_id, rank, total_x100, "
    "selected) VALUES (?,?,?,?,?)";

static const char SQL_DEL_RANKS[] = "DELETE FROM award_ranks WHERE lot_id = ?";

/* Records the officer's choice for c's lot: the best n, or all (0). */
static int store_choice(struct req *r, struct ev_calc *c, int64_t n)
{
	if (ev_lot_reset_award(r, c->lot->id))
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_CHOOSE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->lot->id);
	if (n > 0)
		db_bind_int(st, 2, n);
	db_bind_int(st, 3, r->user->id);
	db_bind_int(st, 4, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	c->lot->chosen = 1;
	c->lot->framework_size = n;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Stores the ranks of c with the best n (0: all) selected, replacing any
 * earlier ones; returns how many were selected, or -1. */
static int store_ranks(struct req *r, struct ev_calc *c, int64_t n)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DEL_RANKS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, c->lot->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	struct score_result *res = arena_alloc(r->a, (c->n + 1) * sizeof(*res));
	for (size_t i = 0; i < c->n; i++)
		res[i] = c->e[i].res;
	size_t chosen = score_select(res, c->n, (size_t)n);
	for (size_t i = 0; i < c->n; i++) {
		if (res[i].rank == 0)
			continue;
		if ((st = db_stmt(r->db, SQL_RANK)) == NULL)
			return -1;
		db_bind_int(st, 1, c->lot->id);
		db_bind_int(st, 2, c->e[i].sub->id);
		db_bind_int(st, 3, (int64_t)res[i].rank);
		db_bind_int(st, 4, res[i].total);
		db_bind_int(st, 5, res[i].selected != 0);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		c->e[i].stored_rank = (int)res[i].rank;
		c->e[i].stored_selected = res[i].selected != 0;
	}
	return (int)chosen;
}

/* Reads the framework form: 0 all, N the best N, -1 with errors in v. */
static int64_t framework_read(
    struct req *r, const struct ev_calc *c, struct tvars *v)
{
	const char *f = req_form(r, "framework");
	const char *n = req_form_trim(r, "best_n");
	int64_t best = 0;
	tv_set(v, "f_framework", f && strcmp(f, "best") == 0 ? "best" : "all");
	tv_set(v, "f_best_n", n);
	if (f == NULL || (strcmp(f, "all") != 0 && strcmp(f, "best") != 0)) {
		field_error(
		    v, "framework", _("Choose who forms the framework."));
		return -1;
	}
	if (strcmp(f, "all") == 0)
		return 0;
	if (c->nranked == 0) {
		field_error(v, "best_n",
		    _("No bid is left in the competition: choose every "
		      "qualified bidder."));
		return -1;
	}
	if (!valid_int(n, 1, (int64_t)c->nranked, &best)) {
		field_error(v, "best_n",
		    arena_printf(r->a, _("Give a whole number from 1 to %zu."),
		        c->nranked));
		return -1;
	}
	return best;
}

int lot_award(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	struct ev_calc c;
	int rc = ev_gate(r, &t, EV_EDIT);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (ev_data_load(r, &t, &d))
		return -1;
	struct ev_lot *lot = ev_lot_find(&d, r->params[1]);
	if (lot == NULL)
		return not_found(r);
	if (ev_lot_calc(r, &d, lot, &c))
		return -1;
	struct tvars *v = page_vars(r);
	if (!c.ready) {
		tv_set(v, "not_ready",
		    _("The framework can be chosen once every bid of the lot "
		      "has been qualified and every qualified bid scored."));
		return comparison_render(r, &t, &c, v, 409);
	}
	int64_t n = framework_read(r, &c, v);
	if (n < 0)
		return comparison_render(r, &t, &c, v, 422);
	int chosen = store_choice(r, &c, n) ? -1 : store_ranks(r, &c, n);
	if (chosen < 0 ||
	    audit(r, "tender.framework", ev_ref(r, "lot", lot->id),
	        arena_printf(r->a, "%s: %d selected",
	            n ? arena_printf(r->a, "best %lld", (long long)n) : "all",
	            chosen)))
		return -1;
	return redirect(r,
	    arena_printf(r->a, "/tenders/%lld/lots/%lld/comparison?msg=saved",
	        (long long)t.id, (long long)lot->id));
}

/* --- the decision document -------------------------------------------------
 */

static const char SQL_BUYER[] =
    "SELECT name, ytunnus, street, postcode, city FROM organisations "
    "WHERE id = 1";
static const char SQL_DECISION[] =
    "SELECT d.published_at, d.standstill_end, d.reasoning_fi, "
    "d.reasoning_sv, coalesce(u.name, '') FROM award_decisions d LEFT JOIN "
    "users u ON u.id = d.published_by WHERE d.tender_id = ?";
static const char SQL_FAILS[] =
    "SELECT rq.number, rq.text_fi, rq.text_sv, q.reason FROM "
    "qualifications q JOIN requirements rq ON rq.id = q.requirement_id "
    "WHERE q.submission_id = ? AND q.pass = 0 ORDER BY rq.number";
static const char SQL_SETTING[] = "SELECT value FROM settings WHERE key = ?";

/* The stored decision of a tender. */
struct decision {
	int published;
	int64_t published_at;
	const char *standstill_end; /* 'YYYY-MM-DD' */
	const char *reasoning_fi, *reasoning_sv, *published_by;
};

static int decision_load(struct req *r, int64_t tender, struct decision *dc)
{
	memset(dc, 0, sizeof(*dc));
	sqlite3_stmt *st = db_stmt(r->db, SQL_DECISION);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		dc->published = 1;
		dc->published_at = sqlite3_column_int64(st, 0);
		dc->standstill_end = arena_strdup(r->a, db_col_text(st, 1));
		dc->reasoning_fi = arena_strdup(r->a, db_col_text(st, 2));
		dc->reasoning_sv = arena_strdup(r->a, db_col_text(st, 3));
		dc->published_by = arena_strdup(r->a, db_col_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The appeal instructions in the page's language: the administrator's
 * text (settings), else the default. */
static const char *appeal_text(struct req *r)
{
	const char *key = r->lang == LANG_SV ? "appeal_instructions_sv"
	                                     : "appeal_instructions_fi";
	sqlite3_stmt *st = db_stmt(r->db, SQL_SETTING);
	const char *text = NULL;
	if (st != NULL) {
		db_bind_text(st, 1, key);
		if (sqlite3_step(st) == SQLITE_ROW && *db_col_text(st, 0))
			text = arena_strdup(r->a, db_col_text(st, 0));
		sqlite3_reset(st);
	}
	return text ? text : award_appeal_default(r->lang);
}

/* Paragraphs (at blank lines) made of lines, so a heading line stays on
 * its own line: key → "lines" → "text", "br" (not the first line),
 * "head" (the first line of a paragraph of several). */
static void lined_paragraphs(
    struct req *r, struct tvars *v, const char *key, const char *text)
{
	struct tlist *out = tv_list(v, key);
	struct tvars *para;
	const char *p = text;
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		const char *crlf = strstr(p, "\r\n\r\n");
		if (crlf && (!end || crlf < end))
			end = crlf;
		size_t n = end ? (size_t)(end - p) : strlen(p);
		para = tl_add(out);
		struct tlist *lines = tv_list(para, "lines");
		const char *q = p, *stop = p + n;
		int first = 1;
		while (q < stop) {
			const char *nl = memchr(q, '\n', (size_t)(stop - q));
			size_t len = nl ? (size_t)(nl - q) : (size_t)(stop - q);
			if (len && q[len - 1] == '\r')
				len--;
			struct tvars *ln = tl_add(lines);
			tv_set(ln, "text", arena_strndup(r->a, q, len));
			tv_bool(ln, "br", !first);
			/* The first of several lines is the heading. */
			tv_bool(
			    ln, "head", first && nl != NULL && nl + 1 < stop);
			first = 0;
			q = nl ? nl + 1 : stop;
		}
		p += n;
	}
}

static int buyer_vars(struct req *r, struct tvars *v)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_BUYER);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		tv_set(v, "buyer", db_col_text(st, 0));
		tv_set(v, "buyer_ytunnus", db_col_text(st, 1));
		tv_set(v, "buyer_address",
		    arena_printf(r->a, "%s, %s %s", db_col_text(st, 2),
		        db_col_text(st, 3), db_col_text(st, 4)));
	}
	sqlite3_reset(st);
	return 0;
}

/* The bidders, and the excluded ones with the requirements they fail and
 * why. */
static int bidders_vars(struct req *r, const struct ev_data *d, struct tvars *v)
{
	struct tlist *b = tv_list(v, "bidders");
	struct tlist *x = tv_list(v, "excluded");
	for (size_t i = 0; i < d->nsubs; i++) {
		const struct ev_sub *s = &d->subs[i];
		struct tvars *it = tl_add(b);
		tv_set(it, "bidder", s->bidder);
		tv_set(it, "received", req_datetime(r, s->received_at));
		tv_set(it, "lots", s->lots);
		tv_set(
		    it, "state", s->excluded ? _("Excluded") : _("Qualified"));
		if (!s->excluded)
			continue;
		struct tvars *e = tl_add(x);
		tv_set(e, "bidder", s->bidder);
		struct tlist *fails = tv_list(e, "fails");
		sqlite3_stmt *st = db_stmt(r->db, SQL_FAILS);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, s->id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct tvars *f = tl_add(fails);
			tv_set(f, "rnumber", db_col_text(st, 0));
			tv_set(f, "rtext",
			    tender_text(
			        r, db_col_text(st, 1), db_col_text(st, 2)));
			tv_set(f, "reason", db_col_text(st, 3));
		}
		sqlite3_reset(st);
	}
	return 0;
}

/* The winners of c in order, and the grounds of each ranked bid's
 * quality points. */
static void winners_vars(
    struct req *r, const struct ev_calc *c, struct tvars *it)
{
	struct tlist *w = tv_list(it, "winners");
	struct tlist *g = tv_list(it, "grounds");
	for (size_t rank = 1; rank <= c->nranked; rank++) {
		for (size_t i = 0; i < c->n; i++) {
			const struct ev_entry *e = &c->e[i];
			if (e->res.rank != rank)
				continue;
			if (e->stored_selected) {
				struct tvars *x = tl_add(w);
				tv_setf(x, "rank", "%zu", rank);
				tv_set(x, "bidder", e->sub->bidder);
				tv_set(x, "total", ev_points(r, e->res.total));
			}
			if (c->lot->ncrits == 0)
				continue;
			struct tvars *gi = tl_add(g);
			tv_set(gi, "bidder", e->sub->bidder);
			struct tlist *cl = tv_list(gi, "crits");
			for (size_t k = 0; k < c->lot->ncrits; k++) {
				struct tvars *ci = tl_add(cl);
				tv_setf(ci, "cnumber", "%d",
				    c->lot->crits[k].number);
				tv_set(
				    ci, "points", ev_points(r, e->quality[k]));
				tv_setf(ci, "max", "%d",
				    c->lot->crits[k].max_points);
				tv_set(ci, "why", e->why[k] ? e->why[k] : "");
			}
		}
	}
}

/* Each lot: criteria, the comparison table, the framework and winners.
 * Adds the reasons the decision cannot be published yet to "problems". */
static int lots_vars(struct req *r, struct ev_data *d, struct tvars *v,
    int ready, int *nproblems)
{
	struct tlist *l = tv_list(v, "lots");
	struct tlist *problems = tv_list(v, "problems");
	for (size_t i = 0; i < d->nlots; i++) {
		struct ev_lot *lot = &d->lots[i];
		struct ev_calc c;
		if (ev_lot_calc(r, d, lot, &c))
			return -1;
		struct tvars *it = tl_add(l);
		if (ev_table_vars(r, &c, it))
			return -1;
		struct tlist *cl = tv_list(it, "criteria");
		for (size_t k = 0; k < lot->ncrits; k++) {
			struct tvars *ci = tl_add(cl);
			tv_setf(ci, "cnumber", "%d", lot->crits[k].number);
			tv_set(ci, "ctext", lot->crits[k].text);
			tv_setf(ci, "max", "%d", lot->crits[k].max_points);
		}
		if (lot->fixed)
			tv_set(it, "pricing",
			    arena_printf(r->a,
			        _("Fixed price %s per day; the bids compete on "
			          "quality only."),
			        req_money(r, lot->fixed_cents)));
		else
			tv_set(it, "pricing",
			    arena_printf(r->a,
			        _("Price points: the lowest price of the bids "
			          "in "
			          "the competition divided by the bid's price, "
			          "times %d."),
			        lot->price_weight));
		winners_vars(r, &c, it);
		tv_bool(it, "lot_ready", ready);
		int competing = c.n > c.nexcluded;
		if (c.n == 0)
			tv_set(it, "outcome",
			    _("No bids were received for this lot. "
			      "The lot is not awarded."));
		else if (!competing)
			tv_set(it, "outcome",
			    _("Every bid of this lot was excluded. "
			      "The lot is not awarded."));
		else if (!lot->chosen)
			tv_set(it, "outcome",
			    _("The framework of this lot has not been chosen "
			      "yet."));
		else
			tv_set(it, "outcome",
			    lot->framework_size == 0
			        ? _("The framework agreement is made with "
			            "every "
			            "qualified bidder, in the order of the "
			            "ranking.")
			        : arena_printf(r->a,
			              _("The framework agreement is made with "
			                "the "
			                "best %lld bidders, in the order of "
			                "the "
			                "ranking."),
			              (long long)lot->framework_size));
		*nproblems += competing && (!c.ready || !lot->chosen);
		if (competing && !c.ready)
			tv_set(tl_add(problems), "text",
			    arena_printf(r->a,
			        _("Lot %d: %zu bids still to be qualified or "
			          "scored."),
			        lot->number, c.npending));
		else if (competing && !lot->chosen)
			tv_set(tl_add(problems), "text",
			    arena_printf(r->a,
			        _("Lot %d: choose who forms the framework."),
			        lot->number));
	}
	return 0;
}

/* Loads tender r->params[0] into t for reading its decision: officers
 * once the bids are open; administrators and the bidders once it is
 * published. 0 yes, 1 the response is set, -1 error. */
static int decision_gate(struct req *r, struct ev_tender *t)
{
	unsigned role = r->user->role;
	if (role == ROLE_OFFICER)
		return ev_gate(r, t, EV_READ);
	int rc = ev_tender_load(r, r->params[0], t);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	if (t->published_at == 0)
		return not_found(r), 1;
	if (!t->awarded)
		return ev_conflict(r, t, _("No decision yet"),
		           _("The award decision has not been published yet.")),
		       1;
	if (role == ROLE_PROVIDER) {
		int bidder = ev_is_bidder(r, t->id);
		if (bidder < 0)
			return -1;
		if (!bidder)
			return not_found(r), 1;
	}
	return 0;
}

/* ?lang=fi|sv|en switches this page's language (not the cookie). */
static void decision_lang(struct req *r)
{
	const char *l = req_query(r, "lang");
	enum lang x = l ? lang_from_code(l) : LANG__MAX;
	if (x != LANG__MAX) {
		r->lang = x;
		i18n_use(x);
	}
}

static void standstill_vars(struct req *r, const struct ev_tender *t,
    const struct decision *dc, struct tvars *v)
{
	char iso[CAL_ISO_LEN], shown[32];
	const char *end = dc->standstill_end;
	if (!dc->published)
		end = cal_format_iso(iso, sizeof(iso),
		    award_standstill_end(r->now, t->standstill_days));
	tv_set(v, "standstill_end", fmt_isodate(shown, sizeof(shown), end));
	tv_set(v, "standstill_iso", end);
	tv_setf(v, "standstill_days", "%d", t->standstill_days);
	tv_set(v, "decision_date",
	    req_date(r, dc->published ? dc->published_at : r->now));
	tv_bool(v, "ready",
	    dc->published && award_ready_for_contracts(end, r->now));
}

static int decision_render(
    struct req *r, struct ev_tender *t, struct tvars *v, int status)
{
	struct decision dc;
	struct ev_data d;
	if (decision_load(r, t->id, &dc) || ev_data_load(r, t, &d))
		return -1;
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	tv_bool(v, "published", dc.published);
	tv_bool(v, "draft", !dc.published);
	tv_bool(v, "manage", r->user->role == ROLE_OFFICER);
	tv_set(v, "bids_deadline", req_datetime(r, t->bids_deadline));
	tv_set(v, "opened_at", req_datetime(r, t->opened_at));
	tv_setf(v, "n_bids", "%zu", d.nsubs);
	standstill_vars(r, t, &dc, v);
	if (dc.published) {
		tv_set(v, "published_by", dc.published_by);
		tv_set(v, "published_at", req_datetime(r, dc.published_at));
		ev_paragraphs(r, v, "reasoning",
		    tender_text(r, dc.reasoning_fi, dc.reasoning_sv));
	}
	int nproblems = 0;
	if (buyer_vars(r, v) || bidders_vars(r, &d, v) ||
	    lots_vars(r, &d, v,
	        dc.published &&
	            award_ready_for_contracts(dc.standstill_end, r->now),
	        &nproblems))
		return -1;
	for (size_t i = 0; i < d.nsubs; i++)
		if (!d.subs[i].excluded && !d.subs[i].qualified) {
			tv_set(tl_add(tv_list(v, "problems")), "text",
			    arena_printf(r->a,
			        _("%s: the qualification is not finished."),
			        d.subs[i].bidder));
			nproblems++;
		}
	tv_bool(v, "can_publish",
	    !dc.published && r->user->role == ROLE_OFFICER && !t->awarded &&
	        nproblems == 0);
	lined_paragraphs(r, v, "appeal", appeal_text(r));
	/* The text is Finnish on any page that is not Swedish. */
	tv_set(v, "appeal_lang", r->lang == LANG_SV ? "sv" : "fi");
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "decision") == 0)
		tv_set(v, "flash",
		    _("The award decision has been published and every bidder "
		      "notified."));
	return render(r, status, "award_decision", v, _("Award decision"));
}

int decision_page(struct req *r)
{
	decision_lang(r);
	struct ev_tender t;
	int rc = decision_gate(r, &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	return decision_render(r, &t, page_vars(r), 200);
}

/* --- POST /tenders/:id/decision/publish ---------------------------------- */

static const char SQL_PUBLISH[] =
    "INSERT INTO award_decisions(tender_id, published_at, published_by, "
    "standstill_end, reasoning_fi, reasoning_sv) VALUES (?,?,?,?,?,?)";
static const char SQL_AWARDED[] =
    "UPDATE tenders SET status = 'awarded', awarded_at = ? WHERE id = ? "
    "AND status = 'opened'";
static const char SQL_BIDDER_ORGS[] =
    "SELECT DISTINCT org_id FROM opening_lines WHERE tender_id = ? ORDER "
    "BY org_id";

/* The reasons the decision cannot be published, as one sentence each in
 * *why; returns their number, or -1. Rewrites every chosen lot's ranks
 * from the final scores on the way. */
static int publish_check(struct req *r, struct ev_data *d, const char **why)
{
	int n = 0;
	*why = "";
	for (size_t i = 0; i < d->nsubs; i++)
		if (!d->subs[i].excluded && !d->subs[i].qualified) {
			*why = _("Every bid must be qualified first.");
			n++;
		}
	for (size_t i = 0; i < d->nlots; i++) {
		struct ev_calc c;
		if (ev_lot_calc(r, d, &d->lots[i], &c))
			return -1;
		if (c.n == c.nexcluded)
			continue;
		if (!c.ready || !d->lots[i].chosen) {
			*why =
			    _("Every lot with bids in the competition must be "
			      "scored and its framework chosen first.");
			n++;
		} else if (store_ranks(r, &c, d->lots[i].framework_size) < 0)
			return -1;
	}
	return n;
}

/* The optional reasoning texts; 0, or the number of errors in v. */
static int reasoning_read(struct req *r, struct tvars *v)
{
	static const char *const f[] = {"reasoning_fi", "reasoning_sv"};
	int errors = 0;
	for (int i = 0; i < 2; i++) {
		const char *s = req_form_trim(r, f[i]);
		tv_set(v, arena_printf(r->a, "f_%s", f[i]), s);
		if (!valid_text(s, strlen(s), 0, 10000)) {
			field_error(v, f[i],
			    _("Write at most 10000 characters of text."));
			errors++;
		}
	}
	return errors;
}

static int notify_bidders(struct req *r, const struct ev_tender *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_BIDDER_ORGS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t->id);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	db_bind_int(st, 1, t->id);
	int64_t *orgs = arena_alloc(r->a, (n + 1) * sizeof(*orgs));
	size_t k = 0;
	while (k < n && sqlite3_step(st) == SQLITE_ROW)
		orgs[k++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	const char *link =
	    arena_printf(r->a, "/tenders/%lld/decision", (long long)t->id);
	for (size_t i = 0; i < k; i++)
		if (notify_org(r->db, r->now, orgs[i], link,
		        N_("The award decision for \"%s\" has been published."),
		        t->title_fi))
			return -1;
	return 0;
}

int decision_publish(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	int rc = ev_gate(r, &t, EV_EDIT);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (ev_data_load(r, &t, &d))
		return -1;
	const char *why;
	int problems = publish_check(r, &d, &why);
	if (problems < 0)
		return -1;
	if (problems) {
		r->rollback = 1;
		return ev_conflict(
		    r, &t, _("The decision cannot be published"), why);
	}
	struct tvars *v = page_vars(r);
	if (reasoning_read(r, v)) {
		r->rollback = 1;
		return decision_render(r, &t, v, 422);
	}
	char end[CAL_ISO_LEN];
	cal_format_iso(
	    end, sizeof(end), award_standstill_end(r->now, t.standstill_days));
	sqlite3_stmt *st = db_stmt(r->db, SQL_PUBLISH);
	if (st == NULL || end[0] == '\0')
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, r->user->id);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, tv_get(v, "f_reasoning_fi"));
	db_bind_text(st, 6, tv_get(v, "f_reasoning_sv"));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || (st = db_stmt(r->db, SQL_AWARDED)) == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(r->db) != 1 ||
	    notify_bidders(r, &t) ||
	    audit(r, "tender.award", ev_ref(r, "tender", t.id),
	        arena_printf(r->a, "standstill until %s", end)))
		return -1;
	return redirect(
	    r, arena_printf(r->a, "/tenders/%lld/decision?msg=decision",
	           (long long)t.id));
}
