/* report.h: the numbers of the reports (issue 6), with no HTTP in them.
 *
 * Four reports over what the portal already holds:
 *
 * - Volume: clients and realised days in a date range by provider,
 *   service type, municipality, form or month, in the shape of the 2019
 *   table of seed 003. A realised day is an attendance row with status
 *   'present' whose day is in the range; a client (placements.client_ref)
 *   counts in a group when they have at least one realised day there in
 *   the range. The total's client count is the number of distinct
 *   clients overall, so a client in two groups counts once in it and the
 *   total is not the sum of the rows. Service type, municipality and form
 *   are the place's; form is the place's form ('both' is shown as
 *   "Individual or group"). By month every month of the range has a row,
 *   empty months with zeros.
 * - Outcomes: placements ended (status 'ended') with an end date in the
 *   range, counted by outcome in the fixed order of placement.h, each
 *   with its share of all the endings (per mille, rounded half up).
 * - Occupancy on a day: the places in the catalogue that day with their
 *   capacity, the placements active that day and the free places
 *   (capacity minus active, never below 0 for a place), by municipality,
 *   service type or both. A place is in the catalogue on day d when its
 *   contract is active, ended or terminated and in force on d (start
 *   date ≤ d ≤ end date, and not ended or terminated by d), the place was
 *   created by d and it was not closed by d (a closed place's last update
 *   is when it was closed). A placement is active on d when it is active
 *   or ended, started on or before d and had not ended before d.
 *   Placements still waiting for the provider are not counted.
 * - Spending: approved invoices of the months in a range (by the month
 *   invoiced), net of approved credit notes, in days and cents, against
 *   the contracts' estimate, by month, provider or service type. A
 *   contract's estimate is its lot's estimated days per year shared
 *   equally by the lot's contracts (every one not in draft), spread over
 *   the days the contract is in force (a year = 365 days), times the
 *   contract's daily price; directly awarded contracts have no lot and so
 *   no estimate.
 *
 * Who sees what (struct report_scope): everything for administrators,
 * officers and finance; a provider only its own organisation's
 * placements, places and invoices; a caseworker only the placements its
 * organisation made (the volume and outcomes), while the catalogue
 * (occupancy) is the whole buyer's, as in the catalogue search.
 *
 * Dates are 'YYYY-MM-DD', months 'YYYY-MM'. Results are in arena memory;
 * the functions return 0, or -1 on a database error or an arithmetic
 * overflow. */
#ifndef PAIKKA_REPORT_H
#define PAIKKA_REPORT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "paikka/arena.h"
#include "paikka/calendar.h"
#include "paikka/i18n.h"

/* The longest range a report takes: ten years of months. */
#define REPORT_MONTHS_MAX 120

enum report_scope_kind {
	REPORT_ALL = 0,
	REPORT_PROVIDER = 1,   /* org is the provider */
	REPORT_CASEWORKER = 2, /* org is the placing organisation */
};

struct report_scope {
	enum report_scope_kind kind;
	int64_t org; /* -1 matches nothing (a user without organisation) */
};

enum report_group {
	REPORT_BY_PROVIDER,
	REPORT_BY_SERVICE,
	REPORT_BY_MUNICIPALITY,
	REPORT_BY_FORM,
	REPORT_BY_MONTH,
	REPORT_BY_MUNI_SERVICE, /* occupancy only: both */
	REPORT_GROUP__MAX
};

/* The form value of a group ("provider", "service", "municipality",
 * "form", "month", "both") and back; REPORT_GROUP__MAX when unknown. */
const char *report_group_code(enum report_group g);
enum report_group report_group_from_code(const char *s);
/* The English label of a group for the select, a message id. */
const char *report_group_label(enum report_group g);
/* The English label of a place's form code ("individual", "group",
 * "both"), a message id; NULL when unknown. */
const char *report_form_label(const char *form);

/* One group of a report. label2 is the service type when grouped by
 * municipality and service type, else NULL. For REPORT_BY_FORM the label
 * is the form code (see report_form_label). */
struct report_row {
	const char *key;
	const char *label;
	const char *label2;
	int64_t clients, days;              /* volume */
	int64_t capacity, active, free;     /* occupancy */
	int64_t cents, est_days, est_cents; /* spending (days: invoiced) */
};

struct report_table {
	struct report_row *rows;
	size_t n;
	struct report_row total; /* label NULL */
};

/* --- pure helpers ------------------------------------------------------ */

/* The months "YYYY-MM" from the month of from to the month of to (both
 * included) into months (at most max of them, 8 bytes each). Returns how
 * many, or -1 when a date is not valid, to is before from or there are
 * more than max. */
int report_months(const char *from, const char *to, char (*months)[8], int max);
/* part / total in per mille, rounded half up; 0 when total is 0. */
int report_share_x10(int64_t part, int64_t total);
/* The estimate of a contract for in_force days: est_year days a year
 * shared by share contracts, at price cents a day: *days =
 * round(est_year × in_force / (share × 365)) and *cents the same times
 * price. 0, or -1 on overflow or when share < 1 or a value is negative. */
int report_estimate(int64_t est_year, int64_t share, int64_t in_force,
    int64_t price, int64_t *days, int64_t *cents);
/* The days of first..last (inclusive) that fall in from..to; 0 when they
 * do not meet. All four must be valid dates. */
int64_t report_overlap_days(struct cal_date first, struct cal_date last,
    struct cal_date from, struct cal_date to);
/* An integer with thousands grouped: "26 695" (fi, sv: a no-break
 * space), "26,695" (en). Returns dst. */
char *report_fmt_count(char *dst, size_t n, int64_t v, enum lang l);
/* A share in per mille as a percentage with one decimal: "12,5 %" (fi,
 * sv, with a no-break space), "12.5%" (en). Returns dst. */
char *report_fmt_share(char *dst, size_t n, int share_x10, enum lang l);
/* The same for CSV: "12,5" (decimal comma, no sign). */
char *report_csv_share(char *dst, size_t n, int share_x10);

/* --- the reports ------------------------------------------------------- */

/* Volume from..to grouped by g (not REPORT_BY_MUNI_SERVICE). Service
 * type and municipality labels in language l. */
int report_volume(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *from, const char *to,
    enum report_group g, struct report_table *out);

/* Endings from..to of provider (0: every provider) by outcome: counts[i]
 * for placement_outcome_code(i), *total their sum. counts has
 * placement_outcome_count() elements. */
int report_outcomes(sqlite3 *db, const struct report_scope *s, const char *from,
    const char *to, int64_t provider, int64_t *counts, int64_t *total);

/* Occupancy on day grouped by REPORT_BY_MUNICIPALITY, REPORT_BY_SERVICE
 * or REPORT_BY_MUNI_SERVICE. */
int report_occupancy(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *day, enum report_group g,
    struct report_table *out);

/* Spending in the months of from..to grouped by REPORT_BY_MONTH (every
 * month a row), REPORT_BY_PROVIDER or REPORT_BY_SERVICE. */
int report_spending(sqlite3 *db, struct arena *a, enum lang l,
    const struct report_scope *s, const char *from, const char *to,
    enum report_group g, struct report_table *out);

#endif
