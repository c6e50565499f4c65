/* bid_impl.h: what the provider's bid handlers (bid.c, bid_submit.c,
 * bid_docs.c) share: the tender as a bidder sees it, the form values and
 * errors of the bid editor, and the gates every bid route passes.
 *
 * Files: bid.c (loading, gates, the editor page), bid_save.c,
 * bid_submit.c (submit, withdraw, receipts), bid_question.c (questions,
 * the tender page's provider part), bid_docs.c (reusable documents).
 *
 * Sealed bids: every query here is scoped to the caller's organisation,
 * and a bid, receipt or document of another organisation is answered
 * exactly like one that does not exist (404, nothing written). */
#ifndef PAIKKA_CGI_BID_IMPL_H
#define PAIKKA_CGI_BID_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "paikka/bid.h"
#include "tendering.h"

struct lot_info {
	int64_t id;
	int number;
	const char *title, *service, *form, *municipalities;
	int fixed;
	int64_t fixed_cents, ceiling_cents; /* 0 when not set */
};

struct crit_info {
	int64_t id, lot_id;
	int lot_number, number, max_points;
	const char *text;
};

struct req_info {
	int64_t id;
	int number, needs_attachment;
	const char *text;
};

/* A published (or later) tender with what a bidder needs of it, and the
 * caller's bid if there is one. Everything lives in the request arena. */
struct bid_ctx {
	int64_t tender_id;
	const char *status, *title;
	int64_t questions_deadline, deadline; /* 0 when not set */
	int open;                             /* bid_open() at r->now */
	int64_t bid_id;                       /* 0: no bid yet */
	int64_t bid_updated;
	struct lot_info *lots;
	size_t nlots;
	struct crit_info *crits; /* ordered by lot number, then number */
	size_t ncrits;
	struct req_info *reqs;
	size_t nreqs;
};

/* Loads tender id for the calling provider: 0 loaded, 1 no such tender
 * or not published yet (the caller answers 404), -1 error. */
int bid_ctx_load(struct req *r, int64_t id, struct bid_ctx *c);

/* 1 when the caller's organisation is approved. */
int bid_org_approved(struct req *r);
/* The page for a provider whose organisation waits for approval (403);
 * returns 0. */
int bid_pending_page(struct req *r);
/* The page for a change after the deadline or in a closed tender (409);
 * returns 0. */
int bid_closed_page(struct req *r, const struct bid_ctx *c);

/* A small ordered map of strings: the editor's values and errors, keyed
 * by field name ("price_12"). */
struct kv {
	const char *k, *v;
};
struct fmap {
	struct kv *a;
	size_t n, cap;
	struct arena *arena;
};
void fm_init(struct fmap *m, struct arena *a);
void fm_set(struct fmap *m, const char *key, const char *value);
/* The value, or NULL. */
const char *fm_get(const struct fmap *m, const char *key);

/* The editor's field name "<prefix>_<id>" ("price_12"), in the arena. */
const char *bid_field(struct req *r, const char *prefix, int64_t id);
/* The value of field <prefix>_<id> in m, "" when absent. */
const char *fm_str(
    const struct fmap *m, struct req *r, const char *prefix, int64_t id);

/* The saved draft as editor values. 0 or -1. */
int bid_draft_values(struct req *r, const struct bid_ctx *c, struct fmap *vals);

/* Renders the bid editor with these values and field errors (problems,
 * if not NULL, are listed in order in the error summary). 0 or -1. */
int bid_render(struct req *r, const struct bid_ctx *c, const struct fmap *vals,
    const struct fmap *errs, int status);

/* The saved draft as a bid_content for the completeness check and the
 * canonical text; file_ids[i] gets the attached file of reqs[i] (0:
 * none). 0 or -1. */
int bid_content_load(struct req *r, const struct bid_ctx *c,
    struct bid_content *b, int64_t **file_ids);

/* 1 when the saved draft's canonical text differs from content (the
 * current submission's), 0 when it is the same, -1 on error. */
int bid_draft_differs(
    struct req *r, const struct bid_ctx *c, const char *content);

/* The translated message and the field of one problem, into errs (field
 * name → message) in check order. */
void bid_problem_errors(struct req *r, const struct bid_content *b,
    const struct bid_problem *p, size_t n, struct fmap *errs);

/* A free id for a new row: exists_sql is "SELECT 1 FROM <table> WHERE id =
 * ?" (a static string), floor the id the new one must exceed. -1 on
 * error. */
int64_t bid_new_id(struct req *r, const char *exists_sql, int64_t floor);

/* "Lot 2" etc. are built in bid.c; the tender's title in the page's
 * language. */
const char *bid_tender_title(struct req *r, const char *fi, const char *sv);

#endif
