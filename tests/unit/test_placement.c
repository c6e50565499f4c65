/* test_placement.c: tables of good and bad inputs for the placement rules:
 * month arithmetic with month-end clamping and leap years, first-period
 * limits, the two-year rule, dates a caseworker may enter, weekdays,
 * hours, client references, outcomes. */
#include <stdint.h>
#include <string.h>

#include "paikka/placement.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct cal_date D(int y, int m, int d) {
	struct cal_date x = {y, m, d};
	return x;
}

static int
same(struct cal_date a, struct cal_date b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

TEST(add_months_table)
{
	static const struct {
		struct cal_date from;
		int months;
		struct cal_date want;
	} t[] = {
	    {{2026, 1, 15}, 1, {2026, 2, 15}},
	    {{2026, 1, 31}, 1, {2026, 2, 28}}, /* clamped */
	    {{2024, 1, 31}, 1, {2024, 2, 29}}, /* leap year */
	    {{2100, 1, 31}, 1, {2100, 2, 28}}, /* 2100 is no leap year */
	    {{2000, 1, 31}, 1, {2000, 2, 29}}, /* 2000 is */
	    {{2026, 3, 31}, 1, {2026, 4, 30}}, /* 30-day month */
	    {{2026, 1, 31}, 3, {2026, 4, 30}},
	    {{2026, 11, 30}, 3, {2027, 2, 28}}, /* over the year */
	    {{2026, 12, 31}, 2, {2027, 2, 28}},
	    {{2027, 12, 31}, 2, {2028, 2, 29}},
	    {{2024, 2, 29}, 12, {2025, 2, 28}},
	    {{2024, 2, 29}, 48, {2028, 2, 29}},
	    {{2026, 5, 14}, 0, {2026, 5, 14}},
	    {{2026, 3, 31}, -1, {2026, 2, 28}}, /* backwards too */
	    {{2026, 1, 15}, -1, {2025, 12, 15}},
	    {{2026, 6, 30}, -6, {2025, 12, 30}},
	    {{2026, 1, 1}, 24, {2028, 1, 1}},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		struct cal_date got =
		    placement_add_months(t[i].from, t[i].months);
		if (!same(got, t[i].want))
			printf("# row %zu: got %d-%d-%d\n", i, got.y, got.m,
			    got.d);
		CHECK(same(got, t[i].want));
	}
}

TEST(period_end_table)
{
	static const struct {
		struct cal_date start;
		int months;
		struct cal_date want;
	} t[] = {
	    {{2026, 1, 1}, 3, {2026, 3, 31}},
	    {{2026, 4, 1}, 3, {2026, 6, 30}},
	    {{2026, 1, 31}, 1, {2026, 2, 27}}, /* 28.2. clamped, minus one */
	    {{2026, 1, 31}, 3, {2026, 4, 29}},
	    {{2026, 3, 1}, 3, {2026, 5, 31}},
	    {{2026, 12, 1}, 3, {2027, 2, 28}},
	    {{2027, 12, 1}, 3, {2028, 2, 29}}, /* leap February */
	    {{2026, 11, 30}, 3, {2027, 2, 27}},
	    {{2026, 1, 1}, 12, {2026, 12, 31}},
	    {{2024, 2, 29}, 12, {2025, 2, 27}},
	    {{2026, 3, 15}, 12, {2027, 3, 14}},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		struct cal_date got =
		    placement_period_end(t[i].start, t[i].months);
		if (!same(got, t[i].want))
			printf("# row %zu: got %d-%d-%d\n", i, got.y, got.m,
			    got.d);
		CHECK(same(got, t[i].want));
	}
}

TEST(periods_chain_without_gaps)
{
	/* Each renewal starts the day after the previous end; over ten
	 * years of 3-month periods no day is lost or counted twice. */
	struct cal_date start = D(2026, 1, 31);
	int64_t days = 0;
	for (int i = 0; i < 40; i++) {
		struct cal_date end = placement_period_end(start, 3);
		CHECK(placement_date_cmp(end, start) > 0);
		int64_t a = cal_days_from_civil(start.y, start.m, start.d);
		int64_t b = cal_days_from_civil(end.y, end.m, end.d);
		CHECK(b - a + 1 >= 89 && b - a + 1 <= 92);
		days += b - a + 1;
		start = cal_add_days(end.y, end.m, end.d, 1);
	}
	CHECK(days == cal_days_from_civil(start.y, start.m, start.d) -
	                  cal_days_from_civil(2026, 1, 31));
}

TEST(first_end_limits)
{
	static const struct {
		struct cal_date start, end;
		enum placement_end_err want;
		int months;
	} t[] = {
	    {{2026, 1, 1}, {2026, 3, 31}, PLACEMENT_END_OK, 3},
	    {{2026, 1, 1}, {2026, 3, 30}, PLACEMENT_END_SHORT, 0},
	    {{2026, 1, 1}, {2026, 4, 1}, PLACEMENT_END_OK, 4},
	    {{2026, 1, 1}, {2026, 4, 30}, PLACEMENT_END_OK, 4},
	    {{2026, 1, 1}, {2026, 12, 31}, PLACEMENT_END_OK, 12},
	    {{2026, 1, 1}, {2027, 1, 1}, PLACEMENT_END_LONG, 0},
	    {{2026, 1, 1}, {2026, 1, 1}, PLACEMENT_END_SHORT, 0},
	    {{2026, 1, 2}, {2026, 1, 1}, PLACEMENT_END_BEFORE, 0},
	    {{2026, 1, 2}, {2025, 12, 31}, PLACEMENT_END_BEFORE, 0},
	    {{2026, 1, 31}, {2026, 4, 29}, PLACEMENT_END_OK, 3},
	    {{2026, 1, 31}, {2026, 4, 28}, PLACEMENT_END_SHORT, 0},
	    {{2024, 2, 29}, {2025, 2, 27}, PLACEMENT_END_OK, 12},
	    {{2024, 2, 29}, {2025, 2, 28}, PLACEMENT_END_LONG, 0},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		enum placement_end_err e =
		    placement_first_end_check(t[i].start, t[i].end);
		int m = placement_period_months(t[i].start, t[i].end);
		if (e != t[i].want || m != t[i].months)
			printf("# row %zu: err %d months %d\n", i, (int)e, m);
		CHECK(e == t[i].want);
		CHECK(m == t[i].months);
	}
}

TEST(two_year_rule_boundaries)
{
	static const struct {
		struct cal_date first, next;
		int ok;
	} t[] = {
	    {{2024, 3, 1}, {2026, 3, 1}, 1},  /* exactly two years */
	    {{2024, 3, 1}, {2026, 2, 28}, 0}, /* one day short */
	    {{2024, 3, 1}, {2026, 3, 2}, 1},
	    {{2024, 2, 29}, {2026, 2, 28}, 1}, /* 29.2. + 24 = 28.2. */
	    {{2024, 2, 29}, {2026, 2, 27}, 0},
	    {{2024, 1, 31}, {2026, 1, 31}, 1},
	    {{2024, 1, 31}, {2026, 1, 30}, 0},
	    {{2026, 1, 1}, {2026, 4, 1}, 0}, /* first renewal */
	    {{2023, 12, 31}, {2025, 12, 31}, 1},
	    {{2023, 12, 31}, {2025, 12, 30}, 0},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		int ok = placement_long_renewal_ok(t[i].first, t[i].next);
		if (ok != t[i].ok)
			printf("# row %zu: got %d\n", i, ok);
		CHECK(ok == t[i].ok);
	}
}

TEST(start_dates)
{
	struct cal_date today = D(2026, 5, 14);
	CHECK(placement_start_check(today, today) == PLACEMENT_START_OK);
	CHECK(placement_start_check(D(2026, 4, 14), today) ==
	      PLACEMENT_START_OK); /* 30 days ago */
	CHECK(placement_start_check(D(2026, 4, 13), today) ==
	      PLACEMENT_START_PAST);
	CHECK(placement_start_check(D(2026, 11, 14), today) ==
	      PLACEMENT_START_OK); /* six months ahead */
	CHECK(placement_start_check(D(2026, 11, 15), today) ==
	      PLACEMENT_START_FUTURE);
	CHECK(placement_start_check(D(2027, 1, 1), today) ==
	      PLACEMENT_START_FUTURE);
}

TEST(decision_dates)
{
	struct cal_date today = D(2026, 5, 14);
	static const struct {
		struct cal_date decision, start;
		enum placement_decision_err want;
	} t[] = {
	    {{2026, 5, 14}, {2026, 6, 1}, PLACEMENT_DECISION_OK},
	    {{2026, 6, 1}, {2026, 6, 1}, PLACEMENT_DECISION_FUTURE},
	    {{2026, 5, 15}, {2026, 6, 1}, PLACEMENT_DECISION_FUTURE},
	    {{2026, 5, 2}, {2026, 5, 1}, PLACEMENT_DECISION_AFTER_START},
	    {{2026, 5, 1}, {2026, 5, 1}, PLACEMENT_DECISION_OK},
	    {{2025, 12, 1}, {2026, 6, 1}, PLACEMENT_DECISION_OK},
	    {{2025, 11, 30}, {2026, 6, 1}, PLACEMENT_DECISION_TOO_EARLY},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		enum placement_decision_err e =
		    placement_decision_check(t[i].decision, t[i].start, today);
		if (e != t[i].want)
			printf("# row %zu: got %d\n", i, (int)e);
		CHECK(e == t[i].want);
	}
	CHECK(placement_renewal_decision_check(D(2026, 5, 14), D(2026, 4, 1),
	          today) == PLACEMENT_DECISION_OK);
	CHECK(placement_renewal_decision_check(D(2026, 4, 1), D(2026, 4, 1),
	          today) == PLACEMENT_DECISION_OK);
	CHECK(placement_renewal_decision_check(D(2026, 3, 31), D(2026, 4, 1),
	          today) == PLACEMENT_DECISION_TOO_EARLY);
	CHECK(placement_renewal_decision_check(D(2026, 5, 15), D(2026, 4, 1),
	          today) == PLACEMENT_DECISION_FUTURE);
}

TEST(ending_dates)
{
	struct cal_date today = D(2026, 5, 14);
	struct cal_date start = D(2026, 4, 1), pend = D(2026, 6, 30);
	CHECK(placement_ending_check(today, start, pend, today) ==
	      PLACEMENT_ENDING_OK);
	CHECK(placement_ending_check(start, start, pend, today) ==
	      PLACEMENT_ENDING_OK);
	CHECK(placement_ending_check(D(2026, 3, 31), start, pend, today) ==
	      PLACEMENT_ENDING_BEFORE_START);
	CHECK(placement_ending_check(D(2026, 5, 15), start, pend, today) ==
	      PLACEMENT_ENDING_FUTURE);
	CHECK(placement_ending_check(D(2026, 7, 1), start, pend, today) ==
	      PLACEMENT_ENDING_AFTER_PERIOD);
	/* Not started yet: only its start date. */
	struct cal_date later = D(2026, 6, 1), lend = D(2026, 8, 31);
	CHECK(placement_ending_check(later, later, lend, today) ==
	      PLACEMENT_ENDING_OK);
	CHECK(placement_ending_check(D(2026, 6, 2), later, lend, today) ==
	      PLACEMENT_ENDING_FUTURE);
	CHECK(placement_ending_check(today, later, lend, today) ==
	      PLACEMENT_ENDING_BEFORE_START);
	/* A lapsed period: up to its end, not beyond. */
	CHECK(placement_ending_check(D(2026, 4, 30), D(2026, 1, 1),
	          D(2026, 3, 31), today) == PLACEMENT_ENDING_AFTER_PERIOD);
	CHECK(placement_ending_check(D(2026, 3, 31), D(2026, 1, 1),
	          D(2026, 3, 31), today) == PLACEMENT_ENDING_OK);
}

TEST(weekday_rules)
{
	enum { MO = 1, TU = 2, WE = 4, TH = 8, FR = 16, SA = 32, SU = 64 };
	static const struct {
		unsigned days, place;
		enum placement_days_err want;
	} t[] = {
	    {MO, MO | TU | WE | TH | FR, PLACEMENT_DAYS_OK},
	    {MO | TU | WE | TH, MO | TU | WE | TH | FR, PLACEMENT_DAYS_OK},
	    {MO | TU | WE | TH | FR, 127, PLACEMENT_DAYS_TOO_MANY},
	    {0, 127, PLACEMENT_DAYS_NONE},
	    {SA, MO | TU | WE | TH | FR, PLACEMENT_DAYS_NOT_OFFERED},
	    {MO | SU, MO | TU, PLACEMENT_DAYS_NOT_OFFERED},
	    {TU | TH, TU | TH, PLACEMENT_DAYS_OK},
	    {SA | SU, 127, PLACEMENT_DAYS_OK},
	    {128, 127, PLACEMENT_DAYS_NOT_OFFERED},
	    {MO | 256, 127, PLACEMENT_DAYS_NOT_OFFERED},
	    {127, 127, PLACEMENT_DAYS_TOO_MANY},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		enum placement_days_err e =
		    placement_weekdays_check(t[i].days, t[i].place);
		if (e != t[i].want)
			printf("# row %zu: got %d\n", i, (int)e);
		CHECK(e == t[i].want);
	}
	CHECK(placement_weekday_bit(1) == 1);
	CHECK(placement_weekday_bit(7) == 64);
	CHECK(placement_weekday_bit(0) == 0);
	CHECK(placement_weekday_bit(8) == 0);
	CHECK(placement_weekday_count(MO | WE | FR) == 3);
	CHECK(placement_weekday_count(0) == 0);
	CHECK(placement_weekday_count(127) == 7);
	CHECK_STR(placement_weekday_name(1), "Monday");
	CHECK_STR(placement_weekday_name(7), "Sunday");
	CHECK(placement_weekday_name(0) == NULL);
	CHECK(placement_weekday_name(8) == NULL);
	CHECK_STR(placement_weekday_code(1), "mon");
	CHECK_STR(placement_weekday_code(7), "sun");
	CHECK(placement_weekday_code(0) == NULL);
	CHECK(placement_weekday_from_code("wed") == 3);
	CHECK(placement_weekday_from_code("sun") == 7);
	CHECK(placement_weekday_from_code("Wed") == 0);
	CHECK(placement_weekday_from_code("3") == 0);
	CHECK(placement_weekday_from_code("") == 0);
	CHECK(placement_weekday_from_code(NULL) == 0);
}

TEST(hours_rules)
{
	CHECK(placement_hours_ok(4, 4, 6));
	CHECK(placement_hours_ok(6, 4, 6));
	CHECK(!placement_hours_ok(3, 4, 6));
	CHECK(!placement_hours_ok(7, 4, 6));
	CHECK(!placement_hours_ok(7, 4, 7)); /* the service limit wins */
	CHECK(!placement_hours_ok(4, 5, 6));
	CHECK(!placement_hours_ok(6, 4, 5));
	CHECK(placement_hours_ok(5, 5, 5));
	CHECK(!placement_hours_ok(0, 4, 6));
	CHECK(!placement_hours_ok(-5, 4, 6));
}

TEST(client_ref_table)
{
	static const struct {
		const char *s;
		int ok;
	} t[] = {
	    {"A1", 1},
	    {"1", 1},
	    {"x", 1},
	    {"ASIAKAS20260001", 1},
	    {"abcDEF123", 1},
	    {"12345678901234567890123456789012", 1},  /* 32 */
	    {"123456789012345678901234567890123", 0}, /* 33 */
	    {"", 0},
	    {"A 1", 0},
	    {" A1", 0},
	    {"A1 ", 0},
	    {"Ä1", 0},
	    {"ä", 0},
	    {"A-1", 0},
	    {"A_1", 0},
	    {"131052-308T", 0}, /* a personal identity code never fits */
	    {"A\t1", 0},
	    {"A1\n", 0},
	    {"<b>", 0},
	};
	for (size_t i = 0; i < LEN(t); i++) {
		int ok = placement_client_ref_ok(t[i].s);
		if (ok != t[i].ok)
			printf("# row %zu (%s): got %d\n", i, t[i].s, ok);
		CHECK(ok == t[i].ok);
	}
	CHECK(!placement_client_ref_ok(NULL));
}

TEST(outcomes_match_the_schema)
{
	/* The codes of the CHECK in sql/0004-contracts.sql, in order. */
	static const char *const codes[] = {"employed_open", "employed_subsidy",
	    "studies", "employment_services", "rehabilitation", "retired",
	    "other_social_service", "moved_away", "own_request", "not_reached",
	    "no_change", "other"};
	CHECK(placement_outcome_count() == LEN(codes));
	for (size_t i = 0; i < LEN(codes); i++) {
		CHECK_STR(placement_outcome_code(i), codes[i]);
		CHECK(placement_outcome_label(codes[i]) != NULL);
	}
	CHECK(placement_outcome_code(LEN(codes)) == NULL);
	CHECK(placement_outcome_label("fired") == NULL);
	CHECK(placement_outcome_label("") == NULL);
	CHECK(placement_outcome_label(NULL) == NULL);
	CHECK_STR(placement_outcome_label("employed_open"),
	    "Employed on the open labour market");
}

TEST(status_labels)
{
	CHECK(placement_status_label("proposed") != NULL);
	CHECK(placement_status_label("active") != NULL);
	CHECK(placement_status_label("declined") != NULL);
	CHECK(placement_status_label("ended") != NULL);
	CHECK(placement_status_label("draft") == NULL);
	CHECK(placement_status_label(NULL) == NULL);
}

int main(void)
{
	RUN(add_months_table);
	RUN(period_end_table);
	RUN(periods_chain_without_gaps);
	RUN(first_end_limits);
	RUN(two_year_rule_boundaries);
	RUN(start_dates);
	RUN(decision_dates);
	RUN(ending_dates);
	RUN(weekday_rules);
	RUN(hours_rules);
	RUN(client_ref_table);
	RUN(outcomes_match_the_schema);
	RUN(status_labels);
	return TEST_END();
}
