/* evaluate.c: opening the bids, the opening record, the evaluation
 * overview, the tender page's evaluation section, and the loaders every
 * evaluation handler shares (evaluate.h).
 *
 * Sealed bids: before a tender's status is 'opened' nothing here reads a
 * bid; the pages answer 404 (no such tender, or never published) or 409
 * with a message that says nothing about bids, not even whether there
 * are any. After opening, the bids are those of the opening record. */
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "paikka/award.h"
#include "paikka/bid.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "tender_view.h"

/* --- small helpers ------------------------------------------------------ */

const char *ev_ref(struct req *r, const char *kind, int64_t id)
{
	return arena_printf(r->a, "%s:%lld", kind, (long long)id);
}

const char *ev_points(struct req *r, int64_t x100)
{
	char s[SCORE_FMT_LEN];
	return arena_strdup(r->a,
	    score_format(s, sizeof(s), x100, r->lang == LANG_EN ? '.' : ','));
}

void ev_paragraphs(
    struct req *r, struct tvars *v, const char *key, const char *text)
{
	struct tlist *l = tv_list(v, key);
	const char *p = text ? text : "";
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
		tv_set(tl_add(l), "text", arena_strndup(r->a, p, n));
		p += n;
	}
}

void ev_hash_parts(struct tvars *it, const char *hex)
{
	static const char *const keys[] = {"sha_a", "sha_b", "sha_c", "sha_d"};
	char part[17];
	size_t n = strlen(hex);
	for (size_t i = 0; i < 4; i++) {
		size_t at = i * 16 < n ? i * 16 : n;
		size_t len = n - at < 16 ? n - at : 16;
		memcpy(part, hex + at, len);
		part[len] = '\0';
		tv_set(it, keys[i], part);
	}
	tv_set(it, "sha256", hex);
}

/* --- the tender and its gate ---------------------------------------------- */

static const char SQL_TENDER[] =
    "SELECT t.id, t.status, t.title_fi, t.title_sv, "
    "coalesce(t.bids_deadline, 0), coalesce(t.published_at, 0), "
    "coalesce(t.opened_at, 0), coalesce(t.awarded_at, 0), "
    "coalesce(u.name, ''), t.standstill_days FROM tenders t LEFT JOIN "
    "users u ON u.id = t.opened_by WHERE t.id = ?";

int ev_tender_load(struct req *r, int64_t id, struct ev_tender *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_TENDER);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->status = arena_strdup(r->a, db_col_text(st, 1));
	t->title_fi = arena_strdup(r->a, db_col_text(st, 2));
	t->title_sv = arena_strdup(r->a, db_col_text(st, 3));
	t->bids_deadline = sqlite3_column_int64(st, 4);
	t->published_at = sqlite3_column_int64(st, 5);
	t->opened_at = sqlite3_column_int64(st, 6);
	t->awarded_at = sqlite3_column_int64(st, 7);
	t->opened_by = arena_strdup(r->a, db_col_text(st, 8));
	t->standstill_days = sqlite3_column_int(st, 9);
	sqlite3_reset(st);
	t->title = tender_text(r, t->title_fi, t->title_sv);
	t->awarded = strcmp(t->status, "awarded") == 0;
	t->opened = t->awarded || strcmp(t->status, "opened") == 0;
	return 0;
}

static int is_officer(struct req *r)
{
	return r->user && r->user->role == ROLE_OFFICER;
}

int ev_conflict(struct req *r, const struct ev_tender *t, const char *title,
    const char *message)
{
	struct tvars *v = page_vars(r);
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	tv_set(v, "message", message);
	return render(r, 409, "evaluate_closed", v, title);
}

/* The page for a tender whose bids have not been opened (409): why, and
 * for an officer after the deadline the button that opens them. Says
 * nothing about bids. */
static int closed_page(struct req *r, const struct ev_tender *t)
{
	struct tvars *v = page_vars(r);
	int published = strcmp(t->status, "published") == 0;
	int due = published && t->bids_deadline && r->now >= t->bids_deadline;
	tv_setf(v, "tender_id", "%lld", (long long)t->id);
	tv_set(v, "t_title", t->title);
	if (!published)
		tv_set(v, "message",
		    _("This tender was cancelled before its bids were "
		      "opened."));
	else if (!due)
		tv_set(v, "message",
		    arena_printf(r->a,
		        _("The bids are sealed until the deadline for bids, "
		          "%s. Nothing about them can be shown before they "
		          "have been opened."),
		        t->bids_deadline ? req_datetime(r, t->bids_deadline)
		                         : _("Not set")));
	else
		tv_set(v, "message",
		    _("The deadline for bids has passed, but the bids have not "
		      "been opened yet."));
	tv_bool(v, "can_open", due && is_officer(r));
	return render(r, 409, "evaluate_closed", v, _("The bids are not open"));
}

int ev_gate(struct req *r, struct ev_tender *t, enum ev_need need)
{
	int rc = ev_tender_load(r, r->params[0], t);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	if (t->published_at == 0)
		return not_found(r), 1;
	if (!t->opened)
		return closed_page(r, t), 1;
	if (need == EV_EDIT && t->awarded)
		return ev_conflict(r, t, _("The decision has been published"),
		           _("The evaluation can no longer be changed: the "
		             "award decision has been published.")),
		       1;
	return 0;
}

/* --- the submissions and lots ------------------------------------------- */

static const char SQL_NREQS[] =
    "SELECT count(*) FROM requirements WHERE tender_id = ?";
static const char SQL_SUBS[] =
    "SELECT ol.submission_id, ol.org_id, ol.bidder, ol.received_at, "
    "ol.sha256, ol.lots, (SELECT count(*) FROM qualifications q JOIN "
    "requirements rq ON rq.id = q.requirement_id WHERE q.submission_id = "
    "ol.submission_id AND rq.tender_id = ol.tender_id), (SELECT count(*) "
    "FROM qualifications q JOIN requirements rq ON rq.id = "
    "q.requirement_id WHERE q.submission_id = ol.submission_id AND "
    "rq.tender_id = ol.tender_id AND q.pass = 0) FROM opening_lines ol "
    "WHERE ol.tender_id = ? ORDER BY ol.received_at, ol.submission_id";
static const char SQL_LOTS[] =
    "SELECT l.id, l.number, l.title, l.pricing = 'fixed', "
    "coalesce(l.fixed_price_cents, 0), l.price_weight, a.lot_id IS NOT "
    "NULL, coalesce(a.framework_size, 0) FROM lots l LEFT JOIN lot_awards "
    "a ON a.lot_id = l.id WHERE l.tender_id = ? ORDER BY l.number";
static const char SQL_CRITERIA[] =
    "SELECT c.lot_id, c.id, c.number, c.description_fi, c.description_sv, "
    "c.max_points FROM criteria c JOIN lots l ON l.id = c.lot_id WHERE "
    "l.tender_id = ? ORDER BY l.number, c.number";

/* Steps st to its end and resets it; returns the number of rows. */
static size_t count_rows(sqlite3_stmt *st)
{
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	return n;
}

static int load_subs(struct req *r, struct ev_data *d)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_NREQS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, d->t->id);
	d->nreqs =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if ((st = db_stmt(r->db, SQL_SUBS)) == NULL)
		return -1;
	db_bind_int(st, 1, d->t->id);
	size_t n = count_rows(st);
	db_bind_int(st, 1, d->t->id);
	d->subs = arena_alloc(r->a, (n + 1) * sizeof(*d->subs));
	int rc;
	while (d->nsubs < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ev_sub *s = &d->subs[d->nsubs++];
		s->id = sqlite3_column_int64(st, 0);
		s->org_id = sqlite3_column_int64(st, 1);
		s->bidder = arena_strdup(r->a, db_col_text(st, 2));
		s->received_at = sqlite3_column_int64(st, 3);
		s->sha256 = arena_strdup(r->a, db_col_text(st, 4));
		s->lots = arena_strdup(r->a, db_col_text(st, 5));
		s->decided = sqlite3_column_int(st, 6);
		s->failed = sqlite3_column_int(st, 7);
		s->excluded = s->failed > 0;
		s->qualified = !s->excluded && s->decided >= d->nreqs;
	}
	sqlite3_reset(st);
	return 0;
}

static int load_criteria(struct req *r, struct ev_data *d)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CRITERIA);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, d->t->id);
	size_t n = count_rows(st);
	db_bind_int(st, 1, d->t->id);
	struct ev_crit *all = arena_alloc(r->a, (n + 1) * sizeof(*all));
	int *max = arena_alloc(r->a, (n + 1) * sizeof(*max));
	int64_t *lot_of = arena_alloc(r->a, (n + 1) * sizeof(*lot_of));
	size_t k = 0;
	while (k < n && sqlite3_step(st) == SQLITE_ROW) {
		lot_of[k] = sqlite3_column_int64(st, 0);
		all[k].id = sqlite3_column_int64(st, 1);
		all[k].number = sqlite3_column_int(st, 2);
		all[k].text = arena_strdup(r->a,
		    tender_text(r, db_col_text(st, 3), db_col_text(st, 4)));
		all[k].max_points = sqlite3_column_int(st, 5);
		max[k] = all[k].max_points;
		k++;
	}
	sqlite3_reset(st);
	/* Ordered by lot number like the lots: each lot's run is
	 * contiguous. */
	for (size_t i = 0, at = 0; i < d->nlots; i++) {
		struct ev_lot *l = &d->lots[i];
		while (at < k && lot_of[at] != l->id)
			at++;
		l->crits = &all[at];
		l->crit_max = &max[at];
		while (at < k && lot_of[at] == l->id) {
			l->ncrits++;
			at++;
		}
	}
	return 0;
}

static int load_lots(struct req *r, struct ev_data *d)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, d->t->id);
	size_t n = count_rows(st);
	db_bind_int(st, 1, d->t->id);
	d->lots = arena_alloc(r->a, (n + 1) * sizeof(*d->lots));
	while (d->nlots < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ev_lot *l = &d->lots[d->nlots++];
		l->id = sqlite3_column_int64(st, 0);
		l->number = sqlite3_column_int(st, 1);
		l->title = arena_strdup(r->a, db_col_text(st, 2));
		l->fixed = sqlite3_column_int(st, 3);
		l->fixed_cents = sqlite3_column_int64(st, 4);
		l->price_weight = sqlite3_column_int(st, 5);
		l->chosen = sqlite3_column_int(st, 6);
		l->framework_size = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	return load_criteria(r, d);
}

int ev_data_load(struct req *r, struct ev_tender *t, struct ev_data *d)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	return load_subs(r, d) || load_lots(r, d) ? -1 : 0;
}

struct ev_sub *ev_sub_find(const struct ev_data *d, int64_t id)
{
	for (size_t i = 0; i < d->nsubs; i++)
		if (d->subs[i].id == id)
			return &d->subs[i];
	return NULL;
}

struct ev_lot *ev_lot_find(const struct ev_data *d, int64_t id)
{
	for (size_t i = 0; i < d->nlots; i++)
		if (d->lots[i].id == id)
			return &d->lots[i];
	return NULL;
}

/* --- POST /tenders/:id/open ------------------------------------------------
 */

/* The current, valid submission of every bid: the bid's newest row, a
 * 'submit' not superseded, received before the deadline. */
static const char SQL_VALID[] =
    "SELECT s.id, b.org_id, o.name, s.received_at, s.sha256 FROM bids b "
    "JOIN bid_submissions s ON s.bid_id = b.id JOIN organisations o ON "
    "o.id = b.org_id WHERE b.tender_id = ?1 AND s.kind = 'submit' AND "
    "s.superseded_at IS NULL AND s.received_at < ?2 AND NOT EXISTS "
    "(SELECT 1 FROM bid_submissions s2 WHERE s2.bid_id = s.bid_id AND "
    "s2.id > s.id) ORDER BY s.received_at, s.id";
static const char SQL_SUB_LOTS[] =
    "SELECT l.number FROM submission_lots sl JOIN lots l ON l.id = "
    "sl.lot_id WHERE sl.submission_id = ? ORDER BY l.number";
static const char SQL_LINE[] =
    "INSERT INTO opening_lines(tender_id, submission_id, org_id, bidder, "
    "received_at, lots, sha256) VALUES (?,?,?,?,?,?,?)";
static const char SQL_OPENED[] =
    "UPDATE tenders SET status = 'opened', opened_at = ?, opened_by = ? "
    "WHERE id = ? AND status = 'published'";

struct line {
	int64_t sid, org, at;
	const char *bidder, *sha, *lots;
};

/* The lot numbers of submission sid as "1, 2", in the arena. */
static const char *sub_lots(struct req *r, int64_t sid)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SUB_LOTS);
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, sid);
	struct buf b;
	buf_init(&b);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buf_printf(
		    &b, "%s%d", b.len ? ", " : "", sqlite3_column_int(st, 0));
	sqlite3_reset(st);
	const char *out =
	    rc == SQLITE_DONE ? arena_strdup(r->a, b.data ? b.data : "") : NULL;
	buf_free(&b);
	return out;
}

static int insert_line(struct req *r, int64_t tender, const struct line *l)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LINE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender);
	db_bind_int(st, 2, l->sid);
	db_bind_int(st, 3, l->org);
	db_bind_text(st, 4, l->bidder);
	db_bind_int(st, 5, l->at);
	db_bind_text(st, 6, l->lots);
	db_bind_text(st, 7, l->sha);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the opening record of t; returns the number of lines, or -1. */
static int write_record(struct req *r, const struct ev_tender *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_VALID);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, t->bids_deadline);
	size_t n = count_rows(st);
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, t->bids_deadline);
	struct line *lines = arena_alloc(r->a, (n + 1) * sizeof(*lines));
	size_t k = 0;
	while (k < n && sqlite3_step(st) == SQLITE_ROW) {
		lines[k].sid = sqlite3_column_int64(st, 0);
		lines[k].org = sqlite3_column_int64(st, 1);
		lines[k].bidder = arena_strdup(r->a, db_col_text(st, 2));
		lines[k].at = sqlite3_column_int64(st, 3);
		lines[k].sha = arena_strdup(r->a, db_col_text(st, 4));
		k++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < k; i++) {
		if ((lines[i].lots = sub_lots(r, lines[i].sid)) == NULL ||
		    insert_line(r, t->id, &lines[i]))
			return -1;
	}
	return (int)k;
}

int tender_open(struct req *r)
{
	struct ev_tender t;
	int rc = ev_tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (t.published_at == 0)
		return not_found(r);
	if (t.opened)
		return ev_conflict(r, &t, _("The bids have been opened"),
		    _("The bids of this tender have already been opened."));
	if (strcmp(t.status, "published") != 0)
		return ev_conflict(r, &t, _("The tender has been cancelled"),
		    _("This tender was cancelled before its bids were "
		      "opened."));
	if (t.bids_deadline == 0 || r->now < t.bids_deadline)
		return ev_conflict(r, &t, _("The deadline has not passed"),
		    arena_printf(r->a,
		        _("The bids cannot be opened before the deadline for "
		          "bids, %s."),
		        t.bids_deadline ? req_datetime(r, t.bids_deadline)
		                        : _("Not set")));
	int n = write_record(r, &t);
	if (n < 0)
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_OPENED);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, r->user->id);
	db_bind_int(st, 3, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(r->db) != 1 ||
	    audit(r, "tender.open", ev_ref(r, "tender", t.id),
	        arena_printf(r->a, "%d bids", n)))
		return -1;
	return redirect(
	    r, arena_printf(
	           r->a, "/tenders/%lld/opening?msg=opened", (long long)t.id));
}

/* --- GET /tenders/:id/opening ----------------------------------------------
 */

static const char SQL_LINES[] =
    "SELECT ol.submission_id, ol.bidder, ol.received_at, ol.lots, "
    "ol.sha256, coalesce(s.content, ''), coalesce(s.sha256, '') FROM "
    "opening_lines ol LEFT JOIN bid_submissions s ON s.id = "
    "ol.submission_id WHERE ol.tender_id = ?1 AND (?2 = 0 OR ol.org_id = "
    "?2) ORDER BY ol.received_at, ol.submission_id";

/* One line of the record; the hash is checked against the stored
 * submission, so a changed row shows. */
static void line_vars(
    struct req *r, struct tvars *it, sqlite3_stmt *st, int64_t tender)
{
	const char *sha = db_col_text(st, 4);
	const char *content = db_col_text(st, 5);
	char now[65];
	bid_hash(content, strlen(content), now);
	tv_set(it, "sid", db_col_text(st, 0));
	tv_set(it, "bidder", db_col_text(st, 1));
	tv_set(it, "received", req_datetime(r, sqlite3_column_int64(st, 2)));
	tv_set(it, "lots", db_col_text(st, 3));
	ev_hash_parts(it, sha);
	tv_bool(it, "verified",
	    strcmp(now, sha) == 0 && strcmp(db_col_text(st, 6), sha) == 0);
	tv_setf(it, "receipt_href", "/tenders/%lld/bid/receipts/%s",
	    (long long)tender, db_col_text(st, 0));
}

int opening_page(struct req *r)
{
	struct ev_tender t;
	int rc = ev_tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (t.published_at == 0)
		return not_found(r);
	if (!t.opened)
		return closed_page(r, &t);
	int provider = r->user->role == ROLE_PROVIDER;
	if (provider && r->user->org_id == 0)
		return not_found(r);
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "lines");
	sqlite3_stmt *st = db_stmt(r->db, SQL_LINES);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, provider ? r->user->org_id : 0);
	int n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		line_vars(r, tl_add(l), st, t.id);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* A provider without a line has nothing to see here. */
	if (provider && n == 0)
		return not_found(r);
	tv_setf(v, "tender_id", "%lld", (long long)t.id);
	tv_set(v, "t_title", t.title);
	tv_set(v, "deadline", req_datetime(r, t.bids_deadline));
	tv_set(v, "opened_at", req_datetime(r, t.opened_at));
	tv_set(v, "opened_by", t.opened_by);
	tv_bool(v, "own_only", provider);
	tv_bool(v, "manage", is_officer(r));
	tv_setf(v, "n_lines", "%d", n);
	tv_bool(v, "awarded", t.awarded);
	const char *msg = req_query(r, "msg");
	if (msg && strcmp(msg, "opened") == 0)
		tv_set(v, "flash",
		    _("The bids have been opened and the opening record "
		      "written."));
	return render(r, 200, "opening", v, _("Opening record"));
}

/* --- GET /tenders/:id/evaluation ----------------------------------------- */

static const char SQL_QUALS[] =
    "SELECT q.submission_id, rq.id, q.pass FROM qualifications q JOIN "
    "requirements rq ON rq.id = q.requirement_id JOIN opening_lines ol ON "
    "ol.submission_id = q.submission_id AND ol.tender_id = rq.tender_id "
    "WHERE rq.tender_id = ?";
static const char SQL_REQS[] =
    "SELECT id, number FROM requirements WHERE tender_id = ? ORDER BY "
    "number";

struct qual {
	int64_t sub, req;
	int pass;
};

/* Every decision of the tender into *out; returns their number or -1. */
static int load_quals(struct req *r, int64_t tender, struct qual **out)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_QUALS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender);
	size_t n = count_rows(st);
	db_bind_int(st, 1, tender);
	*out = arena_alloc(r->a, (n + 1) * sizeof(**out));
	size_t k = 0;
	while (k < n && sqlite3_step(st) == SQLITE_ROW) {
		(*out)[k].sub = sqlite3_column_int64(st, 0);
		(*out)[k].req = sqlite3_column_int64(st, 1);
		(*out)[k].pass = sqlite3_column_int(st, 2);
		k++;
	}
	sqlite3_reset(st);
	return (int)k;
}

/* The cell of requirement req of submission sub: "pass", "fail" or "". */
static const char *qual_of(
    const struct qual *q, int n, int64_t sub, int64_t req)
{
	for (int i = 0; i < n; i++)
		if (q[i].sub == sub && q[i].req == req)
			return q[i].pass ? "pass" : "fail";
	return "";
}

static const char *sub_state(const struct ev_sub *s)
{
	if (s->excluded)
		return _("Excluded");
	if (s->qualified)
		return _("Qualified");
	return _("Not yet qualified");
}

static int overview_subs(struct req *r, struct ev_data *d, struct tvars *v)
{
	struct tlist *heads = tv_list(v, "req_heads");
	sqlite3_stmt *st = db_stmt(r->db, SQL_REQS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, d->t->id);
	size_t max = (size_t)(d->nreqs > 0 ? d->nreqs : 0);
	int64_t *ids = arena_alloc(r->a, (max + 1) * sizeof(*ids));
	size_t nreq = 0;
	while (nreq < max && sqlite3_step(st) == SQLITE_ROW) {
		ids[nreq++] = sqlite3_column_int64(st, 0);
		tv_setf(tl_add(heads), "label", _("Requirement %d"),
		    sqlite3_column_int(st, 1));
	}
	sqlite3_reset(st);
	struct qual *quals;
	int nq = load_quals(r, d->t->id, &quals);
	if (nq < 0)
		return -1;
	struct tlist *l = tv_list(v, "subs");
	for (size_t i = 0; i < d->nsubs; i++) {
		struct ev_sub *s = &d->subs[i];
		struct tvars *it = tl_add(l);
		tv_setf(it, "sid", "%lld", (long long)s->id);
		tv_set(it, "bidder", s->bidder);
		tv_set(it, "received", req_datetime(r, s->received_at));
		tv_set(it, "lots", s->lots);
		tv_set(it, "state", sub_state(s));
		tv_bool(it, "excluded", s->excluded);
		struct tlist *cells = tv_list(it, "cells");
		for (size_t k = 0; k < nreq; k++) {
			const char *q = qual_of(quals, nq, s->id, ids[k]);
			struct tvars *c = tl_add(cells);
			tv_set(c, "text",
			    *q == 'p'   ? _("Pass")
			    : *q == 'f' ? _("Fail")
			                : "–");
			tv_bool(c, "fail", *q == 'f');
		}
	}
	return 0;
}

/* The state of lot c as a sentence, for the overview and the tender
 * page. */
static const char *lot_state(struct req *r, const struct ev_calc *c)
{
	if (c->n == 0)
		return _("No bids.");
	if (c->status != SCORE_OK)
		return _(score_status_text(c->status));
	if (!c->ready)
		return arena_printf(r->a,
		    _("Evaluation in progress: %zu of %zu bids still to be "
		      "qualified or scored."),
		    c->npending, c->n);
	if (c->nranked == 0)
		return _("Every bid was excluded.");
	if (!c->lot->chosen)
		return _("Evaluated; the framework has not been chosen yet.");
	if (c->lot->framework_size == 0)
		return _("Framework: every qualified bidder.");
	return arena_printf(r->a, _("Framework: the best %lld."),
	    (long long)c->lot->framework_size);
}

static int overview_lots(struct req *r, struct ev_data *d, struct tvars *v)
{
	struct tlist *l = tv_list(v, "lots");
	for (size_t i = 0; i < d->nlots; i++) {
		struct ev_calc c;
		if (ev_lot_calc(r, d, &d->lots[i], &c))
			return -1;
		struct tvars *it = tl_add(l);
		tv_setf(it, "lot_id", "%lld", (long long)d->lots[i].id);
		tv_setf(it, "number", "%d", d->lots[i].number);
		tv_set(it, "lot_title", d->lots[i].title);
		tv_setf(it, "n_bids", "%zu", c.n);
		tv_set(it, "state", lot_state(r, &c));
		tv_bool(it, "has_bids", c.n > 0);
	}
	return 0;
}

int evaluation_page(struct req *r)
{
	struct ev_tender t;
	struct ev_data d;
	int rc = ev_gate(r, &t, EV_READ);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (ev_data_load(r, &t, &d))
		return -1;
	struct tvars *v = page_vars(r);
	tv_setf(v, "tender_id", "%lld", (long long)t.id);
	tv_set(v, "t_title", t.title);
	tv_set(v, "opened_at", req_datetime(r, t.opened_at));
	tv_bool(v, "awarded", t.awarded);
	if (overview_subs(r, &d, v) || overview_lots(r, &d, v))
		return -1;
	return render(r, 200, "evaluate_overview", v, _("Evaluation"));
}

/* --- the tender page's section ------------------------------------------- */

static const char SQL_HAS_LINE[] =
    "SELECT 1 FROM opening_lines WHERE tender_id = ? AND org_id = ?";
static const char SQL_DECISION[] =
    "SELECT standstill_end FROM award_decisions WHERE tender_id = ?";

int ev_is_bidder(struct req *r, int64_t tender)
{
	if (r->user->org_id == 0)
		return 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_HAS_LINE);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender);
	db_bind_int(st, 2, r->user->org_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Each lot's state after the decision: its framework, and whether the
 * standstill period has run out. */
static int decided_lots(struct req *r, struct ev_tender *t, struct tvars *v)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DECISION);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t->id);
	const char *end = sqlite3_step(st) == SQLITE_ROW
	                      ? arena_strdup(r->a, db_col_text(st, 0))
	                      : "";
	sqlite3_reset(st);
	char shown[32];
	int ready = award_ready_for_contracts(end, r->now);
	tv_set(v, "ev_standstill_end", fmt_isodate(shown, sizeof(shown), end));
	tv_bool(v, "ev_ready", ready);
	struct ev_data d;
	if (ev_data_load(r, t, &d))
		return -1;
	struct tlist *l = tv_list(v, "ev_lots");
	for (size_t i = 0; i < d.nlots; i++) {
		struct ev_calc c;
		if (ev_lot_calc(r, &d, &d.lots[i], &c))
			return -1;
		struct tvars *it = tl_add(l);
		size_t winners = 0;
		for (size_t k = 0; k < c.n; k++)
			winners += c.e[k].stored_selected != 0;
		tv_setf(it, "number", "%d", d.lots[i].number);
		tv_set(it, "lot_title", d.lots[i].title);
		if (winners == 0)
			tv_set(it, "state", _("Not awarded."));
		else if (ready)
			tv_set(it, "state",
			    arena_printf(r->a,
			        _("Framework of %zu; ready for contracts."),
			        winners));
		else
			tv_set(it, "state",
			    arena_printf(r->a,
			        _("Framework of %zu; standstill period until "
			          "%s."),
			        winners, shown));
	}
	return 0;
}

int evaluation_tender_vars(struct req *r, struct tvars *v, int64_t tender_id)
{
	struct ev_tender t;
	if (r->user == NULL)
		return 0;
	int rc = ev_tender_load(r, tender_id, &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	unsigned role = r->user->role;
	int published = strcmp(t.status, "published") == 0;
	tv_setf(v, "ev_tender_id", "%lld", (long long)t.id);
	if (role == ROLE_OFFICER && published && t.bids_deadline &&
	    r->now >= t.bids_deadline) {
		tv_bool(v, "ev_section", 1);
		tv_bool(v, "ev_can_open", 1);
		tv_set(v, "ev_nonce", req_nonce(r));
		return 0;
	}
	if (!t.opened)
		return 0;
	int bidder = 0;
	if (role == ROLE_PROVIDER && (bidder = ev_is_bidder(r, t.id)) < 0)
		return -1;
	if (role != ROLE_OFFICER && role != ROLE_ADMIN && !bidder)
		return 0;
	tv_bool(v, "ev_section", 1);
	tv_bool(v, "ev_opened", 1);
	tv_bool(v, "ev_officer", role == ROLE_OFFICER);
	tv_bool(v, "ev_awarded", t.awarded);
	tv_bool(v, "ev_decision_link", role == ROLE_OFFICER || t.awarded);
	return t.awarded ? decided_lots(r, &t, v) : 0;
}
