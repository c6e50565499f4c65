/* award.h: the rules of evaluation and the award decision beyond
 * scoring.h (points, ranking) and calendar.h (working days), with no HTTP
 * in them: reading the points an evaluator typed, the Helsinki date of an
 * instant, the standstill period of a decision and when a lot is ready
 * for contracts, one CSV field, and the default appeal instructions.
 *
 * Times are UTC seconds; dates are Europe/Helsinki calendar dates, so
 * the process must run with TZ=Europe/Helsinki (i18n_init sets it). */
#ifndef PAIKKA_AWARD_H
#define PAIKKA_AWARD_H

#include <stdint.h>

#include "paikka/calendar.h"
#include "paikka/i18n.h"

struct buf;

/* Why typed quality points were not accepted. */
enum award_points_err {
	AWARD_POINTS_OK = 0,
	AWARD_POINTS_EMPTY,  /* nothing typed */
	AWARD_POINTS_FORMAT, /* not a number with at most two decimals */
	AWARD_POINTS_RANGE,  /* negative, or above the criterion's maximum */
};

/* Reads points typed as "12", "12,5", "12.25" (',' or '.', at most two
 * decimals, no sign, no spaces) for a criterion worth max_points (1..100)
 * into *x100 (hundredths: "12,5" is 1250). A leading '-' followed by a
 * number is AWARD_POINTS_RANGE, so "-3" is reported as out of range
 * rather than as garbage. *x100 is set only on AWARD_POINTS_OK. */
enum award_points_err award_parse_points(
    const char *s, int max_points, int64_t *x100);

/* The Europe/Helsinki calendar date of instant t. */
struct cal_date award_helsinki_date(int64_t t);

/* The last day of the standstill period of a decision sent at instant
 * decided: days days after its Helsinki date, moved to the next working
 * day when that is a Saturday, Sunday or Finnish holiday
 * (cal_standstill_end). {0, 0, 0} when days is not 0..366. */
struct cal_date award_standstill_end(int64_t decided, int days);

/* 1 when a lot whose standstill period ends on standstill_end
 * ("YYYY-MM-DD") is ready for contracts at instant now: the period has
 * run out, i.e. the Helsinki date of now is after that day. 0 before and
 * on the last day, and when standstill_end is not a date. */
int award_ready_for_contracts(const char *standstill_end, int64_t now);

/* Appends s as one CSV field: quoted (with "" for ") when it holds ';',
 * '"', CR or LF; prefixed with ' when it starts with = + - @ TAB or CR,
 * so a spreadsheet never takes a bidder's name for a formula. Numbers
 * the portal writes itself go in as they are (use buf_puts). */
void award_csv_field(struct buf *out, const char *s);

/* The default appeal instructions (hankintaoikaisu and valitus
 * markkinaoikeuteen) in Swedish for LANG_SV, else in Finnish: used when
 * the administrator has not configured settings.appeal_instructions_fi
 * or _sv. Static storage. */
const char *award_appeal_default(enum lang l);

#endif
