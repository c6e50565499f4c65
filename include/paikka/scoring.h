/* scoring.h: scoring and ranking the bids of one lot.
 *
 * Exact integer arithmetic: points are hundredths of a point ("x100",
 * 2725 is 27.25 points), rounded half up; no floating point anywhere.
 * Price points go to the lowest price of the bids still in the
 * competition, others in proportion (lowest / price x weight); quality
 * points are the evaluators' points per criterion as given. A lot with
 * price weight 0 is fixed-price: prices are ignored and bids compete on
 * quality only. Nothing here allocates or touches globals. */
#ifndef PAIKKA_SCORING_H
#define PAIKKA_SCORING_H

#include <stddef.h>
#include <stdint.h>

#define SCORE_WEIGHT_MAX 100
#define SCORE_CRITERIA_MAX 32
#define SCORE_CRITERION_MAX_POINTS 100
/* Prices up to 10^9 euros (as valid_cents), so every product in the price
 * points formula fits in 64 bits. */
#define SCORE_PRICE_MAX INT64_C(100000000000)
/* score_select: every ranked bid. */
#define SCORE_SELECT_ALL 0
/* Room for the text of any points value score_format writes. */
#define SCORE_FMT_LEN 24

/* One lot's award criteria. The module does not require the price weight
 * and the maxima to add up to 100; the tender decides its scale. */
struct score_lot {
	int price_weight;         /* 0..100; 0 = fixed price */
	size_t ncriteria;         /* 0..SCORE_CRITERIA_MAX */
	const int *criterion_max; /* ncriteria maxima, whole points 1..100 */
};

/* One bid as received and evaluated. */
struct score_bid {
	int64_t id;          /* unique within the lot; the last tie-break */
	int64_t received_at; /* UTC seconds, the recorded time of receipt */
	int excluded;        /* nonzero: out of the competition */
	int64_t price_cents; /* 1..SCORE_PRICE_MAX; ignored at weight 0 */
	const int *quality;  /* ncriteria points in hundredths, each
	                        0..criterion_max*100; may be NULL when
	                        excluded or when ncriteria is 0 */
};

/* What score_lot works out for one bid; all zero for an excluded bid. */
struct score_result {
	int64_t price_points;   /* x100, 0..weight*100 */
	int64_t quality_points; /* x100, the sum over the criteria */
	int64_t total;          /* x100, price + quality */
	size_t rank;            /* 1..n among the bids not excluded; 0 */
	int selected;           /* set by score_select */
};

enum score_status {
	SCORE_OK = 0,
	SCORE_BAD_WEIGHT,    /* price weight not 0..100 */
	SCORE_BAD_CRITERIA,  /* too many criteria, or a maximum not 1..100 */
	SCORE_BAD_PRICE,     /* a price not 1..SCORE_PRICE_MAX */
	SCORE_BAD_QUALITY,   /* quality points missing or not 0..max*100 */
	SCORE_BAD_ARGUMENTS, /* a NULL where data is needed */
	SCORE_STATUS__MAX
};

/* Where score_lot found a problem: the status, and the index of the bid
 * and of the criterion it concerns (SIZE_MAX when not about one). */
struct score_problem {
	enum score_status status;
	size_t bid;
	size_t criterion;
};

/* Returns SCORE_OK when the lot's weight and criteria are acceptable, else
 * SCORE_BAD_WEIGHT or SCORE_BAD_CRITERIA. */
enum score_status score_check_lot(const struct score_lot *lot);
/* Returns SCORE_OK when bid is acceptable for lot (its price unless the
 * lot is fixed-price, each quality point value), else the first problem,
 * with the criterion's index in *criterion (may be NULL; SIZE_MAX when not
 * about a criterion). Excluded bids are not checked and always pass, so a
 * caller can list every problem of every bid by calling this per bid. */
enum score_status score_check_bid(const struct score_lot *lot,
    const struct score_bid *bid, size_t *criterion);
/* Price points x100 of a bid at price for a lot whose lowest accepted price
 * is lowest: lowest / price x weight, rounded half up to hundredths.
 * Returns -1 when weight is not 0..100 or a price is not
 * 1..SCORE_PRICE_MAX or lowest > price. */
int64_t score_price_points(int64_t lowest, int64_t price, int weight);
/* Scores and ranks the nbids bids of lot into out[0..nbids) (out[i] for
 * bids[i]). Ranking of the bids not excluded: total desc, then quality
 * points desc, then time of receipt asc, then id asc (then input order),
 * ranks 1..n without gaps; excluded bids get rank 0 and zero points.
 * Returns SCORE_OK, or the first problem found (also in *problem, which
 * may be NULL) with out all zero. Quadratic in nbids, which is fine for
 * lots of up to a few thousand bids. */
enum score_status score_lot(const struct score_lot *lot,
    const struct score_bid *bids, size_t nbids, struct score_result *out,
    struct score_problem *problem);
/* Framework selection after score_lot: marks selected the ranked bids
 * with rank <= best_n, or every ranked bid when best_n is SCORE_SELECT_ALL
 * (0); clears it on the rest. Returns the number selected. */
size_t score_select(struct score_result *res, size_t nbids, size_t best_n);
/* Writes x100 points as "12.34" (sep '.') or "12,34" (sep ','), with a
 * leading '-' when negative, into dst (n bytes; SCORE_FMT_LEN always
 * suffices) and returns dst; dst gets "" when n is too small. */
char *score_format(char *dst, size_t n, int64_t x100, char sep);
/* The English text of status, a message id for _(), or NULL when status
 * is not a status code. Static storage: never free it. */
const char *score_status_text(enum score_status status);

#endif
