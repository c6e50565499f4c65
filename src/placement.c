/* placement.c: the rules of a client placement (see placement.h). No HTTP
 * here and no allocation. */
#include <string.h>

#include "paikka/i18n.h"
#include "paikka/placement.h"

/* The public functions below are documented in placement.h. */
int placement_client_ref_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n]; n++) {
		char c = s[n];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		         (c >= '0' && c <= '9');
		if (!ok || n >= PLACEMENT_REF_MAX)
			return 0;
	}
	return n >= 1;
}

struct cal_date placement_add_months(struct cal_date d, int months)
{
	/* Months counted from year 0 keep negative steps simple. */
	long total = (long)d.y * 12 + (d.m - 1) + months;
	long y = total >= 0 ? total / 12 : -((-total + 11) / 12);
	struct cal_date out = {(int)y, (int)(total - y * 12) + 1, d.d};
	int last = cal_days_in_month(out.y, out.m);

	if (out.d > last)
		out.d = last;
	return out;
}

struct cal_date placement_period_end(struct cal_date start, int months)
{
	struct cal_date e = placement_add_months(start, months);

	return cal_add_days(e.y, e.m, e.d, -1);
}

int placement_date_cmp(struct cal_date a, struct cal_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

enum placement_end_err placement_first_end_check(
    struct cal_date start, struct cal_date end)
{
	if (placement_date_cmp(end, start) < 0)
		return PLACEMENT_END_BEFORE;
	if (placement_date_cmp(
	        end, placement_period_end(start, PLACEMENT_MONTHS_MIN)) < 0)
		return PLACEMENT_END_SHORT;
	if (placement_date_cmp(
	        end, placement_period_end(start, PLACEMENT_MONTHS_MAX)) > 0)
		return PLACEMENT_END_LONG;
	return PLACEMENT_END_OK;
}

int placement_period_months(struct cal_date start, struct cal_date end)
{
	if (placement_first_end_check(start, end) != PLACEMENT_END_OK)
		return 0;
	for (int m = PLACEMENT_MONTHS_MIN; m <= PLACEMENT_MONTHS_MAX; m++)
		if (placement_date_cmp(placement_period_end(start, m), end) >=
		    0)
			return m;
	return 0;
}

int placement_long_renewal_ok(
    struct cal_date first_start, struct cal_date new_start)
{
	struct cal_date due =
	    placement_add_months(first_start, PLACEMENT_LONG_AFTER_MONTHS);

	return placement_date_cmp(due, new_start) <= 0;
}

enum placement_start_err placement_start_check(
    struct cal_date start, struct cal_date today)
{
	struct cal_date first =
	    cal_add_days(today.y, today.m, today.d, -PLACEMENT_START_PAST_DAYS);
	struct cal_date last =
	    placement_add_months(today, PLACEMENT_START_AHEAD_MONTHS);

	if (placement_date_cmp(start, first) < 0)
		return PLACEMENT_START_PAST;
	if (placement_date_cmp(start, last) > 0)
		return PLACEMENT_START_FUTURE;
	return PLACEMENT_START_OK;
}

enum placement_decision_err placement_decision_check(
    struct cal_date decision, struct cal_date start, struct cal_date today)
{
	if (placement_date_cmp(decision, today) > 0)
		return PLACEMENT_DECISION_FUTURE;
	if (placement_date_cmp(decision, start) > 0)
		return PLACEMENT_DECISION_AFTER_START;
	if (placement_date_cmp(
	        decision, placement_add_months(
	                      start, -PLACEMENT_DECISION_BEFORE_MONTHS)) < 0)
		return PLACEMENT_DECISION_TOO_EARLY;
	return PLACEMENT_DECISION_OK;
}

enum placement_decision_err placement_renewal_decision_check(
    struct cal_date decision, struct cal_date period_start,
    struct cal_date today)
{
	if (placement_date_cmp(decision, today) > 0)
		return PLACEMENT_DECISION_FUTURE;
	if (placement_date_cmp(decision, period_start) < 0)
		return PLACEMENT_DECISION_TOO_EARLY;
	return PLACEMENT_DECISION_OK;
}

enum placement_ending_err placement_ending_check(struct cal_date end,
    struct cal_date start, struct cal_date period_end, struct cal_date today)
{
	if (placement_date_cmp(end, start) < 0)
		return PLACEMENT_ENDING_BEFORE_START;
	if (placement_date_cmp(end, period_end) > 0)
		return PLACEMENT_ENDING_AFTER_PERIOD;
	/* Not yet started: its start day is the only possible end. */
	if (placement_date_cmp(end, today) > 0 &&
	    placement_date_cmp(end, start) != 0)
		return PLACEMENT_ENDING_FUTURE;
	return PLACEMENT_ENDING_OK;
}

unsigned placement_weekday_bit(int iso_day)
{
	return iso_day >= 1 && iso_day <= 7 ? 1u << (iso_day - 1) : 0;
}

static const char *const weekday_codes[] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun"};

const char *placement_weekday_code(int iso_day)
{
	return iso_day >= 1 && iso_day <= 7 ? weekday_codes[iso_day - 1] : NULL;
}

int placement_weekday_from_code(const char *code)
{
	for (int i = 0; code && i < 7; i++)
		if (strcmp(weekday_codes[i], code) == 0)
			return i + 1;
	return 0;
}

int placement_weekday_count(unsigned days)
{
	int n = 0;

	for (int d = 1; d <= 7; d++)
		n += (days & placement_weekday_bit(d)) != 0;
	return n;
}

static const char *const weekday_names[] = {N_("Monday"), N_("Tuesday"),
    N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
    N_("Sunday")};

const char *placement_weekday_name(int iso_day)
{
	return iso_day >= 1 && iso_day <= 7 ? weekday_names[iso_day - 1] : NULL;
}

enum placement_days_err placement_weekdays_check(
    unsigned days, unsigned place_days)
{
	if (days & ~127u)
		return PLACEMENT_DAYS_NOT_OFFERED;
	int n = placement_weekday_count(days);
	if (n == 0)
		return PLACEMENT_DAYS_NONE;
	if (n > PLACEMENT_DAYS_MAX)
		return PLACEMENT_DAYS_TOO_MANY;
	if (days & ~place_days)
		return PLACEMENT_DAYS_NOT_OFFERED;
	return PLACEMENT_DAYS_OK;
}

int placement_hours_ok(int hours, int place_min, int place_max)
{
	return hours >= PLACEMENT_HOURS_MIN && hours <= PLACEMENT_HOURS_MAX &&
	       hours >= place_min && hours <= place_max;
}

static const struct {
	const char *code;
	const char *label;
} outcomes[] = {
    {"employed_open", N_("Employed on the open labour market")},
    {"employed_subsidy", N_("Employed with pay subsidy")},
    {"studies", N_("Started studies leading to a degree")},
    {"employment_services", N_("Moved to employment services")},
    {"rehabilitation", N_("Moved to rehabilitation or medical care")},
    {"retired", N_("Retired")},
    {"other_social_service", N_("Moved to another social service")},
    {"moved_away", N_("Moved away")},
    {"own_request", N_("Ended at the client's own request")},
    {"not_reached", N_("The client could not be reached")},
    {"no_change", N_("No change in the situation")},
    {"other", N_("Other reason")},
};

size_t placement_outcome_count(void)
{
	return sizeof(outcomes) / sizeof(outcomes[0]);
}

const char *placement_outcome_code(size_t i)
{
	return i < placement_outcome_count() ? outcomes[i].code : NULL;
}

const char *placement_outcome_label(const char *code)
{
	for (size_t i = 0; code && i < placement_outcome_count(); i++)
		if (strcmp(outcomes[i].code, code) == 0)
			return outcomes[i].label;
	return NULL;
}

const char *placement_status_label(const char *status)
{
	static const struct {
		const char *code;
		const char *label;
	} st[] = {
	    {"proposed", N_("Waiting for the provider")},
	    {"active", N_("Active")},
	    {"declined", N_("Declined by the provider")},
	    {"ended", N_("Ended")},
	};
	for (size_t i = 0; status && i < sizeof(st) / sizeof(st[0]); i++)
		if (strcmp(st[i].code, status) == 0)
			return st[i].label;
	return NULL;
}
