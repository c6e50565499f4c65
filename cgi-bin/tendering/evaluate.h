/* evaluate.h: what the opening, evaluation and award handlers share
 * (evaluate.c, evaluate_qualify.c, evaluate_score.c, award.c): the
 * tender's state gate, the submissions of the opening record with their
 * qualification, the lots with their criteria, and one lot's scoring.
 *
 * Sealed bids: nothing here reads a bid before the tender's status is
 * 'opened' or 'awarded' (ev_gate), and the submissions are always those
 * of the opening record (opening_lines), never the live bid tables. */
#ifndef PAIKKA_CGI_EVALUATE_H
#define PAIKKA_CGI_EVALUATE_H

#include <stddef.h>
#include <stdint.h>

#include "paikka/scoring.h"
#include "tendering.h"

struct tvars;

/* One tender as evaluation needs it; strings in the request arena. */
struct ev_tender {
	int64_t id;
	const char *status;
	const char *title_fi, *title_sv;
	const char *title; /* in the page's language */
	int64_t bids_deadline, published_at, opened_at, awarded_at; /* 0: no */
	const char *opened_by; /* the opener's name, "" before opening */
	int standstill_days;
	int opened;  /* status 'opened' or 'awarded' */
	int awarded; /* status 'awarded' */
};

/* Loads tender id. 0 found, 1 no such tender, -1 error. */
int ev_tender_load(struct req *r, int64_t id, struct ev_tender *t);

enum ev_need {
	EV_READ, /* after opening, also once awarded */
	EV_EDIT, /* after opening and before the decision is published */
};

/* The gate of every officer route: loads tender r->params[0] into t and
 * returns 0 when it may be used for need. Otherwise the response is set
 * and 1 is returned: 404 for no tender or one never published, 409 with
 * a message (and, for an officer after the deadline, the opening button)
 * before opening, 409 for EV_EDIT once the decision is published. -1 on
 * error. */
int ev_gate(struct req *r, struct ev_tender *t, enum ev_need need);

/* The 409 page with title and message for tender t. Returns 0. */
int ev_conflict(struct req *r, const struct ev_tender *t, const char *title,
    const char *message);

/* One submission of the opening record with its qualification. */
struct ev_sub {
	int64_t id, org_id, received_at;
	const char *bidder, *sha256, *lots;
	int decided;   /* requirements with a pass/fail decision */
	int failed;    /* requirements failed */
	int excluded;  /* failed > 0 */
	int qualified; /* every requirement passed */
};

/* One quality criterion of a lot. */
struct ev_crit {
	int64_t id;
	int number, max_points;
	const char *text;
};

/* One lot with its criteria and the officer's framework choice. */
struct ev_lot {
	int64_t id;
	int number;
	const char *title;
	int fixed;
	int64_t fixed_cents;
	int price_weight;
	struct ev_crit *crits;
	size_t ncrits;
	int *crit_max;          /* ncrits maxima, for scoring.h */
	int chosen;             /* a lot_awards row exists */
	int64_t framework_size; /* 0: all qualified */
};

/* The evaluation of a tender: its submissions and lots. */
struct ev_data {
	struct ev_tender *t;
	int nreqs; /* requirements of the tender */
	struct ev_sub *subs;
	size_t nsubs;
	struct ev_lot *lots;
	size_t nlots;
};

/* Loads the opening record's submissions (by time of receipt) and the
 * lots (by number) of t. 0 or -1. */
int ev_data_load(struct req *r, struct ev_tender *t, struct ev_data *d);
/* The submission or lot with this id in d, or NULL. */
struct ev_sub *ev_sub_find(const struct ev_data *d, int64_t id);
struct ev_lot *ev_lot_find(const struct ev_data *d, int64_t id);

/* One submission's part in a lot. */
struct ev_entry {
	struct ev_sub *sub;
	int64_t price_cents;
	int *quality;            /* x100 per criterion; 0 when not scored */
	const char **why;        /* justification per criterion, or NULL */
	size_t nscored;          /* criteria with points */
	int complete;            /* qualified and every criterion scored */
	struct score_result res; /* score_lot's result */
	int stored_rank;         /* award_ranks.rank, 0: none */
	int stored_selected;     /* award_ranks.selected */
};

/* A lot's bids scored and ranked with scoring.h. Bids failing a
 * requirement are excluded; bids not yet qualified or scored take part
 * with the points they have, so the numbers are provisional until ready
 * is set. */
struct ev_calc {
	struct ev_lot *lot;
	struct ev_entry *e; /* in the order of the opening record */
	size_t n;
	size_t nexcluded, npending, nranked;
	int ready;                /* every bid qualified or excluded, and
	                             every qualified one fully scored */
	enum score_status status; /* SCORE_OK, or why the lot cannot be
	                             scored (too many criteria) */
};

/* Scores lot of d into c. 0 or -1. */
int ev_lot_calc(
    struct req *r, struct ev_data *d, struct ev_lot *lot, struct ev_calc *c);

/* Forgets lot's framework choice (lot_awards, award_ranks): qualifying
 * or scoring that can change the ranking calls it. 0 or -1. */
int ev_lot_reset_award(struct req *r, int64_t lot);

/* The comparison page of lot c with v (page_vars, maybe holding the
 * award form's f_* and err_* values) at status. 0 or -1. */
int comparison_render(struct req *r, const struct ev_tender *t,
    const struct ev_calc *c, struct tvars *v, int status);

/* 1 when the caller's organisation has a line in tender's opening
 * record, 0 when not, -1 on error. */
int ev_is_bidder(struct req *r, int64_t tender);

/* Points x100 as "12,34" (fi, sv) or "12.34" (en), in the arena. */
const char *ev_points(struct req *r, int64_t x100);

/* The comparison table of c into item (a lot's tvars): "rows" (ranked
 * first, then pending, then excluded) and "crit_heads", plus flags. 0. */
int ev_table_vars(struct req *r, const struct ev_calc *c, struct tvars *item);

/* Adds "paras" items (key "text") of text split at blank lines to v
 * under key. */
void ev_paragraphs(
    struct req *r, struct tvars *v, const char *key, const char *text);

/* The hex hash into it as "sha256" and in four groups "sha_a".."sha_d",
 * so a page can wrap between them (<wbr>) while a copied hash stays
 * whole. */
void ev_hash_parts(struct tvars *it, const char *hex);

/* Audit object "<kind>:<id>" in the arena. */
const char *ev_ref(struct req *r, const char *kind, int64_t id);

#endif
