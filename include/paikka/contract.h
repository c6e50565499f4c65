/* contract.h: the rules of a framework contract, without HTTP.
 *
 * A contract's life: draft → signed (date and signer recorded) → active
 * → ended (at the end of its period) or terminated (early, with a
 * reason). Which step is allowed from which status, what an extension
 * may do to the end date, how typed dates, prices and capacities are
 * read, and which daily price a contract made from an awarded lot gets.
 * The handlers in cgi-bin/contracts/ load the rows, call these and turn
 * the codes into translated messages. Dates are 'YYYY-MM-DD' strings,
 * so comparing them as strings compares them as dates. */
#ifndef PAIKKA_CONTRACT_H
#define PAIKKA_CONTRACT_H

#include <stdint.h>

#include "paikka/calendar.h"

enum contract_status {
	CONTRACT_DRAFT,
	CONTRACT_SIGNED,
	CONTRACT_ACTIVE,
	CONTRACT_ENDED,
	CONTRACT_TERMINATED,
	CONTRACT_STATUS__MAX /* "not a status" */
};

/* "draft", "signed", ...; NULL for CONTRACT_STATUS__MAX. Static. */
const char *contract_status_name(enum contract_status s);
/* The status named s, or CONTRACT_STATUS__MAX when s names none (or is
 * NULL). */
enum contract_status contract_status_from_name(const char *s);
/* The English message id of a status for _() ("Draft", "Signed", ...);
 * NULL for CONTRACT_STATUS__MAX. Static. */
const char *contract_status_label(enum contract_status s);

/* The officer's steps on a contract. */
enum contract_action {
	CONTRACT_SIGN,      /* draft → signed */
	CONTRACT_ACTIVATE,  /* signed → active */
	CONTRACT_EXTEND,    /* signed or active: the end date moves later */
	CONTRACT_END,       /* active → ended, at the end of the period */
	CONTRACT_TERMINATE, /* draft, signed or active → terminated */
};

/* 1 when action a may be taken on a contract in status s, else 0.
 * Ended and terminated contracts take no more steps. */
int contract_action_allowed(enum contract_status s, enum contract_action a);
/* The status after action a from s (extend keeps s), or
 * CONTRACT_STATUS__MAX when a is not allowed from s. */
enum contract_status contract_action_result(
    enum contract_status s, enum contract_action a);

/* How a typed date was read. */
enum contract_date_err {
	CONTRACT_DATE_OK = 0,
	CONTRACT_DATE_EMPTY, /* nothing typed */
	CONTRACT_DATE_BAD, /* not "2026-05-14" or "14.5.2026", or no such day */
};

/* Reads a date typed as "2026-05-14" or "14.5.2026" into out as
 * "YYYY-MM-DD". out gets "" unless the result is CONTRACT_DATE_OK. */
enum contract_date_err contract_date_read(const char *s, char out[CAL_ISO_LEN]);

/* Problems of a contract period, in the order a reader fixes them. */
enum contract_period_err {
	CONTRACT_PERIOD_OK = 0,
	CONTRACT_PERIOD_START, /* start is not a "YYYY-MM-DD" date */
	CONTRACT_PERIOD_END,   /* end is not a "YYYY-MM-DD" date */
	CONTRACT_PERIOD_ORDER, /* end before start (one day, start = end, is
	                          allowed) */
};

/* Checks a period given as two "YYYY-MM-DD" dates. */
enum contract_period_err contract_period_check(
    const char *start, const char *end);

enum contract_extend_err {
	CONTRACT_EXTEND_OK = 0,
	CONTRACT_EXTEND_BAD,       /* new_end is not a "YYYY-MM-DD" date */
	CONTRACT_EXTEND_NOT_LATER, /* new_end is on or before old_end */
};

/* May an extension move the end date from old_end to new_end (both
 * "YYYY-MM-DD")? Only later: an extension never shortens a contract. */
enum contract_extend_err contract_extend_check(
    const char *old_end, const char *new_end);

/* 1 when a contract whose period ends on end_date may be ended (rather
 * than terminated) on day today: on its last day or after, else 0. Both
 * "YYYY-MM-DD"; 0 when either is not a date. */
int contract_may_end(const char *end_date, const char *today);

/* 1 when a contract may record signed_date ("YYYY-MM-DD") as its
 * signing date on day today: a real date not after today. */
int contract_signed_date_ok(const char *signed_date, const char *today);

/* How a typed amount or count was read. */
enum contract_num_err {
	CONTRACT_NUM_OK = 0,
	CONTRACT_NUM_EMPTY,  /* nothing typed */
	CONTRACT_NUM_FORMAT, /* not a number in the expected form */
	CONTRACT_NUM_RANGE,  /* a number, but negative, zero where a price
	                        must be above zero, or too large */
};

/* Reads a daily price typed as euros ("24,50", "24.5", "24") into cents;
 * a price must be above zero and at most 10 000 €. "-1" is
 * CONTRACT_NUM_RANGE, "abc" CONTRACT_NUM_FORMAT. *cents is set only on
 * CONTRACT_NUM_OK. */
enum contract_num_err contract_price_read(const char *s, int64_t *cents);

/* The most places a contract may offer (the schema's check). */
#define CONTRACT_CAPACITY_MAX 10000

/* Reads the capacity offered (clients at a time), a whole number
 * 0..CONTRACT_CAPACITY_MAX. *out is set only on CONTRACT_NUM_OK. */
enum contract_num_err contract_capacity_read(const char *s, int64_t *out);

/* The daily price of a contract made from an awarded lot: the lot's
 * fixed price when the lot's pricing is "fixed", else the price of the
 * provider's submission. 0 when that price is missing or not above
 * zero, or pricing is neither "fixed" nor "bid". */
int64_t contract_daily_price(
    const char *pricing, int64_t fixed_price_cents, int64_t bid_price_cents);

/* The English message id of a service form for _(): "Individual",
 * "Group", "Individual or group"; NULL when form is none of
 * "individual", "group", "both". Static. */
const char *contract_form_label(const char *form);

#endif
