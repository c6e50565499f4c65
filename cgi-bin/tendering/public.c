/* public.c: the list of tenders, the tender page and its documents.
 *
 * Anyone reads a tender once it has been published; drafts (and drafts
 * cancelled before publishing) exist only for officers and
 * administrators. Officers get the management sections on the same page.
 * Nothing here reads bids: the page shows no sign of them. */
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/files.h"
#include "paikka/tmpl.h"
#include "tender_view.h"
#include "tendering.h"

enum { MAX_LOTS = 99 };

static const char SQL_TENDER[] =
    "SELECT id, status, title_fi, title_sv, description_fi, description_sv, "
    "contract_start, contract_end, extension_options, "
    "coalesce(questions_deadline, 0), coalesce(bids_deadline, 0), "
    "coalesce(published_at, 0), coalesce(cancelled_at, 0), cancel_reason "
    "FROM tenders WHERE id = ?";

int tender_load(struct req *r, int64_t id, struct tender_row *t)
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
	const char **text[] = {&t->status, &t->title_fi, &t->title_sv,
	    &t->description_fi, &t->description_sv, &t->contract_start,
	    &t->contract_end, &t->extension_options};
	t->id = sqlite3_column_int64(st, 0);
	for (int i = 0; i < 8; i++)
		*text[i] = arena_strdup(r->a, db_col_text(st, i + 1));
	t->questions_deadline = sqlite3_column_int64(st, 9);
	t->bids_deadline = sqlite3_column_int64(st, 10);
	t->published_at = sqlite3_column_int64(st, 11);
	t->cancelled_at = sqlite3_column_int64(st, 12);
	t->cancel_reason = arena_strdup(r->a, db_col_text(st, 13));
	sqlite3_reset(st);
	return 0;
}

const char *tender_text(struct req *r, const char *fi, const char *sv)
{
	return r->lang == LANG_SV && sv && *sv ? sv : fi;
}

/* Officers and administrators see drafts; everyone else only tenders
 * that have been published (later cancelled ones included). */
static int may_see(struct req *r, const struct tender_row *t)
{
	unsigned role = r->user ? r->user->role : ROLE_ANON;
	return t->published_at != 0 ||
	       (role & (ROLE_OFFICER | ROLE_ADMIN)) != 0;
}

static int is_officer(struct req *r)
{
	return r->user && r->user->role == ROLE_OFFICER;
}

static const char *status_label(
    const char *status, int64_t bids_deadline, int64_t now)
{
	if (strcmp(status, "draft") == 0)
		return _("Draft");
	if (strcmp(status, "published") == 0)
		return bids_deadline > now ? _("Open for bids")
		                           : _("Bids deadline passed");
	if (strcmp(status, "opened") == 0)
		return _("Bids opened");
	if (strcmp(status, "awarded") == 0)
		return _("Awarded");
	return _("Cancelled");
}

/* --- the list ----------------------------------------------------------- */

/* Published tenders a page at a time: open ones first, then the newest
 * deadlines. One row more than a page tells whether a next page exists. */
enum { LIST_PAGE = 50 };
/* INDEXED BY: without ANALYZE statistics SQLite would pick
 * tenders_status and sort (migration 0012). */
static const char SQL_LIST_PUBLIC[] =
    "SELECT id, title_fi, title_sv, coalesce(bids_deadline, 0), status "
    "FROM tenders INDEXED BY tenders_public WHERE status IN ('published', "
    "'opened', 'awarded') "
    "ORDER BY status <> 'published', bids_deadline DESC, id DESC "
    "LIMIT 51 OFFSET ?1";
static const char SQL_LIST_OTHER[] =
    "SELECT id, title_fi, title_sv, coalesce(bids_deadline, 0), status, "
    "created_at FROM tenders WHERE status IN ('draft', 'cancelled') "
    "ORDER BY status <> 'draft', created_at DESC, id DESC";

/* Lists at most max rows of sql (?1 = offset when it has one); returns
 * the rows read, or -1. */
static int list_rows(struct req *r, struct tvars *v, const char *sql,
    const char *key, int64_t offset, int max)
{
	struct tlist *l = tv_list(v, key);
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(st) > 0)
		db_bind_int(st, 1, offset);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++n > max)
			continue;
		struct tvars *it = tl_add(l);
		int64_t deadline = sqlite3_column_int64(st, 3);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "title",
		    tender_text(r, db_col_text(st, 1), db_col_text(st, 2)));
		tv_set(it, "deadline",
		    deadline ? req_datetime(r, deadline) : _("Not set"));
		tv_set(it, "status",
		    status_label(db_col_text(st, 4), deadline, r->now));
		if (sqlite3_column_count(st) > 5)
			tv_set(it, "created",
			    req_date(r, sqlite3_column_int64(st, 5)));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int tenders_list(struct req *r)
{
	struct tvars *v = page_vars(r);
	unsigned role = r->user ? r->user->role : ROLE_ANON;
	long page;
	if (req_page(r, &page))
		return bad_request(r, 400, _("The page number is not valid."));
	/* The same list within the same second (a status depends on the
	 * time) while the database is unchanged: as rendered before. */
	const char *title = _("Tenders");
	const char *key = arena_printf(r->a, "tenders %d %u %ld %lld",
	    (int)r->lang, role, page, (long long)r->now);
	int kept = render_kept(r, v, title, key);
	if (kept != 0)
		return kept > 0 ? 0 : -1;
	int n = list_rows(r, v, SQL_LIST_PUBLIC, "tenders",
	    (int64_t)(page - 1) * LIST_PAGE, LIST_PAGE);
	if (n < 0)
		return -1;
	if (page > 1 && n == 0)
		return not_found(r);
	pager_vars(v, page, n > LIST_PAGE);
	if (page == 1 && role & (ROLE_OFFICER | ROLE_ADMIN)) {
		tv_bool(v, "staff_view", 1);
		if (list_rows(r, v, SQL_LIST_OTHER, "others", 0, 1000) < 0)
			return -1;
	}
	return render_keep(r, 200, "tender_list", v, title, key);
}

/* --- the page ----------------------------------------------------------- */

/* Splits text into paragraphs at blank lines. */
static void paragraphs(
    struct req *r, struct tvars *v, const char *key, const char *text)
{
	struct tlist *l = tv_list(v, key);
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
		tv_set(tl_add(l), "text", arena_strndup(r->a, p, n));
		p += n;
	}
}

/* "12,3 kB", "1,5 MB" (decimal point in English). */
static const char *file_size(struct req *r, int64_t bytes)
{
	int mb = bytes >= 1024 * 1024;
	int64_t tenths =
	    (bytes * 10 + (mb ? 524288 : 512)) / (mb ? 1024 * 1024 : 1024);
	return arena_printf(r->a, "%lld%c%lld %s", (long long)(tenths / 10),
	    r->lang == LANG_EN ? '.' : ',', (long long)(tenths % 10),
	    mb ? "MB" : "kB");
}

/* The 64 hex digits in four groups, so the page can wrap between them
 * (<wbr>) while a copied hash stays whole. */
static void hash_parts(struct tvars *it, const char *hex)
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

static const char *form_label(const char *form)
{
	if (strcmp(form, "individual") == 0)
		return _("Individual");
	if (strcmp(form, "group") == 0)
		return _("Group");
	return _("Individual or group");
}

static void tender_facts(
    struct req *r, const struct tender_row *t, struct tvars *v)
{
	char d[32];
	tv_setf(v, "id", "%lld", (long long)t->id);
	tv_set(v, "t_title", tender_text(r, t->title_fi, t->title_sv));
	paragraphs(r, v, "description",
	    tender_text(r, t->description_fi, t->description_sv));
	tv_set(
	    v, "contract_start", fmt_isodate(d, sizeof(d), t->contract_start));
	tv_set(v, "contract_end", fmt_isodate(d, sizeof(d), t->contract_end));
	tv_set(v, "extension_options", t->extension_options);
	if (t->questions_deadline)
		tv_set(v, "questions_deadline",
		    req_datetime(r, t->questions_deadline));
	if (t->bids_deadline)
		tv_set(v, "bids_deadline", req_datetime(r, t->bids_deadline));
	if (t->published_at)
		tv_set(v, "published", req_datetime(r, t->published_at));
	tv_set(v, "status", status_label(t->status, t->bids_deadline, r->now));
	tv_bool(v, "is_draft", strcmp(t->status, "draft") == 0);
	tv_bool(v, "is_cancelled", strcmp(t->status, "cancelled") == 0);
	if (t->cancelled_at) {
		tv_set(v, "cancelled", req_datetime(r, t->cancelled_at));
		tv_set(v, "cancel_reason", t->cancel_reason);
	}
}

static const char SQL_LOTS[] =
    "SELECT l.id, l.number, l.title, st.name_fi, st.name_sv, st.name_en, "
    "l.form, l.est_days_per_year, l.pricing, "
    "coalesce(l.fixed_price_cents, 0), coalesce(l.ceiling_cents, 0), "
    "l.price_weight, (SELECT coalesce(sum(max_points), 0) FROM criteria c "
    "WHERE c.lot_id = l.id) FROM lots l JOIN service_types st ON "
    "st.id = l.service_type_id WHERE l.tender_id = ? ORDER BY l.number";
static const char SQL_LOT_MUNIS[] =
    "SELECT lm.lot_id, m.name_fi, m.name_sv FROM lot_municipalities lm "
    "JOIN lots l ON l.id = lm.lot_id JOIN municipalities m ON "
    "m.id = lm.municipality_id WHERE l.tender_id = ? ORDER BY m.name_fi";
static const char SQL_CRITERIA[] =
    "SELECT c.lot_id, c.number, c.description_fi, c.description_sv, "
    "c.max_points FROM criteria c JOIN lots l ON l.id = c.lot_id "
    "WHERE l.tender_id = ? ORDER BY l.number, c.number";

struct lot_ref {
	int64_t id;
	struct tvars *item;
	const char *munis;
};

static struct tvars *lot_item(struct lot_ref *refs, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (refs[i].id == id)
			return refs[i].item;
	return NULL;
}

static const char *service_name(struct req *r, sqlite3_stmt *st, int col)
{
	int i = r->lang == LANG_SV ? 1 : r->lang == LANG_EN ? 2 : 0;
	return db_col_text(st, col + i);
}

static void lot_vars(
    struct req *r, struct tvars *it, sqlite3_stmt *st, int64_t tender_id)
{
	int fixed = strcmp(db_col_text(st, 8), "fixed") == 0;
	int64_t ceiling = sqlite3_column_int64(st, 10);
	tv_set(it, "lot_id", db_col_text(st, 0));
	tv_set(it, "number", db_col_text(st, 1));
	tv_set(it, "lot_title", db_col_text(st, 2));
	tv_set(it, "service", service_name(r, st, 3));
	tv_set(it, "form", form_label(db_col_text(st, 6)));
	tv_set(it, "est_days", db_col_text(st, 7));
	tv_bool(it, "fixed", fixed);
	if (fixed)
		tv_set(it, "pricing",
		    arena_printf(r->a,
		        _("Fixed price %s per day; the competition is on "
		          "quality only."),
		        req_money(r, sqlite3_column_int64(st, 9))));
	else if (ceiling)
		tv_set(it, "pricing",
		    arena_printf(r->a,
		        _("Price offered by the bidder, at most %s per day."),
		        req_money(r, ceiling)));
	else
		tv_set(it, "pricing", _("Price offered by the bidder."));
	tv_set(it, "price_weight", db_col_text(st, 11));
	tv_setf(it, "points_sum", "%d",
	    sqlite3_column_int(st, 11) + sqlite3_column_int(st, 12));
	tv_setf(it, "lot_href", "/tenders/%lld/lots/%s", (long long)tender_id,
	    db_col_text(st, 0));
	tv_set(it, "munis", "");
}

/* The lots with their municipalities and criteria into v's "lots". */
static int lots_vars(struct req *r, int64_t tender_id, struct tvars *v)
{
	struct lot_ref refs[MAX_LOTS];
	int n = 0;
	struct tlist *l = tv_list(v, "lots");
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (n < MAX_LOTS && sqlite3_step(st) == SQLITE_ROW) {
		refs[n].id = sqlite3_column_int64(st, 0);
		refs[n].item = tl_add(l);
		refs[n].munis = NULL;
		lot_vars(r, refs[n].item, st, tender_id);
		tv_list(refs[n].item, "criteria");
		n++;
	}
	sqlite3_reset(st);
	if ((st = db_stmt(r->db, SQL_LOT_MUNIS)) == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = r->lang == LANG_SV ? db_col_text(st, 2)
		                                      : db_col_text(st, 1);
		for (int i = 0; i < n; i++) {
			if (refs[i].id != id)
				continue;
			refs[i].munis = refs[i].munis
			                    ? arena_printf(r->a, "%s, %s",
			                          refs[i].munis, name)
			                    : arena_strdup(r->a, name);
			tv_set(refs[i].item, "munis", refs[i].munis);
		}
	}
	sqlite3_reset(st);
	if ((st = db_stmt(r->db, SQL_CRITERIA)) == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *lot =
		    lot_item(refs, n, sqlite3_column_int64(st, 0));
		if (lot == NULL)
			continue;
		struct tvars *c = tl_add(tv_list(lot, "criteria"));
		tv_set(c, "number", db_col_text(st, 1));
		tv_set(c, "text",
		    tender_text(r, db_col_text(st, 2), db_col_text(st, 3)));
		tv_set(c, "points", db_col_text(st, 4));
	}
	sqlite3_reset(st);
	tv_setf(v, "n_lots", "%d", n);
	return 0;
}

static const char SQL_REQUIREMENTS[] =
    "SELECT id, number, text_fi, text_sv, needs_attachment FROM "
    "requirements WHERE tender_id = ? ORDER BY number";
static const char SQL_DOCUMENTS[] =
    "SELECT f.id, d.title, f.filename, f.size, f.sha256 FROM "
    "tender_documents d JOIN files f ON f.id = d.file_id WHERE "
    "d.tender_id = ? ORDER BY f.id";

static int requirements_vars(
    struct req *r, int64_t tender_id, struct tvars *v, int editable)
{
	struct tlist *l = tv_list(v, "requirements");
	sqlite3_stmt *st = db_stmt(r->db, SQL_REQUIREMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "req_id", db_col_text(st, 0));
		tv_set(it, "number", db_col_text(st, 1));
		tv_set(it, "text",
		    tender_text(r, db_col_text(st, 2), db_col_text(st, 3)));
		tv_bool(it, "attachment", sqlite3_column_int(st, 4));
		if (editable)
			tv_set(it, "nonce", req_nonce(r));
	}
	sqlite3_reset(st);
	return 0;
}

static int documents_vars(
    struct req *r, int64_t tender_id, struct tvars *v, int editable)
{
	struct tlist *l = tv_list(v, "documents");
	sqlite3_stmt *st = db_stmt(r->db, SQL_DOCUMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		const char *title = db_col_text(st, 1);
		tv_set(it, "file_id", db_col_text(st, 0));
		tv_set(it, "name", *title ? title : db_col_text(st, 2));
		tv_set(it, "filename", db_col_text(st, 2));
		tv_set(it, "size", file_size(r, sqlite3_column_int64(st, 3)));
		hash_parts(it, db_col_text(st, 4));
		tv_setf(it, "href", "/tenders/%lld/files/%s",
		    (long long)tender_id, db_col_text(st, 0));
		if (editable)
			tv_set(it, "nonce", req_nonce(r));
	}
	sqlite3_reset(st);
	return 0;
}

static const char SQL_AMENDMENTS[] =
    "SELECT published_at, text_fi, text_sv, coalesce(old_bids_deadline, 0), "
    "coalesce(new_bids_deadline, 0) FROM amendments WHERE tender_id = ? "
    "ORDER BY published_at, id";
/* Answered questions: never who asked. */
static const char SQL_ANSWERED[] =
    "SELECT question, answer, asked_at, answered_at FROM questions "
    "WHERE tender_id = ? AND answered_at IS NOT NULL ORDER BY answered_at, "
    "id";

static int amendments_vars(struct req *r, int64_t tender_id, struct tvars *v)
{
	struct tlist *l = tv_list(v, "amendments");
	sqlite3_stmt *st = db_stmt(r->db, SQL_AMENDMENTS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		int64_t old = sqlite3_column_int64(st, 3);
		int64_t new = sqlite3_column_int64(st, 4);
		tv_set(
		    it, "date", req_datetime(r, sqlite3_column_int64(st, 0)));
		paragraphs(r, it, "paras",
		    tender_text(r, db_col_text(st, 1), db_col_text(st, 2)));
		if (new)
			tv_set(it, "deadline_moved",
			    arena_printf(r->a,
			        _("The deadline for bids was moved from %s to "
			          "%s."),
			        req_datetime(r, old), req_datetime(r, new)));
	}
	sqlite3_reset(st);
	return 0;
}

static int answered_vars(struct req *r, int64_t tender_id, struct tvars *v)
{
	struct tlist *l = tv_list(v, "answered");
	sqlite3_stmt *st = db_stmt(r->db, SQL_ANSWERED);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tender_id);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_setf(it, "n", "%d", ++n);
		paragraphs(r, it, "question", db_col_text(st, 0));
		paragraphs(r, it, "answer", db_col_text(st, 1));
		tv_set(
		    it, "asked", req_datetime(r, sqlite3_column_int64(st, 2)));
		tv_set(it, "answered_at",
		    req_datetime(r, sqlite3_column_int64(st, 3)));
	}
	sqlite3_reset(st);
	return 0;
}

/* Unanswered questions with the asker's organisation: officers only. */
static const char SQL_UNANSWERED[] =
    "SELECT q.id, q.question, q.asked_at, o.name FROM questions q JOIN "
    "organisations o ON o.id = q.org_id WHERE q.tender_id = ? AND "
    "q.answered_at IS NULL ORDER BY q.asked_at, q.id";

static int unanswered_vars(
    struct req *r, const struct tender_row *t, struct tvars *v)
{
	struct tlist *l = tv_list(v, "unanswered");
	const char *err_q = tv_get(v, "answer_qid");
	int can = strcmp(t->status, "published") == 0;
	sqlite3_stmt *st = db_stmt(r->db, SQL_UNANSWERED);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "q_id", db_col_text(st, 0));
		paragraphs(r, it, "question", db_col_text(st, 1));
		tv_set(it, "asked_by",
		    arena_printf(r->a, _("Asked by %s on %s"),
		        db_col_text(st, 3),
		        req_datetime(r, sqlite3_column_int64(st, 2))));
		tv_bool(it, "can_answer", can);
		tv_set(it, "nonce", req_nonce(r));
		if (err_q && strcmp(err_q, db_col_text(st, 0)) == 0) {
			tv_set(it, "err_answer", tv_get(v, "answer_err"));
			tv_set(it, "f_answer", tv_get(v, "answer_typed"));
		}
	}
	sqlite3_reset(st);
	return 0;
}

/* The officer's forms: which apply in this state, one nonce each. */
static int officer_vars(
    struct req *r, const struct tender_row *t, struct tvars *v)
{
	int draft = strcmp(t->status, "draft") == 0;
	int published = strcmp(t->status, "published") == 0;
	tv_bool(v, "manage", 1);
	tv_bool(v, "editable", draft);
	tv_bool(v, "can_amend", published && t->bids_deadline > r->now);
	tv_bool(v, "can_cancel", draft || published);
	const char *nonces[] = {"nonce_lot", "nonce_req", "nonce_doc",
	    "nonce_publish", "nonce_amend", "nonce_cancel"};
	for (int i = 0; i < 6; i++)
		tv_set(v, nonces[i], req_nonce(r));
	if (draft) {
		if (tv_get(v, "f_lot_pricing") == NULL)
			tv_set(v, "f_lot_pricing", "bid");
		if (lot_form_lists(r, v))
			return -1;
		if (tender_problems(r, t, v) < 0)
			return -1;
	}
	return unanswered_vars(r, t, v);
}

int tender_page_render(
    struct req *r, const struct tender_row *t, struct tvars *v, int status)
{
	int officer = is_officer(r);
	int editable = officer && strcmp(t->status, "draft") == 0;
	tender_facts(r, t, v);
	if (lots_vars(r, t->id, v) ||
	    requirements_vars(r, t->id, v, editable) ||
	    documents_vars(r, t->id, v, editable) ||
	    amendments_vars(r, t->id, v) || answered_vars(r, t->id, v))
		return -1;
	if (officer && officer_vars(r, t, v))
		return -1;
	if (r->user && r->user->role == ROLE_PROVIDER && t->published_at &&
	    bid_tender_vars(r, v, t->id))
		return -1;
	/* Opening, evaluation and award state: evaluate.c decides who sees
	 * what, and shows nothing of bids before the deadline. */
	if (r->user && evaluation_tender_vars(r, v, t->id))
		return -1;
	return render(r, status, "tender", v, tv_get(v, "t_title"));
}

int tender_page_again(struct req *r, int64_t id, struct tvars *v, int status)
{
	struct tender_row t;
	int rc = tender_load(r, id, &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	return tender_page_render(r, &t, v, status);
}

int tender_page(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc < 0)
		return -1;
	if (rc > 0 || !may_see(r, &t))
		return not_found(r);
	return tender_page_render(r, &t, page_vars(r), 200);
}

static const char SQL_DOCUMENT_OF[] =
    "SELECT 1 FROM tender_documents WHERE tender_id = ? AND file_id = ?";

int tender_document(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc < 0)
		return -1;
	if (rc > 0 || !may_see(r, &t))
		return not_found(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_DOCUMENT_OF);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, r->params[1]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return not_found(r);
	if (rc != SQLITE_ROW)
		return -1;
	return file_send(r, r->params[1]);
}
