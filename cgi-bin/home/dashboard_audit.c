/* dashboard_audit.c: the audit chain's status on the administrator's
 * front page, checked a bounded amount per view.
 *
 * paikkactl verify-audit and /admin/audit walk the whole chain; with
 * millions of rows that takes seconds, too slow for a front page. So a
 * view checks (1) that the last row known good (the checkpoint) still
 * carries the hash it had, which finds a rewritten or cut-off tail,
 * (2) up to BUDGET older rows from a sweep position that cycles through
 * the checked part, which finds a changed old row, and (3) up to BUDGET
 * rows added since, moving the checkpoint. A chain of up to BUDGET rows
 * is thus checked whole on every view; a longer one within
 * rows / BUDGET views. A break once found stays shown until a later
 * check of that row finds it good again.
 *
 * The state is one settings row, audit_dashboard: "<checkpoint id>
 * <its hash> <sweep id> <broken id or 0> <time the break was found>",
 * written only when it changes. */
#include <stdio.h>
#include <string.h>

#include "dashboard.h"
#include "paikka/audit.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"

enum { BUDGET = 10000 };

static const char GENESIS[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static const char SQL_STATE[] =
    "SELECT value FROM settings WHERE key = 'audit_dashboard'";
static const char SQL_SAVE[] =
    "INSERT INTO settings(key, value) VALUES ('audit_dashboard', ?1) ON "
    "CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char SQL_HASH[] = "SELECT hash FROM audit_log WHERE id = ?1";
static const char SQL_LAST[] = "SELECT coalesce(max(id), 0) FROM audit_log";
static const char SQL_ROWS[] =
    "SELECT id, ts, coalesce(actor_id, 0), actor, ip, action, object, "
    "details, prev_hash, hash FROM audit_log WHERE id > ?1 AND id <= ?2 "
    "ORDER BY id LIMIT ?3";

struct chain {
	long long verified; /* the checkpoint: rows 1..verified are good */
	char hash[65];      /* the checkpoint row's hash */
	long long sweep;    /* the re-check goes on after this row */
	long long broken;   /* a bad row, 0 when none */
	long long found_at; /* when it was found */
};

/* A range of rows checked good in this view. */
struct range {
	long long lo, hi;
};

static int hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static void state_load(struct req *r, struct chain *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->hash, sizeof(c->hash), "%s", GENESIS);
	sqlite3_stmt *st = db_stmt(r->db, SQL_STATE);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		return;
	}
	struct chain x;
	memset(&x, 0, sizeof(x));
	int n = sscanf(db_col_text(st, 0), "%lld %64s %lld %lld %lld",
	    &x.verified, x.hash, &x.sweep, &x.broken, &x.found_at);
	sqlite3_reset(st);
	/* Anything unreadable starts over from the first row. */
	if (n == 5 && x.verified >= 0 && x.sweep >= 0 &&
	    x.sweep <= x.verified && hex64(x.hash))
		*c = x;
}

static int state_save(struct req *r, const struct chain *c)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SAVE);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1,
	    arena_printf(r->a, "%lld %s %lld %lld %lld", c->verified, c->hash,
	        c->sweep, c->broken, c->found_at));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The stored hash of row id into out; 0, 1 when there is no such row,
 * -1 on error. */
static int row_hash(struct req *r, long long id, char out[65])
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_HASH);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 65, "%s", db_col_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static long long last_id(struct req *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LAST);
	if (st == NULL)
		return -1;
	long long n =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* Checks at most BUDGET rows after `after` up to `upto`, chained from
 * prev: each row follows the one before (no gap), names its hash as
 * prev_hash and carries the hash of its fields. *last and last_hash get
 * the last good row (after and prev when none). 0 all good, 1 a bad row
 * (its id in *bad), -1 on error. */
static int walk(struct req *r, long long after, const char *prev,
    long long upto, long long *last, char last_hash[65], long long *bad)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ROWS);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, upto);
	db_bind_int(st, 3, BUDGET);
	char p[65];
	snprintf(p, sizeof(p), "%s", prev);
	*last = after;
	int rc, res = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char want[65];
		audit_hash(p, id, sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), db_col_text(st, 3),
		    db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
		    db_col_text(st, 7), want);
		if (id != *last + 1 || strcmp(db_col_text(st, 8), p) != 0 ||
		    strcmp(db_col_text(st, 9), want) != 0) {
			*bad = id;
			res = 1;
			break;
		}
		snprintf(p, sizeof(p), "%s", want);
		*last = id;
	}
	sqlite3_reset(st);
	if (res == 0 && rc != SQLITE_DONE)
		return -1;
	snprintf(last_hash, 65, "%s", p);
	return res;
}

/* Keeps the lowest bad row of this view in *bad. */
static void note_bad(long long *bad, long long id)
{
	if (id > 0 && (*bad == 0 || id < *bad))
		*bad = id;
}

/* (2) the sweep over rows already checked; good rows go into *ok. */
static int sweep(struct req *r, struct chain *c, long long upto, long long *bad,
    struct range *ok)
{
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", GENESIS);
	if (c->sweep > 0) {
		int h = row_hash(r, c->sweep, prev);
		if (h < 0)
			return -1;
		if (h == 1) {
			note_bad(bad, c->sweep);
			c->sweep = 0;
			return 0;
		}
	}
	long long last = c->sweep, b = 0;
	char lh[65];
	int w = walk(r, c->sweep, prev, upto, &last, lh, &b);
	if (w < 0)
		return -1;
	*ok = (struct range){c->sweep + 1, last};
	if (w == 1) {
		note_bad(bad, b);
		c->sweep = b < upto ? b : 0; /* go on after it next time */
	} else {
		c->sweep = last >= upto ? 0 : last;
	}
	return 0;
}

/* Runs the three checks, updating c; the lowest bad row into *bad. */
static int check(struct req *r, struct chain *c, long long *bad)
{
	struct range ok[3] = {{0, -1}, {0, -1}, {0, -1}};
	long long checkpoint = c->verified;
	if (checkpoint > 0) {
		char h[65];
		int rc = row_hash(r, checkpoint, h);
		if (rc < 0)
			return -1;
		if (rc == 1 || strcmp(h, c->hash) != 0)
			note_bad(bad, checkpoint);
		else
			ok[0] = (struct range){checkpoint, checkpoint};
		if (sweep(r, c, checkpoint, bad, &ok[1]))
			return -1;
	}
	long long last = 0, b = 0;
	char lh[65];
	int w = walk(r, c->verified, c->hash, INT64_MAX, &last, lh, &b);
	if (w < 0)
		return -1;
	ok[2] = (struct range){c->verified + 1, last};
	c->verified = last;
	snprintf(c->hash, sizeof(c->hash), "%s", lh);
	if (w == 1)
		note_bad(bad, b);
	if (*bad) {
		if (c->broken != *bad) {
			c->broken = *bad;
			c->found_at = r->now;
		}
	} else if (c->broken) {
		for (int i = 0; i < 3; i++)
			if (ok[i].lo <= c->broken && c->broken <= ok[i].hi)
				c->broken = c->found_at = 0;
	}
	return 0;
}

static int same(const struct chain *a, const struct chain *b)
{
	return a->verified == b->verified && strcmp(a->hash, b->hash) == 0 &&
	       a->sweep == b->sweep && a->broken == b->broken &&
	       a->found_at == b->found_at;
}

/* Who: administrators (dash_admin). */
int dash_audit(struct req *r, struct tvars *v)
{
	struct chain c, before;
	state_load(r, &c);
	before = c;
	long long bad = 0, total = last_id(r);
	if (total < 0 || check(r, &c, &bad))
		return -1;
	if (!same(&c, &before) && state_save(r, &c))
		return -1;
	struct dash_item d;
	dash_begin(&d, r, v, "audit", _("Audit chain"), NULL);
	dash_no_count(&d);
	if (c.broken)
		dash_summary(&d,
		    arena_printf(r->a,
		        _("The hash chain is broken at row %lld (found %s)."),
		        c.broken, req_datetime(r, c.found_at)),
		    "error-summary");
	else if (c.verified < total)
		dash_summary(&d,
		    arena_printf(r->a,
		        _("The hash chain is intact up to row %lld of %lld; "
		          "the rest is checked on the next visits."),
		        c.verified, total),
		    "notice");
	else
		dash_summary(&d,
		    arena_printf(r->a,
		        _("The hash chain is intact: %lld rows checked."),
		        c.verified),
		    "notice ok");
	dash_end(&d, "/admin/audit", _("Audit log and its chain check"));
	return 0;
}
