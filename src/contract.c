/* contract.c: the rules of a framework contract (see contract.h). */
#include <string.h>

#include "paikka/contract.h"
#include "paikka/i18n.h"
#include "paikka/valid.h"

static const struct {
	const char *name;
	const char *label;
} statuses[CONTRACT_STATUS__MAX] = {
    [CONTRACT_DRAFT] = {"draft", N_("Draft")},
    [CONTRACT_SIGNED] = {"signed", N_("Signed")},
    [CONTRACT_ACTIVE] = {"active", N_("Active")},
    [CONTRACT_ENDED] = {"ended", N_("Ended")},
    [CONTRACT_TERMINATED] = {"terminated", N_("Terminated")},
};

const char *contract_status_name(enum contract_status s)
{
	return (unsigned)s < CONTRACT_STATUS__MAX ? statuses[s].name : NULL;
}

enum contract_status contract_status_from_name(const char *s)
{
	for (int i = 0; s && i < CONTRACT_STATUS__MAX; i++)
		if (strcmp(statuses[i].name, s) == 0)
			return (enum contract_status)i;
	return CONTRACT_STATUS__MAX;
}

const char *contract_status_label(enum contract_status s)
{
	return (unsigned)s < CONTRACT_STATUS__MAX ? statuses[s].label : NULL;
}

/* Bit sets of the statuses each action starts from. */
#define FROM(s) (1u << (s))
static const unsigned action_from[] = {
    [CONTRACT_SIGN] = FROM(CONTRACT_DRAFT),
    [CONTRACT_ACTIVATE] = FROM(CONTRACT_SIGNED),
    [CONTRACT_EXTEND] = FROM(CONTRACT_SIGNED) | FROM(CONTRACT_ACTIVE),
    [CONTRACT_END] = FROM(CONTRACT_ACTIVE),
    /* A draft the provider never signs, or a signed contract that never
     * starts, is closed by terminating it with the reason. */
    [CONTRACT_TERMINATE] =
        FROM(CONTRACT_DRAFT) | FROM(CONTRACT_SIGNED) | FROM(CONTRACT_ACTIVE),
};

int contract_action_allowed(enum contract_status s, enum contract_action a)
{
	if ((unsigned)s >= CONTRACT_STATUS__MAX ||
	    (unsigned)a >= sizeof(action_from) / sizeof(action_from[0]))
		return 0;
	return (action_from[a] & FROM(s)) != 0;
}

enum contract_status contract_action_result(
    enum contract_status s, enum contract_action a)
{
	if (!contract_action_allowed(s, a))
		return CONTRACT_STATUS__MAX;
	switch (a) {
	case CONTRACT_SIGN:
		return CONTRACT_SIGNED;
	case CONTRACT_ACTIVATE:
		return CONTRACT_ACTIVE;
	case CONTRACT_EXTEND:
		return s;
	case CONTRACT_END:
		return CONTRACT_ENDED;
	case CONTRACT_TERMINATE:
		return CONTRACT_TERMINATED;
	}
	return CONTRACT_STATUS__MAX;
}

enum contract_date_err contract_date_read(const char *s, char out[CAL_ISO_LEN])
{
	int y, m, d;
	out[0] = '\0';
	if (s == NULL || *s == '\0')
		return CONTRACT_DATE_EMPTY;
	if (!valid_date(s, &y, &m, &d) || !cal_date_valid(y, m, d))
		return CONTRACT_DATE_BAD;
	cal_format_iso(out, CAL_ISO_LEN, (struct cal_date){y, m, d});
	return out[0] ? CONTRACT_DATE_OK : CONTRACT_DATE_BAD;
}

/* 1 when s is exactly a real "YYYY-MM-DD" date. */
static int is_iso(const char *s)
{
	return s != NULL && cal_parse_iso(s, NULL);
}

enum contract_period_err contract_period_check(
    const char *start, const char *end)
{
	if (!is_iso(start))
		return CONTRACT_PERIOD_START;
	if (!is_iso(end))
		return CONTRACT_PERIOD_END;
	if (strcmp(end, start) < 0)
		return CONTRACT_PERIOD_ORDER;
	return CONTRACT_PERIOD_OK;
}

enum contract_extend_err contract_extend_check(
    const char *old_end, const char *new_end)
{
	if (!is_iso(new_end))
		return CONTRACT_EXTEND_BAD;
	/* A stored end that is somehow not a date cannot be compared:
	 * refuse rather than guess. */
	if (!is_iso(old_end) || strcmp(new_end, old_end) <= 0)
		return CONTRACT_EXTEND_NOT_LATER;
	return CONTRACT_EXTEND_OK;
}

int contract_may_end(const char *end_date, const char *today)
{
	return is_iso(end_date) && is_iso(today) &&
	       strcmp(today, end_date) >= 0;
}

int contract_signed_date_ok(const char *signed_date, const char *today)
{
	return is_iso(signed_date) && is_iso(today) &&
	       strcmp(signed_date, today) <= 0;
}

/* A daily price above this is a typing error, not a price. */
#define PRICE_MAX_CENTS (10000 * 100)

enum contract_num_err contract_price_read(const char *s, int64_t *cents)
{
	int64_t c;
	if (s == NULL || *s == '\0')
		return CONTRACT_NUM_EMPTY;
	if (s[0] == '-')
		return valid_cents(s + 1, &c) ? CONTRACT_NUM_RANGE
		                              : CONTRACT_NUM_FORMAT;
	if (!valid_cents(s, &c))
		return CONTRACT_NUM_FORMAT;
	if (c <= 0 || c > PRICE_MAX_CENTS)
		return CONTRACT_NUM_RANGE;
	*cents = c;
	return CONTRACT_NUM_OK;
}

enum contract_num_err contract_capacity_read(const char *s, int64_t *out)
{
	int64_t n;
	if (s == NULL || *s == '\0')
		return CONTRACT_NUM_EMPTY;
	/* valid_int bounds the value, so "99999999999999999999" is a
	 * format error rather than an overflow. */
	if (!valid_int(s, -1000000000, 1000000000, &n))
		return CONTRACT_NUM_FORMAT;
	if (n < 0 || n > CONTRACT_CAPACITY_MAX)
		return CONTRACT_NUM_RANGE;
	*out = n;
	return CONTRACT_NUM_OK;
}

int64_t contract_daily_price(
    const char *pricing, int64_t fixed_price_cents, int64_t bid_price_cents)
{
	int64_t p;
	if (pricing && strcmp(pricing, "fixed") == 0)
		p = fixed_price_cents;
	else if (pricing && strcmp(pricing, "bid") == 0)
		p = bid_price_cents;
	else
		return 0;
	return p > 0 ? p : 0;
}

const char *contract_form_label(const char *form)
{
	if (form == NULL)
		return NULL;
	if (strcmp(form, "individual") == 0)
		return N_("Individual");
	if (strcmp(form, "group") == 0)
		return N_("Group");
	if (strcmp(form, "both") == 0)
		return N_("Individual or group");
	return NULL;
}
