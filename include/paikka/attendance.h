/* attendance.h: realised days, with no HTTP in them: the status words,
 * reading an uploaded CSV file, the per-row error rules and the warnings
 * computed over a set of recorded days.
 *
 * A CSV file is UTF-8 (an optional BOM), ';' or ',' as the delimiter
 * (whichever the header row uses), RFC 4180 quoting ("" inside quotes is
 * one "), CRLF or LF line ends. Its header is client_ref;date;status with
 * an optional fourth column hours. Dates are "2026-05-14" or "14.5.2026";
 * statuses present/absent or läsnä/poissa in any case. Every string
 * returned lives in the caller's arena. */
#ifndef PAIKKA_ATTENDANCE_H
#define PAIKKA_ATTENDANCE_H

#include <stddef.h>
#include <stdint.h>

#include "paikka/calendar.h"

struct arena;

#define ATT_HOURS_MIN 1
#define ATT_HOURS_MAX 24
/* Hours outside this range (when given) are a warning. */
#define ATT_HOURS_WARN_MIN 4
#define ATT_HOURS_WARN_MAX 6
/* Data rows in one uploaded file. */
#define ATT_CSV_MAX_ROWS 20000
/* Errors listed for one file; the rest are counted. */
#define ATT_CSV_MAX_ERRORS 200

enum att_status {
	ATT_NONE = 0,
	ATT_PRESENT,
	ATT_ABSENT_SICK,
	ATT_ABSENT_OTHER,
};

/* The database code ("present", "absent_sick", "absent_other") of s, or
 * "" for ATT_NONE. Static storage. */
const char *att_status_code(enum att_status s);
/* The status of a database code; ATT_NONE for anything else (also ""). */
enum att_status att_status_from_code(const char *code);
/* The English label of a status ("Absent, sick"), a message id for _();
 * "" for ATT_NONE. */
const char *att_status_label(enum att_status s);
/* The status of a CSV word: present, absent, läsnä, poissa in any case
 * (ASCII letters and Ä/ä), surrounding spaces ignored. absent and poissa
 * are ATT_ABSENT_OTHER. ATT_NONE when it is none of these. */
enum att_status att_status_from_word(const char *s);

/* Why a row (or a file) was refused. */
enum att_err {
	ATT_OK = 0,
	ATT_E_REF,       /* no placement of this provider has the client_ref */
	ATT_E_DATE,      /* not a date, or a date that does not exist */
	ATT_E_STATUS,    /* not one of the status words */
	ATT_E_HOURS,     /* hours not an integer 1-24 */
	ATT_E_PERIOD,    /* outside the placement's period */
	ATT_E_CONTRACT,  /* the contract is not in force on the date */
	ATT_E_LOCKED,    /* the month's invoice is already approved */
	ATT_E_COLUMNS,   /* a row with too few or too many fields */
	ATT_E_DUPLICATE, /* the same client and date twice in one file */
	/* file-level */
	ATT_E_EMPTY,    /* no bytes, or nothing but a BOM and blank lines */
	ATT_E_ENCODING, /* not UTF-8, or a NUL byte */
	ATT_E_HEADER, /* the header row is not client_ref;date;status[;hours] */
	ATT_E_QUOTE,  /* a quoted field that never ends, or text after it */
	ATT_E_TOO_MANY, /* more than ATT_CSV_MAX_ROWS rows */
	ATT_E_NO_ROWS,  /* a header and no data rows */
	ATT_E__MAX
};
/* The English message of an error, a message id for _(). Static. */
const char *att_error_message(enum att_err e);

/* Parses "YYYY-MM-DD" or "D.M.YYYY" (one or two digit day and month,
 * surrounding spaces ignored) into *out; 1 when it is a real date. */
int att_parse_date(const char *s, struct cal_date *out);
/* Hours: "" or spaces only is *out = 0 (none) and ATT_OK; an integer
 * 1-24 is ATT_OK; anything else ATT_E_HOURS. */
enum att_err att_parse_hours(const char *s, int *out);

/* One data row of a CSV file, as text; line is the row number counting
 * the header as row 1 (a quoted field over several lines counts as one
 * row). */
struct att_csv_row {
	size_t row;
	const char *client_ref;
	const char *date;
	const char *status;
	const char *hours; /* "" when the file has no hours column */
	int ncols;         /* fields this row had */
};

struct att_csv {
	char delim;    /* ';' or ',' */
	int has_hours; /* the header has the fourth column */
	struct att_csv_row *rows;
	size_t nrows;
	size_t err_row; /* for ATT_E_QUOTE: the row where it happened */
};

/* Reads a whole CSV file of n bytes into *out (arena memory). Returns
 * ATT_OK, or a file-level error: then nothing in *out is to be used
 * except err_row. Rows with the wrong number of fields are kept
 * (ncols tells); blank lines are skipped. */
enum att_err att_csv_read(
    struct arena *a, const char *data, size_t n, struct att_csv *out);

/* What the rules need of one placement; dates {0,0,0} when absent. */
struct att_placement {
	int64_t id;
	const char *client_ref;
	struct cal_date start;      /* placements.start_date */
	struct cal_date end;        /* end_date of an ended placement */
	struct cal_date period_end; /* the latest placement_periods.end_date */
	struct cal_date contract_start;
	struct cal_date contract_end;
	unsigned weekdays; /* planned days, Monday = 1 .. Sunday = 64 */
};

/* ATT_OK when day is within the placement's period (start .. end or
 * period_end, whichever is earlier; no period_end means no end), else
 * ATT_E_PERIOD; then ATT_E_CONTRACT when outside the contract's dates. */
enum att_err att_check_day(const struct att_placement *p, struct cal_date d);

/* The placement a row of client_ref on day d belongs to, among n: the one
 * with this client_ref whose period covers d; otherwise the first with
 * this client_ref (so the row gets the period error); -1 when none has
 * the client_ref (ATT_E_REF). client_ref is compared exactly, after the
 * caller trimmed it. */
long att_pick_placement(const struct att_placement *p, size_t n,
    const char *client_ref, struct cal_date d);

/* Warnings, as bits. */
enum att_warn {
	ATT_W_WEEKEND = 1 << 0, /* present on a Saturday or Sunday */
	ATT_W_HOLIDAY = 1 << 1, /* present on a Finnish public holiday */
	ATT_W_WEEK =
	    1 << 2, /* more present days in the ISO week than planned */
	ATT_W_HOURS = 1 << 3, /* hours given and outside 4-6 */
	ATT_W_SAME_CLIENT = 1
	                    << 4, /* the client present in another placement */
};
/* The English message of one warning bit, a message id for _(). */
const char *att_warn_message(enum att_warn w);

/* One recorded day, for att_warnings. */
struct att_day {
	int64_t placement_id;
	const char *client_ref;
	unsigned weekdays; /* the placement's planned days */
	struct cal_date day;
	enum att_status status;
	int hours;     /* 0 when none */
	unsigned warn; /* set by att_warnings */
};

/* The warnings of one day alone (weekend, holiday, hours). */
unsigned att_day_warnings(struct cal_date d, enum att_status s, int hours);
/* The Monday of d's ISO week. */
struct cal_date att_iso_monday(struct cal_date d);
/* Fills warn of every day in days[0..n): its own warnings, ATT_W_WEEK when
 * its placement has more present days in that ISO week (counted over
 * days: give it whole weeks) than bits in weekdays, and ATT_W_SAME_CLIENT
 * when the same client_ref is present on the same day in another
 * placement. Only present days get warnings, except ATT_W_HOURS. The
 * array is reordered. */
void att_warnings(struct att_day *days, size_t n);

#endif
