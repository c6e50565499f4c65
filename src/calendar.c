/* calendar.c: Finnish calendar rules over plain dates.
 *
 * Day numbers use Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html), which are exact
 * for the proleptic Gregorian calendar. Holidays are computed from Easter
 * (the anonymous Gregorian computus, Meeus) and from "the weekday between"
 * rules. Nothing here allocates or touches globals. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "paikka/calendar.h"

#ifndef N_
#define N_(s) (s) /* a message id for xgettext; translated by the caller */
#endif

#define STANDSTILL_DAYS_MAX 366

static const struct cal_date no_date = {0, 0, 0};

/* Returns a mod b in 0..b-1 for any sign of a (b > 0). */
static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

/* Returns a / b rounded towards minus infinity (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	return (a - floor_mod(a, b)) / b;
}

/* The public functions below are documented in calendar.h. */
int cal_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
	static const int days[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && cal_is_leap(y) ? 29 : days[m - 1];
}

int cal_date_valid(int y, int m, int d)
{
	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return 0;
	return d >= 1 && d <= cal_days_in_month(y, m);
}

/* Years run March to February here, so the leap day ends the year and the
 * day of the year has a closed form; eras are 400-year cycles. */
int64_t cal_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400; /* 0..399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */

	return era * 146097 + doe - 719468;
}

struct cal_date cal_civil_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct cal_date r;

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

struct cal_date cal_add_days(int y, int m, int d, int64_t n)
{
	return cal_civil_from_days(cal_days_from_civil(y, m, d) + n);
}

/* Returns the ISO weekday (Monday 1 .. Sunday 7) of day number days;
 * day 0, 1970-01-01, was a Thursday. */
static int weekday_of(int64_t days)
{
	return (int)floor_mod(days + 3, 7) + 1;
}

int cal_weekday(int y, int m, int d)
{
	return weekday_of(cal_days_from_civil(y, m, d));
}

/* A week belongs to the year holding its Thursday; week 1 is the one
 * holding the year's first Thursday. */
int cal_iso_week(int y, int m, int d, int *iso_year)
{
	int64_t days = cal_days_from_civil(y, m, d);
	int64_t thursday = days - weekday_of(days) + 4;
	struct cal_date t = cal_civil_from_days(thursday);

	if (iso_year != NULL)
		*iso_year = t.y;
	return (int)((thursday - cal_days_from_civil(t.y, 1, 1)) / 7 + 1);
}

/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms):
 * a is the place in the 19-year lunar cycle, h counts days from 21 March
 * to the paschal full moon, l + 1 from it to the Sunday after; m is 1 in
 * the rare cases that would fall after 25 April, moving them a week back
 * (the church's April 19 and 18 exceptions). */
struct cal_date cal_easter_sunday(int y)
{
	int a = y % 19, b = y / 100, c = y % 100;
	int dd = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - dd - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;
	struct cal_date r = {y, n / 31, n % 31 + 1};

	return r;
}

/* Returns the day number of the first day with ISO weekday wd on or after
 * y-m-d: "the Saturday between 20 and 26 June" is the first Saturday on or
 * after 20 June. */
static int64_t weekday_on_or_after(int y, int m, int d, int wd)
{
	int64_t days = cal_days_from_civil(y, m, d);

	return days + floor_mod(wd - weekday_of(days), 7);
}

/* Returns the day number of holiday h (a valid code) in year y; easter is
 * the day number of that year's Easter Sunday. */
static int64_t holiday_days(int y, enum cal_holiday h, int64_t easter)
{
	switch (h) {
	case CAL_NEW_YEARS_DAY:
		return cal_days_from_civil(y, 1, 1);
	case CAL_EPIPHANY:
		return cal_days_from_civil(y, 1, 6);
	case CAL_GOOD_FRIDAY:
		return easter - 2;
	case CAL_EASTER_SUNDAY:
		return easter;
	case CAL_EASTER_MONDAY:
		return easter + 1;
	case CAL_MAY_DAY:
		return cal_days_from_civil(y, 5, 1);
	case CAL_ASCENSION_DAY:
		return easter + 39;
	case CAL_WHITSUN:
		return easter + 49;
	case CAL_MIDSUMMER_EVE:
		return weekday_on_or_after(y, 6, 19, 5);
	case CAL_MIDSUMMER_DAY:
		return weekday_on_or_after(y, 6, 20, 6);
	case CAL_ALL_SAINTS_DAY:
		return weekday_on_or_after(y, 10, 31, 6);
	case CAL_INDEPENDENCE_DAY:
		return cal_days_from_civil(y, 12, 6);
	case CAL_CHRISTMAS_EVE:
		return cal_days_from_civil(y, 12, 24);
	case CAL_CHRISTMAS_DAY:
		return cal_days_from_civil(y, 12, 25);
	default:
		return cal_days_from_civil(y, 12, 26); /* CAL_BOXING_DAY */
	}
}

/* Returns the day number of Easter Sunday of year y. */
static int64_t easter_days(int y)
{
	struct cal_date e = cal_easter_sunday(y);

	return cal_days_from_civil(e.y, e.m, e.d);
}

struct cal_date cal_holiday_date(int y, enum cal_holiday h)
{
	if (h <= CAL_NOT_HOLIDAY || h >= CAL_HOLIDAY__MAX)
		return no_date;
	return cal_civil_from_days(holiday_days(y, h, easter_days(y)));
}

enum cal_holiday cal_finnish_holiday(int y, int m, int d)
{
	int64_t days, easter;

	if (m < 1 || m > 12 || d < 1 || d > cal_days_in_month(y, m))
		return CAL_NOT_HOLIDAY;
	/* The last year's holidays are kept: invoice warnings ask for every
	 * recorded day, thousands of times per page, mostly in one year. A
	 * worker is one thread. */
	static int year = -1;
	static int64_t at[CAL_HOLIDAY__MAX];
	if (y != year) {
		easter = easter_days(y);
		for (int h = CAL_NEW_YEARS_DAY; h < CAL_HOLIDAY__MAX; h++)
			at[h] = holiday_days(y, (enum cal_holiday)h, easter);
		year = y;
	}
	days = cal_days_from_civil(y, m, d);
	for (int h = CAL_NEW_YEARS_DAY; h < CAL_HOLIDAY__MAX; h++)
		if (at[h] == days)
			return (enum cal_holiday)h;
	return CAL_NOT_HOLIDAY;
}

const char *cal_holiday_name(enum cal_holiday h)
{
	static const char *const names[CAL_HOLIDAY__MAX] = {
	    [CAL_NEW_YEARS_DAY] = N_("New Year's Day"),
	    [CAL_EPIPHANY] = N_("Epiphany"),
	    [CAL_GOOD_FRIDAY] = N_("Good Friday"),
	    [CAL_EASTER_SUNDAY] = N_("Easter Sunday"),
	    [CAL_EASTER_MONDAY] = N_("Easter Monday"),
	    [CAL_MAY_DAY] = N_("May Day"),
	    [CAL_ASCENSION_DAY] = N_("Ascension Day"),
	    [CAL_WHITSUN] = N_("Whitsun"),
	    [CAL_MIDSUMMER_EVE] = N_("Midsummer Eve"),
	    [CAL_MIDSUMMER_DAY] = N_("Midsummer Day"),
	    [CAL_ALL_SAINTS_DAY] = N_("All Saints' Day"),
	    [CAL_INDEPENDENCE_DAY] = N_("Independence Day"),
	    [CAL_CHRISTMAS_EVE] = N_("Christmas Eve"),
	    [CAL_CHRISTMAS_DAY] = N_("Christmas Day"),
	    [CAL_BOXING_DAY] = N_("Boxing Day"),
	};

	if (h <= CAL_NOT_HOLIDAY || h >= CAL_HOLIDAY__MAX)
		return NULL;
	return names[h];
}

int cal_is_working_day(int y, int m, int d)
{
	return cal_weekday(y, m, d) <= 5 &&
	       cal_finnish_holiday(y, m, d) == CAL_NOT_HOLIDAY;
}

/* Terminates: the longest run of non-working days is five (Christmas
 * Eve on a Wednesday to Sunday). */
struct cal_date cal_next_working_day(int y, int m, int d)
{
	struct cal_date t = {y, m, d};

	while (!cal_is_working_day(t.y, t.m, t.d))
		t = cal_add_days(t.y, t.m, t.d, 1);
	return t;
}

struct cal_date cal_standstill_end(int y, int m, int d, int days)
{
	struct cal_date end;

	if (!cal_date_valid(y, m, d) || days < 0 || days > STANDSTILL_DAYS_MAX)
		return no_date;
	end = cal_add_days(y, m, d, days);
	return cal_next_working_day(end.y, end.m, end.d);
}

/* Returns 1 when s[0..n) are all ASCII digits, with their value in *v. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

int cal_parse_iso(const char *s, struct cal_date *out)
{
	struct cal_date t;

	/* strnlen: a long input is refused without reading all of it. */
	if (s == NULL || strnlen(s, CAL_ISO_LEN) != CAL_ISO_LEN - 1 ||
	    s[4] != '-' || s[7] != '-' || !digits(s, 4, &t.y) ||
	    !digits(s + 5, 2, &t.m) || !digits(s + 8, 2, &t.d) ||
	    !cal_date_valid(t.y, t.m, t.d))
		return 0;
	if (out != NULL)
		*out = t;
	return 1;
}

char *cal_format_iso(char *dst, size_t n, struct cal_date date)
{
	if (dst == NULL || n == 0)
		return dst;
	dst[0] = '\0';
	if (n < CAL_ISO_LEN || date.y < 0 || date.y > 9999 || date.d < 1 ||
	    date.d > cal_days_in_month(date.y, date.m))
		return dst;
	snprintf(dst, n, "%04d-%02d-%02d", date.y, date.m, date.d);
	return dst;
}
