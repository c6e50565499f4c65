/* scoring.c: scoring and ranking the bids of one lot.
 *
 * All points are integers in hundredths. The one division that needs
 * rounding, the price points, rounds half up by adding half the divisor
 * before dividing; its operands are bounded (prices <= 10^11 cents, weight
 * <= 100) so the products stay below 2.1 * 10^15, far inside 64 bits.
 * Nothing here allocates or touches globals. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "paikka/scoring.h"

#ifndef N_
#define N_(s) (s) /* a message id for xgettext; translated by the caller */
#endif

/* The public functions below are documented in scoring.h. */
enum score_status score_check_lot(const struct score_lot *lot)
{
	if (lot == NULL)
		return SCORE_BAD_ARGUMENTS;
	if (lot->price_weight < 0 || lot->price_weight > SCORE_WEIGHT_MAX)
		return SCORE_BAD_WEIGHT;
	if (lot->ncriteria > SCORE_CRITERIA_MAX ||
	    (lot->ncriteria > 0 && lot->criterion_max == NULL))
		return SCORE_BAD_CRITERIA;
	for (size_t c = 0; c < lot->ncriteria; c++)
		if (lot->criterion_max[c] < 1 ||
		    lot->criterion_max[c] > SCORE_CRITERION_MAX_POINTS)
			return SCORE_BAD_CRITERIA;
	return SCORE_OK;
}

enum score_status score_check_bid(
    const struct score_lot *lot, const struct score_bid *bid, size_t *criterion)
{
	enum score_status st = score_check_lot(lot);

	if (criterion != NULL)
		*criterion = SIZE_MAX;
	if (st != SCORE_OK)
		return st;
	if (bid == NULL)
		return SCORE_BAD_ARGUMENTS;
	if (bid->excluded)
		return SCORE_OK;
	if (lot->price_weight > 0 &&
	    (bid->price_cents < 1 || bid->price_cents > SCORE_PRICE_MAX))
		return SCORE_BAD_PRICE;
	if (lot->ncriteria > 0 && bid->quality == NULL)
		return SCORE_BAD_QUALITY;
	for (size_t c = 0; c < lot->ncriteria; c++)
		if (bid->quality[c] < 0 ||
		    bid->quality[c] > lot->criterion_max[c] * 100) {
			if (criterion != NULL)
				*criterion = c;
			return SCORE_BAD_QUALITY;
		}
	return SCORE_OK;
}

/* x100 points = lowest / price * weight * 100, rounded half up:
 * floor((2 * lowest * weight * 100 + price) / (2 * price)). */
int64_t score_price_points(int64_t lowest, int64_t price, int weight)
{
	uint64_t num, den;

	if (weight < 0 || weight > SCORE_WEIGHT_MAX || lowest < 1 ||
	    price < 1 || lowest > SCORE_PRICE_MAX || price > SCORE_PRICE_MAX ||
	    lowest > price)
		return -1;
	/* <= 2 * 10^11 * 100 * 100 + 10^11: no overflow. */
	num = (uint64_t)lowest * (uint64_t)weight * 200u + (uint64_t)price;
	den = 2u * (uint64_t)price;
	return (int64_t)(num / den);
}

/* Returns the quality points x100 of a checked bid. */
static int64_t quality_sum(
    const struct score_lot *lot, const struct score_bid *b)
{
	int64_t sum = 0;

	for (size_t c = 0; c < lot->ncriteria; c++)
		sum += b->quality[c];
	return sum;
}

/* Returns 1 when bid i ranks before bid j (both not excluded): higher
 * total, then higher quality, then earlier receipt, then lower id, then
 * earlier in the input, so no two bids ever tie. */
static int ranks_before(const struct score_bid *bids,
    const struct score_result *out, size_t i, size_t j)
{
	if (out[i].total != out[j].total)
		return out[i].total > out[j].total;
	if (out[i].quality_points != out[j].quality_points)
		return out[i].quality_points > out[j].quality_points;
	if (bids[i].received_at != bids[j].received_at)
		return bids[i].received_at < bids[j].received_at;
	if (bids[i].id != bids[j].id)
		return bids[i].id < bids[j].id;
	return i < j;
}

/* Returns SCORE_OK when lot and every bid pass, else the first problem,
 * recorded in *p. */
static enum score_status check_all(const struct score_lot *lot,
    const struct score_bid *bids, size_t nbids, struct score_problem *p)
{
	p->status = score_check_lot(lot);
	for (size_t i = 0; i < nbids && p->status == SCORE_OK; i++) {
		p->status = score_check_bid(lot, &bids[i], &p->criterion);
		if (p->status != SCORE_OK)
			p->bid = i;
	}
	return p->status;
}

/* Returns the lowest price among the bids not excluded, or 0 when every
 * bid is excluded. */
static int64_t lowest_price(const struct score_bid *bids, size_t nbids)
{
	int64_t lowest = 0;

	for (size_t i = 0; i < nbids; i++)
		if (!bids[i].excluded &&
		    (lowest == 0 || bids[i].price_cents < lowest))
			lowest = bids[i].price_cents;
	return lowest;
}

/* Fills the points of out[0..nbids) for checked bids. */
static void score_points(const struct score_lot *lot,
    const struct score_bid *bids, size_t nbids, struct score_result *out)
{
	int64_t lowest = lot->price_weight > 0 ? lowest_price(bids, nbids) : 0;

	for (size_t i = 0; i < nbids; i++) {
		if (bids[i].excluded)
			continue;
		if (lot->price_weight > 0)
			out[i].price_points = score_price_points(
			    lowest, bids[i].price_cents, lot->price_weight);
		out[i].quality_points = quality_sum(lot, &bids[i]);
		out[i].total = out[i].price_points + out[i].quality_points;
	}
}

/* A bid's rank is one more than the number of bids ranking before it. */
static void score_rank(
    const struct score_bid *bids, size_t nbids, struct score_result *out)
{
	for (size_t i = 0; i < nbids; i++) {
		if (bids[i].excluded)
			continue;
		out[i].rank = 1;
		for (size_t j = 0; j < nbids; j++)
			if (j != i && !bids[j].excluded &&
			    ranks_before(bids, out, j, i))
				out[i].rank++;
	}
}

/* Sets out[0..nbids) to zero; out may be NULL when nbids is 0. */
static void clear_results(struct score_result *out, size_t nbids)
{
	if (out != NULL && nbids > 0)
		memset(out, 0, nbids * sizeof *out);
}

enum score_status score_lot(const struct score_lot *lot,
    const struct score_bid *bids, size_t nbids, struct score_result *out,
    struct score_problem *problem)
{
	struct score_problem p = {SCORE_OK, SIZE_MAX, SIZE_MAX};

	clear_results(out, nbids);
	if (nbids > 0 && (bids == NULL || out == NULL))
		p.status = SCORE_BAD_ARGUMENTS;
	else if (check_all(lot, bids, nbids, &p) == SCORE_OK) {
		score_points(lot, bids, nbids, out);
		score_rank(bids, nbids, out);
	}
	if (problem != NULL)
		*problem = p;
	return p.status;
}

size_t score_select(struct score_result *res, size_t nbids, size_t best_n)
{
	size_t n = 0;

	for (size_t i = 0; i < nbids; i++) {
		res[i].selected =
		    res[i].rank != 0 &&
		    (best_n == SCORE_SELECT_ALL || res[i].rank <= best_n);
		n += res[i].selected != 0;
	}
	return n;
}

char *score_format(char *dst, size_t n, int64_t x100, char sep)
{
	/* The magnitude in unsigned arithmetic: -INT64_MIN overflows. */
	uint64_t mag = x100 < 0 ? 0u - (uint64_t)x100 : (uint64_t)x100;
	int len;

	if (dst == NULL || n == 0)
		return dst;
	len = snprintf(dst, n, "%s%llu%c%02llu", x100 < 0 ? "-" : "",
	    (unsigned long long)(mag / 100), sep,
	    (unsigned long long)(mag % 100));
	if (len < 0 || (size_t)len >= n)
		dst[0] = '\0';
	return dst;
}

const char *score_status_text(enum score_status status)
{
	static const char *const texts[SCORE_STATUS__MAX] = {
	    [SCORE_OK] = N_("OK"),
	    [SCORE_BAD_WEIGHT] = N_("The price weight must be 0-100."),
	    [SCORE_BAD_CRITERIA] =
	        N_("Each criterion must have a maximum of 1-100 points."),
	    [SCORE_BAD_PRICE] = N_("The price is missing or out of range."),
	    [SCORE_BAD_QUALITY] =
	        N_("Quality points must be between 0 and the criterion's "
	           "maximum."),
	    [SCORE_BAD_ARGUMENTS] = N_("The scoring data is incomplete."),
	};

	if ((int)status < 0 || status >= SCORE_STATUS__MAX)
		return NULL;
	return texts[status];
}
