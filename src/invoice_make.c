/* invoice_make.c: draft invoices from the present days (see
 * invoice_make.h). */
#include "paikka/invoice_make.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/audit.h"
#include "paikka/award.h"
#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/invoice.h"

/* A contract as its invoices need it, with its provider's bank details. */
struct contract {
	int64_t id, org, price, stype;
	int due_days;
	const char *bref, *iban, *bic, *einvoice, *einvoice_op;
};

/* The county that pays: the first buyer organisation (id 0: none). */
struct buyer {
	int64_t id;
	const char *einvoice, *einvoice_op;
};

struct line {
	int64_t pl, days, total;
	const char *ref, *from, *to;
};

/* The month's lines of one contract, grown in the arena. */
struct lines {
	struct line *v;
	size_t n, cap;
};

static struct line *lines_add(struct arena *a, struct lines *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct line *v = arena_alloc(a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	return &l->v[l->n++];
}

/* The lines of a month: every placement with its period clipped to the
 * month (?3 its first day, ?4 its last) and its present days, in client
 * reference order; for one contract (?1) or, with the contract first,
 * for every contract. Placements without days come back with 0 and are
 * skipped by the reader: counting in a subquery per placement, through
 * the indexes placements(contract_id, client_ref, id) and
 * attendance(placement_id, status, day), reads only index pages and
 * needs no sort, twice as fast as a join with GROUP BY. */
#define LINE_COLS                                                              \
	"p.id, p.client_ref, max(?3, p.start_date), min(?4, "                  \
	"coalesce(p.end_date, '9999-12-31')), (SELECT count(*) FROM "          \
	"attendance a WHERE a.placement_id = p.id AND a.status = 'present' "   \
	"AND a.day BETWEEN ?3 AND ?4)"

static const char SQL_DAYS[] =
    "SELECT " LINE_COLS " FROM placements p WHERE p.contract_id = "
    "?1 ORDER BY p.client_ref, p.id";
static const char SQL_MONTH[] =
    "SELECT " LINE_COLS ", p.contract_id FROM placements p ORDER "
    "BY p.contract_id, p.client_ref, p.id";

/* Binds ?3 and ?4 of SQL_DAYS or SQL_MONTH for month "YYYY-MM". */
static void bind_month(sqlite3_stmt *st, const char *month)
{
	char first[CAL_ISO_LEN], last[CAL_ISO_LEN];
	int y = atoi(month), m = atoi(month + 5);
	struct cal_date d = {y, m, 1};
	cal_format_iso(first, sizeof(first), d);
	d.d = cal_days_in_month(y, m);
	cal_format_iso(last, sizeof(last), d);
	db_bind_text(st, 3, first);
	db_bind_text(st, 4, last);
}

/* Reads one line from a row of SQL_DAYS or SQL_MONTH; 0 when the
 * placement has no days. */
static int line_read(
    struct arena *a, sqlite3_stmt *st, int64_t price, struct lines *l)
{
	int64_t days = sqlite3_column_int64(st, 4);
	if (days == 0)
		return 0;
	struct line *x = lines_add(a, l);
	x->pl = sqlite3_column_int64(st, 0);
	x->ref = arena_strdup(a, db_col_text(st, 1));
	x->from = arena_strdup(a, db_col_text(st, 2));
	x->to = arena_strdup(a, db_col_text(st, 3));
	x->days = days;
	x->total = inv_line_total(x->days, price);
	return 1;
}

static const char SQL_CONTRACT[] =
    "SELECT c.org_id, c.daily_price_cents, c.invoice_due_days, "
    "c.service_type_id, c.buyer_reference, o.iban, o.bic, "
    "o.einvoice_address, o.einvoice_operator FROM contracts c JOIN "
    "organisations o ON o.id = c.org_id WHERE c.id = ?1 AND (?2 = 0 OR "
    "c.org_id = ?2) AND c.status IN ('active', 'ended', 'terminated')";

/* The contract, of organisation org unless org is 0. 0, 1 when there is
 * none, -1. */
static int contract_load(
    sqlite3 *db, struct arena *a, int64_t id, int64_t org, struct contract *c)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CONTRACT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, org);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->id = id;
		c->org = sqlite3_column_int64(st, 0);
		c->price = sqlite3_column_int64(st, 1);
		c->due_days = sqlite3_column_int(st, 2);
		c->stype = sqlite3_column_int64(st, 3);
		c->bref = arena_strdup(a, db_col_text(st, 4));
		c->iban = arena_strdup(a, db_col_text(st, 5));
		c->bic = arena_strdup(a, db_col_text(st, 6));
		c->einvoice = arena_strdup(a, db_col_text(st, 7));
		c->einvoice_op = arena_strdup(a, db_col_text(st, 8));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int buyer_load(sqlite3 *db, struct arena *a, struct buyer *b)
{
	sqlite3_stmt *st = db_stmt(db,
	    "SELECT id, einvoice_address, einvoice_operator FROM "
	    "organisations WHERE kind = 'buyer' ORDER BY id LIMIT 1");
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	b->id = 0;
	if (rc == SQLITE_ROW) {
		b->id = sqlite3_column_int64(st, 0);
		b->einvoice = arena_strdup(a, db_col_text(st, 1));
		b->einvoice_op = arena_strdup(a, db_col_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* What the contract's month already has: a live (submitted or approved,
 * not credited) invoice; the draft to remake; the number to keep (that
 * of the latest version unless it was credited: an invoice after a
 * credit note gets a new number); the next version (versions run on per
 * contract and month across credit notes). */
static const char SQL_STATE[] =
    "SELECT (SELECT count(*) FROM invoices WHERE contract_id = ?1 AND "
    "month = ?2 AND status IN ('submitted', 'approved') AND kind = "
    "'invoice' AND credited_at IS NULL), (SELECT id FROM invoices WHERE "
    "contract_id = ?1 AND month = ?2 AND status = 'draft'), (SELECT CASE "
    "WHEN credited_at IS NULL THEN seq ELSE 0 END FROM invoices WHERE "
    "contract_id = ?1 AND month = ?2 AND kind = 'invoice' ORDER BY "
    "version DESC LIMIT 1), (SELECT coalesce(max(version), 0) + 1 FROM "
    "invoices WHERE contract_id = ?1 AND month = ?2 AND status <> "
    "'draft')";

static int run1(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The organisation's next invoice number; 0 on failure. (Not one
 * statement with RETURNING: that costs an ephemeral table per call.) */
static int64_t next_seq(sqlite3 *db, int64_t org)
{
	if (run1(db,
	        "INSERT INTO invoice_numbers(org_id, last) VALUES (?1, 1) ON "
	        "CONFLICT (org_id) DO UPDATE SET last = last + 1",
	        org))
		return 0;
	sqlite3_stmt *st =
	    db_stmt(db, "SELECT last FROM invoice_numbers WHERE org_id = ?1");
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, org);
	int64_t seq =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return seq;
}

static const char SQL_INVOICE[] =
    "INSERT INTO invoices(org_id, buyer_org_id, contract_id, month, seq, "
    "number, version, status, invoice_date, due_date, total_cents, "
    "vat_text, iban, bic, reference, seller_einvoice, seller_operator, "
    "buyer_einvoice, buyer_operator, buyer_reference, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";
static const char SQL_LINE[] =
    "INSERT INTO invoice_lines(invoice_id, placement_id, client_ref, "
    "service_type_id, period_start, period_end, days, unit_cents, "
    "total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

static enum inv_make_rc insert_invoice(sqlite3 *db, const struct contract *c,
    const struct buyer *b, const char *month, int64_t total, int64_t user,
    int64_t now, struct inv_made *out)
{
	char ref[32], ib[INV_IBAN_MAX + 1], bref[32], date[CAL_ISO_LEN],
	    due[CAL_ISO_LEN];
	inv_number_format(out->number, sizeof(out->number), c->org, out->seq);
	inv_ref_for(ref, sizeof(ref), c->org, out->seq);
	inv_iban_normal(ib, sizeof(ib), c->iban);
	snprintf(bref, sizeof(bref), "%lld", (long long)c->id);
	struct cal_date t = award_helsinki_date(now);
	cal_format_iso(date, sizeof(date), t);
	cal_format_iso(
	    due, sizeof(due), cal_add_days(t.y, t.m, t.d, c->due_days));
	sqlite3_stmt *st = db_stmt(db, SQL_INVOICE);
	if (st == NULL)
		return INV_MAKE_ERROR;
	db_bind_int(st, 1, c->org);
	db_bind_int(st, 2, b->id);
	db_bind_int(st, 3, c->id);
	db_bind_text(st, 4, month);
	db_bind_int(st, 5, out->seq);
	db_bind_text(st, 6, out->number);
	db_bind_int(st, 7, out->version);
	db_bind_text(st, 8, date);
	db_bind_text(st, 9, due);
	db_bind_int(st, 10, total);
	db_bind_text(st, 11, INV_VAT_TEXT);
	db_bind_text(st, 12, ib);
	db_bind_text(st, 13, c->bic);
	db_bind_text(st, 14, ref);
	db_bind_text(st, 15, c->einvoice);
	db_bind_text(st, 16, c->einvoice_op);
	db_bind_text(st, 17, b->einvoice);
	db_bind_text(st, 18, b->einvoice_op);
	db_bind_text(st, 19, *c->bref ? c->bref : bref);
	db_bind_int(st, 20, user);
	db_bind_int(st, 21, now);
	int rc = sqlite3_step(st);
	out->id = sqlite3_last_insert_rowid(db);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? INV_MAKE_OK : INV_MAKE_ERROR;
}

/* The invoice of contract c and month from its lines l. */
static enum inv_make_rc make(sqlite3 *db, const struct contract *c,
    const struct buyer *b, const char *month, const struct lines *l,
    int64_t user, int64_t now, struct inv_made *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = db_stmt(db, SQL_STATE);
	if (st == NULL)
		return INV_MAKE_ERROR;
	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, month);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return INV_MAKE_ERROR;
	}
	int64_t live = sqlite3_column_int64(st, 0);
	int64_t draft = sqlite3_column_int64(st, 1);
	out->seq = sqlite3_column_int64(st, 2);
	out->version = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	if (live)
		return INV_MAKE_LIVE;
	if (l->n == 0)
		return INV_MAKE_NO_DAYS;
	/* The sum as inv_sum: -1 on a negative (overflowed) line. */
	int64_t total = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].total < 0 || l->v[i].total > INT64_MAX - total)
			return INV_MAKE_ERROR;
		total += l->v[i].total;
	}
	if (b->id == 0)
		return INV_MAKE_ERROR;
	if (draft &&
	    (run1(db, "DELETE FROM invoice_lines WHERE invoice_id = ?1",
	         draft) ||
	        run1(db, "DELETE FROM invoices WHERE id = ?1", draft)))
		return INV_MAKE_ERROR;
	if (out->seq == 0 && (out->seq = next_seq(db, c->org)) == 0)
		return INV_MAKE_ERROR;
	if (insert_invoice(db, c, b, month, total, user, now, out))
		return INV_MAKE_ERROR;
	st = db_stmt(db, SQL_LINE);
	if (st == NULL)
		return INV_MAKE_ERROR;
	for (size_t i = 0; i < l->n; i++) {
		const struct line *x = &l->v[i];
		db_bind_int(st, 1, out->id);
		db_bind_int(st, 2, x->pl);
		db_bind_text(st, 3, x->ref);
		db_bind_int(st, 4, c->stype);
		db_bind_text(st, 5, x->from);
		db_bind_text(st, 6, x->to);
		db_bind_int(st, 7, x->days);
		db_bind_int(st, 8, c->price);
		db_bind_int(st, 9, x->total);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return INV_MAKE_ERROR;
	}
	out->total_cents = total;
	out->lines = l->n;
	return INV_MAKE_OK;
}

static int bank_ok(const struct contract *c)
{
	return inv_iban_valid(c->iban) && inv_bic_valid(c->bic);
}

enum inv_make_rc inv_make_contract(sqlite3 *db, struct arena *a,
    int64_t contract, int64_t org, const char *month, int64_t user, int64_t now,
    struct inv_made *out)
{
	struct contract c;
	if (org <= 0 || !inv_month_valid(month))
		return INV_MAKE_NO_CONTRACT;
	int rc = contract_load(db, a, contract, org, &c);
	if (rc)
		return rc < 0 ? INV_MAKE_ERROR : INV_MAKE_NO_CONTRACT;
	if (!bank_ok(&c))
		return INV_MAKE_NO_BANK;
	struct buyer b;
	if (buyer_load(db, a, &b))
		return INV_MAKE_ERROR;
	sqlite3_stmt *st = db_stmt(db, SQL_DAYS);
	if (st == NULL)
		return INV_MAKE_ERROR;
	db_bind_int(st, 1, contract);
	bind_month(st, month);
	struct lines l = {NULL, 0, 0};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		line_read(a, st, c.price, &l);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return INV_MAKE_ERROR;
	return make(db, &c, &b, month, &l, user, now, out);
}

/* Month-end: the invoice of one contract from its collected lines. */
static enum inv_make_rc month_one(sqlite3 *db, struct arena *a,
    int64_t contract, const struct buyer *b, const char *month,
    const struct lines *l, int64_t user, const char *actor, int64_t now,
    struct inv_month *out)
{
	struct contract c;
	int rc = contract_load(db, a, contract, 0, &c);
	if (rc) {
		out->no_contract += rc > 0;
		return rc < 0 ? INV_MAKE_ERROR : INV_MAKE_OK;
	}
	if (!bank_ok(&c)) {
		out->no_bank++;
		return INV_MAKE_OK;
	}
	/* The lines were read before the price was known. */
	for (size_t i = 0; i < l->n; i++)
		l->v[i].total = inv_line_total(l->v[i].days, c.price);
	struct inv_made m;
	switch (make(db, &c, b, month, l, user, now, &m)) {
	case INV_MAKE_OK:
		break;
	case INV_MAKE_LIVE:
		out->live++;
		return INV_MAKE_OK;
	default:
		return INV_MAKE_ERROR;
	}
	out->invoices++;
	out->lines += m.lines;
	out->total_cents += m.total_cents;
	char obj[40], details[80];
	snprintf(obj, sizeof(obj), "invoice:%lld", (long long)m.id);
	snprintf(details, sizeof(details),
	    "contract=%lld month=%s version=%lld", (long long)contract, month,
	    (long long)m.version);
	struct audit_entry e = {.actor_id = user,
	    .actor = actor,
	    .ip = "",
	    .action = "invoice.create",
	    .object = obj,
	    .details = details};
	return audit_append(db, now, &e) ? INV_MAKE_ERROR : INV_MAKE_OK;
}

enum inv_make_rc inv_make_month(sqlite3 *db, struct arena *a, const char *month,
    int64_t user, const char *actor, int64_t now, struct inv_month *out)
{
	memset(out, 0, sizeof(*out));
	struct buyer b;
	if (!inv_month_valid(month) || buyer_load(db, a, &b))
		return INV_MAKE_ERROR;
	sqlite3_stmt *st = db_stmt(db, SQL_MONTH);
	if (st == NULL)
		return INV_MAKE_ERROR;
	bind_month(st, month);
	struct lines l = {NULL, 0, 0};
	int64_t contract = 0;
	int rc = SQLITE_DONE;
	enum inv_make_rc made = INV_MAKE_OK;
	/* Writes go to other tables than the query reads, so the query
	 * runs on while each contract's invoice is written. */
	while (made == INV_MAKE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t c = sqlite3_column_int64(st, 5);
		if (c != contract && l.n)
			made = month_one(db, a, contract, &b, month, &l, user,
			    actor, now, out);
		if (c != contract)
			l.n = 0;
		contract = c;
		line_read(a, st, 0, &l);
	}
	sqlite3_reset(st);
	if (made != INV_MAKE_OK || rc != SQLITE_DONE)
		return INV_MAKE_ERROR;
	if (l.n)
		made = month_one(
		    db, a, contract, &b, month, &l, user, actor, now, out);
	return made;
}
