/* dashboard.h: the role dashboards of the front page (home_page in
 * pages.c): what the logged-in user must do next. Each item has a
 * heading with a count, its first DASH_TOP entries linking to the page
 * where the work is done, a link to all of them, and a sentence when it
 * is empty. dashboard.c holds the shared parts; dashboard_<role>.c the
 * queries of each role. No item shows client data (names or client
 * references): the links lead to the pages that show it and audit the
 * view. The template is templates/dashboard_item.html. */
#ifndef PAIKKA_CGI_DASHBOARD_H
#define PAIKKA_CGI_DASHBOARD_H

#include <sqlite3.h>
#include <stdint.h>

#include "paikka/app.h"

struct tvars;
struct tlist;

enum { DASH_TOP = 5 };

/* An item being filled: its variables, its entries and the count. */
struct dash_item {
	struct req *r;
	struct tvars *it;
	struct tlist *entries;
	int64_t count;
	int shown;
};

/* Adds the items of r's role, in order, as list "dash" of v. 0 or -1. */
int dashboard_vars(struct req *r, struct tvars *v);

/* The roles' items (dashboard_<role>.c); 0 or -1 each. */
int dash_provider(struct req *r, struct tvars *v);
int dash_officer(struct req *r, struct tvars *v);
int dash_caseworker(struct req *r, struct tvars *v);
int dash_finance(struct req *r, struct tvars *v);
int dash_admin(struct req *r, struct tvars *v);
/* The administrator's audit chain item (dashboard_audit.c). */
int dash_audit(struct req *r, struct tvars *v);

/* Starts item key (letters and '-', unique on the page) in list "dash"
 * of v with its heading and the sentence shown when it has no entries
 * (NULL: none). The count is shown after the heading unless
 * dash_no_count is called. */
void dash_begin(struct dash_item *d, struct req *r, struct tvars *v,
    const char *key, const char *title, const char *empty);
void dash_no_count(struct dash_item *d);
/* Counts one more and, while fewer than DASH_TOP are shown, adds an
 * entry: a link (href, text) and a note under it (NULL: none). Returns
 * the entry, or NULL when it was only counted. */
struct tvars *dash_entry(
    struct dash_item *d, const char *href, const char *text, const char *note);
/* For long lists: when DASH_TOP entries are shown already, counts one
 * more and returns 1 (the caller skips building the entry); else 0. */
int dash_skip(struct dash_item *d);
/* A paragraph under the heading; cls is its class ("" for none). */
void dash_summary(struct dash_item *d, const char *text, const char *cls);
/* Sets the count in the heading and, when href is set, the link to the
 * page with all of them. */
void dash_end(struct dash_item *d, const char *href, const char *text);

/* Helsinki dates of r->now: "YYYY-MM-DD" of today plus days, and the
 * month "YYYY-MM" months away from this one (-1: last month). */
const char *dash_day(struct req *r, int days);
const char *dash_month(struct req *r, int months);
/* "YYYY-MM" shown as "11/2026"; "YYYY-MM-DD" as "22.11.2026". */
const char *dash_month_text(struct req *r, const char *month);
const char *dash_date_text(struct req *r, const char *iso);
/* The text of sv when the page is Swedish and sv is not empty, else fi. */
const char *dash_pick(struct req *r, const char *fi, const char *sv);
/* Resets st after a loop of steps whose last result was rc: 0 when the
 * loop ended cleanly (SQLITE_DONE), else -1. */
int dash_done(sqlite3_stmt *st, int rc);

#endif
