/* placement.h: the rules of a client placement, with no HTTP in them:
 * the client reference, decision periods counted in months (with
 * month-end clamping), the two-year rule for 12-month renewals, the
 * planned weekdays and hours, the dates a caseworker may enter, the fixed
 * list of outcomes and the status names.
 *
 * A decision period runs from its start date to its end date, both
 * included: a 3-month period starting 1.1.2026 ends 31.3.2026, i.e. on
 * start + 3 months - 1 day. A renewal starts the day after the period it
 * follows. Weekdays are bit sets as in the places table: Monday = 1 ...
 * Sunday = 64. Dates are plain calendar dates (calendar.h); "today" is
 * the caller's Europe/Helsinki date. Nothing here allocates. */
#ifndef PAIKKA_PLACEMENT_H
#define PAIKKA_PLACEMENT_H

#include <stddef.h>

#include "paikka/calendar.h"

#define PLACEMENT_REF_MAX 32
#define PLACEMENT_NAME_MAX 200
#define PLACEMENT_REASON_MAX 2000
#define PLACEMENT_MONTHS_MIN 3
#define PLACEMENT_MONTHS_MAX 12
/* A 12-month renewal needs this many months in the service. */
#define PLACEMENT_LONG_AFTER_MONTHS 24
#define PLACEMENT_DAYS_MAX 4
#define PLACEMENT_HOURS_MIN 4
#define PLACEMENT_HOURS_MAX 6
/* How far from today a first period may start. */
#define PLACEMENT_START_PAST_DAYS 30
#define PLACEMENT_START_AHEAD_MONTHS 6
/* How long before the start the first decision may be made. */
#define PLACEMENT_DECISION_BEFORE_MONTHS 6

/* 1 when s is a client number of the county's client system: 1 to 32
 * ASCII letters and digits, nothing else (no spaces, no ä). */
int placement_client_ref_ok(const char *s);

/* d plus months calendar months (months may be negative); when the day
 * does not exist in the target month it becomes that month's last day
 * (31.1. + 1 month = 28.2., or 29.2. in a leap year). */
struct cal_date placement_add_months(struct cal_date d, int months);
/* The last day of a period of months months starting on start: start +
 * months months - 1 day (1.1. + 3 → 31.3.; 31.1. + 1 → 27.2.). */
struct cal_date placement_period_end(struct cal_date start, int months);
/* -1, 0 or 1 as a is before, on or after b. */
int placement_date_cmp(struct cal_date a, struct cal_date b);

/* Why the end of a first decision period was not accepted. */
enum placement_end_err {
	PLACEMENT_END_OK = 0,
	PLACEMENT_END_BEFORE, /* before the start */
	PLACEMENT_END_SHORT,  /* shorter than 3 months */
	PLACEMENT_END_LONG,   /* longer than 12 months */
};
/* The first period may end on placement_period_end(start, 3) at the
 * earliest and on placement_period_end(start, 12) at the latest. */
enum placement_end_err placement_first_end_check(
    struct cal_date start, struct cal_date end);
/* The months a period start..end is stored with: the smallest m in 3..12
 * whose period_end(start, m) is on or after end (so 1.1.-31.3. is 3 and
 * 1.1.-1.4. is 4). 0 when end is not within the first-period limits. */
int placement_period_months(struct cal_date start, struct cal_date end);
/* The two-year rule: 1 when a 12-month renewal starting on new_start is
 * allowed for a placement whose first period started on first_start,
 * i.e. first_start + 24 months is on or before new_start. */
int placement_long_renewal_ok(
    struct cal_date first_start, struct cal_date new_start);

/* Why a start date was not accepted. */
enum placement_start_err {
	PLACEMENT_START_OK = 0,
	PLACEMENT_START_PAST,   /* more than 30 days ago */
	PLACEMENT_START_FUTURE, /* more than 6 months ahead */
};
enum placement_start_err placement_start_check(
    struct cal_date start, struct cal_date today);

/* Why the date of a first decision was not accepted. */
enum placement_decision_err {
	PLACEMENT_DECISION_OK = 0,
	PLACEMENT_DECISION_FUTURE,      /* after today */
	PLACEMENT_DECISION_AFTER_START, /* after the start date */
	PLACEMENT_DECISION_TOO_EARLY,   /* over 6 months before the start */
};
/* A first decision is made on or before the start date, not in the
 * future and at most 6 months before the start. */
enum placement_decision_err placement_decision_check(
    struct cal_date decision, struct cal_date start, struct cal_date today);
/* A renewal decision is made during the current period or after it (a
 * late renewal), never in the future: PLACEMENT_DECISION_FUTURE, or
 * PLACEMENT_DECISION_TOO_EARLY when before the current period's start. */
enum placement_decision_err placement_renewal_decision_check(
    struct cal_date decision, struct cal_date period_start,
    struct cal_date today);

/* Why the end date of an ending was not accepted. */
enum placement_ending_err {
	PLACEMENT_ENDING_OK = 0,
	PLACEMENT_ENDING_BEFORE_START, /* before the placement's start */
	PLACEMENT_ENDING_AFTER_PERIOD, /* after the current period's end */
	PLACEMENT_ENDING_FUTURE,       /* after today (see below) */
};
/* A placement ends on a day from its start to the current period's end,
 * and not in the future: an ending is recorded when it has happened. A
 * placement that has not started yet may end on its start date. */
enum placement_ending_err placement_ending_check(struct cal_date end,
    struct cal_date start, struct cal_date period_end, struct cal_date today);

/* The weekday bit of ISO day 1 (Monday) .. 7 (Sunday); 0 otherwise. */
unsigned placement_weekday_bit(int iso_day);
/* The form value of ISO day 1..7 ("mon" .. "sun", as on the place
 * form); NULL otherwise. */
const char *placement_weekday_code(int iso_day);
/* The ISO day (1..7) of a form value "mon" .. "sun"; 0 otherwise. */
int placement_weekday_from_code(const char *code);
/* The number of days in a weekday bit set (bits above Sunday ignored). */
int placement_weekday_count(unsigned days);
/* The English name of ISO day 1..7 ("Monday"), a message id for _();
 * NULL otherwise. Static storage. */
const char *placement_weekday_name(int iso_day);

enum placement_days_err {
	PLACEMENT_DAYS_OK = 0,
	PLACEMENT_DAYS_NONE,        /* no day chosen */
	PLACEMENT_DAYS_TOO_MANY,    /* more than 4 */
	PLACEMENT_DAYS_NOT_OFFERED, /* a day the place does not take */
};
/* A placement has 1 to 4 days a week, all of them days the place takes
 * clients (place_days). A value with bits outside Monday..Sunday is
 * PLACEMENT_DAYS_NOT_OFFERED. */
enum placement_days_err placement_weekdays_check(
    unsigned days, unsigned place_days);
/* 1 when hours is 4..6 and within the place's min..max. */
int placement_hours_ok(int hours, int place_min, int place_max);

/* The outcomes of an ended placement, in the order they are offered:
 * the codes of the placements.outcome CHECK. */
size_t placement_outcome_count(void);
/* The code of outcome i, NULL when i is out of range. */
const char *placement_outcome_code(size_t i);
/* The English label of an outcome code (a message id for _()), NULL when
 * code is not an outcome. Static storage. */
const char *placement_outcome_label(const char *code);

/* The English label of a placement status ("proposed" → "Waiting for
 * the provider"), a message id for _(); NULL for an unknown status. */
const char *placement_status_label(const char *status);

#endif
