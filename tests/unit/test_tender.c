/* test_tender.c: tables of good and bad lots, tenders, amendments and
 * deadlines for the tendering rules. */
#include <stdint.h>
#include <string.h>

#include "paikka/i18n.h"
#include "paikka/tender.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-22 12:05 UTC = 14:05 in Helsinki (EET). */
#define NOW INT64_C(1795349100)
#define DAY INT64_C(86400)

struct lot_case {
	struct lot_terms l;
	unsigned want;
};

TEST(lot_check_table)
{
	static const struct lot_case cases[] = {
	    /* Fixed price 10,09 €, quality only. */
	    {{1, LOT_FIXED, 1, 1009, 0, 0, 0, 100, 1}, LOT_OK},
	    {{1, LOT_FIXED, 1, 1009, 0, 0, 0, 0, 0}, LOT_OK},
	    {{1, LOT_FIXED, 1, 1, 0, 0, 0, 60, 1}, LOT_OK},
	    /* The ceiling of a fixed lot is not looked at. */
	    {{1, LOT_FIXED, 1, 1009, 1, -5, 0, 0, 1}, LOT_OK},
	    {{1, LOT_FIXED, 0, 0, 0, 0, 0, 100, 1}, LOT_EPRICE},
	    {{1, LOT_FIXED, 1, 0, 0, 0, 0, 100, 1}, LOT_EPRICE},
	    {{1, LOT_FIXED, 1, -500, 0, 0, 0, 100, 1}, LOT_EPRICE},
	    {{1, LOT_FIXED, 1, 1009, 0, 0, 40, 60, 1}, LOT_EFIXED_WEIGHT},
	    {{1, LOT_FIXED, 0, 0, 0, 0, 40, 60, 1},
	        LOT_EPRICE | LOT_EFIXED_WEIGHT},
	    {{1, LOT_FIXED, 1, 1009, 0, 0, 0, 101, 1}, LOT_EOVER},
	    /* Bid price, with or without a ceiling. */
	    {{2, LOT_BID, 0, 0, 0, 0, 40, 60, 1}, LOT_OK},
	    {{2, LOT_BID, 0, 0, 1, 2500, 40, 60, 1}, LOT_OK},
	    {{2, LOT_BID, 0, 0, 1, 1, 100, 0, 1}, LOT_OK},
	    {{2, LOT_BID, 0, 0, 0, 0, 0, 100, 1}, LOT_OK},
	    /* The fixed price of a bid lot is not looked at. */
	    {{2, LOT_BID, 1, -1, 0, 0, 40, 0, 1}, LOT_OK},
	    {{2, LOT_BID, 0, 0, 1, 0, 40, 60, 1}, LOT_ECEILING},
	    {{2, LOT_BID, 0, 0, 1, -2500, 40, 60, 1}, LOT_ECEILING},
	    {{2, LOT_BID, 0, 0, 0, 0, 101, 0, 1}, LOT_EWEIGHT},
	    {{2, LOT_BID, 0, 0, 0, 0, -1, 0, 1}, LOT_EWEIGHT},
	    {{2, LOT_BID, 0, 0, 0, 0, 40, 61, 1}, LOT_EOVER},
	    {{2, LOT_BID, 0, 0, 1, 0, 50, 60, 1}, LOT_ECEILING | LOT_EOVER},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		unsigned got = lot_check(&cases[i].l);
		if (got != cases[i].want)
			printf("# case %zu: got %#x, want %#x\n", i, got,
			    cases[i].want);
		CHECK(got == cases[i].want);
	}
}

/* Two valid lots, as in the stack test. */
static const struct lot_terms good_lots[] = {
    {1, LOT_FIXED, 1, 1009, 0, 0, 0, 100, 3},
    {2, LOT_BID, 0, 0, 1, 2500, 40, 60, 1},
};

static struct tender_terms good_tender(void)
{
	struct tender_terms t = {
	    .has_title = 1,
	    .contract_start = "2027-01-01",
	    .contract_end = "2028-12-31",
	    .questions_deadline = NOW + 10 * DAY,
	    .bids_deadline = NOW + 20 * DAY,
	    .now = NOW,
	    .lots = good_lots,
	    .nlots = LEN(good_lots),
	};
	return t;
}

TEST(publish_good_tender_has_no_problems)
{
	struct tender_terms t = good_tender();
	struct tender_problem p[8];
	CHECK(tender_publish_problems(&t, p, LEN(p)) == 0);
	/* A deadline one second ahead is still in the future. */
	t.bids_deadline = NOW + 1;
	t.questions_deadline = NOW;
	CHECK(tender_publish_problems(&t, p, LEN(p)) == 0);
	/* A one-day contract period is a period. */
	t.contract_end = "2027-01-02";
	CHECK(tender_publish_problems(&t, p, LEN(p)) == 0);
}

struct field_case {
	const char *what;
	void (*spoil)(struct tender_terms *t);
	enum tender_problem_code want;
};

static void no_title(struct tender_terms *t)
{
	t->has_title = 0;
}
static void no_start(struct tender_terms *t)
{
	t->contract_start = "";
}
static void no_end(struct tender_terms *t)
{
	t->contract_end = NULL;
}
static void end_before_start(struct tender_terms *t)
{
	t->contract_end = "2026-12-31";
}
static void end_is_start(struct tender_terms *t)
{
	t->contract_end = t->contract_start;
}
static void no_questions(struct tender_terms *t)
{
	t->questions_deadline = 0;
}
static void bids_now(struct tender_terms *t)
{
	t->bids_deadline = NOW;
	t->questions_deadline = NOW - DAY;
}
static void bids_past(struct tender_terms *t)
{
	t->bids_deadline = NOW - DAY;
	t->questions_deadline = NOW - 2 * DAY;
}
static void questions_after(struct tender_terms *t)
{
	t->questions_deadline = t->bids_deadline + 60;
}
static void questions_same(struct tender_terms *t)
{
	t->questions_deadline = t->bids_deadline;
}
static void no_lots(struct tender_terms *t)
{
	t->nlots = 0;
}

TEST(publish_one_problem_each)
{
	static const struct field_case cases[] = {
	    {"no title", no_title, TP_TITLE},
	    {"no start", no_start, TP_CONTRACT_PERIOD},
	    {"no end", no_end, TP_CONTRACT_PERIOD},
	    {"end before start", end_before_start, TP_CONTRACT_ORDER},
	    {"end is start", end_is_start, TP_CONTRACT_ORDER},
	    {"no questions deadline", no_questions, TP_QUESTIONS_DEADLINE},
	    {"bids deadline now", bids_now, TP_BIDS_PAST},
	    {"bids deadline past", bids_past, TP_BIDS_PAST},
	    {"questions after bids", questions_after, TP_QUESTIONS_AFTER_BIDS},
	    {"questions at bids", questions_same, TP_QUESTIONS_AFTER_BIDS},
	    {"no lots", no_lots, TP_NO_LOTS},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		struct tender_terms t = good_tender();
		struct tender_problem p[8];
		cases[i].spoil(&t);
		size_t n = tender_publish_problems(&t, p, LEN(p));
		if (n != 1 || p[0].code != cases[i].want)
			printf("# %s: %zu problems, first %d\n", cases[i].what,
			    n, n ? (int)p[0].code : -1);
		CHECK(n == 1 && p[0].code == cases[i].want && p[0].lot == 0);
	}
}

TEST(publish_no_bids_deadline_is_one_problem)
{
	/* Without a bids deadline, "past" and "order" make no sense. */
	struct tender_terms t = good_tender();
	struct tender_problem p[8];
	t.bids_deadline = 0;
	CHECK(tender_publish_problems(&t, p, LEN(p)) == 1);
	CHECK(p[0].code == TP_BIDS_DEADLINE);
}

struct lot_problem_case {
	struct lot_terms l;
	enum tender_problem_code want;
	int value;
};

TEST(publish_lot_problems_name_the_lot)
{
	static const struct lot_problem_case cases[] = {
	    {{3, LOT_FIXED, 1, 1009, 0, 0, 0, 90, 1}, TP_LOT_WEIGHTS, 90},
	    {{3, LOT_FIXED, 1, 1009, 0, 0, 0, 0, 1}, TP_LOT_WEIGHTS, 0},
	    {{3, LOT_BID, 0, 0, 0, 0, 40, 70, 1}, TP_LOT_WEIGHTS, 110},
	    {{3, LOT_BID, 0, 0, 0, 0, 100, 0, 0}, TP_LOT_MUNICIPALITY, 0},
	    {{3, LOT_FIXED, 0, 0, 0, 0, 0, 100, 2}, TP_LOT_PRICING, 0},
	    {{3, LOT_BID, 0, 0, 1, 0, 40, 60, 2}, TP_LOT_PRICING, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		struct lot_terms lots[3] = {
		    good_lots[0], good_lots[1], cases[i].l};
		struct tender_terms t = good_tender();
		struct tender_problem p[8];
		t.lots = lots;
		t.nlots = 3;
		size_t n = tender_publish_problems(&t, p, LEN(p));
		CHECK(n == 1);
		CHECK(p[0].code == cases[i].want);
		CHECK(p[0].lot == 3);
		CHECK(p[0].value == cases[i].value);
	}
}

TEST(publish_reports_every_problem_at_once)
{
	static const struct lot_terms lots[] = {
	    {1, LOT_FIXED, 1, 1009, 0, 0, 0, 90, 0},
	    {2, LOT_BID, 0, 0, 0, 0, 40, 60, 0},
	};
	struct tender_terms t = {
	    .has_title = 0,
	    .contract_start = "2028-01-01",
	    .contract_end = "2027-01-01",
	    .questions_deadline = NOW + DAY,
	    .bids_deadline = NOW - DAY,
	    .now = NOW,
	    .lots = lots,
	    .nlots = 2,
	};
	static const enum tender_problem_code want[] = {TP_TITLE,
	    TP_CONTRACT_ORDER, TP_BIDS_PAST, TP_QUESTIONS_AFTER_BIDS,
	    TP_LOT_WEIGHTS, TP_LOT_MUNICIPALITY, TP_LOT_MUNICIPALITY};
	static const int want_lot[] = {0, 0, 0, 0, 1, 1, 2};
	struct tender_problem p[16];
	size_t n = tender_publish_problems(&t, p, LEN(p));
	CHECK(n == LEN(want));
	for (size_t i = 0; i < n && i < LEN(want); i++) {
		CHECK(p[i].code == want[i]);
		CHECK(p[i].lot == want_lot[i]);
	}
	/* A short array still gets the full count and no overflow. */
	struct tender_problem few[2 + 1];
	few[2].code = TP_NO_LOTS;
	few[2].lot = 77;
	CHECK(tender_publish_problems(&t, few, 2) == LEN(want));
	CHECK(few[0].code == TP_TITLE);
	CHECK(few[2].lot == 77);
	CHECK(tender_publish_problems(&t, NULL, 0) == LEN(want));
}

struct amend_case {
	int64_t current, proposed;
	enum amend_err want;
};

TEST(amend_table)
{
	static const struct amend_case cases[] = {
	    {NOW + DAY, 0, AMEND_OK},
	    {NOW + DAY, NOW + 2 * DAY, AMEND_OK},
	    {NOW + DAY, NOW + DAY + 60, AMEND_OK},
	    {NOW + 1, NOW + 2, AMEND_OK},
	    {NOW + DAY, NOW + DAY, AMEND_ESHORTER},
	    {NOW + 3 * DAY, NOW + 2 * DAY, AMEND_ESHORTER},
	    {NOW + DAY, NOW, AMEND_EPAST},
	    {NOW + DAY, NOW - DAY, AMEND_EPAST},
	    {NOW, 0, AMEND_ECLOSED},
	    {NOW, NOW + DAY, AMEND_ECLOSED},
	    {NOW - DAY, NOW + DAY, AMEND_ECLOSED},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		enum amend_err got = tender_amend_check(
		    NOW, cases[i].current, cases[i].proposed);
		if (got != cases[i].want)
			printf("# case %zu: got %d, want %d\n", i, (int)got,
			    (int)cases[i].want);
		CHECK(got == cases[i].want);
	}
}

struct deadline_case {
	const char *date, *clock;
	int64_t want;
};

TEST(deadline_parse_table)
{
	static const struct deadline_case cases[] = {
	    {"2026-11-22", "14:05", NOW},
	    {"22.11.2026", "14:05", NOW},
	    {"22.11.2026", "4:05", NOW - 10 * 3600},
	    /* Summer time: 12:00 in Helsinki is 09:00 UTC. */
	    {"2026-07-01", "12:00", INT64_C(1782896400)},
	    {"", "", 0},
	    {NULL, NULL, 0},
	    {"2026-11-22", "", -2},
	    {"2026-11-22", NULL, -2},
	    {"", "14:05", -1},
	    {"2026-11-31", "14:05", -1},
	    {"2026-02-29", "14:05", -1},
	    {"tomorrow", "14:05", -1},
	    {"2026-11-22", "24:00", -2},
	    {"2026-11-22", "14:60", -2},
	    {"2026-11-22", "2 pm", -2},
	    {"2026-11-22", "-1:00", -2},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t got =
		    tender_deadline_parse(cases[i].date, cases[i].clock);
		if (got != cases[i].want)
			printf("# case %zu: got %lld, want %lld\n", i,
			    (long long)got, (long long)cases[i].want);
		CHECK(got == cases[i].want);
	}
}

struct iso_case {
	const char *in;
	int rc;
	const char *out;
};

TEST(date_iso_table)
{
	static const struct iso_case cases[] = {
	    {"2027-01-01", 0, "2027-01-01"},
	    {"1.1.2027", 0, "2027-01-01"},
	    {"31.12.2028", 0, "2028-12-31"},
	    {"29.2.2028", 0, "2028-02-29"},
	    {"", 0, ""},
	    {NULL, 0, ""},
	    {"29.2.2027", -1, ""},
	    {"2027-13-01", -1, ""},
	    {"2027-1-1x", -1, ""},
	    {"1.1.27", -1, ""},
	    {"<script>", -1, ""},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		char out[11] = "junk";
		CHECK(tender_date_iso(cases[i].in, out) == cases[i].rc);
		CHECK_STR(out, cases[i].out);
	}
}

int main(void)
{
	i18n_init("/nonexistent");
	RUN(lot_check_table);
	RUN(publish_good_tender_has_no_problems);
	RUN(publish_one_problem_each);
	RUN(publish_no_bids_deadline_is_one_problem);
	RUN(publish_lot_problems_name_the_lot);
	RUN(publish_reports_every_problem_at_once);
	RUN(amend_table);
	RUN(deadline_parse_table);
	RUN(date_iso_table);
	return TEST_END();
}
