/* officer.c: the procurement officer prepares a tender (its own fields),
 * publishes it, amends it, answers questions and cancels it. Lots and
 * criteria are in officer_lots.c, requirements and documents in
 * officer_docs.c; the helpers they share are here. Every
 * handler here is routed for ROLE_OFFICER only; each checks the tender's
 * state itself, since after publishing only amendments, answers and
 * cancelling remain. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paikka/db.h"
#include "paikka/notify.h"
#include "paikka/tender.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"
#include "tender_view.h"
#include "tendering.h"

int tender_draft_only(struct req *r, int64_t id, struct tender_row *t)
{
	int rc = tender_load(r, id, t);
	if (rc)
		return rc < 0 ? -1 : (not_found(r), 1);
	if (strcmp(t->status, "draft") == 0)
		return 0;
	if (strcmp(t->status, "cancelled") == 0)
		bad_request(r, 409,
		    _("This tender has been cancelled and can no longer be "
		      "changed."));
	else
		bad_request(r, 409,
		    _("This tender has been published: its details, lots, "
		      "criteria, requirements and documents can no longer be "
		      "changed. Publish an amendment instead."));
	return 1;
}

const char *tender_link(struct req *r, int64_t id, const char *msg)
{
	return arena_printf(r->a, "/tenders/%lld?msg=%s", (long long)id, msg);
}

const char *tender_audit_ref(struct req *r, const char *kind, int64_t id)
{
	return arena_printf(r->a, "%s:%lld", kind, (long long)id);
}

int tender_sql_exec(struct req *r, const char *sql, int64_t a, int64_t b)
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

int tender_sql_int(
    struct req *r, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(r->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

enum { MAX_RENUMBER = 256 }; /* above the most lots, criteria, requirements */

int tender_renumber(struct req *r, const char *sql_ids, const char *sql_down,
    int64_t parent, int64_t after)
{
	int64_t ids[MAX_RENUMBER];
	size_t n = 0;
	sqlite3_stmt *st = db_stmt(r->db, sql_ids);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, parent);
	db_bind_int(st, 2, after);
	while (n < MAX_RENUMBER && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++)
		if (tender_sql_exec(r, sql_down, ids[i], 0))
			return -1;
	return 0;
}

/* --- the tender's own fields ------------------------------------------- */

static const char *const text_fields[] = {"title_fi", "title_sv",
    "description_fi", "description_sv", "contract_start", "contract_end",
    "extension_options", "questions_date", "questions_time", "bids_date",
    "bids_time"};
enum { N_TEXT_FIELDS = 11 };

/* The checked form, ready for the database. */
struct tender_input {
	char contract_start[11], contract_end[11];
	int64_t questions_deadline, bids_deadline; /* 0: not set */
};

static const char *fval(struct tvars *v, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "f_%s", name);
	const char *s = tv_get(v, key);
	return s ? s : "";
}

static void check_deadline(struct tvars *v, const char *which, int64_t *out)
{
	char date[32], clock[32];
	snprintf(date, sizeof(date), "%s_date", which);
	snprintf(clock, sizeof(clock), "%s_time", which);
	int64_t t = tender_deadline_parse(fval(v, date), fval(v, clock));
	if (t == -1)
		field_error(v, date, _("Write a date like 22.11.2026."));
	else if (t == -2)
		field_error(v, clock, _("Write a time like 14:05."));
	*out = t > 0 ? t : 0;
}

/* Reads and checks the tender form into v (f_* values, err_* messages)
 * and in. Order and deadlines against today are publishing rules, so a
 * draft may be saved half-done. */
static void tender_form_read(
    struct req *r, struct tvars *v, struct tender_input *in)
{
	for (int i = 0; i < N_TEXT_FIELDS; i++)
		tv_set(v, arena_printf(r->a, "f_%s", text_fields[i]),
		    req_form_trim(r, text_fields[i]));
	const char *s = fval(v, "title_fi");
	if (!valid_line(s, strlen(s), 1, 200))
		field_error(v, "title_fi",
		    _("Write the title in Finnish (1 to 200 characters on "
		      "one line)."));
	s = fval(v, "title_sv");
	if (!valid_line(s, strlen(s), 0, 200))
		field_error(v, "title_sv",
		    _("Write at most 200 characters on one line."));
	const char *desc[] = {"description_fi", "description_sv"};
	for (int i = 0; i < 2; i++) {
		s = fval(v, desc[i]);
		if (!valid_text(s, strlen(s), 0, 20000))
			field_error(
			    v, desc[i], _("Write at most 20 000 characters."));
	}
	if (tender_date_iso(fval(v, "contract_start"), in->contract_start))
		field_error(
		    v, "contract_start", _("Write a date like 1.1.2027."));
	if (tender_date_iso(fval(v, "contract_end"), in->contract_end))
		field_error(
		    v, "contract_end", _("Write a date like 31.12.2028."));
	s = fval(v, "extension_options");
	if (!valid_text(s, strlen(s), 0, 500))
		field_error(
		    v, "extension_options", _("Write at most 500 characters."));
	check_deadline(v, "questions", &in->questions_deadline);
	check_deadline(v, "bids", &in->bids_deadline);
}

/* Binds the form's columns as parameters 1-9, in the order of
 * SQL_TENDER_INSERT and SQL_TENDER_UPDATE. */
static void bind_tender(
    sqlite3_stmt *st, struct tvars *v, const struct tender_input *in)
{
	db_bind_text(st, 1, fval(v, "title_fi"));
	db_bind_text(st, 2, fval(v, "title_sv"));
	db_bind_text(st, 3, fval(v, "description_fi"));
	db_bind_text(st, 4, fval(v, "description_sv"));
	db_bind_text(st, 5, in->contract_start);
	db_bind_text(st, 6, in->contract_end);
	db_bind_text(st, 7, fval(v, "extension_options"));
	if (in->questions_deadline)
		db_bind_int(st, 8, in->questions_deadline);
	if (in->bids_deadline)
		db_bind_int(st, 9, in->bids_deadline);
}

int tender_new_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "action", "/tenders/new");
	tv_bool(v, "is_new", 1);
	return render(r, 200, "tender_form", v, _("New tender"));
}

static const char SQL_TENDER_INSERT[] =
    "INSERT INTO tenders(title_fi, title_sv, description_fi, "
    "description_sv, contract_start, contract_end, extension_options, "
    "questions_deadline, bids_deadline, created_by, created_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?)";

int tender_create(struct req *r)
{
	struct tvars *v = page_vars(r);
	struct tender_input in;
	tender_form_read(r, v, &in);
	if (tv_get(v, "errors")) {
		tv_set(v, "action", "/tenders/new");
		tv_bool(v, "is_new", 1);
		return render(r, 422, "tender_form", v, _("New tender"));
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_TENDER_INSERT);
	if (st == NULL)
		return -1;
	bind_tender(st, v, &in);
	db_bind_int(st, 10, r->user->id);
	db_bind_int(st, 11, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(r->db);
	if (audit(r, "tender.create", tender_audit_ref(r, "tender", id),
	        fval(v, "title_fi")))
		return -1;
	return redirect(r, tender_link(r, id, "created"));
}

/* A UTC time as the Helsinki "YYYY-MM-DD" and "HH:MM" a form shows. */
static void helsinki_fields(
    struct req *r, struct tvars *v, const char *which, int64_t t)
{
	if (t == 0)
		return;
	time_t tt = (time_t)t;
	struct tm tm;
	char date[16], clock[8];
	localtime_r(&tt, &tm); /* TZ is Europe/Helsinki (i18n_init) */
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	strftime(clock, sizeof(clock), "%H:%M", &tm);
	tv_set(v, arena_printf(r->a, "f_%s_date", which), date);
	tv_set(v, arena_printf(r->a, "f_%s_time", which), clock);
}

static void edit_vars(struct tvars *v, int64_t id)
{
	tv_setf(v, "id", "%lld", (long long)id);
	tv_setf(v, "action", "/tenders/%lld/edit", (long long)id);
}

int tender_edit_page(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	edit_vars(v, t.id);
	const char *cols[] = {t.title_fi, t.title_sv, t.description_fi,
	    t.description_sv, t.contract_start, t.contract_end,
	    t.extension_options};
	for (int i = 0; i < 7; i++)
		tv_set(v, arena_printf(r->a, "f_%s", text_fields[i]), cols[i]);
	helsinki_fields(r, v, "questions", t.questions_deadline);
	helsinki_fields(r, v, "bids", t.bids_deadline);
	return render(r, 200, "tender_form", v, _("Edit the tender"));
}

static const char SQL_TENDER_UPDATE[] =
    "UPDATE tenders SET title_fi = ?, title_sv = ?, description_fi = ?, "
    "description_sv = ?, contract_start = ?, contract_end = ?, "
    "extension_options = ?, questions_deadline = ?, bids_deadline = ? "
    "WHERE id = ? AND status = 'draft'";

int tender_edit(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct tvars *v = page_vars(r);
	struct tender_input in;
	tender_form_read(r, v, &in);
	if (tv_get(v, "errors")) {
		edit_vars(v, t.id);
		return render(r, 422, "tender_form", v, _("Edit the tender"));
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_TENDER_UPDATE);
	if (st == NULL)
		return -1;
	bind_tender(st, v, &in);
	db_bind_int(st, 10, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    audit(r, "tender.update", tender_audit_ref(r, "tender", t.id),
	        fval(v, "title_fi")))
		return -1;
	return redirect(r, tender_link(r, t.id, "saved"));
}

/* --- publishing --------------------------------------------------------- */

static const char SQL_LOT_TERMS[] =
    "SELECT l.number, l.pricing, l.fixed_price_cents IS NOT NULL, "
    "coalesce(l.fixed_price_cents, 0), l.ceiling_cents IS NOT NULL, "
    "coalesce(l.ceiling_cents, 0), l.price_weight, "
    "(SELECT coalesce(sum(max_points), 0) FROM criteria c WHERE "
    "c.lot_id = l.id), (SELECT count(*) FROM lot_municipalities m WHERE "
    "m.lot_id = l.id), l.id FROM lots l WHERE l.tender_id = ? "
    "ORDER BY l.number";

enum { MAX_LOTS = 99, MAX_PROBLEMS = 8 + 3 * MAX_LOTS };

/* The lots of tender id; *n gets their number, ids[i] the lot ids. */
static int load_lot_terms(
    struct req *r, int64_t id, struct lot_terms *lots, int64_t *ids, size_t *n)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOT_TERMS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < MAX_LOTS) {
		struct lot_terms *l = &lots[*n];
		l->number = sqlite3_column_int(st, 0);
		l->pricing = strcmp(db_col_text(st, 1), "fixed") == 0
		                 ? LOT_FIXED
		                 : LOT_BID;
		l->has_price = sqlite3_column_int(st, 2);
		l->fixed_price_cents = sqlite3_column_int64(st, 3);
		l->has_ceiling = sqlite3_column_int(st, 4);
		l->ceiling_cents = sqlite3_column_int64(st, 5);
		l->price_weight = sqlite3_column_int(st, 6);
		l->criteria_points = sqlite3_column_int(st, 7);
		l->municipalities = sqlite3_column_int(st, 8);
		ids[(*n)++] = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static const char *problem_text(struct req *r, const struct tender_problem *p)
{
	switch (p->code) {
	case TP_TITLE:
		return _("Write a title.");
	case TP_CONTRACT_PERIOD:
		return _("Set the start and the end of the contract period.");
	case TP_CONTRACT_ORDER:
		return _("The contract period must start before it ends.");
	case TP_QUESTIONS_DEADLINE:
		return _("Set the deadline for questions.");
	case TP_BIDS_DEADLINE:
		return _("Set the deadline for bids.");
	case TP_BIDS_PAST:
		return _("The deadline for bids must be in the future.");
	case TP_QUESTIONS_AFTER_BIDS:
		return _("The deadline for questions must be before the "
		         "deadline for bids.");
	case TP_NO_LOTS:
		return _("Add at least one lot.");
	case TP_LOT_PRICING:
		return arena_printf(r->a,
		    _("Lot %d: check the pricing. A fixed price lot needs a "
		      "price above zero and price weight 0."),
		    p->lot);
	case TP_LOT_WEIGHTS:
		return arena_printf(r->a,
		    _("Lot %d: the price weight and the criteria points add "
		      "up to %d, not 100."),
		    p->lot, p->value);
	case TP_LOT_MUNICIPALITY:
		return arena_printf(r->a,
		    _("Lot %d: choose at least one municipality."), p->lot);
	}
	return "";
}

int tender_problems(struct req *r, const struct tender_row *t, struct tvars *v)
{
	struct lot_terms lots[MAX_LOTS];
	int64_t ids[MAX_LOTS];
	size_t nlots;
	if (load_lot_terms(r, t->id, lots, ids, &nlots))
		return -1;
	struct tender_terms terms = {
	    .has_title = t->title_fi[0] != '\0',
	    .contract_start = t->contract_start,
	    .contract_end = t->contract_end,
	    .questions_deadline = t->questions_deadline,
	    .bids_deadline = t->bids_deadline,
	    .now = r->now,
	    .lots = lots,
	    .nlots = nlots,
	};
	struct tender_problem p[MAX_PROBLEMS];
	size_t n = tender_publish_problems(&terms, p, MAX_PROBLEMS);
	if (n > MAX_PROBLEMS)
		n = MAX_PROBLEMS;
	if (v == NULL)
		return (int)n;
	struct tlist *l = tv_list(v, "problems");
	for (size_t i = 0; i < n; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "text", problem_text(r, &p[i]));
		for (size_t j = 0; p[i].lot && j < nlots; j++)
			if (lots[j].number == p[i].lot)
				tv_setf(it, "href", "/tenders/%lld/lots/%lld",
				    (long long)t->id, (long long)ids[j]);
	}
	return (int)n;
}

static const char SQL_PUBLISH[] =
    "UPDATE tenders SET status = 'published', published_at = ? "
    "WHERE id = ? AND status = 'draft'";

int tender_publish(struct req *r)
{
	struct tender_row t;
	int rc = tender_draft_only(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : 0;
	int n = tender_problems(r, &t, NULL);
	if (n < 0)
		return -1;
	if (n > 0) {
		/* The page lists the problems next to the button. */
		struct tvars *v = page_vars(r);
		tv_bool(v, "publish_failed", 1);
		return tender_page_render(r, &t, v, 422);
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_PUBLISH);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_int(st, 2, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	const char *link = arena_printf(r->a, "/tenders/%lld", (long long)t.id);
	if (rc != SQLITE_DONE ||
	    notify_all_providers(r->db, r->now, link,
	        N_("A new tender \"%s\" has been published."), t.title_fi) ||
	    audit(r, "tender.publish", tender_audit_ref(r, "tender", t.id),
	        t.title_fi))
		return -1;
	return redirect(r, tender_link(r, t.id, "published"));
}

/* --- after publishing ---------------------------------------------------- */

static const char SQL_AMEND_INSERT[] =
    "INSERT INTO amendments(tender_id, published_at, published_by, text_fi, "
    "text_sv, old_bids_deadline, new_bids_deadline) VALUES (?,?,?,?,?,?,?)";
static const char SQL_SET_DEADLINE[] =
    "UPDATE tenders SET bids_deadline = ? WHERE id = ?";

/* Field checks of the amendment form; the new deadline into *deadline. */
static void amendment_read(struct req *r, struct tvars *v,
    const struct tender_row *t, int64_t *deadline)
{
	const char *fi = req_form_trim(r, "text_fi");
	const char *sv = req_form_trim(r, "text_sv");
	const char *date = req_form_trim(r, "new_date");
	const char *clock = req_form_trim(r, "new_time");
	enum amend_err e;
	tv_set(v, "f_am_text_fi", fi);
	tv_set(v, "f_am_text_sv", sv);
	tv_set(v, "f_am_date", date);
	tv_set(v, "f_am_time", clock);
	if (!valid_text(fi, strlen(fi), 1, 5000))
		field_error(v, "am_text_fi",
		    _("Write what changes, in Finnish (1 to 5 000 "
		      "characters)."));
	if (!valid_text(sv, strlen(sv), 0, 5000))
		field_error(
		    v, "am_text_sv", _("Write at most 5 000 characters."));
	*deadline = tender_deadline_parse(date, clock);
	if (*deadline == -1)
		field_error(v, "am_date", _("Write a date like 22.11.2026."));
	else if (*deadline == -2)
		field_error(v, "am_time", _("Write a time like 14:05."));
	else if ((e = tender_amend_check(
	              r->now, t->bids_deadline, *deadline)) == AMEND_EPAST)
		field_error(
		    v, "am_date", _("The new deadline must be in the future."));
	else if (e == AMEND_ESHORTER)
		field_error(v, "am_date",
		    arena_printf(r->a,
		        _("The deadline can only be extended: choose a time "
		          "after %s."),
		        req_datetime(r, t->bids_deadline)));
}

int amendment_add(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (strcmp(t.status, "published") != 0)
		return bad_request(
		    r, 409, _("Only a published tender can be amended."));
	if (tender_amend_check(r->now, t.bids_deadline, 0) == AMEND_ECLOSED)
		return bad_request(r, 409,
		    _("The deadline for bids has passed: the tender can no "
		      "longer be amended."));
	struct tvars *v = page_vars(r);
	int64_t deadline;
	amendment_read(r, v, &t, &deadline);
	if (tv_get(v, "errors"))
		return tender_page_render(r, &t, v, 422);
	sqlite3_stmt *st = db_stmt(r->db, SQL_AMEND_INSERT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t.id);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, r->user->id);
	db_bind_text(st, 4, tv_get(v, "f_am_text_fi"));
	db_bind_text(st, 5, tv_get(v, "f_am_text_sv"));
	if (deadline) {
		db_bind_int(st, 6, t.bids_deadline);
		db_bind_int(st, 7, deadline);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	const char *details = "";
	if (deadline) {
		if ((st = db_stmt(r->db, SQL_SET_DEADLINE)) == NULL)
			return -1;
		db_bind_int(st, 1, deadline);
		db_bind_int(st, 2, t.id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		details = arena_printf(r->a, "bids_deadline %lld -> %lld",
		    (long long)t.bids_deadline, (long long)deadline);
	}
	const char *link = arena_printf(r->a, "/tenders/%lld", (long long)t.id);
	if (notify_all_providers(r->db, r->now, link,
	        N_("The tender \"%s\" has been amended."), t.title_fi) ||
	    audit(r, "tender.amend", tender_audit_ref(r, "tender", t.id),
	        details))
		return -1;
	return redirect(r, tender_link(r, t.id, "amended"));
}

static const char SQL_QUESTION[] =
    "SELECT answered_at IS NOT NULL FROM questions WHERE id = ? AND "
    "tender_id = ?";
static const char SQL_ANSWER[] =
    "UPDATE questions SET answer = ?, answered_at = ?, answered_by = ? "
    "WHERE id = ? AND answered_at IS NULL";

int question_answer(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_QUESTION);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->params[1]);
	db_bind_int(st, 2, t.id);
	rc = sqlite3_step(st);
	int answered = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return not_found(r);
	if (rc != SQLITE_ROW)
		return -1;
	if (strcmp(t.status, "published") != 0)
		return bad_request(r, 409,
		    _("Questions can be answered only while the tender is "
		      "published."));
	if (answered)
		return bad_request(r, 409,
		    _("This question has been answered already. Publish an "
		      "amendment to correct an answer."));
	const char *answer = req_form_trim(r, "answer");
	if (!valid_text(answer, strlen(answer), 1, 10000)) {
		struct tvars *v = page_vars(r);
		tv_setf(v, "answer_qid", "%lld", (long long)r->params[1]);
		tv_set(v, "answer_typed", answer);
		tv_set(v, "answer_err",
		    _("Write the answer (1 to 10 000 characters)."));
		tv_set(v, "errors", "1");
		return tender_page_render(r, &t, v, 422);
	}
	if ((st = db_stmt(r->db, SQL_ANSWER)) == NULL)
		return -1;
	db_bind_text(st, 1, answer);
	db_bind_int(st, 2, r->now);
	db_bind_int(st, 3, r->user->id);
	db_bind_int(st, 4, r->params[1]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	const char *link = arena_printf(r->a, "/tenders/%lld", (long long)t.id);
	if (rc != SQLITE_DONE ||
	    notify_all_providers(r->db, r->now, link,
	        N_("A question about the tender \"%s\" has been answered."),
	        t.title_fi) ||
	    audit(r, "question.answer",
	        arena_printf(r->a, "question:%lld", (long long)r->params[1]),
	        tender_audit_ref(r, "tender", t.id)))
		return -1;
	return redirect(r, tender_link(r, t.id, "answered"));
}

static const char SQL_CANCEL[] =
    "UPDATE tenders SET status = 'cancelled', cancelled_at = ?, "
    "cancel_reason = ? WHERE id = ? AND status IN ('draft', 'published')";
/* Who to tell: organisations with a bid row (ids only, never shown). */
static const char SQL_BIDDERS[] =
    "SELECT DISTINCT org_id FROM bids WHERE tender_id = ? ORDER BY org_id";

static int notify_bidders(struct req *r, const struct tender_row *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_BIDDERS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, t->id);
	size_t n = 0, cap = 64;
	int64_t *ids = arena_alloc(r->a, cap * sizeof(*ids));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *more =
			    arena_alloc(r->a, 2 * cap * sizeof(*ids));
			memcpy(more, ids, n * sizeof(*ids));
			ids = more;
			cap *= 2;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	const char *link =
	    arena_printf(r->a, "/tenders/%lld", (long long)t->id);
	for (size_t i = 0; i < n; i++)
		if (notify_org(r->db, r->now, ids[i], link,
		        N_("The tender \"%s\" has been cancelled."),
		        t->title_fi))
			return -1;
	return 0;
}

int tender_cancel(struct req *r)
{
	struct tender_row t;
	int rc = tender_load(r, r->params[0], &t);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	if (strcmp(t.status, "draft") != 0 &&
	    strcmp(t.status, "published") != 0)
		return bad_request(r, 409,
		    _("Only a draft or a published tender can be cancelled."));
	const char *reason = req_form_trim(r, "reason");
	if (!valid_text(reason, strlen(reason), 1, 2000)) {
		struct tvars *v = page_vars(r);
		tv_set(v, "f_cancel_reason", reason);
		field_error(v, "cancel_reason",
		    _("Write the reason for cancelling (1 to 2 000 "
		      "characters)."));
		return tender_page_render(r, &t, v, 422);
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_CANCEL);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->now);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, t.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || notify_bidders(r, &t) ||
	    audit(r, "tender.cancel", tender_audit_ref(r, "tender", t.id),
	        reason))
		return -1;
	return redirect(r, tender_link(r, t.id, "cancelled"));
}
