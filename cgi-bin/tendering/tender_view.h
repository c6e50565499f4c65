/* tender_view.h: what the tender pages (public.c) and the officer's
 * handlers (officer.c, officer_lots.c) share: loading a tender, the
 * state gate of every edit route, and the tender page itself, which the
 * officer's forms re-render with their errors. */
#ifndef PAIKKA_CGI_TENDER_VIEW_H
#define PAIKKA_CGI_TENDER_VIEW_H

#include <stdint.h>

#include "paikka/app.h"

struct tvars;

/* One tenders row; strings live in the request's arena. */
struct tender_row {
	int64_t id;
	const char *status; /* draft, published, opened, awarded, cancelled */
	const char *title_fi, *title_sv;
	const char *description_fi, *description_sv;
	const char *contract_start, *contract_end; /* 'YYYY-MM-DD' or "" */
	const char *extension_options;
	int64_t questions_deadline, bids_deadline; /* 0 when not set */
	int64_t published_at, cancelled_at;        /* 0 when not */
	const char *cancel_reason;
};

/* Loads tender id into t. 0 found, 1 no such tender, -1 error. */
int tender_load(struct req *r, int64_t id, struct tender_row *t);

/* For the officer's edit routes: loads tender id and returns 0 when it is
 * a draft. Otherwise the response is set (404 no such tender, 409 not a
 * draft any more) and 1 is returned; -1 on error. */
int tender_draft_only(struct req *r, int64_t id, struct tender_row *t);

/* Small helpers of the officer's handlers (officer.c). */
/* "/tenders/<id>?msg=<msg>" and "<kind>:<id>" (audit objects), in the
 * request's arena. */
const char *tender_link(struct req *r, int64_t id, const char *msg);
const char *tender_audit_ref(struct req *r, const char *kind, int64_t id);
/* Runs sql, a statement with parameters ?1 = a and ?2 = b that returns no
 * rows. 0 or -1. */
int tender_sql_exec(struct req *r, const char *sql, int64_t a, int64_t b);
/* The first column of the first row of sql (parameters a, b) into *out.
 * 0 a row, 1 no row (*out untouched), -1 error. */
int tender_sql_int(
    struct req *r, const char *sql, int64_t a, int64_t b, int64_t *out);
/* Closes the gap a deleted row left at number after: sql_ids (?1 parent,
 * ?2 after) lists the ids above it by number, and sql_down (?1 id) moves
 * one down; lowest first, so no two rows ever share a number (the tables
 * have UNIQUE numbers). 0 or -1. */
int tender_renumber(struct req *r, const char *sql_ids, const char *sql_down,
    int64_t parent, int64_t after);

/* The text in the page's language: Swedish when the page is Swedish and
 * sv is not empty, else Finnish. */
const char *tender_text(struct req *r, const char *fi, const char *sv);

/* Renders the tender page of t into the response with this status. v
 * comes from page_vars and may already hold what a failed form needs
 * again (f_* values, err_* messages, "problems"). 0 or -1. */
int tender_page_render(
    struct req *r, const struct tender_row *t, struct tvars *v, int status);

/* Loads tender id and re-renders its page with v at status (a failed
 * officer form); 404 when the tender is gone. 0 or -1. */
int tender_page_again(struct req *r, int64_t id, struct tvars *v, int status);

/* The add/edit lot form's choices (service types, forms, municipalities)
 * into v, marking what v's f_lot_* values select. 0 or -1. */
int lot_form_lists(struct req *r, struct tvars *v);

/* The publishing problems of tender t as translated messages in the list
 * "problems" of v (v may be NULL: only count them); returns their number,
 * or -1 on error. */
int tender_problems(struct req *r, const struct tender_row *t, struct tvars *v);

#endif
