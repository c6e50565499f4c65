/* test_contract.c: the rules of a contract: statuses and their names,
 * which step is allowed from which status, typed dates, periods,
 * extensions, ending, signing dates, prices, capacities, the daily price
 * of a contract from an awarded lot, and form labels. */
#include <stdint.h>
#include <string.h>

#include "paikka/contract.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

TEST(status_names)
{
	static const char *const names[] = {
	    "draft", "signed", "active", "ended", "terminated"};
	for (int i = 0; i < CONTRACT_STATUS__MAX; i++) {
		CHECK_STR(contract_status_name(i), names[i]);
		CHECK((int)contract_status_from_name(names[i]) == i);
		CHECK(contract_status_label(i) != NULL);
	}
	CHECK(contract_status_from_name(NULL) == CONTRACT_STATUS__MAX);
	CHECK(contract_status_from_name("") == CONTRACT_STATUS__MAX);
	CHECK(contract_status_from_name("Draft") == CONTRACT_STATUS__MAX);
	CHECK(contract_status_from_name("draft ") == CONTRACT_STATUS__MAX);
	CHECK(contract_status_name(CONTRACT_STATUS__MAX) == NULL);
	CHECK(contract_status_label(CONTRACT_STATUS__MAX) == NULL);
	CHECK_STR(contract_status_label(CONTRACT_TERMINATED), "Terminated");
}

/* The whole table: every status against every action. */
TEST(transitions)
{
	enum {
		D = CONTRACT_DRAFT,
		S = CONTRACT_SIGNED,
		A = CONTRACT_ACTIVE,
		E = CONTRACT_ENDED,
		T = CONTRACT_TERMINATED,
		X = CONTRACT_STATUS__MAX
	};
	/* rows: statuses; columns: sign, activate, extend, end, terminate */
	static const int want[5][5] = {
	    /* draft */ {S, X, X, X, T},
	    /* signed */ {X, A, S, X, T},
	    /* active */ {X, X, A, E, T},
	    /* ended */ {X, X, X, X, X},
	    /* terminated */ {X, X, X, X, X},
	};
	for (int s = 0; s < 5; s++)
		for (int a = 0; a < 5; a++) {
			enum contract_status got = contract_action_result(s, a);
			if ((int)got != want[s][a])
				printf("# status %d action %d: %d, want %d\n",
				    s, a, got, want[s][a]);
			CHECK((int)got == want[s][a]);
			CHECK(
			    contract_action_allowed(s, a) == (want[s][a] != X));
		}
	CHECK(!contract_action_allowed(CONTRACT_STATUS__MAX, CONTRACT_SIGN));
	CHECK(!contract_action_allowed(CONTRACT_DRAFT, 99));
	CHECK(!contract_action_allowed(-1, CONTRACT_SIGN));
}

TEST(dates_read)
{
	static const struct {
		const char *s;
		enum contract_date_err want;
		const char *iso;
	} cases[] = {
	    {"2026-11-22", CONTRACT_DATE_OK, "2026-11-22"},
	    {"22.11.2026", CONTRACT_DATE_OK, "2026-11-22"},
	    {"1.1.2027", CONTRACT_DATE_OK, "2027-01-01"},
	    {"29.2.2028", CONTRACT_DATE_OK, "2028-02-29"},
	    {"", CONTRACT_DATE_EMPTY, ""},
	    {NULL, CONTRACT_DATE_EMPTY, ""},
	    {"29.2.2027", CONTRACT_DATE_BAD, ""},
	    {"31.4.2027", CONTRACT_DATE_BAD, ""},
	    {"2026-13-01", CONTRACT_DATE_BAD, ""},
	    {"abc", CONTRACT_DATE_BAD, ""},
	    {"22.11.", CONTRACT_DATE_BAD, ""},
	    {"1.1.1800", CONTRACT_DATE_BAD, ""},
	    {"2026-11-22x", CONTRACT_DATE_BAD, ""},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		char out[CAL_ISO_LEN] = "junk";
		CHECK(contract_date_read(cases[i].s, out) == cases[i].want);
		CHECK_STR(out, cases[i].iso);
	}
}

TEST(periods)
{
	CHECK(contract_period_check("2026-01-01", "2026-12-31") ==
	      CONTRACT_PERIOD_OK);
	CHECK(contract_period_check("2026-01-01", "2026-01-01") ==
	      CONTRACT_PERIOD_OK);
	CHECK(contract_period_check("2026-12-31", "2026-01-01") ==
	      CONTRACT_PERIOD_ORDER);
	CHECK(contract_period_check("", "2026-01-01") == CONTRACT_PERIOD_START);
	CHECK(
	    contract_period_check(NULL, "2026-01-01") == CONTRACT_PERIOD_START);
	CHECK(contract_period_check("2026-01-01", "") == CONTRACT_PERIOD_END);
	CHECK(contract_period_check("2026-01-01", "31.12.2026") ==
	      CONTRACT_PERIOD_END);
	CHECK(contract_period_check("2026-02-30", "2026-12-31") ==
	      CONTRACT_PERIOD_START);
	/* Years compare as dates across the turn of a century. */
	CHECK(contract_period_check("1999-12-31", "2000-01-01") ==
	      CONTRACT_PERIOD_OK);
}

TEST(extensions)
{
	CHECK(contract_extend_check("2026-12-31", "2027-12-31") ==
	      CONTRACT_EXTEND_OK);
	CHECK(contract_extend_check("2026-12-31", "2027-01-01") ==
	      CONTRACT_EXTEND_OK);
	CHECK(contract_extend_check("2026-12-31", "2026-12-31") ==
	      CONTRACT_EXTEND_NOT_LATER);
	CHECK(contract_extend_check("2026-12-31", "2026-06-30") ==
	      CONTRACT_EXTEND_NOT_LATER);
	CHECK(contract_extend_check("2026-12-31", "") == CONTRACT_EXTEND_BAD);
	CHECK(contract_extend_check("2026-12-31", NULL) == CONTRACT_EXTEND_BAD);
	CHECK(contract_extend_check("2026-12-31", "2027-02-29") ==
	      CONTRACT_EXTEND_BAD);
	/* A stored end that is not a date is never extended. */
	CHECK(contract_extend_check("", "2027-12-31") ==
	      CONTRACT_EXTEND_NOT_LATER);
}

TEST(ending_and_signing)
{
	CHECK(contract_may_end("2026-12-31", "2026-12-31"));
	CHECK(contract_may_end("2026-12-31", "2027-01-05"));
	CHECK(!contract_may_end("2026-12-31", "2026-12-30"));
	CHECK(!contract_may_end("", "2026-12-30"));
	CHECK(!contract_may_end("2026-12-31", "bad"));
	CHECK(contract_signed_date_ok("2026-11-22", "2026-11-22"));
	CHECK(contract_signed_date_ok("2025-01-01", "2026-11-22"));
	CHECK(!contract_signed_date_ok("2026-11-23", "2026-11-22"));
	CHECK(!contract_signed_date_ok("", "2026-11-22"));
	CHECK(!contract_signed_date_ok(NULL, "2026-11-22"));
	CHECK(!contract_signed_date_ok("2026-11-22", NULL));
}

TEST(prices)
{
	static const struct {
		const char *s;
		enum contract_num_err want;
		int64_t cents;
	} cases[] = {
	    {"24,50", CONTRACT_NUM_OK, 2450},
	    {"24.5", CONTRACT_NUM_OK, 2450},
	    {"10,09", CONTRACT_NUM_OK, 1009},
	    {"0,01", CONTRACT_NUM_OK, 1},
	    {"10000", CONTRACT_NUM_OK, 1000000},
	    {"", CONTRACT_NUM_EMPTY, 0},
	    {NULL, CONTRACT_NUM_EMPTY, 0},
	    {"abc", CONTRACT_NUM_FORMAT, 0},
	    {"12,345", CONTRACT_NUM_FORMAT, 0},
	    {"1e3", CONTRACT_NUM_FORMAT, 0},
	    {"-", CONTRACT_NUM_FORMAT, 0},
	    {"--1", CONTRACT_NUM_FORMAT, 0},
	    {"-1", CONTRACT_NUM_RANGE, 0},
	    {"-0,5", CONTRACT_NUM_RANGE, 0},
	    {"0", CONTRACT_NUM_RANGE, 0},
	    {"0,00", CONTRACT_NUM_RANGE, 0},
	    {"10000,01", CONTRACT_NUM_RANGE, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t c = 77;
		enum contract_num_err e = contract_price_read(cases[i].s, &c);
		if (e != cases[i].want)
			printf("# \"%s\": %d, want %d\n",
			    cases[i].s ? cases[i].s : "(null)", e,
			    cases[i].want);
		CHECK(e == cases[i].want);
		CHECK(c == (e == CONTRACT_NUM_OK ? cases[i].cents : 77));
	}
}

TEST(capacities)
{
	static const struct {
		const char *s;
		enum contract_num_err want;
		int64_t n;
	} cases[] = {
	    {"0", CONTRACT_NUM_OK, 0},
	    {"8", CONTRACT_NUM_OK, 8},
	    {"10000", CONTRACT_NUM_OK, 10000},
	    {"", CONTRACT_NUM_EMPTY, 0},
	    {NULL, CONTRACT_NUM_EMPTY, 0},
	    {"x", CONTRACT_NUM_FORMAT, 0},
	    {"1.5", CONTRACT_NUM_FORMAT, 0},
	    {"5 ", CONTRACT_NUM_FORMAT, 0},
	    {"99999999999999999999", CONTRACT_NUM_FORMAT, 0},
	    {"-1", CONTRACT_NUM_RANGE, 0},
	    {"10001", CONTRACT_NUM_RANGE, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t n = 77;
		enum contract_num_err e =
		    contract_capacity_read(cases[i].s, &n);
		CHECK(e == cases[i].want);
		CHECK(n == (e == CONTRACT_NUM_OK ? cases[i].n : 77));
	}
}

TEST(daily_price)
{
	/* The demo's lot 11 (fixed 10,09 €) and lot 12 (bid prices). */
	CHECK(contract_daily_price("fixed", 1009, 1009) == 1009);
	CHECK(contract_daily_price("fixed", 1009, 950) == 1009);
	CHECK(contract_daily_price("bid", 0, 2450) == 2450);
	CHECK(contract_daily_price("bid", 3500, 2890) == 2890);
	CHECK(contract_daily_price("fixed", 0, 2450) == 0);
	CHECK(contract_daily_price("bid", 1009, 0) == 0);
	CHECK(contract_daily_price("bid", 1009, -5) == 0);
	CHECK(contract_daily_price("other", 1009, 2450) == 0);
	CHECK(contract_daily_price(NULL, 1009, 2450) == 0);
}

TEST(form_labels)
{
	CHECK_STR(contract_form_label("individual"), "Individual");
	CHECK_STR(contract_form_label("group"), "Group");
	CHECK_STR(contract_form_label("both"), "Individual or group");
	CHECK(contract_form_label("") == NULL);
	CHECK(contract_form_label(NULL) == NULL);
	CHECK(contract_form_label("Group") == NULL);
}

int main(void)
{
	RUN(status_names);
	RUN(transitions);
	RUN(dates_read);
	RUN(periods);
	RUN(extensions);
	RUN(ending_and_signing);
	RUN(prices);
	RUN(capacities);
	RUN(daily_price);
	RUN(form_labels);
	return TEST_END();
}
