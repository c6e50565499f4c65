/* test_award.c: typed quality points, Helsinki dates, the standstill
 * period's end and readiness for contracts, CSV fields, the default
 * appeal instructions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paikka/arena.h"
#include "paikka/award.h"
#include "paikka/i18n.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

TEST(points_good)
{
	static const struct {
		const char *s;
		int max;
		int64_t want;
	} cases[] = {
	    {"0", 60, 0},
	    {"45", 60, 4500},
	    {"12,5", 60, 1250},
	    {"12.5", 60, 1250},
	    {"12,25", 60, 1225},
	    {"0,01", 1, 1},
	    {"60", 60, 6000},
	    {"60,00", 60, 6000},
	    {"100", 100, 10000},
	    {"007", 30, 700},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t x = -1;
		CHECK(award_parse_points(cases[i].s, cases[i].max, &x) ==
		      AWARD_POINTS_OK);
		CHECK(x == cases[i].want);
	}
}

TEST(points_bad)
{
	static const struct {
		const char *s;
		int max;
		enum award_points_err want;
	} cases[] = {
	    {"", 60, AWARD_POINTS_EMPTY},
	    {NULL, 60, AWARD_POINTS_EMPTY},
	    {"abc", 60, AWARD_POINTS_FORMAT},
	    {"12,345", 60, AWARD_POINTS_FORMAT},
	    {"12,", 60, AWARD_POINTS_FORMAT},
	    {",5", 60, AWARD_POINTS_FORMAT},
	    {"1e2", 60, AWARD_POINTS_FORMAT},
	    {" 12", 60, AWARD_POINTS_FORMAT},
	    {"12 ", 60, AWARD_POINTS_FORMAT},
	    {"+5", 60, AWARD_POINTS_FORMAT},
	    {"1 000", 60, AWARD_POINTS_FORMAT},
	    {"--5", 60, AWARD_POINTS_FORMAT},
	    {"-", 60, AWARD_POINTS_FORMAT},
	    {"-abc", 60, AWARD_POINTS_FORMAT},
	    {"-5", 60, AWARD_POINTS_RANGE},
	    {"-0,5", 60, AWARD_POINTS_RANGE},
	    {"60,01", 60, AWARD_POINTS_RANGE},
	    {"61", 60, AWARD_POINTS_RANGE},
	    {"99999999999999", 60, AWARD_POINTS_FORMAT},
	    {"1000000000", 100, AWARD_POINTS_RANGE},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t x = 77;
		enum award_points_err e =
		    award_parse_points(cases[i].s, cases[i].max, &x);
		if (e != cases[i].want)
			printf("# \"%s\": %d, want %d\n",
			    cases[i].s ? cases[i].s : "(null)", e,
			    cases[i].want);
		CHECK(e == cases[i].want);
		CHECK(x == 77); /* untouched on error */
	}
}

/* UTC seconds of y-m-d h:min UTC. */
static int64_t utc(int y, int m, int d, int h, int min)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	return (int64_t)timegm(&tm);
}

static int date_is(struct cal_date d, int y, int m, int day)
{
	return d.y == y && d.m == m && d.d == day;
}

TEST(helsinki_date_around_midnight)
{
	/* Winter: UTC+2. 21:59 UTC is 23:59 in Helsinki, 22:00 UTC the
	 * next day. */
	CHECK(date_is(
	    award_helsinki_date(utc(2026, 12, 9, 21, 59)), 2026, 12, 9));
	CHECK(date_is(
	    award_helsinki_date(utc(2026, 12, 9, 22, 0)), 2026, 12, 10));
	/* Summer: UTC+3. */
	CHECK(date_is(
	    award_helsinki_date(utc(2026, 6, 30, 20, 59)), 2026, 6, 30));
	CHECK(
	    date_is(award_helsinki_date(utc(2026, 6, 30, 21, 0)), 2026, 7, 1));
}

TEST(standstill_plain_working_day)
{
	/* Wednesday 2.12.2026 + 14 = Wednesday 16.12.2026. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 2, 10, 0), 14), 2026, 12, 16));
}

TEST(standstill_weekend_moves_to_monday)
{
	/* Saturday 28.11.2026 + 14 = Saturday 12.12.2026 → Monday 14.12. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 11, 28, 12, 0), 14), 2026, 12, 14));
	/* Sunday 29.11.2026 + 14 = Sunday 13.12.2026 → Monday 14.12. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 11, 29, 12, 0), 14), 2026, 12, 14));
}

TEST(standstill_christmas)
{
	/* Thursday 10.12.2026 + 14 = Christmas Eve (Thu) → Christmas Day,
	 * Boxing Day (Sat), Sunday → Monday 28.12.2026. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 10, 10, 0), 14), 2026, 12, 28));
	/* Decided late on 9.12. in Helsinki but 10.12. UTC is still the
	 * 10th in Helsinki; 21:30 UTC on the 9th is 23:30 on the 9th. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 9, 21, 30), 14), 2026, 12, 23));
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 9, 22, 30), 14), 2026, 12, 28));
}

TEST(standstill_other_lengths)
{
	/* 21 days from Friday 4.12.2026 is Friday 25.12. → Monday 28.12. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 4, 10, 0), 21), 2026, 12, 28));
	/* Midsummer 2027: Eve Fri 25.6., Day Sat 26.6. 11.6.2027 (Fri) + 14
	 * → Mon 28.6. */
	CHECK(date_is(
	    award_standstill_end(utc(2027, 6, 11, 9, 0), 14), 2027, 6, 28));
	/* Out of range days. */
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 4, 10, 0), 367), 0, 0, 0));
	CHECK(date_is(
	    award_standstill_end(utc(2026, 12, 4, 10, 0), -1), 0, 0, 0));
}

TEST(ready_for_contracts)
{
	/* Standstill ends on 14.12.2026: not ready on that day (Helsinki),
	 * ready from 15.12. 00:00 Helsinki = 14.12. 22:00 UTC. */
	CHECK(
	    !award_ready_for_contracts("2026-12-14", utc(2026, 12, 14, 12, 0)));
	CHECK(!award_ready_for_contracts(
	    "2026-12-14", utc(2026, 12, 14, 21, 59)));
	CHECK(
	    award_ready_for_contracts("2026-12-14", utc(2026, 12, 14, 22, 0)));
	CHECK(award_ready_for_contracts("2026-12-14", utc(2027, 1, 1, 0, 0)));
	CHECK(
	    !award_ready_for_contracts("2026-12-14", utc(2026, 11, 28, 0, 0)));
	CHECK(!award_ready_for_contracts("", utc(2030, 1, 1, 0, 0)));
	CHECK(!award_ready_for_contracts(NULL, utc(2030, 1, 1, 0, 0)));
	CHECK(!award_ready_for_contracts("14.12.2026", utc(2030, 1, 1, 0, 0)));
	CHECK(!award_ready_for_contracts("2026-02-30", utc(2030, 1, 1, 0, 0)));
}

/* award_csv_field of s, as a C string the caller frees. */
static char *csv(const char *s)
{
	struct buf b;
	buf_init(&b);
	award_csv_field(&b, s);
	char *out = strdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

TEST(csv_fields)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"Puutyöpaja Kanerva ry", "Puutyöpaja Kanerva ry"},
	    {"", ""},
	    {"a;b", "\"a;b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
	    {"=1+1", "'=1+1"},
	    {"+358 40", "'+358 40"},
	    {"-5", "'-5"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\tx", "'\tx"},
	    {"a=b", "a=b"},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		char *got = csv(cases[i].in);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
	struct buf b;
	buf_init(&b);
	award_csv_field(&b, NULL);
	CHECK(b.len == 0);
	buf_free(&b);
}

TEST(appeal_defaults)
{
	const char *fi = award_appeal_default(LANG_FI);
	const char *sv = award_appeal_default(LANG_SV);
	CHECK(strstr(fi, "Hankintaoikaisu") != NULL);
	CHECK(strstr(fi, "markkinaoikeu") != NULL);
	CHECK(strstr(fi, "14 päivän kuluessa") != NULL);
	CHECK(strstr(sv, "Upphandlingsrättelse") != NULL);
	CHECK(strstr(sv, "marknadsdomstolen") != NULL);
	CHECK(strstr(sv, "14 dagar") != NULL);
	CHECK(award_appeal_default(LANG_EN) == fi);
	CHECK(fi != sv);
}

int main(void)
{
	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
	RUN(points_good);
	RUN(points_bad);
	RUN(helsinki_date_around_midnight);
	RUN(standstill_plain_working_day);
	RUN(standstill_weekend_moves_to_monday);
	RUN(standstill_christmas);
	RUN(standstill_other_lengths);
	RUN(ready_for_contracts);
	RUN(csv_fields);
	RUN(appeal_defaults);
	return TEST_END();
}
