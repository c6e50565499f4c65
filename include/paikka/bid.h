/* bid.h: the rules of a bid, with no HTTP in them: when bids may be
 * changed, when a bid is complete, its canonical text and receipt hash.
 *
 * The canonical text is what a receipt proves: the provider's bid as
 * submitted, in a fixed order and with every free text length-prefixed,
 * so two different bids never have the same text. Its SHA-256 is the
 * receipt hash shown on screen and kept in bid_submissions.
 *
 *   paikka-bid 1\n
 *   tender <tender id>\n
 *   org <organisation id>\n
 *   then per chosen lot, in lot-number order:
 *     lot <lot number>\n
 *     price <cents per day>\n            (a fixed-price lot: the fixed price)
 *     capacity <concurrent clients>\n
 *     work <bytes>:<text>\n
 *     and per criterion of the lot, in criterion-number order:
 *       answer <criterion number> <bytes>:<text>\n
 *   then per requirement of the tender, in requirement-number order:
 *     requirement <number> confirmed <0|1> attachment <sha256 hex|->\n
 *
 * <bytes> is the decimal byte length of the UTF-8 text that follows the
 * colon; the text may hold any bytes, newlines included. A withdrawal's
 * text is
 *
 *   paikka-withdraw 1\n
 *   bid <bid id>\n
 *   time <UTC seconds>\n
 */
#ifndef PAIKKA_BID_H
#define PAIKKA_BID_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Limits of the free texts, in characters (code points). */
enum {
	BID_WORK_MAX = 10000,
	BID_ANSWER_MAX = 20000,
	BID_CAPACITY_MAX = 10000,
	QUESTION_MAX = 5000,
};

/* One chosen lot of a bid. */
struct bid_lot {
	int64_t lot_id;
	int number;            /* the lot's number in the tender, 1-99 */
	int fixed;             /* the lot has a fixed price */
	int64_t fixed_cents;   /* that price (fixed lots) */
	int64_t ceiling_cents; /* 0: no ceiling (bid-priced lots) */
	int64_t price_cents;   /* the offered price; 0: not given */
	int64_t capacity;      /* concurrent clients; 0: not given */
	const char *work;      /* where and what kind of work; never NULL */
};

/* The answer to one quality criterion of a chosen lot. */
struct bid_answer {
	int64_t criterion_id;
	int lot_number;
	int number;       /* the criterion's number within its lot */
	const char *text; /* never NULL; "" when not answered */
};

/* The response to one qualification requirement of the tender. */
struct bid_req {
	int64_t requirement_id;
	int number;
	int needs_attachment;
	int confirmed;
	const char *file_sha256; /* the attachment's hex SHA-256, NULL: none */
};

/* A bid as it would be submitted: the chosen lots, the answers to the
 * criteria of those lots, and every requirement of the tender. */
struct bid_content {
	int64_t tender_id;
	int64_t org_id;
	struct bid_lot *lots;
	size_t nlots;
	struct bid_answer *answers;
	size_t nanswers;
	struct bid_req *reqs;
	size_t nreqs;
};

/* Sorts lots by number, answers by lot and criterion number, requirements
 * by number, in place (the canonical order). */
void bid_sort(struct bid_content *b);

/* Appends the canonical text of b (sorted first, see bid_sort) to out. */
void bid_canonical(struct bid_content *b, struct buf *out);
/* Appends the canonical text of a withdrawal of bid_id at time t. */
void bid_withdraw_canonical(int64_t bid_id, int64_t t, struct buf *out);
/* Hex SHA-256 of text[0..len) into out (65 bytes). */
void bid_hash(const char *text, size_t len, char out[65]);

/* Why a bid cannot be submitted. */
enum bid_problem_kind {
	BID_NO_LOT,         /* no lot chosen */
	BID_PRICE_MISSING,  /* a bid-priced lot without a price */
	BID_PRICE_CEILING,  /* a price above the lot's ceiling */
	BID_CAPACITY,       /* capacity below 1 (or above the limit) */
	BID_WORK_MISSING,   /* no description of the work */
	BID_ANSWER_MISSING, /* a criterion not answered */
	BID_NOT_CONFIRMED,  /* a requirement not confirmed */
	BID_NO_ATTACHMENT,  /* a requirement's attachment missing */
};

struct bid_problem {
	enum bid_problem_kind kind;
	size_t index; /* into lots, answers or reqs; 0 for BID_NO_LOT */
};

/* Checks that b is complete enough to submit. Writes at most max problems
 * to out in the order lots, answers, requirements, and returns how many
 * there are in all (0: complete). A text of only white space counts as
 * missing. */
size_t bid_check(
    const struct bid_content *b, struct bid_problem *out, size_t max);

/* 1 while a bid may still be saved, submitted or withdrawn: the tender is
 * published and now is before the deadline (a bid received at the very
 * second of the deadline is late). 0 otherwise, also without a deadline.
 * status is tenders.status. */
int bid_open(const char *status, int64_t now, int64_t deadline);
/* 1 while questions may be asked: published and before the questions
 * deadline, or before the bids deadline when there is none. */
int bid_questions_open(const char *status, int64_t now,
    int64_t questions_deadline, int64_t bids_deadline);

/* An id for a new bid, submission or organisation document that says
 * nothing about how many others exist: the time in its high bits, 20
 * random bits below, and always above floor (the highest id of the same
 * bid, so a bid's rows still sort in the order they were made). The
 * caller checks that it is free. Stays below 2^53 until the year 2240. */
int64_t bid_opaque_id(int64_t now, uint32_t random, int64_t floor);

/* Copies text into out (at least len + 1 bytes) with every "\r\n" and
 * lone "\r" turned into "\n": browsers send textarea lines with CRLF,
 * and the canonical text should not depend on the browser. Returns the
 * new length. */
size_t bid_text_normalise(const char *text, size_t len, char *out);

#endif
