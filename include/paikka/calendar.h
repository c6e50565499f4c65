/* calendar.h: Finnish calendar rules over plain dates.
 *
 * Dates are proleptic Gregorian; a day number counts days from 1970-01-01
 * (day 0; earlier days are negative). Holidays follow the rules in force
 * since 1992 (Epiphany and Ascension on their own days, Midsummer and All
 * Saints' Day on Saturdays) for every year asked, so a 1980 answer is the
 * modern rule, not history. Dates are meant for years 1900-2200
 * (CAL_YEAR_MIN..CAL_YEAR_MAX); the arithmetic itself is exact far beyond.
 * Nothing here allocates or touches globals. */
#ifndef PAIKKA_CALENDAR_H
#define PAIKKA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2200
/* Room for "YYYY-MM-DD" and its NUL. */
#define CAL_ISO_LEN 11

/* A calendar date; {0, 0, 0} stands for "no date" in return values. */
struct cal_date {
	int y;
	int m; /* 1..12 */
	int d; /* 1..31 */
};

/* Finnish public holidays and the de facto days off (Midsummer Eve,
 * Christmas Eve), in calendar order; 0 is "not a holiday". */
enum cal_holiday {
	CAL_NOT_HOLIDAY = 0,
	CAL_NEW_YEARS_DAY,    /* 1.1. */
	CAL_EPIPHANY,         /* 6.1. */
	CAL_GOOD_FRIDAY,      /* Easter - 2 */
	CAL_EASTER_SUNDAY,    /* computus */
	CAL_EASTER_MONDAY,    /* Easter + 1 */
	CAL_MAY_DAY,          /* 1.5. */
	CAL_ASCENSION_DAY,    /* Easter + 39, a Thursday */
	CAL_WHITSUN,          /* Easter + 49, Pentecost Sunday */
	CAL_MIDSUMMER_EVE,    /* the Friday in 19.-25.6. */
	CAL_MIDSUMMER_DAY,    /* the Saturday in 20.-26.6. */
	CAL_ALL_SAINTS_DAY,   /* the Saturday in 31.10.-6.11. */
	CAL_INDEPENDENCE_DAY, /* 6.12. */
	CAL_CHRISTMAS_EVE,    /* 24.12. */
	CAL_CHRISTMAS_DAY,    /* 25.12. */
	CAL_BOXING_DAY,       /* 26.12. */
	CAL_HOLIDAY__MAX
};

/* 1 when y is a Gregorian leap year (2024 yes, 2100 no, 2000 yes). */
int cal_is_leap(int y);
/* The number of days in month m of year y (28-31), or 0 when m is not
 * 1..12. */
int cal_days_in_month(int y, int m);
/* 1 when y-m-d is a real date with y in CAL_YEAR_MIN..CAL_YEAR_MAX. */
int cal_date_valid(int y, int m, int d);

/* The day number of y-m-d (1970-01-01 is 0). The date must be real. */
int64_t cal_days_from_civil(int y, int m, int d);
/* The date of day number days; the inverse of cal_days_from_civil. */
struct cal_date cal_civil_from_days(int64_t days);
/* The date n days after y-m-d (n may be negative). */
struct cal_date cal_add_days(int y, int m, int d, int64_t n);
/* The ISO weekday of y-m-d: Monday 1 .. Sunday 7. */
int cal_weekday(int y, int m, int d);
/* The ISO 8601 week number (1..53) of y-m-d; *iso_year (may be NULL) gets
 * the year the week belongs to, which differs from y around New Year
 * (2027-01-01 is week 53 of 2026). */
int cal_iso_week(int y, int m, int d, int *iso_year);

/* The Gregorian Easter Sunday of year y (y >= 1583). */
struct cal_date cal_easter_sunday(int y);
/* The date of holiday h in year y, or {0, 0, 0} when h is not a holiday
 * code. */
struct cal_date cal_holiday_date(int y, enum cal_holiday h);
/* The holiday falling on y-m-d, or CAL_NOT_HOLIDAY. When two fall on one
 * day (May Day and Ascension Day, as in 2008) the lower code wins. */
enum cal_holiday cal_finnish_holiday(int y, int m, int d);
/* The English name of h, a message id for _() ("Midsummer Eve"), or NULL
 * when h is not a holiday code. Static storage: never free it. */
const char *cal_holiday_name(enum cal_holiday h);
/* 1 when y-m-d is Monday-Friday and not a holiday as listed above (so
 * Midsummer Eve and Christmas Eve are not working days), else 0. */
int cal_is_working_day(int y, int m, int d);
/* The first working day on or after y-m-d. */
struct cal_date cal_next_working_day(int y, int m, int d);
/* The end of a standstill period: the date days days after the decision
 * date y-m-d (the day the decision is sent), moved to the next working day
 * when it falls on a Saturday, Sunday or holiday. Returns {0, 0, 0} when
 * the decision date is not valid or days is not 0..366. */
struct cal_date cal_standstill_end(int y, int m, int d, int days);

/* Parses exactly "YYYY-MM-DD" into *out (may be NULL); returns 1 when it
 * is a valid date (cal_date_valid), else 0 and *out untouched. */
int cal_parse_iso(const char *s, struct cal_date *out);
/* Writes "YYYY-MM-DD" into dst (n bytes, at least CAL_ISO_LEN) and returns
 * dst; dst gets "" when date is not a real date with year 0..9999 or n is
 * too small. */
char *cal_format_iso(char *dst, size_t n, struct cal_date date);

#endif
