/* test_scoring.c: exact expected points, rounding, ranking and the checks
 * of bad input for tender scoring. */
#include <stdint.h>
#include <string.h>

#include "paikka/scoring.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A lot with no quality criteria and the given price weight. */
static struct score_lot price_only(int weight)
{
	struct score_lot lot = {weight, 0, NULL};

	return lot;
}

/* Returns a bid not excluded with id, receipt time, price and quality. */
static struct score_bid bid(
    int64_t id, int64_t at, int64_t price, const int *quality)
{
	struct score_bid b = {id, at, 0, price, quality};

	return b;
}

TEST(price_points_weight_40)
{
	struct score_lot lot = price_only(40);
	struct score_bid bids[] = {
	    bid(1, 100, 1000, NULL),
	    bid(2, 101, 1250, NULL),
	    bid(3, 102, 2000, NULL),
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[0].price_points == 4000);
	CHECK(out[1].price_points == 3200);
	CHECK(out[2].price_points == 2000);
	CHECK(out[0].total == 4000 && out[0].quality_points == 0);
	CHECK(out[0].rank == 1 && out[1].rank == 2 && out[2].rank == 3);
}

TEST(price_points_weight_30_rounds)
{
	/* 1009 / 1111 * 30 = 27.2457... → 27.25 */
	CHECK(score_price_points(1009, 1009, 30) == 3000);
	CHECK(score_price_points(1009, 1111, 30) == 2725);
}

TEST(price_points_rounding_half_up)
{
	CHECK(score_price_points(1, 8, 1) == 13);  /* 0.125 → 0.13 */
	CHECK(score_price_points(3, 8, 1) == 38);  /* 0.375 → 0.38 */
	CHECK(score_price_points(1, 3, 1) == 33);  /* 0.3333 → 0.33 */
	CHECK(score_price_points(2, 3, 1) == 67);  /* 0.6667 → 0.67 */
	CHECK(score_price_points(1, 16, 1) == 6);  /* 0.0625 → 0.06 */
	CHECK(score_price_points(1, 400, 1) == 0); /* 0.0025 → 0.00 */
	CHECK(score_price_points(1, 200, 1) == 1); /* 0.005 → 0.01 */
	CHECK(score_price_points(999, 1000, 40) == 3996);
	CHECK(score_price_points(5, 5, 100) == 10000);
	CHECK(score_price_points(5, 7, 0) == 0);
}

/* For every small case the result r is the exact value 100*L*W/P rounded
 * half up: r - 1/2 <= exact < r + 1/2. */
TEST(price_points_rounding_exhaustive)
{
	for (int64_t p = 1; p <= 120; p++)
		for (int64_t l = 1; l <= p; l++)
			for (int w = 0; w <= 100; w++) {
				int64_t r = score_price_points(l, p, w);
				int64_t exact2 =
				    200 * l * w; /* 2 * exact * p */

				CHECK(2 * r * p - p <= exact2);
				CHECK(exact2 < 2 * r * p + p);
			}
}

TEST(price_points_bad_input)
{
	CHECK(score_price_points(0, 100, 40) == -1);
	CHECK(score_price_points(100, 0, 40) == -1);
	CHECK(score_price_points(101, 100, 40) == -1); /* lowest > price */
	CHECK(score_price_points(100, 100, -1) == -1);
	CHECK(score_price_points(100, 100, 101) == -1);
	CHECK(score_price_points(100, SCORE_PRICE_MAX + 1, 40) == -1);
	CHECK(score_price_points(-5, 100, 40) == -1);
}

TEST(price_points_near_max_no_overflow)
{
	int64_t max = SCORE_PRICE_MAX;

	CHECK(score_price_points(max, max, 100) == 10000);
	CHECK(score_price_points(max - 1, max, 100) == 10000);
	CHECK(score_price_points(max / 2, max, 100) == 5000);
	CHECK(score_price_points(max / 3, max, 100) == 3333);
	CHECK(score_price_points(1, max, 100) == 0);
	/* 99 999 999 999 / 10^11 * 37 = 36.99999... → 37.00 */
	CHECK(score_price_points(max - 1, max, 37) == 3700);
	/* 2/3 of the way: 66 666 666 667 / 10^11 * 100 = 66.67 */
	CHECK(score_price_points(66666666667, max, 100) == 6667);
	/* 4 * 10^10 / 10^11 * 40 = 16.00 exactly */
	CHECK(score_price_points(40000000000, max, 40) == 1600);
}

TEST(lot_near_max_prices)
{
	struct score_lot lot = price_only(100);
	struct score_bid bids[] = {
	    bid(1, 1, SCORE_PRICE_MAX, NULL),
	    bid(2, 2, SCORE_PRICE_MAX - 1, NULL),
	    bid(3, 3, SCORE_PRICE_MAX / 4 * 3, NULL),
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[2].price_points == 10000);
	CHECK(out[1].price_points == 7500);
	CHECK(out[0].price_points == 7500);
	/* Equal points and quality: the earlier receipt ranks first. */
	CHECK(out[2].rank == 1 && out[0].rank == 2 && out[1].rank == 3);
}

TEST(single_bid_full_price_points)
{
	struct score_lot lot = price_only(60);
	struct score_bid b = bid(7, 1, 123456, NULL);
	struct score_result out;

	CHECK(score_lot(&lot, &b, 1, &out, NULL) == SCORE_OK);
	CHECK(out.price_points == 6000);
	CHECK(out.total == 6000);
	CHECK(out.rank == 1);
}

TEST(excluded_bid_does_not_set_lowest)
{
	struct score_lot lot = price_only(40);
	struct score_bid bids[] = {
	    bid(1, 1, 500, NULL),
	    bid(2, 2, 1000, NULL),
	    bid(3, 3, 2000, NULL),
	};
	struct score_result out[LEN(bids)];

	bids[0].excluded = 1;
	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[0].price_points == 0 && out[0].total == 0);
	CHECK(out[0].rank == 0);
	CHECK(out[1].price_points == 4000 && out[1].rank == 1);
	CHECK(out[2].price_points == 2000 && out[2].rank == 2);
}

TEST(price_and_quality)
{
	/* Price 40, quality criteria 30 + 30. */
	static const int max[] = {30, 30};
	static const int q1[] = {1500, 2000}; /* 35.00 */
	static const int q2[] = {3000, 2550}; /* 55.50 */
	static const int q3[] = {2000, 2000}; /* 40.00 */
	struct score_lot lot = {40, LEN(max), max};
	struct score_bid bids[] = {
	    bid(11, 10, 1000, q1), /* 40.00 + 35.00 = 75.00 */
	    bid(12, 11, 1600, q2), /* 25.00 + 55.50 = 80.50 */
	    bid(13, 12, 1009, q3), /* 39.64 + 40.00 = 79.64 */
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[0].price_points == 4000 && out[0].quality_points == 3500);
	CHECK(out[0].total == 7500);
	CHECK(out[1].price_points == 2500 && out[1].quality_points == 5550);
	CHECK(out[1].total == 8050);
	/* 1000 / 1009 * 40 = 39.6432... → 39.64 */
	CHECK(out[2].price_points == 3964 && out[2].total == 7964);
	CHECK(out[1].rank == 1 && out[2].rank == 2 && out[0].rank == 3);
}

TEST(fixed_price_ranks_by_quality)
{
	static const int max[] = {50, 50};
	static const int q1[] = {4000, 3000};
	static const int q2[] = {5000, 4525};
	static const int q3[] = {1000, 0};
	struct score_lot lot = {0, LEN(max), max};
	struct score_bid bids[] = {
	    bid(1, 10, 100, q1),
	    bid(2, 11, 0, q2),  /* prices are ignored, even a missing one */
	    bid(3, 12, -5, q3), /* or a nonsense one */
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	for (size_t i = 0; i < LEN(bids); i++) {
		CHECK(out[i].price_points == 0);
		CHECK(out[i].total == out[i].quality_points);
	}
	CHECK(out[0].total == 7000 && out[1].total == 9525);
	CHECK(out[2].total == 1000);
	CHECK(out[1].rank == 1 && out[0].rank == 2 && out[2].rank == 3);
}

TEST(ties_broken_by_quality_then_receipt_then_id)
{
	static const int max[] = {60};
	static const int qa[] = {2000};
	static const int qb[] = {4000};
	struct score_lot lot = {40, LEN(max), max};
	struct score_bid bids[] = {
	    /* 40.00 + 20.00 = 60.00 */
	    bid(1, 100, 1000, qa),
	    /* 20.00 + 40.00 = 60.00: same total, more quality → before 1 */
	    bid(2, 200, 2000, qb),
	    /* the same as bid 2 but received earlier → before it */
	    bid(3, 150, 2000, qb),
	    /* the same as bid 3, received at the same second, higher id */
	    bid(9, 150, 2000, qb),
	    /* the same as the one before, even the id: input order decides */
	    bid(9, 150, 2000, qb),
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[0].price_points == 4000 && out[1].price_points == 2000);
	for (size_t i = 0; i < LEN(bids); i++)
		CHECK(out[i].total == 6000);
	CHECK(out[2].rank == 1);
	CHECK(out[3].rank == 2);
	CHECK(out[4].rank == 3);
	CHECK(out[1].rank == 4);
	CHECK(out[0].rank == 5);
}

TEST(ties_quality_before_receipt)
{
	/* Weight 50: three bids at 50.00; more quality beats an earlier
	 * receipt, and receipt decides between equal quality. */
	static const int max[] = {50};
	static const int qa[] = {1000};
	static const int qb[] = {2500};
	struct score_lot lot = {50, LEN(max), max};
	struct score_bid bids[] = {
	    bid(1, 10, 1250, qa), /* 40.00 + 10.00 = 50.00, the earliest */
	    bid(2, 60, 2000, qb), /* 25.00 + 25.00 = 50.00 */
	    bid(3, 40, 2000, qb), /* the same, received earlier */
	    bid(4, 70, 1000, qa), /* 50.00 + 10.00 = 60.00 */
	};
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[0].price_points == 4000 && out[0].total == 5000);
	CHECK(out[1].price_points == 2500 && out[1].total == 5000);
	CHECK(out[2].total == 5000);
	CHECK(out[3].price_points == 5000 && out[3].total == 6000);
	CHECK(out[3].rank == 1);
	CHECK(out[2].rank == 2 && out[1].rank == 3 && out[0].rank == 4);
}

TEST(invalid_quality_reported)
{
	static const int max[] = {30, 20};
	static const int ok[] = {3000, 2000};
	static const int over[] = {3000, 2001};
	static const int neg[] = {-1, 0};
	struct score_lot lot = {50, LEN(max), max};
	struct score_bid bids[] = {
	    bid(1, 1, 100, ok),
	    bid(2, 2, 100, over),
	    bid(3, 3, 100, neg),
	};
	struct score_result out[LEN(bids)];
	struct score_problem p;
	size_t crit;

	memset(out, 0xff, sizeof out);
	CHECK(score_lot(&lot, bids, LEN(bids), out, &p) == SCORE_BAD_QUALITY);
	CHECK(p.status == SCORE_BAD_QUALITY);
	CHECK(p.bid == 1 && p.criterion == 1);
	for (size_t i = 0; i < LEN(bids); i++)
		CHECK(out[i].total == 0 && out[i].rank == 0);
	/* Every problem, bid by bid. */
	CHECK(score_check_bid(&lot, &bids[0], &crit) == SCORE_OK);
	CHECK(crit == SIZE_MAX);
	CHECK(score_check_bid(&lot, &bids[1], &crit) == SCORE_BAD_QUALITY);
	CHECK(crit == 1);
	CHECK(score_check_bid(&lot, &bids[2], &crit) == SCORE_BAD_QUALITY);
	CHECK(crit == 0);
	/* Missing quality points. */
	bids[0].quality = NULL;
	CHECK(score_check_bid(&lot, &bids[0], &crit) == SCORE_BAD_QUALITY);
	CHECK(crit == SIZE_MAX);
	/* Excluded bids are not checked. */
	bids[0].excluded = bids[1].excluded = bids[2].excluded = 1;
	CHECK(score_lot(&lot, bids, LEN(bids), out, &p) == SCORE_OK);
	CHECK(p.status == SCORE_OK && p.bid == SIZE_MAX);
	for (size_t i = 0; i < LEN(bids); i++)
		CHECK(out[i].rank == 0);
}

TEST(invalid_price_reported)
{
	struct score_lot lot = price_only(40);
	struct score_bid bids[] = {
	    bid(1, 1, 100, NULL),
	    bid(2, 2, 0, NULL),
	};
	struct score_problem p;
	struct score_result out[LEN(bids)];

	CHECK(score_lot(&lot, bids, LEN(bids), out, &p) == SCORE_BAD_PRICE);
	CHECK(p.bid == 1 && p.criterion == SIZE_MAX);
	bids[1].price_cents = SCORE_PRICE_MAX + 1;
	CHECK(score_lot(&lot, bids, LEN(bids), out, &p) == SCORE_BAD_PRICE);
	bids[1].price_cents = -100;
	CHECK(score_check_bid(&lot, &bids[1], NULL) == SCORE_BAD_PRICE);
	bids[1].price_cents = SCORE_PRICE_MAX;
	CHECK(score_lot(&lot, bids, LEN(bids), out, &p) == SCORE_OK);
}

TEST(invalid_lot_reported)
{
	static const int max_ok[] = {30};
	static const int max_zero[] = {0};
	static const int max_big[] = {101};
	struct score_lot lot = {101, 0, NULL};
	struct score_bid b = bid(1, 1, 100, NULL);
	struct score_result out;
	struct score_problem p;

	CHECK(score_check_lot(&lot) == SCORE_BAD_WEIGHT);
	CHECK(score_lot(&lot, &b, 1, &out, &p) == SCORE_BAD_WEIGHT);
	CHECK(p.bid == SIZE_MAX);
	lot.price_weight = -1;
	CHECK(score_check_lot(&lot) == SCORE_BAD_WEIGHT);
	lot.price_weight = 70;
	CHECK(score_check_lot(&lot) == SCORE_OK);
	lot.ncriteria = 1;
	CHECK(score_check_lot(&lot) == SCORE_BAD_CRITERIA); /* NULL maxima */
	lot.criterion_max = max_zero;
	CHECK(score_check_lot(&lot) == SCORE_BAD_CRITERIA);
	lot.criterion_max = max_big;
	CHECK(score_check_lot(&lot) == SCORE_BAD_CRITERIA);
	lot.criterion_max = max_ok;
	CHECK(score_check_lot(&lot) == SCORE_OK);
	lot.ncriteria = SCORE_CRITERIA_MAX + 1;
	CHECK(score_check_lot(&lot) == SCORE_BAD_CRITERIA);
	CHECK(score_check_lot(NULL) == SCORE_BAD_ARGUMENTS);
	CHECK(score_lot(NULL, &b, 1, &out, &p) == SCORE_BAD_ARGUMENTS);
	lot.ncriteria = 0;
	CHECK(score_lot(&lot, NULL, 1, &out, &p) == SCORE_BAD_ARGUMENTS);
	CHECK(score_lot(&lot, &b, 1, NULL, &p) == SCORE_BAD_ARGUMENTS);
	CHECK(score_lot(&lot, NULL, 0, NULL, &p) == SCORE_OK);
	CHECK(score_check_bid(&lot, NULL, NULL) == SCORE_BAD_ARGUMENTS);
}

TEST(framework_selection)
{
	struct score_lot lot = price_only(100);
	struct score_bid bids[] = {
	    bid(1, 1, 3000, NULL),
	    bid(2, 2, 1000, NULL),
	    bid(3, 3, 500, NULL), /* excluded below */
	    bid(4, 4, 2000, NULL),
	};
	struct score_result out[LEN(bids)];

	bids[2].excluded = 1;
	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	CHECK(out[1].rank == 1 && out[3].rank == 2 && out[0].rank == 3);
	CHECK(score_select(out, LEN(bids), SCORE_SELECT_ALL) == 3);
	CHECK(out[0].selected && out[1].selected && out[3].selected);
	CHECK(!out[2].selected);
	CHECK(score_select(out, LEN(bids), 2) == 2);
	CHECK(!out[0].selected && out[1].selected && out[3].selected);
	CHECK(!out[2].selected);
	CHECK(score_select(out, LEN(bids), 1) == 1);
	CHECK(out[1].selected && !out[3].selected);
	CHECK(score_select(out, LEN(bids), 10) == 3);
	CHECK(!out[2].selected);
	CHECK(score_select(NULL, 0, 1) == 0);
}

/* Ranks are always a permutation of 1..n over the bids not excluded. */
TEST(ranks_are_a_permutation)
{
	static const int max[] = {20, 20, 20};
	int q[40][3];
	struct score_bid bids[40];
	struct score_result out[40];
	struct score_lot lot = {40, LEN(max), max};
	unsigned seed = 12345;
	size_t nranked = 0;
	int seen[41] = {0};

	for (size_t i = 0; i < LEN(bids); i++) {
		for (int c = 0; c < 3; c++) {
			seed = seed * 1103515245u + 12345u;
			q[i][c] = (int)((seed >> 8) % 5) * 500;
		}
		seed = seed * 1103515245u + 12345u;
		bids[i] = bid((int64_t)(i % 7), (int64_t)(seed >> 28),
		    1000 + (int64_t)((seed >> 8) % 4) * 250, q[i]);
		bids[i].excluded = i % 9 == 4;
		nranked += !bids[i].excluded;
	}
	CHECK(score_lot(&lot, bids, LEN(bids), out, NULL) == SCORE_OK);
	for (size_t i = 0; i < LEN(bids); i++) {
		if (bids[i].excluded) {
			CHECK(out[i].rank == 0);
			continue;
		}
		CHECK(out[i].rank >= 1 && out[i].rank <= nranked);
		if (out[i].rank >= 1 && out[i].rank <= nranked)
			seen[out[i].rank]++;
		for (size_t j = 0; j < LEN(bids); j++)
			if (!bids[j].excluded && out[j].rank < out[i].rank)
				CHECK(out[j].total >= out[i].total);
	}
	for (size_t r = 1; r <= nranked; r++)
		CHECK(seen[r] == 1);
}

TEST(format_points)
{
	char buf[SCORE_FMT_LEN];
	char small[5];

	CHECK_STR(score_format(buf, sizeof buf, 1234, '.'), "12.34");
	CHECK_STR(score_format(buf, sizeof buf, 1234, ','), "12,34");
	CHECK_STR(score_format(buf, sizeof buf, 2725, ','), "27,25");
	CHECK_STR(score_format(buf, sizeof buf, 10000, '.'), "100.00");
	CHECK_STR(score_format(buf, sizeof buf, 5, ','), "0,05");
	CHECK_STR(score_format(buf, sizeof buf, 0, ','), "0,00");
	CHECK_STR(score_format(buf, sizeof buf, -5, '.'), "-0.05");
	CHECK_STR(score_format(buf, sizeof buf, -1234, ','), "-12,34");
	CHECK_STR(score_format(buf, sizeof buf, INT64_MAX, '.'),
	    "92233720368547758.07");
	CHECK_STR(score_format(buf, sizeof buf, INT64_MIN, '.'),
	    "-92233720368547758.08");
	CHECK_STR(score_format(small, sizeof small, 1234, '.'), "");
	CHECK_STR(score_format(small, sizeof small, 999, '.'), "9.99");
	CHECK(score_format(NULL, 0, 1, '.') == NULL);
}

TEST(status_texts)
{
	for (int s = 0; s < SCORE_STATUS__MAX; s++) {
		const char *t = score_status_text((enum score_status)s);

		CHECK(t != NULL && t[0] != '\0');
	}
	CHECK(score_status_text(SCORE_STATUS__MAX) == NULL);
	CHECK(score_status_text((enum score_status) - 1) == NULL);
}

int main(void)
{
	RUN(price_points_weight_40);
	RUN(price_points_weight_30_rounds);
	RUN(price_points_rounding_half_up);
	RUN(price_points_rounding_exhaustive);
	RUN(price_points_bad_input);
	RUN(price_points_near_max_no_overflow);
	RUN(lot_near_max_prices);
	RUN(single_bid_full_price_points);
	RUN(excluded_bid_does_not_set_lowest);
	RUN(price_and_quality);
	RUN(fixed_price_ranks_by_quality);
	RUN(ties_broken_by_quality_then_receipt_then_id);
	RUN(ties_quality_before_receipt);
	RUN(invalid_quality_reported);
	RUN(invalid_price_reported);
	RUN(invalid_lot_reported);
	RUN(framework_selection);
	RUN(ranks_are_a_permutation);
	RUN(format_points);
	RUN(status_texts);
	return TEST_END();
}
