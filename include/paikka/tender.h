/* tender.h: the rules of a call for tender, without HTTP.
 *
 * What makes a lot's pricing valid, what must hold before a tender may be
 * published, and how an amendment may move the bids deadline. The
 * handlers in cgi-bin/tendering/officer*.c load the rows, fill these
 * structs and turn the codes into translated messages. */
#ifndef PAIKKA_TENDER_H
#define PAIKKA_TENDER_H

#include <stddef.h>
#include <stdint.h>

enum lot_pricing {
	LOT_FIXED, /* the buyer sets the price; competition on quality only */
	LOT_BID,   /* the bidder offers a price, optionally up to a ceiling */
};

/* A lot as far as the rules care. */
struct lot_terms {
	int number;
	enum lot_pricing pricing;
	int has_price; /* fixed_price_cents was given */
	int64_t fixed_price_cents;
	int has_ceiling; /* ceiling_cents was given */
	int64_t ceiling_cents;
	int price_weight;    /* points for price, 0..100 */
	int criteria_points; /* sum of the quality criteria's maximum points */
	int municipalities;  /* how many municipalities the lot covers */
};

/* Problems of one lot's pricing, as bits. */
enum lot_err {
	LOT_OK = 0,
	LOT_EPRICE = 1 << 0,        /* fixed price missing or not > 0 */
	LOT_EFIXED_WEIGHT = 1 << 1, /* fixed price lot with price weight > 0 */
	LOT_ECEILING = 1 << 2,      /* ceiling given but not > 0 */
	LOT_EWEIGHT = 1 << 3,       /* price weight outside 0..100 */
	LOT_EOVER = 1 << 4,         /* weight + criteria points over 100 */
};

/* The pricing rules of a lot: a fixed price lot needs a price above 0 and
 * has price weight 0; a bid lot's optional ceiling is above 0; the weight
 * is 0..100 and with the criteria points at most 100 (exactly 100 is a
 * publishing rule). Returns a set of enum lot_err bits, 0 when valid. */
unsigned lot_check(const struct lot_terms *l);

/* Why a tender cannot be published yet. lot is the lot's number for
 * per-lot problems (0 otherwise); value carries the points sum for
 * TP_LOT_WEIGHTS. */
enum tender_problem_code {
	TP_TITLE,                /* no title */
	TP_CONTRACT_PERIOD,      /* contract start or end not set */
	TP_CONTRACT_ORDER,       /* contract start not before its end */
	TP_QUESTIONS_DEADLINE,   /* deadline for questions not set */
	TP_BIDS_DEADLINE,        /* deadline for bids not set */
	TP_BIDS_PAST,            /* deadline for bids not in the future */
	TP_QUESTIONS_AFTER_BIDS, /* questions deadline not before bids' */
	TP_NO_LOTS,
	TP_LOT_PRICING,      /* lot_check fails for the lot */
	TP_LOT_WEIGHTS,      /* price weight + criteria points != 100 */
	TP_LOT_MUNICIPALITY, /* the lot covers no municipality */
};

struct tender_problem {
	enum tender_problem_code code;
	int lot;
	int value;
};

struct tender_terms {
	int has_title;
	const char *contract_start; /* 'YYYY-MM-DD' or "" */
	const char *contract_end;
	int64_t questions_deadline; /* UTC seconds, 0 when not set */
	int64_t bids_deadline;
	int64_t now;
	const struct lot_terms *lots;
	size_t nlots;
};

/* Every reason t cannot be published, in the order a reader fixes them:
 * the tender's own fields first, then lot by lot. Writes at most max
 * problems to out and returns how many there are in all (0: publishable).
 */
size_t tender_publish_problems(
    const struct tender_terms *t, struct tender_problem *out, size_t max);

enum amend_err {
	AMEND_OK = 0,
	AMEND_ECLOSED,  /* the bids deadline has passed: no more amendments */
	AMEND_EPAST,    /* the new deadline is not in the future */
	AMEND_ESHORTER, /* the new deadline is not later than the current */
};

/* May a published tender with bids deadline current be amended at now,
 * moving the deadline to proposed (0: the deadline stays)? A deadline
 * may only be extended, and only while bids are still being received. */
enum amend_err tender_amend_check(
    int64_t now, int64_t current, int64_t proposed);

/* A deadline typed as a Helsinki date ("2026-11-22" or "22.11.2026") and
 * time ("14:05"), in UTC seconds. Returns 0 when both are empty (not
 * set), -1 when the date is bad, -2 when the time is bad (a date without
 * a time, or the reverse, is also -1 or -2). */
int64_t tender_deadline_parse(const char *date, const char *clock);

/* A calendar date typed as "2026-11-22" or "22.11.2026" in ISO form into
 * out (11 bytes); "" for an empty input. Returns 0, or -1 when bad. */
int tender_date_iso(const char *s, char out[11]);

#endif
